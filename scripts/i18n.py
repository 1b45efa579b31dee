"""Maintain the gettext catalogs: ``python scripts/i18n.py extract|update|compile|all|check``.

extract  scan coop_desktop/, ui/ and main.py; write locales/coop_desktop.pot (only if its
         messages changed, so the file does not churn: no line numbers, sorted, fixed header)
update   merge the template into locales/<lang>/LC_MESSAGES/coop_desktop.po, keeping
         translations and dropping obsolete entries (new near-matches come in as fuzzy)
compile  write coop_desktop.mo next to each .po (git-ignored; catalog.py also compiles in memory)
all      extract + update + compile
translate FILE.json  set zh_CN translations from a JSON object {msgid: msgstr} (a list of
         strings for plurals; "context\u0004msgid" keys for pgettext); clears fuzzy flags
check    exit 1 if the .pot is stale, or a msgid is untranslated, fuzzy, or its translation's
         {placeholders} differ; the offending msgids are printed. Writes nothing.

Keywords: _, N_, gettext, ngettext, pgettext and tr. babel's Python extractor matches the
name just before the parenthesis, so ``tr.gettext("x")`` and ``self.tr.ngettext(...)``
are found through ``gettext``/``ngettext``. Comments starting ``Translators:`` above a call
are copied into the catalog.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "coop_desktop"
LANGUAGES = ("zh_CN",)  # every UI language except the English source
SOURCES = ("coop_desktop", "ui", "main.py")
METHOD_MAP = [("**.py", "python")]
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "tr": None,
}
COMMENT_TAGS = ("Translators:",)
HEADER = "# Translations for Coop Desktop.\n# Maintained by scripts/i18n.py: edit msgstr lines only."
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_VOLATILE = ('"Project-Id-Version:', '"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:')


def _version() -> str:
    match = re.search(r'__version__ = "(.+?)"', (ROOT / "coop_desktop" / "__init__.py").read_text())
    return match.group(1) if match else "0"


_HEADERS = {"project": "Coop Desktop", "version": _version(), "last_translator": "Coop Desktop"}


def pot_path(locales: Path) -> Path:
    return locales / f"{DOMAIN}.pot"


def po_path(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def build_template(root: Path = ROOT) -> Catalog:
    """Extract every marked string from the sources under ``root``."""
    catalog = Catalog(header_comment=HEADER, charset="utf-8", fuzzy=False, **_HEADERS)
    for name in SOURCES:
        src = root / name
        if src.is_dir():
            found: Iterable = (
                (f"{name}/{fn}", *rest)
                for fn, *rest in extract_from_dir(
                    src, METHOD_MAP, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
                    strip_comment_tags=True,
                )
            )
        elif src.is_file():
            found = (
                (name, *rest)
                for rest in extract_from_file(
                    "python", src, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
                    strip_comment_tags=True,
                )
            )
        else:
            continue
        for filename, lineno, message, comments, context in found:
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                        context=context)
    return catalog


def render(catalog: Catalog) -> str:
    buf = io.BytesIO()
    write_po(buf, catalog, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return buf.getvalue().decode("utf-8")


def _stable(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith(_VOLATILE))


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and _stable(path.read_text("utf-8")) == _stable(text):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8", newline="\n")
    return True


def _read(path: Path, **kw) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, **kw)


def extract(root: Path = ROOT, locales: Path | None = None) -> Catalog:
    locales = locales or root / "locales"
    template = build_template(root)
    if _write_if_changed(pot_path(locales), render(template)):
        print(f"wrote {pot_path(locales)} ({len(template)} messages)")
    return template


def update(root: Path = ROOT, locales: Path | None = None) -> None:
    locales = locales or root / "locales"
    template = _read(pot_path(locales))
    for lang in LANGUAGES:
        path = po_path(locales, lang)
        catalog = _read(path, locale=lang) if path.exists() else Catalog(locale=lang)
        catalog.header_comment, catalog.fuzzy, catalog.language_team = HEADER, False, lang
        for key, value in _HEADERS.items():
            setattr(catalog, key, value)
        catalog.update(template, update_header_comment=False)
        if _write_if_changed(path, render(catalog)):
            print(f"updated {path}")


def compile_catalogs(locales: Path) -> list[str]:
    """Write the .mo files; returns the errors babel reports (python-format mismatches...)."""
    errors = []
    for lang in LANGUAGES:
        path = po_path(locales, lang)
        catalog = _read(path, locale=lang)
        for message, errs in catalog.check():
            errors += [f"{path}: {message.id!r}: {e}" for e in errs]
        with path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
    return errors


def _strings(value: str | tuple | list | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def check(root: Path = ROOT, locales: Path | None = None) -> list[str]:
    """Every problem found, one line each; an empty list means the catalogs are complete."""
    locales = locales or root / "locales"
    template = build_template(root)
    problems = []
    pot = pot_path(locales)
    if not pot.exists() or _stable(pot.read_text("utf-8")) != _stable(render(template)):
        old = {m.id for m in _read(pot) if m.id} if pot.exists() else set()
        new = {m.id for m in template if m.id}
        problems.append(f"{pot} is out of date: run  python scripts/i18n.py all")
        problems += [f"  not in the .pot: {mid!r}" for mid in sorted(new - old, key=str)]
        problems += [f"  no longer in the source: {mid!r}" for mid in sorted(old - new, key=str)]
        if old == new:
            problems.append("  (same msgids; file locations, flags or comments changed)")
    for lang in LANGUAGES:
        path = po_path(locales, lang)
        if not path.exists():
            problems.append(f"{path} is missing")
            continue
        catalog = _read(path, locale=lang)
        for tmpl in template:
            if not tmpl.id:
                continue
            msg = catalog.get(tmpl.id, tmpl.context)
            strings = _strings(msg.string) if msg else []
            if not strings or not all(strings):
                problems.append(f"{lang}: untranslated: {tmpl.id!r}")
            elif msg.fuzzy:
                problems.append(f"{lang}: fuzzy: {tmpl.id!r}")
            else:
                want = set().union(*map(placeholders, _strings(tmpl.id)))
                if any(placeholders(s) != want for s in strings):
                    problems.append(f"{lang}: placeholders differ from the msgid: {tmpl.id!r}")
    return problems


def translate(json_path: Path, locales: Path, lang: str = "zh_CN") -> int:
    """Merge ``{msgid: msgstr}`` from a JSON file into the catalog; returns how many were set."""
    import json

    wanted = json.loads(json_path.read_text("utf-8"))
    path = po_path(locales, lang)
    catalog = _read(path, locale=lang)
    done = 0
    for key, value in wanted.items():
        context, _, msgid = key.rpartition("\x04")
        msg = catalog.get(msgid, context or None)
        if msg is None:
            continue
        if isinstance(msg.id, (list, tuple)):
            msg.string = tuple(value) if isinstance(value, list) else (value,) * 2
        else:
            msg.string = value
        msg.flags.discard("fuzzy")
        done += 1
    _write_if_changed(path, render(catalog))
    return done


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    cmd = args[0] if args else ""
    locales = ROOT / "locales"
    if cmd in ("extract", "all"):
        extract(ROOT, locales)
    if cmd in ("update", "all"):
        update(ROOT, locales)
    if cmd in ("compile", "all"):
        errors = compile_catalogs(locales)
        print("\n".join(errors) or f"compiled {', '.join(LANGUAGES)}")
        if errors:
            return 1
    if cmd == "check":
        problems = check(ROOT, locales)
        print("\n".join(problems) or "catalogs are complete and current")
        return 1 if problems else 0
    if cmd == "translate":
        for name in args[1:]:
            print(f"{name}: {translate(Path(name), locales)} translations set")
        compile_catalogs(locales)
        return 0
    if cmd not in ("extract", "update", "compile", "all", "check", "translate"):
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
