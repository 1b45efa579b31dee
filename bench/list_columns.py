"""What the enterprise list's SRDI columns (highest valid title, its expiry) cost on a large
database (not part of the test run).

    cp /work/data/big150k.sqlite /tmp/cols150k.sqlite      # never the original: opening migrates
    .venv/bin/python bench/list_columns.py --db /tmp/cols150k.sqlite

Prints JSON, each figure the median and p95 in ms over ``--runs`` runs, interleaved so that
the load of a shared machine falls on both sides alike:

- ``titles``: ``srdi_standing.highest_titles`` alone for a block of 50 ids (a block the table
  reads when it paints new rows), a first page of 200 and 1,000 ids, at random places;
- ``first_page``: ``enterprises.list_page(limit=200)`` (what the list shows first) with the
  columns, and the same rows read without them;
- ``block``: ``enterprises.summaries`` of 50 ids at a random place with the columns, and
  without them (each side reads its own blocks: a block read twice is warm the second time);
- ``plan``: SQLite's plan of the statement (a search of ``ix_srdi_title_enterprise_id`` per
  id, no scan of the titles).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coop_desktop.db.repositories import enterprises as repo  # noqa: E402
from coop_desktop.db.repositories import srdi_standing  # noqa: E402
from coop_desktop.db.repositories.enterprises import EnterpriseQuery  # noqa: E402
from coop_desktop.services import enterprises, open_database  # noqa: E402
from coop_desktop.services.enterprises import _summary  # noqa: E402


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": round(statistics.median(ordered), 2),
            "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2)}


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    db, _report = open_database(args.db, actor="bench")
    rng = random.Random(1)
    today = date.today()
    try:
        ids = enterprises.ids(db)
        out: dict[str, Any] = {"enterprises": len(ids)}
        with db.read() as session:
            sql = str(srdi_standing._SQL).replace(":ids", "'[1,2,3]'").replace(
                ":today", f"'{today.isoformat()}'")
            out["plan"] = [row[-1] for row in session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql)]
            with_title = 0
            titles: dict[str, list[float]] = {}
            for size in (50, 200, 1000):
                runs = []
                for _ in range(args.runs):
                    start = rng.randrange(0, len(ids) - size)
                    block = ids[start:start + size]
                    runs.append(_time(lambda b=block: srdi_standing.highest_titles(
                        session, b, today)))
                titles[str(size)] = runs
            with_title = len(srdi_standing.highest_titles(session, ids[:1000], today))
        out["titles"] = {k: _stats(v) for k, v in titles.items()}
        out["titles_held_in_first_1000"] = with_title

        def plain_page() -> None:
            with db.read() as session:
                rows, _cursor = repo.page(session, EnterpriseQuery(), after=None, limit=200)
                [_summary(r) for r in rows]

        def plain_block(block: list[int]) -> None:
            with db.read() as session:
                [_summary(r) for r in repo.by_ids(session, block)]

        first: dict[str, list[float]] = {"with": [], "without": []}
        blocks: dict[str, list[float]] = {"with": [], "without": []}
        for run in range(args.runs):
            # each side its own random block (a block read twice is warm the second time),
            # and the sides take turns to go first
            sides = [("with", lambda: enterprises.list_page(db, EnterpriseQuery(), limit=200),
                      enterprises.summaries), ("without", plain_page, plain_block)]
            for side, page_fn, block_fn in sides[::1 if run % 2 else -1]:
                first[side].append(_time(page_fn))
                start = rng.randrange(0, len(ids) - 50)
                block = list(ids[start:start + 50])
                blocks[side].append(_time(lambda b=block, f=block_fn: f(db, b) if f is
                                          enterprises.summaries else f(b)))
        out["first_page"] = {k: _stats(v) for k, v in first.items()}
        out["block"] = {k: _stats(v) for k, v in blocks.items()}
    finally:
        db.close()
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
