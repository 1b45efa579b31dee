"""Home (工作台), the first page: what needs the officer today, and the database at a glance.

Top to bottom, in order of urgency:

1. **To do** — eight cards with big numbers: overdue applications, applications due within
   a week, enterprises whose highest valid title expires within 90 days, expired titles
   still recorded as active, the yearly data updates due by 30 April (overdue after it),
   major changes to report, events in the next 30
   days, planned follow-ups. Each opens the list behind it: the applications page (open
   work, most urgent first), the enterprise list with its filter, the events page, or — for
   the reminders no list filters on — a list of the enterprises concerned.
2. Three short lists: the open applications' deadlines (the overdue first), the coming
   dates (events and follow-ups) and the records changed last; each row opens its record
   (a company's name is shortened before an application's title).
3. **SRDI titles and SME programmes** — enterprises by tier (clickable bars: the tier
   filter) and in a cluster or a pilot city.
4. **Enterprises by** province, target country and cooperation zone (clickable bars).

Every figure comes from one background call, ``services.home.summary`` (aggregates in SQL;
``bench/home.py``). It runs when the page is first shown, when it is shown again after a change
(or a minute later), and — debounced — when data changes while it is shown
(``ctx.hub.changed``); a change while it is hidden only marks the figures stale. A language switch
re-labels the figures already read.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_date, format_number, format_percent, format_time
from coop_desktop.models import LABELS, InteractionKind
from coop_desktop.reference import countries, regions
from coop_desktop.services import home, srdi_titles
from coop_desktop.services.home import HomeSummary
from coop_desktop.services.outcome import Changes
from ui.context import AppContext
from ui.pages.base import Page
from ui.widgets import home_navigation as nav
from ui.widgets.home_cards import ALERT, CARD_STYLE, NORMAL, WARN, CountCard, Panel, scaled_font
from ui.widgets.home_chart import BarChart, LinkList, Row

#: A change reloads the figures after this quiet time (a burst of changes reloads once).
RELOAD_DELAY_MS = 400
#: Showing the page reads the figures again when they are older than this (seconds), even
#: if no change was seen.
FRESH_S = 60
#: Bars shown per distribution chart.
TOP = 10
#: The cards, in reading order.
CARDS = ("overdue", "due_soon", "expiring", "expired", "annual_update", "major_change",
         "events", "follow_ups")
#: Below this width the cards go in two columns and the charts in one.
NARROW = 720
#: From this width the three short lists go side by side.
WIDE_LISTS = 1000
OVERDUE_COLOUR, SOON_COLOUR = "#b3261e", "#a15c00"


def countdown(days: int, tr: Translator) -> str:
    """``in 12 days``, ``due today``, ``overdue by 3 days`` (the applications list's words)."""
    if days > 0:
        return tr.ngettext("in {count} day", "in {count} days", days).format(count=days)
    if days == 0:
        return tr.gettext("due today")
    return tr.ngettext("overdue by {count} day", "overdue by {count} days",
                       -days).format(count=-days)


def _name(zh: str | None, en: str | None, tr: Translator) -> str:
    """A record's name in the UI language (the Chinese name when there is no English one)."""
    if tr.language == "zh_CN":
        return zh or en or ""
    return en or zh or ""


class HomePage(Page):
    key = "home"
    title_msgid = N_("Home")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summary: HomeSummary | None = None
        self.loading = False
        self._again = False  # a reload was asked for while one was running
        self._stale = True
        self._loaded_at = 0.0
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._columns: tuple[int, int] = (0, 0)

        content = QWidget(objectName="homeContent")
        content.setStyleSheet(CARD_STYLE)
        self.heading = QLabel(objectName="homeHeading")
        self.heading.setFont(scaled_font(self, 1.6, bold=True))
        self.date_label = QLabel(objectName="homeDate")
        self.status_label = QLabel(objectName="homeStatus")
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addSpacing(16)
        head.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        head.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignBottom)

        self.todo_title = self._section_label("homeTodoTitle")
        self.cards = {name: CountCard(name) for name in CARDS}
        for name, card in self.cards.items():
            card.clicked.connect(lambda n=name: self.open_card(n))
        self.card_grid = QGridLayout()
        self.card_grid.setSpacing(10)

        self.deadlines = LinkList(max_rows=home.LIST_LIMIT)
        self.upcoming = LinkList(max_rows=home.LIST_LIMIT)
        self.recent = LinkList(max_rows=home.LIST_LIMIT)
        self.deadlines_panel = Panel("deadlines", self.deadlines)
        self.upcoming_panel = Panel("upcoming", self.upcoming)
        self.recent_panel = Panel("recent", self.recent)
        self.list_grid = QGridLayout()
        self.list_grid.setSpacing(10)

        self.srdi_title = self._section_label("homeSrdiTitle")
        self.tier_chart = BarChart(max_rows=4)
        self.tier_chart.label_share = 0.5  # the tiers' names are long, the bars few
        self.programme_list = LinkList(max_rows=2)
        self.tier_panel = Panel("tiers", self.tier_chart)
        self.programme_panel = Panel("programmes", self.programme_list)
        srdi = QHBoxLayout()
        srdi.setSpacing(10)
        srdi.addWidget(self.tier_panel, 3)
        srdi.addWidget(self.programme_panel, 2)

        self.charts_title = self._section_label("homeChartsTitle")
        self.province_chart = BarChart(max_rows=TOP)
        self.country_chart = BarChart(max_rows=TOP)
        self.zone_chart = BarChart(max_rows=TOP)
        self.province_panel = Panel("provinces", self.province_chart)
        self.country_panel = Panel("countries", self.country_chart)
        self.zone_panel = Panel("zones", self.zone_chart)
        self.chart_grid = QGridLayout()
        self.chart_grid.setSpacing(10)

        for widget in (self.deadlines, self.upcoming, self.recent, self.tier_chart,
                       self.programme_list, self.province_chart, self.country_chart,
                       self.zone_chart):
            widget.activated.connect(self.open_key)

        column = QVBoxLayout(content)
        column.setContentsMargins(20, 16, 20, 20)
        column.setSpacing(10)
        column.addLayout(head)
        column.addSpacing(4)
        column.addWidget(self.todo_title)
        column.addLayout(self.card_grid)
        column.addLayout(self.list_grid)
        column.addSpacing(6)
        column.addWidget(self.srdi_title)
        column.addLayout(srdi)
        column.addSpacing(6)
        column.addWidget(self.charts_title)
        column.addLayout(self.chart_grid)
        column.addStretch(1)
        self.scroll = QScrollArea(objectName="homeScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._arrange(1200)
        self.retranslate_ui()
        QTimer.singleShot(0, self._first_load)

    def _section_label(self, name: str) -> QLabel:
        label = QLabel(objectName=name)
        label.setFont(scaled_font(self, 1.15, bold=True))
        return label

    # ------------------------------------------------------------------ layout
    def _arrange(self, width: int) -> None:
        """Cards in 4 columns (2 when narrow); the three lists side by side when there is
        room for their names (else two, the recent records below); charts in 2 columns."""
        wide = width >= NARROW
        lists = 3 if width >= WIDE_LISTS else 2
        columns = 4 if wide else 2
        if (columns, lists) == self._columns:
            return
        self._columns = (columns, lists)
        for panel in (self.deadlines_panel, self.upcoming_panel, self.recent_panel):
            self.list_grid.removeWidget(panel)
        self.list_grid.addWidget(self.deadlines_panel, 0, 0)
        self.list_grid.addWidget(self.upcoming_panel, 0, 1)
        if lists == 3:
            self.list_grid.addWidget(self.recent_panel, 0, 2)
        else:
            self.list_grid.addWidget(self.recent_panel, 1, 0, 1, 2)
        for c in range(3):
            self.list_grid.setColumnStretch(c, 1 if c < lists else 0)
        for card in self.cards.values():
            self.card_grid.removeWidget(card)
        for i, name in enumerate(CARDS):
            self.card_grid.addWidget(self.cards[name], i // columns, i % columns)
        for c in range(4):
            self.card_grid.setColumnStretch(c, 1 if c < columns else 0)
        for panel in (self.province_panel, self.country_panel, self.zone_panel):
            self.chart_grid.removeWidget(panel)
        if wide:
            self.chart_grid.addWidget(self.province_panel, 0, 0)
            self.chart_grid.addWidget(self.country_panel, 0, 1)
            self.chart_grid.addWidget(self.zone_panel, 1, 0, 1, 2)
        else:
            for row, panel in enumerate((self.province_panel, self.country_panel,
                                         self.zone_panel)):
                self.chart_grid.addWidget(panel, row, 0, 1, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange(event.size().width())

    # ------------------------------------------------------------------ loading
    def _first_load(self) -> None:
        if self.summary is None and not self.loading:
            self.reload()

    def reload(self) -> None:
        """Read every figure again (in the background)."""
        self._reload_timer.stop()
        if self.loading:
            self._again = True
            return
        self.loading = True
        self._stale = False
        db = self.ctx.db
        self.ctx.runner.run(lambda: home.summary(db), on_success=self._on_summary,
                            on_failure=self._on_failure, parent=self)
        if self.summary is None:
            self.status_label.setText(self.ctx.tr.gettext("Loading…"))

    def _on_summary(self, found: HomeSummary) -> None:
        self.loading = False
        self.summary = found
        self._loaded_at = time.monotonic()
        self._show()
        if self._again:
            self._again = False
            self.reload()

    def _on_failure(self, exc: BaseException) -> None:
        from coop_desktop.errors import DatabaseDamagedError
        from ui.tasks import show_error

        self.loading = False
        self._again = False
        self._stale = True
        self.status_label.setText(self.ctx.tr.gettext("The figures could not be read."))
        if not isinstance(exc, DatabaseDamagedError):  # (the main window says that one)
            show_error(self, self.ctx.tr, exc)

    def refresh(self) -> None:
        self.reload()

    def activate(self) -> None:
        """Shown: read the figures again if anything changed meanwhile, or the last read is
        older than :data:`FRESH_S` (the day may have turned; another program may have
        written). Otherwise nothing is queued on the DB lane ahead of what the user does
        next."""
        if self.loading:
            return
        if (self._stale or self.summary is None
                or time.monotonic() - self._loaded_at > FRESH_S):
            self.reload()

    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes):
            return
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._stale = True

    @property
    def busy(self) -> bool:
        return self.loading or self._reload_timer.isActive()

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.heading.setText(_("Home"))
        self.todo_title.setText(_("To do"))
        self.srdi_title.setText(_("SRDI titles and SME programmes"))
        self.charts_title.setText(_("Enterprises by region, market and zone"))
        self._show()

    def _show(self) -> None:
        """Put the figures read last into the widgets, in the UI language."""
        tr = self.ctx.tr
        _ = tr.gettext
        found = self.summary
        today = found.today if found is not None else date.today()
        self.date_label.setText(format_date(today, tr, "full"))
        if found is None:
            for name, card in self.cards.items():
                card.set_value("–", self._card_caption(name, tr))
            return
        self.status_label.setText(_("Updated {time}").format(
            time=format_time(datetime.now(), tr)))
        self._show_cards(found, tr)
        self._show_lists(found, tr)
        self._show_srdi(found, tr)
        self._show_charts(found, tr)

    def _card_caption(self, name: str, tr: Translator) -> str:
        _ = tr.gettext
        return {
            "overdue": _("Overdue applications"),
            "due_soon": tr.ngettext("Applications due within {count} day",
                                    "Applications due within {count} days",
                                    home.DUE_SOON_DAYS).format(count=home.DUE_SOON_DAYS),
            # (the count is of enterprises: their highest valid title expires — the list's
            # expiry filter)
            "expiring": tr.ngettext("Enterprises whose title expires within {count} day",
                                    "Enterprises whose title expires within {count} days",
                                    srdi_titles.EXPIRY_WARNING_DAYS).format(
                count=srdi_titles.EXPIRY_WARNING_DAYS),
            "expired": _("Expired titles still recorded as active"),
            "annual_update": (_("Yearly data updates overdue") if self._update_overdue()
                              else _("Yearly data updates due")),
            "major_change": _("Major changes to report"),
            "events": tr.ngettext("Events in the next {count} day",
                                  "Events in the next {count} days",
                                  home.EVENTS_AHEAD_DAYS).format(count=home.EVENTS_AHEAD_DAYS),
            "follow_ups": _("Planned follow-ups"),
        }[name]

    def _update_overdue(self) -> bool:
        """This year's data update is past its date (30 April): the enterprises counted
        have missed it (the next one, for this year's figures, is due next April)."""
        found = self.summary
        return found is not None and found.today > found.worklist.annual_update_due

    def _show_cards(self, found: HomeSummary, tr: Translator) -> None:
        _ = tr.gettext
        work = found.worklist
        due = work.annual_update_due
        update_note = (
            _("This year's update was due by {date} and is not recorded").format(
                date=format_date(due, tr)) if work.today > due else
            _("Enterprises to update by {date}").format(date=format_date(due, tr)))
        notes = {
            "overdue": (work.applications_overdue, _("Drafts past their deadline"),
                        ALERT if work.applications_overdue else NORMAL),
            "due_soon": (work.applications_due_soon,
                         _("{count} open applications in all").format(
                             count=format_number(work.applications_open, tr))
                         if work.applications_open else _("No open applications"),
                         WARN if work.applications_due_soon else NORMAL),
            "expiring": (work.titles_expiring, _("Enterprises to prepare the re-review"),
                         WARN if work.titles_expiring else NORMAL),
            "expired": (work.reminders.expired, _("Record the re-review or the title's end"),
                        ALERT if work.reminders.expired else NORMAL),
            "annual_update": (work.reminders.annual_update, update_note,
                              (ALERT if work.today > due else WARN)
                              if work.reminders.annual_update else NORMAL),
            "major_change": (work.reminders.major_change_report,
                             _("Report within 3 months of the change"),
                             WARN if work.reminders.major_change_report else NORMAL),
            "events": (work.events_upcoming, _("Under way or starting soon"), NORMAL),
            "follow_ups": (work.follow_ups, _("Visits and calls dated from today"), NORMAL),
        }
        for name, (count, note, tone) in notes.items():
            caption = self._card_caption(name, tr)
            self.cards[name].set_value(format_number(count, tr), caption, note, tone,
                                       tooltip=_("Click to see the list"))

    def _show_lists(self, found: HomeSummary, tr: Translator) -> None:
        _ = tr.gettext
        work = found.worklist
        # the open applications by deadline: the overdue first (in red, "overdue by 3
        # days"), then the coming ones — so the list is "deadlines", not "due soon"
        self.deadlines_panel.set_title(_("Application deadlines"), _("{count} open").format(
            count=format_number(work.applications_open, tr)))
        rows = []
        for d in work.next_deadlines:
            name = _name(d.enterprise_name_zh, d.enterprise_name_en, tr)
            title = _name(d.title_zh, d.title_en, tr)
            colour = (OVERDUE_COLOUR if d.days_left < 0 else
                      SOON_COLOUR if d.days_left <= home.DUE_SOON_DAYS else None)
            # the company's name gives way before the title when the row is short of room
            rows.append(Row(title or name, value_text=countdown(d.days_left, tr),
                            key=("application", d.id), note_colour=colour,
                            lead=name if title else "",
                            tooltip=f"{name}\n{title}\n{format_date(d.deadline, tr)}"))
        self.deadlines.set_rows(rows, _("No open application has a deadline."))

        self.upcoming_panel.set_title(_("Coming up"))
        rows = []
        for u in work.upcoming:
            when = format_date(u.on, tr)
            if u.kind == "event":
                label = _name(u.name_zh, u.name_en, tr)
                rows.append(Row(label, value_text=when, key=("events", None),
                                tooltip=f"{label}\n{u.detail or ''}".strip()))
            else:
                name = _name(u.name_zh, u.name_en, tr)
                kind = (_(LABELS[InteractionKind(u.detail)])
                        if u.detail in {k.value for k in InteractionKind} else "")
                # the kind first: a long name is elided, the kind stays in view
                rows.append(Row(_("{kind}: {name}").format(kind=kind, name=name) if kind
                                else name, value_text=when,
                                key=("enterprise", u.enterprise_id), tooltip=name))
        self.upcoming.set_rows(rows, _("Nothing planned for the coming days."))

        self.recent_panel.set_title(_("Recently changed"))
        rows = []
        for r in work.recent:
            at = r.updated_at if r.updated_at.tzinfo else r.updated_at.replace(tzinfo=UTC)
            local = at.astimezone()
            when = (format_time(local, tr) if local.date() == datetime.now().date()
                    else format_date(local, tr))
            lead = ""
            if r.kind == "enterprise":
                label = _name(r.name_zh, r.name_en, tr)
                tip = label
            else:
                firm = _name(r.enterprise_name_zh, r.enterprise_name_en, tr)
                title = _name(r.name_zh, r.name_en, tr)
                label, lead, tip = title or firm, firm if title else "", f"{firm}\n{title}"
            rows.append(Row(label, value_text=when, key=(r.kind, r.id), tooltip=tip,
                            lead=lead))
        self.recent.set_rows(rows, _("Nothing has been changed yet."))

    def _share(self, count: int, total: int, tr: Translator) -> str:
        if not total:
            return ""
        return format_percent(Decimal(count * 100) / Decimal(total), tr, 1)

    def _bars(self, buckets: Any, label: Any, filter_name: str, total: int,
              tr: Translator) -> list[Row]:
        return [Row(label(b), b.count, format_number(b.count, tr), ("filter", filter_name, b.key),
                    tooltip=tr.gettext("{name}: {count} enterprises ({share})").format(
                        name=label(b), count=format_number(b.count, tr),
                        share=self._share(b.count, total, tr)))
                for b in buckets]

    def _show_srdi(self, found: HomeSummary, tr: Translator) -> None:
        _ = tr.gettext
        total = found.charts.enterprises
        self.tier_panel.set_title(_("Enterprises holding an SRDI title"),
                                  _("Valid titles, by tier"))
        self.tier_chart.set_rows(self._bars(found.charts.by_tier, lambda b: _(LABELS[b.key]),
                                            "tier", total, tr))
        p = found.programmes
        self.programme_panel.set_title(_("SME programmes"))
        self.programme_list.set_rows([
            Row(_("In a characteristic SME industrial cluster"),
                value_text=format_number(p.in_cluster, tr), key=("filter", "in_cluster", True),
                tooltip=tr.ngettext("{count} cluster with enterprises",
                                    "{count} clusters with enterprises",
                                    len(p.by_cluster)).format(count=len(p.by_cluster))),
            Row(_("In a digital-transformation pilot city"),
                value_text=format_number(p.in_pilot_city, tr),
                key=("filter", "in_pilot_city", True),
                tooltip=tr.ngettext("{count} pilot city with enterprises",
                                    "{count} pilot cities with enterprises",
                                    len(p.by_pilot_city)).format(count=len(p.by_pilot_city))),
        ])

    def _show_charts(self, found: HomeSummary, tr: Translator) -> None:
        _ = tr.gettext
        charts = found.charts
        lang = tr.language
        total = charts.enterprises
        empty = _("No enterprise has this recorded yet.")

        def province(b: Any) -> str:
            region = regions.lookup(b.key)
            return region.name(lang) if region is not None else str(b.key)

        for panel, chart, title, buckets, label, name in (
                (self.province_panel, self.province_chart, _("By province"),
                 charts.by_province, province, "province_code"),
                (self.country_panel, self.country_chart, _("By target country"),
                 charts.by_country, lambda b: countries.country_name(b.key, lang),
                 "target_country"),
                (self.zone_panel, self.zone_chart, _("By cooperation zone"), charts.by_zone,
                 lambda b: _name(b.name_zh, b.name_en, tr), "zone_id")):
            shown = buckets[:TOP]
            note = (_("Top {count} of {total}").format(count=len(shown), total=len(buckets))
                    if len(buckets) > len(shown) else "")
            panel.set_title(title, note)
            chart.set_rows(self._bars(shown, label, name, total, tr), empty)

    # ------------------------------------------------------------------ opening lists
    def open_card(self, name: str) -> None:
        keys = {
            "overdue": ("applications", None), "due_soon": ("applications", None),
            "expiring": ("filter", "expiring_within_days", srdi_titles.EXPIRY_WARNING_DAYS),
            "expired": ("reminder", srdi_titles.ReminderKind.EXPIRED),
            "annual_update": ("reminder", srdi_titles.ReminderKind.ANNUAL_UPDATE),
            "major_change": ("reminder", srdi_titles.ReminderKind.MAJOR_CHANGE_REPORT),
            "events": ("events", None), "follow_ups": ("follow_ups", None),
        }
        self.open_key(keys[name])

    def open_key(self, key: Any) -> None:
        """Open what a card, a bar or a row stands for (see the module docstring)."""
        window = self.window()
        kind = key[0]
        if kind == "filter":
            nav.open_enterprises(window, {key[1]: key[2]})
        elif kind == "applications":
            nav.open_applications(window)
        elif kind == "application":
            nav.open_application(window, key[1])
        elif kind == "enterprise":
            nav.open_enterprise(window, key[1])
        elif kind == "events":
            nav.open_events(window)
        elif kind in ("reminder", "follow_ups"):
            self.open_list(kind, key[1])

    def open_list(self, kind: str, reminder: str | None = None) -> Any:
        """The enterprises behind a reminder count or the follow-ups, in a dialog."""
        from ui.widgets.home_list import (
            FOLLOW_UP_COLUMNS, REMINDER_COLUMNS, Entry, HomeListDialog,
        )

        tr = self.ctx.tr
        _ = tr.gettext
        db = self.ctx.db
        today = self.summary.today if self.summary is not None else date.today()
        if kind == "reminder":
            title = self._card_caption({"expired": "expired", "annual_update": "annual_update",
                                        "major_change_report": "major_change"}[reminder], tr)
            columns = REMINDER_COLUMNS
            intro = {
                srdi_titles.ReminderKind.EXPIRED: _(
                    "These titles have passed their expiry date but are still recorded as "
                    "active. Record the re-review's result or the end of the title."),
                srdi_titles.ReminderKind.ANNUAL_UPDATE: (_(
                    "These enterprises update their data on the cultivation platform each "
                    "year; this year's update was due by {date} and is not recorded: it is "
                    "overdue. Record it on the enterprise's titles tab once done.")
                    if today > srdi_titles.annual_update_due(today) else _(
                    "These enterprises update their data on the cultivation platform each "
                    "year; this year's update, due by {date}, is not recorded yet.")).format(
                    date=format_date(srdi_titles.annual_update_due(today), tr)),
                srdi_titles.ReminderKind.MAJOR_CHANGE_REPORT: _(
                    "A major change is reported within 3 months; these changes have no report "
                    "recorded yet."),
            }[reminder]

            def fetch() -> list[Entry]:
                found = srdi_titles.reminders(db, today=today, kinds=(reminder,))
                return [Entry(r.enterprise_id, _name(r.enterprise_name, r.enterprise_name_en, tr),
                              _(LABELS[r.tier]), r.due_on)
                        for r in found]
        else:
            title = self._card_caption("follow_ups", tr)
            columns = FOLLOW_UP_COLUMNS
            intro = _("Visits and calls planned from today (interactions dated today or later).")

            def fetch() -> list[Entry]:
                kinds = {k.value: _(LABELS[k]) for k in InteractionKind}
                return [Entry(u.enterprise_id or 0, _name(u.name_zh, u.name_en, tr),
                              kinds.get(u.detail or "", u.detail or ""), u.on)
                        for u in home.follow_ups(db, today=today)]

        window = self.window()
        dialog = HomeListDialog(self.ctx, title, intro, fetch,
                                lambda ent: nav.open_enterprise(window, ent), today, self,
                                columns=columns)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


__all__ = ["HomePage"]
