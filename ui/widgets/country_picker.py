"""A picker for a list of ISO 3166-1 country codes, shown as removable chips.

The user types part of a name (in the UI language or in English) or a code and picks from
the completer; Enter takes the only match; Backspace in the empty box removes the last
chip. Names are shown in the UI language, the stored value is the list of codes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter, QFrame, QHBoxLayout, QLabel, QLayout, QLayoutItem, QLineEdit, QToolButton,
    QWidget, QWidgetItem,
)

from coop_desktop.errors import ValidationError
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.reference import countries

MSG_PENDING = N_("“{text}” is not a country from the list: choose one, or clear the text.")


class FlowLayout(QLayout):
    """Items left to right, wrapping to new lines (after Qt's flow layout example).

    The last item (the text box) stretches over the rest of its line.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        spacing = self.spacing()
        visible = [item for item in self._items if not item.isEmpty()]
        for i, item in enumerate(visible):
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + spacing, 0
            width = hint.width()
            if i == len(visible) - 1:
                width = max(width, area.right() + 1 - x)
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()


class _Chip(QFrame):
    def __init__(self, text: str, remove_tip: str, on_remove: Callable[[], None],
                 height: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("countryChip")
        self.setStyleSheet("#countryChip { border: 1px solid palette(mid); border-radius: 4px;"
                           " background: palette(button); }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(0)
        self.label = QLabel(text, self)
        self.button = QToolButton(self)
        self.button.setText("×")
        self.button.setAutoRaise(True)
        self.button.setToolTip(remove_tip)
        self.button.setAccessibleName(remove_tip)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(on_remove)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.setFixedHeight(height)


class CountryListField(QFrame):
    """The editor interface of :mod:`ui.widgets.form_fields` for a list of country codes."""

    edited = Signal()

    def __init__(self, field: str, tr: Callable[[], Translator], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.field = field
        self._tr = tr
        self._codes: list[str] = []
        self._chips: dict[str, _Chip] = {}
        self._names: dict[str, str] = {}
        self._choices: dict[str, str] = {}  # completion text -> code
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Sunken)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.flow = FlowLayout(self, spacing=4)
        self.flow.setContentsMargins(3, 3, 3, 3)
        self.input = QLineEdit(self)
        self.input.setFrame(False)
        self.input.setMinimumWidth(120)
        self.flow.addWidget(self.input)
        self.setFocusProxy(self.input)
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.input.setCompleter(self.completer)
        self.completer.activated[str].connect(self._on_completion)
        self.input.returnPressed.connect(self._on_return)
        self.input.textEdited.connect(lambda _t: self.edited.emit())
        self.input.installEventFilter(self)
        self.refresh()

    # ------------------------------------------------------------------ editor interface
    def value(self) -> list[str]:
        pending = self.input.text().strip()
        if pending:
            raise ValidationError.single(self.field, MSG_PENDING, text=pending)
        return list(self._codes)

    def raw(self) -> str:
        return ",".join(self._codes) + "|" + self.input.text()

    def set_value(self, codes: list[str] | None) -> None:
        for chip in self._chips.values():
            self._drop(chip)
        self._chips.clear()
        self._codes = []
        self.input.clear()
        for code in codes or []:
            self._add(code, notify=False)

    def refresh(self) -> None:
        """Names and the completion list in the UI language."""
        tr = self._tr()
        lang = tr.language
        self._names = dict(countries.all_countries(lang))
        english = dict(countries.all_countries("en"))
        self.model.clear()
        self._choices.clear()
        for code, name in countries.all_countries(lang):
            text = f"{name} · {english[code]} ({code})" if lang == "zh_CN" else f"{name} ({code})"
            item = QStandardItem(text)
            item.setData(code, Qt.ItemDataRole.UserRole)
            self.model.appendRow(item)
            self._choices[text] = code
        self.input.setPlaceholderText(tr.gettext("Type a country name or code…"))
        codes = list(self._codes)
        pending = self.input.text()
        self.set_value(codes)
        self.input.setText(pending)

    # ------------------------------------------------------------------ internals
    def name(self, code: str) -> str:
        return self._names.get(code, code)

    def _add(self, code: str, *, notify: bool = True) -> None:
        if code in self._codes:
            return
        self._codes.append(code)
        tip = self._tr().gettext("Remove {country}").format(country=self.name(code))
        chip = _Chip(self.name(code), tip, lambda c=code: self.remove(c),
                     self.input.sizeHint().height(), self)
        chip.setToolTip(code)
        self._chips[code] = chip
        self.flow.insert_widget(len(self._codes) - 1, chip)
        chip.show()
        self.updateGeometry()
        if notify:
            self.edited.emit()

    def remove(self, code: str) -> None:
        if code not in self._codes:
            return
        self._codes.remove(code)
        self._drop(self._chips.pop(code))
        self.updateGeometry()
        self.edited.emit()

    def _drop(self, chip: _Chip) -> None:
        self.flow.removeWidget(chip)
        chip.hide()  # deleteLater is deferred: it must not paint meanwhile
        chip.deleteLater()

    def add_code(self, code: str) -> None:
        """Add a country by its code (ignored if unknown)."""
        if countries.is_country(code):
            self._add(code)

    def resolve(self, text: str) -> str | None:
        """The one country ``text`` means: a code, an exact name, or the only match."""
        key = unicodedata.normalize("NFKC", text).strip()
        if not key:
            return None
        if countries.is_country(key.upper()) and len(key) == 2:
            return key.upper()
        folded = key.casefold()
        english = dict(countries.all_countries("en"))
        for code, name in self._names.items():
            if folded in (name.casefold(), english[code].casefold()):
                return code
        matches = {code for choice, code in self._choices.items() if folded in choice.casefold()}
        return matches.pop() if len(matches) == 1 else None

    def _on_completion(self, text: str) -> None:
        code = self._choices.get(text) or self.resolve(text)
        if code:
            self._add(code)
        QTimer.singleShot(0, self._clear_input)

    def _clear_input(self) -> None:
        if self.input.text():
            self.input.clear()
            self.edited.emit()

    def _on_return(self) -> None:
        code = self.resolve(self.input.text())
        if code:
            self._add(code)
            self._clear_input()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.input and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Backspace
                and not self.input.text() and self._codes):
            self.remove(self._codes[-1])
            return True
        return super().eventFilter(watched, event)
