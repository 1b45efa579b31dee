"""Read line starts and ends back from a PDF: what was really printed, not what the layout
code meant to print.

:func:`glyphs` interprets each page's content stream (pypdf parses it; text state, text and
graphics matrices, ``Tc``/``Tw``/``Tz``, ``TJ`` adjustments and form XObjects are followed
here) and gives every glyph's character (``ToUnicode``), its box (origin and advance from the
font's ``/Widths``) and its *ink* (the glyph's outline extent, read from the embedded
TrueType font's ``glyf`` table: a full-width 。 is an em wide but its ink fills the left
half). Rotated text (a watermark) is left out.

:func:`line_report` groups glyphs into text lines (same baseline, same column) and reports
each line's first and last characters with their x extents. :func:`violations` checks the
line-breaking rules of :mod:`.cjk_lines` on them: no line starts with a character of
:data:`~.cjk_lines.NO_START`, none ends with one of :data:`~.cjk_lines.NO_END`, a ``——`` or
``……`` pair is not split over two lines, and no glyph passes its column's edges: a glyph
passes when both its ink and its box do (a hanging 。 has both past the edge; a compressed 。
only its blank box; a Latin f or j only a hair of ink, as the type designer meant).

Columns are given as regions ``(x0, x1)`` or ``(x0, x1, y0, y1)`` (PDF points, origin at the
bottom left), the same for every page, or per page by a callable ``page number (1-based) →
regions``. Glyphs outside every region (running headers, footers) are not checked.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from coop_desktop.documents.pdf.cjk_lines import INSEPARABLE, NO_END, NO_START

__all__ = [
    "Glyph",
    "TextLine",
    "Violation",
    "glyphs",
    "line_report",
    "violations",
]

Region = tuple[float, ...]
Columns = Union[Sequence[Region], Callable[[int], Sequence[Region]], None]


@dataclass(frozen=True, slots=True)
class Glyph:
    """A glyph as printed: box ``x0``..``x1`` (origin to origin + advance), ink
    ``ink0``..``ink1`` (equal to the box when the font has no outline data), baseline ``y``."""

    char: str
    x0: float
    x1: float
    ink0: float
    ink1: float
    y: float
    size: float
    font: str
    obj: int = 0  # which text object (BT … ET) drew it: one paragraph's lines share one

    @property
    def visible(self) -> bool:
        return not self.char.isspace() and self.char != ""


@dataclass
class TextLine:
    """One printed line: its glyphs left to right, the region it belongs to (index into the
    regions, or None when grouped without regions)."""

    page: int
    y: float
    region: int | None
    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    def _visible(self) -> list[Glyph]:
        return [g for g in self.glyphs if g.visible]

    @property
    def first(self) -> Glyph | None:
        shown = self._visible()
        return shown[0] if shown else None

    @property
    def last(self) -> Glyph | None:
        shown = self._visible()
        return shown[-1] if shown else None

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    def summary(self) -> dict[str, Any]:
        """First/last character and their x extents (box and ink)."""
        first, last = self.first, self.last
        return {
            "page": self.page, "y": round(self.y, 2), "region": self.region, "text": self.text,
            "first": first.char if first else "", "last": last.char if last else "",
            "first_x": (round(first.x0, 2), round(first.x1, 2)) if first else None,
            "last_x": (round(last.x0, 2), round(last.x1, 2)) if last else None,
            "first_ink": (round(first.ink0, 2), round(first.ink1, 2)) if first else None,
            "last_ink": (round(last.ink0, 2), round(last.ink1, 2)) if last else None,
        }


@dataclass(frozen=True)
class Violation:
    """``kind``: ``"start"`` (forbidden line start), ``"end"`` (forbidden line end),
    ``"split"`` (a —— or …… pair split over two lines) or ``"edge"`` (ink past the column
    edge by ``over`` pt; ``edge`` is the column edge's x)."""

    page: int
    kind: str
    char: str
    line: str
    x: float
    edge: float | None = None
    over: float = 0.0

    def __str__(self) -> str:
        where = f"p{self.page} {self.kind} {self.char!r}"
        if self.kind == "edge":
            where += f" {self.over:.2f} pt past {self.edge:.2f}"
        return f"{where}: {self.line}"


# --------------------------------------------------------------------------- TrueType ink


class _TrueType:
    """Just enough of a TrueType font: glyph x extents and the (1,0)/(3,x) cmap."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        count = struct.unpack(">H", data[4:6])[0]
        self.tables: dict[str, int] = {}
        for k in range(count):
            tag, _sum, offset, _len = struct.unpack(">4sLLL", data[12 + 16 * k:28 + 16 * k])
            self.tables[tag.decode("latin-1")] = offset
        head = self.tables["head"]
        self.units = struct.unpack(">H", data[head + 18:head + 20])[0] or 1000
        long_loca = struct.unpack(">h", data[head + 50:head + 52])[0] == 1
        maxp = self.tables["maxp"]
        self.count = struct.unpack(">H", data[maxp + 4:maxp + 6])[0]
        loca = self.tables.get("loca")
        self.glyf = self.tables.get("glyf")
        if loca is None or self.glyf is None:
            self.loca: Sequence[int] = []
        elif long_loca:
            self.loca = struct.unpack(f">{self.count + 1}L",
                                      data[loca:loca + 4 * (self.count + 1)])
        else:
            self.loca = [2 * v for v in struct.unpack(f">{self.count + 1}H",
                                                      data[loca:loca + 2 * (self.count + 1)])]
        self.cmap, self.symbol = self._cmap()

    def _cmap(self) -> tuple[dict[int, int], bool]:
        data = self.data
        base = self.tables.get("cmap")
        if base is None:
            return {}, False
        count = struct.unpack(">H", data[base + 2:base + 4])[0]
        subtables = {}
        for k in range(count):
            platform, encoding, offset = struct.unpack(">HHL", data[base + 4 + 8 * k:
                                                                    base + 12 + 8 * k])
            subtables[(platform, encoding)] = base + offset
        for key in ((3, 0), (1, 0), (3, 1), (0, 3)):
            if key in subtables:
                return self._subtable(subtables[key]), key == (3, 0)
        return {}, False

    def _subtable(self, at: int) -> dict[int, int]:
        data = self.data
        fmt = struct.unpack(">H", data[at:at + 2])[0]
        out: dict[int, int] = {}
        if fmt == 0:
            out = dict(enumerate(data[at + 6:at + 262]))
        elif fmt == 6:
            first, count = struct.unpack(">HH", data[at + 6:at + 10])
            ids = struct.unpack(f">{count}H", data[at + 10:at + 10 + 2 * count])
            out = {first + k: g for k, g in enumerate(ids)}
        elif fmt == 4:
            segs = struct.unpack(">H", data[at + 6:at + 8])[0] // 2
            ends = struct.unpack(f">{segs}H", data[at + 14:at + 14 + 2 * segs])
            p = at + 16 + 2 * segs
            starts = struct.unpack(f">{segs}H", data[p:p + 2 * segs])
            deltas = struct.unpack(f">{segs}h", data[p + 2 * segs:p + 4 * segs])
            range_at = p + 4 * segs
            offsets = struct.unpack(f">{segs}H", data[range_at:range_at + 2 * segs])
            for k in range(segs):
                for code in range(starts[k], ends[k] + 1):
                    if code == 0xFFFF:
                        continue
                    if offsets[k]:
                        where = range_at + 2 * k + offsets[k] + 2 * (code - starts[k])
                        g = struct.unpack(">H", data[where:where + 2])[0]
                        g = (g + deltas[k]) & 0xFFFF if g else 0
                    else:
                        g = (code + deltas[k]) & 0xFFFF
                    out[code] = g
        return out

    def ink(self, glyph: int) -> tuple[float, float] | None:
        if not self.loca or glyph + 1 >= len(self.loca):
            return None
        start = self.loca[glyph]
        if self.loca[glyph + 1] == start:
            return None
        at = self.glyf + start
        _n, x_min, _y0, x_max, _y1 = struct.unpack(">hhhhh", self.data[at:at + 10])
        return x_min / self.units, x_max / self.units


# --------------------------------------------------------------------------- fonts


def _parse_cmap(data: bytes) -> tuple[dict[int, str], int]:
    """ToUnicode CMap → (code → text, code length in bytes)."""
    text = data.decode("latin-1")
    out: dict[int, str] = {}
    width = 1
    space = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
    if space:
        width = max(1, len(space.group(1)) // 2)

    def uni(hexs: str) -> str:
        raw = bytes.fromhex(hexs if len(hexs) % 2 == 0 else "0" + hexs)
        if len(raw) % 2:
            raw = b"\0" + raw
        return raw.decode("utf-16-be", "replace")

    for block in re.finditer(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block.group(1)):
            out[int(src, 16)] = uni(dst)
            width = max(width, len(src) // 2)
    for block in re.finditer(r"beginbfrange(.*?)endbfrange", text, re.S):
        body = block.group(1)
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      body):
            base = uni(dst)
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = base[:-1] + chr(ord(base[-1]) + k) if base else ""
        for lo, hi, items in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\[((?:\s*<[0-9A-Fa-f]*>)*)\s*\]", body):
            for code, dst in zip(range(int(lo, 16), int(hi, 16) + 1),
                                 re.findall(r"<([0-9A-Fa-f]*)>", items)):
                out[code] = uni(dst)
    return out, width


class _Font:
    def __init__(self, font: Any) -> None:
        font = font.get_object()
        self.name = str(font.get("/BaseFont", "?"))
        subtype = font.get("/Subtype")
        self.two_byte = subtype == "/Type0"
        descendant = font["/DescendantFonts"][0].get_object() if self.two_byte else font
        self.to_unicode: dict[int, str] = {}
        if "/ToUnicode" in font:
            self.to_unicode, width = _parse_cmap(font["/ToUnicode"].get_object().get_data())
            self.two_byte = self.two_byte or width == 2
        self.widths: dict[int, float] = {}
        self.default = 1000.0 if self.two_byte else 0.0
        if self.two_byte:
            self.default = float(descendant.get("/DW", 1000))
            w = list(descendant.get("/W", []))
            k = 0
            while k < len(w):
                first = int(w[k])
                nxt = w[k + 1]
                if isinstance(nxt, list) or hasattr(nxt, "__iter__") and not isinstance(
                        nxt, (int, float)):
                    for j, value in enumerate(nxt):
                        self.widths[first + j] = float(value)
                    k += 2
                else:
                    for code in range(first, int(nxt) + 1):
                        self.widths[code] = float(w[k + 2])
                    k += 3
        elif "/Widths" in font:
            first = int(font.get("/FirstChar", 0))
            for k, value in enumerate(font["/Widths"]):
                self.widths[first + k] = float(value)
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                self.default = float(descriptor.get_object().get("/MissingWidth", 0))
        self.standard = not self.widths and subtype == "/Type1"
        self.tt: _TrueType | None = None
        descriptor = descendant.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            try:
                self.tt = _TrueType(descriptor.get_object()["/FontFile2"].get_object().get_data())
            except (struct.error, KeyError, ValueError):
                self.tt = None
        self._ink: dict[int, tuple[float, float] | None] = {}

    def codes(self, raw: bytes) -> list[int]:
        if self.two_byte:
            return [raw[k] << 8 | raw[k + 1] for k in range(0, len(raw) - 1, 2)]
        return list(raw)

    def char(self, code: int) -> str:
        found = self.to_unicode.get(code)
        if found is not None:
            return found
        return bytes([code]).decode("cp1252", "replace") if code < 256 else "\ufffd"

    def width(self, code: int) -> float:
        """Advance in 1/1000 em."""
        found = self.widths.get(code)
        if found is not None:
            return found
        if self.standard:
            try:
                from reportlab.pdfbase.pdfmetrics import stringWidth

                return stringWidth(self.char(code), self.name.lstrip("/"), 1000)
            except Exception:  # noqa: BLE001 - unknown standard font: half an em
                return 500.0
        return self.default

    def ink(self, code: int) -> tuple[float, float] | None:
        if code in self._ink:
            return self._ink[code]
        found = None
        if self.tt is not None:
            glyph = code if self.two_byte else self.tt.cmap.get(
                code + 0xF000 if self.tt.symbol else code)
            if glyph is not None:
                found = self.tt.ink(glyph)
        self._ink[code] = found
        return found


# --------------------------------------------------------------------------- interpreter


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _raw(obj: Any) -> bytes:
    raw = getattr(obj, "original_bytes", None)
    if raw is not None:
        return bytes(raw)
    if isinstance(obj, bytes):
        return obj
    return str(obj).encode("latin-1", "replace")


def _page_glyphs(reader: Any, page: Any, out: list[Glyph], skipped: list[Glyph]) -> None:
    from pypdf.generic import ContentStream

    fonts_cache: dict[int, _Font] = {}
    counter = [len(out) and out[-1].obj]

    def font_of(resources: Any, name: str) -> _Font | None:
        try:
            ref = resources["/Font"].raw_get(name)
        except (KeyError, TypeError, AttributeError):
            return None
        key = getattr(ref, "idnum", None) or id(ref)
        if key not in fonts_cache:
            fonts_cache[key] = _Font(ref)
        return fonts_cache[key]

    def run(content: Any, resources: Any, ctm: tuple[float, ...], depth: int,
            state: tuple[Any, ...] = (None, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0)) -> None:
        """Interpret one content stream; ``state``: the text state it starts with (a form
        XObject inherits its caller's: font, size, Tc, Tw, Tz, TL, Ts)."""
        if content is None or depth > 8:
            return
        ops = content.operations if isinstance(content, ContentStream) else ContentStream(
            content, reader).operations
        stack: list[tuple[Any, ...]] = []
        tm = tlm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        font: _Font | None
        font, size, tc, tw, th, tl, rise = state

        def show(raw: bytes) -> None:
            nonlocal tm
            obj = counter[0]
            if font is None:
                return
            for code in font.codes(raw):
                w = font.width(code) / 1000.0
                m = _mul(tm, ctm)
                x = m[4] + m[2] * rise
                y = m[5] + m[3] * rise
                sx = size * th * m[0]
                char = font.char(code)
                ink = font.ink(code)
                box1 = x + w * sx
                if ink is None:
                    i0, i1 = (x, box1) if not char.isspace() else (x, x)
                else:
                    i0, i1 = x + ink[0] * sx, x + ink[1] * sx
                glyph = Glyph(char, x, box1, i0, i1, y, size * abs(m[3]), font.name, obj)
                if abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6 or m[0] <= 0:
                    skipped.append(glyph)
                else:
                    out.append(glyph)
                advance = (w * size + tc + (tw if code == 32 and not font.two_byte else 0)) * th
                tm = (tm[0], tm[1], tm[2], tm[3], tm[0] * advance + tm[4],
                      tm[1] * advance + tm[5])

        for operands, op in ops:
            if op == b"q":  # the text state belongs to the graphics state
                stack.append((ctm, font, size, tc, tw, th, tl, rise))
            elif op == b"Q":
                if stack:
                    ctm, font, size, tc, tw, th, tl, rise = stack.pop()
            elif op == b"cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif op == b"BT":
                tm = tlm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
                counter[0] += 1
            elif op == b"Tf":
                font = font_of(resources, operands[0])
                size = float(operands[1])
            elif op == b"Tc":
                tc = float(operands[0])
            elif op == b"Tw":
                tw = float(operands[0])
            elif op == b"Tz":
                th = float(operands[0]) / 100.0
            elif op == b"TL":
                tl = float(operands[0])
            elif op == b"Ts":
                rise = float(operands[0])
            elif op == b"Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif op in (b"Td", b"TD"):
                dx, dy = float(operands[0]), float(operands[1])
                if op == b"TD":
                    tl = -dy
                tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, dx, dy), tlm)
            elif op == b"T*":
                tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -tl), tlm)
            elif op == b"Tj":
                show(_raw(operands[0]))
            elif op in (b"'", b'"'):
                if op == b'"':
                    tw, tc = float(operands[0]), float(operands[1])
                tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -tl), tlm)
                show(_raw(operands[-1]))
            elif op == b"TJ":
                for item in operands[0]:
                    if isinstance(item, (int, float)) or type(item).__name__ in (
                            "NumberObject", "FloatObject"):
                        shift = -float(item) / 1000.0 * size * th
                        tm = (tm[0], tm[1], tm[2], tm[3], tm[0] * shift + tm[4],
                              tm[1] * shift + tm[5])
                    else:
                        show(_raw(item))
            elif op == b"Do":
                try:
                    xobj = resources["/XObject"][operands[0]].get_object()
                except (KeyError, TypeError):
                    continue
                if xobj.get("/Subtype") != "/Form":
                    continue
                matrix = tuple(float(v) for v in xobj.get("/Matrix", (1, 0, 0, 1, 0, 0)))
                run(xobj, xobj.get("/Resources", resources), _mul(matrix, ctm), depth + 1,
                    (font, size, tc, tw, th, tl, rise))

    run(page.get_contents(), page.get("/Resources", {}), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)


def glyphs(pdf: bytes | Any) -> list[list[Glyph]]:
    """Every upright glyph of every page, in drawing order (``pdf``: bytes or a PdfReader)."""
    return [page for page, _rotated in _read(pdf)]


def _read(pdf: bytes | Any) -> list[tuple[list[Glyph], list[Glyph]]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf)) if isinstance(pdf, (bytes, bytearray)) else pdf
    pages = []
    for page in reader.pages:
        shown: list[Glyph] = []
        rotated: list[Glyph] = []
        _page_glyphs(reader, page, shown, rotated)
        pages.append((shown, rotated))
    return pages


# --------------------------------------------------------------------------- lines


def _regions(columns: Columns, page: int) -> Sequence[Region] | None:
    if columns is None:
        return None
    return columns(page) if callable(columns) else columns


def _region_of(glyph: Glyph, regions: Sequence[Region]) -> int | None:
    best = None
    for k, region in enumerate(regions):
        x0, x1 = region[0], region[1]
        if len(region) >= 4 and not region[2] <= glyph.y <= region[3]:
            continue
        if x0 - 0.5 <= glyph.x0 < x1:
            best = k  # the last region starting left of the glyph's origin
    return best


def _lines_of(page: int, shown: Iterable[Glyph], regions: Sequence[Region] | None
              ) -> list[TextLine]:
    """Glyphs drawn by one text object on one baseline are one line (reportlab draws each
    paragraph, cell or page-furniture string with its own text object); a line belongs to
    the region holding its first glyph's origin (lines in no region are left out)."""
    groups: dict[tuple[int, float], list[Glyph]] = {}
    for g in shown:
        groups.setdefault((g.obj, round(g.y, 1)), []).append(g)
    lines: list[TextLine] = []
    for (_obj, y), items in groups.items():
        items.sort(key=lambda g: g.x0)
        region = _region_of(items[0], regions) if regions is not None else None
        if regions is not None and region is None:
            continue
        lines.append(TextLine(page, y, region, items))
    lines.sort(key=lambda line: (line.region if line.region is not None else -1, -line.y,
                                 line.x0))
    return lines


def line_report(pdf: bytes | Any, columns: Columns = None) -> list[list[TextLine]]:
    """Per page, the printed text lines top to bottom (per region when ``columns`` is given;
    each line's ``summary()`` gives its first/last characters and their x extents)."""
    return [_lines_of(number, shown, _regions(columns, number))
            for number, (shown, _rotated) in enumerate(_read(pdf), 1)]


def violations(pdf: bytes | Any, columns: Columns, *, tolerance: float = 0.05,
               wide: float = 2.0, inset: float = 4.0) -> list[Violation]:
    """Line-breaking violations and ink past a column edge, page by page (see the module
    docstring). ``tolerance``: pt of ink allowed past an edge (rounding).

    Edges are checked on *column text*: lines that start at their region's left edge (up to
    ``inset`` ems in, for first-line indents), as every line of a paragraph set in that
    column does, and that do not run on more than ``wide`` ems past its right edge (hanging
    punctuation is at most an em or two). A block placed elsewhere — a signature block
    starting mid-page, a centred title, a full-width table row starting in the left column —
    is not column text: its line starts and ends are checked, its edges are not."""
    found: list[Violation] = []
    for number, (shown, _rotated) in enumerate(_read(pdf), 1):
        regions = _regions(columns, number)
        if not regions:
            continue
        lines = _lines_of(number, shown, regions)
        for k, line in enumerate(lines):
            first, last = line.first, line.last
            if first is None or last is None:
                continue
            text = line.text
            if first.char in NO_START:
                found.append(Violation(number, "start", first.char, text, first.x0))
            if last.char in NO_END:
                found.append(Violation(number, "end", last.char, text, last.x0))
            if last.char in INSEPARABLE and k + 1 < len(lines):
                below = lines[k + 1]
                run = len(text.rstrip()) - len(text.rstrip().rstrip(last.char))
                if below.region == line.region and below.first is not None \
                        and below.first.char == last.char and run % 2:  # half a pair
                    found.append(Violation(number, "split", last.char, text, last.x0))
            region = regions[line.region]  # type: ignore[index]
            em = max(g.size for g in line.glyphs)
            if line.x1 - region[1] > wide * em or first.x0 - region[0] > inset * em:
                continue
            for g in line.glyphs:
                if not g.visible:
                    continue
                right = min(g.ink1, g.x1)  # ink and box both past: a Latin f or j
                left = max(g.ink0, g.x0)  # overshooting its box by a hair is type design
                if right > region[1] + tolerance:
                    found.append(Violation(number, "edge", g.char, text, g.x0, region[1],
                                           right - region[1]))
                elif left < region[0] - tolerance:
                    found.append(Violation(number, "edge", g.char, text, g.x0, region[0],
                                           region[0] - left))
    return found
