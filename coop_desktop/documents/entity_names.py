"""Names written in pinyin: persons, companies' own names, the record's company.

Part of :mod:`.entities` (which calls :func:`names`, :func:`record_company` and
:func:`foreign`). A capitalised English word made of pinyin syllables ("Ruifeng",
"Wang Wei") is *traced* when its syllables are the readings of consecutive characters of the
Chinese text (any reading of each: 长 chang/zhang); a word that is not traced, while a name of
the Chinese of the same length differs from it in at most half its syllables and is not
written itself, is that name written wrong (振华 → "Zhenhai").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coop_desktop.documents import entity_data as data
from coop_desktop.documents.entity_data import (
    COMPANY,
    COUNTRY,
    NAME,
    PERSON,
    PLACE,
    Finding,
    Record,
    Side,
)

_ROLES = ("法定代表人|副董事长|董事长|副总经理|总经理|副总裁|总裁|总工程师|工程师|总监|经理|项目负责人|"
          "技术负责人|负责人|联系人|联络人|经办人|副主任|主任|院长|所长|厂长|创始人|实际控制人|"
          "控股股东|股东|监事|董事|秘书|局长|处长|科长|部长|主席|书记|教授|博士|研究员|专家")
_TITLES = "博士|先生|女士|教授|院士|同志|总经理|董事长|研究员|工程师|主任|经理"
#: What follows a person's name: where a role's name ends (王晓东，电话; 张伟现任董事长).
_AFTER_NAME = re.compile(r"$|[^\u4e00-\u9fff]|现任|担任|兼任|负责|主持|带领|表示|介绍|指出|任|是|为|系|"
                         r"先生|女士|博士|教授|同志|等")
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
    full: bool = False  # a company's whole name (…有限公司, …集团), not a word before 科技


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
    return list(_people_cached(zh, record))


@lru_cache(maxsize=8)
def _people_cached(zh: str, record: Record) -> tuple[_Candidate, ...]:
    out = []
    for name_zh, name_en in record.people:
        if name_zh and name_zh.strip():
            at = zh.find(name_zh.strip())
            if at >= 0:
                surname = 2 if name_zh[:2] in data.index().surnames and len(name_zh) > 2 else 1
                out.append(_Candidate(name_zh.strip(), at, surname, name_en))
    after_role, before_title = _person_res()
    for m in after_role.finditer(zh):
        given, surname = m.group(2), m.group(1)
        after_long = _AFTER_NAME.match(zh, m.end(2))
        after_short = _AFTER_NAME.match(zh, m.start(2) + 1) if len(given) == 2 else None
        long_ends, short_ends = bool(after_long), bool(after_short)
        if after_long and after_short and after_long.end() - after_long.start() != (
                after_short.end() - after_short.start()):  # 张伟|现任 rather than 张伟现|任
            longer = after_long.end() - after_long.start() > after_short.end() - after_short.start()
            long_ends, short_ends = longer, not longer
        if long_ends or not short_ends:  # 陈志强负责, 王晓东，
            out.append(_Candidate(surname + given, m.start(1), len(surname)))
        if len(given) == 2 and (short_ends or not long_ends):  # 张伟现任
            out.append(_Candidate(surname + given[0], m.start(1), len(surname)))
    for m in before_title.finditer(zh):
        out.append(_Candidate(m.group(1) + m.group(2), m.start(1), len(m.group(1))))
    return tuple(out)


_INDUSTRY_AT = re.compile(rf"(?={_COMPANY_TAIL.pattern})")
#: Words a company's name follows (与振华重工合作, 客户包括…): read there only before a
#: whole company name or a word only companies end with (重工, 集团).
_BEFORE_COMPANY = frozenset("与和及向为由给同跟对被是把将从在")
_STRONG = re.compile("重工|精工|集团|股份|控股|实业|公司")


def _brands(zh: Side, record: Record) -> list[_Candidate]:
    """Companies' own names: two or three characters after a place, a country or a
    boundary and before an industry word (上海振华重工, 深圳市科美投资有限公司, 德国穆勒精工)."""
    text = zh.text
    after_country = {m.end for m in zh.mentions if m.kind == COUNTRY}
    after_name = {m.end for m in zh.mentions if m.kind == PLACE} | after_country
    out = []
    seen = set()
    for m in _INDUSTRY_AT.finditer(text):
        at = m.start()
        tail = _COMPANY_TAIL.match(text, at)
        tail_text = tail.group() if tail else ""
        full = tail_text.endswith(("公司", "集团", "厂"))
        for size in (2, 3):
            start = at - size
            if start < 0 or start in seen:
                continue
            after_word = text[start - 1:start] in _BEFORE_COMPANY or text[start - 2:start] == "包括"
            if not (start == 0 or text[start - 1] in _BOUNDARY or start in after_name
                    or (after_word and (full or _STRONG.search(tail_text)))):
                continue
            brand = text[start:at]
            if any(ch in _NOT_IN_BRAND or not data.readings(ch) for ch in brand):
                continue
            if brand[:2] in data.index().zh or brand in data.index().zh:
                continue  # a place or country (上海电气: 上海 is not a company's own name)
            seen.add(start)
            out.append(_Candidate(brand, start, 0, foreign=start in after_country, full=full))
            break
    name_zh, _name_en = record.enterprise
    if name_zh:
        out += [_Candidate(b, -1, 0) for b in _record_brands(name_zh)]
    return out


@lru_cache(maxsize=256)
def _record_brands(name_zh: str) -> tuple[str, ...]:
    side = Side(name_zh)
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


def _units(en: Side) -> list[_Unit]:
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


@lru_cache(maxsize=8)
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


def names(zh: Side, en: Side, record: Record) -> list[Finding]:
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


def record_company(zh: Side, en: Side, record: Record) -> list[Finding]:
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
    written = [s for unit in _units(Side(en.text)) for s in unit.readings()]
    at = _norm(en.text).find(_norm(name_en))
    for c in _brands(zh, Record()):
        n = len(c.text)
        if c.text in own or c.foreign or not c.full or any(_score(s[i:i + n], c.text) == n for s in written
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


def foreign(zh: Side, en: Side) -> list[Finding]:
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


def person_spans(zh: str, record: Record) -> list[tuple[int, int]]:
    """Where the Chinese names a person (the record's, or after a role such as 法定代表人)."""
    return [(c.start, c.start + len(c.text)) for c in _people(zh, record) if c.start >= 0]


def is_surname(word: str) -> bool:
    """Whether an English word is a common Chinese surname in pinyin (Ma, Ouyang)."""
    return word.lower() in _surname_syllables()


def written_in_pinyin(word: str, zh: str) -> bool:
    """Whether ``word`` is the pinyin of consecutive characters of ``zh``."""
    by_syllable = _positions(zh)
    return any(_traced(s, zh, by_syllable) for s in data.syllabify(word))

