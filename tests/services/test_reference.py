"""Shipped reference data: seeded into a new database, updated without clobbering edits."""

from __future__ import annotations

import copy

from coop_desktop.services import reference
from coop_desktop.services.catalog import glossary, zones


def test_new_database_has_the_shipped_zones_and_glossary(db):
    shipped = reference.load_items("zones")
    rows = zones.list(db)
    assert len(rows) == len(shipped) == 12
    by_key = {z.source_key: z for z in rows}
    jiaxing = by_key["cn-de-jiaxing"]
    assert jiaxing.name_zh.startswith("中德") and jiaxing.partner_countries == ["DE"]
    assert jiaxing.province_code == "330000" and jiaxing.confidence
    assert not jiaxing.user_edited and jiaxing.source_version == reference.manifest()["zones"]["version"]
    assert len(glossary.list(db)) == 100


def test_newer_version_updates_unedited_rows_and_keeps_edits(db):
    items = copy.deepcopy(reference.load_items("zones"))
    rows = {z.source_key: z for z in zones.list(db)}
    edited, removed = rows["cn-de-jiaxing"], rows["cn-de-wuhu"]
    zones.update(db, edited.id, {"notes": "我们的联系人：王女士", "name_en": "Jiaxing zone (our name)"})
    zones.delete(db, [removed.id])

    for item in items:
        item["confidence"] = "re-checked 2026"
    items.append({"key": "cn-xx-new", "name_zh": "新合作区", "name_en": "New Zone", "partners": ["FR"],
                  "batch": "2025", "recognised": 2026})
    [zr, _gr] = reference.sync(db, overrides={"zones": ("2026-01", items)})

    # the recycled row is refreshed too (restoring it brings current data)
    assert zr.added == 1 and zr.updated == 11 and zr.kept_edits == ["cn-de-jiaxing"]
    after = {z.source_key: z for z in zones.list(db)}
    assert after["cn-de-jiaxing"].name_en == "Jiaxing zone (our name)"
    assert after["cn-de-jiaxing"].confidence != "re-checked 2026"
    assert after["cn-de-kunshan"].confidence == "re-checked 2026"
    assert after["cn-xx-new"].name_zh == "新合作区"
    assert "cn-de-wuhu" not in after  # the user's delete stands
    assert {z.source_key for z in zones.list(db, deleted=True)} == {"cn-de-wuhu"}


def test_sync_is_skipped_when_versions_match(db):
    reports = reference.sync(db)
    assert all(r.skipped for r in reports)


# ------------------------------------------------------------------ confidence notes
CHANGSHA_EN = "confirmed (MIIT reply reported Nov 2022)"
CHANGSHA_ZH = "已确认（据报道工信部于2022年11月批复）"


def test_every_shipped_confidence_note_has_a_chinese_rendering():
    items = reference.load_items("zones")
    renderings: dict[str, set[str]] = {}
    for item in items:
        assert item["confidence"] and item["confidence_zh"], item["key"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in item["confidence_zh"]), item["key"]
        renderings.setdefault(item["confidence"], set()).add(item["confidence_zh"])
    assert len(renderings) == 9
    assert all(len(zh) == 1 for zh in renderings.values())  # same wording, same Chinese


def test_confidence_note_is_shown_in_the_ui_language_while_it_is_the_shipped_text(db):
    changsha = {z.source_key: z for z in zones.list(db)}["bri-changsha"]
    assert changsha.confidence == CHANGSHA_EN  # stored as shipped: English data
    assert reference.confidence_note(changsha, "en") == CHANGSHA_EN
    assert reference.confidence_note(changsha, "zh_CN") == CHANGSHA_ZH

    # editing another field marks the row user-edited; the note is still the shipped text
    edited = zones.update(db, changsha.id, {"notes": "联系人：王女士"}).value
    assert edited.user_edited
    assert reference.confidence_note(edited, "zh_CN") == CHANGSHA_ZH

    # a note the user typed is shown as typed, whatever the language
    for typed in ("已与园区管委会电话核实", "confirmed by phone with the zone office"):
        row = zones.update(db, changsha.id, {"confidence": typed}).value
        assert reference.confidence_note(row, "zh_CN") == typed
        assert reference.confidence_note(row, "en") == typed


def test_confidence_note_of_own_zones_and_of_changed_shipped_text(db):
    # the user's own zone: its note is the user's, even when worded like a shipped one
    own = zones.create(db, {"name_zh": "中法（测试）中小企业合作区", "confidence": "confirmed"}).value
    assert own.source_key is None
    assert reference.confidence_note(own, "zh_CN") == "confirmed"
    blank = zones.create(db, {"name_zh": "中意（测试）中小企业合作区"}).value
    assert reference.confidence_note(blank, "zh_CN") == reference.confidence_note(blank, "en") == ""

    # a newer shipped text that has no rendering here is shown as it is
    items = copy.deepcopy(reference.load_items("zones"))
    for item in items:
        item["confidence"] = "re-checked 2026"
    reference.sync(db, overrides={"zones": ("2026-01", items)})
    kunshan = {z.source_key: z for z in zones.list(db)}["cn-de-kunshan"]
    assert reference.confidence_note(kunshan, "zh_CN") == "re-checked 2026"
