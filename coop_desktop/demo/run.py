"""The demo run: :func:`generate_iter` / :func:`generate` draw the enterprises chunk by
chunk, write them (:class:`~coop_desktop.demo.store.Store`), then the applications
(:mod:`coop_desktop.demo.applications`), all in one transaction; :func:`has_user_records`
tells a demo database from one people work in."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import col

from coop_desktop.db import Database
from coop_desktop.demo import applications as demo_applications
from coop_desktop.demo.enterprises import Generator as _Gen
from coop_desktop.demo.links import Programmes
from coop_desktop.demo.store import Store as _Store
from coop_desktop.models import AuditAction, Enterprise, PilotCity, SmeCluster, Zone

#: Enterprises written (and progress reported) per chunk.
CHUNK = 1000


@dataclass(frozen=True)
class DemoReport:
    """What one run created."""

    enterprises: int
    titles: int
    contacts: int
    interactions: int
    zone_links: int
    seconds: float
    seed: int = 1
    #: USCCs or names drawn again because they were already taken.
    redraws: int = 0
    #: Applications drafted (see :mod:`coop_desktop.demo.applications`).
    applications: int = 0
    #: Yearly figures (``enterprise_year`` rows) and title events written.
    years: int = 0
    title_events: int = 0


def has_user_records(db: Database) -> bool:
    """True when people have worked in this database: any audit row that neither a demo
    run (one ``create`` row per record, no field) nor the shipped reference data wrote.

    ``coop-desktop demo`` refuses such a file unless forced, so that a real database is
    not mixed with invented enterprises by a mistyped ``--db``.
    """
    from coop_desktop.models import AuditEntry
    from coop_desktop.services.reference import ACTOR as REFERENCE_ACTOR

    with db.read() as session:
        found = session.execute(
            select(col(AuditEntry.id)).where(
                col(AuditEntry.actor) != REFERENCE_ACTOR,
                ~((col(AuditEntry.action) == AuditAction.CREATE.value)
                  & col(AuditEntry.field).is_(None)))
            .limit(1)).first()
    return found is not None


def generate_iter(db: Database, *, enterprises: int = 500, seed: int = 1
                  ) -> Generator[tuple[int, int], None, DemoReport]:
    """Create ``enterprises`` demo enterprises with their records; yields ``(done, total)``.

    Yields ``(0, total)`` first, then after each chunk of :data:`CHUNK` enterprises, and
    ``(total, total)`` last — only after the commit. The generator's return value
    (``StopIteration.value``) is the :class:`DemoReport`. Closing the generator before
    the end rolls the whole run back.
    """
    if enterprises < 0:
        raise ValueError("enterprises must be >= 0")
    started = time.perf_counter()
    total = enterprises
    counts: dict[str, int] = {}
    redraws = applications = 0
    if total:
        yield 0, total
        with db.session() as session:
            conn = session.connection()
            store = _Store(conn, db.actor)
            try:
                zone_rows = list(session.execute(select(Zone)
                                                 .where(col(Zone.deleted_at).is_(None))
                                                 .order_by(col(Zone.id))).scalars())
                zones = [(z.id, frozenset(z.partner_countries or ()), z.province_code)
                         for z in zone_rows]
                pilots: dict[str, int] = {}
                for pid, code in conn.execute(select(col(PilotCity.id), col(PilotCity.city_code))
                                              .where(col(PilotCity.deleted_at).is_(None))):
                    if code:
                        pilots.setdefault(code, pid)
                clusters: dict[str, list[int]] = {}
                for cid, code in conn.execute(select(col(SmeCluster.id),
                                                     col(SmeCluster.city_code))
                                              .where(col(SmeCluster.deleted_at).is_(None))):
                    if code:
                        clusters.setdefault(code, []).append(cid)
                gen = _Gen(random.Random(seed),
                           taken_usccs=set(conn.execute(select(col(Enterprise.uscc))).scalars()),
                           taken_names=set(conn.execute(select(col(Enterprise.name_zh))).scalars()),
                           zones=zones, now=store.now, facts=random.Random(f"facts:{seed}"),
                           programmes=Programmes(random.Random(f"programmes:{seed}"), pilots,
                                                 clusters))
                picker = demo_applications.Picker()
                done = 0
                while done < total:
                    n = min(CHUNK, total - done)
                    for _ in range(n):
                        row, children = gen.enterprise()
                        store.add(row, children)
                        picker.offer(row, children)
                    store.write()
                    done += n
                    if done < total:
                        yield done, total
                store.finish()
                applications = demo_applications.write(
                    conn, picker, zones=zone_rows, seed=seed, now=store.now, actor=store.actor,
                    op_id=store.op_id)
                demo_applications.remember_submitted(session)
            finally:
                store.close()
            counts = store.counts
            redraws = gen.redraws
    yield total, total
    return DemoReport(
        enterprises=total, titles=counts.get("srdi_title", 0), contacts=counts.get("contact", 0),
        interactions=counts.get("interaction", 0), zone_links=counts.get("zone_link", 0),
        seconds=time.perf_counter() - started, seed=seed, redraws=redraws,
        applications=applications, years=counts.get("enterprise_year", 0),
        title_events=counts.get("srdi_title_event", 0))


def generate(db: Database, *, enterprises: int = 500, seed: int = 1,
             progress: Callable[[int, int], object] | None = None) -> DemoReport:
    """Run :func:`generate_iter` to the end; ``progress(done, total)`` is called per step."""
    it = generate_iter(db, enterprises=enterprises, seed=seed)
    while True:
        try:
            done, total = next(it)
        except StopIteration as stop:
            report: DemoReport = stop.value
            return report
        if progress is not None:
            progress(done, total)
