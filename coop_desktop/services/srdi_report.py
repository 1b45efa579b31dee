"""Who qualifies: the SRDI assessment over a filtered enterprise list, in one batch.

::

    report = srdi_report.run(db, EnterpriseQuery(province_code="440000"), version="2022",
                             progress=lambda done, total: ..., cancelled=lambda: False)
    report.counts["srdi"]["pass"]        # enterprises per tier and outcome
    for row in report.rows: ...          # ReportRow: id, names, USCC, province, year used,
                                         # per tier: outcome, score, shortfalls / missing facts

Every enterprise of the list (``EnterpriseQuery``, as the list page filters it; its order)
is assessed with :func:`coop_desktop.rules.srdi.assess` on the facts of its latest complete
year (:func:`coop_desktop.rules.srdi_facts.facts_from_years`), its size class and the titles
valid on ``today``. An enterprise without yearly figures is assessed too: it usually
comes out ``cannot_tell``, but a large enterprise or a missing SRDI title can already fail.

:func:`run_iter` is the same as a generator of ``(done, total)`` (the task runner's form:
closing it cancels) whose value is the :class:`SrdiReport`. The report only reads; a
cancelled run leaves nothing behind.

**Speed.** The list is read in chunks of :data:`CHUNK` ids with plain SQL (see
:mod:`coop_desktop.services.srdi_report_read`). Of each enterprise only what the counts and
the table's sort need is worked out: each tier's outcome and score range, from the raw
yearly rows by a short cut to the facts (:mod:`~coop_desktop.services.srdi_report_facts`)
and generated code (:func:`coop_desktop.rules.srdi.outcomes`), ~55 µs an enterprise with
figures instead of ~290; what is short or missing is worked out when a row's text is read
(the table, an export). The first chunk is assessed in the calling process; when it says
the rest would take more than :data:`PARALLEL_SECONDS` of CPU and the machine has more than
one core, this process goes on from the front of the list while ``workers - 1`` spawned
worker processes (at most :data:`MAX_WORKERS` processes in all) take chunks from the back,
each with its own read-only connection to the file. Figures in ``bench/README.md``
(``bench/srdi_report.py``).
"""

from __future__ import annotations

import datetime as _dt
import gc
import os
import sys
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from coop_desktop.db import Database
from coop_desktop.db.repositories import enterprises as repo
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_results import OUTCOMES, TIERS
from coop_desktop.services.srdi_report_read import (
    TOP,
    ChunkContext,
    ReportRow,
    Shortfall,
    TierSummary,
    assess_chunk,
    work,
)

#: Enterprises read and assessed at a time.
CHUNK = 2_000
#: Worker processes are started when the rest of the list would take this much CPU time
#: (estimated on the first chunk): below it, starting them (~1 s) does not pay.
PARALLEL_SECONDS = 4.0
#: The most processes, this one included (a worker costs ~0.5 s of CPU to start and ~60 MB).
MAX_WORKERS = 4

MSG_VERSION = N_("Unknown version of the SRDI criteria “{version}”. Versions: {known}.")


@dataclass(frozen=True)
class ScoreScale:
    """A tier's evaluation score: its maximum and the total the standard asks for."""

    max_points: int
    pass_mark: int | None


@dataclass
class SrdiReport:
    """The result of :func:`run`. ``rows`` in the list's order; ``counts[tier][outcome]``
    (every tier and outcome present, zero included); ``scales[tier]`` the score's maximum and
    pass mark (None: the tier has no score); ``with_years``: enterprises that have yearly
    figures; ``seconds`` and ``workers``: how long it took and with how many processes."""

    version: str
    info: srdi.VersionInfo
    today: _dt.date
    query: EnterpriseQuery
    rows: list[ReportRow]
    counts: dict[str, dict[str, int]]
    scales: dict[str, ScoreScale | None]
    with_years: int
    seconds: float = 0.0
    workers: int = 1

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def document(self) -> str:
        return self.info.document

    def select(self, tier: str | None = None, outcome: str | None = None) -> list[ReportRow]:
        """The rows whose ``tier`` came out ``outcome`` (either None: any)."""
        if tier is None and outcome is None:
            return list(self.rows)
        tiers = [tier] if tier is not None else list(TIERS)
        index = [TIERS.index(t) for t in tiers]
        return [r for r in self.rows if any(
            outcome is None or r.tiers[i].outcome == outcome for i in index)]


def check_version(version: str) -> srdi.VersionInfo:
    """The criteria version's description; a :class:`CoopError` naming the versions if it
    is unknown."""
    known = {v.id: v for v in srdi.versions()}
    if version not in known:
        raise CoopError(MSG_VERSION, version=version, known=", ".join(known))
    return known[version]


def count(rows: Sequence[ReportRow]) -> dict[str, dict[str, int]]:
    counts = {t: dict.fromkeys(OUTCOMES, 0) for t in TIERS}
    per_tier = [counts[t] for t in TIERS]
    for row in rows:
        for tally, summary in zip(per_tier, row.tiers, strict=True):
            tally[summary.outcome] += 1
    return counts


def _scales(version: str) -> dict[str, ScoreScale | None]:
    empty = srdi.assess({}, version)
    out: dict[str, ScoreScale | None] = {}
    for name in TIERS:
        score = empty.tiers[name].score
        out[name] = None if score is None else ScoreScale(score.max_points, score.pass_mark)
    return out


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def run_iter(db: Database, query: EnterpriseQuery | None = None, *, version: str = "2022",
             today: _dt.date | None = None, workers: int | None = None, chunk: int = CHUNK,
             parallel_seconds: float = PARALLEL_SECONDS
             ) -> Generator[tuple[int, int], None, SrdiReport]:
    """The report as a generator of ``(done, total)`` (see the module docstring). ``workers``:
    processes to use for a long list, this one included (None: the cores, at most
    :data:`MAX_WORKERS`; 1: this one only); the others are started when the first chunk,
    assessed here, says the rest would take more than ``parallel_seconds`` of CPU."""
    started = time.perf_counter()
    info = check_version(version)
    query = query or EnterpriseQuery()
    day = today or _dt.date.today()
    ctx = ChunkContext.new(version, day)
    wanted = default_workers() if workers is None else max(1, workers)
    # No automatic garbage collection meanwhile: the run makes no reference cycles, and full
    # collections scanning the growing list of rows cost 13 % of a 150k run. (The app has
    # it off anyway; it is restored as it was.)
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows, used = yield from _run(db, query, ctx, wanted, chunk, parallel_seconds)
    finally:
        if collecting:
            gc.enable()
    report = SrdiReport(version=version, info=info, today=day, query=query, rows=rows,
                        counts=count(rows), scales=_scales(version),
                        with_years=sum(1 for r in rows if r.has_years))
    report.seconds = time.perf_counter() - started
    report.workers = used
    return report


def _run(db: Database, query: EnterpriseQuery, ctx: ChunkContext, wanted: int, chunk: int,
         parallel_seconds: float
         ) -> Generator[tuple[int, int], None, tuple[list[ReportRow], int]]:
    used = 1
    with db.read() as session:
        ids = repo.ids(session, query)
        total = len(ids)
        yield 0, total
        conn = session.connection().connection.dbapi_connection
        parts = list(_chunks(ids, chunk))
        results: list[list[ReportRow] | None] = [None] * len(parts)
        if parts:
            cpu = time.process_time()
            results[0] = assess_chunk(conn, parts[0], ctx)
            yield len(parts[0]), total
            rest = total - len(parts[0])
            estimate = (time.process_time() - cpu) / max(len(parts[0]), 1) * rest
            if rest and wanted > 1 and estimate >= parallel_seconds and _can_share(db):
                extra = min(wanted - 1, len(parts) - 1)
                used = yield from _shared(db, conn, parts, results, ctx, extra, total)
            else:
                done = len(parts[0])
                for index in range(1, len(parts)):
                    results[index] = assess_chunk(conn, parts[index], ctx)
                    done += len(parts[index])
                    yield done, total
    return [row for part in results if part is not None for row in part], used


def _can_share(db: Database) -> bool:
    """Worker processes open the file themselves: a file on disk, opened normally. Not from
    a frozen build (PyInstaller and the like): a spawned worker would start the app again
    unless its entry point calls ``multiprocessing.freeze_support()`` first."""
    if getattr(sys, "frozen", False):
        return False
    return db.path is not None and not db.read_only and not db.damaged and db.path.exists()


def _shared(db: Database, conn: Any, parts: list[Sequence[int]],
            results: list[list[ReportRow] | None], ctx: ChunkContext, extra: int, total: int
            ) -> Generator[tuple[int, int], None, int]:
    """Chunks ``1…`` shared between this process (from the front) and ``extra`` worker
    processes (from the back, each kept two chunks ahead), results in the list's order;
    how many processes took part. Spawned (safe beside threads and the same on every
    system). This process goes on assessing while the workers start (~0.5 s), and takes
    back the chunks they have not begun once it reaches them. Closing the generator
    (Cancel) drops the chunks not started and lets the pool go. When no worker process
    can be started (or one dies), the chunks left are assessed here on ``conn``."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    path = str(db.path)
    args = (ctx.version, ctx.today.isoformat())
    done = sum(len(p) for p, r in zip(parts, results, strict=True) if r is not None)
    front, back = 1, len(parts) - 1   # the next chunk for this process / for the workers
    pending: dict[Any, int] = {}
    helped = False
    try:
        pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=extra, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, NotImplementedError):  # no processes here: do it ourselves
        pool = None
    complete = False

    def collect(futures: Any) -> int:
        nonlocal helped
        got = 0
        for future in futures:
            index = pending.pop(future)
            try:
                results[index] = future.result()
            except Exception:  # noqa: BLE001 - a worker could not start, died or could not
                pool_broken()  # open the file: its chunks are done here (a real error
                continue       # comes back here too)
            got += len(parts[index])
            helped = True
        return got

    def pool_broken() -> None:
        nonlocal pool
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None

    try:
        while True:
            while pool is not None and back >= front and len(pending) < 2 * extra:
                try:
                    future = pool.submit(work, path, list(parts[back]), *args)
                except Exception:  # noqa: BLE001 - the pool broke: the rest is ours
                    pool_broken()
                    break
                pending[future] = back
                back -= 1
            finished = [f for f in pending if f.done()]
            if finished:
                done += collect(finished)
                yield done, total
            if front <= back:
                results[front] = assess_chunk(conn, parts[front], ctx)
                done += len(parts[front])
                front += 1
                yield done, total
                continue
            # every chunk is claimed: take back those the workers have not begun
            for future, index in sorted(pending.items(), key=lambda item: item[1]):
                if future.cancel():
                    del pending[future]
                    results[index] = assess_chunk(conn, parts[index], ctx)
                    done += len(parts[index])
                    yield done, total
            if pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                done += collect(finished)
                yield done, total
                continue
            # a chunk a worker failed on is done here
            left = [i for i, r in enumerate(results) if r is None]
            for index in left:
                results[index] = assess_chunk(conn, parts[index], ctx)
                done += len(parts[index])
                yield done, total
            break
        complete = True
    finally:
        if pool is not None:  # after a cancel, the chunks not started are dropped
            pool.shutdown(wait=complete, cancel_futures=True)
    return 1 + extra if helped else 1


def run(db: Database, query: EnterpriseQuery | None = None, *, version: str = "2022",
        today: _dt.date | None = None, progress: Callable[[int, int], Any] | None = None,
        cancelled: Callable[[], bool] | None = None, workers: int | None = None) -> SrdiReport:
    """Run the whole report (see the module docstring). ``progress(done, total)`` is called
    after each chunk; when ``cancelled()`` turns true the run stops with
    :class:`Cancelled` (nothing was changed: the report only reads)."""
    job = run_iter(db, query, version=version, today=today, workers=workers)
    try:
        while True:
            done, total = next(job)
            if progress is not None:
                progress(done, total)
            if cancelled is not None and cancelled():
                job.close()
                raise Cancelled()
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


class Cancelled(CoopError):
    def __init__(self) -> None:
        super().__init__(N_("Cancelled."))


__all__ = ["CHUNK", "MAX_WORKERS", "PARALLEL_SECONDS", "TOP", "Cancelled", "ReportRow",
           "ScoreScale", "Shortfall", "SrdiReport", "TierSummary", "check_version", "count",
           "default_workers", "run", "run_iter"]
