"""The PDF adapter: records → PdfDocument (current text or a frozen revision) → file."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from coop_desktop import __version__
from coop_desktop.documents.pdf import GlyphWarning
from coop_desktop.errors import CoopError, NotFoundError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import ApplicationStatus
from coop_desktop.services import applications as apps
from coop_desktop.services import attachments, documents, enterprises
from coop_desktop.services.catalog import zones
from coop_desktop.settings import AppSettings

S = ApplicationStatus
TODAY = date(2026, 3, 15)
OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局",
                      organisation_en="Shenzhen SME Service Bureau")
NEW_TEXT = "The Company now plans a much larger site of 20,000 square metres."


def _text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {
        "name_zh": "深圳市示例精密机械有限公司", "name_en": "Shenzhen Example Precision Co., Ltd.",
        "uscc": new_uscc(), "legal_rep": "张三", "city_code": "440300"}).value


@pytest.fixture
def app(db, firm):
    zone = zones.list(db, source_key="cn-de-taicang")[0]
    return apps.create(db, enterprise_id=firm.id, template_key="zone_application",
                       zone_id=zone.id, country="DE", reference_no="SZ-2026-7",
                       deadline=date(2026, 4, 30), settings=OFFICER, today=TODAY).value


def _submit(db, app_id):
    found = apps.open_errors(apps.check(db, app_id))
    apps.ignore_issues(db, app_id, [(s.key, i.key) for s, i in found], "Accepted as is.")
    apps.set_status(db, app_id, S.READY)
    apps.set_status(db, app_id, S.SUBMITTED, settings=OFFICER)


def _attach(db, tmp_path, name, content, **kw):
    source = tmp_path / name
    source.write_bytes(content)
    return attachments.add(db, source, **kw).value


def test_current_text_document(db, firm, app):
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    infos = apps.section_infos(db, app.id)
    assert [s.key for s in doc.sections] == [i.key for i in infos]
    assert [(s.title_zh, s.title_en) for s in doc.sections] == \
        [(i.title_zh, i.title_en) for i in infos]
    texts = {s.key: (s.zh, s.en) for s in apps.sections(db, app.id)}
    assert all((s.zh, s.en) == texts[s.key] for s in doc.sections)
    # The template's declaration keeps its kind (the seal block follows it).
    assert [s.key for s in doc.sections if s.is_declaration] == ["declaration"]
    assert doc.declaration is not None and doc.declaration.key == "declaration"
    assert (doc.title_zh, doc.title_en) == (app.title_zh, app.title_en)
    assert (doc.applicant_zh, doc.applicant_en, doc.uscc) == (firm.name_zh, firm.name_en,
                                                              firm.uscc)
    assert doc.zone_zh == "中德（太仓）中小企业合作区"
    assert doc.zone_en == "Sino-German (Taicang) SME Cooperation Zone"
    assert (doc.country_zh, doc.country_en) == ("德国", "Germany")
    assert (doc.organisation_zh, doc.organisation_en, doc.officer) == (
        "深圳市中小企业服务局", "Shenzhen SME Service Bureau", "李明")
    assert (doc.status, doc.revision, doc.reference_no) == ("draft", 1, "SZ-2026-7")
    assert doc.deadline == date(2026, 4, 30) and doc.submitted is None
    assert doc.created == app.created_at.astimezone().date()
    assert (doc.app_version, doc.generated_on) == (__version__, TODAY)


def test_a_revision_pdf_shows_the_frozen_text_not_the_live_one(db, firm, app, tmp_path):
    _submit(db, app.id)
    frozen = {s.key: (s.zh, s.en) for s in apps.sections(db, app.id)}
    apps.new_revision(db, app.id)
    apps.update_section(db, app.id, "zone_plan", en=NEW_TEXT)
    enterprises.update(db, firm.id, {"name_en": "Renamed Holdings Ltd."})
    apps.update_meta(db, app.id, {"title_en": "A new title for revision two"})
    later = AppSettings(officer_name="王五", organisation_zh="新机构", organisation_en="New Office")

    doc = documents.build_document(db, app.id, revision=1, settings=later, today=TODAY)
    assert {s.key: (s.zh, s.en) for s in doc.sections} == frozen
    assert doc.applicant_en == "Shenzhen Example Precision Co., Ltd."  # as frozen
    assert doc.title_en == app.title_en and doc.officer == "李明"  # the snapshot's officer
    assert (doc.status, doc.revision) == ("submitted", 1)
    assert doc.submitted == apps.revisions(db, app.id)[0].created_at.astimezone().date()
    assert doc.declaration is not None and doc.declaration.key == "declaration"

    current = documents.build_document(db, app.id, settings=later, today=TODAY)
    assert dict((s.key, s.en) for s in current.sections)["zone_plan"] == NEW_TEXT
    assert (current.revision, current.status, current.officer) == (2, "draft", "王五")

    old_pdf, new_pdf = tmp_path / "r1.pdf", tmp_path / "r2.pdf"
    documents.export_pdf(db, app.id, old_pdf, revision=1, layout="en", today=TODAY, force=True)
    documents.export_pdf(db, app.id, new_pdf, layout="en", settings=later, today=TODAY,
                         force=True)
    old, new = _text(old_pdf), _text(new_pdf)
    assert _norm(NEW_TEXT) not in old and _norm(frozen["zone_plan"][1])[:60] in old
    assert _norm(NEW_TEXT) in new
    assert "RenamedHoldings" not in old and "RenamedHoldings" in new


def test_snapshot_sections_record_their_kind_and_old_snapshots_fall_back(db, app, monkeypatch):
    _submit(db, app.id)
    snap = apps.snapshot(db, app.id, 1)
    assert {s["key"]: s["kind"] for s in snap["sections"]}["declaration"] == "declaration"
    for s in snap["sections"]:
        del s["kind"]  # as frozen before kinds were recorded
    monkeypatch.setattr(apps, "snapshot", lambda *_a: snap)
    doc = documents.build_document(db, app.id, revision=1, today=TODAY)
    assert doc.declaration is not None and doc.declaration.key == "declaration"


def test_unknown_application_or_revision(db, app):
    with pytest.raises(NotFoundError):
        documents.build_document(db, 999)
    with pytest.raises(NotFoundError, match="no revision 3"):
        documents.build_document(db, app.id, revision=3)


def test_attachments_of_the_application_and_the_enterprise(db, firm, app, tmp_path, new_uscc):
    other = apps.create(db, enterprise_id=firm.id, template_key="company_profile",
                        settings=OFFICER, today=TODAY).value
    _attach(db, tmp_path, "营业执照.pdf", b"licence", enterprise_id=firm.id, kind="licence",
            expires_on=date(2039, 5, 20))
    _attach(db, tmp_path, "zone plan.docx", b"plan", enterprise_id=firm.id,
            application_id=app.id)
    _attach(db, tmp_path, "other.pdf", b"other", enterprise_id=firm.id,
            application_id=other.id)
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert [a.name for a in doc.attachments] == ["zone plan.docx", "营业执照.pdf"]
    licence = doc.attachments[1]
    assert (licence.kind_zh, licence.kind_en) == ("营业执照", "Business licence")
    assert licence.expires_on == date(2039, 5, 20) and licence.size == len(b"licence")
    assert len(licence.sha256) == 64
    only_own = documents.build_document(db, app.id, settings=OFFICER, enterprise_documents=False)
    assert [a.name for a in only_own.attachments] == ["zone plan.docx"]
    # Titles, never file names: the kind, and the user's description when there is one.
    assert [(a.title_zh, a.title_en) for a in doc.attachments] == [
        ("其他文件", "Other document"), ("营业执照", "Business licence")]

    out = tmp_path / "att.pdf"
    documents.export_pdf(db, app.id, out, settings=OFFICER, today=TODAY, force=True)
    text = _text(out)
    assert "营业执照" in text and "other.pdf" not in text


def test_a_revision_lists_the_attachments_as_they_were_when_frozen(db, firm, app, tmp_path):
    kept = _attach(db, tmp_path, "kept.pdf", b"kept", enterprise_id=firm.id,
                   application_id=app.id)
    removed = _attach(db, tmp_path, "removed.pdf", b"removed", enterprise_id=firm.id,
                      application_id=app.id)
    _submit(db, app.id)
    attachments.delete(db, [removed.id])
    _attach(db, tmp_path, "added later.pdf", b"later", enterprise_id=firm.id,
            application_id=app.id)
    frozen = documents.build_document(db, app.id, revision=1, today=TODAY)
    assert sorted(a.name for a in frozen.attachments) == ["kept.pdf", "removed.pdf"]
    current = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert sorted(a.name for a in current.attachments) == ["added later.pdf", "kept.pdf"]
    assert kept.id


def test_glyph_warnings_name_the_section_and_language(db, app, tmp_path):
    apps.update_section(db, app.id, "zone_plan", zh="计划\ue000文本")
    result = documents.export_pdf(db, app.id, tmp_path / "w.pdf", settings=OFFICER,
                                  today=TODAY, force=True)
    assert result.warnings == (GlyphWarning("section:zone_plan", "zh", "\ue000"),)
    assert result.warning_lines(translator("en")) == [
        "Section “Plan for Operations in the Zone” (Chinese): no font for U+E000"]
    assert result.warning_lines(translator("zh_CN")) == ["章节“入区计划”（中文）：没有可显示 U+E000 的字体"]
    doc = result.document
    w = GlyphWarning("attachment[2].name", None, "\ue001")
    assert documents.warning_text(w, doc, translator("en")) == \
        "Attachment 2: file name: no font for U+E001"
    w = GlyphWarning("section:zone_plan.title", "en", "\ue001")
    assert documents.warning_text(w, doc, translator("en")).startswith(
        "Title of section “Plan for Operations in the Zone” (English)")


def test_export_is_atomic_and_never_clobbers_a_good_file(db, app, tmp_path, monkeypatch):
    target = tmp_path / "dossier.pdf"
    target.write_bytes(b"%PDF-1.4 the good old file")

    def broken(*_a, **_k):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(documents, "render_pdf", broken)
    with pytest.raises(CoopError, match="could not be made: RuntimeError: renderer exploded"):
        documents.export_pdf(db, app.id, target, settings=OFFICER, force=True)
    assert target.read_bytes() == b"%PDF-1.4 the good old file"
    assert not list(tmp_path.glob(".*.part"))
    monkeypatch.undo()

    result = documents.export_pdf(db, app.id, target, settings=OFFICER, layout="stacked",
                                  force=True)
    assert len(pypdf.PdfReader(target).pages) == result.pages > 3
    assert not list(tmp_path.glob(".*.part"))
    from coop_desktop import fileio

    assert fileio.is_private(target)  # a dossier holds personal data: owner only (0600)
    with pytest.raises(CoopError, match="does not exist"):
        documents.export_pdf(db, app.id, tmp_path / "no" / "such.pdf", settings=OFFICER,
                             force=True)
    with pytest.raises(CoopError, match="is a folder"):
        documents.export_pdf(db, app.id, tmp_path, settings=OFFICER, force=True)
    with pytest.raises(CoopError, match="Unknown layout"):
        documents.export_pdf(db, app.id, target, layout="sideways", settings=OFFICER)
    with pytest.raises(CoopError, match="Unknown print style “fancy”"):
        documents.export_pdf(db, app.id, target, style="fancy", settings=OFFICER)


def test_suggested_file_names_name_applicant_document_and_date(db, app):
    """申请单位-文书类型-日期.pdf (the date printed on the document); the layout only when it
    is not the default; no internal ids."""
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert documents.suggested_filename(doc, "parallel", language="zh_CN") == \
        "深圳市示例精密机械有限公司-中外中小企业合作区入区申请书-2026年3月15日.pdf"
    assert documents.suggested_filename(doc, "zh", language="zh_CN") == \
        "深圳市示例精密机械有限公司-中外中小企业合作区入区申请书-2026年3月15日-仅中文.pdf"
    assert documents.suggested_filename(doc, "parallel") == (
        "Shenzhen Example Precision Co., Ltd. - Application for Admission to a Sino-Foreign "
        "SME Cooperation Zone - 2026-03-15.pdf")
    assert documents.suggested_filename(doc, "stacked").endswith(
        " - 2026-03-15 - Chinese, then English.pdf")
    choices = documents.export_choices(db, app.id, today=TODAY)
    assert choices.filename("parallel", None, "zh_CN") == \
        "深圳市示例精密机械有限公司-中外中小企业合作区入区申请书-2026年3月15日.pdf"
    assert choices.filename("en", None, "en").endswith("2026-03-15 - English only.pdf")
    assert "SZ-2026-7" not in choices.filename("parallel", None, "en")
    assert choices.revisions == ()
    # The dossier package keeps its own name (reference and enterprise).
    name = documents.filename_for(reference_no=None, app_id=12, applicant='A/B:C*"<x>|?\\ ..',
                                  revision=3, layout="en")
    assert name == "12-A-B-C-x-r3-en.pdf"


def test_a_submitted_revision_is_named_by_its_submission_date(db, app):
    _submit(db, app.id)
    day = apps.revisions(db, app.id)[0].created_at.astimezone().date()
    choices = documents.export_choices(db, app.id, today=date(2030, 1, 2))
    expected = f"{day.year}年{day.month}月{day.day}日"
    assert choices.filename("parallel", None, "zh_CN").endswith(f"-{expected}.pdf")
    assert choices.filename("parallel", 1, "zh_CN").endswith(f"-{expected}.pdf")
    apps.new_revision(db, app.id)
    choices = documents.export_choices(db, app.id, today=date(2030, 1, 2))
    assert choices.filename("parallel", None, "zh_CN").endswith("-2030年1月2日.pdf")
    assert choices.filename("parallel", 1, "zh_CN").endswith(f"-{expected}.pdf")


# ------------------------------------------------------------------ what the print is filled with
def _contact(db, firm, name, phone=None):
    from coop_desktop.services.catalog import contacts

    return contacts.create(db, {"enterprise_id": firm.id, "name": name, "phone": phone}).value


def test_the_cover_facts_come_from_the_records(db, firm, app):
    """Contact person and phone: the enterprise's first contact with a phone; the date: the
    export day for a draft; a draft gets the watermark; template levels and empty rules."""
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert (doc.contact_name, doc.contact_phone) == (None, None)
    assert doc.application_date == TODAY and doc.draft
    _contact(db, firm, "赵六")  # no phone
    _contact(db, firm, "钱七", " 0755-8888 6666 ")
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert (doc.contact_name, doc.contact_phone) == ("钱七", "0755-8888 6666")
    sections = {s.key: s for s in doc.sections}
    assert sections["international_experience"].empty == "none"
    assert sections["company_profile"].empty == "none"
    assert {s.level for s in doc.sections} == {1}
    # Never the creation date: a document made long ago prints the day it is exported.
    later = documents.build_document(db, app.id, settings=OFFICER, today=date(2027, 1, 8))
    assert later.application_date == date(2027, 1, 8)


def test_a_submitted_revision_prints_its_submission_date_and_no_watermark(db, firm, app):
    _contact(db, firm, "孙八", "13800000000")
    _submit(db, app.id)
    day = apps.revisions(db, app.id)[0].created_at.astimezone().date()
    for revision in (None, 1):  # the current text of a submitted application is revision 1
        doc = documents.build_document(db, app.id, revision=revision, settings=OFFICER,
                                       today=date(2030, 1, 2))
        assert doc.application_date == day and not doc.draft
        assert (doc.contact_name, doc.contact_phone) == ("孙八", "13800000000")
    apps.new_revision(db, app.id)
    doc = documents.build_document(db, app.id, settings=OFFICER, today=date(2030, 1, 2))
    assert doc.application_date == date(2030, 1, 2) and doc.draft


def _add_old_cover(db, app_id, zh="申请单位：旧封面", en="Applicant: old cover"):
    """A section stored by an earlier template version (before the cover section went)."""
    from coop_desktop.models import ApplicationSection

    with db.session() as session:
        session.add(ApplicationSection(application_id=app_id, key="cover", position=-1, zh=zh,
                                       en=en))


def test_an_old_cover_section_is_kept_but_never_printed(db, app, tmp_path):
    _add_old_cover(db, app.id)
    infos = {i.key: i for i in apps.section_infos(db, app.id)}
    assert infos["cover"].title_zh == "封面（旧版模板内容，不打印）"
    assert not infos["cover"].printed and not infos["cover"].required
    assert dict((s.key, s.zh) for s in apps.sections(db, app.id))["cover"] == "申请单位：旧封面"
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert "cover" not in [s.key for s in doc.sections]
    result = documents.export_pdf(db, app.id, tmp_path / "c.pdf", settings=OFFICER,
                                  today=TODAY, force=True)
    assert "旧封面" not in _text(result.path)
    assert all(e.section_key != "cover" for e in result.open_errors)
    # Emptied, it is only a note, never an error.
    apps.update_section(db, app.id, "cover", zh="", en="")
    cover = next(s for s in apps.check(db, app.id) if s.section.key == "cover")
    assert [(i.issue.code, str(i.issue.severity)) for i in cover.issues] == [
        ("section_empty", "info")]
    # A frozen revision that still had the cover does not print it either.
    apps.update_section(db, app.id, "cover", zh="旧封面", en="Old cover")
    _submit(db, app.id)
    assert "cover" in [s["key"] for s in apps.snapshot(db, app.id, 1)["sections"]]
    frozen = documents.build_document(db, app.id, revision=1, today=TODAY)
    assert "cover" not in [s.key for s in frozen.sections]


def test_attached_files_are_the_one_annex_list(db, firm, app, tmp_path):
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert "annexes" in [s.key for s in doc.sections]  # nothing attached: the written list
    _attach(db, tmp_path, "licence.pdf", b"licence", enterprise_id=firm.id, kind="licence")
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert "annexes" not in [s.key for s in doc.sections] and len(doc.attachments) == 1
    apps.update_section(db, app.id, "annexes", zh="1. 营业执照（另行报送纸质件）。",
                        en="1. Business licence (paper copy sent separately).")
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert "annexes" in [s.key for s in doc.sections]  # the user's own words are printed


def _pdf_bytes(pages: int) -> bytes:
    import io

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_annex_titles_and_page_counts(db, firm, app, tmp_path):
    _attach(db, tmp_path, "scan_2025_final(3).pdf", _pdf_bytes(3), enterprise_id=firm.id,
            kind="audit_report", note="2025年度")
    _attach(db, tmp_path, "ip.pdf", b"%PDF-1.4 broken", enterprise_id=firm.id,
            kind="ip_certificate", note="Patent ZL 2020 1 0000000.0")
    _attach(db, tmp_path, "photo.jpg", b"\xff\xd8\xff", enterprise_id=firm.id,
            note="第一行\n第二行：一段备注，不是标题")
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    titles = {a.name: (a.title_zh, a.title_en, a.pages) for a in doc.attachments}
    assert titles["scan_2025_final(3).pdf"] == ("审计报告（2025年度）", "Audit report", 3)
    assert titles["ip.pdf"] == ("知识产权证书（Patent ZL 2020 1 0000000.0）",
                                "IP certificate (Patent ZL 2020 1 0000000.0)", None)
    assert titles["photo.jpg"] == ("其他文件", "Other document", None)


def test_exporting_with_open_errors_is_refused_naming_them(db, app, tmp_path):
    from coop_desktop.services.document_errors import OpenErrorsError

    target = tmp_path / "open.pdf"
    with pytest.raises(OpenErrorsError) as info:
        documents.export_pdf(db, app.id, target, settings=OFFICER, today=TODAY)
    assert not target.exists()
    errors = info.value.errors
    kinds = {(e.section_key, e.kind) for e in errors}
    assert ("main_business", "fill_in") in kinds  # 【待填写】 gaps
    assert ("main_business", "placeholder") in kinds  # {{enterprise.description}}
    en = info.value.render(translator("en"))
    zh = info.value.render(translator("zh_CN"))
    assert "\n" not in en and "\n" not in zh
    assert "“Main Business and Leading Products”: placeholders not filled in: " \
           "{{enterprise.description}}" in en
    assert "--force" in en and "--force" in zh and "“主营业务与主导产品”" in zh
    assert re.search(r"and \d+ more", en)
    # Forced, the file is written and the result says what printed unfinished.
    result = documents.export_pdf(db, app.id, target, settings=OFFICER, today=TODAY, force=True)
    assert target.is_file() and result.open_errors == errors


def test_open_errors_follow_the_languages_printed_and_empty_required_sections(db, app):
    for info in apps.section_infos(db, app.id):
        apps.update_section(db, app.id, info.key, zh="已完成。", en="Done.")
    prepared = documents.prepare(db, app.id, settings=OFFICER, today=TODAY)
    assert prepared.open_errors("parallel") == ()
    apps.update_section(db, app.id, "zone_plan", en="Plan for {{zone.name}}.")
    apps.update_section(db, app.id, "reasons", zh=" ", en="")
    apps.update_section(db, app.id, "international_experience", zh="", en="")  # optional
    prepared = documents.prepare(db, app.id, settings=OFFICER, today=TODAY)
    assert [(e.section_key, e.kind) for e in prepared.open_errors("parallel")] == [
        ("reasons", "empty"), ("zone_plan", "placeholder")]
    assert [(e.section_key, e.kind) for e in prepared.open_errors("zh")] == [
        ("reasons", "empty")]  # the English placeholder does not print in Chinese only
    [empty] = prepared.open_errors("zh")
    assert empty.text(translator("zh_CN")) == "“申请理由与合作需求”：必填，但内容为空"
