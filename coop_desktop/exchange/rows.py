"""One row of an imported file, read through the mapping into field values.

:class:`RowReader` turns ``(row_number, cells)`` into a :class:`RowInput`: the enterprise
fields of its non-empty mapped cells, the contact and zone parts, the fields whose mapped
cell is empty, and the problems of the cells that could not be read (each naming its
column). Nothing is checked against the database or the form's rules here: that is
:mod:`coop_desktop.exchange.importer`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coop_desktop.exchange import cells as c
from coop_desktop.exchange import places
from coop_desktop.exchange.programme_names import ProgrammeIndex
from coop_desktop.exchange.fields import CONTACT, ENTERPRISE, TARGETS, ZONE_LINK
from coop_desktop.exchange.mapping import ColumnMap, Mapping
from coop_desktop.exchange.report import Problem
from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import N_
from coop_desktop.text import is_cjk

MSG_TWO_CURRENCIES = N_("The registered capital is given in {cell}, but the currency column says "
                        "{column}.")

#: Which enterprise fields a target fills.
TARGET_FIELDS: dict[str, tuple[str, ...]] = {
    **{k: (k,) for k, t in TARGETS.items() if t.part == ENTERPRISE and k != "region"},
    "region": ("province_code", "city_code"),
    "city_code": ("city_code",),
}
_READERS = {
    "date": None, "money": None, "region": None, "city": None, "province": None, "zone": None,
    "cluster": None, "pilot_city": None,
    "uscc": c.read_code, "name": c.read_text, "text": c.read_text, "currency": c.read_currency,
    "integer": c.read_integer, "percent": c.read_percent, "countries": c.read_countries,
    "tags": c.read_tags, "industry": c.read_industry, "legal_form": c.read_legal_form,
}
#: Cells read in this order: a province before the city it disambiguates.
_ORDER = {"province_code": 0, "city_code": 1, "region": 2}


@dataclass
class RowInput:
    number: int
    blank: bool = False
    uscc: str | None = None
    enterprise: dict[str, Any] = field(default_factory=dict)
    #: Enterprise fields whose mapped cell is empty.
    empty: set[str] = field(default_factory=set)
    contact: dict[str, Any] = field(default_factory=dict)
    zones: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The currency the registered capital's cell states (100万美元).
    capital_currency: str | None = None

    @property
    def enterprise_data(self) -> bool:
        """Whether the row gives any enterprise field besides the USCC."""
        return any(k != "uscc" for k in self.enterprise)


class RowReader:
    """Reads rows through ``mapping`` (see the module docstring)."""

    def __init__(self, mapping: Mapping, *, zones: places.ZoneIndex | None = None,
                 programmes: ProgrammeIndex | None = None, epoch: date | None = None) -> None:
        self.columns = sorted((col for col in mapping.columns if col.target),
                              key=lambda col: (_ORDER.get(col.target or "", -1), col.index))
        self.zones = zones
        #: The clusters and pilot cities, for the ``cluster_id`` / ``pilot_city_id`` cells.
        self.programmes = programmes or ProgrammeIndex()
        self.epoch = epoch or c.EXCEL_EPOCH
        targets = mapping.by_target()
        self.currency_column = targets.get("registered_capital_currency")
        #: field -> header of the column it comes from (for the problems of a row).
        self.field_columns: dict[str, str] = {}
        for col in self.columns:
            target = TARGETS[col.target or ""]
            for name in TARGET_FIELDS.get(target.key, (target.key,)):
                self.field_columns.setdefault(name, col.header)
        for name in ("city_zh", "city_en"):
            if "city_code" in self.field_columns:
                self.field_columns.setdefault(name, self.field_columns["city_code"])

    def read(self, number: int, cells: list[Any]) -> RowInput:
        row = RowInput(number)
        filled = False
        for col in self.columns:
            value = cells[col.index] if col.index < len(cells) else None
            target = TARGETS[col.target or ""]
            if c.is_blank(value):
                if target.part == ENTERPRISE:
                    row.empty.update(TARGET_FIELDS.get(target.key, (target.key,)))
                continue
            filled = True
            try:
                c.check_cell(value)
                self._read(row, col, target.key, target.kind, value)
            except c.CellProblem as problem:
                row.problems.append(Problem(number, col.header, target.key, problem.message))
        row.blank = not filled
        self._currency(row)
        if row.enterprise.get("city_code"):
            row.enterprise.setdefault("city_zh", None)
            row.enterprise.setdefault("city_en", None)
        return row

    def _read(self, row: RowInput, col: ColumnMap, key: str, kind: str, value: Any) -> None:
        target = TARGETS[key]
        ent = row.enterprise
        if target.part == CONTACT:
            row.contact[target.field] = c.read_text(value)
        elif target.part == ZONE_LINK:
            row.zones = self.zones.read(value) if self.zones is not None else []
        elif kind == "uscc":
            row.uscc = ent["uscc"] = c.read_code(value)
        elif kind == "money":
            fen, currency = c.read_money(value, col.unit_fen,
                                         currency_ok=key == "registered_capital_fen")
            ent[key] = fen
            if key == "registered_capital_fen":
                row.capital_currency = currency
        elif kind == "date":
            ent[key] = c.read_date(value, epoch=self.epoch)
        elif kind in ("cluster", "pilot_city"):
            ent[key] = self.programmes.read(kind, value)  # type: ignore[arg-type]
        elif kind == "province":
            ent["province_code"] = places.read_province(value)
        elif kind == "city":
            self._city(ent, *places.read_city(value, ent.get("province_code")))
        elif kind == "region":
            province, city, other = places.read_region(value)
            if province and "province_code" not in ent:
                ent["province_code"] = province
            if "city_code" not in ent and "city_zh" not in ent and "city_en" not in ent:
                self._city(ent, city, other)
        else:
            ent[key] = _READERS[kind](value)  # type: ignore[misc]

    def _city(self, ent: dict[str, Any], code: str | None, other: str | None) -> None:
        if code is not None:
            ent["city_code"] = code
        elif other:
            ent["city_code"] = None
            ent["city_zh" if any(is_cjk(ch) for ch in other) else "city_en"] = other

    def _currency(self, row: RowInput) -> None:
        """The registered capital's currency: its column's, else the one its amount states."""
        stated = row.capital_currency
        given = row.enterprise.get("registered_capital_currency")
        if stated is None:
            return
        if given is None:
            row.enterprise["registered_capital_currency"] = stated
        elif given != stated:
            column = self.currency_column.header if self.currency_column else None
            row.problems.append(Problem(row.number, column, "registered_capital_currency",
                                        Message(MSG_TWO_CURRENCIES, {"cell": stated,
                                                                     "column": given})))
