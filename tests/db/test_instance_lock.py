"""One app per database file: the instance lock, its recovery after a kill, and the command
line refusing to write while the app has the file open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from coop_desktop import cli
from coop_desktop.db.lock import InstanceLock, holder
from coop_desktop.services import enterprises, open_database

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from coop_desktop.db.lock import InstanceLock
    lock = InstanceLock(Path(sys.argv[1]))
    print("held" if lock.acquire() else "refused", flush=True)
    time.sleep(60)
""")


def _hold_in_child(db_path):
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE,
                             text=True, cwd=os.getcwd())
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def test_second_holder_is_refused_and_told_who_has_it(tmp_path):
    path = tmp_path / "coop.sqlite"
    child = _hold_in_child(path)
    try:
        lock = InstanceLock(path)
        assert not lock.acquire()
        info = holder(path)
        assert info is not None and info.pid == child.pid and info.kind == "app"
    finally:
        child.kill()
        child.wait()


def test_a_lock_left_by_a_killed_app_is_recovered(tmp_path):
    path = tmp_path / "coop.sqlite"
    child = _hold_in_child(path)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert holder(path) is None
    lock = InstanceLock(path)
    assert lock.acquire()
    lock.release()


def test_release_lets_the_next_one_in(tmp_path):
    path = tmp_path / "coop.sqlite"
    first, second = InstanceLock(path), InstanceLock(path)
    assert first.acquire()
    assert not second.acquire()
    assert holder(path).pid == os.getpid()
    first.release()
    assert second.acquire()
    second.release()


def test_command_line_refuses_to_write_while_the_app_has_the_file(tmp_path, capsys, new_uscc):
    path = tmp_path / "coop.sqlite"
    db, _ = open_database(path)
    firm = enterprises.create(db, {"name_zh": "深圳市锁测试有限公司", "uscc": new_uscc()}).value
    db.close()
    child = _hold_in_child(path)
    try:
        code = cli.main(["--lang", "zh_CN", "--db", str(path), "application", "new",
                         "--enterprise", firm.uscc, "--template", "zone_application"])
        err = capsys.readouterr().err
        assert code == cli.EXIT_ERROR
        assert str(child.pid) in err and "关闭应用" in err and "Traceback" not in err
        assert cli.main(["--db", str(path), "stats"]) == 0  # reading goes on meanwhile
    finally:
        child.kill()
        child.wait()
    # and once the app is gone, the same command works
    assert cli.main(["--db", str(path), "application", "new", "--enterprise", firm.uscc,
                     "--template", "zone_application"]) == 0
