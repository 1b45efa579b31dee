"""Permanent deletion ("purge") from the recycle bin — for personal data people ask to have
erased (个人信息保护法, the Personal Information Protection Law), and for a bin the user
wants empty.

Only records that are in the recycle bin can be purged. A purge takes **everything that
belongs to the record** with it, live or recycled, because none of it means anything without
its owner: an enterprise goes with its contacts, interactions, titles (and their reviews…),
yearly figures, zone links, event participations, applications (their texts, frozen
revisions, check notes, the translation-memory pairs learned from them) and attachments; an
event with its participations; a zone with its enterprise links; an application with its
texts, revisions and attachments; a title with its reviews and yearly updates; a
participation with the interaction log entry recycled with it. :func:`plan` says what would
go (the confirmation names it); :func:`purge` does it.

Refused (nothing is purged, :class:`PurgeRefusedError`): shipped reference data (it would
only come back with the next reference update), and a zone that events or applications not
being purged still name.

What stays of a purged record: one audit row per record (action ``purge``: who, when, which
kind and id), and nothing else. The record's own audit rows — whose old and new values are
the purged data (a contact's name and phone number…) — are deleted with it.

On the file: the rows are deleted with SQLite's ``secure_delete`` on (freed space is
overwritten with zeros; it is on by default in some builds, not in all) and the full-text
index of enterprise names is rewritten (``optimize``: otherwise the deleted names' trigrams
stay in older index segments). Then the file is rebuilt (``VACUUM``): copies an earlier edit
left in free space inside pages — an index entry removed when the record went to the bin, an
old phone number — go too, which ``secure_delete`` alone cannot promise for what was deleted
before it was on. Last, the write-ahead log is checkpointed and truncated. (On the 150k demo
the optimize takes ~4.5 s and the rebuild ~7 s: a purge is rare, and runs in the background.) The attachment files no other record uses
are removed from the store. Backups made earlier still hold the data until they are rotated
away; the confirmation says so.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from coop_desktop.db import Database
from coop_desktop.errors import ConflictError, Message
from coop_desktop.i18n.catalog import N_, english
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.outcome import Changes
from coop_desktop.services.recycle_bin import (
    KINDS, BinItem, Bilingual, Refusal, items as bin_items,
)

#: Every table a purge deletes from, children before their parents (the delete order).
TABLES = (
    "tm_unit", "qa_ignore", "application_section", "application_revision", "attachment",
    "event_participation", "interaction", "contact", "srdi_title_event", "srdi_title",
    "zone_link", "enterprise_year", "application", "enterprise", "event", "zone",
    "glossary_term",
)
#: Tables whose rows are told to the user (the others are parts of an application).
#: table -> (singular, plural) msgids for "with 3 contacts, 1 application…".
SHOWN: dict[str, tuple[str, str]] = {
    "contact": (N_("{count} contact"), N_("{count} contacts")),
    "interaction": (N_("{count} interaction"), N_("{count} interactions")),
    "srdi_title": (N_("{count} SRDI title"), N_("{count} SRDI titles")),
    "srdi_title_event": (N_("{count} title review or update"),
                         N_("{count} title reviews and updates")),
    "enterprise_year": (N_("{count} year of figures"), N_("{count} years of figures")),
    "zone_link": (N_("{count} enterprise–zone link"), N_("{count} enterprise–zone links")),
    "event_participation": (N_("{count} event participation"),
                            N_("{count} event participations")),
    "application": (N_("{count} application"), N_("{count} applications")),
    "attachment": (N_("{count} attachment"), N_("{count} attachments")),
    "enterprise": (N_("{count} enterprise"), N_("{count} enterprises")),
    "event": (N_("{count} event"), N_("{count} events")),
    "zone": (N_("{count} cooperation zone"), N_("{count} cooperation zones")),
    "glossary_term": (N_("{count} glossary term"), N_("{count} glossary terms")),
}

MSG_SHIPPED = N_("“{name}” is shipped reference data: it would come back with the next "
                 "reference update, so it is not purged. It stays in the recycle bin.")
MSG_ZONE_USED = N_("“{name}” is still named by {count} events or applications, so it cannot "
                   "be purged. It stays in the recycle bin.")
MSG_NOTHING = N_("Nothing selected is in the recycle bin any more.")

_IN = 500  # ids per IN (…) list (SQLite allows 32,766 parameters; keep statements small)


class PurgeRefusedError(ConflictError):
    """Nothing was purged: part of the selection cannot be (see ``refusals``)."""

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        self.refusals = tuple(refusals)
        if not self.refusals:
            raise ValueError("PurgeRefusedError needs at least one Refusal")
        self.message = Message(self.refusals[0].msgid)
        Exception.__init__(self, self.render())

    def render(self, tr: Any = None) -> str:
        return "\n".join(r.render(tr or english()) for r in self.refusals)


@dataclass(frozen=True)
class PurgePlan:
    """What a purge of ``items`` would delete.

    ``records``: every row, by table (the selection included); ``extra``: how many rows of
    each shown table go besides the selection (live ones included), for the confirmation;
    ``refusals``: why it cannot be done (empty when it can)."""

    items: tuple[BinItem, ...]
    records: dict[str, tuple[int, ...]]
    extra: dict[str, int] = field(default_factory=dict)
    refusals: tuple[Refusal, ...] = ()

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.records.values())

    def describe(self, tr: Any) -> list[str]:
        """The records that go besides the selection, one phrase per kind ("3 contacts")."""
        out = []
        for table, count in self.extra.items():
            if count and table in SHOWN:
                one, many = SHOWN[table]  # two msgids (marked with N_), English plural rule
                out.append(tr.gettext(one if count == 1 else many).format(count=count))
        return out


@dataclass(frozen=True)
class PurgeResult:
    purged: dict[str, tuple[int, ...]]
    files_removed: int
    changes: tuple[Changes, ...]
    #: False when the file could not be rebuilt (no room on the disk…): the rows are gone,
    #: but copies from earlier edits may remain in free space until the next purge.
    compacted: bool = True
    #: False when the write-ahead log could not be emptied yet (another program was
    #: reading the file); it is emptied when the database is closed.
    log_emptied: bool = True


# ------------------------------------------------------------------ what goes
def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    values = sorted(set(ids))
    for start in range(0, len(values), _IN):
        yield values[start:start + _IN]


def _ids(session: Any, sql: str, ids: Iterable[int]) -> set[int]:
    """``sql`` has ``{ids}`` where the id list goes; returns the first column's values."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        marks = ", ".join(str(int(i)) for i in chunk)  # ints only: safe to inline
        found.update(r[0] for r in session.exec(text(sql.format(ids=marks))).all())
    return found


def _closure(session: Any, chosen: dict[str, set[int]]) -> dict[str, set[int]]:
    """The selection plus everything that belongs to it (see the module docstring)."""
    got = {table: set(chosen.get(table, ())) for table in TABLES}
    ent = got["enterprise"]
    if ent:
        for table in ("contact", "interaction", "srdi_title", "zone_link", "event_participation",
                      "application", "attachment", "enterprise_year"):
            got[table] |= _ids(session, f"SELECT id FROM {table} WHERE enterprise_id IN ({{ids}})",
                               ent)
    if got["zone"]:
        got["zone_link"] |= _ids(session, "SELECT id FROM zone_link WHERE zone_id IN ({ids})",
                                 got["zone"])
    if got["event"]:
        got["event_participation"] |= _ids(
            session, "SELECT id FROM event_participation WHERE event_id IN ({ids})", got["event"])
    if got["event_participation"]:  # the log entry recycled with a participation
        got["interaction"] |= _ids(
            session, "SELECT i.id FROM event_participation p JOIN interaction i"
            " ON i.id = p.interaction_id WHERE i.deleted_at IS NOT NULL AND p.id IN ({ids})",
            got["event_participation"])
    apps = got["application"]
    if apps:
        got["attachment"] |= _ids(
            session, "SELECT id FROM attachment WHERE application_id IN ({ids})", apps)
        for table in ("application_section", "application_revision", "qa_ignore", "tm_unit"):
            got[table] |= _ids(
                session, f"SELECT id FROM {table} WHERE application_id IN ({{ids}})", apps)
    if got["srdi_title"]:
        got["srdi_title_event"] |= _ids(
            session, "SELECT id FROM srdi_title_event WHERE title_id IN ({ids})",
            got["srdi_title"])
    return got


def _refusals(session: Any, chosen: list[BinItem], got: dict[str, set[int]]) -> list[Refusal]:
    refusals: list[Refusal] = []
    shipped = {kind: _ids(session, f"SELECT id FROM {kind} WHERE source_key IS NOT NULL"
                          " AND id IN ({ids})", [i.id for i in chosen if i.kind == kind])
               for kind in ("zone", "glossary_term")}
    for item in chosen:
        if item.id in shipped.get(item.kind, set()):
            refusals.append(Refusal(item, MSG_SHIPPED, {"name": item.label}))
    zones = got["zone"]
    if zones:
        users: dict[int, int] = {}
        for table in ("event", "application"):
            for chunk in _chunks(zones):
                rows = session.exec(text(
                    f"SELECT zone_id, id FROM {table} WHERE zone_id IN "
                    f"({', '.join(str(i) for i in chunk)})")).all()
                for zone_id, row_id in rows:
                    if row_id not in got[table]:
                        users[zone_id] = users.get(zone_id, 0) + 1
        for item in chosen:
            if item.kind == "zone" and users.get(item.id):
                refusals.append(Refusal(item, MSG_ZONE_USED,
                                        {"name": item.label,
                                         "count": Bilingual(str(users[item.id]),
                                                            str(users[item.id]))}))
    return refusals


def _plan(session: Any, chosen: list[BinItem]) -> PurgePlan:
    wanted: dict[str, set[int]] = {}
    for item in chosen:
        wanted.setdefault(item.kind, set()).add(item.id)
    got = _closure(session, wanted)
    extra = {table: len(got[table] - wanted.get(table, set())) for table in SHOWN}
    return PurgePlan(items=tuple(chosen),
                     records={t: tuple(sorted(ids)) for t, ids in got.items() if ids},
                     extra={t: n for t, n in extra.items() if n},
                     refusals=tuple(_refusals(session, chosen, got)))


def _chosen(db: Database, wanted: Iterable[BinItem | tuple[str, int]]) -> list[BinItem]:
    keys = {w.key if isinstance(w, BinItem) else (w[0], int(w[1])) for w in wanted}
    unknown = {k for k, _i in keys if k not in KINDS}
    if unknown:
        raise ValueError(f"not a recycle-bin kind: {sorted(unknown)}")
    return [item for item in bin_items(db) if item.key in keys]


def plan(db: Database, wanted: Iterable[BinItem | tuple[str, int]]) -> PurgePlan:
    """What purging ``wanted`` would delete (items no longer in the bin are dropped).
    Writes nothing."""
    chosen = _chosen(db, wanted)
    with db.read() as session:
        return _plan(session, chosen)


# ------------------------------------------------------------------ purging
def _delete(session: Any, table: str, ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        session.exec(text(f"DELETE FROM {table} WHERE id IN ({', '.join(map(str, chunk))})"))


def _unfrozen_revisions(session: Any) -> list[str]:
    """Drop the triggers that keep frozen application revisions from being deleted (in
    this transaction only); returns their SQL, to put them back before the commit."""
    rows = session.exec(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND tbl_name = 'application_revision' AND sql LIKE '%BEFORE DELETE%'")).all()
    for name, _sql in rows:
        session.exec(text(f'DROP TRIGGER "{name}"'))
    return [sql for _name, sql in rows]


def purge(db: Database, wanted: Iterable[BinItem | tuple[str, int]]) -> PurgeResult:
    """Delete the selection and everything that belongs to it for good (module docstring).

    Raises :class:`PurgeRefusedError` (purging nothing) when part of the selection cannot be
    purged, ``NotFoundError``-free: items no longer in the bin are skipped."""
    chosen = _chosen(db, wanted)
    if not chosen:
        return PurgeResult({}, 0, ())
    shas: set[str] = set()
    with db.session() as session:
        found = _plan(session, chosen)  # again, inside the write lock: nothing slips in
        if found.refusals:
            raise PurgeRefusedError(found.refusals)
        records = found.records
        conn = session.connection()
        was = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
        conn.exec_driver_sql("PRAGMA secure_delete = 1")
        try:
            if records.get("attachment"):
                for chunk in _chunks(records["attachment"]):
                    shas.update(r[0] for r in session.exec(text(
                        "SELECT sha256 FROM attachment WHERE id IN "
                        f"({', '.join(map(str, chunk))})")).all())
            triggers = _unfrozen_revisions(session) if records.get("application_revision") \
                else []
            for table in TABLES:
                if records.get(table):
                    _delete(session, table, records[table])
            for sql in triggers:
                session.exec(text(sql))
            audit = AuditWriter(session, db.actor)
            for table in TABLES:
                for chunk in _chunks(records.get(table, ())):
                    session.exec(text(
                        "DELETE FROM audit_log WHERE entity = :entity AND entity_id IN "
                        f"({', '.join(map(str, chunk))})").bindparams(entity=table))
                for row_id in records.get(table, ()):
                    audit.purged(table, row_id)
            session.flush()
            if records.get("enterprise"):
                # the deleted names' trigrams would stay in older segments of the index
                for index in ("enterprise_fts", "enterprise_fts_short"):
                    session.exec(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))
        finally:
            conn.exec_driver_sql(f"PRAGMA secure_delete = {int(was or 0)}")
    removed = _remove_files(db, shas)
    compacted = _compact(db)
    emptied = _empty_log(db)
    changes = tuple(Changes(table, ids, action="delete") for table, ids in records.items()
                    if table in KINDS)
    return PurgeResult(records, removed, changes, compacted, emptied)


def _remove_files(db: Database, shas: set[str]) -> int:
    """Remove from the store the files no remaining attachment row uses."""
    if not shas or db.path is None:
        return 0
    from coop_desktop.services import attachment_store as store

    with db.read() as session:
        used = _sha_in_use(session, shas)
    removed = 0
    for sha in sorted(shas - used):
        path = store.blob_path(db.attachments_dir, sha) if store.is_sha256(sha) else None
        if path is not None and path.exists():
            store.discard(db.attachments_dir, sha)
            removed += not path.exists()
    return removed


def _sha_in_use(session: Any, shas: set[str]) -> set[str]:
    used: set[str] = set()
    values = sorted(shas)
    for start in range(0, len(values), _IN):
        chunk = values[start:start + _IN]
        params = {f"s{i}": v for i, v in enumerate(chunk)}
        marks = ", ".join(f":s{i}" for i in range(len(chunk)))
        used.update(r[0] for r in session.exec(text(
            f"SELECT DISTINCT sha256 FROM attachment WHERE sha256 IN ({marks})").bindparams(
                **params)).all())
    return used


def _compact(db: Database) -> bool:
    """Rebuild the file from its live rows (``VACUUM``); False when it could not be done."""
    if db.path is None:
        return True
    try:
        raw = db.engine.raw_connection()
    except Exception:  # noqa: BLE001 - the purge itself is done; say so, do not fail it
        return False
    try:
        raw.driver_connection.execute("VACUUM")
        return True
    except sqlite3.Error:
        return False
    finally:
        raw.close()


def _empty_log(db: Database) -> bool:
    """Copy the write-ahead log into the file and truncate it, so the purged rows' old
    pages do not linger in it (False when another reader kept it; closing empties it)."""
    if db.path is None:
        return True
    from coop_desktop.db import sqlite as sqlite_impl

    with contextlib.suppress(Exception):
        return sqlite_impl.checkpoint(db.engine, "TRUNCATE", wait_ms=2_000)
    return False


__all__ = ["PurgePlan", "PurgeRefusedError", "PurgeResult", "plan", "purge"]
