"""What a mutation hands back: the record, and a small description of what changed.

Like Anki's ``OpChanges``: the UI looks at ``changes`` to decide which screens to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """``kind`` is the table that changed ("enterprise", "zone", …)."""

    kind: str
    ids: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()
    action: str = "update"
    related: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.ids


@dataclass(frozen=True)
class Outcome(Generic[T]):
    value: T
    changes: Changes
