"""``coop-desktop package export|import``: dossier packages from the command line.

* ``package export APP_ID FILE [--no-pdf]`` — write the dossier package of one application
  (``exchange.package.export_package``). Only reads the database, so it works while the
  app has it open.
* ``package import FILE [--dry-run] [--take theirs|mine] [--as-copy]`` — check the package
  completely, show what it holds and what importing it would do, then import it (a verified
  backup first, one transaction). Refused while the app has the database open.

  When the enterprise is already here and fields differ, nothing is imported unless
  ``--take`` says whose values to keep for *all* of them (``mine``: this computer's,
  ``theirs``: the package's): the differences are listed and the exit status is 1, so a
  script never overwrites a record silently. The same for an application that is already
  here (imported before, or made here): ``--as-copy`` imports it again beside it.
  ``--dry-run`` shows the same and changes nothing (exit 1 where the import would refuse).

Exit status: 0 done (or would be done), 1 refused until a choice is made, 2 error (a
damaged or changed package names the bad file; one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coop_desktop import controls
from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.settings import AppSettings

EXIT_CHOOSE = 1


def add_parser(sub: Any, tr: Translator) -> None:
    """Add ``package`` with ``export`` and ``import`` to the sub-command parsers ``sub``."""
    _ = tr.gettext
    package = sub.add_parser("package", help=_("export or import a dossier package "
                                               "(.coopdossier) for another computer"))
    actions = package.add_subparsers(dest="package_command", required=True)
    export = actions.add_parser("export", help=_("write the dossier package of an application"))
    export.add_argument("id", type=int, metavar="APP_ID", help=_("application id"))
    export.add_argument("file", type=Path, metavar="FILE", help=_("the package file to write"))
    export.add_argument("--no-pdf", action="store_true",
                        help=_("do not put the PDF into the package"))
    imp = actions.add_parser("import", help=_("check a dossier package and import it"))
    imp.add_argument("file", type=Path, metavar="FILE", help=_("the package file"))
    imp.add_argument("--dry-run", action="store_true",
                     help=_("check and show what would change; change nothing"))
    imp.add_argument("--take", choices=("theirs", "mine"),
                     help=_("for every field that differs, keep the package's values (theirs) "
                            "or this computer's (mine)"))
    imp.add_argument("--as-copy", action="store_true",
                     help=_("import an application that is already here again, as a copy"))


def run(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    if args.package_command == "export":
        return _export(args, settings, tr)
    return _import(args, settings, tr)


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def _export(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop.cli import _open
    from coop_desktop.exchange import package

    _ = tr.gettext
    db = _open(args, settings)
    try:
        result = package.export_package(db, args.id, args.file, settings=settings,
                                        include_pdf=not args.no_pdf)
    finally:
        db.close()
    print(_("Dossier package written: {path}").format(path=result.path))
    print(tr.ngettext("{size}, {count} attachment", "{size}, {count} attachments",
                      result.attachments).format(size=_mb(result.size), count=result.attachments))
    if result.pdf_pages is not None:
        print(tr.ngettext("PDF: {count} page", "PDF: {count} pages", result.pdf_pages)
              .format(count=result.pdf_pages))
    elif result.pdf_problem is not None:
        print(_("Warning: {message}").format(message=_("The package holds no PDF: {reason}").format(
            reason=result.pdf_problem.render(tr))), file=sys.stderr)
    return 0


def describe(plan: Any, tr: Translator) -> list[str]:
    """The plan as lines of text: the package, the application, the enterprise and its
    differences, the zone, the attachments, earlier copies and warnings."""
    from coop_desktop.exchange import package_text as text

    _ = tr.gettext
    v = controls.visible
    pkg, app = plan.package, plan.application
    lines = [
        _("Package: {name}, made by {who} on {when} (Coop Desktop {version})").format(
            name=pkg.path.name, who=text.made_by_text(pkg, tr),
            when=text.when_text(pkg.created_at, tr), version=pkg.manifest.app_version),
        tr.ngettext("Checked: {count} file, every SHA-256 checksum matches the manifest.",
                    "Checked: {count} files, every SHA-256 checksum matches the manifest.",
                    pkg.files).format(count=pkg.files),
        _("Application: {title_zh} / {title_en} ({status}, revision {revision})").format(
            title_zh=v(app["title_zh"]), title_en=v(app["title_en"]),
            status=text.status_text(plan, tr), revision=app["revision"]),
    ]
    ep = plan.enterprise
    if ep.action == "create":
        lines.append(_("Enterprise: {name} (USCC {uscc}) is new here and will be created.")
                     .format(name=v(ep.name_zh), uscc=ep.uscc))
    elif not ep.differences:
        lines.append(_("Enterprise: {name} (USCC {uscc}) is already here, the same as in the "
                       "package.").format(name=v(ep.name_zh), uscc=ep.uscc))
    else:
        lines.append(tr.ngettext(
            "Enterprise: {name} (USCC {uscc}) is already here; {count} field differs:",
            "Enterprise: {name} (USCC {uscc}) is already here; {count} fields differ:",
            len(ep.differences)).format(name=v(ep.name_zh), uscc=ep.uscc,
                                        count=len(ep.differences)))
        for d in ep.differences:
            lines.append("  " + _("{field}: here “{mine}”, in the package “{theirs}”").format(
                field=text.field_label(d.field, tr), mine=text.value_text(d.field, d.mine, tr),
                theirs=text.value_text(d.field, d.theirs, tr)))
            if d.local_newer:
                lines.append("    " + _("changed here later ({mine}) than in the package "
                                        "({theirs})").format(
                    mine=text.when_text(d.mine_changed, tr),
                    theirs=text.when_text(d.theirs_changed, tr)))
    zone = plan.zone
    zone_lines = {
        "match": N_("Zone: {name} (found here)"), "create": N_("Zone: {name} (will be added)"),
        "deleted": N_("Zone: {name} (in the recycle bin here)")}
    if zone.action in zone_lines:
        lines.append(_(zone_lines[zone.action]).format(name=v(zone.name_zh or "")))
    added = [a for a in plan.attachments if not a.skip]
    lines.append(tr.ngettext("Attachments: {count} file", "Attachments: {count} files",
                             len(added)).format(count=len(added)))
    for a in plan.attachments:
        line = _("{name} ({size}), already attached here") if a.skip else _("{name} ({size})")
        lines.append("  " + line.format(name=v(a.name), size=_mb(a.size)))
    for e in plan.earlier:
        if e.imported_at is None:
            line = _("Already here: application {id} is the one this package was made from.")
        elif e.same_package:
            line = _("Already here: application {id}, imported {when} from this same package.")
        else:
            line = _("Already here: application {id}, imported {when} from another package of "
                     "the same application.")
        lines.append(line.format(id=e.app_id, when=text.when_text(e.imported_at, tr)))
    for warning in plan.warnings:
        lines.append(_("Warning: {message}").format(message=warning.render(tr)))
    return lines


def _refusal(plan: Any, take: str | None, as_copy: bool) -> Message | None:
    if plan.earlier and not as_copy:
        return Message(N_("Nothing was imported: this application is already here. Add "
                          "--as-copy to import it again beside it."))
    if plan.differences and take is None:
        return Message(N_("Nothing was imported: fields of the enterprise differ. Choose "
                          "whose values to keep with --take mine (this computer's) or --take "
                          "theirs (the package's)."))
    return None


def _import(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop.cli import _open
    from coop_desktop.exchange import package
    from coop_desktop.services import backups

    _ = tr.gettext
    checked = package.inspect_package(args.file)
    db = _open(args, settings, write=not args.dry_run)
    try:
        plan = package.plan_import(db, checked)
        for line in describe(plan, tr):
            print(line)
        refusal = _refusal(plan, args.take, args.as_copy)
        if refusal is not None:
            print(refusal.render(tr), file=sys.stderr)
            return EXIT_CHOOSE
        if args.dry_run:
            print(_("Dry run: nothing was changed."))
            return 0
        choices = plan.choices_for_all(args.take) if args.take else {}
        result = package.apply_import(db, plan, choices, as_copy=args.as_copy,
                                      backup_dir=backups.backup_folder(settings))
    finally:
        db.close()
    print(_("Imported as application {id}.").format(id=result.application_id))
    if result.enterprise_created:
        print(_("Enterprise created."))
    elif result.fields_taken:
        from coop_desktop.exchange import package_text as text

        print(_("Enterprise: taken from the package: {fields}").format(
            fields=", ".join(text.field_label(f, tr) for f in result.fields_taken)))
    print(tr.ngettext("{count} attachment added.", "{count} attachments added.",
                      result.attachments_added).format(count=result.attachments_added))
    if result.backup is not None:
        print(_("Backup made before the import: {path}").format(path=result.backup))
    return 0
