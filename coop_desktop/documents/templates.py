"""Document templates as data: ``resources/templates/*.toml``, read with ``tomllib``.

A template file (see the shipped ones for examples)::

    key = "zone_application"          # unique; documents refer to their template by key
    version = 1                       # a positive integer, raised whenever the text changes
    title_zh = "…"  title_en = "…"  description_zh = "…"  description_en = "…"

    [[sections]]                      # in document order; at least one
    key = "company_profile"           # lower_case, unique within the template
    title_zh = "…"  title_en = "…"  help_zh = "…"  help_en = "…"
    required = true
    max_zh_chars = 800                # optional: Chinese characters, punctuation not counted
    max_en_words = 550                # optional: English words
    kind = "text"                     # optional: "text" (default), "declaration" or
                                      # "annexes" (the list of annexes; see below)
    empty = "omit"                    # optional: printed when left empty: "omit" (default,
                                      # left out of the print) or "none" (无 / None)
    level = 1                         # optional: 1 (default) a heading 一、, 2 a sub-heading （一）
    zh = \"\"\"starter text with {{enterprise.name}} placeholders\"\"\"
    en = \"\"\"…\"\"\"

    [[retired]]                       # optional: a section earlier versions had
    key = "cover"                     # documents made from them keep its text (shown in the
    title_zh = "…"  title_en = "…"  help_zh = "…"  help_en = "…"   # editor), never printed

In ``zh``/``en`` a newline starts a new paragraph; leading and trailing white space is
dropped. The ``declaration`` section (at most one) is the signed statement after which a
PDF puts the seal and signature block, so its text does not contain that block itself. An
``annexes`` section is the starter list of annexes: when files are attached they are the
annex list, and the starter list, if left as the template wrote it, is not printed.
An empty section is left out of the print (``empty = "omit"``) or printed with "无" / "None"
(``empty = "none"``); the document check flags an empty required section as an error and an
empty optional one as a note. A ``[[retired]]`` section is one an earlier version of the
template had: a document made from that version keeps its text, the editor shows it under
the retired title, and the print leaves it out (:attr:`SectionSpec.printed`).
Every ``{{path}}`` must be a known placeholder
(:data:`coop_desktop.documents.placeholders.PLACEHOLDERS`).

A broken file raises :class:`TemplateError`, naming the file, the section and the
problem.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from coop_desktop import paths
from coop_desktop.documents.placeholders import PLACEHOLDER_RE, PLACEHOLDERS, find_placeholders
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_

__all__ = [
    "EMPTY_RULES",
    "SECTION_KINDS",
    "SectionSpec",
    "Template",
    "TemplateError",
    "get_template",
    "load_template",
    "load_templates",
    "parse_template",
    "templates_dir",
]

SectionKind = Literal["text", "declaration", "annexes"]
SECTION_KINDS: tuple[str, ...] = ("text", "declaration", "annexes")
EmptyRule = Literal["omit", "none"]
EMPTY_RULES: tuple[str, ...] = ("omit", "none")
LEVELS: tuple[int, ...] = (1, 2)

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_HEADER_TEXT = ("key", "title_zh", "title_en", "description_zh", "description_en")
_SECTION_TEXT = ("key", "title_zh", "title_en", "help_zh", "help_en", "zh", "en")
_SECTION_OPTIONAL = ("max_zh_chars", "max_en_words", "kind", "empty", "level")
_HEADER_FIELDS = frozenset((*_HEADER_TEXT, "version", "sections", "retired"))
_SECTION_FIELDS = frozenset((*_SECTION_TEXT, "required", *_SECTION_OPTIONAL))
_RETIRED_TEXT = ("key", "title_zh", "title_en", "help_zh", "help_en")
_RETIRED_FIELDS = frozenset(_RETIRED_TEXT)

MSG_NOT_TOML = N_("{where}: this is not a valid TOML file ({reason}).")
MSG_UNREADABLE = N_("{where}: the file cannot be read ({reason}).")
MSG_MISSING = N_("{where}: the field “{field}” is missing.")
MSG_NOT_TEXT = N_("{where}: the field “{field}” must be text.")
MSG_NOT_BOOL = N_("{where}: the field “{field}” must be true or false.")
MSG_NOT_POSITIVE = N_("{where}: the field “{field}” must be a whole number greater than zero.")
MSG_UNKNOWN_FIELD = N_("{where}: unknown field “{field}” (check the spelling).")
MSG_NO_SECTIONS = N_("{where}: the template has no [[sections]].")
MSG_BAD_KEY = N_("{where}: “{key}” is not a valid key; use lower-case letters, digits and "
                 "underscores, starting with a letter.")
MSG_DUPLICATE_SECTION = N_("{where}: the section key “{key}” is used more than once.")
MSG_BAD_KIND = N_("{where}: the kind “{kind}” is not known; use “text”, “declaration” or "
                  "“annexes”.")
MSG_TWO_DECLARATIONS = N_("{where}: only one section can be the declaration.")
MSG_BAD_EMPTY = N_("{where}: “empty” is “{value}”; use “omit” (left out of the print) or "
                   "“none” (printed as 无 / None).")
MSG_BAD_LEVEL = N_("{where}: “level” is “{value}”; use 1 (a heading) or 2 (a sub-heading).")
MSG_RETIRED_IN_USE = N_("{where}: the retired section “{key}” is also a section of the "
                        "template.")
MSG_UNKNOWN_PLACEHOLDER = N_("{where}: unknown placeholder {placeholder} in “{field}”.")
MSG_UNCLOSED = N_("{where}: unmatched braces in “{field}” near “{excerpt}”; write a "
                  "placeholder like {example}.")
MSG_DUPLICATE_TEMPLATE = N_("The template key “{key}” is used by both {first} and {second}.")
MSG_NO_DIRECTORY = N_("The template folder {directory} does not exist.")
MSG_UNKNOWN_TEMPLATE = N_("There is no template with the key “{key}”.")


class TemplateError(CoopError):
    """A template file is broken, or a template key is unknown (nothing is loaded)."""


@dataclass(frozen=True)
class SectionSpec:
    """One section of a template: titles, guidance, limits and bilingual starter text."""

    key: str
    title_zh: str
    title_en: str
    help_zh: str
    help_en: str
    required: bool
    zh: str
    en: str
    max_zh_chars: int | None = None
    max_en_words: int | None = None
    kind: SectionKind = "text"
    #: What the print does with the section when both texts are empty: "omit" leaves it
    #: out, "none" prints its heading with 无 / None.
    empty: EmptyRule = "omit"
    #: 1: a heading (一、); 2: a sub-heading (（一）) under the heading before it.
    level: int = 1
    #: A section an earlier version of the template had (``[[retired]]``): kept in the
    #: documents made from it, never printed, never required.
    retired: bool = False

    @property
    def is_declaration(self) -> bool:
        return self.kind == "declaration"

    @property
    def printed(self) -> bool:
        """False for a retired section: its text stays in the document, out of the print."""
        return not self.retired

    def title(self, language: str) -> str:
        return self.title_zh if _is_zh(language) else self.title_en

    def help(self, language: str) -> str:
        return self.help_zh if _is_zh(language) else self.help_en

    def text(self, language: str) -> str:
        """The starter text of one side (placeholders not yet filled)."""
        return self.zh if _is_zh(language) else self.en

    def placeholders(self) -> list[str]:
        """Distinct paths used in ``zh`` and ``en``, in order of first use."""
        return list(dict.fromkeys(find_placeholders(self.zh) + find_placeholders(self.en)))


@dataclass(frozen=True)
class Template:
    """A versioned document template; ``sections`` are in document order."""

    key: str
    version: int
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    sections: tuple[SectionSpec, ...]
    source: Path | None = field(default=None, compare=False)
    #: Sections earlier versions had (``[[retired]]``), not in :attr:`sections`.
    retired: tuple[SectionSpec, ...] = ()

    def section(self, key: str) -> SectionSpec:
        """The section with ``key`` (a current one, else a retired one, see
        :attr:`SectionSpec.retired`); ``KeyError`` if there is none."""
        for s in (*self.sections, *self.retired):
            if s.key == key:
                return s
        raise KeyError(f"template {self.key!r} has no section {key!r}")

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections)

    @property
    def declaration(self) -> SectionSpec | None:
        """The signed declaration section, if the template has one."""
        return next((s for s in self.sections if s.is_declaration), None)

    def title(self, language: str) -> str:
        return self.title_zh if _is_zh(language) else self.title_en

    def description(self, language: str) -> str:
        return self.description_zh if _is_zh(language) else self.description_en

    def placeholders(self) -> list[str]:
        """Distinct paths used anywhere in the template, in order of first use."""
        return list(dict.fromkeys(p for s in self.sections for p in s.placeholders()))


def _is_zh(language: str) -> bool:
    return (language or "").replace("-", "_").lower().startswith("zh")


# --- parsing and validation --------------------------------------------------------------


def _fail(msgid: str, **params: Any) -> TemplateError:
    return TemplateError(msgid, **params)


def _check_fields(data: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    for name in data:
        if name not in allowed:
            raise _fail(MSG_UNKNOWN_FIELD, where=where, field=name)


def _text(data: dict[str, Any], name: str, where: str) -> str:
    if name not in data:
        raise _fail(MSG_MISSING, where=where, field=name)
    value = data[name]
    if not isinstance(value, str):
        raise _fail(MSG_NOT_TEXT, where=where, field=name)
    return value.strip()


def _key(data: dict[str, Any], where: str) -> str:
    key = _text(data, "key", where)
    if not _KEY.fullmatch(key):
        raise _fail(MSG_BAD_KEY, where=where, key=key)
    return key


def _positive(data: dict[str, Any], name: str, where: str, *, required: bool) -> int | None:
    if name not in data:
        if required:
            raise _fail(MSG_MISSING, where=where, field=name)
        return None
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _fail(MSG_NOT_POSITIVE, where=where, field=name)
    return value


def _check_placeholders(text: str, name: str, where: str) -> None:
    for path in find_placeholders(text):
        if path not in PLACEHOLDERS:
            raise _fail(MSG_UNKNOWN_PLACEHOLDER, where=where, field=name,
                        placeholder="{{" + path + "}}")
    rest = PLACEHOLDER_RE.sub("", text)
    for token in ("{{", "}}"):
        pos = rest.find(token)
        if pos >= 0:
            excerpt = rest[max(0, pos - 10):pos + 20].replace("\n", " ")
            raise _fail(MSG_UNCLOSED, where=where, field=name, excerpt=excerpt,
                        example="{{enterprise.name}}")


def _section(raw: Any, index: int, file: str) -> SectionSpec:
    where = f"{file} [[sections]] #{index}"
    if not isinstance(raw, dict):
        raise _fail(MSG_MISSING, where=where, field="key")
    key = _key(raw, where)
    where = f"{file} [[sections]] “{key}”"
    _check_fields(raw, _SECTION_FIELDS, where)
    texts = {name: _text(raw, name, where) for name in _SECTION_TEXT}
    if "required" not in raw:
        raise _fail(MSG_MISSING, where=where, field="required")
    if not isinstance(raw["required"], bool):
        raise _fail(MSG_NOT_BOOL, where=where, field="required")
    kind = raw.get("kind", "text")
    if kind not in SECTION_KINDS:
        raise _fail(MSG_BAD_KIND, where=where, kind=str(kind))
    empty = raw.get("empty", "omit")
    if empty not in EMPTY_RULES:
        raise _fail(MSG_BAD_EMPTY, where=where, value=str(empty))
    level = raw.get("level", 1)
    if isinstance(level, bool) or level not in LEVELS:
        raise _fail(MSG_BAD_LEVEL, where=where, value=str(level))
    for name in ("title_zh", "title_en", "zh", "en"):
        _check_placeholders(texts[name], name, where)
    return SectionSpec(
        key=key,
        title_zh=texts["title_zh"],
        title_en=texts["title_en"],
        help_zh=texts["help_zh"],
        help_en=texts["help_en"],
        required=raw["required"],
        zh=texts["zh"],
        en=texts["en"],
        max_zh_chars=_positive(raw, "max_zh_chars", where, required=False),
        max_en_words=_positive(raw, "max_en_words", where, required=False),
        kind=kind,
        empty=empty,
        level=level,
    )


def _retired(raw: Any, index: int, file: str) -> SectionSpec:
    where = f"{file} [[retired]] #{index}"
    if not isinstance(raw, dict):
        raise _fail(MSG_MISSING, where=where, field="key")
    key = _key(raw, where)
    where = f"{file} [[retired]] “{key}”"
    _check_fields(raw, _RETIRED_FIELDS, where)
    texts = {name: _text(raw, name, where) for name in _RETIRED_TEXT}
    return SectionSpec(key=key, title_zh=texts["title_zh"], title_en=texts["title_en"],
                       help_zh=texts["help_zh"], help_en=texts["help_en"], required=False,
                       zh="", en="", retired=True)


def parse_template(data: dict[str, Any], *, source: Path | None = None) -> Template:
    """Validate one parsed TOML document; raises :class:`TemplateError`."""
    file = source.name if source is not None else "<template>"
    _check_fields(data, _HEADER_FIELDS, file)
    key = _key(data, file)
    texts = {name: _text(data, name, file) for name in _HEADER_TEXT[1:]}
    version = _positive(data, "version", file, required=True)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise _fail(MSG_NO_SECTIONS, where=file)
    sections = tuple(_section(raw, i, file) for i, raw in enumerate(raw_sections, start=1))
    seen: set[str] = set()
    for s in sections:
        if s.key in seen:
            raise _fail(MSG_DUPLICATE_SECTION, where=file, key=s.key)
        seen.add(s.key)
    if sum(s.is_declaration for s in sections) > 1:
        raise _fail(MSG_TWO_DECLARATIONS, where=file)
    raw_retired = data.get("retired", [])
    if not isinstance(raw_retired, list):
        raise _fail(MSG_MISSING, where=f"{file} [[retired]]", field="key")
    retired = tuple(_retired(raw, i, file) for i, raw in enumerate(raw_retired, start=1))
    live = set(seen)
    for s in retired:
        if s.key in live:
            raise _fail(MSG_RETIRED_IN_USE, where=file, key=s.key)
        if s.key in seen:
            raise _fail(MSG_DUPLICATE_SECTION, where=file, key=s.key)
        seen.add(s.key)
    assert version is not None
    return Template(key=key, version=version, sections=sections, source=source,
                    retired=retired, **texts)


def load_template(path: Path) -> Template:
    """Read and validate one template file; raises :class:`TemplateError`."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(MSG_NOT_TOML, where=path.name, reason=str(exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(MSG_UNREADABLE, where=path.name, reason=str(exc)) from exc
    return parse_template(data, source=path)


def templates_dir() -> Path:
    """The shipped templates: ``resources/templates`` (located by :mod:`coop_desktop.paths`)."""
    return paths.resource("templates")


def load_templates(directory: Path | None = None) -> dict[str, Template]:
    """Every ``*.toml`` in ``directory`` (default: the shipped templates), by key.

    Files are read in name order, from disk on every call. Any broken file, or two
    files with the same key, raises :class:`TemplateError`: a half-loaded set is never
    returned.
    """
    directory = Path(directory) if directory is not None else templates_dir()
    if not directory.is_dir():
        raise _fail(MSG_NO_DIRECTORY, directory=str(directory))
    out: dict[str, Template] = {}
    for path in sorted(directory.glob("*.toml")):
        template = load_template(path)
        if template.key in out:
            first = out[template.key].source
            raise _fail(MSG_DUPLICATE_TEMPLATE, key=template.key,
                        first=first.name if first else "?", second=path.name)
        out[template.key] = template
    return out


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Template]:
    return load_templates()


def get_template(key: str) -> Template:
    """A shipped template by key (the shipped set is loaded once and cached).

    Raises :class:`TemplateError` if there is no such template.
    """
    try:
        return _shipped()[key]
    except KeyError:
        raise _fail(MSG_UNKNOWN_TEMPLATE, key=key) from None
