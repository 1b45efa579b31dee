"""The sidebar's pages, in order.

Each entry names its page's module and class; the module is imported when the page is first
shown (``MainWindow`` builds pages lazily), so starting the app does not import the editor,
the PDF code or the other pages' widgets.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coop_desktop.i18n.catalog import N_
from ui.main_window import PageFactory

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.pages.base import Page


@dataclass(frozen=True)
class LazyPage:
    """A page factory that imports ``module`` only when called; ``key`` and ``title_msgid``
    are the page class's own (a test checks they agree)."""

    key: str
    title_msgid: str
    module: str
    cls: str

    def page_class(self) -> type[Page]:
        return getattr(importlib.import_module(self.module), self.cls)  # type: ignore[no-any-return]

    def __call__(self, ctx: AppContext) -> Page:
        return self.page_class()(ctx)


PAGES: tuple[LazyPage, ...] = (
    LazyPage("home", N_("Home"), "ui.pages.home", "HomePage"),
    LazyPage("enterprises", N_("Enterprises"), "ui.pages.enterprises", "EnterprisesPage"),
    LazyPage("zones", N_("Cooperation zones"), "ui.pages.zones", "ZonesPage"),
    LazyPage("events", N_("Events"), "ui.pages.events", "EventsPage"),
    LazyPage("applications", N_("Applications"), "ui.pages.applications", "ApplicationsPage"),
    LazyPage("glossary", N_("Glossary"), "ui.pages.glossary", "GlossaryPage"),
    LazyPage("recycle_bin", N_("Recycle bin"), "ui.pages.recycle_bin", "RecycleBinPage"),
)


def default_pages() -> list[PageFactory]:
    return list(PAGES)
