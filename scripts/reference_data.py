"""Maintain the shipped reference lists (zones, SME clusters, pilot cities).

    .venv/bin/python scripts/reference_data.py codes   # fill province_code / city_code from the names
    .venv/bin/python scripts/reference_data.py check   # validate the files; exit status 1 on a problem

The codes are GB/T 2260 codes from ``resources/regions/gb2260.json`` (via
``coop_desktop.reference.regions``): a province by its full name (``江苏省``), a city by
the prefecture-level name its ``city_zh`` starts with (``苏州市太仓市`` -> 苏州市 320500,
``常州市（常州国家高新区）`` -> 常州市 320400). Run ``codes`` after editing names, then
``check``; bump the dataset's version in ``manifest.json`` when a file changes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coop_desktop.reference import regions  # noqa: E402

REFERENCE = ROOT / "resources" / "reference"
DATASETS = ("zones", "clusters", "pilot_cities")
CJK = re.compile(r"[\u4e00-\u9fff]")
URL = re.compile(r"^https?://\S+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load(dataset: str) -> dict:
    manifest = json.loads((REFERENCE / "manifest.json").read_text(encoding="utf-8"))["datasets"]
    return json.loads((REFERENCE / manifest[dataset]["file"]).read_text(encoding="utf-8"))


def save(dataset: str, doc: dict) -> None:
    manifest = json.loads((REFERENCE / "manifest.json").read_text(encoding="utf-8"))["datasets"]
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    (REFERENCE / manifest[dataset]["file"]).write_text(text, encoding="utf-8")


def province_code(name_zh: str | None) -> str | None:
    for province in regions.provinces():
        if province.name_zh == name_zh:
            return province.code
    return None


def city_code(province: str | None, city_zh: str | None) -> str | None:
    """The prefecture-level city ``city_zh`` starts with, inside ``province``."""
    if not province or not city_zh:
        return None
    best = None
    for city in regions.cities(province):
        if city_zh.startswith(city.name_zh) and (best is None or len(city.name_zh) > len(best.name_zh)):
            best = city
    return best.code if best else None


def fill_codes(doc: dict) -> int:
    changed = 0
    for item in doc["items"]:
        p = province_code(item.get("province_zh"))
        c = city_code(p, item.get("city_zh"))
        if item.get("province_code") != p or item.get("city_code") != c:
            item["province_code"], item["city_code"] = p, c
            changed += 1
    return changed


def problems(dataset: str, doc: dict) -> list[str]:
    """Everything wrong with one file, as readable lines (empty when it is fine)."""
    out: list[str] = []
    items = doc.get("items")
    if not isinstance(items, list) or not items:
        return [f"{dataset}: no items"]
    seen_keys: set[str] = set()
    seen_names: set[str] = set()
    for item in items:
        key = item.get("key") or "?"
        where = f"{dataset}:{key}"
        if key in seen_keys:
            out.append(f"{where}: duplicate key")
        seen_keys.add(key)
        name = item.get("name_zh")
        if not name or not CJK.search(name):
            out.append(f"{where}: name_zh missing or not Chinese")
        elif name in seen_names:
            out.append(f"{where}: duplicate name_zh {name}")
        seen_names.add(name or "")
        if not item.get("name_en"):
            out.append(f"{where}: name_en missing")
        if not item.get("source") or not CJK.search(item["source"]):
            out.append(f"{where}: no citation in 'source'")
        urls = item.get("sources") or []
        if not urls or not all(isinstance(u, str) and URL.match(u) for u in urls):
            out.append(f"{where}: 'sources' must list the URLs the facts come from")
        if not item.get("confidence") or not item.get("confidence_zh"):
            out.append(f"{where}: confidence label missing")
        p = item.get("province_code")
        if p is None or regions.lookup(p) is None or p != province_code(item.get("province_zh")):
            out.append(f"{where}: province_code {p!r} does not match {item.get('province_zh')!r}")
        c = item.get("city_code")
        if c is None or regions.lookup(c) is None or not c.startswith(p[:2] if p else "??"):
            out.append(f"{where}: city_code {c!r} is not a city of {item.get('province_zh')!r}")
        elif c != city_code(p, item.get("city_zh")):
            out.append(f"{where}: city_code {c} does not match {item.get('city_zh')!r}")
        approved = item.get("approved_on")
        if approved is not None and not DATE.match(str(approved)):
            out.append(f"{where}: approved_on must be YYYY-MM-DD")
    for entry in doc.get("lists") or []:
        shipped = [i for i in items if _in_list(dataset, i, entry)]
        if entry.get("count") is not None and len(shipped) > entry["count"]:
            out.append(f"{dataset}: more items than list {entry} has")
    complete = all(
        entry.get("count") == sum(1 for i in items if _in_list(dataset, i, entry))
        for entry in doc.get("lists") or [])
    if doc.get("complete") and not complete:
        out.append(f"{dataset}: 'complete' is true but a list is not fully shipped")
    if not doc.get("complete") and not doc.get("note"):
        out.append(f"{dataset}: a partial dataset needs a 'note' saying so")
    return out


def _in_list(dataset: str, item: dict, entry: dict) -> bool:
    if dataset == "zones":
        return item.get("batch") == entry.get("batch")
    return item.get("batch") == entry.get("batch") and item.get("batch") is not None


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("codes", "check"):
        print(__doc__)
        return 2
    failed = False
    for dataset in DATASETS:
        doc = load(dataset)
        if argv[0] == "codes":
            changed = fill_codes(doc)
            save(dataset, doc)
            print(f"{dataset}: {changed} item(s) updated")
        else:
            found = problems(dataset, doc)
            for line in found:
                print(line)
            failed = failed or bool(found)
            if not found:
                print(f"{dataset}: {len(doc['items'])} items OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
