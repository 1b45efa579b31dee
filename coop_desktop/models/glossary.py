"""Termbase entries: the shipped glossary and the user's own terms."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import ReferenceOrigin, SoftDelete, Timestamps


class GlossaryTermBase(SQLModel):
    zh: str = Field(sa_type=String(200), index=True)
    en: str = Field(sa_type=String(300))
    note: str | None = None


class GlossaryTerm(GlossaryTermBase, Timestamps, SoftDelete, ReferenceOrigin, table=True):
    __tablename__ = "glossary_term"
    id: int | None = Field(default=None, primary_key=True)


class GlossaryTermCreate(GlossaryTermBase):
    pass


class GlossaryTermUpdate(SQLModel):
    zh: str | None = None
    en: str | None = None
    note: str | None = None


class GlossaryTermRead(GlossaryTermBase):
    id: int
    source_key: str | None
    user_edited: bool
    created_at: datetime
    updated_at: datetime
