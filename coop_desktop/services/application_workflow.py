"""The workflow of an application: status changes and frozen revisions.

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
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from coop_desktop.db import Database
from coop_desktop.documents.templates import Template
from coop_desktop.errors import ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Application,
    ApplicationRead,
    ApplicationRevision,
    ApplicationRevisionRead,
    ApplicationStatus,
    Enterprise,
    EnterpriseRead,
    QaIgnore,
    SrdiTitle,
    SrdiTitleRead,
    Zone,
    ZoneRead,
    utcnow,
)
from coop_desktop.reference import countries
from coop_desktop.services import records
from coop_desktop.services.application_common import (
    ENTITY,
    REVISION_ENTITY,
    S,
    _Join,
    _read,
    _refuse,
    _revision,
    _section_infos,
    _sections,
    _status,
    _template,
)
from coop_desktop.services.application_qa import OpenIssuesError, _check, open_errors
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.outcome import Changes, Outcome

if TYPE_CHECKING:
    from coop_desktop.settings import AppSettings

#: Version of the JSON written into ``ApplicationRevision.snapshot``.
SNAPSHOT_FORMAT = 1

#: Allowed status changes (anything else is refused).
TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    S.DRAFT: frozenset({S.READY, S.WITHDRAWN}),
    S.READY: frozenset({S.DRAFT, S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
NEW_REVISION_FROM = frozenset({S.SUBMITTED, S.REJECTED})

MSG_TRANSITION_NONE = N_("An application that is “{old}” cannot change its status any more.")
MSG_TRANSITION_ALLOWED = N_("An application cannot go from “{old}” to “{new}”; from “{old}” "
                            "it can go to: {allowed}.")
MSG_TRANSITION_REVISE = N_("A submitted or rejected application cannot go back to draft or be "
                          "submitted again as it is: start a new revision to change it.")
MSG_NEW_REVISION = N_("A new revision can be started only from a submitted or rejected "
                      "application; this one is “{status}”.")
MSG_STATUS_CHOICE = N_("Choose a value from the list.")


# ---------------------------------------------------------------- status
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


# ---------------------------------------------------------------- revisions
def revisions(db: Database, app_id: int) -> list[ApplicationRevisionRead]:
    """The frozen revisions, oldest first."""
    with db.read() as session:
        records.get_row(session, Application, app_id)
        return [records.read(ApplicationRevisionRead, r) for r in session.exec(
            select(ApplicationRevision).where(ApplicationRevision.application_id == app_id)
            .order_by(col(ApplicationRevision.number))).all()]


def snapshot(db: Database, app_id: int, number: int) -> dict[str, Any]:
    """The parsed snapshot of frozen revision ``number``."""
    with db.read() as session:
        return json.loads(_revision(session, app_id, number).snapshot)


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
