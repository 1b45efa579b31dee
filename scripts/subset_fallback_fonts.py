"""Build the PDF fallback fonts in ``resources/fonts/`` (dev-only; needs fontTools).

The main PDF font, Noto Sans SC, lacks some characters users do type: CJK Extension B
ideographs used in names (𠮷 U+20BB7), Hebrew and Arabic, many symbols (≒ U+2252, arrows,
box drawing) and emoji. ``coop_desktop.documents.pdf.fonts`` sends each such character to
the first of these fallback fonts that has it (in this order):

1. ``DejaVuSans-Fallback.ttf``: DejaVu Sans 2.37 (Bitstream Vera licence + public domain),
   cut down to the characters Noto Sans SC lacks (Latin/Greek/Cyrillic extensions, Hebrew,
   Arabic with its presentation forms, symbols, arrows, maths, box drawing, dingbats...),
   less the pictographs from U+1F000 up that Noto Emoji has, plus the curly quotes ‘ ’ “ ”
   (proportional, for English text: Noto Sans SC's are full-width).
   Source: Debian ``fonts-dejavu-core`` (``/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf``).
2. ``NotoEmoji-Fallback.ttf``: Noto Emoji 3.002 (monochrome, ``glyf`` outlines, OFL 1.1), the
   variable font pinned to weight 400, cut down to what neither font above has. Source: the
   PyPI wheel ``manimgx-fonts`` (``manimgx_fonts/NotoEmoji[wght].ttf``, unmodified Noto).
3. ``CoopHanExt-Regular.ttf``: Hanazono Mincho 2017-09-04 (GlyphWiki, Hanazono Font License or
   OFL 1.1), renamed, as the OFL's Reserved Font Names ("HanaMinA", "HanaMinB", ...) require of a
   modified version. By default (``--han selection``) it is HanaMinA cut down to the
   supplementary-plane ideographs HanaMinA itself carries and Noto Sans SC lacks: 2,806 of
   Extension B (among them 𠮷 U+20BB7), a few of C/D/E/F and the 540 CJK Compatibility
   Ideographs Supplement, ~1.7 MB. ``--han ext-b`` takes all of Extension B (U+20000-U+2A6DF,
   42,657 characters) from HanaMinB instead: 22 MB, which is why it is not the default.
   Source: Debian ``fonts-hanazono`` (``/usr/share/fonts/truetype/hanazono/HanaMin[AB].ttf``).

Every result has TrueType outlines (reportlab embeds nothing else), no hinting (the PDF viewer
smooths), no layout tables (reportlab does not shape), a visible ``.notdef``. The same inputs
give byte-identical files.

Usage::

    apt-get install fonts-dejavu-core fonts-hanazono
    pip download --no-deps -d /tmp/fontsrc manimgx-fonts
    python -m venv /tmp/ftvenv && /tmp/ftvenv/bin/pip install fonttools
    /tmp/ftvenv/bin/python scripts/subset_fallback_fonts.py \\
        --emoji-wheel /tmp/fontsrc/manimgx_fonts-2026.9.26.post1-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zipfile
from pathlib import Path

try:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer
except ImportError:  # pragma: no cover - dev tool
    sys.exit("fontTools is needed (dev-only): pip install fonttools")

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "resources" / "fonts"
MAIN = FONTS / "NotoSansSC-Regular.ttf"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HANAMIN_A = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
HANAMIN_B = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
EMOJI_MEMBER = "manimgx_fonts/NotoEmoji[wght].ttf"
EXT_B = range(0x20000, 0x2A6E0)
WESTERN_QUOTES = {0x2018, 0x2019, 0x201C, 0x201D}
WIN, WIN_ENGLISH = 3, 0x0409


def cmap(font: TTFont) -> set[int]:
    return set(font.getBestCmap())


def cut(font: TTFont, unicodes: set[int]) -> None:
    """Keep only ``unicodes`` (+ .notdef); no hinting, no layout tables."""
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.notdef_glyph = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.prune_unicode_ranges = True
    options.drop_tables += ["FFTM", "BASE", "MATH", "DSIG", "STAT", "kern", "GSUB", "GPOS",
                            "GDEF", "prop"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def rename(font: TTFont, family: str, ps_name: str, note: str) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    name.names = [r for r in name.names if r.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for name_id, text in {1: family, 2: "Regular", 3: f"{ps_name};{note}",
                          4: family, 6: ps_name}.items():
        name.setName(text, name_id, WIN, 1, WIN_ENGLISH)
    name.names = [r for r in name.names if r.nameID != 5]
    name.setName(f"{version}; {note}", 5, WIN, 1, WIN_ENGLISH)


def save(font: TTFont, out: Path, wanted: set[int], started: float) -> None:
    font.save(out)
    check = TTFont(out)
    assert "glyf" in check and "CFF " not in check and "fvar" not in check
    got = cmap(check)
    assert wanted <= got, (len(got), len(wanted))  # the closure may keep a few more
    try:
        from reportlab.pdfbase.ttfonts import TTFont as RlFont
    except ImportError:
        pass
    else:
        RlFont("check-" + out.stem, str(out))
    print(f"{out.name}: {out.stat().st_size:,} bytes, {len(got):,} characters, "
          f"{len(check.getGlyphOrder()):,} glyphs, {time.perf_counter() - started:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dejavu", type=Path, default=DEJAVU)
    parser.add_argument("--hanamin-a", type=Path, default=HANAMIN_A)
    parser.add_argument("--hanamin-b", type=Path, default=HANAMIN_B)
    parser.add_argument("--han", choices=["selection", "ext-b"], default="selection",
                        help="HanaMinA's own supplementary-plane selection (default, ~1.7 MB) "
                             "or all of Extension B from HanaMinB (~22 MB)")
    parser.add_argument("--emoji-wheel", type=Path, required=True,
                        help="manimgx-fonts .whl, or an unzipped NotoEmoji[wght].ttf")
    parser.add_argument("--out", type=Path, default=FONTS)
    args = parser.parse_args(argv)

    covered = cmap(TTFont(MAIN, lazy=True))

    if args.emoji_wheel.suffix == ".whl":
        with zipfile.ZipFile(args.emoji_wheel) as whl:
            emoji = TTFont(io.BytesIO(whl.read(EMOJI_MEMBER)), recalcTimestamp=False)
    else:
        emoji = TTFont(args.emoji_wheel, recalcTimestamp=False)
    # Pictographs (U+1F000 and up) come from Noto Emoji even where DejaVu has a glyph, so all
    # emoji look alike; DejaVu keeps the text-style symbols (arrows, check marks, stars...).
    pictographs = {c for c in cmap(emoji) if c >= 0x1F000}

    started = time.perf_counter()
    dejavu = TTFont(args.dejavu, recalcTimestamp=False)
    # Plus the curly quotes: Noto Sans SC draws them full-width (CJK style), which looks
    # wrong in English text; the renderer takes them from DejaVu there.
    wanted = (cmap(dejavu) - covered - pictographs) | (WESTERN_QUOTES & cmap(dejavu))
    cut(dejavu, wanted)
    rename(dejavu, "DejaVu Sans Fallback", "DejaVuSans-Fallback",
           "subset for Coop Desktop PDFs")
    save(dejavu, args.out / "DejaVuSans-Fallback.ttf", wanted, started)
    covered |= wanted

    started = time.perf_counter()
    emoji = instancer.instantiateVariableFont(emoji, {"wght": 400}, updateFontNames=False)
    # Variation selectors, tag characters and ZWJ are layout controls, not glyphs to draw.
    wanted = {c for c in cmap(emoji) - covered
              if not (0xFE00 <= c <= 0xFE0F or 0xE0000 <= c <= 0xE007F or c in (0x200D, 0x20E3))}
    cut(emoji, wanted)
    rename(emoji, "Noto Emoji Fallback", "NotoEmoji-Fallback",
           "weight 400 instance, subset for Coop Desktop PDFs")
    save(emoji, args.out / "NotoEmoji-Fallback.ttf", wanted, started)
    covered |= wanted

    started = time.perf_counter()
    if args.han == "ext-b":
        hana = TTFont(args.hanamin_b, recalcTimestamp=False)
        wanted = (cmap(hana) & set(EXT_B)) - covered
        note = "HanaMinB (GlyphWiki) cut to CJK Ext-B for Coop Desktop PDFs"
    else:
        hana = TTFont(args.hanamin_a, recalcTimestamp=False)
        wanted = {c for c in cmap(hana) if c >= 0x20000} - covered
        note = "HanaMinA (GlyphWiki) cut to its supplementary ideographs for Coop Desktop PDFs"
    cut(hana, wanted)
    rename(hana, "Coop Han Ext", "CoopHanExt-Regular", note)
    save(hana, args.out / "CoopHanExt-Regular.ttf", wanted, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
