"""Generic record handling shared by the services: fetch, diff, soft delete, restore."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import pydantic
from sqlmodel import Session, SQLModel

from coop_desktop import limits
from coop_desktop.errors import (
    MSG_NOT_FOUND,
    EditConflict,
    FieldError,
    Message,
    NotFoundError,
    ValidationError,
)
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
    "finite_number": N_("Enter a number."),
    "date_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Enter a date as YYYY-MM-DD."),
    "enum": N_("Choose a value from the list."),
    "list_type": MSG_INVALID_VALUE,
}


def parse_input(model: type[M], data: dict[str, Any] | M) -> M:
    """Validate raw input into ``model``, turning pydantic errors into our ValidationError;
    then the input limits (``coop_desktop.limits``: lengths, ranges, characters). Ids are
    left to :func:`get_row` (an id out of range is a record that does not exist)."""
    if isinstance(data, model):
        parsed = data
    else:
        try:
            parsed = model.model_validate(data)
        except pydantic.ValidationError as exc:
            errors = []
            for err in exc.errors():
                field = str(err["loc"][0]) if err.get("loc") else "?"
                msgid = _PYDANTIC_MESSAGES.get(str(err.get("type")), MSG_INVALID_VALUE)
                errors.append(FieldError(field, Message(msgid)))
            raise ValidationError(errors) from None
    entity = limits.entity_of(model)
    if entity is not None:
        limits.enforce(entity, {k: getattr(parsed, k) for k in type(parsed).model_fields
                                if not k.endswith("_id")}, lenient=True, numbers=False)
    return parsed


def get_row(session: Session, table: type[R], row_id: int, *, deleted: bool = False) -> R:
    """The row, or NotFoundError; ``deleted=True`` wants it in the recycle bin instead."""
    if isinstance(row_id, int) and not limits.INT64_MIN <= row_id <= limits.INT64_MAX:
        raise NotFoundError(MSG_NOT_FOUND, kind=table.__tablename__, id=row_id)  # not storable
    row = session.get(table, row_id)
    in_bin = row is not None and getattr(row, "deleted_at", None) is not None
    if row is None or in_bin != deleted:
        raise NotFoundError(MSG_NOT_FOUND, kind=table.__tablename__, id=row_id)
    return row


MSG_EDIT_CONFLICT = N_("While you were editing, this record was changed elsewhere (another window, "
                      "another program or the command line). Nothing was saved.")


def _same(a: Any, b: Any) -> bool:
    if a == b:
        return True
    empty = (None, "", [], ())
    return a in empty and b in empty


def merge_edit(current: dict[str, Any], wanted: dict[str, Any], base: dict[str, Any] | None
               ) -> dict[str, Any]:
    """Three-way merge of an edit made on a copy read earlier (``base``) into the row as it
    is now (``current``): what a form or dialog sends on save.

    * a field the user left as it was read (``wanted == base``) is dropped: the row keeps
      whatever it holds now, so a change saved meanwhile by someone else survives;
    * a field the user changed is written, unless the row's value changed too, to
      something else: that is an :class:`EditConflict` (nothing written; it carries the
      first colliding field's ``mine``/``theirs``/``base`` and the names of all of them).

    ``base=None`` (callers that did not read first, the command line, undo) keeps
    ``wanted`` as it is: last writer wins, as before.
    """
    if base is None:
        return dict(wanted)
    merged: dict[str, Any] = {}
    clashes: list[str] = []
    for name, mine in wanted.items():
        if name not in base:
            merged[name] = mine
            continue
        read = base[name]
        if _same(mine, read):
            continue
        theirs = current.get(name)
        if not _same(theirs, read) and not _same(theirs, mine):
            clashes.append(name)
        merged[name] = mine
    if clashes:
        first = clashes[0]
        error = EditConflict(MSG_EDIT_CONFLICT, field=first, mine=wanted[first],
                             theirs=current.get(first), base=base[first])
        error.fields = {name: (wanted[name], current.get(name)) for name in clashes}
        raise error
    return merged


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
