"""The ``coop-desktop`` command. With no sub-command it opens the GUI.

Errors print one line in the user's language and exit non-zero; a traceback is never
the user interface.
"""

from __future__ import annotations

import argparse
import json
import locale
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coop_desktop import __version__, paths
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_, Translator, normalize_language, translator
from coop_desktop.settings import AppSettings

EXIT_ERROR = 2


def system_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(var):
            return normalize_language(os.environ[var])
    return normalize_language(locale.getlocale()[0])


def build_parser(tr: Translator) -> argparse.ArgumentParser:
    _ = tr.gettext
    parser = argparse.ArgumentParser(
        prog="coop-desktop",
        description=_("Records and bilingual dossiers for SMEs going abroad."),
    )
    parser.add_argument("--version", action="version", version=f"coop-desktop {__version__}")
    parser.add_argument("--db", type=Path, help=_("database file (default: {path})").format(
        path=paths.default_db_path()))
    parser.add_argument("--lang", choices=("zh_CN", "en"), help=_("language of messages"))
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help=_("fill the database with realistic synthetic data"))
    demo.add_argument("--enterprises", type=int, default=500, help=_("how many enterprises"))
    demo.add_argument("--seed", type=int, default=1, help=_("random seed (same seed, same data)"))
    stats = sub.add_parser("stats", help=_("count the records in the database"))
    stats.add_argument("--json", action="store_true", help=_("print JSON"))
    app = sub.add_parser("application", help=_("draft, check and list applications"))
    app_sub = app.add_subparsers(dest="app_command", required=True)
    new = app_sub.add_parser("new", help=_("create an application from a template"))
    new.add_argument("--enterprise", required=True, metavar="USCC",
                     help=_("the enterprise's unified social credit code"))
    new.add_argument("--template", required=True, metavar="KEY", help=_("template key"))
    new.add_argument("--zone", metavar="KEY", help=_("cooperation zone: its key or id"))
    new.add_argument("--country", metavar="ISO2", help=_("target country (ISO 3166-1 code)"))
    check = app_sub.add_parser("check", help=_("check an application; exit 1 if an error is open"))
    check.add_argument("id", type=int, help=_("application id"))
    listing = app_sub.add_parser("list", help=_("list the applications"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    from coop_desktop.cli_pdf import add_parser as add_pdf_parser

    add_pdf_parser(sub, tr)
    return parser


def _open(args: argparse.Namespace, settings: AppSettings):  # type: ignore[no-untyped-def]
    from coop_desktop.services import open_database

    path = args.db or (Path(settings.db_path) if settings.db_path else paths.default_db_path())
    backup = Path(settings.backup_dir) if settings.backup_dir else None
    db, _report = open_database(path, backup_dir=backup, actor=settings.actor())
    return db


def cmd_demo(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop import demo

    if args.enterprises < 0:
        raise CoopError(N_("The number of enterprises cannot be negative."))
    db = _open(args, settings)
    try:
        report = demo.generate(db, enterprises=args.enterprises, seed=args.seed)
    finally:
        db.close()
    print(tr.gettext("Created {count} enterprises in {seconds:.1f} s.").format(
        count=report.enterprises, seconds=report.seconds))
    return 0


def cmd_stats(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop.services import stats

    db = _open(args, settings)
    try:
        result = stats.collect(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(stats.render(result, tr))
    return 0


def cmd_application(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop import cli_applications

    db = _open(args, settings)
    try:
        return cli_applications.run(db, args, tr, settings)
    finally:
        db.close()


def cmd_pdf(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop import cli_pdf

    db = _open(args, settings)
    try:
        return cli_pdf.run(db, args, tr, settings)
    finally:
        db.close()


#: ``gui(db_path=..., language=...) -> exit code``; the core cannot import the UI, so the
#: launcher in ``ui`` passes it in.
GuiEntry = Callable[..., int]


def main(argv: Sequence[str] | None = None, *, gui: GuiEntry | None = None) -> int:
    """Run the command line; with no sub-command, start ``gui`` (if the caller gave one)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    settings = AppSettings.load()
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    tr = translator(known.lang or settings.language or system_language())
    args = build_parser(tr).parse_args(argv)
    commands = {"demo": cmd_demo, "stats": cmd_stats, "application": cmd_application,
                "pdf": cmd_pdf}
    try:
        if args.command is None:
            if gui is None:
                raise CoopError(N_("No command given. Use --help to list the commands."))
            return gui(db_path=args.db, language=args.lang)
        code = commands[args.command](args, settings, tr)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        # The reader went away (``… | head``): not an error of ours. Point stdout at
        # devnull so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CoopError as exc:
        print(tr.gettext("Error: {message}").format(message=exc.render(tr)), file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(tr.gettext("Error: {message}").format(message=exc.strerror or exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
