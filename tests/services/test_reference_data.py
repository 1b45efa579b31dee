"""The shipped reference lists themselves: well-formed, sourced, unique, valid codes."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from coop_desktop import paths
from coop_desktop.reference import countries, regions
from coop_desktop.services import reference

LISTS = ("zones", "clusters", "pilot_cities")
CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[2]


def _doc(dataset: str) -> dict:
    with paths.resource("reference", reference.manifest()[dataset]["file"]).open(encoding="utf-8") as fh:
        return json.load(fh)


def _helper():
    spec = importlib.util.spec_from_file_location("reference_data", ROOT / "scripts" / "reference_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dataset", LISTS)
def test_each_list_is_in_the_manifest_with_a_version_and_says_whether_it_is_complete(dataset):
    info = reference.manifest()[dataset]
    assert info["version"] and info["file"].endswith(".json")
    doc = _doc(dataset)
    assert doc["dataset"] == dataset and isinstance(doc["items"], list) and doc["items"]
    assert reference.load_items(dataset) == doc["items"]
    note = reference.dataset_note(dataset)
    assert note.complete is doc["complete"]
    if not note.complete:  # a partial list says so, in both languages
        assert "partial" in note.note_en.lower() and "不完整" in note.note_zh
        assert note.text("zh_CN") == note.note_zh and note.text("en") == note.note_en


@pytest.mark.parametrize("dataset", LISTS)
def test_every_item_has_a_citation_sources_and_a_short_label(dataset):
    renderings: dict[str, set[str]] = {}
    for item in reference.load_items(dataset):
        key = item["key"]
        assert CJK.search(item["source"]), key  # the citation users read
        assert item["sources"] and all(re.match(r"^https?://\S+$", u) for u in item["sources"]), key
        assert item["confidence"] and CJK.search(item["confidence_zh"]), key
        assert len(item["confidence"]) <= 40 and len(item["confidence_zh"]) <= 20, key  # a label
        assert item["research_note"].strip(), key
        assert not re.search(r"https?://", item["source"]), key  # URLs stay for developers
        renderings.setdefault(item["confidence"], set()).add(item["confidence_zh"])
    assert all(len(zh) == 1 for zh in renderings.values())  # same label, same Chinese


@pytest.mark.parametrize("dataset", LISTS)
def test_keys_and_names_are_unique(dataset):
    items = reference.load_items(dataset)
    assert len({i["key"] for i in items}) == len(items)
    assert len({i["name_zh"] for i in items}) == len(items)
    assert len({i["name_en"] for i in items}) == len(items)


@pytest.mark.parametrize("dataset", LISTS)
def test_codes_are_gb2260_codes_of_the_named_province_and_city(dataset):
    for item in reference.load_items(dataset):
        province, city = regions.lookup(item["province_code"]), regions.lookup(item["city_code"])
        assert province is not None and province.level == "province", item["key"]
        assert province.name_zh == item["province_zh"], item["key"]
        assert city is not None and city.level == "city", item["key"]
        assert city in regions.cities(province.code), item["key"]
        assert item["city_zh"].startswith(city.name_zh), item["key"]


def test_the_helper_script_finds_no_problem_and_catches_broken_items():
    helper = _helper()
    for dataset in LISTS:
        assert helper.problems(dataset, _doc(dataset)) == [], dataset
    doc = _doc("clusters")
    doc["items"][0]["city_code"] = "320500"  # Suzhou, not a city of Beijing
    doc["items"][1]["sources"] = []
    doc["items"][2]["name_zh"] = doc["items"][3]["name_zh"]
    doc["complete"] = True
    found = "\n".join(helper.problems("clusters", doc))
    assert "is not a city of" in found and "'sources'" in found and "duplicate name_zh" in found
    assert "'complete' is true" in found
    assert helper.city_code("320000", "苏州市太仓市") == "320500"
    assert helper.city_code("320000", "常州市（常州国家高新区）") == "320400"


# ------------------------------------------------------------------ zones
def test_zone_names_are_the_reported_forms_not_the_invented_ones():
    by_key = {z["key"]: z for z in reference.load_items("zones")}
    names = {z["name_zh"] for z in by_key.values()}
    assert "中瑞（士）中小企业合作区（常州）" not in names and "中欧中小企业合作区（南京）" not in names
    assert by_key["cn-ch-changzhou"]["name_zh"] == "中瑞（士）中小企业合作区"
    assert by_key["cn-eu-nanjing"]["name_zh"] == "中欧中小企业合作区"
    # their names were not read in the list itself: the label says so
    assert "unverified" in by_key["cn-ch-changzhou"]["confidence"]


def test_zone_partners_are_iso_codes_and_cangzhou_lists_every_named_cee_country():
    for zone in reference.load_items("zones"):
        assert all(c == "EU" or countries.is_country(c) for c in zone["partners"]), zone["key"]
    cangzhou = next(z for z in reference.load_items("zones") if z["key"] == "cn-ceec-cangzhou")
    assert set(cangzhou["partners"]) == {"CZ", "SK", "PL", "HR", "MD"}
    assert cangzhou["approved_on"] == "2018-02-14"


def test_zone_lists_are_counted_and_the_2025_list_is_valid_five_years():
    doc = _doc("zones")
    lists = {entry["batch"]: entry for entry in doc["lists"]}
    assert lists["legacy"]["count"] == 15
    assert lists["2025"]["count"] == 14 and lists["2025"]["valid_years"] == 5
    assert lists["2025"]["approval_document"] == "工信部企业函〔2025〕299号"
    items = doc["items"]
    for zone in items:
        assert zone["batch"] in lists, zone["key"]
        if zone["batch"] == "2025":
            assert zone["approval_document"] == "工信部企业函〔2025〕299号"
            assert zone["recognised"] == 2025 and zone["valid_until"] == 2030
    shipped = {b: sum(1 for z in items if z["batch"] == b) for b in lists}
    assert all(shipped[b] <= lists[b]["count"] for b in lists)
    assert doc["complete"] is False and shipped["2025"] < 14  # so the note must say partial
    changsha = next(z for z in items if z["key"] == "bri-changsha")
    assert changsha["approval_document"] == "工信部企业函〔2022〕246号"
    assert changsha["approval_document"] in changsha["source"]


# ------------------------------------------------------------- clusters and pilots
def test_clusters_belong_to_a_listed_year_with_its_document_and_validity():
    doc = _doc("clusters")
    lists = {entry["list_year"]: entry for entry in doc["lists"]}
    assert [lists[y]["count"] for y in (2022, 2023, 2024, 2025)] == [100, 100, 100, 100]
    for item in doc["items"]:
        year = item["list_year"]
        if year is None:  # recognised, year not found: says so
            assert "not found" in item["confidence"], item["key"]
            assert item["valid_until_year"] is None and item["approval_document"] is None
            continue
        assert item["batch"] == lists[year]["batch"], item["key"]
        assert item["approval_document"] == lists[year]["approval_document"], item["key"]
        assert year < item["valid_until_year"] <= year + 6, item["key"]
        if item["approval_document"]:
            assert item["approval_document"] in item["source"], item["key"]
    assert lists[2022]["approval_document"] == "工信部企业函〔2023〕3号"


def test_pilot_cities_belong_to_a_listed_batch():
    doc = _doc("pilot_cities")
    lists = {entry["batch"]: entry for entry in doc["lists"]}
    assert lists[1]["count"] == 30 and lists[1]["list_year"] == 2023
    for item in doc["items"]:
        if item["batch"] is None:
            assert "batch not found" in item["confidence"], item["key"]
            assert item["list_year"] is None
        else:
            assert item["list_year"] == lists[item["batch"]]["list_year"], item["key"]
    counts = {b: sum(1 for i in doc["items"] if i["batch"] == b) for b in lists}
    assert all(counts[b] <= lists[b]["count"] for b in lists)
