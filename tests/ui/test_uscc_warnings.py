"""The enterprise form warns about an implausible USCC next to the field, and still saves."""

from __future__ import annotations

import pytest

from coop_desktop.services import enterprises
from coop_desktop.validation import org_code_check_char, uscc_check_char
from tests.ui.conftest import wait_tasks
from ui.widgets.enterprise_form import EnterpriseForm

REAL = "914403001922038216"  # Huawei, Shenzhen: both check characters right


def _code(first16: str) -> str:
    first17 = first16 + org_code_check_char(first16[8:])
    return first17 + uscc_check_char(first17)


UNKNOWN_REGION = _code("91999999MA000777")


@pytest.fixture
def form(qtbot, ctx):
    widget = EnterpriseForm(ctx)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    return widget


def _type(qtbot, editor, text):
    editor.setFocus()
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        editor.insert(text)  # as an input method commits it


def _load(qtbot, ctx, form, enterprise_id):
    form.load(enterprise_id)
    wait_tasks(qtbot, ctx)
    assert form.current_id == enterprise_id


def test_an_implausible_code_is_a_warning_in_amber_and_the_save_goes_ahead(qtbot, ctx, form):
    fields, label = form.details.fields, form.details.errors["uscc"]
    _type(qtbot, fields["name_zh"], "深圳市启明精密制造有限公司")
    _type(qtbot, fields["uscc"], UNKNOWN_REGION)
    qtbot.waitUntil(label.isVisible, timeout=3000)
    assert "“999999”" in label.text() and label.property("warning") is True
    assert not fields["uscc"].property("invalid")  # not tinted as refused
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        form.save()
    assert enterprises.get(ctx.db, saved.args[0]).uscc == UNKNOWN_REGION
    assert not form.summary.isVisible()  # the summary lists reasons a save was refused


def test_opening_a_record_shows_its_warning_and_a_real_code_shows_none(qtbot, ctx, form):
    odd = enterprises.create(ctx.db, {"name_zh": "甲公司", "uscc": UNKNOWN_REGION}).value
    real = enterprises.create(ctx.db, {"name_zh": "乙公司", "uscc": REAL}).value
    label = form.details.errors["uscc"]
    _load(qtbot, ctx, form, odd.id)
    assert label.isVisible() and "999999" in label.text()
    _load(qtbot, ctx, form, real.id)
    assert not label.isVisible()
    wait_tasks(qtbot, ctx)


def test_an_error_replaces_the_warning_in_the_error_colour(qtbot, ctx, form):
    fields, label = form.details.fields, form.details.errors["uscc"]
    _type(qtbot, fields["uscc"], UNKNOWN_REGION)
    qtbot.waitUntil(label.isVisible, timeout=3000)
    _type(qtbot, fields["uscc"], UNKNOWN_REGION[:17] + ("0" if UNKNOWN_REGION[17] != "0" else "1"))
    qtbot.waitUntil(lambda: "should be" in label.text(), timeout=3000)
    assert label.property("warning") is False and fields["uscc"].property("invalid")


def test_the_warning_follows_the_language(qtbot, ctx, form):
    odd = enterprises.create(ctx.db, {"name_zh": "丙公司", "uscc": UNKNOWN_REGION}).value
    _load(qtbot, ctx, form, odd.id)
    ctx.lang.set_language("zh_CN")
    label = form.details.errors["uscc"]
    qtbot.waitUntil(lambda: "请核对代码" in label.text(), timeout=3000)
