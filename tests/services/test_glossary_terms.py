"""The shipped glossary: corrected pairs, the templates' spelling, the terms the SRDI work
needs, and an existing database picks the new version up without losing a user's edit."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from coop_desktop.documents.templates import get_template
from coop_desktop.services import open_database, reference
from coop_desktop.services.catalog import glossary

FIXTURE_DIR = Path(__file__).parent.parent / "fixtures" / "db_versions"

NEW_TERMS = ("中小企业公共服务机构", "数字化转型城市试点", "中小企业数字化转型试点城市", "规模以上",
             "大中小企业融通", "梯度培育平台", "合格机构投资者", "制造业单项冠军", "复核",
             "特色产业集群")


def _shipped() -> dict[str, dict]:
    return {t["zh"]: t for t in reference.load_items("glossary")}


def test_application_letter_and_form_are_paired_in_order():
    term = _shipped()["申请书 / 申报表"]
    zh, en = term["zh"].split(" / "), term["en"].split(" / ")
    assert dict(zip(zh, en, strict=True)) == {"申请书": "application letter",
                                               "申报表": "application form"}


def test_the_glossary_spells_licence_as_the_templates_do():
    texts = " ".join(s.en for key in ("zone_application", "overseas_dossier", "company_profile")
                     for s in get_template(key).sections)
    assert "business licence" in texts and "license" not in texts
    shipped = _shipped()
    assert shipped["营业执照"]["en"] == "business licence"
    assert not any(re.search(r"licen[cs]e", t["en"]) and "licence" not in t["en"]
                   for t in shipped.values())


@pytest.mark.parametrize("zh", NEW_TERMS)
def test_new_terms_have_english_and_a_note(zh):
    term = _shipped()[zh]
    assert term["en"].strip() and term["en"] == term["en"].strip()
    assert len(term["note"]) > 20  # says where the English comes from


def test_the_words_match_the_apps_own():
    shipped = _shipped()
    assert shipped["规模以上"]["en"] == "above designated size"
    assert shipped["复核"]["en"].startswith("re-review")  # the title dialog's "Re-review…"
    assert shipped["制造业单项冠军"]["en"].startswith("manufacturing single champion")
    assert shipped["合格机构投资者"]["en"] == "qualified institutional investor"


def test_an_existing_database_takes_the_new_version_and_keeps_a_users_edit(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE_DIR / "v0006.sqlite", path)  # frozen before this glossary version
    with sqlite3.connect(path) as conn:  # as a user of the old version left it
        assert conn.execute("SELECT en FROM glossary_term WHERE zh = '申请书 / 申报表'"
                            ).fetchone()[0] == "application form / application letter"
        conn.execute("UPDATE glossary_term SET en = 'business license (our house style)',"
                     " user_edited = 1 WHERE zh = '营业执照'")
    conn.close()

    db, _report = open_database(path, backup_dir=tmp_path / "backups")
    try:
        after = {t.zh: t for t in glossary.list(db)}
        assert after["申请书 / 申报表"].en == "application letter / application form"
        assert after["营业执照"].en == "business license (our house style)"  # the user's edit
        assert set(NEW_TERMS) <= set(after)
        assert len(after) == len(reference.load_items("glossary"))
        with sqlite3.connect(path) as conn:
            versions = dict(conn.execute(
                "SELECT zh, source_version FROM glossary_term WHERE zh IN ('复核', '营业执照')"))
            applied = conn.execute("SELECT version FROM reference_dataset WHERE name = 'glossary'"
                                   ).fetchone()[0]
        conn.close()
        version = reference.manifest()["glossary"]["version"]
        assert applied == versions["复核"] == version != "2025-11-domain-1+app-1"
        assert versions["营业执照"] == "2025-11-domain-1+app-1"  # edited: left as it was
    finally:
        db.close()
