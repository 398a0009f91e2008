"""Stage 4a: talks read from an article's repeated per-talk template, slot by slot.

A recap repeats one template per talk: a heading with a speaker line under it, an
agenda row with a time, a list item with the speaker in brackets, a card of label
lines.  Each layout below finds the *units* of one template kind in the article
(sibling headings, timed rows, list items, label cards), reads the title and the
speaker slots of every unit, and keeps the units only when the article repeats the
template (several units agree), so one stray line never makes a talk.  A name-shaped
string in a speaker slot is a person even when no cue word stands next to it.

The cue words (speaker and title labels, breaks, greetings, section names) are data:
``extractor/data/talk_lexicon.yaml``.  Every layout carries examples (an input
snippet and the talks expected from it); ``tests/test_layouts.py`` runs each example
through the whole finder, so a new layout shows what it breaks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .mentions import (
    AT_ORG,
    CJK,
    ArticleText,
    common_word,
    is_person_name,
    org_of_post,
    talk_lexicon,
    word_tag,
)
from .model import Evidence, Mention, Relation
from .nlp import get_jieba
from .resources import Resources, fold

__all__ = [
    "QUOTED",
    "TAIL_BRACKET_NAME",
    "by_speakers",
    "Candidate",
    "Layout",
    "LAYOUTS",
    "find_layout_talks",
    "slot_names",
    "lexicon",
    "title_ok",
]


# the Person mentions of each block, in text order
People = dict[int, list[Mention]]


@dataclass
class Candidate:
    """A talk read from one unit of a template."""

    title: str
    speakers: list[str]
    block: int  # block of the title (evidence)
    start: int  # span of the title in that block's text
    end: int
    confidence: float
    layout: str
    # the speaker slot's text after the names ('api7.ai 联合创始人 & CTO'): org and role
    bio: str = ""
    bio_block: int = -1
    # a bio of its own for a speaker after the first ('A，甲公司；B，乙大学')
    own_bios: dict[str, str] = field(default_factory=dict)

    def bios(self) -> list[tuple[str, int, str]]:
        """(speaker, block, bio text) of each speaker the slot says who they are."""
        if self.bio_block < 0:
            return []
        out = []
        for k, name in enumerate(self.speakers):
            text = self.own_bios.get(name, self.bio if k == 0 or not self.own_bios else "")
            if text:
                out.append((name, self.bio_block, text))
        return out


@dataclass(frozen=True)
class Layout:
    """One template kind: how to find its units, and examples of what it reads."""

    name: str
    find: Callable[[ArticleText, Resources, People], list[Candidate]]
    # (markdown snippet, [(title, [speakers]), ...]) run by the tests through the finder
    examples: tuple[tuple[str, list[tuple[str, list[str]]]], ...]


lexicon = talk_lexicon  # the talk finder's cue words (``data/talk_lexicon.yaml``)


def _words(key: str) -> str:
    return "|".join(re.escape(w) for w in lexicon()[key])


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    labels = f"{_words('speaker_labels')}|{_words('title_labels')}|{_words('other_labels')}"
    speech = _words("speech_verbs")
    return {
        # "讲师：张三", "**主题：**", "分享嘉宾" alone on its line
        # ('嘉宾 | 张三 某某科技': a bar for the colon, when it is the line's only one)
        "label": re.compile(
            rf"(?i)^(?P<label>{labels})\s*(?:(?:[：:]|[|｜](?!.*[|｜]))\s*(?P<rest>.*)|\s*$)"
        ),
        # the gap before a second label on the same line: '嘉宾：张三  议题：…'
        "inner_label": re.compile(rf"(?i)\s+(?=(?:{labels})\s*[：:])"),
        "speaker": re.compile(rf"(?i)^(?:{_words('speaker_labels')})$"),
        "title": re.compile(rf"(?i)^(?:{_words('title_labels')})$"),
        "break": re.compile(rf"(?i)^\W*(?:{_words('break_words')})"),
        "break_end": re.compile(rf"(?i)(?:{_words('break_words')})\W*$"),
        "greeting": re.compile(rf"(?i){_words('greeting_words')}"),
        "section": re.compile(rf"(?i)^(?:{_words('section_words')})$"),
        "no_talk_section": re.compile(rf"(?i)(?:{_words('no_talk_sections')})"),
        "section_tail": re.compile(rf"(?i)(?:{_words('section_words')})$"),
        "generic": re.compile(rf"(?i){_words('generic_words')}|{_words('section_words')}"),
        "bio_label": re.compile(rf"(?i)^(?:{_words('bio_labels')})\s*[：:]"),
        # an organisation, a space and a role: a bio, whatever else the line could be
        "bio_line": re.compile(
            rf"(?i)[^\s，,。：:？?！!《》]{{2,20}}\s+[^\s，,。：:]{{0,6}}(?:{_words('role_words')})"
        ),
        # a bio's role: '… 工程师' ends it; a member's role may stand anywhere in it
        "role_end": re.compile(rf"(?i)(?:{_words('role_words')})$"),
        "member_role": re.compile(rf"(?i){_words('member_roles')}"),
        "bio_role": re.compile(rf"(?i){_words('role_words')}|{_words('member_roles')}"),
        # a name glued to the role before it ('技术委员会张三', '内核工程师李四')
        "role_glued": re.compile(
            rf"(?:{_words('role_words')}|{_words('member_roles')})(?P<name>[{CJK}]{{2,3}})$"
        ),
        # the topic after a speech verb in a paragraph's first sentences
        "prose_topic": re.compile(
            rf"(?:重点|详细|主要)?(?:为大家|向大家|给大家|为与会者)?(?:{_words('topic_verbs')})了?"
            r"(?:关于)?(?P<t>[^，。；！？：:“”《》、\n]{6,40}?)"
            r"(?:的(?:主题)?(?:分享|演讲|报告|内容|情况))?[，。；！]"
        ),
        # after a narrated speaker: a speech verb and what it names
        "after_speech": re.compile(
            r"^\s*(?:先生|女士|老师|博士|教授)?\s*[，,]?\s*(?:在会上|现场|重点|详细|首先)?\s*"
            r"(?:从[^，。；\n]{1,14}?(?:层面|角度|方面|视角|出发)|结合[^，。；\n]{1,14}?)?\s*"
            r"(?:为大家|向大家|给大家|为与会者|和大家)?\s*"
            rf"(?:(?:{speech})了?|作了|做了)\s*"
            r"(?:题为|主题为|关于|以)?\s*(?P<t>[^，。；！？：:\n]{4,50}?)\s*"
            r"(?:的(?:主题)?(?:分享|演讲|报告|介绍|议题|主题演讲)|主题(?:分享|演讲))?\s*(?=[，。；！？,;]|$)"
        ),
    }


# patterns of the helpers below, compiled once
_WORD_CHAR = re.compile(rf"[{CJK}A-Za-z0-9]")
_LETTER = re.compile(rf"[{CJK}A-Za-z]")
_LATIN_FIRST = re.compile(r"([A-Z][a-z]{2,15})(?=$|\s*[，,|｜/（(：:]|\s)")
_LAST_NAME_WORD = re.compile(rf"(?:^|[\s，,|｜/])([{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)$")
_SEMI = re.compile(r"\s*[；;]\s*")
_CLAUSE_CUT = re.compile(r"[，,。]")
_COMMA = re.compile(r"[，,]")
_NOT_SUBJECT = re.compile("邀请|请|由|主持")
_WORDY2 = re.compile(rf"[{CJK}]{{2}}|[A-Za-z]{{2}}")
_CJK2 = re.compile(rf"[{CJK}]{{2}}")
_GLOSS = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
_BRACKET_TAIL = re.compile(r"^(?P<title>.+?)\s*[（(](?P<inner>[^（）()]{2,80})[）)]\s*$")
_ROW_SPLIT = re.compile(r"\s+[-–—|｜/]+\s+|——|\s*[|｜]\s*|\s{2,}")
# 'TITLE by NAME', 'TITLE， by NAME': the last 'by' of the row ('Stand by Me - NAME' has none
# that a name follows)
_BY_SPLIT = re.compile(
    r"^(?P<title>.{4,100})(?:[\s，,。]|--|——|—)+(?:by|By|BY)\s+(?P<who>\S.{0,60})$"
)
# 'TITLE by NAME' (the programme of a meeting's minutes, an English agenda)
_BY_LINE = re.compile(r"^.{4,100}?(?:[\s，,。]|--|——|—)(?:by|By|BY)\s+\S")
# a link or a repository after a row: no part of its title or speaker
_ROW_LINK = re.compile(r"\s*(?:(?:repo|Repo|链接|地址)\s*[：:]\s*)?https?://\S+")
_MID_NAME = re.compile(rf"\s(?P<name>[{CJK}]{{2,4}})(?=\s|$)")
_SENT_SPLIT = re.compile(r"(?<=[。！？])")

# a time range opening an agenda row: "14:00 - 14:40", "09：30-09：50"
_TIME = r"\d{1,2}\s*[:：]\s*\d{2}(?:\s*[AaPp][Mm](?![A-Za-z]))?"
_TIME_RANGE = re.compile(rf"{_TIME}\s*(?:[-–—~～至]+\s*{_TIME})?")
_TIMED_ROW = re.compile(
    rf"^\s*(?:[*+-]\s*)?(?:\*\*)?\s*{_TIME}\s*[-–—~～至]+\s*{_TIME}\s*(?:\*\*)?"
)
# what opens a line without belonging to its text: bullets, numbers, arrows, bold marks
_LEAD = re.compile(
    r"^[\s*>▲△▼●•·◆◇■□★☆\-–—+#]*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、．)）]\s*)?"
)
_NUMBER_ONLY = re.compile(
    r"(?i)^(?:议题|话题|主题|分享|演讲|topic|talk|session|part|第)?\s*"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:个|位|场)?(?:议题|分享|演讲)?$"
)
_NUMBER_HEAD = re.compile(
    r"(?i)^(?:(?:议题|话题|分享|演讲|topic|talk|session|part)\s*"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})|第[一二三四五六七八九十\d]{1,3}[个位场]?(?:议题|分享|演讲)?"
    r"|\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:[.、．)）:：|｜-]|\s)\s*"
)
# separators between a slot's name and the rest of it ('张三，华为 工程师', '张三 | 华为')
_SLOT_SEP = re.compile(r"\s*(?:[，,、|｜/／;；&＆~～：:]|[（(]|\s+(?:[-–—]+\s+)?)\s*")
# a nickname's note after a name: '（花名：老张）', '(aka Zhang)'
_NICK_NOTE = re.compile(r"\s*[（(]\s*(?:花名|昵称|网名|英文名|aka|AKA)[^（）()]{0,20}[）)]")
_NAME_NOTE = re.compile(r"\s*[（(][^（）()]{1,20}[）)]")
_NAME_JOIN = re.compile(r"\s*(?:[、，,&＆/／]|和|与|及)\s*")
# '@someone' (a GitHub or Gitee account) and '(20 min)' in agenda items
_AT_HANDLE = re.compile(
    rf"(?<![A-Za-z0-9_.])@ ?(?:([A-Za-z0-9][A-Za-z0-9_-]{{1,38}})|([{CJK}]{{2,4}})(?![{CJK}]))"
)
_DURATION = re.compile(r"[（(]\s*\d{1,3}\s*(?:min|mins|minutes|分钟|分)\s*[)）]\s*$", re.I)
_NAME_RUN = re.compile(
    rf"[{CJK}]{{2,4}}(?:先生|女士|老师|博士|教授)?|[A-Z][a-z]+(?:[ ·][A-Z][a-z]+){{0,2}}"
)
_SENTENCE = re.compile(r"[。！？!?]")
# a name glued to the role before it ('技术委员会张三', '内核工程师李四')
# a name followed by an e-mail, a link or a number is a contact (a mentor, an owner)
_CONTACT = re.compile(r"@[\w-]+\.|https?://|^\W*\d[\d\s-]{5,}\W*$")


def _clean(line: str) -> str:
    """A line without its bullet, number and decoration, trimmed."""
    line = _LEAD.sub("", line.strip())
    return line.strip(" *_\\\t　").strip()


def _name(token: str, res: Resources) -> str | None:
    """``token`` when it is shaped like a person's name in a speaker slot."""
    token = token.strip(" *_：:，,。.()（）[]【】\"'“”")
    for honor in ("先生", "女士", "老师", "博士", "教授"):
        if token.endswith(honor) and len(token) - len(honor) >= 2:
            token = token[: -len(honor)]
    if is_person_name(token, res, cued=True):
        return token
    return None


_BY = re.compile(r"^(?:(?:presented|hosted|given)\s+)?by\s+(?=[A-Z])", re.I)  # 'By Alex Chen'


def slot_names(text: str, res: Resources) -> tuple[list[str], str]:
    """The person names a speaker slot opens with, and the slot's text after them.

    >>> from extractor.resources import get_resources
    >>> slot_names("王小明，某某科技 工程师", get_resources())
    (['王小明'], '某某科技 工程师')
    >>> slot_names("李雷、韩梅梅", get_resources())[0]
    ['李雷', '韩梅梅']
    >>> slot_names("高级工程师", get_resources())
    ([], '高级工程师')
    """
    text = _BY.sub("", text.strip())
    names: list[str] = []
    pos = 0
    while pos < len(text):
        m = _NAME_RUN.match(text, pos)
        if not m:
            break
        cand = m.group(0)
        got = None
        # the longest name-shaped prefix that ends at a separator or the text's end
        for k in range(len(cand), 1, -1):
            if _WORD_CHAR.match(text, pos + k):
                continue
            got = _name(text[pos : pos + k], res)
            if got:
                pos += k
                break
        if not got:
            break
        names.append(got)
        note = _NAME_NOTE.match(text, pos)
        if note and _NAME_JOIN.match(text, note.end()):
            pos = note.end()  # '杨一特(鲁尼) & 戴二力(Gordon)': a nickname, then the next name
        sep = _NAME_JOIN.match(text, pos)
        if not sep or sep.end() >= len(text):
            break
        if got.isascii() and sep.group().strip() in (",", "，"):
            break  # 'Frank Liu, Example Corp': an organisation follows a Latin name
        pos = sep.end()
    rest = text[pos:]
    if len(names) > 1 and _NAME_NOTE.fullmatch(rest):
        rest = ""  # the last of several names' own note ('& 戴二力(Gordon)'), no bio
    nick = _NICK_NOTE.match(rest) if names else None
    if nick:
        rest = rest[nick.end() :]  # '张三（花名：老张），某某科技 专家': the bio follows it
    sep = _SLOT_SEP.match(rest)
    rest = rest[sep.end() :] if sep and names else rest
    return names, rest.strip(" ，,|｜/")


def by_speakers(text: str, res: Resources) -> tuple[str, list[str]] | None:
    """'TITLE by NAME', 'TITLE --by NAME': the title and the speakers after its last 'by'.

    >>> from extractor.resources import get_resources
    >>> by_speakers("非关系型 Postgres --by Bruce Momjian", get_resources())
    ('非关系型 Postgres', ['Bruce Momjian'])
    """
    by = _BY_SPLIT.match(text.strip())
    if not by:
        return None
    names, _bio = slot_names(by.group("who").strip(), res)
    return (by.group("title").strip(" ，,。-—"), names) if names else None


def _single_latin(text: str, res: Resources) -> tuple[list[str], str]:
    """'Rick', 'Rick，某某公司 工程师': one capitalised Latin word where a speaker label
    says a person stands (an English first name used alone), unless it names a known
    project, technology or organisation."""
    m = _LATIN_FIRST.match(text.strip())
    if not m:
        return [], text
    word = m.group(1)
    if any(term for _s, _e, term in res.gazetteer.find(word) if _e - _s == len(word)):
        return [], text
    rest = text.strip()[m.end() :]
    sep = _SLOT_SEP.match(rest)
    return [word], (rest[sep.end() :] if sep else rest).strip(" ，,|｜/")


_LOOSE_BIO = re.compile(
    rf"^(?P<name>[{CJK}]{{2,4}}|[A-Za-z][A-Za-z0-9_-]{{2,20}})\s*[，,|｜~～]\s*(?P<bio>.+)$"
)


def _loose_bio(lines: list[_Line], res: Resources) -> tuple[list[str], str, int]:
    """In a unit of a template whose other units name their speakers: a bio line
    ('NICK，开源布道师，…') whose first word the surname model does not know (a
    nickname, a handle), when the rest of the line says who they are."""
    for ln in lines:
        m = _LOOSE_BIO.match(ln.text)
        if not m or len(ln.text) > 120 or not _patterns()["bio_role"].search(m.group("bio")):
            continue
        word = m.group("name")
        if (
            _patterns()["role_end"].search(word)
            or _patterns()["bio_role"].search(word)
            or word in res.non_names
        ):
            continue
        if any(e - s == len(word) for s, e, _t in res.gazetteer.find(word)):
            continue  # a known project, company or place
        return [word], m.group("bio"), ln.block
    return [], "", -1


_SLOT_WORD = re.compile(rf"[{CJK}]{{2,4}}")


def slot_word(who: str, res: Resources) -> str | None:
    """``who`` when it can be a name the surname model does not know ('小马哥' a
    nickname, '朵晓东' an uncommon surname, '曹胜利' a given name that is a word) in
    the speaker slot of a unit whose sibling units hold recognised names: two to four
    CJK characters that are no label, break, role, known term or dictionary words."""
    who = who.strip(" *_")
    if not _SLOT_WORD.fullmatch(who) or who in res.non_names:
        return None
    pats = _patterns()
    if _label(who + "：") or pats["break"].match(who) or pats["greeting"].search(who):
        return None
    if pats["bio_role"].search(who) or pats["section"].match(who):
        return None
    if any(e - s >= 2 for s, e, _t in res.gazetteer.find(who)):
        return None  # a known project, company, place or part of one
    if all(len(w) >= 2 and common_word(w, res) for w in get_jieba(res).lcut(who)):
        return None  # '开场致辞', '圆桌讨论': words, not a name ('曹胜利' is one with a word)
    return who


def _org_then_name(text: str, res: Resources) -> tuple[list[str], str]:
    """'某某网络陈静' in a speaker label's slot: the name glued to the organisation
    before it, when the slot holds nothing else."""
    text = text.strip(" *_")
    if not 4 <= len(text) <= 24 or not _CJK_TAIL.search(text):
        return [], text
    for k in (3, 2):
        head, cand = text[:-k], text[-k:]
        if len(head) >= 2 and _CJK_TAIL.search(head) and (n := _name(cand, res)):
            if org_of_post(head, res) or _ORG_TAIL.search(head):
                return [n], head
    return [], text


_CJK_TAIL = re.compile(rf"[{CJK}]$")
_BOOK = re.compile(r"《([^《》]{2,80})》")
_NICK_REAL = re.compile(rf"(?:^|\s)([^\s（()）]{{1,12}})\s*[（(]([{CJK}]{{2,4}})[）)]\s*$")


def _real_of_pair(first: str, second: str, res: Resources) -> str | None:
    """The real name of 'A（B）', one of them a nickname: A when it is a name at least as
    long as B ('陈一超（仲卓）', a two-character 花名 after the full name), else B
    ('五达(王康)', a nickname first)."""
    a = _name(first, res) if len(first) >= len(second) else None
    return a or _name(second, res)


_LABEL_NAME_HEAD = re.compile(rf"([{CJK}]{{2,3}})(?=\s*[，,、|｜/;；（(]|\s+\S|$)")
# jieba's tags of proper nouns that are often a person's name too ('金海' a place)
_PROPER_TAGS = ("ns", "nz", "nt", "j")


_WHOLE_NAME = re.compile(rf"[{CJK}]{{2,3}}|[A-Za-z][A-Za-z0-9_.-]{{1,38}}")
_WORD_NAME_TAGS = ("n", "nr", "ns", "nz", "a", "")


def _whole_label_name(text: str, res: Resources) -> tuple[list[str], str]:
    """'**演讲者**：方圆', '**主讲人**：DaviRain': a speaker label whose whole value is one
    name the surname model rejects (a given name that makes a word with the surname)
    or one account name."""
    t = text.strip(" *_。.")
    if (
        not _WHOLE_NAME.fullmatch(t)
        or t in res.non_names
        or t in lexicon().get("placeholder_names", [])
    ):
        return [], text
    if any(e - s == len(t) for s, e, _t in res.gazetteer.find(t)):
        return [], text  # a known project, company or place
    if t.isascii():
        return [t], ""
    if _patterns()["bio_role"].search(t) or _label(t + "："):
        return [], text
    if t[0] not in res.surnames:
        # '主讲人: 嘉祁': a nickname (花名) no dictionary knows, two or three characters
        return ([t], "") if len(t) <= 3 and not word_tag(t, res) else ([], text)
    return ([t], "") if word_tag(t, res) in _WORD_NAME_TAGS else ([], text)


def _label_slot_name(text: str, res: Resources) -> tuple[list[str], str]:
    """'讲师介绍：金海，某某项目负责人': after a speaker label, a surname and a given name
    that the dictionary also knows as a place or another proper noun."""
    m = _LABEL_NAME_HEAD.match(text.strip(" *_"))
    if not m:
        return [], text
    cand = m.group(1)
    if cand[0] not in res.surnames or cand in res.non_names:
        return [], text
    if any(e - s == len(cand) for s, e, _t in res.gazetteer.find(cand)):
        return [], text  # a known term
    if word_tag(cand, res) not in _PROPER_TAGS:
        return [], text
    rest = text.strip(" *_")[m.end() :]
    sep = _SLOT_SEP.match(rest)
    return [cand], (rest[sep.end() :] if sep else rest).strip()


# what ends an organisation's name: a legal or sector word
_ORG_TAIL = re.compile(
    "公司|集团|科技|网络|数据|软件|信息|技术|大学|学院|研究院|研究所|实验室|银行|智能|云|社区"
)


def _role_then_name(text: str, res: Resources) -> tuple[list[str], str]:
    """'openEuler TC 委员 张三', '数据库内核工程师张三': the name after a role, in a
    slot that a label or a template already says holds a person."""
    text = text.strip(" *_")
    m = _LAST_NAME_WORD.search(text)
    if m and len(text) <= 60 and (n := _name(m.group(1), res)):
        return [n], text[: m.start(1)].strip(" ，,|｜/")
    m = _patterns()["role_glued"].search(text)
    if m and len(text) <= 60 and (n := _name(m.group("name"), res)):
        return [n], text[: m.start("name")].strip()
    return [], text


@lru_cache(maxsize=8192)  # lines and titles come back layout after layout
def _label(line: str) -> tuple[str, str, str] | None:
    """('speaker'|'title'|'other', label, rest) for a label line."""
    m = _patterns()["label"].match(line)
    if not m:
        return None
    label = m.group("label")
    kind = (
        "speaker"
        if _patterns()["speaker"].match(label)
        else "title"
        if _patterns()["title"].match(label)
        else "other"
    )
    return kind, label, (m.group("rest") or "").strip()


@dataclass
class _Line:
    block: int
    start: int
    end: int
    text: str  # cleaned
    kind: str  # the block's kind
    level: int


_MEMO: dict[str, object] = {}  # the last article's lines: every layout reads them


def _lines(at: ArticleText, lo: int, hi: int) -> list[_Line]:
    """Non-empty source lines of blocks [lo, hi)."""
    if _MEMO.get("at") is not at:
        lines = list(_read_lines(at))
        _MEMO.update(at=at, lines=lines, starts=[ln.block for ln in lines])
    lines, starts = _MEMO["lines"], _MEMO["starts"]
    return lines[bisect_left(starts, lo) : bisect_left(starts, hi)]


def _read_lines(at: ArticleText) -> Iterator[_Line]:
    """Every non-empty source line of the article, in order."""
    blocks = at.article.blocks
    lo, hi = 0, len(blocks)
    body = at.article.body
    has_br = "<br" in body
    for bi in range(lo, hi):
        text = at.texts[bi]
        for s0, e0 in at.lines[bi] or [(0, len(text))]:
            spans = _br_split(body, blocks[bi].offsets, s0, e0) if has_br else [(s0, e0)]
            for s1, e1 in spans:
                for s, e in _label_runs(text, s1, e1):
                    t = _clean(text[s:e])
                    if t and not t.startswith("{{") and t.upper() != "PDF":
                        yield _Line(bi, s, e, t, blocks[bi].kind, blocks[bi].level)


def _label_runs(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A line of several labelled slots ('嘉宾：张三  议题：题目') cut before each label
    after the first, as if each slot had its own line."""
    if text.count("：", s, e) + text.count(":", s, e) < 2:
        return [(s, e)]  # a second label needs a colon of its own
    cuts = [m.end() for m in _patterns()["inner_label"].finditer(text, s, e)]
    if not cuts or _label(_clean(text[s : cuts[0]])) is None:
        return [(s, e)]  # the line does not open with a label: one slot, or prose
    bounds = [s, *cuts, e]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _br_split(body: str, offsets: tuple[int, ...], s: int, e: int) -> list[tuple[int, int]]:
    """A line cut where the source had an HTML line break ('题目<br>张三 公司')."""
    out = []
    for i in range(s + 1, min(e, len(offsets))):
        if offsets[i] - offsets[i - 1] > 3 and "<br" in body[offsets[i - 1] : offsets[i]]:
            out.append((s, i))
            s = i
    out.append((s, e))
    return out


def _more_speakers(
    names: list[str], bio: str, res: Resources
) -> tuple[list[str], str, dict[str, str]]:
    """Speakers after the first one's bio in one slot ('A，甲公司 工程师；B，乙大学 博士'):
    every name with its own bio."""
    parts = _SEMI.split(bio)
    if len(parts) < 2:
        return names, bio, {}
    names = list(names)
    own: dict[str, str] = {}
    for part in parts[1:]:
        more, rest = slot_names(part, res)
        if not more:
            return names, bio, {}  # not a list of speakers: one bio with a ';' in it
        for n in more:
            if n not in names:
                names.append(n)
                own[n] = rest
    for n in names[: len(names) - len(own)]:
        own[n] = parts[0]
    return names, parts[0], own


def _prose_subject(
    at: ArticleText, lines: list[_Line], people: People
) -> tuple[list[str], str, int]:
    """The person who opens a unit's first paragraph as its subject (only organisation
    and role before the name), with the text before the name as the bio."""
    for ln in lines:
        if ln.kind != "paragraph" or len(ln.text) < 30:
            continue
        text = at.texts[ln.block]
        for m in people.get(ln.block, ()):
            if m.start >= 60 or m.start < ln.start:
                continue
            clause = _CLAUSE_CUT.split(text[ln.start : m.start])[-1]
            if _SUBJECT_GAP.match(clause) and not _NOT_SUBJECT.search(clause):
                return [m.name], clause.strip(), ln.block
            break
        return [], "", -1
    return [], "", -1


def _bio_label(lines: list[_Line], block: int) -> tuple[str, int]:
    """The text of a unit's bio label line ('个人介绍：某某公司 工程师'), if any."""
    for ln in lines:
        lab = _label(ln.text)
        if lab and lab[2] and lab[1] in lexicon().get("bio_labels", []):
            return lab[2], ln.block
    return "", block


# a bio under a speaker label that opens with the name and a verb: '张三是某某的专家'
_NAME_VERB = re.compile(
    r"(?:先生|女士|老师|博士)?(?:是|现任|担任|现为|目前|来自|毕业于|就职于|任职于|曾任|拥有|有着)"
)


_NICK_LEAD = re.compile(rf"^([^\s（()）]{{1,12}})\s*[（(]([{CJK}]{{2,4}})[）)]\s*[，,、：:]?\s*")


def _nick_then_real(text: str, res: Resources) -> tuple[list[str], str]:
    """'书香墨剑（余琦），某某社区组织者…': a nickname, the real name in brackets, the bio."""
    m = _NICK_LEAD.match(text)
    if m and (n := _real_of_pair(m.group(1), m.group(2), res)):
        return [n], text[m.end() :]
    return [], text


_NICK_BIO = re.compile(rf"^([{CJK}]{{2,3}})\s*[，,]\s*(.+)$")


def _nick_then_bio(text: str, res: Resources) -> tuple[list[str], str]:
    """'水歌，Web 全栈工程师、开源软件作者…' under a speaker label: a nickname no dictionary
    knows, then a bio with a role."""
    m = _NICK_BIO.match(text)
    if (
        m
        and not word_tag(m.group(1), res)
        and m.group(1) not in res.non_names
        and _patterns()["bio_role"].search(m.group(2)[:40])
    ):
        return [m.group(1)], m.group(2)
    return [], text


def _name_then_verb(text: str, res: Resources) -> tuple[list[str], str]:
    """'吕一泉是某某科技的技术专家…': the name a bio sentence opens with, before its verb."""
    for k in (3, 2, 4):
        if _NAME_VERB.match(text, k) and (n := _name(text[:k], res)):
            return [n], text[k:]
    return [], text


def _unit_speakers(lines: list[_Line], res: Resources) -> tuple[list[str], str, str, int, int]:
    """The speaker slot of a unit: (names, slot kind, text after the names, its block,
    its position in ``lines``).

    Slots, in order of strength: a speaker label with the names after it or on the
    next line; a line that holds only names; a short bio line opening with a name
    ('张三，华为 工程师').
    """
    pending = False
    for k, ln in enumerate(lines):
        t = ln.text
        if pending:
            names, rest = slot_names(t, res)
            if not names:
                names, rest = _role_then_name(t, res)
            if not names:
                names, rest = _single_latin(t, res)
            if not names:
                names, rest = _org_then_name(t, res)
            if not names:
                names, rest = _label_slot_name(t, res)
            if not names:
                names, rest = _whole_label_name(t, res)
            if not names:
                names, rest = _name_then_verb(t, res)
            if not names:
                names, rest = _nick_then_real(t, res)
            if not names:
                names, rest = _nick_then_bio(t, res)
            if names:
                # 'Speaker：' over one line per speaker ('ROLE 甲', photo, 'ROLE 乙')
                for nxt in lines[k + 1 : k + 5]:
                    if _label(nxt.text) or len(nxt.text) > 60 or _SENTENCE.search(nxt.text):
                        break
                    more, tail = _role_then_name(nxt.text, res)
                    if not more:
                        more, tail = slot_names(nxt.text, res)
                        more = more if more and len(tail) <= 30 else []
                    if not more:
                        break
                    # each further speaker with a bio of its own (read by _more_speakers)
                    rest += "".join(f"；{x}，{tail}" for x in more if x not in names)
                return names, "label", rest, ln.block, k
            pending = False
        lab = _label(t)
        if lab:
            kind, _label_word, rest = lab
            if kind == "speaker":
                if rest:
                    names, after = slot_names(rest, res)
                    if not names:
                        names, after = _role_then_name(rest, res)
                    if not names:
                        names, after = _single_latin(rest, res)
                    if not names:
                        names, after = _org_then_name(rest, res)
                    if not names:
                        names, after = _label_slot_name(rest, res)
                    if not names:
                        names, after = _whole_label_name(rest, res)
                    if names:
                        return names, "label", after, ln.block, k
                else:
                    pending = True
            continue
        if len(t) > 100 or _SENTENCE.search(t[:-1]):
            continue
        names, rest = slot_names(t, res)
        if names and not rest:
            # '吴磊' / '某某科技 工程师' / photo / '冯刚' / '某某网络 架构师': name and bio lines
            bio, extra = _name_cards(lines, k, names, res)
            return names, "bare", bio + extra, ln.block, k
        if names and rest and not _SENTENCE.search(rest) and not _CONTACT.search(rest):
            return names, "bio", rest, ln.block, k
    return [], "", "", -1, -1


def bio_only(text: str, res: Resources) -> bool:
    """A short line that is a bio and nothing else ('某某科技 工程师')."""
    return (
        len(text) <= 40
        and not _label(text)
        and not _SENTENCE.search(text)
        and not slot_names(text, res)[0]
        and bool(_patterns()["bio_role"].search(text))
    )


def _name_cards(lines: list[_Line], k: int, names: list[str], res: Resources) -> tuple[str, str]:
    """After a line holding only a name: the bio on the line below it, and further
    speakers each on a name line of their own with a bio line below ('；NAME，bio' for
    :func:`_more_speakers`)."""
    bio = ""
    j = k + 1
    if j < len(lines) and bio_only(lines[j].text, res):
        bio, j = lines[j].text, j + 1
    extra = ""
    seen = set(names)
    while j < len(lines) and j <= k + 8:
        more, rest = slot_names(lines[j].text, res)
        if not more or rest or set(more) & seen:
            break
        own = ""
        if j + 1 < len(lines) and bio_only(lines[j + 1].text, res):
            own, j = lines[j + 1].text, j + 1
        extra += "".join(f"；{x}，{own}" for x in more)
        seen.update(more)
        j += 1
    return bio, extra


@lru_cache(maxsize=8192)
def title_ok(title: str) -> bool:
    """False for what only looks like a talk title: a section name, a break, a bare label."""
    pats = _patterns()
    t = title.strip()
    if len(t) < 2 or len(t) > 100 or not _WORDY2.search(t):
        return False
    lab = _label(t)
    if lab and (not lab[2] or lab[0] in ("other", "speaker")):
        return False  # a bare label, an abstract's ('议题简介：…') or a person's ('主持人：…')
    if pats["bio_label"].match(t):
        return False  # '嘉宾介绍：某某科技 工程师': who the speaker is
    if len(t) <= 30 and pats["bio_line"].fullmatch(t):
        return False  # '某某科技 高级工程师': a card's bio line
    bare = _GLOSS.sub("", t)  # '参会人员 (Attendance)'
    if pats["section"].match(bare) or pats["break"].match(t):
        return False
    if _LINK_TEXT.search(t):
        return False  # '点击报名>>', '阅读原文': a link, not a title
    if len(t) <= 30 and pats["break_end"].search(t):
        return False  # '现场签到', '用户组成立仪式': a slot of the programme, not a talk
    # 'openEuler 议题', '本期亮点': a section word after a name or nothing of its own
    m = pats["section_tail"].search(t)
    if m and not _CJK2.search(t, 0, m.start()):
        return False
    # '精彩议题回顾', '⚡ 闪电演讲': words of the programme only
    return bool(_WORDY2.search(pats["generic"].sub("", t)))


_SESSION_TAG_LEAD = re.compile(
    r"(?i)^[【\[]\s*(?:议题|分享|话题|主题|演讲|报告|topic|talk|session|part)?\s*"
    r"[\d一二三四五六七八九十]{0,3}\s*[】\]]\s*(?=\S)"
)


_MATERIAL_TAIL = re.compile(
    r"(?i)(?:\s*[|｜/、]?\s*[\[【（(]?\s*(?:slides?|ppt|pdf|video|视频|回放|下载|讲义|课件)\s*[\]】）)]?)+\s*$"
)


@lru_cache(maxsize=8192)
def _clean_title(t: str) -> str:
    t = _TIME_RANGE.sub("", t, count=1) if _TIME_RANGE.match(t.strip()) else t
    t = _clean(t)
    t = _NUMBER_HEAD.sub("", t) if not _NUMBER_ONLY.match(t) else t
    t = _SESSION_TAG_LEAD.sub("", t) or t  # '【议题一】题目'
    t = _MATERIAL_TAIL.sub("", t) or t  # '题目 slides': a link to the talk's material
    lab = _label(t)
    if lab and lab[0] == "title" and lab[2]:
        t = lab[2]
    t = _SESSION_KIND.sub("", t)  # '开场演讲：题目': the session's kind is not its title
    t = _BY_TAIL.sub("", t)  # '题目 by 月伢(本名)': the speaker's nickname, not the title
    return t.strip(" ：:，,。-—|｜*").strip('《》「」“”"')


# ('Stand by Me', 'Scaling by Design' keep theirs: only a dangling 'by' or a Chinese
# nickname after it goes)
_BY_TAIL = re.compile(rf"(?:[\s，,。]|--|——|—)+(?:by|By|BY)(?:\s+[{CJK}]{{1,8}})?\s*$")


# ---------------------------------------------------------------- layouts


def _heading_units(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """Sibling headings, each followed by its speaker slot ('## 题目' then '* 张三')."""
    blocks = at.article.blocks
    levels = {i: b.level for i, b in enumerate(blocks) if b.kind == "heading"}
    # a top-level list item that a paragraph or a nested list follows, not its sibling
    # ('1. TITLE' / '演讲嘉宾' / 'NAME：BIO'): a heading in all but markup, below the real ones
    for i, b in enumerate(blocks[:-1]):
        nxt, prev = blocks[i + 1], blocks[i - 1] if i else None
        if (
            b.kind == "list_item"
            and b.level == 0
            and nxt.kind != "heading"
            and (nxt.kind != "list_item" or nxt.level > 0)
            and (prev is None or prev.kind != "list_item" or prev.level > 0)
            and len(at.lines[i]) == 1
            and len(at.texts[i]) <= 100
            and not _SENTENCE.search(at.texts[i][:-1])
            and title_ok(_clean_title(_clean(at.texts[i])))
        ):
            levels[i] = 7
    # a paragraph that is only a 《title》 ('**《题目》**' over '嘉宾介绍' and '议题简介'),
    # repeated: each opens a card, a heading in all but markup, below the others
    booked = [
        i
        for i, b in enumerate(blocks)
        if b.kind == "paragraph"
        and len(at.lines[i]) == 1
        and (q := QUOTED.fullmatch(_clean(at.texts[i])))
        and q.group(1)
    ]
    if len(booked) >= 2:
        levels.update(dict.fromkeys(booked, 8))
    heads = sorted(levels)
    if not heads:
        return []
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    open_: list[int] = []  # the headings whose parts are still open, outermost first
    ends = {h: len(blocks) for h in heads}
    for h in heads:
        level = levels[h]
        while open_ and levels[open_[-1]] >= level:
            ends[open_.pop()] = h
        groups.setdefault((open_[-1] if open_ else -1, level), []).append((h, 0))
        open_.append(h)
    # a heading that is a slot's label ('#### 分享嘉宾') is no part of its own
    structural = [h for h in heads if not _label(_clean(at.texts[h]))]
    out: list[Candidate] = []
    for units in groups.values():
        read = []
        for h, _ in units:
            end = ends[h]
            head = _clean(at.texts[h])
            if _label(head) and _label(head)[0] != "title":
                continue  # a label set as a heading ('#### 分享嘉宾') is a slot, not a unit
            k = bisect_left(structural, h + 1)
            if k < len(structural) and structural[k] < end:
                continue  # a part holding headings of its own: its children are the units
            title = _clean_title(head)
            numbered = _NUMBER_ONLY.match(title.strip("【】[]▌ ")) or not title
            if not numbered and not title_ok(title):
                continue
            lines = _lines(at, h + 1, end)
            labels = [lab[2] for ln in lines if (lab := _label(ln.text)) and lab[0] == "title"]
            labelled = labels[0] if labels else ""
            near = any(
                (lab := _label(ln.text)) and lab[0] == "title" for ln in lines[:3]
            )  # the unit's own label, not a later card's under the same heading
            if len(labels) == 1 and near and title_ok(_clean_title(labelled)) and not numbered:
                # '### 《X 唠嗑室》第28期 - …' over '**题目**：…': the label names the talk
                title = _clean_title(labelled)
            if numbered:
                # '### 议题一', '## 【分享二】' name the unit only: the title is its title
                # label line, else the short line of its own that opens the unit
                title = labelled
                first = lines[0].text if lines else ""
                if not title and first and len(first) <= 100 and not _label(first):
                    if not _SENTENCE.search(first[:-1]) and not slot_names(first, res)[0]:
                        title = _clean_title(first)
            if not title_ok(title):
                continue
            names, kind, bio, bio_block, _ = _unit_speakers(lines, res)
            if names and not bio:
                bio, bio_block = _bio_label(lines, bio_block)
            if not names:
                # '## TITLE NAME': the speaker closes the heading
                m = _TAIL_NAME.search(title)
                if m and m.start() >= 4 and (n := _name(m.group(1), res)):
                    names, kind, bio, bio_block = [n], "bio", "", h
                    title = title[: m.start()].strip()
                elif (m := TAIL_BRACKET_NAME.search(title)) and m.start() >= 4:
                    if n := _name(m.group(1), res):
                        names, kind, bio, bio_block = [n], "bio", m.group(2) or "", h
                        title = title[: m.start()].strip()
            elif (m := TAIL_BRACKET_NAME.search(title)) and m.start() >= 4 and m.group(1) in names:
                title = title[: m.start()].strip()  # the speaker named again in the heading
            read.append([h, title, names, kind, bio, bio_block, lines])
        if sum(1 for r in read if r[2]) >= 2:
            for r in read:
                if not r[2]:
                    # siblings name their speakers: this unit's bio line may hold a nickname
                    r[2], r[4], r[5] = _loose_bio(r[6], res)
                    r[3] = "bio" if r[2] else r[3]
                if not r[2]:
                    # or its first paragraph opens with the speaker ('某某中心生态经理谢兵针对…')
                    r[2], r[4], r[5] = _prose_subject(at, r[6], _people)
                    r[3] = "prose" if r[2] else r[3]
        with_names = [r for r in read if r[2]]
        strong = [r for r in with_names if r[3] == "label"]
        if len(with_names) < 2 and not strong:
            continue  # one heading with a name under it is no template
        agree = len(with_names) / len(read)
        if agree < 0.5 and not strong:
            continue
        for h, title, names, kind, bio, bio_block, _lines_of in read:
            if not names:
                if agree >= 2 / 3 and len(with_names) >= 2:
                    # a unit of the template whose speaker the article does not name
                    k = at.texts[h].find(title)
                    s, e = (k, k + len(title)) if k >= 0 else (0, len(at.texts[h]))
                    out.append(Candidate(title, [], h, s, e, 0.5, "heading", "", -1))
                continue
            conf = {"label": 0.9, "bare": 0.85, "bio": 0.8, "prose": 0.7}[kind] * (
                0.7 + 0.3 * agree
            )
            k = at.texts[h].find(title)
            s, e = (k, k + len(title)) if k >= 0 else (0, len(at.texts[h]))
            names, bio, own = _more_speakers(names, bio, res)
            out.append(Candidate(title, names, h, s, e, conf, "heading", bio, bio_block, own))
    return out


def _row_parse(text: str, res: Resources) -> tuple[str, list[str], str]:
    """(title, speakers, bio) of one agenda row or list item."""
    text = _ROW_LINK.sub("", text)
    text = _TIME_RANGE.sub(" ", text).strip(" 。.;；")
    text = _DURATION.sub("", text).strip()
    # 'TITLE @handle @other', 'TITLE @张三': accounts or names after '@' are the speakers
    handles = [h for h in _AT_HANDLE.finditer(text) if h.group(1) or _name(h.group(2), res)]
    if handles and handles[0].start() >= 2:
        title = text[: handles[0].start()].strip(" ：:，,-–—|｜")
        return title, [h.group(1) or h.group(2) for h in handles], ""
    # 'TITLE，作者是来自 ORG 的 NAME', 'TITLE，来自 ORG 的 NAME'
    of = _FROM_OF_TAIL.match(text)
    if of:
        names, _rest = slot_names(of.group("who"), res)
        if names and not _rest:
            return of.group("title"), names, of.group("org").strip()
    # '清华某系主席  姚一颂 《题目》', '某某科技 吴磊 《题目》': 《》 mark the title, the
    # speaker is the rest's name (first, or last after its organisation and role)
    book = _BOOK.search(text)
    if book and len(book.group(1).strip()) >= 4:
        rest = f"{text[: book.start()]}  {text[book.end() :]}".strip(" ：:，,-–—|｜")
        nick = _NICK_REAL.search(rest)
        if nick and (n := _real_of_pair(nick.group(1), nick.group(2), res)):
            # 'ROLE 五达(王康)': a nickname, the real name in brackets
            return book.group(1).strip(), [n], rest[: nick.start()].strip()
        names, bio = slot_names(rest, res)
        if not names:
            names, bio = _role_then_name(rest, res)
        if names:
            return book.group(1).strip(), names, bio
    # 'TITLE（ORG-ROLE-NAME）', 'TITLE（ORG & ROLE NAME）', '【ORG-NAME】TITLE'
    m = _BRACKET_TAIL.match(text) or _BRACKET_LEAD.match(text)
    if m:
        inner = _TIME_RANGE.sub(" ", m.group("inner")).strip()
        # 'ORG-ROLE-NAME', 'ORG & ROLE NAME', 'A、B': the names close the brackets
        cut = max(inner.rfind(c) for c in "-–—&＆/／|｜ ")
        names, _rest = slot_names(inner[cut + 1 :], res)
        if not names:
            names, _rest = _role_then_name(inner, res)
        if names:
            return m.group("title"), names, inner[: max(cut, 0)].strip(" -–—&＆/／|｜")
    # 'NAME：TITLE', 'NAME（ORG ROLE）：TITLE': the speaker first
    shape, names, title, bio = _line_shape(text, res)
    if shape in ("colon", "first"):
        return title, names, bio
    # 'TITLE - NAME, ORG', 'TITLE | NAME ORG', 'TITLE —— NAME'
    by = _BY_SPLIT.match(text)
    if by:
        who = by.group("who").strip()
        names, bio = slot_names(who, res)
        nick = None if names else _NICK_REAL.search(who)
        if nick and nick.start() == 0 and (n := _real_of_pair(nick.group(1), nick.group(2), res)):
            names, bio = [n], ""  # '… by 月伢(章源辰)': the real name
        if names:
            return by.group("title").strip(" ，,。-—"), names, bio
    parts = _ROW_SPLIT.split(text)
    if len(parts) >= 2:
        names, bio = slot_names(parts[-1], res)
        if names:
            return " ".join(parts[:-1]), names, bio
        names, bio = slot_names(parts[0], res)
        if names and not bio:
            return " ".join(parts[1:]), names, ""
    # 'TITLE, NAME, ROLE，ORG': a piece between commas that is only a name
    cuts = [(m.start(), m.end()) for m in _COMMA_PIECES.finditer(text)]
    bounds = [(0, 0), *cuts, (len(text), len(text))]
    for k in range(1, min(len(bounds) - 1, 4)):
        piece = text[bounds[k][1] : bounds[k + 1][0]]
        names, rest = slot_names(piece, res)
        if names and not rest and bounds[1][0] >= 4:
            return text[: bounds[k][0]], names, text[bounds[k + 1][1] :]
    # 'TITLE NAME ORG ROLE': the first name-shaped word after a title
    for m in _MID_NAME.finditer(text):
        if m.start() >= 4 and (n := _name(m.group("name"), res)):
            names, end = [n], m.end()
            # 'TITLE 吴磊 & 冯刚 ORG': names joined to the first one
            while (j := _NAME_JOIN.match(text, end)) and (k := _NAME_RUN.match(text, j.end())):
                if not (more := _name(k.group(), res)):
                    break
                names.append(more)
                end = k.end()
            return text[: m.start()], names, text[end:].strip()
    # 'TITLE ORG ROLE NAME', 'TITLE 内核工程师NAME'
    names, head = _role_then_name(text, res)
    if names:
        return head, names, ""
    return text, [], ""


def _timed_rows(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """Agenda rows opening with a time range, the speaker in the row or on the next line."""
    blocks = at.article.blocks
    allines = _lines(at, 0, len(blocks))
    rows = [
        k
        for k, ln in enumerate(allines)
        if _TIMED_ROW.match(at.texts[ln.block][ln.start : ln.end])
        and (blocks[ln.block].kind != "table_row" or _TIMED_CELL.match(ln.text))
    ]
    if len(rows) < 2:
        return []
    pats = _patterns()
    read = []
    for n, k in enumerate(rows):
        ln = allines[k]
        raw = at.texts[ln.block][ln.start : ln.end]
        row = _TIMED_ROW.sub("", raw).strip().lstrip("|｜ ")
        nxt = rows[n + 1] if n + 1 < len(rows) else len(allines)
        body = [x for x in allines[k + 1 : nxt] if blocks[x.block].kind != "heading"][:6]
        title, names, bio = _row_parse(row, res) if row else ("", [], "")
        if not title and body:
            title, names, bio = _row_parse(body[0].text, res)
            body = body[1:]
        bio_block = ln.block
        if not names:
            names, _kind, bio, bio_block, _ = _unit_speakers(body, res)
        title = _clean_title(title)
        if pats["break"].match(title) or not title_ok(title):
            continue
        read.append([ln, title, names, bio, bio_block, body])
    with_names = sum(1 for r in read if r[2])
    if with_names < 2:
        return []
    for r in read:
        if not r[2]:
            # the other rows name their speakers: this one's bio line may hold a nickname
            r[2], r[3], r[4] = _loose_bio(r[5], res)
    out = []
    named = with_names / len(read)
    for ln, title, names, bio, bio_block, _body in read:
        greeting = bool(pats["greeting"].search(title))
        if not names and not greeting and named < 2 / 3:
            continue
        conf = 0.85 if names else 0.6 if greeting else 0.5
        k = at.texts[ln.block].find(title, ln.start)
        s, e = (k, k + len(title)) if k >= 0 else (ln.start, ln.end)
        out.append(Candidate(title, names, ln.block, s, e, conf, "timed", bio, bio_block))
    return out


# a headerless table's row: the time, then one cell holding 'TITLE, NAME, ORG'
_TIMED_CELL = re.compile(rf"^\s*{_TIME}\s*[-–—~～至]+\s*{_TIME}\s*\|[^|]*$")
_BRACKET_LEAD = re.compile(r"^\s*【(?P<inner>[^【】]{2,40})】\s*(?P<title>.{4,120})$")
_FROM_OF_TAIL = re.compile(
    r"^(?P<title>.{4,100}?)[，,]\s*(?:(?:作者|讲者|分享者|演讲者|分享人)\s*(?:是|为|[：:])?\s*)?"
    r"(?:来自\s*)?(?P<org>[^，,。的]{1,30}?)\s*的\s*(?P<who>[^，,。的]{2,60}?)[。.]?$"
)
_COMMA_PIECES = re.compile(r"\s*，\s*|,\s+")
_NUMBERED_LINE = re.compile(r"^\s*(?:[（(]\d{1,2}[）)]|\d{1,2}\s*[)）、]|[①-⑳])\s*\S")


def _follow_up_blocks(at: ArticleText) -> set[int]:
    """Blocks under a heading of a meeting's follow-ups ('#### 待办事项')."""
    words = _patterns()["no_talk_section"]
    heads = {
        h for h in set(at.sections) if h >= 0 and words.fullmatch(_clean(at.texts[h]).strip(" ：:"))
    }
    return {bi for bi, h in enumerate(at.sections) if h in heads} if heads else set()


@lru_cache(maxsize=1)
def _row_words() -> frozenset[str]:
    return frozenset(fold(w) for w in lexicon().get("row_words", []))


# '- yedingding : TITLE', '- Teddy: TITLE': an account or a first name, then the title
_HANDLE_COLON = re.compile(r"^@?([A-Za-z][A-Za-z0-9_.-]{1,24})\s*[：:]\s*(.{4,120})$")


def _handle_rows(run: list, res: Resources) -> None:
    """A run of three or more items 'WORD：TITLE' whose words are all different and name
    nothing the vocabulary knows (no product, label or English word): the words are the
    speakers' accounts or first names."""
    shaped = [(k, _HANDLE_COLON.match(r[0].text)) for k, r in enumerate(run)]
    shaped = [(k, m) for k, m in shaped if m]
    words = [m.group(1) for _k, m in shaped]
    if len(shaped) < 3 or len(set(map(str.lower, words))) < len(words):
        return
    for w in words:
        if (
            _label(w)
            or fold(w) in _row_words()
            or any((t, fold(w)) in res.canonical for t in ("Project", "Technology", "Organization"))
            or common_word(w.lower(), res)
        ):
            return
    for k, m in shaped:
        ln = run[k][0]
        run[k] = (ln, _clean_title(m.group(2)), [m.group(1)], "")


def _item_rows(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """Runs of list items or lines of one shape: 'TITLE（ORG-NAME）', 'TITLE - NAME, ORG'."""
    blocks = at.article.blocks
    out: list[Candidate] = []
    run: list[tuple[_Line, str, list[str], str]] = []

    def close() -> None:
        if sum(1 for r in run if r[2]) < 2:
            _handle_rows(run, res)
        if sum(1 for r in run if r[2]) >= 2:
            _slot_word_rows(run, res)
            for ln, title, names, bio in run:
                if names and title_ok(title):
                    k = at.texts[ln.block].find(title)
                    s, e = (k, k + len(title)) if k >= 0 else (ln.start, ln.end)
                    out.append(Candidate(title, names, ln.block, s, e, 0.8, "item", bio, ln.block))
        run.clear()

    prev_kind = None
    follow_ups = _follow_up_blocks(at)
    for ln in _lines(at, 0, len(blocks)):
        if ln.block in follow_ups:
            close()
            prev_kind = None
            continue
        raw = at.texts[ln.block][ln.start : ln.end]
        # '1）题目——张三' lines of a paragraph: numbered items written without list marks
        kind = (
            "list_item"
            if ln.kind == "paragraph" and (_NUMBERED_LINE.match(raw) or _BY_LINE.match(raw))
            else ln.kind
        )
        if kind != "list_item" or _TIMED_ROW.match(raw):
            close()
            prev_kind = kind
            continue
        if prev_kind != "list_item":
            close()
        prev_kind = kind
        if _label(ln.text):
            continue
        title, names, bio = _row_parse(ln.text, res)
        run.append((ln, _clean_title(title), names, bio))
    close()
    return out


# 'NAME（ORG ROLE），TITLE', 'NAME (ORG)：TITLE', 'NAME（ORG ROLE）TITLE': the speaker
# first, the title after
_FIRST_BRACKET = re.compile(
    r"^(?P<who>[^（()），,：:]{2,30}?)\s*[（(](?P<bio>[^（()）]{2,60})[）)]\s*[，,：:]?\s*(?P<title>.{4,100})$"
)
# '▲ NAME：TITLE', 'NAME、NAME：TITLE' (a caption under a speaker's photo); the title
# may hold a colon of its own ('NAME: Sentinel: 流量防卫兵')
_NAME_COLON = re.compile(r"^(?P<who>[^：:，,。（()）]{2,24}?)\s*[：:]\s*(?P<title>.{4,100})$")


def _slot_word_rows(run: list, res: Resources) -> None:
    """Rows of a run whose siblings read 'NAME：TITLE' with recognised names and
    that read 'WORD：TITLE' themselves: WORD is the speaker when :func:`slot_word`
    allows it (a nickname, a surname the model lacks).  Changes ``run`` in place."""
    shaped = [
        r
        for r in run
        if r[2] and (m := _NAME_COLON.match(r[0].text)) and m.group("who").strip(" *_") == r[2][0]
    ]
    if len(shaped) < 2:
        return
    for i, (ln, _title, names, _bio) in enumerate(run):
        if names or not (m := _NAME_COLON.match(ln.text)):
            continue
        who = slot_word(m.group("who"), res)
        if who and title_ok(t := _clean_title(m.group("title"))):
            run[i] = (ln, t, [who], "")


# 'TITLE - NAME, ORG', 'TITLE —— NAME'
_DASH_NAME = re.compile(r"^(?P<title>.{4,100}?)\s*(?:\s[-–]\s|——|—)\s*(?P<who>.{2,80})$")


def _line_shape(text: str, res: Resources) -> tuple[str, list[str], str, str]:
    """(shape, speakers, title, bio) of a standalone line of a strong row shape."""
    m = _NAME_COLON.match(text)
    if m:
        names, rest = slot_names(m.group("who"), res)
        if names and not rest and title_ok(m.group("title")):
            return "colon", names, m.group("title"), ""
    m = _FIRST_BRACKET.match(text)
    if m:
        names, rest = slot_names(m.group("who"), res)
        if names and not rest:
            return "first", names, m.group("title"), m.group("bio")
    m = _DASH_NAME.match(text)
    if m:
        names, rest = slot_names(m.group("who"), res)
        if names:
            return "dash", names, m.group("title"), rest
    return "", [], "", ""


def _standalone_lines(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """Lines standing alone (a bold line, a one-line paragraph) that give speaker and
    title in one strong shape, repeated over the article: 'NAME（ORG ROLE），TITLE',
    'TITLE - NAME, ORG'."""
    blocks = at.article.blocks
    found: dict[str, list[Candidate]] = {}
    loose: dict[str, list[Candidate]] = {}  # a word the surname model lacks in the name slot
    for bi, b in enumerate(blocks):
        if b.kind not in ("paragraph", "caption") or len(at.lines[bi]) != 1:
            continue
        t = _clean(at.texts[bi])
        if len(t) > 160 or _SENTENCE.search(t[:-1]):
            continue
        shape, names, title, bio = _line_shape(t, res)
        into = found
        if not shape:
            shape, names, title, bio = _loose_shape(t, res)
            into = loose
        title = _clean_title(title)
        if not shape or not title_ok(title):
            continue
        k = at.texts[bi].find(title)
        s, e = (k, k + len(title)) if k >= 0 else (0, len(at.texts[bi]))
        into.setdefault(shape, []).append(
            Candidate(title, names, bi, s, e, 0.7 if into is loose else 0.8, "line", bio, bi)
        )
    for shape, cs in loose.items():
        if len(found.get(shape, ())) >= 2:
            found[shape].extend(cs)
    return sorted((c for cs in found.values() if len(cs) >= 2 for c in cs), key=lambda c: c.block)


def _loose_shape(text: str, res: Resources) -> tuple[str, list[str], str, str]:
    """:func:`_line_shape`'s speaker-first shapes with a :func:`slot_word` as the name."""
    m = _NAME_COLON.match(text)
    if m and (who := slot_word(m.group("who"), res)) and title_ok(m.group("title")):
        return "colon", [who], m.group("title"), ""
    m = _FIRST_BRACKET.match(text)
    if m and (who := slot_word(m.group("who"), res)):
        return "first", [who], m.group("title"), m.group("bio")
    return "", [], "", ""


def _line_pairs(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """Paragraphs of two lines, a title and a speaker slot ('题目' / '张三 | 某某科技
    工程师'), in the same order in two paragraphs or more."""
    found: dict[str, list[Candidate]] = {}
    for bi, b in enumerate(at.article.blocks):
        if b.kind not in ("paragraph", "quote") or len(at.lines[bi]) != 2:
            continue
        (s1, e1), (s2, e2) = at.lines[bi]
        one, two = _clean(at.texts[bi][s1:e1]), _clean(at.texts[bi][s2:e2])
        for order, (t, slot, ts) in (
            ("title-first", (one, two, s1)),
            ("slot-first", (two, one, s2)),
        ):
            names, bio = slot_names(slot, res)
            title = _clean_title(t)
            if not names or _label(t) or _label(slot) or _SENTENCE.search(slot):
                continue
            t_names, t_rest = slot_names(t, res)
            if t_names and (len(t_rest) < 4 or not title_ok(t_rest)):
                continue  # the other line is a speaker's too
            if not title_ok(title) or _SENTENCE.search(title[:-1]):
                continue
            k = at.texts[bi].find(title, ts)
            s, e = (k, k + len(title)) if k >= 0 else (ts, ts + len(t))
            found.setdefault(order, []).append(
                Candidate(title, names, bi, s, e, 0.75, "pair", bio, bi)
            )
            break
    return [c for cs in found.values() if len(cs) >= 2 for c in cs]


def _label_cards(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """Cards of label lines: a title label ('演讲题目：…', '主题：…') and, in the same
    card, a speaker label or a name line before it (speaker-first cards) or after it."""
    blocks = at.article.blocks
    allines = _lines(at, 0, len(blocks))
    anchors = [
        k
        for k, ln in enumerate(allines)
        if (lab := _label(ln.text)) and lab[0] == "title" and title_ok(_clean_title(lab[2]))
    ]
    if not anchors:
        return []
    # the card's speaker stands on one side of its title, the same side in every card:
    # the side where the slots sit closer to their titles
    read = []
    for n, k in enumerate(anchors):
        lo = anchors[n - 1] + 1 if n else max(0, k - 6)
        hi = anchors[n + 1] if n + 1 < len(anchors) else min(len(allines), k + 8)
        after = _unit_speakers(allines[k + 1 : min(hi, k + 8)], res)
        before = _unit_speakers(list(reversed(allines[max(lo, k - 6) : k])), res)
        read.append((k, before, after))
    dist = {side: [r[j][4] for r in read if r[j][0]] for j, side in ((1, "before"), (2, "after"))}

    def mean(xs: list[int]) -> float:
        return sum(xs) / len(xs) if xs else 99.0

    # more slots on a side wins; a tie goes to the side where they sit closer
    side = max(("after", "before"), key=lambda x: (len(dist[x]), -mean(dist[x])))
    out = []
    for k, before, after in read:
        ln = allines[k]
        title = _clean_title(_label(ln.text)[2])
        names, kind, bio, bio_block, _ = after if side == "after" else before
        if not names:
            continue
        conf = 0.9 if kind == "label" else 0.75
        k2 = at.texts[ln.block].find(title, ln.start)
        s, e = (k2, k2 + len(title)) if k2 >= 0 else (ln.start, ln.end)
        names, bio, own = _more_speakers(names, bio, res)
        out.append(Candidate(title, names, ln.block, s, e, conf, "card", bio, bio_block, own))
    strong = any(c.confidence >= 0.9 for c in out)
    return out if len(out) >= 2 or strong else []


def _labelled_items(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """A speaker line under a title line of its own: a label ('1. TITLE' then
    '演讲嘉宾：NAME | ORG ROLE'), or a nested list item holding a name or a bio
    ('- TITLE' then '  + NAME, ORG ROLE'; repeated at least twice)."""
    allines = _lines(at, 0, len(at.article.blocks))
    labelled, nested = [], []
    for k, ln in enumerate(allines):
        if k == 0:
            continue
        prev = allines[k - 1]
        lab = _label(ln.text)
        if lab and lab[0] == "speaker" and lab[2]:
            names, bio = slot_names(lab[2], res)
            if not names:
                names, bio = _role_then_name(lab[2], res)
            into = labelled
        elif (
            not lab
            and ln.kind == "list_item"
            and prev.kind == "list_item"
            and ln.level > prev.level
            and prev.block != ln.block
            and len(ln.text) <= 100
            and not _SENTENCE.search(ln.text[:-1])
        ):
            names, bio = slot_names(ln.text, res)
            if _CONTACT.search(bio):
                continue
            into = nested
        else:
            continue
        if not names or _label(prev.text) or len(prev.text) > 100:
            continue
        if _SENTENCE.search(prev.text[:-1]):
            continue
        if prev.kind not in ("list_item", "heading") and (len(prev.text) > 50 or "，" in prev.text):
            continue  # a paragraph line of an abstract, not a title line
        above = _label(allines[k - 2].text) if k >= 2 else None
        if above and not above[2]:
            continue  # the text of the label above ('议题简介：'), not a title
        title = _clean_title(prev.text)
        if not title_ok(title) or slot_names(title, res)[0]:
            continue
        k2 = at.texts[prev.block].find(title, prev.start)
        s, e = (k2, k2 + len(title)) if k2 >= 0 else (prev.start, prev.end)
        conf = 0.85 if into is labelled else 0.75
        names, bio, own = _more_speakers(names, bio, res)
        into.append(Candidate(title, names, prev.block, s, e, conf, "labelled", bio, ln.block, own))
    return labelled + (nested if len(nested) >= 2 else [])


# a title in quotes: 《题目》 (or '<<题目>>' typed in ASCII), 「题目」, “题目”, "题目"
QUOTED = re.compile(
    r"(?:《|<<)([^《》<>\n]{2,80})(?:》|>>)|「([^「」\n]{2,80})」|“([^“”\n]{4,80})”|\"([^\"\n]{4,80})\""
)
_QUOTE_CUE_AFTER = re.compile(
    r"^\s*(?:为主题|为题|主题|的主题|的分享|的演讲|的报告|分享|演讲|报告)"
)
_QUOTE_CUE_BEFORE = re.compile(
    r"(?:题为|以|发表|带来|带来了|分享了|分享|作了|做了|主题是|主题为|关于)\s*$"
)
_LINK_TEXT = re.compile(r"^(?:点击|扫码|扫描|长按|阅读原文|查看|报名|戳)|(?:>>|》》|→)\s*$")
_SESSION_KIND = re.compile(
    r"(?i)^(?:开场演讲|开幕演讲|主题演讲|特邀演讲|闭幕演讲|keynote|闪电演讲|lightning talk)\s*[：:|｜-]\s*"
)
_TAIL_NAME = re.compile(rf"\s([{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)$")
# '## TITLE（NAME）', '## TITLE（NAME，ORG）': the speaker in a bracket closing the heading
TAIL_BRACKET_NAME = re.compile(
    rf"\s*[（(]\s*([{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)\s*"
    r"(?:[，,/｜|]\s*([^（）()，,]{1,30}))?[）)]$"
)
_CAPTION_LOOSE = re.compile(rf"^(?P<role>.{{2,50}}?)\s+(?P<name>[{CJK}]{{2,3}})$")
_FORUM_AFTER = re.compile(
    r"^\s*(?:为主题|为题|主题)?的?[^，。；！？]{0,14}(?:分论坛|论坛|峰会|大会|会议|活动|沙龙|Meetup|专场)"
)
_GREETING_WORD = re.compile(
    r"(?:代表[^，。\s]{1,8})?(?:开场致辞|欢迎致辞|总结致辞|闭幕致辞|领导致辞|欢迎辞|致辞)"
)


def prose_title(text: str) -> tuple[str, float]:
    """The title a paragraph gives its talk, and how sure: a quoted title with a cue
    ('以“…”为主题', '带来《…》'), a greeting ('作欢迎致辞'), else the topic after a speech
    verb in its first sentences ('重点为大家介绍了…').

    >>> prose_title("张三以“云原生数据库实践”为主题，介绍了进展。")
    ('云原生数据库实践', 0.8)
    >>> prose_title("首先，李四作欢迎致辞。")
    ('欢迎致辞', 0.7)
    """
    for q in QUOTED.finditer(text):
        title = next(g for g in q.groups() if g)
        strong = q.group(1) is not None
        if _FORUM_AFTER.match(text[q.end() : q.end() + 24]):
            continue  # '以“…”为主题的分论坛': the theme of a forum, not a talk
        if (
            _QUOTE_CUE_AFTER.match(text[q.end() : q.end() + 8])
            or _QUOTE_CUE_BEFORE.search(text[max(0, q.start() - 6) : q.start()])
            or (strong and q.start() < 80)
        ):
            return title.strip(), 0.8
    head = "".join(_SENT_SPLIT.split(text, maxsplit=2)[:2])
    g = _GREETING_WORD.search(head)
    if g:
        return g.group(0), 0.7
    t = _patterns()["prose_topic"].search(head)
    if t:
        return t.group("t").strip(), 0.55
    return "", 0.0


def _caption_units(at: ArticleText, res: Resources, _people: People) -> list[Candidate]:
    """Photo captions naming a speaker ('某某公司总经理 张三', under or over a photo),
    each beside the paragraph that recaps the talk: the title comes from the prose."""
    blocks = at.article.blocks
    caps: list[tuple[int, list[str], str]] = []
    loose: list[tuple[int, list[str], str]] = []
    for bi, b in enumerate(blocks):
        if b.kind not in ("paragraph", "caption") or len(at.lines[bi]) > 1:
            continue
        t = _clean(at.texts[bi])
        if not t or len(t) > 60 or _SENTENCE.search(t) or _label(t):
            continue
        names, role = _role_then_name(t, res)
        if not names:
            names, role = slot_names(t, res)
        if names and role and len(role) >= 2:
            caps.append((bi, names, role))
            continue
        # 'ROLE 吉祥': a given name that is also a word, after a role and a space
        m = _CAPTION_LOOSE.match(t)
        if (
            m
            and m.group("name")[0] in res.surnames
            and _patterns()["role_end"].search(m.group("role"))
        ):
            loose.append((bi, [m.group("name")], m.group("role")))
    if len(caps) < 2:
        return []
    # the article's captions agree on the shape: the loose ones are captions too
    caps = sorted(caps + loose)

    def prose(lo: int, hi: int) -> tuple[str, float, int]:
        for q in range(lo, hi):
            if blocks[q].kind == "heading":
                break
            if blocks[q].kind == "paragraph" and (
                len(at.texts[q]) > 30 or _SENTENCE.search(at.texts[q])
            ):
                title, conf = prose_title(at.texts[q])
                if title:
                    return title, conf, q
                return "", 0.0, q
        return "", 0.0, -1

    bounds = [c[0] for c in caps]
    after = [
        prose(c[0] + 1, (bounds[k + 1] if k + 1 < len(caps) else len(blocks)))
        for k, c in enumerate(caps)
    ]
    before = [prose(bounds[k - 1] + 1 if k else 0, c[0]) for k, c in enumerate(caps)]

    # the caption sits over or under its paragraph, the same way throughout: the side
    # whose paragraphs name the captions' people, else the side that gives more titles
    def fit(side: list[tuple[str, float, int]]) -> tuple[int, int]:
        named = sum(
            1
            for (_bi, names, _r), (_t, _c, q) in zip(caps, side, strict=True)
            if q >= 0 and any(n in at.texts[q] or n[1:] in at.texts[q] for n in names)
        )
        return named, sum(1 for x in side if x[0])

    side = after if fit(after) >= fit(before) else before
    out = []
    for (bi, names, role), (title, conf, q) in zip(caps, side, strict=True):
        if not title:
            # a greeting line set just above the caption ('**领导致辞**')
            prev = _clean(at.texts[bi - 1]) if bi else ""
            if bi >= 1 and len(prev) <= 12 and _GREETING_WORD.search(prev):
                title, conf, q = prev, 0.7, bi - 1
        if not title or not title_ok(title):
            continue
        k = at.texts[q].find(title)
        s, e = (k, k + len(title)) if k >= 0 else (0, len(at.texts[q]))
        out.append(Candidate(title, names, q, s, e, conf, "caption", role, bi))
    return out if len(out) >= 2 else []


_CLAUSE_END = re.compile(r"[。！？!?；;]")
_CO_JOIN = re.compile(r"\s*(?:[、&＆]|和|与|及|以及)\s*")
# what may follow the last name of a list of speakers ('…、李四在主论坛', '…和李四共同')
_CO_NEXT = re.compile(r"\s*(?:[、&＆，,]|和|与|及|在|共同|一起|分别|为|带来|分享|介绍|以|就|围绕)")
# '在主论坛共同', '一起': where and together, before the speech verb
_TOGETHER = re.compile(r"^\s*(?:在[^，。；]{1,10}?)?(?:共同|一起|联合|分别)?\s*")
# after the speaker: a greeting, or a speech verb and what it names
_AFTER_GREETING = re.compile(
    r"^\s*(?:先生|女士|老师|博士|教授)?\s*(?:为本次活动|为活动|为大会|在会上)?\s*(?:作|做|致|进行|发表)?了?\s*"
    r"(?P<t>开场致辞|欢迎致辞|总结致辞|闭幕致辞|欢迎辞|致辞|开场演讲|主题演讲)"
)
_GENERIC_TOPIC = re.compile(
    r"^(?:了|大家|自己|我们|他们|该|这|那|一些|很多|如何|相关|精彩|一场|一个)"
)
_SUBJECT_GAP = re.compile(
    rf"^[\s，,]*(?:首先|其次|随后|接着|然后|之后|紧接着|最后|此外|同时|其后|下午|上午|"
    rf"第[一二三四五六七八九十\d]+位(?:分享)?嘉宾(?:是|为)?|来自)?[\s，,]*[{CJK}A-Za-z0-9&·、\s]{{0,40}}$"
)


# a speech verb after the speakers of a bold-titled item ('…：某某的张三介绍了…')
_ITEM_VERB = re.compile(
    r"介绍|分享|讨论|解释|讲解|演示|阐述|探讨|带来|展示|剖析|解读|回顾|谈|总结|说明|讲述|提出"
)


def _bold_lead_items(at: ArticleText, res: Resources, people: People) -> list[Candidate]:
    """Items that open with a bold title and a colon, then say who spoke
    ('* **TITLE（中文）**：某某公司的张三和李四介绍了…'): the title is the bold part, the
    speakers the people named before the sentence's first speech verb.  Two or more in
    the article."""
    body = at.article.body
    found = []
    for bi, b in enumerate(at.article.blocks):
        if b.kind not in ("list_item", "paragraph"):
            continue
        text = at.texts[bi]
        if b.offsets[0] < 2 or body[b.offsets[0] - 2 : b.offsets[0]] != "**":
            continue
        # the colon right after the bold run closes ('**A：B**：…' holds one inside it)
        k = next(
            (
                i
                for i, c in enumerate(text[:130])
                if c in "：:" and i >= 4 and body[b.offsets[i] - 2 : b.offsets[i]] == "**"
            ),
            -1,
        )
        if k < 0:
            continue
        verb = _ITEM_VERB.search(text, k + 1, k + 80)
        if not verb:
            continue
        names = [m.name for m in people.get(bi, ()) if k < m.start < verb.start()]
        # and the slot itself: '百胜中国的 Chauncey Yan 和 Sachi Maharana 解释了',
        # 'PMC 成员李鹏辉讨论了'
        seg = text[k + 1 : verb.start()].strip()
        cut = seg.rfind("的")
        org = seg[:cut].strip() if cut > 0 else ""  # '腾讯的张三': the speakers' employer
        seg = seg[cut + 1 :].strip()
        names += slot_names(seg, res)[0] or _role_then_name(seg, res)[0]
        title = _LANG_TAG.sub("", _clean_title(text[:k]))
        if names and title_ok(title):
            bio, bio_block = (org, bi) if org and len(org) <= 30 else ("", -1)
            found.append(
                Candidate(title, list(dict.fromkeys(names)), bi, 0, k, 0.8, "bold", bio, bio_block)
            )
    return found if len(found) >= 2 else []


# '（中文）', '(English)': the language a talk is given in, no part of its title
_LANG_TAG = re.compile(
    r"\s*[（(]\s*(?:中文|英文|中英文|英语|汉语|Chinese|English|EN|CN|ZH)\s*[）)]\s*$"
)


def _narrated(at: ArticleText, res: Resources, people: People) -> list[Candidate]:
    """A programme told in prose, one sentence per speaker ('首先，某某公司架构师张三
    带来了《…》', '随后，李四为大家介绍了…', '王五致欢迎辞'): the speaker opens the
    sentence (only order words, an organisation and a role before the name) and a
    greeting, a quoted title or a speech verb's object follows.  Repeated at least
    twice in the article, or once with a quoted title."""
    out: list[Candidate] = []
    for bi, ms in people.items():
        if at.article.blocks[bi].kind not in ("paragraph", "list_item"):
            continue
        text = at.texts[bi]
        for m in ms:
            s0 = max((x.end() for x in _CLAUSE_END.finditer(text, 0, m.start)), default=0)
            gap = text[s0 : m.start]
            if any(o is not m and s0 <= o.start < m.start for o in ms):
                continue  # another person opens the sentence
            # what stands before the name in its clause: order words, organisation, role
            clause = _COMMA.split(gap)[-1]
            invited = _INVITED_TO.match(text, m.end) if "邀请" in clause else None
            if not invited and (not _SUBJECT_GAP.match(clause) or _NOT_SUBJECT.search(gap)):
                continue
            # names joined to the subject are co-speakers ('杨宸、屈子程在主论坛共同带来…')
            speakers, last = [m.name], m.end
            for o in ms:
                if o.start > last and _CO_JOIN.fullmatch(text[last : o.start]):
                    speakers.append(o.name)
                    last = o.end
            while j := _CO_JOIN.match(text, last):
                # a name the mention stage did not know, in the list of speakers
                nxt = next(
                    (
                        j.end() + k
                        for k in (3, 2)
                        if _CO_NEXT.match(text, j.end() + k)
                        and _name(text[j.end() : j.end() + k], res)
                    ),
                    None,
                )
                if nxt is None or j.end() == last:
                    break
                speakers.append(text[j.end() : nxt])
                last = nxt
            end = _CLAUSE_END.search(text, last)
            sent = text[last : end.start() if end else len(text)]
            sent = _TOGETHER.sub("", sent, count=1)
            g = _AFTER_GREETING.match(sent)
            title, conf = "", 0.0
            if invited and not QUOTED.search(sent):
                # '邀请到了某某的 CTO 张三来分享 TOPIC。': the invited speaker's topic
                topic = _COMMA.split(text[invited.end() : end.start() if end else len(text)])[0]
                if 4 <= len(topic.strip()) <= 60:
                    title, conf = topic, 0.8
            elif g:
                title, conf = g.group("t"), 0.7
            else:
                q = QUOTED.search(sent)
                if (
                    q
                    and (
                        _QUOTE_CUE_BEFORE.search(sent[max(0, q.start() - 6) : q.start()])
                        or _QUOTE_CUE_AFTER.match(sent[q.end() : q.end() + 8])
                        or q.group(1)
                    )
                    and not _FORUM_AFTER.match(sent[q.end() : q.end() + 24])
                ):
                    title, conf = next(x for x in q.groups() if x), 0.8
                else:
                    v = _patterns()["after_speech"].match(sent)
                    if v and not _GENERIC_TOPIC.match(v.group("t")):
                        title, conf = v.group("t"), 0.6
            title = title.strip()
            if not title or not title_ok(title):
                continue
            k = text.find(title, last)
            s, e = (k, k + len(title)) if k >= 0 else (m.start, m.end)
            speakers = list(dict.fromkeys(speakers))
            out.append(Candidate(title, speakers, bi, s, e, conf, "narrated", "", -1))
    # a person's first narrated sentence is the talk; later ones tell what it held
    firsts = list({c.speakers[0]: c for c in reversed(out)}.values())[::-1]
    if len(firsts) >= 2:
        return firsts
    return [c for c in firsts if c.confidence >= 0.8]


# '…邀请到了某某的 CTO 张三大佬来分享 …': the invited person, then the verb of the talk
_INVITED_TO = re.compile(
    r"\s*(?:大佬|老师|先生|女士|博士|教授)?\s*(?:来|为大家|来为大家|为我们|来为我们)"
    r"(?:分享|介绍|讲解|带来)(?:了|的)?\s*"
)


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "heading",
        _heading_units,
        (
            (
                "# 议程\n\n## 云原生网关的演进\n* 王小明\n\n## 可观测性实践\n* 李雷\n",
                [("云原生网关的演进", ["王小明"]), ("可观测性实践", ["李雷"])],
            ),
            (
                "## 嵌入式工具链的支持探索\n\n议题简介：介绍工具链。\n\nSpeaker：\n\n"
                '<img src="a.png" width="200">\n\n某某社区 TC 委员 任一慰\n\n'
                '<img src="b.png" width="200">\n\n某某 SIG Maintainer 刘二锴\n\n'
                "## 编译器平行宇宙计划\n\n议题简介：介绍编译器。\n\nSpeaker：\n\n某某公司 工程师 陈三思\n",
                [
                    ("嵌入式工具链的支持探索", ["任一慰", "刘二锴"]),
                    ("编译器平行宇宙计划", ["陈三思"]),
                ],
            ),
            (
                "## 实时风控实践\n\n![](a.png)\n\n吴一磊\n\n某某科技 工程师\n\n![](b.png)\n\n"
                "冯二刚\n\n某某网络 架构师\n\n## 数据湖的存储优化\n\n![](c.png)\n\n陈三静\n\n某某大学 教授\n",
                [("实时风控实践", ["吴一磊", "冯二刚"]), ("数据湖的存储优化", ["陈三静"])],
            ),
            (
                # numbered list items standing alone as titles, the label on its own line,
                # then 'NAME: BIO' (an English first name alone too)
                "1. 使用 Transformers 构建 Web 应用\n\n演讲嘉宾\n\nYuki: 某某科技工程师\n\n"
                "演讲内容\n\n分享了应用的构建。\n\n2. 前端智能化的实践\n\n演讲嘉宾\n\n"
                "吴磊: 某某网络前端负责人\n\n演讲内容\n\n分享了落地经验。\n",
                [("使用 Transformers 构建 Web 应用", ["Yuki"]), ("前端智能化的实践", ["吴磊"])],
            ),
            (
                # '日期：' is the event's, not a title; a given name the dictionary knows as
                # a place after a speaker label
                "# 架构 Meetup 回顾\n\n日期：2019-12-07\n\n主讲人：金海，杨一杰\n\n"
                "### Topic 1：向量引擎总体架构\n\n> 讲师介绍：金海，某某项目负责人。\n\n"
                "### Topic 2：向量检索的深度实践\n\n> 讲师介绍：杨一杰，某某科技技术总监。\n",
                [("向量引擎总体架构", ["金海"]), ("向量检索的深度实践", ["杨一杰"])],
            ),
            (
                # a series heading over bold label lines: '题目' names the talk; the
                # speaker is an account name, or a name that is also a word
                "### 《Foo 夜谈》第28期 - 标准库的扩展\n\n**时间**: 2021/07/06 20:30\n\n"
                "**主讲人**：DevCat\n\n**题目**：小工具箱的实现\n\n"
                "### 《Foo 夜谈》第29期 - no_std 库的开发\n\n**时间**: 2021/07/20 20:30\n\n"
                "**主讲人**：高原\n\n**题目**：no_std 库的开发经验\n",
                [("小工具箱的实现", ["DevCat"]), ("no_std 库的开发经验", ["高原"])],
            ),
            (
                # a title item over a nested list whose first line is 'NICKNAME ~ BIO'
                "- 基于 Flink 的实时风控\n    + 吴磊 ~ 某某科技工程师\n    + 录音: a.mp3\n"
                "- 数据湖的存储优化\n    + 阿飞 ~ 某某网络架构师\n    + 录音: b.mp3\n"
                "- 调度系统的演进\n    + 冯刚 ~ 某某数据工程师\n",
                [
                    ("基于 Flink 的实时风控", ["吴磊"]),
                    ("数据湖的存储优化", ["阿飞"]),
                    ("调度系统的演进", ["冯刚"]),
                ],
            ),
            (
                "### 议题一：容器安全\n\n讲师简介：\n\n张伟，某某科技 高级工程师\n\n"
                "### 议题二：边缘计算\n\n讲师简介：\n\n刘洋，某某大学 博士\n",
                [("容器安全", ["张伟"]), ("边缘计算", ["刘洋"])],
            ),
            (
                "## 【分享一】\n\n**湖仓一体实践**\n\n嘉宾：Iris Chen 陈一禾｜某某数据 工程师\n\n正文。\n\n"
                "## 【分享二】\n\n**调度迁移经验**\n\n嘉宾：贺子明｜某某科技 架构师\n\n正文。\n",
                [("湖仓一体实践", ["Iris Chen"]), ("调度迁移经验", ["贺子明"])],
            ),
            (
                "## Topic 1\n\n**Scaling the control plane**\n\nSpeaker: Peter Wang, Example Inc.\n\n"
                "## Topic 2\n\n**Rust in the data path**\n\n"
                "Speaker: 陈思远（Stephen Chen），某某科技 工程师\n\n## 点击报名>>\n\n讲师：韩梅梅\n",
                [
                    ("Scaling the control plane", ["Peter Wang"]),
                    ("Rust in the data path", ["陈思远"]),
                ],
            ),
            (
                "## 云原生网关的演进\n* 王小明\n\n## 可观测性实践\n* 李雷\n\n"
                "## 智能体安全方案\n\n某某创新中心生态经理谢明针对企业场景的安全痛点，推出全栈解决方案，"
                "并介绍了落地案例。\n",
                [
                    ("云原生网关的演进", ["王小明"]),
                    ("可观测性实践", ["李雷"]),
                    ("智能体安全方案", ["谢明"]),
                ],
            ),
            (
                "## 星型索引加速\n\n分享嘉宾：罗一新，某某科技高级工程师；梁晓红，某某大学博士研究生\n\n"
                "## 存储优化\n\n分享嘉宾：许明，某某云 工程师\n",
                [("星型索引加速", ["罗一新", "梁晓红"]), ("存储优化", ["许明"])],
            ),
            (
                "### 数据库内核优化\n#### 分享嘉宾\n赵敏，某某云 工程师\n#### 议题详情\n介绍优化。\n"
                "### 存储引擎\n#### 分享嘉宾\n孙强，某某公司 架构师\n",
                [("数据库内核优化", ["赵敏"]), ("存储引擎", ["孙强"])],
            ),
            # a card per talk opening with its 《title》 alone on a line; a bio opening
            # with the name and a verb; a nickname's note before the bio
            (
                "### 议题以及嘉宾详解\n\n**《注册中心实践》**\n\n**嘉宾介绍**\n\n"
                "祝一辰（花名忘川），某某集团技术专家。\n\n**议题简介**\n\n介绍注册中心。\n\n"
                "**《日志聚合平台》**\n\n**嘉宾介绍**\n\n吕四泉是某某科技的技术专家。\n\n"
                "**议题简介**\n\n介绍日志。\n",
                [("注册中心实践", ["祝一辰"]), ("日志聚合平台", ["吕四泉"])],
            ),
            # a talk's heading over headings of its card's slots ('#### 嘉宾简介',
            # '#### 内容大纲'): the talk is the unit, not its slots
            (
                "### 大会回顾\n\n#### 嘉宾简介\n\n**毕一强**，Web 全栈工程师。\n\n#### 内容大纲\n\n"
                "1. 新产品\n\n### Web 的新进展\n\n#### 嘉宾简介\n\n孙一歌，开源软件作者。\n\n"
                "#### 内容大纲\n\n1. 新实现的 API\n",
                [("大会回顾", ["毕一强"]), ("Web 的新进展", ["孙一歌"])],
            ),
            # under a speaker label: a nickname no dictionary knows, a comma, a bio
            (
                "### 大会回顾\n\n#### 嘉宾简介\n\n**毕一强**，Web 全栈工程师。\n\n"
                "### Web 的新进展\n\n#### 嘉宾简介\n\n[水歌][3]，全栈工程师、开源软件作者。\n\n"
                "[3]: https://example.org\n",
                [("大会回顾", ["毕一强"]), ("Web 的新进展", ["水歌"])],
            ),
            # a speaker label whose whole value is a nickname no dictionary knows
            (
                "### 《技术风险思考和实践》\n\n主讲人: 嘉祁 \n\n介绍风险。\n\n"
                "### 《某某严选的实践》\n\n主讲人: 王国云 \n\n介绍实践。\n",
                [("技术风险思考和实践", ["嘉祁"]), ("某某严选的实践", ["王国云"])],
            ),
            # a nickname with the real name in brackets under the speaker label
            (
                "### 《产品品牌的打造》\n\n#### 讲师简介\n\n**何一含**，交互设计师。\n\n"
                "### 《计算机科学概览》\n\n#### 讲师简介\n\n**书香墨剑（余一琦）**，社区组织者。\n",
                [("产品品牌的打造", ["何一含"]), ("计算机科学概览", ["余一琦"])],
            ),
            # a numbered session's tag before the title; a bar for the label's colon
            (
                "### 主题分享一 | 云原生存储实践\n\n嘉宾 | 张立军 某某科技 高级工程师\n\n"
                "### 主题分享二 | 向量数据库入门\n\n嘉宾 | 刘思远 某某数据 架构师\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
            (
                "## 01 云原生存储实践\n\n**分享嘉宾：张立军**\n\n介绍了存储。\n\n"
                "## 02 向量数据库入门\n\n**分享嘉宾：刘思远**\n\n介绍了向量。\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
            (
                "## 云原生存储实践（张立军）\n\n张立军介绍了存储的演进。\n\n"
                "## 向量数据库入门（刘思远）\n\n刘思远从检索的原理讲起。\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
        ),
    ),
    Layout(
        "timed",
        _timed_rows,
        (
            (
                "09:30-09:50 开场致辞\n\n09:50-10:30 湖仓一体实践\n\n周杰，某某数据 工程师\n\n"
                "10:30-11:10 调度系统设计\n\n吴刚，某某科技 架构师\n\n11:10-11:20 茶歇\n\n"
                "11:20-12:00 开源与社会学\n\n阿木，开源布道师，某某社区成员\n",
                [
                    ("开场致辞", []),
                    ("湖仓一体实践", ["周杰"]),
                    ("调度系统设计", ["吴刚"]),
                    ("开源与社会学", ["阿木"]),
                ],
            ),
            (
                "14:00-14:30 开场演讲：服务网格解析<br>王小明  某某科技 创始工程师\n"
                "14:30-15:00 专用数据库揭秘<br>高明亮 某某科技 工程师\n",
                [("服务网格解析", ["王小明"]), ("专用数据库揭秘", ["高明亮"])],
            ),
            # an HTML table without a header: the time, then 'TITLE, NAME, ROLE，ORG'
            (
                "<table>\n<tr><td>7:00PM-9:00PM</td><td>新手教程: 高性能计算导引, "
                "<strong>陈久宁</strong>, 某某科技</td></tr>\n<tr>\n<td>9:00PM-9:40PM</td>\n"
                "<td title='摘要'>张量网络收缩技术及其应用, <strong>刘金国</strong>, 助理教授，"
                "某某大学</td>\n</tr>\n</table>\n",
                [
                    ("新手教程: 高性能计算导引", ["陈久宁"]),
                    ("张量网络收缩技术及其应用", ["刘金国"]),
                ],
            ),
            # an agenda set in a code block to keep its lines
            (
                "```\n主持人：某某科技创始人 洪一倍\n18:30-19:00 签到\n"
                "19:30-20:15 分享 1: 《大模型赋能电商》 李一波 某某 CTO\n"
                "20:15-21:00 分享 2:《私有大模型实践》 王雪晴 猴子无限联合创始人\n```\n",
                [("大模型赋能电商", ["李一波"]), ("私有大模型实践", ["王雪晴"])],
            ),
            (
                "* 14:00 - 14:40 服务网格落地（某某科技 & 高级工程师 郑丽）\n"
                "* 14:40 - 15:20 多集群管理（某某云 & 架构师 王芳）\n",
                [("服务网格落地", ["郑丽"]), ("多集群管理", ["王芳"])],
            ),
        ),
    ),
    Layout(
        "item",
        _item_rows,
        (
            (
                "* 调度器简介（某某科技-陈晨 14:00-14:20）\n* 架构设计（某某数据-林峰 14:20-15:00）\n",
                [("调度器简介", ["陈晨"]), ("架构设计", ["林峰"])],
            ),
            # '【ORG-NAME】TITLE'; a given name that is also a word of time ('国庆')
            (
                "1. 【某某深瞳-陈新宇】人脸识别实时业务中的应用\n\n2. 【某某云-潘国庆】实时计算场景化解决方案\n",
                [("人脸识别实时业务中的应用", ["陈新宇"]), ("实时计算场景化解决方案", ["潘国庆"])],
            ),
            # 'ACCOUNT : TITLE' three times or more: the accounts are the speakers
            (
                "- Gene: Summary of the User Group 2013\n- yedingding : 系统构架与创业文化\n"
                "- Teddy : build command line applications in ruby\n",
                [
                    ("Summary of the User Group 2013", ["Gene"]),
                    ("系统构架与创业文化", ["yedingding"]),
                    ("build command line applications in ruby", ["Teddy"]),
                ],
            ),
            # two speakers, each with a nickname in brackets
            (
                "1. [《特性解读》](https://example.org/a)  杨一特(鲁尼) & 戴二力(Gordon)\n"
                "2. [《运行时解析》](https://example.org/b)  马一维(黎钢)\n",
                [("特性解读", ["杨一特", "戴二力"]), ("运行时解析", ["马一维"])],
            ),
            # a full name with its nickname in brackets: one speaker
            (
                "1. [《运行时解析》](https://example.org/a)  马一维(黎钢)\n"
                "2. [《深度解析 SQL》](https://example.org/b)  杨二特(鲁尼)\n",
                [("运行时解析", ["马一维"]), ("深度解析 SQL", ["杨二特"])],
            ),
            # 'TITLE，作者是来自 ORG 的 NAME'
            (
                "* 我是如何与社区一起成长的，作者是来自 Debian 的 Handsome Feng。\n"
                "* 遇见 RISC-V，来自某某 Linux 的 Felix Yan。\n",
                [("我是如何与社区一起成长的", ["Handsome Feng"]), ("遇见 RISC-V", ["Felix Yan"])],
            ),
            (
                "- 14:00 云原生存储实践 @张立军\n- 14:40 向量数据库入门 @刘思远\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
            (
                "本次活动的议题如下：\n\n1. 吴磊：基于 Flink 的实时风控实践 [slides]\n"
                "2. 冯刚（某某网络 架构师）：数据湖的存储优化\n",
                [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
            ),
            (
                "## 会议纪要\n\n1. 新人介绍：@newbie-one 和 @newbie2 （5 min）\n"
                "2. 算子规范化 @dev-alpha (10 min)\n3. 编译器注释 @dev-beta @dev-gamma (20 min)\n",
                [
                    ("新人介绍", ["newbie-one", "newbie2"]),
                    ("算子规范化", ["dev-alpha"]),
                    ("编译器注释", ["dev-beta", "dev-gamma"]),
                ],
            ),
            (
                # a meeting's minutes: 'TITLE by NAME' lines with links after them
                "#### 议题&纪要\n\n数据湖的存储优化， by 吴磊  \n"
                "实时风控的实践  by 冯刚  repo： https://example.org/x  \n"
                "网关的重新实现。by 阿飞(陈一静) https://example.org/y\n",
                [
                    ("数据湖的存储优化", ["吴磊"]),
                    ("实时风控的实践", ["冯刚"]),
                    ("网关的重新实现", ["陈一静"]),
                ],
            ),
            (
                # 'by' inside an English title is no speaker slot
                "- Stand by Me - Alice Wang, Example Corp\n- Scaling by Design - Bob Li, Sample Labs\n",
                [("Stand by Me", ["Alice Wang"]), ("Scaling by Design", ["Bob Li"])],
            ),
            (
                # 《》 mark the title; the name follows its organisation and role, or is
                # a nickname with the real name in brackets
                "此次活动内容有：\n\n- 清华某系科协主席  姚一颂 《硬件安全前沿展望》\n"
                "- 某某科金资深硬件专家  周旭东 《工业界指纹识别介绍》\n"
                "- 阿里移动安全专家 五达(王一康) 《开源软件无线电及安全分析》\n",
                [
                    ("硬件安全前沿展望", ["姚一颂"]),
                    ("工业界指纹识别介绍", ["周旭东"]),
                    ("开源软件无线电及安全分析", ["王一康"]),
                ],
            ),
            (
                # a nickname and a given name that is a word, read from the slot their
                # sibling rows fill with names; a title with a colon of its own
                "分享嘉宾\n\n* 吴磊: 如何参与社区 [slides](https://example.org/a.pdf)\n"
                "* 阿飞哥: 网关的重新实现 [slides](https://example.org/b.pdf)\n"
                "* 周胜利: Flink 2.0 新特性介绍\n* 冯刚: Sentinel: 流量防卫兵\n",
                [
                    ("如何参与社区", ["吴磊"]),
                    ("网关的重新实现", ["阿飞哥"]),
                    ("Flink 2.0 新特性介绍", ["周胜利"]),
                    ("Sentinel: 流量防卫兵", ["冯刚"]),
                ],
            ),
        ),
    ),
    Layout(
        "line",
        _standalone_lines,
        (
            (
                "**龙小云（某某金服 高级工程师），服务网格的数据面优化**\n\n介绍了优化。\n\n"
                "**Peter Wang（Example Inc. 架构师），Istio 多集群部署**\n\n介绍了部署。\n",
                [("服务网格的数据面优化", ["龙小云"]), ("Istio 多集群部署", ["Peter Wang"])],
            ),
            (
                # no comma after the bracket; a surname the model lacks in the third line
                "**龙小云（某某金服 高级工程师）服务网格的数据面优化**\n\n介绍了优化。\n\n"
                "**吴磊（某某科技，架构师），多集群部署实践**\n\n介绍了部署。\n\n"
                "**朵云帆（某某网络，技术专家），数据平面深层揭秘**\n\n介绍了数据平面。\n",
                [
                    ("服务网格的数据面优化", ["龙小云"]),
                    ("多集群部署实践", ["吴磊"]),
                    ("数据平面深层揭秘", ["朵云帆"]),
                ],
            ),
            (
                "Scaling Kubernetes Ingress - John Smith, Example Corp\n\n"
                "Observability at the Edge - Mary Jones, Sample Labs\n",
                [
                    ("Scaling Kubernetes Ingress", ["John Smith"]),
                    ("Observability at the Edge", ["Mary Jones"]),
                ],
            ),
        ),
    ),
    Layout(
        "pair",
        _line_pairs,
        (
            (
                "基于 Flink 的实时风控实践\n吴磊 | 蓝鲸科技 高级工程师\n\n"
                "数据湖的存储优化\n冯刚 | 云帆网络 架构师\n",
                [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
            ),
            (
                "Alex Chen, Example Inc.\nBuilding Reliable Pipelines\n\n"
                "Maria Garcia, Foo Labs\nRust for Data Engineers\n",
                [
                    ("Building Reliable Pipelines", ["Alex Chen"]),
                    ("Rust for Data Engineers", ["Maria Garcia"]),
                ],
            ),
        ),
    ),
    Layout(
        "labelled",
        _labelled_items,
        (
            (
                "**精彩议题**\n\n1. 湖仓一体的查询优化\n   演讲嘉宾：罗晓东 | 某某数据 开发工程师\n"
                "2. 流批一体实践\n   演讲嘉宾：齐明 | 某某云 工程师\n",
                [("湖仓一体的查询优化", ["罗晓东"]), ("流批一体实践", ["齐明"])],
            ),
            (
                "- 异步编程入门\n  + 蒋大为, 某某科技 工程师\n- 类型标注实践\n  + 韦小宝 ~ 某某大学 讲师\n",
                [("异步编程入门", ["蒋大为"]), ("类型标注实践", ["韦小宝"])],
            ),
        ),
    ),
    Layout(
        "caption",
        _caption_units,
        (
            (
                "某某数据总经理 王建国\n\n首先，王建国作欢迎致辞，对大家的到来表示感谢。\n\n"
                "某某社区技术总监 钱小兵\n\n钱小兵以“数据库生态的三年”为主题，回顾了社区的进展。\n\n"
                "某某大学教授 孙立平\n\n孙教授重点为大家介绍了查询优化器的自适应调优方法。他说，效果显著。\n",
                [
                    ("欢迎致辞", ["王建国"]),
                    ("数据库生态的三年", ["钱小兵"]),
                    ("查询优化器的自适应调优方法", ["孙立平"]),
                ],
            ),
        ),
    ),
    Layout(
        "bold",
        _bold_lead_items,
        (
            (
                "* **面向现代数据基础设施的消息系统（中文）**：Apache Foo PMC 成员贾一佳介绍了系统概况。\n"
                "* **流处理大战（英文）**：某某公司的 Shivji Kumar 和 Sachi Maharana 讨论了如何采用。\n",
                [
                    ("面向现代数据基础设施的消息系统", ["贾一佳"]),
                    ("流处理大战", ["Shivji Kumar", "Sachi Maharana"]),
                ],
            ),
        ),
    ),
    Layout(
        "narrated",
        _narrated,
        (
            # a clause opening with the name, then '就 TOPIC 进行了分享'
            (
                "张立军就云原生存储实践进行了分享，介绍了存储的演进。\n\n"
                "随后，刘思远围绕向量数据库入门展开了分享。\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
            (
                "首先，某某科技高级工程师王建军带来了《云原生数据库的演进》的分享。\n\n"
                "随后，来自某某大学的李晓红教授分享了图数据库在金融风控中的应用。\n\n"
                "最后，某某云架构师赵海涛为大家介绍了向量检索引擎的设计与实现。\n",
                [
                    ("云原生数据库的演进", ["王建军"]),
                    ("图数据库在金融风控中的应用", ["李晓红"]),
                    ("向量检索引擎的设计与实现", ["赵海涛"]),
                ],
            ),
            (
                "活动伊始，社区负责人孙明致欢迎辞。\n\n第二位嘉宾钱峰以“数据湖存储优化”为题进行了分享。\n",
                [("欢迎辞", ["孙明"]), ("数据湖存储优化", ["钱峰"])],
            ),
            (
                "社区两位技术专家杨晨光、屈子明在主论坛共同带来《可编程调度实践》主题分享。\n\n"
                "随后，某某云架构师赵海涛为大家介绍了向量检索引擎的设计与实现。\n",
                [
                    ("可编程调度实践", ["杨晨光", "屈子明"]),
                    ("向量检索引擎的设计与实现", ["赵海涛"]),
                ],
            ),
        ),
    ),
    Layout(
        "card",
        _label_cards,
        (
            (
                "黄磊 某某科技 数据工程师\n\n演讲时间：14:00-14:40\n\n演讲题目：数据集成实践\n\n"
                "演讲概要：介绍实践。\n\n何静 某某智能 架构师\n\n演讲时间：14:40-15:20\n\n"
                "演讲题目：实时同步引擎\n\n演讲概要：介绍引擎。\n",
                [("数据集成实践", ["黄磊"]), ("实时同步引擎", ["何静"])],
            ),
            (
                "**主题：分布式事务**\n\n**马超**\n\n**某某银行 架构师**\n\n"
                "**主题：向量检索**\n\n**林晓峰**\n\n**某某科技 工程师**\n",
                [("分布式事务", ["马超"]), ("向量检索", ["林晓峰"])],
            ),
            # speaker-first cards: 'NAME：ORG ROLE' over the title label
            (
                "**张立军**：某某科技 高级工程师\n\n**分享主题**：《云原生存储实践》\n\n"
                "**刘思远**：某某数据 架构师\n\n**分享主题**：《向量数据库入门》\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
            # labels in square brackets, and two labelled slots on one line
            (
                "【分享嘉宾】张立军，某某科技高级工程师\n\n【分享主题】云原生存储实践\n\n"
                "【分享嘉宾】刘思远，某某数据架构师\n\n【分享主题】向量数据库入门\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
            (
                "嘉宾：张立军  议题：云原生存储实践\n\n嘉宾：刘思远  议题：向量数据库入门\n",
                [("云原生存储实践", ["张立军"]), ("向量数据库入门", ["刘思远"])],
            ),
        ),
    ),
)


_GROUP_IS_ROLE = re.compile(r"(?i)(?:PMC|PPMC|TOC|TSC|委员会)$")
_BIO_SPLIT = re.compile(r"\s*[，,、|｜/／;；&＆]\s*|\s+")


def slot_relations(
    at: ArticleText, talks: list, mentions: list[Mention], res: Resources
) -> tuple[list[Relation], list[Mention]]:
    """affiliated_with and member_of read from the slots that named the speakers
    ('张三，某某科技 工程师，Apache X PMC'), and the organisations only such a slot
    names (the word before a role: '孩子王 大数据专家', '杭州思科/大数据工程师')."""
    rels: dict[tuple[str, str, str], Relation] = {}
    orgs: list[Mention] = []
    by_block: dict[int, list[Mention]] = {}
    for m in mentions:
        by_block.setdefault(m.block, []).append(m)
    for t in talks:
        for speaker, bi, bio in t.bios:
            speaker = at.original(speaker)  # a Traditional article's name as written
            text = at.texts[bi]
            lo = text.find(bio)
            if lo < 0 or not bio.strip():
                continue
            hi = lo + len(bio)
            inside = [m for m in by_block.get(bi, ()) if lo <= m.start and m.end <= hi]
            ev = Evidence(at.article.doc, text[lo:hi].strip(), *at.article.blocks[bi].span(lo, hi))
            found = [m for m in inside if m.type == "Organization"]
            if not found:
                lead = _bio_org(bio, inside, res)
                if lead:
                    k = lo + bio.find(lead)
                    m = Mention("Organization", lead, lead, bi, k, k + len(lead), "slot")
                    orgs.append(m)
                    found = [m]
            for o in found[:2]:
                if (o.surface or o.name) == speaker:
                    continue  # the name repeated in its own bio
                key = ("affiliated_with", speaker, o.surface or o.name)
                rels.setdefault(key, Relation(*key, "Person", "Organization", ev, 0.8))
            for g in (m for m in inside if m.type == "SIG"):
                if _GROUP_IS_ROLE.search(g.name) or _patterns()["member_role"].search(bio):
                    key = ("member_of", speaker, at.original(g.name))
                    rels.setdefault(key, Relation(*key, "Person", "SIG", ev, 0.75))
    return list(rels.values()), orgs


def _bio_org(bio: str, inside: list[Mention], res: Resources) -> str:
    """The employer a bio names before a role ('孩子王 大数据专家'), when no known
    organisation is there: its first word, followed by a role, itself no role,
    project, person or group."""
    if bio.isascii():
        return _latin_bio_org(bio)
    parts = [p for p in _BIO_SPLIT.split(bio.strip()) if p]
    if not parts:
        return ""
    lead = parts[0]
    if _patterns()["role_end"].search(lead):
        # one run: organisation, department, role ('中移在线云平台部开发工程师')
        lead = org_of_post(lead, res) or ""
    elif (
        len(parts) < 2
        or not _patterns()["role_end"].search(parts[1])
        or _patterns()["member_role"].search(lead)
    ):
        return ""
    if not 2 <= len(lead) <= 16 or not _LETTER.match(lead):
        return ""
    if any(m.surface == lead or m.name == lead for m in inside if m.type != "Organization"):
        return ""  # a project, a group, a person
    if is_person_name(lead, res, cued=True) or lead in lexicon().get("not_employers", []):
        return ""
    return lead


_LATIN_ORG_PIECE = re.compile(r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}")


def _latin_bio_org(bio: str) -> str:
    """The employer of an English bio: after 'at' ('Staff SRE at Initech'), else the
    comma-separated piece that holds no role word ('Senior Engineer, Globex')."""
    m = AT_ORG.search(bio)
    if m:
        return m.group(1)
    pieces = [x.strip(" ()") for x in re.split(r"[,;(]", bio) if x.strip(" ()")]
    if len(pieces) == 1 and _LATIN_ORG_PIECE.fullmatch(pieces[0]):
        # 'Nutanix' alone where the employer stands: a name, unless a role or a slot word
        x = pieces[0]
        bad = _patterns()["bio_role"].search(x) or fold(x) in _row_words() or _label(x)
        return "" if bad else x
    if len(pieces) < 2:
        return ""
    for x in pieces:
        if _LATIN_ORG_PIECE.fullmatch(x) and not _patterns()["bio_role"].search(x):
            return x
    return ""


def find_layout_talks(
    at: ArticleText, res: Resources, mentions: list[Mention] = ()
) -> list[Candidate]:
    """Talks of every layout, in layout order (the caller merges duplicate titles)."""
    out: list[Candidate] = []
    slots: set[tuple[int, tuple[str, ...]]] = set()
    people: People = {}
    for m in mentions:
        if m.type == "Person":
            people.setdefault(m.block, []).append(m)
    for layout in LAYOUTS:
        for c in layout.find(at, res, people):
            # one speaker slot names one talk: a later layout reading the same slot
            # under another title (an abstract line above it) is not a second talk
            slot = (c.bio_block, tuple(c.speakers))
            if c.bio_block >= 0 and slot in slots:
                continue
            slots.add(slot)
            out.append(c)
    return out
