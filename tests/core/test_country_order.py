"""The shipped pinyin order of the Chinese country names is the one pypinyin gives."""

from __future__ import annotations

from coop_desktop.reference import countries
from coop_desktop.reference.country_order import ZH_CN


def test_the_shipped_order_is_pypinyins_order_of_the_current_names():
    assert ZH_CN == countries.pinyin_order()
    assert [code for code, _name in countries.all_countries("zh_CN")] == list(ZH_CN)
    names = [name for _code, name in countries.all_countries("zh_CN")]
    assert names.index("阿尔巴尼亚") < names.index("德国") < names.index("中国")
