"""Build ``resources/lexicon/cedict_keys.txt`` from a CC-CEDICT release (dev-only).

    .venv/bin/python scripts/build_lexicon.py path/to/cedict_1_0_ts_utf-8_mdbg.txt

What is kept of each entry (see ``coop_desktop/documents/lexicon.py``): the simplified
headword (Chinese characters only, at most 8) and the keys of the English words of its
definitions (``lexicon.en_key``: stop words dropped, six-letter stems). Definitions that only
point elsewhere (surname, variant of, see, used in, classifiers CL:) are left out; so are
pinyin and Chinese characters inside definitions. Entries of the same headword are merged.
The output has one line per first character (``首<TAB>word:key key;word:key…``), sorted, so
that the app parses only the lines it needs. Same input, same bytes.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coop_desktop.documents.lexicon import MAX_WORD, en_keys  # noqa: E402

OUT = ROOT / "resources" / "lexicon" / "cedict_keys.txt"
ENTRY = re.compile(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
HEADWORD = re.compile(r"[\u3400-\u9fff〇]+")
POINTER = re.compile(
    r"^(?:surname |(?:old |archaic |Japanese |erhua |euphemistic )?variant of|see |see also |"
    r"used in |CL:|also written|also pr\. |pr\. |abbr\. for [\u3400-\u9fff])"
)
PINYIN_REF = re.compile(r"[\u3400-\u9fff|]+\[[^\]]*\]|\[[^\]]*\]|[\u3400-\u9fff]+")


def build(source: Path) -> dict[str, set[str]]:
    lexicon: dict[str, set[str]] = defaultdict(set)
    header = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            header.append(line)
            continue
        m = ENTRY.match(line)
        if not m:
            continue
        word = m.group(2)
        if not HEADWORD.fullmatch(word) or len(word) > MAX_WORD:
            continue
        for gloss in m.group(4).split("/"):
            if POINTER.match(gloss):
                continue
            lexicon[word].update(key for key, _, _ in en_keys(PINYIN_REF.sub(" ", gloss)))
    return {w: keys for w, keys in lexicon.items() if keys}


def write(lexicon: dict[str, set[str]], source: Path, out: Path) -> None:
    version = next((line.split("=", 1)[1].strip() for line in
                    source.read_text(encoding="utf-8").splitlines()[:40]
                    if line.startswith("#! date=")), "unknown")
    by_first: dict[str, list[str]] = defaultdict(list)
    for word in sorted(lexicon):
        by_first[word[0]].append(f"{word}:{' '.join(sorted(lexicon[word]))}")
    lines = [
        "# Derived from CC-CEDICT (https://cc-cedict.org/), released " + version + " by MDBG,",
        "# licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). Changed:",
        "# simplified headwords only; definitions reduced to word stems (scripts/build_lexicon.py).",
        "# This file is licensed CC BY-SA 4.0 as well. See README.md beside it.",
    ]
    lines += [f"{first}\t{';'.join(items)}" for first, items in sorted(by_first.items())]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[0])
    lexicon = build(source)
    write(lexicon, source, OUT)
    print(f"{len(lexicon)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
