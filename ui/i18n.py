"""The UI language: the app's gettext Translator, Qt's own catalog, QLocale — switchable live.

Widgets set their texts in ``retranslate_ui()``, call it from ``__init__`` and connect it to
``UiLanguage.changed`` (Frescobaldi's ``translateUI``), so a switch re-translates open windows.

Qt's own strings (the OK/Cancel of a ``QDialogButtonBox``, a text field's context menu, the
file dialogs) come from the ``qtbase_<lang>.qm`` catalog PySide6 ships. Those translators are
**one set per application**, whichever ``UiLanguage`` installed them: a switch removes every
Qt translator installed before (not only its own), so Qt's texts never stay in the language
the app was started in. Installing or removing a translator sends every widget a
``LanguageChange`` event: the widgets that cache Qt's texts (button boxes…) retranslate
themselves, and context menus are built afresh each time.

A few of Qt's Chinese words differ from the app's (Qt says 撤消 in text fields, 撤销 for its undo
stacks; the app says 撤销 everywhere): :class:`QtWordings`, a translator installed after
Qt's, answers those first — with the app's own catalog for the texts both share.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from coop_desktop.i18n.catalog import Translator, normalize_language, translator

#: Qt's catalogs loaded for a language (``qt_<lang>.qm`` is only a meta-catalog that loads
#: ``qtbase`` again plus modules the app does not use).
QT_CATALOGS = {"zh_CN": ("qtbase_zh_CN",)}

#: Qt's text-editing menus (context menus of line edits, text edits and spin boxes) use the
#: same English source texts as the app's Edit menu: where the app's catalog translates one,
#: Qt's menus take the app's word (one word for undo: 撤销, where Qt says 撤消).
SHARED_WITH_APP: dict[str, tuple[str, ...]] = {
    context: ("&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Delete", "Select All")
    for context in ("QLineEdit", "QWidgetTextControl")
}

#: (Qt context, Qt's English source text) -> the app's word, for Qt strings the app's
#: catalog has no msgid for. Checked against ``qtbase_zh_CN.qm`` by
#: ``tests/ui/test_one_language.py`` (a context or source text Qt renames shows up there).
QT_WORDINGS: dict[str, dict[tuple[str, str], str]] = {
    "zh_CN": {
        ("QUndoGroup", "Undo %1"): "撤销 %1",  # Qt: 撤消 %1 (its plain "Undo" is 撤销)
        ("QUndoStack", "Undo %1"): "撤销 %1",
    },
}


def qt_wordings(language: str) -> dict[tuple[str, str], str]:
    """What :class:`QtWordings` answers for ``language``: the app's catalog's words for the
    Qt strings it shares, and :data:`QT_WORDINGS`."""
    lang = normalize_language(language)
    table = dict(QT_WORDINGS.get(lang, {}))
    app_tr = translator(lang)
    for context, sources in SHARED_WITH_APP.items():
        for source in sources:
            word = app_tr.gettext(source)
            if word != source:
                table[(context, source)] = word
    return table


_installed: list[QTranslator] = []  # Qt translators in the application, whoever installed them


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class QtWordings(QTranslator):
    """The app's own words for a few of Qt's strings (a translator in Python, no .qm file).

    Qt asks the most recently installed translator first; ``None`` (a null string) lets
    Qt's own catalog answer everything else.
    """

    def __init__(self, table: dict[tuple[str, str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = dict(table)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:  # noqa: ARG002 - Qt's signature
        return self._table.get((context, source_text))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not self._table


def install_qt_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Replace every Qt translator installed so far with those for ``language``.

    English needs none (Qt's source texts are English). Returns the translators installed.
    The module keeps them alive (no Qt parent), and lets go of the ones removed.
    """
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = normalize_language(language)
    folder = qt_translations_dir()
    for name in QT_CATALOGS.get(lang, ()):
        qt = QTranslator()
        if qt.load(name, folder):
            app.installTranslator(qt)
            _installed.append(qt)
    table = qt_wordings(lang)
    if table:
        wordings = QtWordings(table)
        app.installTranslator(wordings)  # installed last: asked first
        _installed.append(wordings)
    return list(_installed)


def qt_locale(language: str) -> QLocale:
    if normalize_language(language) == "zh_CN":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class UiLanguage(QObject):
    changed = Signal()

    def __init__(self, app: QApplication, language: str | None) -> None:
        super().__init__(app)
        self._app = app
        self.tr: Translator = translator("en")
        self.set_language(language or "en", notify=False)

    @property
    def language(self) -> str:
        return self.tr.language

    def gettext(self, message: str) -> str:
        return self.tr.gettext(message)

    def set_language(self, language: str, *, notify: bool = True) -> None:
        lang = normalize_language(language)
        install_qt_translations(self._app, lang)
        QLocale.setDefault(qt_locale(lang))
        self._follow_default_locale()
        changed = lang != self.tr.language
        self.tr = translator(lang)
        if notify and changed:
            self.changed.emit()

    @staticmethod
    def _follow_default_locale() -> None:
        """Open windows take the new default locale (calendar popups, spin boxes…);
        ``QLocale.setDefault`` alone reaches only widgets made afterwards. A widget
        given a locale of its own keeps it."""
        for widget in QApplication.topLevelWidgets():
            if not widget.testAttribute(Qt.WidgetAttribute.WA_SetLocale):
                widget.unsetLocale()
