"""Termbase: three origins merged, longest-first term finding, user terms, CSV import/export."""

from __future__ import annotations

import time

import pytest

from coop_desktop.documents import qa
from coop_desktop.errors import CoopError, ValidationError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import Enterprise
from coop_desktop.services import enterprises, termbase
from coop_desktop.services.catalog import glossary, zones
from coop_desktop.services.termbase import Term, TermOrigin, find_in


def _by_origin(terms, origin):
    return {(t.zh, t.en) for t in terms if t.origin is origin}


def test_terms_merge_glossary_user_and_record_names(db, new_uscc):
    shipped = termbase.terms(db, records_too=False)
    assert shipped and all(t.origin is TermOrigin.GLOSSARY for t in shipped)
    termbase.add_user_term(db, "出海", "going global", note="口语")
    e = enterprises.create(db, {"name_zh": "深圳测试科技有限公司", "name_en": "Shenzhen Test Tech Co., Ltd.",
                                "uscc": new_uscc()}).value
    enterprises.create(db, {"name_zh": "没有英文名的公司", "uscc": new_uscc()})
    gone = enterprises.create(db, {"name_zh": "已删除公司", "name_en": "Deleted Co.",
                                   "uscc": new_uscc()}).value
    enterprises.delete(db, [gone.id])
    z = zones.create(db, {"name_zh": "测试中外中小企业合作区", "name_en": "Test SME Cooperation Zone"}).value
    all_terms = termbase.terms(db)
    assert _by_origin(all_terms, TermOrigin.USER) == {("出海", "going global")}
    records = {(t.zh, t.en, t.entity, t.id) for t in all_terms if t.origin is TermOrigin.RECORD}
    assert ("深圳测试科技有限公司", "Shenzhen Test Tech Co., Ltd.", "enterprise", e.id) in records
    assert ("测试中外中小企业合作区", "Test SME Cooperation Zone", "zone", z.id) in records
    assert not any(zh in ("没有英文名的公司", "已删除公司") for zh, *_ in records)
    assert all(t.read_only for t in all_terms if t.origin is TermOrigin.RECORD)
    assert _by_origin(all_terms, TermOrigin.GLOSSARY) == _by_origin(shipped, TermOrigin.GLOSSARY)
    user = next(t for t in all_terms if t.origin is TermOrigin.USER)
    assert user.note == "口语" and not user.read_only


def test_record_terms_follow_edits_at_once(db, new_uscc):
    e = enterprises.create(db, {"name_zh": "甲公司", "name_en": "A Co.", "uscc": new_uscc()}).value
    first = termbase.terms(db)
    assert termbase.terms(db) is first  # cached while nothing changes
    enterprises.update(db, e.id, {"name_en": "A Company"})  # within the same second
    assert ("甲公司", "A Company") in _by_origin(termbase.terms(db), TermOrigin.RECORD)
    enterprises.delete(db, [e.id])
    assert not any(t.zh == "甲公司" for t in termbase.terms(db))
    enterprises.restore(db, [e.id])
    assert any(t.zh == "甲公司" for t in termbase.terms(db))


def test_a_new_user_term_does_not_reload_the_record_names(db, new_uscc):
    enterprises.create(db, {"name_zh": "甲公司", "name_en": "A Co.", "uscc": new_uscc()})
    before = termbase.terms(db)
    records_part = before._parts[1]
    termbase.add_user_term(db, "出海", "going global")
    after = termbase.terms(db)
    assert after is not before and after._parts[1] is records_part
    assert [h.term.en for h in find_in("甲公司出海", after)] == ["A Co.", "going global"]


def test_a_rolled_back_transaction_does_not_poison_the_cache(db, new_uscc):
    termbase.terms(db)
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(Enterprise(name_zh="幽灵公司", name_en="Ghost Co.", uscc=new_uscc()))
        session.flush()
        assert any(t.zh == "幽灵公司" for t in termbase.terms(session))
        raise RuntimeError("roll back")
    assert not any(t.zh == "幽灵公司" for t in termbase.terms(db))


def _first_shipped(db):
    return next(t for t in termbase.terms(db, records_too=False)
                if t.origin is TermOrigin.GLOSSARY)


def _t(zh, en="x", origin=TermOrigin.USER):
    return Term(zh, en, origin)


def test_find_in_takes_the_longest_match_first_without_overlap():
    terms = [_t("中小企业"), _t("中小企业合作区"), _t("合作"), _t("合作区建设"), _t("区"), _t("企业")]
    text = "中外中小企业合作区建设"
    hits = find_in(text, terms)
    assert [(text[h.start:h.end]) for h in hits] == ["中小企业合作区"]
    # the longest (7) wins although "合作区建设" (5) starts inside it; "企业" inside is not repeated
    hits = find_in("合作区建设与中小企业", terms)
    assert [h.term.zh for h in hits] == ["合作区建设", "中小企业"]
    assert [(h.start, h.end) for h in hits] == [(0, 5), (6, 10)]


def test_find_in_gaps_are_filled_by_shorter_terms():
    terms = [_t("ABCD"), _t("DEF"), _t("EF"), _t("A")]
    assert [(h.start, h.term.zh) for h in find_in("ABCDEF", terms)] == [(0, "ABCD"), (4, "EF")]
    assert find_in("", terms) == [] and find_in("无关文本", terms) == []


def test_same_chinese_prefers_the_users_term_and_keeps_alternatives():
    terms = [_t("合作区", "cooperation zone", TermOrigin.GLOSSARY),
             _t("合作区", "co-op zone", TermOrigin.USER),
             _t("合作区", "Zone", TermOrigin.RECORD)]
    (hit,) = find_in("合作区", terms)
    assert hit.term.en == "co-op zone"
    assert [t.en for t in hit.alternatives] == ["cooperation zone", "Zone"]


def test_find_in_with_150k_record_terms():
    """Correct at scale; the time is printed (``-s``), not asserted: see bench/tm.py."""
    import random

    rng = random.Random(1)
    chars = "深圳广州杭州南京成都武汉西安苏州宁波华为创新智能科技电子信息材料制造精密机械新能源生物医药"
    terms = termbase.TermList(
        _t("".join(rng.choice(chars) for _ in range(rng.randint(2, 10))) + "有限公司",
           "Co.", TermOrigin.RECORD) for _ in range(150_000))
    terms.append(_t("中小企业合作区"))
    names = [terms[i].zh for i in (0, 1000, 99_999)]
    filler = "".join(rng.choice(chars + "，。的了在和与") for _ in range(1_900))
    text = names[0] + filler[:900] + "中小企业合作区" + names[1] + filler[900:] + names[2]
    hits = find_in(text, terms)  # builds the index once
    found = [text[h.start:h.end] for h in hits]
    assert names[0] == found[0] and names[2] == found[-1] and "中小企业合作区" in found
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:], strict=False))
    start = time.perf_counter()
    for _ in range(5):
        find_in(text, terms)
    per_call = (time.perf_counter() - start) / 5
    print(f"find_in on {len(text):,} chars with {len(terms):,} terms: {per_call * 1000:.2f} ms")


def test_add_user_term_validates_and_refuses_duplicates(db):
    with pytest.raises(ValidationError) as info:
        termbase.add_user_term(db, "  ", "")
    assert {e.field for e in info.value.errors} == {"zh", "en"}
    first = termbase.add_user_term(db, "专精特新", "specialised and sophisticated").value
    assert first.origin is TermOrigin.USER and first.id
    with pytest.raises(ValidationError) as info:
        termbase.add_user_term(db, " 专精特新 ", "Specialised  and sophisticated")
    assert "专精特新" in str(info.value) and "specialised and sophisticated" in str(info.value)
    assert "专精特新" in info.value.render(translator("zh_CN"))
    # a different English for the same Chinese is a variant, not a duplicate
    termbase.add_user_term(db, "专精特新", "SRDI")
    # a shipped term cannot be added again as the user's own
    shipped = _first_shipped(db)
    with pytest.raises(ValidationError, match="already in the termbase"):
        termbase.add_user_term(db, shipped.zh, shipped.en.upper())


def test_update_user_term(db):
    a = termbase.add_user_term(db, "出海", "going global").value
    termbase.add_user_term(db, "走出去", "going out")
    out = termbase.update_user_term(db, a.id, {"en": "going overseas", "note": "preferred"})
    assert (out.value.en, out.value.note) == ("going overseas", "preferred")
    assert set(out.changes.fields) == {"en", "note"}
    with pytest.raises(ValidationError, match="already in the termbase"):
        termbase.update_user_term(db, a.id, {"zh": "走出去", "en": "Going Out"})
    with pytest.raises(ValidationError):
        termbase.update_user_term(db, a.id, {"en": " "})
    history = glossary.history(db, a.id)
    assert {h.field for h in history if h.action == "update"} == {"en", "note"}
    termbase.delete_terms(db, [a.id])
    assert not any(t.id == a.id for t in termbase.terms(db, records_too=False))


def test_editing_a_shipped_term_marks_it_user_edited(db):
    shipped = _first_shipped(db)
    termbase.update_user_term(db, shipped.id, {"note": "checked"})
    assert glossary.get(db, shipped.id).user_edited


def test_import_csv_with_bom_header_and_bad_rows(db, tmp_path):
    termbase.add_user_term(db, "已存在", "exists")
    path = tmp_path / "terms.csv"
    path.write_bytes("\ufeffEnglish,中文,备注\n"
                     "SME,中小企业,\n"
                     "\n"
                     ",只有中文,\n"
                     "only English,,\n"
                     "exists,已存在,\n"
                     "sme,中小企业,again\n"
                     '"Co., Ltd.",有限公司,"comma, inside"\n'
                     .encode())
    report = termbase.import_terms(db, path)
    assert report.added == 2
    reasons = {s.line: s.reason.render() for s in report.skipped}
    assert reasons == {4: "The English term is missing.", 5: "The Chinese term is missing.",
                       6: "Already in the termbase.", 7: "Repeats line 2 of the file."}
    user = {(t.zh, t.en, t.note) for t in termbase.terms(db, records_too=False)
            if t.origin is TermOrigin.USER}
    assert ("中小企业", "SME", None) in user and ("有限公司", "Co., Ltd.", "comma, inside") in user
    assert all(s.reason.render(translator("zh_CN")) != s.reason.render() for s in report.skipped)


def test_import_tsv_without_header_or_bom(db, tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("合作区\tcooperation zone\tnote\n孵化器\tincubator\n太长" + "长" * 300 + "\tlong\n",
                    encoding="utf-8")
    report = termbase.import_terms(db, path)
    assert report.added == 2 and [s.line for s in report.skipped] == [3]
    assert "too long" in report.skipped[0].reason.render()


def test_import_refuses_files_that_are_not_utf8(db, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("中文,英文\n合作区,zone\n".encode("gbk"))
    with pytest.raises(CoopError, match="not UTF-8"):
        termbase.import_terms(db, path)
    with pytest.raises(CoopError, match="could not be read"):
        termbase.import_terms(db, tmp_path / "missing.csv")


def test_export_round_trips_through_import(db, tmp_path, new_uscc):
    termbase.add_user_term(db, "出海", "going global", note="口语, 常用")
    enterprises.create(db, {"name_zh": "甲公司", "name_en": "A Co.", "uscc": new_uscc()})
    path = tmp_path / "out" / "terms.csv"
    n = termbase.export_terms(db, path, origins=["user"])
    assert n == 1 and path.read_bytes().startswith(b"\xef\xbb\xbfzh,en,note,origin")
    termbase.delete_terms(db, [t.id for t in termbase.terms(db, records_too=False)
                               if t.origin is TermOrigin.USER])
    report = termbase.import_terms(db, path)
    assert report.added == 1 and not report.skipped
    everything = termbase.export_terms(db, tmp_path / "all.tsv", origins=list(TermOrigin))
    assert everything == len(termbase.terms(db))
    assert "甲公司\tA Co.\t\trecord" in (tmp_path / "all.tsv").read_text(encoding="utf-8-sig")


def test_glossary_for_qa_has_no_record_names_and_groups_variants(db, new_uscc):
    enterprises.create(db, {"name_zh": "甲公司", "name_en": "A Co.", "uscc": new_uscc()})
    termbase.add_user_term(db, "出海", "going global")
    termbase.add_user_term(db, "出海", "going overseas")
    found = termbase.glossary_for_qa(db)
    assert all(isinstance(g, qa.GlossaryTerm) for g in found)
    assert not any(g.zh == "甲公司" for g in found)
    (chuhai,) = [g for g in found if g.zh == "出海"]
    assert (chuhai.en, chuhai.variants) == ("going global", ("going overseas",))
    shipped = {t.zh for t in termbase.terms(db, records_too=False)
               if t.origin is TermOrigin.GLOSSARY}
    assert shipped <= {g.zh for g in found}
    with db.session() as session:  # also inside a caller's transaction
        assert len(termbase.glossary_for_qa(session)) == len(found)
