"""Regenerate the PDF review images in ``docs/pdf-review/`` from the demo data, both styles.

    .venv/bin/python scripts/pdf_review.py [--db DEMO.sqlite] [--out docs/pdf-review]

Without ``--db`` a fresh 500-enterprise demo database is made in a temporary folder (the
demo is deterministic). Three small PDFs are attached to a submitted zone application, so
that its annex list has titles and page counts. Then, for each print style (official,
modern), these are exported through the same service as ``coop-desktop pdf`` (``--force``:
demo texts still hold 【待填写】 gaps) and pages are drawn at 70 dpi with ``pdftoppm``:

* the zone application (submitted), side by side: cover, table of contents, first body
  page, the page with the annex list, the page with the declaration and the signature block;
* the same application, Chinese then English: a body page;
* the same application, Chinese only: a body page;
* a company profile (ready): its pages (one or two, no cover);
* an overseas dossier (draft): a body page with the 草稿 / DRAFT watermark.

Writes ``<style>-<name>.png`` and the PDFs' page counts to ``README.md`` in the output folder.
Needs poppler-utils (``pdftoppm``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STYLES = ("official", "modern")


def _demo(folder: Path) -> Path:
    db = folder / "demo.sqlite"
    subprocess.run([sys.executable, "-m", "coop_desktop.cli", "--db", str(db), "demo",
                    "--enterprises", "500"], check=True, cwd=ROOT, capture_output=True)
    return db


def _small_pdf(path: Path, title: str, pages: int) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 14)
        canvas.drawString(72, 760, f"{title} - page {n}")
        canvas.showPage()
    canvas.save()
    return path


def _pick(db, template: str, status: str) -> int:  # noqa: ANN001
    from sqlmodel import select

    from coop_desktop.models import Application

    with db.read() as session:
        rows = session.exec(select(Application.id).where(
            Application.template_key == template, Application.status == status)
            .order_by(Application.id)).all()
    if not rows:
        raise SystemExit(f"no {status} {template} in the demo data")
    return int(rows[0])


def _attach(db, app_id: int, folder: Path) -> None:  # noqa: ANN001
    from coop_desktop.models import Application, AttachmentKind
    from coop_desktop.services import attachments

    with db.read() as session:
        enterprise_id = session.get(Application, app_id).enterprise_id
    if attachments.list_for(db, enterprise_id, app_id):
        return
    for kind, note, pages, name in (
            (AttachmentKind.LICENCE, "副本", 1, "scan_0001.pdf"),
            (AttachmentKind.AUDIT_REPORT, "2025年度", 3, "audit-2025-final(2).pdf"),
            (AttachmentKind.IP_CERTIFICATE, None, 2, "ZL2019-cert.pdf")):
        path = _small_pdf(folder / name, name, pages)
        attachments.add(db, path, enterprise_id=enterprise_id, application_id=app_id, kind=kind,
                        note=note)


def _page_with(pdf: Path, *needles: str) -> int:
    import pypdf

    reader = pypdf.PdfReader(pdf)
    for number, page in enumerate(reader.pages, 1):
        text = "".join(page.extract_text().split())
        if all(n in text for n in needles):
            return number
    return len(reader.pages)


def _draw(pdf: Path, page: int, out: Path) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(page), "-l",
                    str(page), str(pdf), str(stem)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a demo database (default: a fresh one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pdf-review")
    args = parser.parse_args()
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm (poppler-utils) is needed")

    from coop_desktop.services import documents, open_database

    work = Path(tempfile.mkdtemp(prefix="pdf-review-"))
    db_path = args.db or _demo(work)
    db, _ = open_database(db_path, actor="pdf-review")
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    lines = []
    try:
        zone = _pick(db, "zone_application", "submitted")
        profile = _pick(db, "company_profile", "ready")
        dossier = _pick(db, "overseas_dossier", "draft")
        _attach(db, zone, work)
        for style in STYLES:
            shots: list[tuple[str, Path, int]] = []

            def export(app_id: int, layout: str, name: str, style: str = style) -> Path:
                pdf = work / f"{style}-{name}.pdf"
                result = documents.export_pdf(db, app_id, pdf, layout=layout, style=style,
                                              force=True)
                lines.append(f"- `{style}-{name}`: application {app_id}, {layout}, "
                             f"{result.pages} pages")
                return pdf

            pdf = export(zone, "parallel", "zone-parallel")
            closing = _page_with(pdf, "申报单位（盖章）")
            annex = _page_with(pdf, "附件：")
            shots += [("1-cover", pdf, 1), ("2-contents", pdf, 2), ("3-body-parallel", pdf, 3),
                      ("4-annexes", pdf, annex)]
            if closing != annex:
                shots.append(("5-declaration", pdf, closing))
            pdf = export(zone, "stacked", "zone-stacked")
            shots.append(("6-body-stacked", pdf, 3))
            pdf = export(zone, "zh", "zone-zh")
            shots.append(("7-body-chinese", pdf, 3))
            pdf = export(profile, "parallel", "profile")
            import pypdf

            for n in range(1, len(pypdf.PdfReader(pdf).pages) + 1):
                shots.append((f"8-company-profile-p{n}", pdf, n))
            pdf = export(dossier, "parallel", "dossier-draft")
            shots.append(("9-draft-watermark", pdf, 3))
            for name, source, page in shots:
                _draw(source, page, out / f"{style}-{name}.png")
    finally:
        db.close()
    readme = out / "README.md"
    readme.write_text(
        "# PDF review images\n\n"
        "Made by `scripts/pdf_review.py` from the 500-enterprise demo data (70 dpi), in both\n"
        "print styles (`official` 公文 and `modern`). Files: `<style>-<n>-<what>.png`.\n\n"
        "The PDFs they come from:\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {len(list(out.glob('*.png')))} images to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
