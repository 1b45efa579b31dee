"""``coop-desktop export LIST FILE``: a list to ``.xlsx`` or ``.csv``.

``LIST`` is ``enterprises``, ``zones``, ``events``, ``applications`` or ``glossary``.
Options: ``--format xlsx|csv`` (default: from the file name), ``--headers zh|en|both``
(default both), ``--columns KEY,KEY…`` (default: every column; ``--list-columns`` prints
them), and for enterprises the list page's filters as ``--filter KEY=VALUE`` (repeatable:
``text``, ``province``, ``city``, ``industry``, ``size``, ``tier``, ``expiring``, ``country``,
``zone``, ``status``, ``cluster``, ``pilot``, ``tag``; see
:mod:`coop_desktop.exchange.export_filter`) and
``--sort KEY [--descending]``.

The command only reads, so it works while the app has the database open. Labels of coded
values (industry, size class…) are in the CLI language (``--lang``). Prints one line: the
file and how many rows it has. Errors: one line, exit 2 (``cli.main``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coop_desktop.db import Database
from coop_desktop.exchange import export as ex
from coop_desktop.exchange.export_lists import COLUMNS, DERIVED, KINDS
from coop_desktop.exchange.export_table import HEADERS
from coop_desktop.i18n.catalog import Translator
from coop_desktop.settings import AppSettings


def add_parser(sub: Any, tr: Translator) -> None:
    """Add ``export`` to the sub-command parsers ``sub``."""
    _ = tr.gettext
    exp = sub.add_parser(
        "export", help=_("export a list to Excel (.xlsx) or CSV"),
        description=_("Export a list to Excel (.xlsx) or CSV (UTF-8 with BOM). Only reads the "
                      "database: works while the app is open."))
    exp.add_argument("list", choices=KINDS, metavar="LIST",
                     help=_("enterprises, zones, events, applications or glossary"))
    exp.add_argument("file", type=Path, nargs="?", metavar="FILE",
                     help=_("the file to write (.xlsx or .csv; replaced if it exists)"))
    exp.add_argument("--format", choices=ex.FORMATS, dest="fmt",
                     help=_("xlsx or csv (default: from the file name)"))
    exp.add_argument("--headers", choices=HEADERS, default="both",
                     help=_("header language: zh, en or both (default: both)"))
    exp.add_argument("--columns", metavar="KEY,KEY…",
                     help=_("the columns, in order (default: all; see --list-columns)"))
    exp.add_argument("--list-columns", action="store_true",
                     help=_("print the columns of the list and exit"))
    exp.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                     help=_("enterprises only, repeatable: text, province, city, industry, "
                            "size, tier, expiring, country, zone, status, cluster, pilot, tag "
                            "(for example --filter province=广东省 --filter tier=little_giant "
                            "--filter pilot=any)"))
    exp.add_argument("--sort", metavar="KEY",
                     help=_("enterprises only: name_zh, name_en, uscc, updated_at, size_class, "
                            "employees or revenue (default: name_zh)"))
    exp.add_argument("--descending", action="store_true", help=_("sort in descending order"))


def run(db: Database, args: argparse.Namespace, tr: Translator, settings: AppSettings) -> int:
    from coop_desktop.errors import CoopError
    from coop_desktop.exchange import export_filter
    from coop_desktop.i18n.catalog import N_

    _ = tr.gettext
    if args.list_columns:
        for column in COLUMNS[args.list]:
            mark = "  " + _("(worked out by the app; not imported)") if (
                args.list == "enterprises" and column.key in DERIVED) else ""
            print(f"{column.key}\t{column.zh} / {column.en}{mark}")
        return 0
    if args.file is None:
        raise CoopError(N_("Name the file to export to."))
    if args.list != "enterprises" and (args.filter or args.sort or args.descending):
        raise CoopError(N_("--filter and --sort apply to the enterprise list only."))
    query = None
    if args.list == "enterprises":
        from coop_desktop.services import programmes
        from coop_desktop.services.catalog import zones

        query = export_filter.parse_filters(
            args.filter, zones=lambda: zones.list(db),
            clusters=lambda: programmes.list_clusters(db),
            pilot_cities=lambda: programmes.list_pilot_cities(db),
            sort=args.sort, descending=args.descending)
    columns = None
    if args.columns is not None:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    result = ex.run(ex.export(db, args.list, args.file, fmt=args.fmt, query=query,
                              columns=columns, headers=args.headers, language=tr.language))
    print(tr.ngettext("Wrote {path}: {count} row.", "Wrote {path}: {count} rows.",
                      result.rows).format(path=result.path, count=f"{result.rows:,}"))
    sys.stdout.flush()
    return 0
