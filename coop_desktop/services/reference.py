"""Shipped reference data (cooperation zones, SME clusters, pilot cities, glossary) and
keeping it current.

Rows that come from the shipped files carry ``source_key`` and ``source_version``. When
a newer version ships, :func:`sync` inserts new items and updates the rows that no user
has edited; a row with ``user_edited`` set is never overwritten. Rows a user deleted stay
in the recycle bin (restoring them is the user's decision).

An item keeps its ``key`` when it is renamed, so the row (and every enterprise linked to
it) simply gets the new name. An item that a newer version no longer ships is *retired*:
a row nobody edited or linked to goes to the recycle bin (marked, so that it comes back
if a later version ships the item again); a row a user edited or linked an enterprise to
stays as it is.

How the file fields become column values is in :mod:`coop_desktop.services.reference_values`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from sqlmodel import Session, SQLModel, col, select

from coop_desktop import paths
from coop_desktop.db import Database
from coop_desktop.models import (
    Enterprise, GlossaryTerm, PilotCity, ReferenceDataset, SmeCluster, Zone, ZoneLink, utcnow,
)
from coop_desktop.models.programme import PilotCityBase, SmeClusterBase
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.reference_values import (
    cluster_values, pilot_city_values, term_values, zone_values,
)

ACTOR = "Coop Desktop (reference data)"

#: ``source_version`` of a row :func:`sync` put in the recycle bin because its item was no
#: longer shipped (followed by the version that retired it).
RETIRED = "retired:"


@lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    with paths.resource("reference", "manifest.json").open(encoding="utf-8") as fh:
        return json.load(fh)["datasets"]


@lru_cache(maxsize=8)
def _document(dataset: str) -> Any:
    info = manifest()[dataset]
    with paths.resource("reference", info["file"]).open(encoding="utf-8") as fh:
        return json.load(fh)


def load_items(dataset: str) -> list[dict[str, Any]]:
    """The items of a shipped dataset (a file is either a list of items or an object
    with ``items`` beside its dataset-level ``note`` and ``lists``)."""
    doc = _document(dataset)
    return list(doc["items"] if isinstance(doc, dict) else doc)


@dataclass(frozen=True)
class DatasetNote:
    """What a shipped list says about itself: ``complete`` is False for a partial list,
    and ``note_en`` / ``note_zh`` say what is missing (show it beside the list)."""

    complete: bool
    note_en: str
    note_zh: str

    def text(self, language: str) -> str:
        return self.note_zh if language.lower().startswith("zh") else self.note_en


def dataset_note(dataset: str) -> DatasetNote:
    doc = _document(dataset)
    if not isinstance(doc, dict):
        return DatasetNote(True, "", "")
    return DatasetNote(bool(doc.get("complete", True)), doc.get("note") or "",
                       doc.get("note_zh") or "")


# ---------------------------------------------------------------- confidence notes
class _Note(Protocol):
    source_key: str | None
    confidence: str | None


def _dataset_of(row: object) -> str:
    if isinstance(row, SmeClusterBase):
        return "clusters"
    if isinstance(row, PilotCityBase):
        return "pilot_cities"
    return "zones"


@lru_cache(maxsize=4)
def _shipped_notes(dataset: str) -> dict[str, tuple[str, str]]:
    """``source_key`` -> (shipped English ``confidence``, its ``confidence_zh``), read once."""
    notes = {}
    for item in load_items(dataset):
        english, chinese = item.get("confidence"), item.get("confidence_zh")
        if english and chinese:
            notes[item["key"]] = (english, chinese)
    return notes


def confidence_note(row: _Note, language: str, dataset: str | None = None) -> str:
    """A reference row's confidence label as the UI shows it in ``language`` ("" when none).

    Works for zones, SME clusters and pilot cities (``dataset`` is found from the row's
    type when not given). The shipped labels are English data (``confidence`` in the file,
    stored as is in the row) with a Chinese rendering beside them (``confidence_zh``, never
    stored). While a shipped row's label is still exactly the shipped text, the Chinese UI
    shows the rendering; a label a user typed (or a shipped row whose label was changed) is
    shown as typed, in every language.
    """
    note = (row.confidence or "").strip()
    if not note or not language.lower().startswith("zh") or not row.source_key:
        return note
    shipped = _shipped_notes(dataset or _dataset_of(row)).get(row.source_key)
    return shipped[1] if shipped is not None and shipped[0] == note else note


@lru_cache(maxsize=1)
def _glossary_notes() -> dict[str, str]:
    """Shipped English glossary note -> its ``note_zh``, read once."""
    return {item["note"]: item["note_zh"] for item in load_items("glossary")
            if item.get("note") and item.get("note_zh")}


def glossary_note(note: str | None, language: str) -> str:
    """A glossary term's note as the UI shows it in ``language`` ("" when none).

    The shipped notes are English data (``note`` in the file, stored as is) with a Chinese
    rendering beside them (``note_zh``, never stored). While a note is still exactly a
    shipped one, the Chinese UI shows the rendering; a note a user wrote or changed is shown
    as written, in every language (as :func:`confidence_note` does for zones).
    """
    note = (note or "").strip()
    if not note or not language.lower().startswith("zh"):
        return note
    return _glossary_notes().get(note, note)


# ---------------------------------------------------------------------------- sync
@dataclass
class SyncReport:
    dataset: str
    version: str
    added: int = 0
    updated: int = 0
    kept_edits: list[str] = field(default_factory=list)
    skipped: bool = False
    #: keys no longer shipped whose rows went to the recycle bin
    retired: list[str] = field(default_factory=list)
    #: keys no longer shipped whose rows stay because a user edited or linked them
    kept_retired: list[str] = field(default_factory=list)
    #: keys shipped again whose retired rows came back from the recycle bin
    returned: list[str] = field(default_factory=list)


def _zone_linked(session: Session, row_id: int) -> bool:
    return session.exec(select(ZoneLink.id).where(ZoneLink.zone_id == row_id).limit(1)).first() \
        is not None


def _cluster_linked(session: Session, row_id: int) -> bool:
    return session.exec(
        select(Enterprise.id).where(Enterprise.cluster_id == row_id).limit(1)).first() is not None


def _pilot_city_linked(session: Session, row_id: int) -> bool:
    return session.exec(
        select(Enterprise.id).where(Enterprise.pilot_city_id == row_id).limit(1)).first() is not None


@dataclass(frozen=True)
class _Dataset:
    name: str
    table: type[SQLModel]
    key: Callable[[dict[str, Any]], str]
    values: Callable[[dict[str, Any]], dict[str, Any]]
    #: whether an enterprise (or a link row, even one in the recycle bin) refers to a row;
    #: None: items are never retired (the glossary)
    linked: Callable[[Session, int], bool] | None = None


DATASETS = (
    _Dataset("zones", Zone, lambda item: item["key"], zone_values, _zone_linked),
    _Dataset("clusters", SmeCluster, lambda item: item["key"], cluster_values, _cluster_linked),
    _Dataset("pilot_cities", PilotCity, lambda item: item["key"], pilot_city_values,
             _pilot_city_linked),
    _Dataset("glossary", GlossaryTerm, lambda item: "glossary:" + item["zh"], term_values),
)


def _sync_one(session: Session, audit: AuditWriter, ds: _Dataset, version: str,
              items: Iterable[dict[str, Any]]) -> SyncReport:
    report = SyncReport(ds.name, version)
    table: Any = ds.table
    entity = table.__tablename__
    existing = {r.source_key: r for r in session.exec(
        select(table).where(col(table.source_key).is_not(None)))}
    shipped: set[str] = set()
    for item in items:
        key, values = ds.key(item), ds.values(item)
        shipped.add(key)
        row = existing.get(key)
        if row is None:
            row = table(**values, source_key=key, source_version=version)
            session.add(row)
            session.flush()
            audit.created(entity, row.id, values)
            report.added += 1
            continue
        if row.deleted_at is not None and (row.source_version or "").startswith(RETIRED):
            row.deleted_at = None  # retired by an earlier sync, shipped again: it comes back
            audit.restored(entity, row.id)
            report.returned.append(key)
        if row.user_edited:
            report.kept_edits.append(key)
            continue
        changes = records.apply(row, values)
        row.source_version = version
        session.add(row)
        if changes:
            audit.updated(entity, row.id, changes)
            report.updated += 1
    if ds.linked is not None:
        _retire(session, audit, ds, version, existing, shipped, report)
    return report


def _retire(session: Session, audit: AuditWriter, ds: _Dataset, version: str,
            existing: dict[str, Any], shipped: set[str], report: SyncReport) -> None:
    """Rows whose items are no longer shipped: to the recycle bin unless a user edited or
    linked them (then they stay, unchanged, and keep working)."""
    assert ds.linked is not None
    now = utcnow()
    for key, row in existing.items():
        if key in shipped or row.deleted_at is not None:
            continue
        if row.user_edited or ds.linked(session, row.id):
            report.kept_retired.append(key)
            continue
        row.deleted_at = now
        row.source_version = RETIRED + version
        session.add(row)
        audit.deleted(ds.table.__tablename__, row.id)  # type: ignore[attr-defined]
        report.retired.append(key)


def sync(db: Database, *, force: bool = False,
         overrides: dict[str, tuple[str, list[dict[str, Any]]]] | None = None) -> list[SyncReport]:
    """Bring the reference rows up to the shipped versions (one transaction).

    ``overrides`` maps a dataset name to ``(version, items)`` instead of the shipped file
    (tests use it to simulate a newer release).
    """
    def shipped_version(name: str) -> str:
        if overrides and name in overrides:
            return overrides[name][0]
        return manifest()[name]["version"]

    if not force:
        # Every start calls this; usually there is nothing to do, and finding that out must
        # not take the write lock (a read-only command would wait for, or fail behind,
        # another program's write; a file that cannot be written would not open at all).
        shipped = {ds.name: shipped_version(ds.name) for ds in DATASETS}
        with db.read() as session:
            applied = {d.name: d.version for d in session.exec(select(ReferenceDataset))}
        if all(applied.get(name) == version for name, version in shipped.items()):
            return [SyncReport(name, version, skipped=True) for name, version in shipped.items()]
    reports = []
    with db.session() as session:
        audit = AuditWriter(session, ACTOR)
        applied = {d.name: d.version for d in session.exec(select(ReferenceDataset))}
        for ds in DATASETS:
            version = shipped_version(ds.name)
            if applied.get(ds.name) == version and not force:
                reports.append(SyncReport(ds.name, version, skipped=True))
                continue
            items = overrides[ds.name][1] if overrides and ds.name in overrides \
                else load_items(ds.name)
            reports.append(_sync_one(session, audit, ds, version, items))
            marker = session.get(ReferenceDataset, ds.name)
            if marker is None:
                marker = ReferenceDataset(name=ds.name, version=version)
            marker.version, marker.applied_at = version, utcnow()
            session.add(marker)
    return reports
