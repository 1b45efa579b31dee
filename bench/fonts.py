"""Benchmark: registering each PDF face with reportlab, in fresh processes.

    .venv/bin/python bench/fonts.py [--runs 5]

Each run is a new Python process that imports ``coop_desktop.documents.pdf.fonts`` and
reportlab's TrueType module (timed apart), then registers every face of
``fonts.STYLE_FACES`` (Noto Sans SC Regular/Bold first, as ``ensure_style_fonts`` does) and
reads ``fonts.registration_times()``: per face, reading and parsing the file and building its
character set. Prints JSON: per face the median and worst over the runs, the total, and the
load average. ``--loader reportlab`` parses with reportlab's own ``TTFont`` instead of
``documents/pdf/ttf_load.py`` (before/after in the same conditions: runs alternate when
``--loader both``). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys, time
t0 = time.perf_counter()
from coop_desktop.documents.pdf import fonts
import reportlab.pdfbase.ttfonts, reportlab.pdfbase.pdfmetrics
if sys.argv[1] == "reportlab":
    from coop_desktop.documents.pdf import ttf_load
    ttf_load.load_ttfont = reportlab.pdfbase.ttfonts.TTFont
t1 = time.perf_counter()
fonts.ensure_style_fonts()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "all_s": t2 - t1, "faces": fonts.registration_times()}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--loader", choices=["fast", "reportlab", "both"], default="fast")
    args = parser.parse_args(argv)
    loaders = ["fast", "reportlab"] if args.loader == "both" else [args.loader]
    results: dict[str, list[dict]] = {loader: [] for loader in loaders}
    load_before = os.getloadavg()
    for _ in range(args.runs):
        for loader in loaders:
            out = subprocess.run([sys.executable, "-c", PROBE, loader], capture_output=True,
                                 text=True, check=True, cwd=ROOT)
            results[loader].append(json.loads(out.stdout))
    report: dict[str, object] = {"runs": args.runs,
                                 "loadavg_before_after": [load_before, os.getloadavg()]}
    for loader, runs in results.items():
        faces = {name: [r["faces"][name] for r in runs] for name in runs[0]["faces"]}
        report[loader] = {
            "import_s_median": round(statistics.median(r["import_s"] for r in runs), 3),
            "all_faces_s_median": round(statistics.median(r["all_s"] for r in runs), 3),
            "per_face_ms": {name: {"median": round(statistics.median(v) * 1000, 1),
                                   "worst": round(max(v) * 1000, 1)}
                            for name, v in faces.items()},
        }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
