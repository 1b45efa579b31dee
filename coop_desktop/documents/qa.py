"""Bilingual consistency checks (QA) of one section: a Chinese text and its English counterpart.

:func:`check_pair` is pure: no Qt, no database. It returns :class:`QaIssue` values whose
messages are English msgids with parameters (:class:`~coop_desktop.errors.Message`), rendered
by the caller in either language. A clean, natural pair returns ``[]``: every check is written
to stay silent on ordinary translation choices, because a false alarm costs the user as much
as a miss.

=====================  ========  ======================================================
code                   severity  when
=====================  ========  ======================================================
placeholder_unresolved error     a ``{{path}}`` is left in either text (one per placeholder)
untranslated           error     one side is empty and the other is not, or both are
                                 empty in a required section (whitespace counts as empty)
same_as_source         error     the English text equals the Chinese text (whitespace
                                 normalised) and contains Chinese, or is mostly Chinese
zh_in_english          error     the Chinese text is written in English, wholly or by a
                                 clause (:mod:`~coop_desktop.documents.untranslated`)
chinese_in_english     error     a run of Chinese is left in the English text (not a name
                                 in brackets, not a document number)
polarity_reversed      error     a statement says the opposite: a negation, direction or
bound_reversed                   exception lost or gained; a lower bound made an upper one
                                 (:mod:`~coop_desktop.documents.meaning`)
number_mismatch        error     values of one kind differ: ``3.5亿元 ≠ RMB 35 million``
place_mismatch         error     a place on one side is a different place on the other
                                 (宁波 → "Hangzhou"), its own counterpart missing
country_mismatch       error     likewise a country or region (越南 → "Thailand")
name_mismatch          error     likewise a zone, a well-known company, a person or a name
                                 in pinyin (张伟 → "Wang Wei", 振华 → "Zhenhai")
                                 (:mod:`~coop_desktop.documents.entities`)
record_mismatch        error     a USCC-shaped code differs from the record's USCC, or a
                                 name is at least 85 % similar to the record's name but not
                                 written exactly as recorded (case-sensitive)
number_missing         warning   a value on one side has no counterpart on the other
content_dropped        warning   a Chinese sentence or clause has no counterpart in the
content_added                    English, or an English one none in the Chinese
term_wrong             error     a glossary term's English is missing and the English has
                                 another term's rendering instead ("Ministry of Commerce"
                                 for 工业和信息化部) or one known to be wrong ("small giant",
                                 "tax number" for 统一社会信用代码) (:mod:`.terms`)
unit                   error     the same number with another unit, or units measuring
                                 different things (120亩 → "120 hectares"; a table's 金额
                                 （万元）：350 → "Amount (RMB): 350" is 350万元 ≠ RMB 350); a
                                 converted value is fine (120亩 → "8 hectares")
bound                  error     a bound on a value reversed (超过100家 → "fewer than 100"),
share_swap                       equal values given to other owners (甲方70%、乙方30% →
                                 "A 30%, B 70%") (:mod:`~coop_desktop.documents.number_checks`)
approximation          warning   an approximation or bound word on a value dropped, added or
                                 changed (近30% → "30%"); ``bound`` when only bounds differ
term_inconsistent      warning   a glossary term's Chinese occurs but neither its English
                                 nor an accepted variant does: the house style of a
                                 glossary passed by the caller (the shipped glossary,
                                 checked when none is passed, accepts any rendering with
                                 its key words and reports only wrong ones)
too_long               warning   over the section's character or word limit; a warning,
                                 not an error, because limits in application forms are
                                 guidance the officer may knowingly exceed in a draft
section_empty          info      both sides are empty in an optional section: a note
                                 saying what the print does with it (``empty``: left
                                 out, or printed as 无 / None)
=====================  ========  ======================================================

When a side is empty, or a side is not a translation at all (``same_as_source``,
``zh_in_english``, ``chinese_in_english``), the comparisons (numbers, glossary, meaning) are
skipped: they would only repeat that finding.
Numbers are compared by value, unit, qualifier and owner (see
:mod:`coop_desktop.documents.number_checks`); a figure repeated on one side counts once.

Issues come errors first, then warnings, each group in the order of the table and, within a
check, in text order. One issue is kept per :attr:`QaIssue.key`; its span is the first place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from coop_desktop.documents import entities
from coop_desktop.documents import meaning, terms, untranslated
from coop_desktop.documents import number_checks
from coop_desktop.documents.numbers import USCC_SHAPE, fold_width
from coop_desktop.documents.placeholders import PLACEHOLDER_RE
from coop_desktop.documents.terms import (  # noqa: F401  (part of this module's interface)
    MSG_TERM,
    MSG_TERM_KNOWN_WRONG,
    MSG_TERM_WRONG,
    GlossaryTerm,
    entry_alternatives,
)
from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import N_

NAME_SIMILARITY = 85.0
"""How similar a passage must be to the recorded name to count as a variant of it: the
``rapidfuzz.fuzz.ratio`` (normalised Indel similarity, 0–100) of the case-folded texts."""

MSG_PLACEHOLDER = N_("The placeholder {placeholder} has not been filled in.")
MSG_EMPTY = N_("This section is required but is empty in both languages.")
MSG_EMPTY_OMITTED = N_("This optional section is empty; it is left out of the printed "
                       "document.")
MSG_EMPTY_NONE = N_("This optional section is empty; the printed document shows it with "
                    "“无” / “None”.")
MSG_NO_ZH = N_("The Chinese text is empty although the English text is not.")
MSG_NO_EN = N_("The English text is empty although the Chinese text is not.")
MSG_IDENTICAL = N_(
    "The English text is the same as the Chinese text: it has not been translated."
)
MSG_MOSTLY_CJK = N_("The English text is mostly Chinese characters: it has not been translated.")
MSG_ZH_IN_ENGLISH = N_("The Chinese text is written in English (“{text}”): it has not been "
                       "translated into Chinese.")
MSG_CHINESE_LEFT = N_("“{text}” in the English text is still in Chinese.")
MSG_USCC = N_("The credit code {found} differs from the enterprise record ({expected}).")
MSG_NAME = N_(
    "“{found}” looks like the enterprise’s name but is not written as in the record: “{expected}”."
)
MSG_NUMBER_MISMATCH = N_("The Chinese text says “{zh}” where the English text says “{en}”.")
MSG_ONLY_ZH = N_("“{value}” in the Chinese text has no counterpart in the English text.")
MSG_ONLY_EN = N_("“{value}” in the English text has no counterpart in the Chinese text.")
MSG_ZH_TOO_LONG = N_("The Chinese text has {count} characters; the limit is {limit}.")
MSG_EN_TOO_LONG = N_("The English text has {count} words; the limit is {limit}.")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class QaIssue:
    """One finding. ``span`` indexes the text of ``side``; ``detail`` is stable text naming
    the offending values, so that :attr:`key` identifies the finding across re-checks."""

    code: str
    severity: Severity
    message: Message
    side: str | None = None
    span: tuple[int, int] | None = None
    detail: str = ""

    @property
    def key(self) -> str:
        """``code:side:detail`` (``*`` for both sides): what an "ignore, because…" records."""
        return f"{self.code}:{self.side or '*'}:{self.detail}"


@dataclass(frozen=True)
class RecordFacts:
    """What the enterprise record says, for ``record_mismatch``. ``other_names_zh``: other
    proper names the text may contain (the zone's). A proper name has its own registered
    English, so a glossary term inside it (一带一路 in “一带一路”（长沙）中小企业合作区, 新材料
    in a company name) is not checked there."""

    name_zh: str | None = None
    name_en: str | None = None
    uscc: str | None = None
    other_names_zh: tuple[str, ...] = ()
    zone_zh: str | None = None
    zone_en: str | None = None
    people: tuple[tuple[str, str | None], ...] = ()  # (Chinese name, English or None)

    @property
    def proper_names(self) -> tuple[str, ...]:
        names = (self.name_zh, self.zone_zh, *self.other_names_zh)
        return tuple(dict.fromkeys(n for n in names if n and n.strip()))


@dataclass(frozen=True)
class Limits:
    zh_chars: int | None = None
    en_words: int | None = None


def _issue(code: str, severity: Severity, msgid: str, *, side: str | None = None,
           span: tuple[int, int] | None = None, detail: str = "", **params: Any) -> QaIssue:
    return QaIssue(code, severity, Message(msgid, params), side, span, detail)


def _collapse(text: str) -> str:
    return " ".join(text.split())


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


# ------------------------------------------------------------------ counting


def count_zh_chars(text: str) -> int:
    """Characters that are letters or digits of any script (Unicode categories L* and N*).

    Every Chinese character, Latin letter and digit counts one; punctuation (``，。、“”``),
    symbols (``%`` ``¥``), whitespace, marks and control characters count nothing. So
    ``2024年营收增长5%。`` has 10 characters.
    """
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")


def count_en_words(text: str) -> int:
    """Whitespace-separated tokens that contain a letter or digit.

    ``Co., Ltd.`` is two words, ``Sino-German`` and ``3.5`` one each; a dash or bullet
    standing alone is none.
    """
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


# ------------------------------------------------------------------ the checks


def _placeholders(text: str, side: str) -> list[QaIssue]:
    return [
        _issue("placeholder_unresolved", Severity.ERROR, MSG_PLACEHOLDER, side=side, span=m.span(),
               detail=m.group(), placeholder=m.group())
        for m in PLACEHOLDER_RE.finditer(text)
    ]


def _completeness(zh: str, en: str, required: bool, empty: str) -> list[QaIssue]:
    has_zh, has_en = bool(zh.strip()), bool(en.strip())
    if has_zh and not has_en:
        return [_issue("untranslated", Severity.ERROR, MSG_NO_EN, side="en")]
    if has_en and not has_zh:
        return [_issue("untranslated", Severity.ERROR, MSG_NO_ZH, side="zh")]
    if not has_zh and required:
        return [_issue("untranslated", Severity.ERROR, MSG_EMPTY)]
    if not has_zh:
        msgid = MSG_EMPTY_NONE if empty == "none" else MSG_EMPTY_OMITTED
        return [_issue("section_empty", Severity.INFO, msgid, detail=empty)]
    return []


def _same_as_source(zh: str, en: str) -> list[QaIssue]:
    """Identical texts that contain Chinese, Chinese characters outnumbering other letters in
    the English, or a side in the other language (:func:`_wrong_language`)."""
    if _collapse(zh) == _collapse(en) and _CJK.search(zh):
        return [_issue("same_as_source", Severity.ERROR, MSG_IDENTICAL, side="en",
                       detail="identical")]
    cjk = len(_CJK.findall(en))
    letters = sum(map(str.isalpha, en))  # Unicode category L*
    if cjk > letters - cjk:
        return [_issue("same_as_source", Severity.ERROR, MSG_MOSTLY_CJK, side="en", detail="cjk")]
    return _wrong_language(zh, en)


def _quote(text: str, limit: int = 20) -> str:
    text = _collapse(text)
    return text if len(text) <= limit else text[:limit] + "…"


def _wrong_language(zh: str, en: str) -> list[QaIssue]:
    """A Chinese side written in English, or Chinese left in the English side (see
    :mod:`~coop_desktop.documents.untranslated`)."""
    issues = []
    found = untranslated.zh_in_english(zh)
    if found:
        issues.append(_issue("zh_in_english", Severity.ERROR, MSG_ZH_IN_ENGLISH, side="zh",
                             span=found.span, detail=_quote(found.text),
                             text=_quote(found.text)))
    issues += [_issue("chinese_in_english", Severity.ERROR, MSG_CHINESE_LEFT, side="en",
                      span=f.span, detail=_quote(f.text), text=_quote(f.text))
               for f in untranslated.chinese_in_english(en)]
    return issues


def _numbers(zh: str, en: str, doc_date: date | None = None) -> list[QaIssue]:
    """Values, units, qualifiers and owners (:mod:`.number_checks`); mismatches are reported
    on the English side, the translation; the detail names both."""
    return [_issue(f.code, Severity(f.severity), f.msgid, side=f.side, span=f.span,
                   detail=f.detail, **f.params)
            for f in number_checks.findings(zh, en, doc_date=doc_date)]


def _terms(zh: str, en: str, glossary: Iterable[GlossaryTerm],
           proper_names: Iterable[str] = ()) -> list[QaIssue]:
    """Glossary terms not rendered, or rendered wrongly (:mod:`.terms`)."""
    return [_issue(f.code, Severity(f.severity), f.msgid, side=f.side, span=f.span,
                   detail=f.detail, **f.params)
            for f in terms.findings(zh, en, glossary, proper_names)]


@lru_cache(maxsize=1)
def _shipped_terms() -> tuple[GlossaryTerm, ...]:
    from coop_desktop.documents import shipped_glossary as shipped

    return tuple(GlossaryTerm(zh, en, variants, keys, wrong, strict=False)
                 for zh, en, variants, keys, wrong in shipped.entries())


def shipped_glossary() -> tuple[GlossaryTerm, ...]:
    """The shipped glossary's standard terms (``resources/reference/glossary.json``, read
    once on first use), not strict: what :func:`check_pair` checks when no glossary is
    passed — a wrong rendering is a finding, another faithful one is not (see
    :mod:`.terms` and :mod:`.shipped_glossary`)."""
    return _shipped_terms()


# ------------------------------------------------------------------ the enterprise record

_Windows = Callable[[str, str], Iterator[tuple[int, int]]]
_OPENERS = "(\"'“‘[「《"
_CLOSERS = ",;:!?)\"'”’]」》"


def _uscc(text: str, side: str, expected: str) -> list[QaIssue]:
    want = "".join(fold_width(expected).split()).upper()
    return [
        _issue("record_mismatch", Severity.ERROR, MSG_USCC, side=side, span=m.span(),
               detail=f"{m.group().upper()} ≠ {want}", found=text[m.start():m.end()],
               expected=want)
        for m in USCC_SHAPE.finditer(fold_width(text))
        if m.group().upper() != want
    ]


def _trimmed(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """Window edges without surrounding quotes, brackets, punctuation or a possessive ``'s``."""
    while start < end and text[start] in _OPENERS:
        start += 1
    while True:
        before = end
        end -= 2 if text[start:end].endswith(("'s", "’s")) else 0
        while end > start and text[end - 1] in _CLOSERS:
            end -= 1
        if end > start and text[end - 1] == "." and not name.endswith("."):
            end -= 1
        if end == before:
            return start, end


def _word_windows(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Runs of ``len(name words) ± 2`` words that begin with the name's first word."""
    tokens = list(re.finditer(r"\S+", text))
    words = name.split()
    first = words[0].strip(_OPENERS + _CLOSERS).casefold()
    for i, token in enumerate(tokens):
        if token.group().strip(_OPENERS + _CLOSERS).casefold() != first:
            continue
        for last in tokens[i + max(0, len(words) - 3):i + len(words) + 2]:
            yield _trimmed(text, token.start(), last.end(), name)


def _char_windows(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Runs of ``len(name) ± 2`` characters that begin with the name's first character."""
    for start, ch in enumerate(text):
        if ch != name[0]:
            continue
        for end in range(start + max(2, len(name) - 2), min(len(text), start + len(name) + 2) + 1):
            if text[end - 1].isalnum():
                yield start, end


def _variants(text: str, name: str, windows: _Windows) -> list[tuple[int, int]]:
    """Spans similar to ``name`` but not equal to it, best first, overlapping neither each
    other nor an exact occurrence (see :data:`NAME_SIMILARITY`)."""
    target = _collapse(name)
    # Exact occurrences and chosen spans are marked in byte masks: testing a window against
    # them costs its own length, not the number of spans found so far (which made a long
    # text full of the name quadratic).
    exact = _Mask(len(text))
    for m in re.finditer(r"\s+".join(map(re.escape, target.split(" "))), text):
        exact.take(*m.span())
    folded = target.casefold()
    scores: dict[str, float] = {}  # a repetitive text offers the same passage many times
    scored = set()
    for start, end in windows(text, target):
        candidate = _collapse(text[start:end])
        if candidate != target and exact.free(start, end):
            score = scores.get(candidate)
            if score is None:
                if len(scores) > _SCORE_CACHE:
                    scores.clear()
                score = scores[candidate] = fuzz.ratio(candidate.casefold(), folded,
                                                       score_cutoff=NAME_SIMILARITY)
            if score:
                scored.add((-score, start, end))
    chosen: list[tuple[int, int]] = []
    taken = _Mask(len(text))
    for _score, start, end in sorted(scored):
        if taken.free(start, end):
            taken.take(start, end)
            chosen.append((start, end))
    return sorted(chosen)


_SCORE_CACHE = 50_000


class _Mask:
    """Which positions of a text are taken: ``free(a, b)`` is True when no position in
    ``[a, b)`` is (cost: the span's length, in C)."""

    __slots__ = ("_bits",)

    def __init__(self, size: int) -> None:
        self._bits = bytearray(size)

    def take(self, start: int, end: int) -> None:
        self._bits[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return self._bits.find(1, start, end) < 0


def _names(text: str, side: str, name: str, windows: _Windows) -> list[QaIssue]:
    expected = _collapse(name)
    return [
        _issue("record_mismatch", Severity.ERROR, MSG_NAME, side=side, span=(start, end),
               detail=f"{_collapse(text[start:end])} ≠ {expected}", found=text[start:end],
               expected=expected)
        for start, end in _variants(text, name, windows)
    ]


def _record(zh: str, en: str, record: RecordFacts) -> list[QaIssue]:
    issues = []
    if record.uscc and record.uscc.strip():
        issues += _uscc(zh, "zh", record.uscc) + _uscc(en, "en", record.uscc)
    if record.name_zh and record.name_zh.strip():
        issues += _names(zh, "zh", record.name_zh, _char_windows)
    if record.name_en and record.name_en.strip():
        issues += _names(en, "en", record.name_en, _word_windows)
    return issues


def _entities(zh: str, en: str, record: RecordFacts | None,
              record_spans: list[tuple[int, int]]) -> list[QaIssue]:
    """Places, countries and names that differ (:mod:`.entities`); not where a
    ``record_mismatch`` already names the passage."""
    if not (zh.strip() and en.strip()):
        return []
    facts = entities.Record(
        (record.name_zh, record.name_en), (record.zone_zh, record.zone_en),
        tuple(record.people)) if record else None
    return [
        _issue(f.code, Severity.ERROR, f.msgid, side="en", span=f.en_span,
               detail=f"{f.zh} ≠ {f.en}", zh=f.zh, en=f.en, pinyin=f.pinyin)
        for f in entities.check(zh, en, facts)
        if not any(a < f.en_span[1] and f.en_span[0] < b for a, b in record_spans)
    ]


# ------------------------------------------------------------------ entry point


def _lengths(zh: str, en: str, limits: Limits) -> list[QaIssue]:
    """The detail is the limit, so an ignored finding stays ignored while the text is edited."""
    checks = (("zh", limits.zh_chars, count_zh_chars(zh), MSG_ZH_TOO_LONG),
              ("en", limits.en_words, count_en_words(en), MSG_EN_TOO_LONG))
    return [
        _issue("too_long", Severity.WARNING, msgid, side=side, detail=str(limit), count=count,
               limit=limit)
        for side, limit, count, msgid in checks
        if limit is not None and count > limit
    ]


def _comparisons(zh: str, en: str, glossary: Iterable[GlossaryTerm],
                 proper_names: Iterable[str] = (), doc_date: date | None = None
                 ) -> list[QaIssue]:
    if not (zh.strip() and en.strip()):
        return []
    same = _same_as_source(zh, en)
    if same:
        return same
    numbers = _numbers(zh, en, doc_date)
    return numbers + _terms(zh, en, glossary, proper_names) + _not_repeated(_meaning(zh, en),
                                                                            numbers)


def _not_repeated(meaning_issues: list[QaIssue], numbers: list[QaIssue]) -> list[QaIssue]:
    """A bound reversed on a number is the numbers check's ``bound`` (it names the values):
    the meaning check's ``bound_reversed`` for the same passage is left out."""
    bounds = [i.span for i in numbers if i.code == "bound" and i.span]
    return [i for i in meaning_issues if not (
        i.code == "bound_reversed" and i.span
        and any(i.span[0] <= a and b <= i.span[1] for a, b in bounds))]


def _meaning(zh: str, en: str) -> list[QaIssue]:
    """Reversed statements and clauses without counterpart (:mod:`.meaning`)."""
    return [_issue(f.code, Severity(f.severity), f.msgid, side=f.side, span=f.span,
                   detail=f.detail, **f.params) for f in meaning.findings(zh, en)]


def _unique(issues: Iterable[QaIssue]) -> list[QaIssue]:
    seen: dict[str, QaIssue] = {}
    for issue in issues:
        seen.setdefault(issue.key, issue)
    return sorted(seen.values(), key=lambda issue: _RANK[issue.severity])


def check_pair(zh: str, en: str, *, glossary: Iterable[GlossaryTerm] | None = None,
               record: RecordFacts | None = None, limits: Limits | None = None,
               required: bool = True, empty: str = "omit",
               doc_date: date | None = None) -> list[QaIssue]:
    """Every QA finding for one section's Chinese and English text (see the module docstring).
    ``empty``: what the print does with the section when it is empty ("omit" or "none").
    ``glossary``: ``None`` checks the shipped glossary (:func:`shipped_glossary`), an empty
    one no terms. ``doc_date``: the document's date, which 今年 / "this year" and 去年 / "last
    year" are read against (without it they are compared only with each other)."""
    issues = [
        *_placeholders(zh, "zh"),
        *_placeholders(en, "en"),
        *_completeness(zh, en, required, empty),
        *_comparisons(zh, en, shipped_glossary() if glossary is None else glossary,
                      record.proper_names if record else (), doc_date),
        *(_record(zh, en, record) if record else ()),
        *(_lengths(zh, en, limits) if limits else ()),
    ]
    record_spans = [i.span for i in issues if i.code == "record_mismatch" and i.side == "en"
                    and i.span]
    issues += _entities(zh, en, record, record_spans)
    return _unique(issues)
