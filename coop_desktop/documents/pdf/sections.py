"""The body sections of the dossier: which sections print, their numbers, and their story.

What prints (:func:`plan`)
    A section keyed ``"cover"`` never prints (the cover is made from the document's fields).
    A section whose text is empty (blank in every language the layout shows) is left out
    when ``empty == "omit"`` and printed with "无" / "None" when ``empty == "none"``; the
    numbering, the table of contents and the bookmarks follow. The last ``declaration``
    section is not numbered: it is the closing (see :mod:`.closing`).

Numbering
    Chinese 一、 （一） 1. （1） by level, English 1. 1.1 1.1.1 (a) (:func:`.styles.heading_number`);
    a level-2 section before any level-1 one counts as level 1.

Layouts
    ``parallel``: one :class:`~.flowables.ParallelRow` per paragraph pair (the i-th Chinese
    paragraph beside the i-th English one), so that each pair starts level; a row splits
    at line boundaries on both sides or moves on whole. ``stacked``/``zh``/``en``: the
    section in each language in turn. In every layout a heading keeps at least two lines
    of its text with it (:class:`~.flowables.HeadingKeep`).

Long paragraphs are laid out as pieces (:func:`chunks`): reportlab re-wraps the whole rest
of a paragraph each time it splits it across a page, so one giant paragraph would cost time
quadratic in its length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import TYPE_CHECKING

from coop_desktop.documents.pdf.escape import plain
from coop_desktop.documents.pdf.flowables import Anchor, Column, HeadingKeep, ParallelRow
from coop_desktop.documents.pdf.model import PdfDocument, PdfSection
from coop_desktop.documents.pdf.styles import heading_number

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

__all__ = ["CHUNK_MAX", "CHUNK_MIN", "CHUNK_OVER", "CHUNK_TARGET", "Entry", "Plan", "chunks",
           "paragraphs", "plan"]

NONE_TEXT = {"zh": "无", "en": "None"}


def paragraphs(text: str) -> list[str]:
    """A section's paragraphs: one per non-blank line."""
    return [p for p in (line.strip() for line in (text or "").splitlines()) if p]


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class Entry:
    """One printed section: its numbered titles and the text printed per language."""

    section: PdfSection
    level: int
    title: dict[str, str]  # language → "一、企业简介" / "1. Company profile"
    text: dict[str, str]  # language → the text printed ("无"/"None" for an empty one)
    closing: bool = False

    @property
    def key(self) -> str:
        return self.section.key


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    closing: Entry | None = None


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def plan(doc: PdfDocument, langs: tuple[str, ...]) -> Plan:
    """The sections that print, in order, numbered (see the module docstring)."""
    sections = [s for s in doc.sections if s.key != "cover"]
    declarations = [s for s in sections if s.is_declaration]
    closing_section = declarations[-1] if declarations else None
    out = Plan()
    counters = [0, 0, 0, 0]
    for s in sections:
        texts = {lang: (s.zh if lang == "zh" else s.en) or "" for lang in langs}
        if all(_blank(t) for t in texts.values()):
            if s.empty != "none":
                continue
            texts = {lang: NONE_TEXT[lang] for lang in langs}
        raw = {lang: (s.title_zh if lang == "zh" else s.title_en) or "" for lang in langs}
        if s is closing_section:
            out.closing = Entry(s, 1, {k: v.strip() for k, v in raw.items()}, texts, True)
            continue
        level = max(1, min(int(s.level or 1), 4))
        while level > 1 and counters[level - 2] == 0:
            level -= 1
        counters[level - 1] += 1
        for deeper in range(level, 4):
            counters[deeper] = 0
        path = tuple(counters[:level])
        titles = {lang: f"{heading_number(level, path, lang)}{' ' if lang == 'en' else ''}"
                        f"{raw[lang].strip()}" for lang in langs}
        out.entries.append(Entry(s, level, titles, texts))
    return out


# --------------------------------------------------------------------------- long paragraphs

#: A paragraph longer than this is laid out as pieces of about CHUNK_TARGET characters; a
#: piece (at most CHUNK_MAX characters) is always shorter than a page, so reportlab never has
#: to split one on a fresh page (where it refuses a split that would leave less than two
#: lines, and gives up).
CHUNK_OVER = 3000
CHUNK_MIN, CHUNK_TARGET, CHUNK_MAX = 400, 600, 800
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)\]]*|[.](?=\s)")
_SPACE = re.compile(r"\s+")
_JOINING = ("Mn", "Me", "Mc", "Cf")  # marks and joiners: never the first of a piece


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


def chunks(paragraph: str) -> list[str]:
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


# --------------------------------------------------------------------------- story


class SectionsMixin:
    """The body sections' story; mixed into the render module's builder (which provides
    ``layout``, ``langs``, ``style``, ``st``, ``lt``, ``text_para``, ``para``...)."""

    def outline_title(self, entry: Entry) -> str:
        return " / ".join(plain(entry.title[lang]) for lang in self.langs if entry.title[lang])

    def heading(self, entry: Entry, lang: str) -> Flowable:
        return self.para(entry.title[lang], self.st.head(entry.level, lang),
                         f"section:{entry.key}.title", lang)

    def section(self, entry: Entry) -> list:
        if self.layout == "parallel":
            return self._parallel(entry)
        return self._stacked(entry)

    # ---- pieces of paragraphs

    def body_flowables(self, text: str, lang: str, where: str, *, width: float | None = None,
                       gap: bool = True) -> list[list[Flowable]]:
        """One list of flowables per paragraph of ``text`` (the pieces of a long one follow
        without a gap, and only the first is indented)."""
        out = []
        for paragraph in paragraphs(text):
            pieces = self._pieces(paragraph, lang, width or self.frame_w, where)
            flows = []
            for i, piece in enumerate(pieces):
                last = i == len(pieces) - 1
                style = self.st.body_variant(lang, indent=i == 0, after=last and gap)
                flows.append(self.text_para(piece, style, where, lang))
            out.append(flows)
        return out

    def _pieces(self, text: str, lang: str, width: float, where: str) -> list[str]:
        """:func:`chunks` of a paragraph, each piece shorter than a page at ``width``: a
        piece of unusually wide glyphs is halved until it is (only long paragraphs are cut,
        so only their pieces are measured)."""
        pieces = chunks(text)
        if len(pieces) <= 1:
            return pieces
        style = self.st.body[lang]
        room = self.frame_h - 2 * style.leading - 7
        out: list[str] = []
        todo = pieces[::-1]
        while todo:
            piece = todo.pop()
            height = self.text_para(piece, style, where, lang).wrap(width, self.frame_h)[1]
            if height < room or len(piece) < 2:
                out.append(piece)
            else:
                half = len(piece) // 2
                while half < len(piece) - 1 and unicodedata.category(piece[half]) in _JOINING:
                    half += 1
                todo += [piece[half:], piece[:half]]
        return out

    # ---- layouts

    def _keep_lines(self, lang: str) -> float:
        """The height of two body lines: what a heading keeps with it."""
        return 2 * self.st.body[lang].leading

    def _parallel(self, entry: Entry) -> list:
        lt, style = self.lt, self.style
        col = (self.frame_w - style.gutter) / 2
        widths = (col, col)
        divider = self.divider_colour
        where = f"section:{entry.key}"
        anchor = Anchor(entry.key, self.outline_title(entry), entry.level - 1)
        head = ParallelRow(Column([anchor, self.heading(entry, "zh")]), self.heading(entry, "en"),
                           widths, style.gutter, divider=divider,
                           space_after=lt.row_gap if not style.rules else 5.0,
                           space_before=lt.section_gap,
                           rule_below=self.rule_colour if entry.level == 1 else None)
        rows: list[ParallelRow] = []
        zh_paras = self.body_flowables(entry.text.get("zh", ""), "zh", where, width=col, gap=False)
        en_paras = self.body_flowables(entry.text.get("en", ""), "en", where, width=col, gap=False)
        for zh, en in zip_longest(zh_paras, en_paras, fillvalue=[]):
            count = max(len(zh), len(en))
            for k, (zp, ep) in enumerate(zip_longest(zh, en)):
                rows.append(ParallelRow(zp, ep, widths, style.gutter, divider=divider,
                                        space_after=lt.row_gap if k == count - 1 else 0.0))
        story: list = [HeadingKeep([head], rows[0] if rows else None,
                                   max(self._keep_lines("zh"), self._keep_lines("en")))]
        story += rows[1:]
        return story

    def _stacked(self, entry: Entry) -> list:
        story: list = []
        where = f"section:{entry.key}"
        for i, lang in enumerate(self.langs):
            flows = [f for para in self.body_flowables(entry.text.get(lang, ""), lang, where)
                     for f in para]
            head: list = [self.heading(entry, lang)]
            if i == 0:
                head.insert(0, Anchor(entry.key, self.outline_title(entry), entry.level - 1))
            story.append(HeadingKeep(head, flows[0] if flows else None, self._keep_lines(lang)))
            story.extend(flows[1:])
        return story
