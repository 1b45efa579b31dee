"""Long texts: the checks and the PDF do the same work as before, in linear time.

No timings here (they belong in ``bench/qa.py`` and ``bench/pdf.py``): the pairing of
quantities is compared with the former quadratic implementation on random input, the name
check with a text full of the name, and the PDF renderer's work is counted as characters
laid out, which must grow in proportion to the text.
"""

from __future__ import annotations

import dataclasses
import io
import random
from decimal import Decimal

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from coop_desktop.documents import qa
from coop_desktop.documents.numbers import Kind, Quantity, compare_quantities
from coop_desktop.documents.pdf import render_pdf
from coop_desktop.documents.pdf.model import PdfSection
from coop_desktop.documents.pdf import fonts, render
from coop_desktop.documents.pdf.flowables import ParallelRow
from coop_desktop.documents.pdf.render import CHUNK_MAX, _chunks
from coop_desktop.documents.pdf.sample import sample_document

# --------------------------------------------------------------------------- the former pairing

_SCALARS = (Kind.AMOUNT, Kind.NUMBER, Kind.YEAR)


def _same_value(a, b):
    same_dimension = a.kind == b.kind or (a.kind in _SCALARS and b.kind in _SCALARS)
    currencies_agree = a.currency is None or b.currency is None or a.currency == b.currency
    return same_dimension and currencies_agree and bool(set(a.values()) & set(b.values()))


def _loosely_same(a, b):
    kinds = {a.kind, b.kind}
    if kinds == {Kind.YEAR, Kind.DATE}:
        return any(v // 10000 == w or w // 10000 == v for v in a.values() for w in b.values())
    return kinds == {Kind.PERCENT, Kind.NUMBER} and a.value == b.value


def _pair(left, right, accepts):
    pairs = []
    for a in list(left):
        b = next((b for b in right if accepts(a, b)), None)
        if b is not None:
            left.remove(a)
            right.remove(b)
            pairs.append((a, b))
    return pairs


def _reference(zh, en):
    """``compare_quantities`` as it was (a scan of the English side per Chinese quantity)."""
    left, right = list(zh), list(en)
    for accepts in (_same_value, _loosely_same):
        _pair(left, right, lambda a, b, f=accepts: not (a.optional or b.optional) and f(a, b))
        _pair(left, right, accepts)
    left = [q for q in left if not q.optional]
    right = [q for q in right if not q.optional]
    mismatched = (_pair(left, right, lambda a, b: a.kind == b.kind)
                  + _pair(left, right, lambda a, b: {a.kind, b.kind} == {Kind.AMOUNT, Kind.NUMBER}))
    mismatched.sort(key=lambda pair: pair[0].span)
    return tuple(mismatched), tuple(left), tuple(right)


def _random_quantities(rng: random.Random, n: int, offset: int) -> list[Quantity]:
    out = []
    for i in range(n):
        kind = rng.choice(list(Kind))
        if kind == Kind.DATE:
            value = Decimal(rng.choice([2024, 2025]) * 10000 + rng.choice([0, 301, 1231]))
        elif kind == Kind.YEAR:
            value = Decimal(rng.choice([2024, 2025, 2026]))
        else:
            value = Decimal(rng.choice([0, 1, 2, 3, 5, 12, 2024, 2025, "3.5", "350000000"]))
        alternatives = (Decimal(rng.choice([1, 2, 2025])),) if rng.random() < 0.15 else ()
        currency = rng.choice([None, None, "CNY", "EUR"]) if kind == Kind.AMOUNT else None
        out.append(Quantity(value, kind, (offset + i, offset + i + 1), str(value), currency,
                            alternatives, optional=rng.random() < 0.2))
    return out


@pytest.mark.parametrize("seed", range(300))
def test_pairing_quantities_gives_what_the_former_scan_gave(seed):
    rng = random.Random(seed)
    zh = _random_quantities(rng, rng.randint(0, 25), 0)
    en = _random_quantities(rng, rng.randint(0, 25), 1000)
    result = compare_quantities(zh, en)
    assert (result.mismatched, result.only_zh, result.only_en) == _reference(zh, en)


def test_name_check_in_a_text_full_of_the_name_still_finds_the_variant():
    name = "苏州瑞丰精密机械有限公司"
    variant = "苏州瑞丰精密机械公司"
    text = (name + "，") * 3000 + variant + "。" + (name + "。") * 3000
    facts = qa.RecordFacts(name_zh=name)
    found = [i for i in qa.check_pair(text, "Suzhou Ruifeng", record=facts)
             if i.code == "record_mismatch"]
    assert [(i.detail, text[i.span[0]:i.span[1]]) for i in found] == [
        (f"{variant} ≠ {name}", variant)]


# --------------------------------------------------------------------------- the PDF


def test_long_paragraphs_are_cut_at_sentence_ends_and_short_ones_are_kept_whole():
    short = "短句。" * 900  # 2,700 characters: laid out as one paragraph, as before
    assert _chunks(short) == [short]
    long = "这是一个句子。" * 2000  # 14,000 characters
    pieces = _chunks(long)
    assert "".join(pieces) == long
    assert all(p.endswith("。") and len(p) <= CHUNK_MAX for p in pieces)
    unbroken = "中" * 10_000  # no sentence end, no space: cut anyway, nothing lost
    assert "".join(_chunks(unbroken)) == unbroken
    assert max(len(p) for p in _chunks(unbroken)) <= CHUNK_MAX
    spaced = " ".join(["word"] * 3000)
    assert " ".join(_chunks(spaced)) == spaced


@pytest.mark.parametrize("lang,unit", [("zh", "中"), ("zh", "🚀"), ("en", "W"), ("en", "﷽")])
def test_a_piece_is_always_shorter_than_a_page_in_a_parallel_column(lang, unit):
    """So reportlab never has to split one on a fresh page (it refuses to split a row when
    less than two lines would go on, and a row taller than a page then stops the render)."""
    fonts.ensure_main_fonts()
    builder = render._Builder(sample_document(1), "parallel")
    column = (render.FRAME_W - render.GUTTER) / 2
    style = builder.st.body[lang]
    pieces = builder._pieces(unit * 20_000, lang, column, "section:x")
    assert "".join(pieces) == unit * 20_000 and len(pieces) > 20
    for piece in pieces:
        _, height = builder.text_para(piece, style, "x", lang).wrap(column, render.FRAME_H)
        assert height + 7 < render.FRAME_H - 2 * style.leading


def _work(monkeypatch, text_zh: str, text_en: str, layout: str) -> tuple[int, int]:
    """(characters reportlab measured, parallel rows built) while rendering a document with
    one section of this text: both are what the layout costs, and both are deterministic.
    (A parallel section is a run of :class:`ParallelRow` flowables; a row split across a page
    builds two new ones. It was a table, which copied every remaining row at each split.)"""
    measured, rows = [0], [0]
    string_width, row_init = TTFont.stringWidth, ParallelRow.__init__

    def measuring(self, text, size, encoding="utf8"):
        measured[0] += len(text)
        return string_width(self, text, size, encoding)

    def building(self, *args, **kw):
        rows[0] += 1
        return row_init(self, *args, **kw)

    monkeypatch.setattr(TTFont, "stringWidth", measuring)
    monkeypatch.setattr(ParallelRow, "__init__", building)
    doc = sample_document(1)
    doc = dataclasses.replace(doc, sections=(PdfSection("long", "长", "Long", text_zh, text_en),))
    render_pdf(doc, io.BytesIO(), layout=layout)
    return measured[0], rows[0]


@pytest.mark.parametrize("layout", ["parallel", "stacked"])
def test_pdf_work_grows_in_proportion_to_a_single_giant_paragraph(monkeypatch, layout):
    unit_zh, unit_en = "合作园区企业投资计划，", "cooperation zone plan, "
    small, _ = _work(monkeypatch, unit_zh * 700, unit_en * 350, layout)
    large, _ = _work(monkeypatch, unit_zh * 1400, unit_en * 700, layout)
    # Doubling the text about doubles the characters measured (it was 3.5 times: reportlab
    # re-measured the whole rest of the paragraph at every page break).
    assert large < 2.5 * small, (small, large)


def test_pdf_work_grows_in_proportion_to_a_section_of_many_paragraphs(monkeypatch):
    para_zh, para_en = "合作园区企业投资计划。" * 6, "The cooperation zone plan. " * 5
    _, small = _work(monkeypatch, "\n".join([para_zh] * 150), "\n".join([para_en] * 150),
                     "parallel")
    _, large = _work(monkeypatch, "\n".join([para_zh] * 300), "\n".join([para_en] * 300),
                     "parallel")
    # Doubling the paragraphs about doubles the rows built (it was 4 times when the section
    # was a table: reportlab copied every remaining row into a new table at every page break).
    assert large < 2.5 * small, (small, large)
