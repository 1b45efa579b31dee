"""What the parts of a unified social credit code (GB 32100-2015) may hold.

Data: ``resources/regions/uscc.json`` (sources and confidence there), loaded once:

* the registration authority codes (position 1) and, for each, its organisation
  categories (position 2) — the amended table of 12 authorities. The standard lets other
  authorities use further characters, so the set is open: an unknown one is a reason to
  look twice, never to refuse a code;
* region codes (positions 3-8) that registration authorities use but that the bundled
  GB/T 2260 list (:mod:`coop_desktop.reference.regions`: current provinces and prefectures
  only) does not have: the national authority (100000), prefecture-level codes abolished
  since codes were first assigned in October 2015 (莱芜 371200, 那曲地区 542400 …), the
  groupings of county-level units directly under a province (429000 …) or of a
  municipality's counties (500200).

:func:`region_problem` decides what positions 3-8 may be: the province (first two digits)
must exist, and so must the prefecture level (first four digits), because the code of a
county-level or development-zone authority (440305, 320594) is not in the bundled list
but its prefecture is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from coop_desktop import paths
from coop_desktop.reference import regions

DATA_FILE = ("regions", "uscc.json")

RegionProblem = Literal["province", "prefecture"]


@dataclass(frozen=True)
class Authority:
    """One registration authority code with its organisation categories."""

    code: str
    name_zh: str
    name_en: str
    categories: frozenset[str]
    confidence: str


@dataclass(frozen=True)
class _Table:
    version: str
    authorities: dict[str, Authority]
    extra_regions: frozenset[str]


@lru_cache(maxsize=1)
def _table() -> _Table:
    with paths.resource(*DATA_FILE).open(encoding="utf-8") as fh:
        data = json.load(fh)
    authorities = {
        code: Authority(code, item["zh"], item["en"], frozenset(item["categories"]),
                        item["confidence"])
        for code, item in data["authorities"]["codes"].items()}
    return _Table(data["version"], authorities, frozenset(data["regions"]["extra"]))


def data_version() -> str:
    return _table().version


def authority(code: str) -> Authority | None:
    """The registration authority with this code (position 1), else ``None``."""
    return _table().authorities.get(code)


def authorities() -> list[Authority]:
    """Every known registration authority, in the order of the data file."""
    return list(_table().authorities.values())


def region_problem(region: str) -> RegionProblem | None:
    """What is wrong with a 6-digit region code of a USCC (positions 3-8), if anything.

    ``"province"``: the first two digits are no province of GB/T 2260 (nor the national
    authority's 10); ``"prefecture"``: the province exists but the first four digits are no
    prefecture-level division of it, present or abolished since 2015. ``None``: plausible.
    """
    extra = _table().extra_regions
    province = region[:2] + "0000"
    if regions.lookup(province) is None and province not in extra:
        return "province"
    prefecture = region[:4] + "00"
    if prefecture == province or prefecture in extra or regions.lookup(prefecture) is not None:
        return None
    if not regions.cities(province) and province not in extra:
        return None  # Taiwan, Hong Kong, Macao: the bundled list has no prefectures there
    return "prefecture"
