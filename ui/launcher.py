"""The installed ``coop-desktop`` command: the core's CLI, with the GUI as its default."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable


def load_gui() -> Callable[..., int]:
    """``ui.app.main``, imported the way that starts fastest.

    The core's storage stack (SQLAlchemy, sqlmodel, the models: ~450 modules) is imported
    before Qt: once PySide6 is loaded, its ``__feature__`` import hook reads the source of
    every module imported after it (``inspect.getsource``), which cost ~0.1 s at start-up.
    Automatic garbage collection stays off from here (``ui.app.GuiThreadGc`` takes over once
    the window is up): the full collections that the imports and the first window's objects
    set off were another ~0.05-0.1 s.
    """
    gc.disable()
    # before Qt (see above): storage, the models, what opening a database and the list use
    import coop_desktop.services.enterprises  # noqa: F401
    import coop_desktop.services.reference  # noqa: F401
    from ui.app import main as gui_main

    return gui_main


def _gui(**kwargs: object) -> int:
    try:
        gui_main = load_gui()
    except ImportError as exc:  # PySide6 or a system library missing
        from coop_desktop.errors import CoopError
        from coop_desktop.i18n.catalog import N_

        raise CoopError(N_("The graphical interface cannot start: {reason}"), reason=str(exc)) from exc
    return gui_main(**kwargs)  # type: ignore[arg-type]


def main() -> int:
    from coop_desktop.cli import main as cli_main

    return cli_main(sys.argv[1:], gui=_gui)


if __name__ == "__main__":
    sys.exit(main())
