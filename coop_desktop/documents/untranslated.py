"""Text left in the wrong language: a Chinese side written in English, or Chinese words left
in the English side. Pure; ``documents.qa`` reports what these find.

A Chinese side is *written in English* when it has no Chinese character at all, when its
lower-case English words outnumber its Chinese characters (a Chinese character carries about
as much as one and a half English words, so a Chinese text quoting ``ISO 9001``, a brand or
an English company name — capitalised words — stays far below), when it holds an English
clause: five or more English words in a row with a verb or two function words among them
("Hengrui New Materials is a national enterprise"), outside brackets and quotes, where a
Chinese text may give a name in English, or when one of its sentences says most of its
content in English prose after a short Chinese lead-in (公司主营业务为 precision injection
moulding of medical device components.: the letters of its lower-case English words against
3.9 letters a Chinese character).

Chinese *left in the English side* is a run of two or more Chinese characters, except where an
English text normally keeps Chinese: inside brackets or quotes after English
("Sino-German SME Cooperation Zone (中德中小企业合作区)"), a Chinese name followed by its English
in brackets or followed by its abbreviation (专精特新 SRDI), and document numbers
(工信部企业函〔2022〕123号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}][{_CJK}0-9〇·、，：；]*[{_CJK}]")
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t,;:'’\"“”&/-]+[A-Za-z0-9][A-Za-z0-9'’.-]*)*")
_OPEN = "(（[【〔「『《“‘\"'"
_CLOSE = ")）]】〕」』》”’\"'"
_OPEN_EN = _OPEN.replace("《", "")
_CLOSE_EN = _CLOSE.replace("》", "")
"""In English, a Chinese title in 《》 is left untranslated, not glossed."""
_VERBS = frozenset("""is are was were be been being has have had will would shall should can
could may might must does do did""".split())
_FUNCTION = frozenset("""the a an of and or for with to in on at by from that which this these
its their our we it""".split()) | _VERBS
_DOC_NUMBER = re.compile(r"〔\s*\d{4}\s*〕|\[\s*\d{4}\s*\]|[（(]\s*\d{4}\s*[）)]")

_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)|“[^“”]*”|《[^《》]*》|【[^【】]*】")
"""A name given in English inside brackets or quotes: not the text written in English."""

MIN_CLAUSE_WORDS = 5


@dataclass(frozen=True)
class Found:
    span: tuple[int, int]
    text: str


def _bracket_depth(text: str, index: int, opening: str = _OPEN, closing: str = _CLOSE) -> int:
    """How many brackets or quotes are open at ``index`` (quotes that open and close with the
    same character toggle)."""
    depth = 0
    toggles: dict[str, bool] = {}
    for ch in text[:index]:
        if ch in "\"'":
            toggles[ch] = not toggles.get(ch, False)
        elif ch in opening:
            depth += 1
        elif ch in closing and depth:
            depth -= 1
    return depth + sum(toggles.values())


_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * (m.end() - m.start()), text)


def zh_in_english(zh: str) -> Found | None:
    """The Chinese side is written in English (see the module docstring): the whole text, or
    its first English clause. English in brackets or quotes, and placeholders
    (``{{enterprise.name_zh}}``), do not count."""
    zh = _blank(_PLACEHOLDER, zh)
    words = _LATIN_WORD.findall(_BRACKETED.sub(" ", zh))
    cjk = len(_HAN.findall(zh))
    prose = [w for w in words if w.islower() and len(w) > 1]  # not names, not acronyms
    if (cjk == 0 and len(words) >= 2) or (len(prose) >= 3 and len(prose) > cjk):
        return Found((0, len(zh)), zh.strip())
    for m in _LATIN_RUN.finditer(zh):
        run = _LATIN_WORD.findall(m.group())
        lowered = [w.lower() for w in run]
        if (len(run) >= MIN_CLAUSE_WORDS
                and (any(w in _VERBS for w in lowered)
                     or sum(w in _FUNCTION for w in lowered) >= 2)
                and not _bracket_depth(zh, m.start())):
            return Found(m.span(), m.group())
    return _mostly_english(zh)


LETTERS_PER_CHARACTER = 3.9
"""English letters a Chinese character says as much as (see :mod:`.pieces`)."""
ENGLISH_SHARE = 0.6
MIN_ENGLISH_LETTERS = 20
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?\n]*")
_ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+\.[a-z]{2,}\b")


def _mostly_english(zh: str) -> Found | None:
    """A sentence of the Chinese side that says most of what it says in English prose after
    a short Chinese lead-in (公司主营业务为 precision injection moulding of medical device
    components.): its lower-case English words (not names, acronyms, addresses, nor text in
    brackets or quotes) hold more than :data:`ENGLISH_SHARE` of its content, a Chinese
    character counting as :data:`LETTERS_PER_CHARACTER` letters. The longest English run of
    that sentence is named."""
    for m in _SENTENCE.finditer(zh):
        sentence = m.group()
        plain = _ADDRESS.sub(" ", _BRACKETED.sub(" ", sentence))
        letters = sum(len(w) for w in _LATIN_WORD.findall(plain) if w.islower() and len(w) > 1)
        if letters < MIN_ENGLISH_LETTERS:
            continue
        cjk = len(_HAN.findall(plain))
        if letters > ENGLISH_SHARE * (letters + LETTERS_PER_CHARACTER * cjk):
            runs = [r for r in _LATIN_RUN.finditer(sentence)
                    if not _bracket_depth(zh, m.start() + r.start())]
            if runs:
                run = max(runs, key=lambda r: len(r.group()))
                return Found((m.start() + run.start(), m.start() + run.end()), run.group())
    return None


def _kept(en: str, start: int, end: int) -> bool:
    """Chinese an English text may keep here (see the module docstring)."""
    before, after = en[:start].rstrip(), en[end:].lstrip()
    if _bracket_depth(en, start, _OPEN_EN, _CLOSE_EN) and re.search(r"[A-Za-z]", en[:start]):
        return True  # "… Zone (中德中小企业合作区)", "the so-called “小巨人”"
    if after[:1] in "(（" and re.match(r"[(（]\s*[A-Za-z]", after):
        return True  # 苏州恒瑞新材料有限公司 (Suzhou Hengrui New Materials Co., Ltd.)
    if re.match(r"[A-Z][A-Z&]{1,7}\b", after) and en[end:end + 1] in " \u00a0":
        return True  # a term with its English abbreviation: 专精特新 SRDI
    if _DOC_NUMBER.match(after) or _DOC_NUMBER.search(before[-8:]):
        return True  # 工信部企业函〔2022〕123号
    return False


def chinese_in_english(en: str) -> list[Found]:
    """Runs of Chinese left in the English side (see the module docstring)."""
    return [Found(m.span(), m.group()) for m in _CJK_RUN.finditer(en)
            if not _kept(en, m.start(), m.end())]
