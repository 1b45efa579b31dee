"""Applications: a bilingual document drafted from a template for one enterprise.

``Application`` holds the metadata and workflow state, ``ApplicationSection`` the text of
the current (editable) revision, one row per template section. Submitting freezes an
``ApplicationRevision``: a JSON snapshot of the text *and* of the record data it was
built from; it is never changed afterwards (the services have no update for it, and on
SQLite triggers from migration 0005 refuse UPDATE and DELETE). ``QaIgnore`` records
that a person looked at one QA finding and decided it does not apply, and why.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import ApplicationStatus, SoftDelete, Timestamps, utcnow


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target, ondelete="RESTRICT"), nullable=nullable, index=index)


# ---------------------------------------------------------------- Application
class ApplicationBase(SQLModel):
    title_zh: str = Field(sa_type=String(300))
    title_en: str = Field(sa_type=String(400))
    country: str | None = Field(default=None, sa_type=String(2))  # ISO 3166-1 alpha-2
    reference_no: str | None = Field(default=None, sa_type=String(80))
    deadline: date | None = Field(default=None, index=True)


class Application(ApplicationBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "application"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(sa_column=_fk("enterprise.id"))
    zone_id: int | None = Field(default=None, sa_column=_fk("zone.id", nullable=True))
    template_key: str = Field(sa_type=String(60))
    template_version: int
    status: ApplicationStatus = Field(
        default=ApplicationStatus.DRAFT, sa_type=String(20), index=True,
        sa_column_kwargs={"server_default": ApplicationStatus.DRAFT.value})
    #: The number of the current (editable or last frozen) revision, from 1.
    revision: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ApplicationUpdate(SQLModel):
    """Metadata changes; only the fields that are set change (``model_fields_set``)."""

    title_zh: str | None = None
    title_en: str | None = None
    zone_id: int | None = None
    country: str | None = None
    reference_no: str | None = None
    deadline: date | None = None


class ApplicationRead(ApplicationBase):
    id: int
    enterprise_id: int
    zone_id: int | None
    template_key: str
    template_version: int
    status: ApplicationStatus
    revision: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


class ApplicationSummary(SQLModel):
    """One row of the application list: what a table shows, computed for ``today``.

    ``days_left`` is set for draft and ready applications with a deadline (negative once
    it has passed), None otherwise.

    ``completeness_zh``/``_en`` are the share (0–1) of required sections that are done on
    that side (see ``services.applications.completeness``).
    """

    id: int
    enterprise_id: int
    enterprise_name_zh: str
    enterprise_name_en: str | None
    template_key: str
    title_zh: str
    title_en: str
    status: ApplicationStatus
    revision: int
    deadline: date | None
    days_left: int | None
    updated_at: datetime
    completeness_zh: float
    completeness_en: float
    deleted_at: datetime | None = None


# ---------------------------------------------------------------- Sections
class ApplicationSection(SQLModel, table=True):
    """The text of one section of the current revision (placeholders already filled)."""

    __tablename__ = "application_section"
    __table_args__ = (
        Index("ix_application_section_key", "application_id", "key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(sa_column=_fk("application.id", index=False))
    key: str = Field(sa_type=String(60))
    position: int
    zh: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    en: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class ApplicationSectionRead(SQLModel):
    id: int
    application_id: int
    key: str
    position: int
    zh: str
    en: str
    updated_at: datetime


# ---------------------------------------------------------------- Revisions
class ApplicationRevision(SQLModel, table=True):
    """A frozen revision: written once on submission, never changed.

    ``snapshot`` is JSON text (``services.applications.SNAPSHOT_FORMAT``): the sections in
    both languages and the enterprise, titles, zone, country, officer and template the
    text was built from, so the submitted document can be shown exactly as it was.
    """

    __tablename__ = "application_revision"
    __table_args__ = (
        Index("ix_application_revision_number", "application_id", "number", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(sa_column=_fk("application.id", index=False))
    number: int
    status: ApplicationStatus = Field(sa_type=String(20))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    actor: str = Field(sa_type=String(100))
    snapshot: str = Field(sa_type=Text)


class ApplicationRevisionRead(SQLModel):
    id: int
    application_id: int
    number: int
    status: ApplicationStatus
    created_at: datetime
    actor: str
    snapshot: str


# ---------------------------------------------------------------- QA ignores
class QaIgnore(SQLModel, table=True):
    """One QA finding a person decided to accept, with the reason (required)."""

    __tablename__ = "qa_ignore"
    __table_args__ = (
        Index("ix_qa_ignore_issue", "application_id", "section_key", "issue_key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(sa_column=_fk("application.id", index=False))
    section_key: str = Field(sa_type=String(60))
    issue_key: str = Field(sa_type=String(200))
    reason: str = Field(sa_type=Text)
    actor: str = Field(sa_type=String(100))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class QaIgnoreRead(SQLModel):
    id: int
    application_id: int
    section_key: str
    issue_key: str
    reason: str
    actor: str
    created_at: datetime
