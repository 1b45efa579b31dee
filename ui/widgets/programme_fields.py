"""The enterprise form's SME programmes: its characteristic industrial cluster and its
digital-transformation pilot city (``coop_desktop.services.programmes``).

- :class:`ProgrammeCombo`: a nullable combo of clusters or pilot cities; an item the sources
  do not confirm carries a small "unverified" mark, and a link to an item that is now in the
  recycle bin still shows its name (marked so).
- :class:`PilotSuggestionBox`: "Shenzhen is a digital-transformation pilot city. [Link]" beside
  the pilot-city field: a proposal, never a silent change; ``accepted(id)`` when clicked.
- :class:`ProgrammeLoader`: reads the options on the DB lane once (``ctx.runner``), keeps
  them, and reads them again when clusters or pilot cities change; ``loaded(options)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.services import programmes
from coop_desktop.services.outcome import Changes
from coop_desktop.services.programmes import (
    Kind, Programme, ProgrammeOptions,
)
from ui.widgets.form_fields import ComboField

#: ``Changes`` kinds after which the options are read again.
KINDS = frozenset({"sme_cluster", "pilot_city"})
MSG_UNVERIFIED = N_("{name} (unverified)")
MSG_BINNED = N_("{name} (in the recycle bin)")


def option_label(item: Programme, tr: Translator) -> str:
    """An item's name in the UI language, with the small "unverified" mark when due."""
    name = item.name(tr.language)
    return tr.gettext(MSG_UNVERIFIED).format(name=name) if item.unverified else name


def fit_popup(combo: QComboBox, most: int = 560) -> None:
    """Let the drop-down list be wider than the box (up to ``most`` px) so that long names
    read whole; what is still too long is cut at its end, not in its middle."""
    metrics = combo.view().fontMetrics()
    widest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())),
                 default=0)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideRight)
    combo.view().setMinimumWidth(min(most, widest + 40))


class ProgrammeCombo(ComboField):
    """Clusters or pilot cities (``kind``); "—" is none."""

    def __init__(self, field: str, kind: Kind, tr: Callable[[], Translator],
                 parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.kind = kind
        self._tr = tr
        self._options = ProgrammeOptions()
        self.setMinimumContentsLength(12)

    def set_options(self, options: ProgrammeOptions) -> None:
        """Offer the live items (the current choice stays, quietly)."""
        self._options = options
        tr = self._tr()
        items = options.clusters if self.kind == "cluster" else options.pilot_cities
        self.set_items([(item.id, option_label(item, tr)) for item in items])
        fit_popup(self)

    def set_value(self, value: Any) -> None:
        if value is not None and self.findData(value) < 0:
            found = self._options.find(self.kind, value)
            if found is not None:  # linked before it went to the recycle bin
                tr = self._tr()
                self._quiet = True
                try:
                    self.addItem(tr.gettext(MSG_BINNED).format(name=found.name(tr.language)),
                                 value)
                finally:
                    self._quiet = False
        super().set_value(value)

    def refresh(self) -> None:
        """Re-label after a language switch."""
        self.set_options(self._options)


class PilotSuggestionBox(QWidget):
    """A proposal to link the pilot city the enterprise is located in (hidden otherwise)."""

    accepted = Signal(int)

    def __init__(self, tr: Callable[[], Translator], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pilotSuggestion")
        self._tr = tr
        self.suggestion: programmes.PilotSuggestion | None = None
        self.label = QLabel(self)
        self.label.setObjectName("pilotSuggestionText")
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.button = QPushButton(self)
        self.button.setObjectName("pilotSuggestionLink")
        self.button.clicked.connect(self._accept)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_suggestion(self, suggestion: programmes.PilotSuggestion | None) -> None:
        self.suggestion = suggestion
        self.setVisible(suggestion is not None)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """At least the wrapped text's height at this width: the form's grid, in a scroll
        area, would otherwise squeeze the row (to nothing)."""
        room = self.width() - self.button.sizeHint().width() - self.layout().spacing()
        if room <= 0:
            return
        need = max(self.label.heightForWidth(room), self.button.sizeHint().height())
        if need != self.minimumHeight():
            self.setMinimumHeight(need)

    def retranslate(self) -> None:
        tr = self._tr()
        _ = tr.gettext
        self.button.setText(_("Link"))
        found = self.suggestion
        if found is None:
            self.label.setText("")
            return
        name = found.city.name(tr.language)
        if found.district is None:
            text = _("{name} is a digital-transformation pilot city.").format(name=name)
        else:
            text = _("{name} is a pilot; link it if the enterprise is located there.").format(
                name=name)
        self.label.setText(text)
        self._fit()
        self.button.setToolTip(_("Link the enterprise to the pilot city {name}").format(
            name=name))

    def _accept(self) -> None:
        if self.suggestion is not None:
            self.accepted.emit(self.suggestion.city.id)


class ProgrammeLoader(QObject):
    """Reads :func:`programmes.options` on the DB lane and keeps the result (``options``)."""

    loaded = Signal(object)  # ProgrammeOptions

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.options: ProgrammeOptions | None = None
        self._generation = 0
        ctx.hub.changed.connect(self._on_changes)
        self.load()

    def load(self) -> None:
        self._generation += 1
        generation, db = self._generation, self.ctx.db

        def done(options: ProgrammeOptions) -> None:
            if shiboken6.isValid(self) and generation == self._generation:
                self.options = options
                self.loaded.emit(options)

        # a failure leaves the lists as they were (the fields still show a linked id)
        self.ctx.runner.run(lambda: programmes.options(db), on_success=done,
                            on_failure=lambda _exc: None)

    def _on_changes(self, changes: object) -> None:
        if isinstance(changes, Changes) and (changes.kind in KINDS or KINDS & set(
                changes.related)):
            self.load()
