"""Provinces, cities and cooperation zones named in imported cells.

Regions come from the bundled GB/T 2260 list (:mod:`coop_desktop.reference.regions`): a
6-digit code, or a name in Chinese (full, ``广东省``, or short, ``广东``; autonomous
prefectures also without their peoples, ``延边``) or English (``Guangdong``, ``Shenzhen
City``). :func:`read_region` also splits one cell holding both (``广东省深圳市南山区``).
A city that is not on the list (county level: ``昆山市``) is kept as a name without a code.

Zones are matched by name (Chinese or English, punctuation and brackets ignored), by the
key of the shipped list (``cn-de-jieyang``) or by id, against the live zones of the
database (:class:`ZoneIndex`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coop_desktop.exchange.cells import CellProblem, read_text, split_list
from coop_desktop.i18n.catalog import N_
from coop_desktop.reference import regions
from coop_desktop.reference.regions import Region

MSG_PROVINCE = N_("“{value}” is not a province of China (GB/T 2260).")
MSG_ZONE = N_("No cooperation zone is called “{value}”.")
MSG_ZONE_AMBIGUOUS = N_("“{value}” could be several cooperation zones: {names}. Use the full name.")

_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_PEOPLES = ("朝鲜", "土家", "苗", "侗", "布依", "彝", "藏", "羌", "傣", "景颇", "傈僳", "白",
            "哈尼", "壮", "回", "蒙古", "哈萨克", "柯尔克孜", "黎", "纳西", "傈僳", "怒", "普米",
            "独龙", "瑶", "水", "仫佬", "毛南", "锡伯", "达斡尔", "鄂温克", "满")
_PEOPLE_TAIL = re.compile("(?:" + "|".join(sorted(_PEOPLES, key=len, reverse=True)) + ")族$")
_EN_NOISE = re.compile(r"\b(province|municipality|autonomous region|special administrative "
                       r"region|sar|city|prefecture|shi|sheng)\b")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _EN_NOISE.sub(" ", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _short_zh(name: str, level: str) -> str:
    if level == "province":
        for suffix in _PROVINCE_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name
    for suffix in ("自治州", "地区", "盟", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    while (m := _PEOPLE_TAIL.search(name)) and m.start() >= 2:
        name = name[: m.start()]
    return name


@dataclass(frozen=True)
class _Index:
    provinces: dict[str, Region]
    cities: dict[str, tuple[Region, ...]]
    #: Chinese names of provinces (full and short), longest first, for prefix matching.
    province_prefixes: tuple[tuple[str, Region], ...]


@lru_cache(maxsize=1)
def _index() -> _Index:
    provinces: dict[str, Region] = {}
    cities: dict[str, list[Region]] = {}
    prefixes: list[tuple[str, Region]] = []
    for region in regions.all_regions():
        names = {region.code, region.name_zh, _short_zh(region.name_zh, region.level),
                 region.name_en}
        if region.level == "province":
            for name in names:
                provinces.setdefault(_key(name), region)
            prefixes += [(region.name_zh, region), (_short_zh(region.name_zh, "province"), region)]
        else:
            for name in names:
                found = cities.setdefault(_key(name), [])
                if region not in found:
                    found.append(region)
    prefixes.sort(key=lambda item: len(item[0]), reverse=True)
    return _Index(provinces, {k: tuple(v) for k, v in cities.items()}, tuple(prefixes))


def read_province(value: Any) -> str:
    """The province's code."""
    text = read_text(value).strip()
    region = _index().provinces.get(_key(text))
    if region is None and text.isdigit() and len(text) == 6:
        region = regions.province_of(text)
    if region is None:
        raise CellProblem(MSG_PROVINCE, value=text)
    return region.code


def _city(text: str, province: str | None) -> Region | None:
    """The one city of the list called ``text`` (in ``province`` if several are); one in
    another province is still returned, so that the form's check names the mismatch."""
    found = _index().cities.get(_key(text), ())
    inside = tuple(r for r in found if province and r.code[:2] == province[:2])
    if len(inside) == 1:
        return inside[0]
    return found[0] if len(found) == 1 else None


def read_city(value: Any, province: str | None = None) -> tuple[str | None, str | None]:
    """(city code, None) for a city of the list; (None, the name as written) otherwise.
    ``province``: the row's province code, to tell cities with the same name apart."""
    text = read_text(value).strip()
    region = _city(text, province)
    if region is None and text.isdigit() and len(text) == 6:
        region = regions.lookup(text)
    return (region.code, None) if region is not None else (None, text)


def read_region(value: Any) -> tuple[str | None, str | None, str | None]:
    """(province code, city code, other city name) from one cell such as 广东省深圳市."""
    text = unicodedata.normalize("NFKC", read_text(value)).strip()
    compact = "".join(text.split())
    index = _index()
    for name, province in index.province_prefixes:
        if compact.startswith(name):
            rest = compact[len(name):].lstrip("·-/,，、")
            if not rest:
                return province.code, None, None
            if province.code in ("110000", "120000", "310000", "500000") and rest[0] not in "市":
                city = regions.cities(province.code)
                return province.code, city[0].code if city else None, None
            for city in regions.cities(province.code):
                for city_name in (city.name_zh, _short_zh(city.name_zh, "city")):
                    if rest.startswith(city_name):
                        return province.code, city.code, None
            return province.code, None, _first_place(rest)
    if " " in text or "," in text:  # Shenzhen, Guangdong
        parts = [p for p in re.split(r"[\s,]+", text) if p]
        for i, part in enumerate(parts):
            province = index.provinces.get(_key(part))
            if province is not None:
                rest = " ".join(parts[:i] + parts[i + 1:])
                code, other = read_city(rest, province.code) if rest else (None, None)
                return province.code, code, other
    if (province := index.provinces.get(_key(text))) is not None:
        return province.code, None, None
    code, other = read_city(text)
    if code is not None:
        return None, code, None
    raise CellProblem(MSG_PROVINCE, value=text)


def _first_place(rest: str) -> str:
    """The first place name in what follows a province (昆山市周市镇 → 昆山市)."""
    m = re.match(r"(.+?(?:市|州|盟|县|区))", rest)
    return m.group(1) if m else rest


# ------------------------------------------------------------------ zones


class ZoneIndex:
    """The live zones of a database, by every name they can be given in a cell."""

    def __init__(self, zones: list[Any]) -> None:
        self.names: dict[str, list[tuple[int, str]]] = {}
        for zone in zones:
            for name in (zone.name_zh, zone.name_en, zone.source_key, str(zone.id)):
                if name:
                    found = self.names.setdefault(_key(name), [])
                    if all(z[0] != zone.id for z in found):
                        found.append((zone.id, zone.name_zh))

    @classmethod
    def load(cls, session: Any) -> ZoneIndex:
        from sqlmodel import col, select

        from coop_desktop.models import Zone

        return cls(list(session.exec(select(Zone).where(col(Zone.deleted_at).is_(None)))))

    def read(self, value: Any) -> list[int]:
        """The ids of the zones named in the cell (several separated like a list)."""
        ids: list[int] = []
        for item in split_list(value):
            found = self.names.get(_key(item), [])
            if not found:
                raise CellProblem(MSG_ZONE, value=item)
            if len(found) > 1:
                raise CellProblem(MSG_ZONE_AMBIGUOUS, value=item,
                                  names="、".join(name for _id, name in found))
            if found[0][0] not in ids:
                ids.append(found[0][0])
        return ids


__all__ = ["ZoneIndex", "read_city", "read_province", "read_region"]
