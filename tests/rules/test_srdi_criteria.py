"""The criteria files load, are well-formed and sourced; the API around them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from coop_desktop import paths
from coop_desktop.i18n.catalog import english, translator
from coop_desktop.models import srdi as models
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_engine import CriteriaError, compile_condition
from coop_desktop.rules.srdi_scores import compile_indicator
from coop_desktop.rules.srdi_text import FACT_INFO, LABELS

FILES = ("criteria-2022.json", "criteria-2026.json")
CONDITION_TYPES = {"all", "any", "cases", "score", "at_least", "at_most", "below",
                   "each_at_least", "true", "one_of", "has_any"}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(paths.resource("srdi", name).read_text("utf-8"),
                                      parse_float=Decimal)
    return data


def walk_conditions(node: dict[str, Any], source: str, confidence: str, out: list) -> None:
    """Every condition with the source and confidence it has (own or inherited)."""
    source = node.get("source", source)
    confidence = node.get("confidence", confidence)
    out.append((node, source, confidence))
    for child in node.get("of", ()):
        walk_conditions(child, source, confidence, out)
    for case in node.get("cases", ()):
        walk_conditions(case["when"], source, confidence, out)
        walk_conditions(case["then"], source, confidence, out)


@pytest.mark.parametrize("name", FILES)
def test_criteria_file_is_well_formed(name: str) -> None:
    data = load(name)
    assert data["format"] == 1 and data["version"] in name
    for key in ("id", "document", "title_zh", "title_en", "in_force_from", "source"):
        assert data[key], key
    assert data["confidence"] in ("C", "K", "U") and data["source"] in data["sources"]
    for key, src in data["sources"].items():
        assert src["title"], key
        assert src["url"] == "" or src["url"].startswith(("http://", "https://")), key
    assert set(data["tiers"]) == {"innovative", "srdi", "little_giant"}
    for tier_name, tier in data["tiers"].items():
        assert tier["source"] in data["sources"] and tier["confidence"] in "CKU"
        if "same_as" in tier:
            continue
        for top in tier["conditions"]:
            # every criterion of a tier names its source and confidence itself
            assert top["source"] in data["sources"] and top["confidence"] in ("C", "K", "U"), top
            nodes: list = []
            walk_conditions(top, "", "", nodes)
            for node, source, confidence in nodes:
                assert node["type"] in CONDITION_TYPES, node
                assert source in data["sources"] and confidence in ("C", "K", "U"), node
                if "fact" in node:
                    assert node["fact"] in FACT_INFO, node
                if "label" in node:
                    assert node["label"] in LABELS, node
                if node.get("route"):
                    assert node["type"] == "any"
                    for alt in node["of"]:  # each alternative route is a sourced criterion
                        assert alt.get("source", node["source"]) in data["sources"]
        for item in tier.get("not_assessed", []) + tier.get("notes", []):
            assert item["label"] in LABELS and item["source"] in data["sources"]
            assert item["confidence"] in ("C", "K", "U")
        if "score" in tier:
            score = tier["score"]
            assert sum(d["max"] for d in score["dimensions"]) == score["max"] == 100
            for dim in score["dimensions"]:
                assert dim["label"] in LABELS
                assert sum(i["max"] for i in dim["indicators"]) == dim["max"]
                for ind in dim["indicators"]:
                    assert ind["source"] in data["sources"], ind["id"]
                    assert ind["confidence"] in ("C", "K", "U"), ind["id"]
                    assert ind["label"] in LABELS, ind["id"]


def test_every_condition_id_is_unique_across_versions() -> None:
    ids: list[str] = []
    for name in FILES:
        for tier in load(name)["tiers"].values():
            nodes: list = []
            for top in tier.get("conditions", []):
                walk_conditions(top, "", "", nodes)
            ids += [n["id"] for n, _, _ in nodes if "id" in n]
            for dim in tier.get("score", {}).get("dimensions", []):
                ids += [i["id"] for i in dim["indicators"]]
    assert len(ids) == len(set(ids))


def test_2022_thresholds_spot_check() -> None:
    tiers = load("criteria-2022.json")["tiers"]
    direct = tiers["innovative"]["conditions"][1]["of"][1]["of"]
    assert direct[3] == {**direct[3], "fact": "equity_financing_3y_cny", "value": 5000000}
    qualify = tiers["innovative"]["conditions"][1]["of"][0]
    assert (qualify["min_total"], qualify["min_dimensions"]) == (
        60, {"innovation": 20, "growth": 15, "specialisation": 15})
    srdi_conditions = {c["id"]: c for c in tiers["srdi"]["conditions"]}
    assert srdi_conditions["srdi.segment"]["value"] == 2
    assert [c["value"] for c in srdi_conditions["srdi.rd"]["of"]] == [1000000, Decimal("0.03")]


def test_versions() -> None:
    infos = srdi.versions()
    assert [v.id for v in infos] == ["2022", "2026"]
    old, new = infos
    assert old.document == "工信部企业〔2022〕63号" and old.in_force_from == dt.date(2022, 6, 1)
    assert old.in_force_until == dt.date(2026, 3, 31) and old.confidence == "C"
    assert new.document == "工信部企业〔2026〕2号" and new.in_force_from == dt.date(2026, 4, 1)
    assert new.in_force_until is None and new.confidence == "K"
    assert old.title_zh.startswith("优质中小企业梯度培育管理暂行办法") and new.title_en
    assert srdi.version_in_force(dt.date(2025, 12, 31)) == "2022"
    assert srdi.version_in_force(dt.date(2026, 4, 1)) == "2026"
    assert srdi.version_in_force(dt.date(2020, 1, 1)) is None


def test_source_info() -> None:
    info = srdi.source_info("2022", "annex2_conditions")
    assert info.url.startswith("http") and info.title
    # the 2026 innovative tier is the 2022 one: its sources resolve from either version
    t = srdi.assess({}, "2026").innovative
    assert srdi.source_info("2026", t.conditions[0].source).title
    with pytest.raises(KeyError):
        srdi.source_info("2022", "no-such-source")


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown SRDI criteria version"):
        srdi.assess({}, "2019")


def test_fact_codes_match_the_yearly_figures_model() -> None:
    assert FACT_INFO["rd_institution_level"].codes == models.RD_INSTITUTION_LEVELS
    assert FACT_INFO["leading_product_field"].codes == models.LEADING_PRODUCT_FIELDS
    assert FACT_INFO["valid_honours"].codes == models.HONOURS
    assert FACT_INFO["quality_items"].codes == models.QUALITY_ITEMS


def test_every_fact_has_a_translated_label_and_a_unit() -> None:
    zh = translator("zh_CN")
    units = {"bool", "fraction", "yuan", "count", "years", "level", "points", "code", "codes",
             "fractions", "yuans"}
    for info in srdi.FACTS:
        assert info.unit in units, info.name
        assert srdi.FACT_LABELS[info.name] == info.label
        assert zh.gettext(info.label) != info.label, info.name
        if info.unit in ("code", "codes"):
            assert info.codes and all(c in srdi.CODE_LABELS for c in info.codes)
    used = set(srdi.assess({}, "2022").inputs) | set(srdi.assess({}, "2026").inputs)
    used |= {fact for fact, *_ in srdi.IMPLICATIONS}
    assert used == set(srdi.FACT_INFO)  # every documented fact is read by some criterion


def test_issue_fact_names_are_all_documented() -> None:
    issue = """sme years_in_segment operating_revenue_last_year_cny rd_expense_last_year_cny
    rd_expense_ratio_last_year rd_expense_ratio_each_of_last_2y rd_expense_avg_2y_cny
    rd_staff_share main_business_revenue_share main_revenue_growth_last_year
    main_revenue_growth_avg_2y debt_to_asset_ratio net_profit_margin equity_financing_2y_cny
    equity_financing_3y_cny class1_ip class1_ip_self_developed class1_ip_high_value
    class1_ip_applied class2_ip leading_product_in_strategic_emerging_industry st_award_3y
    national_st_award_3y maker_in_china_top50_3y maker_in_china_top500_3y valid_honours
    provincial_rd_institution has_rd_institution rd_institution_level digitalisation_level
    domestic_market_share srdi_title""".split()
    assert set(issue) <= set(srdi.FACT_INFO)


@pytest.mark.parametrize(("given", "error"), [
    ({"no_such_fact": 1}, ValueError),
    ({"sme": "yes"}, TypeError),
    ({"sme": 1}, TypeError),
    ({"class1_ip": True}, TypeError),
    ({"class1_ip": "3"}, TypeError),
    ({"class1_ip": -1}, ValueError),
    ({"debt_to_asset_ratio": float("nan")}, ValueError),
    ({"main_business_revenue_share": Decimal("1.2")}, ValueError),
    ({"digitalisation_level": 0}, ValueError),
    ({"digitalisation_level": 5}, ValueError),
    ({"rd_institution_level": "county"}, ValueError),
    ({"valid_honours": "high_tech_enterprise"}, TypeError),
    ({"rd_expense_ratio_each_of_last_2y": [Decimal("0.03")]}, ValueError),
    ({"operating_revenue_last_year_cny": -5}, ValueError),
])
def test_bad_facts_are_programming_errors(given: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        srdi.assess(given)


def test_facts_accept_int_float_and_decimal_alike() -> None:
    as_float = srdi.assess({"rd_expense_ratio_last_year": 0.03, "sme": True})
    as_decimal = srdi.assess({"rd_expense_ratio_last_year": Decimal("0.03"), "sme": True})
    assert as_float.srdi.condition("srdi.rd.ratio").outcome == "pass"
    assert as_float == as_decimal
    # growth may be negative, a debt ratio above 100 %
    srdi.assess({"main_revenue_growth_last_year": -0.5, "debt_to_asset_ratio": 1.3})


def test_provinces() -> None:
    data = load("provinces.json")
    assert data["format"] == 1
    for code, p in data["provinces"].items():
        assert len(code) == 6 and code.endswith("0000")
        assert p["source"] and p["confidence"] in ("C", "K", "U") and p["total"] == 15
        if p["indicators"]:
            assert sum(i["points"] for i in p["indicators"]) == 15, code
        else:
            assert p["note"]
    sichuan = srdi.province("510100")  # Chengdu -> Sichuan
    assert sichuan is not None and sichuan.name_zh == "四川省" and len(sichuan.indicators) == 3
    assert srdi.province("110000") is None and srdi.province(None) is None
    assert [p.code for p in srdi.provinces()] == sorted(data["provinces"])


@pytest.mark.parametrize(("spec", "message"), [
    ({"id": "x", "type": "at_least", "fact": "nope", "value": 1}, "unknown fact"),
    ({"id": "x", "type": "at_least", "fact": "class1_ip", "value": "1"}, "numeric value"),
    ({"id": "x", "type": "sometimes", "fact": "class1_ip"}, "unknown condition type"),
    ({"id": "x", "type": "all", "of": []}, "needs parts"),
    ({"id": "x", "type": "all", "of": [{"type": "true", "fact": "sme"}]}, "needs a label"),
    ({"id": "x", "type": "true", "fact": "sme", "confidence": "maybe"}, "confidence"),
    ({"id": "x", "type": "one_of", "fact": "rd_institution_level", "values": ["county"]},
     "unknown codes"),
    ({"id": "x", "type": "true", "fact": "sme", "label": "no_such_label"}, "label key"),
])
def test_malformed_conditions_are_refused(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(CriteriaError, match=message):
        compile_condition(spec, "s", "C", set())


def test_duplicate_ids_are_refused() -> None:
    ids: set[str] = set()
    compile_condition({"id": "x", "type": "true", "fact": "sme"}, "s", "C", ids)
    with pytest.raises(CriteriaError, match="duplicate"):
        compile_condition({"id": "x", "type": "true", "fact": "sme"}, "s", "C", ids)


def test_malformed_indicators_are_refused() -> None:
    with pytest.raises(CriteriaError, match="last option"):
        compile_indicator({"id": "i", "type": "first", "options": [
            {"band": "A", "points": 1, "when": {"type": "true", "fact": "sme"}}]}, set())
    with pytest.raises(CriteriaError, match="every code"):
        compile_indicator({"id": "i", "type": "choice", "fact": "leading_product_field",
                           "choices": [["A", "gap_filling", 5]]}, set())
    with pytest.raises(CriteriaError, match="unknown indicator type"):
        compile_indicator({"id": "i", "type": "guess"}, set())


def test_not_assessed_conditions_are_listed_in_both_languages() -> None:
    t = srdi.assess({}).innovative
    assert [e.render(english()) for e in t.not_assessed] == [
        "Not assessed here, checked by the authority: Registered in China, independent legal "
        "person, no serious dishonesty, banned products or major accidents in the last 3 years"]
    assert t.not_assessed[0].render(translator("zh_CN")).startswith("本系统不作评估，由主管部门审核：")


def test_implied_facts() -> None:
    no_award = srdi.assess({"st_award_3y": False}).inputs
    assert no_award["national_st_award_top5_3y"] is False
    assert no_award["provincial_st_award_top3_3y"] is False
    top3 = srdi.normalise_facts({"national_st_award_top3_3y": True})
    assert top3["national_st_award_top5_3y"] is top3["national_st_award_3y"] is True
    assert top3["st_award_3y"] is True
    assert srdi.normalise_facts({"maker_in_china_top50_3y": True})["maker_in_china_top500_3y"]
    level = srdi.normalise_facts({"rd_institution_level": "municipal"})
    assert (level["has_rd_institution"], level["provincial_rd_institution"]) == (True, False)
    # a national award ranked 4th or 5th: top 5 known, top 3 not
    fourth = srdi.normalise_facts({"national_st_award_3y": True,
                                   "national_st_award_top3_3y": False})
    assert "national_st_award_top5_3y" not in fourth


@pytest.mark.parametrize("given", [
    {"st_award_3y": False, "national_st_award_top3_3y": True},
    {"maker_in_china_top500_3y": False, "maker_in_china_top50_3y": True},
    {"rd_institution_level": "none", "has_rd_institution": True},
    {"rd_institution_level": "national", "provincial_rd_institution": False},
])
def test_contradicting_facts_are_refused(given: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="contradicts"):
        srdi.assess(given)
