"""Reading a dossier package: :func:`inspect_iter` (everything checked, nothing written)
and :func:`plan_import` (what importing it would do here, read-only).

Merge rules
-----------
* **Enterprise, by USCC.** Not here → created from the package. In the recycle bin here →
  refused (restore it first). Here → every field that differs is a
  :class:`FieldDifference` with both values and when each side last changed it (here: the
  audit trail; there: the package's ``enterprise_changed_at``). The import changes a
  field only when the caller chose "theirs" for it; the suggested choice
  (:meth:`ImportPlan.default_choices`) keeps the local value when it was changed here at
  the same time or later than the package's (``local_newer``), else takes the package's.
  Nothing is chosen silently: :func:`~coop_desktop.exchange.package_apply.apply_iter`
  refuses while a difference has no choice. Times are UTC from each computer's own clock.
  The SRDI titles of the package that this enterprise does not have (same tier, level,
  grant date and batch, the recycle bin included) are one more difference,
  :data:`TITLES`: "theirs" adds them; nothing here is ever changed or removed.
* **Zone**, by its shipped ``source_key``, else by its Chinese name among the live zones;
  not found → created (with its ``source_key``, so a later reference-data update
  recognises it). A matching zone in the recycle bin → the application is imported
  without a zone, with a warning. A zone found here is never changed.
* **Application**: always a new application (sections, frozen revisions byte for byte,
  ignored findings, status, revision number, its creation and change times). An earlier
  copy — the same package imported before, the same application imported from another
  package (its ``origin``), or the original itself when the package was made here — is
  listed in :attr:`ImportPlan.earlier`, and the import then needs ``as_copy=True``.
* **Attachments**: the application's own ones go with the new application; an
  enterprise's general document already attached to the enterprise here (same SHA-256) is
  not added twice.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from coop_desktop import limits
from coop_desktop import validation as v
from coop_desktop.db import Database
from coop_desktop.db.repositories import enterprises as enterprise_repo
from coop_desktop.errors import CoopError, Message, ValidationError
from coop_desktop.exchange import package_format as fmt
from coop_desktop.exchange.package_dossier import (
    ENTERPRISE_FIELDS,
    TITLE_FIELDS,
    Dossier,
    aware,
    field_times,
    parse_dossier,
    recorded_changes,
)
from coop_desktop.exchange.package_export import ORIGIN_FIELD, PACKAGE_FIELD
from coop_desktop.exchange.package_format import FileStamp, Manifest, PackageError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Application,
    AuditAction,
    AuditEntry,
    Attachment,
    EnterpriseCreate,
    SrdiTitle,
    SrdiTitleCreate,
    Zone,
    ZoneCreate,
)
from coop_desktop.services import enterprise_checks, records

#: The difference key of the SRDI titles to add (beside the enterprise's field names).
TITLES = "srdi_titles"
MINE, THEIRS = "mine", "theirs"
_SECTION_KEY = re.compile(r"[A-Za-z0-9_.\-]{1,60}")

MSG_UNUSED = N_("The package has been changed: “{name}” is not part of its dossier. Nothing was "
                "imported.")
MSG_INVALID = N_("The package cannot be imported: {record} in dossier.json does not meet the "
                 "rules of this computer ({field}: {problem}). Nothing was imported.")
MSG_IN_BIN = N_("The enterprise {name} (USCC {uscc}) is in the recycle bin on this computer. "
                "Restore it first, then import the package again.")
RECORDS = {
    "application": N_("the application"),
    "enterprise": N_("the enterprise"),
    "srdi_title": N_("an SRDI title"),
    "zone": N_("the zone"),
    "application_section": N_("a section"),
    "application_revision": N_("a frozen revision"),
    "qa_ignore": N_("an ignored finding"),
    "attachment": N_("an attachment"),
}


# ------------------------------------------------------------------ the checked package


@dataclass(frozen=True)
class Package:
    """A package that passed every check of ``package_format`` and ``package_dossier``."""

    path: Path
    stamp: FileStamp
    manifest: Manifest
    dossier: Dossier

    @property
    def package_id(self) -> str:
        return self.manifest.package_id

    @property
    def made_by(self) -> dict[str, str]:
        return self.manifest.made_by

    @property
    def created_at(self) -> datetime | None:
        try:
            return aware(datetime.fromisoformat(self.manifest.created_at))
        except ValueError:
            return None

    @property
    def has_pdf(self) -> bool:
        return self.manifest.member(fmt.PDF) is not None

    @property
    def files(self) -> int:
        return len(self.manifest.files)

    @property
    def size(self) -> int:
        return sum(m.size for m in self.manifest.files)


def _cross_check(verified: fmt.Verified, dossier: Dossier) -> None:
    """The dossier's attachments are exactly the ``attachments/`` members, sizes equal; a
    PDF member exactly when the dossier describes one."""
    members = {m.name: m for m in verified.manifest.files}
    wanted = {fmt.ATTACHMENTS + a.sha256: a for a in dossier.attachments}
    for name in members:
        if name.startswith(fmt.ATTACHMENTS) and name not in wanted:
            raise PackageError(MSG_UNUSED, member=name, name=name)
    for name, item in wanted.items():
        member = members.get(name)
        if member is None:
            raise PackageError(fmt.MSG_MISSING, member=name, name=name)
        if member.size != item.size:
            raise PackageError(fmt.MSG_SIZE, member=name, name=name, size=member.size,
                               expected=item.size)
    if (fmt.PDF in members) != (dossier.pdf is not None):
        raise PackageError(MSG_UNUSED if fmt.PDF in members else fmt.MSG_MISSING,
                           member=fmt.PDF, name=fmt.PDF)


def inspect_iter(path: str | os.PathLike[str]) -> Generator[tuple[int, int], None, Package]:
    """Check a package completely (``package_format``'s steps, then the dossier); yields
    ``(bytes done, total)``; returns the :class:`Package`. Reads only; raises
    :class:`PackageError` naming the bad member."""
    from coop_desktop.db.migrate import known_revisions

    verified = yield from fmt.verify_iter(path, known_revisions=known_revisions())
    dossier = parse_dossier(verified.dossier)
    _cross_check(verified, dossier)
    return Package(verified.path, verified.stamp, verified.manifest, dossier)


def inspect_package(path: str | os.PathLike[str], *,
                    progress: Callable[[int, int], Any] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> Package:
    """:func:`inspect_iter` run to the end."""
    from coop_desktop.exchange.package_export import run

    return run(inspect_iter(path), progress, cancelled)


# ------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class FieldDifference:
    """One enterprise field (or :data:`TITLES`) that differs between here and the package."""

    field: str
    mine: Any
    theirs: Any
    mine_changed: datetime | None
    theirs_changed: datetime | None
    #: The audit trail here records a change of this field (else ``mine_changed`` is the
    #: record's creation).
    mine_recorded: bool = True

    @property
    def local_newer(self) -> bool:
        """Changed here at the same time as, or after, the package's version was made. A
        field that is empty here and was never set here has nothing to protect."""
        if self.field == TITLES or self.mine_changed is None:
            return False
        if not self.mine_recorded and _same(self.mine, None):
            return False
        return self.theirs_changed is None or self.mine_changed >= self.theirs_changed

    @property
    def suggested(self) -> str:
        return MINE if self.local_newer else THEIRS


@dataclass(frozen=True)
class EnterprisePlan:
    action: str  # "create" or "merge"
    uscc: str
    name_zh: str
    name_en: str | None
    #: The package's values, checked and normalised with the form's rules.
    values: dict[str, Any]
    local_id: int | None = None
    #: The local values when the plan was made (the base of the merge).
    base: dict[str, Any] | None = None
    differences: tuple[FieldDifference, ...] = ()
    #: The package's SRDI titles that this enterprise does not have.
    titles_new: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class ZonePlan:
    action: str  # "none", "match", "create" or "deleted"
    name_zh: str | None = None
    name_en: str | None = None
    local_id: int | None = None
    matched_by: str | None = None  # "source_key" or "name"
    values: dict[str, Any] = field(default_factory=dict)
    source_key: str | None = None
    source_version: str | None = None
    user_edited: bool = False


@dataclass(frozen=True)
class EarlierCopy:
    app_id: int
    title_zh: str
    title_en: str
    status: str
    #: When it was imported here (None: it was made here — the package came from here).
    imported_at: datetime | None
    same_package: bool


@dataclass(frozen=True)
class AttachmentPlan:
    sha256: str
    size: int
    name: str
    kind: str
    application: bool
    expires_on: date | None
    note: str | None
    created_at: datetime
    #: A general document already attached to the enterprise here: not added again.
    skip: bool = False


@dataclass(frozen=True)
class ImportPlan:
    package: Package
    enterprise: EnterprisePlan
    zone: ZonePlan
    application: dict[str, Any]
    earlier: tuple[EarlierCopy, ...]
    attachments: tuple[AttachmentPlan, ...]
    template_known: bool
    warnings: tuple[Message, ...] = ()

    @property
    def differences(self) -> tuple[FieldDifference, ...]:
        return self.enterprise.differences

    def default_choices(self) -> dict[str, str]:
        """The suggested choice per difference (see the module docstring)."""
        return {d.field: d.suggested for d in self.differences}

    def choices_for_all(self, side: str) -> dict[str, str]:
        return {d.field: side for d in self.differences}


def _invalid(entity: str, exc: ValidationError) -> PackageError:
    first = exc.errors[0]
    return PackageError(MSG_INVALID, member=fmt.DOSSIER, record=Message(RECORDS[entity]),
                        field=Message(limits.label(entity, first.field)),
                        problem=first.message)


def _checked(entity: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except ValidationError as exc:
        raise _invalid(entity, exc) from None


def _refuse(entity: str, name: str, msgid: str, **params: Any) -> PackageError:
    return _invalid(entity, ValidationError.single(name, msgid, **params))


def _enterprise_values(d: Dossier, today: date) -> dict[str, Any]:
    parsed = _checked("enterprise", lambda: records.parse_input(EnterpriseCreate, d.enterprise))
    return _checked("enterprise",
                    lambda: enterprise_checks.check(parsed.model_dump(), today=today))


def _application_values(d: Dossier) -> dict[str, Any]:
    a = d.application
    values = {"title_zh": a.title_zh.strip(), "title_en": a.title_en.strip(),
              "country": (a.country or "").strip().upper() or None,
              "reference_no": (a.reference_no or "").strip() or None, "deadline": a.deadline}
    _checked("application", lambda: limits.enforce("application", values))
    errors = [v.check_required("title_zh", values["title_zh"]),
              v.check_required("title_en", values["title_en"])]
    if values["country"]:
        errors.append(v.check_country_codes("country", [values["country"]]))
    found = [e for e in errors if e is not None]
    if found:
        raise _invalid("application", ValidationError(found))
    for section in d.sections:
        if not _SECTION_KEY.fullmatch(section.key):
            raise _refuse("application_section", "key", records.MSG_INVALID_VALUE)
        _checked("application_section", lambda s=section: limits.enforce(
            "application_section", {"zh": s.zh, "en": s.en}))
    for ignore in d.qa_ignores:
        if not ignore.reason.strip():
            raise _refuse("qa_ignore", "reason", records.MSG_REQUIRED)
        _checked("qa_ignore", lambda i=ignore: limits.enforce("qa_ignore", {"reason": i.reason}))
    for revision in d.revisions:
        try:
            snapshot = json.loads(revision.snapshot)
        except (ValueError, RecursionError):
            snapshot = None
        if not isinstance(snapshot, dict):
            raise _refuse("application_revision", "snapshot", records.MSG_INVALID_VALUE)
    return {**values, "template_key": a.template_key, "template_version": a.template_version,
            "status": a.status, "revision": a.revision, "created_at": a.created_at,
            "updated_at": a.updated_at, "origin": a.origin}


def _title_key(values: dict[str, Any] | SrdiTitle) -> tuple[Any, ...]:
    """What makes two SRDI titles the same title: tier, level, grant date and batch."""
    get = values.get if isinstance(values, dict) else lambda k: getattr(values, k, None)
    return (str(getattr(get("tier"), "value", get("tier"))),
            str(getattr(get("level"), "value", get("level"))), get("granted_on"),
            get("batch") or None)


def _titles(session: Session, d: Dossier) -> list[dict[str, Any]]:
    from coop_desktop.services.catalog import titles

    out = []
    for raw in d.titles:
        parsed = _checked("srdi_title", lambda r=raw: records.parse_input(
            SrdiTitleCreate, {**r, "enterprise_id": 0}))
        values = _checked("srdi_title", lambda p=parsed: titles.check(session, p.model_dump(),
                                                                      None))
        values.pop("enterprise_id", None)
        out.append(values)
    return out


def _same(a: Any, b: Any) -> bool:
    """Equal, or both empty (None, "" and [] are the same "no value")."""
    if a == b:
        return True
    return a in (None, "", []) and b in (None, "", [])


def _plan_enterprise(session: Session, d: Dossier, values: dict[str, Any],
                     titles: list[dict[str, Any]]) -> EnterprisePlan:
    row = enterprise_repo.find_by_uscc(session, values["uscc"])
    if row is None:
        return EnterprisePlan("create", values["uscc"], values["name_zh"], values.get("name_en"),
                              values, titles_new=tuple(titles))
    if row.deleted_at is not None:
        raise CoopError(MSG_IN_BIN, name=row.name_zh, uscc=row.uscc)
    assert row.id is not None
    base = {k: getattr(row, k) for k in ENTERPRISE_FIELDS}
    recorded = recorded_changes(session, row.id, ENTERPRISE_FIELDS)
    mine_times = field_times(session, row.id, ENTERPRISE_FIELDS, row.created_at)
    theirs_default = aware(d.enterprise_updated_at)
    differences = []
    for name in ENTERPRISE_FIELDS:
        if name == "uscc" or _same(base[name], values.get(name)):
            continue
        theirs_time = d.enterprise_changed_at.get(name)
        differences.append(FieldDifference(
            name, base[name], values.get(name), mine_times[name],
            aware(theirs_time) if theirs_time else theirs_default, name in recorded))
    local_titles = session.exec(select(SrdiTitle).where(SrdiTitle.enterprise_id == row.id)).all()
    have = {_title_key(t) for t in local_titles}
    new = tuple(t for t in titles if _title_key(t) not in have)
    if new:
        live = [{k: getattr(t, k) for k in TITLE_FIELDS} for t in local_titles
                if t.deleted_at is None]
        differences.append(FieldDifference(TITLES, live, list(new), None, None))
    return EnterprisePlan("merge", row.uscc, row.name_zh, row.name_en, values, row.id, base,
                          tuple(differences), new)


def _plan_zone(session: Session, d: Dossier) -> tuple[ZonePlan, list[Message]]:
    from coop_desktop.services.catalog import zones

    if d.zone is None:
        return ZonePlan("none"), []
    values = _checked("zone", lambda: zones.check(
        session, records.parse_input(ZoneCreate, d.zone.values).model_dump(), None))  # type: ignore[union-attr]
    name_zh, name_en = values.get("name_zh"), values.get("name_en")
    key = d.zone.source_key
    row = None
    if key:
        row = session.exec(select(Zone).where(Zone.source_key == key)).first()
        by = "source_key"
    if row is None:
        by = "name"
        row = session.exec(select(Zone).where(Zone.name_zh == name_zh,
                                              col(Zone.deleted_at).is_(None))
                           .order_by(col(Zone.id))).first()
        if row is not None and key and row.source_key:
            row = None  # another shipped zone of the same name: not this one
    if row is not None and row.deleted_at is not None:
        warning = Message(N_("The zone “{name}” is in the recycle bin on this computer: the "
                            "application is imported without a zone. Restore the zone and set "
                            "it in the application's details."), {"name": row.name_zh})
        return ZonePlan("deleted", row.name_zh, row.name_en, row.id, by), [warning]
    if row is not None:
        return ZonePlan("match", row.name_zh, row.name_en, row.id, by), []
    return ZonePlan("create", name_zh, name_en, values=values, source_key=key or None,
                    source_version=d.zone.source_version if key else None,
                    user_edited=d.zone.user_edited if key else False), []


def _earlier(session: Session, package: Package) -> list[EarlierCopy]:
    origin = package.dossier.application.origin
    found: dict[int, tuple[datetime | None, bool]] = {}
    rows = session.exec(select(AuditEntry).where(
        AuditEntry.entity == "application", col(AuditEntry.field).in_([PACKAGE_FIELD,
                                                                         ORIGIN_FIELD]),
        col(AuditEntry.new_value).in_([package.package_id, origin]))).all()
    for r in rows:
        when, same = found.get(r.entity_id, (aware(r.at), False))
        same = same or (r.field == PACKAGE_FIELD and r.new_value == package.package_id)
        found[r.entity_id] = (when, same)
    match = re.fullmatch(r"([0-9a-f]{32})-(\d{1,18})", origin)
    if match:
        own = session.exec(select(AuditEntry.entity_id).where(
            AuditEntry.op_id == match.group(1), AuditEntry.entity == "application",
            AuditEntry.entity_id == int(match.group(2)),
            AuditEntry.action == AuditAction.CREATE.value)).first()
        if own is not None and own not in found:
            found[own] = (None, False)
    out = []
    for app_id, (when, same) in sorted(found.items()):
        app = session.get(Application, app_id)
        if app is None or app.deleted_at is not None:
            continue
        out.append(EarlierCopy(app_id, app.title_zh, app.title_en,
                               str(getattr(app.status, "value", app.status)), when, same))
    return out


def _attachments(session: Session, d: Dossier, enterprise: EnterprisePlan
                 ) -> list[AttachmentPlan]:
    from coop_desktop.services.attachments import display_name

    general_here: set[str] = set()
    if enterprise.local_id is not None:
        general_here = set(session.exec(select(Attachment.sha256).where(
            Attachment.enterprise_id == enterprise.local_id,
            col(Attachment.application_id).is_(None),
            col(Attachment.deleted_at).is_(None))).all())
    out = []
    for a in d.attachments:
        name = display_name(a.original_name)
        note = (a.note or "").strip() or None
        _checked("attachment", lambda n=name, t=note: limits.enforce(
            "attachment", {"original_name": n, "note": t}))
        out.append(AttachmentPlan(a.sha256, a.size, name, str(a.kind.value), a.application,
                                  a.expires_on, note, a.created_at,
                                  skip=not a.application and a.sha256 in general_here))
    return out


def plan_import(db: Database, package: Package, *, today: date | None = None) -> ImportPlan:
    """What importing ``package`` here would do (reads only; see the module docstring).

    Raises PackageError when the dossier's records break this computer's rules (naming the
    record and field), CoopError when the enterprise is in the recycle bin here.
    """
    from coop_desktop.services.application_common import _template

    d = package.dossier
    today = today or date.today()
    values = _enterprise_values(d, today)
    application = _application_values(d)
    with db.read() as session:
        titles = _titles(session, d)
        enterprise = _plan_enterprise(session, d, values, titles)
        zone, warnings = _plan_zone(session, d)
        earlier = _earlier(session, package)
        attachments = _attachments(session, d, enterprise)
    known = _template(d.application.template_key) is not None
    if not known:
        warnings.append(Message(N_("This version of Coop Desktop does not have the template "
                                   "“{key}” of this application: its sections are shown with "
                                   "their keys as titles."), {"key": d.application.template_key}))
    return ImportPlan(package, enterprise, zone, application, tuple(earlier),
                      tuple(attachments), known, tuple(warnings))
