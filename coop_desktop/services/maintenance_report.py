"""What ``services.maintenance`` hands back: findings, changes and the two reports.

Every text is a message id with parameters, rendered in the reader's language by
``render(tr)``; parameters listed in ``labels`` are themselves message ids (a table's
name) and are translated too. ``details`` are never translated: SQLite's own words, record
ids, file names (at most :data:`MAX_DETAILS` of them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coop_desktop.errors import Message

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator

MAX_DETAILS = 20


class Severity(StrEnum):
    """How bad a finding is.

    ``damage``: data is damaged or lost; repair cannot bring it back (a backup can).
    ``problem``: something is out of order; usually repair fixes it, else the message says
    what to do. ``notice``: worth knowing, nothing to do; it does not make a report unclean.
    """

    DAMAGE = "damage"
    PROBLEM = "problem"
    NOTICE = "notice"


@dataclass(frozen=True)
class Note:
    """A translatable line about ``count`` things of one ``kind``."""

    kind: str
    count: int
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    details: tuple[str, ...] = ()
    #: What the note is about, for programs: index or table names, a table and column.
    subject: tuple[str, ...] = ()

    @property
    def message(self) -> Message:
        """The message with its labels in English (``Message.render`` translates the rest)."""
        return Message(self.msgid, {**self.params, **self.labels})

    def render(self, tr: Translator | None = None) -> str:
        if tr is None:
            from coop_desktop.i18n.catalog import english

            tr = english()
        values = {**self.params, **{k: tr.gettext(v) for k, v in self.labels.items()}}
        return tr.gettext(self.msgid).format(**values)

    def to_dict(self, tr: Translator | None = None) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "message": self.render(tr),
                "msgid": self.msgid, "params": {**self.params, **self.labels},
                "details": list(self.details), "subject": list(self.subject)}


@dataclass(frozen=True)
class Finding(Note):
    """One kind of problem found by ``check``. ``repairable``: ``repair`` fixes it."""

    severity: Severity = Severity.PROBLEM
    repairable: bool = False

    def to_dict(self, tr: Translator | None = None) -> dict[str, Any]:
        return {**super().to_dict(tr), "severity": self.severity.value,
                "repairable": self.repairable}


@dataclass(frozen=True)
class Change(Note):
    """One thing ``repair`` did (``kind`` is the kind of finding it addressed)."""


@dataclass
class CheckReport:
    """Everything ``check`` found, in the order of the checks.

    ``steps``: seconds each check took (``integrity``, ``foreign_keys``, ``search_index``,
    ``orphans``, ``attachments``).
    """

    path: str | None
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is not Severity.NOTICE]

    @property
    def notices(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.NOTICE]

    @property
    def clean(self) -> bool:
        """No problem (notices do not count)."""
        return not self.problems

    @property
    def repairable(self) -> list[Finding]:
        return [f for f in self.problems if f.repairable]

    @property
    def damaged(self) -> bool:
        """The database file itself is damaged (repair refuses to write to it)."""
        return any(f.kind == "database_damaged" for f in self.findings)

    def kinds(self) -> set[str]:
        return {f.kind for f in self.findings}

    def to_dict(self, tr: Translator | None = None) -> dict[str, Any]:
        return {"path": self.path, "clean": self.clean, "seconds": round(self.seconds, 3),
                "steps": {k: round(v, 3) for k, v in self.steps.items()},
                "findings": [f.to_dict(tr) for f in self.findings]}


@dataclass
class RepairReport:
    """What ``repair`` did.

    ``before``: the check it started from. ``backup``: the verified backup taken first
    (None when there was nothing to repair, or repair refused). ``changes``: what was
    changed, exactly. ``failed``: repairable findings whose repair did not work (the
    reason is the last of their ``details``); nothing of theirs was changed. ``refused``:
    set when nothing at all was done, and why. ``after``: a full check made afterwards;
    it is what counts.
    """

    before: CheckReport
    after: CheckReport
    backup: Path | None = None
    changes: list[Change] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)
    refused: Note | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """No problem is left."""
        return self.after.clean

    def to_dict(self, tr: Translator | None = None) -> dict[str, Any]:
        return {"before": self.before.to_dict(tr), "after": self.after.to_dict(tr),
                "backup": str(self.backup) if self.backup else None,
                "changes": [c.to_dict(tr) for c in self.changes],
                "failed": [f.to_dict(tr) for f in self.failed],
                "refused": self.refused.to_dict(tr) if self.refused else None,
                "complete": self.complete, "seconds": round(self.seconds, 3)}
