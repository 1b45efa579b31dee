"""The people at a demo enterprise (contacts) and what the officers did with it
(interactions: visits, calls, matchmaking events, training, financing, delegations)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from coop_desktop.demo.common import Weighted, between, day, pick
from coop_desktop.demo.names import person
from coop_desktop.demo.places import AREA_CODES, COUNTRIES_ZH, TARGET_COUNTRIES
from coop_desktop.models import InteractionKind

ROLES = Weighted([
    ("总经理", 5), ("外贸部经理", 5), ("国际业务总监", 3), ("销售经理", 4), ("董事长", 2),
    ("副总经理", 3), ("财务总监", 1.5), ("技术总监", 1.5), ("董事会秘书", 1), ("行政主管", 1.5),
    ("海外市场专员", 2),
])  # fmt: skip
LANGUAGES = Weighted([("de", 2), ("ja", 2), ("ko", 1), ("fr", 1), ("es", 1), ("ru", 1), ("vi", 1),
                      ("th", 0.5), ("ar", 0.5)])
INTERACTION_KINDS = Weighted([(InteractionKind.VISIT, 30), (InteractionKind.CALL, 30),
                              (InteractionKind.MATCHMAKING, 15), (InteractionKind.TRAINING, 10),
                              (InteractionKind.FINANCING, 8), (InteractionKind.DELEGATION, 7)])
OUTCOMES = ("已建立联系", "达成合作意向", "待跟进", "签订合作意向书", "已提交申报材料",
            "企业暂无需求", "已推荐至合作区管委会", None, None)
ISSUES = ("海外认证周期长", "汇率波动影响利润", "海外用工成本较高", "缺少当地法律服务渠道",
          "出口信用保险额度不足", "海外仓资金压力大", "希望对接当地分销商")
TRAININGS = ("欧盟CE认证", "跨境电商运营", "海外知识产权保护", "出口信用保险", "RCEP原产地规则",
             "德国市场准入", "中东欧投资环境")
EVENTS = ("中德中小企业合作交流会", "中国—东盟博览会对接会", "广交会专场对接", "中小企业跨境撮合会",
          "“一带一路”产能合作对接会",
          "中欧中小企业合作洽谈会", "RCEP区域合作对接会")


def contacts(rng: random.Random, brand_py: str, website: str | None, city_code: str
             ) -> list[dict[str, Any]]:
    if rng.random() >= 0.6:
        return []
    n = 1 + (rng.random() < 0.5) + (rng.random() < 0.3)
    domain = website.split("://www.", 1)[1] if website else f"{brand_py}.com.cn"
    out = []
    for _ in range(n):
        name, s_py, g_py = person(rng)
        if rng.random() < 0.75:
            phone = (f"1{pick(rng, '35789')}{between(rng, 0, 9)} "
                     f"{between(rng, 1000, 9999)} {between(rng, 1000, 9999)}")
            if rng.random() < 0.2:
                phone = "+86 " + phone
        else:
            area = AREA_CODES.get(city_code) or f"0{between(rng, 310, 939)}"
            phone = f"{area}-{between(rng, 5000_0000, 8999_9999)}"
            if rng.random() < 0.3:
                phone += f" 转{between(rng, 100, 899)}"
        email = None
        if rng.random() < 0.85:
            local = f"{g_py}.{s_py}" if rng.random() < 0.5 else f"{s_py}{g_py}"
            if rng.random() < 0.8:
                email = f"{local}@{domain}"
            else:
                email = f"{s_py}{g_py}{between(rng, 1, 99)}@163.com"
        languages = ["zh"]
        if rng.random() < 0.6:
            languages.append("en")
        if rng.random() < 0.12:
            languages.append(LANGUAGES.pick(rng))
        out.append({"name": name, "role": ROLES.pick(rng), "phone": phone, "email": email,
                    "languages": languages, "notes": None})
    return out

def interactions(rng: random.Random, markets: list[str]) -> list[dict[str, Any]]:
    if rng.random() >= 0.45:
        return []
    n = 1 + int(rng.expovariate(0.7))
    out = []
    for _ in range(min(n, 6)):
        kind = INTERACTION_KINDS.pick(rng)
        country = COUNTRIES_ZH[markets[0] if markets and rng.random() < 0.7 else
                               TARGET_COUNTRIES.pick(rng)]
        if kind == InteractionKind.VISIT:
            notes = f"走访企业，了解{country}市场拓展计划及融资、用工需求。"
        elif kind == InteractionKind.CALL:
            notes = f"电话回访，企业反映{pick(rng, ISSUES)}。"
        elif kind == InteractionKind.MATCHMAKING:
            notes = f"参加{pick(rng, EVENTS)}，与{country}采购商洽谈{between(rng, 1, 6)}场。"
        elif kind == InteractionKind.FINANCING:
            notes = f"参加银企对接会，意向融资{between(rng, 1, 60) * 100}万元。"
        elif kind == InteractionKind.TRAINING:
            notes = f"参加“{pick(rng, TRAININGS)}”专题培训。"
        else:
            notes = f"随团赴{country}考察，走访当地园区和潜在合作伙伴。"
        out.append({"occurred_on": day(rng, date(2023, 1, 1), date(2026, 6, 30)),
                    "kind": kind.value, "notes": notes, "outcome": pick(rng, OUTCOMES)})
    out.sort(key=lambda r: r["occurred_on"])
    return out

