"""Add / edit dialogs for the records attached to an enterprise.

One :class:`RecordDialog` serves every kind; a :class:`DialogSpec` says which fields it has,
how its choices are filled and which checks run as the user types. Saving goes through
``ctx.mutate`` (DB lane, Changes on the hub, an undo entry); when the service refuses, the
dialog stays open with every reason next to its field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QFrame, QGridLayout, QGroupBox, QLabel, QScrollArea,
    QVBoxLayout, QWidget,
)

from coop_desktop import validation as v
from coop_desktop.errors import FieldError, ValidationError
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import (
    LABELS, TIER_LEVEL, InteractionKind, LinkStatus, TitleLevel, TitleStatus, TitleTier,
)
from coop_desktop.services import catalog, srdi_titles
from coop_desktop.services.kinds import RecordKind
from ui.context import AppContext, UndoEntry
from ui.tasks import show_error
from ui.widgets.date_field import DateField
from ui.widgets.form_fields import ComboField, LineField, LanguageListField, TextField, limit_line_edits
from ui.widgets import screen_fit
from ui.widgets.form_layout import ErrorLabel, label_text, mark_invalid

TrGetter = Callable[[], Translator]
CHECK_DELAY_MS = 400
#: The width a grouped dialog asks for (less on a smaller screen): two fields a row, each
#: label on one line at this width in either language.
GROUPED_WIDTH = 900


class _FieldGrid:
    """The fields of one group on a grid: two a row, each label above its field (the
    label row aligns the fields even when a label takes two lines); a ``wide`` editor
    (notes, a set of check boxes) takes a whole row."""

    COLUMNS = 2

    def __init__(self, box: QWidget) -> None:
        self.grid = QGridLayout(box)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(2)
        for c in range(self.COLUMNS):
            self.grid.setColumnStretch(c, 1)
        self.row = self.column = 0

    def add(self, label: QLabel, cell: QWidget, *, wide: bool) -> None:
        if wide and self.column:
            self.row, self.column = self.row + 2, 0
        span = self.COLUMNS if wide else 1
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        if self.row:
            label.setContentsMargins(0, 8, 0, 0)  # room between a field and the next label
        self.grid.addWidget(label, self.row, self.column, 1, span)
        self.grid.addWidget(cell, self.row + 1, self.column, 1, span,
                            Qt.AlignmentFlag.AlignTop)
        self.column += span
        if self.column >= self.COLUMNS:
            self.row, self.column = self.row + 2, 0


class _DownScroll(QScrollArea):
    """Scrolls down, never sideways: asks for the width its content needs at least."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is not None:
            needed = (inner.minimumSizeHint().width()
                      + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth())
            hint.setWidth(max(hint.width(), needed))
        return hint


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # msgid, marked with N_
    make: Callable[[TrGetter], Any]


@dataclass(frozen=True)
class DialogSpec:
    kind: RecordKind[Any]
    add_title: str  # msgids
    edit_title: str
    fields: tuple[FieldSpec, ...]
    #: fill the choices of combo boxes in the UI language: (editors, tr, extra data)
    options: Callable[[dict[str, Any], Translator, Any], None] = lambda f, tr, extra: None
    #: as-you-type checks over all values
    checks: Callable[[dict[str, Any]], Sequence[FieldError | None]] = lambda values: ()
    defaults: Callable[[], dict[str, Any]] = dict
    fixed_on_edit: tuple[str, ...] = ()
    width: int = 460
    #: lay the fields out in titled groups, labels above the fields, two fields a row, in a
    #: scroll area (msgid, fields); the dialog then opens as large as the screen allows
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: react to a field the user changed (fill in what follows from it)
    follow: Callable[[dict[str, Any], str, Any], None] = lambda fields, name, row: None


def _enum_items(values: Sequence[Any], tr: Translator) -> list[tuple[str, str]]:
    return [(x.value, tr.gettext(LABELS[x])) for x in values]


def _title_options(f: dict[str, Any], tr: Translator, extra: Any) -> None:
    f["tier"].set_items(_enum_items(list(TitleTier), tr))
    f["level"].set_items(_enum_items(list(TitleLevel), tr))
    f["status"].set_items(_enum_items(list(TitleStatus), tr))
    # The level follows from the tier (no other pair exists), so it is shown, not chosen.
    f["level"].setEnabled(False)


def _title_follow(f: dict[str, Any], name: str, row: Any) -> None:
    """Tier → its level; grant date → the default expiry, unless one was typed."""
    if name == "tier" and f["tier"].value() in TIER_LEVEL:
        f["level"].set_value(TIER_LEVEL[f["tier"].value()])
    if name == "granted_on":
        try:
            granted = f["granted_on"].value()
            expires = f["expires_on"].value()
        except ValidationError:
            return
        previous = getattr(f["granted_on"], "_previous", getattr(row, "granted_on", None))
        if expires is None or expires == srdi_titles.default_expiry(previous):
            f["expires_on"].set_value(srdi_titles.default_expiry(granted))
        f["granted_on"]._previous = granted


def _title_checks(values: dict[str, Any]) -> list[FieldError | None]:
    return [v.check_not_future("granted_on", values.get("granted_on"), date.today()),
            v.check_date_order("expires_on", values.get("granted_on"), values.get("expires_on"))]


def _contact_checks(values: dict[str, Any]) -> list[FieldError | None]:
    return [v.check_required("name", values.get("name")),
            v.check_email("email", values.get("email")),
            v.check_phone("phone", values.get("phone"))]


def _interaction_options(f: dict[str, Any], tr: Translator, extra: Any) -> None:
    f["kind"].set_items(_enum_items(list(InteractionKind), tr))


def _link_options(f: dict[str, Any], tr: Translator, extra: Any) -> None:
    zones = extra or {}
    zh = tr.language == "zh_CN"
    f["zone_id"].set_items([(z.id, (z.name_zh if zh else z.name_en or z.name_zh))
                            for z in zones.values()])
    f["status"].set_items(_enum_items(list(LinkStatus), tr))


def _combo(nullable: bool = False) -> Callable[[str], Callable[[TrGetter], ComboField]]:
    return lambda name: lambda tr: ComboField(name, nullable=nullable)


def _line(name: str) -> Callable[[TrGetter], LineField]:
    return lambda tr: LineField(name, tr)


def _date(name: str, *, past: bool = False) -> Callable[[TrGetter], DateField]:
    return lambda tr: DateField(name, tr, not_after_today=past)


def _text(name: str, lines: int = 3) -> Callable[[TrGetter], TextField]:
    return lambda tr: TextField(name, lines=lines)


TITLE_DIALOG = DialogSpec(
    catalog.titles, N_("Add SRDI title"), N_("Edit SRDI title"),
    (FieldSpec("tier", N_("Title"), _combo()("tier")),
     FieldSpec("level", N_("Level"), _combo()("level")),
     FieldSpec("granted_on", N_("Granted on"), _date("granted_on", past=True)),
     FieldSpec("expires_on", N_("Expires on"), _date("expires_on")),
     FieldSpec("batch", N_("Batch"), _line("batch")),
     FieldSpec("status", N_("Status"), _combo()("status")),
     FieldSpec("revoked_on", N_("Revoked on"), _date("revoked_on", past=True)),
     FieldSpec("revocation_reason", N_("Reason for revocation"), _line("revocation_reason")),
     FieldSpec("notes", N_("Notes"), _text("notes"))),
    options=_title_options, checks=_title_checks, follow=_title_follow,
    defaults=lambda: {"tier": TitleTier.INNOVATIVE.value, "level": TitleLevel.PROVINCIAL.value,
                      "status": TitleStatus.ACTIVE.value},
)
CONTACT_DIALOG = DialogSpec(
    catalog.contacts, N_("Add contact"), N_("Edit contact"),
    (FieldSpec("name", N_("Full name"), _line("name")),
     FieldSpec("role", N_("Role"), _line("role")),
     FieldSpec("phone", N_("Telephone"), _line("phone")),
     FieldSpec("email", N_("E-mail"), _line("email")),
     FieldSpec("languages", N_("Languages"), lambda tr: LanguageListField("languages", tr)),
     FieldSpec("notes", N_("Notes"), _text("notes"))),
    checks=_contact_checks,
)
INTERACTION_DIALOG = DialogSpec(
    catalog.interactions, N_("Add interaction"), N_("Edit interaction"),
    (FieldSpec("occurred_on", N_("Date"), _date("occurred_on")),
     FieldSpec("kind", N_("Kind"), _combo()("kind")),
     FieldSpec("notes", N_("Notes"), _text("notes", 4)),
     FieldSpec("outcome", N_("Outcome"), _text("outcome", 2))),
    options=_interaction_options,
    checks=lambda values: [v.check_required("occurred_on", values.get("occurred_on"))],
    defaults=lambda: {"occurred_on": date.today(), "kind": InteractionKind.VISIT.value},
)
ZONE_LINK_DIALOG = DialogSpec(
    catalog.zone_links, N_("Link to a cooperation zone"), N_("Edit zone link"),
    (FieldSpec("zone_id", N_("Cooperation zone"), _combo()("zone_id")),
     FieldSpec("status", N_("Status"), _combo()("status")),
     FieldSpec("status_since", N_("Status since"), _date("status_since")),
     FieldSpec("applied_on", N_("Applied on"), _date("applied_on")),
     FieldSpec("admitted_on", N_("Admitted on"), _date("admitted_on")),
     FieldSpec("notes", N_("Notes"), _text("notes"))),
    options=_link_options,
    checks=lambda values: [v.check_date_order("admitted_on", values.get("applied_on"),
                                              values.get("admitted_on"))],
    fixed_on_edit=("zone_id",), width=520,
)


class RecordDialog(QDialog):
    """Edit one record (``row``) or add one to ``enterprise_id`` (``row`` None)."""

    def __init__(self, ctx: AppContext, spec: DialogSpec, *, enterprise_id: int,
                 row: Any = None, extra: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.spec, self.row, self.extra = ctx, spec, row, extra
        self.enterprise_id = enterprise_id
        self.setObjectName("recordDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(spec.width)
        tr = lambda: ctx.tr  # noqa: E731
        self.fields: dict[str, Any] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        grids = self._group_grids()
        for fs in spec.fields:
            editor = fs.make(tr)
            editor.setObjectName(fs.name)
            cell = QWidget(self)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            error = ErrorLabel(cell)
            column.addWidget(error)
            label = QLabel(self)
            label.setBuddy(editor)
            if fs.name in grids:
                grids[fs.name].add(label, cell, wide=bool(getattr(editor, "wide", False)))
                # a group of one field named as the group (Notes): its title says it
                label.setVisible(fs.label not in self._solo_titles)
            else:
                form.addRow(label, cell)
            self.fields[fs.name], self.errors[fs.name], self.labels[fs.name] = editor, error, label
            editor.edited.connect(partial(self._edited, fs.name))
        limit_line_edits(spec.kind.entity, self.fields)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if spec.groups:
            layout.addWidget(self.scroll, 1)
        else:
            layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._touched: set[str] = set()
        self._show_all = False
        self._server: list[FieldError] = []
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        start = {name: getattr(row, name) for name in self.fields} if row is not None \
            else spec.defaults()
        for name, editor in self.fields.items():
            editor.set_value(start.get(name))
            if row is not None and name in spec.fixed_on_edit:
                editor.setEnabled(False)

    def _group_grids(self) -> dict[str, _FieldGrid]:
        """With ``spec.groups``: a group box per group, one under the other, each with its
        fields two a row, labels above them (a label has its column's whole width, so long
        labels stay whole and wrap cleanly), all in a scroll area that scrolls down, never
        sideways; the buttons stay under it. Returns field name → its group's grid."""
        self.group_boxes: list[tuple[QGroupBox, str]] = []
        if not self.spec.groups:
            return {}
        inner = QWidget(self)
        inner.setObjectName("recordDialogGroups")
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        grids: dict[str, _FieldGrid] = {}
        self._solo_titles = {title for title, names in self.spec.groups if len(names) == 1}
        for title, names in self.spec.groups:
            box = QGroupBox(inner)
            grid = _FieldGrid(box)
            column.addWidget(box)
            self.group_boxes.append((box, title))
            grids.update(dict.fromkeys(names, grid))
        column.addStretch(1)
        self.scroll = _DownScroll(self)
        self.scroll.setObjectName("recordDialogScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(inner)
        return grids

    def wanted_size(self) -> QSize:
        """What a grouped dialog asks for: :data:`GROUPED_WIDTH` (or the spec's width) and
        every group's height (then the screen decides, :func:`screen_fit.fit_dialog`)."""
        width = max(self.spec.width, GROUPED_WIDTH)
        inner = self.scroll.widget()
        inner_width = width - self.scroll.verticalScrollBar().sizeHint().width() - 24
        layout = inner.layout()
        height = layout.totalHeightForWidth(inner_width) if layout.hasHeightForWidth() \
            else inner.sizeHint().height()
        margins = self.layout().contentsMargins()
        height += (self.buttons.sizeHint().height() + self.layout().spacing()
                   + margins.top() + margins.bottom())
        return QSize(width, height)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """A grouped form opens as large as the screen allows, scrolling only if it must."""
        super().showEvent(event)
        if self.spec.groups and not getattr(self, "_sized", False):
            self._sized = True
            screen_fit.fit_dialog(self, self.wanted_size())

    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        editing = self.row is not None
        for box, title in self.group_boxes:
            box.setTitle(_(title))
        self.setWindowTitle(_(self.spec.edit_title if editing else self.spec.add_title))
        for fs in self.spec.fields:
            self.labels[fs.name].setText(label_text(_(fs.label)))
        self.spec.options(self.fields, tr, self.extra)
        for editor in self.fields.values():
            editor.refresh()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.check()

    # ------------------------------------------------------------------ checking
    def _edited(self, name: str) -> None:
        self.spec.follow(self.fields, name, self.row)
        self._touched.add(name)
        self._server = [e for e in self._server if e.field != name]
        self._timer.start()

    def collect(self) -> tuple[dict[str, Any], list[FieldError]]:
        values: dict[str, Any] = {}
        errors: list[FieldError] = []
        for name, editor in self.fields.items():
            try:
                values[name] = editor.value()
            except ValidationError as exc:
                errors.extend(exc.errors)
        bad = {e.field for e in errors}
        errors += [e for e in self.spec.checks(values) if e is not None and e.field not in bad]
        return values, errors

    def check(self) -> list[FieldError]:
        _values, errors = self.collect()
        errors = errors + self._server
        tr = self.ctx.tr
        for name, label in self.errors.items():
            shown = self._show_all or name in self._touched
            messages = [e.render(tr) for e in errors if e.field == name] if shown else []
            label.set_messages(messages)
            mark_invalid(self.fields[name], bool(messages))
        if self.isVisible() and not self.spec.groups:
            # grow to fit the messages rather than squeeze the fields (a grouped form
            # scrolls instead: it is as tall as the screen allows already)
            self.layout().activate()
            wanted = self.layout().totalHeightForWidth(self.width()) if \
                self.layout().hasHeightForWidth() else self.sizeHint().height()
            if wanted > self.height():
                self.resize(self.width(), wanted)
        return errors

    # ------------------------------------------------------------------ saving
    def submit(self) -> None:
        if self._busy:
            return
        self._show_all = True
        self._server = []
        values, errors = self.collect()
        if errors:
            self.check()
            return
        db, kind = self.ctx.db, self.spec.kind
        label = self.ctx.tr.gettext(self.spec.edit_title if self.row is not None
                                    else self.spec.add_title)
        if self.row is None:
            data = {**values, "enterprise_id": self.enterprise_id}
            created: dict[str, int] = {}
            fn: Callable[[], Any] = lambda: kind.create(db, data)  # noqa: E731
            undo = UndoEntry(label, lambda: kind.delete(db, [created["id"]]))

            def remember(outcome: Any) -> None:
                created["id"] = outcome.value.id
                self._done(outcome)
            on_success: Callable[[Any], None] = remember
        else:
            row_id = self.row.id
            changed = {k: x for k, x in values.items()
                       if k not in self.spec.fixed_on_edit and x != getattr(self.row, k)}
            if not changed:
                self.accept()
                return
            old = {k: getattr(self.row, k) for k in changed}
            fn = lambda: kind.update(db, row_id, changed, base=old)  # noqa: E731
            undo = UndoEntry(label, lambda: kind.update(db, row_id, old))
            on_success = self._done
        self._set_busy(True)
        self.ctx.mutate(fn, parent=self, on_success=on_success, on_failure=self._failed,
                        undo=undo)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttons.setEnabled(not busy)

    def _done(self, outcome: Any) -> None:
        self._set_busy(False)
        self.result_value = outcome.value
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self._server = list(exc.errors)
            known = set(self.fields)
            stray = [e for e in exc.errors if e.field not in known]
            self.check()
            if stray:
                show_error(self, self.ctx.tr, ValidationError(stray))
        else:
            show_error(self, self.ctx.tr, exc)
