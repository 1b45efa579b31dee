"""Each enterprise's highest valid SRDI title: what the list's "SRDI title" and "Title
expires" columns show, what the list's expiry filter and the home page's "expiring" count
select — one rule for all three.

**The rule.** An enterprise *stands* on its highest valid title. The list shows that title
and its expiry; the expiry filter ("expiry ≤ 90 days") and the home card count the
enterprises whose highest valid title expires within the period. A lower title that
expires under a higher valid one needs no action (a Little Giant valid until 2028 is not
"expiring" because its SRDI SME title runs out next month), so such an enterprise is not
listed — the filter never shows a 2028 date in the list's expiry column. The tier filter
and the home page's tier chart ask another question (does the enterprise hold a valid
title of this tier?) with the same validity.

The columns: one SQL statement over the ids of the rows shown (a page, a block of 50).

The ladder, highest first (MIIT's tiers of quality enterprises: manufacturing single
champions at the top, then SRDI "Little Giants", SRDI SMEs, innovative SMEs):
:data:`TIER_ORDER`. A title counts while it is valid: not in the recycle bin, active or under
re-review (it stands until the review decides), not revoked and not past its expiry date
(a title without an expiry date counts as valid). Of two valid titles of the same tier the
one that runs longer is shown.

Index use: the ids are a JSON list read with ``json_each`` and ``CROSS JOIN``ed to the titles
(so SQLite drives the join from the list and probes ``ix_srdi_title_enterprise_id`` for each
id); the ranking is a window function over those few rows. On the 150k demo copy, 200 ids
(the first page) take about 1 ms (``bench/ui_list.py`` → ``core.title_columns_ms``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import (
    ColumnElement, Select, and_, case, exists, literal_column, or_, select, text,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from coop_desktop.models import SrdiTitle

#: Tiers from the highest to the lowest.
TIER_ORDER = ("single_champion", "little_giant", "srdi", "innovative")
#: Title statuses under which a title is held (a re-review does not suspend it).
HELD = ("active", "under_review")

_RANK = " ".join(f"WHEN '{tier}' THEN {i}" for i, tier in enumerate(TIER_ORDER))
_SQL = text(
    "SELECT enterprise_id, tier, expires_on FROM ("
    " SELECT t.enterprise_id AS enterprise_id, t.tier AS tier, t.expires_on AS expires_on,"
    "  row_number() OVER (PARTITION BY t.enterprise_id"
    f"   ORDER BY CASE t.tier {_RANK} ELSE {len(TIER_ORDER)} END,"
    "   t.expires_on IS NULL, t.expires_on DESC, t.id DESC) AS n"
    " FROM json_each(:ids) AS j CROSS JOIN srdi_title AS t ON t.enterprise_id = j.value"
    " WHERE t.deleted_at IS NULL"
    f" AND t.status IN ({', '.join(repr(s) for s in HELD)})"
    " AND t.revoked_on IS NULL"
    " AND (t.expires_on IS NULL OR t.expires_on >= :today)"
    ") WHERE n = 1")


def highest_titles(session: Session, ids: Sequence[int], today: date
                   ) -> dict[int, tuple[str, date | None]]:
    """``{enterprise_id: (tier, expires_on)}`` of the highest valid title of each of
    ``ids`` that holds one (see the module docstring)."""
    if not ids:
        return {}
    rows = session.connection().execute(
        _SQL, {"ids": json.dumps(list(ids)), "today": today.isoformat()})
    out: dict[int, tuple[str, date | None]] = {}
    for enterprise_id, tier, expires in rows:
        if expires is not None and not isinstance(expires, date):
            expires = date.fromisoformat(str(expires)[:10])
        out[int(enterprise_id)] = (str(tier), expires)
    return out


# ---------------------------------------------------------------- the same rule, as clauses
def _rank(title: object) -> ColumnElement[int]:
    return case({tier: i for i, tier in enumerate(TIER_ORDER)},
                value=title.tier, else_=len(TIER_ORDER))  # type: ignore[attr-defined]


def valid(title: object, today: date) -> ColumnElement[bool]:
    """``title`` (the model or an alias of it) counts as held on ``today`` (see the
    module docstring): not in the recycle bin, active or under re-review, not revoked,
    not past its expiry date."""
    t: type[SrdiTitle] = title  # type: ignore[assignment]
    return and_(col(t.deleted_at).is_(None), col(t.status).in_(HELD),
                col(t.revoked_on).is_(None),
                or_(col(t.expires_on).is_(None), col(t.expires_on) >= today))


def _outranks(h: object, t: object) -> ColumnElement[bool]:
    """``h`` comes before ``t`` in the columns' order (tier, then a dated title before an
    undated one, the later expiry, the later record) — ``t`` having an expiry date."""
    hh: type[SrdiTitle] = h  # type: ignore[assignment]
    tt: type[SrdiTitle] = t  # type: ignore[assignment]
    return or_(_rank(hh) < _rank(tt),
               and_(_rank(hh) == _rank(tt), col(hh.expires_on).is_not(None),
                    or_(col(hh.expires_on) > col(tt.expires_on),
                        and_(col(hh.expires_on) == col(tt.expires_on),
                             col(hh.id) > col(tt.id)))))


def expiring_enterprises(today: date, until: date) -> Select[tuple[int]]:
    """``SELECT enterprise_id`` of the enterprises whose highest valid title expires from
    ``today`` to ``until`` (both included). Driven by the titles' expiry index (the few
    titles in the period), each checked against its enterprise's other titles."""
    t = aliased(SrdiTitle, name="exp_t")
    h = aliased(SrdiTitle, name="exp_h")
    higher = exists().where(col(h.enterprise_id) == col(t.enterprise_id), col(h.id) != col(t.id),
                            valid(h, today), _outranks(h, t))
    # ("+": not the deleted_at index, which lists every title; the expiry range is small)
    return select(col(t.enterprise_id)).where(
        col(t.expires_on) >= today, col(t.expires_on) <= until,
        literal_column("+exp_t.deleted_at").is_(None), col(t.status).in_(HELD),
        col(t.revoked_on).is_(None), ~higher)
