"""The import's fast paths give exactly what the slow ones give: derived columns, the
full-text index of bulk-inserted enterprises, the insert trigger put back."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from coop_desktop import demo
from coop_desktop.exchange import derived, importer
from coop_desktop.models import Enterprise
from coop_desktop.services import enterprises
from coop_desktop.services.enterprise_checks import derive
from tests.exchange.import_kit import uscc, write_csv

ODD_NAMES = ["𠮷祥精密机械（深圳）有限公司", "ABC科技123号 Ltd.", "ＡＢＣ全角字母", "重庆长安汽车",
             "银行行长", "  多  空格  ", "Ünïcödé 测试", "中国-德国(太仓)合作区", "😀表情公司",
             "乐乐乐", "a", "", "١٢٣ 阿拉伯", "厦门 · 海韵"]


def test_derived_columns_equal_derive(db):
    demo.generate(db, enterprises=300, seed=4)
    keys = ("name_zh", "name_en", "city_zh", "city_en", "tags", "industry", "employees",
            "revenue_fen", "total_assets_fen")
    with db.read() as session:
        rows = session.exec(__import__("sqlmodel").select(Enterprise)).all()
        values = [{k: getattr(r, k) for k in keys} for r in rows]
    for name in ODD_NAMES:
        values.append({"name_zh": name, "name_en": name, "city_zh": name, "city_en": None,
                       "tags": [name, "出口"], "industry": "industry", "employees": 9,
                       "revenue_fen": None, "total_assets_fen": None})
    for value in values:
        assert derived.derive(value) == derive(value), value["name_zh"]


@pytest.fixture(autouse=True)
def _no_backup(monkeypatch):
    monkeypatch.setattr("coop_desktop.services.backups.take_backup",
                        lambda *a, **kw: type("Info", (), {"path": None})())


def test_imported_enterprises_are_searchable_and_the_trigger_is_back(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 7)  # several chunks, several index ranges
    rows = [["企业名称", "统一社会信用代码", "英文名称"]]
    rows += [[f"瑞丰{n}号精密机械有限公司", uscc(200 + n), f"Ruifeng {n} Machinery"]
             for n in range(20)]
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows))
    assert report.created == 20
    assert enterprises.count(db, _query("瑞丰")) == 20
    assert enterprises.count(db, _query("ruifeng")) == 20
    assert enterprises.count(db, _query("jingmijixie")) == 20  # run-together pinyin
    assert enterprises.count(db, _query("精密")) == 20  # a two-character token
    with db.read() as session:
        triggers = {r[0] for r in session.connection().execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'enterprise'"))}
    assert "enterprise_fts_ai" in triggers
    enterprises.create(db, {"name_zh": "之后新建有限公司", "uscc": uscc(999)})
    assert enterprises.count(db, _query("之后新建")) == 1


def test_an_import_that_changes_nothing_leaves_the_schema_alone(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["企业名称", "统一社会信用代码"], ["甲", uscc(5)]])
    importer.apply(db, path)
    with db.read() as session:
        before = list(session.connection().execute(text("SELECT sql FROM sqlite_master")))
    report = importer.apply(db, path)
    assert report.batch_id is None and report.unchanged == 1
    with db.read() as session:
        assert list(session.connection().execute(text("SELECT sql FROM sqlite_master"))) == before


def _query(words: str):
    from coop_desktop.db.repositories.enterprises import EnterpriseQuery

    return EnterpriseQuery(text=words)
