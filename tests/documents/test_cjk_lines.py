"""Chinese line breaking (:mod:`coop_desktop.documents.pdf.cjk_lines`), on the real fonts.

The property test generates paragraphs of Han, punctuation of every class, Latin words,
numbers, dashes, ellipses, URLs and spaces, breaks them at random widths and checks the rules
against the paragraph's own text, with character sets written out here (not the module's):
no forbidden line start or end, no split ——/…… pair or word, nothing past the column (box
and ink), justified lines exactly full, nothing lost or reordered.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop_desktop.documents.pdf import cjk_lines as cl
from coop_desktop.documents.pdf import fonts

SONG = fonts.REGULAR
#: Written out from PRINT.md / clreq, independently of the module's tables.
NEVER_START = set("。，、；：？！）】》」』〕〉”’")
NEVER_END = set("（【《「『〔〈“‘")
HAN = "中外企业合作园区投资计划匈牙利小的和了在是公司有限发展年月日人民币元国家省市"
WORD = re.compile(r"[A-Za-z0-9.,%:/?=&+'_-]")


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    fonts.ensure_main_fonts()


def _runs(text: str, size: float = 10.0, western: bool = False) -> list[cl.Run]:
    return [cl.Run(chunk, font or SONG, size)
            for font, chunk in fonts.runs(fonts.normalise(text), western=western)]


def _layout(text: str, width: float, size: float = 10.0, indent: float = 0.0,
            align: cl.Align = "justify", western: bool = False
            ) -> tuple[cl.Paragraph, list[cl.Line]]:
    p = cl.prepare(_runs(text, size, western))
    return p, cl.break_lines(p, width, indent=indent * size, align=align)


def _texts(p: cl.Paragraph, lines: list[cl.Line]) -> list[str]:
    return [cl.line_text(p, line) for line in lines]


def _right(p: cl.Paragraph, line: cl.Line) -> float:
    last = cl.glyphs(p, line)[-1]
    return last.x + last.w


# --------------------------------------------------------------------------- property


def _unit(draw: st.DrawFn) -> str:
    content = draw(st.one_of(
        st.text(HAN, min_size=1, max_size=8),
        st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=10),
        st.sampled_from(["1,250.5", "30%", "2026年", "3.2", "8,000", "ISO 9001", "GDPR", "0.5"]),
        st.sampled_from(["——", "……"]),
        st.just("https://example.com/a/b?c=1"),
        st.sampled_from(["“little giant”", "(GDPR),", "Ltd.;", "e.g.", "café", "Zoë’s"]),
    ))
    opening = draw(st.sampled_from(["", "", "", "（", "【", "《", "“", "「", "『", "〔", "〈", "‘"]))
    closing = draw(st.sampled_from(["", "", "", "。", "，", "、", "；", "：", "？", "！", "）", "】", "》",
                                    "」", "』", "〕", "〉", "”", "’", "。”", "），", "」。", "……"]))
    space = draw(st.sampled_from(["", "", "", " "]))
    return opening + content + closing + space


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.composite(lambda d: _unit(d))(), min_size=1, max_size=40)))


def _source_glyphs(text: str) -> tuple[str, list[bool]]:
    """The characters a paragraph must show, in order, and whether a space preceded each."""
    chars, spaced = [], []
    pending = False
    for char in fonts.normalise(text).strip():
        if char == " ":
            pending = True
            continue
        chars.append(char)
        spaced.append(pending)
        pending = False
    return "".join(chars), spaced


def _piece_around(chars: str, spaced: list[bool], at: int) -> str:
    """The unbreakable piece around the boundary before index ``at``: the run of word
    characters with the brackets, marks and closing punctuation glued to it."""
    glued = "[!-~\u00c0-\u024f‘’“”" + "".join(NEVER_START | NEVER_END) + "—…]"
    start, end = at, at
    while start > 0 and re.match(glued, chars[start - 1]) and not spaced[start]:
        start -= 1
    while end < len(chars) and re.match(glued, chars[end]) and not spaced[end]:
        end += 1
    return chars[start:end]


GLUED = re.compile("[!-~\u00c0-\u024f‘’“”]")


def _opportunity(a: str, b: str, spaced: bool) -> bool:
    """May a line break between ``a`` and ``b`` (the rules, written out for the test)?"""
    if spaced:
        return True
    if a in NEVER_END or a in "([{" or b in NEVER_START or b in ",.;:!?)]}%":
        return False
    if GLUED.match(a) and (GLUED.match(b) or b in "—…"):
        return False
    return not (a == b and a in "—…")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=paragraphs(), ems=st.floats(12, 45), size=st.sampled_from([10.0, 12.0, 16.0]),
       indent=st.sampled_from([0.0, 2.0]), western=st.booleans())
def test_generated_paragraphs_obey_the_rules(text: str, ems: float, size: float,
                                             indent: float, western: bool) -> None:
    width = ems * size
    p, lines = _layout(text, width, size, indent, western=western)
    metrics = cl.default_metrics()
    expected, spaced = _source_glyphs(text)

    # Nothing lost, nothing reordered.
    shown = "".join(t.replace(" ", "") for t in _texts(p, lines))
    assert shown == expected
    boundary = 0  # index in ``expected`` of the next line's first glyph
    for k, line in enumerate(lines):
        placed = cl.glyphs(p, line)
        chars = "".join(g.char for g in placed)
        last_line = k == len(lines) - 1
        # Every glyph inside the column, in order, never overlapping.
        assert placed[0].x >= (indent * size if k == 0 else 0.0) - 1e-6
        for a, b in zip(placed, placed[1:]):
            assert b.x >= a.x + a.w - 1e-6, (chars, a, b)
        for g in placed:
            assert g.x + g.w <= width + 1e-6, (chars, g)
            ink = metrics.ink(g.font, g.char)  # Latin f and j overshoot their box by design
            if ink is not None and not g.char.isascii():
                assert g.draw_x + ink[1] * g.size <= width + 1e-6, (chars, g)
                assert g.draw_x + ink[0] * g.size >= -1e-6, (chars, g)
        if k == 0:
            assert placed[0].x == pytest.approx(indent * size)
        # 避头尾
        if k > 0:
            assert chars[0] not in NEVER_START, _texts(p, lines)
        if not last_line:
            assert chars[-1] not in NEVER_END, _texts(p, lines)
            nxt = lines[k + 1]
            first_next = p.chars[nxt.start]
            at = boundary + len(chars)
            for mark in "—…":
                assert not (chars[-1] == mark and first_next == mark and not spaced[at]), \
                    _texts(p, lines)
            # A word is split only if it is wider than the line.
            if WORD.match(chars[-1]) and WORD.match(first_next) and not spaced[at]:
                piece = _piece_around(expected, spaced, at)
                if cl._URL.search(piece):  # addresses break after / . - ? = …
                    assert chars[-1] in "/.-?#&=_@", _texts(p, lines)
                    boundary += len(chars)
                    continue
                assert sum(metrics.advance(SONG, c) * size for c in piece) > width - 2 * size - (
                    indent * size if k == 0 else 0), (piece, _texts(p, lines))
            # Justified: exactly full, unless the line is one unbreakable piece.
            inside = [_opportunity(chars[j], chars[j + 1], spaced[boundary + j + 1])
                      for j in range(len(chars) - 1)]
            if any(inside) and line.end - 1 not in p.soft:  # (inside an address: ragged)
                assert _right(p, line) == pytest.approx(width, abs=0.01), _texts(p, lines)
        boundary += len(chars)


# --------------------------------------------------------------------------- squeeze and push


def test_closing_punctuation_that_does_not_fit_is_squeezed_in() -> None:
    # 9 Han + ， + 10 Han = 20 em exactly; the 。 after them may not start a line: the ， and
    # the 。 give up their blank halves and the 。 fits, flush with the edge.
    p, lines = _layout("一二三四五六七八九，一二三四五六七八九十。后面还有字", 200)
    first = cl.glyphs(p, lines[0])
    assert cl.line_text(p, lines[0]) == "一二三四五六七八九，一二三四五六七八九十。"
    assert _right(p, lines[0]) == pytest.approx(200)
    assert [g.w for g in first if g.char in "，。"] == [pytest.approx(5), pytest.approx(5)]
    assert cl.line_text(p, lines[1]) == "后面还有字"


def test_without_punctuation_to_squeeze_the_previous_character_goes_down() -> None:
    p, lines = _layout("一二三四五六七八九十一二三四五六七八九十。后面", 200)
    assert _texts(p, lines) == ["一二三四五六七八九十一二三四五六七八九", "十。后面"]
    assert _right(p, lines[0]) == pytest.approx(200)  # justified: 19 characters over 20 em
    gaps = {round(b.x - a.x - a.w, 6) for a, b in zip(cl.glyphs(p, lines[0]),
                                                      cl.glyphs(p, lines[0])[1:])}
    assert gaps == {round(10 / 18, 6)}  # the slack spread evenly


def test_opening_punctuation_never_ends_a_line() -> None:
    p, lines = _layout("一二三四五六七八九十一二三四五六七八九（十）后面", 200)
    assert _texts(p, lines)[0] == "一二三四五六七八九十一二三四五六七八九"
    assert _texts(p, lines)[1].startswith("（十）")


def test_a_dash_or_ellipsis_pair_is_never_split() -> None:
    for mark in ("——", "……"):
        p, lines = _layout("一二三四五六七八九十一二三四五六七八九" + mark + "后面", 200)
        texts = _texts(p, lines)
        assert texts[1].startswith(mark), texts


# --------------------------------------------------------------------------- spacing


def test_consecutive_punctuation_takes_one_and_a_half_em() -> None:
    for pair in ("。”", "），", "」。", "：“", "。（"):
        p, lines = _layout(f"他说{pair}好", 400)
        placed = cl.glyphs(p, lines[0])
        assert _right(p, lines[0]) == pytest.approx(10 * 4.5), pair
        a, b = placed[2], placed[3]
        assert a.w + b.w == pytest.approx(15), pair


def test_compressed_opening_bracket_is_drawn_shifted_so_its_ink_stays_in_its_half() -> None:
    p, lines = _layout("（（好", 400)  # opening + opening: the second gives up its left half
    second = cl.glyphs(p, lines[0])[1]
    assert second.w == pytest.approx(5)
    ink = cl.default_metrics().ink(SONG, "（")
    assert ink is not None
    assert second.draw_x + ink[0] * 10 >= second.x - 0.2
    assert second.draw_x == pytest.approx(second.x - 5)


def test_a_quarter_em_between_han_and_latin_and_a_space_is_not_doubled() -> None:
    for text in ("使用ISO标准", "使用 ISO 标准", "使用 ISO标准"):
        p, lines = _layout(text, 400, align="left")
        placed = cl.glyphs(p, lines[0])
        gaps = [round(b.x - a.x - a.w, 6) for a, b in zip(placed, placed[1:])]
        assert gaps == [0, 2.5, 0, 0, 2.5, 0], text


def test_digits_beside_han_get_the_gap_and_stay_whole() -> None:
    p, lines = _layout("营业收入1,250.5万元，增长30%", 400, align="left")
    placed = cl.glyphs(p, lines[0])
    starts = {g.char: g for g in placed}
    assert starts["1"].x - (starts["入"].x + starts["入"].w) == pytest.approx(2.5)
    p, lines = _layout("一二三四五六七八九十一二三四五六七1,250.5万元", 200)
    assert "1,250.5" in _texts(p, lines)[1]


def test_a_space_after_full_width_punctuation_takes_no_room() -> None:
    p, lines = _layout("公司， ISO", 400, align="left")
    placed = cl.glyphs(p, lines[0])
    assert placed[3].x == pytest.approx(placed[2].x + placed[2].w)


def test_english_is_justified_with_word_spacing_only() -> None:
    text = ("The company plans to set up a wholly owned subsidiary in the China-Hungary SME "
            "Cooperation Zone, with a first investment of EUR 12 million.")
    p, lines = _layout(text, 180, western=True)
    assert len(lines) > 2
    for line in lines[:-1]:
        assert _right(p, line) == pytest.approx(180, abs=0.01)
        placed = cl.glyphs(p, line)
        for i, (a, b) in enumerate(zip(placed, placed[1:]), line.start):
            if not p.space[i]:  # inside a word: natural advance
                assert b.x == pytest.approx(a.x + a.w, abs=1e-6)
    last = cl.glyphs(p, lines[-1])
    assert [round(b.x - a.x - a.w, 6) for a, b in zip(last, last[1:])
            if b.char != "1"][:3] != []  # the last line is set naturally (flush left)
    assert _right(p, lines[-1]) < 180


def test_left_alignment_is_ragged_and_centre_centres() -> None:
    text = "word " * 30
    p, lines = _layout(text, 100, align="left")
    assert all(line.extra == 0 and line.x == 0 for line in lines)
    assert any(_right(p, line) < 99 for line in lines)
    p, lines = _layout("标题", 100, align="center")
    assert lines[0].x == pytest.approx(40)


def test_a_word_longer_than_the_line_is_cut_where_it_must() -> None:
    url = "https://example.com/" + "a" * 80
    p, lines = _layout(f"请访问{url}获取", 120)
    texts = _texts(p, lines)
    assert "".join(texts) == f"请访问{url}获取"
    assert all(_right(p, line) <= 120 + 1e-6 for line in lines)
    assert len(lines) >= 4


def test_an_address_breaks_after_a_slash_or_a_dot_and_a_code_never() -> None:
    # Pushing the whole address down spread the line before it letter by letter (企 业 网 站：).
    for text in ("企业网站：https://www.jiatai-cn.com.cn/about/contact", "邮箱：zhang.guojuan@jiatai-cn.com.cn"):
        p, lines = _layout(text, 110, 10.0, 0.0)
        texts = _texts(p, lines)
        assert len(texts) > 1 and "".join(texts) == text
        for line, nxt in zip(texts, texts[1:]):
            assert line.endswith(("/", "：", ".", "-", "?", "#", "&", "=", "_", "@")), texts
            assert nxt[0] not in ".-?#&=_@", texts
        assert texts[0].startswith(text[:5]) and len(texts[0]) > 6, texts  # not pushed down whole
        assert lines[0].extra == 0.0 and not lines[0].justified  # and not spread: ragged
    code = "91310100MAG099FB5X"
    p, lines = _layout(f"统一社会信用代码为{code}，企业类型为股份有限公司", 140, 10.0, 0.0)
    assert any(code in t for t in _texts(p, lines))


def test_newlines_break_lines_and_the_line_before_one_is_not_justified() -> None:
    p, lines = _layout("第一行文字\n第二行\n\n第四行", 200)
    assert _texts(p, lines) == ["第一行文字", "第二行", "", "第四行"]
    assert not lines[0].justified and lines[0].width == pytest.approx(50)


def test_empty_and_blank_text() -> None:
    for text in ("", "   "):
        p, lines = _layout(text, 100)
        assert lines == []


class _Metrics:
    """A made-up font: every glyph 1 em with its ink in the middle (Taiwan-style centred
    punctuation), curly quotes narrow (0.35 em)."""

    def __init__(self, centre: tuple[float, float]) -> None:
        self.centre = centre

    def advance(self, font: str, char: str) -> float:
        if char in "“”":
            return 0.35
        return 0.3 if char.isascii() else 1.0

    def ink(self, font: str, char: str) -> tuple[float, float] | None:
        if char == " ":
            return None
        if char in "“”":
            return (0.05, 0.3)
        return self.centre if char in "。，」！（「" else (0.05, 0.95)


def test_compression_follows_each_fonts_ink() -> None:
    metrics = _Metrics((0.3, 0.7))  # centred, 0.4 em wide: no half of the em is blank
    p = cl.prepare([cl.Run("好。」好", "Centred-A", 10)], metrics)
    assert p.w[1] + p.w[2] == pytest.approx(15)  # the blank between them goes, both sides
    for i in (1, 2):
        lines = cl.break_lines(p, 400, align="left")
        g = cl.glyphs(p, lines[0])[i]
        ink = metrics.ink("Centred-A", g.char)
        slack = cl._INK_SLACK * 10 + 1e-6  # a font's ink may reach a hair into the blank
        assert g.x - slack <= g.draw_x + ink[0] * 10 and g.draw_x + ink[1] * 10 <= g.x + g.w + slack
    narrow = _Metrics((0.4, 0.6))
    p = cl.prepare([cl.Run("好！”好", "Centred-B", 10)], narrow)
    assert p.w[1] == pytest.approx(5)  # ！ gives up its blank right half before a narrow ”
    wide = _Metrics((0.05, 0.95))  # ink all across: nothing can go
    p = cl.prepare([cl.Run("好。」好", "Centred-C", 10)], wide)
    assert p.w[1] + p.w[2] == pytest.approx(20)
