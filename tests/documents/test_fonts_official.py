"""The official (公文) style's fonts: shipped, licensed, TrueType, embedded as subsets, covering
every character the app prints, and falling back per face for the characters a face lacks."""

from __future__ import annotations

import ast
import hashlib
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path

import pypdf
import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_percent

from coop_desktop import paths
from coop_desktop.documents.pdf import escape, fonts
from coop_desktop.documents.pdf.specimen import FACES, specimen_pdf

ROOT = Path(__file__).resolve().parents[2]
FONTS = paths.resource("fonts")
CJK_FACES = (fonts.SONG, fonts.SONG_BOLD, fonts.KAI, fonts.HEI, fonts.HEI_BOLD)
LATIN_FACES = (fonts.SERIF_EN, fonts.SERIF_EN_BOLD, fonts.SERIF_EN_ITALIC)
#: Every shipped style font file → its licence file (a new font without one fails below).
LICENCES = {
    "NotoSerifSC-Regular.ttf": ("OFL-NotoSerifSC.txt", "Adobe"),
    "NotoSerifSC-Bold.ttf": ("OFL-NotoSerifSC.txt", "Adobe"),
    "LXGWWenKai-Regular.ttf": ("OFL-LXGWWenKai.txt", "LXGW"),
    "NotoSerif-Regular.ttf": ("OFL-NotoSerif.txt", "The Noto Project Authors"),
    "NotoSerif-Bold.ttf": ("OFL-NotoSerif.txt", "The Noto Project Authors"),
    "NotoSerif-Italic.ttf": ("OFL-NotoSerif.txt", "The Noto Project Authors"),
}
EXT_B = "\U00020bb7"  # 𠮷, only in the Han Ext fallback


@lru_cache(maxsize=1)
def printed_characters() -> str:
    """Every character the app's own words and demo data can put into a PDF: the templates,
    the demo data's string literals (names, places, texts), the reference data (zones,
    clusters, pilot cities, regions, SRDI criteria) and the Chinese catalog."""
    chars: set[str] = set()
    demo = [*sorted((ROOT / "coop_desktop" / "demo").glob("*.py")),
            ROOT / "coop_desktop" / "demo_applications.py"]
    for path in demo:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                chars.update(node.value)
    for pattern in ("templates/*.toml", "reference/*.json", "regions/*.json", "srdi/*.json",
                    "size_standard/*.json"):
        for path in paths.resource().glob(pattern):
            chars.update(path.read_text(encoding="utf-8"))
    chars.update((ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "coop_desktop.po")
                 .read_text(encoding="utf-8"))
    for locale in ("zh_CN", "en"):  # what CLDR formats (money, dates, percentages)
        for currency in ("CNY", "USD", "EUR", "GBP", "HUF", "JPY", "RUB"):
            chars.update(format_currency(-1234567.5, currency, locale=locale))
        chars.update(format_date(date(2026, 12, 6), "full", locale=locale))
        chars.update(format_percent(-0.125, locale=locale))
    return fonts.normalise("".join(sorted(chars)))


def _chinese(char: str) -> bool:
    code = ord(char)
    return (unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")
            or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E)


def test_the_corpus_is_the_real_thing():
    """The coverage checks below would pass on an empty corpus: make sure it is not."""
    text = printed_characters()
    assert sum(map(_chinese, text)) > 1000
    assert {"浙", "匈", "〔", "（", "。", "：", "¥"} <= set(text)


@pytest.mark.parametrize("name", fonts.STYLE_FACES)
def test_each_face_registers_as_embeddable_truetype(name):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts.ensure_style_fonts(name)
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont)
    face = font.face
    assert "glyf" in face.table and "CFF " not in face.table  # TrueType outlines
    assert not face._full_font  # subsetting allowed (fsType)
    assert Path(face.filename).resolve().is_relative_to(FONTS.resolve())  # shipped, not system
    assert fonts.registration_times()[name] > 0


def test_fangsong_stand_in_is_the_song():
    # No redistributable FangSong could be had (README): the Song stands in, visibly so.
    assert fonts.FANGSONG == fonts.SONG and fonts.FANGSONG_IS_STAND_IN
    assert fonts.HEI == fonts.REGULAR and fonts.HEI_BOLD == fonts.BOLD


def test_unknown_face_is_refused_before_any_work():
    with pytest.raises(KeyError):
        fonts.ensure_style_fonts(fonts.SONG, "Helvetica")
    with pytest.raises(KeyError):
        fonts.font_for("中", "Helvetica")


@pytest.mark.parametrize("name", CJK_FACES)
def test_chinese_faces_draw_every_printed_chinese_character_themselves(name):
    own = fonts.face_chars(name)
    missing = sorted({c for c in printed_characters() if _chinese(c) and ord(c) not in own})
    assert missing == []


@pytest.mark.parametrize("name", LATIN_FACES)
def test_english_serif_draws_latin_and_its_punctuation_itself(name):
    own = fonts.face_chars(name)
    latin = {c for c in printed_characters() if ord(c) < 0x2000 and c.isprintable()}
    latin |= set("‘’“”–—…€¥£‰№")
    assert sorted(c for c in latin if ord(c) not in own) == []


@pytest.mark.parametrize("name", fonts.STYLE_FACES)
def test_nothing_printed_is_left_without_a_font(name):
    assert fonts.coverage(printed_characters(), primary=name) == []
    assert fonts.coverage(f"中文 English {EXT_B} 😀 שלום مرحبا ≒", primary=name) == []
    assert fonts.coverage("x\ue000", primary=name) == ["\ue000"]


def _lacks(face: str, donor: str) -> str:
    """A character ``donor`` has and ``face`` lacks (found, not assumed)."""
    have, theirs = fonts.face_chars(face), fonts.face_chars(donor)
    return chr(next(c for c in sorted(theirs) if c not in have and c > 0x2000))


def test_a_character_a_face_lacks_comes_from_its_chain():
    # Song Bold (2.001) lacks some of the newest URO characters Noto Sans SC Bold has.
    char = _lacks(fonts.SONG_BOLD, fonts.HEI_BOLD)
    assert fonts.font_for(char, fonts.SONG_BOLD) == fonts.HEI_BOLD
    # ... and some neither Bold has: the regular Song (rather than nothing).
    char = chr(next(c for c in sorted(fonts.face_chars(fonts.SONG))
                    if c not in fonts.face_chars(fonts.SONG_BOLD)
                    and c not in fonts.face_chars(fonts.HEI_BOLD)))
    assert fonts.font_for(char, fonts.SONG_BOLD) == fonts.SONG
    assert fonts.font_for(char, fonts.REGULAR) is None  # the modern style's chain: unchanged
    # LXGW WenKai lacks most of Extension A: Noto Sans SC draws it.
    char = _lacks(fonts.KAI, fonts.HEI)
    assert fonts.font_for(char, fonts.KAI) == fonts.HEI
    # Song lacks ≒ and 𠮷: the shared fallbacks, as for Noto Sans SC.
    assert ord("≒") not in fonts.face_chars(fonts.SONG)
    assert fonts.font_for("≒", fonts.SONG) == fonts.font_for("≒") == "CoopFallback-DejaVu"
    for name in fonts.STYLE_FACES:  # LXGW WenKai has 1,169 of Ext-B.., 𠮷 among them
        assert fonts.font_for(EXT_B, name) == (name if name == fonts.KAI
                                                else "CoopFallback-HanExt")
        assert fonts.font_for("\ue000", name) is None
    # English serif: Chinese in an English text is set in the Song of the same weight.
    assert fonts.font_for("中", fonts.SERIF_EN) == fonts.SONG
    assert fonts.font_for("中", fonts.SERIF_EN_BOLD) == fonts.SONG_BOLD
    assert fonts.font_for("A", fonts.SERIF_EN) == fonts.SERIF_EN
    # Each face draws what it has itself.
    for name in fonts.STYLE_FACES:
        assert fonts.font_for("中" if name not in LATIN_FACES else "Z", name) == name


def test_runs_per_primary_face():
    text = f"设立“一带一路”{EXT_B}项目"
    assert list(fonts.runs(text, primary=fonts.SONG)) == [
        (fonts.SONG, "设立“一带一路”"), ("CoopFallback-HanExt", EXT_B), (fonts.SONG, "项目")]
    # LXGW WenKai's curly quotes are proportional: Chinese text takes the Song's full-width ones.
    assert list(fonts.runs("设立“一带”", primary=fonts.KAI)) == [
        (fonts.KAI, "设立"), (fonts.SONG, "“"), (fonts.KAI, "一带"), (fonts.SONG, "”")]
    # English text: proportional serif quotes; newlines stay with the primary face.
    assert list(fonts.runs("the “Zone”\n中国", primary=fonts.SERIF_EN, western=True)) == [
        (fonts.SERIF_EN, "the “Zone”\n"), (fonts.SONG, "中国")]
    assert list(fonts.runs("a “b”", primary=fonts.KAI, western=True)) == [
        (fonts.KAI, "a "), (fonts.SERIF_EN, "“"), (fonts.KAI, "b"), (fonts.SERIF_EN, "”")]
    # Today's callers (no primary): unchanged.
    assert list(fonts.runs("设立“一带”")) == [(fonts.REGULAR, "设立“一带”")]
    assert list(fonts.runs("a “b”", western=True)) == [
        (fonts.REGULAR, "a "), ("CoopFallback-DejaVu", "“"), (fonts.REGULAR, "b"),
        ("CoopFallback-DejaVu", "”")]


def test_markup_leaves_the_primary_face_bare_and_tags_the_rest():
    marked = escape.markup(f"A&B “中” {EXT_B}", language="zh", primary=fonts.SONG_BOLD)
    assert marked == f'A&amp;B “中” <font name="CoopFallback-HanExt">{EXT_B}</font>'
    char = _lacks(fonts.SONG_BOLD, fonts.HEI_BOLD)
    assert escape.markup(f"甲{char}", primary=fonts.SONG_BOLD) == \
        f'甲<font name="{fonts.HEI_BOLD}">{char}</font>'
    assert escape.markup("中", primary=fonts.REGULAR) == escape.markup("中") == "中"


@pytest.fixture(scope="module")
def specimen() -> bytes:
    out = io.BytesIO()
    assert specimen_pdf(out) >= 1
    return out.getvalue()


def test_specimen_is_deterministic(specimen):
    again = io.BytesIO()
    specimen_pdf(again)
    assert again.getvalue() == specimen


def test_specimen_embeds_every_face_as_a_truetype_subset(specimen):
    reader = pypdf.PdfReader(io.BytesIO(specimen))
    seen: dict[str, object] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                seen[str(descendant["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    names = {name.split("+", 1)[1] for name in seen}
    assert names >= {"NotoSerifSC-Regular", "NotoSerifSC-Bold", "LXGWWenKai-Regular",
                     "NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic",
                     "NotoSansSC-Regular",
                     "NotoSansSC-Bold"}
    for name, descriptor in seen.items():
        assert re.fullmatch(r"/?[A-Z]{6}\+[\w-]+", name), name  # a subset
        assert "/FontFile2" in descriptor, name  # embedded TrueType
    text = "".join(page.extract_text() for page in reader.pages)
    assert "浙江瑞丰精密机械有限公司" in text and "Precision Machinery" in text


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed "
                    "(scripts/system-deps.sh installs it)")
def test_pdffonts_says_embedded_subset_unicode(specimen, tmp_path):
    path = tmp_path / "specimen.pdf"
    path.write_bytes(specimen)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert len(rows) >= len(FACES)
    for row in rows:
        assert row[1] == "TrueType" and tuple(row[-5:-2]) == ("yes", "yes", "yes"), row


def test_every_style_font_is_licensed_and_documented():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    shipped = sorted(p.name for p in (FONTS / "print").iterdir() if p.suffix == ".ttf")
    assert shipped == sorted(LICENCES)
    for file, (licence, holder) in LICENCES.items():
        text = (FONTS / "print" / licence).read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text and holder in text.split("\n\n")[0]
        digest = hashlib.sha256((FONTS / "print" / file).read_bytes()).hexdigest()
        assert f"`print/{file}`" in readme and digest in readme and licence in readme, file
    for name, _what in FACES:
        assert fonts._FILES[name].file.removeprefix("print/") in readme


def test_faces_register_lazily_and_the_main_family_whole():
    """In a fresh process: only what is used gets registered (each CJK face costs tens of
    ms); a bold lookup that reaches Noto Sans SC Bold registers its Regular and family too."""
    probe = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from reportlab.lib.fonts import tt2ps\n"
        "from coop_desktop.documents.pdf import fonts\n"
        "char = next(chr(c) for c in sorted(fonts.face_chars(fonts.HEI_BOLD))\n"
        "            if c > 0x2000 and c not in fonts.face_chars(fonts.SONG_BOLD))\n"
        "print(sorted(pdfmetrics.getRegisteredFontNames()))\n"
        "print(fonts.font_for(char, fonts.SERIF_EN_BOLD), tt2ps(fonts.REGULAR, 1, 0))\n"
        "print(sorted(pdfmetrics.getRegisteredFontNames()))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.splitlines()
    assert out[0] == str(sorted([fonts.REGULAR, fonts.BOLD, fonts.SONG_BOLD]))
    assert out[1] == f"{fonts.HEI_BOLD} {fonts.BOLD}"
    assert out[2] == str(sorted([fonts.REGULAR, fonts.BOLD, fonts.SONG_BOLD,
                                 fonts.SERIF_EN_BOLD]))
