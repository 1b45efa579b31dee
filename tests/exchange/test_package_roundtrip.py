"""Dossier packages: export → import on a fresh database reproduces the application (text,
frozen revisions, metadata) and its attachments byte for byte; what the package holds;
export is atomic and cancellable; re-import is recognised."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

import pytest

from coop_desktop import __version__, fileio
from coop_desktop.db.migrate import head_revision
from coop_desktop.errors import ConflictError, NotFoundError
from coop_desktop.exchange import package as pk
from coop_desktop.exchange import package_format as fmt
from coop_desktop.models import AuditEntry
from coop_desktop.services import applications as apps
from coop_desktop.services import attachment_store, attachments, backups, enterprises
from coop_desktop.services.catalog import titles, zones
from package_kit import NEW_TEXT, OFFICER, counts, make_dossier, members, other_database, tree
from sqlmodel import select


@pytest.fixture
def made(db, tmp_path, new_uscc):
    (tmp_path / "src").mkdir()
    return make_dossier(db, tmp_path / "src", new_uscc())


@pytest.fixture
def package_file(db, made, tmp_path):
    result = pk.export_package(db, made.app_id, tmp_path / "out.coopdossier", settings=OFFICER)
    return result.path


@pytest.fixture
def fresh(tmp_path, _fresh_database_file):
    database = other_database(tmp_path / "laptop-b", _fresh_database_file)
    yield database
    database.close()


def _app_state(db, app_id):
    app = apps.get(db, app_id).model_dump(exclude={"id", "enterprise_id", "zone_id"})
    sections = [s.model_dump(exclude={"id", "application_id"}) for s in apps.sections(db, app_id)]
    revisions = [r.model_dump(exclude={"id", "application_id"})
                 for r in apps.revisions(db, app_id)]
    ignores = sorted((i.section_key, i.issue_key, i.reason, i.actor, i.created_at)
                     for i in apps.ignores(db, app_id))
    return app, sections, revisions, ignores


def _files(db, enterprise_id):
    out = {}
    for a in attachments.list_for(db, enterprise_id):
        meta = a.model_dump(include={"original_name", "kind", "expires_on", "note", "sha256",
                                     "size", "created_at"})
        out[(a.sha256, a.application_id is not None)] = (
            meta, attachments.open_path(db, a.id).read_bytes())
    return out


def test_round_trip_on_a_fresh_database_is_byte_for_byte(db, made, package_file, fresh):
    package = pk.inspect_package(package_file)
    plan = pk.plan_import(fresh, package)
    assert plan.enterprise.action == "create" and plan.differences == () and plan.earlier == ()
    assert plan.zone.action == "match" and plan.zone.matched_by == "source_key"
    before = tree(fresh.attachments_dir.parent)
    result = pk.apply_import(fresh, plan, {})

    assert _app_state(fresh, result.application_id) == _app_state(db, made.app_id)
    revisions = apps.revisions(fresh, result.application_id)
    assert [r.snapshot for r in revisions] == [r.snapshot for r in apps.revisions(db, made.app_id)]
    assert NEW_TEXT in [s.zh for s in apps.sections(fresh, result.application_id)]
    assert _files(fresh, result.enterprise_id) == _files(db, made.enterprise_id)
    for a in attachments.list_for(fresh, result.enterprise_id):  # in B's own store, intact
        assert attachment_store.is_intact(
            attachment_store.blob_path(fresh.attachments_dir, a.sha256), a.sha256)
    assert set(tree(fresh.attachments_dir.parent)) > set(before)

    mine = enterprises.get(db, made.enterprise_id).model_dump(
        exclude={"id", "created_at", "updated_at", "deleted_at"})
    theirs = enterprises.get(fresh, result.enterprise_id).model_dump(
        exclude={"id", "created_at", "updated_at", "deleted_at"})
    assert mine == theirs
    strip = ("id", "enterprise_id", "created_at", "updated_at")
    assert [t.model_dump(exclude=set(strip)) for t in titles.list(fresh, enterprise_id=result.enterprise_id)] \
        == [t.model_dump(exclude=set(strip)) for t in titles.list(db, enterprise_id=made.enterprise_id)]
    assert apps.get(fresh, result.application_id).zone_id == zones.list(
        fresh, source_key="cn-de-taicang")[0].id
    assert result.backup is not None and result.backup.exists()
    assert [b.reason for b in backups.list_backups(fresh.path)] == ["before-import"]

    # one op_id for the whole import; the application names its package and origin
    with fresh.read() as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.op_id == result.op_id)).all()
    assert {r.entity for r in rows} >= {"enterprise", "application", "application_section",
                                        "application_revision", "attachment", "srdi_title"}
    marks = {r.field: r.new_value for r in rows if r.entity == "application"}
    assert marks["package_id"] == package.package_id
    assert marks["package_origin"] == package.dossier.application.origin

    # exported again from the second laptop: the same identity travels on
    again = pk.export_package(fresh, result.application_id, package_file.with_name("b.coopdossier"),
                              settings=OFFICER)
    assert pk.inspect_package(again.path).dossier.application.origin == \
        package.dossier.application.origin


def test_the_package_holds_a_manifest_of_every_file(db, made, package_file):
    content = members(package_file)
    manifest = json.loads(content[fmt.MANIFEST])
    assert manifest["format"] == "coop-dossier" and manifest["format_version"] == 1
    assert manifest["app_version"] == __version__
    assert manifest["schema_revision"] == head_revision()
    assert manifest["made_by"]["officer"] == "李明"
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == set(content) - {fmt.MANIFEST}
    assert {fmt.DOSSIER, fmt.PDF} <= set(listed)
    for name, item in listed.items():
        assert item["size"] == len(content[name])
        assert item["sha256"] == __import__("hashlib").sha256(content[name]).hexdigest()
    shas = {a.sha256 for a in attachments.list_for(db, made.enterprise_id)}
    assert {n for n in listed if n.startswith("attachments/")} == {f"attachments/{s}" for s in shas}
    assert content[fmt.PDF].startswith(b"%PDF")
    dossier = json.loads(content[fmt.DOSSIER])
    assert "contacts" not in dossier and dossier["pdf"]["revision"] is None  # revision 2: draft
    assert fileio.is_private(package_file)
    with zipfile.ZipFile(package_file) as zf:
        for info in zf.infolist():
            assert info.date_time == (2000, 1, 1, 0, 0, 0)


def test_export_is_atomic_and_can_be_cancelled(db, made, tmp_path):
    target = tmp_path / "cancel" / "x.coopdossier"
    target.parent.mkdir()
    target.write_bytes(b"an older package, kept")
    gen = pk.export_iter(db, made.app_id, target, settings=OFFICER, include_pdf=False)
    next(gen)
    next(gen)
    gen.close()
    assert target.read_bytes() == b"an older package, kept"
    assert os.listdir(target.parent) == ["x.coopdossier"]  # no temporary file left
    with pytest.raises(pk.Cancelled):
        pk.export_package(db, made.app_id, target, include_pdf=False, cancelled=lambda: True)
    assert os.listdir(target.parent) == ["x.coopdossier"]
    with pytest.raises(NotFoundError):
        pk.export_package(db, 987654, tmp_path / "none.coopdossier")
    assert not (tmp_path / "none.coopdossier").exists()


def test_export_refuses_an_attachment_whose_file_is_damaged(db, made, tmp_path):
    [row] = [a for a in attachments.list_for(db, made.enterprise_id) if a.application_id]
    blob = attachment_store.blob_path(db.attachments_dir, row.sha256)
    os.chmod(blob, 0o600)
    blob.write_bytes(b"not the file any more")
    with pytest.raises(attachments.AttachmentFileError):
        pk.export_package(db, made.app_id, tmp_path / "x.coopdossier", include_pdf=False)
    assert not (tmp_path / "x.coopdossier").exists()


def test_reimport_is_recognised_and_needs_as_copy(db, made, package_file, fresh):
    package = pk.inspect_package(package_file)
    first = pk.apply_import(fresh, pk.plan_import(fresh, package), {})
    plan = pk.plan_import(fresh, package)
    [earlier] = plan.earlier
    assert earlier.app_id == first.application_id and earlier.same_package
    assert earlier.imported_at is not None
    before = counts(fresh)
    with pytest.raises(ConflictError, match="already on this computer"):
        pk.apply_import(fresh, plan, {})
    assert counts(fresh) == before
    copy = pk.apply_import(fresh, plan, {}, as_copy=True)
    assert copy.application_id != first.application_id
    assert copy.enterprise_id == first.enterprise_id and not copy.enterprise_created
    assert copy.attachments_added == 1  # the general licence is not attached twice
    assert _app_state(fresh, copy.application_id) == _app_state(fresh, first.application_id)

    # a new package of the same application (made later on laptop A) is recognised too
    second = pk.export_package(db, made.app_id, package_file.with_name("v2.coopdossier"),
                               include_pdf=False)
    plan2 = pk.plan_import(fresh, pk.inspect_package(second.path))
    assert {e.app_id for e in plan2.earlier} == {first.application_id, copy.application_id}
    assert not any(e.same_package for e in plan2.earlier)

    # and the package brought back to the laptop it was made on names the original
    home = pk.plan_import(db, package)
    assert [(e.app_id, e.imported_at) for e in home.earlier] == [(made.app_id, None)]


def test_an_application_in_the_recycle_bin_is_not_an_earlier_copy(db, made, package_file, fresh):
    package = pk.inspect_package(package_file)
    first = pk.apply_import(fresh, pk.plan_import(fresh, package), {})
    apps.delete(fresh, [first.application_id])
    assert pk.plan_import(fresh, package).earlier == ()


def test_a_user_zone_is_matched_by_name_or_created(db, made, tmp_path, fresh):
    own_zone = zones.create(db, {"name_zh": "某某自建合作区", "partner_countries": ["FR"]}).value
    app2 = apps.create(db, enterprise_id=made.enterprise_id, template_key="company_profile",
                       zone_id=own_zone.id, settings=OFFICER).value
    path = pk.export_package(db, app2.id, tmp_path / "z.coopdossier", include_pdf=False).path
    plan = pk.plan_import(fresh, pk.inspect_package(path))
    assert plan.zone.action == "create" and plan.zone.source_key is None
    result = pk.apply_import(fresh, plan, {})
    assert result.zone_created
    assert zones.get(fresh, result.zone_id).partner_countries == ["FR"]
    plan = pk.plan_import(fresh, pk.inspect_package(path))
    assert (plan.zone.action, plan.zone.matched_by, plan.zone.local_id) == (
        "match", "name", result.zone_id)


def test_the_pdf_can_be_taken_out_checked(db, made, package_file, tmp_path):
    package = pk.inspect_package(package_file)
    out = pk.extract_pdf(package, tmp_path / "look" / "dossier.pdf")
    assert out.read_bytes() == members(package_file)[fmt.PDF]
    assert fileio.is_private(out)


def test_cancelling_the_import_while_files_are_copied_changes_nothing(db, made, package_file,
                                                                      fresh, monkeypatch):
    from coop_desktop.exchange import package_format

    monkeypatch.setattr(package_format, "CHUNK", 4096)  # many progress steps per file
    plan = pk.plan_import(fresh, pk.inspect_package(package_file))
    before = counts(fresh)
    gen = pk.apply_iter(fresh, plan, {})
    steps = [next(gen) for _ in range(6)]  # the backup, then part of the first file
    assert steps[-1][0] < steps[-1][1]
    gen.close()
    assert counts(fresh) == before
    assert list(attachment_store.stored_files(fresh.attachments_dir)) == []
    assert attachment_store.partial_files(fresh.attachments_dir) == []
    with pytest.raises(pk.Cancelled):
        pk.apply_import(fresh, plan, {}, cancelled=lambda: True)
    assert counts(fresh) == before


def test_a_read_only_database_refuses_before_the_backup(made, package_file, tmp_path):
    from coop_desktop.db import open_read_only
    from coop_desktop.errors import ReadOnlyDatabaseError

    from coop_desktop.services import open_database

    target = tmp_path / "ro"
    target.mkdir()
    shutil.copyfile(package_file, target / "p.coopdossier")
    database, _ = open_database(target / "coop.sqlite", actor="t")
    database.close()
    ro = open_read_only(target / "coop.sqlite")
    try:
        plan = pk.plan_import(ro, pk.inspect_package(target / "p.coopdossier"))
        with pytest.raises(ReadOnlyDatabaseError):
            pk.apply_import(ro, plan, {}, backup_dir=target / "backups")
        assert not (target / "backups").exists()
    finally:
        ro.close()


def test_a_zone_in_the_recycle_bin_here_and_an_unknown_template_are_warnings(
        db, made, package_file, fresh, tmp_path):
    from package_kit import members, rezip

    zone = zones.list(fresh, source_key="cn-de-taicang")[0]
    zones.delete(fresh, [zone.id])
    dossier = json.loads(members(package_file)[fmt.DOSSIER])
    dossier["application"]["template_key"] = "template_of_a_newer_version"
    changed = rezip(package_file, tmp_path / "t.coopdossier",
                    change={fmt.DOSSIER: fmt.dumps(dossier)})
    plan = pk.plan_import(fresh, pk.inspect_package(changed))
    assert plan.zone.action == "deleted" and not plan.template_known
    texts = [w.render() for w in plan.warnings]
    assert any("recycle bin" in t for t in texts)
    assert any("template_of_a_newer_version" in t for t in texts)
    result = pk.apply_import(fresh, plan, {})
    assert result.zone_id is None and apps.get(fresh, result.application_id).zone_id is None
    infos = apps.section_infos(fresh, result.application_id)
    assert [i.title_en for i in infos] == [s.key for s in apps.sections(fresh,
                                                                        result.application_id)]


def test_programme_links_stay_on_their_laptop(db, made, tmp_path, fresh):
    """The SME cluster and pilot city are this database's reference rows: a package leaves
    them out, like zone links, and never points the other laptop at a row by id."""
    from coop_desktop.services import programmes

    city = programmes.list_pilot_cities(db)[0]
    enterprises.update(db, made.enterprise_id, {"pilot_city_id": city.id})
    result = pk.export_package(db, made.app_id, tmp_path / "linked.coopdossier", settings=OFFICER)
    package = pk.inspect_package(result.path)
    assert "pilot_city_id" not in package.dossier.enterprise
    assert "cluster_id" not in package.dossier.enterprise
    done = pk.apply_import(fresh, pk.plan_import(fresh, package), {})
    assert enterprises.get(fresh, done.enterprise_id).pilot_city_id is None
