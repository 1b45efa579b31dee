"""Make Chinese render everywhere: register the bundled CJK fonts with Qt."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from coop_desktop import paths

_registered: list[str] = []


def register_bundled_fonts() -> list[str]:
    """Add every font under ``resources/fonts`` to Qt; returns the family names (once)."""
    if _registered:
        return _registered
    folder = paths.resource("fonts")
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in _registered:
                _registered.append(family)
    return _registered


def install(app: QApplication) -> None:
    """Put a CJK-capable family in the application font's fallback list."""
    families = register_bundled_fonts()
    if not families:
        return
    font = app.font()
    current = font.families() or [font.family()]
    font.setFamilies([*current, *(f for f in families if f not in current)])
    app.setFont(font)


def has_cjk_font() -> bool:
    return any(
        QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(f)
        for f in QFontDatabase.families()
    )


__all__ = ["QFont", "has_cjk_font", "install", "register_bundled_fonts"]
