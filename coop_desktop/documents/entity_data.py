"""The names the entity check knows, and the scans that find them in a text.

Data: ``resources/reference/entities.json`` (built by ``scripts/build_entities.py`` from
GB/T 2260, CLDR and the hand-kept ``entity_names.json``), read once, the first time a text
is scanned. Everything here is pure and deterministic; :mod:`.entities` compares the
mentions of the two sides.

A **mention** is a span of text naming a place (a province, prefecture, county-level
division or development zone), a country, a region (欧洲, ASEAN, 中东欧) or a well-known
company, with the set of keys it may stand for: "Suzhou" is 苏州 (Jiangsu) or 宿州 (Anhui),
"Georgia" only the country, 吉林 the province or the city. Names are found longest first in
one pass over the text (a trie of characters for Chinese, of words for English), so 苏州工业园区
is one mention, not 苏州 and a park, and 内蒙古 is not 蒙古.

Chinese short names of county-level divisions (鄞州 for 鄞州区) are read only right after
their city or province (宁波鄞州, 广西凭祥) or in brackets (中德（太仓）); English ones
(Yinzhou) only with "District"/"County" — both are too often ordinary words or parts of
personal names otherwise. County-level cities are the exception (昆山, Kunshan).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from coop_desktop import paths
from coop_desktop.i18n.catalog import N_

DATA_FILE = ("reference", "entities.json")
END = ""  # trie key of the entries that end at a node

PLACE, COUNTRY, REGION, COMPANY, BLOCK = "place", "country", "region", "company", "block"
ZONE, PERSON, NAME = "zone", "person", "name"
ABROAD = "abroad"  # a city abroad (慕尼黑): compared with cities abroad only
CODES = {PLACE: "place_mismatch", ABROAD: "place_mismatch", COUNTRY: "country_mismatch",
         REGION: "country_mismatch",
         ZONE: "name_mismatch", COMPANY: "name_mismatch", PERSON: "name_mismatch",
         NAME: "name_mismatch"}

MSG_PLACE = N_("The Chinese text names the place “{zh}” but the English text names “{en}”: a "
               "different place.")
MSG_COUNTRY = N_("The Chinese text names the country “{zh}” but the English text names "
                 "“{en}”: a different country.")
MSG_REGION = N_("The Chinese text names the region “{zh}” but the English text names “{en}”: "
                "a different region.")
MSG_ZONE = N_("The Chinese text names the zone “{zh}” but the English text names “{en}”: a "
              "different zone.")
MSG_COMPANY = N_("The Chinese text names the company “{zh}” but the English text names "
                 "“{en}”: a different company.")
MSG_PERSON = N_("The Chinese text names “{zh}” ({pinyin} in pinyin) but the English text "
                "names “{en}”: a different person.")
MSG_NAME = N_("“{en}” in the English text is not the pinyin of “{zh}” ({pinyin}) in the "
              "Chinese text: a different name.")

MESSAGES = {PLACE: MSG_PLACE, ABROAD: MSG_PLACE, COUNTRY: MSG_COUNTRY, REGION: MSG_REGION,
            ZONE: MSG_ZONE, COMPANY: MSG_COMPANY, PERSON: MSG_PERSON, NAME: MSG_NAME}


@dataclass(frozen=True)
class Entry:
    """What a name stands for: ``kind``, ``key`` (a GB/T 2260 code, ISO 3166 code, region
    or company id), a place's ``level`` (province, city, county, zone) and whether it is
    read only in context (a county's short name)."""

    kind: str
    key: str
    level: str = ""
    contextual: bool = False


@dataclass(frozen=True)
class Mention:
    kind: str
    keys: frozenset[str]
    start: int
    end: int
    text: str
    level: str = ""


@dataclass(frozen=True)
class Finding:
    """``zh`` and ``en`` are the names as written; ``en_span`` indexes the English text."""

    kind: str
    zh: str
    en: str
    en_span: tuple[int, int]
    pinyin: str = ""

    @property
    def code(self) -> str:
        return CODES[self.kind]

    @property
    def msgid(self) -> str:
        """The message: its parameters are ``zh``, ``en`` and ``pinyin``."""
        return MESSAGES[self.kind]


@dataclass(frozen=True)
class Record:
    """The record's own names: the enterprise and zone (Chinese, English) and people."""

    enterprise: tuple[str | None, str | None] = (None, None)
    zone: tuple[str | None, str | None] = (None, None)
    people: tuple[tuple[str, str | None], ...] = ()


@dataclass
class Side:
    text: str
    mentions: list[Mention] = field(default_factory=list)
    taken: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.taken = bytearray(len(self.text))

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


class Index:
    """The loaded data: the names of both languages, parents, readings, word lists.

    Chinese names are looked up as substrings (``zh``, with the longest name per first
    character in ``zh_longest``), English ones as tuples of words (``en``; the shipped
    forms are already cut into words, joined by spaces)."""

    def __init__(self, data: dict) -> None:
        self.zh: dict[str, list[Entry]] = {}
        self.en: dict[tuple[str, ...], list[Entry]] = {}
        self.parent: dict[str, str | None] = {}
        self.region_parents: dict[str, frozenset[str]] = {}
        for key, level, parent, zh, zh_ctx, en, en_ctx in data["places"]:
            if level != "group":  # a group (长三角) names its members: no parent of theirs
                self.parent[key] = parent
            self._add(zh, en, Entry(ABROAD if level == ABROAD else PLACE, key, level))
            if zh_ctx or en_ctx:
                self._add(zh_ctx, en_ctx, Entry(PLACE, key, level, contextual=True))
        for key, zh, en in data["countries"]:
            self._add(zh, en, Entry(COUNTRY, key))
        for key, parents, zh, en in data["regions"]:
            self.region_parents[key] = frozenset(parents)
            self._add(zh, en, Entry(REGION, key))
        for key, zh, en in data["companies"]:
            self._add(zh, en, Entry(COMPANY, key))
        self._add(data["blockers"]["zh"], data["blockers"]["en"], Entry(BLOCK, ""))
        # The lengths of the names that begin with each two characters, longest first.
        lengths: dict[str, set[int]] = {}
        for form in self.zh:
            lengths.setdefault(form[:2], set()).add(len(form))
        self.zh_lengths = {head: sorted(ls, reverse=True) for head, ls in lengths.items()}
        self.en_longest: dict[str, int] = {}
        for words in self.en:
            if len(words) > self.en_longest.get(words[0], 0):
                self.en_longest[words[0]] = len(words)
        self.abbreviations = {ch: frozenset(keys) for ch, keys in data["abbreviations"].items()}
        self.stopwords = frozenset(data["stopwords"])
        self.surnames = frozenset(data["surnames"])
        self.readings: dict[str, tuple[str, ...]] = {}
        for syllable, chars in data["readings"].items():
            for ch in chars:
                self.readings[ch] = (*self.readings.get(ch, ()), syllable)
        self.folded: dict[str, frozenset[str]] = {
            ch: frozenset(fold(r) for r in rs) for ch, rs in self.readings.items()}
        self.syllables = frozenset(s for s in data["readings"] if s not in _NOT_SYLLABLES) | {
            "lu", "nu", "lue", "nue"}
        self._ancestors: dict[str, frozenset[str]] = {}

    def _add(self, zh: Iterable[str], en: Iterable[str], entry: Entry) -> None:
        for form in zh:
            self.zh.setdefault(form, []).append(entry)
        for form in en:
            self.en.setdefault(tuple(form.split(" ")), []).append(entry)

    def ancestors(self, key: str) -> frozenset[str]:
        got = self._ancestors.get(key)
        if got is None:
            out: set[str] = set()
            todo = [key]
            while todo:
                k = todo.pop()
                ups = ({self.parent[k]} if self.parent.get(k) else set()) | set(
                    self.region_parents.get(k, ()))
                for up in ups - out:
                    out.add(up)  # type: ignore[arg-type]
                    todo.append(up)  # type: ignore[arg-type]
            got = self._ancestors[key] = frozenset(out)
        return got

    def related(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether some key of ``a`` is, contains or lies in some key of ``b``."""
        if a & b:
            return True
        return any(x in self.ancestors(y) or y in self.ancestors(x) for x in a for y in b)

    def lookup_zh(self, text: str) -> list[Entry]:
        return self.zh.get(text, [])

    def lookup_en(self, text: str) -> list[Entry]:
        return self.en.get(tuple(w.group() for w in EN_WORD.finditer(normalise_en(text))), [])


_NOT_SYLLABLES = frozenset({"n", "ng", "m", "hm", "hng", "r", "ê", "yo", "lo"})


@lru_cache(maxsize=1)
def index() -> Index:
    with paths.resource(*DATA_FILE).open(encoding="utf-8") as fh:
        return Index(json.load(fh))


# ------------------------------------------------------------------------- English words
EN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z\u00c0-\u024f]+)*|&")
_ABBREVIATED = re.compile(r"\b(U\.S\.A\.|U\.S\.|U\.K\.|U\.A\.E\.)")
_ABBREVIATIONS = {"U.S.A.": "USA.", "U.S.": "US.", "U.K.": "UK.", "U.A.E.": "UAE."}


def normalise_en(text: str) -> str:
    """Curly apostrophes straight, U.S./U.K. as US/UK (same length: spans stay valid)."""
    text = text.replace("’", "'")
    return _ABBREVIATED.sub(lambda m: _ABBREVIATIONS[m.group()].ljust(len(m.group())), text)


def en_words(text: str) -> list[re.Match[str]]:
    return list(EN_WORD.finditer(normalise_en(text)))


# ------------------------------------------------------------------------- scanning
_NOT_A_COUNTRY_AFTER_GUO = frozenset("际")  # 科美国际 = 科美 + 国际 (德国企业 is Germany)
_DAY_BEFORE = frozenset("0123456789０１２３４５６７８９今次当每节即昨明本平周假前后首末一二三四五六七八九十廿〇")


def _acceptable(entries: list[Entry], text: str, start: int, end: int,
                previous: Mention | None, idx: Index) -> list[Entry]:
    """The entries of a name found at ``text[start:end]`` that count here."""
    out = []
    for e in entries:
        if e.contextual and not _in_context(e, text, start, previous, idx):
            continue
        if e.kind == COUNTRY and text[end - 1] == "国" and end < len(text) and (
                text[end] in _NOT_A_COUNTRY_AFTER_GUO):
            continue
        if e.kind == COUNTRY and text[start:end] == "日本" and start and text[start - 1] in _DAY_BEFORE:
            continue
        out.append(e)
    return out


def _in_context(entry: Entry, text: str, start: int, previous: Mention | None,
                idx: Index) -> bool:
    if start and text[start - 1] in "（(":
        return True
    return bool(previous and previous.end == start and previous.kind == PLACE
                and previous.keys & idx.ancestors(entry.key))


def _mention(entries: list[Entry], text: str, start: int, end: int) -> Mention:
    kinds = [e.kind for e in entries]
    kind = max(set(kinds), key=lambda k: (kinds.count(k), k))  # one kind per mention
    chosen = [e for e in entries if e.kind == kind]
    levels = {e.level for e in chosen}
    return Mention(kind, frozenset(e.key for e in chosen), start, end, text[start:end],
                   levels.pop() if len(levels) == 1 else "")


def scan_zh(text: str, taken: bytearray | None = None) -> list[Mention]:
    """Every name in a Chinese text, longest first, left to right (see the module).
    Positions set in ``taken`` are skipped (names the caller found already)."""
    idx = index()
    names, heads = idx.zh, idx.zh_lengths
    out: list[Mention] = []
    previous: Mention | None = None
    i, n = 0, len(text)
    while i < n:
        lengths = heads.get(text[i:i + 2])
        if not lengths or (taken is not None and taken[i]):
            i += 1
            continue
        for end in (i + k for k in lengths if i + k <= n):
            entries = names.get(text[i:end])
            if not entries or (taken is not None and any(taken[i:end])):
                continue
            ok = _acceptable(entries, text, i, end, previous, idx)
            if ok:
                if ok[0].kind != BLOCK:
                    previous = _mention(ok, text, i, end)
                    out.append(previous)
                i = end
                break
        else:
            i += 1
    return out


def scan_en(text: str, taken: bytearray | None = None) -> list[Mention]:
    """Every name in an English text, by whole words, longest first. Words must be written
    as the name is (case-sensitive: "Turkey", not "turkey"; "US", not "us"; a suffix word
    may be lower case: "Jiangsu province"); words join across a space or hyphen only, so
    "Suzhou, Jiangsu" is two names."""
    idx = index()
    norm = normalise_en(text)
    out: list[Mention] = []
    resume = 0
    for cap in _CAPITAL.finditer(norm):
        if cap.start() < resume or (taken is not None and taken[cap.start()]):
            continue
        first = EN_WORD.match(norm, cap.start())
        if first is None:
            continue
        most = idx.en_longest.get(first.group(), 0)
        if not most:
            continue
        words = [first]
        while len(words) < most:
            after = EN_WORD.search(norm, words[-1].end())
            if after is None or not _joined(norm, words[-1], after):
                break
            words.append(after)
        for stop in range(len(words), 0, -1):
            key = tuple(x.group() for x in words[:stop])
            entries = idx.en.get(key)
            if not entries and stop > 1:
                entries = idx.en.get(key[:1] + tuple(x[:1].upper() + x[1:] for x in key[1:]))
            start, end = first.start(), words[stop - 1].end()
            if not entries or (taken is not None and any(taken[start:end])):
                continue
            ok = [e for e in entries if not e.contextual]
            if ok and norm[end:end + 1] == "$":
                ok = []  # US$, S$: a currency
                resume = end
                break
            if ok:
                if ok[0].kind != BLOCK:
                    out.append(_mention(ok, norm, start, end))
                resume = end
                break
    return out


_CAPITAL = re.compile(r"(?<![A-Za-z\u00c0-\u024f'])[A-Z]")


def _joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    gap = text[a.end():b.start()]
    return gap in (" ", "-", "–", "—", ".") or (gap.strip() == "" and "\n" not in gap)


# ------------------------------------------------------------------------- pinyin
@lru_cache(maxsize=8192)
def syllabify(word: str) -> list[tuple[str, ...]]:
    """Every way ``word`` (letters only, any case) splits into pinyin syllables, fewest
    syllables first; ``[]`` when it does not. ``Xi'an`` → ``[("xi", "an")]``;
    ``Xian`` → ``[("xian",), ("xi", "an")]``."""
    idx = index()
    parts = [p for p in re.split(r"['’\-]", word.lower()) if p]
    if not parts or not all(p.isascii() and p.isalpha() for p in parts):
        return []
    result: list[tuple[str, ...]] = [()]
    for part in parts:
        splits = _split(part.replace("ü", "v"), idx.syllables)
        result = [r + s for r in result for s in splits]
        if not result:
            return []
    return sorted(set(result), key=len)


@lru_cache(maxsize=4096)
def _split_cached(word: str, syllables: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    if not word:
        return ((),)
    out: list[tuple[str, ...]] = []
    for k in range(min(6, len(word)), 0, -1):
        head = word[:k]
        if head in syllables:
            out += [(head, *rest) for rest in _split_cached(word[k:], syllables)]
        if len(out) > 8:
            break
    return tuple(out)


def _split(word: str, syllables: frozenset[str]) -> list[tuple[str, ...]]:
    return list(_split_cached(word, syllables))


def readings(ch: str) -> tuple[str, ...]:
    """The toneless readings of a Chinese character (``ü`` as ``v``; ``()`` if unknown)."""
    return index().readings.get(ch, ())


def folded_readings(ch: str) -> frozenset[str]:
    """:func:`readings` as English writes them (:func:`fold`)."""
    return index().folded.get(ch, _NONE)


_NONE: frozenset[str] = frozenset()


def fold(syllable: str) -> str:
    """``lv``, ``lu`` and ``lyu`` (吕) are one syllable as English writes them: ``lu``."""
    return syllable.replace("yu", "u").replace("v", "u") if syllable[:1] in "ln" else syllable
