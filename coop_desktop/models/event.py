"""Events (matchmaking, financing, training, delegations abroad) and who took part.

A participation also writes an Interaction in the enterprise's log (``interaction_id``),
so the enterprise's history shows the event without a second entry by hand.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from coop_desktop.models.common import SoftDelete, Timestamps


class EventBase(SQLModel):
    name_zh: str = Field(sa_type=String(200))
    name_en: str | None = Field(default=None, sa_type=String(300))
    kind: str = Field(sa_type=String(20))  # InteractionKind: matchmaking, financing, training, delegation
    starts_on: date = Field(index=True)
    ends_on: date | None = None
    place_zh: str | None = Field(default=None, sa_type=String(200))
    place_en: str | None = Field(default=None, sa_type=String(200))
    partner_country: str | None = Field(default=None, sa_type=String(2))
    zone_id: int | None = Field(default=None, foreign_key="zone.id", ondelete="RESTRICT")
    notes: str | None = None


class Event(EventBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "event"
    id: int | None = Field(default=None, primary_key=True)


class EventCreate(EventBase):
    pass


class EventUpdate(SQLModel):
    name_zh: str | None = None
    name_en: str | None = None
    kind: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    place_zh: str | None = None
    place_en: str | None = None
    partner_country: str | None = None
    zone_id: int | None = None
    notes: str | None = None


class EventRead(EventBase):
    id: int
    created_at: datetime
    updated_at: datetime


class ParticipationBase(SQLModel):
    contacts_made: int | None = None
    agreements: int | None = None
    amount_fen: int | None = Field(default=None, sa_type=BigInteger)  # signed or financed, CNY
    outcome: str | None = None


class Participation(ParticipationBase, Timestamps, SoftDelete, table=True):
    __tablename__ = "event_participation"
    __table_args__ = (Index("ix_participation_pair", "event_id", "enterprise_id"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=Column(Integer, ForeignKey("event.id", ondelete="RESTRICT"),
                                           nullable=False))
    enterprise_id: int = Field(sa_column=Column(
        Integer, ForeignKey("enterprise.id", ondelete="RESTRICT"), nullable=False, index=True))
    interaction_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("interaction.id", ondelete="SET NULL"), nullable=True))


class ParticipationCreate(ParticipationBase):
    event_id: int
    enterprise_id: int


class ParticipationUpdate(SQLModel):
    contacts_made: int | None = None
    agreements: int | None = None
    amount_fen: int | None = None
    outcome: str | None = None


class ParticipationRead(ParticipationBase):
    id: int
    event_id: int
    enterprise_id: int
    interaction_id: int | None
    created_at: datetime
    updated_at: datetime
