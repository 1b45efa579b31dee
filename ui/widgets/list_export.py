"""File ▸ Export list…: the list on screen to Excel (.xlsx) or CSV, in the background.

What is exported is the page's :class:`ListSource`: its rows (for enterprises the list's
``EnterpriseQuery`` — search, filters and sort; for the other lists the ids the table shows,
in its order), and the columns shown (or, by choice, every field — what an import reads back).
:func:`source_of` asks a page for it (``page.list_source()``) or builds it from a page's
filtered table (zones, events, applications).

:func:`export_list` shows :class:`ListExportDialog` (format, header language, columns), then
the save dialog, then writes the file on the I/O lane (``ctx.runner``; the DB lane stays free
for the list) with a progress dialog whose Cancel stops the export and leaves no file (see
:mod:`coop_desktop.exchange.export`). The result message offers "Open" and "Open folder".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QLabel, QMessageBox,
    QRadioButton, QVBoxLayout, QWidget,
)

from coop_desktop.services.enterprises import EnterpriseQuery
from coop_desktop.exchange import export as ex
from coop_desktop.exchange.export import ExportResult
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_number
from ui.context import AppContext

SETTINGS_FOLDER = "listExport/folder"
SETTINGS_FORMAT = "listExport/format"
SETTINGS_HEADERS = "listExport/headers"
SETTINGS_COLUMNS = "listExport/columns"

#: The lists that can be exported, by page key, and their names (English msgids).
LIST_NAMES = {"enterprises": N_("Enterprises"), "zones": N_("Cooperation zones"),
              "events": N_("Events"), "applications": N_("Applications")}
#: File names suggested for each list (both languages: the file leaves the app).
FILE_NAMES = {"enterprises": ("企业名录", "enterprises"), "zones": ("合作区", "zones"),
              "events": ("活动", "events"), "applications": ("申报材料", "applications")}


@dataclass
class ListSource:
    """What a page shows, for exporting or printing it.

    ``query`` (enterprises) or ``ids`` (the other lists: the rows shown, in order) say
    which rows; ``visible``: the export column keys of the columns shown (None: the list's
    own set); ``filters``: ``(label, value)`` of every filter that is set, and ``sort`` the
    order in words — both in the UI language, for the dialog and the printout's header."""

    kind: str
    count: int | None
    query: EnterpriseQuery | None = None
    ids: list[int] | None = None
    visible: list[str] | None = None
    filters: list[tuple[str, str]] = field(default_factory=list)
    sort: str | None = None


def source_of(page: Any) -> ListSource | None:
    """The list ``page`` shows (None when it has none that can be exported)."""
    own = getattr(page, "list_source", None)
    if callable(own):
        return own()  # type: ignore[no-any-return]
    if getattr(page, "key", None) not in ("zones", "events", "applications"):
        return None
    proxy, model, table = (getattr(page, n, None) for n in ("proxy", "model", "table"))
    if proxy is None or model is None or table is None or not hasattr(model, "rows"):
        return None
    if getattr(page, "editing", False) is True:
        return None  # the applications page shows an editor, not the list
    ids = []
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0))
        ids.append(model.rows[source.row()].id)
    tr = page.ctx.tr
    filters = []
    text = page.filter.text().strip() if hasattr(page, "filter") else ""
    if text:
        filters.append((tr.gettext("Search"), text))
    for name in ("kind_filter", "status_filter"):
        combo = getattr(page, name, None)
        if combo is not None and combo.currentIndex() > 0:
            filters.append((tr.gettext("Show"), combo.currentText()))
    header = table.horizontalHeader()
    sort = None
    if header.isSortIndicatorShown() or table.isSortingEnabled():
        section = header.sortIndicatorSection()
        title = model.headerData(section, Qt.Orientation.Horizontal)
        if title:
            sort = sort_words(tr, str(title), header.sortIndicatorOrder()
                              == Qt.SortOrder.DescendingOrder)
    return ListSource(page.key, len(ids), ids=ids, filters=filters, sort=sort)


def sort_words(tr: Any, column: str, descending: bool) -> str:
    """``营业收入，降序`` / ``Revenue, descending``."""
    order = tr.gettext("descending") if descending else tr.gettext("ascending")
    return tr.gettext("{column}, {order}").format(column=column, order=order)


def filter_text(tr: Any, filters: Sequence[tuple[str, str]]) -> str:
    """The filters on one line, in the UI language ("" when none)."""
    zh = tr.language == "zh_CN"
    return ("；" if zh else "; ").join(f"{k}{'：' if zh else ': '}{v}" for k, v in filters)


# ------------------------------------------------------------------ replaceable in tests
def ask_save_path(parent: QWidget | None, title: str, suggested: str, fmt: str) -> str:
    """The file to write ("" when cancelled); a function so tests can replace it."""
    pattern = "Excel (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    if path and Path(path).suffix.lower() not in ex.EXTENSIONS[fmt]:
        path += ex.EXTENSIONS[fmt][0]
    return path


def open_url(url: QUrl) -> bool:
    from ui.widgets import pdf_export

    return pdf_export.open_url(url)


def _folder() -> Path:
    saved = QSettings().value(SETTINGS_FOLDER, "", str)
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


# ------------------------------------------------------------------ the dialog
class ListExportDialog(QDialog):
    """Format, header language and columns of an export."""

    def __init__(self, ctx: AppContext, source: ListSource, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx, self.source = ctx, source
        self.setObjectName("listExportDialog")
        self.setMinimumWidth(480)
        settings = QSettings()
        self.summary = QLabel(objectName="exportSummary")
        self.summary.setWordWrap(True)

        def group(name: str, keys: Sequence[str], saved: str) -> tuple[QGroupBox, QButtonGroup,
                                                                      dict[str, QRadioButton]]:
            box = QGroupBox(objectName=name)
            buttons = QButtonGroup(self)
            layout = QVBoxLayout(box)
            out = {}
            for index, key in enumerate(keys):
                button = QRadioButton(objectName=f"{name}_{key}")
                buttons.addButton(button, index)
                layout.addWidget(button)
                out[key] = button
            (out.get(saved) or out[keys[0]]).setChecked(True)
            return box, buttons, out

        self.format_box, _g1, self.format_buttons = group(
            "exportFormat", ex.FORMATS, settings.value(SETTINGS_FORMAT, "xlsx", str))
        default_headers = "zh" if ctx.lang.language == "zh_CN" else "both"
        self.headers_box, _g2, self.header_buttons = group(
            "exportHeaders", ("zh", "en", "both"),
            settings.value(SETTINGS_HEADERS, default_headers, str))
        self.columns_box, _g3, self.column_buttons = group(
            "exportColumns", ("shown", "all"), settings.value(SETTINGS_COLUMNS, "shown", str))
        self.columns_box.setVisible(source.visible is not None)
        self.csv_note = QLabel(objectName="csvNote")
        self.csv_note.setWordWrap(True)
        self.csv_note.setStyleSheet("color: palette(placeholder-text); margin-left: 22px;")
        self.format_box.layout().addWidget(self.csv_note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        for box in (self.format_box, self.headers_box, self.columns_box):
            layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        ctx.lang.changed.connect(self.retranslate_ui)

    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        source = self.source
        self.setWindowTitle(_("Export list"))
        name = _(LIST_NAMES.get(source.kind, source.kind))
        count = source.count
        lines = [name if count is None else tr.ngettext(  # None: still being counted
            "{list}: {count} row will be exported.", "{list}: {count} rows will be exported.",
            count).format(list=name, count=format_number(count, tr))]
        described = filter_text(tr, source.filters)
        lines.append(_("Filter: {filter}").format(filter=described or _("none (the whole list)")))
        if source.sort:
            lines.append(_("Sorted by: {sort}").format(sort=source.sort))
        self.summary.setText("\n".join(lines))
        self.format_box.setTitle(_("Format"))
        self.format_buttons["xlsx"].setText(_("Excel workbook (.xlsx)"))
        self.format_buttons["csv"].setText(_("CSV text (.csv, UTF-8)"))
        self.csv_note.setText(_("Opens in Excel and WPS; numbers without formatting. For very "
                                "long lists."))
        self.headers_box.setTitle(_("Column headers"))
        self.header_buttons["zh"].setText(_("Chinese"))
        self.header_buttons["en"].setText(_("English"))
        self.header_buttons["both"].setText(_("Chinese and English (企业名称 / Company name)"))
        self.columns_box.setTitle(_("Columns"))
        shown = len(source.visible or [])
        self.column_buttons["shown"].setText(tr.ngettext(
            "The column shown in the list ({count})", "The columns shown in the list ({count})",
            shown).format(count=shown))
        self.column_buttons["all"].setText(_("Every field (the whole record; can be imported "
                                             "again)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Export…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    @staticmethod
    def _chosen(buttons: dict[str, QRadioButton]) -> str:
        return next(k for k, b in buttons.items() if b.isChecked())

    @property
    def fmt(self) -> str:
        return self._chosen(self.format_buttons)

    @property
    def headers(self) -> str:
        return self._chosen(self.header_buttons)

    @property
    def columns(self) -> list[str] | None:
        """Export column keys (None: all of the list's)."""
        if self.source.visible is None or self._chosen(self.column_buttons) == "all":
            return None
        return list(self.source.visible)

    def file_name(self) -> str:
        zh, en = FILE_NAMES.get(self.source.kind, (self.source.kind, self.source.kind))
        from datetime import date

        stem = zh if self.ctx.lang.language == "zh_CN" else en
        return f"{stem}-{date.today():%Y%m%d}.{self.fmt}"


# ------------------------------------------------------------------ the job
_ACTIVE: set[QObject] = set()


class ListExport(QObject):
    """One run of :func:`export_list`; its signals tell the tests what happened."""

    dialogShown = Signal(object)  # ListExportDialog
    exported = Signal(object)  # ExportResult
    resultShown = Signal(object)  # QMessageBox
    failed = Signal(object)  # the exception (Cancelled when the user cancelled)

    def __init__(self, ctx: AppContext, source: ListSource, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.source, self.parent_widget = ctx, source, parent
        self.dialog: ListExportDialog | None = None
        self.result: ExportResult | None = None
        self.cancel: Any = None

    def start(self) -> None:
        _ACTIVE.add(self)
        self.dialog = ListExportDialog(self.ctx, self.source, self.parent_widget)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(self._chosen)
        self.dialog.rejected.connect(lambda: _ACTIVE.discard(self))
        self.dialog.open()
        self.dialogShown.emit(self.dialog)

    def _chosen(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        fmt, headers, columns = dialog.fmt, dialog.headers, dialog.columns
        settings = QSettings()
        settings.setValue(SETTINGS_FORMAT, fmt)
        settings.setValue(SETTINGS_HEADERS, headers)
        if self.source.visible is not None:
            settings.setValue(SETTINGS_COLUMNS, "shown" if columns is not None else "all")
        tr = self.ctx.tr
        path = ask_save_path(self.parent_widget, tr.gettext("Export the list as"),
                             str(_folder() / dialog.file_name()), fmt)
        if not path:
            _ACTIVE.discard(self)
            return
        target = Path(path)
        settings.setValue(SETTINGS_FOLDER, str(target.parent))
        self.run(target, fmt=fmt, headers=headers, columns=columns)

    def run(self, target: Path, *, fmt: str, headers: str, columns: list[str] | None) -> None:
        """Write the file in the background (the dialog's choices; tests call it directly)."""
        db, source, language = self.ctx.db, self.source, self.ctx.lang.language

        def job() -> Any:
            return ex.export(db, source.kind, target, fmt=fmt, query=source.query,
                             ids=source.ids, columns=columns, headers=headers,
                             language=language)

        self.cancel = self.ctx.runner.run(
            job, on_success=self._done, on_failure=self._failed, parent=self.parent_widget,
            label=self.ctx.tr.gettext("Exporting the list…"), lane="io")

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error
        from ui.widgets.bilingual_fields import notify

        _ACTIVE.discard(self)
        self.failed.emit(exc)
        if isinstance(exc, Cancelled):
            if self.parent_widget is not None:
                notify(self.parent_widget, self.ctx.tr.gettext(
                    "Export cancelled; no file was written."))
            return
        show_error(self.parent_widget, self.ctx.tr, exc)

    def _done(self, result: ExportResult) -> None:
        _ACTIVE.discard(self)
        self.result = result
        self.exported.emit(result)
        self.resultShown.emit(show_result(self.ctx, result, self.parent_widget))


def show_result(ctx: AppContext, result: ExportResult, parent: QWidget | None) -> QMessageBox:
    """"Exported 1,234 rows to 企业名录.xlsx", with "Open", "Open folder" and "Close"."""
    tr = ctx.tr
    box = QMessageBox(parent)
    box.setObjectName("listExportResult")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowTitle(tr.gettext("Export list"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(tr.ngettext("Exported {count} row to {name}.", "Exported {count} rows to {name}.",
                            result.rows).format(count=format_number(result.rows, tr),
                                                name=result.path.name))
    box.setInformativeText(str(result.path.parent))
    open_button = box.addButton(tr.gettext("Open"), QMessageBox.ButtonRole.AcceptRole)
    open_button.setObjectName("openFile")
    folder_button = box.addButton(tr.gettext("Open folder"), QMessageBox.ButtonRole.ActionRole)
    folder_button.setObjectName("openFolder")
    close_button = box.addButton(tr.gettext("Close"), QMessageBox.ButtonRole.RejectRole)
    close_button.setObjectName("close")
    box.setDefaultButton(close_button)
    box.setEscapeButton(close_button)

    def clicked(button: Any) -> None:
        if button is open_button:
            open_url(QUrl.fromLocalFile(str(result.path)))
        elif button is folder_button:
            open_url(QUrl.fromLocalFile(str(result.path.parent)))

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def export_list(ctx: AppContext, source: ListSource, parent: QWidget | None = None
                ) -> ListExport:
    """Ask how to export ``source``, where to, then write it (see the module docstring)."""
    job = ListExport(ctx, source, parent)
    job.start()
    return job


__all__ = ["ListExport", "ListExportDialog", "ListSource", "export_list", "filter_text",
           "show_result", "sort_words", "source_of"]
