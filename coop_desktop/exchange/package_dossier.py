"""``dossier.json``: the records a dossier package carries, and their checked form.

What is in it (format 1; keys are sorted, texts exactly as stored):

* ``application`` — title, country, reference number, deadline, template and its version,
  status, revision number, created/updated times, the sender's id (``source_id``,
  information only) and ``origin``: an identity of the application that stays the same on
  every laptop it travels to (see ``package_import``: re-import);
* ``sections`` — key, position, Chinese and English text, last change, of the current
  revision; ``revisions`` — every frozen revision: number, status, when, who, and its
  snapshot JSON *as stored* (byte for byte); ``qa_ignores`` — the findings someone chose to
  ignore, with their reasons (a "ready" application depends on them);
* ``enterprise`` — the enterprise record (every field a user types; the derived ones are
  recomputed on import), ``enterprise_updated_at`` and ``enterprise_changed_at``: when each
  field was last changed on the sender's computer (from its audit trail; the record's
  creation when it never changed), used to tell whether a local edit is newer;
* ``titles`` — the enterprise's live SRDI titles: the text's ``{{enterprise.titles}}``
  draws on them. **Contacts, interactions, events and zone links are not included**: the
  application's text does not draw on them, and a package travelling on a USB stick should
  not carry more personal data (names, telephone numbers) than the dossier needs;
* ``zone`` — the application's zone (with its shipped ``source_key`` when it has one), or
  null;
* ``attachments`` — the application's own attachments and the enterprise's general
  documents (not attached to any application), the same set the PDF lists: SHA-256, size,
  display name, type, expiry, note, when added, and ``application`` (true for the
  application's own). The files are the ``attachments/<sha256>`` members;
* ``pdf`` — the rendered PDF's layout, revision and page count, or null.

:func:`parse_dossier` checks the structure and types (pydantic, unknown keys refused) and
returns a :class:`Dossier`; the business rules (lengths, codes, USCC…) are checked by the
import with the same rules as the forms.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import Session, col, func, select

from coop_desktop.exchange.package_format import DOSSIER, MSG_BAD_JSON, PackageError
from coop_desktop.models import (
    ApplicationStatus,
    AttachmentKind,
    AuditEntry,
    EnterpriseCreate,
)
from coop_desktop.models.enterprise import SrdiTitleBase
from coop_desktop.models.zone import ZoneBase

#: ``dossier["format"]``: the version of this file's layout.
DOSSIER_FORMAT = 1

#: Links to this database's own reference rows (SME cluster, pilot city) stay behind like
#: zone links: their ids mean nothing on another laptop.
LOCAL_LINKS = frozenset({"cluster_id", "pilot_city_id"})
ENTERPRISE_FIELDS: tuple[str, ...] = tuple(f for f in EnterpriseCreate.model_fields
                                           if f not in LOCAL_LINKS)
TITLE_FIELDS: tuple[str, ...] = tuple(SrdiTitleBase.model_fields)
ZONE_FIELDS: tuple[str, ...] = tuple(ZoneBase.model_fields)

Sha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Key = Annotated[str, StringConstraints(max_length=60)]
Short = Annotated[str, StringConstraints(max_length=200)]
Text = Annotated[str, StringConstraints(max_length=4_000_000)]
Count = Annotated[int, Field(ge=0, le=2**53)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DossierApplication(_Strict):
    origin: Short
    source_id: Count
    title_zh: Text
    title_en: Text
    country: Short | None = None
    reference_no: Text | None = None
    deadline: date | None = None
    template_key: Key
    template_version: Annotated[int, Field(ge=0, le=1_000_000)]
    status: ApplicationStatus
    revision: Annotated[int, Field(ge=1, le=100_000)]
    created_at: datetime
    updated_at: datetime


class DossierSection(_Strict):
    key: Key
    position: Annotated[int, Field(ge=0, le=100_000)]
    zh: Text
    en: Text
    updated_at: datetime


class DossierRevision(_Strict):
    number: Annotated[int, Field(ge=1, le=100_000)]
    status: ApplicationStatus
    created_at: datetime
    actor: Short
    snapshot: Annotated[str, StringConstraints(max_length=64_000_000)]


class DossierIgnore(_Strict):
    section_key: Key
    issue_key: Short
    reason: Text
    actor: Short
    created_at: datetime


class DossierAttachment(_Strict):
    sha256: Sha
    size: Count
    original_name: Text
    kind: AttachmentKind
    expires_on: date | None = None
    note: Text | None = None
    created_at: datetime
    #: True: attached to the application; False: one of the enterprise's general documents.
    application: bool


class DossierPdf(_Strict):
    layout: Short
    revision: Annotated[int, Field(ge=1, le=100_000)] | None = None
    pages: Count


class DossierZone(_Strict):
    #: The zone's fields (``ZoneBase``), checked on import with the zone form's rules.
    values: dict[str, Any]
    source_key: Short | None = None
    source_version: Short | None = None
    user_edited: bool = False


class Dossier(_Strict):
    format: Literal[1]
    application: DossierApplication
    sections: Annotated[list[DossierSection], Field(max_length=1_000)]
    revisions: Annotated[list[DossierRevision], Field(max_length=1_000)]
    qa_ignores: Annotated[list[DossierIgnore], Field(max_length=100_000)]
    enterprise: dict[str, Any]
    enterprise_updated_at: datetime
    enterprise_changed_at: dict[str, datetime]
    titles: Annotated[list[dict[str, Any]], Field(max_length=1_000)]
    zone: DossierZone | None = None
    attachments: Annotated[list[DossierAttachment], Field(max_length=2_000)]
    pdf: DossierPdf | None = None

    @property
    def uscc(self) -> str:
        return str(self.enterprise.get("uscc") or "")

    @property
    def enterprise_name_zh(self) -> str:
        return str(self.enterprise.get("name_zh") or "")


def _where(error: dict[str, Any]) -> str:
    return ".".join(str(p) for p in error.get("loc", ())) or "?"


def parse_dossier(data: bytes) -> Dossier:
    """:class:`Dossier` from ``dossier.json``'s bytes (already hash-checked); structure
    errors are :data:`MSG_BAD_JSON` naming ``dossier.json`` and where."""
    from coop_desktop.exchange.package_format import strict_json

    raw = strict_json(data, DOSSIER)
    try:
        dossier = Dossier.model_validate(raw)
    except pydantic.ValidationError as exc:
        where = _where(exc.errors()[0])[:200]
        raise PackageError(MSG_BAD_JSON, member=DOSSIER, name=DOSSIER, where=where) from None
    _check_consistency(dossier)
    return dossier


def _bad(where: str) -> PackageError:
    return PackageError(MSG_BAD_JSON, member=DOSSIER, name=DOSSIER, where=where)


def _check_consistency(d: Dossier) -> None:
    """What the types cannot say: unique keys and numbers, known field names."""
    if len({s.key for s in d.sections}) != len(d.sections):
        raise _bad("sections.key")
    numbers = [r.number for r in d.revisions]
    if len(set(numbers)) != len(numbers) or any(n > d.application.revision for n in numbers):
        raise _bad("revisions.number")
    shas = [a.sha256 for a in d.attachments]
    if len(set(zip(shas, (a.application for a in d.attachments), strict=True))) != len(shas):
        raise _bad("attachments.sha256")
    if set(d.enterprise) - set(ENTERPRISE_FIELDS) or "uscc" not in d.enterprise:
        raise _bad("enterprise")
    if set(d.enterprise_changed_at) - set(ENTERPRISE_FIELDS):
        raise _bad("enterprise_changed_at")
    for i, title in enumerate(d.titles):
        if set(title) - set(TITLE_FIELDS):
            raise _bad(f"titles.{i}")
    if d.zone is not None and set(d.zone.values) - set(ZONE_FIELDS):
        raise _bad("zone.values")
    keys = {(i.section_key, i.issue_key) for i in d.qa_ignores}
    if len(keys) != len(d.qa_ignores):
        raise _bad("qa_ignores")


# ------------------------------------------------------------------ shared helpers


def aware(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite hands back naive UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored(moment: datetime) -> datetime:
    """An aware moment as the database stores it (UTC)."""
    return aware(moment).astimezone(UTC)


def recorded_changes(session: Session, enterprise_id: int, fields: tuple[str, ...]
                     ) -> dict[str, datetime]:
    """The newest audit row of each field of an enterprise that has one (a field created
    empty, or by the demo's bulk insert, has none)."""
    rows = session.exec(
        select(AuditEntry.field, func.max(AuditEntry.at))
        .where(AuditEntry.entity == "enterprise", AuditEntry.entity_id == enterprise_id,
               col(AuditEntry.field).in_(fields))
        .group_by(AuditEntry.field)).all()
    return {name: aware(at) for name, at in rows if name is not None and at is not None}


def field_times(session: Session, enterprise_id: int, fields: tuple[str, ...],
                created_at: datetime) -> dict[str, datetime]:
    """When each field of an enterprise was last changed here: the newest audit row for it,
    else the record's creation (demo data, or a field never changed since)."""
    found = recorded_changes(session, enterprise_id, fields)
    return {name: found.get(name, aware(created_at)) for name in fields}
