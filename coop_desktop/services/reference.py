"""Shipped reference data (cooperation zones, glossary) and keeping it current.

Rows that come from the shipped files carry ``source_key`` and ``source_version``. When
a newer version ships, :func:`sync` inserts new items and updates the rows that no user
has edited; a row with ``user_edited`` set is never overwritten. Rows a user deleted stay
in the recycle bin (restoring them is the user's decision).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from sqlmodel import Session, SQLModel, select

from coop_desktop import paths
from coop_desktop.db import Database
from coop_desktop.models import GlossaryTerm, ReferenceDataset, Zone, utcnow
from coop_desktop.reference import regions
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter

ACTOR = "Coop Desktop (reference data)"


@lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    with paths.resource("reference", "manifest.json").open(encoding="utf-8") as fh:
        return json.load(fh)["datasets"]


def load_items(dataset: str) -> list[dict[str, Any]]:
    info = manifest()[dataset]
    with paths.resource("reference", info["file"]).open(encoding="utf-8") as fh:
        return json.load(fh)


def _province_code(name_zh: str | None) -> str | None:
    if not name_zh:
        return None
    for region in regions.provinces():
        if region.name_zh == name_zh:
            return region.code
    return None


def zone_values(item: dict[str, Any]) -> dict[str, Any]:
    """A shipped zone (``zones.json`` item) as Zone column values."""
    return {
        "name_zh": item["name_zh"],
        "name_en": item.get("name_en"),
        "partner_countries": list(item.get("partners") or []),
        "partner_label_zh": item.get("partner_label_zh"),
        "partner_label_en": item.get("partner_label_en"),
        "province_code": _province_code(item.get("province_zh")),
        "province_zh": item.get("province_zh"),
        "province_en": item.get("province_en"),
        "city_zh": item.get("city_zh"),
        "city_en": item.get("city_en"),
        "recognised_year": item.get("recognised"),
        "batch": item.get("batch"),
        "valid_until_year": item.get("valid_until"),
        "focus_industries_zh": "；".join(item.get("focus_industries_zh") or []) or None,
        "focus_industries_en": "; ".join(item.get("focus_industries_en") or []) or None,
        "source": "\n".join(item.get("sources") or []) or None,
        "confidence": item.get("confidence"),
    }


class _ZoneNote(Protocol):
    source_key: str | None
    confidence: str | None


@lru_cache(maxsize=1)
def _shipped_notes() -> dict[str, tuple[str, str]]:
    """``source_key`` -> (shipped English ``confidence``, its ``confidence_zh``), read once."""
    notes = {}
    for item in load_items("zones"):
        english, chinese = item.get("confidence"), item.get("confidence_zh")
        if english and chinese:
            notes[item["key"]] = (english, chinese)
    return notes


def confidence_note(zone: _ZoneNote, language: str) -> str:
    """A zone's confidence note as the UI shows it in ``language`` ("" when there is none).

    The shipped notes are English data (``confidence`` in ``zones.json``, stored as is in the
    ``zone`` row) with a Chinese rendering beside them (``confidence_zh``, never stored). While
    a shipped zone's note is still exactly the shipped text, the Chinese UI shows the
    rendering; a note a user typed (or a shipped row whose note was changed) is shown as
    typed, in every language.
    """
    note = (zone.confidence or "").strip()
    if not note or not language.lower().startswith("zh") or not zone.source_key:
        return note
    shipped = _shipped_notes().get(zone.source_key)
    return shipped[1] if shipped is not None and shipped[0] == note else note


def term_values(item: dict[str, Any]) -> dict[str, Any]:
    return {"zh": item["zh"], "en": item["en"], "note": item.get("note")}


@dataclass
class SyncReport:
    dataset: str
    version: str
    added: int = 0
    updated: int = 0
    kept_edits: list[str] = field(default_factory=list)
    skipped: bool = False


@dataclass(frozen=True)
class _Dataset:
    name: str
    table: type[SQLModel]
    key: Callable[[dict[str, Any]], str]
    values: Callable[[dict[str, Any]], dict[str, Any]]


DATASETS = (
    _Dataset("zones", Zone, lambda item: item["key"], zone_values),
    _Dataset("glossary", GlossaryTerm, lambda item: "glossary:" + item["zh"], term_values),
)


def _sync_one(session: Session, audit: AuditWriter, ds: _Dataset, version: str,
              items: Iterable[dict[str, Any]]) -> SyncReport:
    report = SyncReport(ds.name, version)
    existing = {r.source_key: r for r in session.exec(
        select(ds.table).where(ds.table.source_key.is_not(None)))}  # type: ignore[attr-defined]
    for item in items:
        key, values = ds.key(item), ds.values(item)
        row = existing.get(key)
        if row is None:
            row = ds.table(**values, source_key=key, source_version=version)
            session.add(row)
            session.flush()
            audit.created(ds.table.__tablename__, row.id, values)  # type: ignore[attr-defined]
            report.added += 1
        elif row.user_edited:  # type: ignore[attr-defined]
            report.kept_edits.append(key)
        else:
            changes = records.apply(row, values)
            row.source_version = version  # type: ignore[attr-defined]
            session.add(row)
            if changes:
                audit.updated(ds.table.__tablename__, row.id, changes)  # type: ignore[attr-defined]
                report.updated += 1
    return report


def sync(db: Database, *, force: bool = False,
         overrides: dict[str, tuple[str, list[dict[str, Any]]]] | None = None) -> list[SyncReport]:
    """Bring the reference rows up to the shipped versions (one transaction).

    ``overrides`` maps a dataset name to ``(version, items)`` instead of the shipped file
    (tests use it to simulate a newer release).
    """
    if not force:
        # Every start calls this; usually there is nothing to do, and finding that out must
        # not take the write lock (a read-only command would wait for, or fail behind,
        # another program's write; a file that cannot be written would not open at all).
        shipped = {ds.name: overrides[ds.name][0] if overrides and ds.name in overrides
                   else manifest()[ds.name]["version"] for ds in DATASETS}
        with db.read() as session:
            applied = {d.name: d.version for d in session.exec(select(ReferenceDataset))}
        if all(applied.get(name) == version for name, version in shipped.items()):
            return [SyncReport(name, version, skipped=True) for name, version in shipped.items()]
    reports = []
    with db.session() as session:
        audit = AuditWriter(session, ACTOR)
        applied = {d.name: d.version for d in session.exec(select(ReferenceDataset))}
        for ds in DATASETS:
            if overrides and ds.name in overrides:
                version, items = overrides[ds.name]
            else:
                version, items = manifest()[ds.name]["version"], load_items(ds.name)
            if applied.get(ds.name) == version and not force:
                reports.append(SyncReport(ds.name, version, skipped=True))
                continue
            reports.append(_sync_one(session, audit, ds, version, items))
            marker = session.get(ReferenceDataset, ds.name)
            if marker is None:
                marker = ReferenceDataset(name=ds.name, version=version)
            marker.version, marker.applied_at = version, utcnow()
            session.add(marker)
    return reports
