"""Every band boundary of every score indicator (2022 measures, annexes 1 and 2).

The expected bands are typed in here from the official wording, independently of the
criteria files: a value exactly on a boundary belongs to the higher-scoring band
(以上 / 不低于 / 以下 include the number), a value just past it to the next band.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from srdi_cases import indicator, only

from coop_desktop.rules import srdi

D = Decimal

# indicator id, fact, direction, [(threshold, points, band) best first], (points, band) else, step
BANDED = [
    ("innovative.rd_ratio", "rd_expense_ratio_last_year", ">=",
     [("0.05", 20, "A"), ("0.03", 15, "B"), ("0.02", 10, "C"), ("0.01", 5, "D")], (0, "E"),
     "0.0001"),
    ("innovative.growth", "main_revenue_growth_last_year", ">=",
     [("0.15", 20, "A"), ("0.10", 15, "B"), ("0.05", 10, "C"), ("0", 5, "D")], (0, "E"), "0.0001"),
    ("innovative.debt", "debt_to_asset_ratio", "<=",
     [("0.55", 10, "A"), ("0.75", 5, "B")], (0, "C"), "0.0001"),
    ("innovative.main_share", "main_business_revenue_share", ">=",
     [("0.70", 20, "A"), ("0.60", 15, "B"), ("0.55", 10, "C"), ("0.50", 5, "D")], (0, "E"),
     "0.0001"),
    ("srdi.main_share", "main_business_revenue_share", ">=",
     [("0.80", 5, "A"), ("0.70", 3, "B"), ("0.60", 1, "C")], (0, "D"), "0.0001"),
    ("srdi.growth_2y", "main_revenue_growth_avg_2y", ">=",
     [("0.10", 10, "A"), ("0.08", 8, "B"), ("0.06", 6, "C"), ("0.04", 4, "D"), ("0", 2, "E")],
     (0, "F"), "0.0001"),
    ("srdi.net_margin", "net_profit_margin", ">=",
     [("0.10", 10, "A"), ("0.08", 8, "B"), ("0.06", 6, "C"), ("0.04", 4, "D"), ("0.02", 2, "E")],
     (0, "F"), "0.0001"),
    ("srdi.debt", "debt_to_asset_ratio", "<=",
     [("0.50", 5, "A"), ("0.60", 3, "B"), ("0.70", 1, "C")], (0, "D"), "0.0001"),
    ("srdi.rd_staff", "rd_staff_share", ">=",
     [("0.20", 5, "A"), ("0.10", 3, "B"), ("0.05", 1, "C")], (0, "D"), "0.0001"),
    ("srdi.digital", "digitalisation_level", ">=", [("3", 5, "A"), ("2", 3, "B")], (0, "C"), "1"),
]


def _boundary_cases() -> list[tuple[str, str, Decimal, int, str]]:
    cases = []
    for ind, fact, op, bands, (else_pts, else_band), step in BANDED:
        for i, (threshold, pts, band) in enumerate(bands):
            t = D(threshold)
            nxt = bands[i + 1][1:] if i + 1 < len(bands) else (else_pts, else_band)
            past = t - D(step) if op == ">=" else t + D(step)
            cases.append((ind, fact, t, pts, band))          # on the boundary: this band
            cases.append((ind, fact, past, nxt[0], nxt[1]))  # just past it: the next band
    return cases


@pytest.mark.parametrize(("ind", "fact", "value", "points", "band"), _boundary_cases(),
                         ids=lambda v: str(v))
def test_band_boundary(ind: str, fact: str, value: Decimal, points: int, band: str) -> None:
    score = indicator(only(**{fact: value}), ind)
    assert (score.points, score.band) == (points, band)
    assert score.points_min == score.points_max == points and score.missing == ()


@pytest.mark.parametrize(("level", "points"), [(1, 0), (2, 3), (3, 5), (4, 5)])
def test_digitalisation_levels(level: int, points: int) -> None:
    assert indicator(only(digitalisation_level=level), "srdi.digital").points == points


@pytest.mark.parametrize("ind", sorted({b[0] for b in BANDED}))
def test_banded_indicator_missing_fact_is_a_range(ind: str) -> None:
    score = indicator(only(), ind)
    assert score.points is None and score.band is None
    assert score.points_min == 0 and score.points_max == score.max_points
    assert len(score.missing) == 1


# --- IP: the best kind of IP held decides -----------------------------------------------------

IP_2022 = [
    # high value, self-developed, class I, class II -> innovative points/band, srdi points/band
    ((1, 1, 1, 1), (20, "A"), (10, "A")),
    ((0, 1, 1, 1), (15, "B"), (8, "B")),
    ((0, 0, 1, 1), (10, "C"), (6, "C")),
    ((0, 0, 0, 1), (5, "D"), (2, "D")),
    ((0, 0, 0, 0), (0, "E"), (0, "E")),
]


@pytest.mark.parametrize(("counts", "innovative", "srdi_"), IP_2022)
def test_ip_bands(counts: tuple[int, ...], innovative: tuple[int, str],
                  srdi_: tuple[int, str]) -> None:
    hv, sd, c1, c2 = counts
    f = only(class1_ip_high_value=hv, class1_ip_self_developed=sd, class1_ip=c1, class2_ip=c2)
    for ind, expected in (("innovative.ip", innovative), ("srdi.ip", srdi_)):
        score = indicator(f, ind)
        assert (score.points, score.band) == expected


def test_ip_one_high_value_item_is_enough_whatever_else_is_missing() -> None:
    assert indicator(only(class1_ip_high_value=1), "innovative.ip").points == 20


def test_ip_unknown_better_kind_leaves_a_range() -> None:
    score = indicator(only(class1_ip_self_developed=2), "innovative.ip")
    assert score.points is None and (score.points_min, score.points_max) == (15, 20)
    assert score.missing == ("class1_ip_high_value",)


# --- strategic emerging industry: yes 10, other field 5 ---------------------------------------


@pytest.mark.parametrize(("value", "points", "band"), [(True, 10, "A"), (False, 5, "B")])
def test_strategic_emerging(value: bool, points: int, band: str) -> None:
    f = only(leading_product_in_strategic_emerging_industry=value)
    score = indicator(f, "innovative.strategic")
    assert (score.points, score.band) == (points, band)


def test_strategic_emerging_unknown_is_5_to_10() -> None:
    score = indicator(only(), "innovative.strategic")
    assert (score.points, score.points_min, score.points_max) == (None, 5, 10)


# --- choices -------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "points", "band"),
                         [("gap_filling", 5, "A"), ("six_basics", 3, "B"), ("other", 0, "C")])
def test_product_field(code: str, points: int, band: str) -> None:
    score = indicator(only(leading_product_field=code), "srdi.product_field")
    assert (score.points, score.band) == (points, band)


@pytest.mark.parametrize(("code", "points", "band"), [
    ("national", 10, "A"), ("provincial", 8, "B"), ("municipal", 4, "C"),
    ("below_municipal", 2, "D"), ("none", 0, "E")])
def test_rd_institution_level(code: str, points: int, band: str) -> None:
    score = indicator(only(rd_institution_level=code), "srdi.rd_institution")
    assert (score.points, score.band) == (points, band)


# --- years in the segment: 1 point per FULL 2 years, at most 5 -------------------------------


@pytest.mark.parametrize(("years", "points"), [
    (0, 0), (1, 0), (2, 1), (3, 1), (4, 2), (D("5.99"), 2), (6, 3), (8, 4), (9, 4), (10, 5),
    (11, 5), (30, 5)])
def test_segment_years(years: int, points: int) -> None:
    assert indicator(only(years_in_segment=years), "srdi.segment_years").points == points


# --- quality management: 3 points per item, at most 5 ----------------------------------------


@pytest.mark.parametrize(("items", "points"), [
    ([], 0), (["iso9001"], 3), (["iso9001", "iso9001"], 3), (["iso9001", "own_brand"], 5),
    (["quality_award", "iso9001", "own_brand", "standard_drafting"], 5),
    (["not_a_listed_item"], 0)])
def test_quality_items(items: list[str], points: int) -> None:
    assert indicator(only(quality_items=items), "srdi.quality").points == points


# --- distinctiveness: the points the province's indicators give, entered ---------------------


@pytest.mark.parametrize("points", [0, 7, 15])
def test_distinctiveness_entered(points: int) -> None:
    assert indicator(only(distinctiveness_points=points), "srdi.distinctiveness").points == points


def test_distinctiveness_unknown_is_0_to_15_and_out_of_range_is_refused() -> None:
    score = indicator(only(), "srdi.distinctiveness")
    assert (score.points_min, score.points_max) == (0, 15)
    with pytest.raises(ValueError):
        srdi.assess(only(distinctiveness_points=16))


# --- R&D input: the better of amount and share of revenue ------------------------------------

RD_AMOUNT = [("5000000", 10, "A"), ("4000000", 8, "B"), ("3000000", 6, "C"),
             ("2000000", 4, "D"), ("1000000", 2, "E")]
RD_RATIO = [("0.10", 10, "A"), ("0.08", 8, "B"), ("0.06", 6, "C"), ("0.04", 4, "D"),
            ("0.03", 2, "E")]


def _rd_cases() -> list[tuple[Decimal, Decimal, int]]:
    cases = []
    for i, (amount, pts, _) in enumerate(RD_AMOUNT):
        below = RD_AMOUNT[i + 1][1] if i + 1 < len(RD_AMOUNT) else 0
        cases += [(D(amount), D(0), pts), (D(amount) - D("0.01"), D(0), below)]
    for i, (ratio, pts, _) in enumerate(RD_RATIO):
        below = RD_RATIO[i + 1][1] if i + 1 < len(RD_RATIO) else 0
        cases += [(D(0), D(ratio), pts), (D(0), D(ratio) - D("0.0001"), below)]
    return cases


@pytest.mark.parametrize(("amount", "ratio", "points"), _rd_cases(), ids=str)
def test_rd_input_boundaries(amount: Decimal, ratio: Decimal, points: int) -> None:
    f = only(rd_expense_last_year_cny=amount, rd_expense_ratio_last_year=ratio)
    assert indicator(f, "srdi.rd_input").points == points


def test_rd_input_takes_the_better_of_the_two() -> None:
    f = only(rd_expense_last_year_cny=D(1_000_000), rd_expense_ratio_last_year=D("0.10"))
    score = indicator(f, "srdi.rd_input")
    assert (score.points, score.band) == (10, "A")


def test_rd_input_top_amount_settles_it_without_the_ratio() -> None:
    assert indicator(only(rd_expense_last_year_cny=D(5_000_000)), "srdi.rd_input").points == 10
    partial = indicator(only(rd_expense_last_year_cny=D(1_000_000)), "srdi.rd_input")
    assert (partial.points, partial.points_min, partial.points_max) == (None, 2, 10)
    assert partial.missing == ("rd_expense_ratio_last_year",)


def test_score_maxima() -> None:
    a = srdi.assess(only())
    assert a.innovative.score is not None and a.srdi.score is not None
    assert a.innovative.score.max_points == a.srdi.score.max_points == 100
    assert [(d.id, d.max_points, d.minimum) for d in a.innovative.score.dimensions] == [
        ("innovation", 40, 20), ("growth", 30, 15), ("specialisation", 30, 15)]
    assert [(d.id, d.max_points) for d in a.srdi.score.dimensions] == [
        ("specialisation", 25), ("refinement", 25), ("distinctiveness", 15), ("innovation", 35)]
    assert len(a.srdi.score.indicators) == 13 and len(a.innovative.score.indicators) == 6
    assert a.little_giant.score is None
