"""Benchmark: the bilingual PDF renderer on a 20-page dossier, cold and warm.

    .venv/bin/python bench/pdf.py [--repeat 20] [--runs 5] [--layout parallel] [--style both]
    .venv/bin/python bench/pdf.py --long 100000,1000000 [--timeout 600] [--root DIR]

*Cold*: a fresh Python process imports the renderer, registers the fonts (nothing loaded
yet) and renders once; the time is measured inside that process from before the import
to the PDF written (interpreter start-up itself is excluded and reported apart).
*Warm*: in this process, after one render, ``--runs`` renders of the same document; the
median and the worst are reported. ``--style``: ``official``, ``modern`` or ``both`` (the
default: one result per print style). Prints JSON. Goal: cold ≤ 2 s, warm ≤ 1 s. Not part of
the test run.

``--long SIZES``: long sections instead. For each size (characters per language) and each
shape — ``paragraphs`` (the sample's paragraphs repeated, ~150 characters each) and
``single`` (one paragraph without a line break) — a fresh process renders the sample dossier
with one more section of that size, in ``--layout``, and reports pages, wall and CPU seconds
(``timeout_s`` when it did not finish within ``--timeout``). ``--root`` measures another
checkout (before/after comparisons).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD = """
import time, io, json
t0 = time.perf_counter()
from coop_desktop.documents.pdf import render_pdf
from coop_desktop.documents.pdf.sample import sample_document
t1 = time.perf_counter()
report = render_pdf(sample_document({repeat}), io.BytesIO(), layout={layout!r}, style={style!r})
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "render_s": t2 - t1, "total_s": t2 - t0,
                  "pages": report.pages}}))
"""


def cold(repeat: int, layout: str, style: str) -> dict[str, float]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD.format(repeat=repeat, layout=layout,
                                                            style=style)],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - started
    result = json.loads(out)
    result["process_wall_s"] = wall
    return result


LONG = """
import dataclasses, io, json, sys, time
sys.path.insert(0, {root!r})
from coop_desktop.documents.pdf import render_pdf
from coop_desktop.documents.pdf import sample
from coop_desktop.documents.pdf.model import PdfSection
sep = "\\n" if {shape!r} == "paragraphs" else ""
def fill(parts, n):
    unit = sep.join(parts) + sep
    return (unit * (n // len(unit) + 1))[:n]
zh = fill(sample._PROFILE_ZH + sample._PLAN_ZH + sample._RISK_ZH, {size})
en = fill(sample._PROFILE_EN + sample._PLAN_EN + sample._RISK_EN, {size})
doc = sample.sample_document(1)
doc = dataclasses.replace(doc, sections=(PdfSection("long", "长", "Long", zh, en), *doc.sections))
wall, cpu = time.perf_counter(), time.process_time()
report = render_pdf(doc, io.BytesIO(), layout={layout!r})
print(json.dumps({{"pages": report.pages, "wall_s": round(time.perf_counter() - wall, 2),
                  "cpu_s": round(time.process_time() - cpu, 2)}}))
"""


def long_sections(sizes: list[int], layout: str, timeout: float, root: Path) -> list[dict]:
    results = []
    for size in sizes:
        for shape in ("paragraphs", "single"):
            code = LONG.format(root=str(root), shape=shape, size=size, layout=layout)
            case = {"size": size, "shape": shape, "layout": layout}
            try:
                done = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                      text=True, check=True, timeout=timeout, cwd=root)
                case |= json.loads(done.stdout)
            except subprocess.TimeoutExpired:
                case["timeout_s"] = timeout
            print(json.dumps(case), file=sys.stderr)
            results.append(case)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="sample_document(repeat=...)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--layout", default="parallel")
    parser.add_argument("--style", default="both", choices=("official", "modern", "both"))
    parser.add_argument("--long", metavar="SIZES", help="long sections: e.g. 100000,1000000")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    if args.long:
        sizes = [int(s) for s in args.long.split(",")]
        print(json.dumps({"root": str(args.root), "long_sections": long_sections(
            sizes, args.layout, args.timeout, args.root), "python": platform.python_version()},
            indent=2))
        return 0

    styles = ("official", "modern") if args.style == "both" else (args.style,)
    results = [_measure(args, style) for style in styles]
    print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
    return 0


def _measure(args: argparse.Namespace, style: str) -> dict:
    colds = [cold(args.repeat, args.layout, style) for _ in range(3)]

    from coop_desktop.documents.pdf import render_pdf
    from coop_desktop.documents.pdf.sample import sample_document

    doc = sample_document(args.repeat)
    render_pdf(doc, io.BytesIO(), layout=args.layout, style=style)  # fonts loaded, caches warm
    times, cpu, size, pages = [], [], 0, 0
    for _ in range(args.runs):
        buffer = io.BytesIO()
        started, started_cpu = time.perf_counter(), time.process_time()
        report = render_pdf(doc, buffer, layout=args.layout, style=style)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        size, pages = len(buffer.getvalue()), report.pages

    result = {
        "style": style,
        "layout": args.layout,
        "pages": pages,
        "pdf_bytes": size,
        "cold_total_s": [round(c["total_s"], 3) for c in colds],
        "cold_import_s": [round(c["import_s"], 3) for c in colds],
        "cold_render_s": [round(c["render_s"], 3) for c in colds],
        "cold_process_wall_s": [round(c["process_wall_s"], 3) for c in colds],
        "warm_median_s": round(statistics.median(times), 3),
        "warm_max_s": round(max(times), 3),
        "warm_cpu_median_s": round(statistics.median(cpu), 3),  # less noisy on a busy machine
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "goal": {"cold_s": 2.0, "warm_s": 1.0},
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    result["meets_goal"] = (max(result["cold_total_s"]) <= 2.0 and result["warm_max_s"] <= 1.0)
    return result


if __name__ == "__main__":
    sys.exit(main())
