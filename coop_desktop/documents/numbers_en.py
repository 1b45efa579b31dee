"""English number words: ``twelve``, ``three hundred and fifty``, ``a thousand``; fractions
(``a quarter`` = 25 %, ``two thirds``, ``half``, ``halved``); ``two decades`` (20 years);
``wholly owned`` (100 %); orders of magnitude that state no exact value (``hundreds of
millions``, ``tens of thousands``, ``dozens``).

Each ``RULES`` entry is ``(pattern, handler)`` for :mod:`numbers`, which runs them in order;
``WORDS`` is the number-word rule proper, run after the digits.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from coop_desktop.documents.numbers_core import (
    EN_NUMBER_WORD,
    EN_SCALES,
    EN_SMALL,
    EN_TENS,
    PERCENT,
    SUFFIX_CURRENCY,
    Kind,
    Rule,
    Raw,
    currency,
    skip,
)

EN_SPELLED_OPTIONAL = 10  # English number words up to this value are optional
HYPHEN_UNITS = {"year", "month", "week", "day", "hour", "minute", "storey", "story", "fold",
                "mu", "hectare", "tonne", "ton", "metre", "meter", "kilometre", "kilometer",
                "square", "km", "percent", "acre", "mile", "litre", "liter", "kilogram", "kg",
                "person", "member", "seat", "bed", "room", "unit", "line", "point", "decade"}
_HYPHEN_WORD = re.compile(r"-([A-Za-z]+)")
_FRACTION_AFTER = re.compile(
    r"(?i:[ \t-]+(?:halves|half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)\b)"
)


def hyphen_word_not_unit(text: str, end: int) -> bool:
    """``5-star`` and ``two-way`` are adjectives; ``5-year`` and ``five-year`` are quantities."""
    word = _HYPHEN_WORD.match(text, end)
    return word is not None and word.group(1).lower().removesuffix("s") not in HYPHEN_UNITS


# ------------------------------------------------------------------ number words


class _WordNumber:
    """Accumulates English number words while they form one well-formed number."""

    def __init__(self, start: int) -> None:
        self.start = self.end = start
        self.total = self.group = 0
        self.last = ""  # "", "small", "tens", "hundred" or "scale"
        self.last_scale = 10**15

    def take(self, word: str, end: int) -> bool:
        """Add ``word`` if the number stays well formed; ``False`` leaves it unchanged."""
        kind = self._kind(word)
        if not self._follows(kind, word):
            return False
        if kind == "scale":
            self.total += self.group * EN_SCALES[word]
            self.group, self.last_scale = 0, EN_SCALES[word]
        elif kind == "hundred":
            self.group *= 100
        else:
            self.group += EN_SMALL.get(word, 0) + EN_TENS.get(word, 0)
        self.last, self.end = kind, end
        return True

    @staticmethod
    def _kind(word: str) -> str:
        if word in EN_SMALL:
            return "small"
        if word in EN_TENS:
            return "tens"
        return "hundred" if word == "hundred" else "scale"

    def _follows(self, kind: str, word: str) -> bool:
        if kind == "small":
            after_tens = self.last == "tens" and 0 < EN_SMALL[word] < 10
            return self.last in ("", "hundred", "scale") or after_tens
        if kind == "tens":
            return self.last in ("", "hundred", "scale")
        if kind == "hundred":
            return self.last == "small" and self.group < 10
        return self.last in ("small", "tens", "hundred") and EN_SCALES[word] < self.last_scale

    def raw(self) -> Raw:
        value = self.total + self.group
        scale = Decimal(self.last_scale if self.last == "scale" else 1)
        return Raw(self.start, self.end, Decimal(value), Kind.NUMBER, scale=scale,
                   optional=value <= EN_SPELLED_OPTIONAL)


_EN_WORD = re.compile(EN_NUMBER_WORD)


def _built(tokens: list[tuple[str, int, int]]) -> _WordNumber | None:
    number = _WordNumber(tokens[0][1])
    return number if all(number.take(w, end) for w, _start, end in tokens) else None


def _word_numbers(m: re.Match[str]) -> list[_WordNumber]:
    """``two and three`` is two numbers, ``three hundred and fifty`` one, ``one million and
    three million`` two (a scale no smaller than the one before starts a new number)."""
    numbers: list[_WordNumber] = []
    tokens: list[tuple[str, int, int]] = []
    current: _WordNumber | None = None
    for word in _EN_WORD.finditer(m.string, m.start("words"), m.end("words")):
        token = (word.group().lower(), word.start(), word.end())
        if current is not None and current.take(token[0], token[2]):
            tokens.append(token)
            continue
        split = [i for i, (w, _s, _e) in enumerate(tokens[:-1]) if w in EN_SCALES]
        if current is not None and token[0] in EN_SCALES and split:
            head, tail = _built(tokens[:split[-1] + 1]), _built([*tokens[split[-1] + 1:], token])
            if head is not None and tail is not None:
                numbers[-1:] = [head, tail]
                current, tokens = tail, [*tokens[split[-1] + 1:], token]
                continue
        candidate = _WordNumber(token[1])
        current = candidate if candidate.take(token[0], token[2]) else None
        tokens = [token] if current else []
        numbers += [current] if current else []
    return numbers


def _en_words(m: re.Match[str]) -> list[Raw]:
    numbers = [n.raw() for n in _word_numbers(m)]
    text, end = m.string, m.end("words")
    if numbers and (hyphen_word_not_unit(text, end) or _FRACTION_AFTER.match(text, end)):
        numbers.pop()
    elif numbers and (m["pct"] or m["cur"]):
        kind = Kind.PERCENT if m["pct"] else Kind.AMOUNT
        numbers[-1] = replace(numbers[-1], end=m.end(), kind=kind, currency=currency(m["cur"]),
                              optional=False)
    return numbers


def _a_scale(m: re.Match[str]) -> list[Raw]:
    """``a thousand``, ``a million yuan``: one of the scale."""
    cur = currency(m["cur"]) if m["cur"] else None
    return [Raw(m.start(), m.end(), Decimal(EN_SCALES[m["s"].lower()]),
                Kind.AMOUNT if cur else Kind.NUMBER, cur)]


# ------------------------------------------------------------------ fractions

_PART_OF = {"half": 2, "halves": 2, "halve": 2, "halved": 2, "third": 3, "thirds": 3,
            "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
            "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}


def _fraction(m: re.Match[str]) -> list[Raw]:
    """``a third`` = 33.33 %, ``two fifths`` = 40 %, ``half`` / ``halved`` = 50 %."""
    numerator = EN_SMALL.get((m.groupdict().get("n") or "one").lower(), 1)
    value = Decimal(numerator * 100) / Decimal(_PART_OF[m["part"].lower()])
    return [Raw(m.start(), m.end(), value, Kind.PERCENT,
                inexact=value != value.to_integral_value())]


# ------------------------------------------------------------------ decades, magnitudes


def _decades(m: re.Match[str]) -> list[Raw]:
    count = m["n"].lower()
    n = EN_SMALL.get(count) or (int(count) if count.isdigit() else 1)
    return [Raw(m.start(), m.end(), Decimal(10 * n), Kind.NUMBER, unit="year")]


_MAGNITUDES = {"dozens": 10, "scores": 10, "hundreds": 100, "thousands": 10**3,
               "millions": 10**6, "billions": 10**9, "trillions": 10**12}


def _magnitude(m: re.Match[str]) -> list[Raw]:
    value = _MAGNITUDES[m["mag"].lower()] * (
        {"tens": 10, "hundreds": 100}.get((m["times"] or "").lower(), 1))
    cur = currency(m["cur"]) if m["cur"] else None
    return [Raw(m.start(), m.end(), Decimal(value), Kind.AMOUNT if cur else Kind.NUMBER, cur,
                optional=True, qualifier_loose=True)]


def _past_decade(m: re.Match[str]) -> list[Raw]:
    """"the past decade": ten years (十年来)."""
    return [Raw(m.start(), m.end(), Decimal(10), Kind.NUMBER, unit="year")]


def _dozen(m: re.Match[str]) -> list[Raw]:
    return [Raw(m.start(), m.end(), Decimal(12), Kind.NUMBER, optional=True)]


def _wholly(m: re.Match[str]) -> list[Raw]:
    return [Raw(m.start(), m.end(), Decimal(100), Kind.PERCENT, optional=True)]


_PART_NEEDS = ("half", "halves", "third", "quarter", "fourth", "fifth", "sixth", "eighth", "tenth")
_NUMERATOR = "(?P<n>two|three|four|five|six|seven|eight|nine)"
_PARTS_RE = "(?P<part>halves|thirds|quarters|fourths|fifths|sixths|eighths|tenths)"
_ONE_PART = "(?P<part>half|third|quarter|fourth|fifth|sixth|eighth|tenth)"
#: After "a third" / "one quarter": a fraction, not an ordinal ("a third party").
_FRACTION_FOLLOWS = (
    r"(?=[ \t]+of\b|[ \t]*(?:[.,;:!?)]|$)|[ \t]+(?:less|more|lower|higher|smaller|larger|fewer|"
    r"cheaper|below|above|to|in|on|by|since|from|compared|than|and|or|the)\b)"
)

RULES: tuple[Rule, ...] = (
    # "one and a half", "a year and a half": no percentage
    (r"(?i:(?=[a-z])\b(?:one|two|three|a|an)[ \t]+(?:\w+[ \t]+)?and[ \t]+a[ \t]+half\b)", skip,
     ("half",)),
    (r"(?i:(?=[h])\bhalf[ -](?:a[ \t]+)?(?:year|month|day|hour|time|yearly)s?\b)", skip,
     ("half",)),
    (r"(?i:(?=[w])\bwholly[ \t-]+(?:foreign[ \t-]+)?own(?:ed|s)?\b)", _wholly,
     ("wholly",)),
    (rf"(?i:(?=[twfsen])\b{_NUMERATOR}[ \t-]+{_PARTS_RE}\b)", _fraction, _PART_NEEDS),
    (rf"(?i:(?=[ao])\b(?:a|an|one)[ \t-]+{_ONE_PART}\b){_FRACTION_FOLLOWS}", _fraction,
     _PART_NEEDS),
    (r"(?i:(?=[h])\b(?P<part>halved|halve|half)\b)(?![ \t-]+(?:of[ \t]+the[ \t]+)?year)", _fraction,
     ("half", "halve")),
    (rf"(?i:(?=[tahdmbsot])\b(?:(?P<times>tens|hundreds)[ \t]+of[ \t]+)?"
     rf"(?P<mag>dozens|scores|hundreds|thousands|millions|billions|trillions)\b"
     rf"(?:{SUFFIX_CURRENCY})?)", _magnitude,
     ("dozens", "scores", "hundreds", "thousands", "millions", "billions", "trillions")),
    (r"(?i:(?=[a])\ba[ \t]+dozen\b)", _dozen, ("dozen",)),
    (r"(?i:(?=[tplr])\b(?:the[ \t]+)?(?:past|last|previous|recent)[ \t]+decade\b)", _past_decade,
     ("decade",)),
    (r"(?i:(?=[a-z0-9])\b(?P<n>a|one|two|three|four|five|six|seven|eight|nine|\d)[ \t]+"
     r"decades?\b)",
     _decades, ("decade",)),
    (rf"(?i:(?=[a])\ban?[ \t]+(?P<s>hundred|thousand|million|billion)\b)(?:{SUFFIX_CURRENCY})?",
     _a_scale, ("hundred", "thousand", "million", "billion")),
)

WORDS: Rule = (
    rf"(?=[A-Za-z])(?<![A-Za-z-])(?P<words>{EN_NUMBER_WORD}(?:(?:[ \t]+|-|[ \t]+(?i:and)[ \t]+)"
    rf"{EN_NUMBER_WORD})*)(?:{SUFFIX_CURRENCY})?(?:{PERCENT})?", _en_words, ("#latin",))
