"""Build the fonts of the official (公文) print style in ``resources/fonts/`` (dev-only).

DEV-ONLY TOOL, like ``convert_fonts.py`` (whose CFF -> TrueType steps it reuses): a developer runs
it once when these fonts change; the install step, the app and the tests never run it, and
fontTools is NOT a project dependency. Use a throw-away venv::

    python -m venv /tmp/ftvenv && /tmp/ftvenv/bin/pip install fonttools

What it writes (see ``resources/fonts/README.md`` for sources, checksums, coverage and licences):

* ``NotoSerifSC-Regular.ttf`` (宋体 body): ``NotoSerifSC-Regular.otf`` (static CFF, Noto Serif CJK
  2.003) from the PyPI wheel ``pylopdf-fonts-zh-cn``, converted to TrueType outlines with its whole
  character set and layout tables (as ``convert_fonts.py`` does for Noto Sans SC).
* ``NotoSerifSC-Bold.ttf`` (小标宋-like titles): the "Noto Serif CJK SC" face of Debian's
  ``fonts-noto-cjk`` ``NotoSerifCJK-Bold.ttc`` (2.001; no static 2.003 Bold is packaged), cut to the
  Regular's characters that it has and to the default + ZHS layout systems, converted likewise.
* ``NotoSerif-Regular.ttf`` / ``-Bold.ttf`` / ``-Italic.ttf`` (English text): Noto Serif 2.015
  from the PyPI wheel ``fontpkg-noto-serif`` (variable ``wdth``/``wght`` TrueType, upright and
  italic), pinned to width 100 and weight 400 / 700 / 400 italic (static TrueType; no
  conversion needed), layout tables and hinting dropped (reportlab neither shapes nor hints),
  every character kept.

LXGW WenKai (楷体) is shipped as Debian builds it (TrueType already, unmodified: its OFL reserves
the names "LXGW"/"霞鹜" for unmodified builds), so it is copied, not built here.

Usage::

    pip download --no-deps -d /tmp/fontsrc pylopdf-fonts-zh-cn fontpkg-noto-serif
    apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai
    /tmp/ftvenv/bin/python scripts/build_style_fonts.py \\
        --song-wheel /tmp/fontsrc/pylopdf_fonts_zh_cn-0.1.1-py3-none-any.whl \\
        --serif-wheel /tmp/fontsrc/fontpkg_noto_serif-2.15-py3-none-any.whl \\
        [--only song|song-bold|serif-en] [--out resources/fonts]
    cp /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf resources/fonts/

About 45-60 s and < 1 GB per CJK weight; the same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import fontTools
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont
    from fontTools.varLib import instancer
except ImportError:  # pragma: no cover - dev tool
    sys.exit("fontTools is needed (dev-only): python -m venv /tmp/ftvenv && "
             "/tmp/ftvenv/bin/pip install fonttools")

import convert_fonts  # the CFF -> glyf steps, shared with Noto Sans SC

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "resources" / "fonts"
SONG_MEMBER = "pylopdf_fonts_zh_cn/NotoSerifSC-Regular.otf"
SONG_BOLD_TTC = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
SONG_FACE_FAMILY = "Noto Serif CJK SC"
SERIF_MEMBER = "fontpkg_noto_serif/files/NotoSerif[wdth,wght].ttf"
SERIF_ITALIC_MEMBER = "fontpkg_noto_serif/files/NotoSerif-Italic[wdth,wght].ttf"
WIN, WIN_ENGLISH, WIN_ZH_CN = 3, 0x0409, 0x0804


def read_member(wheel: Path, member: str) -> TTFont:
    with zipfile.ZipFile(wheel) as whl:
        data = whl.read(member)
    return TTFont(io.BytesIO(data), recalcTimestamp=False)


def set_names(font: TTFont, family: str, ps_family: str, style: str, note: str,
              chinese: bool) -> None:
    """Family/subfamily/full/PostScript names; IDs 3 and 5 say what was done to the font."""
    name = font["name"]
    version = (name.getDebugName(5) or "").split(";")[0]
    ps_name = f"{ps_family}-{style}"
    entries = {
        1: family,
        2: style,
        3: f"{version.removeprefix('Version ')};{ps_name};coop-desktop",
        4: family if style == "Regular" else f"{family} {style}",
        5: f"{version};{note}",
        6: ps_name,
    }
    name.names = [r for r in name.names if r.nameID not in (16, 17, 21, 22, 25, *entries)]
    for name_id, text in entries.items():
        name.setName(text, name_id, WIN, 1, WIN_ENGLISH)
        if chinese and name_id in (1, 2, 4):
            name.setName(text, name_id, WIN, 1, WIN_ZH_CN)
    os2, head = font["OS/2"], font["head"]
    bold, italic = style == "Bold", style == "Italic"
    os2.usWeightClass = 700 if bold else 400
    # fsSelection bits: 0 ITALIC, 5 BOLD, 6 REGULAR; macStyle bits: 0 bold, 1 italic.
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | (
        0b100000 if bold else 0b1 if italic else 0b1000000)
    head.macStyle = (head.macStyle & ~0b11) | (0b1 if bold else 0b10 if italic else 0)


def check(path: Path, unicodes: set[int], family: str, style: str) -> None:
    font = TTFont(path)
    assert "glyf" in font and "CFF " not in font and "fvar" not in font, sorted(font.keys())
    assert set(font.getBestCmap()) == unicodes, "character set changed"
    assert font["name"].getDebugName(1) == family and font["name"].getDebugName(2) == style
    try:  # reportlab (a project dependency) must accept the result
        from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont
    except ImportError:
        return
    ReportlabTTFont(f"check-{style}", str(path))


def report(out: Path, unicodes: set[int], font: TTFont, started: float) -> None:
    print(f"{out}: {out.stat().st_size:,} bytes, {len(unicodes):,} characters, "
          f"{len(font.getGlyphOrder()):,} glyphs, {time.perf_counter() - started:.1f} s")


def build_song(wheel: Path, out_dir: Path) -> set[int]:
    started = time.perf_counter()
    font = read_member(wheel, SONG_MEMBER)
    unicodes = set(font.getBestCmap())
    convert_fonts.subset_to(font, unicodes)
    convert_fonts.otf_to_ttf(font)
    set_names(font, "Noto Serif SC", "NotoSerifSC", "Regular",
              f"TrueType outlines by fontTools {fontTools.version}", chinese=True)
    out = out_dir / "NotoSerifSC-Regular.ttf"
    font.save(out)
    check(out, unicodes, "Noto Serif SC", "Regular")
    report(out, unicodes, font, started)
    return unicodes


def sc_face(ttc: Path) -> int:
    names = [f["name"].getDebugName(1) for f in TTCollection(ttc, lazy=True).fonts]
    if SONG_FACE_FAMILY not in names:
        raise SystemExit(f"no face named {SONG_FACE_FAMILY!r} in {ttc}: {names}")
    return names.index(SONG_FACE_FAMILY)


def build_song_bold(ttc: Path, regular_unicodes: set[int], out_dir: Path) -> None:
    started = time.perf_counter()
    index = sc_face(ttc)
    with tempfile.TemporaryDirectory() as tmp:
        otf = Path(tmp) / "NotoSerifCJKsc-Bold.otf"
        convert_fonts.extract_face(ttc, index, otf)
        font = TTFont(otf, recalcTimestamp=False)
        unicodes = regular_unicodes & set(font.getBestCmap())
        print(f"{ttc} face {index}: {len(regular_unicodes - unicodes)} of the Regular's "
              "characters missing (left to the fallback fonts)")
        convert_fonts.keep_only_chinese_simplified_layout(font)
        convert_fonts.subset_to(font, unicodes)
        convert_fonts.otf_to_ttf(font)
        set_names(font, "Noto Serif SC", "NotoSerifSC", "Bold",
                  f"TrueType outlines by fontTools {fontTools.version}", chinese=True)
        out = out_dir / "NotoSerifSC-Bold.ttf"
        font.save(out)
    check(out, unicodes, "Noto Serif SC", "Bold")
    report(out, unicodes, font, started)


def build_serif_en(wheel: Path, out_dir: Path) -> None:
    for style, weight, member in (("Regular", 400, SERIF_MEMBER), ("Bold", 700, SERIF_MEMBER),
                                  ("Italic", 400, SERIF_ITALIC_MEMBER)):
        started = time.perf_counter()
        font = read_member(wheel, member)
        static = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100})
        unicodes = set(static.getBestCmap())
        options = subset.Options()
        options.layout_features = []  # reportlab does not shape
        options.hinting = False
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.prune_unicode_ranges = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(static)
        for tag in ("STAT", "MVAR", "HVAR", "avar", "DSIG"):
            if tag in static:
                del static[tag]
        set_names(static, "Noto Serif", "NotoSerif", style,
                  f"static instance wdth 100 wght {weight} by fontTools {fontTools.version}",
                  chinese=False)
        out = out_dir / f"NotoSerif-{style}.ttf"
        static.save(out)
        check(out, unicodes, "Noto Serif", style)
        report(out, unicodes, static, started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--song-wheel", type=Path, required=True,
                        help="pylopdf-fonts-zh-cn .whl (NotoSerifSC-Regular.otf inside)")
    parser.add_argument("--song-bold-ttc", type=Path, default=SONG_BOLD_TTC)
    parser.add_argument("--serif-wheel", type=Path, required=True,
                        help="fontpkg-noto-serif .whl (NotoSerif[wdth,wght].ttf inside)")
    parser.add_argument("--only", choices=["song", "song-bold", "serif-en"], default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    if args.only in (None, "song"):
        regular = build_song(args.song_wheel, args.out)
    else:
        regular = set(read_member(args.song_wheel, SONG_MEMBER).getBestCmap())
    if args.only in (None, "song-bold"):
        build_song_bold(args.song_bold_ttc, regular, args.out)
    if args.only in (None, "serif-en"):
        build_serif_en(args.serif_wheel, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
