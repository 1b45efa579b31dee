"""A date editor that may stay empty: typed in several common forms or picked from a calendar.

No fake date stands for "unknown" (unlike a QDateEdit with a special value): empty text is
``None``. Shown formatted in the UI language (``2012年6月18日`` / ``Jun 18, 2012``) while it
does not have the focus, as ISO ``2012-06-18`` while it is edited.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QFrame, QLineEdit, QVBoxLayout, QWidget

from coop_desktop.errors import ValidationError
from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_
from ui.widgets.form_fields import FormattedField, TrGetter

#: Says both forms a date is typed in: as shown (2016年5月20日 / May 20, 2016) and ISO.
MSG_DATE = N_("Enter a date such as May 20, 2016 or 2016-05-20.")

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
#: As the English UI shows dates: ``May 20, 2016`` (and ``20 May 2016``, ``Sept. 3 2016``).
_MONTH_FIRST_RE = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def _month(name: str) -> int | None:
    name = name.lower()
    for number, month in enumerate(_MONTHS, start=1):
        if month.startswith(name[:3]) and month.startswith(name.rstrip(".")[:len(month)]):
            return number
    return None


def parse_date(text: str, field: str) -> date | None:
    """``2026-03-15``, ``2026/3/15``, ``2026.3.15``, ``20260315``, ``2026年3月15日`` and
    the English UI's ``Mar 15, 2026`` (``15 March 2026``): what a date field shows can be
    typed back."""
    s = unicodedata.normalize("NFKC", text or "").strip()
    if not s:
        return None
    parts: tuple[int | None, int | None, int | None] | None = None
    match = _DATE_RE.match(s) or _COMPACT_DATE_RE.match(s)
    if match is not None:
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif (match := _MONTH_FIRST_RE.match(s)) is not None:
        parts = (int(match[3]), _month(match[1]), int(match[2]))
    elif (match := _DAY_FIRST_RE.match(s)) is not None:
        parts = (int(match[3]), _month(match[2]), int(match[1]))
    if parts is None or None in parts:
        raise ValidationError.single(field, MSG_DATE)
    try:
        return date(*parts)  # type: ignore[arg-type]
    except ValueError:
        raise ValidationError.single(field, MSG_DATE) from None


def date_placeholder(tr: object) -> str:
    """A date field's placeholder, an example in the form the field shows dates
    (「例如 2016年5月20日」 / "e.g. May 20, 2016"; ISO is accepted too)."""
    return tr.gettext("e.g. May 20, 2016")  # type: ignore[attr-defined]


def qt_date_format(language: str) -> str:
    """The app's date format (:func:`~coop_desktop.i18n.formatting.date_pattern`) as a Qt
    display format: ``yyyy年M月d日`` / ``MMM d, yyyy``. CLDR's ``y`` is the whole year,
    Qt's ``yyyy``; the other letters used mean the same in both."""
    return re.sub(r"(?<!y)y(?!y)", "yyyy", fmt.date_pattern(language))


def follow_date_format(edit: QDateEdit, language: str) -> None:
    """Show ``edit``'s date as the lists write dates (call it from ``retranslate_ui``)."""
    edit.setDisplayFormat(qt_date_format(language))


_calendar_icon: QIcon | None = None


def calendar_icon(color: QColor) -> QIcon:
    """A small drawn calendar glyph (the app ships no icon theme)."""
    global _calendar_icon
    if _calendar_icon is None:
        pix = QPixmap(32, 32)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(color)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRect(4, 6, 24, 22), 3, 3)
        p.fillRect(QRect(4, 6, 25, 6), color)
        for row in range(2):
            for col in range(3):
                p.fillRect(QRect(9 + col * 6, 16 + row * 6, 3, 3), color)
        p.end()
        _calendar_icon = QIcon(pix)
    return _calendar_icon


class DateField(FormattedField):
    """A date that may be empty; typed, or picked from a calendar (the trailing button)."""

    def __init__(self, field: str, tr: TrGetter, parent: QWidget | None = None,
                 *, not_after_today: bool = False) -> None:
        super().__init__(field, tr, parent)
        self.not_after_today = not_after_today
        self.setClearButtonEnabled(True)
        self.pick_action = QAction(calendar_icon(self.palette().color(QPalette.ColorRole.Text)), "",
                                   self)
        self.pick_action.triggered.connect(self.show_calendar)
        self.addAction(self.pick_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: QFrame | None = None

    def parse(self, text: str) -> date | None:
        return parse_date(text, self.field)

    def edit_text(self, value: date) -> str:
        return value.isoformat()

    def display_text(self, value: date) -> str:
        return fmt.format_date(value, self._tr(), "medium")

    def refresh(self) -> None:
        super().refresh()
        self.pick_action.setToolTip(self._tr().gettext("Choose a date"))

    def show_calendar(self) -> None:
        popup = QFrame(self, Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.setFrameShape(QFrame.Shape.StyledPanel)
        calendar = QCalendarWidget(popup)
        calendar.setGridVisible(True)
        if self.not_after_today:
            calendar.setMaximumDate(QDate.currentDate())
        try:
            current = self.value()
        except ValidationError:
            current = None
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        QVBoxLayout(popup).addWidget(calendar)
        popup.layout().setContentsMargins(0, 0, 0, 0)

        def picked(qdate: QDate) -> None:
            popup.close()
            self.set_value(date(qdate.year(), qdate.month(), qdate.day()))
            self.edited.emit()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.popup = popup
        popup.show()
        calendar.setFocus()
