"""Benchmark of the enterprise list page on a large database (not part of the test run).

    .venv/bin/coop-desktop --db /tmp/list150k.sqlite demo --enterprises 150000   # once
    .venv/bin/python bench/ui_list.py --db /tmp/list150k.sqlite

Opens ``EnterprisesPage`` offscreen at 1280×800 and prints JSON:

- ``open``: ms to build the page (widgets, incl. the detail form; the list query starts first
  and runs meanwhile), until the first rows are painted, until every id is in, and the
  RSS growth (MB) from "database open, no window yet" to "list shown" (also measured from
  after a warm-up window with Chinese text, which takes out what any first window costs:
  the CJK font mapped, glyph caches) and after scrolling through the whole list (the row
  cache is bounded, so this stays flat);
- ``search``: per keystroke of a few typed words (broad ones too: 有限公司, co), from the query
  (what the debounce timer starts) to its first rows in the model (``rows_in_ms``: the query
  on the DB lane and the model reset) and painted (``first_rows_ms``), with p50/p95 over every
  keystroke, to its count shown, and to every id in (``total_ms``); the rows
  found, and the longest stall of the GUI event loop while the queries ran (a 5 ms ticker: a
  stall above ~50 ms would be felt);
- ``fast_typing``: the broad words typed one character every 60 ms straight into the query
  (no debounce, no waiting): each keystroke's first rows, while the previous keystroke's
  count and ids are still being read (they are stopped, so they do not hold the lane);
- ``typing``: the same words typed with 80 ms between keys through the real debounce: how many
  queries ran and the longest GUI stall;
- ``scroll``: ms per jump to a random position (includes reading a block of rows);
- ``gc``: full (generation 2) garbage collections after the page opened and the longest one.
  They run on whichever thread allocates and hold the GIL: with ~300k objects alive after
  start-up each takes 35–110 ms and is the GUI stall that remains (``--gc-freeze`` shows the
  cure);
- ``core``: the service calls alone, for comparison.

The database is opened read-only in spirit: nothing is written.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import (  # noqa: E402
    QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer, Signal,
)
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

WORDS = ("hwjs", "深圳", "精密机械", "9144", "Shenzhen tech", "有限公司", "co")
BROAD = ("有限公司", "co")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return round(ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * q // 100) - 1))], 1)


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class _Ticker(QObject):
    """Measures the longest gap between 5 ms timer ticks: how long the GUI thread was busy."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self, interval=5, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.worst = 0.0

    def start(self) -> None:
        self.worst = 0.0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.worst = max(self.worst, self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()

    def stop(self) -> float:
        self.timer.stop()
        return round(self.worst, 1)


class _PaintWatch(QObject):
    painted = Signal()

    def __init__(self, page: Any) -> None:
        super().__init__()
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self.page.model.rowCount() > 0:
            self.painted.emit()
        return False


class _StandInForm(QWidget):
    """Used only if ``ui.widgets.enterprise_form`` cannot be imported."""

    saved = Signal(int)
    dirty_changed = Signal(bool)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_id: int | None = None
        QVBoxLayout(self).addWidget(QLabel("form"))

    def load(self, enterprise_id: int | None) -> None:
        self.current_id = enterprise_id

    def is_dirty(self) -> bool:
        return False

    def save(self) -> None:
        pass

    def maybe_discard(self) -> bool:
        return True


def wait_until(condition: Any, timeout_ms: int = 60_000) -> None:
    """Run the event loop until ``condition()``, looking every millisecond. The loop sleeps
    in between, as the app's does: a GUI thread spinning in Python (``processEvents`` in a
    ``while``) holds the GIL, and the DB lane then waits up to the 5 ms switch interval each
    time it wants it back, which made every query look several times slower than it is."""
    if condition():
        return
    loop = QEventLoop()
    timed_out: list[bool] = []
    check = QTimer(interval=1, timerType=Qt.TimerType.PreciseTimer)
    check.timeout.connect(lambda: condition() and loop.quit())
    QTimer.singleShot(timeout_ms, lambda: (timed_out.append(True), loop.quit()))
    check.start()
    loop.exec()
    check.stop()
    if timed_out and not condition():
        raise TimeoutError("benchmark step timed out")


def pump(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--language", default="zh_CN")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() once the page is open (what ui/app.py could do after "
                             "building the window): full collections then skip start-up objects")
    parser.add_argument("--stand-in-form", action="store_true",
                        help="use a bare stand-in for the detail form (measures the list alone)")
    args = parser.parse_args()

    from coop_desktop.services import enterprises, open_database
    from coop_desktop.services.enterprises import EnterpriseQuery
    from coop_desktop.settings import AppSettings
    from ui.app import application
    from ui.context import AppContext, ChangeHub
    from ui.i18n import UiLanguage
    from ui.models import enterprise_table
    from ui.pages.enterprises import EnterprisesPage
    from ui.tasks import TaskRunner

    app = application()
    db, _report = open_database(args.db, sync_reference=False)
    lang = UiLanguage(app, args.language)
    runner = TaskRunner(lambda: lang.tr, app)
    ctx = AppContext(db=db, runner=runner, lang=lang, settings=AppSettings(), hub=ChangeHub(app))
    try:
        if args.stand_in_form:
            raise ImportError
        from ui.widgets.enterprise_form import EnterpriseForm  # noqa: F401

        form_factory = None
        form = "EnterpriseForm"
    except ImportError:
        form_factory, form = _StandInForm, "stand-in"
    total = enterprises.count(db)
    pump(50)
    rss_cold = rss_mb()
    # What any window of the app pays once (CJK font mapped, glyph caches, a backing store),
    # so that the second figure is the list's own cost.
    warm = QTableWidget(3, 3)
    for r in range(3):
        for c in range(3):
            warm.setItem(r, c, QTableWidgetItem("华为技术有限公司 Huawei 1,234"))
    warm.resize(1280, 800)
    warm.show()
    warm.grab()
    pump(50)
    warm.close()
    warm.deleteLater()
    pump(50)
    rss_before = rss_mb()

    # ---------------------------------------------------------------- open
    start = time.perf_counter()
    page = EnterprisesPage(ctx, form_factory=form_factory)
    built_ms = (time.perf_counter() - start) * 1000
    watch = _PaintWatch(page)
    page.table.viewport().installEventFilter(watch)
    first_paint: list[float] = []
    watch.painted.connect(lambda: first_paint or first_paint.append(time.perf_counter()))
    page.resize(1280, 800)
    page.show()
    wait_until(lambda: bool(first_paint))
    first_ms = (first_paint[0] - start) * 1000
    wait_until(lambda: not page.busy and not runner.busy)
    complete_ms = (time.perf_counter() - start) * 1000
    pump(100)
    rss_open = rss_mb()
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    collections: list[float] = []
    gc_start: list[float] = []

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            gc_start.append(time.perf_counter())
        elif gc_start:
            collections.append((time.perf_counter() - gc_start.pop()) * 1000)

    gc.callbacks.append(on_gc)

    # ---------------------------------------------------------------- scroll
    rng = random.Random(1)
    jumps = []
    for _ in range(40):
        row = rng.randrange(page.model.rowCount())
        t = time.perf_counter()
        page.table.scrollTo(page.model.index(row, 0))
        page.table.viewport().repaint()
        jumps.append((time.perf_counter() - t) * 1000)
    page.table.scrollToBottom()
    page.table.viewport().repaint()
    rss_scrolled = rss_mb()

    # ---------------------------------------------------------------- search, per keystroke
    ticker = _Ticker()
    keystrokes = []
    stalls = []
    for word in WORDS:
        page.search.clear()
        page._apply_query()
        wait_until(lambda: not page.busy and not runner.busy)
        typed = ""
        for ch in word:
            typed += ch
            page.search.setText(typed)
            page._search_timer.stop()  # the query starts here, as the debounce would start it
            if page._query() == page.model.query:
                continue  # a trailing space: the same query, nothing runs
            ticker.start()
            model = page.model
            marks: dict[str, float] = {}
            painted = watch.painted.connect(
                lambda: "reset" in marks and marks.setdefault("rows", time.perf_counter()))
            reset = model.modelReset.connect(
                lambda: marks.setdefault("reset", time.perf_counter()))
            t0 = time.perf_counter()
            page._apply_query()  # what the debounce timer calls
            wait_until(lambda: "reset" in marks)
            page.table.viewport().repaint()  # paints now if nothing did yet
            marks.setdefault("rows", time.perf_counter())
            wait_until(lambda: model.count is not None)
            marks["count"] = time.perf_counter()
            wait_until(lambda: not page.busy and not runner.busy)
            model.modelReset.disconnect(reset)
            watch.painted.disconnect(painted)
            done = time.perf_counter()
            stall = ticker.stop()
            stalls.append(stall)
            keystrokes.append({"text": typed, "rows": model.count,
                               "rows_in_ms": round((marks["reset"] - t0) * 1000, 1),
                               "first_rows_ms": round((marks["rows"] - t0) * 1000, 1),
                               "count_ms": round((marks["count"] - t0) * 1000, 1),
                               "total_ms": round((done - t0) * 1000, 1), "gui_stall_ms": stall})
    # the GUI part of a result: a model reset with the largest result we saw
    page.search.clear()
    page._apply_query()
    wait_until(lambda: not page.busy and not runner.busy)
    big = enterprises.list_page(db, EnterpriseQuery(), limit=enterprise_table.FIRST_PAGE)
    t = time.perf_counter()
    page.model._on_first(page.model._gen, page.model.query,
                         enterprise_table._First(big.rows, None, total))
    page.table.viewport().repaint()
    reset_ms = (time.perf_counter() - t) * 1000
    ids = enterprises.ids(db)
    t = time.perf_counter()
    page.model._on_rest(page.model._gen, ids)
    page.table.viewport().repaint()
    append_ms = (time.perf_counter() - t) * 1000
    wait_until(lambda: not page.busy and not runner.busy)

    # ---------------------------------------------------------------- fast typing, no waiting
    fast = []
    for word in BROAD:
        page.search.clear()
        page._apply_query()
        wait_until(lambda: not page.busy and not runner.busy)
        typed = ""
        for ch in word:
            typed += ch
            page.search.setText(typed)
            page._search_timer.stop()
            if page._query() == page.model.query:
                continue
            model = page.model
            got: list[float] = []
            reset = model.modelReset.connect(lambda: got.append(time.perf_counter()))
            t0 = time.perf_counter()
            page._apply_query()
            wait_until(lambda: bool(got))
            model.modelReset.disconnect(reset)
            fast.append({"text": typed, "first_rows_ms": round((got[0] - t0) * 1000, 1)})
            pump(max(0, 60 - int((time.perf_counter() - t0) * 1000)))  # the next key, 60 ms on
        wait_until(lambda: not page.busy and not runner.busy)

    # ---------------------------------------------------------------- real typing with debounce
    page.search.clear()
    wait_until(lambda: not page.busy and not runner.busy)
    before = page.model._gen
    page.search.setFocus()
    ticker.start()
    for word in ("hwjs", " 精密"):
        for ch in word:
            if ch.isascii():
                QTest.keyClicks(page.search, ch)
            else:  # what an input method commits
                page.search.insert(ch)
            pump(80)
    wait_until(lambda: not page.busy and not runner.busy)
    typing = {"keys": len("hwjs 精密"), "queries": page.model._gen - before,
              "worst_gui_stall_ms": ticker.stop(), "rows": page.model.count}

    # ---------------------------------------------------------------- core calls alone
    def timed(fn: Any) -> float:
        best = 1e9
        for _ in range(3):
            t = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t)
        return round(best * 1000, 1)

    core = {
        "list_page_200_ms": timed(lambda: enterprises.list_page(db, EnterpriseQuery(), limit=200)),
        "ids_all_by_name_ms": timed(lambda: enterprises.ids(db, EnterpriseQuery())),
        "ids_all_by_updated_ms": timed(
            lambda: enterprises.ids(db, EnterpriseQuery(sort="updated_at"))),
        "count_all_ms": timed(lambda: enterprises.count(db)),
        "summaries_100_ms": timed(lambda: enterprises.summaries(db, ids[70_000:70_100])),
    }

    result = {
        "db": str(args.db), "enterprises": total, "language": args.language, "form": form,
        "open": {
            "page_built_ms": round(built_ms, 1),
            "first_rows_painted_ms": round(first_ms, 1),
            "first_rows_after_page_built_ms": round(first_ms - built_ms, 1),
            "all_ids_in_ms": round(complete_ms, 1),
            "rss_growth_open_mb": round(rss_open - rss_cold, 1),
            "rss_growth_open_after_qt_warm_up_mb": round(rss_open - rss_before, 1),
            "rss_growth_after_scrolling_mb": round(rss_scrolled - rss_cold, 1),
            "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "cached_rows": len(page.model._cache),
        },
        "scroll": {"jumps": len(jumps), "median_ms": round(statistics.median(jumps), 1),
                   "max_ms": round(max(jumps), 1)},
        "search": {
            "rows_in_model_p50_ms": percentile([k["rows_in_ms"] for k in keystrokes], 50),
            "rows_in_model_p95_ms": percentile([k["rows_in_ms"] for k in keystrokes], 95),
            "first_rows_p50_ms": percentile([k["first_rows_ms"] for k in keystrokes], 50),
            "first_rows_p95_ms": percentile([k["first_rows_ms"] for k in keystrokes], 95),
            "first_rows_max_ms": max(k["first_rows_ms"] for k in keystrokes),
            "broad_first_rows_p95_ms": percentile(
                [k["first_rows_ms"] for k in keystrokes if k["text"] in BROAD or any(
                    w.startswith(k["text"]) for w in BROAD)], 95),
            "count_p95_ms": percentile([k["count_ms"] for k in keystrokes], 95),
            "keystrokes": keystrokes,
            "median_keystroke_ms": round(statistics.median(k["total_ms"] for k in keystrokes), 1),
            "max_keystroke_ms": round(max(k["total_ms"] for k in keystrokes), 1),
            "worst_gui_stall_ms": max(stalls),
            "gui_apply_first_page_ms": round(reset_ms, 1),
            "gui_append_all_rows_ms": round(append_ms, 1),
        },
        "fast_typing": {"keystrokes": fast,
                        "first_rows_p95_ms": percentile([k["first_rows_ms"] for k in fast], 95)},
        "typing": typing,
        "gc": {"frozen": bool(args.gc_freeze), "tracked_objects": len(gc.get_objects()),
               "full_collections": len(collections),
               "longest_full_collection_ms": round(max(collections, default=0.0), 1)},
        "core": core,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    page.close()
    runner.wait()
    db.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip PySide's teardown: nothing is left to save
