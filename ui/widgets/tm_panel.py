"""Translation memory matches for the section being edited.

The editor calls :meth:`TmPanel.lookup` when a section gets the focus and when its Chinese
text settles. The lookup runs on the database lane (``services.tm.matches``): once for the
whole section and, when the section has several sentences, once for the sentence at the
Chinese cursor (the memory also stores sentence pairs). Matches of 60 % or more are shown
best first with what differs from the text being translated; "Insert" (Ctrl+1 … Ctrl+5)
asks the editor to put the English in (``insert_requested(key, en)``).
"""

from __future__ import annotations

import html

import shiboken6
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from coop_desktop.services.storage import Database
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.services import tm
from coop_desktop.services.tm import TmMatch
from ui.context import AppContext
from ui.widgets.visible_text import shown

THRESHOLD = 60
LIMIT = 5
SENTENCE_ENDS = "。！？；!?;\n"
MUTED = "color: #5f6368;"
DEL_STYLE = "background-color:#fde7e9; color:#b3261e; text-decoration:line-through;"
INS_STYLE = "background-color:#d5f2dc; color:#0d652d;"
KIND_LABELS = {"section": N_("Whole section"), "sentence": N_("Sentence at the cursor")}


@dataclass(frozen=True)
class Found:
    match: TmMatch
    kind: str  # "section" or "sentence"
    query: str  # the text the diff starts from


def sentence_at(text: str, index: int) -> str:
    """The sentence of ``text`` around ``index`` (a cursor just after 。 is in that one)."""
    index = max(0, min(index, len(text)))
    pos = index - 1 if index > 0 and text[index - 1] in SENTENCE_ENDS else index
    start = max(text.rfind(c, 0, pos) for c in SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(c, pos) for c in SENTENCE_ENDS) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def lookup(db: Database, text: str, cursor: int) -> list[Found]:
    """The matches for the section text and the sentence at ``cursor``, best first."""
    found = [Found(m, "section", text)
             for m in tm.matches(db, text, limit=LIMIT, threshold=THRESHOLD)]
    sentence = sentence_at(text, cursor)
    if sentence and sentence != text.strip():
        seen = {f.match.unit_id for f in found}
        found += [Found(m, "sentence", sentence)
                  for m in tm.matches(db, sentence, limit=LIMIT, threshold=THRESHOLD)
                  if m.unit_id not in seen]
    found.sort(key=lambda f: (-f.match.score, f.kind != "section"))
    return found[:LIMIT]


def diff_html(query: str, match: TmMatch) -> str:
    """The stored Chinese with what differs from ``query`` marked: struck through (red) is
    only in the text being translated, green only in the stored text."""
    out = []
    for tag, i1, i2, j1, j2 in match.diff:
        ours, theirs = html.escape(shown(query[i1:i2])), html.escape(shown(match.zh[j1:j2]))
        if tag == "equal":
            out.append(theirs)
            continue
        if ours:
            out.append(f'<span style="{DEL_STYLE}">{ours}</span>')
        if theirs:
            out.append(f'<span style="{INS_STYLE}">{theirs}</span>')
    return "".join(out).replace("\n", "<br>")


def score_colour(score: float) -> str:
    return "#0d652d" if score >= 95 else "#7a4f01" if score >= 75 else "#5f6368"


class MatchCard(QFrame):
    def __init__(self, found: Found, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tmMatch{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.found = found
        self.number = number
        self.score = QLabel(f"{found.match.score:g} %")
        self.score.setStyleSheet(f"font-weight: 600; color: {score_colour(found.match.score)};")
        self.kind = QLabel()
        self.kind.setStyleSheet(MUTED)
        self.insert_button = QPushButton()
        self.insert_button.setObjectName("tmInsert")
        self.zh = QLabel(diff_html(found.query, found.match))
        self.zh.setTextFormat(Qt.TextFormat.RichText)
        self.en = QLabel(shown(found.match.en))
        self.en.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.zh, self.en):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.score)
        top.addWidget(self.kind, 1)
        top.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.zh)
        layout.addWidget(self.en)

    def retranslate_ui(self, tr: Translator) -> None:
        _ = tr.gettext
        self.kind.setText(_(KIND_LABELS[self.found.kind]))
        self.insert_button.setText(_("Insert"))
        self.insert_button.setToolTip(_("Put this English into the English field (Ctrl+{n})")
                                      .format(n=self.number))


class TmPanel(QWidget):
    insert_requested = Signal(str, str)  # section key, English
    updated = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tmPanel")
        self.ctx = ctx
        self.key: str | None = None
        self.title_text = ""
        self.found: list[Found] = []
        self.cards: list[MatchCard] = []
        self._seq = 0
        self._state = "idle"  # idle, looking, done, empty
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(MUTED)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet(MUTED)
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.legend)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    @property
    def busy(self) -> bool:
        return self._state == "looking"

    def clear(self) -> None:
        self._seq += 1
        self.key, self.found, self._state = None, [], "idle"
        self._show()

    def lookup(self, key: str, title: str, text: str, cursor: int) -> None:
        """Look up ``text`` (the Chinese of section ``key``) on the database lane."""
        self._seq += 1
        seq, db = self._seq, self.ctx.db
        self.key, self.title_text = key, title
        if not text.strip():
            self.found, self._state = [], "empty"
            self._show()
            return
        self._state = "looking"
        self._update_status()

        def shown(result: list[Found]) -> None:
            if not shiboken6.isValid(self) or seq != self._seq:
                return  # closed, or a newer lookup started meanwhile
            self.found, self._state = result, "done"
            self._show()

        def failed(_exc: BaseException) -> None:
            if shiboken6.isValid(self) and seq == self._seq:
                self.found, self._state = [], "done"
                self._show()

        self.ctx.runner.run(lambda: lookup(db, text, cursor), on_success=shown,
                            on_failure=failed)

    def insert(self, number: int) -> bool:
        """Ask for match ``number`` (1-based) to be inserted; False if there is none."""
        if self.key is None or not 1 <= number <= len(self.found):
            return False
        self.insert_requested.emit(self.key, self.found[number - 1].match.en)
        return True

    def _insert_clicked(self, number: int) -> None:
        self.insert(number)

    def _show(self) -> None:
        for card in self.cards:
            self.list_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for n, found in enumerate(self.found, start=1):
            card = MatchCard(found, n)
            card.insert_button.clicked.connect(lambda _c=False, n=n: self._insert_clicked(n))
            card.retranslate_ui(self.ctx.tr)
            self.list_layout.insertWidget(n - 1, card)
            self.cards.append(card)
        self._update_status()
        self.updated.emit()

    def _update_status(self) -> None:
        _ = self.ctx.tr.gettext
        self.heading.setText(self.title_text if self.key else _("Translation memory"))
        if self.key is None:
            text = _("Click in a section to see matches from the translation memory.")
        elif self._state == "looking":
            text = _("Looking up…")
        elif self._state == "empty":
            text = _("The Chinese text of this section is empty.")
        elif not self.found:
            text = _("No match of at least {threshold}%.").format(threshold=THRESHOLD)
        else:
            text = self.ctx.tr.ngettext("{count} match", "{count} matches",
                                        len(self.found)).format(count=len(self.found))
        self.status.setText(text)
        self.legend.setVisible(bool(self.found))

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.legend.setText(_('<span style="{deleted}">Struck through</span>: only in your '
                              'text. <span style="{inserted}">Green</span>: only in the '
                              'stored text.').format(deleted=DEL_STYLE, inserted=INS_STYLE))
        for card in self.cards:
            card.retranslate_ui(self.ctx.tr)
        self._update_status()
