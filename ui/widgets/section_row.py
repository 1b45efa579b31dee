"""One section of the application editor: title, help, the Chinese and English fields side by
side with their counters, and tooltips for terms and placeholders under the mouse."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QHelpEvent
from PySide6.QtWidgets import (
    QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QToolTip, QWidget,
)

from coop_desktop.documents import qa
from coop_desktop.documents.placeholders import PLACEHOLDER_RE, PLACEHOLDERS
from coop_desktop.documents.templates import SectionSpec
from coop_desktop.services.applications import SectionInfo, section_done
from ui import fonts
from ui.context import AppContext
from ui.widgets import visible_text
from ui.widgets.bilingual_fields import ERROR_STYLE
from ui.widgets.section_text import SectionHighlighter, SectionTextEdit, from_qt
from ui.widgets.term_tools import TermCache, term_tooltip

MUTED_STYLE = "color: #5f6368;"
READ_ONLY_STYLE = "QTextEdit { background: #f3f3f3; color: #3c4043; }"


def chinese_font(base: QFont) -> QFont:
    """``base`` with the bundled CJK family first, so Chinese punctuation is full width."""
    font = QFont(base)
    cjk = [f for f in fonts.register_bundled_fonts() if "SC" in f or "CJK" in f]
    if cjk:
        current = font.families() or [font.family()]
        font.setFamilies([*cjk, *(f for f in current if f not in cjk)])
    return font


class SectionRow(QWidget):
    """``edited(key)`` on every change of either side; ``focused(key, side)`` when a side
    gets the focus; ``refresh_requested(key)`` for "Refresh from record"."""

    edited = Signal(str)
    zh_edited = Signal(str)
    focused = Signal(str, str)
    refresh_requested = Signal(str)

    def __init__(self, ctx: AppContext, info: SectionInfo, spec: SectionSpec | None,
                 terms: TermCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.info, self.spec, self.terms = ctx, info, spec, terms
        self.key = info.key
        self.setObjectName(f"sectionRow_{info.key}")
        self._loading = False
        self.read_only = False
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.required = QLabel("*")
        self.required.setStyleSheet(ERROR_STYLE + " font-weight: 600;")
        self.help_button = QToolButton()
        self.help_button.setObjectName("helpButton")
        self.help_button.setCheckable(True)
        self.help_button.setAutoRaise(True)
        self.help_button.setText("?")
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet(MUTED_STYLE)
        self.refresh_button = QToolButton()
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.clicked.connect(self._request_refresh)
        # Tab goes Chinese → English → next section's Chinese (the header's own
        # "Refresh all" and the title's tooltip cover these two from the keyboard)
        self.help_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.refresh_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.zh = SectionTextEdit("zh")
        self.en = SectionTextEdit("en")
        self.zh.setFont(chinese_font(self.zh.font()))
        self.zh_highlighter = SectionHighlighter(self.zh.document(), terms.find)
        self.en_highlighter = SectionHighlighter(self.en.document())
        self.zh_count, self.en_count = QLabel(), QLabel()
        for label in (self.zh_count, self.en_count):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(4)
        head.addWidget(self.title)
        head.addWidget(self.required)
        head.addWidget(self.help_button)
        head.addStretch(1)
        head.addWidget(self.refresh_button)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 6, 0, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addLayout(head, 0, 0, 1, 2)
        grid.addWidget(self.help, 1, 0, 1, 2)
        grid.addWidget(self.zh, 2, 0)
        grid.addWidget(self.en, 2, 1)
        grid.addWidget(self.zh_count, 3, 0)
        grid.addWidget(self.en_count, 3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        # (visibility only once parented: a parentless widget shown is a window of its own)
        self.required.setVisible(info.required)
        self.help_button.setVisible(bool(spec and (spec.help_zh or spec.help_en)))
        self.help.setVisible(False)
        self.help_button.toggled.connect(self.help.setVisible)

        for edit in (self.zh, self.en):
            edit.textChanged.connect(lambda e=edit: self._on_text(e))
            edit.focused.connect(lambda e=edit: self._emit_focused(e))
            edit.height_wanted.connect(self._fit_height)
            edit.viewport().installEventFilter(self)
        terms.loaded.connect(self.zh_highlighter.rehighlight)
        self.retranslate_ui()

    # ------------------------------------------------------------------ text
    def load(self, zh: str, en: str) -> None:
        """Show saved text (the fields' undo history starts afresh)."""
        self._loading = True
        self.zh.setPlainText(zh)
        self.en.setPlainText(en)
        self._loading = False
        self._update_counts()
        self._update_refresh()
        self._fit_height()

    def texts(self) -> tuple[str, str]:
        return self.zh.text(), self.en.text()

    def editor(self, side: str) -> SectionTextEdit:
        return self.zh if side == "zh" else self.en

    def done(self) -> tuple[bool, bool]:
        zh, en = self.texts()
        return section_done(zh), section_done(en)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for edit in (self.zh, self.en):
            edit.setReadOnly(read_only)
            edit.setStyleSheet(READ_ONLY_STYLE if read_only else "")
        self._update_refresh()

    def _request_refresh(self) -> None:
        self.refresh_requested.emit(self.key)

    def _emit_focused(self, edit: SectionTextEdit) -> None:
        self.focused.emit(self.key, edit.side)

    def _on_text(self, edit: SectionTextEdit) -> None:
        self._update_counts()
        self._update_refresh()
        if not self._loading:
            self.edited.emit(self.key)
            if edit is self.zh:
                self.zh_edited.emit(self.key)

    def _fit_height(self) -> None:
        height = max(self.zh.wanted_height(), self.en.wanted_height())
        for edit in (self.zh, self.en):
            if edit.height() != height or edit.minimumHeight() != height:
                edit.setFixedHeight(height)

    def _update_refresh(self) -> None:
        zh, en = self.texts()
        has = bool(PLACEHOLDER_RE.search(zh) or PLACEHOLDER_RE.search(en))
        self.refresh_button.setVisible(has and not self.read_only)

    def _update_counts(self) -> None:
        tr = self.ctx.tr
        zh, en = self.texts()
        chars, words = qa.count_zh_chars(zh), qa.count_en_words(en)
        limit_zh, limit_en = self.info.max_zh_chars, self.info.max_en_words
        if limit_zh:
            text = tr.ngettext("{count} character / {limit}", "{count} characters / {limit}",
                               chars).format(count=chars, limit=limit_zh)
        else:
            text = tr.ngettext("{count} character", "{count} characters", chars).format(
                count=chars)
        self.zh_count.setText(text)
        self.zh_count.setStyleSheet(ERROR_STYLE if limit_zh and chars > limit_zh else MUTED_STYLE)
        if limit_en:
            text = tr.ngettext("{count} word / {limit}", "{count} words / {limit}",
                               words).format(count=words, limit=limit_en)
        else:
            text = tr.ngettext("{count} word", "{count} words", words).format(count=words)
        self.en_count.setText(text)
        self.en_count.setStyleSheet(ERROR_STYLE if limit_en and words > limit_en else MUTED_STYLE)

    def over_limit(self) -> tuple[bool, bool]:
        zh, en = self.texts()
        return (bool(self.info.max_zh_chars and qa.count_zh_chars(zh) > self.info.max_zh_chars),
                bool(self.info.max_en_words and qa.count_en_words(en) > self.info.max_en_words))

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        lang = tr.language
        self.title.setText(self.info.title(lang))
        other = self.info.title_en if lang.startswith("zh") else self.info.title_zh
        help_text = self.spec.help(lang) if self.spec else ""
        self.title.setToolTip("\n\n".join(x for x in (other, help_text) if x))
        self.help.setText(help_text)
        self.required.setToolTip(_("Required section"))
        self.help_button.setToolTip(_("Show or hide the guidance for this section"))
        self.refresh_button.setText(_("Refresh from record"))
        self.refresh_button.setToolTip(_("Fill the {{…}} placeholders still in this section "
                                         "from the current records"))
        self.zh.setPlaceholderText(_("Chinese text"))
        self.en.setPlaceholderText(_("English text"))
        self._update_counts()

    # ------------------------------------------------------------------ tooltips
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            edit = self.zh if watched is self.zh.viewport() else (
                self.en if watched is self.en.viewport() else None)
            if edit is not None:
                text = self.tooltip_at(edit, event.pos())
                if text:
                    QToolTip.showText(event.globalPos(), text, edit.viewport())
                else:
                    QToolTip.hideText()
                    event.ignore()
                return True
        return super().eventFilter(watched, event)

    def tooltip_at(self, edit: SectionTextEdit, pos: QPoint) -> str:
        """What the mouse at ``pos`` (viewport coordinates) is over: a term or placeholder."""
        cursor = edit.cursorForPosition(pos)
        block = cursor.block()
        text = block.text()
        index = from_qt(text, cursor.positionInBlock())
        if pos.x() < edit.cursorRect(cursor).x() and index > 0:
            index -= 1  # the mouse is over the character before the cursor position
        tr = self.ctx.tr
        if 0 <= index < len(text) and (control := visible_text.tooltip(text[index], tr)):
            return control
        for m in PLACEHOLDER_RE.finditer(text):
            if m.start() <= index < m.end():
                path = m.group(1).strip()
                ph = PLACEHOLDERS.get(path)
                if ph is None:
                    return tr.gettext("Unknown placeholder {placeholder}: check its "
                                      "spelling.").format(placeholder="{{" + path + "}}")
                return tr.gettext("{description}: no value in the records yet. Fill it in the "
                                  "record, then use “Refresh from record”.").format(
                    description=ph.description(tr.language))
        if edit is self.zh:
            for hit in self.terms.find(text):
                if hit.start <= index < hit.end:
                    return term_tooltip(hit, tr)
        return ""

