"""File names suggested for an exported dossier PDF.

``申请单位-文书类型-日期.pdf`` in the Chinese UI (``苏州瑞丰精密机械有限公司-中外中小企业合作区入区
申请书-2026年12月6日.pdf``) and ``Applicant - Document type - 2026-12-06.pdf`` in the English
one: what a reviewer reads in a folder listing, no internal ids. The date is the date printed
on the document (the submission date of a submitted revision, else the export date). The
layout is added only when it is not the default (``…-仅中文.pdf``, ``… - English only.pdf``).

Names are safe on Windows, the users' system: the characters Windows refuses in a file name
(``<>:"/\\|?*`` and control characters) become ``_``, white space is collapsed, a name never
starts with a dot nor ends with a dot or a space, and it stays well under the 255-character
limit without cutting a word: a name too long loses the document type first, then whole words
of the applicant's name.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from coop_desktop.i18n.catalog import N_, Translator, translator

__all__ = ["DEFAULT_LAYOUT", "LAYOUT_TAGS", "MAX_STEM", "filename_for", "pdf_filename",
           "safe_name_part"]

DEFAULT_LAYOUT = "parallel"
#: The longest file name (without ``.pdf``) suggested, in characters.
MAX_STEM = 150
#: What a file name says about a layout that is not the default (msgids shared with the
#: export dialog's layout names).
LAYOUT_TAGS: dict[str, str] = {
    "stacked": N_("Chinese, then English"),
    "zh": N_("Chinese only"),
    "en": N_("English only"),
}

_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


def safe_name_part(text: str | None) -> str:
    """``text`` as part of a file name safe on Windows (see the module docstring)."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c if unicodedata.category(c)[0] != "C" or c in "\t\n\r" else "_"
                   for c in text)
    text = _ILLEGAL.sub("_", text)
    text = " ".join(text.split())
    text = re.sub(r"_{2,}", "_", text)
    return text.lstrip(" ._-").rstrip(" _-")


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut after a whole word (Latin text) or a character
    (Chinese, which has no spaces); never mid-word."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1]
    space = cut.rfind(" ")
    if space > 0 and re.search(r"[A-Za-z0-9]", text[limit - 1:limit + 1]):
        return cut[:space].rstrip(" ,;._-")
    return text[:limit].rstrip(" ,;._-")


def _day(day: date, zh: bool) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if zh else day.isoformat()


def pdf_filename(*, applicant_zh: str, applicant_en: str | None, title_zh: str,
                 title_en: str | None, day: date, layout: str = DEFAULT_LAYOUT,
                 language: str = "en", tr: Translator | None = None) -> str:
    """The suggested file name of a dossier PDF for a UI in ``language`` (see the module
    docstring). ``tr`` translates the layout tag (default: the catalog of ``language``)."""
    zh = language.replace("-", "_").lower().startswith("zh")
    tr = tr or translator("zh_CN" if zh else "en")
    applicant = safe_name_part(applicant_zh if zh else (applicant_en or applicant_zh))
    title = safe_name_part(title_zh if zh else (title_en or title_zh))
    when = _day(day, zh)
    tag = safe_name_part(tr.gettext(LAYOUT_TAGS[layout])) if layout in LAYOUT_TAGS else ""
    sep = "-" if zh else " - "
    tail = [p for p in (when, tag) if p]
    fixed = len(sep.join(tail)) + len(sep)
    room = MAX_STEM - fixed
    if applicant and title and len(applicant) + len(sep) + len(title) > room:
        title = ""  # the document type goes first: who and when matter more
    if len(applicant) > room:
        applicant = _shorten(applicant, room)
    parts = [p for p in (applicant, title, *tail) if p]
    # Windows drops a final dot or space of a name; a name never ends with one here.
    return sep.join(parts).rstrip(" .") + ".pdf"


# ---------------------------------------------------------------- the dossier package
_UNSAFE = re.compile(r"[^\w.\-]+")


def _safe_part(text: str, limit: int = 60) -> str:
    """Letters and digits of any script, ``.``, ``_`` and ``-``; the rest becomes ``-``."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = _UNSAFE.sub("-", text).strip("-._")
    text = re.sub(r"-{2,}", "-", text)
    return text[:limit].rstrip("-._")


def filename_for(*, reference_no: str | None, app_id: int | None, applicant: str,
                 revision: int, layout: str) -> str:
    """``<reference or id>-<enterprise>-<layout>.pdf`` with only safe characters (letters
    and digits of any script, ``.``, ``_``, ``-``); a revision n > 1 adds ``-r<n>``. The
    dossier package's name (``exchange.package_export``); a PDF's suggested name is
    :func:`pdf_filename`."""
    first = _safe_part(reference_no or "") or (str(app_id) if app_id is not None else "")
    parts = [p for p in (first, _safe_part(applicant, 40),
                         f"r{revision}" if revision > 1 else "", _safe_part(layout)) if p]
    return "-".join(parts or ["dossier"]) + ".pdf"
