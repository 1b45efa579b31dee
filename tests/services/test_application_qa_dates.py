"""The application's QA reads 今年 / 去年 against the application's date (issue 14): the day
its current revision was submitted, else today."""

from __future__ import annotations

from datetime import UTC, date

from test_applications import _enterprise, _new, _submit

from sqlmodel import select

from coop_desktop.models import Application, ApplicationRevision
from coop_desktop.services import application_qa
from coop_desktop.services import applications as apps


def _year_findings(db, app_id: int) -> list[str]:
    return [i.issue.detail for s in apps.check(db, app_id) if s.key == "reasons"
            for i in s.issues if i.issue.code == "number_mismatch"]


def test_this_year_is_the_year_of_the_application(db, new_uscc):
    app = _new(db, _enterprise(db, new_uscc()).id)
    this_year = date.today().year
    apps.update_section(db, app.id, "reasons", zh="今年出口增长12%。",
                        en=f"Exports grew by 12% in {this_year}.")
    assert _year_findings(db, app.id) == []
    apps.update_section(db, app.id, "reasons", zh="今年出口增长12%。",
                        en=f"Exports grew by 12% in {this_year - 3}.")
    assert _year_findings(db, app.id) == [f"今年 ≠ {this_year - 3}"]


class _Later(date):
    """``date`` whose today is in 2030, to tell "today" from the day of a revision."""

    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return date(2030, 1, 2)


def test_a_submitted_application_is_dated_by_its_revision(db, new_uscc, monkeypatch):
    app = _new(db, _enterprise(db, new_uscc()).id)
    monkeypatch.setattr(application_qa, "date", _Later)
    with db.read() as session:
        assert application_qa._document_date(session, session.get(Application, app.id)) == (
            date(2030, 1, 2))  # a draft: today
    _submit(db, app.id)
    with db.read() as session:
        revision = session.exec(select(ApplicationRevision).where(
            ApplicationRevision.application_id == app.id)).one()
        submitted = revision.created_at.replace(tzinfo=revision.created_at.tzinfo or UTC)
        assert application_qa._document_date(session, session.get(Application, app.id)) == (
            submitted.astimezone().date())  # submitted: the day of its revision
