"""USCC (GB 32100-2015) normalisation and check character."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_desktop.errors import ValidationError
from coop_desktop.validation import (
    MSG_USCC_CHAR,
    MSG_USCC_CHECK,
    MSG_USCC_EMPTY,
    MSG_USCC_LENGTH,
    MSG_USCC_REGION,
    USCC_CHARSET,
    is_valid_uscc,
    normalize_uscc,
    uscc_check_char,
)

GB_EXAMPLE = "91350100M000100Y43"
HUAWEI = "914403001922038216"


def _error(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        normalize_uscc(text)
    assert [e.field for e in info.value.errors] == ["uscc"]
    return info.value


@pytest.mark.parametrize("code", [GB_EXAMPLE, HUAWEI])
def test_verified_codes_are_valid(code: str) -> None:
    assert normalize_uscc(code) == code
    assert is_valid_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]


def test_weights_follow_powers_of_three() -> None:
    from coop_desktop.validation import _USCC_WEIGHTS

    assert _USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_wrong_check_char_names_the_expected_one() -> None:
    err = _error(GB_EXAMPLE[:17] + "4")
    assert err.message.msgid == MSG_USCC_CHECK
    assert err.message.params == {"expected": "3", "actual": "4"}
    assert "“3”" in str(err)
    assert not is_valid_uscc(GB_EXAMPLE[:17] + "4")


def test_full_width_spaces_and_lower_case_are_normalised() -> None:
    assert normalize_uscc("９１３５０１００Ｍ０００１００Ｙ４３") == GB_EXAMPLE
    assert normalize_uscc("  91350100m000100y43\n") == GB_EXAMPLE
    assert normalize_uscc("9135 0100 M000 100Y 43") == GB_EXAMPLE
    assert normalize_uscc("\u300091350100M000100Y43\u3000") == GB_EXAMPLE  # ideographic space


def test_hyphens_are_not_removed() -> None:
    err = _error("91350100-M000100Y43")
    assert err.message.msgid == MSG_USCC_CHAR
    assert err.message.params == {"char": "-", "position": 9}


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_forbidden_letters(letter: str) -> None:
    err = _error(GB_EXAMPLE[:10] + letter + GB_EXAMPLE[11:])
    assert err.message.msgid == MSG_USCC_CHAR
    assert err.message.params["char"] == letter
    assert err.message.params["position"] == 11
    assert "I, O, S, V and Z" in str(err)


def test_lower_case_forbidden_letter_is_reported_upper_case() -> None:
    err = _error(GB_EXAMPLE[:10] + "o" + GB_EXAMPLE[11:])
    assert err.message.params["char"] == "O"


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty(text: str) -> None:
    assert _error(text).message.msgid == MSG_USCC_EMPTY


@pytest.mark.parametrize("text", [GB_EXAMPLE[:17], GB_EXAMPLE + "0", "9135"])
def test_length_says_how_many(text: str) -> None:
    err = _error(text)
    assert err.message.msgid == MSG_USCC_LENGTH
    assert err.message.params == {"count": len(text)}
    assert str(len(text)) in str(err)


def test_region_digits_must_be_numeric() -> None:
    body = "91A50100M000100Y4"
    code = body + uscc_check_char(body)
    err = _error(code)
    assert err.message.msgid == MSG_USCC_REGION
    assert err.message.params == {"region": "A50100"}


def test_uscc_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        uscc_check_char(GB_EXAMPLE[:16])
    with pytest.raises(ValueError):
        uscc_check_char(GB_EXAMPLE[:16] + "O")


def test_is_valid_uscc_on_non_strings() -> None:
    assert not is_valid_uscc(None)
    assert not is_valid_uscc(91350100)


_chars = st.sampled_from(USCC_CHARSET)
_digits = st.sampled_from("0123456789")
_bodies = st.tuples(
    st.text(_chars, min_size=2, max_size=2),
    st.text(_digits, min_size=6, max_size=6),
    st.text(_chars, min_size=9, max_size=9),
).map("".join)


@given(_bodies)
def test_generated_codes_round_trip(body: str) -> None:
    check = uscc_check_char(body)
    code = body + check
    assert is_valid_uscc(code)
    assert normalize_uscc(code.lower()) == code
    for other in USCC_CHARSET:
        if other != check:
            assert not is_valid_uscc(body + other)


@given(_bodies, st.integers(min_value=0, max_value=16), _chars)
def test_single_body_substitution_is_detected(body: str, pos: int, ch: str) -> None:
    code = body + uscc_check_char(body)
    changed = code[:pos] + ch + code[pos + 1 :]
    if changed != code and changed[2:8].isdigit():
        assert not is_valid_uscc(changed)
