"""Custom reportlab flowables for the dossier: section anchors, the table of contents, the
page counter, and the containers that drive pagination:

* :class:`Column`: flowables stacked into one unit that never splits (a heading with the
  first lines of its text, the closing block);
* :class:`HeadingKeep`: a heading that goes to the next page unless at least the first
  lines (``min_height``) of its text fit under it;
* :class:`ParallelRow`: a Chinese and an English flowable side by side, starting level; when
  a row must split, each side splits at its own line boundary (two lines at least on each
  side of the break, no widow or orphan), or the whole row moves on;
* :class:`KeepWithTail`: content whose end goes with a tail that never splits (the seal and
  signature block with the declaration's last lines).

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

__all__ = ["Anchor", "Column", "HeadingKeep", "KeepWithTail", "PageCounter", "ParallelRow",
           "SectionPages", "Spread", "TocEntry", "TocTable"]

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


class SectionPages(IndexingFlowable):
    """Invisible: the page where each section starts, as drawn in this pass (for the
    report when there is no table of contents; never asks for another pass)."""

    def __init__(self) -> None:
        super().__init__()
        self.current: dict[str, int] = {}
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == SECTION_START:
            key, page = stuff
            self.current.setdefault(key, page)

    def beforeBuild(self) -> None:
        self.current = {}

    def isSatisfied(self) -> bool:
        return True

    def pages(self) -> dict[str, int]:
        return dict(self.current)


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


def _ends_together(whole: Flowable, rest: Flowable) -> bool:
    """Whether ``rest`` (the part after a split) still holds every side ``whole`` has."""
    if isinstance(whole, ParallelRow) and isinstance(rest, ParallelRow):
        return ((whole.left is None or rest.left is not None)
                and (whole.right is None or rest.right is not None))
    return True


class KeepWithTail(Flowable):
    """``content`` (one splittable flowable or a list of them) followed by ``tail`` (never
    split), so that the tail is always drawn on the page where the content ends, with at
    least ``lead`` points of the content (or all of it, when shorter) above it on that page.

    When everything does not fit, the content is split (between its items or inside one)
    so that as much as possible stays here and a remainder of at least ``lead`` moves on
    together with the tail; a remainder taller than a page is handled the same way on the
    next page. A parallel row is split only where both languages continue onto the tail's
    page. Used for the declaration's last paragraphs + the seal/signature block: a long
    declaration still works, and the block never stands on a page with a lone line.
    """

    def __init__(self, content: Flowable | list[Flowable], tail: Flowable, frame_height: float,
                 lead: float = 0.0) -> None:
        super().__init__()
        self.items = list(content) if isinstance(content, list) else [content]
        self.tail = tail
        self.frame_height = frame_height
        self.lead = lead
        self.column = Column([*self.items, tail])

    @property
    def content(self) -> Flowable:
        return self.items[0] if len(self.items) == 1 else Column(self.items)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.column.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.column.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.column.wrap(availWidth, availHeight)
        return self.width, self.height

    def _heights(self, width: float, flowables: list[Flowable]) -> float:
        total = 0.0
        for i, f in enumerate(flowables):
            total += f.wrap(width, self.frame_height * 10)[1]
            if i:
                total += _gap(flowables[i - 1], f)
        return total

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        items, tail = self.items, self.tail
        if self.column.wrap(availWidth, availHeight)[1] <= availHeight:
            return [*items, tail]
        fresh = availHeight >= self.frame_height - 1
        heights = [f.wrap(availWidth, availHeight)[1] for f in items]
        whole = self._heights(availWidth, items)
        lead = min(self.lead, whole)
        fallback: list[Flowable] | None = None

        def carry(rest: list[Flowable]) -> KeepWithTail:
            return KeepWithTail(rest, tail, self.frame_height, self.lead)

        # From the most kept here to the least: inside the last item, between the last two...
        used = [0.0]
        for i, f in enumerate(items[:-1]):
            used.append(used[-1] + heights[i] + _gap(f, items[i + 1]))
        for i in range(len(items) - 1, -1, -1):
            room = availHeight - used[i]
            if room > 0:
                cut = min(room, heights[i] - 1.0)
                while cut > 0 and cut > room - 400:
                    parts = items[i].split(availWidth, cut)
                    if len(parts) >= 2:
                        rest = [*parts[1:], *items[i + 1:]]
                        if self._heights(availWidth, rest) >= lead - 0.5:
                            found = [*items[:i], parts[0], carry(rest)]
                            if _ends_together(items[i], parts[-1]):
                                return found
                            fallback = fallback or found
                        else:
                            break  # cutting higher only carries more: try the boundaries
                    cut -= 6.0  # a little higher (orphan/widow rules, row minimum heights)
            if i > 0 and used[i] <= availHeight + 1e-6 and \
                    self._heights(availWidth, items[i:]) >= lead - 0.5:
                return [*items[:i], carry(items[i:])]
        if fresh:  # a fresh page: the best there is, or give up keeping them together
            return fallback or [*items, tail]  # never crash
        return []  # nothing sensible fits here: the frame moves us to the next page

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.column.drawOn(canvas, x, y, _sW)


def _gap(above: Flowable, below: Flowable) -> float:
    return max(above.getSpaceAfter(), below.getSpaceBefore())


class Column(Flowable):
    """``items`` one below the other as one flowable that never splits (the spaces before
    and after each item are kept between them; the first item's space before and the last
    one's space after become the column's own, so a frame drops them at a page top).
    Items narrower than the column are placed by their ``hAlign``."""

    def __init__(self, items: list[Flowable]) -> None:
        super().__init__()
        self.items = [f for f in items if f is not None]
        self._sizes: list[tuple[float, float]] = []

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's API
        return self.items[0].getSpaceBefore() if self.items else 0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.items[-1].getSpaceAfter() if self.items else 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._sizes = [f.wrap(availWidth, 1e6) for f in self.items]
        height = sum(h for _, h in self._sizes)
        height += sum(_gap(a, b) for a, b in zip(self.items, self.items[1:]))
        self.width, self.height = availWidth, height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if not self._sizes:
            self.wrap(self.width or 0, 1e6)
        top = y + self.height
        for i, (item, (w, h)) in enumerate(zip(self.items, self._sizes)):
            if i:
                top -= _gap(self.items[i - 1], item)
            top -= h
            dx = 0.0
            align = getattr(item, "hAlign", "LEFT")
            if align in ("RIGHT", "TA_RIGHT"):
                dx = self.width - w
            elif align in ("CENTER", "CENTRE", "TA_CENTER"):
                dx = (self.width - w) / 2
            item.drawOn(canvas, x + dx, top, 0)


class HeadingKeep(Flowable):
    """``head`` (a list: anchor, heading...) kept with the first ``min_height`` points of
    ``first`` (the section's first paragraph or row): when they do not fit, the first is
    split so that at least that much of it stays under the heading, or everything moves
    to the next page. Never leaves a heading alone at the foot of a page."""

    def __init__(self, head: list[Flowable], first: Flowable | None, min_height: float) -> None:
        super().__init__()
        self.head = head
        self.first = first
        self.min_height = min_height
        self.column = Column([*head, first] if first is not None else list(head))

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.column.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.column.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.column.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.first is None:
            return []
        head = Column(list(self.head))
        _, hh = head.wrap(availWidth, availHeight)
        room = availHeight - hh - _gap(head.items[-1], self.first)
        if room < self.min_height:
            return self._give_up(availHeight)
        parts = self.first.split(availWidth, room)
        if len(parts) < 2:
            return self._give_up(availHeight)
        _, fh = parts[0].wrap(availWidth, room)
        if fh < self.min_height - 0.5:
            return self._give_up(availHeight)
        return [Column([*self.head, parts[0]]), *parts[1:]]

    def _give_up(self, availHeight: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", 0):  # a fresh page: never loop
            return [*self.head, self.first]
        return []

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.column.drawOn(canvas, x, y, _sW)


class ParallelRow(Flowable):
    """A Chinese flowable (left) and an English one (right) side by side, tops level.

    ``widths``: the two columns; ``gutter`` between them (a rule in its middle when
    ``divider`` is a colour; the rule also spans the gap above the row unless the row
    starts a page). Split: each side is split at the same height at its own line
    boundaries (the paragraphs' no-widow, no-orphan rules apply); a side that fits stays
    whole on this page; when a side cannot be split sensibly the row moves on whole."""

    def __init__(self, left: Flowable | None, right: Flowable | None, widths: tuple[float, float],
                 gutter: float, *, space_after: float = 0.0, space_before: float = 0.0,
                 divider: Any = None, rule_below: Any = None) -> None:
        super().__init__()
        self.space_before = space_before
        self.left, self.right = left, right
        self.widths = widths
        self.gutter = gutter
        self.space_after = space_after
        self.divider = divider
        self.rule_below = rule_below
        self._lh = self._rh = 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.space_after

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.space_before

    def _side(self, side: Flowable | None, width: float, height: float) -> float:
        return side.wrap(width, height)[1] if side is not None else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._lh = self._side(self.left, self.widths[0], availHeight)
        self._rh = self._side(self.right, self.widths[1], availHeight)
        self.width = availWidth
        self.height = max(self._lh, self._rh) + (3.0 if self.rule_below is not None else 0.0)
        return self.width, self.height

    def _split_side(self, side: Flowable | None, width: float,
                    height: float) -> tuple[bool, Flowable | None, Flowable | None]:
        if side is None:
            return True, None, None
        if side.wrap(width, height)[1] <= height:
            return True, side, None
        parts = side.split(width, height)
        if len(parts) < 2:
            return False, None, None
        rest = parts[1] if len(parts) == 2 else Column(parts[1:])
        return True, parts[0], rest

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.rule_below is not None:
            return []  # a heading row: one line each side, never split
        ok_l, first_l, rest_l = self._split_side(self.left, self.widths[0], availHeight)
        ok_r, first_r, rest_r = self._split_side(self.right, self.widths[1], availHeight)
        if not (ok_l and ok_r) or (rest_l is None and rest_r is None):
            return []
        if first_l is None and first_r is None:
            return []
        kw = {"divider": self.divider}
        return [ParallelRow(first_l, first_r, self.widths, self.gutter,
                            space_before=self.space_before, **kw),
                ParallelRow(rest_l, rest_r, self.widths, self.gutter,
                            space_after=self.space_after, **kw)]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        top = y + self.height
        frame = getattr(self, "_frame", None)
        at_top = frame is None or bool(getattr(frame, "_atTop", 1))
        if self.divider is not None:
            mid = x + self.widths[0] + self.gutter / 2
            above = 0.0 if at_top else getattr(frame, "_prevASpace", 0.0)
            canvas.saveState()
            canvas.setStrokeColor(self.divider)
            canvas.setLineWidth(0.4)
            canvas.line(mid, y, mid, top + above)
            canvas.restoreState()
        if self.rule_below is not None:
            canvas.saveState()
            canvas.setStrokeColor(self.rule_below)
            canvas.setLineWidth(0.6)
            canvas.line(x, y + 1, x + sum(self.widths) + self.gutter, y + 1)
            canvas.restoreState()
        if self.left is not None:
            self.left.drawOn(canvas, x, top - self._lh, 0)
        if self.right is not None:
            self.right.drawOn(canvas, x + self.widths[0] + self.gutter, top - self._rh, 0)


class Spread(Flowable):
    """Groups of flowables spread over a whole frame (a cover page): the free height is
    shared among the gaps before, between and after the groups by ``weights`` (one more than
    there are groups). When the groups do not fit on one page they follow one another, and
    the spread splits between groups."""

    def __init__(self, groups: list[list[Flowable]], weights: list[float]) -> None:
        super().__init__()
        self.columns = [Column(g) for g in groups]
        self.weights = weights
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._heights = [c.wrap(availWidth, availHeight)[1] for c in self.columns]
        self.width = availWidth
        self.height = max(availHeight - 1, sum(self._heights))
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if len(self.columns) < 2:
            return []
        return list(self.columns)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        free = max(self.height - sum(self._heights), 0.0)
        total = sum(self.weights) or 1.0
        top = y + self.height
        for weight, column, h in zip(self.weights, self.columns, self._heights):
            top -= free * weight / total
            top -= h
            column.drawOn(canvas, x, top, 0)
