"""QA of an application's text: the findings per section, the glossary terms they are
checked against, and the ignores (a finding that does not apply, with the reason).

An ERROR finding nobody ignored blocks draft → ready (``application_workflow``). It comes
from ``documents.qa.check_pair``, or is a template gap still in the text
(``fill_in_left``, :func:`fill_in_issues`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from coop_desktop.db import Database
from coop_desktop.documents import qa
from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_, english
from coop_desktop.models import (
    Application,
    ApplicationRevision,
    ApplicationSection,
    Contact,
    Enterprise,
    QaIgnore,
    QaIgnoreRead,
    Zone,
)
from coop_desktop.services import records
from coop_desktop.services.application_common import (
    ENTITY,
    IGNORE_ENTITY,
    SectionInfo,
    _LocalMessage,
    _Pair,
    _Param,
    _refuse,
    _require_editable,
    _section,
    _section_infos,
    _sections,
)
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.outcome import Changes, Outcome

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator

#: A gap the officer must fill, as the shipped templates write it.
FILL_IN_RE = re.compile(r"【待填写[^】]*】|\[to be completed(?::[^\]]*)?\]")

MSG_OPEN_ERROR = N_("{section}: {issue}")
MSG_UNKNOWN_ISSUE = N_("The section “{section}” has no finding {key} at the moment; check "
                       "the application again.")
MSG_REASON_REQUIRED = N_("Give the reason why this finding can be ignored.")
MSG_FILL_IN = N_("“{marker}” still has to be filled in.")

_SEVERITY_LABELS = {"error": N_("Error"), "warning": N_("Warning"), "info": N_("Note")}


# ---------------------------------------------------------------- localized messages
@dataclass(frozen=True, eq=False)
class _IssueText(_Param):
    issue: qa.QaIssue

    def text(self, tr: Translator) -> str:
        return issue_message(self.issue, tr)


def issue_message(issue: qa.QaIssue, tr: Translator | None = None) -> str:
    """The text of a QA finding in the reader's language."""
    return issue.message.render(tr or english())


def severity_label(severity: qa.Severity | str, tr: Translator | None = None) -> str:
    msgid = _SEVERITY_LABELS.get(str(severity))
    return (tr or english()).gettext(msgid) if msgid else str(severity)


# ---------------------------------------------------------------- result types
@dataclass(frozen=True)
class CheckedIssue:
    """One QA finding with its ignore decision, if any."""

    issue: qa.QaIssue
    ignore: QaIgnoreRead | None = None

    @property
    def key(self) -> str:
        return self.issue.key

    @property
    def ignored(self) -> bool:
        return self.ignore is not None

    @property
    def is_error(self) -> bool:
        return _is_error(self.issue)

    @property
    def is_open_error(self) -> bool:
        return self.is_error and not self.ignored

    def message(self, tr: Translator | None = None) -> str:
        return issue_message(self.issue, tr)


@dataclass(frozen=True)
class SectionIssues:
    """The findings of one section, in template order (``issues`` may be empty)."""

    section: SectionInfo
    issues: tuple[CheckedIssue, ...] = ()

    @property
    def key(self) -> str:
        return self.section.key

    def title(self, language: str) -> str:
        return self.section.title(language)

    @property
    def open_errors(self) -> tuple[CheckedIssue, ...]:
        return tuple(i for i in self.issues if i.is_open_error)


class OpenIssuesError(ValidationError):
    """draft → ready refused: the open ERROR findings, one FieldError per finding
    (``field`` is the section key)."""

    def __init__(self, sections: Iterable[SectionIssues]) -> None:
        self.sections = tuple(s for s in sections if s.open_errors)
        errors = [
            FieldError(s.key, _LocalMessage(MSG_OPEN_ERROR, {
                "section": _Pair(s.section.title_zh, s.section.title_en),
                "issue": _IssueText(i.issue)}))
            for s in self.sections for i in s.open_errors]
        super().__init__(errors)


# ---------------------------------------------------------------- glossary
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_SPELLINGS = ((re.compile(r"licen[sc]e", re.I), ("license", "licence")),
              (re.compile(r"cent(?:er|re)\b", re.I), ("center", "centre")),
              (re.compile(r"(?<=[a-z]{3})iz(?=e|ed|es|ing|ation)", re.I), ("iz", "is")))


def _spelling_variants(text: str) -> list[str]:
    """American and British spellings of ``text`` (license/licence, -ize/-ise, center/centre):
    the glossary is written one way, the templates the other."""
    out = [text]
    for pattern, forms in _SPELLINGS:
        out += [pattern.sub(form, t) for t in list(out) for form in forms]
    return list(dict.fromkeys(out))


def term_renderings(zh: str, en: str) -> list[str]:
    """The English forms a glossary entry accepts, derived from how entries are written:
    ``A / B`` are alternatives (unless the Chinese lists several terms the same way);
    ``A (B)`` accepts A and B (an abbreviation, an alternative, or B replacing the word
    before it when the parenthesis is inside the phrase: ``leading (principal) product``
    also accepts "principal product"); alternatives inside a parenthesis are separated by
    ``;`` or ``/``. Each form also in its other spelling (see :func:`_spelling_variants`)."""
    parts = qa.entry_alternatives(zh, en)
    forms: list[str] = []
    for part in parts:
        forms.append(_PAREN.sub("", part).strip())
        for m in _PAREN.finditer(part):
            inner = [a.strip() for a in re.split(r"[;/]", m.group(1)) if a.strip()]
            rest = part[m.end():].strip()
            if rest:  # inside the phrase: replaces the word before it
                head = part[:m.start()].rsplit(" ", 1)
                prefix = head[0] + " " if len(head) == 2 else ""
                forms += [f"{prefix}{a} {_PAREN.sub('', rest).strip()}" for a in inner]
            else:
                forms += inner
    return list(dict.fromkeys(f for form in forms if form for f in _spelling_variants(form)))


def glossary_terms(session: Session) -> list[qa.GlossaryTerm]:
    """The terms QA checks translations against: the live glossary rows (shipped and the
    user's own) grouped by Chinese (``termbase.glossary_for_qa``: the user's rendering is
    preferred, the others accepted), each with the spelling variants its English forms
    allow (:func:`term_renderings`). Record names are checked separately (record_mismatch).

    This is the officer's house style, so the terms are *strict*: a section that renders a
    term otherwise than the glossary draws a warning (``term_inconsistent``), where the
    shipped glossary checked by default (no glossary passed) accepts any rendering with the
    term's key words. The shipped glossary's rows are part of it; its standard terms are
    checked as texts write them (``工业和信息化部（工信部）`` as 工业和信息化部 and as 工信部,
    ``注册资本 / 实缴资本`` as two terms: ``shipped_glossary.check_forms``), other rows as
    written, and a standard term keeps its list of renderings known to be wrong ("small
    giant", "tax number"): an error here too.
    """
    from coop_desktop.documents import shipped_glossary
    from coop_desktop.services import termbase

    forms: dict[str, list[str]] = {}
    for term in termbase.glossary_for_qa(session):
        standard = shipped_glossary.standard(term.zh)
        for en in (term.en, *term.variants):
            for zh, part in (shipped_glossary.check_forms(term.zh, en) if standard
                             else [(term.zh, en)]):
                forms.setdefault(zh, []).extend((part, *term_renderings(zh, part)))
    out = []
    for zh, english in forms.items():
        accepted = list(dict.fromkeys(english))
        out.append(qa.GlossaryTerm(zh=zh, en=accepted[0], variants=tuple(accepted[1:]),
                                   wrong=shipped_glossary.known_wrong(zh)))
    return out


# ---------------------------------------------------------------- checks
def fill_in_issues(zh: str, en: str) -> list[qa.QaIssue]:
    """ERROR findings for the template's gaps still in the text (``【待填写：…】``,
    ``[to be completed: …]``): ``qa.check_pair`` does not look for them, and a document
    that still has them is not ready. One per distinct gap text and side."""
    found: dict[str, qa.QaIssue] = {}
    for side, text in (("zh", zh), ("en", en)):
        for m in FILL_IN_RE.finditer(text):
            issue = qa.QaIssue("fill_in_left", qa.Severity.ERROR,
                               Message(MSG_FILL_IN, {"marker": m.group()}), side, m.span(),
                               m.group())
            found.setdefault(issue.key, issue)
    return list(found.values())


def _is_error(issue: Any) -> bool:
    return bool(issue.severity == qa.Severity.ERROR)


def _issues(section: ApplicationSection, info: SectionInfo, glossary: list[qa.GlossaryTerm],
            facts: qa.RecordFacts, doc_date: date | None = None) -> list[qa.QaIssue]:
    found = qa.check_pair(section.zh, section.en, glossary=glossary, record=facts,
                          limits=qa.Limits(zh_chars=info.max_zh_chars, en_words=info.max_en_words),
                          required=info.required, empty=info.empty, doc_date=doc_date)
    errors = [i for i in found if _is_error(i)]
    return errors + fill_in_issues(section.zh, section.en) + [i for i in found if not _is_error(i)]


def _check(session: Session, app: Application, only: set[str] | None = None
           ) -> list[SectionIssues]:
    """The findings per section (of the sections in ``only``, if given)."""
    enterprise = session.get(Enterprise, app.enterprise_id)
    assert enterprise is not None
    zone = session.get(Zone, app.zone_id) if app.zone_id is not None else None
    contacts = session.exec(select(Contact.name).where(
        Contact.enterprise_id == enterprise.id, col(Contact.deleted_at).is_(None))).all()
    people = tuple((name.strip(), None) for name in dict.fromkeys(
        (enterprise.legal_rep, *contacts)) if name and name.strip())
    facts = qa.RecordFacts(name_zh=enterprise.name_zh, name_en=enterprise.name_en,
                           uscc=enterprise.uscc,
                           other_names_zh=(zone.name_zh,) if zone is not None else (),
                           zone_zh=zone.name_zh if zone is not None else None,
                           zone_en=zone.name_en if zone is not None else None,
                           people=people)
    glossary = glossary_terms(session)
    doc_date = _document_date(session, app)
    rows = [s for s in _sections(session, app.id)  # type: ignore[arg-type]
            if only is None or s.key in only]
    infos = _section_infos(app.template_key, [s.key for s in rows])
    ignores = {(r.section_key, r.issue_key): records.read(QaIgnoreRead, r)
               for r in session.exec(select(QaIgnore).where(
                   QaIgnore.application_id == app.id)).all()}
    out = []
    for section in rows:
        info = infos[section.key]
        out.append(SectionIssues(info, tuple(
            CheckedIssue(i, ignores.get((section.key, i.key)))
            for i in _issues(section, info, glossary, facts, doc_date))))
    return out


def _document_date(session: Session, app: Application) -> date:
    """The date 今年 / "this year" in the text is read against: the day the current revision
    was submitted, else today (as the printed document is dated)."""
    frozen = session.exec(select(ApplicationRevision.created_at).where(
        ApplicationRevision.application_id == app.id,
        ApplicationRevision.number == app.revision)).first()
    if frozen is None:
        return date.today()
    moment = frozen if frozen.tzinfo else frozen.replace(tzinfo=UTC)
    return moment.astimezone().date()


def check(db: Database, app_id: int) -> list[SectionIssues]:
    """Run the document checks on every section (in order; sections without findings are
    included with no issues). Findings someone ignored carry the ignore and its reason."""
    with db.read() as session:
        return _check(session, records.get_row(session, Application, app_id))


def open_errors(results: Iterable[SectionIssues]) -> list[tuple[SectionIssues, CheckedIssue]]:
    return [(s, i) for s in results for i in s.open_errors]


# ---------------------------------------------------------------- ignores
def ignore_issue(db: Database, app_id: int, section_key: str, issue_key: str, reason: str
                 ) -> Outcome[QaIgnoreRead]:
    """Record that a finding of one section does not apply, and why (draft only).

    The finding must be reported now (its key comes from :func:`check`). Ignoring it
    again replaces the reason.
    """
    out = ignore_issues(db, app_id, [(section_key, issue_key)], reason)
    return Outcome(out.value[0], out.changes)


def ignore_issues(db: Database, app_id: int, items: Iterable[tuple[str, str]], reason: str
                  ) -> Outcome[list[QaIgnoreRead]]:
    """:func:`ignore_issue` for several ``(section_key, issue_key)`` at once, with one
    reason, in one transaction: all of them or (on any refusal) none."""
    reason = (reason or "").strip()
    wanted = list(dict.fromkeys(items))
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)
        for key in dict.fromkeys(k for k, _i in wanted):
            _section(session, app_id, key)
        if not reason:
            raise _refuse("reason", MSG_REASON_REQUIRED)
        reported = {s.key: s for s in _check(session, app, {k for k, _i in wanted})}
        for key, issue_key in wanted:
            if issue_key not in {i.key for i in reported[key].issues}:
                info = reported[key].section
                raise _refuse("issue_key", MSG_UNKNOWN_ISSUE, key=issue_key,
                              section=_Pair(info.title_zh, info.title_en))
        audit = AuditWriter(session, db.actor)
        existing = {(r.section_key, r.issue_key): r for r in session.exec(
            select(QaIgnore).where(QaIgnore.application_id == app_id)).all()}
        results, created = [], False
        for key, issue_key in wanted:
            row = existing.get((key, issue_key))
            if row is None:
                row = QaIgnore(application_id=app_id, section_key=key, issue_key=issue_key,
                               reason=reason, actor=db.actor)
                session.add(row)
                session.flush()
                assert row.id is not None
                audit.created(IGNORE_ENTITY, row.id, {"application_id": app_id,
                                                      "section_key": key,
                                                      "issue_key": issue_key, "reason": reason})
                created = True
            else:
                diff = records.apply(row, {"reason": reason, "actor": db.actor})
                if diff:
                    session.add(row)
                    audit.updated(IGNORE_ENTITY, row.id, diff)  # type: ignore[arg-type]
            results.append(records.read(QaIgnoreRead, row))
    return Outcome(results, Changes(IGNORE_ENTITY, tuple(r.id for r in results),
                                    action="create" if created else "update", related=(ENTITY,)))


def unignore(db: Database, app_id: int, section_key: str, issue_key: str) -> Outcome[list[int]]:
    """Take back an ignore (draft only); nothing happens if there is none. The ignore's
    create and delete rows stay in the audit trail."""
    with db.session() as session:
        app = records.get_row(session, Application, app_id)
        _require_editable(app)
        row = session.exec(select(QaIgnore).where(
            QaIgnore.application_id == app_id, QaIgnore.section_key == section_key,
            QaIgnore.issue_key == issue_key)).first()
        if row is None:
            return Outcome([], Changes(IGNORE_ENTITY, (), action="delete"))
        row_id = row.id
        assert row_id is not None
        session.delete(row)
        AuditWriter(session, db.actor).deleted(IGNORE_ENTITY, row_id)
    return Outcome([row_id], Changes(IGNORE_ENTITY, (row_id,), action="delete", related=(ENTITY,)))


def ignores(db: Database, app_id: int) -> list[QaIgnoreRead]:
    with db.read() as session:
        return [records.read(QaIgnoreRead, r) for r in session.exec(
            select(QaIgnore).where(QaIgnore.application_id == app_id)
            .order_by(col(QaIgnore.id))).all()]
