"""GB/T 2260 provinces and prefecture-level divisions."""

from __future__ import annotations

import json
from collections import Counter

from coop_desktop import paths
from coop_desktop.reference import regions


def test_file_header() -> None:
    data = json.loads(paths.resource("regions", "gb2260.json").read_text("utf-8"))
    assert data["version"]
    assert "verify codes against the current MCA list" in data["confidence"]
    assert regions.data_confidence() == data["confidence"]


def test_counts_are_plausible() -> None:
    provinces = regions.provinces()
    assert len(provinces) == 34
    assert all(p.level == "province" for p in provinces)
    all_cities = [c for p in provinces for c in regions.cities(p.code)]
    # 333 prefecture-level divisions (2021) + the 4 municipalities as their own city.
    assert 330 <= len(all_cities) <= 345
    assert all(c.level == "city" for c in all_cities)


def test_shenzhen_is_in_guangdong() -> None:
    shenzhen = regions.lookup("440300")
    assert shenzhen == regions.Region("440300", "深圳市", "Shenzhen", "city")
    guangdong = regions.province_of("440300")
    assert guangdong is not None and guangdong.code == "440000"
    assert guangdong.name_en == "Guangdong" and guangdong.name_zh == "广东省"
    assert shenzhen in regions.cities("440000")
    assert shenzhen.name("zh_CN") == "深圳市" and shenzhen.name("en") == "Shenzhen"


def test_every_city_matches_its_province() -> None:
    for province in regions.provinces():
        assert province.code.endswith("0000")
        for city in regions.cities(province.code):
            assert city.code[:2] == province.code[:2]
            assert len(city.code) == 6 and city.code.isdigit()
            assert city.code.endswith("00") and not city.code.endswith("0000")
            assert regions.province_of(city.code) == province
            assert city.name_zh and city.name_en
            assert all(ord(ch) < 0x2E80 for ch in city.name_en)  # Latin script, no CJK


def test_no_duplicate_codes() -> None:
    codes = [r.code for r in regions.all_regions()]
    assert not [c for c, n in Counter(codes).items() if n > 1]


def test_special_cases() -> None:
    assert [c.code for c in regions.cities("110000")] == ["110100"]
    assert [c.code for c in regions.cities("500000")] == ["500100"]
    for code in ("710000", "810000", "820000"):
        assert regions.lookup(code) is not None
        assert regions.cities(code) == []
    assert regions.lookup("150000").name_en == "Inner Mongolia"  # type: ignore[union-attr]
    assert regions.lookup("450000").name_en == "Guangxi"  # type: ignore[union-attr]
    assert regions.lookup("320500").name_en == "Suzhou"  # type: ignore[union-attr]
    assert len(regions.cities("440000")) == 21
    assert len(regions.cities("320000")) == 13


def test_unknown_and_malformed_codes() -> None:
    assert regions.lookup("999999") is None
    assert regions.lookup(None) is None
    assert regions.lookup("440305") is None  # county level: not in the table
    assert regions.province_of("440305").code == "440000"  # type: ignore[union-attr]
    assert regions.province_of("44030") is None
    assert regions.province_of("990000") is None
    assert regions.cities("999999") == []
