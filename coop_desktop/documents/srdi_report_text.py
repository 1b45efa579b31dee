"""The words of the SRDI report, in one language: what the dialog, the xlsx and the PDF show.

A :class:`ReportText` renders a report's tier summaries for one :class:`Translator`: the
outcome label, the score (``72`` or ``45–80`` while inputs are missing, out of the tier's
maximum), and what is short (a failed tier's first shortfalls) or missing (the facts a
``cannot_tell`` waits for). Rendered texts are cached: 150,000 rows share most of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_number
from coop_desktop.rules.srdi_results import CANNOT_TELL, FAIL
from coop_desktop.rules.srdi_text import (
    FACT_LABELS, OUTCOME_LABELS, TIER_LABELS, Explanation,
)


class Shortfall(Protocol):
    """What is short of a tier, as the report keeps it (``services.srdi_report_read``):
    documents name the shape they read instead of importing the service's type."""

    @property
    def explanation(self) -> Explanation: ...


class TierSummary(Protocol):
    """One tier of one enterprise in the report (``services.srdi_report_read``)."""

    outcome: str
    score: Any

    @property
    def shortfalls(self) -> Sequence[Shortfall]: ...

    @property
    def more(self) -> int: ...

    @property
    def missing(self) -> Sequence[str]: ...



#: Missing facts named in one cell before "and N more".
MISSING_SHOWN = 4

MSG_MISSING = N_("Missing: {facts}")
MSG_MORE = N_("and {count} more")
MSG_RANGE = N_("{low}–{high}")
MSG_INDICATIVE = N_("Indicative only: assessed from the figures recorded in Coop Desktop "
                    "against the criteria as encoded here. Conditions the tool cannot check "
                    "(compliance, governance, reputation) and the province's own rules are "
                    "decided by the authorities.")
MSG_TITLE = N_("Who qualifies: SRDI tiers")
MSG_CRITERIA = N_("Criteria: {title}")
MSG_DOCUMENT = N_("Document: {document}")
MSG_ASSESSED_ON = N_("Assessed on {date}")
MSG_YEARLY = N_("{count} with yearly figures")
MSG_TIER_RESULT = N_("{tier}: result")
MSG_TIER_SCORE = N_("{tier}: score")
MSG_TIER_SHORT = N_("{tier}: what is short or missing")
MSG_FILTER = N_("Filter: {filter}")
MSG_WHOLE_LIST = N_("none (the whole list)")
#: The tiers in a word or two (column titles).
TIER_SHORT = {"innovative": N_("Innovative"), "srdi": N_("SRDI"),
              "little_giant": N_("Little Giant")}
#: Column titles shared by the exports and the dialog.
COLUMN_LABELS = {
    "name_zh": N_("Enterprise"), "name_en": N_("English name"), "uscc": N_("USCC"),
    "province": N_("Province"), "year": N_("Year used"), "tier": N_("Tier"),
    "total": N_("Total"),
}


class ReportText:
    """Texts of one language (see the module docstring)."""

    def __init__(self, tr: Translator) -> None:
        self.tr = tr
        self.zh = tr.language == "zh_CN"
        self.sep = "；" if self.zh else "; "
        self.colon = "：" if self.zh else ": "
        self._shortfalls: dict[Any, str] = {}
        self._missing: dict[Any, str] = {}
        self._provinces: dict[str | None, str] = {}

    def tier(self, name: str) -> str:
        return self.tr.gettext(TIER_LABELS[name])

    def tier_short(self, name: str) -> str:
        """The tier in a word or two (a column title)."""
        return self.tr.gettext(TIER_SHORT[name])

    def outcome(self, outcome: str) -> str:
        return self.tr.gettext(OUTCOME_LABELS[outcome])

    def number(self, value: int | float) -> str:
        return format_number(Decimal(str(value)) if isinstance(value, float) else value,
                             self.tr)

    def score(self, summary: TierSummary) -> str:
        """``72`` / ``45–80`` / "" (no score)."""
        if summary.score is None:
            return ""
        low, high = summary.score
        if low == high:
            return self.number(low)
        return self.tr.gettext(MSG_RANGE).format(low=self.number(low), high=self.number(high))

    def shortfall(self, item: Shortfall) -> str:
        try:
            return self._shortfalls[item]
        except KeyError:
            text = item.explanation().render(self.tr)
        except TypeError:  # an unhashable value: not cached
            return item.explanation().render(self.tr)
        self._shortfalls[item] = text
        return text

    def missing(self, facts: Sequence[str], shown: int = MISSING_SHOWN) -> str:
        """"Missing: A, B, C (and 2 more)": the first ``shown`` facts named."""
        key = (tuple(facts), shown)
        text = self._missing.get(key)
        if text is None:
            join = "、" if self.zh else ", "
            names = join.join(self.tr.gettext(FACT_LABELS.get(f, f)) for f in key[0][:shown])
            if len(key[0]) > shown:
                names += ("" if self.zh else " ") + self.more(len(key[0]) - shown)
            text = self.tr.gettext(MSG_MISSING).format(facts=names)
            self._missing[key] = text
        return text

    def more(self, count: int) -> str:
        """"(and 3 more)" / "（另有 3 项）"."""
        words = self.tr.gettext(MSG_MORE).format(count=self.number(count))
        return f"（{words}）" if self.zh else f"({words})"

    def short(self, summary: TierSummary, *, every: bool = False) -> str:
        """What is short (fail) or missing (cannot tell; ``every``: every missing fact
        named, else the first :data:`MISSING_SHOWN`), "" for a pass."""
        parts = [self.shortfall(s) for s in summary.shortfalls]
        if summary.outcome == FAIL:
            text = self.sep.join(parts)
            if summary.more:
                text += ("" if self.zh else " ") + self.more(summary.more)
            return text
        if summary.outcome == CANNOT_TELL:
            if summary.missing:
                shown = len(summary.missing) if every else MISSING_SHOWN
                parts.append(self.missing(summary.missing, shown=shown))
            return self.sep.join(parts)
        return ""

    def province(self, code: str | None) -> str:
        name = self._provinces.get(code)
        if name is None:
            from coop_desktop.reference import regions

            region = regions.lookup(code) if code else None
            name = region.name(self.tr.language) if region else (code or "")
            self._provinces[code] = name
        return name

    def column(self, key: str) -> str:
        return self.tr.gettext(COLUMN_LABELS[key])

    def tier_column(self, msgid: str, tier: str) -> str:
        return self.tr.gettext(msgid).format(tier=self.tier(tier))

    def criteria_title(self, info: Any) -> str:
        return info.title_zh if self.zh else info.title_en


def filter_line(tr: Translator, filters: Sequence[tuple[str, str]]) -> str:
    """The list's filter in one line of ``tr``'s language ("Filter: none (the whole list)")."""
    zh = tr.language == "zh_CN"
    described = ("；" if zh else "; ").join(f"{k}{'：' if zh else ': '}{v}" for k, v in filters)
    return tr.gettext(MSG_FILTER).format(filter=described or tr.gettext(MSG_WHOLE_LIST))


__all__ = ["COLUMN_LABELS", "MSG_INDICATIVE", "ReportText", "filter_line"]
