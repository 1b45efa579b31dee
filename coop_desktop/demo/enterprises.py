"""One demo enterprise: its record (name, USCC, place, figures, markets, tags, texts, the
derived columns) and its related records (titles and their events, yearly figures,
contacts, interactions, zone links), drawn by :class:`Generator` in a fixed order.

Two generators per run: the record, contacts, interactions and links come from the run's
``random.Random(seed)``; the SRDI side — titles, their events, the yearly figures — from a
second one (``facts``), so that changing how those are drawn leaves the enterprises as
they were."""

from __future__ import annotations

import math
import random
from datetime import date
from decimal import Decimal
from typing import Any

from coop_desktop import rules
from coop_desktop.demo import contacts as _contacts
from coop_desktop.demo import links as _links
from coop_desktop.demo import titles as _titles
from coop_desktop.demo.events import TitleLife
from coop_desktop.demo.common import (
    REFERENCE_DATE, Weighted, between, lognormal_int, pick, round_to,
)
from coop_desktop.demo.industries import (
    DEFAULT_ECONOMICS, ECONOMICS, INDUSTRY_WEIGHTS, INDUSTRY_WORDS, TECH_INDUSTRIES, field_en,
    scopes, size_class,
)
from coop_desktop.demo.links import ZoneKey
from coop_desktop.demo.names import CompanyNames, context_tokens, person, search_tokens
from coop_desktop.demo.places import (
    COUNTRIES_ZH, DISTRICTS, EXPORT_MARKETS, ROADS, TARGET_COUNTRIES, Place, places,
)
from coop_desktop.demo.years import YearDraws
from coop_desktop.reference import countries
from coop_desktop.validation import USCC_CHARSET, uscc_check_char

TAG_HIGH_TECH = "高新技术企业"
TAG_EXPORT = "出口"
TAG_SRDI = "专精特新"
TAG_GIANT = "小巨人"
TAG_CBEC = "跨境电商"
TAG_GAZELLE = "瞪羚企业"
TAG_BRAND = "品牌出海"


_ORG_CHARS = USCC_CHARSET  # digits and capitals without I, O, S, V, Z
_ORG_VALUES = {ch: int(ch, 36) for ch in _ORG_CHARS}


def org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    v = _ORG_VALUES
    total = (v[body[0]] * 3 + v[body[1]] * 7 + v[body[2]] * 9 + v[body[3]] * 10
             + v[body[4]] * 5 + v[body[5]] * 8 + v[body[6]] * 4 + v[body[7]] * 2)
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


class Generator:
    """All the drawing of one run: ``enterprise()`` gives the next record and its children."""

    def __init__(self, rng: random.Random, *, taken_usccs: set[str], taken_names: set[str],
                 zones: list[ZoneKey], now: Any, facts: random.Random | None = None,
                 programmes: Any = None) -> None:
        self.rng = rng
        self.facts = facts or random.Random(0)
        self.programmes = programmes
        self.title_life = TitleLife(self.facts)
        self.year_draws = YearDraws(self.facts)
        self.usccs = taken_usccs
        self.company_names = CompanyNames(rng, taken_names)
        self.zones = zones
        self.uscc_redraws = 0
        self.places = places()
        self.industries = Weighted(list(INDUSTRY_WEIGHTS.items()))
        self.words: dict[str, Weighted] = {}
        for key in INDUSTRY_WEIGHTS:
            self.words[key] = Weighted([(w, w[3]) for w in INDUSTRY_WORDS if w[2] == key])
        self.digital = Weighted([(None, 10), (1, 18), (2, 40), (3, 25), (4, 7)])
        self.now = now

    @property
    def redraws(self) -> int:
        """USCCs and names drawn again because they were already taken."""
        return self.uscc_redraws + self.company_names.redraws

    def uscc(self, city_code: str, new_style: bool) -> str:
        rng = self.rng
        while True:
            if new_style:  # post-2015 registrations: organisation code "MA…"
                x = int(rng.random() * 887_503_681)  # 31 ** 6
                body = "MA"
                for _ in range(6):
                    x, digit = divmod(x, 31)
                    body += _ORG_CHARS[digit]
            else:
                body = f"{int(rng.random() * 100_000_000):08d}"
            first17 = "91" + city_code + body + org_check(body)
            code = first17 + uscc_check_char(first17)
            if code not in self.usccs:
                self.usccs.add(code)
                return code
            self.uscc_redraws += 1


    def figures(self, industry: str) -> dict[str, Any]:
        rng = self.rng
        median_staff, per_head, (rd_lo, rd_hi) = ECONOMICS.get(industry, DEFAULT_ECONOMICS)
        if rng.random() < 0.015:  # a few large firms
            employees = lognormal_int(rng, 1800, 0.5, 1000, 20000)
            per_head = per_head * 2
        else:
            employees = lognormal_int(rng, median_staff, 1.0, 3, 2500)
        revenue_yuan = round_to(int(employees * per_head * math.exp(rng.gauss(0, 0.6))), 10_000)
        assets_yuan = round_to(int(revenue_yuan * math.exp(rng.gauss(-0.2, 0.45))), 10_000)
        capital_yuan = round_to(lognormal_int(rng, 5_000_000, 1.0, 100_000, 500_000_000), 100_000)
        rd_share = rd_lo + (rd_hi - rd_lo) * rng.random()
        rd_yuan = round_to(int(revenue_yuan * rd_share), 1_000) if rd_share > 0 else 0
        tech = industry in TECH_INDUSTRIES
        rd_staff = min(employees, int(employees * rng.uniform(0.05, 0.35))) if tech else 0
        return {
            "rd_yuan": rd_yuan,  # also when the record leaves the R&D expense unknown
            "employees": employees,
            "revenue_fen": revenue_yuan * 100,
            "total_assets_fen": assets_yuan * 100,
            "registered_capital_fen": capital_yuan * 100,
            "rd_expense_fen": rd_yuan * 100 if rng.random() > 0.1 else None,
            "rd_staff": rd_staff if rng.random() > 0.1 else None,
            "main_business_share": Decimal(between(rng, 6000, 10000)) / 100,
        }

    def enterprise(self) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
        rng = self.rng
        place: Place = self.places.pick(rng)
        industry: str = self.industries.pick(rng)
        word = self.words[industry].pick(rng)
        name = self.company_names.name(place, word)
        name_zh, name_en, brand_py = name.zh, name.en, name.brand_py
        year = 1995 + int(30 * rng.random() ** 0.75)
        established = date(min(year, 2024), between(rng, 1, 12), between(rng, 1, 28))
        figures = self.figures(industry)
        exporter = rng.random() < (0.7 if industry in ("industry", "wholesale") else 0.35)
        markets = EXPORT_MARKETS.sample(rng, between(rng, 1, 5)) if exporter else []
        targets = TARGET_COUNTRIES.sample(rng, between(rng, 1, 3)) if rng.random() < 0.55 else []
        size = size_class(industry, figures["employees"], figures["revenue_fen"],
                          figures["total_assets_fen"])
        fig = _titles.Figures(
            industry, industry in TECH_INDUSTRIES, size != "large", established.year,
            figures["employees"],
            figures["revenue_fen"] // 100, figures["total_assets_fen"] // 100,
            figures["rd_yuan"], figures["rd_staff"],
            float(figures["main_business_share"]) / 100)
        titles = _titles.titles(self.facts, fig, place.province_short)
        title_events = self.title_life.events(titles)
        live = {t["tier"] for t in titles if t["status"] == "active"
                and t["expires_on"] >= REFERENCE_DATE}
        tags: list[str] = []
        if markets:
            tags.append(TAG_EXPORT)
        if live & _titles.SRDI_TIERS:
            tags.append(TAG_SRDI)
        if _titles.GIANT in live:
            tags.append(TAG_GIANT)
        if industry in TECH_INDUSTRIES and rng.random() < 0.3:
            tags.append(TAG_HIGH_TECH)
        if rng.random() < (0.25 if industry in ("wholesale", "retail") else 0.05):
            tags.append(TAG_CBEC)
        if rng.random() < 0.03:
            tags.append(TAG_GAZELLE)
        if markets and rng.random() < 0.05:
            tags.append(TAG_BRAND)
        website = None
        if rng.random() < 0.65:
            website = f"https://www.{brand_py}{pick(rng, ('', 'tech', 'group', '-cn'))}." \
                      f"{pick(rng, ('com', 'com.cn', 'cn'))}"
        district = pick(rng, DISTRICTS)
        road = pick(rng, ROADS)
        number = between(rng, 1, 999)
        city, province = place.city, place.province
        prov_zh = "" if province.name_zh == city.name_zh else province.name_zh
        prov_en = "" if province.name_en == city.name_en else f", {province.name_en}"
        address_zh = f"{prov_zh}{city.name_zh}{district[0]}{road[0]}{number}号"
        address_en = f"No. {number} {road[1]}, {district[1] + ', ' if district[1] else ''}" \
                     f"{city.name_en}{prov_en}, China"
        scope_zh, scope_en = scopes(industry, word[0], word[1])
        if markets:  # the complete list, by name: no 等, no codes
            names_en = [countries.name_in_text(c, "en") for c in markets]
            export_zh = f"产品出口{'、'.join(COUNTRIES_ZH[c] for c in markets)}。"
            export_en = "It exports to " + (
                names_en[0] if len(names_en) == 1
                else ", ".join(names_en[:-1]) + " and " + names_en[-1]) + "."
        else:
            export_zh = "目前以国内市场为主，正在筹划开拓海外市场。"
            export_en = "It sells mainly in China and is preparing to go abroad."
        legal_rep = person(rng)[0]
        row: dict[str, Any] = {
            "id": None,  # assigned by the store
            "name_zh": name_zh,
            "name_en": name_en,
            "uscc": self.uscc(city.code, established.year >= 2015),
            "legal_form": name.legal_form.value,
            "legal_rep": legal_rep,
            "registered_capital_fen": figures["registered_capital_fen"],
            "registered_capital_currency": "CNY",
            "established_on": established,
            "province_code": province.code,
            "city_code": city.code,
            "city_zh": city.name_zh,
            "city_en": city.name_en,
            "address_zh": address_zh,
            "address_en": address_en,
            "industry": industry,
            "business_scope_zh": scope_zh,
            "business_scope_en": scope_en,
            "employees": figures["employees"],
            "revenue_fen": figures["revenue_fen"],
            "total_assets_fen": figures["total_assets_fen"],
            "main_business_share": figures["main_business_share"],
            "rd_expense_fen": figures["rd_expense_fen"],
            "rd_staff": figures["rd_staff"],
            "digitalisation_level": self.digital.pick(rng),
            "export_markets": markets,
            "target_countries": targets,
            "website": website,
            "description_zh": f"公司成立于{established.year}年，专注于{word[0]}领域。{export_zh}",
            "description_en": f"Founded in {established.year}, the company specialises in "
                              f"{field_en(word[1])}. {export_en}",
            "tags": tags,
        }
        row["cluster_id"], row["pilot_city_id"] = (
            self.programmes.links(city.code, industry) if self.programmes is not None
            else (None, None))
        row["size_class"] = size
        row["size_standard"] = rules.STANDARD_VERSION
        row["name_pinyin"] = name.reading.spaced or None
        row["search_tokens"] = search_tokens(
            name.parts_zh, name.reading, name.parts_en,
            context_tokens(city.name_zh, city.name_en, tuple(tags)))
        row["created_at"] = row["updated_at"] = self.now
        row["deleted_at"] = None
        children = {
            "titles": titles,
            "title_events": title_events,
            "years": self.year_draws.rows(fig, row, titles, TAG_HIGH_TECH in tags),
            "contacts": _contacts.contacts(rng, brand_py, website, city.code),
            "interactions": _contacts.interactions(rng, markets),
            "zone_links": _links.links(rng, self.zones, markets + targets, province.code),
        }
        return row, children
