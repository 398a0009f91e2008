"""Stage 4: talks with their speakers, and the event an article recaps."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher
from functools import lru_cache

from .layouts import (
    QUOTED,
    TAIL_BRACKET_NAME,
    bio_only,
    by_speakers,
    find_layout_talks,
    slot_names,
    title_ok,
)
from .mentions import (
    AGENDA_LINE,
    BRACKET_NOTE,
    CJK,
    ITEM_NUMBER,
    NAME_LIST,
    NAME_SEP,
    ArticleText,
    is_person_name,
    patterns,
    strip_titles,
)
from .model import Evidence, Mention, Talk
from .resources import Resources, fold

__all__ = ["find_talks", "evidence_for", "sentence_at"]

_TALK_CUE = re.compile(
    r"(以|带来|为大家带来|带来了|分享了|分享|发表|作了|做了|题为|主题为|议题是|分享的议题|为题|为主题|主题演讲|主题分享|演讲|报告|致辞)"
)
_SENT_END = re.compile(r"[。！？!?；;]")


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` that holds [start, end).

    >>> text = "第一句。第二句，有张三！第三句"
    >>> s, e = sentence_at(text, 8, 10)
    >>> text[s:e]
    '第二句，有张三！'
    >>> sentence_at(text, 12, 14), sentence_at(text, 0, 1)
    ((12, 15), (0, 4))
    """
    ends = _sentence_ends(text)
    k = bisect_right(ends, start)  # sentences ending at or before ``start``
    s = ends[k - 1] if k else 0
    k = bisect_left(ends, end + 1)  # the first end mark at or after ``end``
    e = ends[k] if k < len(ends) else len(text)
    return s, e


@lru_cache(maxsize=64)  # the same few block texts are asked about again and again
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Positions just after each sentence end mark of ``text``."""
    return tuple(m.end() for m in _SENT_END.finditer(text))


def evidence_for(at: ArticleText, bi: int, start: int, end: int) -> Evidence:
    """Evidence (sentence and body offsets) for a span of block ``bi``."""
    block = at.article.blocks[bi]
    s, e = sentence_at(block.text, start, end)
    bs, be = block.span(s, e)
    return Evidence(at.article.doc, block.text[s:e].strip(), bs, be)


@lru_cache(maxsize=16384)  # every new talk is compared with the ones already found
def _similar(a: str, b: str) -> bool:
    """Two titles of one talk: equal, one inside the other, or nearly the same text."""
    a, b = fold(a), fold(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= 0.6 * len(long_):
        return True
    if 2.0 * len(short) / (len(a) + len(b)) < 0.9:
        return False  # SequenceMatcher.real_quick_ratio(), without building the matcher
    sm = SequenceMatcher(None, a, b)
    return sm.quick_ratio() >= 0.9 and sm.ratio() >= 0.9


@lru_cache(maxsize=16384)
def _contains(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 6 and short in long_


_WORDY = re.compile(r"[\u3400-\u9fff]{2}|[A-Za-z]{2}")
_TITLE_LABEL = re.compile(
    r"^(?:议题|Topic|Part|PART|Session|Talk)\s*[\d一二三四五六七八九十]*\s*[：:.、\-–—]?\s*"
)
_TITLE_NUMBER = re.compile(r"^(?:[\d一二三四五六七八九十]{1,2}\s*[.、．)）]|0\d\s+)\s*")
# '分享一：', '主题分享二 | ': a numbered session's tag before its title
_SESSION_NUMBERED = re.compile(
    r"^(?:主题分享|主题演讲|分享|演讲|报告|专题|主题)\s*[\d一二三四五六七八九十]{1,3}\s*[：:.、\-–—|｜]\s*"
)


# pictographs, dingbats and bullets decorating a heading: '🔹 题目', '💬 圆桌', 'Talks ⚡', '· 题目'
_DECORATION = re.compile(
    "^[\\s\u00b7\u2022\u2023\u25a0-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f]+"
    "|[\\s\u00b7\u2022\u2023\u25a0-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f]+$"
)


# a series tag and an issue number before a title: '【Foo Meetup】No.148 题目', '【第 3 期】题目'
_SERIES_TAG = re.compile(
    r"^(?:【[^【】]{2,30}】\s*)?(?:No\.?\s*\d{1,4}|第\s*\d{1,4}\s*期|#\d{1,4})?\s*(?=\S.{3})"
)


_ENUMERATION = re.compile(r"[：:][^：:]*?(?:[、，,][^、，,：:]{1,12}){3,}$")


def _tag_of(line: str) -> str:
    """The series tag or number a title line opens with ('【X Meetup】No.148', '3.')."""
    t = line.strip().strip("*_ ")
    m = _SERIES_TAG.match(t)
    return m.group().strip() if m and m.group().strip() else ""


def _clean_title(t: str) -> str:
    t = _DECORATION.sub("", t)
    t = t.strip().strip("：:，,。 \t-—|｜")
    t = _SERIES_TAG.sub("", t, count=1)
    t = _TITLE_LABEL.sub("", t)
    t = _SESSION_NUMBERED.sub("", t)
    t = _TITLE_NUMBER.sub("", t)
    return t.strip().strip('《》「」“”"')


def _index_people(mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Person mentions by block, in text order."""
    index: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.type == "Person":
            index.setdefault(m.block, []).append(m)
    return index


def _people_in(
    people: dict[int, list[Mention]], bi: int, lo: int = 0, hi: int = 10**9
) -> list[Mention]:
    """Person mentions of block ``bi`` starting in [lo, hi)."""
    return [m for m in people.get(bi, ()) if lo <= m.start < hi]


class _Talks:
    """Collects talks, merging duplicates that share a title."""

    def __init__(self, at: ArticleText) -> None:
        self.at = at
        self.items: list[Talk] = []
        self.quoted: set[int] = set()  # ids of the talks titled from 《》/「」/“”
        self.tabled: set[int] = set()  # ids of the talks an agenda row gave or matched
        self.titles_first: bool | None = None  # the cards' order (see _titles_first)

    def add(
        self,
        title: str,
        speakers: list[str],
        ev: Evidence,
        block: int,
        alias: str = "",
        quoted: bool = False,
        table: bool = False,
        confidence: float = 0.9,
        bios: list[tuple[str, int, str]] | None = None,
    ) -> None:
        """A talk, merged into one already found when it is the same talk: a similar
        title (a heading and its 《》 title, a label and a table), or the same
        speakers in the same section (a heading, then '题为「…」' under it); a quoted
        title is the talk's own title, the other one becomes an alias."""
        title = self.at.original(_clean_title(title))
        alias = self.at.original(_clean_title(alias)) if alias else ""
        speakers = [self.at.original(x) for x in speakers]
        m = TAIL_BRACKET_NAME.search(title)
        if m and m.start() >= 4 and m.group(1) in speakers:
            title = title[: m.start()].rstrip()  # 'TITLE（NAME）': the speaker, not the title
        if len(title) < 2 or len(title) > 120 or not _WORDY.search(title):
            return  # '1+4' is a slogan, not a title
        if not title_ok(title):
            return  # a part of the article ('会议概况', '参会人员'), a break, a bare label
        sec = self.at.sections[block]
        for t in self.items[-30:]:
            titles = (t.title, *t.title_aliases)
            same = any(_similar(x, title) or (alias and _similar(x, alias)) for x in titles)
            longer = False  # an agenda row matched by its speakers: the longer title kept
            if not same and speakers and set(t.speakers) == set(speakers):
                # a table's short title inside the section's full one
                same = any(_contains(x, title) for x in titles)
                if not same and table and id(t) not in self.tabled:
                    # an agenda row and the section of the same speakers: one talk
                    # ('A-Tune 智能调优' / 'A-Tune：基于机器学习的…调优')
                    same, longer = True, len(title) > len(t.title)
                if not same and quoted and sec >= 0 and id(t) not in self.quoted:
                    same = self.at.sections[t.block_range[0]] == sec
            if same:
                if bios:
                    t.bios.extend(bios)
                # two readings of one talk agree: surer than either
                t.confidence = min(1.0, max(t.confidence, confidence) + 0.05)
                if table:
                    self.tabled.add(id(t))
                if (quoted or longer) and id(t) not in self.quoted and t.title != title:
                    t.title_aliases.append(t.title)
                    t.title = title
                    if quoted:
                        self.quoted.add(id(t))
                for a in (alias, title):
                    if a and a != t.title and a not in t.title_aliases:
                        t.title_aliases.append(a)
                for x in speakers:
                    if x not in t.speakers:
                        t.speakers.append(x)
                return
        talk = Talk(
            title, list(dict.fromkeys(speakers)), ev, [], (block, block + 1), confidence=confidence
        )
        if bios:
            talk.bios.extend(bios)
        if alias and alias != title:
            talk.title_aliases.append(alias)
        if quoted:
            self.quoted.add(id(talk))
        if table:
            self.tabled.add(id(talk))
        self.items.append(talk)

    def section_has(self, block: int, sections: list[int], speakers: list[str]) -> bool:
        """True when the block's section already holds a talk by one of ``speakers``."""
        sec = sections[block]
        return any(
            sections[t.block_range[0]] == sec and set(t.speakers) & set(speakers)
            for t in self.items
            if sec >= 0
        )


_WEAK_QUOTE_CUE = re.compile(
    r"为题|为主题|题为|主题为|主题是|的主题演讲|的演讲|的分享|主题分享|议题"
)
_LABEL_END = re.compile(r"\s{2,}|[\s，,。]*(?:演讲|分享|议题|内容)?(?:概要|简介|摘要|大纲)[：:]")


_NUMBERED_NAME = re.compile(r"\s*\d{1,2}\s*[-、.．]\s*[" + CJK + r"]{2,4}\s*")
_FORUM_TITLE = re.compile("(?i)论坛|分论坛|峰会|大会|专场|Meetup|活动")
_FORUM_AFTER = re.compile(
    r"\s*(?:分论坛|论坛|峰会|大会|专场|会议|活动|展区|一书|白皮书|报告发布|课程|课上|教材|专栏|栏目)"
)


def find_talks(at: ArticleText, mentions: list[Mention], res: Resources) -> list[Talk]:
    """Talks from the article's layouts: headings, label lines, 《》 sentences, tables."""
    pats = patterns(res)
    blocks = at.article.blocks
    texts = at.texts
    talks = _Talks(at)
    section_words = set(res.cues.get("section_headings", []))
    people = _index_people(mentions)
    persons = {m.name for m in mentions if m.type == "Person"} | set(at.persons)
    lines = [(bi, ls, le) for bi, ls, le in at.iter_lines()]

    for li, (bi, ls, le) in enumerate(lines):
        block = blocks[bi]
        line = texts[bi][ls:le]
        if block.kind == "heading":
            # "## 讲者：张三｜公司" above "题目：…" is a label line set as a heading
            if ls == 0 and not (
                pats.speaker_label.match(line)
                and _label_talk(at, lines, li, res, pats, persons, talks)
            ):
                _heading_talk(at, bi, people, res, talks, section_words, persons)
            continue
        if _pseudo_heading(at, bi, ls, le, pats, res, persons):
            # a short line standing alone ("**议题：X**", a bold title): a heading in all but markup
            _heading_talk(at, bi, people, res, talks, section_words, persons, span=(ls, le))
            continue
        # "张三/公司/职位" or "分享嘉宾：张三，..." next to "演讲主题：…"
        if _label_talk(at, lines, li, res, pats, persons, talks):
            continue
        agenda = AGENDA_LINE.match(line)
        if agenda and agenda.group(2) in persons:
            talks.add(
                agenda.group(1), [agenda.group(2)], evidence_for(at, bi, ls, le), bi, confidence=0.9
            )
            continue
        # "钱若愚（浙江大学博士生）：《题目》", "题目 —— 孟佳，蔚来汽车 工程师"
        dash = "—" in line or "--" in line  # (what _TITLE_DASH_NAME needs: a cheap test first)
        item = _BIO_TITLE.match(line) or (_TITLE_DASH_NAME.match(line) if dash else None)
        if item and item.group("name") in persons:
            title = _clean_title(item.group("title").strip(" *_《》「」“”\"'"))
            if len(title) >= 4:
                ev = evidence_for(at, bi, ls, le)
                talks.add(title, [item.group("name")], ev, bi, confidence=0.85)
                continue
        # "01-张三《题目》" / "张三带来《题目》主题演讲" / "张三以「…」为题"
        for q in QUOTED.finditer(line):
            qs, qe = ls + q.start(), ls + q.end()
            text = texts[bi]
            title = next(g for g in q.groups() if g)
            s0, e0 = sentence_at(text, qs, qe)
            s0 = max(s0, ls)
            before = text[s0:qs]
            after = text[qe:e0]
            strong = q.group(1) is not None or q.group(2) is not None
            numbered = _NUMBERED_NAME.fullmatch(before)
            if strong:
                if not (
                    _TALK_CUE.search(before[-14:]) or _TALK_CUE.match(after.strip()[:6]) or numbered
                ):
                    continue
            elif not (_WEAK_QUOTE_CUE.search(after[:10]) or _WEAK_QUOTE_CUE.search(before[-8:])):
                continue
            # '甲带来了“X”，随后乙以“Y”为题': the people after the sentence's last title
            last = max((p.end() + ls for p in QUOTED.finditer(line, 0, q.start())), default=s0)
            speakers = [m.name for m in _people_in(people, bi, max(s0, last), qs)] or [
                m.name for m in _people_in(people, bi, s0, qs)
            ]
            if not speakers:
                continue
            speakers = speakers[-2:] if len(speakers) > 2 else speakers
            # a forum or track named in 《》 is not a talk
            if _FORUM_TITLE.search(title) and not _TALK_CUE.search(after[:8]):
                continue
            if _FORUM_AFTER.match(after):
                continue
            if not strong and talks.section_has(bi, at.sections, speakers):
                continue
            # 《》 and 「」 are titles by their marks; “” need the cue words around them
            conf = 0.85 if strong else 0.75
            ev = evidence_for(at, bi, qs, qe)
            talks.add(title, speakers, ev, bi, quoted=True, confidence=conf)
    _table_talks(at, res, talks, persons)
    _spoken_talks(at, mentions, talks)
    _prose_panels(at, mentions, talks)
    for c in find_layout_talks(at, res, mentions):
        if c.layout == "narrated" and set(c.speakers) <= {
            x
            for t in talks.items
            # a panellist's own talk is told outside the roundtable's blocks
            if len(t.speakers) < 3
            or 0 <= c.block - t.block_range[0] <= 4
            or at.sections[c.block] == at.sections[t.block_range[0]] >= 0
            for x in t.speakers
        }:
            continue  # a sentence about a talk already found, not another one
        ev = evidence_for(at, c.block, c.start, c.end)
        talks.add(c.title, c.speakers, ev, c.block, confidence=c.confidence, bios=c.bios())
    return talks.items


_ITEM_NAME = rf"(?P<name>[{CJK}]{{2,4}}|[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})"
_BIO_TITLE = re.compile(
    rf"^\s*{ITEM_NUMBER}{_ITEM_NAME}\s*[（(][^（()）\n]{{2,60}}[）)]\s*[：:]\s*(?P<title>\S.{{3,80}})$"
)
_TITLE_DASH_NAME = re.compile(
    rf"^\s*{ITEM_NUMBER}(?P<title>[^—\n]{{4,80}}?)\s*(?:——|—|--)\s*{_ITEM_NAME}(?=\s*[，,（(]|\s*$)"
)


def _label_talk(at: ArticleText, lines, li: int, res: Resources, pats, persons, talks) -> bool:
    """A speaker label line ('张三/公司/职位', '分享嘉宾：张三，…') and the nearest
    '演讲主题：…' line, after it when both sides are as near."""
    bi, ls, le = lines[li]
    label_person = _label_person(at.texts[bi][ls:le], res, pats, persons)
    if not label_person:
        return False
    after = _title_label_near(at, lines, range(li + 1, min(len(lines), li + 5)), res, persons)
    before = _title_label_near(at, lines, range(li - 1, max(-1, li - 4), -1), res, persons)
    if after is not None and before is not None:
        # a title on both sides: the side the article's cards put their titles on (a
        # bio line may stand between a speaker and the title after it)
        near = [before if _titles_first(at, lines, res, persons, talks) else after]
    else:
        near = [x for x in (after, before) if x is not None]
    title = min(near, key=lambda x: x[1])[0] if near else None
    if not title:
        return False
    title = _LABEL_END.split(title)[0]
    talks.add(title, [label_person], evidence_for(at, bi, ls, le), bi, confidence=0.9)
    return True


_GREETING = re.compile(
    # "进行活动开场致辞", "为本次主题活动开场", "对本次 Tutorial 进行总结致辞"
    r"(?:(?:为|对)(?:本次|此次|这次)[^，。；！？\s]{0,12}?|在)?\s*"
    r"(?:做|作|致|进行|发表)?\s*(?:活动|会议|大会|论坛)?\s*"
    r"((?:代表[^，。\s]{1,8})?(?:开场致辞|欢迎致辞|总结致辞|闭幕致辞|欢迎辞|致辞|开场|总结发言|会议总结))"
    r"(?!时|前|后|之前|之后|阶段)"  # '在开场时提到': a moment, not a speech
)
_TOPIC = re.compile(
    r"^\s*[，,]?\s*(?:(?:围绕|聚焦|就)\s*[“\"「]?([^，。；“”\"「」《》]{4,40}?)[”\"」]?\s*(?:[，,]|展开|进行|作了|做了|发表)"
    r"|以\s*[“\"「]?([^，。；“”\"「」《》]{4,40}?)[”\"」]?\s*为(?:题|主题)"
    # '…的吴磊，主题是基于 Flink 的实时风控实践。'
    r"|(?:[，,]\s*)?(?:(?:他|她)?(?:的)?(?:分享|演讲|报告|议题)的?)?(?:主题|题目)(?:是|为)\s*"
    r"[“\"「]?([^，。；“”\"「」《》]{4,50}?)[”\"」]?\s*(?=[。；]|$))"
)


# a title written after the name ('王立军副教授致欢迎辞')
_HONORIFIC_LEAD = re.compile(r"^(?:先生|女士|博士|副?教授|老师|副?研究员|院士|副?院长|主任)")


def _spoken_talks(at: ArticleText, mentions: list[Mention], talks: _Talks) -> None:
    """Talks named only by their kind or topic: '李博在欢迎辞中表示', 'X 围绕 Y，提出…'.

    Only for people who have no talk yet: the phrase is then the best title the
    article gives."""
    have = {x for t in talks.items for x in t.speakers}
    person_starts: dict[int, list[int]] = {}
    for m in mentions:
        if m.type == "Person":
            person_starts.setdefault(m.block, []).append(m.start)
    for m in mentions:
        if m.type != "Person" or m.name in have:
            continue
        text = at.texts[m.block]
        rest = text[m.end : m.end + 40]
        rest = _HONORIFIC_LEAD.sub("", rest)
        g = _GREETING.match(rest)
        if g:
            ev = evidence_for(at, m.block, m.start, m.end)
            talks.add(g.group(1), [m.name], ev, m.block, confidence=0.7)
            have.add(m.name)
            continue
        tp = _TOPIC.match(rest)
        if not tp and _subject(text, m.start, person_starts.get(m.block, ())):
            tp = _SHARED.match(text[m.end : m.end + 60])
        if tp and at.article.blocks[m.block].kind != "heading":
            topic = next(g for g in tp.groups() if g)
            ev = evidence_for(at, m.block, m.start, m.end)
            talks.add(topic, [m.name], ev, m.block, confidence=0.6)
            have.add(m.name)


# "新良分享了Lustre对openEuler的启用及版本状态。": a short sentence that is all topic
_SHARED = re.compile(
    r"^\s*[，,]?\s*(?:在)?(?:分享了|介绍了|展示了|分享)\s*"
    r"(?!(?:他们|我们|自己|大家|如何|关于|一些|一下|其|该|这|了))"
    r"([^，,。；！？\n“”\"「」《》]{6,40}?)\s*(?:[。；]|[，,](?=\s*(?:探索|并|引发|帮助|为|旨在))|$)"
)


def _opens_sentence(text: str, start: int) -> bool:
    """The name starts its sentence (or a figure caption: '图3：国栋在分享…')."""
    s0, _ = sentence_at(text, start, start + 1)
    return bool(re.fullmatch(r"[\s>*]*(?:图\s*\d+\s*[:：]\s*)?", text[s0:start]))


_OTHER_AGENT = re.compile("邀请|请|由|与|和|及|同")  # '王立新邀请X，展示了': X is no subject


def _subject(text: str, start: int, person_starts=()) -> bool:
    """The name is its sentence's subject: it opens the sentence, or only its
    roles come before it ('openEuler 社区专家卢景晓，展示了…'), no other person."""
    if _opens_sentence(text, start):
        return True
    s0, _ = sentence_at(text, start, start + 1)
    before = text[s0:start]
    return not (
        re.search(r"[，,：:、]", before)
        or _SPOKE.search(before)
        or _TALK_CUE.search(before)
        or _OTHER_AGENT.search(before)
        or any(s0 <= p < start for p in person_starts)
    )


_SENTENCE_LINE = re.compile(
    r"[。！？!?；;]$|[。；]|(?<=[\u4e00-\u9fff])\.\s*$"
)  # (a CJK line ending with "." too)
_CAPTION_OR_ITEM = re.compile(r"^\s*(?:[▲△▼]|\d+\s*[）)、.])")
_COLON_END = re.compile(r"[：:]\s*$")


def _pseudo_heading(
    at: ArticleText, bi: int, ls: int, le: int, pats, res: Resources, persons
) -> bool:
    """A short standalone line that titles what follows (bold line, '议题：X')."""
    block = at.article.blocks[bi]
    if block.kind != "paragraph" or len(at.lines[bi]) != 1:
        return False
    line = at.texts[bi][ls:le].strip()
    if not 4 <= len(line) <= 60 or _SENTENCE_LINE.search(line):
        return False
    body = at.article.body
    start = block.offsets[0]
    bold = body[start : start + 2] in ("**", "__") or body[max(0, start - 2) : start] in (
        "**",
        "__",
    )
    if bold and bar_title(line, res, persons):
        return True  # '**张三｜题目**': a speaker and a title, not a speaker's card
    item = _CAPTION_OR_ITEM.match(line)
    if _label_people(line, res, pats, persons) or (item and not (bold and line[:1].isdigit())):
        return False  # a caption or an item; but '**1. 题目**' is a numbered title
    if any(p in line for p in persons):
        return False  # a caption or a sentence about someone, not a title
    if pats.title_label.match(line):
        return True
    nxt_kind = at.article.blocks[bi + 1].kind if bi + 1 < len(at.article.blocks) else ""
    if nxt_kind not in ("paragraph", "list_item") or _COLON_END.search(line):
        return False
    if bold:
        return True  # a bold line over a paragraph or a list ('- 主持人：…', '- 嘉宾：…')
    if nxt_kind != "paragraph":
        return False
    # a plain short line: a title only when the very next paragraph opens with its speaker
    follow = at.texts[bi + 1][:40]
    if _MODERATOR_LABEL.match(follow):
        return False  # '主持人：…' names who hosts, not who speaks
    return bool(_label_people(follow, res, pats, persons)) or any(
        p in follow and _SPEECH_WORD.search(at.texts[bi + 1][:80]) for p in persons
    )


_SPEECH = "分享|介绍|带来|讲解|解读|阐述|剖析|探讨|宣讲|演示|发表|围绕"
_SPEECH_WORD = re.compile(_SPEECH)


_NAME_OPENS = re.compile(rf"^\s*([{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)\s*[：:，,]")


def _titles_first(at: ArticleText, lines, res: Resources, persons, talks: _Talks) -> bool:
    """The article's first title label line comes before its first speaker label line
    (its cards read title, then speaker).  Title labels before the first speaker's
    section ('主题：…' of the event's own facts) are no card's."""
    if talks.titles_first is None:
        pats = patterns(res)
        titles = []
        speaker = len(lines)
        for li, (bi, ls, le) in enumerate(lines):
            line = at.texts[bi][ls:le]
            if pats.title_label.match(line):
                titles.append(li)
            if _label_person(line, res, pats, persons) or (
                (head := _NAME_OPENS.match(line)) and head.group(1) in persons
            ):
                speaker = li  # a speaker label, or 'NAME：ORG ROLE' opening a card
                break
        if speaker < len(lines):
            section = at.sections[lines[speaker][0]]
            titles = [li for li in titles if at.sections[lines[li][0]] == section]
        talks.titles_first = bool(titles)
    return talks.titles_first


def _title_label_near(
    at: ArticleText, lines, order, res: Resources, persons
) -> tuple[str, int] | None:
    """The value of the first title label line in ``order`` and how many lines away it
    is, stopping at a heading or at another speaker's line."""
    pats = patterns(res)
    for k, lj in enumerate(order):
        bj, s2, e2 = lines[lj]
        line = at.texts[bj][s2:e2]
        if at.article.blocks[bj].kind == "heading" or _label_person(line, res, pats, persons):
            return None
        tm = pats.title_label.match(line)
        if tm:
            return line[tm.end() :], k
    return None


_LABEL_SPLIT = re.compile(r"([、，,&/｜|；;（(：:]|\s{2,}|和|与)")  # separators kept
_NAME_SLASH = re.compile(rf"^\s*([{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)\s*[/｜|]")


def _label_people(text: str, res: Resources, pats, persons: set[str]) -> list[str]:
    """Names given by a speaker label line ('嘉宾：张三、李四，公司') or 'NAME/ORG/ROLE'."""
    # a label ends with a colon: most lines have none and skip the pattern's scan
    m = pats.speaker_label.search(text) if "：" in text or ":" in text else None
    if m:
        out = []
        for part in _LABEL_SPLIT.split(text[m.end() :]):
            part = part.strip()
            if not part or part in "、和与&":
                continue
            if part in "，,/｜|；;（(：:":
                if out:
                    break  # the organisation or role follows the names
                continue
            name = strip_titles(part, res)
            if name in persons or is_person_name(name, res):
                out.append(name)
            else:
                break
        if out:
            return out
    m = _NAME_SLASH.match(text)
    if m and (m.group(1) in persons or is_person_name(m.group(1), res)):
        return [m.group(1)]
    return []


def _label_person(text: str, res: Resources, pats, persons: set[str]) -> str | None:
    found = _label_people(text, res, pats, persons)
    return found[0] if found else None


_SECTION_TAIL = re.compile(
    r"(议题|议程|日程|回顾|简介|亮点|介绍|总结|花絮|预告|详情|嘉宾|合影|现场)$"
)
# a heading about the event's own parts ("议题回顾", "嘉宾介绍"), not a talk title
_TRACK_WORDS = re.compile(r"(?i)专场|分论坛|主线|环节|篇|track|主题日|分会场")
_SECTION_WORDS = re.compile(r"议题|议程|日程|嘉宾|活动|精彩|现场|讲师|会议")


_LEAD_LABEL = re.compile(r"^(.{1,14}?)[：:]")
_NAMES_TITLE = re.compile(
    rf"^\s*{ITEM_NUMBER}(?:议题\s*\d*\s*[：:]?\s*)?({NAME_LIST})\s*[：:]\s*(.+)$"
)
# "张三｜题目" and "题目｜张三": a speaker and a title parted by a bar
_NAMES_BAR = re.compile(rf"^\s*{ITEM_NUMBER}({NAME_LIST})\s*[|｜丨]\s*(.{{4,80}})$")
_BAR_NAMES = re.compile(rf"^\s*{ITEM_NUMBER}(.{{4,80}}?)\s*[|｜丨]\s*({NAME_LIST})\s*$")


def bar_title(line: str, res: Resources, persons) -> tuple[list[str], str] | None:
    """(speakers, title) of a line that is only known people and a title parted by one
    bar ('张三｜题目', '题目｜张三、李四'); None when the other side is a bio ('张三｜
    某某科技 工程师') or anything not a title."""
    if line.count("|") + line.count("｜") + line.count("丨") != 1:
        return None
    m = _NAMES_BAR.match(line)
    names, title = (m.group(1), m.group(2)) if m else ("", "")
    if not m:
        m = _BAR_NAMES.match(line)
        names, title = (m.group(2), m.group(1)) if m else ("", "")
    if not m:
        return None
    people = [strip_titles(p.strip(), res) for p in NAME_SEP.split(names) if p.strip()]
    title = title.strip()
    if not people or not all(p in persons for p in people):
        return None
    pats = patterns(res)
    if not title_ok(title) or pats.role_before.search(title) or pats.org_suffix.search(title):
        return None
    return people, title


_SPOKE = re.compile("介绍|讲解|解读|分享|阐述|剖析|探讨|宣讲|演示|发言|指出|表示|指导|带领|主持")
# a roundtable's heading: the people of its first sentence are the panellists, verb or not
_PANEL = re.compile(r"(?i)圆桌|对话|对谈|座谈|panel|fireside")
# the kind of session written before the title: "圆桌论坛：题目", "Keynote 主题演讲：题目"
_SESSION_LEAD = re.compile(
    r"(?i)^(?:keynote|panel|圆桌|主题演讲|主旨演讲|闪电演讲|专题分享|技术分享|特邀报告)[^：:]{0,8}[：:]\s*(?=\S)"
)


def _heading_talk(
    at,
    bi,
    people: dict[int, list[Mention]],
    res,
    talks: _Talks,
    section_words,
    persons,
    span: tuple[int, int] | None = None,
) -> None:
    blocks = at.article.blocks
    text = at.texts[bi] if span is None else at.texts[bi][span[0] : span[1]]
    tm = patterns(res).title_label.match(text)
    if tm and span is not None:
        first = talks.titles_first
        if first is None:
            first = _titles_first(at, list(at.iter_lines()), res, persons, talks)
        if not first:
            return  # cards read speaker, then title: the speaker's label line pairs them
        text = text[tm.end() :]
    stripped = _clean_title(text)
    if not stripped or stripped in section_words or len(stripped) <= 3:
        return
    if _ENUMERATION.search(stripped):
        return  # '首批加入的合作伙伴有：百度、博云、…': a list, not a title
    if _SECTION_TAIL.search(stripped) and (len(stripped) <= 6 or _SECTION_WORDS.search(stripped)):
        return
    lead = _LEAD_LABEL.match(stripped)
    if lead and _TRACK_WORDS.search(lead.group(1)) and not _PANEL.search(lead.group(1)):
        return  # "Tutorial专场：…", "主线二：…": a track that holds talks, not a talk
    if patterns(res).section_heading.fullmatch(stripped):
        return
    bar = bar_title(text, res, persons)
    if bar:
        # "姓名｜题目", "题目｜姓名"
        talks.add(bar[1], bar[0], evidence_for(at, bi, 0, len(text)), bi, confidence=0.85)
        return
    by = by_speakers(stripped, res)
    if by:
        # "题目 --by 姓名"
        talks.add(by[0], by[1], evidence_for(at, bi, 0, len(text)), bi, confidence=0.85)
        return
    # "姓名：题目"
    m = _NAMES_TITLE.match(text)
    if m:
        names = [strip_titles(p.strip(), res) for p in NAME_SEP.split(m.group(1))]
        names = [x for x in names if x in persons or is_person_name(x, res)]
        if names:
            alias = _quoted_in_section(at, bi, names)
            title = alias or m.group(2)
            talks.add(
                title,
                names,
                evidence_for(at, bi, 0, len(text)),
                bi,
                alias=m.group(2),
                quoted=alias is not None,
                confidence=0.9,
            )
            return
    # a heading that is a title: the speaker is named in the section's first blocks
    end = bi + 1
    while end < len(blocks) and blocks[end].kind != "heading":
        end += 1
    if (
        span is None
        and _FORUM_TITLE.search(stripped)
        and end < len(blocks)
        and blocks[end].level > blocks[bi].level
    ):
        return  # '# X Meetup 回顾' over '### Topic 1…': the event's title, its talks below
    if (
        _FORUM_TITLE.search(stripped)
        and len(stripped) >= 4
        and fold(stripped) in fold(at.article.title or "")
    ):
        return  # '## 某某开发者 MeetUp' under the article titled after it: the event itself
    pats = patterns(res)
    speakers: list[str] = []
    quoted = None
    # "## 【分享一】" / "## Part 1 | 社区进展", then the talk's title on a bold line of its own
    if span is None and (
        _SESSION_ONLY.fullmatch(stripped) or len(_SESSION_TAG.sub("", stripped)) <= 8
    ):
        for bj in range(bi + 1, min(end, bi + 3)):
            t = at.texts[bj]
            if not t.strip():
                continue
            if _pseudo_heading(
                at, bj, 0, len(t), pats, res, persons
            ) and not pats.title_label.match(t):
                quoted = t.strip().strip("*_《》「」“” ")
            break
    if span is None and quoted is None:
        # '### 《X 夜谈》第28期 - …' over '**题目**：…': the unit's own title label names it
        labelled = [
            t[tm.end() :].strip()
            for bj in range(bi + 1, min(end, bi + 4))
            if (tm := pats.title_label.match(t := at.texts[bj]))
        ]
        if len(labelled) == 1 and len(labelled[0]) >= 4:
            quoted = labelled[0]
    panel = _PANEL.search(stripped) is not None
    if panel:
        speakers = _panellists(at, bi, end, people)
    tag = _tag_of(text)
    for bj in range(bi + 1, min(end, bi + 5)) if not (speakers or panel) else ():
        t = at.texts[bj]
        if _MODERATOR_LABEL.match(t):
            continue  # '主持人：X' names who hosts, not who speaks
        if (
            span is not None
            and tag
            and _tag_of(t)
            and _pseudo_heading(at, bj, 0, len(t), pats, res, persons)
        ):
            break  # the next title line of the series ('【X】No.148 …'): what follows is its own
        lp = _label_people(t, res, pats, persons)
        if lp:
            speakers.extend(x for x in lp if x not in speakers)
            continue
        if speakers:
            break
        ppl = _people_in(people, bj)
        if not ppl:
            continue
        first = not any(at.texts[x].strip() for x in range(bi + 1, bj))
        if span is not None and first and ppl[0].start == 0:
            # '吴磊 蓝鲸科技工程师': the card's name and bio, a line for each speaker
            card = _card_lines(t, at.lines[bj], ppl, res)
            if card:
                speakers.extend(card)
                break
        s0, e0 = sentence_at(t, ppl[0].start, ppl[0].end)
        sent = t[s0:e0]
        if panel or _TALK_CUE.search(sent) or _SPOKE.search(sent):
            first_sent_people = [
                p.name
                for p in ppl
                if s0 <= p.start < e0
                and not (
                    _MODERATOR_AFTER.match(t, p.end)
                    or _MODERATOR_BEFORE.search(t[max(0, p.start - 14) : p.start])
                )  # 'Moderated by A, the panel featured B, C': A hosts
            ]
            speakers.extend(dict.fromkeys(first_sent_people))
            for q in QUOTED.finditer(sent) if quoted is None else ():
                # 《题目》, or 「…」/“…” right after a cue ('题为「…」', '分享了“…”')
                if q.group(1) or _QUOTE_LEAD.search(sent[max(0, q.start() - 12) : q.start()]):
                    quoted = next(g for g in q.groups() if g)
                    break
            break
    if speakers and span is not None and not quoted and not panel:
        have = {x for t in talks.items for x in t.speakers}
        if set(speakers) & have:
            return  # a line inside a talk already found: its summary, not another talk
    if speakers:
        title = quoted or _SESSION_LEAD.sub("", stripped)
        talks.add(
            title,
            list(dict.fromkeys(speakers)),
            evidence_for(at, bi, 0, len(text)),
            bi,
            alias=stripped,
            quoted=quoted is not None,
            confidence=0.7 if panel else 0.85,
        )
    elif _abstract_follows(at, bi, end):
        # an announcement: the talk's title, then "议题简介：…", speaker not named yet
        talks.add(stripped, [], evidence_for(at, bi, 0, len(text)), bi, confidence=0.5)


def _card_lines(text: str, lines, ppl: list[Mention], res: Resources) -> list[str]:
    """The speakers of a paragraph whose every line is 'NAME BIO' (short, a bio after
    the name), else []."""
    out = []
    for ls, le in lines:
        ls += len(text[ls:le]) - len(text[ls:le].lstrip())
        who = next((p for p in ppl if p.start == ls), None)
        if who is None or le - ls > 40 or not bio_only(text[who.end : le].strip(" ，,|｜/"), res):
            return []
        out.append(who.name)
    return out


_QUOTE_LEAD = re.compile(r"题为|以$|带来了?$|分享了?$|分享是$|题目是|主题是|主题为|演讲$|报告$")
# a heading that only numbers a session: '【分享一】', '▌议题二', 'Part 3', 'Session 2'
_SESSION_ONLY = re.compile(
    r"(?i)[【\[]?\s*▌?\s*(?:议题|分享|话题|主题|演讲|报告|part|session|topic|talk)\s*"
    r"[\d一二三四五六七八九十]{1,3}\s*[】\]]?"
)
_SESSION_TAG = re.compile(r"(?i)^\s*(?:part|session|topic|talk)\s*\d{1,2}\s*[|｜:：.-]?\s*")
# "由 X 主持", "X 主持了圆桌", "X 担任主持人", "主持人：X": the moderator, not a panellist
# '主持人：…', '- Moderator: …': a line naming who hosts
_MODERATOR_LABEL = re.compile(r"(?i)\s*(?:[-*+•]\s*)?(?:主持人|主持|moderator|host|mc)\s*[：:]")
_MODERATOR_AFTER = re.compile(r"\s*(?:\*\*)?\s*(?:主持|担任主持|担任本次主持)")
_MODERATOR_BEFORE = re.compile(
    r"(?:主持人|主持|Moderator|Host|(?i:moderated|hosted) by)\s*(?:[：:]|为|是)?\s*(?:\*\*)?\s*$"
)


def _panellists(at: ArticleText, bi: int, end: int, people) -> list[str]:
    """A roundtable's people: those of the first sentence naming any (verb or not) and
    of the list lines right after it ('四位嘉宾参与讨论：' + one per line), without the
    moderator when others are named."""
    found: list[str] = []
    moderators: set[str] = set()
    for bj in range(bi + 1, min(end, bi + 10)):
        t = at.texts[bj]
        ppl = _people_in(people, bj)
        kind = at.article.blocks[bj].kind
        if not ppl and _COLON_CLOSE.search(t) and not _GUEST_LABEL.search(t):
            break  # '用户组成员：' above other people's names
        if set(found) - moderators and kind != "list_item" and not (ppl and ppl[0].start == 0):
            if not ppl and _COLON_END.search(t):
                continue  # '嘉宾：' above the names
            break  # the list of panellists has ended
        if not ppl:
            continue
        s0, e0 = sentence_at(t, ppl[0].start, ppl[0].end)
        for p in ppl:
            if kind != "list_item" and not s0 <= p.start < e0:
                continue
            if _MODERATOR_AFTER.match(t, p.end) or _MODERATOR_BEFORE.search(
                t[max(0, p.start - 14) : p.start]
            ):
                moderators.add(p.name)
            if p.name not in found:
                found.append(p.name)
    panellists = [x for x in found if x not in moderators]
    return panellists or found


_COLON_CLOSE = re.compile(r"[：:]\s*(?:\*\*|__)?\s*$")
# a label above a roundtable's people: '对话嘉宾：', 'Panelists:'
_GUEST_LABEL = re.compile(r"(?i)嘉宾|讲者|panelist|speaker|出席|参与|对话人")
# a roundtable named in a sentence ('本次活动的圆桌讨论环节…'), and its topic after it
_PANEL_PHRASE = re.compile(
    r"(?i)圆桌(?:论坛|讨论|对话|会谈|交流|会议|环节)?|panel(?: discussion)?|对话环节|巅峰对话|高端对话"
)
_PANEL_TOPIC = re.compile(r"(?:围绕|就|以|聚焦)\s*[“\"「《]([^”\"」》]{4,40})[”\"」》]")


def _prose_panels(at: ArticleText, mentions: list[Mention], talks: _Talks) -> None:
    """A roundtable told in one sentence: its panellists are the people the sentence
    names besides the moderator ('圆桌讨论由主持人王立新主持，嘉宾张伟（…）、李娜（…）
    围绕“…”展开讨论'); two at least, none of them already a panellist of a talk."""
    have = {
        x
        for t in talks.items
        if any(_PANEL.search(title) for title in (t.title, *t.title_aliases))
        for x in t.speakers
    }
    by_block: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.type == "Person":
            by_block.setdefault(m.block, []).append(m)
    for bi, ppl in by_block.items():
        if len(ppl) < 2 or at.article.blocks[bi].kind == "heading":
            continue
        text = at.texts[bi]
        for pm in _PANEL_PHRASE.finditer(text):
            s0, e0 = sentence_at(text, pm.start(), pm.end())
            if e0 < len(text) and not any(s0 <= p.start < e0 for p in ppl):
                # '…的圆桌对话。甲担任主持，乙、丙参与讨论。': the people in the next sentence
                e0 = sentence_at(text, e0 + 1, e0 + 2)[1]
            names: list[str] = []
            for p in sorted(ppl, key=lambda p: p.start):
                if not s0 <= p.start < e0 or p.name in names:
                    continue
                if _MODERATOR_AFTER.match(text, p.end) or _MODERATOR_BEFORE.search(
                    text[max(0, p.start - 14) : p.start]
                ):
                    continue
                names.append(p.name)
            if (
                len(names) < 2
                or set(names) & have
                or any(len(set(names) & set(t.speakers)) >= 2 for t in talks.items)
            ):
                continue  # the roundtable of a heading, or a talk given together
            topic = _PANEL_TOPIC.search(text, pm.end(), e0)
            title = pm.group() + (f"：{topic.group(1)}" if topic else "")
            talks.add(title, names, evidence_for(at, bi, s0, e0), bi, confidence=0.6)
            have.update(names)
            break


_ABSTRACT_LABEL = re.compile(
    r"^\s*(?:议题|演讲|分享|报告|内容|话题)(?:简介|摘要|概要|介绍|大纲)\s*[：:]"
)


def _abstract_follows(at: ArticleText, bi: int, end: int) -> bool:
    """The first text after the heading (images aside) is the abstract of a talk."""
    for bj in range(bi + 1, min(end, bi + 3)):
        t = at.texts[bj].strip()
        if t:
            return bool(_ABSTRACT_LABEL.match(t))
    return False


_BOOK_TITLE = re.compile(r"《([^《》]{2,80})》")


def _quoted_in_section(at: ArticleText, bi: int, names: list[str]) -> str | None:
    """A 《…》 title given for the heading's speaker in the section's first paragraph."""
    blocks = at.article.blocks
    for bj in range(bi + 1, min(len(blocks), bi + 3)):
        if blocks[bj].kind == "heading":
            break
        t = at.texts[bj]
        q = _BOOK_TITLE.search(t)
        if (
            q
            and any(nm in t[: q.start()] for nm in names)
            and _TALK_CUE.search(t[q.end() : q.end() + 8] + t[max(0, q.start() - 8) : q.start()])
        ):
            return q.group(1)
    return None


_CELL_NAME = re.compile(rf"\s*([{CJK}]{{2,4}}|[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})\s+\S")


_ORG_COLUMN = re.compile(
    r"(?i)单位|公司|企业|机构|所属|company|organi[sz]ation|affiliation|employer"
)


def _speaker_cell(cell: str, res: Resources) -> str:
    """A speaker cell without its moderator ('主持：甲；嘉宾：乙、丙' -> '乙、丙')."""
    if "：" not in cell and ":" not in cell:
        return cell
    keep = []
    for seg in re.split(r"[；;]", cell):
        if _MODERATOR_LABEL.match(seg):
            continue
        label = patterns(res).speaker_label.match(seg)
        keep.append(seg[label.end() :] if label else seg)
    return "、".join(keep)


def _table_talks(at: ArticleText, res: Resources, talks: _Talks, persons: set[str]) -> None:
    """Agenda tables: a header row naming a title column and a speaker column."""
    blocks = at.article.blocks
    header: list[str] | None = None
    for bi, block in enumerate(blocks):
        if block.kind != "table_row":
            header = None
            continue
        cells = [c.strip() for c in at.texts[bi].split("|")]
        if header is None:
            header = cells
            continue
        # the title column: '题目' over '议题' when a table has both ('议题一 | 题目 | 嘉宾')
        ti = next(
            (i for i, h in enumerate(header) if re.search("(?i)主题|题目|Topic|Title|Talk", h)),
            next(
                (
                    i
                    for i, h in enumerate(header)
                    if re.search("(?i)议题|内容|议程|安排|环节|Session", h)
                ),
                None,
            ),
        )
        si = next(
            (
                i
                for i, h in enumerate(header)
                if re.search(
                    "(?i)嘉宾|讲师|演讲人|演讲者|分享人|分享者|报告人|发言人|Speaker|Presenter|讲者|主讲|姓名",
                    h,
                )
            ),
            None,
        )
        if ti is None or si is None or ti >= len(cells) or si >= len(cells):
            continue
        # an organisation column ('单位', 'Company') holds every speaker's employer
        oi = next((i for i, h in enumerate(header) if _ORG_COLUMN.search(h)), None)
        org_cell = cells[oi] if oi is not None and oi < len(cells) and oi not in (ti, si) else ""
        names = []
        for part in re.split(
            r"[、，,/&]|\s{2,}", BRACKET_NOTE.sub("", _speaker_cell(cells[si], res))
        ):
            x = strip_titles(part.strip(), res)
            if not (x in persons or is_person_name(x, res)):
                # '欧阳明轩 西安电子科技大学 博士研究生': the name, then who they are
                lead = _CELL_NAME.match(part)
                x = lead.group(1) if lead else ""
            if x and (x in persons or is_person_name(x, res)):
                names.append(x)
            elif part.strip():
                # the speaker column says a person stands here: a name-shaped string is one
                names.extend(n for n in slot_names(part, res)[0] if n not in names)
        if names and cells[ti]:
            ev = evidence_for(at, bi, 0, len(at.texts[bi]))
            # '吴磊（蓝鲸科技）' in the speaker cell, or the organisation column: the bio
            inner = BRACKET_NOTE.search(cells[si])
            bio = org_cell or (inner.group(1).strip() if inner and len(names) == 1 else "")
            bios = [(n, bi, bio) for n in names] if bio else None
            talks.add(cells[ti], names, ev, bi, table=True, confidence=0.9, bios=bios)


# ---------------------------------------------------------------- event
