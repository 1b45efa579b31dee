"""Benchmark: the QA checks on long sections (linear time in the text length).

    .venv/bin/python bench/qa.py [--sizes 10000,100000,1000000] [--kinds realistic,name]
                                 [--timeout 300] [--root DIR]

For each kind of text and size (characters per language), a fresh process builds a section
pair and times what the application runs on a section: ``qa.check_pair`` (with the shipped
glossary, the enterprise record and length limits), the template-gap check
(``application_qa.fill_in_issues``) and ``applications.section_done``. Wall and CPU seconds
and the number of findings are reported (the findings must be the same before and after a
change: pass ``--root`` to run the same cases against another checkout). A case that does
not finish within ``--timeout`` seconds is reported as such. Prints JSON. Not part of the
test run; see bench/README.md.

Kinds:
  realistic  the sample dossier's paragraphs (numbers, dates, names, terms) repeated;
  name       the enterprise's name over and over, one variant in the middle (the name check);
  numbers    a sentence of figures repeated (extraction and pairing of quantities);
  repeat     one Chinese character repeated (every position a candidate of the name check).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("realistic", "name", "numbers", "repeat")

NAME_ZH, NAME_EN = "苏州瑞丰精密机械有限公司", "Suzhou Ruifeng Precision Machinery Co., Ltd."


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def texts(kind: str, size: int) -> tuple[str, str]:
    from coop_desktop.documents.pdf import sample

    if kind == "realistic":
        zh = "\n".join(sample._PROFILE_ZH + sample._PLAN_ZH + sample._RISK_ZH) + "\n"
        en = "\n".join(sample._PROFILE_EN + sample._PLAN_EN + sample._RISK_EN) + "\n"
        return _fill(zh, size), _fill(en, size)
    if kind == "name":
        half = _fill(NAME_ZH + "，", size // 2)
        return (half + "苏州瑞丰精密机械公司。" + half)[:size], _fill(NAME_EN + " ", size)
    if kind == "numbers":
        return (_fill("2025年营收3.5亿元，增长12%，员工120人，出口占18%。", size),
                _fill("In 2025 revenue was RMB 350 million, up 12%, with 120 staff. ", size))
    if kind == "repeat":
        return "苏" * size, "S" * size
    raise ValueError(kind)


def one(kind: str, size: int) -> dict[str, object]:
    """Measure one case in this process (what the subprocess runs)."""
    from coop_desktop.documents import qa
    from coop_desktop.services import application_qa, applications, reference

    glossary = [qa.GlossaryTerm(item["zh"], item["en"]) for item in reference.load_items("glossary")]
    facts = qa.RecordFacts(name_zh=NAME_ZH, name_en=NAME_EN, uscc="91320500MA1XK2Q37B",
                           other_names_zh=("中国—匈牙利中小企业合作区",))
    limits = qa.Limits(zh_chars=3000, en_words=2000)
    zh, en = texts(kind, size)
    wall, cpu = time.perf_counter(), time.process_time()
    found = qa.check_pair(zh, en, glossary=glossary, record=facts, limits=limits)
    found += application_qa.fill_in_issues(zh, en)
    applications.section_done(zh)
    applications.section_done(en)
    return {"kind": kind, "size": size, "wall_s": round(time.perf_counter() - wall, 3),
            "cpu_s": round(time.process_time() - cpu, 3), "findings": len(found),
            "codes": sorted({i.code for i in found})}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout whose coop_desktop is measured")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.path.insert(0, str(args.root))
        print(json.dumps(one(args.one[0], int(args.one[1]))))
        return 0
    results = []
    for kind in args.kinds.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            command = [sys.executable, __file__, "--root", str(args.root), "--one", kind, str(size)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, check=True,
                                      timeout=args.timeout, cwd=args.root)
                results.append(json.loads(done.stdout))
            except subprocess.TimeoutExpired:
                results.append({"kind": kind, "size": size, "timeout_s": args.timeout})
            print(json.dumps(results[-1]), file=sys.stderr)
    print(json.dumps({"root": str(args.root), "results": results,
                      "python": platform.python_version(), "cpus": os.cpu_count(),
                      "load": os.getloadavg()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
