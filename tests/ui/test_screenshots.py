"""scripts/screenshots.py end to end on a tiny database: every PNG written, sized, not blank."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def screenshots():
    path = ROOT / "scripts" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("screenshots", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _colours(image: QImage) -> int:
    """Distinct colours on a 40×40 sample grid (one colour = a blank picture)."""
    seen = set()
    for y in range(0, image.height(), max(1, image.height() // 40)):
        for x in range(0, image.width(), max(1, image.width() // 40)):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_every_page_and_dialog_in_both_languages(qapp, tmp_path, screenshots):
    out = tmp_path / "shots"
    messages: list[str] = []
    code = screenshots.main(["--out", str(out), "--db", str(tmp_path / "tiny.sqlite"),
                             "--enterprises", "6"], log=messages.append)

    assert code == 0
    keys = [f.key for f in screenshots.page_factories(messages.append)]
    assert "recycle_bin" in keys
    for lang in ("en", "zh_CN"):
        for key in keys:
            image = QImage(str(out / f"{lang}-{key}.png"))
            assert not image.isNull(), f"{lang}-{key}.png"
            assert (image.width(), image.height()) == screenshots.SIZE
            assert _colours(image) > 3, f"{lang}-{key}.png is blank"
        for extra in ("settings", "about", *screenshots.DETAILS):
            image = QImage(str(out / f"{lang}-{extra}.png"))
            assert not image.isNull() and image.width() > 200 and image.height() > 100, extra
            assert _colours(image) > 3, f"{lang}-{extra}.png is blank"
    # (A page that fails to build is replaced by a placeholder and logged: its own tests
    # report that; here only the script's own work is checked.)
    assert not [m for m in messages if "did not appear" in m or "did not open" in m
                or "did not load" in m or "no draft application" in m]
    assert not [m for m in messages if "did not refuse" in m or "not found" in m
                or "not in the list" in m or "was not shown" in m]
    # every tab of the enterprise form, chosen by its key (not by a place that moves)
    from ui.widgets.enterprise_form import TAB_KEYS

    assert {f"enterprise-{k}" for k in TAB_KEYS if k != "details"} <= set(screenshots.DETAILS)


def test_reuses_an_existing_database(qapp, tmp_path, screenshots):
    from coop_desktop.services import enterprises

    db = screenshots.prepare_database(tmp_path / "demo.sqlite", 5, log=lambda m: None)
    try:
        count = enterprises.count(db)
        assert count >= 3
    finally:
        db.close()
    log: list[str] = []
    again = screenshots.prepare_database(tmp_path / "demo.sqlite", 5, log=log.append)
    try:
        assert enterprises.count(again) == count
        assert any("reusing" in m for m in log)
    finally:
        again.close()


def test_falls_back_to_the_services_without_the_demo_module(qapp, tmp_path, screenshots,
                                                            monkeypatch):
    from coop_desktop.services import enterprises, events, recycle_bin

    monkeypatch.setitem(sys.modules, "coop_desktop.demo", None)
    log: list[str] = []
    db = screenshots.prepare_database(tmp_path / "fallback.sqlite", 6, log=log.append)
    try:
        assert any("using the services" in m for m in log)
        assert enterprises.count(db) == 4  # six created, two of them put in the recycle bin
        assert events.events.list(db) and recycle_bin.items(db)
    finally:
        db.close()
