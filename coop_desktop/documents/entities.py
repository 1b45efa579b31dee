"""Places, countries and names: the same ones on both sides of a bilingual text.

:func:`check` compares what the Chinese and the English text name (found by
:mod:`.entity_data`) and reports a name on one side answered by a *different* name of the
same kind on the other, where its own counterpart is missing:

* places (provinces, prefectures, county-level divisions, development zones): 苏州工业园区
  → "Wuxi Industrial Park", 宁波 → "Hangzhou", 陕西 → "Shanxi". A place and one that
  contains it are not different (苏州工业园区 → "Suzhou"; 江苏省苏州市 → "Suzhou"), nor is
  a place the translator adds or leaves out: translators drop "Jiangsu Province" and add
  "China" all the time, so an absence alone is never a finding;
* countries and regions (德国 → "Spain"; 东盟 → "the EU"; 越南 = "Viet Nam" = "Vietnamese");
  China itself is not compared (国内 = "in China");
* China–foreign SME cooperation zones, by partner and city (中德（太仓） ≠ "Sino-Austrian
  (Taicang)"), and well-known companies (宁德时代 ≠ "CALB");
* names written in pinyin: a person (王建国 = "Wang Jianguo" = "Jianguo Wang"), a company's
  own name (瑞丰 in 苏州瑞丰精密机械有限公司 = "Ruifeng"). A capitalised English word made
  of pinyin syllables that is the pinyin of nothing in the Chinese, while a name of the
  same length in the Chinese differs from it in one syllable of two (振华 → "Zhenhai",
  李慧敏 → "Li Huiming", 张伟 → "Wang Wei") and is not rendered elsewhere, is a
  different name. The persons and companies of the record are names too.

Everything is pure and deterministic; the data are loaded once, at the first call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from coop_desktop.documents import entity_data as data
from coop_desktop.documents import entity_names
from coop_desktop.documents.entity_data import (
    ABROAD,
    CODES,
    COMPANY,
    COUNTRY,
    MESSAGES,
    NAME,
    PLACE,
    REGION,
    ZONE,
    Finding,
    Mention,
    Record,
    Side,
)

HOME = frozenset({"CN"})
__all__ = ["CODES", "MESSAGES", "Finding", "Record", "check"]


# ------------------------------------------------------------------------ zones
_ZONE_ZH = re.compile(
    r"((?:中国[—－\-–])?中[\u4e00-\u9fff]{1,3}?|[“\"]?一带一路[”\"]?)"
    r"(?:[（(]([\u4e00-\u9fff]{1,8})[）)])?中小企业(?:国际)?合作区")
_ZONE_EN = re.compile(
    r"(?:(?:Sino|China)\s?[-–—]\s?([A-Z][A-Za-z]+(?:[-–—][A-Z][A-Za-z]+)?)|(Belt and Road))"
    r"\s*(?:\(([^)]{2,40})\)\s*)?SMEs? (?:International )?Cooperation Zone")


def _zone_partner_zh(partner: str, city: str | None) -> tuple[frozenset[str], str | None]:
    idx = data.index()
    partner = partner.strip("“”\"")
    if partner == "一带一路":
        return frozenset({"BRI"}), city
    partner = re.sub(r"^中国[—－\-–]", "", partner)
    for form in (partner, partner[1:]):
        keys = {e.key for e in idx.lookup_zh(form) if e.kind in (COUNTRY, REGION)}
        if keys:
            return frozenset(keys), city
    rest = partner[1:]
    if city and len(rest) == 1:  # 中瑞（士）: the bracket completes the country's name
        keys = {e.key for e in idx.lookup_zh(rest + city) if e.kind == COUNTRY}
        if keys:
            return frozenset(keys), None
    keys = set()
    for ch in rest:
        keys |= idx.abbreviations.get(ch, frozenset())
    return frozenset(keys), city


def _place_keys_zh(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    idx = data.index()
    keys = {e.key for e in idx.lookup_zh(name) if e.kind == PLACE}
    return frozenset(keys) or frozenset({"?" + name})


def _place_keys_en(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    idx = data.index()
    keys = {e.key for e in idx.lookup_en(name) if e.kind == PLACE}
    return frozenset(keys) or frozenset({"?" + name.lower()})


def _zones(zh: Side, en: Side) -> tuple[list[Mention], list[Mention]]:
    idx = data.index()
    zh_out, en_out = [], []
    for m in _ZONE_ZH.finditer(zh.text):
        partner, city = _zone_partner_zh(m.group(1), m.group(2))
        zh_out.append(Mention(ZONE, partner | {"@" + k for k in _place_keys_zh(city)},
                              m.start(), m.end(), m.group()))
        zh.take(*m.span())
    for m in _ZONE_EN.finditer(data.normalise_en(en.text)):
        word = m.group(1) or m.group(2)
        partner = frozenset({"BRI"}) if m.group(2) else frozenset(
            e.key for e in idx.lookup_en(word.split("-")[0].split("–")[0]) if e.kind in (
                COUNTRY, REGION))
        en_out.append(Mention(ZONE, partner | {"@" + k for k in _place_keys_en(m.group(3))},
                              m.start(), m.end(), en.text[m.start():m.end()]))
        en.take(*m.span())
    return zh_out, en_out


def _same_zone(a: Mention, b: Mention) -> bool:
    partner_a = {k for k in a.keys if not k.startswith("@")}
    partner_b = {k for k in b.keys if not k.startswith("@")}
    if partner_a and partner_b and not partner_a & partner_b:
        return False
    city_a = frozenset(k[1:] for k in a.keys if k.startswith("@"))
    city_b = frozenset(k[1:] for k in b.keys if k.startswith("@"))
    if any(k.startswith("?") for k in city_a | city_b):
        return True  # a city the data do not know: no telling
    return not (city_a and city_b) or data.index().related(city_a, city_b)


# ------------------------------------------------------------------------ abbreviations
_ABBREVIATION = re.compile(
    r"中([\u4e00-\u9fff])(?=[（(]|合作|合资|经贸|贸易|友好|关系|双边|建交|班列|中小企业|产业园|工业园|"
    r"科技园|论坛|峰会|商会|两国|联合|交流|投资|创新)")


def _abbreviations(zh: Side) -> list[Mention]:
    """中德合作 → Germany, 中欧班列 → Europe, 中阿合作论坛 → the Arab states."""
    idx = data.index()
    out = []
    for m in _ABBREVIATION.finditer(zh.text):
        keys = idx.abbreviations.get(m.group(1))
        whole = re.match(r"[（(]([\u4e00-\u9fff]{1,3})[）)]", zh.text[m.end(1):])
        if whole:  # 中瑞（士）: the bracket completes the country's name
            named = {e.key for e in idx.lookup_zh(m.group(1) + whole.group(1))
                     if e.kind == COUNTRY}
            keys = frozenset(named) or keys
        if keys and not any(zh.taken[m.start():m.end()]):
            kind = REGION if keys & set(idx.region_parents) else COUNTRY
            out.append(Mention(kind, keys, m.start(1), m.end(1), m.group()))
    return out


# ------------------------------------------------------------------------ the comparison
def _matched(m: Mention, others: Sequence[Mention]) -> bool:
    if m.kind == ZONE:
        return any(_same_zone(m, o) for o in others)
    return any(m.keys & o.keys for o in others)


def _related(a: Mention, b: Mention) -> bool:
    if a.kind == ZONE:
        return _same_zone(a, b)
    return data.index().related(a.keys, b.keys)


def _pairs(zh_list: list[Mention], en_list: list[Mention], zh_len: int, en_len: int
           ) -> list[tuple[Mention, Mention]]:
    """The (Chinese, English) names of one kind that contradict each other: both without
    a counterpart of their own, not one inside the other, and either at the same level or
    one of them unrelated to anything the other side names."""
    zh_open = [m for m in zh_list if not _matched(m, en_list)]
    en_open = [m for m in en_list if not _matched(m, zh_list)]
    if not zh_open or not en_open:
        return []

    def explained(m: Mention, others: list[Mention]) -> bool:
        return any(_related(m, o) for o in others)

    out = []
    used: set[int] = set()
    for e in en_open:
        choices = [z for z in zh_open if id(z) not in used and not _related(z, e)
                   and (z.level == e.level or not explained(z, en_list)
                        or not explained(e, zh_list))]
        if not choices:
            continue
        where = e.start / max(1, en_len)
        z = min(choices, key=lambda z: (z.level != e.level, abs(z.start / max(1, zh_len) - where)))
        used.add(id(z))
        out.append((z, e))
    return out


def _compare(zh: Side, en: Side, kinds: Iterable[str]) -> list[Finding]:
    out = []
    for kind in kinds:
        # One mention per name (the first): a long text repeats the same few names.
        zs = list({m.keys: m for m in reversed(zh.mentions)
                   if m.kind == kind and not m.keys <= HOME}.values())[::-1]
        es = list({m.keys: m for m in reversed(en.mentions)
                   if m.kind == kind and not m.keys <= HOME}.values())[::-1]
        pairs = _pairs(zs, es, len(zh.text), len(en.text))
        if kind == PLACE:
            pairs += _siblings(zs, es, {id(e) for _z, e in pairs}, len(zh.text), len(en.text))
        for z, e in pairs:
            out.append(Finding(kind, z.text, e.text, (e.start, e.end)))
    return out


_LOCAL = ("city", "county", "zone")


def _provinces(keys: frozenset[str]) -> set[str]:
    idx = data.index()
    return {k for key in keys for k in (key, *idx.ancestors(key))
            if len(k) == 6 and k.endswith("0000")}


def _siblings(zs: list[Mention], es: list[Mention], paired: set[int], zh_len: int,
              en_len: int) -> list[tuple[Mention, Mention]]:
    """A city or district of the English that the Chinese does not name, in the province of
    one the Chinese does name and unrelated to every place of the Chinese: 苏州工业园区 →
    "Suzhou Industrial Park in Wuxi" (a translator adds a province or a country, rarely a
    neighbouring city)."""
    out = []
    for e in es:
        if id(e) in paired or e.level not in _LOCAL or _matched(e, zs):
            continue
        if any(_related(e, z) for z in zs if z.level in _LOCAL):
            continue  # (a province the Chinese names is no answer: 合肥, 安徽 -> "Wuhu")
        provinces = _provinces(e.keys)
        near = [z for z in zs if z.level in _LOCAL and _provinces(z.keys) & provinces]
        if near:
            where = e.start / max(1, en_len)
            out.append((min(near, key=lambda z: abs(z.start / max(1, zh_len) - where)), e))
    return out


# ------------------------------------------------------------------------ entry point
def _record_names(zh: Side, en: Side, record: Record) -> None:
    """The record's zone and company names are taken before the scans (their words are
    the record's, not a place's: 苏州 in 苏州瑞丰精密机械有限公司) — on the Chinese side
    only where the English writes the record's English name too. Where it does not, the
    name is compared like any text: the record's zone 柬埔寨西哈努克港经济特区 named in the
    Chinese and "Phnom Penh Special Economic Zone" in the English are different places."""
    for name_zh, name_en in (record.enterprise, record.zone):
        english = _folded(name_en)
        answered = not english or english in _folded(en.text)
        for side, name in ((zh, name_zh), (en, name_en)):
            if name and name.strip() and (side is en or answered):
                at = side.text.find(name.strip())
                while at >= 0:
                    side.take(at, at + len(name.strip()))
                    at = side.text.find(name.strip(), at + 1)


def _folded(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("’", "'").split())


def _romanised_names(zh: Side, en: Side, record: Record) -> list[Mention]:
    """Leave out the English "places" that are pinyin of something else: a person's given
    name after a surname (Ma Jieyang, not 揭阳), or a word of the Chinese written the same
    in pinyin (Xinyi for 信义 in a company's name, not 信宜). A place inside a person's
    name in the Chinese (海宁 in 王海宁) is left out on that side too."""
    people = entity_names.person_spans(zh.text, record)
    zh.mentions = [m for m in zh.mentions
                   if not (m.kind == PLACE and any(a <= m.start and m.end <= b for a, b in people))]
    keep = []
    for m in en.mentions:
        if " " not in m.text and not any(m.keys & z.keys for z in zh.mentions) and (
                (m.kind == PLACE and m.level in ("city", "county")) or m.kind == COMPANY):
            before = re.search(r"([A-Z][a-z]+) $", en.text[max(0, m.start - 12):m.start])
            if before and entity_names.is_surname(before.group(1)):
                continue  # Liu Huawei, Ma Jieyang: a given name
            if entity_names.written_in_pinyin(m.text, zh.text):
                continue
        keep.append(m)
    return keep


def check(zh: str, en: str, record: Record | None = None) -> list[Finding]:
    """Every contradiction between the names of ``zh`` and ``en`` (see the module)."""
    record = record or Record()
    zh_side, en_side = Side(zh), Side(en)
    zones_zh, zones_en = _zones(zh_side, en_side)
    _record_names(zh_side, en_side, record)
    zh_side.mentions = data.scan_zh(zh, zh_side.taken)
    en_side.mentions = data.scan_en(en, en_side.taken)
    zh_side.mentions += _abbreviations(zh_side) + zones_zh
    en_side.mentions += zones_en
    for m in en_side.mentions:  # all of them, also those left out below: names, not words
        en_side.take(m.start, m.end)
    en_side.mentions = _romanised_names(zh_side, en_side, record)
    for m in zh_side.mentions:
        zh_side.take(m.start, m.end)
    for m in en_side.mentions:
        en_side.take(m.start, m.end)
    findings = _compare(zh_side, en_side, (PLACE, ABROAD, COUNTRY, REGION, ZONE, COMPANY))
    findings += entity_names.names(zh_side, en_side, record)
    if not any(f.kind in (NAME, COMPANY) for f in findings):
        findings += entity_names.record_company(zh_side, en_side, record)
    findings += entity_names.foreign(zh_side, en_side)
    return _inside_names(findings)


def _inside_names(findings: list[Finding]) -> list[Finding]:
    """A place or country found inside a company or zone name that is itself a finding is
    that finding's part: 南通恒远纺织有限公司 → "Changzhou Xinda Electric Co., Ltd." is one
    different company, not also 南通 ≠ Changzhou."""
    names = [f.en_span for f in findings if f.kind in (NAME, COMPANY, ZONE)]
    return [f for f in findings if f.kind in (NAME, COMPANY, ZONE) or not any(
        a <= f.en_span[0] and f.en_span[1] <= b for a, b in names)]
