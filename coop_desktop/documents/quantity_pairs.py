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

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

from coop_desktop.documents.numbers import Kind, Quantity


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
