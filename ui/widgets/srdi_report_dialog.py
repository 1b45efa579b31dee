"""Who qualifies (SRDI)…: the batch assessment of the enterprise list, its counts and its rows.

Opened from the Enterprises page (File ▸ Who qualifies, next to Export list; Tools menu):
the list as the page filters it (search, filters, sort) is assessed under the chosen version
of the criteria (:func:`coop_desktop.services.srdi_report.run_iter`) on the I/O lane with the
task runner's progress dialog; its Cancel stops the run and changes nothing (the report only
reads). Then the dialog shows the counts per tier and outcome (a click on a count filters the
table), the enterprises (filter by tier and outcome; sortable; double-click opens the
enterprise on the Enterprises page), what is short or missing for the selected one, and
exports to Excel and to a bilingual PDF.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from coop_desktop.services.enterprises import EnterpriseQuery
from coop_desktop.exchange.export import ExportResult
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_results import OUTCOMES, TIERS
from coop_desktop.services import srdi_report
from coop_desktop.services.srdi_report_text import MSG_INDICATIVE, ReportText
from ui.context import AppContext
from ui.widgets.srdi_report_model import COLOURS, ReportModel

SETTINGS_VERSION = "srdiReport/version"
SETTINGS_FOLDER = "srdiReport/folder"
#: File names suggested (both languages: the file leaves the app).
FILE_STEM = ("专精特新测评", "srdi-assessment")

_ACTIVE: set[QObject] = set()


# ------------------------------------------------------------------ replaceable in tests
def ask_save_path(parent: QWidget | None, title: str, suggested: str, pattern: str) -> str:
    """The file to write ("" when cancelled); a function so tests can replace it."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    suffix = "." + pattern.rsplit("*.", 1)[-1].rstrip(")")
    if path and Path(path).suffix.lower() != suffix:
        path += suffix
    return path


def open_enterprise(window: Any, enterprise_id: int) -> bool:
    """Show ``enterprise_id`` on the Enterprises page: its row selected when the list shows
    it, else the form loaded with it. False when the window has no such page."""
    try:
        page = window.show_page("enterprises")
    except (StopIteration, AttributeError):
        return False
    row = page.model.row_of(enterprise_id)
    if row >= 0:
        page.table.selectRow(row)
        page.table.scrollTo(page.model.index(row, 0))
    elif page.form.maybe_discard():
        page.form.load(enterprise_id)
    window.raise_()
    window.activateWindow()
    return True


# ------------------------------------------------------------------ the dialog
class SrdiReportDialog(QDialog):
    """See the module docstring. ``query``/``filters``: the list and its filter in words."""

    reported = Signal(object)  # SrdiReport (also after a run again)
    exported = Signal(object)  # ExportResult
    failed = Signal(object)  # the exception (ui.tasks.Cancelled when cancelled)

    def __init__(self, ctx: AppContext, query: EnterpriseQuery | None = None, *,
                 filters: list[tuple[str, str]] | None = None, window: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = query or EnterpriseQuery()
        self.filters = list(filters or [])
        self.window_ = window
        self.report: srdi_report.SrdiReport | None = None
        #: the filter in words in Chinese and in English (read with the report)
        self.described: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None = None
        self.cancel: Any = None
        self.closed = False
        self.jobs = 0  # report runs and exports under way (the dialog waits for them to close)
        self.close_pending = False
        self.setObjectName("srdiReportDialog")
        self.text = ReportText(ctx.tr)

        self.summary = QLabel(objectName="srdiReportSummary")
        self.summary.setWordWrap(True)
        self.version_label = QLabel()
        self.version = QComboBox(objectName="srdiReportVersion")
        for info in srdi.versions():
            self.version.addItem("", info.id)
        saved = QSettings().value(SETTINGS_VERSION, "", str)
        wanted = saved or srdi.version_in_force(date.today()) or srdi_report.check_version(
            "2022").id
        self.version.setCurrentIndex(max(0, self.version.findData(wanted)))
        self.version.activated.connect(lambda _i: self.run())
        self.run_button = QPushButton(objectName="srdiReportRun")
        self.run_button.clicked.connect(self.run)

        self.counts_box = QWidget(objectName="srdiReportCounts")
        grid = QGridLayout(self.counts_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.count_heads = [QLabel() for _ in OUTCOMES]
        self.tier_heads = [QLabel() for _ in TIERS]
        self.count_buttons: dict[tuple[str, str], QPushButton] = {}
        for c, head in enumerate(self.count_heads, 1):
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setStyleSheet(f"color: {COLOURS[OUTCOMES[c - 1]]}; font-weight: bold;")
            grid.addWidget(head, 0, c)
        for r, tier in enumerate(TIERS, 1):
            grid.addWidget(self.tier_heads[r - 1], r, 0)
            for c, outcome in enumerate(OUTCOMES, 1):
                button = QPushButton(objectName=f"count_{tier}_{outcome}")
                button.setFlat(True)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.clicked.connect(lambda _c=False, t=tier, o=outcome: self.show_only(t, o))
                self.count_buttons[(tier, outcome)] = button
                grid.addWidget(button, r, c)
        grid.setColumnStretch(len(OUTCOMES) + 1, 1)

        self.show_label = QLabel()
        self.tier_filter = QComboBox(objectName="srdiReportTier")
        self.outcome_filter = QComboBox(objectName="srdiReportOutcome")
        self.tier_filter.addItem("", None)
        for tier in TIERS:
            self.tier_filter.addItem("", tier)
        self.outcome_filter.addItem("", None)
        for outcome in OUTCOMES:
            self.outcome_filter.addItem("", outcome)
        self.tier_filter.currentIndexChanged.connect(self._filter_changed)
        self.outcome_filter.currentIndexChanged.connect(self._filter_changed)
        self.shown_label = QLabel(objectName="srdiReportShown")

        self.model = ReportModel(self.text, self)
        self.table = QTableView(objectName="srdiReportTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(lambda *_: header.setSortIndicatorShown(True))
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_row)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        self.detail = QTextBrowser(objectName="srdiReportDetail")
        self.detail.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.detail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.note = QLabel(objectName="srdiReportNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")

        self.xlsx_button = QPushButton(objectName="srdiReportXlsx")
        self.pdf_button = QPushButton(objectName="srdiReportPdf")
        self.close_button = QPushButton(objectName="srdiReportClose")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.version_label)
        top.addWidget(self.version, 1)
        top.addWidget(self.run_button)
        filters = QHBoxLayout()
        filters.addWidget(self.show_label)
        filters.addWidget(self.tier_filter)
        filters.addWidget(self.outcome_filter)
        filters.addStretch(1)
        filters.addWidget(self.shown_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        middle = QHBoxLayout()
        middle.addWidget(self.counts_box)
        middle.addSpacing(24)
        middle.addWidget(self.note, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(middle)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.setMinimumSize(900, 560)
        self.resize(1240, 680)
        self.retranslate_ui()
        self._update()
        ctx.lang.changed.connect(self.retranslate_ui)

    # ------------------------------------------------------------------ words
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.text = ReportText(tr)
        self.setWindowTitle(_("Who qualifies (SRDI)"))
        self.version_label.setText(_("Criteria:"))
        for i in range(self.version.count()):
            info = srdi_report.check_version(self.version.itemData(i))
            title = info.title_zh if tr.language == "zh_CN" else info.title_en
            self.version.setItemText(i, f"{info.id} — {title}")
        self.run_button.setText(_("Assess again"))
        for head, outcome in zip(self.count_heads, OUTCOMES, strict=True):
            head.setText(self.text.outcome(outcome))
        for head, tier in zip(self.tier_heads, TIERS, strict=True):
            head.setText(self.text.tier(tier))
        self.show_label.setText(_("Show:"))
        self.tier_filter.setItemText(0, _("Any tier"))
        for i, tier in enumerate(TIERS, 1):
            self.tier_filter.setItemText(i, self.text.tier(tier))
        self.outcome_filter.setItemText(0, _("Any result"))
        for i, outcome in enumerate(OUTCOMES, 1):
            self.outcome_filter.setItemText(i, self.text.outcome(outcome))
        self.note.setText(_(MSG_INDICATIVE))
        self.xlsx_button.setText(_("Export to Excel…"))
        self.pdf_button.setText(_("Export PDF…"))
        self.close_button.setText(_("Close"))
        self.model.retranslate(self.text)
        self._fit_columns()
        self._update()

    def _fit_columns(self) -> None:
        """Columns wide enough for their titles and typical values (names and the last
        column take what is left)."""
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        header = self.table.horizontalHeader()
        samples = ("某某某某某某科技有限公司", "91440300MA5XXXXXXX", "黑龙江省", "2025")
        for column in range(self.model.columnCount() - 1):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            sample = samples[column] if column < len(samples) else max(
                (self.text.outcome(o) + " · 45–80" for o in OUTCOMES),
                key=metrics.horizontalAdvance)
            header.resizeSection(column, max(metrics.horizontalAdvance(title),
                                             metrics.horizontalAdvance(sample)) + 16)

    def _update(self) -> None:
        tr = self.ctx.tr
        report = self.report
        from ui.widgets.list_export import filter_text

        filters = self.filters
        if self.described is not None:
            filters = self.described[0 if tr.language == "zh_CN" else 1]
        described = filter_text(tr, filters) or tr.gettext("none (the whole list)")
        if report is None:
            self.summary.setText(tr.gettext("Filter: {filter}").format(filter=described))
        else:
            lines = [tr.ngettext(
                "{count} enterprise assessed under {document}, {years} with yearly figures.",
                "{count} enterprises assessed under {document}, {years} with yearly figures.",
                report.total).format(count=self.text.number(report.total),
                                     document=report.document,
                                     years=self.text.number(report.with_years)),
                tr.gettext("Filter: {filter}").format(filter=described)]
            self.summary.setText("\n".join(lines))
        for (tier, outcome), button in self.count_buttons.items():
            value = report.counts[tier][outcome] if report is not None else None
            button.setText("—" if value is None else self.text.number(value))
            button.setToolTip(tr.gettext("Show these enterprises"))
            button.setEnabled(bool(value))
        self.shown_label.setText(tr.ngettext("{count} shown", "{count} shown",
                                             self.model.rowCount()).format(
            count=self.text.number(self.model.rowCount())))
        has_rows = report is not None and report.total > 0
        self.xlsx_button.setEnabled(has_rows)
        self.pdf_button.setEnabled(has_rows)
        self._show_detail()

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        """Show the dialog and run the report."""
        _ACTIVE.add(self)
        self.show()
        self.run()

    def run(self) -> None:
        version = self.version.currentData()
        QSettings().setValue(SETTINGS_VERSION, version)
        db, query = self.ctx.db, self.query
        self.run_button.setEnabled(False)
        def job() -> Any:
            report = yield from srdi_report.run_iter(db, query, version=version)
            return report, _described(query, db)

        self.jobs += 1
        self.cancel = self.ctx.runner.run(
            job, on_success=self._reported, on_failure=self._failed, parent=self,
            label=self.ctx.tr.gettext("Assessing the enterprises…"), lane="io")

    def _job_done(self) -> bool:
        """One job less; True when the dialog is closing (the caller shows nothing)."""
        self.jobs -= 1
        if self.close_pending and self.jobs == 0:
            QTimer.singleShot(0, self.close)
        return self.closed or self.close_pending

    def _reported(self, result: tuple[srdi_report.SrdiReport, Any]) -> None:
        if self._job_done():
            return
        report, self.described = result
        self.run_button.setEnabled(True)
        self.report = report
        self.model.set_report(report)
        self._update()
        self.reported.emit(report)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        if self._job_done():
            return
        self.run_button.setEnabled(True)
        self.failed.emit(exc)
        if isinstance(exc, Cancelled):
            if self.report is None:
                self.summary.setText(self.ctx.tr.gettext(
                    "Cancelled. Nothing was changed. Click “Assess again” to start over."))
            return
        show_error(self, self.ctx.tr, exc)

    # ------------------------------------------------------------------ the table
    def show_only(self, tier: str | None, outcome: str | None) -> None:
        self.tier_filter.setCurrentIndex(max(0, self.tier_filter.findData(tier)))
        self.outcome_filter.setCurrentIndex(max(0, self.outcome_filter.findData(outcome)))

    def _filter_changed(self, *_args: Any) -> None:
        self.model.set_filter(self.tier_filter.currentData(), self.outcome_filter.currentData())
        self._update()

    def selected_row(self) -> Any:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        from html import escape

        row = self.selected_row()
        if row is None:
            self.detail.setHtml("")
            self.detail.setPlaceholderText(self.ctx.tr.gettext(
                "Select an enterprise to see what is short or missing for each tier; "
                "double-click to open it."))
            return
        text = self.text
        year = (self.ctx.tr.gettext("figures of {year}").format(year=row.year)
                if row.year is not None else self.ctx.tr.gettext("no complete yearly figures"))
        zh = self.ctx.tr.language == "zh_CN"
        parts = [f"<b>{escape(row.name_zh)}</b>" + (f"（{escape(year)}）" if zh
                                                     else f" ({escape(year)})")]
        for tier, summary in zip(TIERS, row.tiers, strict=True):
            colour = COLOURS[summary.outcome]
            score = text.score(summary)
            head = text.outcome(summary.outcome) + (f" · {score}" if score else "")
            short = text.short(summary)
            parts.append(f"{escape(text.tier(tier))}{text.colon}<span style='color:{colour}'>"
                         f"{escape(head)}</span>" + (f" — {escape(short)}" if short else ""))
        self.detail.setHtml("<br>".join(parts))

    def _open_row(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        if self.window_ is not None:
            open_enterprise(self.window_, row.id)

    # ------------------------------------------------------------------ exports
    def _folder(self) -> Path:
        from ui.widgets.list_export import _folder

        saved = QSettings().value(SETTINGS_FOLDER, "", str)
        return Path(saved) if saved and Path(saved).is_dir() else _folder()

    def export(self, fmt: str) -> None:
        report = self.report
        if report is None:
            return
        tr = self.ctx.tr
        stem = FILE_STEM[0] if tr.language == "zh_CN" else FILE_STEM[1]
        suggested = self._folder() / f"{stem}-{report.version}-{report.today:%Y%m%d}.{fmt}"
        pattern = "Excel (*.xlsx)" if fmt == "xlsx" else "PDF (*.pdf)"
        title = tr.gettext("Export the assessment as")
        path = ask_save_path(self, title, str(suggested), pattern)
        if not path:
            return
        target = Path(path)
        QSettings().setValue(SETTINGS_FOLDER, str(target.parent))
        self.write(target, fmt)

    def write(self, target: Path, fmt: str) -> None:
        """Write the export in the background (tests call it directly)."""
        report = self.report
        assert report is not None
        tr = self.ctx.tr
        filters = self.filters
        if self.described is not None:
            filters = self.described[0 if tr.language == "zh_CN" else 1]
        zh, en = self.described or (filters, filters)

        def job() -> Any:
            from coop_desktop.exchange import srdi_export

            if fmt == "xlsx":
                result = yield from srdi_export.write_xlsx(report, target, tr, filters=filters)
                return result
            from coop_desktop.documents import srdi_report_pdf

            pdf = yield from srdi_report_pdf.render(report, target, filters_zh=zh,
                                                    filters_en=en)
            return ExportResult(target, "pdf", pdf.rows, 0)

        self.jobs += 1
        self.ctx.runner.run(job, on_success=self._exported, on_failure=self._export_failed,
                            parent=self, label=tr.gettext("Exporting the assessment…"),
                            lane="io")

    def _exported(self, result: ExportResult) -> None:
        from ui.widgets.list_export import show_result

        if self._job_done():  # written all the same: say so where it can still be seen
            show_result(self.ctx, result, self.window_)
            return
        self.exported.emit(result)
        show_result(self.ctx, result, self)

    def _export_failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        closing = self._job_done()
        if not closing:
            self.failed.emit(exc)
        if not isinstance(exc, Cancelled):
            show_error(self.window_ if closing else self, self.ctx.tr, exc)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.jobs:  # a run stops at its next chunk, an export finishes: then it closes
            self.close_pending = True
            if self.cancel is not None:
                self.cancel.set()
            event.ignore()
            return
        self.closed = True
        _ACTIVE.discard(self)
        super().closeEvent(event)


def _described(query: EnterpriseQuery, db: Any) -> Any:
    """The filter in Chinese and in English (reads the zones when a zone is chosen)."""
    from coop_desktop.exchange.srdi_export import described

    found: list[Any] = []
    if query.zone_id is not None:
        from coop_desktop.services.catalog import zones

        found = list(zones.list(db))
    return described(query, found)


def open_report(ctx: AppContext, window: Any = None, *, query: EnterpriseQuery | None = None,
                filters: list[tuple[str, str]] | None = None) -> SrdiReportDialog:
    """Open the dialog on ``query`` (default: the Enterprises page's list as shown, when the
    window has that page; else the whole list) and run the report."""
    if query is None and window is not None:
        try:
            page = window.page("enterprises")
        except (StopIteration, AttributeError):
            page = None
        source = page.list_source() if page is not None and hasattr(page, "list_source") else None
        if source is not None:
            query, filters = source.query, source.filters
    dialog = SrdiReportDialog(ctx, query, filters=filters, window=window, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.start()
    return dialog


__all__ = ["ReportModel", "SrdiReportDialog", "open_enterprise", "open_report"]
