"""The main window. For now a summary of the open database; issue 3 builds the real UI."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from coop_desktop import __version__
from coop_desktop.db import Database
from coop_desktop.i18n.catalog import Translator
from coop_desktop.services import stats


class MainWindow(QMainWindow):
    def __init__(self, db: Database, tr: Translator) -> None:
        super().__init__()
        self.db = db
        self.tr_ = tr
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.heading = QLabel(central)
        self.heading.setObjectName("heading")
        self.summary = QLabel(central)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary, 1)
        self.setCentralWidget(central)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(self.quit_action)
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.about_action)
        self.resize(720, 480)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        _ = self.tr_.gettext
        self.setWindowTitle(_("Coop Desktop"))
        self.file_menu.setTitle(_("&File"))
        self.help_menu.setTitle(_("&Help"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About Coop Desktop"))
        self.heading.setText("<h2>" + _("Coop Desktop") + "</h2>")
        self.summary.setText(stats.render(stats.collect(self.db), self.tr_).replace("\n", "<br>"))

    def show_about(self) -> None:
        _ = self.tr_.gettext
        QMessageBox.about(self, _("About Coop Desktop"), _(
            "Coop Desktop {version}\nData: {path}").format(version=__version__, path=self.db.path))
