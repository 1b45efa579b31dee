"""Small pieces shared by the zone and event screens: bilingual display, partner
countries, error labels under fields, links, and the page-level confirm/notify helpers."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget,
)

from coop_desktop.errors import FieldError, ValidationError
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import ZoneRead
from coop_desktop.reference import countries
from ui.tasks import show_error

#: Partner codes that are not countries but appear in the shipped zones.
GROUP_CODES = {"EU": N_("European Union")}
ERROR_STYLE = "color: #b3261e;"


def is_zh(tr: Translator) -> bool:
    return tr.language == "zh_CN"


def bilingual(tr: Translator, zh: str | None, en: str | None) -> tuple[str, str]:
    """(primary, secondary): the UI language's text first; the other one (or "")."""
    first, second = (zh or "", en or "") if is_zh(tr) else (en or "", zh or "")
    return (first, second) if first else (second, "")


def country_label(code: str, tr: Translator) -> str:
    """A partner code's name in the UI language (the code itself if unknown)."""
    if code in GROUP_CODES:
        return tr.gettext(GROUP_CODES[code])
    try:
        return countries.country_name(code, tr.language)
    except KeyError:
        return code


def join_names(names: Iterable[str], tr: Translator) -> str:
    return ("、" if is_zh(tr) else ", ").join(names)


def partners_text(zone: ZoneRead, tr: Translator) -> str:
    """The zone's partner label ("EU", "Belt and Road…") or its countries' names."""
    label = bilingual(tr, zone.partner_label_zh, zone.partner_label_en)[0]
    return label or join_names((country_label(c, tr) for c in zone.partner_countries), tr)


def elided_link(url: str, width: int = 60) -> str:
    """``<a>`` to ``url`` whose visible text is shortened in the middle (no giant labels)."""
    text = url.split("://", 1)[-1]
    if len(text) > width:
        text = text[: width * 2 // 3] + "…" + text[-(width // 3):]
    href = url if "://" in url else "http://" + url
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def link_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label.setWordWrap(True)
    return label


class FieldErrors:
    """Error labels that sit under their fields; re-rendered on a language switch."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self._errors: tuple[FieldError, ...] = ()

    def wrap(self, field: str, widget: QWidget, *extra: QWidget) -> QWidget:
        """``widget`` (and ``extra`` beside it) with an error label for ``field`` below."""
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        if extra:
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            for w in extra:
                row.addWidget(w)
            col.addLayout(row)
        else:
            col.addWidget(widget)
        label = QLabel()
        label.setObjectName(f"error_{field}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        col.addWidget(label)
        self.labels[field] = label
        return box

    def show(self, error: ValidationError, tr: Translator) -> list[FieldError]:
        """Show each message under its field; returns the ones that have no field here."""
        self._errors = error.errors
        return self.render(tr)

    def render(self, tr: Translator) -> list[FieldError]:
        by_field: dict[str, list[str]] = {}
        stray = []
        for err in self._errors:
            if err.field in self.labels:
                by_field.setdefault(err.field, []).append(err.render(tr))
            else:
                stray.append(err)
        for name, label in self.labels.items():
            label.setText("\n".join(by_field.get(name, [])))
            label.setVisible(name in by_field)
        return stray

    def clear(self) -> None:
        self._errors = ()
        for label in self.labels.values():
            label.clear()
            label.hide()

    def text(self, field: str) -> str:
        label = self.labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def grid_label(text_height: int) -> QLabel:
    label = QLabel()
    label.setMinimumHeight(text_height)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


def bilingual_grid(grid: QGridLayout, col_zh: QWidget, col_en: QWidget,
                   rows: list[tuple[str, QWidget, QWidget | None]], text_height: int
                   ) -> dict[str, QLabel]:
    """Lay out a bilingual form on ``grid``: the column headings on row 0, then for each
    ``(key, first, second)`` a label (returned by key, text set by the caller), ``first``
    under "Chinese" and ``second`` under "English", or ``first`` across both when
    ``second`` is None. Fields align at the top, so a message under one moves no other."""
    labels = {key: grid_label(text_height) for key, _first, _second in rows}
    grid.addWidget(col_zh, 0, 1)
    grid.addWidget(col_en, 0, 2)
    top = Qt.AlignmentFlag.AlignTop
    for i, (key, first, second) in enumerate(rows, start=1):
        grid.addWidget(labels[key], i, 0, top)
        if second is None:
            grid.addWidget(first, i, 1, 1, 2, top)
        else:
            grid.addWidget(first, i, 1, top)
            grid.addWidget(second, i, 2, top)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(2, 1)
    return labels


# ------------------------------------------------------------------ page helpers
def notify(widget: QWidget, message: str, *, undoable: bool = False) -> None:
    """The main window's status message (nothing when the page is shown on its own)."""
    fn = getattr(widget.window(), "notify", None)
    if callable(fn):
        fn(message, undoable=undoable)


def confirm_discard(parent: QWidget, tr: Translator, save: Any) -> bool:
    """Ask about unsaved edits: True to go on (discarded), False to stay (maybe saving)."""
    _ = tr.gettext
    box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                      _("This record has changes that are not saved."), parent=parent)
    save_btn = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard_btn = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is save_btn:
        save()
        return False
    return box.clickedButton() is discard_btn


def show_failure(parent: QWidget, tr: Translator, exc: BaseException, form: Any) -> None:
    """A ValidationError goes next to the form's fields; anything else to the error dialog."""
    if isinstance(exc, ValidationError):
        stray = form.show_errors(exc)
        if not stray:
            return
        exc = ValidationError(stray)
    show_error(parent, tr, exc)
