"""Stage 4b: what the article is (its kind) and the events it covers: name, date, city,
venue and organisers, read from the whole article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources as _pkg

import yaml

from .mentions import CJK, ArticleText
from .model import Event, Evidence, Mention, Talk
from .resources import Resources, fold, to_simplified
from .talks import evidence_for, sentence_at

__all__ = ["KINDS", "document_kind", "find_event", "find_event_date", "find_city"]

KINDS = ("recap", "announcement", "report", "release", "interview", "other")

# ---------------------------------------------------------------------------
# places: the city gazetteer (extractor/data/cities.yaml)


@dataclass(frozen=True)
class _Places:
    forms: dict[str, str]  # any form (Simplified, case-folded for Latin) -> city
    pattern: re.Pattern[str]  # every city form and district, longest first
    districts: dict[str, str]
    regions: tuple[str, ...]
    online: re.Pattern[str]


@cache
def _places() -> _Places:
    """The city gazetteer, loaded once."""
    text = _pkg.files("extractor").joinpath("data/cities.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    forms: dict[str, str] = {}
    for city, aliases in (data.get("cities") or {}).items():
        for f in [city, *(aliases or [])]:
            forms[to_simplified(str(f)).lower()] = city
    districts = {str(k): str(v) for k, v in (data.get("districts") or {}).items() if v}
    keys = sorted({*forms, *districts}, key=len, reverse=True)
    # a Latin form must stand alone ("Xian" is not in "Xiangyang"); Chinese forms anywhere
    alts = [
        rf"(?<![A-Za-z]){re.escape(k)}(?![A-Za-z])" if k.isascii() else re.escape(k) for k in keys
    ]
    online = data.get("online") or []
    return _Places(
        forms,
        re.compile("|".join(alts), re.IGNORECASE),
        districts,
        tuple(data.get("regions") or ()),
        re.compile("|".join(re.escape(w) for w in online) or "(?!)"),
    )


def find_city(text: str) -> tuple[str, int, int] | None:
    """The first city ``text`` names (a district stands for its city), with its span.

    >>> find_city("活动在河南省郑州市信息产业大厦举办")
    ('郑州', 6, 9)
    >>> find_city("openEuler Workshop Hong Kong")[0], find_city("北京亦庄")[0]
    ('香港', '北京')
    >>> find_city("西安邮电大学")[0], find_city("Xianyang Lab") is None
    ('西安', True)
    """
    return _find_city(text)


@lru_cache(maxsize=16384)
def _find_city(text: str) -> tuple[str, int, int] | None:
    """:func:`find_city`, memoised: the same names and sentences are asked about again."""
    pl = _places()
    for m in pl.pattern.finditer(to_simplified(text)):
        key = m.group(0)
        city = pl.forms.get(key.lower()) or pl.districts.get(key)
        if city:
            return city, m.start(), m.end()
    return None


# ---------------------------------------------------------------------------
# dates

_DATE_FULL = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?!\d)\s*[日号]?"
)
# "12月8日", "8 月 6-8 日", "3月23日-3月24日": the first day
_DATE_MD = re.compile(
    r"(?<![\d年/.-])(\d{1,2})\s*月\s*(\d{1,2})\s*(?:[日号]|[-–—~～至到]\s*\d{1,2}\s*[日号])"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_RE = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?![a-z])"
)
# "March 23, 2024", "23 March 2024", "Mar. 23-24, 2024"
_DATE_EN = re.compile(
    rf"(?<![A-Za-z]){_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?,?\s+((?:19|20)\d{{2}})"
    rf"|(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE}\s*,?\s+((?:19|20)\d{{2}})",
    re.IGNORECASE,
)
_WEEKDAYS = "一二三四五六日天"
# days named relative to publication: "上周六", "昨日", "今天"
_DATE_REL = re.compile(
    rf"(上|本|这|下)(?:周|星期|礼拜)([{_WEEKDAYS}])|(昨日|昨天|前天|前日|今天|今日|明天|明日)"
)
_EVENT_CUE = re.compile(
    r"举办|举行|召开|开幕|落幕|帷幕|开展|开启|登陆|走进|于|在|时间|日期|当天|期间|活动|会议|Meetup|"
    r"大会|峰会|论坛|开播|直播|沙龙|相聚|齐聚|汇聚|见面"
)
_STRONG_CUE = re.compile(
    r"举办|举行|召开|开幕|落幕|帷幕|开展|登陆|走进|相聚|齐聚|汇聚|开讲|开播|Meetup|大会|峰会|论坛|沙龙"
)
# a date label ("会议时间：", "时间 |"), not of registration or a deadline
_DATE_LABEL = re.compile(
    r"(?:^|[\n|｜\\]|[-*•]\s)\s*[*【\[]*\s*(?:(?:活动|会议|大会|峰会|论坛|举办|举行|直播|Meetup|沙龙)\s*)?"
    r"(?:时间|日期|Date|Time|When)\s*[*】\]]*\s*[：:|｜]\s*[*]*\s*$",
    re.IGNORECASE,
)
# dates of other things: releases, deadlines, registration
_OTHER_DAY = re.compile(
    r"发布|发版|上线|截止|报名|提交|申请|注册|开源于|成立|加入|毕业|晋升|deadline|release|\bGA\b|版本|"
    r"入选|获得|获评|捐赠|孵化|签署|签约"
)
_OTHER_LABEL = re.compile(r"(?:报名|截止|发布|提交|申请|注册|更新|发表|完成|开放)\s*(?:时间|日期)")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


_ISO_IN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _meta_date(value: object) -> str | None:
    m = _ISO_IN.search(str(value)) if value else None
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _published(at: ArticleText) -> str | None:
    """The publication date: front matter, else a date at the start of the file name."""
    for key in ("date", "published", "publishDate", "pubDate", "created", "time"):
        iso = _meta_date(at.article.meta.get(key))
        if iso:
            return iso
    name = at.article.doc.rsplit("/", 1)[-1]
    m = re.match(r"((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)", name)
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _meta_texts(at: ArticleText) -> list[str]:
    """Summary fields of the front matter, read like the article's lead."""
    out = []
    for key in ("description", "summary", "abstract", "excerpt", "subtitle"):
        v = at.article.meta.get(key)
        if isinstance(v, str) and v.strip():
            # converted like the blocks: only a Traditional article is
            out.append(to_simplified(v.strip()) if at.converted else v.strip())
    return out


def _nearest_year(pub: str | None, month: int, day: int) -> str | None:
    """A month and day in the year that puts it nearest the publication date, a day
    before it preferred over one after (a recap published in January of a December
    event; an announcement published in December of a January one)."""
    if not pub:
        return None
    p = date.fromisoformat(pub)
    best: tuple[int, str] | None = None
    for year in (p.year - 1, p.year, p.year + 1):
        iso = _valid(year, month, day)
        if iso:
            delta = (date.fromisoformat(iso) - p).days
            cost = abs(delta) + (60 if delta > 0 else 0)
            if best is None or cost < best[0]:
                best = (cost, iso)
    return best[1] if best else None


def _year_hint(at: ArticleText, title: str) -> str | None:
    """A stand-in publication date from the first full date of the article, else the
    middle of a year its title names."""
    for text in [title, *_meta_texts(at), *at.texts[:80]]:
        for m in _DATE_FULL.finditer(text):
            iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    y = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", title)
    return f"{y.group(1)}-07-01" if y else None


def _relative(pub: str, m: re.Match[str]) -> str | None:
    """The day a relative word names, counted from the publication date."""
    d = date.fromisoformat(pub)
    if m.group(3):
        shift = {"昨": -1, "前": -2, "今": 0, "明": 1}[m.group(3)[0]]
        return (d + timedelta(days=shift)).isoformat()
    wd = min(_WEEKDAYS.index(m.group(2)), 6)  # 日/天: Sunday
    monday = d - timedelta(days=d.weekday())
    week = {"上": -7, "本": 0, "这": 0, "下": 7}[m.group(1)]
    return (monday + timedelta(days=week + wd)).isoformat()


def _clause(text: str, start: int, end: int) -> str:
    """The part of the sentence around [start, end) between commas."""
    s, e = sentence_at(text, start, end)
    lo = max([text.rfind(p, s, start) for p in "，,；;\n"] + [s - 1]) + 1
    his = [k for k in (text.find(p, end, e) for p in "，,；;\n") if k >= 0]
    return text[lo : min(his) if his else e]


def _date_rank(text: str, start: int, end: int, labelled_block: bool) -> int:
    """0 labelled, 1 an event sentence, 2 any other, 4 a date of something else."""
    before = text[max(0, start - 14) : start]
    if _OTHER_LABEL.search(before):
        return 4
    slot = re.search(r"([^\s：:|｜*]{1,4})(?:时间|日期)\s*[：:]\s*$", before)
    if slot and not re.search(
        r"活动|会议|大会|峰会|论坛|举办|举行|直播|Meetup|沙龙", slot.group(1)
    ):
        return 3  # "分享时间：", "展台开放时间：": a part of the event, not its day
    if labelled_block or _DATE_LABEL.search(text[max(0, start - 20) : start]):
        return 0
    clause = _clause(text, start, end)
    if _OTHER_DAY.search(clause) and not _STRONG_CUE.search(clause):
        return 4
    s, e = sentence_at(text, start, end)
    return 1 if _EVENT_CUE.search(text[s:e]) else 2


@dataclass(frozen=True)
class _Day:
    rank: int
    order: int
    iso: str
    source: int  # block index, or -1 for the front matter
    start: int
    end: int


_DATE_HEADING = re.compile(r"(?:活动|会议|大会)?(?:时间|日期)$")
# every date pattern needs a digit, and a relative day one of these characters
_DATE_HINT = re.compile(r"[\d周期拜昨前今明]")
_REL_HINT = re.compile("[周期拜昨前今明]")


_MONTH_LOW = re.compile("|".join(_MONTHS))


def _month_named(text: str) -> bool:
    """A month's English name may be in ``text`` (as _DATE_EN reads it, whose case-blind
    match also takes 'ſ' for 's'): a quick test before that slow pattern."""
    return bool(_MONTH_LOW.search(text.lower())) or "ſ" in text


def _days(at: ArticleText, pub: str | None, limit: int = 80) -> list[_Day]:
    """Every day the article states, ranked: labels, event sentences, others, other things."""
    title = to_simplified(at.article.title)
    real_pub = pub  # relative days count from a real publication date only
    if pub is None:
        # no publication date: a day without a year takes the year the article
        # states elsewhere (its first full date, or a year in the title)
        pub = _year_hint(at, title or _title(at))
    pub_year = int(pub[:4]) if pub else None
    texts = [(-2, title)] if title else []
    texts += [(-1, t) for t in _meta_texts(at)] + list(enumerate(at.texts[:limit]))
    first_heading = next((i for i, b in enumerate(at.article.blocks) if b.kind == "heading"), -3)
    out: list[_Day] = []
    prev_heading = ""
    for bi, text in texts:
        block = at.article.blocks[bi] if bi >= 0 else None
        heading_before = prev_heading
        if block is not None and block.kind == "heading":
            prev_heading = text.strip()
        if not _DATE_HINT.search(text):
            continue  # no digit and no relative day: no date to find
        labelled = bool(_DATE_HEADING.search(heading_before))
        # a day in the title names the event's day ("PMC 例会 2022-03-10")
        labelled = labelled or bi == -2 or (bi == first_heading and not title)
        if block is not None and block.kind != "heading" and prev_heading and bi > 0:
            # only the block right under a "## 活动时间" heading is labelled by it
            if at.article.blocks[bi - 1].kind != "heading":
                labelled = False
        found: list[tuple[int, int, str]] = []
        for m in _DATE_FULL.finditer(text) if "20" in text or "19" in text else ():
            iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                found.append((m.start(), m.end(), iso))
        for m in _DATE_EN.finditer(text) if _month_named(text) else ():
            mon, day, year = (m.group(1), m.group(2), m.group(3))
            if mon is None:
                day, mon, year = m.group(4), m.group(5), m.group(6)
            iso = _valid(int(year), _MONTHS.index(mon[:3].lower()) + 1, int(day))
            if iso:
                found.append((m.start(), m.end(), iso))
        taken = [(s, e) for s, e, _ in found]
        if pub_year is not None:
            for m in _DATE_MD.finditer(text) if "月" in text else ():
                if any(s <= m.start() < e for s, e in taken):
                    continue
                mo, d = int(m.group(1)), int(m.group(2))
                # the year nearest publication, or the one the article states
                iso = _nearest_year(pub, mo, d) if real_pub else _valid(pub_year, mo, d)
                if iso:
                    found.append((m.start(), m.end(), iso))
            for m in _DATE_REL.finditer(text) if _REL_HINT.search(text) else ():
                clause = _clause(text, m.start(), m.end())
                ss, se = sentence_at(text, m.start(), m.end())
                lead_in = text[ss : m.start()].strip(" *（(")
                if (
                    real_pub
                    and _STRONG_CUE.search(text[ss:se])
                    and not _OTHER_DAY.search(clause)
                    and re.fullmatch(r"[^，。,]{0,30}?(?:已于|于|在|是)?", lead_in)
                ):
                    iso = _relative(real_pub, m)
                    # "已于上周六（8 月 21 日）": the stated day follows
                    if not _DATE_MD.match(text, m.end() + 1):
                        found.append((m.start(), m.end(), iso))
        for s, e, iso in sorted(found):
            rank = _date_rank(text, s, e, labelled)
            out.append(_Day(rank, len(out), iso, bi, s, e))
    return out


def find_event_date(at: ArticleText) -> str | None:
    """The day the event took place.

    Labelled days ("活动时间：…") first, then the first day of an event sentence, a
    ``time:`` front-matter field that differs from the publication date, any other
    day the text states, and last the publication date.  Days of releases,
    deadlines and registration lose to all of them.  A day without a year takes it
    from the publication date (front matter or a date leading the file name).

    >>> from extractor.article import parse_article
    >>> from extractor.mentions import prepare
    >>> art = parse_article("---\\ndate: '2024-03-26'\\n---\\n\\n上周六，Meetup 在北京举办。", doc="a.md")
    >>> find_event_date(prepare(art))
    '2024-03-23'
    """
    return _event_day(at)[0]


_EVENT_DATE_KEYS = (
    "event_date",
    "eventDate",
    "event-date",
    "event_time",
    "eventTime",
    "start_date",
    "startDate",
    "start",
)


def _event_day(at: ArticleText) -> tuple[str | None, _Day | None]:
    pub = _published(at)
    days = _days(at, pub)
    best = min(days, key=lambda d: (d.rank, d.order)) if days else None
    for key in _EVENT_DATE_KEYS:
        stated = _meta_date(at.article.meta.get(key))
        if stated:
            return stated, None  # a field that names the event's own day
    meta_time = _meta_date(at.article.meta.get("time"))
    meta_date = _meta_date(at.article.meta.get("date"))
    if meta_time and meta_time != meta_date and (best is None or best.rank > 1):
        return meta_time, None
    if best is not None and best.rank < 4:
        return best.iso, best
    return pub, None


# ---------------------------------------------------------------------------
# what the article is


def _lead(at: ArticleText, n: int = 4) -> str:
    """The summary fields and the first ``n`` paragraphs, where an article says what it is."""
    paras = [t for b, t in zip(at.article.blocks, at.texts, strict=False) if b.kind != "heading"]
    return "\n".join(_meta_texts(at) + paras[:n])


def _title(at: ArticleText) -> str:
    """The title (front matter, else the first top-level heading), Simplified."""
    title = at.article.title
    if not title:
        for b, t in zip(at.article.blocks, at.texts, strict=False):
            if b.kind == "heading" and b.level <= 1:
                return to_simplified(t.strip())
    return to_simplified(title.strip().strip("#").strip())


def _cue_re(res: Resources, key: str) -> re.Pattern[str]:
    """Any cue word of ``key`` in cues.yaml, longest first."""
    return _alternation(tuple(res.cues.get(key, [])))


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(alt or "(?!)", re.IGNORECASE)


def document_kind(at: ArticleText, talks: list[Talk], res: Resources) -> str:
    """What the article is: recap, announcement, report, release, interview or other.

    From the title first, then the lead paragraphs: a report (月报, 周报, 运营报告)
    or release note (发布, 版本) unless it names an event; an interview (访谈,
    专访); an announcement (报名, 即将, 预告, or a future tense: 将于 … 举办); a
    recap (回顾, 圆满结束, 落下帷幕, or a past tense: 已于 … 举办).

    >>> from extractor.article import parse_article
    >>> from extractor.mentions import prepare
    >>> from extractor.resources import get_resources
    >>> def kind(title, body):
    ...     art = parse_article(f"---\\ntitle: '{title}'\\n---\\n\\n{body}", doc="a.md")
    ...     return document_kind(prepare(art), [], get_resources())
    >>> kind("X Meetup 北京站报名开启", "欢迎参加。"), kind("X 社区 4 月月报", "本月数据。")
    ('announcement', 'report')
    >>> kind("X Meetup 北京站", "3 月 2 日，X Meetup 在北京圆满举办。")
    'recap'
    """
    title = _title(at)
    lead = _lead(at)
    eventish = any(w in title for w in _event_words(res) if len(w) > 1)
    report = _cue_re(res, "kind_report")
    release = _cue_re(res, "kind_release")
    interview = _cue_re(res, "kind_interview")
    announce = _cue_re(res, "kind_announcement")
    recap = _cue_re(res, "kind_recap")
    if report.search(title) and not (eventish and recap.search(title)):
        return "report"
    if _cue_re(res, "kind_report_weak").search(title) and not eventish:
        return "report"
    if re.search(r"访谈|专访|采访|Interview", title, re.IGNORECASE) and not recap.search(title):
        return "interview"
    if announce.search(title) and not recap.search(title):
        return "announcement"
    if recap.search(title):
        return "recap"
    if interview.search(title) and not eventish:
        return "interview"  # "对话 X": a conversation, unless an event is titled
    if release.search(title) and not eventish:
        return "release"
    future = re.search(
        r"将(?:于|在)[^。！]{0,40}?(?:举办|举行|召开|开幕|开启|开讲|进行|开播)|将(?:邀请|带来|迎来)",
        lead,
    )
    # headings of the first blocks too ("## 01 报 名 通 道")
    heads = "".join(
        re.sub(r"\s+", "", t)
        for b, t in zip(at.article.blocks[:8], at.texts[:8], strict=False)
        if b.kind == "heading"
    )
    past = re.search(
        r"(?:已于|已在|(?<!将)于)[^。！]{0,40}?(?:举办|举行|召开|落幕|结束|开展)|圆满|成功举办|顺利举办|落下帷幕",
        lead,
    )
    past = past or any(
        "将" not in lead[max(0, m.start() - 12) : m.start()]
        for m in re.finditer(r"\d\s*日[^。！将]{0,60}?(?:举办|举行|召开|落幕|开幕|结束)", lead)
    )
    if (announce.search(lead) or announce.search(heads) or future) and not past:
        return "announcement"
    if eventish or talks or past:
        return "recap"
    if re.search(r"月报|周报|双周报|年报|运营报告", lead[:200]):
        return "report"
    if release.search(lead[:200]):
        return "release"
    return "other"


# ---------------------------------------------------------------------------
# the event's name

_WEAK_EVENT_WORDS = {"活动", "专场", "展会", "发布会", "会议", "Day", "周"}


def _title_name(at: ArticleText, res: Resources) -> tuple[str, str]:
    """(the part of the title that names the event, the title) in the article's script."""
    title = at.article.title
    if not title:
        for b, t in zip(at.article.blocks, at.texts, strict=False):
            if b.kind == "heading" and b.level <= 1:
                title = t
                break
    original = title.strip().strip("#").strip()
    title = to_simplified(original)
    if not title:
        return "", ""
    tails = sorted(
        [*res.cues.get("title_tail_words", []), *res.cues.get("event_title_tails", [])],
        key=len,
        reverse=True,
    )
    words = _event_words(res)
    parts = [
        p.strip() for p in re.split(r"\s*[|｜]\s*|\s*[：:]\s*|\s+[-—–]+\s+|——", title) if p.strip()
    ]
    # a part that is only a cue ("直播预告", "活动回顾") names nothing
    bare = [p for p in parts if len(_cut_tails(p, tails)) > 2]
    parts = bare or parts
    # within a part, the clause with the event ("X 峰会圆满结束，Y 得到认可")
    parts = [
        next(
            (c for c in re.split(r"[，,！!？?]", p) if any(w in c for w in words if len(w) > 1)), p
        )
        for p in parts
    ]
    # keep the part that names the event
    strong = [w for w in words if len(w) > 1 and w not in _WEAK_EVENT_WORDS]
    weak = [w for w in words if len(w) > 1 and w in _WEAK_EVENT_WORDS]
    best = next((p for p in parts if any(w in p for w in strong)), None)
    if best is None:
        best = next((p for p in parts if any(w in p for w in weak)), None)
    name = best or parts[0] if parts else title
    # "超聚变成功举办 X 技术委员会会议": the side of the verb that names the event
    pieces = [p.strip() for p in _alternation_exact(tuple(tails)).split(name)]
    named = [p for p in pieces if any(w in p for w in strong + weak)]
    name = max(named, key=len) if len(pieces) > 1 and named else _cut_tails(name, tails)
    name = name or title
    # "openEuler 亮相第四届 X 大会", "… 亮相 LEAP East 2026": what the subject appears at
    seen = re.search(r"(?:亮相|出席|受邀参加|参加|参与|闪耀|登台)(?:于)?\s*", name)
    rest = re.split(r"[，,！!？?]", name[seen.end() :])[0].strip() if seen else ""
    if rest and (
        any(w in rest for w in strong + weak) or re.fullmatch(r"[A-Za-z][\w .&+-]*\d{4}", rest)
    ):
        name = rest
    # "X Workshop 香港站带你走进开源实践": the name ends with its stop
    stop = re.search(r"站(?=[\u4e00-\u9fff]{4,})", name)
    if stop and not any(w in name[stop.end() :] for w in strong + weak):
        name = name[: stop.end()]
    # report the name in the article's own script (the simplified copy has the same length)
    k = title.find(name)
    found = original[k : k + len(name)] if k >= 0 and len(title) == len(original) else name
    return found, original


@cache
def _alternation_exact(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words``, in the order given, compiled once per word list."""
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def _event_words(res: Resources) -> list[str]:
    """Words that make a title name an event: the shared list and the event stage's own."""
    return [*res.cues.get("event_words", []), *res.cues.get("event_words_extra", [])]


def _cut_tails(name: str, tails: list[str]) -> str:
    """A title part without the words that say what happened to the event."""
    for t in tails:
        name = name.replace(t, "")
    return re.sub(r"[!！。，,？?]+$", "", name).strip()


def _is_headline(title: str, res: Resources) -> bool:
    """A headline rather than a name: figures and exclamations ("610万套！36.8%！第一！")
    or no word that names an event at all."""
    words = [w for w in _event_words(res) if len(w) > 1]
    if not any(w in title for w in words):
        return True
    bangs = len(re.findall(r"[!！]", title))
    figures = len(re.findall(r"\d+(?:\.\d+)?\s*[%％万亿]", title))
    return bangs >= 2 or figures >= 2


# an event named in a sentence: "…的第二十届XX论坛在大连召开", "“X Meetup（哈尔滨站）”活动"
_HOST_VERB = re.compile(
    r"(?:已于|于|在|将于|将在|正式|成功|顺利|圆满|隆重|盛大|如期|首次)?[^，。；]{0,30}?"
    r"(?:举办|举行|召开|开幕|落幕|开展|拉开帷幕|落下帷幕|启幕|开启)"
)


@cache
def _event_word_patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any of ``words``, a quoted span holding one), compiled once per word list."""
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(alt), re.compile(r"[“\"「《]([^”\"」》]{2,80})[”\"」》]")


# what may follow an event's name in the sentence that says it took place
_AFTER_NAME = re.compile(
    r"(?:\s*\d{4})?(?:[（(][^）)]{1,8}站[）)])?\s*"
    r"(?=已于|于|在|将于|将在|正式|成功|顺利|圆满|隆重|盛大|如期|举办|举行|召开|开幕|落幕|拉开帷幕|落下帷幕)"
)
# characters an event's name does not run back over
_NAME_STOP = set('，。；、“”"《》「」的了由在于是与和及：:！!？?（()）,;\n')


def _body_events(
    at: ArticleText, res: Resources, limit: int = 60
) -> list[tuple[str, int, int, int]]:
    """Event names the text states: (name, block, start, end), in order of appearance.

    A quoted name holding an event word in a sentence saying it took place
    ("“X Meetup（哈尔滨站）”活动在…成功举办"), or the words before an event word that
    the sentence says took place ("…指导的第二十届X论坛在大连召开").
    """
    words = tuple(
        sorted(
            (w for w in _event_words(res) if len(w) > 1 and w not in _WEAK_EVENT_WORDS),
            key=len,
            reverse=True,
        )
    )
    if not words:
        return []
    word_re, quoted = _event_word_patterns(words)
    out = []
    texts = [(-1, t) for t in _meta_texts(at)] + list(enumerate(at.texts[:limit]))
    for bi, text in texts:
        if not word_re.search(text):
            continue
        for m in quoted.finditer(text):
            if word_re.search(m.group(1)):
                s, e = sentence_at(text, m.start(1), m.end(1))
                if _HOST_VERB.search(text[s:e]):
                    out.append((m.group(1).strip(), bi, m.start(1), m.end(1)))
        for m in word_re.finditer(text):
            after = _AFTER_NAME.match(text, m.end())
            if not after:
                continue
            end = after.end()
            s, e = sentence_at(text, m.start(), end)
            if not _HOST_VERB.search(text, end, e):
                continue
            k = m.start()
            while k > s and m.start() - k < 40 and text[k - 1] not in _NAME_STOP:
                k -= 1
            name = text[k:end].strip()
            name = re.sub(r"^(?:本次|此次|这次|该|本届|此)", "", name).strip()
            if len(name) >= 4 and name not in words:
                st = text.find(name, k)
                out.append((name, bi, st, st + len(name)))
    return out


def _named_by_subject(at: ArticleText) -> str | None:
    """'X 将于 DATE 在上海组织一次会议': an event the text names only by host, city and kind."""
    for text in _meta_texts(at) + at.texts[:6]:
        m = re.search(
            r"^([^，。；]{2,60}?)\s*(?:将于|于|已于)[^，。；]{0,30}?在\s*([^，。；\s]{2,8}?)\s*"
            r"(?:组织|举办|举行|召开)(?:一次|一场|首次|本次)?\s*([^，。；\s]{0,8}?(?:会议|Meetup|聚会|沙龙|交流会|活动))",
            text,
        )
        if m:
            hit = find_city(m.group(2))
            if hit:
                return f"{m.group(1).strip()} {hit[0]}{m.group(3)}"
    return None


# ---------------------------------------------------------------------------
# the event


def find_event(
    at: ArticleText,
    mentions: list[Mention],
    talks: list[Talk],
    res: Resources,
    kind: str | None = None,
) -> Event | None:
    """The event the article is about (recap or announcement), or None for reports,
    release notes and articles about no event.

    ``Event.events`` lists every event an article covering several of them names
    (the main one first); ``Event.venue`` is the place inside the city.

    >>> from extractor.article import parse_article
    >>> from extractor.mentions import find_mentions, prepare
    >>> from extractor.resources import get_resources
    >>> res = get_resources()
    >>> text = ("---\\ntitle: 'X Meetup 西安站回顾'\\ndate: '2026-04-22'\\n---\\n\\n"
    ...         "4 月 18 日，X Meetup 在西安邮电大学圆满落幕。本次活动由浙江大学、华为联合主办。")
    >>> at = prepare(parse_article(text, doc="a.md"))
    >>> ev = find_event(at, find_mentions(at, res), [], res)
    >>> ev.name, ev.date, ev.city, ev.venue, ev.organizers
    ('X Meetup 西安站', '2026-04-18', '西安', '西安邮电大学', ['浙江大学', '华为'])
    """
    if kind is None:
        kind = document_kind(at, talks, res)
    if kind in ("report", "release"):
        return None
    name, title = _title_name(at, res)
    stitle = to_simplified(title)
    eventish = any(w in stitle for w in _event_words(res) if len(w) > 1)
    non_event = any(w in stitle for w in res.cues.get("non_event_words", []))
    stated = _body_events(at, res)
    headline = not stitle or _is_headline(stitle, res)
    if headline and stated:
        name = at.original(stated[0][0])
    elif not stitle:
        name = _named_by_subject(at) or (at.original(stated[0][0]) if stated else "")
    if not (eventish or stated or talks) and (non_event or kind != "announcement"):
        return None
    if not name:
        subject = _named_by_subject(at)
        if subject is None:
            return None
        name = subject
    ev_date, day = _event_day(at)
    city, venue = _event_place(at, mentions, name, res)
    organizers, evidence = _organizers(at, mentions, res, name)
    if day is not None and day.source >= 0:
        # the sentence that states the day, after the organisers' sentences
        said = evidence_for(at, day.source, day.start, day.end)
        if all(said.sentence != ev.sentence for ev in evidence):
            evidence.append(said)
    others = _other_events(at, stated + _heading_events(at, res), name, ev_date, city)
    return Event(name or title, ev_date, city, organizers, evidence, venue=venue, events=others)


_SECTION_WORD = re.compile(
    r"纪要|议程|日程|议题|回顾|介绍|简介|时间|地点|报名|总结|亮点|嘉宾|Minute|Agenda|Schedule",
    re.IGNORECASE,
)


def _heading_events(at: ArticleText, res: Resources) -> list[tuple[str, int, int, int]]:
    """A digest's sections: a heading naming an event ('## 2. X Meetup 北京站'), with the
    span of the block that states its day (the heading or one of the two after it)."""
    strong = [w for w in _event_words(res) if len(w) > 1 and w not in _WEAK_EVENT_WORDS]
    tails = [*res.cues.get("title_tail_words", []), *res.cues.get("event_title_tails", [])]
    sections = set(res.cues.get("section_headings", []))
    out = []
    blocks = at.article.blocks
    for hi, b in enumerate(blocks):
        if b.kind != "heading" or b.level < 2 or not any(w in at.texts[hi] for w in strong):
            continue
        name = re.sub(r"^[\s\d一二三四五六七八九十、.．)）]+", "", at.texts[hi]).strip()
        name = _cut_tails(name, sorted(tails, key=len, reverse=True))
        if len(name) < 4 or name.rstrip(":：") in sections or _SECTION_WORD.search(name):
            continue  # "会议纪要", "活动议程": a part of one event
        for bi in range(hi, min(hi + 3, len(blocks))):
            if bi > hi and blocks[bi].kind == "heading":
                break
            said = bi == hi or _STRONG_CUE.search(at.texts[bi])
            if said and (_DATE_FULL.search(at.texts[bi]) or _DATE_MD.search(at.texts[bi])):
                out.append((name, bi, 0, len(at.texts[bi])))
                break
    return out


def _other_events(
    at: ArticleText,
    stated: list[tuple[str, int, int, int]],
    name: str,
    day: str | None,
    city: str | None,
) -> list[Event]:
    """Every event the article covers when it covers several: each with a day stated in
    its own sentence or section; the main one first.  Empty when the article covers one."""
    seen = [fold(name)]
    extra: list[Event] = []
    pub = _published(at)
    for nm, bi, s, e in stated:
        f = fold(nm)
        if bi < 0 or any(f in x or x in f for x in seen):
            continue
        text = at.texts[bi]
        ss, se = sentence_at(text, s, e)
        days = [d for d in _days_in(text[ss:se], pub) if d != day]
        if not days or any(x.date == days[0] for x in extra):
            continue  # the same event named again
        seen.append(f)
        hit = find_city(text[ss:se])
        extra.append(Event(at.original(nm), days[0], hit[0] if hit else None))
    if not extra:
        return []
    return [Event(name, day, city), *extra]


def _days_in(text: str, pub: str | None) -> list[str]:
    out = []
    for m in _DATE_FULL.finditer(text):
        iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            out.append(iso)
    if pub and not out:
        for m in _DATE_MD.finditer(text):
            iso = _nearest_year(pub, int(m.group(1)), int(m.group(2)))
            if iso:
                out.append(iso)
    return out


# ---------------------------------------------------------------------------
# city and venue

_PLACE_VERB = re.compile(
    r"在\s*([^，。；、！\s“”]{2,40}?)\s*(?:成功|顺利|圆满|隆重|正式|盛大|如期|火热|精彩|胜利|首次)?\s*"
    r"(?:举办|举行|召开|开幕|落幕|开展|拉开帷幕|落下帷幕|启幕|开讲|进行)"
)
_PLACE_LABEL_HINT = re.compile("地点|地址|场地|会场|Venue|Location|Where", re.IGNORECASE)
_PLACE_LABEL = re.compile(
    r"(?<!报名)(?<!直播)(?<!视频)(?<!回放)(?<!网络)(?:活动|举办|大会)?"
    r"(?:地点|地址|场地|会场|Venue|Location|Where)\s*[：:|｜]\s*(?!\s*http)([^\n|｜]+)",
    re.IGNORECASE,
)


def _strip_regions(place: str) -> str:
    """A venue as written, without the province and city written before it as an
    address ('河南省郑州市信息产业大厦' -> '信息产业大厦'); a place named after its city
    keeps it ('西安邮电大学', '上海大华虹桥假日酒店')."""
    out = place.strip(" ·•,，")
    m = re.match(r"[^\s市]{2,3}省", out)
    if m:
        out = out[m.end() :]
    for region in sorted(_places().regions, key=len, reverse=True):
        if out.startswith(region):
            # "辽宁大连" -> "大连"; "黑龙江鲲鹏生态创新中心" keeps its region
            rest = out[len(region) :].lstrip("省")
            hit = find_city(rest)
            if not rest or (hit and hit[1] == 0):
                out = rest
            break
    m = re.match(r"([^\s省]{2,4})市(?!场)", out)
    if m and find_city(m.group(1)):
        out = out[m.end() :]
    return out.strip(" ·•,，")


def _online(text: str) -> bool:
    """Online only: an online word, and no sign of a room ('线上+线下')."""
    if not _places().online.search(text):
        return False
    return not re.search("线下|现场|会场|offline|Offline", text)


def _event_place(
    at: ArticleText, mentions: list[Mention], name: str, res: Resources
) -> tuple[str | None, str | None]:
    """(city, venue): the city from the gazetteer, the venue inside it, or (None, None)
    for an event held online only."""
    venue = None
    meta = at.article.meta
    meta_loc = next(
        (meta[k] for k in ("city", "location", "place", "venue", "address") if meta.get(k)), ""
    )
    meta_loc = to_simplified(meta_loc) if isinstance(meta_loc, str) else ""
    # a label line "地点：…" states the place
    label_place = None
    for text in at.texts[:40]:
        lm = _PLACE_LABEL.search(text) if _PLACE_LABEL_HINT.search(text) else None
        if lm:
            label_place = lm.group(1).strip()
            break
    # a sentence "在 X 举办"
    said_place = None
    for text in _meta_texts(at) + at.texts[:12]:
        pm = _PLACE_VERB.search(text)
        if pm:
            said_place = pm.group(1)
            break
    if said_place and label_place is None:
        v = _strip_regions(said_place)
        hit = find_city(v)
        # a city alone, or with its country or province before it ("英国爱丁堡")
        only_city = bool(hit and hit[1] <= 3 and hit[2] >= len(v) - 1)
        if v and not only_city and not _online(v) and len(v) >= 3:
            venue = at.original(v)
    if label_place:
        v = _strip_regions(re.split(r"[\s（(]{2,}|[（(]", label_place)[0] or label_place)
        venue = at.original(v) if v and not _online(v) else None
    # the event's own name often carries its city ("… 香港站")
    hit = find_city(name)
    if hit:
        return hit[0], venue
    if _online(name) or _online(meta_loc):
        return None, None
    for place in (meta_loc, label_place, said_place):
        if place:
            if _online(place):
                return None, None
            hit = find_city(place)
            if hit:
                return hit[0], venue
    # an online-only event: its first sentence says so
    for text in _meta_texts(at)[:1] + at.texts[:3]:
        m = re.search(
            r"(?:在线|线上|直播|云上)(?:举办|举行|召开|进行|开播)|通过(?:腾讯会议|Zoom|直播)", text
        )
        if m and not re.search("线下|现场", text):
            return None, venue
    locs = [m for m in mentions if m.type == "Location"]
    first_blocks = {i for i, b in enumerate(at.article.blocks[:8]) if b.kind != "heading"}
    for m in locs:
        if m.block in first_blocks:
            t = at.texts[m.block]
            s, e = sentence_at(t, m.start, m.end)
            if re.search("举办|举行|召开|登陆|走进|在|于|站|地点", t[s:e]):
                hit = find_city(m.surface) or find_city(m.name)
                if hit:
                    return hit[0], venue
                if venue is None and m.source == "venue":
                    venue = m.surface
    return None, venue


# ---------------------------------------------------------------------------
# organisers


def _organizers(
    at: ArticleText, mentions: list[Mention], res: Resources, name: str = ""
) -> tuple[list[str], list[Evidence]]:
    """Organisations the text says host, organise, co-organise, undertake or sponsor the
    event: labels ('主办方：A、B'), lists under an organiser heading, sentences ('由 A、B
    联合主办', 'A 携手 B、C 举办').  The article's own community counts only where a
    label or a 主办/承办/协办 sentence lists it with others."""
    orgs: list[str] = []
    evs: list[Evidence] = []
    aliases: set[str] = set()
    spans_of: tuple | None = None  # the mentions by block, built once a block needs them
    cue_re = _organizer_cue(res)
    heading_list = _heading_windows(at, res)
    for bi, text in enumerate(at.texts):
        # (lo, hi, a label lists them, where the cue word starts, communities count)
        windows: list[tuple[int, int, bool, int, bool]] = list(heading_list.get(bi, []))
        for cm in cue_re.finditer(text):
            cue = cm.group(1)
            if cue.startswith("指导"):
                continue
            if (
                cue == "支持"
                and not cm.group(2)
                or re.search(r"(?:场地|媒体|直播|技术|宣传)$", text[: cm.start()])
            ):
                continue  # "场地支持：", "媒体合作伙伴": helpers, not hosts
            s, e = sentence_at(text, cm.start(), cm.end())
            after = text[cm.end() :]
            cell = at.article.blocks[bi].kind == "table_row" and re.match(r"\s*[|｜]\s*", after)
            if cell:
                # "| 主办方 | A、B |": the next cell lists them
                lo = cm.end() + cell.end()
                nxt = re.search(r"[|｜\n]", text[lo:])
                windows.append((lo, lo + nxt.start() if nxt else len(text), True, cm.start(), True))
                continue
            label = bool(
                re.match(r"\s*[：:]", after)
                or (cm.group(2) and re.match(r"\s*(?:[，,]|为|是)", after))
            )
            if label and re.match(r"\s*(?:[，,]|为|是)", after):
                # "本次 Meetup 的协办方，OSCA-HK 的创始人…": the label's clause
                nxt = re.search(r"[，,。；;]", text[cm.end() + 1 : e])
                hi = cm.end() + 1 + nxt.start() if nxt else e
                windows.append((cm.end(), hi, True, -1, True))
                continue
            if label:
                # a label's list ends with its line or where the next label starts
                # ("主办：A、B 场地支持：C\n媒体合作伙伴：D")
                nxt = _NEXT_LABEL.search(text, cm.end() + 1, e)
                windows.append((cm.end(), nxt.start() if nxt else e, True, cm.start(), True))
                continue
            if cue in _LABEL_ONLY and not (
                cue == "赞助" and "由" in text[max(s, cm.start() - 40) : cm.start()]
            ):
                continue  # "场地支持", "赞助": hosts only as labels, or "由 X 赞助"
            if cue.endswith("发起") and re.match(
                r"\s*(?:了|一个|一次|一项)?\s*(?:讨论|PR|pr|Issue|issue|投票|提案|请求|话题|问题|倡议|申请|合并|评审)",
                after,
            ):
                continue  # "发起讨论": not an event
            if cue.endswith("发起") and re.search(
                r"于\s*\d{4}\s*年(?!\s*\d)", text[s : cm.start()]
            ):
                continue  # "由 X 于 2011 年发起的": the founding of a project
            # organisations in the clause before the cue word
            clause_s = max(s, max((text.rfind(p, s, cm.start()) for p in "，,；;"), default=s) + 1)
            hosts = cue.endswith(("主办", "承办", "协办", "合办")) or (
                cue.endswith(("发起", "举办")) and _listed(text[clause_s : cm.start()])
            )
            windows.append((clause_s, cm.end(), False, cm.start(), hosts))
        # "KubeSphere 社区联合青云科技举办": the partners named after 联合 / 携手
        joint = "联合" in text or "携手" in text or ("与" in text and "共同" in text)
        for jm in _JOINT_HOST.finditer(text) if joint else ():
            g = 1 if jm.group(1) is not None else 2
            if not re.match(r"创新|实验室|研究|会|体|国|办|学院|中心", jm.group(g)):
                windows.append((jm.start(g), jm.end(g), False, -1, False))
        if not windows:
            continue
        if spans_of is None:
            spans_of = _by_block(mentions)
        by_block, all_spans, name_spans = spans_of
        for lo, hi, label, cue_at, hosts in sorted(windows):
            block_ms = by_block.get(bi, [])
            taken: list[Mention] = []
            spans: list[tuple[int, int]] = []
            # several hosts listed together ("由 A、B 联合主办", "合办方：A、B")
            co_listed = len(re.findall(r"[、，,和与及&]", text[lo:hi].strip(" ：:，,"))) >= 1
            for m in sorted(block_ms, key=lambda x: (x.start, -(x.end - x.start))):
                if not lo <= m.start < hi:
                    continue
                if any(t.start <= m.start and m.end <= t.end for t in taken):
                    continue
                if m.type == "SIG":
                    taken.append(m)  # a group inside the community, and the names inside it
                    continue
                if m.type != "Organization" and not (
                    m.type == "Project" and co_listed and (label or (hosts and _community(text, m)))
                ):
                    # the community hosts its events by default: an organiser only where a
                    # label or a 主办/承办 sentence lists it among its co-hosts
                    continue
                latin = re.search(
                    r"([A-Za-z][A-Za-z0-9.&-]*(?: [A-Za-z0-9.&-]+)*)\s*[（(]\s*$", text[: m.start]
                )
                if (
                    latin
                    and latin.start(1) >= lo
                    and not any(t.start <= latin.start(1) < t.end for t in taken)
                ):
                    # "OSCA-HK（香港高校开源联盟）": the name written first
                    spans.append((latin.start(1), latin.end(1)))
                    taken.append(m)
                    continue
                if re.search(r"\S\s*[（(]\s*$", text[lo : m.start]):
                    continue  # "云原生计算基金会（CNCF）": an alias in brackets
                prev = next((t for t in reversed(taken) if t.type != "SIG"), None)
                gap = text[prev.end : m.start] if prev and spans else None
                if gap in ("", " ") and text[prev.start].isascii() and not text[m.start].isascii():
                    # "XSKY星辰天合": a brand glued to its Chinese name is one organiser
                    spans[-1] = (spans[-1][0], m.end)
                elif gap == "" and m.type == "Organization" and prev.type == "Organization":
                    # "工信部电子标准院木兰开源社区": the last of a chain of owners hosts,
                    # unless the name goes on ("华中科技大学开放原子开源俱乐部": one name)
                    tail = re.match(
                        rf"[{CJK}]{{1,8}}?(?:{_HOST_END.pattern[3:-2]}|俱乐部|社)", text[m.end :]
                    )
                    if tail and not re.match(r"[、，,和与及&]", text[m.end :]):
                        spans[-1] = (spans[-1][0], m.end + tail.end())
                    else:
                        spans[-1] = (m.start, m.end)
                else:
                    spans.append((m.start, _with_suffix(text, m)))
                taken.append(m)
            names = name_spans.get(bi, [])
            others = all_spans.get(bi, [])
            if cue_at < 0:
                pass  # a partner after 联合 / a label's clause: named ones only
            elif not label:
                spans.extend(_unnamed_hosts(text, lo, cue_at, names, others))
            else:
                spans.extend(_unnamed_items(text, lo, hi, names, others, spans))
            for st, en in sorted(spans):
                # a name never ends in the cue that follows it ("Intel 协办"), nor
                # starts with the word that joins it ("联合浙江省…中心")
                cut = _CUE_TAIL.search(text, st, en)
                en = cut.start() if cut and cut.start() > st else en
                head = _CUE_HEAD.match(text, st, en)
                if head and en - head.end() >= 4 and _HOST_END.search(text, head.end(), en):
                    st = head.end()  # not "联合利华", which is a name
                form = at.original(text[st:en]).strip()
                if form and form not in orgs:
                    orgs.append(form)
                    evs.append(evidence_for(at, bi, st, en))
        for am in _SHORT_ALIAS.finditer(text) if "简" in text else ():
            aliases.add(am.group(1))
    if not orgs:
        owner = _series_owner(at, name, (spans_of or _by_block(mentions))[0])
        if owner:
            orgs.append(owner[0])
            evs.append(owner[1])
    keep = [
        o for o in orgs if o not in aliases and not any(o != x and _short_form(o, x) for x in orgs)
    ]
    return keep, [ev for o, ev in zip(orgs, evs, strict=True) if o in keep][:3]


def _by_block(
    mentions: list[Mention],
) -> tuple[
    dict[int, list[Mention]], dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]
]:
    """Per block: its organisations, projects and groups; every mention's span; the spans
    of the names among them (those and people)."""
    by_block: dict[int, list[Mention]] = {}
    all_spans: dict[int, list[tuple[int, int]]] = {}
    name_spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        all_spans.setdefault(m.block, []).append((m.start, m.end))
        if m.type in ("Organization", "Project", "SIG", "Person"):
            name_spans.setdefault(m.block, []).append((m.start, m.end))
        if m.type in ("Organization", "Project", "SIG"):
            by_block.setdefault(m.block, []).append(m)
    return by_block, all_spans, name_spans


_OWNER = re.compile(
    r"([A-Za-z][\w .&-]{1,40}?|[^，。；、\s]{2,20}?)\s*(?:[（(][^）)]{1,20}[）)])?\s*是\s*"
    r"([^，。；、]{2,30}?)\s*(?:针对[^，。；]{0,20}?)?(?:举办|主办|组织)?的(?:官方)?[^，。；]{0,16}?"
    r"(?:会议|大会|峰会|论坛|Meetup|活动)"
)
_OWNER_TAIL = re.compile("会议|大会|峰会|论坛|Meetup|活动")
_OWNER_NAME = re.compile(
    rf"[A-Za-z0-9][A-Za-z0-9 .&-]*\s*[{CJK}]{{0,8}}(?:组委会|委员会|基金会|协会|学会|联盟)$"
)


def _series_owner(
    at: ArticleText, name: str, by_block: dict[int, list[Mention]]
) -> tuple[str, Evidence] | None:
    """'ApacheCon Asia 是 ApacheCon 组委会针对亚太地区举办的在线会议': the organisation
    whose event the article's event is, said of the event itself (the longest subject
    that names it wins)."""
    fname = fold(name)
    best: tuple[int, str, Evidence] | None = None
    for bi, text in enumerate(at.texts[:40]):
        if "是" not in text or "的" not in text or not _OWNER_TAIL.search(text):
            continue  # words every match of _OWNER holds
        for m in _OWNER.finditer(text):
            subject = fold(m.group(1))
            if len(subject) < 3 or subject not in fname:
                continue
            st, en = m.span(2)
            orgs = [
                x for x in by_block.get(bi, []) if x.type == "Organization" and st <= x.start < en
            ]
            if orgs:
                st, en = orgs[0].start, orgs[0].end
            elif not _OWNER_NAME.fullmatch(text[st:en].strip()):
                continue
            if best is None or len(subject) > best[0]:
                form = at.original(text[st:en]).strip()
                best = (len(subject), form, evidence_for(at, bi, st, en))
    return (best[1], best[2]) if best else None


_CUE_HEAD = re.compile(r"(?:由|联合|携手|与|和|及|以及|并|共同|协同)\s*")
_CUE_TAIL = re.compile(
    r"\s*(?:共同|联合|合力|协助)?(?:主办|承办|协办|合办|举办|发起|赞助|支持)(?:方|单位)?\s*$"
)

# "（以下简称“凝思软件”）": a short name of an organisation already listed
_SHORT_ALIAS = re.compile(r"[（(](?:以下)?简(?:称)?\s*[：:]?\s*[“\"「]([^”\"」]{1,20})[”\"」]")


def _listed(clause: str) -> bool:
    """'由 A、B 和 C 共同举办': the hosts are a list."""
    return bool(re.search(r"由[^，。]*[、和与及&][^，。]*$", clause))


def _community(text: str, m: Mention) -> bool:
    """A project named as a community or an Apache project ('openGauss 社区', 'Apache Pulsar')."""
    return (
        bool(_COMMUNITY_TAIL.match(text, m.end))
        or m.surface.endswith("社区")
        or m.surface.startswith("Apache ")
    )


_COMMUNITY_TAIL = re.compile(r"\s*(?:开源|中文|中国|技术|开发者|用户)?社区")


def _with_suffix(text: str, m: Mention) -> int:
    """A project's end, taking '社区' after it ('openGauss社区')."""
    if m.type == "Project":
        sm = _COMMUNITY_TAIL.match(text, m.end)
        if sm and not m.surface.endswith("社区"):
            return sm.end()
    return m.end


_LABEL_ONLY = {"支持", "赞助", "合办", "支持方", "赞助商"}


@cache
def _organizer_cue_for(words: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"({alt or '(?!)'})(方|单位|商|机构)?")


def _organizer_cue(res: Resources) -> re.Pattern[str]:
    """Organiser cue words: the shared list and the event stage's own (sponsors, 合办)."""
    words = [*res.cues.get("organizer_cues", []), *res.cues.get("event_organizer_cues", [])]
    return _organizer_cue_for(tuple(words))


def _heading_windows(
    at: ArticleText, res: Resources
) -> dict[int, list[tuple[int, int, bool, int, bool]]]:
    """Blocks listed under a heading '主办方' / '联合主办' / '支持单位' (until the next
    heading), each read like a label's list."""
    out: dict[int, list[tuple[int, int, bool, int, bool]]] = {}
    cue = _organizer_cue(res)
    blocks = at.article.blocks
    for hi, b in enumerate(blocks):
        if b.kind not in ("heading", "paragraph"):
            continue
        head = at.texts[hi].strip(" #：:*【】[]")
        m = cue.fullmatch(head)
        if not m or m.group(1).startswith("指导"):
            continue
        for bi in range(hi + 1, min(hi + 12, len(blocks))):
            # under a heading: its blocks; under a label line ("**主办方：**"): its list
            if blocks[bi].kind == "heading" or (
                b.kind != "heading" and blocks[bi].kind != "list_item"
            ):
                break
            out.setdefault(bi, []).append((0, len(at.texts[bi]), True, 0, True))
    return out


_NEXT_LABEL = re.compile(r"\n|\s[^\s：:，,。、；;]{1,10}[：:]")
_HOST_ITEM = re.compile(rf"[{CJK}A-Za-z0-9][{CJK}A-Za-z0-9 .&-]{{1,20}}")
_HOST_END = re.compile("(?:社区|公司|集团|协会|学会|大学|学院|联盟|基金会|中心|研究院|研究所)$")
_HOST_GENERIC = re.compile("等|的|了|在|和|各方|多家|共同|一起|携手|我们|大家")
_HOST_WORD = re.compile(
    "(?:各|多家|众多|相关|开源|技术|本地|当地)?(?:社区|伙伴|合作伙伴|企业|单位|高校|机构|组织|厂商|用户)"
)


def _unnamed_items(
    text: str,
    lo: int,
    hi: int,
    taken: list[tuple[int, int]],
    others: list[tuple[int, int]],
    found: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Items of a label's or a heading's list that no vocabulary knew ('赞助商：甲科技、乙网')."""
    out = []
    for it in re.finditer(r"[^、，,；;/\n]+", text[lo:hi]):
        st, en = lo + it.start(), lo + it.end()
        word = text[st:en].strip(" ：:-*•·")
        if not word:
            continue
        st = text.find(word, st, en)
        en = st + len(word)
        if any(a < en and st < b for a, b in [*taken, *found]):
            continue
        if _host_like(word, st, en, others) and not re.search(r"\d{3}|[：:]", word):
            out.append((st, en))
    return out


def _host_like(word: str, st: int, en: int, others: list[tuple[int, int]]) -> bool:
    """An unknown list item that reads as an organisation's name: short, no function
    words, not a technology or place unless it ends like an organisation."""
    if not _HOST_ITEM.fullmatch(word) or _HOST_GENERIC.search(word) or _HOST_WORD.fullmatch(word):
        return False
    inside = [(a, b) for a, b in others if a < en and st < b]
    return (
        not inside
        or bool(_HOST_END.search(word))
        and not any(a <= st and en <= b for a, b in inside)
    )


def _unnamed_hosts(
    text: str,
    lo: int,
    hi: int,
    taken: list[tuple[int, int]],
    others: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """'由华为、PostgreSQL 中文社区和墨天轮共同举办': list items between 由 and the cue that
    no vocabulary or pattern knew (墨天轮) are organisers too, when the list names others."""
    by = text.rfind("由", lo, hi)
    start = by + 1
    if by < 0:
        # "甲社区、乙社区、示说网协助支持": a list right before the cue, or one name
        # that ends like an organisation ("甲乙科技有限公司承办")
        single = re.search(rf"[{CJK}A-Za-z0-9]{{2,16}}$", text[lo:hi].rstrip())
        if single and _HOST_END.search(single.group(0)) and "、" not in text[lo:hi]:
            st, en = single.span()
            st += lo
            en += lo
            word = text[st:en]
            tail = re.search(
                r"(?:共同|联合|一起|携手|合力|协助)?\s*(?:主办|承办|协办|举办|发起|支持|合作参与|开展)$",
                word,
            )
            if tail:
                en = st + tail.start()
                word = text[st:en]
            ok = _HOST_END.search(word) and _host_like(word, st, en, others)
            return [(st, en)] if ok and not any(a < en and st < b for a, b in taken) else []
        if "、" not in text[lo:hi]:
            return []
        start = lo
    end = hi
    tail = re.search(
        r"(?:共同|联合|一起|携手|合力|协助)?\s*(?:主办|承办|协办|举办|发起|支持|合作参与|开展)?\s*$",
        text[start:hi],
    )
    if tail:
        end = start + tail.start()
    items = list(re.finditer(r"[^、，,和与及&]+", text[start:end]))
    if len(items) < 2 and not (items and _HOST_END.search(text[start : start + items[0].end()])):
        return []  # a list of hosts, or one name that ends like an organisation
    out = []
    for k, it in enumerate(items):
        st, en = start + it.start(), start + it.end()
        word = text[st:en].strip()
        st += len(text[st:en]) - len(text[st:en].lstrip())
        if k and text[st - 1] in "和与及":
            # "北京市经济和信息化局" is one name: after 和 only when what precedes is whole
            prev = start + items[k - 1].end()
            if not (any(b == prev for _, b in taken) or _HOST_END.search(text, 0, prev)):
                continue
        if (
            len(word) <= 12
            and _host_like(word, st, st + len(word), others)
            and not any(a < st + len(word) and st < b for a, b in taken)
        ):
            out.append((st, st + len(word)))
    return out


# "KubeSphere 社区联合青云科技举办的…", "openGauss 携手 A、B 举办": the partners co-organise
_JOINT_HOST = re.compile(
    r"(?:联合|携手)([^，。；,;]{2,40}?)(?:共同|联合)?(?:举办|主办|举行|发起|承办|开展)"
    r"|与([^，。；,;与]{2,40}?)(?:共同|联合)(?:举办|主办|举行|发起|承办|开展)"
)


def _short_form(short: str, full: str) -> bool:
    """'超聚变' / '联通数科' / '海量数据' are short forms of '超聚变数字技术股份有限公司' /
    '联通数字科技有限公司' / '北京海量数据技术股份有限公司' (a city before a company's name)."""
    hit = find_city(full)
    if hit and hit[1] == 0 and not find_city(short):
        full = full[hit[2] :].lstrip("市")
    if len(short) >= len(full) or short[:2] != full[:2]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)
