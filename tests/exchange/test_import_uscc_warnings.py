"""An import takes a row whose USCC is well formed but implausible, and says so in the report."""

from __future__ import annotations

import json

from coop_desktop.cli import main
from coop_desktop.exchange import importer
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import enterprises
from coop_desktop.validation import (
    MSG_USCC_ORG_CHECK, MSG_USCC_PROVINCE, org_code_check_char, uscc_check_char,
)
from tests.exchange.import_kit import uscc, write_csv


def _code(first16: str, org_check: str | None = None) -> str:
    first17 = first16 + (org_check or org_code_check_char(first16[8:]))
    return first17 + uscc_check_char(first17)


UNKNOWN_REGION = _code("91999999MA000777")
WRONG_ORG_CHECK = _code("91440300MA000778", org_check="0" if org_code_check_char(
    "MA000778") != "0" else "1")


def _file(tmp_path):
    return write_csv(tmp_path / "list.csv", [
        ["企业名称", "统一社会信用代码"],
        ["深圳市甲科技有限公司", uscc(1)],
        ["深圳市乙科技有限公司", UNKNOWN_REGION],
        ["深圳市丙科技有限公司", WRONG_ORG_CHECK],
    ])


def test_implausible_codes_are_imported_with_a_warning_naming_the_row(db, tmp_path):
    path = _file(tmp_path)
    report = importer.apply(db, path, backup=False)
    assert (report.created, report.rejected) == (3, 0)
    assert enterprises.get_by_uscc(db, UNKNOWN_REGION) is not None
    assert [(w.params["row"], w.params["column"], w.params["message"].msgid)
            for w in report.warnings] == [(3, "统一社会信用代码", MSG_USCC_PROVINCE),
                                           (4, "统一社会信用代码", MSG_USCC_ORG_CHECK)]
    assert report.warnings[0].render().startswith("Row 3, column “统一社会信用代码”: Characters 3")
    zh = report.to_json(translator("zh_CN"))["warnings"]
    assert zh[0].startswith("第 3 行") and "999999" in zh[0] and "请核对代码" in zh[0]


def test_the_dry_run_warns_too_and_a_second_import_does_not(db, tmp_path):
    path = _file(tmp_path)
    assert len(importer.plan(db, path).warnings) == 2
    importer.apply(db, path, backup=False)
    again = importer.plan(db, path)  # the enterprises exist now: nothing new to look at
    assert again.unchanged == 3 and again.warnings == []


def test_the_command_line_prints_the_warnings(db, tmp_path, capsys):
    path = _file(tmp_path)
    db.close()
    closed_db = db.path
    assert main(["--db", str(closed_db), "import", "enterprises", str(path), "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "Warning: Row 3, column “统一社会信用代码”: Characters 3 to 8" in err
    assert main(["--db", str(closed_db), "import", "enterprises", str(path), "--dry-run",
                 "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["warnings"]) == 2
