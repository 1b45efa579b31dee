"""The audit trail and small bookkeeping tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import utcnow


class AuditEntry(SQLModel, table=True):
    """One changed field of one record (or one whole-record event with ``field`` None).

    Written by the services in the same transaction as the change it describes;
    ``op_id`` groups the rows of one user action.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    op_id: str = Field(sa_type=String(32), index=True)
    at: datetime = Field(default_factory=utcnow, nullable=False)
    actor: str = Field(sa_type=String(100))
    action: str = Field(sa_type=String(10))
    entity: str = Field(sa_type=String(40))
    entity_id: int
    field: str | None = Field(default=None, sa_type=String(60))
    old_value: str | None = None
    new_value: str | None = None


class AuditEntryRead(SQLModel):
    id: int
    op_id: str
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int
    field: str | None
    old_value: str | None
    new_value: str | None


class ReferenceDataset(SQLModel, table=True):
    """Which version of each shipped dataset has been applied to this database."""

    __tablename__ = "reference_dataset"
    name: str = Field(primary_key=True, sa_type=String(40))
    version: str = Field(sa_type=String(40))
    applied_at: datetime = Field(default_factory=utcnow, nullable=False)
