"""Round trip: the demo data exported (xlsx, CSV; every header language) and imported again
changes nothing — into the same database nothing is written, into an empty one every
enterprise comes back with the same values, its SME cluster and pilot-city links included
(exported by name, imported back to the same reference rows)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from coop_desktop import demo
from coop_desktop.exchange import export as ex
from coop_desktop.exchange import importer
from coop_desktop.models import AuditEntry, Enterprise, EnterpriseCreate, SmeCluster, utcnow
from coop_desktop.services import enterprises, open_database, programmes

#: The fields a person (or an import) fills in: what the form edits.
FIELDS = tuple(EnterpriseCreate.model_fields)
#: Hostile text that must come back exactly (written inert, read back as text).
HOSTILE = {"legal_rep": "=HYPERLINK(\"http://x\")", "address_zh": "@SUM(A1:A9)",
           "description_zh": "+1+1\n第二行 _x0041_ 保留", "description_en": "-2+3\tend",
           "website": None, "tags": ["=cmd", "'quoted"]}


def _snapshot(db) -> dict[str, dict[str, object]]:
    with db.read() as session:
        rows = session.execute(select(Enterprise).where(Enterprise.deleted_at.is_(None))).scalars()
        return {r.uscc: {f: _norm(getattr(r, f)) for f in FIELDS} for r in rows}


def _norm(value: object) -> object:
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, list):
        return tuple(value)
    return value


def _audit_count(db) -> int:
    with db.read() as session:
        return len(session.execute(select(AuditEntry.id)).all())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """A demo database (made once for the module), with one enterprise holding hostile text
    and linked to a cluster and a pilot city (besides the demo's own links), and one linked
    to a cluster that is now in the recycle bin (still exported; imported back unchanged)."""
    path = tmp_path_factory.mktemp("roundtrip") / "demo.sqlite"
    db, _ = open_database(path, actor="tester")
    try:
        demo.generate(db, enterprises=120, seed=11)
        first, second = enterprises.list_page(db, limit=2).rows
        clusters = programmes.list_clusters(db)
        pilot = programmes.list_pilot_cities(db)[-1]
        enterprises.update(db, first.id, {**HOSTILE, "cluster_id": clusters[0].id,
                                          "pilot_city_id": pilot.id})
        enterprises.update(db, second.id, {"cluster_id": clusters[-1].id})
        with db.session() as session:
            session.get(SmeCluster, clusters[-1].id).deleted_at = utcnow()
    finally:
        db.close()
    return path


def test_the_demo_has_links_to_carry(demo_db):
    links = [(r["cluster_id"], r["pilot_city_id"]) for r in _snapshot(demo_db).values()]
    assert sum(c is not None for c, _p in links) >= 3  # the demo's own and the two above
    assert sum(p is not None for _c, p in links) >= 10


@pytest.fixture
def demo_db(demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    db, _ = open_database(path, actor="tester")
    yield db
    db.close()


@pytest.mark.parametrize(("suffix", "headers", "language"), [
    ("xlsx", "both", "zh_CN"), ("xlsx", "en", "en"), ("csv", "zh", "zh_CN"), ("csv", "both", "en"),
])
def test_export_then_import_into_the_same_database_changes_nothing(demo_db, tmp_path, suffix,
                                                                   headers, language):
    before, audit = _snapshot(demo_db), _audit_count(demo_db)
    target = tmp_path / f"all.{suffix}"
    exported = ex.run(ex.export(demo_db, "enterprises", target, headers=headers,
                                language=language))
    assert exported.rows == len(before) == 120
    report = importer.apply(demo_db, target, backup=False)
    problems = [(p.row, p.column, p.message.render()) for p in report.problems]
    assert problems == [] and report.rejected == 0
    assert (report.created, report.updated, report.unchanged) == (0, 0, 120)
    assert report.conflicts == [] and report.batch_id is None
    assert _snapshot(demo_db) == before and _audit_count(demo_db) == audit


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_records(demo_db, db, tmp_path,
                                                                          suffix):
    target = tmp_path / f"all.{suffix}"
    ex.run(ex.export(demo_db, "enterprises", target))
    report = importer.apply(db, target, backup=False)
    assert report.rejected == 0 and report.created == 120
    assert _snapshot(db) == _snapshot(demo_db)  # links to the same reference rows
    hostile = next(r for r in _snapshot(db).values() if r["legal_rep"] == HOSTILE["legal_rep"])
    assert hostile["description_zh"] == HOSTILE["description_zh"]
    assert hostile["tags"] == tuple(HOSTILE["tags"])
