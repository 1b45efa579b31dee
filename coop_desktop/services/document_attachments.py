"""The annex list of a dossier PDF: which attachments, under which titles, how long.

* **Which.** The application's own attachments *plus* the enterprise's general documents
  (those not attached to any application: business licence, audit reports… which go with
  every application); attachments of the enterprise's *other* applications are left out.
  For a frozen revision, the attachments that existed when it was frozen and were not in the
  recycle bin then (told by the order of the audit rows); their current name, type, expiry
  and application link are shown (the content, named by its SHA-256, cannot change).
* **Titles.** Attachments have no title field: the title is the kind (营业执照 / Business
  licence) and, when the user described the file (its note: one short line), that
  description — ``审计报告（2025年度）`` / ``Audit report (2025)``. A description written in
  Chinese is left out on the English side. The file name is never the title.
* **Length.** The page count of a PDF attachment, read with pypdf from the store (no hash
  check: the count is only shown); ``None`` when it is not a PDF or cannot be read — the
  renderer then prints the size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coop_desktop.db import Database
from coop_desktop.documents.pdf import PdfAttachment
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import ATTACHMENT_KIND_LABELS, AttachmentRead
from coop_desktop.services import applications, attachments

__all__ = ["attachment_title", "dossier_attachments", "pdf_pages"]

#: The longest description used as (part of) a title; a longer note is a note, not a title.
TITLE_NOTE_MAX = 60
#: PDF attachments larger than this are not opened to count their pages.
PAGES_MAX_BYTES = 64 * 1024 * 1024

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _aware(moment: datetime | str) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _kind_labels(kind: str) -> tuple[str, str]:
    msgid = ATTACHMENT_KIND_LABELS.get(kind)
    if msgid is None:
        return kind, kind
    return translator("zh_CN").gettext(msgid), msgid


def attachment_title(kind: str, note: str | None) -> tuple[str, str]:
    """``(title_zh, title_en)`` of an attachment (see the module docstring)."""
    kind_zh, kind_en = _kind_labels(kind)
    lines = [line.strip() for line in (note or "").splitlines() if line.strip()]
    described = lines[0] if len(lines) == 1 and len(lines[0]) <= TITLE_NOTE_MAX else ""
    if not described:
        return kind_zh, kind_en
    zh = f"{kind_zh}（{described}）"
    en = kind_en if _CJK.search(described) else f"{kind_en} ({described})"
    return zh, en


def pdf_pages(path: Path, size: int) -> int | None:
    """The page count of the PDF at ``path``, or None (not a PDF, too large, unreadable)."""
    if size > PAGES_MAX_BYTES:
        return None
    try:
        with path.open("rb") as fh:
            if fh.read(5) != b"%PDF-":
                return None
        import pypdf

        reader = pypdf.PdfReader(str(path), strict=False)
        return len(reader.pages) or None
    except Exception:  # noqa: BLE001 - any unreadable file: show the size instead
        return None


def _pages(db: Database, a: AttachmentRead) -> int | None:
    if not a.original_name.lower().endswith(".pdf"):
        return None
    from coop_desktop.services.attachment_store import blob_path

    try:
        path = blob_path(db.attachments_dir, a.sha256)
    except ValueError:
        return None
    return pdf_pages(path, a.size) if path.is_file() else None


def _pdf_attachment(db: Database, a: AttachmentRead) -> PdfAttachment:
    kind = str(getattr(a.kind, "value", a.kind))
    kind_zh, kind_en = _kind_labels(kind)
    title_zh, title_en = attachment_title(kind, a.note)
    return PdfAttachment(name=a.original_name, kind_zh=kind_zh, kind_en=kind_en,
                         sha256=a.sha256, size=a.size, expires_on=a.expires_on,
                         title_zh=title_zh, title_en=title_en, pages=_pages(db, a))


def dossier_attachments(db: Database, app_id: int, enterprise_id: int, *,
                        enterprise_documents: bool, frozen: Any = None
                        ) -> tuple[PdfAttachment, ...]:
    """See the module docstring: the application's own, then the enterprise's general ones
    (each group in the store's order: by kind, then when added). ``frozen``: the revision
    (``ApplicationRevisionRead``) whose moment of freezing counts."""
    rows = attachments.list_for(db, enterprise_id)
    if frozen is not None:  # as it was when the revision was frozen
        rows = [*rows, *attachments.list_for(db, enterprise_id, deleted=True)]
        alive = _alive_when_frozen(db, rows, frozen)
        rows = sorted((a for a in rows if a.id in alive),
                      key=lambda a: (str(a.kind), _aware(a.created_at), a.id))
    own = [a for a in rows if a.application_id == app_id]
    general = [a for a in rows if a.application_id is None] if enterprise_documents else []
    return tuple(_pdf_attachment(db, a) for a in (*own, *general))


def _alive_when_frozen(db: Database, rows: Iterable[AttachmentRead], frozen: Any) -> set[int]:
    """The ids of the attachments among ``rows`` that existed, out of the recycle bin, when
    ``frozen`` was written: told by the order of the audit rows (create / delete / restore
    before the revision's own create row), which is exact where timestamps (whole seconds)
    tie. Without audit rows, by timestamps."""
    from sqlmodel import col, func, select

    from coop_desktop.models import AuditEntry

    rows = list(rows)
    with db.read() as session:
        mark = session.exec(select(func.min(AuditEntry.id)).where(
            AuditEntry.entity == applications.REVISION_ENTITY,
            AuditEntry.entity_id == frozen.id)).one()
        if mark is None:
            moment = _aware(frozen.created_at)
            return {a.id for a in rows if _aware(a.created_at) <= moment
                    and (a.deleted_at is None or _aware(a.deleted_at) > moment)}
        ids = [a.id for a in rows]
        events = session.exec(select(AuditEntry.entity_id, AuditEntry.action).where(
            AuditEntry.entity == attachments.ENTITY, col(AuditEntry.entity_id).in_(ids),
            col(AuditEntry.action).in_(("create", "delete", "restore")),
            col(AuditEntry.id) < mark).order_by(col(AuditEntry.id))).all()
    state: dict[int, bool] = {}
    for entity_id, action in events:
        state[entity_id] = action != "delete"
    return {i for i, alive in state.items() if alive}
