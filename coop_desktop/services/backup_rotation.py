"""Which backups are kept, and the clean-up of a database's backup folder.

The policy (:class:`Policy`, defaults from issue 9)
---------------------------------------------------
Within one pool of backups, a backup is kept when it is

* one of the newest ``last`` (10), or
* the newest of its calendar day, for today and the ``days - 1`` (6) days before, or
* the newest of its ISO week (Monday to Sunday), for this week and the 3 before, or
* the newest of its calendar month, for this month and the 11 before;

everything else is deleted (at most 10 + 7 + 4 + 12 = 33 survive, fewer as they overlap).
Days, weeks and months are local time; a backup dated in the future (clock changed) is
kept. Keeping the *newest* of each period makes the policy stable: once a period is over
its keeper never changes, so applying the policy after every backup keeps exactly what
applying it once to the whole history would keep (``tests/services/test_backups.py``).

Two pools
---------
Regular backups (``auto``, ``quit``, ``manual``) and backups taken before a risky operation
(``before-import``, ``before-restore``, ``before-repair``, ``before-bulk-delete``,
``before-upgrade``) are rotated **separately**, each pool with the whole policy. So a burst
of risky operations never pushes regular history out, and a ``before-*`` backup is kept at
least as long as the regular policy would keep it if it were one of the regular ones
(whatever the merged history would keep, its own pool keeps too: the pool is a subset).

After the deletions, attachment files in the folder's store that no remaining backup
refers to are deleted; if a remaining backup cannot be read (its references are then
unknown), nothing is deleted from the store.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from coop_desktop.db import backup as raw
from coop_desktop.db.backup import BackupInfo


@dataclass(frozen=True)
class Policy:
    last: int = 10
    days: int = 7
    weeks: int = 4
    months: int = 12


DEFAULT_POLICY = Policy()


def local_naive(dt: datetime) -> datetime:
    """Local wall-clock time without a time zone (an aware time is converted first)."""
    return dt.astimezone().replace(tzinfo=None) if dt.tzinfo is not None else dt


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def keep_indices(stamps: Sequence[datetime], now: datetime, policy: Policy = DEFAULT_POLICY
                 ) -> set[int]:
    """Indices of ``stamps`` (backup times, one pool) that the policy keeps at ``now``."""
    now = local_naive(now)
    when = [local_naive(s) for s in stamps]
    order = sorted(range(len(when)), key=lambda i: when[i], reverse=True)
    keep = set(order[:policy.last])
    today = now.date()
    first_day = today - timedelta(days=policy.days - 1)
    this_monday = today - timedelta(days=today.weekday())
    first_week = this_monday - timedelta(weeks=policy.weeks - 1)
    first_month = _month_index(today) - (policy.months - 1)
    days: set[date] = set()
    weeks: set[date] = set()
    months: set[int] = set()
    for i in order:  # newest first: the first one met in a period is its newest
        d = when[i].date()
        if when[i] > now:
            keep.add(i)
            continue
        if d >= first_day and d not in days:
            days.add(d)
            keep.add(i)
        monday = d - timedelta(days=d.weekday())
        if monday >= first_week and monday not in weeks:
            weeks.add(monday)
            keep.add(i)
        month = _month_index(d)
        if month >= first_month and month not in months:
            months.add(month)
            keep.add(i)
    return keep


def select(infos: Sequence[BackupInfo], now: datetime, policy: Policy = DEFAULT_POLICY
           ) -> tuple[list[BackupInfo], list[BackupInfo]]:
    """(kept, dropped): the policy applied to the regular and the risky pool separately."""
    kept: list[BackupInfo] = []
    dropped: list[BackupInfo] = []
    for risky in (False, True):
        pool = [info for info in infos if info.risky == risky]
        keep = keep_indices([info.created for info in pool], now, policy)
        for i, info in enumerate(pool):
            (kept if i in keep else dropped).append(info)
    return kept, dropped


@dataclass
class RotationReport:
    """What a rotation deleted."""

    deleted: list[Path] = field(default_factory=list)
    attachments_deleted: int = 0
    bytes_freed: int = 0


def _clean_leftovers(folder: Path) -> None:
    """Remove what a killed backup left (called under the folder lock, so nothing of it
    is in use): temporary copies, sidecars without their copy, partial attachment files."""
    for tmp in folder.glob(".backup-*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
    for sidecar in folder.glob(f"*{raw.SUFFIX}{raw.SIDECAR_SUFFIX}"):
        if not sidecar.with_name(sidecar.name[:-len(raw.SIDECAR_SUFFIX)]).exists():
            with contextlib.suppress(OSError):
                sidecar.unlink()
    for part in (folder / raw.STORE / raw.STORE_TMP).glob(".*.part"):
        with contextlib.suppress(OSError):
            part.unlink()


def rotate_folder(folder: Path, *, now: Callable[[], datetime] | None = None,
                  policy: Policy = DEFAULT_POLICY, protect: Iterable[Path] = ()
                  ) -> RotationReport:
    """Apply the policy to one database's backup folder (see the module docstring).

    ``protect``: backups never deleted by this call (a restore in progress reads one).
    """
    report = RotationReport()
    folder = Path(folder)
    if not folder.is_dir():
        return report
    protected = {Path(p).resolve() for p in protect}
    with raw.folder_lock(folder):
        _clean_leftovers(folder)
        infos = [raw.read_info(p) for p in raw.backup_files(folder)]
        kept, dropped = select(infos, now() if now else datetime.now(), policy)
        for info in dropped:
            if info.path.resolve() in protected:
                kept.append(info)
                continue
            with contextlib.suppress(OSError):
                report.bytes_freed += info.path.stat().st_size
            raw.remove_backup(info.path)
            report.deleted.append(info.path)
        if any(info.problem is not None for info in kept):
            return report  # some references unknown: delete no attachment file
        wanted = raw.referenced(kept)
        for blob in raw.store_blobs(folder / raw.STORE):
            if blob.name in wanted:
                continue
            try:
                size = blob.stat().st_size
                blob.unlink()
            except OSError:
                continue
            report.attachments_deleted += 1
            report.bytes_freed += size
    return report
