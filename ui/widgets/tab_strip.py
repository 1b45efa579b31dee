"""Tabs that are all in view at any width: a ``QTabWidget``'s pages chosen from buttons that
wrap onto a second line when the pane is narrow, instead of a tab bar that hides the last
tabs behind scroll arrows (the enterprise form's eight tabs at 1024 px, or zoomed in).

The tab widget stays the model — its pages, ``currentIndex``, ``tabText`` and Ctrl+Tab —
with its own bar hidden; :class:`TabStrip` shows one checkable button per page (the page's
``tabText``, ``tabToolTip``) and follows ``currentChanged``. Call :meth:`TabStrip.sync`
after changing the texts (a language switch).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QSizePolicy, QTabWidget, QToolButton, QWidget

from ui.widgets.flow_layout import FlowLayout

STYLE = """
QToolButton#tabStripButton {
    border: none; border-bottom: 2px solid transparent; border-radius: 0;
    padding: 3px 6px 3px 6px; background: transparent;
}
QToolButton#tabStripButton:hover { background: palette(midlight); }
QToolButton#tabStripButton:checked { border-bottom: 2px solid palette(highlight);
    color: palette(highlight); }
"""


class TabStrip(QWidget):
    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tabStrip")
        self.tabs = tabs
        self.setStyleSheet(STYLE)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(tabs.setCurrentIndex)
        self.buttons: list[QToolButton] = []
        self.flow = FlowLayout(self, spacing=2)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        tabs.tabBar().hide()
        tabs.currentChanged.connect(self._check)
        self.sync()

    def sync(self) -> None:
        """One button per page, with the page's text and tooltip."""
        while len(self.buttons) < self.tabs.count():
            button = QToolButton(self)
            button.setObjectName("tabStripButton")
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.group.addButton(button, len(self.buttons))
            self.flow.addWidget(button)
            self.buttons.append(button)
        for index, button in enumerate(self.buttons):
            button.setVisible(index < self.tabs.count())
            if index < self.tabs.count():
                button.setText(self.tabs.tabText(index).replace("&", "&&"))
                button.setToolTip(self.tabs.tabToolTip(index))
                button.setProperty("tabKey", self.tabs.widget(index).property("tabKey"))
        self._check(self.tabs.currentIndex())
        self.updateGeometry()

    def _check(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self.flow.heightForWidth(width)


__all__ = ["TabStrip"]
