"""Realistic synthetic data for demonstrations, screenshots and benchmarks.

``generate(db, enterprises=500, seed=1)`` fills a database with Chinese SMEs (bilingual
names, valid USCCs, regions weighted toward the coastal manufacturing provinces, size
figures, R&D, export markets…), their SRDI titles, contacts, interactions and links to
the cooperation zones that ``open_database`` has already seeded, and up to 30 zone
applications in every workflow state (:mod:`coop_desktop.demo_applications`).
``generate_iter`` is the same work as a generator of ``(done, total)`` progress pairs
for a progress bar; its return value (``StopIteration.value``) is the :class:`DemoReport`.

Rules the data keeps:

* **Deterministic.** Everything comes from ``random.Random(seed)``: the same seed on an
  empty database gives identical rows (ids included). Only bookkeeping differs between
  runs: ``created_at``/``updated_at`` (``utcnow()``, the time of the run) and the audit
  ``op_id``. On a database that already holds rows the output also depends on those rows,
  because USCCs and Chinese names that are already taken are skipped and drawn again —
  so the demo can be run twice (with any seeds) without collisions.
* **Valid.** Every row would pass the services' checks: GB 32100 USCCs whose region
  digits are the city's GB/T 2260 code and whose check character is right, ISO 3166
  country codes, percentages with two places, R&D staff ≤ employees, dates in range.
* **Derived columns equal** :func:`coop_desktop.services.enterprise_checks.derive`
  (``tests/services/test_demo.py`` compares every row of a 2,000-row run with it).
  ``derive`` costs ~200 µs a row, nearly all in pypinyin, so the same values are built
  from caches: ``size_class`` is ``rules.size_class`` memoised on the figures' position
  among the thresholds; ``name_pinyin``/``search_tokens`` use pypinyin's own word
  segmentation of each name with cached readings per word (see :func:`_name_reading`)
  and ``text.search_tokens`` on the parts shared between rows (city, tags).
* **Audit.** Demo data writes ONE audit row per created record — enterprise, title,
  contact, interaction, zone link, application — (``action="create"``, ``field=None``, actor
  ``db.actor``, one ``op_id`` for the whole run) instead of one row per field as the
  services do: the history of a demo record says "created by … at …" without
  multiplying the audit table by forty.

Speed (150,000 enterprises with ~470,000 related records): rows go in with bulk
``executemany`` inserts, 1,000 enterprises per chunk, all in ONE transaction. On SQLite:

* the full-text indexes are filled by one ``INSERT … SELECT`` per chunk instead of the
  per-row ``AFTER INSERT`` trigger, which is dropped for the run and re-created from its
  own stored SQL inside the same transaction. SQLite (3.40 here) flushes FTS5's pending
  index data at every statement savepoint, and a trigger body opens one per row: per-row
  indexing was ~45 s of a 150k run, in bulk it is ~15 s of CPU;
* that indexing and the audit rows (also ``INSERT … SELECT``) run on a helper thread —
  long C calls that release the GIL — while the main thread draws the next chunk;
* the connection's page cache is raised to :data:`CACHE_KIB` for the run and restored.

Cancelling (``close()`` on the generator, or any error) rolls the whole run back,
trigger included.
"""

from __future__ import annotations

import math
import random
import re
import time
import uuid
from bisect import bisect
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from itertools import accumulate, pairwise
from typing import Any, ClassVar, NamedTuple, TypeVar

from pypinyin.core import Pinyin
from sqlalchemy import Connection, func, insert, literal, select
from sqlmodel import col

from coop_desktop import demo_applications, rules, text
from coop_desktop.db import Database
from coop_desktop.db.bulk import BulkInserter as _Inserter
from coop_desktop.db.bulk import FtsBulk as _FtsBulk
from coop_desktop.models import (
    AuditAction,
    AuditEntry,
    Contact,
    Enterprise,
    Interaction,
    InteractionKind,
    LegalForm,
    LinkStatus,
    SrdiTitle,
    TitleLevel,
    TitleStatus,
    TitleTier,
    Zone,
    ZoneLink,
    utcnow,
)
from coop_desktop.reference import regions
from coop_desktop.validation import USCC_CHARSET, uscc_check_char

#: Enterprises written (and progress reported) per chunk.
CHUNK = 1000
#: SQLite page cache during a run, KiB (the connection's own setting is restored after).
CACHE_KIB = 256 * 1024
#: The fixed "today" of the data (title statuses, date ranges): never the real clock.
REFERENCE_DATE = date(2026, 1, 1)

T = TypeVar("T")


@dataclass(frozen=True)
class DemoReport:
    """What one run created."""

    enterprises: int
    titles: int
    contacts: int
    interactions: int
    zone_links: int
    seconds: float
    seed: int = 1
    #: USCCs or names drawn again because they were already taken.
    redraws: int = 0
    #: Applications drafted (see :mod:`coop_desktop.demo_applications`).
    applications: int = 0


# ------------------------------------------------------------------------ weighted draws
class Weighted:
    """A fixed weighted choice (cumulative weights computed once)."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self._cum = list(accumulate(w for _, w in pairs))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self._cum, rng.random() * self._total)]

    def sample(self, rng: random.Random, k: int) -> list[Any]:
        """Up to ``k`` distinct items, in draw order."""
        out: list[Any] = []
        k = min(k, len(self.items))
        for _ in range(k * 6):
            item = self.pick(rng)
            if item not in out:
                out.append(item)
                if len(out) == k:
                    break
        return out


def _pick(rng: random.Random, seq: Sequence[T]) -> T:
    """``rng.choice`` without its overhead (this runs millions of times)."""
    return seq[int(rng.random() * len(seq))]


def _between(rng: random.Random, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi`` inclusive (a cheaper ``randint``)."""
    return lo + int(rng.random() * (hi - lo + 1))


def _lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(median * math.exp(rng.gauss(0.0, sigma)))))


def _round_to(value: int, step: int) -> int:
    return max(step, value // step * step)


# ------------------------------------------------------------------------ vocabulary
#: Brand (字号) syllables: a 2- or 3-character brand is drawn from FIRST + SECOND (+ THIRD).
BRAND_FIRST = ("华瑞博中天宏恒金泰安凯源德兴隆嘉诚汇智正新佳永海东腾飞宇辰昊泽润航星光"
               "美顺祥鸿鹏锦康威优卓亚欧环志益晶睿铭骏川岳森峰云昌荣信达盛明")
BRAND_SECOND = ("创丰远科宏达通联泰安盛源德兴隆诚汇智新佳海宇辰泽润航星光美顺祥鹏锦康威"
                "力优卓越亚欧环益晶睿铭岳森峰云昌荣邦瑞博华业拓")
BRAND_THIRD = "达通源兴盛泰丰华德"

#: (Chinese word, English words, industry key, weight within all words)
INDUSTRY_WORDS: tuple[tuple[str, str, str, float], ...] = (
    ("精密机械", "Precision Machinery", "industry", 6),
    ("智能装备", "Intelligent Equipment", "industry", 6),
    ("新材料", "New Materials", "industry", 5),
    ("新材料科技", "New Materials Technology", "industry", 4),
    ("生物医药", "Biopharmaceutical", "industry", 4),
    ("医疗器械", "Medical Devices", "industry", 3),
    ("电子科技", "Electronic Technology", "industry", 6),
    ("汽车零部件", "Auto Parts", "industry", 5),
    ("新能源", "New Energy", "industry", 4),
    ("光电科技", "Optoelectronic Technology", "industry", 3),
    ("环保科技", "Environmental Technology", "industry", 3),
    ("精细化工", "Fine Chemicals", "industry", 2),
    ("纺织", "Textile", "industry", 3),
    ("食品", "Foods", "industry", 2),
    ("五金制品", "Hardware Products", "industry", 3),
    ("模具", "Mould", "industry", 2),
    ("电气", "Electric", "industry", 3),
    ("仪器仪表", "Instruments", "industry", 2),
    ("塑胶", "Plastics", "industry", 2),
    ("家具", "Furniture", "industry", 2),
    ("照明", "Lighting", "industry", 2),
    ("机器人", "Robotics", "industry", 2),
    ("半导体", "Semiconductor", "industry", 2),
    ("阀门", "Valve", "industry", 1),
    ("泵业", "Pump", "industry", 1),
    ("轴承", "Bearing", "industry", 1),
    ("包装材料", "Packaging Materials", "industry", 1),
    ("陶瓷", "Ceramics", "industry", 1),
    ("动力电池", "Power Battery", "industry", 1.5),
    ("机电设备", "Mechanical and Electrical Equipment", "industry", 2),
    ("软件", "Software", "software_it", 5),
    ("信息技术", "Information Technology", "software_it", 5),
    ("网络科技", "Network Technology", "software_it", 4),
    ("数据科技", "Data Technology", "software_it", 2),
    ("智能科技", "Intelligent Technology", "software_it", 3),
    ("云计算", "Cloud Computing", "software_it", 1),
    ("数字科技", "Digital Technology", "software_it", 2),
    ("国际贸易", "International Trading", "wholesale", 4),
    ("进出口", "Import and Export", "wholesale", 3),
    ("供应链管理", "Supply Chain Management", "wholesale", 1.5),
    ("电子商务", "E-commerce", "retail", 2),
    ("国际物流", "International Logistics", "transport", 1.5),
    ("运输", "Transportation", "transport", 0.5),
    ("仓储", "Warehousing", "warehousing", 0.8),
    ("冷链物流", "Cold Chain Logistics", "warehousing", 0.7),
    ("快递", "Express", "postal", 0.3),
    ("酒店管理", "Hotel Management", "accommodation", 0.6),
    ("餐饮管理", "Catering Management", "catering", 0.8),
    ("通信技术", "Communication Technology", "information_transmission", 1.5),
    ("建设工程", "Construction Engineering", "construction", 1.2),
    ("建筑装饰", "Building Decoration", "construction", 0.8),
    ("置业", "Real Estate", "real_estate_development", 0.8),
    ("物业服务", "Property Services", "property_management", 0.8),
    ("商务咨询", "Business Consulting", "leasing_business_services", 2),
    ("设备租赁", "Equipment Leasing", "leasing_business_services", 1),
    ("人力资源", "Human Resources", "leasing_business_services", 1),
    ("农业科技", "Agricultural Technology", "agriculture", 1.2),
    ("生态农业", "Eco-Agriculture", "agriculture", 0.5),
    ("茶业", "Tea", "agriculture", 0.3),
    ("科技服务", "Technology Services", "other", 1),
    ("检测技术", "Testing Technology", "other", 0.7),
)

#: (suffix, English suffix, legal form, weight)
LEGAL_SUFFIXES: tuple[tuple[str, str, LegalForm, float], ...] = (
    ("有限公司", "Co., Ltd.", LegalForm.LIMITED_LIABILITY, 70),
    ("股份有限公司", "Co., Ltd.", LegalForm.JOINT_STOCK, 20),
    ("有限责任公司", "Co., Ltd.", LegalForm.LIMITED_LIABILITY, 10),
)

#: Province weights (GB/T 2260 code → weight); every other mainland province weighs 0.5.
PROVINCE_WEIGHTS: dict[str, float] = {
    "320000": 16, "440000": 16, "330000": 15, "370000": 9, "310000": 6, "350000": 5,
    "110000": 4, "340000": 3, "510000": 3, "120000": 2, "130000": 2.5, "420000": 2.5,
    "410000": 2.5, "430000": 2, "500000": 1.5, "210000": 1.5, "610000": 1.2, "360000": 1.2,
}  # fmt: skip

#: Manufacturing hubs weigh more within their province (capitals weigh 3, others 1).
CITY_WEIGHTS: dict[str, float] = {
    "320500": 6, "320200": 4, "320400": 3, "320600": 2, "440300": 6, "440100": 4,
    "441900": 4, "440600": 4, "442000": 2, "330100": 5, "330200": 4, "330300": 2.5,
    "330400": 2, "330700": 2, "370200": 4, "370600": 2, "370700": 1.5, "350200": 3,
    "350500": 3, "340200": 1.5, "130900": 1.5, "210200": 2,
}  # fmt: skip

#: Landline area codes of the bigger cities (others get a plausible 4-digit code).
AREA_CODES: dict[str, str] = {
    "110100": "010", "310100": "021", "120100": "022", "500100": "023", "440100": "020",
    "440300": "0755", "320500": "0512", "330100": "0571", "330200": "0574", "320100": "025",
    "320200": "0510", "370200": "0532", "370100": "0531", "350200": "0592", "420100": "027",
    "510100": "028", "610100": "029", "441900": "0769", "440600": "0757",
}  # fmt: skip

INDUSTRY_WEIGHTS: dict[str, float] = {
    "industry": 55, "software_it": 18, "wholesale": 8, "leasing_business_services": 4,
    "construction": 2, "retail": 2, "agriculture": 2, "transport": 2, "other": 1.7,
    "warehousing": 1.5, "information_transmission": 1.5, "catering": 0.8,
    "real_estate_development": 0.8, "property_management": 0.8, "accommodation": 0.6,
    "postal": 0.3,
}  # fmt: skip

#: Median employees, revenue per employee (yuan) and R&D share range per industry.
ECONOMICS: dict[str, tuple[int, int, tuple[float, float]]] = {
    "industry": (60, 600_000, (0.02, 0.08)),
    "software_it": (35, 450_000, (0.06, 0.2)),
    "information_transmission": (40, 700_000, (0.03, 0.1)),
    "wholesale": (12, 3_000_000, (0.0, 0.005)),
    "retail": (15, 1_200_000, (0.0, 0.005)),
    "construction": (60, 900_000, (0.0, 0.02)),
    "real_estate_development": (30, 2_500_000, (0.0, 0.0)),
}
DEFAULT_ECONOMICS = (25, 500_000, (0.0, 0.01))
TECH_INDUSTRIES = frozenset({"industry", "software_it", "information_transmission", "other"})

COUNTRIES_ZH: dict[str, str] = {
    "DE": "德国", "FR": "法国", "IT": "意大利", "HU": "匈牙利", "PL": "波兰", "CZ": "捷克",
    "VN": "越南", "TH": "泰国", "MY": "马来西亚", "ID": "印度尼西亚", "SG": "新加坡",
    "AE": "阿联酋", "SA": "沙特阿拉伯", "BR": "巴西", "MX": "墨西哥", "US": "美国",
    "JP": "日本", "KR": "韩国", "GB": "英国", "NL": "荷兰", "ES": "西班牙", "AU": "澳大利亚",
    "RU": "俄罗斯", "IN": "印度", "TR": "土耳其", "EG": "埃及", "ZA": "南非",
    "KZ": "哈萨克斯坦", "CH": "瑞士", "AT": "奥地利", "SK": "斯洛伐克", "HR": "克罗地亚",
}  # fmt: skip
EXPORT_MARKETS = Weighted([
    ("US", 10), ("DE", 8), ("JP", 6), ("VN", 6), ("KR", 5), ("TH", 4), ("MY", 4), ("ID", 4),
    ("SG", 3), ("AE", 3), ("MX", 3), ("FR", 3), ("IT", 3), ("GB", 3), ("SA", 2), ("BR", 2),
    ("NL", 2), ("PL", 2), ("AU", 2), ("IN", 2), ("RU", 2), ("TR", 1.5), ("ES", 1.5), ("CZ", 1),
    ("HU", 1), ("ZA", 1), ("EG", 0.5), ("CH", 0.5), ("AT", 0.5),
])  # fmt: skip
TARGET_COUNTRIES = Weighted([
    ("DE", 8), ("VN", 8), ("HU", 5), ("TH", 6), ("MY", 5), ("ID", 5), ("MX", 5), ("AE", 4),
    ("SA", 4), ("BR", 3), ("SG", 3), ("PL", 3), ("CZ", 2), ("FR", 2), ("IT", 2), ("US", 2),
    ("JP", 1.5), ("KR", 1.5), ("CH", 1.5), ("KZ", 1.5), ("EG", 1), ("TR", 1), ("SK", 0.5),
    ("AT", 0.5), ("HR", 0.3),
])  # fmt: skip
EU_MEMBERS = frozenset([
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
])  # fmt: skip

SURNAMES = Weighted([
    (("王", "wang"), 7), (("李", "li"), 7), (("张", "zhang"), 7), (("刘", "liu"), 5),
    (("陈", "chen"), 5), (("杨", "yang"), 3), (("黄", "huang"), 2.5), (("赵", "zhao"), 2.5),
    (("吴", "wu"), 2), (("周", "zhou"), 2), (("徐", "xu"), 1.5), (("孙", "sun"), 1.5),
    (("马", "ma"), 1.2), (("朱", "zhu"), 1.2), (("胡", "hu"), 1.2), (("郭", "guo"), 1),
    (("何", "he"), 1), (("林", "lin"), 1), (("罗", "luo"), 1), (("高", "gao"), 1),
    (("郑", "zheng"), 1), (("梁", "liang"), 0.8), (("谢", "xie"), 0.8), (("宋", "song"), 0.7),
    (("唐", "tang"), 0.7), (("韩", "han"), 0.6), (("冯", "feng"), 0.6), (("邓", "deng"), 0.6),
    (("曹", "cao"), 0.6), (("彭", "peng"), 0.5), (("曾", "zeng"), 0.5), (("肖", "xiao"), 0.5),
    (("田", "tian"), 0.4), (("董", "dong"), 0.4), (("潘", "pan"), 0.4), (("袁", "yuan"), 0.4),
    (("蔡", "cai"), 0.4), (("蒋", "jiang"), 0.4), (("余", "yu"), 0.4), (("杜", "du"), 0.3),
    (("叶", "ye"), 0.3), (("程", "cheng"), 0.3), (("魏", "wei"), 0.3), (("苏", "su"), 0.3),
    (("丁", "ding"), 0.3), (("沈", "shen"), 0.3), (("姚", "yao"), 0.2), (("欧阳", "ouyang"), 0.1),
])  # fmt: skip
GIVEN_CHARS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"),
    ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("华", "hua"), ("建", "jian"), ("国", "guo"),
    ("志", "zhi"), ("文", "wen"), ("婷", "ting"), ("鹏", "peng"), ("辉", "hui"), ("玲", "ling"),
    ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("晨", "chen"), ("欣", "xin"), ("佳", "jia"),
    ("俊", "jun"), ("昊", "hao"), ("雪", "xue"), ("琳", "lin"), ("晓", "xiao"), ("海", "hai"),
    ("斌", "bin"), ("峰", "feng"), ("慧", "hui"), ("颖", "ying"), ("博", "bo"), ("睿", "rui"),
    ("红", "hong"), ("永", "yong"), ("春", "chun"), ("东", "dong"), ("宁", "ning"), ("亮", "liang"),
)  # fmt: skip

ROLES = Weighted([
    ("总经理", 5), ("外贸部经理", 5), ("国际业务总监", 3), ("销售经理", 4), ("董事长", 2),
    ("副总经理", 3), ("财务总监", 1.5), ("技术总监", 1.5), ("董事会秘书", 1), ("行政主管", 1.5),
    ("海外市场专员", 2),
])  # fmt: skip
LANGUAGES = Weighted([("de", 2), ("ja", 2), ("ko", 1), ("fr", 1), ("es", 1), ("ru", 1), ("vi", 1),
                      ("th", 0.5), ("ar", 0.5)])

#: (district zh, district en) — the empty pair leaves the district out.
DISTRICTS: tuple[tuple[str, str], ...] = (
    ("高新区", "High-tech Zone"), ("经济技术开发区", "Economic and Technological Development Zone"),
    ("工业园区", "Industrial Park"), ("", ""), ("", ""),
    ("综合保税区", "Comprehensive Bonded Zone"),
)  # fmt: skip
ROADS: tuple[tuple[str, str], ...] = (
    ("科技路", "Keji Road"), ("创新大道", "Chuangxin Avenue"), ("星湖街", "Xinghu Street"),
    ("人民路", "Renmin Road"), ("长江路", "Changjiang Road"), ("黄河路", "Huanghe Road"),
    ("解放路", "Jiefang Road"), ("建设路", "Jianshe Road"), ("工业大道", "Gongye Avenue"),
    ("滨江路", "Binjiang Road"), ("新华路", "Xinhua Road"), ("兴业路", "Xingye Road"),
    ("科学大道", "Kexue Avenue"), ("园区路", "Yuanqu Road"), ("东方路", "Dongfang Road"),
    ("振兴路", "Zhenxing Road"), ("学府路", "Xuefu Road"), ("和平路", "Heping Road"),
)  # fmt: skip

SCOPES: dict[str, tuple[str, str]] = {
    "industry": ("{w}产品的研发、生产、销售及技术服务；货物及技术进出口",
                 ("R&D, manufacture and sale of {w} products and related technical services; "
                  "import and export of goods and technology")),
    "software_it": ("{w}开发、信息系统集成服务、技术咨询与技术服务",
                    ("{w} development, information system integration, technical consulting "
                     "and services")),
    "information_transmission": ("{w}服务、网络工程及增值电信业务",
                                 "{w} services, network engineering and value-added telecoms"),
}
DEFAULT_SCOPE = ("{w}服务；货物及技术进出口",
                 "{w} services; import and export of goods and technology")


@cache
def _scopes(industry: str, word_zh: str, word_en: str) -> tuple[str, str]:
    scope_zh, scope_en = SCOPES.get(industry, DEFAULT_SCOPE)
    return scope_zh.format(w=word_zh), scope_en.format(w=word_en.lower())

_ACTIVE = TitleStatus.ACTIVE.value
_GIANT = TitleTier.LITTLE_GIANT.value
_SRDI_TIERS = frozenset({TitleTier.SRDI.value, _GIANT})

TAG_HIGH_TECH = "高新技术企业"
TAG_EXPORT = "出口"
TAG_SRDI = "专精特新"
TAG_GIANT = "小巨人"
TAG_CBEC = "跨境电商"
TAG_GAZELLE = "瞪羚企业"
TAG_BRAND = "品牌出海"

#: Little Giant batches announced by MIIT, by year.
GIANT_BATCH = {2021: "第三批", 2022: "第四批", 2023: "第五批", 2024: "第六批", 2025: "第七批"}
TIER_WEIGHTS = Weighted([(TitleTier.INNOVATIVE, 62), (TitleTier.SRDI, 30),
                         (TitleTier.LITTLE_GIANT, 8)])
LINK_STATUSES = Weighted([(LinkStatus.INTERESTED, 35), (LinkStatus.PREPARING, 20),
                          (LinkStatus.APPLIED, 15), (LinkStatus.ADMITTED, 20),
                          (LinkStatus.WITHDRAWN, 10)])
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


# ------------------------------------------------------------------------ derived columns
# ``derive`` spends ~200 µs per row, almost all of it in pypinyin; 150,000 rows would take
# half a minute. The helpers below give exactly its results (tests/services/test_demo.py
# compares them with ``derive``) from cached pieces.

_WORD = re.compile(r"[0-9a-z]+")  # the word rule of ``text.search_tokens``


class _Reading(NamedTuple):
    """``text.pinyin`` of a text as the pieces ``derive`` needs."""

    spaced: str  # "rui feng"
    initials: str  # "rf" (the ``text.pinyin_initials`` rule, per syllable)
    joined: str  # "ruifeng"


@cache
def _reading(value: str) -> _Reading:
    syllables = text.pinyin(value).split()  # the very function ``derive`` uses
    return _Reading(" ".join(syllables),
                    "".join(s[0] for s in syllables if s and s[0].isalnum()), "".join(syllables))


try:  # pypinyin's default word segmenter (greedy forward maximum matching)
    from pypinyin.seg.mmseg import seg as _MMSEG
except ImportError:  # pragma: no cover - a pypinyin without it: the slower public path
    _MMSEG = None
_PINYIN = Pinyin()  # ``Pinyin().seg`` is the same segmentation through the public API


@cache
def _words(value: str) -> tuple[str, ...]:
    return tuple(_MMSEG.cut(value)) if _MMSEG is not None else tuple(_PINYIN.seg(value))


def _name_reading(name_zh: str, tail: str) -> _Reading:
    """Exactly ``text.pinyin(name_zh)``, fast. ``tail`` is a suffix of the name.

    pypinyin cuts a text into words (dictionary phrases or single characters) and reads
    each word on its own — the reading is the slow part, so readings come from a cache.
    Reading the name's *parts* separately would be wrong: a phrase may straddle two parts
    (泰航 + 模具 contains 航模, read "hang mo", not "mu ju"). The cut is greedy from left
    to right and depends only on the text after a word boundary, so once a word starts
    where ``tail`` (industry word + legal suffix) starts, the rest is ``tail``'s own cut.
    """
    if _MMSEG is None:  # pragma: no cover
        words: list[str] | tuple[str, ...] = _words(name_zh)
    else:
        head = len(name_zh) - len(tail)
        words = []
        pos = 0
        for word in _MMSEG.cut(name_zh):
            if pos == head:
                words.extend(_words(tail))
                break
            words.append(word)
            pos += len(word)
    readings = [_reading(w) for w in words]
    return _Reading(" ".join([r.spaced for r in readings if r.spaced]),
                    "".join([r.initials for r in readings]), "".join([r.joined for r in readings]))


@cache
def _chars(part: str) -> tuple[str, ...]:
    """Each character of an all-CJK text followed by its pair with the next one."""
    n = len(part)
    return tuple(part[i : i + k] for i in range(n) for k in (1, 2) if i + k <= n)


@cache
def _en_words(part: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.normalize(part).lower()))


@cache
def _context_tokens(city_zh: str | None, city_en: str | None, tags: tuple[str, ...]
                    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``text.search_tokens``'s tokens for the texts a name shares with other rows.

    Returns (tokens of the Chinese city name and of each tag — they follow the name's own
    tokens; words of the English city name and of the tags — they follow the English
    name's words).
    """
    middle = tuple(text.search_tokens(city_zh, *tags).split())
    tail = tuple(text.search_tokens(words=(city_en, " ".join(tags))).split())
    return middle, tail


def _search_tokens(parts_zh: Sequence[str], reading: _Reading, parts_en: Sequence[str],
                   context: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    """``text.search_tokens(name_zh, city_zh, *tags, words=(name_en, city_en, tags))``.

    ``parts_zh`` are the non-empty, all-CJK parts of the Chinese name and ``parts_en``
    the space-separated parts of the English one. Same order as ``text.search_tokens``:
    each character and pair, the initials, the run-together pinyin, the city's and tags'
    tokens, the English words; each token once, first occurrence first.
    """
    tokens = list(_chars(parts_zh[0]))
    for prev, part in pairwise(parts_zh):
        tokens.append(prev[-1] + part[0])  # the pair across the parts' boundary
        tokens += _chars(part)
    tokens.append(reading.initials)
    tokens.append(reading.joined)
    tokens += context[0]
    for part in parts_en:
        tokens += _en_words(part)
    tokens += context[1]
    return " ".join(filter(None, dict.fromkeys(tokens)))


_SIZE_INDEX = {"employees": 0, "revenue": 1, "assets": 2}
_SIZE_UNITS = (1, 10_000, 10_000)  # the standard's money thresholds are CNY 10,000
_size_memo: dict[tuple[Any, ...], str] = {}


@cache
def _size_edges(industry: str) -> tuple[tuple[int, ...], ...]:
    """Every threshold of the industry's size rule per indicator, in yuan, sorted."""
    row = rules.standard()["industries"][industry]
    edges: list[set[int]] = [set(), set(), set()]
    for part in ("ceiling", "medium", "small"):
        for key, value in row[part].items():
            i = _SIZE_INDEX[key]
            edges[i].add(value * _SIZE_UNITS[i])
    return tuple(tuple(sorted(e)) for e in edges)


def _size(industry: str, employees: int, revenue_fen: int, assets_fen: int) -> str:
    """``derive``'s size class (``rules.size_class``), memoised.

    The rule only compares each figure with thresholds (``value < limit``), so figures
    with the same position among the thresholds (``bisect_right``) get the same class:
    ``rules.size_class`` runs once per industry and position. Figures are whole yuan.
    """
    e, r, a = _size_edges(industry)
    revenue, assets = revenue_fen // 100, assets_fen // 100
    key = (industry, bisect(e, employees), bisect(r, revenue), bisect(a, assets))
    size = _size_memo.get(key)
    if size is None:
        size = _size_memo[key] = rules.size_class(
            industry, employees=employees, revenue_cny=revenue, assets_cny=assets)
    return size


# ------------------------------------------------------------------------ places
@dataclass(frozen=True)
class _Place:
    province: regions.Region
    city: regions.Region
    prefix_zh: str  # short city name used in company names ("" if it has none)
    prefix_en: str
    province_short: str


_AUTONOMOUS = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")


def _short(name_zh: str) -> str:
    for ending in _AUTONOMOUS:
        if name_zh.endswith(ending) and len(name_zh) > len(ending) + 1:
            return name_zh[: -len(ending)]
    return name_zh


@lru_cache(maxsize=1)
def _places() -> Weighted:
    pairs: list[tuple[_Place, float]] = []
    for province in regions.provinces():
        cities = regions.cities(province.code)
        if not cities:
            continue  # Taiwan, Hong Kong, Macao: no prefecture list, no USCC region codes here
        p_weight = PROVINCE_WEIGHTS.get(province.code, 0.5)
        c_weights = [CITY_WEIGHTS.get(c.code, 3.0 if i == 0 else 1.0) for i, c in enumerate(cities)]
        total = sum(c_weights)
        for city, w in zip(cities, c_weights, strict=True):
            is_city = city.name_zh.endswith("市")
            pairs.append((_Place(province, city,
                                 city.name_zh[:-1] if is_city else "",
                                 city.name_en if is_city else "",
                                 _short(province.name_zh)), p_weight * w / total))
    return Weighted(pairs)


# ------------------------------------------------------------------------ the generator
class _Name(NamedTuple):
    zh: str
    en: str
    reading: _Reading
    parts_zh: tuple[str, ...]
    parts_en: tuple[str, ...]
    legal_form: LegalForm
    brand_py: str


class _Gen:
    """All the drawing logic; one instance per run."""

    def __init__(self, rng: random.Random, *, taken_usccs: set[str], taken_names: set[str],
                 zones: list[tuple[int, frozenset[str], str | None]], now: Any) -> None:
        self.rng = rng
        self.usccs = taken_usccs
        self.names = taken_names
        self.zones = zones
        self.redraws = 0
        self.places = _places()
        self.industries = Weighted(list(INDUSTRY_WEIGHTS.items()))
        self.words: dict[str, Weighted] = {}
        for key in INDUSTRY_WEIGHTS:
            self.words[key] = Weighted([(w, w[3]) for w in INDUSTRY_WORDS if w[2] == key])
        self.suffixes = Weighted([(s, s[3]) for s in LEGAL_SUFFIXES])
        self.digital = Weighted([(None, 10), (1, 18), (2, 40), (3, 25), (4, 7)])
        self.now = now

    # -------------------------------------------------------------- small helpers
    def person(self) -> tuple[str, str, str]:
        """(Chinese name, surname pinyin, given-name pinyin)."""
        rng = self.rng
        surname, s_py = SURNAMES.pick(rng)
        g1 = _pick(rng, GIVEN_CHARS)
        if rng.random() < 0.3:
            return surname + g1[0], s_py, g1[1]
        g2 = _pick(rng, GIVEN_CHARS)
        return surname + g1[0] + g2[0], s_py, g1[1] + g2[1]

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=int(self.rng.random() * ((end - start).days + 1)))

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
            first17 = "91" + city_code + body + _org_check(body)
            code = first17 + uscc_check_char(first17)
            if code not in self.usccs:
                self.usccs.add(code)
                return code
            self.redraws += 1

    # -------------------------------------------------------------- one enterprise
    def name(self, place: _Place, word: tuple[str, str, str, float]) -> _Name:
        """A company name not used yet, with its pinyin."""
        rng = self.rng
        for _attempt in range(50):
            brand = _pick(rng, BRAND_FIRST) + _pick(rng, BRAND_SECOND)
            if rng.random() < 0.06:
                brand += _pick(rng, BRAND_THIRD)
            if brand[0] == brand[1] or brand[-1] == brand[-2]:
                continue
            suffix = self.suffixes.pick(rng)
            r = rng.random()
            if r < 0.6 and place.prefix_zh:
                prefix_zh, prefix_en = place.prefix_zh, place.prefix_en
            elif r < 0.7:
                prefix_zh, prefix_en = place.province_short, place.province.name_en
            else:
                prefix_zh, prefix_en = "", ""
            name_zh = prefix_zh + brand + word[0] + suffix[0]
            if name_zh in self.names:
                self.redraws += 1
                continue
            self.names.add(name_zh)
            brand_py = _reading(brand).joined
            parts_en = (prefix_en, brand_py.capitalize(), word[1], suffix[1])
            parts_en = parts_en if prefix_en else parts_en[1:]
            parts_zh = (prefix_zh, brand, word[0], suffix[0])
            parts_zh = parts_zh if prefix_zh else parts_zh[1:]
            return _Name(name_zh, " ".join(parts_en), _name_reading(name_zh, word[0] + suffix[0]),
                         parts_zh, parts_en, suffix[2], brand_py)
        raise RuntimeError("could not find an unused company name")  # pragma: no cover

    def figures(self, industry: str) -> dict[str, Any]:
        rng = self.rng
        median_staff, per_head, (rd_lo, rd_hi) = ECONOMICS.get(industry, DEFAULT_ECONOMICS)
        if rng.random() < 0.015:  # a few large firms
            employees = _lognormal_int(rng, 1800, 0.5, 1000, 20000)
            per_head = per_head * 2
        else:
            employees = _lognormal_int(rng, median_staff, 1.0, 3, 2500)
        revenue_yuan = _round_to(int(employees * per_head * math.exp(rng.gauss(0, 0.6))), 10_000)
        assets_yuan = _round_to(int(revenue_yuan * math.exp(rng.gauss(-0.2, 0.45))), 10_000)
        capital_yuan = _round_to(_lognormal_int(rng, 5_000_000, 1.0, 100_000, 500_000_000), 100_000)
        rd_share = rd_lo + (rd_hi - rd_lo) * rng.random()
        rd_yuan = _round_to(int(revenue_yuan * rd_share), 1_000) if rd_share > 0 else 0
        tech = industry in TECH_INDUSTRIES
        rd_staff = min(employees, int(employees * rng.uniform(0.05, 0.35))) if tech else 0
        return {
            "employees": employees,
            "revenue_fen": revenue_yuan * 100,
            "total_assets_fen": assets_yuan * 100,
            "registered_capital_fen": capital_yuan * 100,
            "rd_expense_fen": rd_yuan * 100 if rng.random() > 0.1 else None,
            "rd_staff": rd_staff if rng.random() > 0.1 else None,
            "main_business_share": Decimal(_between(rng, 6000, 10000)) / 100,
        }

    def titles(self, industry: str, province_short: str) -> list[dict[str, Any]]:
        rng = self.rng
        chance = 0.38 if industry in TECH_INDUSTRIES else 0.12
        if rng.random() >= chance:
            return []
        top = TIER_WEIGHTS.pick(rng)
        ladder = [top]
        if top == TitleTier.SRDI and rng.random() < 0.5:
            ladder.insert(0, TitleTier.INNOVATIVE)
        if top == TitleTier.LITTLE_GIANT:
            if rng.random() < 0.8:
                ladder.insert(0, TitleTier.SRDI)
            if rng.random() < 0.4:
                ladder.insert(0, TitleTier.INNOVATIVE)
        year = _between(rng, 2021, 2026 - len(ladder))
        out = []
        for step, tier in enumerate(ladder):
            if step:
                year = min(2025, year + 1 + (rng.random() < 0.2))
            granted = date(year, _between(rng, 5, 12), _between(rng, 1, 28))
            expires = granted.replace(year=granted.year + 3)
            national = tier == TitleTier.LITTLE_GIANT
            if national:
                batch = GIANT_BATCH[year]
            else:
                batch = f"{province_short}{year}年第{'一二'[int(rng.random() * 2)]}批"
            r = rng.random()
            notes = None
            if expires < REFERENCE_DATE:
                status = TitleStatus.EXPIRED if r < 0.8 else TitleStatus.ACTIVE
            elif r < 0.015:
                status, notes = TitleStatus.REVOKED, "复核未通过，已撤销认定"
            elif r < 0.045:
                status, notes = TitleStatus.UNDER_REVIEW, f"{REFERENCE_DATE.year}年度复核中"
            else:
                status = TitleStatus.ACTIVE
            out.append({
                "tier": tier.value,
                "level": (TitleLevel.NATIONAL if national else TitleLevel.PROVINCIAL).value,
                "granted_on": granted, "expires_on": expires, "batch": batch,
                "status": status.value, "notes": notes,
            })
        return out

    def contacts(self, brand_py: str, website: str | None, city_code: str) -> list[dict[str, Any]]:
        rng = self.rng
        if rng.random() >= 0.6:
            return []
        n = 1 + (rng.random() < 0.5) + (rng.random() < 0.3)
        domain = website.split("://www.", 1)[1] if website else f"{brand_py}.com.cn"
        out = []
        for _ in range(n):
            name, s_py, g_py = self.person()
            if rng.random() < 0.75:
                phone = (f"1{_pick(rng, '35789')}{_between(rng, 0, 9)} "
                         f"{_between(rng, 1000, 9999)} {_between(rng, 1000, 9999)}")
                if rng.random() < 0.2:
                    phone = "+86 " + phone
            else:
                area = AREA_CODES.get(city_code) or f"0{_between(rng, 310, 939)}"
                phone = f"{area}-{_between(rng, 5000_0000, 8999_9999)}"
                if rng.random() < 0.3:
                    phone += f" 转{_between(rng, 100, 899)}"
            email = None
            if rng.random() < 0.85:
                local = f"{g_py}.{s_py}" if rng.random() < 0.5 else f"{s_py}{g_py}"
                if rng.random() < 0.8:
                    email = f"{local}@{domain}"
                else:
                    email = f"{s_py}{g_py}{_between(rng, 1, 99)}@163.com"
            languages = ["zh"]
            if rng.random() < 0.6:
                languages.append("en")
            if rng.random() < 0.12:
                languages.append(LANGUAGES.pick(rng))
            out.append({"name": name, "role": ROLES.pick(rng), "phone": phone, "email": email,
                        "languages": languages, "notes": None})
        return out

    def interactions(self, markets: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
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
                notes = f"电话回访，企业反映{_pick(rng, ISSUES)}。"
            elif kind == InteractionKind.MATCHMAKING:
                notes = f"参加{_pick(rng, EVENTS)}，与{country}采购商洽谈{_between(rng, 1, 6)}场。"
            elif kind == InteractionKind.FINANCING:
                notes = f"参加银企对接会，意向融资{_between(rng, 1, 60) * 100}万元。"
            elif kind == InteractionKind.TRAINING:
                notes = f"参加“{_pick(rng, TRAININGS)}”专题培训。"
            else:
                notes = f"随团赴{country}考察，走访当地园区和潜在合作伙伴。"
            out.append({"occurred_on": self.day(date(2023, 1, 1), date(2026, 6, 30)),
                        "kind": kind.value, "notes": notes, "outcome": _pick(rng, OUTCOMES)})
        out.sort(key=lambda r: r["occurred_on"])
        return out

    def links(self, countries: list[str], province_code: str) -> list[dict[str, Any]]:
        rng = self.rng
        if not self.zones or rng.random() >= 0.1:
            return []
        wanted = set(countries)
        fits = [z for z in self.zones if not z[1] or z[1] & wanted
                or ("EU" in z[1] and wanted & EU_MEMBERS)]
        near = [z for z in fits if z[2] == province_code]
        pool = near if near and rng.random() < 0.6 else (fits or self.zones)
        chosen = [_pick(rng, pool)]
        if rng.random() < 0.15:
            other = _pick(rng, self.zones)
            if other is not chosen[0]:
                chosen.append(other)
        out = []
        for zone in chosen:
            status = LINK_STATUSES.pick(rng)
            since = self.day(date(2023, 3, 1), date(2025, 12, 31))
            applied = admitted = None
            if status in (LinkStatus.APPLIED, LinkStatus.ADMITTED, LinkStatus.WITHDRAWN):
                applied = since
                if status != LinkStatus.APPLIED:
                    applied = since - timedelta(days=_between(rng, 20, 200))
            if status == LinkStatus.ADMITTED:
                admitted = since
            notes = None
            if status == LinkStatus.WITHDRAWN:
                notes = _pick(rng, ("企业调整海外布局，暂缓入驻", "选址改至其他园区", "融资未落实"))
            out.append({"zone_id": zone[0], "status": status.value, "status_since": since,
                        "applied_on": applied, "admitted_on": admitted, "notes": notes})
        return out

    def enterprise(self) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
        rng = self.rng
        place: _Place = self.places.pick(rng)
        industry: str = self.industries.pick(rng)
        word = self.words[industry].pick(rng)
        name = self.name(place, word)
        name_zh, name_en, brand_py = name.zh, name.en, name.brand_py
        year = 1995 + int(30 * rng.random() ** 0.75)
        established = date(min(year, 2024), _between(rng, 1, 12), _between(rng, 1, 28))
        figures = self.figures(industry)
        exporter = rng.random() < (0.7 if industry in ("industry", "wholesale") else 0.35)
        markets = EXPORT_MARKETS.sample(rng, _between(rng, 1, 5)) if exporter else []
        targets = TARGET_COUNTRIES.sample(rng, _between(rng, 1, 3)) if rng.random() < 0.55 else []
        titles = self.titles(industry, place.province_short)
        live = {t["tier"] for t in titles if t["status"] == _ACTIVE
                and t["expires_on"] >= REFERENCE_DATE}
        tags: list[str] = []
        if markets:
            tags.append(TAG_EXPORT)
        if live & _SRDI_TIERS:
            tags.append(TAG_SRDI)
        if _GIANT in live:
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
            website = f"https://www.{brand_py}{_pick(rng, ('', 'tech', 'group', '-cn'))}." \
                      f"{_pick(rng, ('com', 'com.cn', 'cn'))}"
        district = _pick(rng, DISTRICTS)
        road = _pick(rng, ROADS)
        number = _between(rng, 1, 999)
        city, province = place.city, place.province
        prov_zh = "" if province.name_zh == city.name_zh else province.name_zh
        prov_en = "" if province.name_en == city.name_en else f", {province.name_en}"
        address_zh = f"{prov_zh}{city.name_zh}{district[0]}{road[0]}{number}号"
        address_en = f"No. {number} {road[1]}, {district[1] + ', ' if district[1] else ''}" \
                     f"{city.name_en}{prov_en}, China"
        scope_zh, scope_en = _scopes(industry, word[0], word[1])
        if len(markets) > 1:
            export_zh = (f"产品出口{'、'.join(COUNTRIES_ZH[c] for c in markets)}"
                         f"等{len(markets)}个国家和地区。")
            export_en = (f"It exports to {len(markets)} countries and regions "
                         f"({', '.join(markets)}).")
        elif markets:
            export_zh = f"产品出口{COUNTRIES_ZH[markets[0]]}。"
            export_en = f"It exports to a single market ({markets[0]})."
        else:
            export_zh = "目前以国内市场为主，正在筹划开拓海外市场。"
            export_en = "It sells mainly in China and is preparing to go abroad."
        legal_rep = self.person()[0]
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
                              f"{word[1].lower()}. {export_en}",
            "tags": tags,
        }
        size = _size(industry, row["employees"], row["revenue_fen"], row["total_assets_fen"])
        row["size_class"] = size
        row["size_standard"] = rules.STANDARD_VERSION
        row["name_pinyin"] = name.reading.spaced or None
        row["search_tokens"] = _search_tokens(
            name.parts_zh, name.reading, name.parts_en,
            _context_tokens(city.name_zh, city.name_en, tuple(tags)))
        row["created_at"] = row["updated_at"] = self.now
        row["deleted_at"] = None
        children = {
            "titles": titles,
            "contacts": self.contacts(brand_py, website, city.code),
            "interactions": self.interactions(markets),
            "zone_links": self.links(markets + targets, province.code),
        }
        return row, children


_ORG_CHARS = USCC_CHARSET  # digits and capitals without I, O, S, V, Z


_ORG_VALUES = {ch: int(ch, 36) for ch in _ORG_CHARS}


def _org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    v = _ORG_VALUES
    total = (v[body[0]] * 3 + v[body[1]] * 7 + v[body[2]] * 9 + v[body[3]] * 10
             + v[body[4]] * 5 + v[body[5]] * 8 + v[body[6]] * 4 + v[body[7]] * 2)
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


# ------------------------------------------------------------------------ writing
class _Store:
    """Writes the rows of one run into the caller's open transaction.

    Per chunk, the main thread inserts the rows (one ``executemany`` per table, ids
    assigned here: max + 1 per table, read while the run holds the write lock); then the
    chunk's full-text indexing and audit rows — one ``INSERT … SELECT`` each, long C calls
    that release the GIL — run on a helper thread while the main thread draws the next
    chunk. The connection is never used by both threads at once: :meth:`write` waits for
    the previous chunk's helper work first, and :meth:`close` waits before the transaction
    ends (committed or rolled back).
    """

    CHILDREN: ClassVar[dict[str, Any]] = {
        "titles": SrdiTitle, "contacts": Contact, "interactions": Interaction,
        "zone_links": ZoneLink}

    def __init__(self, conn: Connection, actor: str) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite" and conn.dialect.paramstyle == "qmark"
        self.fts = _FtsBulk(conn)  # its DROP TRIGGER takes the write lock before ids are read
        self.cache_size: int | None = None
        if self.sqlite:  # index pages of a growing database: keep them in memory for the run
            self.cache_size = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            conn.exec_driver_sql(f"PRAGMA cache_size = {-CACHE_KIB}")
        self.actor = actor
        self.now = utcnow()
        self.op_id = uuid.uuid4().hex
        self.tables: dict[str, Any] = {
            "enterprise": Enterprise.__table__}  # type: ignore[attr-defined]
        for model in self.CHILDREN.values():
            self.tables[model.__tablename__] = model.__table__
        self.child_table = {key: model.__tablename__ for key, model in self.CHILDREN.items()}
        self.next_id = {
            name: int(conn.execute(select(func.coalesce(func.max(tbl.c.id), 0))).scalar_one()) + 1
            for name, tbl in self.tables.items()}
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in self.tables}
        self.counts = {name: 0 for name in self.tables}
        self.inserters = {name: _Inserter(conn, tbl) for name, tbl in self.tables.items()}
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="demo-index") if self.sqlite else None
        self.pending: Future[None] | None = None

    def add(self, row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> None:
        ent_id = row["id"] = self.next_id["enterprise"]
        self.next_id["enterprise"] += 1
        self.rows["enterprise"].append(row)
        for key, rows in children.items():
            name = self.child_table[key]
            for child in rows:
                child["id"] = self.next_id[name]
                self.next_id[name] += 1
                child["enterprise_id"] = ent_id
                child["created_at"] = child["updated_at"] = self.now
                child["deleted_at"] = None
                self.rows[name].append(child)

    def write(self) -> None:
        """Insert the buffered chunk; index and audit it (in the background on SQLite)."""
        self.wait()
        ranges: list[tuple[str, int, int]] = []
        for name, rows in self.rows.items():  # enterprises first: children refer to them
            if rows:
                self.inserters[name](rows)
                ranges.append((name, rows[0]["id"], rows[-1]["id"]))
                self.counts[name] += len(rows)
                self.rows[name] = []
        if self.pool is not None:
            self.pending = self.pool.submit(self._index_and_audit, ranges)
        else:
            self._index_and_audit(ranges)

    def _index_and_audit(self, ranges: list[tuple[str, int, int]]) -> None:
        audit = AuditEntry.__table__  # type: ignore[attr-defined]
        if not self.sqlite:  # portable path, on the caller's thread
            for name, lo, hi in ranges:
                tbl = self.tables[name]
                self.conn.execute(insert(audit).from_select(
                    ["op_id", "at", "actor", "action", "entity", "entity_id"],
                    select(literal(self.op_id), literal(self.now, audit.c.at.type),
                           literal(self.actor), literal(AuditAction.CREATE.value),
                           literal(name), tbl.c.id).where(tbl.c.id.between(lo, hi))))
            return
        dbapi = self.conn.connection.dbapi_connection
        assert dbapi is not None
        for name, lo, hi in ranges:
            if name == "enterprise":
                self.fts.index(dbapi, lo, hi)
        at = audit.c.at.type.dialect_impl(self.conn.dialect).bind_processor(self.conn.dialect)
        for name, lo, hi in ranges:
            dbapi.execute(
                f"INSERT INTO audit_log (op_id, at, actor, action, entity, entity_id) "
                f"SELECT ?, ?, ?, ?, ?, id FROM {name} WHERE id BETWEEN ? AND ? ORDER BY id",
                (self.op_id, at(self.now) if at else self.now, self.actor,
                 AuditAction.CREATE.value, name, lo, hi))

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # re-raises the helper's error here

    def finish(self) -> None:
        self.wait()
        self.fts.restore()

    def close(self) -> None:
        """Always called: never let the transaction end while the helper uses it."""
        if self.pending is not None:
            futures_wait([self.pending])
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        if self.cache_size is not None:  # the connection goes back to the pool: as it was
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {self.cache_size}")


# ------------------------------------------------------------------------ entry points
def has_user_records(db: Database) -> bool:
    """True when people have worked in this database: any audit row that neither a demo
    run (one ``create`` row per record, no field) nor the shipped reference data wrote.

    ``coop-desktop demo`` refuses such a file unless forced, so that a real database is
    not mixed with invented enterprises by a mistyped ``--db``.
    """
    from coop_desktop.models import AuditEntry
    from coop_desktop.services.reference import ACTOR as REFERENCE_ACTOR

    with db.read() as session:
        found = session.execute(
            select(col(AuditEntry.id)).where(
                col(AuditEntry.actor) != REFERENCE_ACTOR,
                ~((col(AuditEntry.action) == AuditAction.CREATE.value)
                  & col(AuditEntry.field).is_(None)))
            .limit(1)).first()
    return found is not None


def generate_iter(db: Database, *, enterprises: int = 500, seed: int = 1
                  ) -> Generator[tuple[int, int], None, DemoReport]:
    """Create ``enterprises`` demo enterprises with their records; yields ``(done, total)``.

    Yields ``(0, total)`` first, then after each chunk of :data:`CHUNK` enterprises, and
    ``(total, total)`` last — only after the commit. The generator's return value
    (``StopIteration.value``) is the :class:`DemoReport`. Closing the generator before
    the end rolls the whole run back.
    """
    if enterprises < 0:
        raise ValueError("enterprises must be >= 0")
    started = time.perf_counter()
    total = enterprises
    counts: dict[str, int] = {}
    redraws = applications = 0
    if total:
        yield 0, total
        with db.session() as session:
            conn = session.connection()
            store = _Store(conn, db.actor)
            try:
                zone_rows = list(session.execute(select(Zone)
                                                 .where(col(Zone.deleted_at).is_(None))
                                                 .order_by(col(Zone.id))).scalars())
                zones = [(z.id, frozenset(z.partner_countries or ()), z.province_code)
                         for z in zone_rows]
                gen = _Gen(random.Random(seed),
                           taken_usccs=set(conn.execute(select(col(Enterprise.uscc))).scalars()),
                           taken_names=set(conn.execute(select(col(Enterprise.name_zh))).scalars()),
                           zones=zones, now=store.now)
                picker = demo_applications.Picker()
                done = 0
                while done < total:
                    n = min(CHUNK, total - done)
                    for _ in range(n):
                        row, children = gen.enterprise()
                        store.add(row, children)
                        picker.offer(row, children)
                    store.write()
                    done += n
                    if done < total:
                        yield done, total
                store.finish()
                applications = demo_applications.write(
                    conn, picker, zones=zone_rows, seed=seed, now=store.now, actor=store.actor,
                    op_id=store.op_id)
                demo_applications.remember_submitted(session)
            finally:
                store.close()
            counts = store.counts
            redraws = gen.redraws
    yield total, total
    return DemoReport(
        enterprises=total, titles=counts.get("srdi_title", 0), contacts=counts.get("contact", 0),
        interactions=counts.get("interaction", 0), zone_links=counts.get("zone_link", 0),
        seconds=time.perf_counter() - started, seed=seed, redraws=redraws,
        applications=applications)


def generate(db: Database, *, enterprises: int = 500, seed: int = 1,
             progress: Callable[[int, int], object] | None = None) -> DemoReport:
    """Run :func:`generate_iter` to the end; ``progress(done, total)`` is called per step."""
    it = generate_iter(db, enterprises=enterprises, seed=seed)
    while True:
        try:
            done, total = next(it)
        except StopIteration as stop:
            report: DemoReport = stop.value
            return report
        if progress is not None:
            progress(done, total)
