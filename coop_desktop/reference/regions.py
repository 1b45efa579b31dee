"""China's administrative divisions (GB/T 2260): provinces and prefecture-level units.

Data: ``resources/regions/gb2260.json``, loaded once. It holds the 34 provincial-level
divisions (31 mainland, plus Taiwan 710000, Hong Kong 810000, Macao 820000) and every
prefecture-level division of the mainland (地级市, 自治州, 地区, 盟). The four
municipalities are also listed as their own single "city" (110100 北京市, 120100,
310100, 500100), so a province → city picker always has a second level. County-level
units (including province-administered ones such as 济源市 419001) are not included.

Codes are 6-digit strings. The file's ``confidence`` note applies: the list was
compiled by hand and should be checked against the current MCA list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from coop_desktop import paths
from coop_desktop.i18n.catalog import normalize_language

DATA_FILE = ("regions", "gb2260.json")

Level = Literal["province", "city"]


@dataclass(frozen=True)
class Region:
    """One division. ``level`` is ``"province"`` or ``"city"`` (prefecture level)."""

    code: str
    name_zh: str
    name_en: str
    level: Level

    def name(self, language: str | None = "en") -> str:
        """The name in ``language`` (``zh_CN`` → Chinese, anything else → English)."""
        return self.name_zh if normalize_language(language) == "zh_CN" else self.name_en


@dataclass(frozen=True)
class _Table:
    version: str
    confidence: str
    provinces: tuple[Region, ...]
    cities: dict[str, tuple[Region, ...]]  # province code -> its cities
    by_code: dict[str, Region]


@lru_cache(maxsize=1)
def _table() -> _Table:
    with paths.resource(*DATA_FILE).open(encoding="utf-8") as fh:
        data = json.load(fh)
    provinces: list[Region] = []
    cities: dict[str, tuple[Region, ...]] = {}
    by_code: dict[str, Region] = {}
    for p in data["provinces"]:
        province = Region(p["code"], p["name_zh"], p["name_en"], "province")
        provinces.append(province)
        children = tuple(
            Region(c["code"], c["name_zh"], c["name_en"], "city") for c in p.get("cities", [])
        )
        cities[province.code] = children
        for region in (province, *children):
            if region.code in by_code:
                raise RuntimeError(f"gb2260.json: duplicate code {region.code}")
            by_code[region.code] = region
    return _Table(data["version"], data["confidence"], tuple(provinces), cities, by_code)


def data_version() -> str:
    """The ``version`` string of the bundled list."""
    return _table().version


def data_confidence() -> str:
    """The ``confidence`` note of the bundled list (show it where users pick codes)."""
    return _table().confidence


def provinces() -> list[Region]:
    """All 34 provincial-level divisions, in code order (a new list each call)."""
    return list(_table().provinces)


def cities(province_code: str) -> list[Region]:
    """The prefecture-level divisions of ``province_code``, in code order.

    Returns ``[]`` for Taiwan / Hong Kong / Macao and for an unknown code.
    """
    return list(_table().cities.get(province_code, ()))


def lookup(code: str | None) -> Region | None:
    """The province or city with exactly this code, else ``None``."""
    if not isinstance(code, str):
        return None
    return _table().by_code.get(code)


def province_of(code: str | None) -> Region | None:
    """The province a 6-digit code belongs to (by its first two digits), else ``None``.

    Works for any well-formed code, including county-level codes that are not in the
    table (``"440305"`` → Guangdong).
    """
    if not isinstance(code, str):
        return None
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    return _table().by_code.get(code[:2] + "0000")


def all_regions() -> list[Region]:
    """Every province and city, provinces each followed by their cities."""
    table = _table()
    out: list[Region] = []
    for province in table.provinces:
        out.append(province)
        out.extend(table.cities[province.code])
    return out
