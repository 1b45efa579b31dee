"""The dependency rule, checked by machines: the core never imports Qt or the UI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_with_pyside6_unavailable():
    code = (
        "import sys, pkgutil, importlib\n"
        "for name in ('PySide6', 'shiboken6', 'ui'):\n"
        "    sys.modules[name] = None\n"
        "import coop_desktop\n"
        "mods = [m.name for m in pkgutil.walk_packages(coop_desktop.__path__, 'coop_desktop.')\n"
        "        if '.migrations.versions' not in m.name and not m.name.endswith('migrations.env')]\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "print(len(mods))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 20


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_only_the_composition_root_opens_a_database():
    """The import-linter contracts see imports; this sees names, so that no screen opens a
    database through an attribute path either (``coop_desktop.services.open_database``)."""
    import ast

    openers = {"open_database", "open_read_only", "make_engine", "create_engine", "open_engine"}
    found = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() == "ui/app.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            name = (node.id if isinstance(node, ast.Name) else
                    node.attr if isinstance(node, ast.Attribute) else
                    node.name if isinstance(node, ast.alias) else None)
            if name in openers:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert found == []


def test_documents_stay_below_every_use_case_module():
    """The import-linter contract "documents imports no services, CLI, demo, exchange or UI"
    names the CLI modules one by one (import-linter has no prefix wildcard): a new
    ``cli_*.py`` must be added to it, or documents could import it unnoticed."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"]
                  if c.get("source_modules") == ["coop_desktop.documents"]]
    forbidden = set(contract["forbidden_modules"])
    cli = {f"coop_desktop.{p.stem}" for p in (ROOT / "coop_desktop").glob("cli*.py")}
    assert cli and cli <= forbidden, sorted(cli - forbidden)
    assert {"coop_desktop.services", "coop_desktop.exchange", "coop_desktop.demo",
            "ui"} <= forbidden
    # Only type-checking imports may be ignored, and each names a documents module.
    for rule in contract.get("ignore_imports", []):
        source, target = (part.strip() for part in rule.split("->"))
        assert source.startswith("coop_desktop.documents.")
        path = ROOT / (source.replace(".", "/") + ".py")
        text = path.read_text(encoding="utf-8")
        block = text.split("if TYPE_CHECKING:", 1)[1].split("\n\n", 1)[0]
        assert f"from {target} import" in block, rule
