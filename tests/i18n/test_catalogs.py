"""The gettext catalogs: valid, consistent, complete and current.

These tests are the gate that keeps every UI string translated. When one fails after you
added or changed a string, run ``python scripts/i18n.py all``, translate the new entries in
``locales/zh_CN/LC_MESSAGES/coop_desktop.po`` (and clear their ``fuzzy`` flag), and rerun.
"""

from __future__ import annotations

import gettext
import importlib.util
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from coop_desktop import paths
from coop_desktop.errors import ValidationError
from coop_desktop.i18n import catalog as cat

REPO = Path(__file__).resolve().parents[2]
LOCALES = paths.locales_dir()
PO_FILES = sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))


def _load_script():
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


i18n = _load_script()


def _read(path: Path):
    with path.open("rb") as fh:
        return read_po(fh, abort_invalid=True)


def _strings(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())


def test_there_is_a_catalog_for_every_translated_language():
    assert [p.parts[-3] for p in PO_FILES] == list(i18n.LANGUAGES)
    assert set(i18n.LANGUAGES) | {cat.SOURCE_LANGUAGE} == set(cat.LANGUAGES)


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parts[-3])
def test_po_parses_and_compiles_without_errors(po):
    catalog = _read(po)
    assert [(m.id, errs) for m, errs in catalog.check()] == []
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    translations = gettext.GNUTranslations(buf)
    assert translations.info()["content-type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parts[-3])
def test_translations_keep_the_placeholders(po):
    bad = []
    for message in _read(po):
        translated = [s for s in _strings(message.string) if s]
        if not message.id or not translated or message.fuzzy:
            continue  # fuzzy guesses are reported by the completeness test
        want = set().union(*map(i18n.placeholders, _strings(message.id)))
        bad += [(message.id, s) for s in translated if i18n.placeholders(s) != want]
    assert bad == []


def test_placeholders_helper():
    assert i18n.placeholders("{path} is {kind}, not {kind}") == {"path", "kind"}
    assert i18n.placeholders("no placeholders") == set()


def test_translator_translates_a_known_string():
    zh = cat.translator("zh_CN")
    assert zh.gettext("Enter an amount.") == "请输入金额。"
    assert zh("Limited liability company") == "有限责任公司"
    assert cat.english().gettext("Enter an amount.") == "Enter an amount."
    error = ValidationError.single(
        "amount", "The amount cannot be negative: {text}", text="-5"
    )
    assert error.render(zh) == "金额不能为负数：-5"
    assert str(error) == "The amount cannot be negative: -5"


def test_catalogs_are_complete_and_current():
    """Same logic as ``python scripts/i18n.py check``; it only reads the repository."""
    problems = i18n.check(REPO, LOCALES)
    assert not problems, "run `python scripts/i18n.py all` and translate:\n" + "\n".join(problems)


def test_extract_update_compile_are_idempotent(tmp_path):
    """The whole pipeline, run twice on a copy of the catalogs: the second run changes nothing."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    texts = []
    for _ in range(2):
        i18n.extract(REPO, locales)
        i18n.update(REPO, locales)
        assert i18n.compile_catalogs(locales) == []
        texts.append([p.read_bytes() for p in sorted(locales.rglob("*.po*"))])
    assert texts[0] == texts[1]
    with (locales / "zh_CN" / "LC_MESSAGES" / "coop_desktop.mo").open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Enter a number.") == "请输入数字。"


SAMPLE = '''\
from coop_desktop.i18n import N_

LABEL = N_("marked with N_")


def view(self, tr, n):
    # Translators: a sample comment
    a = tr.gettext("tr dot gettext")
    b = self.tr.gettext("self tr dot gettext")
    c = _("underscore")
    d = tr("translator call")
    e = self.tr.ngettext("{n} file", "{n} files", n)
    f = tr.pgettext("menu", "Open")
    g = tr.gettext(variable)  # not a literal: skipped
'''


def test_extraction_keywords_and_check(tmp_path):
    src = tmp_path / "src"
    (src / "ui").mkdir(parents=True)
    (src / "ui" / "view.py").write_text(SAMPLE, "utf-8")
    (src / "main.py").write_text('print(tr("from main"))\n', "utf-8")
    (src / "coop_desktop").mkdir()
    locales = tmp_path / "locales"

    template = i18n.build_template(src)
    found = {(m.context, m.id) for m in template if m.id}
    assert found == {
        (None, "marked with N_"),
        (None, "tr dot gettext"),
        (None, "self tr dot gettext"),
        (None, "underscore"),
        (None, "translator call"),
        (None, ("{n} file", "{n} files")),
        ("menu", "Open"),
        (None, "from main"),
    }
    assert template.get("tr dot gettext").auto_comments == ["a sample comment"]

    problems = i18n.check(src, locales)
    assert any("out of date" in p for p in problems)
    assert any("coop_desktop.po is missing" in p for p in problems)

    i18n.extract(src, locales)
    pot = (locales / "coop_desktop.pot").read_text("utf-8")
    assert "#: ui/view.py\n" in pot  # file names, no line numbers
    i18n.update(src, locales)
    problems = i18n.check(src, locales)
    assert len(problems) == len(found)
    assert "zh_CN: untranslated: 'underscore'" in problems

    po_file = i18n.po_path(locales, "zh_CN")
    po = _read(po_file)
    for message in po:
        if message.id:
            message.string = (
                ("{n} 个文件",) if isinstance(message.id, tuple) else f"译文 {message.id}"
            )
    po.get("underscore").string = "译文 {oops}"
    po.get("from main").flags.add("fuzzy")
    po_file.write_text(i18n.render(po), "utf-8")
    assert sorted(i18n.check(src, locales)) == [
        "zh_CN: fuzzy: 'from main'",
        "zh_CN: placeholders differ from the msgid: 'underscore'",
    ]

    # A string that disappears from the source is dropped from the .po on update.
    (src / "main.py").write_text("print('nothing to translate')\n", "utf-8")
    i18n.extract(src, locales)
    i18n.update(src, locales)
    assert "from main" not in po_file.read_text("utf-8")
    assert i18n.compile_catalogs(locales) == []
