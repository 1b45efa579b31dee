"""Demo applications: a few dozen realistic zone applications in every workflow state.

Called by :func:`coop_desktop.demo.generate_iter` inside the run's transaction, after the
enterprises are written. :class:`Picker` sees every generated enterprise and keeps a few
candidates (those linked to a zone first); :func:`write` drafts one application for each
of up to :data:`APPLICATIONS` of them from the shipped template, exactly as
``services.applications.create`` would (placeholders filled from the records), then fills
the template's gaps (``【待填写：…】`` / ``[to be completed: …]``) with matching values on
both sides and moves each application to its state:

* drafts with only some gaps filled, and some withdrawn before submission;
* ready (every gap filled), submitted (revision 1, or revision 2 after the authority asked
  for changes — two frozen snapshots that differ in the plan), accepted and rejected,
  each with its frozen revision(s) and a reference number.

Like the rest of the demo everything comes from the seed (its own ``random.Random``, so
the enterprises are the same with or without applications), except bookkeeping and what
is relative to the day of the run: ``created_at``, the snapshot time, the document date
(``{{today}}``) and the deadlines, so that the countdown means something whenever the
demo is made. One audit row per application (``action="create"``, ``field=None``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlmodel import Session, col

from coop_desktop.documents.placeholders import (
    PLACEHOLDER_RE,
    PlaceholderContext,
    fill,
    money_text,
)
from coop_desktop.documents.templates import Template, get_template
from coop_desktop.models import (
    Application,
    ApplicationRevision,
    ApplicationSection,
    ApplicationStatus,
    AuditAction,
    AuditEntry,
    EnterpriseRead,
    SrdiTitleRead,
    Zone,
    ZoneRead,
)
from coop_desktop.reference import countries
from coop_desktop.services.applications import FILL_IN_RE, snapshot_text

#: How many enterprises get an application (the 150k demo stays fast).
APPLICATIONS = 30
TEMPLATE = "zone_application"
#: Days between a revision sent back and its resubmission.
RESUBMIT_DAYS = 21
#: Candidates kept while enterprises are generated (linked to a zone / not linked).
KEEP = 200
#: The demo officer: the person using the app, recorded in the documents.
OFFICER = {"officer_name": "李明", "organisation_zh": "广东省工业和信息化厅",
           "organisation_en": "Department of Industry and Information Technology of "
                              "Guangdong Province"}

S = ApplicationStatus
#: (status, frozen revisions) for 30 applications; fewer take a prefix after shuffling.
PLAN: tuple[tuple[ApplicationStatus, int], ...] = (
    *[(S.DRAFT, 0)] * 8, *[(S.READY, 0)] * 4, *[(S.SUBMITTED, 1)] * 4, *[(S.SUBMITTED, 2)] * 2,
    *[(S.ACCEPTED, 1)] * 5, *[(S.REJECTED, 1)] * 4, *[(S.WITHDRAWN, 0)] * 3,
)
_SUBMITTED = frozenset({S.SUBMITTED, S.ACCEPTED, S.REJECTED})
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ZH_GAP = re.compile(r"【待填写[:：]([^】]*)】")


@dataclass
class Picker:
    """Keeps candidate enterprises as they are generated (the row dicts get their ids
    when the store adds them)."""

    linked: list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]] = field(
        default_factory=list)
    other: list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]] = field(
        default_factory=list)

    def offer(self, row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> None:
        bucket = self.linked if children.get("zone_links") else self.other
        if len(bucket) < KEEP:
            bucket.append((row, children))

    def chosen(self, rng: random.Random, n: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        linked = rng.sample(self.linked, min(n, len(self.linked)))
        rest = rng.sample(self.other, min(n - len(linked), len(self.other)))
        return linked + rest


# ------------------------------------------------------------------------ gap values
def _word(row: dict[str, Any]) -> tuple[str, str]:
    """The enterprise's line of business as the demo wrote it into the description."""
    zh = re.search(r"专注于(.+?)领域", row.get("description_zh") or "")
    en = re.search(r"specialises in (.+?)\.", row.get("description_en") or "")
    return (zh.group(1) if zh else "精密制造", en.group(1) if en else "precision manufacturing")


def _month(d: date) -> tuple[str, str]:
    return f"{d.year}年{d.month}月", f"{_MONTHS[d.month - 1]} {d.year}"


class _Gaps:
    """Values for the template's gaps, the same fact on both sides."""

    def __init__(self, rng: random.Random, row: dict[str, Any], country: str, today: date):
        self.rng = rng
        self.row = row
        self.word = _word(row)
        self.country = (countries.country_name(country, "zh_CN"), countries.country_name(country, "en"))
        self.next_month = today + timedelta(days=rng.randint(60, 180))

    def money(self, lo: int, hi: int) -> tuple[str, str]:
        fen = self.rng.randint(lo, hi) * 100 * 10_000 * 100  # whole millions of yuan
        return money_text(fen, "zh"), money_text(fen, "en")

    def value(self, label: str) -> tuple[str, str]:
        rng, (w_zh, w_en), (c_zh, c_en) = self.rng, self.word, self.country
        if "年数" in label:
            years = max(1, 2026 - (self.row.get("established_on") or date(2015, 1, 1)).year)
            return str(years), str(years)
        if "数量" in label:
            n = str(rng.randint(3, 60))
            return n, n
        if "百分比" in label:
            pct = f"{rng.randint(20, 180) / 10:g}%"
            if "来源" in label:
                return f"{pct}（据行业协会统计）", f"{pct} (industry association data)"
            return pct, pct
        if "金额" in label:
            return self.money(2, 80)
        if "年月" in label:
            text = _month(self.next_month)
            self.next_month += timedelta(days=rng.randint(240, 420))
            return text
        phrases = (
            ("主营业务", (f"{w_zh}的研发、生产和销售", f"the R&D, manufacture and sale of {w_en}")),
            ("产品名称", (f"{w_zh}系列产品，主要用于汽车、电子和装备制造行业",
                          f"its {w_en} product range, used mainly in the automotive, "
                          "electronics and equipment industries")),
            ("代表性客户", ("多家国内上市公司和欧洲知名制造企业",
                            "several listed Chinese companies and well-known European "
                            "manufacturers")),
            ("研发机构", ("省级企业技术中心", "a provincial-level enterprise technology centre")),
            ("国际认证", ("CE和ISO 9001认证", "CE and ISO 9001 certification")),
            ("境外分支", (f"{c_zh}销售办事处", f"a sales office in {c_en}")),
            ("其他理由", ("贴近海外客户，缩短交付和服务周期",
                          "to be closer to overseas clients and shorten delivery and service "
                          "times")),
            ("具体需求", (f"与{c_zh}企业开展技术合作、引进高端研发人才、对接跨境融资",
                          f"technical cooperation with companies from {c_en}, recruitment of "
                          "senior R&D staff and access to cross-border financing")),
            ("设立子公司", ("设立全资子公司并建设智能制造基地",
                            "establish a wholly owned subsidiary and build an intelligent "
                            "manufacturing base")),
            ("资金", ("自有资金和银行贷款", "own funds and bank loans")),
        )
        for key, pair in phrases:
            if key in label:
                return pair
        return "详见附件", "see the annexes"


def _drop_unresolved(zh: str, en: str) -> tuple[str, str]:
    """Drop the paragraphs whose placeholders had no value (as an officer deletes "holds
    the following titles: …" for a company without one); zh and en paragraphs pair up."""
    zh_lines, en_lines = zh.split("\n"), en.split("\n")
    if len(zh_lines) != len(en_lines):
        return zh, en
    kept = [(z, e) for z, e in zip(zh_lines, en_lines, strict=True)
            if not PLACEHOLDER_RE.search(z) and not PLACEHOLDER_RE.search(e)]
    return "\n".join(z for z, _e in kept), "\n".join(e for _z, e in kept)


def _fill_gaps(zh: str, en: str, gaps: _Gaps) -> tuple[str, str]:
    """Fill every gap; the n-th zh gap and the n-th en gap get the same fact."""
    labels = _ZH_GAP.findall(zh)
    values = [gaps.value(label) for label in labels]
    zh_iter, en_iter = iter(values), iter(values)
    fallback = ("详见附件", "see the annexes")
    zh = _ZH_GAP.sub(lambda _m: next(zh_iter, fallback)[0], zh)
    en = FILL_IN_RE.sub(lambda _m: next(en_iter, fallback)[1], en)
    return zh, en


# ------------------------------------------------------------------------ writing
@dataclass(frozen=True)
class _Draft:
    sections: list[dict[str, Any]]  # key, position, zh, en (the current text)
    frozen: list[list[dict[str, Any]]]  # the text of each frozen revision, oldest first


def _draft(template: Template, ctx: PlaceholderContext, gaps: _Gaps, rng: random.Random,
           status: ApplicationStatus, revisions: int) -> _Draft:
    filled_upto = len(template.sections)
    gapped = [i for i, spec in enumerate(template.sections) if FILL_IN_RE.search(spec.en)]
    if status in (S.DRAFT, S.WITHDRAWN) and gapped:  # written up to a section with gaps
        filled_upto = rng.randint(min(2, gapped[-1]), gapped[-1])
    sections = []
    for position, spec in enumerate(template.sections):
        zh, en = fill(spec.zh, ctx, "zh").text, fill(spec.en, ctx, "en").text
        if position < filled_upto:
            zh, en = _drop_unresolved(*_fill_gaps(zh, en, gaps))
        sections.append({"key": spec.key, "position": position, "zh": zh, "en": en})
    frozen = []
    if revisions:
        frozen = [sections]
        if revisions == 2:  # the authority asked for a bigger plan: revision 2 differs there
            current = []
            for s in sections:
                spec = template.section(s["key"])
                if s["key"] in ("zone_plan", "expected_benefits"):
                    zh, en = _drop_unresolved(*_fill_gaps(fill(spec.zh, ctx, "zh").text,
                                                          fill(spec.en, ctx, "en").text, gaps))
                    s = {**s, "zh": zh, "en": en}
                current.append(s)
            frozen.append(current)
            sections = current
    return _Draft(sections, frozen)


def _next_ids(conn: Connection, *tables: Any) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.coalesce(func.max(t.c.id), 0))).scalar_one()) + 1
            for t in tables}


def write(conn: Connection, picker: Picker, *, zones: Sequence[Zone], seed: int, now: datetime,
          actor: str, op_id: str) -> int:
    """Draft, fill and file the demo applications in the caller's transaction; returns
    how many were written."""
    rng = random.Random(f"applications:{seed}")
    chosen = picker.chosen(rng, APPLICATIONS)
    if not chosen or not zones:
        return 0
    template = get_template(TEMPLATE)
    by_id = {z.id: z for z in zones}
    plan = list(PLAN)
    rng.shuffle(plan)
    today = now.date()
    app_t = Application.__table__  # type: ignore[attr-defined]
    sec_t = ApplicationSection.__table__  # type: ignore[attr-defined]
    rev_t = ApplicationRevision.__table__  # type: ignore[attr-defined]
    ids = _next_ids(conn, app_t, sec_t, rev_t)
    apps: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    for n, (row, children) in enumerate(chosen):
        status, frozen_count = plan[n % len(plan)]
        links = children.get("zone_links") or []
        zone = by_id.get(links[0]["zone_id"]) if links else None
        zone = zone or zones[rng.randrange(len(zones))]
        wanted = [*row.get("target_countries", []), *row.get("export_markets", [])]
        partners = [c for c in zone.partner_countries if countries.is_country(c)]
        country = next((c for c in wanted if c in partners), None) or (
            partners[0] if partners else next((c for c in wanted if countries.is_country(c)), "DE"))
        doc_date = today - timedelta(days=rng.randint(20, 90) if status in _SUBMITTED else
                                     rng.randint(0, 15))
        ctx = PlaceholderContext.from_records(row, titles=children.get("titles", ()), zone=zone,
                                              country=country, officer=OFFICER, today=doc_date)
        draft = _draft(template, ctx, _Gaps(rng, row, country, doc_date), rng, status,
                       frozen_count)
        app_id = ids[app_t.name]
        ids[app_t.name] += 1
        if status in _SUBMITTED:
            deadline: date | None = doc_date + timedelta(days=rng.randint(3, 20))
        elif status == S.WITHDRAWN or rng.random() < 0.2:
            deadline = None
        else:
            deadline = today + timedelta(days=rng.randint(-3, 60))
        app = {
            "id": app_id, "enterprise_id": row["id"], "zone_id": zone.id, "country": country,
            "template_key": template.key, "template_version": template.version,
            "title_zh": template.title_zh, "title_en": template.title_en,
            "reference_no": f"ZQ{doc_date.year}-{rng.randint(1, 9999):04d}"
            if status in _SUBMITTED else None,
            "deadline": deadline, "status": status.value, "revision": max(1, frozen_count),
            "created_at": now, "updated_at": now, "deleted_at": None,
        }
        apps.append(app)
        for s in draft.sections:
            sections.append({**s, "id": ids[sec_t.name], "application_id": app_id,
                             "updated_at": now})
            ids[sec_t.name] += 1
        for number, text in enumerate(draft.frozen, start=1):
            # an earlier revision was sent back and resubmitted three weeks later
            sent = now - timedelta(days=RESUBMIT_DAYS * (len(draft.frozen) - number))
            revisions.append({
                "id": ids[rev_t.name], "application_id": app_id, "number": number,
                "status": S.SUBMITTED.value, "created_at": sent, "actor": actor,
                "snapshot": _snapshot(app, number, text, template, row, children, zone,
                                      actor, sent)})
            ids[rev_t.name] += 1
    conn.execute(insert(app_t), apps)
    conn.execute(insert(sec_t), sections)
    if revisions:
        conn.execute(insert(rev_t), revisions)
    conn.execute(insert(AuditEntry.__table__), [  # type: ignore[attr-defined]
        {"op_id": op_id, "at": now, "actor": actor, "action": AuditAction.CREATE.value,
         "entity": app_t.name, "entity_id": a["id"], "field": None, "old_value": None,
         "new_value": None} for a in apps])
    return len(apps)


def _snapshot(app: dict[str, Any], number: int, text: list[dict[str, Any]], template: Template,
              row: dict[str, Any], children: dict[str, Any], zone: Zone, actor: str,
              now: datetime) -> str:
    return snapshot_text(
        application={**app, "revision": number,
                     "deadline": app["deadline"].isoformat() if app["deadline"] else None},
        template=template,
        sections=[{**s, "title_zh": template.section(s["key"]).title_zh,
                   "title_en": template.section(s["key"]).title_en,
                   "required": template.section(s["key"]).required} for s in text],
        enterprise=EnterpriseRead.model_validate(row),
        titles=[SrdiTitleRead.model_validate(t) for t in children.get("titles", ())],
        zone=ZoneRead.model_validate(zone, from_attributes=True),
        officer={"name": OFFICER["officer_name"], "organisation_zh": OFFICER["organisation_zh"],
                 "organisation_en": OFFICER["organisation_en"]},
        ignores=(), status=S.SUBMITTED, actor=actor, frozen_at=now)


def remember_submitted(session: Session) -> int:
    """Feed the translation memory with every demo application that has been submitted, as
    submitting one in the app does; returns the number of applications stored."""
    from coop_desktop.services import tm

    ids = session.execute(select(col(Application.id))
                          .where(col(Application.status).in_([s.value for s in _SUBMITTED]))
                          .order_by(col(Application.id))).scalars().all()
    for app_id in ids:
        tm.store_submitted(session, app_id)
    return len(ids)
