"""Custom reportlab flowables for the dossier: section anchors, the table of contents, the
page counter, and the container that keeps the seal block with the declaration's end.

Page numbers come from ``multiBuild``: every pass records where each section starts and how
many pages there were; the TOC and the "共 Y 页 / of Y" footers use the previous pass's
figures, and ``multiBuild`` repeats until they no longer change (normally two passes; the
footer never changes the layout, and the TOC's height does not depend on its numbers).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph, Table
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.tableofcontents import IndexingFlowable

__all__ = ["Anchor", "KeepWithTail", "PageCounter", "TocEntry", "TocTable"]

SECTION_START = "CoopSectionStart"


class Anchor(Flowable):
    """Zero-size marker drawn where a section starts: PDF bookmark + outline entry + TOC page.

    Put it *inside* the section's first row/heading (a table cell or a KeepTogether with the
    heading), so that it lands on the page where the heading is actually drawn.
    """

    _ZEROSIZE = 1

    def __init__(self, key: str, outline_title: str, level: int = 0) -> None:
        super().__init__()
        self.key = key
        self.outline_title = outline_title
        self.level = level
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        doc = getattr(canv, "_doctemplate", None)
        seen = getattr(doc, "_coop_seen", None)
        if seen is not None:
            if self.key in seen:  # a split table repeats its first cell: first one wins
                return
            seen.add(self.key)
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.outline_title, self.key, level=self.level, closed=False)
        if doc is not None:
            doc.notify(SECTION_START, (self.key, canv.getPageNumber()))


class PageCounter(IndexingFlowable):
    """Invisible: remembers the page count of the previous pass (for "共 Y 页")."""

    def __init__(self) -> None:
        super().__init__()
        self.last: int | None = None
        self.current: int | None = None
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == "CoopPageCount":
            self.current = stuff

    def beforeBuild(self) -> None:
        self.last, self.current = self.current, None

    def isSatisfied(self) -> bool:
        return self.last is not None and self.last == self.current


class TocEntry:
    """One TOC line: ``cells`` are Paragraphs (number, titles...), the page is filled in."""

    def __init__(self, key: str, cells: list[Paragraph]) -> None:
        self.key = key
        self.cells = cells


class TocTable(IndexingFlowable):
    """Table of contents whose page numbers are the previous pass's section starts."""

    def __init__(self, entries: list[TocEntry], col_widths: list[float], page_style: Any,
                 table_style: Any) -> None:
        super().__init__()
        self.entries = entries
        self.col_widths = col_widths
        self.page_style = page_style
        self.table_style = table_style
        self.last: dict[str, int] = {}
        self.current: dict[str, int] = {}
        self._table: Table | None = None

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == SECTION_START:
            key, page = stuff
            self.current.setdefault(key, page)

    def beforeBuild(self) -> None:
        self.last, self.current = self.current, {}
        self._table = None

    def isSatisfied(self) -> bool:
        return self.last == self.current

    def pages(self) -> dict[str, int]:
        return dict(self.current)

    def _build(self) -> Table:
        rows = []
        for entry in self.entries:
            page = self.last.get(entry.key)
            number = Paragraph(str(page) if page else "\u2007", self.page_style)  # figure space
            rows.append([*entry.cells, number])
        return Table(rows, colWidths=self.col_widths, style=self.table_style, repeatRows=0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._table is None:
            self._table = self._build()
        self.width, self.height = self._table.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self._table is None:
            self._table = self._build()
        return self._table.split(availWidth, availHeight)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        assert self._table is not None
        self._table.drawOn(canvas, x, y, _sW)


class KeepWithTail(Flowable):
    """``content`` (splittable) followed by ``tail`` (never split), so that the tail is
    always drawn on the page where the content ends.

    When everything does not fit, the content is split so that a non-empty remainder moves
    on together with the tail; a remainder taller than a page is handled the same way on the
    next page. Used for the declaration's last paragraph(s) + the seal/signature block: a
    long declaration still works, and the block is never alone on a page.
    """

    def __init__(self, content: Flowable, tail: Flowable, frame_height: float) -> None:
        super().__init__()
        self.content = content
        self.tail = tail
        self.frame_height = frame_height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, ch = self.content.wrap(availWidth, availHeight)
        _, th = self.tail.wrap(availWidth, availHeight)
        self._ch, self._th = ch, th
        self.width, self.height = availWidth, ch + th
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        ch = self.content.wrap(availWidth, availHeight)[1]
        th = self.tail.wrap(availWidth, availHeight)[1]
        if ch + th <= availHeight:
            return [self.content, self.tail]
        # Leave at least one line for the next page: never split at the content's full height.
        cut = min(availHeight, ch - 1.0)
        while cut > 0:
            parts = self.content.split(availWidth, cut)
            if len(parts) >= 2:
                first, rest = parts[0], parts[1:]
                if len(rest) == 1:
                    return [first, KeepWithTail(rest[0], self.tail, self.frame_height)]
                return [first, *rest[:-1], KeepWithTail(rest[-1], self.tail, self.frame_height)]
            cut -= 6.0  # try a little higher (orphan/widow rules, row minimum heights)
            if cut < availHeight - 400:
                break
        if availHeight >= self.frame_height - 1:  # a fresh page and still no way: give up
            return [self.content, self.tail]  # keeping them together, never crash
        return []  # nothing sensible fits here: the frame moves us to the next page

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.content.drawOn(canvas, x, y + self._th, _sW)
        self.tail.drawOn(canvas, x, y, _sW)
