"""What a bilingual check module (:mod:`.meaning`, :mod:`.number_checks`) finds, before
:mod:`.qa` turns it into a :class:`~coop_desktop.documents.qa.QaIssue`: plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """``code`` and ``severity`` (``"error"`` or ``"warning"``) of the issue, its message
    ``msgid`` and ``params``, the ``side`` and ``span`` it points at, and a short ``detail``."""

    code: str
    severity: str  # "error" or "warning"
    msgid: str
    side: str
    span: tuple[int, int]
    detail: str
    params: dict[str, Any] = field(default_factory=dict)
