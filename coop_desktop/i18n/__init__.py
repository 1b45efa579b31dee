"""Internationalisation: gettext catalogs (catalog.py) and babel formatting (formatting.py)."""

from coop_desktop.i18n.catalog import N_, Translator, available_languages, english, translator

__all__ = ["N_", "Translator", "available_languages", "english", "translator"]
