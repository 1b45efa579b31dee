"""Benchmark: ``coop-desktop check`` and ``check --repair`` on a large database.

    .venv/bin/python bench/check.py [--db /work/data/big150k.sqlite] [--tmp DIR]

The source file is never written: it is copied into a temporary folder and everything
runs on the copy. Measured:

1. **check** (``services.maintenance.check_iter``) on the sound copy: total and per step
   (integrity_check, foreign_key_check, the FTS comparison, orphans, attachments), how
   often it yields progress, the longest gap between two yields (how soon Cancel takes
   effect) and how far the progress estimate strays from elapsed time.
2. **cancel**: closing the generator in the middle of the long FTS comparison; how long
   ``close()`` takes (the statement is interrupted).
3. **repair** after a ghost row was put into ``enterprise_fts`` with raw SQL: the backup,
   the FTS rebuild, the check afterwards; then a second ``repair`` (nothing to do).

Prints JSON (also written to ``--out``). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _drive(gen):  # type: ignore[no-untyped-def]
    """Run a progress generator; (result, seconds, yields, longest gap, worst estimate error)."""
    started = last = time.perf_counter()
    samples: list[tuple[float, float]] = []
    gap = 0.0
    while True:
        try:
            done, total = next(gen)
        except StopIteration as stop:
            end = time.perf_counter()
            gap = max(gap, end - last)
            seconds = end - started
            error = max((abs(f - t / seconds) for t, f in samples), default=0.0)
            return stop.value, seconds, len(samples), gap, error
        now = time.perf_counter()
        gap = max(gap, now - last)
        last = now
        samples.append((now - started, done / total))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/work/data/big150k.sqlite"))
    parser.add_argument("--tmp", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "check.json")
    args = parser.parse_args()

    from coop_desktop.services import maintenance, open_database

    work = Path(tempfile.mkdtemp(prefix="coop-bench-check-", dir=args.tmp))
    result: dict[str, object] = {"python": platform.python_version(),
                                 "sqlite": sqlite3.sqlite_version, "source": str(args.db),
                                 "size_mb": round(args.db.stat().st_size / 2**20, 1),
                                 "cpus": os.cpu_count(),
                                 "load_start": [round(x, 1) for x in os.getloadavg()]}
    try:
        path = work / "coop.sqlite"
        shutil.copyfile(args.db, path)
        db, _report = open_database(path, backup_dir=work / "backups", actor="bench")
        db.verify()
        try:
            report, seconds, yields, gap, error = _drive(maintenance.check_iter(db))
            assert report.clean, [f.render() for f in report.findings]
            result["check"] = {"seconds": round(seconds, 2),
                               "steps": {k: round(v, 2) for k, v in report.steps.items()},
                               "progress_yields": yields, "longest_gap_s": round(gap, 3),
                               "worst_progress_vs_time": round(error, 2)}

            gen = maintenance.check_iter(db)
            started = time.perf_counter()
            while time.perf_counter() - started < 4.5:  # into the FTS comparison
                next(gen)
            closing = time.perf_counter()
            gen.close()
            result["cancel"] = {"after_s": round(closing - started, 2),
                                "close_s": round(time.perf_counter() - closing, 3)}

            conn = sqlite3.connect(path)
            conn.execute("INSERT INTO enterprise_fts(rowid, name_zh) VALUES (9999999, 'ghost')")
            conn.commit()
            conn.close()
            fixed, seconds, yields, gap, error = _drive(
                maintenance.repair_iter(db, backup_dir=work / "backups"))
            assert fixed.complete and [c.kind for c in fixed.changes] == ["fts_out_of_step"]
            result["repair"] = {"seconds": round(seconds, 2),
                                "before_check_s": round(fixed.before.seconds, 2),
                                "after_check_s": round(fixed.after.seconds, 2),
                                "backup_mb": round(fixed.backup.stat().st_size / 2**20, 1),
                                "progress_yields": yields, "longest_gap_s": round(gap, 3),
                                "worst_progress_vs_time": round(error, 2)}
            again, seconds, *_rest = _drive(
                maintenance.repair_iter(db, backup_dir=work / "backups"))
            assert again.before.clean and again.backup is None
            result["second_repair_s"] = round(seconds, 2)
        finally:
            db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["load_end"] = [round(x, 1) for x in os.getloadavg()]
    text = json.dumps(result, indent=2)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
