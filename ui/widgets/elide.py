"""Combo boxes that shorten a text too long for them with "…" instead of cutting it.

Qt draws a combo box's current text as it is and lets the box's edge cut it ("资质 90 天内到"
looked like the whole text). :func:`elide_combo` paints it shortened with an ellipsis,
keeps the whole text in the tooltip, and marks the box with the dynamic property ``elides``
(the layout check, ``tests/ui/fit_check.py``, then knows the shortening is on purpose).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter


class _ElidePainter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QComboBox) \
                or watched.isEditable():
            return False
        combo = watched
        painter = QStylePainter(combo)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
        room = field.width() - 2
        if not option.currentIcon.isNull():
            room -= option.iconSize.width() + 4
        option.currentText = combo.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(room, 0))
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.end()
        return True


def _tooltip(combo: QComboBox) -> None:
    combo.setToolTip(combo.currentText() if combo.property("elidesTip") else combo.toolTip())


def elide_combo(combo: QComboBox, *, tooltip: bool = True) -> QComboBox:
    """Paint ``combo``'s current text shortened with "…" when it does not fit; with
    ``tooltip`` the box's tooltip is its current text, whole."""
    combo.installEventFilter(_ElidePainter(combo))
    combo.setProperty("elides", True)
    if tooltip:
        combo.setProperty("elidesTip", True)
        combo.currentTextChanged.connect(lambda _t: _tooltip(combo))
        _tooltip(combo)
    return combo
