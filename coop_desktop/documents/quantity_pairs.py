"""Pairing the quantities of a Chinese and an English text (:func:`compare_quantities`).

Each pairing step is greedy: every quantity of the Chinese side, in text order, takes the
first quantity of the English side (in text order, among those still free) that the step
accepts. A step is written as *keys* (:class:`_Rule`): it accepts ``a`` and ``b`` exactly
when a key of ``a`` equals a key of ``b``. Free English quantities wait in one queue per
key, so finding "the first one that accepts" is a dictionary lookup and a look at the
queue heads, not a scan of every English quantity for every Chinese one: a text stating
tens of thousands of numbers is paired in linear time (the scan was quadratic).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from coop_desktop.documents import quantity_roles, units
from coop_desktop.documents import qualifiers
from coop_desktop.documents.numbers_core import Kind, Quantity
from coop_desktop.documents.qualifiers import Agreement
from coop_desktop.documents.quantity_roles import Swap


@dataclass(frozen=True)
class Comparison:
    """How the quantities of a Chinese and an English text pair up."""

    mismatched: tuple[tuple[Quantity, Quantity], ...]  # (zh, en): same kind, different values
    only_zh: tuple[Quantity, ...]  # stated in the Chinese text only
    only_en: tuple[Quantity, ...]  # stated in the English text only


_SCALARS = (Kind.AMOUNT, Kind.NUMBER, Kind.YEAR)
_ANY_CURRENCY = "*"
_Keys = Callable[[Quantity], Iterable[Hashable]]


@dataclass(frozen=True)
class _Rule:
    """``accepts(a, b)`` holds exactly when ``set(left(a)) & set(right(b))`` is not empty."""

    left: _Keys
    right: _Keys


def _dimension(kind: Kind) -> str:
    """Amounts, bare numbers and years compare with each other; other kinds only with their own."""
    return "scalar" if kind in _SCALARS else kind.value


def _value_keys_left(a: Quantity) -> list[Hashable]:
    dim = _dimension(a.kind)
    if a.currency is None:  # agrees with any currency
        return [(v, dim, _ANY_CURRENCY) for v in a.values()]
    return [(v, dim, c) for v in a.values() for c in (a.currency, None)]


def _value_keys_right(b: Quantity) -> list[Hashable]:
    dim = _dimension(b.kind)
    return [(v, dim, c) for v in b.values() for c in (b.currency, _ANY_CURRENCY)]


#: Equal values of one dimension; an amount equals a bare number, not another currency.
SAME_VALUE = _Rule(_value_keys_left, _value_keys_right)

_OTHER = {Kind.YEAR: Kind.DATE, Kind.DATE: Kind.YEAR, Kind.PERCENT: Kind.NUMBER,
          Kind.NUMBER: Kind.PERCENT}


def _loose_left(a: Quantity) -> list[Hashable]:
    if a.kind in (Kind.YEAR, Kind.DATE):  # v // 10000 == w, or w // 10000 == v
        other = _OTHER[a.kind]
        return [k for v in a.values() for k in (("value", other, v // 10000), ("div", other, v))]
    if a.kind in (Kind.PERCENT, Kind.NUMBER):
        return [("same", _OTHER[a.kind], a.value)]
    return []


def _loose_right(b: Quantity) -> list[Hashable]:
    if b.kind in (Kind.YEAR, Kind.DATE):
        return [k for w in b.values() for k in (("value", b.kind, w), ("div", b.kind, w // 10000))]
    if b.kind in (Kind.PERCENT, Kind.NUMBER):
        return [("same", b.kind, b.value)]
    return []


#: A year and a date in that year; ``5 points`` and ``5个百分点``.
LOOSELY_SAME = _Rule(_loose_left, _loose_right)
#: Any two quantities of one kind (what is left is a mismatch).
SAME_KIND = _Rule(lambda a: [a.kind], lambda b: [b.kind])
#: An amount and a bare number.
_MONEY_OR_COUNT = {Kind.AMOUNT: Kind.NUMBER, Kind.NUMBER: Kind.AMOUNT}
AMOUNT_AND_NUMBER = _Rule(
    lambda a: [_MONEY_OR_COUNT[a.kind]] if a.kind in _MONEY_OR_COUNT else [],
    lambda b: [b.kind] if b.kind in _MONEY_OR_COUNT else [])


def pair(left: list[Quantity], right: list[Quantity], rule: _Rule, *,
         stated_only: bool = False) -> list[tuple[Quantity, Quantity]]:
    """Greedy one-to-one pairing in text order; paired items are removed from both lists.
    ``stated_only`` leaves optional quantities (either side) out of this step."""
    queues: dict[Hashable, deque[int]] = {}
    for j, b in enumerate(right):
        if not (stated_only and b.optional):
            for key in dict.fromkeys(rule.right(b)):
                queues.setdefault(key, deque()).append(j)
    taken = [False] * len(right)
    pairs: list[tuple[Quantity, Quantity]] = []
    unpaired: list[Quantity] = []
    for a in left:
        best: int | None = None
        if not (stated_only and a.optional):
            for key in rule.left(a):
                queue = queues.get(key)
                if queue is None:
                    continue
                while queue and taken[queue[0]]:
                    queue.popleft()
                if queue and (best is None or queue[0] < best):
                    best = queue[0]
        if best is None:
            unpaired.append(a)
        else:
            taken[best] = True
            pairs.append((a, right[best]))
    left[:] = unpaired
    right[:] = [b for j, b in enumerate(right) if not taken[j]]
    return pairs


def compare_quantities(zh: Sequence[Quantity], en: Sequence[Quantity]) -> Comparison:
    """Pair equal values (as multisets), then report what is left.

    Order: equal values (an amount may equal a bare number, as one side often omits the
    currency); a year with a date in that year, a percentage with a bare number; then the
    optional leftovers are dropped; the rest pair up as mismatches — same kind first, then an
    amount with a bare number — and whatever still has no partner is on one side only.
    Each pairing step matches stated values with each other before it lets an optional one
    take a partner: in ``上一年度……研发人员1人`` / ``last year … 1 R&D staff`` the ``1`` pairs
    with ``1人``, not with the ``一`` of ``上一年度``.
    """
    left, right = list(zh), list(en)
    for rule in (SAME_VALUE, LOOSELY_SAME):
        pair(left, right, rule, stated_only=True)
        pair(left, right, rule)
    left = [q for q in left if not q.optional]
    right = [q for q in right if not q.optional]
    mismatched = pair(left, right, SAME_KIND) + pair(left, right, AMOUNT_AND_NUMBER)
    mismatched.sort(key=lambda p: p[0].span)
    return Comparison(tuple(mismatched), tuple(left), tuple(right))


# ------------------------------------------------------------------ reading for meaning


@dataclass(frozen=True)
class QualifierFinding:
    """A value both sides state, qualified differently (``近30%`` / "30%")."""

    zh: Quantity
    en: Quantity
    agreement: Agreement


@dataclass(frozen=True)
class Reading:
    """How the quantities of a Chinese and an English text compare, read for meaning.

    ``mismatched``, ``only_zh``, ``only_en`` as in :class:`Comparison`; ``units``: pairs
    whose units differ where no conversion explains the values (``120亩`` / "120
    hectares"); ``qualifiers``: equal values with other approximation or bound words;
    ``swaps``: equal values given to different owners (:mod:`quantity_roles`); ``years``:
    the year each relative year was read as (``今年`` → 2025), for the messages."""

    mismatched: tuple[tuple[Quantity, Quantity], ...] = ()
    only_zh: tuple[Quantity, ...] = ()
    only_en: tuple[Quantity, ...] = ()
    units: tuple[tuple[Quantity, Quantity], ...] = ()
    qualifiers: tuple[QualifierFinding, ...] = ()
    swaps: tuple[Swap, ...] = ()
    years: dict[tuple[int, int], int] = field(default_factory=dict)


_NO_UNIT = "-"


def _unit_keys_left(a: Quantity) -> list[Hashable]:
    return [a.unit, _NO_UNIT] if a.unit else [_ANY_CURRENCY]


def _unit_keys_right(b: Quantity) -> list[Hashable]:
    return [b.unit or _NO_UNIT, _ANY_CURRENCY]


#: Equal values of one dimension and compatible units (a value without a unit agrees with any).
def _measure_keys_left(a: Quantity) -> list[Hashable]:
    return [(k, u) for k in _value_keys_left(a) for u in _unit_keys_left(a)]


def _measure_keys_right(b: Quantity) -> list[Hashable]:
    return [(k, u) for k in _value_keys_right(b) for u in _unit_keys_right(b)]


SAME_MEASURE = _Rule(_measure_keys_left, _measure_keys_right)

_SCAN = 64  # candidates looked at per quantity when values must be converted


def _near(a: Quantity, b: Quantity) -> bool:
    """Equal after a unit conversion (``120亩`` / "8 hectares"), or within rounding for a
    fraction (``三分之一`` / "33%")."""
    if a.kind != b.kind and not ({a.kind, b.kind} <= {Kind.NUMBER, Kind.AMOUNT}):
        return False
    if a.unit and b.unit and a.unit != b.unit:
        return units.converts(a.value, a.unit, b.value, b.unit)
    if (a.inexact or b.inexact) and a.kind == b.kind == Kind.PERCENT:
        return units.close(b.value, a.value) or units.close(a.value, b.value)
    return False


def _near_group(q: Quantity) -> str | None:
    """Which quantities :func:`_near` may pair: same dimension of unit, or percentages."""
    if q.unit:
        return units.dimension(q.unit)
    return "percent" if q.kind == Kind.PERCENT else None


def _pair_near(left: list[Quantity], right: list[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """Pairs made by :func:`_near`, greedy in text order; each quantity looks at no more than
    :data:`_SCAN` free candidates of its group, so the work stays linear."""
    groups: dict[str, list[Quantity]] = {}
    for b in right:
        group = _near_group(b)
        if group is not None:
            groups.setdefault(group, []).append(b)
    firsts = dict.fromkeys(groups, 0)
    taken: set[int] = set()
    pairs: list[tuple[Quantity, Quantity]] = []
    unpaired = []
    for a in left:
        group = _near_group(a)
        candidates = groups.get(group) if group else None
        match = None
        if candidates:
            while firsts[group] < len(candidates) and id(candidates[firsts[group]]) in taken:
                firsts[group] += 1
            free = (b for b in candidates[firsts[group]:] if id(b) not in taken)
            match = next((b for _, b in zip(range(_SCAN), free, strict=False) if _near(a, b)),
                         None)
        if match is None:
            unpaired.append(a)
        else:
            taken.add(id(match))
            pairs.append((a, match))
    left[:] = unpaired
    right[:] = [b for b in right if id(b) not in taken]
    return pairs


def _signature(q: Quantity) -> tuple[Hashable, ...]:
    return (q.value, _dimension(q.kind))


def _repeats(leftovers: list[Quantity], paired: list[Quantity]) -> tuple[list[Quantity],
                                                                           list[Quantity]]:
    """Split leftovers into the stated and those repeating a value already paired on either
    side (``员工320人。320名员工中……`` / "Of the 320 employees"), or converting one
    ("20 hectares (300 mu)")."""
    seen = {_signature(q) for q in paired}
    with_units = [q for q in paired if q.unit][:_SCAN]
    stated, repeated = [], []
    for q in leftovers:
        again = _signature(q) in seen or (q.unit is not None and any(
            _near(q, p) for p in with_units))
        (repeated if again else stated).append(q)
    return stated, repeated


def _year_of(q: Quantity) -> int | None:
    if q.relative is not None:
        return None
    if q.kind == Kind.YEAR:
        return int(q.value)
    if q.kind == Kind.DATE and q.value >= 10000:
        return int(q.value) // 10000
    return None


_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?:\s|$)")


def _resolve(quantities: Sequence[Quantity], text: str, doc_year: int | None,
             years: dict[tuple[int, int], int]) -> list[Quantity]:
    """Relative years as calendar years: against the year the sentence names before them
    (``local``), else the document's year; ``去年12月`` becomes one date. Without a year to
    go by, a relative year stays relative (``relative`` set, value the offset)."""
    out: list[Quantity] = []
    last_year: tuple[int, int] | None = None  # (year, end of its span)
    for q in quantities:
        year = _year_of(q)
        if year is not None:
            last_year = (year, q.span[1])
        if q.relative is None:
            if out and out[-1].relative is None and out[-1].kind == Kind.YEAR and (
                    q.kind == Kind.DATE and q.value < 10000 and years.get(out[-1].span)
                    and not text[out[-1].span[1]:q.span[0]].strip()):
                base = out.pop()
                q = replace(q, value=Decimal(int(base.value) * 10000) + q.value,
                            span=(base.span[0], q.span[1]), text=base.text + q.text)
            out.append(q)
            continue
        base_year = None
        if q.local and last_year and not _SENTENCE_END.search(text, last_year[1], q.span[0]):
            base_year = last_year[0]
        elif not (q.local and q.optional):
            base_year = doc_year
        if base_year is None:
            out.append(q)
            continue
        value = base_year + q.relative
        years[q.span] = value
        alternatives = tuple(Decimal(base_year + int(a)) for a in q.alternatives)
        if out and out[-1].kind == Kind.DATE and out[-1].value < 10000 and _JOINS.fullmatch(
                text, out[-1].span[1], q.span[0]):  # "December last year": one date
            month = out.pop()
            q = replace(month, value=Decimal(value * 10000) + month.value,
                        span=(month.span[0], q.span[1]), text=text[month.span[0]:q.span[1]])
            years[q.span] = value
            out.append(q)
            continue
        out.append(replace(q, value=Decimal(value), alternatives=alternatives, relative=None,
                           optional=False))
    return out


_JOINS = re.compile(r"[ \t]*(?:of[ \t]+)?")


def _implicit_year(q: Quantity, doc_year: int | None) -> bool:
    """A year the translation may add: the document's year or the one it looks back on
    (a report of March 2024 says 城镇新增就业1244万人 for "12.44 million jobs in 2023")."""
    return doc_year is not None and q.kind == Kind.YEAR and q.relative is None and int(
        q.value) in (doc_year, doc_year - 1)


def _qualifier_findings(pairs: Sequence[tuple[Quantity, Quantity]], zh: Sequence[Quantity],
                        en: Sequence[Quantity], converted: set[tuple[int, int]]
                        ) -> list[QualifierFinding]:
    """Equal values whose qualifiers disagree; a value stated twice on one side agrees if
    any of its statements agrees."""
    zh_by: dict[tuple[Hashable, ...], list[Quantity]] = {}
    en_by: dict[tuple[Hashable, ...], list[Quantity]] = {}
    for side, by in ((zh, zh_by), (en, en_by)):
        for q in side:
            by.setdefault(_signature(q), []).append(q)
    found = []
    for a, b in pairs:
        agreement = qualifiers.compare(a.qualifier, a.qualifier_loose, b.qualifier,
                                       b.qualifier_loose)
        if agreement == Agreement.SAME or (id(a), id(b)) in converted and (
                agreement == Agreement.ADDED and b.qualifier in (qualifiers.ABOUT,
                                                                 qualifiers.NEARLY)):
            continue  # "about 6,700 hectares" for 10万亩: a conversion is approximate
        zh_all = zh_by.get(_signature(a), [a])[:8]
        en_all = en_by.get(_signature(b), [b])[:8]
        if any(qualifiers.compare(x.qualifier, x.qualifier_loose, y.qualifier,
                                  y.qualifier_loose) == Agreement.SAME
               for x in zh_all for y in en_all):
            continue
        found.append(QualifierFinding(a, b, agreement))
    return found


def _relative_pairs(left: list[Quantity], right: list[Quantity],
                    left_years: list[Quantity], right_years: list[Quantity]) -> None:
    """Relative years no date resolved (no document date): equal offsets pair; a relative
    year and a calendar year left on the other side cannot be told apart and pair too."""
    pair(left, right, _Rule(lambda a: [a.relative], lambda b: [b.relative]))
    for side, other in ((left, right_years), (right, left_years)):
        for q in list(side):
            if other:
                side.remove(q)
                other.pop(0)


def _without(items: list[Quantity], gone: Iterable[Quantity]) -> list[Quantity]:
    ids = {id(q) for q in gone}
    return [q for q in items if id(q) not in ids]


def compare_meaning(zh: Sequence[Quantity], en: Sequence[Quantity], *, zh_text: str = "",
                    en_text: str = "", doc_date: date | None = None) -> Reading:
    """Pair the quantities of a Chinese and an English text, read for meaning.

    Steps: relative years resolved (:func:`_resolve`); equal values with compatible units
    (stated first); conversions and fractions within rounding (:func:`_near`); a year with
    a date in it, a percentage with a bare number; leftovers that repeat a paired value
    (compared as sets where the repeated value is identical), optional and soft ones drop
    out unless a leftover of their kind on the other side needs a partner; the rest pair up
    as mismatches (same kind, then amount with number), a pair whose units differ where no
    conversion explains it being a unit finding; what is still alone is on one side only.
    The equal pairs are then checked for qualifiers and for owners swapped.
    """
    years: dict[tuple[int, int], int] = {}
    doc_year = doc_date.year if doc_date else None
    zh_all = _resolve(zh, zh_text, doc_year, years)
    en_all = _resolve(en, en_text, doc_year, years)
    zh_relative = [q for q in zh_all if q.relative is not None and not q.optional]
    en_relative = [q for q in en_all if q.relative is not None and not q.optional]
    left = [q for q in zh_all if q.relative is None]
    right = [q for q in en_all if q.relative is None]
    equal: list[tuple[Quantity, Quantity]] = []
    equal += pair(left, right, SAME_MEASURE, stated_only=True)
    equal += pair(left, right, SAME_MEASURE)
    near = _pair_near(left, right)
    equal += near
    equal += pair(left, right, LOOSELY_SAME, stated_only=True)
    equal += pair(left, right, LOOSELY_SAME)
    paired = [q for p in equal for q in p]
    left = [q for q in left if not q.optional]
    right = [q for q in right if not q.optional]
    zh_stated, zh_soft = _repeats(left, paired)
    en_stated, en_soft = _repeats(right, paired)
    zh_years = [q for q in zh_stated + zh_soft if q.kind == Kind.YEAR]
    en_years = [q for q in en_stated + en_soft if q.kind == Kind.YEAR]
    _relative_pairs(zh_relative, en_relative, zh_years, en_years)
    for stated, soft, before, after in ((zh_stated, zh_soft, left, zh_years),
                                        (en_stated, en_soft, right, en_years)):
        gone = _taken(before, after, Kind.YEAR)
        stated[:] = _without(stated, gone)
        soft[:] = _without(soft, gone)
    for stated, soft in ((zh_stated, zh_soft), (en_stated, en_soft)):
        moved = [q for q in stated if q.soft or _implicit_year(q, doc_year)]
        stated[:] = _without(stated, moved)
        soft += moved
    mismatched = pair(zh_stated, en_stated, SAME_KIND)
    zh_rest = sorted(zh_stated + zh_soft + zh_relative, key=lambda q: q.span)
    en_rest = sorted(en_stated + en_soft + en_relative, key=lambda q: q.span)
    mismatched += pair(zh_rest, en_rest, SAME_KIND)
    zh_keep, en_keep = {id(q) for q in zh_stated}, {id(q) for q in en_stated}
    zh_rest = [q for q in zh_rest if id(q) in zh_keep]
    en_rest = [q for q in en_rest if id(q) in en_keep]
    mismatched += pair(zh_rest, en_rest, AMOUNT_AND_NUMBER)
    unit_pairs = [(a, b) for a, b in mismatched if _other_unit(a, b)]
    mismatched = [(a, b) for a, b in mismatched if not _other_unit(a, b)]
    mismatched.sort(key=lambda p: p[0].span)
    year_values = [q for q in zh_all if _year_of(q) is not None]
    en_year_values = [q for q in en_all if _year_of(q) is not None]
    return Reading(
        tuple(mismatched), tuple(zh_rest), tuple(en_rest), tuple(unit_pairs),
        tuple(_qualifier_findings(equal, zh_all, en_all, {(id(a), id(b)) for a, b in near})),
        tuple(quantity_roles.swaps(equal, zh_text, en_text, year_values, en_year_values)),
        years)


def _taken(before: list[Quantity], after: list[Quantity], kind: Kind) -> list[Quantity]:
    """The quantities of ``kind`` in ``before`` no longer in ``after`` (paired away)."""
    kept = {id(q) for q in after}
    return [q for q in before if q.kind == kind and id(q) not in kept]


def _other_unit(a: Quantity, b: Quantity) -> bool:
    """Units that differ where no conversion explains the values: the same number with
    another unit, or units of different dimensions."""
    if not (a.unit and b.unit) or a.unit == b.unit:
        return False
    return a.value == b.value or units.dimension(a.unit) != units.dimension(b.unit)
