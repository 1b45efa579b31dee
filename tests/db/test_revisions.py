"""Opening a database at head does not load Alembic: the migration files' names say which
revisions exist (``db.migrate.file_revisions``). These tests hold the files to that."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from coop_desktop.db import migrate

ROOT = Path(__file__).resolve().parents[2]


def test_the_file_names_give_alembics_revisions_and_head():
    script = migrate.script_directory()
    assert migrate.file_revisions() and set(migrate.file_revisions()) == migrate.alembic_revisions()
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == migrate.alembic_revisions()


def test_each_file_is_its_revision_and_follows_the_one_before():
    files = sorted(p for p in (migrate.MIGRATIONS_DIR / "versions").glob("*.py")
                   if p.name != "__init__.py")
    previous = None
    for path in files:
        assert migrate.REVISION_FILE.match(path.name), f"{path.name}: name it NNNN_what.py"
        source = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision\s*=\s*['\"](\w+)['\"]", source, re.M)
        down = re.search(r"^down_revision\s*=\s*(None|['\"](\w+)['\"])", source, re.M)
        assert revision and revision.group(1) == path.name[:4], path.name
        assert down and down.group(2) == previous, path.name
        previous = revision.group(1)


def test_a_revision_the_names_do_not_list_is_looked_up_in_the_scripts(monkeypatch):
    monkeypatch.setattr(migrate, "file_revisions", lambda: ("0001",))
    assert migrate.is_known("0001") and migrate.is_known(migrate.script_directory().get_current_head())
    assert not migrate.is_known("9999")


def test_opening_a_database_at_head_does_not_import_alembic(db):
    path = db.path
    db.close()
    code = ("import sys\n"
            "from coop_desktop.services import open_database\n"
            f"db, report = open_database({str(path)!r}, verify='deferred')\n"
            "assert report.from_revision == report.to_revision and not report.created\n"
            "db.close()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
