"""Generic record handling shared by the services: fetch, diff, soft delete, restore."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import pydantic
from sqlmodel import Session, SQLModel

from coop_desktop.errors import MSG_NOT_FOUND, FieldError, Message, NotFoundError, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import utcnow
from coop_desktop.services.audit import AuditWriter

R = TypeVar("R", bound=SQLModel)
M = TypeVar("M", bound=SQLModel)

MSG_INVALID_VALUE = N_("This value is not valid.")
MSG_REQUIRED = N_("This field is required.")
_PYDANTIC_MESSAGES = {
    "missing": MSG_REQUIRED,
    "int_parsing": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "decimal_parsing": N_("Enter a number."),
    "date_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Enter a date as YYYY-MM-DD."),
    "enum": N_("Choose a value from the list."),
    "list_type": MSG_INVALID_VALUE,
}


def parse_input(model: type[M], data: dict[str, Any] | M) -> M:
    """Validate raw input into ``model``, turning pydantic errors into our ValidationError."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err.get("loc") else "?"
            msgid = _PYDANTIC_MESSAGES.get(str(err.get("type")), MSG_INVALID_VALUE)
            errors.append(FieldError(field, Message(msgid)))
        raise ValidationError(errors) from None


def get_row(session: Session, table: type[R], row_id: int, *, deleted: bool = False) -> R:
    """The row, or NotFoundError; ``deleted=True`` wants it in the recycle bin instead."""
    row = session.get(table, row_id)
    in_bin = row is not None and getattr(row, "deleted_at", None) is not None
    if row is None or in_bin != deleted:
        raise NotFoundError(MSG_NOT_FOUND, kind=table.__tablename__, id=row_id)
    return row


def apply(row: SQLModel, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set ``values`` on ``row``; return ``{field: (old, new)}`` for what really changed."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in values.items():
        old = getattr(row, name)
        if old != new:
            changes[name] = (old, new)
            setattr(row, name, new)
    if changes and hasattr(row, "updated_at"):
        row.updated_at = utcnow()  # type: ignore[attr-defined]
    return changes


def soft_delete(session: Session, audit: AuditWriter, table: type[R], ids: Iterable[int]) -> list[int]:
    done = []
    now = utcnow()
    for row_id in ids:
        row = get_row(session, table, row_id)
        row.deleted_at = now  # type: ignore[attr-defined]
        session.add(row)
        audit.deleted(table.__tablename__, row_id)
        done.append(row_id)
    return done


def restore(session: Session, audit: AuditWriter, table: type[R], ids: Iterable[int]) -> list[int]:
    done = []
    for row_id in ids:
        row = get_row(session, table, row_id, deleted=True)
        row.deleted_at = None  # type: ignore[attr-defined]
        session.add(row)
        audit.restored(table.__tablename__, row_id)
        done.append(row_id)
    return done


def read(model: type[M], row: SQLModel) -> M:
    return model.model_validate(row, from_attributes=True)
