"""Help ▸ User guide: the offline, bilingual guide shipped as HTML with screenshots.

``resources/guide/<language>/index.html`` (``zh_CN`` or ``en``, pictures in
``resources/guide/img/<language>/``), shown in a ``QTextBrowser``: nothing is fetched from a
network, links inside the guide move within it, and the guide follows the UI language.
Back, Forward, Contents and a find box (Enter: next match, Shift+Enter: previous).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QToolButton, QVBoxLayout, QWidget,
)

from coop_desktop import paths
from coop_desktop.i18n.catalog import normalize_language
from ui import icons


def guide_dir() -> Path:
    return paths.resource("guide")


def guide_file(language: str) -> Path:
    """The guide's first page in ``language`` (English when there is none in it)."""
    lang = normalize_language(language)
    path = guide_dir() / lang / "index.html"
    return path if path.is_file() else guide_dir() / "en" / "index.html"


class GuideViewer(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("userGuide")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenLinks(False)  # we decide: inside the guide, or the system's
        self.browser.anchorClicked.connect(self._follow)
        self.back = self._button("undo", self.browser.backward)
        self.forward = self._button("redo", self.browser.forward)
        self.home = self._button("guide", self.show_contents)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.find = QLineEdit()
        self.find.setObjectName("guideFind")
        self.find.setClearButtonEnabled(True)
        self.find.returnPressed.connect(lambda: self.find_text(self.find.text()))
        previous = QShortcut(QKeySequence("Shift+Return"), self.find)
        previous.setContext(Qt.ShortcutContext.WidgetShortcut)
        previous.activated.connect(lambda: self.find_text(self.find.text(), backward=True))
        self.not_found = QLabel()
        self.not_found.setObjectName("guideNotFound")
        self.not_found.setVisible(False)
        bar = QHBoxLayout()
        for button in (self.back, self.forward, self.home):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.not_found)
        bar.addWidget(self.find)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self._language = ""
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 900, 720
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def _button(self, role: str, slot: Any) -> QToolButton:
        button = QToolButton()
        icons.bind(button, role)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.setWindowTitle(_("User guide"))
        self.back.setText(_("Back"))
        self.forward.setText(_("Forward"))
        self.home.setText(_("Contents"))
        self.find.setPlaceholderText(_("Find in the guide…"))
        self.not_found.setText(_("Not found"))
        if self.ctx.tr.language != self._language:
            self._language = self.ctx.tr.language
            self.show_contents()

    # ------------------------------------------------------------------ moving around
    def source_file(self) -> Path:
        return guide_file(self.ctx.tr.language)

    def show_contents(self) -> None:
        path = self.source_file()
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)))

    def show_anchor(self, anchor: str) -> None:
        url = QUrl.fromLocalFile(str(self.source_file()))
        url.setFragment(anchor)
        self.browser.setSource(url)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("", "file") or url.isRelative():
            target = self.browser.source().resolved(url) if url.isRelative() else url
            if target.isLocalFile() and not Path(target.toLocalFile()).is_file():
                return  # (a broken link: stay where we are)
            self.browser.setSource(target)
        else:
            QDesktopServices.openUrl(url)  # (the guide links to nothing outside; just in case)

    def find_text(self, text: str, *, backward: bool = False) -> bool:
        """Select the next match of ``text`` (wrapping round); False when there is none."""
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = bool(text) and self.browser.find(text, flags)
        if text and not found:  # from the other end
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward
                                else cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text, flags)
        self.not_found.setVisible(bool(text) and not found)
        return bool(found)
