"""Starting the app pays only for what the first window needs (``bench/startup.py`` times it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coop_desktop import cli

ROOT = Path(__file__).resolve().parent.parent


def test_no_sub_command_goes_to_the_gui_with_db_and_language(tmp_path):
    calls = []
    path = tmp_path / "x.sqlite"
    assert cli.main(["--db", str(path), "--lang", "en"], gui=lambda **kw: calls.append(kw) or 7) == 7
    assert calls == [{"db_path": path, "language": "en"}]
    assert cli.main([], gui=lambda **kw: calls.append(kw) or 0) == 0
    assert calls[-1] == {"db_path": None, "language": None}


def test_options_the_gui_does_not_take_still_go_through_the_full_parser(capsys):
    called = []
    with pytest.raises(SystemExit) as bad:
        cli.main(["--lang", "fr"], gui=lambda **kw: called.append(kw) or 0)
    assert bad.value.code == 2 and "--lang" in capsys.readouterr().err
    with pytest.raises(SystemExit) as version:
        cli.main(["--version"], gui=lambda **kw: called.append(kw) or 0)
    assert version.value.code == 0 and not called


def test_the_gui_start_imports_no_migration_pdf_or_exchange_machinery():
    """What ``coop-desktop`` imports up to calling the GUI, plus the GUI's own modules
    (``ui.app``, the main window, the page registry): Alembic, reportlab, the document
    templates, the spreadsheet readers and the application editor wait until they are used."""
    code = (
        "import sys\n"
        "from coop_desktop import cli\n"
        "import ui.app, ui.main_window, ui.pages.registry\n"
        "ui.pages.registry.default_pages()\n"
        "cli.main(['--db', 'x.sqlite'], gui=lambda **kw: 0)\n"
        "heavy = ('alembic', 'reportlab', 'openpyxl', 'xlrd', 'pypinyin', 'rapidfuzz',\n"
        "         'coop_desktop.documents', 'coop_desktop.exchange', 'coop_desktop.cli_pdf',\n"
        "         'ui.widgets.application_editor', 'ui.pages.applications')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or\n"
        "             any(m == h or m.startswith(h + '.') for h in heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                                            "HOME": "/tmp"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
