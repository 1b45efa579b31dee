"""Help ▸ About: the product (中外中小企业合作助手 / Coop Desktop), its version, the versions
of Python, Qt and SQLite, the data file, and every bundled font, icon set and library with
its version and licence; choosing one shows its licence text (the file shipped with it)."""

from __future__ import annotations

import html
import platform
import sqlite3
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QPlainTextEdit, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop import __version__, paths
from coop_desktop.i18n.catalog import N_, translator
from ui import icons

#: Python libraries the app ships with (distribution names), in the order shown.
LIBRARIES = ("PySide6-Essentials", "shiboken6", "PySide6_Pdf", "SQLAlchemy", "sqlmodel",
             "alembic", "babel", "reportlab", "pillow", "pypinyin", "rapidfuzz",
             "platformdirs", "openpyxl", "xlrd", "defusedxml", "pydantic")


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    #: the licence text shipped with it (None: not found on this installation)
    licence_file: Path | None = None
    what: str = ""  # msgid: what it is for


def _fonts_and_icons() -> list[Component]:
    fonts, icon_dir = paths.resource("fonts"), paths.resource("icons")
    return [
        Component("Noto Sans SC", "2.004", "SIL OFL 1.1", fonts / "OFL.txt",
                  N_("Chinese and Latin text on screen and in PDFs")),
        Component("DejaVu Sans (subset)", "2.37", "Bitstream Vera / Arev",
                  fonts / "LICENSE-DejaVu.txt", N_("Characters Noto Sans SC lacks, in PDFs")),
        Component("Noto Emoji (subset)", "3.002", "SIL OFL 1.1", fonts / "OFL-NotoEmoji.txt",
                  N_("Emoji and pictographs, in PDFs")),
        Component("Hanazono Mincho A (subset)", "2017-09-04", "Hanazono / SIL OFL 1.1",
                  fonts / "LICENSE-Hanazono.txt", N_("Rare Chinese characters, in PDFs")),
        Component("Noto Serif SC", "2.003 / 2.001", "SIL OFL 1.1",
                  fonts / "print" / "OFL-NotoSerifSC.txt",
                  N_("Song body text and titles of the official print style, in PDFs")),
        Component("LXGW WenKai", "1.250", "SIL OFL 1.1", fonts / "print" / "OFL-LXGWWenKai.txt",
                  N_("Kai second-level headings of the official print style, in PDFs")),
        Component("Noto Serif", "2.015", "SIL OFL 1.1", fonts / "print" / "OFL-NotoSerif.txt",
                  N_("English text of the official print style, in PDFs")),
        Component("Lucide icons", "1.87.0", "ISC", icon_dir / "LICENSE",
                  N_("The icons of the toolbar, menus and pages")),
    ]


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    text = (meta.get("License") or "").strip()
    if text and len(text) <= 40 and "\n" not in text:
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.split("::")[-1].strip().replace(" License", "")
    return text.splitlines()[0][:40] if text else "?"


def _licence_file(dist: metadata.Distribution) -> Path | None:
    for file in dist.files or []:
        name = file.name.upper()
        if name.startswith(("LICENSE", "LICENCE", "COPYING")) and "dist-info" in str(file) \
                or name.startswith(("LICENSE", "LICENCE", "COPYING")) and "licenses" in str(file):
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                return path
    return None


def libraries() -> list[Component]:
    out = []
    for name in LIBRARIES:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        out.append(Component(dist.metadata.get("Name") or name, dist.version, _licence_of(dist),
                             _licence_file(dist)))
    return out


def components() -> list[Component]:
    return _fonts_and_icons() + libraries()


def product_names() -> tuple[str, str]:
    """(Chinese, English) product names."""
    return translator("zh_CN").gettext("Coop Desktop"), "Coop Desktop"


class AboutDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("aboutDialog")
        self.logo = QLabel()
        self.logo.setPixmap(icons.app_icon().pixmap(72, 72))
        self.title = QLabel()
        self.title.setObjectName("aboutTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.components = components()
        self.table = QTableWidget(len(self.components), 4)
        self.table.setObjectName("aboutComponents")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.licence = QPlainTextEdit()
        self.licence.setObjectName("aboutLicence")
        self.licence.setReadOnly(True)
        self.licence.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_licence(row))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.licence)
        split.setSizes([260, 160])
        top = QHBoxLayout()
        top.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(760, 620)

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        zh, en = product_names()
        first, second = (zh, en) if self.ctx.tr.language.startswith("zh") else (en, zh)
        self.setWindowTitle(_("About Coop Desktop"))
        lines = [
            f"<h2 style='margin:0'>{html.escape(first)}</h2>",
            f"<div style='font-size:large'>{html.escape(second)}</div>",
            "<p>" + html.escape(_("Version {version}").format(version=__version__)) + "<br>"
            + html.escape(_("Records of SMEs going abroad, bilingual applications and their "
                            "documents, offline.")) + "</p>",
            "<p>" + html.escape(_("Python {python}, Qt {qt} (PySide6 {pyside}), SQLite "
                                  "{sqlite}").format(python=platform.python_version(),
                                                     qt=qVersion(), pyside=pyside_version,
                                                     sqlite=sqlite3.sqlite_version)) + "<br>"
            + html.escape(_("Data file: {path}").format(path=self.ctx.db.path)) + "</p>",
            "<p>" + html.escape(_("Bundled fonts, icons and libraries (choose one to read its "
                                  "licence):")) + "</p>",
        ]
        self.title.setText("".join(lines))
        self.table.setHorizontalHeaderLabels([_("Component"), _("Version"), _("Licence"),
                                              _("Used for")])
        for row, comp in enumerate(self.components):
            what = _(comp.what) if comp.what else _("Library")
            for column, text in enumerate((comp.name, comp.version, comp.licence, what)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.show_licence(self.table.currentRow())

    def show_licence(self, row: int) -> None:
        _ = self.ctx.tr.gettext
        if not 0 <= row < len(self.components):
            self.licence.setPlainText(_("Choose a component above to read its licence."))
            return
        comp = self.components[row]
        if comp.licence_file is None:
            self.licence.setPlainText(_("{name} is distributed under the {licence} licence; "
                                        "its licence file is not installed here.").format(
                name=comp.name, licence=comp.licence))
            return
        try:
            text = comp.licence_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = comp.licence
        self.licence.setPlainText(text)
        self.licence.moveCursor(self.licence.textCursor().MoveOperation.Start)
