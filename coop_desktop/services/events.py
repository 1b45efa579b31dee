"""Events and participations. Recording a participation writes the enterprise's
interaction log entry in the same transaction (and removing it removes that entry)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from coop_desktop import validation as v
from coop_desktop.db import Database
from coop_desktop.errors import FieldError, Message
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Enterprise, Event, EventCreate, EventRead, EventUpdate, Interaction, InteractionKind,
    Participation, ParticipationCreate, ParticipationRead, ParticipationUpdate, Zone,
)
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.kinds import RecordKind, raise_if
from coop_desktop.services.outcome import Changes, Outcome

EVENT_KINDS = (InteractionKind.MATCHMAKING, InteractionKind.FINANCING, InteractionKind.TRAINING,
               InteractionKind.DELEGATION)


def _check_event(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    values = {k: (x.strip() or None) if isinstance(x, str) else x for k, x in values.items()}
    if values.get("partner_country"):
        values["partner_country"] = values["partner_country"].upper()
    errors: list[FieldError | None] = [
        v.check_required("name_zh", values.get("name_zh")),
        v.check_required("starts_on", values.get("starts_on")),
        v.check_date_order("ends_on", values.get("starts_on"), values.get("ends_on")),
        v.check_country_codes("partner_country",
                              [values["partner_country"]] if values.get("partner_country") else []),
    ]
    if values.get("kind") not in {k.value for k in EVENT_KINDS}:
        errors.append(FieldError("kind", Message(N_("Choose a value from the list."))))
    if values.get("zone_id") is not None:
        records.get_row(session, Zone, values["zone_id"])
    raise_if(errors)
    return values


events = RecordKind(Event, EventCreate, EventUpdate, EventRead, _check_event, order_by="starts_on")


def _check_participation(session: Session, values: dict[str, Any], own_id: int | None
                         ) -> dict[str, Any]:
    raise_if([v.check_non_negative(k, values.get(k))
              for k in ("contacts_made", "agreements", "amount_fen")])
    return values


def _interaction_notes(event: Event) -> str:
    return event.name_zh + (f" / {event.name_en}" if event.name_en else "")


def add_participant(db: Database, data: ParticipationCreate | dict[str, Any]
                    ) -> Outcome[ParticipationRead]:
    """Record that an enterprise took part; its interaction log gets the entry too."""
    parsed = records.parse_input(ParticipationCreate, data)
    with db.session() as session:
        event = records.get_row(session, Event, parsed.event_id)
        records.get_row(session, Enterprise, parsed.enterprise_id)
        clash = session.exec(select(Participation).where(
            Participation.event_id == parsed.event_id,
            Participation.enterprise_id == parsed.enterprise_id,
            col(Participation.deleted_at).is_(None))).first()
        if clash is not None:
            raise_if([FieldError("enterprise_id", Message(
                N_("This enterprise is already a participant of the event.")))])
        values = _check_participation(session, parsed.model_dump(), None)
        audit = AuditWriter(session, db.actor)
        interaction = Interaction(enterprise_id=parsed.enterprise_id, occurred_on=event.starts_on,
                                  kind=InteractionKind(event.kind), notes=_interaction_notes(event),
                                  outcome=values.get("outcome"))
        session.add(interaction)
        session.flush()
        audit.created("interaction", interaction.id, {"kind": event.kind, "notes": interaction.notes})
        row = Participation(**values, interaction_id=interaction.id)
        session.add(row)
        session.flush()
        audit.created("event_participation", row.id, values)
        result = records.read(ParticipationRead, row)
    return Outcome(result, Changes("event_participation", (result.id,), action="create",
                                   related=("interaction",)))


def update_participant(db: Database, participation_id: int,
                       data: ParticipationUpdate | dict[str, Any]) -> Outcome[ParticipationRead]:
    parsed = records.parse_input(ParticipationUpdate, data)
    wanted = parsed.model_dump(exclude_unset=True)
    with db.session() as session:
        row = records.get_row(session, Participation, participation_id)
        values = _check_participation(session, wanted, participation_id)
        changes = records.apply(row, values)
        audit = AuditWriter(session, db.actor)
        if changes:
            audit.updated("event_participation", participation_id, changes)
        if "outcome" in changes and row.interaction_id:
            inter = session.get(Interaction, row.interaction_id)
            if inter is not None:
                audit.updated("interaction", inter.id, records.apply(inter, {"outcome": row.outcome}))
        result = records.read(ParticipationRead, row)
    return Outcome(result, Changes("event_participation", (participation_id,) if changes else (),
                                   tuple(changes)))


def remove_participants(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    """Recycle participations together with the interaction entries they wrote."""
    with db.session() as session:
        audit = AuditWriter(session, db.actor)
        rows = [records.get_row(session, Participation, i) for i in ids]
        done = records.soft_delete(session, audit, Participation, [r.id for r in rows])
        linked = [r.interaction_id for r in rows if r.interaction_id]
        live = [i for i in linked if session.get(Interaction, i) and
                session.get(Interaction, i).deleted_at is None]  # type: ignore[union-attr]
        records.soft_delete(session, audit, Interaction, live)
    return Outcome(done, Changes("event_participation", tuple(done), action="delete",
                                 related=("interaction",)))


def restore_participants(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    """Bring participations back, with the interaction entries recycled with them."""
    with db.session() as session:
        audit = AuditWriter(session, db.actor)
        done = records.restore(session, audit, Participation, ids)
        for pid in done:
            link = session.get(Participation, pid).interaction_id  # type: ignore[union-attr]
            inter = session.get(Interaction, link) if link else None
            if inter is not None and inter.deleted_at is not None:
                records.restore(session, audit, Interaction, [inter.id])
    return Outcome(done, Changes("event_participation", tuple(done), action="restore",
                                 related=("interaction",)))


def participants(db: Database, event_id: int) -> list[ParticipationRead]:
    with db.read() as session:
        rows = session.exec(select(Participation).where(
            Participation.event_id == event_id, col(Participation.deleted_at).is_(None))
            .order_by(col(Participation.id))).all()
        return [records.read(ParticipationRead, r) for r in rows]


def events_of(db: Database, enterprise_id: int) -> list[EventRead]:
    with db.read() as session:
        rows = session.exec(select(Event).join(Participation, col(Participation.event_id) == Event.id)
                            .where(Participation.enterprise_id == enterprise_id,
                                   col(Participation.deleted_at).is_(None),
                                   col(Event.deleted_at).is_(None))
                            .order_by(col(Event.starts_on).desc())).all()
        return [records.read(EventRead, r) for r in rows]


def upcoming(db: Database, today: date | None = None) -> list[EventRead]:
    today = today or date.today()
    with db.read() as session:
        rows = session.exec(select(Event).where(col(Event.deleted_at).is_(None),
                                                col(Event.starts_on) >= today)
                            .order_by(col(Event.starts_on))).all()
        return [records.read(EventRead, r) for r in rows]
