"""The PDF fonts: bundled TrueType files, registered with reportlab on demand, and glyph coverage.

* Main font (the modern style, and 黑体 in the official one): Noto Sans SC Regular/Bold
  (``resources/fonts/NotoSansSC-*.ttf``), :data:`REGULAR`/:data:`BOLD`, also named
  :data:`HEI`/:data:`HEI_BOLD`.
* Official (公文) style faces (``resources/fonts/print/``, see ``resources/fonts/README.md``):
  :data:`SONG` / :data:`SONG_BOLD` (Noto Serif SC Regular/Bold: 宋体 body, 小标宋-like titles),
  :data:`KAI` (LXGW WenKai: 楷体), :data:`FANGSONG` (no redistributable FangSong could be had:
  the Song face stands in, ``FANGSONG == SONG``), :data:`SERIF_EN` / :data:`SERIF_EN_BOLD`
  / :data:`SERIF_EN_ITALIC` (Noto Serif: English text that matches the Song).
* Fallbacks, in order, for the characters a face lacks (see ``resources/fonts/FALLBACK.md``
  and ``scripts/subset_fallback_fonts.py``): DejaVu Sans subset (Hebrew, Arabic, symbols,
  Latin/Greek/Cyrillic extensions), Noto Emoji subset (monochrome emoji), Coop Han Ext
  (HanaMinA's supplementary-plane ideographs, e.g. 𠮷 U+20BB7).

Each face has a fallback chain (:data:`CHAINS`): a character the primary face lacks comes from
the next face of its chain that has it, then from the fallbacks above; e.g. Song → Noto Sans SC
→ DejaVu → Emoji → Han Ext, English serif → Song → Noto Sans SC → ... (the bold faces keep to
bold ones where there are any).

Only files under ``resources/fonts`` are used; nothing is looked up on the system. Every face is
registered on first use (a CJK face 35-50 ms, twice that on a busy machine; an English serif
~3 ms: ``bench/fonts.py``, ``resources/fonts/README.md``; :mod:`.ttf_load` parses the files
faster than reportlab), a fallback only when some text needs it: :func:`ensure_main_fonts` registers the Noto Sans SC family,
:func:`ensure_style_fonts` the faces a print style names. Registration is guarded by a lock, so
renders on worker threads are safe.

:func:`normalise` turns user text into what is drawn (CLDR's narrow/no-break spaces become
plain spaces; invisible format characters such as ZWJ, variation selectors and bidi marks are
dropped: without a shaper they would print as boxes). :func:`runs` splits it into runs per
font for a chosen primary face; characters no shipped font has come back as ``None`` runs,
which the caller draws as a visible replacement character and reports.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coop_desktop import paths

__all__ = [
    "BOLD",
    "CHAINS",
    "FALLBACKS",
    "FANGSONG",
    "FANGSONG_IS_STAND_IN",
    "HEI",
    "HEI_BOLD",
    "KAI",
    "REGULAR",
    "REPLACEMENT",
    "SERIF_EN",
    "SERIF_EN_BOLD",
    "SERIF_EN_ITALIC",
    "SONG",
    "SONG_BOLD",
    "STYLE_FACES",
    "FontFile",
    "coverage",
    "ensure_main_fonts",
    "ensure_style_fonts",
    "face_chars",
    "font_for",
    "normalise",
    "registration_times",
    "runs",
]

REGULAR = "CoopSans"
BOLD = "CoopSans-Bold"
HEI = REGULAR  # 黑体: Noto Sans SC
HEI_BOLD = BOLD
SONG = "CoopSong"  # 宋体: Noto Serif SC Regular
SONG_BOLD = "CoopSong-Bold"  # titles (小标宋-like): Noto Serif SC Bold
KAI = "CoopKai"  # 楷体: LXGW WenKai
#: 仿宋: no FangSong with a redistributable licence could be had from PyPI, Debian or npm
#: (see resources/fonts/README.md), so the Song face stands in. Code that wants FangSong names
#: FANGSONG; shipping one later changes only this constant and the file table.
FANGSONG = SONG
FANGSONG_IS_STAND_IN = FANGSONG == SONG
SERIF_EN = "CoopSerif"  # English text in the official style: Noto Serif
SERIF_EN_BOLD = "CoopSerif-Bold"
SERIF_EN_ITALIC = "CoopSerif-Italic"
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
#: The official style's own faces (files under resources/fonts/print: Qt's start-up, which
#: registers every font directly in resources/fonts for the UI, does not load them).
STYLE_FILES = (
    FontFile(SONG, "print/NotoSerifSC-Regular.ttf"),
    FontFile(SONG_BOLD, "print/NotoSerifSC-Bold.ttf"),
    FontFile(KAI, "print/LXGWWenKai-Regular.ttf"),
    FontFile(SERIF_EN, "print/NotoSerif-Regular.ttf"),
    FontFile(SERIF_EN_BOLD, "print/NotoSerif-Bold.ttf"),
    FontFile(SERIF_EN_ITALIC, "print/NotoSerif-Italic.ttf"),
)
_FILES = {f.name: f for f in (*MAIN_FILES, *FALLBACKS, *STYLE_FILES)}
#: Every named face a print style may use (FANGSONG is SONG while it stands in).
STYLE_FACES = (SONG, SONG_BOLD, KAI, HEI, HEI_BOLD, SERIF_EN, SERIF_EN_BOLD, SERIF_EN_ITALIC)

#: Per primary face, the faces tried (in order) for a character it lacks, before FALLBACKS.
CHAINS: dict[str, tuple[str, ...]] = {
    REGULAR: (),
    BOLD: (REGULAR,),
    SONG: (HEI,),
    SONG_BOLD: (HEI_BOLD, SONG),  # the Song has the newest ideographs the Bold (2.001) lacks
    KAI: (HEI, SONG),
    SERIF_EN: (SONG, HEI),
    SERIF_EN_BOLD: (SONG_BOLD, HEI_BOLD, SONG),
    SERIF_EN_ITALIC: (SERIF_EN, SONG, HEI),
}
#: reportlab families: (normal, bold, italic); ``<b>``/``<i>`` in a paragraph of the first
#: face use the others (bold italic = bold: no such face is shipped).
_FAMILIES = ((REGULAR, BOLD, REGULAR), (SONG, SONG_BOLD, SONG),
             (SERIF_EN, SERIF_EN_BOLD, SERIF_EN_ITALIC), (KAI, KAI, KAI))

_lock = threading.RLock()
_cmaps: dict[str, frozenset[int]] = {}
_seconds: dict[str, float] = {}  # registration time per font, for bench/ and the README
_patched = False
_main_ready = False

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

        from coop_desktop.documents.pdf.ttf_load import load_ttfont

        _patch_reportlab()
        started = time.perf_counter()
        tt = load_ttfont(font.name, str(_fonts_dir() / font.file))
        _fix_hmetrics(tt.face)
        pdfmetrics.registerFont(tt)
        cmap = frozenset(c for c, g in tt.face.charToGlyph.items() if g)
        _cmaps[font.name] = cmap
        _seconds[font.name] = time.perf_counter() - started
        return cmap


def registration_times() -> dict[str, float]:
    """Seconds each font registered so far took (reading, parsing, character set)."""
    with _lock:
        return dict(_seconds)


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


def _patch_reportlab() -> None:
    """Once, before any font is used: our ToUnicode CMap and Chinese no-line-start marks."""
    global _patched
    with _lock:
        if _patched:
            return
        from reportlab.pdfbase import ttfonts

        ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # looked up at PDF-writing time
        _no_line_start_punctuation()
        _patched = True


def _register_families() -> None:
    """Map ``<b>`` to each family's bold face (cheap: only names; faces register on demand)."""
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    for normal, bold, italic in _FAMILIES:
        registerFontFamily(normal, normal=normal, bold=bold, italic=italic, boldItalic=bold)


def ensure_main_fonts() -> None:
    """Register Noto Sans SC Regular and Bold as one family (idempotent, thread-safe)."""
    global _main_ready
    if _main_ready:
        return
    with _lock:
        if _main_ready:
            return
        for font in MAIN_FILES:
            _register(font)
        _register_families()
        _main_ready = True


def ensure_style_fonts(*names: str) -> None:
    """Register the named faces (default: every face of :data:`STYLE_FACES`); idempotent.

    Pass only what a document uses to save time (a CJK face costs 35-100 ms the first time):
    ``ensure_style_fonts(fonts.SONG, fonts.SONG_BOLD, fonts.KAI)``. The Noto Sans SC family
    (every chain's last face) is always registered. Unknown names raise ``KeyError``.
    Faces that are not registered are registered anyway on first need by :func:`runs`,
    :func:`font_for` and :func:`face_chars`, but a ``ParagraphStyle`` naming one needs it here.
    """
    wanted = names or STYLE_FACES
    files = [_FILES[name] for name in wanted]  # KeyError before any work
    with _lock:
        ensure_main_fonts()
        for font in files:
            _register(font)
        _register_families()


def face_chars(name: str) -> frozenset[int]:
    """The code points the face (or fallback font) ``name`` draws itself (registers it)."""
    font = _FILES[name]
    if font in MAIN_FILES:
        ensure_main_fonts()  # Regular and Bold together, with their family
    return _register(font)


def _main_cmap() -> frozenset[int]:
    ensure_main_fonts()
    return _cmaps[REGULAR]


@lru_cache(maxsize=16384)
def font_for(char: str, primary: str = REGULAR) -> str | None:
    """The font that draws ``char`` in text set in ``primary``: the primary face itself, the
    first face of its chain (:data:`CHAINS`) or fallback that has it, or None.

    With the default primary (Noto Sans SC) the answer is :data:`REGULAR` for every character
    Noto Sans SC has, whether the paragraph is regular or bold (as before).
    """
    code = ord(char)
    if primary == REGULAR:
        if code in _main_cmap():
            return REGULAR
    else:
        if primary not in CHAINS:
            raise KeyError(primary)
        for name in (primary, *CHAINS[primary]):
            if code in face_chars(name):
                return name
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


#: Curly quotes: the CJK faces draw them full-width; English text takes proportional ones.
WESTERN_QUOTES = frozenset("\u2018\u2019\u201c\u201d")
_WESTERN = FALLBACKS[0].name
#: Per primary face, where an English text's curly quotes come from (sans → DejaVu Sans,
#: serif → Noto Serif). The English serif faces have proportional quotes of their own.
_WESTERN_QUOTES_FONT = {
    REGULAR: _WESTERN, BOLD: _WESTERN, SONG: SERIF_EN, SONG_BOLD: SERIF_EN_BOLD,
    KAI: SERIF_EN, SERIF_EN: SERIF_EN, SERIF_EN_BOLD: SERIF_EN_BOLD,
    SERIF_EN_ITALIC: SERIF_EN_ITALIC,
}
#: ... and a Chinese text's, where the face's own are not full-width: LXGW WenKai's curly
#: quotes are proportional (0.35 em, from its Japanese parent Klee), so 楷体 text takes the
#: Song's full-width ones (“一带一路” keeps its em-wide quotes, as line breaking expects);
#: Chinese text set in the English serif likewise.
_CJK_QUOTES_FONT = {KAI: SONG, SERIF_EN: SONG, SERIF_EN_BOLD: SONG_BOLD, SERIF_EN_ITALIC: SONG}


def runs(text: str, *, western: bool = False,
         primary: str = REGULAR) -> Iterator[tuple[str | None, str]]:
    """Split *normalised* text into ``(font name or None, text)`` runs, in order.

    ``primary``: the paragraph's face (:data:`SONG`, :data:`KAI`, :data:`SERIF_EN`...; default
    Noto Sans SC, as before); a character it lacks comes from its chain (:data:`CHAINS`), then
    the fallbacks. Runs the caller can leave to the paragraph's own font are those named
    ``primary`` (for the default, :data:`REGULAR`, also in a bold paragraph).
    A ``None`` run holds characters no shipped font has (lone surrogates included).
    ``western``: English text, whose curly quotes come from a proportional Latin face;
    otherwise (Chinese text) curly quotes are full-width ones (see ``_CJK_QUOTES_FONT``).
    """
    if western:
        quotes: str | None = _WESTERN_QUOTES_FONT.get(primary, _WESTERN)
    else:
        quotes = _CJK_QUOTES_FONT.get(primary)
    current: str | None | bool = False
    start = 0
    for index, char in enumerate(text):
        if char == "\n":
            font: str | None = primary
        elif quotes is not None and char in WESTERN_QUOTES:
            font = quotes if ord(char) in face_chars(quotes) else font_for(char, primary)
        else:
            font = font_for(char, primary)
        if font != current:
            if index > start:
                yield current, text[start:index]  # type: ignore[misc]
            current, start = font, index
    if len(text) > start:
        yield current, text[start:]  # type: ignore[misc]


def coverage(text: str, primary: str = REGULAR) -> list[str]:
    """Distinct characters of ``text`` (after :func:`normalise`) that no shipped font has."""
    missing: dict[str, None] = {}
    for font, chunk in runs(normalise(text), primary=primary):
        if font is None:
            missing.update(dict.fromkeys(chunk))
    return list(missing)
