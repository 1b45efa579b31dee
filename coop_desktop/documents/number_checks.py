"""The number findings of the bilingual QA (:mod:`qa`): values, units, qualifiers, owners.

:func:`findings` extracts the quantities of both texts (:mod:`numbers`), reads them for
meaning (:func:`quantity_pairs.compare_meaning`) and says what is wrong, as plain
:class:`Finding` values that :mod:`qa` turns into issues. Every message names the words on
both sides.

=================  ========  ==========================================================
code               severity  when
=================  ========  ==========================================================
number_mismatch    error     values of one kind differ: ``3.5亿元 ≠ RMB 35 million``,
                             ``上半年 ≠ the second half``, ``今年 (2025) ≠ 2024``
unit               error     the same number with another unit, or units that measure
                             different things (``120亩`` / "120 hectares", ``兆瓦时`` /
                             "MW"); a converted value (``120亩`` / "8 hectares") is fine
bound              error     a lower bound turned into an upper one or back (``超过100家``
                             / "fewer than 100")
share_swap         error     equal values given to other owners, years or ends of a
                             change (``甲方70%、乙方30%`` / "A 30%, B 70%")
approximation      warning   an approximation or bound word dropped, added or changed
                             (``近30%`` / "30%", ``约8.5%`` / "more than 8.5%")
number_missing     warning   a value on one side has no counterpart on the other
=================  ========  ==========================================================
"""

from __future__ import annotations

import re
from datetime import date

from coop_desktop.documents import units
from coop_desktop.documents.check_finding import Finding
from coop_desktop.documents.numbers import extract_quantities, fold_width
from coop_desktop.documents.numbers_core import Quantity
from coop_desktop.documents.qualifiers import ABOUT, AFTER_WORDS, NEARLY, OVER, UNDER, Agreement
from coop_desktop.documents.quantity_pairs import QualifierFinding, compare_meaning
from coop_desktop.i18n.catalog import N_

MSG_NUMBER_MISMATCH = N_("The Chinese text says “{zh}” where the English text says “{en}”.")
MSG_YEAR_MISMATCH = N_(
    "The Chinese text says “{zh}” ({year} by the document date) where the English text says "
    "“{en}”.")
MSG_YEAR_MISMATCH_EN = N_(
    "The Chinese text says “{zh}” where the English text says “{en}” ({year} by the "
    "document date).")
MSG_ONLY_ZH = N_("“{value}” in the Chinese text has no counterpart in the English text.")
MSG_ONLY_EN = N_("“{value}” in the English text has no counterpart in the Chinese text.")
MSG_UNIT = N_(
    "The Chinese text says “{zh}” where the English text says “{en}”: the unit differs and "
    "the number is not converted.")
MSG_BOUND_REVERSED = N_(
    "The Chinese text says “{zh}” but the English text says “{en}”: the limit is reversed "
    "(more and less than).")
MSG_QUALIFIER_DROPPED = N_(
    "The Chinese text says “{zh}” but the English text says only “{en}”: “{word}” is not "
    "translated.")
MSG_QUALIFIER_ADDED = N_(
    "The English text says “{en}” but the Chinese text says only “{zh}”: “{word}” is not in "
    "the Chinese text.")
MSG_QUALIFIER_CHANGED = N_(
    "The Chinese text says “{zh}” but the English text says “{en}”: “{zh_word}” and "
    "“{en_word}” do not mean the same.")
MSG_SWAP = N_(
    "The Chinese text gives “{zh}” to “{zh_role}”, the English text to “{en_role}”: the "
    "values are swapped.")


def _with_words(q: Quantity, text: str) -> str:
    """The value with its qualifier, as written: ``近30%``, "nearly 30-percent"."""
    if not q.qualifier_text:
        return q.text
    start, end = q.span
    after = text.find(q.qualifier_text, end, end + _AFTER) if (
        " ".join(q.qualifier_text.lower().split()) in AFTER_WORDS) else -1  # 20来项, "30 or more"
    if after >= 0:
        return text[start:after + len(q.qualifier_text)]
    at = text.rfind(q.qualifier_text, max(0, start - _BEFORE), start)
    return text[at:end] if at >= 0 else q.text


_AFTER = 8
_BEFORE = 30
"""How far from the value its qualifier may be written: right after it (余, 来, 左右, "or
more"), or before it within a clause ("more than", 占出口额的近)."""


def _qualifier(found: QualifierFinding, zh: str, en: str) -> Finding:
    a, b = found.zh, found.en
    zh_words, en_words = _with_words(a, zh), _with_words(b, en)
    detail = f"{zh_words} ≠ {en_words}"
    bound = {a.qualifier, b.qualifier} & {OVER, UNDER}
    if found.agreement == Agreement.REVERSED:
        return Finding("bound", "error", MSG_BOUND_REVERSED, "en", b.span, detail,
                       {"zh": zh_words, "en": en_words})
    code = "bound" if bound and not {a.qualifier, b.qualifier} & {ABOUT, NEARLY} else (
        "approximation")
    if found.agreement == Agreement.DROPPED:
        return Finding(code, "warning", MSG_QUALIFIER_DROPPED, "en", b.span, detail,
                       {"zh": zh_words, "en": en_words, "word": a.qualifier_text})
    if found.agreement == Agreement.ADDED:
        return Finding(code, "warning", MSG_QUALIFIER_ADDED, "en", b.span, detail,
                       {"zh": zh_words, "en": en_words, "word": b.qualifier_text})
    return Finding(code, "warning", MSG_QUALIFIER_CHANGED, "en", b.span, detail,
                   {"zh": zh_words, "en": en_words, "zh_word": a.qualifier_text,
                    "en_word": b.qualifier_text})


def _mismatch(a: Quantity, b: Quantity, years: dict[tuple[int, int], int]) -> Finding:
    detail = f"{a.text} ≠ {b.text}"
    if a.span in years and b.span not in years:
        return Finding("number_mismatch", "error", MSG_YEAR_MISMATCH, "en", b.span, detail,
                       {"zh": a.text, "en": b.text, "year": years[a.span]})
    if b.span in years and a.span not in years:
        return Finding("number_mismatch", "error", MSG_YEAR_MISMATCH_EN, "en", b.span, detail,
                       {"zh": a.text, "en": b.text, "year": years[b.span]})
    return Finding("number_mismatch", "error", MSG_NUMBER_MISMATCH, "en", b.span, detail,
                   {"zh": a.text, "en": b.text})


_NOT_DIGITS = re.compile(r"[^0-9.]")


def _table_unit(a: Quantity, zh: str, b: Quantity, en: str) -> bool:
    """The same figure under table labels of different units (``金额（万元）：350`` / "Amount
    (RMB): 350"): the figure was copied without converting it. Such figures are named with
    their label's unit (``350万元``, "RMB 350")."""
    if _NOT_DIGITS.sub("", zh[a.span[0]:a.span[1]]) != _NOT_DIGITS.sub(
            "", en[b.span[0]:b.span[1]]):
        return False
    return _under_label(a, zh) or _under_label(b, en)


def _under_label(q: Quantity, text: str) -> bool:
    return any(label.end <= q.span[0] < label.scope_end
               for label in units.table_labels(fold_width(text)))


def findings(zh: str, en: str, *, doc_date: date | None = None) -> list[Finding]:
    """Every number finding for one Chinese text and its English translation."""
    reading = compare_meaning(extract_quantities(zh), extract_quantities(en), zh_text=zh,
                              en_text=en, doc_date=doc_date)
    table = [(a, b) for a, b in reading.mismatched if _table_unit(a, zh, b, en)]
    out = [_mismatch(a, b, reading.years) for a, b in reading.mismatched
           if (a, b) not in table]
    out += [Finding("unit", "error", MSG_UNIT, "en", b.span, f"{a.text} ≠ {b.text}",
                    {"zh": a.text, "en": b.text}) for a, b in (*reading.units, *table)]
    out += [Finding("share_swap", "error", MSG_SWAP, "en", s.en.span,
                    f"{s.zh.text}: {s.zh_role} ≠ {s.en_role}",
                    {"zh": s.zh.text, "zh_role": s.zh_role, "en_role": s.en_role})
            for s in reading.swaps]
    out += [_qualifier(f, zh, en) for f in reading.qualifiers]
    out += [Finding("number_missing", "warning", MSG_ONLY_ZH, "zh", q.span, q.text,
                    {"value": q.text}) for q in reading.only_zh]
    out += [Finding("number_missing", "warning", MSG_ONLY_EN, "en", q.span, q.text,
                    {"value": q.text}) for q in reading.only_en]
    return out
