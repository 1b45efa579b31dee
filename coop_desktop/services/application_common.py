"""What the application modules share: entity names, the editability rule, what the
template says about each section, row loaders, and refusals whose message parameters are
translated for each reader (see :mod:`coop_desktop.services.applications`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from coop_desktop import limits
from coop_desktop.documents.templates import Template, TemplateError, get_template
from coop_desktop.errors import FieldError, Message, NotFoundError, ValidationError, quote_param
from coop_desktop.i18n.catalog import N_, english
from coop_desktop.models import (
    APPLICATION_STATUS_LABELS,
    Application,
    ApplicationRead,
    ApplicationRevision,
    ApplicationSection,
    ApplicationStatus,
)
from coop_desktop.services import records

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator

ENTITY = "application"
SECTION_ENTITY = "application_section"
REVISION_ENTITY = "application_revision"
IGNORE_ENTITY = "qa_ignore"

S = ApplicationStatus
EDITABLE = frozenset({S.DRAFT})

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
MSG_UNKNOWN_SECTION = N_("The application has no section “{key}”.")
MSG_UNKNOWN_REVISION = N_("The application has no revision {number}.")


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


@dataclass(frozen=True)
class _LocalMessage(Message):
    """A :class:`Message` whose parameters may be :class:`_Param` (translated per reader)."""

    def render(self, tr: Translator | None = None) -> str:
        tr = tr or english()
        params = {k: p.text(tr) if isinstance(p, _Param) else quote_param(p)
                  for k, p in self.params.items()}
        return tr.gettext(self.msgid).format(**params)


def _refuse(field_name: str, msgid: str, **params: Any) -> ValidationError:
    return ValidationError([FieldError(field_name, _LocalMessage(msgid, params))])


def _status(value: ApplicationStatus | str) -> _Msgid:
    return _Msgid(APPLICATION_STATUS_LABELS[ApplicationStatus(value)])


def status_label(status: ApplicationStatus | str, tr: Translator | None = None) -> str:
    """The display name of a status in the reader's language."""
    return _status(status).text(tr or english())


# ---------------------------------------------------------------- sections
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
    #: Printed when empty: "omit" (left out) or "none" (无 / None); see ``SectionSpec``.
    empty: str = "omit"
    #: 1 a heading, 2 a sub-heading.
    level: int = 1
    #: False for a section the template has retired: kept, shown, never printed.
    printed: bool = True

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


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
                                   spec.max_zh_chars, spec.max_en_words, spec.kind,
                                   spec.empty, spec.level, spec.printed)
    return out


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


def _revision(session: Session, app_id: int, number: int) -> ApplicationRevision:
    if not limits.INT64_MIN <= number <= limits.INT64_MAX:  # no such revision can exist
        raise NotFoundError(MSG_UNKNOWN_REVISION, number=number)
    row = session.exec(select(ApplicationRevision).where(
        ApplicationRevision.application_id == app_id,
        ApplicationRevision.number == number)).first()
    if row is None:
        raise NotFoundError(MSG_UNKNOWN_REVISION, number=number)
    return row


def _read(app: Application) -> ApplicationRead:
    return records.read(ApplicationRead, app)

