"""The report's words moved to :mod:`coop_desktop.documents.srdi_report_text` (the PDF, below
the services, needs them too); this name stays for the callers and tests that use it."""

from coop_desktop.documents.srdi_report_text import (  # noqa: F401
    COLUMN_LABELS,
    MISSING_SHOWN,
    MSG_ASSESSED_ON,
    MSG_CRITERIA,
    MSG_DOCUMENT,
    MSG_INDICATIVE,
    MSG_MISSING,
    MSG_MORE,
    MSG_RANGE,
    MSG_TIER_RESULT,
    MSG_TIER_SCORE,
    MSG_TIER_SHORT,
    MSG_TITLE,
    MSG_YEARLY,
    ReportText,
    TIER_SHORT,
)
