"""The bilingual dossier PDF: a pure function of a :class:`PdfDocument` (no Qt, no UI language).

Layouts: ``parallel`` (Chinese and English columns side by side), ``stacked`` (each section
in Chinese, then in English), ``zh`` and ``en`` (one language). Print styles
(:mod:`.styles`): ``official`` (公文, GB/T 9704-2012 conventions, the default) and ``modern``.

What prints, in order:

* a **long document** (the body needs more than three pages, or ``force_cover=True``): the
  cover (:mod:`.front`: title, applicant, USCC, zone, country, contact, telephone, date of
  application, reference number), the table of contents, the body sections
  (:mod:`.sections`), the annex list, and the declaration on a page of its own ending with
  the seal / signature / date block (:mod:`.closing`);
* a **short document** (the body fits on three pages, and ``force_cover`` is not True): no
  cover and no TOC; the first page starts with the title, and the rest follows.

Page furniture (:mod:`.page`): page numbers in the style's form, the modern style's running
header, a diagonal 草稿 / DRAFT watermark on every page of a draft (``doc.draft``). Nothing
internal is printed (status, revision, created dates, the software's name); the PDF's
metadata keeps the producer.

Design:

* **Page numbers**: ``multiBuild`` passes (see :mod:`.flowables`); section anchors inside the
  heading report where the heading is actually drawn.
* **Short or long**: a short document is laid out first (unless the text is obviously too
  long for three pages); laying it out stops as soon as it needs a fourth page
  (:class:`~.page.TooLong`), and the long form is laid out instead.
* **Fonts**: the canvas starts in Noto Sans SC (no unembedded Helvetica); every font is
  embedded and subset by reportlab.
* **Determinism**: ``invariant=1`` and a creation date taken from ``doc.generated_on``.
"""

from __future__ import annotations

import inspect
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.lib import colors
from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph

from coop_desktop.documents.pdf import fonts
from coop_desktop.documents.pdf.closing import ClosingMixin
from coop_desktop.documents.pdf.escape import Collector, GlyphWarning, markup, plain
from coop_desktop.documents.pdf.flowables import PageCounter, SectionPages
from coop_desktop.documents.pdf.front import FrontMixin, table_style
from coop_desktop.documents.pdf.model import PdfDocument
from coop_desktop.documents.pdf.page import (  # PAGE_W/H, margins: re-exported for tests
    FRAME_H,
    FRAME_W,
    LIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    RULE,
    DocTemplate,
    TooLong,
    canvas_maker,
)
from coop_desktop.documents.pdf.pdfa import PdfaTitles
from coop_desktop.documents.pdf.sections import (  # noqa: F401 - re-exported for tests
    CHUNK_MAX,
    CHUNK_MIN,
    CHUNK_OVER,
    CHUNK_TARGET,
    SectionsMixin,
    chunks as _chunks,
    plan as _plan,
)
from coop_desktop.documents.pdf.styles import (
    STYLE_NAMES,
    OFFICIAL,
    PrintStyle,
    TextSpec,
    ensure_fonts,
    get_style,
    paragraph_style,
)
from coop_desktop.i18n.formatting import format_date

__all__ = ["FRAME_H", "FRAME_W", "GUTTER", "LAYOUTS", "MARGIN_BOTTOM", "MARGIN_TOP", "MARGIN_X",
           "PAGE_H", "PAGE_W", "STYLE_NAMES", "Layout", "RenderReport", "render_pdf"]

Layout = Literal["parallel", "stacked", "zh", "en"]
LAYOUTS: tuple[str, ...] = ("parallel", "stacked", "zh", "en")
#: The default (official) style's column gutter in the parallel layout.
GUTTER = OFFICIAL.gutter
#: A short document fits on this many pages: no cover, no TOC. (A cover and a contents page
#: add two pages: a body of three pages would become five, most of it furniture; the
#: official style's larger type puts a one-page modern profile on two or three.)
SHORT_PAGES = 3


@dataclass
class RenderReport:
    """``pages``: page count; ``toc``: (section key, first page) in document order, with
    ``"attachments"`` for the annex list; ``warnings``: characters drawn as U+FFFD;
    ``pdfa``: the file was made PDF/A-2b; ``style``: the print style; ``cover``: the
    document has a cover and a table of contents (it is not a short one)."""

    pages: int
    warnings: list[GlyphWarning] = field(default_factory=list)
    toc: list[tuple[str, int]] = field(default_factory=list)
    pdfa: bool = False
    style: str = "official"
    cover: bool = True


# --------------------------------------------------------------------------- markup

_PRIMARY = "primary" in inspect.signature(markup).parameters


#: Chinese body text through :class:`.cjk_paragraph.CJKParagraph` (the line-breaking work of
#: issue 13); False: reportlab's ``Paragraph`` (CJK word wrap, ragged punctuation).
USE_CJK_PARAGRAPH = True


def _cjk_paragraph():  # noqa: ANN202
    if not USE_CJK_PARAGRAPH:
        return None
    try:
        from coop_desktop.documents.pdf.cjk_paragraph import CJKParagraph
    except ImportError:  # pragma: no cover - the line-breaking module not there yet
        return None
    return CJKParagraph


#: The flowable for Chinese body text (reportlab's Paragraph when it is not available).
_CJK = _cjk_paragraph()
_HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _markup(text: str | None, collector: Collector, where: str, language: str | None,
            font: str | None) -> str:
    chains = getattr(fonts, "CHAINS", {})
    if _PRIMARY and font and font != fonts.REGULAR and font in chains:
        return markup(text, collector, where, language, primary=font)
    return markup(text, collector, where, language)


# --------------------------------------------------------------------------- paragraph styles


class _Styles:
    """The reportlab paragraph styles of one print style and layout."""

    def __init__(self, style: PrintStyle, layout: str) -> None:
        lt = style.layout_text(layout)
        self.style, self.lt = style, lt
        ps = paragraph_style
        self.body = {"zh": ps(lt.body_zh, "body_zh", cjk=True), "en": ps(lt.body_en, "body_en")}
        self._heads = {1: (lt.h1_zh, lt.h1_en), 2: (lt.h2_zh, lt.h2_en), 3: (lt.h3_zh, lt.h3_en)}
        self._cache: dict[object, object] = {}
        self.title = {"zh": ps(style.title_zh, "title_zh", cjk=True),
                      "en": ps(style.title_en, "title_en")}
        sub = style.subtitle
        self.subtitle = {"zh": ps(sub, "subtitle_zh", cjk=True),
                         "en": ps(TextSpec("serif_en" if style.name == "official" else "sans",
                                           sub.size - 3, sub.leading - 6, "center",
                                           grey=sub.grey), "subtitle_en")}
        self.reference = ps(TextSpec(style.cover_value_zh.role, 12 if style.name == "official"
                                     else 9, 16, "right"), "reference", cjk=True)
        self.cover_label = {"zh": ps(style.cover_label_zh, "cover_label_zh", cjk=True),
                            "en": ps(style.cover_label_en, "cover_label_en"),
                            "en_only": ps(_resize(style.cover_label_en, style.cover_label_zh),
                                          "cover_label_en_only")}
        self.cover_value = {"zh": ps(style.cover_value_zh, "cover_value_zh", cjk=True),
                            "en": ps(style.cover_value_en, "cover_value_en"),
                            "en_only": ps(_resize(style.cover_value_en, style.cover_value_zh),
                                          "cover_value_en_only")}
        self.toc_head = ps(style.toc_head, "toc_head", cjk=True)
        self.toc_head_en = ps(TextSpec("serif_en_bold", 13, 18, "center", after=style.toc_head.after)
                              if style.name == "official" else style.toc_head, "toc_head_en")
        self.toc_page = ps(TextSpec(style.toc_zh.role, style.toc_zh.size, style.toc_zh.leading,
                                    "right"), "toc_page")
        self.closing_head = {"zh": ps(style.closing_head_zh, "closing_zh", cjk=True),
                             "en": ps(style.closing_head_en, "closing_en")}
        self.sign = {"zh": ps(style.sign_zh, "sign_zh", cjk=True),
                     "en": ps(style.sign_en, "sign_en"),
                     "en_only": ps(_resize(style.sign_en, style.sign_zh), "sign_en_only")}
        self.table_font = paragraph_style(lt.body_zh, "cell").fontName

    def font_names(self) -> set[str]:
        """Every font a paragraph style of this layout names (to register before use)."""
        names = {self.table_font}
        for value in vars(self).values():
            for item in (value.values() if isinstance(value, dict) else [value]):
                name = getattr(item, "fontName", None)
                if isinstance(name, str):
                    names.add(name)
        for level in (1, 2, 3):
            for lang in ("zh", "en"):
                names.add(self.head(level, lang).fontName)
        return names

    def head(self, level: int, lang: str):  # noqa: ANN201
        key = ("head", min(level, 3), lang)
        if key not in self._cache:
            spec = self._heads[min(level, 3)][0 if lang == "zh" else 1]
            if level >= 4:  # （1）: the body face, like level 3
                spec = self._heads[3][0 if lang == "zh" else 1]
            self._cache[key] = paragraph_style(spec, f"h{level}_{lang}", cjk=lang == "zh",
                                               keepWithNext=0)
        return self._cache[key]

    def body_variant(self, lang: str, *, indent: bool = True, after: bool = True):  # noqa: ANN201
        """The body style; ``indent=False``: a continuation piece (no first-line indent);
        ``after=False``: no space after (a piece followed by the rest of its paragraph)."""
        base = self.body[lang]
        if indent and after:
            return base
        key = ("body", lang, indent, after)
        if key not in self._cache:
            self._cache[key] = base.clone(f"{base.name}_{int(indent)}{int(after)}",
                                          firstLineIndent=base.firstLineIndent if indent else 0,
                                          spaceAfter=base.spaceAfter if after else 0)
        return self._cache[key]

    def toc_level(self, lang: str, indent_chars: float):  # noqa: ANN201
        key = ("toc", lang, indent_chars)
        if key not in self._cache:
            spec = self.style.toc_zh if lang == "zh" else self.style.toc_en
            self._cache[key] = paragraph_style(spec, f"toc_{lang}", cjk=lang == "zh",
                                               leftIndent=indent_chars * spec.size)
        return self._cache[key]

    def annex_style(self, lang: str, left: float, first: float, *, last: bool):  # noqa: ANN201
        key = ("annex", lang, round(left, 2), round(first, 2), last)
        if key not in self._cache:
            base = self.body[lang]
            self._cache[key] = base.clone(f"annex_{lang}", leftIndent=left, firstLineIndent=first,
                                          spaceAfter=0, alignment=0)
        return self._cache[key]


def _resize(spec: TextSpec, like: TextSpec) -> TextSpec:
    """``spec`` at the size of ``like`` (an English-only layout's labels take the Chinese size)."""
    return TextSpec(spec.role, like.size * (0.85 if like.size > 12 else 1.0),
                    like.leading, spec.align, spec.indent, spec.left, spec.before, spec.after,
                    spec.grey)


# --------------------------------------------------------------------------- builder


class _Builder(FrontMixin, SectionsMixin, ClosingMixin):
    """Builds the story for one document, layout and style (collecting glyph warnings)."""

    def __init__(self, doc: PdfDocument, layout: Layout, style: PrintStyle | str = OFFICIAL, *,
                 cover: bool = True) -> None:
        self.doc = doc
        self.layout = layout
        self.style = get_style(style) if isinstance(style, str) else style
        self.langs: tuple[str, ...] = {"zh": ("zh",), "en": ("en",)}.get(layout, ("zh", "en"))
        self.lt = self.style.layout_text(layout)
        self.st = _Styles(self.style, layout)
        self.frame_w, self.frame_h = self.style.frame_w, self.style.frame_h
        self.warn = Collector()
        self.with_cover = cover
        self.ink = colors.black
        self.rule_colour = RULE if self.style.rules else None
        self.light_colour = LIGHT
        self.divider_colour = LIGHT if self.style.divider else None
        self.counter = PageCounter()
        self.sections_seen = SectionPages()
        self.toc_flowable = None

    # ---- helpers used by the mixins

    def m(self, text: str | None, where: str, language: str | None = None,
          font: str | None = None) -> str:
        """Markup for ``text`` in a paragraph set in ``font`` (characters the font lacks get
        ``<font>`` tags for the faces of its fallback chain)."""
        return _markup(text, self.warn, where, language, font)

    def para(self, text: str | None, style, where: str,  # noqa: ANN001
             language: str | None = None) -> Paragraph:
        """A paragraph of ``text``: Chinese (and mixed) text is set by
        :class:`.CJKParagraph` (避头尾, no punctuation past the column edge, compressed
        punctuation, justified where the style says so); English by reportlab's
        ``Paragraph``. ``language`` None: by the text (any Han character: Chinese)."""
        markup_text = self.m(text, where, language, style.fontName)
        chinese = language == "zh" or (language is None and _HAN.search(text or "") is not None)
        return self.flow(markup_text, style, chinese)

    def flow(self, markup_text: str, style, chinese: bool):  # noqa: ANN001, ANN201
        """A paragraph of ready markup (see :meth:`para`)."""
        if chinese and _CJK is not None:
            return _CJK(markup_text, style)
        return Paragraph(markup_text, style)

    text_para = para  # body text (tests and the section builders call it so)

    def pick(self, zh: str | None, en: str | None) -> list[tuple[str, str | None]]:
        return [(lang, zh if lang == "zh" else en) for lang in self.langs]

    def date(self, value: date | None, language: str) -> str | None:
        if value is None:
            return None
        if language == "zh":
            return format_date(value, "zh_CN", "long")  # 2026年3月15日
        return format_date(value, "en", "d MMMM y")  # 15 March 2026

    def table_style(self, commands: list):  # noqa: ANN201
        return table_style(commands, self.st.table_font)

    # ---- the story

    def story(self) -> list:
        plan = _plan(self.doc, self.langs)
        self.plan = plan
        story: list = []
        if self.with_cover:
            story += [*self.cover(), *self.toc(plan)]
        else:
            story += self.short_front()
        for entry in plan.entries:
            story += self.section(entry)
        story += self.annexes()
        story += self.closing(plan.closing, new_page=self.with_cover)
        while story and isinstance(story[-1], (PageBreak, NextPageTemplate)):
            story.pop()  # nothing after the cover or the contents: no blank last page
        story.append(self.sections_seen)
        if self.style.folio == "modern":
            story.append(self.counter)
        return story

    def toc_pages(self) -> dict[str, int]:
        return self.sections_seen.pages()

    def keys(self) -> list[str]:
        keys = [e.key for e in self.plan.entries]
        if self.doc.attachments:
            keys.append("attachments")
        if self.plan.closing is not None:
            keys.append(self.plan.closing.key)
        return keys


# --------------------------------------------------------------------------- entry point

#: Characters of each language that surely need more than three pages in any style and
#: layout (the densest: modern, full width: ~2,000 Chinese or ~5,000 English characters a
#: page); below them the short form is tried.
_SHORT_CAPACITY = {"zh": 2600, "en": 6500}


def _surely_long(doc: PdfDocument, langs: tuple[str, ...], layout: str) -> bool:
    volume = {lang: sum(len((s.zh if lang == "zh" else s.en) or "") for s in doc.sections
                        if s.key != "cover") / _SHORT_CAPACITY[lang] for lang in langs}
    pages = max(volume.values()) * 2 if layout == "parallel" else sum(volume.values())
    return pages > SHORT_PAGES


def _build(builder: _Builder, meta: dict, maker: object, max_pages: int | None) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    template = DocTemplate(buffer, builder, builder.style, max_pages=max_pages, **meta)
    first = "cover" if builder.with_cover else "first"
    template._firstPageTemplateIndex = [t.id for t in template.pageTemplates].index(first)
    template.multiBuild(builder.story(), maxPasses=6, canvasmaker=maker)
    return buffer.getvalue(), builder.counter.current or template.page


def render_pdf(doc: PdfDocument, out: Path | BinaryIO, *, layout: Layout = "parallel",
               style: str = "official", pdfa: bool = False,
               force_cover: bool | None = None) -> RenderReport:
    """Write the dossier PDF for ``doc`` to ``out`` (a path or a binary stream).

    Pure: depends only on ``doc`` and the options (no UI language, no clock; two renders
    of the same document give the same bytes). Characters no bundled font has are printed
    as U+FFFD and listed in the report's warnings, by field and language.

    ``style``: ``"official"`` (公文) or ``"modern"`` (see :mod:`.styles`).
    ``pdfa``: a PDF/A-2b file (XMP metadata, sRGB output intent; see :mod:`.pdfa`).
    ``force_cover``: ``None`` — a cover and a table of contents only when the body needs
    more than three pages; ``True`` — always; ``False`` — never.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    print_style = get_style(style)
    ensure_fonts(print_style, _Styles(print_style, layout).font_names())
    d = doc
    langs = {"zh": ("zh",), "en": ("en",)}.get(layout, ("zh", "en"))

    def both(zh: str | None, en: str | None) -> str:
        return " / ".join(plain(t) for lang, t in (("zh", zh), ("en", en))
                          if lang in langs and t)

    lang = "en" if layout == "en" else "zh-CN"
    meta = dict(title=both(d.title_zh, d.title_en),
                author=both(d.organisation_zh, d.organisation_en) or "Coop Desktop",
                subject=both(d.applicant_zh, d.applicant_en),
                keywords=", ".join(plain(k) for k in d.keywords),
                creator=f"Coop Desktop {d.app_version}".strip(), invariant=1, lang=lang)
    titles = PdfaTitles(plain(d.title_zh) if "zh" in langs and d.title_zh else None,
                        plain(d.title_en) if "en" in langs and d.title_en else None)
    languages = tuple("zh-CN" if code == "zh" else code for code in langs)
    maker = canvas_maker(d.generated_on, lang, titles if pdfa else None, languages)

    result = None
    if force_cover is False or (force_cover is None and not _surely_long(d, langs, layout)):
        builder = _Builder(doc, layout, print_style, cover=False)
        try:
            result = _build(builder, meta, maker, None if force_cover is False else SHORT_PAGES)
        except TooLong:
            result = None
    if result is None:
        builder = _Builder(doc, layout, print_style, cover=True)
        result = _build(builder, meta, maker, None)
    data, pages = result
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    starts = builder.toc_pages()
    return RenderReport(pages=pages, warnings=builder.warn.warnings(),
                        toc=[(k, starts[k]) for k in builder.keys() if k in starts], pdfa=pdfa,
                        style=print_style.name, cover=builder.with_cover)

