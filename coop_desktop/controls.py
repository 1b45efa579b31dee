"""Characters that must not hide in text: what names may not contain, and how the UI shows
the ones that other text may.

* A **lone surrogate** (U+D800–U+DFFF on its own) is not text at all: it cannot be written
  as UTF-8, so SQLite, files and the clipboard refuse it. It is refused everywhere
  (:func:`find_surrogate`).
* **Names and identifiers** (company and person names, titles, codes, reference numbers,
  glossary terms, file names…) are one line of visible text. NUL and every other control
  character (C0, DEL, C1) and the bidirectional controls (U+202A–U+202E embeddings and
  overrides, U+2066–U+2069 isolates) are refused in them (:func:`find_forbidden_in_name`):
  U+202E turns "gnp.exe" into what looks like "exe.png", and a NUL cuts a name short in
  other programs.
* **Other text** (descriptions, notes, application sections) keeps such characters: they
  may come from a pasted document and refusing a whole section for one of them would lose
  work. The UI shows them instead of letting them act: :func:`visible` replaces each with a
  marker such as ``[U+202E]`` for read-only display, and :func:`reveal` / :func:`conceal`
  swap each for a stand-in character (private use, left-to-right, one UTF-16 unit) while
  the text is in an editor, so that it is seen and can be deleted but never flips the
  direction of the text around it; what is saved is the original character.
"""

from __future__ import annotations

import re
import unicodedata

#: The bidirectional embedding, override and isolate controls (and their terminators).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Invisible characters that may stay in running text but are shown by the UI: C0 controls
#: other than tab, newline and carriage return, DEL, C1 controls, and the bidi controls.
SHOWN = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)] + sorted(BIDI_CONTROLS))

_SURROGATE = re.compile("[\ud800-\udfff]")
_NAME_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SHOWN = re.compile("[" + "".join(re.escape(c) for c in sorted(SHOWN)) + "]")

#: Stand-ins used by :func:`reveal`: one private-use character per shown character.
_STAND_IN_BASE = 0xF780
_TO_STAND_IN = {ord(c): _STAND_IN_BASE + i for i, c in enumerate(sorted(SHOWN))}
_FROM_STAND_IN = {v: k for k, v in _TO_STAND_IN.items()}
_STAND_IN = re.compile("[" + "".join(chr(c) for c in sorted(_FROM_STAND_IN)) + "]")


def find_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in ``text``, or None."""
    m = _SURROGATE.search(text)
    return m.start() if m else None


def find_forbidden_in_name(text: str) -> int | None:
    """The index of the first control or bidi control character in ``text``, or None."""
    m = _NAME_FORBIDDEN.search(text)
    return m.start() if m else None


def code(char: str) -> str:
    """``"U+202E"`` for the character ``char``."""
    return f"U+{ord(char):04X}"


def describe(char: str) -> str:
    """``"U+202E RIGHT-TO-LEFT OVERRIDE"`` (the Unicode name; for C0/C1 controls, which
    have none, just the code point)."""
    name = unicodedata.name(char, "")
    return f"{code(char)} {name}" if name else code(char)


def has_shown(text: str) -> bool:
    return bool(text) and _SHOWN.search(text) is not None


def visible(text: str) -> str:
    """``text`` for read-only display: every shown character as ``[U+XXXX]``."""
    if not text or _SHOWN.search(text) is None:
        return text
    return _SHOWN.sub(lambda m: f"[{code(m.group())}]", text)


def revealable(text: str) -> bool:
    """Whether ``text`` may go through :func:`reveal` and back: not when it already holds
    one of the stand-in characters (a private-use character nobody types), since
    :func:`conceal` would then turn that into a control character."""
    return not text or _STAND_IN.search(text) is None


def reveal(text: str) -> str:
    """``text`` for an editor: every shown character swapped for its stand-in (same length
    in code points and in UTF-16 units). Check :func:`revealable` first."""
    if not text or _SHOWN.search(text) is None:
        return text
    return text.translate(_TO_STAND_IN)


def conceal(text: str) -> str:
    """The inverse of :func:`reveal`: the text as it is stored."""
    if not text or _STAND_IN.search(text) is None:
        return text
    return text.translate(_FROM_STAND_IN)


def stand_in_of(char: str) -> str | None:
    """The original character a stand-in stands for (None if ``char`` is not a stand-in)."""
    original = _FROM_STAND_IN.get(ord(char)) if len(char) == 1 else None
    return chr(original) if original is not None else None


STAND_IN_PATTERN = _STAND_IN
"""Matches the stand-ins in revealed text (for highlighting them in an editor)."""
