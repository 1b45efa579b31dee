"""Typed application settings, stored as JSON in the user's config folder.

Qt keeps only window geometry (QSettings, in the UI layer); everything the core needs —
officer name, organisation, language, data and backup locations — lives here.

Saving is atomic and durable (unique temporary file, fsync, rename; see ``fileio``), and
a second copy, ``settings.json.bak``, is written after each save. A settings file that
cannot be read is never taken for "no settings": it is kept aside as
``settings.json.damaged``, the backup copy is used when it is sound, and otherwise the
defaults are used with ``database_unknown`` set, so that no caller silently opens (or
creates) the default database in place of the user's own — the user is asked which
database to open instead.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from coop_desktop import fileio, paths
from coop_desktop.i18n.catalog import N_

MSG_RECOVERED = N_("The settings file {path} was damaged; the previous copy of the settings was "
                   "used. The damaged file was kept as {kept}.")
MSG_DEFAULTS = N_("The settings file {path} was damaged and no good copy was found; the default "
                  "settings are used. The damaged file was kept as {kept}.")

DEFAULT_BACKUP_INTERVAL_MIN = 30
ACTOR_MAX = 100


@dataclass
class AppSettings:
    officer_name: str = ""
    organisation_zh: str = ""
    organisation_en: str = ""
    language: str = ""  # "" = follow the system locale on first start
    db_path: str = ""  # "" = paths.default_db_path()
    backup_dir: str = ""  # "" = paths.default_backup_dir()
    backup_interval_min: int = DEFAULT_BACKUP_INTERVAL_MIN  # automatic backups; 0 = off
    #: 1 once the first-run setup was done or skipped (``ui.widgets.first_run``); a settings
    #: file written before the setup existed counts as set up (see ``_parse``)
    first_run_done: int = 0
    #: The print style last chosen for a PDF ("official" or "modern"; "" = the layout's
    #: default: official, modern for English only; ``services.documents.chosen_style``)
    pdf_style: str = ""

    # Set by ``load`` only (not saved): what went wrong reading the file, as a message id
    # with parameters, and whether the database location could not be known.
    load_problem: Any = None
    database_unknown: bool = False

    _NOT_SAVED = ("load_problem", "database_unknown")

    @classmethod
    def file(cls) -> Path:
        return paths.user_config_dir() / "settings.json"

    @classmethod
    def _parse(cls, path: Path) -> AppSettings:
        """The settings in ``path``; raises ValueError/OSError when it cannot be read."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("settings file is not a JSON object")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in cls._NOT_SAVED or f.name not in raw:
                continue
            value = raw[f.name]
            if f.type in ("int", int):
                try:
                    values[f.name] = max(0, int(value))
                except (TypeError, ValueError):
                    continue  # one bad value: keep its default, not the whole file's
            else:
                values[f.name] = "" if value is None else str(value)
        values.setdefault("first_run_done", 1)  # an installation older than the setup
        return cls(**values)

    @classmethod
    def load(cls, path: Path | None = None) -> AppSettings:
        """Settings from ``path`` (default: the user's file).

        Absent file: defaults. Damaged file: the ``.bak`` copy, else defaults with
        ``database_unknown``; ``load_problem`` says which (see the module docstring).
        """
        path = path or cls.file()
        if not path.exists():
            return cls()
        try:
            return cls._parse(path)
        except (OSError, ValueError, UnicodeDecodeError):
            pass
        kept = path.with_name(path.name + ".damaged")
        with contextlib.suppress(OSError):
            os.replace(path, kept)
        backup = path.with_name(path.name + ".bak")
        try:
            settings = cls._parse(backup)
        except (OSError, ValueError, UnicodeDecodeError):
            settings = cls()
            settings.database_unknown = True
            settings.load_problem = (MSG_DEFAULTS, {"path": str(path), "kept": str(kept)})
            return settings
        settings.load_problem = (MSG_RECOVERED, {"path": str(path), "kept": str(kept)})
        with contextlib.suppress(OSError):
            settings.save(path)
        return settings

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in self._NOT_SAVED}

    def save(self, path: Path | None = None) -> None:
        """Write atomically and durably (a crash mid-write leaves the old file or the new
        one), then refresh the ``.bak`` copy the same way. Files are private (0600)."""
        path = path or self.file()
        data = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        fileio.atomic_write(path, data)
        fileio.atomic_write(path.with_name(path.name + ".bak"), data)
        self.database_unknown = False

    def actor(self) -> str | None:
        """Who the audit trail names: the officer's name, one line, at most 100 characters
        (the settings file is a text file anyone can edit)."""
        name = " ".join(self.officer_name.split())[:ACTOR_MAX]
        return name or None
