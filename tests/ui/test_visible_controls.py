"""Invisible control characters are shown, never acting unseen, and kept exactly; line edits
take their maximum from ``coop_desktop.limits``."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit

from coop_desktop import controls, limits
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import applications, enterprises
from tests.ui.test_application_editor import FAST, OFFICER, _type_at_end, settle, show
from ui.models.row_table import RowTableModel
from ui.widgets.application_editor import ApplicationEditor
from ui.widgets.form_fields import LineField, TextField, limit_line_edits
from ui.widgets.section_text import SectionTextEdit
from ui.widgets.visible_text import tooltip

HIDDEN = "合作\u202eexe.doc\x00结束\u2067שלום\u2069"


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if ch in controls.SHOWN]


def test_section_editor_shows_markers_and_gives_back_the_exact_text(qtbot):
    edit = SectionTextEdit("zh")
    qtbot.addWidget(edit)
    edit.setPlainText(HIDDEN)
    shown = edit.document().toRawText()
    assert _raw_controls(shown) == []  # nothing left to reverse the line or hide
    assert len(shown) == len(HIDDEN) and edit.text() == HIDDEN
    edit.moveCursor(QTextCursor.MoveOperation.End)
    edit.insertPlainText("。")
    assert edit.text() == HIDDEN + "。"
    edit.replace_all("前\u202e后")
    assert edit.text() == "前\u202e后" and _raw_controls(edit.document().toRawText()) == []
    edit.selectAll()
    copied = edit.createMimeDataFromSelection()
    assert copied.text() == "前\u202e后"  # the clipboard gets the real characters
    pasted = QMimeData()
    pasted.setText("\x00粘贴")
    edit.insertFromMimeData(pasted)
    assert edit.text() == "\x00粘贴" and _raw_controls(edit.document().toRawText()) == []


def test_a_text_that_holds_a_stand_in_character_is_left_exactly_as_it_is(qtbot):
    edit = SectionTextEdit("en")
    qtbot.addWidget(edit)
    text = "private use \uf7c2 and \u202e"
    edit.setPlainText(text)
    assert edit.text() == text  # never turned into a control character


def test_the_marker_names_the_character_in_both_languages():
    stand_in = controls.reveal("\u202e")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in tooltip(stand_in, translator("en"))
    assert "U+202E" in tooltip(stand_in, translator("zh_CN"))
    assert tooltip("a", translator("en")) == ""


def test_form_text_fields_keep_control_characters_and_show_markers(qtbot):
    field = TextField("notes")
    qtbot.addWidget(field)
    field.set_value("备注\u202e" + "\x07")
    assert _raw_controls(field.toPlainText()) == []
    assert field.value() == "备注\u202e\x07" and field.raw() == "备注\u202e\x07"


def test_tables_show_control_characters_as_code_points(qtbot):
    class Model(RowTableModel):
        COLUMNS = ("Notes",)

        def cell(self, row, column, role):
            return row if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) \
                else None

    model = Model(translator("en"))
    model.set_rows(["gnp\u202eexe.doc"])
    assert model.data(model.index(0, 0)) == "gnp[U+202E]exe.doc"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "gnp[U+202E]exe.doc"


def test_line_edits_take_the_limit_but_never_cut_a_longer_stored_value(qtbot):
    name, plain = LineField("name_zh", lambda: translator("en")), QLineEdit()
    qtbot.addWidget(name)
    qtbot.addWidget(plain)
    limit_line_edits("enterprise", {"name_zh": name, "website": plain, "employees": QLineEdit()})
    assert name.maxLength() == limits.max_chars("enterprise", "name_zh") == 200
    assert plain.maxLength() == 300
    legacy = "名" * 250  # stored before there was a limit
    name.set_value(legacy)
    assert name.value() == legacy
    plain.setText("w" * 400)
    assert plain.text() == "w" * 400


def test_editor_round_trip_of_a_section_with_control_characters(qtbot, ctx, db, new_uscc):
    firm = enterprises.create(db, {"name_zh": "示例科技有限公司", "uscc": new_uscc()}).value
    app = applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                              settings=OFFICER, deadline=date(2031, 1, 1)).value
    key = applications.sections(db, app.id)[1].key
    applications.update_section(db, app.id, key, zh=HIDDEN, en="Text\u202e here")
    ctx.settings = OFFICER
    editor = ApplicationEditor(ctx, **FAST)
    qtbot.addWidget(editor)
    editor.resize(1200, 760)
    show(qtbot, editor)
    editor.open(app.id)
    settle(qtbot, ctx, editor)
    row = editor.row(key)
    assert _raw_controls(row.zh.document().toRawText()) == []
    _type_at_end(qtbot, row.zh, "新")
    settle(qtbot, ctx, editor)
    saved = next(s for s in applications.sections(db, app.id) if s.key == key)
    assert saved.zh == HIDDEN + "新" and saved.en == "Text\u202e here"


@pytest.mark.parametrize("value", ["a\u202eb", "\x00", "x\u2066y\u2069"])
def test_messages_quote_control_characters_visibly(value):
    from coop_desktop.errors import Message

    text = Message("There is no template with the key “{key}”.", {"key": value}).render()
    assert _raw_controls(text) == [] and "[U+" in text
