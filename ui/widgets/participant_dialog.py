"""Add a participant to an event (search the enterprise) or edit a participation.

The amount is the app's money field (:class:`~ui.widgets.form_fields.MoneyField`, as the
enterprise form's registered capital): shown as the app writes amounts (``125万元`` /
``CNY 1.25 million``), edited in 万 in Chinese where exact (``125万``), typed as ``125万``
or in yuan; beside it, as in the enterprise form, what was understood (``≈ 125万元``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout,
    QWidget,
)

from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_amount_short
from coop_desktop.models import ParticipationRead
from ui.context import AppContext
from ui.widgets.bilingual_fields import FieldErrors
from ui.widgets.enterprise_picker import EnterprisePicker
from ui.widgets.form_fields import MoneyField
from ui.widgets.visible_text import RevealingPlainTextEdit

MSG_PICK_ENTERPRISE = N_("Search for the enterprise and pick it from the list.")


class ParticipantDialog(QDialog):
    """Add a participant (search the enterprise) or edit one's figures and outcome.

    ``submitted(values)`` carries ``ParticipationCreate``/``Update`` values; the page saves
    them and calls ``accept()``, or ``show_errors()`` with the service's ValidationError.
    """

    submitted = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 participation: ParticipationRead | None = None,
                 enterprise_name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("participantDialog")
        self.ctx = ctx
        self.participation = participation
        self.errors = FieldErrors()
        self.picker = EnterprisePicker(ctx, self.errors, results_height=150)
        if participation is not None:
            self.picker.fix(participation.enterprise_id, enterprise_name)
        self.search, self.results, self.chosen = (self.picker.search, self.picker.results,
                                                  self.picker.chosen)
        self.contacts_made, self.agreements = QLineEdit(), QLineEdit()
        for edit in (self.contacts_made, self.agreements):
            edit.setValidator(QIntValidator(0, 1_000_000, edit))
            edit.setMaximumWidth(100)
        self.amount = MoneyField("amount_fen", lambda: ctx.tr)
        self.amount.setObjectName("amount")
        self.amount.edited.connect(self._update_hint)
        # shown formatted once the focus leaves: after the field has done so
        self.amount.editingFinished.connect(
            lambda: QTimer.singleShot(0, self.hint, self._update_hint))
        self.outcome = RevealingPlainTextEdit()
        self.outcome.setFixedHeight(70)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #5f6368;")
        self.labels = {k: QLabel() for k in ("enterprise", "contacts", "agreements", "amount",
                                             "outcome")}
        e = self.errors.wrap
        grid = QGridLayout()
        height = self.search.sizeHint().height()
        fields = [("enterprise", self.picker), ("contacts", e("contacts_made", self.contacts_made)),
                  ("agreements", e("agreements", self.agreements)),
                  ("amount", e("amount_fen", self.amount, self.hint)),
                  ("outcome", e("outcome", self.outcome))]
        for i, (key, widget) in enumerate(fields):
            self.labels[key].setMinimumHeight(height)
            grid.addWidget(self.labels[key], i, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, i, 1)
        grid.setColumnStretch(1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)

        if participation is not None:
            p = participation
            self.contacts_made.setText("" if p.contacts_made is None else str(p.contacts_made))
            self.agreements.setText("" if p.agreements is None else str(p.agreements))
            self.amount.set_value(p.amount_fen)
            self.outcome.set_text(p.outcome or "")
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(520, 440 if participation is None else 300)

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.setWindowTitle(_("Add participant") if self.participation is None
                            else _("Edit participation"))
        self.picker.retranslate_ui()
        self.labels["enterprise"].setText(_("Enterprise"))
        self.labels["contacts"].setText(_("Contacts made"))
        self.labels["agreements"].setText(_("Agreements"))
        self.labels["amount"].setText(_("Amount"))
        self.labels["outcome"].setText(_("Outcome"))
        self.amount.setPlaceholderText(_("e.g. 1,250,000 or 1.25 million"))
        self.amount.refresh()
        self._update_hint()
        self.errors.render(self.ctx.tr)

    def _update_hint(self) -> None:
        """What the typed amount was read as, in 万元 (Chinese) or millions (English);
        nothing while the field shows the amount so already (as the enterprise form)."""
        try:
            fen = self.amount.value()
        except ValidationError:
            fen = None
        short = "" if fen is None else format_amount_short(fen, self.ctx.tr)
        self.hint.setText("" if not short or short == self.amount.text() else "≈ " + short)

    @property
    def enterprise_id(self) -> int | None:
        return self.picker.enterprise_id

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, Any]:
        """The entered values; raises ValidationError (also shown) for local problems."""
        errors: list[FieldError] = []
        if self.participation is None and self.enterprise_id is None:
            errors.append(FieldError("enterprise_id", Message(MSG_PICK_ENTERPRISE)))
        amount: int | None = None
        try:
            amount = self.amount.value()
        except ValidationError as exc:
            errors.extend(exc.errors)
        if errors:
            error = ValidationError(errors)
            self.show_errors(error)
            raise error
        values: dict[str, Any] = {
            "contacts_made": int(self.contacts_made.text()) if self.contacts_made.text() else None,
            "agreements": int(self.agreements.text()) if self.agreements.text() else None,
            "amount_fen": amount, "outcome": self.outcome.stored_text().strip() or None}
        if self.participation is None:
            values["enterprise_id"] = self.enterprise_id
        return values

    def submit(self) -> None:
        try:
            values = self.values()
        except ValidationError:
            return
        self.errors.clear()
        self.submitted.emit(values)

    def show_errors(self, error: ValidationError) -> list[FieldError]:
        return self.errors.show(error, self.ctx.tr)
