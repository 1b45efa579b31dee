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
from dataclasses import dataclass, field
from functools import lru_cache

from coop_desktop.documents import entity_data as data
from coop_desktop.documents.entity_data import COMPANY, COUNTRY, PLACE, REGION, Mention
from coop_desktop.i18n.catalog import N_

ZONE, PERSON, NAME = "zone", "person", "name"

MSG_PLACE = N_("The Chinese text names the place “{zh}” but the English text names “{en}”: a "
               "different place.")
MSG_COUNTRY = N_("The Chinese text names the country “{zh}” but the English text names "
                 "“{en}”: a different country.")
MSG_REGION = N_("The Chinese text names the region “{zh}” but the English text names “{en}”: "
                "a different region.")
MSG_ZONE = N_("The Chinese text names the zone “{zh}” but the English text names “{en}”: a "
              "different zone.")
MSG_COMPANY = N_("The Chinese text names the company “{zh}” but the English text names "
                 "“{en}”: a different company.")
MSG_PERSON = N_("The Chinese text names “{zh}” ({pinyin} in pinyin) but the English text "
                "names “{en}”: a different person.")
MSG_NAME = N_("“{en}” in the English text is not the pinyin of “{zh}” ({pinyin}) in the "
              "Chinese text: a different name.")

CODES = {PLACE: "place_mismatch", COUNTRY: "country_mismatch", REGION: "country_mismatch",
         ZONE: "name_mismatch", COMPANY: "name_mismatch", PERSON: "name_mismatch",
         NAME: "name_mismatch"}
MESSAGES = {PLACE: MSG_PLACE, COUNTRY: MSG_COUNTRY, REGION: MSG_REGION, ZONE: MSG_ZONE,
            COMPANY: MSG_COMPANY, PERSON: MSG_PERSON, NAME: MSG_NAME}

HOME = frozenset({"CN"})


@dataclass(frozen=True)
class Finding:
    """``zh`` and ``en`` are the names as written; ``en_span`` indexes the English text."""

    kind: str
    zh: str
    en: str
    en_span: tuple[int, int]
    pinyin: str = ""

    @property
    def code(self) -> str:
        return CODES[self.kind]

    @property
    def msgid(self) -> str:
        return MESSAGES[self.kind]


@dataclass(frozen=True)
class Record:
    """The record's own names: the enterprise and zone (Chinese, English) and people."""

    enterprise: tuple[str | None, str | None] = (None, None)
    zone: tuple[str | None, str | None] = (None, None)
    people: tuple[tuple[str, str | None], ...] = ()


@dataclass
class _Side:
    text: str
    mentions: list[Mention] = field(default_factory=list)
    taken: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.taken = bytearray(len(self.text))

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


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


def _zones(zh: _Side, en: _Side) -> tuple[list[Mention], list[Mention]]:
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
    return not (city_a and city_b) or data.index().related(city_a, city_b)


# ------------------------------------------------------------------------ abbreviations
_ABBREVIATION = re.compile(
    r"中([\u4e00-\u9fff])(?=[（(]|合作|合资|经贸|贸易|友好|关系|双边|建交|班列|中小企业|产业园|工业园|"
    r"科技园|论坛|峰会|商会|两国|联合|交流|投资|创新)")


def _abbreviations(zh: _Side) -> list[Mention]:
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


def _compare(zh: _Side, en: _Side, kinds: Iterable[str]) -> list[Finding]:
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


# ------------------------------------------------------------------------ names in pinyin
_ROLES = ("法定代表人|副董事长|董事长|副总经理|总经理|副总裁|总裁|总工程师|工程师|总监|经理|项目负责人|"
          "技术负责人|负责人|联系人|联络人|经办人|副主任|主任|院长|所长|厂长|创始人|实际控制人|"
          "控股股东|股东|监事|董事|秘书|局长|处长|科长|部长|主席|书记|教授|博士|研究员|专家")
_TITLES = "博士|先生|女士|教授|院士|同志|总经理|董事长|研究员|工程师|主任|经理"
_INDUSTRY = ("重工|精工|精密|机械|科技|技术|电子|电气|电器|智能|装备|新材料|材料|化工|生物|医药|制药|投资|"
             "控股|实业|贸易|商贸|工贸|能源|新能源|汽车|汽配|信息|软件|环保|包装|纺织|食品|光电|光伏|半导体|"
             "通信|网络|数据|物流|建材|钢铁|金属|集团|股份|传动|仪器|仪表|自动化|机器人|制造|设备|塑胶|"
             "橡胶|动力|电池|航空|船舶|服饰|服装|家居|家具|陶瓷|玻璃|照明|模具|轴承|齿轮|电机|国际|纸业|印刷")
_NOT_IN_BRAND = frozenset("企业公司的和与在是为等及对于年月日本该其个之了已将从向由把被所有限责任")
_COMPANY_TAIL = re.compile(rf"(?:{_INDUSTRY})+(?:股份)?(?:有限责任公司|有限公司|集团|公司|厂)?")
_BOUNDARY = "，。；：、,.;:!?！？（）()“”\"'《》【】[]\n\t 　"


@dataclass(frozen=True)
class _Candidate:
    """A name in the Chinese text that English writes in pinyin: ``text`` (whole name),
    ``surname`` length (0 for a company's name), its record English if any."""

    text: str
    start: int
    surname: int = 0
    english: str | None = None
    foreign: bool = False


def _surname_pattern(surnames: frozenset[str]) -> str:
    return "|".join(sorted(surnames, key=len, reverse=True))


_PERSON_RES: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _person_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    idx = data.index()
    got = _PERSON_RES.get(id(idx))
    if got is None:
        names = _surname_pattern(idx.surnames)
        got = (re.compile(rf"(?:{_ROLES})(?:为|是|系|：|:|，|,|、|\s)*({names})([\u4e00-\u9fff]{{1,2}})"),
               re.compile(rf"({names})([\u4e00-\u9fff]{{1,2}}?)(?={_TITLES})"))
        _PERSON_RES[id(idx)] = got
    return got


def _people(zh: str, record: Record) -> list[_Candidate]:
    out = []
    for name_zh, name_en in record.people:
        if name_zh and name_zh.strip():
            at = zh.find(name_zh.strip())
            if at >= 0:
                surname = 2 if name_zh[:2] in data.index().surnames and len(name_zh) > 2 else 1
                out.append(_Candidate(name_zh.strip(), at, surname, name_en))
    after_role, before_title = _person_res()
    for m in after_role.finditer(zh):
        given = m.group(2)
        out.append(_Candidate(m.group(1) + given, m.start(1), len(m.group(1))))
        if len(given) == 2:
            out.append(_Candidate(m.group(1) + given[0], m.start(1), len(m.group(1))))
    for m in before_title.finditer(zh):
        out.append(_Candidate(m.group(1) + m.group(2), m.start(1), len(m.group(1))))
    return out


_INDUSTRY_AT = re.compile(rf"(?={_COMPANY_TAIL.pattern})")


def _brands(zh: _Side, record: Record) -> list[_Candidate]:
    """Companies' own names: two or three characters after a place, a country or a
    boundary and before an industry word (上海振华重工, 深圳市科美投资有限公司, 德国穆勒精工)."""
    text = zh.text
    after_country = {m.end for m in zh.mentions if m.kind == COUNTRY}
    after_name = {m.end for m in zh.mentions if m.kind == PLACE} | after_country
    out = []
    seen = set()
    for m in _INDUSTRY_AT.finditer(text):
        at = m.start()
        for size in (2, 3):
            start = at - size
            if start < 0 or start in seen:
                continue
            if not (start == 0 or text[start - 1] in _BOUNDARY or start in after_name):
                continue
            brand = text[start:at]
            if any(ch in _NOT_IN_BRAND or not data.readings(ch) for ch in brand):
                continue
            if brand[:2] in data.index().zh or brand in data.index().zh:
                continue  # a place or country (上海电气: 上海 is not a company's own name)
            seen.add(start)
            out.append(_Candidate(brand, start, 0, foreign=start in after_country))
            break
    name_zh, _name_en = record.enterprise
    if name_zh:
        out += [_Candidate(b, -1, 0) for b in _record_brands(name_zh)]
    return out


@lru_cache(maxsize=256)
def _record_brands(name_zh: str) -> tuple[str, ...]:
    side = _Side(name_zh)
    side.mentions = data.scan_zh(name_zh)
    return tuple(c.text for c in _brands(side, Record()))


@dataclass(frozen=True)
class _Unit:
    """Capitalised English words made of pinyin syllables, side by side."""

    words: tuple[str, ...]
    start: int
    end: int

    def readings(self) -> list[tuple[str, ...]]:
        """Each way to read the words as syllables, in order (two words also reversed:
        Jianguo Wang)."""
        orders = [self.words] + ([self.words[::-1]] if len(self.words) == 2 else [])
        out: list[tuple[str, ...]] = []
        for words in orders:
            combos: list[tuple[str, ...]] = [()]
            for w in words:
                combos = [c + s for c in combos for s in data.syllabify(w)[:4]]
            out += combos
        return out


_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’])[A-Z][a-z\u00e0-\u00ff]+(?:['’][a-z]+)*"
    r"(?:[ \-][A-Z][a-z\u00e0-\u00ff]+(?:['’][a-z]+)*)*(?![\w'’])")


def _units(en: _Side) -> list[_Unit]:
    """Runs of capitalised words made of pinyin syllables (not all-capital words, not the
    names the scans found, not English words such as China or Sale)."""
    idx = data.index()
    text = data.normalise_en(en.text)
    units: list[_Unit] = []
    for run in _CAPITALISED_RUN.finditer(text):
        current: list[re.Match[str]] = []
        for w in data.EN_WORD.finditer(text, run.start(), run.end()):
            word = w.group()
            splits = data.syllabify(word) if not en.taken[w.start()] else []
            # An English word that reads as pinyin (China, Sale) is no name; one of a
            # single syllable (Wang, Long) is, next to another name word (Wang Wei).
            if splits and (word not in idx.stopwords or len(splits[0]) == 1):
                current.append(w)
            else:
                _close(current, units, idx)
        _close(current, units, idx)
    return units


def _close(run: list[re.Match[str]], units: list[_Unit], idx: data.Index) -> None:
    if run:
        words = tuple(w.group() for w in run)
        if (sum(min(len(s) for s in data.syllabify(w)) for w in words) >= 2
                and not all(w in idx.stopwords for w in words)):
            units.append(_Unit(words, run[0].start(), run[-1].end()))
        run.clear()


def _traced(syllables: tuple[str, ...], zh: str, by_syllable: dict[str, list[int]]) -> bool:
    """Whether ``syllables`` are the readings of consecutive characters of ``zh``."""
    folded = [_fold(s) for s in syllables]
    return any(
        p + len(folded) <= len(zh) and all(
            s in data.folded_readings(zh[p + k]) for k, s in enumerate(folded))
        for p in by_syllable.get(folded[0], ()))


_fold = data.fold


def _positions(zh: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    folded = data.index().folded
    for i, ch in enumerate(zh):
        for r in folded.get(ch, ()):
            out.setdefault(r, []).append(i)
    return out


def _score(syllables: tuple[str, ...], name: str) -> int:
    if len(syllables) != len(name):
        return 0
    return sum(_fold(s) in data.folded_readings(ch) for s, ch in zip(syllables, name))


def _romanised(c: _Candidate) -> str:
    if c.english:
        return c.english
    syllables = [(data.readings(ch) or ("?",))[0] for ch in c.text]
    if c.surname:
        return (" ".join(["".join(syllables[:c.surname]), "".join(syllables[c.surname:])])
                .title())
    return "".join(syllables).capitalize()


def _names(zh: _Side, en: _Side, record: Record) -> list[Finding]:
    people = _people(zh.text, record)
    brands = _brands(zh, record)
    if not people and not brands:
        return []
    units = _units(en)
    if not units:
        return []
    by_syllable = _positions(zh.text)
    # Each name once (the first), with how often it occurs: a long text repeats them.
    seen_units: dict[tuple[str, ...], list] = {}
    for unit in units:
        seen_units.setdefault(unit.words, [unit, 0])[1] += 1
    candidates = list({c.text: c for c in reversed(people + brands)}.values())[::-1]
    rendered: dict[str, int] = {}
    open_units = []
    for unit, times in seen_units.values():
        options = unit.readings()
        if any(_traced(s, zh.text, by_syllable) for s in options):
            for c in candidates:
                if any(_score(s, c.text) == len(c.text) for s in options):
                    rendered[c.text] = rendered.get(c.text, 0) + times
            continue
        open_units.append((unit, options))
    if not open_units:
        return []
    in_zh = {c.text: zh.text.count(c.text) for c in candidates}
    en_folded = en.text.casefold()
    out = []
    for unit, options in open_units:
        best: tuple[int, _Candidate] | None = None
        for c in candidates:
            if c.foreign:
                continue
            if c.english and re.search(rf"(?<![^\W\d_]){re.escape(c.english.casefold())}"
                                       rf"(?![^\W\d_])", en_folded):
                continue
            if rendered.get(c.text, 0) >= in_zh[c.text]:
                continue
            score = max(_score(s, c.text) for s in options)
            if score * 2 >= len(c.text) and (best is None or score > best[0]):
                best = (score, c)
        if best is None and _person_like(unit):
            # A person of the Chinese not written in the English, and a person of the
            # English not in the Chinese: 张伟 → "Li Ming".
            left = [c for c in candidates if c.surname and not c.foreign
                    and rendered.get(c.text, 0) < in_zh[c.text]
                    and not any(_score(s, c.text) for s in options)
                    and not (c.english and c.english.casefold() in en_folded)]
            people_left = {c.start for c in left}
            if len(people_left) == 1:
                best = (0, left[0])
        if best:
            c = best[1]
            out.append(Finding(PERSON if c.surname else NAME, c.text, " ".join(unit.words),
                               (unit.start, unit.end), _romanised(c)))
            rendered[c.text] = rendered.get(c.text, 0) + 1
    return out


def _person_like(unit: _Unit) -> bool:
    """Two words, one of them a common Chinese surname in pinyin (Li Ming, Ming Li)."""
    if len(unit.words) != 2:
        return False
    surnames = _surname_syllables()
    return any(w.lower().replace("'", "") in surnames for w in unit.words)


@lru_cache(maxsize=1)
def _surname_syllables() -> frozenset[str]:
    out = set()
    for name in data.index().surnames:
        readings = [data.readings(ch) for ch in name]
        if all(readings):
            out.add("".join(r[0] for r in readings))
            out.update(r for r in readings[0] if len(name) == 1)
    return frozenset(out)


_COMPANY_EN = re.compile(
    r"(?:[A-Z][\w'’&.\-]*\s+){1,8}?(?:Co\.,?\s*Ltd\.?|Company Limited|Co\.|Corporation|Corp\.|"
    r"Inc\.|Limited|LLC|GmbH|AG|Group)")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _record_company(zh: _Side, en: _Side, record: Record) -> list[Finding]:
    """The record's company named in the Chinese and another company's name in the English
    in its place (or the other way round)."""
    name_zh, name_en = record.enterprise
    if not (name_zh and name_en and name_zh.strip() and name_en.strip()):
        return []
    in_zh = name_zh.strip() in zh.text
    in_en = _norm(name_en) in _norm(en.text)
    if in_zh == in_en:
        return []
    by_syllable = _positions(zh.text)
    if in_zh:
        for m in _COMPANY_EN.finditer(en.text):
            if any(en.taken[m.start():m.end()]) and _norm(name_en) in _norm(m.group()):
                continue
            words = [w.group() for w in data.EN_WORD.finditer(m.group())]
            romanised = [w for w in words if w[:1].isupper() and not w.isupper()
                         and data.syllabify(w) and not data.index().en.get((w,))]
            if romanised and not any(_traced(s, zh.text, by_syllable)
                                     for w in romanised for s in data.syllabify(w)):
                return [Finding(COMPANY, name_zh.strip(), m.group().strip(), m.span())]
        return []
    own = set(_record_brands(name_zh.strip()))
    written = [s for unit in _units(_Side(en.text)) for s in unit.readings()]
    at = _norm(en.text).find(_norm(name_en))
    for c in _brands(zh, Record()):
        n = len(c.text)
        if c.text in own or c.foreign or any(_score(s[i:i + n], c.text) == n for s in written
                                             for i in range(len(s) - n + 1)):
            continue
        return [Finding(COMPANY, c.text, name_en.strip(), (max(0, at), max(0, at) + len(name_en)))]
    return []


# ------------------------------------------------------------------------ foreign companies
_FOREIGN_COMPANY_EN = re.compile(
    r"\b([A-Z][a-zäöüßéèàç]+(?:-[A-Z][a-zäöüßéèàç]+)?)\s+(?:[A-Z][a-z]+\s+){0,3}"
    r"(GmbH|AG|KG|SE|S\.A\.|S\.p\.A\.|S\.r\.l\.|B\.V\.|N\.V\.|Inc\.|LLC|Corp\.|plc|Oy|AB|A/S|"
    r"Kft\.|s\.r\.o\.|SAS|SARL|S\.L\.|Pty Ltd)")
#: Sound classes of a foreign name's first letter and of the pinyin initial of its
#: transliteration (Müller 穆勒, Weber 韦伯, Schaeffler 舍弗勒, Bosch 博世, Siemens 西门子).
_SOUNDS = {"b": "b", "p": "b", "m": "m", "f": "f", "v": "fw", "w": "w", "d": "d", "t": "d",
           "k": "k", "g": "kj", "q": "kjs", "c": "ks", "h": "h", "l": "l", "r": "l", "n": "n",
           "s": "s", "x": "s", "z": "s", "j": "jys", "y": "y", "a": "v", "e": "v", "i": "vy",
           "o": "vw", "u": "vw"}


def _sound(first: str) -> set[str]:
    return set(_SOUNDS.get(first.lower()[:1], "?"))


def _foreign(zh: _Side, en: _Side) -> list[Finding]:
    foreign = [c for c in _brands(zh, Record()) if c.foreign]
    if not foreign:
        return []
    out = []
    seen = set()
    for m in _FOREIGN_COMPANY_EN.finditer(en.text):
        brand = m.group(1)
        if brand in seen:
            continue
        seen.add(brand)
        if any(_sound(brand) & {s for r in data.readings(c.text[0])
                                for s in _SOUNDS.get(r[:1], "?")} for c in foreign):
            continue
        out.append(Finding(COMPANY, foreign[0].text, brand, m.span(1)))
    return out


# ------------------------------------------------------------------------ entry point
def _record_names(zh: _Side, en: _Side, record: Record) -> None:
    """The record's zone and company names are taken before the scans (their words are
    the record's, not a place's: 苏州 in 苏州瑞丰精密机械有限公司)."""
    for name_zh, name_en in (record.enterprise, record.zone):
        for side, name in ((zh, name_zh), (en, name_en)):
            if name and name.strip():
                at = side.text.find(name.strip())
                while at >= 0:
                    side.take(at, at + len(name.strip()))
                    at = side.text.find(name.strip(), at + 1)


def check(zh: str, en: str, record: Record | None = None) -> list[Finding]:
    """Every contradiction between the names of ``zh`` and ``en`` (see the module)."""
    record = record or Record()
    zh_side, en_side = _Side(zh), _Side(en)
    zones_zh, zones_en = _zones(zh_side, en_side)
    _record_names(zh_side, en_side, record)
    zh_side.mentions = data.scan_zh(zh, zh_side.taken)
    en_side.mentions = data.scan_en(en, en_side.taken)
    zh_side.mentions += _abbreviations(zh_side) + zones_zh
    en_side.mentions += zones_en
    for m in zh_side.mentions:
        zh_side.take(m.start, m.end)
    for m in en_side.mentions:
        en_side.take(m.start, m.end)
    findings = _compare(zh_side, en_side, (PLACE, COUNTRY, REGION, ZONE, COMPANY))
    findings += _names(zh_side, en_side, record)
    if not any(f.kind in (NAME, COMPANY) for f in findings):
        findings += _record_company(zh_side, en_side, record)
    findings += _foreign(zh_side, en_side)
    return findings
