"""Applications: drafted from a template, edited, checked, submitted, revised.

Every mutation opens one transaction, validates, writes the audit trail in the same
transaction and returns detached read models in an :class:`Outcome`. Refusals raise
:class:`ValidationError` (nothing written) with translatable messages.

This module holds the records: create, read, list, edit the text and the details, the
recycle bin and the history. The rest lives in the modules next to it, and their public
names are also available here (``applications.check``, ``applications.set_status``…):

* ``application_qa``: the checks, the glossary terms they use, and the ignores;
* ``application_workflow``: status changes (:data:`TRANSITIONS`, the workflow and who may
  edit when) and the frozen revisions;
* ``application_diff``: what changed between revisions;
* ``application_common``: what they share (entity names, section information, messages).

Completeness (:func:`completeness`): on each side, the share of *required* sections that
are done. A section side is done when its text is not blank and nothing in it is left to
fill: no ``{{placeholder}}`` and no fill-in marker (``【待填写：…】`` /
``[to be completed: …]``). A template's starter text therefore does not count as done
until its gaps are filled. With no required section, completeness is 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from coop_desktop import limits
from coop_desktop import validation as v
from coop_desktop.db import Database
from coop_desktop.documents.placeholders import PLACEHOLDER_RE, fill
from coop_desktop.errors import EditConflict, FieldError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Application,
    ApplicationRead,
    ApplicationRevision,
    ApplicationSection,
    ApplicationSectionRead,
    ApplicationStatus,
    ApplicationSummary,
    ApplicationUpdate,
    AuditAction,
    AuditEntry,
    AuditEntryRead,
    Enterprise,
    QaIgnore,
    Zone,
    utcnow,
)
from coop_desktop.services import records
from coop_desktop.services.application_common import (
    EDITABLE,
    ENTITY,
    IGNORE_ENTITY,
    MSG_NOT_EDITABLE,
    MSG_UNKNOWN_REVISION,
    MSG_UNKNOWN_SECTION,
    REVISION_ENTITY,
    SECTION_ENTITY,
    S,
    SectionInfo,
    _read,
    _refuse,
    _require_editable,
    _section,
    _section_infos,
    _sections,
    _template,
    status_label,
)
from coop_desktop.services.application_diff import DiffOp, SectionDiff, diff, diff_text
from coop_desktop.services.application_qa import (
    FILL_IN_RE,
    MSG_FILL_IN,
    MSG_OPEN_ERROR,
    MSG_REASON_REQUIRED,
    MSG_UNKNOWN_ISSUE,
    CheckedIssue,
    OpenIssuesError,
    SectionIssues,
    check,
    fill_in_issues,
    glossary_terms,
    ignore_issue,
    ignore_issues,
    ignores,
    issue_message,
    open_errors,
    severity_label,
    term_renderings,
    unignore,
)
from coop_desktop.services.application_workflow import (
    MSG_NEW_REVISION,
    MSG_STATUS_CHOICE,
    MSG_TRANSITION_ALLOWED,
    MSG_TRANSITION_NONE,
    MSG_TRANSITION_REVISE,
    NEW_REVISION_FROM,
    SNAPSHOT_FORMAT,
    TRANSITIONS,
    new_revision,
    revisions,
    set_status,
    snapshot,
    snapshot_text,
)
from coop_desktop.services.audit import AuditWriter, to_text
from coop_desktop.services.kinds import raise_if
from coop_desktop.services.outcome import Changes, Outcome
from coop_desktop.services.placeholder_context import build_context

if TYPE_CHECKING:
    from coop_desktop.settings import AppSettings

__all__ = [
    # records (this module)
    "ANY_STATUS_FIELDS", "DRAFT_COALESCE", "META_FIELDS", "MSG_UNKNOWN_TEMPLATE", "OPEN",
    "Completeness", "Refill", "completeness", "create", "days_left", "delete", "get",
    "history", "list_applications", "refill_placeholders", "restore", "save_draft",
    "section_done", "section_infos", "sections", "update_meta", "update_section",
    # application_common
    "EDITABLE", "ENTITY", "IGNORE_ENTITY", "MSG_NOT_EDITABLE", "MSG_UNKNOWN_REVISION",
    "MSG_UNKNOWN_SECTION", "REVISION_ENTITY", "S", "SECTION_ENTITY", "SectionInfo",
    "status_label",
    # application_qa
    "FILL_IN_RE", "MSG_FILL_IN", "MSG_OPEN_ERROR", "MSG_REASON_REQUIRED", "MSG_UNKNOWN_ISSUE",
    "CheckedIssue", "OpenIssuesError", "SectionIssues", "check", "fill_in_issues",
    "glossary_terms", "ignore_issue", "ignore_issues", "ignores", "issue_message",
    "open_errors", "severity_label", "term_renderings", "unignore",
    # application_workflow
    "MSG_NEW_REVISION", "MSG_STATUS_CHOICE", "MSG_TRANSITION_ALLOWED", "MSG_TRANSITION_NONE",
    "MSG_TRANSITION_REVISE", "NEW_REVISION_FROM", "SNAPSHOT_FORMAT", "TRANSITIONS",
    "new_revision", "revisions", "set_status", "snapshot", "snapshot_text",
    # application_diff
    "DiffOp", "SectionDiff", "diff", "diff_text",
]

#: Statuses whose deadline is still ahead of the officer (the list shows a countdown).
OPEN = frozenset({S.DRAFT, S.READY})
#: Metadata that can change in any status (bookkeeping, not part of the submitted text).
ANY_STATUS_FIELDS = frozenset({"reference_no", "deadline"})
#: The details :func:`update_meta` changes (a screen showing them reloads when they change).
META_FIELDS = frozenset(ApplicationUpdate.model_fields)
#: Autosaves by the same person within this time extend one audit row (:func:`save_draft`).
DRAFT_COALESCE = timedelta(minutes=10)

MSG_UNKNOWN_TEMPLATE = N_("There is no template with the key “{key}”.")


# ---------------------------------------------------------------- result types
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


def _completeness(template_key: str, sections: list[ApplicationSection]) -> Completeness:
    infos = _section_infos(template_key, [s.key for s in sections])
    required = [s for s in sections if infos[s.key].required]
    return Completeness(len(required), sum(section_done(s.zh) for s in required),
                        sum(section_done(s.en) for s in required))


def _normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _trim(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


def _check_meta(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check metadata values (only the keys present)."""
    values = {k: _trim(x) for k, x in values.items()}
    limits.enforce(ENTITY, {k: x for k, x in values.items() if not k.endswith("_id")})
    if values.get("country"):
        values["country"] = values["country"].upper()
    errors: list[FieldError | None] = []
    for name in ("title_zh", "title_en"):
        if name in values:
            errors.append(v.check_required(name, values[name]))
    if values.get("country"):
        errors.append(v.check_country_codes("country", [values["country"]]))
    raise_if(errors)
    if values.get("zone_id") is not None:
        records.get_row(session, Zone, values["zone_id"])
    return values


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
    with db.read() as session:
        return _read(records.get_row(session, Application, app_id, deleted=deleted))


def sections(db: Database, app_id: int) -> list[ApplicationSectionRead]:
    """The current text of every section, in document order."""
    with db.read() as session:
        records.get_row(session, Application, app_id)
        return [records.read(ApplicationSectionRead, s) for s in _sections(session, app_id)]


def section_infos(db: Database, app_id: int) -> list[SectionInfo]:
    """Titles, required flags and limits of the application's sections, in order."""
    with db.read() as session:
        app = records.get_row(session, Application, app_id)
        keys = [s.key for s in _sections(session, app_id)]
    infos = _section_infos(app.template_key, keys)
    return [infos[k] for k in keys]


def completeness(db: Database, app_id: int) -> Completeness:
    with db.read() as session:
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
    with db.read() as session:
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


MSG_SECTION_CONFLICT = N_("While you were editing this section, its text was changed elsewhere "
                         "(another window, another program or the command line). Nothing was "
                         "saved yet: choose which text to keep.")


def _check_base(section: ApplicationSection, key: str, wanted: dict[str, str],
                base: dict[str, str | None]) -> None:
    """Raise EditConflict when a side being saved changed in the database since it was read."""
    for side, mine in wanted.items():
        read = base.get(side)
        if read is None:
            continue
        theirs = getattr(section, side) or ""
        if theirs != _normalise_text(read) and theirs != mine:
            raise EditConflict(MSG_SECTION_CONFLICT, field=f"{key}.{side}", mine=mine,
                               theirs=theirs, base=read)


def save_draft(db: Database, app_id: int, key: str, *, zh: str | None = None,
               en: str | None = None, base_zh: str | None = None, base_en: str | None = None,
               window: timedelta = DRAFT_COALESCE,
               now: datetime | None = None) -> Outcome[ApplicationSectionRead]:
    """:func:`update_section` for the editor's autosave: the same rules and one committed
    transaction per call, but the audit trail is coalesced, and edits are checked against
    what the editor read.

    ``base_zh``/``base_en`` are the texts the editor last loaded or saved for that side.
    When the database holds something else now (another window, another program or the
    command line saved that side meanwhile) and it is not already the text being saved,
    nothing is written and :class:`~coop_desktop.errors.EditConflict` is raised with both
    texts, so the user can choose: autosave sends the whole section, and the last writer
    must not silently win. Without a base, the text is written as before.

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
        _check_base(section, key, wanted, {"zh": base_zh, "en": base_en})
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
    with db.read() as session:
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
