"""Hostile input through the services and the command line.

Every case is either accepted and stored exactly as the services promise (it reads back
equal to what was sent, after the documented trimming), or refused with a ``CoopError`` —
and then the database is byte for byte what it was (every row of every table). Never any
other exception, never a traceback, never a message that quotes a megabyte back. On the
command line a refusal is one line ``Error: …`` on stderr and exit status 2.

The cases name what they expect: ``A`` accepted (and read back), ``R`` refused.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from coop_desktop.cli import main
from coop_desktop.db import Database
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError, NotFoundError, ValidationError
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import applications, enterprises, events, open_database, termbase, tm
from coop_desktop.services.catalog import contacts, zones

USCC = "914403001922038216"
OTHER_USCC = "91110108551385082Q"
MB10 = "a" * 10_000_000
M1 = "界" * 1_000_000
NUL = "甲\x00乙"
RLO = "gnp\u202eexe.doc"
ISOLATE = "\u2067שלום\u2069 合作"
SURROGATE = "a\ud800b"
SQL = "x'); DROP TABLE enterprise; --"
MARKUP = "<b>A&amp;B</b> <script>alert(1)</script> & <"
ASTRAL = "𠮷野家 🚀👨\u200d👩\u200d👧"
RTL = "שלום עולם مرحبا بالعالم"
BLANK = " \t\u3000 "
FORMAT = "{name} {0} %s %(x)s {{x}}"
C1 = "a\x85b\x9bc"
ZERO_WIDTH = "a\u200bb\ufeffc"
FORMULA = '=HYPERLINK("http://evil.example","x")'


@dataclass
class Env:
    db: Database
    enterprise_id: int
    app_id: int
    section_key: str
    issue_section: str
    issue_key: str
    event_id: int
    other_id: int


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> Env:
    path = tmp_path_factory.mktemp("hostile") / "hostile.sqlite"
    db, _ = open_database(path, actor="tester")
    ent = enterprises.create(db, {"name_zh": "华为技术有限公司", "uscc": USCC,
                                  "name_en": "Huawei Technologies Co., Ltd."}).value
    app = applications.create(db, enterprise_id=ent.id, template_key="zone_application").value
    results = applications.check(db, app.id)
    edited = results[0].key  # the section the cases write to
    section, item = next((s, i) for s in results[1:] for i in s.issues)
    event = events.events.create(db, {"name_zh": "对接会", "kind": "matchmaking",
                                       "starts_on": date(2026, 5, 1)}).value
    other = enterprises.create(db, {"name_zh": "参会企业", "uscc": OTHER_USCC}).value
    yield Env(db, ent.id, app.id, edited, section.key, item.key, event.id, other.id)
    db.close()


def _snapshot(db: Database) -> str:
    """A digest of every row of every table (read through a connection of its own)."""
    digest = hashlib.sha256()
    con = sqlite3.connect(f"{Path(db.path).as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in con.execute(f'SELECT * FROM "{table}"'):
                digest.update(repr(row).encode("utf-8", "backslashreplace"))
    finally:
        con.close()
    return digest.hexdigest()


# --------------------------------------------------------------------------- the cases

Run = Callable[[Env], tuple[Any, Any] | None]


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "A" accepted, "R" refused, "E" either (searches: never a write)
    run: Run


def _ent_update(field: str, value: Any, read: Callable[[Any], Any] | None = None,
                expected: Any = None) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        enterprises.update(e.db, e.enterprise_id, {field: value})
        stored = getattr(enterprises.get(e.db, e.enterprise_id), field)
        return (read(stored) if read else stored), (value if expected is None else expected)
    return run


def _ent_create(field: str, value: Any, expected: Any = None) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        from coop_desktop.validation import USCC_CHARSET, uscc_check_char

        n = abs(hash((field, repr(value)[:50]))) % 10**9
        body = "91440300" + "".join(USCC_CHARSET[int(d)] for d in f"{n:09d}")
        data = {"name_zh": "测试企业", "uscc": body + uscc_check_char(body), field: value}
        created = enterprises.create(e.db, data).value
        return getattr(created, field), (value.strip() if expected is None else expected)
    return run


def _section(side: str, text: str, expected: str | None = None, *, draft: bool = False) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        save = applications.save_draft if draft else applications.update_section
        save(e.db, e.app_id, e.section_key, **{side: text})
        stored = next(s for s in applications.sections(e.db, e.app_id) if s.key == e.section_key)
        return getattr(stored, side), text if expected is None else expected
    return run


def _meta(field: str, value: Any, expected: Any = None) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        applications.update_meta(e.db, e.app_id, {field: value})
        stored = getattr(applications.get(e.db, e.app_id), field)
        return stored, value.strip() if expected is None and isinstance(value, str) else expected
    return run


def _new_app(**kw: Any) -> Run:
    def run(e: Env) -> None:
        applications.create(e.db, enterprise_id=e.enterprise_id, template_key="zone_application",
                            **kw)
        return None
    return run


def _contact(field: str, value: Any) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        data = {"enterprise_id": e.enterprise_id, "name": "张三", field: value}
        created = contacts.create(e.db, data).value
        return getattr(contacts.get(e.db, created.id), field), value.strip()
    return run


def _zone(field: str, value: Any) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        created = zones.create(e.db, {"name_zh": "测试合作区", field: value}).value
        return getattr(zones.get(e.db, created.id), field), value
    return run


def _event(field: str, value: Any) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        data = {"name_zh": "活动", "kind": "training", "starts_on": date(2026, 6, 1), field: value}
        created = events.events.create(e.db, data).value
        return getattr(events.events.get(e.db, created.id), field), value
    return run


def _participant(field: str, value: Any) -> Run:
    def run(e: Env) -> None:
        events.add_participant(e.db, {"event_id": e.event_id, "enterprise_id": e.other_id,
                                      field: value})
        return None
    return run


def _term(zh: str, en: str, note: str | None = None) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        term = termbase.add_user_term(e.db, zh, en, note).value
        return (term.zh, term.en, term.note), (zh.strip(), en.strip(),
                                               (note or "").strip() or None)
    return run


def _ignore(reason: str) -> Run:
    def run(e: Env) -> tuple[Any, Any]:
        applications.ignore_issue(e.db, e.app_id, e.issue_section, e.issue_key, reason)
        stored = next(i for i in applications.ignores(e.db, e.app_id)
                      if i.issue_key == e.issue_key)
        return stored.reason, reason.strip()
    return run


def _tm(zh: str, en: str) -> Run:
    def run(e: Env) -> None:
        tm.store_pair(e.db, zh, en)
        return None
    return run


def _search(text: str) -> Run:
    def run(e: Env) -> None:
        enterprises.search(e.db, text)
        enterprises.count(e.db, EnterpriseQuery(text=text))
        return None
    return run


def _call(fn: Callable[[Env], Any]) -> Run:
    def run(e: Env) -> None:
        fn(e)
        return None
    return run


CASES = [
    # names and identifiers: control and bidi characters refused, everything else kept
    Case("name: NUL", "R", _ent_create("name_zh", NUL)),
    Case("name: RLO", "R", _ent_create("name_zh", RLO)),
    Case("name: isolate", "R", _ent_create("name_zh", ISOLATE)),
    Case("name: C1 control", "R", _ent_create("name_zh", C1)),
    Case("name: lone surrogate", "R", _ent_create("name_zh", SURROGATE)),
    Case("name: 1,000,000 characters", "R", _ent_create("name_zh", M1)),
    Case("name: 201 characters", "R", _ent_create("name_zh", "名" * 201)),
    Case("name: 200 characters", "A", _ent_create("name_zh", "名" * 200)),
    Case("name: whitespace only", "R", _ent_create("name_zh", BLANK)),
    Case("name: SQL", "A", _ent_create("name_zh", SQL)),
    Case("name: markup", "A", _ent_create("name_zh", MARKUP)),
    Case("name: Ext-B and emoji", "A", _ent_create("name_zh", ASTRAL)),
    Case("name: RTL", "A", _ent_create("name_zh", RTL)),
    Case("name: format string", "A", _ent_create("name_zh", FORMAT)),
    Case("name: zero-width", "A", _ent_create("name_zh", ZERO_WIDTH)),
    Case("name: formula", "A", _ent_create("name_zh", FORMULA)),
    Case("English name: RLO", "R", _ent_update("name_en", RLO)),
    Case("USCC: RLO", "R", _ent_create("uscc", "9144030\u202e01922038216")),
    Case("USCC: 10 MB", "R", _ent_create("uscc", MB10)),
    Case("USCC: lone surrogate", "R", _ent_update("uscc", "\udcff" * 18)),
    Case("legal representative: NUL", "R", _ent_update("legal_rep", "张\x00三")),
    Case("website: 10 MB", "R", _ent_update("website", "https://" + MB10 + ".com")),
    # prose: control characters kept exactly (the UI shows them), size limited
    Case("description: NUL and RLO kept", "A", _ent_update("description_zh", "前" + NUL + RLO)),
    Case("description: C1 kept", "A", _ent_update("description_en", C1)),
    Case("description: 10 MB", "R", _ent_update("description_zh", MB10)),
    Case("description: 1,000,000 characters", "R", _ent_update("description_en", M1)),
    Case("description: 20,000 characters", "A", _ent_update("description_zh", "述" * 20_000)),
    Case("description: 20,001 characters", "R", _ent_update("description_zh", "述" * 20_001)),
    Case("description: lone surrogate", "R", _ent_update("description_zh", SURROGATE)),
    Case("business scope: markup and SQL", "A", _ent_update("business_scope_en", MARKUP + SQL)),
    # numbers
    Case("employees: 2**63", "R", _ent_update("employees", 2**63)),
    Case("employees: 10**30", "R", _ent_update("employees", 10**30)),
    Case("employees: -1", "R", _ent_update("employees", -1)),
    Case("employees: 10,000,000", "A", _ent_update("employees", 10_000_000)),
    Case("employees: 10,000,001", "R", _ent_update("employees", 10_000_001)),
    Case("employees: 3.5", "R", _ent_update("employees", 3.5)),
    Case("employees: 3.0", "A", _ent_update("employees", 3.0, expected=3)),
    Case("employees: inf", "R", _ent_update("employees", float("inf"))),
    Case("employees: '12' as text", "A", _ent_update("employees", "12", expected=12)),
    Case("R&D staff: -2**63 - 1", "R", _ent_update("rd_staff", -(2**63) - 1)),
    Case("revenue: 10**19 fen", "R", _ent_update("revenue_fen", 10**19)),
    Case("assets: -1 fen", "R", _ent_update("total_assets_fen", -1)),
    Case("capital: 100 trillion yuan", "A", _ent_update("registered_capital_fen", 10**16)),
    Case("capital: 2**64 fen", "R", _ent_update("registered_capital_fen", 2**64)),
    Case("share: 12.345", "R", _ent_update("main_business_share", Decimal("12.345"))),
    Case("share: NaN", "R", _ent_update("main_business_share", Decimal("NaN"))),
    Case("share: 1e300", "R", _ent_update("main_business_share", 1e300)),
    Case("share: 1E+30", "R", _ent_update("main_business_share", Decimal("1E+30"))),
    Case("digitalisation: 10**30", "R", _ent_update("digitalisation_level", 10**30)),
    # lists
    Case("tags: RLO", "R", _ent_update("tags", ["a\u202eb"])),
    Case("tags: 101 tags", "R", _ent_update("tags", [f"t{i}" for i in range(101)])),
    Case("tags: a 51-character tag", "R", _ent_update("tags", ["标" * 51])),
    Case("tags: emoji kept", "A", _ent_update("tags", ["🚀", "𠮷"])),
    Case("export markets: NUL", "R", _ent_update("export_markets", ["D\x00E"])),
    Case("export markets: 10,000 codes", "R", _ent_update("export_markets", ["DE"] * 10_000)),
    # applications
    Case("section: 1,000,000 characters", "R", _section("zh", M1)),
    Case("section: 100,000 characters", "A", _section("zh", "文" * 100_000)),
    Case("section: 100,001 characters", "R", _section("en", "w" * 100_001)),
    Case("section: 10 MB autosave", "R", _section("en", MB10, draft=True)),
    Case("section: lone surrogate", "R", _section("zh", "合作" + SURROGATE)),
    Case("section: lone surrogate autosave", "R", _section("en", SURROGATE, draft=True)),
    Case("section: NUL, RLO, isolate kept", "A", _section("zh", NUL + RLO + ISOLATE)),
    Case("section: markup kept", "A", _section("en", MARKUP + FORMULA, draft=True)),
    Case("section: CRLF normalised", "A", _section("zh", "一\r\n二\r三", "一\n二\n三")),
    Case("section: Ext-B, emoji, RTL", "A", _section("en", ASTRAL + RTL)),
    Case("title: RLO", "R", _meta("title_zh", RLO)),
    Case("title: 10 MB", "R", _meta("title_en", MB10)),
    Case("title: markup", "A", _meta("title_en", MARKUP)),
    Case("reference no.: NUL", "R", _meta("reference_no", "A\x00B")),
    Case("reference no.: lone surrogate", "R", _meta("reference_no", SURROGATE)),
    Case("new application: RLO title", "R", _new_app(title_zh=RLO)),
    Case("new application: 10 MB reference", "R", _new_app(reference_no=MB10)),
    Case("new application: unknown 10 MB template", "R",
         _call(lambda e: applications.create(e.db, enterprise_id=e.enterprise_id,
                                             template_key=MB10))),
    Case("new application: zone 10**30", "R", _new_app(zone_id=10**30)),
    Case("ignore reason: RLO kept", "A", _ignore("因为\u202e原文如此")),
    Case("ignore reason: 1,000,000 characters", "R", _ignore(M1)),
    Case("ignore reason: lone surrogate", "R", _ignore(SURROGATE)),
    # other records
    Case("contact name: NUL", "R", _contact("name", "李\x00四")),
    Case("contact notes: RLO kept", "A", _contact("notes", RLO)),
    Case("contact phone: 10 MB", "R", _contact("phone", "1" * 10_000_000)),
    Case("contact e-mail: RLO", "R", _contact("email", "a\u202e@example.com")),
    Case("zone year: 10**30", "R", _zone("recognised_year", 10**30)),
    Case("zone notes: 1,000,000 characters", "R", _zone("notes", M1)),
    Case("zone partner countries: a comma", "R", _zone("partner_countries", ["D,E"])),
    Case("event name: RLO", "R", _event("name_zh", RLO)),
    Case("event notes: NUL kept", "A", _event("notes", NUL)),
    Case("participation amount: 10**19 fen", "R", _participant("amount_fen", 10**19)),
    Case("participation contacts: -1", "R", _participant("contacts_made", -1)),
    # glossary and translation memory
    Case("term: RLO", "R", _term("合作区\u202e", "zone")),
    Case("term: NUL in English", "R", _term("园区", "pa\x00rk")),
    Case("term: 201 characters", "R", _term("术" * 201, "term")),
    Case("term: formula kept", "A", _term("公式", FORMULA, "=1+1")),
    Case("term note: RLO kept", "A", _term("示例", "example", RLO)),
    Case("TM: lone surrogate", "R", _tm("合作" + SURROGATE, "cooperation")),
    Case("TM: 1,000,000 characters", "R", _tm(M1, "long")),
    # searching never writes, never fails
    Case("search: lone surrogate", "E", _search(SURROGATE)),
    Case("search: NUL", "E", _search(NUL)),
    Case("search: RLO", "E", _search(RLO)),
    Case("search: 10 MB", "E", _search(MB10)),
    Case("search: SQL and LIKE wildcards", "E", _search(SQL + "%_\\")),
    Case("search: FTS syntax", "E", _search('"华为" OR NEAR(a b) * ^ -x')),
    # ids out of range: the record does not exist
    Case("get enterprise 2**70", "R", _call(lambda e: enterprises.get(e.db, 2**70))),
    Case("update enterprise -2**64", "R",
         _call(lambda e: enterprises.update(e.db, -(2**64), {"name_en": "x"}))),
    Case("get application 10**30", "R", _call(lambda e: applications.get(e.db, 10**30))),
    Case("check application 10**20", "R", _call(lambda e: applications.check(e.db, 10**20))),
    Case("section of application 2**63", "R",
         _call(lambda e: applications.update_section(e.db, 2**63, "x", zh="y"))),
    Case("contact of enterprise 10**30", "R",
         _call(lambda e: contacts.create(e.db, {"enterprise_id": 10**30, "name": "王五"}))),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_stored_exactly_or_refused_with_nothing_written(env, case):
    before = _snapshot(env.db)
    try:
        result = case.run(env)
    except CoopError as exc:
        assert case.expect in "RE", f"refused: {exc.render()[:300]}"
        assert _snapshot(env.db) == before, "a refusal changed the database"
        for language in ("en", "zh_CN"):
            message = exc.render(translator(language))
            short = bool(message.strip()) and len(message) < 3000
            assert short, message[:300]
        if isinstance(exc, ValidationError):
            assert all(e.field for e in exc.errors)
        return
    assert case.expect in "AE", f"{case.name} was accepted"
    if case.expect == "E":
        assert _snapshot(env.db) == before, "a search changed the database"
    if result is not None:
        stored, expected = result
        same = stored == expected  # (not compared in the assert: pytest would print megabytes)
        assert same, f"stored {stored!r:.200} expected {expected!r:.200}"


def test_the_battery_is_large_and_balanced():
    assert len(CASES) >= 80
    assert sum(c.expect == "A" for c in CASES) >= 25 and sum(c.expect == "R" for c in CASES) >= 50


def test_a_refused_field_is_named_in_the_users_language(env):
    with pytest.raises(ValidationError) as info:
        enterprises.update(env.db, env.enterprise_id, {"employees": 10**30})
    zh = info.value.render(translator("zh_CN"))
    assert "从业人员" in zh and "10,000,000" in zh, zh
    with pytest.raises(ValidationError) as info:
        enterprises.update(env.db, env.enterprise_id, {"name_zh": RLO})
    assert "U+202E" in info.value.render() and "Chinese name" in info.value.render()
    with pytest.raises(NotFoundError):
        enterprises.get(env.db, 2**63)


# --------------------------------------------------------------------------- command line


@pytest.fixture
def cli_db(env, tmp_path) -> Path:
    """A copy of the battery's database (the command line opens files of its own)."""
    target = tmp_path / "cli.sqlite"
    con = sqlite3.connect(env.db.path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    shutil.copyfile(env.db.path, target)
    return target


def _cli(capsys, db_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), "--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


CLI_REFUSED = [
    ("check 10**20", ["application", "check", "99999999999999999999"], "does not exist"),
    ("check -10**20", ["application", "check", "-99999999999999999999"], "does not exist"),
    ("pdf 10**20", ["pdf", "99999999999999999999", "-o", "{tmp}/x.pdf"], "does not exist"),
    ("pdf revision 10**20", ["pdf", "{app}", "--revision", "99999999999999999999", "-o",
                             "{tmp}/x.pdf"], "revision"),
    ("new: USCC with a surrogate", ["application", "new", "--enterprise", "9144\udcff",
                                    "--template", "zone_application"], "credit code"),
    ("new: template with RLO", ["application", "new", "--enterprise", USCC, "--template",
                                "zone\u202eapplication"], "[U+202E]"),
    ("new: 10 MB template", ["application", "new", "--enterprise", USCC, "--template",
                             "t" * 10_000_000], "template"),
    ("new: country with NUL", ["application", "new", "--enterprise", USCC, "--template",
                               "zone_application", "--country", "D\x00E"], "U+0000"),
    ("new: zone 10**30", ["application", "new", "--enterprise", USCC, "--template",
                          "zone_application", "--zone", "1" + "0" * 30], "zone"),
    ("new: zone key with RLO", ["application", "new", "--enterprise", USCC, "--template",
                                "zone_application", "--zone", "k\u202e"], "[U+202E]"),
    ("demo 10**30 enterprises", ["demo", "--enterprises", "1" + "0" * 30], "at most"),
    ("demo -1 enterprises", ["demo", "--enterprises", "-1"], "negative"),
]


@pytest.mark.parametrize("label,args,needle", CLI_REFUSED, ids=[c[0] for c in CLI_REFUSED])
def test_command_line_refuses_in_one_line_with_status_2(env, cli_db, capsys, tmp_path, label,
                                                        args, needle):
    args = [a.format(tmp=tmp_path, app=env.app_id) for a in args]
    before = cli_db.read_bytes()
    code, out, err = _cli(capsys, cli_db, *args)
    assert code == 2, (code, out[:200], err[:300])
    assert err.startswith("Error: ") and err.count("\n") == 1, err[:300]
    assert "Traceback" not in err and "unexpected problem" not in err, err[:300]
    assert needle in err and len(err) < 1200, err[:300]
    assert "\u202e" not in err  # shown as [U+202E], never acting on the terminal line
    if label.startswith("new") or label.startswith("demo"):
        assert cli_db.read_bytes() == before


def test_command_line_prints_hostile_records_without_failing(env, cli_db, capsys, tmp_path):
    code, out, err = _cli(capsys, cli_db, "application", "list", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert {r["id"] for r in rows} >= {env.app_id}
    code, out, err = _cli(capsys, cli_db, "application", "check", str(env.app_id))
    assert code in (0, 1) and "Traceback" not in err
    code, out, err = _cli(capsys, cli_db, "pdf", str(env.app_id), "-o", str(tmp_path / "h.pdf"),
                          "--force")
    assert code == 0, err[:300]
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
