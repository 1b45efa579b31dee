"""The small dialog of the attachments panel: type, expiry and note of the files to attach
(one or several: picked or dropped), or of one attachment being edited (and its name).

For several files the list on the left picks which file the form shows; each file keeps its
own values. The type is guessed from the file name (营业执照…, audit…), so a drop of a
licence and an audit report usually needs only OK. ``submitted`` carries a list of
:class:`PendingFile` (adding) or a dict of ``AttachmentUpdate`` values (editing); a bad
expiry date is shown under its field and nothing is emitted.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.errors import FieldError, ValidationError
from coop_desktop.models import ATTACHMENT_KIND_LABELS, AttachmentKind, AttachmentRead
from coop_desktop.services.attachments import display_name
from ui.context import AppContext
from ui.models.attachment_table import format_size
from ui.widgets.bilingual_fields import FieldErrors
from ui.widgets.date_field import DateField, parse_date
from ui.widgets.form_fields import limit_line_edits

#: Words in a file name that suggest its type (checked in this order, case ignored).
_KIND_HINTS: tuple[tuple[AttachmentKind, tuple[str, ...]], ...] = (
    (AttachmentKind.LICENCE, ("营业执照", "执照", "licence", "license")),
    (AttachmentKind.AUDIT_REPORT, ("审计", "audit")),
    (AttachmentKind.CREDIT_REPORT, ("信用", "credit")),
    (AttachmentKind.IP_CERTIFICATE, ("专利", "商标", "著作权", "知识产权", "patent", "trademark",
                                     "copyright", "证书", "certificate")),
)


def guess_kind(name: str) -> AttachmentKind:
    folded = name.casefold()
    for kind, words in _KIND_HINTS:
        if any(word in folded for word in words):
            return kind
    return AttachmentKind.OTHER


@dataclass
class PendingFile:
    """A file to attach and the values chosen for it."""

    path: Path
    kind: str
    expires_on: date | None = None
    note: str | None = None
    expiry_text: str = ""  # a date as typed that did not parse (shown again, refused)

    @property
    def name(self) -> str:
        return display_name(os.fsdecode(self.path.name))

    @property
    def size(self) -> int | None:
        try:
            return self.path.stat().st_size
        except OSError:
            return None


class AttachmentDialog(QDialog):
    """Attach ``files`` (adding) or edit ``attachment``; see the module docstring."""

    submitted = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 files: Sequence[Path] = (), attachment: AttachmentRead | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentDialog")
        self.ctx = ctx
        self.attachment = attachment
        self.files = [PendingFile(Path(p), guess_kind(display_name(os.fsdecode(Path(p).name))))
                      for p in files]
        self._row = -1
        self.errors = FieldErrors()
        self.file_list = QListWidget(objectName="attachmentFiles")
        self.file_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.file_list.setMinimumWidth(220)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setStyleSheet("font-weight: 600;")
        self.name = QLineEdit(objectName="attachmentName")
        self.kind = QComboBox(objectName="attachmentKind")
        self.expires = DateField("expires_on", lambda: self.ctx.tr)
        self.expires.setObjectName("attachmentExpires")
        self.note = QLineEdit(objectName="attachmentNote")
        limit_line_edits("attachment", {"original_name": self.name, "note": self.note})
        self.labels = {k: QLabel() for k in ("name", "kind", "expires", "note")}
        e = self.errors.wrap
        grid = QGridLayout()
        rows: list[tuple[str, QWidget]] = []
        if attachment is not None:
            rows.append(("name", e("original_name", self.name)))
        rows += [("kind", e("kind", self.kind)), ("expires", e("expires_on", self.expires)),
                 ("note", e("note", self.note))]
        height = self.name.sizeHint().height()
        for i, (key, widget) in enumerate(rows):
            label = self.labels[key]
            label.setMinimumHeight(height)
            grid.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, i, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(rows), 1)
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.file_label)
        form_layout.addLayout(grid, 1)
        body = QHBoxLayout()
        several = len(self.files) > 1
        if several:
            body.addWidget(self.file_list, 2)
        body.addWidget(form, 3)
        self.file_list.setVisible(several)
        self.file_label.setVisible(attachment is None)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368;")
        self.hint.setVisible(several)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        for f in self.files:
            item = QListWidgetItem(f.name)
            item.setToolTip(f.name)
            self.file_list.addItem(item)
        self.file_list.currentRowChanged.connect(self._show_file)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if attachment is not None:
            self.name.setText(attachment.original_name)
            self.expires.set_value(attachment.expires_on)
            self.note.setText(attachment.note or "")
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        if attachment is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(str(attachment.kind))))
        elif self.files:
            self.file_list.setCurrentRow(0)
            self._show_file(0)
        self.resize(720 if several else 480, self.sizeHint().height())

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        n = len(self.files)
        if self.attachment is not None:
            self.setWindowTitle(_("Edit attachment"))
        else:
            self.setWindowTitle(self.ctx.tr.ngettext("Attach {count} file", "Attach {count} files",
                                                     n).format(count=n))
        self.labels["name"].setText(_("Name"))
        self.labels["kind"].setText(_("Type"))
        self.labels["expires"].setText(_("Expires on"))
        self.labels["note"].setText(_("Notes"))
        self.hint.setText(_("Each file keeps its own type, expiry and notes: pick a file on the "
                            "left to change them. The type was guessed from the file name."))
        self.expires.setPlaceholderText(_("None (optional)"))
        self.note.setPlaceholderText(_("Optional"))
        kind = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for value in AttachmentKind:
            self.kind.addItem(_(ATTACHMENT_KIND_LABELS[value]), value.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.blockSignals(False)
        self.expires.refresh()
        self._update_file_label()
        self._update_items()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("Save") if self.attachment is not None else _("Attach"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.errors.render(self.ctx.tr)

    def _update_file_label(self) -> None:
        if not self.files:
            return
        f = self.files[max(self._row, 0)]
        size = f.size
        self.file_label.setText(f.name if size is None
                                else f"{f.name}  ({format_size(size, self.ctx.tr)})")

    def _update_items(self) -> None:
        """Each file in the list with its type (what the form says for the current one)."""
        _ = self.ctx.tr.gettext
        for row, f in enumerate(self.files):
            item = self.file_list.item(row)
            if item is None:
                continue
            kind = self.kind.currentData() if row == self._row else f.kind
            item.setText(f"{f.name}\n    {_(ATTACHMENT_KIND_LABELS.get(kind, str(kind)))}")

    def _kind_changed(self, _index: int) -> None:
        if 0 <= self._row < len(self.files) and self.kind.currentData() is not None:
            self.files[self._row].kind = self.kind.currentData()
            self._update_items()

    # ------------------------------------------------------------------ several files
    def _store_form(self) -> None:
        """Keep what the form shows in the file it belongs to."""
        if 0 <= self._row < len(self.files):
            f = self.files[self._row]
            f.kind = self.kind.currentData()
            try:
                f.expires_on, f.expiry_text = self.expires.value(), ""
            except ValidationError:
                f.expires_on, f.expiry_text = None, self.expires.text()  # checked on submit
            f.note = self.note.text().strip() or None

    def _show_file(self, row: int) -> None:
        if row < 0 or row >= len(self.files) or row == self._row:
            return
        self._store_form()
        self._row = row
        f = self.files[row]
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(f.kind))))
        self.expires.set_value(f.expires_on)
        if f.expiry_text:
            self.expires.setText(f.expiry_text)  # a date that did not parse, as typed
        self.note.setText(f.note or "")
        self.errors.clear()
        self._update_file_label()

    def pending(self) -> list[PendingFile]:
        """The files with their values; raises ValidationError (shown, the file selected)."""
        self._store_form()
        for row, f in enumerate(self.files):
            if f.expiry_text:
                try:
                    parse_date(f.expiry_text, "expires_on")
                except ValidationError as exc:
                    self.file_list.setCurrentRow(row)
                    self._show_file(row)
                    self.show_errors(exc)
                    raise
        return list(self.files)

    def values(self) -> dict[str, Any]:
        """The ``AttachmentUpdate`` values (editing); raises ValidationError (shown)."""
        try:
            expires = self.expires.value()
        except ValidationError as exc:
            self.show_errors(exc)
            raise
        return {"original_name": self.name.text(), "kind": self.kind.currentData(),
                "expires_on": expires, "note": self.note.text().strip() or None}

    def submit(self) -> None:
        try:
            payload: Any = self.values() if self.attachment is not None else self.pending()
        except ValidationError:
            return
        self.errors.clear()
        self.submitted.emit(payload)

    def show_errors(self, error: ValidationError) -> list[FieldError]:
        return self.errors.show(error, self.ctx.tr)
