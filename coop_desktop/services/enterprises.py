"""Enterprise use cases: create, update, delete/restore, get, list, search, history.

Each function opens its own transaction, validates, writes the audit trail in the same
transaction and returns detached read models (``EnterpriseRead``/``EnterpriseSummary``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from coop_desktop.db import Database
from coop_desktop.db.repositories import enterprises as repo
from coop_desktop.db.repositories import srdi_standing as standing
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.db.stopping import ReadStopped as ReadStopped  # (for the UI)
from coop_desktop.errors import ConflictError, FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    AuditEntryRead,
    Enterprise,
    EnterpriseCreate,
    EnterpriseRead,
    EnterpriseSummary,
    EnterpriseUpdate,
)
from coop_desktop.services import audit as audit_mod
from coop_desktop.services import enterprise_checks as checks
from coop_desktop.services import programmes, records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.outcome import Changes, Outcome

ENTITY = "enterprise"
MSG_DUPLICATE = N_("This USCC is already used by {name} (id {id}).")
MSG_DUPLICATE_BIN = N_("This USCC is already used by {name} (id {id}), which is in the recycle bin.")
_USER_FIELDS = tuple(EnterpriseCreate.model_fields)


@dataclass(frozen=True)
class Page:
    rows: list[EnterpriseSummary]
    next_cursor: tuple[Any, int] | None


def _check_unique(session: Session, uscc: str, own_id: int | None) -> None:
    other = repo.find_by_uscc(session, uscc)
    if other is not None and other.id != own_id:
        msgid = MSG_DUPLICATE_BIN if other.deleted_at else MSG_DUPLICATE
        raise ValidationError([FieldError("uscc", Message(msgid, {"name": other.name_zh, "id": other.id}))])


def _check_links(session: Session, values: dict[str, Any],
                 current: dict[str, Any] | None) -> None:
    """The cluster and pilot city chosen exist and are not in the recycle bin (a link the
    record already has is left alone)."""
    errors = programmes.link_errors(session, values, current)
    if errors:
        raise ValidationError(errors)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent writer got there first
        raise ConflictError(N_("The change conflicts with another record: {reason}"),
                            reason=str(exc.orig)) from exc


def create(db: Database, data: EnterpriseCreate | dict[str, Any], *, today: date | None = None
           ) -> Outcome[EnterpriseRead]:
    data = records.parse_input(EnterpriseCreate, data)
    values = checks.check(data.model_dump(), today=today or date.today())
    with db.session() as session:
        _check_unique(session, values["uscc"], None)
        _check_links(session, values, None)
        row = Enterprise(**values, **checks.derive(values))
        session.add(row)
        _flush(session)
        assert row.id is not None
        AuditWriter(session, db.actor).created(ENTITY, row.id, {k: values.get(k) for k in _USER_FIELDS})
        result = records.read(EnterpriseRead, row)
    return Outcome(result, Changes(ENTITY, (result.id,), _USER_FIELDS, "create"))


def update(db: Database, enterprise_id: int, data: EnterpriseUpdate | dict[str, Any], *,
           base: EnterpriseUpdate | dict[str, Any] | None = None,
           today: date | None = None) -> Outcome[EnterpriseRead]:
    """Change the fields set in ``data``; a field set to None is cleared.

    ``base`` is the record as the form read it: fields the user did not change keep what
    the database holds now, and a field changed both here and elsewhere since then is an
    ``EditConflict`` (see ``records.merge_edit``).
    """
    data = records.parse_input(EnterpriseUpdate, data)
    wanted = data.model_dump(exclude_unset=True)
    read = (records.parse_input(EnterpriseUpdate, base).model_dump(exclude_unset=True)
            if base is not None else None)
    with db.session() as session:
        row = records.get_row(session, Enterprise, enterprise_id)
        current = {k: getattr(row, k) for k in _USER_FIELDS}
        wanted = records.merge_edit(current, wanted, read)
        if "city_code" in wanted and wanted["city_code"] != current["city_code"]:
            current["city_zh"] = current["city_en"] = None  # re-derived from the new code
        merged = checks.check({**current, **wanted}, today=today or date.today())
        if merged["uscc"] != row.uscc:
            _check_unique(session, merged["uscc"], row.id)
        _check_links(session, merged, current)
        changes = records.apply(row, {k: merged.get(k) for k in _USER_FIELDS})
        derived = records.apply(row, checks.derive(merged))
        if changes:
            session.add(row)
            _flush(session)
            AuditWriter(session, db.actor).updated(ENTITY, enterprise_id, {
                **changes, **{k: v for k, v in derived.items() if k == "size_class"}})
        result = records.read(EnterpriseRead, row)
    return Outcome(result, Changes(ENTITY, (enterprise_id,) if changes else (), tuple(changes)))


def delete(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    """Move enterprises to the recycle bin (their titles, contacts… stay attached)."""
    with db.session() as session:
        done = records.soft_delete(session, AuditWriter(session, db.actor), Enterprise, ids)
    return Outcome(done, Changes(ENTITY, tuple(done), action="delete"))


def restore(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    with db.session() as session:
        done = records.restore(session, AuditWriter(session, db.actor), Enterprise, ids)
    return Outcome(done, Changes(ENTITY, tuple(done), action="restore"))


def get(db: Database, enterprise_id: int, *, deleted: bool = False) -> EnterpriseRead:
    with db.read() as session:
        return records.read(EnterpriseRead, records.get_row(session, Enterprise, enterprise_id,
                                                            deleted=deleted))


def get_by_uscc(db: Database, uscc: str) -> EnterpriseRead | None:
    from coop_desktop.validation import normalize_uscc

    with db.read() as session:
        row = repo.find_by_uscc(session, normalize_uscc(uscc))
        return records.read(EnterpriseRead, row) if row and row.deleted_at is None else None


def _summary(row: Enterprise) -> EnterpriseSummary:
    return records.read(EnterpriseSummary, row)


def _summaries(session: Session, rows: Iterable[Enterprise], today: date | None = None
               ) -> list[EnterpriseSummary]:
    """List rows with their highest valid SRDI title (one statement for all of them)."""
    out = [_summary(r) for r in rows]
    titles = standing.highest_titles(session, [s.id for s in out], today or date.today())
    for summary in out:
        held = titles.get(summary.id)
        if held is not None:
            summary.srdi_tier, summary.srdi_expires_on = held
    return out


def list_page(db: Database, query: EnterpriseQuery | None = None, *,
              after: tuple[Any, int] | None = None, limit: int = 100) -> Page:
    """One keyset page of the list; pass ``next_cursor`` back for the next one."""
    with db.read() as session:
        query = query or EnterpriseQuery()
        rows, cursor = repo.page(session, query, after=after, limit=limit)
        return Page(_summaries(session, rows, query.today), cursor)


def search(db: Database, text: str, *, limit: int = 50) -> list[EnterpriseSummary]:
    return list_page(db, EnterpriseQuery(text=text), limit=limit).rows


def count(db: Database, query: EnterpriseQuery | None = None, *,
          stop: Callable[[], bool] | None = None) -> int:
    """How many enterprises match; raises :class:`ReadStopped` once ``stop()`` is true."""
    with db.read() as session:
        return repo.count(session, query or EnterpriseQuery(), stop=stop)


def ids(db: Database, query: EnterpriseQuery | None = None, *,
        stop: Callable[[], bool] | None = None) -> list[int]:
    """Ordered ids of all matches — for table models that fetch rows lazily. Raises
    :class:`ReadStopped` once ``stop()`` is true (the list moved on to another query)."""
    with db.read() as session:
        return repo.ids(session, query or EnterpriseQuery(), stop=stop)


def summaries(db: Database, wanted: list[int]) -> list[EnterpriseSummary]:
    with db.read() as session:
        return _summaries(session, repo.by_ids(session, wanted))


def history(db: Database, enterprise_id: int) -> list[AuditEntryRead]:
    with db.read() as session:
        return audit_mod.history(session, ENTITY, enterprise_id)


def set_tags(db: Database, ids: Iterable[int], *, add: Iterable[str] = (),
             remove: Iterable[str] = ()) -> Outcome[list[int]]:
    """Add and/or remove tags on many enterprises in one transaction (audited per record)."""
    to_add = checks.normalise({"tags": list(add)})["tags"]
    to_remove = set(checks.normalise({"tags": list(remove)})["tags"])
    changed: list[int] = []
    with db.session() as session:
        audit = AuditWriter(session, db.actor)
        for enterprise_id in ids:
            row = records.get_row(session, Enterprise, enterprise_id)
            tags = [t for t in row.tags if t not in to_remove]
            tags += [t for t in to_add if t not in tags]
            values = {f: getattr(row, f) for f in _USER_FIELDS} | {"tags": tags}
            diff = records.apply(row, {"tags": tags, "search_tokens": checks.derive(values)["search_tokens"]})
            if "tags" in diff:
                session.add(row)
                audit.updated(ENTITY, enterprise_id, {"tags": diff["tags"]})
                changed.append(enterprise_id)
    return Outcome(changed, Changes(ENTITY, tuple(changed), ("tags",)))
