"""Enterprise list queries: filters, search, keyset paging — built for 150k rows.

Sorting is always on ``(sort expression, id)`` so that keyset paging is exact and every
page is an index range scan.

A text search on SQLite picks its query plan per query (see "Search plans" below): a list
page, the id list and the count each have a plan for few hits and plans for many.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    column,
    exists,
    func,
    literal_column,
    select,
    text,
    tuple_,
    type_coerce,
)
from sqlmodel import Session, col

from coop_desktop.db.search import (
    PREFIX,
    Unit,
    enterprise_match,
    in_clause,
    row_clause,
    row_clauses,
    row_forms_usable,
    search_units,
    uscc_range,
)
from coop_desktop.db.repositories import srdi_standing
from coop_desktop.db.stopping import stoppable
from coop_desktop.models import (
    Enterprise, PilotCity, SmeCluster, SrdiTitle, ZoneLink,
)

SORTS = ("name_zh", "name_en", "uscc", "updated_at", "size_class", "employees", "revenue_fen")


@dataclass(frozen=True)
class EnterpriseQuery:
    """What the list shows. Empty fields do not filter."""

    text: str = ""
    province_code: str | None = None
    city_code: str | None = None
    industry: str | None = None
    size_class: str | None = None
    tier: str | None = None  # holds an active title of this tier
    expiring_within_days: int | None = None  # an active title expires within N days
    target_country: str | None = None
    zone_id: int | None = None
    link_status: str | None = None
    cluster_id: int | None = None  # linked to this characteristic SME industrial cluster
    pilot_city_id: int | None = None  # linked to this digital-transformation pilot city
    in_cluster: bool | None = None  # True: linked to any cluster; False: to none
    in_pilot_city: bool | None = None  # True: linked to any pilot city; False: to none
    tags: tuple[str, ...] = ()
    deleted: bool = False  # True lists the recycle bin
    sort: str = "name_zh"
    descending: bool = False
    today: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


#: Fallbacks for NULL are SQL literals, not bound parameters: SQLite uses an expression
#: index only when the query's expression is textually the indexed one.
_EMPTY = literal_column("''")
_MINUS_ONE = literal_column("-1")


def sort_expr(sort: str) -> ColumnElement[Any]:
    """The ORDER BY key of a list sort (also the expression the sort indexes are built on)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    if sort == "name_zh":  # Chinese names sort by pinyin
        return func.coalesce(col(Enterprise.name_pinyin), _EMPTY)
    column = getattr(Enterprise, sort)
    if sort in ("employees", "revenue_fen"):
        return func.coalesce(column, _MINUS_ONE)
    if sort == "updated_at":
        return column
    return func.coalesce(column, _EMPTY)


_sort_expr = sort_expr


def _title_clauses(q: EnterpriseQuery) -> list[ColumnElement[bool]]:
    """The SRDI filters, by the rule of ``srdi_standing`` (the list's columns): the tier
    filter, a valid title of that tier; the expiry filter, the enterprise's highest valid
    title expires within the period (a lower title expiring under it is not listed)."""
    today = q.today or date.today()
    conds: list[ColumnElement[bool]] = []
    if q.tier:
        conds.append(exists().where(SrdiTitle.enterprise_id == Enterprise.id,
                                    SrdiTitle.tier == q.tier,
                                    srdi_standing.valid(SrdiTitle, today)))
    if q.expiring_within_days is not None:
        until = today + timedelta(days=q.expiring_within_days)
        conds.append(col(Enterprise.id).in_(srdi_standing.expiring_enterprises(today, until)))
    return conds


def _contains(column: Any, item: str) -> ColumnElement[bool]:
    return type_coerce(column, String).like(f"%,{item},%")


def where(q: EnterpriseQuery, dialect: str) -> list[ColumnElement[bool]]:
    """Every condition of ``q``; the text as ``search.enterprise_match`` (the index form)."""
    conds = _filters(q)
    if q.text.strip():
        conds.insert(1, enterprise_match(dialect, q.text))
    return conds


def _filters(q: EnterpriseQuery) -> list[ColumnElement[bool]]:
    """Every condition of ``q`` but the text (the live/deleted condition first)."""
    conds: list[ColumnElement[bool]] = [
        col(Enterprise.deleted_at).is_not(None) if q.deleted else col(Enterprise.deleted_at).is_(None)
    ]
    for name in ("province_code", "city_code", "industry", "size_class"):
        value = getattr(q, name)
        if value:
            conds.append(getattr(Enterprise, name) == value)
    conds += _programme_conds(q)
    if q.target_country:
        conds.append(_contains(Enterprise.target_countries, q.target_country.upper()))
    for tag in q.tags:
        conds.append(_contains(Enterprise.tags, tag))
    conds += _title_clauses(q)
    if q.zone_id is not None or q.link_status:
        link = [ZoneLink.enterprise_id == Enterprise.id, col(ZoneLink.deleted_at).is_(None)]
        if q.zone_id is not None:
            link.append(ZoneLink.zone_id == q.zone_id)
        if q.link_status:
            link.append(ZoneLink.status == q.link_status)
        conds.append(exists().where(and_(*link)))
    return conds


def _programme_conds(q: EnterpriseQuery) -> list[ColumnElement[bool]]:
    """The cluster and pilot-city filters (each link column has its own index).

    "Linked to any" is written ``column IN (SELECT id FROM <its table>)`` (the same rows as
    ``IS NOT NULL``: the link is a foreign key, and the subquery includes rows in the
    recycle bin). SQLite, which has no statistics here, turns ``IS NOT NULL`` into a walk of
    a whole sort index looking up every row to test the column (150k demo, 23,500 linked to
    a pilot city: ids and count ~450 ms); the IN list of a few dozen ids is an index search
    of the linked rows only.
    """
    conds: list[ColumnElement[bool]] = []
    for wanted, any_of, column, table in (
            (q.cluster_id, q.in_cluster, col(Enterprise.cluster_id), SmeCluster),
            (q.pilot_city_id, q.in_pilot_city, col(Enterprise.pilot_city_id), PilotCity)):
        if wanted is not None:
            conds.append(column == wanted)
        if any_of is True:
            conds.append(column.in_(select(col(table.id))))
        elif any_of is False:
            conds.append(column.is_(None))
    return conds


def _ordered(stmt: Select[Any], q: EnterpriseQuery) -> Select[Any]:
    key = _sort_expr(q.sort)
    if q.descending:
        return stmt.order_by(key.desc(), col(Enterprise.id).desc())
    return stmt.order_by(key, col(Enterprise.id))


def _keyset(q: EnterpriseQuery, after: tuple[Any, int] | None,
            upto: tuple[Any, int] | None = None, *, seek: bool = True) -> list[ColumnElement[bool]]:
    """Rows strictly after ``after`` and up to ``upto`` (inclusive) in the list's order.

    The row-value comparison alone is exact, but SQLite does not turn it into a range of an
    expression index (it scanned from the first row: ~6 ms to reach row 75,000 at 150k); the
    extra comparison on the key alone does (``seek``). A plan that must start from a hit list
    leaves it out, or SQLite may prefer the range (a sparse 'rf' took 220 ms instead of 2).
    """
    key = _sort_expr(q.sort)
    pair = tuple_(key, col(Enterprise.id))
    conds: list[ColumnElement[bool]] = []
    if after is not None:
        if q.descending:
            conds += [key <= after[0], pair < tuple_(*after)] if seek else [pair < tuple_(*after)]
        else:
            conds += [key >= after[0], pair > tuple_(*after)] if seek else [pair > tuple_(*after)]
    if upto is not None:
        if q.descending:
            conds += [key >= upto[0], pair >= tuple_(*upto)]
        else:
            conds += [key <= upto[0], pair <= tuple_(*upto)]
    return conds


def count(session: Session, q: EnterpriseQuery, *, stop: Callable[[], bool] | None = None) -> int:
    """How many enterprises match ``q`` (``stop``: see :func:`stoppable`)."""
    with stoppable(session, stop):
        search = _search(session, q)
        if search is not None:
            planned = _count_search(session, q, search)
            if planned is not None:
                return planned
        stmt = select(func.count()).select_from(Enterprise).where(*where(q, _dialect(session)))
        return int(session.execute(stmt).scalar_one())


def ids(session: Session, q: EnterpriseQuery, *, limit: int | None = None,
        stop: Callable[[], bool] | None = None) -> list[int]:
    """The ordered ids of every matching enterprise (cheap: an index-only scan; ``stop``:
    see :func:`stoppable`)."""
    with stoppable(session, stop):
        search = _search(session, q, sorted_scan=True)
        conds = (_ids_search(session, q, search) if search is not None
                 else where(q, _dialect(session)))
        stmt = _ordered(select(col(Enterprise.id)).where(*conds), q)
        if limit is not None:
            stmt = stmt.limit(limit)
        # 150k ids: reading the DB-API cursor directly skips building a Row per id
        # (measured at 150k: ~95 ms instead of ~300 ms).
        result = session.connection().execute(stmt)
        try:
            return [row[0] for row in result.cursor.fetchall()]
        finally:
            result.close()


def page(
    session: Session, q: EnterpriseQuery, *, after: tuple[Any, int] | None, limit: int
) -> tuple[list[Enterprise], tuple[Any, int] | None]:
    """One keyset page; returns the rows and the cursor of the next page (or None)."""
    search = _search(session, q, sorted_scan=True)
    if search is not None:
        rows = _page_search(session, q, search, after, limit + 1)
    else:
        rows = session.execute(_page_stmt(q, where(q, _dialect(session)), after, limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = (rows[-1][1], rows[-1][0].id) if more and rows else None
    return [r[0] for r in rows], cursor


def _page_stmt(q: EnterpriseQuery, conds: list[ColumnElement[bool]], after: tuple[Any, int] | None,
               n: int, upto: tuple[Any, int] | None = None, *, seek: bool = True) -> Select[Any]:
    key = _sort_expr(q.sort)
    stmt = select(Enterprise, key.label("_k")).where(*conds, *_keyset(q, after, upto, seek=seek))
    return _ordered(stmt, q).limit(n)


def by_ids(session: Session, wanted: list[int]) -> list[Enterprise]:
    """Rows for ``wanted`` in that order (missing ids are skipped)."""
    if not wanted:
        return []
    found = {e.id: e for e in session.execute(select(Enterprise).where(col(Enterprise.id).in_(wanted))).scalars()}
    return [found[i] for i in wanted if i in found]


def find_by_uscc(session: Session, uscc: str) -> Enterprise | None:
    return session.execute(select(Enterprise).where(Enterprise.uscc == uscc)).scalars().first()


def _dialect(session: Session) -> str:
    bind = session.get_bind()
    return bind.dialect.name


# ---------------------------------------------------------------- search plans (SQLite)
#
# Every plan returns exactly what ``where(q)`` selects; they differ in how SQLite gets there.
# Figures: the 150,000-enterprise demo database, 2-core VM, quiet, SQLite 3.40.1.
#
# - HITS ("index form", SQLite's own choice until now): FTS finds every hit, each is looked
#   up and the lot sorted: ~2.5 µs a hit. Right for few hits; a first page of 有限公司
#   (135k hits) took ~250 ms, of 'co' (150k) ~340 ms.
# - ROWS: walk the list's sort index in order and test each row with the row forms of
#   ``db.search`` (~4 µs a row), stopping after one page: 有限公司 ~1.5 ms, 'co' ~1.3 ms,
#   科技 (21 % of the rows) ~4 ms. For a rare term it is a full scan (seconds).
# - SET: walk the sort index and test each id against the materialised hit list
#   (``id + 0 IN (…)``: ~0.4 µs a hit to build, ~0.5–1 µs an index entry to test). In
#   between: 华 (5 % of the rows) ~5 ms, where HITS takes ~20 ms and ROWS ~10 ms.
#
# (Each figure is the SQL alone; ``list_page`` adds ~4 ms to build 100 summaries.)
#
# Choosing (estimates only choose a plan: a wrong one costs time, never rows):
# 1. FTS is asked for at most SPARSE_HITS + 1 hits of each whole-term unit (~0.2 ms: FTS
#    stops there). A unit with fewer drives the query from its hit list (HITS on a JSON list).
# 2. Otherwise the rowid of the last hit read estimates the density (FTS returns hits in
#    rowid order: 1,501 hits up to rowid 30,000 ≈ 5 %; ids stand in for rows; on the demo
#    database the estimates were within 3 % of the counts) and the cost model below picks
#    a plan: SET or HITS run as one statement.
# 3. ROWS (dense hits; also prefix terms only, whose FTS query cannot stop early to give an
#    estimate) scans a WINDOW of rows, which fills a dense page at once and measures the
#    density in list order; the rest of the page takes the cheapest plan by the cost model,
#    re-measured after each (growing) window. A density misjudged in step 2 (hits bunched
#    in an id range) is caught here.

#: Sorts whose order an index gives (scan plans walk it; other sorts keep SQLite's plan).
SCAN_SORTS = frozenset({"name_zh", "name_en", "updated_at"})
#: A unit with at most this many FTS hits drives the query from its hit list (≤ ~4 ms).
SPARSE_HITS = 1500
#: Rows of the list scanned with the row forms before the plan is reconsidered (~1.5 ms).
WINDOW = 400
#: Costs in µs (see above; fitted to first pages of 3,900–40,000 hits): a row tested by the
#: row forms, an index entry tested against a hit list, an FTS hit put into a hit list, an
#: FTS hit looked up and sorted.
COST_ROW, COST_SET_ROW, COST_SET_HIT, COST_HIT = 4.0, 0.7, 0.4, 2.5
#: Rows up to which SET and HITS test a prefix term with its row form (~4 µs a row) rather
#: than materialise its hit list.
ROW_TEST_LIMIT = 10_000
#: The FTS count minus the matching deleted rows, tested one by one (~4 µs), while the
#: recycle bin holds at most this many.
MAX_BIN = 20_000
#: The full id list: SET over the whole index (~0.5 µs a row) beats HITS (~2.1 µs a hit)
#: from this density on (有限公司: ~140 ms instead of ~260 ms; 科技 at 21 %: about even).
IDS_SET_DENSITY = 0.3

_ROWS, _SET, _HITS = "rows", "set", "hits"


@dataclass
class _Search:
    units: list[Unit]
    ascii_ok: bool  # ``search.row_forms_usable``

    @cached_property
    def rows(self) -> list[ColumnElement[bool]] | None:
        """The row forms of the units, None if one has none (built when first needed)."""
        return row_clauses(self.units, ascii_ok=self.ascii_ok)

    @property
    def listed(self) -> list[Unit]:
        """The units whose hit list FTS builds cheaply (whole terms; not prefixes)."""
        return [u for u in self.units if u.samples]


def _search(session: Session, q: EnterpriseQuery, *, sorted_scan: bool = False) -> _Search | None:
    """The units of a text search that may take another plan, or None (plain ``where``)."""
    if not q.text.strip() or q.deleted or _dialect(session) != "sqlite":
        return None
    if sorted_scan and q.sort not in SCAN_SORTS:
        return None
    units = search_units(q.text)
    if not any(u.table for u in units):
        return None  # LIKE terms only: a scan whatever the plan
    return _Search(units, row_forms_usable(session.connection()))


def _has_filters(q: EnterpriseQuery) -> bool:
    return bool(q.province_code or q.city_code or q.industry or q.size_class or q.tier
                or q.expiring_within_days is not None or q.target_country or q.zone_id is not None
                or q.link_status or q.tags or q.cluster_id is not None
                or q.pilot_city_id is not None or q.in_cluster is not None
                or q.in_pilot_city is not None)


def _fts_count(session: Session, unit: Unit, cap: int | None = None) -> int:
    """Rows of the FTS index matching ``unit`` (deleted rows included: the index has them),
    counting at most ``cap``."""
    table = unit.table
    sql = f"SELECT 1 FROM {table} WHERE {table} MATCH :q"
    if cap is not None:
        sql += f" LIMIT {int(cap)}"
    got = session.execute(text(f"SELECT count(*) FROM ({sql})"), {"q": unit.match})
    return int(got.scalar_one())


@dataclass(frozen=True)
class _Sample:
    sparse: tuple[Unit, str] | None  # a unit with at most SPARSE_HITS hits, its hits (JSON)
    density: float | None  # else: the lowest density estimated (None: no unit to sample)


def _sample(session: Session, search: _Search) -> _Sample:
    """Steps 1 and 2 of "Search plans". The hits come back as one string (no Python int per
    hit: ~1.4 ms → ~0.3 ms for 1,501 hits), which is also the JSON list ``_hits_conds`` binds."""
    density: float | None = None
    for unit in search.listed:
        table = unit.table
        sql = (f"SELECT count(*), max(rowid), group_concat(rowid) FROM (SELECT rowid FROM {table} "
               f"WHERE {table} MATCH :q LIMIT {SPARSE_HITS + 1})")
        found, last, hits = session.execute(text(sql), {"q": unit.match}).one()
        if found <= SPARSE_HITS:
            return _Sample((unit, "[" + (hits or "") + "]"), None)
        estimate = min(1.0, found / max(last, 1))
        density = estimate if density is None else min(density, estimate)
    return _Sample(None, density)


def _hits_conds(search: _Search, unit: Unit, hits: str) -> list[ColumnElement[bool]]:
    """The text as ``id IN (unit's hits)`` plus the other units, tested on those rows only."""
    listed = text("SELECT value FROM json_each(:hits)").bindparams(hits=hits)
    conds = [col(Enterprise.id).in_(listed.columns(column("value", Integer)))]
    for i, other in enumerate(search.units):
        if other is unit:
            continue
        row = search.rows[i] if search.rows is not None else None
        conds.append(row if row is not None else in_clause(other, drive=False))
    return conds


def _text_conds(search: _Search, plan: str, tested: float = 0) -> list[ColumnElement[bool]]:
    """The text conditions of a plan. SET and HITS look up the units whose hit list is cheap
    to build; the others (prefix terms: 'co*' takes ~80 ms to list) are tested with their row
    forms on the rows that are left, about ``tested`` of them, unless that is more than
    ROW_TEST_LIMIT."""
    if plan == _ROWS:
        assert search.rows is not None
        return list(search.rows)
    drive = plan == _HITS
    if not search.listed:  # prefix terms only: a prefix's hit list it has to be
        return [in_clause(u, drive=drive) for u in search.units]
    by_row = search.rows is not None and tested <= ROW_TEST_LIMIT
    others = [search.rows[i] if by_row and search.rows is not None else in_clause(u, drive=False)
              for i, u in enumerate(search.units) if not u.samples]
    return [in_clause(u, drive=drive) for u in search.listed] + others


def _live_rows(session: Session) -> int:
    """About how many rows the list has (max id: instant, where count(*) scans)."""
    return int(session.execute(select(func.max(col(Enterprise.id)))).scalar_one() or 0)


def _window_end(session: Session, q: EnterpriseQuery, after: tuple[Any, int] | None,
                size: int) -> tuple[Any, int] | None:
    """The (key, id) of the ``size``-th live row after ``after`` (index only), None if fewer."""
    key = _sort_expr(q.sort)
    stmt = select(key, col(Enterprise.id)).where(col(Enterprise.deleted_at).is_(None),
                                                 *_keyset(q, after))
    row = session.execute(_ordered(stmt, q).offset(size - 1).limit(1)).first()
    return (row[0], row[1]) if row is not None else None


def _cheapest(search: _Search, hits: float, live: int, need: int, *, rows: bool) -> str:
    """The cheapest plan for ``need`` more rows when about ``hits`` of ``live`` rows match."""
    if hits <= 0 or live <= 0:
        return _HITS
    density = min(1.0, hits / live)
    costs = {_HITS: hits * COST_HIT}
    if rows and search.rows is not None:
        costs[_ROWS] = need / density * COST_ROW
    if search.listed:  # each of those has more than SPARSE_HITS hits to put in its list
        built = sum(max(hits, SPARSE_HITS) for _ in search.listed)
        costs[_SET] = built * COST_SET_HIT + need / density * COST_SET_ROW
    return min(costs, key=costs.__getitem__)


def _run_page(session: Session, q: EnterpriseQuery, search: _Search, plan: str,
              after: tuple[Any, int] | None, n: int, hits: float) -> list[Any]:
    """A page by SET or HITS (``hits``: about how many rows match the listed units)."""
    conds = _filters(q) + _text_conds(search, plan, hits if plan == _HITS else n)
    return list(session.execute(_page_stmt(q, conds, after, n, seek=plan != _HITS)).all())


def _page_search(session: Session, q: EnterpriseQuery, search: _Search,
                 after: tuple[Any, int] | None, n: int) -> list[Any]:
    """The first ``n`` rows after ``after`` of a text search (see "Search plans")."""
    rest = _filters(q)
    sample = _sample(session, search)
    if sample.sparse is not None:
        conds = rest + _hits_conds(search, *sample.sparse)
        return list(session.execute(_page_stmt(q, conds, after, n, seek=False)).all())
    live = _live_rows(session)
    if sample.density is None:  # prefix terms only, no cheap estimate: ROWS measures it
        listed_hits = float(live)
        plan = _ROWS if search.rows is not None else _HITS
    else:
        listed_hits = sample.density * live
        plan = _cheapest(search, listed_hits, live, n, rows=True)
    if plan != _ROWS:
        return _run_page(session, q, search, plan, after, n, listed_hits)
    assert search.rows is not None
    found: list[Any] = []
    scanned, size = 0, WINDOW
    if sample.density is not None:  # room for the page at the estimated density (科技: 21 %)
        size = max(WINDOW, math.ceil(1.5 * n / sample.density))
    while True:
        upto = _window_end(session, q, after, size)
        stmt = _page_stmt(q, rest + list(search.rows), after, n - len(found), upto)
        found += session.execute(stmt).all()
        if len(found) >= n or upto is None:
            return found
        scanned += size
        after = upto
        need = n - len(found)
        plan = _cheapest(search, len(found) / scanned * live, live, need, rows=True)
        if plan != _ROWS:
            return found + _run_page(session, q, search, plan, after, need, listed_hits)
        # Expect to fill the page in the next window; grow at least 4-fold so that a
        # falling density still ends in a few rounds.
        size = max(4 * size, math.ceil(2 * need * scanned / len(found)) if found else 0)


def _ids_search(session: Session, q: EnterpriseQuery, search: _Search) -> list[ColumnElement[bool]]:
    """The conditions for the full ordered id list of a text search: few hits drive from
    their list; one whole-term unit matching IDS_SET_DENSITY of the rows or more (counted by
    FTS up to that many: ~5 ms) takes SET over the whole sort index; else HITS. (A prefix
    would pay its FTS query, which cannot stop early, once more to be counted: 'co' ids might
    drop from ~270 to ~170 ms, but a sparser 'z' would lose as much.)"""
    rest = _filters(q)
    sample = _sample(session, search)
    if sample.sparse is not None:
        return rest + _hits_conds(search, *sample.sparse)
    units = search.units
    live = _live_rows(session)
    if len(units) == 1 and units[0].samples and not _has_filters(q):
        cap = int(IDS_SET_DENSITY * live)
        if _fts_count(session, units[0], cap) >= cap:
            return rest + _text_conds(search, _SET)
    listed_hits = (sample.density if sample.density is not None else 1.0) * live
    return rest + _text_conds(search, _HITS, tested=listed_hits)


def _count_search(session: Session, q: EnterpriseQuery, search: _Search) -> int | None:
    """The count of a text search by a cheaper plan, or None for the plain count.

    Few hits: count the live ones among them. One FTS unit and no other filter: FTS counts
    its hits without touching the table (有限公司: ~11 ms instead of ~150 ms), minus the
    deleted rows that match (the recycle bin, tested with the row form), plus for a prefix
    term the live USCC-range rows that FTS did not count.
    """
    rest = _filters(q)
    sparse = _sample(session, search).sparse
    if sparse is not None:
        return _count_of(session, rest + _hits_conds(search, *sparse))
    if _has_filters(q) or len(search.units) != 1 or search.rows is None:
        return None
    unit = search.units[0]
    if unit.table is None:
        return None
    if _count_of(session, [col(Enterprise.deleted_at).is_not(None)], MAX_BIN + 1) > MAX_BIN:
        return None  # a recycle bin too full to test row by row: the plain count
    fts_row = row_clause(unit, ascii_ok=search.ascii_ok, uscc=False)
    assert fts_row is not None
    extra = 0
    if unit.kind == PREFIX:
        low, high = uscc_range(unit.terms[0])
        in_range = and_(col(Enterprise.uscc) >= low, col(Enterprise.uscc) < high)
        if _count_of(session, [in_range], SPARSE_HITS + 1) > SPARSE_HITS:
            return None  # a long USCC range ('91'): the plain count
        extra = _count_of(session, [col(Enterprise.deleted_at).is_(None), in_range, ~fts_row])
    deleted = _count_of(session, [col(Enterprise.deleted_at).is_not(None), fts_row])
    return _fts_count(session, unit) - deleted + extra


def _count_of(session: Session, conds: list[ColumnElement[bool]], cap: int | None = None) -> int:
    """Rows matching ``conds``, counting at most ``cap``."""
    if cap is None:
        stmt = select(func.count()).select_from(Enterprise).where(*conds)
    else:
        capped = select(literal_column("1")).select_from(Enterprise).where(*conds).limit(cap)
        stmt = select(func.count()).select_from(capped.subquery())
    return int(session.execute(stmt).scalar_one())
