"""Benchmark/proof: writers killed with SIGKILL, upgrades killed midway, a really full disk.

    .venv/bin/python bench/crash.py [--kills 100] [--upgrade-kills 30] [--creation-kills 40]
                                    [--seed 1] [--disk-full]

1. **Kills while writing** (``--kills``, default 100): a child writes through the services
   (enterprises created, renamed, deleted; applications; autosaved text that grows; events
   and participants) and quits and restarts now and then; it acknowledges each write on a
   file only after the service call returned. It is killed with SIGKILL at a seeded random
   moment (15 % while it starts and opens the file, otherwise 5–600 ms after it is ready),
   then the file is checked on a copy: ``integrity_check``, ``foreign_key_check``, the FTS
   indexes against their table, every acknowledged write present with its value, at most
   the one write under way in addition, nothing half-applied (records without their audit
   rows and the reverse, text that disagrees with its last audit row). The next child goes
   on with the same file.
2. **Kills during a schema upgrade** (``--upgrade-kills``, default 30): each fixture of
   ``tests/fixtures/db_versions`` in turn is opened by a child (verified backup, upgrade in
   one transaction, reference data) and killed at a random moment of the upgrade, or, one
   round in three, of the whole opening. The file must be at the old revision with the same
   schema and rows, or fully upgraded, and the next start must open and upgrade it.
3. **Kills during the first start** (``--creation-kills``, default 40): a child opens a
   database that does not exist yet (creating it) and is killed, half of the rounds the
   moment a file appears at the database's name, the others at a random moment of the
   creation. The name must hold nothing or a complete database, and the next start must
   open it.
4. **A really full disk** (``--disk-full``, root only: mounts a 2 MB tmpfs): a large
   autosave whose COMMIT cannot write the log; expects ``StorageError`` with the "disk is
   full" message, the file unchanged and sound, and the same save succeeding once space is
   freed.

Same harness as ``tests/db/test_crash_safety.py`` (20 kills, 3 upgrade kills, 2 creation kills):
``tests/db/storage_workers.py``, ``storage_checks.py``, ``storage_runs.py``. Prints a
summary per part and JSON (``--out``, default ``bench/out/crash.json``); exit status 1 if any
check failed. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "db"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def kills(args: argparse.Namespace, work: Path) -> dict:
    from storage_runs import crash_rounds

    from coop_desktop.services import open_database

    path = work / "crash" / "coop.sqlite"
    path.parent.mkdir()
    database, _ = open_database(path)
    database.close()
    report = crash_rounds(path, path.parent, rounds=args.kills, seed=args.seed,
                          log=log if args.verbose else None)
    log(report.summary())
    for failure in report.failures:
        log(f"FAILED: {failure}")
    return {"kills": report.rounds, "sound_with_exactly_the_committed_writes":
            report.rounds - len(report.failures), "acknowledged_writes": report.acked,
            "write_checks": report.checked, "by_kind": dict(report.kinds),
            "kills_landed": dict(report.phases), "write_under_way_at_kill": report.in_flight,
            "write_under_way_landed": report.in_flight_landed, "seconds": round(report.seconds, 1),
            "rows_at_end": report.counts, "failures": report.failures}


def upgrade_kills(args: argparse.Namespace, work: Path) -> dict:
    from storage_runs import upgrade_kill_rounds

    fixtures = sorted((ROOT / "tests" / "fixtures" / "db_versions").glob("v*.sqlite"))
    folder = work / "upgrades"
    folder.mkdir()
    report = upgrade_kill_rounds(fixtures, folder, rounds=args.upgrade_kills, seed=args.seed,
                                 whole_open_share=1 / 3, log=log if args.verbose else None)
    log(report.summary())
    for failure in report.failures:
        log(f"FAILED: {failure}")
    return {"kills": report.rounds, "sound": report.rounds - len(report.failures),
            "inside_the_upgrade": report.mid_upgrade, "old_revision_intact": report.old_intact,
            "already_upgraded": report.upgraded, "reopened_and_upgraded": report.reopened,
            "unfinished_backup_copies_left": report.part_files,
            "upgrade_seconds": report.upgrade_seconds, "open_seconds": report.open_seconds,
            "seconds": round(report.seconds, 1), "failures": report.failures}


def creation_kills(args: argparse.Namespace, work: Path) -> dict:
    from storage_runs import creation_kill_rounds

    folder = work / "creation"
    folder.mkdir()
    report = creation_kill_rounds(folder, rounds=args.creation_kills, seed=args.seed,
                                  log=log if args.verbose else None)
    log(report.summary())
    for failure in report.failures:
        log(f"FAILED: {failure}")
    return {"kills": report.rounds, "sound": report.rounds - len(report.failures),
            "no_file": report.no_file, "complete_database": report.complete,
            "reopened": report.reopened, "other_files_left": report.strays,
            "create_seconds": round(report.create_seconds, 2),
            "seconds": round(report.seconds, 1), "failures": report.failures}


def disk_full(work: Path) -> dict:
    """A large autosave on a 2 MB tmpfs filled to its last 100 KB."""
    from coop_desktop.db import sqlite as sqlite_impl
    from coop_desktop.errors import StorageError
    from coop_desktop.services import applications, enterprises, open_database

    if os.geteuid() != 0:
        return {"skipped": "needs root (mounts a tmpfs)"}
    mnt = work / "tmpfs"
    mnt.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        return {"skipped": f"cannot mount a tmpfs: {exc}"}
    out: dict = {}
    try:
        path = mnt / "coop.sqlite"
        db, _ = open_database(path)
        firm = enterprises.create(db, {"name_zh": "磁盘测试精密机械有限公司",
                                       "uscc": "91440300MA5F000007"}).value
        app = applications.create(db, enterprise_id=firm.id, template_key="company_profile").value
        sqlite_impl.checkpoint(db.engine)
        before = [s.zh for s in applications.sections(db, app.id)]
        stat = os.statvfs(mnt)
        with open(mnt / "filler", "wb") as fh:
            fh.write(b"\0" * (stat.f_bavail * stat.f_frsize - 100 * 1024))
        text = "本公司专注于精密机械制造，产品出口至德国、意大利等国家。" * 3000
        try:
            applications.save_draft(db, app.id, "overview", zh=text)
            out["full"] = "saved (unexpected)"
        except StorageError as exc:
            out["full"] = str(exc)
        out["unchanged"] = [s.zh for s in applications.sections(db, app.id)] == before
        out["marked_damaged"] = db.damaged
        (mnt / "filler").unlink()
        applications.save_draft(db, app.id, "overview", zh=text)
        out["saved_after_freeing_space"] = next(
            s.zh for s in applications.sections(db, app.id) if s.key == "overview") == text
        db.close()
        conn = sqlite3.connect(path)
        out["integrity_check"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
    log(f"disk full: {out}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--upgrade-kills", type=int, default=30)
    parser.add_argument("--creation-kills", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--disk-full", action="store_true", help="also a real full disk (root)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "crash.json")
    parser.add_argument("--verbose", action="store_true", help="a line per kill")
    args = parser.parse_args()
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="coop-bench-config-"))
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="coop-bench-data-"))
    import coop_desktop

    result: dict = {"code": str(Path(coop_desktop.__file__).parent), "seed": args.seed,
                    "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                    "cpus": os.cpu_count(), "load_start": os.getloadavg()[0]}
    work = Path(tempfile.mkdtemp(prefix="coop-crash-"))
    started = time.monotonic()
    try:
        if args.kills:
            result["kills_while_writing"] = kills(args, work)
        if args.upgrade_kills:
            result["kills_during_upgrade"] = upgrade_kills(args, work)
        if args.creation_kills:
            result["kills_while_creating"] = creation_kills(args, work)
        if args.disk_full:
            result["disk_full"] = disk_full(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["seconds"] = round(time.monotonic() - started, 1)
    result["load_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    failed = any(part.get("failures") for part in result.values() if isinstance(part, dict))
    failed |= "disk_full" in result and "skipped" not in result["disk_full"] and not (
        result["disk_full"].get("unchanged") and result["disk_full"].get("saved_after_freeing_space"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
