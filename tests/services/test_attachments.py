"""Attachments: safe names, content-addressed storage, integrity, dedupe, soft delete."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from coop_desktop.db import attachments_dir_for, open_read_only
from coop_desktop.errors import ConflictError, CoopError, NotFoundError, ValidationError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import Application, Attachment, AttachmentKind, AuditEntry
from coop_desktop.services import attachment_store, attachments, enterprises, open_database
from coop_desktop.settings import AppSettings


@pytest.fixture
def ent(db, new_uscc):
    return enterprises.create(db, {"name_zh": "测试科技有限公司", "uscc": new_uscc()}).value


@pytest.fixture
def source(tmp_path):
    def make(content: bytes = b"%PDF-1.7 licence", name: str = "licence.pdf") -> Path:
        folder = tmp_path / "incoming"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_bytes(content)
        return path

    return make


def _files_in(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _count_rows(db) -> int:
    with db.session() as s:
        return len(s.exec(select(Attachment)).all())


def test_store_root_is_beside_the_database(db, tmp_path):
    assert db.attachments_dir == tmp_path / "coop.attachments"
    other = tmp_path / "x" / "data.sqlite"
    assert attachments_dir_for(other) == tmp_path / "x" / "data.attachments"


def test_add_records_hash_size_and_copies_into_the_store(db, ent, source):
    content = b"licence bytes " * 1000
    src = source(content, "营业执照.pdf")
    a = attachments.add(db, src, enterprise_id=ent.id, kind="licence",
                        expires_on=date(2030, 1, 1), note="  副本 ").value
    sha = hashlib.sha256(content).hexdigest()
    assert (a.sha256, a.size, a.original_name) == (sha, len(content), "营业执照.pdf")
    assert a.kind is AttachmentKind.LICENCE and a.note == "副本"
    stored = attachments.open_path(db, a.id)
    assert stored == db.attachments_dir / sha[:2] / sha
    assert stored.read_bytes() == content
    assert not stored.stat().st_mode & stat.S_IWUSR  # stored read-only
    assert src.read_bytes() == content  # the source is untouched
    assert list((db.attachments_dir / "tmp").iterdir()) == []  # no temp files left
    with db.session() as s:
        audit = s.exec(select(AuditEntry).where(AuditEntry.entity == "attachment")).all()
    assert {r.field for r in audit} >= {None, "sha256", "size", "original_name", "kind"}


HOSTILE_NAMES = [
    ("../../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\system32\\evil.dll", "evil.dll"),
    ("/absolute/path/report.pdf", "report.pdf"),
    ("C:\\Users\\me\\Desktop\\审计报告.pdf", "审计报告.pdf"),
    ("CON", "CON"),
    ("NUL.txt", "NUL.txt"),
    ("COM1.pdf", "COM1.pdf"),
    ("", "attachment"),
    ("..", "attachment"),
    ("dir/", "attachment"),
    ("   ", "attachment"),
    ("a\x00b\x1fc\x7f.pdf", "abc.pdf"),
    ("line\nbreak\r.txt", "linebreak.txt"),
    ("report\u202efdp.exe", "reportfdp.exe"),
    ("e\u0301te\u0301.txt", "\u00e9t\u00e9.txt"),  # NFC
    ("bad\udcff.txt", "bad.txt"),  # an undecodable byte (surrogateescape)
    ("  trailing dots... ", "trailing dots"),
]


@pytest.mark.parametrize(("raw", "shown"), HOSTILE_NAMES)
def test_hostile_names_are_metadata_only(db, ent, source, raw, shown):
    a = attachments.add(db, source(b"x" + raw.encode("utf-8", "replace")), enterprise_id=ent.id,
                        original_name=raw).value
    assert a.original_name == shown
    files = _files_in(db.attachments_dir)
    assert files and all(_inside(p, db.attachments_dir) for p in files)
    assert all(p.name == a.sha256 for p in files)  # only hashes name stored files
    assert _inside(attachments.open_path(db, a.id), db.attachments_dir)


def test_thousand_character_name_is_cut_keeping_the_extension(db, ent, source):
    a = attachments.add(db, source(), enterprise_id=ent.id, original_name="报" * 1000 + ".pdf").value
    assert len(a.original_name) == attachments.NAME_LIMIT
    assert a.original_name.endswith("….pdf")
    long_plain = attachments.display_name("x" * 1000)
    assert len(long_plain) == attachments.NAME_LIMIT and long_plain.endswith("…")


def test_real_file_names_with_odd_characters(db, ent, tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    for name in ["CON", "NUL.txt", "..\\..\\x.pdf", "a\x01b.txt", "中文 名称.docx"]:
        path = folder / name
        path.write_bytes(name.encode())
        a = attachments.add(db, path, enterprise_id=ent.id).value
        assert a.original_name == attachments.display_name(name)
        assert a.original_name not in ("", ".", "..")
    files = _files_in(db.attachments_dir)
    assert len(files) == 5 and all(len(p.name) == 64 and p.parent.name == p.name[:2] for p in files)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["CON", "NUL.txt", "..\\..\\x.pdf", "a\x01b.txt", "中文 名称.docx"])  # nothing new


def test_identical_content_is_stored_once(db, ent, new_uscc, source):
    other = enterprises.create(db, {"name_zh": "另一家公司", "uscc": new_uscc()}).value
    a = attachments.add(db, source(b"same", "a.pdf"), enterprise_id=ent.id).value
    b = attachments.add(db, source(b"same", "b.pdf"), enterprise_id=other.id).value
    assert a.sha256 == b.sha256 and a.id != b.id
    assert len(_files_in(db.attachments_dir)) == 1


def test_same_content_twice_on_one_enterprise_is_refused(db, ent, source):
    attachments.add(db, source(b"same", "first.pdf"), enterprise_id=ent.id)
    with pytest.raises(ConflictError) as info:
        attachments.add(db, source(b"same", "second.pdf"), enterprise_id=ent.id)
    assert "first.pdf" in str(info.value)
    assert "first.pdf" in info.value.render(translator("zh_CN"))
    assert _count_rows(db) == 1 and len(_files_in(db.attachments_dir)) == 1


def test_tampered_file_is_detected(db, ent, source):
    a = attachments.add(db, source(b"original"), enterprise_id=ent.id).value
    stored = attachments.open_path(db, a.id)
    os.chmod(stored, stat.S_IREAD | stat.S_IWRITE)
    stored.write_bytes(b"tampered")
    with pytest.raises(attachments.AttachmentFileError) as info:
        attachments.open_path(db, a.id)
    assert "licence.pdf" in str(info.value) and "checksum" in str(info.value)
    report = attachments.verify_all(db)
    assert report.checked == 1 and [x.id for x in report.damaged] == [a.id] and not report.clean


def test_missing_file_is_reported(db, ent, source):
    a = attachments.add(db, source(b"gone"), enterprise_id=ent.id).value
    attachments.open_path(db, a.id).unlink()
    with pytest.raises(attachments.AttachmentFileError, match="missing"):
        attachments.open_path(db, a.id)
    assert [x.id for x in attachments.verify_all(db).missing] == [a.id]


def test_adding_the_same_content_again_repairs_a_damaged_store_file(db, ent, new_uscc, source):
    a = attachments.add(db, source(b"good"), enterprise_id=ent.id).value
    stored = attachments.open_path(db, a.id)
    os.chmod(stored, stat.S_IREAD | stat.S_IWRITE)
    stored.write_bytes(b"bad")
    other = enterprises.create(db, {"name_zh": "另一家公司", "uscc": new_uscc()}).value
    attachments.add(db, source(b"good"), enterprise_id=other.id)
    assert attachments.open_path(db, a.id).read_bytes() == b"good"


def test_verify_all_lists_unreferenced_files_and_passes_when_clean(db, ent, source):
    attachments.add(db, source(b"one"), enterprise_id=ent.id)
    stray = db.attachments_dir / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"stray")
    report = attachments.verify_all(db)
    assert report.clean and report.ok == 1 and report.unreferenced == [stray.name]
    assert stray.exists()  # reported, never deleted


@pytest.mark.parametrize("case", ["missing", "folder", "permission"])
def test_unreadable_source_writes_nothing(db, ent, tmp_path, monkeypatch, case):
    if case == "missing":
        path = tmp_path / "no-such-file.pdf"
    elif case == "folder":
        path = tmp_path / "a-folder.pdf"
        path.mkdir()
    else:
        path = tmp_path / "locked.pdf"
        path.write_bytes(b"secret")
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(CoopError) as info:
        attachments.add(db, path, enterprise_id=ent.id)
    assert path.name in str(info.value)
    expected = {"missing": "not found", "folder": "not a file", "permission": "Permission denied"}
    assert expected[case] in str(info.value)
    assert info.value.render(translator("zh_CN")) != info.value.render()
    assert _count_rows(db) == 0 and _files_in(db.attachments_dir) == []


def test_read_error_while_copying_leaves_nothing(db, ent, source, monkeypatch):
    path = source(b"x" * (3 * 1024 * 1024))
    real_open = Path.open

    class Flaky:
        def __init__(self, fh):
            self.fh, self.calls = fh, 0

        def read(self, n):
            self.calls += 1
            if self.calls == 2:
                raise OSError(5, "Input/output error")
            return self.fh.read(n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: Flaky(real_open(self, *a, **k))
                        if self == path else real_open(self, *a, **k))
    with pytest.raises(CoopError, match="could not be read"):
        attachments.add(db, path, enterprise_id=ent.id)
    assert _count_rows(db) == 0 and _files_in(db.attachments_dir) == []


def test_size_limit(db, ent, source, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_SIZE", 1024)
    with pytest.raises(CoopError) as info:
        attachments.add(db, source(b"x" * 2048, "big.pdf"), enterprise_id=ent.id)
    assert "big.pdf" in str(info.value) and "at most" in str(info.value)
    assert _count_rows(db) == 0 and _files_in(db.attachments_dir) == []
    assert attachments.add(db, source(b"x" * 1024), enterprise_id=ent.id).value.size == 1024


def test_bad_metadata_is_refused_before_copying(db, ent, source):
    with pytest.raises(ValidationError):
        attachments.add(db, source(), enterprise_id=ent.id, kind="passport")
    with pytest.raises(NotFoundError):
        attachments.add(db, source(), enterprise_id=9999)
    with pytest.raises(NotFoundError):
        attachments.add(db, source(), enterprise_id=ent.id, application_id=9999)
    assert _count_rows(db) == 0 and _files_in(db.attachments_dir) == []


def _application(db, enterprise_id: int) -> int:
    with db.session() as s:
        app = Application(title_zh="申请", title_en="Application", enterprise_id=enterprise_id,
                          template_key="t", template_version=1)
        s.add(app)
        s.flush()
        assert app.id is not None
        return app.id


def test_application_attachments(db, ent, new_uscc, source):
    app_id = _application(db, ent.id)
    a = attachments.add(db, source(b"app"), enterprise_id=ent.id, application_id=app_id).value
    b = attachments.add(db, source(b"ent"), enterprise_id=ent.id).value
    assert [x.id for x in attachments.list_for(db, application_id=app_id)] == [a.id]
    assert {x.id for x in attachments.list_for(db, enterprise_id=ent.id)} == {a.id, b.id}
    other = enterprises.create(db, {"name_zh": "另一家公司", "uscc": new_uscc()}).value
    with pytest.raises(ValidationError) as info:
        attachments.add(db, source(b"x"), enterprise_id=other.id, application_id=app_id)
    assert info.value.for_field("application_id")


def test_soft_delete_keeps_the_file_and_restore_brings_it_back(db, ent, source):
    a = attachments.add(db, source(b"keep me"), enterprise_id=ent.id).value
    path = attachments.open_path(db, a.id)
    attachments.delete(db, [a.id])
    assert attachments.list_for(db, enterprise_id=ent.id) == []
    assert [x.id for x in attachments.list_for(db, enterprise_id=ent.id, deleted=True)] == [a.id]
    assert path.read_bytes() == b"keep me"
    with pytest.raises(NotFoundError):
        attachments.open_path(db, a.id)
    assert attachments.open_path(db, a.id, deleted=True) == path
    assert attachments.verify_all(db).ok == 1  # recycled rows are verified too
    attachments.restore(db, [a.id])
    assert attachments.open_path(db, a.id) == path
    actions = [h.action for h in attachments.history(db, a.id) if h.field is None]
    assert actions[:2] == ["restore", "delete"]


def test_restore_is_refused_while_the_enterprise_is_in_the_bin(db, ent, source):
    a = attachments.add(db, source(), enterprise_id=ent.id).value
    attachments.delete(db, [a.id])
    enterprises.delete(db, [ent.id])
    with pytest.raises(ConflictError, match="recycle bin"):
        attachments.restore(db, [a.id])


def test_update_metadata_sanitises_the_name_and_audits(db, ent, source):
    a = attachments.add(db, source(), enterprise_id=ent.id).value
    out = attachments.update(db, a.id, {"original_name": "../新名称.pdf", "kind": "audit_report",
                                        "expires_on": "2027-06-30"})
    assert out.value.original_name == "新名称.pdf"
    assert out.value.kind is AttachmentKind.AUDIT_REPORT
    assert set(out.changes.fields) == {"original_name", "kind", "expires_on"}
    assert out.value.sha256 == a.sha256
    changed = {h.field for h in attachments.history(db, a.id) if h.action == "update"}
    assert changed == {"original_name", "kind", "expires_on"}


def test_summary_flags_expired_and_expiring(db, ent, source):
    today = date(2026, 11, 27)
    expired = attachments.add(db, source(b"1"), enterprise_id=ent.id, kind="licence",
                              expires_on=today - timedelta(days=1)).value
    soon = attachments.add(db, source(b"2"), enterprise_id=ent.id, kind="credit_report",
                           expires_on=today + timedelta(days=30)).value
    attachments.add(db, source(b"3"), enterprise_id=ent.id, kind="licence",
                    expires_on=today + timedelta(days=400))
    attachments.add(db, source(b"44"), enterprise_id=ent.id)
    s = attachments.summary(db, ent.id, today=today)
    assert s.count == 4 and s.total_size == 5
    assert s.by_kind == {"licence": 2, "credit_report": 1, "other": 1}
    assert [a.id for a in s.expired] == [expired.id]
    assert [a.id for a in s.expiring] == [soon.id]
    assert s.needs_attention
    assert attachments.expiry_state(soon, today=today) is attachments.ExpiryState.EXPIRING


def test_copy_out_uses_only_a_safe_extension(db, ent, source, tmp_path):
    a = attachments.add(db, source(b"pdf"), enterprise_id=ent.id,
                        original_name="..\\..\\CON.PDF").value
    out = attachments.copy_out(db, a.id, tmp_path / "view")
    assert out.parent == tmp_path / "view" and out.suffix == ".pdf"
    assert out.name.startswith(f"attachment-{a.id}-") and out.read_bytes() == b"pdf"
    b = attachments.add(db, source(b"odd"), enterprise_id=ent.id,
                        original_name="x.p d f/../..").value
    assert attachments.copy_out(db, b.id, tmp_path / "view").suffix == ""


def test_a_failed_insert_removes_the_file_it_stored(db, ent, source, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("audit failed")

    monkeypatch.setattr(attachments.AuditWriter, "created", boom)
    with pytest.raises(RuntimeError):
        attachments.add(db, source(b"new"), enterprise_id=ent.id)
    assert _count_rows(db) == 0 and _files_in(db.attachments_dir) == []


def test_every_message_is_translated():
    zh = translator("zh_CN")
    for msgid in [attachments.MSG_TOO_LARGE, attachments.MSG_FILE_DAMAGED,
                  attachments.MSG_UNREADABLE, attachments.MSG_DUPLICATE]:
        assert zh.gettext(msgid) != msgid


# ------------------------------------------------------------------ finding files, repairing


def test_reattaching_repairs_a_damaged_stored_copy(db, ent, source):
    a = attachments.add(db, source(b"good"), enterprise_id=ent.id).value
    stored = attachments.open_path(db, a.id)
    os.chmod(stored, stat.S_IREAD | stat.S_IWRITE)
    stored.write_bytes(b"bad")
    with pytest.raises(attachments.StoredCopyRepaired) as info:
        attachments.add(db, source(b"good", "again.pdf"), enterprise_id=ent.id)
    assert isinstance(info.value, ConflictError) and info.value.attachment.id == a.id
    assert "replaced with this file" in str(info.value) and "licence.pdf" in str(info.value)
    assert info.value.render(translator("zh_CN")) != info.value.render()
    assert attachments.open_path(db, a.id).read_bytes() == b"good"  # the fresh copy stayed
    assert _count_rows(db) == 1


def test_reattaching_restores_a_missing_stored_copy(db, ent, source):
    a = attachments.add(db, source(b"lost"), enterprise_id=ent.id).value
    attachments.open_path(db, a.id).unlink()
    with pytest.raises(attachments.StoredCopyRepaired, match="was missing"):
        attachments.add(db, source(b"lost"), enterprise_id=ent.id)
    assert attachments.open_path(db, a.id).read_bytes() == b"lost"


def test_a_failed_add_keeps_a_file_another_row_needs(db, ent, source, monkeypatch):
    a = attachments.add(db, source(b"shared"), enterprise_id=ent.id).value
    attachments.open_path(db, a.id).unlink()

    def boom(*args, **kwargs):
        raise RuntimeError("audit failed")

    monkeypatch.setattr(attachments.AuditWriter, "created", boom)
    app_id = _application(db, ent.id)  # another place: not a duplicate, so the insert runs
    with pytest.raises(RuntimeError):
        attachments.add(db, source(b"shared"), enterprise_id=ent.id, application_id=app_id)
    assert attachments.open_path(db, a.id).read_bytes() == b"shared"


def _copy_database(db, target: Path) -> Path:
    """A copy of the closed test database at ``target`` (its store is not copied)."""
    path = Path(db.path)
    db.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target


def test_a_renamed_copy_finds_its_attachments_beside_it(db, ent, source, tmp_path):
    a = attachments.add(db, source(b"renamed"), enterprise_id=ent.id).value
    copy = _copy_database(db, tmp_path / "coop (2).sqlite")
    renamed, _ = open_database(copy, actor="tester")
    try:
        assert renamed.attachments_dir == tmp_path / "coop (2).attachments"
        path = attachments.open_path(renamed, a.id)
        assert path == tmp_path / "coop.attachments" / a.sha256[:2] / a.sha256
        report = attachments.verify_all(renamed)
        assert report.clean and [(r.id, p) for r, p in report.elsewhere] == [(a.id, path)]
        assert not renamed.attachments_dir.exists()  # reading writes nothing
    finally:
        renamed.close()


def test_a_backup_opened_read_only_finds_the_store_of_its_backup_folder(db, ent, source,
                                                                        tmp_path):
    a = attachments.add(db, source(b"backed up"), enterprise_id=ent.id).value
    folder = tmp_path / "backups" / "coop-1a2b3c4d"
    shutil.copytree(db.attachments_dir, folder / "attachments")
    copy = _copy_database(db, folder / "coop-20260101-120000-auto.sqlite")
    shutil.rmtree(tmp_path / "coop.attachments")
    backup = open_read_only(copy)
    try:
        assert attachments.open_path(backup, a.id).read_bytes() == b"backed up"
        assert [x.id for x in attachments.list_for(backup, enterprise_id=ent.id)] == [a.id]
        assert attachments.open_store(backup) == []  # a read-only view is never written
    finally:
        backup.close()


def test_the_configured_backup_folder_is_searched(db, ent, source, tmp_path):
    a = attachments.add(db, source(b"on the stick"), enterprise_id=ent.id).value
    stick = tmp_path / "usb"
    shutil.copytree(db.attachments_dir, stick / "coop-99999999" / "attachments")
    AppSettings(backup_dir=str(stick), db_path=str(tmp_path / "elsewhere.sqlite")).save()
    copy = _copy_database(db, tmp_path / "laptop" / "coop.sqlite")
    shutil.rmtree(tmp_path / "coop.attachments")
    moved, _ = open_database(copy, actor="tester")
    try:
        found = attachments.open_path(moved, a.id)
        assert found.is_relative_to(stick) and found.read_bytes() == b"on the stick"
    finally:
        moved.close()


def test_a_file_found_nowhere_says_where_it_is_expected(db, ent, source):
    a = attachments.add(db, source(b"nowhere"), enterprise_id=ent.id).value
    attachments.open_path(db, a.id).unlink()
    with pytest.raises(attachments.AttachmentFileError) as info:
        attachments.open_path(db, a.id)
    text = str(info.value)
    assert str(db.attachments_dir) in text and f"{a.sha256[:2]}/{a.sha256}" in text
    assert "backup folder" in text


def test_a_copy_in_progress_holds_a_lock_on_its_part_file(db, ent, source, monkeypatch):
    path = source(b"x" * (3 * 1024 * 1024))
    real_open = Path.open
    seen: list[tuple[str, bool]] = []

    class Watching:
        def __init__(self, fh):
            self.fh = fh

        def read(self, n):
            for part in (db.attachments_dir / "tmp").glob("*.part"):
                seen.append((part.name, attachment_store._is_locked(part)))
            return self.fh.read(n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: Watching(real_open(self, *a, **k))
                        if self == path else real_open(self, *a, **k))
    attachments.add(db, path, enterprise_id=ent.id)
    assert seen and all(name.startswith("incoming-") for name, _ in seen)
    if os.name == "posix":
        assert all(locked for _, locked in seen)
    assert list((db.attachments_dir / "tmp").iterdir()) == []


def test_stray_part_files_are_removed_when_the_store_is_opened(db, ent, source):
    incoming = db.attachments_dir / "tmp"
    incoming.mkdir(parents=True)
    old = time.time() - attachment_store.STRAY_AGE_S - 60
    killed = incoming / "incoming-killed.part"
    killed.write_bytes(b"k" * 1000)
    os.utime(killed, (old, old))
    fresh = incoming / "incoming-fresh.part"
    fresh.write_bytes(b"f")
    live = incoming / "incoming-live.part"
    live.write_bytes(b"l")
    os.utime(live, (old, old))
    holder = open(live, "rb")  # noqa: SIM115 - a copy that is still running
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        attachments.add(db, source(b"first write opens the store"), enterprise_id=ent.id)
        assert not killed.exists() and fresh.exists()
        assert live.exists() or os.name != "posix"
    finally:
        holder.close()


def test_the_store_is_private(db, ent, source):
    a = attachments.add(db, source(b"private"), enterprise_id=ent.id).value
    stored = attachments.open_path(db, a.id)
    if os.name == "posix":
        for folder in (db.attachments_dir, stored.parent, db.attachments_dir / "tmp"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        assert stat.S_IMODE(stored.stat().st_mode) == 0o400
    assert attachments.verify_all(db).not_private == []
