"""Worker processes for the storage proofs: writers that say what they committed.

A worker writes through the services (enterprises, applications with autosaved text that
grows, events and participants) and reports on an acknowledgement file, one JSON line per
``os.write``: ``intent`` before each service call (everything needed to recognise the
write in the file), ``done`` once the call has returned (the transaction is committed).
A line is on the file as soon as ``os.write`` returns, so a SIGKILL loses nothing that was
acknowledged; a line cut short by the kill is dropped by the reader.

Workers run in processes forked from a ``multiprocessing`` fork server that has imported
the services once (:func:`context`): a worker starts in milliseconds instead of the
~1.5 s an interpreter needs to import them, so a test can afford many runs. Each worker
opens the database itself, after the fork, like a freshly started application.

Used by ``test_crash_safety``, ``test_concurrency`` and ``bench/crash.py``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sqlite3
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from storage_checks import APP_PREFIX, ENT_PREFIX, EVENT_PREFIX, PREFIX, sha

PRELOAD = ["storage_workers", "storage_checks", "coop_desktop.services.enterprises",
           "coop_desktop.services.applications", "coop_desktop.services.events",
           "coop_desktop.services.reference", "coop_desktop.cli"]
#: Text in a section is started afresh once it is this long (an input limit may apply).
TEXT_CAP = 20_000
_HAN = "的一是在不有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def context() -> Any:
    """The ``multiprocessing`` context the workers run in (a fork server, services loaded)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def child_env() -> dict[str, str]:
    """The variables a worker must see (the fork server keeps the environment it started
    with, which may be another test's)."""
    keys = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "HOME", "COOP_DESKTOP_DB")
    return {k: os.environ[k] for k in keys if k in os.environ}


def _setup(env: dict[str, str]) -> None:
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "COOP_DESKTOP_DB"):
        os.environ.pop(key, None)
    os.environ.update(env)


class Acks:
    """The acknowledgement file: one complete line per ``os.write``."""

    def __init__(self, path: str | Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def __call__(self, ev: str, **fields: Any) -> None:
        line = json.dumps({"ev": ev, **fields}, ensure_ascii=False) + "\n"
        os.write(self.fd, line.encode("utf-8"))


def make_uscc(tag: str, n: int) -> str:
    from coop_desktop.validation import uscc_check_char

    body = "91440300" + str(ord(tag) % 10) + f"{n:08d}"
    return body + uscc_check_char(body)


# ---------------------------------------------------------------- a writer
class Writer:
    """Chooses and makes writes on the rows of its own ``tag`` (seeded, reproducible)."""

    def __init__(self, db: Any, tag: str, rng: random.Random, ack: Acks) -> None:
        self.db, self.tag, self.rng, self.ack = db, tag, rng, ack
        self.ents: dict[int, str] = {}                 # live enterprise id -> uscc
        self.apps: dict[int, dict[str, Any]] = {}      # id -> title, texts
        self.events: dict[int, str] = {}               # id -> name
        self.parts: set[tuple[int, int]] = set()       # (event id, enterprise id)
        self.load()

    def _mine(self, prefix: str) -> str:
        return f"{prefix}{self.tag}-%"

    def load(self) -> None:
        """What this writer's rows hold now (read at start, as the app would)."""
        from sqlalchemy import text

        # ``db.read()``: a unit of work that never takes the write lock (``db.session()`` on
        # code from before it existed, for before/after figures in bench/).
        with getattr(self.db, "read", self.db.session)() as s:
            conn = s.connection()
            self.ents = dict(conn.execute(text(
                "SELECT id, uscc FROM enterprise WHERE name_zh LIKE :p AND deleted_at IS NULL "
                "ORDER BY id"), {"p": self._mine(ENT_PREFIX)}).all())
            for app_id, title in conn.execute(text(
                    "SELECT id, title_zh FROM application WHERE title_zh LIKE :p ORDER BY id"),
                    {"p": self._mine(APP_PREFIX)}).all():
                texts = {}
                for key, zh, en in conn.execute(text(
                        "SELECT key, zh, en FROM application_section WHERE application_id = :a "
                        "ORDER BY position"), {"a": app_id}).all():
                    texts[f"{key}/zh"], texts[f"{key}/en"] = zh, en
                self.apps[app_id] = {"title": title, "texts": texts}
            self.events = dict(conn.execute(text(
                "SELECT id, name_zh FROM event WHERE name_zh LIKE :p ORDER BY id"),
                {"p": self._mine(EVENT_PREFIX)}).all())
            self.parts = {tuple(r) for r in conn.execute(text(  # type: ignore[misc]
                "SELECT event_id, enterprise_id FROM event_participation")).all()}

    def step(self, n: int) -> tuple[dict[str, Any], float]:
        """Make one write (acknowledged); returns it and how long the service call took."""
        op = self.choose(n)
        self.ack("intent", n=n, **{k: v for k, v in op.items() if k != "text"})
        started = time.perf_counter()
        result = self.perform(op)
        took = time.perf_counter() - started
        self.ack("done", n=n, s=round(took, 5), **result)
        return op | result, took

    def choose(self, n: int) -> dict[str, Any]:
        rng, tag = self.rng, self.tag
        roll = rng.random()
        ents = sorted(self.ents)
        if not ents or roll < 0.18:
            return {"kind": "ent_create", "uscc": make_uscc(tag, n),
                    "name": f"{ENT_PREFIX}{tag}-{n}有限公司"}
        if roll < 0.33:
            target = rng.choice(ents)
            return {"kind": "ent_update", "id": target, "uscc": self.ents[target],
                    "name_en": f"Storage Test {tag}-{n} Co., Ltd."}
        if roll < 0.36 and len(ents) > 3:
            target = rng.choice(ents)
            return {"kind": "ent_delete", "id": target, "uscc": self.ents[target]}
        if roll < 0.45 or not self.apps:
            target = rng.choice(ents)
            return {"kind": "app_create", "enterprise_id": target, "uscc": self.ents[target],
                    "template": rng.choice(("zone_application", "company_profile")),
                    "title": f"{APP_PREFIX}{tag}-{n}"}
        if roll < 0.86:
            app_id = rng.choice(sorted(self.apps))
            app = self.apps[app_id]
            slot = rng.choice(sorted(app["texts"]))
            key, side = slot.split("/")
            prev = app["texts"][slot]
            reset = not prev.startswith(PREFIX) or len(prev) > TEXT_CAP
            size = rng.randint(20, 1500)
            chunk = f"[{tag}{n}]" + "".join(rng.choice(_HAN) for _ in range(size)) + "\n"
            new = (PREFIX if reset else prev) + chunk
            return {"kind": "save_draft", "id": app_id, "title": app["title"], "key": key,
                    "side": side, "reset": reset, "chunk": chunk, "sha": sha(new), "text": new}
        if roll < 0.92 or not self.events:
            return {"kind": "event_create", "name": f"{EVENT_PREFIX}{tag}-{n}",
                    "starts_on": (date(2026, 1, 1) + timedelta(days=n % 700)).isoformat()}
        free = [(e, x) for e in sorted(self.events) for x in ents if (e, x) not in self.parts]
        if not free:
            return {"kind": "ent_create", "uscc": make_uscc(tag, n),
                    "name": f"{ENT_PREFIX}{tag}-{n}有限公司"}
        event_id, ent_id = rng.choice(free)
        return {"kind": "participant", "event_id": event_id, "enterprise_id": ent_id,
                "event": self.events[event_id], "uscc": self.ents[ent_id]}

    def perform(self, op: dict[str, Any]) -> dict[str, Any]:
        from coop_desktop.services import applications, enterprises, events
        from coop_desktop.settings import AppSettings

        kind, db = op["kind"], self.db
        if kind == "ent_create":
            row = enterprises.create(db, {"name_zh": op["name"], "uscc": op["uscc"]}).value
            self.ents[row.id] = op["uscc"]
            return {"id": row.id}
        if kind == "ent_update":
            enterprises.update(db, op["id"], {"name_en": op["name_en"]})
            return {}
        if kind == "ent_delete":
            enterprises.delete(db, [op["id"]])
            del self.ents[op["id"]]
            return {}
        if kind == "app_create":
            app = applications.create(db, enterprise_id=op["enterprise_id"],
                                      template_key=op["template"], title_zh=op["title"],
                                      settings=AppSettings(), today=date(2026, 3, 1)).value
            texts = {}
            for s in applications.sections(db, app.id):
                texts[f"{s.key}/zh"], texts[f"{s.key}/en"] = s.zh, s.en
            self.apps[app.id] = {"title": op["title"], "texts": texts}
            return {"id": app.id}
        if kind == "save_draft":
            text = op.pop("text")
            applications.save_draft(db, op["id"], op["key"], **{op["side"]: text})
            self.apps[op["id"]]["texts"][f"{op['key']}/{op['side']}"] = text
            return {}
        if kind == "event_create":
            row = events.events.create(db, {"name_zh": op["name"], "kind": "matchmaking",
                                            "starts_on": op["starts_on"]}).value
            self.events[row.id] = op["name"]
            return {"id": row.id}
        if kind == "participant":
            events.add_participant(db, {"event_id": op["event_id"],
                                        "enterprise_id": op["enterprise_id"]})
            self.parts.add((op["event_id"], op["enterprise_id"]))
            return {}
        raise AssertionError(kind)


def _fail(ack: Acks, exc: BaseException) -> None:
    ack("error", type=type(exc).__name__, message=str(exc)[:500],
        trace=traceback.format_exc()[-3000:])
    os._exit(3)


# ---------------------------------------------------------------- crash writer
def _warm_up() -> None:
    """Load what a running app has loaded by its first save: the pinyin dictionaries load on
    the first name converted (``coop_desktop.text``, 0.15-0.5 s), which would otherwise eat
    into the window in which the parent kills or times the writer."""
    from coop_desktop import text

    text.pinyin("华为")


def crash_writer(db_path: str, ack_path: str, seed: int, first_n: int,
                 env: dict[str, str]) -> None:
    """Write until killed; now and then quit and start again (close, checkpoint, open),
    as an officer does, so that kills also land in those."""
    _setup(env)
    ack = Acks(ack_path)
    try:
        from coop_desktop.services import open_database

        rng = random.Random(seed)
        db, _report = open_database(db_path, actor="crash-writer")
        writer = Writer(db, "K", rng, ack)
        _warm_up()
        ack("ready", ents=len(writer.ents), apps=len(writer.apps))
        n = first_n
        restart_at = n + rng.randint(10, 40)
        while True:
            if n >= restart_at:
                ack("restart")
                db.close()
                db, _report = open_database(db_path, actor="crash-writer")
                writer.db = db
                ack("restarted")
                restart_at = n + rng.randint(10, 40)
            writer.step(n)
            n += 1
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails
        _fail(ack, exc)


# ---------------------------------------------------------------- migration under kill
def migrating_opener(db_path: str, ack_path: str, backup_dir: str, env: dict[str, str]) -> None:
    """Open an old database (backup, upgrade, reference data), saying when the upgrade runs."""
    _setup(env)
    ack = Acks(ack_path)
    try:
        from coop_desktop.db import migrate
        from coop_desktop.services import open_database

        original = migrate.upgrade

        def upgrade(engine: Any, revision: str = "head") -> None:
            ack("upgrade-start", t=time.perf_counter())
            original(engine, revision)
            ack("upgrade-end", t=time.perf_counter())

        migrate.upgrade = upgrade
        ack("start", t=time.perf_counter())
        db, report = open_database(db_path, backup_dir=Path(backup_dir), actor="upgrader")
        ack("opened", t=time.perf_counter(), revision=report.to_revision)
        db.close()
        ack("closed", t=time.perf_counter())
    except BaseException as exc:  # noqa: BLE001
        _fail(ack, exc)


# ---------------------------------------------------------------- creation under kill
def creating_opener(db_path: str, ack_path: str, env: dict[str, str]) -> None:
    """Open a database that does not exist yet (the first start): it is created."""
    _setup(env)
    ack = Acks(ack_path)
    try:
        from coop_desktop.services import open_database

        ack("start", t=time.perf_counter())
        db, report = open_database(db_path, actor="first-start")
        ack("opened", t=time.perf_counter(), created=report.created)
        db.close()
        ack("closed", t=time.perf_counter())
    except BaseException as exc:  # noqa: BLE001
        _fail(ack, exc)


# ---------------------------------------------------------------- concurrent writers
def loop_writer(db_path: str, ack_path: str, tag: str, seed: int, seconds: float, go: Any,
                env: dict[str, str], shared_id: int | None = None,
                busy_timeout_ms: int | None = None, stop: Any = None) -> None:
    """Write for ``seconds`` once ``go`` is set, or until ``stop`` is set; a failed write is
    acknowledged as ``fail`` (with SQLite's or our message) and the loop goes on.
    ``shared_id`` is an enterprise every writer also updates (the contended row)."""
    _setup(env)
    ack = Acks(ack_path)
    try:
        from coop_desktop.db import sqlite as sqlite_impl
        from coop_desktop.services import enterprises, open_database

        if busy_timeout_ms is not None:
            sqlite_impl.BUSY_TIMEOUT_MS = busy_timeout_ms
        rng = random.Random(seed)
        db, _report = open_database(db_path, actor=f"writer-{tag}")
        writer = Writer(db, tag, rng, ack)
        _warm_up()
        ack("ready")
        go.wait()
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end and not (stop is not None and stop.is_set()):
            n += 1
            try:
                if shared_id is not None and rng.random() < 0.15:
                    value = f"Shared {tag}-{n}"
                    ack("intent", n=n, kind="shared_update", id=shared_id, name_en=value)
                    started = time.perf_counter()
                    enterprises.update(db, shared_id, {"name_en": value})
                    ack("done", n=n, s=round(time.perf_counter() - started, 5))
                else:
                    writer.step(n)
            except Exception as exc:  # noqa: BLE001 - counted by the parent
                ack("fail", n=n, type=type(exc).__name__, message=str(exc)[:300])
        ack("finished", writes=n)
        db.close()
    except BaseException as exc:  # noqa: BLE001
        _fail(ack, exc)


# ---------------------------------------------------------------- saves the disk refuses
def _try_save(ack: Acks, label: str, save: Any) -> None:
    try:
        save()
        ack(label, ok=True)
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        from coop_desktop.i18n.catalog import translator

        render = getattr(exc, "render", None)
        ack(label, ok=False, type=type(exc).__name__, message=str(exc),
            zh=render(translator("zh_CN")) if render else None,
            cause=repr(getattr(exc, "__cause__", None)))


def saver_on_a_full_disk(db_path: str, ack_path: str, app_id: int, text: str,
                         env: dict[str, str]) -> None:
    """Autosave ``text`` while the process may not write past 128 KiB into any file
    (``RLIMIT_FSIZE``: the write of the log at COMMIT comes up short, as on a full disk);
    then with the limit lifted, save it again."""
    import resource
    import signal

    _setup(env)
    ack = Acks(ack_path)
    try:
        from coop_desktop.db import sqlite as sqlite_impl
        from coop_desktop.services import applications, open_database

        db, _report = open_database(db_path, actor="full-disk")
        db.verify()
        sqlite_impl.checkpoint(db.engine)  # an empty log: the save writes it from the start
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a short write, not a signal
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (128 * 1024, hard))
        _try_save(ack, "full", lambda: applications.save_draft(db, app_id, "overview", zh=text))
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        _try_save(ack, "space again", lambda: applications.save_draft(db, app_id, "overview",
                                                                      zh=text))
        db.close()
    except BaseException as exc:  # noqa: BLE001
        _fail(ack, exc)


def saver_on_a_read_only_file(db_path: str, ack_path: str, app_id: int, text: str,
                              env: dict[str, str], from_the_start: bool = False) -> None:
    """The application has the file open; then it can no longer write the file (its
    permissions changed), and a save comes on a new connection of the pool. Or, with
    ``from_the_start``, the file could not be written when it was opened (a write-protected
    stick). A root process ignores file permissions, so as root the worker carries on as
    ``nobody``."""
    _setup(env)
    ack = Acks(ack_path)
    try:
        from coop_desktop.services import applications, enterprises, open_database

        def become_nobody() -> None:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)

        if from_the_start:
            become_nobody()
        db, _report = open_database(db_path, actor="read-only")
        db.verify()
        ack("opened", enterprises=enterprises.count(db),
            sections=len(applications.sections(db, app_id)))
        become_nobody()
        ack("writable", value=os.access(db_path, os.W_OK))
        db.engine.dispose()  # the next save gets a new connection
        _try_save(ack, "read-only", lambda: applications.save_draft(db, app_id, "overview",
                                                                    zh=text))
        ack("damaged", value=db.damaged)
    except BaseException as exc:  # noqa: BLE001
        _fail(ack, exc)


def hold_write_lock(db_path: str, seconds: float) -> None:
    """``python storage_workers.py hold DB SECONDS``: take the write lock with a raw
    ``BEGIN IMMEDIATE``, say so, hold it, roll back (nothing written), say when: the times
    printed are taken after the lock was taken and before it is let go."""
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    print(f"held {time.time():.6f}", flush=True)
    if seconds >= 0:
        time.sleep(seconds)
    else:
        sys.stdin.readline()  # until told
    releasing = time.time()
    conn.execute("ROLLBACK")
    print(f"released {releasing:.6f}", flush=True)
    conn.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["hold"]:
        hold_write_lock(sys.argv[2], float(sys.argv[3]))
