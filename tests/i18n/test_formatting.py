"""babel formatting and parsing wrappers, in both UI languages."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from coop_desktop.errors import ValidationError
from coop_desktop.i18n import catalog
from coop_desktop.i18n.formatting import (
    babel_locale,
    format_date,
    format_datetime,
    format_decimal,
    format_money,
    format_money_wan,
    format_number,
    format_percent,
    parse_decimal,
    parse_money,
    plain_spaces,
)

NO_BREAK = ("\u202f", "\u00a0", "\u2009")


def test_babel_locale_accepts_codes_and_translators():
    assert str(babel_locale("zh_CN")) == "zh_Hans_CN"
    assert str(babel_locale("zh-CN")) == "zh_Hans_CN"
    assert str(babel_locale("en")) == "en"
    assert str(babel_locale(catalog.translator("zh_CN"))) == "zh_Hans_CN"
    assert str(babel_locale(catalog.english())) == "en"
    with pytest.raises(TypeError):
        babel_locale(None)


def test_translator_and_code_give_the_same_output():
    assert format_money(12345, catalog.translator("zh_CN")) == format_money(12345, "zh_CN")
    assert format_date(date(2026, 3, 15), catalog.english()) == "Mar 15, 2026"


def test_plain_spaces():
    assert plain_spaces("2:05\u202fPM\u00a0a\u2009b") == "2:05 PM a b"


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh_CN", "2026年3月15日"), ("en", "Mar 15, 2026")]
)
def test_format_date(lang, expected):
    assert format_date(date(2026, 3, 15), lang) == expected
    assert format_date(datetime(2026, 3, 15, 23, 59), lang) == expected


def test_format_date_other_formats():
    assert format_date(date(2026, 3, 15), "zh_CN", "short") == "2026/3/15"
    assert format_date(date(2026, 3, 15), "en", "long") == "March 15, 2026"
    assert format_date(date(2026, 3, 15), "en", "yyyy-MM-dd") == "2026-03-15"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh_CN", "2026年3月15日 14:05"), ("en", "Mar 15, 2026, 2:05 PM")],
)
def test_format_datetime_naive_is_shown_as_given(lang, expected):
    text = format_datetime(datetime(2026, 3, 15, 14, 5), lang)
    assert text == expected
    assert not any(ch in text for ch in NO_BREAK)


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset")
def test_format_datetime_aware_is_converted_to_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        utc = datetime(2026, 3, 15, 6, 5, tzinfo=UTC)
        assert format_datetime(utc, "zh_CN") == "2026年3月15日 14:05"
        assert format_datetime(utc, "en", "short") == "3/15/26, 2:05 PM"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (1250000, "1,250,000", "1,250,000"),
        (-42, "-42", "-42"),
        (Decimal("1234.5678"), "1,234.5678", "1,234.5678"),
        (Decimal("0.10"), "0.1", "0.1"),
    ],
)
def test_format_number(value, zh, en):
    assert format_number(value, "zh_CN") == zh
    assert format_number(value, "en") == en


def test_format_number_rejects_float_and_bool():
    with pytest.raises(TypeError):
        format_number(1.5, "en")
    with pytest.raises(TypeError):
        format_number(True, "en")


def test_format_decimal_places_round_half_up():
    assert format_decimal(Decimal("1234.5"), "en", 2) == "1,234.50"
    assert format_decimal(Decimal("2.345"), "zh_CN", 2) == "2.35"  # babel alone gives 2.34
    assert format_decimal(Decimal("2.5"), "en", 0) == "3"
    assert format_decimal(Decimal("1234.5678"), "en") == "1,234.5678"
    assert format_decimal(7, "en", 1) == "7.0"
    big = Decimal("1" * 40 + ".5")
    assert format_decimal(big, "en", 0).replace(",", "") == "1" * 39 + "2"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_format_percent_takes_a_percentage_number(lang):
    assert format_percent(Decimal("12.5"), lang) == "12.5%"
    assert format_percent(Decimal("12.345"), lang, 2) == "12.35%"
    assert format_percent(50, lang, 0) == "50%"
    assert format_percent(Decimal("-3.2"), lang) == "-3.2%"
    assert format_percent(Decimal("0.125"), lang) == "0.1%"  # not a fraction


@pytest.mark.parametrize(
    ("fen", "zh", "en"),
    [
        (125000050, "¥1,250,000.50", "CN¥1,250,000.50"),
        (0, "¥0.00", "CN¥0.00"),
        (1, "¥0.01", "CN¥0.01"),
        (-1999, "-¥19.99", "-CN¥19.99"),
        (10**17 + 1, "¥1,000,000,000,000,000.01", "CN¥1,000,000,000,000,000.01"),
    ],
)
def test_format_money_is_exact(fen, zh, en):
    assert format_money(fen, "zh_CN") == zh
    assert format_money(fen, "en") == en


def test_format_money_other_currency():
    assert format_money(150, "en", "USD") == "$1.50"
    assert format_money(150, "zh_CN", "USD") == "US$1.50"


def test_format_money_rejects_non_integers():
    for bad in (1.5, Decimal("1"), True, "100"):
        with pytest.raises(TypeError):
            format_money(bad, "en")


@pytest.mark.parametrize(
    ("fen", "zh", "en"),
    [
        (125000050, "125.00万元", "CNY 1.25 million"),
        (35000000000, "35,000.00万元", "CNY 350.00 million"),
        (1250000, "1.25万元", "CNY 12,500"),
        (99999950, "100.00万元", "CNY 1,000,000"),
        (100000000, "100.00万元", "CNY 1.00 million"),
        (0, "0.00万元", "CNY 0"),
        (-125000000, "-125.00万元", "CNY -1.25 million"),
    ],
)
def test_format_money_wan(fen, zh, en):
    assert format_money_wan(fen, "zh_CN") == zh
    assert format_money_wan(fen, "en") == en


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1,250,000.50", 125000050),
        ("1250000.5", 125000050),
        ("1250000", 125000000),
        ("0", 0),
        ("0.01", 1),
        ("１２５０", 125000),
        ("１，２５０．５", 125050),
        ("¥1,250", 125000),
        ("￥ 1250", 125000),
        ("CN¥12.30", 1230),
        ("CNY 99", 9900),
        ("cny99", 9900),
        ("RMB 5", 500),
        ("人民币5元", 500),
        (" 1 250 000 ", 125000000),
        ("125万", 125000000),
        ("125万元", 125000000),
        ("3.5亿元", 35000000000),
        ("3.5亿", 35000000000),
        ("1.2345万", 1234500),
        ("0.00000001亿", 100),
        ("0.0000000001亿", 1),
        ("12元", 1200),
        ("¥１２５万", 125000000),
    ],
)
def test_parse_money(text, fen):
    assert parse_money(text) == fen


def test_parse_money_round_trips_format_money():
    for fen in (0, 1, 99, 125000050, 10**15 + 7):
        for lang in ("zh_CN", "en"):
            assert parse_money(format_money(fen, lang)) == fen


EMPTY = "Enter an amount."
NEGATIVE = "The amount cannot be negative: {text}"
DECIMALS = "“{text}” has more than two decimal places; the smallest unit is 0.01 yuan."
INVALID = "“{text}” is not a valid amount. Write it like 1,250,000.50 or 125万."
TOO_LARGE = "The amount {text} is too large."


@pytest.mark.parametrize(
    ("text", "msgid"),
    [
        ("", EMPTY),
        ("  ", EMPTY),
        ("¥", EMPTY),
        ("-5", NEGATIVE),
        ("¥-5", NEGATIVE),
        ("－５", NEGATIVE),
        ("12.345", DECIMALS),
        ("1.2345678万", DECIMALS),
        ("0.00000000001亿", DECIMALS),
        ("1.0000000000000000000000000000001", DECIMALS),  # beyond Decimal's default precision
        ("abc", INVALID),
        ("1,25", INVALID),
        ("1.2.3", INVALID),
        ("1e5", INVALID),
        ("5.", INVALID),
        ("万", INVALID),
        ("12万亿", INVALID),
        ("USD 5", INVALID),
        ("9" * 30, TOO_LARGE),
    ],
)
def test_parse_money_rejections(text, msgid):
    with pytest.raises(ValidationError) as info:
        parse_money(text)
    error = info.value
    assert error.errors[0].field == "amount"
    assert error.message.msgid == msgid
    assert error.message.params == {"text": text}


def test_parse_money_error_field_and_translation():
    with pytest.raises(ValidationError) as info:
        parse_money("abc", field="registered_capital")
    assert info.value.for_field("registered_capital")
    assert "abc" in info.value.render(catalog.translator("zh_CN"))


def test_parse_money_none_is_empty():
    with pytest.raises(ValidationError):
        parse_money(None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("50", Decimal("50")),
        ("５０％", Decimal("50")),
        ("50 %", Decimal("50")),
        ("12.5%", Decimal("12.5")),
        ("-3.25", Decimal("-3.25")),
        ("+7", Decimal("7")),
        ("1,234.5", Decimal("1234.5")),
        ("0", Decimal("0")),
    ],
)
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "%", "abc", "1,23", "1e3", "--1", "5.", "12.5%%"])
def test_parse_decimal_rejections(text):
    with pytest.raises(ValidationError) as info:
        parse_decimal(text, field="share")
    assert info.value.errors[0].field == "share"


def test_percent_round_trip():
    assert format_percent(parse_decimal("１２．５％"), "zh_CN") == "12.5%"
