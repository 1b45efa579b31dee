"""Tagging the selected enterprises: add a tag to them, or remove one, undoably.

A mix-in of :class:`ui.pages.enterprises.EnterprisesPage` (the "Tags" button's menu): it
uses the page's ``selected_ids``, ``model`` (the cached rows suggest the tags), ``ctx`` and
``_notify``. ``_ask_tag`` is the dialog (tests replace it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QInputDialog

from coop_desktop import text
from coop_desktop.i18n.formatting import format_number
from coop_desktop.services import enterprises
from ui.context import UndoEntry


class EnterpriseTags:
    """The tag half of the enterprise page's bulk actions."""

    ctx: Any
    model: Any

    def _known_tags(self, ids: list[int] | None) -> list[str]:
        """Tags of the given rows (None: of every cached row), most frequent first.

        Only rows already in the cache are looked at: suggestions must not cost a query."""
        seen: dict[str, int] = {}
        for summary in self.model.cached_summaries(ids[:5000] if ids is not None else None):
            for tag in summary.tags:
                seen[tag] = seen.get(tag, 0) + 1
        return sorted(seen, key=lambda t: -seen[t])

    def _ask_tag(self, *, add: bool, choices: list[str]) -> str | None:
        """Ask which tag to add or remove (tests replace this method)."""
        _ = self.ctx.tr.gettext
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Add tag") if add else _("Remove tag"))
        dialog.setLabelText(_("Tag to add to the selected enterprises:") if add
                            else _("Tag to remove from the selected enterprises:"))
        dialog.setComboBoxItems(choices)
        dialog.setComboBoxEditable(True)
        dialog.setTextValue("" if add else (choices[0] if choices else ""))
        accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
        value = text.normalize(dialog.textValue())
        dialog.deleteLater()
        return (value or None) if accepted else None

    def _ask_and_tag(self, *, add: bool) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        tag = self._ask_tag(add=add, choices=self._known_tags(None if add else ids))
        if tag:
            self.tag_selected(tag, add=add)

    def tag_selected(self, tag: str, *, add: bool = True) -> None:
        """Add ``tag`` to (or remove it from) every selected enterprise, undoably."""
        ids = self.selected_ids()
        if not ids:
            return
        tr, db = self.ctx.tr, self.ctx.db
        changed: list[int] = []
        change = {"add": [tag]} if add else {"remove": [tag]}
        reverse = {"remove": [tag]} if add else {"add": [tag]}

        def run() -> Any:
            outcome = enterprises.set_tags(db, ids, **change)
            changed.extend(outcome.value)
            return outcome

        if add:
            label = tr.gettext("Add tag “{tag}”").format(tag=tag)
        else:
            label = tr.gettext("Remove tag “{tag}”").format(tag=tag)

        def done(outcome: Any) -> None:
            n = len(outcome.value)
            msg = (tr.ngettext("Tag “{tag}” added to {count} enterprise.",
                               "Tag “{tag}” added to {count} enterprises.", n) if add else
                   tr.ngettext("Tag “{tag}” removed from {count} enterprise.",
                               "Tag “{tag}” removed from {count} enterprises.", n))
            self._notify(msg.format(tag=tag, count=format_number(n, tr)), undoable=n > 0)

        self.ctx.mutate(run, parent=self, on_success=done,
                        undo=UndoEntry(label, lambda: enterprises.set_tags(db, changed, **reverse)),
                        label=tr.gettext("Updating tags…") if len(ids) > 200 else None)

