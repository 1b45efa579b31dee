"""Benchmark/proof: two writers on one file, a lock held by another program, the busy timeout.

    .venv/bin/python bench/concurrency.py [--seconds 10] [--runs 3] [--cli-rounds 5]

1. **Two writers** (``--runs`` × ``--seconds``): two processes write through the services
   in a loop (creates, renames, deletes, autosaves, events, participants, and one row both
   update); every failed attempt is counted, every acknowledged write is looked for in the
   file afterwards. Reports attempts, failures, losses, throughput and the wait of the
   service calls (median, p95, max).
2. **A lock held 3 s** by another process (raw ``BEGIN IMMEDIATE``): how long a service
   write waits and whether it succeeds; the same for a service *read*
   (``enterprises.count``) and for ``open_database``.
3. **A lock held past the busy timeout** (12 s against the default 10 s): what the write
   raises, after how long, and whether anything changed.
4. **Two ``coop-desktop application new`` beside a writer** (``--cli-rounds``): exit codes,
   one-line errors, tracebacks, durations.

Run it against other code (e.g. ``git archive`` of an older commit into /tmp/old) with
``cd /tmp/old && PYTHONPATH=/tmp/old /path/to/.venv/bin/python /path/to/bench/concurrency.py``
for before/after figures (the fork server imports from its working folder first); the
harness (``tests/db/storage_*.py``) comes from this tree. Prints JSON (``--out``,
default ``bench/out/concurrency.json``). No number is asserted. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "db"))
WORKERS = ROOT / "tests" / "db" / "storage_workers.py"
USCC = "91440300MA5F000007"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fresh(folder: Path) -> tuple[Path, int]:
    from coop_desktop.services import enterprises, open_database

    folder.mkdir(parents=True)
    path = folder / "coop.sqlite"
    db, _ = open_database(path)
    shared = enterprises.create(db, {"name_zh": "共享测试企业有限公司", "uscc": USCC}).value.id
    db.close()
    return path, shared


def two_writers(args: argparse.Namespace, work: Path) -> list[dict]:
    from storage_runs import concurrent_writers

    out = []
    for run in range(args.runs):
        path, shared = fresh(work / f"writers-{run}")
        report = concurrent_writers(path, path.parent, writers=2, seconds=args.seconds,
                                    seed=args.seed + run, shared_id=shared)
        log(report.summary())
        lat = sorted(report.latencies)
        kinds: dict[str, int] = {}
        for failure in report.failed:
            kind = failure.split(": ")[1] if ": " in failure else failure
            kinds[kind] = kinds.get(kind, 0) + 1
        out.append({"attempts": report.attempts, "acknowledged": report.acked,
                    "failed": len(report.failed),
                    "failed_share": round(len(report.failed) / max(report.attempts, 1), 3),
                    "failures_by_type": kinds, "failure_examples": report.failed[:3],
                    "lost": len(report.lost), "lost_examples": report.lost[:3],
                    "per_writer": report.per_writer, "shared_row_updates": report.shared_acked,
                    "writes_per_s": round(report.acked / args.seconds, 1),
                    "wait_ms": {"median": round(statistics.median(lat) * 1000, 1) if lat else None,
                                "p95": round(lat[int(len(lat) * 0.95)] * 1000, 1) if lat else None,
                                "max": round(report.max_wait * 1000, 1)}})
    return out


def _holder(path: Path, seconds: float) -> tuple[subprocess.Popen[str], float]:
    proc = subprocess.Popen([sys.executable, str(WORKERS), "hold", str(path), str(seconds)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    word, at = proc.stdout.readline().split()
    assert word == "held"
    return proc, float(at)


def _timed(call) -> dict:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    try:
        call()
        return {"ok": True, "seconds": round(time.monotonic() - started, 3)}
    except Exception as exc:  # noqa: BLE001 - that is the measurement
        return {"ok": False, "seconds": round(time.monotonic() - started, 3),
                "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}


def lock_held(work: Path) -> dict:
    """A write, a read and an open while another process holds the lock for 3 s."""
    from coop_desktop.services import enterprises, open_database

    path, _shared = fresh(work / "held")
    out = {}
    db, _ = open_database(path)
    n = [0]

    def create() -> None:
        n[0] += 1
        body = f"9144030000000{n[0]:04d}"
        from coop_desktop.validation import uscc_check_char

        enterprises.create(db, {"name_zh": f"等待测试{n[0]}科技有限公司",
                                "uscc": body + uscc_check_char(body)})

    for label, call in (("write", create), ("read", lambda: enterprises.count(db)),
                        ("open", lambda: open_database(path)[0].close())):
        holder, _at = _holder(path, 3)
        out[label] = _timed(call)
        holder.communicate(timeout=30)
        log(f"lock held 3 s by another process: {label} {out[label]}")
    db.close()
    return out


def busy_timeout(work: Path) -> dict:
    """A write against a lock held 12 s (default busy timeout: 10 s)."""
    from coop_desktop.db import sqlite as sqlite_impl
    from coop_desktop.services import enterprises, open_database

    path, shared = fresh(work / "busy")
    db, _ = open_database(path)
    before = _count(path)
    holder, _at = _holder(path, 12)
    result = _timed(lambda: enterprises.update(db, shared, {"name_en": "Not Written"}))
    holder.communicate(timeout=30)
    result["unchanged"] = _count(path) == before
    result["busy_timeout_ms"] = sqlite_impl.BUSY_TIMEOUT_MS
    db.close()
    log(f"lock held 12 s: {result}")
    return result


def _count(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT (SELECT count(*) FROM audit_log), "
                            "(SELECT count(*) FROM enterprise WHERE name_en IS NOT NULL)").fetchone()


def cli_beside_a_writer(args: argparse.Namespace, work: Path) -> dict:
    from storage_runs import wait_for
    from storage_workers import child_env, context, loop_writer

    installed = Path(sys.executable).with_name("coop-desktop")
    cli = [str(installed)] if installed.exists() and "PYTHONPATH" not in os.environ else [
        sys.executable, "-c", "import sys; from coop_desktop.cli import main; sys.exit(main())"]
    results = {"runs": 0, "succeeded": 0, "one_line_error": 0, "traceback": 0, "other": 0,
               "seconds": [], "errors": []}
    for r in range(args.cli_rounds):
        path, _shared = fresh(work / f"cli-{r}")
        ctx = context()
        go, stop = ctx.Event(), ctx.Event()
        ack = path.parent / "writer.jsonl"
        writer = ctx.Process(target=loop_writer, args=(str(path), str(ack), "W", args.seed + r,
                                                       300.0, go, child_env()),
                             kwargs={"stop": stop})
        writer.start()
        wait_for(ack, "ready", writer, timeout=120)
        go.set()
        time.sleep(0.5)
        command = [*cli, "--db", str(path), "--lang", "en", "application", "new",
                   "--enterprise", USCC, "--template", "zone_application"]
        started = time.monotonic()
        procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            results["runs"] += 1
            results["seconds"].append(round(time.monotonic() - started, 2))
            if "Traceback" in err:
                results["traceback"] += 1
                results["errors"].append(err.strip().splitlines()[-1][:200])
            elif proc.returncode == 0 and out.strip().isdigit():
                results["succeeded"] += 1
            elif proc.returncode == 2 and len(err.strip().splitlines()) == 1:
                results["one_line_error"] += 1
                results["errors"].append(err.strip()[:200])
            else:
                results["other"] += 1
                results["errors"].append(f"exit {proc.returncode}: {err.strip()[:200]}")
        stop.set()
        writer.join(60)
    log(f"application new beside a writer: {results}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli-rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["writers", "held", "busy", "cli"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "concurrency.json")
    args = parser.parse_args()
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="coop-bench-config-"))
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="coop-bench-data-"))
    import coop_desktop

    result: dict = {"code": str(Path(coop_desktop.__file__).parent), "seconds_per_run": args.seconds,
                    "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                    "cpus": os.cpu_count(), "load_start": os.getloadavg()[0]}
    work = Path(tempfile.mkdtemp(prefix="coop-concurrency-"))
    try:
        if "writers" not in args.skip:
            result["two_writers"] = two_writers(args, work)
        if "held" not in args.skip:
            result["lock_held_3s"] = lock_held(work)
        if "busy" not in args.skip:
            result["lock_held_past_busy_timeout"] = busy_timeout(work)
        if "cli" not in args.skip:
            result["application_new_beside_a_writer"] = cli_beside_a_writer(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["load_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
