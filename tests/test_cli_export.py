"""``coop-desktop export LIST FILE``: filters, columns, headers, errors, while the app is open."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from coop_desktop.cli import main
from coop_desktop.db.lock import InstanceLock
from coop_desktop.services import enterprises, open_database
from coop_desktop.services.catalog import titles


@pytest.fixture
def db_path(tmp_path: Path, new_uscc, _fresh_database_file: Path) -> Path:
    path = tmp_path / "cli.sqlite"
    shutil.copyfile(_fresh_database_file, path)  # a new database (conftest makes it once)
    db, _ = open_database(path, actor="tester")
    try:
        for name, city, industry, revenue in (("深圳甲科技有限公司", "440300", "industry", 500),
                                              ("广州乙贸易有限公司", "440100", "wholesale", 900),
                                              ("北京丙软件有限公司", "110000", "software_it", 700)):
            made = enterprises.create(db, {"name_zh": name, "uscc": new_uscc(city),
                                           "city_code": city, "industry": industry,
                                           "revenue_fen": revenue * 1_000_000,
                                           "tags": ["出口"] if city != "440100" else []}).value
            if city == "110000":
                titles.create(db, {"enterprise_id": made.id, "tier": "srdi",
                                   "level": "provincial"})
                titles.create(db, {"enterprise_id": made.id, "tier": "little_giant",
                                   "level": "national"})
    finally:
        db.close()
    return path


def _rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_filters_sort_columns_and_headers(db_path, tmp_path, capsys):
    out = tmp_path / "gd.xlsx"
    code = main(["--db", str(db_path), "--lang", "en", "export", "enterprises", str(out),
                 "--filter", "province=广东", "--sort", "revenue", "--descending",
                 "--columns", "name_zh,revenue_fen,industry", "--headers", "zh"])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out}: 2 rows."
    assert _rows(out) == [("企业名称", "营业收入（万元）", "所属行业"),
                          ("广州乙贸易有限公司", 900, "Wholesale"),
                          ("深圳甲科技有限公司", 500, "Industry (mining, manufacturing, and "
                           "production and supply of electricity, heat, gas and water)")]


@pytest.mark.parametrize(("filters", "expected"), [
    (["tier=小巨人"], ["北京丙软件有限公司"]),
    (["tier=little_giant", "tag=出口"], ["北京丙软件有限公司"]),
    (["tag=出口", "province=Guangdong"], ["深圳甲科技有限公司"]),
    (["industry=批发业"], ["广州乙贸易有限公司"]),
    (["city=深圳市"], ["深圳甲科技有限公司"]),
    (["text=乙"], ["广州乙贸易有限公司"]),
])
def test_each_filter_of_the_list_page(db_path, tmp_path, filters, expected):
    out = tmp_path / "f.csv"
    args = [a for f in filters for a in ("--filter", f)]
    assert main(["--db", str(db_path), "export", "enterprises", str(out), "--columns", "name_zh",
                 "--headers", "zh", *args]) == 0
    lines = out.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == "企业名称" and lines[1:-1] == expected and lines[-1] == ""


def test_works_while_the_app_has_the_database_open(db_path, tmp_path, capsys):
    app_db, _ = open_database(db_path, actor="app")
    try:
        with InstanceLock(db_path) as lock:
            assert lock.acquire()
            out = tmp_path / "open.xlsx"
            assert main(["--db", str(db_path), "export", "enterprises", str(out)]) == 0
    finally:
        app_db.close()
    assert len(_rows(out)) == 4
    assert out.stat().st_mode & 0o777 == 0o600


def test_zones_and_listing_the_columns(db_path, tmp_path, capsys):
    out = tmp_path / "zones.csv"
    assert main(["--db", str(db_path), "--lang", "en", "export", "zones", str(out),
                 "--headers", "en"]) == 0
    assert out.read_bytes().decode("utf-8-sig").startswith("Zone name (Chinese),")
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "zh_CN", "export", "enterprises",
                 "--list-columns"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == "name_zh\t企业名称 / Company name"
    assert any(line.startswith("size_class\t") and "导入时不读取" in line for line in listed)


@pytest.mark.parametrize(("args", "message"), [
    (["enterprises", "x.xlsx", "--filter", "colour=red"], "Unknown filter “colour”"),
    (["enterprises", "x.xlsx", "--filter", "province"], "KEY=VALUE"),
    (["enterprises", "x.xlsx", "--filter", "province=Atlantis"], "does not know “Atlantis”"),
    (["enterprises", "x.xlsx", "--filter", "expiring=soon"], "number of days"),
    (["enterprises", "x.xlsx", "--sort", "colour"], "Unknown sort “colour”"),
    (["enterprises", "x.pdf"], "Cannot tell the format"),
    (["enterprises", "x.xlsx", "--columns", "name_zh,colour"], "Unknown column “colour”"),
    (["enterprises"], "Name the file"),
    (["zones", "z.csv", "--filter", "province=广东"], "enterprise list only"),
])
def test_errors_are_one_line_with_status_2(db_path, tmp_path, capsys, monkeypatch, args,
                                           message):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db_path), "--lang", "en", "export", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and err.count("\n") == 1 and message in err
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "z.csv").exists()


def test_pilot_city_and_cluster_filters_by_name_any_and_none(db_path, tmp_path):
    from coop_desktop.services import programmes

    db, _ = open_database(db_path, actor="tester")
    try:
        shenzhen = next(c for c in programmes.list_pilot_cities(db) if c.name_zh == "深圳市")
        firm = enterprises.search(db, "深圳甲")[0]
        enterprises.update(db, firm.id, {"pilot_city_id": shenzhen.id})
    finally:
        db.close()
    for filters, expected in ((["pilot=深圳"], ["深圳甲科技有限公司"]),
                              (["pilot=none", "province=广东"], ["广州乙贸易有限公司"]),
                              (["cluster=any"], [])):
        out = tmp_path / "p.csv"
        args = [a for f in filters for a in ("--filter", f)]
        assert main(["--db", str(db_path), "export", "enterprises", str(out), "--columns",
                     "name_zh", "--headers", "zh", *args]) == 0
        assert out.read_bytes().decode("utf-8-sig").split("\r\n")[1:-1] == expected
