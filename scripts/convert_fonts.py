"""Convert the static CFF Noto Sans SC fonts to TrueType outlines for resources/fonts/.

DEV-ONLY TOOL. A developer runs this once when the bundled fonts change; the install step, the
app and the tests never run it, and fontTools is deliberately NOT a project dependency:

    .venv/bin/pip install fonttools            # into your own venv, just for this script

Why: reportlab's ``TTFont`` embeds TrueType-outline (``glyf``) fonts only and rejects every
Noto CJK / Source Han release, which are CFF ("postscript outlines are not supported").

Sources (both static Noto Sans CJK 2.004, SIL OFL 1.1):

* Regular: ``NotoSansSC-Regular.otf`` from the PyPI wheel ``pylopdf-fonts-zh-cn``::

      pip download --no-deps -d /tmp/fontsrc pylopdf-fonts-zh-cn

  ``--regular`` takes the ``.whl`` itself (the OTF is read from the zip) or an unzipped ``.otf``.
* Bold: the Simplified-Chinese face of Debian's ``fonts-noto-cjk`` collection::

      apt-get install fonts-noto-cjk   # /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc

  The face is found by its name table (family "Noto Sans CJK SC"; face 2 in 1:20220127), written
  out as a static OTF, then converted. The collection's SC face also maps Hangul, compatibility
  ideographs and extra Ext-B characters shared with the JP/KR/TC/HK faces, and its layout tables
  reach those regions' glyph forms; by default it is cut down to exactly the Regular font's
  character set and the default + ZHS layout systems (what the upstream ``NotoSansSC-Bold.otf``
  has: same characters, same glyph count as the Regular). ``--bold-cmap full`` keeps the
  collection face's whole cmap and layout instead (49k glyphs, ~16 MB).

Never feed it the *variable* Noto CJK font: converting that takes minutes and ~6.5 GB per weight.

Steps per weight, as in fontTools' ``Snippets/otf2ttf.py``: subset to the font's own (or the
chosen) character set with every layout feature and its closure kept (this only drops glyphs no
character can reach, and the stub DSIG); draw every glyph through ``Cu2QuPen`` (max error 1 unit,
contours reversed to TrueType's clockwise direction) into ``TTGlyphPen``; drop ``CFF ``/``VORG``;
write ``glyf``/``loca``, ``maxp`` 1.0, ``post`` format 3 (the source is CID-keyed: its glyph names
are only ``cidNNNNN``, not worth ~0.3 MB), hmtx left side bearings = xMin, a ``gasp`` table asking
for smoothing at every size (the outlines carry no hints). Name table: family stays
"Noto Sans SC" (Regular/Bold, in English and zh-CN records), unique ID and version string say it
was converted. The source's timestamps are kept, so a re-run gives byte-identical files.

Usage (measure with /usr/bin/time -v if you like; ~40-60 s and < 1 GB per weight)::

    .venv/bin/python scripts/convert_fonts.py \\
        --regular /tmp/fontsrc/pylopdf_fonts_zh_cn-0.1.1-py3-none-any.whl \\
        --bold-ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc \\
        [--only regular|bold] [--out resources/fonts]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

try:
    import fontTools
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTCollection, TTFont, newTable
except ImportError:  # pragma: no cover - dev tool
    sys.exit("fontTools is needed (dev-only): .venv/bin/pip install fonttools")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "resources" / "fonts"
DEFAULT_BOLD_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
WHEEL_MEMBER = "pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf"
BOLD_FACE_FAMILY = "Noto Sans CJK SC"

FAMILY = "Noto Sans SC"
PS_FAMILY = "NotoSansSC"
MAX_ERR = 1.0  # font units; the fonts have 1000 units per em
WIN, WIN_ENGLISH, WIN_ZH_CN = 3, 0x0409, 0x0804
OTHER_LANGSYS_KEPT = {"ZHS "}  # besides each script's default language system


# --------------------------------------------------------------------------- sources


def load_regular(path: Path) -> TTFont:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            data = whl.read(WHEEL_MEMBER)
        return TTFont(io.BytesIO(data), recalcTimestamp=False)
    return TTFont(path, recalcTimestamp=False)


def find_sc_face(ttc: Path) -> int:
    """Index of the face whose family name is "Noto Sans CJK SC" (checked, not assumed)."""
    faces = TTCollection(ttc, lazy=True).fonts
    names = [face["name"].getDebugName(1) for face in faces]
    for index, name in enumerate(names):
        if name == BOLD_FACE_FAMILY:
            return index
    raise SystemExit(f"no face named {BOLD_FACE_FAMILY!r} in {ttc}: {names}")


def extract_face(ttc: Path, index: int, otf: Path) -> None:
    """Write one face of a collection out as a standalone static OTF."""
    face = TTFont(ttc, fontNumber=index, recalcTimestamp=False)
    if "fvar" in face or "CFF2" in face:
        raise SystemExit(f"{ttc} face {index} is variable: refusing (minutes, GBs)")
    face.save(otf)


# --------------------------------------------------------------------------- steps


def subset_to(font: TTFont, unicodes: set[int]) -> None:
    """Keep every glyph reachable from *unicodes* through cmap + GSUB, all features, all names."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True  # a visible .notdef box, not an empty glyph
    options.hinting = False  # CFF hints mean nothing once the outlines are quadratic
    options.desubroutinize = True
    options.prune_unicode_ranges = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def keep_only_chinese_simplified_layout(font: TTFont) -> None:
    """Drop the collection face's JAN/KOR/ZHT/ZHH language systems and the Hangul script.

    Otherwise the subsetter's layout closure keeps every Japanese/Korean/Traditional ``locl``
    form (49k glyphs instead of 31k, +6.5 MB). What is left is the default and ZHS systems, as in
    the upstream single-language ``NotoSansSC-*.otf``: the glyph count then equals the Regular's.
    """
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        script_list = font[tag].table.ScriptList
        script_list.ScriptRecord = [r for r in script_list.ScriptRecord if r.ScriptTag != "hang"]
        script_list.ScriptCount = len(script_list.ScriptRecord)
        for record in script_list.ScriptRecord:
            script = record.Script
            script.LangSysRecord = [
                r for r in script.LangSysRecord if r.LangSysTag in OTHER_LANGSYS_KEPT
            ]
            script.LangSysCount = len(script.LangSysRecord)


def otf_to_ttf(font: TTFont) -> None:
    """CFF -> glyf, after fontTools' Snippets/otf2ttf.py."""
    if font.sfntVersion != "OTTO" or "CFF " not in font:
        raise SystemExit("source is not a static CFF OpenType font")
    if "fvar" in font:
        raise SystemExit("variable fonts are not converted here (minutes, GBs)")
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()

    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:  # CFF-only vertical origins
        del font["VORG"]
    glyf.compile(font)  # also computes each glyph's bounds

    hmtx = font["hmtx"]  # TrueType wants lsb == xMin
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        (len(getattr(g, "components", [])) for g in glyphs.values()), default=0
    )
    maxp.compile(font)  # fills numGlyphs, maxPoints, maxContours, ...

    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order

    font["gasp"] = gasp = newTable("gasp")
    gasp.version = 1
    gasp.gaspRange = {0xFFFF: 0x000F}  # grid-fit + grey + symmetric smoothing at all sizes

    font.sfntVersion = "\x00\x01\x00\x00"


def set_names(font: TTFont, style: str) -> None:
    """Family "Noto Sans SC", subfamily Regular/Bold; mark the conversion in IDs 3 and 5."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    ps_name = f"{PS_FAMILY}-{style}"
    vendor_version = version.removeprefix("Version ").split(";")[0]  # "2.004"
    converted = f"TrueType outlines by fontTools {fontTools.version}"
    entries = {
        1: FAMILY,
        2: style,
        3: f"{vendor_version};GOOG;{ps_name};ADOBE;TTF",
        4: FAMILY if style == "Regular" else f"{FAMILY} {style}",
        5: f"{version};{converted}",
        6: ps_name,
    }
    # Drop typographic family/subfamily (16/17) if present: 1/2 already say it all.
    name.names = [rec for rec in name.names if rec.nameID not in (16, 17)]
    # Replace every record of these IDs, then write them in Windows English (+ zh-CN for 1/2/4).
    name.names = [rec for rec in name.names if rec.nameID not in entries]
    for name_id, text in entries.items():
        name.setName(text, name_id, WIN, 1, WIN_ENGLISH)
        if name_id in (1, 2, 4):
            name.setName(text, name_id, WIN, 1, WIN_ZH_CN)

    os2, head = font["OS/2"], font["head"]
    bold = style == "Bold"
    if bold:
        os2.usWeightClass = 700
        os2.fsSelection = (os2.fsSelection & ~0b1000001) | 0b100000  # BOLD, not REGULAR/ITALIC
        head.macStyle = (head.macStyle & ~0b10) | 0b1
    else:
        os2.usWeightClass = 400
        os2.fsSelection = (os2.fsSelection & ~0b100001) | 0b1000000  # REGULAR
        head.macStyle &= ~0b11


# --------------------------------------------------------------------------- driver


def convert(font: TTFont, unicodes: set[int], style: str, out: Path) -> None:
    start = time.perf_counter()
    subset_to(font, unicodes)
    otf_to_ttf(font)
    set_names(font, style)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    check(out, unicodes, style)
    took = time.perf_counter() - start
    print(f"{out}: {out.stat().st_size:,} bytes, {len(unicodes):,} characters, "
          f"{len(font.getGlyphOrder()):,} glyphs, {took:.1f} s")


def check(path: Path, unicodes: set[int], style: str) -> None:
    font = TTFont(path)
    assert "glyf" in font and "CFF " not in font and "VORG" not in font, sorted(font.keys())
    assert set(font.getBestCmap()) == unicodes, "character set changed"
    assert font["name"].getDebugName(1) == FAMILY and font["name"].getDebugName(2) == style
    try:  # reportlab is a project dependency: make sure it accepts the result
        from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont
    except ImportError:
        return
    ReportlabTTFont(f"check-{style}", str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regular", type=Path, required=True,
                        help="pylopdf-fonts-zh-cn .whl, or NotoSansSC-Regular.otf")
    parser.add_argument("--bold-ttc", type=Path, default=DEFAULT_BOLD_TTC,
                        help=f"fonts-noto-cjk's NotoSansCJK-Bold.ttc (default {DEFAULT_BOLD_TTC})")
    parser.add_argument("--bold-face", type=int, default=None,
                        help="face index in the TTC (default: found by name)")
    parser.add_argument("--bold-cmap", choices=["regular", "full"], default="regular",
                        help="Bold's character set: the Regular's (default) or the TTC face's")
    parser.add_argument("--only", choices=["regular", "bold"], default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    regular = load_regular(args.regular)
    regular_unicodes = set(regular.getBestCmap())

    if args.only in (None, "regular"):
        convert(regular, regular_unicodes, "Regular", args.out / f"{PS_FAMILY}-Regular.ttf")
    del regular

    if args.only in (None, "bold"):
        index = find_sc_face(args.bold_ttc) if args.bold_face is None else args.bold_face
        print(f"{args.bold_ttc}: face {index} is "
              f"{TTCollection(args.bold_ttc, lazy=True).fonts[index]['name'].getDebugName(4)!r}")
        with tempfile.TemporaryDirectory() as tmp:
            otf = Path(tmp) / "NotoSansCJKsc-Bold.otf"
            extract_face(args.bold_ttc, index, otf)
            bold = TTFont(otf, recalcTimestamp=False)
            face_unicodes = set(bold.getBestCmap())
            if args.bold_cmap == "regular":
                missing = regular_unicodes - face_unicodes
                if missing:
                    raise SystemExit(f"Bold lacks {len(missing)} of Regular's characters")
                unicodes = regular_unicodes
                keep_only_chinese_simplified_layout(bold)
            else:
                unicodes = face_unicodes
            convert(bold, unicodes, "Bold", args.out / f"{PS_FAMILY}-Bold.ttf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
