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
