"""Where demo enterprises are and where they trade: China's regions, weighted toward the
coastal manufacturing provinces, with street addresses and telephone area codes, and the
countries abroad (export markets, target countries)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from coop_desktop.demo.common import Weighted
from coop_desktop.reference import regions

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


@dataclass(frozen=True)
class Place:
    province: regions.Region
    city: regions.Region
    prefix_zh: str  # short city name used in company names ("" if it has none)
    prefix_en: str
    province_short: str


_AUTONOMOUS = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")


def short(name_zh: str) -> str:
    for ending in _AUTONOMOUS:
        if name_zh.endswith(ending) and len(name_zh) > len(ending) + 1:
            return name_zh[: -len(ending)]
    return name_zh


@lru_cache(maxsize=1)
def places() -> Weighted:
    pairs: list[tuple[Place, float]] = []
    for province in regions.provinces():
        cities = regions.cities(province.code)
        if not cities:
            continue  # Taiwan, Hong Kong, Macao: no prefecture list, no USCC region codes here
        p_weight = PROVINCE_WEIGHTS.get(province.code, 0.5)
        c_weights = [CITY_WEIGHTS.get(c.code, 3.0 if i == 0 else 1.0) for i, c in enumerate(cities)]
        total = sum(c_weights)
        for city, w in zip(cities, c_weights, strict=True):
            is_city = city.name_zh.endswith("市")
            pairs.append((Place(province, city,
                                city.name_zh[:-1] if is_city else "",
                                city.name_en if is_city else "",
                                short(province.name_zh)), p_weight * w / total))
    return Weighted(pairs)

