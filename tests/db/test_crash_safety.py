"""A writer killed with SIGKILL at random moments loses nothing it committed.

A child process writes through the services (enterprises created, renamed and deleted,
applications created, autosaved text that grows, events and participants) and now and
then quits and starts again, as an officer does. It acknowledges each write only after the
service call has returned. The test kills it at seeded random moments — while it starts,
writes, or closes and reopens — and after each kill checks the file: ``integrity_check``
and ``foreign_key_check`` pass, the full-text index agrees with its table, every
acknowledged write is there with its value, at most the one write under way is there as
well, and nothing is half there (a record without its audit rows, or the reverse). The next
writer carries on with the same file. The same harness runs 100 kills in
``bench/crash.py``; the workers and checks are in ``storage_workers``/``storage_checks``.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

from storage_checks import TEMPLATE_KEYS, Model, read_acks, replay, verify
from storage_runs import crash_rounds, creation_kill_rounds, upgrade_kill_rounds
from storage_workers import Acks, Writer

from coop_desktop.db import migrate
from coop_desktop.db.migrate import head_revision
from coop_desktop.services import applications, enterprises, open_database

FIXTURE_DIR = Path(__file__).parent.parent / "fixtures" / "db_versions"
SEED = 20260609


def test_the_checks_catch_a_lost_or_half_applied_write(db, tmp_path):
    """The proof can fail: the same checks, given a file that lost a write or holds half
    of one, say so."""
    ack_path = tmp_path / "acks.jsonl"
    writer = Writer(db, "K", random.Random(SEED), Acks(ack_path))
    kinds = {writer.step(n)[0]["kind"] for n in range(1, 150)}
    assert kinds == {"ent_create", "ent_update", "ent_delete", "app_create", "save_draft",
                     "event_create", "participant"}
    for key, sections in TEMPLATE_KEYS.items():
        app = applications.create(db, enterprise_id=sorted(writer.ents)[0], template_key=key)
        assert tuple(s.key for s in applications.sections(db, app.value.id)) == sections
    run = replay(read_acks(ack_path))
    assert run.in_flight is None and len(run.done) == 149
    assert verify(db.path, Model(), run).ok

    saved = [op for op in run.done if op["kind"] == "save_draft" and not op["reset"]][-1]
    created = next(op for op in run.done if op["kind"] == "ent_create")
    with sqlite3.connect(db.path) as conn:
        # A lost write: the section no longer holds the last acknowledged autosave.
        conn.execute("UPDATE application_section SET zh = zh || 'x', en = en || 'x' WHERE "
                     "application_id = ? AND key = ?", (saved["id"], saved["key"]))
        # Half a write: an enterprise whose audit rows are missing.
        conn.execute("DELETE FROM audit_log WHERE entity = 'enterprise' AND entity_id = ?",
                      (created["id"],))
    conn.close()
    verdict = verify(db.path, Model(), run)
    assert not verdict.ok
    text = "\n".join(verdict.problems)
    assert f"{saved['title']} {saved['key']}/{saved['side']}: expected" in text
    assert f"enterprise {created['id']} has 0 creation audit rows" in text
    assert "is not the last audited one" in text


def test_twenty_kills_while_writing_keep_exactly_the_committed_writes(
        tmp_path, _fresh_database_file):
    path = tmp_path / "coop.sqlite"
    shutil.copyfile(_fresh_database_file, path)
    report = crash_rounds(path, tmp_path, rounds=20, seed=SEED)
    print(report.summary())
    assert report.failures == []
    assert report.rounds == 20
    # The kills hit real work: writes of every kind were acknowledged before them.
    assert report.phases["writing"] >= 10
    assert set(report.kinds) >= {"ent_create", "app_create", "save_draft", "ent_update"}
    # The application opens the file left by the last kill and finds every record.
    database, _report = open_database(path)
    try:
        assert database.verify(timeout=60)
        model = report.model
        assert enterprises.count(database) == sum(not e["deleted"] for e in model.ents.values())
        titles = {a.title_zh for a in applications.list_applications(database)}
        assert titles == set(model.apps)
    finally:
        database.close()


def test_kills_during_a_schema_upgrade_leave_the_old_revision_intact_and_openable(tmp_path):
    fixtures = [FIXTURE_DIR / "v0001.sqlite", FIXTURE_DIR / "v0003.sqlite",
                FIXTURE_DIR / "v0005.sqlite"]
    report = upgrade_kill_rounds(fixtures, tmp_path, rounds=3, seed=SEED)
    print(report.summary())
    assert report.failures == []
    assert report.rounds == 3 and report.reopened == 3
    assert report.mid_upgrade >= 1  # at least one kill came while the upgrade ran
    assert report.old_intact + report.upgraded == 3
    assert head_revision() not in {"0001", "0003", "0005"}


def test_kills_while_creating_the_database_leave_nothing_or_a_complete_one(tmp_path):
    """The very first start, killed while it creates the database, must not leave an empty
    or half-made file that the next start refuses (as it must refuse any empty file)."""
    report = creation_kill_rounds(tmp_path, rounds=2, seed=SEED)
    print(report.summary())
    assert report.failures == []
    assert report.rounds == 2 and report.reopened == 2


def test_what_killed_first_starts_left_is_removed_once_stale(tmp_path):
    path = tmp_path / "coop.sqlite"
    stale = [tmp_path / f".coop.sqlite.k1ll3d{migrate.CREATING}{suffix}" for suffix in ("", "-wal")]
    fresh = tmp_path / f".coop.sqlite.running{migrate.CREATING}"  # another first start, now
    for leftover in [*stale, fresh]:
        leftover.write_bytes(b"\0" * 4096)
    old = time.time() - migrate.STALE_CREATION_S - 60
    for leftover in stale:
        os.utime(leftover, (old, old))
    database, report = open_database(path)
    database.close()
    assert report.created
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [fresh.name]
