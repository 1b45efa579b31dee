"""Files attached to an enterprise (and optionally to one of its applications).

The bytes live in the attachment store (``services.attachments``), named by their
SHA-256; the row keeps the hash, the size and the *display* name. ``original_name`` is
metadata only: it was sanitised for display and is never used to build a path.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from coop_desktop.i18n.catalog import N_
from coop_desktop.models.common import SoftDelete, Timestamps


class AttachmentKind(StrEnum):
    LICENCE = "licence"  # 营业执照
    AUDIT_REPORT = "audit_report"  # 审计报告
    IP_CERTIFICATE = "ip_certificate"  # 知识产权证书
    CREDIT_REPORT = "credit_report"  # 信用报告
    OTHER = "other"


#: English labels (msgids) of the attachment kinds.
KIND_LABELS: dict[str, str] = {
    AttachmentKind.LICENCE: N_("Business licence"),
    AttachmentKind.AUDIT_REPORT: N_("Audit report"),
    AttachmentKind.IP_CERTIFICATE: N_("IP certificate"),
    AttachmentKind.CREDIT_REPORT: N_("Credit report"),
    AttachmentKind.OTHER: N_("Other document"),
}


class AttachmentBase(SQLModel):
    kind: AttachmentKind = Field(
        default=AttachmentKind.OTHER, sa_type=String(20),
        sa_column_kwargs={"server_default": AttachmentKind.OTHER.value})
    expires_on: date | None = None
    note: str | None = None


class Attachment(AttachmentBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(sa_column=Column(
        Integer, ForeignKey("enterprise.id", ondelete="RESTRICT"), nullable=False, index=True))
    application_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("application.id", ondelete="RESTRICT"), nullable=True, index=True))
    #: The sanitised file name, for display only (never a path).
    original_name: str = Field(sa_type=String(255))
    #: Lower-case hex SHA-256 of the content; also the name of the stored file.
    sha256: str = Field(sa_type=String(64), index=True)
    size: int = Field(sa_type=BigInteger)


class AttachmentCreate(AttachmentBase):
    enterprise_id: int
    application_id: int | None = None


class AttachmentUpdate(SQLModel):
    """Metadata changes (the content of an attachment never changes: add a new one)."""

    kind: AttachmentKind | None = None
    expires_on: date | None = None
    note: str | None = None
    original_name: str | None = None
    application_id: int | None = None


class AttachmentRead(AttachmentBase):
    id: int
    enterprise_id: int
    application_id: int | None
    original_name: str
    sha256: str
    size: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
