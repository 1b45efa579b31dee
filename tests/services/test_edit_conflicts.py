"""No silent overwrite: an edit based on text or values that changed since they were read is
refused with both versions (``EditConflict``), and edits of different fields merge."""

from __future__ import annotations

from datetime import date

import pytest

from coop_desktop.errors import EditConflict
from coop_desktop.services import applications, enterprises
from coop_desktop.services.catalog import zones
from coop_desktop.services.records import merge_edit
from coop_desktop.settings import AppSettings

OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局")


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {
        "name_zh": "深圳市冲突测试科技有限公司", "uscc": new_uscc(), "legal_rep": "张三",
        "name_en": "Shenzhen Conflict Test Technology Co., Ltd.",
        "website": "https://a.example.cn", "employees": 80}).value


@pytest.fixture
def draft(db, firm):
    zone = zones.list(db, source_key="cn-de-taicang")[0]
    return applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                               zone_id=zone.id, country="DE", settings=OFFICER).value


def _section(db, app_id, key):
    return next(s for s in applications.sections(db, app_id) if s.key == key)


def _first_key(db, app_id):
    return applications.sections(db, app_id)[0].key


def test_two_editors_on_one_section_no_edit_silently_overwritten(db, draft):
    key = _first_key(db, draft.id)
    loaded = _section(db, draft.id, key)
    # Window B (or another program) saves its version of the Chinese side first.
    applications.save_draft(db, draft.id, key, zh="乙窗口的文字", base_zh=loaded.zh)
    # Window A still works from what it loaded: its save is refused, nothing written.
    with pytest.raises(EditConflict) as info:
        applications.save_draft(db, draft.id, key, zh="甲窗口的文字", base_zh=loaded.zh)
    assert info.value.mine == "甲窗口的文字"
    assert info.value.theirs == "乙窗口的文字"
    assert info.value.base == loaded.zh
    assert info.value.field == f"{key}.zh"
    assert _section(db, draft.id, key).zh == "乙窗口的文字"
    # Once the user chose to keep theirs' text as the base, their own save goes through.
    applications.save_draft(db, draft.id, key, zh="甲窗口的文字", base_zh="乙窗口的文字")
    assert _section(db, draft.id, key).zh == "甲窗口的文字"


def test_a_conflict_on_one_side_writes_neither_side(db, draft):
    key = _first_key(db, draft.id)
    loaded = _section(db, draft.id, key)
    applications.save_draft(db, draft.id, key, en="Changed elsewhere", base_en=loaded.en)
    with pytest.raises(EditConflict):
        applications.save_draft(db, draft.id, key, zh="新的中文", en="Mine",
                                base_zh=loaded.zh, base_en=loaded.en)
    after = _section(db, draft.id, key)
    assert (after.zh, after.en) == (loaded.zh, "Changed elsewhere")


def test_same_text_saved_elsewhere_is_not_a_conflict(db, draft):
    key = _first_key(db, draft.id)
    loaded = _section(db, draft.id, key)
    applications.save_draft(db, draft.id, key, zh="相同", base_zh=loaded.zh)
    applications.save_draft(db, draft.id, key, zh="相同", base_zh=loaded.zh)
    assert _section(db, draft.id, key).zh == "相同"


def test_without_a_base_the_last_writer_wins_as_before(db, draft):
    key = _first_key(db, draft.id)
    applications.save_draft(db, draft.id, key, zh="一")
    applications.save_draft(db, draft.id, key, zh="二")
    assert _section(db, draft.id, key).zh == "二"


def test_line_endings_of_the_base_do_not_make_a_conflict(db, draft):
    key = _first_key(db, draft.id)
    applications.save_draft(db, draft.id, key, zh="第一行\n第二行")
    applications.save_draft(db, draft.id, key, zh="改过", base_zh="第一行\r\n第二行")
    assert _section(db, draft.id, key).zh == "改过"


def test_record_edits_of_different_fields_merge(db, firm):
    read = {"website": firm.website, "employees": firm.employees}
    enterprises.update(db, firm.id, {"employees": 95}, base={"employees": 80})
    # The form sends every field it shows; the website is the only one changed here.
    out = enterprises.update(db, firm.id, {"website": "https://b.example.cn", "employees": 80},
                             base=read).value
    assert out.website == "https://b.example.cn"
    assert out.employees == 95  # the other edit survived


def test_record_edit_of_a_field_changed_elsewhere_is_a_conflict(db, firm):
    enterprises.update(db, firm.id, {"employees": 95})
    with pytest.raises(EditConflict) as info:
        enterprises.update(db, firm.id, {"employees": 120}, base={"employees": 80})
    assert info.value.fields == {"employees": (120, 95)}
    assert enterprises.get(db, firm.id).employees == 95


def test_merge_edit_rules():
    current = {"a": 1, "b": "x", "c": None}
    assert merge_edit(current, {"a": 2}, None) == {"a": 2}
    assert merge_edit(current, {"a": 1, "b": "y"}, {"a": 0, "b": "x"}) == {"a": 1, "b": "y"}
    assert merge_edit(current, {"a": 5}, {"a": 5}) == {}  # unchanged by the user: theirs stays
    assert merge_edit(current, {"c": ""}, {"c": None}) == {}  # empty is empty
    with pytest.raises(EditConflict):
        merge_edit(current, {"a": 3}, {"a": 0})
