"""The batch SRDI report's inner loop: read a chunk of enterprises with plain SQL, assess each,
keep a compact summary. Used in the calling process and, for long lists, in worker processes
(:func:`work`), so both paths give the very same rows.

Per chunk of ids, three queries (no ORM objects, no query per enterprise):

* ``enterprise``: names, USCC, province, size class and industry;
* ``srdi_title``: the tiers of the titles valid on ``today`` (active, not deleted, not
  expired: ``SrdiTitleRead.effective_status`` is active);
* ``enterprise_year``: the live yearly rows as tuples (:data:`YEAR_COLUMNS`); the short
  cut (:func:`~coop_desktop.services.srdi_report_facts.quick_facts`) makes the facts from
  them directly, else they become the mappings
  :func:`coop_desktop.rules.srdi_facts.facts_from_years` reads — the same values
  :func:`coop_desktop.services.srdi_years.as_mapping` gives (``tests`` compare them).

The facts are made as the enterprise page's assessment makes them
(:mod:`coop_desktop.services.srdi_assess`: the size class measured on the assessed year's
figures, a higher title standing for the lower rungs), so both give the same outcome.

Enterprises without yearly rows have only three facts (SME, SRDI title, innovative title),
so their assessment is looked up in a memo instead of being run again (at most 27
combinations): same result, no ``assess`` call.

What is kept (150,000 enterprises must fit in memory, ~1.1 KB each): per tier the outcome
and the score as ``(lowest, highest)`` points (:func:`coop_desktop.rules.srdi.outcomes`:
nothing else is worked out in the run); for a tier that does not pass, its enterprise's
:class:`Figures` (the raw yearly rows, packed), from which the first :data:`TOP` shortfalls
(:class:`Shortfall`) and how many more there are, or the missing fact names, are worked out
when first read (:func:`details`: the very assessment ``assess`` makes, the last
:data:`DETAILS_KEPT` kept). Passing summaries, and every summary of an enterprise without
figures, are shared.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import json
import marshal
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coop_desktop.i18n.catalog import N_
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_facts import SME_CLASSES, facts_from_years
from coop_desktop.rules.srdi_results import CANNOT_TELL, FAIL, PASS, TIERS
from coop_desktop.rules.srdi_text import Explanation
from coop_desktop.services.srdi_report_facts import YEAR_COLUMNS, quick_facts, year_row

_year_row = year_row  # the name the tests know

#: Shortfalls kept per failed tier (the rest are counted).
TOP = 3
#: Enterprises whose shortfalls stay worked out (:func:`details`; a screenful of the table
#: and the rows an export is writing need a few hundred).
DETAILS_KEPT = 2_048

MSG_FIGURES = N_("The yearly figures contradict each other (for example more R&D staff than "
                 "staff): correct them on the enterprise page.")


#: Titles that count as "holds a valid … title": a higher tier stands for the lower rungs
#: of the ladder it required (as ``srdi_assess.facts_for``).
SRDI_TITLE_TIERS = frozenset({"srdi", "little_giant"})
INNOVATIVE_TITLE_TIERS = frozenset({"innovative", "srdi", "little_giant"})

# The ids come as one JSON list. CROSS JOIN keeps json_each first, so each id is looked up
# by its index (left to itself SQLite scanned every live row through the deleted_at index).
_IN = "IN (SELECT value FROM json_each(?))"
SQL_ENTERPRISES = (f"SELECT id, name_zh, name_en, uscc, province_code, size_class, industry "
                   f"FROM enterprise WHERE deleted_at IS NULL AND id {_IN}")
SQL_TITLES = ("SELECT t.enterprise_id, t.tier FROM json_each(?) AS j CROSS JOIN srdi_title AS t "
              "ON t.enterprise_id = j.value WHERE t.deleted_at IS NULL AND t.status = 'active' "
              "AND (t.expires_on IS NULL OR t.expires_on >= ?)")
SQL_YEARS = (f"SELECT y.enterprise_id, {', '.join('y.' + c for c in YEAR_COLUMNS)} "
             f"FROM json_each(?) AS j CROSS JOIN enterprise_year AS y "
             f"ON y.enterprise_id = j.value WHERE y.deleted_at IS NULL")


# ------------------------------------------------------------------ what is kept
@dataclass(frozen=True, slots=True)
class Shortfall:
    """One thing that is short, as raw values (an :class:`Explanation` without its dicts):
    the parameters' ``names``, how each is shown (``kinds``, "" = as it is) and ``values``."""

    msgid: str
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    values: tuple[Any, ...]

    @classmethod
    def of(cls, explanation: Explanation) -> Shortfall:
        params = explanation.params
        get = explanation.kinds.get
        names = tuple(params)
        kinds = tuple([get(k, "") for k in names])
        values = tuple(map(_compact, params.values()))
        return cls(explanation.msgid, _SHAPES.setdefault(names, names),
                   _SHAPES.setdefault(kinds, kinds), values)

    def explanation(self) -> Explanation:
        values = [_exact(v) for v in self.values]
        return Explanation(self.msgid, dict(zip(self.names, values, strict=True)),
                           {n: k for n, k in zip(self.names, self.kinds, strict=True) if k})

    @property
    def plain(self) -> bool:
        """No figure in it (a yes/no, a label): the same for many enterprises, worth sharing."""
        return not any(type(v) in (Decimal, float, tuple) for v in self.values)


def _compact(value: Any) -> Any:
    """A parameter as it is kept: lists as tuples (hashable), everything else as it is (a
    figure stays the exact ``Decimal`` the rules gave, so the words are the enterprise
    page's)."""
    kind = type(value)
    if kind is list or kind is tuple:
        return tuple(_compact(v) for v in value)
    return value


def _exact(value: Any) -> Any:
    """Back to Decimals for the message (the float's shortest repr: 0.0237, not its binary
    expansion)."""
    kind = type(value)
    if kind is float:
        return Decimal(repr(value))
    if kind is tuple:
        return tuple(_exact(v) for v in value)
    return value


#: Parameter names and kinds, shared (a few dozen distinct tuples).
_SHAPES: dict[tuple[str, ...], tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Figures:
    """What it takes to assess one enterprise again, exactly as the report did: its yearly
    rows as read (``marshal``-packed, ~0.6 KB), the size class and titles the report used,
    the criteria version and the day. A failed or undecided tier's shortfalls are worked
    out from it when first asked for (:func:`details`)."""

    years: bytes
    size: str | None
    srdi_title: bool
    innovative_title: bool
    version: str
    today: _dt.date
    #: the tiers it does not pass (whose shortfalls / missing facts are asked for)
    tiers: tuple[str, ...] = TIERS


class TierSummary:
    """One tier of one enterprise. ``score``: ``(lowest, highest)`` points still possible
    (equal when every input is known), None for a tier without a score. ``shortfalls``: the
    first :data:`TOP` of a failed tier (for an enterprise whose figures could not be read,
    :data:`MSG_FIGURES`), ``more`` how many were left out; ``missing``: the facts a
    ``cannot_tell`` waits for (fact names, see ``srdi.FACT_LABELS``).

    The report works out only the outcome and the score of every tier; ``shortfalls``,
    ``more`` and ``missing`` of a tier that does not pass are worked out when first read
    (from ``figures``: the table shows a screenful, an export its rows), unless given."""

    __slots__ = ("outcome", "score", "_kept", "figures", "index")

    def __init__(self, outcome: str, score: tuple[int | float, int | float] | None,
                 shortfalls: tuple[Shortfall, ...] = (), more: int = 0,
                 missing: tuple[str, ...] = (), *, figures: Figures | None = None,
                 index: int = 0) -> None:
        self.outcome = outcome
        self.score = score
        self._kept = None if figures is not None else (tuple(shortfalls), more, tuple(missing))
        self.figures = figures
        self.index = index

    def _details(self) -> tuple[tuple[Shortfall, ...], int, tuple[str, ...]]:
        kept = self._kept
        if kept is None:
            assert self.figures is not None
            return details(self.figures)[self.index]
        return kept

    @property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        return self._details()[0]

    @property
    def more(self) -> int:
        return self._details()[1]

    @property
    def missing(self) -> tuple[str, ...]:
        return self._details()[2]

    @property
    def points(self) -> int | float | None:
        """The score when it is known exactly, else None."""
        if self.score is None or self.score[0] != self.score[1]:
            return None
        return self.score[0]

    def _key(self) -> tuple[Any, ...]:
        return (self.outcome, self.score, self._kept, self.figures, self.index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TierSummary):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"TierSummary({self.outcome!r}, {self.score!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # compact between processes
        return (_summary, (self.outcome, self.score, self._kept, self.figures, self.index))


def _summary(outcome: str, score: Any, kept: Any, figures: Figures | None,
             index: int) -> TierSummary:
    if figures is not None:
        return TierSummary(outcome, score, figures=figures, index=index)
    return TierSummary(outcome, score, *kept)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One enterprise of the report. ``year``: the yearly figures used (the latest complete
    year; None when there is none); ``tiers``: one :class:`TierSummary` per tier, in the order
    of ``srdi.TIERS`` (innovative, srdi, little_giant)."""

    id: int
    name_zh: str
    name_en: str | None
    uscc: str | None
    province_code: str | None
    year: int | None
    has_years: bool
    tiers: tuple[TierSummary, ...]

    def tier(self, name: str) -> TierSummary:
        return self.tiers[TIERS.index(name)]

    def outcome(self, name: str) -> str:
        return self.tiers[TIERS.index(name)].outcome


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _points(value: Any) -> int | float:
    if isinstance(value, int):
        return value
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


class Interner:
    """Shares equal summaries (most passes, most "missing" lists are alike)."""

    def __init__(self) -> None:
        self._seen: dict[Any, Any] = {}

    def __call__(self, item: Any) -> Any:
        try:
            return self._seen.setdefault(item, item)
        except TypeError:  # an unhashable parameter value: keep it as it is
            return item


def summarise(assessment: srdi.Assessment, intern: Interner) -> tuple[TierSummary, ...]:
    """What the report keeps of an assessment. Summaries without figures (passes, missing
    facts, a missing title) are shared; a failed tier's figures are its own (hashing them
    to share them would cost more than it saves)."""
    out = []
    shared = True
    for name in TIERS:
        result = assessment.tiers[name]
        score = None
        if result.score is not None:
            score = intern((_points(result.score.total_min), _points(result.score.total_max)))
        outcome = result.outcome
        if outcome == FAIL:
            found = result.shortfalls
            kept = [Shortfall.of(e) for e in found[:TOP]]
            summary = TierSummary(FAIL, score, tuple(kept), len(found) - len(kept))
            if all(k.plain for k in kept):
                summary = intern(summary)
            else:
                shared = False
        elif outcome == CANNOT_TELL:
            summary = intern(TierSummary(CANNOT_TELL, score, (), 0, intern(result.missing)))
        else:
            summary = intern(TierSummary(outcome, score))
        out.append(summary)
    return intern(tuple(out)) if shared else tuple(out)


Details = tuple[tuple[Shortfall, ...], int, tuple[str, ...]]
#: marshal format 2: no back-references, so equal rows give equal bytes in any process
_MARSHAL = 2


@functools.lru_cache(maxsize=DETAILS_KEPT)
def details(figures: Figures) -> tuple[Details, ...]:
    """Per tier ``(shortfalls, more, missing)`` as :func:`summarise` keeps them, worked out
    again from ``figures`` (the very facts the report assessed; ~0.15 ms). The last
    :data:`DETAILS_KEPT` are kept."""
    try:
        raws = marshal.loads(figures.years)
        made = quick_facts(raws, None, figures.size, figures.srdi_title,
                           figures.innovative_title, figures.today)
        if made is not None:
            facts: Mapping[str, Any] = made[0]
        else:
            rows = [_year_row(raw) for raw in raws]
            rows.sort(key=_year_of, reverse=True)
            facts = srdi.normalise_facts(facts_from_years(
                rows, figures.size, figures.srdi_title, figures.today,
                figures.innovative_title)[0])
        results = srdi.assess_tiers(facts, figures.version, figures.tiers, normalised=True)
    except (ValueError, TypeError, ArithmeticError):  # the report found none: cannot happen
        note = (Shortfall(MSG_FIGURES, (), (), ()),)
        return tuple((note, 0, ()) for _ in TIERS)
    out = []
    for name in TIERS:
        result = results.get(name)
        if result is None:
            out.append(((), 0, ()))
        elif result.outcome == FAIL:
            found = result.shortfalls
            kept = tuple(Shortfall.of(e) for e in found[:TOP])
            out.append((kept, len(found) - len(kept), ()))
        elif result.outcome == CANNOT_TELL:
            out.append(((), 0, result.missing))
        else:
            out.append(((), 0, ()))
    return tuple(out)


def _year_of(row: Mapping[str, Any]) -> Any:
    return row["year"]


# ------------------------------------------------------------------ reading
@dataclass
class ChunkContext:
    """What stays the same over one run (and one worker process)."""

    version: str
    today: _dt.date
    intern: Interner
    #: (size class, srdi title, innovative title) -> summary, for enterprises without years
    memo: dict[tuple[Any, ...], tuple[TierSummary, ...]]
    #: province codes and years, shared
    places: dict[Any, Any] = field(default_factory=dict)
    #: every tier's outcome and score range from normalised facts (``srdi.outcomes_function``)
    quick: Any = None
    #: (lowest, highest) total as the rules give it -> the score kept; score -> a pass
    scores: dict[Any, Any] = field(default_factory=dict)
    passes: dict[Any, Any] = field(default_factory=dict)
    #: which tiers pass -> the names of those that do not (shared tuples)
    failing: dict[tuple[bool, ...], tuple[str, ...]] = field(default_factory=lambda: {
        passed: tuple(t for t, ok in zip(TIERS, passed, strict=True) if not ok)
        for passed in itertools.product((False, True), repeat=len(TIERS))})

    @classmethod
    def new(cls, version: str, today: _dt.date) -> ChunkContext:
        srdi.assess({}, version)  # an unknown version fails before any work
        return cls(version, today, Interner(), {}, quick=srdi.outcomes_function(version))


def _fetch(conn: Any, sql: str, params: Sequence[Any]) -> list[Any]:
    return list(conn.execute(sql, params).fetchall())


def assess_chunk(conn: Any, ids: Sequence[int], ctx: ChunkContext) -> list[ReportRow]:
    """Assess the enterprises ``ids`` (kept in that order; one deleted meanwhile is left out).
    ``conn``: a DB-API (sqlite3) connection or cursor with ``execute``."""
    wanted = json.dumps(list(ids))
    info = {r[0]: r for r in _fetch(conn, SQL_ENTERPRISES, (wanted,))}
    titles: dict[int, set[str]] = {}
    for enterprise_id, tier in _fetch(conn, SQL_TITLES, (wanted, ctx.today.isoformat())):
        titles.setdefault(enterprise_id, set()).add(tier)
    years: dict[int, list[tuple[Any, ...]]] = {}
    for raw in _fetch(conn, SQL_YEARS, (wanted,)):
        years.setdefault(raw[0], []).append(raw[1:])
    out = []
    places = ctx.places
    for enterprise_id in ids:
        row = info.get(enterprise_id)
        if row is None:
            continue
        province = row[4]
        if province is not None:  # one string per province, not one per enterprise
            row = (*row[:4], places.setdefault(province, province), *row[5:])
        out.append(assess_one(row, titles.get(enterprise_id, ()), years.get(enterprise_id),
                              ctx))
    return out


def assess_one(row: Sequence[Any], tiers: Iterable[str],
               raw_years: list[tuple[Any, ...]] | None, ctx: ChunkContext) -> ReportRow:
    """One enterprise: ``row`` as :data:`SQL_ENTERPRISES` reads it, the tiers of its valid
    titles, its yearly rows as :data:`SQL_YEARS` reads them without the enterprise id (None:
    it has none)."""
    enterprise_id, name_zh, name_en, uscc, province, size_class, industry = row
    if tiers:
        held = set(tiers)
        srdi_title = bool(held & SRDI_TITLE_TIERS)
        innovative_title = bool(held & INNOVATIVE_TITLE_TIERS)
    else:
        srdi_title = innovative_title = False
    if not raw_years:
        size = size_class if size_class in SME_CLASSES else None
        key = (size, srdi_title, innovative_title)
        summary = ctx.memo.get(key)
        if summary is None:
            facts, _year, _used = facts_from_years((), size, srdi_title, ctx.today,
                                                   innovative_title)
            summary = summarise(srdi.assess(facts, ctx.version), ctx.intern)
            ctx.memo[key] = summary
        return ReportRow(enterprise_id, name_zh, name_en, uscc, province, None, False, summary)
    try:
        made = quick_facts(raw_years, industry, size_class, srdi_title, innovative_title,
                           ctx.today)
        if made is not None:
            facts, year, size = made
            quick = ctx.quick(facts)
        else:  # the reference path (what the enterprise page does)
            from coop_desktop.services.srdi_assess import size_for  # (a worker seldom needs it)

            year_rows = [_year_row(raw) for raw in raw_years]
            size_class = size_for(industry, size_class, year_rows, ctx.today)
            size = size_class if size_class in SME_CLASSES else None
            year_rows.sort(key=_year_of, reverse=True)
            facts, year, _used = facts_from_years(year_rows, size, srdi_title, ctx.today,
                                                  innovative_title)
            quick = srdi.outcomes(facts, ctx.version)
    except (ValueError, TypeError, ArithmeticError):
        # figures no form lets through (a share above 100 %, two rows of one year…): this
        # enterprise cannot be assessed, the others still are
        return ReportRow(enterprise_id, name_zh, name_en, uscc, province, None, True,
                         _contradiction(ctx))
    if year is not None:
        year = ctx.places.setdefault(year, year)  # one int object per year
    scores, passes = ctx.scores, ctx.passes
    figures = None
    out = []
    failing = ctx.failing.get(tuple(t[0] == PASS for t in quick))
    for index, (outcome, low, high) in enumerate(quick):
        score = scores.get((low, high))
        if score is None and low is not None:  # equal totals give equal (shared) scores
            score = scores[(low, high)] = ctx.intern((_points(low), _points(high)))
        if outcome == PASS:
            summary = passes.get(score)
            if summary is None:
                summary = passes[score] = ctx.intern(TierSummary(PASS, score))
            out.append(summary)
            continue
        if figures is None:
            figures = Figures(marshal.dumps(raw_years, _MARSHAL), size, srdi_title,
                              innovative_title, ctx.version, ctx.today, failing)
        out.append(TierSummary(outcome, score, figures=figures, index=index))
    tiers_out = tuple(out) if figures is not None else ctx.intern(tuple(out))
    return ReportRow(enterprise_id, name_zh, name_en, uscc, province, year, True, tiers_out)


def _contradiction(ctx: ChunkContext) -> tuple[TierSummary, ...]:
    note = ctx.intern(Shortfall(MSG_FIGURES, (), (), ()))
    return ctx.intern(tuple(ctx.intern(TierSummary(CANNOT_TELL, None, (note,)))
                            for _ in TIERS))


# ------------------------------------------------------------------ worker processes
_WORKER: dict[str, Any] = {}


def _worker_connection(path: str) -> sqlite3.Connection:
    conn = _WORKER.get("conn")
    if conn is None or _WORKER.get("path") != path:
        uri = "file:" + path.replace("?", "%3f").replace("#", "%23") + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=10, check_same_thread=False)
        conn.execute("PRAGMA query_only = 1")
        _WORKER.update(conn=conn, path=path)
    return conn


def work(path: str, ids: Sequence[int], version: str, today: str) -> list[ReportRow]:
    """A worker process's share: :func:`assess_chunk` on its own read-only connection to
    the database file ``path`` (the memo lives as long as the process)."""
    import gc

    gc.disable()  # short-lived, allocation-heavy work; no cycles worth collecting
    try:
        key = (version, today)
        ctx = _WORKER.get(key)
        if ctx is None:
            ctx = _WORKER[key] = ChunkContext.new(version, _dt.date.fromisoformat(today))
        conn = _worker_connection(path)
        conn.execute("BEGIN")
        try:
            return assess_chunk(conn, ids, ctx)
        finally:
            conn.execute("ROLLBACK")
    finally:
        gc.enable()


__all__ = ["DETAILS_KEPT", "INNOVATIVE_TITLE_TIERS", "SRDI_TITLE_TIERS", "TOP", "YEAR_COLUMNS",
           "ChunkContext", "Figures", "details",
           "Interner", "ReportRow", "Shortfall", "TierSummary", "assess_chunk", "assess_one",
           "summarise", "work"]
