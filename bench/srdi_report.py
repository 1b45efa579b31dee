"""Benchmark: the batch "who qualifies" SRDI report over the 150,000-enterprise demo.

    .venv/bin/python bench/srdi_report.py [--db /work/data/big150k.sqlite] [--share 0.85]
                                          [--cases all] [--keep DIR]

The source file is never written: it is copied into a temporary folder, opened there (which
upgrades it to the current schema) and, when it has no yearly figures (the demo only now
gets them), filled with coherent yearly figures by :func:`fill_years` below: ``--share`` of
the enterprises get one to three closed years (2023–2025 when run in 2026; a few with the
latest year incomplete or non-financial facts unknown), sized on the enterprise's own
revenue, staff and R&D. ``--keep DIR`` keeps the prepared copy in DIR and reuses it.
``--generate N`` makes a new demo database of N enterprises instead (``coop_desktop.demo``:
with its own yearly figures once the demo writes them; else the bench's are added).

Cases, each in a fresh child process (its own peak RSS):

* ``run-1`` / ``run-2`` — ``services.srdi_report.run`` over the whole list, one process /
  two (this one and a worker), criteria 2022 (``run-1-2026`` / ``run-2-2026``: the 2026
  criteria);
* ``profile`` — where the time goes, per enterprise, on the first 20,000 of the list: the
  SQL reads, the short cut to the facts (with the size class), the outcomes, keeping the
  rows; beside them the reference path to the facts, ``assess`` and the shortfalls worked
  out on demand (a table row, an export line), each timed on its own;
* ``exports`` — the xlsx and the PDF of the report of one province.

Reported: enterprises, seconds (wall and CPU, the workers' included), µs per enterprise,
peak RSS (and RSS after opening), the counts per tier and outcome, the load average (1
minute) before and after each case: the machine is shared, so a wall time means little
without it. Prints JSON lines (also written to ``--out``). Not part of the
test run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = ("run-1", "run-2", "run-1-2026", "run-2-2026", "profile", "exports")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _rss_now_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


# ------------------------------------------------------------------ yearly figures
HONOURS = ("high_tech_enterprise", "tech_innovation_demo", "ip_advantage")
QUALITY = ("quality_award", "iso9001", "own_brand", "standard_drafting")


def _row(rng: random.Random, e: tuple, year: int, age: int, base: dict, partial: str | None
         ) -> dict:
    """One year of an enterprise (``age``: years before the latest)."""
    rev = int(base["revenue"] / (1 + base["growth"]) ** age * rng.uniform(0.95, 1.05))
    rd = int(rev * base["rd_ratio"] * rng.uniform(0.85, 1.15))
    employees = max(3, int(base["employees"] * rng.uniform(0.9, 1.05) / (1.03 ** age)))
    rd_staff = min(employees, int(employees * base["rd_share"]))
    class1 = max(0, base["class1"] - rng.randint(0, 1) * age)
    assets = int(rev * base["assets_x"])
    row = {
        "year": year, "operating_revenue_fen": rev,
        "main_business_revenue_fen": int(rev * base["main_share"]),
        "rd_expense_fen": rd, "net_profit_fen": int(rev * rng.uniform(-0.05, 0.15)),
        "total_assets_fen": assets, "total_liabilities_fen": int(assets * base["debt"]),
        "equity_financing_fen": base["equity"] if age == 0 else 0,
        "employees": employees, "rd_staff": rd_staff, "class1_ip": class1,
        "class1_ip_self_developed": min(class1, base["self_dev"]),
        "class1_ip_high_value": min(class1, base["high_value"]),
        "class1_ip_applied": min(class1, base["applied"]),
        "class2_ip": base["class2"], "years_in_segment": max(0, base["segment"] - age),
        "digitalisation_level": base["digital"], "distinctiveness_points": base["distinct"],
        "domestic_market_share_pct": base["market"],
        "leading_product_in_strategic_emerging_industry": base["emerging"],
        "own_brand": base["brand"], "management_certification": base["cert"],
        "info_system_core_business": base["info"],
        "leading_product_field": base["field"], "rd_institution_level": base["rd_inst"],
        "st_award": rng.choices(["none", "provincial", "provincial_top3", "national"],
                                [90, 6, 3, 1])[0],
        "maker_in_china": rng.choices(["none", "top500", "top50"], [95, 4, 1])[0],
        "valid_honours": base["honours"], "quality_items": base["quality"],
    }
    if partial == "financial" and age == 0:  # the latest year still being closed
        row["rd_expense_fen"] = None
        row["net_profit_fen"] = None
    if partial == "facts":  # the officer never asked
        for key in ("class1_ip", "class1_ip_self_developed", "class1_ip_high_value",
                    "class1_ip_applied", "class2_ip", "years_in_segment",
                    "digitalisation_level", "info_system_core_business", "st_award"):
            row[key] = None
    return row


def _base(rng: random.Random, e: tuple) -> dict:
    _id, size, revenue, employees, rd_fen, rd_staff, digital, main_share, established = e
    revenue = revenue or int(rng.lognormvariate(17.5, 1.4)) * 100
    employees = employees or rng.randint(10, 400)
    ratio = (rd_fen / revenue) if rd_fen and revenue else rng.lognormvariate(-3.6, 0.7)
    first = int(established[:4]) if established else rng.randint(1995, 2020)
    class1 = rng.choices([0, 1, 2, 3, 5, 8, 12], [30, 15, 15, 15, 12, 8, 5])[0]
    return {
        "revenue": revenue, "growth": rng.gauss(0.08, 0.15), "rd_ratio": min(ratio, 0.4),
        "employees": employees,
        "rd_share": min(0.9, (rd_staff / employees) if rd_staff and employees
                        else rng.uniform(0.03, 0.35)),
        "main_share": min(1.0, (main_share / 10000) if main_share else rng.uniform(0.55, 1.0)),
        "assets_x": rng.uniform(0.6, 2.5), "debt": rng.uniform(0.15, 0.85),
        "equity": rng.choice([0] * 9 + [rng.randint(1, 80) * 100_000_000]),
        "class1": class1, "self_dev": rng.randint(0, class1), "high_value": rng.randint(0, class1),
        "applied": rng.randint(0, class1), "class2": rng.randint(0, 40),
        "segment": max(0, 2025 - first - rng.randint(0, 3)),
        "digital": digital or rng.randint(1, 4), "distinct": rng.randint(0, 15),
        "market": None if rng.random() < 0.3 else rng.randint(0, 3000),
        "emerging": rng.random() < 0.3, "brand": rng.random() < 0.6,
        "cert": rng.random() < 0.4, "info": rng.random() < 0.85,
        "field": rng.choices(["gap_filling", "six_basics", "other"], [25, 25, 50])[0],
        "rd_inst": rng.choices(["national", "provincial", "municipal", "below_municipal",
                                "none"], [2, 12, 25, 21, 40])[0],
        "honours": [h for h, p in zip(HONOURS, (0.35, 0.05, 0.08), strict=True)
                    if rng.random() < p],
        "quality": [q for q, p in zip(QUALITY, (0.1, 0.6, 0.5, 0.15), strict=True)
                    if rng.random() < p],
    }


def fill_years(path: Path, *, share: float = 0.85, seed: int = 7,
               today: date | None = None) -> int:
    """Yearly figures for ``share`` of the live enterprises of ``path`` (see the module
    docstring); returns the number of rows written."""
    from coop_desktop.services.srdi_report_read import YEAR_COLUMNS

    rng = random.Random(seed)
    latest = (today or date.today()).year - 1
    now = datetime.utcnow().isoformat(sep=" ")
    conn = sqlite3.connect(path)
    enterprises = conn.execute(
        "SELECT id, size_class, revenue_fen, employees, rd_expense_fen, rd_staff, "
        "digitalisation_level, main_business_share, established_on FROM enterprise "
        "WHERE deleted_at IS NULL ORDER BY id").fetchall()
    columns = ("enterprise_id", "created_at", "updated_at", *YEAR_COLUMNS)
    sql = (f"INSERT INTO enterprise_year ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    batch: list[tuple] = []
    written = 0
    conn.execute("BEGIN")
    for e in enterprises:
        if rng.random() >= share:
            continue
        base = _base(rng, e)
        years = rng.choices([3, 2, 1], [80, 12, 8])[0]
        partial = rng.choices([None, "financial", "facts"], [82, 10, 8])[0]
        for age in range(years):
            row = _row(rng, e, latest - age, age, base, partial)
            values = []
            for key in YEAR_COLUMNS:
                value = row.get(key)
                if isinstance(value, list):
                    value = "," + ",".join(value) + "," if value else ""
                values.append(value)
            batch.append((e[0], now, now, *values))
        if len(batch) >= 5000:
            conn.executemany(sql, batch)
            written += len(batch)
            batch.clear()
    conn.executemany(sql, batch)
    written += len(batch)
    conn.execute("COMMIT")
    conn.close()
    return written


def prepare(source: Path, folder: Path, share: float,
            generate: int | None = None) -> tuple[Path, dict]:
    """The working copy in ``folder`` (made once), upgraded and with yearly figures; with
    ``generate``, a new demo database of that many enterprises instead of a copy."""
    copy = folder / ("srdi-report.sqlite" if generate is None else f"demo-{generate}.sqlite")
    info: dict = {}
    if generate is not None and not copy.exists():
        from coop_desktop import demo
        from coop_desktop.services import open_database

        started = time.perf_counter()
        db, _ = open_database(copy, actor="bench")
        made = demo.generate(db, enterprises=generate, seed=1)
        db.close()
        info["demo_generated_s"] = round(time.perf_counter() - started, 1)
        info["demo_years"] = getattr(made, "years", None)
    elif not copy.exists():
        started = time.perf_counter()
        shutil.copyfile(source, copy)  # the source is never opened
        from coop_desktop.services import open_database

        db, _ = open_database(copy, actor="bench", backup_dir=folder / "backups")
        db.close()
        info["copy_and_upgrade_s"] = round(time.perf_counter() - started, 1)
    conn = sqlite3.connect(copy)
    have = conn.execute("SELECT count(*) FROM enterprise_year").fetchone()[0]
    conn.close()
    if not have:
        started = time.perf_counter()
        info["years_generated"] = fill_years(copy, share=share)
        info["years_generated_s"] = round(time.perf_counter() - started, 1)
    conn = sqlite3.connect(copy)
    info["enterprises"] = conn.execute(
        "SELECT count(*) FROM enterprise WHERE deleted_at IS NULL").fetchone()[0]
    info["yearly_rows"] = conn.execute("SELECT count(*) FROM enterprise_year").fetchone()[0]
    info["with_years"] = conn.execute(
        "SELECT count(DISTINCT enterprise_id) FROM enterprise_year").fetchone()[0]
    conn.close()
    return copy, info


# ------------------------------------------------------------------ cases
def _case(db_path: str, folder: str, name: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    try:
        _run_case(db_path, folder, name, queue)
    except BaseException as exc:  # the parent waits for a result: give it the failure
        import traceback

        queue.put({"case": name, "error": "".join(traceback.format_exception(exc))})
        raise


def _run_case(db_path: str, folder: str, name: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from coop_desktop.db.repositories.enterprises import EnterpriseQuery
    from coop_desktop.services import open_database, srdi_report

    load_before = os.getloadavg()[0]
    db, _ = open_database(Path(db_path), actor="bench", verify="deferred")
    ready = _rss_mb()
    result: dict = {"case": name, "load_before": round(load_before, 2),
                    "rss_after_open_mb": round(ready, 1)}
    if name.startswith("run-"):
        workers = int(name.split("-")[1])
        version = "2026" if name.endswith("2026") else "2022"
        started = time.perf_counter()
        cpu = time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        first = None
        job = srdi_report.run_iter(db, EnterpriseQuery(), version=version, workers=workers)
        while True:
            try:
                next(job)
                if first is None:
                    first = time.perf_counter() - started
            except StopIteration as stop:
                report = stop.value
                break
        seconds = time.perf_counter() - started
        own_cpu = time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        total_cpu = own_cpu + workers_cpu
        result.update(enterprises=report.total, with_years=report.with_years,
                      workers=report.workers, seconds=round(seconds, 2),
                      cpu_s=round(total_cpu, 1), cpu_own_s=round(own_cpu, 1),
                      cpu_workers_s=round(workers_cpu, 1),
                      cpu_us_per_enterprise=round(total_cpu / max(report.total, 1) * 1e6, 1),
                      cpu_us_per_enterprise_with_years=round(
                          total_cpu / max(report.with_years, 1) * 1e6, 1),
                      us_per_enterprise=round(seconds / max(report.total, 1) * 1e6, 1),
                      first_progress_s=round(first or 0, 3),
                      rss_after_run_mb=round(_rss_now_mb(), 1), counts=report.counts)
    elif name == "profile":
        result.update(_profile(db))
    elif name == "exports":
        result.update(_exports(db, Path(folder)))
    result["peak_rss_mb"] = round(_rss_mb(), 1)
    result["load_after"] = round(os.getloadavg()[0], 2)
    db.close()
    queue.put(result)


def _profile(db, n: int = 20_000, version: str = "2022") -> dict:  # type: ignore[no-untyped-def]
    """Each step of the inner loop timed on its own (CPU time) over the first ``n``
    enterprises, per enterprise with yearly figures: the run's steps (SQL reads, the short
    cut to the facts with the size class, the outcomes, keeping the row) and, beside them,
    what they replace or defer (the reference path to the facts, ``assess``, the
    shortfalls a table row or an export line works out when it needs them)."""
    import json as _json
    import marshal

    from coop_desktop.db.repositories import enterprises as repo
    from coop_desktop.db.repositories.enterprises import EnterpriseQuery
    from coop_desktop.rules import srdi
    from coop_desktop.rules.srdi_facts import facts_from_years
    from coop_desktop.services import srdi_report_read as rd
    from coop_desktop.services.srdi_assess import size_for
    from coop_desktop.services.srdi_report_facts import quick_facts, year_row

    today = date.today()
    clock = time.process_time  # CPU seconds: others share this machine
    with db.read() as session:
        ids = repo.ids(session, EnterpriseQuery())[:n]
        conn = session.connection().connection.dbapi_connection
        t = clock()
        wanted = [_json.dumps(ids[i:i + 2000]) for i in range(0, len(ids), 2000)]
        info, titles, years_raw = [], [], []
        for w in wanted:
            info += conn.execute(rd.SQL_ENTERPRISES, (w,)).fetchall()
            titles += conn.execute(rd.SQL_TITLES, (w, today.isoformat())).fetchall()
            years_raw += conn.execute(rd.SQL_YEARS, (w,)).fetchall()
        sql_s = clock() - t
    by_id = {r[0]: r for r in info}
    raws: dict[int, list] = {}
    for raw in years_raw:
        raws.setdefault(raw[0], []).append(raw[1:])
    t = clock()
    made = {k: quick_facts(v, by_id[k][6], by_id[k][5], False, False, today)
            for k, v in raws.items()}
    quick_s = clock() - t
    facts = [m[0] for m in made.values() if m is not None]
    outcome = srdi.outcomes_function(version)
    t = clock()
    for f in facts:
        outcome(f)
    outcomes_s = clock() - t
    t = clock()
    for v in raws.values():
        marshal.dumps(v, 2)
    keep_s = clock() - t
    # what the short cut replaces: the rows as mappings, size_for, facts_from_years and
    # normalise_facts (the enterprise page's way)
    t = clock()
    reference = []
    for k, v in raws.items():
        rows = [year_row(r) for r in v]
        size = size_for(by_id[k][6], by_id[k][5], rows, today)
        rows.sort(key=lambda r: r["year"], reverse=True)
        f = facts_from_years(rows, size if size in rd.SME_CLASSES else None, False, today,
                             False)[0]
        reference.append(srdi.normalise_facts(f))
    reference_s = clock() - t
    # what the outcomes replace, and what is deferred: assess, and the shortfalls of every
    # tier that does not pass (as a table row or an export line works them out)
    assess_s = details_s = 0.0
    figures = [rd.Figures(marshal.dumps(v, 2), made[k][2] if made[k] else None, False, False,
                          version, today) for k, v in raws.items() if made[k]]
    for f in facts:
        t = clock()
        srdi.assess(f, version)
        assess_s += clock() - t
    t = clock()
    for fig in figures:
        rd.details.__wrapped__(fig)
    details_s = clock() - t
    with_years = len(raws)
    per = 1e6 / max(with_years, 1)
    return {"enterprises": len(ids), "with_years": with_years, "yearly_rows": len(years_raw),
            "quick_fallbacks": sum(1 for m in made.values() if m is None),
            "us_per_enterprise_with_years": {
                "sql": round(sql_s * per, 1), "quick_facts_and_size": round(quick_s * per, 1),
                "outcomes": round(outcomes_s * per, 1), "keep_rows": round(keep_s * per, 1),
                "reference_facts_and_size": round(reference_s * per, 1),
                "assess": round(assess_s * per, 1),
                "details_on_demand": round(details_s * per, 1)}}


def _exports(db, folder: Path) -> dict:  # type: ignore[no-untyped-def]
    from coop_desktop.db.repositories.enterprises import EnterpriseQuery
    from coop_desktop.documents import srdi_report_pdf
    from coop_desktop.exchange import srdi_export
    from coop_desktop.i18n.catalog import translator
    from coop_desktop.services import srdi_report

    report = srdi_report.run(db, EnterpriseQuery(province_code="440000"), workers=1)
    tr = translator("zh_CN")
    out: dict = {"rows": report.total}
    t = time.perf_counter()
    srdi_export.run(srdi_export.write_xlsx(report, folder / "report.xlsx", tr))
    out["xlsx_s"] = round(time.perf_counter() - t, 2)
    out["xlsx_mb"] = round((folder / "report.xlsx").stat().st_size / 1e6, 2)
    t = time.perf_counter()
    pdf = srdi_export.run(srdi_report_pdf.render(report, folder / "report.pdf"))
    out["pdf_s"] = round(time.perf_counter() - t, 2)
    out["pdf_pages"] = pdf.pages
    out["pdf_mb"] = round((folder / "report.pdf").stat().st_size / 1e6, 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/work/data/big150k.sqlite"))
    parser.add_argument("--tmp", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the prepared copy in this folder and reuse it")
    parser.add_argument("--share", type=float, default=0.85,
                        help="share of the enterprises given yearly figures (when the "
                             "database has none)")
    parser.add_argument("--generate", type=int, metavar="N",
                        help="generate a new demo database of N enterprises (with the demo's "
                             "own yearly figures, if it writes them) instead of copying --db")
    parser.add_argument("--cases", default="all", help="comma-separated: " + ", ".join(CASES))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "srdi_report.json")
    args = parser.parse_args(argv)
    names = list(CASES) if args.cases == "all" else args.cases.split(",")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        folder = args.keep
    else:
        folder = Path(tempfile.mkdtemp(prefix="coop-bench-srdi-", dir=args.tmp))
    try:
        copy, info = prepare(args.db, folder, args.share, args.generate)
        print(json.dumps({"prepared": info}), flush=True)
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
                  "db": str(args.db), "prepared": info, "results": results}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
