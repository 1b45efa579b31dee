"""The UI language: the app's gettext Translator, Qt's own catalog, QLocale — switchable live.

Widgets set their texts in ``retranslate_ui()``, call it from ``__init__`` and connect it to
``UiLanguage.changed`` (Frescobaldi's ``translateUI``), so a switch re-translates open windows.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from coop_desktop.i18n.catalog import Translator, normalize_language, translator


class UiLanguage(QObject):
    changed = Signal()

    def __init__(self, app: QApplication, language: str | None) -> None:
        super().__init__(app)
        self._app = app
        self._qt_translators: list[QTranslator] = []
        self.tr: Translator = translator("en")
        self.set_language(language or "en", notify=False)

    @property
    def language(self) -> str:
        return self.tr.language

    def gettext(self, message: str) -> str:
        return self.tr.gettext(message)

    def set_language(self, language: str, *, notify: bool = True) -> None:
        lang = normalize_language(language)
        for old in self._qt_translators:
            self._app.removeTranslator(old)
        self._qt_translators.clear()
        if lang == "zh_CN":
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            for name in ("qtbase_zh_CN", "qt_zh_CN"):
                qt = QTranslator(self)
                if qt.load(name, folder):
                    self._app.installTranslator(qt)
                    self._qt_translators.append(qt)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                           if lang == "zh_CN" else QLocale(QLocale.Language.English,
                                                           QLocale.Country.UnitedKingdom))
        changed = lang != self.tr.language
        self.tr = translator(lang)
        if notify and changed:
            self.changed.emit()
