"""The main window: sidebar, page stack, toolbar, menus, status bar with undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray, QElapsedTimer, QEventLoop, QRect, QSettings, QSize, Qt, QTimer, Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
    QProgressDialog, QPushButton, QSplitter, QStackedWidget, QToolBar, QWidget,
)

from coop_desktop import __version__
from coop_desktop.i18n.catalog import N_
from coop_desktop.services import backups, recovery
from ui import startup, window_state
from ui.backup_scheduler import BackupScheduler
from ui.tasks import show_error
from ui.context import AppContext
from ui.pages.base import Page

if TYPE_CHECKING:  # the dialogs are imported when first opened (start-up time)
    from ui.widgets.backups_dialog import BackupsDialog
    from ui.widgets.check_dialog import CheckDialog
    from ui.widgets.import_dialog import ImportDialog
    from ui.widgets.imports_dialog import ImportsDialog

#: Builds a page. A factory with ``key`` and ``title_msgid`` attributes (a Page class, or a
#: ``ui.pages.registry.LazyPage``) is called when its page is first shown or asked for
#: (``MainWindow.page``); one without them is built with the window.
PageFactory = Callable[[AppContext], Page]
#: When the background integrity check of the database starts after the window opens.
VERIFY_DELAY_MS = 1_500
#: How long closing waits for queued saves (each may wait 10 s for another program's lock).
SAVE_WAIT_MS = 30_000
#: The sidebar is as wide as its longest entry needs, within these bounds (pixels).
SIDEBAR_MIN, SIDEBAR_MAX = 112, 220
# (no focus frame: the highlighted row already shows where the keyboard is)
SIDEBAR_STYLE = ("QListWidget#sidebar { outline: 0; }"
                 " QListWidget#sidebar::item { padding-left: 10px; padding-right: 10px; }")


class MainWindow(QMainWindow):
    #: The current page's ``actions_changed`` (whichever page is built and shown).
    page_actions_changed = Signal()

    def __init__(self, ctx: AppContext, pages: Sequence[PageFactory]) -> None:
        super().__init__()
        self.ctx = ctx
        self._close_noticed = False  # the unsaved-work notice was read: close for real
        #: Work to do once this window has closed and the database is closed (a restore, a
        #: move): ``(path) -> path to open next``; see ``ui.app.main``.
        self.after_close: Callable[[Path], Path] | None = None
        self._damage_shown = False
        self.setObjectName("mainWindow")
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows follow its width
        self.sidebar.setMaximumWidth(SIDEBAR_MAX)
        self.stack = QStackedWidget()
        # Pages are built when first shown (a page costs 10-300 ms to build): until then the
        # stack holds an empty placeholder, and the sidebar the factory's key and title.
        self._factories = list(pages)
        self._built: list[Page | None] = [None] * len(self._factories)
        self._states: dict[str, dict[str, object]] = {}  # saved state of pages not built yet
        for i, factory in enumerate(self._factories):
            if not (isinstance(getattr(factory, "key", None), str)
                    and isinstance(getattr(factory, "title_msgid", None), str)):
                self._built[i] = self._make_page(i)
            self.stack.addWidget(self._built[i] or QWidget())
            item = QListWidgetItem()
            item.setSizeHint(QSize(0, 36))
            self.sidebar.addItem(item)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self._sidebar_moved = False  # the user dragged it: keep their width
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self.setCentralWidget(self.splitter)
        self.sidebar.currentRowChanged.connect(self._switch_to)
        self._build_actions()
        self._update_actions()
        self.undo_button = QPushButton()
        self.undo_button.setFlat(True)
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self.undo)
        self.statusBar().addPermanentWidget(self.undo_button)
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("readOnlyBanner")
        self.read_only_label.setStyleSheet("color: #b3261e; font-weight: 600; padding: 0 8px;")
        self.read_only_label.setVisible(False)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.backups = BackupScheduler(ctx, self)
        ctx.runner.damage_detected.connect(lambda exc: self.on_damage(str(exc)))
        self._verify_timer = QTimer(self)
        self._verify_timer.setInterval(250)
        self._verify_timer.timeout.connect(self._watch_verification)
        self._verify_timer.start()
        # The full check of the file runs once the window is up and has its first rows
        # (writes wait for it; starting it at once slowed the first window by ~0.6 s).
        QTimer.singleShot(VERIFY_DELAY_MS, self, ctx.db.start_verification)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(1280, 800)
        self._restore_settings()
        if self._factories and self.sidebar.currentRow() < 0:
            self.sidebar.setCurrentRow(0)

    # ------------------------------------------------------------------ actions
    def _action(self, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: Callable[[], object], name: str) -> QAction:
        act = QAction(self)
        act.setObjectName(name)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action(K.New, lambda: self.current_page().new_record(), "actNew")
        self.act_save = self._action(K.Save, lambda: self.current_page().save(), "actSave")
        self.act_delete = self._action(K.Delete, lambda: self.current_page().delete_selected(),
                                       "actDelete")
        self.act_refresh = self._action(K.Refresh, lambda: self.current_page().refresh(),
                                        "actRefresh")
        self.act_find = self._action(K.Find, lambda: self.current_page().focus_search(), "actFind")
        self.act_undo = self._action(K.Undo, self.undo, "actUndo")
        self.act_settings = self._action(K.Preferences, self.open_settings, "actSettings")
        self.act_quit = self._action(K.Quit, self.close, "actQuit")
        self.act_about = self._action(None, self.show_about, "actAbout")
        self.act_backups = self._action(None, self.open_backups, "actBackups")
        self.act_check = self._action(None, self.open_check, "actCheckDatabase")
        self.act_import = self._action("Ctrl+I", self.import_enterprises, "actImportEnterprises")
        self.act_imports = self._action(None, self.open_imports, "actImports")
        self.act_import_package = self._action(None, self.import_package, "actImportPackage")
        self.act_preview = self._action("Ctrl+Shift+P", lambda: self._pdf("preview"),
                                        "actPrintPreview")
        self.act_export_pdf = self._action("Ctrl+E", lambda: self._pdf("export"), "actExportPdf")
        self.act_print = self._action(K.Print, lambda: self._pdf("print"), "actPrint")
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([self.act_new, self.act_save])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_preview, self.act_export_pdf, self.act_print])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_import, self.act_import_package])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_settings)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addActions([self.act_undo, self.act_delete, self.act_find])
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addAction(self.act_refresh)
        self.tools_menu = self.menuBar().addMenu("")
        self.tools_menu.addActions([self.act_check, self.act_backups, self.act_imports])
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.act_about)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.act_new, self.act_save, self.act_delete, self.act_refresh])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_undo)
        self.addToolBar(self.toolbar)
        from ui.widgets import list_actions

        self.list_actions = list_actions.install(self)  # File ▸ Export list, Print list
        self.tools_menu.insertAction(self.act_check, self.list_actions.srdi)  # Who qualifies
        from ui.widgets import help_menus

        # Edit (redo, cut, copy, paste, select all), View (pages, zoom), Help (guide,
        # shortcuts, setup, About), icons on the toolbar, menus and page list
        self.help_menus = help_menus.install(self)

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.setWindowTitle(_("Coop Desktop"))
        for i in range(len(self._factories)):
            self.sidebar.item(i).setText(_(self._page_title(i)))
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.act_new.setText(_("&New"))
        self.act_save.setText(_("&Save"))
        self.act_delete.setText(_("&Delete"))
        self.act_refresh.setText(_("&Refresh"))
        self.act_find.setText(_("&Find"))
        self.act_undo.setText(_("&Undo"))
        self.act_settings.setText(_("Se&ttings…"))
        self.act_quit.setText(_("&Quit"))
        self.act_about.setText(_("&About Coop Desktop"))
        self.act_backups.setText(_("&Backups…"))
        self.act_check.setText(_("&Check the database…"))
        self.act_import.setText(_("&Import enterprises…"))
        self.act_imports.setText(_("&Imports…"))
        self.act_import.setEnabled(not self.ctx.db.read_only and not self.ctx.db.damaged)
        self.act_import_package.setText(_("Import &dossier package…"))
        self.act_import_package.setEnabled(self.act_import.isEnabled())
        self.tools_menu.setTitle(_("&Tools"))
        self.read_only_label.setText(_("Read-only: the database is damaged")
                                     if self.ctx.db.damaged else _("Read-only"))
        self.read_only_label.setVisible(self.ctx.db.read_only or self.ctx.db.damaged)
        self.act_preview.setText(_("Print Pre&view…"))
        self.act_export_pdf.setText(_("&Export PDF…"))
        self.act_print.setText(_("&Print…"))
        self.undo_button.setText(_("Undo"))
        self._fit_sidebar()

    def sidebar_width(self) -> int:
        """What the longest entry needs (with the item padding and the frame)."""
        metrics = self.sidebar.fontMetrics()
        texts = [self.sidebar.item(i).text() for i in range(self.sidebar.count())]
        needed = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        needed += 20 + 2 * self.sidebar.frameWidth() + 12  # padding, frame, breathing room
        if any(not self.sidebar.item(i).icon().isNull() for i in range(self.sidebar.count())):
            needed += self.sidebar.iconSize().width() + 6  # the page icon and its gap
        return max(SIDEBAR_MIN, min(SIDEBAR_MAX, needed))

    def _fit_sidebar(self) -> None:
        width = self.sidebar_width()
        self.sidebar.setMinimumWidth(width)  # never clip an entry, whatever the splitter says
        if not self._sidebar_moved:
            total = sum(self.splitter.sizes()) or self.width()
            self.splitter.setSizes([width, max(total - width, 1)])

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._sidebar_moved = True

    def _pdf(self, action: str) -> None:
        page = self.current_page()
        if page.can_print():
            page.pdf(action)

    def _update_actions(self) -> None:
        if not hasattr(self, "act_print"):
            return  # a page spoke while the window was being built
        page = self.stack.currentWidget()
        printable = isinstance(page, Page) and page.can_print()
        for act in (self.act_preview, self.act_export_pdf, self.act_print):
            act.setEnabled(printable)

    # ------------------------------------------------------------------ pages
    @property
    def pages(self) -> list[Page]:
        """Every page, in sidebar order (builds the pages not shown yet)."""
        return [self._page_at(i) for i in range(len(self._factories))]

    @property
    def page_keys(self) -> list[str]:
        """The pages' keys, in sidebar order (builds nothing)."""
        return [p.key if p is not None else str(getattr(f, "key"))
                for p, f in zip(self._built, self._factories)]

    def built_pages(self) -> list[Page]:
        """The pages built so far (shown at least once, or asked for)."""
        return [p for p in self._built if p is not None]

    def _page_title(self, i: int) -> str:
        page = self._built[i]
        return page.title_msgid if page is not None else str(getattr(self._factories[i],
                                                                     "title_msgid"))

    def _make_page(self, i: int) -> Page:
        page = self._factories[i](self.ctx)
        page.actions_changed.connect(self._page_actions_changed)
        return page

    def _page_at(self, i: int) -> Page:
        """The page at sidebar row ``i``, built (and put in the stack) if it was not yet."""
        page = self._built[i]
        if page is not None:
            return page
        page = self._built[i] = self._make_page(i)
        placeholder = self.stack.widget(i)
        current = self.stack.currentIndex()
        self.stack.insertWidget(i, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if self.stack.currentIndex() != current:
            self.stack.setCurrentIndex(current)
        state = self._states.pop(page.key, None)
        if state is not None:
            page.restore_state(state)
        return page

    def _page_actions_changed(self) -> None:
        self._update_actions()
        self.page_actions_changed.emit()

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def page(self, key: str) -> Page:
        return self._page_at(self.page_keys.index(key))

    def show_page(self, key: str) -> Page:
        index = self.page_keys.index(key)
        self.sidebar.setCurrentRow(index)
        return self._page_at(index)

    def _switch_to(self, row: int) -> None:
        if row < 0:
            return
        current = self.stack.currentWidget()
        if (isinstance(current, Page) and current is not self._built[row]
                and not current.can_leave()):
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(self.stack.currentIndex())
            self.sidebar.blockSignals(False)
            return
        page = self._page_at(row)
        self.stack.setCurrentIndex(row)
        page.activate()
        self._update_actions()

    # ------------------------------------------------------------------ status and undo
    def notify(self, message: str, *, undoable: bool = False, msecs: int = 10_000) -> None:
        """A status-bar message; ``undoable`` shows the Undo button beside it."""
        self.statusBar().showMessage(message, msecs)
        self.undo_button.setVisible(undoable and bool(self.ctx.undo_stack))

    def undo(self) -> None:
        _ = self.ctx.tr.gettext
        if not self.ctx.undo_stack:
            self.notify(_("Nothing to undo."))
            return
        self.undo_button.setVisible(False)
        self.ctx.undo_last(self, on_success=lambda label: self.notify(
            _("Undone: {action}").format(action=label)))

    # ------------------------------------------------------------------ data safety
    def reopen_with(self, action: Callable[[Path], Path]) -> None:
        """Close this window (saving everything), run ``action`` with the database closed,
        and open the database again (``ui.app.main``)."""
        self.after_close = action
        if not self.close():
            self.after_close = None

    def open_backups(self) -> BackupsDialog:
        from ui.widgets.backups_dialog import BackupsDialog

        ctx = self.ctx
        folder = backups.backup_folder(ctx.settings)
        dialog = BackupsDialog(ctx.tr, ctx.db.path or Path(), backup_dir=folder,
                               interval_min=int(ctx.settings.backup_interval_min or 0),
                               back_up=self._back_up_now if self.backups.enabled else None,
                               parent=self)
        dialog.restore_requested.connect(
            lambda path: self.reopen_with(startup.restore_action(path, ctx.settings, ctx.tr)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def import_enterprises(self, path: Path | None = None) -> ImportDialog | None:
        """File ▸ Import enterprises…: pick a file, then the import dialog (``path`` for
        tests and drag and drop)."""
        from ui.widgets.import_dialog import ImportDialog

        _ = self.ctx.tr.gettext
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, _("Import enterprises"), str(Path.home()),
                _("Spreadsheets and CSV (*.xlsx *.xls *.csv *.txt);;All files (*)"))
            if not name:
                return None
            path = Path(name)
        dialog = ImportDialog(self.ctx, path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def import_package(self, path: Path | None = None) -> Any:
        """File ▸ Import dossier package…: pick a package, check it, show it, import it;
        the imported application is opened (``ui.widgets.dossier_package``)."""
        from ui.widgets import dossier_package

        dialog = dossier_package.import_package(self.ctx, self, path=path)
        if dialog is not None:
            dialog.imported.connect(lambda result: self.show_page("applications")
                                    .open_application(result.application_id))
        return dialog

    def open_imports(self) -> ImportsDialog:
        from ui.widgets.imports_dialog import ImportsDialog

        dialog = ImportsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_check(self) -> CheckDialog:
        from ui.widgets.check_dialog import CheckDialog

        dialog = CheckDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.start()
        return dialog

    def _back_up_now(self, done: Callable[[], None]) -> None:
        db, folder = self.ctx.db, backups.backup_folder(self.ctx.settings)

        def finished(info: Any) -> None:
            self.notify(self.ctx.tr.gettext("Backup made: {file}").format(file=info.path.name))
            done()

        def failed(exc: BaseException) -> None:
            show_error(self, self.ctx.tr, exc)
            done()

        self.ctx.runner.run(lambda: backups.take_backup(db, reason="manual", backup_dir=folder),
                            lane="io", on_success=finished, on_failure=failed, parent=self,
                            label=self.ctx.tr.gettext("Backing up…"))

    def _watch_verification(self) -> None:
        db = self.ctx.db
        if db.verifying:
            return
        self._verify_timer.stop()
        if db.damaged:
            self.on_damage(db.damage or "")

    def on_damage(self, reason: str) -> None:
        """The database was found damaged while working: nothing more is written to it
        (``Database`` guards it); keep a copy aside and ask what to do — once."""
        self.retranslate_ui()
        self.backups.apply_settings()
        if self._damage_shown or self.ctx.db.path is None:
            return
        self._damage_shown = True
        choice, backup, kept = startup.damage_choice(self.ctx.db.path, reason,
                                                     self.ctx.settings, self.ctx.tr, self,
                                                     running=True)
        if choice == "restore" and backup is not None:
            self.reopen_with(startup.restore_action(backup, self.ctx.settings, self.ctx.tr,
                                                    preserved=kept))
        elif choice == "quit":
            self.close()

    def bring_to_front(self) -> None:
        """Another start on this database asked for this window (``ui.single_instance``)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ dialogs
    def open_settings(self) -> None:
        from ui.widgets.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).open()

    def show_about(self) -> None:
        _ = self.ctx.tr.gettext
        QMessageBox.about(self, _("About Coop Desktop"), "<h3>{}</h3><p>{}</p><p>{}</p>".format(
            _("Coop Desktop"),
            _("Version {version}").format(version=__version__),
            _("Data file: {path}").format(path=self.ctx.db.path)))

    # ------------------------------------------------------------------ persistence
    def _qsettings(self) -> QSettings:
        return QSettings()

    def _restore_settings(self) -> None:
        s = self._qsettings()
        self._geometry_restored = window_state.restore(self, s)
        split = s.value("mainWindow/splitter")
        if isinstance(split, QByteArray) and self.splitter.restoreState(split):
            self._sidebar_moved = True
        for i, key in enumerate(self.page_keys):
            state = s.value(f"pages/{key}")
            if isinstance(state, dict):
                page = self._built[i]
                if page is not None:
                    page.restore_state(state)
                else:
                    self._states[key] = state  # applied when the page is built
        # The page is kept by its key, not its row: rows move when pages are added (a row
        # saved before the home page existed would open the wrong one).
        key = s.value("mainWindow/pageKey")
        if isinstance(key, str) and key in self.page_keys:
            self.sidebar.setCurrentRow(self.page_keys.index(key))

    def show_for_screen(self, available: QRect | None = None) -> None:
        """Show the window as it was left (kept inside the screen's free area), or the first
        time sized to the screen: maximised on a laptop screen (``ui.window_state``)."""
        window_state.show(self, restored=self._geometry_restored, available=available)

    def save_settings(self) -> None:
        s = self._qsettings()
        s.setValue("mainWindow/geometry", self.saveGeometry())
        s.setValue("mainWindow/splitter", self.splitter.saveState())
        row = self.sidebar.currentRow()
        if 0 <= row < len(self.page_keys):
            s.setValue("mainWindow/pageKey", self.page_keys[row])
        s.remove("mainWindow/page")  # (the row number older versions kept)
        for page in self.built_pages():  # (a page never shown keeps what it had)
            s.setValue(f"pages/{page.key}", page.save_state())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._close_noticed:
            event.accept()
            return
        if any(not p.can_leave() for p in self.built_pages()):
            event.ignore()
            return
        self.save_settings()
        self.wait_for_saves()
        kept = self.keep_unsaved_work()
        if kept:  # say so before going; the window closes when the notice is read
            event.ignore()
            self._unsaved_notice(kept).open()
            return
        event.accept()

    def _unsaved_notice(self, kept: list[Path]) -> QMessageBox:
        _ = self.ctx.tr.gettext
        box = QMessageBox(QMessageBox.Icon.Warning, _("Coop Desktop"),
                          _("Some changes could not be saved to the database. They are kept in "
                            "a recovery file and will be offered to you the next time Coop "
                            "Desktop starts."), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("unsavedKeptDialog")
        box.setDetailedText("\n".join(str(p) for p in kept))

        def closed(_result: int) -> None:
            self._close_noticed = True
            self.close()

        box.finished.connect(closed)
        return box

    def wait_for_saves(self, limit_ms: int = SAVE_WAIT_MS) -> bool:
        """Let queued saves finish (each may wait for another program's lock), showing a
        progress dialog when it takes a moment; False when work was still running."""
        runner = self.ctx.runner
        if not runner.busy:
            return True
        dialog = QProgressDialog(self.ctx.tr.gettext("Saving your changes…"), "", 0, 0, self)
        dialog.setObjectName("closingProgress")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        clock = QElapsedTimer()
        clock.start()
        while runner.busy and clock.elapsed() < limit_ms:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            runner.wait(50)
        dialog.close()
        dialog.deleteLater()
        QApplication.processEvents()  # deliver the last results (a failed save restores its text)
        return not runner.busy

    def keep_unsaved_work(self) -> list[Path]:
        """Whatever is still unsaved goes to a recovery file, offered at the next start,
        and the user is told so — nothing typed is lost on quitting."""
        if self.ctx.db.path is None:
            return []
        kept = []
        for page in self.built_pages():
            for item in page.unsaved_work():
                try:
                    kept.append(recovery.keep(self.ctx.db.path, item))
                except OSError:
                    continue
        return kept


# Sidebar titles are declared by the pages; keep the common ones extractable here too.
_TITLES = (N_("Enterprises"), N_("Cooperation zones"), N_("Events"), N_("Recycle bin"))
