"""Glyph metrics for :mod:`.cjk_lines`: advances and ink extents, in em, cached per
(font, character).

:class:`ReportlabMetrics` reads fonts registered with reportlab (imported lazily): advances
through ``stringWidth`` (linear in the size, so one figure per character serves every size),
ink extents from the TrueType ``glyf`` table of the registered face — which half of a
full-width punctuation glyph is blank decides whether it can be compressed. Any object with
the same methods can stand in (:class:`Metrics`).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Metrics", "ReportlabMetrics", "default_metrics"]


class Metrics(Protocol):
    """Glyph metrics, in em (fractions of the font size)."""

    def advance(self, font: str, char: str) -> float:
        ...

    def ink(self, font: str, char: str) -> tuple[float, float] | None:
        """Horizontal ink extent (xMin, xMax) of the glyph, or None (no outline)."""
        ...


class ReportlabMetrics:
    """Metrics of fonts registered with reportlab, cached per (font, character).

    Advances come from reportlab (``stringWidth``, linear in the size, so one figure per
    character); ink extents from the TrueType ``glyf`` table of the registered face.
    """

    def __init__(self) -> None:
        self._advances: dict[str, dict[str, float]] = {}
        self._ink: dict[tuple[str, str], tuple[float, float] | None] = {}
        #: the line breaker's per-font glyph data (advance, class, squeeze...), by character
        self.glyphs: dict[str, dict[str, tuple[float, int, int, float, float, int]]] = {}

    def table(self, font: str) -> dict[str, float]:
        """The advance cache of ``font`` (char → em); fill misses with :meth:`advance`."""
        table = self._advances.get(font)
        if table is None:
            table = self._advances[font] = {}
        return table

    def advance(self, font: str, char: str) -> float:
        table = self.table(font)
        width = table.get(char)
        if width is None:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            width = table[char] = stringWidth(char, font, 1000.0) / 1000.0
        return width

    def has(self, font: str, char: str) -> bool:
        """Does ``font`` have a glyph for ``char``?"""
        from reportlab.pdfbase.pdfmetrics import getFont

        face = getattr(getFont(font), "face", None)
        to_glyph = getattr(face, "charToGlyph", None)
        return True if to_glyph is None else ord(char) in to_glyph

    def ink(self, font: str, char: str) -> tuple[float, float] | None:
        key = (font, char)
        if key in self._ink:
            return self._ink[key]
        self._ink[key] = found = _ttf_ink(font, char)
        return found


def _ttf_ink(font: str, char: str) -> tuple[float, float] | None:
    import struct

    from reportlab.pdfbase.pdfmetrics import getFont

    face = getattr(getFont(font), "face", None)
    data = getattr(face, "_ttf_data", None)
    if face is None or data is None or "glyf" not in getattr(face, "table", {}):
        return None
    glyph = face.charToGlyph.get(ord(char))
    if glyph is None or glyph + 1 >= len(face.glyphPos):
        return None
    pos = face.glyphPos[glyph]
    if face.glyphPos[glyph + 1] == pos:
        return None  # no outline (a space)
    offset = face.table["glyf"]["offset"] + pos
    _contours, x_min, _y_min, x_max, _y_max = struct.unpack(">hhhhh", data[offset:offset + 10])
    units = float(face.unitsPerEm)
    return x_min / units, x_max / units


_DEFAULT: ReportlabMetrics | None = None


def default_metrics() -> ReportlabMetrics:
    """The process-wide metrics cache for reportlab fonts."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ReportlabMetrics()
    return _DEFAULT
