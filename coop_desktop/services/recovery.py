"""Recovery files: text the editor could not save, kept until the user decides.

When the app closes with edits that could not be written (the database stayed locked by
another program, the disk was full or read-only, the file turned out damaged), or when the
user resolves an edit conflict by taking the other text, the editor's text is written
here instead of being lost. At the next start the app offers the unsaved ones back.

One JSON file per event in ``<user data>/recovery/<database key>/``, written atomically
and private (0600). The database key is derived from the database's resolved path, so
each database sees only its own files. Nothing here touches the database itself:
:func:`apply` goes through the ordinary services.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coop_desktop import fileio, paths

#: ``unsaved``: could not be written — offered at the next start. ``set_aside``: the user
#: chose the other text in a conflict; kept for reference, not offered.
UNSAVED, SET_ASIDE = "unsaved", "set_aside"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def folder_for(db_path: Path, root: Path | None = None) -> Path:
    resolved = str(Path(db_path).resolve())
    key = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    name = _SAFE.sub("_", Path(db_path).stem)[:40] or "db"
    return (root or paths.user_data_dir() / "recovery") / f"{name}-{key}"


@dataclass
class RecoveredText:
    """The editor's text of one application that did not reach the database."""

    app_id: int
    title: str
    sections: dict[str, dict[str, str]]  # key -> {"zh": …, "en": …} (only the sides kept)
    reason: str
    kind: str = UNSAVED
    saved_at: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    db_path: str = ""
    path: Path | None = None  # the file, once written or read

    def to_json(self) -> str:
        data = {k: v for k, v in self.__dict__.items() if k != "path"}
        return json.dumps(data, ensure_ascii=False, indent=1)

    @property
    def size(self) -> int:
        return sum(len(t) for sides in self.sections.values() for t in sides.values())


def keep(db_path: Path, item: RecoveredText, *, root: Path | None = None) -> Path:
    """Write ``item`` for the database at ``db_path``; returns the file."""
    folder = fileio.private_dir(folder_for(db_path, root))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{item.kind}-app{int(item.app_id)}.json"
    item.db_path = str(db_path)
    fileio.atomic_write(target, item.to_json())
    item.path = target
    return target


def _read(path: Path) -> RecoveredText | None:
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        sections = {str(k): {s: str(t) for s, t in v.items() if s in ("zh", "en")}
                    for k, v in dict(raw["sections"]).items()}
        return RecoveredText(int(raw["app_id"]), str(raw.get("title", "")), sections,
                             str(raw.get("reason", "")), str(raw.get("kind", UNSAVED)),
                             str(raw.get("saved_at", "")), str(raw.get("db_path", "")), path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def pending(db_path: Path, *, kind: str = UNSAVED, root: Path | None = None
            ) -> list[RecoveredText]:
    """The recovery files of this database, oldest first (unreadable files are skipped)."""
    folder = folder_for(db_path, root)
    if not folder.is_dir():
        return []
    items = [_read(p) for p in sorted(folder.glob(f"*-{kind}-app*.json"))]
    return [i for i in items if i is not None]


def discard(item: RecoveredText) -> None:
    """Delete the file of ``item`` (after it was applied, or the user let it go)."""
    if item.path is not None:
        item.path.unlink(missing_ok=True)


def apply(db: Any, item: RecoveredText) -> list[str]:
    """Write the recovered text into its application's sections (draft only), through
    ``applications.update_section`` — the text it replaces stays in the history (audit
    trail). Returns the section keys written; the file is deleted after success."""
    from coop_desktop.services import applications

    written = []
    for key, sides in item.sections.items():
        applications.update_section(db, item.app_id, key, zh=sides.get("zh"), en=sides.get("en"))
        written.append(key)
    discard(item)
    return written
