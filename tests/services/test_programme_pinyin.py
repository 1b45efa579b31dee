"""The shipped SME cluster and pilot-city names come with their pinyin, so listing them (the
filter bar does it as the first window opens) does not import pypinyin."""

from __future__ import annotations

from coop_desktop import text
from coop_desktop.reference import programme_pinyin
from coop_desktop.services import programmes


def test_the_shipped_pinyin_covers_the_shipped_names_and_is_pypinyins():
    table = "\n".join(f'    "{name}": "{pinyin}",' for name, pinyin in
                      programme_pinyin.SHIPPED.items())
    assert programme_pinyin._generate() == table  # every shipped name, as text.pinyin says
    assert programme_pinyin.SHIPPED["福州市"] == "fu zhou shi"


def test_listing_the_shipped_programmes_converts_no_name(db, monkeypatch):
    def refuse(name: str) -> str:
        raise AssertionError(f"pinyin computed for {name}")

    monkeypatch.setattr(text, "pinyin", refuse)
    options = programmes.options(db)
    assert len(options.clusters) >= 30 and len(options.pilot_cities) >= 20
    shipped_order = sorted(options.clusters, key=lambda p: (
        p.province_code or "999999", programme_pinyin.SHIPPED[p.name_zh], p.name_zh, p.id))
    assert list(options.clusters) == shipped_order
