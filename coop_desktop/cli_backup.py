"""``coop-desktop backup``, ``backups`` and ``restore``: verified backups from the command line.

* ``backup [--to DIR]`` — a verified backup of the database now (reason ``manual``), with
  its attachment files, into DIR or the backup folder of the settings (default
  ``paths.default_backup_dir()``); then the usual rotation. Prints where, the size and the
  record counts. It only reads the database, so it works while the app has it open.
* ``backups [--dir DIR] [--json]`` — the database's backups, newest first: date, reason,
  size, verified or not, record counts, file.
* ``restore FILE [--yes]`` — replace the database with a backup file
  (``services.backups.restore_backup``: the current database is backed up first, the
  result checked or the restore undone). Refused while the app has the database open.
  On a terminal it asks first unless ``--yes``; elsewhere (a script) ``--yes`` is required.
  Declining leaves everything as it was and exits with status 1.

Errors print one line and exit 2 (through ``cli.main``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coop_desktop import paths
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.settings import AppSettings

COMMANDS = ("backup", "backups", "restore")

MSG_CONFIRM_NEEDED = N_("Restoring replaces the database. Run the command on a terminal to "
                        "confirm, or add --yes.")


def add_parser(sub: Any, tr: Translator) -> None:
    """Add ``backup``, ``backups`` and ``restore`` to the sub-command parsers ``sub``."""
    _ = tr.gettext
    default = paths.default_backup_dir()
    backup = sub.add_parser("backup", help=_("make a verified backup of the database now"))
    backup.add_argument("--to", type=Path, metavar="DIR",
                        help=_("backup folder (default: the one in the settings, else {path})")
                        .format(path=default))
    listing = sub.add_parser("backups", help=_("list the backups of the database, newest first"))
    listing.add_argument("--dir", type=Path, metavar="DIR",
                         help=_("backup folder (default: the one in the settings, else {path})")
                         .format(path=default))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    restore = sub.add_parser("restore", help=_("replace the database with a backup (the current "
                                               "database is backed up first)"))
    restore.add_argument("file", type=Path, metavar="FILE", help=_("the backup file to restore"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def _when(dt: Any) -> str:
    return dt.strftime("%Y-%m-%d %H:%M")


def run(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop import cli

    db_path = cli.database_path(args, settings)
    if args.command == "backup":
        return _backup(db_path, args, settings, tr)
    if args.command == "backups":
        return _list(db_path, args, settings, tr)
    return _restore(db_path, args, settings, tr)


def _folder(explicit: Path | None, settings: AppSettings) -> Path:
    from coop_desktop.services import backups

    return explicit.expanduser() if explicit else backups.backup_folder(settings)


def _backup(db_path: Path, args: argparse.Namespace, settings: AppSettings,
            tr: Translator) -> int:
    from coop_desktop.db.migrate import check_file
    from coop_desktop.services import backups

    _ = tr.gettext
    check_file(db_path)  # refuses (untouched) what is not a sound Coop Desktop database
    info = backups.take_backup(db_path, reason="manual", backup_dir=_folder(args.to, settings))
    print(_("Backup written: {path}").format(path=info.path))
    print(_("Size: {size}; checked: sound.").format(size=_mb(info.size)))
    print(backups.describe_counts(info.counts, tr))
    if info.attachments:
        print(_("Attachment files in the backup: {count} ({copied} copied now).").format(
            count=len(info.attachments) - len(info.attachments_missing),
            copied=info.attachments_copied))
    if info.attachments_missing:
        print(_("Warning: {message}").format(message=tr.ngettext(
            "{count} attachment file was missing or damaged in the attachment folder and is "
            "not in this backup.",
            "{count} attachment files were missing or damaged in the attachment folder and "
            "are not in this backup.", len(info.attachments_missing)).format(
            count=len(info.attachments_missing))), file=sys.stderr)
    return 0


def _state(info: Any, tr: Translator) -> str:
    _ = tr.gettext
    if info.problem:
        return _("cannot be read ({reason})").format(reason=info.problem)
    if info.verified:
        return _("verified")
    if info.legacy:
        return _("made by an older version, not verified")
    return _("not verified")


def _list(db_path: Path, args: argparse.Namespace, settings: AppSettings,
          tr: Translator) -> int:
    from coop_desktop.services import backups

    _ = tr.gettext
    folder = _folder(args.dir, settings)
    infos = backups.list_backups(db_path, backup_dir=folder)
    if args.json:
        print(json.dumps([{**info.to_json(), "path": str(info.path), "legacy": info.legacy,
                           "problem": info.problem} for info in infos],
                         ensure_ascii=False, indent=2))
        return 0
    if not infos:
        print(_("No backups of {path} in {folder}.").format(path=db_path, folder=folder))
        return 0
    print(_("Backups of {path}, newest first:").format(path=db_path))
    for info in infos:
        reason = backups.REASON_LABELS.get(info.reason)
        print(f"{_when(info.created)}  {_(reason) if reason else info.reason}  "
              f"{_mb(info.size)}  {_state(info, tr)}")
        if info.counts:
            print(f"    {backups.describe_counts(info.counts, tr)}")
        print(f"    {info.path}")
    return 0


def _confirmed(db_path: Path, info: Any, tr: Translator) -> bool:
    from coop_desktop.services import backups

    _ = tr.gettext
    question = _("Replace {path} with the backup of {date} ({counts})? The current database is "
                 "backed up first. [y/N] ").format(
        path=db_path, date=_when(info.created), counts=backups.describe_counts(info.counts, tr))
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "是", "好")


def _restore(db_path: Path, args: argparse.Namespace, settings: AppSettings,
             tr: Translator) -> int:
    from coop_desktop import cli
    from coop_desktop.db import backup as raw
    from coop_desktop.db.lock import InstanceLock
    from coop_desktop.services import backups
    from coop_desktop.services.backup_restore import MSG_NO_BACKUP

    _ = tr.gettext
    cli.refuse_if_app_has_it(db_path)
    if not args.file.is_file():
        raise backups.BackupError(MSG_NO_BACKUP, path=str(args.file))
    info = raw.read_info(args.file)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CoopError(MSG_CONFIRM_NEEDED)
        if not _confirmed(db_path, info, tr):
            print(_("Nothing was changed."))
            return 1
    lock = InstanceLock(db_path)  # keep the app from opening it meanwhile
    if not lock.acquire(kind="restore"):
        cli.refuse_if_app_has_it(db_path)
    try:
        report = backups.restore_backup(args.file, db_path, backup_dir=_folder(None, settings))
    finally:
        lock.release()
    print(_("Restored {path} from the backup of {date}.").format(
        path=db_path, date=_when(report.backup.created)))
    if report.saved_aside is not None:
        print(_("The previous database was saved as {path}.").format(path=report.saved_aside))
    if report.backup.counts:
        print(backups.describe_counts(report.backup.counts, tr))
    if report.attachments_copied:
        print(tr.ngettext("{count} attachment file was copied back from the backup folder.",
                          "{count} attachment files were copied back from the backup folder.",
                          report.attachments_copied).format(count=report.attachments_copied))
    if report.attachments_missing:
        print(_("Warning: {message}").format(message=tr.ngettext(
            "{count} attachment file is missing: it was neither in the attachment folder nor "
            "in the backup folder.",
            "{count} attachment files are missing: they were neither in the attachment folder "
            "nor in the backup folder.", len(report.attachments_missing)).format(
            count=len(report.attachments_missing))), file=sys.stderr)
    return 0
