"""Benchmark: Chinese line breaking (cjk_lines / CJKParagraph) and the PDF read-back.

    .venv/bin/python bench/cjk_lines.py [--repeat 20] [--runs 5] [--layout parallel]

* ``breaker``: ``prepare`` + ``break_lines`` + ``segments`` of every line, over the sample
  dossier's Chinese and English paragraphs (×50), per 1,000 characters (warm caches).
* ``render``: warm renders of ``sample_document(repeat)`` in ``--layout``: as render.py is,
  and with every Paragraph of the renderer swapped for CJKParagraph (the patch of
  ``scripts/pdf_line_check.py``; the same as render.py once it switches); median and best,
  total and per page.
* ``readback``: ``readback.violations`` on that PDF, per page.

Times are CPU seconds of this process (a busy machine steals wall time, not CPU); the
load average is reported. Prints JSON. Not part of the test run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _timed(fn, runs: int) -> list[float]:  # noqa: ANN001
    """CPU seconds of each run (this process only: other processes on a busy machine do
    not count; the renderer is single-threaded, so CPU ≈ wall on an idle machine)."""
    out = []
    for _ in range(runs):
        started = time.process_time()
        fn()
        out.append(time.process_time() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--layout", default="parallel")
    args = parser.parse_args()

    from coop_desktop.documents.pdf import cjk_lines as cl
    from coop_desktop.documents.pdf import fonts, readback, render, sample

    fonts.ensure_main_fonts()
    texts = [(t, False) for t in sample._PROFILE_ZH + sample._PLAN_ZH + sample._RISK_ZH] + [
        (t, True) for t in sample._PROFILE_EN + sample._PLAN_EN + sample._RISK_EN]
    runs = [[cl.Run(chunk, font or fonts.REGULAR, 10.0)
             for font, chunk in fonts.runs(text, western=western)] for text, western in texts]
    chars = sum(len(t) for t, _ in texts) * 50

    def breaker() -> None:
        for _ in range(50):
            for r in runs:
                p = cl.prepare(r)
                for line in cl.break_lines(p, 211.0, indent=20.0):
                    cl.segments(p, line)

    breaker()
    times = _timed(breaker, args.runs)
    result: dict[str, object] = {
        "load_average": os.getloadavg(),
        "breaker_ms_per_1000_chars": round(1000 * min(times) / chars * 1000, 3),
    }
    doc = sample.sample_document(args.repeat)

    def render_once() -> bytes:
        buffer = io.BytesIO()
        render.render_pdf(doc, buffer, layout=args.layout)
        return buffer.getvalue()

    data = render_once()
    pages = len(readback.line_report(data))
    plain = _timed(render_once, args.runs)
    import pdf_line_check

    pdf_line_check._patch()
    data = render_once()
    patched = _timed(render_once, args.runs)
    check = _timed(lambda: readback.violations(data, [(0, 1000)]), max(1, args.runs // 2))
    result.update({
        "layout": args.layout, "pages": pages,
        "render_as_is_s": {"median": round(statistics.median(plain), 3),
                           "best": round(min(plain), 3),
                           "ms_per_page": round(1000 * statistics.median(plain) / pages, 1)},
        "render_cjk_s": {"median": round(statistics.median(patched), 3),
                         "best": round(min(patched), 3),
                         "ms_per_page": round(1000 * statistics.median(patched) / pages, 1)},
        "readback_ms_per_page": round(1000 * min(check) / pages, 1),
    })
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
