"""TaskRunner: a finished job's cancel flag is let go on the GUI thread, never on a worker.

Freeing a Qt-watched object on a worker deadlocked the app: PySide disconnected there with
the GIL released and a Qt lock held, while the GUI thread, holding the GIL, closed the
progress dialog and wanted the same lock (seen with the PDF export's progress dialog).
"""

from __future__ import annotations

import threading
import time
import weakref

import pytest


@pytest.mark.parametrize("lane", ["db", "io"])
def test_cancel_flags_are_freed_on_the_gui_thread(qtbot, ctx, lane):
    freed_on: list[str] = []
    done: list[int] = []
    for i in range(20):
        flag = ctx.runner.run(lambda i=i: (time.sleep(0.002 * (i % 3)), i)[1],
                              on_success=done.append, label="Working…", lane=lane)
        weakref.finalize(flag, lambda: freed_on.append(threading.current_thread().name))
        del flag
    qtbot.waitUntil(lambda: len(done) == 20 and len(freed_on) == 20, timeout=10_000)
    assert sorted(done) == list(range(20))
    assert set(freed_on) == {threading.main_thread().name}
