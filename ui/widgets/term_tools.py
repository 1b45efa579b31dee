"""The termbase in the editor: one cached term list per application, and the term picker.

:class:`TermCache` loads ``termbase.terms`` on the database lane (with 150,000 enterprises
that is about a second, and the lookup index is built there too, never on the GUI thread)
and reloads it when glossary terms, enterprises or zones have changed and an editor asks
for it again (``ensure``: opening an application, coming back to the page), so editing
enterprises elsewhere does not keep the database lane busy re-reading 150,000 names. Once
loaded, ``find(text)`` is ``termbase.find_in`` over the prebuilt index: fast enough for the
highlighter to call per paragraph on the GUI thread.

:class:`TermPicker` is the small popup of Ctrl+T: the terms found in a section's Chinese,
nearest to the Chinese cursor first; choosing one emits its English rendering.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import shiboken6

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.documents.qa import entry_alternatives
from coop_desktop.i18n.catalog import Translator
from coop_desktop.services import termbase
from coop_desktop.services.outcome import Changes
from coop_desktop.services.reference import glossary_note
from coop_desktop.services.termbase import ORIGIN_LABELS, TermHit
from ui.context import AppContext

#: Kinds of change after which the term list is stale (reloaded on the next ``ensure``).
TERM_SOURCES = frozenset({"glossary_term", "enterprise", "zone"})


class TermCache(QObject):
    """The term list of one application context (find it with :func:`term_cache`)."""

    loaded = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx.hub)
        self.setObjectName("termCache")
        self.ctx = ctx
        self.terms: termbase.TermList | None = None
        self.load_ms: float | None = None
        self.stale = False
        self._loading = False
        self._again = False
        ctx.hub.changed.connect(self._on_changes)

    @property
    def ready(self) -> bool:
        return self.terms is not None

    def ensure(self) -> None:
        """Load the terms if there are none yet or they are stale (on the database lane)."""
        if (self.terms is None or self.stale) and not self._loading:
            self.load()

    def load(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.stale = False
        db = self.ctx.db

        def fetch() -> tuple[termbase.TermList, float]:
            started = time.perf_counter()
            terms = termbase.terms(db)
            _ = terms.index  # build the lookup index here, off the GUI thread
            return terms, (time.perf_counter() - started) * 1000

        def done(result: tuple[termbase.TermList, float]) -> None:
            if not shiboken6.isValid(self):
                return
            self._loading = False
            self.terms, self.load_ms = result
            self.loaded.emit()
            if self._again:
                self._again = False
                self.load()

        def failed(_exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self._loading = False  # no highlighting then; the editor works without it

        self.ctx.runner.run(fetch, on_success=done, on_failure=failed)

    def find(self, text: str) -> list[TermHit]:
        if self.terms is None or not text:
            return []
        return termbase.find_in(text, self.terms)

    def _on_changes(self, changes: object) -> None:
        if (isinstance(changes, Changes) and self.terms is not None
                and (changes.kind in TERM_SOURCES or TERM_SOURCES & set(changes.related))):
            self.stale = True


def term_cache(ctx: AppContext) -> TermCache:
    """The context's shared cache (created on first use, owned by the change hub)."""
    found = ctx.hub.findChild(TermCache, "termCache")
    return found if isinstance(found, TermCache) else TermCache(ctx)


@dataclass(frozen=True)
class TermChoice:
    zh: str
    en: str
    origin: str
    distance: int


def choices_near(hits: list[TermHit], cursor: int) -> list[TermChoice]:
    """One entry per distinct (zh, en), alternatives included (other entries for the same
    Chinese, and each of an entry's ``A / B`` renderings), nearest occurrence to ``cursor``
    first (then in text order)."""
    best: dict[tuple[str, str], TermChoice] = {}
    for hit in hits:
        distance = 0 if hit.start <= cursor <= hit.end else min(
            abs(cursor - hit.start), abs(cursor - hit.end))
        for term in (hit.term, *hit.alternatives):
            for en in entry_alternatives(term.zh, term.en):  # "A / B": two choices
                key = (term.zh, en)
                if key not in best or distance < best[key].distance:
                    best[key] = TermChoice(term.zh, en, str(term.origin), distance)
    order = {key: i for i, key in enumerate(best)}
    return sorted(best.values(), key=lambda c: (c.distance, order[(c.zh, c.en)]))


def term_tooltip(hit: TermHit, tr: Translator) -> str:
    """Plain text: the English rendering, its origin and note, and other renderings."""
    _ = tr.gettext
    term = hit.term
    lines = [f"{term.zh} → {term.en}", _(ORIGIN_LABELS[term.origin])]
    if term.note:  # a shipped note in the UI language (glossary.json's note_zh)
        lines.append(glossary_note(term.note, tr.language))
    for alt in hit.alternatives:
        lines.append(_("Also: {en} ({origin})").format(en=alt.en,
                                                        origin=_(ORIGIN_LABELS[alt.origin])))
    return "\n".join(lines)


class TermPicker(QFrame):
    """A popup list of term choices; Enter or a double click picks one (``chosen(en)``)."""

    chosen = Signal(str)

    def __init__(self, ctx: AppContext, choices: list[TermChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("termPicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.ctx = ctx
        self.choices = choices
        self._chosen = False
        _ = ctx.tr.gettext
        self.title = QLabel(_("Insert the English term (Enter):"))
        self.list = QListWidget()
        self.list.setObjectName("termChoices")
        for c in choices:
            item = QListWidgetItem(f"{c.zh}  →  {c.en}")
            item.setToolTip(_(ORIGIN_LABELS.get(c.origin, c.origin)))
            item.setData(Qt.ItemDataRole.UserRole, c.en)
            self.list.addItem(item)
        if choices:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.choose())
        self.list.itemDoubleClicked.connect(lambda _i: self.choose())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        rows = min(len(choices), 10)
        self.list.setMinimumWidth(min(max(self.list.sizeHintForColumn(0) + 24, 260), 560))
        self.list.setFixedHeight(max(rows, 1) * max(self.list.sizeHintForRow(0), 18) + 6)

    def popup_at(self, pos: QPoint) -> None:
        self.adjustSize()
        self.move(pos)
        self.show()
        self.list.setFocus()

    def choose(self) -> None:
        item = self.list.currentItem()
        if item is not None and not self._chosen:
            self._chosen = True  # Enter both activates the item and reaches this popup
            en = str(item.data(Qt.ItemDataRole.UserRole))
            self.close()
            self.chosen.emit(en)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose()
            return
        super().keyPressEvent(event)

