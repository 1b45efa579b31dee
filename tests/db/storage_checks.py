"""What a database must hold after a crash or a race: the checks behind the storage proofs.

A writer (``storage_workers``) announces every write before it makes it (``intent``) and
acknowledges it once the service call has returned (``done``). :class:`Model` replays the
acknowledged writes; :func:`snapshot` reads what the file really holds, by the same natural
keys (USCC, titles, event names), and :func:`invariants` looks for anything half-applied
(a record without its audit rows, an audit row without its record, a section whose text
disagrees with the last audited text…). :func:`verify_copy` does both on a copy of the
files, so that the file under test stays exactly as the kill left it.

Used by ``test_crash_safety``, ``test_concurrency`` and ``bench/crash.py``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Every text a worker writes into a section starts with this; other text (the
#: template's starter text) is not tracked.
PREFIX = "【存储测试】"
ENT_PREFIX = "存储测试企业"
APP_PREFIX = "存储测试申请"
EVENT_PREFIX = "存储测试活动"

#: Section keys of the templates the workers use (checked against the services in a test).
TEMPLATE_KEYS = {
    "zone_application": ("company_profile", "main_business", "technology",
                         "financial_position", "international_experience", "reasons",
                         "zone_plan", "expected_benefits", "declaration", "annexes"),
    "company_profile": ("overview", "business", "innovation", "markets", "cooperation",
                        "contact"),
}
SIDES = ("zh", "en")

#: audit_log.entity -> table, for the entities the workers write.
AUDITED = {"enterprise": "enterprise", "application": "application",
           "application_section": "application_section", "event": "event",
           "event_participation": "event_participation", "interaction": "interaction"}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- acknowledgements
def read_acks(path: Path) -> list[dict[str, Any]]:
    """The complete lines of an acknowledgement file (a line cut short by a kill is dropped)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    lines = data.split(b"\n")
    return [json.loads(line) for line in lines[:-1] if line.strip()]


@dataclass
class Replay:
    """The acknowledged writes of one run, and the one in flight when it died (if any)."""

    done: list[dict[str, Any]]
    in_flight: dict[str, Any] | None
    events: list[dict[str, Any]]  # everything else the worker said (ready, reopen, error…)


def replay(lines: list[dict[str, Any]]) -> Replay:
    intents: dict[int, dict[str, Any]] = {}
    done: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    last_open: int | None = None
    for line in lines:
        ev = line.get("ev")
        if ev == "intent":
            intents[line["n"]] = line
            last_open = line["n"]
        elif ev == "done":
            op = dict(intents.pop(line["n"]))
            op.update({k: v for k, v in line.items() if k not in ("ev", "n")})
            done.append(op)
            last_open = None
        else:
            other.append(line)
    in_flight = intents.get(last_open) if last_open is not None else None
    return Replay(done, in_flight, other)


# ---------------------------------------------------------------- the expected state
@dataclass
class Model:
    """What the database must hold, by natural keys."""

    ents: dict[str, dict[str, Any]] = field(default_factory=dict)   # uscc -> name_en, deleted
    apps: dict[str, dict[str, Any]] = field(default_factory=dict)   # title -> uscc, texts
    events: set[str] = field(default_factory=set)
    parts: set[tuple[str, str]] = field(default_factory=set)        # (event name, uscc)

    def copy(self) -> Model:
        return copy.deepcopy(self)

    def apply(self, op: dict[str, Any]) -> None:
        """Replay one write; raises AssertionError when it cannot have been made from this
        state (the worker saw something the model does not hold)."""
        kind = op["kind"]
        if kind == "ent_create":
            assert op["uscc"] not in self.ents, f"enterprise {op['uscc']} created twice"
            self.ents[op["uscc"]] = {"name_en": None, "deleted": False}
        elif kind == "ent_update":
            self.ents[op["uscc"]]["name_en"] = op["name_en"]
        elif kind == "ent_delete":
            self.ents[op["uscc"]]["deleted"] = True
        elif kind == "app_create":
            keys = TEMPLATE_KEYS[op["template"]]
            self.apps[op["title"]] = {"uscc": op["uscc"],
                                      "texts": {f"{k}/{s}": None for k in keys for s in SIDES}}
        elif kind == "save_draft":
            texts = self.apps[op["title"]]["texts"]
            slot = f"{op['key']}/{op['side']}"
            if op["reset"]:
                text = PREFIX + op["chunk"]
            else:
                assert texts[slot] is not None, f"{op['title']} {slot}: appended to an unknown text"
                text = texts[slot] + op["chunk"]
            assert sha(text) == op["sha"], (
                f"op {op['n']}: the worker appended to a text the model does not hold "
                f"({op['title']} {slot})")
            texts[slot] = text
        elif kind == "event_create":
            self.events.add(op["name"])
        elif kind == "participant":
            self.parts.add((op["event"], op["uscc"]))
        else:
            raise AssertionError(f"unknown write kind {kind}")

    def as_comparable(self) -> dict[str, Any]:
        return {"ents": self.ents, "apps": self.apps, "events": sorted(self.events),
                "parts": sorted(self.parts)}


# ---------------------------------------------------------------- what the file holds
@dataclass
class Snapshot:
    state: Model
    problems: list[str]
    counts: dict[str, int]


def _one(conn: sqlite3.Connection, sql: str, *args: Any) -> Any:
    row = conn.execute(sql, args).fetchone()
    return row[0] if row else None


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        problems += [f"integrity_check: {r}" for r in rows[:10]]
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    problems += [f"foreign_key_check: {r}" for r in fk[:10]]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for fts in ("enterprise_fts", "enterprise_fts_short"):
        if fts in tables:
            try:
                # rank 1: also compare the index with the table it indexes
                conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{fts} out of step with its table: {exc}")
    return problems


def invariants(conn: sqlite3.Connection) -> list[str]:
    """Everything written must be whole: records with their audit rows and vice versa."""
    problems: list[str] = []
    for entity, table in AUDITED.items():
        orphans = _one(conn, f"SELECT count(*) FROM audit_log a WHERE a.entity = ? AND NOT EXISTS "
                             f"(SELECT 1 FROM {table} t WHERE t.id = a.entity_id)", entity)
        if orphans:
            problems.append(f"{orphans} audit rows of {entity} without their record")
        missing = conn.execute(
            f"SELECT t.id, (SELECT count(*) FROM audit_log a WHERE a.entity = ? AND "
            f"a.entity_id = t.id AND a.action = 'create' AND a.field IS NULL) AS n "
            f"FROM {table} t WHERE n != 1", (entity,)).fetchall()
        for row_id, n in missing[:5]:
            problems.append(f"{entity} {row_id} has {n} creation audit rows (expected 1)")
    # Data and audit trail agree: the last audited value is the stored one.
    for row_id, name_en, deleted_at in conn.execute(
            "SELECT id, name_en, deleted_at FROM enterprise WHERE name_zh LIKE ?",
            (ENT_PREFIX + "%",)):
        last = _one(conn, "SELECT new_value FROM audit_log WHERE entity='enterprise' AND "
                          "entity_id=? AND field='name_en' ORDER BY id DESC LIMIT 1", row_id)
        if last != name_en:
            problems.append(f"enterprise {row_id}: name_en {name_en!r}, audited {last!r}")
        deletes = _one(conn, "SELECT count(*) FROM audit_log WHERE entity='enterprise' AND "
                             "entity_id=? AND action='delete'", row_id)
        if deletes != (deleted_at is not None):
            problems.append(f"enterprise {row_id}: deleted={deleted_at is not None}, "
                            f"{deletes} delete audit rows")
    for sec_id, zh, en in conn.execute("SELECT id, zh, en FROM application_section"):
        for side, text in (("zh", zh), ("en", en)):
            if not text.startswith(PREFIX):
                continue
            last = _one(conn, "SELECT new_value FROM audit_log WHERE entity='application_section'"
                              " AND entity_id=? AND field=? ORDER BY id DESC LIMIT 1", sec_id, side)
            if last != text:
                problems.append(f"section {sec_id} {side}: stored text (sha {sha(text)}) is not "
                                f"the last audited one (sha {sha(last or '')})")
    for app_id, template in conn.execute("SELECT id, template_key FROM application WHERE "
                                         "title_zh LIKE ?", (APP_PREFIX + "%",)):
        keys = tuple(r[0] for r in conn.execute(
            "SELECT key FROM application_section WHERE application_id=? ORDER BY position",
            (app_id,)))
        if keys != TEMPLATE_KEYS[template]:
            problems.append(f"application {app_id}: sections {keys}")
    for part_id, inter_id, ent_id in conn.execute(
            "SELECT p.id, p.interaction_id, p.enterprise_id FROM event_participation p"):
        if inter_id is None or _one(conn, "SELECT enterprise_id FROM interaction WHERE id=?",
                                    inter_id) != ent_id:
            problems.append(f"participation {part_id} without its interaction entry")
    return problems


def read_state(conn: sqlite3.Connection) -> Model:
    state = Model()
    usccs: dict[int, str] = {}
    for row_id, uscc, name_en, deleted_at in conn.execute(
            "SELECT id, uscc, name_en, deleted_at FROM enterprise WHERE name_zh LIKE ?",
            (ENT_PREFIX + "%",)):
        usccs[row_id] = uscc
        state.ents[uscc] = {"name_en": name_en, "deleted": deleted_at is not None}
    for app_id, title, ent_id in conn.execute(
            "SELECT id, title_zh, enterprise_id FROM application WHERE title_zh LIKE ?",
            (APP_PREFIX + "%",)):
        texts = {}
        for key, zh, en in conn.execute(
                "SELECT key, zh, en FROM application_section WHERE application_id=?", (app_id,)):
            for side, text in (("zh", zh), ("en", en)):
                texts[f"{key}/{side}"] = text if text.startswith(PREFIX) else None
        state.apps[title] = {"uscc": usccs.get(ent_id, f"?{ent_id}"), "texts": texts}
    names = dict(conn.execute("SELECT id, name_zh FROM event WHERE name_zh LIKE ?",
                              (EVENT_PREFIX + "%",)).fetchall())
    state.events = set(names.values())
    for event_id, ent_id in conn.execute("SELECT event_id, enterprise_id FROM event_participation"):
        if event_id in names:
            state.parts.add((names[event_id], usccs.get(ent_id, f"?{ent_id}")))
    return state


def snapshot_of(conn: sqlite3.Connection) -> Snapshot:
    problems = integrity_problems(conn) + invariants(conn)
    counts = {t: _one(conn, f"SELECT count(*) FROM {t}") for t in
              ("enterprise", "application", "application_section", "event", "audit_log")}
    return Snapshot(read_state(conn), problems, counts)


def copy_database(path: Path, target_dir: Path) -> Path:
    """Copy the database and its ``-wal`` as a killed process left them (no ``-shm``: the
    copy rebuilds its index from the log, as the next start would)."""
    target = target_dir / path.name
    for suffix in ("", "-wal"):
        src = path.with_name(path.name + suffix)
        if src.exists():
            shutil.copyfile(src, target.with_name(target.name + suffix))
    return target


def snapshot(path: Path) -> Snapshot:
    """Check and read a copy of ``path`` (the file itself is not touched)."""
    with tempfile.TemporaryDirectory(prefix="coop-verify-") as tmp:
        conn = sqlite3.connect(copy_database(path, Path(tmp)))
        try:
            return snapshot_of(conn)
        finally:
            conn.close()


def differences(expected: Model, actual: Model, *, limit: int = 8) -> list[str]:
    exp, act = expected.as_comparable(), actual.as_comparable()
    out: list[str] = []
    for part in ("ents", "apps"):
        for key in sorted(set(exp[part]) | set(act[part])):
            a, b = exp[part].get(key), act[part].get(key)
            if a == b:
                continue
            if a is None or b is None:
                out.append(f"{part} {key}: expected {'absent' if a is None else 'present'}, "
                           f"file has it {'absent' if b is None else 'present'}")
            elif part == "apps":
                for slot in sorted(set(a["texts"]) | set(b["texts"])):
                    ta, tb = a["texts"].get(slot), b["texts"].get(slot)
                    if ta != tb:
                        out.append(f"{key} {slot}: expected {_short(ta)}, file has {_short(tb)}")
                if a["uscc"] != b["uscc"]:
                    out.append(f"{key}: enterprise {a['uscc']} expected, file has {b['uscc']}")
            else:
                out.append(f"{part} {key}: expected {a}, file has {b}")
    for part in ("events", "parts"):
        if exp[part] != act[part]:
            out.append(f"{part}: missing {sorted(set(map(str, exp[part])) - set(map(str, act[part])))}"
                       f", unexpected {sorted(set(map(str, act[part])) - set(map(str, exp[part])))}")
    return out[:limit]


def _short(text: str | None) -> str:
    if text is None:
        return "no tracked text"
    return f"{len(text)} chars (sha {sha(text)})"


@dataclass
class Verdict:
    """The outcome of checking one killed run against the model."""

    ok: bool
    in_flight_applied: bool
    problems: list[str]
    model: Model  # the model to carry on with (the in-flight write included if it landed)
    snapshot: Snapshot


def verify(path: Path, model: Model, run: Replay) -> Verdict:
    """After a kill: sound file, every acknowledged write present, at most the one in flight
    in addition, nothing half-applied. ``model`` is the state before this run."""
    expected = model.copy()
    for op in run.done:
        expected.apply(op)
    snap = snapshot(path)
    diff = differences(expected, snap.state)
    applied = False
    if diff and run.in_flight is not None:
        with_flight = expected.copy()
        with_flight.apply(run.in_flight)
        if not differences(with_flight, snap.state):
            expected, diff, applied = with_flight, [], True
    problems = snap.problems + diff
    return Verdict(not problems, applied, problems, expected, snap)
