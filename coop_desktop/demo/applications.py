"""Demo applications: a few dozen realistic documents in every workflow state.

Called by :func:`coop_desktop.demo.generate_iter` inside the run's transaction, after the
enterprises are written. :class:`Picker` sees every generated enterprise and keeps a few
candidates (linked to a zone / not linked); :func:`write` drafts one document for each of
up to :data:`APPLICATIONS` of them from one of the shipped templates (:data:`PLAN`: mostly
zone applications, a good share of overseas investment dossiers, a few company profiles),
exactly as ``services.applications.create`` would (placeholders filled from the records),
then fills the template's gaps (``【待填写：…】`` / ``[to be completed: …]``) with matching
values on both sides and moves each document to its state:

* drafts with only some gaps filled, and some withdrawn before submission;
* ready (every gap filled), submitted (revision 1, or revision 2 after the authority asked
  for changes — two frozen snapshots that differ in the plan: :data:`REVISED`), accepted
  and rejected, each with its frozen revision(s) and a reference number.

A zone application goes to an enterprise linked to a zone when there is one. An overseas
dossier targets the enterprise's target country (or else its first export market) and has
a zone only when the enterprise is linked to one. A company profile is handed out, not
submitted to an authority: it is only ever a draft or ready, has no zone, and goes to an
exporter (its cooperation section names the target country or first export market).

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
from coop_desktop.demo.industries import FIELDS_EN, WORDS_OF_FIELDS
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
from coop_desktop.services.applications import snapshot_text

#: How many enterprises get an application (the 150k demo stays fast).
APPLICATIONS = 30
ZONE, OVERSEAS, PROFILE = "zone_application", "overseas_dossier", "company_profile"
#: The sections revision 2 rewrites (the authority asked for changes to the plan), per
#: template; a company profile is never submitted.
REVISED: dict[str, tuple[str, ...]] = {ZONE: ("zone_plan", "expected_benefits"),
                                       OVERSEAS: ("investment_plan", "expected_benefits")}
#: Days between a revision sent back and its resubmission.
RESUBMIT_DAYS = 21
#: Candidates kept while enterprises are generated (linked to a zone / not linked).
KEEP = 200
#: The demo officer: the person using the app, recorded in the documents.
OFFICER = {"officer_name": "李明", "organisation_zh": "广东省工业和信息化厅",
           "organisation_en": "Department of Industry and Information Technology of "
                              "Guangdong Province"}

S = ApplicationStatus
#: (template, status, frozen revisions) for 30 applications; fewer take a prefix after
#: shuffling. 18 zone applications, 8 overseas dossiers, 4 company profiles; together
#: every status (8 drafts, 4 ready, 4 + 2 submitted, 5 accepted, 4 rejected, 3 withdrawn).
PLAN: tuple[tuple[str, ApplicationStatus, int], ...] = (
    *[(ZONE, S.DRAFT, 0)] * 4, (ZONE, S.READY, 0), *[(ZONE, S.SUBMITTED, 1)] * 3,
    (ZONE, S.SUBMITTED, 2), *[(ZONE, S.ACCEPTED, 1)] * 4, *[(ZONE, S.REJECTED, 1)] * 3,
    *[(ZONE, S.WITHDRAWN, 0)] * 2,
    *[(OVERSEAS, S.DRAFT, 0)] * 2, (OVERSEAS, S.READY, 0), (OVERSEAS, S.SUBMITTED, 1),
    (OVERSEAS, S.SUBMITTED, 2), (OVERSEAS, S.ACCEPTED, 1), (OVERSEAS, S.REJECTED, 1),
    (OVERSEAS, S.WITHDRAWN, 0),
    *[(PROFILE, S.DRAFT, 0)] * 2, *[(PROFILE, S.READY, 0)] * 2,
)
#: Reference number prefix given by the authority (zone office / outbound investment).
_REFERENCE = {ZONE: "ZQ", OVERSEAS: "JW"}
_SUBMITTED = frozenset({S.SUBMITTED, S.ACCEPTED, S.REJECTED})
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
#: A gap, with or without a label (the risk list of the dossier has bare ones).
_ZH_GAP = re.compile(r"【待填写(?:[:：]([^】]*))?】")
_EN_GAP = re.compile(r"\[to be completed(?::[^\]]*)?\]")

_Candidate = tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]


def _fit(template_key: str, row: dict[str, Any], children: dict[str, Any]) -> int:
    """How well the enterprise suits the template (higher is better): a dossier wants an
    exporter (its international experience is a required section), preferably a
    manufacturer with R&D staff (the text speaks of products) and a target country; a
    profile (handed out abroad) an exporter, preferably such a manufacturer with a tier
    title to show. Any enterprise will do for a zone application."""
    if template_key == ZONE:
        return 0
    exporter = bool(row.get("export_markets"))
    maker = row.get("industry") == "industry" and bool(row.get("rd_staff"))
    extra = row.get("target_countries") if template_key == OVERSEAS else children.get("titles")
    return 4 * exporter + 2 * maker + bool(extra)


@dataclass
class Picker:
    """Keeps candidate enterprises as they are generated (the row dicts get their ids
    when the store adds them)."""

    linked: list[_Candidate] = field(default_factory=list)
    other: list[_Candidate] = field(default_factory=list)

    def offer(self, row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> None:
        bucket = self.linked if children.get("zone_links") else self.other
        if len(bucket) < KEEP:
            bucket.append((row, children))

    def chosen(self, rng: random.Random, templates: Sequence[str]) -> list[_Candidate]:
        """One enterprise per template key, in order, until the candidates run out: zone
        applications from the linked ones first, dossiers from either (so some have no
        zone), profiles from the unlinked ones first; dossiers and profiles take the
        enterprise that suits them best (:func:`_fit`), the preferred pool winning ties."""
        n = len(templates)
        linked = rng.sample(self.linked, min(n, len(self.linked)))
        other = rng.sample(self.other, min(n, len(self.other)))
        out = []
        for key in templates:
            if key == ZONE or (key == OVERSEAS and rng.random() < 0.4):
                pools = (linked, other)
            else:
                pools = (other, linked)
            best: tuple[int, list[_Candidate], int] | None = None
            for pool in pools:
                for i, (row, children) in enumerate(pool):
                    score = _fit(key, row, children)
                    if best is None or score > best[0]:
                        best = (score, pool, i)
            if best is None:
                break
            out.append(best[1].pop(best[2]))
        return out


# ------------------------------------------------------------------------ gap values
def _word(row: dict[str, Any]) -> tuple[str, str]:
    """The enterprise's line of business as the demo wrote it into the description (in
    English as a field: "specialises in …", "the sale of …")."""
    zh = re.search(r"专注于(.+?)领域", row.get("description_zh") or "")
    en = re.search(r"specialises in (.+?)\.", row.get("description_en") or "")
    word_en = en.group(1) if en else "precision manufacturing"
    return zh.group(1) if zh else "精密制造", FIELDS_EN.get(word_en, word_en)


def _products(row: dict[str, Any]) -> tuple[str, str]:
    """What the enterprise makes: "仪器仪表产品" / "instruments", "电气产品" / "electric
    products"."""
    zh = re.search(r"专注于(.+?)领域", row.get("description_zh") or "")
    en = re.search(r"specialises in (.+?)\.", row.get("description_en") or "")
    word_zh, word_en = zh.group(1) if zh else "精密制造", en.group(1) if en else "precision"
    word_en = WORDS_OF_FIELDS.get(word_en, word_en)  # "electrical equipment" was "electric"
    return (word_zh if word_zh.endswith("制品") else f"{word_zh}产品",
            word_en if word_en.endswith("s") else f"{word_en} products")


def _month(d: date) -> tuple[str, str]:
    return f"{d.year}年{d.month}月", f"{_MONTHS[d.month - 1]} {d.year}"


#: Where an overseas project goes, per target country (else "a major industrial city").
_CITIES: dict[str, tuple[str, str]] = {
    "DE": ("慕尼黑", "Munich"), "VN": ("海防", "Haiphong"), "HU": ("德布勒森", "Debrecen"),
    "TH": ("罗勇府", "Rayong"), "MY": ("槟城", "Penang"), "ID": ("勿加泗", "Bekasi"),
    "MX": ("蒙特雷", "Monterrey"), "AE": ("迪拜", "Dubai"), "SA": ("达曼", "Dammam"),
    "BR": ("圣保罗", "São Paulo"), "SG": ("裕廊工业区", "the Jurong industrial area"),
    "PL": ("弗罗茨瓦夫", "Wrocław"), "CZ": ("布尔诺", "Brno"), "FR": ("里昂", "Lyon"),
    "IT": ("米兰", "Milan"), "US": ("亚特兰大", "Atlanta"), "JP": ("大阪", "Osaka"),
    "KR": ("仁川", "Incheon"), "CH": ("苏黎世", "Zurich"), "KZ": ("阿拉木图", "Almaty"),
    "EG": ("苏伊士运河经济区", "the Suez Canal Economic Zone"),
    "TR": ("伊斯坦布尔", "Istanbul"), "SK": ("布拉迪斯拉发", "Bratislava"),
    "AT": ("林茨", "Linz"), "HR": ("萨格勒布", "Zagreb"), "GB": ("伯明翰", "Birmingham"),
    "NL": ("鹿特丹", "Rotterdam"), "AU": ("墨尔本", "Melbourne"), "IN": ("金奈", "Chennai"),
    "RU": ("莫斯科", "Moscow"), "ES": ("巴塞罗那", "Barcelona"),
    "ZA": ("约翰内斯堡", "Johannesburg"),
}  # fmt: skip
_MATURE = frozenset({"DE", "FR", "IT", "GB", "NL", "CH", "AT", "US", "JP", "KR", "SG", "AU",
                     "ES"})
_ORDINALS = ("zero", "one", "two", "three", "four", "five", "six")
#: The overseas entity by form of investment: (zh form, en form, zh entity, en entity,
#: possible Chinese shareholdings in percent).
_DEALS = (
    ("新设", "establish", "全资子公司", "a wholly owned subsidiary", (100,)),
    ("新设", "establish", "合资公司", "a joint venture", (51, 55, 60, 70)),
    ("并购", "acquire", "一家当地同行企业", "a local company in the same line of business",
     (51, 60, 70, 80, 100)),
    ("参股", "take a stake in", "一家当地分销企业", "a local distribution company",
     (20, 25, 30, 35, 40, 49)),
)
#: Bare gaps (``【待填写】``) are named by the words just before them.
_RISKS = (
    ("应对措施", ("与当地经销商合作开拓市场，分阶段投入，严格控制经营成本",
                  "work with local distributors, invest in stages and keep operating "
                  "costs under tight control")),
    ("政治与政策", ("{c_zh}政局总体稳定，但产业政策和外资审查规则可能调整",
                    "the political situation in {c_en} is stable overall, but industrial "
                    "policy and foreign investment screening rules may change")),
    ("汇率", ("人民币与当地货币之间的汇率波动可能影响投资成本和利润",
              "fluctuations between the renminbi and the local currency may affect "
              "investment costs and profits")),
    ("法律与合规", ("当地在劳动用工、环境保护和数据保护等方面的要求较为严格",
                    "local requirements on employment, environmental protection and data "
                    "protection are strict")),
    ("市场与经营", ("当地市场竞争激烈，开发新客户的周期较长",
                    "competition in the local market is intense and winning new clients "
                    "takes time")),
)


class _Gaps:
    """Values for the template's gaps, the same fact on both sides."""

    def __init__(self, rng: random.Random, row: dict[str, Any], country: str | None,
                 today: date):
        self.rng = rng
        self.row = row
        self.word = _word(row)
        self.products = _products(row)
        self.code = country or ""
        self.country = ((countries.country_name(country, "zh_CN"),
                         countries.country_name(country, "en")) if country else ("境外", "abroad"))
        self.next_month = today + timedelta(days=rng.randint(60, 180))
        self.deal = _DEALS[0]  # the overseas investment being described
        self.share = 100  # the Chinese shareholding in it, percent
        self.total_wan = 0  # its total investment, in 10,000 USD

    def money(self, lo: int, hi: int) -> tuple[str, str]:
        fen = self.rng.randint(lo, hi) * 100 * 10_000 * 100  # whole millions of yuan
        return money_text(fen, "zh"), money_text(fen, "en")

    def usd(self, wan: int) -> tuple[str, str]:
        fen = wan * 10_000 * 100
        return money_text(fen, "zh", "USD"), money_text(fen, "en", "USD")

    def value(self, label: str, before: str = "") -> tuple[str, str]:
        """The (zh, en) values of the gap with this Chinese label; ``before`` is the text
        of its paragraph up to the gap (it tells apart gaps with the same label, and names
        a gap without one)."""
        rng, (w_zh, w_en), (c_zh, c_en) = self.rng, self.word, self.country
        p_zh, p_en = self.products
        if not label:
            for key, (zh, en) in _RISKS:
                if key in before[-10:]:
                    return zh.format(c_zh=c_zh), en.format(c_en=c_en)
            return "详见附件", "see the annexes"
        if "年数" in label:
            if before.endswith("第"):  # "break even in year three"
                year = rng.randint(2, 5)
                return str(year), _ORDINALS[year]
            years = max(1, 2026 - (self.row.get("established_on") or date(2015, 1, 1)).year)
            return str(years), str(years)
        if "数量" in label:
            n = str(rng.randint(15, 120) if before.endswith("雇用员工") else rng.randint(3, 60))
            return n, n
        if "百分比" in label:
            if before.endswith("持股比例为"):
                pct = f"{self.share}%"
            elif before.endswith("资产负债率为"):
                pct = f"{rng.randint(25, 60)}%"
            else:
                pct = f"{rng.randint(20, 180) / 10:g}%"
            if "来源" in label:
                return f"{pct}（据行业协会统计）", f"{pct} (industry association data)"
            return pct, pct
        if "金额" in label:
            if "来源" in label:  # the size of a market: hundreds of millions of yuan
                yi = rng.randint(5, 300)
                en = f"RMB {yi / 10:g} billion" if yi >= 10 else f"RMB {yi * 100} million"
                return f"人民币{yi}亿元（据当地行业协会统计）", f"{en} (local industry association data)"
            if "币种" in label:  # the total overseas investment, in whole millions of USD
                self.total_wan = rng.randint(1, 30) * 100
                return self.usd(self.total_wan)
            if before.endswith("中方投资") and self.total_wan:
                return self.usd(self.total_wan * self.share // 100)
            return self.money(2, 80)
        if "年月" in label:
            text = _month(self.next_month)
            self.next_month += timedelta(days=rng.randint(240, 420))
            return text
        if "新设" in label:
            self.deal = _DEALS[rng.randrange(len(_DEALS))]
            self.share = rng.choice(self.deal[4])
            return self.deal[0], self.deal[1]
        if "境外企业" in label:
            return self.deal[2], self.deal[3]
        if "城市或园区" in label:
            return _CITIES.get(self.code, (f"{c_zh}主要工业城市",
                                           f"a major industrial city in {c_en}"))
        if label == "产品名称":  # the profile: "leading products include …"
            return f"多个系列的{p_zh}", f"several ranges of {p_en}"
        if "专利" in label:
            n = rng.randint(3, 40)
            return (f"发明专利{n}项、ISO 9001质量管理体系认证，以及多项省级科技奖励",
                    f"{n} invention patents and ISO 9001 quality management certification, "
                    "as well as several provincial science and technology awards")
        if "主要区域" in label:  # "sells its products in … of China"
            return rng.choice((("华东、华南等地区", "the east and south"),
                               ("长三角和珠三角地区",
                                "the Yangtze River Delta and Pearl River Delta regions"),
                               ("大部分省份", "most provinces")))
        if "市场代理" in label:
            return rng.choice((("技术合作和市场代理", "technical cooperation and sales agency"),
                               ("市场代理和本地化服务", "sales agency and local service"),
                               ("合资建厂和技术合作",
                                "a joint venture plant and technical cooperation")))
        phrases = (
            ("主营业务", (f"{w_zh}的研发、生产和销售", f"the R&D, manufacture and sale of {w_en}")),
            ("产品名称", (f"{w_zh}系列产品，主要用于汽车、电子和装备制造行业",
                          f"its range of {p_en}, used mainly in the automotive, "
                          "electronics and equipment industries")),
            ("细分领域", (w_zh, w_en)),
            ("应用领域", ("汽车、电子和装备制造等行业",
                          "the automotive, electronics and equipment manufacturing industries")),
            ("代表性客户", ("多家国内上市公司和欧洲知名制造企业",
                            "several listed Chinese companies and well-known European "
                            "manufacturers")),
            ("研发机构", ("省级企业技术中心", "a provincial-level enterprise technology centre")),
            ("国际认证", ("CE和ISO 9001认证", "CE and ISO 9001 certification")),
            ("境外分支", (f"{c_zh}销售办事处", f"a sales office in {c_en}")),
            ("其他理由", ("贴近海外客户，缩短交付和服务周期",
                          "to be closer to overseas clients and shorten delivery and service "
                          "times")),
            ("市场需求依据", ("近年来本企业收到的当地询单和订单持续增长",
                              "as the steady growth in enquiries and orders the Company has "
                              "received from there in recent years shows")),
            ("当地合作伙伴", ("寻找当地分销合作伙伴、建设售后服务网络、对接跨境融资",
                              "finding local distribution partners, building an after-sales "
                              "service network and access to cross-border financing")),
            ("具体需求", (f"与{c_zh}企业开展技术合作、引进高端研发人才、对接跨境融资",
                          f"technical cooperation with companies from {c_en}, recruitment of "
                          "senior R&D staff and access to cross-border financing")),
            ("设立子公司", ("设立全资子公司并建设智能制造基地",
                            "establish a wholly owned subsidiary and build an intelligent "
                            "manufacturing base")),
            ("经营内容", (f"{p_zh}的本地化生产、销售和售后服务",
                          f"the local production, sale and after-sales service of {p_en}")),
            ("宏观经济", ("经济发达，制造业基础雄厚，市场规范成熟，对先进制造和绿色技术有持续需求",
                          "a mature, well-regulated economy with a strong manufacturing base "
                          "and steady demand for advanced manufacturing and green technologies")
             if self.code in _MATURE else
             ("经济保持较快增长，正积极承接制造业投资，并为外国投资者提供税收优惠等支持政策",
              "a fast-growing economy that is actively attracting manufacturing investment "
              "and offers foreign investors support such as tax incentives")),
            ("竞争对手", ("当地龙头企业和国际知名品牌",
                          "local market leaders and well-known international brands")),
            ("优势", ("产品性价比高、交付周期短，并可提供定制化服务",
                      "good value for money, short delivery times and customised solutions")),
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


#: What the officer writes instead when every paragraph of a required section was dropped
#: (a profile of a company without R&D figures and title, a dossier of a non-exporter);
#: ``{gap}`` is the value of the given gap.
_INSTEAD: dict[tuple[str, str], tuple[str, str, str]] = {
    (PROFILE, "innovation"): (
        "专利、认证、奖项等", "本企业高度重视技术创新，持续加大研发投入，现拥有{gap}。",
        "Innovation is central to the Company’s strategy: it keeps increasing its R&D "
        "spending and holds {gap}."),
    (OVERSEAS, "international_experience"): (
        "CE、UL等国际认证", "本企业目前以国内市场为主，正通过参加境外展会、发展海外代理商等方式"
        "开拓国际市场，产品已取得{gap}。",
        "The Company currently sells mainly in China and is building up its international "
        "business through trade fairs abroad and overseas agents; its products hold {gap}."),
}


def _filled(template_key: str, key: str, zh: str, en: str, gaps: _Gaps) -> tuple[str, str]:
    """The section with its gaps filled and the paragraphs without data dropped."""
    zh, en = _drop_unresolved(*_fill_gaps(zh, en, gaps))
    instead = _INSTEAD.get((template_key, key))
    if instead and not zh.strip() and not en.strip():
        gap_zh, gap_en = gaps.value(instead[0])
        zh, en = instead[1].format(gap=gap_zh), instead[2].format(gap=gap_en)
    return zh, en


def _fill_gaps(zh: str, en: str, gaps: _Gaps) -> tuple[str, str]:
    """Fill every gap; the n-th zh gap and the n-th en gap get the same fact."""
    values = [gaps.value(m.group(1) or "", zh[zh.rfind("\n", 0, m.start()) + 1:m.start()])
              for m in _ZH_GAP.finditer(zh)]
    zh_iter, en_iter = iter(values), iter(values)
    fallback = ("详见附件", "see the annexes")
    zh = _ZH_GAP.sub(lambda _m: next(zh_iter, fallback)[0], zh)
    en = _EN_GAP.sub(lambda _m: next(en_iter, fallback)[1], en)
    return zh, en


# ------------------------------------------------------------------------ writing
@dataclass(frozen=True)
class _Draft:
    sections: list[dict[str, Any]]  # key, position, zh, en (the current text)
    frozen: list[list[dict[str, Any]]]  # the text of each frozen revision, oldest first


def _draft(template: Template, ctx: PlaceholderContext, gaps: _Gaps, rng: random.Random,
           status: ApplicationStatus, revisions: int) -> _Draft:
    filled_upto = len(template.sections)
    # a draft is written up to a required section with gaps, which is left unfinished
    gapped = [i for i, spec in enumerate(template.sections)
              if spec.required and _ZH_GAP.search(spec.zh)]
    if status in (S.DRAFT, S.WITHDRAWN) and gapped:
        filled_upto = rng.randint(min(2, gapped[-1]), gapped[-1])
    sections = []
    for position, spec in enumerate(template.sections):
        zh, en = fill(spec.zh, ctx, "zh").text, fill(spec.en, ctx, "en").text
        if position < filled_upto:
            zh, en = _filled(template.key, spec.key, zh, en, gaps)
        sections.append({"key": spec.key, "position": position, "zh": zh, "en": en})
    frozen = []
    if revisions:
        frozen = [sections]
        if revisions == 2:  # the authority asked for changes: revision 2 differs in the plan
            revised = REVISED[template.key]
            current = []
            for s in sections:
                spec = template.section(s["key"])
                if s["key"] in revised:
                    zh, en = _filled(template.key, spec.key, fill(spec.zh, ctx, "zh").text,
                                     fill(spec.en, ctx, "en").text, gaps)
                    s = {**s, "zh": zh, "en": en}
                current.append(s)
            frozen.append(current)
            sections = current
    return _Draft(sections, frozen)


def _country(template_key: str, row: dict[str, Any], zone: Zone | None,
             rng: random.Random) -> str | None:
    """The country the document is about: for a zone application one of the zone's partner
    countries (the enterprise's own target first); otherwise the enterprise's target
    country, else its first export market."""
    wanted = [c for c in (*row.get("target_countries", []), *row.get("export_markets", []))
              if countries.is_country(c)]
    partners = [c for c in zone.partner_countries if countries.is_country(c)] if zone else []
    if template_key == ZONE:
        return next((c for c in wanted if c in partners), None) or (
            partners[0] if partners else next(iter(wanted), "DE"))
    if template_key == OVERSEAS:
        return next(iter(wanted), None) or (
            partners[0] if partners else rng.choice(("DE", "VN", "TH", "HU", "MX")))
    return next(iter(wanted), None)


def _next_ids(conn: Connection, *tables: Any) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.coalesce(func.max(t.c.id), 0))).scalar_one()) + 1
            for t in tables}


def write(conn: Connection, picker: Picker, *, zones: Sequence[Zone], seed: int, now: datetime,
          actor: str, op_id: str) -> int:
    """Draft, fill and file the demo applications in the caller's transaction; returns
    how many were written."""
    rng = random.Random(f"applications:{seed}")
    plan = list(PLAN)
    rng.shuffle(plan)
    plan = [plan[n % len(plan)] for n in range(APPLICATIONS)]
    chosen = picker.chosen(rng, [key for key, _status, _frozen in plan])
    if not chosen or not zones:
        return 0
    templates = {key: get_template(key) for key in dict.fromkeys(k for k, _s, _f in plan)}
    by_id = {z.id: z for z in zones}
    today = now.date()
    app_t = Application.__table__  # type: ignore[attr-defined]
    sec_t = ApplicationSection.__table__  # type: ignore[attr-defined]
    rev_t = ApplicationRevision.__table__  # type: ignore[attr-defined]
    ids = _next_ids(conn, app_t, sec_t, rev_t)
    apps: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    for (key, status, frozen_count), (row, children) in zip(plan, chosen, strict=False):
        template = templates[key]
        links = children.get("zone_links") or []
        zone = by_id.get(links[0]["zone_id"]) if links and key != PROFILE else None
        if key == ZONE:
            zone = zone or zones[rng.randrange(len(zones))]
        country = _country(key, row, zone, rng)
        doc_date = today - timedelta(days=rng.randint(20, 90) if status in _SUBMITTED else
                                     rng.randint(0, 15))
        people = children.get("contacts", ())  # the primary one: the first with a phone
        contact = next((c for c in people if c.get("phone")), people[0] if people else None)
        ctx = PlaceholderContext.from_records(row, titles=children.get("titles", ()), zone=zone,
                                              country=country, officer=OFFICER, contact=contact,
                                              today=doc_date)
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
            "id": app_id, "enterprise_id": row["id"], "zone_id": zone.id if zone else None,
            "country": country, "template_key": template.key,
            "template_version": template.version,
            "title_zh": template.title_zh, "title_en": template.title_en,
            "reference_no": f"{_REFERENCE[key]}{doc_date.year}-{rng.randint(1, 9999):04d}"
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
              row: dict[str, Any], children: dict[str, Any], zone: Zone | None, actor: str,
              now: datetime) -> str:
    return snapshot_text(
        application={**app, "revision": number,
                     "deadline": app["deadline"].isoformat() if app["deadline"] else None},
        template=template,
        sections=[{**s, "title_zh": spec.title_zh, "title_en": spec.title_en,
                   "required": spec.required, "kind": spec.kind}
                  for s in text for spec in (template.section(s["key"]),)],
        enterprise=EnterpriseRead.model_validate(row),
        titles=[SrdiTitleRead.model_validate(t) for t in children.get("titles", ())],
        zone=ZoneRead.model_validate(zone, from_attributes=True) if zone else None,
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
