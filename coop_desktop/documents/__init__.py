"""Bilingual documents: templates, placeholder filling, checks and rendering (no Qt).

A document is always written in both languages at once; nothing here reads the UI
language. See :mod:`coop_desktop.documents.templates` and
:mod:`coop_desktop.documents.placeholders`.
"""
