"""Run-time workarounds for the Qt binding (``ui.qt_workarounds``)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from ui import qt_workarounds


class _Source(QObject):
    changed = Signal(object)


def test_emitting_from_python_keeps_true_alive(qapp):
    qt_workarounds.install()  # application() does it; installing twice is harmless
    qt_workarounds.install()
    source = _Source()
    received = []
    source.changed.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(1_000):
        assert source.changed.emit(i) is True
    assert sys.getrefcount(True) - before > -100
    assert received == list(range(1_000))
    assert not qt_workarounds.emit_loses_references()
