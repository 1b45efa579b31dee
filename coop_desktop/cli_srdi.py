"""``coop-desktop srdi report``: who qualifies for which SRDI tier, over a filtered list.

``srdi report [--filter KEY=VALUE …] [--version 2022|2026] [--xlsx FILE] [--pdf FILE]``
assesses every enterprise of the list (the enterprise list's filters, as ``export
enterprises`` takes them: see :mod:`coop_desktop.exchange.export_filter`) with the chosen
criteria (default: the 2022 measures, 工信部企业〔2022〕63号) and prints the counts per tier
and outcome in the CLI language (``--lang``). ``--xlsx`` writes the report to Excel (in the
CLI language), ``--pdf`` to a bilingual PDF. The command only reads, so it works while the
app has the database open. Errors: one line, exit 2 (``cli.main``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coop_desktop.i18n.catalog import Translator
from coop_desktop.settings import AppSettings


def add_parser(sub: Any, tr: Translator) -> None:
    """Add ``srdi`` (with ``report``) to the sub-command parsers ``sub``."""
    from coop_desktop.rules import srdi

    _ = tr.gettext
    group = sub.add_parser("srdi", help=_("SRDI tiers: who qualifies"),
                           description=_("SRDI tiers (innovative SME, SRDI SME, Little Giant)."))
    commands = group.add_subparsers(dest="srdi_command", required=True)
    report = commands.add_parser(
        "report", help=_("assess a filtered enterprise list against the SRDI criteria"),
        description=_("Assess every enterprise of the list against the SRDI criteria and print "
                      "how many qualify for each tier. Only reads the database: works while the "
                      "app is open. The assessment is indicative."))
    report.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                        help=_("repeatable: text, province, city, industry, size, tier, "
                               "expiring, country, zone, status, tag (for example "
                               "--filter province=广东省)"))
    report.add_argument("--version", dest="criteria", default="2022",
                        choices=[v.id for v in srdi.versions()],
                        help=_("the criteria: 2022 (工信部企业〔2022〕63号, the default) or 2026 "
                               "(工信部企业〔2026〕2号)"))
    report.add_argument("--xlsx", type=Path, metavar="FILE",
                        help=_("also write the report to this Excel file (.xlsx)"))
    report.add_argument("--pdf", type=Path, metavar="FILE",
                        help=_("also write the report to this bilingual PDF"))


def aligned(table: list[list[str]]) -> list[str]:
    """Rows of text cells as lines: the first column left-aligned, the others right-aligned,
    wide (CJK) characters counted as two columns."""
    from coop_desktop.exchange.export_table import display_width

    widths = [max(display_width(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for row in table:
        cells = [row[0] + " " * (widths[0] - display_width(row[0]))]
        cells += [" " * (w - display_width(c)) + c for c, w in zip(row[1:], widths[1:],
                                                                    strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def run(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop.cli import _open

    db = _open(args, settings)
    try:
        return _report(db, args, tr)
    finally:
        db.close()


def _report(db: Any, args: argparse.Namespace, tr: Translator) -> int:
    from coop_desktop.exchange import export_filter
    from coop_desktop.exchange.export import run as drive
    from coop_desktop.rules.srdi_results import OUTCOMES, TIERS
    from coop_desktop.services import srdi_report
    from coop_desktop.services.catalog import zones
    from coop_desktop.services.srdi_report_text import MSG_INDICATIVE, ReportText

    _ = tr.gettext
    for target in (args.xlsx, args.pdf):
        if target is not None and target.is_dir():
            from coop_desktop.errors import CoopError
            from coop_desktop.exchange.srdi_export import MSG_IS_FOLDER

            raise CoopError(MSG_IS_FOLDER, name=str(target))
    zone_list = None

    def all_zones() -> Any:
        nonlocal zone_list
        if zone_list is None:
            zone_list = zones.list(db)
        return zone_list

    query = export_filter.parse_filters(args.filter, zones=all_zones)
    report = srdi_report.run(db, query, version=args.criteria)

    from coop_desktop.exchange.srdi_export import described

    in_zh, in_en = described(query, all_zones() if query.zone_id is not None else ())
    filters = in_zh if tr.language == "zh_CN" else in_en
    text = ReportText(tr)
    from coop_desktop.exchange.srdi_export import summary_lines

    for line in summary_lines(report, text, filters):
        print(line)
    print()
    table = [[text.column("tier"), *(text.outcome(o) for o in OUTCOMES), text.column("total")]]
    for tier in TIERS:
        counts = report.counts[tier]
        table.append([text.tier(tier), *(text.number(counts[o]) for o in OUTCOMES),
                      text.number(sum(counts.values()))])
    for line in aligned(table):
        print(line)
    print()
    print(_(MSG_INDICATIVE))
    if args.xlsx is not None:
        from coop_desktop.exchange import srdi_export

        result = drive(srdi_export.write_xlsx(report, args.xlsx, tr, filters=filters))
        print(tr.ngettext("Wrote {path}: {count} row.", "Wrote {path}: {count} rows.",
                          result.rows).format(path=result.path, count=text.number(result.rows)))
    if args.pdf is not None:
        from coop_desktop.documents import srdi_report_pdf

        pdf = drive(srdi_report_pdf.render(report, args.pdf, filters_zh=in_zh,
                                           filters_en=in_en))
        print(tr.ngettext("Wrote {path}: {count} page.", "Wrote {path}: {count} pages.",
                          pdf.pages).format(path=args.pdf, count=text.number(pdf.pages)))
    sys.stdout.flush()
    return 0
