"""Document templates: the shipped TOML files load and are consistent; broken files fail clearly."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from coop_desktop import paths
from coop_desktop.documents import templates as tpl
from coop_desktop.documents.placeholders import PLACEHOLDERS, find_placeholders
from coop_desktop.documents.templates import (
    TemplateError,
    get_template,
    load_template,
    load_templates,
)
from coop_desktop.i18n.catalog import translator

SHIPPED = ("zone_application", "overseas_dossier", "company_profile")


@pytest.fixture(scope="module")
def shipped():
    return load_templates()


def _sections(shipped):
    return [(t, s) for t in shipped.values() for s in t.sections]


def test_every_shipped_template_loads_from_the_resources_folder(shipped):
    assert tpl.templates_dir() == paths.resource("templates")
    assert set(SHIPPED) <= set(shipped)
    for key, template in shipped.items():
        assert template.key == key
        assert template.source is not None and template.source.parent == tpl.templates_dir()
        assert isinstance(template.version, int) and template.version >= 1
        for text in (template.title_zh, template.title_en, template.description_zh,
                     template.description_en):
            assert text.strip()
        assert template.sections


def test_section_keys_are_unique_and_well_formed(shipped):
    for template in shipped.values():
        keys = template.section_keys
        assert len(keys) == len(set(keys)), template.key
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys)


def test_every_section_has_both_languages_and_sane_limits(shipped):
    for template, s in _sections(shipped):
        where = f"{template.key}.{s.key}"
        for text in (s.title_zh, s.title_en, s.help_zh, s.help_en, s.zh, s.en):
            assert text and text == text.strip(), where
        assert re.search(r"[\u4e00-\u9fff]", s.zh + s.title_zh + s.help_zh), where
        assert not re.search(r"[\u4e00-\u9fff]", s.title_en + s.help_en), where
        assert isinstance(s.required, bool)
        assert s.kind in tpl.SECTION_KINDS
        for limit in (s.max_zh_chars, s.max_en_words):
            assert limit is None or (isinstance(limit, int) and limit > 0), where


def test_every_placeholder_used_is_known_and_braces_balance(shipped):
    for template, s in _sections(shipped):
        for side in (s.zh, s.en, s.title_zh, s.title_en):
            assert set(find_placeholders(side)) <= set(PLACEHOLDERS), f"{template.key}.{s.key}"
            rest = re.sub(r"\{\{[^{}]*\}\}", "", side)
            assert "{" not in rest and "}" not in rest, f"{template.key}.{s.key}"
    used = {p for t in shipped.values() for p in t.placeholders()}
    assert used <= set(PLACEHOLDERS)


def test_both_sides_of_a_section_say_the_same_things(shipped):
    """Same placeholders (ignoring the _zh/_en variant), same fill-in markers, same digits:
    what the document number check compares must already agree in the starter text."""

    def variants(text: str) -> set[str]:
        return {re.sub(r"_(zh|en)$", "", p) for p in find_placeholders(text)}

    for template, s in _sections(shipped):
        where = f"{template.key}.{s.key}"
        assert variants(s.zh) == variants(s.en), where
        assert s.zh.count("【待填写") == s.en.count("[to be completed"), where
        assert sorted(re.findall(r"\d+", s.zh)) == sorted(re.findall(r"\d+", s.en)), where


def test_zone_application_ends_with_a_declaration_then_annexes(shipped):
    template = shipped["zone_application"]
    declaration = template.declaration
    assert declaration is not None and declaration.is_declaration and declaration.required
    assert "承诺" in declaration.title_zh and "Declaration" in declaration.title_en
    assert "真实" in declaration.zh and "true" in declaration.en
    assert template.section_keys[-2:] == ("declaration", "annexes")
    assert [s.key for s in template.sections if s.is_declaration] == ["declaration"]
    assert {"enterprise.name_zh", "enterprise.uscc", "zone.name_zh"} <= set(template.placeholders())


def test_overseas_dossier_has_the_reference_sections_but_the_cover(shipped):
    """REFERENCE §6.4's 13 sections; its "1. Cover" is the printed cover, not a section."""
    template = shipped["overseas_dossier"]
    assert len(template.sections) == 12
    assert template.section_keys[0] == "company_profile"
    assert template.section_keys[-1] == "annexes"
    assert template.sections[10].is_declaration
    assert "country.name" in template.placeholders()


def test_no_template_has_a_cover_section_and_old_covers_are_retired(shipped):
    """The renderer prints the real cover; documents made from an earlier version keep
    their cover text under a title that says it is not printed."""
    for template in shipped.values():
        assert "cover" not in template.section_keys, template.key
        assert all(not re.search(r"封面|Cover", s.title_zh + s.title_en)
                   for s in template.sections)
    for key in ("zone_application", "overseas_dossier"):
        old = shipped[key].section("cover")
        assert old.retired and not old.printed and not old.required
        assert "不打印" in old.title_zh and "not printed" in old.title_en
        assert old.zh == old.en == ""
        assert old not in shipped[key].sections


def test_every_section_says_what_prints_when_it_is_empty(shipped):
    """Required sections print 无 / None when left empty (the gap shows); the company
    profile's optional sections are left out; the annex list is left out when empty."""
    for template, s in _sections(shipped):
        assert s.empty in tpl.EMPTY_RULES and s.level in (1, 2), f"{template.key}.{s.key}"
        if s.required and s.kind != "annexes":
            assert s.empty == "none", f"{template.key}.{s.key}"
    assert shipped["zone_application"].section("international_experience").empty == "none"
    assert not shipped["zone_application"].section("international_experience").required
    profile = shipped["company_profile"]
    assert [(s.key, s.empty) for s in profile.sections if not s.required] == [
        ("markets", "omit"), ("cooperation", "omit")]
    for key in ("zone_application", "overseas_dossier"):
        assert shipped[key].section("annexes").kind == "annexes"


ALL_TEXT = [(t, s, side) for t in load_templates().values() for s in t.sections
            for side in ("zh", "en")]


@pytest.mark.parametrize(("template", "section", "side"), ALL_TEXT,
                         ids=[f"{t.key}.{s.key}.{side}" for t, s, side in ALL_TEXT])
def test_template_prose_names_countries_and_closes_lists_properly(template, section, side):
    """Country names come from {{…}} placeholders, never ISO codes in the prose; a list a
    placeholder fills is complete, so no 等 / "among other countries" after it; no sentence
    ends on a dangling adjective."""
    text = section.zh if side == "zh" else section.en
    assert not re.search(r"\((?:[A-Z]{2}, )+[A-Z]{2}\)", text)
    assert not re.search(r"\}\}等", text), "等 after a list the records fill in"
    assert "among other countries" not in text
    assert not re.search(r"\b(?:specialises|specializes) in [a-z]+\.", text)


def test_outbound_investment_filing_goes_to_the_provincial_reform_department(shipped):
    """A local enterprise's project below US$300 million is filed with the development and
    reform department of its province (NDRC Order No. 11), not with the NDRC itself."""
    plan = shipped["overseas_dossier"].section("investment_plan")
    assert "省级发展改革部门" in plan.zh and "国家发展改革委" not in plan.zh
    assert "development and reform department of the province" in plan.en
    assert "National Development and Reform Commission" not in plan.en
    assert "3亿美元" in plan.help_zh and "US$300 million" in plan.help_en
    for template in shipped.values():
        for s in template.sections:
            assert "国家发展改革委项目备案" not in s.zh


def test_company_profile_has_no_declaration(shipped):
    assert shipped["company_profile"].declaration is None


def test_get_template_is_cached_and_unknown_keys_fail_clearly(shipped):
    assert get_template("zone_application") is get_template("zone_application")
    assert get_template("zone_application") == shipped["zone_application"]
    with pytest.raises(TemplateError, match="no_such_template"):
        get_template("no_such_template")


def test_section_lookup_and_language_accessors(shipped):
    template = shipped["zone_application"]
    profile = template.section("company_profile")
    assert profile.title("zh_CN") == "企业基本情况" and profile.title("en") == "Company Profile"
    assert profile.text("zh") == profile.zh and profile.help("en") == profile.help_en
    assert template.title("zh") == template.title_zh
    with pytest.raises(KeyError):
        template.section("nope")


# --- broken files ---------------------------------------------------------------------------

GOOD = """
key = "demo"
version = 2
title_zh = "示例"
title_en = "Demo"
description_zh = "示例模板"
description_en = "A demo template"

[[sections]]
key = "intro"
title_zh = "简介"
title_en = "Introduction"
help_zh = "说明"
help_en = "Help"
required = true
max_zh_chars = 100
max_en_words = 60
zh = "{{enterprise.name}}成立于{{enterprise.established_on}}。"
en = "{{enterprise.name}} was established on {{enterprise.established_on}}."

[[sections]]
key = "declaration"
title_zh = "承诺"
title_en = "Declaration"
help_zh = "签字盖章"
help_en = "Sign and seal"
required = true
kind = "declaration"
zh = "本企业承诺所填信息真实。"
en = "The Company declares that the information is true."
"""


def _write(directory: Path, text: str, name: str = "demo.toml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_valid_custom_template_loads(tmp_path):
    template = load_template(_write(tmp_path, GOOD))
    assert template.key == "demo" and template.version == 2
    assert template.section("intro").max_en_words == 60
    assert template.section("intro").kind == "text"
    assert (template.section("intro").empty, template.section("intro").level) == ("omit", 1)
    assert template.retired == ()
    assert template.declaration == template.section("declaration")
    assert template.placeholders() == ["enterprise.name", "enterprise.established_on"]
    assert load_templates(tmp_path) == {"demo": template}


R = GOOD.replace  # a GOOD file with one thing broken
RETIRED = """
[[retired]]
key = "old_cover"
title_zh = "封面（旧版，不打印）"
title_en = "Cover (old; not printed)"
help_zh = "旧版内容"
help_en = "Old text"
"""


def test_sections_an_earlier_version_had_are_found_but_not_listed(tmp_path):
    text = GOOD.replace("max_en_words = 60", 'max_en_words = 60\nempty = "none"\nlevel = 2')
    template = load_template(_write(tmp_path, text + RETIRED))
    assert template.section_keys == ("intro", "declaration")
    intro = template.section("intro")
    assert (intro.empty, intro.level, intro.printed) == ("none", 2, True)
    old = template.section("old_cover")
    assert old.retired and not old.printed and not old.required and old.title_en.startswith(
        "Cover")
    assert template.retired == (old,)

BROKEN = [
    ("missing template key", R('key = "demo"\n', ""), ["demo.toml", "“key”", "missing"]),
    ("missing section field", R("required = true\nmax_zh_chars", "max_zh_chars"),
     ["demo.toml", "“intro”", "“required”", "missing"]),
    ("missing text", R('help_en = "Help"\n', ""), ["“intro”", "“help_en”", "missing"]),
    ("duplicate section keys", R('key = "declaration"', 'key = "intro"'),
     ["demo.toml", "“intro”", "more than once"]),
    ("unknown placeholder", R("{{enterprise.established_on}}。", "{{enterprise.founded}}。"),
     ["“intro”", "{{enterprise.founded}}", "“zh”"]),
    ("unclosed placeholder", R("{{enterprise.established_on}}。", "{{enterprise.established_on。"),
     ["“intro”", "“zh”", "unmatched braces"]),
    ("stray closing braces", R("was established", "was}} established"),
     ["“intro”", "“en”", "unmatched braces"]),
    ("unknown kind", R('kind = "declaration"', 'kind = "signature"'),
     ["“declaration”", "“signature”"]),
    ("two declarations", R("max_en_words = 60", 'max_en_words = 60\nkind = "declaration"'),
     ["demo.toml", "only one section"]),
    ("misspelt field", R("required = true\nkind", "requried = true\nrequired = true\nkind"),
     ["“declaration”", "“requried”", "spelling"]),
    ("version as text", R("version = 2", 'version = "2"'), ["“version”", "greater than zero"]),
    ("version zero", R("version = 2", "version = 0"), ["“version”", "greater than zero"]),
    ("limit not a number", R("max_zh_chars = 100", "max_zh_chars = 1.5"),
     ["“max_zh_chars”", "greater than zero"]),
    ("required not a bool", R("required = true\nmax_zh_chars", 'required = "yes"\nmax_zh_chars'),
     ["“required”", "true or false"]),
    ("title not text", R('title_en = "Demo"', "title_en = 3"), ["“title_en”", "must be text"]),
    ("bad key", R('key = "intro"', 'key = "Intro Section"'), ["“Intro Section”", "lower-case"]),
    ("no sections", GOOD.split("[[sections]]")[0], ["demo.toml", "no [[sections]]"]),
    ("not TOML", R('title_zh = "示例"', 'title_zh = "示例'), ["demo.toml", "not a valid TOML"]),
    ("unknown empty rule", R("max_en_words = 60", 'max_en_words = 60\nempty = "blank"'),
     ["“intro”", "“blank”", "“omit”", "“none”"]),
    ("level 3", R("max_en_words = 60", "max_en_words = 60\nlevel = 3"),
     ["“intro”", "“level”", "“3”"]),
    ("retired key still a section", GOOD + RETIRED.replace('"old_cover"', '"intro"'),
     ["demo.toml", "retired section “intro”"]),
    ("retired section with text", GOOD + RETIRED + 'zh = "x"\n', ["“old_cover”", "“zh”"]),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in BROKEN],
                         ids=[name for name, _, _ in BROKEN])
def test_broken_template_files_give_clear_errors(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(TemplateError) as info:
        load_template(path)
    message = str(info.value)
    for fragment in expected:
        assert fragment in message
    with pytest.raises(TemplateError):  # the folder loader refuses the whole set
        load_templates(tmp_path)


def test_template_errors_are_translated(tmp_path):
    path = _write(tmp_path, GOOD.replace('key = "declaration"', 'key = "intro"'))
    with pytest.raises(TemplateError) as info:
        load_template(path)
    zh = info.value.render(translator("zh_CN"))
    assert "demo.toml" in zh and "intro" in zh and re.search(r"[\u4e00-\u9fff]", zh)


def test_two_files_with_the_same_key_are_refused(tmp_path):
    _write(tmp_path, GOOD, "a.toml")
    _write(tmp_path, GOOD, "b.toml")
    with pytest.raises(TemplateError, match=r"“demo”.*a\.toml.*b\.toml"):
        load_templates(tmp_path)


def test_a_missing_folder_is_reported(tmp_path):
    with pytest.raises(TemplateError, match="does not exist"):
        load_templates(tmp_path / "nowhere")


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_bytes(GOOD.encode("gb18030"))
    with pytest.raises(TemplateError, match="demo.toml"):
        load_template(path)
