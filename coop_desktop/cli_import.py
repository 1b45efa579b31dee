"""``coop-desktop import``: enterprises from Excel and CSV files, and undoing an import.

* ``import enterprises FILE [--dry-run] [--sheet NAME] [--mapping FILE] [--encoding ENC]
  [--header-row N] [--keep-existing] [--empty-clears] [--json]`` — ``.xlsx``, ``.xls`` or
  ``.csv`` (see ``coop_desktop.exchange``). Columns are mapped from their headers, or by a
  mapping saved as JSON (``--mapping``; the import dialog saves one). ``--dry-run`` reads
  and checks everything and changes nothing. Otherwise a verified backup is taken first,
  then all accepted rows are written as one batch; the batch number it prints is what
  ``import undo`` takes. ``--keep-existing``: where the file and the database disagree,
  keep the database's value (default: the file's). ``--empty-clears``: an empty cell in a
  mapped column clears the field (default: it leaves it as it is).
* ``import undo BATCH [--skip-changed]`` — take a whole import back: changed fields get
  their previous values, created records go to the recycle bin. Refused if records of the
  batch were changed since, unless ``--skip-changed`` (those are then left alone).
* ``import list [--json]`` — the imports recorded in the database, newest first.

Output: a summary, each rejected row (row number, column, reason) and each conflict, in
the CLI's language; ``--json`` prints it all as JSON instead. Exit status: 0 when every
row was (or, with ``--dry-run``, would be) imported, 1 when some rows were rejected (the
others are imported), 2 on an error (one ``Error: …`` line; nothing imported). Commands
that write are refused while the app has the database open; ``--dry-run`` and ``list``
only read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coop_desktop.i18n.catalog import Translator
from coop_desktop.settings import AppSettings

#: How many rejected rows and conflicts the text output lists (``--json`` has them all).
SHOWN = 200


def add_parser(sub: Any, tr: Translator) -> None:
    """Add ``import`` to the sub-command parsers ``sub``."""
    _ = tr.gettext
    group = sub.add_parser("import", help=_("import enterprises from Excel or CSV; undo an "
                                            "import"))
    cmds = group.add_subparsers(dest="import_command", required=True)
    ent = cmds.add_parser("enterprises", help=_("import enterprises (with contacts and zone "
                                                "links) from .xlsx, .xls or .csv"))
    ent.add_argument("file", type=Path, metavar="FILE", help=_("the file to import"))
    ent.add_argument("--dry-run", action="store_true",
                     help=_("check everything and report, change nothing"))
    ent.add_argument("--sheet", metavar="NAME",
                     help=_("the sheet to read (default: the first with data)"))
    ent.add_argument("--mapping", type=Path, metavar="FILE",
                     help=_("column mapping saved as JSON (default: from the headers)"))
    ent.add_argument("--encoding", metavar="ENC",
                     help=_("encoding of a CSV file, e.g. utf-8 or gb18030 (default: detected)"))
    ent.add_argument("--header-row", type=int, metavar="N",
                     help=_("the row that holds the headers (default: detected)"))
    ent.add_argument("--keep-existing", action="store_true",
                     help=_("where the file and the database differ, keep the database's "
                            "value"))
    ent.add_argument("--empty-clears", action="store_true",
                     help=_("an empty cell in a mapped column clears the field (default: "
                            "leaves it)"))
    ent.add_argument("--json", action="store_true", help=_("print JSON"))
    undo = cmds.add_parser("undo", help=_("take a whole import back"))
    undo.add_argument("batch", metavar="BATCH", help=_("the batch number the import printed"))
    undo.add_argument("--skip-changed", action="store_true",
                      help=_("leave enterprises changed since the import as they are and undo "
                             "the rest"))
    listing = cmds.add_parser("list", help=_("list the imports, newest first"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop import cli

    write = args.import_command == "undo" or (
        args.import_command == "enterprises" and not args.dry_run)
    db = cli._open(args, settings, write=write)
    try:
        if args.import_command == "enterprises":
            return _enterprises(db, args, settings, tr)
        if args.import_command == "undo":
            return _undo(db, args, tr)
        return _list(db, args, tr)
    finally:
        db.close()


def _enterprises(db: Any, args: argparse.Namespace, settings: AppSettings, tr: Translator
                 ) -> int:
    from coop_desktop.exchange import importer
    from coop_desktop.exchange.reading import ReadOptions

    options = importer.ImportOptions(
        read=ReadOptions(sheet=args.sheet, encoding=args.encoding, header_row=args.header_row),
        empty_clears=args.empty_clears, conflicts="keep" if args.keep_existing else "overwrite")
    if args.dry_run:
        report = importer.plan(db, args.file, args.mapping, options)
    else:
        report = importer.apply(db, args.file, args.mapping, options,
                                backup_dir=settings.backup_dir or None)
    if args.json:
        print(json.dumps(report.to_json(tr), ensure_ascii=False, indent=2))
        return 0 if report.complete else 1
    _ = tr.gettext
    for warning in report.warnings:
        print(_("Warning: {message}").format(message=warning.render(tr)), file=sys.stderr)
    for line in report.summary(tr):
        print(line)
    _listed(report.problems, report.rejected, _("Rejected rows:"), tr)
    _listed(report.conflicts, len(report.conflicts), _("Values that differ:"), tr)
    if report.backup:
        print(_("A verified backup was taken before the import: {file}").format(file=report.backup))
    if report.batch_id:
        print(_("Batch {batch}. To take the whole import back: coop-desktop import undo "
                "{batch}").format(batch=report.batch_id))
    elif not args.dry_run:
        print(_("Nothing was changed."))
    return 0 if report.complete else 1


def _listed(items: list[Any], count: int, title: str, tr: Translator) -> None:
    if not items:
        return
    print(title)
    for item in items[:SHOWN]:
        print("  " + " ".join(item.render(tr).split()))
    if len(items) > SHOWN or count > len(items):
        print("  " + tr.gettext("… and {count} more (--json lists them all).").format(
            count=f"{max(count, len(items)) - SHOWN:,}"))


def _undo(db: Any, args: argparse.Namespace, tr: Translator) -> int:
    from coop_desktop.exchange import undo

    report = undo.undo(db, args.batch.strip(), skip_changed=args.skip_changed)
    _ = tr.gettext
    print(_("Import {batch} undone: {fields} fields restored in {records} records; {enterprises} "
            "enterprises, {contacts} contacts and {links} zone links moved to the recycle bin.")
          .format(batch=report.batch_id, fields=f"{report.fields_restored:,}",
                  records=f"{report.records_restored:,}",
                  enterprises=f"{report.enterprises_removed:,}",
                  contacts=f"{report.contacts_removed:,}", links=f"{report.links_removed:,}"))
    if report.skipped:
        print(_("Left as they are (changed since the import): {names}").format(
            names="、".join(s.name for s in report.skipped[:20])
            + ("…" if len(report.skipped) > 20 else "")))
    return 0


def _list(db: Any, args: argparse.Namespace, tr: Translator) -> int:
    from coop_desktop.exchange import undo

    found = undo.batches(db)
    if args.json:
        print(json.dumps([{"batch": b.batch_id, "at": b.at.isoformat(), "actor": b.actor,
                           "file": b.file, "sheet": b.sheet, "rows": b.rows,
                           "created": b.created, "updated": b.updated, "rejected": b.rejected,
                           "undone": b.undone} for b in found], ensure_ascii=False, indent=2))
        return 0
    _ = tr.gettext
    if not found:
        print(_("No imports."))
    for b in found:
        state = _("undone") if b.undone else ""
        print(f"{b.batch_id}  {b.at.astimezone().strftime('%Y-%m-%d %H:%M')}  {b.file}  "
              + _("{created} created, {updated} updated, {rejected} rejected").format(
                  created=b.created, updated=b.updated, rejected=b.rejected)
              + (f"  [{state}]" if state else ""))
    return 0
