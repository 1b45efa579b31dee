"""Search in Chinese and English: substrings of every length, USCC, pinyin, AND of terms."""

from __future__ import annotations

import pytest

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.services import enterprises

COMPANIES = [
    ("华为技术有限公司", "Huawei Technologies Co., Ltd.", "440300", ["通信", "export"]),
    ("苏州瑞丰精密机械有限公司", "Suzhou Ruifeng Precision Machinery Co., Ltd.", "320500", ["专精特新"]),
    ("杭州博远新材料科技股份有限公司", "Hangzhou Boyuan New Materials Technology Co., Ltd.", "330100", []),
    ("宁波瑞丰汽车零部件有限公司", "Ningbo Ruifeng Auto Parts Co., Ltd.", "330200", ["出口"]),
]


@pytest.fixture
def firms(db, new_uscc):
    out = {}
    for name_zh, name_en, city, tags in COMPANIES:
        e = enterprises.create(db, {"name_zh": name_zh, "name_en": name_en, "uscc": new_uscc(city),
                                    "city_code": city, "tags": tags}).value
        out[name_zh[:4]] = e
    return out


def _found(db, q):
    return sorted(r.name_zh for r in enterprises.search(db, q, limit=100))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("华", ["华为技术有限公司"]),  # one character
        ("瑞丰", ["宁波瑞丰汽车零部件有限公司", "苏州瑞丰精密机械有限公司"]),  # two characters
        ("精密机", ["苏州瑞丰精密机械有限公司"]),  # three
        ("新材料科技", ["杭州博远新材料科技股份有限公司"]),
        ("precision", ["苏州瑞丰精密机械有限公司"]),
        ("RUIFENG", ["宁波瑞丰汽车零部件有限公司", "苏州瑞丰精密机械有限公司"]),
        ("co", [c[0] for c in sorted(COMPANIES)]),  # short English prefix
        ("hwjs", ["华为技术有限公司"]),  # pinyin initials
        ("ruifengjingmi", ["苏州瑞丰精密机械有限公司"]),  # run-together pinyin
        ("深圳", ["华为技术有限公司"]),  # city from the region code
        ("Ningbo", ["宁波瑞丰汽车零部件有限公司"]),
        ("专精特新", ["苏州瑞丰精密机械有限公司"]),  # tag
        ("瑞丰 宁波", ["宁波瑞丰汽车零部件有限公司"]),  # every term must match
        ("宁波 瑞丰", ["宁波瑞丰汽车零部件有限公司"]),  # each term binds its own value
        ("精密机 有限公司", ["苏州瑞丰精密机械有限公司"]),
        ("precision ningbo", []),
        ("瑞丰 不存在", []),
        ("有限公司 Auto", ["宁波瑞丰汽车零部件有限公司"]),
        ("ｐｒｅｃｉｓｉｏｎ", ["苏州瑞丰精密机械有限公司"]),  # full-width input
        ('"; DROP TABLE enterprise; --', []),  # FTS syntax is quoted, not interpreted
        ("50%_", []),
    ],
)
def test_search(db, firms, query, expected):
    assert _found(db, query) == sorted(expected)


def test_search_by_uscc_exact_and_prefix(db, firms):
    code = firms["苏州瑞丰"].uscc
    assert _found(db, code) == ["苏州瑞丰精密机械有限公司"]
    assert _found(db, code.lower()) == ["苏州瑞丰精密机械有限公司"]
    assert "苏州瑞丰精密机械有限公司" in _found(db, code[:8])
    for typed in (code[:1], code[:2].lower()):  # the first keystrokes of a code
        assert "苏州瑞丰精密机械有限公司" in _found(db, typed)


def test_index_follows_updates_and_deletes(db, firms):
    e = firms["华为技术"]
    enterprises.update(db, e.id, {"name_zh": "鸿蒙软件有限公司", "name_en": "Harmony Software"})
    assert _found(db, "华为") == []
    assert _found(db, "鸿蒙") == ["鸿蒙软件有限公司"]
    assert _found(db, "harmony") == ["鸿蒙软件有限公司"]
    enterprises.delete(db, [e.id])
    assert _found(db, "鸿蒙") == []
    bin_query = EnterpriseQuery(text="鸿蒙", deleted=True)
    assert [r.id for r in enterprises.list_page(db, bin_query).rows] == [e.id]


def test_count_matches_list(db, firms):
    for q in ["瑞丰", "co", "有限", "hwjs"]:
        rows = enterprises.list_page(db, EnterpriseQuery(text=q), limit=1000).rows
        assert enterprises.count(db, EnterpriseQuery(text=q)) == len(rows)


def test_count_list_and_ids_agree_with_the_recycle_bin(db, firms):
    """Counts may come from the FTS index (which keeps deleted rows): the bin is subtracted."""
    enterprises.delete(db, [firms["苏州瑞丰"].id])
    for q in ["瑞丰", "co", "c", "有限公司", "precision", "91", "9", "精密机", "华为", "ruifeng"]:
        query = EnterpriseQuery(text=q)
        rows = [r.id for r in enterprises.list_page(db, query, limit=1000).rows]
        assert firms["苏州瑞丰"].id not in rows
        assert enterprises.ids(db, query) == rows
        assert enterprises.count(db, query) == len(rows), q
