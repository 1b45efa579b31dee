"""Chinese personal names in English documents: pinyin, surname first."""

from __future__ import annotations

import pytest

from coop_desktop.text import person_name_en


@pytest.mark.parametrize(("name", "expected"), [
    ("陈春华", "Chen Chunhua"),
    ("张三", "Zhang San"),
    ("欧阳修", "Ouyang Xiu"),
    ("诸葛亮", "Zhuge Liang"),
    ("曾国强", "Zeng Guoqiang"),  # surname reading, not céng
    ("单田芳", "Shan Tianfang"),
    ("  李 明 ", "Li Ming"),
    ("Li Ming", "Li Ming"),  # already romanised
    ("John Smith", "John Smith"),
    ("王", "王"),  # one character is not a full name: left alone
    ("", None),
    (None, None),
])
def test_person_name_en(name, expected):
    assert person_name_en(name) == expected
