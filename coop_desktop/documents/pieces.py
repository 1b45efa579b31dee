"""Sentences and clauses of a Chinese text and of its English translation, and their lengths
(for :mod:`~coop_desktop.documents.align` and :mod:`~coop_desktop.documents.polarity`).

Chinese sentences end at 。！？ (and a line break); their clauses at ，；： . English sentences
end at . ! ? followed by a space and a capital, digit or opening quote, except after an
abbreviation (``Co.``, ``No. 5``, ``U.S.``, ``e.g.``, an initial) and never inside a number
(``3.5``); a company ending (``Ltd.``) before a capital does end one. English clauses end at
; : and at a comma before a conjunction (``, and``, ``, but``, ``, including``, ``, which``…)
or before "and" with a verb ("… and has signed"), but a short piece after a comma stays with
the clause before it ("valves, pumps, and seals").

Lengths: Chinese characters (a Latin word or a number counts one), English letters and
digits; a faithful translation has about 3.9 English letters a Chinese character.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

LOG_RATIO_MEAN = 1.35
"""Mean of ln(English letters and digits / Chinese characters and Latin words) over faithful
translations (3.9 English letters a Chinese character)."""
LOG_RATIO_SD = 0.3

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ZH_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n+")
_ZH_CLAUSE_END = re.compile(r"[，,；;：:]")
_EN_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_EN_CLAUSE_END = re.compile(
    r"[;:]\s+|,\s+(?=(?:and|but|while|whereas|which|who|including|so|yet|as well as|"
    r"in addition|with|where|when|although|though|because)\b)"
    r"|\s+(?=and (?:has|have|had|is|are|was|were|will|would|can|also)\b)"
)
_MIN_CLAUSE_WORDS = 5
"""An English clause split off at a comma with fewer words than this is part of a list
("…, children's education, and elderly care"): it stays with the clause before it."""
_ABBREVIATIONS = frozenset("""
co ltd inc corp no nos mr mrs ms dr prof st jan feb mar apr jun jul aug sep sept oct nov dec
vs etc e.g i.e fig art para approx dept govt ref vol pp p cf al
""".split())
_COMPANY_ENDINGS = frozenset(("ltd", "inc", "corp", "co"))


@dataclass(frozen=True)
class Piece:
    """A sentence or clause: ``text[start:end]`` of its side's text."""

    start: int
    end: int
    text: str


_ALNUM = re.compile(r"[^\W_]")


def _pieces(text: str, ends: Sequence[tuple[int, int]]) -> list[Piece]:
    out, start = [], 0
    for a, b in (*ends, (len(text), len(text))):
        chunk = text[start:b]
        stripped = chunk.strip()
        if stripped and _ALNUM.search(stripped):
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Piece(start + lead, start + lead + len(stripped), stripped))
        start = b
    return out


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")


def _abbreviation_before(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 24), dot)
    if not m:
        return False
    word = m.group(1).lower()
    if _DOTTED.fullmatch(word) or len(word) == 1:
        return True  # U.S, e.g, an initial
    if word in _COMPANY_ENDINGS:  # "… Co., Ltd. The company" ends a sentence
        return False
    return word in _ABBREVIATIONS


@lru_cache(maxsize=512)
def zh_sentences(text: str) -> tuple[Piece, ...]:
    return tuple(_pieces(text, [m.span() for m in _ZH_SENTENCE_END.finditer(text)]))


@lru_cache(maxsize=512)
def en_sentences(text: str) -> tuple[Piece, ...]:
    ends = [m.span() for m in _EN_SENTENCE_END.finditer(text)
            if m.group()[0] == "\n" or not (m.group()[0] == "." and
                                             _abbreviation_before(text, m.start()))]
    return tuple(_pieces(text, ends))


def _sub(piece: Piece, pattern: re.Pattern[str]) -> list[Piece]:
    inner = _pieces(piece.text, [m.span() for m in pattern.finditer(piece.text)])
    return [Piece(piece.start + p.start, piece.start + p.end, p.text) for p in inner]


@lru_cache(maxsize=4096)
def zh_clauses(sentence: Piece) -> tuple[Piece, ...]:
    return tuple(_sub(sentence, _ZH_CLAUSE_END))


@lru_cache(maxsize=4096)
def en_clauses(sentence: Piece) -> tuple[Piece, ...]:
    clauses = _sub(sentence, _EN_CLAUSE_END)
    out = clauses[:1]
    for clause in clauses[1:]:
        joined = out[-1].text[-1] == "," and len(clause.text.split()) < _MIN_CLAUSE_WORDS
        if joined:
            start = out[-1].start
            out[-1] = Piece(start, clause.end, sentence.text[start - sentence.start:
                                                             clause.end - sentence.start])
        else:
            out.append(clause)
    return tuple(out)


# ------------------------------------------------------------------ lengths

def zh_length(text: str) -> int:
    """Chinese characters plus Latin words and numbers (one each)."""
    return sum(map(len, CJK_RUN.findall(text))) + len(_ALNUM_RUN.findall(text))


_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_EN_LETTERS = re.compile(r"[A-Za-z0-9]")


def en_length(text: str) -> int:
    """Letters and digits."""
    return len(_EN_LETTERS.findall(text))


_EXPECTED = math.exp(LOG_RATIO_MEAN)


def length_deviation(zh_len: float, en_len: float) -> float:
    """How many spreads the English length is off the length a faithful translation of that
    much Chinese has (negative: shorter). Smoothed, so that short pieces are not judged on a
    few letters."""
    return math.log((en_len + 4 * _EXPECTED) / ((zh_len + 4) * _EXPECTED)) / LOG_RATIO_SD
