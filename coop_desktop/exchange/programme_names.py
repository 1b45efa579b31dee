"""SME industrial clusters and digital-transformation pilot cities named in exported and
imported cells (``enterprise.cluster_id`` → ``sme_cluster``, ``enterprise.pilot_city_id`` →
``pilot_city``).

**Export** (:func:`names_by_id`): one dict id → name per list, read once per export (a few
dozen rows), the name in Chinese or in English (the Chinese one when an item has no English
name). Items in the recycle bin are named too: a link the record still has is exported.

**Import** (:class:`ProgrammeIndex`): a cell names one cluster or pilot city by its Chinese
or English name or the key of the shipped list, compared after NFKC, trimming, spaces
collapsed (dropped beside Chinese characters) and case folded (``苏州市`` = ``苏州 市 ``,
``（`` = ``(``). When nothing has exactly
that name, a name without its province or city (``海淀区行业应用软件产业集群`` for
``北京市海淀区行业应用软件产业集群``), a name with its province or city written before it
(``广东省深圳市``, ``成都市青羊区航空配套产业集群``) and a whole-city pilot without ``市``
(``深圳``) are accepted when they name one item only. Live items come first; an item in the recycle bin is returned only when
no live one has the name (the importer then applies the form's rule: a link the record
already has stays, a new link to a recycled item is refused). Unknown names raise
:class:`~coop_desktop.exchange.cells.CellProblem` with a message saying the shipped list is
partial.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from sqlmodel import Session, select

from coop_desktop.exchange.cells import CellProblem, read_text
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import PilotCity, SmeCluster
from coop_desktop.reference import regions

Kind = Literal["cluster", "pilot_city"]
#: The table of each kind, and the enterprise field that links to it.
TABLES: dict[str, type[Any]] = {"cluster": SmeCluster, "pilot_city": PilotCity}
FIELDS: dict[str, str] = {"cluster": "cluster_id", "pilot_city": "pilot_city_id"}

MSG_UNKNOWN = {
    "cluster": N_("No SME industrial cluster called “{value}” is known. The list shipped with "
                  "the app is partial: link the enterprise to its cluster in the enterprise "
                  "form, or leave the cell empty."),
    "pilot_city": N_("No digital-transformation pilot city called “{value}” is known. The list "
                     "shipped with the app is partial: link the enterprise to its pilot city in "
                     "the enterprise form, or leave the cell empty."),
}
MSG_AMBIGUOUS = {
    "cluster": N_("“{value}” could be several SME industrial clusters: {names}. Use the full "
                  "name."),
    "pilot_city": N_("“{value}” could be several digital-transformation pilot cities: {names}. "
                     "Use the full name."),
}


#: A space next to a character outside ASCII (中 文, 区 行业): not part of a Chinese name.
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def name_key(text: str) -> str:
    """``text`` as names are compared: NFKC, trimmed, inner spaces collapsed (and dropped
    beside Chinese characters), case folded."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return _CJK_SPACE.sub("", text).casefold()


# ------------------------------------------------------------------ export
def names_by_id(session: Session, kind: Kind, *, chinese: bool) -> dict[int, str]:
    """Every cluster or pilot city (the recycle bin included) by id: its Chinese name, or
    with ``chinese=False`` its English name (the Chinese one when it has none)."""
    table = TABLES[kind]
    rows = session.execute(select(table.id, table.name_zh, table.name_en)).all()
    return {row_id: zh if chinese else (en or zh) for row_id, zh, en in rows}


# ------------------------------------------------------------------ import
@lru_cache(maxsize=1)
def _provinces() -> tuple[tuple[str, str, str], ...]:
    """(Chinese name, code, the suffix a short name leaves off) of every province, full
    (广东省, "") and short (广东, 省), longest first."""
    names: list[tuple[str, str, str]] = []
    for region in regions.provinces():
        names.append((region.name_zh, region.code, ""))
        for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"):
            if region.name_zh.endswith(suffix) and len(region.name_zh) > len(suffix) + 1:
                names.append((region.name_zh[: -len(suffix)], region.code, suffix))
                break
    return tuple(sorted(names, key=lambda item: len(item[0]), reverse=True))


def _without_province(text: str) -> tuple[str, str] | None:
    """(the rest, the province code) when ``text`` starts with a province's Chinese name
    and goes on after it (北京市海淀区… → 海淀区…; 北京市 alone is not split); else None."""
    for name, code, suffix in _provinces():
        if not text.startswith(name):
            continue
        rest = text[len(name):]
        if suffix and rest.startswith(suffix):
            continue  # 北京 + 市…: the full name is tried too
        rest = rest.lstrip(" ·-/,，、")
        if rest:
            return rest, code
    return None


@dataclass(frozen=True)
class _Item:
    id: int
    name_zh: str
    province: str | None
    live: bool


class ProgrammeIndex:
    """The clusters and pilot cities of a database, by every name a cell may give them
    (see the module docstring)."""

    def __init__(self, clusters: Iterable[Any] = (), pilot_cities: Iterable[Any] = ()) -> None:
        self.items: dict[str, dict[int, _Item]] = {"cluster": {}, "pilot_city": {}}
        self.exact: dict[str, dict[str, list[int]]] = {"cluster": {}, "pilot_city": {}}
        self.loose: dict[str, dict[str, list[int]]] = {"cluster": {}, "pilot_city": {}}
        for kind, rows in (("cluster", clusters), ("pilot_city", pilot_cities)):
            for row in rows:
                self._add(kind, row)

    def _add(self, kind: str, row: Any) -> None:
        province = (row.province_code or "")[:2] or None
        item = _Item(row.id, row.name_zh, province, row.deleted_at is None)
        self.items[kind][row.id] = item
        for name in (row.name_zh, row.name_en, row.source_key):
            if name and name.strip():
                _put(self.exact[kind], name_key(name), row.id)
        zh = name_key(row.name_zh)
        stripped = _without_province(zh)
        if stripped is not None and stripped[1][:2] == province and stripped[0]:
            _put(self.loose[kind], stripped[0], row.id)
        city = name_key(row.city_zh or "")
        if city and city != zh:
            if zh.startswith(city):  # 惠山区… for 无锡市惠山区…
                _put(self.loose[kind], zh[len(city):], row.id)
            elif city.endswith("市"):  # 成都市青羊区… for 青羊区…
                _put(self.loose[kind], city + zh, row.id)
        if kind == "pilot_city" and zh == city and zh.endswith("市") and len(zh) > 2:
            _put(self.loose[kind], zh[:-1], row.id)  # 深圳 for 深圳市

    @classmethod
    def load(cls, session: Session) -> ProgrammeIndex:
        """Both lists of the database, the recycle bin included (a few dozen rows)."""
        return cls(session.exec(select(SmeCluster)).all(), session.exec(select(PilotCity)).all())

    def name(self, kind: Kind, row_id: int | None) -> str | None:
        """The Chinese name of ``row_id`` (None for None or an id not in the index)."""
        item = self.items[kind].get(row_id) if row_id is not None else None
        return item.name_zh if item is not None else None

    def _found(self, kind: str, ids: Iterable[int], province: str | None = None) -> list[_Item]:
        items = self.items[kind]
        out = [items[i] for i in dict.fromkeys(ids)
               if province is None or items[i].province in (None, province[:2])]
        live = [i for i in out if i.live]
        return live or out

    def read(self, kind: Kind, value: Any) -> int:
        """The id of the cluster or pilot city the cell names (see the module docstring)."""
        text = read_text(value).strip()
        key = name_key(text)
        shown = text if len(text) <= 60 else text[:57] + "…"
        found = self._found(kind, self.exact[kind].get(key, ()))
        if not found:
            found = self._found(kind, self.loose[kind].get(key, ()))
        if not found and (split := _without_province(key)) is not None:
            rest, province = split
            found = self._found(kind, [*self.exact[kind].get(rest, ()),
                                       *self.loose[kind].get(rest, ())], province)
        if not found:
            raise CellProblem(MSG_UNKNOWN[kind], value=shown)
        if len(found) > 1:
            raise CellProblem(MSG_AMBIGUOUS[kind], value=shown,
                              names="、".join(item.name_zh for item in found))
        return found[0].id


def _put(index: dict[str, list[int]], key: str, row_id: int) -> None:
    ids = index.setdefault(key, [])
    if row_id not in ids:
        ids.append(row_id)


__all__ = ["FIELDS", "MSG_AMBIGUOUS", "MSG_UNKNOWN", "TABLES", "ProgrammeIndex", "name_key",
           "names_by_id"]
