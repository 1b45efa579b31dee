"""Each enterprise's highest valid SRDI title, for the list's "SRDI title" and "expires"
columns: one SQL statement over the ids of the rows shown (a page, a block of 50).

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

from sqlalchemy import text
from sqlmodel import Session

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
