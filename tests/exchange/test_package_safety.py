"""A damaged, changed or hostile package is refused before anything is written: the message
names the bad member; the database, the attachment store and the folders around stay as
they were (no zip-slip, no zip bomb)."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile

import pytest

from coop_desktop.exchange import package as pk
from coop_desktop.exchange import package_format as fmt
from package_kit import OFFICER, counts, flip_byte, make_dossier, members, rezip, tree


@pytest.fixture(scope="module")
def made_package(tmp_path_factory, _fresh_database_file):
    """One exported package for the whole module (made once: ~0.5 s)."""
    import shutil

    from coop_desktop.services import open_database

    folder = tmp_path_factory.mktemp("source")
    shutil.copyfile(_fresh_database_file, folder / "coop.sqlite")
    with pytest.MonkeyPatch.context() as mp:  # never the real user's folders
        mp.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        mp.setenv("XDG_DATA_HOME", str(folder / "data"))
        db, _ = open_database(folder / "coop.sqlite", actor="tester")
        try:
            made = make_dossier(db, folder, "91440300MA5FXX0009")
            path = pk.export_package(db, made.app_id, folder / "good.coopdossier",
                                     settings=OFFICER).path
        finally:
            db.close()
    return path


@pytest.fixture
def good(made_package, tmp_path):
    import shutil

    return shutil.copyfile(made_package, tmp_path / "good.coopdossier")


def _refused(path, member):
    with pytest.raises(pk.PackageError) as caught:
        pk.inspect_package(path)
    assert caught.value.member == member, caught.value
    if member is not None:
        assert member in str(caught.value)
    return caught.value


def _attachment(path):
    return next(n for n in members(path) if n.startswith("attachments/"))


def test_the_good_package_passes(good):
    package = pk.inspect_package(good)
    assert package.files == len(members(good)) - 1 and package.has_pdf


@pytest.mark.parametrize("which", ["dossier.json", "attachment", "dossier.pdf", "manifest.json"])
def test_one_changed_byte_in_any_member_is_refused_naming_it(good, tmp_path, which):
    name = _attachment(good) if which == "attachment" else which
    bad = flip_byte(good, tmp_path / "bad.coopdossier", name)
    error = _refused(bad, name)
    assert "damaged" in str(error) or "changed" in str(error)


@pytest.mark.parametrize("which", ["dossier.json", "attachment", "dossier.pdf"])
def test_a_changed_member_with_a_valid_zip_checksum_fails_its_sha256(good, tmp_path, which):
    name = _attachment(good) if which == "attachment" else which
    content = bytearray(members(good)[name])
    content[len(content) // 2] ^= 0x01
    bad = rezip(good, tmp_path / "bad.coopdossier", change={name: bytes(content)},
                fix_manifest=False)
    error = _refused(bad, name)
    assert "SHA-256" in str(error)


def test_a_changed_manifest_that_no_longer_matches_is_refused(good, tmp_path):
    manifest = json.loads(members(good)[fmt.MANIFEST])
    manifest["files"][0]["size"] += 1
    bad = rezip(good, tmp_path / "bad.coopdossier", change={fmt.MANIFEST: fmt.dumps(manifest)})
    _refused(bad, manifest["files"][0]["name"])


@pytest.mark.parametrize("keep", [0.5, 0.99, -1, -22])
def test_a_truncated_package_is_refused(good, tmp_path, keep):
    data = good.read_bytes()
    cut = int(len(data) * keep) if keep > 0 else len(data) + keep
    bad = tmp_path / "cut.coopdossier"
    bad.write_bytes(data[:cut])
    with pytest.raises(pk.PackageError) as caught:
        pk.inspect_package(bad)
    assert "cut.coopdossier" in str(caught.value) or caught.value.member is not None


def test_not_a_package_at_all(tmp_path):
    for name, data in (("empty.coopdossier", b""), ("text.coopdossier", b"hello" * 100)):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(pk.PackageError, match="not a dossier package"):
            pk.inspect_package(tmp_path / name)
    with pytest.raises(pk.PackageError, match="was not found"):
        pk.inspect_package(tmp_path / "missing.coopdossier")
    with pytest.raises(pk.PackageError, match="is not a file"):
        pk.inspect_package(tmp_path)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "something-else"}))
    with pytest.raises(pk.PackageError, match="not a Coop Desktop dossier package"):
        pk.inspect_package(other)


def _hostile(good, path, entries, *, symlink=None):
    """``good``'s members plus ``entries`` (name -> bytes), listed in the manifest as if
    they belonged there (so only the name or type check can catch them)."""
    content = members(good)
    manifest = json.loads(content.pop(fmt.MANIFEST))
    for name, data in entries.items():
        manifest["files"].append({"name": name, "size": len(data),
                                  "sha256": hashlib.sha256(data).hexdigest()})
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(fmt.MANIFEST, fmt.dumps(manifest))
        for name, data in content.items():
            zf.writestr(name, data)
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            if name == symlink:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data)
    return path


@pytest.mark.parametrize("name", [
    "../evil.txt", "attachments/../../evil.txt", "/tmp/evil.txt", "C:\\evil.txt",
    "attachments\\..\\evil.txt", "./manifest.json", "attachments//x",
])
def test_zip_slip_entries_are_refused_and_nothing_is_written(db, good, tmp_path, name):
    (tmp_path / "pkg").mkdir()
    bad = _hostile(good, tmp_path / "pkg" / "evil.coopdossier", {name: b"owned"})
    before_tree, before_rows = tree(tmp_path), counts(db)
    error = _refused(bad, name)
    assert "unsafe name" in str(error)
    assert tree(tmp_path) == before_tree and counts(db) == before_rows
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_a_symlink_entry_is_refused(good, tmp_path):
    name = "attachments/" + "a" * 64
    bad = _hostile(good, tmp_path / "link.coopdossier", {name: b"/etc/passwd"}, symlink=name)
    assert "link" in str(_refused(bad, name))


def test_duplicate_entries_are_refused(good, tmp_path):
    bad = tmp_path / "dup.coopdossier"
    content = members(good)
    with pytest.warns(UserWarning), zipfile.ZipFile(bad, "w") as zf:
        for name, data in content.items():
            zf.writestr(name, data)
        zf.writestr(fmt.DOSSIER, b"{}")  # a second dossier.json after the listed one
    assert "more than once" in str(_refused(bad, fmt.DOSSIER))


def test_unlisted_missing_and_unexpected_entries_are_refused(good, tmp_path):
    extra = "attachments/" + "b" * 64
    bad = rezip(good, tmp_path / "a.coopdossier", add={extra: b"slipped in"})
    assert "not listed" in str(_refused(bad, extra))
    gone = _attachment(good)
    bad = rezip(good, tmp_path / "b.coopdossier", drop=(gone,))
    assert "listed in its manifest but is not" in str(_refused(bad, gone))
    bad = rezip(good, tmp_path / "c.coopdossier", add={"notes.txt": b"hello"})
    assert "does not belong" in str(_refused(bad, "notes.txt"))
    bad = rezip(good, tmp_path / "d.coopdossier", add={"attachments/": b""})
    _refused(bad, "attachments/")


def test_overlapping_entries_are_refused(good, tmp_path):
    """Two directory entries pointing at the same bytes (the "overlapping" zip bomb)."""
    data = bytearray(good.read_bytes())
    records = [i for i in range(len(data) - 4) if data[i:i + 4] == b"PK\x01\x02"]
    assert len(records) >= 3
    data[records[2] + 42:records[2] + 46] = data[records[1] + 42:records[1] + 46]
    bad = tmp_path / "overlap.coopdossier"
    bad.write_bytes(bytes(data))
    with zipfile.ZipFile(bad) as zf:
        name = zf.infolist()[2].filename
        other = zf.infolist()[1].filename
    error = _refused_any(bad, {name, other})
    assert "overlaps" in str(error)


def _refused_any(path, names):
    with pytest.raises(pk.PackageError) as caught:
        pk.inspect_package(path)
    assert caught.value.member in names
    return caught.value


def test_sizes_are_checked_before_anything_is_unpacked(good, tmp_path, monkeypatch):
    """Declared sizes over the limits, or ratios real compression cannot reach, are refused
    from the directory alone: no member but the manifest is ever read."""
    read = []
    real = fmt.read_member

    def spy(zf, info, **kw):
        read.append(info.orig_filename)
        return real(zf, info, **kw)

    monkeypatch.setattr(fmt, "read_member", spy)
    monkeypatch.setattr(fmt, "MAX_DOSSIER", 1000)
    assert "would unpack to" in str(_refused(good, fmt.DOSSIER))
    assert read == [fmt.MANIFEST]

    monkeypatch.setattr(fmt, "MAX_DOSSIER", 128 * fmt.MiB)
    bomb = rezip(good, tmp_path / "bomb.coopdossier",
                 change={fmt.DOSSIER: b" " * (2 * fmt.MiB)})  # 2 MiB of spaces: ~2 KiB packed
    read.clear()
    monkeypatch.setattr(fmt, "MAX_RATIO", 50)
    assert "zip bomb" in str(_refused(bomb, fmt.DOSSIER))
    assert read == [fmt.MANIFEST]

    monkeypatch.setattr(fmt, "MAX_TOTAL", 1000)
    read.clear()
    with pytest.raises(pk.PackageError, match="would unpack to"):
        pk.inspect_package(good)
    assert read == [fmt.MANIFEST]


def test_newer_format_or_schema_is_refused_with_update_advice(good, tmp_path):
    manifest = json.loads(members(good)[fmt.MANIFEST])
    newer = dict(manifest, format_version=99)
    bad = rezip(good, tmp_path / "a.coopdossier", change={fmt.MANIFEST: fmt.dumps(newer)})
    assert "Update Coop Desktop" in str(_refused(bad, None))  # not damage: no bad member
    newer = dict(manifest, schema_revision="9999_from_the_future")
    bad = rezip(good, tmp_path / "b.coopdossier", change={fmt.MANIFEST: fmt.dumps(newer)})
    assert "database schema 9999_from_the_future" in str(_refused(bad, None))


@pytest.mark.parametrize("change", [
    b'{"format": 1, "format": 1}', b"[1, 2", b'{"x": NaN}', b"[" * 200 + b"]" * 200,
    "\ufeff{}".encode("utf-16"),
])
def test_a_dossier_that_is_not_strict_json_is_refused(good, tmp_path, change):
    bad = rezip(good, tmp_path / "x.coopdossier", change={fmt.DOSSIER: change})
    assert "not valid" in str(_refused(bad, fmt.DOSSIER))


def test_a_dossier_whose_records_break_the_rules_is_refused_before_writing(db, good, tmp_path):
    dossier = json.loads(members(good)[fmt.DOSSIER])
    dossier["enterprise"]["uscc"] = "not a code"
    bad = rezip(good, tmp_path / "x.coopdossier", change={fmt.DOSSIER: fmt.dumps(dossier)})
    package = pk.inspect_package(bad)  # the structure is sound
    before = counts(db)
    with pytest.raises(pk.PackageError, match="does not meet the rules") as caught:
        pk.plan_import(db, package)
    assert caught.value.member == fmt.DOSSIER and counts(db) == before
    dossier = json.loads(members(good)[fmt.DOSSIER])
    dossier["application"]["title_zh"] = "x\u202ey"  # a control character in a name
    bad = rezip(good, tmp_path / "y.coopdossier", change={fmt.DOSSIER: fmt.dumps(dossier)})
    with pytest.raises(pk.PackageError, match="does not meet the rules"):
        pk.plan_import(db, pk.inspect_package(bad))
    dossier = json.loads(members(good)[fmt.DOSSIER])
    dossier["revisions"][0]["snapshot"] = "not json"
    bad = rezip(good, tmp_path / "z.coopdossier", change={fmt.DOSSIER: fmt.dumps(dossier)})
    with pytest.raises(pk.PackageError, match="frozen revision"):
        pk.plan_import(db, pk.inspect_package(bad))


def test_a_package_changed_after_it_was_checked_is_not_imported(db, good, tmp_path):
    package = pk.inspect_package(good)
    plan = pk.plan_import(db, package)
    before, files = counts(db), tree(db.attachments_dir.parent)
    flip_byte(good, good, _attachment(good))  # the USB stick's file changes meanwhile
    with pytest.raises(pk.PackageError, match="changed after it was checked"):
        pk.apply_import(db, plan, {}, backup_dir=tmp_path / "b")
    assert counts(db) == before
    assert tree(db.attachments_dir.parent) == files


def test_a_member_that_fails_its_hash_while_importing_leaves_no_file(db, good, tmp_path,
                                                                     monkeypatch):
    """The bytes are hashed again on their way into the store; a mismatch there (the file
    was swapped between the check and the copy) stops the import and removes the copy."""
    from coop_desktop.exchange import package_apply

    package = pk.inspect_package(good)
    plan = pk.plan_import(db, package)
    before = counts(db)
    original = package_apply._copy_member

    def tampered(root, zf, info, sha256, size):
        return original(root, zf, info, "0" * 64 if sha256 == plan.attachments[-1].sha256
                        else sha256, size)

    monkeypatch.setattr(package_apply, "_copy_member", tampered)
    with pytest.raises(pk.PackageError, match="SHA-256"):
        pk.apply_import(db, plan, {}, backup_dir=tmp_path / "b")
    assert counts(db) == before
    from coop_desktop.services import attachment_store

    assert list(attachment_store.stored_files(db.attachments_dir)) == []
    assert attachment_store.partial_files(db.attachments_dir) == []


def test_a_table_of_contents_with_too_many_entries_is_refused_before_it_is_read(
        tmp_path, monkeypatch):
    monkeypatch.setattr(fmt, "MAX_MEMBERS", 50)
    many = tmp_path / "many.coopdossier"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(60):
            zf.writestr(f"attachments/{i:064x}", b"")
    parsed = []
    real = zipfile.ZipFile.__init__
    monkeypatch.setattr(zipfile.ZipFile, "__init__",
                        lambda self, *a, **k: parsed.append(a) or real(self, *a, **k))
    with pytest.raises(pk.PackageError, match="holds 60 entries"):
        pk.inspect_package(many)
    assert parsed == []  # refused from the end record alone
