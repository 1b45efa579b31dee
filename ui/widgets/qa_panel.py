"""The QA panel: the document checks of an application, grouped by section.

``run_check(app_id)`` runs ``applications.check`` on the database lane (the editor calls it
after its autosave settled, so the check sees the saved text; "Check now" flushes first).
Each finding shows its severity and its message in the UI language; clicking it asks the
editor to show the place (``jump_requested(key, side, span)``). "Ignore…" asks for the
reason (required) and records it; an ignored finding stays listed, greyed, with its
reason and "Un-ignore".
"""

from __future__ import annotations

from datetime import datetime

import shiboken6

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QPushButton,
    QScrollArea, QStyle, QVBoxLayout, QWidget,
)

from coop_desktop.documents.qa import Severity
from coop_desktop.i18n.catalog import Translator
from coop_desktop.i18n.formatting import format_time
from coop_desktop.services import applications
from coop_desktop.services.applications import CheckedIssue, SectionIssues
from ui.context import AppContext
from ui.widgets.bilingual_fields import notify
from ui.widgets.visible_text import RevealingPlainTextEdit
from ui.widgets.visible_text import shown as show_controls  # (`shown` is a callback below)

MUTED = "color: #5f6368;"
COLOURS = {Severity.ERROR: "#b3261e", Severity.WARNING: "#7a4f01", Severity.INFO: "#1a5fb4"}
ICONS = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
         Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
         Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}


class IgnoreDialog(QDialog):
    """Asks why a finding can be ignored; OK only with a reason."""

    def __init__(self, tr: Translator, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ignoreDialog")
        _ = tr.gettext
        self.setWindowTitle(_("Ignore this finding"))
        finding = QLabel(message)
        finding.setWordWrap(True)
        prompt = QLabel(_("Why can it be ignored? The reason is recorded with the "
                          "application and shown to whoever checks it."))
        prompt.setWordWrap(True)
        self.reason = RevealingPlainTextEdit()
        self.reason.setObjectName("ignoreReason")
        self.reason.setPlaceholderText(_("Reason (required)"))
        self.reason.setFixedHeight(90)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Ignore"))
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.reason.stored_text().strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(finding)
        layout.addWidget(prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(460, 260)

    def text(self) -> str:
        return self.reason.stored_text().strip()


class IssueCard(QFrame):
    """One finding: icon, message, the ignore reason if any, and Ignore… / Un-ignore."""

    clicked = Signal()

    def __init__(self, section: SectionIssues, checked: CheckedIssue, tr: Translator,
                 editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issueCard")
        self.section, self.checked = section, checked
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        _ = tr.gettext
        issue = checked.issue
        severity = Severity(issue.severity)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(ICONS[severity]).pixmap(16, 16))
        icon.setToolTip(applications.severity_label(severity, tr))
        self.message = QLabel(checked.message(tr))
        self.message.setWordWrap(True)
        colour = "#80868b" if checked.ignored else COLOURS[severity]
        self.message.setStyleSheet(f"color: {colour};")
        self.button = QPushButton(_("Un-ignore") if checked.ignored else _("Ignore…"))
        self.button.setObjectName("unignoreButton" if checked.ignored else "ignoreButton")
        self.button.setEnabled(editable)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        bottom = QHBoxLayout()
        if checked.ignore is not None:
            self.reason = QLabel(_("Ignored by {actor}: {reason}").format(
                actor=checked.ignore.actor, reason=show_controls(checked.ignore.reason)))
            self.reason.setWordWrap(True)
            self.reason.setStyleSheet(MUTED + " font-style: italic;")
            layout.addWidget(self.reason)
        bottom.addStretch(1)
        bottom.addWidget(self.button)
        layout.addLayout(bottom)
        self.button.setVisible(editable)  # only now: a parentless widget shown is a window

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        super().mousePressEvent(event)
        self.clicked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class QaPanel(QWidget):
    jump_requested = Signal(str, str, object)  # section key, side ("zh"/"en"/""), span
    checked = Signal(list)  # the SectionIssues
    check_requested = Signal()  # "Check now": the editor flushes, then calls run_check

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qaPanel")
        self.ctx = ctx
        self.app_id: int | None = None
        self.editable = False
        self.results: list[SectionIssues] = []
        self.cards: list[IssueCard] = []
        self.checked_at: datetime | None = None
        self.dialog: IgnoreDialog | None = None
        self._seq = 0
        self._running = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        self.when = QLabel()
        self.when.setStyleSheet(MUTED)
        self.check_button = QPushButton()
        self.check_button.setObjectName("checkNow")
        self.check_button.clicked.connect(self.check_requested)  # signal to signal
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(4)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list)
        top = QHBoxLayout()
        top.addWidget(self.when, 1)
        top.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._headers: list[QLabel] = []
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    @property
    def busy(self) -> bool:
        return self._running

    def set_application(self, app_id: int | None, editable: bool) -> None:
        if app_id != self.app_id:
            self._seq += 1
            self.results, self.checked_at = [], None
        self.app_id, self.editable = app_id, editable
        self._show()

    def open_errors(self) -> int:
        return len(applications.open_errors(self.results))

    def run_check(self) -> None:
        if self.app_id is None:
            return
        self._seq += 1
        seq, db, app_id = self._seq, self.ctx.db, self.app_id
        self._running = True
        self.when.setText(self.ctx.tr.gettext("Checking…"))

        def shown(results: list[SectionIssues]) -> None:
            if not shiboken6.isValid(self) or seq != self._seq:
                return
            self._running = False
            self.results, self.checked_at = results, datetime.now()
            self._show()
            self.checked.emit(results)

        def failed(_exc: BaseException) -> None:
            if shiboken6.isValid(self) and seq == self._seq:
                self._running = False
                self._update_summary()

        self.ctx.runner.run(lambda: applications.check(db, app_id), on_success=shown,
                            on_failure=failed)

    # ------------------------------------------------------------------ ignore
    def ignore(self, section: SectionIssues, checked: CheckedIssue) -> IgnoreDialog:
        """Open the reason dialog (returned, for tests); on OK the ignore is recorded."""
        dialog = IgnoreDialog(self.ctx.tr, checked.message(self.ctx.tr), self)
        app_id, db = self.app_id, self.ctx.db
        assert app_id is not None

        def accepted() -> None:
            reason = dialog.text()
            self.ctx.mutate(
                lambda: applications.ignore_issue(db, app_id, section.key, checked.key, reason),
                parent=self, on_success=lambda _o: self._after_change(
                    self.ctx.tr.gettext("Finding ignored; the reason is recorded.")))

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        dialog.reason.setFocus()
        return dialog

    def unignore(self, section: SectionIssues, checked: CheckedIssue) -> None:
        app_id, db = self.app_id, self.ctx.db
        assert app_id is not None
        self.ctx.mutate(lambda: applications.unignore(db, app_id, section.key, checked.key),
                        parent=self, on_success=lambda _o: self._after_change(
                            self.ctx.tr.gettext("The finding is open again.")))

    def _after_change(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        notify(self, message)
        self.run_check()

    # ------------------------------------------------------------------ display
    def _show(self) -> None:
        for widget in [*self.cards, *self._headers]:
            self.list_layout.removeWidget(widget)
            widget.deleteLater()
        self.cards, self._headers = [], []
        tr = self.ctx.tr
        row = 0
        for section in self.results:
            if not section.issues:
                continue
            header = QLabel(section.title(tr.language))
            header.setStyleSheet("font-weight: 600; margin-top: 4px;")
            self.list_layout.insertWidget(row, header)
            self._headers.append(header)
            row += 1
            for checked in section.issues:
                card = IssueCard(section, checked, tr, self.editable)
                card.clicked.connect(lambda s=section, c=checked: self._jump(s, c))
                card.button.clicked.connect(
                    lambda _c=False, s=section, c=checked: self._card_button(s, c))
                self.list_layout.insertWidget(row, card)
                self.cards.append(card)
                row += 1
        self._update_summary()

    def _card_button(self, section: SectionIssues, checked: CheckedIssue) -> None:
        if checked.ignored:
            self.unignore(section, checked)
        else:
            self.ignore(section, checked)

    def _jump(self, section: SectionIssues, checked: CheckedIssue) -> None:
        issue = checked.issue
        self.jump_requested.emit(section.key, issue.side or "", issue.span)

    def _update_summary(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        if self.checked_at is None:
            self.summary.setText(_("Not checked yet."))
            self.when.setText("")
            return
        issues = [c for s in self.results for c in s.issues]
        errors = sum(1 for c in issues if c.is_open_error)
        others = sum(1 for c in issues if not c.ignored and not c.is_error)
        ignored = sum(1 for c in issues if c.ignored)
        if not issues:
            self.summary.setText(_("No findings: the checks found nothing to fix."))
        else:
            parts = [tr.ngettext("{count} open error", "{count} open errors", errors)
                     .format(count=errors),
                     tr.ngettext("{count} warning or note", "{count} warnings or notes", others)
                     .format(count=others)]
            if ignored:
                parts.append(tr.ngettext("{count} ignored", "{count} ignored", ignored)
                             .format(count=ignored))
            self.summary.setText(" · ".join(parts))
        self.when.setText(_("Checked at {time}").format(
            time=format_time(self.checked_at, tr, seconds=True)))

    def retranslate_ui(self) -> None:
        self.check_button.setText(self.ctx.tr.gettext("Check now"))
        self._show()
