"""Lines of business: the words company names are made of, each industry's share and
typical economics (staff, revenue per head, R&D share), business scopes, and the size class
``derive`` would compute (memoised)."""

from __future__ import annotations

from bisect import bisect
from functools import cache
from typing import Any

from coop_desktop import rules

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


#: The line-of-business words that are company-name adjectives in English, as the field a
#: company "specialises in" (the rest are fields as they stand, in lower case).
FIELDS_EN: dict[str, str] = {
    "electric": "electrical equipment", "textile": "textiles", "mould": "moulds",
    "valve": "valves", "pump": "pumps", "bearing": "bearings", "foods": "food products",
    "biopharmaceutical": "biopharmaceuticals", "semiconductor": "semiconductors",
    "power battery": "power batteries", "express": "express delivery",
    "international trading": "international trade", "import and export": "import and export trade",
}  # fmt: skip
#: The other way: the name word a field was made from.
WORDS_OF_FIELDS: dict[str, str] = {field: word for word, field in FIELDS_EN.items()}


def field_en(word_en: str) -> str:
    """The field a company with the name word ``word_en`` specialises in: "Electric" →
    "electrical equipment", "Robotics" → "robotics"."""
    word = word_en.lower()
    return FIELDS_EN.get(word, word)


@cache
def scopes(industry: str, word_zh: str, word_en: str) -> tuple[str, str]:
    scope_zh, scope_en = SCOPES.get(industry, DEFAULT_SCOPE)
    return scope_zh.format(w=word_zh), scope_en.format(w=word_en.lower())

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


def size_class(industry: str, employees: int, revenue_fen: int, assets_fen: int) -> str:
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

