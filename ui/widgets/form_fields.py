"""Field editors for record forms: nullable, locale-aware, checked as the user types.

Every editor offers the same small interface, which the forms rely on:

- ``field``: the model attribute it edits (errors are matched to editors by it);
- ``edited``: a signal emitted when the *user* changes the value (never by ``set_value``);
- ``value()``: the parsed value, ``None`` when empty; raises
  :class:`~coop_desktop.errors.ValidationError` (on ``field``) for text it cannot parse;
- ``raw()``: what is typed, for telling "changed" from "unchanged" when it does not parse;
- ``set_value(v)`` and ``refresh()`` (re-render locale-formatted text after a language switch).

Formatted editors (money, numbers, percentages, dates) show the value formatted in the UI
language while they do not have the focus and switch to a plain editable form when they get
it. Their undo history is Qt's own (Ctrl+Z inside the field). The date editor lives in
:mod:`ui.widgets.date_field`, the labelled grid and error labels in :mod:`ui.widgets.form_layout`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from coop_desktop import limits
from coop_desktop.errors import ValidationError
from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.languages import language_code, language_names
from ui.widgets.visible_text import RevealingPlainTextEdit

TrGetter = Callable[[], Translator]

MSG_WHOLE = N_("Enter a whole number.")
MSG_PLACES = N_("Enter at most two decimal places.")


def limit_line_edits(entity: str, edits: Mapping[str, Any]) -> None:
    """Give each one-line editor of ``edits`` (field name → editor) the field's maximum from
    ``coop_desktop.limits`` as its ``maxLength`` (list and number editors are left alone).

    A stored value longer than that (written before the limit existed) is never cut short
    on display: setting it raises the editor's maximum to its length, and the service then
    says what is too long instead of the editor silently dropping the end."""
    for field, edit in edits.items():
        most = limits.max_chars(entity, field)
        if most and type(edit) in (QLineEdit, LineField):
            _cap(edit, most)


def _cap(edit: QLineEdit, most: int) -> None:
    edit.setMaxLength(most)
    set_text = edit.setText

    def set_text_whole(text: str | None) -> None:
        edit.setMaxLength(max(most, len(text or "")))
        set_text(text)

    edit.setText = set_text_whole  # type: ignore[method-assign]


class LineField(QLineEdit):
    """A one-line text; surrounding spaces are ignored and empty means ``None``."""

    edited = Signal()

    def __init__(self, field: str, tr: TrGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._tr = tr
        self._quiet = False
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self, _text: str) -> None:
        if not self._quiet:
            self._user_changed()

    def _user_changed(self) -> None:
        self.edited.emit()

    def _set_text_quietly(self, text: str) -> None:
        self._quiet = True
        try:
            self.setText(text)
            if not self.hasFocus():
                self.setCursorPosition(0)  # show the start of a long text, not its end
        finally:
            self._quiet = False

    def value(self) -> Any:
        return self.text().strip() or None

    def raw(self) -> str:
        return self.text()

    def set_value(self, value: Any) -> None:
        self._set_text_quietly("" if value is None else str(value))

    def refresh(self) -> None:
        """Re-render after a language switch (nothing to do for plain text)."""


class ListLineField(LineField):
    """A comma-separated list (``,``, ``，`` or ``、``); the value is a list of items."""

    _SPLIT = re.compile(r"[,，、;；]")

    def value(self) -> list[str]:
        items: list[str] = []
        for part in self._SPLIT.split(self.text()):
            item = part.strip()
            if item and item not in items:
                items.append(item)
        return items

    def set_value(self, value: Any) -> None:
        self._set_text_quietly(", ".join(value or []))


class LanguageListField(ListLineField):
    """The languages someone speaks: stored as ISO 639 codes (``["zh", "en"]``), shown as
    names in the UI language (``中文、英语`` / ``Chinese, English``); a code or a name in
    either language may be typed (:func:`~coop_desktop.i18n.languages.language_code`)."""

    def value(self) -> list[str]:
        codes: list[str] = []
        for item in super().value():
            code = language_code(item)
            if code not in codes:
                codes.append(code)
        return codes

    def set_value(self, value: Any) -> None:
        self._set_text_quietly(language_names(value or [], self._tr().language))

    def refresh(self) -> None:
        self.set_value(self.value())


class FormattedField(LineField):
    """A line edit showing its parsed value formatted while it does not have the focus."""

    def __init__(self, field: str, tr: TrGetter, parent: QWidget | None = None) -> None:
        super().__init__(field, tr, parent)
        self._display = False  # the text is the formatted form of ``_cached``
        self._cached: Any = None

    # subclasses: text <-> value
    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def edit_text(self, value: Any) -> str:
        return str(value)

    def display_text(self, value: Any) -> str:
        return self.edit_text(value)

    def value(self) -> Any:
        if self._display:
            return self._cached
        return self.parse(self.text())

    def set_value(self, value: Any) -> None:
        self._cached = value
        if value is None or self.hasFocus():
            self._display = False
            self._set_text_quietly("" if value is None else self.edit_text(value))
        else:
            self._display = True
            self._set_text_quietly(self.display_text(value))

    def refresh(self) -> None:
        if self._display:
            self._set_text_quietly(self.display_text(self._cached))

    def _user_changed(self) -> None:
        self._display = False
        super()._user_changed()

    def finish_editing(self) -> None:
        """Show the value formatted (when the text parses; otherwise it is left as typed)."""
        try:
            value = self.parse(self.text())
        except ValidationError:
            return
        self._cached = value
        if not self.hasFocus():
            self.set_value(value)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        if self._display:
            self._display = False
            self._set_text_quietly(self.edit_text(self._cached))
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.finish_editing()


def _blank(text: str) -> bool:
    return not text.strip()


class MoneyField(FormattedField):
    """An amount in fen; accepts ``1,250,000.50``, ``125万``, ``3.5亿``, ``1.25 million``,
    full-width digits. Shown as the app writes amounts (``590万元`` / ``CNY 5.9 million``,
    :func:`~coop_desktop.i18n.formatting.format_amount`); edited in 万 in Chinese where
    that is exact (``590万``), in yuan otherwise."""

    def __init__(self, field: str, tr: TrGetter, parent: QWidget | None = None,
                 currency: Callable[[], str] = lambda: "CNY") -> None:
        super().__init__(field, tr, parent)
        self._currency = currency

    def parse(self, text: str) -> int | None:
        return None if _blank(text) else fmt.parse_money(text, field=self.field)

    def edit_text(self, value: int) -> str:
        return fmt.amount_edit_text(value, self._tr())

    def display_text(self, value: int) -> str:
        return fmt.format_amount(value, self._tr(), self._currency() or "CNY")


class IntegerField(FormattedField):
    """A whole number (people); grouping and full-width digits are accepted."""

    def parse(self, text: str) -> int | None:
        if _blank(text):
            return None
        number = fmt.parse_decimal(text, field=self.field)
        if number != number.to_integral_value():
            raise ValidationError.single(self.field, MSG_WHOLE)
        return int(number)

    def display_text(self, value: int) -> str:
        return fmt.format_number(value, self._tr())


class PercentField(FormattedField):
    """A percentage number (``65.5`` means 65.5 %) with at most two decimals."""

    def parse(self, text: str) -> Decimal | None:
        if _blank(text):
            return None
        number = fmt.parse_decimal(text, field=self.field).normalize()
        if int(number.as_tuple().exponent) < -2:
            raise ValidationError.single(self.field, MSG_PLACES)
        return number.quantize(Decimal("0.01"))

    def edit_text(self, value: Decimal) -> str:
        return format(value.normalize(), "f")

    def display_text(self, value: Decimal) -> str:
        places = min(2, max(0, -int(value.normalize().as_tuple().exponent)))
        return fmt.format_percent(value, self._tr(), places)


class ComboField(QComboBox):
    """A choice from a list; with ``nullable`` the first entry ("—") means ``None``.

    The mouse wheel only changes the choice when the box has the focus, so scrolling a long
    form never changes values by accident.
    """

    edited = Signal()

    def __init__(self, field: str, parent: QWidget | None = None, *, nullable: bool = True) -> None:
        super().__init__(parent)
        self.field = field
        self.nullable = nullable
        self._quiet = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.setMaxVisibleItems(20)
        self.currentIndexChanged.connect(self._on_index_changed)

    def _on_index_changed(self, _index: int) -> None:
        self.setToolTip(self.currentText())  # the full text when the box is too narrow
        if not self._quiet:
            self.edited.emit()

    def set_items(self, items: Sequence[tuple[Any, str]], none_text: str = "—") -> None:
        """Replace the entries, keeping the current value selected (quietly)."""
        current = self.value()
        self._quiet = True
        try:
            self.clear()
            if self.nullable:
                self.addItem(none_text, None)
            for data, text in items:
                self.addItem(text, data)
        finally:
            self._quiet = False
        self.set_value(current)

    def value(self) -> Any:
        return self.currentData() if self.currentIndex() >= 0 else None

    def raw(self) -> str:
        return self.currentText()

    def set_value(self, value: Any) -> None:
        index = -1
        for i in range(self.count()):
            if self.itemData(i) == value:
                index = i
                break
        self._quiet = True
        try:
            if index < 0 and value is not None:  # a value the list does not offer (kept as is)
                self.addItem(str(value), value)
                index = self.count() - 1
            self.setCurrentIndex(max(index, 0) if self.count() else -1)
        finally:
            self._quiet = False

    def refresh(self) -> None:
        pass

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class TextField(RevealingPlainTextEdit):
    """Several lines of text; Tab moves on to the next field. Control characters show as
    highlighted markers (``ui.widgets.visible_text``) and are kept as they are."""

    edited = Signal()

    def __init__(self, field: str, parent: QWidget | None = None, *, lines: int = 3) -> None:
        super().__init__(parent)
        self.field = field
        self._quiet = False
        self.setTabChangesFocus(True)
        margins = self.contentsMargins()
        doc_margin = int(self.document().documentMargin())
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 2 * doc_margin
                            + margins.top() + margins.bottom() + 4)
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def value(self) -> str | None:
        return self.stored_text().strip() or None

    def raw(self) -> str:
        return self.stored_text()

    def set_value(self, value: str | None) -> None:
        self._quiet = True
        try:
            self.set_text(value or "")
        finally:
            self._quiet = False

    def refresh(self) -> None:
        pass
