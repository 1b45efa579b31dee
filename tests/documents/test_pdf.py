"""The bilingual PDF renderer, checked by reading the PDFs back (pypdf, poppler-utils), in
both print styles (official 公文 and modern) where a check applies to both.

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
from reportlab.pdfbase.pdfmetrics import stringWidth
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
from coop_desktop.documents.pdf.render import PAGE_H, PAGE_W, STYLE_NAMES
from coop_desktop.documents.pdf.sample import sample_document
from coop_desktop.documents.pdf.styles import font, get_style

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


def _found(text: str, stream: str) -> bool:
    """``text`` comes back in ``stream``: as :func:`_expected` says, or with the words of its
    RTL runs in logical order, as in the source (how pypdf reads text whose runs are placed
    one by one, as CJKParagraph draws them)."""
    return _expected(text) in stream or _norm(fonts.normalise(text)) in stream


def _chunks_of(page: pypdf.PageObject) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text chunk drawn on ``page``, in drawing order."""
    out: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return out


@dataclasses.dataclass
class Rendered:
    path: Path
    report: object
    layout: str
    style: str
    reader: pypdf.PdfReader

    @property
    def pages(self) -> int:
        return len(self.reader.pages)

    @property
    def first_body_page(self) -> int:
        return min(page for _, page in self.report.toc)

    def columns(self, first_page: int = 1) -> dict[str, list[str]]:
        """Body text (no header/footer) per page, per column ("zh"/"en" in parallel layout,
        "all" otherwise), in drawing order, normalised; pages before ``first_page`` empty."""
        cache = self.__dict__.setdefault("_column_cache", {})
        if first_page not in cache:
            cache[first_page] = self._columns(first_page)
        return cache[first_page]

    def _columns(self, first_page: int) -> dict[str, list[str]]:
        st = get_style(self.style)
        out: dict[str, list[str]] = {"zh": [], "en": [], "all": []}
        middle = st.margin_left + st.frame_w / 2
        for number, page in enumerate(self.reader.pages, 1):
            parts: dict[str, list[str]] = {"zh": [], "en": [], "all": []}
            if number >= first_page:
                for x, y, text in _chunks_of(page):
                    if y > PAGE_H - st.margin_top + 1 or y < st.margin_bottom - 2:
                        continue
                    parts["all"].append(text)
                    parts["zh" if x < middle else "en"].append(text)
            for key in out:
                out[key].append(_norm("".join(parts[key])))
        return out

    def stream(self, column: str, first_page: int = 1) -> str:
        return "".join(self.columns(first_page)[column])

    def page_of(self, needle: str, column: str = "all", first_page: int = 1) -> int:
        """Number of the first page (≥ first_page) whose column text contains ``needle``."""
        for number, text in enumerate(self.columns()[column], 1):
            if number >= first_page and needle in text:
                return number
        raise AssertionError(f"{needle[:40]!r} not found in column {column}")

    def pages_with(self, needle: str, column: str = "all") -> list[int]:
        return [n for n, text in enumerate(self.columns()[column], 1) if needle in text]


def _render(tmp: Path, doc: PdfDocument, layout: str, name: str = "doc", style: str = "official",
            **kw: object) -> Rendered:
    path = tmp / f"{name}-{style}-{layout}.pdf"
    report = render_pdf(doc, path, layout=layout, style=style, **kw)
    return Rendered(path, report, layout, style, pypdf.PdfReader(path))


def _column(layout: str, lang: str) -> str:
    return lang if layout == "parallel" else "all"


def _langs(layout: str) -> tuple[str, ...]:
    return ("zh", "en") if layout in ("parallel", "stacked") else (layout,)


def _hostile_doc() -> PdfDocument:
    base = sample_document()
    sections = (
        PdfSection("hostile", "标题 <b>&", "Title </b> & <i>", HOSTILE_ZH, HOSTILE_EN),
        PdfSection("mixed", "中英混排", "Mixed", MIXED_ZH, "Short English side."),
        *base.sections[1:3],
        base.sections[3],
    )
    return dataclasses.replace(base, sections=sections,
                               applicant_en="A&B <Ltd> Trading", keywords=("A&B", "<x>"),
                               contact_name="李华 Li Hua", contact_phone="+86 512 6688 1234",
                               application_date=date(2026, 3, 12))


def _big_doc() -> PdfDocument:
    base = sample_document()
    sections = (
        PdfSection("big", "大段落", "Big section", BIG_ZH, BIG_EN),
        PdfSection("unbroken", "不分段", "Unbroken", UNBROKEN_ZH, "One paragraph. " * 300),
        PdfSection("declaration", "声明", "Declaration", DECL_LONG_ZH, DECL_LONG_EN,
                   kind="declaration"),
    )
    many = tuple(PdfAttachment(f"附件{i}-file-{i}.pdf", "其他", "Other document", f"{i:064x}",
                               1000 * i, title_zh=f"证明材料第{i}号", title_en=f"Certificate {i}")
                 for i in range(1, 61))
    return dataclasses.replace(base, sections=sections, attachments=many)


# The hostile document is printed with a cover (and so a TOC) in every style and layout, so
# that the TOC and bookmark checks apply; short documents are checked on their own below.
@pytest.fixture(scope="module", params=STYLE_NAMES)
def hostile(request, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    tmp = tmp_path_factory.mktemp("pdf-hostile")
    return {layout: _render(tmp, _hostile_doc(), layout, style=request.param, force_cover=True)
            for layout in LAYOUTS}


@pytest.fixture(scope="module", params=STYLE_NAMES)
def big(request, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    tmp = tmp_path_factory.mktemp("pdf-big")
    return {layout: _render(tmp, _big_doc(), layout, "big", style=request.param)
            for layout in ("parallel", "zh")}


# --------------------------------------------------------------------------- fonts


@needs_poppler
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_font_is_embedded_and_subset_and_no_helvetica(hostile, layout):
    r = hostile[layout]
    out = subprocess.run(["pdffonts", str(r.path)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    names = [row[0] for row in rows]
    assert rows and all("Helvetica" not in name for name in names), names
    for row in rows:
        emb, sub, uni = row[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
    # The fallbacks were used for 𠮷, emoji, Hebrew/Arabic: embedded like the main font.
    embedded = {n.split("+")[1] for n in names}
    assert embedded >= {"DejaVuSans-Fallback", "NotoEmoji-Fallback", "CoopHanExt-Regular"}
    # The style's body faces are the ones embedded (the official style: no sans body).
    from reportlab.pdfbase.pdfmetrics import getFont

    from coop_desktop.documents.pdf.render import _Styles

    styles = _Styles(get_style(r.style), layout)
    for lang in _langs(layout):
        face = getFont(styles.body[lang].fontName).face.name
        face = face.decode() if isinstance(face, bytes) else face
        assert face in embedded, (face, embedded)


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
    first = r.first_body_page
    for lang in _langs(layout):
        stream = r.stream(_column(layout, lang), first)
        for section in doc.sections:
            text = "".join(p for p in (section.zh if lang == "zh" else section.en).splitlines())
            assert _found(text, stream), (layout, lang, section.key)
    # Markup-like user text printed literally, nothing interpreted or lost.
    assert _norm("A&B <Ltd>") in r.stream("all") and _norm('<img src="/etc/passwd"/>') in \
        r.stream("all")
    assert r.report.warnings == []


def test_stacked_puts_chinese_before_english_in_each_section(hostile):
    r = hostile["stacked"]
    stream = r.stream("all", r.first_body_page)
    for section in _hostile_doc().sections:
        zh = stream.index(_expected(section.zh.splitlines()[0]))
        en = stream.index(_expected(section.en.splitlines()[0]))
        assert zh < en, section.key


def test_single_language_layouts_hold_only_their_language(hostile):
    zh = hostile["zh"].stream("all", hostile["zh"].first_body_page)
    en = hostile["en"].stream("all", hostile["en"].first_body_page)
    assert _norm("Suzhou Ruifeng Precision Machinery") not in zh
    assert _norm("苏州瑞丰精密机械有限公司成立于2009年") not in en


def test_rtl_words_come_back_letter_for_letter(hostile):
    stream = hostile["zh"].stream("all", hostile["zh"].first_body_page)
    for word in ("שלום", "עולם", "مرحبا", "بالعالم"):
        assert unicodedata.normalize("NFKC", word) in stream


def test_chinese_wraps_by_character_without_breaking_english_words(hostile):
    """Lines as drawn (glyph positions read back from the PDF, :mod:`.readback`; pdftotext
    -raw regroups explicitly placed punctuation into the next line)."""
    from coop_desktop.documents.pdf import readback

    report = readback.line_report(hostile["zh"].path.read_bytes())
    lines = [line.text for page in report for line in page]
    for word in ("internationalisation", "Schaeffler", "representative", "cooperation"):
        assert any(word in line for line in lines), word
    mixed = [line for line in lines if "internationalisation" in line or "cooperation" in line]
    assert len(mixed) >= 3  # the paragraph did wrap over several lines
    assert not any(line.startswith(("，", "。")) for line in lines)


def test_big_section_and_unbroken_paragraph_split_across_pages(big):
    r = big["parallel"]
    assert r.pages > 20 and r.report.cover
    first = r.first_body_page
    zh, en = r.stream("zh", first), r.stream("en", first)
    assert _expected(BIG_ZH) in zh and _expected(BIG_EN) in en
    assert _expected(UNBROKEN_ZH) in zh
    single = big["zh"].stream("all", big["zh"].first_body_page)
    assert _expected(BIG_ZH) in single and _expected(UNBROKEN_ZH) in single


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_parallel_paragraph_pairs_start_on_the_same_page(tmp_path, style):
    """A row of the parallel layout moves or splits as one: the i-th Chinese paragraph and
    the i-th English one start on the same page (each side splits at its own lines)."""
    rng = random.Random(11)
    zh = "\n".join(f"第{i}段，" + "".join(rng.choice("合作园区企业投资计划匈牙利中小的和了在是")
                                         for _ in range(rng.randint(20, 260)))
                   for i in range(1, 121))
    en = "\n".join(f"Paragraph {i}: " + " ".join(rng.choice(["cooperation", "zone", "plan",
                                                            "the", "of", "and", "Hungary"])
                                                for _ in range(rng.randint(5, 140)))
                   for i in range(1, 121))
    doc = dataclasses.replace(sample_document(), sections=(PdfSection("p", "段落", "Pairs", zh, en),))
    r = _render(tmp_path, doc, "parallel", "pairs", style=style)
    columns = r.columns()
    assert r.pages > 8
    for i in range(1, 121):
        zh_page = next(n for n, text in enumerate(columns["zh"], 1) if f"第{i}段," in text)
        en_page = next(n for n, text in enumerate(columns["en"], 1) if f"Paragraph{i}:" in text)
        assert zh_page == en_page, (i, zh_page, en_page)


# --------------------------------------------------------------------------- structure


def _folios(page: pypdf.PageObject, style: str) -> list[tuple[float, str]]:
    st = get_style(style)
    return [(x, text.strip()) for x, y, text in _chunks_of(page) if y < st.margin_bottom - 2]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_page_shows_its_number_in_the_styles_form(hostile, layout):
    r = hostile[layout]
    st = get_style(r.style)
    assert r.pages == r.report.pages
    for number, page in enumerate(r.reader.pages, 1):
        folios = _folios(page, r.style)
        if r.style == "modern":
            flat = _norm("".join(t for _, t in folios))
            if layout != "en":
                assert _norm(f"第 {number} 页 共 {r.pages} 页") in flat, (number, flat)
            if layout != "zh":
                assert _norm(f"Page {number} of {r.pages}") in flat, (number, flat)
            continue
        if number == 1:  # the cover carries no page number
            assert folios == [], folios
            continue
        # "— 3 —": odd pages right-aligned one character in, even pages left.
        assert [t for _, t in folios] == [f"— {number} —"], (number, folios)
        x = folios[0][0]
        if number % 2:
            assert x > st.margin_left + st.frame_w / 2, (number, x)
            width = stringWidth(f"— {number} —", font(st.folio_role), st.folio_size)
            right = st.margin_left + st.frame_w - st.folio_size
            assert abs(x + width - right) < 1.0, (number, x + width, right)
        else:
            assert abs(x - (st.margin_left + st.folio_size)) < 1.0, (number, x)


def test_page_total_is_right_on_a_long_document(big):
    """Modern: "第 X 页 共 Y 页 / Page X of Y" on every page; official: no page total at all
    (its folio is "— X —", checked above)."""
    r = big["parallel"]
    for number, page in enumerate(r.reader.pages, 1):
        footers = [t for t in page.extract_text().splitlines() if "共" in t and "Page" in t]
        if r.style == "modern":
            assert footers == [f"第 {number} 页 共 {r.pages} 页 / Page {number} of {r.pages}"]
        else:
            assert footers == [] and f"of {r.pages}" not in page.extract_text()


def _numbered(doc: PdfDocument, lang: str) -> list[str]:
    """The printed headings of the hostile document, in order (the declaration last)."""
    body = [s for s in doc.sections if not s.is_declaration]
    zh_numbers = "一二三四五六七八九"
    out = []
    for i, s in enumerate(body):
        out.append(f"{zh_numbers[i]}、{s.title_zh}" if lang == "zh" else f"{i + 1}. {s.title_en}")
    decl = doc.declaration
    out.append(decl.title_zh if lang == "zh" else decl.title_en)
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_toc_and_bookmarks_point_at_the_pages_where_sections_start(hostile, layout):
    r = hostile[layout]
    doc = _hostile_doc()
    body = [s.key for s in doc.sections if not s.is_declaration]
    keys = [*body, "attachments", doc.declaration.key]
    assert [k for k, _ in r.report.toc] == keys
    lang = "en" if layout == "en" else "zh"
    titles = _numbered(doc, lang)
    for key, title in zip([*body, doc.declaration.key], titles):
        actual = r.page_of(_norm(title), _column(layout, lang), r.first_body_page)
        assert dict(r.report.toc)[key] == actual, (key, actual)
    # The printed TOC (page 2): every title, and the page numbers in order.
    toc_text = r.reader.pages[1].extract_text()
    for title in titles:
        assert _norm(title) in _norm(toc_text), title
    st = get_style(r.style)
    right = st.margin_left + st.frame_w - 15 * 72 / 25.4  # the page-number column
    numbers = sorted(((y, text.strip()) for x, y, text in _chunks_of(r.reader.pages[1])
                      if text.strip().isdigit() and x > right and y > st.margin_bottom),
                     key=lambda item: -item[0])
    assert [int(n) for _, n in numbers] == [p for _, p in r.report.toc]
    # Bookmarks: one per section + annexes, pointing at the same pages.
    outline = [o for o in r.reader.outline if not isinstance(o, list)]
    assert [r.reader.get_destination_page_number(o) + 1 for o in outline] == \
        [p for _, p in r.report.toc]
    assert outline[0].title.startswith("一、标题" if layout != "en" else "1. Title")


_SEAL_LABELS = {"zh": ("申报单位（盖章）：", "法定代表人（签字）：", "日期："),
                "en": ("Applicant (company seal):", "Legal representative (signature):", "Date:")}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_seal_block_is_whole_on_the_page_where_the_declaration_ends(hostile, layout):
    _check_seal_block(hostile[layout], _hostile_doc(), layout)


@pytest.mark.parametrize("layout", ["parallel", "zh"])
def test_seal_block_of_a_long_declaration_after_a_long_annex_list(big, layout):
    _check_seal_block(big[layout], _big_doc(), layout)


def _check_seal_block(r: Rendered, doc: PdfDocument, layout: str) -> None:
    if True:
        decl = doc.declaration
        assert decl is not None
        labels = _SEAL_LABELS["en" if layout == "en" else "zh"]
        label_pages = {r.page_of(_norm(label), "all", r.first_body_page) for label in labels}
        assert len(label_pages) == 1, label_pages  # the block never splits
        seal_page = label_pages.pop()
        if layout in ("parallel", "stacked"):  # the English labels with the Chinese ones
            assert {r.page_of(_norm(label), "all", r.first_body_page)
                    for label in _SEAL_LABELS["en"]} == {seal_page}
        for lang in _langs(layout):
            last = (decl.zh if lang == "zh" else decl.en).splitlines()[-1]
            tail = _expected(last)[-12:]
            pages = [n for n, text in enumerate(r.columns()[_column(layout, lang)], 1)
                     if tail in text and n >= r.first_body_page]
            assert pages and pages[-1] == seal_page, (layout, lang, pages, seal_page)
        # Room for a 42 mm seal over the unit's line and the date: 32 mm between them.
        marks = ("盖章", "日期") if layout != "en" else ("companyseal", "Date:")
        ys = [y for x, y, text in _chunks_of(r.reader.pages[seal_page - 1])
              if any(mark in _norm(text) for mark in marks)]
        assert len(ys) == 2 and max(ys) - min(ys) >= 31 * 72 / 25.4, ys


def test_no_western_seal_box_and_no_colophon(hostile):
    for layout, r in hostile.items():
        text = _norm("".join(p.extract_text() for p in r.reader.pages))
        for gone in ("盖章/Seal", "GeneratedbyCoopDesktop", "本文件由CoopDesktop", "SHA-256"):
            assert _norm(gone) not in text, (layout, gone)
        assert r.reader.metadata.creator == "Coop Desktop 0.1.0"  # the producer stays in metadata


def test_annex_list_prints_titles_with_pages_not_file_names_or_digests(big, tmp_path):
    r = big["parallel"]
    start = dict(r.report.toc)["attachments"]
    text = r.stream("all", start)
    zh, en = r.stream("zh", start), r.stream("en", start)
    assert _norm("附件：1.证明材料第1号") in zh and _norm("Annexes: 1. Certificate 1") in en
    assert _norm("60.证明材料第60号") in zh and _norm("60. Certificate 60") in en
    assert "file-60.pdf" not in text and f"{60:064x}"[:32] not in text
    # Without a title the type stands in (never the file name); page counts when known.
    doc = dataclasses.replace(sample_document(), attachments=(
        PdfAttachment("scan_0001.pdf", "营业执照", "Business licence", "a" * 64, 1234,
                      title_zh="营业执照副本", title_en="Copy of the business licence", pages=2),
        PdfAttachment("audit.pdf", "审计报告", "Audit report", "b" * 64, 99_000, pages=1),
        PdfAttachment("a.pdf", "审计报告", "Audit report", "c" * 64, 9_000, pages=3,
                      title_zh="审计报告（2025年度）", title_en="Audit report (2025)"),
    ))
    for style in STYLE_NAMES:
        one = _render(tmp_path, doc, "parallel", "annex", style=style)
        body = one.stream("all")
        assert _norm("附件：1.营业执照副本（2页）") in body, body
        assert _norm("2.审计报告（1页）") in body
        assert _norm("Annexes: 1. Copy of the business licence (2 pages)") in body
        assert _norm("2. Audit report (1 page)") in body
        # A title with its own brackets takes the page count inside them.
        assert _norm("3.审计报告（2025年度，3页）") in body
        assert _norm("3. Audit report (2025, 3 pages)") in body
        assert "scan_0001" not in body and "audit.pdf" not in body and "aaaa" not in body
        # One list only.
        assert body.count(_norm("附件：")) == 1


def test_cover_shows_what_a_reviewer_needs_and_nothing_internal(hostile):
    r = hostile["parallel"]
    cover = _norm(r.reader.pages[0].extract_text())
    for piece in ("2026年3月12日", "12 March 2026", "91320500MA1XK2Q37B", "SZ-2026-0142",
                  "A&B <Ltd> Trading", "苏州瑞丰精密机械有限公司", "中国—匈牙利中小企业合作区",
                  "匈牙利", "Hungary", "李华 Li Hua", "+86 512 6688 1234", "联系人", "联系电话",
                  "申报日期", "Date of application"):
        assert _norm(piece) in cover, piece
    # Internal workflow data stays out: status, revision, created, deadline, officer.
    for gone in ("待提交", "Ready", "第3版", "revision", "创建日期", "Created", "2026年2月2日",
                 "截止日期", "Deadline", "2026年3月31日", "王敏", "状态"):
        assert _norm(gone) not in cover, gone
    meta = r.reader.metadata
    assert meta.title == "中外中小企业合作区入园申请书 / Application for Admission to an " \
                         "International SME Cooperation Zone"
    assert meta.author.startswith("苏州市工业和信息化局")
    assert meta.subject == "苏州瑞丰精密机械有限公司 / A&B <Ltd> Trading"
    assert meta.get("/Keywords") == "A&B, <x>"
    assert str(meta.get("/CreationDate")).startswith("D:20260315")
    assert r.reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert hostile["en"].reader.trailer["/Root"]["/Lang"] == "en"
    for layout, one in hostile.items():  # no internal field in any layout's whole text
        text = _norm("".join(p.extract_text() for p in one.reader.pages))
        for gone in ("待提交", "第3版", "创建日期", "Created", "截止日期", "Deadline"):
            assert _norm(gone) not in text, (layout, gone)


def test_a_section_keyed_cover_never_prints(tmp_path):
    base = sample_document()
    doc = dataclasses.replace(base, sections=(
        PdfSection("cover", "封面", "Cover", "申请单位：旧封面", "Applicant: old cover"),
        *base.sections))
    for style in STYLE_NAMES:
        r = _render(tmp_path, doc, "parallel", "cover", style=style, force_cover=True)
        text = _norm("".join(p.extract_text() for p in r.reader.pages))
        assert "旧封面" not in text and "oldcover" not in text
        assert "cover" not in dict(r.report.toc)
        assert _norm("一、企业简介") in text  # numbering starts at the first real section


def test_glyphs_no_font_has_are_replaced_visibly_and_reported(tmp_path):
    doc = dataclasses.replace(
        sample_document(), title_en="Title \U0003134a",
        sections=(PdfSection("odd", "奇怪", "Odd", "前\ue000后", "fine"),
                  PdfSection("declaration", "声明", "Declaration", "我们声明。", "We declare.",
                             kind="declaration")),
        attachments=())
    for style in STYLE_NAMES:
        r = _render(tmp_path, doc, "parallel", style=style)
        assert GlyphWarning("section:odd", "zh", "\ue000") in r.report.warnings
        assert GlyphWarning("title", "en", "\U0003134a") in r.report.warnings
        assert "section:odd (zh): no font for U+E000" in [str(w) for w in r.report.warnings]
        assert "前\ufffd后" in r.stream("zh", r.first_body_page)


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_rendering_is_deterministic_and_writes_to_streams(style):
    doc = sample_document()
    one, two = io.BytesIO(), io.BytesIO()
    render_pdf(doc, one, layout="stacked", style=style)
    render_pdf(doc, two, layout="stacked", style=style)
    assert one.getvalue() == two.getvalue() and one.getvalue().startswith(b"%PDF")
    with pytest.raises(ValueError):
        render_pdf(doc, io.BytesIO(), layout="sideways")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        render_pdf(doc, io.BytesIO(), style="fancy")


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
    text = _norm("".join(page.extract_text() for page in reader.pages))
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
