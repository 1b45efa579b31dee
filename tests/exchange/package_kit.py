"""Helpers of the dossier-package tests: a realistic application to package, a second
database, and ways to damage or rewrite a package (imported by ``test_package_*.py``)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import struct
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coop_desktop.db import Database
from coop_desktop.exchange import package_format as fmt
from coop_desktop.models import ApplicationStatus as S
from coop_desktop.services import applications as apps
from coop_desktop.services import attachments, enterprises, open_database
from coop_desktop.services.catalog import titles, zones
from coop_desktop.settings import AppSettings

OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局",
                      organisation_en="Shenzhen SME Service Bureau")
NEW_TEXT = "修订版：扩建厂房两万平方米，含 𠮷 和 \u202e 控制字符。"


@dataclass
class Made:
    app_id: int
    enterprise_id: int
    uscc: str
    licence: bytes
    own: bytes


def make_dossier(db: Database, tmp_path: Path, uscc: str) -> Made:
    """An enterprise (a title, two attachments: a general licence and the application's own
    binary file) and an application on a shipped zone, submitted once (a frozen revision,
    ignored findings) and now in revision 2 with edited text."""
    firm = enterprises.create(db, {
        "name_zh": "深圳市示例精密机械有限公司", "name_en": "Shenzhen Example Precision Co., Ltd.",
        "uscc": uscc, "legal_rep": "张三", "city_code": "440300", "employees": 120,
        "revenue_fen": 123_456_789_00, "tags": ["精密", "出海"],
        "established_on": date(2012, 5, 3)}).value
    titles.create(db, {"enterprise_id": firm.id, "tier": "srdi", "level": "provincial",
                       "granted_on": date(2023, 1, 10), "batch": "2023-1"})
    zone = zones.list(db, source_key="cn-de-taicang")[0]
    app = apps.create(db, enterprise_id=firm.id, template_key="zone_application",
                      zone_id=zone.id, country="DE", reference_no="SZ-2026-7",
                      deadline=date(2027, 4, 30), settings=OFFICER).value
    licence = b"%PDF-1.4 licence " + bytes(range(256)) * 4
    own = random.Random(3).randbytes(150_000)
    for name, content, app_id, kind in (("营业执照.pdf", licence, None, "licence"),
                                        ("plan.bin", own, app.id, "other")):
        source = tmp_path / name
        source.write_bytes(content)
        attachments.add(db, source, enterprise_id=firm.id, application_id=app_id, kind=kind,
                        note="原件扫描" if app_id is None else None)
    found = apps.open_errors(apps.check(db, app.id))
    apps.ignore_issues(db, app.id, [(s.key, i.key) for s, i in found], "Accepted as is.")
    apps.set_status(db, app.id, S.READY)
    apps.set_status(db, app.id, S.SUBMITTED, settings=OFFICER)
    apps.new_revision(db, app.id)
    key = apps.sections(db, app.id)[1].key
    apps.update_section(db, app.id, key, zh=NEW_TEXT)
    return Made(app.id, firm.id, uscc, licence, own)


def other_database(folder: Path, template: Path) -> Database:
    """A fresh database in a folder of its own (its attachment store apart from the first)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, folder / "coop.sqlite")
    db, _report = open_database(folder / "coop.sqlite", actor="王芳")
    return db


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(src: Path, dst: Path, *, change: dict[str, bytes] | None = None,
          drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None,
          fix_manifest: bool = True) -> Path:
    """A package rebuilt with valid zip CRCs: members replaced, dropped or added; the
    manifest's sizes and hashes recomputed for the members it lists (``fix_manifest``)."""
    content = members(src)
    content.update(change or {})
    for name in drop:
        content.pop(name, None)
    content.update(add or {})
    if fix_manifest and fmt.MANIFEST in content and fmt.MANIFEST not in (change or {}):
        manifest = json.loads(content[fmt.MANIFEST])
        for item in manifest["files"]:
            if item["name"] in content:
                data = content[item["name"]]
                item["size"], item["sha256"] = len(data), hashlib.sha256(data).hexdigest()
        content[fmt.MANIFEST] = fmt.dumps(manifest)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in content.items():
            zf.writestr(name, data)
    return dst


def data_offset(path: Path, name: str) -> tuple[int, int]:
    """Where a member's (packed) bytes start in the file, and how many there are."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


def flip_byte(src: Path, dst: Path, name: str) -> Path:
    """A copy of ``src`` with ONE byte changed in the middle of member ``name``'s bytes."""
    start, length = data_offset(src, name)
    data = bytearray(src.read_bytes())
    data[start + length // 2] ^= 0x5A
    dst.write_bytes(bytes(data))
    return dst


def tree(root: Path) -> dict[str, int]:
    """Every file under ``root`` with its size (to show that nothing was written)."""
    out = {}
    for folder, _dirs, files in os.walk(root):
        for f in files:
            p = Path(folder) / f
            out[str(p.relative_to(root))] = p.stat().st_size
    return out


def counts(db: Database) -> dict[str, int]:
    from sqlalchemy import text

    with db.read() as session:
        return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in (
            "enterprise", "application", "application_section", "application_revision",
            "attachment", "srdi_title", "zone", "audit_log", "qa_ignore")}
