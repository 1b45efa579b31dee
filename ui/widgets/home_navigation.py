"""Where a click on the home page goes: the enterprise list with a filter, the open
applications, one application or enterprise, the events. Each function takes the main
window (anything with ``show_page``) and returns False when the window has no such page.

Only the pages' public parts are used: the enterprise page's search box and filter bar
(``FilterBar.set_value``), the applications page's status filter and ``open_application``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker

#: The applications page's status filter entry for draft and ready (its ``OPEN_FILTER``).
OPEN_APPLICATIONS = "open"


def _page(window: Any, key: str) -> Any:
    try:
        return window.show_page(key)
    except (ValueError, StopIteration, AttributeError):
        return None


def open_enterprises(window: Any, filters: Mapping[str, Any]) -> bool:
    """The enterprise list showing exactly ``filters`` (``FilterBar.values()`` keys): no
    search text, every other filter cleared, one query."""
    page = _page(window, "enterprises")
    if page is None:
        return False
    if not page.can_leave():  # unsaved edits the user chose to keep working on
        return True
    bar = page.filters

    def apply() -> None:
        with QSignalBlocker(page.search):
            page.search.clear()
        with QSignalBlocker(bar):
            bar.clear()
            for name, value in filters.items():
                bar.set_value(name, value)
        bar.changed.emit()  # the page queries once, with every filter set

    if "zone_id" in filters and bar.zone.findData(filters["zone_id"]) < 0:
        # a page built just now is still reading its zones on the DB lane; that lane runs
        # jobs in order, so this one's answer comes after the zones are in the combo
        window.ctx.runner.run(lambda: None, on_success=lambda _r: _apply_known(bar, apply))
        return True
    apply()
    return True


def _apply_known(bar: Any, apply: Any) -> None:
    try:
        apply()
    except ValueError:  # the zone went away meanwhile: show the list unfiltered by it
        bar.changed.emit()


def open_applications(window: Any) -> bool:
    """The applications list showing the open ones (draft and ready), most urgent first."""
    page = _page(window, "applications")
    if page is None:
        return False
    if page.editing and page.can_leave():
        page.show_list()
    page.filter.clear()
    index = page.status_filter.findData(OPEN_APPLICATIONS)
    if index >= 0:
        page.status_filter.setCurrentIndex(index)
    return True


def open_application(window: Any, app_id: int) -> bool:
    page = _page(window, "applications")
    if page is None:
        return False
    page.open_application(app_id)
    return True


def open_enterprise(window: Any, enterprise_id: int) -> bool:
    """The enterprise's record on the Enterprises page (selected in the list, or loaded)."""
    page = _page(window, "enterprises")
    if page is None:
        return False
    row = page.model.row_of(enterprise_id)
    if row >= 0:
        page.table.selectRow(row)
        page.table.scrollTo(page.model.index(row, 0))
    elif page.form.maybe_discard():
        page.form.load(enterprise_id)
    return True


def open_events(window: Any) -> bool:
    return _page(window, "events") is not None


__all__ = ["open_application", "open_applications", "open_enterprise", "open_enterprises",
           "open_events"]
