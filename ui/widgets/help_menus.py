"""The menus and toolbar of a finished desktop app, installed on the main window.

``install(window)`` (called once by ``MainWindow``) adds, beside what the window builds:

- **Edit**: Undo, Redo, Cut, Copy, Paste, Select all with the platform's standard shortcuts,
  acting on the focused widget (:class:`EditCommands`): a text field undoes its typing; where
  there is no text to undo, Undo is the app's own (the last saved change, ``window.undo``);
  Copy in a table copies the selected rows as tab-separated text (pastes into a spreadsheet).
- **View**: one entry per page with Ctrl+1…Ctrl+9, and zoom (Ctrl++ / Ctrl+- / Ctrl+0) that
  scales the application font; the scale is remembered (QSettings ``view/fontScale``).
  A widget's own Ctrl+digit shortcut (the editor's translation-memory matches) wins while it
  has the focus: the page shortcuts step aside there instead of both going dead.
- **Help**: the user guide (F1), the keyboard-shortcut sheet, "Run the setup again…", About.
- Icons (``ui.icons``, following the palette) on the toolbar, the menus and the page list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit,
    QTextEdit, QToolBar, QWidget,
)

from ui import icons

#: Font scales offered by zoom (1.0 = the system's size).
SCALES = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6)
SCALE_KEY = "view/fontScale"
#: Where the application's unscaled font size is kept (set once per application).
BASE_PROPERTY = "coopBaseFontPointSize"
TOOLBAR_ICON = 20
SIDEBAR_ICON = 18
#: The window's own actions that get an icon (attribute -> role in ``ui.icons.ICONS``).
WINDOW_ICONS = {
    "act_new": "new", "act_save": "save", "act_delete": "delete", "act_refresh": "refresh",
    "act_find": "find", "act_undo": "undo", "act_settings": "settings", "act_quit": "quit",
    "act_about": "about", "act_backups": "backups", "act_check": "check",
    "act_import": "import", "act_import_package": "import_package", "act_imports": "imports",
    "act_preview": "preview", "act_export_pdf": "export_pdf", "act_print": "print",
}
LIST_ICONS = {"export": "export_list", "preview": "preview", "print": "print", "srdi": "srdi"}


def _text_target(widget: QWidget | None) -> Any:
    """The text editor behind ``widget`` (a spin box's or an editable combo's line edit)."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        return widget
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    return None


def _undo_available(editor: Any, redo: bool = False) -> bool:
    if isinstance(editor, QLineEdit):
        return editor.isRedoAvailable() if redo else editor.isUndoAvailable()
    doc = editor.document()
    return doc.isRedoAvailable() if redo else doc.isUndoAvailable()


def _read_only(editor: Any) -> bool:
    return bool(editor.isReadOnly())


def table_text(view: QAbstractItemView) -> str:
    """The selected rows of ``view`` as tab-separated lines (visible columns, in order)."""
    model = view.model()
    selection = view.selectionModel()
    if model is None or selection is None:
        return ""
    rows = sorted({i.row() for i in selection.selectedIndexes()})
    header = getattr(view, "horizontalHeader", lambda: None)()
    columns = list(range(model.columnCount()))
    if header is not None:
        columns = sorted((c for c in columns if not header.isSectionHidden(c)),
                         key=header.visualIndex)
    lines = []
    for row in rows:
        cells = [str(model.index(row, c).data() or "").replace("\t", " ").replace("\n", " ")
                 for c in columns]
        lines.append("\t".join(cells))
    return "\n".join(lines)


class EditCommands(QObject):
    """Undo/redo/cut/copy/paste/select all on whatever has the keyboard focus."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

    def focus(self) -> QWidget | None:
        return QApplication.focusWidget()

    def undo(self) -> None:
        editor = _text_target(self.focus())
        if editor is not None and not _read_only(editor) and _undo_available(editor):
            editor.undo()
        else:
            self.window.undo()  # the app's own: the last saved change

    def redo(self) -> None:
        editor = _text_target(self.focus())
        if editor is not None and not _read_only(editor):
            editor.redo()

    def cut(self) -> None:
        editor = _text_target(self.focus())
        if editor is not None and not _read_only(editor):
            editor.cut()
        else:
            self.copy()

    def copy(self) -> None:
        widget = self.focus()
        editor = _text_target(widget)
        if editor is not None:
            editor.copy()
        elif isinstance(widget, QAbstractItemView):
            text = table_text(widget)
            if text:
                QGuiApplication.clipboard().setText(text)

    def paste(self) -> None:
        editor = _text_target(self.focus())
        if editor is not None and not _read_only(editor):
            editor.paste()

    def select_all(self) -> None:
        widget = self.focus()
        editor = _text_target(widget)
        if editor is not None:
            editor.selectAll()
        elif isinstance(widget, QAbstractItemView):
            widget.selectAll()


# ------------------------------------------------------------------ zoom
def base_point_size(app: QApplication) -> float:
    """The application font's size before any zoom (kept on the application)."""
    value = app.property(BASE_PROPERTY)
    if not value:
        value = app.font().pointSizeF()
        if value <= 0:
            value = 9.0
        app.setProperty(BASE_PROPERTY, float(value))
    return float(value)


def saved_scale() -> float:
    try:
        value = float(QSettings().value(SCALE_KEY, 1.0))
    except (TypeError, ValueError):
        return 1.0
    return min(SCALES, key=lambda s: abs(s - value))


def apply_scale(scale: float) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    base = base_point_size(app)
    font = app.font()
    size = round(base * scale, 1)
    if abs(font.pointSizeF() - size) > 0.05:
        font.setPointSizeF(size)
        app.setFont(font)


# ------------------------------------------------------------------ the menus
class HelpMenus(QObject):
    """What ``install`` adds to the window (kept as ``window.help_menus``)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.edit = EditCommands(window)
        self.scale = saved_scale()
        apply_scale(self.scale)
        self._dialogs: dict[str, QWidget] = {}
        self._build_edit()
        self._build_view()
        self._build_help()
        self._icons()
        window.ctx.lang.changed.connect(self.retranslate_ui)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.retranslate_ui()

    def _action(self, name: str, role: str | None, slot: Callable[[], object],
                shortcuts: list[QKeySequence] | None = None) -> QAction:
        act = QAction(self.window)
        act.setObjectName(name)
        if shortcuts:
            act.setShortcuts(shortcuts)
        act.triggered.connect(lambda *_: slot())
        if role is not None:
            icons.bind(act, role)
        self.window.addAction(act)
        return act

    # ---------------------------------------------------------------- Edit
    def _build_edit(self) -> None:
        w, K, e = self.window, QKeySequence.StandardKey, self.edit
        w.act_undo.triggered.disconnect()
        w.act_undo.triggered.connect(lambda *_: e.undo())
        self.act_redo = self._action("actRedo", "redo", e.redo,
                                     QKeySequence.keyBindings(K.Redo))
        self.act_cut = self._action("actCut", "cut", e.cut, QKeySequence.keyBindings(K.Cut))
        self.act_copy = self._action("actCopy", "copy", e.copy, QKeySequence.keyBindings(K.Copy))
        self.act_paste = self._action("actPaste", "paste", e.paste,
                                      QKeySequence.keyBindings(K.Paste))
        self.act_select_all = self._action("actSelectAll", "select_all", e.select_all,
                                           QKeySequence.keyBindings(K.SelectAll))
        menu = w.edit_menu
        menu.clear()
        menu.addActions([w.act_undo, self.act_redo])
        menu.addSeparator()
        menu.addActions([self.act_cut, self.act_copy, self.act_paste, self.act_select_all])
        menu.addSeparator()
        menu.addActions([w.act_delete, w.act_find])

    # ---------------------------------------------------------------- View
    def _build_view(self) -> None:
        w = self.window
        self.page_group = QActionGroup(self)
        self.page_actions: list[QAction] = []
        for i, key in enumerate(w.page_keys):
            keys = [QKeySequence(f"Ctrl+{i + 1}")] if i < 9 else None
            act = self._action(f"actPage_{key}", f"page:{key}" if f"page:{key}" in icons.ICONS
                               else None, lambda key=key: w.show_page(key), keys)
            act.setCheckable(True)
            self.page_group.addAction(act)
            self.page_actions.append(act)
        w.sidebar.currentRowChanged.connect(self._page_shown)
        K = QKeySequence.StandardKey
        self.act_zoom_in = self._action(
            "actZoomIn", "zoom_in", lambda: self.zoom(+1),
            [*QKeySequence.keyBindings(K.ZoomIn), QKeySequence("Ctrl+=")])
        self.act_zoom_out = self._action("actZoomOut", "zoom_out", lambda: self.zoom(-1),
                                         QKeySequence.keyBindings(K.ZoomOut))
        self.act_zoom_reset = self._action("actZoomReset", "zoom_reset", lambda: self.zoom(0),
                                           [QKeySequence("Ctrl+0")])
        menu = w.view_menu
        menu.clear()
        menu.addActions(self.page_actions)
        menu.addSeparator()
        menu.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        menu.addSeparator()
        menu.addAction(w.act_refresh)
        self._page_shown(w.sidebar.currentRow())

    def _page_shown(self, row: int) -> None:
        if 0 <= row < len(self.page_actions):
            self.page_actions[row].setChecked(True)

    def zoom(self, step: int) -> float:
        """+1 larger, -1 smaller, 0 back to normal; remembered. Returns the new scale."""
        index = min(range(len(SCALES)), key=lambda i: abs(SCALES[i] - self.scale))
        index = SCALES.index(1.0) if step == 0 else max(0, min(len(SCALES) - 1, index + step))
        self.scale = SCALES[index]
        apply_scale(self.scale)
        QSettings().setValue(SCALE_KEY, self.scale)
        fit = getattr(self.window, "_fit_sidebar", None)
        if callable(fit):
            fit()
        self._update_zoom_actions()
        return self.scale

    def _update_zoom_actions(self) -> None:
        self.act_zoom_in.setEnabled(self.scale < SCALES[-1])
        self.act_zoom_out.setEnabled(self.scale > SCALES[0])
        self.act_zoom_reset.setEnabled(self.scale != 1.0)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Ctrl+digit belongs to a widget that has its own (e.g. the editor's memory
        matches) while the focus is inside it; elsewhere it switches pages."""
        taken: set[str] = set()
        widget = new
        while widget is not None and widget is not self.window:
            for shortcut in widget.findChildren(
                    QShortcut, "", Qt.FindChildOption.FindDirectChildrenOnly):
                if shortcut.isEnabled() and shortcut.context() in (
                        Qt.ShortcutContext.WidgetWithChildrenShortcut,
                        Qt.ShortcutContext.WidgetShortcut):
                    taken.add(shortcut.key().toString())
            widget = widget.parentWidget()
        for act in self.page_actions:
            keys = [k.toString() for k in act.shortcuts()]
            act.setEnabled(not any(k in taken for k in keys))

    # ---------------------------------------------------------------- Help
    def _build_help(self) -> None:
        w = self.window
        self.act_guide = self._action("actUserGuide", "guide", self.show_guide,
                                      QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
                                      or [QKeySequence("F1")])
        self.act_shortcuts = self._action("actShortcuts", "shortcuts", self.show_shortcuts,
                                          [QKeySequence("Ctrl+/")])
        self.act_setup = self._action("actRunSetup", "setup", self.run_setup)
        icons.bind(w.act_about, "about")
        menu = w.help_menu
        menu.clear()
        menu.addActions([self.act_guide, self.act_shortcuts])
        menu.addSeparator()
        menu.addAction(self.act_setup)
        menu.addSeparator()
        menu.addAction(w.act_about)
        try:
            w.act_about.triggered.disconnect()
        except (RuntimeError, TypeError):
            pass
        w.act_about.triggered.connect(lambda *_: self.show_about())

    def _reuse(self, key: str, make: Callable[[], QWidget]) -> QWidget:
        dialog = self._dialogs.get(key)
        try:
            if dialog is not None and dialog.isVisible():
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        except RuntimeError:
            pass
        dialog = make()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._dialogs.pop(key, None))
        self._dialogs[key] = dialog
        dialog.show()
        return dialog

    def show_guide(self, anchor: str = "") -> QWidget:
        from ui.widgets.help_guide import GuideViewer

        viewer = self._reuse("guide", lambda: GuideViewer(self.window.ctx, self.window))
        if anchor:
            viewer.show_anchor(anchor)  # type: ignore[attr-defined]
        return viewer

    def show_shortcuts(self) -> QWidget:
        from ui.widgets.help_shortcuts import ShortcutSheet

        return self._reuse("shortcuts", lambda: ShortcutSheet(self.window))

    def show_about(self) -> QWidget:
        from ui.widgets.help_about import AboutDialog

        return self._reuse("about", lambda: AboutDialog(self.window.ctx, self.window))

    def run_setup(self) -> QWidget:
        from ui.widgets.first_run import FirstRunDialog

        return self._reuse("setup", lambda: FirstRunDialog.again(self.window))

    # ---------------------------------------------------------------- icons and texts
    def _icons(self) -> None:
        w = self.window
        for attr, role in WINDOW_ICONS.items():
            act = getattr(w, attr, None)
            if act is not None:
                icons.bind(act, role)
        lists = getattr(w, "list_actions", None)
        for attr, role in LIST_ICONS.items():
            act = getattr(lists, attr, None)
            if act is not None:
                icons.bind(act, role)
        toolbar: QToolBar = w.toolbar
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(TOOLBAR_ICON, TOOLBAR_ICON))
        w.sidebar.setIconSize(QSize(SIDEBAR_ICON, SIDEBAR_ICON))
        for i, key in enumerate(w.page_keys):
            role = f"page:{key}"
            if role in icons.ICONS:
                icons.bind(w.sidebar.item(i), role)
        w.setWindowIcon(icons.app_icon())

    def retranslate_ui(self) -> None:
        _ = self.window.ctx.tr.gettext
        self.act_redo.setText(_("&Redo"))
        self.act_cut.setText(_("Cu&t"))
        self.act_copy.setText(_("&Copy"))
        self.act_paste.setText(_("&Paste"))
        self.act_select_all.setText(_("Select &all"))
        for i, act in enumerate(self.page_actions):
            act.setText(_(self.window._page_title(i)))
        self.act_zoom_in.setText(_("Zoom &in"))
        self.act_zoom_out.setText(_("Zoom &out"))
        self.act_zoom_reset.setText(_("&Actual size"))
        self.act_guide.setText(_("&User guide"))
        self.act_shortcuts.setText(_("&Keyboard shortcuts"))
        self.act_setup.setText(_("Run the &setup again…"))
        self._update_zoom_actions()


def install(window: Any) -> HelpMenus:
    """Add the Edit, View and Help menus' entries, the icons and zoom to ``window``."""
    return HelpMenus(window)

