"""Numeric values in Chinese and English text, so that one quantity written two ways compares equal.

:func:`extract_quantities` returns the *values* a text states: ``3.5亿元``, ``RMB 350 million``,
``RMB350m`` and ``CNY 0.35 billion`` are all the amount 350,000,000 (CNY); ``５０％``,
``50 per cent``, ``30-percent`` and ``50个百分点`` percentages; ``2025年3月5日``, ``5 March
2025`` and ``2025-03-05`` the date 20250305; ``四分之一``, ``a quarter`` and ``25%`` the
percentage 25; ``上半年`` and "the first half" the months 1–6; ``今年`` the year of the
document; ``120亩`` 120 with the unit mu, which "8 hectares" converts. :func:`compare_quantities`
pairs the quantities of a Chinese and an English text (:mod:`quantity_pairs`).

The extractor works on any text (Chinese, English or mixed) and never changes its length,
so every ``span`` indexes the caller's original string. Full-width forms are folded first
(``１，２００`` → ``1,200``, ``￥`` → ``¥``). Rules run in a fixed order (:data:`_RULES`);
each match masks its characters so that later rules cannot read them again. Results are
cached per text (the editor checks the same sections again and again).

The rules by subject:
  * :mod:`numbers_zh`: Chinese numerals (``三百五十``, ``十余家``, read conservatively: a run
    of numeral characters counts only before a measure word or unit, or when it contains
    ``百 千 万 亿``; ``十二``, ``一带一路``, ``统一`` are no numbers), fractions ``分之``, ``成``,
    ``一半``, ``全资``, orders of magnitude (``上亿``, ``数以万计``: optional values).
  * :mod:`numbers_en`: number words (``twelve``, ``three hundred and fifty``, ``a thousand``),
    fractions ("a quarter", "two thirds", "half"), "two decades", "wholly owned", orders of
    magnitude ("hundreds of millions").
  * :mod:`periods`: dates, parts of a year, years against the document's date, ordinals and
    anniversaries, frequencies, "2023-25".
  * :mod:`units`: the unit after a number and unit labels of tables (``金额（万元）：1,250``);
    日 after a numeral only as a duration (``三十日内``, ``15日后``; ``三月三十日`` is a date).
  * legal doublets: a value in words and again in figures in brackets is one value ("thirty
    (30) days", "RMB one million (RMB 1,000,000)"; :func:`_doublets`).
  * :mod:`qualifiers`: the approximation and bound words around a value.
  * here: digits with their multipliers and currencies (``,`` thousands separators, NBSP or
    thin spaces, decimals; ``万 亿 千 百`` chained, ``10余万``; ``hundred thousand million
    billion trillion``, ``bn mn mln``, ``k`` glued to the digits, ``m`` only next to a
    currency since ``350 m`` is metres; ``人民币 RMB CNY ¥ US$ $ USD HK$ EUR € £`` before,
    ``元 美元 欧元 yuan dollars RMB USD``... after; ``% ‰ 个百分点 percent per cent
    percentage points``, also hyphenated), and what is *not* a value:

What is not (recognised only so that its digits are never read as values)
  * ``{{placeholders}}``; identifiers: USCC-shaped codes, runs of 11 or more digits, phone
    numbers (``+86 755 2654 1234``, ``0755-26541234``, ``400-800-1234``). Identifiers are
    not compared at all: they are written differently on each side (``+86``, spacing), and
    the QA record check compares USCCs with the enterprise record.
  * numbering: ``1.`` / ``1)`` / ``1.2 Title`` at the start of a line or sentence, ``1、``,
    ``(1)``, ``3.2.1``; ``（一）`` and ``一、`` are not numbers anyway;
  * references: ``3号``, ``2期``, ``3章``, ``附件1``, ``Section 3``, ``Article 5``,
    ``No. 11``, ``Annex 2``, ``Phase 2``, ``14th Five-Year Plan``;
  * codes: digits glued to letters (``A1``, ``5G``, ``COVID-19``, ``ISO9001``) or after an
    upper-case acronym (``ISO 9001:2015``, ``GB/T 2260``) — but not after a currency code
    (``RMB12 billion`` is an amount).

``optional=True`` marks values a translation may legitimately leave implicit: a spelled-out
one or zero in either language (``一家``, ``one of``: often just an article), English
number words up to ten (``前三`` / ``top three``), orders of magnitude. The comparison pairs
them when it can and otherwise ignores them. ``soft=True`` values (ordinals, relative years,
year-ends, frequencies) are compared only with a leftover of their own kind on the other
side. Values are unsigned magnitudes: ``下降5%`` and ``down 5%`` both state 5 percent.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from coop_desktop.documents import numbers_en, numbers_zh, periods, qualifiers, units
from coop_desktop.documents.numbers_core import (
    CODES,
    EN_SCALES,
    MASK,
    NUM,
    PERCENT,
    PREFIX_CURRENCY,
    SP,
    SUFFIX_CURRENCY,
    USCC_SHAPE,
    ZH_MULT,
    Handler,
    Kind,
    Rule,
    Quantity,
    Raw,
    currency,
    fold_width,
    plain,
    skip,
)
from coop_desktop.documents.numbers_zh import parse_zh_numeral
from coop_desktop.documents.placeholders import PLACEHOLDER_RE

_EN_SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9}
_MULTIPLIER = (
    rf"(?P<mult>{SP}?[余多]?(?:[千百](?![米克瓦分])|[万亿])+"
    rf"|(?:{SP}?(?i:hundred|thousand|million|billion|trillion)(?![A-Za-z]))+"
    rf"|{SP}?(?i:bn|mn|mln)(?![A-Za-z])|{SP}?[mM](?![A-Za-z²³0-9])|k(?![A-Za-z]))"
)
_RANGE_GAP = re.compile(r"[ \t]*(?:-|–|—|~|至|到|(?i:to))[ \t]*")
_GLUED_BEFORE = re.compile(r"[A-Za-z]-?$")

# ------------------------------------------------------------------ numbering


#: The first character after spaces and tabs ("" at the end). Rules look ahead by matching
#: at a position: slicing the rest of the text for every match made long texts quadratic.
_NEXT_CHAR = re.compile(r"[ \t]*(.?)", re.DOTALL)


# ------------------------------------------------------------------ numbers with digits


def _glued_code(text: str, start: int, end: int, prefixed: bool) -> bool:
    """Digits glued to letters are part of a code: ``A1``, ``COVID-19``, ``5G``, ``3D``
    (``RMB12`` is not: the letters are a currency)."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 1]
    glued_before = not prefixed and _GLUED_BEFORE.search(before) is not None
    return glued_before or (after.isascii() and after.isupper())


def _scale_of(token: str | None, has_currency: bool) -> Decimal:
    """The multiplier a token names: ``万`` ``千万`` ``余万`` ``million`` ``bn`` (1 if none)."""
    token = (token or "").strip(" \t\u00a0余多")
    if not token:
        return Decimal(1)
    if token.lower() in _EN_SHORT_SCALES:
        metres = token.lower() == "m" and not has_currency
        return Decimal(1 if metres else _EN_SHORT_SCALES[token.lower()])
    if token[0] in ZH_MULT:
        return Decimal(math.prod(ZH_MULT[ch] for ch in token))
    return Decimal(math.prod(EN_SCALES[w.lower()] for w in token.split()))


_TIMES = re.compile(r"[ \t]*(?:倍|-?fold\b|times[ \t]+(?:the|as|more|higher|larger|greater|"
                    r"bigger|that|what|its|their|over|compared)\b)")


def _digit_kind(m: re.Match[str], value: Decimal, code: str | None) -> Kind:
    if m["pct"]:
        return Kind.PERCENT
    if code:
        return Kind.AMOUNT
    plain_year = re.fullmatch(r"\d{4}", m["num"]) and 1900 <= value <= 2100 and not m["mult"]
    next_char = m.string[m.end():m.end() + 1]
    if plain_year and (m["nian"] or not "\u4e00" <= next_char <= "\u9fff"):
        return Kind.YEAR
    return Kind.NUMBER


def _digits(m: re.Match[str]) -> list[Raw]:
    text = m.string
    start = m.start("num")
    if _glued_code(text, start, m.end(), m["pre"] is not None) or (
            numbers_en.hyphen_word_not_unit(text, m.end())):
        return []
    code = currency(m["pre"]) or currency(m["cur"])
    scale = _scale_of(m["mult"], code is not None)
    value = Decimal(re.sub(r"[,\u00a0\u2009\u202f]", "", m["num"])) * scale
    if m["pct"] and "‰" in m["pct"]:
        value /= 10
    kind = _digit_kind(m, value, code)
    metres = (m["mult"] or "").strip() in ("m", "M") and code is None
    unit = "m" if metres else ("year" if m["nian"] and kind == Kind.NUMBER else None)
    more = (m["mult"] or "").strip(" \t\u00a0")[:1]  # 6600多万, 10余万: more than
    times = _TIMES.match(text, m.end()) is not None  # 增长1.5倍 may be "2.5 times": a ratio
    return [Raw(m.start(), m.end(), value, kind, code, scale, unit=unit, optional=times,
                qualifier="over" if more in ("多", "余") else None,
                qualifier_text=more if more in ("多", "余") else "")]


# ------------------------------------------------------------------ the rules, in order

_IDENTIFIERS = (
    PLACEHOLDER_RE.pattern,
    USCC_SHAPE.pattern,
    r"(?=\d)(?<![\d.,])\d{11,}(?!\d)",  # not the fraction of 0.00000000001
    r"(?=\+)\+\d{1,3}(?:[ \t-]?\(?\d{1,4}\)?){2,5}(?!\d)",  # +86 755 2654 1234
    r"(?=[(0])(?<![\d.])\(?0\d{2,3}\)?[ \t-]?\d{7,8}(?!\d)",  # 0755-26541234
    r"(?=[48])(?<![\d.])[48]00[ \t-]?\d{3}[ \t-]?\d{4}(?!\d)",  # 400-800-1234
)
_NUMBERING = (
    r"(?=\d)(?<![\d.])\d+(?:\.\d+){2,}(?!\d)",  # 3.2.1
    r"(?=[\d(])(?:(?<!\d)\d{1,2}、|[(]\d{1,2}[)])",  # 1、 (1)
    r"(?=[附序编\d])(?:(?:附件|附表|附录|序号|编号)[ \t]*\d+|(?<![\d.])\d+[ \t]?[号期章节])",
    rf"(?=[A-Z])(?<![A-Za-z])(?!(?:{CODES})[ \t]?\d)[A-Z]{{2,}}(?:/[A-Z]{{1,2}})?[ \t]?\d+"
    r"(?:[-.:]\d+)*(?![\d,.]|\s*(?:%|(?i:per\s?cent)))",  # ISO 9001:2015, GB/T 2260
)
_REFERENCE_WORD = re.compile(
    r"(?i:\b(?:Sections?|Articles?|Chapters?|Parts?|Clauses?|Paragraphs?|Items?|Annex(?:es)?|"
    r"Appendix|Attachments?|Schedules?|Phases?|Batch|Round|Nos?\.|Lines?|Buildings?|"
    r"Workshops?|Halls?|Blocks?|Gates?|Rooms?|Stages?|Plants?|Berths?|Terminals?|Floors?|"
    r"Levels?|Grades?|Tiers?|Lots?|Models?|Versions?))[ \t]*(?:\d+\.)*$")


def _reference(m: re.Match[str]) -> list[Raw] | None:
    """``Section 3``, ``Article 5.2``, ``No. 11``, ``Phase 2``: a reference, not a value."""
    window = m.string[max(0, m.start() - 14):m.start()]
    return [] if _REFERENCE_WORD.search(window) else None


def _heading_number(m: re.Match[str]) -> list[Raw] | None:
    """``公司概况 1. 公司…``: a number after Chinese and spaces, before a dot and a space."""
    before = m.string[m.start() - 1:m.start()] if m.start() else ""
    return [] if "\u4e00" <= before <= "\u9fff" else None


_LIST_START = re.compile(r"(?:^|[\n。;；：!?！？]|[^\d][.:])[ \t]*$")
_LIST_MARKER = r"(?=\d)(?<!\d)\d{1,2}(?!\d)(?P<sub>(?:\.\d{1,2})+)?(?P<sep>[.、)])?"


def _list_marker(m: re.Match[str]) -> list[Raw] | None:
    """``1.`` / ``1)`` / ``1.2 Title`` at a line or sentence start: numbering, not a value."""
    if not _LIST_START.search(m.string, max(0, m.start() - 12), m.start()):
        return None
    head = _NEXT_CHAR.match(m.string, m.end())[1]  # type: ignore[index]
    if m["sep"]:
        return [] if not head.isdigit() else None
    cjk_word = "\u4e00" <= head <= "\u9fff" and head not in "万亿千百元美欧港日英个家名人项年月"
    return [] if m["sub"] and (head.isupper() or cjk_word) else None


_DIGITS: Rule = (
    rf"(?=[\d人RCUHEGJ$€£¥])(?:{PREFIX_CURRENCY}{SP}?)?(?<!\d)(?<!\d\.)(?P<num>{NUM})"
    rf"{_MULTIPLIER}?(?:{SUFFIX_CURRENCY})?(?:{PERCENT})?(?P<nian>{SP}?年度?)?", _digits,
    ("#digit",))
_DIGIT = ("#digit",)
_RULE_LIST: tuple[Rule, ...] = (
    *((p, skip, ("{{", "#digit")) for p in _IDENTIFIERS),
    *periods.RELATIVE,
    *periods.PERIODS,
    *periods.FREQUENCIES,
    *periods.DATES,
    *numbers_en.RULES,
    *periods.ORDINALS,
    (_LIST_MARKER, _list_marker, _DIGIT),
    *((p, skip, _DIGIT) for p in _NUMBERING),
    (r"(?=\d)(?<![\d.])\d+(?:\.\d+)*", _reference, ("section", "article", "chapter", "part",
                                                "clause", "paragraph", "item", "annex",
                                                "appendix", "attachment", "schedule", "phase",
                                                "batch", "round", "no.", "nos.", "line",
                                                "building", "workshop", "hall", "block",
                                                "gate", "room", "stage", "plant", "berth",
                                                "terminal", "floor", "level", "grade", "tier",
                                                "lot", "model", "version")),
    (r"(?=[ \t])[ \t]+\d{1,2}\.(?=[ \t])", _heading_number, ("#cjk",)),
    *numbers_zh.RULES,
    _DIGITS,
    numbers_zh.NUMERALS,
    numbers_en.WORDS,
)
_CLASSES = {"#digit": "[0-9]", "#latin": "[a-z]", "#cjk": "[\u3007\u4e00-\u9fff]"}


def _gate(needs: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern that finds any of ``needs`` in the lower-cased text (``None``: no need)."""
    if not needs:
        return None
    return re.compile("|".join(_CLASSES.get(n) or re.escape(n) for n in needs))


_GATES: dict[tuple[str, ...], re.Pattern[str] | None] = {
    needs: _gate(needs) for needs in {rule[2] if len(rule) > 2 else () for rule in _RULE_LIST}
}
_RULES: tuple[tuple[re.Pattern[str], Handler, tuple[str, ...]], ...] = tuple(
    (re.compile(rule[0]), rule[1],
     rule[2] if len(rule) > 2 else ())  # type: ignore[misc]
    for rule in _RULE_LIST
)


def _open_gates(lowered: str) -> set[tuple[str, ...]]:
    """The ``needs`` this text meets: each distinct set is searched for once per text."""
    return {needs for needs, gate in _GATES.items() if gate is None or gate.search(lowered)}


def _apply(pattern: re.Pattern[str], handler: Handler, work: str) -> tuple[str, list[Raw]]:
    """Run one rule; the text of every match it accepts is masked for the later rules."""
    found: list[Raw] = []
    pieces: list[str] = []
    done = 0
    for m in pattern.finditer(work):
        raws = handler(m)
        if raws is None:
            continue
        found += raws
        pieces += [work[done:m.start()], MASK * (m.end() - m.start())]
        done = m.end()
    if not pieces:
        return work, found
    return "".join(pieces) + work[done:], found


def _spreads(low: Raw, high: Raw, folded: str) -> bool:
    """Whether ``low`` is the bare start of a range ending in ``high`` (``3-5%``, ``3至5亿``)."""
    return (
        low.kind in (Kind.NUMBER, Kind.AMOUNT) and low.scale == 1
        and low.currency in (None, high.currency or low.currency)
        and (high.scale > 1 or high.kind in (Kind.PERCENT, Kind.AMOUNT))
        and high.kind in (Kind.NUMBER, Kind.AMOUNT, Kind.PERCENT)
        and low.value < high.value / high.scale
        and _RANGE_GAP.fullmatch(folded, low.end, high.start) is not None
    )


def _spread_range_scales(raws: Sequence[Raw], folded: str) -> list[Raw]:
    """``3至5亿元`` / ``300-500 million``: the first number takes the second's scale and unit."""
    out = list(raws)
    for i, (low, high) in enumerate(itertools.pairwise(raws)):
        if _spreads(low, high, folded):
            code = high.currency or low.currency
            kind = Kind.AMOUNT if code and high.kind == Kind.NUMBER else high.kind
            out[i] = replace(low, value=low.value * high.scale, kind=kind, currency=code,
                             scale=high.scale, unit=low.unit or high.unit)
    return out


_PERIOD_BEFORE = re.compile(
    r"(?:(?i:\b(?:the[ \t]+)?(?:last|past|previous|preceding|next|coming|following))"
    r"|近|未来|过去|最近|今后)[ \t]*$")


def _period(raw: Raw, folded: str) -> Raw:
    """A number of years, months or days after "the last", "the next", 近, 未来 states a
    period: stated even when written as a small number word (the last five years), and
    named with those words (近三年, "last five years")."""
    m = _PERIOD_BEFORE.search(folded, max(0, raw.start - 16), raw.start)
    if m is None:
        return raw
    start = m.start() + (4 if folded[m.start():m.start() + 4].lower() == "the " else 0)
    return replace(raw, optional=False, label=folded[start:raw.end])


def _with_units(raws: list[Raw], folded: str) -> list[Raw]:
    """The unit after each count (``120亩``, ``82.3 square kilometres``), and a range's first
    number takes the unit of its second (``3至5公顷``); a period is named as one
    (:func:`_period`)."""
    out = []
    for raw in raws:
        if raw.kind == Kind.NUMBER and raw.unit is None:
            found = units.unit_at(folded, raw.end)
            if found is not None:  # the unit is part of what the value says: "300 hectares"
                raw = replace(raw, unit=found[0], end=found[1])
        if raw.kind == Kind.NUMBER and raw.unit in units.TIME_UNITS:
            raw = _period(raw, folded)
        out.append(raw)
    for i, (low, high) in enumerate(itertools.pairwise(out)):
        if low.unit is None and high.unit and low.kind == high.kind == Kind.NUMBER and (
                _RANGE_GAP.fullmatch(folded, low.end, high.start)):
            out[i] = replace(low, unit=high.unit)
    return out


_DOUBLET = re.compile(
    r"[ \t]*[(（][ \t]*(?P<cur>RMB|CNY|USD|US\$|HK\$|EUR|\$|¥|€|£)?[ \t]*"
    r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ \t]*"
    r"(?:%|percent|per[ \t]+cent|元|yuan)?[ \t]*[)）]")


def _doublets(raws: list[Raw], folded: str) -> list[Raw]:
    """A value written twice, in words and again in figures in brackets, is one value, as
    legal texts write it: "thirty (30) days", "five (5) business days", "RMB one million
    (RMB 1,000,000)", "ten percent (10%)". The bracket joins the value before it, whose unit
    may follow the bracket ("(30) days")."""
    out: list[Raw] = []
    skip_until = -1
    for raw in raws:
        if raw.start < skip_until:
            continue  # the figures in brackets, already joined to the words before them
        m = _DOUBLET.match(folded, raw.end)
        if m and Decimal(m["n"].replace(",", "")) == raw.value:
            end = m.end()
            skip_until = end
            raw = replace(raw, end=end, optional=False)
            code = currency(m["cur"])
            if code and raw.kind == Kind.NUMBER and raw.currency is None:
                raw = replace(raw, kind=Kind.AMOUNT, currency=code)
            if raw.kind == Kind.NUMBER and raw.unit is None:
                found = units.unit_at(folded, end)
                if found is not None:
                    raw = replace(raw, unit=found[0], end=found[1])
        out.append(raw)
    return out


def _in_table_units(raws: list[Raw], labels: list[units.TableLabel], text: str) -> list[Raw]:
    """Bare figures after a unit label (``金额（万元）：1,250``) are amounts in its unit."""
    if not labels:
        return raws
    out = []
    for raw in raws:
        label = next((lb for lb in labels if lb.end <= raw.start < lb.scope_end), None)
        bare = raw.kind == Kind.NUMBER and raw.unit is None and not raw.optional
        if label is not None and bare and raw.scale == 1:
            raw = replace(raw, value=raw.value * label.scale, kind=Kind.AMOUNT,
                          currency=label.currency, scale=label.scale,
                          label=label.figure(text[raw.start:raw.end]))
        out.append(raw)
    return out


def _masked(text: str, labels: list[units.TableLabel]) -> str:
    for label in labels:
        text = text[:label.start] + MASK * (label.end - label.start) + text[label.end:]
    return text


_HAS = {"digit": re.compile(r"[0-9]"), "latin": re.compile(r"[A-Za-z]"),
        "cjk": re.compile(r"[\u4e00-\u9fff]")}


@lru_cache(maxsize=256)
def _extract(text: str) -> tuple[Quantity, ...]:
    folded = fold_width(text)
    labels = units.table_labels(folded)
    work = _masked(folded, labels)
    raws: list[Raw] = []
    open_gates = _open_gates(folded.lower())
    for pattern, handler, needs in _RULES:
        if needs in open_gates:
            work, found = _apply(pattern, handler, work)
            raws += found
    raws = _spread_range_scales(sorted(raws, key=lambda r: r.start), folded)
    raws = _in_table_units(_doublets(_with_units(raws, folded), folded), labels, folded)
    raws = list(qualifiers.attach(raws, folded))
    return tuple(
        Quantity(plain(r.value), r.kind, (r.start, r.end), r.label or text[r.start:r.end],
                 r.currency,
                 tuple(plain(a) for a in r.alternatives), r.optional, r.soft, r.unit,
                 r.qualifier, r.qualifier_text, r.qualifier_loose, r.relative, r.local,
                 r.inexact)
        for r in raws
    )


def extract_quantities(text: str) -> list[Quantity]:
    """Every value stated in ``text`` (Chinese, English or mixed), in order of position."""
    return list(_extract(text))


# ------------------------------------------------------------------ comparing two texts

# The comparison lives in ``quantity_pairs`` (it needs Kind and Quantity, defined above).
from coop_desktop.documents.quantity_pairs import Comparison, compare_quantities  # noqa: E402

__all__ = ["USCC_SHAPE", "Comparison", "Kind", "Quantity", "compare_quantities",
           "extract_quantities", "fold_width", "parse_zh_numeral"]
