"""Score indicators of the SRDI criteria: compiled from the criteria files, scored as ranges.

Types (``"type"`` in the files): ``bands`` (one fact, ``op`` at_least/at_most,
``[[band, threshold, points], …]`` best first, ``else`` band), ``first`` (explicit
``options`` with ``when`` conditions, best first, the last without ``when``), ``choice`` (a
code fact, ``[[band, code, points], …]``), ``max_of`` (the better of several), ``per_step``
(points per full ``step`` of a fact, up to ``cap``), ``per_item`` (points per listed code
present, up to ``cap``) and ``entered`` (the fact *is* the points, 0–``cap``).

An indicator scores as ``(lowest, highest)`` points still possible: exact when its facts
are known (or a known fact already settles it, e.g. one high-value Class I IP item), a
range while a fact that could change it is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from coop_desktop.rules.srdi_engine import (
    AtLeast,
    AtMost,
    CriteriaError,
    Facts,
    Node,
    OneOf,
    check_codes,
    compile_condition,
    union,
)
from coop_desktop.rules.srdi_results import (
    CANNOT_TELL,
    FAIL,
    PASS,
    IndicatorScore,
    Points,
    build,
)
from coop_desktop.rules.srdi_text import (
    FACT_INFO,
    KIND_NUMBER,
    LABELS,
    MSG_BAND_ELSE,
    MSG_BAND_ENTERED,
    MSG_BAND_PER_ITEM,
    MSG_BAND_PER_STEP,
    Explanation,
)

Scored = tuple[Points, Points, str | None, Explanation | None, tuple[str, ...]]


class Indicator:
    """A compiled score indicator: ``points(f) -> (min, max, band, band_title, missing)``."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.id: str = spec.get("id", "")
        self.label: str | None = spec.get("label")
        self.max = int(spec.get("max", 0))
        self.facts: tuple[str, ...] = ()
        self.title = Explanation(LABELS[self.label]) if self.label in LABELS else None

    def points(self, f: Facts) -> Scored:
        raise NotImplementedError

    def span(self, f: Facts) -> tuple[Points, Points]:
        """``points(f)[:2]``: the lowest and highest points, nothing else (the batch report's
        quick path; ``tests/rules/test_srdi_consistency.py`` compares the two)."""
        scored = self.points(f)
        return scored[0], scored[1]


class First(Indicator):
    """Options best first: the first whose condition holds gives the points."""

    def __init__(self, spec: Mapping[str, Any],
                 options: list[tuple[str, int, Node | None, Explanation]]) -> None:
        super().__init__(spec)
        self.options = options
        self.facts = tuple(dict.fromkeys(x for _, _, c, _ in options if c for x in c.facts))
        #: set by compile_indicator for a band table on one fact: (fact, at least?,
        #: ((threshold, points), …) best first, points below them all, (lowest, highest)
        #: points while the fact is missing)
        self.bands: tuple[str, bool, tuple[tuple[Decimal, int], ...], int,
                          tuple[int, int]] | None = None
        #: set by compile_indicator for a choice on one code fact: (fact, code -> points,
        #: (lowest, highest) while the fact is missing)
        self.choices: tuple[str, dict[str, int], tuple[int, int]] | None = None
        #: with ``choices``: code -> the index of the first option naming it
        self.choice_at: dict[str, int] = {}
        self._open = (min(p for _, p, _, _ in options), max(p for _, p, _, _ in options))

    def points(self, f: Facts) -> Scored:
        bands = self.bands
        if bands is not None:  # a band table: one read, comparisons in order
            fact, at_least, steps, _below, open_ = bands
            v = f.get(fact)
            if v is None:  # every band still possible (each cannot tell)
                return open_[0], open_[1], None, None, (fact,)
            for i, (threshold, _pts) in enumerate(steps):
                if (v >= threshold) if at_least else (v <= threshold):
                    band, pts, _cond, title = self.options[i]
                    return pts, pts, band, title, ()
            band, pts, _cond, title = self.options[-1]
            return pts, pts, band, title, ()
        if self.choices is not None:  # a choice: the option of the code
            fact, _table, open_ = self.choices
            v = f.get(fact)
            if v is None:
                return open_[0], open_[1], None, None, (fact,)
            index = self.choice_at.get(v)
            if index is None:
                return 0, 0, None, None, ()  # no option applies
            band, pts, _cond, title = self.options[index]
            return pts, pts, band, title, ()
        possible: list[tuple[str | None, int, Explanation | None]] = []
        missing: list[str] = []
        for band, pts, cond, title in self.options:
            if cond is None:
                possible.append((band, pts, title))
                break
            o = cond.test(f, None)
            if o == PASS:
                possible.append((band, pts, title))
                break
            if o == CANNOT_TELL:
                possible.append((band, pts, title))
                missing.extend(x for x in cond.facts if f.get(x) is None)
        else:
            possible.append((None, 0, None))  # no option applies (cannot happen for valid codes)
        lo = min(p for _, p, _ in possible)
        hi = max(p for _, p, _ in possible)
        if len(possible) == 1:
            band, _, title = possible[0]
            return lo, hi, band, title, ()
        return lo, hi, None, None, tuple(dict.fromkeys(missing))

    def span(self, f: Facts) -> tuple[Points, Points]:
        bands = self.bands
        if bands is not None:
            fact, at_least, steps, below, missing = bands
            v = f.get(fact)
            if v is None:
                return missing
            if at_least:
                for threshold, pts in steps:
                    if v >= threshold:
                        return pts, pts
            else:
                for threshold, pts in steps:
                    if v <= threshold:
                        return pts, pts
            return below, below
        choices = self.choices
        if choices is not None:
            fact, table, missing = choices
            v = f.get(fact)
            if v is None:
                return missing
            pts = table.get(v, 0)  # no option applies: 0, as points() says
            return pts, pts
        lo = hi = None
        for _band, pts, cond, _title in self.options:
            o = PASS if cond is None else cond.test(f, None)
            if o == FAIL:
                continue
            if lo is None or pts < lo:
                lo = pts
            if hi is None or pts > hi:
                hi = pts
            if o == PASS:
                return lo, hi
        # no option settled it: "no option applies" (0) is possible too
        return (0 if lo is None else min(lo, 0)), (0 if hi is None else max(hi, 0))


class MaxOf(Indicator):
    def __init__(self, spec: Mapping[str, Any], parts: list[Indicator]) -> None:
        super().__init__(spec)
        self.parts = parts
        self.facts = tuple(dict.fromkeys(x for p in parts for x in p.facts))

    def points(self, f: Facts) -> Scored:
        results = [p.points(f) for p in self.parts]
        lo = max(r[0] for r in results)
        hi = max(r[1] for r in results)
        if lo == hi:  # settled: the best part that is itself settled at that value
            best = next(r for r in results if r[0] == r[1] == lo)
            return lo, hi, best[2], best[3], ()
        missing = union(r[4] for r in results if r[1] > lo)
        return lo, hi, None, None, missing

    def span(self, f: Facts) -> tuple[Points, Points]:
        spans = [p.span(f) for p in self.parts]
        return max(s[0] for s in spans), max(s[1] for s in spans)


class PerStep(Indicator):
    def __init__(self, spec: Mapping[str, Any]) -> None:
        super().__init__(spec)
        self.fact = spec["fact"]
        self.facts = (self.fact,)
        self.step = Decimal(spec["step"])
        self.each = int(spec["points"])
        self.cap = int(spec["cap"])
        self.band = Explanation(MSG_BAND_PER_STEP, {"points": self.each, "step": self.step,
                                                    "cap": self.cap},
                                {"points": KIND_NUMBER, "step": KIND_NUMBER, "cap": KIND_NUMBER})

    def points(self, f: Facts) -> Scored:
        v = f.get(self.fact)
        if v is None:
            return 0, self.cap, None, None, (self.fact,)
        pts = min(self.cap, int(v // self.step) * self.each)
        return pts, pts, None, self.band, ()


class PerItem(Indicator):
    def __init__(self, spec: Mapping[str, Any]) -> None:
        super().__init__(spec)
        self.fact = spec["fact"]
        self.facts = (self.fact,)
        self.values = tuple(spec["values"])
        check_codes(self.fact, self.values)
        self.each = int(spec["points"])
        self.cap = int(spec["cap"])
        self.band = Explanation(MSG_BAND_PER_ITEM, {"points": self.each, "cap": self.cap},
                                {"points": KIND_NUMBER, "cap": KIND_NUMBER})

    def points(self, f: Facts) -> Scored:
        v = f.get(self.fact)
        if v is None:
            return 0, self.cap, None, None, (self.fact,)
        pts = min(self.cap, self.each * len({c for c in v if c in self.values}))
        return pts, pts, None, self.band, ()


class Entered(Indicator):
    def __init__(self, spec: Mapping[str, Any]) -> None:
        super().__init__(spec)
        self.fact = spec["fact"]
        self.facts = (self.fact,)
        self.cap = int(spec["cap"])
        self.band = Explanation(MSG_BAND_ENTERED)

    def points(self, f: Facts) -> Scored:
        v = f.get(self.fact)
        if v is None:
            return 0, self.cap, None, None, (self.fact,)
        if not 0 <= v <= self.cap:
            raise ValueError(f"{self.fact} must be between 0 and {self.cap}, not {v}")
        pts = int(v) if v == int(v) else v
        return pts, pts, None, self.band, ()


def compile_indicator(spec: Mapping[str, Any], ids: set[str]) -> Indicator:
    kind = spec.get("type")
    ind: Indicator
    if kind == "bands":
        fact = spec["fact"]
        op = {"at_least": AtLeast, "at_most": AtMost}[spec["op"]]
        options: list[tuple[str, int, Node | None, Explanation]] = []
        for band, threshold, pts in spec["bands"]:
            cond = op({"fact": fact, "value": threshold}, "", "C")
            cond.value = Decimal(threshold)
            cond.finish()
            options.append((band, int(pts), cond, cond.band_title()))
        band, pts = spec["else"]
        options.append((band, int(pts), None, Explanation(MSG_BAND_ELSE)))
        ind = First(spec, options)
        ind.bands = (fact, op is AtLeast, tuple((o[2].value, o[1]) for o in options[:-1]),
                     int(pts), ind._open)
    elif kind == "first":
        options = []
        for opt in spec["options"]:
            cond = compile_condition(opt["when"], "", "C", set()) if "when" in opt else None
            title = cond.title() if cond is not None else Explanation(MSG_BAND_ELSE)
            options.append((opt["band"], int(opt["points"]), cond, title))
        if options[-1][2] is not None:
            raise CriteriaError(f"{spec.get('id')}: the last option needs no condition")
        ind = First(spec, options)
    elif kind == "choice":
        fact = spec["fact"]
        options = []
        for band, code, pts in spec["choices"]:
            cond = OneOf({"fact": fact, "values": [code]}, "", "C")
            cond.finish()
            options.append((band, int(pts), cond, cond.band_title()))
        if set(FACT_INFO[fact].codes) - {c for _, c, _ in spec["choices"]}:
            raise CriteriaError(f"{spec.get('id')}: every code of {fact} needs points")
        ind = First(spec, options)
        table: dict[str, int] = {}
        for index, (_band, code, pts) in enumerate(spec["choices"]):
            table.setdefault(code, int(pts))  # the first option naming a code wins
            ind.choice_at.setdefault(code, index)
        every = [int(p) for _, _, p in spec["choices"]]
        ind.choices = (fact, table, (min([*every, 0]), max([*every, 0])))
    elif kind == "max_of":
        ind = MaxOf(spec, [compile_indicator(p, ids) for p in spec["of"]])
    elif kind == "per_step":
        ind = PerStep(spec)
    elif kind == "per_item":
        ind = PerItem(spec)
    elif kind == "entered":
        ind = Entered(spec)
    else:
        raise CriteriaError(f"{spec.get('id')}: unknown indicator type {kind!r}")
    for fact in ind.facts:
        if fact not in FACT_INFO:
            raise CriteriaError(f"{ind.id}: unknown fact {fact!r}")
    if ind.id:
        if ind.id in ids:
            raise CriteriaError(f"duplicate id {ind.id!r}")
        ids.add(ind.id)
    return ind


def score_indicator(ind: Indicator, dimension: str, source: str, confidence: str,
                    f: Facts, scored: Scored | None = None) -> IndicatorScore:
    """The indicator's score for the facts ``f`` (``scored``: its ``points(f)`` if known)."""
    lo, hi, band, band_title, missing = scored if scored is not None else ind.points(f)
    return build(
        IndicatorScore, id=ind.id, dimension=dimension, title=ind.title, max_points=ind.max,
        points=lo if lo == hi else None, points_min=lo, points_max=hi, band=band,
        band_title=band_title, missing=missing, source=source, confidence=confidence,
        facts=f, reads=ind.facts)
