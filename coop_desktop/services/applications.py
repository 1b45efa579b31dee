"""Applications: drafted from a template, edited, checked, submitted, revised.

Every mutation opens one transaction, validates, writes the audit trail in the same
transaction and returns detached read models in an :class:`Outcome`. Refusals raise
:class:`ValidationError` (nothing written) with translatable messages.

Workflow (:data:`TRANSITIONS`)::

    draft ──► ready ──► submitted ──► accepted / rejected / withdrawn
      ▲         │
      └─────────┘        draft, ready ──► withdrawn

* Only a **draft** is editable (section text, placeholders, title, zone, country, QA
  ignores). *Ready* means "checked, waiting to be sent": set it back to draft to edit.
  The reference number and the deadline can be changed in any status (they are
  bookkeeping, not part of the submitted text).
* **draft → ready** is refused (:class:`OpenIssuesError`) while a finding of severity
  ERROR is open: one from ``documents.qa.check_pair``, or a template gap still in the text
  (``fill_in_left``, :func:`fill_in_issues`). A finding is closed by fixing the text or by
  ignoring it with a reason (:func:`ignore_issue`).
* **ready → submitted** freezes an :class:`ApplicationRevision` (:func:`snapshot_text`);
  it is never changed afterwards.
* :func:`new_revision` (from submitted or rejected) starts revision n + 1 as a draft
  whose sections start from the submitted text; the frozen revision stays as it was.

Completeness (:func:`completeness`): on each side, the share of *required* sections that
are done. A section side is done when its text is not blank and nothing in it is left to
fill: no ``{{placeholder}}`` and no fill-in marker (``【待填写：…】`` /
``[to be completed: …]``). A template's starter text therefore does not count as done
until its gaps are filled. With no required section, completeness is 1.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from coop_desktop import validation as v
from coop_desktop.db import Database
from coop_desktop.documents import qa
from coop_desktop.documents.placeholders import PLACEHOLDER_RE, build_context, fill
from coop_desktop.documents.templates import Template, TemplateError, get_template
from coop_desktop.errors import FieldError, Message, NotFoundError, ValidationError
from coop_desktop.i18n.catalog import N_, english
from coop_desktop.models import (
    APPLICATION_STATUS_LABELS,
    Application,
    ApplicationRead,
    ApplicationRevision,
    ApplicationRevisionRead,
    ApplicationSection,
    ApplicationSectionRead,
    ApplicationStatus,
    ApplicationSummary,
    ApplicationUpdate,
    AuditAction,
    AuditEntry,
    AuditEntryRead,
    Enterprise,
    EnterpriseRead,
    GlossaryTerm,
    QaIgnore,
    QaIgnoreRead,
    SrdiTitle,
    SrdiTitleRead,
    Zone,
    ZoneRead,
    utcnow,
)
from coop_desktop.reference import countries
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter, to_text
from coop_desktop.services.kinds import raise_if
from coop_desktop.services.outcome import Changes, Outcome

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator
    from coop_desktop.settings import AppSettings

ENTITY = "application"
SECTION_ENTITY = "application_section"
REVISION_ENTITY = "application_revision"
IGNORE_ENTITY = "qa_ignore"
#: Version of the JSON written into ``ApplicationRevision.snapshot``.
SNAPSHOT_FORMAT = 1

S = ApplicationStatus
#: Allowed status changes (anything else is refused).
TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    S.DRAFT: frozenset({S.READY, S.WITHDRAWN}),
    S.READY: frozenset({S.DRAFT, S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
EDITABLE = frozenset({S.DRAFT})
#: Statuses whose deadline is still ahead of the officer (the list shows a countdown).
OPEN = frozenset({S.DRAFT, S.READY})
#: Metadata that can change in any status (bookkeeping, not part of the submitted text).
ANY_STATUS_FIELDS = frozenset({"reference_no", "deadline"})
#: The details :func:`update_meta` changes (a screen showing them reloads when they change).
META_FIELDS = frozenset(ApplicationUpdate.model_fields)
NEW_REVISION_FROM = frozenset({S.SUBMITTED, S.REJECTED})
#: Autosaves by the same person within this time extend one audit row (:func:`save_draft`).
DRAFT_COALESCE = timedelta(minutes=10)

#: A gap the officer must fill, as the shipped templates write it.
FILL_IN_RE = re.compile(r"【待填写[^】]*】|\[to be completed:[^\]]*\]")

MSG_NOT_EDITABLE: dict[ApplicationStatus, str] = {
    S.READY: N_("The application is marked ready to submit and cannot be edited. Set it back "
                "to draft to change it."),
    S.SUBMITTED: N_("The application has been submitted and is read-only. Start a new "
                    "revision to change it."),
    S.ACCEPTED: N_("The application has been accepted and can no longer be changed."),
    S.REJECTED: N_("The application was rejected and is read-only. Start a new revision to "
                   "revise and resubmit it."),
    S.WITHDRAWN: N_("The application was withdrawn and can no longer be changed."),
}
MSG_TRANSITION_NONE = N_("An application that is “{old}” cannot change its status any more.")
MSG_TRANSITION_ALLOWED = N_("An application cannot go from “{old}” to “{new}”; from “{old}” "
                            "it can go to: {allowed}.")
MSG_TRANSITION_REVISE = N_("A submitted or rejected application cannot go back to draft or be "
                          "submitted again as it is: start a new revision to change it.")
MSG_NEW_REVISION = N_("A new revision can be started only from a submitted or rejected "
                      "application; this one is “{status}”.")
MSG_OPEN_ERROR = N_("{section}: {issue}")
MSG_UNKNOWN_SECTION = N_("The application has no section “{key}”.")
MSG_UNKNOWN_TEMPLATE = N_("There is no template with the key “{key}”.")
MSG_UNKNOWN_ISSUE = N_("The section “{section}” has no finding {key} at the moment; check "
                       "the application again.")
MSG_REASON_REQUIRED = N_("Give the reason why this finding can be ignored.")
MSG_UNKNOWN_REVISION = N_("The application has no revision {number}.")
MSG_STATUS_CHOICE = N_("Choose a value from the list.")
MSG_FILL_IN = N_("“{marker}” still has to be filled in.")

_SEVERITY_LABELS = {"error": N_("Error"), "warning": N_("Warning"), "info": N_("Note")}


# ---------------------------------------------------------------- localized messages
class _Param:
    """A message parameter rendered in the reader's language (English by ``format``)."""

    def text(self, tr: Translator) -> str:
        raise NotImplementedError

    def __format__(self, spec: str) -> str:
        return format(self.text(english()), spec)

    def __str__(self) -> str:
        return self.text(english())


@dataclass(frozen=True, eq=False)
class _Msgid(_Param):
    msgid: str

    def text(self, tr: Translator) -> str:
        return tr.gettext(self.msgid)


@dataclass(frozen=True, eq=False)
class _Pair(_Param):
    zh: str
    en: str

    def text(self, tr: Translator) -> str:
        return self.zh if tr.language.startswith("zh") else self.en


@dataclass(frozen=True, eq=False)
class _Join(_Param):
    items: tuple[_Param, ...]

    def text(self, tr: Translator) -> str:
        sep = "、" if tr.language.startswith("zh") else ", "
        return sep.join(i.text(tr) for i in self.items)


@dataclass(frozen=True, eq=False)
class _IssueText(_Param):
    issue: qa.QaIssue

    def text(self, tr: Translator) -> str:
        return issue_message(self.issue, tr)


@dataclass(frozen=True)
class _LocalMessage(Message):
    """A :class:`Message` whose parameters may be :class:`_Param` (translated per reader)."""

    def render(self, tr: Translator | None = None) -> str:
        tr = tr or english()
        params = {k: p.text(tr) if isinstance(p, _Param) else p for k, p in self.params.items()}
        return tr.gettext(self.msgid).format(**params)


def _refuse(field_name: str, msgid: str, **params: Any) -> ValidationError:
    return ValidationError([FieldError(field_name, _LocalMessage(msgid, params))])


def _status(value: ApplicationStatus | str) -> _Msgid:
    return _Msgid(APPLICATION_STATUS_LABELS[ApplicationStatus(value)])


def status_label(status: ApplicationStatus | str, tr: Translator | None = None) -> str:
    """The display name of a status in the reader's language."""
    return _status(status).text(tr or english())


def issue_message(issue: qa.QaIssue, tr: Translator | None = None) -> str:
    """The text of a QA finding in the reader's language."""
    return issue.message.render(tr or english())


def severity_label(severity: qa.Severity | str, tr: Translator | None = None) -> str:
    msgid = _SEVERITY_LABELS.get(str(severity))
    return (tr or english()).gettext(msgid) if msgid else str(severity)


# ---------------------------------------------------------------- result types
@dataclass(frozen=True)
class SectionInfo:
    """What the template says about one section (defaults if the template is gone)."""

    key: str
    title_zh: str
    title_en: str
    required: bool = True
    max_zh_chars: int | None = None
    max_en_words: int | None = None
    #: "text", or "declaration" for the signed statement (the PDF adds the seal block).
    kind: str = "text"

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


@dataclass(frozen=True)
class CheckedIssue:
    """One QA finding with its ignore decision, if any."""

    issue: qa.QaIssue
    ignore: QaIgnoreRead | None = None

    @property
    def key(self) -> str:
        return self.issue.key

    @property
    def ignored(self) -> bool:
        return self.ignore is not None

    @property
    def is_error(self) -> bool:
        return _is_error(self.issue)

    @property
    def is_open_error(self) -> bool:
        return self.is_error and not self.ignored

    def message(self, tr: Translator | None = None) -> str:
        return issue_message(self.issue, tr)


@dataclass(frozen=True)
class SectionIssues:
    """The findings of one section, in template order (``issues`` may be empty)."""

    section: SectionInfo
    issues: tuple[CheckedIssue, ...] = ()

    @property
    def key(self) -> str:
        return self.section.key

    def title(self, language: str) -> str:
        return self.section.title(language)

    @property
    def open_errors(self) -> tuple[CheckedIssue, ...]:
        return tuple(i for i in self.issues if i.is_open_error)


@dataclass(frozen=True)
class Completeness:
    """Required sections done on each side, out of ``total`` (see the module docstring)."""

    total: int
    done_zh: int
    done_en: int

    @property
    def zh(self) -> float:
        return self.done_zh / self.total if self.total else 1.0

    @property
    def en(self) -> float:
        return self.done_en / self.total if self.total else 1.0


@dataclass(frozen=True)
class Refill:
    """What :func:`refill_placeholders` did: sections changed, paths still without value."""

    changed: tuple[str, ...]
    unresolved: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class DiffOp:
    """One difflib opcode with its text: ``tag`` is equal, replace, delete or insert."""

    tag: str
    a: str
    b: str


@dataclass(frozen=True)
class SectionDiff:
    """A section's changes between two revisions, per language (``a`` → ``b``)."""

    key: str
    title_zh: str
    title_en: str
    zh: tuple[DiffOp, ...]
    en: tuple[DiffOp, ...]

    @property
    def changed(self) -> bool:
        return any(op.tag != "equal" for op in (*self.zh, *self.en))

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


class OpenIssuesError(ValidationError):
    """draft → ready refused: the open ERROR findings, one FieldError per finding
    (``field`` is the section key)."""

    def __init__(self, sections: Iterable[SectionIssues]) -> None:
        self.sections = tuple(s for s in sections if s.open_errors)
        errors = [
            FieldError(s.key, _LocalMessage(MSG_OPEN_ERROR, {
                "section": _Pair(s.section.title_zh, s.section.title_en),
                "issue": _IssueText(i.issue)}))
            for s in self.sections for i in s.open_errors]
        super().__init__(errors)


# ---------------------------------------------------------------- small helpers
def days_left(deadline: date | None, today: date | None = None) -> int | None:
    """Whole days from ``today`` to ``deadline`` (0 on the day, negative once past)."""
    if deadline is None:
        return None
    return (deadline - (today or date.today())).days


def section_done(text: str | None) -> bool:
    """Not blank and nothing left to fill (see the module docstring)."""
    if not text or not text.strip():
        return False
    return not PLACEHOLDER_RE.search(text) and not FILL_IN_RE.search(text)


def _template(key: str) -> Template | None:
    try:
        return get_template(key)
    except TemplateError:
        return None


def _section_infos(template_key: str, keys: Iterable[str]) -> dict[str, SectionInfo]:
    """SectionInfo per key; a section the template no longer has is required and untitled."""
    template = _template(template_key)
    out: dict[str, SectionInfo] = {}
    for key in keys:
        spec = None
        if template is not None:
            try:
                spec = template.section(key)
            except KeyError:
                spec = None
        if spec is None:
            out[key] = SectionInfo(key, key, key)
        else:
            out[key] = SectionInfo(key, spec.title_zh, spec.title_en, spec.required,
                                   spec.max_zh_chars, spec.max_en_words, spec.kind)
    return out


def _completeness(template_key: str, sections: list[ApplicationSection]) -> Completeness:
    infos = _section_infos(template_key, [s.key for s in sections])
    required = [s for s in sections if infos[s.key].required]
    return Completeness(len(required), sum(section_done(s.zh) for s in required),
                        sum(section_done(s.en) for s in required))


def _sections(session: Session, app_id: int) -> list[ApplicationSection]:
    return list(session.exec(select(ApplicationSection)
                             .where(ApplicationSection.application_id == app_id)
                             .order_by(col(ApplicationSection.position))).all())


def _section(session: Session, app_id: int, key: str) -> ApplicationSection:
    row = session.exec(select(ApplicationSection).where(
        ApplicationSection.application_id == app_id, ApplicationSection.key == key)).first()
    if row is None:
        raise _refuse("key", MSG_UNKNOWN_SECTION, key=key)
    return row


def _require_editable(app: Application) -> None:
    if app.status not in EDITABLE:
        raise _refuse("status", MSG_NOT_EDITABLE[ApplicationStatus(app.status)])


def _normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _trim(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


def _check_meta(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check metadata values (only the keys present)."""
    values = {k: _trim(x) for k, x in values.items()}
    if values.get("country"):
        values["country"] = values["country"].upper()
    errors: list[FieldError | None] = []
    for name, limit in (("title_zh", 300), ("title_en", 400), ("reference_no", 80)):
        if name in values:
            errors.append(v.check_length(name, values[name], limit))
    for name in ("title_zh", "title_en"):
        if name in values:
            errors.append(v.check_required(name, values[name]))
    if values.get("country"):
        errors.append(v.check_country_codes("country", [values["country"]]))
    raise_if(errors)
    if values.get("zone_id") is not None:
        records.get_row(session, Zone, values["zone_id"])
    return values


def _read(app: Application) -> ApplicationRead:
    return records.read(ApplicationRead, app)


# ---------------------------------------------------------------- create, read, list
def create(db: Database, *, enterprise_id: int, template_key: str, zone_id: int | None = None,
           country: str | None = None, title_zh: str | None = None, title_en: str | None = None,
           reference_no: str | None = None, deadline: date | None = None,
           settings: AppSettings | None = None, today: date | None = None
           ) -> Outcome[ApplicationRead]:
    """A new draft with one section per template section, placeholders filled from the
    enterprise, its titles, the zone, the country and the officer (``settings``, default:
    the saved settings). Unresolved placeholders stay as ``{{path}}``.

    The title defaults to the template's title. Raises ValidationError (unknown template,
    bad country…) or NotFoundError (enterprise or zone missing or in the recycle bin).
    """
    template = _template(template_key)
    if template is None:
        raise _refuse("template_key", MSG_UNKNOWN_TEMPLATE, key=template_key)
    with db.session() as session:
        records.get_row(session, Enterprise, enterprise_id)
        values = _check_meta(session, {
            "title_zh": title_zh if title_zh is not None else template.title_zh,
            "title_en": title_en if title_en is not None else template.title_en,
            "zone_id": zone_id, "country": country, "reference_no": reference_no,
            "deadline": deadline})
    ctx = build_context(db, enterprise_id=enterprise_id, zone_id=values["zone_id"],
                        country=values["country"], settings=settings, today=today)
    with db.session() as session:
        records.get_row(session, Enterprise, enterprise_id)  # still there
        app = Application(enterprise_id=enterprise_id, template_key=template.key,
                          template_version=template.version, **values)
        session.add(app)
        session.flush()
        assert app.id is not None
        audit = AuditWriter(session, db.actor)
        audit.created(ENTITY, app.id, {"enterprise_id": enterprise_id,
                                       "template_key": template.key,
                                       "template_version": template.version, **values})
        for position, spec in enumerate(template.sections):
            section = ApplicationSection(application_id=app.id, key=spec.key, position=position,
                                         zh=fill(spec.zh, ctx, "zh").text,
                                         en=fill(spec.en, ctx, "en").text)
            session.add(section)
            session.flush()
            assert section.id is not None
            audit.created(SECTION_ENTITY, section.id, {"key": spec.key})
        result = _read(app)
    return Outcome(result, Changes(ENTITY, (result.id,), action="create",
                                   related=(SECTION_ENTITY,)))


def get(db: Database, app_id: int, *, deleted: bool = False) -> ApplicationRead:
    with db.session() as session:
        return _read(records.get_row(session, Application, app_id, deleted=deleted))


def sections(db: Database, app_id: int) -> list[ApplicationSectionRead]:
    """The current text of every section, in document order."""
    with db.session() as session:
        records.get_row(session, Application, app_id)
        return [records.read(ApplicationSectionRead, s) for s in _sections(session, app_id)]


def section_infos(db: Database, app_id: int) -> list[SectionInfo]:
    """Titles, required flags and limits of the application's sections, in order."""
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        keys = [s.key for s in _sections(session, app_id)]
    infos = _section_infos(app.template_key, keys)
    return [infos[k] for k in keys]


def completeness(db: Database, app_id: int) -> Completeness:
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        return _completeness(app.template_key, _sections(session, app_id))


def list_applications(db: Database, *, status: ApplicationStatus | str
                      | Iterable[ApplicationStatus | str] | None = None,
                      enterprise_id: int | None = None, include_deleted: bool = False,
                      today: date | None = None) -> list[ApplicationSummary]:
    """Summary rows, nearest deadline first (no deadline last), then latest change.

    ``days_left`` counts down to the deadline for draft and ready applications only (for
    the others the deadline is history, and the row has None).

    ``status`` is one status or several; ``include_deleted`` adds the recycled ones
    (their ``deleted_at`` is set).
    """
    today = today or date.today()
    stmt = select(Application, Enterprise).join(
        Enterprise, col(Enterprise.id) == col(Application.enterprise_id))
    if not include_deleted:
        stmt = stmt.where(col(Application.deleted_at).is_(None))
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status)
        stmt = stmt.where(col(Application.status).in_([ApplicationStatus(s).value for s in wanted]))
    if enterprise_id is not None:
        stmt = stmt.where(Application.enterprise_id == enterprise_id)
    stmt = stmt.order_by(col(Application.deadline).is_(None), col(Application.deadline),
                         col(Application.updated_at).desc(), col(Application.id).desc())
    with db.session() as session:
        rows = session.exec(stmt).all()
        ids = [a.id for a, _e in rows]
        by_app: dict[int, list[ApplicationSection]] = {i: [] for i in ids}  # type: ignore[misc]
        if ids:
            for s in session.exec(select(ApplicationSection)
                                  .where(col(ApplicationSection.application_id).in_(ids))
                                  .order_by(col(ApplicationSection.position))).all():
                by_app[s.application_id].append(s)
        out = []
        for app, ent in rows:
            done = _completeness(app.template_key, by_app[app.id])  # type: ignore[index]
            out.append(ApplicationSummary(
                id=app.id, enterprise_id=ent.id, enterprise_name_zh=ent.name_zh,
                enterprise_name_en=ent.name_en, template_key=app.template_key,
                title_zh=app.title_zh, title_en=app.title_en, status=app.status,
                revision=app.revision, deadline=app.deadline,
                days_left=days_left(app.deadline, today) if app.status in OPEN else None,
                updated_at=app.updated_at,
                completeness_zh=done.zh, completeness_en=done.en, deleted_at=app.deleted_at))
        return out


# ---------------------------------------------------------------- editing
def update_section(db: Database, app_id: int, key: str, *, zh: str | None = None,
                   en: str | None = None) -> Outcome[ApplicationSectionRead]:
    """Replace the text of one side or both (None leaves a side unchanged).

    Refused (ValidationError, nothing written) unless the application is a draft.
    """
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)
        section = _section(session, app_id, key)
        wanted = {k: _normalise_text(t) for k, t in (("zh", zh), ("en", en)) if t is not None}
        changes = records.apply(section, wanted)
        if changes:
            app.updated_at = section.updated_at
            session.add_all([section, app])
            AuditWriter(session, db.actor).updated(SECTION_ENTITY, section.id, changes)  # type: ignore[arg-type]
        result = records.read(ApplicationSectionRead, section)
    return Outcome(result, Changes(SECTION_ENTITY, (result.id,) if changes else (),
                                   tuple(changes), related=(ENTITY,)))


def save_draft(db: Database, app_id: int, key: str, *, zh: str | None = None,
               en: str | None = None, window: timedelta = DRAFT_COALESCE,
               now: datetime | None = None) -> Outcome[ApplicationSectionRead]:
    """:func:`update_section` for the editor's autosave: the same rules and one committed
    transaction per call, but the audit trail is coalesced.

    An autosave every few seconds would otherwise write hundreds of rows per section. For
    each side whose text changed: when the latest audit row of this section and side is an
    update by the same actor written less than ``window`` ago, that row's ``new_value``
    becomes the new text (its ``old_value`` — the text before this stretch of editing —
    its time and its ``op_id`` stay); otherwise a new row is written. Continuous editing
    therefore leaves at most one row per side per ``window``, and the trail still shows
    what the text was before and after each stretch. ``now`` is for tests.
    """
    moment = now or utcnow()
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)
        section = _section(session, app_id, key)
        wanted = {k: _normalise_text(t) for k, t in (("zh", zh), ("en", en)) if t is not None}
        changes = records.apply(section, wanted)
        if changes:
            app.updated_at = section.updated_at
            session.add_all([section, app])
            audit = AuditWriter(session, db.actor)
            for name, (old, new) in changes.items():
                latest = session.exec(
                    select(AuditEntry).where(AuditEntry.entity == SECTION_ENTITY,
                                             AuditEntry.entity_id == section.id,
                                             AuditEntry.field == name)
                    .order_by(col(AuditEntry.id).desc()).limit(1)).first()
                at = latest.at if latest is not None else None
                if at is not None and at.tzinfo is None:
                    at = at.replace(tzinfo=UTC)
                if (latest is not None and at is not None and latest.actor == db.actor
                        and latest.action == AuditAction.UPDATE.value
                        and timedelta(0) <= moment - at < window):
                    latest.new_value = to_text(new)
                    session.add(latest)
                else:
                    audit.updated(SECTION_ENTITY, section.id, {name: (old, new)})  # type: ignore[arg-type]
        result = records.read(ApplicationSectionRead, section)
    return Outcome(result, Changes(SECTION_ENTITY, (result.id,) if changes else (),
                                   tuple(changes), related=(ENTITY,)))


def refill_placeholders(db: Database, app_id: int, key: str | None = None, *,
                        settings: AppSettings | None = None, today: date | None = None
                        ) -> Outcome[Refill]:
    """Fill the ``{{…}}`` still in the text (one section, or all) from the current records.

    Only placeholders still present are touched: text already filled in or typed stays
    as it is, even if the record has changed since. Draft only.
    """
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)
        if key is not None:
            _section(session, app_id, key)
        enterprise_id, zone_id, country = app.enterprise_id, app.zone_id, app.country
    ctx = build_context(db, enterprise_id=enterprise_id, zone_id=zone_id, country=country,
                        settings=settings, today=today)
    changed: list[str] = []
    changed_ids: list[int] = []
    unresolved: dict[str, tuple[str, ...]] = {}
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)  # checked again inside the writing transaction
        audit = AuditWriter(session, db.actor)
        for section in _sections(session, app_id):
            if key is not None and section.key != key:
                continue
            zh, en = fill(section.zh, ctx, "zh"), fill(section.en, ctx, "en")
            missing = tuple(dict.fromkeys([*zh.unresolved, *en.unresolved]))
            if missing:
                unresolved[section.key] = missing
            diff = records.apply(section, {"zh": zh.text, "en": en.text})
            if diff:
                session.add(section)
                audit.updated(SECTION_ENTITY, section.id, diff)  # type: ignore[arg-type]
                changed.append(section.key)
                changed_ids.append(section.id)  # type: ignore[arg-type]
        if changed:
            app.updated_at = utcnow()
            session.add(app)
    return Outcome(Refill(tuple(changed), unresolved),
                   Changes(SECTION_ENTITY, tuple(changed_ids), ("zh", "en"), related=(ENTITY,)))


def update_meta(db: Database, app_id: int, data: ApplicationUpdate | dict[str, Any]
                ) -> Outcome[ApplicationRead]:
    """Change title, zone, country (draft only), reference number or deadline (any status).

    Changing the zone or country does not rewrite text already filled in; placeholders
    still in the text use the new values on the next :func:`refill_placeholders`.
    """
    parsed = records.parse_input(ApplicationUpdate, data)
    wanted = parsed.model_dump(exclude_unset=True)
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        values = _check_meta(session, wanted)
        if {k for k, x in values.items() if getattr(app, k) != x} - ANY_STATUS_FIELDS:
            _require_editable(app)
        changes = records.apply(app, values)
        if changes:
            session.add(app)
            AuditWriter(session, db.actor).updated(ENTITY, app_id, changes)
        result = _read(app)
    return Outcome(result, Changes(ENTITY, (app_id,) if changes else (), tuple(changes)))


def delete(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    """Move applications to the recycle bin (sections and revisions stay attached)."""
    with db.session() as session:
        done = records.soft_delete(session, AuditWriter(session, db.actor), Application, ids)
    return Outcome(done, Changes(ENTITY, tuple(done), action="delete"))


def restore(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    with db.session() as session:
        done = records.restore(session, AuditWriter(session, db.actor), Application, ids)
    return Outcome(done, Changes(ENTITY, tuple(done), action="restore"))


def history(db: Database, app_id: int) -> list[AuditEntryRead]:
    """The audit rows of the application, its sections, revisions and ignores, newest first."""
    with db.session() as session:
        records.get_row(session, Application, app_id)
        section_ids = list(session.exec(select(col(ApplicationSection.id)).where(
            ApplicationSection.application_id == app_id)).all())
        revision_ids = list(session.exec(select(col(ApplicationRevision.id)).where(
            ApplicationRevision.application_id == app_id)).all())
        ignore_ids = _ignore_ids_ever(session, app_id)
        wanted = [(ENTITY, [app_id]), (SECTION_ENTITY, section_ids),
                  (REVISION_ENTITY, revision_ids), (IGNORE_ENTITY, ignore_ids)]
        rows: list[AuditEntry] = []
        for entity, ids in wanted:
            if ids:
                rows.extend(session.exec(select(AuditEntry).where(
                    AuditEntry.entity == entity, col(AuditEntry.entity_id).in_(ids))).all())
        rows.sort(key=lambda r: -(r.id or 0))
        return [AuditEntryRead.model_validate(r, from_attributes=True) for r in rows]


def _ignore_ids_ever(session: Session, app_id: int) -> list[int]:
    """Ids of the ignores of ``app_id``, including removed ones (from their audit rows)."""
    live = set(session.exec(select(col(QaIgnore.id)).where(
        QaIgnore.application_id == app_id)).all())
    gone = session.exec(select(col(AuditEntry.entity_id)).where(
        AuditEntry.entity == IGNORE_ENTITY, AuditEntry.field == "application_id",
        AuditEntry.new_value == str(app_id))).all()
    return sorted(live | set(gone))


# ---------------------------------------------------------------- QA
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_SPELLINGS = ((re.compile(r"licen[sc]e", re.I), ("license", "licence")),
              (re.compile(r"cent(?:er|re)\b", re.I), ("center", "centre")),
              (re.compile(r"(?<=[a-z]{3})iz(?=e|ed|es|ing|ation)", re.I), ("iz", "is")))
_ALTERNATIVES = re.compile(r"\s/\s(?![^()]*\))")  # " / " outside parentheses


def _spelling_variants(text: str) -> list[str]:
    """American and British spellings of ``text`` (license/licence, -ize/-ise, center/centre):
    the glossary is written one way, the templates the other."""
    out = [text]
    for pattern, forms in _SPELLINGS:
        out += [pattern.sub(form, t) for t in list(out) for form in forms]
    return list(dict.fromkeys(out))


def term_renderings(zh: str, en: str) -> list[str]:
    """The English forms a glossary entry accepts, derived from how entries are written:
    ``A / B`` are alternatives (unless the Chinese lists several terms the same way);
    ``A (B)`` accepts A and B (an abbreviation, an alternative, or B replacing the word
    before it when the parenthesis is inside the phrase: ``leading (principal) product``
    also accepts "principal product"); alternatives inside a parenthesis are separated by
    ``;`` or ``/``. Each form also in its other spelling (see :func:`_spelling_variants`)."""
    parts = [en] if "/" in zh else [p.strip() for p in _ALTERNATIVES.split(en)]
    forms: list[str] = []
    for part in parts:
        forms.append(_PAREN.sub("", part).strip())
        for m in _PAREN.finditer(part):
            inner = [a.strip() for a in re.split(r"[;/]", m.group(1)) if a.strip()]
            rest = part[m.end():].strip()
            if rest:  # inside the phrase: replaces the word before it
                head = part[:m.start()].rsplit(" ", 1)
                prefix = head[0] + " " if len(head) == 2 else ""
                forms += [f"{prefix}{a} {_PAREN.sub('', rest).strip()}" for a in inner]
            else:
                forms += inner
    return list(dict.fromkeys(f for form in forms if form for f in _spelling_variants(form)))


def glossary_terms(session: Session) -> list[qa.GlossaryTerm]:
    """The terms QA checks translations against: the live glossary rows (shipped and the
    user's own) grouped by Chinese (``termbase.glossary_for_qa``: the user's rendering is
    preferred, the others accepted), each with the spelling variants its English forms
    allow (:func:`term_renderings`). Record names are checked separately (record_mismatch)."""
    from coop_desktop.services import termbase

    out = []
    for term in termbase.glossary_for_qa(session):
        accepted = dict.fromkeys(
            form for en in (term.en, *term.variants) for form in (en, *term_renderings(term.zh, en)))
        accepted.pop(term.en, None)
        out.append(qa.GlossaryTerm(zh=term.zh, en=term.en, variants=tuple(accepted)))
    return out


def fill_in_issues(zh: str, en: str) -> list[qa.QaIssue]:
    """ERROR findings for the template's gaps still in the text (``【待填写：…】``,
    ``[to be completed: …]``): ``qa.check_pair`` does not look for them, and a document
    that still has them is not ready. One per distinct gap text and side."""
    found: dict[str, qa.QaIssue] = {}
    for side, text in (("zh", zh), ("en", en)):
        for m in FILL_IN_RE.finditer(text):
            issue = qa.QaIssue("fill_in_left", qa.Severity.ERROR,
                               Message(MSG_FILL_IN, {"marker": m.group()}), side, m.span(),
                               m.group())
            found.setdefault(issue.key, issue)
    return list(found.values())


def _is_error(issue: Any) -> bool:
    return bool(issue.severity == qa.Severity.ERROR)


def _issues(section: ApplicationSection, info: SectionInfo, glossary: list[qa.GlossaryTerm],
            facts: qa.RecordFacts) -> list[qa.QaIssue]:
    found = qa.check_pair(section.zh, section.en, glossary=glossary, record=facts,
                          limits=qa.Limits(zh_chars=info.max_zh_chars, en_words=info.max_en_words),
                          required=info.required)
    errors = [i for i in found if _is_error(i)]
    return errors + fill_in_issues(section.zh, section.en) + [i for i in found if not _is_error(i)]


def _check(session: Session, app: Application, only: set[str] | None = None
           ) -> list[SectionIssues]:
    """The findings per section (of the sections in ``only``, if given)."""
    enterprise = session.get(Enterprise, app.enterprise_id)
    assert enterprise is not None
    facts = qa.RecordFacts(name_zh=enterprise.name_zh, name_en=enterprise.name_en,
                           uscc=enterprise.uscc)
    glossary = glossary_terms(session)
    rows = [s for s in _sections(session, app.id)  # type: ignore[arg-type]
            if only is None or s.key in only]
    infos = _section_infos(app.template_key, [s.key for s in rows])
    ignores = {(r.section_key, r.issue_key): records.read(QaIgnoreRead, r)
               for r in session.exec(select(QaIgnore).where(
                   QaIgnore.application_id == app.id)).all()}
    out = []
    for section in rows:
        info = infos[section.key]
        out.append(SectionIssues(info, tuple(
            CheckedIssue(i, ignores.get((section.key, i.key)))
            for i in _issues(section, info, glossary, facts))))
    return out


def check(db: Database, app_id: int) -> list[SectionIssues]:
    """Run the document checks on every section (in order; sections without findings are
    included with no issues). Findings someone ignored carry the ignore and its reason."""
    with db.session() as session:
        return _check(session, records.get_row(session, Application, app_id))


def open_errors(results: Iterable[SectionIssues]) -> list[tuple[SectionIssues, CheckedIssue]]:
    return [(s, i) for s in results for i in s.open_errors]


def ignore_issue(db: Database, app_id: int, section_key: str, issue_key: str, reason: str
                 ) -> Outcome[QaIgnoreRead]:
    """Record that a finding of one section does not apply, and why (draft only).

    The finding must be reported now (its key comes from :func:`check`). Ignoring it
    again replaces the reason.
    """
    out = ignore_issues(db, app_id, [(section_key, issue_key)], reason)
    return Outcome(out.value[0], out.changes)


def ignore_issues(db: Database, app_id: int, items: Iterable[tuple[str, str]], reason: str
                  ) -> Outcome[list[QaIgnoreRead]]:
    """:func:`ignore_issue` for several ``(section_key, issue_key)`` at once, with one
    reason, in one transaction: all of them or (on any refusal) none."""
    reason = (reason or "").strip()
    wanted = list(dict.fromkeys(items))
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)
        for key in dict.fromkeys(k for k, _i in wanted):
            _section(session, app_id, key)
        if not reason:
            raise _refuse("reason", MSG_REASON_REQUIRED)
        reported = {s.key: s for s in _check(session, app, {k for k, _i in wanted})}
        for key, issue_key in wanted:
            if issue_key not in {i.key for i in reported[key].issues}:
                info = reported[key].section
                raise _refuse("issue_key", MSG_UNKNOWN_ISSUE, key=issue_key,
                              section=_Pair(info.title_zh, info.title_en))
        audit = AuditWriter(session, db.actor)
        existing = {(r.section_key, r.issue_key): r for r in session.exec(
            select(QaIgnore).where(QaIgnore.application_id == app_id)).all()}
        results, created = [], False
        for key, issue_key in wanted:
            row = existing.get((key, issue_key))
            if row is None:
                row = QaIgnore(application_id=app_id, section_key=key, issue_key=issue_key,
                               reason=reason, actor=db.actor)
                session.add(row)
                session.flush()
                assert row.id is not None
                audit.created(IGNORE_ENTITY, row.id, {"application_id": app_id,
                                                      "section_key": key,
                                                      "issue_key": issue_key, "reason": reason})
                created = True
            else:
                diff = records.apply(row, {"reason": reason, "actor": db.actor})
                if diff:
                    session.add(row)
                    audit.updated(IGNORE_ENTITY, row.id, diff)  # type: ignore[arg-type]
            results.append(records.read(QaIgnoreRead, row))
    return Outcome(results, Changes(IGNORE_ENTITY, tuple(r.id for r in results),
                                    action="create" if created else "update", related=(ENTITY,)))


def unignore(db: Database, app_id: int, section_key: str, issue_key: str) -> Outcome[list[int]]:
    """Take back an ignore (draft only); nothing happens if there is none. The ignore's
    create and delete rows stay in the audit trail."""
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)
        row = session.exec(select(QaIgnore).where(
            QaIgnore.application_id == app_id, QaIgnore.section_key == section_key,
            QaIgnore.issue_key == issue_key)).first()
        if row is None:
            return Outcome([], Changes(IGNORE_ENTITY, (), action="delete"))
        row_id = row.id
        assert row_id is not None
        session.delete(row)
        AuditWriter(session, db.actor).deleted(IGNORE_ENTITY, row_id)
    return Outcome([row_id], Changes(IGNORE_ENTITY, (row_id,), action="delete", related=(ENTITY,)))


def ignores(db: Database, app_id: int) -> list[QaIgnoreRead]:
    with db.session() as session:
        return [records.read(QaIgnoreRead, r) for r in session.exec(
            select(QaIgnore).where(QaIgnore.application_id == app_id)
            .order_by(col(QaIgnore.id))).all()]


# ---------------------------------------------------------------- workflow
def _transition_refused(old: ApplicationStatus, new: ApplicationStatus) -> ValidationError:
    if old in NEW_REVISION_FROM and new in (S.DRAFT, S.READY, S.SUBMITTED):
        return _refuse("status", MSG_TRANSITION_REVISE)
    allowed = sorted(TRANSITIONS[old], key=list(ApplicationStatus).index)
    if not allowed:
        return _refuse("status", MSG_TRANSITION_NONE, old=_status(old))
    return _refuse("status", MSG_TRANSITION_ALLOWED, old=_status(old), new=_status(new),
                   allowed=_Join(tuple(_status(s) for s in allowed)))


def _parse_status(value: ApplicationStatus | str) -> ApplicationStatus:
    try:
        return ApplicationStatus(value)
    except ValueError:
        raise _refuse("status", MSG_STATUS_CHOICE) from None


def set_status(db: Database, app_id: int, new_status: ApplicationStatus | str, *,
               settings: AppSettings | None = None) -> Outcome[ApplicationRead]:
    """Move the application along :data:`TRANSITIONS` (see the module docstring).

    Setting the status it already has changes nothing. draft → ready raises
    :class:`OpenIssuesError` while an ERROR finding is open; ready → submitted freezes
    the revision (``settings`` gives the officer recorded in it; default: the saved
    settings).
    """
    new = _parse_status(new_status)
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        old = ApplicationStatus(app.status)
        if new == old:
            return Outcome(_read(app), Changes(ENTITY))
        if new not in TRANSITIONS[old]:
            raise _transition_refused(old, new)
        if old == S.DRAFT and new == S.READY:
            results = _check(session, app)
            if open_errors(results):
                raise OpenIssuesError(results)
        audit = AuditWriter(session, db.actor)
        related: tuple[str, ...] = ()
        if new == S.SUBMITTED:
            revision = ApplicationRevision(
                application_id=app_id, number=app.revision, status=new, actor=db.actor,
                snapshot=_snapshot_json(session, app, settings, status=new, actor=db.actor))
            session.add(revision)
            session.flush()
            assert revision.id is not None
            audit.created(REVISION_ENTITY, revision.id, {"application_id": app_id,
                                                         "number": revision.number,
                                                         "status": new})
            related = (REVISION_ENTITY,)
            from coop_desktop.services import tm  # the submitted text feeds the memory

            tm.store_submitted(session, app_id)
        changes = records.apply(app, {"status": new})
        session.add(app)
        audit.updated(ENTITY, app_id, changes)
        result = _read(app)
    return Outcome(result, Changes(ENTITY, (app_id,), ("status",), related=related))


def new_revision(db: Database, app_id: int) -> Outcome[ApplicationRead]:
    """Start revision n + 1 as an editable draft (from submitted or rejected). The text
    starts as it was submitted; the frozen revision n is kept unchanged."""
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        if app.status not in NEW_REVISION_FROM:
            raise _refuse("status", MSG_NEW_REVISION, status=_status(app.status))
        changes = records.apply(app, {"revision": app.revision + 1, "status": S.DRAFT})
        session.add(app)
        AuditWriter(session, db.actor).updated(ENTITY, app_id, changes)
        result = _read(app)
    return Outcome(result, Changes(ENTITY, (app_id,), tuple(changes)))


def revisions(db: Database, app_id: int) -> list[ApplicationRevisionRead]:
    """The frozen revisions, oldest first."""
    with db.session() as session:
        records.get_row(session, Application, app_id)
        return [records.read(ApplicationRevisionRead, r) for r in session.exec(
            select(ApplicationRevision).where(ApplicationRevision.application_id == app_id)
            .order_by(col(ApplicationRevision.number))).all()]


def snapshot(db: Database, app_id: int, number: int) -> dict[str, Any]:
    """The parsed snapshot of frozen revision ``number``."""
    with db.session() as session:
        return json.loads(_revision(session, app_id, number).snapshot)


def _revision(session: Session, app_id: int, number: int) -> ApplicationRevision:
    row = session.exec(select(ApplicationRevision).where(
        ApplicationRevision.application_id == app_id,
        ApplicationRevision.number == number)).first()
    if row is None:
        raise NotFoundError(MSG_UNKNOWN_REVISION, number=number)
    return row


def _json(model: Any) -> Any:
    return None if model is None else model.model_dump(mode="json")


def snapshot_text(*, application: Mapping[str, Any], template: Template | None,
                  sections: list[dict[str, Any]], enterprise: EnterpriseRead | None,
                  titles: Iterable[SrdiTitleRead], zone: ZoneRead | None,
                  officer: Mapping[str, str], ignores: Iterable[Mapping[str, Any]],
                  status: ApplicationStatus, actor: str, frozen_at: datetime) -> str:
    """The JSON of a frozen revision: the text and the record data it was built from.

    ``application``: id, revision, title_zh/en, reference_no, deadline (ISO), enterprise_id,
    zone_id, country, template_key, template_version. ``sections``: key, position,
    title_zh/en, required, kind ("text"/"declaration"; absent in snapshots frozen before it
    was recorded), zh, en. ``titles`` are the live SRDI titles; ``officer`` has
    name, organisation_zh, organisation_en; ``ignores`` section_key, issue_key, reason,
    actor, created_at (ISO). Keys are sorted, so the same data always gives the same text.
    """
    code = application.get("country")
    data = {
        "format": SNAPSHOT_FORMAT,
        "frozen_at": frozen_at.isoformat(),
        "actor": actor,
        "status": ApplicationStatus(status).value,
        "application": {k: application.get(k) for k in (
            "id", "revision", "title_zh", "title_en", "reference_no", "deadline",
            "enterprise_id", "zone_id", "country")},
        "template": {
            "key": application.get("template_key"),
            "version": application.get("template_version"),
            "title_zh": template.title_zh if template else None,
            "title_en": template.title_en if template else None,
        },
        "sections": [{k: s.get(k) for k in ("key", "position", "title_zh", "title_en",
                                              "required", "kind", "zh", "en")}
                     for s in sections],
        "enterprise": _json(enterprise),
        "titles": [_json(t) for t in titles],
        "zone": _json(zone),
        "country": {"code": code, "name_zh": countries.country_name(code, "zh_CN"),
                    "name_en": countries.country_name(code, "en")} if code else None,
        "officer": {k: officer.get(k, "") for k in ("name", "organisation_zh",
                                                     "organisation_en")},
        "qa_ignores": [{k: i.get(k) for k in ("section_key", "issue_key", "reason", "actor",
                                               "created_at")} for i in ignores],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)


def _snapshot_json(session: Session, app: Application, settings: AppSettings | None, *,
                   status: ApplicationStatus, actor: str) -> str:
    """:func:`snapshot_text` from the rows as they are in ``session`` now."""
    from coop_desktop.settings import AppSettings

    settings = settings if settings is not None else AppSettings.load()
    rows = _sections(session, app.id)  # type: ignore[arg-type]
    infos = _section_infos(app.template_key, [s.key for s in rows])
    enterprise = session.get(Enterprise, app.enterprise_id)
    titles = session.exec(select(SrdiTitle).where(
        SrdiTitle.enterprise_id == app.enterprise_id, col(SrdiTitle.deleted_at).is_(None))
        .order_by(col(SrdiTitle.id))).all()
    zone = session.get(Zone, app.zone_id) if app.zone_id is not None else None
    ignored = session.exec(select(QaIgnore).where(QaIgnore.application_id == app.id)
                           .order_by(col(QaIgnore.id))).all()
    return snapshot_text(
        application={
            "id": app.id, "revision": app.revision, "title_zh": app.title_zh,
            "title_en": app.title_en, "reference_no": app.reference_no,
            "deadline": app.deadline.isoformat() if app.deadline else None,
            "enterprise_id": app.enterprise_id, "zone_id": app.zone_id, "country": app.country,
            "template_key": app.template_key, "template_version": app.template_version},
        template=_template(app.template_key),
        sections=[{"key": s.key, "position": s.position, "title_zh": infos[s.key].title_zh,
                   "title_en": infos[s.key].title_en, "required": infos[s.key].required,
                   "kind": infos[s.key].kind, "zh": s.zh, "en": s.en} for s in rows],
        enterprise=records.read(EnterpriseRead, enterprise) if enterprise else None,
        titles=[records.read(SrdiTitleRead, t) for t in titles],
        zone=records.read(ZoneRead, zone) if zone else None,
        officer={"name": settings.officer_name, "organisation_zh": settings.organisation_zh,
                 "organisation_en": settings.organisation_en},
        ignores=[{"section_key": r.section_key, "issue_key": r.issue_key, "reason": r.reason,
                  "actor": r.actor, "created_at": r.created_at.isoformat()} for r in ignored],
        status=status, actor=actor, frozen_at=utcnow())


# ---------------------------------------------------------------- diff
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’.,-][A-Za-z0-9]+)*|\s+|.", re.S)


def _tokens(text: str) -> list[str]:
    """Latin words and numbers whole, every other character (Chinese) on its own."""
    return _TOKEN.findall(text)


def diff_text(a: str, b: str) -> tuple[DiffOp, ...]:
    """difflib opcodes between two texts, with the text of each side."""
    ta, tb = _tokens(a), _tokens(b)
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    return tuple(DiffOp(tag, "".join(ta[i1:i2]), "".join(tb[j1:j2]))
                 for tag, i1, i2, j1, j2 in matcher.get_opcodes())


def _texts_of(session: Session, app: Application, number: int | None
              ) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """``({key: (zh, en)}, {key: (title_zh, title_en)})`` of a revision or the current text."""
    if number is None:
        rows = _sections(session, app.id)  # type: ignore[arg-type]
        infos = _section_infos(app.template_key, [s.key for s in rows])
        return ({s.key: (s.zh, s.en) for s in rows},
                {k: (i.title_zh, i.title_en) for k, i in infos.items()})
    data = json.loads(_revision(session, app.id, number).snapshot)  # type: ignore[arg-type]
    secs = data["sections"]
    return ({s["key"]: (s["zh"], s["en"]) for s in secs},
            {s["key"]: (s["title_zh"], s["title_en"]) for s in secs})


def diff(db: Database, app_id: int, rev_a: int, rev_b: int | None = None) -> list[SectionDiff]:
    """Per section and language, what changed from revision ``rev_a`` to ``rev_b``
    (None: the current text). Sections only one side has diff against empty text."""
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        a_text, a_titles = _texts_of(session, app, rev_a)
        b_text, b_titles = _texts_of(session, app, rev_b)
    keys = list(dict.fromkeys([*a_text, *b_text]))
    out = []
    for key in keys:
        za, ea = a_text.get(key, ("", ""))
        zb, eb = b_text.get(key, ("", ""))
        title_zh, title_en = b_titles.get(key) or a_titles.get(key) or (key, key)
        out.append(SectionDiff(key, title_zh, title_en, diff_text(za, zb), diff_text(ea, eb)))
    return out
