"""One country, chosen from an editable list: type part of a name (in the UI language or
English) or a code and pick from the completer. Used by the event form and the application
dialogs; :mod:`ui.widgets.country_picker` is the picker for a *list* of countries."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from coop_desktop.i18n.catalog import Translator
from coop_desktop.reference import countries

#: What :meth:`CountryChoice.code` returns for text that names no country of the list.
NOT_A_COUNTRY = "?"


def make_searchable(combo: QComboBox) -> None:
    """An editable combo whose completer offers every entry containing the typed text
    (any case), never adding what is typed as an entry."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)


class CountryChoice(QComboBox):
    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        make_searchable(self)

    def fill(self, tr: Translator, placeholder: str) -> None:
        """(Re)list the countries in the UI language, keeping the choice."""
        code = self.code()
        self.clear()
        self.addItem("", None)
        for c, name in countries.all_countries(tr.language):
            self.addItem(name, c)  # the name only: officers do not read ISO codes
        self.set_code(None if code == NOT_A_COUNTRY else code)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(placeholder)

    def code(self) -> str | None:
        """The chosen ISO code; None when empty; :data:`NOT_A_COUNTRY` for other text."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.itemData(index)
        return text.upper() if countries.is_country(text.upper()) else NOT_A_COUNTRY

    def set_code(self, code: str | None) -> None:
        self.setCurrentIndex(max(0, self.findData(code)))
