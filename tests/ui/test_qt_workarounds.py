"""Run-time workarounds for the Qt binding (``ui.qt_workarounds``).

The binding's leak only kills a process after tens of thousands of calls, so the tests run
a child interpreter that makes that many and check how it ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ui import qt_workarounds

ROOT = Path(__file__).resolve().parents[2]
CALLS = 70_000  # more than None's (~30,000) and True's (~20,000) references on Python 3.11

CHILD = f"""
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
from ui import qt_workarounds

class Source(QObject):
    changed = Signal(int)

app = QApplication([])
leaks = qt_workarounds.leaks_references()
if sys.argv[1] == "install":
    qt_workarounds.install()
label, source = QLabel(), Source()
for i in range({CALLS}):
    label.setText("x")  # void: returns None
    source.changed.emit(i)  # returns True
print("leaks" if leaks else "clean", flush=True)
"""


def _run_child(mode: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_a_process_survives_tens_of_thousands_of_calls_with_the_workaround():
    done = _run_child("install")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() in ("leaks", "clean")
    assert "dealloc" not in done.stderr


def test_without_the_workaround_a_leaking_binding_aborts():
    """The control: it shows the first test guards against something real. With a binding
    that does not leak (or a Python with immortal singletons) the child must live too."""
    done = _run_child("bare")
    if done.stdout.strip() == "clean":
        assert done.returncode == 0, done.stderr[-2000:]
    else:
        assert done.returncode != 0 and "dealloc" in done.stderr, (done.returncode, done.stderr[-500:])


class _Source(QObject):
    changed = Signal(object)


def test_install_is_idempotent_and_signals_still_deliver(qapp):
    first = qt_workarounds.install()  # application() has done it already
    assert qt_workarounds.install() == first == qt_workarounds.reserved()
    source = _Source()
    received = []
    source.changed.connect(received.append)
    for i in range(1_000):
        assert source.changed.emit(i) is True
    assert received == list(range(1_000))
    if qt_workarounds.leaks_references():
        assert qt_workarounds.reserved()
        assert min(sys.getrefcount(obj) for obj in qt_workarounds.SINGLETONS) > qt_workarounds.RESERVE // 2
