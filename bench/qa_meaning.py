"""Benchmark: how well the bilingual QA checks read for meaning (issue 14), and how fast they are.

    .venv/bin/python bench/qa_meaning.py [--corpus FILE] [--official FILE] [--json OUT]
                                         [--verbose] [--root DIR] [--runs N]

Runs ``documents.qa.check_pair`` on every pair of two labelled sets:

* ``tests/documents/qa_meaning/corpus.jsonl``: dossier sentence pairs written for this bench,
  about half with exactly one fault of a named kind (a wrong place, a flipped statement, a
  dropped clause...), half clean, many of them hard clean pairs (equal values written
  differently, free or reordered translations);
* ``tests/documents/qa_meaning/official.jsonl``: sentence pairs from official bilingual
  government publications with their official English, all faithful.

A pair counts as *flagged* when ``check_pair`` raises at least one issue of severity error or
warning (info notes do not count). It prints precision and recall over the corpus, recall per
faulty kind, the false-alarm rate per clean kind, the official set's false-alarm rate with the
issue codes that fired, and the time ``check_pair`` takes: per pair (median, p95, and the
median times 13 as the cost of a 13-section application of one-sentence sections) and per
13-section application: consecutive corpus pairs joined into sections of ``--section-pairs``
pairs (default 8, about 180 Chinese characters, the length of the sample dossier's sections),
13 sections an application, as many applications as the corpus fills (each section checked
once, as the editor does; best of ``--runs`` per application, then the median and the worst
application), and the same for one application of the whole corpus (~670 characters a section).

The call follows the API as it grows (``inspect.signature``): the glossary argument is never
passed, so the checks use whatever they use by default (today no glossary at all; the issue
asks for the shipped glossary by default); ``record`` is passed only when ``check_pair`` takes
it and the pair has one (the fields ``RecordFacts`` does not have are left out; ``people`` are
passed as ``(zh, en)`` tuples, or left out if the class refuses them; ``zone_zh`` goes to
``other_names_zh`` while there is no field of its own); ``doc_date`` (a ``datetime.date``)
only when ``check_pair`` takes a parameter of that name (or ``document_date``).

``--cold`` first checks each 13-section application once with texts never seen (the per-text
caches cold, the data loaded by checking the official set), as an officer opening an
application does; the other timings repeat texts and keep the best run.

``--verbose`` lists every miss and every false alarm with its id, kind, the issue codes and
details, and the texts, to work from. ``--json OUT`` writes everything, misses and false alarms
included. ``--root DIR`` runs the checks of another checkout (same corpus). Not part of the test
run (tests/documents/test_qa_corpus.py only validates the data); see bench/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import inspect
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "documents" / "qa_meaning"
SECTIONS = 13
FLAGGING = ("error", "warning")
GOALS = {"precision": 0.95, "recall": 0.95, "official_false_alarms": 0.05, "application_ms": 50.0}


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _record_facts(qa: Any, record: dict[str, Any]) -> Any:
    """``RecordFacts`` from a corpus record, keeping the fields the class has."""
    fields = {f.name for f in dataclasses.fields(qa.RecordFacts)}
    kwargs: dict[str, Any] = {}
    for key, value in record.items():
        if key == "people" and key in fields:
            kwargs[key] = tuple((p["zh"], p["en"]) for p in value)
        elif key in fields:
            kwargs[key] = tuple(value) if isinstance(value, list) else value
    if "zone_zh" in record and "zone_zh" not in fields and "other_names_zh" in fields:
        kwargs["other_names_zh"] = (*kwargs.get("other_names_zh", ()), record["zone_zh"])
    try:
        return qa.RecordFacts(**kwargs)
    except (TypeError, ValueError):  # a field of another shape than this bench guesses
        kwargs.pop("people", None)
        return qa.RecordFacts(**kwargs)


def make_caller(qa: Any) -> tuple[Callable[[dict[str, Any]], list[Any]], list[str]]:
    """A function checking one corpus pair with what ``check_pair`` accepts, and what it passes."""
    params = inspect.signature(qa.check_pair).parameters
    date_param = next((n for n in ("doc_date", "document_date") if n in params), None)
    passes = [name for name in ("record",) if name in params] + ([date_param] if date_param else [])

    def call(pair: dict[str, Any]) -> list[Any]:
        kwargs: dict[str, Any] = {}
        if "record" in params and pair.get("record"):
            kwargs["record"] = _record_facts(qa, pair["record"])
        if date_param and pair.get("doc_date"):
            kwargs[date_param] = dt.date.fromisoformat(pair["doc_date"])
        return qa.check_pair(pair["zh"], pair["en"], **kwargs)

    return call, passes


def _flagging(issues: list[Any]) -> list[Any]:
    return [i for i in issues if str(i.severity) in FLAGGING]


def _describe(issue: Any) -> str:
    return f"{issue.code}({issue.severity}){': ' + issue.detail if issue.detail else ''}"


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def evaluate(pairs: list[dict[str, Any]], call: Callable[[dict[str, Any]], list[Any]]
             ) -> dict[str, Any]:
    per_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"pairs": 0, "flagged": 0})
    misses, alarms = [], []
    tp = fp = fn = tn = 0
    for pair in pairs:
        issues = call(pair)
        flagged = bool(_flagging(issues))
        stats = per_kind[pair["kind"]]
        stats["pairs"] += 1
        stats["flagged"] += flagged
        entry = {"id": pair["id"], "kind": pair["kind"], "issues": [_describe(i) for i in issues],
                 "zh": pair["zh"], "en": pair["en"]}
        if pair["faulty"]:
            tp, fn = tp + flagged, fn + (not flagged)
            if not flagged:
                misses.append(entry)
        else:
            fp, tn = fp + flagged, tn + (not flagged)
            if flagged:
                alarms.append(entry)
    return {
        "pairs": len(pairs), "faulty": tp + fn, "clean": fp + tn,
        "true_positives": tp, "false_positives": fp, "false_negatives": fn,
        "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
        "per_kind": {k: {**v, "rate": _ratio(v["flagged"], v["pairs"])}
                     for k, v in sorted(per_kind.items())},
        "misses": misses, "false_alarms": alarms,
    }


def evaluate_official(pairs: list[dict[str, Any]], call: Callable[[dict[str, Any]], list[Any]]
                      ) -> dict[str, Any]:
    codes: Counter[str] = Counter()
    alarms = []
    for pair in pairs:
        found = _flagging(call(pair))
        if found:
            codes.update({i.code for i in found})
            alarms.append({"id": pair["id"], "issues": [_describe(i) for i in found],
                           "zh": pair["zh"], "en": pair["en"]})
    return {"pairs": len(pairs), "flagged": len(alarms),
            "false_alarm_rate": _ratio(len(alarms), len(pairs)),
            "codes": dict(codes.most_common()), "false_alarms": alarms}


def _sections(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"zh": "\n".join(p["zh"] for p in pairs), "en": "\n".join(p["en"] for p in pairs)}]


def applications(pairs: list[dict[str, Any]], section_pairs: int) -> list[list[dict[str, Any]]]:
    """Consecutive pairs, ``section_pairs`` a section, 13 sections an application."""
    size = SECTIONS * section_pairs
    return [
        [_sections(pairs[a + s * section_pairs:a + (s + 1) * section_pairs])[0]
         for s in range(SECTIONS)]
        for a in range(0, len(pairs) - size + 1, size)
    ]


def whole_corpus(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The whole corpus as one application: pair i goes to section i mod 13."""
    return [_sections(pairs[s::SECTIONS])[0] for s in range(SECTIONS)]


def _time_application(sections: list[dict[str, Any]],
                      call: Callable[[dict[str, Any]], list[Any]], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        for section in sections:
            call(section)
        best = min(best, time.perf_counter() - t0)
    return best


def _zh_chars(apps: list[list[dict[str, Any]]]) -> int:
    sections = [s for app in apps for s in app]
    return sum(len(s["zh"]) for s in sections) // max(1, len(sections))


def timing(pairs: list[dict[str, Any]], call: Callable[[dict[str, Any]], list[Any]],
           runs: int, section_pairs: int) -> dict[str, Any]:
    start = time.perf_counter()
    call(pairs[0])  # the first call pays for whatever the checks load lazily
    first = time.perf_counter() - start
    per_pair = []
    for pair in pairs:
        best = float("inf")
        for _ in range(runs):
            t0 = time.perf_counter()
            call(pair)
            best = min(best, time.perf_counter() - t0)
        per_pair.append(best)
    per_pair.sort()
    median = statistics.median(per_pair)
    apps = applications(pairs, section_pairs)
    app_times = sorted(_time_application(app, call, runs) for app in apps)
    whole = [whole_corpus(pairs)]
    return {
        "first_call_ms": first * 1000,
        "pair_median_ms": median * 1000,
        "pair_p95_ms": per_pair[int(0.95 * (len(per_pair) - 1))] * 1000,
        "pair_max_ms": per_pair[-1] * 1000,
        "thirteen_pairs_ms": median * SECTIONS * 1000,
        "applications": len(apps),
        "section_pairs": section_pairs,
        "application_section_zh_chars": _zh_chars(apps),
        "application_median_ms": statistics.median(app_times) * 1000 if app_times else None,
        "application_max_ms": app_times[-1] * 1000 if app_times else None,
        "whole_corpus_section_zh_chars": _zh_chars(whole),
        "whole_corpus_application_ms": _time_application(whole[0], call, runs) * 1000,
        "runs": runs,
    }


def cold_timing(warm_up: list[dict[str, Any]], pairs: list[dict[str, Any]],
                call: Callable[[dict[str, Any]], list[Any]], section_pairs: int
                ) -> dict[str, Any]:
    """Each 13-section application of the corpus checked once, its texts never seen before
    (the per-text caches cold, as when an officer opens an application), after the data are
    loaded by checking ``warm_up`` (the official set): the lexicon lines a text needs are
    still read on first use, as in the app. Run before anything else checks the corpus."""
    start = time.perf_counter()
    for pair in warm_up:
        call(pair)
    loaded = time.perf_counter() - start
    times = []
    for app in applications(pairs, section_pairs):
        t0 = time.perf_counter()
        for section in app:
            call(section)
        times.append(time.perf_counter() - t0)
    return {"warm_up_ms": loaded * 1000, "cold_ms": [t * 1000 for t in times]}


def _pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{x * 100:5.1f}%"


def report(result: dict[str, Any], official: dict[str, Any] | None, times: dict[str, Any],
           passes: list[str], verbose: bool) -> None:
    print(f"check_pair called with: zh, en{''.join(', ' + p for p in passes)}"
          " (glossary: the checks' default)")
    print(f"corpus: {result['pairs']} pairs, {result['faulty']} faulty, {result['clean']} clean")
    print(f"precision {result['precision']:.3f}   recall {result['recall']:.3f}   "
          f"(TP {result['true_positives']}, FP {result['false_positives']}, "
          f"FN {result['false_negatives']}; goal >= {GOALS['precision']} / {GOALS['recall']})")
    print("\nfaulty kinds: recall")
    for kind, v in result["per_kind"].items():
        if not kind.startswith("clean_"):
            print(f"  {kind:<26} {v['flagged']:>3}/{v['pairs']:<3} {_pct(v['rate'])}")
    print("clean kinds: false alarms")
    for kind, v in result["per_kind"].items():
        if kind.startswith("clean_"):
            print(f"  {kind:<26} {v['flagged']:>3}/{v['pairs']:<3} {_pct(v['rate'])}")
    if official is not None:
        print(f"\nofficial translations: {official['flagged']}/{official['pairs']} faithful pairs "
              f"flagged = {_pct(official['false_alarm_rate'])} "
              f"(goal <= {GOALS['official_false_alarms'] * 100:.0f}%); codes: "
              + (", ".join(f"{c} {n}" for c, n in official["codes"].items()) or "none"))
    print(f"\ntime: first call {times['first_call_ms']:.1f} ms; per pair median "
          f"{times['pair_median_ms']:.3f} ms, p95 {times['pair_p95_ms']:.3f} ms, max "
          f"{times['pair_max_ms']:.3f} ms; x13 = {times['thirteen_pairs_ms']:.2f} ms")
    if times["application_median_ms"] is not None:
        print(f"      13-section application ({times['applications']} of them, "
              f"{times['section_pairs']} pairs a section, ~{times['application_section_zh_chars']}"
              f" Chinese characters): median {times['application_median_ms']:.1f} ms, worst "
              f"{times['application_max_ms']:.1f} ms (goal < {GOALS['application_ms']:.0f} ms)")
    print(f"      the whole corpus as one 13-section application "
          f"(~{times['whole_corpus_section_zh_chars']} Chinese characters a section): "
          f"{times['whole_corpus_application_ms']:.1f} ms")
    if verbose:
        print("\nMISSES (faulty, not flagged):")
        for m in result["misses"]:
            print(f"  {m['id']}: {', '.join(m['issues']) or '-'}\n      zh: {m['zh']}\n"
                  f"      en: {m['en']}")
        print("\nFALSE ALARMS (clean, flagged):")
        for m in result["false_alarms"]:
            print(f"  {m['id']}: {', '.join(m['issues'])}\n      zh: {m['zh']}\n"
                  f"      en: {m['en']}")
        if official is not None:
            print("\nOFFICIAL FALSE ALARMS:")
            for m in official["false_alarms"]:
                print(f"  {m['id']}: {', '.join(m['issues'])}\n      zh: {m['zh']}\n"
                      f"      en: {m['en']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DATA / "corpus.jsonl")
    parser.add_argument("--official", type=Path, default=DATA / "official.jsonl")
    parser.add_argument("--json", type=Path, help="write all results to this file")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose checks to run")
    parser.add_argument("--runs", type=int, default=5, help="timing runs (the best is kept)")
    parser.add_argument("--section-pairs", type=int, default=8,
                        help="corpus pairs joined into one section of a timed application")
    parser.add_argument("--cold", action="store_true",
                        help="first time each application once with its texts never seen "
                             "(after the official set has loaded the data)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(args.root.resolve()))
    from coop_desktop.documents import qa

    call, passes = make_caller(qa)
    pairs = load(args.corpus)
    cold = None
    if args.cold:
        warm_up = load(args.official) if args.official.exists() else pairs[:1]
        cold = cold_timing(warm_up, pairs, call, args.section_pairs)
        print(f"cold: {len(cold['cold_ms'])} 13-section applications, each checked once with "
              f"texts never seen (data loaded by the official set in "
              f"{cold['warm_up_ms']:.0f} ms): "
              + ", ".join(f"{t:.1f}" for t in cold["cold_ms"]) + " ms "
              f"(goal < {GOALS['application_ms']:.0f} ms)\n")
    result = evaluate(pairs, call)
    official = evaluate_official(load(args.official), call) if args.official.exists() else None
    times = timing(pairs, call, args.runs, args.section_pairs)
    report(result, official, times, passes, args.verbose)
    if args.json:
        args.json.write_text(json.dumps({"passes": passes, "corpus": result, "official": official,
                                         "time": times, "cold": cold, "goals": GOALS},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
