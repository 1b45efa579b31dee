"""Business rules that are pure functions of their inputs (no database, no Qt).

Public API::

    from coop_desktop.rules import size_class, INDUSTRIES, SIZE_CLASSES

See :mod:`coop_desktop.rules.size` for the SME size standard.
"""

from __future__ import annotations

from coop_desktop.rules.size import (
    INDUSTRIES,
    SIZE_CLASSES,
    STANDARD_VERSION,
    industry_label,
    size_class,
    size_class_label,
    standard,
)

__all__ = [
    "INDUSTRIES",
    "SIZE_CLASSES",
    "STANDARD_VERSION",
    "industry_label",
    "size_class",
    "size_class_label",
    "standard",
]
