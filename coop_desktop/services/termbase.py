"""The termbase: the shipped glossary, the user's own terms and the names in the records.

:func:`terms` merges three origins into one list of :class:`Term`:

* ``glossary``: shipped glossary rows (``glossary_term.source_key`` set), even if a user
  edited them;
* ``user``: the user's own ``glossary_term`` rows (``source_key`` None);
* ``record``: every live enterprise's and zone's ``name_zh`` ↔ ``name_en`` (read-only here:
  they change with the record; names without English are skipped).

With 150,000 enterprises the record terms are the expensive part (about a second to load
and index), so they are cached per engine apart from the glossary and user terms (adding a
term does not reload the records), each part with its own lookup index. A part is reloaded
only when its stamp changes: for each of its tables ``max(id)``, ``max(updated_at)`` and
the count, id sum and ``max(deleted_at)`` of the recycled rows, read from indexes only
(about 1 ms), plus a counter that every ORM flush touching those rows bumps (timestamps
have one-second resolution, so two edits in one second would otherwise look alike). The
stamp assumes rows are never deleted for good, which holds: the app only soft-deletes.

:func:`find_in` marks term occurrences in Chinese text **longest match first**: every
occurrence of every term is a candidate; longer ones are taken first (then the leftmost),
and a candidate overlapping one already taken is dropped. The index maps each two-character
prefix (four-character prefix for terms of four or more characters, which is what keeps
150,000 company names selective) to the term lengths that start with it, so a position
costs three dict lookups when no term starts there and a few slice lookups when one does.

Only the glossary and user terms go to the QA check (:func:`glossary_for_qa`): the record
names are checked separately against the application's own enterprise.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event, func
from sqlmodel import Session, SQLModel, col, select

from coop_desktop import limits
from coop_desktop import validation as v
from coop_desktop.db import Database
from coop_desktop.errors import ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import Enterprise, GlossaryTerm, GlossaryTermUpdate, Zone
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.kinds import raise_if
from coop_desktop.services.outcome import Changes, Outcome

if TYPE_CHECKING:
    from coop_desktop.documents import qa

ENTITY = "glossary_term"
ZH_MAX = limits.max_chars(ENTITY, "zh") or 200  # coop_desktop.limits
EN_MAX = limits.max_chars(ENTITY, "en") or 300
MSG_TERM_EXISTS = N_("“{zh}” = “{en}” is already in the termbase.")


class TermOrigin(StrEnum):
    GLOSSARY = "glossary"
    USER = "user"
    RECORD = "record"


ORIGIN_LABELS: dict[str, str] = {
    TermOrigin.GLOSSARY: N_("Shipped glossary"),
    TermOrigin.USER: N_("My terms"),
    TermOrigin.RECORD: N_("Record name"),
}

#: Which term wins when several share the same Chinese: the user's own first.
_PRIORITY = {TermOrigin.USER: 0, TermOrigin.GLOSSARY: 1, TermOrigin.RECORD: 2}


@dataclass(frozen=True, slots=True)
class Term:
    zh: str
    en: str
    origin: TermOrigin
    note: str | None = None
    #: The row id in ``entity`` (glossary_term, enterprise or zone).
    id: int | None = None
    entity: str = ENTITY

    @property
    def read_only(self) -> bool:
        return self.origin is TermOrigin.RECORD


@dataclass(frozen=True, slots=True)
class TermHit:
    """``text[start:end] == term.zh``; ``alternatives`` are other terms with the same zh."""

    start: int
    end: int
    term: Term
    alternatives: tuple[Term, ...] = ()


_LONG = 4  # terms this long or longer are indexed by their first four characters


class TermIndex:
    """A lookup structure over terms for :func:`find_in` (build once, query many times)."""

    def __init__(self, terms: Iterable[Term]) -> None:
        by_zh: dict[str, tuple[Term, ...]] = {}
        shared: list[str] = []
        for term in terms:
            zh = term.zh
            if not zh:
                continue
            group = by_zh.get(zh)
            if group is None:
                by_zh[zh] = (term,)
            else:
                by_zh[zh] = (*group, term)
                shared.append(zh)
        for zh in shared:
            by_zh[zh] = tuple(sorted(by_zh[zh], key=lambda t: _PRIORITY[t.origin]))
        self.by_zh = by_zh
        long: dict[str, set[int]] = {}  # 4-character prefix -> lengths (terms of 4+)
        short: dict[str, set[int]] = {}  # 2-character prefix -> lengths (terms of 2 or 3)
        singles: set[str] = set()
        for zh in self.by_zh:
            if len(zh) >= _LONG:
                long.setdefault(zh[:_LONG], set()).add(len(zh))
            elif len(zh) >= 2:
                short.setdefault(zh[:2], set()).add(len(zh))
            else:
                singles.add(zh)
        self.long = {k: tuple(sorted(ls, reverse=True)) for k, ls in long.items()}
        self.short = {k: tuple(sorted(ls, reverse=True)) for k, ls in short.items()}
        self.singles = frozenset(singles)

    def __len__(self) -> int:
        return len(self.by_zh)

    def candidates(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence of every term as ``(-length, start)``."""
        by_zh, long, short, singles = self.by_zh, self.long, self.short, self.singles
        n = len(text)
        found: list[tuple[int, int]] = []
        for i in range(n):
            ls = long.get(text[i:i + _LONG])
            if ls is not None:
                for length in ls:
                    if i + length <= n and text[i:i + length] in by_zh:
                        found.append((-length, i))
            ls = short.get(text[i:i + 2])
            if ls is not None:
                for length in ls:
                    if i + length <= n and text[i:i + length] in by_zh:
                        found.append((-length, i))
            if text[i] in singles:
                found.append((-1, i))
        return found

    def find(self, text: str) -> list[TermHit]:
        return _resolve(text, (self,))


def _resolve(text: str, indexes: Sequence[TermIndex]) -> list[TermHit]:
    """Longest first, then leftmost; drop what overlaps a taken hit; return in text order."""
    candidates = sorted({c for index in indexes for c in index.candidates(text)})
    if not candidates:
        return []
    taken = bytearray(len(text))
    hits: list[TermHit] = []
    for neg_length, start in candidates:
        end = start - neg_length
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        zh = text[start:end]
        group = [t for index in indexes for t in index.by_zh.get(zh, ())]
        if len(indexes) > 1:
            group.sort(key=lambda t: _PRIORITY[t.origin])
        hits.append(TermHit(start, end, group[0], tuple(group[1:])))
    hits.sort(key=lambda h: h.start)
    return hits


class _Part(list[Term]):
    """Terms of one origin group (glossary + user, or records) with their own index, cached
    separately so that adding a user term does not re-index 150,000 record names."""

    @cached_property
    def index(self) -> TermIndex:
        return TermIndex(self)


class CompositeIndex:
    """Several :class:`TermIndex` searched as one (what :func:`terms`' list uses)."""

    def __init__(self, indexes: Sequence[TermIndex]) -> None:
        self.indexes = tuple(indexes)

    def find(self, text: str) -> list[TermHit]:
        return _resolve(text, self.indexes)


class TermList(list[Term]):
    """The list :func:`terms` returns; it carries its own (lazily built) index."""

    _parts: tuple[_Part, ...] = ()

    @cached_property
    def index(self) -> TermIndex | CompositeIndex:
        if self._parts:
            return CompositeIndex([part.index for part in self._parts])
        return TermIndex(self)


def find_in(text_zh: str, terms: Sequence[Term] | TermIndex | CompositeIndex) -> list[TermHit]:
    """Term occurrences in ``text_zh``, longest first, non-overlapping, in text order.

    Pass what :func:`terms` returned (its index is built once and reused), a
    :class:`TermIndex` or a :class:`CompositeIndex`; any other sequence of terms is indexed
    on every call.
    """
    index: TermIndex | CompositeIndex
    if isinstance(terms, (TermIndex, CompositeIndex)):
        index = terms
    elif isinstance(terms, TermList):
        index = terms.index
    else:
        index = TermIndex(terms)
    return index.find(text_zh)


# ------------------------------------------------------------------ loading and caching


@contextmanager
def _session(target: Database | Session) -> Iterator[Session]:
    if isinstance(target, Session):
        yield target
    else:
        with target.read() as session:  # terms and glossary_for_qa only read
            yield session


#: Bumped by every ORM flush that touches the table(s): [glossary, records].
_generations = [0, 0]
_WATCHED = (Enterprise, Zone, GlossaryTerm)


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context: Any) -> None:
    bumped = [False, False]
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = (0 if isinstance(obj, GlossaryTerm)
                else 1 if isinstance(obj, (Enterprise, Zone)) else -1)
        if kind >= 0 and not bumped[kind]:
            bumped[kind] = True
            _generations[kind] += 1
            if all(bumped):
                return


def _stamp(session: Session, tables: Sequence[type[SQLModel]]) -> tuple[Any, ...]:
    """What changes whenever the tables' live rows change, answered from indexes only: one
    statement of scalar subqueries (SQLite answers a lone ``max()`` from an index, but
    scans the table for ``max(a), max(b)`` together; a row count scans too).

    Rows are never deleted for good, so a new row raises ``max(id)``, an edit
    ``max(updated_at)``, and a delete or restore changes the recycled rows' count or id sum.
    """
    parts: list[Any] = []
    for table in tables:
        t: Any = table
        binned = col(t.deleted_at).is_not(None)
        parts += [
            select(func.max(t.id)).scalar_subquery(),
            select(func.max(t.updated_at)).scalar_subquery(),
            select(func.count()).select_from(t).where(binned).scalar_subquery(),
            select(func.total(t.id)).where(binned).scalar_subquery(),
            select(func.max(t.deleted_at)).where(binned).scalar_subquery(),
        ]
    return tuple(session.exec(select(*parts)).one())


def _glossary_terms(session: Session) -> list[Term]:
    rows = session.exec(select(GlossaryTerm).where(col(GlossaryTerm.deleted_at).is_(None))
                        .order_by(col(GlossaryTerm.zh), col(GlossaryTerm.id))).all()
    return [Term(r.zh, r.en, TermOrigin.USER if r.source_key is None else TermOrigin.GLOSSARY,
                 r.note, r.id) for r in rows]


def _record_terms(session: Session) -> list[Term]:
    out: list[Term] = []
    for table, entity in ((Zone, "zone"), (Enterprise, "enterprise")):
        t: Any = table
        # In id order: a plain table scan (the planner would otherwise walk the name_en
        # sort index and fetch 150,000 rows in random order, twice as slow).
        rows = session.exec(select(t.id, t.name_zh, t.name_en).where(
            col(t.deleted_at).is_(None), col(t.name_en).is_not(None), t.name_en != ""
        ).order_by(t.id)).all()
        for row_id, zh, en in rows:
            zh, en = (zh or "").strip(), en.strip()
            if zh and en:
                out.append(Term(zh, en, TermOrigin.RECORD, None, row_id, entity))
    return out


@dataclass
class _Cached:
    stamp: tuple[Any, ...]
    part: _Part


@dataclass
class _Caches:
    glossary: _Cached | None = None
    records: _Cached | None = None
    merged: TermList | None = None


_caches: weakref.WeakKeyDictionary[Engine, _Caches] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _part(session: Session, cached: _Cached | None, stamp: tuple[Any, ...], remember: bool,
          load: Callable[[Session], list[Term]]) -> tuple[_Cached, bool]:
    """The cached part if its stamp is current, else a fresh one (and whether to keep it)."""
    if cached is not None and cached.stamp == stamp:
        return cached, False
    return _Cached(stamp, _Part(load(session))), remember


def terms(target: Database | Session, *, records_too: bool = True) -> TermList:
    """Every term: glossary, user and (unless ``records_too`` is False) record names.

    The list is cached (see the module docstring); treat it as read-only. The glossary and
    the record names are cached apart, so adding a term does not reload the records.
    Called with a Session, the caches are used if current but not refreshed (the caller's
    transaction may hold uncommitted changes that could still roll back).
    """
    remember = not isinstance(target, Session)
    with _session(target) as session:
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        with _lock:
            caches = _caches.setdefault(engine, _Caches())
            cached_glossary, cached_records, merged = caches.glossary, caches.records, caches.merged
        if not records_too:
            stamp = (_generations[0], *_stamp(session, (GlossaryTerm,)))
            glossary, new_g = _part(session, cached_glossary, stamp, remember, _glossary_terms)
            if new_g:
                with _lock:
                    caches.glossary = glossary
            return TermList(glossary.part)
        stamps = _stamp(session, _WATCHED)
        glossary, new_g = _part(session, cached_glossary, (_generations[0], *stamps[10:]),
                                remember, _glossary_terms)
        records, new_r = _part(session, cached_records, (_generations[1], *stamps[:10]),
                               remember, _record_terms)
        if (merged is not None and merged._parts[0] is glossary.part
                and merged._parts[1] is records.part):
            return merged
        merged = TermList([*glossary.part, *records.part])
        merged._parts = (glossary.part, records.part)
        if remember:
            with _lock:
                if new_g:
                    caches.glossary = glossary
                if new_r:
                    caches.records = records
                caches.merged = merged
        return merged


def glossary_for_qa(target: Database | Session) -> list[qa.GlossaryTerm]:
    """The glossary and user terms in the shape the QA check takes (no record names).

    Terms sharing a Chinese form become one entry: the preferred English (the user's own
    term first, then the shipped one) and the others as accepted ``variants``.
    """
    from coop_desktop.documents import qa

    with _session(target) as session:
        grouped: dict[str, list[Term]] = {}
        for term in _glossary_terms(session):
            grouped.setdefault(term.zh, []).append(term)
    out = []
    for zh, group in grouped.items():
        group.sort(key=lambda t: (_PRIORITY[t.origin], t.id or 0))
        english = list(dict.fromkeys(t.en for t in group))
        out.append(qa.GlossaryTerm(zh=zh, en=english[0], variants=tuple(english[1:])))
    return out


# ------------------------------------------------------------------ editing


def _same_en(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _existing(session: Session, zh: str, en: str, own_id: int | None = None) -> GlossaryTerm | None:
    rows = session.exec(select(GlossaryTerm).where(
        GlossaryTerm.zh == zh, col(GlossaryTerm.deleted_at).is_(None),
        GlossaryTerm.id != (own_id or -1))).all()
    return next((r for r in rows if _same_en(r.en, en)), None)


def _check_values(zh: str | None, en: str | None, note: str | None = None
                  ) -> tuple[str, str]:
    zh, en = (zh or "").strip(), (en or "").strip()
    limits.enforce(ENTITY, {"zh": zh, "en": en, "note": note})
    raise_if([v.check_required("zh", zh), v.check_required("en", en)])
    return zh, en


def _term(row: GlossaryTerm) -> Term:
    origin = TermOrigin.USER if row.source_key is None else TermOrigin.GLOSSARY
    return Term(row.zh, row.en, origin, row.note, row.id)


def add_user_term(db: Database, zh: str, en: str, note: str | None = None) -> Outcome[Term]:
    """Add one of the user's own terms. Both sides are required; a term with the same
    Chinese and (ignoring case and spacing) the same English is refused, naming it."""
    note = (note or "").strip() or None
    zh, en = _check_values(zh, en, note)
    with db.session() as session:
        clash = _existing(session, zh, en)
        if clash is not None:
            raise ValidationError.single("en", MSG_TERM_EXISTS, zh=clash.zh, en=clash.en)
        row = GlossaryTerm(zh=zh, en=en, note=note)
        session.add(row)
        session.flush()
        assert row.id is not None
        AuditWriter(session, db.actor).created(ENTITY, row.id, {"zh": zh, "en": en, "note": note})
        result = _term(row)
    return Outcome(result, Changes(ENTITY, (row.id,), ("zh", "en", "note"), "create"))


def update_user_term(db: Database, term_id: int, data: GlossaryTermUpdate | dict[str, Any]
                     ) -> Outcome[Term]:
    """Change a glossary row (only the fields set in ``data``). Editing a shipped row marks
    it ``user_edited``, so a newer shipped glossary leaves it alone."""
    parsed = records.parse_input(GlossaryTermUpdate, data)
    wanted = parsed.model_dump(exclude_unset=True)
    with db.session() as session:
        row = records.get_row(session, GlossaryTerm, term_id)
        note = (wanted.get("note") or "").strip() or None
        zh, en = _check_values(wanted.get("zh", row.zh), wanted.get("en", row.en), note)
        values: dict[str, Any] = {"zh": zh, "en": en}
        if "note" in wanted:
            values["note"] = note
        clash = _existing(session, zh, en, own_id=term_id)
        if clash is not None:
            raise ValidationError.single("en", MSG_TERM_EXISTS, zh=clash.zh, en=clash.en)
        changes = records.apply(row, values)
        if changes:
            row.user_edited = True
            session.add(row)
            AuditWriter(session, db.actor).updated(ENTITY, term_id, changes)
        result = _term(row)
    return Outcome(result, Changes(ENTITY, (term_id,) if changes else (), tuple(changes)))


def delete_terms(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    """Put glossary rows in the recycle bin (record names cannot be deleted here)."""
    from coop_desktop.services.catalog import glossary

    return glossary.delete(db, ids)


# ------------------------------------------------------------------ import / export
# In ``termbase_files`` (CSV/TSV in and out); re-exported here.
from coop_desktop.services.termbase_files import (  # noqa: E402
    ImportReport,
    SkippedRow,
    export_terms,
    import_terms,
)

__all__ = [
    "ORIGIN_LABELS", "ImportReport", "SkippedRow", "Term", "TermHit", "TermIndex", "TermList",
    "TermOrigin", "add_user_term", "delete_terms", "export_terms", "find_in", "glossary_for_qa",
    "import_terms", "terms", "update_user_term",
]
