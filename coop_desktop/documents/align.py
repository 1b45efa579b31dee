"""Sentences of a Chinese text and its English translation, aligned.

Units. What a piece of text says is approximated by its *units*: on the Chinese side the
content words (segmented with :mod:`~coop_desktop.documents.lexicon`, function words, time
words and numerals left out), Latin words (``ISO``, ``CNAS``) and the values of
:func:`numbers.extract_quantities`; on the English side the content words' keys and values.
A Chinese unit is *covered* by an English text when one of the English words its lexicon
entry offers occurs there (or the same Latin word, or the same value); an English unit when
some Chinese word of the other text offers it.

Alignment. Sentences (:mod:`~coop_desktop.documents.pieces`) are aligned by dynamic
programming in the manner of Gale and Church (1993), with beads 1:1, 1:2, 2:1, 1:3, 3:1, 1:0
and 0:1, within a band around the diagonal: each bead costs its prior, a length cost (the log
ratio of English letters to Chinese characters against its mean and spread, measured on
faithful translations) and the units it leaves uncovered, so sentences that share words,
numbers and names are drawn together and a sentence with nothing in common with its
neighbours ends up alone. Sentences that plainly render each other one to one from either
end are paired without search; the search runs on what is left in the middle.

What is not rendered is :mod:`~coop_desktop.documents.coverage`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from coop_desktop.documents import lexicon
from coop_desktop.documents.numbers import Quantity, extract_quantities
from coop_desktop.documents.pieces import (
    CJK_RUN,
    Piece,
    en_length,
    en_sentences,
    length_deviation,
    zh_length,
    zh_sentences,
)

UNCOVERED_COST = 0.6
PRIOR = {(1, 1): 0.0, (1, 2): 2.3, (2, 1): 2.3, (1, 3): 4.0, (3, 1): 4.0, (1, 0): 4.5,
         (0, 1): 4.5}

STOP_ZH = frozenset("""
的 了 和 与 及 以及 或 或者 等 在 对 为 是 将 于 也 并 其 这 该 此 有 由 从 被 把 向 给 之 而 又 都
均 已 所 着 过 中 上 下 内 外 个 年 月 日 一 各 每 我们 我 进行 通过 相关 有关 方面 情况 作为 一些
主要 积极 不断 以 及其 同时 其中 目前 已经 可以 能够 进一步 一是 二是 三是 四是 五是 首先 其次
最后 此外 另外 以上 以下 这些 那些 本 该公司 我司 为了 根据 按照 以便 用于 关于 对于 之一 方式
""".split())
"""Chinese words that carry no content of their own for these checks."""

TIME_ZH = frozenset("""
刚刚 过去 未来 以来 以前 之前 之后 今后 年前 年后 年来 近年 近年来 近些年 目前 当前 现在 今年 去年
明年 前年 后年 上年 本年 同期 期间 年度 当年 多年 历年 每年 年底 年初 年末 年中 上半年 下半年 季度
一季度 二季度 三季度 四季度 上半 下半 月份 周年 届时 此前 此后 随后 近期 迄今 至今 截至 截止 最近
""".split())
"""Words that only say when. A clause of them and numbers (刚刚过去的一年, 十五年前) is rendered
by a date or left to the context ("in 2018", "in 2010"): its years are the numbers check's
business, not a statement of its own."""
_NUMERAL_WORD = re.compile(r"[〇零一二两三四五六七八九十百千万亿几多余数]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HAS_LATIN = re.compile(r"[A-Za-z]")


# ------------------------------------------------------------------ units


Token = str | tuple[str, object]
"""What a unit can be matched by: a key (str: of a lexicon word, of an English or Latin
word), ``("v", value)`` for a number's value."""


@dataclass(frozen=True)
class Units:
    """What one piece states, one token set a unit: per Chinese content word the keys it may
    be rendered by, per English content word its key, per Latin word and per number its
    token. ``index``: token → the units (as bits) it covers, for :meth:`Region.mask`."""

    items: tuple[frozenset[Token], ...]
    index: dict[Token, int]

    @property
    def count(self) -> int:
        return len(self.items)


def _units(items: Sequence[frozenset[Token]]) -> Units:
    index: dict[Token, int] = {}
    for n, tokens in enumerate(items):
        for token in tokens:
            index[token] = index.get(token, 0) | (1 << n)
    return Units(tuple(items), index)


@dataclass(frozen=True)
class Region:
    """Every token a stretch of the other side offers to cover units with."""

    tokens: frozenset[Token]

    def mask(self, units: Units) -> int:
        """The units covered, as bits."""
        bits = 0
        index = units.index
        for token in self.tokens.intersection(index):
            bits |= index[token]
        return bits

    def covers(self, units: Units) -> int:
        return self.mask(units).bit_count()


EMPTY_REGION = Region(frozenset())


@lru_cache(maxsize=512)
def quantities(text: str) -> tuple[Quantity, ...]:
    """:func:`numbers.extract_quantities`, kept for the last texts (the number check and
    these checks read the same texts)."""
    return tuple(extract_quantities(text))


@lru_cache(maxsize=512)
def _values(text: str) -> tuple[tuple[int, int, frozenset[Token]], ...]:
    return tuple((q.span[0], q.span[1], frozenset(("v", v) for v in q.values()))
                 for q in quantities(text))


def _values_in(text: str, start: int, end: int) -> list[frozenset[Token]]:
    return [v for a, b, v in _values(text) if a >= start and b <= end]


@lru_cache(maxsize=4096)
def _latin_words(text: str) -> tuple[str, ...]:
    """The keys of the Latin words in a Chinese text (``ISO``, ``CNAS``): the English side
    covers them with the same word, whose key is the same."""
    keys = (lexicon.en_key(m.group()) for m in _LATIN.finditer(text))
    return tuple(key for key in keys if key)


@lru_cache(maxsize=4096)
def _zh_words(body: str) -> tuple[tuple[frozenset[Token], ...], frozenset[Token]]:
    """The keys of each content word, and every key a word of the piece offers (function
    words offer none: 的 is not "aim")."""
    units = []
    offered: list[frozenset[str]] = []
    for run in CJK_RUN.findall(body):
        for word in lexicon.segment(run):
            if word in STOP_ZH:
                continue
            keys = lexicon.zh_keys(word)
            if not keys:
                continue
            offered.append(keys)
            if len(word) > 1 and word not in TIME_ZH and not _NUMERAL_WORD.fullmatch(word):
                units.append(keys)
    return tuple(units), frozenset().union(*offered)


_SINGLETONS: dict[Token, frozenset[Token]] = {}


def _singleton(token: Token) -> frozenset[Token]:
    single = _SINGLETONS.get(token)
    if single is None:
        single = _SINGLETONS[token] = frozenset((token,))
    return single


@lru_cache(maxsize=4096)
def _en_words(body: str) -> tuple[tuple[frozenset[Token], ...], frozenset[Token]]:
    keys = [key for key, _, _ in lexicon.en_keys(body)]
    return tuple(_singleton(key) for key in keys), frozenset(keys)


def zh_units(text: str, piece: Piece) -> Units:
    return _zh_units(text, piece.start, piece.end)


@lru_cache(maxsize=4096)
def _zh_units(text: str, start: int, end: int) -> Units:
    body = text[start:end]
    latin = [_singleton(w) for w in _latin_words(body)] if _HAS_LATIN.search(body) else []
    return _units([*_zh_words(body)[0], *latin, *_values_in(text, start, end)])


def en_units(text: str, piece: Piece) -> Units:
    return _en_units(text, piece.start, piece.end)


@lru_cache(maxsize=4096)
def _en_units(text: str, start: int, end: int) -> Units:
    return _units([*_en_words(text[start:end])[0], *_values_in(text, start, end)])


def zh_region(text: str, pieces: Sequence[Piece]) -> Region:
    """Every key a Chinese word of the pieces offers, their Latin words and values."""
    return union([_zh_region(text, p.start, p.end) for p in pieces])


@lru_cache(maxsize=4096)
def _zh_region(text: str, start: int, end: int) -> Region:
    body = text[start:end]
    values = [t for v in _values_in(text, start, end) for t in v]
    latin = _latin_words(body) if _HAS_LATIN.search(body) else ()
    return Region(_zh_words(body)[1].union(latin, values))


def en_region(text: str, pieces: Sequence[Piece]) -> Region:
    return union([_en_region(text, p.start, p.end) for p in pieces])


@lru_cache(maxsize=4096)
def _en_region(text: str, start: int, end: int) -> Region:
    values = [t for v in _values_in(text, start, end) for t in v]
    return Region(_en_words(text[start:end])[1].union(values))


def union(regions: Sequence[Region]) -> Region:
    if len(regions) == 1:
        return regions[0]
    if not regions:
        return EMPTY_REGION
    return Region(frozenset().union(*(r.tokens for r in regions)))


# ------------------------------------------------------------------ alignment


@dataclass(frozen=True)
class Bead:
    """Sentences ``zh[zh_from:zh_to]`` aligned with ``en[en_from:en_to]``."""

    zh_from: int
    zh_to: int
    en_from: int
    en_to: int


@dataclass(frozen=True)
class Alignment:
    zh: tuple[Piece, ...]
    en: tuple[Piece, ...]
    beads: tuple[Bead, ...]

    def zh_of(self, bead: Bead) -> tuple[Piece, ...]:
        return self.zh[bead.zh_from:bead.zh_to]

    def en_of(self, bead: Bead) -> tuple[Piece, ...]:
        return self.en[bead.en_from:bead.en_to]


class _Sides:
    """Per-sentence units, regions and lengths of both texts, computed once; which units of
    one sentence a sentence of the other side covers, computed when asked."""

    def __init__(self, zh: str, en: str, zh_s: Sequence[Piece], en_s: Sequence[Piece]) -> None:
        self.zh_units = [zh_units(zh, p) for p in zh_s]
        self.en_units = [en_units(en, p) for p in en_s]
        self.zh_regions = [zh_region(zh, [p]) for p in zh_s]
        self.en_regions = [en_region(en, [p]) for p in en_s]
        self.zh_len = [zh_length(p.text) for p in zh_s]
        self.en_len = [en_length(p.text) for p in en_s]
        self.zh_count = [u.count for u in self.zh_units]
        self.en_count = [u.count for u in self.en_units]
        self._zh_masks: dict[tuple[int, int], int] = {}
        self._en_masks: dict[tuple[int, int], int] = {}

    def zh_mask(self, i: int, j: int) -> int:
        """Which units of Chinese sentence i English sentence j covers."""
        mask = self._zh_masks.get((i, j))
        if mask is None:
            mask = self._zh_masks[i, j] = self.en_regions[j].mask(self.zh_units[i])
        return mask

    def en_mask(self, i: int, j: int) -> int:
        """Which units of English sentence j Chinese sentence i covers."""
        mask = self._en_masks.get((i, j))
        if mask is None:
            mask = self._en_masks[i, j] = self.zh_regions[i].mask(self.en_units[j])
        return mask

    def covered(self, i0: int, i1: int, j0: int, j1: int) -> int:
        """Units of the bead's sentences covered by the other side of the bead."""
        covered = 0
        for i in range(i0, i1):
            bits = 0
            for j in range(j0, j1):
                bits |= self.zh_mask(i, j)
            covered += bits.bit_count()
        for j in range(j0, j1):
            bits = 0
            for i in range(i0, i1):
                bits |= self.en_mask(i, j)
            covered += bits.bit_count()
        return covered

    def anchor(self, i: int, j: int, n: int, m: int) -> bool:
        return _anchor(self, i, j, n, m)

    def one_to_one(self, i: int, j: int) -> bool:
        """Whether sentence i plainly renders sentence j: lengths in range and each side
        covering a fair share of the other's units."""
        if abs(length_deviation(self.zh_len[i], self.en_len[j])) > DIAGONAL_DEVIATION:
            return False
        for count, covered in ((self.zh_count[i], self.zh_mask(i, j).bit_count()),
                               (self.en_count[j], self.en_mask(i, j).bit_count())):
            if count >= 2 and covered < DIAGONAL_SHARE * count:
                return False
        return True


DIAGONAL_DEVIATION = 2.0
ANCHOR_DEVIATION = 1.0
ANCHOR_SHARE = 0.5
DIAGONAL_SHARE = 0.4
BAND = 1
"""The alignment path stays within this many sentences (plus the difference in number) of
the diagonal."""


def _anchor(sides: "_Sides", i: int, j: int, n: int, m: int) -> bool:
    """Whether sentences i and j surely render each other: lengths close, each covering
    half the other's units, and no part of either (two units or more) rendered by a
    neighbour of the other instead."""
    if abs(length_deviation(sides.zh_len[i], sides.en_len[j])) > ANCHOR_DEVIATION:
        return False
    for count, covered in ((sides.zh_count[i], sides.zh_mask(i, j).bit_count()),
                           (sides.en_count[j], sides.en_mask(i, j).bit_count())):
        if count < 2 or covered < ANCHOR_SHARE * count:
            return False
    zh_here, en_here = sides.zh_mask(i, j), sides.en_mask(i, j)
    for b in (j - 1, j + 1):  # no part of sentence i in a neighbour of j
        if 0 <= b < m and (sides.zh_mask(i, b) & ~zh_here).bit_count() >= 2:
            return False
    for a in (i - 1, i + 1):
        if 0 <= a < n and (sides.en_mask(a, j) & ~en_here).bit_count() >= 2:
            return False
    return True


def _prefix(values: Sequence[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out


def _dp(sides: _Sides, i0: int, n: int, j0: int, m: int) -> list[Bead]:
    """The cheapest path of beads (see the module docstring) through Chinese sentences
    ``i0 .. i0+n`` and English ``j0 .. j0+m``, within a band around the diagonal."""
    zl, el = _prefix(sides.zh_len[i0:i0 + n]), _prefix(sides.en_len[j0:j0 + m])
    zc, ec = _prefix(sides.zh_count[i0:i0 + n]), _prefix(sides.en_count[j0:j0 + m])
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    band = BAND + abs(n - m)
    beads = tuple((di, dj, prior) for (di, dj), prior in PRIOR.items()
                  if not (di == 3 and n < m + 2) and not (dj == 3 and m < n + 2))
    zh_mask, en_mask, covered = sides.zh_mask, sides.en_mask, sides.covered
    for i in range(n + 1):
        centre = int(i * m / n)
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            here = best.get((i, j))
            if here is None:
                continue
            for di, dj, prior in beads:
                i1, j1 = i + di, j + dj
                if i1 > n or j1 > m:
                    continue
                units = zc[i1] - zc[i] + ec[j1] - ec[j]
                if di == 1 and dj == 1:
                    d = length_deviation(zl[i1] - zl[i], el[j1] - el[j])
                    found = (zh_mask(i0 + i, j0 + j).bit_count()
                             + en_mask(i0 + i, j0 + j).bit_count())
                    cost = d * d / 2 + UNCOVERED_COST * (units - found)
                elif di and dj:
                    d = length_deviation(zl[i1] - zl[i], el[j1] - el[j])
                    cost = prior + d * d / 2 + UNCOVERED_COST * (
                        units - covered(i0 + i, i0 + i1, j0 + j, j0 + j1))
                else:
                    cost = prior + UNCOVERED_COST * units
                total = here + cost
                old = best.get((i1, j1))
                if old is None or total < old:
                    best[i1, j1] = total
                    back[i1, j1] = (i, j)
    if (n, m) not in back:  # the band let no path through: one bead for all
        return [Bead(i0, i0 + n, j0, j0 + m)]
    path = []
    i, j = n, m
    while (i, j) != (0, 0):
        prev = back[i, j]
        path.append(Bead(i0 + prev[0], i0 + i, j0 + prev[1], j0 + j))
        i, j = prev
    return path[::-1]


def _beads(sides: _Sides, n: int, m: int) -> list[Bead]:
    """One to one from both ends while sentence i plainly renders sentence i (the usual
    case costs no search), the dynamic programming for what is left in the middle."""
    if n == m and all(sides.one_to_one(i, i) for i in range(n)):
        return [Bead(i, i + 1, i, i + 1) for i in range(n)]
    head = 0
    while head < min(n, m) - 1 and sides.anchor(head, head, n, m):
        head += 1
    tail = 0
    while (tail < min(n, m) - head - 1
           and sides.anchor(n - 1 - tail, m - 1 - tail, n, m)):
        tail += 1
    i1, j1 = n - tail, m - tail
    middle_n, middle_m = i1 - head, j1 - head
    if middle_n == 0:
        middle = [Bead(head, head, j, j + 1) for j in range(head, j1)]
    elif middle_m == 0:
        middle = [Bead(i, i + 1, head, head) for i in range(head, i1)]
    elif middle_n == 1 or middle_m == 1:
        middle = [Bead(head, i1, head, j1)]
    else:
        middle = _dp(sides, head, middle_n, head, middle_m)
    return ([Bead(i, i + 1, i, i + 1) for i in range(head)] + middle
            + [Bead(n - k, n - k + 1, m - k, m - k + 1) for k in range(tail, 0, -1)])


def align(zh: str, en: str) -> Alignment:
    """The sentences of both texts and their alignment (see the module docstring)."""
    return _align(zh, en)[0]


@lru_cache(maxsize=256)
def _align(zh: str, en: str) -> tuple[Alignment, _Sides]:
    zh_s, en_s = zh_sentences(zh), en_sentences(en)
    sides = _Sides(zh, en, zh_s, en_s)
    n, m = len(zh_s), len(en_s)
    if n <= 1 or m <= 1:
        beads = [Bead(0, n, 0, m)]
    else:
        beads = _beads(sides, n, m)
    return Alignment(zh_s, en_s, tuple(beads)), sides
