"""Dossier packages (``.coopdossier``): one application, handed from one laptop to another.

The package
-----------
A zip file (``package_format``) with exactly these members:

``manifest.json``
    ``format`` ("coop-dossier"), ``format_version`` (1), ``package_id`` (random, 32 hex),
    ``created_at`` (UTC, ISO 8601), ``app_version`` (Coop Desktop's version),
    ``schema_revision`` (the database's Alembic revision), ``made_by`` (``actor``,
    ``officer``, ``organisation_zh``, ``organisation_en`` from the sender's settings) and
    ``files``: ``name``, ``size`` (bytes) and ``sha256`` of every other member.
``dossier.json``
    The records (``package_dossier``): the application (metadata, status, revision, its
    identity ``origin``), its sections, frozen revisions (snapshots byte for byte) and
    ignored findings; the enterprise record with the time each field last changed; its
    live SRDI titles; the zone; the attachments' metadata. No contacts, interactions or
    events: the text does not draw on them, and the package carries no more personal data
    than the dossier needs.
``attachments/<sha256>``
    Each attached file (the application's own and the enterprise's general documents —
    what the PDF lists), stored uncompressed, named by its content's SHA-256.
``dossier.pdf``
    The PDF, rendered at export time (side by side; the current revision as frozen when it
    is, else the current text), when it could be made.

API
---
* :func:`export_package` ``(db, app_id, target, *, progress=None, cancelled=None,
  settings=None, include_pdf=True, today=None) -> ExportResult``; the generator
  :func:`export_iter` yields ``(done, total)`` (closing it cancels; nothing is left behind).
  The GUI splits it: :func:`prepare_export` (database lane) and :func:`write_iter` (I/O).
* :func:`inspect_package` ``(path, *, progress=None, cancelled=None) -> Package`` /
  :func:`inspect_iter`: every check, nothing written (``package_format`` lists them);
  :class:`PackageError` names the bad member (``.member``).
* :func:`plan_import` ``(db, package) -> ImportPlan``: what the import would do, the
  enterprise's differences field by field (merge rules: ``package_plan``).
* :func:`apply_import` ``(db, plan, choices, *, as_copy=False, backup_dir=None,
  progress=None, cancelled=None) -> ImportResult`` / :func:`apply_iter`: backup, files,
  one transaction (``package_apply``).
* :func:`extract_pdf` ``(package, target)``: the package's PDF, checked again, written
  atomically and privately (to look at it before importing).
"""

from __future__ import annotations

import os
from pathlib import Path

from coop_desktop import fileio
from coop_desktop.exchange.package_apply import ImportResult, apply_import, apply_iter
from coop_desktop.exchange.package_export import (
    Cancelled,
    ExportResult,
    Prepared,
    export_iter,
    export_package,
    prepare_export,
    run,
    suggested_filename,
    write_iter,
)
from coop_desktop.exchange.package_format import (
    FORMAT_VERSION,
    SUFFIX,
    Manifest,
    PackageError,
)
from coop_desktop.exchange import package_format as fmt
from coop_desktop.exchange.package_plan import (
    MINE,
    THEIRS,
    TITLES,
    AttachmentPlan,
    EarlierCopy,
    EnterprisePlan,
    FieldDifference,
    ImportPlan,
    Package,
    ZonePlan,
    inspect_iter,
    inspect_package,
    plan_import,
)

__all__ = [
    "FORMAT_VERSION", "MINE", "SUFFIX", "THEIRS", "TITLES", "AttachmentPlan", "Cancelled",
    "EarlierCopy", "EnterprisePlan", "ExportResult", "FieldDifference", "ImportPlan",
    "ImportResult", "Manifest", "Package", "PackageError", "Prepared", "ZonePlan",
    "apply_import", "apply_iter", "export_iter", "export_package", "extract_pdf",
    "inspect_iter", "inspect_package", "plan_import", "prepare_export", "run", "suggested_filename", "write_iter",
]


def extract_pdf(package: Package, target: str | os.PathLike[str]) -> Path:
    """Write the package's PDF to ``target`` (atomically, 0600) after checking its size and
    SHA-256 again; PackageError if the package has none or it changed."""
    member = package.manifest.member(fmt.PDF)
    if member is None:
        raise PackageError(fmt.MSG_MISSING, member=fmt.PDF, name=fmt.PDF)
    zf, raw, stamp = fmt.open_zip(package.path)
    try:
        if stamp != package.stamp:
            raise PackageError(fmt.MSG_CHANGED, name=package.path.name)
        info = zf.getinfo(fmt.PDF)
        with fileio.atomic_writer(Path(target), "wb") as out:
            reader = fmt.read_member(zf, info, keep=True)
            try:
                while True:
                    next(reader)
            except StopIteration as stop:
                sha, size, content = stop.value
            if sha != member.sha256 or size != member.size:
                raise PackageError(fmt.MSG_HASH, member=fmt.PDF, name=fmt.PDF)
            out.write(content)
    finally:
        fmt.close_zip(zf, raw)
    return Path(target)
