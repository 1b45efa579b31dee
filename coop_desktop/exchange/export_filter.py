"""The enterprise list's filter in words: parsed from ``--filter KEY=VALUE`` (the command
line) and described for the header of a printed list.

The keys are the list page's filters (:class:`~coop_desktop.db.repositories.enterprises.
EnterpriseQuery`): ``text`` (the search box), ``province``, ``city``, ``industry``, ``size``,
``tier`` (holds an active SRDI title of that tier), ``expiring`` (a title expires within N
days), ``country`` (target country), ``zone``, ``status`` (zone link status), ``cluster``
(linked to that characteristic SME industrial cluster), ``pilot`` (linked to that SME
digital-transformation pilot city) and ``tag`` (repeatable: all must be present). A value
may be the code (``440000``, ``industry``, ``little_giant``, ``DE``, a zone's, cluster's or
pilot city's id) or the name in Chinese or English (``广东省``/``广东``/``Guangdong``,
``工业``, ``专精特新“小巨人”企业``, ``德国``/``Germany``, ``深圳市``). ``cluster`` and ``pilot``
also take ``any`` (linked to one) and ``none`` (linked to none), or 任一 / 无.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from coop_desktop import text as text_mod
from coop_desktop.db.repositories.enterprises import SORTS, EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_, Translator, translator
from coop_desktop.models import LABELS, LinkStatus, TitleTier
from coop_desktop.reference import countries, regions
from coop_desktop.rules import INDUSTRIES, SIZE_CLASSES, industry_label, size_class_label

#: Filter keys (command line) → ``EnterpriseQuery`` fields.
KEYS: dict[str, str] = {
    "text": "text", "province": "province_code", "city": "city_code", "industry": "industry",
    "size": "size_class", "tier": "tier", "expiring": "expiring_within_days",
    "country": "target_country", "zone": "zone_id", "status": "link_status",
    "cluster": "cluster_id", "pilot": "pilot_city_id", "tag": "tags",
}
#: Other names accepted for the keys.
ALIASES = {"search": "text", "q": "text", "size_class": "size", "srdi": "tier",
           "target_country": "country", "link_status": "status", "tags": "tag",
           "expiring_within_days": "expiring", "sme_cluster": "cluster", "cluster_id": "cluster",
           "pilot_city": "pilot", "pilot_city_id": "pilot", "pilot_cities": "pilot"}
#: ``cluster=any`` / ``pilot=none``: the words for "linked to one" and "linked to none".
ANY_WORDS = frozenset({"any", "yes", "任一", "任意", "是"})
NONE_WORDS = frozenset({"none", "no", "无", "否", "未加入"})
#: The ``EnterpriseQuery`` field each of ``cluster`` and ``pilot`` sets for any / none.
ANY_FIELDS = {"cluster": "in_cluster", "pilot": "in_pilot_city"}

MSG_FILTER_FORM = N_("A filter is written KEY=VALUE (for example province=广东省); “{item}” is "
                     "not.")
MSG_FILTER_KEY = N_("Unknown filter “{key}”. The filters are: {known}.")
MSG_FILTER_VALUE = N_("The {key} filter does not know “{value}”.")
MSG_FILTER_DAYS = N_("The expiring filter takes a number of days (0 to 3650); “{value}” is not.")
MSG_SORT = N_("Unknown sort “{sort}”. Sort by one of: {known}.")


def _fold(value: str) -> str:
    return text_mod.normalize(value).casefold()


def _choose(key: str, value: str, choices: Iterable[tuple[str, Sequence[str]]]) -> str:
    """The code whose code or one of whose names is ``value`` (case and width folded); else
    the only one with a name that starts with ``value`` (``广东`` → ``广东省``), else the
    only one with a name that contains it (``小巨人``)."""
    wanted = _fold(value)
    starts: set[str] = set()
    contains: set[str] = set()
    for code, names in choices:
        folded = [_fold(n) for n in (code, *names) if n]
        if wanted in folded:
            return code
        if any(n.startswith(wanted) for n in folded[1:]):
            starts.add(code)
        if any(wanted in n for n in folded[1:]):
            contains.add(code)
    for found in (starts, contains):
        if len(found) == 1:
            return next(iter(found))
    raise CoopError(MSG_FILTER_VALUE, key=key, value=value)


def _labels(values: Iterable[str]) -> list[tuple[str, Sequence[str]]]:
    zh, en = translator("zh_CN"), translator("en")
    return [(v, (zh.gettext(LABELS[v]), LABELS[v])) for v in values]


def _zone(value: str, zones: Sequence[Any]) -> int:
    if value.isdigit():
        return int(value)
    return int(_choose("zone", value, [(str(z.id), (z.name_zh, z.name_en or "", z.source_key
                                                     or "")) for z in zones]))


def _programme(key: str, value: str, items: Sequence[Any]) -> int | bool:
    """An id (a number, or a cluster's / pilot city's name), or True / False for any / none."""
    folded = _fold(value)
    if folded in ANY_WORDS:
        return True
    if folded in NONE_WORDS:
        return False
    if value.isdigit():
        return int(value)
    return int(_choose(key, value, [(str(p.id), (p.name_zh, p.name_en or "")) for p in items]))


def _resolvers(zones: Callable[[], Sequence[Any]], clusters: Callable[[], Sequence[Any]],
               pilot_cities: Callable[[], Sequence[Any]]) -> dict[str, Callable[[str], Any]]:
    return {
        "text": text_mod.normalize,
        "province": lambda v: _choose("province", v, [
            (r.code, (r.name_zh, r.name_en)) for r in regions.provinces()]),
        "city": lambda v: _choose("city", v, [
            (r.code, (r.name_zh, r.name_en)) for r in regions.all_regions()
            if r.level == "city"]),
        "industry": lambda v: _choose("industry", v, [
            (k, (industry_label(k, "zh_CN"), industry_label(k, "en"))) for k in INDUSTRIES]),
        "size": lambda v: _choose("size", v, [
            (k, (size_class_label(k, "zh_CN"), size_class_label(k, "en")))
            for k in SIZE_CLASSES]),
        "tier": lambda v: _choose("tier", v, _labels(t.value for t in TitleTier)),
        "expiring": _days,
        "country": lambda v: _choose("country", v, [
            (code, (name, countries.country_name(code, "zh_CN")))
            for code, name in countries.all_countries("en")]),
        "zone": lambda v: _zone(v, zones()),
        "status": lambda v: _choose("status", v, _labels(s.value for s in LinkStatus)),
        "cluster": lambda v: _programme("cluster", v, clusters()),
        "pilot": lambda v: _programme("pilot", v, pilot_cities()),
        "tag": text_mod.normalize,
    }


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise CoopError(MSG_FILTER_DAYS, value=value) from None
    if not 0 <= days <= 3650:
        raise CoopError(MSG_FILTER_DAYS, value=value)
    return days


def parse_filters(items: Iterable[str], *, zones: Callable[[], Sequence[Any]] = lambda: (),
                  clusters: Callable[[], Sequence[Any]] = lambda: (),
                  pilot_cities: Callable[[], Sequence[Any]] = lambda: (),
                  sort: str | None = None, descending: bool = False) -> EnterpriseQuery:
    """An ``EnterpriseQuery`` from ``KEY=VALUE`` items (see the module docstring); ``zones``,
    ``clusters`` and ``pilot_cities`` give those lists (for one named rather than numbered:
    anything with ``id``, ``name_zh`` and ``name_en``)."""
    resolve = _resolvers(zones, clusters, pilot_cities)
    fields: dict[str, Any] = {}
    tags: list[str] = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lower().replace("-", "_")
        key = ALIASES.get(key, key)
        value = value.strip()
        if not sep or not key or not value:
            raise CoopError(MSG_FILTER_FORM, item=item)
        if key not in KEYS:
            raise CoopError(MSG_FILTER_KEY, key=key, known=", ".join(KEYS))
        resolved = resolve[key](value)
        if key == "tag":
            tags.append(resolved)
        elif isinstance(resolved, bool):  # cluster=any / pilot=none
            fields[ANY_FIELDS[key]] = resolved
        else:
            fields[KEYS[key]] = resolved
    query = EnterpriseQuery(**fields, tags=tuple(tags))
    if sort is not None:
        if sort == "revenue":
            sort = "revenue_fen"
        if sort not in SORTS:
            raise CoopError(MSG_SORT, sort=sort, known=", ".join(
                s.replace("revenue_fen", "revenue") for s in SORTS))
        query = replace(query, sort=sort)
    return replace(query, descending=descending)


# ------------------------------------------------------------------ describing
#: What each filter is called (English msgids).
FILTER_LABELS = {
    "text": N_("Search"), "province_code": N_("Province"), "city_code": N_("City"),
    "industry": N_("Industry"), "size_class": N_("Size class"), "tier": N_("SRDI title"),
    "expiring_within_days": N_("Title expiring within"), "target_country": N_("Target country"),
    "zone_id": N_("Cooperation zone"), "link_status": N_("Zone link status"), "tags": N_("Tags"),
    "cluster_id": N_("SME industrial cluster"), "in_cluster": N_("SME industrial cluster"),
    "pilot_city_id": N_("Digital-transformation pilot city"),
    "in_pilot_city": N_("Digital-transformation pilot city"),
}
#: How "linked to any" (True) and "linked to none" (False) read.
ANY_LABELS = {
    "in_cluster": {True: N_("any cluster"), False: N_("no cluster")},
    "in_pilot_city": {True: N_("any pilot city"), False: N_("no pilot city")},
}


def describe(query: EnterpriseQuery, tr: Translator, *,
             zone_name: Callable[[int], str | None] = lambda _id: None,
             cluster_name: Callable[[int], str | None] = lambda _id: None,
             pilot_city_name: Callable[[int], str | None] = lambda _id: None,
             ) -> list[tuple[str, str]]:
    """``(label, value)`` of every filter that is set, in ``tr``'s language (empty: the
    whole list). The ``*_name`` callables name a zone, cluster or pilot city by its id (in
    ``tr``'s language); without one it reads ``#id``."""
    language = tr.language
    out: list[tuple[str, str]] = []

    def add(field: str, value: str) -> None:
        out.append((tr.gettext(FILTER_LABELS[field]), value))

    if query.text.strip():
        add("text", query.text.strip())
    for field in ("province_code", "city_code"):
        code = getattr(query, field)
        if code:
            region = regions.lookup(code)
            add(field, region.name(language) if region else code)
    if query.industry:
        add("industry", _safe_label(industry_label, query.industry, language))
    if query.size_class:
        add("size_class", _safe_label(size_class_label, query.size_class, language))
    if query.tier:
        add("tier", tr.gettext(LABELS.get(query.tier, query.tier)))
    if query.expiring_within_days is not None:
        days = query.expiring_within_days
        add("expiring_within_days",
            tr.ngettext("{count} day", "{count} days", days).format(count=days))
    if query.target_country:
        try:
            add("target_country", countries.country_name(query.target_country, language))
        except KeyError:
            add("target_country", query.target_country)
    if query.zone_id is not None:
        add("zone_id", zone_name(query.zone_id) or f"#{query.zone_id}")
    if query.link_status:
        add("link_status", tr.gettext(LABELS.get(query.link_status, query.link_status)))
    for field, any_field, name in (("cluster_id", "in_cluster", cluster_name),
                                   ("pilot_city_id", "in_pilot_city", pilot_city_name)):
        row_id, any_of = getattr(query, field), getattr(query, any_field)
        if row_id is not None:
            add(field, name(row_id) or f"#{row_id}")
        if any_of is not None:
            add(any_field, tr.gettext(ANY_LABELS[any_field][any_of]))
    if query.tags:
        add("tags", ", ".join(query.tags))
    return out


def _safe_label(fn: Callable[[str, str], str], key: str, language: str) -> str:
    try:
        return fn(key, language)
    except ValueError:
        return key


__all__ = ["ALIASES", "ANY_LABELS", "FILTER_LABELS", "KEYS", "describe", "parse_filters"]
