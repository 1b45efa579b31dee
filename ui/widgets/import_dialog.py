"""File ▸ Import enterprises…: a spreadsheet or CSV file into the records, in four steps.

1. **File** — what was read: the first rows as the file shows them, with the detected
   encoding and separator (CSV) or the sheet (workbook), each correctable; the preview is
   read again at once on a correction (``exchange.reading.preview``, on the I/O lane).
2. **Columns** — each column's header, an example value and what it is imported into
   (chosen automatically from Chinese or English headers, or the mapping last used for
   the same headers; ``exchange.mapping``), with the money unit where it matters.
3. **Check** — a dry run (``exchange.importer.plan_iter``, with progress and Cancel):
   what would be created and updated, every rejected row with its row number, column and
   reason, and every value the file would change, each with "keep the current value".
4. **Import** — a verified backup first, then every accepted row in one transaction
   (``apply_iter``; Cancel changes nothing). The result names the batch; Edit ▸ Undo (or
   the status bar's Undo) takes the whole batch back (``exchange.undo``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QPlainTextEdit, QPushButton, QStackedWidget, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_
from coop_desktop.exchange import fields, mapping as mapping_mod
from coop_desktop.exchange.reading import Preview, ReadOptions, preview
from coop_desktop.services.outcome import Changes
from ui.context import AppContext, UndoEntry
from ui.tasks import Cancelled, show_error
from ui.widgets.visible_text import shown

ENCODINGS = (("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("gb18030", "GB18030"),
             ("utf-16", "UTF-16"))
DELIMITERS = ((",", N_("Comma (,)")), (";", N_("Semicolon (;)")), ("\t", N_("Tab")))
PREVIEW_ROWS = 20
SHOWN_DETAILS = 500  # rows of problems/conflicts listed in the dialog (the report has more)
FILE, COLUMNS, CHECK, DONE = range(4)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(shown(str(value)))[:200]


class ImportDialog(QDialog):
    """Modal-less dialog (``open()`` it); ``imported`` carries the import report."""

    imported = Signal(object)

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = ctx.tr.gettext
        self.ctx, self.path = ctx, Path(path)
        self.setObjectName("importDialog")
        self.setWindowTitle(_("Import enterprises"))
        self.preview: Preview | None = None
        self.mapping: mapping_mod.Mapping | None = None
        self.report: Any = None  # the dry run's ImportReport
        self.result: Any = None  # the import's ImportReport
        self.read_options = ReadOptions()
        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setObjectName("importStep")
        font = self.step_label.font()
        font.setBold(True)
        self.step_label.setFont(font)
        layout.addWidget(self.step_label)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._columns_page())
        self.pages.addWidget(self._check_page())
        self.pages.addWidget(self._done_page())
        layout.addWidget(self.pages, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("importMessage")
        self.message.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(_("< Back"))
        self.next_button = QPushButton(_("Next >"))
        self.import_button = QPushButton(_("Import"))
        self.close_button = QPushButton(_("Cancel"))
        self.next_button.setObjectName("importNext")
        self.import_button.setObjectName("importGo")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.import_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.resize(1000, 600)
        self._show(FILE)
        self.load_preview()

    # ------------------------------------------------------------------ pages
    def _file_page(self) -> QWidget:
        _ = self.ctx.tr.gettext
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.file_label = QLabel(str(self.path))
        self.file_label.setWordWrap(True)
        form.addRow(_("File:"), self.file_label)
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("importEncoding")
        for code, label in ENCODINGS:
            self.encoding_combo.addItem(label, code)
        self.delimiter_combo = QComboBox()
        for code, label in DELIMITERS:
            self.delimiter_combo.addItem(_(label), code)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.encoding_row = QLabel(_("Encoding:"))
        self.delimiter_row = QLabel(_("Separator:"))
        self.sheet_row = QLabel(_("Sheet:"))
        form.addRow(self.encoding_row, self.encoding_combo)
        form.addRow(self.delimiter_row, self.delimiter_combo)
        form.addRow(self.sheet_row, self.sheet_combo)
        layout.addLayout(form)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        layout.addWidget(self.preview_note)
        self.preview_table = self._table("importPreview")
        layout.addWidget(self.preview_table, 1)
        self.encoding_combo.activated.connect(lambda _i: self._reread())
        self.delimiter_combo.activated.connect(lambda _i: self._reread())
        self.sheet_combo.activated.connect(lambda _i: self._reread())
        return page

    def _columns_page(self) -> QWidget:
        _ = self.ctx.tr.gettext
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(_("Choose what each column is imported into. Columns set to “Not "
                        "imported” are left out; a field whose cell is empty keeps its "
                        "current value. The choice is remembered for files with the same "
                        "headers."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.columns_table = self._table("importColumns")
        self.columns_table.setColumnCount(5)
        self.columns_table.setHorizontalHeaderLabels(
            [_("Column"), _("Header in the file"), _("Example"), _("Import into"), _("Unit")])
        header = self.columns_table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.columns_table, 1)
        self.empty_clears = QCheckBox(_("An empty cell clears the field (instead of keeping "
                                        "its value)"))
        self.empty_clears.setObjectName("importEmptyClears")
        layout.addWidget(self.empty_clears)
        return page

    def _check_page(self) -> QWidget:
        _ = self.ctx.tr.gettext
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("importSummary")
        layout.addWidget(self.summary_label)
        self.problems_label = QLabel(_("Rows that will not be imported:"))
        layout.addWidget(self.problems_label)
        self.problems_view = QPlainTextEdit()
        self.problems_view.setReadOnly(True)
        self.problems_view.setObjectName("importProblems")
        layout.addWidget(self.problems_view, 1)
        self.conflicts_label = QLabel(_("Values the file changes (tick to keep the current "
                                        "value):"))
        layout.addWidget(self.conflicts_label)
        self.conflicts_table = self._table("importConflicts")
        self.conflicts_table.setColumnCount(5)
        self.conflicts_table.setHorizontalHeaderLabels(
            [_("Keep current"), _("Row"), _("Enterprise"), _("Current value"),
             _("Value in the file")])
        self.conflicts_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.conflicts_table, 1)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setObjectName("importDone")
        layout.addWidget(self.done_label)
        self.done_details = QPlainTextEdit()
        self.done_details.setReadOnly(True)
        layout.addWidget(self.done_details, 1)
        return page

    @staticmethod
    def _table(name: str) -> QTableWidget:
        table = QTableWidget()
        table.setObjectName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        return table

    # ------------------------------------------------------------------ navigation
    def _show(self, step: int) -> None:
        _ = self.ctx.tr.gettext
        titles = {FILE: _("Step 1 of 4: the file"), COLUMNS: _("Step 2 of 4: the columns"),
                  CHECK: _("Step 3 of 4: check before importing"),
                  DONE: _("Step 4 of 4: done")}
        self.pages.setCurrentIndex(step)
        self.step_label.setText(titles[step])
        self.back_button.setVisible(step in (COLUMNS, CHECK))
        self.next_button.setVisible(step in (FILE, COLUMNS))
        self.import_button.setVisible(step == CHECK)
        self.close_button.setText(_("Close") if step == DONE else _("Cancel"))
        self._say("")

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def back(self) -> None:
        self._show(max(FILE, self.pages.currentIndex() - 1))

    def next(self) -> None:
        step = self.pages.currentIndex()
        if step == FILE and self.preview is not None:
            self._fill_columns()
            self._show(COLUMNS)
        elif step == COLUMNS:
            self.run_check()

    # ------------------------------------------------------------------ step 1
    def _reread(self) -> None:
        kind = self.preview.kind if self.preview else ""
        self.read_options = ReadOptions(
            sheet=self.sheet_combo.currentText() or None if kind != "csv" else None,
            encoding=self.encoding_combo.currentData() if kind == "csv" else None,
            delimiter=self.delimiter_combo.currentData() if kind == "csv" else None)
        self.load_preview()

    def load_preview(self) -> None:
        path, options = self.path, self.read_options
        self.next_button.setEnabled(False)
        self.ctx.runner.run(lambda: preview(path, options, rows=PREVIEW_ROWS), lane="io",
                            on_success=self._previewed, on_failure=self._failed, parent=self)

    def _previewed(self, found: Preview) -> None:
        _ = self.ctx.tr.gettext
        self.preview = found
        csv = found.kind == "csv"
        for widget in (self.encoding_row, self.encoding_combo, self.delimiter_row,
                       self.delimiter_combo):
            widget.setVisible(csv)
        for widget in (self.sheet_row, self.sheet_combo):
            widget.setVisible(not csv and len(found.sheets) > 1)
        if csv:
            self._select(self.encoding_combo, found.encoding)
            self._select(self.delimiter_combo, found.delimiter)
        else:
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.clear()
            self.sheet_combo.addItems(found.sheets)
            if found.sheet:
                self.sheet_combo.setCurrentText(found.sheet)
            self.sheet_combo.blockSignals(False)
        table = self.preview_table
        table.clear()
        table.setColumnCount(len(found.headers))
        table.setHorizontalHeaderLabels([_text(h) for h in found.headers])
        table.setRowCount(len(found.rows))
        for r, (_number, cells) in enumerate(found.rows):
            for c, value in enumerate(cells[:len(found.headers)]):
                table.setItem(r, c, QTableWidgetItem(_text(value)))
        table.resizeColumnsToContents()
        note = _("The first rows of the file, as they will be read. If the characters look "
                 "wrong, choose another encoding.") if csv else _(
            "The first rows of the sheet, as they will be read.")
        self.preview_note.setText(note if found.rows else _(
            "The file has headers but no rows to import."))
        self.next_button.setEnabled(bool(found.rows))

    @staticmethod
    def _select(combo: QComboBox, code: str | None) -> None:
        if code is None:
            return
        index = combo.findData(code)
        if index < 0 and code.replace("_", "-").lower().startswith("utf-16"):
            index = combo.findData("utf-16")
        if index >= 0:
            combo.setCurrentIndex(index)

    # ------------------------------------------------------------------ step 2
    def _fill_columns(self) -> None:
        assert self.preview is not None
        tr = self.ctx.tr
        headers = self.preview.headers
        if self.mapping is None or self.mapping.headers != headers:
            self.mapping = (mapping_mod.recall_mapping(headers)
                            or mapping_mod.auto_map(headers))
        table = self.columns_table
        table.setRowCount(len(self.mapping.columns))
        first = self.preview.rows[0][1] if self.preview.rows else []
        for r, column in enumerate(self.mapping.columns):
            table.setItem(r, 0, QTableWidgetItem(column.letter))
            table.setItem(r, 1, QTableWidgetItem(_text(column.header)))
            example = first[column.index] if column.index < len(first) else None
            table.setItem(r, 2, QTableWidgetItem(_text(example)))
            target = QComboBox()
            target.setObjectName(f"target{r}")
            target.addItem(tr.gettext("Not imported"), None)
            for key, spec in fields.TARGETS.items():
                target.addItem(tr.gettext(spec.label), key)
            target.setCurrentIndex(max(0, target.findData(column.target)))
            target.activated.connect(lambda _i, r=r, box=target: self._assign(r, box.currentData()))
            table.setCellWidget(r, 3, target)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)
        metrics = table.fontMetrics()
        widest = max(metrics.horizontalAdvance(tr.gettext(label))
                     for _fen, label in fields.UNITS.values())
        table.setColumnWidth(3, 260)
        table.setColumnWidth(4, widest + 48)  # the combo box's frame and arrow
        self._update_units()
        self._check_mapping()

    def _unit_combo(self, row: int) -> QComboBox:
        box = QComboBox()
        box.setObjectName(f"unit{row}")
        for key, (_fen, label) in fields.UNITS.items():
            box.addItem(self.ctx.tr.gettext(label), key)
        box.activated.connect(lambda _i: self._set_unit(row, box.currentData()))
        return box

    def _assign(self, row: int, target: str | None) -> None:
        assert self.mapping is not None
        self.mapping.assign(row, target)
        for r, column in enumerate(self.mapping.columns):  # another column may have lost it
            box = self.columns_table.cellWidget(r, 3)
            if isinstance(box, QComboBox):
                box.setCurrentIndex(max(0, box.findData(column.target)))
        self._update_units()
        self._check_mapping()

    def _set_unit(self, row: int, unit: str | None) -> None:
        assert self.mapping is not None
        self.mapping.set_unit(row, unit)

    def _update_units(self) -> None:
        """A unit choice only beside the columns imported as money."""
        assert self.mapping is not None
        table = self.columns_table
        for r, column in enumerate(self.mapping.columns):
            money = column.target is not None and fields.TARGETS[column.target].money
            box = table.cellWidget(r, 4)
            if not money:
                if box is not None:
                    table.removeCellWidget(r, 4)
                continue
            if not isinstance(box, QComboBox):
                box = self._unit_combo(r)
                table.setCellWidget(r, 4, box)
            box.setCurrentIndex(max(0, box.findData(column.unit or "yuan")))

    def _check_mapping(self) -> None:
        assert self.mapping is not None
        problems = self.mapping.problems()
        self._say(problems[0].render(self.ctx.tr) if problems else "")
        self.next_button.setEnabled(not problems)

    # ------------------------------------------------------------------ step 3
    def _options(self, keep: frozenset[tuple[str, str]] = frozenset()) -> Any:
        from coop_desktop.exchange.importer import ImportOptions

        return ImportOptions(read=self.read_options, empty_clears=self.empty_clears.isChecked(),
                             keep=keep)

    def run_check(self) -> None:
        from coop_desktop.exchange import importer

        assert self.mapping is not None
        db, path, mapping, options = self.ctx.db, self.path, self.mapping, self._options()
        self.ctx.runner.run(lambda: importer.plan_iter(db, path, mapping, options),
                            on_success=self._checked, on_failure=self._failed, parent=self,
                            label=self.ctx.tr.gettext("Checking the file…"))

    def _checked(self, report: Any) -> None:
        tr = self.ctx.tr
        self.report = report
        self.summary_label.setText("\n".join(report.summary(tr)))
        problems = [p.render(tr) for p in report.problems[:SHOWN_DETAILS]]
        if report.truncated:
            problems.append(tr.gettext("… and more (the full list is in the report)."))
        self.problems_label.setText(
            tr.gettext("Rows that will not be imported:") if problems else
            tr.gettext("Imported, but worth a look:"))
        problems += _warning_lines(report, tr, heading=bool(problems))
        self.problems_view.setPlainText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))
        self.problems_view.setVisible(bool(problems))
        conflicts = report.conflicts[:SHOWN_DETAILS]
        table = self.conflicts_table
        table.setRowCount(len(conflicts))
        from coop_desktop.exchange.report import field_label, shown as value_text

        for r, conflict in enumerate(conflicts):
            keep = QTableWidgetItem()
            keep.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            keep.setCheckState(Qt.CheckState.Checked if conflict.kept else
                               Qt.CheckState.Unchecked)
            table.setItem(r, 0, keep)
            table.setItem(r, 1, QTableWidgetItem(str(conflict.row)))
            table.setItem(r, 2, QTableWidgetItem(
                f"{_text(conflict.name)} · {tr.gettext(field_label(conflict.field))}"))
            table.setItem(r, 3, QTableWidgetItem(_text(value_text(conflict.old))))
            table.setItem(r, 4, QTableWidgetItem(_text(value_text(conflict.new))))
        table.resizeColumnToContents(0)
        self.conflicts_label.setVisible(bool(conflicts))
        table.setVisible(bool(conflicts))
        importable = report.created + report.updated
        self.import_button.setEnabled(importable > 0)
        self._show(CHECK)
        if not importable:
            self._say(tr.gettext("No row can be imported: see the reasons above."))

    def _kept(self) -> frozenset[tuple[str, str]]:
        out = set()
        if self.report is None:
            return frozenset()
        for r, conflict in enumerate(self.report.conflicts[:SHOWN_DETAILS]):
            item = self.conflicts_table.item(r, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.add((conflict.uscc, conflict.field))
        return frozenset(out)

    # ------------------------------------------------------------------ step 4
    def run_import(self) -> None:
        from coop_desktop.exchange import importer

        assert self.mapping is not None
        ctx, path, mapping = self.ctx, self.path, self.mapping
        db, options = ctx.db, self._options(self._kept())
        tr = ctx.tr

        def work() -> Any:
            ctx.backup_first("before-import")  # a verified backup, or no import at all
            report = yield from importer.apply_iter(db, path, mapping, options, backup=False)
            return report

        def done(report: Any) -> None:
            self.result = report
            try:
                mapping_mod.remember_mapping(mapping)
            except OSError:
                pass
            self._show_done(report)
            if report.batch_id and (report.created or report.updated):
                self._offer_undo(report)
            ids = tuple(r.enterprise_id for r in report.results if r.enterprise_id)
            ctx.hub.changed.emit(Changes("enterprise", ids, action="import"))
            self.imported.emit(report)

        self.import_button.setEnabled(False)
        ctx.runner.run(work, on_success=done, on_failure=self._failed, parent=self,
                       label=tr.gettext("Importing…"))

    def _show_done(self, report: Any) -> None:
        tr = self.ctx.tr
        lines = report.summary(tr)
        if report.backup:
            lines.append(tr.gettext("A backup was made first: {file}").format(file=report.backup))
        self.done_label.setText("\n".join(lines))
        details = [p.render(tr) for p in report.problems[:SHOWN_DETAILS]]
        details += _warning_lines(report, tr, heading=bool(details))
        self.done_details.setPlainText("\n".join(details))
        self.done_details.setVisible(bool(details))
        self._show(DONE)

    def _offer_undo(self, report: Any) -> None:
        try:
            from coop_desktop.exchange import undo as undo_mod
        except ImportError:  # pragma: no cover - the undo module lands with the importer
            return
        db, batch = self.ctx.db, report.batch_id
        label = self.ctx.tr.gettext("Import of {file}").format(file=self.path.name)
        self.ctx.undo_stack.append(UndoEntry(label, lambda: undo_mod.undo(db, batch)))
        notify = getattr(self.parent(), "notify", None)
        if callable(notify):
            notify(self.ctx.tr.gettext("{summary} Undo takes the whole import back.").format(
                summary=report.summary(self.ctx.tr)[0]), undoable=True)

    # ------------------------------------------------------------------ errors
    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._say(self.ctx.tr.gettext("Cancelled. Nothing was changed."))
            self.import_button.setEnabled(True)
            return
        if isinstance(exc, CoopError):
            self._say(exc.render(self.ctx.tr))
            self.import_button.setEnabled(self.report is not None)
            return
        show_error(self, self.ctx.tr, exc)


def _warning_lines(report: Any, tr: Any, *, heading: bool) -> list[str]:
    """What the user should know about rows that were (or will be) imported all the same
    (an implausible USCC, for instance); under a heading of their own after other lines."""
    warnings = ["⚠ " + w.render(tr) for w in report.warnings[:SHOWN_DETAILS]]
    if warnings and heading:
        return ["", tr.gettext("Imported, but worth a look:"), *warnings]
    return warnings
