"""Checking the enterprise form as the user types, and showing what is wrong.

:class:`EnterpriseValidator` parses every editor, runs the same checks as the service
(``enterprise_checks.check``; only uniqueness needs the database, and that is asked on the DB
lane: "is this USCC already used?"), and puts each message next to its field. Before the
first Save only fields the user has touched show messages; after a refused Save every
message is shown, and the :class:`ErrorSummary` lists them with links to the fields.
Messages are kept as ``FieldError`` values and rendered on each display, so a language
switch re-renders them. Warnings (``enterprise_checks.warnings``: an implausible USCC) are
shown the same way next to their field, in a darker amber, whenever the field has no error —
from the moment a record is opened — and never stop a Save nor appear in the summary.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import Translator
from coop_desktop.models import EnterpriseRead
from coop_desktop.services import enterprise_checks as checks
from coop_desktop.services import enterprises
from coop_desktop.validation import normalize_uscc
from ui.context import AppContext
from ui.widgets.enterprise_sections import FIELD_LABELS, EnterpriseDetails
from ui.widgets.form_layout import ERROR_COLOR, mark_invalid

CHECK_DELAY_MS = 350
WARNING_COLOR = QColor("#7a4a00")  # dark amber: readable, and not the error red
_SUMMARY_STYLE = ("#errorSummary { background: #fdecea; border: 1px solid #f0b4ae;"
                  " border-radius: 4px; } #errorSummary QLabel { color: #5f1412; }")


def same_error(a: FieldError, b: FieldError) -> bool:
    return a.field == b.field and a.message.msgid == b.message.msgid and \
        dict(a.message.params) == dict(b.message.params)


class ErrorSummary(QFrame):
    """"Not saved" and every reason, each linked to its field (``field_clicked``)."""

    field_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorSummary")
        self.setStyleSheet(_SUMMARY_STYLE)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.linkActivated.connect(lambda link: self.field_clicked.emit(
            link.removeprefix("field:")))
        QVBoxLayout(self).addWidget(self.label)
        self.hide()

    def show_errors(self, errors: list[FieldError], tr: Translator, linked: set[str]) -> None:
        if not errors:
            self.hide()
            return
        _ = tr.gettext
        items = []
        for error in errors:
            label = _(FIELD_LABELS[error.field]) if error.field in FIELD_LABELS else error.field
            name = html.escape(label)
            if error.field in linked:
                name = f'<a href="field:{error.field}">{name}</a>'
            message = error.render(tr)
            if message.startswith(label):  # the message names the field itself (limits)
                line = "\x00" + message[len(label):]
            else:
                # Translators: one line of the list of reasons a save was refused
                line = _("{field}: {message}").format(field="\x00", message=message)
            items.append("<li>" + html.escape(line).replace("\x00", name) + "</li>")
        heading = html.escape(_("The enterprise was not saved. Please correct the following:"))
        self.label.setText(f"<b>{heading}</b><ul style='margin: 2px 0 0 -20px'>"
                           f"{''.join(items)}</ul>")
        self.show()

    def text(self) -> str:
        return self.label.text()


class EnterpriseValidator(QObject):
    """The checking half of the enterprise form (see the module docstring)."""

    def __init__(self, ctx: AppContext, details: EnterpriseDetails, summary: ErrorSummary,
                 current: Callable[[], tuple[int | None, EnterpriseRead | None]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.details, self.summary = ctx, details, summary
        self._current = current  # (current_id, record) of the form
        self.touched: set[str] = set()
        self.show_all = False
        self.errors: list[FieldError] = []
        self.warnings: list[FieldError] = []
        self.server_errors: list[FieldError] = []
        self._duplicate: tuple[str, FieldError | None] | None = None
        self._duplicate_pending: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.revalidate)

    def reset(self) -> None:
        """A record (or a blank form) was just put in: nothing is touched or wrong."""
        self.timer.stop()
        self.touched.clear()
        self.show_all = False
        self.errors = []
        self.server_errors = []
        self._duplicate = None
        try:
            self.warnings = checks.warnings({"uscc": self.details.fields["uscc"].value()})
        except ValidationError:
            self.warnings = []
        self.show()

    def edited(self, name: str) -> None:
        self.touched.add(name)
        self.server_errors = [e for e in self.server_errors if e.field != name]
        self.timer.start()

    def validate(self) -> tuple[dict[str, Any], list[FieldError]]:
        """Every value parsed and checked as the service would (but for uniqueness)."""
        values: dict[str, Any] = {}
        errors: list[FieldError] = []
        for name, editor in self.details.fields.items():
            try:
                values[name] = editor.value()
            except ValidationError as exc:
                errors.extend(exc.errors)
                values[name] = None
        unparsed = {e.field for e in errors}
        try:
            checks.check(dict(values), today=date.today())
        except ValidationError as exc:
            errors.extend(e for e in exc.errors if e.field not in unparsed)
        self.warnings = checks.warnings(values)
        duplicate = self._duplicate_error(values.get("uscc"))
        for extra in ([duplicate] if duplicate else []) + self.server_errors:
            if not any(same_error(extra, e) for e in errors):
                errors.append(extra)
        return values, errors

    def revalidate(self) -> None:
        """Check now and show the messages (what the debounce timer calls)."""
        self.timer.stop()
        _values, self.errors = self.validate()
        self.show()
        self._lookup_duplicate()

    def check_for_save(self) -> tuple[dict[str, Any], list[FieldError]]:
        """Check everything and show every message (Save was asked for)."""
        self.timer.stop()
        self.show_all = True
        values, self.errors = self.validate()
        self.show()
        return values, self.errors

    def refused(self, errors: tuple[FieldError, ...]) -> None:
        """The service refused the save: show its reasons too."""
        self.show_all = True
        self.server_errors = list(errors)
        _values, self.errors = self.validate()
        self.show()

    def show(self) -> None:
        tr = self.ctx.tr
        for name, label in self.details.errors.items():
            shown = self.show_all or name in self.touched
            messages = [e.render(tr) for e in self.errors if e.field == name] if shown else []
            warning = False
            if not messages and not any(e.field == name for e in self.errors):
                messages = [w.render(tr) for w in self.warnings if w.field == name]
                warning = bool(messages)
            _tint(label, warning)
            label.set_messages(messages)
            mark_invalid(self.details.fields[name], bool(messages) and not warning)
        self.summary.show_errors(self.errors if self.show_all else [], tr,
                                 set(self.details.fields))

    # ------------------------------------------------------------------ duplicate USCC
    def _duplicate_error(self, uscc: str | None) -> FieldError | None:
        try:
            code = normalize_uscc(uscc or "")
        except ValidationError:
            return None
        if self._duplicate is not None and self._duplicate[0] == code:
            return self._duplicate[1]
        return None

    def _lookup_duplicate(self) -> None:
        """Ask (on the DB lane) whether another enterprise already has this USCC."""
        try:
            code = normalize_uscc(self.details.fields["uscc"].value() or "")
        except ValidationError:
            return
        _current_id, record = self._current()
        if (record is not None and record.uscc == code) or self._duplicate_pending == code or \
                (self._duplicate is not None and self._duplicate[0] == code):
            return
        self._duplicate_pending = code
        self.ctx.runner.run(partial(enterprises.get_by_uscc, self.ctx.db, code),
                            on_success=partial(self._duplicate_found, code),
                            on_failure=lambda exc: None)

    def _duplicate_found(self, code: str, other: EnterpriseRead | None) -> None:
        self._duplicate_pending = None
        current_id, _record = self._current()
        error = None
        if other is not None and other.id != current_id:
            error = FieldError("uscc", Message(enterprises.MSG_DUPLICATE,
                                               {"name": other.name_zh, "id": other.id}))
        self._duplicate = (code, error)
        if error is not None:
            _values, self.errors = self.validate()
            self.show()


def _tint(label: QLabel, warning: bool) -> None:
    """The message label in the error colour, or in the warning colour."""
    if bool(label.property("warning")) == warning:
        return
    label.setProperty("warning", warning)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, WARNING_COLOR if warning else ERROR_COLOR)
    label.setPalette(palette)
