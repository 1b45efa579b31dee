"""The application editor and list: real widgets on a real (temporary) database.

Debounces are shortened through the editor's parameters so the tests stay fast; the crash
test runs the editor with its real timings in a child process and kills it.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from sqlmodel import select

from coop_desktop.documents.qa import Severity
from coop_desktop.models import AuditEntry
from coop_desktop.services import applications, enterprises, termbase, tm
from coop_desktop.services.catalog import zones
from coop_desktop.settings import AppSettings
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.pages.applications import ApplicationsPage
from ui.widgets.application_editor import ApplicationEditor
from ui.widgets.qa_panel import IgnoreDialog

ROOT = Path(__file__).resolve().parents[2]
FAST = {"idle_ms": 60, "max_ms": 300, "check_delay_ms": 20, "tm_delay_ms": 20}
OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局",
                      organisation_en="Shenzhen SME Service Bureau")


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {
        "name_zh": "深圳市示例精密机械有限公司", "uscc": new_uscc(), "legal_rep": "张三",
        "name_en": "Shenzhen Example Precision Machinery Co., Ltd.",
        "registered_capital_fen": 500_000_000, "established_on": date(2015, 3, 5)}).value


@pytest.fixture
def app(db, firm):
    zone = zones.list(db, source_key="cn-de-taicang")[0]
    return applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                               zone_id=zone.id, country="DE", settings=OFFICER,
                               deadline=date(2031, 1, 1)).value


def show(qtbot, widget):
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def settle(qtbot, ctx, editor, timeout=10_000):
    qtbot.waitUntil(lambda: editor.data is not None and not ctx.runner.busy
                    and not editor.busy, timeout=timeout)


@pytest.fixture
def editor(qtbot, ctx, app):
    ctx.settings = OFFICER
    widget = ApplicationEditor(ctx, **FAST)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    show(qtbot, widget)
    widget.open(app.id)
    settle(qtbot, ctx, widget)
    return widget


def _section(db, app_id, key):
    return next(s for s in applications.sections(db, app_id) if s.key == key)


def type_text(qtbot, edit, text):
    """Type like a user: ASCII through key clicks, Chinese as an input method commits it
    (QTest's key clicks only know ASCII)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(edit, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(edit, event)


def _type_at_end(qtbot, edit, text):
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, edit, text)


def _set_text(qtbot, ctx, editor, key, zh=None, en=None):
    """Replace a section's text as a user would (then let the autosave write it)."""
    row = editor.row(key)
    for edit, text in ((row.zh, zh), (row.en, en)):
        if text is not None:
            edit.setFocus()
            edit.replace_all(text)
    settle(qtbot, ctx, editor)


def _ignore_all_errors(db, app_id):
    for section, issue in applications.open_errors(applications.check(db, app_id)):
        applications.ignore_issue(db, app_id, section.key, issue.key, "checked by the officer")


# ------------------------------------------------------------------ autosave
def test_typing_in_both_columns_is_saved_by_the_autosave(qtbot, ctx, db, app, editor):
    row = editor.row("company_profile")
    before = _section(db, app.id, "company_profile")
    _type_at_end(qtbot, row.zh, "公司拥有专利12项。")
    _type_at_end(qtbot, row.en, " The Company holds 12 patents.")
    assert editor.header.saved.text() in ("Edited", "Saving…")
    settle(qtbot, ctx, editor)
    saved = _section(db, app.id, "company_profile")
    assert saved.zh == before.zh + "公司拥有专利12项。"
    assert saved.en == before.en + " The Company holds 12 patents."
    assert editor.header.saved.text().startswith("Saved ")
    # one audit row per side for the whole stretch of typing (coalesced), old text kept
    with db.session() as session:
        rows = session.exec(select(AuditEntry).where(
            AuditEntry.entity == "application_section", AuditEntry.entity_id == saved.id,
            AuditEntry.action == "update")).all()
    assert sorted((r.field, r.old_value) for r in rows) == [("en", before.en), ("zh", before.zh)]


def test_continuous_typing_is_saved_before_it_stops(qtbot, ctx, db, app, firm):
    editor = ApplicationEditor(ctx, idle_ms=400, max_ms=500, check_delay_ms=20, tm_delay_ms=20)
    qtbot.addWidget(editor)
    show(qtbot, editor)
    editor.open(app.id)
    settle(qtbot, ctx, editor)
    edit = editor.row("technology").zh
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    started = time.monotonic()
    while time.monotonic() - started < 1.0:  # a key every 100 ms: never 400 ms idle
        type_text(qtbot, edit, "研")
        qtbot.wait(100)
    assert "研研研" in _section(db, app.id, "technology").zh  # saved while still typing
    settle(qtbot, ctx, editor)


def test_focus_leaving_the_editor_saves_at_once(qtbot, ctx, db, app):
    window = QWidget()
    editor = ApplicationEditor(ctx, idle_ms=60_000, max_ms=60_000, check_delay_ms=20,
                               tm_delay_ms=20)
    outside = QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(outside)
    layout.addWidget(editor)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    show(qtbot, window)
    editor.open(app.id)
    settle(qtbot, ctx, editor)
    _type_at_end(qtbot, editor.row("reasons").en, " Saved on leaving.")
    assert not editor.autosave.pending
    outside.setFocus()
    qtbot.waitUntil(outside.hasFocus)
    settle(qtbot, ctx, editor)
    assert _section(db, app.id, "reasons").en.endswith(" Saved on leaving.")


def test_page_switch_saves_and_ctrl_z_in_a_field_is_the_fields_own_undo(qtbot, ctx, db, app):
    from ui.context import UndoEntry
    from ui.pages.events import EventsPage

    window = MainWindow(ctx, [lambda c: ApplicationsPage(c, idle_ms=60_000, max_ms=60_000,
                                                         check_delay_ms=20, tm_delay_ms=20),
                              EventsPage])
    qtbot.addWidget(window)
    show(qtbot, window)
    wait_tasks(qtbot, ctx)
    page = window.current_page()
    page.open_application(app.id)
    settle(qtbot, ctx, page.editor)
    undo_calls = []
    ctx.undo_stack.append(UndoEntry("sentinel", lambda: undo_calls.append(1)))
    edit = page.editor.row("zone_plan").zh
    original = edit.text()
    _type_at_end(qtbot, edit, "甲")
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == original
    wait_tasks(qtbot, ctx)
    assert undo_calls == [] and len(ctx.undo_stack) == 1  # the app's undo did not run
    _type_at_end(qtbot, edit, "乙")
    window.sidebar.setCurrentRow(1)  # to the events page: the edit is saved on the way
    wait_tasks(qtbot, ctx)
    assert _section(db, app.id, "zone_plan").zh == original + "乙"


def test_autosave_survives_a_crash(tmp_path, db, app):
    """A child process types into the editor (real debounce) and is killed with SIGKILL
    once the autosave has committed, within 3 s: what it typed is in the database."""
    code = f"""
import gc, os, sys, traceback
gc.disable()
sys.excepthook = lambda *exc: (traceback.print_exception(*exc), os._exit(3))
sys.path.insert(0, {str(ROOT)!r})
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from coop_desktop.services import open_database
from coop_desktop.settings import AppSettings
from ui.app import application
from ui.context import AppContext, ChangeHub
from ui.i18n import UiLanguage
from ui.tasks import TaskRunner
from ui.widgets.application_editor import ApplicationEditor

app = application()
db, _report = open_database({str(db.path)!r}, actor="tester")
lang = UiLanguage(app, "en")
ctx = AppContext(db=db, runner=TaskRunner(lambda: lang.tr, app), lang=lang,
                 settings=AppSettings(), hub=ChangeHub())
editor = ApplicationEditor(ctx)
editor.resize(1200, 800)
editor.show()
editor.open({app.id})

def go():
    if editor.data is None or ctx.runner.busy:
        QTimer.singleShot(50, go)
        return
    row = editor.row("expected_benefits")
    for edit, text in ((row.zh, "断电前输入的文字。"), (row.en, " Typed before the power cut.")):
        edit.setFocus()
        edit.moveCursor(QTextCursor.MoveOperation.End)
        for ch in text:  # Chinese as an input method commits it; English as keys
            if ch.isascii():
                QTest.keyClicks(edit, ch)
            else:
                event = QInputMethodEvent()
                event.setCommitString(ch)
                QApplication.sendEvent(edit, event)
    print("typed", flush=True)

QTimer.singleShot(0, go)
app.exec()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(child.stdout.readline()), daemon=True).start()
    try:
        try:
            line = lines.get(timeout=60)  # until it has typed (or died)
        except queue.Empty:
            line = ""
        if line.strip() != "typed":
            child.kill()
            pytest.fail(f"the child did not type: {child.communicate(timeout=10)[1]}")
        deadline = time.monotonic() + 3  # the debounce saves well within 3 s
        while time.monotonic() < deadline:
            now = next(s for s in applications.sections(db, app.id) if s.key == "expected_benefits")
            if now.zh.endswith("断电前输入的文字。") and now.en.endswith(" Typed before the power cut."):
                break  # committed: the power cut comes now, not seconds later
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    db.close()
    from coop_desktop.services import open_database

    again, _report = open_database(db.path, actor="tester")
    try:
        text = next(s for s in applications.sections(again, app.id) if s.key == "expected_benefits")
        assert text.zh.endswith("断电前输入的文字。")
        assert text.en.endswith(" Typed before the power cut.")
    finally:
        again.close()


# ------------------------------------------------------------------ terms
def _term_ranges(edit):
    out = []
    block = edit.document().begin()
    while block.isValid():
        for r in block.layout().formats():
            if r.format.underlineStyle() != r.format.underlineStyle().NoUnderline:
                out.append(block.text()[r.start:r.start + r.length])
        block = block.next()
    return out


def test_terms_are_highlighted_and_inserted_from_the_popup(qtbot, ctx, db, app, editor):
    termbase.add_user_term(db, "数控机床", "CNC machine tools", note="行业用语")
    termbase.add_user_term(db, "精密轴承", "precision bearings")
    editor.terms.load()
    qtbot.waitUntil(lambda: editor.terms.terms is not None
                    and any(t.zh == "数控机床" for t in editor.terms.terms))
    _set_text(qtbot, ctx, editor, "technology", zh="本企业生产数控机床和精密轴承。", en="The Company makes ")
    row = editor.row("technology")
    assert {"数控机床", "精密轴承"} <= set(_term_ranges(row.zh))
    tip = row.tooltip_at(row.zh, row.zh.cursorRect(_cursor_at(row.zh, 6)).center())
    assert "CNC machine tools" in tip and "行业用语" in tip

    row.zh.setFocus()
    cursor = row.zh.textCursor()
    cursor.setPosition(13)  # inside 精密轴承: nearest first
    row.zh.setTextCursor(cursor)
    row.en.setFocus()
    row.en.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.waitUntil(row.en.hasFocus)
    qtbot.keyClick(row.en, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    picker = editor.picker
    assert picker is not None and picker.isVisible()
    assert [c.en for c in picker.choices][:2] == ["precision bearings", "CNC machine tools"]
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert row.en.text() == "The Company makes precision bearings"
    qtbot.keyClick(row.en, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert row.en.text() == "The Company makes "  # one undoable edit
    settle(qtbot, ctx, editor)


def test_an_entry_with_two_renderings_offers_each_for_insertion(qtbot, ctx, db, app, editor):
    """汽车零部件 → "auto parts / automotive components": two choices, never the slash."""
    _set_text(qtbot, ctx, editor, "technology", zh="本企业生产汽车零部件。", en="It makes ")
    row = editor.row("technology")
    row.en.setFocus()
    row.en.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.waitUntil(row.en.hasFocus)
    picker = editor.show_term_picker()
    assert picker is not None
    offered = [c.en for c in picker.choices if c.zh == "汽车零部件"]
    assert offered == ["auto parts", "automotive components"]
    picker.list.setCurrentRow([c.en for c in picker.choices].index("automotive components"))
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert row.en.text() == "It makes automotive components"
    settle(qtbot, ctx, editor)


def _cursor_at(edit, position):
    cursor = edit.textCursor()
    cursor.setPosition(position)
    return cursor


def test_term_highlighting_is_fast_with_150k_record_terms(qtbot, ctx, editor):
    """A 2,000-character section against 150,000 record names (the time is printed)."""
    import random

    from coop_desktop.services.termbase import Term, TermList, TermOrigin

    rng = random.Random(3)
    chars = "深圳广州杭州南京成都武汉西安苏州宁波华为创新智能科技电子信息材料制造精密机械新能源生物医药"
    names = TermList(Term("".join(rng.choice(chars) for _ in range(rng.randint(2, 10))) + "有限公司",
                          "Co.", TermOrigin.RECORD, None, i) for i in range(150_000))
    _ = names.index
    editor.terms.terms = names
    text = "".join(rng.choice(chars + "，。的了在和与") for _ in range(1_960))
    text = names[5].zh + text[:1000] + "\n" + names[77].zh + text[1000:]
    row = editor.row("company_profile")
    row.zh.setPlainText(text)
    started = time.perf_counter()
    row.zh_highlighter.rehighlight()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"\nhighlighting {len(text):,} characters with 150,000 terms: {elapsed:.1f} ms")
    assert names[5].zh in _term_ranges(row.zh) and names[77].zh in _term_ranges(row.zh)
    assert elapsed < 250


# ------------------------------------------------------------------ translation memory
def test_a_tm_match_is_shown_with_its_differences_and_inserted(qtbot, ctx, db, app, editor):
    tm.store_pair(db, "本企业计划在合作区设立欧洲研发中心。",
                  "The Company plans to set up a European R&D centre in the zone.")
    _set_text(qtbot, ctx, editor, "zone_plan", zh="本企业计划在合作区设立德国研发中心。", en="")
    row = editor.row("zone_plan")
    row.zh.setFocus()
    qtbot.waitUntil(lambda: editor.tm.key == "zone_plan" and bool(editor.tm.found))
    (found,) = editor.tm.found
    assert 80 <= found.match.score < 100
    card = editor.tm.cards[0]
    assert "line-through" in card.zh.text() and "德国" in card.zh.text() and "欧洲" in card.zh.text()
    card.insert_button.click()
    assert row.en.text() == "The Company plans to set up a European R&D centre in the zone."
    qtbot.keyClick(row.en, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert row.en.text() == ""  # one undoable edit
    row.en.insert_at_cursor("In short: ")
    qtbot.keyClick(row.en, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # the shortcut
    expected = "In short: The Company plans to set up a European R&D centre in the zone."
    assert row.en.text() == expected
    settle(qtbot, ctx, editor)
    assert _section(db, app.id, "zone_plan").en == row.en.text()


# ------------------------------------------------------------------ QA
def _card(editor, code):
    return next(c for c in editor.qa.cards if c.checked.issue.code == code)


def test_clicking_a_finding_selects_its_span(qtbot, ctx, db, app, editor):
    _set_text(qtbot, ctx, editor, "financial_position", zh="上一年度营业收入为人民币500万元。",
              en="Operating revenue in the last financial year was RMB 6 million.")
    editor.check_now()
    settle(qtbot, ctx, editor)
    card = _card(editor, "number_mismatch")
    issue = card.checked.issue
    assert issue.severity == Severity.ERROR and issue.span is not None
    editor.scroll.verticalScrollBar().setValue(0)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    edit = editor.row("financial_position").editor(issue.side)
    qtbot.waitUntil(edit.hasFocus)
    start, end = issue.span
    assert edit.selected_span() == (start, end)
    assert edit.textCursor().selectedText() == edit.text()[start:end]
    assert editor.scroll.verticalScrollBar().value() > 0  # scrolled down to the section


def test_ignore_needs_a_reason_and_can_be_taken_back(qtbot, ctx, db, app, editor):
    _set_text(qtbot, ctx, editor, "financial_position", zh="营业收入为人民币500万元。",
              en="Operating revenue was RMB 6 million.")
    editor.check_now()
    settle(qtbot, ctx, editor)
    before = editor.qa.open_errors()
    assert editor.header.errors.text() == f"{before} open errors"
    _card(editor, "number_mismatch").button.click()
    dialog = editor.qa.dialog
    assert isinstance(dialog, IgnoreDialog) and not dialog.ok.isEnabled()
    dialog.reason.setPlainText("   ")
    assert not dialog.ok.isEnabled()  # a reason is required
    dialog.reason.setPlainText("The figure in the English text is the audited one.")
    dialog.ok.click()
    settle(qtbot, ctx, editor)
    card = _card(editor, "number_mismatch")
    assert card.checked.ignored and "audited one" in card.reason.text()
    assert card.button.objectName() == "unignoreButton"
    assert editor.qa.open_errors() == before - 1
    assert editor.header.errors.text() == f"{before - 1} open errors"
    card.button.click()
    settle(qtbot, ctx, editor)
    assert not _card(editor, "number_mismatch").checked.ignored
    assert editor.qa.open_errors() == before


# ------------------------------------------------------------------ workflow
def test_mark_ready_is_refused_with_the_reasons_then_allowed(qtbot, ctx, db, app, editor):
    editor.header.buttons["ready"].click()
    settle(qtbot, ctx, editor)
    box = editor.refusal
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "cannot be marked ready" in box.text()
    assert "Company Profile:" in box.informativeText()
    assert applications.get(db, app.id).status == "draft"
    assert editor.side.currentWidget() is editor.qa
    box.close()

    _ignore_all_errors(db, app.id)
    editor.header.buttons["ready"].click()
    settle(qtbot, ctx, editor)
    assert applications.get(db, app.id).status == "ready"
    assert editor.header.status.text() == "Ready to submit"
    assert editor.row("company_profile").zh.isReadOnly() and editor.header.banner.isVisible()
    assert not editor.header.buttons["ready"].isVisible()
    editor.header.buttons["draft"].click()
    settle(qtbot, ctx, editor)
    assert not editor.row("company_profile").zh.isReadOnly() and not editor.header.banner.isVisible()


def test_submitted_is_read_only_and_feeds_the_translation_memory(qtbot, ctx, db, app, editor,
                                                               monkeypatch):
    _ignore_all_errors(db, app.id)
    applications.set_status(db, app.id, "ready")
    editor.reload()
    settle(qtbot, ctx, editor)
    asked = []

    def accept(box):
        asked.append(box.text())
        box.setProperty("answer", True)
        box.buttons()[0].click()  # the confirming button comes first
        return 0

    monkeypatch.setattr(QMessageBox, "exec", accept)
    editor.header.buttons["submitted"].click()
    settle(qtbot, ctx, editor)
    assert asked and "frozen" in asked[0]
    assert applications.get(db, app.id).status == "submitted"
    assert tm.count(db) > 0  # the submitted pairs are in the memory
    zh = editor.row("company_profile").zh
    assert zh.isReadOnly()
    text = zh.text()
    zh.setFocus()
    type_text(qtbot, zh, "不能改 nor this")
    assert zh.text() == text
    banner = editor.header.banner.text()
    assert banner.startswith("Submitted on ") and "Start a new revision to edit." in banner
    assert editor.header.buttons["new_revision"].isVisible()
    assert not editor.header.refresh_button.isVisible()

    assert editor.attachments is not None and editor.attachments.read_only
    assert editor.header.compare_button.isEnabled()  # a frozen revision exists now
    editor.header.compare_button.click()
    from ui.widgets.revision_diff import RevisionDiffDialog

    dialog = editor.findChild(RevisionDiffDialog)
    assert dialog is not None and dialog.app_id == app.id
    dialog.close()

    editor.header.buttons["new_revision"].click()
    settle(qtbot, ctx, editor)
    assert not zh.isReadOnly() and editor.header.revision.text() == "Revision 2"
    assert not editor.attachments.read_only


def test_cancelled_confirmation_changes_nothing(qtbot, ctx, db, app, editor, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.buttons()[1].click() or 0)
    editor.header.buttons["withdrawn"].click()
    settle(qtbot, ctx, editor)
    assert applications.get(db, app.id).status == "draft"


# ------------------------------------------------------------------ placeholders
def test_placeholders_are_marked_and_refreshed_from_the_record(qtbot, ctx, db, new_uscc):
    firm = enterprises.create(db, {"name_zh": "无英文名有限公司", "uscc": new_uscc()}).value
    app = applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                              settings=OFFICER).value
    editor = ApplicationEditor(ctx, **FAST)
    qtbot.addWidget(editor)
    show(qtbot, editor)
    editor.open(app.id)
    settle(qtbot, ctx, editor)
    row = editor.row("company_profile")
    assert "{{enterprise.name}}" in row.en.text()
    assert "{{enterprise.name}}" in _formatted(row.en)
    assert row.refresh_button.isVisible()
    enterprises.update(db, firm.id, {"name_en": "No English Name Co., Ltd."})
    row.refresh_button.click()
    settle(qtbot, ctx, editor)
    assert row.en.text().startswith("No English Name Co., Ltd. (the “Company”)")
    assert _section(db, app.id, "company_profile").en == row.en.text()
    row.en.setFocus()
    qtbot.keyClick(row.en, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "{{enterprise.name}}" in row.en.text()  # the refill is one undoable edit


def _formatted(edit):
    out = []
    block = edit.document().begin()
    while block.isValid():
        out += [block.text()[r.start:r.start + r.length] for r in block.layout().formats()]
        block = block.next()
    return out


# ------------------------------------------------------------------ language
def test_language_switch_retitles_sections_but_never_touches_the_text(qtbot, ctx, editor):
    row = editor.row("company_profile")
    texts = row.texts()
    assert row.title.text() == "Company Profile"
    ctx.lang.set_language("zh_CN")
    assert row.title.text() == "企业基本情况"
    assert editor.col_zh.text() == "中文" and editor.header.back_button.text() != "← Applications"
    assert row.texts() == texts and not editor.autosave.unsaved()
    ctx.lang.set_language("en")
    assert row.title.text() == "Company Profile"


def test_counters_turn_red_over_the_limit(qtbot, ctx, editor):
    row = editor.row("financial_position")  # 600 characters / 400 words
    row.zh.replace_all("字" * 601)
    assert row.zh_count.text() == "601 characters / 600" and "b3261e" in row.zh_count.styleSheet()
    row.en.replace_all("word " * 12)
    assert row.en_count.text() == "12 words / 400" and "b3261e" not in row.en_count.styleSheet()


# ------------------------------------------------------------------ list page
@pytest.fixture
def page(qtbot, ctx, app):
    ctx.settings = OFFICER
    widget = ApplicationsPage(ctx, **FAST)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    show(qtbot, widget)
    wait_tasks(qtbot, ctx)
    return widget


def test_models_pass_the_model_tester(qtmodeltester, page):
    assert page.model.rowCount() == 1
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_list_shows_countdown_completeness_and_filters(qtbot, ctx, db, app, page):
    row = page.model.rows[0]
    days = (date(2031, 1, 1) - date.today()).days
    deadline = page.proxy.index(0, 3).data()
    assert deadline.endswith(f"in {days} days")
    assert page.proxy.index(0, 4).data() == "0% / 0%" or "/" in page.proxy.index(0, 4).data()
    assert page.proxy.index(0, 2).data() == "Draft" and row.id == app.id
    page.status_filter.setCurrentIndex(page.status_filter.findData("submitted"))
    assert page.proxy.rowCount() == 0 and page.count_label.text() == "0 of 1 application"
    page.status_filter.setCurrentIndex(page.status_filter.findData("open"))
    assert page.proxy.rowCount() == 1
    page.filter.setText("精密机械")
    assert page.proxy.rowCount() == 1
    page.filter.setText("不存在")
    assert page.proxy.rowCount() == 0


def test_new_application_from_the_dialog_opens_the_editor(qtbot, ctx, db, firm, page):
    dialog = page.new_record()
    dialog.search.setText("示例精密")
    qtbot.waitUntil(lambda: dialog.results.count() > 0 and dialog.results.item(0).data(
        Qt.ItemDataRole.UserRole) is not None)
    dialog.results.setCurrentRow(0)
    assert dialog.enterprise_id == firm.id
    dialog.reference.setText("SZ-2026-001")
    dialog.has_deadline.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    settle(qtbot, ctx, page.editor)
    assert page.editing and page.editor.data.app.reference_no == "SZ-2026-001"
    assert page.editor.data.app.enterprise_id == firm.id
    assert "Ref. SZ-2026-001" in page.editor.header.details.text()
    page.editor.header.back_button.click()
    wait_tasks(qtbot, ctx)
    assert not page.editing and page.model.rowCount() == 2


def test_the_dialog_wants_an_enterprise(qtbot, page):
    dialog = page.new_record()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "pick it from the list" in dialog.errors.text("enterprise_id")


def test_delete_goes_to_the_recycle_bin_and_undo_restores(qtbot, ctx, db, app, page):
    page.table.selectRow(0)
    page.delete_selected()
    wait_tasks(qtbot, ctx)
    assert page.model.rowCount() == 0
    assert applications.get(db, app.id, deleted=True).deleted_at is not None
    assert ctx.undo_last()
    wait_tasks(qtbot, ctx)
    assert page.model.rowCount() == 1


def test_opening_shows_the_application_and_read_only_states(qtbot, ctx, db, app, page):
    page.open_index(page.proxy.index(0, 0))
    settle(qtbot, ctx, page.editor)
    header = page.editor.header
    assert header.status.text() == "Draft" and header.revision.text() == "Revision 1"
    assert "Deadline" in header.details.text() and "Shenzhen Example" in header.details.text()
    assert header.buttons["ready"].isVisible() and not header.buttons["submitted"].isVisible()
    assert not header.compare_button.isEnabled()  # no frozen revision yet
    attachments = page.editor.attachments  # the attachments panel's slot, on this application
    assert attachments is not None and (attachments.enterprise_id, attachments.application_id) == (
        page.editor.data.app.enterprise_id, page.editor.data.app.id)
    assert [page.editor.side.tabText(i) for i in range(3)] == [
        "Translation memory", f"Checks ({page.editor.qa.open_errors()})", "Attachments"]



def test_a_long_editing_session_cannot_wear_out_none_or_true(qtbot, ctx, editor):
    """PySide6 6.12.0 hands back ``None`` (void calls) and ``True`` (``emit``) without a
    reference of their own; a long editing session (autosave, checks, lookups) used to end
    in "none_dealloc"/"bool_dealloc". ``ui.qt_workarounds`` (installed by ``application()``)
    reserves references: whatever this exercise costs, a thousand times more leaves the
    singletons alive."""
    row = editor.row("technology")
    before = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True))}
    for i in range(150):
        row.zh.setPlainText("研发" * (i % 7 + 1))  # size changes, counters, highlighter
        editor.autosave._idle.timeout.emit()
        row.zh.focused.emit()
        editor.header.errors.clicked.emit()
        editor.tm_shortcuts[0].activated.emit()
    after = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True))}
    for name in before:
        lost = max(before[name] - after[name], 1)
        assert after[name] > 1_000 * lost, (name, before[name], after[name])
    settle(qtbot, ctx, editor)


def test_tab_goes_from_chinese_to_english_to_the_next_section(qtbot, ctx, editor):
    first, second = editor.row("company_profile"), editor.row("main_business")
    first.zh.setFocus()
    qtbot.waitUntil(first.zh.hasFocus)
    qtbot.keyClick(first.zh, Qt.Key.Key_Tab)
    assert first.en.hasFocus()
    qtbot.keyClick(first.en, Qt.Key.Key_Tab)
    assert second.zh.hasFocus()
    assert "\t" not in first.zh.text() + first.en.text()
    settle(qtbot, ctx, editor)


# ------------------------------------------------------------------ details
def _details(qtbot, ctx, editor):
    dialog = editor.edit_details()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog._zones_shown and not ctx.runner.busy)
    return dialog


def test_details_dialog_edits_reference_deadline_and_title_with_undo(qtbot, ctx, db, app,
                                                                     editor):
    dialog = _details(qtbot, ctx, editor)
    assert dialog.windowTitle() == "Application details"
    assert not dialog.template.isEnabled() and not dialog.search.isVisible()
    assert "Shenzhen Example" in dialog.chosen.text() or "示例" in dialog.chosen.text()
    assert dialog.zone.currentData() == app.zone_id  # the zone loaded after the dialog opened
    assert dialog.title_en.text() == app.title_en
    dialog.reference.setText("  SZ-2026-0999 ")
    dialog.has_deadline.setChecked(True)
    dialog.deadline.setDate(dialog.deadline.date().fromString("2027-01-15", "yyyy-MM-dd"))
    dialog.title_en.setText("Application to the Taicang zone")
    assert dialog.changes() == {"title_en": "Application to the Taicang zone",
                                "reference_no": "SZ-2026-0999", "deadline": date(2027, 1, 15)}
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    settle(qtbot, ctx, editor)
    saved = applications.get(db, app.id)
    assert (saved.reference_no, saved.deadline, saved.title_en) == (
        "SZ-2026-0999", date(2027, 1, 15), "Application to the Taicang zone")
    assert "Ref. SZ-2026-0999" in editor.header.details.text()
    assert editor.header.title.text() == "Application to the Taicang zone"  # English UI
    # Undo puts every detail back in one step.
    assert ctx.undo_last(editor)
    wait_tasks(qtbot, ctx)
    restored = applications.get(db, app.id)
    assert (restored.reference_no, restored.deadline, restored.title_en) == (
        app.reference_no, app.deadline, app.title_en)


def test_details_refuse_an_empty_title_and_change_nothing(qtbot, ctx, db, app, editor):
    dialog = _details(qtbot, ctx, editor)
    dialog.title_zh.setText("   ")
    dialog.reference.setText("X-1")
    dialog.buttons.accepted.emit()
    wait_tasks(qtbot, ctx)
    assert dialog.isVisible()  # still open, with the reason next to the field
    assert dialog.errors.text("title_zh")  # e.g. "This field is required."
    assert applications.get(db, app.id).reference_no == app.reference_no
    assert applications.get(db, app.id).title_zh == app.title_zh
    dialog.reject()


def test_after_submission_only_reference_and_deadline_can_change(qtbot, ctx, db, app, editor):
    _ignore_all_errors(db, app.id)
    applications.set_status(db, app.id, "ready")
    applications.set_status(db, app.id, "submitted", settings=OFFICER)
    editor.reload()
    settle(qtbot, ctx, editor)
    dialog = _details(qtbot, ctx, editor)
    for widget in (dialog.title_zh, dialog.title_en, dialog.zone, dialog.country):
        assert not widget.isEnabled()
    assert dialog.reference.isEnabled() and dialog.has_deadline.isEnabled()
    dialog.reference.setText("ZQ-2026-17")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.buttons.accepted.emit()
    settle(qtbot, ctx, editor)
    assert applications.get(db, app.id).reference_no == "ZQ-2026-17"


# ------------------------------------------------------------------ find
def test_ctrl_f_finds_in_both_languages_and_esc_returns_to_the_match(qtbot, ctx, db, app):
    page = ApplicationsPage(ctx, **FAST)
    window = MainWindow(ctx, [lambda c: page])
    qtbot.addWidget(window)
    window.resize(1200, 800)
    show(qtbot, window)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.open_index(page.proxy.index(0, 0))
    editor = page.editor
    settle(qtbot, ctx, editor)
    bar = editor.find_bar
    assert not bar.isVisible()
    editor.row("technology").zh.setPlainText("研发投入占比5%，拥有专利。")
    editor.row("technology").en.setPlainText("R&D spending is 5% of revenue; it holds PATENTS.")
    window.act_find.trigger()  # Ctrl+F: the editor's find bar, not the list filter
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "patent")
    total = len(bar.matches)
    assert total >= 1 and bar.count.text() == f"1 of {total}"
    fields = [m.edit for m in bar.matches]
    assert editor.row("technology").en in fields  # case ignored
    first = bar.matches[0]
    assert first.edit.textCursor().selectedText().lower() == "patent"
    assert first.edit.extraSelections()  # marked
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.current == (1 % total)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == 0
    # Chinese is found too; the count follows edits while the bar is open.
    bar.edit.setText("专利")
    n = len(bar.matches)
    assert n >= 1
    editor.row("technology").zh.setPlainText("专利，专利。")
    qtbot.waitUntil(lambda: len(bar.matches) == n + 1, timeout=2_000)
    bar.edit.setText("没有这个词")
    assert bar.matches == [] and bar.count.text() == "No match"
    bar.edit.setText("PATENTS")
    target = bar.matches[bar.current]
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert target.edit.hasFocus() and target.edit.textCursor().selectedText() == "PATENTS"
    assert not any(e.extraSelections() for e in editor._find_fields())
    settle(qtbot, ctx, editor)
