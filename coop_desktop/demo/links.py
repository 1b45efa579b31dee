"""Links between demo enterprises and the cooperation zones (interest, application,
admission, withdrawal)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from coop_desktop.demo.common import Weighted, between, day, pick
from coop_desktop.demo.places import EU_MEMBERS
from coop_desktop.models import LinkStatus

#: A zone as the demo sees it: (id, partner country codes, province code).
ZoneKey = tuple[int, frozenset[str], str | None]

LINK_STATUSES = Weighted([(LinkStatus.INTERESTED, 35), (LinkStatus.PREPARING, 20),
                          (LinkStatus.APPLIED, 15), (LinkStatus.ADMITTED, 20),
                          (LinkStatus.WITHDRAWN, 10)])


def links(rng: random.Random, zones: list[ZoneKey], countries: list[str],
          province_code: str) -> list[dict[str, Any]]:
    if not zones or rng.random() >= 0.1:
        return []
    wanted = set(countries)
    fits = [z for z in zones if not z[1] or z[1] & wanted
            or ("EU" in z[1] and wanted & EU_MEMBERS)]
    near = [z for z in fits if z[2] == province_code]
    pool = near if near and rng.random() < 0.6 else (fits or zones)
    chosen = [pick(rng, pool)]
    if rng.random() < 0.15:
        other = pick(rng, zones)
        if other is not chosen[0]:
            chosen.append(other)
    out = []
    for zone in chosen:
        status = LINK_STATUSES.pick(rng)
        since = day(rng, date(2023, 3, 1), date(2025, 12, 31))
        applied = admitted = None
        if status in (LinkStatus.APPLIED, LinkStatus.ADMITTED, LinkStatus.WITHDRAWN):
            applied = since
            if status != LinkStatus.APPLIED:
                applied = since - timedelta(days=between(rng, 20, 200))
        if status == LinkStatus.ADMITTED:
            admitted = since
        notes = None
        if status == LinkStatus.WITHDRAWN:
            notes = pick(rng, ("企业调整海外布局，暂缓入驻", "选址改至其他园区", "融资未落实"))
        out.append({"zone_id": zone[0], "status": status.value, "status_since": since,
                    "applied_on": applied, "admitted_on": admitted, "notes": notes})
    return out



class Programmes:
    """Links to the ministry's other programmes, drawn from a stream of their own (so the
    enterprises and their other records stay as they were): an enterprise in a
    digital-transformation pilot city takes part with some probability, an industrial one
    in a city with a characteristic SME cluster belongs to it now and then."""

    PILOT_SHARE = 0.35
    CLUSTER_SHARE = 0.12

    def __init__(self, rng: random.Random, pilots: dict[str, int],
                 clusters: dict[str, list[int]]) -> None:
        self.rng, self.pilots, self.clusters = rng, pilots, clusters

    def links(self, city_code: str, industry: str) -> tuple[int | None, int | None]:
        """(cluster id, pilot city id) for an enterprise in ``city_code``."""
        rng = self.rng
        pilot = self.pilots.get(city_code)
        pilot_id = pilot if pilot is not None and rng.random() < self.PILOT_SHARE else None
        found = self.clusters.get(city_code)
        cluster_id = None
        if found and industry == "industry" and rng.random() < self.CLUSTER_SHARE:
            cluster_id = found[int(rng.random() * len(found))]
        return cluster_id, pilot_id
