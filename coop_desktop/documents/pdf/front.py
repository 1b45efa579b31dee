"""The front of the dossier: the cover, the table of contents, and the title block of a short
document (which has neither).

The cover carries what a reviewer needs and nothing internal: the reference number (top
right), the title, then applicant, unified social credit code, target zone and country,
contact person and telephone, and the date of application. Status, revision and the
created / submitted / updated dates are workflow data: they stay out of print.

Titles are broken into lines by :func:`balance`: as few lines as fit, then the breaks that
make the lines most even, preferring breaks between units of meaning (never a lone last word
such as "Zone", never a line ending in "a", "of", "the"... nor a Chinese line ending in 的).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Spacer, Table, TableStyle

from coop_desktop.documents.pdf.escape import plain
from coop_desktop.documents.pdf.flowables import Spread, TocEntry, TocTable

if TYPE_CHECKING:
    from coop_desktop.documents.pdf.sections import Plan

__all__ = ["FrontMixin", "balance"]

# ----------------------------------------------------------------------------- balance

_STOP_EN = frozenset("a an the of to for and or in on at by with from as into its their".split())
_TOKENS_ZH = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-'’]*|\s+|.", re.S)
_NO_START = set("，。、；：？！）】》」』〕〉”’…—·")
_NO_END = set("（【《「『〔〈“‘")
#: Chinese words a title line may start with (the document type at the end of a title).
_GOOD_START_ZH = ("申请书", "申报书", "申请表", "方案", "报告", "计划书", "计划", "简介", "承诺书",
                  "声明", "说明", "情况", "可行性")
_GOOD_END_ZH = ("的", "与", "和", "及", "）", "、", "区", "司")


def _lines_dp(units: list[str], joiner: str, measure: Callable[[str], float], width: float,
              penalty: Callable[[int], float]) -> list[str]:
    """Break ``units`` into lines no wider than ``width`` (a unit wider than the line gets one
    of its own): the fewest lines (or one more when that avoids a bad break), as even as
    possible; ``penalty(i)``: the cost of a break after unit ``i`` (the last on a line)."""
    n = len(units)

    def text(i: int, j: int) -> str:
        return joiner.join(units[i:j]).strip()

    # The fewest lines: greedy.
    lines, start = 0, 0
    while start < n:
        end = start + 1
        while end < n and measure(text(start, end + 1)) <= width:
            end += 1
        lines += 1
        start = end
    if lines <= 1:
        return [text(0, n)]
    # The fewest lines, or one more when that breaks better (80: the cost of the extra line).
    options = [(_best(units, joiner, measure, width, penalty, k), k) for k in (lines, lines + 1)]
    best_cost, best_lines = float("inf"), [text(0, n)]
    for found, k in options:
        if found is None:
            continue
        cost, out = found
        cost += 80.0 * (k - lines)
        if cost < best_cost:
            best_cost, best_lines = cost, out
    return best_lines


def _best(units: list[str], joiner: str, measure: Callable[[str], float], width: float,
          penalty: Callable[[int], float], lines: int) -> tuple[float, list[str]] | None:
    """The cheapest breaking of ``units`` into exactly ``lines`` lines, or None."""
    n = len(units)
    if lines > n:
        return None

    def text(i: int, j: int) -> str:
        return joiner.join(units[i:j]).strip()

    inf = float("inf")
    # best[k][j]: cost of units[:j] in k lines
    best = [[inf] * (n + 1) for _ in range(lines + 1)]
    back = [[0] * (n + 1) for _ in range(lines + 1)]
    best[0][0] = 0.0
    for k in range(1, lines + 1):
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                w = measure(text(i, j))
                if w > width and j - i > 1:
                    break
                if best[k - 1][i] == inf:
                    continue
                slack = max(width - w, 0.0)
                cost = best[k - 1][i] + (slack / width) ** 2 * 100
                if j < n:
                    cost += penalty(j - 1)
                if cost < best[k][j]:
                    best[k][j], back[k][j] = cost, i
    if best[lines][n] == inf:
        return None
    out, j = [], n
    for k in range(lines, 0, -1):
        i = back[k][j]
        out.append(text(i, j))
        j = i
    return best[lines][n], out[::-1]


def balance(text: str, font_name: str, size: float, width: float, language: str) -> list[str]:
    """``text`` (a title) in balanced lines no wider than ``width`` (see the module docstring)."""
    text = " ".join(text.split())
    if not text:
        return []

    def measure(s: str) -> float:
        return stringWidth(s, font_name, size)

    if measure(text) <= width:
        return [text]
    if language == "en" or " " in text and not re.search(r"[\u3400-\u9fff]", text):
        words = text.split(" ")

        def penalty_en(i: int) -> float:
            word = words[i].lower().strip(",;:")
            return 150.0 if word in _STOP_EN else 0.0

        return _lines_dp(words, " ", measure, width, penalty_en)
    units = _TOKENS_ZH.findall(text)

    def penalty_zh(i: int) -> float:
        nxt = units[i + 1] if i + 1 < len(units) else ""
        if units[i] in _NO_END or (nxt and nxt[0] in _NO_START):
            return 1000.0
        rest = "".join(units[i + 1:])
        if rest.startswith(_GOOD_START_ZH) or units[i].endswith(_GOOD_END_ZH):
            return 0.0
        return 25.0

    return _lines_dp(units, "", measure, width, penalty_zh)


# ----------------------------------------------------------------------------- story


class FrontMixin:
    """Cover, table of contents and short-document title; mixed into the builder."""

    def title_block(self, *, on_cover: bool) -> list:
        """The title in each language, balanced; in a short document the applicant under it
        (unless the title names it already)."""
        d, st = self.doc, self.st
        story: list = []
        for lang, text in self.pick(d.title_zh, d.title_en):
            if not text:
                continue
            style = st.title[lang]
            lines = balance(plain(text), style.fontName, style.fontSize, self.frame_w * 0.92,
                            lang)
            body = "<br/>".join(self.m(line, "title", lang, style.fontName) for line in lines)
            story += [self.flow(body, style, lang == "zh"),
                      Spacer(0, 4 * mm if lang == "zh" else 2 * mm)]
        if not on_cover:
            names = [(lang, t) for lang, t in self.pick(d.applicant_zh, d.applicant_en) if t]
            titles = " ".join(t for _, t in self.pick(d.title_zh, d.title_en) if t)
            shown = [(lang, t) for lang, t in names if plain(t) not in plain(titles)]
            if shown:
                story.append(Spacer(0, 1 * mm))
                for lang, name in shown:
                    story.append(self.para(name, st.subtitle[lang], "applicant", lang))
            story.append(Spacer(0, 6 * mm))
        return story

    def reference_line(self) -> list:
        d = self.doc
        if not d.reference_no:
            return []
        label = " / ".join({"zh": "编号", "en": "Ref. No."}[lang] for lang in self.langs)
        colon = "：" if "zh" in self.langs else ": "
        return [self.para(f"{label}{colon}{d.reference_no}", self.st.reference, "reference_no")]

    def short_front(self) -> list:
        """The top of a short document's first page."""
        ref = self.reference_line()
        return [NextPageTemplate("body"), *ref, Spacer(0, 4 * mm) if ref else Spacer(0, 0),
                *self.title_block(on_cover=False)]

    # ---- cover

    def cover(self) -> list:
        d, st, style = self.doc, self.st, self.style
        official = style.name == "official"
        title = self.title_block(on_cover=True)
        dates = {lang: self.date(d.application_date, lang) for lang in ("zh", "en")}
        if d.application_date is None:
            dates = {"zh": "　　　　年　　月　　日", "en": ""}
        fields = [
            ("申报单位", "Applicant", d.applicant_zh, d.applicant_en, "applicant", False),
            ("统一社会信用代码", "Unified social credit code", d.uscc, d.uscc, "uscc", True),
            ("目标园区", "Target zone", d.zone_zh, d.zone_en, "zone", False),
            ("目标国家", "Target country", d.country_zh, d.country_en, "country", False),
            ("联系人", "Contact person", d.contact_name, d.contact_name, "contact_name", True),
            ("联系电话", "Telephone", d.contact_phone, d.contact_phone, "contact_phone", True),
            ("申报日期", "Date of application", dates["zh"], dates["en"], "application_date",
             False),
        ]
        rows = []
        for label_zh, label_en, zh, en, where, same in fields:
            if not (zh or en) and where != "application_date":
                continue
            labels = []
            if "zh" in self.langs:
                labels.append(self.para(label_zh + ("：" if official else ""), st.cover_label["zh"],
                                        "label"))
            if "en" in self.langs:
                text = label_en + (":" if official and "zh" not in self.langs else "")
                labels.append(self.para(text, st.cover_label["en"] if "zh" in self.langs
                                        else st.cover_label["en_only"], "label"))
            values = []
            seen: set[str] = set()
            for lang, text in self.pick(zh, en):
                if text and not (same and text in seen):
                    value_style = st.cover_value[lang if not same else "zh"]
                    if "zh" not in self.langs:
                        value_style = st.cover_value["en_only"]
                    values.append(self.para(text, value_style, where, None if same else lang))
                    seen.add(text)
            rows.append([labels, values or [Spacer(0, 0)]])
        if official:
            label_w = 52 * mm if "zh" in self.langs else 60 * mm
            value_w = 100 * mm if "zh" in self.langs else 96 * mm
            cmds = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 0), (1, -1), 0.6, self.ink),
                    ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 4),
                    ("LEFTPADDING", (1, 0), (1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 9), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
            table = Table(rows, colWidths=[label_w, value_w], style=self.table_style(cmds),
                          hAlign="CENTER")
        else:
            cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, self.light_colour),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, self.rule_colour),
                    ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
            table = Table(rows, colWidths=[52 * mm, self.frame_w - 52 * mm],
                          style=self.table_style(cmds))
        weights = [0, 2.2, 3.6, 1.2] if official else [0, 1.2, 0.8, 3.0]
        return [Spread([self.reference_line() or [Spacer(0, 0)], title, [table]], weights),
                NextPageTemplate("body"), PageBreak()]

    # ---- table of contents

    def toc(self, plan: Plan) -> list:
        st, style = self.st, self.style
        entries = []
        items = [(e.key, e.level, e.title) for e in plan.entries]
        if self.doc.attachments:
            items.append(("attachments", 1, {"zh": "附件", "en": "Annexes"}))
        if plan.closing is not None:
            items.append((plan.closing.key, 1, plan.closing.title))
        if not items:  # nothing to list: no contents page
            return []
        for key, level, titles in items:
            cells = []
            for lang in self.langs:
                indent = (level - 1) * (2 if lang == "zh" else 1.5)
                p_style = st.toc_level(lang, indent)
                cells.append(self.para(titles.get(lang, ""), p_style, f"section:{key}.title",
                                       lang))
            entries.append(TocEntry(key, cells))
        page_w = 14 * mm
        if len(self.langs) == 2:
            zh_w = (self.frame_w - page_w) * 0.45
            widths = [zh_w, self.frame_w - page_w - zh_w, page_w]
        else:
            widths = [self.frame_w - page_w, page_w]
        cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        if style.rules:
            cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, self.light_colour))
        if len(self.langs) == 2:  # the English title's first baseline level with the Chinese
            drop = max(style.toc_zh.size - style.toc_en.size, 0) / 2  # ideographs sit high
            cmds.append(("TOPPADDING", (1, 0), (1, -1), 3 + drop))
        self.toc_flowable = TocTable(entries, widths, st.toc_page, self.table_style(cmds))
        if style.name == "official":  # 目　　录 (Hei), Contents below it (the English serif)
            heads = []
            if "zh" in self.langs:
                heads.append(self.flow("目　　录", st.toc_head, True))
            if "en" in self.langs:
                heads.append(Paragraph("Contents", st.toc_head_en))
        else:
            text = " / ".join({"zh": "目录", "en": "Contents"}[lang] for lang in self.langs)
            heads = [self.para(text, st.toc_head, "toc")]
        return [*heads, self.toc_flowable, NextPageTemplate("body"), PageBreak()]


def table_style(commands: list, font_name: str) -> TableStyle:
    """A TableStyle whose cells default to ``font_name`` (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name), *commands])
