"""Text helpers for names: pinyin for sorting and search, and short search tokens.

Trigram full-text search cannot find substrings shorter than three characters (华为).
``search_tokens`` therefore lists every one- and two-character Chinese substring of a
name, the words of the English text, the pinyin initials (``hwjs``) and the run-together
full pinyin (``huaweijishu``); a word-token index over that column answers short queries
exactly, and the trigram index over it finds initials and pinyin substrings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_WORD = re.compile(r"[0-9a-z]+")


def normalize(text: str | None) -> str:
    """NFKC (full-width → half-width), trimmed, inner whitespace collapsed."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def is_cjk(ch: str) -> bool:
    return bool(_CJK.fullmatch(ch))


@lru_cache(maxsize=20_000)
def _syllables(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [s]):
        piece = piece.strip().lower()
        if piece:
            out.extend(piece.split())
    return tuple(out)


def pinyin(text: str | None) -> str:
    """``华为技术`` → ``hua wei ji shu``: a sort key that orders Chinese names by pinyin."""
    return " ".join(_syllables(normalize(text)))


def pinyin_initials(text: str | None) -> str:
    """``华为技术有限公司`` → ``hwjsyxgs`` (letters and digits only)."""
    initials = []
    for syl in _syllables(normalize(text)):
        if syl and syl[0].isalnum():
            initials.append(syl[0])
    return "".join(initials)


def search_tokens(*cjk_texts: str | None, words: tuple[str | None, ...] = ()) -> str:
    """Space-separated tokens for the short-query index (see module docstring)."""
    tokens: list[str] = []
    seen: set[str] = set()

    def add(tok: str) -> None:
        if tok and tok not in seen:
            seen.add(tok)
            tokens.append(tok)

    for text in cjk_texts:
        chars = [c for c in normalize(text) if is_cjk(c)]
        for i, ch in enumerate(chars):
            add(ch)
            if i + 1 < len(chars):
                add(ch + chars[i + 1])
        add(pinyin_initials(text))
        add("".join(_syllables(normalize(text))))
    for text in words:
        for w in _WORD.findall(normalize(text).lower()):
            add(w)
    return " ".join(tokens)
