"""Shipped reference data: seeded into a new database, updated without clobbering edits."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from sqlmodel import select

from coop_desktop.models import AuditEntry, Enterprise, PilotCity, ReferenceDataset, SmeCluster
from coop_desktop.services import enterprises, open_database, reference
from coop_desktop.services.catalog import glossary, zone_links, zones

FIXTURE_DIR = Path(__file__).parent.parent / "fixtures" / "db_versions"


def _rows(db, table, *, deleted: bool = False) -> dict[str, object]:
    with db.read() as session:
        rows = session.exec(select(table)).all()
        for row in rows:
            session.expunge(row)
    return {r.source_key: r for r in rows if (r.deleted_at is not None) == deleted}


def test_new_database_has_every_shipped_list(db):
    rows = zones.list(db)
    assert len(rows) == len(reference.load_items("zones")) == 13
    by_key = {z.source_key: z for z in rows}
    jiaxing = by_key["cn-de-jiaxing"]
    assert jiaxing.name_zh.startswith("中德") and jiaxing.partner_countries == ["DE"]
    assert jiaxing.province_code == "330000" and jiaxing.confidence
    assert not jiaxing.user_edited and jiaxing.source_version == reference.manifest()["zones"]["version"]
    changsha, cangzhou = by_key["bri-changsha"], by_key["cn-ceec-cangzhou"]
    assert changsha.approval_document == "工信部企业函〔2022〕246号"
    assert changsha.source.startswith("《工业和信息化部关于同意设立") and "http" not in changsha.source
    assert cangzhou.approved_on == date(2018, 2, 14) and "MD" in cangzhou.partner_countries
    assert by_key["cn-ch-changzhou"].valid_until_year == 2030
    assert len(glossary.list(db)) == len(reference.load_items("glossary"))

    clusters, pilots = _rows(db, SmeCluster), _rows(db, PilotCity)
    assert len(clusters) == len(reference.load_items("clusters"))
    assert len(pilots) == len(reference.load_items("pilot_cities"))
    liyang = clusters["cl-2022-js-liyang-battery"]
    assert (liyang.province_code, liyang.city_code) == ("320000", "320400")
    assert (liyang.province_en, liyang.city_zh, liyang.city_en) == ("Jiangsu", "常州市", "Changzhou")
    assert liyang.list_year == 2022 and liyang.valid_until_year == 2025
    assert liyang.approval_document == "工信部企业函〔2023〕3号" and liyang.notes is None
    pudong = pilots["pc-shanghai-pudong"]
    assert pudong.name_zh == "上海市浦东新区" and pudong.city_code == "310100"
    assert pudong.batch == 1 and pudong.list_year == 2023


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
    [zr, cr, pr, _gr] = reference.sync(db, overrides={"zones": ("2026-01", items)})

    # the recycled row is refreshed too (restoring it brings current data)
    assert zr.added == 1 and zr.updated == 12 and zr.kept_edits == ["cn-de-jiaxing"]
    assert zr.retired == zr.kept_retired == [] and cr.skipped and pr.skipped
    after = {z.source_key: z for z in zones.list(db)}
    assert after["cn-de-jiaxing"].name_en == "Jiaxing zone (our name)"
    assert after["cn-de-jiaxing"].confidence != "re-checked 2026"
    assert after["cn-de-kunshan"].confidence == "re-checked 2026"
    assert after["cn-xx-new"].name_zh == "新合作区"
    assert "cn-de-wuhu" not in after  # the user's delete stands
    assert {z.source_key for z in zones.list(db, deleted=True)} == {"cn-de-wuhu"}


def test_clusters_and_pilot_cities_follow_the_same_rules(db):
    clusters = copy.deepcopy(reference.load_items("clusters"))
    pilots = copy.deepcopy(reference.load_items("pilot_cities"))
    with db.session() as session:  # a user's edit of a shipped cluster
        row = session.exec(select(SmeCluster).where(
            SmeCluster.source_key == "cl-2022-js-liyang-battery")).one()
        row.notes, row.user_edited = "我们的集群联系人", True
        session.add(row)
    for item in clusters:
        item["valid_until_year"] = 2031
    pilots[0]["name_en"] = "Fuzhou City"
    reports = {r.dataset: r for r in reference.sync(
        db, overrides={"clusters": ("2026-01", clusters), "pilot_cities": ("2026-01", pilots)})}
    assert reports["zones"].skipped and reports["glossary"].skipped
    assert reports["clusters"].kept_edits == ["cl-2022-js-liyang-battery"]
    assert reports["clusters"].updated == len(clusters) - 1
    assert reports["pilot_cities"].updated == 1
    after = _rows(db, SmeCluster)
    assert after["cl-2022-js-liyang-battery"].valid_until_year == 2025  # the edited row: untouched
    assert after["cl-2022-js-liyang-battery"].notes == "我们的集群联系人"
    assert after["cl-2022-js-changshu-fluorine"].valid_until_year == 2031
    assert all(r.source_version == "2026-01" for k, r in after.items() if k != "cl-2022-js-liyang-battery")
    assert _rows(db, PilotCity)["pc-fuzhou"].name_en == "Fuzhou City"
    with db.read() as session:
        versions = {d.name: d.version for d in session.exec(select(ReferenceDataset))}
    assert versions["clusters"] == versions["pilot_cities"] == "2026-01"


def test_renamed_and_removed_items_keep_the_rows_users_linked(db, new_uscc):
    firm = enterprises.create(db, {"name_zh": "南京欧联精密机械有限公司", "uscc": new_uscc()}).value
    shipped = {z.source_key: z for z in zones.list(db)}
    nanjing, wuhu, jinan = shipped["cn-eu-nanjing"], shipped["cn-de-wuhu"], shipped["cn-de-jinan"]
    link = zone_links.create(db, {"enterprise_id": firm.id, "zone_id": nanjing.id}).value
    zone_links.create(db, {"enterprise_id": firm.id, "zone_id": wuhu.id})
    clusters = _rows(db, SmeCluster)
    with db.session() as session:
        row = session.get(Enterprise, firm.id)
        row.cluster_id = clusters["cl-2022-js-yuhuatai-rail"].id
        session.add(row)

    items = [dict(i) for i in reference.load_items("zones")]
    for item in items:
        if item["key"] == "cn-eu-nanjing":
            item["name_zh"] = "中欧（南京）中小企业合作区"  # renamed: same key
    items = [i for i in items if i["key"] not in ("cn-de-wuhu", "cn-de-jinan")]  # removed
    cluster_items = [i for i in reference.load_items("clusters")
                     if i["key"] not in ("cl-2022-js-yuhuatai-rail", "cl-2022-js-liyang-battery")]
    reports = {r.dataset: r for r in reference.sync(
        db, overrides={"zones": ("2026-01", items), "clusters": ("2026-01", cluster_items)})}

    assert reports["zones"].kept_retired == ["cn-de-wuhu"]  # linked: stays as it was
    assert reports["zones"].retired == ["cn-de-jinan"]  # nobody used it: recycle bin
    after = {z.source_key: z for z in zones.list(db)}
    assert after["cn-eu-nanjing"].id == nanjing.id
    assert after["cn-eu-nanjing"].name_zh == "中欧（南京）中小企业合作区"
    assert zone_links.get(db, link.id).zone_id == nanjing.id  # the link follows the rename
    assert after["cn-de-wuhu"].name_zh == wuhu.name_zh and after["cn-de-wuhu"].deleted_at is None
    binned = {z.source_key: z for z in zones.list(db, deleted=True)}
    assert set(binned) == {"cn-de-jinan"}
    assert binned["cn-de-jinan"].source_version == reference.RETIRED + "2026-01"
    assert reports["clusters"].kept_retired == ["cl-2022-js-yuhuatai-rail"]
    assert reports["clusters"].retired == ["cl-2022-js-liyang-battery"]
    assert enterprises.get(db, firm.id).cluster_id == clusters["cl-2022-js-yuhuatai-rail"].id

    # shipped again later: the retired row comes back (a user's own delete would stand)
    again = [dict(i) for i in reference.load_items("zones")]
    [zr, *_] = reference.sync(db, overrides={"zones": ("2026-02", again)})
    assert zr.returned == ["cn-de-jinan"] and zr.added == 0
    assert {z.source_key for z in zones.list(db)} >= {"cn-de-jinan", "cn-de-wuhu"}
    assert zones.get(db, jinan.id).source_version == "2026-02"


def test_an_old_database_picks_up_the_new_versions_without_losing_edits(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE_DIR / "v0006.sqlite", path)
    with sqlite3.connect(path) as conn:  # as a user of the old version left it
        assert conn.execute("SELECT version FROM reference_dataset WHERE name = 'zones'"
                            ).fetchone()[0] == "2025-11-domain-3"
        conn.execute("UPDATE zone SET name_en = 'Changzhou zone (ours)', notes = '已签约',"
                     " user_edited = 1 WHERE source_key = 'cn-ch-changzhou'")
        firm = conn.execute("SELECT id FROM enterprise ORDER BY id LIMIT 1").fetchone()[0]
        nanjing = conn.execute("SELECT id FROM zone WHERE source_key = 'cn-eu-nanjing'").fetchone()[0]
        conn.execute("INSERT INTO zone_link (enterprise_id, zone_id, status, created_at, updated_at)"
                     " VALUES (?, ?, 'interested', '2026-01-05 09:00:00', '2026-01-05 09:00:00')",
                     (firm, nanjing))
    conn.close()

    db, report = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert report.from_revision == "0006"
        after = {z.source_key: z for z in zones.list(db)}
        assert len(after) == 13
        changzhou = after["cn-ch-changzhou"]  # edited by the user: left exactly as it was
        assert changzhou.user_edited and changzhou.name_en == "Changzhou zone (ours)"
        assert changzhou.name_zh == "中瑞（士）中小企业合作区（常州）" and changzhou.notes == "已签约"
        assert changzhou.source_version == "2025-11-domain-3"
        assert after["cn-eu-nanjing"].id == nanjing  # renamed in place; the link still works
        assert after["cn-eu-nanjing"].name_zh == "中欧中小企业合作区"
        assert [link.zone_id for link in zone_links.list(db, enterprise_id=firm)] == [nanjing]
        assert "cn-de-lianyungang" in after and after["cn-de-jieyang"].recognised_year == 2015
        versions = {d: reference.manifest()[d]["version"] for d in ("zones", "clusters", "pilot_cities")}
        assert all(after[k].source_version == versions["zones"] for k in after if k != "cn-ch-changzhou")
        assert len(_rows(db, SmeCluster)) == len(reference.load_items("clusters"))
        assert len(_rows(db, PilotCity)) == len(reference.load_items("pilot_cities"))
        with db.read() as session:
            applied = {d.name: d.version for d in session.exec(select(ReferenceDataset))}
            actors = set(session.exec(select(AuditEntry.actor).where(
                AuditEntry.entity == "sme_cluster")))
        assert {k: applied[k] for k in versions} == versions
        assert actors == {reference.ACTOR}
        assert all(r.skipped for r in reference.sync(db))  # the next start has nothing to do
    finally:
        db.close()


def test_sync_is_skipped_when_versions_match(db):
    reports = reference.sync(db)
    assert [r.dataset for r in reports] == ["zones", "clusters", "pilot_cities", "glossary"]
    assert all(r.skipped for r in reports)


# ------------------------------------------------------------------ confidence notes
CHANGSHA_EN = "confirmed"
CHANGSHA_ZH = "已确认"


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


def test_confidence_note_of_clusters_and_pilot_cities(db):
    cluster = _rows(db, SmeCluster)["cl-sc-xindu-airframe"]
    assert cluster.confidence == "confirmed; list year not found"
    assert reference.confidence_note(cluster, "zh_CN") == "已确认；未查到入选年度"
    assert reference.confidence_note(cluster, "en") == "confirmed; list year not found"
    pilot = _rows(db, PilotCity)["pc-mianyang"]
    assert reference.confidence_note(pilot, "zh_CN") == "很可能"
    # the same key in another list is another item
    assert reference.confidence_note(pilot, "zh_CN", dataset="zones") == pilot.confidence


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
