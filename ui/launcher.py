"""The installed ``coop-desktop`` command: the core's CLI, with the GUI as its default."""

from __future__ import annotations

import sys


def _gui(**kwargs: object) -> int:
    try:
        from ui.app import main as gui_main
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
