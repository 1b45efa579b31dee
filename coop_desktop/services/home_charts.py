"""The home page's distributions: live enterprises by province, SRDI tier, cooperation zone
and target country, each one aggregate in SQL (see ``services.home`` for the devices).

Each bucket counts what the enterprise list shows for the matching filter, so a bar opens a
list of that length: ``province_code``, ``tier`` (a valid title: held, not revoked, not expired),
``zone_id`` (a live link to the zone) and ``target_country``. Enterprises without a
province, a title, a zone or a target country are left out (no filter lists them).

Measured on the 150k demo (``bench/home.py``): the province counts come from the province
index alone (~10 ms); the target countries need one pass over the table (~100 ms: the
codes are a list in one column), grouped by the list's text first so that the split into
codes runs over the few thousand distinct lists, not the rows. An index on
``target_countries`` (there is none) would make that an index scan; the statement's
``NOT INDEXED`` (which keeps SQLite off the sort indexes) would then have to go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from coop_desktop.db import Database
from coop_desktop.models import TitleTier

#: Live enterprises are all of them less these (the partial index, never the table).
BINNED = "(SELECT id FROM enterprise WHERE deleted_at IS NOT NULL)"


@dataclass(frozen=True)
class Bucket:
    """One bar: ``key`` is the filter's value (a province code, a tier, a zone id, a
    country code); ``name_zh``/``name_en`` for zones (other keys are named by the UI)."""

    key: Any
    count: int
    name_zh: str | None = None
    name_en: str | None = None


@dataclass(frozen=True)
class Distributions:
    enterprises: int  # live enterprises in all
    by_province: tuple[Bucket, ...]  # the most first
    by_tier: tuple[Bucket, ...]  # every tier, in the ladder's order (zeros too)
    by_zone: tuple[Bucket, ...]  # zones with enterprises, the most first
    by_country: tuple[Bucket, ...]  # the most first


def _ranked(pairs: Any) -> tuple[Bucket, ...]:
    found = [Bucket(k, int(n)) for k, n in pairs if k is not None and int(n) > 0]
    return tuple(sorted(found, key=lambda b: (-b.count, str(b.key))))


def distributions(db: Database, *, today: date | None = None,
                  countries: tuple[Bucket, ...] | None = None) -> Distributions:
    """Every distribution; ``countries``: :func:`country_buckets` already read (the home
    page reads them on a second thread)."""
    today = today or date.today()
    with db.read() as session:
        conn = session.connection()
        total = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
        binned = conn.execute(text(
            "SELECT count(*) FROM enterprise WHERE deleted_at IS NOT NULL")).scalar_one()
        # the province index alone, less the recycle bin's rows (the partial index)
        provinces: dict[Any, int] = dict(conn.execute(text(
            "SELECT province_code, count(*) FROM enterprise GROUP BY province_code")).all())
        for code, n in conn.execute(text(
                # (not "WHERE deleted_at IS NOT NULL", which walks the province index)
                f"SELECT province_code, count(*) FROM enterprise WHERE id IN {BINNED} "
                "GROUP BY province_code")):
            provinces[code] = provinces.get(code, 0) - int(n)
        # the tier filter: a valid title of the tier (db.repositories.srdi_standing: held
        # — active or under re-review —, not revoked, not past its date; one pass over the
        # titles, small rows; the enterprise table is not read)
        tiers = dict(conn.execute(text(
            "SELECT t.tier, count(DISTINCT t.enterprise_id) FROM srdi_title t NOT INDEXED "
            "WHERE t.deleted_at IS NULL AND t.status IN ('active', 'under_review') "
            "AND t.revoked_on IS NULL AND coalesce(t.expires_on, '9999-12-31') >= :today "
            f"AND t.enterprise_id NOT IN {BINNED} GROUP BY t.tier"),
            {"today": today.isoformat()}).all())
        zones = [Bucket(i, int(n), zh, en) for i, zh, en, n in conn.execute(text(
            "SELECT z.id, z.name_zh, z.name_en, c.n FROM (SELECT l.zone_id AS zone_id, "
            "count(DISTINCT l.enterprise_id) AS n FROM zone_link l "
            f"WHERE +l.deleted_at IS NULL AND l.enterprise_id NOT IN {BINNED} "
            "GROUP BY l.zone_id) c JOIN zone z ON z.id = c.zone_id "
            "WHERE z.deleted_at IS NULL AND c.n > 0"))]
    return Distributions(
        enterprises=int(total) - int(binned),
        by_province=_ranked(provinces.items()),
        by_tier=tuple(Bucket(t.value, int(tiers.get(t.value, 0))) for t in TitleTier),
        by_zone=tuple(sorted(zones, key=lambda b: (-b.count, b.name_zh or "", b.key))),
        by_country=countries if countries is not None else country_buckets(db))


def country_buckets(db: Database) -> tuple[Bucket, ...]:
    """Live enterprises by target country, the most first (see the module docstring)."""
    with db.read() as session:
        return _ranked(session.connection().execute(text(
            # one pass over the table (NOT INDEXED: not along a sort index, which would
            # look up every row), grouped by the list's text, then split into codes
            "WITH RECURSIVE lists(codes, n) AS ("
            " SELECT target_countries, count(*) FROM enterprise NOT INDEXED"
            " WHERE target_countries <> '' AND deleted_at IS NULL GROUP BY target_countries),"
            " split(rest, code, n) AS ("
            "  SELECT substr(codes, 2), NULL, n FROM lists"
            "  UNION ALL SELECT substr(rest, instr(rest, ',') + 1),"
            "   substr(rest, 1, instr(rest, ',') - 1), n FROM split WHERE rest <> '')"
            " SELECT code, sum(n) FROM split WHERE code IS NOT NULL AND code <> ''"
            " GROUP BY code")).all())


__all__ = ["Bucket", "Distributions", "country_buckets", "distributions"]
