"""Quitting while work runs in the background: the work ends before the database closes,
nothing is lost, no traceback ("RuntimeError: Signal source has been deleted" came from
``ui/tasks.py`` when the process exited with a worker still running)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]


def test_quitting_during_a_save_finishes_it_before_the_file_closes(db, new_uscc, tmp_path):
    path = db.path
    db.close()
    uscc = new_uscc()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, str(Path(__file__).with_name("quit_app.py")),
                             str(path), uscc], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "RuntimeError" not in result.stderr, result.stderr
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # the save is in the file itself
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name_zh FROM enterprise WHERE uscc = ?", (uscc,)).fetchall()
    assert rows == [("退出时保存的企业",)]


def test_shutdown_waits_for_running_and_queued_work_and_delivers_nothing(qapp):
    runner = TaskRunner(lambda: None)  # type: ignore[arg-type,return-value]
    go, done, delivered = threading.Event(), [], []
    runner.run(lambda: go.wait(5) and done.append("first"), on_success=delivered.append)
    runner.run(lambda: done.append("queued behind it"), on_success=delivered.append)
    threading.Timer(0.2, go.set).start()
    assert runner.shutdown(5_000)
    assert done == ["first", "queued behind it"]
    qapp.processEvents()
    assert delivered == []  # the window is gone: nobody to tell
    flag = runner.run(lambda: done.append("too late"))
    assert flag.is_set() and runner.wait(1_000) and done == ["first", "queued behind it"]
    assert runner.closed


def test_shutdown_stops_a_generator_that_outlasts_the_wait(qapp):
    runner = TaskRunner(lambda: None)  # type: ignore[arg-type,return-value]
    steps = []

    def long_job():
        for i in range(200):
            steps.append(i)
            threading.Event().wait(0.02)
            yield i, 200
        return "finished"

    runner.run(long_job, lane="io")
    assert runner.shutdown(100)  # asked to stop after 0.1 s: it does at its next yield
    assert 0 < len(steps) < 200
