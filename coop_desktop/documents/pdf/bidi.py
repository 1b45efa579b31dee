"""Right-to-left text (Hebrew, Arabic) for reportlab, which neither shapes nor reorders.

Our documents are left-to-right (Chinese, English); RTL text appears as embedded runs: a
partner's name, an address. Two steps turn such text into what a reader expects to see:

1. :func:`shape_arabic`: each Arabic letter becomes its contextual presentation form
   (isolated / initial / medial / final, U+FE70–U+FEFC) and lam + alef their ligature.
   The table is derived from ``unicodedata`` (the forms' names and compatibility
   decompositions), not hand-typed.
2. :func:`visual_order`: every maximal RTL run (strong R/AL characters, with the spaces,
   punctuation and numbers between them) is reversed, numbers inside it keeping their
   left-to-right order — the Unicode Bidirectional Algorithm restricted to a
   left-to-right paragraph with embedded RTL runs, without explicit embeddings.

The PDF then holds RTL text in visual order, which is what PDF text extractors expect:
poppler's ``pdftotext`` and pypdf give back the logical order, in presentation forms
(NFKC turns them back into the base letters).

Limitation: reordering happens before line breaking, so an RTL run that wraps over two
lines shows its end on the first line. Short runs (names, places) are unaffected. A full
implementation needs a shaper and bidi per line (reportlab's optional ``uharfbuzz`` +
``rlbidi`` support).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["has_rtl", "shape_arabic", "to_display", "visual_order"]

_FORMS = ("ISOLATED", "FINAL", "INITIAL", "MEDIAL")
_TATWEEL = "\u0640"
_LAM = "\u0644"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], str]]:
    """letter -> {form: presentation char}; (lam-alef form, alef) -> ligature char."""
    forms: dict[str, dict[str, str]] = {}
    ligatures: dict[tuple[str, str], str] = {}
    for code in range(0xFE70, 0xFEFD):
        char = chr(code)
        name = unicodedata.name(char, "")
        form = next((f for f in _FORMS if name.endswith(f"{f} FORM")), None)
        base = unicodedata.normalize("NFKC", char)
        if form is None or not base or not "\u0621" <= base[-1] <= "\u064a":
            continue
        if len(base) == 1:
            forms.setdefault(base, {})[form] = char
        elif len(base) == 2 and base[0] == _LAM and "LIGATURE" in name:
            ligatures[(form, base[1])] = char
    return forms, ligatures


def _joins_left(char: str) -> bool:
    """Can ``char`` connect to the letter after it (it has an initial/medial form)?"""
    if char == _TATWEEL:
        return True
    forms = _tables()[0].get(char)
    return bool(forms and "INITIAL" in forms)


def _joins_right(char: str) -> bool:
    """Can ``char`` connect to the letter before it?"""
    return char == _TATWEEL or char in _tables()[0]


def _transparent(char: str) -> bool:
    return unicodedata.category(char) == "Mn"  # harakat and other marks don't break joins


def shape_arabic(text: str) -> str:
    """Replace Arabic letters by their contextual presentation forms (logical order kept)."""
    if not any("\u0600" <= c <= "\u06ff" for c in text):
        return text
    forms, ligatures = _tables()
    chars = list(text)
    out: list[str] = []
    i = 0
    n = len(chars)

    def neighbour(index: int, step: int) -> str | None:
        index += step
        while 0 <= index < n and _transparent(chars[index]):
            index += step
        return chars[index] if 0 <= index < n else None

    while i < n:
        char = chars[i]
        if char not in forms:
            out.append(char)
            i += 1
            continue
        before = neighbour(i, -1)
        joined_before = before is not None and _joins_left(before) and _joins_right(char)
        ligature = ligatures.get(("FINAL" if joined_before else "ISOLATED",
                                  chars[i + 1] if i + 1 < n else ""))
        if char == _LAM and ligature:
            out.append(ligature)
            i += 2
            continue
        after = neighbour(i, +1)
        joined_after = after is not None and _joins_left(char) and _joins_right(after)
        form = ("MEDIAL" if joined_after else "FINAL") if joined_before else (
            "INITIAL" if joined_after else "ISOLATED")
        table = forms[char]
        out.append(table.get(form) or table.get("ISOLATED") or char)
        i += 1
    return "".join(out)


def _strong_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def _strong_ltr(char: str) -> bool:
    return unicodedata.bidirectional(char) == "L"


def has_rtl(text: str) -> bool:
    return any(_strong_rtl(c) for c in text if ord(c) >= 0x590)


_NUMBER = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,:/][0-9\u0660-\u0669\u06f0-\u06f9]+)*")


def _reverse_run(run: str) -> str:
    """Reverse an RTL run for display, keeping numbers left-to-right and mirroring brackets."""
    parts = []
    last = 0
    for match in _NUMBER.finditer(run):
        parts.append((run[last:match.start()], False))
        parts.append((match.group(), True))
        last = match.end()
    parts.append((run[last:], False))
    out = []
    for text, is_number in reversed(parts):
        out.append(text if is_number else "".join(_MIRROR.get(c, c) for c in reversed(text)))
    return "".join(out)


_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
           "«": "»", "»": "«"}


def visual_order(line: str) -> str:
    """Reverse each RTL run of a left-to-right line (see the module docstring)."""
    if not has_rtl(line):
        return line
    out: list[str] = []
    i = 0
    n = len(line)
    while i < n:
        if not _strong_rtl(line[i]):
            out.append(line[i])
            i += 1
            continue
        # The run ends at the last strong RTL character before the next strong LTR one
        # (or a newline); neutrals after it stay outside, in LTR order.
        j = i
        end = i
        while j < n and line[j] != "\n" and not _strong_ltr(line[j]):
            if _strong_rtl(line[j]):
                end = j
            j += 1
        out.append(_reverse_run(line[i:end + 1]))
        i = end + 1
    return "".join(out)


def to_display(text: str) -> str:
    """Shape Arabic, then put RTL runs in visual order (per line)."""
    if not has_rtl(text):
        return text
    return visual_order(shape_arabic(text))
