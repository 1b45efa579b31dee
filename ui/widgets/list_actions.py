"""The File menu's list entries: Export list…, Print preview of the list…, Print list…, and
Who qualifies (SRDI)… (the SRDI report of the enterprise list, also in the Tools menu).

:func:`install` adds them to a main window's File menu (after the dossier PDF entries) and
keeps them in step with the current page: enabled when the page shows a list that can be
exported (:func:`ui.widgets.list_export.source_of`), retranslated with the UI.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


class ListActions(QObject):
    """The three actions of one main window (``window.list_actions``)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.export = self._action("actExportList", "Ctrl+Shift+E", self.export_list)
        self.preview = self._action("actPreviewList", None, self.preview_list)
        self.print = self._action("actPrintList", None, self.print_list)
        # the SRDI "who qualifies" report of the enterprise list (also in the Tools menu)
        self.srdi = self._action("actSrdiReport", None, self.srdi_report)
        menu = window.file_menu
        before = window.act_settings
        menu.insertActions(before, [self.export, self.preview, self.print, self.srdi])
        menu.insertSeparator(before)
        window.stack.currentChanged.connect(lambda *_: self.update())
        window.page_actions_changed.connect(self.update)  # (pages are built when first shown)
        window.ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.update()

    def _action(self, name: str, shortcut: str | None, slot: Any) -> QAction:
        act = QAction(self.window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda *_: slot())
        self.window.addAction(act)
        return act

    def retranslate_ui(self) -> None:
        _ = self.window.ctx.tr.gettext
        self.export.setText(_("Export &list (Excel, CSV)…"))
        self.preview.setText(_("Print previe&w of the list…"))
        self.print.setText(_("P&rint the list…"))
        self.srdi.setText(_("Who qualifies (SRDI)…"))

    def _page(self) -> Any:
        return self.window.stack.currentWidget()

    def update(self) -> None:
        page = self._page()
        able = page is not None and _has_list(page)
        for act in (self.export, self.preview, self.print):
            act.setEnabled(able)
        self.srdi.setEnabled("enterprises" in self.window.page_keys)

    def _source(self) -> Any:
        from ui.widgets.list_export import source_of  # (the exchange code: when first used)

        page = self._page()
        return source_of(page) if page is not None else None

    def export_list(self) -> Any:
        from ui.widgets.list_export import export_list

        source = self._source()
        return export_list(self.window.ctx, source, self.window) if source else None

    def preview_list(self) -> Any:
        from ui.widgets.list_print import preview_list

        source = self._source()
        return preview_list(self.window.ctx, source, self.window) if source else None

    def print_list(self, printer: Any = None) -> Any:
        from ui.widgets.list_print import print_list

        source = self._source()
        return print_list(self.window.ctx, source, self.window, printer=printer) if source else None

    def srdi_report(self) -> Any:
        """The SRDI report of the Enterprises page's list, whichever page is shown."""
        from ui.widgets.srdi_report_dialog import open_report

        return open_report(self.window.ctx, self.window)


def _has_list(page: Any) -> bool:
    if callable(getattr(page, "list_source", None)):
        return True
    if getattr(page, "editing", False) is True:
        return False  # the applications page shows an editor, not its list
    return getattr(page, "key", None) in ("zones", "events", "applications")


def install(window: Any) -> ListActions:
    """Add the list entries to ``window``'s File menu (see the module docstring)."""
    return ListActions(window)


__all__ = ["ListActions", "install"]
