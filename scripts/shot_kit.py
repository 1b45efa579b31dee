"""What the screenshot scripts share: let Qt settle, wait for a condition, grab a widget."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def settle(ms: int = 150) -> None:
    """Run the event loop for ``ms`` (layouts, repaints, queued results)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(cond: Callable[[], object], timeout_ms: int = 30_000) -> None:
    end = time.monotonic() + timeout_ms / 1000
    while not cond() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, out: Path, name: str, *, show: bool = False) -> None:
    """Grab ``widget`` as ``out/name.png`` (shown first with ``show``) and print the path."""
    if show:
        widget.show()
    settle()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")
