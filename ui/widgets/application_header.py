"""The application editor's header: what the application is, where it stands, and the
workflow buttons that are valid for its status (a view: the editor holds the logic)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QMouseEvent
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMenu, QProgressBar, QPushButton, QSizePolicy, QToolButton,
    QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_date
from coop_desktop.models import ApplicationRead, ApplicationStatus, EnterpriseSummary, ZoneRead
from coop_desktop.services import applications
from ui.models.application_tables import countdown, deadline_colour
from ui.widgets.bilingual_fields import bilingual, country_label

S = ApplicationStatus
MUTED = "color: #5f6368;"

STATUS_COLOURS: dict[ApplicationStatus, tuple[str, str]] = {  # text, background
    S.DRAFT: ("#174ea6", "#e8f0fe"),
    S.READY: ("#7a4f01", "#fef7e0"),
    S.SUBMITTED: ("#0b57d0", "#d3e3fd"),
    S.ACCEPTED: ("#0d652d", "#e6f4ea"),
    S.REJECTED: ("#b3261e", "#fce8e6"),
    S.WITHDRAWN: ("#3c4043", "#eeeeee"),
}


@dataclass(frozen=True)
class WorkflowAction:
    key: str  # the target status, or "new_revision"
    label: str  # msgid
    valid_from: frozenset[ApplicationStatus]


WORKFLOW: tuple[WorkflowAction, ...] = (
    WorkflowAction("ready", N_("Mark ready"), frozenset({S.DRAFT})),
    WorkflowAction("draft", N_("Back to draft"), frozenset({S.READY})),
    WorkflowAction("submitted", N_("Submit…"), frozenset({S.READY})),
    WorkflowAction("accepted", N_("Accepted…"), frozenset({S.SUBMITTED})),
    WorkflowAction("rejected", N_("Rejected…"), frozenset({S.SUBMITTED})),
    WorkflowAction("withdrawn", N_("Withdraw…"), frozenset({S.DRAFT, S.READY, S.SUBMITTED})),
    WorkflowAction("new_revision", N_("New revision"), frozenset({S.SUBMITTED, S.REJECTED})),
)

#: The PDF menu of the header: key, label (msgid), shortcut shown beside it (the main
#: window's File menu owns the shortcuts; the header's actions only show them).
PDF_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("preview", N_("Print preview…"), "Ctrl+Shift+P"),
    ("export", N_("Export PDF…"), "Ctrl+E"),
    ("print", N_("Print…"), "Ctrl+P"),
)


def status_style(status: ApplicationStatus) -> str:
    fg, bg = STATUS_COLOURS[ApplicationStatus(status)]
    return (f"QLabel {{ color: {fg}; background: {bg}; border-radius: 8px; "
            f"padding: 1px 8px; font-weight: 600; }}")


class ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        super().mousePressEvent(event)
        self.clicked.emit()


class ApplicationHeader(QWidget):
    back = Signal()
    action = Signal(str)  # a WorkflowAction key
    errors_clicked = Signal()
    refresh_all = Signal()
    compare = Signal()
    pdf = Signal(str)  # a PDF_ACTIONS key ("preview", "export", "print") or "package"
    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationHeader")
        self.back_button = QToolButton()
        self.back_button.setObjectName("backButton")
        self.back_button.setAutoRaise(True)
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back_button.clicked.connect(self.back)  # signal to signal
        self.title = QLabel()
        self.title.setObjectName("applicationTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = QLabel()
        self.status.setObjectName("statusBadge")
        self.revision = QLabel()
        self.errors = ClickableLabel()
        self.errors.setObjectName("openErrors")
        self.errors.setCursor(Qt.CursorShape.PointingHandCursor)
        self.errors.clicked.connect(self.errors_clicked)
        self.saved = QLabel()
        self.saved.setObjectName("saveState")
        self.saved.setStyleSheet(MUTED)
        self.details = QLabel()
        self.details.setObjectName("applicationDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.zh_bar, self.en_bar = QProgressBar(), QProgressBar()
        for bar in (self.zh_bar, self.en_bar):
            bar.setFixedWidth(130)
            bar.setTextVisible(True)
            bar.setMaximumHeight(18)
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for wf in WORKFLOW:
            button = QPushButton()
            button.setObjectName(f"wf_{wf.key}")
            button.clicked.connect(lambda _c=False, k=wf.key: self._emit_action(k))
            button.hide()  # shown by show_application, for the status it is valid in
            self.buttons[wf.key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshAll")
        self.refresh_button.clicked.connect(self.refresh_all)
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("compareRevisions")
        self.compare_button.clicked.connect(self.compare)
        self.details_button = QPushButton()
        self.details_button.setObjectName("editDetails")
        self.details_button.clicked.connect(self.details_requested)
        self.pdf_button = QToolButton()
        self.pdf_button.setObjectName("pdfMenuButton")
        self.pdf_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pdf_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.pdf_menu = QMenu(self.pdf_button)
        self.pdf_menu.setObjectName("pdfMenu")
        self.pdf_actions: dict[str, QAction] = {}
        for key, _label, shortcut in PDF_ACTIONS:
            act = self.pdf_menu.addAction("")
            act.setObjectName(f"pdf_{key}")
            act.setShortcut(shortcut)
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown, not bound
            act.triggered.connect(lambda _c=False, k=key: self.pdf.emit(k))
            self.pdf_actions[key] = act
        self.pdf_menu.addSeparator()
        self.package_action = self.pdf_menu.addAction("")
        self.package_action.setObjectName("exportPackage")
        self.package_action.triggered.connect(lambda _c=False: self.pdf.emit("package"))
        self.pdf_button.setMenu(self.pdf_menu)
        actions.addWidget(self.details_button)
        actions.addWidget(self.refresh_button)
        actions.addWidget(self.compare_button)
        actions.addWidget(self.pdf_button)
        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fef7e0; color: #5c3c00; "
                                  "border: 1px solid #f4d27a; border-radius: 4px; "
                                  "padding: 4px 8px; }")
        self.banner.hide()

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        for w in (self.status, self.revision, self.errors, self.saved):
            top.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        # The completeness bars sit beside the details (which wrap), not among the buttons:
        # the button row then fits a 1024-pixel screen in either language.
        info = QHBoxLayout()
        info.setSpacing(8)
        info.addWidget(self.details, 1)
        info.addWidget(self.zh_bar, 0, Qt.AlignmentFlag.AlignTop)
        info.addWidget(self.en_bar, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(info)
        layout.addLayout(actions)
        layout.addWidget(self.banner)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)

    def _emit_action(self, key: str) -> None:
        self.action.emit(key)

    def show_application(self, tr: Translator, app: ApplicationRead,
                         firm: EnterpriseSummary | None, zone: ZoneRead | None) -> None:
        _ = tr.gettext
        self.title.setText(bilingual(tr, app.title_zh, app.title_en)[0])
        self.title.setToolTip("\n".join(bilingual(tr, app.title_zh, app.title_en)))
        status = ApplicationStatus(app.status)
        self.status.setText(applications.status_label(status, tr))
        self.status.setStyleSheet(status_style(status))
        self.revision.setText(_("Revision {number}").format(number=app.revision))
        parts = []
        if firm is not None:
            parts.append(f"<b>{html.escape(bilingual(tr, firm.name_zh, firm.name_en)[0])}</b>")
        if zone is not None:
            parts.append(html.escape(bilingual(tr, zone.name_zh, zone.name_en)[0]))
        if app.country:
            parts.append(html.escape(country_label(app.country, tr)))
        if app.deadline is not None:
            when = _("Deadline {date}").format(date=format_date(app.deadline, tr))
            days = applications.days_left(app.deadline) if status in applications.OPEN else None
            if days is not None:
                colour = deadline_colour(days) or "#3c4043"
                when += ' <span style="color:{}">{}</span>'.format(colour, html.escape(
                    _("({countdown})").format(countdown=countdown(days, tr))))
            parts.append(when)
        if app.reference_no:
            parts.append(html.escape(_("Ref. {number}").format(number=app.reference_no)))
        self.details.setText(" · ".join(parts))
        for wf in WORKFLOW:
            self.buttons[wf.key].setVisible(status in wf.valid_from)

    def show_errors(self, tr: Translator, count: int | None) -> None:
        if count is None:
            self.errors.setText("")
            return
        if count:
            self.errors.setText(tr.ngettext("{count} open error", "{count} open errors",
                                            count).format(count=count))
            self.errors.setStyleSheet("color: #b3261e; font-weight: 600;")
        else:
            self.errors.setText(tr.gettext("No open errors"))
            self.errors.setStyleSheet("color: #0d652d;")
        self.errors.setToolTip(tr.gettext("Show the checks"))

    def show_completeness(self, tr: Translator, total: int, zh: int, en: int) -> None:
        for bar, done, msgid in ((self.zh_bar, zh, N_("Chinese {done}/{total}")),
                                 (self.en_bar, en, N_("English {done}/{total}"))):
            bar.setMaximum(max(total, 1))
            bar.setValue(done if total else 1)
            bar.setFormat(tr.gettext(msgid).format(done=done, total=total).replace("%", "%%"))
        self.zh_bar.setToolTip(tr.gettext("Required sections done in Chinese (not empty, no "
                                          "placeholder or gap left)"))
        self.en_bar.setToolTip(tr.gettext("Required sections done in English (not empty, no "
                                          "placeholder or gap left)"))

    def retranslate_ui(self, tr: Translator) -> None:
        _ = tr.gettext
        self.back_button.setText(_("← Applications"))
        self.back_button.setToolTip(_("Back to the list of applications"))
        for wf in WORKFLOW:
            self.buttons[wf.key].setText(_(wf.label))
        self.refresh_button.setText(_("Refresh all from records"))
        self.refresh_button.setToolTip(_("Fill the placeholders still in the text from the "
                                         "current enterprise, zone and officer records"))
        self.compare_button.setText(_("Compare revisions…"))
        self.details_button.setText(_("Details…"))
        self.details_button.setToolTip(_("Title, zone, country, reference number and deadline"))
        self.pdf_button.setText(_("PDF"))
        self.pdf_button.setToolTip(_("Preview, export or print the bilingual PDF"))
        for key, label, _shortcut in PDF_ACTIONS:
            self.pdf_actions[key].setText(_(label))
        self.package_action.setText(_("Export dossier package…"))
        self.package_action.setToolTip(_("The application with its enterprise record, zone, "
                                         "attachments and PDF in one file, for another "
                                         "computer"))

