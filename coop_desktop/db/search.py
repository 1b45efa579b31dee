"""Enterprise search as a SQLAlchemy clause, by dialect.

SQLite: FTS5 — the trigram index for terms of 3+ characters, the short-token index for
1–2 character terms (see ``coop_desktop.text``). Other databases: ``ILIKE`` over the same
columns (a later issue can swap in PostgreSQL's ``pg_trgm``). Each whitespace-separated
term must match (AND).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, and_, bindparam, column, func, or_, select, text, true
from sqlmodel import col

from coop_desktop.models import Enterprise
from coop_desktop.text import is_cjk, normalize

_SEARCH_COLUMNS = ("name_zh", "name_en", "uscc", "city_zh", "city_en", "tags", "search_tokens")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _sqlite_term(term: str) -> ColumnElement[bool]:
    if len(term) >= 3:
        sub = text("SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH :q").bindparams(
            _param(_fts_phrase(term))
        )
        return col(Enterprise.id).in_(sub.columns(column("rowid", Integer)))
    if all(is_cjk(c) for c in term):
        match = _fts_phrase(term)
    elif term.isalnum() and term.isascii():
        match = _fts_phrase(term.lower()) + "*"
    else:
        return _like_term(term)
    sub = text(
        "SELECT rowid FROM enterprise_fts_short WHERE enterprise_fts_short MATCH :q"
    ).bindparams(_param(match))
    found = col(Enterprise.id).in_(sub.columns(column("rowid", Integer)))
    if term.isalnum() and term.isascii():  # the first characters of a USCC being typed
        return or_(found, _uscc_prefix(term))
    return found


def _uscc_prefix(term: str) -> ColumnElement[bool]:
    """USCCs starting with ``term``, as a range on the unique index (USCCs are upper-case)."""
    low = term.upper()
    high = low[:-1] + chr(ord(low[-1]) + 1)
    return and_(col(Enterprise.uscc) >= low, col(Enterprise.uscc) < high)


def _param(value: str):  # type: ignore[no-untyped-def]
    """A bound ``:q`` that stays distinct when several terms are ANDed in one statement."""
    return bindparam("q", value, unique=True)


def _like_term(term: str) -> ColumnElement[bool]:
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(
        *(
            func.lower(getattr(Enterprise, name)).like(pattern.lower(), escape="\\")
            for name in _SEARCH_COLUMNS
        )
    )


def search_terms(query: str | None) -> list[str]:
    return normalize(query).split()


def enterprise_match(dialect: str, query: str | None) -> ColumnElement[bool]:
    """A WHERE clause matching enterprises whose indexed text contains every term."""
    terms = search_terms(query)
    if not terms:
        return true()
    build = _sqlite_term if dialect == "sqlite" else _like_term
    return and_(*(build(t) for t in terms))


def like_match(query: str | None) -> ColumnElement[bool]:
    """The plain ``LIKE '%…%'`` baseline (benchmarks compare against it)."""
    terms = search_terms(query)
    return and_(*(_like_term(t) for t in terms)) if terms else true()


__all__ = ["enterprise_match", "like_match", "search_terms", "select"]
