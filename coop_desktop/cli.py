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
#: The most enterprises ``demo`` creates in one run; the longest error line printed.
DEMO_MAX = 1_000_000
ERROR_MAX = 1_000


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
    demo.add_argument("--force", action="store_true",
                      help=_("add demo data even to a database that holds real records"))
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
    from coop_desktop import cli_package

    cli_package.add_parser(sub, tr)
    from coop_desktop import cli_backup, cli_check

    cli_backup.add_parser(sub, tr)
    cli_check.add_parser(sub, tr)
    from coop_desktop import cli_export

    cli_export.add_parser(sub, tr)
    from coop_desktop import cli_import

    cli_import.add_parser(sub, tr)
    from coop_desktop import cli_srdi

    cli_srdi.add_parser(sub, tr)
    return parser


MSG_APP_HAS_IT = N_("Coop Desktop has {path} open (process {pid} on {host}, since {since}). The "
                    "command line does not change a database while the app has it open: close "
                    "the app and try again. Commands that only read (stats, list, check, "
                    "backup, export) work meanwhile.")
MSG_SETTINGS_UNKNOWN_DB = N_("The settings file was damaged, so it is not known which database to "
                             "use. Choose it with --db FILE (or COOP_DESKTOP_DB).")


def database_path(args: argparse.Namespace, settings: AppSettings) -> Path:
    """The database the command works on: ``--db``, ``$COOP_DESKTOP_DB``, the settings, the
    default — but never the default by accident when the settings were damaged."""
    if args.db:
        return Path(args.db)
    if os.environ.get(paths.DB_ENV_VAR):
        return paths.default_db_path()
    if settings.database_unknown:
        raise CoopError(MSG_SETTINGS_UNKNOWN_DB)
    return Path(settings.db_path) if settings.db_path else paths.default_db_path()


def refuse_if_app_has_it(path: Path) -> None:
    """Commands that write call this first (see ``db.lock``: the app holds the file)."""
    from coop_desktop.db import lock

    info = lock.holder(path)
    if info is not None:
        raise CoopError(MSG_APP_HAS_IT, path=str(path), pid=info.pid or "?", host=info.host or "?",
                        since=info.started_text if info.started else "?")


def _open(args: argparse.Namespace, settings: AppSettings, *, write: bool = False):  # type: ignore[no-untyped-def]
    """Open the database for a command; ``write`` commands are refused while the app has
    the file open, and wait for the integrity check before they change anything."""
    from coop_desktop.services import open_database

    path = database_path(args, settings)
    if write:
        refuse_if_app_has_it(path)
    backup = Path(settings.backup_dir) if settings.backup_dir else None
    db, _report = open_database(path, backup_dir=backup, actor=settings.actor())
    return db


def cmd_demo(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    from coop_desktop import demo

    if args.enterprises < 0:
        raise CoopError(N_("The number of enterprises cannot be negative."))
    if args.enterprises > DEMO_MAX:
        raise CoopError(N_("The demo creates at most {max} enterprises."), max=f"{DEMO_MAX:,}")
    db = _open(args, settings, write=True)
    try:
        if not args.force and demo.has_user_records(db):
            raise CoopError(N_("{path} holds records that people entered, not only demo data. "
                               "Demo data was not added. Use another file (--db), or add "
                               "--force to mix demo data into it."), path=str(db.path))
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

    db = _open(args, settings, write=args.app_command == "new")
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


def cmd_package(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    """``package export|import`` (``cli_package``; import refuses while the app has the file)."""
    from coop_desktop import cli_package

    return cli_package.run(args, settings, tr)


def cmd_backup(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    """``backup``, ``backups``, ``restore`` (``cli_backup``)."""
    from coop_desktop import cli_backup

    return cli_backup.run(args, settings, tr)


def cmd_export(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    """``export LIST FILE`` (``cli_export``): only reads, so it works while the app is open."""
    from coop_desktop import cli_export

    db = _open(args, settings)
    try:
        return cli_export.run(db, args, tr, settings)
    finally:
        db.close()


def cmd_import(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    """``import enterprises|undo|list`` (``cli_import``; writing refused while the app has
    the file)."""
    from coop_desktop import cli_import

    return cli_import.run(args, settings, tr)


def cmd_srdi(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    """``srdi report`` (``cli_srdi``): only reads, so it works while the app is open."""
    from coop_desktop import cli_srdi

    return cli_srdi.run(args, settings, tr)


def cmd_check(args: argparse.Namespace, settings: AppSettings, tr: Translator) -> int:
    """``check [--repair] [--json]`` (``cli_check``)."""
    from coop_desktop import cli_check

    return cli_check.run(args, settings, tr)


def _unexpected(exc: Exception, tr: Translator) -> int:
    """Any other failure: one line, never a traceback (``COOP_DESKTOP_DEBUG=1`` shows it)."""
    from coop_desktop.db import failures

    if os.environ.get("COOP_DESKTOP_DEBUG"):
        raise exc
    translated = failures.translate(exc)
    if translated is not None:
        message = translated.render(tr)
    else:
        message = tr.gettext("An unexpected problem stopped the command ({kind}: {detail}). "
                             "Nothing more was changed.").format(
            kind=type(exc).__name__, detail=str(exc).splitlines()[0][:200] if str(exc) else "-")
    print(error_line(message, tr), file=sys.stderr)
    return EXIT_ERROR


def error_line(message: str, tr: Translator) -> str:
    """``Error: …`` on one line: several problems joined, invisible control characters shown
    as ``[U+202E]`` (so a message quoting what was typed cannot reorder the terminal line),
    and a message that quotes a huge input cut short."""
    from coop_desktop import controls

    text = controls.visible(" ".join(message.split("\n")))
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate as \udcff
    if len(text) > ERROR_MAX:
        text = text[:ERROR_MAX] + "…"
    return tr.gettext("Error: {message}").format(message=text)


#: ``gui(db_path=..., language=...) -> exit code``; the core cannot import the UI, so the
#: launcher in ``ui`` passes it in.
GuiEntry = Callable[..., int]


def main(argv: Sequence[str] | None = None, *, gui: GuiEntry | None = None) -> int:
    """Run the command line; with no sub-command, start ``gui`` (if the caller gave one)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    settings = AppSettings.load()
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    pre.add_argument("--db", type=Path)
    known, rest = pre.parse_known_args(argv)
    tr = translator(known.lang or settings.language or system_language())
    if rest or gui is None or known.lang not in (None, "zh_CN", "en"):
        args = build_parser(tr).parse_args(argv)
    else:  # the GUI: the sub-commands' modules (PDF, exchange…) are not imported for it
        args = argparse.Namespace(command=None, db=known.db, lang=known.lang)
    if settings.load_problem is not None and args.command is not None:
        msgid, params = settings.load_problem
        print(tr.gettext("Warning: {message}").format(message=tr.gettext(msgid).format(**params)),
              file=sys.stderr)
    commands = {"demo": cmd_demo, "stats": cmd_stats, "application": cmd_application,
                "pdf": cmd_pdf, "package": cmd_package, "backup": cmd_backup,
                "backups": cmd_backup,
                "restore": cmd_backup, "check": cmd_check, "export": cmd_export,
                "import": cmd_import, "srdi": cmd_srdi}
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
        print(error_line(exc.render(tr), tr), file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(tr.gettext("Error: {message}").format(message=exc.strerror or exc), file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - never a traceback on the command line
        return _unexpected(exc, tr)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
