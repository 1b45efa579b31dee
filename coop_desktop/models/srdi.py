"""What the SRDI assessment reads and what happens to a title after it is granted.

``EnterpriseYear`` keeps an enterprise's figures for one year (one row per enterprise and
year, as declared on the MIIT platform); ``None`` means *not known*, never zero. Money is
integer fen in CNY, shares are percent Decimals with two places (12.50 = 12.5 %).

``SrdiTitleEvent`` records a title's life after the grant: re-reviews (复核) and their
result, the yearly data update, major changes and their report, a revocation.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, text
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import SoftDelete, Timestamps, TitleEventKind, TitleEventResult
from coop_desktop.models.types import DelimitedList, ScaledDecimal

#: Codes of the choice fields, in the order a form offers them.
LEADING_PRODUCT_FIELDS = ("gap_filling", "six_basics", "other")
RD_INSTITUTION_LEVELS = ("national", "provincial", "municipal", "below_municipal", "none")
ST_AWARDS = ("national_top3", "national_top5", "national", "provincial_top3", "provincial", "none")
MAKER_IN_CHINA = ("top50", "top500", "none")
HONOURS = ("high_tech_enterprise", "tech_innovation_demo", "ip_advantage")
QUALITY_ITEMS = ("quality_award", "iso9001", "own_brand", "standard_drafting")


# ---------------------------------------------------------------- yearly figures
class EnterpriseYearBase(SQLModel):
    year: int
    operating_revenue_fen: int | None = Field(default=None, sa_type=BigInteger)
    main_business_revenue_fen: int | None = Field(default=None, sa_type=BigInteger)
    rd_expense_fen: int | None = Field(default=None, sa_type=BigInteger)
    net_profit_fen: int | None = Field(default=None, sa_type=BigInteger)
    total_assets_fen: int | None = Field(default=None, sa_type=BigInteger)
    total_liabilities_fen: int | None = Field(default=None, sa_type=BigInteger)
    equity_financing_fen: int | None = Field(default=None, sa_type=BigInteger)
    employees: int | None = None
    rd_staff: int | None = None
    class1_ip: int | None = None
    class1_ip_self_developed: int | None = None
    class1_ip_high_value: int | None = None
    class1_ip_applied: int | None = None
    class2_ip: int | None = None
    years_in_segment: int | None = None
    digitalisation_level: int | None = None
    distinctiveness_points: int | None = None
    domestic_market_share_pct: Decimal | None = Field(default=None, sa_type=ScaledDecimal(2))
    leading_product_in_strategic_emerging_industry: bool | None = None
    own_brand: bool | None = None
    management_certification: bool | None = None
    info_system_core_business: bool | None = None
    # Asked by the 2026 measures (and the Little Giant's chain and field dimensions):
    key_chain_link: bool | None = None  # 补短板、锻长板、填空白 at a key link of the chain
    priority_field: bool | None = None  # 六基 / key manufacturing / cyber-power fields
    domestic_market_top3: bool | None = None
    leading_market_position: bool | None = None  # share among the leaders of its segment
    srdi_development_score: int | None = None  # 0–100, computed by the MIIT platform
    leading_product_field: str | None = Field(default=None, sa_type=String(20))
    rd_institution_level: str | None = Field(default=None, sa_type=String(20))
    st_award: str | None = Field(default=None, sa_type=String(20))
    maker_in_china: str | None = Field(default=None, sa_type=String(20))
    valid_honours: list[str] = Field(default_factory=list, sa_type=DelimitedList)
    quality_items: list[str] = Field(default_factory=list, sa_type=DelimitedList)
    notes: str | None = None


class EnterpriseYear(EnterpriseYearBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "enterprise_year"
    __table_args__ = (
        # One live row per enterprise and year; deleted rows wait in the recycle bin.
        Index(
            "ix_enterprise_year_live",
            "enterprise_id",
            "year",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(
        sa_column=Column(Integer, ForeignKey("enterprise.id", ondelete="RESTRICT"), nullable=False)
    )


class EnterpriseYearCreate(EnterpriseYearBase):
    enterprise_id: int


class EnterpriseYearUpdate(SQLModel):
    """Only the fields that are set (``model_fields_set``) are changed."""

    year: int | None = None
    operating_revenue_fen: int | None = None
    main_business_revenue_fen: int | None = None
    rd_expense_fen: int | None = None
    net_profit_fen: int | None = None
    total_assets_fen: int | None = None
    total_liabilities_fen: int | None = None
    equity_financing_fen: int | None = None
    employees: int | None = None
    rd_staff: int | None = None
    class1_ip: int | None = None
    class1_ip_self_developed: int | None = None
    class1_ip_high_value: int | None = None
    class1_ip_applied: int | None = None
    class2_ip: int | None = None
    years_in_segment: int | None = None
    digitalisation_level: int | None = None
    distinctiveness_points: int | None = None
    domestic_market_share_pct: Decimal | None = None
    leading_product_in_strategic_emerging_industry: bool | None = None
    own_brand: bool | None = None
    management_certification: bool | None = None
    info_system_core_business: bool | None = None
    key_chain_link: bool | None = None
    priority_field: bool | None = None
    domestic_market_top3: bool | None = None
    leading_market_position: bool | None = None
    srdi_development_score: int | None = None
    leading_product_field: str | None = None
    rd_institution_level: str | None = None
    st_award: str | None = None
    maker_in_china: str | None = None
    valid_honours: list[str] | None = None
    quality_items: list[str] | None = None
    notes: str | None = None


class EnterpriseYearRead(EnterpriseYearBase):
    id: int
    enterprise_id: int
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- a title's life
class SrdiTitleEventBase(SQLModel):
    kind: TitleEventKind = Field(sa_type=String(30))
    occurred_on: date
    result: TitleEventResult | None = Field(default=None, sa_type=String(20))
    notes: str | None = None


class SrdiTitleEvent(SrdiTitleEventBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "srdi_title_event"
    __table_args__ = (Index("ix_srdi_title_event_title_date", "title_id", "occurred_on"),)
    id: int | None = Field(default=None, primary_key=True)
    title_id: int = Field(
        sa_column=Column(Integer, ForeignKey("srdi_title.id", ondelete="RESTRICT"), nullable=False)
    )


class SrdiTitleEventCreate(SrdiTitleEventBase):
    title_id: int


class SrdiTitleEventUpdate(SQLModel):
    kind: TitleEventKind | None = None
    occurred_on: date | None = None
    result: TitleEventResult | None = None
    notes: str | None = None


class SrdiTitleEventRead(SrdiTitleEventBase):
    id: int
    title_id: int
    created_at: datetime
    updated_at: datetime
