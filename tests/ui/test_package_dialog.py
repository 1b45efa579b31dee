"""The dossier package in the app: export from the application view and the list, File ▸
Import dossier package… (the check, what the package holds, the per-field choices, the
import), and a refused package."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidget
from sqlalchemy import text

from coop_desktop.exchange import package as pk
from coop_desktop.services import applications, enterprises
from coop_desktop.services.outcome import Changes
from tests.exchange.package_kit import OFFICER, counts, flip_byte, make_dossier, other_database
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.pages.applications import ApplicationsPage
from ui.widgets import dossier_package

FAST = {"idle_ms": 60, "max_ms": 300, "check_delay_ms": 20, "tm_delay_ms": 20}


@pytest.fixture
def package_file(tmp_path, _fresh_database_file):
    """A package made on "another laptop" (a database of its own)."""
    source = other_database(tmp_path / "laptop-a", _fresh_database_file)
    try:
        made = make_dossier(source, tmp_path / "laptop-a", "91440300MA5FXX0009")
        return pk.export_package(source, made.app_id, tmp_path / "p.coopdossier",
                                 settings=OFFICER, include_pdf=False).path
    finally:
        source.close()


@pytest.fixture
def window(qtbot, ctx, tmp_path):
    from coop_desktop.settings import AppSettings

    ctx.settings = AppSettings(officer_name="王芳", backup_dir=str(tmp_path / "backups"))
    win = MainWindow(ctx, [lambda c: ApplicationsPage(c, **FAST)])
    qtbot.addWidget(win)
    win.show()
    return win


def _open(qtbot, window, path):
    dialog = window.import_package(path)
    qtbot.waitUntil(lambda: dialog.plan is not None or dialog.error is not None,
                    timeout=15_000)
    return dialog


def test_import_of_a_new_enterprise_shows_the_package_and_opens_the_application(
        qtbot, ctx, window, package_file):
    seen: list[Changes] = []
    ctx.hub.changed.connect(seen.append)
    assert window.act_import_package.text() == "Import &dossier package…"
    dialog = _open(qtbot, window, package_file)
    assert dialog.verdict.text().startswith("✔ Checked: 3 files")  # dossier + 2 attachments
    assert "Made by 李明, Shenzhen SME Service Bureau on " in dialog.made_label.text()
    assert dialog.findChild(QGroupBox, "enterpriseBox") is not None
    labels = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "will be created" in labels and "plan.bin" in labels and "1 frozen revision" in labels
    assert "Zone: 中德（太仓）中小企业合作区 (found on this computer)" in labels
    assert dialog.combos == {} and dialog.import_button.isEnabled()
    assert not dialog.as_copy.isVisible()

    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15_000)
    wait_tasks(qtbot, ctx)
    app_id = dialog.result.application_id
    assert applications.get(ctx.db, app_id).status == "draft"
    assert any(c.kind == "application" and c.ids == (app_id,) for c in seen)
    assert any(c.kind == "enterprise" for c in seen)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.editing and page.editor.app_id == app_id, timeout=10_000)


def test_per_field_choices_newer_local_kept_by_default(qtbot, ctx, window, package_file):
    theirs = pk.inspect_package(package_file).dossier.enterprise
    firm = enterprises.create(ctx.db, {
        "name_zh": theirs["name_zh"], "uscc": theirs["uscc"], "name_en": "Local name",
        "employees": 7, "legal_rep": "张三", "city_code": "440300", "tags": ["精密", "出海"],
        "revenue_fen": theirs["revenue_fen"], "established_on": date(2012, 5, 3)}).value
    with ctx.db.session() as session:  # the head count was changed here after the package
        session.execute(text("UPDATE audit_log SET at = '2099-01-01 00:00:00' WHERE "
                             "entity = 'enterprise' AND field = 'employees'"))
        session.execute(text("UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE "
                             "entity = 'enterprise' AND field = 'name_en'"))
    dialog = _open(qtbot, window, package_file)
    table = dialog.findChild(QTableWidget, "differences")
    fields = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert fields == ["English name", "Employees", "SRDI titles"]
    assert table.item(1, 1).text() == "7" and table.item(1, 1).font().bold()
    assert table.item(1, 3).text().startswith("here, ")
    assert dialog.choices() == {"name_en": "theirs", "employees": "mine", "srdi_titles": "theirs"}
    combo = dialog.combos["employees"]
    combo.setCurrentIndex(combo.findData("theirs"))
    dialog.combos["name_en"].setCurrentIndex(dialog.combos["name_en"].findData("mine"))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15_000)
    after = enterprises.get(ctx.db, firm.id)
    assert (after.name_en, after.employees) == ("Local name", 120)


def test_a_damaged_package_is_refused_in_the_dialog(qtbot, ctx, window, package_file, tmp_path):
    bad = flip_byte(package_file, tmp_path / "bad.coopdossier", "dossier.json")
    before = counts(ctx.db)
    dialog = _open(qtbot, window, bad)
    assert dialog.verdict.text().startswith("✖ The package cannot be imported.")
    assert "dossier.json" in dialog.verdict.text()
    assert not dialog.import_button.isVisible() and dialog.plan is None
    assert counts(ctx.db) == before


def test_an_earlier_copy_needs_the_copy_box(qtbot, ctx, window, package_file):
    pk.apply_import(ctx.db, pk.plan_import(ctx.db, pk.inspect_package(package_file)), {},
                    backup_dir=window.ctx.settings.backup_dir)
    dialog = _open(qtbot, window, package_file)
    assert dialog.as_copy.isVisible() and not dialog.import_button.isEnabled()
    assert dialog.findChild(QLabel, "earlierCopy") is not None
    dialog.as_copy.setChecked(True)
    assert dialog.import_button.isEnabled()


def test_export_from_the_editor_menu_and_the_list(qtbot, ctx, window, tmp_path, monkeypatch):
    firm = enterprises.create(ctx.db, {"name_zh": "导出测试有限公司",
                                       "uscc": "91440300MA5FXX0009"}).value
    app = applications.create(ctx.db, enterprise_id=firm.id, template_key="company_profile",
                              settings=OFFICER).value
    asked: list[str] = []

    def ask(parent, title, suggested, filter_text):
        asked.append(suggested)
        return str(tmp_path / f"out{len(asked)}")

    monkeypatch.setattr(dossier_package, "ask_save_path", ask)
    page = window.current_page()
    page.refresh()  # the application was made behind the page's back
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.open_application(app.id)
    qtbot.waitUntil(lambda: page.editor.data is not None, timeout=10_000)
    header = page.editor.header
    assert header.package_action.text() == "Export dossier package…"
    jobs = []
    monkeypatch.setattr(dossier_package, "_ACTIVE", set())
    real = dossier_package.export_package
    monkeypatch.setattr(dossier_package, "export_package",
                        lambda *a, **k: jobs.append(real(*a, **k)) or jobs[-1])
    header.package_action.trigger()
    qtbot.waitUntil(lambda: jobs and jobs[0].result is not None, timeout=20_000)
    assert asked[0].endswith(".coopdossier") and "导出测试有限公司" in asked[0]
    assert pk.inspect_package(tmp_path / "out1").has_pdf
    page.show_list()
    wait_tasks(qtbot, ctx)
    menu = page._context_menu(page.table.visualRect(page.proxy.index(0, 0)).center())
    assert menu is not None
    [action] = [a for a in menu.actions() if a.objectName() == "exportPackage"]
    menu.close()
    action.trigger()
    qtbot.waitUntil(lambda: len(jobs) == 2 and jobs[1].result is not None, timeout=20_000)
    assert pk.inspect_package(tmp_path / "out2").dossier.application.source_id == app.id


def test_a_change_here_after_the_dialog_opened_is_shown_again(qtbot, ctx, window, package_file,
                                                              monkeypatch):
    from ui import tasks

    monkeypatch.setattr(tasks, "show_error", lambda *a, **k: None)
    theirs = pk.inspect_package(package_file).dossier.enterprise
    firm = enterprises.create(ctx.db, {"name_zh": theirs["name_zh"], "uscc": theirs["uscc"],
                                       "name_en": "Local name"}).value
    with ctx.db.session() as session:
        session.execute(text("UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE "
                             "entity = 'enterprise'"))
    dialog = _open(qtbot, window, package_file)
    assert dialog.choices()["name_en"] == "theirs"
    enterprises.update(ctx.db, firm.id, {"name_en": "Typed here meanwhile"})
    before = counts(ctx.db)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.plan is not None and "name_en" in dialog.combos
                    and dialog.result is None and not ctx.runner.busy, timeout=15_000)
    qtbot.waitUntil(lambda: dialog.findChild(QTableWidget, "differences") is not None
                    and dialog.findChild(QTableWidget, "differences").item(0, 1).text()
                    == "Typed here meanwhile", timeout=15_000)
    assert counts(ctx.db)["application"] == before["application"]
    assert enterprises.get(ctx.db, firm.id).name_en == "Typed here meanwhile"
    assert dialog.choices()["name_en"] == "mine"  # changed here just now: kept by default
