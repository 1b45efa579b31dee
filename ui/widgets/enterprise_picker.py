"""Pick an enterprise in a dialog: a search field, the hits below it (searched on the
database lane after a pause in typing: there may be 150,000 enterprises), and the chosen
name under them. Used by the New application and Add participant dialogs.

Each hit shows the name in the UI language and, under it, the other name and the USCC; a
long entry is cut with "…" (the whole entry is its tooltip), never scrolled sideways. A
picker can also be *fixed* to an enterprise (editing a record that already has one): then
only the name shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from coop_desktop.services import enterprises
from ui.context import AppContext
from ui.widgets.bilingual_fields import FieldErrors, bilingual

SEARCH_DELAY_MS = 250
RESULTS = 30
ID_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class EnterprisePicker(QWidget):
    """``picked(id)`` when the user chooses a hit; ``enterprise_id`` is the choice (or the
    fixed enterprise). ``errors`` puts the messages for ``error_field`` under the name."""

    picked = Signal(int)

    def __init__(self, ctx: AppContext, errors: FieldErrors, *, error_field: str = "enterprise_id",
                 results_height: int = 140, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enterprise_id: int | None = None
        self._seq = 0
        self.search = QLineEdit()
        self.search.setObjectName("enterpriseSearch")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("enterpriseResults")
        self.results.setMaximumHeight(results_height)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenEnterprise")
        self.chosen.setStyleSheet("font-weight: 600;")
        self.chosen.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.results)
        column.addWidget(errors.wrap(error_field, self.chosen))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentItemChanged.connect(self._pick)
        self.retranslate_ui()

    def fix(self, enterprise_id: int, name: str) -> None:
        """Show ``name`` only: the record already belongs to this enterprise."""
        self.enterprise_id = enterprise_id
        self.chosen.setText(name)
        self.search.hide()
        self.results.hide()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(self.ctx.tr.gettext("Search by name, USCC or pinyin…"))

    def run_search(self) -> None:
        """Search now for the text typed (normally called after a pause in typing)."""
        self._timer.stop()
        text = self.search.text().strip()
        self._seq += 1
        seq, db = self._seq, self.ctx.db
        if not text:
            self.results.clear()
            return

        def shown(rows: list[Any]) -> None:
            if seq != self._seq:
                return  # an older search finished after a newer one started
            tr = self.ctx.tr
            self.results.clear()
            for s in rows:
                first, second = bilingual(tr, s.name_zh, s.name_en)
                detail = "  ·  ".join(x for x in (second, s.uscc) if x)
                item = QListWidgetItem(f"{first}\n{detail}")
                item.setToolTip(f"{first}\n{detail}")
                item.setData(ID_ROLE, s.id)
                item.setData(NAME_ROLE, first)
                self.results.addItem(item)
            if not rows:
                item = QListWidgetItem(tr.gettext("No enterprise found."))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.results.addItem(item)

        self.ctx.runner.run(lambda: enterprises.search(db, text, limit=RESULTS),
                            on_success=shown, parent=self)

    def _pick(self, item: QListWidgetItem | None) -> None:
        if item is None or item.data(ID_ROLE) is None:
            return
        self.enterprise_id = int(item.data(ID_ROLE))
        self.chosen.setText(item.data(NAME_ROLE))
        self.picked.emit(self.enterprise_id)
