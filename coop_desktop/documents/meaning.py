"""The meaning checks of a section as QA findings: statements that say the opposite
(:mod:`~coop_desktop.documents.polarity`) and sentences or clauses with no counterpart
(:mod:`~coop_desktop.documents.coverage`). :func:`findings` returns plain :class:`Finding` values;
``documents.qa`` turns them into its ``QaIssue`` (so this module does not import ``qa``).

=================  ========  ============================================================
code               severity  when
=================  ========  ============================================================
polarity_reversed  error     one side negates and the other does not, or says the opposite
                             direction (增长 / "fell") or result (盈利 / "loss"), or turns an
                             exception (除…外) into an inclusion ("including")
bound_reversed     error     a lower bound (以上, 至少, 不低于, "at least") on one side is an
                             upper bound (以下, 最多, 不超过, "at most") on the other
content_dropped    warning   a Chinese sentence or clause has no counterpart in the English
content_added      warning   an English sentence or clause has no counterpart in the Chinese
=================  ========  ============================================================

The detail of each finding names the words (or the first characters of the clause), so that
ignoring it survives edits elsewhere in the section.
"""

from __future__ import annotations

import re

from coop_desktop.documents import coverage, polarity
from coop_desktop.documents.check_finding import Finding
from coop_desktop.i18n.catalog import N_

MSG_NEGATED_ZH = N_("The Chinese text negates (“{zh}”) but the English text does not "
                    "(“{en}”): the translation may say the opposite.")
MSG_NEGATED_EN = N_("The English text negates (“{en}”) but the Chinese text does not "
                    "(“{zh}”): the translation may say the opposite.")
MSG_DIRECTION = N_("The Chinese text says “{zh}” where the English text says “{en}”: the "
                   "opposite direction.")
MSG_RESULT = N_("The Chinese text says “{zh}” where the English text says “{en}”: profit and "
                "loss are reversed.")
MSG_EXCEPTION = N_("The Chinese text makes an exception (“{zh}”) where the English text "
                   "includes it (“{en}”).")
MSG_LOWER_BOUND = N_("The Chinese text sets a lower limit (“{zh}”) where the English text "
                     "sets an upper limit (“{en}”).")
MSG_UPPER_BOUND = N_("The Chinese text sets an upper limit (“{zh}”) where the English text "
                     "sets a lower limit (“{en}”).")
MSG_DROPPED = N_("“{text}” in the Chinese text has no counterpart in the English text: it may "
                 "have been left out of the translation.")
MSG_ADDED = N_("“{text}” in the English text has no counterpart in the Chinese text: it may "
               "have been added in translation.")


_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|【待填写[^】]*】|\[to be completed[^\]]*\]")


def _blank(m: re.Match[str]) -> str:
    """A placeholder (``{{enterprise.name_en}}``) or a template's gap (``【待填写：金额】``,
    ``[to be completed: amount]``) says nothing to compare, and is reported as unfilled
    elsewhere. Blanked, so that spans stay."""
    return " " * (m.end() - m.start())


def _flip(flip: polarity.Flip) -> Finding:
    piece = flip.en_piece
    span = (piece.start, piece.end) if piece else (0, 0)
    if flip.kind == "negation":
        msgid = MSG_NEGATED_ZH if flip.negated == "zh" else MSG_NEGATED_EN
    elif flip.kind == "bound":
        msgid = MSG_LOWER_BOUND if flip.zh in polarity.ZH_GE else MSG_UPPER_BOUND
    else:
        msgid = {"direction": MSG_DIRECTION, "result": MSG_RESULT,
                 "exception": MSG_EXCEPTION}[flip.kind]
    code = "bound_reversed" if flip.kind == "bound" else "polarity_reversed"
    return Finding(code, "error", msgid, "en", span, f"{flip.zh} ≠ {flip.en}",
                   {"zh": flip.zh, "en": flip.en})


def _gap(gap: coverage.Gap) -> Finding:
    code, msgid = (("content_dropped", MSG_DROPPED) if gap.side == "zh"
                   else ("content_added", MSG_ADDED))
    return Finding(code, "warning", msgid, gap.side, (gap.piece.start, gap.piece.end),
                   gap.quote, {"text": gap.quote})


def findings(zh: str, en: str) -> list[Finding]:
    """Reversed statements first (errors), then sentences and clauses without counterpart."""
    if not (zh.strip() and en.strip()):
        return []
    zh, en = _PLACEHOLDER.sub(_blank, zh), _PLACEHOLDER.sub(_blank, en)
    return ([_flip(f) for f in polarity.flips(zh, en)]
            + [_gap(g) for g in coverage.coverage(zh, en)])
