"""The enterprise form: one enterprise's fields, its attached records and its history.

Contract (the enterprise list page embeds it in a splitter):

- ``EnterpriseForm(ctx, parent=None)``; ``current_id`` is the enterprise shown (None: new).
- ``load(enterprise_id | None)`` reads on the DB lane; a newer ``load`` wins over an older one.
- ``save()`` validates everything first (nothing is written if anything is refused: each
  reason is shown next to its field and in a summary), then creates or updates through
  ``ctx.mutate`` — Changes go out on ``ctx.hub`` and an undo entry re-applies the old values.
  ``saved(id)`` is emitted after a successful create or update.
- ``is_dirty()`` compares the parsed values with those loaded, so typing and then undoing
  back to the original is not a change; ``dirty_changed(bool)`` tells when that flips.
- ``maybe_discard()`` asks Save / Discard / Cancel when dirty; True means "OK to move on".
  Choosing Save waits (in a local event loop, like a modal dialog) for the save to finish.

Titles, contacts, interactions and zone links are saved one by one from their own dialogs,
so they never make the form dirty; they can be added once the enterprise exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from coop_desktop.services.storage import Database
from coop_desktop.errors import EditConflict, NotFoundError, ValidationError
from coop_desktop.i18n import formatting as fmt
from coop_desktop.models import AuditEntryRead, EnterpriseRead
from coop_desktop.services import enterprises
from coop_desktop.services.outcome import Changes
from ui.context import AppContext, UndoEntry
from ui.tasks import show_error
from ui.widgets.conflict_dialog import MINE, THEIRS, ask_record_conflict
from ui.widgets.enterprise_sections import FORM_FIELDS, EnterpriseDetails
from ui.widgets.enterprise_validation import EnterpriseValidator, ErrorSummary
from ui.widgets.history_panel import HistoryPanel
from ui.widgets.programme_fields import ProgrammeLoader
from ui.widgets.assessment_panel import AssessmentPanel
from ui.widgets.tab_strip import TabStrip
from ui.widgets.title_life import TitlesPanel
from ui.widgets.related_tables import (
    CONTACTS_PANEL, INTERACTIONS_PANEL, LINKS_PANEL, YEARS_PANEL, RecordPanel, RelatedData,
    fetch_related,
)

#: The tabs, by key (``show_tab``; the screenshots pick them by key, not by place).
TAB_KEYS = ("details", "titles", "years", "assessment", "contacts", "interactions", "zones",
            "history")


def tab_names(tr: Any) -> dict[str, tuple[str, str]]:
    """Each tab's short name and its tooltip (the whole name), in the UI language: the
    eight tabs fit the narrow pane of a 1024 px screen."""
    _ = tr.gettext
    return {
        "details": (tr.pgettext("enterprise tab", "Details"), ""),
        "titles": (tr.pgettext("enterprise tab", "Titles"), _("SRDI titles")),
        "years": (tr.pgettext("enterprise tab", "Yearly figures"), ""),
        "assessment": (tr.pgettext("enterprise tab", "Assessment"), _("SRDI assessment")),
        "contacts": (tr.pgettext("enterprise tab", "Contacts"), ""),
        "interactions": (tr.pgettext("enterprise tab", "Interactions"), ""),
        "zones": (tr.pgettext("enterprise tab", "Zones"), _("Cooperation zones")),
        "history": (tr.pgettext("enterprise tab", "History"), _("History of changes")),
    }


RELATED_KINDS = frozenset({"srdi_title", "srdi_title_event", "enterprise_year", "contact",
                           "interaction", "zone_link", "event_participation", "event", "zone"})
_INVALID = "\x00invalid"  # state of a field whose text does not parse: (_INVALID, text)


@dataclass(frozen=True)
class _Loaded:
    record: EnterpriseRead
    history: list[AuditEntryRead]
    related: RelatedData


def _fetch(db: Database, enterprise_id: int) -> _Loaded:
    """Runs on the DB lane."""
    return _Loaded(enterprises.get(db, enterprise_id), enterprises.history(db, enterprise_id),
                   fetch_related(db, enterprise_id))


def _fetch_related(db: Database, enterprise_id: int) -> tuple[list[AuditEntryRead], RelatedData]:
    return enterprises.history(db, enterprise_id), fetch_related(db, enterprise_id)


class EnterpriseForm(QWidget):
    saved = Signal(int)
    dirty_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("enterpriseForm")
        self.current_id: int | None = None
        self.record: EnterpriseRead | None = None
        self._baseline: dict[str, Any] = {}
        self._dirty = False
        self._busy: str | None = None  # "loading" / "saving"
        self._overwrite = False  # the next save replaces fields changed elsewhere ("Save mine")
        self.conflict_box: Any = None
        self._generation = 0
        self._related_generation = 0
        self._edits = 0  # counts user edits (a save in flight checks it)
        self._build()
        # the clusters and pilot cities the SME programmes fields offer (DB lane, kept)
        self.programmes = ProgrammeLoader(ctx, self)
        self.programmes.loaded.connect(self.details.set_programme_options)
        self.programmes.loaded.connect(self.history.set_programme_options)
        self.validator = EnterpriseValidator(ctx, self.details, self.summary,
                                             lambda: (self.current_id, self.record), self)
        for name, editor in self.details.fields.items():
            editor.edited.connect(partial(self._on_edited, name))
        ctx.lang.changed.connect(self.retranslate_ui)
        ctx.hub.changed.connect(self._on_changes)
        self.retranslate_ui()
        self.load(None)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        tr = lambda: self.ctx.tr  # noqa: E731
        self.title = QLabel(self)
        self.title.setObjectName("formTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("formSubtitle")
        self.subtitle.setWordWrap(True)  # never what sets the form's minimum width
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = ErrorSummary(self)
        self.summary.field_clicked.connect(self.focus_field)
        self.details = EnterpriseDetails(lambda: self.ctx.tr, self)
        self.titles = TitlesPanel(self.ctx, self)
        self.years = RecordPanel(self.ctx, YEARS_PANEL, self)
        self.assessment = AssessmentPanel(self.ctx, self)
        self.contacts = RecordPanel(self.ctx, CONTACTS_PANEL, self)
        self.interactions = RecordPanel(self.ctx, INTERACTIONS_PANEL, self)
        self.links = RecordPanel(self.ctx, LINKS_PANEL, self)
        self.history = HistoryPanel(tr, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("enterpriseTabs")
        self.tabs.setDocumentMode(True)
        pages = (self.details, self.titles, self.years, self.assessment, self.contacts,
                 self.interactions, self.links, self.history)
        for key, page in zip(TAB_KEYS, pages, strict=True):
            page.setProperty("tabKey", key)
            self.tabs.addTab(page, "")
        # every tab in view at any width (they wrap onto a second line), none behind arrows
        self.tab_strip = TabStrip(self.tabs, self)
        self.status = QLabel(self)
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)  # zoomed in: two lines, not a form too wide for 1024 px
        self.revert_button = QPushButton(self)
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 0, 8, 8)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        head = QVBoxLayout()
        head.setContentsMargins(12, 10, 12, 4)
        head.setSpacing(2)
        head.addWidget(self.title)
        head.addWidget(self.subtitle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(head)
        summary_row = QHBoxLayout()
        summary_row.setContentsMargins(8, 0, 8, 0)
        summary_row.addWidget(self.summary)
        layout.addLayout(summary_row)
        strip_row = QHBoxLayout()
        strip_row.setContentsMargins(8, 0, 8, 0)
        strip_row.addWidget(self.tab_strip)
        layout.addLayout(strip_row)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bar)

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        names = tab_names(self.ctx.tr)  # short ones (the tooltip says it whole)
        for index, key in enumerate(TAB_KEYS):
            self.tabs.setTabText(index, names[key][0])
            self.tabs.setTabToolTip(index, names[key][1])
        self.tab_strip.sync()
        self.save_button.setText(_("Save"))
        self.revert_button.setText(_("Discard changes"))
        self.revert_button.setToolTip(_("Go back to the values last saved"))
        self.details.retranslate()
        for panel in (self.titles, self.years, self.contacts, self.interactions, self.links):
            panel.retranslate()
        self.assessment.retranslate()
        self.history.retranslate()
        self._update_header()
        self.validator.show()
        self._update_status()

    def event(self, event: QEvent) -> bool:
        """A bare Delete inside the form never reaches the window's "delete enterprise" action
        (text fields and the record tables use it themselves; elsewhere it does nothing)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and \
                event.key() == Qt.Key.Key_Delete and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            return True
        return super().event(event)

    # ------------------------------------------------------------------ public API
    def show_tab(self, key: str) -> QWidget:
        """Bring the tab ``key`` (one of :data:`TAB_KEYS`) to the front; returns its page."""
        page = self.tabs.widget(TAB_KEYS.index(key))
        self.tabs.setCurrentWidget(page)
        return page

    def is_dirty(self) -> bool:
        return self._dirty

    def load(self, enterprise_id: int | None) -> None:
        """Show an enterprise (read on the DB lane), or a blank form for a new one."""
        self._generation += 1
        generation = self._generation
        self.validator.timer.stop()
        self.current_id = enterprise_id
        if enterprise_id is None:
            self._set_busy(None)
            self._apply_record(None)
            self._set_related(None, [], RelatedData())
            self.tabs.setCurrentWidget(self.details)
            return
        self._set_busy("loading")
        self.ctx.runner.run(partial(_fetch, self.ctx.db, enterprise_id),
                            on_success=partial(self._loaded, generation),
                            on_failure=partial(self._load_failed, generation), parent=self)

    def save(self) -> None:
        """Validate, then create or update (see the module docstring)."""
        self._start_save(None)

    def maybe_discard(self) -> bool:
        if self._busy == "saving":
            return False
        if not self.is_dirty():
            return True
        answer = self._ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self._save_and_wait()
        if answer == QMessageBox.StandardButton.Discard:
            self.revert()
            return True
        return False

    def revert(self) -> None:
        """Back to the values last loaded or saved."""
        self._apply_record(self.record)

    # ------------------------------------------------------------------ loading
    def _loaded(self, generation: int, loaded: _Loaded) -> None:
        if generation != self._generation:
            return
        self._set_busy(None)
        self._apply_record(loaded.record)
        self._set_related(loaded.record.id, loaded.history, loaded.related)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_busy(None)
        show_error(self, self.ctx.tr, exc)
        self.load(None)

    def _apply_record(self, record: EnterpriseRead | None) -> None:
        """Put a record's values (or blanks) into the editors; they become the baseline."""
        self.record = record
        fields = self.details.fields
        for name in FORM_FIELDS:
            if name != "city_code":
                fields[name].set_value(getattr(record, name) if record else None)
        self.details.fill_cities()
        fields["city_code"].set_value(record.city_code if record else None)
        self.details.refresh_computed()
        self._baseline = self._states()
        self.validator.reset()
        self._set_dirty(False)
        self._update_header()

    def _set_related(self, enterprise_id: int | None, history: list[AuditEntryRead],
                     related: RelatedData) -> None:
        for panel in (self.titles, self.years, self.contacts, self.interactions, self.links):
            panel.set_data(enterprise_id, related)
        self.assessment.set_enterprise(enterprise_id)
        self.history.set_entries(history)

    def reload_related(self) -> None:
        """Re-read the attached records and the history (after they changed)."""
        if self.current_id is None:
            return
        self._related_generation += 1
        generation, enterprise_id = self._related_generation, self.current_id

        def done(result: tuple[list[AuditEntryRead], RelatedData]) -> None:
            if generation == self._related_generation and enterprise_id == self.current_id:
                self._set_related(enterprise_id, *result)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, NotFoundError):
                show_error(self, self.ctx.tr, exc)

        self.ctx.runner.run(partial(_fetch_related, self.ctx.db, enterprise_id),
                            on_success=done, on_failure=failed, parent=self)

    def _on_changes(self, changes: object) -> None:
        if self.current_id is None or not isinstance(changes, Changes):
            return
        if changes.kind == enterprises.ENTITY:
            if self.current_id not in changes.ids or self._busy == "saving":
                return
            if self._dirty:
                self.reload_related()  # keep the user's edits; the history shows the change
            elif changes.action == "delete":
                self.load(None)
            else:
                self.load(self.current_id)
        elif changes.kind in RELATED_KINDS or RELATED_KINDS & set(changes.related):
            self.reload_related()

    # ------------------------------------------------------------------ editing and checks
    def _states(self) -> dict[str, Any]:
        states: dict[str, Any] = {}
        for name, editor in self.details.fields.items():
            try:
                states[name] = editor.value()
            except ValidationError:
                states[name] = (_INVALID, editor.raw())
        return states

    def _on_edited(self, name: str) -> None:
        self._edits += 1
        self.validator.edited(name)
        self._set_dirty(self._states() != self._baseline)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self._update_status()

    def focus_field(self, name: str) -> None:
        editor = self.details.fields.get(name)
        if editor is None:
            return
        self.tabs.setCurrentWidget(self.details)
        self.details.ensureWidgetVisible(editor, 50, 50)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ saving
    def _start_save(self, done: Callable[[bool], None] | None) -> str:
        if self._busy is not None:
            return "busy"
        values, errors = self.validator.check_for_save()
        if errors:
            self.focus_field(errors[0].field)
            return "invalid"
        _ = self.ctx.tr.gettext
        db = self.ctx.db
        if self.current_id is None:
            created: dict[str, int] = {}
            fn: Callable[[], Any] = partial(enterprises.create, db, values)
            undo = UndoEntry(_("Create “{name}”").format(name=values["name_zh"]),
                             lambda: enterprises.delete(db, [created["id"]]))
        else:
            created = {}
            record = self.record
            assert record is not None
            changed = {k: x for k, x in values.items() if x != self._baseline.get(k)}
            if not changed:
                if done is not None:
                    done(True)
                return "unchanged"
            old = {k: getattr(record, k) for k in changed}
            # ``base``: a field someone else changed meanwhile is a conflict, not overwritten
            # (unless the user chose "Save mine" for that conflict)
            base, self._overwrite = (None if self._overwrite else old), False
            fn = partial(enterprises.update, db, record.id, changed, base=base)
            undo = UndoEntry(_("Edit “{name}”").format(name=record.name_zh),
                             partial(enterprises.update, db, record.id, old))
        self._set_busy("saving")
        context = (self._generation, self._edits, self._states(), created, done)
        self.ctx.mutate(fn, parent=self, undo=undo,
                        on_success=partial(self._saved, context),
                        on_failure=partial(self._save_failed, done))
        return "started"

    def _saved(self, context: tuple[Any, ...], outcome: Any) -> None:
        generation, edits, sent, created, done = context
        record: EnterpriseRead = outcome.value
        created["id"] = record.id
        self._set_busy(None)
        if generation == self._generation:
            self.current_id = record.id
            if edits == self._edits:
                self._apply_record(record)
            else:  # the user typed on while it was saving: keep that, compare with what was sent
                self.record, self._baseline = record, sent
                self._set_dirty(self._states() != sent)
                self._update_header()
            self.reload_related()
        self.saved.emit(record.id)
        if done is not None:
            done(True)

    def _save_failed(self, done: Callable[[bool], None] | None, exc: BaseException) -> None:
        self._set_busy(None)
        if isinstance(exc, EditConflict):
            self._ask_conflict(exc, done)
            return
        if isinstance(exc, ValidationError):
            self.validator.refused(exc.errors)
            if self.validator.errors:
                self.focus_field(self.validator.errors[0].field)
        else:
            show_error(self, self.ctx.tr, exc)
        if done is not None:
            done(False)

    def _ask_conflict(self, exc: EditConflict, done: Callable[[bool], None] | None) -> None:
        """Another window or program changed a field the user also changed: ask."""

        def chosen(choice: str) -> None:
            if choice == MINE:
                self._overwrite = True
                if self._start_save(done) != "started" and done is not None:
                    done(False)
                return
            if choice == THEIRS and self.current_id is not None:
                self.load(self.current_id)
            if done is not None:
                done(False)

        self.conflict_box = ask_record_conflict(self, self.ctx.tr, exc, self._field_label, chosen)

    def _field_label(self, name: str) -> str:
        from ui.widgets.enterprise_validation import FIELD_LABELS

        if name in FIELD_LABELS:
            return self.ctx.tr.gettext(FIELD_LABELS[name])
        label = self.details.row_labels.get(name)
        text = label.text() if label is not None else name
        return text.replace("&", "").rstrip(":：").strip() or name

    def _save_and_wait(self) -> bool:
        loop = QEventLoop(self)
        result: list[bool] = []

        def finished(ok: bool) -> None:
            result.append(ok)
            loop.quit()

        status = self._start_save(finished)
        if status != "started":
            return status == "unchanged"
        if not result:
            loop.exec()
        return bool(result and result[0])

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        _ = self.ctx.tr.gettext
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"), "",
                          buttons.Save | buttons.Discard | buttons.Cancel, self)
        box.setObjectName("unsavedQuestion")
        name = self.details.fields["name_zh"].value() or (self.record.name_zh if self.record
                                                          else None)
        box.setText(_("Save the changes to “{name}”?").format(name=name) if name
                    else _("Save the new enterprise?"))
        box.setInformativeText(_("If you don't save, the changes will be lost."))
        box.button(buttons.Save).setText(_("Save"))
        box.button(buttons.Discard).setText(_("Discard"))
        box.button(buttons.Cancel).setText(_("Cancel"))
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)
        return buttons(box.exec())

    # ------------------------------------------------------------------ header and status
    def _set_busy(self, busy: str | None) -> None:
        self._busy = busy
        self.details.setEnabled(busy != "loading")
        self._update_status()

    def _update_header(self) -> None:
        _ = self.ctx.tr.gettext
        record = self.record
        if record is None:
            self.title.setText(_("New enterprise"))
            self.subtitle.setText(_("Fill in at least the Chinese name and the unified social "
                                    "credit code, then save."))
            return
        self.title.setText(record.name_zh)
        self._fit_subtitle()

    def _fit_subtitle(self) -> None:
        """The English name and the code on one line with a dot between them when they fit;
        otherwise the code on a line of its own, no dot (never "…Co., Ltd. ·" ending a
        line, nor "Ltd." parted from its name just to keep the code beside it)."""
        record = self.record
        if record is None:
            return
        parts = [p for p in (record.name_en, record.uscc) if p]
        one_line = "\u00a0·\u00a0".join(parts)  # (no-break: the dot never ends a line)
        # (the header's margins and a little more: the label is laid out after this, and a
        # text exactly as wide as it still wraps)
        room = self.width() - 24 - 8
        if len(parts) > 1 and self.subtitle.fontMetrics().horizontalAdvance(one_line) > room:
            self.subtitle.setText("\n".join(parts))
        else:
            self.subtitle.setText(one_line)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_subtitle()

    def _update_status(self) -> None:
        _ = self.ctx.tr.gettext
        busy = self._busy
        if busy == "loading":
            text = _("Loading…")
        elif busy == "saving":
            text = _("Saving…")
        elif self._dirty:
            text = _("Unsaved changes")
        elif self.record is not None:
            text = _("Last changed {when}").format(
                when=fmt.format_datetime(self.record.updated_at, self.ctx.tr))
        else:
            text = ""
        self.status.setText(text)
        self.save_button.setEnabled(busy is None and (self._dirty or self.record is None))
        self.revert_button.setEnabled(busy is None and self._dirty)
