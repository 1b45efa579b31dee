"""Add a participant to an event (search the enterprise) or edit a participation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_decimal, parse_money
from coop_desktop.models import ParticipationRead
from coop_desktop.services import enterprises
from ui.context import AppContext
from ui.widgets.bilingual_fields import FieldErrors, bilingual

MSG_PICK_ENTERPRISE = N_("Search for the enterprise and pick it from the list.")
SEARCH_DELAY_MS = 250


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
        self.enterprise_id: int | None = participation.enterprise_id if participation else None
        self.errors = FieldErrors()
        self._search_seq = 0
        self.search = QLineEdit()
        self.search.setObjectName("enterpriseSearch")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("enterpriseResults")
        self.results.setMaximumHeight(150)
        # Long names are cut with "…" (the whole entry is in the tooltip), never scrolled to.
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chosen = QLabel(enterprise_name)
        self.chosen.setStyleSheet("font-weight: 600;")
        self.chosen.setWordWrap(True)
        self.contacts_made, self.agreements = QLineEdit(), QLineEdit()
        for edit in (self.contacts_made, self.agreements):
            edit.setValidator(QIntValidator(0, 1_000_000, edit))
            edit.setMaximumWidth(100)
        self.amount = QLineEdit()
        self.outcome = QPlainTextEdit()
        self.outcome.setFixedHeight(70)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #5f6368;")
        self.labels = {k: QLabel() for k in ("enterprise", "contacts", "agreements", "amount",
                                             "outcome")}
        e = self.errors.wrap
        picker = QWidget()
        pcol = QVBoxLayout(picker)
        pcol.setContentsMargins(0, 0, 0, 0)
        if participation is None:
            pcol.addWidget(self.search)
            pcol.addWidget(self.results)
        pcol.addWidget(e("enterprise_id", self.chosen))
        grid = QGridLayout()
        height = self.search.sizeHint().height()
        fields = [("enterprise", picker), ("contacts", e("contacts_made", self.contacts_made)),
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

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentItemChanged.connect(self._pick)
        if participation is not None:
            p = participation
            self.contacts_made.setText("" if p.contacts_made is None else str(p.contacts_made))
            self.agreements.setText("" if p.agreements is None else str(p.agreements))
            self.amount.setText("" if p.amount_fen is None else format_decimal(
                Decimal(p.amount_fen).scaleb(-2), ctx.tr, 2))
            self.outcome.setPlainText(p.outcome or "")
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(520, 440 if participation is None else 300)

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.setWindowTitle(_("Add participant") if self.participation is None
                            else _("Edit participation"))
        self.search.setPlaceholderText(_("Search by name, USCC or pinyin…"))
        self.labels["enterprise"].setText(_("Enterprise"))
        self.labels["contacts"].setText(_("Contacts made"))
        self.labels["agreements"].setText(_("Agreements"))
        self.labels["amount"].setText(_("Amount (yuan)"))
        self.labels["outcome"].setText(_("Outcome"))
        self.hint.setText(_("e.g. 1,250,000.50 or 125万"))
        self.errors.render(self.ctx.tr)

    # ------------------------------------------------------------------ search
    def _run_search(self) -> None:
        text = self.search.text().strip()
        self._search_seq += 1
        seq, db = self._search_seq, self.ctx.db
        if not text:
            self.results.clear()
            return

        def shown(rows: list[Any]) -> None:
            if seq != self._search_seq:
                return  # an older search finished after a newer one started
            tr = self.ctx.tr
            self.results.clear()
            for s in rows:
                first, second = bilingual(tr, s.name_zh, s.name_en)
                # the name in the UI language; under it the other name and the USCC
                detail = "  ·  ".join(x for x in (second, s.uscc) if x)
                item = QListWidgetItem(f"{first}\n{detail}")
                item.setToolTip(f"{first}\n{detail}")
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                item.setData(Qt.ItemDataRole.UserRole + 1, first)
                self.results.addItem(item)
            if not rows:
                item = QListWidgetItem(tr.gettext("No enterprise found."))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.results.addItem(item)

        self.ctx.runner.run(lambda: enterprises.search(db, text, limit=30), on_success=shown,
                            parent=self)

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        self.enterprise_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.chosen.setText(item.data(Qt.ItemDataRole.UserRole + 1))

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, Any]:
        """The entered values; raises ValidationError (also shown) for local problems."""
        errors: list[FieldError] = []
        if self.participation is None and self.enterprise_id is None:
            errors.append(FieldError("enterprise_id", Message(MSG_PICK_ENTERPRISE)))
        amount: int | None = None
        if self.amount.text().strip():
            try:
                amount = parse_money(self.amount.text(), field="amount_fen")
            except ValidationError as exc:
                errors.extend(exc.errors)
        if errors:
            error = ValidationError(errors)
            self.show_errors(error)
            raise error
        values: dict[str, Any] = {
            "contacts_made": int(self.contacts_made.text()) if self.contacts_made.text() else None,
            "agreements": int(self.agreements.text()) if self.agreements.text() else None,
            "amount_fen": amount, "outcome": self.outcome.toPlainText().strip() or None}
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
