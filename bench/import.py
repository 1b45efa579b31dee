"""Benchmark: importing enterprises (``coop_desktop.exchange.importer``).

    .venv/bin/python bench/import.py [--rows 10000] [--big 150000] [--source DB]

1. **A 10,000-row xlsx** (``--rows``): demo enterprises exported with the app's own
   exporter (every field, 31 columns, bilingual headers; openpyxl write-only: inline
   strings), and — when LibreOffice is installed (``scripts/make_exchange_fixtures.py``
   installs it) — the same file saved again by LibreOffice (shared strings, as Excel and WPS
   write them); plus a typical district list (the same rows, 12 columns). Each is imported
   into a new, empty database in a fresh process, the way ``coop-desktop import
   enterprises`` does it: dry run (``plan``), import (``apply``: verified backup, every row
   created in one transaction with the audit trail), and the same file again (every row
   unchanged).
2. **Peak memory for a 150,000-row CSV** (``--big``; 0 skips it): the demo data exported as
   CSV and imported in a fresh process; the peak resident set size (``VmHWM`` from
   ``/proc/self/status``) before the import (interpreter, libraries, open database) and at
   the end.

The demo database is generated in a temporary folder (``--source``: copy an existing demo
database instead; the original is never opened). Times are wall and CPU seconds; on a
2-core machine that other work shares, wall times vary by up to 2×. JSON on stdout and in
``--out``. Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPICAL = ("name_zh", "uscc", "legal_rep", "registered_capital_fen", "established_on",
           "province", "city", "industry", "employees", "revenue_fen", "export_markets",
           "website")


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(file: str, db_path: str, steps: list[str]) -> dict[str, Any]:
    """Run in a fresh process: import ``file`` into a new database, step by step."""
    from coop_desktop.exchange import importer
    from coop_desktop.services import open_database

    db, _ = open_database(db_path, actor="bench")
    out: dict[str, Any] = {"rss_before_mb": round(peak_rss_mb(), 1)}
    backups = Path(db_path).parent / "backups"
    try:
        for step in steps:
            wall, cpu = time.perf_counter(), time.process_time()
            if step == "plan":
                report = importer.plan(db, file)
            else:
                report = importer.apply(db, file, backup_dir=backups)
            out[step] = {"wall_s": round(time.perf_counter() - wall, 2),
                         "cpu_s": round(time.process_time() - cpu, 2), **report.counts()}
    finally:
        db.close()
    out["rss_peak_mb"] = round(peak_rss_mb(), 1)
    return out


def _run_child(file: Path, work: Path, steps: list[str]) -> dict[str, Any]:
    db_path = work / f"import-{file.stem}-{len(list(work.iterdir()))}.sqlite"
    result = subprocess.run([sys.executable, __file__, "--child", str(file), str(db_path),
                             ",".join(steps)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _export(db: Any, target: Path, rows: int, columns: tuple[str, ...] | None = None) -> Path:
    """The first ``rows`` demo enterprises with the app's exporter (xlsx or CSV)."""
    from coop_desktop.exchange import export_lists, export_writers
    from coop_desktop.exchange.export_table import Listing

    full = export_lists.enterprise_listing(db, columns=columns)

    def blocks() -> Any:
        left = rows
        for block in full.blocks():
            if left <= 0:
                return
            part = list(islice(block, left))
            left -= len(part)
            yield part

    listing = Listing(full.kind, full.title_zh, full.title_en, full.columns,
                      min(rows, full.total), blocks)
    write = export_writers.write_xlsx if target.suffix == ".xlsx" else export_writers.write_csv
    for _ in write(target, listing, headers="both"):
        pass
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=150_000)
    parser.add_argument("--source", type=Path, help="a demo database to copy (default: generate)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "import.json")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        file, db_path, steps = args.child
        print(json.dumps(child(file, db_path, steps.split(","))))
        return 0

    from coop_desktop import demo
    from coop_desktop.services import open_database

    result: dict[str, Any] = {"environment": {
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "load_start": os.getloadavg()}}
    with tempfile.TemporaryDirectory(prefix="coop-bench-import-") as tmp:
        work = Path(tmp)
        source = work / "source.sqlite"
        started = time.perf_counter()
        if args.source:
            shutil.copyfile(args.source, source)
            db, _ = open_database(source, actor="bench")
        else:
            db, _ = open_database(source, actor="bench")
            demo.generate(db, enterprises=max(args.rows, args.big), seed=args.seed)
        print(f"source ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        files = {"xlsx_export_31_columns": _export(db, work / "list.xlsx", args.rows),
                 "xlsx_typical_12_columns": _export(db, work / "typical.xlsx", args.rows,
                                                    TYPICAL)}
        soffice = shutil.which("soffice")
        if soffice:
            out = work / "lo"
            subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'profile'}",
                            "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                            str(files["xlsx_export_31_columns"])], check=True,
                           capture_output=True, timeout=600)
            files["xlsx_saved_by_libreoffice_31_columns"] = out / "list.xlsx"
        big = _export(db, work / "big.csv", args.big) if args.big else None
        db.close()
        for label, path in files.items():
            print(f"importing {label} …", file=sys.stderr)
            result[label] = {"bytes": path.stat().st_size,
                             **_run_child(path, work, ["plan", "apply", "again"])}
        if big is not None:
            print("importing the big CSV …", file=sys.stderr)
            result[f"csv_{args.big}_rows"] = {"bytes": big.stat().st_size,
                                              **_run_child(big, work, ["apply"])}
    result["environment"]["load_end"] = os.getloadavg()
    text = json.dumps(result, indent=2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
