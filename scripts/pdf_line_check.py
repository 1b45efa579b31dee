"""Render every application of a database in every layout and read the line breaking back
from the PDFs (:mod:`coop_desktop.documents.pdf.readback`): forbidden line starts and ends,
split ——/…… pairs, and ink past a column edge.

    .venv/bin/python scripts/pdf_line_check.py --db /tmp/demo.sqlite [--cjk] [--root DIR]
        [--layouts parallel,stacked,zh,en] [--style official] [--pdfs DIR] [--show 20]

``--cjk``: render with :class:`~coop_desktop.documents.pdf.cjk_paragraph.CJKParagraph` in
place of reportlab's ``Paragraph`` in the renderer's modules (a monkeypatch: the "after"
figure before render.py switches; a left-aligned ``body_zh`` style, as render.py had
before the print styles, is justified; other styles keep their alignment). ``--root``: import ``coop_desktop`` from another checkout (e.g. a ``git archive``
of an older commit, with this checkout's ``cjk_lines.py``, ``cjk_paragraph.py`` and
``readback.py`` copied in) to measure "before". Make the database with
``coop-desktop --db X demo --enterprises 200``. Prints JSON: counts per kind and layout,
render time per page, and the first ``--show`` violations.
"""

from __future__ import annotations

import argparse
import collections
import inspect
import io
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _geometry(layout: str, style: str | None) -> list[tuple[float, float, float, float]]:
    """The text columns of the body pages, as (x0, x1, y0, y1) regions."""
    from coop_desktop.documents.pdf import render

    page_h = render.PAGE_H
    try:
        from coop_desktop.documents.pdf import styles

        s = styles.STYLES[style or "official"]
        left, width, gutter = s.margin_left, s.frame_w, s.gutter
        bottom, top = s.margin_bottom, s.margin_top
    except (ImportError, AttributeError, KeyError):
        from coop_desktop.documents.pdf import page

        left = getattr(render, "MARGIN_X", None) or page.MARGIN_X
        width = getattr(render, "FRAME_W", None) or page.FRAME_W
        gutter = render.GUTTER
        bottom, top = render.MARGIN_BOTTOM, render.MARGIN_TOP
    y0, y1 = bottom - 1, page_h - top + 1
    if layout == "parallel":
        col = (width - gutter) / 2
        return [(left, left + col, y0, y1), (left + col + gutter, left + width, y0, y1)]
    return [(left, left + width, y0, y1)]


def _per_page(regions: list, report: object):  # noqa: ANN202
    """Columns on the body pages; the full type area on the pages before the first section
    (cover, contents) and from the attachments list on (full-width tables)."""
    toc = dict(getattr(report, "toc", []) or [])
    annex = toc.pop("attachments", None)
    first = min(toc.values(), default=1)
    full = [(regions[0][0], regions[-1][1], regions[0][2], regions[0][3])]

    def columns(page: int) -> list:
        if page < first or (annex is not None and page >= annex):
            return full
        return regions

    return columns


def _patch() -> None:
    """Every ``Paragraph`` the renderer's modules build becomes a CJKParagraph."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.platypus import Paragraph

    import coop_desktop.documents.pdf as package
    from coop_desktop.documents.pdf.cjk_paragraph import CJKParagraph

    def make(text, style, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        body = style.name.startswith("body_zh") and style.alignment == TA_LEFT
        return CJKParagraph(text, style, align="justify" if body else None)

    for path in Path(package.__file__).parent.glob("*.py"):
        name = f"coop_desktop.documents.pdf.{path.stem}"
        if path.stem in ("cjk_paragraph", "cjk_lines", "readback"):
            continue
        module = __import__(name, fromlist=["x"])
        if getattr(module, "Paragraph", None) is Paragraph:
            module.Paragraph = make


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--cjk", action="store_true")
    parser.add_argument("--layouts", default="parallel,stacked,zh,en")
    parser.add_argument("--style", default=None)
    parser.add_argument("--pdfs", default=None)
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, args.root)

    from coop_desktop.db import open_database
    from coop_desktop.documents.pdf import readback, render
    from coop_desktop.services import applications, documents
    from coop_desktop.settings import AppSettings

    if args.cjk:
        _patch()
    db, _report = open_database(Path(args.db))
    settings = AppSettings()
    ids = [a.id for a in applications.list_applications(db)]
    styled = "style" in inspect.signature(render.render_pdf).parameters
    counts: dict[str, collections.Counter] = {}
    shown: list[str] = []
    pages = 0
    seconds = 0.0
    paragraphs = 0
    for layout in args.layouts.split(","):
        counter = counts.setdefault(layout, collections.Counter())
        regions = _geometry(layout, args.style)
        for app_id in ids:
            doc = documents.build_document(db, app_id, settings=settings, today=date(2026, 3, 15))
            paragraphs += sum(len([p for p in (s.zh or "").splitlines() if p.strip()])
                              + len([p for p in (s.en or "").splitlines() if p.strip()])
                              for s in doc.sections)
            buffer = io.BytesIO()
            kwargs = {"style": args.style} if styled and args.style else {}
            started = time.perf_counter()
            report = render.render_pdf(doc, buffer, layout=layout, **kwargs)
            seconds += time.perf_counter() - started
            pages += report.pages
            data = buffer.getvalue()
            if args.pdfs:
                Path(args.pdfs).mkdir(parents=True, exist_ok=True)
                Path(args.pdfs, f"app{app_id}-{layout}.pdf").write_bytes(data)
            for v in readback.violations(data, _per_page(regions, report)):
                counter[v.kind] += 1
                if len(shown) < args.show:
                    shown.append(f"app {app_id} {layout} {v}")
    db.close()
    total = sum(sum(c.values()) for c in counts.values())
    print(json.dumps({
        "root": args.root, "cjk": args.cjk, "applications": len(ids), "pages": pages,
        "paragraphs": paragraphs, "violations": total,
        "by_layout": {k: dict(v) for k, v in counts.items()},
        "render_ms_per_page": round(1000 * seconds / max(pages, 1), 2),
        "examples": shown,
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
