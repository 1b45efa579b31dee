"""The exportable lists: their columns (headers in Chinese and English, types) and rows.

:func:`enterprise_listing` streams the enterprise list of an
:class:`~coop_desktop.db.repositories.enterprises.EnterpriseQuery` (the list page's search,
filters and sort) in blocks of :data:`BLOCK` rows; zones, events, applications and glossary
terms are small lists (hundreds of rows) read at once, optionally restricted to and ordered
by the ids a screen shows.

**The enterprise columns** are the record's own fields (what the form edits and what an
import reads back, headers in :data:`ENTERPRISE_COLUMNS`) plus three that are worked out and
only informative: size class, active SRDI titles and last change. Coded values (legal form,
industry, size class, province) are written as their names in the chosen language; countries
as ISO codes (``DE, CZ``: unambiguous in both languages); tags and countries joined by
``, ``. Money is in 万元 (see :mod:`coop_desktop.exchange.export_table`).

The SME industrial cluster and the digital-transformation pilot city (``cluster``,
``pilot_city``; part of every field, since an import reads them back) are written as their
names in the header language: Chinese for ``zh`` and ``both`` headers (the official names),
English for ``en`` (Chinese where an item has no English name); empty when not linked. The
names are read once per export (:func:`~coop_desktop.exchange.programme_names.names_by_id`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from coop_desktop.db import Database
from coop_desktop.db.repositories import enterprises as repo
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.exchange.export_table import (
    DATE, DATETIME, INTEGER, LIST, MONEY, PERCENT, TEXT, YEAR, Column, Listing,
)
from coop_desktop.exchange.programme_names import names_by_id
from coop_desktop.i18n.catalog import N_, Translator, translator
from coop_desktop.models import LABELS, Enterprise, SrdiTitle, TitleStatus
from coop_desktop.reference import regions
from coop_desktop.rules import industry_label, size_class_label

#: Enterprises read from the database per block (one query each, plus one for the titles).
BLOCK = 500

MSG_UNKNOWN_COLUMN = N_("Unknown column “{column}”. The columns of this list are: {known}.")
MSG_NO_COLUMNS = N_("Choose at least one column to export.")

KINDS = ("enterprises", "zones", "events", "applications", "glossary")


@lru_cache(maxsize=2)
def _tr(language: str) -> Translator:
    return translator(language)


def _label(value: str | None, language: str) -> str | None:
    """An enum value's label (``LABELS``) in ``language``; an unknown value as it is."""
    if not value:
        return None
    msgid = LABELS.get(value)
    return _tr(language).gettext(msgid) if msgid else value


def _safe(fn: Callable[[str, str], str], key: str | None, language: str) -> str | None:
    if not key:
        return None
    try:
        return fn(key, language)
    except ValueError:  # a value the rules no longer know: keep it raw
        return key


def _attr(name: str) -> Callable[[Any, str], Any]:
    return lambda row, _language: getattr(row, name)


def _col(key: str, zh: str, en: str, kind: str = TEXT, get: Callable[[Any, str], Any] | None = None,
         width: int | None = None) -> Column:
    return Column(key, zh, en, kind, get or _attr(key), width)


# ------------------------------------------------------------------ enterprises
def _province(row: Any, language: str) -> str | None:
    region = regions.lookup(row.province_code)
    if region is None:
        return row.province_code
    return region.name(language)


def _city(row: Any, language: str) -> str | None:
    if language == "zh_CN":
        return row.city_zh or row.city_en
    return row.city_en or row.city_zh


ENTERPRISE_COLUMNS: tuple[Column, ...] = (
    _col("name_zh", "企业名称", "Company name"),
    _col("name_en", "英文名称", "English name"),
    _col("uscc", "统一社会信用代码", "USCC", width=22),
    _col("legal_form", "企业类型", "Legal form", get=lambda r, lang: _label(r.legal_form, lang)),
    _col("legal_rep", "法定代表人", "Legal representative"),
    _col("registered_capital_fen", "注册资本（万元）", "Registered capital (CNY 10,000)", MONEY),
    _col("registered_capital_currency", "注册资本币种", "Capital currency"),
    _col("established_on", "成立日期", "Established on", DATE),
    _col("province", "省份", "Province", get=_province),
    _col("city", "城市", "City", get=_city),
    _col("address_zh", "地址", "Address (Chinese)"),
    _col("address_en", "英文地址", "Address (English)"),
    _col("industry", "所属行业", "Industry",
         get=lambda r, lang: _safe(industry_label, r.industry, lang)),
    _col("employees", "从业人员（人）", "Employees", INTEGER),
    _col("revenue_fen", "营业收入（万元）", "Operating revenue (CNY 10,000)", MONEY),
    _col("total_assets_fen", "资产总额（万元）", "Total assets (CNY 10,000)", MONEY),
    _col("main_business_share", "主营业务收入占比", "Main-business revenue share", PERCENT),
    _col("rd_expense_fen", "研发费用（万元）", "R&D expense (CNY 10,000)", MONEY),
    _col("rd_staff", "研发人员（人）", "R&D staff", INTEGER),
    _col("digitalisation_level", "数字化水平等级", "Digitalisation level", INTEGER),
    _col("export_markets", "出口市场", "Export markets", LIST),
    _col("target_countries", "目标国家", "Target countries", LIST),
    _col("website", "网站", "Website"),
    _col("business_scope_zh", "经营范围", "Business scope (Chinese)", width=40),
    _col("business_scope_en", "英文经营范围", "Business scope (English)", width=40),
    _col("description_zh", "企业简介", "Description (Chinese)", width=40),
    _col("description_en", "英文简介", "Description (English)", width=40),
    _col("tags", "标签", "Tags", LIST),
    _col("cluster", "中小企业特色产业集群", "SME industrial cluster",
         get=lambda r, _lang: getattr(r, "cluster_name", None)),
    _col("pilot_city", "数字化转型试点城市", "Digital-transformation pilot city",
         get=lambda r, _lang: getattr(r, "pilot_city_name", None)),
    # Worked out, not typed: informative only (an import does not read them).
    _col("size_class", "企业规模", "Size class",
         get=lambda r, lang: _safe(size_class_label, r.size_class, lang)),
    _col("srdi_titles", "专精特新称号", "SRDI titles", LIST,
         get=lambda r, _lang: getattr(r, "srdi_titles", None)),
    _col("updated_at", "更新时间", "Updated", DATETIME),
)
ENTERPRISE_KEYS = tuple(c.key for c in ENTERPRISE_COLUMNS)
#: Columns that are worked out by the app (an import ignores them).
DERIVED = frozenset({"size_class", "srdi_titles", "updated_at"})

#: Database columns each export column reads.
_SOURCES: dict[str, tuple[str, ...]] = {
    "province": ("province_code",),
    "city": ("city_zh", "city_en"),
    "srdi_titles": (),
    "cluster": ("cluster_id",),
    "pilot_city": ("pilot_city_id",),
}
#: The programme columns (each named like its ``programme_names`` kind).
_PROGRAMMES = ("cluster", "pilot_city")


def _columns(all_columns: Sequence[Column], keys: Iterable[str] | None) -> list[Column]:
    if keys is None:
        return list(all_columns)
    by_key = {c.key: c for c in all_columns}
    chosen: list[Column] = []
    for key in keys:
        if key not in by_key:
            raise CoopError(MSG_UNKNOWN_COLUMN, column=key,
                            known=", ".join(c.key for c in all_columns))
        if by_key[key] not in chosen:
            chosen.append(by_key[key])
    if not chosen:
        raise CoopError(MSG_NO_COLUMNS)
    return chosen


def _titles(session: Any, ids: list[int], language: str, today: date) -> dict[int, list[str]]:
    """The active SRDI titles of ``ids``: "专精特新中小企业（省级）"."""
    stmt = (select(SrdiTitle.enterprise_id, SrdiTitle.tier, SrdiTitle.level, SrdiTitle.expires_on)
            .where(col(SrdiTitle.enterprise_id).in_(ids), col(SrdiTitle.deleted_at).is_(None),
                   SrdiTitle.status == TitleStatus.ACTIVE.value)
            .order_by(SrdiTitle.enterprise_id, SrdiTitle.tier))
    out: dict[int, list[str]] = {}
    zh = language == "zh_CN"
    for enterprise_id, tier, level, expires in session.execute(stmt):
        if expires is not None and expires < today:
            continue
        tier_text, level_text = _label(tier, language), _label(level, language)
        text = f"{tier_text}（{level_text}）" if zh else f"{tier_text} ({level_text})"
        out.setdefault(enterprise_id, []).append(text)
    return out


class _TitledRow:
    """A database row plus its SRDI titles and the names of its SME cluster and pilot city
    (attribute access for the column getters)."""

    __slots__ = ("_row", "cluster_name", "pilot_city_name", "srdi_titles")

    def __init__(self, row: Any, titles: list[str] | None, cluster_name: str | None = None,
                 pilot_city_name: str | None = None) -> None:
        self._row = row
        self.srdi_titles = titles
        self.cluster_name = cluster_name
        self.pilot_city_name = pilot_city_name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


def enterprise_listing(db: Database, query: EnterpriseQuery | None = None, *,
                       columns: Iterable[str] | None = None, language: str = "zh_CN",
                       today: date | None = None, headers: str | None = None) -> Listing:
    """The enterprises of ``query`` (its filters, search and sort; default: every live
    enterprise by Chinese name) with ``columns`` (keys of :data:`ENTERPRISE_COLUMNS`;
    default: all). The matching ids are read now; the rows block by block when written.
    ``headers`` (zh, en, both) picks the language of the cluster and pilot-city names
    (None: ``language``'s; see the module docstring)."""
    query = query or EnterpriseQuery()
    chosen = _columns(ENTERPRISE_COLUMNS, columns)
    chinese = headers in ("zh", "both") if headers is not None else language == "zh_CN"
    keys = {c.key for c in chosen}
    with db.read() as session:
        ids = repo.ids(session, query)
        names = {kind: names_by_id(session, kind, chinese=chinese)  # type: ignore[arg-type]
                 for kind in _PROGRAMMES if kind in keys}
    table = Enterprise.__table__  # type: ignore[attr-defined]
    wanted = {"id"}
    for column in chosen:
        wanted.update(_SOURCES.get(column.key, (column.key,)))
    selected = [table.c[name] for name in table.c.keys() if name in wanted]
    titles = "srdi_titles" in keys
    wrapped = titles or bool(names)
    clusters, pilots = names.get("cluster", {}), names.get("pilot_city", {})
    day = today or date.today()

    def blocks() -> Iterator[list[Any]]:
        with db.read() as session:
            for start in range(0, len(ids), BLOCK):
                chunk = ids[start:start + BLOCK]
                stmt = select(*selected).where(table.c.id.in_(chunk))
                stmt = stmt.where(table.c.deleted_at.is_not(None) if query.deleted
                                  else table.c.deleted_at.is_(None))
                found = {row.id: row for row in session.execute(stmt)}
                held = _titles(session, chunk, language, day) if titles else {}
                rows: list[Any] = []
                for i in chunk:
                    row = found.get(i)
                    if row is None:  # gone since the ids were read: skipped
                        continue
                    if wrapped:
                        row = _TitledRow(row, held.get(i),
                                         clusters.get(row.cluster_id) if clusters else None,
                                         pilots.get(row.pilot_city_id) if pilots else None)
                    rows.append(row)
                yield rows

    return Listing("enterprises", "企业名录", "Enterprises", chosen, len(ids), blocks)


# ------------------------------------------------------------------ the small lists
def _bilingual(zh: str, en: str) -> Callable[[Any, str], Any]:
    return lambda row, lang: (getattr(row, zh) or getattr(row, en)) if lang == "zh_CN" else (
        getattr(row, en) or getattr(row, zh))


ZONE_COLUMNS: tuple[Column, ...] = (
    _col("name_zh", "园区名称", "Zone name (Chinese)"),
    _col("name_en", "英文名称", "Zone name (English)"),
    _col("partner_countries", "合作国别", "Partner countries", LIST),
    _col("partner_label", "合作方", "Partner", get=_bilingual("partner_label_zh",
                                                              "partner_label_en")),
    _col("province", "省份", "Province", get=_bilingual("province_zh", "province_en")),
    _col("city", "城市", "City", get=_bilingual("city_zh", "city_en")),
    _col("batch", "批次", "Batch", get=lambda r, lang: _label(r.batch, lang)),
    _col("recognised_year", "认定年份", "Recognised in", YEAR),
    _col("valid_until_year", "有效期至", "Valid until", YEAR),
    _col("focus_industries", "重点产业", "Focus industries",
         get=_bilingual("focus_industries_zh", "focus_industries_en"), width=40),
    _col("management_body", "管理机构", "Management body"),
    _col("website", "网站", "Website"),
    _col("contacts", "联系方式", "Contacts", width=30),
    _col("notes", "备注", "Notes", width=30),
    _col("updated_at", "更新时间", "Updated", DATETIME),
)

EVENT_COLUMNS: tuple[Column, ...] = (
    _col("name_zh", "活动名称", "Event name (Chinese)"),
    _col("name_en", "英文名称", "Event name (English)"),
    _col("kind", "活动类型", "Kind", get=lambda r, lang: _label(r.kind, lang)),
    _col("starts_on", "开始日期", "Starts on", DATE),
    _col("ends_on", "结束日期", "Ends on", DATE),
    _col("place", "地点", "Place", get=_bilingual("place_zh", "place_en")),
    _col("partner_country", "合作国别", "Partner country"),
    _col("zone", "合作园区", "Cooperation zone", get=lambda r, _lang: getattr(r, "zone_name", None)),
    _col("notes", "备注", "Notes", width=30),
)

APPLICATION_COLUMNS: tuple[Column, ...] = (
    _col("enterprise", "企业名称", "Company name",
         get=_bilingual("enterprise_name_zh", "enterprise_name_en")),
    _col("title_zh", "申报标题", "Title (Chinese)"),
    _col("title_en", "英文标题", "Title (English)"),
    _col("template", "申报模板", "Template", get=lambda r, lang: _template_title(r.template_key,
                                                                               lang)),
    _col("status", "状态", "Status", get=lambda r, lang: _status(r.status, lang)),
    _col("revision", "版本", "Revision", INTEGER),
    _col("deadline", "截止日期", "Deadline", DATE),
    _col("completeness_zh", "中文完成度", "Done (Chinese)", PERCENT,
         get=lambda r, _lang: round(r.completeness_zh * 100, 2)),
    _col("completeness_en", "英文完成度", "Done (English)", PERCENT,
         get=lambda r, _lang: round(r.completeness_en * 100, 2)),
    _col("updated_at", "更新时间", "Updated", DATETIME),
)

GLOSSARY_COLUMNS: tuple[Column, ...] = (
    _col("zh", "中文术语", "Chinese term"),
    _col("en", "英文术语", "English term"),
    _col("note", "备注", "Notes", width=40),
)


def _template_title(key: str, language: str) -> str:
    from coop_desktop.documents.templates import TemplateError, get_template

    try:
        return get_template(key).title(language)
    except TemplateError:
        return key


def _status(status: str, language: str) -> str:
    from coop_desktop.services.applications import status_label

    return status_label(status, _tr(language))


def _ordered(rows: list[Any], ids: Sequence[int] | None) -> list[Any]:
    if ids is None:
        return rows
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _small(kind: str, title_zh: str, title_en: str, all_columns: Sequence[Column],
           rows: list[Any], ids: Sequence[int] | None, columns: Iterable[str] | None) -> Listing:
    chosen = _columns(all_columns, columns)
    ordered = _ordered(rows, ids)
    return Listing(kind, title_zh, title_en, chosen, len(ordered),
                   lambda: iter([ordered[i:i + BLOCK] for i in range(0, len(ordered), BLOCK)]))


class _EventRow:
    __slots__ = ("_row", "zone_name")

    def __init__(self, row: Any, zone_name: str | None) -> None:
        self._row, self.zone_name = row, zone_name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


def zone_listing(db: Database, ids: Sequence[int] | None = None, *,
                 columns: Iterable[str] | None = None, language: str = "zh_CN") -> Listing:
    from coop_desktop.services.catalog import zones

    return _small("zones", "合作园区", "Cooperation zones", ZONE_COLUMNS, zones.list(db), ids,
                  columns)


def event_listing(db: Database, ids: Sequence[int] | None = None, *,
                  columns: Iterable[str] | None = None, language: str = "zh_CN") -> Listing:
    from coop_desktop.services.catalog import zones
    from coop_desktop.services.events import events

    names = {z.id: (z.name_zh if language == "zh_CN" else z.name_en or z.name_zh)
             for z in zones.list(db)}
    rows = [_EventRow(e, names.get(e.zone_id) if e.zone_id is not None else None)
            for e in events.list(db)]
    return _small("events", "活动", "Events", EVENT_COLUMNS, rows, ids, columns)


def application_listing(db: Database, ids: Sequence[int] | None = None, *,
                        columns: Iterable[str] | None = None, language: str = "zh_CN") -> Listing:
    from coop_desktop.services.applications import list_applications

    return _small("applications", "申报材料", "Applications", APPLICATION_COLUMNS,
                  list_applications(db), ids, columns)


def glossary_listing(db: Database, ids: Sequence[int] | None = None, *,
                     columns: Iterable[str] | None = None, language: str = "zh_CN") -> Listing:
    from coop_desktop.services.catalog import glossary

    return _small("glossary", "术语表", "Glossary", GLOSSARY_COLUMNS, glossary.list(db), ids,
                  columns)


#: Columns that hold ISO country codes (a printout shows the names).
COUNTRY_COLUMNS = frozenset({"export_markets", "target_countries", "partner_countries",
                             "partner_country"})

#: Every column of each list, by list kind.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "enterprises": ENTERPRISE_COLUMNS, "zones": ZONE_COLUMNS, "events": EVENT_COLUMNS,
    "applications": APPLICATION_COLUMNS, "glossary": GLOSSARY_COLUMNS,
}

__all__ = ["APPLICATION_COLUMNS", "BLOCK", "COLUMNS", "COUNTRY_COLUMNS", "DERIVED",
           "ENTERPRISE_COLUMNS", "ENTERPRISE_KEYS", "EVENT_COLUMNS", "GLOSSARY_COLUMNS", "KINDS",
           "ZONE_COLUMNS", "application_listing", "enterprise_listing", "event_listing", "glossary_listing",
           "zone_listing"]
