"""The print styles of the dossier PDF, as data: page geometry, type and numbering.

Two styles, chosen per export (``render_pdf(..., style=...)``):

``official`` (公文, the default)
    The conventions of GB/T 9704-2012 《党政机关公文格式》 as far as they apply to an
    enterprise's application (``../shared/domain/PRINT.md``): A4, top margin 37 mm, binding
    (left) margin 28 mm, type area 156 × 225 mm; body in FangSong (or the Song face standing
    in for it), first line indented two characters, fixed line spacing; title 二号 (22 pt) in a
    heavy Song, centred and broken by meaning; headings 一、 in Hei, （一） in Kai, then 1. and
    （1） in the body face; page numbers "— 1 —" in Song 四号 (14 pt), 7 mm below the type area,
    odd pages right and even pages left, one character in; no running header; black text;
    English in a matching serif.

    Body sizes by layout:

    * ``zh``: 三号 (16 pt) on a 22-line grid (225 mm / 22 ≈ 29 pt), the standard.
    * ``stacked``: the Chinese as in ``zh``; the English at 12 pt on 20 pt (a full-width
      English line of 156 mm holds ~80 characters at 12 pt: more would be hard to read).
    * ``parallel``: two 74.5 mm columns. 三号 would give 13 characters a line and break
      nearly every phrase; 小四 (12 pt) gives 17, the size provincial 申报书 forms use for
      their body and tables, on a 30-line grid (≈ 21.3 pt, the same proportion of line to
      character as 三号 on 29 pt, within 3 %). 五号 (10.5 pt) would fit 20 characters but
      reads as small print in a submission. The English beside it at 11 pt on 15 pt: an
      English paragraph is about twice as wide as its Chinese, so on the same 21 pt grid it
      would run twice as long as the Chinese column.
    * ``en``: the English at 12 pt on 20 pt, as in ``stacked``.

``modern``
    The earlier look, tidied: sans-serif (Noto Sans SC) at 10 pt, 18 mm side margins, a
    running header (title and applicant, shortened at a word boundary) and "第 X 页 共 Y 页 /
    Page X of Y" footers. Headings are numbered like the official style (一、/（一） in Chinese,
    1. / 1.1 in English) so that the two columns agree; no Western "1." on the Chinese side.

Fonts are named by *role* (``"fangsong"``, ``"song"``, ``"hei"``...) and resolved by
:func:`font` to what :mod:`.fonts` provides: until the style fonts are bundled, each role falls
back to Noto Sans SC (which *is* a Hei face) so that nothing is blocked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from coop_desktop.documents.pdf import fonts

__all__ = [
    "MODERN",
    "OFFICIAL",
    "STYLES",
    "STYLE_NAMES",
    "LayoutText",
    "PrintStyle",
    "StyleName",
    "TextSpec",
    "chinese_numeral",
    "ensure_fonts",
    "font",
    "get_style",
    "heading_number",
]

StyleName = Literal["official", "modern"]
STYLE_NAMES: tuple[str, ...] = ("official", "modern")

# ------------------------------------------------------------------------------- fonts

#: Role → the attributes of :mod:`.fonts` to try, in order (the first one present wins).
_ROLE_FONTS: dict[str, tuple[str, ...]] = {
    "fangsong": ("FANGSONG", "SONG", "REGULAR"),
    "song": ("SONG", "REGULAR"),
    "song_heavy": ("SONG_HEAVY", "SONG_BOLD", "BOLD"),
    "song_bold": ("SONG_BOLD", "BOLD"),
    "kai": ("KAI", "REGULAR"),
    "hei": ("HEI", "REGULAR"),  # Noto Sans SC is a Hei face
    "serif_en": ("SERIF_EN", "REGULAR"),
    "serif_en_bold": ("SERIF_EN_BOLD", "BOLD"),
    "serif_en_italic": ("SERIF_EN_ITALIC", "SERIF_EN", "REGULAR"),
    "sans": ("REGULAR",),
    "sans_bold": ("BOLD",),
}


def font(role: str) -> str:
    """The reportlab font name for a role (see the module docstring)."""
    for attr in _ROLE_FONTS[role]:
        name = getattr(fonts, attr, None)
        if isinstance(name, str) and name:
            return name
    return fonts.REGULAR  # pragma: no cover - REGULAR is always there


def ensure_fonts(style: PrintStyle, names: set[str] | None = None) -> None:
    """Register the fonts ``style`` needs: the main ones, and (when bundled) the style faces
    among ``names`` (all of them when ``names`` is None)."""
    fonts.ensure_main_fonts()
    ensure = getattr(fonts, "ensure_style_fonts", None)
    faces = getattr(fonts, "STYLE_FACES", ())
    if ensure is None or style.name == "modern":
        return
    wanted = [f for f in faces if names is None or f in names]
    if wanted:
        ensure(*wanted)


# ------------------------------------------------------------------------------- numbering

_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; beyond 99 Arabic digits."""
    if n <= 0 or n > 99:
        return str(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[units] if units else "")


def heading_number(level: int, path: tuple[int, ...], language: str) -> str:
    """The number printed before a heading: ``path`` holds the counters of every level down
    to this one (``(2,)`` for the second level-1 heading, ``(2, 3)`` for the third level-2
    one under it). Chinese: 一、 （一） 1. （1）; English: 1. 1.1 1.1.1 (a)."""
    n = path[-1]
    if language == "zh":
        if level <= 1:
            return f"{chinese_numeral(n)}、"
        if level == 2:
            return f"（{chinese_numeral(n)}）"
        if level == 3:
            return f"{n}."
        return f"（{n}）"
    if level <= 1:
        return f"{n}."
    if level <= 3:
        return ".".join(str(k) for k in path[:level])
    return f"({chr(ord('a') + (n - 1) % 26)})"


# ------------------------------------------------------------------------------- type


@dataclass(frozen=True)
class TextSpec:
    """One kind of text: font role, size and leading (points), alignment, first-line
    indent and left indent in characters (of this size), space before/after (points)."""

    role: str
    size: float
    leading: float
    align: Literal["left", "right", "center", "justify"] = "left"
    indent: float = 0.0
    left: float = 0.0
    before: float = 0.0
    after: float = 0.0
    grey: bool = False


@dataclass(frozen=True)
class LayoutText:
    """The type of one layout: body and headings per language (level 1, 2, 3+), the gap
    between paragraph pairs in the parallel layout, and the size of the closing page."""

    body_zh: TextSpec
    body_en: TextSpec
    h1_zh: TextSpec
    h1_en: TextSpec
    h2_zh: TextSpec
    h2_en: TextSpec
    h3_zh: TextSpec
    h3_en: TextSpec
    row_gap: float = 6.0  # parallel: space after each paragraph pair
    section_gap: float = 8.0  # space after a section


@dataclass(frozen=True)
class PrintStyle:
    """A print style: geometry (points), type per layout and the page furniture."""

    name: str
    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    gutter: float  # parallel: between the columns
    divider: bool  # parallel: a thin rule between the columns
    header: bool  # running header (title, applicant)
    folio: Literal["official", "modern"]  # "— 1 —" odd right / even left, or "第 X 页 共 Y 页"
    rules: bool  # light rules under headings, in the TOC and on the cover
    text: Mapping[str, LayoutText]
    title_zh: TextSpec
    title_en: TextSpec
    subtitle: TextSpec  # the applicant under the title of a short document
    toc_head: TextSpec
    toc_zh: TextSpec
    toc_en: TextSpec
    cover_label_zh: TextSpec
    cover_label_en: TextSpec
    cover_value_zh: TextSpec
    cover_value_en: TextSpec
    closing_head_zh: TextSpec  # the declaration's title (centred, unnumbered)
    closing_head_en: TextSpec
    sign_zh: TextSpec  # 申报单位（盖章）：...
    sign_en: TextSpec
    folio_role: str = "song"
    folio_size: float = 14.0
    page_w: float = A4[0]
    page_h: float = A4[1]
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def frame_w(self) -> float:
        return self.page_w - self.margin_left - self.margin_right

    @property
    def frame_h(self) -> float:
        return self.page_h - self.margin_top - self.margin_bottom

    def layout_text(self, layout: str) -> LayoutText:
        return self.text[layout]


def _grid(lines: int) -> float:
    """The leading that puts ``lines`` lines in the official type area's 225 mm."""
    return 225 * mm / lines


# ---- official

_ZH16 = TextSpec("fangsong", 16, _grid(22), "justify", indent=2)
_EN12 = TextSpec("serif_en", 12, 20, after=4)  # ragged: no hyphenation, so no rivers
_OFFICIAL_FULL = LayoutText(
    body_zh=_ZH16,
    body_en=_EN12,
    h1_zh=TextSpec("hei", 16, _grid(22), indent=2, before=_grid(22) / 2),
    h1_en=TextSpec("serif_en_bold", 12.5, 20, before=10, after=2),
    h2_zh=TextSpec("kai", 16, _grid(22), indent=2),
    h2_en=TextSpec("serif_en_bold", 12, 20, after=2),
    h3_zh=TextSpec("fangsong", 16, _grid(22), indent=2),
    h3_en=TextSpec("serif_en_italic", 12, 20),
    row_gap=0.0,
    section_gap=0.0,
)
_OFFICIAL_PARALLEL = LayoutText(
    body_zh=TextSpec("fangsong", 12, _grid(30), "justify", indent=2),
    body_en=TextSpec("serif_en", 11, 15),
    h1_zh=TextSpec("hei", 12, _grid(30), indent=2),
    h1_en=TextSpec("serif_en_bold", 11, _grid(30)),
    h2_zh=TextSpec("kai", 12, _grid(30), indent=2),
    h2_en=TextSpec("serif_en_bold", 11, _grid(30)),
    h3_zh=TextSpec("fangsong", 12, _grid(30), indent=2),
    h3_en=TextSpec("serif_en_italic", 11, _grid(30)),
    row_gap=_grid(30) / 3,
    section_gap=_grid(30) / 2,
)

OFFICIAL = PrintStyle(
    name="official",
    margin_top=37 * mm,
    margin_bottom=A4[1] - 37 * mm - 225 * mm,  # 35 mm
    margin_left=28 * mm,
    margin_right=A4[0] - 28 * mm - 156 * mm,  # 26 mm
    gutter=7 * mm,
    divider=False,
    header=False,
    folio="official",
    rules=False,
    text=MappingProxyType({
        "zh": _OFFICIAL_FULL,
        "stacked": _OFFICIAL_FULL,
        "en": _OFFICIAL_FULL,
        "parallel": _OFFICIAL_PARALLEL,
    }),
    title_zh=TextSpec("song_heavy", 22, 34, "center"),
    title_en=TextSpec("serif_en_bold", 16, 22, "center"),
    subtitle=TextSpec("kai", 16, _grid(22), "center"),
    toc_head=TextSpec("hei", 16, _grid(22), "center", after=12),
    toc_zh=TextSpec("fangsong", 14, 21),
    toc_en=TextSpec("serif_en", 11, 15),
    cover_label_zh=TextSpec("hei", 14, 20, "right"),
    cover_label_en=TextSpec("serif_en", 9.5, 12, "right"),
    cover_value_zh=TextSpec("fangsong", 15, 21),
    cover_value_en=TextSpec("serif_en", 11, 14),
    closing_head_zh=TextSpec("song_heavy", 18, 30, "center", before=16, after=8),
    closing_head_en=TextSpec("serif_en_bold", 13, 18, "center", before=12, after=8),
    sign_zh=TextSpec("fangsong", 16, 22),
    sign_en=TextSpec("serif_en", 10, 13),
)

# ---- modern

_MODERN_FULL = LayoutText(
    body_zh=TextSpec("sans", 10.5, 18, "justify", indent=2, after=5),
    body_en=TextSpec("sans", 10, 14.5, after=5),
    h1_zh=TextSpec("sans_bold", 12.5, 18, before=14, after=4),
    h1_en=TextSpec("sans_bold", 12, 17, before=10, after=4),
    h2_zh=TextSpec("sans_bold", 11, 16, before=2, after=3),
    h2_en=TextSpec("sans_bold", 10.5, 15, before=2, after=3),
    h3_zh=TextSpec("sans_bold", 10.5, 16, after=2),
    h3_en=TextSpec("sans_bold", 10, 14.5, after=2),
    row_gap=7.0,
    section_gap=14.0,
)
_MODERN_PARALLEL = LayoutText(
    body_zh=TextSpec("sans", 10, 16.5, "justify", indent=2),
    body_en=TextSpec("sans", 10, 14.5),
    h1_zh=TextSpec("sans_bold", 12.5, 18),
    h1_en=TextSpec("sans_bold", 12, 17),
    h2_zh=TextSpec("sans_bold", 11, 16),
    h2_en=TextSpec("sans_bold", 10.5, 15),
    h3_zh=TextSpec("sans_bold", 10, 16),
    h3_en=TextSpec("sans_bold", 10, 14.5),
    row_gap=7.0,
    section_gap=14.0,
)

MODERN = PrintStyle(
    name="modern",
    margin_top=24 * mm,
    margin_bottom=20 * mm,
    margin_left=18 * mm,
    margin_right=18 * mm,
    gutter=5 * mm,
    divider=True,
    header=True,
    folio="modern",
    rules=True,
    text=MappingProxyType({
        "zh": _MODERN_FULL,
        "stacked": _MODERN_FULL,
        "en": _MODERN_FULL,
        "parallel": _MODERN_PARALLEL,
    }),
    title_zh=TextSpec("sans_bold", 22, 31, "center"),
    title_en=TextSpec("sans_bold", 16, 22, "center"),
    subtitle=TextSpec("sans", 12, 18, "center", grey=True),
    toc_head=TextSpec("sans_bold", 12.5, 18, after=10),
    toc_zh=TextSpec("sans", 10, 15),
    toc_en=TextSpec("sans", 10, 15),
    cover_label_zh=TextSpec("sans_bold", 9, 13),
    cover_label_en=TextSpec("sans", 8.5, 12, grey=True),
    cover_value_zh=TextSpec("sans", 10, 15),
    cover_value_en=TextSpec("sans", 10, 15),
    closing_head_zh=TextSpec("sans_bold", 12.5, 18, before=14, after=6),
    closing_head_en=TextSpec("sans_bold", 12, 17, before=10, after=6),
    sign_zh=TextSpec("sans", 10.5, 15),
    sign_en=TextSpec("sans", 8.5, 11, grey=True),
    folio_role="sans",
    folio_size=8,
)

STYLES: Mapping[str, PrintStyle] = MappingProxyType({"official": OFFICIAL, "modern": MODERN})


def get_style(name: str) -> PrintStyle:
    """The style called ``name``; ``ValueError`` for an unknown one."""
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"unknown style {name!r}; use one of {', '.join(STYLE_NAMES)}") from None


# ------------------------------------------------------------------------------- reportlab


def paragraph_style(spec: TextSpec, name: str, *, cjk: bool = False, **kw: object):  # noqa: ANN201
    """A reportlab ``ParagraphStyle`` for ``spec`` (black, or dark grey when ``spec.grey``).

    Widows and orphans are not allowed: a paragraph split across pages leaves at least two
    lines on each side (reportlab moves the whole paragraph when it cannot)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    align = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER,
             "justify": TA_JUSTIFY}[spec.align]
    options: dict[str, object] = {
        "fontName": font(spec.role), "fontSize": spec.size, "leading": spec.leading,
        "alignment": align, "firstLineIndent": spec.indent * spec.size,
        "leftIndent": spec.left * spec.size, "spaceBefore": spec.before,
        "spaceAfter": spec.after, "wordWrap": "CJK" if cjk else None,
        "textColor": colors.HexColor("#444444") if spec.grey else colors.black,
        "allowWidows": 0, "allowOrphans": 0,
    }
    options.update(kw)
    return ParagraphStyle(name, **options)
