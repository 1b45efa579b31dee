"""Open errors of a document about to be exported: what would print unfinished.

Three kinds, found in the text that is printed (the current text or a frozen revision), in
the languages the layout prints:

* ``placeholder``: a ``{{path}}`` not filled in;
* ``fill_in``: a gap of the template still there (``【待填写：…】`` / ``[to be completed: …]``);
* ``empty``: a required section with no text.

One :class:`OpenError` per section and kind. The export asks first in the app and needs
``--force`` on the command line (:class:`OpenErrorsError`). Sections not printed (a section
the template has retired) are not looked at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coop_desktop.documents.placeholders import PLACEHOLDER_RE
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_, english
from coop_desktop.services.application_qa import FILL_IN_RE

if TYPE_CHECKING:
    from coop_desktop.documents.pdf import PdfSection
    from coop_desktop.i18n.catalog import Translator

__all__ = ["OpenError", "OpenErrorsError", "SHOWN", "find_open_errors", "summary"]

MSG_PLACEHOLDERS = N_("“{section}”: placeholders not filled in: {placeholders}")
MSG_FILL_IN = N_("“{section}”: [to be completed] gaps left: {count}")
MSG_EMPTY = N_("“{section}”: required, but empty")
MSG_MORE = N_("and {count} more")
MSG_EXPORTED_ANYWAY = N_("exported with open errors: {errors}")
MSG_REFUSED = N_("The document still has open errors: {errors}. Complete them first, or add "
                 "--force to export it as it is.")

#: Open errors named in one line before "and N more"; placeholders named in one error.
SHOWN = 5
PLACEHOLDERS_SHOWN = 3


@dataclass(frozen=True)
class OpenError:
    """One section's open error of one kind. ``placeholders``: the ``{{path}}`` texts
    (kind ``placeholder``); ``count``: the gaps left (kind ``fill_in``, the larger count of
    the two languages)."""

    section_key: str
    title_zh: str
    title_en: str
    kind: str
    placeholders: tuple[str, ...] = ()
    count: int = 0

    def text(self, tr: Translator | None = None) -> str:
        """The error in ``tr``'s language (English by default), naming the section."""
        tr = tr or english()
        zh = tr.language.startswith("zh")
        section = self.title_zh if zh else self.title_en
        if self.kind == "placeholder":
            named = list(self.placeholders[:PLACEHOLDERS_SHOWN])
            if len(self.placeholders) > PLACEHOLDERS_SHOWN:
                named.append(tr.gettext(MSG_MORE).format(
                    count=len(self.placeholders) - PLACEHOLDERS_SHOWN))
            return tr.gettext(MSG_PLACEHOLDERS).format(
                section=section, placeholders=("、" if zh else ", ").join(named))
        if self.kind == "fill_in":
            return tr.gettext(MSG_FILL_IN).format(section=section, count=self.count)
        return tr.gettext(MSG_EMPTY).format(section=section)


def _sides(layout: str) -> tuple[str, ...]:
    return {"zh": ("zh",), "en": ("en",)}.get(layout, ("zh", "en"))


def find_open_errors(sections: Iterable[PdfSection], required: Iterable[str], *,
                     layout: str = "parallel") -> tuple[OpenError, ...]:
    """The open errors of the printed ``sections`` (see the module docstring); ``required``:
    the keys of the required sections; ``layout``: which languages are printed."""
    required = set(required)
    sides = _sides(layout)
    out: list[OpenError] = []
    for s in sections:
        texts = [s.zh if side == "zh" else s.en for side in sides]
        if not any(t.strip() for t in (s.zh, s.en)) or not any(t.strip() for t in texts):
            if s.key in required:
                out.append(OpenError(s.key, s.title_zh, s.title_en, "empty"))
            continue
        found = tuple(dict.fromkeys(m.group(0) for t in texts for m in PLACEHOLDER_RE.finditer(t)))
        if found:
            out.append(OpenError(s.key, s.title_zh, s.title_en, "placeholder", found))
        gaps = max(len(FILL_IN_RE.findall(t)) for t in texts)
        if gaps:
            out.append(OpenError(s.key, s.title_zh, s.title_en, "fill_in", count=gaps))
    return tuple(out)


def summary(errors: Sequence[OpenError], tr: Translator | None = None, *,
            shown: int = SHOWN, separator: str | None = None) -> str:
    """The first ``shown`` errors in one line, then "and N more"."""
    tr = tr or english()
    zh = tr.language.startswith("zh")
    items = [e.text(tr) for e in errors[:shown]]
    if len(errors) > shown:
        items.append(tr.gettext(MSG_MORE).format(count=len(errors) - shown))
    return (separator if separator is not None else ("；" if zh else "; ")).join(items)


class OpenErrorsError(CoopError):
    """Exporting was refused: the document has open errors (``errors``), and ``force`` was
    not given. Rendered in the reader's language, naming the first few errors."""

    def __init__(self, errors: Sequence[OpenError]) -> None:
        self.errors = tuple(errors)
        super().__init__(MSG_REFUSED, errors=summary(self.errors))

    def render(self, tr: Translator | None = None) -> str:
        tr = tr or english()
        return tr.gettext(MSG_REFUSED).format(errors=summary(self.errors, tr))
