"""Write the PDF font specimen and its PNG pages, to look at the faces (dev tool).

    .venv/bin/python scripts/font_specimen.py [--out /work/data/shots/pdf13/fonts] [--dpi 110]

Writes ``specimen.pdf`` (every named face of ``coop_desktop.documents.pdf.fonts`` at 16 pt and
12 pt, see ``documents/pdf/specimen.py``), runs ``pdffonts`` on it and ``pdftoppm`` (poppler-utils)
to make ``specimen-N.png``. Look at them: Song must look like Song, Kai like Kai, no boxes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coop_desktop.documents.pdf.specimen import specimen_pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/work/data/shots/pdf13/fonts"))
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = args.out / "specimen.pdf"
    with pdf.open("wb") as out:
        pages = specimen_pdf(out)
    print(f"{pdf}: {pages} page(s), {pdf.stat().st_size:,} bytes")
    if shutil.which("pdffonts") and shutil.which("pdftoppm"):
        print(subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout)
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", str(pdf),
                        str(args.out / "specimen")], check=True)
        print("\n".join(str(p) for p in sorted(args.out.glob("specimen-*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
