"""Progress for ``services.maintenance``: one ``(done, TOTAL)`` scale over steps of unequal
cost, generators driven to the end, blocking work on a helper thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from typing import Any, TypeVar

from coop_desktop.services import maintenance_db as mdb

T = TypeVar("T")
TOTAL = 1000
Progress = Generator[tuple[int, int], None, T]


class Plan:
    """Maps each step's own progress (0–1) onto one ``(done, TOTAL)`` scale, the steps
    weighted by their estimated cost, within ``[low, high]`` of the whole."""

    def __init__(self, weights: dict[str, float], low: float = 0.0, high: float = 1.0) -> None:
        total = sum(weights.values()) or 1.0
        self.start: dict[str, float] = {}
        self.span: dict[str, float] = {}
        acc = low
        for step, weight in weights.items():
            self.start[step] = acc
            self.span[step] = (high - low) * weight / total
            acc += self.span[step]

    def at(self, step: str, fraction: float) -> tuple[int, int]:
        fraction = min(max(fraction, 0.0), 1.0)
        return min(TOTAL, round(TOTAL * (self.start[step] + self.span[step] * fraction))), TOTAL


def run(plan: Plan, step: str, gen: Generator[Any, None, T]) -> Progress[T]:
    """Drive ``gen`` (yielding fractions, or ``(done, total)`` pairs) as ``step``."""
    try:
        while True:
            try:
                value = next(gen)
            except StopIteration as stop:
                yield plan.at(step, 1.0)
                return stop.value
            if isinstance(value, tuple):
                done, total = value
                value = done / total if total else 1.0
            yield plan.at(step, value)
    finally:
        gen.close()


def blocking(fn: Callable[[], T], expected_s: float) -> Generator[float, None, T]:
    """Run ``fn`` on a helper thread, yielding a time-based progress estimate meanwhile.
    It cannot be interrupted: closing waits for it to finish."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the caller's thread
            box["exc"] = exc

    worker = threading.Thread(target=work, name="coop-maintenance-io", daemon=True)
    started = time.monotonic()
    worker.start()
    try:
        while True:
            worker.join(mdb.POLL_S)
            if not worker.is_alive():
                break
            yield min(0.95, (time.monotonic() - started) / max(expected_s, 0.1))
    finally:
        worker.join()
    if "exc" in box:
        raise box["exc"]
    return box["value"]


#: ``gen``'s fractions mapped into ``[low, high]``; closing it closes ``gen``.
scale = mdb.part


def drive(gen: Progress[T], progress: Callable[[int, int], None] | None) -> T:
    while True:
        try:
            done, total = next(gen)
        except StopIteration as stop:
            return stop.value
        if progress is not None:
            progress(done, total)
