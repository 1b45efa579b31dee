"""The attachments table: name, type, size, added, expires, SHA-256 (all rows held: an
enterprise has a few dozen files at most)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFontDatabase

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_date, format_decimal, format_number
from coop_desktop.models import ATTACHMENT_KIND_LABELS, AttachmentRead
from coop_desktop.services import attachments
from coop_desktop.services.attachments import EXPIRY_LABELS, ExpiryState
from ui.models.row_table import ID_ROLE, SORT_ROLE, RowTableModel

COL_NAME, COL_KIND, COL_SIZE, COL_ADDED, COL_EXPIRES, COL_SHA = range(6)
EXPIRED_COLOR = QColor("#b3261e")
EXPIRING_COLOR = QColor("#a05a00")  # amber, dark enough to read on white
SHA_SHOWN = 12

_UNITS = (N_("{size} KB"), N_("{size} MB"), N_("{size} GB"))


def format_size(size: int, tr: Translator) -> str:
    """``824 bytes``, ``12.5 KB``, ``3.4 MB``, ``215 MB``: binary units, locale digits."""
    if size < 1024:
        return tr.ngettext("{count} byte", "{count} bytes", size).format(
            count=format_number(size, tr))
    value = Decimal(size)
    for msgid in _UNITS:
        value /= 1024
        if value < 1024 or msgid == _UNITS[-1]:
            places = 1 if value < 100 else 0
            return tr.gettext(msgid).format(size=format_decimal(value, tr, places))
    raise AssertionError("unreachable")


def expiry_text(att: AttachmentRead, tr: Translator, today: date | None = None) -> str:
    """The tooltip of the expiry cell: its state and how far away it is."""
    if att.expires_on is None:
        return tr.gettext("No expiry date")
    today = today or date.today()
    days = (att.expires_on - today).days
    state = attachments.expiry_state(att, today=today)
    assert state is not None
    label = tr.gettext(EXPIRY_LABELS[state])
    if days < 0:
        detail = tr.ngettext("expired {count} day ago", "expired {count} days ago",
                             -days).format(count=-days)
    elif days == 0:
        detail = tr.gettext("expires today")
    else:
        detail = tr.ngettext("expires in {count} day", "expires in {count} days",
                             days).format(count=days)
    return tr.gettext("{state}: {detail}").format(state=label, detail=detail)


class AttachmentTableModel(RowTableModel):
    """Rows are :class:`AttachmentRead`. ``today`` is fixed by tests (default: the date)."""

    COLUMNS = (N_("Name"), N_("Type"), N_("Size"), N_("Added"), N_("Expires"), N_("SHA-256"))

    def __init__(self, tr: Translator, parent: QObject | None = None) -> None:
        super().__init__(tr, parent)
        self.today: date | None = None
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def row_of(self, attachment_id: int) -> int:
        return next((i for i, a in enumerate(self.rows) if a.id == attachment_id), -1)

    def state(self, att: AttachmentRead) -> ExpiryState | None:
        return attachments.expiry_state(att, today=self.today or date.today())

    def cell(self, att: AttachmentRead, column: int, role: int) -> Any:
        tr = self.translator
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return att.original_name
            if column == COL_KIND:
                return tr.gettext(ATTACHMENT_KIND_LABELS.get(att.kind, att.kind))
            if column == COL_SIZE:
                return format_size(att.size, tr)
            if column == COL_ADDED:
                return format_date(att.created_at.astimezone(), tr)
            if column == COL_EXPIRES:
                return format_date(att.expires_on, tr) if att.expires_on else ""
            return att.sha256[:SHA_SHOWN] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NAME:
                return "\n".join(x for x in (att.original_name, att.note) if x)
            if column == COL_SIZE:
                return tr.ngettext("{count} byte", "{count} bytes", att.size).format(
                    count=format_number(att.size, tr))
            if column == COL_EXPIRES:
                return expiry_text(att, tr, self.today)
            if column == COL_SHA:
                return tr.gettext("SHA-256 checksum: {sha}").format(sha=att.sha256)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_EXPIRES:
            state = self.state(att)
            if state is ExpiryState.EXPIRED:
                return EXPIRED_COLOR
            if state is ExpiryState.EXPIRING:
                return EXPIRING_COLOR
            return None
        if role == Qt.ItemDataRole.FontRole and column == COL_SHA:
            return self._mono
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            if column == COL_SIZE:
                return att.size
            if column == COL_ADDED:
                return att.created_at.isoformat()
            if column == COL_EXPIRES:
                return att.expires_on.isoformat() if att.expires_on else "9999"
            if column == COL_SHA:
                return att.sha256
            return str(self.cell(att, column, Qt.ItemDataRole.DisplayRole)).casefold()
        if role == ID_ROLE:
            return att.id
        return None
