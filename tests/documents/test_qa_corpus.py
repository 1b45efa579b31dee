"""The labelled pairs that bench/qa_meaning.py measures the QA checks on are well formed.

This validates the data only (fields, labels, counts): how well the checks do on it is the
bench's job, not a unit test's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "qa_meaning"
CORPUS = DATA / "corpus.jsonl"
OFFICIAL = DATA / "official.jsonl"

FAULTY_KINDS = {
    "entity_place", "entity_country", "entity_name", "polarity", "bound", "approximation",
    "coverage_zh", "coverage_en", "share_swap", "fraction", "unit", "period", "relative_year",
    "term", "untranslated_zh", "untranslated_en", "number",
}
CLEAN_KINDS = {
    "clean_plain", "clean_words_for_numbers", "clean_unit_conversion", "clean_repeat",
    "clean_free", "clean_reordered", "clean_house_style", "clean_number_words",
}
RECORD_KEYS = {"name_zh", "name_en", "uscc", "zone_zh", "zone_en", "people"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def _rows(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), f"{path.name}: empty line"
    rows = [json.loads(line) for line in lines]
    assert all(isinstance(row, dict) for row in rows)
    return rows


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return _rows(CORPUS)


@pytest.fixture(scope="module")
def official() -> list[dict[str, Any]]:
    return _rows(OFFICIAL)


def _common(row: dict[str, Any]) -> None:
    assert isinstance(row["id"], str) and re.fullmatch(r"[a-z0-9_-]+", row["id"]), row
    for side in ("zh", "en"):
        assert isinstance(row[side], str) and row[side].strip() == row[side] and row[side], row
    assert isinstance(row["faulty"], bool), row
    if "doc_date" in row:
        dt.date.fromisoformat(row["doc_date"])


def test_corpus_rows_are_well_formed(corpus: list[dict[str, Any]]) -> None:
    allowed = {"id", "zh", "en", "faulty", "kind", "doc_date", "record"}
    for row in corpus:
        _common(row)
        assert set(row) <= allowed, row["id"]
        assert row["kind"] in FAULTY_KINDS | CLEAN_KINDS, row["id"]
        assert row["faulty"] == (row["kind"] in FAULTY_KINDS), row["id"]
        assert row["zh"] != row["en"] or row["kind"] in {"untranslated_zh", "untranslated_en"}
        record = row.get("record")
        if record is not None:
            assert set(record) <= RECORD_KEYS and record.get("name_zh"), row["id"]
            for person in record.get("people", []):
                assert set(person) == {"zh", "en"}, row["id"]


def test_corpus_labels_fit_the_texts(corpus: list[dict[str, Any]]) -> None:
    """A relative year needs the document's date; an untranslated side is in the other
    language; every other pair has Chinese on the Chinese side and none on the English side."""
    for row in corpus:
        zh_letters, zh_cjk = len(LATIN.findall(row["zh"])), len(CJK.findall(row["zh"]))
        if row["kind"] == "relative_year":
            assert "doc_date" in row, row["id"]
        if row["kind"] == "untranslated_zh":
            assert zh_letters > zh_cjk, row["id"]
        elif row["kind"] == "untranslated_en":
            assert CJK.search(row["en"]), row["id"]
        else:
            assert zh_cjk and not CJK.search(row["en"]), row["id"]


def test_corpus_counts(corpus: list[dict[str, Any]]) -> None:
    kinds = Counter(row["kind"] for row in corpus)
    faulty = sum(row["faulty"] for row in corpus)
    assert len(corpus) >= 240
    assert 0.4 <= faulty / len(corpus) <= 0.6  # about half faulty, half clean
    assert len(corpus) - faulty >= 120
    assert {kind: n for kind, n in kinds.items() if kind in FAULTY_KINDS and n < 10} == {}
    assert {kind: n for kind, n in kinds.items() if kind in CLEAN_KINDS and n < 8} == {}
    assert set(kinds) == FAULTY_KINDS | CLEAN_KINDS  # every kind is represented


def test_ids_and_pairs_are_unique(corpus: list[dict[str, Any]],
                                  official: list[dict[str, Any]]) -> None:
    rows = corpus + official
    ids = Counter(row["id"] for row in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    pairs = Counter((row["zh"], row["en"]) for row in rows)
    assert [p for p, n in pairs.items() if n > 1] == []


def test_official_rows_are_well_formed(official: list[dict[str, Any]]) -> None:
    for row in official:
        _common(row)
        assert set(row) <= {"id", "zh", "en", "faulty", "source", "doc_date"}, row["id"]
        assert row["faulty"] is False and "doc_date" in row, row["id"]
        assert re.match(r"https?://\S+ ", row["source"]), row["id"]  # a URL, then a title
        assert CJK.search(row["zh"]) and not CJK.search(row["en"]), row["id"]
    assert len(official) >= 100
