"""Development launcher: ``python main.py [--db FILE] [--lang zh_CN|en]``."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
