"""``coop-desktop pdf APP_ID -o FILE.pdf``: the bilingual dossier PDF of an application.

Options: ``--layout parallel|stacked|zh|en`` (default parallel), ``--style official|modern``
(default: the style last chosen in the app, else official, modern for ``--layout en``),
``--cover`` (a cover and contents even on a short document), ``--pdfa`` (PDF/A-2b),
``--revision N`` (submitted revision N as it was frozen; default: the current text),
``--force`` (export a document that still has open errors: unfilled placeholders,
【待填写】 gaps, empty required sections; without it the export is refused, naming them).
The file is written atomically (a temporary file in the target folder, then
``os.replace``): a failure leaves no half file and never clobbers an existing one. Prints
the page count (stdout) and any glyph warnings (stderr; section and language named) in the
CLI language.
Errors print one line and exit 2 (through ``cli.main``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coop_desktop.db import Database
from coop_desktop.documents.pdf import LAYOUTS
from coop_desktop.i18n.catalog import Translator
from coop_desktop.services import documents
from coop_desktop.services.document_errors import MSG_EXPORTED_ANYWAY, summary
from coop_desktop.settings import AppSettings


def add_parser(sub: Any, tr: Translator) -> None:
    """Add ``pdf`` to the sub-command parsers ``sub``."""
    _ = tr.gettext
    pdf = sub.add_parser("pdf", help=_("write the bilingual dossier PDF of an application"))
    pdf.add_argument("id", type=int, metavar="APP_ID", help=_("application id"))
    pdf.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf",
                     help=_("the PDF file to write (replaced if it exists)"))
    pdf.add_argument("--layout", choices=LAYOUTS, default="parallel",
                     help=_("parallel: Chinese and English side by side; stacked: each "
                            "section in Chinese, then in English; zh or en: one language "
                            "(default: parallel)"))
    pdf.add_argument("--style", choices=documents.STYLES, default=None,
                     help=_("official: the layout of Chinese official documents (Song type, "
                            "headings 一、（一）); modern: a plain report look (default: the "
                            "style last chosen in the app, else official; modern for English "
                            "only)"))
    pdf.add_argument("--cover", action="store_true",
                     help=_("print a cover and a table of contents even when the document "
                            "is short"))
    pdf.add_argument("--force", action="store_true",
                     help=_("export even if the document still has open errors (unfilled "
                            "placeholders, 【待填写】 gaps, empty required sections)"))
    pdf.add_argument("--pdfa", action="store_true", help=_("write PDF/A-2b for archiving"))
    pdf.add_argument("--revision", type=int, metavar="N",
                     help=_("a submitted revision, exactly as it was frozen (default: the "
                            "current text)"))


def run(db: Database, args: argparse.Namespace, tr: Translator, settings: AppSettings) -> int:
    style = args.style or documents.chosen_style(args.layout, settings.pdf_style)
    result = documents.export_pdf(db, args.id, args.output, layout=args.layout, pdfa=args.pdfa,
                                  revision=args.revision, settings=settings, style=style,
                                  force_cover=True if args.cover else None, force=args.force)
    print(tr.ngettext("Wrote {path}: {count} page.", "Wrote {path}: {count} pages.",
                      result.pages).format(path=result.path, count=result.pages))
    if result.open_errors:
        print(tr.gettext("Warning: {message}").format(message=tr.gettext(MSG_EXPORTED_ANYWAY)
              .format(errors=summary(result.open_errors, tr))), file=sys.stderr)
    for line in result.warning_lines(tr):
        print(tr.gettext("Warning: {message}").format(message=line), file=sys.stderr)
    if result.warnings:
        print(tr.gettext("Characters no bundled font has are printed as “\ufffd”."),
              file=sys.stderr)
    return 0
