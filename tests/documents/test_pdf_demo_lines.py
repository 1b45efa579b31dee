"""Every kind of demo document, printed in every layout and both print styles, read back from
the PDF: no line starts with closing punctuation or ends with opening punctuation, no ——/……
pair is split, and no glyph's ink passes a column edge.

The positions come from the PDF itself (:mod:`coop_desktop.documents.pdf.readback`: pypdf and
the embedded fonts), not from the layout code. One application of each (template, workflow
state) pair the demo makes — all three templates, every state — is rendered in the four
layouts and the two styles. (``test_cjk_paragraph`` shows the reader finds violations when
they are there.)
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from coop_desktop import demo
from coop_desktop.services import open_database
from coop_desktop.documents.pdf import readback, render
from coop_desktop.documents.pdf.styles import STYLES
from coop_desktop.models import ApplicationStatus
from coop_desktop.services import applications, documents
from coop_desktop.settings import AppSettings

DAY = date(2026, 3, 15)


def _columns(layout: str, style: str, report: render.RenderReport):
    """The text columns of body pages; the full type area before the first section (cover,
    contents) and from the annex list on."""
    s = STYLES[style]
    y0, y1 = s.margin_bottom - 1, render.PAGE_H - s.margin_top + 1
    left, width = s.margin_left, s.frame_w
    if layout == "parallel":
        col = (width - s.gutter) / 2
        body = [(left, left + col, y0, y1), (left + col + s.gutter, left + width, y0, y1)]
    else:
        body = [(left, left + width, y0, y1)]
    full = [(left, left + width, y0, y1)]
    toc = dict(report.toc)
    annex = toc.pop("attachments", None)
    first = min(toc.values(), default=1)

    def columns(page: int) -> list:
        if page < first or (annex is not None and page >= annex):
            return full
        return body

    return columns


@pytest.fixture(scope="module")
def demo_documents(tmp_path_factory: pytest.TempPathFactory):
    db, _report = open_database(tmp_path_factory.mktemp("demo-pdf") / "d.sqlite", actor="t")
    demo.generate(db, enterprises=120, seed=42)
    picked: dict[tuple[str, str], int] = {}
    for app in applications.list_applications(db):
        status = str(getattr(app.status, "value", app.status))
        picked.setdefault((app.template_key, status), app.id)
    settings = AppSettings()
    docs = {key: documents.build_document(db, app_id, settings=settings, today=DAY)
            for key, app_id in sorted(picked.items())}
    db.close()
    return docs


def test_the_demo_has_every_template_and_state(demo_documents):
    templates = {t for t, _s in demo_documents}
    states = {s for _t, s in demo_documents}
    assert templates == {"company_profile", "overseas_dossier", "zone_application"}
    assert states == {s.value for s in ApplicationStatus}


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("layout", render.LAYOUTS)
def test_every_demo_document_breaks_its_lines_by_the_rules(demo_documents, layout, style):
    found = []
    pages = 0
    for (template, status), doc in demo_documents.items():
        buffer = io.BytesIO()
        report = render.render_pdf(doc, buffer, layout=layout, style=style)
        pages += report.pages
        for v in readback.violations(buffer.getvalue(), _columns(layout, style, report)):
            found.append(f"{template}/{status}: {v}")
    assert pages > len(demo_documents)  # something was printed and read
    assert found == [], "\n".join(found[:20])
