"""Enterprises and what hangs off them: SRDI titles, contacts and interactions.

Money is integer fen (1/100 yuan) in CNY unless a ``*_currency`` column says otherwise.
Percentages are exact Decimals with two places. Lists (tags, ISO country codes,
languages) are ``list[str]``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, text
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import (
    InteractionKind,
    LegalForm,
    SoftDelete,
    TitleLevel,
    TitleStatus,
    TitleTier,
    Timestamps,
)
from coop_desktop.models.types import DelimitedList, ScaledDecimal


def _fk(target: str, *, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target, ondelete="RESTRICT"), nullable=False, index=index)


# ---------------------------------------------------------------- Enterprise
class EnterpriseBase(SQLModel):
    name_zh: str = Field(sa_type=String(200))
    name_en: str | None = Field(default=None, sa_type=String(300))
    uscc: str = Field(sa_type=String(18))
    legal_form: LegalForm | None = Field(default=None, sa_type=String(30))
    legal_rep: str | None = Field(default=None, sa_type=String(100))
    registered_capital_fen: int | None = Field(default=None, sa_type=BigInteger)
    registered_capital_currency: str = Field(default="CNY", sa_type=String(3))
    established_on: date | None = None
    province_code: str | None = Field(default=None, sa_type=String(6), index=True)
    city_code: str | None = Field(default=None, sa_type=String(6), index=True)
    city_zh: str | None = Field(default=None, sa_type=String(100))
    city_en: str | None = Field(default=None, sa_type=String(100))
    address_zh: str | None = Field(default=None, sa_type=String(300))
    address_en: str | None = Field(default=None, sa_type=String(400))
    industry: str | None = Field(default=None, sa_type=String(40), index=True)
    business_scope_zh: str | None = None
    business_scope_en: str | None = None
    employees: int | None = None
    revenue_fen: int | None = Field(default=None, sa_type=BigInteger)
    total_assets_fen: int | None = Field(default=None, sa_type=BigInteger)
    main_business_share: Decimal | None = Field(default=None, sa_type=ScaledDecimal(2))
    rd_expense_fen: int | None = Field(default=None, sa_type=BigInteger)
    rd_staff: int | None = None
    digitalisation_level: int | None = None  # 1–4, MIIT SME digitalisation assessment
    export_markets: list[str] = Field(default_factory=list, sa_type=DelimitedList)
    target_countries: list[str] = Field(default_factory=list, sa_type=DelimitedList)
    website: str | None = Field(default=None, sa_type=String(300))
    description_zh: str | None = None
    description_en: str | None = None
    tags: list[str] = Field(default_factory=list, sa_type=DelimitedList)
    # The characteristic SME industrial cluster and the digital-transformation pilot city
    # the enterprise belongs to (reference data, see models.programme).
    # (No ON DELETE clause: SQLite's default, checked at the end of each statement, refuses
    # to delete a referenced row just the same; see migration 0007.)
    cluster_id: int | None = Field(default=None, foreign_key="sme_cluster.id", index=True)
    pilot_city_id: int | None = Field(default=None, foreign_key="pilot_city.id", index=True)


class Enterprise(EnterpriseBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "enterprise"
    __table_args__ = (
        Index("ix_enterprise_uscc", "uscc", unique=True),
        Index("ix_enterprise_size_class", "size_class"),
        # Only the recycle bin looks rows up by deleted_at; a full index on it would make
        # SQLite prefer it for every live-list query (all NULL) over the sort indexes.
        Index(
            "ix_enterprise_deleted_at",
            "deleted_at",
            sqlite_where=text("deleted_at IS NOT NULL"),
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    deleted_at: datetime | None = Field(default=None)  # indexed partially, above
    # Derived by the services, never typed by a user:
    size_class: str | None = Field(default=None, sa_type=String(10))
    size_standard: str | None = Field(default=None, sa_type=String(40))
    name_pinyin: str | None = Field(default=None, sa_type=String(600))
    search_tokens: str | None = None


class EnterpriseCreate(EnterpriseBase):
    pass


class EnterpriseUpdate(SQLModel):
    """Only the fields that are set (``model_fields_set``) are changed."""

    name_zh: str | None = None
    name_en: str | None = None
    uscc: str | None = None
    legal_form: LegalForm | None = None
    legal_rep: str | None = None
    registered_capital_fen: int | None = None
    registered_capital_currency: str | None = None
    established_on: date | None = None
    province_code: str | None = None
    city_code: str | None = None
    city_zh: str | None = None
    city_en: str | None = None
    address_zh: str | None = None
    address_en: str | None = None
    industry: str | None = None
    business_scope_zh: str | None = None
    business_scope_en: str | None = None
    employees: int | None = None
    revenue_fen: int | None = None
    total_assets_fen: int | None = None
    main_business_share: Decimal | None = None
    rd_expense_fen: int | None = None
    rd_staff: int | None = None
    digitalisation_level: int | None = None
    export_markets: list[str] | None = None
    target_countries: list[str] | None = None
    website: str | None = None
    description_zh: str | None = None
    description_en: str | None = None
    tags: list[str] | None = None
    cluster_id: int | None = None
    pilot_city_id: int | None = None


class EnterpriseRead(EnterpriseBase):
    id: int
    size_class: str | None
    size_standard: str | None
    name_pinyin: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


class EnterpriseSummary(SQLModel):
    """One row of the enterprise list: just what a table shows."""

    id: int
    name_zh: str
    name_en: str | None
    uscc: str
    province_code: str | None
    city_zh: str | None
    city_en: str | None
    industry: str | None
    size_class: str | None
    employees: int | None
    revenue_fen: int | None
    tags: list[str]
    name_pinyin: str | None
    updated_at: datetime
    #: The highest valid SRDI title and when it expires (``services.enterprises`` fills them
    #: for the list; see ``db.repositories.srdi_standing``).
    srdi_tier: str | None = None
    srdi_expires_on: date | None = None


# ---------------------------------------------------------------- SRDI titles
class SrdiTitleBase(SQLModel):
    tier: TitleTier = Field(sa_type=String(20))
    level: TitleLevel = Field(default=TitleLevel.PROVINCIAL, sa_type=String(20))
    granted_on: date | None = None
    expires_on: date | None = Field(default=None, index=True)
    batch: str | None = Field(default=None, sa_type=String(60))
    status: TitleStatus = Field(default=TitleStatus.ACTIVE, sa_type=String(20))
    notes: str | None = None
    revoked_on: date | None = None
    revocation_reason: str | None = None


class SrdiTitle(SrdiTitleBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "srdi_title"
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(sa_column=_fk("enterprise.id"))


class SrdiTitleCreate(SrdiTitleBase):
    enterprise_id: int


class SrdiTitleUpdate(SQLModel):
    tier: TitleTier | None = None
    level: TitleLevel | None = None
    granted_on: date | None = None
    expires_on: date | None = None
    batch: str | None = None
    status: TitleStatus | None = None
    notes: str | None = None
    revoked_on: date | None = None
    revocation_reason: str | None = None


class SrdiTitleRead(SrdiTitleBase):
    id: int
    enterprise_id: int
    created_at: datetime
    updated_at: datetime

    def effective_status(self, today: date) -> TitleStatus:
        """``active`` titles past their expiry date count as expired."""
        if self.status == TitleStatus.ACTIVE and self.expires_on and self.expires_on < today:
            return TitleStatus.EXPIRED
        return self.status


# ---------------------------------------------------------------- Contacts
class ContactBase(SQLModel):
    name: str = Field(sa_type=String(100))
    role: str | None = Field(default=None, sa_type=String(100))
    phone: str | None = Field(default=None, sa_type=String(50))
    email: str | None = Field(default=None, sa_type=String(200))
    languages: list[str] = Field(default_factory=list, sa_type=DelimitedList)
    notes: str | None = None


class Contact(ContactBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "contact"
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(sa_column=_fk("enterprise.id"))


class ContactCreate(ContactBase):
    enterprise_id: int


class ContactUpdate(SQLModel):
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    languages: list[str] | None = None
    notes: str | None = None


class ContactRead(ContactBase):
    id: int
    enterprise_id: int
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- Interactions
class InteractionBase(SQLModel):
    occurred_on: date
    kind: InteractionKind = Field(sa_type=String(20))
    notes: str | None = None
    outcome: str | None = None


class Interaction(InteractionBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "interaction"
    __table_args__ = (Index("ix_interaction_enterprise_date", "enterprise_id", "occurred_on"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(sa_column=_fk("enterprise.id", index=False))


class InteractionCreate(InteractionBase):
    enterprise_id: int


class InteractionUpdate(SQLModel):
    occurred_on: date | None = None
    kind: InteractionKind | None = None
    notes: str | None = None
    outcome: str | None = None


class InteractionRead(InteractionBase):
    id: int
    enterprise_id: int
    created_at: datetime
    updated_at: datetime
