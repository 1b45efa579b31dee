"""The three-valued evaluation behind :func:`coop_desktop.rules.srdi.assess`.

The criteria files (``resources/srdi/criteria-*.json``) are compiled once into the node
objects below; evaluating them reads a normalised facts dict (fact name -> ``Decimal``,
``bool``, ``str``, tuple or None) and never raises for a missing fact.

Condition nodes (``"type"`` in the files):

* ``at_least`` / ``at_most`` — fact ≥ / ≤ value (以上 / 不低于 / 以下 / 不高于 include the
  number); ``below`` — fact < value (…以下 used to *select* a rule, e.g. revenue under
  CNY 50 million); ``each_at_least`` — every element of a two-year list ≥ value (均不低于);
  ``true`` — a yes/no fact is yes; ``one_of`` — a code fact is one of ``values``;
  ``has_any`` — a list of codes contains one of ``values``.
* ``all`` / ``any`` — every part / one alternative (``"route": true`` reports which
  alternative was taken); ``cases`` — ``[{"when": …, "then": …}]``, the ``then`` of the
  case whose ``when`` holds (the whens exclude each other); ``score`` — the tier's
  evaluation score ≥ ``min_total`` and each ``min_dimensions`` sub-score ≥ its minimum.

Three-valued logic: ``all`` fails on one known failure and passes when every part passes;
``any`` passes on one met alternative and fails when every alternative failed; otherwise
``cannot_tell``. Scores are carried as ranges (lowest and highest points still possible),
so a score with missing inputs can still be a clear pass or fail.

Score indicators are in :mod:`coop_desktop.rules.srdi_scores`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from coop_desktop.rules.srdi_results import (
    CANNOT_TELL,
    FAIL,
    PASS,
    ConditionResult,
    Points,
    ScoreResult,
    build,
)
from coop_desktop.rules.srdi_text import (
    EXACT_KIND,
    FACT_INFO,
    KIND_CODE,
    KIND_CODES,
    KIND_LABEL,
    KIND_MONEY,
    KIND_MONEYS,
    KIND_NUMBER,
    KIND_PERCENT,
    KIND_PERCENTS,
    LABELS,
    MSG_AT_LEAST,
    MSG_AT_MOST,
    MSG_BAND_AT_LEAST,
    MSG_BAND_AT_MOST,
    MSG_BELOW,
    MSG_COND_AT_LEAST,
    MSG_COND_AT_MOST,
    MSG_COND_BELOW,
    MSG_COND_EACH,
    MSG_COND_ONE_OF,
    MSG_COND_TRUE,
    MSG_EACH_AT_LEAST,
    MSG_HAS,
    MSG_HAS_NONE,
    MSG_MISSING,
    MSG_NO,
    MSG_NONE_MET,
    MSG_ONE_OF,
    MSG_SCORE,
    MSG_SCORE_RANGE,
    MSG_SUBSCORE,
    MSG_SUBSCORE_RANGE,
    MSG_YES,
    Explanation,
    reads_the_same,
)

Facts = Mapping[str, Any]
#: one shortfall: what to say (worked out on demand) and the facts it waits for (only
#: worked out when saying what is missing, for cannot_tell)
Short = tuple[Callable[[], Explanation | None], tuple[str, ...]]

_UNIT_KIND = {
    "fraction": KIND_PERCENT, "yuan": KIND_MONEY, "count": KIND_NUMBER, "years": KIND_NUMBER,
    "level": KIND_NUMBER, "points": KIND_NUMBER, "code": KIND_CODE, "codes": KIND_CODES,
    "fractions": KIND_PERCENTS, "yuans": KIND_MONEYS, "bool": "bool",
}
# the kind of ONE element of a list fact (for the threshold a list is compared with)
_ELEMENT_KIND = {KIND_PERCENTS: KIND_PERCENT, KIND_MONEYS: KIND_MONEY}


class CriteriaError(ValueError):
    """A criteria file is malformed (a programming/data error, never a user's)."""


def _kind(fact: str) -> str:
    return _UNIT_KIND[FACT_INFO[fact].unit]


def _label(key: str | None) -> Explanation | None:
    if key is None:
        return None
    if key not in LABELS:
        raise CriteriaError(f"unknown label key {key!r}")
    return Explanation(LABELS[key])


def _none_met() -> Explanation:
    return Explanation(MSG_NONE_MET)


def _missing(fact: str) -> Explanation:
    return Explanation(MSG_MISSING, {"fact": FACT_INFO[fact].label}, {"fact": KIND_LABEL})


class Node:
    """A compiled condition."""

    kind = "test"

    def __init__(self, spec: Mapping[str, Any], source: str, confidence: str) -> None:
        self.id: str = spec.get("id", "")
        self.label: str | None = spec.get("label")
        self.route: bool = bool(spec.get("route", False))
        self.source: str = spec.get("source", source)
        self.confidence: str = spec.get("confidence", confidence)
        self.note: str = spec.get("note", "")
        self.facts: tuple[str, ...] = ()

    # -- the fast path (outcome only), used by score indicators ------------------------------
    def test(self, f: Facts, ctx: Any) -> str:
        raise NotImplementedError

    # -- the full result ---------------------------------------------------------------------
    def evaluate(self, f: Facts, ctx: Any) -> ConditionResult:
        raise NotImplementedError

    # -- what is short, without building results (TierResult.shortfalls / .missing) -----------
    def short(self, f: Facts, ctx: Any, wanted: str) -> list[Short]:
        """For a node whose outcome is ``wanted`` (fail or cannot_tell): the innermost
        conditions that explain it, as :meth:`ConditionResult.shortfalls` would list them."""
        raise NotImplementedError

    def unknown(self, f: Facts, ctx: Any) -> tuple[str, ...]:
        """For a cannot_tell node: the facts it waits for (``ConditionResult.missing``)."""
        raise NotImplementedError

    def title(self) -> Explanation:
        raise NotImplementedError

    def _result(self, outcome: str, explain: Callable[[], Explanation | None] | None,
                f: Facts, missing: tuple[str, ...] = (),
                children: tuple[ConditionResult, ...] = ()) -> ConditionResult:
        return build(
            ConditionResult, id=self.id, kind=self.kind, title=self._title, outcome=outcome,
            missing=missing, children=children, route=self.route, source=self.source,
            confidence=self.confidence, note=self.note, facts=f, reads=self.facts,
            explain=explain)

    def finish(self) -> None:
        self._title = _label(self.label) or self.title()


class Leaf(Node):
    cond_msg = ""
    found_msg = ""

    def __init__(self, spec: Mapping[str, Any], source: str, confidence: str) -> None:
        super().__init__(spec, source, confidence)
        fact = spec.get("fact")
        if fact not in FACT_INFO:
            raise CriteriaError(f"{self.id or spec}: unknown fact {fact!r}")
        self.fact: str = fact
        self.facts = (fact,)
        self.value: Any = spec.get("value")
        self.fact_kind = _kind(fact)
        self.value_kind = _ELEMENT_KIND.get(self.fact_kind, self.fact_kind)

    def check(self, v: Any) -> bool:
        raise NotImplementedError

    def test(self, f: Facts, ctx: Any) -> str:
        v = f.get(self.fact)
        if v is None:
            return CANNOT_TELL
        return PASS if self.check(v) else FAIL

    def title(self) -> Explanation:
        return Explanation(self.cond_msg, {"fact": FACT_INFO[self.fact].label, "needed": self.value,
                                           "limit": self.value},
                           {"fact": KIND_LABEL, "needed": self.value_kind,
                            "limit": self.value_kind})

    def found(self, v: Any, ok: bool) -> Explanation:
        actual_kind = self.fact_kind
        if not ok and actual_kind in EXACT_KIND and reads_the_same(v, self.value, actual_kind):
            actual_kind = EXACT_KIND[actual_kind]  # 2.9999% must not read as "3%; needs ≥ 3%"
        return Explanation(self.found_msg,
                           {"fact": FACT_INFO[self.fact].label, "actual": v, "needed": self.value,
                            "limit": self.value},
                           {"fact": KIND_LABEL, "actual": actual_kind,
                            "needed": self.value_kind, "limit": self.value_kind})

    def missing_detail(self) -> Explanation:
        return _missing(self.fact)

    def detail_for(self, f: Facts) -> Explanation:
        v = f.get(self.fact)
        if v is None:
            return self.missing_detail()
        return self.found(v, self.test(f, None) == PASS)

    def evaluate(self, f: Facts, ctx: Any) -> ConditionResult:
        outcome = self.test(f, ctx)
        missing = (self.fact,) if outcome == CANNOT_TELL else ()
        return self._result(outcome, lambda: self.detail_for(f), f, missing)

    def short(self, f: Facts, ctx: Any, wanted: str) -> list[Short]:
        # the facts waited for matter only to say what is missing (cannot_tell)
        return [(lambda: self.detail_for(f),
                 self.unknown(f, ctx) if wanted == CANNOT_TELL else ())]

    def unknown(self, f: Facts, ctx: Any) -> tuple[str, ...]:
        return (self.fact,) if self.test(f, ctx) == CANNOT_TELL else ()

    def band_title(self) -> Explanation:
        """How a score band shows this test ("≥ 5%")."""
        return self.title()


class AtLeast(Leaf):
    cond_msg, found_msg = MSG_COND_AT_LEAST, MSG_AT_LEAST

    def check(self, v: Any) -> bool:
        return bool(v >= self.value)

    def band_title(self) -> Explanation:
        return Explanation(MSG_BAND_AT_LEAST, {"value": self.value}, {"value": self.value_kind})


class AtMost(Leaf):
    cond_msg, found_msg = MSG_COND_AT_MOST, MSG_AT_MOST

    def check(self, v: Any) -> bool:
        return bool(v <= self.value)

    def band_title(self) -> Explanation:
        return Explanation(MSG_BAND_AT_MOST, {"value": self.value}, {"value": self.value_kind})


class Below(Leaf):
    cond_msg, found_msg = MSG_COND_BELOW, MSG_BELOW

    def check(self, v: Any) -> bool:
        return bool(v < self.value)


class EachAtLeast(Leaf):
    cond_msg, found_msg = MSG_COND_EACH, MSG_EACH_AT_LEAST

    def _outcome(self, v: tuple[Any, ...]) -> str:
        if any(x is not None and x < self.value for x in v):
            return FAIL
        return CANNOT_TELL if any(x is None for x in v) else PASS

    def test(self, f: Facts, ctx: Any) -> str:
        v = f.get(self.fact)
        return CANNOT_TELL if v is None else self._outcome(v)


class IsTrue(Leaf):
    cond_msg = MSG_COND_TRUE

    def check(self, v: Any) -> bool:
        return v is True

    def found(self, v: Any, ok: bool) -> Explanation:
        return Explanation(MSG_YES if ok else MSG_NO, {"fact": FACT_INFO[self.fact].label},
                           {"fact": KIND_LABEL})


class OneOf(Leaf):
    cond_msg, found_msg = MSG_COND_ONE_OF, MSG_ONE_OF

    def __init__(self, spec: Mapping[str, Any], source: str, confidence: str) -> None:
        super().__init__(spec, source, confidence)
        self.value = tuple(spec["values"])
        self.value_kind = KIND_CODES
        check_codes(self.fact, self.value)

    def check(self, v: Any) -> bool:
        return v in self.value

    def band_title(self) -> Explanation:
        if len(self.value) == 1:
            return Explanation("{value}", {"value": self.value[0]}, {"value": KIND_CODE})
        return Explanation("{value}", {"value": self.value}, {"value": KIND_CODES})


class HasAny(Leaf):
    def __init__(self, spec: Mapping[str, Any], source: str, confidence: str) -> None:
        super().__init__(spec, source, confidence)
        self.value = tuple(spec["values"])
        self.value_kind = KIND_CODES
        check_codes(self.fact, self.value)

    def check(self, v: Any) -> bool:
        return any(code in self.value for code in v)

    def title(self) -> Explanation:
        return Explanation(MSG_COND_ONE_OF, {"fact": FACT_INFO[self.fact].label,
                                             "needed": self.value},
                           {"fact": KIND_LABEL, "needed": KIND_CODES})

    def found(self, v: Any, ok: bool) -> Explanation:
        if ok:
            return Explanation(MSG_HAS, {"fact": FACT_INFO[self.fact].label,
                                         "actual": tuple(c for c in v if c in self.value)},
                               {"fact": KIND_LABEL, "actual": KIND_CODES})
        return Explanation(MSG_HAS_NONE, {"fact": FACT_INFO[self.fact].label,
                                          "needed": self.value},
                           {"fact": KIND_LABEL, "needed": KIND_CODES})


def check_codes(fact: str, codes: tuple[str, ...]) -> None:
    allowed = FACT_INFO[fact].codes
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise CriteriaError(f"{fact}: unknown codes {bad}")


class Group(Node):
    def __init__(self, spec: Mapping[str, Any], source: str, confidence: str,
                 children: list[Node]) -> None:
        super().__init__(spec, source, confidence)
        if not children:
            raise CriteriaError(f"{self.id}: a group needs parts")
        self.parts = children
        self.facts = tuple(dict.fromkeys(x for c in children for x in c.facts))

    def title(self) -> Explanation:
        raise CriteriaError(f"{self.id}: a group needs a label")

    def own_detail(self, outcome: str) -> Callable[[], Explanation | None]:
        return _nothing

    def short(self, f: Facts, ctx: Any, wanted: str) -> list[Short]:
        out = [s for c in self.parts if c.test(f, ctx) == wanted for s in c.short(f, ctx, wanted)]
        return out or [(self.own_detail(wanted),
                        self.unknown(f, ctx) if wanted == CANNOT_TELL else ())]

    def unknown(self, f: Facts, ctx: Any) -> tuple[str, ...]:
        return union(c.unknown(f, ctx) for c in self.parts if c.test(f, ctx) == CANNOT_TELL)


def _nothing() -> None:
    return None


class All(Group):
    kind = "all"

    def test(self, f: Facts, ctx: Any) -> str:
        outcome = PASS
        for c in self.parts:
            o = c.test(f, ctx)
            if o == FAIL:
                return FAIL
            if o == CANNOT_TELL:
                outcome = CANNOT_TELL
        return outcome

    def evaluate(self, f: Facts, ctx: Any) -> ConditionResult:
        results = tuple(c.evaluate(f, ctx) for c in self.parts)
        outcomes = {r.outcome for r in results}
        outcome = FAIL if FAIL in outcomes else CANNOT_TELL if CANNOT_TELL in outcomes else PASS
        missing = union(r.missing for r in results) if outcome == CANNOT_TELL else ()
        return self._result(outcome, None, f, missing, results)


class Any_(Group):
    kind = "any"

    def test(self, f: Facts, ctx: Any) -> str:
        outcome = FAIL
        for c in self.parts:
            o = c.test(f, ctx)
            if o == PASS:
                return PASS
            if o == CANNOT_TELL:
                outcome = CANNOT_TELL
        return outcome

    def evaluate(self, f: Facts, ctx: Any) -> ConditionResult:
        results = tuple(c.evaluate(f, ctx) for c in self.parts)
        outcomes = {r.outcome for r in results}
        outcome = PASS if PASS in outcomes else CANNOT_TELL if CANNOT_TELL in outcomes else FAIL
        missing = (union(r.missing for r in results if r.outcome == CANNOT_TELL)
                   if outcome == CANNOT_TELL else ())
        return self._result(outcome, self.own_detail(outcome), f, missing, results)

    def own_detail(self, outcome: str) -> Callable[[], Explanation | None]:
        return _none_met if outcome == FAIL else _nothing


class Cases(Node):
    """The rule that applies depends on a fact: ``then`` of the case whose ``when`` holds.

    While the selecting fact is missing, every case still possible counts: fail if all of
    their rules fail, pass if all pass, else cannot_tell (missing = the selector and what
    the undecided rules miss). The result's children are the applicable ``then`` results.
    """

    kind = "cases"

    def __init__(self, spec: Mapping[str, Any], source: str, confidence: str,
                 cases: list[tuple[Node, Node, str | None]]) -> None:
        super().__init__(spec, source, confidence)
        if not cases:
            raise CriteriaError(f"{self.id}: cases need at least one case")
        self.cases = cases
        self.facts = tuple(dict.fromkeys(x for w, t, _ in cases for x in w.facts + t.facts))
        self.selector_facts = tuple(dict.fromkeys(x for w, _, _ in cases for x in w.facts))

    def title(self) -> Explanation:
        raise CriteriaError(f"{self.id}: cases need a label")

    def _applicable(self, f: Facts, ctx: Any) -> list[tuple[str, Node, str | None]]:
        out = []
        for when, then, label in self.cases:
            o = when.test(f, ctx)
            if o == PASS:
                return [(PASS, then, label)]
            if o == CANNOT_TELL:
                out.append((CANNOT_TELL, then, label))
        return out

    def test(self, f: Facts, ctx: Any) -> str:
        outcomes = {then.test(f, ctx) for _, then, _ in self._applicable(f, ctx)}
        return _combine(outcomes)

    def evaluate(self, f: Facts, ctx: Any) -> ConditionResult:
        applicable = self._applicable(f, ctx)
        results = tuple(then.evaluate(f, ctx) for _, then, _ in applicable)
        outcome = _combine({r.outcome for r in results})
        missing: tuple[str, ...] = ()
        if outcome == CANNOT_TELL:
            selector = tuple(x for x in self.selector_facts if f.get(x) is None)
            missing = union([selector, *(r.missing for r in results)])
        return self._result(outcome, self._own(applicable, outcome), f, missing, results)

    def _own(self, applicable: list[Any], outcome: str) -> Callable[[], Explanation | None]:
        if len(applicable) > 1 and outcome == CANNOT_TELL:
            return lambda: _missing(self.selector_facts[0])
        return _nothing

    def short(self, f: Facts, ctx: Any, wanted: str) -> list[Short]:
        applicable = self._applicable(f, ctx)
        out = [s for _, then, _ in applicable if then.test(f, ctx) == wanted
               for s in then.short(f, ctx, wanted)]
        return out or [(self._own(applicable, wanted),
                        self.unknown(f, ctx) if wanted == CANNOT_TELL else ())]

    def unknown(self, f: Facts, ctx: Any) -> tuple[str, ...]:
        if self.test(f, ctx) != CANNOT_TELL:
            return ()
        selector = tuple(x for x in self.selector_facts if f.get(x) is None)
        return union([selector, *(then.unknown(f, ctx) for _, then, _ in self._applicable(f, ctx)
                                  if then.test(f, ctx) == CANNOT_TELL)])


def _combine(outcomes: set[str]) -> str:
    """The outcome when one of several rules applies but which one is not known."""
    if not outcomes or outcomes == {FAIL}:
        return FAIL
    if outcomes == {PASS}:
        return PASS
    return CANNOT_TELL


class ScoreCondition(Node):
    """The tier's evaluation score reaches ``min_total`` (and the sub-score minimums)."""

    kind = "score"

    def __init__(self, spec: Mapping[str, Any], source: str, confidence: str) -> None:
        super().__init__(spec, source, confidence)
        self.min_total = int(spec["min_total"])
        self.min_dimensions: dict[str, int] = {k: int(v) for k, v in
                                               spec.get("min_dimensions", {}).items()}

    def title(self) -> Explanation:
        raise CriteriaError(f"{self.id}: a score condition needs a label")

    @staticmethod
    def _range(lo: Points, hi: Points, needed: int) -> str:
        return PASS if lo >= needed else FAIL if hi < needed else CANNOT_TELL

    def _ranges(self, score: ScoreResult) -> list[tuple[str | None, Points, Points, int]]:
        out: list[tuple[str | None, Points, Points, int]] = [
            (None, score.total_min, score.total_max, self.min_total)]
        for dim_id, (lo, hi) in score.ranges.items():
            if dim_id in self.min_dimensions:
                out.append((dim_id, lo, hi, self.min_dimensions[dim_id]))
        return out

    def test(self, f: Facts, ctx: Any) -> str:
        outcomes = {self._range(lo, hi, needed) for _, lo, hi, needed in self._ranges(ctx)}
        return FAIL if FAIL in outcomes else CANNOT_TELL if CANNOT_TELL in outcomes else PASS

    @staticmethod
    def _missing_of(score: ScoreResult, dim_id: str | None) -> tuple[str, ...]:
        return union(p[5] for p in score.points if dim_id is None or p[1] == dim_id)

    def evaluate(self, f: Facts, ctx: Any) -> ConditionResult:
        score: ScoreResult = ctx
        results = tuple(self._part(score, dim_id, lo, hi, needed, f)
                        for dim_id, lo, hi, needed in self._ranges(score))
        outcomes = {r.outcome for r in results}
        outcome = FAIL if FAIL in outcomes else CANNOT_TELL if CANNOT_TELL in outcomes else PASS
        missing = union(r.missing for r in results) if outcome == CANNOT_TELL else ()
        return self._result(outcome, None, f, missing, results)

    def short(self, f: Facts, ctx: Any, wanted: str) -> list[Short]:
        score: ScoreResult = ctx
        out: list[Short] = []
        for dim_id, lo, hi, needed in self._ranges(score):
            if self._range(lo, hi, needed) == wanted:
                missing = self._missing_of(score, dim_id) if wanted == CANNOT_TELL else ()
                out.append((self._detail(score, dim_id, lo, hi, needed), missing))
        return out

    def unknown(self, f: Facts, ctx: Any) -> tuple[str, ...]:
        score: ScoreResult = ctx
        return union(self._missing_of(score, dim_id) for dim_id, lo, hi, needed
                     in self._ranges(score) if self._range(lo, hi, needed) == CANNOT_TELL)

    @staticmethod
    def _detail(score: ScoreResult, dim_id: str | None, lo: Points, hi: Points,
                needed: int) -> Callable[[], Explanation]:
        n = KIND_NUMBER
        if dim_id is None:
            if lo == hi:
                return lambda: Explanation(MSG_SCORE, {"actual": lo, "needed": needed},
                                           {"actual": n, "needed": n})
            return lambda: Explanation(MSG_SCORE_RANGE, {"low": lo, "high": hi, "needed": needed},
                                       {"low": n, "high": n, "needed": n})
        label = score.dimension_titles[dim_id]
        if lo == hi:
            return lambda: Explanation(MSG_SUBSCORE, {"dimension": label, "actual": lo,
                                                      "needed": needed},
                                       {"dimension": KIND_LABEL, "actual": n, "needed": n})
        return lambda: Explanation(MSG_SUBSCORE_RANGE, {"dimension": label, "low": lo, "high": hi,
                                                        "needed": needed},
                                   {"dimension": KIND_LABEL, "low": n, "high": n, "needed": n})

    def _part(self, score: ScoreResult, dim_id: str | None, lo: Points, hi: Points, needed: int,
              f: Facts) -> ConditionResult:
        outcome = self._range(lo, hi, needed)
        label = LABELS["score"] if dim_id is None else score.dimension_titles[dim_id]
        title = Explanation(MSG_COND_AT_LEAST, {"fact": label, "needed": needed},
                            {"fact": KIND_LABEL, "needed": KIND_NUMBER})
        return build(
            ConditionResult, id=f"{self.id}.{dim_id or 'total'}", kind="test", title=title,
            outcome=outcome,
            missing=self._missing_of(score, dim_id) if outcome == CANNOT_TELL else (),
            children=(), route=False, source=self.source, confidence=self.confidence, note="",
            facts=f, reads=(), explain=self._detail(score, dim_id, lo, hi, needed))


def union(groups: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for g in groups:
        for x in g:
            seen.setdefault(x)
    return tuple(seen)


# --- compiling conditions ----------------------------------------------------------------------

_LEAVES: dict[str, type[Leaf]] = {
    "at_least": AtLeast, "at_most": AtMost, "below": Below, "each_at_least": EachAtLeast,
    "true": IsTrue, "one_of": OneOf, "has_any": HasAny,
}


def compile_condition(spec: Mapping[str, Any], source: str, confidence: str,
                      ids: set[str]) -> Node:
    """Build a node from its JSON form; ``source``/``confidence`` are inherited defaults."""
    kind = spec.get("type")
    node: Node
    src = spec.get("source", source)
    conf = spec.get("confidence", confidence)
    if conf not in ("C", "K", "U"):
        raise CriteriaError(f"{spec.get('id')}: confidence must be C, K or U, not {conf!r}")
    if kind in _LEAVES:
        node = _LEAVES[kind](spec, src, conf)
        if kind in ("at_least", "at_most", "below", "each_at_least"):
            if not isinstance(spec.get("value"), int | Decimal) or isinstance(spec["value"], bool):
                raise CriteriaError(f"{spec.get('id')}: a numeric value is needed")
            node.value = Decimal(spec["value"])
    elif kind in ("all", "any"):
        parts = [compile_condition(c, src, conf, ids) for c in spec.get("of", ())]
        node = (All if kind == "all" else Any_)(spec, src, conf, parts)
    elif kind == "cases":
        cases = [(compile_condition(c["when"], src, conf, ids),
                  compile_condition(c["then"], src, conf, ids), c.get("label"))
                 for c in spec.get("cases", ())]
        node = Cases(spec, src, conf, cases)
    elif kind == "score":
        node = ScoreCondition(spec, src, conf)
    else:
        raise CriteriaError(f"{spec.get('id')}: unknown condition type {kind!r}")
    if node.id:
        if node.id in ids:
            raise CriteriaError(f"duplicate condition id {node.id!r}")
        ids.add(node.id)
    node.finish()
    return node
