"""The SME industrial cluster and digital-transformation pilot-city links in the enterprise
export (two columns, names in the header language, read once) and the import (headers,
matching a cell by name, unknown names, the recycle bin, empty cells, conflicts, undo)."""

from __future__ import annotations

from types import SimpleNamespace

import openpyxl
import pytest

from coop_desktop.cli import main
from coop_desktop.exchange import cells, export_lists, fields, importer, undo
from coop_desktop.exchange import export as ex
from coop_desktop.exchange.programme_names import ProgrammeIndex
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import SmeCluster, utcnow
from coop_desktop.services import enterprises, programmes
from tests.exchange.import_kit import uscc, write_csv

HAIDIAN = "北京市海淀区行业应用软件产业集群"
HAIDIAN_EN = "Haidian District (Beijing) Industry Application Software Cluster"
QINGYANG = "青羊区航空配套产业集群"


def _cluster(db, name_zh: str):
    return next(c for c in programmes.list_clusters(db) if c.name_zh == name_zh)


def _pilot(db, name_zh: str):
    return next(c for c in programmes.list_pilot_cities(db) if c.name_zh == name_zh)


@pytest.fixture
def linked(db):
    """Three enterprises: one in a cluster and a pilot city, one in a pilot city only, one
    in neither."""
    haidian, shenzhen = _cluster(db, HAIDIAN), _pilot(db, "深圳市")
    pudong = _pilot(db, "上海市浦东新区")
    made = {
        "both": enterprises.create(db, {"name_zh": "甲软件有限公司", "uscc": uscc(1, "110000"),
                                        "cluster_id": haidian.id,
                                        "pilot_city_id": shenzhen.id}).value,
        "pilot": enterprises.create(db, {"name_zh": "乙科技有限公司", "uscc": uscc(2, "310000"),
                                         "pilot_city_id": pudong.id}).value,
        "none": enterprises.create(db, {"name_zh": "丙贸易有限公司", "uscc": uscc(3)}).value,
    }
    return SimpleNamespace(haidian=haidian, shenzhen=shenzhen, pudong=pudong, **made)


def _by_name(path) -> dict[str, dict[str, object]]:
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return {str(r[rows[0][0]]): r for r in records}


# ------------------------------------------------------------------ export
@pytest.mark.parametrize(("headers", "language", "cluster_head", "pilot_head", "names"), [
    ("zh", "en", "中小企业特色产业集群", "数字化转型试点城市", (HAIDIAN, "深圳市", "上海市浦东新区")),
    ("en", "zh_CN", "SME industrial cluster", "Digital-transformation pilot city",
     (HAIDIAN_EN, "Shenzhen", "Pudong New Area, Shanghai")),
    ("both", "en", "中小企业特色产业集群 / SME industrial cluster",
     "数字化转型试点城市 / Digital-transformation pilot city", (HAIDIAN, "深圳市", "上海市浦东新区")),
])
def test_export_names_the_cluster_and_pilot_city_in_the_header_language(
        db, linked, tmp_path, headers, language, cluster_head, pilot_head, names):
    path = tmp_path / "list.xlsx"
    ex.run(ex.export(db, "enterprises", path, headers=headers, language=language))
    rows = _by_name(path)
    assert rows["甲软件有限公司"][cluster_head] == names[0]
    assert rows["甲软件有限公司"][pilot_head] == names[1]
    assert rows["乙科技有限公司"][cluster_head] is None
    assert rows["乙科技有限公司"][pilot_head] == names[2]
    assert rows["丙贸易有限公司"][cluster_head] is None and rows["丙贸易有限公司"][pilot_head] is None


def test_export_columns_are_choosable_and_listed(db, linked, tmp_path, capsys):
    path = tmp_path / "p.csv"
    ex.run(ex.export(db, "enterprises", path, columns=["name_zh", "pilot_city", "cluster"],
                     headers="zh"))
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == "企业名称,数字化转型试点城市,中小企业特色产业集群"
    assert set(lines[1:-1]) == {"丙贸易有限公司,,", f"甲软件有限公司,深圳市,{HAIDIAN}",
                                "乙科技有限公司,上海市浦东新区,"}
    # Part of every field (what an import reads back), not of the worked-out columns.
    assert {"cluster", "pilot_city"} <= set(export_lists.ENTERPRISE_KEYS)
    assert not {"cluster", "pilot_city"} & export_lists.DERIVED
    db.close()
    assert main(["--db", str(db.path), "--lang", "en", "export", "enterprises",
                 "--list-columns"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "cluster\t中小企业特色产业集群 / SME industrial cluster" in listed
    assert "pilot_city\t数字化转型试点城市 / Digital-transformation pilot city" in listed


def test_export_reads_the_names_once_and_names_a_recycled_cluster(db, linked, tmp_path,
                                                                  monkeypatch):
    with db.session() as session:
        session.get(SmeCluster, linked.haidian.id).deleted_at = utcnow()
    calls = []
    real = export_lists.names_by_id
    monkeypatch.setattr(export_lists, "names_by_id",
                        lambda *a, **kw: calls.append(a[1]) or real(*a, **kw))
    monkeypatch.setattr(export_lists, "BLOCK", 1)  # three blocks of one row
    path = tmp_path / "x.xlsx"
    ex.run(ex.export(db, "enterprises", path, headers="zh"))
    assert sorted(calls) == ["cluster", "pilot_city"]
    assert _by_name(path)["甲软件有限公司"]["中小企业特色产业集群"] == HAIDIAN
    calls.clear()
    ex.run(ex.export(db, "enterprises", path, columns=["name_zh", "uscc"]))
    assert calls == []  # not asked for: not read


# ------------------------------------------------------------------ headers and matching
@pytest.mark.parametrize(("header", "target"), [
    ("产业集群", "cluster_id"), ("特色产业集群", "cluster_id"),
    ("中小企业特色产业集群", "cluster_id"), ("*所属产业集群", "cluster_id"),
    ("Cluster", "cluster_id"), ("SME industrial cluster", "cluster_id"),
    ("中小企业特色产业集群 / SME industrial cluster", "cluster_id"),
    ("试点城市", "pilot_city_id"), ("数字化转型试点城市", "pilot_city_id"),
    ("中小企业数字化转型试点城市", "pilot_city_id"), ("Pilot city", "pilot_city_id"),
    ("Digital transformation pilot city", "pilot_city_id"),
    ("数字化转型试点城市 / Digital-transformation pilot city", "pilot_city_id"),
    ("城市", "city_code"), ("数字化水平", "digitalisation_level"),  # neighbours unchanged
])
def test_headers_are_recognised(header, target):
    assert fields.match_header(header) == target


def _row(row_id, name_zh, name_en=None, province="110000", city="北京市", deleted=False,
         key=None):
    return SimpleNamespace(id=row_id, name_zh=name_zh, name_en=name_en, source_key=key,
                           province_code=province, city_zh=city,
                           deleted_at=utcnow() if deleted else None)


@pytest.mark.parametrize(("kind", "cell", "expected"), [
    ("cluster", HAIDIAN, 1), ("cluster", f"  {HAIDIAN_EN.upper()} ", 1),
    ("cluster", "cl-2022-bj-haidian-software", 1),
    ("cluster", "北京市海淀区行业应用软件产业集群".replace("区", "区 "), 1),  # spaces
    ("cluster", "海淀区行业应用软件产业集群", 1),  # without the province (北京市)
    ("cluster", "北京海淀区行业应用软件产业集群", 1),  # the province's short name
    ("cluster", "成都市青羊区航空配套产业集群", 3), ("cluster", "四川省青羊区航空配套产业集群", 3),
    ("cluster", "四川省成都市青羊区航空配套产业集群", 3),
    ("pilot_city", "深圳市", 11), ("pilot_city", "ＳＨＥＮＺＨＥＮ", 11),  # full-width
    ("pilot_city", "广东省深圳市", 11), ("pilot_city", "深圳", 11),
    ("pilot_city", "浦东新区", 12), ("pilot_city", "上海浦东新区", 12),
])
def test_a_cell_is_matched_by_name(kind, cell, expected):
    index = ProgrammeIndex(
        [_row(1, HAIDIAN, HAIDIAN_EN, key="cl-2022-bj-haidian-software"),
         _row(2, "北京市丰台区轨道交通智能控制产业集群"),
         _row(3, QINGYANG, province="510000", city="成都市")],
        [_row(11, "深圳市", "Shenzhen", "440000", "深圳市"),
         _row(12, "上海市浦东新区", "Pudong New Area, Shanghai", "310000", "上海市")])
    assert index.read(kind, cell) == expected


def test_unknown_ambiguous_and_recycled_names():
    index = ProgrammeIndex(
        [_row(1, "甲区机器人产业集群", province="110000"),
         _row(2, "甲区机器人产业集群", province="310000", city="上海市"),
         _row(3, "北京市乙区芯片产业集群"), _row(4, "北京市乙区芯片产业集群", deleted=True),
         _row(5, "北京市丙区材料产业集群", deleted=True)],
        [_row(11, "苏州市", "Suzhou", "320000", "苏州市"),
         _row(12, "宿州市", "Suzhou", "340000", "宿州市")])
    with pytest.raises(cells.CellProblem) as unknown:
        index.read("cluster", "没有这个集群")
    assert unknown.value.message.render() == (
        "No SME industrial cluster called “没有这个集群” is known. The list shipped with the "
        "app is partial: link the enterprise to its cluster in the enterprise form, or leave "
        "the cell empty.")
    with pytest.raises(cells.CellProblem) as twice:
        index.read("pilot_city", "Suzhou")
    assert twice.value.message.render() == (
        "“Suzhou” could be several digital-transformation pilot cities: 苏州市、宿州市. Use the "
        "full name.")
    with pytest.raises(cells.CellProblem):
        index.read("cluster", "甲区机器人产业集群")  # same name in two provinces
    assert index.read("cluster", "上海市甲区机器人产业集群") == 2  # the province tells them apart
    assert index.read("cluster", "北京市乙区芯片产业集群") == 3  # the live one first
    assert index.read("cluster", "北京市丙区材料产业集群") == 5  # recycled: the importer decides
    with pytest.raises(cells.CellProblem):
        index.read("pilot_city", "浙江省苏州市")  # a province that is not the city's
    with pytest.raises(cells.CellProblem):
        index.read("cluster", "苏州市")  # a pilot city is not a cluster


# ------------------------------------------------------------------ import
HEAD = ["统一社会信用代码", "企业名称", "产业集群", "试点城市"]


def test_import_links_new_and_existing_enterprises_by_name(db, linked, tmp_path):
    guangzhou = _pilot(db, "广州市")
    qingyang = _cluster(db, QINGYANG)
    rows = [HEAD,
            [uscc(1, "110000"), "", "", "Guangzhou"],  # pilot changed, cluster kept (empty)
            [uscc(3), "", "成都市青羊区航空配套产业集群", "广州"],  # links an unlinked one
            [uscc(4), "丁新建有限公司", HAIDIAN_EN, "深圳市"]]  # a new enterprise
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows), backup=False)
    assert (report.created, report.updated, report.rejected) == (1, 2, 0)
    both = enterprises.get(db, linked.both.id)
    assert (both.cluster_id, both.pilot_city_id) == (linked.haidian.id, guangzhou.id)
    none = enterprises.get(db, linked.none.id)
    assert (none.cluster_id, none.pilot_city_id) == (qingyang.id, guangzhou.id)
    new = enterprises.get_by_uscc(db, uscc(4))
    assert (new.cluster_id, new.pilot_city_id) == (linked.haidian.id, linked.shenzhen.id)
    # A change of link is a conflict, shown by name; filling an empty link is not.
    assert [(c.row, c.field, c.column, c.old, c.new) for c in report.conflicts] == [
        (2, "pilot_city_id", "试点城市", "深圳市", "广州市")]
    zh = translator("zh_CN")
    assert "数字化转型试点城市" in report.conflicts[0].render(zh)


def test_an_unknown_name_rejects_the_row_in_the_users_language(db, linked, tmp_path):
    rows = [HEAD, [uscc(1, "110000"), "甲软件改名有限公司", "", "某某市"],
            [uscc(5), "戊新建有限公司", "没有的集群", ""],
            [uscc(6), "己新建有限公司", "", ""]]
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows), backup=False)
    assert (report.created, report.updated, report.rejected) == (1, 0, 2)
    assert enterprises.get(db, linked.both.id).name_zh == "甲软件有限公司"  # the row as a whole
    assert enterprises.get_by_uscc(db, uscc(5)) is None
    problems = {p.row: p for p in report.problems}
    assert (problems[2].column, problems[2].field) == ("试点城市", "pilot_city_id")
    assert problems[2].render() == (
        "Row 2, column “试点城市”: No digital-transformation pilot city called “某某市” is known. "
        "The list shipped with the app is partial: link the enterprise to its pilot city in "
        "the enterprise form, or leave the cell empty.")
    assert problems[3].render(translator("zh_CN")) == (
        "第 3 行，“产业集群”列：未找到名为“没有的集群”的中小企业特色产业集群。随软件提供的名单不完整："
        "请在企业档案中关联其所属产业集群，或将此单元格留空。")


def test_recycled_items_follow_the_form_rule(db, linked, tmp_path):
    with db.session() as session:
        session.get(SmeCluster, linked.haidian.id).deleted_at = utcnow()
    rows = [HEAD, [uscc(1, "110000"), "", HAIDIAN, ""],  # the link it has: unchanged
            [uscc(3), "", HAIDIAN, ""]]  # a new link to a recycled cluster: refused
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows), backup=False)
    assert (report.unchanged, report.rejected) == (1, 1)
    assert report.problems[0].row == 3 and report.problems[0].column == "产业集群"
    assert f"The SME cluster “{HAIDIAN}” is in the recycle bin" in report.problems[0].render()
    assert enterprises.get(db, linked.none.id).cluster_id is None


def test_an_empty_cell_keeps_the_link_unless_empty_clears(db, linked, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEAD, [uscc(1, "110000"), "", "", ""]])
    report = importer.apply(db, path, backup=False)
    assert report.unchanged == 1
    kept = enterprises.get(db, linked.both.id)
    assert (kept.cluster_id, kept.pilot_city_id) == (linked.haidian.id, linked.shenzhen.id)
    report = importer.apply(db, path, options=importer.ImportOptions(empty_clears=True),
                            backup=False)
    assert report.updated == 1
    cleared = enterprises.get(db, linked.both.id)
    assert (cleared.cluster_id, cleared.pilot_city_id) == (None, None)
    assert {c.field: (c.old, c.new) for c in report.conflicts} == {
        "cluster_id": (HAIDIAN, None), "pilot_city_id": ("深圳市", None)}


def test_undo_puts_the_links_back(db, linked, tmp_path):
    guangzhou = _pilot(db, "广州市")
    rows = [HEAD, [uscc(1, "110000"), "", QINGYANG, "广州市"],
            [uscc(2, "310000"), "", HAIDIAN, ""],
            [uscc(7), "庚新建有限公司", HAIDIAN, "广州市"]]
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows), backup=False)
    assert (report.created, report.updated, report.rejected) == (1, 2, 0)
    assert enterprises.get(db, linked.both.id).pilot_city_id == guangzhou.id
    result = undo.undo(db, report.batch_id)
    assert (result.records_restored, result.enterprises_removed) == (2, 1)
    both, pilot = enterprises.get(db, linked.both.id), enterprises.get(db, linked.pilot.id)
    assert (both.cluster_id, both.pilot_city_id) == (linked.haidian.id, linked.shenzhen.id)
    assert (pilot.cluster_id, pilot.pilot_city_id) == (None, linked.pudong.id)
    assert enterprises.get_by_uscc(db, uscc(7)) is None


def test_cli_import_with_links_in_chinese(db, linked, tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", [HEAD, [uscc(3), "", "深圳没有的集群", "深圳"]])
    db.close()
    code = main(["--db", str(db.path), "--lang", "zh_CN", "import", "enterprises", str(path),
                 "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1
    assert "第 2 行，“产业集群”列：未找到名为“深圳没有的集群”的中小企业特色产业集群。" in out
