"""Benchmark: verified backups and the open-time checks on a large database.

    .venv/bin/python bench/backup.py [--db /work/data/big150k.sqlite] [--writes-for 4]

The source file is never written: it is first copied into a temporary folder (``--tmp``),
and everything runs on the copy. Measured:

1. **Checks on open**: ``sqlite.structural_problem`` (every start; median of 5) and
   ``sqlite.quick_check`` (the background check after opening), ``integrity_check`` for
   comparison.
2. **A verified backup, quiet**: ``services.backups.take_backup`` (online backup API, fsync,
   ``quick_check`` of the copy, counts, sidecar, rename) and its phases timed apart.
3. **A backup while the app writes**: a second *process* opens the database as the app
   does and saves one enterprise after another through the services (``enterprises.update``,
   one write transaction each) for ``--writes-for`` seconds before, during and after a
   backup taken by this process. Reported: commits per second and commit latency (p50,
   p95, max) without and during the backup. The writers must keep writing.
4. ``needs_backup`` (the idle timer's test) and a **restore** of the quiet backup (staging
   copy, integrity + foreign-key check, before-restore backup of the current file, rename,
   the checks again).

Prints JSON (also written to ``--out``). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(fn, *args, **kw):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args, **kw)
    return result, time.perf_counter() - started


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def writer(db_path: str, ready: str, stop: str, out: str) -> None:
    """The app's side: open as the app does, then save enterprises one by one."""
    from sqlalchemy import text

    from coop_desktop.services import enterprises, open_database

    db, _ = open_database(db_path, sync_reference=False)
    db.verify()  # writes wait for the background quick_check anyway
    with db.read() as session:
        ids = [r[0] for r in session.execute(text(
            "SELECT id FROM enterprise WHERE deleted_at IS NULL ORDER BY id LIMIT 5000"))]
    Path(ready).write_text("ready")
    commits: list[tuple[float, float]] = []
    failures = 0
    i = 0
    while not os.path.exists(stop):
        eid = ids[i % len(ids)]
        i += 1
        started = time.monotonic()
        try:
            enterprises.update(db, eid, {"address_en": f"No. {i} Benchmark Road"})
        except Exception:  # noqa: BLE001 - counted, the benchmark goes on
            failures += 1
            continue
        commits.append((started, time.monotonic()))
    db.close()
    Path(out).write_text(json.dumps({"commits": commits, "failures": failures}))


def _window_stats(commits: list[tuple[float, float]], start: float, end: float
                  ) -> dict[str, float]:
    inside = [(s, e) for s, e in commits if s >= start and e <= end]
    spanning = [(s, e) for s, e in commits if s < end and e > start]
    lat = [(e - s) * 1000 for s, e in spanning]
    seconds = max(end - start, 1e-9)
    return {"seconds": round(seconds, 2), "commits": len(inside),
            "commits_per_s": round(len(inside) / seconds, 1),
            "latency_ms_p50": round(_pct(lat, 0.5), 1), "latency_ms_p95": round(_pct(lat, 0.95), 1),
            "latency_ms_max": round(max(lat), 1) if lat else float("nan")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/work/data/big150k.sqlite"))
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the copies")
    parser.add_argument("--writes-for", type=float, default=4.0,
                        help="seconds of writing before and after the backup")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "backup.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    from coop_desktop.db import backup as raw
    from coop_desktop.db import sqlite as sqlite_impl
    from coop_desktop.services import backups

    work = Path(tempfile.mkdtemp(prefix="coop-bench-backup-", dir=args.tmp))
    result: dict = {"source": str(args.db), "source_mb": round(args.db.stat().st_size / 2**20, 1)}
    try:
        db_path = work / "coop.sqlite"
        _, t = _timed(shutil.copyfile, args.db, db_path)
        result["plain_file_copy_s"] = round(t, 2)
        print(f"copied in {t:.1f} s", file=sys.stderr)

        # 1. Checks on open.
        times = []
        for _ in range(5):
            problem, t = _timed(sqlite_impl.structural_problem, db_path)
            assert problem is None, problem
            times.append(t)
        result["structural_problem_ms_median"] = round(statistics.median(times) * 1000, 1)
        problems, t = _timed(sqlite_impl.quick_check, db_path)
        assert problems == [], problems
        result["quick_check_s"] = round(t, 2)
        integrity = getattr(sqlite_impl, "integrity_check", None)
        if integrity is not None:
            problems, t = _timed(integrity, db_path)
            result["integrity_check_s"] = round(t, 2)
        problems, t = _timed(raw.full_check, db_path)
        assert problems == [], problems
        result["integrity_and_foreign_key_check_s"] = round(t, 2)
        print(f"checks: {result}", file=sys.stderr)

        # 2. A verified backup, quiet; then its phases apart.
        bdir = work / "backups"
        info, t = _timed(backups.take_backup, db_path, reason="manual", backup_dir=bdir,
                         rotate=False)
        result["backup_quiet_s"] = round(t, 2)
        result["backup_mb"] = round(info.size / 2**20, 1)
        result["backup_counts"] = dict(info.counts)
        phase = work / "phase.sqlite"
        phase.touch()
        _, t = _timed(raw.snapshot, db_path, phase)
        result["phase_snapshot_s"] = round(t, 2)
        _, t = _timed(raw.fileio.fsync_file, phase)
        result["phase_fsync_s"] = round(t, 2)
        _, t = _timed(sqlite_impl.quick_check, phase)
        result["phase_quick_check_s"] = round(t, 2)
        _, t = _timed(raw.read_facts, phase)
        result["phase_counts_s"] = round(t, 3)
        phase.unlink()
        print(f"quiet backup: {result['backup_quiet_s']} s", file=sys.stderr)

        # 3. A backup while another process writes through the services.
        ctx = mp.get_context("spawn")
        ready, stop, out = (str(work / n) for n in ("ready", "stop", "writer.json"))
        proc = ctx.Process(target=writer, args=(str(db_path), ready, stop, out))
        proc.start()
        while not os.path.exists(ready):
            if not proc.is_alive():
                raise SystemExit("writer died")
            time.sleep(0.05)
        before_start = time.monotonic()
        time.sleep(args.writes_for)
        b_start = time.monotonic()
        busy_info = backups.take_backup(db_path, reason="auto", backup_dir=bdir, rotate=False)
        b_end = time.monotonic()
        time.sleep(args.writes_for)
        after_end = time.monotonic()
        Path(stop).write_text("stop")
        proc.join()
        written = json.loads(Path(out).read_text())
        commits = [tuple(c) for c in written["commits"]]
        result["under_writes"] = {
            "backup_s": round(b_end - b_start, 2),
            "writer_failures": written["failures"],
            "before": _window_stats(commits, before_start, b_start),
            "during": _window_stats(commits, b_start, b_end),
            "after": _window_stats(commits, b_end, after_end),
            "backup_verified": busy_info.verified,
        }
        print(f"under writes: {result['under_writes']}", file=sys.stderr)

        # 4. Is one due? Then a restore of the quiet backup.
        _, t = _timed(backups.needs_backup, db_path, backup_dir=bdir)
        result["needs_backup_ms"] = round(t * 1000, 2)
        report, t = _timed(backups.restore_backup, info.path, db_path, backup_dir=bdir)
        result["restore_s"] = round(t, 2)
        result["restore_saved_aside_verified"] = report.saved_verified
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        result["restored_enterprises"] = conn.execute(
            "SELECT count(*) FROM enterprise").fetchone()[0]
        conn.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            result["kept"] = str(work)
    result["env"] = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                     "cpus": os.cpu_count(), "loadavg_end": os.getloadavg()}
    text = json.dumps(result, ensure_ascii=False, indent=2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
