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
    documents.export_pdf(db, app.id, old_pdf, revision=1, layout="en", today=TODAY)
    documents.export_pdf(db, app.id, new_pdf, layout="en", settings=later, today=TODAY)
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

    out = tmp_path / "att.pdf"
    documents.export_pdf(db, app.id, out, settings=OFFICER, today=TODAY)
    text = _text(out)
    assert "营业执照.pdf" in text and "zoneplan.docx" in text and "other.pdf" not in text


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
                                  today=TODAY)
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
        documents.export_pdf(db, app.id, target, settings=OFFICER)
    assert target.read_bytes() == b"%PDF-1.4 the good old file"
    assert not list(tmp_path.glob(".*.part"))
    monkeypatch.undo()

    result = documents.export_pdf(db, app.id, target, settings=OFFICER, layout="stacked")
    assert len(pypdf.PdfReader(target).pages) == result.pages > 3
    assert not list(tmp_path.glob(".*.part"))
    from coop_desktop import fileio

    assert fileio.is_private(target)  # a dossier holds personal data: owner only (0600)
    with pytest.raises(CoopError, match="does not exist"):
        documents.export_pdf(db, app.id, tmp_path / "no" / "such.pdf", settings=OFFICER)
    with pytest.raises(CoopError, match="is a folder"):
        documents.export_pdf(db, app.id, tmp_path, settings=OFFICER)
    with pytest.raises(CoopError, match="Unknown layout"):
        documents.export_pdf(db, app.id, target, layout="sideways", settings=OFFICER)


def test_suggested_file_names_use_safe_characters(db, app):
    doc = documents.build_document(db, app.id, settings=OFFICER, today=TODAY)
    assert documents.suggested_filename(doc, "parallel", app_id=app.id) == \
        "SZ-2026-7-Shenzhen-Example-Precision-Co.-Ltd-parallel.pdf"
    assert documents.suggested_filename(doc, "zh", app_id=app.id, language="zh_CN") == \
        "SZ-2026-7-深圳市示例精密机械有限公司-zh.pdf"
    name = documents.filename_for(reference_no=None, app_id=12, applicant='A/B:C*"<x>|?\\ ..',
                                  revision=3, layout="en")
    assert name == "12-A-B-C-x-r3-en.pdf"
    assert not set(name) & set('/\\:*?"<>| ')
    choices = documents.export_choices(db, app.id)
    assert choices.filename("stacked", None, "en") == \
        "SZ-2026-7-Shenzhen-Example-Precision-Co.-Ltd-stacked.pdf"
    assert choices.revisions == ()
