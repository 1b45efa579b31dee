"""Rows first: a search shows its first rows at once, its count next, and the rest of its ids
behind them; a newer query stops the reads still running for the older one."""

from __future__ import annotations

import threading
import time

import pytest

from coop_desktop.db import stopping
from coop_desktop.services import enterprises
from coop_desktop.services.enterprises import EnterpriseQuery, ReadStopped
from tests.ui.test_enterprise_list import NAMES, firms, loaded, make_page, names, owner  # noqa: F401
from ui.models import enterprise_table
from ui.models.enterprise_table import EnterpriseTableModel


def test_a_search_shows_its_first_rows_then_its_count_then_the_rest(qtbot, ctx, firms, owner,
                                                                   monkeypatch):
    monkeypatch.setattr(enterprise_table, "SEARCH_FIRST_PAGE", 2)
    model = EnterpriseTableModel(ctx, owner)
    steps: list[tuple[str, int, int | None]] = []
    model.modelReset.connect(lambda: steps.append(("rows", model.rowCount(), model.count)))
    model.counted.connect(lambda n: steps.append(("count", model.rowCount(), n)))
    model.rowsInserted.connect(lambda *_: steps.append(("rest", model.rowCount(), model.count)))
    model.set_query(EnterpriseQuery(text="有限公司"))  # every one of the 8
    loaded(qtbot, ctx, model)
    assert steps == [("rows", 2, None), ("count", 2, 8), ("rest", 8, 8)]
    assert sorted(names(model)) == sorted(name for name, *_ in NAMES)
    assert model.complete and model.count == 8 and list(model.ids) == enterprises.ids(
        ctx.db, EnterpriseQuery(text="有限公司"))


def test_a_search_with_one_page_of_matches_is_done_in_one_step(qtbot, ctx, firms, owner):
    model = EnterpriseTableModel(ctx, owner)
    counted = []
    model.counted.connect(counted.append)
    model.set_query(EnterpriseQuery(text="hwjs"))
    loaded(qtbot, ctx, model)
    assert names(model) == ["华为技术有限公司"] and model.count == 1 and counted == []


def test_the_page_shows_the_count_before_every_id_is_in(qtbot, ctx, firms, monkeypatch):
    monkeypatch.setattr(enterprise_table, "SEARCH_FIRST_PAGE", 2)
    page = make_page(ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, ctx, page)
    release = threading.Event()
    real = enterprises.ids

    def slow_ids(db, query=None, *, stop=None):
        release.wait(5)
        return real(db, query, stop=stop)

    monkeypatch.setattr(enterprises, "ids", slow_ids)
    page.search.setText("有限公司")
    page._apply_query()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5_000)
    qtbot.waitUntil(lambda: page.count_label.text() == "8 enterprises", timeout=5_000)
    assert page.model.rowCount() == 2 and not page.model.complete  # the rest still coming
    release.set()
    loaded(qtbot, ctx, page)
    assert page.model.rowCount() == 8


def test_a_newer_query_stops_the_id_list_still_being_read_for_the_older(qtbot, ctx, firms,
                                                                       owner, monkeypatch):
    monkeypatch.setattr(enterprise_table, "SEARCH_FIRST_PAGE", 2)
    real = enterprises.ids
    stopped: list[str] = []
    reading = threading.Event()

    def ids(db, query=None, *, stop=None):
        if query is not None and query.text == "有限公司":  # a long read: until it is stopped
            reading.set()
            deadline = time.monotonic() + 10
            while not stop() and time.monotonic() < deadline:
                time.sleep(0.002)
            stopped.append(query.text)
            raise ReadStopped()
        return real(db, query, stop=stop)

    monkeypatch.setattr(enterprises, "ids", ids)
    model = EnterpriseTableModel(ctx, owner)
    model.set_query(EnterpriseQuery(text="有限公司"))
    qtbot.waitUntil(lambda: model.rowCount() == 2 and reading.is_set(), timeout=5_000)
    started = time.monotonic()
    model.set_query(EnterpriseQuery(text="宁波"))
    loaded(qtbot, ctx, model)
    assert stopped == ["有限公司"] and time.monotonic() - started < 5
    assert names(model) == ["宁波海天塑机有限公司"] and model.count == 1


# ------------------------------------------------------------------ the stoppable read itself
def test_a_read_stops_inside_sqlite_once_asked(db, firms, monkeypatch):
    monkeypatch.setattr(stopping, "STOP_CHECK_STEPS", 5)  # check often: the table is tiny
    calls = []

    def stop_after_a_few() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(ReadStopped):
        enterprises.ids(db, EnterpriseQuery(text="有限公司"), stop=stop_after_a_few)
    with pytest.raises(ReadStopped):
        enterprises.count(db, EnterpriseQuery(), stop=lambda: True)
    # the connection is fine afterwards, and a read nobody stops runs to its end
    assert len(enterprises.ids(db, EnterpriseQuery(text="有限公司"), stop=lambda: False)) == 8
    assert enterprises.count(db, EnterpriseQuery()) == 8
