"""Translation memory: zh ↔ en pairs from submitted applications and imports.

A unit is derived data (like the full-text index): it is written by
``services.tm`` and never edited. ``key`` is the SHA-256 of the normalised pair and is
unique, so storing the same pair twice keeps the first unit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import utcnow


class TmUnit(SQLModel, table=True):
    __tablename__ = "tm_unit"

    id: int | None = Field(default=None, primary_key=True)
    zh: str = Field(sa_type=Text)
    en: str = Field(sa_type=Text)
    #: SHA-256 (hex) of the normalised zh and en (``services.tm.unit_key``).
    key: str = Field(sa_type=String(64), unique=True)
    #: "application", "import" or "manual" (``services.tm.TmOrigin``).
    origin: str = Field(sa_type=String(20), sa_column_kwargs={"server_default": "manual"})
    application_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("application.id", ondelete="SET NULL"), nullable=True, index=True))
    section_key: str | None = Field(default=None, sa_type=String(60))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class TmUnitRead(SQLModel):
    id: int
    zh: str
    en: str
    origin: str
    application_id: int | None
    section_key: str | None
    created_at: datetime
