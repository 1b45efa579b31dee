"""The shipped glossary (``resources/reference/glossary.json``) as the QA checks use it when no
glossary is passed: read once, lazily, on the first check that needs it.

An entry is written for people: ``工业和信息化部（工信部）`` / "Ministry of Industry and
Information Technology (MIIT)", ``注册资本 / 实缴资本`` / "registered capital / paid-in
capital". :func:`entries` turns it into what a text can contain:

* Chinese: the term and its bracketed abbreviation (``工业和信息化部``, ``工信部``); terms
  listed with `` / `` become one entry each when the English lists as many and every Chinese
  part is a term of its own (three characters or more: ``注册资本`` and ``实缴资本``, but not
  ``省级 / 地市级``, whose parts are too general to check);
* English: the rendering, its alternatives (``A / B``), its parts in brackets (the
  abbreviation "MIIT" or another name), each in British and American spelling, and the
  renderings official translations use (:data:`OFFICIAL_VARIANTS`).

Checked by default are the *standard terms*: institutions, titles and programmes, documents,
legal forms and registrations, whose wrong rendering misstates a fact ("Ministry of
Commerce" for 工业和信息化部, "small giant", "tax number" for 统一社会信用代码). General
vocabulary with several faithful renderings (:data:`DESCRIPTIVE`: 营业收入 may be "revenue",
有效期 "valid for", 高质量发展 "quality growth") is left to the user's glossary, which
``check_pair`` checks in full when it is passed.

Checked by default, a standard term is not strict (:class:`terms.GlossaryTerm`): besides its
renderings, an entry's ``keys`` render it loosely ("little giant", "high-tech enterprise",
"investment filing": a national-level 'little giant' enterprise is a faithful rendering of
专精特新“小巨人”企业), and only a rendering known to be wrong — another term's, or one of
the entry's ``wrong`` list ("small giant", "tax number", "approval | 核准 批准") — is a
finding. ``keys`` and ``wrong`` are lists, or for an entry of several terms
(``注册资本 / 实缴资本``) objects giving each Chinese term its own list.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from coop_desktop import paths

_PAREN_ZH = re.compile(r"（([^（）]*)）|\(([^()]*)\)")
_PAREN_EN = re.compile(r"\s*\(([^()]*)\)")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff“”]{2,}")
_SPELLINGS = ((re.compile(r"licen[sc]e", re.I), ("license", "licence")),
              (re.compile(r"cent(?:er|re)\b", re.I), ("center", "centre")),
              (re.compile(r"(?<=[a-z]{3})iz(?=e|ed|es|ing|ation)", re.I), ("iz", "is")))


#: Entries of general vocabulary, not checked by default (see the module docstring).
DESCRIPTIVE = frozenset({
    "有效期", "动态管理", "走出去", "中小企业国际化", "跨境撮合", "数字化转型", "产业集群",
    "产业链供应链", "补短板、锻长板、填空白", "高质量发展", "新质生产力", "智能制造", "绿色低碳",
    "高端装备制造", "汽车零部件", "新一代信息技术", "新材料", "生物医药", "节能环保",
    "战略性新兴产业", "经营范围", "成立日期", "住所（注册地址）", "营业收入", "主营业务收入",
    "净利润率", "资产总额", "资产负债率", "从业人员", "研发费用", "研发人员占比", "股权融资",
    "知识产权（Ⅰ类/Ⅱ类）", "软件著作权", "审计报告", "细分市场占有率", "主导产品",
    "申请书 / 申报表", "企业基本情况", "申请理由", "项目概况", "投资计划", "市场分析",
    "技术与创新能力", "财务状况", "资金来源", "预期效益", "风险评估与应对措施", "可行性研究报告",
    "附件", "规模以上", "大中小企业融通", "梯度培育平台", "特色产业集群", "优质中小企业梯度培育",
    "认定 / 评价 / 复核", "复核", "大型 / 中型 / 小型 / 微型企业", "发明专利 / 实用新型 / 外观设计",
    "真实性声明 / 合规经营承诺", "盖章 / 法定代表人签字", "省级 / 地市级", "数字化转型城市试点",
    "产业集群", "个体工商户", "农民专业合作社",
})

#: Renderings official English translations use, accepted beside the glossary's own:
#: Xi Jinping's 2022 letter to the SRDI SME conference ("specialized and sophisticated
#: SMEs"), the Reports on the Work of the Government ("the Belt and Road Initiative").
OFFICIAL_VARIANTS = {
    "专精特新": ("specialized and sophisticated",),
    "专精特新中小企业": ("specialized and sophisticated SMEs",),
    "共建“一带一路”": ("Belt and Road Initiative", "Belt and Road cooperation"),
}


def _spellings(text: str) -> list[str]:
    out = [text]
    for pattern, forms in _SPELLINGS:
        out += [pattern.sub(form, t) for t in list(out) for form in forms]
    return list(dict.fromkeys(out))


def renderings(en: str) -> list[str]:
    """The English forms one rendering accepts: without its bracket, and each bracketed
    alternative (``;`` or ``/`` inside separate them), in both spellings."""
    forms = [_PAREN_EN.sub("", en).strip(), en.strip()]
    for m in _PAREN_EN.finditer(en):
        inner = [a.strip() for a in re.split(r"[;/]", m.group(1)) if a.strip()]
        rest = en[m.end():].strip()
        if rest:  # inside the phrase: replaces the word before it
            head = en[:m.start()].rsplit(" ", 1)
            prefix = head[0] + " " if len(head) == 2 else ""
            forms += [f"{prefix}{a} {_PAREN_EN.sub('', rest).strip()}" for a in inner]
        else:
            forms += inner
    return list(dict.fromkeys(s for form in forms if form for s in _spellings(form)))


def _zh_forms(zh: str) -> list[str]:
    forms = [_PAREN_ZH.sub("", zh).strip()]
    for m in _PAREN_ZH.finditer(zh):
        inner = (m.group(1) or m.group(2) or "").strip()
        if _CJK_ONLY.fullmatch(inner):
            forms.append(inner)
    return [f for f in forms if f]


def _split(zh: str, en: str) -> list[tuple[str, str]]:
    """``A / B`` → one entry each when both sides list as many terms and each Chinese part
    is a term of its own; otherwise the entry as one (its English alternatives kept)."""
    zh_parts = [p.strip() for p in zh.split("/")]
    en_parts = [p.strip() for p in re.split(r"\s/\s(?![^()]*\))", en)]
    if len(zh_parts) > 1:
        if len(zh_parts) == len(en_parts) and all(len(p) >= 3 for p in zh_parts):
            return list(zip(zh_parts, en_parts, strict=True))
        return []
    return [(zh, part) for part in en_parts]


def check_forms(zh: str, en: str) -> list[tuple[str, str]]:
    """``(Chinese as a text writes it, English rendering)`` for a glossary entry as people
    write it: ``工业和信息化部（工信部）`` is checked as 工业和信息化部 and as 工信部,
    ``注册资本 / 实缴资本`` as two terms (see the module docstring)."""
    return [(form, part) for zh_part, part in _split(zh, en) for form in _zh_forms(zh_part)]


def standard(zh: str) -> bool:
    """Whether a glossary entry (its Chinese as the glossary writes it) is one of the shipped
    standard terms, not general vocabulary (:data:`DESCRIPTIVE`)."""
    return zh in _standard_entries()


@lru_cache(maxsize=1)
def _standard_entries() -> frozenset[str]:
    return frozenset(str(item["zh"]) for item in _items()) - DESCRIPTIVE


def _per_term(value: object, zh: str, zh_part: str) -> list[str]:
    """An entry's ``keys`` or ``wrong`` for one of its Chinese terms."""
    if isinstance(value, dict):
        return [str(v) for v in value.get(zh_part, ())]
    return [str(v) for v in value] if isinstance(value, list) else []


@lru_cache(maxsize=1)
def _items() -> tuple[dict[str, object], ...]:
    with paths.resource("reference", "glossary.json").open(encoding="utf-8") as fh:
        return tuple(json.load(fh))


@lru_cache(maxsize=1)
def _checks() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Chinese form → (keys, wrong renderings) of the shipped entries."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for item in _items():
        zh = str(item["zh"])
        for zh_part, _en in _split(zh, str(item["en"])):
            for form in _zh_forms(zh_part):
                keys, wrong = out.setdefault(form, ([], []))
                keys += _per_term(item.get("keys"), zh, zh_part)
                wrong += _per_term(item.get("wrong"), zh, zh_part)
    return {form: (tuple(dict.fromkeys(k)), tuple(dict.fromkeys(w)))
            for form, (k, w) in out.items()}


def known_wrong(zh_form: str) -> tuple[str, ...]:
    """The renderings known to be wrong for a shipped term (its Chinese as texts write it)."""
    return _checks().get(zh_form, ((), ()))[1]


@lru_cache(maxsize=1)
def entries() -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]:
    """``(zh, en, accepted English variants, keys, wrong renderings)`` for every Chinese form
    of every standard term."""
    grouped: dict[str, list[str]] = {}
    for item in _items():
        if item["zh"] in DESCRIPTIVE:
            continue
        for zh, en in check_forms(str(item["zh"]), str(item["en"])):
            grouped.setdefault(zh, []).extend(renderings(en))
    for zh, variants in OFFICIAL_VARIANTS.items():
        if zh in grouped:
            grouped[zh] += [v for variant in variants for v in _spellings(variant)]
    checks = _checks()
    return tuple(
        (zh, english[0], tuple(dict.fromkeys(english[1:])), *checks.get(zh, ((), ())))
        for zh, english in grouped.items() if english
    )
