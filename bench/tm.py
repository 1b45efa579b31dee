"""Benchmark: translation-memory matching at 20,000 units and term finding at 150,000 names.

    .venv/bin/python bench/tm.py [--units 20000] [--enterprises 150000] [--repeat 30]

1. **TM.** Fills a fresh database with ``--units`` synthetic sentence pairs through
   ``tm.store_pair`` (one transaction), then times ``tm.matches(db, q)`` (limit 5,
   threshold 60) for queries that are stored sentences with about a fifth of their
   characters changed (hits) and for unrelated sentences (misses). The first query builds
   the cached zh list and is reported separately.
2. **Termbase.** Generates ``--enterprises`` demo enterprises (``coop_desktop.demo``),
   times ``termbase.terms(db)`` cold (loads the record names and builds the list) and warm
   (the cache check only), the index build, and ``find_in`` on a 2,000-character text that
   contains some of the names, and a ``terms`` + ``find_in`` right after adding a user term
   (only the small glossary part is reloaded). ``--enterprises 0`` skips this part;
   ``--db FILE`` measures an existing database instead; ``--app-gc`` runs it with the
   garbage collector frozen and disabled, as the app does (``ui/app.py``).

Prints JSON (milliseconds). Not part of the test run; no numbers are asserted anywhere.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coop_desktop.services import open_database, termbase, tm  # noqa: E402

PHRASES = (
    "本公司", "成立于", "主要从事", "新能源汽车", "零部件", "研发", "生产", "销售", "拥有", "专利",
    "项，", "产品", "出口到", "德国", "日本", "东南亚", "等国家和地区", "中小企业", "合作区",
    "数字化转型", "智能制造", "年营业收入", "亿元", "员工", "人", "其中研发人员", "占比",
    "获得", "专精特新", "小巨人", "称号", "计划", "在当地", "设立", "子公司", "和", "海外仓",
    "加强", "技术交流", "品牌建设", "供应链", "精密机械", "生物医药", "新材料", "电子信息",
)
FILLER = "的了在与及并将对为从以其"
_APP_GC = False


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(PHRASES) for _ in range(rng.randint(4, 14))]
    return "".join(parts) + rng.choice("。；！")


def _mutate(rng: random.Random, text: str, share: float = 0.2) -> str:
    chars = list(text)
    for i in rng.sample(range(len(chars)), max(1, int(len(chars) * share))):
        chars[i] = rng.choice(FILLER)
    return "".join(chars)


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "mean": round(statistics.fmean(ordered), 2)}


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def bench_tm(folder: Path, units: int, repeat: int, rng: random.Random) -> dict[str, object]:
    db, _ = open_database(folder / "tm.sqlite", actor="bench")
    sentences: list[str] = []
    start = time.perf_counter()
    with db.session() as session:
        while len(sentences) < units:
            zh = _sentence(rng)
            if tm.store_pair(session, zh, f"English for unit {len(sentences)}", origin="import"):
                sentences.append(zh)
    fill_s = time.perf_counter() - start
    hits = [_mutate(rng, rng.choice(sentences)) for _ in range(repeat)]
    misses = ["".join(rng.choice(FILLER + "天地人和春夏秋冬") for _ in range(30)) for _ in range(repeat)]
    first_ms = _time(lambda: tm.matches(db, hits[0]))
    hit_ms, found = [], 0
    for q in hits:
        start = time.perf_counter()
        found += bool(tm.matches(db, q))
        hit_ms.append((time.perf_counter() - start) * 1000)
    miss_ms = [_time(lambda q=q: tm.matches(db, q)) for q in misses]
    long_query = "".join(rng.choice(sentences) for _ in range(10))  # a whole section
    long_ms = [_time(lambda: tm.matches(db, long_query)) for _ in range(max(3, repeat // 5))]
    result = {
        "units": tm.count(db), "fill_seconds": round(fill_s, 1),
        "first_query_ms (builds cache)": round(first_ms, 1),
        "hit_queries_ms": _stats(hit_ms), "hit_rate": f"{found}/{len(hits)}",
        "miss_queries_ms": _stats(miss_ms),
        f"section_query_{len(long_query)}_chars_ms": _stats(long_ms),
    }
    db.close()
    return result


def bench_termbase(folder: Path, n: int, repeat: int, rng: random.Random,
                   existing: Path | None = None) -> dict[str, object]:
    from coop_desktop import demo

    gen_s = 0.0
    if existing is not None:
        db, _ = open_database(existing, actor="bench")
    else:
        db, _ = open_database(folder / "terms.sqlite", actor="bench")
        start = time.perf_counter()
        demo.generate(db, enterprises=n, seed=42)
        gen_s = time.perf_counter() - start
    if _APP_GC:
        gc.collect()
        gc.freeze()
        gc.disable()
    cold_ms = _time(lambda: termbase.terms(db))
    terms = termbase.terms(db)
    warm_ms = [_time(lambda: termbase.terms(db)) for _ in range(5)]
    index_ms = _time(lambda: terms.index)
    records = [t for t in terms if t.origin is termbase.TermOrigin.RECORD]
    glossary = [t for t in terms if t.origin is not termbase.TermOrigin.RECORD]
    pieces: list[str] = []
    while sum(map(len, pieces)) < 2000:
        roll = rng.random()
        if roll < 0.05:
            pieces.append(rng.choice(records).zh)
        elif roll < 0.15 and glossary:
            pieces.append(rng.choice(glossary).zh)
        else:
            pieces.append(_sentence(rng))
    text = "".join(pieces)[:2000]
    hits = termbase.find_in(text, terms)
    find_ms = [_time(lambda: termbase.find_in(text, terms)) for _ in range(repeat)]
    termbase.add_user_term(db, "出海基准", f"bench term {time.time_ns()}")
    after_term_ms = _time(lambda: termbase.find_in(text, termbase.terms(db)))
    db.close()
    return {
        "enterprises": n, "gc": "like the app (frozen, disabled)" if _APP_GC else "on",
        "terms_plus_find_after_adding_a_user_term_ms": round(after_term_ms, 1), "generate_seconds": round(gen_s, 1), "terms": len(terms),
        "record_terms": len(records), "terms_cold_ms": round(cold_ms, 1),
        "terms_warm_ms": _stats(warm_ms), "index_build_ms": round(index_ms, 1),
        "find_in_2000_chars_ms": _stats(find_ms), "hits_in_text": len(hits),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--enterprises", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="measure the termbase on this database instead "
                        "of generating one (it is opened, and may be upgraded, in place)")
    parser.add_argument("--app-gc", action="store_true", help="collect, freeze and disable the "
                        "garbage collector before the termbase part, as ui/app.py does")
    args = parser.parse_args()
    global _APP_GC
    _APP_GC = args.app_gc
    rng = random.Random(args.seed)
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="coop-bench-tm-") as tmp:
        print(f"filling {args.units:,} TM units...", file=sys.stderr)
        out["tm"] = bench_tm(Path(tmp), args.units, args.repeat, rng)
        if args.enterprises or args.db:
            print("termbase...", file=sys.stderr)
            out["termbase"] = bench_termbase(Path(tmp), args.enterprises, args.repeat, rng, args.db)
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
