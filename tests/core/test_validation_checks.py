"""Generic field checks in coop_desktop.validation and the country list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coop_desktop.errors import FieldError, ValidationError
from coop_desktop.reference import countries
from coop_desktop.validation import (
    check_country_codes,
    check_date_order,
    check_email,
    check_length,
    check_non_negative,
    check_not_future,
    check_percent,
    check_phone,
    check_region_code,
    check_required,
    check_url,
)


def _fails(result: FieldError | None, field: str = "f") -> FieldError:
    assert result is not None
    assert result.field == field
    assert result.render()  # renders in English without KeyError
    return result


def test_required() -> None:
    for value in (None, "", "   ", [], ()):
        _fails(check_required("f", value))
    for value in ("x", 0, Decimal(0), ["DE"], False):
        assert check_required("f", value) is None


def test_length() -> None:
    assert check_length("f", None, 3) is None
    assert check_length("f", "abc", 3) is None
    err = _fails(check_length("f", "abcd", 3))
    assert err.message.params == {"max": 3, "count": 4}


def test_non_negative() -> None:
    for value in (None, 0, 5, Decimal("0.00"), Decimal("12.5")):
        assert check_non_negative("f", value) is None
    _fails(check_non_negative("f", -1))
    _fails(check_non_negative("f", Decimal("-0.01")))
    _fails(check_non_negative("f", Decimal("NaN")))
    _fails(check_non_negative("f", "12"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        check_non_negative("f", 1.5)  # type: ignore[arg-type]


def test_percent() -> None:
    for value in (None, 0, 100, Decimal("0"), Decimal("99.99"), Decimal("100.00")):
        assert check_percent("f", value) is None
    for value in (-1, 101, Decimal("100.01"), Decimal("-0.1"), Decimal("Infinity")):
        _fails(check_percent("f", value))


def test_not_future() -> None:
    today = date(2025, 6, 1)
    assert check_not_future("f", None, today) is None
    assert check_not_future("f", today, today) is None
    assert check_not_future("f", date(2020, 1, 1), today) is None
    err = _fails(check_not_future("f", date(2025, 6, 2), today))
    assert "2025-06-02" in err.render()


def test_date_order() -> None:
    assert check_date_order("end", None, date(2020, 1, 1)) is None
    assert check_date_order("end", date(2020, 1, 1), None) is None
    assert check_date_order("end", date(2020, 1, 1), date(2020, 1, 1)) is None
    assert check_date_order("end", date(2020, 1, 1), date(2021, 1, 1)) is None
    err = _fails(check_date_order("end", date(2021, 1, 1), date(2020, 12, 31)), "end")
    assert "2020-12-31" in err.render() and "2021-01-01" in err.render()


@pytest.mark.parametrize(
    "value",
    [None, "", "a@b.co", "first.last+tag@example.com", "li@例子.中国", " x@y.cn ", "a@mail.xn--fiqs8s"],
)
def test_email_ok(value: str | None) -> None:
    assert check_email("f", value) is None


@pytest.mark.parametrize(
    "value", ["plain", "a@b", "a@@b.com", "a b@c.com", "a@b .com", "@b.com", "a@.com", "a@b.c1"]
)
def test_email_bad(value: str) -> None:
    _fails(check_email("f", value))


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "https://www.example.com",
        "http://example.com/path?q=1#x",
        "www.example.com",
        "example.com.cn/about",
        "https://example.com:8443/",
        "https://例子.中国",
        "HTTPS://EXAMPLE.COM",
    ],
)
def test_url_ok(value: str | None) -> None:
    assert check_url("f", value) is None


@pytest.mark.parametrize(
    "value",
    ["ftp://example.com", "javascript:alert(1)", "example", "http://", "https://exa mple.com",
     "mailto:a@b.com", "http://localhost"],
)
def test_url_bad(value: str) -> None:
    _fails(check_url("f", value))


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "+86 21 1234 5678",
        "(021) 1234-5678",
        "13800138000",
        "+49 (0)30 123456 ext. 12",
        "010-12345678 x 3",
        "0755-8888 8888转123",
        "＋８６ １３８００１３８０００",
    ],
)
def test_phone_ok(value: str | None) -> None:
    assert check_phone("f", value) is None


@pytest.mark.parametrize(
    "value", ["abc", "1234", "12-34", "+86 138 0013 8000 +1", "tel: 123456", "(021 1234567", "1" * 21]
)
def test_phone_bad(value: str) -> None:
    _fails(check_phone("f", value))


def test_country_codes() -> None:
    assert check_country_codes("f", None) is None
    assert check_country_codes("f", []) is None
    assert check_country_codes("f", ["DE", "CN", "US", "HK"]) is None
    err = _fails(check_country_codes("f", ["DE", "EU", "XX", "de"]))
    assert err.message.params == {"codes": "EU, XX, de"}
    assert check_country_codes("f", "DE") is None  # a single code, not its letters
    _fails(check_country_codes("f", "EU"))


def test_region_code() -> None:
    assert check_region_code("f", None) is None
    assert check_region_code("f", "") is None
    assert check_region_code("f", "440300") is None
    assert check_region_code("f", "440000") is None
    err = _fails(check_region_code("f", "123456"))
    assert "123456" in err.render()
    _fails(check_region_code("f", "440305"))  # county level is not in the table


def test_field_errors_combine_into_one_validation_error() -> None:
    errors = [
        e
        for e in (
            check_required("name", ""),
            check_percent("share", 120),
            check_email("email", "nope"),
        )
        if e is not None
    ]
    exc = ValidationError(errors)
    assert [e.field for e in exc.errors] == ["name", "share", "email"]


def test_countries_module() -> None:
    codes = [code for code, _ in countries.all_countries("en")]
    assert len(codes) == len(set(codes)) == 249
    for code in ("EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "XK", "IC", "EA"):
        assert not countries.is_country(code)
    assert countries.is_country("DE") and not countries.is_country("de")
    assert not countries.is_country(None)
    assert countries.country_name("DE", "en") == "Germany"
    assert countries.country_name("DE", "zh_CN") == "德国"
    assert countries.country_name("CN", "zh_CN") == "中国"
    with pytest.raises(KeyError):
        countries.country_name("EU", "en")
    names = [name for _, name in countries.all_countries("en")]
    assert names[0] == "Afghanistan"
    assert names.index("Åland Islands") < names.index("Albania")
    zh = countries.all_countries("zh_CN")
    assert len(zh) == 249 and dict(zh)["FR"] == "法国"
