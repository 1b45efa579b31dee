"""Writing the audit trail inside the caller's transaction.

Every create, update, delete and restore goes through an :class:`AuditWriter` bound to
the same session as the change, so the audit rows commit or roll back with it.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlmodel import Session, col, select

from coop_desktop.models import AuditAction, AuditEntry, AuditEntryRead


def to_text(value: Any) -> str | None:
    """A stable, human-readable text form of a field value for the audit trail."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


class AuditWriter:
    """Audit rows for one user action (one ``op_id``) in one session."""

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.actor = actor
        self.op_id = uuid.uuid4().hex

    def _add(self, action: AuditAction, entity: str, entity_id: int, field: str | None = None,
             old: Any = None, new: Any = None) -> None:
        self.session.add(
            AuditEntry(
                op_id=self.op_id, actor=self.actor, action=action.value, entity=entity,
                entity_id=entity_id, field=field, old_value=to_text(old), new_value=to_text(new),
            )
        )

    def created(self, entity: str, entity_id: int, values: dict[str, Any]) -> None:
        self._add(AuditAction.CREATE, entity, entity_id)
        for name, value in values.items():
            if value not in (None, "", [], ()):
                self._add(AuditAction.CREATE, entity, entity_id, name, None, value)

    def updated(self, entity: str, entity_id: int, changes: dict[str, tuple[Any, Any]]) -> None:
        for name, (old, new) in changes.items():
            self._add(AuditAction.UPDATE, entity, entity_id, name, old, new)

    def deleted(self, entity: str, entity_id: int) -> None:
        self._add(AuditAction.DELETE, entity, entity_id)

    def restored(self, entity: str, entity_id: int) -> None:
        self._add(AuditAction.RESTORE, entity, entity_id)

    def purged(self, entity: str, entity_id: int) -> None:
        """That a record was deleted for good: who, when, which record — no values."""
        self._add(AuditAction.PURGE, entity, entity_id)


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntryRead]:
    """The audit rows of one record, newest first."""
    rows = session.exec(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.id).desc())
    ).all()
    return [AuditEntryRead.model_validate(r, from_attributes=True) for r in rows]
