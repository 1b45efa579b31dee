"""How an assessment's messages show their numbers: fractions as %, money in 万元 / CNY."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import english, translator
from coop_desktop.rules.srdi_text import (
    KIND_BOOL,
    KIND_CODES,
    KIND_LABEL,
    KIND_MONEY,
    KIND_NUMBER,
    KIND_PERCENT,
    KIND_PERCENTS,
    MSG_AT_LEAST,
    Explanation,
    format_param,
    reads_the_same,
)

D = Decimal
EN, ZH = english(), translator("zh_CN")


@pytest.mark.parametrize(("value", "text"), [
    (D("0.03"), "3%"), (D("0.021"), "2.1%"), (D("0.12345"), "12.35%"), (D("0.0299"), "2.99%"),
    (D(0), "0%"), (D("-0.05"), "-5%"), (D("1.5"), "150%"), (D("0.029999"), "3%")])
def test_percent(value: Decimal, text: str) -> None:
    assert format_param(value, KIND_PERCENT, "en") == text
    assert format_param(value, KIND_PERCENT, "zh_CN") == text


@pytest.mark.parametrize(("yuan", "zh", "en"), [
    (D(1_000_000), "100万元", "CNY 1.00 million"),
    (D(189_000), "18.9万元", "CNY 189,000"),
    (D(20_000_000), "2,000万元", "CNY 20.00 million"),
    (D("4999999.99"), "500万元", "CNY 5.00 million"),
    (D(0), "0万元", "CNY 0"),
])
def test_money(yuan: Decimal, zh: str, en: str) -> None:
    assert format_param(yuan, KIND_MONEY, "zh_CN") == zh
    assert format_param(yuan, KIND_MONEY, "en") == en


def test_other_kinds() -> None:
    assert format_param(None, KIND_PERCENT, "en") == "?"
    assert format_param(D("5.0"), KIND_NUMBER, "en") == "5"
    assert format_param(12, KIND_NUMBER, "en") == "12"
    codes = format_param(("iso9001", "own_brand"), KIND_CODES, "zh_CN")
    assert isinstance(codes, Message) and codes.render(ZH).count("、") == 1
    assert format_param((), KIND_CODES, "en").render(EN) == "None"
    assert format_param((D("0.05"), None), KIND_PERCENTS, "en").render(EN) == "5%, ?"
    assert format_param(True, KIND_BOOL, "zh_CN").render(ZH) == "是"
    assert format_param(False, KIND_BOOL, "en").render(EN) == "no"


def test_explanation_keeps_raw_values_and_renders_both_languages() -> None:
    e = Explanation(MSG_AT_LEAST, {"fact": "R&D expense as a share of operating revenue, last year",
                                   "actual": D("0.021"), "needed": D("0.03")},
                    {"fact": KIND_LABEL, "actual": KIND_PERCENT, "needed": KIND_PERCENT})
    assert e.params["actual"] == D("0.021")  # raw, for sorting and export
    assert e.render(EN) == ("R&D expense as a share of operating revenue, last year: 2.1%; "
                            "needs ≥ 3%")
    assert e.render(ZH) == "上年度研发费用总额占营业收入总额比重：2.1%；要求不低于3%"
    assert e.message("zh_CN").params["actual"] == "2.1%"


@pytest.mark.parametrize(("facts", "fact_id", "en", "zh"), [
    ({"rd_expense_ratio_last_year": D("0.029999")}, "srdi.rd.ratio",
     "R&D expense as a share of operating revenue, last year: 2.9999%; needs ≥ 3%",
     "上年度研发费用总额占营业收入总额比重：2.9999%；要求不低于3%"),
    ({"rd_expense_last_year_cny": D("999999.99")}, "srdi.rd.amount",
     "R&D expense, last year: CN¥999,999.99; needs ≥ CNY 1.00 million",
     "上年度研发费用总额：¥999,999.99；要求不低于100万元"),
    ({"rd_expense_ratio_last_year": D("0.021")}, "srdi.rd.ratio",
     "R&D expense as a share of operating revenue, last year: 2.1%; needs ≥ 3%",
     "上年度研发费用总额占营业收入总额比重：2.1%；要求不低于3%"),
])
def test_a_value_just_short_is_never_shown_as_the_threshold(facts: dict, fact_id: str, en: str,
                                                            zh: str) -> None:
    from coop_desktop.rules import srdi

    detail = srdi.assess(facts).srdi.condition(fact_id).detail
    assert detail is not None
    assert (detail.render(EN), detail.render(ZH)) == (en, zh)


@pytest.mark.parametrize(("a", "b", "kind", "same"), [
    (D("0.029999"), D("0.03"), KIND_PERCENT, True),
    (D("0.02994"), D("0.03"), KIND_PERCENT, False),
    (D("999999.99"), D(1_000_000), KIND_MONEY, True),
    (D(999_000), D(1_000_000), KIND_MONEY, False),
    (D("19999999.99"), D(20_000_000), KIND_MONEY, True),
    (D(19_990_000), D(20_000_000), KIND_MONEY, False),
])
def test_reads_the_same_matches_the_formatting(a: Decimal, b: Decimal, kind: str,
                                               same: bool) -> None:
    assert reads_the_same(a, b, kind) is same
    shown = {lang: (format_param(a, kind, lang), format_param(b, kind, lang))
             for lang in ("en", "zh_CN")}
    assert (shown["zh_CN"][0] == shown["zh_CN"][1]) is same  # zh, in 万元, is the finer test


def test_reads_the_same_shortcut_changes_no_answer() -> None:
    """Values a rounding step or more apart are answered without rounding: the same answer
    as rounding both, on random pairs at every distance around the steps."""
    import random

    from coop_desktop.rules.srdi_text import KIND_MONEY, KIND_PERCENT, _q, _shown_money

    def slow(a: Decimal, b: Decimal, kind: str) -> bool:
        if kind == KIND_PERCENT:
            return _q(a * 100, "0.01") == _q(b * 100, "0.01")
        (zh_a, en_a), (zh_b, en_b) = _shown_money(a), _shown_money(b)
        return zh_a == zh_b or en_a == en_b

    rng = random.Random(9)
    gaps = {KIND_PERCENT: ["0", "0.000001", "0.00005", "0.00009999", "0.0001", "0.00011",
                           "0.01"],
            KIND_MONEY: ["0", "0.4", "0.5", "49.99", "50", "99.99", "100", "4999", "5000",
                         "9999.99", "10000", "10000.01", "50000"]}
    bases = {KIND_PERCENT: ["0", "0.02995", "0.03", "0.029999", "0.5", "-0.1"],
             KIND_MONEY: ["0", "999999.5", "1000000", "1004999", "1005000", "2999999.99",
                          "99995000", "-1000000"]}
    for _ in range(20000):
        kind = rng.choice([KIND_PERCENT, KIND_MONEY])
        a = Decimal(rng.choice(bases[kind])) + Decimal(rng.random()).quantize(Decimal("1e-8")) \
            * Decimal(rng.choice(gaps[kind]))
        b = a + Decimal(rng.choice(gaps[kind])) * rng.choice([1, -1])
        assert reads_the_same(a, b, kind) is slow(a, b, kind), (a, b, kind)
