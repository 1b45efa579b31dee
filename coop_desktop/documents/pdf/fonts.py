"""The PDF fonts: bundled TrueType files, registered with reportlab once, and glyph coverage.

* Main font: Noto Sans SC Regular/Bold (``resources/fonts/NotoSansSC-*.ttf``).
* Fallbacks, in order, for the characters the main font lacks (see
  ``resources/fonts/FALLBACK.md`` and ``scripts/subset_fallback_fonts.py``):
  DejaVu Sans subset (Hebrew, Arabic, symbols, Latin/Greek/Cyrillic extensions),
  Noto Emoji subset (monochrome emoji), Coop Han Ext (HanaMinA's supplementary-plane
  ideographs, e.g. 𠮷 U+20BB7).

Only files under ``resources/fonts`` are used; nothing is looked up on the system. The main
font is registered on first use (≈ 0.1 s), each fallback only when some text needs it.
Registration is guarded by a lock, so renders on worker threads are safe.

:func:`normalise` turns user text into what is drawn (CLDR's narrow/no-break spaces become
plain spaces; invisible format characters such as ZWJ, variation selectors and bidi marks are
dropped: without a shaper they would print as boxes). :func:`runs` splits it into runs per
font; characters no shipped font has come back as ``None`` runs, which the caller draws as a
visible replacement character and reports.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coop_desktop import paths

__all__ = [
    "BOLD",
    "FALLBACKS",
    "REGULAR",
    "REPLACEMENT",
    "FontFile",
    "coverage",
    "ensure_main_fonts",
    "font_for",
    "normalise",
    "runs",
]

REGULAR = "CoopSans"
BOLD = "CoopSans-Bold"
REPLACEMENT = "\ufffd"  # drawn for characters no shipped font has (DejaVu has the glyph)


@dataclass(frozen=True)
class FontFile:
    name: str  # the reportlab font name
    file: str  # under resources/fonts


MAIN_FILES = (FontFile(REGULAR, "NotoSansSC-Regular.ttf"), FontFile(BOLD, "NotoSansSC-Bold.ttf"))
FALLBACKS = (
    FontFile("CoopFallback-DejaVu", "DejaVuSans-Fallback.ttf"),
    FontFile("CoopFallback-Emoji", "NotoEmoji-Fallback.ttf"),
    FontFile("CoopFallback-HanExt", "CoopHanExt-Regular.ttf"),
)

_lock = threading.RLock()
_cmaps: dict[str, frozenset[int]] = {}

# Spaces CLDR and word processors insert that the fonts lack or draw blank: a plain space.
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
             "\u202f\u205f\t\v\f"),
    " ",
)
_SPACES.update({0x2028: "\n", 0x2029: "\n", 0x85: "\n"})
_NEWLINES = re.compile(r"\r\n?")


def _fonts_dir() -> Path:
    return paths.resource("fonts")


def _register(font: FontFile) -> frozenset[int]:
    """Register one font with reportlab (once) and return its character set."""
    with _lock:
        cmap = _cmaps.get(font.name)
        if cmap is not None:
            return cmap
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        tt = TTFont(font.name, str(_fonts_dir() / font.file))
        _fix_hmetrics(tt.face)
        pdfmetrics.registerFont(tt)
        cmap = frozenset(c for c, g in tt.face.charToGlyph.items() if g)
        _cmaps[font.name] = cmap
        return cmap


def _fix_hmetrics(face: object) -> None:
    """Undo a reportlab 5.1 slip that makes embedded subsets disagree with ``/Widths``.

    When ``hmtx`` lists fewer advance widths than glyphs (``numberOfHMetrics < numGlyphs``;
    the rest share the last width), reportlab stores the shared width of the remaining
    glyphs already scaled to 1000 units per em and writes that number into the subset's
    ``hmtx``. With a font of 1024 units per em (Coop Han Ext) the embedded glyphs are then
    976.6/1000 wide while ``/Widths`` says 1000: PDF/A's width-consistency rule fails. The
    shared width is put back in font units here.
    """
    import struct

    hmetrics: list[tuple[float, int]] = face.hmetrics  # type: ignore[attr-defined]
    count = struct.unpack(">H", face.get_table("hhea")[34:36])[0]  # type: ignore[attr-defined]
    if 0 < count < len(hmetrics):
        shared = hmetrics[count - 1][0]
        hmetrics[count:] = [(shared, lsb) for _aw, lsb in hmetrics[count:]]


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab 5.1 writes ``<20BB7>`` (odd-length hex) for 𠮷 and emoji, so text extraction,
    search and copy-paste lose them; the PDF spec wants the UTF-16BE surrogate pair.
    """

    def utf16(code: int) -> str:
        if code > 0xFFFF:
            code -= 0x10000
            return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"
        return f"{code:04X}"

    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


#: Chinese punctuation that must not start a line; reportlab's own list (Japanese-oriented)
#: lacks the full-width comma, semicolon, colon, ! and ? and the closing quotes/brackets.
NO_LINE_START = "，．；：！？）》〉」』】〕］｝”’…%％‰"


def _no_line_start_punctuation() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):  # module globals read at wrap time (one-font
        current = module.ALL_CANNOT_START  # paragraphs use textsplit's, mixed ones paragraph's)
        module.ALL_CANNOT_START = current + "".join(c for c in NO_LINE_START if c not in current)


def ensure_main_fonts() -> None:
    """Register Noto Sans SC Regular and Bold as one family (idempotent, thread-safe)."""
    with _lock:
        if BOLD in _cmaps:
            return
        from reportlab.pdfbase import ttfonts
        from reportlab.pdfbase.pdfmetrics import registerFontFamily

        ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # looked up at PDF-writing time
        _no_line_start_punctuation()

        for font in MAIN_FILES:
            _register(font)
        registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def _main_cmap() -> frozenset[int]:
    ensure_main_fonts()
    return _cmaps[REGULAR]


@lru_cache(maxsize=4096)
def font_for(char: str) -> str | None:
    """The font that draws ``char``: :data:`REGULAR`, a fallback's name, or None."""
    code = ord(char)
    if code in _main_cmap():
        return REGULAR
    for font in FALLBACKS:
        if code in _register(font):
            return font.name
    return None


def _drop(char: str) -> bool:
    """Invisible controls that need a shaper or mean nothing on paper: dropped."""
    if char == "\n":
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Cf"):  # controls; ZWJ/ZWSP/BOM/bidi marks/soft hyphen
        return True
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors


def normalise(text: str) -> str:
    """What is drawn for ``text``: newlines unified, odd spaces plain, invisible controls gone."""
    text = _NEWLINES.sub("\n", text).translate(_SPACES)
    if text.isascii():
        return "".join(c for c in text if c == "\n" or c >= " " and c != "\x7f")
    return "".join(c for c in text if not _drop(c))


#: Curly quotes: Noto Sans SC draws them full-width; English text takes DejaVu's.
WESTERN_QUOTES = frozenset("\u2018\u2019\u201c\u201d")
_WESTERN = FALLBACKS[0].name


def runs(text: str, *, western: bool = False) -> Iterator[tuple[str | None, str]]:
    """Split *normalised* text into ``(font name or None, text)`` runs, in order.

    A ``None`` run holds characters no shipped font has (lone surrogates included).
    ``western``: English text, whose curly quotes come from the Latin fallback font.
    """
    current: str | None | bool = False
    start = 0
    for index, char in enumerate(text):
        if char == "\n":
            font: str | None = REGULAR
        elif western and char in WESTERN_QUOTES:
            font = _WESTERN if ord(char) in _register(FALLBACKS[0]) else font_for(char)
        else:
            font = font_for(char)
        if font != current:
            if index > start:
                yield current, text[start:index]  # type: ignore[misc]
            current, start = font, index
    if len(text) > start:
        yield current, text[start:]  # type: ignore[misc]


def coverage(text: str) -> list[str]:
    """Distinct characters of ``text`` (after :func:`normalise`) that no shipped font has."""
    missing: dict[str, None] = {}
    for font, chunk in runs(normalise(text)):
        if font is None:
            missing.update(dict.fromkeys(chunk))
    return list(missing)
