"""Every tier a title can have reads as a title in a document (single champions included)."""

from __future__ import annotations

from datetime import date

from coop_desktop.documents.placeholders import PlaceholderContext, fill
from coop_desktop.models import TIER_LEVEL


def test_every_tier_is_named_in_both_languages_highest_first():
    titles = [{"tier": tier, "level": level, "status": "active", "expires_on": date(2027, 6, 30)}
              for tier, level in TIER_LEVEL.items()]
    ctx = PlaceholderContext.from_records({}, titles=titles, today=date(2026, 1, 1))
    zh = fill("{{enterprise.titles}}", ctx, "zh").text
    en = fill("{{enterprise.titles}}", ctx, "en").text
    assert zh.startswith("国家级制造业单项冠军企业（有效期至2027年6月30日）、国家级专精特新“小巨人”企业")
    assert en.startswith("national-level manufacturing single champion enterprise (valid until "
                         "30 June 2027); national-level SRDI “Little Giant” enterprise")
    for code in ("single_champion", "little_giant", "srdi"):  # no code shows through
        assert code not in zh and code not in en
