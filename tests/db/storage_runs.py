"""Running the storage proofs: kill rounds, kills during an upgrade, concurrent writers.

The parent side of ``storage_workers``: it starts the workers, kills them at seeded random
moments, and checks the file after each kill (``storage_checks``). Each function returns
a report with the figures the issue quotes (kills survived, writes checked, throughput,
waits). Used by ``test_crash_safety``, ``test_concurrency`` and ``bench/``.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage_checks import (Model, integrity_problems, read_acks, replay, snapshot_of,
                            copy_database, verify)
from storage_workers import (child_env, context, crash_writer, creating_opener, loop_writer,
                             migrating_opener)


def wait_for(ack_path: Path, ev: str, proc: Any, timeout: float) -> dict[str, Any] | None:
    """The first ``ev`` line of ``ack_path``, or None if the worker ended (or time ran out)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for line in read_acks(ack_path):
            if line.get("ev") == ev:
                return line
            if line.get("ev") == "error":
                return None
        if not proc.is_alive():
            return None
        time.sleep(0.002)
    return None


def _error_text(lines: list[dict[str, Any]]) -> str | None:
    for line in lines:
        if line.get("ev") == "error":
            return f"{line['type']}: {line['message']}\n{line.get('trace', '')}"
    return None


# ---------------------------------------------------------------- kills while writing
@dataclass
class CrashReport:
    rounds: int = 0
    acked: int = 0          # acknowledged writes (each present after every later kill)
    checked: int = 0        # acknowledged writes checked, summed over the kills
    in_flight: int = 0      # kills with a write under way
    in_flight_landed: int = 0
    phases: Counter = field(default_factory=Counter)   # where the kills landed
    kinds: Counter = field(default_factory=Counter)    # acknowledged writes by kind
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # rows in the file at the end
    model: Model = field(default_factory=Model)           # what the file holds at the end

    def summary(self) -> str:
        return (f"{self.rounds - len(self.failures)} of {self.rounds} kills left a sound file "
                f"with exactly the committed writes; {self.acked} acknowledged writes "
                f"({dict(self.kinds)}), {self.checked} write checks; kills landed "
                f"{dict(self.phases)}; a write was under way at {self.in_flight} kills and "
                f"had landed at {self.in_flight_landed}; {self.seconds:.1f} s; "
                f"file: {self.counts}")


def _phase(lines: list[dict[str, Any]]) -> str:
    state = "starting"
    for line in lines:
        ev = line.get("ev")
        if ev in ("ready", "restarted"):
            state = "writing"
        elif ev == "restart":
            state = "restarting"
    return state


def crash_rounds(db_path: Path, work_dir: Path, *, rounds: int, seed: int,
                 max_delay: float = 0.6, startup_share: float = 0.15,
                 log: Any = None) -> CrashReport:
    """Start a crash writer on ``db_path`` (which holds none of its rows yet), kill it with
    SIGKILL at a random moment, check the file, go on with the next writer on the same
    file; ``rounds`` times. The kill comes ``startup_share`` of the time while the worker
    starts (opening the file), otherwise up to ``max_delay`` s after it is ready."""
    ctx = context()
    rng = random.Random(seed)
    report = CrashReport()
    model = Model()
    next_n = 1
    started = time.monotonic()
    for r in range(rounds):
        ack_path = work_dir / f"crash-{r:03d}.jsonl"
        proc = ctx.Process(target=crash_writer, name=f"crash-writer-{r}",
                           args=(str(db_path), str(ack_path), seed * 100_003 + r, next_n,
                                 child_env()))
        proc.start()
        if rng.random() < startup_share:
            time.sleep(rng.uniform(0.0, 0.25))
        elif wait_for(ack_path, "ready", proc, timeout=120) is not None:
            time.sleep(rng.uniform(0.005, max_delay))
        proc.kill()
        proc.join()
        lines = read_acks(ack_path)
        report.rounds += 1
        error = _error_text(lines)
        if error or proc.exitcode != -signal.SIGKILL:
            report.failures.append(f"round {r}: the writer failed (exit {proc.exitcode}): {error}")
            break
        run = replay(lines)
        report.phases[_phase(lines)] += 1
        verdict = verify(db_path, model, run)
        if not verdict.ok:
            report.failures.append(f"round {r} (seed {seed}): " + "; ".join(verdict.problems))
            break
        model = report.model = verdict.model
        report.acked += len(run.done) + verdict.in_flight_applied
        report.checked += report.acked
        report.kinds.update(op["kind"] for op in run.done)
        report.in_flight += run.in_flight is not None
        report.in_flight_landed += verdict.in_flight_applied
        report.counts = verdict.snapshot.counts
        numbers = [line["n"] for line in lines if "n" in line]
        next_n = max([next_n, *numbers]) + 1
        if log:
            log(f"kill {r + 1}/{rounds}: {_phase(lines)}, {len(run.done)} writes acknowledged"
                f"{', one under way' if run.in_flight else ''}"
                f"{' (it landed)' if verdict.in_flight_applied else ''}; file sound")
    report.seconds = time.monotonic() - started
    return report


# ---------------------------------------------------------------- kills during an upgrade
@dataclass
class UpgradeReport:
    rounds: int = 0
    mid_upgrade: int = 0     # kills between the start and the end of the upgrade
    old_intact: int = 0      # the kill came before the upgrade committed: old file as it was
    upgraded: int = 0        # the upgrade had committed
    reopened: int = 0        # opened (and upgraded) by the next start
    part_files: int = 0      # unfinished backup copies left in the backup folder
    upgrade_seconds: dict[str, float] = field(default_factory=dict)
    open_seconds: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.rounds - len(self.failures)} of {self.rounds} upgrades killed midway "
                f"left a sound file ({self.mid_upgrade} killed inside the upgrade; {self.old_intact} at the old revision with the same schema "
                f"and rows; {self.upgraded} already upgraded), {self.reopened} opened and "
                f"upgraded at the next start; unfinished backup copies left: {self.part_files}; "
                f"upgrade took {self.upgrade_seconds} s; {self.seconds:.1f} s")


def dump(path: Path) -> tuple[list[Any], str | None]:
    """Schema and content of ``path`` (read on a copy), and its Alembic revision."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="coop-dump-") as tmp:
        conn = sqlite3.connect(copy_database(path, Path(tmp)))
        try:
            lines = list(conn.iterdump())
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return lines, rev[0] if rev else None
        finally:
            conn.close()


def upgrade_kill_rounds(fixtures: list[Path], work_dir: Path, *, rounds: int, seed: int,
                        whole_open_share: float = 0.0, log: Any = None) -> UpgradeReport:
    """Kill the opening of an old database while its schema is being upgraded; the file
    must then be either untouched (old revision, same schema and rows) or fully upgraded,
    and the next start must open it.

    The kill comes at a random moment of the upgrade (as long as it took on an
    uninterrupted run, times 0.9), or, ``whole_open_share`` of the time, of the whole
    opening (the checks, the backup copy, the upgrade, the reference data, the close)."""
    from coop_desktop.db.migrate import head_revision
    from coop_desktop.services import enterprises, open_database

    ctx = context()
    rng = random.Random(seed)
    report = UpgradeReport()
    started = time.monotonic()
    head = head_revision()
    originals = {f: dump(f) for f in fixtures}
    # How long each upgrade takes here, measured on an uninterrupted run.
    for fixture in fixtures:
        folder = work_dir / f"calibrate-{fixture.stem}"
        folder.mkdir()
        path = folder / "coop.sqlite"
        shutil.copyfile(fixture, path)
        ack_path = folder / "acks.jsonl"
        proc = ctx.Process(target=migrating_opener,
                           args=(str(path), str(ack_path), str(folder / "backups"), child_env()))
        proc.start()
        proc.join(120)
        lines = {line["ev"]: line for line in read_acks(ack_path)}
        if "closed" not in lines:
            report.failures.append(f"{fixture.name}: could not be opened: {_error_text(list(lines.values()))}")
            return report
        report.upgrade_seconds[fixture.stem] = round(
            lines["upgrade-end"]["t"] - lines["upgrade-start"]["t"], 3)
        report.open_seconds[fixture.stem] = round(lines["closed"]["t"] - lines["start"]["t"], 3)
    for r in range(rounds):
        fixture = fixtures[r % len(fixtures)]
        old_lines, old_rev = originals[fixture]
        folder = work_dir / f"upgrade-{r:03d}"
        folder.mkdir()
        path, backups = folder / "coop.sqlite", folder / "backups"
        shutil.copyfile(fixture, path)
        ack_path = folder / "acks.jsonl"
        proc = ctx.Process(target=migrating_opener,
                           args=(str(path), str(ack_path), str(backups), child_env()))
        whole = rng.random() < whole_open_share
        proc.start()
        if whole:
            if wait_for(ack_path, "start", proc, timeout=120) is not None:
                time.sleep(rng.uniform(0.0, report.open_seconds[fixture.stem]))
        elif wait_for(ack_path, "upgrade-start", proc, timeout=120) is not None:
            time.sleep(rng.uniform(0.0, report.upgrade_seconds[fixture.stem] * 0.9))
        else:
            proc.kill()
            proc.join()
            report.rounds += 1
            report.failures.append(f"round {r}: the upgrade did not start: "
                                   f"{_error_text(read_acks(ack_path))}")
            continue
        proc.kill()
        proc.join()
        report.rounds += 1
        evs = {line["ev"] for line in read_acks(ack_path)}
        report.mid_upgrade += "upgrade-start" in evs and "upgrade-end" not in evs
        with_problems = _problems_of(path)
        lines, rev = dump(path)
        if with_problems:
            report.failures.append(f"round {r} ({fixture.name}): {with_problems}")
            continue
        if rev == old_rev:
            if lines != old_lines:
                report.failures.append(f"round {r} ({fixture.name}): still at {rev} but its "
                                       f"content changed")
                continue
            report.old_intact += 1
        elif rev == head:
            report.upgraded += 1
        else:
            report.failures.append(f"round {r} ({fixture.name}): left at revision {rev}")
            continue
        report.part_files += sum(1 for pattern in ("*.part", ".backup-*.tmp*")
                                 for _f in backups.rglob(pattern)) if backups.exists() else 0
        try:
            db, opened = open_database(path, backup_dir=backups, actor="next-start")
            try:
                assert opened.to_revision == head
                hits = [e.uscc for e in enterprises.search(db, "华为")]
                assert hits == ["914403001922038216"], hits
            finally:
                db.close()
            report.reopened += 1
        except Exception as exc:  # noqa: BLE001 - reported
            report.failures.append(f"round {r} ({fixture.name}): the next start failed: "
                                   f"{type(exc).__name__}: {exc}")
            continue
        if log:
            where = ("inside the upgrade" if "upgrade-start" in evs and "upgrade-end" not in evs
                     else "after the upgrade" if "upgrade-end" in evs else "before the upgrade")
            log(f"upgrade kill {r + 1}/{rounds} ({fixture.stem}, {where}): "
                f"{'old revision intact' if rev == old_rev else 'upgraded'}; reopened")
    report.seconds = time.monotonic() - started
    return report


def _problems_of(path: Path) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="coop-verify-") as tmp:
        conn = sqlite3.connect(copy_database(path, Path(tmp)))
        try:
            return integrity_problems(conn)
        finally:
            conn.close()


# ---------------------------------------------------------------- kills while creating
@dataclass
class CreationReport:
    rounds: int = 0
    no_file: int = 0        # killed before the database appeared: nothing at its name
    complete: int = 0       # a database at head was there
    reopened: int = 0
    strays: int = 0         # files other than the database's own left in the folder
    create_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.rounds - len(self.failures)} of {self.rounds} first starts killed while "
                f"creating the database left no file ({self.no_file}) or a complete one "
                f"({self.complete}); {self.reopened} opened at the next start; "
                f"other files left: {self.strays}; creating takes {self.create_seconds:.2f} s; "
                f"{self.seconds:.1f} s")


def creation_kill_rounds(work_dir: Path, *, rounds: int, seed: int,
                         log: Any = None) -> CreationReport:
    """Kill the very first start while it creates the database: half of the rounds the
    moment a file shows at the database's name, the others at a random moment of the
    creation. The name must then hold nothing or a complete database (never an empty or
    half-made file the next start has to refuse), and the next start must open it."""
    from coop_desktop.db.migrate import check_file, head_revision
    from coop_desktop.services import open_database

    ctx = context()
    rng = random.Random(seed)
    report = CreationReport()
    started = time.monotonic()
    folder = work_dir / "calibrate-create"
    folder.mkdir()
    proc = ctx.Process(target=creating_opener, args=(str(folder / "coop.sqlite"),
                                                     str(folder / "acks.jsonl"), child_env()))
    proc.start()
    proc.join(120)
    lines = {line["ev"]: line for line in read_acks(folder / "acks.jsonl")}
    if "closed" not in lines:
        report.failures.append(f"creating failed: {_error_text(list(lines.values()))}")
        return report
    report.create_seconds = lines["opened"]["t"] - lines["start"]["t"]
    for r in range(rounds):
        folder = work_dir / f"create-{r:03d}"
        folder.mkdir()
        path, ack_path = folder / "coop.sqlite", folder / "acks.jsonl"
        proc = ctx.Process(target=creating_opener, args=(str(path), str(ack_path), child_env()))
        proc.start()
        if r % 2 == 0:  # the moment the name appears
            end = time.monotonic() + 60
            while not path.exists() and proc.is_alive() and time.monotonic() < end:
                time.sleep(0.0002)
        elif wait_for(ack_path, "start", proc, timeout=120) is not None:
            time.sleep(rng.uniform(0.0, report.create_seconds))
        proc.kill()
        proc.join()
        report.rounds += 1
        error = _error_text(read_acks(ack_path))
        if error:
            report.failures.append(f"round {r}: the first start failed: {error}")
            continue
        if not path.exists():
            report.no_file += 1
        else:
            try:
                facts = check_file(path)
                assert facts is not None and facts.revision == head_revision(), facts
                problems = _problems_of(path)
                assert not problems, problems
                report.complete += 1
            except Exception as exc:  # noqa: BLE001 - reported
                sizes = {f.name: f.stat().st_size for f in folder.iterdir()}
                report.failures.append(f"round {r}: left {sizes}: {type(exc).__name__}: {exc}")
                continue
        try:
            db, _opened = open_database(path, actor="next-start")
            db.close()
            report.reopened += 1
        except Exception as exc:  # noqa: BLE001 - reported
            report.failures.append(f"round {r}: the next start failed: {type(exc).__name__}: {exc}")
            continue
        own = {path.name + s for s in ("", "-wal", "-shm", "-journal")} | {"acks.jsonl"}
        report.strays += len([f for f in folder.iterdir() if f.name not in own])
        if log:
            log(f"creation kill {r + 1}/{rounds}: "
                f"{'no file' if not path.exists() else 'complete database'}; reopened")
    report.seconds = time.monotonic() - started
    return report


# ---------------------------------------------------------------- concurrent writers
@dataclass
class ConcurrencyReport:
    writers: int
    seconds: float
    attempts: int = 0
    acked: int = 0
    failed: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    shared_acked: int = 0
    per_writer: dict[str, int] = field(default_factory=dict)

    @property
    def max_wait(self) -> float:
        return max(self.latencies, default=0.0)

    def summary(self) -> str:
        lat = sorted(self.latencies)
        p95 = lat[int(len(lat) * 0.95)] if lat else 0.0
        return (f"{self.writers} writers for {self.seconds:g} s: {self.attempts} attempts, "
                f"{self.acked} acknowledged ({self.acked / self.seconds:.0f}/s, per writer "
                f"{self.per_writer}), {len(self.failed)} failed, {len(self.lost)} lost; "
                f"{self.shared_acked} updates of the shared row; service call median "
                f"{statistics.median(lat) * 1000 if lat else 0:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                f"max {self.max_wait * 1000:.0f} ms")


def concurrent_writers(db_path: Path, work_dir: Path, *, writers: int = 2, seconds: float,
                       seed: int, shared_id: int | None = None,
                       busy_timeout_ms: int | None = None) -> ConcurrencyReport:
    """``writers`` processes write through the services for ``seconds``, all at once; then
    every acknowledged write is looked for in the file."""
    ctx = context()
    go = ctx.Event()
    procs, paths = [], {}
    for i in range(writers):
        tag = chr(ord("A") + i)
        paths[tag] = work_dir / f"writer-{tag}.jsonl"
        proc = ctx.Process(target=loop_writer, name=f"writer-{tag}",
                           args=(str(db_path), str(paths[tag]), tag, seed + i, seconds, go,
                                 child_env(), shared_id, busy_timeout_ms))
        proc.start()
        procs.append(proc)
    for proc, ack_path in zip(procs, paths.values()):
        if wait_for(ack_path, "ready", proc, timeout=120) is None:
            raise AssertionError(f"{proc.name} did not start: {_error_text(read_acks(ack_path))}")
    go.set()
    for proc in procs:
        proc.join(seconds + 120)
        if proc.is_alive():
            proc.kill()
            proc.join()
    report = ConcurrencyReport(writers, seconds)
    model = Model()
    shared_values: list[str] = []
    for (tag, ack_path), proc in zip(paths.items(), procs):
        lines = read_acks(ack_path)
        error = _error_text(lines)
        if error or proc.exitcode != 0:
            report.failed.append(f"writer {tag} stopped (exit {proc.exitcode}): {error}")
        intents = {line["n"]: line for line in lines if line.get("ev") == "intent"}
        acked = 0
        for line in lines:
            ev = line.get("ev")
            if ev == "fail":
                report.failed.append(f"writer {tag}: {line['type']}: {line['message']}")
            elif ev == "done":
                acked += 1
                report.latencies.append(line["s"])
                op = intents[line["n"]]
                if op["kind"] == "shared_update":
                    shared_values.append(op["name_en"])
                else:
                    model.apply(op | {k: v for k, v in line.items() if k not in ("ev", "n")})
        report.attempts += sum(1 for line in lines if line.get("ev") == "intent")
        report.per_writer[tag] = acked
        report.acked += acked
    report.shared_acked = len(shared_values)
    with sqlite3.connect(db_path) as conn:
        snap = snapshot_of(conn)
        report.lost += snap.problems
        from storage_checks import differences

        report.lost += differences(model, snap.state, limit=20)
        if shared_id is not None:
            audited = [r[0] for r in conn.execute(
                "SELECT new_value FROM audit_log WHERE entity='enterprise' AND entity_id=? AND "
                "field='name_en' AND action='update' ORDER BY id", (shared_id,))]
            missing = sorted(set(shared_values) - set(audited))
            if missing:
                report.lost.append(f"shared row: {len(missing)} acknowledged updates not in "
                                   f"the audit trail: {missing[:5]}")
            if len(audited) != len(shared_values):
                report.lost.append(f"shared row: {len(shared_values)} updates acknowledged, "
                                   f"{len(audited)} audited")
            final = conn.execute("SELECT name_en FROM enterprise WHERE id=?",
                                 (shared_id,)).fetchone()[0]
            if shared_values and final != audited[-1]:
                report.lost.append(f"shared row holds {final!r}, last audited {audited[-1]!r}")
    conn.close()
    return report
