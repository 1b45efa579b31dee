"""Export / preview / print of the dossier PDF (offscreen)."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter

from coop_desktop.models import ApplicationStatus
from coop_desktop.services import applications, documents, enterprises
from coop_desktop.settings import AppSettings
from ui.widgets import pdf_export

OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局",
                      organisation_en="Shenzhen SME Service Bureau")
SHOTS = Path(os.environ.get("COOP_PDF_SHOTS", "/tmp"))


TITLE_EN = "Application for Admission to a Sino-Foreign SME Cooperation Zone"


@pytest.fixture
def app_id(ctx, new_uscc):
    ctx.settings = dataclasses.replace(OFFICER)  # the dialog remembers the style in it
    ent = enterprises.create(ctx.db, {"name_zh": "苏州瑞丰精密机械有限公司",
                                      "name_en": "Suzhou Ruifeng Precision Co., Ltd.",
                                      "uscc": new_uscc(), "legal_rep": "王敏",
                                      "city_code": "320500"}).value
    app = applications.create(ctx.db, enterprise_id=ent.id, template_key="zone_application",
                              country="HU", reference_no="SZ-2026-0142", settings=OFFICER).value
    return app.id


def _submit(ctx, app_id):
    db = ctx.db
    found = applications.open_errors(applications.check(db, app_id))
    applications.ignore_issues(db, app_id, [(s.key, i.key) for s, i in found], "OK.")
    applications.set_status(db, app_id, ApplicationStatus.READY)
    applications.set_status(db, app_id, ApplicationStatus.SUBMITTED, settings=OFFICER)


def _export_anyway(monkeypatch, answers=None):
    """Answer the question about open errors with "Export anyway" (recording the errors)."""
    def ask(parent, tr, errors, answer):
        if answers is not None:
            answers.append([e.text(tr) for e in errors])
        answer(True)

    monkeypatch.setattr(pdf_export, "ask_export_anyway", ask)


def test_export_through_the_dialog(qtbot, ctx, app_id, tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"
    asked, opened, errors = [], [], []
    monkeypatch.setattr(pdf_export, "ask_save_path",
                        lambda parent, title, suggested: asked.append(suggested) or str(target))
    monkeypatch.setattr(pdf_export, "open_url", lambda url: opened.append(url.toLocalFile()))
    _export_anyway(monkeypatch, errors)
    job = pdf_export.export_pdf(ctx, app_id)
    with qtbot.waitSignal(job.dialogShown, timeout=10_000) as shown:
        pass
    dialog = shown.args[0]
    today = date.today().isoformat()
    assert dialog.name_edit.text() == \
        f"Suzhou Ruifeng Precision Co., Ltd. - {TITLE_EN} - {today}.pdf"
    assert dialog.revision_combo.count() == 1 and dialog.revision is None
    assert "Chinese and English in two columns" in dialog.layout_notes["parallel"].text()
    dialog.layout_buttons["stacked"].setChecked(True)
    assert dialog.name_edit.text().endswith(f" - {today} - Chinese, then English.pdf")
    dialog.pdfa_check.setChecked(True)
    with qtbot.waitSignal(job.resultShown, timeout=60_000) as done:
        dialog.accept()
    box = done.args[0]
    result = job.result
    assert Path(asked[0]).name == \
        f"Suzhou Ruifeng Precision Co., Ltd. - {TITLE_EN} - {today} - Chinese, then English.pdf"
    # The fresh draft still has gaps: the question named them before the save dialog.
    assert any("“Main Business and Leading Products”: [to be completed] gaps left" in e
               for e in errors[0])
    assert result.open_errors and result.style == "official"
    assert target.is_file() and result.path == target
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == result.pages > 3
    assert result.layout == "stacked" and result.pdfa
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_data()
    assert f"{result.pages} pages" in box.text() and "out.pdf" in box.text()
    assert not list(tmp_path.glob(".*.part"))
    box.findChild(type(box.buttons()[0]), "openFolder").click()
    assert opened == [str(tmp_path)]


def test_export_lists_submitted_revisions_and_glyph_warnings(qtbot, ctx, app_id, tmp_path,
                                                             monkeypatch):
    _submit(ctx, app_id)
    applications.new_revision(ctx.db, app_id)
    applications.update_section(ctx.db, app_id, "zone_plan", zh="计划\ue000")
    target = tmp_path / "rev.pdf"
    monkeypatch.setattr(pdf_export, "ask_save_path", lambda *a: str(target))
    _export_anyway(monkeypatch)
    job = pdf_export.export_pdf(ctx, app_id)
    with qtbot.waitSignal(job.dialogShown, timeout=10_000) as shown:
        pass
    dialog = shown.args[0]
    assert dialog.revision_combo.count() == 2
    assert dialog.revision_combo.itemText(0).startswith("Current text (revision 2, Draft)")
    assert dialog.revision_combo.itemText(1).startswith("Revision 1, submitted on")
    with qtbot.waitSignal(job.resultShown, timeout=60_000) as done:
        dialog.accept()  # the current draft, with the unprintable character
    box = done.args[0]
    assert "Section “Plan for Operations in the Zone” (Chinese): no font for U+E000" in \
        box.informativeText()
    box.close()

    job = pdf_export.export_pdf(ctx, app_id, revision=1)
    with qtbot.waitSignal(job.dialogShown, timeout=10_000) as shown:
        pass
    dialog = shown.args[0]
    assert dialog.revision == 1 and "-r" not in dialog.name_edit.text()
    with qtbot.waitSignal(job.resultShown, timeout=60_000):
        dialog.accept()
    assert job.result.revision == 1 and job.result.warnings == ()
    job.message.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_preview_shows_every_page(qtbot, ctx, app_id, language):
    ctx.lang.set_language(language)
    job = pdf_export.preview_pdf(ctx, app_id)
    with qtbot.waitSignal(job.shown, timeout=60_000) as shown:
        pass
    dialog = shown.args[0]
    result = dialog.result
    assert dialog.page_count == result.pages > 3
    pages_text = f"{result.pages} pages" if language == "en" else f"共 {result.pages} 页"
    assert dialog.pages_label.text() == pages_text
    dialog.resize(1000, 900)
    qtbot.wait(800)  # QPdfView renders pages asynchronously
    name = "preview-zh.png" if language == "zh_CN" else "preview-en.png"
    dialog.grab().save(str(SHOTS / name))
    # Another layout re-renders and reloads.
    with qtbot.waitSignal(dialog.rendered, timeout=60_000) as again:
        dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("en"))
    assert again.args[0].layout == "en" and dialog.page_count == again.args[0].pages
    dialog.close()


def test_print_to_a_pdf_file_prints_every_page(qtbot, ctx, app_id, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_export, "exec_print_dialog", lambda dialog: True)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    job = pdf_export.print_pdf(ctx, app_id, layout="zh", printer=printer)
    with qtbot.waitSignal(job.printed, timeout=60_000) as printed:
        pass
    pages = printed.args[0]
    assert out.is_file() and len(pypdf.PdfReader(out).pages) == pages
    result = documents.export_pdf(ctx.db, app_id, tmp_path / "ref.pdf", layout="zh",
                                  settings=OFFICER, force=True)
    assert pages == result.pages > 3


def test_print_from_the_preview(qtbot, ctx, app_id, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_export, "exec_print_dialog", lambda dialog: True)
    job = pdf_export.preview_pdf(ctx, app_id, layout="stacked")
    with qtbot.waitSignal(job.shown, timeout=60_000) as shown:
        pass
    dialog = shown.args[0]
    out = tmp_path / "from-preview.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printing = pdf_export.PdfPrint(ctx, app_id, dialog, printer=printer)
    assert printing.print_loaded(dialog.document) == dialog.page_count
    assert len(pypdf.PdfReader(out).pages) == dialog.page_count
    dialog.close()


def test_failures_show_one_error_and_leave_nothing_running(qtbot, ctx, monkeypatch):
    import ui.tasks

    shown = []
    monkeypatch.setattr(ui.tasks, "show_error", lambda parent, tr, exc, details="":
                        shown.append(exc.render(tr)))
    export = pdf_export.export_pdf(ctx, 999)
    with qtbot.waitSignal(export.failed, timeout=10_000):
        pass
    preview = pdf_export.preview_pdf(ctx, 999)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    assert all("999" in message for message in shown)
    assert export not in pdf_export._ACTIVE and preview not in pdf_export._ACTIVE


# ------------------------------------------------------------------ where users find it
def _window_on_applications(qtbot, ctx):
    from ui.main_window import MainWindow
    from ui.pages.applications import ApplicationsPage
    from ui.pages.enterprises import EnterprisesPage

    window = MainWindow(ctx, [EnterprisesPage, lambda c: ApplicationsPage(
        c, idle_ms=60_000, max_ms=60_000, check_delay_ms=20, tm_delay_ms=20)])
    qtbot.addWidget(window)
    window.show()
    return window


def test_file_menu_pdf_actions_follow_what_the_page_can_print(qtbot, ctx, app_id, monkeypatch):
    called = []
    monkeypatch.setattr(pdf_export, "preview_pdf", lambda c, a, p=None: called.append(("preview", a)))
    monkeypatch.setattr(pdf_export, "export_pdf", lambda c, a, p=None: called.append(("export", a)))
    monkeypatch.setattr(pdf_export, "print_pdf", lambda c, a, p=None: called.append(("print", a)))
    window = _window_on_applications(qtbot, ctx)
    acts = (window.act_preview, window.act_export_pdf, window.act_print)
    assert all(a in window.file_menu.actions() for a in acts)
    assert window.act_print.shortcut().toString() == "Ctrl+P"
    assert not any(a.isEnabled() for a in acts)  # the enterprise list: nothing to print
    page = window.show_page("applications")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert not any(a.isEnabled() for a in acts)  # no application selected yet
    page.table.selectRow(0)
    assert all(a.isEnabled() for a in acts)
    window.act_print.trigger()
    window.act_export_pdf.trigger()
    page.table.clearSelection()
    assert not window.act_preview.isEnabled()
    window.act_preview.trigger()  # disabled: does nothing
    assert called == [("print", app_id), ("export", app_id)]
    window.show_page("enterprises")
    assert not window.act_print.isEnabled()


def test_the_editors_pdf_menu_exports_the_text_on_screen(qtbot, ctx, app_id, tmp_path,
                                                         monkeypatch):
    """Typed, not yet autosaved (the idle timer is a minute): the PDF still shows it,
    because the editor sends its edits before the document is built."""
    target = tmp_path / "typed.pdf"
    monkeypatch.setattr(pdf_export, "ask_save_path", lambda *a: str(target))
    _export_anyway(monkeypatch)
    jobs = []
    real_export = pdf_export.export_pdf
    monkeypatch.setattr(pdf_export, "export_pdf",
                        lambda *a, **k: jobs.append(real_export(*a, **k)) or jobs[-1])
    window = _window_on_applications(qtbot, ctx)
    page = window.show_page("applications")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.open_index(page.proxy.index(0, 0))
    editor = page.editor
    qtbot.waitUntil(lambda: editor.data is not None and not ctx.runner.busy)
    assert window.act_export_pdf.isEnabled()
    menu_texts = [a.text() for a in editor.header.pdf_menu.actions()]
    assert menu_texts == ["Print preview…", "Export PDF…", "Print…", "",  # a separator
                          "Export dossier package…"]
    row = editor.row("company_profile")
    row.zh.setPlainText("本公司二〇二六年新增出口订单。")
    row.en.setPlainText("Quokka export orders grew in 2026.")
    assert editor.autosave.unsaved()  # nothing written yet
    editor.header.pdf_actions["export"].trigger()
    qtbot.waitUntil(lambda: bool(jobs) and jobs[0].dialog is not None, timeout=10_000)
    with qtbot.waitSignal(jobs[0].resultShown, timeout=60_000):
        jobs[0].dialog.accept()
    jobs[0].message.close()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Quokka export orders grew in 2026." in text
    assert "本公司二〇二六年新增出口订单" in text.replace("\n", "")


# ------------------------------------------------------------------ issue 13: style, open errors, names
def _dialog(qtbot, ctx, app_id, **kw):
    job = pdf_export.export_pdf(ctx, app_id, **kw)
    with qtbot.waitSignal(job.dialogShown, timeout=10_000) as shown:
        pass
    return job, shown.args[0]


def test_open_errors_are_named_and_cancel_writes_nothing(qtbot, ctx, app_id, tmp_path,
                                                         monkeypatch):
    asked = []
    monkeypatch.setattr(pdf_export, "ask_save_path", lambda *a: asked.append(a) or "")
    ctx.lang.set_language("zh_CN")
    job, dialog = _dialog(qtbot, ctx, app_id)
    with qtbot.waitSignal(job.questionShown, timeout=30_000) as question:
        dialog.accept()
    box = question.args[0]
    assert box.isVisible() and box.text() == "本文档仍有未解决的错误。仍要导出吗？"
    info = box.informativeText()
    assert "• “企业基本情况”：占位符尚未填入内容：{{enterprise.established_on}}" in info
    assert "“主营业务与主导产品”：尚有" in info and "处【待填写】内容" in info
    assert box.defaultButton().objectName() == "cancel"
    box.findChild(type(box.defaultButton()), "cancel").click()
    qtbot.waitUntil(lambda: job not in pdf_export._ACTIVE)
    assert asked == [] and not list(tmp_path.glob("*.pdf"))


def test_a_finished_document_is_exported_without_a_question(qtbot, ctx, app_id, tmp_path,
                                                            monkeypatch):
    for info in applications.section_infos(ctx.db, app_id):
        applications.update_section(ctx.db, app_id, info.key, zh="已完成。", en="Done.")
    monkeypatch.setattr(pdf_export, "ask_save_path", lambda *a: str(tmp_path / "done.pdf"))
    monkeypatch.setattr(pdf_export, "ask_export_anyway",
                        lambda *a: pytest.fail("no open errors: nothing to ask"))
    job, dialog = _dialog(qtbot, ctx, app_id)
    with qtbot.waitSignal(job.resultShown, timeout=60_000):
        dialog.accept()
    assert job.result.open_errors == () and job.question is None
    job.message.close()


def test_the_print_style_follows_the_layout_until_chosen_and_is_remembered(qtbot, ctx, app_id,
                                                                           tmp_path,
                                                                           monkeypatch):
    from PySide6.QtCore import QSettings

    QSettings().remove("pdfExport")
    monkeypatch.setattr(pdf_export, "ask_save_path", lambda *a: str(tmp_path / "s.pdf"))
    _export_anyway(monkeypatch)
    ctx.lang.set_language("zh_CN")
    job, dialog = _dialog(qtbot, ctx, app_id)
    assert dialog.style_box.title() == "打印样式"
    assert [dialog.style_buttons[k].text() for k in ("official", "modern")] == ["公文", "现代"]
    assert dialog.style == "official"  # the default for Chinese and side by side
    dialog.layout_buttons["en"].setChecked(True)
    assert dialog.style == "modern"  # English only: modern, while no style was chosen
    assert dialog.name_edit.text().endswith("-仅英文.pdf")
    dialog.layout_buttons["zh"].setChecked(True)
    assert dialog.style == "official"
    dialog.style_buttons["modern"].click()  # chosen: it stays
    dialog.layout_buttons["parallel"].setChecked(True)
    assert dialog.style == "modern"
    assert dialog.name_edit.text() == \
        f"苏州瑞丰精密机械有限公司-中外中小企业合作区入区申请书-{date.today():%Y}年" \
        f"{date.today().month}月{date.today().day}日.pdf"
    with qtbot.waitSignal(job.resultShown, timeout=60_000):
        dialog.accept()
    assert job.result.style == "modern" and job.result.layout == "parallel"
    job.message.close()
    assert ctx.settings.pdf_style == "modern" and AppSettings.load().pdf_style == "modern"
    job, dialog = _dialog(qtbot, ctx, app_id)  # the next export starts from it
    assert dialog.style == "modern" and dialog.layout == "parallel"
    dialog.layout_buttons["en"].setChecked(True)
    assert dialog.style == "modern"
    dialog.style_buttons["official"].click()
    dialog.layout_buttons["parallel"].setChecked(True)
    with qtbot.waitSignal(job.resultShown, timeout=60_000):
        dialog.accept()
    job.message.close()
    assert ctx.settings.pdf_style == ""  # the default again: nothing to remember


def test_the_preview_offers_the_style_and_starts_from_the_remembered_one(qtbot, ctx, app_id):
    ctx.settings.pdf_style = "modern"
    job = pdf_export.preview_pdf(ctx, app_id)
    with qtbot.waitSignal(job.shown, timeout=60_000) as shown:
        pass
    dialog = shown.args[0]
    assert dialog.style == "modern" and dialog.result.style == "modern"
    with qtbot.waitSignal(dialog.rendered, timeout=60_000) as again:
        dialog.style_combo.setCurrentIndex(dialog.style_combo.findData("official"))
    assert again.args[0].style == "official"
    dialog.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_export_dialog_screenshot(qtbot, ctx, app_id, language):
    """The export dialog as a 1366×768 screen shows it (saved for review, and checked: every
    control fits, nothing is cut)."""
    from PySide6.QtWidgets import QLabel, QWidget

    ctx.lang.set_language(language)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1366, 768)
    parent.show()
    job, dialog = _dialog(qtbot, ctx, app_id, parent=parent)
    dialog.adjustSize()
    qtbot.wait(100)
    assert dialog.height() <= 768 - 60 and dialog.width() <= 1366
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap():
            assert label.heightForWidth(label.width()) <= label.height() + 1, label.text()
    dialog.grab().save(str(SHOTS / f"export-dialog-{language}.png"))
    dialog.reject()
