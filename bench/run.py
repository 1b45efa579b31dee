"""Benchmark: demo generation time and enterprise search latency (FTS5 vs plain LIKE).

    .venv/bin/python bench/run.py [--enterprises 150000] [--out bench/out/result.json]

Builds a fresh database in a temporary folder with the real command line
(``coop-desktop --db X demo --enterprises N --seed 42``, timed), opens it and times each
query of a fixed set through the services the enterprise list uses —
``enterprises.list_page(db, EnterpriseQuery(text=q), limit=100)``, ``enterprises.count(...)``
and ``enterprises.ids(...)`` — and, for comparison, the plain ``LIKE '%q%'`` baseline
(``coop_desktop.db.search.like_match``) selecting the first 100 rows in list order. Every
query is also cross-checked against the baseline: the same count, first page and id list.
Prints JSON and writes it to ``--out``. Not part of the test run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select
from sqlmodel import col

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.db.search import like_match
from coop_desktop.models import Enterprise
from coop_desktop.services import enterprises, open_database

#: (label, query). Chinese substrings of 1, 2, 3 and 4+ characters, English words and
#: prefixes, pinyin, USCCs, several terms, very common terms and a miss. ``{uscc}`` and
#: ``{initials}`` are filled from a row of the database (so they always exist).
QUERIES: list[tuple[str, str]] = [
    ("no-text (plain list)", ""),
    ("zh-1", "华"),
    ("zh-2", "瑞丰"),
    ("zh-2-common", "科技"),
    ("zh-3", "精密机"),
    ("zh-4+", "新材料科技"),
    ("zh-4+-all-rows", "有限公司"),
    ("en-word", "precision"),
    ("en-brand", "Ruifeng"),
    ("en-prefix-4", "mach"),
    ("en-prefix-2", "co"),
    ("pinyin-initials", "rfjm"),
    ("pinyin-initials-row", "{initials}"),
    ("pinyin-full", "ruifengjingmi"),
    ("uscc-exact", "{uscc}"),
    ("uscc-prefix", "{uscc_prefix}"),
    ("two-terms", "精密 宁波"),
    ("two-terms-rare", "瑞丰 苏州"),
    ("miss", "不存在的企业"),
]


def _pct(samples: list[float], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000, 3)


def _stats(samples: list[float]) -> dict[str, float] | None:
    if not samples:  # --like-repeat 0
        return None
    return {"p50_ms": _pct(samples, 0.5), "p95_ms": _pct(samples, 0.95),
            "mean_ms": round(statistics.fmean(samples) * 1000, 3), "n": len(samples)}


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    if repeat <= 0:
        return []
    fn()  # warm-up: statement caches, pages in the OS cache
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("coop-desktop")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("coop-desktop")
    return [found] if found else [sys.executable, "-m", "coop_desktop.cli"]


def generate(db_path: Path, enterprises_n: int, seed: int) -> dict[str, object]:
    cmd = [*_cli(), "--lang", "en", "--db", str(db_path), "demo", "--enterprises",
           str(enterprises_n), "--seed", str(seed)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"demo generation failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    reported = re.search(r"in ([0-9.]+) s", done.stdout)
    return {"command": " ".join(cmd[-7:]), "wall_seconds": round(wall, 2),
            "demo_seconds": float(reported.group(1)) if reported else None,
            "output": done.stdout.strip()}


def _fts_list(db, query: EnterpriseQuery) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    return lambda: enterprises.list_page(db, query, limit=100)


def _fts_count(db, query: EnterpriseQuery) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    return lambda: enterprises.count(db, query)


def _fts_ids(db, query: EnterpriseQuery) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    return lambda: enterprises.ids(db, query)  # what the UI's list model loads for a search


def _like_list(db, q: str) -> Callable[[], list[int]]:  # type: ignore[no-untyped-def]
    key = func.coalesce(col(Enterprise.name_pinyin), "")  # the list's default order
    stmt = (select(Enterprise).where(col(Enterprise.deleted_at).is_(None), like_match(q))
            .order_by(key, col(Enterprise.id)).limit(100))

    def run() -> list[int]:
        with db.session() as s:
            return [e.id for e in s.execute(stmt).scalars()]

    return run


def _like_ids(db, q: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Every id the baseline finds, in list order (one full scan)."""
    key = func.coalesce(col(Enterprise.name_pinyin), "")
    stmt = (select(col(Enterprise.id)).where(col(Enterprise.deleted_at).is_(None), like_match(q))
            .order_by(key, col(Enterprise.id)))
    with db.session() as s:
        return list(s.execute(stmt).scalars())


def _like_count(db, q: str) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    stmt = (select(func.count()).select_from(Enterprise)
            .where(col(Enterprise.deleted_at).is_(None), like_match(q)))

    def run() -> object:
        with db.session() as s:
            return s.execute(stmt).scalar_one()

    return run


def _cross_check(db: Any, query: EnterpriseQuery, q: str) -> dict[str, Any]:
    """The services' answers against the LIKE baseline: they must be equal."""
    hits = enterprises.count(db, query)
    like_ids = _like_ids(db, q)
    first_page = [r.id for r in enterprises.list_page(db, query, limit=100).rows]
    return {"hits": hits, "like_hits": len(like_ids),
            "same_first_page": first_page == like_ids[:100],
            "same_ids": enterprises.ids(db, query) == like_ids}


def measure(db_path: Path, repeat: int, like_repeat: int) -> dict[str, object]:
    db, _report = open_database(db_path)
    try:
        with db.session() as s:
            total = s.execute(select(func.count()).select_from(Enterprise)).scalar_one()
            sample = s.execute(select(Enterprise).where(Enterprise.id == max(1, total // 2))).scalar_one()
        from coop_desktop.text import pinyin_initials

        fill = {"uscc": sample.uscc, "uscc_prefix": sample.uscc[:10],
                "initials": pinyin_initials(sample.name_zh)}
        results: dict[str, object] = {}
        pooled: dict[str, list[float]] = {"fts_list": [], "fts_count": [], "fts_ids": [],
                                          "like_list": [], "like_count": []}
        mismatches: list[str] = []
        for label, template in QUERIES:
            q = template.format(**fill)
            query = EnterpriseQuery(text=q)
            runs = {
                "fts_list": _time(_fts_list(db, query), repeat),
                "fts_count": _time(_fts_count(db, query), repeat),
                "fts_ids": _time(_fts_ids(db, query), max(3, repeat // 4)),
                "like_list": _time(_like_list(db, q), like_repeat),
                "like_count": _time(_like_count(db, q), like_repeat),
            }
            for key, samples in runs.items():
                pooled[key].extend(samples)
            check = _cross_check(db, query, q)
            if not (check["hits"] == check["like_hits"] and check["same_first_page"]
                    and check["same_ids"]):
                mismatches.append(label)
            results[label] = {"query": q, **check, "load_average": _load(),
                              **{key: _stats(samples) for key, samples in runs.items()}}
            like = runs["like_list"]
            print(f"  {label:22s} {q!r:24s} hits={check['hits']:<7d} fts list p95 "
                  f"{_pct(runs['fts_list'], 0.95):8.2f} ms  count p95 "
                  f"{_pct(runs['fts_count'], 0.95):8.2f} ms  ids p95 "
                  f"{_pct(runs['fts_ids'], 0.95):8.2f} ms  like list p95 "
                  f"{_pct(like, 0.95) if like else float('nan'):8.2f} ms"
                  f"{'' if label not in mismatches else '  MISMATCH'}", file=sys.stderr)
        return {"enterprises_in_db": total, "queries": results, "mismatches": mismatches,
                "overall": {key: _stats(samples) for key, samples in pooled.items()}}
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "result.json")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per FTS query")
    parser.add_argument("--like-repeat", type=int, default=5,
                        help="timed runs per LIKE query (a full scan each: slow; 0: not timed, "
                             "the cross-check still runs)")
    parser.add_argument("--db", type=Path, help="measure this existing database (no generation)")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args(argv)

    tmp = None
    if args.db:
        db_path, generation = args.db, None
    else:
        tmp = Path(tempfile.mkdtemp(prefix="coop-bench-"))
        db_path = tmp / "bench.sqlite"
        print(f"generating {args.enterprises} enterprises into {db_path} …", file=sys.stderr)
        generation = generate(db_path, args.enterprises, args.seed)
        print(f"  {generation['output']} (wall {generation['wall_seconds']} s)", file=sys.stderr)
    try:
        size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
        load_start = _load()
        print(f"measuring search … (load average {load_start})", file=sys.stderr)
        result = {
            "enterprises": args.enterprises if generation else None,
            "seed": args.seed if generation else None,
            "generation": generation,
            "db_size_mb": round(size / 1e6, 1),
            **measure(db_path, args.repeat, args.like_repeat),
            "environment": {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                            "machine": platform.machine(), "system": platform.system(),
                            "cpus": os.cpu_count(), "load_average_start": load_start,
                            "load_average": _load()},
        }
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp is not None:
            print(f"kept {db_path}", file=sys.stderr)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    if result["mismatches"]:
        print(f"results differ from the LIKE baseline: {result['mismatches']}", file=sys.stderr)
        return 1
    return 0


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


if __name__ == "__main__":
    sys.exit(main())
