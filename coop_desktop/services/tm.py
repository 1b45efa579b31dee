"""Translation memory: remember zh ↔ en pairs and offer fuzzy matches while drafting.

* **What is stored.** :func:`store_submitted` (called when an application is submitted)
  stores each section's whole zh/en pair and, when both sides split into the same number
  of sentences, every sentence pair as well (:func:`split_zh`, :func:`split_en`). Pairs are
  deduplicated on :func:`unit_key`, a hash of the normalised pair: storing a pair twice
  keeps the first unit.
* **Scorer.** ``rapidfuzz.fuzz.ratio`` (normalised Indel similarity, 0–100) on characters,
  after NFKC and with all white space removed. Chinese is written without spaces, so the
  token-based scorers (``token_sort_ratio``, ``WRatio``) would see a whole sentence as one
  token, and ``WRatio``/``partial_ratio`` score a short fragment inside a long sentence
  highly, which is not what a translator means by "a 70 % match". ``ratio`` is the usual
  translation-memory fuzzy percentage: one changed character in a 10-character sentence
  scores 90, three score 70.
* **Speed.** The normalised zh strings of every unit are cached per engine and rebuilt only
  when ``max(id)`` of ``tm_unit`` changes (units are never edited or deleted); a query is one
  ``rapidfuzz.process.extract`` over that list with ``score_cutoff``, which rejects most
  candidates on length alone. ``bench/tm.py`` measures it on 20,000 units.
* **Diff.** Each match carries the edit operations from the query (as given) to the stored
  zh (``rapidfuzz.distance.Levenshtein.opcodes``, difflib-style tags) so the UI can
  highlight what differs.

Units are derived data, like the full-text index, so they are not written to the audit
trail; the submitted revision they come from is.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from coop_desktop.db import Database
from coop_desktop.models import Application, ApplicationSection, TmUnit, TmUnitRead
from coop_desktop.services import records


class TmOrigin(StrEnum):
    APPLICATION = "application"
    IMPORT = "import"
    MANUAL = "manual"


#: One edit operation, difflib style: (tag, query_start, query_end, unit_start, unit_end),
#: tag one of "equal", "replace", "insert", "delete".
DiffOp = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class TmMatch:
    score: float  # 0–100, rounded to one decimal
    zh: str
    en: str
    diff: tuple[DiffOp, ...]
    unit_id: int
    origin: str
    application_id: int | None = None
    section_key: str | None = None


@dataclass(frozen=True)
class StoreReport:
    sections: int = 0  # sections with text on both sides
    added: int = 0  # new units (whole sections and sentences)
    duplicates: int = 0  # pairs that were already in the memory
    aligned_sections: int = 0  # sections that were also stored sentence by sentence


# ------------------------------------------------------------------ text


def normalize_zh(text: str) -> str:
    """NFKC with every white space character removed: the form zh is compared in."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def normalize_en(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def unit_key(zh: str, en: str) -> str:
    return hashlib.sha256(f"{normalize_zh(zh)}\x1f{normalize_en(en)}".encode()).hexdigest()


_ZH_SENTENCE = re.compile(r"[^。！？；]+(?:[。！？；]+[”’」』）)]*)?|[。！？；]+")
_EN_BREAK = re.compile(r"[.!?;]+[\"'”’)\]]*(?=\s+|$)")
_ABBREVIATIONS = frozenset({
    "co", "ltd", "inc", "corp", "no", "nos", "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr",
    "st", "vs", "approx", "dept", "fig", "art", "para", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "p.r.c", "ph.d",
})


def split_zh(text: str) -> list[str]:
    """Sentences of a Chinese text: lines, then 。！？； (closing quotes stay attached)."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(s.strip() for s in _ZH_SENTENCE.findall(line) if s.strip())
    return out


def split_en(text: str) -> list[str]:
    """Sentences of an English text: lines, then . ! ? ; followed by a space.

    A period after a common abbreviation (``Co.``, ``Ltd.``, ``e.g.``) or a single letter
    (an initial) does not end a sentence; when a split is wrong anyway, the counts of the
    two sides differ and the section is kept whole.
    """
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for m in _EN_BREAK.finditer(line):
            if m.group().startswith(".") and len(m.group().rstrip("\"'”’)]")) == 1:
                word = line[start:m.start()].rsplit(None, 1)[-1:] or [""]
                token = word[0].lower().lstrip("(\"'“‘")
                if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
            piece = line[start:m.end()].strip()
            if piece:
                out.append(piece)
            start = m.end()
        rest = line[start:].strip()
        if rest:
            out.append(rest)
    return out


# ------------------------------------------------------------------ storing


@contextmanager
def _session(target: Database | Session, *, write: bool = True) -> Iterator[Session]:
    if isinstance(target, Session):
        yield target
    else:
        with target.session(write=write) as session:
            yield session


def _store(session: Session, zh: str, en: str, origin: str, application_id: int | None,
           section_key: str | None) -> bool | None:
    """True: added; False: already there; None: nothing to store."""
    zh, en = zh.strip(), en.strip()
    if not normalize_zh(zh) or not normalize_en(en):
        return None
    key = unit_key(zh, en)
    if session.exec(select(TmUnit.id).where(TmUnit.key == key)).first() is not None:
        return False
    session.add(TmUnit(zh=zh, en=en, key=key, origin=str(origin), application_id=application_id,
                       section_key=section_key))
    session.flush()
    return True


def store_pair(target: Database | Session, zh: str, en: str, *,
               origin: TmOrigin | str = TmOrigin.MANUAL, application_id: int | None = None,
               section_key: str | None = None) -> bool:
    """Remember one pair. Returns False when it was already stored (or either side is empty).

    With a Session the unit joins the caller's transaction.
    """
    with _session(target) as session:
        return bool(_store(session, zh, en, TmOrigin(origin), application_id, section_key))


def store_submitted(target: Database | Session, application_id: int) -> StoreReport:
    """Store the sections of an application (call it when the application is submitted).

    Every section with text on both sides is stored whole; when both sides split into the
    same number (> 1) of sentences, each sentence pair is stored too.
    """
    sections = added = duplicates = aligned = 0
    with _session(target) as session:
        records.get_row(session, Application, application_id)
        rows = session.exec(
            select(ApplicationSection)
            .where(ApplicationSection.application_id == application_id)
            .order_by(col(ApplicationSection.position))
        ).all()
        for row in rows:
            if not normalize_zh(row.zh or "") or not normalize_en(row.en or ""):
                continue
            sections += 1
            pairs = [(row.zh, row.en)]
            zh_parts, en_parts = split_zh(row.zh), split_en(row.en)
            if len(zh_parts) > 1 and len(zh_parts) == len(en_parts):
                aligned += 1
                pairs.extend(zip(zh_parts, en_parts, strict=True))
            for zh, en in pairs:
                result = _store(session, zh, en, TmOrigin.APPLICATION, application_id, row.key)
                if result:
                    added += 1
                elif result is False:
                    duplicates += 1
    return StoreReport(sections, added, duplicates, aligned)


def count(db: Database) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(TmUnit)).one()


# ------------------------------------------------------------------ matching


@dataclass(frozen=True)
class _Corpus:
    stamp: int  # max(tm_unit.id)
    ids: list[int]
    texts: list[str]  # normalize_zh of each unit, same order as ids


_corpora: weakref.WeakKeyDictionary[Engine, _Corpus] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _corpus(session: Session, *, remember: bool) -> _Corpus:
    """The cached zh list, rebuilt when ``max(id)`` moved (units are never edited or
    deleted, so a new committed unit always raises it). Only a list read in our own
    transaction is remembered (``remember``): a caller's session may hold uncommitted units
    that a rollback would take back."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    stamp = int(session.exec(select(func.max(TmUnit.id))).one() or 0)
    with _lock:
        cached = _corpora.get(engine)
    if cached is not None and cached.stamp == stamp:
        return cached
    rows = session.exec(select(TmUnit.id, TmUnit.zh).order_by(col(TmUnit.id))).all()
    corpus = _Corpus(stamp, [r[0] for r in rows], [normalize_zh(r[1]) for r in rows])
    if remember:
        with _lock:
            _corpora[engine] = corpus
    return corpus


def matches(target: Database | Session, zh_text: str, *, limit: int = 5,
            threshold: float = 60) -> list[TmMatch]:
    """The stored units whose zh is at least ``threshold`` % similar to ``zh_text``.

    Best first (ties: the newer unit first), at most ``limit``. ``diff`` maps ``zh_text``
    exactly as given onto the unit's zh.
    """
    query = normalize_zh(zh_text)
    if not query or limit <= 0:
        return []
    with _session(target, write=False) as session:
        corpus = _corpus(session, remember=not isinstance(target, Session))
        if not corpus.texts:
            return []
        found = process.extract(query, corpus.texts, scorer=fuzz.ratio, processor=None,
                                limit=None, score_cutoff=threshold)
        found.sort(key=lambda m: (-m[1], -corpus.ids[m[2]]))
        best = [(corpus.ids[index], score) for _text, score, index in found[:limit]]
        units = {u.id: u for u in session.exec(
            select(TmUnit).where(col(TmUnit.id).in_([i for i, _ in best])))}
        out = []
        for unit_id, score in best:
            unit = units.get(unit_id)
            if unit is None:
                continue
            ops = tuple((op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
                        for op in Levenshtein.opcodes(zh_text, unit.zh))
            out.append(TmMatch(round(float(score), 1), unit.zh, unit.en, ops, unit_id,
                               unit.origin, unit.application_id, unit.section_key))
        return out


def get(db: Database, unit_id: int) -> TmUnitRead:
    with db.read() as session:
        return records.read(TmUnitRead, records.get_row(session, TmUnit, unit_id))
