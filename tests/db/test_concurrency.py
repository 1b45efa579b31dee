"""Two programs writing to one file wait for each other; nothing fails, nothing is lost.

Every write through the services starts ``BEGIN IMMEDIATE`` and so waits (up to the busy
timeout) for a write lock another process holds, instead of failing at once as a deferred
transaction that read first would. Measured figures are printed (``-s``) and reported in
``bench/README.md``; nothing here asserts a duration.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from storage_checks import read_acks
from storage_runs import concurrent_writers, wait_for
from storage_workers import child_env, context, loop_writer

from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.errors import DatabaseBusyError
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import applications, enterprises, open_database

WORKERS = Path(__file__).with_name("storage_workers.py")
SEED = 20260609
SHARED_USCC = "91440300MA5F000007"


def _holder(path: Path, seconds: float) -> tuple[subprocess.Popen[str], float]:
    """A process holding the write lock (raw ``BEGIN IMMEDIATE``); returns it and when it
    took the lock. ``seconds < 0``: until a line is written to its stdin."""
    proc = subprocess.Popen([sys.executable, str(WORKERS), "hold", str(path), str(seconds)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    word, at = proc.stdout.readline().split()
    assert word == "held"
    return proc, float(at)


def _released(proc: subprocess.Popen[str]) -> float:
    out, _err = proc.communicate(timeout=30)
    word, at = out.split()
    assert word == "released" and proc.returncode == 0
    return float(at)


def _fingerprint(path: Path) -> tuple[int, ...]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return tuple(conn.execute(
            "SELECT (SELECT count(*) FROM enterprise), (SELECT count(*) FROM audit_log), "
            "(SELECT coalesce(max(id), 0) FROM audit_log), "
            "(SELECT coalesce(sum(length(zh) + length(en)), 0) FROM application_section)"
        ).fetchone())


def test_two_writers_for_ten_seconds_lose_nothing(tmp_path, _fresh_database_file):
    """As the issue asks: two processes write through the services in a loop for 10 s
    (creates, renames, deletes, autosaves, events, and one row both of them update); every
    attempt succeeds, and every acknowledged write is in the file afterwards."""
    path = tmp_path / "coop.sqlite"
    shutil.copyfile(_fresh_database_file, path)
    database, _ = open_database(path)
    shared = enterprises.create(database, {"name_zh": "共享测试企业有限公司",
                                           "uscc": SHARED_USCC}).value.id
    database.close()
    report = concurrent_writers(path, tmp_path, writers=2, seconds=10, seed=SEED,
                                shared_id=shared)
    print(report.summary())
    assert report.failed == []
    assert report.lost == []
    assert report.acked == report.attempts
    assert min(report.per_writer.values()) > 0 and report.shared_acked > 0


def test_a_write_waits_for_a_lock_held_three_seconds_and_succeeds(db, new_uscc):
    holder, held_at = _holder(db.path, 3)
    try:
        started = time.time()
        created = enterprises.create(db, {"name_zh": "等待测试科技有限公司", "uscc": new_uscc()})
        returned = time.time()
    finally:
        released_at = _released(holder)
    assert held_at <= started
    assert returned >= released_at  # it waited for the other program, then wrote
    print(f"write waited {returned - started:.2f} s for a lock held 3 s")
    assert enterprises.get(db, created.value.id).name_zh == "等待测试科技有限公司"


def test_a_lock_held_past_the_busy_timeout_gives_the_message_and_changes_nothing(
        db, new_uscc, monkeypatch):
    firm = enterprises.create(db, {"name_zh": "忙碌测试科技有限公司", "uscc": new_uscc()}).value
    app = applications.create(db, enterprise_id=firm.id, template_key="company_profile").value
    monkeypatch.setattr(sqlite_impl, "BUSY_TIMEOUT_MS", 300)
    db.engine.dispose()  # the pool's next connections get the shorter timeout
    before = _fingerprint(db.path)
    text = "【已输入的文字】" * 50
    holder, _held_at = _holder(db.path, -1)
    try:
        with pytest.raises(DatabaseBusyError) as busy:
            enterprises.create(db, {"name_zh": "不应写入科技有限公司", "uscc": new_uscc()})
        with pytest.raises(DatabaseBusyError):
            applications.save_draft(db, app.id, "overview", zh=text)
        with pytest.raises(DatabaseBusyError):
            enterprises.update(db, firm.id, {"name_en": "Not Written Co., Ltd."})
        assert _fingerprint(db.path) == before
    finally:
        holder.stdin.write("release\n")  # type: ignore[union-attr]
        holder.stdin.flush()  # type: ignore[union-attr]
        _released(holder)
    assert str(busy.value) == ("The database is in use by another program, which did not "
                               "finish within 0.3 seconds. Nothing was saved; please try again.")
    assert busy.value.render(translator("zh_CN")) == \
        "数据库正被另一个程序使用，0.3 秒内未释放。本次未保存任何内容，请稍后重试。"
    assert not db.damaged
    # What the user typed is still theirs to save once the other program is done.
    applications.save_draft(db, app.id, "overview", zh=text)
    assert next(s.zh for s in applications.sections(db, app.id) if s.key == "overview") == text


def test_opening_reading_and_closing_do_not_wait_for_another_programs_write_lock(db):
    """A command that only reads (``stats``, ``application list``…) is not held up by
    another program's write: opening takes the write lock only when the shipped reference
    data needs updating, and closing does not wait to checkpoint a log that the other
    program, still using the file, will checkpoint itself."""
    holder, _held_at = _holder(db.path, 3)
    try:
        database, _ = open_database(db.path)
        assert enterprises.count(database) == 0
        assert enterprises.list_page(database).rows == []
        database.close()
        done = time.time()
    finally:
        released_at = _released(holder)
    assert done < released_at  # all of it while the other program held the lock


def _cli() -> list[str]:
    installed = Path(sys.executable).with_name("coop-desktop")
    if installed.exists():
        return [str(installed)]
    return [sys.executable, "-c", "import sys; from coop_desktop.cli import main; sys.exit(main())"]


def test_two_application_new_commands_beside_a_writer(tmp_path, _fresh_database_file):
    """Two ``coop-desktop application new`` at once, while another process writes in a
    loop: both create their application; neither prints a traceback."""
    path = tmp_path / "coop.sqlite"
    shutil.copyfile(_fresh_database_file, path)
    database, _ = open_database(path)
    enterprises.create(database, {"name_zh": "命令行测试科技有限公司", "uscc": SHARED_USCC})
    database.close()
    ctx = context()
    go, stop = ctx.Event(), ctx.Event()
    ack_path = tmp_path / "writer.jsonl"
    writer = ctx.Process(target=loop_writer, args=(str(path), str(ack_path), "W", SEED, 120.0,
                                                   go, child_env()),
                         kwargs={"stop": stop})
    writer.start()
    assert wait_for(ack_path, "ready", writer, timeout=120) is not None
    go.set()
    time.sleep(0.5)  # the writer is in full swing
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    command = [*_cli(), "--db", str(path), "--lang", "en", "application", "new",
               "--enterprise", SHARED_USCC, "--template", "zone_application"]
    started = time.monotonic()
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env) for _ in range(2)]
    results = [(*run.communicate(timeout=120), run.returncode) for run in runs]
    took = time.monotonic() - started
    assert writer.is_alive()  # it wrote all along
    stop.set()
    writer.join(60)
    for out, err, code in results:
        assert "Traceback" not in err
        assert code == 0, err
        assert out.strip().isdigit() and err == ""
    ids = sorted(int(out) for out, _err, _code in results)
    assert ids[0] != ids[1]
    lines = read_acks(ack_path)
    assert [line for line in lines if line["ev"] in ("fail", "error")] == []
    done = sum(line["ev"] == "done" for line in lines)
    print(f"two `application new` beside a writer: both succeeded in {took:.1f} s; "
          f"the writer made {done} writes meanwhile, none failed")
    assert writer.exitcode == 0
    with sqlite3.connect(path) as conn:
        found = [r[0] for r in conn.execute("SELECT id FROM application ORDER BY id")]
    assert set(ids) <= set(found)
