"""Benchmark: the home page's figures (``services.home.summary``) on the 150k demo.

    .venv/bin/python bench/home.py [--source /work/data/big150k.sqlite]
        [--copy /tmp/coop-home.sqlite] [--repeat 9] [--out bench/out/home.json]

The source file is never opened: it is copied to ``--copy`` (kept and reused; delete it
for a fresh copy) and the copy is opened with ``open_database`` (which migrates it). So that
every count has something to count, the copy gets in SQL, once: every 500th enterprise in
the recycle bin (the "live = all less the recycle bin" device is then exercised), 40 events
around today, 2,000 planned follow-ups (interactions dated from today on) and a yearly
update recorded this year for every 7th title.

``summary`` runs once to warm the cache, then ``--repeat`` times; the figure is the median
wall time and the median CPU time of the process, both threads (the machine is shared: wall time
includes waiting for a core). Each statement's own time (median) and SQLite's plan are
listed, so that a full-table SCAN shows. Prints JSON and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402

from coop_desktop.services import home, open_database  # noqa: E402

#: The figure the page must reach (issue 12: numbers and charts ready in ≤ 300 ms).
TARGET_MS = 300


def _prepare(db: Any, today: date) -> None:
    """The data the demo lacks (see the module docstring); once per copy."""
    with db.session() as session:
        if session.execute(text("SELECT count(*) FROM event")).scalar_one():
            return
        session.execute(text(
            "UPDATE enterprise SET deleted_at = '2026-11-01 00:00:00.000000' WHERE id % 500 = 7"))
        now = "2026-12-01 00:00:00.000000"
        for i in range(40):
            day = today + timedelta(days=i * 3 - 30)
            session.execute(text(
                "INSERT INTO event (name_zh, name_en, kind, starts_on, created_at, updated_at) "
                "VALUES (:zh, :en, 'matchmaking', :day, :now, :now)"),
                {"zh": f"对接会 {i}", "en": f"Matchmaking {i}", "day": day.isoformat(), "now": now})
        session.execute(text(
            "INSERT INTO interaction (enterprise_id, occurred_on, kind, notes, created_at, "
            "updated_at) SELECT id, date(:today, '+' || (id % 90) || ' days'), 'visit', "
            "'回访', :now, :now FROM enterprise WHERE id % 75 = 3"),
            {"today": today.isoformat(), "now": now})
        session.execute(text(
            "INSERT INTO srdi_title_event (title_id, kind, occurred_on, created_at, updated_at) "
            "SELECT id, 'annual_update', :day, :now, :now FROM srdi_title WHERE id % 7 = 0"),
            {"day": date(today.year, 3, 15).isoformat(), "now": now})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path("/work/data/big150k.sqlite"))
    parser.add_argument("--copy", type=Path, default=Path("/tmp/coop-home.sqlite"))
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "home.json")
    args = parser.parse_args(argv)
    if args.copy.resolve() == args.source.resolve():
        parser.error("--copy must not be the source file")
    if not args.copy.exists():
        shutil.copyfile(args.source, args.copy)
    db, _report = open_database(args.copy, actor="bench", verify="none",
                                backup_dir=args.copy.parent / (args.copy.stem + "-backups"))
    today = date.today()
    try:
        _prepare(db, today)
        result = run(db, args.repeat, today)
    finally:
        db.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def run(db: Any, repeat: int, today: date) -> dict[str, Any]:
    statements: dict[str, list[float]] = {}
    params: dict[str, Any] = {}

    def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        conn.info["bench_start"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            key = " ".join(statement.split())
            statements.setdefault(key, []).append(
                (time.perf_counter() - conn.info.pop("bench_start")) * 1000)
            params[key] = parameters

    home.summary(db, today=today)  # warm the cache
    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    wall, cpu, parts = [], [], []
    try:
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            found = home.summary(db, today=today)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            parts.append(found.timings_ms)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)
    work, charts = found.worklist, found.charts
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        listed = []
        for sql, samples in sorted(statements.items(), key=lambda kv: -statistics.median(kv[1])):
            plan = [r[-1] for r in cursor.execute("EXPLAIN QUERY PLAN " + sql, params[sql])]
            listed.append({"ms": round(statistics.median(samples), 2), "sql": sql[:160],
                           "plan": plan})
    finally:
        raw.close()
    return {
        "today": today.isoformat(),
        "summary_ms": {"wall_median": round(statistics.median(wall), 1),
                       "wall_min": round(min(wall), 1),
                       "cpu_median": round(statistics.median(cpu), 1),
                       "target": TARGET_MS},
        "parts_ms_median": {k: round(statistics.median(p[k] for p in parts), 1)
                            for k in parts[0]},
        "figures": {
            "enterprises": charts.enterprises,
            "applications_open": work.applications_open,
            "applications_overdue": work.applications_overdue,
            "applications_due_soon": work.applications_due_soon,
            "titles_expiring": work.titles_expiring,
            "reminders": vars(work.reminders),
            "events_upcoming": work.events_upcoming, "follow_ups": work.follow_ups,
            "provinces": len(charts.by_province), "zones": len(charts.by_zone),
            "countries": len(charts.by_country),
            "tiers": {b.key: b.count for b in charts.by_tier},
            "top_countries": [(b.key, b.count) for b in charts.by_country[:5]],
            "in_cluster": found.programmes.in_cluster,
            "in_pilot_city": found.programmes.in_pilot_city,
        },
        "statements": listed,
    }


if __name__ == "__main__":
    sys.exit(main())
