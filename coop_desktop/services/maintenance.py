"""Check and repair a database and its attachment store (``coop-desktop check [--repair]``
and the app's menu entry).

API
---
* :func:`check_iter` ``(db) -> Generator[(done, total), None, CheckReport]`` — every check
  below, reading only; yields progress for a progress dialog, returns the report
  (``StopIteration.value``). Closing the generator stops it (a long SQLite statement is
  interrupted).
* :func:`check` ``(db, progress=None) -> CheckReport`` — the same, run to the end.
* :func:`repair_iter` ``(db, *, backup_dir, report=None) -> Generator[(done, total), None,
  RepairReport]`` — check (unless given the ``report`` the user has just seen), then a
  verified backup (``backups.take_backup(db, reason="before-repair")``), then every
  repair in ONE database transaction, then the file repairs, then a full check again
  (``RepairReport.after``). Closing the generator before the database transaction has
  committed rolls it back (a backup being taken is waited for).
* :func:`repair` ``(db, *, backup_dir, report=None, progress=None) -> RepairReport``.
* Reports and findings: ``maintenance_report`` (:class:`CheckReport`, :class:`Finding`,
  :class:`RepairReport`, :class:`Change`); every text is a message id with parameters,
  ``render(tr)`` in the reader's language, ``to_dict(tr)`` for JSON. A finding's ``kind``
  (table below) is stable, for programs; ``count`` is how many rows, files or indexes it
  is about; ``details`` (untranslated: ids, names, SQLite's words) list up to 20 of them;
  ``subject`` names the indexes, tables or hashes concerned.

This module is the front; the work is in ``maintenance_check`` (the checks),
``maintenance_repair`` (the repairs), ``maintenance_db`` (SQLite: integrity, foreign keys,
full-text indexes, orphans — its docstring explains how an FTS index is compared with its
table), ``maintenance_progress`` and, for the attachment store, ``attachments`` /
``attachment_store``.

A damaged file is checked too: open it with ``db.open_read_only`` and pass that database
(the command line does so when ``open_database`` refuses the file as damaged);
``db.damage``, if set, is reported. Repair refuses a damaged file (nothing is written to
it; the advice is to restore a backup — never ``.recover`` on the live file) and a
read-only database.

What is checked, and what repair does
-------------------------------------
====================================  ======================================================
finding ``kind`` (severity)           check → repair
====================================  ======================================================
``database_damaged`` (damage)         ``PRAGMA integrity_check`` reports damage other than in
                                      indexes, or SQLite calls the file malformed while it is
                                      read, or ``db.damage`` is set → not repairable in place:
                                      restore a backup.
``index_damaged`` (problem)           ``integrity_check`` lines that are all index problems
                                      (row missing from index, wrong number of entries,
                                      non-unique entry) → ``REINDEX`` each index named.
``fts_triggers_missing`` (problem)    a trigger of ``db.sqlite.FTS_DDL`` is gone (a batch
                                      migration recreating ``enterprise`` drops them) →
                                      re-created, and the indexes rebuilt.
``fts_out_of_step`` (problem)         an external-content FTS5 index differs from its table
                                      (``maintenance_db.fts_check``) → ``'rebuild'``.
``orphan_references`` (problem)       ``PRAGMA foreign_key_check``: a *nullable* reference to
                                      a row that does not exist (``application.zone_id``,
                                      ``attachment.application_id``, ``tm_unit.application_id``,
                                      ``event_participation.interaction_id``…) → set to NULL,
                                      the record kept, the old value written to the change
                                      history (one ``update`` entry per row, actor
                                      ``db.actor``).
``orphan_rows`` (damage)              ``foreign_key_check``: a row whose *required* parent does
                                      not exist (a contact without its enterprise, a section
                                      without its application) → left alone: deleting it
                                      would lose data a backup could restore. Advice: restore.
``audit_orphans`` (damage)            change-history entries about a record that does not
                                      exist, although that kind is never deleted for good
                                      (``maintenance_db.audit_orphans``) → kept (they are the
                                      last trace of a lost record); advice: look in a backup.
``attachment_wrong_application``      an attachment linked to an application of another
(problem)                             enterprise → not repairable (which one is right?):
                                      the user picks the application.
``attachment_missing`` (damage)       a referenced file is in no store → not repairable:
                                      restore the folder from a backup or attach again.
``attachment_damaged`` (damage)       the primary copy fails its SHA-256 and no intact copy
                                      exists elsewhere → not repairable; attaching the same
                                      file again repairs it.
``attachment_elsewhere`` (problem)    the primary copy is missing or damaged but an intact
                                      copy is in another store (``attachment_store``) →
                                      copied into the primary store ("adopted"), hash checked.
``attachment_partial_files``          stray ``*.part`` files of killed copies (unlocked and
(problem)                             untouched for 10 minutes) → removed.
``attachment_store_not_private``      store folders or files others can read (POSIX) →
(problem)                             ``chmod`` to owner only.
``attachment_unreferenced`` (notice)  stored files no attachment refers to → kept (a backup
                                      may still refer to them); a notice only.
====================================  ======================================================

Rows in the recycle bin are ordinary rows here: a live record under a parent in the bin
is how the recycle bin works, not an orphan. A second repair reports nothing: every
repair is idempotent, and ``RepairReport.after`` is a full check that proves it.
"""

from __future__ import annotations

from coop_desktop.services.maintenance_check import (  # noqa: F401 - the public API
    F_ATT_DAMAGED,
    F_ATT_ELSEWHERE,
    F_ATT_MISSING,
    F_ATT_NOT_PRIVATE,
    F_ATT_PARTIAL,
    F_ATT_UNREFERENCED,
    F_AUDIT_ORPHANS,
    F_DB_DAMAGED,
    F_FTS_ROWS,
    F_FTS_TEXT,
    F_FTS_TRIGGERS,
    F_INDEX_DAMAGED,
    F_ORPHAN_REFS,
    F_ORPHAN_ROWS,
    F_WRONG_APPLICATION,
    TABLE_LABELS,
    check,
    check_iter,
)
from coop_desktop.services.maintenance_progress import TOTAL  # noqa: F401
from coop_desktop.services.maintenance_repair import (  # noqa: F401
    C_ADOPTED,
    C_FTS,
    C_FTS_TRIGGERS,
    C_ORPHAN_REFS,
    C_PARTIAL,
    C_PRIVATE,
    C_REINDEX,
    R_DAMAGED,
    R_FAILED,
    repair,
    repair_iter,
)
from coop_desktop.services.maintenance_report import (  # noqa: F401
    Change,
    CheckReport,
    Finding,
    Note,
    RepairReport,
    Severity,
)

__all__ = ["Change", "CheckReport", "Finding", "Note", "RepairReport", "Severity", "check",
           "check_iter", "repair", "repair_iter"]
