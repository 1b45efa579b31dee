"""Benchmark: exporting the 150,000-enterprise list to xlsx and CSV (time, peak memory).

    .venv/bin/python bench/export.py [--db /work/data/big150k.sqlite] [--cases all]

The source file is never written: it is first copied into a temporary folder (``--tmp``)
and opened there. Each case runs in a fresh child process (so that its peak RSS is its own):
``exchange.export.export`` of every live enterprise, sorted by Chinese name, to a file in the
temporary folder, driven to the end as ``coop-desktop export`` drives it. Cases:

* ``xlsx-all`` / ``csv-all`` — every column (31, what an import reads back), headers in both
  languages;
* ``xlsx-list`` / ``csv-list`` — the list page's default columns (9 export columns);
* ``xlsx-filtered`` — one province (``EnterpriseQuery(province_code="440000")``), all columns;
* ``print-filtered`` — the printout (``exchange.export_pdf``) of the first 5,000 rows of a
  search (its row limit), list columns.

Reported per case: rows, wall seconds, rows per second, peak RSS of the child (MB; the
child's RSS after imports and opening the database is given too, so the export's own share
is the difference), the file size, and the time to the first progress report.
Prints JSON (also written to ``--out``). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIST_COLUMNS = ["name_zh", "uscc", "province", "city", "industry", "size_class", "employees",
                "revenue_fen", "updated_at"]
CASES = {
    "xlsx-all": ("enterprises.xlsx", None, {}),
    "csv-all": ("enterprises.csv", None, {}),
    "xlsx-list": ("list.xlsx", LIST_COLUMNS, {}),
    "csv-list": ("list.csv", LIST_COLUMNS, {}),
    "xlsx-filtered": ("guangdong.xlsx", None, {"province_code": "440000"}),
    "print-filtered": ("print.pdf", LIST_COLUMNS, {"text": "精密"}),
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _case(db_path: str, folder: str, name: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from coop_desktop.db.repositories.enterprises import EnterpriseQuery
    from coop_desktop.exchange import export as ex
    from coop_desktop.services import open_database

    file_name, columns, filters = CASES[name]
    db, _ = open_database(Path(db_path), actor="bench")
    ready_rss = _rss_mb()
    target = Path(folder) / file_name
    query = EnterpriseQuery(**filters)
    started = time.perf_counter()
    first: float | None = None
    if name.startswith("print"):
        from coop_desktop.exchange import export_lists, export_pdf
        from coop_desktop.i18n.catalog import translator

        listing = export_lists.enterprise_listing(db, query, columns=columns)
        listing.total = min(listing.total, export_pdf.MAX_ROWS)
        blocks = listing.blocks

        def capped():  # type: ignore[no-untyped-def]
            left = listing.total
            for block in blocks():
                if left <= 0:
                    return
                yield block[:left]
                left -= len(block)

        listing.blocks = capped
        job = export_pdf.render_listing(listing, target, translator("zh_CN"))
    else:
        job = ex.export(db, "enterprises", target, query=query, columns=columns,
                        headers="both", language="zh_CN")
    rows = 0
    while True:
        try:
            done, _total = next(job)
            if first is None:
                first = time.perf_counter() - started
        except StopIteration as stop:
            result = stop.value
            rows = getattr(result, "rows", 0)
            break
    seconds = time.perf_counter() - started
    db.close()
    queue.put({"case": name, "rows": rows, "seconds": round(seconds, 2),
               "rows_per_s": round(rows / seconds) if seconds else None,
               "first_progress_s": round(first or 0.0, 3),
               "rss_after_open_mb": round(ready_rss, 1), "peak_rss_mb": round(_rss_mb(), 1),
               "file_mb": round(target.stat().st_size / 1e6, 1),
               "pages": getattr(result, "pages", None)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/work/data/big150k.sqlite"))
    parser.add_argument("--tmp", type=Path, default=None)
    parser.add_argument("--cases", default="all", help="comma-separated: " + ", ".join(CASES))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "export.json")
    args = parser.parse_args(argv)
    names = list(CASES) if args.cases == "all" else args.cases.split(",")
    folder = Path(tempfile.mkdtemp(prefix="coop-bench-export-", dir=args.tmp))
    try:
        copy = folder / "db.sqlite"
        shutil.copyfile(args.db, copy)  # the source is never opened
        results = []
        ctx = mp.get_context("spawn")
        for name in names:
            queue = ctx.Queue()
            proc = ctx.Process(target=_case, args=(str(copy), str(folder), name, queue))
            proc.start()
            result = queue.get()
            proc.join()
            print(json.dumps(result, ensure_ascii=False), flush=True)
            results.append(result)
        report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "load": os.getloadavg()},
                  "db": str(args.db), "results": results}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
