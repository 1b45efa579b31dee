"""Screenshots of every sidebar page, the Settings dialog and the About box, in both languages.

    .venv/bin/python scripts/screenshots.py [--out screenshots/] [--db PATH] [--enterprises N]
                                            [--lang en zh_CN] [--no-details]

Builds a demo database at ``--db`` (default ``.demo/screenshots.sqlite``) or reuses it if it
already holds enterprises: ``coop_desktop.demo.generate`` when available, otherwise ~50
enterprises through the services; then a few events and recycle-bin entries are added so
that no page is empty. Opens the real main window (``ui.app.build_window``) offscreen at
1280×800 and writes ``<lang>-<page key>.png`` for every page of
``ui.pages.registry.default_pages()``, plus ``<lang>-settings.png`` and ``<lang>-about.png``.

Then the states a reviewer must see but a page shot misses (skipped with ``--no-details``;
see :data:`DETAILS`): the enterprise form's tabs for the enterprise with the most attached
records, every tab by its key (``<lang>-enterprise-titles.png``, ``-years``, ``-assessment``,
``-contacts``, ``-interactions``, ``-zones``, ``-history``; if its history holds only
"created" rows, one edit is made to it first), the form refusing an invalid USCC
(``-enterprise-invalid.png``), the column chooser and a filter dropdown drawn over the
window (``-enterprise-columns.png``, ``-enterprise-filter.png``), a zone marked "to be
verified" and the same form scrolled down to its approval document and sources
(``-zone-note.png``, ``-zone-sources.png``) and the Add participant dialog with a search
done and an enterprise picked (``-participant.png``). For the applications: the bilingual
editor on the draft with the most text, a section focused (terms, translation memory) and
each side panel (``-application-editor``, ``-checks``, ``-attachments``), the find bar
(``-application-find``), its PDF menu
open (``-application-pdf-menu``), its details dialog (``-application-details``), the New application dialog with a search done
(``-application-new``), the revision diff of an application with two revisions
(``-application-diff``), the PDF export dialog and the print preview
(``-application-pdf-export``, ``-application-pdf-preview``); and the glossary's Add term
dialog (``-glossary-term``).

The script never touches the user's settings: window state goes to a throwaway QSettings
folder and the Settings dialog is only looked at, never accepted. A page that fails to
build, or a page module that does not exist yet, is reported and replaced by a placeholder,
so the script works while screens are still being written.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QPoint, QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView, QApplication, QLabel, QMenu, QMessageBox, QScrollArea, QVBoxLayout,
    QWidget,
)

from coop_desktop.db import Database  # noqa: E402
from coop_desktop.services import open_database  # noqa: E402
from coop_desktop.settings import AppSettings  # noqa: E402

SIZE = (1280, 800)
LANGUAGES = ("en", "zh_CN")
#: The enterprise form's tabs shot (by key, ``EnterpriseForm.show_tab``: their places moved
#: when the SRDI tabs came); the details tab is the page shot.
ENTERPRISE_TABS = ("titles", "years", "assessment", "contacts", "interactions", "zones",
                   "history")
#: The extra shots (``<lang>-<name>.png``) besides the pages, Settings and About.
DETAILS = tuple(f"enterprise-{t}" for t in ENTERPRISE_TABS) + (
    "enterprise-invalid", "enterprise-columns", "enterprise-filter", "zone-note",
    "zone-sources", "participant") + tuple(f"application-{n}" for n in (
        "editor", "checks", "attachments", "find", "pdf-menu", "details", "new", "diff", "pdf-export",
        "pdf-preview")) + ("glossary-term",)
#: A USCC of the right shape whose check character is wrong (…0 where …R is right).
INVALID_USCC = "91320594MA1MX4KQ30"
#: The zone shown with its "to be verified" mark: a "probable" one.
NOTE_ZONE = "cn-eu-jiangmen"
DEFAULT_DB = ROOT / ".demo" / "screenshots.sqlite"
#: The officer in the settings, also the author of the demo records (their history).
OFFICER = "张明"
Log = Callable[[str], None]


# ---------------------------------------------------------------- demo data
_CITIES = (("320500", "苏州", "Suzhou"), ("440300", "深圳", "Shenzhen"),
           ("330100", "杭州", "Hangzhou"), ("370200", "青岛", "Qingdao"),
           ("420100", "武汉", "Wuhan"), ("510100", "成都", "Chengdu"))
_WORDS = (("瑞丰", "Ruifeng"), ("云帆", "Yunfan"), ("恒通", "Hengtong"), ("华创", "Huachuang"),
          ("精工", "Jinggong"), ("海纳", "Haina"), ("启明", "Qiming"), ("安泰", "Antai"),
          ("博远", "Boyuan"), ("新材", "Xincai"))
_TRADES = (("精密机械", "Precision Machinery", "industry"),
           ("智能装备", "Intelligent Equipment", "industry"),
           ("新材料科技", "New Materials Technology", "industry"),
           ("软件", "Software", "software_it"), ("医疗器械", "Medical Devices", "industry"))


def _uscc(rng: random.Random, region: str, used: set[str]) -> str:
    from coop_desktop.validation import USCC_CHARSET, uscc_check_char

    while True:
        body = "91" + region + "".join(rng.choice(USCC_CHARSET[:10] + "ABCDEFGH") for _ in range(9))
        code = body + uscc_check_char(body)
        if code not in used:
            used.add(code)
            return code


def _fill_with_services(db: Database, count: int) -> None:
    """The fallback when ``coop_desktop.demo`` is missing: plain service calls."""
    from coop_desktop import rules
    from coop_desktop.services import enterprises
    from coop_desktop.services.catalog import contacts, interactions, titles, zone_links, zones

    rng = random.Random(1)
    used: set[str] = set()
    zone_ids = [z.id for z in zones.list(db)]
    names: set[str] = set()
    for i in range(count):
        code, city_zh, city_en = _CITIES[i % len(_CITIES)]
        word_zh, word_en = _WORDS[(i // len(_CITIES)) % len(_WORDS)]
        trade_zh, trade_en, industry = _TRADES[i % len(_TRADES)]
        name = f"{city_zh}{word_zh}{trade_zh}有限公司"
        if name in names:
            name = f"{city_zh}{word_zh}{trade_zh}股份有限公司"
        names.add(name)
        industry = industry if industry in rules.INDUSTRIES else rules.INDUSTRIES[0]
        firm = enterprises.create(db, {
            "name_zh": name, "name_en": f"{city_en} {word_en} {trade_en} Co., Ltd.",
            "uscc": _uscc(rng, code, used), "city_code": code, "industry": industry,
            "employees": rng.randint(20, 900), "revenue_fen": rng.randint(5, 900) * 1_000_000_00,
            "total_assets_fen": rng.randint(5, 900) * 1_000_000_00,
            "established_on": date(2005 + i % 15, 1 + i % 12, 1 + i % 27),
            "target_countries": rng.sample(["DE", "MY", "TH", "AE", "HU", "VN"], 2),
        }).value
        if i % 2 == 0:
            tier = ("srdi", "innovative", "little_giant")[i % 3]
            if tier == "little_giant":  # the ladder: the SRDI title first
                titles.create(db, {"enterprise_id": firm.id, "tier": "srdi",
                                   "level": "provincial", "granted_on": date(2021, 6, 1)})
            titles.create(db, {"enterprise_id": firm.id, "tier": tier,
                               "level": "national" if tier == "little_giant" else "provincial",
                               "granted_on": date(2023, 6, 1)})
        contacts.create(db, {"enterprise_id": firm.id, "name": ("李伟", "王芳", "张敏")[i % 3],
                             "role": "海外业务经理", "phone": "0512-6688 1234"})
        interactions.create(db, {"enterprise_id": firm.id, "kind": "visit",
                                 "occurred_on": date(2025, 1 + i % 12, 10)})
        if zone_ids and i % 3 == 0:
            zone_links.create(db, {"enterprise_id": firm.id,
                                   "zone_id": zone_ids[i % len(zone_ids)]})


def _add_events(db: Database) -> None:
    from coop_desktop.services import enterprises, events
    from coop_desktop.services.catalog import zones

    if events.events.list(db):
        return
    all_zones = zones.list(db)
    firms = enterprises.ids(db)[:6]
    plans = (("中德中小企业精准对接会", "Sino-German SME Matchmaking", "matchmaking", "DE"),
             ("中马产能合作投融资路演", "China–Malaysia Investment Roadshow", "financing", "MY"),
             ("出海合规实务培训", "Compliance Training for Going Abroad", "training", None),
             ("赴匈牙利经贸考察团", "Trade Delegation to Hungary", "delegation", "HU"))
    for n, (zh, en, kind, country) in enumerate(plans):
        # a zone that works with the event's country (none for a training at home)
        zone = next((z for z in all_zones if country and country in z.partner_countries), None)
        ev = events.events.create(db, {
            "name_zh": zh, "name_en": en, "kind": kind, "partner_country": country,
            "starts_on": date.today() + timedelta(days=30 * n - 40),
            "place_zh": "苏州", "place_en": "Suzhou",
            "zone_id": zone.id if zone else None}).value
        for firm in firms[n: n + 3]:
            events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm,
                                        "contacts_made": 2 + n, "agreements": n % 2})


def _fill_bin(db: Database) -> None:
    """A few records of several kinds in the recycle bin, one of them a child of a
    recycled enterprise (shown as such)."""
    from coop_desktop.services import enterprises, events, recycle_bin
    from coop_desktop.services.catalog import contacts, glossary, titles, zone_links

    if recycle_bin.items(db):
        return
    ids = enterprises.ids(db)
    if len(ids) < 4:
        return
    with_contacts = [i for i in ids if contacts.list(db, enterprise_id=i)]
    gone = with_contacts[-2:] if len(with_contacts) >= 3 else ids[-2:]
    for firm in (ids[0], gone[-1]):  # the second one's enterprise goes to the bin too
        contacts.delete(db, [c.id for c in contacts.list(db, enterprise_id=firm)[:1]])
    for kind in (titles, zone_links):  # the first one found of each
        first = next((r for f in ids[1:] for r in kind.list(db, enterprise_id=f)), None)
        if first is not None:
            kind.delete(db, [first.id])
    for event in events.events.list(db)[:1]:
        events.remove_participants(db, [p.id for p in events.participants(db, event.id)[:1]])
    glossary.delete(db, [t.id for t in glossary.list(db)[:1]])
    enterprises.delete(db, gone)


def prepare_database(path: Path, enterprises_wanted: int, log: Log) -> Database:
    """Open ``path``, filling it with demo data unless it already holds enterprises."""
    from coop_desktop.services import enterprises

    path.parent.mkdir(parents=True, exist_ok=True)
    db, _report = open_database(path, actor=OFFICER)
    if enterprises.count(db) == 0:
        started = time.monotonic()
        try:
            demo = importlib.import_module("coop_desktop.demo")
            demo.generate(db, enterprises=enterprises_wanted, seed=1)
        except Exception as exc:  # noqa: BLE001 - the demo module is optional here
            log(f"coop_desktop.demo unavailable ({exc!r}); using the services instead")
            _fill_with_services(db, enterprises_wanted)
        _add_events(db)
        _fill_bin(db)
        log(f"demo database {path} built in {time.monotonic() - started:.1f} s")
    else:
        log(f"reusing {path}")
    return db


def showcase_enterprise(db: Database, log: Log) -> int | None:
    """The enterprise whose form tabs are shot: among the first rows of the list (default
    order), the one with rows in the most of titles / contacts /
    interactions / zone links / yearly figures.
    Its history gets one real edit if it holds only "created" rows (demo data writes one
    audit row per record), so the History tab shows old → new values; with no zone link
    (few demo enterprises have one) it is linked to a zone, so the Zones tab shows a row."""
    from datetime import date

    from coop_desktop.services import enterprises, srdi_years
    from coop_desktop.services.catalog import contacts, interactions, titles, zone_links, zones

    best: tuple[int, int, int] | None = None
    for enterprise_id in enterprises.ids(db)[:200]:
        counts = [len(kind.list(db, enterprise_id=enterprise_id))
                  for kind in (titles, contacts, interactions, zone_links)]
        counts.append(len(srdi_years.for_enterprise(db, enterprise_id)))  # (and assessed)
        score = (sum(1 for c in counts if c), sum(counts), -enterprise_id)
        if best is None or score > best:
            best = score
            chosen = enterprise_id
    if best is None:
        return None
    if all(entry.field is None for entry in enterprises.history(db, chosen)):
        record = enterprises.get(db, chosen)
        markets = list(dict.fromkeys([*record.target_countries, "DE", "HU"]))[:4]
        enterprises.update(db, chosen, {"employees": (record.employees or 40) + 15,
                                        "target_countries": markets})
        log(f"showcase enterprise {chosen}: one edit made for its history")
    if not zone_links.list(db, enterprise_id=chosen):
        zone = next((z for z in zones.list(db) if z.source_key == "cn-eu-nanjing"),
                    None) or next(iter(zones.list(db)), None)
        if zone is not None:
            zone_links.create(db, {"enterprise_id": chosen, "zone_id": zone.id,
                                   "status": "applied", "status_since": date(2025, 9, 1),
                                   "applied_on": date(2025, 9, 1),
                                   "notes": "已提交入区申请材料，待管委会审核"})
            log(f"showcase enterprise {chosen}: linked to a zone")
    return chosen


# ---------------------------------------------------------------- pages
class _Placeholder:
    """A factory for a page that could not be built: shows why, keeps the run going."""

    def __init__(self, key: str, title: str, reason: str) -> None:
        self.key, self.title, self.reason = key, title, reason

    def __call__(self, ctx: object) -> QWidget:
        from ui.pages.base import Page

        page = Page(ctx)  # type: ignore[arg-type]
        page.setObjectName(self.key)
        page.key, page.title_msgid = self.key, self.title
        label = QLabel(self.reason)
        label.setWordWrap(True)
        QVBoxLayout(page).addWidget(label)
        return page


def _guarded(factory: Callable[..., QWidget], log: Log) -> Callable[..., QWidget]:
    def build(ctx: object) -> QWidget:
        try:
            return factory(ctx)
        except Exception as exc:  # noqa: BLE001 - someone else's page is half-written
            key = getattr(factory, "key", getattr(factory, "__name__", "page"))
            log(f"page {key} failed to build: {exc!r}")
            return _Placeholder(key, getattr(factory, "title_msgid", key), repr(exc))(ctx)

    build.key = getattr(factory, "key", "page")  # type: ignore[attr-defined]
    return build


def page_factories(log: Log) -> list[Any]:
    """``default_pages()``; if a page module is missing, the ones that exist, in its order."""
    from ui.pages import registry

    try:
        factories: list[Any] = list(registry.default_pages())
    except ImportError as exc:
        log(f"default_pages() failed ({exc}); using the page modules that exist")
        factories = _existing_pages(registry)
    return [_guarded(f, log) for f in factories]


def _existing_pages(registry: object) -> list[Callable[..., QWidget]]:
    import ui.pages
    from ui.pages.base import Page

    source = Path(registry.__file__).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    returned = re.search(r"return\s*\[([^\]]*)\]", source)
    order = [n.strip() for n in returned.group(1).split(",")] if returned else []
    found: dict[str, type[Page]] = {}
    for info in pkgutil.iter_modules(ui.pages.__path__):
        if info.name in ("base", "registry"):
            continue
        try:
            module = importlib.import_module(f"ui.pages.{info.name}")
        except Exception:  # noqa: BLE001, S112 - a module being written right now
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Page) and value is not Page \
                    and value.__module__ == module.__name__:
                found[value.__name__] = value
    ranked = sorted(found, key=lambda n: (order.index(n) if n in order else len(order), n))
    return [found[n] for n in ranked]


# ---------------------------------------------------------------- driving the window
def settle(app: QApplication, ctx: object | None = None, msecs: int = 150) -> None:
    """Let queued work finish: the DB lane, its callbacks, layouts and paints."""
    deadline = time.monotonic() + 10
    while True:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        runner = getattr(ctx, "runner", None)
        if runner is None or not runner.busy or time.monotonic() > deadline:
            break
        runner.wait(100)
    end = time.monotonic() + msecs / 1000
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)


def _main_view(page: QWidget) -> QAbstractItemView | None:
    """The page's biggest visible list or table (its record list)."""
    views = [v for v in page.findChildren(QAbstractItemView)
             if v.isVisibleTo(page) and v.model() is not None and v.objectName() != "sidebar"]
    views = [v for v in views if type(v).__name__ not in ("QListView",) or v.width() > 200]
    if not views:
        return None
    return max(views, key=lambda v: v.width() * v.height())


def select_first_row(page: QWidget) -> bool:
    view = _main_view(page)
    if view is None:
        return False
    model = view.model()
    if model.rowCount() == 0 and model.canFetchMore(view.rootIndex()):
        model.fetchMore(view.rootIndex())
    if model.rowCount() == 0:
        return False
    view.setCurrentIndex(model.index(0, 0))
    flags = view.selectionModel().SelectionFlag
    view.selectionModel().select(model.index(0, 0), flags.ClearAndSelect | flags.Rows)
    return True


def _report_popups(app: QApplication, log: Log, where: str) -> None:
    """Error boxes that pages opened (non-blocking ``open()``): report and close them."""
    for widget in app.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            log(f"{where}: a message box was open: {widget.text()!r}")
            widget.close()


def _grab(widget: QWidget, path: Path, log: Log) -> None:
    pixmap = widget.grab()
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    log(f"wrote {path.name} ({pixmap.width()}×{pixmap.height()})")


def _grab_with_popups(window: QWidget, popups: Sequence[QWidget], path: Path, log: Log) -> None:
    """The window with its open popups (menus, combo lists) painted where they are."""
    pixmap = window.grab()
    painter = QPainter(pixmap)
    origin = window.mapToGlobal(QPoint(0, 0))
    for popup in popups:
        painter.drawPixmap(popup.mapToGlobal(QPoint(0, 0)) - origin, popup.grab())
    painter.end()
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    log(f"wrote {path.name} ({pixmap.width()}×{pixmap.height()}, {len(popups)} popup(s))")


def _popups(app: QApplication) -> list[QWidget]:
    return [w for w in app.topLevelWidgets()
            if w.isVisible() and (isinstance(w, QMenu) or "ComboBox" in type(w).__name__
                                  or w.inherits("QComboBoxPrivateContainer"))]


def shoot_details(app: QApplication, window: Any, language: str, out: Path, log: Log,
                  showcase: int | None) -> list[Path]:
    """The extra shots of :data:`DETAILS` (each one skipped, and logged, if not possible)."""
    ctx = window.ctx
    written: list[Path] = []

    def save(name: str, widget: QWidget | None = None) -> None:
        settle(app, ctx, 40)  # what is shown was loaded already: only layouts are pending
        path = out / f"{language}-{name}.png"
        _grab(widget or window, path, log)
        written.append(path)

    # -- the enterprise form: its tabs, then an invalid USCC refused
    page = window.show_page("enterprises")
    settle(app, ctx)
    form = page.form
    row = page.model.row_of(showcase)
    if row >= 0:
        page.table.selectRow(row)
        page.table.scrollTo(page.model.index(row, 0))
        settle(app, ctx, 250)
    else:
        log(f"{language}: the showcase enterprise is not in the list")
    for tab in ENTERPRISE_TABS:
        page_shown = form.show_tab(tab)
        settle(app, ctx, 60)  # (the assessment is worked out when its tab shows)
        if page_shown.property("tabKey") != tab or form.tabs.currentWidget() is not page_shown:
            log(f"{language}: the {tab} tab was not shown")
        save(f"enterprise-{tab}")
    form.show_tab("details")
    uscc = form.details.fields["uscc"]
    uscc.setFocus()
    uscc.selectAll()
    QTest.keyClicks(uscc, INVALID_USCC)
    form.save()
    settle(app, ctx, 40)
    if not form.summary.isVisible():
        log(f"{language}: the form did not refuse the invalid USCC")
    save("enterprise-invalid")
    form.revert()
    page.table.setFocus()  # not the USCC field: the next shots show no typing

    # -- the column chooser and a filter dropdown, drawn over the window
    header = page.table.horizontalHeader()
    page._column_menu(QPoint(header.sectionViewportPosition(1) + 20, header.height() // 2))
    settle(app, ctx, 40)
    menus = _popups(app)
    _grab_with_popups(window, menus, out / f"{language}-enterprise-columns.png", log)
    written.append(out / f"{language}-enterprise-columns.png")
    for menu in menus:
        menu.close()
    combo = page.filters.industry
    combo.showPopup()
    settle(app, ctx, 40)
    _grab_with_popups(window, _popups(app), out / f"{language}-enterprise-filter.png", log)
    written.append(out / f"{language}-enterprise-filter.png")
    combo.hidePopup()

    # -- a zone the sources do not fully confirm (its small mark); the form scrolled to
    #    its approval document and sources
    page = window.show_page("zones")
    settle(app, ctx)
    row = next((i for i, z in enumerate(page.model.rows) if z.source_key == NOTE_ZONE), -1)
    if row >= 0:
        page._select_source_row(row)
    else:
        log(f"{language}: zone {NOTE_ZONE} not found")
    save("zone-note")
    scroll = page.form.parentWidget().parentWidget()
    if isinstance(scroll, QScrollArea):
        scroll.ensureWidgetVisible(page.form.source, 0, 40)
    save("zone-sources")
    if isinstance(scroll, QScrollArea):
        scroll.verticalScrollBar().setValue(0)

    # -- the Add participant dialog, a search done and an enterprise picked
    page = window.show_page("events")
    settle(app, ctx)
    dialog = page.add_participant()
    if dialog is None:
        log(f"{language}: no event to add a participant to")
        return written + shoot_applications(app, window, language, out, log)
    dialog.search.setText("科技")
    dialog.picker.run_search()  # now, not after the pause in typing the dialog waits for
    settle(app, ctx, 40)
    if dialog.results.count():
        dialog.results.setCurrentRow(0)
    dialog.contacts_made.setText("3")
    dialog.agreements.setText("1")
    dialog.amount.setText("125万")
    save("participant", dialog)
    dialog.reject()
    settle(app, ctx, 50)
    return written + shoot_applications(app, window, language, out, log)


def _ensure_revised_application(db: Database, log: Log) -> None:
    """A tiny demo may have no application submitted twice: submit one, start revision 2,
    change a figure and submit again (through the services, as an officer would)."""
    from coop_desktop.services import applications

    rows = applications.list_applications(db)
    if any(a.revision >= 2 for a in rows):
        return
    order = {"submitted": 0, "ready": 1, "draft": 2}
    candidates = sorted((a for a in rows if a.status in order), key=lambda a: order[a.status])
    if not candidates:
        return
    app_id = candidates[0].id

    def submit() -> None:
        found = applications.open_errors(applications.check(db, app_id))
        applications.ignore_issues(db, app_id, [(s.key, i.key) for s, i in found],
                                   "Checked by the officer.")
        if applications.get(db, app_id).status == "draft":
            applications.set_status(db, app_id, "ready")
        applications.set_status(db, app_id, "submitted")

    if applications.get(db, app_id).status != "submitted":
        submit()
    applications.new_revision(db, app_id)
    section = max(applications.sections(db, app_id), key=lambda s: len(s.zh or ""))
    applications.update_section(db, app_id, section.key, zh=(section.zh or "") + "\n（第2版补充说明）",
                                en=(section.en or "") + "\n(Added in revision 2.)")
    submit()
    log(f"application {app_id}: submitted twice, for the revision diff")


def _showcase_application(db: Database) -> tuple[int | None, int | None]:
    """(the draft with the most text, an application with two revisions or more)."""
    from coop_desktop.services import applications

    rows = applications.list_applications(db)
    drafts = [a for a in rows if a.status == "draft"]

    def text_size(app_id: int) -> int:
        return sum(len(s.zh or "") + len(s.en or "") for s in applications.sections(db, app_id))

    draft = max(drafts, key=lambda a: (text_size(a.id), -a.id), default=None)
    revised = next((a for a in rows if a.revision >= 2), None)
    return (draft.id if draft else None), (revised.id if revised else None)


def _wait_for(app: QApplication, ctx: Any, ready: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            return False
        settle(app, ctx, 50)
    return True


def shoot_applications(app: QApplication, window: Any, language: str, out: Path, log: Log
                       ) -> list[Path]:
    """The application editor, its panels and dialogs (see the module docstring)."""
    from ui.widgets import pdf_export

    ctx = window.ctx
    written: list[Path] = []

    def save(name: str, widget: QWidget | None = None, popups: Sequence[QWidget] = ()) -> None:
        settle(app, ctx, 60)
        path = out / f"{language}-{name}.png"
        if popups:
            _grab_with_popups(widget or window, popups, path, log)
        else:
            _grab(widget or window, path, log)
        written.append(path)

    _ensure_revised_application(ctx.db, log)
    draft_id, revised_id = _showcase_application(ctx.db)
    page = window.show_page("applications")
    settle(app, ctx)
    if draft_id is None:
        log(f"{language}: no draft application to show")
        return written
    editor = page.editor
    page.open_application(draft_id)
    if not _wait_for(app, ctx, lambda: editor.app_id == draft_id and not editor.busy):
        log(f"{language}: the editor did not load application {draft_id}")
        return written
    from ui.widgets.tm_panel import lookup

    def best_match(row: Any) -> float:
        """The translation memory's best offer for the row short of an exact one (a fuzzy
        match shows its differences)."""
        text = row.zh.text()
        scores = [f.match.score for f in lookup(ctx.db, text, 0) if f.match.score < 99]
        return max(scores, default=0.0) if text else -1

    focus = max(editor.rows.values(), key=best_match, default=None)
    if focus is not None:
        window.activateWindow()
        focus.zh.setFocus()
        settle(app, ctx, 40)
        if not focus.zh.hasFocus():  # offscreen, the window may not become active
            editor._on_row_focused(focus.info.key, "zh")
        editor.scroll.ensureWidgetVisible(focus, 0, 20)
        settle(app, ctx, 600)  # the TM lookup waits for a pause
    save("application-editor")
    editor.side.setCurrentWidget(editor.qa)
    editor.check_now()
    settle(app, ctx, 300)
    save("application-checks")
    if editor.attachments is not None:
        editor.side.setCurrentWidget(editor.attachments)
        save("application-attachments")
    editor.side.setCurrentWidget(editor.tm)
    editor.show_find()
    editor.find_bar.edit.setText("合作区")
    editor.find_bar.next()
    save("application-find")
    editor.find_bar.close_bar()
    button = editor.header.pdf_button
    menu = editor.header.pdf_menu
    menu.popup(button.mapToGlobal(QPoint(0, button.height())))
    settle(app, ctx, 60)
    # The offscreen screen is narrower than the window: put the menu where a real screen
    # would (under the button, its right edge on the button's).
    menu.move(button.mapToGlobal(QPoint(button.width() - menu.width(), button.height())))
    save("application-pdf-menu", popups=_popups(app))
    editor.header.pdf_menu.close()

    # -- its details dialog
    details = editor.edit_details()
    if details is not None:
        _wait_for(app, ctx, lambda: details._zones_shown)
        save("application-details", details)
        details.reject()

    # -- the export dialog and the preview of this draft
    job = pdf_export.export_pdf(ctx, draft_id, window)
    if _wait_for(app, ctx, lambda: job.dialog is not None):
        save("application-pdf-export", job.dialog)
        job.dialog.reject()
    else:
        log(f"{language}: the PDF export dialog did not open")
    preview = pdf_export.preview_pdf(ctx, draft_id, window)
    shown: list[QWidget] = []
    preview.shown.connect(shown.append)
    if _wait_for(app, ctx, lambda: bool(shown), 60):
        shown[0].resize(1000, 760)
        settle(app, ctx, 900)  # QPdfView renders its pages asynchronously
        save("application-pdf-preview", shown[0])
        shown[0].close()
    else:
        log(f"{language}: the print preview did not open")

    # -- the revision diff of an application with two revisions
    if revised_id is not None:
        page.open_application(revised_id)
        if _wait_for(app, ctx, lambda: editor.app_id == revised_id and not editor.busy):
            before = set(app.topLevelWidgets())
            editor.compare_revisions()
            settle(app, ctx, 400)
            dialogs = [w for w in app.topLevelWidgets() if w not in before and w.isVisible()]
            if dialogs:
                dialogs[0].resize(1100, 720)
                save("application-diff", dialogs[0])
                dialogs[0].close()
    else:
        log(f"{language}: no application has two revisions")

    # -- the New application dialog, a search done
    page.show_list()
    dialog = page.new_record()
    dialog.search.setText("科技")
    dialog.picker.run_search()
    settle(app, ctx, 100)
    if dialog.results.count():
        dialog.results.setCurrentRow(0)
    save("application-new", dialog)
    dialog.reject()

    # -- the glossary's Add term dialog
    glossary = window.show_page("glossary")
    settle(app, ctx)
    term = glossary.new_record()
    term.show()
    settle(app, ctx, 60)
    save("glossary-term", term)
    term.reject()
    settle(app, ctx, 50)
    return written


def _watchdog(app: QApplication, log: Log) -> QTimer:
    """Close any modal box a page raises by surprise (e.g. 'discard changes?'), so the run
    never hangs waiting for a click."""
    timer = QTimer()
    timer.setInterval(400)

    def check() -> None:
        modal = app.activeModalWidget()
        if isinstance(modal, QMessageBox) and modal.property("_expected") is not True:
            log(f"closed an unexpected dialog: {modal.text()!r}")
            modal.reject()

    timer.timeout.connect(check)
    timer.start()
    return timer


def shoot_language(db: Database, settings: AppSettings, language: str, out: Path,
                   log: Log, *, details: bool = True, showcase: int | None = None) -> list[Path]:
    from ui.app import application, build_window
    from ui.widgets.settings_dialog import SettingsDialog

    app = application()
    window = build_window(db, settings, language=language, pages=page_factories(log))
    ctx = window.ctx
    written: list[Path] = []
    watchdog = _watchdog(app, log)
    try:
        window.resize(*SIZE)
        window.show()
        window.resize(*SIZE)
        settle(app, ctx)
        for page in window.pages:
            window.show_page(page.key)
            settle(app, ctx)
            if select_first_row(page):
                settle(app, ctx, 250)
            else:
                log(f"{language}-{page.key}: no rows to select")
            _report_popups(app, log, f"{language}-{page.key}")
            path = out / f"{language}-{page.key}.png"
            _grab(window, path, log)
            written.append(path)
        if details:
            written += shoot_details(app, window, language, out, log, showcase)

        dialog = SettingsDialog(ctx, window)
        dialog.show()
        settle(app, ctx)
        path = out / f"{language}-settings.png"
        _grab(dialog, path, log)
        written.append(path)
        dialog.reject()

        about_path = out / f"{language}-about.png"

        def grab_about() -> None:
            box = app.activeModalWidget()
            try:
                if isinstance(box, QMessageBox):
                    _grab(box, about_path, log)
                    written.append(about_path)
                else:
                    log(f"{language}: the About box did not appear")
            finally:
                if box is not None:
                    box.close()

        watchdog.stop()  # QMessageBox.about() is modal and blocks until grab_about closes it
        QTimer.singleShot(300, grab_about)
        window.show_about()
        settle(app, ctx)
    finally:
        watchdog.stop()
        window.close()
        ctx.lang.set_language("en", notify=False)  # removes Qt's zh_CN catalog again
        window.deleteLater()
        settle(app, None, 50)
    return written


def main(argv: Sequence[str] | None = None, *, log: Log | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--enterprises", type=int, default=50)
    parser.add_argument("--lang", nargs="+", default=list(LANGUAGES), choices=LANGUAGES)
    parser.add_argument("--no-details", dest="details", action="store_false",
                        help="only the pages, Settings and About")
    args = parser.parse_args(argv)
    log = log or (lambda message: print(message, flush=True))

    from ui.app import application

    app = application()
    with tempfile.TemporaryDirectory(prefix="coop-shots-") as scratch:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        args.out.mkdir(parents=True, exist_ok=True)
        db = prepare_database(args.db, args.enterprises, log)
        settings = AppSettings(officer_name=OFFICER, organisation_zh="苏州市商务局",
                               organisation_en="Suzhou Municipal Bureau of Commerce",
                               db_path=str(args.db))
        try:
            showcase = showcase_enterprise(db, log) if args.details else None
            for language in args.lang:
                settings.language = language
                shoot_language(db, settings, language, args.out, log, details=args.details,
                               showcase=showcase)
        finally:
            db.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
