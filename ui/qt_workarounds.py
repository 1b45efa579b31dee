"""Workarounds for defects of the Qt binding, each detected at run time (a fixed binding
makes the workaround a no-op).

``SignalInstance.emit`` (PySide6 6.12.0): calling ``signal.emit(...)`` from Python returns
``True`` without taking a reference for the caller, so every emit from Python costs ``True``
one reference. On Python 3.11 ``True`` starts with some 20,000; an editing session (the
autosave, checks and lookups each emit a few signals, the task runner one per job) wears
them out within hours, and the process aborts with "Fatal Python error: bool_dealloc" —
at exit, or in the middle of work. :func:`install` measures a few emits once and, if the
count drops, wraps ``emit`` to give the reference back. An extra reference to ``True`` or
``False`` is harmless (they are never freed), so the wrapper is safe even if the probe were
wrong.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_installed = False
PROBE_EMITS = 64


class _Probe(QObject):
    ping = Signal()


def emit_loses_references() -> bool:
    """Whether ``emit`` from Python leaves ``True`` with fewer references than before."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBE_EMITS):
        probe.ping.emit()
    return sys.getrefcount(True) - before <= -PROBE_EMITS // 2


def install() -> bool:
    """Apply the workarounds this binding needs (once); True if ``emit`` was wrapped."""
    global _installed
    if _installed:
        return getattr(SignalInstance.emit, "_coop_fixed", False)
    _installed = True
    if not emit_loses_references():
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            incref(result)  # the reference the binding forgot to give us
        return result

    emit._coop_fixed = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit  # type: ignore[method-assign]
    return True
