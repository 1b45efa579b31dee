"""Enterprise list queries: filters, search, keyset paging — built for 150k rows.

Sorting is always on ``(sort expression, id)`` so that keyset paging is exact and every
page is an index range scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlmodel import Session, col

from coop_desktop.db.search import enterprise_match
from coop_desktop.models import Enterprise, SrdiTitle, TitleStatus, ZoneLink

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


def _title_clause(q: EnterpriseQuery) -> ColumnElement[bool] | None:
    if not q.tier and q.expiring_within_days is None:
        return None
    today = q.today or date.today()
    conds = [
        SrdiTitle.enterprise_id == Enterprise.id,
        col(SrdiTitle.deleted_at).is_(None),
        SrdiTitle.status == TitleStatus.ACTIVE.value,
        or_(col(SrdiTitle.expires_on).is_(None), col(SrdiTitle.expires_on) >= today),
    ]
    if q.tier:
        conds.append(SrdiTitle.tier == q.tier)
    if q.expiring_within_days is not None:
        limit = today + timedelta(days=q.expiring_within_days)
        conds.append(col(SrdiTitle.expires_on).is_not(None))
        conds.append(col(SrdiTitle.expires_on) <= limit)
    return exists().where(and_(*conds))


def _contains(column: Any, item: str) -> ColumnElement[bool]:
    return type_coerce(column, String).like(f"%,{item},%")


def where(q: EnterpriseQuery, dialect: str) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        col(Enterprise.deleted_at).is_not(None) if q.deleted else col(Enterprise.deleted_at).is_(None)
    ]
    if q.text.strip():
        conds.append(enterprise_match(dialect, q.text))
    for name in ("province_code", "city_code", "industry", "size_class"):
        value = getattr(q, name)
        if value:
            conds.append(getattr(Enterprise, name) == value)
    if q.target_country:
        conds.append(_contains(Enterprise.target_countries, q.target_country.upper()))
    for tag in q.tags:
        conds.append(_contains(Enterprise.tags, tag))
    title = _title_clause(q)
    if title is not None:
        conds.append(title)
    if q.zone_id is not None or q.link_status:
        link = [ZoneLink.enterprise_id == Enterprise.id, col(ZoneLink.deleted_at).is_(None)]
        if q.zone_id is not None:
            link.append(ZoneLink.zone_id == q.zone_id)
        if q.link_status:
            link.append(ZoneLink.status == q.link_status)
        conds.append(exists().where(and_(*link)))
    return conds


def _ordered(stmt: Select[Any], q: EnterpriseQuery) -> Select[Any]:
    key = _sort_expr(q.sort)
    if q.descending:
        return stmt.order_by(key.desc(), col(Enterprise.id).desc())
    return stmt.order_by(key, col(Enterprise.id))


def count(session: Session, q: EnterpriseQuery) -> int:
    stmt = select(func.count()).select_from(Enterprise).where(*where(q, _dialect(session)))
    return int(session.execute(stmt).scalar_one())


def ids(session: Session, q: EnterpriseQuery, *, limit: int | None = None) -> list[int]:
    """The ordered ids of every matching enterprise (cheap: an index-only scan)."""
    stmt = _ordered(select(col(Enterprise.id)).where(*where(q, _dialect(session))), q)
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
    key = _sort_expr(q.sort)
    stmt = select(Enterprise, key.label("_k")).where(*where(q, _dialect(session)))
    if after is not None:
        pair = tuple_(key, col(Enterprise.id))
        stmt = stmt.where(pair < tuple_(*after) if q.descending else pair > tuple_(*after))
    rows = session.execute(_ordered(stmt, q).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = (rows[-1][1], rows[-1][0].id) if more and rows else None
    return [r[0] for r in rows], cursor


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
