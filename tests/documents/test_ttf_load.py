"""The fast TrueType loader builds exactly what reportlab's own ``TTFont`` builds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from coop_desktop import paths
from coop_desktop.documents.pdf.ttf_load import load_ttfont

FONTS = paths.resource("fonts")
FILES = sorted([*FONTS.glob("*.ttf"), *FONTS.glob("print/*.ttf")])
CURSOR = {"_pos", "_pdfScale", "_ttf_data"}  # parse cursor, a lambda, the same file bytes


def test_every_bundled_font_is_checked():
    assert {p.name for p in FILES} >= {"NotoSansSC-Regular.ttf", "NotoSerifSC-Regular.ttf",
                                       "LXGWWenKai-Regular.ttf", "CoopHanExt-Regular.ttf"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_face_and_font_equal_reportlabs(path: Path):
    theirs, ours = TTFont("cmp", str(path)), load_ttfont("cmp", str(path))
    a, b = vars(theirs.face), vars(ours.face)
    assert set(a) == set(b)
    for key in set(a) - CURSOR:
        assert a[key] == b[key], key
        if isinstance(a[key], dict):  # same insertion order too
            assert list(a[key]) == list(b[key]), key
    assert bytes(a["_ttf_data"]) == bytes(b["_ttf_data"])
    assert a["_pdfScale"](1024) == b["_pdfScale"](1024)
    assert type(ours) is TTFont and type(ours.face) is type(theirs.face)
    assert set(vars(theirs)) == set(vars(ours))
    for key in set(vars(theirs)) - {"face", "state", "encoding"}:
        assert vars(theirs)[key] == vars(ours)[key], key
    assert type(ours.encoding) is type(theirs.encoding)


def _pdf(font: TTFont, text: str) -> bytes:
    pdfmetrics.registerFont(font)
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1, initialFontName=font.fontName)
    page.setFont(font.fontName, 12)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def test_same_pdf_bytes():
    path = str(FONTS / "print" / "NotoSerifSC-Regular.ttf")
    text = "宋体 Song ¥1,250.50 “一带一路” \u00a0 鿫"
    assert _pdf(load_ttfont("CoopLoadCheck", path), text) == \
        _pdf(TTFont("CoopLoadCheck", path), text)


def test_what_it_does_not_handle_goes_through_reportlab(monkeypatch):
    from coop_desktop.documents.pdf import ttf_load

    def unsupported(*_args):
        raise ttf_load._Unsupported

    monkeypatch.setattr(ttf_load, "_cmap", unsupported)
    path = str(FONTS / "print" / "NotoSerif-Regular.ttf")
    font = load_ttfont("CoopFallbackPath", path)
    assert vars(font.face)["charToGlyph"] == TTFont("x", path).face.charToGlyph
