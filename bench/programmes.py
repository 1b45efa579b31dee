"""Benchmark: the enterprise list filtered by SME cluster / pilot city, and the home page's
counts by programme, on the 150k demo.

    .venv/bin/python bench/programmes.py [--source /work/data/big150k.sqlite]
        [--copy /tmp/coop-programmes.sqlite] [--repeat 7] [--out bench/out/programmes.json]

The source file is never opened: it is copied to ``--copy`` (kept and reused on the next
run; delete it for a fresh copy) and the copy is opened with ``open_database`` (which
migrates it). The demo links no enterprise to a programme, so the copy gets believable
links first (in SQL, once): two thirds of the enterprises of each whole-city pilot city are
linked to it, a fifth of Shanghai's to the Pudong pilot, every 20th enterprise of a city with
a cluster to that city's first cluster, and every 500th enterprise goes to the recycle bin.

For each filter (alone, with a province, with a text search) it times the list's first page
(``enterprises.list_page``, 100 rows), the count and the id list, and prints SQLite's plan for
every statement they ran (captured as they ran), so that a full-table SCAN shows. Then it
times ``stats.programme_counts``. Prints JSON and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402

from coop_desktop.db.repositories.enterprises import EnterpriseQuery  # noqa: E402
from coop_desktop.services import enterprises, open_database, stats  # noqa: E402

LINK_SQL = (
    # whole-city pilots: two thirds of their enterprises
    "UPDATE enterprise SET pilot_city_id = (SELECT p.id FROM pilot_city p WHERE p.city_code ="
    " enterprise.city_code AND p.name_zh = p.city_zh) WHERE city_code IN (SELECT city_code FROM"
    " pilot_city WHERE name_zh = city_zh) AND id % 3 != 0",
    # the Pudong pilot: a fifth of Shanghai's
    "UPDATE enterprise SET pilot_city_id = (SELECT id FROM pilot_city WHERE name_zh ="
    " '上海市浦东新区') WHERE city_code = '310100' AND id % 5 = 0",
    # clusters: every 20th enterprise of a city with one
    "UPDATE enterprise SET cluster_id = (SELECT c.id FROM sme_cluster c WHERE c.city_code ="
    " enterprise.city_code ORDER BY c.id LIMIT 1) WHERE city_code IN (SELECT city_code FROM"
    " sme_cluster) AND id % 20 = 0",
    # a recycle bin
    "UPDATE enterprise SET deleted_at = '2026-11-01 00:00:00.000000' WHERE id % 500 = 7",
)


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples) * 1000, 2), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path("/work/data/big150k.sqlite"))
    parser.add_argument("--copy", type=Path, default=Path("/tmp/coop-programmes.sqlite"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "programmes.json")
    args = parser.parse_args(argv)
    if args.copy.resolve() == args.source.resolve():
        parser.error("--copy must not be the source file")
    if not args.copy.exists():
        shutil.copyfile(args.source, args.copy)
    db, _report = open_database(args.copy, actor="bench", verify="none",
                                backup_dir=args.copy.parent / (args.copy.stem + "-backups"))
    try:
        with db.session() as session:
            linked = session.execute(text(
                "SELECT count(*) FROM enterprise WHERE pilot_city_id IS NOT NULL")).scalar_one()
            if not linked:
                for sql in LINK_SQL:
                    session.execute(text(sql))
        result = run(db, args.repeat)
    finally:
        db.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def run(db: Any, repeat: int) -> dict[str, Any]:
    with db.read() as session:
        ids = dict(session.execute(text(
            "SELECT name_zh, id FROM pilot_city")).all())
        cluster = session.execute(text(
            "SELECT cluster_id FROM enterprise WHERE cluster_id IS NOT NULL GROUP BY cluster_id"
            " ORDER BY count(*) DESC LIMIT 1")).scalar_one()
    filters: list[tuple[str, dict[str, Any]]] = [
        ("(no filter, for comparison)", {}),
        ("(province 江苏, for comparison)", {"province_code": "320000"}),
        ("pilot=深圳市", {"pilot_city_id": ids["深圳市"]}),
        ("pilot=长治市 (few)", {"pilot_city_id": ids["长治市"]}),
        ("cluster (largest)", {"cluster_id": cluster}),
        ("any pilot city", {"in_pilot_city": True}),
        ("no pilot city", {"in_pilot_city": False}),
        ("any cluster", {"in_cluster": True}),
        ("any cluster + province 江苏", {"in_cluster": True, "province_code": "320000"}),
        ("any pilot + text 科技", {"in_pilot_city": True, "text": "科技"}),
        ("pilot=深圳市 + text 华", {"pilot_city_id": ids["深圳市"], "text": "华"}),
        ("any pilot, sorted by revenue", {"in_pilot_city": True, "sort": "revenue_fen",
                                          "descending": True}),
    ]
    out: dict[str, Any] = {"lists": {}, "counts": {}}
    engine = db.engine
    for label, kwargs in filters:
        query = EnterpriseQuery(**kwargs)
        entry: dict[str, Any] = {}
        for name, fn in (("first_page", lambda q=query: enterprises.list_page(db, q, limit=100)),
                         ("count", lambda q=query: enterprises.count(db, q)),
                         ("ids", lambda q=query: enterprises.ids(db, q))):
            ms, value = _time(fn, repeat)
            plans = _plans(engine, fn)
            entry[name] = {"ms": ms, "plans": plans}
            if name == "count":
                entry["matches"] = value
        out["lists"][label] = entry
    ms, counts = _time(lambda: stats.programme_counts(db), repeat)
    out["counts"] = {
        "ms": ms, "plans": _plans(engine, lambda: stats.programme_counts(db)),
        "enterprises": counts.enterprises, "in_cluster": counts.in_cluster,
        "in_pilot_city": counts.in_pilot_city, "in_both": counts.in_both,
        "top_pilot_cities": [(p.name_zh, p.enterprises) for p in counts.by_pilot_city[:5]],
        "top_clusters": [(p.name_zh, p.enterprises) for p in counts.by_cluster[:5]],
    }
    return out


def _plans(engine: Any, fn: Callable[[], Any]) -> list[list[str]]:
    """SQLite's plan of every statement ``fn`` runs (but BEGIN/COMMIT)."""
    seen: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    plans = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in seen:
            rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plans.append([row[-1] for row in rows])
    finally:
        raw.close()
    return plans


if __name__ == "__main__":
    sys.exit(main())
