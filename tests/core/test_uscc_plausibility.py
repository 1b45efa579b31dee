"""USCC plausibility: well-formed codes with impossible contents are warned about, never refused."""

from __future__ import annotations

import pytest

from coop_desktop import validation as v
from coop_desktop.i18n.catalog import translator
from coop_desktop.reference import uscc as uscc_ref
from coop_desktop.services import enterprise_checks

GB_EXAMPLE = "91350100M000100Y43"  # the standard's own example (Fuzhou; org code M000100Y4)
HUAWEI = "914403001922038216"


def make(first16: str) -> str:
    """A code with both check characters right: the embedded organisation code's (17th) and
    the GB 32100 one (18th)."""
    first17 = first16 + v.org_code_check_char(first16[8:16])
    return first17 + v.uscc_check_char(first17)


def warned(code: str) -> list[str]:
    assert v.is_valid_uscc(code), code  # a warning is never a refusal
    return [m.msgid for m in v.uscc_warnings(code)]


@pytest.mark.parametrize("code", [
    GB_EXAMPLE, HUAWEI,
    "92371000MA3MXH0E3W",  # an individual business (92), Dezhou: org code MA3MXH0E3
    make("91320594MA1MXXXX"),  # a development-zone authority: only its prefecture is known
    make("91371202MA3C0000"),  # Laiwu, merged into Jinan in 2019: its codes are still used
    make("91429004MA4AAAAA"),  # Xiantao, a county-level city directly under Hubei
    make("91100000MA000001"),  # the national registration authority
    make("51440300MA000001"),  # civil affairs, social organisation
    make("N2440300MA000001"),  # agriculture, village collective (amended table)
    make("Y1440300MA000001"),  # "other": category 1 only
])
def test_real_and_plausible_codes_stay_silent(code: str) -> None:
    assert warned(code) == []


def test_the_verified_org_codes_pass_their_own_check() -> None:
    assert v.org_code_check_char("M000100Y") == "4"
    assert v.org_code_check_char("19220382") == "1"
    with pytest.raises(ValueError):
        v.org_code_check_char("m000100y")


def test_all_zero_code_is_one_warning() -> None:
    code = "0" * 18
    assert v.is_valid_uscc(code)  # its check characters are both right: hence the warning
    assert warned(code) == [v.MSG_USCC_ALL_ZERO]


@pytest.mark.parametrize("first16,msgid", [
    ("B1440300MA000001", v.MSG_USCC_AUTHORITY),  # no authority B
    ("99440300MA000001", v.MSG_USCC_CATEGORY),  # industry and commerce has no category 9
    ("Y2440300MA000001", v.MSG_USCC_CATEGORY),  # "other" has category 1 only
    ("91999999MA000001", v.MSG_USCC_PROVINCE),  # no province 99 (the 919999…)
    ("91660000MA000001", v.MSG_USCC_PROVINCE),  # not in GB/T 2260
    ("91449900MA000001", v.MSG_USCC_PREFECTURE),  # Guangdong has no 4499
    ("91100100MA000001", v.MSG_USCC_PREFECTURE),  # the national authority has no prefectures
])
def test_each_implausible_part_is_warned_about(first16: str, msgid: str) -> None:
    assert warned(make(first16)) == [msgid]


def test_zero_organisation_code_and_wrong_org_check_character() -> None:
    assert warned(make("9144030000000000")) == [v.MSG_USCC_ZERO_BODY]
    wrong = GB_EXAMPLE[:16] + "5"  # the org code M000100Y needs 4
    code = wrong + v.uscc_check_char(wrong)
    assert warned(code) == [v.MSG_USCC_ORG_CHECK]
    [message] = v.uscc_warnings(code)
    assert message.params == {"expected": "4", "actual": "5"}


def test_several_problems_are_all_said() -> None:
    first17 = "B1999999MA0000010"
    code = first17 + v.uscc_check_char(first17)
    assert warned(code) == [v.MSG_USCC_AUTHORITY, v.MSG_USCC_PROVINCE, v.MSG_USCC_ORG_CHECK]


def test_refused_and_foreign_input_has_no_warnings() -> None:
    assert v.uscc_warnings("") == []
    assert v.uscc_warnings(GB_EXAMPLE[:17] + "4") == []  # refused: its error says why
    assert v.uscc_warnings(" ９１３５０１００ｍ０００１００ｙ４３ ") == []  # normalised first


def test_the_warning_reads_in_chinese() -> None:
    zh = translator("zh_CN")
    [message] = v.uscc_warnings(make("91999999MA000001"))
    text = message.render(zh)
    assert "999999" in text and text != message.render()


def test_enterprise_checks_warn_on_the_uscc_field_only_for_accepted_codes() -> None:
    [warning] = enterprise_checks.warnings({"uscc": make("91999999MA000001")})
    assert warning.field == "uscc" and warning.message.msgid == v.MSG_USCC_PROVINCE
    assert enterprise_checks.warnings({"uscc": GB_EXAMPLE}) == []
    assert enterprise_checks.warnings({"uscc": None}) == []
    assert enterprise_checks.warnings({"uscc": "91350100"}) == []  # the error says it all


def test_the_authority_table_is_data_with_sources() -> None:
    known = {a.code: a for a in uscc_ref.authorities()}
    assert set(known) == set("123456789ANY")
    assert known["9"].categories == {"1", "2", "3"} and known["Y"].categories == {"1"}
    assert {a.confidence for a in known.values()} <= {"C", "K", "U"}
    assert known["1"].confidence == known["5"].confidence == known["9"].confidence == "C"
