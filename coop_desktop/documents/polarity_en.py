"""The polarity markers of an English text (see :mod:`~coop_desktop.documents.polarity`):
negations, bounds, directions, results, exceptions.

Matched on words, not with one large regular expression (which costs milliseconds a section
in Python's engine): the text is cut into words once, and at each word the phrases that
begin with it are tried, longest first, in this order of precedence:

1. bounds ("at least", "no more than", "over" before a number) — a bound is not a negation;
2. phrases that only look negative ("not only", "no doubt", "No. 5");
3. soft negatives ("avoid", "free of", "yet to", un-/non-/dis-/-less words);
4. hard negatives ("not", "no", "never", "without", "n't"…).

Directions, results and exceptions are found on every word, whatever else it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

Scan = tuple[tuple[str, int, int, str], ...]
"""``(field, start, end, words)`` for every marker, in text order."""

_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d[\d,.]*|[$€£¥]")

NUM = "#"
"""In a phrase: a number follows (digits, a currency, a number word)."""
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety hundred thousand million billion half dozen rmb usd cny eur hkd jpy gbp
us hk two-thirds three-quarters""".split())
_A_NUMBER = frozenset("hundred thousand million billion third quarter half dozen fifth".split())

BOUNDS = {
    "ge": ("at least", "no less than", "not less than", "no fewer than", "not fewer than",
           "a minimum of", "minimum of", "or more", "or above", "or higher", "or over",
           "and above", "more than", "greater than", "higher than", "exceed*", "upwards of",
           "in excess of", "no lower than", "not lower than", "not below", "surpass*",
           "over #", "above #", "above the", "above its", "above their", "above average",
           "above industry", "above national", "go beyond", "goes beyond", "going beyond",
           "went beyond", "gone beyond"),
    "le": ("at most", "no more than", "not more than", "no greater than", "not exceed*",
           "does not exceed*", "do not exceed*", "did not exceed*", "shall not exceed*",
           "must not exceed*", "will not exceed*", "may not exceed*", "should not exceed*",
           "not to exceed*", "a maximum of", "maximum of", "up to #", "or less", "or fewer",
           "or below", "or under", "less than", "fewer than", "lower than", "no higher than",
           "not higher than", "not above", "under #", "below #", "within #", "below the",
           "below its", "below their", "below average", "below industry", "below national",
           "not go beyond", "not to go beyond", "not going beyond", "never go beyond",
           "not be beyond"),
}
NOT_NEGATION = ("not only", "not just", "not least", "no doubt", "not to mention",
                "whether or not", "no matter", "nothing but", "none other", "no later than",
                "not later than", "no sooner", "cannot but")
SOFT_PHRASES = ("rather than", "instead of", "far from", "free of", "free from", "rule out",
                "put an end", "yet to")
SOFT_PREFIXES = ("avoid", "prevent", "eliminat", "prohibit", "forbid", "refus", "reject",
                 "exclud", "lack", "absen", "fail", "refrain", "stop", "ceas", "halt",
                 "exempt", "waive")
SOFT_WORDS = frozenset("""ban bans banned deny denies denied zero hardly barely seldom rarely
yet pending unless regardless nevertheless lift lifted lifting lifts late belated overdue
delay delays delayed delaying default defaults defaulted missing lapse lapsed
outstanding unpaid""".split())
"""Words that say a negation without one: among them the nouns and verbs of failure a
translator renders 未 with (未按期交货 "delivers late", "each day of delay"; 未支付
"outstanding")."""
_UN_NOT = ("under", "unit", "union", "uniq", "univers", "unif", "unanim", "until", "unless",
           "uni")
_DIS = ("disagree", "disadvantage", "disapprov", "discontinu", "dishonest", "disqualif",
        "disallow", "disorder", "disabl", "dissatisf", "discredit", "disregard", "distrust",
        "disrespect", "disobey")
_IN = ("incomplete", "inaccurate", "invalid", "insufficient", "inadequate", "ineligible",
       "improper", "impossible", "illegal", "irregular", "irrespective", "indispensable",
       "inevitable", "incorrect", "inconsistent", "ineffective", "inappropriate", "imbalance",
       "immature", "impartial", "insecur", "instabilit", "informal")
HARD_WORDS = frozenset("""not no never without none neither nor nothing nobody nowhere
cannot""".split())

OTHER_PHRASES = {
    "exception": ("apart from", "other than", "aside from", "in addition to", "as well as",
                  "save for", "but for", "on top of", "not counting"),
    "including": ("together with", "along with"),
    "up": ("up by", "went up"),
    "down": ("down by", "went down"),
    "profit": ("in the black",),
    "loss": ("lose money", "losing money", "lost money", "in the red"),
}
OTHER_PREFIXES = {
    "exception": ("except",),
    "including": ("includ",),
    "up": ("increas", "grow", "rais", "climb", "expand", "boost", "doubl", "tripl", "surg",
           "jump", "soar"),
    "down": ("decreas", "declin", "drop", "reduc", "shrink", "shrunk", "narrow", "slump",
             "plung", "halv", "slow"),
    "profit": ("profit",),
    "loss": ("deficit",),
}
OTHER_WORDS = {
    "exception": frozenset("excluding besides beyond also outside".split()),
    "up": frozenset("grew rise rises risen rising rose expansion higher".split()),
    "down": frozenset("""fall falls fallen falling fell lower lowered lowering lowers
shrank contracted contraction cut cuts cutting""".split()),
    "profit": frozenset(("earnings",)),
    "loss": frozenset(("loss", "losses", "loss-making", "lossmaking", "unprofitable")),
}


def _phrases(*groups: tuple[str, tuple[str, ...]]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word → ``(words, field)``, longest phrase first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for field, phrases in groups:
        for phrase in phrases:
            words = tuple(phrase.split())
            table.setdefault(words[0].rstrip("*"), []).append((words, field))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


_MASKING = _phrases(*BOUNDS.items(), ("", NOT_NEGATION), ("soft", SOFT_PHRASES))
_PREFIX_HEADS = tuple(sorted({words[0].rstrip("*") for entries in _MASKING.values()
                              for words, _ in entries if words[0].endswith("*")}))
_OTHER = _phrases(*OTHER_PHRASES.items())


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in _WORD.finditer(text)]


def _is_number(words: list[tuple[str, int, int]], k: int) -> bool:
    if k >= len(words):
        return False
    w = words[k][0]
    if w[0].isdigit() or w in "$€£¥" or w in _NUMBER_WORDS:
        return True
    return w in ("a", "an") and k + 1 < len(words) and words[k + 1][0] in _A_NUMBER


def _matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _phrase_at(table: dict[str, list[tuple[tuple[str, ...], str]]],
               words: list[tuple[str, int, int]], k: int) -> tuple[int, str] | None:
    """The longest phrase of ``table`` starting at word ``k``: (its length, its field)."""
    head = words[k][0]
    candidates = table.get(head)
    if candidates is None:
        if table is not _MASKING or not head.startswith(_PREFIX_HEADS):
            return None
        candidates = [e for h in _PREFIX_HEADS if head.startswith(h) for e in table[h]]
    for phrase, field in candidates:
        n = 0
        for pattern in phrase:
            if pattern == NUM:
                if not _is_number(words, k + n):
                    break
                continue  # the number is not part of the phrase
            if k + n >= len(words) or not _matches(pattern, words[k + n][0]):
                break
            n += 1
        else:
            return n, field
    return None


@lru_cache(maxsize=8192)
def _word_fields(word: str) -> tuple[str, ...]:
    """The fields one word marks by itself: soft/hard negation, then the other fields."""
    fields = []
    if word in SOFT_WORDS or word.startswith(SOFT_PREFIXES) or _negative_form(word):
        fields.append("soft")
    elif word in HARD_WORDS or word.endswith("n't"):
        fields.append("hard")
    for field, prefixes in OTHER_PREFIXES.items():
        if word.startswith(prefixes) or word in OTHER_WORDS.get(field, ()):
            fields.append(field)
    return tuple(fields)


def _negative_form(word: str) -> bool:
    """un-, non-, dis-, in-/im-/il-/ir- words of negative meaning; -free and -less words."""
    if word.endswith("-free") or word.startswith("non-"):
        return True
    if word.startswith("un") and len(word) >= 5 and not word.startswith(_UN_NOT):
        return True
    if word.startswith("non") and len(word) >= 6:
        return True
    if word.startswith(_DIS) or word.startswith(_IN):
        return True
    stem = word.split("-")[-1]
    return len(stem) >= 7 and stem.endswith(("less", "lessly", "lessness")) and stem != "unless"


@lru_cache(maxsize=8192)
def _relevant(word: str) -> bool:
    """Whether a word can be or begin a marker (most words cannot: they are skipped)."""
    return bool(word in _MASKING or word.startswith(_PREFIX_HEADS) or word in _OTHER
                or _word_fields(word) or word == "no")


@lru_cache(maxsize=512)
def scan(text: str) -> Scan:
    """Every marker of an English text (see the module docstring)."""
    words = _words(text)
    out: list[tuple[str, int, int, str]] = []
    k = 0
    n_words = len(words)
    while k < n_words:
        word, start, end = words[k]
        if not _relevant(word):
            k += 1
            continue
        if word == "no" and text[end:end + 1] == ".":
            k += 1  # "No. 5"
            continue
        found = _phrase_at(_MASKING, words, k)
        if found:
            n, field = found
            last = words[k + n - 1][2]
            if field:
                out.append((field, start, last, text[start:last]))
            _others(words, k, k + n, text, out)
            k += n
            continue
        for field in _word_fields(word):
            if field in ("soft", "hard"):
                out.append((field, start, end, text[start:end]))
        _others(words, k, k + 1, text, out)
        k += 1
    return tuple(sorted(out, key=lambda m: m[1]))


def _others(words: list[tuple[str, int, int]], k0: int, k1: int, text: str,
            out: list[tuple[str, int, int, str]]) -> None:
    """Directions, results, exceptions among words ``k0..k1`` (phrases may run on)."""
    for k in range(k0, k1):
        word, start, end = words[k]
        found = _phrase_at(_OTHER, words, k) if word in _OTHER else None
        if found:
            n, field = found
            last = words[k + n - 1][2]
            out.append((field, start, last, text[start:last]))
            continue
        for field in _word_fields(word):
            if field not in ("soft", "hard"):
                out.append((field, start, end, text[start:end]))
