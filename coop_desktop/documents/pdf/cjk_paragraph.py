"""``CJKParagraph``: a reportlab flowable that sets Chinese (and mixed, and English) text with
the line breaking of :mod:`.cjk_lines`.

A drop-in for ``Paragraph`` where render.py builds one: the same inputs (the markup of
:func:`.escape.markup` — text with ``<font name="…">`` runs, ``<br/>`` and escaped entities —
or ready runs) and a ``ParagraphStyle`` (``fontName``, ``fontSize``, ``leading``,
``alignment``, ``firstLineIndent``, ``leftIndent``/``rightIndent``, ``textColor``,
``spaceBefore``/``spaceAfter``). ``TA_JUSTIFY`` justifies (the last line flush left),
``TA_LEFT``/``TA_CENTER``/``TA_RIGHT`` align; ``indent_chars`` (e.g. 2, the official
style) overrides ``firstLineIndent`` in characters of the font size.

* **wrap**: lines are cached per width; the paragraph is prepared once (style font and size).
* **split**: across pages or inside a table cell (``splitInRow``): never a single line of the
  paragraph alone at the foot or the head of a page — at least two lines stay on each side,
  so paragraphs of two or three lines move whole. The first part's last line stays justified;
  the rest starts without indent.
* **draw**: one text object per paragraph; every run placed explicitly (``Tm``), spacing by
  ``Tc`` (between characters) and ``Tw`` (at spaces); deterministic output. The first baseline sits ``fontSize`` below the top, each
  next one ``leading`` lower, as reportlab's ``Paragraph`` does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import unescape
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.platypus.flowables import Flowable

from coop_desktop.documents.pdf import cjk_lines as cl

__all__ = ["CJKParagraph", "parse_markup"]

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z]+)([^>]*?)(/?)\s*>")
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ALIGN = {TA_JUSTIFY: "justify", TA_CENTER: "center", TA_RIGHT: "right"}


def _num(value: float) -> str:
    """A PDF number to 1/10,000 pt (deterministic, short)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _variant(font: str, bold: bool, italic: bool) -> str:
    if not (bold or italic):
        return font
    try:
        from reportlab.lib.fonts import ps2tt, tt2ps

        family, b, i = ps2tt(font)
        return tt2ps(family, b or bold, i or italic)
    except Exception:  # noqa: BLE001 - no family registered: keep the font
        return font


def parse_markup(markup: str, font: str, size: float) -> list[cl.Run]:
    """Runs of reportlab paragraph markup: ``<font name= size=>``, ``<b>``, ``<i>``,
    ``<br/>`` and entities; other tags are dropped (their text is kept)."""
    runs: list[cl.Run] = []
    stack: list[tuple[str, float, bool, bool]] = []
    cur = (font, float(size), False, False)
    pos = 0

    def add(text: str) -> None:
        if text:
            text = unescape(text) if "&" in text else text
            name = _variant(cur[0], cur[2], cur[3])
            if runs and runs[-1].font == name and runs[-1].size == cur[1]:
                runs[-1] = cl.Run(runs[-1].text + text, name, cur[1])
            else:
                runs.append(cl.Run(text, name, cur[1]))

    for match in _TAG.finditer(markup):
        add(markup[pos:match.start()])
        pos = match.end()
        closing, tag, attrs, empty = match.group(1), match.group(2).lower(), match.group(3), \
            match.group(4)
        if tag == "br":
            add("\n")
            continue
        if closing:
            if stack:
                cur = stack.pop()
            continue
        if empty:
            continue
        stack.append(cur)
        if tag == "font":
            values = {m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None)
                      for m in _ATTR.finditer(attrs)}
            name = values.get("name") or values.get("face") or cur[0]
            try:
                new_size = float(values["size"]) if "size" in values else cur[1]
            except ValueError:
                new_size = cur[1]
            cur = (name, new_size, cur[2], cur[3])
        elif tag in ("b", "strong"):
            cur = (cur[0], cur[1], True, cur[3])
        elif tag in ("i", "em"):
            cur = (cur[0], cur[1], cur[2], True)
    add(markup[pos:])
    return runs


class CJKParagraph(Flowable):
    """A paragraph set by :mod:`.cjk_lines` (see the module docstring)."""

    def __init__(self, text: str | Sequence[cl.Run | tuple[str, str, float]], style: Any, *,
                 indent_chars: float | None = None, align: cl.Align | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.indent_chars = indent_chars
        self.align = align
        self._prep: cl.Paragraph | None = None
        self._prep_key: tuple[str, float] | None = None
        self._start = 0
        self._end: int | None = None
        self._end_is_last = True
        self._lines: dict[float, list[cl.Line]] = {}
        self._space_before: float | None = None
        self._space_after: float | None = None
        self.width = self.height = 0.0
        self._width = 0.0
        self._segments: list[list[cl.Segment]] = []
        self._segments_for: list[cl.Line] | None = None

    # ---- preparation and lines

    def _prepared(self) -> cl.Paragraph:
        key = (self.style.fontName, float(self.style.fontSize))
        if self._prep is None or self._prep_key != key:
            text = self.text
            if isinstance(text, str):
                runs: Sequence[Any] = parse_markup(text, *key)
            else:
                runs = [r if isinstance(r, cl.Run) else cl.Run(r[0], r[1] or key[0], r[2])
                        for r in text]
            self._prep, self._prep_key = cl.prepare(runs), key
            self._lines.clear()
        return self._prep

    def _indent(self) -> float:
        if self._start:
            return 0.0
        if self.indent_chars is not None:
            return self.indent_chars * self.style.fontSize
        return float(getattr(self.style, "firstLineIndent", 0) or 0)

    def _align(self) -> cl.Align:
        return self.align or _ALIGN.get(self.style.alignment, "left")  # type: ignore[return-value]

    def _text_width(self, avail: float) -> float:
        style = self.style
        return avail - (style.leftIndent or 0) - (style.rightIndent or 0)

    def lines(self, avail_width: float) -> list[cl.Line]:
        """The lines at ``avail_width`` (the flowable's width, indents included)."""
        p = self._prepared()
        width = self._text_width(avail_width)
        found = self._lines.get(width)
        if found is None:
            found = self._lines[width] = cl.break_lines(
                p, width, indent=self._indent(), align=self._align(), start=self._start,
                end=self._end, end_is_last=self._end_is_last)
        return found

    # ---- Flowable

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._width = availWidth
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return self.width, self.height

    def _part(self, start: int, end: int | None, end_is_last: bool, lines: list[cl.Line],
              width: float) -> CJKParagraph:
        part = CJKParagraph(self.text, self.style, indent_chars=self.indent_chars,
                            align=self.align)
        part._prep, part._prep_key = self._prep, self._prep_key
        part._start, part._end, part._end_is_last = start, end, end_is_last
        part._lines[self._text_width(width)] = lines
        return part

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # A table splitting a row passes the cell's full width, then wraps the parts at the
        # width inside the cell padding (the width of the wrap before): lines of that width.
        if 0 < self._width < availWidth:
            availWidth = self._width
        lines = self.lines(availWidth)
        n = len(lines)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= n:
            return [self]
        keep = min(fit, n - 2)
        if keep < 2:
            return []  # widow/orphan: the whole paragraph goes on
        cut = lines[keep].start
        first = self._part(self._start, cut, False, lines[:keep], availWidth)
        rest = self._part(cut, self._end, self._end_is_last, lines[keep:], availWidth)
        first._space_before, first._space_after = self._space_before, 0.0
        rest._space_before, rest._space_after = 0.0, self._space_after
        return [first, rest]

    def getSpaceBefore(self) -> float:
        if self._space_before is not None:
            return self._space_before
        return float(getattr(self.style, "spaceBefore", 0) or 0)

    def getSpaceAfter(self) -> float:
        if self._space_after is not None:
            return self._space_after
        return float(getattr(self.style, "spaceAfter", 0) or 0)

    def getKeepWithNext(self) -> bool:
        return bool(getattr(self.style, "keepWithNext", False))

    def minWidth(self) -> float:
        """The widest piece that cannot be broken (for tables without column widths)."""
        p = self._prepared()
        widest = run = 0.0
        for i in range(self._start, p.n if self._end is None else self._end):
            run += p.w[i]
            if p.brk[i] or p.hard[i]:
                widest, run = max(widest, run), 0.0
            else:
                run += p.gap[i]
        return max(widest, run) + (self.style.leftIndent or 0) + (self.style.rightIndent or 0)

    def getPlainText(self, identify: Any = None) -> str:
        p = self._prepared()
        lines = self._lines.get(self._text_width(self._width)) if self._width else None
        if lines is None:
            return p.text
        return "\n".join(cl.line_text(p, line) for line in lines)

    def draw(self) -> None:
        p = self._prepared()
        lines = self.lines(self._width)
        if not lines:
            return
        style = self.style
        canv = self.canv
        canv.saveState()
        canv.setFillColor(style.textColor)
        tx = canv.beginText()
        out = getattr(tx, "_textOut", None) or tx.textOut
        x0 = float(style.leftIndent or 0)
        y = self.height - style.fontSize
        leading = style.leading
        current: tuple[str, float] | None = None
        char_space: float | None = None  # text state outlives BT: set it before the first use
        word_space: float | None = None
        if self._segments_for is not lines:  # multiBuild draws every pass: position once
            self._segments = [cl.segments(p, line) for line in lines]
            self._segments_for = lines
        code = getattr(tx, "_code", None)  # the text object's operators (reportlab's list)
        for line_segments in self._segments:
            y_text = _num(y)
            for seg in line_segments:
                if (seg.font, seg.size) != current:
                    current = (seg.font, seg.size)
                    tx.setFont(seg.font, seg.size, leading)
                if seg.char_space != char_space:
                    char_space = seg.char_space
                    tx.setCharSpace(char_space)
                if seg.word_space != word_space:
                    word_space = seg.word_space
                    tx.setWordSpace(word_space)
                if code is not None:  # as setTextOrigin, without its slower number format
                    code.append(f"1 0 0 1 {_num(x0 + seg.x)} {y_text} Tm")
                else:
                    tx.setTextOrigin(x0 + seg.x, y)
                out(seg.text)
            y -= leading
        canv.drawText(tx)
        canv.restoreState()
