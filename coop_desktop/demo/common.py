"""What every part of the demo draws with: the fixed "today" and cheap weighted draws.

Everything comes from one ``random.Random`` per run; these helpers are the cheap forms of
``choice``/``randint`` the generator calls millions of times. Their exact calls on the
generator are part of the output: the same seed gives the same rows only while the order
and number of draws stay the same.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import Any, TypeVar

#: The fixed "today" of the data (title statuses, date ranges): never the real clock.
REFERENCE_DATE = date(2026, 1, 1)

T = TypeVar("T")


class Weighted:
    """A fixed weighted choice (cumulative weights computed once)."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self._cum = list(accumulate(w for _, w in pairs))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self._cum, rng.random() * self._total)]

    def sample(self, rng: random.Random, k: int) -> list[Any]:
        """Up to ``k`` distinct items, in draw order."""
        out: list[Any] = []
        k = min(k, len(self.items))
        for _ in range(k * 6):
            item = self.pick(rng)
            if item not in out:
                out.append(item)
                if len(out) == k:
                    break
        return out


def pick(rng: random.Random, seq: Sequence[T]) -> T:
    """``rng.choice`` without its overhead (this runs millions of times)."""
    return seq[int(rng.random() * len(seq))]


def between(rng: random.Random, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi`` inclusive (a cheaper ``randint``)."""
    return lo + int(rng.random() * (hi - lo + 1))


def lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(median * math.exp(rng.gauss(0.0, sigma)))))


def round_to(value: int, step: int) -> int:
    return max(step, value // step * step)


def day(rng: random.Random, start: date, end: date) -> date:
    """A day from ``start`` to ``end`` inclusive."""
    return start + timedelta(days=int(rng.random() * ((end - start).days + 1)))
