"""The ministry's other SME programmes, shipped as reference data like the zones:
characteristic SME industrial clusters (中小企业特色产业集群, MIIT's yearly lists) and the
cities of the SME digital-transformation pilot (中小企业数字化转型试点城市, MIIT with the
Ministry of Finance). An enterprise links to at most one of each (``enterprise.cluster_id``,
``enterprise.pilot_city_id``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import ReferenceOrigin, SoftDelete, Timestamps


class _Place(SQLModel):
    name_zh: str = Field(sa_type=String(200))
    name_en: str | None = Field(default=None, sa_type=String(300))
    province_code: str | None = Field(default=None, sa_type=String(6), index=True)
    city_code: str | None = Field(default=None, sa_type=String(6))
    province_zh: str | None = Field(default=None, sa_type=String(50))
    province_en: str | None = Field(default=None, sa_type=String(50))
    city_zh: str | None = Field(default=None, sa_type=String(100))
    city_en: str | None = Field(default=None, sa_type=String(100))
    list_year: int | None = None
    approval_document: str | None = Field(default=None, sa_type=String(100))
    source: str | None = None
    confidence: str | None = None
    notes: str | None = None


class SmeClusterBase(_Place):
    industry_zh: str | None = Field(default=None, sa_type=String(200))
    industry_en: str | None = Field(default=None, sa_type=String(300))
    valid_until_year: int | None = None


class SmeCluster(SmeClusterBase, Timestamps, SoftDelete, ReferenceOrigin, table=True):
    __tablename__ = "sme_cluster"
    id: int | None = Field(default=None, primary_key=True)


class SmeClusterRead(SmeClusterBase):
    id: int
    source_key: str | None
    source_version: str | None
    user_edited: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


class PilotCityBase(_Place):
    batch: int | None = None


class PilotCity(PilotCityBase, Timestamps, SoftDelete, ReferenceOrigin, table=True):
    __tablename__ = "pilot_city"
    id: int | None = Field(default=None, primary_key=True)


class PilotCityRead(PilotCityBase):
    id: int
    source_key: str | None
    source_version: str | None
    user_edited: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
