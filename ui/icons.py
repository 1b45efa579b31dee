"""The app's icons: bundled SVG line icons (Lucide, ISC — ``resources/icons``), drawn in the
palette's text colour so that they follow a dark theme, and the application icon.

- :func:`icon` ``(role)`` — a ``QIcon`` for a role of :data:`ICONS` ("save", "page:zones"…).
  The SVG's ``currentColor`` becomes the palette's text colour (``WindowText``); sizes are
  rendered when Qt asks for them (:class:`SvgIconEngine`), and Qt greys them when disabled.
- :func:`bind` ``(target, role)`` — set a ``QAction``'s (or anything with ``setIcon``'s)
  icon now and again whenever the application palette changes (light ⇄ dark).
- :func:`app_icon` — the window icon (``app.svg``).

Nothing here is imported by the core; rendering needs a ``QApplication``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from coop_desktop import paths

#: role -> Lucide icon file (without ".svg"). ``page:<key>`` is a sidebar page.
ICONS: dict[str, str] = {
    "new": "plus", "save": "save", "delete": "trash-2", "refresh": "refresh-cw",
    "find": "search", "undo": "undo-2", "redo": "redo-2", "cut": "scissors", "copy": "copy",
    "paste": "clipboard-paste", "select_all": "text-select", "settings": "settings",
    "quit": "log-out", "about": "info", "guide": "book-open", "shortcuts": "keyboard",
    "help": "circle-help", "backups": "database-backup", "check": "shield-check",
    "import": "file-up", "import_package": "package-open", "imports": "history",
    "print": "printer", "preview": "file-search", "export_pdf": "file-down",
    "export_list": "file-spreadsheet", "srdi": "award", "zoom_in": "zoom-in",
    "zoom_out": "zoom-out", "zoom_reset": "a-large-small", "setup": "wand-sparkles",
    "restore": "rotate-ccw", "purge": "shredder",
    "page:home": "house", "page:enterprises": "building-2", "page:zones": "map-pinned",
    "page:events": "calendar-days", "page:applications": "file-text",
    "page:glossary": "languages", "page:recycle_bin": "trash",
}


def icons_dir() -> Any:
    return paths.resource("icons")


@lru_cache(maxsize=None)
def svg_source(name: str) -> bytes:
    """The bundled SVG ``name`` (a Lucide file name, or "app")."""
    return (icons_dir() / f"{name}.svg").read_bytes()


def text_color() -> QColor:
    app = QGuiApplication.instance()
    palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
    return palette.color(QPalette.ColorRole.WindowText)


class SvgIconEngine(QIconEngine):
    """Renders one SVG at whatever size Qt asks, ``currentColor`` replaced by ``color``."""

    def __init__(self, data: bytes, color: QColor | None) -> None:
        super().__init__()
        self._data = data
        self._color = QColor(color) if color is not None else None
        source = data if color is None else data.replace(b"currentColor",
                                                         color.name().encode())
        self._renderer = QSvgRenderer(QByteArray(source))
        self._cache: dict[tuple[int, int, int], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._data, self._color)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), int(mode.value))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pix = QPixmap(size)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.38)
        self._renderer.render(painter, QRect(QPoint(0, 0), size))
        painter.end()
        self._cache[key] = pix
        return pix

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        return size

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,  # noqa: N802
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(s, s) for s in (16, 20, 24, 32, 48)]


_icons: dict[tuple[str, str], QIcon] = {}


def icon(role: str, color: QColor | None = None) -> QIcon:
    """The icon of ``role`` (see :data:`ICONS`) in ``color`` (default: the palette's text)."""
    name = ICONS[role]
    color = color or text_color()
    key = (name, color.name())
    found = _icons.get(key)
    if found is None:
        found = _icons[key] = QIcon(SvgIconEngine(svg_source(name), color))
    return found


def app_icon() -> QIcon:
    """The application icon (its own colours)."""
    key = ("app", "")
    found = _icons.get(key)
    if found is None:
        found = _icons[key] = QIcon(SvgIconEngine(svg_source("app"), None))
    return found


# ------------------------------------------------------------------ following the palette
class _PaletteWatcher(QObject):
    """Re-sets every bound icon when the application palette changes."""

    def __init__(self, app: QObject) -> None:
        super().__init__(app)
        self.bound: list[tuple[weakref.ref[Any], Callable[[Any, QIcon], None], str]] = []
        self._color = text_color().name()
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ApplicationPaletteChange and watched is self.parent():
            self.refresh()
        return False

    def refresh(self) -> None:
        color = text_color()
        if color.name() == self._color:
            return
        self._color = color.name()
        alive = []
        for ref, setter, role in self.bound:
            target = ref()
            if target is None:
                continue
            try:
                setter(target, icon(role, color))
            except RuntimeError:  # the C++ object is gone
                continue
            alive.append((ref, setter, role))
        self.bound = alive


_watcher: _PaletteWatcher | None = None


def _watch() -> _PaletteWatcher | None:
    global _watcher
    app = QGuiApplication.instance()
    if app is None:
        return None
    if _watcher is None or _watcher.parent() is not app:
        _watcher = _PaletteWatcher(app)
    return _watcher


def bind(target: Any, role: str, setter: Callable[[Any, QIcon], None] | None = None) -> None:
    """Give ``target`` the icon of ``role`` now and after every palette change.
    ``setter(target, icon)`` defaults to ``target.setIcon(icon)``."""
    set_icon = setter or (lambda t, i: t.setIcon(i))
    set_icon(target, icon(role))
    watcher = _watch()
    if watcher is not None:
        watcher.bound.append((weakref.ref(target), set_icon, role))


def refresh() -> None:
    """Re-draw bound icons now (the palette was changed without an event, in tests)."""
    watcher = _watch()
    if watcher is not None:
        watcher.refresh()
