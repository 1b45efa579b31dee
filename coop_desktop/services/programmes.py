"""An enterprise's links to the ministry's other SME programmes: its characteristic SME
industrial cluster (中小企业特色产业集群) and its SME digital-transformation pilot city
(中小企业数字化转型试点城市). The lists themselves are shipped reference data
(:mod:`coop_desktop.services.reference`, partial: see ``reference.dataset_note``).

- :func:`options` / :func:`list_clusters` / :func:`list_pilot_cities`: what a form or a
  filter offers (live rows, in a fixed order, with their names in Chinese and English and
  an "unverified" flag for items the sources do not confirm).
- :func:`pilot_city_suggestion` (pure, on a list already read) and :func:`suggest_pilot_city`
  (reads the list): an enterprise located in a pilot city is offered that city.
- :func:`link_errors`: the enterprise services refuse a link to a cluster or a pilot city
  that does not exist or is in the recycle bin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session, col, select

from coop_desktop import text
from coop_desktop.db import Database
from coop_desktop.errors import FieldError, Message
from coop_desktop.i18n.catalog import N_, normalize_language
from coop_desktop.models import PilotCity, SmeCluster
from coop_desktop.reference import regions
from coop_desktop.reference.programme_pinyin import SHIPPED as SHIPPED_PINYIN

Kind = Literal["cluster", "pilot_city"]

#: The enterprise's link fields and the table each one points into.
LINK_FIELDS: dict[str, type[Any]] = {"cluster_id": SmeCluster, "pilot_city_id": PilotCity}

MSG_CLUSTER_MISSING = N_("There is no SME cluster with id {id}. Choose one from the list, or "
                         "none.")
MSG_CLUSTER_BINNED = N_("The SME cluster “{name}” is in the recycle bin. Restore it first, or "
                        "choose another one.")
MSG_PILOT_MISSING = N_("There is no digital-transformation pilot city with id {id}. Choose one "
                       "from the list, or none.")
MSG_PILOT_BINNED = N_("The pilot city “{name}” is in the recycle bin. Restore it first, or "
                      "choose another one.")
_MESSAGES = {"cluster_id": (MSG_CLUSTER_MISSING, MSG_CLUSTER_BINNED),
             "pilot_city_id": (MSG_PILOT_MISSING, MSG_PILOT_BINNED)}

#: Words that start a confidence label the sources confirm (English as shipped; Chinese
#: when a user typed one). Any other label marks the item "unverified".
_CONFIRMED = ("confirmed", "已确认")
#: Suffixes left off a district's name when looking for it in an address (浦东新区 → 浦东).
_DISTRICT_SUFFIXES = ("新区", "区", "县", "市")


def is_unverified(confidence: str | None) -> bool:
    """Whether a confidence label says the item is not confirmed (no label: nothing to say)."""
    note = (confidence or "").strip().lower()
    return bool(note) and not note.startswith(_CONFIRMED)


@dataclass(frozen=True)
class Programme:
    """One cluster or pilot city as a form or a filter offers it (no research notes: the
    UI shows at most a small "unverified" mark)."""

    id: int
    kind: Kind
    name_zh: str
    name_en: str | None
    province_code: str | None
    city_code: str | None
    city_zh: str | None
    list_year: int | None
    batch: int | None
    unverified: bool
    deleted: bool = False

    def name(self, language: str | None) -> str:
        """The name in ``language`` (English falls back to the Chinese name)."""
        if normalize_language(language) == "zh_CN":
            return self.name_zh
        return self.name_en or self.name_zh

    @property
    def district(self) -> str | None:
        """For a pilot that is one district of its city (上海市浦东新区): the district's
        name (浦东新区); None for a whole city."""
        city, name = self.city_zh or "", self.name_zh
        if city and name != city and name.startswith(city) and len(name) > len(city):
            return name[len(city):]
        return None


@dataclass(frozen=True)
class ProgrammeOptions:
    """Everything a form needs, read in one go: the live clusters and pilot cities (sorted)
    and the rows in the recycle bin (to name a link made before they went there)."""

    clusters: tuple[Programme, ...] = ()
    pilot_cities: tuple[Programme, ...] = ()
    binned: Mapping[tuple[Kind, int], Programme] = field(default_factory=dict)

    def find(self, kind: Kind, row_id: int | None) -> Programme | None:
        """The cluster or pilot city ``row_id`` (live or in the recycle bin), or None."""
        if row_id is None:
            return None
        for item in self.clusters if kind == "cluster" else self.pilot_cities:
            if item.id == row_id:
                return item
        return self.binned.get((kind, row_id))


def _programme(row: SmeCluster | PilotCity) -> Programme:
    kind: Kind = "cluster" if isinstance(row, SmeCluster) else "pilot_city"
    assert row.id is not None
    return Programme(
        id=row.id, kind=kind, name_zh=row.name_zh, name_en=row.name_en,
        province_code=row.province_code, city_code=row.city_code, city_zh=row.city_zh,
        list_year=row.list_year, batch=getattr(row, "batch", None),
        unverified=is_unverified(row.confidence), deleted=row.deleted_at is not None)


def _order(item: Programme) -> tuple[Any, ...]:
    """Province by province (GB/T 2260 order: how officers read such lists), then by the
    name's pinyin (the shipped names' is shipped: converting imports pypinyin, ~0.2 s that
    the first window would pay); the few without a province last."""
    pinyin = SHIPPED_PINYIN.get(item.name_zh) or text.pinyin(item.name_zh)
    return (item.province_code or "999999", pinyin, item.name_zh, item.id)


def _read(session: Session, table: type[SmeCluster] | type[PilotCity], *, deleted: bool
          ) -> list[Programme]:
    gone = col(table.deleted_at)
    rows = session.exec(select(table).where(gone.is_not(None) if deleted else gone.is_(None)))
    return sorted((_programme(r) for r in rows), key=_order)


def list_clusters(db: Database) -> list[Programme]:
    """The live SME clusters, province by province."""
    with db.read() as session:
        return _read(session, SmeCluster, deleted=False)


def list_pilot_cities(db: Database) -> list[Programme]:
    """The live digital-transformation pilot cities, province by province."""
    with db.read() as session:
        return _read(session, PilotCity, deleted=False)


def options(db: Database) -> ProgrammeOptions:
    """Both lists and the recycled rows, in one read (a few hundred rows at most)."""
    with db.read() as session:
        binned = {(p.kind, p.id): p for table in (SmeCluster, PilotCity)
                  for p in _read(session, table, deleted=True)}
        return ProgrammeOptions(tuple(_read(session, SmeCluster, deleted=False)),
                                tuple(_read(session, PilotCity, deleted=False)), binned)


# ---------------------------------------------------------------- suggesting a pilot city
@dataclass(frozen=True)
class PilotSuggestion:
    """A pilot city to offer. ``district`` is set when the pilot is one district of the
    enterprise's city and the address does not say whether the enterprise is there: offer
    it "if the enterprise is in {district}"."""

    city: Programme
    district: str | None = None


def _mentions(address: str, district: str) -> bool:
    stem = district
    for suffix in _DISTRICT_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix) + 1:
            stem = stem[: -len(suffix)]
            break
    return district in address or stem in address


def pilot_city_suggestion(cities: Sequence[Programme], city_code: str | None,
                          address_zh: str | None = None) -> PilotSuggestion | None:
    """The pilot city to offer an enterprise located in ``city_code`` (a prefecture-level
    GB/T 2260 code), or None.

    A pilot that is a whole city is offered as it is. A pilot that is one district of a
    municipality or city (北京市顺义区, 上海市浦东新区) is offered when the Chinese address
    names that district, and offered with its district named when there is no address yet;
    an address elsewhere in the city gets no offer.
    """
    if not city_code:
        return None
    here = [c for c in cities if c.city_code == city_code and not c.deleted]
    for city in here:
        if city.district is None:
            return PilotSuggestion(city)
    address = text.normalize(address_zh or "").strip()
    for city in here:
        district = city.district
        assert district is not None
        if address and _mentions(address, district):
            return PilotSuggestion(city)
    if not address and here:
        first = here[0]
        return PilotSuggestion(first, first.district)
    return None


def suggest_pilot_city(db: Database, city_code: str | None, address_zh: str | None = None
                       ) -> PilotSuggestion | None:
    """:func:`pilot_city_suggestion` on the live pilot cities (reads the database)."""
    if not city_code or regions.lookup(city_code) is None:
        return None
    return pilot_city_suggestion(list_pilot_cities(db), city_code, address_zh)


# ---------------------------------------------------------------- checking links
def link_errors(session: Session, values: Mapping[str, Any],
                current: Mapping[str, Any] | None = None) -> list[FieldError]:
    """A problem for each link in ``values`` to a cluster or pilot city that does not exist
    or is in the recycle bin. A link equal to ``current``'s (the record as stored) is not
    checked: a record whose cluster went to the recycle bin can still be saved."""
    errors: list[FieldError] = []
    for name, table in LINK_FIELDS.items():
        wanted = values.get(name)
        if wanted is None or (current is not None and current.get(name) == wanted):
            continue
        missing, binned = _MESSAGES[name]
        row = session.get(table, wanted) if _storable(wanted) else None
        if row is None:
            errors.append(FieldError(name, Message(missing, {"id": wanted})))
        elif row.deleted_at is not None:
            errors.append(FieldError(name, Message(binned, {"name": row.name_zh})))
    return errors


def _storable(value: Any) -> bool:
    return isinstance(value, int) and -(2**63) <= value < 2**63


__all__ = [
    "LINK_FIELDS", "PilotSuggestion", "Programme", "ProgrammeOptions", "is_unverified",
    "link_errors", "list_clusters", "list_pilot_cities", "options", "pilot_city_suggestion",
    "suggest_pilot_city",
]
