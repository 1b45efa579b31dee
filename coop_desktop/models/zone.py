"""Cooperation zones (shipped reference data, editable) and enterprise ↔ zone links."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import LinkStatus, ReferenceOrigin, SoftDelete, Timestamps
from coop_desktop.models.types import DelimitedList


class ZoneBase(SQLModel):
    name_zh: str = Field(sa_type=String(200))
    name_en: str | None = Field(default=None, sa_type=String(300))
    partner_countries: list[str] = Field(default_factory=list, sa_type=DelimitedList)
    partner_label_zh: str | None = Field(default=None, sa_type=String(100))
    partner_label_en: str | None = Field(default=None, sa_type=String(100))
    province_code: str | None = Field(default=None, sa_type=String(6))
    province_zh: str | None = Field(default=None, sa_type=String(50))
    province_en: str | None = Field(default=None, sa_type=String(50))
    city_zh: str | None = Field(default=None, sa_type=String(100))
    city_en: str | None = Field(default=None, sa_type=String(100))
    recognised_year: int | None = None
    batch: str | None = Field(default=None, sa_type=String(20))  # ZoneBatch
    valid_until_year: int | None = None
    approval_document: str | None = Field(default=None, sa_type=String(100))
    approved_on: date | None = None
    focus_industries_zh: str | None = None
    focus_industries_en: str | None = None
    management_body: str | None = Field(default=None, sa_type=String(300))
    contacts: str | None = None
    website: str | None = Field(default=None, sa_type=String(300))
    notes: str | None = None
    source: str | None = None
    confidence: str | None = None


class Zone(ZoneBase, Timestamps, SoftDelete, ReferenceOrigin, table=True):
    __tablename__ = "zone"
    id: int | None = Field(default=None, primary_key=True)


class ZoneCreate(ZoneBase):
    pass


class ZoneUpdate(SQLModel):
    name_zh: str | None = None
    name_en: str | None = None
    partner_countries: list[str] | None = None
    partner_label_zh: str | None = None
    partner_label_en: str | None = None
    province_code: str | None = None
    province_zh: str | None = None
    province_en: str | None = None
    city_zh: str | None = None
    city_en: str | None = None
    recognised_year: int | None = None
    batch: str | None = None
    valid_until_year: int | None = None
    approval_document: str | None = None
    approved_on: date | None = None
    focus_industries_zh: str | None = None
    focus_industries_en: str | None = None
    management_body: str | None = None
    contacts: str | None = None
    website: str | None = None
    notes: str | None = None
    source: str | None = None
    confidence: str | None = None


class ZoneRead(ZoneBase):
    id: int
    source_key: str | None
    source_version: str | None
    user_edited: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


class ZoneLinkBase(SQLModel):
    status: LinkStatus = Field(default=LinkStatus.INTERESTED, sa_type=String(20))
    status_since: date | None = None
    applied_on: date | None = None
    admitted_on: date | None = None
    notes: str | None = None


class ZoneLink(ZoneLinkBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "zone_link"
    __table_args__ = (Index("ix_zone_link_pair", "enterprise_id", "zone_id"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(
        sa_column=Column(Integer, ForeignKey("enterprise.id", ondelete="RESTRICT"), nullable=False)
    )
    zone_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("zone.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )


class ZoneLinkCreate(ZoneLinkBase):
    enterprise_id: int
    zone_id: int


class ZoneLinkUpdate(SQLModel):
    status: LinkStatus | None = None
    status_since: date | None = None
    applied_on: date | None = None
    admitted_on: date | None = None
    notes: str | None = None


class ZoneLinkRead(ZoneLinkBase):
    id: int
    enterprise_id: int
    zone_id: int
    created_at: datetime
    updated_at: datetime
