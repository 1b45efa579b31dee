"""Enumerations and mixins shared by the table models."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from coop_desktop.i18n.catalog import N_


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (sqlmodel's column type stores and returns UTC)."""
    return datetime.now(UTC).replace(microsecond=0)


class LegalForm(StrEnum):
    LIMITED_LIABILITY = "limited_liability"
    JOINT_STOCK = "joint_stock"
    PARTNERSHIP = "partnership"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"
    OTHER = "other"


class TitleTier(StrEnum):
    INNOVATIVE = "innovative"  # 创新型中小企业
    SRDI = "srdi"  # 专精特新中小企业
    LITTLE_GIANT = "little_giant"  # 专精特新"小巨人"企业
    SINGLE_CHAMPION = "single_champion"  # 制造业单项冠军企业


#: The level each tier is granted at: innovative and SRDI SMEs are recognised by the
#: provinces, Little Giants and manufacturing single champions by MIIT. No other pair exists.
TIER_LEVEL: dict[str, str] = {
    "innovative": "provincial",
    "srdi": "provincial",
    "little_giant": "national",
    "single_champion": "national",
}

#: A tier's prerequisite on the ladder (a Little Giant must already be an SRDI SME).
TIER_REQUIRES: dict[str, str] = {"little_giant": "srdi"}


class TitleLevel(StrEnum):
    PROVINCIAL = "provincial"
    NATIONAL = "national"


class TitleStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNDER_REVIEW = "under_review"


class TitleEventKind(StrEnum):
    """What happens to a title after it is granted."""

    REVIEW = "review"  # 复核
    ANNUAL_UPDATE = "annual_update"  # 年度数据更新 (by 30 April)
    MAJOR_CHANGE = "major_change"  # 重大变化 (rename, merger, move…)
    MAJOR_CHANGE_REPORT = "major_change_report"  # its report, due within 3 months
    REVOCATION = "revocation"  # 撤销


class TitleEventResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    PENDING = "pending"


class InteractionKind(StrEnum):
    VISIT = "visit"
    CALL = "call"
    MATCHMAKING = "matchmaking"
    FINANCING = "financing"
    TRAINING = "training"
    DELEGATION = "delegation"


class LinkStatus(StrEnum):
    INTERESTED = "interested"
    PREPARING = "preparing"
    APPLIED = "applied"
    ADMITTED = "admitted"
    WITHDRAWN = "withdrawn"


class ZoneBatch(StrEnum):
    LEGACY = "legacy"
    LIST_2025 = "2025"


class ApplicationStatus(StrEnum):
    """Where an application stands. Only ``draft`` is editable; ``submitted`` froze a
    revision (see ``services.applications`` for the allowed transitions)."""

    DRAFT = "draft"
    READY = "ready"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    PURGE = "purge"  # deleted for good from the recycle bin (no values kept)


#: English labels (msgids) of enum values, for the UI and the CLI.
LABELS: dict[str, str] = {
    LegalForm.LIMITED_LIABILITY: N_("Limited liability company"),
    LegalForm.JOINT_STOCK: N_("Company limited by shares"),
    LegalForm.PARTNERSHIP: N_("Partnership"),
    LegalForm.SOLE_PROPRIETORSHIP: N_("Sole proprietorship"),
    LegalForm.OTHER: N_("Other"),
    TitleTier.INNOVATIVE: N_("Innovative SME"),
    TitleTier.SRDI: N_("SRDI SME"),
    TitleTier.LITTLE_GIANT: N_("SRDI Little Giant"),
    TitleTier.SINGLE_CHAMPION: N_("Manufacturing single champion"),
    TitleEventKind.REVIEW: N_("Re-review"),
    TitleEventKind.ANNUAL_UPDATE: N_("Annual data update"),
    TitleEventKind.MAJOR_CHANGE: N_("Major change"),
    TitleEventKind.MAJOR_CHANGE_REPORT: N_("Major change reported"),
    TitleEventKind.REVOCATION: N_("Revocation"),
    TitleEventResult.PASSED: N_("Passed"),
    TitleEventResult.FAILED: N_("Not passed"),
    TitleEventResult.PENDING: N_("Pending"),
    TitleLevel.PROVINCIAL: N_("Provincial"),
    TitleLevel.NATIONAL: N_("National"),
    TitleStatus.ACTIVE: N_("Active"),
    TitleStatus.EXPIRED: N_("Expired"),
    TitleStatus.REVOKED: N_("Revoked"),
    TitleStatus.UNDER_REVIEW: N_("Under re-review"),
    InteractionKind.VISIT: N_("Visit"),
    InteractionKind.CALL: N_("Call"),
    InteractionKind.MATCHMAKING: N_("Matchmaking event"),
    InteractionKind.FINANCING: N_("Financing event"),
    InteractionKind.TRAINING: N_("Training"),
    InteractionKind.DELEGATION: N_("Delegation abroad"),
    LinkStatus.INTERESTED: N_("Interested"),
    LinkStatus.PREPARING: N_("Preparing"),
    LinkStatus.APPLIED: N_("Applied"),
    LinkStatus.ADMITTED: N_("Admitted"),
    LinkStatus.WITHDRAWN: N_("Withdrawn"),
    ZoneBatch.LEGACY: N_("Approved 2012–2024"),
    ZoneBatch.LIST_2025: N_("2025 list"),
    ApplicationStatus.DRAFT: N_("Draft"),
    ApplicationStatus.READY: N_("Ready to submit"),
    ApplicationStatus.SUBMITTED: N_("Submitted"),
    ApplicationStatus.ACCEPTED: N_("Accepted"),
    ApplicationStatus.REJECTED: N_("Rejected"),
    # Not ApplicationStatus.WITHDRAWN: it is the same key as LinkStatus.WITHDRAWN (StrEnum
    # members hash as their value). Use APPLICATION_STATUS_LABELS for applications.
}

#: Labels of application statuses. "withdrawn" needs its own msgid: a withdrawn
#: application (撤回) is not an enterprise that left a zone (LinkStatus, 退出).
APPLICATION_STATUS_LABELS: dict[ApplicationStatus, str] = {
    **{s: LABELS[s] for s in ApplicationStatus if s != ApplicationStatus.WITHDRAWN},
    ApplicationStatus.WITHDRAWN: N_("Withdrawn by the applicant"),
}


class Timestamps(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False, index=True)


class SoftDelete(SQLModel):
    """Rows are never deleted by the app: ``deleted_at`` puts them in the recycle bin."""

    deleted_at: datetime | None = Field(default=None, index=True)


class ReferenceOrigin(SQLModel):
    """Where a row came from, for rows that the app ships as reference data.

    ``source_key`` is the key in the shipped file (None for a user's own row),
    ``source_version`` the data version last applied, and ``user_edited`` is set by the
    services as soon as a user changes the row: a newer shipped version then leaves it alone.
    """

    source_key: str | None = Field(default=None, sa_type=String(80), unique=True)
    source_version: str | None = Field(default=None, sa_type=String(40))
    user_edited: bool = Field(default=False, nullable=False)
