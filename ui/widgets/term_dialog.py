"""Dialogs of the termbase screen: add or edit a term, and the report of an import.

:class:`TermDialog` only holds values: ``submitted(values)`` carries ``zh``, ``en`` and
``note``; the page saves them through the service and calls ``accept()``, or
``show_errors()`` with the service's ValidationError, whose messages (a duplicate term,
a missing side, a term too long) appear under their fields while the dialog stays open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QGridLayout, QHeaderView, QLabel, QLineEdit,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.errors import FieldError, ValidationError
from coop_desktop.services.termbase import ImportReport, Term, TermOrigin
from ui.context import AppContext
from ui.widgets.bilingual_fields import FieldErrors
from ui.widgets.form_fields import limit_line_edits
from ui.widgets.visible_text import RevealingPlainTextEdit

HINT_STYLE = "color: #5f6368;"


class TermDialog(QDialog):
    """Add a term (``term`` None) or edit one of the glossary's or the user's own."""

    submitted = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 term: Term | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("termDialog")
        self.ctx = ctx
        self.term = term
        self.errors = FieldErrors()
        self.zh = QLineEdit(objectName="termZh")
        self.en = QLineEdit(objectName="termEn")
        limit_line_edits("glossary_term", {"zh": self.zh, "en": self.en})
        self.note = RevealingPlainTextEdit(objectName="termNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.zh.sizeHint().height() * 3)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(term is not None and term.origin is TermOrigin.GLOSSARY)
        self.labels = {k: QLabel() for k in ("zh", "en", "note")}
        e = self.errors.wrap
        grid = QGridLayout()
        height = self.zh.sizeHint().height()
        for i, (key, widget) in enumerate((("zh", e("zh", self.zh)), ("en", e("en", self.en)),
                                           ("note", e("note", self.note)))):
            label = self.labels[key]
            label.setMinimumHeight(height)
            label.setBuddy({"zh": self.zh, "en": self.en, "note": self.note}[key])
            grid.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, i, 1)
        grid.setColumnStretch(1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        if term is not None:
            self.zh.setText(term.zh)
            self.en.setText(term.en)
            self.note.set_text(term.note or "")
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(560, self.sizeHint().height())

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.setWindowTitle(_("New term") if self.term is None else _("Edit term"))
        self.labels["zh"].setText(_("&Chinese"))
        self.labels["en"].setText(_("&English"))
        self.labels["note"].setText(_("N&otes"))
        self.zh.setPlaceholderText(_("e.g. 专精特新"))
        self.en.setPlaceholderText(_("e.g. specialized, refined, distinctive and innovative"))
        self.note.setPlaceholderText(_("Usage, sources or renderings to avoid (optional)"))
        self.hint.setText(_("This term comes with Coop Desktop. Your changes are kept when the "
                            "shipped glossary is updated."))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.errors.render(self.ctx.tr)

    def values(self) -> dict[str, Any]:
        return {"zh": self.zh.text(), "en": self.en.text(),
                "note": self.note.stored_text().strip() or None}

    def is_changed(self) -> bool:
        t = self.term
        if t is None:
            return True
        v = self.values()
        return (v["zh"].strip(), v["en"].strip(), v["note"]) != (t.zh, t.en, t.note or None)

    def submit(self) -> None:
        if not self.is_changed():
            self.reject()  # nothing to save
            return
        self.errors.clear()
        self.submitted.emit(self.values())

    def show_errors(self, error: ValidationError) -> list[FieldError]:
        stray = self.errors.show(error, self.ctx.tr)
        for name, widget in (("zh", self.zh), ("en", self.en)):
            if self.errors.text(name):
                widget.setFocus()
                break
        return stray


class ImportReportDialog(QDialog):
    """What an import did: how many terms were added, and each skipped line with why."""

    def __init__(self, ctx: AppContext, report: ImportReport, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.ctx = ctx
        self.report = report
        self.file_name = file_name
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.skipped_label = QLabel()
        self.table = QTableWidget(len(report.skipped), 4)
        self.table.setObjectName("skippedRows")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 140)
        header.resizeSection(2, 180)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        has_skipped = bool(report.skipped)
        self.skipped_label.setVisible(has_skipped)
        self.table.setVisible(has_skipped)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(720, 460 if has_skipped else self.sizeHint().height())

    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        report = self.report
        self.setWindowTitle(_("Import terms"))
        added = tr.ngettext("{count} term added from “{name}”.",
                            "{count} terms added from “{name}”.",
                            report.added).format(count=report.added, name=self.file_name)
        lines = [added]
        if report.added:
            lines.append(_("Undo in the status bar takes the import back."))
        self.summary.setText("\n".join(lines))
        n = len(report.skipped)
        self.skipped_label.setText(tr.ngettext("{count} line skipped:", "{count} lines skipped:",
                                               n).format(count=n))
        self.table.setHorizontalHeaderLabels([_("Line"), _("Chinese"), _("English"), _("Reason")])
        for row, item in enumerate(report.skipped):
            cells = (str(item.line), item.zh, item.en, item.reason.render(tr))
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if column == 0:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))

    def rows(self) -> list[tuple[str, ...]]:
        """The skipped lines as shown (for tests and copy)."""
        return [tuple(self.table.item(r, c).text() for c in range(4))
                for r in range(self.table.rowCount())]
