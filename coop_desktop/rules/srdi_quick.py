"""Every tier's outcome and score range from one generated function per criteria version:
the quick path behind :func:`coop_desktop.rules.srdi.outcomes`.

A batch over 150,000 enterprises needs of each tier only what :func:`~coop_desktop.rules.srdi.
assess` would say in a word: the outcome and the score's ``(total_min, total_max)``. Walking
the compiled condition nodes for that costs a method call per test (~25 µs an enterprise for
the 2022 criteria); here each tier's conditions and score indicators are written out once as
straight-line Python (``tiers_source``) and compiled: a fact read, a comparison and a local
variable per test, each fact read once for the three tiers (~12 µs for the three). The
generated code does what the nodes' own ``test`` and the indicators' ``span`` do, case for
case:

* leaves (at least / at most / below / yes / one of / has any / each at least) inline;
* ``all`` / ``any`` combined as their ``test`` combines (every part is evaluated: none has
  side effects or raises on normalised facts); ``cases`` as ``Cases._applicable`` selects;
* the score condition on the total and the sub-scores with a minimum;
* band tables, choices, per step, per item and entered points inline (an entered value
  out of range raises through ``Entered.points`` itself), other "first" indicators through
  :func:`_first`, "max of" with ``max``; any other indicator through its own ``span``, any
  other node type through its own ``test``.

``tests/rules/test_srdi_consistency.py`` compares the result with ``assess`` on thousands of
generated fact sets for both versions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from coop_desktop.rules.srdi_engine import (
    All,
    Any_,
    AtLeast,
    AtMost,
    Below,
    Cases,
    EachAtLeast,
    HasAny,
    IsTrue,
    Node,
    OneOf,
    ScoreCondition,
    _combine,
)
from coop_desktop.rules.srdi_results import CANNOT_TELL, FAIL, PASS
from coop_desktop.rules.srdi_scores import Entered, First, Indicator, MaxOf, PerItem, PerStep

#: (outcome, total_min, total_max), the totals None for a tier without a score
TierOutcome = tuple[str, Any, Any]
QuickTier = Callable[[Mapping[str, Any]], TierOutcome]


class Span:
    """What a score condition reads of a ``ScoreResult`` (for a node tested generically)."""

    __slots__ = ("total_min", "total_max", "ranges")

    def __init__(self, total_min: Any, total_max: Any, ranges: dict[str, tuple[Any, Any]]
                 ) -> None:
        self.total_min, self.total_max, self.ranges = total_min, total_max, ranges


def _first(options: tuple[tuple[str, int], ...]) -> tuple[int, int]:
    """``First.span`` of options whose conditions came out as given: the lowest and
    highest points still possible."""
    lo = hi = None
    for o, pts in options:
        if o == FAIL:
            continue
        if lo is None or pts < lo:
            lo = pts
        if hi is None or pts > hi:
            hi = pts
        if o == PASS:
            return lo, hi
    return (0 if lo is None else min(lo, 0)), (0 if hi is None else max(hi, 0))


def _cases(pairs: tuple[tuple[str, str], ...]) -> str:
    """``Cases.test`` from each case's (when, then) outcomes."""
    outcomes: set[str] = set()
    for when, then in pairs:
        if when == PASS:
            outcomes = {then}
            break
        if when == CANNOT_TELL:
            outcomes.add(then)
    return _combine(outcomes)


_COMPARE = {AtLeast: ">=", AtMost: "<=", Below: "<"}


def _plus(names: list[str]) -> str:
    """``0 + a + b …``: a sum in the order the nodes add it up (0 for none)."""
    return " + ".join(["0", *names])


def _tuple(names: list[str]) -> str:
    return "(" + "".join(f"{n}, " for n in names) + ")"


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"P": PASS, "F": FAIL, "C": CANNOT_TELL,
                                      "_first": _first, "_cases": _cases, "Span": Span}
        self.count = 0
        self.generic = False  # a node is tested by its own test(f, span)
        self.facts: dict[str, str] = {}
        self.span = "span"

    def const(self, value: Any) -> str:
        self.count += 1
        name = f"K{self.count}"
        self.names[name] = value
        return name

    def var(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def read(self, fact: str) -> str:
        """The variable holding ``f.get(fact)``, read once (facts do not change meanwhile;
        every read is written at the function's top level, so it is set on every path)."""
        v = self.facts.get(fact)
        if v is None:
            v = self.facts[fact] = self.var("v")
            self.emit(f"{v} = g({fact!r})")
        return v

    def emit(self, line: str, depth: int = 1) -> None:
        self.lines.append("    " * depth + line)

    # ------------------------------------------------------------------ conditions
    def condition(self, node: Node) -> str:
        """Code putting ``node``'s outcome (``node.test(f, score)``) in a variable; its name."""
        kind = type(node)
        o = self.var("o")
        if kind in _COMPARE or kind in (IsTrue, OneOf, HasAny, EachAtLeast):
            fact = node.fact  # type: ignore[attr-defined]
            v = self.read(fact)
            if kind in _COMPARE:
                k = self.const(node.value)  # type: ignore[attr-defined]
                self.emit(f"{o} = C if {v} is None else (P if {v} {_COMPARE[kind]} {k} else F)")
            elif kind is IsTrue:
                self.emit(f"{o} = C if {v} is None else (P if {v} is True else F)")
            elif kind is OneOf:
                k = self.const(node.value)  # type: ignore[attr-defined]
                self.emit(f"{o} = C if {v} is None else (P if {v} in {k} else F)")
            elif kind is HasAny:
                k = self.const(node.value)  # type: ignore[attr-defined]
                self.emit(f"{o} = C if {v} is None else "
                          f"(P if any(c in {k} for c in {v}) else F)")
            else:  # EachAtLeast._outcome: a known year below fails, a missing one is open
                k = self.const(node.value)  # type: ignore[attr-defined]
                self.emit(f"{o} = C if {v} is None else "
                          f"(F if any(x is not None and x < {k} for x in {v}) else "
                          f"(C if any(x is None for x in {v}) else P))")
        elif kind is All or kind is Any_:
            parts = _tuple([self.condition(c) for c in node.parts])  # type: ignore[attr-defined]
            if kind is All:
                self.emit(f"{o} = F if F in {parts} else (C if C in {parts} else P)")
            else:
                self.emit(f"{o} = P if P in {parts} else (C if C in {parts} else F)")
        elif kind is Cases:
            pairs = [f"({self.condition(when)}, {self.condition(then)})"
                     for when, then, _ in node.cases]  # type: ignore[attr-defined]
            self.emit(f"{o} = _cases({_tuple(pairs)})")
        elif kind is ScoreCondition and self.score_vars is not None:
            low, high, dims = self.score_vars
            parts = [(low, high, node.min_total)]  # type: ignore[attr-defined]
            minimums = node.min_dimensions  # type: ignore[attr-defined]
            parts += [(lo, hi, minimums[d]) for d, (lo, hi) in dims.items() if d in minimums]
            each = []
            for lo, hi, needed in parts:
                r = self.var("r")
                self.emit(f"{r} = P if {lo} >= {needed!r} else (F if {hi} < {needed!r} else C)")
                each.append(r)
            rs = _tuple(each)
            self.emit(f"{o} = F if F in {rs} else (C if C in {rs} else P)")
        else:  # a node type this module does not write out: its own test
            self.generic = True
            k = self.const(node.test)
            self.emit(f"{o} = {k}(f, {self.span})")
        return o

    # ------------------------------------------------------------------ indicators
    def indicator(self, ind: Indicator) -> tuple[str, str]:
        """Code putting ``ind.span(f)`` in two variables; their names."""
        a, b = self.var("a"), self.var("b")
        kind = type(ind)
        if kind is First and ind.bands is not None:  # type: ignore[attr-defined]
            fact, at_least, steps, below, missing = ind.bands  # type: ignore[attr-defined]
            v = self.read(fact)
            self.emit(f"if {v} is None:")
            self.emit(f"{a}, {b} = {missing[0]!r}, {missing[1]!r}", 2)
            op = ">=" if at_least else "<="
            for threshold, pts in steps:
                self.emit(f"elif {v} {op} {self.const(threshold)}:")
                self.emit(f"{a} = {b} = {pts!r}", 2)
            self.emit("else:")
            self.emit(f"{a} = {b} = {below!r}", 2)
        elif kind is First and ind.choices is not None:  # type: ignore[attr-defined]
            fact, table, missing = ind.choices  # type: ignore[attr-defined]
            v = self.read(fact)
            self.emit(f"if {v} is None:")
            self.emit(f"{a}, {b} = {missing[0]!r}, {missing[1]!r}", 2)
            self.emit("else:")
            self.emit(f"{a} = {b} = {self.const(table)}.get({v}, 0)", 2)
        elif kind is First:
            options = []
            for _band, pts, cond, _title in ind.options:  # type: ignore[attr-defined]
                options.append(f"({'P' if cond is None else self.condition(cond)}, {pts!r})")
            self.emit(f"{a}, {b} = _first({_tuple(options)})")
        elif kind is PerStep or kind is PerItem or kind is Entered:
            fact = ind.fact  # type: ignore[attr-defined]
            cap = ind.cap  # type: ignore[attr-defined]
            v = self.read(fact)
            self.emit(f"if {v} is None:")
            self.emit(f"{a}, {b} = 0, {cap!r}", 2)
            self.emit("else:")
            if kind is PerStep:
                step, each = self.const(ind.step), ind.each  # type: ignore[attr-defined]
                self.emit(f"{a} = {b} = min({cap!r}, int({v} // {step}) * {each!r})", 2)
            elif kind is PerItem:
                values, each = self.const(ind.values), ind.each  # type: ignore[attr-defined]
                self.emit(f"{a} = {b} = min({cap!r}, {each!r} * len({{c for c in {v} "
                          f"if c in {values}}}))", 2)
            else:  # out of range raises as Entered.points does
                self.emit(f"if not 0 <= {v} <= {cap!r}:", 2)
                self.emit(f"{self.const(ind.points)}(f)", 3)
                self.emit(f"{a} = {b} = int({v}) if {v} == int({v}) else {v}", 2)
        elif kind is MaxOf:
            spans = [self.indicator(p) for p in ind.parts]  # type: ignore[attr-defined]
            self.emit(f"{a} = max({_tuple([s[0] for s in spans])})")
            self.emit(f"{b} = max({_tuple([s[1] for s in spans])})")
        else:
            self.emit(f"{a}, {b} = {self.const(ind.span)}(f)")
        return a, b

    score_vars: tuple[str, str, dict[str, tuple[str, str]]] | None = None


def _write_tier(w: _Writer, tier: Any) -> tuple[str, str, str]:
    """Write the tier's code; the variables of its outcome and its lowest / highest total."""
    w.generic = False
    w.span = w.var("span")
    low, high = w.var("low"), w.var("high")
    s = tier.score
    if s is not None:
        dims: dict[str, tuple[str, str]] = {}
        for d in s.dimensions:
            spans = [w.indicator(ind) for ind, _, _ in d.indicators]
            lo, hi = w.var("lo"), w.var("hi")
            w.emit(f"{lo} = {_plus([a for a, _ in spans])}")
            w.emit(f"{hi} = {_plus([b for _, b in spans])}")
            dims[d.id] = (lo, hi)
        w.emit(f"{low} = {_plus([lo for lo, _ in dims.values()])}")
        w.emit(f"{high} = {_plus([hi for _, hi in dims.values()])}")
        w.score_vars = (low, high, dims)
        ranges = ", ".join(f"{d!r}: ({lo}, {hi})" for d, (lo, hi) in dims.items())
        span_line = f"{w.span} = Span({low}, {high}, {{{ranges}}})"
    else:
        w.emit(f"{low} = {high} = None")
        w.score_vars = None
        span_line = f"{w.span} = None"
    mark = len(w.lines)
    outcomes = [w.condition(c) for c in tier.conditions]
    if w.generic:
        w.lines.insert(mark, "    " + span_line)
    every = _tuple(outcomes)
    outcome = w.var("t")
    w.emit(f"{outcome} = F if F in {every} else (C if C in {every} else P)")
    return outcome, low, high


def tier_source(tier: Any) -> tuple[str, dict[str, Any]]:
    """The source of the tier's quick function (``tier``: a compiled tier of
    ``srdi_criteria``) and the names it uses."""
    w = _Writer()
    w.emit("g = f.get")
    outcome, low, high = _write_tier(w, tier)
    w.emit(f"return {outcome}, {low}, {high}")
    name = f"quick_{tier.name}"
    return f"def {name}(f):\n" + "\n".join(w.lines) + "\n", w.names


def tiers_source(tiers: list[Any]) -> tuple[str, dict[str, Any]]:
    """The source of one function giving every tier's ``(outcome, total_min, total_max)``
    (each fact read once for all of them) and the names it uses."""
    w = _Writer()
    w.emit("g = f.get")
    results = [_write_tier(w, tier) for tier in tiers]
    w.emit("return " + _tuple([f"({o}, {lo}, {hi})" for o, lo, hi in results]))
    return "def quick_tiers(f):\n" + "\n".join(w.lines) + "\n", w.names


def compile_tiers(tiers: list[Any]) -> Callable[[Mapping[str, Any]], tuple[TierOutcome, ...]]:
    """One function for all ``tiers``: ``f`` -> a ``(outcome, total_min, total_max)`` per
    tier, in their order."""
    source, names = tiers_source(tiers)
    exec(compile(source, "<srdi quick tiers>", "exec"), names)  # noqa: S102 - our own code
    function: Callable[[Mapping[str, Any]], tuple[TierOutcome, ...]] = names["quick_tiers"]
    return function


__all__ = ["QuickTier", "Span", "TierOutcome", "compile_tiers", "tier_source", "tiers_source"]
