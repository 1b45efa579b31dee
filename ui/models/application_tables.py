"""Qt table model of the application list (with its status and text filter), and the
deadline countdown shared with the editor's header."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from coop_desktop.documents.templates import TemplateError, get_template
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_date, format_datetime
from coop_desktop.models import ApplicationStatus, ApplicationSummary
from coop_desktop.services import applications
from ui.models.row_table import ID_ROLE, SEARCH_ROLE, SORT_ROLE, AnyIndex, RowTableModel
from ui.widgets.bilingual_fields import bilingual

OVERDUE, SOON = "#b3261e", "#b06000"
#: Days left at which the countdown turns amber.
SOON_DAYS = 7
#: Pseudo-statuses of the filter: draft and ready (what still needs work, the default), and
#: submitted, accepted, rejected or withdrawn (done with).
OPEN_FILTER, CLOSED_FILTER = "open", "closed"


def countdown(days: int, tr: Translator) -> str:
    """``in 12 days``, ``due today``, ``overdue by 3 days`` (in the UI language)."""
    if days > 0:
        return tr.ngettext("in {count} day", "in {count} days", days).format(count=days)
    if days == 0:
        return tr.gettext("due today")
    return tr.ngettext("overdue by {count} day", "overdue by {count} days",
                       -days).format(count=-days)


def deadline_colour(days: int | None) -> str | None:
    if days is None:
        return None
    if days < 0:
        return OVERDUE
    return SOON if days <= SOON_DAYS else None


def template_title(key: str, tr: Translator) -> str:
    try:
        return get_template(key).title(tr.language)
    except TemplateError:
        return key


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def urgency_key(row: ApplicationSummary) -> str:
    """Open work first (draft, ready), by deadline (so the overdue lead; none last), then
    the closed ones, latest deadline first; ties by the latest change."""
    closed = ApplicationStatus(row.status) not in applications.OPEN
    if row.deadline is None:
        when = "9" * 8
    elif closed:  # newest first: the complement of the date's digits sorts descending
        when = "".join(str(9 - int(c)) for c in row.deadline.strftime("%Y%m%d"))
    else:
        when = row.deadline.strftime("%Y%m%d")
    changed = "".join(str(9 - int(c)) for c in row.updated_at.strftime("%Y%m%d%H%M%S"))
    return f"{int(closed)}{when}{changed}"


class ApplicationTableModel(RowTableModel):
    """Rows are :class:`ApplicationSummary` (what ``list_applications`` returns).

    The title names the template already (a draft's title is the template's), so the
    template is in the title's tooltip rather than a column of its own. Sorting by the
    deadline sorts by :func:`urgency_key`: the list opens that way."""

    COLUMNS = (N_("Enterprise"), N_("Application title"), N_("Status"),
               N_("Deadline"), N_("Done (zh / en)"), N_("Updated"))
    TITLE, STATUS, DEADLINE, DONE, UPDATED = 1, 2, 3, 4, 5

    def row_of(self, app_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == app_id), -1)

    def cell(self, row: ApplicationSummary, column: int, role: int) -> Any:
        tr = self.translator
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return bilingual(tr, row.enterprise_name_zh, row.enterprise_name_en)[0]
            if column == self.TITLE:
                return bilingual(tr, row.title_zh, row.title_en)[0]
            if column == self.STATUS:
                label = applications.status_label(row.status, tr)
                if row.revision > 1:
                    label += " · " + tr.gettext("rev. {number}").format(number=row.revision)
                return label
            if column == self.DEADLINE:
                if row.deadline is None:
                    return ""
                text = format_date(row.deadline, tr)
                if row.days_left is not None:
                    text += f" · {countdown(row.days_left, tr)}"
                return text
            if column == self.DONE:
                return f"{percent(row.completeness_zh)} / {percent(row.completeness_en)}"
            return format_datetime(row.updated_at, tr)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return "\n".join(x for x in bilingual(tr, row.enterprise_name_zh,
                                                      row.enterprise_name_en) if x)
            if column == self.TITLE:
                lines = [x for x in bilingual(tr, row.title_zh, row.title_en) if x]
                lines.append(tr.gettext("Template: {name}").format(
                    name=template_title(row.template_key, tr)))
                return "\n".join(lines)
            if column == self.DONE:
                return tr.gettext("Required sections done: Chinese {zh}, English {en}").format(
                    zh=percent(row.completeness_zh), en=percent(row.completeness_en))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DEADLINE:
            colour = deadline_colour(row.days_left)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.DONE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == SORT_ROLE:
            if column == self.DEADLINE:
                return urgency_key(row)
            if column == self.DONE:
                return row.completeness_zh + row.completeness_en
            if column == self.UPDATED:
                return row.updated_at.isoformat()
            if column == self.STATUS:
                return list(ApplicationStatus).index(ApplicationStatus(row.status))
            return self.cell(row, column, Qt.ItemDataRole.DisplayRole)
        if role == ID_ROLE:
            return row.id
        if role == SEARCH_ROLE:
            parts = [row.enterprise_name_zh, row.enterprise_name_en, row.title_zh, row.title_en,
                     template_title(row.template_key, tr),
                     applications.status_label(row.status, tr)]
            return " ".join(p for p in parts if p)
        return None


class ApplicationFilter(QSortFilterProxyModel):
    """Text (names and titles in both languages) and status (one, "open" or "closed")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status: str | None = None
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SORT_ROLE)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: AnyIndex) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        if self.status and isinstance(model, ApplicationTableModel):
            status = ApplicationStatus(model.rows[row].status)
            if self.status in (OPEN_FILTER, CLOSED_FILTER):
                if (status in applications.OPEN) != (self.status == OPEN_FILTER):
                    return False
            elif status.value != self.status:
                return False
        return super().filterAcceptsRow(row, parent)
