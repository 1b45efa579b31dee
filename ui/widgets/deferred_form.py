"""The enterprise page's detail form, built once the list has shown its first rows.

Importing and building ``EnterpriseForm`` (its sections, record tables, assessment panel,
country pickers…) is ~0.1 s of the first window; the list is what the officer looks at
first. :class:`DeferredForm` stands in the page's splitter with the form's interface and
builds the real form right after the list's viewport has painted rows, or when the list has
loaded all its rows (a short or empty list: at once), or when anything asks the form for
more than "nothing loaded, nothing unsaved".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QVBoxLayout, QWidget

from ui.context import AppContext


def _enterprise_form(ctx: AppContext) -> QWidget:
    from ui.widgets.enterprise_form import EnterpriseForm

    return EnterpriseForm(ctx)


class DeferredForm(QWidget):
    """``EnterpriseForm``'s interface (``saved``, ``dirty_changed``, ``current_id``,
    ``load``, ``is_dirty``, ``maybe_discard``, ``save``…); any other attribute is the real
    form's, built on the spot (see the module docstring)."""

    saved = Signal(int)
    dirty_changed = Signal(bool)

    def __init__(self, ctx: AppContext, *, after_rows_of: QAbstractItemView | None = None,
                 factory: Callable[[AppContext], QWidget] = _enterprise_form,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enterpriseFormHolder")
        self._ctx = ctx
        self._factory = factory
        self._form: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._view = after_rows_of
        if after_rows_of is not None:
            after_rows_of.viewport().installEventFilter(self)
            model = after_rows_of.model()
            loaded = getattr(model, "loaded", None)
            if loaded is not None:  # every row is in (a short list, or an empty one)
                loaded.connect(self._on_loaded)
        else:
            QTimer.singleShot(0, self, self.build)

    # ------------------------------------------------------------------ building
    @property
    def built(self) -> bool:
        return self._form is not None

    def build(self) -> Any:
        """The real form (built now if it was not yet)."""
        if self._form is None:
            self._stop_watching()
            form = self._form = self._factory(self._ctx)
            form.saved.connect(self.saved)
            form.dirty_changed.connect(self.dirty_changed)
            self.layout().addWidget(form)
            form.show()  # (a child added to a shown widget stays hidden until shown)
        return self._form

    def _on_loaded(self, *_args: object) -> None:
        self.build()  # (at once: whoever waits for the list to load finds the form there)

    def _soon(self, *_args: object) -> None:
        if self._form is None:
            QTimer.singleShot(0, self, self.build)  # after this paint (or delivery) is done

    def _stop_watching(self) -> None:
        view, self._view = self._view, None
        if view is not None:
            view.viewport().removeEventFilter(self)
            loaded = getattr(view.model(), "loaded", None)
            if loaded is not None:
                try:
                    loaded.disconnect(self._on_loaded)
                except (RuntimeError, TypeError):
                    pass

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        view = self._view
        if (event.type() == QEvent.Type.Paint and view is not None
                and view.model() is not None and view.model().rowCount() > 0):
            self._soon()
        return False

    # ------------------------------------------------------------------ the form's interface
    @property
    def current_id(self) -> int | None:
        return self._form.current_id if self._form is not None else None

    @property
    def record(self) -> Any:
        return self._form.record if self._form is not None else None

    def is_dirty(self) -> bool:
        return bool(self._form is not None and self._form.is_dirty())

    def maybe_discard(self) -> bool:
        return True if self._form is None else bool(self._form.maybe_discard())

    def load(self, enterprise_id: int | None) -> None:
        self.build().load(enterprise_id)

    def save(self) -> None:
        self.build().save()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.build(), name)


__all__ = ["DeferredForm"]
