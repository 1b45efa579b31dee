"""What changed between two revisions of an application, or between a revision and the
current text: per section and language, Latin words and numbers compared whole, every
other character (Chinese) on its own.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

from sqlmodel import Session

from coop_desktop.db import Database
from coop_desktop.models import Application
from coop_desktop.services import records
from coop_desktop.services.application_common import _revision, _section_infos, _sections


# ---------------------------------------------------------------- result types
@dataclass(frozen=True)
class DiffOp:
    """One difflib opcode with its text: ``tag`` is equal, replace, delete or insert."""

    tag: str
    a: str
    b: str


@dataclass(frozen=True)
class SectionDiff:
    """A section's changes between two revisions, per language (``a`` → ``b``)."""

    key: str
    title_zh: str
    title_en: str
    zh: tuple[DiffOp, ...]
    en: tuple[DiffOp, ...]

    @property
    def changed(self) -> bool:
        return any(op.tag != "equal" for op in (*self.zh, *self.en))

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


# ---------------------------------------------------------------- diff
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’.,-][A-Za-z0-9]+)*|\s+|.", re.S)


def _tokens(text: str) -> list[str]:
    """Latin words and numbers whole, every other character (Chinese) on its own."""
    return _TOKEN.findall(text)


def diff_text(a: str, b: str) -> tuple[DiffOp, ...]:
    """difflib opcodes between two texts, with the text of each side."""
    ta, tb = _tokens(a), _tokens(b)
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    return tuple(DiffOp(tag, "".join(ta[i1:i2]), "".join(tb[j1:j2]))
                 for tag, i1, i2, j1, j2 in matcher.get_opcodes())


def _texts_of(session: Session, app: Application, number: int | None
              ) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """``({key: (zh, en)}, {key: (title_zh, title_en)})`` of a revision or the current text."""
    if number is None:
        rows = _sections(session, app.id)  # type: ignore[arg-type]
        infos = _section_infos(app.template_key, [s.key for s in rows])
        return ({s.key: (s.zh, s.en) for s in rows},
                {k: (i.title_zh, i.title_en) for k, i in infos.items()})
    data = json.loads(_revision(session, app.id, number).snapshot)  # type: ignore[arg-type]
    secs = data["sections"]
    return ({s["key"]: (s["zh"], s["en"]) for s in secs},
            {s["key"]: (s["title_zh"], s["title_en"]) for s in secs})


def diff(db: Database, app_id: int, rev_a: int, rev_b: int | None = None) -> list[SectionDiff]:
    """Per section and language, what changed from revision ``rev_a`` to ``rev_b``
    (None: the current text). Sections only one side has diff against empty text."""
    with db.read() as session:
        app = records.get_row(session, Application, app_id)
        a_text, a_titles = _texts_of(session, app, rev_a)
        b_text, b_titles = _texts_of(session, app, rev_b)
    keys = list(dict.fromkeys([*a_text, *b_text]))
    out = []
    for key in keys:
        za, ea = a_text.get(key, ("", ""))
        zb, eb = b_text.get(key, ("", ""))
        title_zh, title_en = b_titles.get(key) or a_titles.get(key) or (key, key)
        out.append(SectionDiff(key, title_zh, title_en, diff_text(za, zb), diff_text(ea, eb)))
    return out
