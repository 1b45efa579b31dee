"""Typed application settings, stored as JSON in the user's config folder.

Qt keeps only window geometry (QSettings, in the UI layer); everything the core needs —
officer name, organisation, language, data and backup locations — lives here.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from coop_desktop import paths


@dataclass
class AppSettings:
    officer_name: str = ""
    organisation_zh: str = ""
    organisation_en: str = ""
    language: str = ""  # "" = follow the system locale on first start
    db_path: str = ""  # "" = paths.default_db_path()
    backup_dir: str = ""  # "" = paths.default_backup_dir()

    @classmethod
    def file(cls) -> Path:
        return paths.user_config_dir() / "settings.json"

    @classmethod
    def load(cls, path: Path | None = None) -> AppSettings:
        """Settings from ``path`` (default: the user's file); defaults if absent or unreadable."""
        path = path or cls.file()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in raw.items() if k in known})

    def save(self, path: Path | None = None) -> None:
        """Write atomically: a crash mid-write never leaves a half-written file."""
        path = path or self.file()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)

    def actor(self) -> str | None:
        return self.officer_name.strip() or None
