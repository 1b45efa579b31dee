"""``coop-desktop application new|check|list``: the application commands of the CLI.

``check`` exits 1 while an ERROR finding is open (not ignored), 0 otherwise, so a script
can gate on it; errors (unknown enterprise, zone, template…) exit 2 through ``cli.main``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from coop_desktop.db import Database
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.services import applications, enterprises
from coop_desktop.services.catalog import zones
from coop_desktop.settings import AppSettings

EXIT_OPEN_ERRORS = 1

MSG_NO_ENTERPRISE = N_("There is no enterprise with the USCC {uscc}.")
MSG_NO_ZONE = N_("There is no cooperation zone with the key or id “{key}”.")
_SIDES = {"zh": N_("Chinese"), "en": N_("English")}


def run(db: Database, args: argparse.Namespace, tr: Translator, settings: AppSettings) -> int:
    commands = {"new": _new, "check": _check, "list": _list}
    return commands[args.app_command](db, args, tr, settings)


def _zone_id(db: Database, key: str) -> int:
    found = zones.list(db, source_key=key)
    if found:
        return found[0].id
    if key.strip().isdigit():
        return zones.get(db, int(key)).id
    raise CoopError(MSG_NO_ZONE, key=key)


def _new(db: Database, args: argparse.Namespace, tr: Translator, settings: AppSettings) -> int:
    enterprise = enterprises.get_by_uscc(db, args.enterprise)
    if enterprise is None:
        raise CoopError(MSG_NO_ENTERPRISE, uscc=args.enterprise)
    zone_id = _zone_id(db, args.zone) if args.zone else None
    app = applications.create(db, enterprise_id=enterprise.id, template_key=args.template,
                              zone_id=zone_id, country=args.country, settings=settings).value
    print(app.id)
    return 0


def _side(issue: Any, tr: Translator) -> str:
    side = getattr(issue, "side", None)
    side = str(getattr(side, "value", side) or "")
    return tr.gettext(_SIDES[side]) if side in _SIDES else ""


def _check(db: Database, args: argparse.Namespace, tr: Translator, settings: AppSettings) -> int:
    _ = tr.gettext
    results = applications.check(db, args.id)
    errors = warnings = ignored = 0
    for section in results:
        if not section.issues:
            continue
        print(section.title(tr.language))
        for item in section.issues:
            severity = applications.severity_label(item.issue.severity, tr)
            side = _side(item.issue, tr)
            head = _("{severity} ({side})").format(severity=severity, side=side) if side else severity
            if item.ignored:
                ignored += 1
                assert item.ignore is not None
                line = _("{head}, ignored: {message} (reason: {reason})").format(
                    head=head, message=item.message(tr), reason=item.ignore.reason)
            else:
                errors += item.is_error
                warnings += not item.is_error
                line = _("{head}: {message}").format(head=head, message=item.message(tr))
            print(f"  {line}  [{item.key}]")
    if errors or warnings or ignored:
        print(_("Open errors: {errors}. Other findings: {warnings}. Ignored: {ignored}.").format(
            errors=errors, warnings=warnings, ignored=ignored))
    else:
        print(_("No findings."))
    return EXIT_OPEN_ERRORS if errors else 0


def _days(days: int | None, tr: Translator) -> str:
    if days is None:
        return ""
    if days == 0:
        return tr.gettext("due today")
    if days > 0:
        return tr.ngettext("{days} day left", "{days} days left", days).format(days=days)
    return tr.ngettext("{days} day overdue", "{days} days overdue", -days).format(days=-days)


def _list(db: Database, args: argparse.Namespace, tr: Translator, settings: AppSettings) -> int:
    rows = applications.list_applications(db)
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2))
        return 0
    zh = tr.language.startswith("zh")
    for r in rows:
        name = r.enterprise_name_zh if zh or not r.enterprise_name_en else r.enterprise_name_en
        title = r.title_zh if zh else r.title_en
        due = r.deadline.isoformat() if r.deadline else "-"
        if r.deadline and r.days_left is not None:  # counted down only while still open
            due = f"{due} ({_days(r.days_left, tr)})"
        # Translators: {zh} and {en} are percentages such as "80%".
        print(tr.gettext("{id}  {status}  due {due}  complete: zh {zh}, en {en}  {name}: {title}")
              .format(id=r.id, status=applications.status_label(r.status, tr), due=due,
                      zh=f"{round(r.completeness_zh * 100)}%",
                      en=f"{round(r.completeness_en * 100)}%", name=name, title=title))
    if not rows:
        print(tr.gettext("No applications."))
    return 0
