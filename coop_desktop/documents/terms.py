"""Glossary terms in a translation: is a term's Chinese rendered by its English?

:func:`findings` looks for each glossary term's Chinese in the Chinese text (longest terms
first, nothing inside a proper name or a document number) and, where it occurs, for a
rendering of it in the English text. A term is *rendered* when the English has

* its rendering or one of its ``variants`` (phrases: whole words, any case, any run of
  spaces, any kind of quotation mark, singular or plural), or
* one of its ``keys``: key words, each a word (acronyms written in capitals match only as
  written) or the beginning of one (``compan`` is "company" and "companies"), in order, with
  at most :data:`KEY_GAP` other words between two of them: ``little giant`` accepts "a
  national-level 'little giant' enterprise", ``high-tech enterprise`` "national high-tech
  enterprise". The shipped glossary gives keys to its standard terms.

A term not rendered is:

* ``term_wrong`` (error) when the English has, instead, the rendering of another glossary
  term whose Chinese is not in the text ("Ministry of Commerce" where the Chinese says
  工业和信息化部), or a rendering known to be wrong for this term (``wrong``: "small giant"
  for 小巨人, "tax number" for 统一社会信用代码, "approval" for 备案, "legal person" for
  法定代表人). A wrong rendering may name Chinese words after ``|``: it is not wrong where
  the Chinese has one of them (``approval | 核准 批准`` — the text speaks of an approval too);
* ``term_inconsistent`` (warning) otherwise, but only for a *strict* term: the house style
  of a glossary the caller passes (the user's). The shipped glossary checked by default is
  not strict: a faithful rendering other than the glossary's is no finding there, only a
  wrong one is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from coop_desktop.documents.numbers_core import fold_width
from coop_desktop.i18n.catalog import N_

MSG_TERM = N_("The glossary translates “{zh}” as “{en}”, but the English text does not use it.")
MSG_TERM_WRONG = N_("The glossary translates “{zh}” as “{en}”, but the English text has "
                    "“{found}”, the glossary’s term for “{other}”.")
MSG_TERM_KNOWN_WRONG = N_("“{found}” is a wrong rendering of “{zh}”; the standard term is "
                          "“{en}”.")

KEY_GAP = 2
"""Words allowed between two key words of a term's ``keys``."""
WRONG_GAP = 1
"""Words allowed between two words of a known wrong rendering."""


@dataclass(frozen=True)
class GlossaryTerm:
    """A term and what renders it. ``variants``: accepted alternative renderings (phrases);
    ``keys``: key words that render it loosely; ``wrong``: renderings known to be wrong
    (``"phrase"`` or ``"phrase | 中文 词"``, see the module docstring); ``strict``: warn
    (``term_inconsistent``) when nothing renders it, as the house style of a user's glossary
    does."""

    zh: str
    en: str
    variants: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    strict: bool = True


@dataclass(frozen=True)
class TermFinding:
    code: str  # "term_wrong" or "term_inconsistent"
    severity: str
    msgid: str
    side: str
    span: tuple[int, int]  # in the text of ``side``
    detail: str
    params: dict[str, str]


_ALTERNATIVES = re.compile(r"\s/\s(?![^()]*\))")  # " / " outside parentheses


def entry_alternatives(zh: str, en: str) -> list[str]:
    """The renderings a glossary entry offers: ``auto parts / automotive components`` is
    two, unless the Chinese lists several terms the same way (``省级 / 地市级`` →
    ``provincial-level / prefecture-level``: one rendering of the whole). A ``/`` inside
    parentheses does not split (``(… Co., Ltd. / Corp.)``)."""
    if "/" in zh:
        return [en.strip()] if en.strip() else []
    return [part.strip() for part in _ALTERNATIVES.split(en) if part.strip()]


# ------------------------------------------------------------------ phrases

_QUOTES = "'\"‘’“”"
_ANY_QUOTE = f"[{re.escape(_QUOTES)}]"


def _phrase_word(word: str) -> str:
    """``word`` escaped, with any quotation mark standing for any other (the glossary writes
    'Little Giant', a document “Little Giant”)."""
    return "".join(_ANY_QUOTE if ch in _QUOTES else re.escape(ch) for ch in word)


@lru_cache(maxsize=1024)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words, any case, any run of spaces, any kind of quotation mark,
    singular or plural (``s``/``es`` added, or dropped from a plural the glossary gives:
    "biopharmaceuticals" also accepts "biopharmaceutical" and "new materials" "new
    material" — a change of number is not a different term)."""
    parts = phrase.split()
    if not parts:
        return re.compile(r"(?!)")
    last = parts[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss") and last[-2].isalpha():
        parts[-1] = last[:-1]
    words = r"\s+".join(_phrase_word(word) for word in parts)
    return re.compile(rf"(?<![^\W_]){words}(?:s|es)?(?![^\W_])", re.IGNORECASE)


# ------------------------------------------------------------------ key words

_TOKEN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class _Words:
    """A key or a wrong rendering: per word ``(text, how)``, how being ``"as is"`` (an
    acronym: as written), ``"word"`` (any case) or ``"prefix"`` (any case, the beginning of
    a word); ``unless``: Chinese words that make a wrong rendering no finding."""

    words: tuple[tuple[str, str], ...]
    unless: tuple[str, ...]


@lru_cache(maxsize=2048)
def _words(spec: str) -> _Words:
    phrase, _, unless = spec.partition("|")
    words = []
    for token in _TOKEN.findall(phrase):
        if len(token) >= 2 and token.isupper() or any(ch.isdigit() for ch in token):
            words.append((token, "as is"))
        elif len(token) >= 4 and token.islower():
            words.append((token, "prefix"))
        else:
            words.append((token.lower(), "word"))
    return _Words(tuple(words), tuple(unless.split()))


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """``(token, lower-cased, start, end)`` for every word of an English text."""
    return tuple((m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text))


@lru_cache(maxsize=64)
def _lowered(text: str) -> str:
    return text.lower()


def _fits(word: tuple[str, str], token: tuple[str, str, int, int]) -> bool:
    text, how = word
    if how == "as is":
        return token[0] == text
    if how == "prefix":
        return token[1].startswith(text)
    return token[1] == text


def find_words(spec: str, text: str, gap: int) -> tuple[int, int] | None:
    """The span of the first place ``text`` says the words of ``spec`` in order, with at
    most ``gap`` other words between two of them (None if it does not)."""
    words = _words(spec).words
    if not words or any(word.lower() not in _lowered(text) for word, _how in words):
        return None  # a word missing from the text altogether (the usual case: cheap)
    tokens = _tokens(text)
    first = words[0]
    for i, token in enumerate(tokens):
        if not _fits(first, token):
            continue
        at, ok = i, True
        for word in words[1:]:
            nxt = next((j for j in range(at + 1, min(len(tokens), at + 2 + gap))
                        if _fits(word, tokens[j])), None)
            if nxt is None:
                ok = False
                break
            at = nxt
        if ok:
            return token[2], tokens[at][3]
    return None


# ------------------------------------------------------------------ the check


def _used(term: GlossaryTerm, en: str) -> bool:
    renderings = (term.en, *term.variants)
    return (any(r.strip() and _may_have(r, en) and phrase_pattern(r).search(en)
                for r in renderings)
            or any(find_words(key, en, KEY_GAP) for key in term.keys))


def _may_have(phrase: str, text: str) -> bool:
    """A cheap test before the phrase's pattern: its first word is in the text somewhere
    (any case; a quotation mark may be another one)."""
    first = phrase.split(None, 1)[0].lower().strip(_QUOTES)
    first = first[:-2] if len(first) > 5 else first  # biopharmaceuticals / -al
    return not first or first in _lowered(text)


def _known_wrong(term: GlossaryTerm, zh: str, en: str) -> tuple[int, int] | None:
    """Where the English has the first known wrong rendering of ``term``."""
    for spec in term.wrong:
        if any(word in zh for word in _words(spec).unless):
            continue
        span = find_words(spec, en, WRONG_GAP)
        if span:
            return span
    return None


def _first_free(text: str, needle: str, taken: list[bool]) -> tuple[int, int] | None:
    """Claim every occurrence of ``needle`` not inside a longer term; the first one's span."""
    first = None
    for m in re.finditer(re.escape(needle), text):
        if not any(taken[m.start():m.end()]):
            taken[m.start():m.end()] = [True] * len(needle)
            first = first or m.span()
    return first


_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,16}[〔\[［(（]\d{4}[〕\]］)）]\d+号")


def _strays(terms: Iterable[GlossaryTerm], zh: str, en: str
            ) -> list[tuple[GlossaryTerm, tuple[int, int]]]:
    """Glossary renderings in the English whose Chinese term is not in the Chinese text
    (with where they are): "Ministry of Commerce" where the Chinese names 工业和信息化部
    is the glossary's term for 商务部, and a wrong rendering of the term, not a paraphrase."""
    out = []
    lowered = en.lower()
    for term in terms:
        words = term.en.lower().split()
        if len(words) < 2 or words[-1].rstrip("s") not in lowered or (
                fold_width(term.zh.strip()) in zh):
            continue
        m = phrase_pattern(term.en).search(en)
        if m:
            out.append((term, m.span()))
    return out


def findings(zh: str, en: str, glossary: Iterable[GlossaryTerm],
             proper_names: Iterable[str] = ()) -> list[TermFinding]:
    """Longest terms first, so 中外中小企业合作区 is not also checked as 中小企业; nothing
    inside a proper name (a zone or company name has its own registered English) or a
    document number; in the order of the Chinese text. A ``term_wrong`` points at the wrong
    words in the English, a ``term_inconsistent`` at the term in the Chinese."""
    zh_folded, en_folded = fold_width(zh), fold_width(en)
    taken = [False] * len(zh)
    for name in sorted({fold_width(n.strip()) for n in proper_names}, key=len, reverse=True):
        _first_free(zh_folded, name, taken)
    for m in _DOCUMENT_NUMBER.finditer(zh_folded):  # 工信部联企业〔2011〕300号 is a name
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    out: list[tuple[tuple[int, int], TermFinding]] = []
    terms: Sequence[GlossaryTerm] = sorted((t for t in glossary if t.zh.strip()),
                                           key=lambda t: len(t.zh), reverse=True)
    strays: list[tuple[GlossaryTerm, tuple[int, int]]] | None = None
    for term in terms:
        needle = fold_width(term.zh.strip())
        span = _first_free(zh_folded, needle, taken) if needle in zh_folded else None
        if not span or _used(term, en_folded):
            continue
        strays = _strays(terms, zh_folded, en_folded) if strays is None else strays
        other = next(((t, at) for t, at in strays if t.en != term.en), None)
        if other is not None:
            found = en[other[1][0]:other[1][1]]
            out.append((span, TermFinding(
                "term_wrong", "error", MSG_TERM_WRONG, "en", other[1], f"{term.zh} → {found}",
                {"zh": term.zh, "en": term.en, "found": found, "other": other[0].zh})))
            continue
        wrong = _known_wrong(term, zh_folded, en_folded)
        if wrong is not None:
            found = en[wrong[0]:wrong[1]]
            out.append((span, TermFinding(
                "term_wrong", "error", MSG_TERM_KNOWN_WRONG, "en", wrong, f"{term.zh} → {found}",
                {"zh": term.zh, "en": term.en, "found": found})))
        elif term.strict:
            out.append((span, TermFinding(
                "term_inconsistent", "warning", MSG_TERM, "zh", span, f"{term.zh} → {term.en}",
                {"zh": term.zh, "en": term.en})))
    return [finding for _, finding in sorted(out, key=lambda item: item[0])]
