"""The bilingual PDF renderer, checked by reading the PDFs back (pypdf, poppler-utils).

What "the text comes back" means here (see ``_norm`` and ``_extraction_form``):

* White space is ignored: a line break in the PDF replaces a space in English and nothing
  in Chinese, so both sides are compared with all white space removed.
* Both sides are NFKC-normalised: Arabic is drawn in presentation forms, which NFKC maps
  back to the base letters (and full-width punctuation to ASCII, on both sides alike).
* Right-to-left text: the PDF holds it in visual order (see ``bidi.py``). Extractors
  (pypdf, ``pdftotext -raw``) give each RTL *word* back in logical order but the words of
  an RTL run in visual (reversed) order, so the expected text is the input with the words
  of every RTL run reversed (``_extraction_form``).
* Characters no bundled font has come back as U+FFFD (and are reported as warnings).
"""

from __future__ import annotations

import dataclasses
import io
import random
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop_desktop.documents.pdf import (
    LAYOUTS,
    GlyphWarning,
    PdfAttachment,
    PdfDocument,
    PdfSection,
    render_pdf,
)
from coop_desktop.documents.pdf import bidi, fonts
from coop_desktop.documents.pdf.render import MARGIN_BOTTOM, MARGIN_TOP, PAGE_H, PAGE_W
from coop_desktop.documents.pdf.sample import sample_document

POPPLER = shutil.which("pdffonts") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed "
                                   "(scripts/system-deps.sh installs it)")

# RTL text sits on a line of its own that never wraps (see bidi.py's limitations).
HOSTILE_ZH = ("A&B <Ltd> 与 </b> 以及 <img src=\"/etc/passwd\"/> &amp; &nbsp; 吉野家𠮷野家 🚀 😀 "
              "会议 12:30\u202fPM 结束\n伙伴 שלום עולם 和 مرحبا بالعالم 会议")
HOSTILE_EN = ("A&B <Ltd> and </b> or <img src=\"/etc/passwd\"/> <font name=\"Helvetica\">x</font> "
              "𠮷 🚀 😀 at 3:00\u202fPM\u00a0sharp\npartner שלום עולם and مرحبا بالعالم")
MIXED_ZH = ("本公司在internationalisation方面积累了丰富经验，与Schaeffler和Bosch等客户合作，"
            "并在Hungary设立representative office，开展cooperation项目。") * 3
_rng = random.Random(5)
BIG_EN = "\n".join(" ".join(_rng.choice(["cooperation", "zone", "enterprise", "investment",
                                         "plan", "the", "of", "Hungary", "and"])
                            for _ in range(60)) for _ in range(240))  # ~100 kB
BIG_ZH = "\n".join("".join(_rng.choice("合作园区企业投资计划匈牙利中小的和了在是")
                           for _ in range(150)) for _ in range(225))  # ~100 kB in UTF-8
UNBROKEN_ZH = "".join(_rng.choice("中外合作园区企业投资") for _ in range(5000))
DECL_LONG_ZH = "\n".join(f"第{i}条：本单位郑重承诺，所填内容真实、准确、完整。" * 12 for i in range(1, 9))
DECL_LONG_EN = "\n".join(f"Clause {i}: we declare that all statements are true. " * 14
                         for i in range(1, 9))


# --------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _extraction_form(text: str) -> str:
    """What an extractor gives back for ``text`` (before ``_norm``): see the module docstring."""
    shown = bidi.visual_order(fonts.normalise(text))
    return re.sub(r"\S+", lambda m: m.group()[::-1] if bidi.has_rtl(m.group()) else m.group(),
                  shown)


def _expected(text: str) -> str:
    return _norm(_extraction_form(text))


@dataclasses.dataclass
class Rendered:
    path: Path
    report: object
    layout: str
    reader: pypdf.PdfReader

    @property
    def pages(self) -> int:
        return len(self.reader.pages)

    def columns(self, first_page: int = 1) -> dict[str, list[str]]:
        """Body text (no header/footer) per page, per column ("zh"/"en" in parallel layout,
        "all" otherwise), in drawing order, normalised."""
        out: dict[str, list[str]] = {"zh": [], "en": [], "all": []}
        for number, page in enumerate(self.reader.pages, 1):
            parts: dict[str, list[str]] = {"zh": [], "en": [], "all": []}

            def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if y > PAGE_H - MARGIN_TOP or y < MARGIN_BOTTOM - 2 or not text.strip():
                    return
                parts["all"].append(text)
                parts["zh" if x < PAGE_W / 2 else "en"].append(text)

            if number >= first_page:
                page.extract_text(visitor_text=visit)
            for key in out:
                out[key].append(_norm("".join(parts[key])))
        return out

    def stream(self, column: str, first_page: int = 1) -> str:
        return "".join(self.columns(first_page)[column])

    def page_of(self, needle: str, column: str = "all", first_page: int = 3) -> int:
        """Number of the first page (≥ first_page) whose column text contains ``needle``."""
        for number, text in enumerate(self.columns()[column], 1):
            if number >= first_page and needle in text:
                return number
        raise AssertionError(f"{needle[:40]!r} not found in column {column}")


def _render(tmp: Path, doc: PdfDocument, layout: str, name: str = "doc") -> Rendered:
    path = tmp / f"{name}-{layout}.pdf"
    report = render_pdf(doc, path, layout=layout)
    return Rendered(path, report, layout, pypdf.PdfReader(path))


def _column(layout: str, lang: str) -> str:
    return lang if layout == "parallel" else "all"


def _hostile_doc() -> PdfDocument:
    base = sample_document()
    sections = (
        PdfSection("hostile", "标题 <b>&", "Title </b> & <i>", HOSTILE_ZH, HOSTILE_EN),
        PdfSection("mixed", "中英混排", "Mixed", MIXED_ZH, "Short English side."),
        *base.sections[1:3],
        base.sections[3],
    )
    return dataclasses.replace(base, sections=sections,
                               applicant_en="A&B <Ltd> Trading", keywords=("A&B", "<x>"))


def _big_doc() -> PdfDocument:
    base = sample_document()
    sections = (
        PdfSection("big", "大段落", "Big section", BIG_ZH, BIG_EN),
        PdfSection("unbroken", "不分段", "Unbroken", UNBROKEN_ZH, "One paragraph. " * 300),
        PdfSection("declaration", "声明", "Declaration", DECL_LONG_ZH, DECL_LONG_EN,
                   kind="declaration"),
    )
    many = tuple(PdfAttachment(f"附件{i}-file-{i}.pdf", "其他", "Other document", f"{i:064x}",
                               1000 * i) for i in range(1, 61))
    return dataclasses.replace(base, sections=sections, attachments=many)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    tmp = tmp_path_factory.mktemp("pdf-hostile")
    return {layout: _render(tmp, _hostile_doc(), layout) for layout in LAYOUTS}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    tmp = tmp_path_factory.mktemp("pdf-big")
    return {layout: _render(tmp, _big_doc(), layout, "big") for layout in ("parallel", "zh")}


def _pdftotext_pages(path: Path, *args: str) -> list[str]:
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1]


# --------------------------------------------------------------------------- fonts


@needs_poppler
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_font_is_embedded_and_subset_and_no_helvetica(hostile, layout):
    out = subprocess.run(["pdffonts", str(hostile[layout].path)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    names = [row[0] for row in rows]
    assert rows and all("Helvetica" not in name for name in names), names
    for row in rows:
        emb, sub, uni = row[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
    # The fallbacks were used for 𠮷, emoji, Hebrew/Arabic: embedded like the main font.
    assert {n.split("+")[1] for n in names} >= {"NotoSansSC-Regular", "NotoSansSC-Bold",
                                               "DejaVuSans-Fallback", "NotoEmoji-Fallback",
                                               "CoopHanExt-Regular"}


def test_coverage_and_normalisation():
    assert fonts.coverage("中文 English 𠮷 😀 שלום مرحبا ≒") == []
    assert fonts.coverage("12:30\u202fPM\u00a0x\u2009y") == []  # CLDR spaces become plain ones
    assert fonts.normalise("a\u202fb\u00a0c\r\nd\u200de\ufe0f") == "a b c\nde"
    assert fonts.coverage("x\ue000\U0003134a") == ["\ue000", "\U0003134a"]
    assert fonts.font_for("𠮷") == "CoopFallback-HanExt"
    assert fonts.font_for("中") == fonts.REGULAR


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_section_text_comes_back_in_both_languages(hostile, layout):
    r = hostile[layout]
    doc = _hostile_doc()
    first = min(page for _, page in r.report.toc)
    for lang in ("zh", "en") if layout in ("parallel", "stacked") else (layout,):
        stream = r.stream(_column(layout, lang), first)
        for section in doc.sections:
            text = "".join(p for p in (section.zh if lang == "zh" else section.en).splitlines())
            assert _expected(text) in stream, (layout, lang, section.key)
    # Markup-like user text printed literally, nothing interpreted or lost.
    assert _norm("A&B <Ltd>") in r.stream("all") and _norm('<img src="/etc/passwd"/>') in \
        r.stream("all")
    assert r.report.warnings == []


def test_stacked_puts_chinese_before_english_in_each_section(hostile):
    stream = hostile["stacked"].stream("all", 3)
    for section in _hostile_doc().sections:
        zh = stream.index(_expected(section.zh.splitlines()[0]))
        en = stream.index(_expected(section.en.splitlines()[0]))
        assert zh < en, section.key


def test_single_language_layouts_hold_only_their_language(hostile):
    zh, en = hostile["zh"].stream("all", 3), hostile["en"].stream("all", 3)
    assert _norm("Suzhou Ruifeng Precision Machinery") not in zh
    assert _norm("苏州瑞丰精密机械有限公司成立于2009年") not in en


def test_rtl_words_come_back_letter_for_letter(hostile):
    stream = hostile["zh"].stream("all", 3)
    for word in ("שלום", "עולם", "مرحبا", "بالعالم"):
        assert unicodedata.normalize("NFKC", word) in stream


def test_chinese_wraps_by_character_without_breaking_english_words(hostile):
    pages = _pdftotext_pages(hostile["zh"].path, "-raw") if POPPLER else []
    if not pages:
        pytest.skip("poppler-utils not installed")
    lines = [line for page in pages for line in page.splitlines()]
    for word in ("internationalisation", "Schaeffler", "representative", "cooperation"):
        assert any(word in line for line in lines), word
    mixed = [line for line in lines if "internationalisation" in line or "cooperation" in line]
    assert len(mixed) >= 3  # the paragraph did wrap over several lines
    assert not any(line.startswith(("，", "。")) for line in lines)


def test_big_section_and_unbroken_paragraph_split_across_pages(big):
    r = big["parallel"]
    assert r.pages > 20
    zh, en = r.stream("zh", 3), r.stream("en", 3)
    assert _expected(BIG_ZH) in zh and _expected(BIG_EN) in en
    assert _expected(UNBROKEN_ZH) in zh
    single = big["zh"].stream("all", 3)
    assert _expected(BIG_ZH) in single and _expected(UNBROKEN_ZH) in single


# --------------------------------------------------------------------------- structure


@needs_poppler
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_page_shows_its_number_and_the_right_total(hostile, layout):
    r = hostile[layout]
    pages = _pdftotext_pages(r.path)
    assert len(pages) == r.pages == r.report.pages
    for number, text in enumerate(pages, 1):
        flat = _norm(text)  # pdftotext drops some spaces between Chinese characters
        if layout != "en":
            assert _norm(f"第 {number} 页 共 {r.pages} 页") in flat, (number, flat[-80:])
        if layout in ("en", "parallel", "stacked"):
            assert _norm(f"Page {number} of {r.pages}") in flat, (number, flat[-80:])


def test_page_total_is_right_on_a_long_document(big):
    r = big["parallel"]
    for number, page in enumerate(r.reader.pages, 1):
        footers = [t for t in page.extract_text().splitlines() if "共" in t and "Page" in t]
        assert footers == [f"第 {number} 页 共 {r.pages} 页 / Page {number} of {r.pages}"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_toc_and_bookmarks_point_at_the_pages_where_sections_start(hostile, layout):
    r = hostile[layout]
    doc = _hostile_doc()
    keys = [s.key for s in doc.sections] + ["attachments"]
    assert [k for k, _ in r.report.toc] == keys
    lang = "en" if layout == "en" else "zh"
    for number, section in enumerate(doc.sections, 1):
        title = f"{number}. {section.title_zh if lang == 'zh' else section.title_en}"
        actual = r.page_of(_norm(title), _column(layout, lang))
        assert dict(r.report.toc)[section.key] == actual, (section.key, actual)
    # The printed TOC (page 2): every title, and the page numbers in order.
    toc_text = r.reader.pages[1].extract_text()
    for section in doc.sections:
        assert (section.title_en if layout == "en" else section.title_zh) in toc_text
    numbers = re.findall(r"^\s*(\d+)\s*$", toc_text, re.M)
    assert [int(n) for n in numbers] == [p for _, p in r.report.toc]
    # Bookmarks: one per section + attachments, pointing at the same pages.
    outline = [o for o in r.reader.outline if not isinstance(o, list)]
    assert [r.reader.get_destination_page_number(o) + 1 for o in outline] == \
        [p for _, p in r.report.toc]
    assert outline[0].title.startswith("1. 标题" if layout != "en" else "1. Title")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_seal_block_is_on_the_page_where_the_declaration_ends(hostile, big, layout):
    for r, doc in ((hostile[layout], _hostile_doc()),
                   (big.get(layout), _big_doc()) if layout in big else (None, None)):
        if r is None:
            continue
        decl = doc.declaration
        assert decl is not None
        seal_label = "Seal" if layout == "en" else "盖章"
        seal_page = r.page_of(_norm(seal_label), "all", min(p for _, p in r.report.toc))
        langs = ("zh", "en") if layout in ("parallel", "stacked") else (layout,)
        for lang in langs:
            last = (decl.zh if lang == "zh" else decl.en).splitlines()[-1]
            tail = _expected(last)[-12:]
            pages = [n for n, text in enumerate(r.columns()[_column(layout, lang)], 1)
                     if tail in text and n >= 3]
            assert pages and pages[-1] == seal_page, (layout, lang, pages, seal_page)


def test_attachments_table_repeats_its_header_when_it_splits(big):
    r = big["parallel"]
    start = dict(r.report.toc)["attachments"]
    header = _norm("文件名 File name")
    columns = r.columns()["all"]
    on = [n for n in range(start, r.pages + 1) if header in columns[n - 1]]
    assert len(on) >= 2 and on == list(range(start, on[-1] + 1)), on
    text = r.stream("all", start)
    assert _norm(f"{60:064x}"[:32]) in text and _norm("附件60-file-60.pdf") in text


def test_cover_shows_dates_in_each_language_and_the_metadata(hostile):
    r = hostile["parallel"]
    cover = _norm(r.reader.pages[0].extract_text())
    for piece in ("2026年2月2日", "2 February 2026", "2026年3月31日", "31 March 2026",
                  "91320500MA1XK2Q37B", "SZ-2026-0142", "A&B <Ltd> Trading"):
        assert _norm(piece) in cover, piece
    meta = r.reader.metadata
    assert meta.title == "中外中小企业合作区入园申请书 / Application for Admission to an " \
                         "International SME Cooperation Zone"
    assert meta.author.startswith("苏州市工业和信息化局")
    assert meta.subject == "苏州瑞丰精密机械有限公司 / A&B <Ltd> Trading"
    assert meta.get("/Keywords") == "A&B, <x>"
    assert str(meta.get("/CreationDate")).startswith("D:20260315")
    assert r.reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert hostile["en"].reader.trailer["/Root"]["/Lang"] == "en"
    last = _norm(r.reader.pages[-1].extract_text())
    assert _norm("Generated by Coop Desktop 0.1.0 on 15 March 2026") in last


def test_glyphs_no_font_has_are_replaced_visibly_and_reported(tmp_path):
    doc = dataclasses.replace(
        sample_document(), title_en="Title \U0003134a",
        sections=(PdfSection("odd", "奇怪", "Odd", "前\ue000后", "fine"),
                  PdfSection("declaration", "声明", "Declaration", "我们声明。", "We declare.",
                             kind="declaration")),
        attachments=())
    r = _render(tmp_path, doc, "parallel")
    assert GlyphWarning("section:odd", "zh", "\ue000") in r.report.warnings
    assert GlyphWarning("title", "en", "\U0003134a") in r.report.warnings
    assert "section:odd (zh): no font for U+E000" in [str(w) for w in r.report.warnings]
    assert "前\ufffd后" in r.stream("zh", 3)


def test_rendering_is_deterministic_and_writes_to_streams(tmp_path):
    doc = sample_document()
    one, two = io.BytesIO(), io.BytesIO()
    render_pdf(doc, one, layout="stacked")
    render_pdf(doc, two, layout="stacked")
    assert one.getvalue() == two.getvalue() and one.getvalue().startswith(b"%PDF")
    with pytest.raises(ValueError):
        render_pdf(doc, io.BytesIO(), layout="sideways")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- property

_POOL = ("abcxyzABC0123 <>&\"'/=;!?#-_.:()[]{}" "中文合作园区企业投资，。、《》“”"
         "é ü ß Ω Ж 𠮷 😀 ≒ → ✓" "\n")
_MARKUP = st.sampled_from(["<b>", "</b>", "<br/>", "<img src=\"/etc/passwd\"/>", "&amp;",
                           "&nbsp;", "<font name=\"x\">", "]]>", "<![CDATA[", "<para>",
                           "&#x41;", "&", "<", ">"])
_TEXT = st.lists(st.one_of(st.text(alphabet=_POOL, min_size=1, max_size=40), _MARKUP),
                 min_size=1, max_size=8).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(zh=_TEXT, en=_TEXT, title=_TEXT)
def test_any_text_renders_and_comes_back(tmp_path, zh, en, title):
    doc = PdfDocument(title_zh=title, title_en=title, applicant_zh="甲", applicant_en="A",
                      uscc="X", sections=(PdfSection("s", title, title, zh, en),),
                      generated_on=date(2026, 1, 1))
    out = io.BytesIO()
    report = render_pdf(doc, out, layout="stacked")
    assert report.warnings == []
    reader = pypdf.PdfReader(out)
    text = _norm("".join(page.extract_text() for page in reader.pages[2:]))
    for value in (zh, en):
        assert _expected(value) in text


@settings(max_examples=15, deadline=None)
@given(text=st.text(max_size=60))
def test_arbitrary_unicode_never_crashes_and_unknown_glyphs_are_reported(text):
    doc = PdfDocument(title_zh="T", title_en="T", applicant_zh="甲", applicant_en="A", uscc="X",
                      sections=(PdfSection("s", "标题", "Title", text, text),))
    report = render_pdf(doc, io.BytesIO(), layout="zh")
    reported = {c for w in report.warnings for c in w.chars}
    assert reported == set(fonts.coverage(text))
    assert all(w.field == "section:s" for w in report.warnings)
