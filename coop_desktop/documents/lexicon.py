"""A small bilingual lexicon for the meaning checks: which English words may render a
Chinese word, good enough to tell whether a clause was translated at all.

The data are derived from CC-CEDICT (``resources/lexicon/cedict_keys.txt``, CC BY-SA 4.0,
built by ``scripts/build_lexicon.py``) plus the project's own domain entries
(``resources/lexicon/domain.txt``). Neither gives translations: each Chinese word carries
the *keys* of the English words of its definitions. A key (:func:`en_key`) is a crude stem:
the word lower-cased, British spellings and common irregular forms mapped, cut to six
letters, so "produce", "products" and "production" are one key (``produc``). Crude on
purpose: the checks ask "does the English say anything this Chinese word can mean?", where a
match too many only makes them quieter.

Loading is lazy and cheap: the file holds one line per first character; a line is parsed
the first time a word starting with that character is looked up (a few hundred of the
~6,000 lines for a whole application), so the first check costs some milliseconds, not the
whole dictionary, and importing this module reads nothing.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from functools import lru_cache

from coop_desktop import paths

KEY_LENGTH = 6
MAX_WORD = 8
"""Longest Chinese word looked up (characters)."""

STOP_EN = frozenset("""
a an the of to in on at by for with from and or nor as is are be been being was were am it its
this that these those there here sb sb's sth sth's one one's oneself etc esp especially used
also not no non very some any all each such into out up off about over than so who whom whose
which what when where while how why de le zhe kind type sort something someone person thing
things way i.e e.g ie eg abbr variant old see pr has have had having do does did doing done
will would shall should can could may might must our we us they them their he she his her him
you your i me my mine yours ours theirs itself themselves ourselves himself herself
but if then else because since until unless though although whether either neither both
more most less least much many few own same other another only just even still yet again
per via within without among between through during before after above below under
lit fig e g idiom
""".split())
"""English words that carry no content of their own for these checks."""

_SPELLING = {
    "centre": "center", "centres": "center", "metre": "meter", "metres": "meter",
    "licence": "license", "licences": "license", "programme": "program",
    "programmes": "program", "labour": "labor", "defence": "defense", "offence": "offense",
    "behaviour": "behavior", "favour": "favor", "honour": "honor", "colour": "color",
    "neighbour": "neighbor", "tonne": "ton", "tonnes": "ton", "grey": "gray",
    "mould": "mold", "moulds": "mold", "moulding": "molding", "fibre": "fiber",
    "fibres": "fiber", "aluminium": "aluminum", "analyse": "analyze", "catalogue": "catalog",
    "cheque": "check", "enrol": "enroll", "fulfil": "fulfill", "jewellery": "jewelry",
    "storey": "story", "tyre": "tire", "tyres": "tire", "kerb": "curb", "plough": "plow",
}
_IRREGULAR = {
    "grew": "grow", "grown": "grow", "fell": "fall", "fallen": "fall", "built": "build",
    "sold": "sell", "made": "make", "bought": "buy", "held": "hold", "went": "go",
    "gone": "go", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "began": "begin", "begun": "begin", "rose": "rise", "risen": "rise", "lost": "lose",
    "won": "win", "met": "meet", "paid": "pay", "led": "lead", "kept": "keep",
    "brought": "bring", "thought": "think", "found": "find", "sent": "send",
    "spent": "spend", "came": "come", "became": "become", "chose": "choose",
    "chosen": "choose", "drew": "draw", "drawn": "draw", "ran": "run", "saw": "see",
    "seen": "see", "told": "tell", "said": "say", "got": "get", "men": "man",
    "women": "woman", "children": "child", "people": "person", "better": "good",
    "best": "good", "worse": "bad", "worst": "bad", "larger": "large", "largest": "large",
    "bigger": "big", "biggest": "big", "dug": "dig", "wrote": "write", "written": "write",
    "knew": "know", "known": "know", "shown": "show", "sought": "seek", "taught": "teach",
    "understood": "understand", "stood": "stand", "grows": "grow", "growing": "grow",
    "rising": "rise", "growth": "grow", "society": "social", "societies": "social", "falling": "fall", "falls": "fall", "rises": "rise",
}

_EN_WORD = re.compile(r"R&D|[A-Za-z]+(?:['’][A-Za-z]+)*")


@lru_cache(maxsize=8192)
def en_key(word: str) -> str | None:
    """The key of one English word (see the module docstring), or None for a word that says
    nothing by itself (shorter than three letters, or in :data:`STOP_EN`)."""
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        word = word[:-1]  # SMEs, OEMs
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = _SPELLING.get(w, w)
    w = _IRREGULAR.get(w, w)
    if len(w) < 3 or w in STOP_EN:
        return None
    key = _stem(w)[:KEY_LENGTH]
    return key[:-1] if len(key) > 3 and key.endswith("e") else key  # settle/settlement


_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")


def _stem(w: str) -> str:
    """A light suffix stripper (one suffix: plural, past, -ing, -ly, -ation), so that the
    forms of a word share a key: focus/focused, motor/motors, supply/supplier/supplies,
    base/based, plan/planned, location/located. Both sides go through it, so a collision only joins two keys."""
    if len(w) <= 4:
        if len(w) == 4 and w[-1] == "s" and not w.endswith(("ss", "us", "is")):
            return w[:-1]  # laws, jobs
        return w[:-1] if len(w) == 4 and w[-1] == "e" else w
    for suffix, repl in (("iers", "y"), ("ier", "y"), ("ies", "y"), ("ied", "y")):
        if w.endswith(suffix):
            return w[:-len(suffix)] + repl
    for suffix in ("ations", "ation"):  # location/located, regulation/regulate
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[:-len(suffix)] + "at"
    for suffix in ("ments", "ment"):  # settlement/settle, management/manage
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[:-len(suffix)]
            return w[:-1] if w.endswith("e") else w
    for suffix in ("ings", "ing", "edly", "ed", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "ly" and (len(w) < 6 or _DOUBLED.search(w[:-2])):
                break  # supply, apply, fly
            w = _DOUBLED.sub(r"\1", w[:-len(suffix)])
            return w[:-1] if w.endswith("e") and len(w) > 3 else w
    if w.endswith(("sses", "xes", "zes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


@lru_cache(maxsize=4096)
def en_keys(text: str) -> tuple[tuple[str, int, int], ...]:
    """``(key, start, end)`` for every content word of an English text, hyphenated and
    slashed compounds taken apart (``high-end`` → ``high``, ``end``); kept for the last
    texts (the checks read the same sentences several times)."""
    return tuple((key, m.start(), m.end()) for m in _EN_WORD.finditer(text)
                 if (key := en_key(m.group())))


# ------------------------------------------------------------------ the Chinese side

_lock = threading.Lock()
_lines: dict[str, str] | None = None
_blocks: dict[str, tuple[dict[str, str], int]] = {}
_EMPTY: tuple[dict[str, str], int] = ({}, 1)


def _read(name: str) -> Iterator[tuple[str, str]]:
    with open(paths.resource("lexicon", name), encoding="utf-8") as f:
        for line in f:
            if line and not line.startswith("#") and "\t" in line:
                first, rest = line.rstrip("\n").split("\t", 1)
                yield first, rest


def _glossary() -> Iterator[tuple[str, str]]:
    """``(Chinese, English)`` from the shipped glossary: ``注册资本 / 实缴资本`` gives two
    words, paired with the English alternatives when they are as many; a bracketed short
    form (``工业和信息化部（工信部）``) is a word of its own; quotation marks are dropped
    (专精特新“小巨人”企业 is one word)."""
    try:
        entries = json.loads(paths.resource("reference", "glossary.json").read_text("utf-8"))
    except (OSError, ValueError):
        return
    for entry in entries:
        zh_parts = [p.strip() for p in str(entry.get("zh", "")).split("/")]
        en_parts = [p.strip() for p in str(entry.get("en", "")).split("/")]
        paired = len(zh_parts) == len(en_parts)
        for i, zh in enumerate(zh_parts):
            en = en_parts[i] if paired else " ".join(en_parts)
            for word in _BRACKETS.split(zh.replace("“", "").replace("”", "")):
                word = "".join(_HAN.findall(word))
                if 2 <= len(word) <= MAX_WORD:
                    yield word, en


_BRACKETS = re.compile(r"[（）()]")
_HAN = re.compile(r"[\u3400-\u9fff]+")


def _domain() -> Iterator[tuple[str, str]]:
    """``resources/lexicon/domain.txt``: ``中文<TAB>English words`` a line."""
    with open(paths.resource("lexicon", "domain.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#") and "\t" in line:
                zh, en = line.rstrip("\n").split("\t", 1)
                yield zh.strip(), en


def _load() -> dict[str, str]:
    """One raw line per first character: ``word:key key;word:key…``. The domain words and
    the shipped glossary's are appended after CC-CEDICT's (a later entry of a word adds its
    keys to an earlier one)."""
    global _lines
    with _lock:
        if _lines is None:
            lines = dict(_read("cedict_keys.txt"))
            for zh, en in (*_domain(), *_glossary()):
                keys = " ".join(sorted({key for key, _, _ in en_keys(en)}))
                if zh and keys:
                    item = f"{zh}:{keys}"
                    lines[zh[0]] = f"{lines[zh[0]]};{item}" if zh[0] in lines else item
            _lines = lines
        return _lines


def _block(first: str) -> tuple[dict[str, str], int]:
    """The words starting with ``first`` (each with its keys as one string, split when the
    word is first looked up: a block of a common character holds thousands of words, of
    which a text uses a few) and the length of the longest."""
    block = _blocks.get(first)
    if block is None:
        raw = _load().get(first)
        if raw is None:
            block = _EMPTY
        else:
            words: dict[str, str] = {}
            for item in raw.split(";"):
                word, _, keys = item.partition(":")
                before = words.get(word)
                words[word] = keys if before is None else f"{before} {keys}"
            block = (words, max(map(len, words)))
        _blocks[first] = block
    return block


def zh_keys(word: str) -> frozenset[str]:
    """The keys of the English words a Chinese word may be rendered by (empty when the
    lexicon does not have the word)."""
    if not word:
        return _NONE
    keys = _block(word[0])[0].get(word)
    return _NONE if keys is None else _split_keys(keys)


@lru_cache(maxsize=16384)
def _split_keys(keys: str) -> frozenset[str]:
    return frozenset(keys.split())


_NONE: frozenset[str] = frozenset()


def known(word: str) -> bool:
    return bool(word) and word in _block(word[0])[0]


@lru_cache(maxsize=8192)
def segment(run: str) -> tuple[str, ...]:
    """A run of Chinese characters cut into words by backward maximum matching against the
    lexicon (more often right than forward matching: 公司对子公司 is 公司/对/子公司, not
    公司/对子/公司). A character the lexicon does not know stands alone."""
    out = []
    blocks = [_block(ch) for ch in run]  # one look-up per character, not per candidate
    j = len(run)
    while j > 0:
        for length in range(min(MAX_WORD, j), 1, -1):
            words, longest = blocks[j - length]
            if length <= longest and run[j - length:j] in words:
                break
        else:
            length = 1
        out.append(run[j - length:j])
        j -= length
    return tuple(reversed(out))


# ------------------------------------------------------------------ related English words

@lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    """``resources/lexicon/synonyms.txt``: key → the keys of every group it is in."""
    groups: dict[str, set[str]] = {}
    with open(paths.resource("lexicon", "synonyms.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                keys = {key for key, _, _ in en_keys(line)}
                for key in keys:
                    groups.setdefault(key, set()).update(keys)
    return {key: frozenset(group) for key, group in groups.items()}


def related(key: str) -> frozenset[str]:
    """The key and the keys the project's synonym groups put with it: what a free
    translation may say instead (experience, expertise, know-how)."""
    return _synonyms().get(key) or frozenset((key,))


def preload() -> None:
    """Read the lexicon file and parse every line now (a background thread may call this
    to spare the first checks the ~80 ms, 20 to read and 60 to parse)."""
    for first in list(_load()):
        _block(first)
