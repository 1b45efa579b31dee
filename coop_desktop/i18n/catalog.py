"""Translator objects backed by the gettext catalogs in ``locales/``.

Source strings are English. A :class:`Translator` is an explicit object: bilingual
documents need two languages at once, so nothing here installs a global ``_``.

The compiled ``.mo`` file is used when it is present and not older than its ``.po``;
otherwise the ``.po`` is compiled in memory with babel, so a fresh checkout never
needs a manual build step.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from coop_desktop import paths

DOMAIN = "coop_desktop"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("zh_CN", "en")


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it now."""
    return message


class Translator:
    """gettext / ngettext / pgettext for one language."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._t = translations

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)

    @property
    def babel_locale(self) -> str:
        """The babel / CLDR locale identifier for formatting (``zh_Hans_CN`` or ``en``)."""
        return "zh_Hans_CN" if self.language.startswith("zh") else "en"

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


def normalize_language(language: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_Hans_CN``... to ``zh_CN``; everything else to ``en``."""
    if language and language.replace("-", "_").lower().startswith("zh"):
        return "zh_CN"
    return "en"


def available_languages() -> tuple[str, ...]:
    return LANGUAGES


def _load(po_path: Path) -> gettext.NullTranslations:
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@lru_cache(maxsize=None)
def translator(language: str | None) -> Translator:
    """The translator for ``language`` (cached; English is the identity)."""
    lang = normalize_language(language)
    if lang == SOURCE_LANGUAGE:
        return Translator(lang, gettext.NullTranslations())
    po = paths.locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return Translator(lang, gettext.NullTranslations())
    return Translator(lang, _load(po))


def english() -> Translator:
    return translator(SOURCE_LANGUAGE)
