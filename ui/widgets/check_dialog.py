"""Tools ▸ Check database…: the same check as ``coop-desktop check``, with a Repair button.

The check only reads and runs on the database lane with a progress dialog and Cancel
(``maintenance.check_iter``). The result lists every finding in the user's language,
marked when repair can fix it. **Repair** (``maintenance.repair_iter``) first takes a
verified backup, then fixes what it can in one transaction and checks again; its report
says what changed, where the backup is, and what is left (damage that only a backup can
undo is never "repaired" in place).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from coop_desktop.services import backups, maintenance
from ui.context import AppContext


def _lines(report: Any, tr: Any) -> list[str]:
    out = []
    for finding in report.findings:
        mark = tr.gettext(" (repair can fix this)") if finding.repairable else ""
        out.append(f"• {finding.render(tr)}{mark}")
    return out


class CheckDialog(QDialog):
    """Runs the check when opened; shows the findings; offers Repair when it can help."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = ctx.tr.gettext
        self.ctx = ctx
        self.report: Any = None
        self.repair_report: Any = None
        self.setObjectName("checkDialog")
        self.setWindowTitle(_("Check the database"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(_("Checking…"))
        self.summary.setWordWrap(True)
        self.summary.setObjectName("checkSummary")
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setObjectName("checkDetails")
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.repair_button = QPushButton(_("Repair"))
        self.repair_button.setObjectName("repairButton")
        self.repair_button.setVisible(False)
        self.repair_button.clicked.connect(self.repair)
        buttons.addButton(self.repair_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 160)
        self.setMinimumWidth(560)

    def start(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: maintenance.check_iter(db), on_success=self._checked,
                            on_failure=self._failed, parent=self,
                            label=self.ctx.tr.gettext("Checking the database…"))

    def _checked(self, report: Any) -> None:
        tr = self.ctx.tr
        self.report = report
        if report.clean:
            self.summary.setText(tr.gettext("No problems found. The database and its attachment "
                                            "files are sound."))
        else:
            self.summary.setText(tr.ngettext("{count} problem found.", "{count} problems found.",
                                             len(report.problems)).format(
                count=len(report.problems)))
        self.details.setPlainText("\n".join(_lines(report, tr)))
        self.details.setVisible(not report.clean)
        self.adjustSize()
        # A database the app found damaged can still be repaired when the damage is only in
        # indexes (``report.damaged`` is damage beyond them: a backup is the way out then).
        writable = not self.ctx.db.read_only and not report.damaged
        self.repair_button.setVisible(bool(report.repairable) and writable)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        if isinstance(exc, Cancelled):
            self.summary.setText(self.ctx.tr.gettext("The check was cancelled."))
            return
        self.summary.setText(self.ctx.tr.gettext("The check could not finish."))
        show_error(self, self.ctx.tr, exc)

    def repair(self) -> None:
        db, folder = self.ctx.db, backups.backup_folder(self.ctx.settings)
        self.repair_button.setEnabled(False)
        self.ctx.mutate(lambda: maintenance.repair_iter(db, backup_dir=folder),
                        on_success=self._repaired, on_failure=self._failed, parent=self,
                        label=self.ctx.tr.gettext("Repairing the database…"))

    def _repaired(self, report: Any) -> None:
        tr = self.ctx.tr
        self.repair_report = report
        if report.refused is not None:
            self.summary.setText(report.refused.render(tr))
            self.repair_button.setVisible(False)
            return
        lines = [f"• {change.render(tr)}" for change in report.changes]
        if report.backup is not None:
            lines.append(tr.gettext("A backup was made first: {file}").format(file=report.backup))
        left = report.after.problems if report.after is not None else []
        if left:
            lines.append("")
            lines.append(tr.gettext("Still to be dealt with:"))
            lines += _lines(report.after, tr)
        self.summary.setText(tr.gettext("Repaired.") if not left else
                             tr.gettext("Repaired what could be repaired."))
        self.details.setPlainText("\n".join(lines))
        self.details.setVisible(True)
        self.repair_button.setVisible(False)
