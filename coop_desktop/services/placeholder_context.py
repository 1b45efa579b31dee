"""The placeholder context of one enterprise, read from the database.

:mod:`coop_desktop.documents.placeholders` is pure: it formats values it is handed
(:meth:`~coop_desktop.documents.placeholders.PlaceholderContext.from_records`) and never
reads the database. This module is the use case that reads the records — the enterprise,
its SRDI titles, the zone, the officer from the settings — and hands them over as plain data.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from coop_desktop.documents.placeholders import PlaceholderContext

if TYPE_CHECKING:
    from coop_desktop.db import Database
    from coop_desktop.settings import AppSettings

__all__ = ["build_context", "primary_contact"]


def primary_contact(db: Database, enterprise_id: int) -> Any:
    """The enterprise's primary contact: the first on its contact list (the order they were
    entered) that has a phone number, else the first; None without contacts."""
    from coop_desktop.services.catalog import contacts

    rows = contacts.list(db, enterprise_id=enterprise_id)
    return next((c for c in rows if (c.phone or "").strip()), rows[0] if rows else None)


def build_context(
    db: Database,
    *,
    enterprise_id: int,
    zone_id: int | None = None,
    country: str | None = None,
    settings: AppSettings | None = None,
    today: date | None = None,
) -> PlaceholderContext:
    """The context for one enterprise (never writes).

    Reads the enterprise, its SRDI titles, its primary contact (:func:`primary_contact`)
    and, if ``zone_id`` is given, the zone (each a short read-only transaction). ``settings`` defaults to the user's saved
    ``AppSettings`` (officer name and organisation). Nothing is guessed: without
    ``zone_id``/``country`` the ``zone.*``/``country.*`` placeholders stay unresolved.
    Raises ``NotFoundError`` for an unknown or deleted enterprise or zone.
    """
    from coop_desktop.services import enterprises
    from coop_desktop.services.catalog import titles, zones
    from coop_desktop.settings import AppSettings

    enterprise = enterprises.get(db, enterprise_id)
    title_rows = titles.list(db, enterprise_id=enterprise_id)
    zone = zones.get(db, zone_id) if zone_id is not None else None
    return PlaceholderContext.from_records(
        enterprise,
        titles=title_rows,
        zone=zone,
        country=country,
        officer=settings if settings is not None else AppSettings.load(),
        contact=primary_contact(db, enterprise_id),
        today=today,
    )
