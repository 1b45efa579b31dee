"""What one side of a translation says that the other does not: sentences and clauses with
no counterpart (reported by ``documents.qa`` as ``content_dropped`` and ``content_added``).

In every bead of the alignment (:func:`align.align`), a clause that states enough
(:data:`MIN_UNITS_ZH`, :data:`MIN_UNITS_EN` units) of which next to nothing
(:data:`MAX_COVERED`) is covered by the other side of its bead — the words the bead's other
clauses also say left out, the other side's words first taken by those clauses, since a word
said once renders one thing — has no counterpart when, besides, the other side of the bead is
clearly short (:data:`LENGTH_SHORT`), fits a faithful length better without the clause, and no
neighbouring bead renders it (a misalignment, :data:`NEAR_SHARE`). A sentence the alignment
left alone is judged against its neighbours. A free translation that merges, splits or
reorders keeps the words, so it does not count; nor do short clauses (目前, "at present"),
clauses that are only a name (华为科技有限公司) or a time (刚刚过去的一年).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from coop_desktop.documents import lexicon
from coop_desktop.documents.align import Region, Units, _align, en_units, zh_units
from coop_desktop.documents.pieces import (
    CJK_RUN,
    Piece,
    en_clauses,
    en_length,
    length_deviation,
    zh_clauses,
    zh_length,
)

MIN_UNITS_ZH = 3
MIN_UNITS_EN = 3
MAX_COVERED = 0.2
"""A clause with more than this share of its units covered has a counterpart."""
NEAR_SHARE = 0.5
"""A clause whose units a neighbouring bead covers this much was misaligned, not dropped."""
LENGTH_SHORT = 0.5
"""How many spreads short the other side of a bead must be for a clause to count as
missing there."""
STRICT_UNITS = 4
"""A clause of this many units or more of which not one is rendered is missing even when the
other side is not short, only not clearly long (and not too long without it:
:data:`LENGTH_FIT`)."""
LENGTH_FIT = 1.5
QUOTE_LENGTH = 20

_NAME_ONLY = re.compile(
    r"[^，。；！？,;]{2,20}?(?:有限责任公司|股份有限公司|有限公司|集团|公司|研究院|研究所|大学|学院|"
    r"委员会|管委会|协会|商会|局|厅|银行|合作区|园区|开发区)[。；，,;]?"
)
"""A clause that is only a name (华为科技有限公司, 江苏省苏州市工业和信息化局): names are compared
by the entity checks, and an English text often gives them elsewhere or as a heading."""


@dataclass(frozen=True)
class Gap:
    """A piece of ``side``'s text with no counterpart on the other side."""

    side: str  # "zh": left out of the translation; "en": added by it
    piece: Piece

    @property
    def quote(self) -> str:
        text = self.piece.text.rstrip("。！？.!?;；，,：:")
        return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH] + "…"


def _claimed(claims: Counter[str], supply: Counter[str], keys: frozenset[Token],
             wanted: frozenset[Token] = frozenset()) -> bool:
    """Take one occurrence of a key in ``keys`` from ``supply``, if any is left — one the
    clause under test (``wanted``) does not need if there is such, else the most plentiful;
    True if one was."""
    left = [k for k in keys if isinstance(k, str) and supply[k] - claims[k] > 0]
    if not left:
        return False
    best = max(left, key=lambda k: (k not in wanted, supply[k] - claims[k], k))
    claims[best] += 1
    return True


def _covers(regions: Sequence[Region], units: Units) -> int:
    """How many of the units the regions cover together."""
    bits = 0
    for region in regions:
        bits |= region.mask(units)
    return bits.bit_count()


def _distinct(units: Units, others: Sequence[Units], supply: Counter[str],
              regions: Sequence[Region]) -> tuple[int, int]:
    """``(covered, counted)``: the clause's units judged on what is its own. A word the
    other clauses of the bead say too is left out (Chinese repeats 公司 where English says
    "it"); the words of the other side are first taken by the other clauses (a word said once
    renders one thing: "social" cannot be both 社会 and 风俗). Latin words and numbers count
    as they are."""
    claims: Counter[str] = Counter()
    theirs = set()
    wanted = frozenset().union(*units.items) if units.items else frozenset()
    for other in others:
        for tokens in other.items:
            theirs.add(tokens)
            _claimed(claims, supply, tokens, wanted)
    own = [tokens for tokens in units.items if tokens not in theirs]
    covered = sum(1 for tokens in own
                  if any(supply[t] > claims[t] if isinstance(t, str)
                         else any(t in r.tokens for r in regions) for t in tokens))
    return covered, len(own)


def _en_supply(pieces: Sequence[Piece]) -> Counter[str]:
    """Per key, how many English words of the pieces have it."""
    return Counter(key for piece in pieces for key, _, _ in lexicon.en_keys(piece.text))


def _zh_supply(pieces: Sequence[Piece]) -> Counter[str]:
    """Per key, how many words of the Chinese pieces offer it."""
    supply: Counter[str] = Counter()
    for piece in pieces:
        for run in CJK_RUN.findall(piece.text):
            for word in lexicon.segment(run):
                supply.update(lexicon.zh_keys(word))
    return supply


def _may_be_unrendered(units: Units, regions: Sequence[Region]) -> bool:
    """Cheap test: can the clause be one of which nothing is rendered (the only kind the
    other side need not be short for)?"""
    return units.count >= STRICT_UNITS and _covers(regions, units) <= 1


def _uncovered(units: Units, regions: Sequence[Region], minimum: int,
               others: Sequence[Units], supply: Callable[[], Counter[str]]
               ) -> tuple[float, bool] | None:
    """``(share covered, nothing rendered)`` when the share is small enough for a clause
    without counterpart (:data:`MAX_COVERED`), else None. Only the other clauses that have a
    counterpart themselves take the other side's words first (see :func:`_distinct`).
    *Nothing rendered*: :data:`STRICT_UNITS` units or more, at most one word of them found
    and that one rendering another clause's word."""
    if units.count < minimum:
        return None
    plain = _covers(regions, units)
    if plain > 0.6 * units.count:
        return None
    covered, counted = plain, units.count
    if others and plain > 0:
        rendered = [o for o in others if _covers(regions, o) > MAX_COVERED * o.count]
        covered, counted = _distinct(units, rendered, supply(), regions)
        if counted < minimum:
            covered, counted = plain, units.count
    if covered > MAX_COVERED * counted:
        return None
    nothing = counted >= STRICT_UNITS and covered == 0 and plain <= 1
    return covered / counted, nothing


class _Lazy:
    """A value computed on first use."""

    def __init__(self, make: Callable[[], Counter[str]]) -> None:
        self._make = make
        self._value: Counter[str] | None = None

    def __call__(self) -> Counter[str]:
        if self._value is None:
            self._value = self._make()
        return self._value


PARAPHRASED = 2
"""A clause with this many units of its own (and a third of them) said in other words by
the other side of its bead is paraphrased, not left out (:func:`_paraphrased`)."""


def _keys_of(pieces: Sequence[Piece], keys: Callable[[Piece], Iterable[str]]) -> frozenset[str]:
    return frozenset(k for p in pieces for k in keys(p))


def _en_keys(pieces: Sequence[Piece]) -> frozenset[str]:
    return _keys_of(pieces, lambda p: (key for key, _, _ in lexicon.en_keys(p.text)))


def _zh_keys(pieces: Sequence[Piece]) -> frozenset[str]:
    return _keys_of(pieces, lambda p: (key for run in CJK_RUN.findall(p.text)
                                       for word in lexicon.segment(run)
                                       for key in lexicon.zh_keys(word)))


def _paraphrased(units: Units, others: Sequence[Units], other_side: frozenset[str]) -> bool:
    """Whether the other side of the bead says the clause in other words: enough of the
    units that are the clause's own (not said by another clause of its side too) have a
    counterpart there when a word may stand for any word of its synonym group (experience,
    expertise; rich, deep; craft, process: ``lexicon.related``), wherever it stands, but
    not a word that renders another clause of the side. A free translation that merges two clauses ("Two decades
    of focus on precision moulds have given the company deep process expertise" for
    深耕精密模具领域二十年，积累了丰富的工艺经验) keeps them."""
    theirs = {tokens for other in others for tokens in other.items}
    own = [tokens for tokens in units.items if tokens not in theirs]
    free = other_side.difference(*theirs) if theirs else other_side
    said = sum(1 for tokens in own if any(
        isinstance(t, str) and not lexicon.related(t).isdisjoint(free) for t in tokens))
    return said >= PARAPHRASED and 3 * said >= len(own)


def _gaps_in(zh: str, en: str, zh_s: Sequence[Piece], en_s: Sequence[Piece],
             zh_around: Sequence[Region], en_around: Sequence[Region],
             zh_near: Sequence[Region] = (), en_near: Sequence[Region] = (),
             zh_open: Sequence[bool] | None = None,
             en_open: Sequence[bool] | None = None) -> list[Gap]:
    """Clauses of one bead (or of a sentence alone and its neighbours) with no counterpart.
    ``*_near``: the neighbouring beads' sentences; a clause they render for the most part
    was misaligned, not left out. ``*_open``: per sentence, whether it leaves enough
    uncovered to hold such a clause (the others are not looked into)."""
    gaps: list[Gap] = []
    zh_len = sum(zh_length(p.text) for p in zh_s)
    en_len = sum(en_length(p.text) for p in en_s)
    before = length_deviation(zh_len, en_len)
    if en_s or not zh_s:
        zh_c = _clause_units(zh, zh_s, zh_clauses, zh_units)
        found = []
        for n, (clause, units) in enumerate(zh_c):
            if en_s and before >= LENGTH_SHORT:
                break  # the English is long enough to render everything
            if zh_open is not None and not zh_open[clause.sentence]:
                continue
            if units.count < MIN_UNITS_ZH or _NAME_ONLY.fullmatch(clause.piece.text):
                continue
            if en_s and before > -LENGTH_SHORT and not _may_be_unrendered(units, en_around):
                continue
            others = [u for m, (_, u) in enumerate(zh_c) if m != n] if en_s else []
            share = _uncovered(units, en_around, MIN_UNITS_ZH, others,
                               _Lazy(lambda: _en_supply(en_s)))
            if share is None or _covers(en_near, units) >= NEAR_SHARE * units.count:
                continue
            if en_s and _paraphrased(units, others, _en_keys(en_s)):
                continue
            found.append((*share, clause.piece))
        gaps += _shortfall(found, lambda cut: length_deviation(zh_len - cut, en_len),
                           before, "zh", zh_length, bool(en_s))
    if zh_s and before <= -LENGTH_SHORT:
        return gaps  # the Chinese is long enough: the English added nothing
    en_c = _clause_units(en, en_s, en_clauses, en_units)
    found = []
    for n, (clause, units) in enumerate(en_c):
        if en_open is not None and not en_open[clause.sentence]:
            continue
        if units.count < MIN_UNITS_EN:
            continue
        if zh_s and before < LENGTH_SHORT and not _may_be_unrendered(units, zh_around):
            continue
        others = [u for m, (_, u) in enumerate(en_c) if m != n] if zh_s else []
        share = _uncovered(units, zh_around, MIN_UNITS_EN, others,
                           _Lazy(lambda: _zh_supply(zh_s)))
        if share is None or _covers(zh_near, units) >= NEAR_SHARE * units.count:
            continue
        if zh_s and _paraphrased(units, others, _zh_keys(zh_s)):
            continue
        found.append((*share, clause.piece))
    gaps += _shortfall(found, lambda cut: -length_deviation(zh_len, en_len - cut),
                       -before, "en", en_length, bool(zh_s))
    return gaps


@dataclass(frozen=True)
class _Clause:
    piece: Piece
    sentence: int  # its sentence's index within the bead


def _clause_units(text: str, sentences: Sequence[Piece],
                  clauses: Callable[[Piece], tuple[Piece, ...]],
                  units: Callable[[str, Piece], Units]) -> list[tuple[_Clause, Units]]:
    return [(_Clause(c, k), units(text, c)) for k, sentence in enumerate(sentences)
            for c in clauses(sentence)]


def _shortfall(found: list[tuple[float, bool, Piece]], deviation: Callable[[int], float],
               before: float, side: str, length: Callable[[str], int],
               paired: bool) -> list[Gap]:
    """The candidate clauses that account for the other side's shortfall: the least covered
    first, each taken while taking it out brings the lengths closer to a faithful
    translation (a free rendering beside a dropped clause is not taken with it). A clause of
    which nothing is rendered needs only the other side not to be clearly long (and not too
    long without it: :data:`LENGTH_FIT`); a sentence alone (not ``paired``) no length
    evidence at all."""
    if not paired:
        return [Gap(side, clause) for _, _, clause in found]
    gaps, cut = [], 0
    current = before
    for _share, nothing, clause in sorted(found, key=lambda f: (f[0], f[2].start)):
        after = deviation(cut + length(clause.text))
        if ((current <= -LENGTH_SHORT and abs(after) < abs(current))
                or (nothing and current < LENGTH_SHORT and after < LENGTH_FIT)):
            gaps.append(Gap(side, clause))
            cut += length(clause.text)
            current = after
    return gaps


def coverage(zh: str, en: str) -> list[Gap]:
    """Clauses and sentences of either side that the other does not render (see the module
    docstring), in the order of the text, Chinese first."""
    return list(_coverage(zh, en))


def _open(count: int, masks: Sequence[int]) -> bool:
    """Whether a sentence leaves two units or more uncovered by the other side of its bead:
    else no clause of it can lack a counterpart."""
    bits = 0
    for mask in masks:
        bits |= mask
    return count - bits.bit_count() >= 2


@lru_cache(maxsize=256)
def _coverage(zh: str, en: str) -> tuple[Gap, ...]:
    alignment, sides = _align(zh, en)
    gaps: list[Gap] = []
    beads = alignment.beads
    for k, bead in enumerate(beads):
        zh_s, en_s = alignment.zh_of(bead), alignment.en_of(bead)
        near = [b for b in beads[max(0, k - 1):k + 2] if b is not bead]
        en_near = [sides.en_regions[j] for b in near for j in range(b.en_from, b.en_to)]
        zh_near = [sides.zh_regions[i] for b in near for i in range(b.zh_from, b.zh_to)]
        if zh_s and en_s:
            zh_open = [_open(sides.zh_count[i], [sides.zh_mask(i, j) for j in
                                                 range(bead.en_from, bead.en_to)])
                       for i in range(bead.zh_from, bead.zh_to)]
            en_open = [_open(sides.en_count[j], [sides.en_mask(i, j) for i in
                                                 range(bead.zh_from, bead.zh_to)])
                       for j in range(bead.en_from, bead.en_to)]
            if not any(zh_open) and not any(en_open):
                continue
            zh_around = sides.zh_regions[bead.zh_from:bead.zh_to]
            en_around = sides.en_regions[bead.en_from:bead.en_to]
            gaps += _gaps_in(zh, en, zh_s, en_s, zh_around, en_around, zh_near, en_near,
                             zh_open, en_open)
        else:  # a sentence alone: judged against its neighbours, in case it was merged
            gaps += _gaps_in(zh, en, zh_s, en_s, zh_near, en_near)
    return tuple(sorted(gaps, key=lambda g: (g.side != "zh", g.piece.start)))
