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
    # pypinyin's dictionaries take ~0.15 s to import: loaded when a name is first converted
    # (a save, an import), not when the app starts.
    from pypinyin import Style, lazy_pinyin

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


#: Two-character surnames (the common ones); a name starting with one keeps it whole.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 "
    "端木 独孤 南宫 西门 闻人 呼延 万俟 澹台 公冶 太史 申屠 赫连 第五".split())
#: Surnames read differently from the character's everyday reading.
_SURNAME_READINGS = {"曾": "zeng", "单": "shan", "仇": "qiu", "区": "ou", "解": "xie", "查": "zha",
                     "朴": "piao", "盖": "ge", "种": "chong", "乐": "yue", "尉": "yu", "繁": "po",
                     "覃": "qin", "翟": "zhai", "员": "yun", "召": "shao", "缪": "miao", "长孙": "zhangsun"}


def person_name_en(name: str | None) -> str | None:
    """A Chinese personal name in pinyin, surname first, as Chinese documents write it in
    English: ``陈春华`` → ``Chen Chunhua``, ``欧阳修`` → ``Ouyang Xiu``, ``曾国强`` → ``Zeng Guoqiang``.

    A name that is not 2–5 Chinese characters (already romanised, a foreign name, empty)
    is returned as given (``None`` for empty)."""
    text = normalize(name).replace(" ", "")
    if not text:
        return None
    if not 2 <= len(text) <= 5 or not all(is_cjk(c) for c in text):
        return normalize(name)
    cut = 2 if text[:2] in _COMPOUND_SURNAMES and len(text) > 2 else 1
    surname, given = text[:cut], text[cut:]
    family = _SURNAME_READINGS.get(surname) or "".join(_syllables(surname))
    return f"{family.capitalize()} {''.join(_syllables(given)).capitalize()}"
