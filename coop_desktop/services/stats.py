"""Database statistics for ``coop-desktop stats``, the About box and the home page.

:func:`programme_counts` counts the live enterprises by characteristic SME cluster and by
digital-transformation pilot city (one GROUP BY each, on the link columns' indexes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import SQLModel, col

from coop_desktop import rules
from coop_desktop.db import Database
from coop_desktop.db.migrate import current_revision
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import (
    Application, Contact, Enterprise, Event, GlossaryTerm, Interaction, Participation,
    PilotCity, SmeCluster, SrdiTitle, Zone, ZoneLink,
)

KINDS: dict[str, tuple[type[SQLModel], str]] = {
    "enterprises": (Enterprise, N_("Enterprises")),
    "titles": (SrdiTitle, N_("SRDI titles")),
    "contacts": (Contact, N_("Contacts")),
    "interactions": (Interaction, N_("Interactions")),
    "zones": (Zone, N_("Cooperation zones")),
    "zone_links": (ZoneLink, N_("Enterprise–zone links")),
    "events": (Event, N_("Events")),
    "participations": (Participation, N_("Event participations")),
    "glossary_terms": (GlossaryTerm, N_("Glossary terms")),
    "applications": (Application, N_("Applications")),
}


def collect(db: Database) -> dict[str, Any]:
    """Counts of live and recycled records per kind, size classes and schema revision."""
    counts: dict[str, dict[str, int]] = {}
    with db.read() as session:
        for key, (table, _label) in KINDS.items():
            deleted = col(table.deleted_at)  # type: ignore[attr-defined]
            live = session.execute(select(func.count()).select_from(table).where(deleted.is_(None))).scalar_one()
            binned = session.execute(select(func.count()).select_from(table).where(deleted.is_not(None))).scalar_one()
            counts[key] = {"live": int(live), "recycle_bin": int(binned)}
        sizes = dict(session.execute(
            select(func.coalesce(Enterprise.size_class, "unknown"), func.count())
            .where(col(Enterprise.deleted_at).is_(None))
            .group_by(func.coalesce(Enterprise.size_class, "unknown"))
        ).all())
    return {
        "database": str(db.path) if db.path else ":memory:",
        "schema_revision": current_revision(db.engine),
        "size_standard": rules.STANDARD_VERSION,
        "counts": counts,
        "size_classes": {k: int(sizes.get(k, 0)) for k in (*rules.SIZE_CLASSES, "unknown")},
    }


def render(result: dict[str, Any], tr: Translator) -> str:
    _ = tr.gettext
    lines = [
        _("Database: {path}").format(path=result["database"]),
        _("Schema revision: {revision}").format(revision=result["schema_revision"]),
    ]
    for key, (_table, label) in KINDS.items():
        c = result["counts"][key]
        lines.append(_("{label}: {live} (recycle bin: {binned})").format(
            label=_(label), live=c["live"], binned=c["recycle_bin"]))
    lines.append(_("Size classes ({standard}):").format(standard=result["size_standard"]))
    for key, n in result["size_classes"].items():
        label = _("Unknown") if key == "unknown" else rules.size_class_label(key, tr.language)
        lines.append(f"  {label}: {n}")
    return "\n".join(lines)


# ---------------------------------------------------------------- SME programmes
@dataclass(frozen=True)
class ProgrammeCount:
    """Live enterprises linked to one cluster or pilot city. ``deleted``: the cluster or
    city itself is in the recycle bin (its links stay until someone changes them)."""

    id: int
    name_zh: str
    name_en: str | None
    enterprises: int
    deleted: bool = False


@dataclass(frozen=True)
class ProgrammeCounts:
    """Live enterprises in total, linked to a cluster, to a pilot city, and to both; and per
    cluster and per pilot city (only those with enterprises, the most first)."""

    enterprises: int
    in_cluster: int
    in_pilot_city: int
    in_both: int
    by_cluster: tuple[ProgrammeCount, ...]
    by_pilot_city: tuple[ProgrammeCount, ...]


def programme_counts(db: Database) -> ProgrammeCounts:
    """What the home page shows about the SME programmes (see the module docstring).

    Measured on the 150k demo with 23,500 enterprises linked to a pilot city and 2,250 to a
    cluster: 10–13 ms in all (``bench/programmes.py``). SQLite has no statistics here, so each
    statement is written for the plan it should take:

    - the live total: the table's count (from its smallest index) less the recycle bin's
      (a partial index);
    - by pilot city (whole cities are pilots, so many rows may be linked): the links counted
      in the column's index alone (no row is read: ~1 ms, where testing each linked row for
      the recycle bin took ~145 ms) less the links of the rows in the recycle bin;
    - by cluster (a cluster is a few hundred enterprises): the linked rows read in the
      column's index order, which also counts those with a pilot city (``in_both``).
    """
    live = col(Enterprise.deleted_at).is_(None)
    in_bin = col(Enterprise.deleted_at).is_not(None)
    cluster, pilot = col(Enterprise.cluster_id), col(Enterprise.pilot_city_id)
    with db.read() as session:
        total = int(session.execute(select(func.count()).select_from(Enterprise)).scalar_one())
        binned = int(session.execute(
            select(func.count()).select_from(Enterprise).where(in_bin)).scalar_one())
        by_cluster: dict[int, int] = {}
        both = 0
        for cluster_id, n, with_pilot in session.execute(
                select(cluster, func.count(), func.count(pilot))
                .where(cluster.is_not(None), live).group_by(cluster)):
            by_cluster[cluster_id] = int(n)
            both += int(with_pilot)
        by_pilot = {c: int(n) for c, n in session.execute(
            select(pilot, func.count()).where(pilot.is_not(None)).group_by(pilot))}
        # "+ 0": not the column's index, which SQLite would walk whole to group in order
        shifted = pilot + 0
        for pilot_id, n in session.execute(
                select(shifted, func.count()).where(in_bin, shifted.is_not(None))
                .group_by(shifted)):
            by_pilot[pilot_id] -= int(n)
        counts = {"cluster": _named(session, SmeCluster, by_cluster),
                  "pilot": _named(session, PilotCity, by_pilot)}
    return ProgrammeCounts(
        enterprises=total - binned,
        in_cluster=sum(p.enterprises for p in counts["cluster"]),
        in_pilot_city=sum(p.enterprises for p in counts["pilot"]),
        in_both=both,
        by_cluster=counts["cluster"], by_pilot_city=counts["pilot"])


def _named(session: Any, table: Any, counts: dict[int, int]) -> tuple[ProgrammeCount, ...]:
    """The non-zero ``counts`` (id -> enterprises) with their names, the most first."""
    wanted = [i for i, n in counts.items() if n > 0]
    rows = {r.id: r for r in session.execute(
        select(table).where(col(table.id).in_(wanted))).scalars()} if wanted else {}
    return tuple(sorted(
        (ProgrammeCount(i, rows[i].name_zh, rows[i].name_en, counts[i],
                        rows[i].deleted_at is not None) for i in wanted if i in rows),
        key=lambda p: (-p.enterprises, p.name_zh, p.id)))
