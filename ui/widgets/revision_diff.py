"""Compare two revisions of an application (or a revision with the current text).

``RevisionDiffDialog(ctx, app_id, parent)`` is a modeless dialog: ``show()`` it; its parent
owns it. Two combo boxes choose the versions (the frozen revisions, and "Current text" on
the right); by default the last frozen revision is compared with the current draft, or the
last two revisions with each other when there is no newer draft.

The comparison (``applications.diff``) runs on the database lane. The result is HTML in a
read-only QTextBrowser, built by :func:`diff_html`: per changed section, the Chinese and
English differences side by side, insertions on green, deletions on red and struck
through; long unchanged stretches are shortened to their ends (unless "Show the full
text" is ticked); unchanged sections are one grey line each. **Every text from the
application is passed through ``html.escape``** before it reaches the HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTextBrowser,
    QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import Translator
from coop_desktop.i18n.formatting import format_date
from coop_desktop.models import ApplicationRead, ApplicationRevisionRead
from coop_desktop.services import applications
from coop_desktop.services.applications import DiffOp, SectionDiff
from coop_desktop.services.outcome import Changes
from ui.context import AppContext
from ui.widgets import screen_fit
from ui.widgets.bilingual_fields import bilingual
from ui.widgets.visible_text import shown

#: The size the comparison asks for: two columns of text side by side.
WANTED = QSize(1100, 720)
CURRENT = 0  # combo data of "Current text" (revision numbers start at 1)
CONTEXT = 60  # characters kept at each end of a long unchanged stretch
INS_STYLE = "background-color:#d5f0dc; color:#0b5a1c;"
DEL_STYLE = "background-color:#fadbd8; color:#8c1d18; text-decoration:line-through;"
MUTED_STYLE = "color:#5f6368;"
#: Between a deletion and the insertion beside it (unmarked: neither struck nor coloured).
SEPARATOR = " "
_RELOAD_KINDS = frozenset({applications.ENTITY, applications.SECTION_ENTITY,
                           applications.REVISION_ENTITY})


def _text(value: str) -> str:
    return html.escape(shown(value)).replace("\n", "<br>")


def _marked(value: str, style: str) -> str:
    # A changed line break is shown as ↵ (otherwise it would be invisible).
    body = html.escape(shown(value)).replace("\n", "↵<br>")
    return f'<span style="{style}">{body}</span>'


def _head(value: str, size: int) -> str:
    """The first ``size`` characters, cut after a space or punctuation near the end."""
    if len(value) <= size:
        return value
    cut = value[:size]
    stop = max(cut.rfind(ch) for ch in " ，。；、,;\n")
    return cut[:stop + 1] if stop >= size * 2 // 3 else cut


def _tail(value: str, size: int) -> str:
    """The last ``size`` characters, cut before a space or punctuation near the start."""
    if len(value) <= size:
        return value
    cut = value[-size:]
    starts = [i for i in (cut.find(ch) for ch in " ，。；、,;\n") if 0 <= i <= size // 3]
    return cut[min(starts) + 1:] if starts else cut


def _shorten(value: str, *, first: bool, last: bool) -> str:
    """An unchanged stretch with only its ends kept (``first``/``last``: it starts/ends the
    text, so only the end next to a change matters)."""
    if first and last:
        return value if len(value) <= 2 * CONTEXT else _head(value, CONTEXT) + " …"
    if first:
        return value if len(value) <= CONTEXT else "… " + _tail(value, CONTEXT)
    if last:
        return value if len(value) <= CONTEXT else _head(value, CONTEXT) + " …"
    if len(value) <= 2 * CONTEXT + 5:
        return value
    return _head(value, CONTEXT) + " … " + _tail(value, CONTEXT)


def ops_html(ops: Sequence[DiffOp], *, full: bool) -> str:
    """One language's text with its insertions and deletions marked. A deletion right
    beside an insertion is kept apart from it by a space (:data:`SEPARATOR`): without
    colour, "人民币2,8004,100万元" read as one number; "人民币2,800 4,100万元", the first
    struck through, reads as two."""
    out = []
    last = ""  # the style of the marked text just written ("" after unchanged text)
    for i, op in enumerate(ops):
        if op.tag == "equal":
            value = op.a if full else _shorten(op.a, first=i == 0, last=i == len(ops) - 1)
            out.append(_text(value))
            last = ""
            continue
        for text, style in ((op.a, DEL_STYLE), (op.b, INS_STYLE)):
            wanted = "delete" if style is DEL_STYLE else "insert"
            if text and op.tag in (wanted, "replace"):
                if last and last != style:
                    out.append(SEPARATOR)
                out.append(_marked(text, style))
                last = style
    return "".join(out)


def _changed(ops: Sequence[DiffOp]) -> bool:
    return any(op.tag != "equal" for op in ops)


def diff_html(diffs: Sequence[SectionDiff], tr: Translator, *, full: bool = False) -> str:
    """The whole comparison as HTML (every application text escaped)."""
    _ = tr.gettext
    parts = [
        '<p style="{muted}">{legend} <span style="{ins}">{inserted}</span> '
        '<span style="{dele}">{deleted}</span></p>'.format(
            muted=MUTED_STYLE, legend=html.escape(_("Marked:")), ins=INS_STYLE,
            dele=DEL_STYLE, inserted=html.escape(_("inserted")),
            deleted=html.escape(_("deleted")))]
    if not any(d.changed for d in diffs):
        parts.append("<p><b>{}</b></p>".format(
            html.escape(_("No differences: the two versions have the same text."))))
    unchanged: list[str] = []

    def flush() -> None:  # consecutive unchanged sections: one grey line
        if unchanged:
            parts.append('<p style="{}">{}</p>'.format(MUTED_STYLE, html.escape(
                _("Unchanged: {sections}").format(sections=" · ".join(unchanged)))))
            unchanged.clear()

    for d in diffs:
        title, other = bilingual(tr, d.title_zh, d.title_en)
        if not d.changed:
            unchanged.append(title)
            continue
        flush()
        heading = f"<h3 style=\"margin-bottom:0\">{html.escape(title)}"
        if other and other != title:
            heading += (f' <span style="{MUTED_STYLE} font-weight:normal;">'
                        f'· {html.escape(other)}</span>')
        parts.append(heading + "</h3>")
        cells = []
        for ops in (d.zh, d.en):
            if _changed(ops) or full:
                cells.append(ops_html(ops, full=full) or "&nbsp;")
            else:
                none = html.escape(_("No changes"))
                cells.append(f'<span style="{MUTED_STYLE}">{none}</span>')
        head = (_("Chinese"), _("English"))  # Chinese first in either UI language
        parts.append(
            '<table width="100%" cellspacing="0" cellpadding="6" border="0">'
            '<tr><th width="50%" align="left" style="{m}">{h0}</th>'
            '<th width="50%" align="left" style="{m}">{h1}</th></tr>'
            '<tr><td valign="top">{c0}</td><td valign="top">{c1}</td></tr></table>'.format(
                m=MUTED_STYLE, h0=html.escape(head[0]), h1=html.escape(head[1]),
                c0=cells[0], c1=cells[1]))
    flush()
    return "\n".join(parts)


class RevisionDiffDialog(QDialog):
    """See the module docstring."""

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionDiff")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.ctx = ctx
        self.app_id = app_id
        self.app: ApplicationRead | None = None
        self.revisions: list[ApplicationRevisionRead] = []
        self.diffs: list[SectionDiff] = []
        self._seq = 0
        self._filling = False
        self.from_label, self.to_label = QLabel(), QLabel()
        self.from_combo = QComboBox(objectName="diffFrom")
        self.to_combo = QComboBox(objectName="diffTo")
        for combo in (self.from_combo, self.to_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._on_choice)
        self.from_label.setBuddy(self.from_combo)
        self.to_label.setBuddy(self.to_combo)
        self.full = QCheckBox(objectName="diffFull")
        self.full.toggled.connect(lambda _on: self._render())
        self.summary = QLabel(objectName="diffSummary")
        self.summary.setWordWrap(True)
        self.view = QTextBrowser(objectName="diffView")
        self.view.setOpenLinks(False)
        self.view.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.from_label)
        top.addWidget(self.from_combo)
        top.addSpacing(12)
        top.addWidget(self.to_label)
        top.addWidget(self.to_combo)
        top.addStretch(1)
        top.addWidget(self.full)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        ctx.lang.changed.connect(self.retranslate_ui)
        ctx.hub.changed.connect(self._on_changes)
        self.retranslate_ui()
        self._sized = False
        self.reload()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Opens as large as :data:`WANTED` within the screen's free area (title bar
        included): 1100 px was wider than a 1024 screen."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            screen_fit.fit_dialog(self, WANTED)

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        title = bilingual(self.ctx.tr, self.app.title_zh, self.app.title_en)[0] if self.app else ""
        self.setWindowTitle(_("Compare revisions: {title}").format(title=title) if title
                            else _("Compare revisions"))
        self.from_label.setText(_("&From"))
        self.to_label.setText(_("&To"))
        self.full.setText(_("Show the full text"))
        self.full.setToolTip(_("Otherwise long unchanged passages are shortened to their ends."))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self._fill_combos()
        self._render()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Read the application and its revisions again (then compare)."""
        db, app_id = self.ctx.db, self.app_id

        def fetch() -> tuple[ApplicationRead, list[ApplicationRevisionRead]]:
            return applications.get(db, app_id), applications.revisions(db, app_id)

        self.ctx.runner.run(fetch, on_success=self._on_loaded, parent=self)

    def _on_loaded(self, result: tuple[ApplicationRead, list[ApplicationRevisionRead]]) -> None:
        first = self.app is None
        self.app, self.revisions = result
        if first:
            self._fill_combos(defaults=True)
            self.retranslate_ui()
        else:
            self._fill_combos()
        self.compare()

    def _on_changes(self, changes: object) -> None:
        """A new revision or status of this application: read again; an edited section
        matters only while the current text is compared."""
        if not isinstance(changes, Changes):
            return
        if changes.kind == applications.SECTION_ENTITY:
            if CURRENT in (self.from_combo.currentData(), self.to_combo.currentData()):
                self.compare()
        elif changes.kind in _RELOAD_KINDS and (self.app_id in changes.ids or not changes.ids
                                                or changes.kind != applications.ENTITY):
            self.reload()

    def _revision_label(self, rev: ApplicationRevisionRead) -> str:
        tr = self.ctx.tr
        return tr.gettext("Revision {number} · {status} · {date}").format(
            number=rev.number, status=applications.status_label(rev.status, tr),
            date=format_date(rev.created_at.astimezone(), tr))

    def _fill_combos(self, *, defaults: bool = False) -> None:
        tr = self.ctx.tr
        old_from, old_to = self.from_combo.currentData(), self.to_combo.currentData()
        self._filling = True
        try:
            self.from_combo.clear()
            self.to_combo.clear()
            for rev in self.revisions:
                self.from_combo.addItem(self._revision_label(rev), rev.number)
                self.to_combo.addItem(self._revision_label(rev), rev.number)
            if self.app is not None:
                self.to_combo.addItem(tr.gettext("Current text (revision {number}, {status})")
                                      .format(number=self.app.revision,
                                              status=applications.status_label(
                                                  self.app.status, tr)), CURRENT)
            if defaults:
                old_from, old_to = self.default_pair()
            self.from_combo.setCurrentIndex(max(0, self.from_combo.findData(old_from)))
            self.to_combo.setCurrentIndex(max(0, self.to_combo.findData(old_to)))
        finally:
            self._filling = False
        has = bool(self.revisions)
        self.from_combo.setEnabled(has)
        self.to_combo.setEnabled(has)

    def default_pair(self) -> tuple[int | None, int | None]:
        """The last frozen revision against a newer draft; else the last two revisions;
        else the only revision against the current text."""
        numbers = [r.number for r in self.revisions]
        if not numbers or self.app is None:
            return None, None
        if self.app.revision > numbers[-1] or len(numbers) == 1:
            return numbers[-1], CURRENT
        return numbers[-2], numbers[-1]

    def choose(self, rev_a: int, rev_b: int | None) -> None:
        """Compare revision ``rev_a`` with ``rev_b`` (None: the current text)."""
        self._filling = True
        self.from_combo.setCurrentIndex(self.from_combo.findData(rev_a))
        self.to_combo.setCurrentIndex(self.to_combo.findData(CURRENT if rev_b is None else rev_b))
        self._filling = False
        self.compare()

    def _on_choice(self, _index: int) -> None:
        if not self._filling:
            self.compare()

    def compare(self) -> None:
        self._seq += 1
        seq, db, app_id = self._seq, self.ctx.db, self.app_id
        rev_a, rev_b = self.from_combo.currentData(), self.to_combo.currentData()
        if rev_a is None or rev_b is None:
            self.diffs = []
            self._render()
            return

        def fetch() -> tuple[int, list[SectionDiff]]:
            return seq, applications.diff(db, app_id, rev_a, None if rev_b == CURRENT else rev_b)

        def shown(result: tuple[int, list[SectionDiff]]) -> None:
            if result[0] == self._seq:
                self.diffs = result[1]
                self._render()

        self.ctx.runner.run(fetch, on_success=shown, parent=self)

    # ------------------------------------------------------------------ showing
    def _render(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        if self.app is not None and not self.revisions:
            self.summary.setText(_("This application has no frozen revision yet. A revision is "
                                   "kept each time the application is submitted."))
            self.view.clear()
            return
        if self.from_combo.currentData() == self.to_combo.currentData() and self.revisions:
            self.summary.setText(_("Both sides show the same version; choose two different "
                                   "ones."))
        else:
            changed = sum(d.changed for d in self.diffs)
            total = len(self.diffs)
            self.summary.setText(tr.ngettext("{changed} of {count} section changed.",
                                             "{changed} of {count} sections changed.",
                                             total).format(changed=changed, count=total))
        bar = self.view.verticalScrollBar()
        pos = bar.value()
        self.view.setHtml(diff_html(self.diffs, tr, full=self.full.isChecked())
                          if self.diffs else "")
        bar.setValue(pos)

    def html(self) -> str:
        """What the view shows, as HTML (for tests)."""
        return self.view.toHtml()

    def plain_text(self) -> str:
        return self.view.toPlainText()


__all__ = ["CURRENT", "SEPARATOR", "WANTED", "RevisionDiffDialog", "diff_html", "ops_html"]
