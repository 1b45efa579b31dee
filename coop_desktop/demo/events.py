"""What happened to a demo title after its grant (``srdi_title_event``), and so its status on
the demo's "today" (:data:`~coop_desktop.demo.common.REFERENCE_DATE`), as
``services.srdi_titles`` would have recorded it:

* a title whose 3 years ran out: about half were re-reviewed (复核) shortly before — most
  passed (valid 3 more years from the review), some failed (revoked, with the reason) and a
  few recent ones are still pending (under re-review); the others simply expired;
* the yearly data update (by 30 April) recorded for most titles held through 2025;
* now and then a major change (a new name, a move) and, mostly, its report;
* ONE revocation per run with its reason (the :data:`REVOKE_AT`-th title still valid).

Each event is a dict with ``_title``: the index of its title among the enterprise's titles
(the store turns it into ``title_id``). Draws come from the run's facts generator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from coop_desktop.demo.common import REFERENCE_DATE, between, day, pick
from coop_desktop.services.srdi_titles import VALIDITY_YEARS, add_months, add_years

#: The title still valid that is revoked (counted over the run, from 1).
REVOKE_AT = 5
REVIEWED = 0.5  # share of the lapsed titles that went through a re-review
UPDATED = 0.8  # share of the titles held through 2025 whose yearly update is recorded
CHANGED = 0.01  # share of those with a major change in 2025

REVIEW_FAILED = ("复核未通过：主营业务收入占比低于认定标准", "复核未通过：研发投入未达到认定标准",
                 "复核未通过：未按期提交复核材料")
REVOCATION = ("发生较大安全生产事故，依规撤销认定", "年度数据更新中填报虚假数据，依规撤销认定",
              "被列入严重失信主体名单，依规撤销认定")
MAJOR_CHANGES = ("企业名称变更", "注册地址迁出本省", "控股股东变更", "企业合并重组")
YEAR_START = date(REFERENCE_DATE.year - 1, 1, 1)  # the demo's last closed year starts here
REVOKE_BEFORE = REFERENCE_DATE - timedelta(days=120)  # a title revoked was held a while


def _event(index: int, kind: str, on: date, result: str | None = None,
           notes: str | None = None) -> dict[str, Any]:
    return {"_title": index, "kind": kind, "occurred_on": on, "result": result, "notes": notes}


class TitleLife:
    """Decides each title's events and status; counts titles for the one revocation."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.valid_seen = 0

    def events(self, titles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events of an enterprise's titles, oldest first per title; each title's
        status, expiry and revocation are set to match."""
        rng = self.rng
        out: list[dict[str, Any]] = []
        for index, title in enumerate(titles):
            granted, expires = title["granted_on"], title["expires_on"]
            if expires < REFERENCE_DATE:
                self._lapsed(index, title, out)
            elif granted < REVOKE_BEFORE:
                self.valid_seen += 1
                if self.valid_seen == REVOKE_AT:
                    on = day(rng, max(granted + timedelta(days=60), YEAR_START),
                             REFERENCE_DATE - timedelta(days=15))
                    reason = pick(rng, REVOCATION)
                    out.append(_event(index, "revocation", on, notes=reason))
                    title.update(status="revoked", revoked_on=on, revocation_reason=reason)
                    continue
            if title["status"] not in ("active", "under_review") or granted >= YEAR_START:
                continue
            if rng.random() < UPDATED:
                out.append(_event(index, "annual_update", date(YEAR_START.year, 4,
                                                                between(rng, 8, 30))))
            if rng.random() < CHANGED:
                on = day(rng, YEAR_START, date(YEAR_START.year, 11, 30))
                out.append(_event(index, "major_change", on, notes=pick(rng, MAJOR_CHANGES)))
                if rng.random() < 0.6:
                    out.append(_event(index, "major_change_report",
                                      min(add_months(on, 2), REFERENCE_DATE - timedelta(days=1))))
        out.sort(key=lambda e: (e["_title"], e["occurred_on"]))
        return out

    def _lapsed(self, index: int, title: dict[str, Any], out: list[dict[str, Any]]) -> None:
        """A title whose 3 years ran out before the demo's today: re-reviewed or expired."""
        rng = self.rng
        expires = title["expires_on"]
        if rng.random() >= REVIEWED:
            title["status"] = "expired"
            return
        on = expires - timedelta(days=between(rng, 10, 90))
        r = rng.random()
        recent = on >= REFERENCE_DATE - timedelta(days=100)
        if recent and r < 0.25:  # the authority has not decided yet
            out.append(_event(index, "review", on, "pending"))
            title.update(status="under_review", notes=f"{REFERENCE_DATE.year - 1}年度复核中")
        elif r < 0.88:
            out.append(_event(index, "review", on, "passed"))
            title.update(status="active", expires_on=max(expires, add_years(on, VALIDITY_YEARS)))
        else:
            reason = pick(rng, REVIEW_FAILED)
            out.append(_event(index, "review", on, "failed", reason))
            title.update(status="revoked", revoked_on=on, revocation_reason=reason)
