"""Statements whose translation says the opposite: a negation gained or lost, a direction
reversed (增长 → "fell"), a bound turned round (不低于 → "no more than"), an exception turned
into an inclusion (除…外 → "including").

Compared per aligned bead of sentences (:func:`align.align`), and per pair of clauses where
both sides split into clauses that match one to one by their words. Each side's markers are
found after masking what only looks like one:

* **Hard negation** (fires): 不 未 无 没(有) 非 请勿 毋 杜绝 禁止 严禁 零(事故…), as words where
  they are (不得, 未经, 尚未, 没有), against not, no, never, without, none, neither, nor,
  nothing, cannot, "no longer".
* **Soft negation** (never fires, but accounts for the other side's hard one): words that
  carry a negation in their meaning or form — 避免, 防止, 杜绝's "eliminate", 缺乏, 免, 尚待,
  坚定不移, 不可或缺; "avoid", "prevent", "lack", "free of", "yet to", un-/non-/dis-/-less words
  ("unswerving", "non-compliant", "paperless").
* **Not negation at all**: 不断 不仅 不少 不同 不论 无论 无锡 无人机 非洲 非常 未来 是否 …, double
  negatives that affirm (无不, 无一例外, 不得不, 非…不可), "not only", "no doubt", and the bound
  phrases (不低于, "no more than"), which are compared as bounds instead.

A bead whose one side negates (hard) while the other has no negation of any kind says the
opposite; so does a clause pair. Negations are also counted by role: each Chinese negation
needs its own English counterpart (未经甲方同意，乙方不得转让 against "Without Party A's
consent, Party B may transfer" has lost its 不得: "without" answers 未经 only), a prohibition
(不得 禁止 严禁 请勿) needs a word that forbids (not, no, never, cannot, prohibit, only…),
and what an English text says without a negation counts as one: a word of failure (未按期交货
"delivers late", "each day of delay"), a loss or fall for a negated profit or rise (尚未盈利
"loss-making"), an "or"/"and" carrying a negation on ("no accidents or violations"); a
negation word repeated in a clause counts once. A finding quotes the words that flipped
(不得 / "may", 未 / "been placed on the list").

Directions (increase/decrease, profit/loss) fire when one side has only one direction and
the other only the opposite. Bounds of a statement (≥: 以上 至少
不低于 超过; ≤: 以下 最多 不超过 不足: 质量达到国家标准以上 against "at most the national
standard") likewise; a bound attached to a number (不低于10%, "more than 300") is the number
check's, which compares it with its number, and so is a dropped bound.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from coop_desktop.documents import align, coverage, lexicon, pieces, polarity_en
from coop_desktop.documents.pieces import Piece
from coop_desktop.documents.polarity_zh import (
    _ZH_BOUND, _ZH_DOWN, _ZH_FORBIDDING, _ZH_GE_WORDS, _ZH_HARD, _ZH_LITOTES, _ZH_LOSS,
    _ZH_NOT_NEG, _ZH_PROFIT, _ZH_PROHIBITION_END, _ZH_SOFT, _ZH_UP, ZH_EXCEPT,
    ZH_GE,  # (meaning names the bound by it)
    ZH_NOT_ADJECTIVES,
)

# ------------------------------------------------------------------ Chinese (polarity_zh)

_MASK = "\ue000"


@dataclass(frozen=True)
class Markers:
    """What one piece of text says about polarity: the words found, in text order."""

    hard: tuple[str, ...] = ()
    soft: tuple[str, ...] = ()
    ge: tuple[str, ...] = ()
    le: tuple[str, ...] = ()
    up: tuple[str, ...] = ()
    down: tuple[str, ...] = ()
    profit: tuple[str, ...] = ()
    loss: tuple[str, ...] = ()
    exception: tuple[str, ...] = ()
    including: tuple[str, ...] = ()
    litotes: tuple[str, ...] = ()  # 从不拖欠: a negated negative word (Chinese)


_Scan = tuple[tuple[str, int, int, str], ...]
"""``(field of Markers, start, end, word)`` for every marker of a text, in text order."""


def _take(pattern: re.Pattern[str], text: str, field: str, out: list[tuple[str, int, int, str]],
          classify: Callable[[re.Match[str]], str] | None = None) -> str:
    """Record the matches as markers of ``field`` (or of the field ``classify`` says; "" for
    none) and return the text with them masked out (same length)."""

    def mask(m: re.Match[str]) -> str:
        name = classify(m) if classify else field
        if name:
            out.append((name, m.start(), m.end(), m.group()))
        return _MASK * (m.end() - m.start())

    return pattern.sub(mask, text)


def _find(pattern: re.Pattern[str], text: str, field: str,
          out: list[tuple[str, int, int, str]]) -> None:
    out.extend((field, m.start(), m.end(), m.group()) for m in pattern.finditer(text))


def _zh_bound(m: re.Match[str]) -> str:
    return "ge" if m.group() in _ZH_GE_WORDS else "le"


@lru_cache(maxsize=512)
def _zh_scan(text: str) -> _Scan:
    out: list[tuple[str, int, int, str]] = []
    work = _take(_ZH_BOUND, text, "", out, _zh_bound)
    work = _take(_ZH_NOT_NEG, work, "", out, lambda m: "")
    work = _take(_ZH_LITOTES, work, "litotes", out)
    work = _take(_ZH_SOFT, work, "soft", out)
    work = _take(ZH_EXCEPT, work, "exception", out)
    _find(_ZH_HARD, work, "hard", out)
    for pattern, field in ((_ZH_PROFIT, "profit"), (_ZH_LOSS, "loss"), (_ZH_UP, "up"),
                           (_ZH_DOWN, "down")):
        _find(pattern, text, field, out)
    return tuple(sorted(out, key=lambda m: m[1]))


def _en_scan(text: str) -> _Scan:
    return polarity_en.scan(text)


def _markers(scan: _Scan, start: int, end: int,
             holes: Sequence[Piece] = ()) -> Markers:
    """The markers of ``scan`` inside ``[start, end)`` and outside the holes."""
    fields: dict[str, list[str]] = {}
    negations = [(a, b) for field, a, b, _ in scan if field in ("soft", "hard", "litotes")]
    for field, a, b, word in scan:
        if a >= start and b <= end and not any(h.start <= a and b <= h.end for h in holes):
            if field in _DIRECTED and any(x <= a and b <= y for x, y in negations):
                continue  # 没有一年亏损: the loss is negated away
            fields.setdefault(field, []).append(word)
    return Markers(**{k: tuple(v) for k, v in fields.items()})


_DIRECTED = frozenset(("up", "down", "profit", "loss"))


def zh_markers(text: str) -> Markers:
    """The polarity markers of a Chinese text (see the module docstring)."""
    return _markers(_zh_scan(text), 0, len(text))


def en_markers(text: str) -> Markers:
    """The polarity markers of an English text (see the module docstring)."""
    return _markers(_en_scan(text), 0, len(text))


# ------------------------------------------------------------------ comparing


@dataclass(frozen=True)
class Flip:
    """A statement that says the opposite in the translation. ``kind``: "negation" (``zh`` or
    ``en`` is the negating word, the other side a quote of the piece without negation),
    "direction", "result", "bound", "exception"."""

    kind: str
    zh: str
    en: str
    negated: str | None = None  # for "negation": the side that negates
    zh_piece: Piece | None = None
    en_piece: Piece | None = None


_QUOTE = 20


def _quote(piece: Piece) -> str:
    text = piece.text.rstrip("。！？.!?;；，,：:")
    return text if len(text) <= _QUOTE else text[:_QUOTE] + "…"


def _unpaired(mine: Sequence[str], theirs: Sequence[str], mine_keys: Callable[[str], set[str]],
              their_keys: Callable[[str], set[str]]) -> int:
    """How many of ``mine`` (soft negatives of one side) are not the rendering of one of
    ``theirs`` (the other side's): 失信 is "dishonesty", so it answers only that."""
    left = list(theirs)
    count = 0
    for word in mine:
        keys = mine_keys(word)
        match = next((w for w in left if keys & their_keys(w)), None)
        if match is None:
            count += 1
        else:
            left.remove(match)
    return count


def _zh_word_keys(word: str) -> set[str]:
    return set(lexicon.zh_keys(word))


def _en_word_keys(words: str) -> set[str]:
    return {key for key, _, _ in lexicon.en_keys(words)}


# ------------------------------------------------------------------ counting negations

_ZH_CLAUSE_BREAK = re.compile(r"[，,；;。：:！？!?\n]")
_EN_MODAL = re.compile(r"(?i)\b(?:may|can|could|shall|should|must|will|would|might|is|are|was|"
                       r"were|be|been|has|have|had|does|do|did)\b[ \t]+(?:[\w'’]+[ \t]+){0,3}$")
_EN_PERMISSION = re.compile(r"(?i)\b(?:(?:may|can)(?![ \t]+not\b)|(?:(?:is|are|be)[ \t]+)?"
                            r"(?:allow(?:s|ed)?|permit(?:s|ted)?|entitled|free)\b)")
_EN_FORBIDS = re.compile(r"(?i)\b(?:not|never|no|none|cannot|nor|neither|nobody)\b|n[’']t\b|"
                         r"\bprohibit|\bforbid|\bban(?:s|ned|ning)?\b|\bbarred\b|\bonly\b|"
                         r"\bexclusively\b|\brefrain|\bavoid|\bpreclud|\bzero[ -]tolerance")


def _hard_groups(text: str, scan: _Scan, start: int, end: int, holes: Sequence[Piece]
                 ) -> list[tuple[int, int, str]]:
    """The hard negations of ``[start, end)`` outside the holes, a negation word repeated
    in a clause counting once (无重大事故、无环保处罚 / 不偷工不减料: "no … or …")."""
    groups: list[tuple[int, int, str]] = []
    for field, a, b, word in scan:
        if field != "hard" or a < start or b > end or any(
                h.start <= a and b <= h.end for h in holes):
            continue
        if groups and groups[-1][2] == word and not _ZH_CLAUSE_BREAK.search(
                text, groups[-1][1], a):
            continue
        groups.append((a, b, word))
    return groups


_EN_CARRIED = re.compile(
    r"(?i)\b(?:or|nor|and)\b(?![ \t]+(?:has|have|had|is|are|was|were|will|would|shall|should|"
    r"may|might|must|can|could|does|do|did|it|its|they|we|he|she|also|then)\b)")
"""A coordinator carrying a negation on to another thing, not one starting a clause of its
own ("and has received …")."""
_EN_CARRY_STOP = re.compile(r"[.;:!?]|\b(?:but|while|whereas|although|though)\b")


def _answers(e: Markers, z: Markers, escan: _Scan, ep: Piece, en: str) -> int:
    """How many negations the English says: its negations, an "or", "nor" or "and" that
    carries one on to a second thing in its sentence ("has had no major accident or
    environmental violation", "free of accidents and violations" for 未发生重大事故，无环境违法
    记录; a prohibition needs more, see :func:`_uncounted`), and the words that render one without a
    negation: a noun or verb of failure ("delay", "late", "failure to", "lack of"), a loss or
    a fall where the Chinese negates a profit or a rise (尚未盈利, "loss-making")."""
    count = len(e.hard) + len(e.soft) + _listed_before(escan, ep, en)
    for field, _a, b, _w in escan:
        if field in ("hard", "soft") and ep.start <= b <= ep.end:
            stop = _EN_CARRY_STOP.search(en, b, ep.end)
            count += min(2, len(_EN_CARRIED.findall(en, b, stop.start() if stop else ep.end)))
    if z.profit and not e.profit:
        count += len(e.loss)
    if z.up and not e.up:
        count += len(e.down)
    return count


_EN_BANNED = re.compile(r"(?i)\b(?:(?:strictly|expressly|absolutely)[ \t]+)?(?:prohibited|"
                        r"forbidden|banned|barred|not[ \t]+(?:allowed|permitted|tolerated))\b")
_EN_CLAUSE_START = re.compile(r"[.;:!?]|,(?=[ \t]+(?:and|but|while|which)\b)")


def _listed_before(escan: _Scan, ep: Piece, en: str) -> int:
    """The things a prohibition after them forbids each: "Wage arrears and child labour are
    prohibited" forbids two (不得拖欠工资，不得使用童工); an "and"/"or" before a passive ban
    in its clause counts as one more."""
    count = 0
    for m in _EN_BANNED.finditer(en, ep.start, ep.end):
        starts = [c.end() for c in _EN_CLAUSE_START.finditer(en, ep.start, m.start())]
        start = starts[-1] if starts else ep.start
        count += min(2, len(_EN_CARRIED.findall(en, start, m.start())))
    return count


def _uncounted(zh: str, en: str, zscan: _Scan, escan: _Scan, z: Markers, e: Markers,
               zp: Piece, ep: Piece, holes: Sequence[Piece]) -> Flip | None:
    """Each Chinese negation needs its own English counterpart: 未经甲方书面同意，乙方不得转让
    against "Without Party A's consent, Party B may transfer" has two and one, the "without"
    answering 未经 only. And a prohibition (不得, 禁止, 严禁, 请勿) needs an English word that
    forbids (not, no, never, cannot, prohibit, forbid, ban, refrain, avoid, only): "without"
    and "or" do not. The negation without counterpart: such a prohibition, else the one
    farthest from every English negation."""
    if not z.hard or not (e.hard or e.soft):
        return None
    groups = _hard_groups(zh, zscan, zp.start, zp.end, holes)
    prohibitions = [g for g in groups if g[2] in _ZH_FORBIDDING]
    forbids = list(_EN_FORBIDS.finditer(ep.text))
    if len(prohibitions) > len(forbids) + _listed_before(escan, ep, en):
        lost = prohibitions[len(forbids)]
    elif len(groups) > _answers(e, z, escan, ep, en):
        where = [m.start() / max(1, len(ep.text)) for m in forbids] or [0.0]
        lost = max(groups, key=lambda g: min(abs((g[0] - zp.start) / max(1, len(zp.text)) - w)
                                             for w in where))
    else:
        return None
    return Flip("negation", lost[2], _en_counterpart(zh, lost[1], en, ep), "zh", zp, ep)


def _en_counterpart(zh: str, after: int, en: str, ep: Piece) -> str:
    """The English words that render what a lost negation negated: for a prohibition the
    permission that replaced it (不得 / "may", 严禁 / "is permitted"); else the Chinese word
    after the negation found in the English through the lexicon, with the modal or auxiliary
    before it (未被列入 / "been placed on the list"); else the start of the English piece."""
    if zh[max(0, after - 3):after] and _ZH_PROHIBITION_END.search(zh, max(0, after - 3), after):
        m = _EN_PERMISSION.search(ep.text)
        if m:
            return m.group()
    run = pieces.CJK_RUN.match(zh, after, min(len(zh), after + 12))
    words = [w for w in lexicon.segment(run.group()) if w not in align.STOP_ZH] if run else []
    for word in words[:2]:
        keys = lexicon.zh_keys(word)
        for key, a, b in lexicon.en_keys(ep.text):
            if key in keys:
                m = _EN_MODAL.search(ep.text, 0, a)
                start = ep.start + (m.start() if m else a)
                return en[start:ep.start + b]
    return _quote(ep)


_NEXT_EN_WORD = re.compile(r"(?:\W+(?:(?:a|an|the|any|longer|yet|been|be|have|has|had|more|"
                           r"such|single|one)\b))*\W+(?P<w>[A-Za-z][A-Za-z-]*)")


def _zh_counterpart(zp: Piece, en_word: str, fallback: str) -> str:
    """The Chinese word that renders the English word a gained negation negates ("no" in
    "has no overseas subsidiaries" → 海外), else ``fallback``."""
    key = lexicon.en_key(en_word)
    if key:
        for run in pieces.CJK_RUN.finditer(zp.text):
            for word in lexicon.segment(run.group()):
                if word not in align.STOP_ZH and key in lexicon.zh_keys(word):
                    return word
    return fallback


_Quoter = Callable[[Piece, Piece], str]


def _negated_result(z: Markers, e: Markers) -> bool:
    """A negated profit or rise rendered as a loss or a fall (尚未盈利, "loss-making";
    未增长, "declined"): the English has answered the negation with the opposite word."""
    return bool((z.profit and e.loss and not e.profit) or (z.up and e.down and not e.up))


_EN_ONLY = re.compile(r"(?i)\b(?:only|solely|exclusively)\b")


def _only(z: Markers, ep: Piece) -> bool:
    """A prohibition, or a condition with it, rendered as a restriction: 除甲方外…不得 / 未经
    批准，不得开工 against "only Party A may", "may only start after approval"."""
    return bool(_EN_ONLY.search(ep.text)) and any(w in _ZH_FORBIDDING for w in z.hard) and all(
        w in _ZH_FORBIDDING or w == "未经" for w in z.hard)


def _negation(z: Markers, e: Markers, zp: Piece, ep: Piece, en_words: _Quoter,
              zh_words: _Quoter) -> Flip | None:
    """One side negates and the other has no negation left to answer it: a soft negative
    that renders a soft negative of the first side does not count (不存在失信 against "a
    record of dishonesty" has lost its 不; 如有不实…取消 against "untrue" has not). A Chinese
    litotes (从不拖欠) answers an English negation, and is reversed by an English text that
    says its negative word without any negation ("is in arrears"). ``en_words`` and
    ``zh_words`` quote what the lost negation negated on the other side."""
    zh_soft = (*z.soft, *z.litotes)
    if z.hard and not e.hard and not _unpaired(e.soft, zh_soft, _en_word_keys, _zh_word_keys) \
            and not _negated_result(z, e) and not _only(z, ep):
        return Flip("negation", z.hard[0], en_words(zp, ep), "zh", zp, ep)
    if e.hard and not z.hard and not _unpaired(zh_soft, e.soft, _zh_word_keys, _en_word_keys):
        return Flip("negation", zh_words(zp, ep), e.hard[0], "en", zp, ep)
    if (z.litotes or z.soft) and not e.hard and not e.soft:
        en_keys = _en_word_keys(ep.text)
        for phrase in z.litotes:
            word = _ZH_LITOTES.fullmatch(phrase)
            if word and lexicon.zh_keys(word["w"]) & en_keys:
                return Flip("negation", phrase, _quote(ep), "zh", zp, ep)
        for phrase in z.soft:
            if phrase in _NOT_ADJECTIVE:
                adjective = phrase[1:]
                keys = _ADJECTIVE_KEYS.get(adjective) or lexicon.zh_keys(adjective)
                said = _said(keys, ep)
                if said:
                    return Flip("negation", phrase, said, "zh", zp, ep)
    return None


_NOT_ADJECTIVE = frozenset(ZH_NOT_ADJECTIVES)
_ADJECTIVE_KEYS = {zh: frozenset(k for w in en.split() if (k := lexicon.en_key(w)))
                   for zh, en in (("高", "high higher"), ("大", "large big great"),
                                  ("多", "many numerous"), ("长", "long"),
                                  ("强", "strong"), ("好", "good"), ("快", "fast quick rapid"),
                                  ("广", "wide broad"), ("深", "deep"), ("佳", "good fine"),
                                  ("够", "enough sufficient"))}
"""The English of a one-character adjective, narrower than the lexicon's (大 is also
"major", "adult"...)."""


def _said(keys: frozenset[str], ep: Piece) -> str | None:
    """The first English word of the piece with one of the keys."""
    for key, a, b in lexicon.en_keys(ep.text):
        if key in keys:
            return ep.text[a:b]
    return None


def _opposed(a1: tuple[str, ...], a2: tuple[str, ...], b1: tuple[str, ...],
             b2: tuple[str, ...]) -> tuple[str, str] | None:
    """One side only in direction 1 and the other only in direction 2 (or the reverse): the
    words that say so."""
    if a1 and not a2 and b2 and not b1:
        return a1[0], b2[0]
    if a2 and not a1 and b1 and not b2:
        return a2[0], b1[0]
    return None


def _others(z: Markers, e: Markers, zp: Piece, ep: Piece) -> list[Flip]:
    """Bounds, directions, results and exceptions turned round. Directions and results are
    not compared where either side negates (未盈利 is "made a loss")."""
    flips = []
    negated = bool(z.hard or e.hard)
    for kind, pair in (("bound", _opposed(z.ge, z.le, e.ge, e.le)),
                       ("direction", None if negated else _opposed(z.up, z.down, e.up, e.down)),
                       ("result", None if negated else _opposed(z.profit, z.loss, e.profit,
                                                                e.loss))):
        if pair:
            flips.append(Flip(kind, pair[0], pair[1], None, zp, ep))
    if z.exception and not e.exception and e.including:
        flips.append(Flip("exception", z.exception[0], e.including[0], None, zp, ep))
    return flips


def _span(pieces: Sequence[Piece], text: str) -> Piece:
    start, end = pieces[0].start, pieces[-1].end
    return Piece(start, end, text[start:end])


def _clause_pairs(zh: str, en: str, zp: Piece, ep: Piece) -> list[tuple[Piece, Piece]]:
    """Clauses of the two pieces that match one to one by the words they share. As many
    clauses on both sides (up to four): the pairing that shares most, in text order on a tie,
    each pair sharing something. Otherwise each Chinese clause with the English clause that
    shares clearly most with it (two words or more), no English clause twice."""
    zc, ec = pieces.zh_clauses(zp), pieces.en_clauses(ep)
    if len(zc) < 2 or len(ec) < 2:
        return []
    regions = [align.en_region(en, [c]) for c in ec]
    shared = [[r.covers(align.zh_units(zh, c)) for r in regions] for c in zc]
    if len(zc) == len(ec) <= 4:
        best = max(itertools.permutations(range(len(ec))),
                   key=lambda order: sum(shared[i][j] for i, j in enumerate(order)))
        if all(shared[i][j] for i, j in enumerate(best)):
            return [(zc[i], ec[j]) for i, j in enumerate(best)]
        return []
    pairs, used = [], set()
    for i, clause in enumerate(zc):
        scores = sorted(((n, j) for j, n in enumerate(shared[i])), reverse=True)
        top, j = scores[0]
        if top >= 2 and top > scores[1][0] and j not in used:
            used.add(j)
            pairs.append((clause, ec[j]))
    return pairs


ATTACHED_GAP = 4
"""A bound word this close to a number (至少达到200, 300人以上, "at least RMB 5 million") bounds
that number: the number check compares it (``bound``), so these checks leave it alone."""


def _statements(text: str, scan: _Scan) -> _Scan:
    """The scan without the bounds attached to a number (see :data:`ATTACHED_GAP`)."""
    if not any(field in ("ge", "le") for field, *_ in scan):
        return scan
    spans = [q.span for q in align.quantities(text)]
    return tuple(m for m in scan if m[0] not in ("ge", "le") or not any(
        0 <= qa - m[2] <= ATTACHED_GAP or 0 <= m[1] - qb <= ATTACHED_GAP for qa, qb in spans))


def flips(zh: str, en: str) -> list[Flip]:
    """Every statement that says the opposite in the other language (see the module
    docstring), per aligned bead, in text order. Clauses with no counterpart
    (:func:`coverage.coverage`) are left out: they are reported as such."""
    zscan, escan = _statements(zh, _zh_scan(zh)), _statements(en, _en_scan(en))
    if not zscan and not escan:
        return []
    alignment = align.align(zh, en)
    gaps = coverage.coverage(zh, en)
    zh_gaps = [g.piece for g in gaps if g.side == "zh"]
    en_gaps = [g.piece for g in gaps if g.side == "en"]
    found: list[Flip] = []

    def en_words(zp: Piece, ep: Piece) -> str:
        lost = next((b for field, a, b, _ in zscan if field == "hard" and zp.start <= a < zp.end
                     and not any(g.start <= a < g.end for g in zh_gaps)), None)
        return _quote(ep) if lost is None else _en_counterpart(zh, lost, en, ep)

    def zh_words(zp: Piece, ep: Piece) -> str:
        gained = next((b for field, a, b, _ in escan if field == "hard" and ep.start <= a < ep.end),
                      None)
        word = _NEXT_EN_WORD.match(en, gained) if gained is not None else None
        return _zh_counterpart(zp, word["w"], _quote(zp)) if word else _quote(zp)

    for bead in alignment.beads:
        zs, es = alignment.zh_of(bead), alignment.en_of(bead)
        if not zs or not es:
            continue
        zp, ep = _span(zs, zh), _span(es, en)
        z = _markers(zscan, zp.start, zp.end, zh_gaps)
        e = _markers(escan, ep.start, ep.end, en_gaps)
        flip = _negation(z, e, zp, ep, en_words, zh_words)
        if flip is None and len(z.hard) != len(e.hard):
            for zc, ec in _clause_pairs(zh, en, zp, ep):
                flip = _negation(_markers(zscan, zc.start, zc.end, zh_gaps),
                                 _markers(escan, ec.start, ec.end, en_gaps), zc, ec,
                                 en_words, zh_words)
                if flip:
                    break
        if flip is None:
            flip = _uncounted(zh, en, zscan, escan, z, e, zp, ep, zh_gaps)
        if flip:
            found.append(flip)
        found += _others(z, e, zp, ep)
    return found
