"""The end of the dossier: the annex list, the declaration and the seal / signature block.

Order (GB/T 9704-2012: the attachment notice follows the body, the signature closes the
document): body sections → annex list → declaration → signature block.

Annex list
    One list, after the body, indented two characters: "附件：1. 营业执照副本（有效期至…，4页）"
    with the further items aligned under the first, and "Annexes: 1. …" in English. Each item
    is the title the user gave the attachment (its type when it has none), never the file
    name; the page count when known (the modern style shows the size instead when it is
    not). File names and SHA-256 digests belong to the dossier package's manifest.

Declaration
    The last section of kind ``declaration``, unnumbered, its title centred. In a document
    with a cover it starts a new page (the page that is signed and sealed). It ends with
    申报单位（盖章）：, 法定代表人（签字）： and the date line 年 月 日, with room for a 42 mm
    seal, and the English equivalents in bilingual layouts. The block never splits and is
    never alone on a page: it is kept with the declaration's last paragraph (or row)
    (:class:`~.flowables.KeepWithTail`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from coop_desktop.documents.pdf.flowables import Anchor, Column, HeadingKeep, KeepWithTail, \
    ParallelRow

if TYPE_CHECKING:
    from coop_desktop.documents.pdf.model import PdfAttachment
    from coop_desktop.documents.pdf.sections import Entry

__all__ = ["SEAL_MM", "ClosingMixin", "SignatureBlock", "size_text"]

#: The diameter of an official seal: the signature block leaves at least this much height.
SEAL_MM = 42


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size:,} B"
    for unit, factor in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if size < factor * 1024 or unit == "GB":
            return f"{size / factor:,.1f} {unit}"
    return f"{size:,} B"  # pragma: no cover


class SignatureBlock(Flowable):
    """The seal / signature / date lines, drawn at fixed positions on the right half of the
    type area: 申报单位（盖章）：, 法定代表人（签字）： and 日期：　年　月　日 (each with its
    English below it in a bilingual layout; the English alone in an English one). The lines
    are 16 mm apart, so the block is taller than a seal (:data:`SEAL_MM`), which overlaps the
    unit's line and the date. Never splits."""

    LINES = (("申报单位（盖章）：", "Applicant (company seal):"),
             ("法定代表人（签字）：", "Legal representative (signature):"),
             ("日期：", "Date:"))
    STEP = 16 * mm

    def __init__(self, zh: Any, en: Any) -> None:
        super().__init__()
        self.zh, self.en = zh, en

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        first = (self.zh or self.en).fontSize
        self.height = first + self.STEP * (len(self.LINES) - 1) + (
            (self.en.leading + 2) if self.zh is not None and self.en is not None else 4)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        main = self.zh or self.en
        x0 = self.width * (0.42 if self.zh is not None else 0.40)
        y = self.height - main.fontSize
        canv.saveState()
        canv.setFillColor(colors.black)
        for zh, en in self.LINES:
            if self.zh is not None:
                canv.setFont(self.zh.fontName, self.zh.fontSize)
                canv.drawString(x0, y, zh)
                if zh == "日期：":  # 日期：　　　　年　　月　　日 (blank for the date by hand)
                    em = self.zh.fontSize
                    x = x0 + stringWidth(zh, self.zh.fontName, em) + 4 * em
                    for part in ("年", "月", "日"):
                        canv.drawString(x, y, part)
                        x += 3 * em
                if self.en is not None:
                    canv.setFont(self.en.fontName, self.en.fontSize)
                    canv.drawString(x0, y - self.en.leading - 1, en)
            else:
                canv.setFont(self.en.fontName, self.en.fontSize)
                canv.drawString(x0, y, en)
            y -= self.STEP
        canv.restoreState()


class ClosingBreak(CondPageBreak):
    """Before the declaration of a long document: a new page, unless the whole declaration
    and its signature block fit on this one, or more than a third of the page is still free
    (then the declaration flows on: a nearly empty page before it would waste paper, and
    the signature block is kept with the declaration's end anyway)."""

    def __init__(self, need: float, width: float, frame_height: float) -> None:
        super().__init__(need)
        self.frame_height = frame_height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availHeight >= self.height or availHeight > self.frame_height / 3:
            return 0, 0
        return super().wrap(availWidth, availHeight)


class ClosingMixin:
    """Annex list, declaration and signature block; mixed into the builder."""

    # ---- annex list

    def annex_item(self, a: PdfAttachment, lang: str) -> str:
        title = (a.title_zh if lang == "zh" else a.title_en).strip()
        if not title:
            other = (a.title_en if lang == "zh" else a.title_zh).strip()
            title = (a.kind_zh if lang == "zh" else a.kind_en) or other
        notes = []
        until = self.date(a.expires_on, lang)
        if until:
            notes.append(f"有效期至{until}" if lang == "zh" else f"valid until {until}")
        if a.pages:
            notes.append(f"{a.pages}页" if lang == "zh" else
                         f"{a.pages} page{'s' if a.pages != 1 else ''}")
        elif self.style.name == "modern" and a.size:
            notes.append(size_text(a.size))
        if not notes:
            return title
        # One bracket: 审计报告（2025年度，3页）, Audit report (2025, 3 pages).
        if lang == "zh":
            if title.endswith("）") and "（" in title:
                return f"{title[:-1]}，{'，'.join(notes)}）"
            return f"{title}（{'，'.join(notes)}）"
        if title.endswith(")") and "(" in title:
            return f"{title[:-1]}, {', '.join(notes)})"
        return f"{title} ({', '.join(notes)})"

    def _annex_paragraphs(self, lang: str) -> list:
        """The list in one language: one hanging-indented paragraph per item."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        base = self.st.body[lang]
        label = "附件：" if lang == "zh" else "Annexes: "
        indent = 2 * base.fontSize if lang == "zh" else 0.0
        count = len(self.doc.attachments)
        number_w = stringWidth(f"{count}. ", base.fontName, base.fontSize)
        label_w = stringWidth(label, base.fontName, base.fontSize)
        left = indent + label_w + number_w
        out = []
        for i, a in enumerate(self.doc.attachments, 1):
            first = i == 1
            style = self.st.annex_style(lang, left, -(label_w + number_w) if first else -number_w,
                                        last=i == count)
            text = self.m(self.annex_item(a, lang), f"attachment[{i}].title", lang,
                          style.fontName)
            prefix = self.m(label, "attachments", lang, style.fontName) if first else ""
            out.append(self.flow(f"{prefix}{i}. {text}", style, lang == "zh"))
        return out

    def annexes(self) -> list:
        if not self.doc.attachments:
            return []
        anchor = Anchor("attachments", " / ".join({"zh": "附件", "en": "Annexes"}[lang]
                                                  for lang in self.langs))
        gap = Spacer(0, self.st.body[self.langs[0]].leading)
        if self.layout == "parallel":
            col = (self.frame_w - self.style.gutter) / 2
            zh, en = self._annex_paragraphs("zh"), self._annex_paragraphs("en")
            rows = [ParallelRow(z, e, (col, col), self.style.gutter, divider=self.divider_colour,
                                space_after=2.0) for z, e in zip(zh, en)]
            return [gap, Column([anchor]), *rows] if len(rows) > 1 else \
                [gap, Column([anchor, rows[0]])]
        story: list = [gap]
        for i, lang in enumerate(self.langs):
            paras = self._annex_paragraphs(lang)
            head = [anchor] if i == 0 else []
            story.append(HeadingKeep([*head, paras[0]], paras[1] if len(paras) > 1 else None,
                                     self.st.body[lang].leading))
            story += paras[2:]
        return story

    # ---- declaration and signature

    def signature_block(self) -> Column:
        """申报单位（盖章）/ 法定代表人（签字）/ 日期 年 月 日 (and English), on the right."""
        st = self.st
        zh = st.sign["zh"] if "zh" in self.langs else None
        en = (st.sign["en"] if "zh" in self.langs else st.sign["en_only"]) \
            if "en" in self.langs else None
        return Column([Spacer(0, 8 * mm), SignatureBlock(zh, en)])

    def closing(self, entry: Entry | None, *, new_page: bool) -> list:
        if entry is None:
            return []
        st = self.st
        story: list = []
        anchor = Anchor(entry.key, self.outline_title_closing(entry))
        where = f"section:{entry.key}"
        if self.layout == "parallel":
            col = (self.frame_w - self.style.gutter) / 2
            widths = (col, col)
            head = ParallelRow(
                Column([anchor, self.para(entry.title.get("zh"), st.closing_head["zh"],
                                          f"{where}.title", "zh")]),
                self.para(entry.title.get("en"), st.closing_head["en"], f"{where}.title", "en"),
                widths, self.style.gutter, space_before=self.lt.section_gap)
            zh = self.body_flowables(entry.text.get("zh", ""), "zh", where, width=col, gap=False)
            en = self.body_flowables(entry.text.get("en", ""), "en", where, width=col, gap=False)
            rows = []
            from itertools import zip_longest

            for z, e in zip_longest(zh, en, fillvalue=[]):
                count = max(len(z), len(e))
                for k, (zp, ep) in enumerate(zip_longest(z, e)):
                    rows.append(ParallelRow(zp, ep, widths, self.style.gutter,
                                            divider=self.divider_colour,
                                            space_after=self.lt.row_gap if k == count - 1
                                            else 0.0))
            body: list = rows
            head_list: list = [head]
        else:
            body = []
            head_list = []
            for i, lang in enumerate(self.langs):
                flows = [f for para in self.body_flowables(entry.text.get(lang, ""), lang, where)
                         for f in para]
                head = [self.para(entry.title.get(lang), st.closing_head[lang], f"{where}.title",
                                  lang)]
                if i == 0:
                    head.insert(0, anchor)
                if i == 0:
                    head_list = head
                    body += flows
                else:
                    body += [HeadingKeep(head, flows[0] if flows else None,
                                         2 * self.st.body[lang].leading), *flows[1:]]
        block = self.signature_block()
        keep = 2 * max(self.st.body[lang].leading for lang in self.langs)
        # The block takes at least four lines of the declaration with it (of its last four
        # paragraphs or rows): never "特此承诺。" alone above the seal.
        lead = 4 * min(self.st.body[lang].leading for lang in self.langs)
        if not body:
            story.append(Column([*head_list, block]))
        elif len(body) == 1:
            story.append(KeepWithTail(HeadingKeep(head_list, body[0], keep), block, self.frame_h,
                                      lead))
        else:
            last = body[-4:] if len(body) > 4 else body[1:]
            story.append(HeadingKeep(head_list, body[0], keep))
            story += body[1:len(body) - len(last)]
            story.append(KeepWithTail(last, block, self.frame_h, lead))
        if new_page:
            story.insert(0, ClosingBreak(self._height(story), self.frame_w, self.frame_h))
        return story

    def _height(self, story: list) -> float:
        """The height ``story`` takes when laid out in one piece."""
        total, previous = 0.0, None
        for f in story:
            total += f.wrap(self.frame_w, self.frame_h * 10)[1]
            if previous is not None:
                total += max(previous.getSpaceAfter(), f.getSpaceBefore())
            previous = f
        return total

    def outline_title_closing(self, entry: Entry) -> str:
        from coop_desktop.documents.pdf.escape import plain

        return " / ".join(plain(entry.title[lang]) for lang in self.langs if entry.title.get(lang))
