"""One language at a time: Qt's own strings follow the app's language, one word for undo,
Settings shows the language in use, and no page or dialog shows text of the other language
(apart from proper names and data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QTranslator
from PySide6.QtWidgets import (
    QApplication, QDialogButtonBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget,
)

from coop_desktop.settings import AppSettings
from tests.ui.conftest import wait_tasks
from tests.ui.language_scan import foreign, scan
from ui.app import application
from ui.i18n import QT_WORDINGS, SHARED_WITH_APP, UiLanguage, qt_translations_dir, qt_wordings
from ui.widgets.settings_dialog import SettingsDialog

OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def _menu_texts(widget: QWidget) -> list[str]:
    """A text widget's context menu as Qt builds it on a right click (built afresh each time)."""
    menu = widget.createStandardContextMenu()
    try:
        return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    finally:
        menu.deleteLater()


def _buttons(box: QDialogButtonBox) -> tuple[str, str]:
    return box.button(OK).text(), box.button(CANCEL).text()


def test_qt_strings_follow_a_live_switch_both_ways(qtbot, ctx):
    ctx.lang.set_language("zh_CN")
    box = QDialogButtonBox(OK | CANCEL)
    line, text = QLineEdit("x"), QPlainTextEdit("x")
    for w in (box, line, text):
        qtbot.addWidget(w)
    assert _buttons(box) == ("确定", "取消")
    assert _menu_texts(line)[:6] == ["撤销(&U)", "重做(&R)", "剪切(&T)", "复制(&C)", "粘贴(&P)", "删除"]
    assert _menu_texts(text)[0] == "撤销(&U)"

    ctx.lang.set_language("en")
    QApplication.processEvents()  # the LanguageChange events a translator switch posts
    assert _buttons(box) == ("OK", "Cancel")  # the same, already built, button box
    assert _menu_texts(line)[:3] == ["&Undo", "&Redo", "Cu&t"]
    assert _menu_texts(text)[0] == "&Undo"

    ctx.lang.set_language("zh_CN")
    QApplication.processEvents()
    assert _buttons(box) == ("确定", "取消")


def test_a_second_language_object_leaves_no_translator_behind(qtbot, ctx):
    """``ui.app.main`` made one language object and the window another: switching the
    window's left the first one's Qt catalog installed, and 确定/取消 stayed Chinese."""
    first = UiLanguage(application(), "zh_CN")
    ctx.lang.set_language("zh_CN", notify=False)
    box = QDialogButtonBox(OK | CANCEL)
    qtbot.addWidget(box)
    ctx.lang.set_language("en")
    QApplication.processEvents()
    assert _buttons(box) == ("OK", "Cancel")
    assert first.language == "zh_CN"  # its gettext side is its own; Qt's side is shared


def test_no_qt_menu_says_撤消_and_each_shared_word_is_the_apps(qtbot, ctx):
    ctx.lang.set_language("zh_CN")
    widgets = [QLineEdit("x"), QPlainTextEdit("x"), QSpinBox()]
    for w in widgets:
        qtbot.addWidget(w)
    menus = [_menu_texts(w if not isinstance(w, QSpinBox) else w.findChild(QLineEdit))
             for w in widgets]
    assert all(menus) and not any("撤消" in t for texts in menus for t in texts)
    table = qt_wordings("zh_CN")
    assert table[("QLineEdit", "&Undo")] == ctx.tr.gettext("&Undo") == "撤销(&U)"
    for context, sources in SHARED_WITH_APP.items():
        for source in sources:
            if ctx.tr.gettext(source) != source:  # the app has the word: Qt's menus use it
                assert QApplication.translate(context, source) == ctx.tr.gettext(source)


def test_qt_still_has_every_string_the_app_rewords():
    """Each (context, source text) the app answers must be one Qt's catalog knows: if Qt
    renamed a context, the override would silently stop applying."""
    qt = QTranslator()
    assert qt.load("qtbase_zh_CN", qt_translations_dir())
    keys = {(c, s) for c, sources in SHARED_WITH_APP.items() for s in sources}
    keys |= set(QT_WORDINGS["zh_CN"])
    for context, source in sorted(keys):
        assert qt.translate(context, source), (context, source)
    assert "撤消" in qt.translate("QLineEdit", "&Undo")  # why the override exists
    assert "撤消" in qt.translate("QUndoStack", "Undo %1")


def test_open_windows_take_the_new_locale(qtbot, ctx):
    """Calendars and spin boxes of a window already open follow the switch (QLocale.setDefault
    alone reaches only widgets made afterwards); a widget given its own locale keeps it."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QCalendarWidget

    ctx.lang.set_language("en")
    window = QWidget()
    qtbot.addWidget(window)
    calendar = QCalendarWidget(window)
    fixed = QCalendarWidget(window)
    fixed.setLocale(QLocale(QLocale.Language.German))
    ctx.lang.set_language("zh_CN")
    assert calendar.locale().language() == QLocale.Language.Chinese
    assert fixed.locale().language() == QLocale.Language.German
    ctx.lang.set_language("en")
    assert calendar.locale().language() == QLocale.Language.English


def test_english_installs_no_qt_catalog(ctx):
    ctx.lang.set_language("en")
    assert qt_wordings("en") == {}
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QApplication.translate("QLineEdit", "&Undo") == "&Undo"


# ---------------------------------------------------------------- Settings
@pytest.mark.parametrize(("saved", "in_use"), [("en", "zh_CN"), ("zh_CN", "en"), ("", "zh_CN")])
def test_settings_show_the_language_in_use(qtbot, ctx, saved, in_use):
    """Started with ``--lang zh_CN`` while the settings say English, the dialog says 中文
    (and why), and OK without touching the language keeps the saved one."""
    ctx.settings.language = saved
    ctx.lang.set_language(in_use)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.language_combo.currentData() == in_use
    assert dialog.language_combo.currentText() == {"zh_CN": "中文", "en": "English"}[in_use]
    assert dialog.language_note.isVisible() is bool(saved and saved != in_use)
    if saved and saved != in_use:
        # as an officer says it: no command-line option, the languages named in the UI
        # language (英文, not English, in the Chinese UI)
        assert "--lang" not in dialog.language_note.text()
        assert dialog.language_combo.currentText() in dialog.language_note.text()
        saved_name = {"zh_CN": {"en": "英文"}, "en": {"zh_CN": "Chinese"}}[in_use][saved]
        assert dialog.language_note.text().rstrip("。.").endswith(saved_name)
    for note in (dialog.people_note, dialog.language_note, dialog.db_note, dialog.backup_note):
        if note.isVisible():  # no wrapped note loses its last line
            assert note.height() >= note.heightForWidth(note.width()), note.text()

    dialog.officer_edit.setText("张明")
    dialog.buttons.button(OK).click()
    stored = AppSettings.load()
    assert stored.officer_name == "张明" and stored.language == saved
    assert ctx.lang.language == in_use


def test_settings_save_a_language_chosen_there(qtbot, ctx):
    ctx.settings.language = "en"
    ctx.lang.set_language("zh_CN")  # --lang zh_CN
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.buttons.button(OK).click()
    assert AppSettings.load().language == "en" and ctx.lang.language == "en"



# ---------------------------------------------------------------- no text of the other language
#: Texts of the other script that are right where they are, with why.
EXPECTED = {
    "en": (
        "中文",  # the language list names each language in itself (Settings, first run)
        "中外中小企业合作助手",  # the product's Chinese name (About, the guide)
        r"（?个人信息保护法）?",  # the law's own title beside its English name (the guide)
        r"[\u4e00-\u9fff]+〔\d{4}〕\d+号",  # official document numbers (工信部企业〔2024〕168号)
        # placeholders of fields that hold Chinese: an example of what to type there
        r"e\.g\. [\u4e00-\u9fff（）]+(，\d{4}年\d{1,2}月\d{1,2}日)?", r"中德（某市）中小企业合作区",
        r"“[^”]*”",  # a message quoting the document's Chinese side (“【待填写：年数】”)
        r"企业名称 / Company name",  # the export's bilingual header, shown as an example
    ),
    "zh_CN": (
        "English",  # the language list names each language in itself
        "hwjs",  # the search field's example of pinyin initials
        r"UTF-8", r"zh、en 和 note",  # a file format; the CSV's column names
        r"“[^”]*”",  # a message quoting the document or an English term (“[to be completed…]”)
        r"例如：[A-Za-z ,.'’()…-]+",  # placeholders of English fields: what to type there
        r"企业名称 / Company name",  # the export's bilingual header, shown as an example
        # placeholders of fields that hold English: an example of what to type there
        r"Sino-German \(…\) SME Cooperation Zone",
    ),
}

FIRM = {"name_zh": "苏州瑞丰精密机械有限公司", "name_en": "Suzhou Ruifeng Precision Machinery Co., Ltd.",
        "industry": "industry", "city_code": "320500", "employees": 186,
        "registered_capital_fen": 590_000_000, "revenue_fen": 2_380_000_000,
        "total_assets_fen": 1_500_000_000, "established_on": date(2012, 6, 18),
        "website": "https://www.ruifeng-precision.com", "tags": ["精密制造"],
        "export_markets": ["DE"], "target_countries": ["DE", "VN"]}
#: What officers typed (user data: shown as typed in both UIs).
TYPED = ("王芳", "总经理", "达成合作意向", "洽谈德国市场", "江苏2023年第二批", "省工信厅复核通过",
         "中德中小企业对接会", "Sino-German SME Matchmaking", "签署合作意向书", "已回收的企业有限公司",
         "wang.fang@ruifeng.cn", "licence.pdf",
         "企业名称", "统一社会信用代码", "苏州测试有限公司")  # the last three: a file to import


@dataclass
class Desk:
    firm_id: int
    title_id: int
    event_id: int
    app_id: int
    allowed: list[str] = field(default_factory=list)
    #: data shown as written in one UI language only
    allowed_in: dict[str, list[str]] = field(default_factory=dict)


@pytest.fixture
def desk(db, new_uscc) -> Desk:
    from coop_desktop.documents.templates import load_templates
    from coop_desktop.services import (
        applications, enterprises, events, reference, srdi_titles, srdi_years,
    )
    from coop_desktop.services.catalog import (
        contacts, glossary, interactions, titles, zone_links, zones,
    )

    firm = enterprises.create(db, FIRM | {"uscc": new_uscc("320500")}).value
    gone = enterprises.create(db, {"name_zh": TYPED[9], "uscc": new_uscc()}).value
    enterprises.delete(db, [gone.id])
    title = titles.create(db, {"enterprise_id": firm.id, "tier": "srdi", "level": "provincial",
                               "granted_on": date(2023, 7, 26), "batch": TYPED[4]}).value
    srdi_titles.record_review(db, title.id, date(2025, 7, 30), "passed", TYPED[5])
    contacts.create(db, {"enterprise_id": firm.id, "name": TYPED[0], "role": TYPED[1],
                         "email": TYPED[10], "phone": "0512-6688 1234",
                         "languages": ["zh", "en", "de"]})
    interactions.create(db, {"enterprise_id": firm.id, "occurred_on": date(2026, 3, 2),
                             "kind": "visit", "notes": TYPED[3], "outcome": TYPED[2]})
    zone = next(z for z in zones.list(db) if z.source_key == "cn-eu-nanjing")
    zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id, "status": "admitted",
                           "status_since": date(2025, 9, 1)})
    srdi_years.years.create(db, {"enterprise_id": firm.id, "year": 2025,
                                 "operating_revenue_fen": 2_380_000_000,
                                 "rd_expense_fen": 150_000_000, "employees": 186})
    event = events.events.create(db, {"name_zh": TYPED[6], "name_en": TYPED[7],
                                      "kind": "matchmaking", "starts_on": date(2026, 5, 12),
                                      "partner_country": "DE"}).value
    events.add_participant(db, {"event_id": event.id, "enterprise_id": firm.id,
                                "amount_fen": 125_000_000, "outcome": TYPED[8]})
    app = applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                              zone_id=zone.id, country="DE").value
    allowed = [FIRM["name_zh"], FIRM["name_en"], *FIRM["tags"], *TYPED, db.actor]
    for z in zones.list(db):
        allowed += [z.name_zh, z.name_en or ""]
    for t in glossary.list(db):
        allowed += [t.zh, t.en]
    for template in load_templates().values():  # the document's sides: both languages
        allowed += [template.title_zh, template.title_en]
        allowed += [x for s in template.sections for x in (s.title_zh, s.title_en)]
    # The shipped glossary's English notes name Chinese terms (the English UI shows them
    # as written); the Chinese UI shows their Chinese rendering instead (note_zh).
    notes = [item["note"] for item in reference.load_items("glossary") if item.get("note")]
    return Desk(firm.id, title.id, event.id, app.id, [a for a in allowed if a],
                {"en": notes, "zh_CN": []})


def _check(root: QWidget, language: str, desk: Desk, what: str) -> None:
    found = scan(root, language, desk.allowed + desk.allowed_in[language], EXPECTED[language])
    assert not found, f"{what} in {language}:\n" + "\n".join(map(str, found[:200]))


def _settle(qtbot, ctx) -> None:
    QApplication.processEvents()
    wait_tasks(qtbot, ctx)
    QApplication.processEvents()
    # widgets replaced on a switch (deleteLater) go now, as the event loop would take them
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


LANGS = ("zh_CN", "en", "zh_CN")  # built in Chinese, switched live twice


def test_every_page_speaks_one_language_and_follows_a_live_switch(qtbot, ctx, desk):
    """The whole window — menus, toolbar, sidebar, every page with a record open in it (the
    enterprise form's tabs, an event, an application in the editor, the recycle bin) — in
    Chinese, then switched live to English, then back."""
    from ui.main_window import MainWindow
    from ui.pages.registry import default_pages
    from ui.widgets.help_shortcuts import ShortcutSheet

    ctx.lang.set_language("zh_CN")
    win = MainWindow(ctx, default_pages())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    for page in list(win.pages):
        win.show_page(page.key)
        _settle(qtbot, ctx)
    enterprises_page = win.show_page("enterprises")
    enterprises_page.form.load(desk.firm_id)
    _settle(qtbot, ctx)
    events_page = win.page("events")
    if hasattr(events_page, "select_event"):
        events_page.select_event(desk.event_id)
    win.show_page("applications").open_application(desk.app_id)
    _settle(qtbot, ctx)
    qtbot.waitUntil(lambda: win.page("applications").editor.app_id == desk.app_id)
    _settle(qtbot, ctx)
    for language in LANGS:
        ctx.lang.set_language(language)
        _settle(qtbot, ctx)
        _check(win, language, desk, "main window")
        sheet = ShortcutSheet(win)  # made from the window's actions, as Help shows it
        sheet.show()
        _settle(qtbot, ctx)
        _check(sheet, language, desk, "the keyboard-shortcut sheet")
        sheet.close()
        sheet.deleteLater()
        line = win.findChild(QLineEdit)
        assert not [t for t in _menu_texts(line)
                    if foreign(t, language, (), EXPECTED[language])], _menu_texts(line)


def _dialogs(ctx, desk: Desk, tmp_path) -> dict[str, Callable[[], QWidget]]:
    """Every dialog, opened as the app opens it, on the test desk's records."""
    from coop_desktop.services import catalog, documents
    from coop_desktop.services.catalog import contacts, interactions
    from coop_desktop.services.termbase import Term, TermOrigin
    from ui.widgets.attachment_dialog import AttachmentDialog
    from ui.widgets.backups_dialog import BackupsDialog
    from ui.widgets.check_dialog import CheckDialog
    from ui.widgets.conflict_dialog import TextConflictDialog
    from ui.widgets.damaged_dialog import DamagedDialog
    from ui.widgets.first_run import FirstRunDialog
    from ui.widgets.help_about import AboutDialog
    from ui.widgets.help_guide import GuideViewer
    from ui.widgets.import_dialog import ImportDialog
    from ui.widgets.imports_dialog import ImportsDialog
    from ui.widgets.list_export import ListExportDialog, ListSource
    from ui.widgets.new_application_dialog import NewApplicationDialog
    from ui.widgets.participant_dialog import ParticipantDialog
    from ui.widgets.pdf_export import PdfExportDialog
    from ui.widgets.qa_panel import IgnoreDialog
    from ui.widgets.record_dialogs import (
        CONTACT_DIALOG, INTERACTION_DIALOG, TITLE_DIALOG, ZONE_LINK_DIALOG, RecordDialog,
    )
    from ui.widgets.revision_diff import RevisionDiffDialog
    from ui.widgets.term_dialog import TermDialog
    from ui.widgets.title_life import TitleEventDialog
    from ui.widgets.year_dialog import YEAR_DIALOG
    from ui.widgets.zone_form import CountryPicker

    db, tr = ctx.db, lambda: ctx.tr
    csv = tmp_path / "firms.csv"
    csv.write_text("企业名称,统一社会信用代码\n苏州测试有限公司,91320500MA1X2Y3Z4P\n", encoding="utf-8")
    pdf = tmp_path / "licence.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")

    def record(spec, row=None):  # noqa: ANN001
        return lambda: RecordDialog(ctx, spec, enterprise_id=desk.firm_id, row=row)

    contact = contacts.list(db, enterprise_id=desk.firm_id)[0]
    talk = interactions.list(db, enterprise_id=desk.firm_id)[0]
    title = catalog.titles.get(db, desk.title_id)
    return {
        "settings": lambda: SettingsDialog(ctx),
        "title": record(TITLE_DIALOG, title),
        "new title": record(TITLE_DIALOG),
        "contact": record(CONTACT_DIALOG, contact),
        "interaction": record(INTERACTION_DIALOG, talk),
        "zone link": record(ZONE_LINK_DIALOG),
        "yearly figures": record(YEAR_DIALOG),
        "re-review": lambda: TitleEventDialog(ctx, "review", desk.title_id),
        "revocation": lambda: TitleEventDialog(ctx, "revoke", desk.title_id),
        "term": lambda: TermDialog(ctx, term=Term("专精特新", "specialised", TermOrigin.USER)),
        "new application": lambda: NewApplicationDialog(ctx),
        "participant": lambda: ParticipantDialog(ctx),
        "imports": lambda: ImportsDialog(ctx),
        "import": lambda: ImportDialog(ctx, csv),
        "check": lambda: CheckDialog(ctx),
        "backups": lambda: BackupsDialog(ctx.tr, db.path, backup_dir=tmp_path / "backups"),
        "list export": lambda: ListExportDialog(ctx, ListSource("enterprises", 1)),
        "pdf export": lambda: PdfExportDialog(ctx, documents.export_choices(db, desk.app_id)),
        "revisions": lambda: RevisionDiffDialog(ctx, desk.app_id),
        "attachment": lambda: AttachmentDialog(ctx, files=[pdf]),
        "countries": lambda: CountryPicker(ctx.tr, ["DE"]),
        "conflict": lambda: TextConflictDialog(ctx.tr, title=ctx.tr.gettext("Title"), mine="a",
                                               theirs="b"),
        "ignore": lambda: IgnoreDialog(ctx.tr, ctx.tr.gettext("Not checked yet.")),
        "damaged": lambda: DamagedDialog(ctx.tr, path=db.path, reason="", kept=None,
                                         newest=None),
        "first run": lambda: FirstRunDialog(ctx.settings, ctx.lang),
        "about": lambda: AboutDialog(ctx),
        "user guide": lambda: GuideViewer(ctx),
    }


DIALOGS = ("settings", "title", "new title", "contact", "interaction", "zone link",
           "yearly figures", "re-review", "revocation", "term", "new application", "participant",
           "imports", "import", "check", "backups", "list export", "pdf export", "revisions",
           "attachment", "countries", "conflict", "ignore", "damaged", "first run", "about",
           "user guide")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_dialog_speaks_one_language(qtbot, ctx, desk, tmp_path, language):
    """Each dialog opened in each language: its labels, buttons (Qt's OK/Cancel too),
    tooltips, placeholders and lists."""
    ctx.lang.set_language(language)
    made = _dialogs(ctx, desk, tmp_path)
    assert set(made) == set(DIALOGS)
    from ui.widgets.help_about import components

    # the bundled fonts, icons and libraries are named as their authors name them, with
    # their licences (legal texts, in the language they are written in)
    names = [x for c in components() for x in (c.name, c.licence)]
    problems = []
    for name in DIALOGS:
        dialog = made[name]()
        qtbot.addWidget(dialog)
        dialog.show()
        _settle(qtbot, ctx)
        found = scan(dialog, language, desk.allowed + desk.allowed_in[language] + names,
                     EXPECTED[language])
        problems += [f"{name}: {f}" for f in found if "#aboutLicence " not in f.where]
        dialog.close()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- content the app ships or codes
def test_every_shipped_glossary_note_has_a_chinese_rendering():
    """The Chinese UI shows the shipped notes in Chinese (glossary.json's ``note_zh``, quoting
    English renderings only in quotation marks); a note someone wrote is shown as written."""
    from coop_desktop.services.reference import glossary_note, load_items

    items = [i for i in load_items("glossary") if i.get("note")]
    assert len(items) > 40
    for item in items:
        shown = glossary_note(item["note"], "zh_CN")
        assert shown == item["note_zh"] != item["note"], item["zh"]
        assert not foreign(shown, "zh_CN", (), EXPECTED["zh_CN"]), (item["zh"], shown)
        assert glossary_note(item["note"], "en") == item["note"]
    assert glossary_note("园区联系人：李先生", "en") == "园区联系人：李先生"  # typed: as typed
    assert glossary_note("My own note", "zh_CN") == "My own note"
    assert glossary_note(None, "zh_CN") == ""


def test_glossary_page_and_term_tooltips_show_notes_in_the_ui_language(qtbot, ctx):
    from coop_desktop.services import termbase
    from coop_desktop.services.termbase import TermHit
    from ui.models.glossary_table import COL_NOTE, GlossaryTableModel
    from ui.widgets.term_tools import term_tooltip

    terms = [t for t in termbase.terms(ctx.db, records_too=False) if t.note][:20]
    assert terms
    model = GlossaryTableModel(ctx.tr)
    model.set_terms(terms)
    for language in ("zh_CN", "en"):
        ctx.lang.set_language(language)
        model.set_translator(ctx.tr)  # as the page does on a switch
        for row, term in enumerate(terms):
            shown = model.index(row, COL_NOTE).data()
            assert not foreign(shown, language, (), EXPECTED[language] + (
                r"[\u4e00-\u9fff]+",) * (language == "en")), shown
            assert (shown == " ".join(term.note.split())) is (language == "en")
            tip = term_tooltip(TermHit(0, len(term.zh), term), ctx.tr)
            assert model.note_text(term) in tip


def test_contact_languages_are_names_in_the_ui_language(qtbot, ctx, desk):
    from coop_desktop.i18n.languages import language_code, language_names
    from coop_desktop.services.catalog import contacts
    from ui.widgets.form_fields import LanguageListField
    from ui.widgets.related_tables import CONTACT_COLUMNS, RelatedData

    row = contacts.list(ctx.db, enterprise_id=desk.firm_id)[0]
    column = next(c for c in CONTACT_COLUMNS if c.header == "Languages")
    ctx.lang.set_language("zh_CN")
    assert column.text(row, ctx.tr, RelatedData()) == "中文、英语、德语"
    field_ = LanguageListField("languages", lambda: ctx.tr)
    qtbot.addWidget(field_)
    field_.set_value(row.languages)
    assert field_.text() == "中文、英语、德语" and field_.value() == ["zh", "en", "de"]
    ctx.lang.set_language("en")
    field_.refresh()
    assert field_.text() == "Chinese, English, German" and field_.value() == ["zh", "en", "de"]
    assert column.text(row, ctx.tr, RelatedData()) == "Chinese, English, German"
    # typed in either language, or as codes; what is not a language is kept as typed
    field_.setText("英语, Japanese， DE、粤语; 火星语, en")
    assert field_.value() == ["en", "ja", "de", "yue", "火星语"]
    assert [language_code(x) for x in ("中文", "Chinese", "ZH", "汉语", "英文")] == \
        ["zh", "zh", "zh", "zh", "en"]
    assert language_names(["zh", "xx-unknown"], "en") == "Chinese, xx-unknown"
