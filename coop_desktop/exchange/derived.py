"""The derived columns of many new enterprises: ``enterprise_checks.derive``, exactly, faster.

``derive`` spends ~200 µs a row in pypinyin (``text.pinyin`` reads each name afresh; its
cache only helps for names seen before). pypinyin cuts a text into words (runs of
non-Chinese characters, dictionary phrases, single characters) and reads each word on its
own, so the reading of a text is the readings of its words in order: :func:`syllables`
cuts with pypinyin's own segmenter (``Pinyin().seg``, what ``lazy_pinyin`` calls) and reads
each word once (cached: 有限公司, 科技, 深圳 recur in every list). :func:`search_tokens`
is ``text.search_tokens`` on those syllables, and :func:`derive` is
``enterprise_checks.derive`` with them; the size class is memoised on its inputs.
``tests/exchange/test_import_speed_paths.py`` compares every result with ``derive`` itself.
(``coop_desktop.demo`` does the same for generated names, with its own caches.)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin
from pypinyin.core import Pinyin

from coop_desktop import rules
from coop_desktop import text as text_mod
from coop_desktop.errors import ValidationError
from coop_desktop.services.enterprise_checks import _yuan

_SEG = Pinyin().seg


def _keep(chars: str) -> list[str]:
    return [chars]


@lru_cache(maxsize=100_000)
def _word(word: str) -> tuple[str, ...]:
    """``text._syllables`` of one word as pypinyin cuts it."""
    out: list[str] = []
    for piece in lazy_pinyin(word, style=Style.NORMAL, errors=_keep):
        piece = piece.strip().lower()
        if piece:
            out.extend(piece.split())
    return tuple(out)


@lru_cache(maxsize=20_000)
def syllables(normalized: str) -> tuple[str, ...]:
    """``text._syllables(normalized)`` (the text already ``text.normalize``-d)."""
    out: list[str] = []
    for word in _SEG(normalized):
        out.extend(_word(word))
    return tuple(out)


def pinyin(value: str | None) -> str:
    """``text.pinyin(value)``."""
    return " ".join(syllables(text_mod.normalize(value)))


def _initials(value: str | None) -> str:
    return "".join(s[0] for s in syllables(text_mod.normalize(value)) if s and s[0].isalnum())


def search_tokens(*cjk_texts: str | None, words: tuple[str | None, ...] = ()) -> str:
    """``text.search_tokens`` (same tokens, same order)."""
    tokens: dict[str, None] = {}
    for value in cjk_texts:
        chars = [c for c in text_mod.normalize(value) if text_mod.is_cjk(c)]
        for i, ch in enumerate(chars):
            tokens[ch] = None
            if i + 1 < len(chars):
                tokens[ch + chars[i + 1]] = None
        tokens[_initials(value)] = None
        tokens["".join(syllables(text_mod.normalize(value)))] = None
    for value in words:
        for w in text_mod._WORD.findall(text_mod.normalize(value).lower()):
            tokens[w] = None
    return " ".join(t for t in tokens if t)


@lru_cache(maxsize=50_000)
def _size(industry: str, employees: int | None, revenue_fen: int | None,
          assets_fen: int | None) -> str | None:
    try:
        return rules.size_class(industry, employees=employees, revenue_cny=_yuan(revenue_fen),
                                assets_cny=_yuan(assets_fen))
    except ValidationError:
        return None


def derive(values: dict[str, Any]) -> dict[str, Any]:
    """``enterprise_checks.derive(values)`` (see the module docstring)."""
    industry = values.get("industry")
    size = (_size(industry, values.get("employees"), values.get("revenue_fen"),
                  values.get("total_assets_fen")) if industry else None)
    tags = values.get("tags") or []
    return {
        "size_class": size,
        "size_standard": rules.STANDARD_VERSION if size else None,
        "name_pinyin": pinyin(values.get("name_zh")) or None,
        "search_tokens": search_tokens(
            values.get("name_zh"), values.get("city_zh"), *tags,
            words=(values.get("name_en"), values.get("city_en"), " ".join(tags))),
    }


__all__ = ["derive", "pinyin", "search_tokens", "syllables"]
