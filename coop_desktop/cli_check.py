"""``coop-desktop check [--repair] [--json]``: check the database and its attachment store,
and repair what can be repaired (``services.maintenance``).

* ``check`` only reads, so it works while the app has the database open. A database that
  ``open_database`` refuses as damaged is still checked: it is opened read-only
  (``db.open_read_only``) and the damage is reported, with the advice to restore a backup.
* ``check --repair`` writes, so it is refused while the app has the file open (and holds
  the instance lock meanwhile, so that the app cannot open it half-way). It takes a
  verified backup first, repairs in one transaction, then checks again and reports what it
  changed and what is left. A damaged file is never repaired in place (nothing written).
* ``--json`` prints the report (or the repair report) as JSON, messages rendered in the
  command's language, with their message ids and parameters.

Exit status: 0 when no problem is left (notices do not count), 1 when problems were found
(and, with ``--repair``, not all of them repaired), 2 on errors (one line on stderr,
through ``cli.main``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from coop_desktop.errors import CoopError, DatabaseDamagedError
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.settings import AppSettings

MSG_NO_DATABASE = N_("There is no database at {path}. Nothing was checked.")

#: Details printed under a finding (``--json`` has them all).
SHOWN_DETAILS = 5


def add_parser(sub: Any, tr: Translator) -> None:
    """Add ``check`` to the sub-command parsers ``sub``."""
    _ = tr.gettext
    check = sub.add_parser("check", help=_("check the database and its attachment files; exit 1 "
                                           "if a problem is found"))
    check.add_argument("--repair", action="store_true",
                       help=_("repair what can be repaired, after a verified backup (refused "
                              "while the app has the database open)"))
    check.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop import cli
    from coop_desktop.db import open_read_only

    path = cli.database_path(args, settings)
    if not path.is_file():
        raise CoopError(MSG_NO_DATABASE, path=str(path))
    if args.repair:
        cli.refuse_if_app_has_it(path)
    try:
        db = cli._open(args, settings, write=args.repair)
    except DatabaseDamagedError as exc:
        db = open_read_only(path, actor=settings.actor())
        db.mark_damaged(str(exc.message.params.get("reason") or exc))
    try:
        if args.repair and not db.read_only:
            return _repair(db, path, args, settings, tr)
        return _check(db, args, tr)
    finally:
        db.close()


def _check(db: Any, args: argparse.Namespace, tr: Translator) -> int:
    from coop_desktop.services import maintenance

    _ = tr.gettext
    report = maintenance.check(db)
    refused = args.repair  # a damaged file, opened read-only: never repaired in place
    if args.json:
        data = report.to_dict(tr)
        if refused:
            data["refused"] = tr.gettext(maintenance.R_DAMAGED)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0 if report.clean else 1
    print(_("Checked {path} in {seconds:.1f} s.").format(path=report.path,
                                                           seconds=report.seconds))
    _print_findings(report.findings, tr)
    if refused:
        print(tr.gettext(maintenance.R_DAMAGED))
    _print_summary(report, tr, repaired=False)
    return 0 if report.clean else 1


def _repair(db: Any, path: Path, args: argparse.Namespace, settings: AppSettings,
            tr: Translator) -> int:
    from coop_desktop import cli
    from coop_desktop.db.lock import InstanceLock
    from coop_desktop.services import backups, maintenance

    _ = tr.gettext
    lock = InstanceLock(path)  # keep the app from opening it meanwhile
    if not lock.acquire(kind="repair"):
        cli.refuse_if_app_has_it(path)
    try:
        result = maintenance.repair(db, backup_dir=backups.backup_folder(settings))
    finally:
        lock.release()
    if args.json:
        print(json.dumps(result.to_dict(tr), ensure_ascii=False, indent=2))
        return 0 if result.complete else 1
    before, after = result.before, result.after
    print(_("Checked {path} in {seconds:.1f} s.").format(path=before.path,
                                                           seconds=before.seconds))
    if result.refused is not None or not result.changes and not result.failed:
        _print_findings(before.findings, tr)
        if result.refused is not None:
            print(result.refused.render(tr))
        _print_summary(before, tr, repaired=False)
        return 0 if before.clean else 1
    if result.backup is not None:
        print(_("Backup taken before repairing: {path}").format(path=result.backup))
    for change in result.changes:
        print(_("Repaired: {message}").format(message=change.render(tr)))
    for failed in result.failed:
        reason = failed.details[-1] if failed.details else ""
        print(_("Not repaired: {message}").format(message=failed.render(tr)))
        print("    " + tr.gettext(maintenance.R_FAILED).format(reason=reason))
    if after.findings:
        print(_("Checked again:"))
        _print_findings(after.findings, tr)
    _print_summary(after, tr, repaired=True)
    return 0 if after.clean else 1


def _print_findings(findings: list[Any], tr: Translator) -> None:
    from coop_desktop.services.maintenance import Severity

    _ = tr.gettext
    labels = {Severity.DAMAGE: _("Damage: {message}"), Severity.PROBLEM: _("Problem: {message}"),
              Severity.NOTICE: _("Note: {message}")}
    for finding in findings:
        print(labels[finding.severity].format(message=finding.render(tr)))
        for detail in finding.details[:SHOWN_DETAILS]:
            print("    " + detail)
        if len(finding.details) > SHOWN_DETAILS:
            print("    …")


def _print_summary(report: Any, tr: Translator, *, repaired: bool) -> None:
    _ = tr.gettext
    problems = report.problems
    if not problems:
        print(_("All problems were repaired.") if repaired else _("No problems found."))
        return
    fixable = len(report.repairable)
    if repaired:
        print(_("Problems left: {count}. See the advice above.").format(count=len(problems)))
    elif fixable:
        print(_("Problems found: {count}; {fixable} of them can be repaired with "
                "“coop-desktop check --repair”.").format(count=len(problems), fixable=fixable))
    else:
        print(_("Problems found: {count}. None of them can be repaired automatically; see the "
                "advice above.").format(count=len(problems)))
