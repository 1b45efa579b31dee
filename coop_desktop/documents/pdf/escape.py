"""User text → reportlab ``Paragraph`` markup, safely.

Every user or database string goes through :func:`markup` before it reaches a
``Paragraph``. Unescaped, reportlab reads it as its mini-HTML: ``A&B <Ltd>`` prints as
``A&B;``, ``</b>`` raises, ``<img src="/etc/passwd"/>`` makes it open the file. Here:

1. :func:`~coop_desktop.documents.pdf.fonts.normalise` (plain spaces, invisible controls gone),
2. RTL shaping and visual order (:mod:`~coop_desktop.documents.pdf.bidi`),
3. split into runs per font; each run is escaped with ``xml.sax.saxutils.escape`` and only
   then wrapped in our own ``<font name="…">`` tag for fallback fonts; newlines become
   ``<br/>``. Characters no shipped font has become a visible U+FFFD and are recorded in
   the :class:`Collector` under the field's name and language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from coop_desktop.documents.pdf import bidi, fonts

__all__ = ["Collector", "GlyphWarning", "markup", "plain"]


@dataclass(frozen=True)
class GlyphWarning:
    """Characters of one field that no shipped font has; each was printed as U+FFFD.

    ``field`` names the place (``"section:company_profile"``, ``"title"``,
    ``"attachment[2].name"``...), ``language`` is ``"zh"``, ``"en"`` or None.
    """

    field: str
    language: str | None
    chars: str

    @property
    def codepoints(self) -> list[str]:
        return [f"U+{ord(c):04X}" for c in self.chars]

    def __str__(self) -> str:
        where = f"{self.field} ({self.language})" if self.language else self.field
        return f"{where}: no font for {', '.join(self.codepoints)}"


@dataclass
class Collector:
    """Gathers glyph warnings while a document is being built (one per field+language)."""

    _found: dict[tuple[str, str | None], dict[str, None]] = field(default_factory=dict)

    def add(self, where: str, language: str | None, chars: str) -> None:
        self._found.setdefault((where, language), {}).update(dict.fromkeys(chars))

    def warnings(self) -> list[GlyphWarning]:
        return [GlyphWarning(w, lang, "".join(chars)) for (w, lang), chars in self._found.items()]


def plain(text: str) -> str:
    """The text as drawn (normalised, RTL in visual order), without markup."""
    return bidi.to_display(fonts.normalise(text))


def markup(text: str | None, collector: Collector | None = None, where: str = "",
           language: str | None = None, primary: str = fonts.REGULAR) -> str:
    """Escaped Paragraph markup for ``text`` with fallback-font runs and ``<br/>``s.

    ``primary``: the paragraph's own font (``fonts.SONG``, ``fonts.KAI``...; default Noto Sans
    SC); its runs are left bare, characters it lacks get ``<font>`` tags per its fallback chain.
    """
    if not text:
        return ""
    out: list[str] = []
    for font, chunk in fonts.runs(plain(text), western=language == "en", primary=primary):
        if font is None:
            if collector is not None:
                collector.add(where, language, chunk)
            replacement = fonts.REPLACEMENT * len(chunk)
            font = fonts.font_for(fonts.REPLACEMENT)
            out.append(f'<font name="{font}">{replacement}</font>' if font else "?" * len(chunk))
            continue
        escaped = escape(chunk).replace("\n", "<br/>")
        if font == primary:
            out.append(escaped)  # the paragraph's own font (for Noto Sans SC: regular or bold)
        else:
            out.append(f'<font name="{font}">{escaped}</font>')
    return "".join(out)
