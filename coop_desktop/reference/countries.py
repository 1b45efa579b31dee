"""ISO 3166-1 alpha-2 countries and territories, named from babel's CLDR data.

The code list is CLDR's two-letter territory codes minus the ones that are not
ISO 3166-1 assignments (groupings such as ``EU``/``EZ``/``UN``/``QO``, the
exceptionally reserved ``AC``/``CP``/``CQ``/``DG``/``EA``/``IC``/``TA``, and the
user-assigned ``XA``/``XB``/``XK``/``ZZ``): 249 codes with CLDR 42+.

Codes are upper-case; lookups are case-sensitive (``"de"`` is not a code). Names come
from the ``zh_Hans_CN`` and ``en`` locales and are computed once.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from coop_desktop.i18n.catalog import normalize_language

NOT_COUNTRIES: frozenset[str] = frozenset(
    {
        # Groupings and organisations.
        "EU", "EZ", "UN", "QO",
        # Exceptionally reserved by ISO 3166/MA, not assigned.
        "AC", "CP", "CQ", "DG", "EA", "IC", "TA",
        # User-assigned / private-use codes (pseudo-locales, Kosovo, unknown).
        "XA", "XB", "XK", "ZZ",
    }
)  # fmt: skip


def _babel_locale(language: str) -> str:
    return "zh_Hans_CN" if language == "zh_CN" else "en"


@lru_cache(maxsize=None)
def _names(language: str) -> dict[str, str]:
    from babel import Locale

    territories = Locale.parse(_babel_locale(language)).territories
    english = Locale.parse("en").territories
    return {
        code: territories.get(code, english[code])
        for code in sorted(english)
        if len(code) == 2 and code.isascii() and code.isalpha() and code not in NOT_COUNTRIES
    }


def is_country(code: object) -> bool:
    """True if ``code`` is a known upper-case ISO 3166-1 alpha-2 code."""
    return isinstance(code, str) and code in _names("en")


def country_name(code: str, language: str | None = "en") -> str:
    """The name of ``code`` in ``language`` (``zh_CN`` or English). ``KeyError`` if unknown."""
    names = _names(normalize_language(language))
    try:
        return names[code]
    except KeyError:
        raise KeyError(f"not an ISO 3166-1 alpha-2 code: {code!r}") from None


#: Countries whose English name takes "the" in running text ("invest in the United
#: States", "exported to the Netherlands"); CLDR names are list labels, without it.
WITH_ARTICLE: frozenset[str] = frozenset(
    {"US", "GB", "AE", "NL", "PH", "BS", "GM", "MV", "MH", "SB", "KM", "SC", "CF", "DO",
     "KY", "VG", "FO", "FK", "VI", "TC", "CK", "VA", "PS"}
)  # fmt: skip


def name_in_text(code: str, language: str | None = "en") -> str:
    """The name of ``code`` as it stands in an English sentence ("the United States",
    "Germany"); the Chinese name is the same as :func:`country_name`'s."""
    name = country_name(code, language)
    if normalize_language(language) == "zh_CN" or code not in WITH_ARTICLE:
        return name
    return f"the {name}"


def _english_sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def pinyin_order() -> tuple[str, ...]:
    """The codes with their Chinese names in pinyin order, computed with pypinyin (what
    ``country_order.ZH_CN`` ships, so that the app does not import pypinyin to start)."""
    from pypinyin import lazy_pinyin

    def key(item: tuple[str, str]) -> tuple[str, str]:
        return (" ".join(lazy_pinyin(item[1])).casefold(), item[0])

    return tuple(code for code, _name in sorted(_names("zh_CN").items(), key=key))


@lru_cache(maxsize=None)
def _sorted(language: str) -> tuple[tuple[str, str], ...]:
    names = _names(language)
    if language == "zh_CN":
        from coop_desktop.reference.country_order import ZH_CN

        order = ZH_CN if len(ZH_CN) == len(names) and set(ZH_CN) == set(names) else pinyin_order()
        return tuple((code, names[code]) for code in order)
    return tuple(sorted(names.items(), key=lambda item: (_english_sort_key(item[1]), item[0])))


def all_countries(language: str | None = "en") -> list[tuple[str, str]]:
    """``[(code, name), ...]`` sorted by name (Chinese names by pinyin)."""
    return list(_sorted(normalize_language(language)))
