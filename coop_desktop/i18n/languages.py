"""Names of the languages a contact speaks, in the reader's language (babel / CLDR).

A contact's languages are stored as ISO 639 codes (``zh``, ``en``, ``de``), the same in
both UIs; people read names: ``中文、英语`` in the Chinese UI, ``Chinese, English`` in the
English one. :func:`language_code` reads what someone types back to a code — a code, or a
name in either language (``英语``, ``English``, ``德文``, ``German``); text it does not
know is kept as typed and shown as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from babel import Locale

from coop_desktop.i18n.catalog import normalize_language

_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$")

#: Names people write that CLDR does not list under the code (CLDR has 中文, 英语, 德语…).
ALIASES = {
    "汉语": "zh", "普通话": "zh", "国语": "zh", "华语": "zh", "中文（普通话）": "zh",
    "mandarin": "zh", "mandarin chinese": "zh", "英文": "en", "日文": "ja", "德文": "de",
    "法文": "fr", "俄文": "ru", "韩文": "ko", "朝鲜语": "ko", "西班牙文": "es", "阿拉伯文": "ar",
    "葡萄牙文": "pt", "意大利文": "it", "越南文": "vi", "泰文": "th",
}


@lru_cache(maxsize=2)
def _names(language: str) -> dict[str, str]:
    locale = Locale.parse("zh_Hans_CN" if language == "zh_CN" else "en")
    return {code: name for code, name in locale.languages.items() if _CODE.match(code)}


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for language in ("en", "zh_CN"):
        # two-letter codes first: "Chinese" is zh, not one of the three-letter variants
        for code, name in sorted(_names(language).items(), key=lambda kv: (len(kv[0]), kv[0])):
            found.setdefault(name.casefold(), code)
    found.update(ALIASES)
    return found


def language_code(text: str) -> str:
    """The ISO 639 code for a code or a language name in Chinese or English (``"zh"`` for
    ``中文``, ``Chinese`` or ``ZH``); anything else comes back trimmed, as typed."""
    item = " ".join((text or "").split())
    match = _CODE.match(item)
    if match and match[1].lower() in _names("en"):
        return match[1].lower()
    return _codes_by_name().get(item.casefold(), item)


def language_name(code: str, language: str) -> str:
    """``code``'s name in ``language`` (``中文`` / ``Chinese``); a name someone typed is
    read as a code first (``英语`` in the English UI is ``English``); unknown text as is."""
    key = language_code(code)
    return _names(normalize_language(language)).get(key, key)


def language_names(codes: Iterable[str], language: str) -> str:
    """The names joined as the language joins a list: ``中文、英语`` / ``Chinese, English``."""
    lang = normalize_language(language)
    names = [language_name(c, lang) for c in codes if c and c.strip()]
    return ("、" if lang == "zh_CN" else ", ").join(names)
