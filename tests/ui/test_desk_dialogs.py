"""The officer's-desk dialogs fit the office screens (1366×768 and 1024×768, a 40 px taskbar,
a 31 px title bar) in both languages: the yearly figures, the re-review and revocation, the
revision comparison, the participant dialog and Settings open no larger than the screen's
free area, their buttons inside them, nothing scrolls sideways and no text is cut
(``tests/ui/fit_check.py``); and what the reviewers found wrong in them stays fixed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QScrollArea, QWidget

from coop_desktop.services import enterprises
from tests.ui.conftest import wait_tasks
from tests.ui.fit_check import fit_problems
from ui import window_state
from ui.widgets import screen_fit

#: the free area of each office screen (the taskbar taken off)
SCREENS = {"1366x768": QRect(0, 0, 1366, 728), "1024x768": QRect(0, 0, 1024, 728)}


@pytest.fixture
def screen(monkeypatch, request):
    """Dialogs sized by ``screen_fit`` see this screen instead of the offscreen one."""
    area = SCREENS[request.param]
    monkeypatch.setattr(screen_fit, "available_area", lambda _widget: QRect(area))
    return area


def _fits(dialog: QWidget, area: QRect) -> list[str]:
    """What is wrong with ``dialog`` shown on a screen whose free area is ``area``."""
    found = [str(p) for p in fit_problems(dialog)]
    room = screen_fit.room(area)
    if dialog.width() > room.width() or dialog.height() > room.height():
        found.append(f"{dialog.width()}×{dialog.height()} is larger than the screen's "
                     f"{room.width()}×{room.height()}")
    if dialog.height() + window_state.TITLE_BAR > area.height():
        found.append(f"{dialog.height()} px and the title bar are taller than {area}")
    box = dialog.findChild(QDialogButtonBox)
    for button in box.buttons() if box is not None else []:
        corner = button.mapTo(dialog, QPoint(0, 0))
        if not button.isVisible() or not dialog.rect().contains(QRect(corner, button.size())):
            found.append(f"button {button.text()!r} is not inside the dialog")
        scroll = button.parentWidget()
        while scroll is not None and scroll is not dialog:
            if isinstance(scroll, QScrollArea):
                found.append(f"button {button.text()!r} scrolls away with the content")
            scroll = scroll.parentWidget()
    for scroll in dialog.findChildren(QScrollArea):
        if scroll.isVisible() and scroll.horizontalScrollBar().maximum() > 0:
            found.append(f"{scroll.objectName()} scrolls sideways")
    return found


def _show(qtbot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.wait(30)  # posted layout requests


@pytest.fixture
def firm(ctx, new_uscc):
    return enterprises.create(ctx.db, {"name_zh": "常州恒创精密传动科技有限公司",
                                       "uscc": new_uscc("320400"), "industry": "industry"}).value


# ---------------------------------------------------------------- yearly figures
@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_yearly_figures_fit_the_screen_with_their_buttons(qtbot, ctx, firm, screen,
                                                              language):
    from ui.widgets.record_dialogs import RecordDialog
    from ui.widgets.year_dialog import YEAR_DIALOG

    ctx.lang.set_language(language, notify=False)
    dialog = RecordDialog(ctx, YEAR_DIALOG, enterprise_id=firm.id)
    _show(qtbot, dialog)
    assert _fits(dialog, screen) == []
    # the labels sit above their fields (a label beside its field had a third of the room)
    label = dialog.labels["srdi_development_score"]
    field = dialog.fields["srdi_development_score"]
    assert label.mapTo(dialog, QPoint(0, 0)).y() + label.height() <= \
        field.mapTo(dialog, QPoint(0, 0)).y()
    assert abs(label.mapTo(dialog, QPoint(0, 0)).x() - field.mapTo(dialog, QPoint(0, 0)).x()) <= 2


def test_yearly_figure_labels_start_with_a_capital(qtbot, ctx):
    from ui.widgets.year_dialog import YEAR_FIELDS

    assert [f.label for f in YEAR_FIELDS if not f.label[0].isupper() and f.label[0].isalpha()
            ] == []


def test_a_chinese_label_is_not_broken_before_its_last_characters(qtbot, ctx, firm,
                                                                  monkeypatch):
    """「细分市场占有率位居前 / 列」, 「（%）」 alone on a line: at the 1024 screen every label of
    the dialog is on one line in Chinese."""
    from ui.widgets.record_dialogs import RecordDialog
    from ui.widgets.year_dialog import YEAR_DIALOG

    monkeypatch.setattr(screen_fit, "available_area", lambda _w: QRect(SCREENS["1024x768"]))
    ctx.lang.set_language("zh_CN", notify=False)
    dialog = RecordDialog(ctx, YEAR_DIALOG, enterprise_id=firm.id)
    _show(qtbot, dialog)
    line = dialog.labels["year"].fontMetrics().height()
    wrapped = [label.text() for label in dialog.labels.values()
               if label.heightForWidth(label.width()) - label.contentsMargins().top()
               - label.contentsMargins().bottom() > 1.5 * line]
    assert wrapped == []


# ---------------------------------------------------------------- a title's life
@pytest.fixture
def srdi_title(ctx, firm):
    from coop_desktop.services import catalog, srdi_titles

    title = catalog.titles.create(ctx.db, {"enterprise_id": firm.id, "tier": "srdi",
                                           "level": "provincial",
                                           "granted_on": date(2025, 7, 30)}).value
    srdi_titles.record_review(ctx.db, title.id, date(2025, 8, 20), "passed",
                              "省工信厅复核通过，材料齐全，无需补正")
    srdi_titles.record_event(ctx.db, title.id, "annual_update", date(2026, 4, 12))
    return title


def _overlapping(dialog: QWidget, target: QWidget) -> list[str]:
    """Visible widgets painted over ``target`` (not it, its parents or its children)."""
    rect = QRect(target.mapTo(dialog, QPoint(0, 0)), target.size())
    found = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible() or widget is target or widget.isAncestorOf(target) \
                or target.isAncestorOf(widget) or widget.isWindow():
            continue
        if QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size()).intersects(rect):
            found.append(f"{type(widget).__name__}#{widget.objectName()}")
    return found


@pytest.mark.parametrize("action", ["review", "event", "revoke"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_nothing_is_painted_over_the_date_label(qtbot, ctx, srdi_title, action, language):
    from coop_desktop.i18n.formatting import format_date
    from ui.widgets.title_life import TitleEventDialog

    ctx.lang.set_language(language, notify=False)
    dialog = TitleEventDialog(ctx, action, srdi_title.id)
    _show(qtbot, dialog)
    date_label = next(label for label in dialog.findChildren(QLabel)
                      if label.text() == ctx.tr.gettext("Date"))
    assert _overlapping(dialog, date_label) == []
    # the date as the app writes dates (2026年12月6日 / Dec 6, 2026), not ISO
    assert dialog.when.text() == format_date(date.today(), ctx.tr)
    assert dialog.occurred_on() == date.today()


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_title_event_dialogs_fit_the_screen(qtbot, ctx, srdi_title, screen, language):
    from ui.widgets.title_life import TitleEventDialog

    ctx.lang.set_language(language, notify=False)
    for action in ("review", "event", "revoke"):
        dialog = TitleEventDialog(ctx, action, srdi_title.id)
        _show(qtbot, dialog)
        assert _fits(dialog, screen) == [], action
        dialog.close()


def test_the_title_history_columns_are_as_wide_as_their_texts(qtbot, ctx, firm, srdi_title):
    from ui.widgets.enterprise_form import EnterpriseForm

    ctx.lang.set_language("zh_CN", notify=False)
    form = EnterpriseForm(ctx)
    qtbot.addWidget(form)
    form.resize(700, 700)
    form.show()
    form.load(firm.id)
    wait_tasks(qtbot, ctx)
    form.tabs.setCurrentWidget(form.titles)
    panel = form.titles
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.events_model.rowCount() == 2)
    qtbot.wait(30)
    table = panel.events
    header = table.horizontalHeader()
    for column in range(3):  # date, what, result: never cut
        needed = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= needed, column
    # the notes take what is left
    used = sum(header.sectionSize(c) for c in range(header.count()))
    assert used >= table.viewport().width() - 1
    # the validity column says the date, not "有效期至 …" under its 有效期 header
    validity = panel.model.index(0, panel.model.columnCount() - 1).data()
    assert validity == "2028年8月20日"  # three years from the re-review


def test_revoking_a_title_is_not_called_undo_in_chinese(ctx):
    ctx.lang.set_language("zh_CN", notify=False)
    _ = ctx.tr.gettext
    undo = _("Undo")
    for msgid in ("Revoke…", "Revoke", "Revoke the title"):
        assert undo not in _(msgid), msgid


# ---------------------------------------------------------------- revision comparison
def test_a_changed_number_reads_as_two_numbers_without_colour():
    from PySide6.QtGui import QTextDocument

    from coop_desktop.services.application_diff import diff_text
    from ui.widgets.revision_diff import ops_html

    ops = diff_text("总投资人民币2,800万元", "总投资人民币4,100万元")
    document = QTextDocument()
    document.setHtml(ops_html(ops, full=True))
    assert document.toPlainText() == "总投资人民币2,800 4,100万元"
    # a deletion, or an insertion, alone gets no space
    for old, new, shown in (("甲乙丙", "甲丙", "甲乙丙"), ("甲丙", "甲乙丙", "甲乙丙")):
        document.setHtml(ops_html(diff_text(old, new), full=True))
        assert document.toPlainText() == shown


@pytest.fixture
def revised_app(ctx, firm):
    from coop_desktop.models import ApplicationStatus
    from coop_desktop.services import applications
    from coop_desktop.settings import AppSettings

    officer = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局")
    db = ctx.db
    app = applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                              country="DE", settings=officer).value

    def submit() -> None:
        found = applications.open_errors(applications.check(db, app.id))
        applications.ignore_issues(db, app.id, [(s.key, i.key) for s, i in found],
                                   "Checked with the officer.")
        applications.set_status(db, app.id, ApplicationStatus.READY)
        applications.set_status(db, app.id, ApplicationStatus.SUBMITTED, settings=officer)

    submit()
    applications.new_revision(db, app.id)
    section = applications.sections(db, app.id)[-1]
    applications.update_section(db, app.id, section.key, zh=section.zh + "总投资人民币4,100万元。",
                                en=section.en + " A total investment of RMB 41 million.")
    return app.id


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_revision_comparison_fits_the_screen(qtbot, ctx, revised_app, screen, language):
    from ui.widgets.revision_diff import WANTED, RevisionDiffDialog

    ctx.lang.set_language(language, notify=False)
    dialog = RevisionDiffDialog(ctx, revised_app)
    _show(qtbot, dialog)
    wait_tasks(qtbot, ctx)
    qtbot.wait(30)
    assert _fits(dialog, screen) == []
    # as large as it asks within the screen's room (it was a fixed 1000×680)
    assert dialog.size() == WANTED.boundedTo(screen_fit.room(screen))


# ---------------------------------------------------------------- participant, Settings
@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_participant_dialog_and_settings_fit_the_screen(qtbot, ctx, firm, screen,
                                                            language):
    from ui.widgets.participant_dialog import ParticipantDialog
    from ui.widgets.settings_dialog import SettingsDialog

    ctx.lang.set_language(language, notify=False)
    ctx.settings.language = "en" if language == "zh_CN" else "zh_CN"  # the note shows
    for make in (lambda: ParticipantDialog(ctx), lambda: SettingsDialog(ctx)):
        dialog = make()
        _show(qtbot, dialog)
        assert _fits(dialog, screen) == [], type(dialog).__name__
        dialog.close()


@pytest.mark.parametrize(("in_use", "saved", "note"), [
    ("zh_CN", "en", "当前界面语言为中文（本次启动时指定）。下次启动将使用此处保存的语言：英文。"),
    ("en", "zh_CN", "The interface is in English for this session (chosen when the app was "
                    "started). From the next start, the language saved here applies: "
                    "Chinese.")])
def test_settings_say_which_language_as_an_officer_would(qtbot, ctx, in_use, saved, note):
    from ui.widgets.settings_dialog import SettingsDialog

    ctx.settings.language = saved
    ctx.lang.set_language(in_use)
    dialog = SettingsDialog(ctx)
    _show(qtbot, dialog)
    assert dialog.language_note.text() == note


def test_a_dialog_larger_than_the_screen_is_sized_and_moved_onto_it(qtbot):
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.move(300, 400)
    dialog.show()
    area = QRect(0, 0, 1024, 728)
    size = screen_fit.fit_dialog(dialog, QSize(1100, 720), area)
    assert size == QSize(1024 - 2 * screen_fit.MARGIN,
                         728 - window_state.TITLE_BAR - 2 * screen_fit.MARGIN)
    assert dialog.size() == size
    frame = dialog.frameGeometry()
    assert dialog.geometry().top() - window_state.TITLE_BAR >= area.top()
    assert area.contains(QRect(frame.left(), frame.top(), frame.width(),
                               dialog.geometry().bottom() - frame.top() + 1))
