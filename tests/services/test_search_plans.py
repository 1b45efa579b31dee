"""Search plans return exactly what the plain statement returns.

- The facts about FTS5 that the row forms of ``db.search`` rest on, checked against the
  tokenizers of the SQLite we run, over every code point of planes 0–3.
- Row form == index form for every kind of term, on rows full of awkward characters.
- Every plan of ``repositories.enterprises``, forced, gives the same pages, id lists and
  counts as the plain statement, on demo data with a recycle bin.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlmodel import col

from coop_desktop import demo
from coop_desktop.db.repositories import enterprises as repo
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.db.search import (
    LIKE,
    PREFIX,
    TRIGRAM,
    fts_rowids,
    in_clause,
    row_clause,
    row_forms_usable,
    search_units,
    token_start,
    whole_token,
)
from coop_desktop.models import Enterprise
from coop_desktop.services import enterprises, open_database
from coop_desktop.text import is_cjk

KELVIN, LONG_S = "\u212a", "\u017f"
#: Planes 0–3: every cased letter and every Chinese character (planes 4–16 are unassigned,
#: private use, tags and variation selectors; SQLite's fold tables end in plane 1). All 17
#: planes pass too, in ~7 s instead of ~2.
CODE_POINTS = [cp for cp in range(1, 0x40000) if not 0xD800 <= cp <= 0xDFFF]


# ---------------------------------------------------------------- facts about FTS5
def _vocab(conn: sqlite3.Connection, tokenizer: str, docs: list[str]) -> list[tuple[int, int, str]]:
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{tokenizer}')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(docs, start=1))
    return conn.execute("SELECT doc, offset, term FROM v ORDER BY doc, offset").fetchall()


def _chunks(size: int = 20_000) -> list[list[int]]:
    return [CODE_POINTS[i:i + size] for i in range(0, len(CODE_POINTS), size)]


def test_trigram_folds_one_code_point_at_a_time() -> None:
    """Fact 1 for the trigram index."""
    chunks = _chunks()
    rows = _vocab(sqlite3.connect(":memory:"), "trigram",
                  ["".join(map(chr, chunk)) + "zz" for chunk in chunks])
    fold: dict[int, str] = {}
    for doc, offset, term in rows:
        assert len(term) == 3  # one code point in, one out
        fold[chunks[doc - 1][offset]] = term[0]
    assert len(fold) == len(CODE_POINTS)
    to_ascii = {cp: f for cp, f in fold.items() if cp >= 0x80 and f < "\x80"}
    assert to_ascii == {ord(KELVIN): "k", ord(LONG_S): "s"}
    assert all(fold[cp] == chr(cp).lower() for cp in range(1, 0x80))
    assert not [cp for cp, f in fold.items() if is_cjk(f) and f != chr(cp)]
    assert all(f == chr(cp) for cp, f in fold.items() if is_cjk(chr(cp)))


def test_unicode61_token_characters_and_folds() -> None:
    """Facts 1 and 2 for the short-token index."""
    chunks = _chunks()
    rows = _vocab(sqlite3.connect(":memory:"), "unicode61 remove_diacritics 0",
                  [" ".join("q" + chr(cp) + "q" for cp in chunk) for chunk in chunks])
    terms: dict[int, list[str]] = {}
    for doc, _offset, term in rows:
        terms.setdefault(doc, []).append(term)
    token_char: dict[int, str] = {}  # code point -> its fold, for token characters
    for doc, chunk in enumerate(chunks, start=1):
        it = iter(terms.get(doc, []))
        for cp in chunk:
            term = next(it)
            if term == "q":  # a separator: "q", "q"
                assert next(it) == "q"
            else:
                assert len(term) == 3 and term[0] == term[2] == "q"
                token_char[cp] = term[1]
        assert next(it, None) is None
    ascii_tokens = {chr(cp) for cp in range(1, 0x80) if cp in token_char}
    assert ascii_tokens == set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    assert {cp: f for cp, f in token_char.items() if cp >= 0x80 and f < "\x80"} == {
        ord(KELVIN): "k", ord(LONG_S): "s"}
    assert all(token_char.get(cp) == chr(cp) for cp in CODE_POINTS if is_cjk(chr(cp)))
    assert not [cp for cp, f in token_char.items() if is_cjk(f) and f != chr(cp)]


def test_nul_ends_trigram_text_like_like_and_glob() -> None:
    """Fact 3."""
    conn = sqlite3.connect(":memory:")
    rows = _vocab(conn, "trigram", ["abc\x00def"])
    assert [t for _d, _o, t in rows] == ["abc"]
    conn2 = sqlite3.connect(":memory:")
    rows = _vocab(conn2, "unicode61 remove_diacritics 0", ["ab\x00cd"])
    assert [t for _d, _o, t in rows] == ["ab", "cd"]
    got = conn.execute("SELECT ? LIKE '%def%', ? GLOB '*def*', instr(?, 'def')",
                       ("abc\x00def",) * 3).fetchone()
    assert got == (0, 0, 5)


# ---------------------------------------------------------------- row form == index form
ALPHABET = list("acoksACOKS91_%*?[]\"'-(). ,\t") + [
    KELVIN, LONG_S, "\x00", "\x01", "\u00e9", "\u00fc", "\u0130", "\u0301", "\u3007", "\uff0c",
    "\u00b7", "\uff43", "\U0001f600", "\U00020000", "华", "为", "科", "技", "有", "限", "公", "司"]
TOKEN_PIECES = ["华", "华为", "科技", "有限", "co", "coop", "kso", "sk", "9", "91", "a", "ſo", "Ko",
                "\u00e9co", "(co", "华co", "co华", "科技\u00e9", "\u3007华", "华,", "\x00co"]


def _noise(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, n)))


def _tokens(rng: random.Random) -> str:
    seps = [" ", " ", " ", "", "-", "(", "\u00b7", "\x00", "\u3000"]
    out = ""
    for _ in range(rng.randint(0, 8)):
        out += rng.choice(seps) + rng.choice(TOKEN_PIECES + [_noise(rng, 4)])
    return out


@pytest.fixture
def awkward(db) -> Iterator[list[str]]:
    """~600 enterprises written straight into the table (FTS follows by trigger); returns
    texts to draw trigram terms from."""
    rng = random.Random(20240611)
    texts: list[str] = []
    with db.session() as s:
        for i in range(600):
            row = {
                "name_zh": _noise(rng, 12) or "x", "name_en": _noise(rng, 16) or None,
                "uscc": f"{i:04d}" + _noise(rng, 5), "city_zh": _noise(rng, 4) or None,
                "city_en": _noise(rng, 6) or None, "tags": "," + _noise(rng, 5) + ",",
                "search_tokens": _tokens(rng) or None,
                "deleted_at": "2024-01-01 00:00:00" if i % 9 == 0 else None,
            }
            s.execute(text(
                "INSERT INTO enterprise (created_at, updated_at, name_zh, name_en, uscc, city_zh, "
                "city_en, tags, search_tokens, deleted_at) VALUES (CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP, :name_zh, :name_en, :uscc, :city_zh, :city_en, :tags, "
                ":search_tokens, :deleted_at)"), row)
            texts += [v for k, v in row.items() if v and k != "deleted_at"]
    yield texts


def _trigram_terms(texts: list[str]) -> list[str]:
    rng = random.Random(7)
    terms = ["kso", "KS-", "co(", "a_b", "%x%", "有限公", "\u017fok", "co华", "9a\u212a",
             "\u00e9华a", "\u00e9co", "[a]", "*?*", "\"co"]
    for _ in range(150):
        t = rng.choice(texts)
        if len(t) >= 3:
            at = rng.randrange(len(t) - 2)
            terms.append(t[at:at + rng.randint(3, 5)])
    return [t for t in terms if len(t) >= 3 and not any(c.isspace() for c in t)]


def test_row_forms_equal_index_forms(db, awkward) -> None:
    queries = ["c", "co", "C", "k", "ko", "s", "sk", "9", "91", "a", "o", "华", "为", "科技", "华为",
               "有限", "技"] + _trigram_terms(awkward)
    checked = {PREFIX: 0, TRIGRAM: 0, "token": 0}
    with db.session() as s:
        assert row_forms_usable(s.connection())

        def ids(cond) -> set[int]:  # type: ignore[no-untyped-def]
            return set(s.execute(select(Enterprise.id).where(cond)).scalars())

        for query in queries:
            for unit in search_units(query):
                if unit.kind == LIKE:
                    continue
                row = row_clause(unit)
                if row is None:  # only for characters outside ASCII and Chinese
                    assert any(not (c.isascii() or is_cjk(c)) or c == "\x00"
                               for t in unit.terms for c in t), query
                    continue
                assert ids(row) == ids(in_clause(unit)), repr(query)
                if unit.kind == PREFIX:
                    fts_only = row_clause(unit, uscc=False)
                    listed = col(Enterprise.id).in_(fts_rowids(unit))
                    assert ids(fts_only) == ids(listed), repr(query)
                checked[unit.kind] += 1
    assert min(checked.values()) >= 5


@pytest.mark.parametrize(("tokens", "low", "expected"), [
    ("ab co x", "co", 1), ("abco", "co", 0), ("x-Co", "co", 1), ("华co", "co", 0),
    ("\u00e9co", "co", None), ("\x00co", "co", 1), ("x\u212ao", "ko", None), (None, "co", 0),
    (b"co", "co", None),
])
def test_token_start(tokens, low, expected) -> None:
    assert token_start(tokens, low) == expected


@pytest.mark.parametrize(("tokens", "term", "expected"), [
    ("中华 华", "华", 1), ("中华", "华", 0), ("(华)", "华", 1), ("\u00e9华", "华", None),
    ("a华", "华", 0), ("华华华", "华华", 0), ("华", "华", 1),
])
def test_whole_token(tokens, term, expected) -> None:
    assert whole_token(tokens, term) == expected


# ---------------------------------------------------------------- plans == plain statement
QUERIES = ["华", "有限公司", "科技", "co", "z", "rf", "精密", "precision", "有限公司 co", "科技 华",
           "瑞丰", "不存在的企业", "91", "a-", "ltd", "k", "有限 公司", "京 co"]
SORTS = [("name_zh", False), ("name_en", True), ("updated_at", False)]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory):
    db, _report = open_database(Path(tmp_path_factory.mktemp("plans")) / "p.sqlite", actor="t")
    demo.generate(db, enterprises=1000, seed=11)
    everyone = enterprises.ids(db)
    enterprises.delete(db, everyone[::23])  # a recycle bin, matching many searches
    yield db
    db.close()


def _everything(db, q: EnterpriseQuery) -> tuple[list[int], list[int], int]:
    pages: list[int] = []
    after = None
    while True:
        page = enterprises.list_page(db, q, after=after, limit=150)
        pages += [r.id for r in page.rows]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    return pages, enterprises.ids(db, q), enterprises.count(db, q)


_PLAIN: dict[tuple[str, str, bool], tuple[list[int], list[int], int]] = {}


def _plain(db, monkeypatch: pytest.MonkeyPatch, q: EnterpriseQuery):  # type: ignore[no-untyped-def]
    """The plain statement's answer (``where``: the index form, SQLite's plan)."""
    key = (q.text, q.sort, q.descending)
    if key not in _PLAIN:
        with monkeypatch.context() as m:
            m.setattr(repo, "_search", lambda *a, **k: None)
            _PLAIN[key] = _everything(db, q)
    return _PLAIN[key]


VARIANTS = {
    "sparse": {"SPARSE_HITS": 10**9},
    "rows": {"SPARSE_HITS": 0, "WINDOW": 7, "force": repo._ROWS},
    "set": {"SPARSE_HITS": 0, "WINDOW": 7, "force": repo._SET, "IDS_SET_DENSITY": 0.0},
    "hits": {"SPARSE_HITS": 0, "WINDOW": 7, "force": repo._HITS, "IDS_SET_DENSITY": 2.0,
             "ROW_TEST_LIMIT": -1},
    "chosen": {"SPARSE_HITS": 20, "WINDOW": 11},
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("sort", "descending"), SORTS)
def test_every_plan_gives_the_plain_result(demo_db, monkeypatch, variant, sort, descending) -> None:
    settings = dict(VARIANTS[variant])
    force = settings.pop("force", None)
    for query in QUERIES:
        q = EnterpriseQuery(text=query, sort=sort, descending=descending)
        expected = _plain(demo_db, monkeypatch, q)
        with monkeypatch.context() as m:
            for name, value in settings.items():
                m.setattr(repo, name, value)
            if force is not None:
                m.setattr(repo, "_cheapest", lambda search, *a, **k: force
                          if force != repo._ROWS or search.rows is not None else repo._HITS)
            got = _everything(demo_db, q)
        assert got == expected, (variant, query)
    assert expected[2] >= 0


def test_counts_include_the_uscc_range_and_skip_the_recycle_bin(demo_db) -> None:
    for query in ["有限公司", "co", "科技", "华", "ltd", "9"]:
        q = EnterpriseQuery(text=query)
        assert enterprises.count(demo_db, q) == len(enterprises.ids(demo_db, q))
    with demo_db.session() as s:
        deleted = s.execute(select(func.count()).select_from(Enterprise).where(
            Enterprise.deleted_at.is_not(None))).scalar_one()  # type: ignore[union-attr]
    assert deleted > 30


def test_scan_plans_walk_the_sort_index(demo_db) -> None:
    """SET must not sort (``id + 0 IN``: SQLite may not start from the hit list)."""
    q = EnterpriseQuery(text="有限公司")
    with demo_db.session() as s:
        search = repo._search(s, q, sorted_scan=True)
        assert search is not None and search.rows is not None
        for plan in (repo._SET, repo._ROWS):
            stmt = repo._page_stmt(q, repo._filters(q) + repo._text_conds(search, plan), None, 101)
            sql = str(stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
            plan_rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)
            details = " | ".join(r[3] for r in plan_rows)
            assert "ix_enterprise_sort_pinyin" in details and "TEMP B-TREE" not in details, details
