"""Where things live: bundled resources and catalogs, and the user's data folders.

This is the only module that knows the difference between an installed wheel (data
under ``coop_desktop/_data``) and a source checkout (``resources/`` and ``locales/``
at the repository root).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "CoopDesktop"
APP_AUTHOR = "CoopDesktop"
DB_ENV_VAR = "COOP_DESKTOP_DB"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def resources_dir() -> Path:
    return _data_root("resources")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def locales_dir() -> Path:
    return _data_root("locales")


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def default_backup_dir() -> Path:
    return user_data_dir() / "backups"


def default_db_path() -> Path:
    """``$COOP_DESKTOP_DB`` if set, else ``coop.sqlite`` in the user data folder."""
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "coop.sqlite"
