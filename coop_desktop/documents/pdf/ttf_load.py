"""Load a TrueType font for reportlab 2-4x faster than ``reportlab.pdfbase.ttfonts.TTFont``.

reportlab parses a font's character map, horizontal metrics and glyph locations one number at
a time (``read_ushort`` per value): 45-130 ms per CJK font of ~31,000 glyphs on the test machine,
and a print style uses up to five such faces. Here reportlab still reads the font (file, table
directory, names, ``head``, ``OS/2``, ``post``, ``hhea``, ``maxp``: its own code, ``charInfo=0``)
and only the three big tables are decoded with whole-array ``struct.unpack_from`` calls into
exactly the structures reportlab builds (``charToGlyph``, ``glyphToChar``, ``charWidths``,
``defaultWidth``, ``hmetrics``, ``glyphPos``), with reportlab's choice of cmap subtable and its
U+0020/U+00A0 rule. The result is an ordinary ``TTFont``: subsetting and embedding are
reportlab's. ``tests/documents/test_ttf_load.py`` checks, for every bundled font, that the face
and font equal what reportlab builds itself (so a reportlab upgrade that changes them fails
there), and the PDF is byte-identical.

Fonts this does not handle (cmap formats other than 4 and 12, font collections) go through
reportlab's own ``TTFont``.
"""

from __future__ import annotations

from struct import unpack_from
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # reportlab is imported lazily (start-up time)
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

__all__ = ["load_ttfont"]


class _Unsupported(Exception):
    """Something only reportlab's own parser handles."""


def load_ttfont(name: str, path: str) -> TTFont:
    """A reportlab ``TTFont`` named ``name`` for the TrueType file ``path``."""
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        face = _face(path)
    except _Unsupported:
        return TTFont(name, path)
    return _font(name, face)


def _font(name: str, face: TTFontFace) -> TTFont:
    """``TTFont.__init__`` without its parse (reportlab 5.1; attributes checked by the tests)."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts

    font = ttfonts.TTFont.__new__(ttfonts.TTFont)
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)
    return font


def _face(path: str) -> TTFontFace:
    from reportlab.pdfbase import pdfmetrics, ttfonts

    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    ttfonts.TTFontFile.__init__(face, path, charInfo=0)  # everything but the three tables
    if face.fileKind != "TTF":
        raise _Unsupported
    data: bytes = face._ttf_data
    tables = face.table

    head = tables["head"]["offset"]
    index_to_loc_format, glyph_data_format = unpack_from(">HH", data, head + 50)
    if glyph_data_format != 0:
        raise ttfonts.TTFError(f"Unknown glyph data format ({glyph_data_format})")
    (number_of_hmetrics,) = unpack_from(">H", data, tables["hhea"]["offset"] + 34)
    num_glyphs: int = face.numGlyphs

    char_to_glyph, glyph_to_char = _cmap(data, tables["cmap"]["offset"])

    # hmtx: (advance, lsb) pairs, then lone lsbs sharing the last advance; both unsigned.
    # As in reportlab, the shared advance of the lone ones is already scaled to 1000/em
    # (fonts._fix_hmetrics puts it back in font units).
    hmtx = tables["hmtx"]["offset"]
    pairs = unpack_from(f">{2 * number_of_hmetrics}H", data, hmtx)
    advances = pairs[0::2]
    scale = face._pdfScale
    widths = advances if face.unitsPerEm == 1000 else [scale(a) for a in advances]
    last_width = widths[-1]
    hmetrics = list(zip(advances, pairs[1::2]))
    rest = max(num_glyphs - number_of_hmetrics, 0)
    hmetrics.extend((last_width, lsb) for lsb in unpack_from(f">{rest}H", data,
                                                             hmtx + 4 * number_of_hmetrics))
    count = len(hmetrics)
    char_widths = {}
    for glyph in sorted(glyph_to_char):  # reportlab's order: by glyph, then cmap order
        if glyph < count:
            width = widths[glyph] if glyph < number_of_hmetrics else last_width
            for char in glyph_to_char[glyph]:
                char_widths[char] = width

    if "loca" not in tables:
        raise ttfonts.TTFError("missing location table")
    loca = tables["loca"]["offset"]
    if index_to_loc_format == 0:
        glyph_pos = [offset << 1 for offset in unpack_from(f">{num_glyphs + 1}H", data, loca)]
    elif index_to_loc_format == 1:
        glyph_pos = list(unpack_from(f">{num_glyphs + 1}L", data, loca))
    else:
        raise ttfonts.TTFError(f"Unknown location table format ({index_to_loc_format})")

    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        char_widths[0xA0] = char_widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        char_widths[0x20] = char_widths[0xA0]

    face.charToGlyph = char_to_glyph
    face.glyphToChar = glyph_to_char
    face.defaultWidth = widths[0]
    face.charWidths = char_widths
    face.hmetrics = hmetrics
    face.glyphPos = glyph_pos
    return face


def _cmap(data: bytes, cmap: int) -> tuple[dict[int, int], dict[int, list[int]]]:
    """reportlab's choice of subtable (the last suitable record), formats 4 and 12."""
    version, count = unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count = version
    chosen, kind = None, 0
    for n in range(count):
        platform, encoding, offset = unpack_from(">HHL", data, cmap + 4 + 8 * n)
        if platform == 3:
            kind, chosen = 1, offset
        elif platform == 1 and encoding == 0 and kind != 1:
            kind, chosen = 2, offset
        elif platform == 1 and encoding == 1 or platform == 0 and encoding != 5:
            kind, chosen = 1, offset
    if chosen is None:
        raise _Unsupported
    sub = cmap + chosen
    (fmt,) = unpack_from(">H", data, sub)
    if fmt == 12:
        (groups,) = unpack_from(">L", data, sub + 12)
        values = unpack_from(f">{3 * groups}L", data, sub + 16)
        mapping: list[tuple[int, int]] = []
        for start, end, glyph in zip(values[0::3], values[1::3], values[2::3]):
            if start == end:
                mapping.append((start, glyph))
            else:
                mapping.extend(zip(range(start, end + 1), range(glyph, glyph + end - start + 1)))
    elif fmt == 4:
        mapping = _format4(data, sub)
    else:
        raise _Unsupported
    char_to_glyph = dict(mapping)
    glyph_to_char: dict[int, list[int]] = {}  # in cmap order, as reportlab's setdefault/append
    for char, glyph in mapping:
        chars = glyph_to_char.get(glyph)
        if chars is None:
            glyph_to_char[glyph] = [char]
        else:
            chars.append(char)
    return char_to_glyph, glyph_to_char


def _format4(data: bytes, sub: int) -> list[tuple[int, int]]:
    length, _language, seg_x2 = unpack_from(">HHH", data, sub + 2)
    segments = seg_x2 // 2
    ends = unpack_from(f">{segments}H", data, sub + 14)
    starts = unpack_from(f">{segments}H", data, sub + 16 + 2 * segments)
    deltas = unpack_from(f">{segments}h", data, sub + 16 + 4 * segments)
    range_offsets_at = sub + 16 + 6 * segments
    range_offsets = unpack_from(f">{segments}H", data, range_offsets_at)
    limit = sub + length
    mapping: list[tuple[int, int]] = []
    for n in range(segments):
        start, end, delta, range_offset = starts[n], ends[n], deltas[n], range_offsets[n]
        if range_offset == 0:
            mapping.extend((char, (char + delta) & 0xFFFF) for char in range(start, end + 1))
            continue
        base = range_offsets_at + 2 * n + range_offset
        for char in range(start, end + 1):
            at = base + (char - start) * 2
            if at >= limit:  # reportlab's workaround for broken fonts
                glyph = 0
            else:
                (glyph,) = unpack_from(">H", data, at)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            mapping.append((char, glyph))
    return mapping
