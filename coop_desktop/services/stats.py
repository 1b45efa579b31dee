"""Database statistics for ``coop-desktop stats`` and the About box."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import SQLModel, col

from coop_desktop import rules
from coop_desktop.db import Database
from coop_desktop.db.migrate import current_revision
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import (
    Application, Contact, Enterprise, Event, GlossaryTerm, Interaction, Participation, SrdiTitle,
    Zone, ZoneLink,
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
