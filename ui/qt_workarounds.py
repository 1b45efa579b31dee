"""Workarounds for defects of the Qt binding, each detected at run time (a fixed binding, or
a Python whose ``None``/``True``/``False`` are immortal, makes them a no-op).

PySide6 6.12.0 loses references to Python's singletons: every call of a C++ method that
returns nothing (``setText``, ``update``, ``processEvents``, a ``property()`` that is not
set) hands the caller ``None`` without taking a reference for it, and ``signal.emit(...)``
does the same with ``True``. Each call costs the singleton one reference. On Python 3.11
``None`` starts with some 30,000 and ``True`` with some 20,000; a working session makes
hundreds of such calls a second, so the count reaches zero within minutes or hours and the
interpreter aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"), in the middle of
work or at exit. (Measured: 60,000 ``setText`` calls abort; PySide6 6.11.3 does not leak.)

Python 3.12 made these singletons immortal (PEP 683), so the leak is harmless there. On
3.11, :func:`install` measures a few calls once and, if the counts drop, gives ``None``,
``True`` and ``False`` a reserve of references so large (2**48, some 280 trillion) that no
session can use it up — the same thing PEP 683 does. An extra reference to a singleton is
harmless: they are never freed while the interpreter runs. We keep PySide6 6.12 because the
QtPdf wheel (``PySide6_Pdf``) exists only for it; the alternative, the 175 MB Addons wheel
of an older release, would triple the download for one module.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBE_CALLS = 64
RESERVE = 1 << 48
SINGLETONS = (None, True, False)

_installed = False
_reserved = False


class _Probe(QObject):
    ping = Signal()


def leaks_references() -> bool:
    """Whether calls into the binding leave ``None`` or ``True`` with fewer references."""
    probe = _Probe()
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")  # a void method: returns None
        probe.ping.emit()  # returns True
    lost_none = before_none - sys.getrefcount(None)
    lost_true = before_true - sys.getrefcount(True)
    return max(lost_none, lost_true) >= PROBE_CALLS // 2


def _reserve_references() -> None:
    """Add :data:`RESERVE` references to each singleton (CPython's ``ob_refcnt`` comes first
    in every object)."""
    for obj in SINGLETONS:
        ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE


def install() -> bool:
    """Apply the workarounds this binding needs (once); True if the references were reserved."""
    global _installed, _reserved
    if _installed:
        return _reserved
    _installed = True
    if sys.implementation.name != "cpython" or not leaks_references():
        return False
    _reserve_references()
    _reserved = True
    return True


def reserved() -> bool:
    """Whether :func:`install` found the leak and reserved references."""
    return _reserved
