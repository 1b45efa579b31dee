"""Write ``tests/fixtures/db_versions/v<REV>.sqlite``: a small database at schema ``REV``.

Run once when a migration is added, with the code of that time, and commit the file:
the migration tests then open every frozen old version (as TagStudio does).
Usage: python scripts/make_db_fixture.py 0001
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from coop_desktop.db import Database
from coop_desktop.db.engine import make_engine
from coop_desktop.db.migrate import upgrade
from coop_desktop.services import enterprises, reference
from coop_desktop.services.catalog import titles

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    ("华为技术有限公司", "Huawei Technologies Co., Ltd.", "914403001922038216", "440300"),
    ("福州示例科技有限公司", "Fuzhou Example Technology Co., Ltd.", "91350100M000100Y43", "350100"),
]


def main(revision: str) -> None:
    out = ROOT / "tests" / "fixtures" / "db_versions" / f"v{revision}.sqlite"
    work = out.with_suffix(".work")
    work.unlink(missing_ok=True)
    engine = make_engine(work)
    upgrade(engine, revision)
    db = Database(engine, actor="fixture")
    reference.sync(db)
    for name_zh, name_en, uscc, city in SAMPLES:
        e = enterprises.create(db, {"name_zh": name_zh, "name_en": name_en, "uscc": uscc,
                                    "city_code": city, "industry": "industry",
                                    "employees": 120, "revenue_fen": 80_000_000_00}).value
        titles.create(db, {"enterprise_id": e.id, "tier": "srdi", "level": "provincial"})
    engine.dispose()
    out.unlink(missing_ok=True)
    conn = sqlite3.connect(work)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute(f"VACUUM INTO '{out}'")
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    print(out, out.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1])
