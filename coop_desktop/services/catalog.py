"""The record kinds other than enterprises, each a :class:`RecordKind` with its checks.

Use as ``titles.create(db, SrdiTitleCreate(...))``, ``contacts.list(db, enterprise_id=3)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from coop_desktop import validation as v
from coop_desktop.errors import FieldError, Message
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Contact, ContactCreate, ContactRead, ContactUpdate, Enterprise, GlossaryTerm,
    GlossaryTermCreate, GlossaryTermRead, GlossaryTermUpdate, Interaction, InteractionCreate,
    InteractionRead, InteractionUpdate, SrdiTitle, SrdiTitleCreate, SrdiTitleRead,
    SrdiTitleUpdate, Zone, ZoneCreate, ZoneLink, ZoneLinkCreate, ZoneLinkRead, ZoneLinkUpdate,
    ZoneRead, ZoneUpdate,
)
from coop_desktop.services import records, srdi_titles
from coop_desktop.services.kinds import RecordKind, raise_if


def _trim(values: dict[str, Any]) -> dict[str, Any]:
    """Strip surrounding white space; an empty text becomes None. Text is otherwise kept
    exactly as typed (no NFKC: Chinese punctuation must survive)."""
    return {k: (x.strip() or None) if isinstance(x, str) else x for k, x in values.items()}


def _check_title(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    # The rules of a title's life live with the rest of it (services.srdi_titles).
    return srdi_titles.check_title(session, values, own_id)


def _check_contact(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    values = _trim(values)
    values["languages"] = [x.strip() for x in values.get("languages") or [] if x.strip()]
    raise_if([
        v.check_required("name", values.get("name")),
        v.check_length("name", values.get("name"), 100),
        v.check_email("email", values.get("email")),
        v.check_phone("phone", values.get("phone")),
    ])
    return values


def _check_interaction(session: Session, values: dict[str, Any], own_id: int | None
                       ) -> dict[str, Any]:
    values = _trim(values)
    raise_if([v.check_required("occurred_on", values.get("occurred_on"))])
    return values


def _check_link(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    values = _trim(values)
    records.get_row(session, Zone, values["zone_id"])
    raise_if([
        v.check_date_order("admitted_on", values.get("applied_on"), values.get("admitted_on")),
    ])
    clash = session.exec(
        select(ZoneLink).where(
            ZoneLink.enterprise_id == values["enterprise_id"], ZoneLink.zone_id == values["zone_id"],
            col(ZoneLink.deleted_at).is_(None), ZoneLink.id != (own_id or -1),
        )
    ).first()
    if clash is not None:
        raise_if([FieldError("zone_id", Message(N_("This enterprise is already linked to that zone.")))])
    return values


def _check_zone(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    values = _trim(values)
    values["partner_countries"] = [c.strip().upper() for c in values.get("partner_countries") or []
                                   if c.strip()]
    raise_if([
        v.check_required("name_zh", values.get("name_zh")),
        v.check_length("name_zh", values.get("name_zh"), 200),
        v.check_url("website", values.get("website")),
        v.check_region_code("province_code", values.get("province_code")),
    ])
    return values


def _check_term(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    values = _trim(values)
    raise_if([v.check_required("zh", values.get("zh")), v.check_required("en", values.get("en"))])
    return values


titles = RecordKind(SrdiTitle, SrdiTitleCreate, SrdiTitleUpdate, SrdiTitleRead, _check_title,
                    parent=(Enterprise, "enterprise_id"), order_by="granted_on")
contacts = RecordKind(Contact, ContactCreate, ContactUpdate, ContactRead, _check_contact,
                      parent=(Enterprise, "enterprise_id"), order_by="name")
interactions = RecordKind(Interaction, InteractionCreate, InteractionUpdate, InteractionRead,
                          _check_interaction, parent=(Enterprise, "enterprise_id"),
                          order_by="occurred_on")
zone_links = RecordKind(ZoneLink, ZoneLinkCreate, ZoneLinkUpdate, ZoneLinkRead, _check_link,
                        parent=(Enterprise, "enterprise_id"))
zones = RecordKind(Zone, ZoneCreate, ZoneUpdate, ZoneRead, _check_zone, order_by="name_zh")
glossary = RecordKind(GlossaryTerm, GlossaryTermCreate, GlossaryTermUpdate, GlossaryTermRead,
                      _check_term, order_by="zh")
