"""The bilingual application editor: header and workflow, one row per section with the
Chinese and English side by side, and the side panels (translation memory, checks,
attachments).

Threads. Everything that touches the database runs on the one database lane of
``ctx.runner`` (first in, first out): loading, the autosave (:mod:`ui.widgets.autosave`),
the checks, translation-memory lookups, term loading, status changes. Before any action
on the application the editor flushes the autosave, so the action is queued after the
save and sees the saved text. Results come back on the GUI thread and are dropped when
the editor has moved to another application meanwhile.

Keys (while the focus is in the sections): Ctrl+T lists the termbase terms of the
section's Chinese (nearest to the Chinese cursor first) and inserts the chosen English at
the English cursor; Ctrl+1 … Ctrl+5 insert translation-memory match 1 … 5. Ctrl+Z in a
field is the field's own undo (a focused text field takes the shortcut before the main
window's Undo action does).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shiboken6

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QMessageBox, QScrollArea, QSplitter,
    QTabWidget, QTextEdit, QVBoxLayout, QWidget,
)

from coop_desktop.documents.templates import SectionSpec, Template, TemplateError, get_template
from coop_desktop.errors import NotFoundError
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_date, format_time
from coop_desktop.models import (
    ApplicationRead, ApplicationSectionRead, ApplicationStatus, EnterpriseSummary, ZoneRead,
)
from coop_desktop.services import applications, enterprises, recovery
from coop_desktop.services.applications import SectionInfo, SectionIssues
from coop_desktop.services.catalog import zones
from coop_desktop.services.outcome import Changes
from ui.context import AppContext
from ui.tasks import show_error
from ui.widgets.application_header import ApplicationHeader
from ui.widgets.autosave import IDLE_MS, MAX_MS, Autosaver
from ui.widgets.bilingual_fields import notify
from ui.widgets.conflict_dialog import TextConflictDialog
from ui.widgets.editor_actions import CONFIRM, EditorActions, ask  # noqa: F401 - re-exported
from ui.widgets.editor_conflicts import SectionConflicts, unsaved_work
from ui.widgets.find_bar import FindBar
from ui.widgets.qa_panel import QaPanel
from ui.widgets.section_row import SectionRow
from ui.widgets.section_text import SectionTextEdit
from ui.widgets.term_tools import TermPicker, choices_near, term_cache
from ui.widgets.tm_panel import TmPanel

S = ApplicationStatus
CHECK_DELAY_MS = 600
TM_DELAY_MS = 700
TM_SHORTCUTS = 5

MSG_SUBMITTED_FROZEN = N_("Submitted on {date}: this revision is frozen. Start a new revision "
                          "to edit.")


@dataclass(frozen=True)
class EditorData:
    app: ApplicationRead
    sections: list[ApplicationSectionRead]
    infos: list[SectionInfo]
    firm: EnterpriseSummary | None
    zone: ZoneRead | None
    frozen_at: datetime | None  # when the current revision was submitted
    revisions: int


def load_data(db: Any, app_id: int) -> EditorData:
    app = applications.get(db, app_id)
    firms = enterprises.summaries(db, [app.enterprise_id])
    zone = None
    if app.zone_id is not None:
        try:
            zone = zones.get(db, app.zone_id)
        except NotFoundError:
            zone = None
    revs = applications.revisions(db, app_id)
    frozen = next((r.created_at for r in reversed(revs) if r.number == app.revision), None)
    return EditorData(app, applications.sections(db, app_id),
                      applications.section_infos(db, app_id), firms[0] if firms else None,
                      zone, frozen, len(revs))


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class ApplicationEditor(EditorActions, QWidget):
    back_requested = Signal()
    loaded = Signal()
    saved = Signal(int)  # application id, after an autosave committed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 idle_ms: int = IDLE_MS, max_ms: int = MAX_MS,
                 check_delay_ms: int = CHECK_DELAY_MS, tm_delay_ms: int = TM_DELAY_MS) -> None:
        super().__init__(parent)
        self.setObjectName("applicationEditor")
        self.ctx = ctx
        self.data: EditorData | None = None
        self.rows: dict[str, SectionRow] = {}
        self.template: Template | None = None
        self.focus_key: str | None = None
        self.picker: TermPicker | None = None
        self.refusal: QMessageBox | None = None
        self._seq = 0
        self._save_error_shown = False
        self.terms = term_cache(ctx)
        self.autosave = Autosaver(ctx, self._texts_of, idle_ms=idle_ms, max_ms=max_ms,
                                  parent=self)
        self.autosave.saving.connect(self._on_saving)
        self.autosave.saved.connect(self._on_saved)
        self.autosave.failed.connect(self._on_save_failed)
        self.conflicts = SectionConflicts(self)
        self.autosave.conflict.connect(self.conflicts.ask)

        self.header = ApplicationHeader()
        self.header.back.connect(self._back)
        self.header.action.connect(self.workflow)
        self.header.errors_clicked.connect(lambda: self.side.setCurrentWidget(self.qa))
        self.header.refresh_all.connect(lambda: self.refill(None))
        self.header.compare.connect(self.compare_revisions)
        self.header.pdf.connect(self.pdf)
        self.header.details_requested.connect(self.edit_details)
        self.col_zh, self.col_en = QLabel(), QLabel()
        for label in (self.col_zh, self.col_en):
            label.setStyleSheet("font-weight: 600; color: #5f6368;")
        columns = QHBoxLayout()
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(self.col_zh, 1)
        columns.addWidget(self.col_en, 1)
        self.sections = QWidget()
        self.sections.setObjectName("sections")
        self.sections_layout = QVBoxLayout(self.sections)
        self.sections_layout.setContentsMargins(4, 0, 4, 8)
        self.sections_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("sectionsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.sections)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        columns.setContentsMargins(4, 0, 4 + self.scroll.verticalScrollBar().sizeHint().width(),
                                   0)
        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(2)
        text_layout.addLayout(columns)
        text_layout.addWidget(self.scroll, 1)

        self.tm = TmPanel(ctx)
        self.tm.insert_requested.connect(self.insert_english)
        self.qa = QaPanel(ctx)
        self.qa.jump_requested.connect(self.jump_to)
        self.qa.checked.connect(self._on_checked)
        self.qa.check_requested.connect(self.check_now)
        self.side = QTabWidget()
        self.side.setObjectName("sidePanels")
        self.side.addTab(self.tm, "")
        self.side.addTab(self.qa, "")
        self.attachments: QWidget | None = None
        if module_available("ui.widgets.attachments_panel"):
            from ui.widgets.attachments_panel import AttachmentsPanel

            self.attachments = AttachmentsPanel(ctx, self)
            self.side.addTab(self.attachments, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("editorSplitter")
        self.splitter.addWidget(text_box)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([800, 320])
        self.find_bar = FindBar(lambda: self.ctx.tr, self._find_fields,
                                lambda edit: self._follow_cursor(edit, force=True), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.splitter, 1)

        self._check_timer = self._timer(check_delay_ms, self._run_check_when_saved)
        self._tm_timer = self._timer(tm_delay_ms, self._lookup_tm)
        self.term_shortcut = QShortcut(QKeySequence("Ctrl+T"), self.sections)
        self.term_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.term_shortcut.activated.connect(self._on_term_shortcut)
        self.tm_shortcuts = []
        for n in range(1, TM_SHORTCUTS + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self.sections)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self._insert_match(n))
            self.tm_shortcuts.append(shortcut)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        ctx.hub.changed.connect(self._on_changes)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def _on_changes(self, changes: object) -> None:
        """Show this application's details again when they changed (edited in the Details
        dialog, or the edit undone)."""
        if (isinstance(changes, Changes) and changes.kind == applications.ENTITY
                and self.app_id in changes.ids
                and set(changes.fields) & applications.META_FIELDS):
            self.reload()

    def _timer(self, msecs: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    # ------------------------------------------------------------------ state
    @property
    def app_id(self) -> int | None:
        return self.data.app.id if self.data else None

    @property
    def editable(self) -> bool:
        return self.data is not None and self.data.app.status == S.DRAFT

    @property
    def busy(self) -> bool:
        """Work for this editor is pending (saves, checks, lookups): for tests and closing."""
        return (self.autosave.busy or self.qa.busy or self.tm.busy
                or self._check_timer.isActive())

    def row(self, key: str) -> SectionRow:
        return self.rows[key]

    def _texts_of(self, key: str) -> tuple[str, str]:
        return self.rows[key].texts()

    # ------------------------------------------------------------------ loading
    def open(self, app_id: int) -> None:
        """Show application ``app_id`` (the previous one's edits are saved first)."""
        self.flush()
        self._load(app_id)

    def reload(self) -> None:
        if self.app_id is not None:
            self.flush()
            self._load(self.app_id)

    def _load(self, app_id: int) -> None:
        self._seq += 1
        seq, db = self._seq, self.ctx.db

        def shown(data: EditorData) -> None:
            if shiboken6.isValid(self) and seq == self._seq:
                self._show(data)

        def failed(exc: BaseException) -> None:
            if not shiboken6.isValid(self) or seq != self._seq:
                return
            if isinstance(exc, NotFoundError):
                self.clear()
                self.back_requested.emit()
            show_error(self, self.ctx.tr, exc)

        self.ctx.runner.run(lambda: load_data(db, app_id), on_success=shown, on_failure=failed)
        self.terms.ensure()  # after the text: with 150,000 names this takes a second

    def clear(self) -> None:
        self.autosave.reset(None, {}, enabled=False)
        self.data = None
        self._build_rows([], [])
        self.tm.clear()
        self.qa.set_application(None, False)

    def _show(self, data: EditorData) -> None:
        same = (self.data is not None and self.data.app.id == data.app.id
                and list(self.rows) == [s.key for s in data.sections])
        self.data = data
        try:
            self.template = get_template(data.app.template_key)
        except TemplateError:
            self.template = None
        if not same:
            self._build_rows(data.infos, data.sections)
            self.tm.clear()
            self.focus_key = None
            self.scroll.verticalScrollBar().setValue(0)
        else:
            for section in data.sections:  # text changed elsewhere (refill, another window)
                row = self.rows[section.key]
                if row.texts() != (section.zh, section.en) and not any(
                        u.key == section.key for u in self.autosave.unsaved()):
                    row.load(section.zh, section.en)
        self.autosave.reset(data.app.id, {s.key: (s.zh, s.en) for s in data.sections},
                            enabled=data.app.status == S.DRAFT)
        for pending in self.autosave.unsaved():  # typed while this was loading: save it
            self.autosave.edited(pending.key)
        if self.attachments is not None:
            # files can still be added while the text waits to be sent (ready), not after
            getattr(self.attachments, "set_target")(data.app.enterprise_id, data.app.id)
            getattr(self.attachments, "set_read_only")(data.app.status not in applications.OPEN)
        self._apply_state()
        self.qa.set_application(data.app.id, self.editable)
        self.qa.run_check()
        self.loaded.emit()

    def _build_rows(self, infos: list[SectionInfo],
                    sections: list[ApplicationSectionRead]) -> None:
        for row in self.rows.values():
            self.sections_layout.removeWidget(row)
            row.deleteLater()
        self.rows = {}
        texts = {s.key: s for s in sections}
        for i, info in enumerate(infos):
            spec: SectionSpec | None = None
            if self.template is not None:
                try:
                    spec = self.template.section(info.key)
                except KeyError:
                    spec = None
            row = SectionRow(self.ctx, info, spec, self.terms)
            section = texts.get(info.key)
            row.load(section.zh if section else "", section.en if section else "")
            row.edited.connect(self._on_edited)
            row.zh_edited.connect(self._on_zh_edited)
            row.focused.connect(self._on_row_focused)
            row.refresh_requested.connect(self.refill)
            for edit in (row.zh, row.en):
                edit.cursorPositionChanged.connect(lambda e=edit: self._follow_cursor(e))
                edit.textChanged.connect(self.find_bar.fields_changed)
            self.sections_layout.insertWidget(i, row)
            self.rows[info.key] = row
        self.find_bar.reset()

    def _apply_state(self) -> None:
        data, tr = self.data, self.ctx.tr
        if data is None:
            return
        app = data.app
        self.header.show_application(tr, app, data.firm, data.zone)
        for row in self.rows.values():
            row.set_read_only(not self.editable)
        status = ApplicationStatus(app.status)
        banner = ""
        if status == S.SUBMITTED and data.frozen_at is not None:
            banner = tr.gettext(MSG_SUBMITTED_FROZEN).format(
                date=format_date(data.frozen_at, tr, "long"))
        elif status != S.DRAFT:
            banner = tr.gettext(applications.MSG_NOT_EDITABLE[status])
        self.header.banner.setText(banner)
        self.header.banner.setVisible(bool(banner))
        self.header.refresh_button.setVisible(self.editable)
        self.header.compare_button.setEnabled(
            data.revisions > 0 and module_available("ui.widgets.revision_diff"))
        self._update_completeness()
        self._update_save_state()
        self.header.show_errors(tr, self.qa.open_errors() if self.qa.checked_at else None)

    def _update_completeness(self) -> None:
        required = [r for r in self.rows.values() if r.info.required]
        done = [r.done() for r in required]
        self.header.show_completeness(self.ctx.tr, len(required), sum(d[0] for d in done),
                                      sum(d[1] for d in done))

    # ------------------------------------------------------------------ autosave
    def flush(self) -> bool:
        """Save unsaved edits now (queued on the database lane)."""
        return self.autosave.flush()

    def _on_edited(self, _key: str) -> None:
        self.autosave.edited(_key)
        self._update_completeness()
        self._update_save_state()

    def _on_saving(self) -> None:
        self._update_save_state()

    def _on_saved(self, _keys: list[str], _when: datetime) -> None:
        self._save_error_shown = False
        self._update_save_state()
        if self.app_id is not None:
            self.saved.emit(self.app_id)
        self._check_timer.start()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._update_save_state()
        if not self._save_error_shown:
            self._save_error_shown = True
            show_error(self, self.ctx.tr, exc)

    @property
    def conflict_dialog(self) -> TextConflictDialog | None:
        """The open "changed elsewhere" dialog, if any (``editor_conflicts``)."""
        return self.conflicts.dialog

    def unsaved_work(self) -> recovery.RecoveredText | None:
        """The text on screen that has not reached the database (for closing)."""
        return unsaved_work(self)

    def _update_save_state(self) -> None:
        tr, saver = self.ctx.tr, self.autosave
        label = self.header.saved
        if not self.editable:
            label.setText("")
        elif saver.error is not None and not saver.pending:
            label.setText(tr.gettext("Not saved"))
            label.setStyleSheet("color: #b3261e; font-weight: 600;")
            return
        elif saver.pending:
            label.setText(tr.gettext("Saving…"))
        elif saver.unsaved():
            label.setText(tr.gettext("Edited"))
        elif saver.last_saved_at is not None:
            label.setText(tr.gettext("Saved {time}").format(
                time=format_time(saver.last_saved_at, tr, seconds=True)))
        else:
            label.setText(tr.gettext("All changes saved"))
        label.setStyleSheet("color: #5f6368;")

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and self.isAncestorOf(old) and (new is None
                                                            or not self.isAncestorOf(new)):
            self.flush()

    # ------------------------------------------------------------------ checks
    def _run_check_when_saved(self) -> None:
        if self.autosave.busy:
            if not self.autosave.pending:
                self.flush()
            self._check_timer.start()
            return
        self.qa.run_check()

    def check_now(self) -> None:
        self.flush()
        self.qa.run_check()

    def _on_checked(self, _results: list[SectionIssues]) -> None:
        self.header.show_errors(self.ctx.tr, self.qa.open_errors())
        self.side.setTabText(self.side.indexOf(self.qa), self._qa_tab_title())

    def _qa_tab_title(self) -> str:
        tr = self.ctx.tr
        if self.qa.checked_at is None:
            return tr.gettext("Checks")
        return tr.gettext("Checks ({count})").format(count=self.qa.open_errors())

    def jump_to(self, key: str, side: str, span: tuple[int, int] | None) -> None:
        """Show section ``key``: focus the ``side`` field and select ``span`` if given."""
        row = self.rows.get(key)
        if row is None:
            return
        edit = row.editor(side or "zh")
        self.scroll.ensureWidgetVisible(row, 0, 0)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if span is not None:
            edit.select_span(*span)
        self._follow_cursor(edit, force=True)

    def _find_fields(self) -> list[QTextEdit]:
        return [edit for row in self.rows.values() for edit in (row.zh, row.en)]

    def show_find(self) -> None:
        """Ctrl+F: the find bar, with the selected text of the field being edited."""
        row = self.focused_row()
        selected = ""
        if row is not None:
            edit = row.zh if row.zh.hasFocus() else row.en
            selected = edit.textCursor().selectedText()
        self.find_bar.open(selected)

    def _follow_cursor(self, edit: SectionTextEdit, force: bool = False) -> None:
        """Keep the text cursor in view: the fields do not scroll, the scroll area does."""
        if not (force or edit.hasFocus()):
            return
        rect = edit.cursorRect()
        point = edit.viewport().mapTo(self.sections, rect.center())
        self.scroll.ensureVisible(point.x(), point.y(), 20, rect.height() + 20)

    # ------------------------------------------------------------------ TM and terms
    def _on_row_focused(self, key: str, _side: str) -> None:
        if key != self.focus_key or self.tm.key != key:
            self.focus_key = key
            self._lookup_tm()

    def _on_zh_edited(self, key: str) -> None:
        if key == self.focus_key:
            self._tm_timer.start()

    def _lookup_tm(self) -> None:
        key = self.focus_key
        if key is None or key not in self.rows:
            return
        row = self.rows[key]
        self.tm.lookup(key, row.info.title(self.ctx.tr.language), row.zh.text(),
                       row.zh.cursor_index())

    def insert_english(self, key: str, text: str) -> None:
        """Put ``text`` into section ``key``'s English field as one undoable edit
        (replacing an empty field, else at its cursor)."""
        row = self.rows.get(key)
        if row is None or not self.editable:
            return
        row.en.setFocus()
        row.en.insert_at_cursor(text)

    def _insert_match(self, number: int) -> None:
        self.tm.insert(number)

    def _on_term_shortcut(self) -> None:
        self.show_term_picker()

    def focused_row(self) -> SectionRow | None:
        widget = QApplication.focusWidget()
        for row in self.rows.values():
            if widget is not None and row.isAncestorOf(widget):
                return row
        return self.rows.get(self.focus_key) if self.focus_key else None

    def show_term_picker(self) -> TermPicker | None:
        """The Ctrl+T popup for the focused section (returned, for tests)."""
        row = self.focused_row()
        tr = self.ctx.tr
        if row is None or not self.editable:
            return None
        if not self.terms.ready:
            notify(self, tr.gettext("The termbase is still loading; try again in a moment."))
            return None
        choices = choices_near(self.terms.find(row.zh.text()), row.zh.cursor_index())
        if not choices:
            notify(self, tr.gettext("No termbase term in this section’s Chinese text."))
            return None
        picker = TermPicker(self.ctx, choices, self)
        picker.chosen.connect(lambda en, r=row: self._insert_term(r, en))
        rect = row.en.cursorRect()
        picker.popup_at(row.en.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)))
        self.picker = picker
        return picker

    def _insert_term(self, row: SectionRow, en: str) -> None:
        row.en.setFocus()
        cursor = row.en.textCursor()  # where the user left the English cursor
        cursor.beginEditBlock()  # one undo step of its own
        cursor.insertText(en)
        cursor.endEditBlock()
        row.en.setTextCursor(cursor)

    def _back(self) -> None:
        self.flush()
        self.back_requested.emit()

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.header.retranslate_ui(tr)
        self.find_bar.retranslate_ui()
        self.col_zh.setText(_("Chinese"))
        self.col_en.setText(_("English"))
        self.side.setTabText(self.side.indexOf(self.tm), _("Translation memory"))
        self.side.setTabText(self.side.indexOf(self.qa), self._qa_tab_title())
        if self.attachments is not None:
            self.side.setTabText(self.side.indexOf(self.attachments), _("Attachments"))
        for row in self.rows.values():
            row.retranslate_ui()
        self.header.compare_button.setToolTip(
            _("Compare the frozen revisions with each other or with the current text")
            if module_available("ui.widgets.revision_diff")
            else _("Comparing revisions is not available in this version."))
        self._apply_state()
        if self.focus_key is not None and self.focus_key in self.rows:
            self.tm.title_text = self.rows[self.focus_key].info.title(tr.language)
            self.tm.retranslate_ui()
