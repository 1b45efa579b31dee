"""Chinese (and mixed Chinese/Latin) line breaking: pure, fast, testable.

Input: styled runs ``(text, font name, size)`` — what :func:`.fonts.runs` / the renderer's
markup give. Output: lines of a given width whose glyphs have explicit positions.

The rules (W3C *Requirements for Chinese Text Layout* (clreq) and JIS X 4051, the references
``../shared/domain/PRINT.md`` names):

* **避头尾 (kinsoku)**: no line starts with closing punctuation (。，、；：？！）】》」』〕〉”’ …,
  :data:`NO_START`) and none ends with opening punctuation (（【《「『〔〈“‘, :data:`NO_END`).
  ``——`` and ``……`` are never split. A Latin word or a number (``1,250.5``, ``30%``)
  is never split, unless it is longer than the line.
* **Nothing passes the column edge** (no hanging punctuation). When closing punctuation does
  not fit at the end of a line, the line's punctuation is *squeezed* first (full-width
  punctuation has its ink in one half of the em: the blank half is removed, adjacent pairs
  such as 。」 or ）， first, then the others, ！？ last); if that is not enough, the previous
  character is *pushed* down to the next line and the line is justified.
* **Consecutive punctuation** is always compressed: 。” or ）， take 1.5 em, not 2.
* **Mixed text**: a quarter em between Han and Latin letters or digits when the source has no
  space; a source space there becomes that same quarter em (never doubled); a space next to
  full-width punctuation, which has its own blank, takes nothing.
* **Justification** (all lines but a paragraph's last and those before a forced break):
  the slack is spread evenly over the gaps where a line could break — between CJK
  characters, at Han/Latin boundaries, at spaces — never inside a Latin word or a
  ``——``/``……`` pair, never before closing or after opening punctuation (日， stays
  together). Pure English text thus gets word spacing; ``align="left"`` leaves lines ragged.

Which half of a punctuation glyph is blank is read from the font's own outlines
(:meth:`Metrics.ink`), so the rules hold for any font (GB-style punctuation at the left,
Taiwan-style centred punctuation is then simply not compressed).

Speed: a paragraph is *prepared* once (classes, widths, break opportunities, prefix sums;
about 1 µs a character); breaking it at a width is then a binary search per line.
Positions are computed only for lines that are drawn. Glyph metrics come from
:mod:`.cjk_metrics` (reportlab, imported lazily); this module imports no reportlab.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from coop_desktop.documents.pdf.cjk_metrics import Metrics, ReportlabMetrics, default_metrics

__all__ = [
    "INSEPARABLE",
    "NO_END",
    "NO_START",
    "Glyph",
    "Line",
    "Metrics",
    "Paragraph",
    "ReportlabMetrics",
    "Run",
    "Segment",
    "break_lines",
    "default_metrics",
    "prepare",
]

Align = Literal["justify", "left", "center", "right"]

# --------------------------------------------------------------------------- character classes

#: Opening punctuation (full-width forms and the curly quotes): never at a line end.
OPEN_WIDE = "（［｛【《〈「『〔〖〘〚｟“‘"
#: Closing punctuation, stops, commas, colons: never at a line start.
CLOSE_WIDE = "）］｝】》〉」』〕〗〙〛｠”’。．，、；：？！"
#: Not compressed unless nothing else helps (clreq keeps ？！ full width).
_LATE = "？！"
#: Inseparable marks: a run of them (—— or ……) is never split.
INSEPARABLE = "—…‥⸺⸻―"
#: Other characters that never start a line: middle dots, iteration and prolonged-sound marks,
#: small kana (JIS X 4051), postfix signs, narrow closing punctuation.
_NO_START_OTHER = ("·・ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
                   "％‰℃°′″" ")]}>,.;:!?%»›")
#: Other characters that never end a line: prefix currency signs, narrow opening punctuation.
_NO_END_OTHER = "￥＄￡([{<«‹"

NO_START = frozenset(CLOSE_WIDE + _NO_START_OTHER)
NO_END = frozenset(OPEN_WIDE + _NO_END_OTHER)

# glyph classes
H, OP, CL, IN, LT, CM = range(6)
# flags
_NS, _NE, _IDEO, _ALNUM = 1, 2, 4, 8

_TOL = 1e-6  # pt: widths compare with this slack (float sums)
_PAIR_KEEP = 0.05  # em: each of two adjacent punctuation marks keeps this much white
_INK_SLACK = 0.005  # em: ink may reach this far into the removed half (Kai ？: 0.502)


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text in one font and size."""

    text: str
    font: str
    size: float


# Per (font, char): (class, flags, compressible em, fraction removed on the left, priority)
_Info = tuple[int, int, float, float, int]
_INFO: dict[tuple[str, str, int], _Info] = {}


def _classify(char: str, font: str, adv: float, metrics: Metrics) -> _Info:
    category = unicodedata.category(char)
    if category[0] == "M":
        return (CM, 0, 0.0, 0.0, 0)
    width = unicodedata.east_asian_width(char)
    wide = width in ("W", "F") or (width == "A" and adv >= 0.8)
    flags = (_NS if char in NO_START else 0) | (_NE if char in NO_END else 0)
    if not wide:
        if category[0] in "LNS":
            flags |= _ALNUM
        return (LT, flags, 0.0, 0.0, 0)
    if char in OPEN_WIDE:
        cls = OP
    elif char in CLOSE_WIDE:
        cls = CL
    elif char in INSEPARABLE:
        return (IN, flags, 0.0, 0.0, 0)
    else:
        return (H, flags | (_IDEO if category in ("Lo", "Lm") else 0), 0.0, 0.0, 0)
    squeeze, left = _compressible(metrics.ink(font, char), adv, cls)
    return (cls, flags, squeeze, left, (3 if char in _LATE else 2) if squeeze else 0)


def _compressible(ink: tuple[float, float] | None, adv: float, cls: int) -> tuple[float, float]:
    """How much of a punctuation glyph's advance (em) can go, and which share of it is taken
    on the left: half an em, from the blank side(s), if the ink fits in the other half."""
    if ink is None or adv <= 0:
        return 0.0, 0.0
    half = adv / 2
    room_left = max(0.0, ink[0]) + _INK_SLACK
    room_right = max(0.0, adv - ink[1]) + _INK_SLACK
    if room_left + room_right < half:
        return 0.0, 0.0
    if cls == CL:
        right = min(half, room_right)
        left = half - right
    else:
        left = min(half, room_left)
        right = half - left
    if left > room_left or right > room_right:
        return 0.0, 0.0
    return half, left / half


# --------------------------------------------------------------------------- prepared paragraph


class Paragraph:
    """A paragraph's glyphs and everything line breaking needs, independent of the width.

    Per glyph ``i``: ``chars``, ``fonts``, ``sizes``; ``adv`` natural advance (pt); ``w``
    advance after the always-on compression of consecutive punctuation; ``left`` the share of
    a compression taken on the glyph's left side (drawing shifts the glyph by it); ``cq``
    what squeezing may still remove and ``pr`` its priority (1 pairs, 2 others, 3 ！？);
    about the gap *after* ``i``: ``gap`` natural width, ``brk`` a line may break there,
    ``stretch`` justification may widen it, ``space`` the source had a space there,
    ``hard`` forced line breaks (newlines) there.
    """

    __slots__ = ("P", "Q", "R", "S", "adv", "brk", "chars", "cls", "cq", "flags", "fonts",
                 "gap", "hard", "hards", "lead", "left", "n", "pr", "sizes", "soft", "space",
                 "space_em", "stretch", "w")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.fonts: list[str] = []
        self.sizes: list[float] = []
        self.adv: list[float] = []
        self.cls: list[int] = []
        self.flags: list[int] = []
        self.cq: list[float] = []
        self.left: list[float] = []
        self.pr: list[int] = []
        self.space: list[int] = []  # 0 none, 1 a space, 2 a space the font cannot draw
        self.hard: list[int] = []
        self.lead = 0  # newlines before the first glyph
        self.space_em: dict[str, float] = {}  # font -> advance of its space (em)
        self.soft: frozenset[int] = frozenset()  # breaks inside a web or e-mail address

    @property
    def text(self) -> str:
        """The text as laid out: glyphs, one space where the source had spaces, newlines."""
        out = ["\n" * self.lead]
        for i, char in enumerate(self.chars):
            out.append(char)
            if self.hard[i]:
                out.append("\n" * self.hard[i])
            elif self.space[i] and i + 1 < self.n:
                out.append(" ")
        return "".join(out)


_SEPARATORS = re.compile(r"([ \n])")
_Entry = tuple[float, int, int, float, float, int]


def _glyph_table(metrics: Metrics, font: str, scratch: dict[str, dict[str, _Entry]]
                 ) -> dict[str, _Entry]:
    """Per metrics and font: char → (advance em, class, flags, squeezable em, left share,
    priority); kept on the metrics object when it has a ``glyphs`` cache."""
    tables = getattr(metrics, "glyphs", scratch)
    table = tables.get(font)
    if table is None:
        table = tables[font] = {}
    return table


def _glyph(metrics: Metrics, font: str, char: str, table: dict[str, _Entry]) -> _Entry:
    em = metrics.advance(font, char)
    key = (font, char, em >= 0.8)
    info = _INFO.get(key)
    if info is None:
        info = _INFO[key] = _classify(char, font, em, metrics)
    entry = table[char] = (em, *info)
    return entry


def prepare(runs: Iterable[Run | tuple[str, str, float]], metrics: Metrics | None = None
            ) -> Paragraph:
    """Measure and classify ``runs`` once (see :class:`Paragraph`).

    Spaces collapse (several are one); spaces at the start, at the end and around newlines
    go. ``\\n`` is a forced line break.
    """
    metrics = metrics or default_metrics()
    p = Paragraph()
    chars, fonts_, sizes, adv, cls, flags = p.chars, p.fonts, p.sizes, p.adv, p.cls, p.flags
    cq, left, pr, space, hard = p.cq, p.left, p.pr, p.space, p.hard
    pending_space = False
    space_font = ""
    has = getattr(metrics, "has", None)
    spaces: dict[str, bool] = {}
    space_fonts: dict[int, str] = {}  # glyph index -> the font of the space after it
    scratch: dict[str, dict[str, _Entry]] = {}

    def drawable(font: str) -> bool:
        if font not in spaces:
            spaces[font] = has(font, " ") if has is not None else True
            p.space_em[font] = metrics.advance(font, " ")
        return spaces[font]

    for run in runs:
        text, font, size = (run.text, run.font, run.size) if isinstance(run, Run) else run
        table = _glyph_table(metrics, font, scratch)
        for piece in _SEPARATORS.split(text) if (" " in text or "\n" in text) else (text,):
            if not piece:
                continue
            if piece == " ":
                if not pending_space:
                    space_font = font
                pending_space = bool(chars) and not hard[-1]
                continue
            if piece == "\n":
                if chars:
                    hard[-1] += 1
                else:
                    p.lead += 1
                pending_space = False
                continue
            if pending_space:
                # 1: drawn with the word before it (same font), 2: only room
                space[-1] = 1 if space_font == fonts_[-1] and drawable(space_font) else 2
                space_fonts[len(chars) - 1] = space_font
                pending_space = False
            get = table.get
            entries = [get(c) or _glyph(metrics, font, c, table) for c in piece]
            count = len(piece)
            chars.extend(piece)
            fonts_.extend([font] * count)
            sizes.extend([size] * count)
            adv.extend([e[0] * size for e in entries])
            cls.extend([e[1] for e in entries])
            flags.extend([e[2] for e in entries])
            cq.extend([e[3] * size for e in entries])
            left.extend([e[4] for e in entries])
            pr.extend([e[5] for e in entries])
            space.extend([0] * count)
            hard.extend([0] * count)
    _gaps(p, metrics, space_fonts)
    return p


def _rooms(metrics: Metrics, font: str, char: str) -> tuple[float, float]:
    """Blank room (em) left and right of a full-width glyph's ink."""
    ink = metrics.ink(font, char)
    if ink is None:
        return 0.0, 0.0
    adv = metrics.advance(font, char)
    return max(0.0, ink[0]) + _INK_SLACK, max(0.0, adv - ink[1]) + _INK_SLACK


def _pair(p: Paragraph, metrics: Metrics, i: int, w: list[float], half: float) -> None:
    """Consecutive punctuation (。” ），「『 …): ``half`` an em of blank goes, taken first
    between the two glyphs (the first one's right, the second one's left), then from their
    far sides, as each font's ink allows — so that the pair takes 1.5 em whichever half of
    its em each font inks (GB fonts ink closing marks on the left, others centre them)."""
    a, b = i, i + 1
    free_a = w[a] == p.adv[a]
    free_b = w[b] == p.adv[b] and p.cls[b] != LT
    left_a, right_a = _rooms(metrics, p.fonts[a], p.chars[a]) if free_a else (0.0, 0.0)
    left_b, right_b = _rooms(metrics, p.fonts[b], p.chars[b]) if free_b else (0.0, 0.0)
    size_a, size_b = p.sizes[a], p.sizes[b]
    # Between the two glyphs, keep a tenth of an em of white between their inks.
    right_a = max(0.0, right_a - _PAIR_KEEP) if free_a else 0.0
    left_b = max(0.0, left_b - _PAIR_KEEP) if free_b else 0.0
    if left_b * size_b >= half and right_a * size_a < half:
        takes = [0.0, half, 0.0, 0.0]  # one glyph, when one can give it all
    else:
        takes = []
        rest = half
        for room in (right_a * size_a, left_b * size_b, left_a * size_a, right_b * size_b):
            take = min(room, rest)
            takes.append(take)
            rest -= take
        if rest > 1e-9:
            return
    (a_right, b_left, a_left, b_right) = takes
    for glyph, on_left, on_right in ((a, a_left, a_right), (b, b_left, b_right)):
        total = on_left + on_right
        if total > 0:
            w[glyph] -= total
            p.left[glyph] = on_left / total
            p.cq[glyph] = 0.0


def _gaps(p: Paragraph, metrics: Metrics, space_fonts: dict[int, str]) -> None:
    """Gaps, break opportunities, pair compression, priorities and prefix sums."""
    n = p.n = len(p.chars)
    cls, flags, sizes, adv, space, hard = p.cls, p.flags, p.sizes, p.adv, p.space, p.hard
    cq, pr, chars = p.cq, p.pr, p.chars
    w = adv[:]
    gap = [0.0] * n
    brk = [False] * n
    stretch = [False] * n
    wide_punct = (OP, CL)
    for i in range(n - 1):
        if hard[i]:
            continue
        a, b = cls[i], cls[i + 1]
        fa, fb = flags[i], flags[i + 1]
        allowed = not (fa & _NE or fb & _NS)
        if space[i]:
            brk[i] = allowed
            stretch[i] = True
            if a == CL or b == OP:
                gap[i] = 0.0  # the punctuation's own blank is the space
            elif (fa & _IDEO and b == LT) or (a == LT and fb & _IDEO) or (
                    a in (H, IN) and b == LT) or (a == LT and b in (H, IN)):
                gap[i] = 0.25 * (sizes[i] if a != LT else sizes[i + 1])
            else:
                gap[i] = metrics.advance(space_fonts.get(i, p.fonts[i]), " ") * sizes[i]
            continue
        same_mark = a == IN and b == IN and chars[i] == chars[i + 1]  # —— or ……
        if b == CM or (a == LT and b in (LT, IN)) or same_mark or (a == IN and b == LT):
            if a == IN and b == LT:  # 2026—2027: a break after the dash, never before it
                brk[i] = stretch[i] = allowed
            continue
        # Justification widens only gaps where a line may break: never between a character
        # and the closing punctuation after it, or an opening bracket and what follows.
        brk[i] = stretch[i] = allowed
        if fa & _IDEO and b == LT and fb & _ALNUM:
            gap[i] = 0.25 * sizes[i]
        elif a == LT and fa & _ALNUM and fb & _IDEO:
            gap[i] = 0.25 * sizes[i + 1]
        elif a in wide_punct and b in wide_punct and not (a == OP and b == CL):
            _pair(p, metrics, i, w, min(adv[i], adv[i + 1]) / 2)
        elif a == CL and b == LT and fb & _NS:  # ！” in a font whose quotes are narrow
            _pair(p, metrics, i, w, adv[i] / 2)
    _url_breaks(p, brk)
    # Squeeze priorities: punctuation next to punctuation first.
    for i in range(n):
        if cq[i] and pr[i] == 2 and (
                (i > 0 and not space[i - 1] and not hard[i - 1] and cls[i - 1] in wide_punct)
                or (i + 1 < n and not space[i] and not hard[i] and cls[i + 1] in wide_punct)):
            pr[i] = 1
        if not cq[i]:
            pr[i] = 0
    p.w, p.gap, p.brk, p.stretch = w, gap, brk, stretch
    P = [0.0] * (n + 1)
    Q = [0.0] * (n + 1)
    S = [0] * (n + 1)
    R = [0.0] * n
    total = squeeze = 0.0
    count = 0
    for i in range(n):
        R[i] = total + w[i]
        total += w[i] + gap[i]
        squeeze += cq[i]
        count += stretch[i]
        P[i + 1] = total
        Q[i + 1] = squeeze
        S[i + 1] = count
    p.P, p.Q, p.R, p.S = P, Q, R, S
    p.hards = [i for i in range(n) if hard[i]]


#: A web or e-mail address (no spaces): it may break after a slash, dot, hyphen, question
#: mark, hash, ampersand, equals sign, underscore or at sign (never before them: a line
#: never starts with a dot), rather than push the whole address down and spread the line
#: before it letter by letter (企 业 网 站：). Codes and numbers are never broken.
_URL = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff01-\uff5e]+"
                  r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _url_breaks(p: Paragraph, brk: list[bool]) -> None:
    chars = p.chars
    if len(chars) < 8:
        return
    text = "".join(chars)
    if "://" not in text and "www." not in text and "@" not in text:
        return
    soft = set()
    for m in _URL.finditer(text):
        for i in range(m.start() + 1, m.end() - 2):
            if p.hard[i] or p.space[i]:
                continue
            here, after = chars[i], chars[i + 1]
            if here == "/" and after != "/" and i + 1 > m.start() + 7:
                brk[i] = True  # after a slash (not inside "://")
                soft.add(i)
            elif here in ".-?#&=_@" and after not in "/:.-":
                brk[i] = True  # after the punctuation (a line never starts with a dot)
                soft.add(i)
    p.soft = frozenset(soft)


# --------------------------------------------------------------------------- breaking


@dataclass(frozen=True, slots=True)
class Line:
    """Glyphs ``start``..``end - 1`` of the paragraph, set ``width`` wide at ``x`` from the
    column's left edge. ``extra``: added to each stretchable gap (justification);
    ``squeeze``: the share (0–1) of each priority's squeezable amount removed
    (priorities 1, 2, 3); ``last``: a paragraph's last line or one before a forced break."""

    start: int
    end: int
    x: float
    width: float
    extra: float = 0.0
    squeeze: tuple[float, float, float] = (0.0, 0.0, 0.0)
    last: bool = False
    justified: bool = False


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph of a line: its box (``x``, ``w``: the room it takes, after compression)
    and where it is drawn (``draw_x``: the origin of the full-width glyph)."""

    char: str
    font: str
    size: float
    x: float
    w: float
    draw_x: float


@dataclass(frozen=True, slots=True)
class Segment:
    """Consecutive glyphs of one font and size drawn with one text operation: the first at
    ``x``, each next one after the previous one's natural advance plus ``char_space`` (PDF
    ``Tc``), a space also plus ``word_space`` (PDF ``Tw``, which applies to code 32)."""

    x: float
    text: str
    font: str
    size: float
    char_space: float
    word_space: float = 0.0


def break_lines(p: Paragraph, width: float, *, indent: float = 0.0, align: Align = "justify",
                start: int = 0, end: int | None = None, end_is_last: bool = True) -> list[Line]:
    """Break glyphs ``start``..``end - 1`` of ``p`` into lines ``width`` pt wide.

    ``indent``: first-line indent in pt (given by the caller, e.g. 2 × the font size).
    ``end_is_last``: the glyph before ``end`` ends the paragraph (its line is not justified);
    False for the first part of a paragraph split across pages.
    """
    n = p.n if end is None else end
    lines: list[Line] = [Line(0, 0, 0.0, 0.0, last=True)] * (p.lead if start == 0 else 0)
    P, R, S, brk, hard, hards = p.P, p.R, p.S, p.brk, p.hard, p.hards
    s = start
    while s < n:
        x0 = indent if s == 0 else 0.0
        avail = width - x0
        k = bisect_right(hards, s - 1)
        h = min(hards[k] if k < len(hards) else n - 1, n - 1)
        limit = P[s] + avail + _TOL
        e = bisect_right(R, limit, s, h + 1) - 1
        if e < s:
            e = s  # one glyph wider than the line: it has to go somewhere
        elif e < h and not brk[e]:
            e = _squeeze_or_push(p, s, e, h, avail, width)
        natural = P[e + 1] - P[s] - p.gap[e]
        last = bool(hard[e]) or (e == n - 1 and end_is_last)
        need = natural - avail
        squeeze = (0.0, 0.0, 0.0)
        extra = 0.0
        justified = False
        set_width = natural
        if need > _TOL:
            squeeze, removed = _squeeze_shares(p, s, e, need)
            set_width = natural - removed
        elif align == "justify" and not last and e not in p.soft:
            # (a line broken inside an address stays ragged: spreading the few gaps before
            # the address would set 企 业 网 站： letter by letter)
            gaps = S[e] - S[s]
            if gaps and natural > 0:
                extra = (avail - natural) / gaps
                set_width = avail
                justified = True
        if align == "center":
            x0 += (avail - set_width) / 2
        elif align == "right":
            x0 += avail - set_width
        lines.append(Line(s, e + 1, x0, set_width, extra, squeeze, last, justified))
        if hard[e] > 1 and e < n - 1:
            lines.extend([Line(e + 1, e + 1, 0.0, 0.0, last=True)] * (hard[e] - 1))
        s = e + 1
    return lines


def _longer_than(p: Paragraph, start: int, h: int, full: float) -> bool:
    """Is the unbreakable piece starting at glyph ``start`` wider than ``full``?"""
    P, R, brk = p.P, p.R, p.brk
    limit = P[start] + full + _TOL
    j = start
    while j < h and not brk[j]:
        if R[j] > limit:
            return True
        j += 1
    return R[j] > limit


def _squeeze_or_push(p: Paragraph, s: int, e: int, h: int, avail: float, full: float) -> int:
    """The line from ``s`` fits up to glyph ``e`` but may not break after it: pull following
    closing punctuation in by squeezing, else push back to the previous break opportunity,
    else (one unbreakable piece longer than the line) cut inside it."""
    P, Q, brk, flags, cls = p.P, p.Q, p.brk, p.flags, p.cls
    j = e + 1
    while j <= h and j <= e + 4 and flags[j] & _NS and cls[j] in (CL, LT):
        natural = P[j + 1] - P[s] - p.gap[j]
        if natural - (Q[j + 1] - Q[s + 1]) > avail + _TOL:
            break
        if brk[j] or j == h:
            return j
        j += 1
    k = e - 1
    while k >= s and not brk[k]:
        k -= 1
    if k >= s and not _longer_than(p, k + 1, h, full):
        return k
    # One piece longer than a line (a long URL, or a word with its brackets): pushing it
    # down would only leave a gappy line, it is cut anyway: cut it as late as possible where
    # the punctuation rules still hold, else where it overflows.
    k = e
    while k >= s:
        if k < h and not (flags[k] & _NE or flags[k + 1] & _NS) and not (
                cls[k] == IN and p.chars[k] == p.chars[k + 1]) and cls[k + 1] != CM:
            return k
        k -= 1
    return e


def _squeeze_shares(p: Paragraph, s: int, e: int, need: float
                    ) -> tuple[tuple[float, float, float], float]:
    """Shares of each priority's squeezable room (glyphs s+1..e) that remove ``need`` pt,
    and what they remove (less than ``need`` only when the line cannot fit)."""
    room = [0.0, 0.0, 0.0, 0.0]
    cq, pr = p.cq, p.pr
    for i in range(s + 1, e + 1):
        if cq[i]:
            room[pr[i]] += cq[i]
    shares = [0.0, 0.0, 0.0]
    removed = 0.0
    for group in (1, 2, 3):
        if need - removed <= _TOL:
            break
        if room[group] <= 0:
            continue
        take = min(need - removed, room[group])
        shares[group - 1] = take / room[group]
        removed += take
    return (shares[0], shares[1], shares[2]), removed


# --------------------------------------------------------------------------- positions


def _place(p: Paragraph, line: Line) -> tuple[list[float], list[float], list[float]]:
    """Per glyph of ``line``: box left, box width, drawing origin (pt)."""
    start, end = line.start, line.end
    w, gap, stretch, adv, left = p.w, p.gap, p.stretch, p.adv, p.left
    boxes = w[start:end]
    if any(line.squeeze):
        shares = (0.0, *line.squeeze)
        cq, pr = p.cq, p.pr
        for i in range(start + 1, end):
            if cq[i]:
                boxes[i - start] -= cq[i] * shares[pr[i]]
    extra = line.extra
    xs = []
    draws = []
    x = line.x
    for k, i in enumerate(range(start, end)):
        box = boxes[k]
        xs.append(x)
        removed = adv[i] - box
        draws.append(x - removed * left[i] if removed else x)
        x += box + gap[i] + (extra if stretch[i] else 0.0)
    return xs, boxes, draws


def glyphs(p: Paragraph, line: Line) -> list[Glyph]:
    """Every glyph of ``line`` with its box and drawing position (pt from the column's left)."""
    xs, boxes, draws = _place(p, line)
    chars, fonts_, sizes = p.chars, p.fonts, p.sizes
    return [Glyph(chars[i], fonts_[i], sizes[i], xs[k], boxes[k], draws[k])
            for k, i in enumerate(range(line.start, line.end))]


def segments(p: Paragraph, line: Line) -> list[Segment]:
    """The line as text operations. Glyphs of one font and size share a segment while they
    sit at their natural advances plus one character spacing (CJK justification) and, across
    a source space drawn as a space glyph, one word spacing (English justification); any other
    step (a compressed punctuation mark, a Han/Latin quarter em, a font change) starts a new
    segment placed explicitly. Drawing the spaces keeps copy-paste and search right."""
    out: list[Segment] = []
    adv, space, space_em = p.adv, p.space, p.space_em
    last = line.end - 1
    text: list[str] = []
    seg_x = size = prev_x = prev_adv = space_adv = 0.0
    cs: float | None = None
    ws: float | None = None
    font = ""
    spaced = False  # the previous glyph is followed by a space in ``text``

    def flush() -> None:
        out.append(Segment(seg_x, "".join(text), font, size, cs or 0.0, ws or 0.0))
        text.clear()

    chars, fonts_, sizes = p.chars, p.fonts, p.sizes
    _xs, _boxes, draws = _place(p, line)
    for k, i in enumerate(range(line.start, line.end)):
        g_font, g_size, draw_x = fonts_[i], sizes[i], draws[k]
        joined = False
        if text and g_font == font and g_size == size:
            step = draw_x - prev_x - prev_adv
            if not spaced:
                if cs is None:
                    cs = step
                joined = abs(step - cs) < 1e-6
            else:
                if cs is None:
                    cs = 0.0
                rest = step - space_adv - 2 * cs
                if ws is None:
                    ws = rest
                joined = abs(rest - ws) < 1e-6
        if not joined:
            if text:
                flush()
            seg_x, font, size, cs, ws = draw_x, g_font, g_size, None, None
            space_adv = space_em.get(font, 0.0) * size
        text.append(chars[i])
        prev_x, prev_adv = draw_x, adv[i]
        spaced = space[i] == 1 and i < last
        if spaced:
            text.append(" ")
    if text:
        flush()
    return out


def line_text(p: Paragraph, line: Line) -> str:
    """The characters of ``line`` (with single spaces where the source had spaces)."""
    out = []
    for i in range(line.start, line.end):
        out.append(p.chars[i])
        if p.space[i] and i < line.end - 1:
            out.append(" ")
    return "".join(out)


def layout(runs: Sequence[Run | tuple[str, str, float]], width: float, *, indent_chars: float = 0,
           align: Align = "justify", metrics: Metrics | None = None
           ) -> tuple[Paragraph, list[Line]]:
    """Convenience: prepare ``runs`` and break them at ``width``; the indent is in characters
    of the first run's size."""
    p = prepare(runs, metrics)
    em = (runs[0].size if isinstance(runs[0], Run) else runs[0][2]) if runs else 0.0
    return p, break_lines(p, width, indent=indent_chars * em, align=align)
