"""The SRDI titles tab: the titles table, and below it the selected title's life — its
re-reviews, yearly data updates, major changes and revocation — with the actions that
record them (:mod:`coop_desktop.services.srdi_titles` does the work and the checks)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import LABELS, TitleEventKind, TitleEventResult, TitleStatus
from coop_desktop.services import srdi_titles
from ui.context import AppContext
from ui.tasks import show_error
from ui.widgets.column_fit import ColumnFitter, stretch
from ui.widgets.date_field import follow_date_format
from ui.widgets.form_fields import ComboField, TextField
from ui.widgets.form_layout import ErrorLabel, label_text
from ui.widgets.related_tables import TITLES_PANEL, Column, RecordPanel, RelatedData, RowsModel
from ui.widgets.wrap_label import WrapLabel


def _label(value: Any, tr: Translator) -> str:
    return tr.gettext(LABELS[value]) if value in LABELS else str(value or "")


EVENT_COLUMNS = (
    Column(N_("Date"), lambda r, tr, d: fmt.format_date(r.occurred_on, tr)),
    Column(N_("What"), lambda r, tr, d: _label(r.kind, tr)),
    Column(N_("Result"), lambda r, tr, d: _label(r.result, tr) if r.result else ""),
    Column(N_("Notes"), lambda r, tr, d: r.notes or ""),
)

#: action → (dialog title msgid, event kinds offered, whether a result is asked, notes label)
ACTIONS: dict[str, tuple[str, tuple[TitleEventKind, ...], bool, str]] = {
    "review": (N_("Record a re-review"), (TitleEventKind.REVIEW,), True, N_("Notes")),
    "event": (N_("Record an update or a change"),
              (TitleEventKind.ANNUAL_UPDATE, TitleEventKind.MAJOR_CHANGE,
               TitleEventKind.MAJOR_CHANGE_REPORT), False, N_("Notes")),
    "revoke": (N_("Revoke the title"), (TitleEventKind.REVOCATION,), False,
               N_("Reason for revocation")),
}


class TitleEventDialog(QDialog):
    """Date, kind (or result) and notes of one event; saved through ``ctx.mutate``."""

    def __init__(self, ctx: AppContext, action: str, title_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.action, self.title_id = ctx, action, title_id
        self.setObjectName("titleEventDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(440)
        _ = ctx.tr.gettext
        heading, kinds, wants_result, notes_label = ACTIONS[action]
        self.setWindowTitle(_(heading))
        # A date as the app writes dates (2026年12月6日 / Dec 6, 2026), as the event form and
        # the new-application dialog show theirs; never later than today.
        self.when = QDateEdit(self)
        self.when.setObjectName("occurred_on")
        self.when.setCalendarPopup(True)
        self.when.setMaximumDate(QDate.currentDate())
        self.when.setDate(QDate.currentDate())
        follow_date_format(self.when, ctx.tr.language)
        # The kind is asked only when there is a choice (an update or a change), the result
        # only of a re-review; otherwise they are not made at all: combo boxes left out of
        # the layout were painted over the "Date" label.
        self.kind: ComboField | None = None
        if len(kinds) > 1:
            self.kind = ComboField("kind", self, nullable=False)
            self.kind.setObjectName("kind")
            self.kind.set_items([(k.value, _(LABELS[k])) for k in kinds])
        self.result: ComboField | None = None
        if wants_result:
            self.result = ComboField("result", self, nullable=True)
            self.result.setObjectName("result")
            self.result.set_items([(r.value, _(LABELS[r])) for r in TitleEventResult],
                                  none_text=_("Choose…"))
        self.notes = TextField("notes", self, lines=3)
        self.notes.setObjectName("notes")
        self.errors = {name: ErrorLabel(self) for name in ("occurred_on", "result", "notes")}
        form = QFormLayout()
        form.addRow(label_text(_("Date")), self._cell(self.when, "occurred_on"))
        if self.kind is not None:
            form.addRow(label_text(_("What")), self.kind)
        if self.result is not None:
            form.addRow(label_text(_("Result")), self._cell(self.result, "result"))
        form.addRow(label_text(_(notes_label)), self._cell(self.notes, "notes"))
        hint = QLabel(self)
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint.setText({
            "review": _("Passed: valid for 3 more years from the re-review. Not passed: the title "
                        "ends, with the notes as the reason."),
            "event": _("The yearly data update is due by 30 April; a major change (new name, "
                       "merger, move) is reported within 3 months."),
            "revoke": _("A revoked title stays in the history with its reason."),
        }[action])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            _("Revoke") if action == "revoke" else _("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def _cell(self, editor: QWidget, name: str) -> QWidget:
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        column.addWidget(self.errors[name])
        return cell

    #: the service's field names → this dialog's editors
    _SHOWN_AS = {"revocation_reason": "notes", "revoked_on": "occurred_on"}

    def _show(self, errors: list[FieldError]) -> None:
        tr = self.ctx.tr
        for name, label in self.errors.items():
            label.set_messages([e.render(tr) for e in errors
                                if self._SHOWN_AS.get(e.field, e.field) == name])

    def occurred_on(self) -> date:
        return self.when.date().toPython()

    def set_occurred_on(self, when: date) -> None:
        self.when.setDate(QDate(when.year, when.month, when.day))

    def submit(self) -> None:
        when = self.occurred_on()
        notes = self.notes.value()
        db, title_id = self.ctx.db, self.title_id
        if self.action == "review":
            assert self.result is not None
            result = self.result.value()
            if result is None:
                self._show([FieldError("result", Message(srdi_titles.MSG_RESULT_REQUIRED))])
                return
            fn: Any = lambda: srdi_titles.record_review(db, title_id, when, result, notes)  # noqa: E731
        elif self.action == "revoke":
            fn = lambda: srdi_titles.revoke(db, title_id, when, notes or "")  # noqa: E731
        else:
            assert self.kind is not None
            kind = self.kind.value()
            fn = lambda: srdi_titles.record_event(db, title_id, kind, when, notes)  # noqa: E731
        self.buttons.setEnabled(False)
        self.ctx.mutate(fn, parent=self, on_success=lambda _o: self.accept(),
                        on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show(list(exc.errors))
            known = {"occurred_on", "result", "notes", "revocation_reason", "revoked_on"}
            stray = [e for e in exc.errors if e.field not in known]
            if stray:
                show_error(self, self.ctx.tr, ValidationError(stray))
        else:
            show_error(self, self.ctx.tr, exc)


class TitlesPanel(RecordPanel):
    """The titles, and the selected title's life with the actions that record it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.events_model: RowsModel | None = None
        super().__init__(ctx, TITLES_PANEL, parent)
        self.events_model = RowsModel(EVENT_COLUMNS, lambda: ctx.tr, self)
        self.events = QTableView(self)
        self.events.setObjectName("titleEvents")
        self.events.setModel(self.events_model)
        self.events.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.events.verticalHeader().hide()
        self.events.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.events.setWordWrap(False)
        # Date, what and result as wide as their texts, the notes take the rest (they
        # were squeezed while the notes had the width).
        self.events_columns = ColumnFitter(
            self.events, {len(EVENT_COLUMNS) - 1: stretch(cap=40, floor=6)}, row_padding=8)
        self.reminders = QLabel(self)
        self.reminders.setObjectName("titleReminders")
        self.reminders.setWordWrap(True)
        self.reminders.setTextFormat(Qt.TextFormat.PlainText)
        self.reminders.setStyleSheet("QLabel { background: #fff3d6; color: #5a3a00; "
                                     "border-radius: 3px; padding: 4px 6px; }")
        self.reminders.hide()
        self.layout().insertWidget(1, self.reminders)
        self.life_label = WrapLabel(self)  # a word-wrapped QLabel lost its last line here
        self.life_label.setObjectName("titleLifeLabel")
        self.review_button, self.event_button, self.revoke_button = (
            QPushButton(self) for _ in range(3))
        self.review_button.clicked.connect(lambda: self._record("review"))
        self.event_button.clicked.connect(lambda: self._record("event"))
        self.revoke_button.clicked.connect(lambda: self._record("revoke"))
        actions = QHBoxLayout()
        actions.addWidget(self.life_label, 1)
        for button in (self.review_button, self.event_button, self.revoke_button):
            actions.addWidget(button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(actions)
        lower_layout.addWidget(self.events, 1)
        # Move the table stack into a splitter with the life below it.
        layout = self.layout()
        layout.removeWidget(self.stack)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self.dialog_life: TitleEventDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if self.events_model is None:
            return
        _ = self.ctx.tr.gettext
        self.review_button.setText(_("Re-review…"))
        self.event_button.setText(_("Update or change…"))
        self.revoke_button.setText(_("Revoke…"))
        self.events_model.retranslate()
        self._show_life()

    def set_data(self, enterprise_id: int | None, source: RelatedData) -> None:
        super().set_data(enterprise_id, source)
        self._show_life()

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self._show_life()

    def _show_reminders(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        today = date.today()
        lines = []
        for r in self.source.reminders if self.enterprise_id is not None else []:
            when = fmt.format_date(r.due_on, tr)
            key = (_("{what} — overdue since {date} ({title})") if r.overdue(today)
                   else _("{what} — by {date} ({title})"))
            lines.append("⏰ " + key.format(what=_(srdi_titles.REMINDER_LABELS[r.kind]),
                                           date=when, title=_label(r.tier, tr)))
        self.reminders.setText("\n".join(lines))
        self.reminders.setVisible(bool(lines))

    def _show_life(self) -> None:
        if self.events_model is None:
            return
        self._show_reminders()
        _ = self.ctx.tr.gettext
        rows = self.selected_rows()
        title = rows[0] if len(rows) == 1 else None
        events = self.source.title_events.get(title.id, []) if title is not None else []
        self.events_model.set_rows(list(reversed(events)), self.source)
        for button in (self.review_button, self.event_button):
            button.setEnabled(title is not None and title.status != TitleStatus.REVOKED)
        self.revoke_button.setEnabled(title is not None and title.status != TitleStatus.REVOKED)
        if title is None:
            self.life_label.setText(_("Select a title to see and record its re-reviews, "
                                      "yearly updates and changes."))
        elif not events:
            self.life_label.setText(_("{title}: nothing recorded since the grant.").format(
                title=_label(title.tier, self.ctx.tr)))
        else:
            self.life_label.setText(_("{title}: its history, newest first.").format(
                title=_label(title.tier, self.ctx.tr)))

    def _record(self, action: str) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        self.dialog_life = TitleEventDialog(self.ctx, action, rows[0].id, self)
        self.dialog_life.open()
