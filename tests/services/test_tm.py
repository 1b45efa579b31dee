"""Translation memory: dedupe, sentence alignment, fuzzy matches and their diffs."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from coop_desktop.models import Application, ApplicationSection
from coop_desktop.services import enterprises, tm

BASE = "我们公司主要生产新能源汽车零部件"  # 16 characters


def test_store_pair_dedupes_on_the_normalised_pair(db):
    assert tm.store_pair(db, "中小企业合作区", "SME cooperation zone", origin="import")
    assert not tm.store_pair(db, " 中小企业 合作区 ", "SME  cooperation zone")
    assert not tm.store_pair(db, "中小企业合作区", "SME cooperation zone")
    assert tm.store_pair(db, "中小企业合作区", "China–foreign SME cooperation zone")
    assert not tm.store_pair(db, "  ", "empty Chinese side")
    assert not tm.store_pair(db, "空的英文", " ")
    assert tm.count(db) == 2


def test_store_pair_joins_the_callers_transaction(db):
    with db.session() as session:
        en = "specialised, refined, distinctive and innovative"
        assert tm.store_pair(session, "专精特新", en)
        assert not tm.store_pair(session, "专精特新", en)
    assert tm.count(db) == 1


def _variant(changed: int) -> str:
    """BASE with its first ``changed`` characters replaced (each costs 2 Indel edits)."""
    return "某" * changed + BASE[changed:]


@pytest.mark.parametrize(("changed", "expected"), [(0, 100.0), (2, 87.5), (5, 68.8), (10, 37.5)])
def test_the_scorer_is_character_ratio(changed, expected):
    assert round(fuzz.ratio(_variant(changed), BASE), 1) == expected


def test_a_seventy_percent_match_is_offered_and_a_forty_percent_one_is_not(db):
    stored = "一二三四五六七八九十"
    tm.store_pair(db, stored, "one to ten")
    seventy, forty = "一二三四五六七甲乙丙", "一二三四甲乙丙丁戊己"
    assert fuzz.ratio(seventy, stored) == 70 and fuzz.ratio(forty, stored) == 40
    (match,) = tm.matches(db, seventy)
    assert (match.score, match.zh, match.en) == (70.0, stored, "one to ten")
    assert tm.matches(db, forty) == []
    assert tm.matches(db, forty, threshold=40)[0].score == 40.0  # a lower threshold lets it in
    assert tm.matches(db, seventy, threshold=71) == []


def test_matches_are_ordered_by_score_and_limited(db):
    for changed in (6, 1, 4, 2, 3):
        tm.store_pair(db, _variant(changed), f"changed {changed}")
    found = tm.matches(db, BASE, limit=3)
    assert [m.en for m in found] == ["changed 1", "changed 2", "changed 3"]
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert len(tm.matches(db, BASE, limit=10)) == 5
    assert tm.matches(db, BASE, limit=0) == [] and tm.matches(db, "  ") == []


def test_equal_scores_prefer_the_newer_unit(db):
    tm.store_pair(db, BASE, "old translation")
    tm.store_pair(db, BASE, "new translation")
    assert [m.en for m in tm.matches(db, BASE)] == ["new translation", "old translation"]


def test_diff_maps_the_query_onto_the_stored_text(db):
    tm.store_pair(db, "本公司成立于2010年", "The company was founded in 2010.")
    query = "本企业成立于2012年"
    (match,) = tm.matches(db, query)
    ops = [op for op in match.diff if op[0] != "equal"]
    assert ops and all(op[0] in ("replace", "insert", "delete") for op in ops)
    # Applying the edit operations to the query gives the stored text.
    rebuilt = "".join(match.zh[j1:j2] for tag, _i1, _i2, j1, j2 in match.diff if tag != "delete")
    assert rebuilt == match.zh
    replaced = {query[i1:i2] for tag, i1, i2, _j1, _j2 in match.diff if tag == "replace"}
    assert replaced <= {"企业", "企", "业", "2", "12"}


def test_the_cache_sees_new_units(db):
    tm.store_pair(db, BASE, "first")
    assert len(tm.matches(db, BASE)) == 1
    tm.store_pair(db, _variant(1), "second")
    assert len(tm.matches(db, BASE)) == 2


def test_sentence_splitting():
    assert tm.split_zh("本公司成立于2010年。主要产品包括：电池、电机！是否出口？是；\n第二段") == [
        "本公司成立于2010年。", "主要产品包括：电池、电机！", "是否出口？", "是；", "第二段"]
    assert tm.split_zh("他说：“好。”然后离开。") == ["他说：“好。”", "然后离开。"]
    assert tm.split_en(
        "Huawei Technologies Co., Ltd. was founded in 1987. It makes e.g. phones! Exports? Yes; "
        "J. Smith agreed.\nSecond paragraph") == [
        "Huawei Technologies Co., Ltd. was founded in 1987.", "It makes e.g. phones!", "Exports?",
        "Yes;", "J. Smith agreed.", "Second paragraph"]
    assert tm.split_en("Revenue grew 3.5 per cent.") == ["Revenue grew 3.5 per cent."]


def _submitted_application(db, new_uscc, sections):
    ent = enterprises.create(db, {"name_zh": "测试科技有限公司", "uscc": new_uscc()}).value
    with db.session() as s:
        app = Application(title_zh="申请", title_en="Application", enterprise_id=ent.id,
                          template_key="t", template_version=1, status="submitted")
        s.add(app)
        s.flush()
        for position, (key, zh, en) in enumerate(sections):
            s.add(ApplicationSection(application_id=app.id, key=key, position=position,
                                     zh=zh, en=en))
        return app.id


def test_store_submitted_stores_sections_and_aligned_sentences(db, new_uscc):
    app_id = _submitted_application(db, new_uscc, [
        ("profile", "本公司成立于2010年。主要生产电池。", "The company was founded in 2010. It makes batteries."),
        ("plan", "拓展欧洲市场。建立海外仓！", "We will expand into Europe."),  # 2 vs 1: whole only
        ("empty", "只有中文。", ""),
        ("single", "一句话。", "One sentence."),
    ])
    report = tm.store_submitted(db, app_id)
    assert (report.sections, report.aligned_sections, report.added) == (3, 1, 5)
    assert tm.count(db) == 5
    (best,) = tm.matches(db, "主要生产电池。", limit=1)
    assert best.en == "It makes batteries."
    assert (best.application_id, best.section_key) == (app_id, "profile")
    assert best.origin == "application"
    whole = tm.matches(db, "拓展欧洲市场。建立海外仓！", limit=1)[0]
    assert whole.en == "We will expand into Europe."
    again = tm.store_submitted(db, app_id)  # a second call adds nothing
    assert (again.added, again.duplicates) == (0, 5) and tm.count(db) == 5
