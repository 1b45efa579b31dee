"""The termbase screen, the attachments panel and the revision comparison: real widgets on a
real (temporary) database, offscreen."""

from __future__ import annotations

import os
import stat
import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from coop_desktop.models import ApplicationStatus
from coop_desktop.services import applications, attachments, enterprises, termbase
from coop_desktop.services.catalog import glossary
from coop_desktop.services.termbase import TermOrigin
from coop_desktop.settings import AppSettings
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.models.attachment_table import COL_EXPIRES, COL_SHA, EXPIRED_COLOR, EXPIRING_COLOR
from ui.models.glossary_table import (
    COL_ORIGIN, MSG_RECORD_READ_ONLY, TermQuery, select_terms,
)
from ui.pages.glossary import GlossaryPage
from ui.widgets.attachments_panel import AttachmentsPanel
from ui.widgets.revision_diff import CURRENT, INS_STYLE, RevisionDiffDialog, diff_html

OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局",
                      organisation_en="Shenzhen SME Service Bureau")
RUIFENG_ZH = "苏州瑞丰精密机械有限公司"
RUIFENG_EN = "Suzhou Ruifeng Precision Machinery Co., Ltd."


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {"name_zh": RUIFENG_ZH, "uscc": new_uscc(),
                                   "name_en": RUIFENG_EN}).value


@pytest.fixture
def page(qtbot, ctx):
    page = GlossaryPage(ctx)
    qtbot.addWidget(page)
    page.resize(1120, 760)
    page.show()
    wait_tasks(qtbot, ctx)
    return page


def _user_terms(db):
    return [t for t in termbase.terms(db, records_too=False) if t.origin is TermOrigin.USER]


def _select(page, zh):
    row = next(i for i, t in enumerate(page.model.rows) if t.zh == zh)
    page.table.selectRow(row)
    return page.model.rows[row]


def _closed(widget) -> bool:
    return not shiboken6.isValid(widget) or not widget.isVisible()


def _shown(page):
    return [t.zh for t in page.model.rows]


# ------------------------------------------------------------------ glossary
def test_shipped_and_own_terms_are_listed_by_default(page, db):
    shipped = [t for t in termbase.terms(db, records_too=False)]
    assert page.model.rowCount() == len(shipped) > 50
    assert {t.origin for t in page.model.rows} == {TermOrigin.GLOSSARY}
    assert page.count_label.text() == f"{len(shipped)} terms"
    assert page.model.index(0, COL_ORIGIN).data() == "Shipped"
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Chinese", "English", "Notes", "Origin"]


def test_add_a_user_term_and_see_it(qtbot, ctx, db, page):
    dialog = page.new_record()
    dialog.zh.setText("  入区企业 ")
    dialog.en.setText("enterprise admitted to the zone")
    dialog.note.setPlainText("Our office's rendering.")
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    assert [(t.zh, t.en, t.note) for t in _user_terms(db)] == [
        ("入区企业", "enterprise admitted to the zone", "Our office's rendering.")]
    assert _closed(dialog)
    current = page.model.rows[page.table.currentIndex().row()]
    assert (current.zh, current.origin) == ("入区企业", TermOrigin.USER)
    assert page.model.index(page.table.currentIndex().row(), COL_ORIGIN).data() == "My term"
    assert ctx.undo_stack[-1].label == "New term"


def test_a_duplicate_is_refused_next_to_the_field_and_nothing_is_written(qtbot, ctx, db, page):
    termbase.add_user_term(db, "合作区", "cooperation zone")
    dialog = page.new_record()
    dialog.zh.setText("合作区")
    dialog.en.setText("Cooperation  Zone")  # same term: case and spacing ignored
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    assert dialog.isVisible()
    assert dialog.errors.text("en") == "“合作区” = “cooperation zone” is already in the termbase."
    assert dialog.errors.text("zh") == ""
    assert len(_user_terms(db)) == 1 and not ctx.undo_stack
    dialog.en.setText("")  # a missing side is shown under its field too
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    assert dialog.errors.text("en") != "" and dialog.errors.text("zh") == ""
    assert len(_user_terms(db)) == 1


def test_import_a_csv_with_a_bom_and_bad_rows_shows_the_report(qtbot, ctx, db, page, tmp_path,
                                                              monkeypatch):
    path = tmp_path / "术语.csv"
    path.write_bytes("中文,英文,备注\n出海,going global,\n,no Chinese here,\n海外仓,,\n"
                     "专精特新企业,SRDI enterprise,常用\n出海,Going Global,\n"
                     .encode("utf-8-sig"))
    monkeypatch.setattr("ui.pages.glossary.choose_import_file", lambda *a: str(path))
    page.import_terms()
    wait_tasks(qtbot, ctx)
    report = page.report_dialog
    assert report is not None and report.isVisible()
    assert report.summary.text().startswith("2 terms added from “术语.csv”.")
    assert report.skipped_label.text() == "3 lines skipped:"
    assert report.rows() == [
        ("3", "", "no Chinese here", "The Chinese term is missing."),
        ("4", "海外仓", "", "The English term is missing."),
        ("6", "出海", "Going Global", "Repeats line 2 of the file."),
    ]
    assert sorted(t.zh for t in _user_terms(db)) == ["专精特新企业", "出海"]
    assert {"出海", "专精特新企业"} <= set(_shown(page))
    ctx.undo_last()  # the whole import is taken back
    wait_tasks(qtbot, ctx)
    assert _user_terms(db) == []
    assert "出海" not in _shown(page)


def test_the_filter_narrows_in_either_language(qtbot, ctx, db, page):
    total = page.model.rowCount()
    page.filter.setText("一带一路")
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < total)
    wait_tasks(qtbot, ctx)
    assert all("一带一路" in t.zh or "一带一路" in t.en for t in page.model.rows)
    assert page.count_label.text() == f"{page.model.rowCount()} of {total} terms"
    page.filter.setText("BELT AND ROAD")  # English, case ignored
    qtbot.waitUntil(lambda: page.query.text == "BELT AND ROAD")
    wait_tasks(qtbot, ctx)
    assert page.model.rowCount() > 0
    assert all("belt and road" in t.en.casefold() for t in page.model.rows)
    page.filter.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == total)


def test_delete_moves_to_the_recycle_bin_and_undo_brings_it_back(qtbot, ctx, db):
    term = termbase.add_user_term(db, "合作区", "cooperation zone").value
    window = MainWindow(ctx, [GlossaryPage])
    qtbot.addWidget(window)
    window.show()
    wait_tasks(qtbot, ctx)
    page = window.current_page()
    _select(page, "合作区")
    window.act_delete.trigger()
    wait_tasks(qtbot, ctx)
    assert _user_terms(db) == [] and "合作区" not in _shown(page)
    assert [r.id for r in glossary.list(db, deleted=True)] == [term.id]
    assert "recycle bin" in window.statusBar().currentMessage()
    assert window.undo_button.isVisibleTo(window)
    window.undo()
    wait_tasks(qtbot, ctx)
    assert [t.zh for t in _user_terms(db)] == ["合作区"] and "合作区" in _shown(page)


def test_record_names_are_read_only_and_shipped_terms_editable(qtbot, ctx, db, firm, page):
    page.set_origin("record")
    wait_tasks(qtbot, ctx)
    assert RUIFENG_ZH in _shown(page)
    assert {t.origin for t in page.model.rows} == {TermOrigin.RECORD}
    term = _select(page, RUIFENG_ZH)
    row = page.model.rows.index(term)
    assert page.model.index(row, COL_ORIGIN).data() == "Enterprise record"
    tip = "Edit the enterprise or zone to change this name."
    assert MSG_RECORD_READ_ONLY == tip
    assert page.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole) == tip
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.edit_button.toolTip() == tip
    assert page.edit_selected() is None
    page.delete_selected()
    wait_tasks(qtbot, ctx)
    assert enterprises.get(db, firm.id).deleted_at is None and not ctx.undo_stack

    page.set_origin("default")  # a shipped term: editable, then marked as edited by you
    wait_tasks(qtbot, ctx)
    shipped = _select(page, "一带一路")
    dialog = page.edit_selected()
    assert dialog is not None and dialog.hint.isVisibleTo(dialog)
    dialog.en.setText("the Belt and Road Initiative")
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    saved = glossary.get(db, shipped.id)
    assert saved.en == "the Belt and Road Initiative" and saved.user_edited
    row = next(i for i, t in enumerate(page.model.rows) if t.id == shipped.id)
    assert page.model.index(row, COL_ORIGIN).data() == "Shipped, edited by you"


def test_select_terms_matches_either_language_within_the_origins(db, firm):
    rows = termbase.terms(db)
    picked = select_terms(rows, TermQuery("ruifeng", frozenset(TermOrigin)))
    assert [t.zh for t in picked.rows] == [RUIFENG_ZH] and picked.total == len(rows)
    assert select_terms(rows, TermQuery("瑞丰")).rows == []  # records not asked for


def test_export_writes_the_shown_origins(qtbot, ctx, db, page, tmp_path):
    termbase.add_user_term(db, "合作区", "cooperation zone")
    page.set_origin("user")
    wait_tasks(qtbot, ctx)
    page.export_file(tmp_path / "mine")  # no extension: CSV
    wait_tasks(qtbot, ctx)
    text = (tmp_path / "mine.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["zh,en,note,origin", "合作区,cooperation zone,,user"]


def test_glossary_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, db, firm, page):
    termbase.add_user_term(db, "合作区", "cooperation zone", "note")
    page.set_origin("all")
    wait_tasks(qtbot, ctx)
    assert {t.origin for t in page.model.rows} == set(TermOrigin)
    qtmodeltester.check(page.model)


def test_glossary_in_chinese(qtbot, ctx, page):
    ctx.lang.set_language("zh_CN")
    assert page.new_button.text() == "新建术语…"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "中文"
    assert page.model.index(0, COL_ORIGIN).data() == "内置"
    assert page.count_label.text().endswith("条术语")


# ------------------------------------------------------------------ attachments
@pytest.fixture
def panel(qtbot, ctx, firm):
    panel = AttachmentsPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(900, 320)
    panel.show()
    panel.set_target(firm.id, None)
    wait_tasks(qtbot, ctx)
    return panel


def _file(folder: Path, name: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def _drop(panel, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    with warnings.catch_warnings():  # (PySide marks the only constructor deprecated)
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dragEnterEvent(enter)
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    return enter, drop


def test_add_through_the_panel(qtbot, ctx, db, firm, panel, tmp_path, monkeypatch):
    src = _file(tmp_path / "in", "2024年度审计报告.pdf", b"%PDF audit " * 5000)
    monkeypatch.setattr("ui.widgets.attachments_panel.choose_files", lambda *a: [str(src)])
    dialog = panel.add()
    assert dialog is not None and dialog.kind.currentData() == "audit_report"  # guessed
    assert dialog.file_label.text().startswith("2024年度审计报告.pdf")
    soon = date.today() + timedelta(days=30)
    dialog.expires.setText(soon.isoformat())
    dialog.note.setText("盖章版")
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    [att] = attachments.list_for(db, firm.id)
    assert (att.original_name, att.kind, att.expires_on, att.note) == (
        "2024年度审计报告.pdf", "audit_report", soon, "盖章版")
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data() == "2024年度审计报告.pdf"
    assert panel.model.index(0, 1).data() == "Audit report"
    assert panel.model.index(0, 2).data() == "53.7 KB"  # 55,000 bytes
    assert panel.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "55,000 bytes"
    assert panel.model.index(0, COL_EXPIRES).data(Qt.ItemDataRole.ForegroundRole) == EXPIRING_COLOR
    sha = panel.model.index(0, COL_SHA)
    assert sha.data() == att.sha256[:12] + "…"
    assert att.sha256 in sha.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.summary.text() == "1 file, 53.7 KB"


def test_a_bad_expiry_date_keeps_the_dialog_open(qtbot, ctx, db, firm, panel, tmp_path):
    dialog = panel.add_files([_file(tmp_path / "in", "scan.png", b"png")])
    dialog.expires.setText("31/31/2026")
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    assert dialog.isVisible() and dialog.errors.text("expires_on") == \
        "Enter a date such as May 20, 2016 or 2016-05-20."
    assert attachments.list_for(db, firm.id) == []


def test_dropped_files_are_attached_under_their_sanitised_names(qtbot, ctx, db, firm, panel,
                                                                tmp_path):
    # On Linux a backslash is a legal file-name character: the name looks like a path.
    licence = _file(tmp_path / "in", "..\\..\\营业执照.pdf", b"%PDF licence")
    report = _file(tmp_path / "in", "credit report.pdf", b"%PDF credit")
    folder = tmp_path / "in" / "a folder"
    folder.mkdir()
    enter, drop = _drop(panel, [licence, report, folder])
    assert enter.isAccepted() and drop.isAccepted()
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert [f.name for f in dialog.files] == ["营业执照.pdf", "credit report.pdf"]
    assert [str(f.kind) for f in dialog.files] == ["licence", "credit_report"]
    dialog.file_list.setCurrentRow(1)  # each file keeps its own values
    past = date.today() - timedelta(days=3)
    dialog.expires.setText(past.isoformat())
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    rows = {a.original_name: a for a in attachments.list_for(db, firm.id)}
    assert set(rows) == {"营业执照.pdf", "credit report.pdf"}
    assert rows["营业执照.pdf"].kind == "licence" and rows["营业执照.pdf"].expires_on is None
    assert rows["credit report.pdf"].expires_on == past
    assert sorted(panel.model.index(r, 0).data() for r in range(2)) == [
        "credit report.pdf", "营业执照.pdf"]
    expired = next(r for r in range(2) if panel.model.rows[r].original_name == "credit report.pdf")
    assert panel.model.index(expired, COL_EXPIRES).data(
        Qt.ItemDataRole.ForegroundRole) == EXPIRED_COLOR
    for a in rows.values():  # stored by content hash, never under the given name
        assert attachments.open_path(db, a.id).parent.parent == db.attachments_dir
    # a name with ../ given to the service is shown sanitised as well
    other = _file(tmp_path / "in", "other.pdf", b"other")
    attachments.add(db, other, enterprise_id=firm.id, original_name="../../etc/passwd.pdf")
    panel.reload()
    wait_tasks(qtbot, ctx)
    assert "passwd.pdf" in [panel.model.index(r, 0).data() for r in range(3)]


def test_open_verifies_the_checksum(qtbot, ctx, db, firm, panel, tmp_path, monkeypatch):
    content = b"%PDF licence " * 100
    att = attachments.add(db, _file(tmp_path / "in", "licence.pdf", content),
                          enterprise_id=firm.id, kind="licence").value
    panel.reload()
    wait_tasks(qtbot, ctx)
    opened = []
    monkeypatch.setattr("ui.widgets.attachments_panel.open_url",
                        lambda url: opened.append(Path(url.toLocalFile())) or True)
    panel.table.selectRow(0)
    panel.open_selected()
    wait_tasks(qtbot, ctx)
    assert len(opened) == 1 and opened[0].read_bytes() == content
    assert opened[0].suffix == ".pdf" and opened[0].name != "licence.pdf"

    stored = attachments.open_path(db, att.id)  # now damage the stored file
    os.chmod(stored, stat.S_IREAD | stat.S_IWRITE)
    stored.write_bytes(b"tampered")
    panel.open_selected()
    wait_tasks(qtbot, ctx)
    assert len(opened) == 1  # nothing handed to the viewer
    box = panel.findChild(QMessageBox, "errorDialog")
    assert box is not None and "SHA-256 checksum no longer matches" in box.text()
    assert "“licence.pdf”" in box.text()


def test_delete_and_undo_and_read_only(qtbot, ctx, db, firm, panel, tmp_path):
    attachments.add(db, _file(tmp_path / "in", "a.pdf", b"a"), enterprise_id=firm.id)
    panel.reload()
    wait_tasks(qtbot, ctx)
    panel.table.selectRow(0)
    panel.delete_selected()
    wait_tasks(qtbot, ctx)
    assert attachments.list_for(db, firm.id) == [] and panel.model.rowCount() == 0
    assert panel.stack.currentWidget() is panel.empty
    assert ctx.undo_last()
    wait_tasks(qtbot, ctx)
    assert panel.model.rowCount() == 1

    panel.set_read_only(True)
    assert not panel.add_button.isVisible() and not panel.delete_button.isVisible()
    assert panel.open_button.isVisible()
    assert panel.add() is None
    enter, _drop_event = _drop(panel, [_file(tmp_path / "in", "b.pdf", b"b")])
    assert not enter.isAccepted() and panel.dialog is None
    panel.table.selectRow(0)
    panel.delete_selected()
    wait_tasks(qtbot, ctx)
    assert len(attachments.list_for(db, firm.id)) == 1


def test_attachment_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, db, firm, panel,
                                                  tmp_path):
    for name in ("a.pdf", "b.png"):
        attachments.add(db, _file(tmp_path / "in", name, name.encode()), enterprise_id=firm.id)
    panel.reload()
    wait_tasks(qtbot, ctx)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)


def test_application_attachments_only(qtbot, ctx, db, firm, panel, tmp_path):
    app = applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                              settings=OFFICER).value
    attachments.add(db, _file(tmp_path / "in", "firm.pdf", b"firm"), enterprise_id=firm.id)
    panel.set_target(firm.id, app.id)
    wait_tasks(qtbot, ctx)
    assert panel.model.rowCount() == 0
    dialog = panel.add_files([_file(tmp_path / "in", "plan.pdf", b"plan")])
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    [att] = attachments.list_for(db, application_id=app.id)
    assert att.application_id == app.id and panel.model.rowCount() == 1
    panel.set_target(firm.id, None)  # the enterprise: its own and its applications' files
    wait_tasks(qtbot, ctx)
    assert panel.model.rowCount() == 2


# ------------------------------------------------------------------ revision diff
def _submit(db, app_id):
    found = applications.open_errors(applications.check(db, app_id))
    if found:
        applications.ignore_issues(db, app_id, [(s.key, i.key) for s, i in found],
                                   "Checked with the officer; accepted as is.")
    applications.set_status(db, app_id, ApplicationStatus.READY)
    applications.set_status(db, app_id, ApplicationStatus.SUBMITTED, settings=OFFICER)


def test_diff_dialog_shows_insertions_in_both_languages(qtbot, ctx, db, firm):
    app = applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                              country="DE", settings=OFFICER).value
    _submit(db, app.id)
    applications.new_revision(db, app.id)
    section = applications.sections(db, app.id)[-1]
    applications.update_section(db, app.id, section.key,
                                zh=section.zh + "新增：海外仓<b>建设</b>。",
                                en=section.en + " New: an overseas warehouse <b>&</b> more.")
    dialog = RevisionDiffDialog(ctx, app.id)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_tasks(qtbot, ctx)
    assert not dialog.isModal()
    assert (dialog.from_combo.currentData(), dialog.to_combo.currentData()) == (1, CURRENT)
    assert dialog.to_combo.currentText() == "Current text (revision 2, Draft)"
    changed = [d for d in dialog.diffs if d.changed]
    assert [d.key for d in changed] == [section.key]
    text = dialog.plain_text()
    assert "新增：海外仓<b>建设</b>。" in text  # shown as text, not as markup
    assert "New: an overseas warehouse <b>&</b> more." in text
    assert "Unchanged:" in text
    assert dialog.summary.text() == f"1 of {len(dialog.diffs)} sections changed."
    page = diff_html(dialog.diffs, ctx.tr)
    assert f'<span style="{INS_STYLE}">新增：海外仓&lt;b&gt;建设&lt;/b&gt;。</span>' in page
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in page and "<b>&</b>" not in page

    _submit(db, app.id)  # revision 2 frozen: compare the two revisions
    wait_tasks(qtbot, ctx)
    dialog.reload()
    wait_tasks(qtbot, ctx)
    assert [dialog.from_combo.itemData(i) for i in range(dialog.from_combo.count())] == [1, 2]
    dialog.choose(1, 2)
    wait_tasks(qtbot, ctx)
    assert [d.key for d in dialog.diffs if d.changed] == [section.key]
    assert "海外仓" in dialog.plain_text()
    dialog.choose(2, None)
    wait_tasks(qtbot, ctx)
    assert not any(d.changed for d in dialog.diffs)
    assert "No differences" in dialog.plain_text()
    ctx.lang.set_language("zh_CN")
    assert dialog.full.text() == "显示全文"
    assert dialog.to_combo.currentData() == CURRENT


def test_reattaching_a_file_whose_stored_copy_was_damaged_is_good_news(qtbot, ctx, db, firm,
                                                                       panel, tmp_path,
                                                                       monkeypatch):
    import os
    import stat

    from PySide6.QtWidgets import QMessageBox

    from ui.widgets.attachment_dialog import PendingFile

    src = _file(tmp_path / "in", "营业执照.pdf", b"%PDF licence " * 2000)
    first = attachments.add(db, src, enterprise_id=firm.id, kind="licence").value
    stored = next(p for p in db.attachments_dir.rglob(first.sha256))
    os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
    stored.write_bytes(b"damaged on disk")  # the stored copy no longer matches its SHA-256
    said: list[str] = []
    monkeypatch.setattr("ui.widgets.attachments_panel.notify",
                        lambda _w, message, **_k: said.append(message))
    panel.set_target(firm.id, None)
    wait_tasks(qtbot, ctx)
    panel._attach([PendingFile(src, "licence")])
    wait_tasks(qtbot, ctx)
    assert panel.findChild(QMessageBox, "attachFailures") is None  # not reported as a failure
    assert len(said) == 1 and "营业执照.pdf" in said[0] and "was replaced" in said[0]
    assert len(attachments.list_for(db, firm.id)) == 1  # no duplicate record
    assert stored.read_bytes() == src.read_bytes()  # the stored copy is whole again
