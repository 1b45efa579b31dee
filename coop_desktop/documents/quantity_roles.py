"""Who a value belongs to, so that swapped shares are caught: ``甲方持股70%，乙方持股30%``
translated "Party A holds 30% and Party B 70%" states the same two values, given to the
other owners.

Each value's *role* is read from the words around it, in its own clause (split at commas,
semicolons, sentence ends, and in English also at "and" / "while" / "but"):

* its owner: the nearest named party, phase, market, item or group before it (or, if none,
  after it: "28% hold a bachelor's degree"), from a bilingual list of such words
  (:data:`_CONCEPTS`: 甲方 / Party A, 一期 / Phase I, 出口 / exports, 自有资金 / own
  funds, 本科 / bachelor...). A word that names the whole or the context is not an owner:
  ``占出口额的48%`` / "48% of exports", ``员工中`` / "Of the employees";
* its year: the calendar year named in the clause (``2023年营业收入1.8亿元`` / "RMB 180
  million in 2023");
* the start or end of a change: ``由96.5%提高到99.2%`` / "rose from 96.5% to 99.2%" (a
  range such as ``10至20`` or "10–20" has neither, so its order may differ).

A pair of equal values is swapped when both sides name a role of one sort and they differ,
and the English role is the Chinese role of another value of the same kind: the values
changed owners. Roles are compared only when both sides name them; nothing is guessed.

Owners the list does not know are read as the noun phrase right before a value in its
clause, without the words that link it to the value (占, 占比, 为, 达, 持股; "account for",
"make up", "represent", "at", "of"): 境外销售 in 境外销售占比35%, "Overseas sales" in "Overseas
sales account for 65%". Two equal pairs are swapped when each Chinese phrase is said better
(more of its words, through the lexicon) by the English phrase of the other value than by
its own; a swap found by role words is named by these phrases too (研发人员, not 人员).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from coop_desktop.documents.numbers_core import Kind, Quantity

# concept: Chinese forms | English forms (regex fragments, matched as whole words, any case)
_CONCEPTS = """
party_a: 甲方 | party a
party_b: 乙方 | party b
party_c: 丙方 | party c
chinese_party: 中方 | chinese party|chinese side|chinese partner|chinese investor|chinese shareholder
foreign_party: 外方 | foreign party|foreign side|foreign partner|foreign investor|foreign shareholder
controlling: 控股股东|大股东 | controlling shareholder|majority shareholder|largest shareholder
employee_platform: 员工持股平台|持股平台 | employee shareholding platform|employee stock ownership platform
employee_platform: 员工持股平台|持股平台 | employee share platform|esop
external_investors: 外部投资者|外部投资人|财务投资者|外部股东 | external investor|outside investor
external_investors: 外部投资者|外部投资人|财务投资者|外部股东 | financial investor|external shareholder
founder: 创始人|实际控制人 | founder|actual controller
parent: 母公司 | parent company|parent
subsidiary: 子公司 | subsidiary|subsidiaries
phase1: 一期 | phase i|phase 1|phase one|first phase
phase2: 二期 | phase ii|phase 2|phase two|second phase
phase3: 三期 | phase iii|phase 3|phase three|third phase
domestic: 国内|境内|内销 | domestic|home market|chinese market|in china|within china
export: 出口|外销 | export|exports|exported
overseas: 海外|境外|国外 | overseas|abroad|foreign markets
import: 进口 | import|imports|imported
local: 本地|当地 | local
europe: 欧洲|欧盟 | europe|european|eu
se_asia: 东南亚|东盟 | south-east asia|southeast asia|south east asia|asean
north_america: 北美 | north america|north american
usa: 美国 | united states|us market|usa|america
japan: 日本 | japan|japanese
korea: 韩国 | korea|korean|south korea
germany: 德国 | germany|german
africa: 非洲 | africa|african
middle_east: 中东 | middle east
latin_america: 拉美|拉丁美洲|南美 | latin america|south america
russia: 俄罗斯 | russia|russian
asia: 亚洲 | asia|asian
own_funds: 自有资金|自筹资金|自筹|自有 | own funds|own capital|self-raised
own_funds: 自有资金|自筹资金|自筹|自有 | self-funded|internal funds|equity funds
bank_loans: 银行贷款|贷款|借款 | bank loan|loan|bank borrowing|borrowing|bank financing|debt financing
equipment: 设备 | equipment|machinery|machines
buildings: 厂房|建筑|土建|建设费 | factory construction|factory building|plant construction|buildings
buildings: 厂房|建筑|土建|建设费 | construction|workshop|premises|factory
working_capital: 流动资金 | working capital
rd: 研发|研究开发|科研 | r&d staff|r&d personnel|r&d employees|r&d|research and development|research
personnel: 人员人工|人工费|人工|工资|薪酬|人员费用 | personnel|staff costs|labour costs|labor costs
personnel: 人员人工|人工费|人工|工资|薪酬|人员费用 | labour|labor|wages|salaries
direct_inputs: 直接投入|材料费|材料 | direct input|direct inputs|materials|material costs
depreciation: 折旧 | depreciation
land: 土地|用地 | land|site
raw_materials: 原材料 | raw material
marketing: 营销|市场推广|销售费用 | marketing|promotion|selling expenses
subsidy: 政府补助|财政补贴|补贴|补助 | subsidy|subsidies|grant|grants
total_investment: 总投资|投资总额 | total investment
bachelor: 本科 | bachelor|undergraduate
master: 硕士|研究生 | master|postgraduate
doctorate: 博士 | doctorate|doctoral|phd|doctor
college: 大专|专科 | college|associate degree
technicians: 技术人员|技术工人|技工 | technician|technical staff|technical personnel|skilled workers
management: 管理人员|管理层 | management|managerial|managers
production_staff: 生产人员|一线工人 | production staff|production workers|production personnel
sales_staff: 销售人员 | sales staff|sales personnel|salespeople
employees: 员工|职工|从业人员|人员 | employee|employees|staff|workforce|workers
male: 男性|男 | men|male
female: 女性|女 | women|female
revenue: 营业收入|营收|销售收入|销售额|收入 | revenue|income|sales|turnover
main_business: 主营业务 | main business|core business|principal business
net_profit: 净利润 | net profit|net income
gross_profit: 毛利 | gross profit|gross margin
tax: 纳税|税收|税金 | tax|taxes
output: 产值|产量|产能 | output|capacity|production
private: 民营|私营 | private|privately
state_owned: 国有|国企 | state-owned|state owned
foreign_funded: 外资|外商投资 | foreign-funded|foreign-invested|foreign funded|foreign invested
zone: 合作区|园区 | zone|park
"""


@dataclass(frozen=True)
class _Anchor:
    start: int
    end: int
    concept: str


@dataclass(frozen=True)
class Swap:
    """One value with different owners: ``zh_role`` in the Chinese text, ``en_role`` in the
    English (the words as written)."""

    zh: Quantity
    en: Quantity
    zh_role: str
    en_role: str


@lru_cache(maxsize=1)
def _forms() -> tuple[dict[str, str], dict[str, str]]:
    zh_forms, en_forms = {}, {}
    for line in _CONCEPTS.strip().splitlines():
        concept, _, rest = line.partition(":")
        zh_part, en_part = rest.split(" | ", 1)
        for form in zh_part.split("|"):
            zh_forms[form.strip()] = concept.strip()
        for form in en_part.split("|"):
            en_forms[form.strip()] = concept.strip()
    return zh_forms, en_forms


@lru_cache(maxsize=1)
def _zh_forms_pattern() -> re.Pattern[str]:
    """Every Chinese form, longest first (one regular expression, not a scan in Python)."""
    return re.compile("|".join(map(re.escape, sorted(_forms()[0], key=len, reverse=True))))


def _normal(words: str) -> str:
    return " ".join(words.lower().replace("-", " ").replace("’", "'").split())


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, list[tuple[str, str]]], dict[str, str], int, frozenset[str]]:
    """Chinese forms by first character (longest first), English forms as normalised word
    sequences, the longest English form in words, and the words English forms begin with."""
    zh_forms, en_forms = _forms()
    by_first: dict[str, list[tuple[str, str]]] = {}
    for form in sorted(zh_forms, key=len, reverse=True):
        by_first.setdefault(form[0], []).append((form, zh_forms[form]))
    english = {_normal(form): concept for form, concept in en_forms.items()}
    firsts = frozenset(f.split()[0] for f in english)
    return by_first, english, max(len(f.split()) for f in english), firsts


_ZH_CONTEXT_AFTER = re.compile(r"(?:之中|中|里|内部)(?![国心])")
_ZH_WHOLE_BEFORE = re.compile(r"(?:占据?|占了|的)$")
_EN_WHOLE_BEFORE = re.compile(r"(?i)\bof[ \t]+(?:(?:the|all|its|their|total|company's|[\w'’]+'s)"
                              r"[ \t]+){0,2}$")
_ZH_SEP = re.compile(r"[，,。；;！？!?\n、：:（）()]")
_EN_SEP = re.compile(r"[,;!?\n:()]|\.(?:\s|$)|\b(?:and|while|whereas|but|with)\b", re.IGNORECASE)
_EN_TOKEN = re.compile(r"[A-Za-z&][A-Za-z&'’]*")


def _en_lookup(words: list[str], english: dict[str, str]) -> str | None:
    key = " ".join(words)
    for candidate in (key, key.removesuffix("'s"), key.removesuffix("s"), key.removesuffix("es")):
        if candidate in english:
            return english[candidate]
    return None


@lru_cache(maxsize=256)
def _anchors(text: str, language: str) -> tuple[_Anchor, ...]:
    """The role words of ``text``, longest first where they overlap, without those naming a
    whole or a context (``占出口额的``, ``员工中``, "of exports")."""
    by_first, english, longest, firsts = _lexicon()
    out = []
    if language == "zh":
        forms = _zh_forms_pattern()
        for m in forms.finditer(text):  # leftmost, longest first: as a scan would take them
            pos, end = m.span()
            whole = _ZH_WHOLE_BEFORE.search(text, max(0, pos - 2), pos) or (
                _ZH_CONTEXT_AFTER.match(text, end))
            if not whole:
                out.append(_Anchor(pos, end, _forms()[0][m.group()]))
        return tuple(out)
    tokens = list(_EN_TOKEN.finditer(text))
    words = [_normal(t.group()) for t in tokens]
    i = 0
    while i < len(tokens):
        first = words[i].split(" ", 1)[0]
        if not any(w in firsts for w in (first, first.removesuffix("s"),
                                         first.removesuffix("'s"), first.removesuffix("es"))):
            i += 1
            continue
        for n in range(min(longest, len(tokens) - i), 0, -1):
            concept = _en_lookup(words[i:i + n], english)
            if concept is not None:
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                if not _EN_WHOLE_BEFORE.search(text, max(0, start - 40), start):
                    out.append(_Anchor(start, end, concept))
                i += n
                break
        else:
            i += 1
    return tuple(out)


def _segments(text: str, language: str) -> list[int]:
    """Where each clause ends (sorted)."""
    sep = _ZH_SEP if language == "zh" else _EN_SEP
    return [m.start() for m in sep.finditer(text)] + [len(text)]


def _segment_of(pos: int, ends: list[int]) -> tuple[int, int]:
    i = bisect.bisect_left(ends, pos)
    start = ends[i - 1] + 1 if i > 0 else 0
    return start, ends[min(i, len(ends) - 1)]


_FROM_ZH = re.compile(r"(?:由|从|自)[ \t]*$")
_TO_ZH = re.compile(r"(?:提高|增长|增加|上升|下降|降低|减少|提升|扩大|缩小|增|降|升|减)(?:到|至)[ \t]*$")
_FROM_EN = re.compile(r"(?i)\bfrom[ \t]+$")
_TO_EN = re.compile(r"(?i)\bto[ \t]+$")
_CHANGE_EN = re.compile(r"(?i)\b(?:rose|rise|rising|increased?|increasing|grew|grow|growing|fell|"
                        r"fall|falling|dropped|drop|declined?|decreased?|climbed?|improved?|"
                        r"went up|went down|raised?|cut|reduced?|jumped|up|down)\b")


@dataclass
class _Roles:
    owner: str | None
    owner_text: str
    year: int | None
    change: str | None
    change_text: str


def _owner(q: Quantity, anchors: list[_Anchor], seg: tuple[int, int],
           neighbours: list[Quantity], text: str) -> tuple[str | None, str]:
    """The nearest anchor before ``q`` in its clause (after the previous value), else after."""
    prev_end = max((n.span[1] for n in neighbours if seg[0] <= n.span[1] <= q.span[0]),
                   default=seg[0])
    next_start = min((n.span[0] for n in neighbours if q.span[1] <= n.span[0] <= seg[1]),
                     default=seg[1])
    before = [a for a in anchors if prev_end <= a.start and a.end <= q.span[0]]
    if before:
        return before[-1].concept, text[before[-1].start:before[-1].end]
    after = [a for a in anchors if q.span[1] <= a.start and a.end <= next_start]
    if after:
        return after[0].concept, text[after[0].start:after[0].end]
    return None, ""


def _year(q: Quantity, years: Sequence[Quantity], seg: tuple[int, int]) -> int | None:
    inside = [y for y in years if seg[0] <= y.span[0] and y.span[1] <= seg[1]]
    if not inside:
        return None
    nearest = min(inside, key=lambda y: min(abs(y.span[0] - q.span[1]),
                                            abs(q.span[0] - y.span[1])))
    return int(nearest.value) // (10000 if nearest.kind == Kind.DATE else 1)


def _change(q: Quantity, text: str, seg: tuple[int, int], language: str
            ) -> tuple[str | None, str]:
    """``from`` or ``to`` and the words saying it, for the ends of a change."""
    before = text[max(seg[0], q.span[0] - 8):q.span[0]]
    if language == "zh":
        m = _FROM_ZH.search(before)
        if m:
            return "from", m.group().strip()
        m = _TO_ZH.search(before)
        return ("to", m.group().strip()) if m else (None, "")
    clause = text[seg[0]:seg[1]]
    if not _CHANGE_EN.search(clause):
        return None, ""
    if _FROM_EN.search(before):
        return "from", "from"
    if _TO_EN.search(before) and "from" in clause.lower():
        return "to", "to"
    return None, ""


_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9])")


def _latin_key(token: str) -> str:
    return token if len(token) == 1 else token.lower()


def _latin_anchors(text: str, shared: frozenset[str]) -> list[_Anchor]:
    """Names written in Latin letters on both sides (A产品 / "Product A", X2系列 / "the X2
    series"): the same token is the same owner."""
    return [_Anchor(m.start(), m.end(), "latin:" + _latin_key(m.group()))
            for m in _LATIN.finditer(text) if _latin_key(m.group()) in shared]


def _roles(quantities: Sequence[Quantity], years: Sequence[Quantity], text: str,
           language: str, shared: frozenset[str] = frozenset()) -> dict[int, _Roles]:
    anchors = sorted([*_anchors(text, language), *_latin_anchors(text, shared)],
                     key=lambda a: a.start)
    ends = _segments(text, language)
    out = {}
    for q in quantities:
        seg = _segment_of(q.span[0], ends)
        same_kind = [n for n in quantities if n is not q and n.kind == q.kind]
        owner, owner_text = _owner(q, anchors, seg, same_kind, text)
        out[id(q)] = _Roles(owner, owner_text, _year(q, years, seg),
                            *_change(q, text, seg, language))
    return out


_OWNED = (Kind.PERCENT, Kind.AMOUNT, Kind.NUMBER)


def swaps(pairs: Sequence[tuple[Quantity, Quantity]], zh_text: str, en_text: str,
          zh_years: Sequence[Quantity] = (), en_years: Sequence[Quantity] = ()) -> list[Swap]:
    """The equal pairs whose values changed owner, year, or end of a change."""
    owned = [(a, b) for a, b in pairs if a.kind in _OWNED and b.kind in _OWNED]
    values: dict[Kind, set[object]] = {}
    for a, _b in owned:
        values.setdefault(a.kind, set()).add(a.value)
    owned = [(a, b) for a, b in owned if len(values[a.kind]) > 1]  # one value cannot swap
    if len(owned) < 2 or not zh_text or not en_text:
        return []
    in_zh = frozenset(_latin_key(t) for t in _LATIN.findall(zh_text))
    shared = in_zh & frozenset(_latin_key(t) for t in _LATIN.findall(en_text)) if in_zh else in_zh
    zh_roles = _roles([a for a, _b in owned], zh_years, zh_text, "zh", shared)
    en_roles = _roles([b for _a, b in owned], en_years, en_text, "en", shared)
    found: list[Swap] = []
    for a, b in owned:
        swap = _swapped(a, b, owned, zh_roles, en_roles)
        if swap is not None:
            found.append(swap)
    found = [_named(s, owned, zh_text, en_text) for s in found]
    found += _phrase_swaps(owned, zh_text, en_text, {id(s.zh) for s in found})
    return sorted(found, key=lambda s: s.zh.span)


def _named(swap: Swap, owned: Sequence[tuple[Quantity, Quantity]], zh_text: str,
           en_text: str) -> Swap:
    """A swap found by its owners' role words, named by the noun phrases they stand in
    (研发人员 rather than 人员) where those hold the role words."""
    zh_phrase = _phrase(swap.zh, [a for a, _b in owned], zh_text, "zh")
    en_phrase = _phrase(swap.en, [b for _a, b in owned], en_text, "en")
    return Swap(swap.zh, swap.en,
                zh_phrase if swap.zh_role and swap.zh_role in zh_phrase else swap.zh_role,
                en_phrase if swap.en_role and swap.en_role in en_phrase else swap.en_role)


# ------------------------------------------------------------------ owners as noun phrases

_ZH_LINK = re.compile(
    r"(?:所占比重|所占比例|所占份额|的比重|的比例|的份额|占比|比重|比例|份额|分别|约为|约占|达到|约|近|"
    r"超过|逾|达|为|是|占据|占了|占|共计|共有|合计|累计|持股|持有|出资|投入|贡献|有|了|的|将|已)"
    r"[ \t]*$")
_ZH_LEAD = re.compile(r"^[ \t]*(?:其中|而|且|和|与|及|并|同时|另外|此外)")
_EN_LINK = re.compile(
    r"(?i)(?:\b(?:accounts?|accounted|accounting)[ \t]+for|\b(?:makes?|made|making)[ \t]+up|"
    r"\brepresent(?:s|ed|ing)?|\b(?:stands?|stood|standing)[ \t]+at|\bamount(?:s|ed)?[ \t]+to|"
    r"\b(?:comes?|came)[ \t]+to|\bcontribut(?:es?|ed|ing)|\b(?:holds?|held|holding)|"
    r"\b(?:reach(?:es|ed)?|totall?(?:s|ed)?|was|were|is|are|be|been|has|have|had|with|at|of|"
    r"for|to|by|about|around|approximately|roughly|nearly|almost|some|over|more[ \t]+than|"
    r"less[ \t]+than|under|up|the|a|an|its|their|respectively|share|shares|proportion|"
    r"percentage|rmb|cny|usd|us\$|eur|yuan))[ \t]*$")
_EN_LEAD = re.compile(r"(?i)^[ \t]*(?:and|while|whereas|but|with|of[ \t]+which|of[ \t]+these|"
                      r"the|its|their)\b")


def _strip(text: str, tail: re.Pattern[str], lead: re.Pattern[str]) -> str:
    while True:
        shorter = lead.sub("", tail.sub("", text)).strip(" \t,，、：:")
        if shorter == text:
            return text
        text = shorter


def _clause_start(text: str, pos: int, language: str) -> int:
    """Where the clause holding ``pos`` starts (after the separator that ends the one
    before: a comma, "and", "while"…)."""
    sep = _ZH_SEP if language == "zh" else _EN_SEP
    start = 0
    for m in sep.finditer(text, max(0, pos - 200), pos):
        start = m.end()
    return start


def _phrase(q: Quantity, neighbours: Sequence[Quantity], text: str, language: str) -> str:
    """The noun phrase right before a value in its clause, without the verb or words that
    link it to the value (境外销售 in 境外销售占比35%, 研发人员 in 研发人员占员工总数的31%,
    "Overseas sales" in "Overseas sales account for 65%", "domestic sales" in "… and
    domestic sales for 35%")."""
    start = _clause_start(text, q.span[0], language)
    start = max((n.span[1] for n in neighbours if start <= n.span[1] <= q.span[0]),
                default=start)
    before = text[start:q.span[0]]
    if language == "zh":
        if "占" in before:  # X占Y的N%: Y is the whole, X the owner
            before = before[:before.rindex("占")]
        return _strip(before, _ZH_LINK, _ZH_LEAD)
    return _strip(before, _EN_LINK, _EN_LEAD)


def _zh_units(phrase: str) -> list[frozenset[str]]:
    from coop_desktop.documents import lexicon

    return [keys for run in re.findall(r"[\u4e00-\u9fff]+", phrase)
            for word in lexicon.segment(run) if (keys := lexicon.zh_keys(word))]


def _en_keys(phrase: str) -> frozenset[str]:
    from coop_desktop.documents import lexicon

    return frozenset(key for key, _, _ in lexicon.en_keys(phrase))


def _said(units: Sequence[frozenset[str]], keys: frozenset[str]) -> int:
    """How much of a Chinese phrase an English phrase says: the English words its words
    may be rendered by (储能 says both words of "energy storage", one of "new energy")."""
    return sum(len(unit & keys) for unit in units)


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _phrase_swaps(owned: Sequence[tuple[Quantity, Quantity]], zh_text: str, en_text: str,
                  skip: set[int]) -> list[Swap]:
    """Equal values whose owners, read as the noun phrases before them and matched through
    the lexicon, are crossed: the Chinese owner of each is said better by the English owner
    of the other than by its own (境外销售占比35%，境内销售占比65% against "Overseas sales
    account for 65% … domestic sales for 35%"). Values of one Chinese sentence only."""
    zh_q = [a for a, _b in owned]
    en_q = [b for _a, b in owned]
    phrases: dict[int, tuple[str, list[frozenset[str]], str, frozenset[str]]] = {}

    def phrase(k: int) -> tuple[str, list[frozenset[str]], str, frozenset[str]]:
        if k not in phrases:
            a, b = owned[k]
            zh_phrase = _phrase(a, zh_q, zh_text, "zh")
            en_phrase = _phrase(b, en_q, en_text, "en")
            phrases[k] = (zh_phrase, _zh_units(zh_phrase), en_phrase, _en_keys(en_phrase))
        return phrases[k]

    ends = [m.start() for m in _SENTENCE_END.finditer(zh_text)]
    sentence = [bisect.bisect_left(ends, a.span[0]) for a in zh_q]
    found = []
    for i, (a, b) in enumerate(owned):
        if id(a) in skip:
            continue
        others = [j for j, (x, _y) in enumerate(owned)
                  if j != i and sentence[j] == sentence[i] and x.kind == a.kind
                  and x.value != a.value]
        if not others:
            continue
        zh_i, units_i, en_i, keys_i = phrase(i)
        if not units_i or not keys_i:
            continue
        for j in others:
            _zh_j, units_j, _en_j, keys_j = phrase(j)
            if (units_j and keys_j and _said(units_i, keys_j) > _said(units_i, keys_i)
                    and _said(units_j, keys_i) > _said(units_j, keys_j)):
                found.append(Swap(a, b, zh_i, en_i))
                break
    return found


def _swapped(a: Quantity, b: Quantity, owned: Sequence[tuple[Quantity, Quantity]],
             zh_roles: dict[int, _Roles], en_roles: dict[int, _Roles]) -> Swap | None:
    mine_zh, mine_en = zh_roles[id(a)], en_roles[id(b)]
    for attribute in ("owner", "year", "change"):
        r_zh, r_en = getattr(mine_zh, attribute), getattr(mine_en, attribute)
        if r_zh is None or r_en is None or r_zh == r_en:
            continue
        others = [(x, y) for x, y in owned if x is not a and x.kind == a.kind]
        if any(getattr(zh_roles[id(x)], attribute) == r_en
               and getattr(en_roles[id(y)], attribute) != r_en for x, y in others):
            return Swap(a, b, _label(mine_zh, attribute), _label(mine_en, attribute))
    return None


def _label(roles: _Roles, attribute: str) -> str:
    if attribute == "owner":
        return roles.owner_text
    if attribute == "change":
        return roles.change_text
    return str(roles.year)
