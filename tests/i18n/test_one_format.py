"""The app's one format for amounts, dates and times (``coop_desktop.i18n.formatting``):
exact amounts in 万元 / millions, rounded ones for table columns, the text a money field is
edited in, and that everything written reads back through ``parse_money``."""

from __future__ import annotations

import time as _time
from datetime import UTC, date, datetime, time

import pytest

from coop_desktop.documents.placeholders import money_text
from coop_desktop.i18n.formatting import (
    amount_edit_text, date_pattern, format_amount, format_amount_short, format_date,
    format_datetime, format_time, parse_money,
)

NO_BREAK = ("\u202f", "\u00a0", "\u2009")

# fen, zh exact, en exact, zh table, en table, zh while edited
AMOUNTS = [
    (590_000_000, "590万元", "CNY 5.9 million", "590万元", "CNY 5.9 million", "590万"),
    (123_450_000, "123.45万元", "CNY 1.2345 million", "123.45万元", "CNY 1.23 million", "123.45万"),
    (590_005_000, "5,900,050元", "CNY 5,900,050", "590.01万元", "CNY 5.9 million", "5,900,050"),
    (590_005_050, "5,900,050.50元", "CNY 5,900,050.50", "590.01万元", "CNY 5.9 million",
     "5,900,050.50"),
    (100_000_000, "100万元", "CNY 1 million", "100万元", "CNY 1 million", "100万"),
    (99_999_950, "999,999.50元", "CNY 999,999.50", "100万元", "CNY 1,000,000", "999,999.50"),
    (800_000, "8,000元", "CNY 8,000", "0.8万元", "CNY 8,000", "8,000"),
    (1_234_567, "12,345.67元", "CNY 12,345.67", "1.23万元", "CNY 12,346", "12,345.67"),
    (3_000, "30元", "CNY 30", "30元", "CNY 30", "30"),  # not "0万元"
    (0, "0元", "CNY 0", "0万元", "CNY 0", "0"),
    (10**17 + 1, "1,000,000,000,000,000.01元", "CNY 1,000,000,000,000,000.01",
     "100,000,000,000万元", "CNY 1,000,000,000 million", "1,000,000,000,000,000.01"),
]


@pytest.mark.parametrize(("fen", "zh", "en", "zh_short", "en_short", "zh_edit"), AMOUNTS)
def test_amounts(fen, zh, en, zh_short, en_short, zh_edit):
    assert format_amount(fen, "zh_CN") == zh
    assert format_amount(fen, "en") == en
    assert format_amount_short(fen, "zh_CN") == zh_short
    assert format_amount_short(fen, "en") == en_short
    assert amount_edit_text(fen, "zh_CN") == zh_edit
    assert "万" not in amount_edit_text(fen, "en")


@pytest.mark.parametrize("fen", [a[0] for a in AMOUNTS] + [1, 150, 12_345_600, 7_000_000_000_000])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_exact_text_reads_back_to_the_same_amount(fen, lang):
    for text in (format_amount(fen, lang), amount_edit_text(fen, lang),
                 format_amount(fen, lang, document=True)):
        assert parse_money(text) == fen, text


def test_both_ways_of_typing_an_amount_are_accepted():
    """Officers type 万 (590万, 590万元), accountants full yuan, English users millions."""
    for text in ("590万", "590万元", "5,900,000", "5900000", "¥5,900,000.00", "CN¥5,900,000.00",
                 "人民币590万元", "CNY 5.9 million", "RMB 5.9 million", "5.9 million", "０．０５９亿"):
        assert parse_money(text) == 590_000_000, text


def test_other_currencies_and_the_document_wording():
    assert format_amount(500_000_000, "zh_CN", "USD") == "500万美元"
    assert format_amount(500_000_000, "en", "usd") == "USD 5 million"
    assert format_amount_short(123_456, "zh_CN", "EUR") == "0.12万欧元"
    assert format_amount(590_000_000, "zh_CN", document=True) == "人民币590万元"
    assert format_amount(590_000_000, "en", document=True) == "RMB 5.9 million"
    assert format_amount(500_000_000, "en", "USD", document=True) == "USD 5 million"


def test_documents_write_amounts_with_the_same_formatter():
    """Form, list and PDF agree: the document's text is the UI's, with 人民币 / RMB."""
    for fen, *_ in AMOUNTS:
        assert money_text(fen, "zh") == "人民币" + format_amount(fen, "zh_CN")
        assert money_text(fen, "en") == format_amount(fen, "en").replace("CNY", "RMB", 1)
    assert money_text(590_000_000, "zh") == "人民币590万元"


def test_amounts_reject_non_integers():
    for bad in (1.5, True, "100"):
        for fn in (format_amount, format_amount_short, amount_edit_text):
            with pytest.raises(TypeError):
                fn(bad, "en")


@pytest.mark.parametrize(("lang", "day", "moment", "clock", "clock_s", "pattern"), [
    ("zh_CN", "2026年3月15日", "2026年3月15日 14:05", "14:05", "14:05:33", "y年M月d日"),
    ("en", "Mar 15, 2026", "Mar 15, 2026, 2:05 PM", "2:05 PM", "2:05:33 PM", "MMM d, y"),
])
def test_one_date_and_time_format(lang, day, moment, clock, clock_s, pattern):
    """A date-time is the date as lists write it plus the time to the minute: no
    ``2026-12-06 08:56`` beside ``2026年10月2日``."""
    at = datetime(2026, 3, 15, 14, 5, 33)
    assert format_date(at, lang) == day
    assert format_datetime(at, lang) == moment
    assert format_datetime(at, lang).startswith(format_date(at, lang))
    assert format_time(time(14, 5, 33), lang) == clock
    assert format_time(at, lang, seconds=True) == clock_s
    assert date_pattern(lang) == pattern
    for text in (format_datetime(at, lang), format_time(at, lang, seconds=True)):
        assert not any(ch in text for ch in NO_BREAK)


@pytest.mark.skipif(not hasattr(_time, "tzset"), reason="needs time.tzset")
def test_times_from_the_database_are_shown_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    _time.tzset()
    try:
        utc = datetime(2026, 3, 15, 23, 5, tzinfo=UTC)
        assert format_datetime(utc, "zh_CN") == "2026年3月16日 07:05"
        assert format_time(utc, "en") == "7:05 AM"
        assert format_date(date(2026, 3, 16), "zh_CN") == "2026年3月16日"
    finally:
        monkeypatch.undo()
        _time.tzset()
