"""Enterprise search as SQLAlchemy clauses, by dialect.

What a query means (unchanged by the plans below): the query is NFKC-normalised and split on
whitespace, and every term must match (AND). On SQLite (FTS5, ``db.sqlite``):

- a term of 3+ characters is a case-folded substring of one of the indexed columns: a phrase
  of the trigram index ``enterprise_fts``;
- a 1–2 character Chinese term is a whole token of ``search_tokens`` (``coop_desktop.text``):
  a phrase of the short-token index ``enterprise_fts_short``;
- a 1–2 character ASCII letters/digits term is the start of a token of ``search_tokens``
  (``"co"*`` on ``enterprise_fts_short``) or the start of a USCC being typed (a range on the
  unique index);
- any other short term (``a-``, ``5%``) is ``LIKE '%term%'`` over the columns.

Other databases: ``LIKE`` over the same columns (a later issue can swap in ``pg_trgm``).

Two forms of one predicate (SQLite)
-----------------------------------
:class:`Unit` groups the terms that one FTS lookup answers (every 3+ character term in one
``MATCH '"a" AND "b"'``, every Chinese short term in another; a prefix term alone, because of
its USCC alternative). Each unit has

- an **index form** (:func:`in_clause`), ``enterprise.id IN (SELECT rowid FROM fts WHERE fts
  MATCH …)``: FTS finds every hit at once. Cheap for few hits; with many, the list looks up
  and sorts every one of them (150k rows: ~250 ms for the 135k hits of 有限公司);
- a **row form** (:func:`row_clause`), a test of one row's own columns (``GLOB``, ``LIKE``,
  ``instr``, and two small Python SQL functions for tokens: :func:`token_start`,
  :func:`whole_token`): ~2–5 µs a row, so the list can walk its sort index and stop after
  one page when hits are dense (有限公司: ~1.5 ms). ``repositories.enterprises`` picks.

A row form exists only where it is *provably the same predicate* as the FTS query; where a
row's characters leave it open, it asks FTS itself (a probe on the row's rowid). The proofs
rest on these facts about FTS5 in the SQLite we run, which
``tests/services/test_search_plans.py`` checks against the real tokenizers for every code
point of planes 0–3, and then tests the row forms against the index forms on rows full of
awkward characters:

1. both tokenizers fold case one code point at a time; the only non-ASCII code points that
   fold to ASCII are U+212A KELVIN SIGN (→ k) and U+017F LONG S (→ s); nothing folds to a
   Chinese character but that character itself;
2. ``unicode61`` (the short index) takes exactly ``[0-9A-Za-z]`` as ASCII token characters
   (every other ASCII character, NUL included, separates tokens) and every Chinese character
   as a token character;
3. the trigram tokenizer stops at a NUL character, as ``LIKE`` and ``GLOB`` do.

The row form of an ASCII 3+ character term uses ``LIKE``, which must be SQLite's own
ASCII-only case-insensitive ``LIKE`` (no ICU extension, ``case_sensitive_like`` off):
:func:`row_forms_usable` checks that once per connection, and without it such terms have no
row form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    String,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
    type_coerce,
)
from sqlalchemy.engine import Connection
from sqlmodel import col

from coop_desktop.limits import SEARCH_MAX
from coop_desktop.models import Enterprise
from coop_desktop.text import is_cjk, normalize

_SEARCH_COLUMNS = ("name_zh", "name_en", "uscc", "city_zh", "city_en", "tags", "search_tokens")

TRIGRAM, TOKEN, PREFIX, LIKE = "trigram", "token", "prefix", "like"
_FTS_TABLE = {TRIGRAM: "enterprise_fts", TOKEN: "enterprise_fts_short",
              PREFIX: "enterprise_fts_short"}

#: Non-ASCII code points that FTS5 folds to an ASCII letter (fact 1 above).
_RARE_FOLDS = {"k": "\u212a", "s": "\u017f"}


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _param(value: str):  # type: ignore[no-untyped-def]
    """A bound ``:q`` that stays distinct when several terms are ANDed in one statement."""
    return bindparam("q", value, unique=True)


def _kind(term: str) -> str:
    if len(term) >= 3:
        return TRIGRAM
    if all(is_cjk(c) for c in term):
        return TOKEN
    if term.isalnum() and term.isascii():
        return PREFIX
    return LIKE


@dataclass(frozen=True)
class Unit:
    """Terms answered by one FTS lookup (or one ``LIKE`` term): see the module docstring."""

    kind: str
    terms: tuple[str, ...]

    @property
    def table(self) -> str | None:
        return _FTS_TABLE.get(self.kind)

    @property
    def match(self) -> str | None:
        """The FTS5 query string (None for a ``LIKE`` unit)."""
        if self.kind == PREFIX:
            return _fts_phrase(self.terms[0].lower()) + "*"
        if self.kind in (TRIGRAM, TOKEN):
            return " AND ".join(_fts_phrase(t) for t in self.terms)
        return None

    @property
    def samples(self) -> bool:
        """Whether a ``LIMIT`` on this unit's FTS query is cheap. Not for a prefix query:
        FTS5 merges the doclists of every matching token before returning the first hit
        ('co*': ~40 ms however few rows are read)."""
        return self.kind in (TRIGRAM, TOKEN)


#: What no stored name contains (controls, bidi controls: refused by ``coop_desktop.limits``)
#: and what cannot be bound at all (lone surrogates): a search treats them as spaces. A NUL
#: inside an FTS phrase would end the query string ("unterminated string").
_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def search_terms(query: str | None) -> list[str]:
    """The terms of a search (at most ``limits.SEARCH_MAX`` characters of it are read: no
    stored name is longer, and a pasted megabyte would otherwise take seconds to plan)."""
    return normalize(_UNSEARCHABLE.sub(" ", (query or "")[:SEARCH_MAX])).split()


def search_units(query: str | None) -> list[Unit]:
    """The units of a query: one per FTS index for whole terms, one per prefix or LIKE term."""
    terms = search_terms(query)
    units: list[Unit] = []
    for kind in (TRIGRAM, TOKEN):
        same = tuple(t for t in terms if _kind(t) == kind)
        if same:
            units.append(Unit(kind, same))
    units += [Unit(_kind(t), (t,)) for t in terms if _kind(t) in (PREFIX, LIKE)]
    return units


# ---------------------------------------------------------------- index form
def fts_rowids(unit: Unit):  # type: ignore[no-untyped-def]
    """``SELECT rowid FROM <fts> WHERE <fts> MATCH :q`` for an FTS unit."""
    table = unit.table
    assert table is not None and unit.match is not None
    sub = text(f"SELECT rowid FROM {table} WHERE {table} MATCH :q").bindparams(_param(unit.match))
    return sub.columns(column("rowid", Integer))


def in_clause(unit: Unit, *, drive: bool = True) -> ColumnElement[bool]:
    """The index form. ``drive=False`` writes ``enterprise.id + 0 IN (…)``: the same test, but
    SQLite can no longer drive the query from the hit list, so it walks the list's sort index
    and checks each row against the (materialised) hit list instead."""
    if unit.kind == LIKE:
        return _like_term(unit.terms[0])
    ident = col(Enterprise.id) if drive else col(Enterprise.id) + literal_column("0")
    found = ident.in_(fts_rowids(unit))
    if unit.kind == PREFIX:
        return or_(found, _uscc_prefix(unit.terms[0]))
    return found


def uscc_range(term: str) -> tuple[str, str]:
    """The USCCs starting with ``term`` are ``low <= uscc < high`` (USCCs are upper-case)."""
    low = term.upper()
    return low, low[:-1] + chr(ord(low[-1]) + 1)


def _uscc_prefix(term: str) -> ColumnElement[bool]:
    """USCCs starting with ``term``, as a range on the unique index."""
    low, high = uscc_range(term)
    return and_(col(Enterprise.uscc) >= low, col(Enterprise.uscc) < high)


def _like_term(term: str) -> ColumnElement[bool]:
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(
        *(
            func.lower(getattr(Enterprise, name)).like(pattern.lower(), escape="\\")
            for name in _SEARCH_COLUMNS
        )
    )


# ---------------------------------------------------------------- row form
def row_forms_usable(connection: Connection) -> bool:
    """Prepare this connection for row forms; returns ``ascii_ok`` for :func:`row_clause`.

    Registers the Python helpers ``coop_token_start``/``coop_whole_token``, and checks that
    ``LIKE`` is SQLite's ASCII-only case-insensitive built-in: the ICU extension replaces it
    with a Unicode-aware one and ``PRAGMA case_sensitive_like`` makes it case-sensitive;
    either would break the proof for ASCII terms. Once per DB-API connection.
    """
    info = connection.info
    if "coop_row_forms" not in info:
        got = connection.exec_driver_sql(
            "SELECT 'aB' LIKE 'Ab', '\u00c4' LIKE '\u00e4'").one()
        dbapi: Any = connection.connection.dbapi_connection
        dbapi.create_function("coop_token_start", 2, token_start, deterministic=True)
        dbapi.create_function("coop_whole_token", 2, whole_token, deterministic=True)
        info["coop_row_forms"] = tuple(got) == (1, 0)
    return bool(info["coop_row_forms"])


def _probe(unit_kind: str, match: str) -> ColumnElement[bool]:
    """Ask FTS about this one row (~0.1–0.3 ms; a prefix query ~16 ms: it merges every
    matching token first). Only for rows the row form cannot decide, which the app's own
    ``search_tokens`` never produce."""
    name = _FTS_TABLE[unit_kind]
    fts = table(name, column("rowid", Integer), column(name))
    return exists().where(fts.c[name].op("MATCH")(_param(match)), fts.c.rowid == col(Enterprise.id))


def _glob(column_: ColumnElement[str] | object, pattern: str) -> ColumnElement[bool]:
    return column_.op("GLOB")(pattern)  # type: ignore[attr-defined,no-any-return]


def _glob_char(ch: str) -> str:
    """A GLOB pattern piece matching exactly the characters FTS5 folds like ``ch``."""
    if ch.isascii() and ch.isalpha():
        return "[" + ch.upper() + ch.lower() + _RARE_FOLDS.get(ch.lower(), "") + "]"
    if ch in "*?[":
        return "[" + ch + "]"
    return ch


def _rare_gate(term: str, column_: ColumnElement[str]) -> list[ColumnElement[bool]]:
    """Tests for the non-ASCII characters that fold to one of ``term``'s letters (often none)."""
    rare = sorted({_RARE_FOLDS[c] for c in term.lower() if c in _RARE_FOLDS})
    return [func.instr(column_, r) > 0 for r in rare]


def _has_rare_fold(term: str) -> bool:
    return any(c in _RARE_FOLDS for c in term.lower())


def _trigram_row(term: str, ascii_ok: bool) -> ColumnElement[bool] | None:
    """``term`` (3+ characters) is a case-folded substring of one of the columns.

    Chinese only: ``GLOB '*term*'`` per column (fact 1: only the character itself folds to a
    Chinese character; GLOB and the trigram tokenizer both stop at NUL). With ASCII: ``LIKE
    '%term%'`` is exactly "equal after ASCII case folding"; the only other characters FTS
    folds to ASCII are KELVIN SIGN and LONG S, so for a column holding one of those (gate:
    ``instr``) a GLOB with explicit character classes (``[Kk`` + KELVIN SIGN ``]``) decides.
    Any other character: no row form.
    """
    cols = _text_columns()
    if all(is_cjk(c) for c in term):
        return or_(*(_glob(c, "*" + term + "*") for c in cols))
    if not ascii_ok or not all((c.isascii() and c != "\x00") or is_cjk(c) for c in term):
        return None
    like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    branches: list[ColumnElement[bool]] = [c.like(like, escape="\\") for c in cols]
    if _has_rare_fold(term):
        pattern = "*" + "".join(_glob_char(ch) for ch in term) + "*"
        branches += [and_(or_(*_rare_gate(term, c)), _glob(c, pattern)) for c in cols]
    return or_(*branches)


def _text_columns() -> list[ColumnElement[str]]:
    """The searched columns as plain text (``tags`` has a list type: its bind processor would
    turn a pattern into a list)."""
    return [type_coerce(getattr(Enterprise, name), String) for name in _SEARCH_COLUMNS]


def _padded(column_: ColumnElement[str]) -> ColumnElement[str]:
    space = literal_column("' '", String)
    return space.concat(column_).concat(space)


def _token_row(term: str) -> ColumnElement[bool]:
    """``term`` (1–2 Chinese characters) is a whole token of ``search_tokens``.

    *Sure*: the term stands between spaces or at an end — every token the app writes does.
    Rows that hold the term otherwise (``instr``: rare) are decided by :func:`whole_token`,
    or by the FTS probe where that cannot tell.
    """
    tokens = type_coerce(Enterprise.search_tokens, String)
    decided = func.coalesce(func.coop_whole_token(tokens, term), _probe(TOKEN, _fts_phrase(term)),
                            type_=Boolean)
    return or_(
        func.instr(_padded(tokens), " " + term + " ") > 0,
        and_(func.instr(tokens, term) > 0, decided),
    )


def _prefix_row(term: str, *, uscc: bool = True) -> ColumnElement[bool]:
    """A token of ``search_tokens`` starts with ``term`` (1–2 ASCII letters/digits), or a
    USCC does: :func:`token_start` on every row (one Python call, ~3 µs: SQL string tests
    cost more, as many rows hold the letters inside pinyin), the FTS probe where it cannot
    tell."""
    tokens = type_coerce(Enterprise.search_tokens, String)
    low = term.lower()
    fts = func.coalesce(func.coop_token_start(tokens, low), _probe(PREFIX, _fts_phrase(low) + "*"),
                        type_=Boolean)
    return or_(fts, _uscc_prefix(term)) if uscc else fts


# The row-form helpers below run in Python as SQL functions (registered per connection by
# ``row_forms_usable``). Each returns 1 (FTS matches), 0 (it does not) or None (only FTS can
# tell: the caller probes). They search the UTF-8 bytes (``bytes.find``, ``bytes.lower``
# folds ASCII only: ~1–3 µs a row). ``unicode61`` sees a character next to an occurrence as
# a separator (an end, or ASCII but a letter/digit: fact 2), a token character (an ASCII
# letter/digit, a Chinese character) or — anything else — by its Unicode category, which
# only FTS knows for sure.
_SEP, _TOKEN_CHAR, _UNKNOWN = "sep", "tok", "?"
#: ``coop_desktop.text.is_cjk``'s ranges.
_CJK_SPANS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_ASCII_ALNUM = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _char_kind(data: bytes, start: int, end: int) -> str:
    """How ``unicode61`` sees the character ``data[start:end]`` (empty: an end of the text)."""
    if start >= end:
        return _SEP
    if end - start == 1 and data[start] < 0x80:
        return _TOKEN_CHAR if data[start] in _ASCII_ALNUM else _SEP
    code = ord(data[start:end].decode("utf-8", "surrogatepass"))
    return _TOKEN_CHAR if any(lo <= code <= hi for lo, hi in _CJK_SPANS) else _UNKNOWN


def _before(data: bytes, at: int) -> str:
    start = at - 1
    while start > 0 and data[start] & 0xC0 == 0x80:  # back to the first byte of the character
        start -= 1
    return _char_kind(data, max(start, 0), at)


def _after(data: bytes, end: int) -> str:
    if end >= len(data):
        return _SEP
    lead = data[end]
    size = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return _char_kind(data, end, end + size)


def _utf8(text_: str) -> bytes:
    return text_.encode("utf-8", "surrogatepass")


def token_start(tokens: object, low: str) -> int | None:
    """Whether a ``unicode61`` token of ``tokens`` starts with ``low`` (ASCII letters/digits,
    lower-case): an occurrence after a separator. FTS folds only ASCII case variants to
    ``low``'s characters, and KELVIN SIGN / LONG S (fact 1): a text holding one of those is
    left to FTS."""
    if not isinstance(tokens, str):
        return 0 if tokens is None else None  # NULL: FTS indexed no token
    if (" " + tokens).find(" " + low) >= 0:  # the usual case: app-written tokens
        return 1
    if any(_RARE_FOLDS[c] in tokens for c in low if c in _RARE_FOLDS):
        return None
    data, needle = _utf8(tokens).lower(), _utf8(low)
    unsure = False
    at = data.find(needle)
    while at >= 0:
        kind = _before(data, at)
        if kind == _SEP:
            return 1
        unsure = unsure or kind == _UNKNOWN
        at = data.find(needle, at + 1)
    return None if unsure else 0


def whole_token(tokens: object, term: str) -> int | None:
    """Whether ``term`` (Chinese: folds to itself only) is a whole ``unicode61`` token of
    ``tokens``: an occurrence with a separator on both sides."""
    if not isinstance(tokens, str):
        return 0 if tokens is None else None
    data, needle = _utf8(tokens), _utf8(term)
    unsure = False
    at = data.find(needle)
    while at >= 0:
        kinds = {_before(data, at), _after(data, at + len(needle))}
        if kinds == {_SEP}:
            return 1
        unsure = unsure or _TOKEN_CHAR not in kinds
        at = data.find(needle, at + 1)
    return None if unsure else 0


def row_clause(unit: Unit, *, ascii_ok: bool = True,
               uscc: bool = True) -> ColumnElement[bool] | None:
    """The row form of ``unit``, or None where it would not be provably identical.

    ``ascii_ok``: what :func:`row_forms_usable` said for the connection (which must have been
    prepared by it). ``uscc=False`` leaves out a prefix unit's USCC alternative (the row form
    of its FTS query alone).
    """
    if unit.kind == LIKE:
        return _like_term(unit.terms[0])
    if unit.kind == PREFIX:
        return _prefix_row(unit.terms[0], uscc=uscc)
    if unit.kind == TOKEN:
        return and_(*(_token_row(t) for t in unit.terms))
    forms = [_trigram_row(t, ascii_ok) for t in unit.terms]
    if any(f is None for f in forms):
        return None
    return and_(*forms)  # type: ignore[arg-type]


def row_clauses(units: Sequence[Unit], *,
                ascii_ok: bool = True) -> list[ColumnElement[bool]] | None:
    """Row forms of every unit, or None if one has none."""
    forms = [row_clause(u, ascii_ok=ascii_ok) for u in units]
    if any(f is None for f in forms):
        return None
    return forms  # type: ignore[return-value]


# ---------------------------------------------------------------- public clauses
def enterprise_match(dialect: str, query: str | None) -> ColumnElement[bool]:
    """A WHERE clause matching enterprises whose indexed text contains every term.

    On SQLite this is the index form; ``repositories.enterprises`` picks other plans.
    """
    terms = search_terms(query)
    if not terms:
        return true()
    if dialect != "sqlite":
        return and_(*(_like_term(t) for t in terms))
    return and_(*(in_clause(u) for u in search_units(query)))


def like_match(query: str | None) -> ColumnElement[bool]:
    """The plain ``LIKE '%…%'`` baseline (benchmarks compare against it)."""
    terms = search_terms(query)
    return and_(*(_like_term(t) for t in terms)) if terms else true()


__all__ = [
    "LIKE", "PREFIX", "TOKEN", "TRIGRAM", "Unit", "enterprise_match", "fts_rowids", "in_clause",
    "like_match", "row_clause", "row_clauses", "row_forms_usable", "search_terms", "search_units",
    "select", "uscc_range",
]
