"""The sidebar's pages, in order."""

from __future__ import annotations

from ui.main_window import PageFactory


def default_pages() -> list[PageFactory]:
    from ui.pages.applications import ApplicationsPage
    from ui.pages.enterprises import EnterprisesPage
    from ui.pages.events import EventsPage
    from ui.pages.glossary import GlossaryPage
    from ui.pages.recycle_bin import RecycleBinPage
    from ui.pages.zones import ZonesPage

    return [EnterprisesPage, ZonesPage, EventsPage, ApplicationsPage, GlossaryPage,
            RecycleBinPage]
