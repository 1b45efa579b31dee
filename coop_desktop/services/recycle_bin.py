"""The recycle bin across every record kind: list what is in it, bring a selection back.

Nothing leaves the bin by itself, and there is deliberately no one-click "empty the bin":
a record is removed for good only by a purge the user confirms, naming what goes
(:mod:`coop_desktop.services.recycle_purge`, re-exported here as :func:`plan_purge` and
:func:`purge`).

Restoring a child record (title, contact, interaction, zone link, participation,
application, attachment) whose enterprise is itself in the bin is **refused** unless that
enterprise is in the same selection; then the enterprise is restored first and the child
after it. The same holds for a zone link whose zone, a participation whose event, and an
attachment whose application is in the bin. (An attachment's file never leaves the store:
deleting one only hides its record.) We refuse
rather than silently bring the parent back, because restoring an enterprise the user did
not ask for would be a surprise; the message names the parent so the fix is one click.

A zone link or participation whose pair (enterprise and zone, enterprise and event) was
recorded again after it was deleted is refused too, as is a second recycled copy of the
same pair in one selection: restoring it would make a duplicate.

A refusal restores nothing at all (:class:`RestoreRefusedError`, rendered in the reader's
language: names are kept in both languages until then).

Each kind is restored through its own service (``enterprises.restore``,
``catalog.contacts.restore``…), so the audit trail records every restore. The whole
selection is checked before anything is written; then kinds are restored parents first,
each in its own transaction. Restoring a participation also restores the interaction log
entry that was recycled with it (the mirror of ``events.remove_participants``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import SQLModel, col, select

from coop_desktop.db import Database
from coop_desktop.errors import ConflictError, Message
from coop_desktop.i18n.catalog import N_, english, translator
from coop_desktop.i18n.formatting import format_date
from coop_desktop.models import (
    APPLICATION_STATUS_LABELS, ATTACHMENT_KIND_LABELS, LABELS, Application, Attachment, Contact,
    Enterprise, Event, GlossaryTerm, Interaction, Participation, SrdiTitle, Zone, ZoneLink,
)
from coop_desktop.services import applications, attachments, enterprises
from coop_desktop.services import events as event_service
from coop_desktop.services.catalog import (
    contacts, glossary, interactions, titles, zone_links, zones,
)
from coop_desktop.services.events import events
from coop_desktop.services.outcome import Changes

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator

#: Entity name -> (table, singular label, plural label), in restore order: parents first.
KINDS: dict[str, tuple[type[SQLModel], str, str]] = {
    "enterprise": (Enterprise, N_("Enterprise"), N_("Enterprises")),
    "zone": (Zone, N_("Cooperation zone"), N_("Cooperation zones")),
    "event": (Event, N_("Event"), N_("Events")),
    "glossary_term": (GlossaryTerm, N_("Glossary term"), N_("Glossary terms")),
    "srdi_title": (SrdiTitle, N_("SRDI title"), N_("SRDI titles")),
    "contact": (Contact, N_("Contact"), N_("Contacts")),
    "interaction": (Interaction, N_("Interaction"), N_("Interactions")),
    "zone_link": (ZoneLink, N_("Enterprise–zone link"), N_("Enterprise–zone links")),
    "event_participation": (Participation, N_("Event participation"), N_("Event participations")),
    "application": (Application, N_("Application"), N_("Applications")),
    "attachment": (Attachment, N_("Attachment"), N_("Attachments")),
}

MSG_PARENT_IN_BIN = N_("“{name}” ({kind}) belongs to “{parent}”, which is also in the recycle "
                       "bin. Select both to restore them together, or restore “{parent}” first.")
MSG_LINK_EXISTS = N_("“{enterprise}” is linked to “{zone}” again, so the old link cannot be "
                     "restored; it stays in the recycle bin.")
MSG_PARTICIPATION_EXISTS = N_("“{enterprise}” is again a participant of “{event}”, so the old "
                              "entry cannot be restored; it stays in the recycle bin.")


@dataclass(frozen=True)
class Bilingual:
    """A text in both languages (``en`` falls back to ``zh`` when a record has no English)."""

    zh: str
    en: str

    def pick(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


@dataclass(frozen=True)
class BinItem:
    """One record in the recycle bin, ready to show in a list.

    ``label`` is what identifies the record to a person (a name; for a title, its tier and
    level; for an interaction, its kind and date). ``parent`` is the enterprise a child
    record belongs to (None for enterprises, zones, events and glossary terms).
    An application's label is its title with its status.
    """

    kind: str
    id: int
    label: Bilingual
    deleted_at: datetime
    enterprise_id: int | None = None
    parent: Bilingual | None = None
    parent_in_bin: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def kind_msgid(self) -> str:
        return KINDS[self.kind][1]


@dataclass(frozen=True)
class Refusal:
    """Why one selected item cannot be restored (rendered in the reader's language)."""

    item: BinItem
    msgid: str
    params: dict[str, Bilingual | str]  # a str param is a msgid, translated when rendered

    def render(self, tr: Translator) -> str:
        values = {k: v.pick(tr.language) if isinstance(v, Bilingual) else tr.gettext(v)
                  for k, v in self.params.items()}
        return tr.gettext(self.msgid).format(**values)


class RestoreRefusedError(ConflictError):
    """Nothing was restored: some of the selection cannot come back (see ``refusals``)."""

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        self.refusals = tuple(refusals)
        if not self.refusals:
            raise ValueError("RestoreRefusedError needs at least one Refusal")
        # Not CoopError.__init__: the parameters are bilingual, rendered per reader.
        self.message = Message(self.refusals[0].msgid)
        Exception.__init__(self, self.render())

    def render(self, tr: Translator | None = None) -> str:
        return "\n".join(r.render(tr or english()) for r in self.refusals)


@dataclass(frozen=True)
class RestoreResult:
    """What came back, and one ``Changes`` per kind for the screens to refresh."""

    restored: tuple[BinItem, ...]
    changes: tuple[Changes, ...]


# ---------------------------------------------------------------- listing
def _both(zh: str | None, en: str | None) -> Bilingual:
    zh = zh or en or ""
    return Bilingual(zh, en or zh)


def _msg(msgid: str) -> Bilingual:
    return Bilingual(translator("zh_CN").gettext(msgid), msgid)


def _detail(head: Bilingual, *details: Bilingual) -> Bilingual:
    """``head（a，b）`` in Chinese, ``head (a, b)`` in English. (Not a middle dot: the CJK
    font draws U+00B7 full-width, which looks like a gap in either language.)"""
    if not details:
        return head
    return Bilingual(f"{head.zh}（{'，'.join(d.zh for d in details)}）",
                     f"{head.en} ({', '.join(d.en for d in details)})")


def _title_label(row: SrdiTitle) -> Bilingual:
    parts = [_msg(LABELS[row.level])]
    if row.batch:
        parts.append(Bilingual(row.batch, row.batch))
    return _detail(_msg(LABELS[row.tier]), *parts)


def _interaction_label(row: Interaction) -> Bilingual:
    when = Bilingual(format_date(row.occurred_on, "zh_CN"), format_date(row.occurred_on, "en"))
    return _detail(_msg(LABELS.get(row.kind, str(row.kind))), when)


def _contact_label(row: Contact) -> Bilingual:
    name = Bilingual(row.name, row.name)
    return _detail(name, Bilingual(row.role, row.role)) if row.role else name


def _term_label(row: GlossaryTerm) -> Bilingual:
    text = f"{row.zh} — {row.en}"
    return Bilingual(text, text)


def _application_label(row: Application) -> Bilingual:
    return _detail(_both(row.title_zh, row.title_en), _msg(APPLICATION_STATUS_LABELS[row.status]))


def _attachment_label(row: Attachment) -> Bilingual:
    name = Bilingual(row.original_name, row.original_name)
    return _detail(name, _msg(ATTACHMENT_KIND_LABELS.get(row.kind, str(row.kind))))


def _names(session: Any, table: type[SQLModel], ids: set[int]) -> dict[int, tuple[Bilingual, bool]]:
    """``id -> (name, in_bin)`` for enterprises, zones or events, live or recycled."""
    if not ids:
        return {}
    rows = session.exec(select(table).where(col(table.id).in_(ids))).all()  # type: ignore[attr-defined]
    return {r.id: (_both(r.name_zh, r.name_en), r.deleted_at is not None) for r in rows}


def _binned(session: Any, table: type[SQLModel]) -> list[Any]:
    deleted = col(table.deleted_at)  # type: ignore[attr-defined]
    return list(session.exec(select(table).where(deleted.is_not(None))).all())


def items(db: Database) -> list[BinItem]:
    """Everything in the recycle bin, most recently deleted first."""
    out: list[BinItem] = []
    with db.read() as session:
        rows = {kind: _binned(session, table) for kind, (table, _s, _p) in KINDS.items()}
        children = [r for k in ("srdi_title", "contact", "interaction", "zone_link",
                                "event_participation", "application", "attachment")
                    for r in rows[k]]
        firms = _names(session, Enterprise, {r.enterprise_id for r in children})
        zone_names = _names(session, Zone, {r.zone_id for r in rows["zone_link"]})
        event_names = _names(session, Event, {r.event_id for r in rows["event_participation"]})

    labels: dict[str, Callable[[Any], Bilingual]] = {
        "enterprise": lambda r: _both(r.name_zh, r.name_en),
        "zone": lambda r: _both(r.name_zh, r.name_en),
        "event": lambda r: _both(r.name_zh, r.name_en),
        "glossary_term": _term_label,
        "srdi_title": _title_label,
        "contact": _contact_label,
        "interaction": _interaction_label,
        "zone_link": lambda r: zone_names[r.zone_id][0],
        "event_participation": lambda r: event_names[r.event_id][0],
        "application": _application_label,
        "attachment": _attachment_label,
    }
    for kind, kind_rows in rows.items():
        for r in kind_rows:
            firm = firms.get(getattr(r, "enterprise_id", None) or -1)
            out.append(BinItem(
                kind=kind, id=r.id, label=labels[kind](r), deleted_at=r.deleted_at,
                enterprise_id=getattr(r, "enterprise_id", None),
                parent=firm[0] if firm else None, parent_in_bin=bool(firm and firm[1]),
            ))
    order = list(KINDS)
    out.sort(key=lambda i: (-i.deleted_at.timestamp(), order.index(i.kind), i.id))
    return out


# ---------------------------------------------------------------- restoring
def _required(session: Any, item: BinItem) -> list[tuple[str, int]]:
    """The records ``item`` needs to be live: its enterprise, and a link's zone, a
    participation's event."""
    needs: list[tuple[str, int]] = []
    if item.enterprise_id is not None:
        needs.append(("enterprise", item.enterprise_id))
    if item.kind == "zone_link":
        needs.append(("zone", session.get(ZoneLink, item.id).zone_id))
    elif item.kind == "event_participation":
        needs.append(("event", session.get(Participation, item.id).event_id))
    elif item.kind == "attachment":
        application_id = session.get(Attachment, item.id).application_id
        if application_id is not None:
            needs.append(("application", application_id))
    return needs


def _duplicate(session: Any, item: BinItem, claimed: set[tuple[str, int, int]]
               ) -> Refusal | None:
    """A zone link or participation whose pair was recorded again since it was deleted,
    or whose pair an item earlier in the same selection already brings back."""
    table: Any
    if item.kind == "zone_link":
        table, other, msgid, name = ZoneLink, "zone_id", MSG_LINK_EXISTS, "zone"
    elif item.kind == "event_participation":
        table, other, msgid, name = Participation, "event_id", MSG_PARTICIPATION_EXISTS, "event"
    else:
        return None
    row = session.get(table, item.id)
    pair = (item.kind, row.enterprise_id, getattr(row, other))
    twin = session.exec(select(table).where(
        table.enterprise_id == row.enterprise_id, getattr(table, other) == pair[2],
        col(table.deleted_at).is_(None))).first()
    if twin is None and pair not in claimed:
        claimed.add(pair)
        return None
    return Refusal(item, msgid, {"enterprise": item.parent or item.label, name: item.label})


def check(db: Database, wanted: Iterable[BinItem | tuple[str, int]]) -> tuple[list[BinItem],
                                                                              list[Refusal]]:
    """The selection as it is now in the bin (items restored meanwhile are dropped), and
    the reasons some of it cannot be restored. Writes nothing."""
    keys = {w.key if isinstance(w, BinItem) else (w[0], int(w[1])) for w in wanted}
    unknown = {k for k, _i in keys if k not in KINDS}
    if unknown:
        raise ValueError(f"not a recycle-bin kind: {sorted(unknown)}")
    current = {i.key: i for i in items(db)}
    chosen = [current[k] for k in current if k in keys]
    refusals: list[Refusal] = []
    claimed: set[tuple[str, int, int]] = set()
    with db.read() as session:
        for item in chosen:
            for need in _required(session, item):
                parent = current.get(need)
                if parent is not None and need not in keys:
                    refusals.append(Refusal(item, MSG_PARENT_IN_BIN, {
                        "name": item.label, "kind": item.kind_msgid, "parent": parent.label}))
            dup = _duplicate(session, item, claimed)
            if dup is not None:
                refusals.append(dup)
    return chosen, refusals


def _restore_participations(db: Database, ids: Iterable[int]) -> list[int]:
    return event_service.restore_participants(db, ids).value


_RESTORE: dict[str, Callable[[Database, list[int]], Any]] = {
    "enterprise": enterprises.restore,
    "zone": zones.restore,
    "event": events.restore,
    "glossary_term": glossary.restore,
    "srdi_title": titles.restore,
    "contact": contacts.restore,
    "interaction": interactions.restore,
    "zone_link": zone_links.restore,
    "event_participation": _restore_participations,
    "application": applications.restore,
    "attachment": attachments.restore,
}


def restore(db: Database, wanted: Iterable[BinItem | tuple[str, int]]) -> RestoreResult:
    """Bring the selection back (see the module docstring for the rules).

    Raises :class:`RestoreRefusedError` (and restores nothing) when part of the selection
    cannot come back. Items no longer in the bin are skipped.
    """
    chosen, refusals = check(db, wanted)
    if refusals:
        raise RestoreRefusedError(refusals)
    restored: list[BinItem] = []
    changes: list[Changes] = []
    for kind in KINDS:
        batch = [i for i in chosen if i.kind == kind]
        if not batch:
            continue
        _RESTORE[kind](db, [i.id for i in batch])
        restored.extend(batch)
        related = ("interaction",) if kind == "event_participation" else ()
        changes.append(Changes(kind, tuple(i.id for i in batch), action="restore", related=related))
    return RestoreResult(tuple(restored), tuple(changes))


def plan_purge(db: Database, wanted: Iterable[BinItem | tuple[str, int]]) -> Any:
    """What purging ``wanted`` would delete (:func:`recycle_purge.plan`)."""
    from coop_desktop.services import recycle_purge

    return recycle_purge.plan(db, wanted)


def purge(db: Database, wanted: Iterable[BinItem | tuple[str, int]]) -> Any:
    """Delete ``wanted`` and what belongs to it for good (:func:`recycle_purge.purge`)."""
    from coop_desktop.services import recycle_purge

    return recycle_purge.purge(db, wanted)
