"""Coop Desktop core: records, services, documents and i18n. Never imports Qt."""

__version__ = "0.1.0"
