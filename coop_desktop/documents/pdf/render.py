"""The bilingual dossier PDF: a pure function of a :class:`PdfDocument` (no Qt, no UI language).

Layouts: ``parallel`` (Chinese and English columns side by side), ``stacked`` (each section
in Chinese, then in English), ``zh`` and ``en`` (one language). Every layout has: a cover
page, a table of contents with page numbers, PDF bookmarks per section, a running header
(title, applicant, reference) and a "第 X 页 共 Y 页 / Page X of Y" footer, the seal /
signature / date block on the page where the declaration ends, the attachments list and a
generation line. A4 portrait.

Design:

* **Alignment** (parallel): each section is one two-column table; row 0 holds both titles,
  then one row per paragraph pair (the i-th Chinese paragraph beside the i-th English one).
  Each section, and each paragraph pair, thus starts level on both sides. Rows split across
  pages (``splitInRow``), so a 100 kB section or a 5,000-character paragraph flows on.
* **Page numbers**: ``multiBuild`` passes (see :mod:`.flowables`); section anchors inside the
  heading cell report where the heading is actually drawn.
* **Seal block**: :class:`~.flowables.KeepWithTail` holds the declaration's last row (or
  paragraph) and the block, splitting the row so that its end moves with the block.
* **Fonts**: the canvas starts in Noto Sans SC (no unembedded Helvetica); every font is
  embedded and subset by reportlab.
* **Determinism**: ``invariant=1`` and a creation date taken from ``doc.generated_on``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from itertools import zip_longest
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from coop_desktop.documents.pdf import fonts
from coop_desktop.documents.pdf.escape import Collector, GlyphWarning, markup, plain
from coop_desktop.documents.pdf.flowables import (
    Anchor,
    KeepWithTail,
    PageCounter,
    TocEntry,
    TocTable,
)
from coop_desktop.documents.pdf.model import PdfDocument, PdfSection
from coop_desktop.documents.pdf.pdfa import PdfaTitles
from coop_desktop.documents.pdf.page import (  # PAGE_W/H, margins: re-exported for tests
    FRAME_H,
    FRAME_W,
    GREY,
    LIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    RULE,
    SHADE,
    DocTemplate,
    canvas_maker,
)
from coop_desktop.i18n.formatting import format_date

__all__ = ["LAYOUTS", "MARGIN_BOTTOM", "MARGIN_TOP", "PAGE_H", "PAGE_W", "Layout", "RenderReport",
           "render_pdf"]

Layout = Literal["parallel", "stacked", "zh", "en"]
LAYOUTS: tuple[str, ...] = ("parallel", "stacked", "zh", "en")


GUTTER = 5 * mm

STATUS = {
    "draft": ("草稿", "Draft"), "ready": ("待提交", "Ready"), "submitted": ("已提交", "Submitted"),
    "accepted": ("已受理", "Accepted"), "rejected": ("已退回", "Rejected"),
    "withdrawn": ("已撤回", "Withdrawn"),
}


@dataclass
class RenderReport:
    """``pages``: page count; ``toc``: (section key, first page) in document order, with
    ``"attachments"`` for the attachments list; ``warnings``: characters drawn as U+FFFD;
    ``pdfa``: the file was made PDF/A-2b."""

    pages: int
    warnings: list[GlyphWarning] = field(default_factory=list)
    toc: list[tuple[str, int]] = field(default_factory=list)
    pdfa: bool = False


# --------------------------------------------------------------------------- styles


def _style(name: str, size: float, leading: float, *, bold: bool = False, cjk: bool = False,
           **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size,
                          leading=leading, wordWrap="CJK" if cjk else None, **kw)


class _Styles:
    def __init__(self) -> None:
        self.body = {"zh": _style("body_zh", 10, 16.5, cjk=True),
                     "en": _style("body_en", 10, 14.5)}
        self.head = {"zh": _style("head_zh", 12.5, 18, bold=True, cjk=True),
                     "en": _style("head_en", 12, 17, bold=True)}
        self.head_sub = _style("head_sub", 11, 16, bold=True, textColor=GREY, spaceBefore=6)
        self.title = {"zh": _style("title_zh", 22, 31, bold=True, cjk=True, alignment=TA_CENTER),
                      "en": _style("title_en", 16, 22, bold=True, alignment=TA_CENTER)}
        self.label = _style("label", 9, 13, bold=True, cjk=True)
        self.label_en = _style("label_en", 8.5, 12, textColor=GREY)
        self.value = _style("value", 10, 15, cjk=True)
        self.cell = _style("cell", 8.5, 12, cjk=True)
        self.cell_head = _style("cell_head", 8.5, 12, bold=True, cjk=True)
        self.mono = _style("mono", 7, 9.5, cjk=True)
        self.toc = _style("toc", 10, 15, cjk=True)
        self.toc_page = _style("toc_page", 10, 15, alignment=TA_RIGHT)
        self.small = _style("small", 8, 11, cjk=True, textColor=GREY)
        self.seal = _style("seal", 9, 13, cjk=True)


# --------------------------------------------------------------------------- helpers


def _date(value: date | None, language: str) -> str | None:
    if value is None:
        return None
    if language == "zh":
        return format_date(value, "zh_CN", "long")  # 2026年3月15日
    return format_date(value, "en", "d MMMM y")  # 15 March 2026


def _paragraphs(text: str) -> list[str]:
    """A section's paragraphs: one per non-blank line."""
    return [p for p in (line.strip() for line in (text or "").splitlines()) if p]


#: A paragraph longer than this is laid out as pieces of about CHUNK_TARGET characters.
#: reportlab re-wraps the whole rest of a paragraph each time it splits it across a page,
#: so one giant paragraph costs time quadratic in its length (a 100,000-character one took
#: 10 s, a 1,000,000-character one did not finish); pieces are wrapped once each. Ordinary
#: paragraphs are far shorter and are laid out exactly as before. A piece (at most
#: CHUNK_MAX characters: 35 lines of Chinese in a parallel column) is always shorter than a
#: page, so reportlab never has to split one on a fresh page (where it refuses a split that
#: would leave less than two lines, and gives up).
CHUNK_OVER = 3000
CHUNK_MIN, CHUNK_TARGET, CHUNK_MAX = 400, 600, 800
#: Rows per table in the parallel layout (see ``_parallel``).
TABLE_ROWS = 100
#: A table of a long section ends after a row no longer than this (in characters).
SHORT_ROW = 800
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)\]]*|[.](?=\s)")
_SPACE = re.compile(r"\s+")


def _cut(text: str, start: int) -> int:
    """Where the piece of ``text`` starting at ``start`` ends: after the last sentence end
    in its window, else at the last space, else (a long run of CJK or one "word") at the
    target length, never before a combining mark or joiner."""
    lo, hi = start + CHUNK_MIN, start + CHUNK_MAX
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
    if ends:
        return ends[-1]
    spaces = [m.start() for m in _SPACE.finditer(text, lo, hi)]
    if spaces:
        return spaces[-1]
    cut = start + CHUNK_TARGET
    while cut < len(text) and unicodedata.category(text[cut]) in _JOINING:
        cut += 1
    return cut


_JOINING = ("Mn", "Me", "Mc", "Cf")  # marks and joiners: never the first of a piece


def _table_ends(count: int, short: set[int]) -> list[int]:
    """Where the tables of a section of ``count`` rows end: after TABLE_ROWS rows or more,
    at the first short row (``short``: indexes of short rows); always one table."""
    ends, start = [], 0
    for i in range(count):
        if i + 1 - start >= TABLE_ROWS and i in short and i + 1 < count:
            ends.append(i + 1)
            start = i + 1
    return [*ends, count] if count else [0]


def _chunks(paragraph: str) -> list[str]:
    """``paragraph`` as one piece, or (when longer than :data:`CHUNK_OVER`) as pieces of at
    most :data:`CHUNK_MAX` characters (from :data:`CHUNK_MIN` on, but the last) cut at
    sentence ends or spaces."""
    if len(paragraph) <= CHUNK_OVER:
        return [paragraph] if paragraph else []
    pieces, start = [], 0
    while len(paragraph) - start > CHUNK_MAX:
        cut = _cut(paragraph, start)
        piece = paragraph[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    rest = paragraph[start:].strip()
    return pieces + [rest] if rest else pieces


def _ts(commands: list) -> TableStyle:
    """A TableStyle whose cells default to our font (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])


def _size(size: int) -> str:
    if size < 1024:
        return f"{size:,} B"
    for unit, factor in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if size < factor * 1024 or unit == "GB":
            return f"{size / factor:,.1f} {unit}"
    return f"{size:,} B"  # pragma: no cover


class _Builder:
    """Builds the story for one document and layout (collecting glyph warnings)."""

    def __init__(self, doc: PdfDocument, layout: Layout) -> None:
        self.doc = doc
        self.layout = layout
        self.langs: tuple[str, ...] = {"zh": ("zh",), "en": ("en",)}.get(layout, ("zh", "en"))
        self.st = _Styles()
        self.warn = Collector()

    def m(self, text: str | None, where: str, language: str | None = None) -> str:
        return markup(text, self.warn, where, language)

    def para(self, text: str | None, style: ParagraphStyle, where: str,
             language: str | None = None) -> Paragraph:
        return Paragraph(self.m(text, where, language), style)

    def pick(self, zh: str | None, en: str | None) -> list[tuple[str, str | None]]:
        return [(lang, zh if lang == "zh" else en) for lang in self.langs]

    # ---- cover

    def cover(self) -> list:
        d, st = self.doc, self.st
        story: list = [Spacer(0, 28 * mm)]
        for lang, text in self.pick(d.title_zh, d.title_en):
            story += [self.para(text, st.title[lang], "title", lang), Spacer(0, 3 * mm)]
        story.append(Spacer(0, 14 * mm))
        rows = []

        def row(label_zh: str, label_en: str, zh: str | None, en: str | None, where: str,
                same: bool = False) -> None:
            if not (zh or en):
                return
            labels = []
            if "zh" in self.langs:
                labels.append(Paragraph(self.m(label_zh, "label"), st.label))
            if "en" in self.langs:
                labels.append(Paragraph(self.m(label_en, "label"),
                                        st.label_en if "zh" in self.langs else st.label))
            values = []
            seen: set[str] = set()
            for lang, text in self.pick(zh, en):
                if text and not (same and text in seen):
                    values.append(self.para(text, st.value, where, None if same else lang))
                    seen.add(text)
            rows.append([labels, values])

        dates = {lang: {k: _date(getattr(d, k), lang) for k in ("created", "submitted", "deadline")}
                 for lang in ("zh", "en")}
        status = STATUS.get(d.status, (d.status, d.status))
        row("申请单位", "Applicant", d.applicant_zh, d.applicant_en, "applicant")
        row("统一社会信用代码", "Unified social credit code", d.uscc, d.uscc, "uscc", same=True)
        row("目标园区", "Target zone", d.zone_zh, d.zone_en, "zone")
        row("目标国家", "Target country", d.country_zh, d.country_en, "country")
        row("主管机构", "Organisation", d.organisation_zh, d.organisation_en, "organisation")
        row("编号", "Reference no.", d.reference_no, d.reference_no, "reference_no", same=True)
        row("经办人", "Officer", d.officer, d.officer, "officer", same=True)
        row("状态 / 版本", "Status / revision", f"{status[0]} · 第 {d.revision} 版",
            f"{status[1]} · revision {d.revision}", "status")
        row("创建日期", "Created", dates["zh"]["created"], dates["en"]["created"], "created")
        row("提交日期", "Submitted", dates["zh"]["submitted"], dates["en"]["submitted"],
            "submitted")
        row("截止日期", "Deadline", dates["zh"]["deadline"], dates["en"]["deadline"], "deadline")
        table = Table(rows, colWidths=[52 * mm, FRAME_W - 52 * mm], style=_ts([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        story += [table, NextPageTemplate("body"), PageBreak()]
        return story

    # ---- table of contents

    def toc(self, sections: list[tuple[str, str, str]]) -> list:
        st = self.st
        entries = []
        for key, zh, en in sections:
            cells = [Paragraph(self.m(zh if lang == "zh" else en, f"section:{key}.title", lang),
                               st.toc) for lang in self.langs]
            entries.append(TocEntry(key, cells))
        page_w = 14 * mm
        text_w = (FRAME_W - page_w) / len(self.langs)
        style = _ts([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ])
        self.toc_flowable = TocTable(entries, [text_w] * len(self.langs) + [page_w],
                                     st.toc_page, style)
        heading = " / ".join({"zh": "目录", "en": "Contents"}[lang] for lang in self.langs)
        return [Paragraph(self.m(heading, "toc"), st.head["zh"]), Spacer(0, 4 * mm),
                self.toc_flowable, NextPageTemplate("body"), PageBreak()]

    # ---- sections

    def _title(self, number: int, section: PdfSection, lang: str) -> str:
        return f"{number}. {section.title_zh if lang == 'zh' else section.title_en}"

    def outline_title(self, number: int, section: PdfSection) -> str:
        return " / ".join(plain(self._title(number, section, lang)) for lang in self.langs)

    def section(self, number: int, section: PdfSection) -> list:
        if self.layout == "parallel":
            return self._parallel(number, section)
        return self._stacked(number, section)

    def _parallel(self, number: int, s: PdfSection) -> list:
        st = self.st
        col = (FRAME_W - GUTTER) / 2
        anchor = Anchor(s.key, self.outline_title(number, s))
        heads = [[anchor, self.para(self._title(number, s, "zh"), st.head["zh"],
                                    f"section:{s.key}.title", "zh")],
                 self.para(self._title(number, s, "en"), st.head["en"],
                           f"section:{s.key}.title", "en")]
        pairs: list[list] = []
        joined: set[int] = set()  # rows followed by another piece of the same paragraph
        short: set[int] = set()  # rows of at most SHORT_ROW characters on each side
        for zh, en in zip_longest(_paragraphs(s.zh), _paragraphs(s.en)):
            where = f"section:{s.key}"
            for k, (zc, ec) in enumerate(zip_longest(self._pieces(zh or "", "zh", col, where),
                                                     self._pieces(en or "", "en", col, where))):
                if k:
                    joined.add(len(pairs) - 1)
                if len(zc or "") <= SHORT_ROW and len(ec or "") <= SHORT_ROW:
                    short.add(len(pairs))
                pairs.append([self.para(zc, st.body["zh"], f"section:{s.key}", "zh") if zc else "",
                              self.para(ec, st.body["en"], f"section:{s.key}", "en") if ec else ""])
        widths = [col + GUTTER / 2, col + GUTTER / 2]

        def table(rows: list, head: bool, first: int = 0) -> Table:
            """``first``: the index in ``pairs`` of the first row after the heading."""
            offset = 1 if head else 0
            cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (0, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), GUTTER / 2),
                    ("LEFTPADDING", (1, 0), (1, -1), GUTTER / 2),
                    ("RIGHTPADDING", (1, 0), (1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                    ("LINEAFTER", (0, 0), (0, -1), 0.4, LIGHT)]
            if head:
                cmds += [("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                         ("BOTTOMPADDING", (0, 0), (-1, 0), 4), ("TOPPADDING", (0, 1), (-1, 1), 5)]
            for i in range(len(rows) - offset):
                if first + i in joined:
                    row = offset + i
                    cmds.append(("BOTTOMPADDING", (0, row), (-1, row), 0))
            return Table(rows, colWidths=widths, style=_ts(cmds), splitByRow=1,
                         splitInRow=2 * 16.5, hAlign="LEFT")

        story: list = [CondPageBreak(40 * mm)]
        body = pairs[:-1] if s.is_declaration and pairs else pairs
        # A long section is several tables of about TABLE_ROWS rows, one below the other
        # (they look like one): reportlab copies every remaining row each time it splits a
        # table across a page, which made a section of thousands of paragraphs quadratic.
        # A table ends after a short row: a table's last row is the one reportlab cannot
        # split when less than two lines of it would go on.
        start = 0
        for end in _table_ends(len(body), short):
            rows = body[start:end]
            story.append(table([heads, *rows], head=True) if start == 0
                         else table(rows, head=False, first=start))
            start = end
        if s.is_declaration and pairs:
            story.append(KeepWithTail(table([pairs[-1]], head=False, first=len(pairs) - 1),
                                      self.seal_block(), FRAME_H))
        elif s.is_declaration:
            story.append(self.seal_block())
        story.append(Spacer(0, 5 * mm))
        return story

    def _pieces(self, text: str, lang: str, width: float, where: str) -> list[str]:
        """:func:`_chunks` of a paragraph, each piece shorter than a page at ``width``: a
        piece of unusually wide glyphs is halved until it is (only long paragraphs are cut,
        so only their pieces are measured)."""
        chunks = _chunks(text)
        if len(chunks) <= 1:
            return chunks
        style, room = self.st.body[lang], FRAME_H - 2 * self.st.body[lang].leading - 7
        out: list[str] = []
        todo = chunks[::-1]
        while todo:
            piece = todo.pop()
            height = Paragraph(self.m(piece, where, lang), style).wrap(width, FRAME_H)[1]
            if height < room or len(piece) < 2:
                out.append(piece)
            else:
                half = len(piece) // 2
                while half < len(piece) - 1 and unicodedata.category(piece[half]) in _JOINING:
                    half += 1
                todo += [piece[half:], piece[:half]]
        return out

    def _stacked(self, number: int, s: PdfSection) -> list:
        st = self.st
        story: list = [CondPageBreak(40 * mm)]
        first = True
        last_lang = self.langs[-1]
        tail: Paragraph | None = None
        for lang in self.langs:
            title = self._title(number, s, lang)
            style = st.head[lang] if first else st.head_sub
            head = self.para(title, style, f"section:{s.key}.title", lang)
            paras = []
            for text in _paragraphs(s.zh if lang == "zh" else s.en):
                pieces = [self.para(c, st.body[lang], f"section:{s.key}", lang)
                          for c in _chunks(text)]
                for p in pieces[:-1]:  # the pieces of one paragraph follow without a gap
                    p.style = p.style.clone(p.style.name + "_piece", spaceAfter=0)
                pieces[-1].style = pieces[-1].style.clone(pieces[-1].style.name + "_sp",
                                                          spaceAfter=5)
                paras += pieces
            if s.is_declaration and lang == last_lang and paras:
                tail = paras.pop()
            group = [head, *paras[:1]]
            if first:
                group.insert(0, Anchor(s.key, self.outline_title(number, s)))
            story.append(KeepTogether(group) if len(group) > 1 else group[0])
            story.extend(paras[1:])
            first = False
        if s.is_declaration:
            if tail is not None:
                story.append(KeepWithTail(tail, self.seal_block(), FRAME_H))
            else:
                story.append(self.seal_block())
        story.append(Spacer(0, 6 * mm))
        return story

    def seal_block(self) -> Table:
        st = self.st
        labels = [("盖章", "Seal"), ("法定代表人签字", "Signature of legal representative"),
                  ("日期", "Date")]
        cells = []
        for zh, en in labels:
            text = " / ".join(zh if lang == "zh" else en for lang in self.langs)
            cells.append(Paragraph(self.m(text, "seal"), st.seal))
        box = 38 * mm
        widths = [box + 6 * mm, FRAME_W - box - 6 * mm - 45 * mm, 45 * mm]
        table = Table([[Spacer(0, 4 * mm)] * 3, cells, ["", "", ""]],
                      colWidths=widths, rowHeights=[None, None, box - 10 * mm],
                      style=_ts([
                          ("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("BOX", (0, 1), (0, 2), 0.8, colors.black),  # the seal box
                          ("LINEBELOW", (1, 2), (1, 2), 0.8, colors.black),
                          ("LINEBELOW", (2, 2), (2, 2), 0.8, colors.black),
                          ("LEFTPADDING", (1, 0), (-1, -1), 10),
                      ]), hAlign="LEFT")
        table.keepWithNext = False
        return table

    # ---- attachments and end

    def attachments(self) -> list:
        d, st = self.doc, self.st
        heading_text = " / ".join({"zh": "附件清单", "en": "Attachments"}[lang]
                                  for lang in self.langs)
        anchor = Anchor("attachments", plain(heading_text))
        head_labels = [("序号", "No."), ("文件名", "File name"), ("类型", "Type"),
                       ("大小", "Size"), ("SHA-256", "SHA-256")]
        header = []
        for zh, en in head_labels:
            text = zh if zh == en else "\n".join(zh if lang == "zh" else en for lang in self.langs)
            header.append(Paragraph(self.m(text, "attachments"), st.cell_head))
        rows = [header]
        for i, a in enumerate(d.attachments, 1):
            kinds = []
            for lang, kind in self.pick(a.kind_zh, a.kind_en):
                until = _date(a.expires_on, lang)
                if until:
                    kind = f"{kind}\n{'有效期至 ' + until if lang == 'zh' else 'valid until ' + until}"
                kinds.append(self.para(kind, st.cell, f"attachment[{i}].kind", lang))
            sha = a.sha256 or ""
            sha_text = f"{sha[:32]}\n{sha[32:]}" if len(sha) == 64 else sha
            rows.append([Paragraph(str(i), st.cell),
                         self.para(a.name, st.cell, f"attachment[{i}].name"),
                         kinds, Paragraph(_size(a.size), st.cell),
                         self.para(sha_text, st.mono, f"attachment[{i}].sha256")])
        widths = [11 * mm, 52 * mm, 38 * mm, 18 * mm]
        widths.append(FRAME_W - sum(widths))
        table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=1, style=_ts([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        title = Paragraph(self.m(heading_text, "attachments"), st.head["zh"])
        return [CondPageBreak(50 * mm), KeepTogether([anchor, title, Spacer(0, 3 * mm)]), table,
                Spacer(0, 6 * mm)]

    def generated(self) -> Paragraph:
        d = self.doc
        version = f" {d.app_version}" if d.app_version else ""
        parts = []
        for lang in self.langs:
            when = _date(d.generated_on, lang)
            parts.append(f"本文件由 Coop Desktop{version} 于 {when} 生成。" if lang == "zh"
                         else f"Generated by Coop Desktop{version} on {when}.")
        return Paragraph(self.m("  ".join(parts), "generated"), self.st.small)

    def story(self) -> list:
        d = self.doc
        sections = [(s.key, self._title(n, s, "zh"), self._title(n, s, "en"))
                    for n, s in enumerate(d.sections, 1)]
        if d.attachments:
            sections.append(("attachments", "附件清单", "Attachments"))
        self.counter = PageCounter()
        story = [*self.cover(), *self.toc(sections)]
        for n, s in enumerate(d.sections, 1):
            story += self.section(n, s)
        if d.attachments:
            story += self.attachments()
        story += [self.generated(), self.counter]
        return story


# --------------------------------------------------------------------------- entry point


def render_pdf(doc: PdfDocument, out: Path | BinaryIO, *, layout: Layout = "parallel",
               pdfa: bool = False) -> RenderReport:
    """Write the dossier PDF for ``doc`` to ``out`` (a path or a binary stream).

    Pure: depends only on ``doc``, ``layout`` and ``pdfa`` (no UI language, no clock; two
    renders of the same document give the same bytes). Characters no bundled font has are
    printed as U+FFFD and listed in the report's warnings, by field and language.
    ``pdfa``: a PDF/A-2b file (XMP metadata, sRGB output intent; see :mod:`.pdfa`).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    fonts.ensure_main_fonts()
    builder = _Builder(doc, layout)
    story = builder.story()
    d = doc
    meta_title = " / ".join(plain(t) for _, t in builder.pick(d.title_zh, d.title_en) if t)
    author = " / ".join(plain(t) for _, t in builder.pick(d.organisation_zh, d.organisation_en)
                        if t)
    subject = " / ".join(plain(t) for _, t in builder.pick(d.applicant_zh, d.applicant_en) if t)
    lang = "en" if layout == "en" else "zh-CN"
    buffer = io.BytesIO()
    template = DocTemplate(
        buffer, builder, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta_title,
        author=author or "Coop Desktop", subject=subject,
        keywords=", ".join(plain(k) for k in d.keywords),
        creator=f"Coop Desktop {d.app_version}".strip(), invariant=1, lang=lang,
    )
    titles = PdfaTitles(plain(d.title_zh) if "zh" in builder.langs and d.title_zh else None,
                        plain(d.title_en) if "en" in builder.langs and d.title_en else None)
    languages = tuple("zh-CN" if code == "zh" else code for code in builder.langs)
    maker = canvas_maker(d.generated_on, lang, titles if pdfa else None, languages)
    template.multiBuild(story, maxPasses=6, canvasmaker=maker)
    data = buffer.getvalue()
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    pages = builder.counter.current or template.page
    starts = builder.toc_flowable.pages()
    keys = [s.key for s in d.sections] + (["attachments"] if d.attachments else [])
    return RenderReport(pages=pages, warnings=builder.warn.warnings(),
                        toc=[(k, starts[k]) for k in keys if k in starts], pdfa=pdfa)
