#!/bin/sh
# Refresh the bundled Lucide icons (resources/icons) from the npm package lucide-static.
#   scripts/update_icons.sh [VERSION]      (default: the version in resources/icons/README.md)
# Copies LICENSE and every icon named in ui/icons.py (ICONS); app.svg is ours and stays.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=${1:-$(sed -n 's/.*version \*\*\([0-9.]*\)\*\*.*/\1/p' "$ROOT/resources/icons/README.md" | head -1)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "lucide-static@$VERSION" >/dev/null && tar xzf lucide-static-*.tgz)
cp "$TMP/package/LICENSE" "$ROOT/resources/icons/LICENSE"
"$ROOT/.venv/bin/python" - "$TMP/package/icons" "$ROOT/resources/icons" <<'PY'
import shutil, sys
from pathlib import Path
sys.path.insert(0, str(Path(sys.argv[2]).parents[1]))
import ast
source = (Path(sys.argv[2]).parents[1] / "ui" / "icons.py").read_text(encoding="utf-8")
tree = ast.parse(source)
icons = next(n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign)
             and getattr(n.target, "id", "") == "ICONS")
for name in sorted({v.value for v in icons.values}):
    shutil.copyfile(Path(sys.argv[1]) / f"{name}.svg", Path(sys.argv[2]) / f"{name}.svg")
    print(name)
PY
echo "lucide-static $VERSION copied"
