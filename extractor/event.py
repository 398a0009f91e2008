"""Stage 4b: the event an article recaps: name, date, city and organisers."""

from __future__ import annotations

import re
from datetime import date

from .mentions import CJK, OPEN_BRACKET, ArticleText, patterns
from .model import Event, Evidence, Mention, Talk
from .resources import Resources, to_simplified
from .talks import evidence_for, sentence_at

__all__ = ["find_event", "find_event_date"]

_DATE_FULL = re.compile(
    r"(20\d{2}|19\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?"
)
_DATE_MD = re.compile(r"(?<![\d年/.-])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_EVENT_CUE = re.compile(
    r"举办|举行|召开|开幕|落幕|开展|开启|登陆|走进|于|在|时间|日期|当天|期间|活动|会议|Meetup|大会|峰会|论坛|开播|直播"
)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _published(at: ArticleText) -> str | None:
    for key in ("date", "time", "published", "publishDate", "pubDate", "created"):
        v = at.article.meta.get(key)
        if v:
            m = re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", str(v))
            if m:
                return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def find_event_date(at: ArticleText) -> str | None:
    """The day the event took place: the first date in an event sentence, else publication."""
    pub = _published(at)
    pub_year = int(pub[:4]) if pub else None
    candidates: list[tuple[int, int, str]] = []  # (priority, order, iso)
    order = 0
    for _bi, text in enumerate(at.texts[:60]):
        for m in _DATE_FULL.finditer(text):
            iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                s, e = sentence_at(text, m.start(), m.end())
                pri = 0 if _EVENT_CUE.search(text[s:e]) else 1
                candidates.append((pri, order, iso))
                order += 1
        for m in _DATE_MD.finditer(text):
            if pub_year is None:
                continue
            mo, d = int(m.group(1)), int(m.group(2))
            year = pub_year
            if pub and mo > int(pub[5:7]) + 2:
                year -= 1  # a recap published in January of a December event
            iso = _valid(year, mo, d)
            if iso:
                s, e = sentence_at(text, m.start(), m.end())
                pri = 0 if _EVENT_CUE.search(text[s:e]) else 1
                candidates.append((pri, order, iso))
                order += 1
    if candidates:
        return min(candidates)[2]
    return pub


_WEAK_EVENT_WORDS = {"活动", "专场", "展会", "发布会", "会议", "Day", "周"}


def _event_name(at: ArticleText, res: Resources) -> str:
    title = at.article.title
    if not title:
        for b, t in zip(at.article.blocks, at.texts, strict=False):
            if b.kind == "heading" and b.level <= 1:
                title = t
                break
    original = title.strip().strip("#").strip()
    title = to_simplified(original)
    if not title:
        return ""
    tails = sorted(res.cues.get("title_tail_words", []), key=len, reverse=True)
    words = res.cues.get("event_words", [])
    parts = [
        p.strip() for p in re.split(r"\s*[|｜]\s*|\s*[：:]\s*|\s+[-—–]+\s+|——", title) if p.strip()
    ]
    # keep the part that names the event
    strong = [w for w in words if len(w) > 1 and w not in _WEAK_EVENT_WORDS]
    weak = [w for w in words if len(w) > 1 and w in _WEAK_EVENT_WORDS]
    best = next((p for p in parts if any(w in p for w in strong)), None)
    if best is None:
        best = next((p for p in parts if any(w in p for w in weak)), None)
    name = best or parts[0] if parts else title
    for t in tails:
        name = name.replace(t, "")
    name = re.sub(r"[!！。，,]+$", "", name).strip() or title
    # report the name in the article's own script (the simplified copy has the same length)
    k = title.find(name)
    return original[k : k + len(name)] if k >= 0 and len(title) == len(original) else name


def find_event(
    at: ArticleText, mentions: list[Mention], talks: list[Talk], res: Resources
) -> Event | None:
    """The event the article recaps, or None for reports and release notes."""
    name = _event_name(at, res)
    title = at.article.title or name
    non_event = any(w in title for w in res.cues.get("non_event_words", []))
    eventish = any(w in title for w in res.cues.get("event_words", []) if len(w) > 1)
    if non_event and not eventish:
        return None
    if not talks and not eventish:
        return None
    ev_date = find_event_date(at)
    city = _event_city(at, mentions, name, res)
    organizers, evidence = _organizers(at, mentions, res)
    return Event(name or title, ev_date, city, organizers, evidence)


def _event_city(at: ArticleText, mentions: list[Mention], name: str, res: Resources) -> str | None:
    locs = [m for m in mentions if m.type == "Location"]
    for m in locs:
        if m.surface and (m.surface in name or m.name in name):
            return m.name
    # the event's own name often carries its city ("… 香港站"), even when the body only
    # names the venue ("香港城市大学")
    for _s, _e, term in res.gazetteer.find(to_simplified(name)):
        if term.type == "Location" and (term.type, term.name) not in res.optional:
            return term.name
    meta_loc = at.article.meta.get("location") or at.article.meta.get("city")
    if isinstance(meta_loc, str):
        for m in locs:
            if m.name in meta_loc or m.surface in meta_loc:
                return m.name
    first_blocks = {i for i, b in enumerate(at.article.blocks[:8]) if b.kind != "heading"}
    for m in locs:
        if m.block in first_blocks:
            t = at.texts[m.block]
            s, e = sentence_at(t, m.start, m.end)
            if re.search("举办|举行|召开|登陆|走进|在|于|站|地点", t[s:e]):
                return m.name
    return None


def _organizers(
    at: ArticleText, mentions: list[Mention], res: Resources
) -> tuple[list[str], list[Evidence]]:
    """Organisations the text says host, organise, co-organise or undertake the event."""
    orgs: list[str] = []
    evs: list[Evidence] = []
    by_block: dict[int, list[Mention]] = {}
    all_spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        all_spans.setdefault(m.block, []).append((m.start, m.end))
        if m.type in ("Organization", "Project", "SIG"):
            by_block.setdefault(m.block, []).append(m)
    for bi, text in enumerate(at.texts):
        if bi not in by_block:
            continue
        # (lo, hi, a label lists them, where the cue word starts)
        windows: list[tuple[int, int, bool, int]] = []
        for cm in patterns(res).organizer.finditer(text):
            if cm.group(1).startswith("指导"):
                continue
            s, e = sentence_at(text, cm.start(), cm.end())
            # organisations in the clause before the cue word, or after a label ("主办方：…")
            clause_s = max(s, max((text.rfind(p, s, cm.start()) for p in "，,；;"), default=s) + 1)
            label = bool(
                re.match(r"\s*[：:]", text[cm.end() :])
                or (cm.group(2) and re.match(r"\s*[，,]", text[cm.end() :]))
            )
            if label:
                # a label's list ends with its line or where the next label starts
                # ("主办：A、B 场地支持：C\n媒体合作伙伴：D")
                nxt = _NEXT_LABEL.search(text, cm.end() + 1, e)
                windows.append((cm.end(), nxt.start() if nxt else e, True, cm.start()))
            else:
                windows.append((clause_s, cm.end(), False, cm.start()))
        # "KubeSphere 社区联合青云科技举办": the partners named after 联合
        windows.extend(
            (jm.start(1), jm.end(1), False, jm.end(1)) for jm in _JOINT_HOST.finditer(text)
        )
        for lo, hi, label, cue_at in sorted(windows):
            orgs_in = any(m.type == "Organization" and lo <= m.start < hi for m in by_block[bi])
            taken: list[Mention] = []
            spans: list[tuple[int, int]] = []
            for m in sorted(by_block[bi], key=lambda x: (x.start, -(x.end - x.start))):
                if not lo <= m.start < hi:
                    continue
                if m.type != "Organization" and not (label and m.type == "Project" and not orgs_in):
                    # the community or its SIG hosts by default: an organiser only when a
                    # "主办方：" label lists communities alone
                    continue
                if any(t.start <= m.start and m.end <= t.end for t in taken):
                    continue
                if taken and OPEN_BRACKET.fullmatch(text[taken[-1].end : m.start]):
                    continue  # "云原生计算基金会（CNCF）": an alias in brackets
                if taken and m.start == taken[-1].end and text[taken[-1].start].isascii():
                    # "XSKY星辰天合": a brand glued to its Chinese name is one organiser
                    spans[-1] = (spans[-1][0], m.end)
                else:
                    spans.append((m.start, m.end))
                taken.append(m)
            if not label:
                spans.extend(_unnamed_hosts(text, lo, cue_at, all_spans.get(bi, [])))
            for st, en in sorted(spans):
                form = at.original(text[st:en]).strip()
                if form not in orgs:
                    orgs.append(form)
                    evs.append(evidence_for(at, bi, st, en))
    keep = [o for o in orgs if not any(o != x and _short_form(o, x) for x in orgs)]
    return keep, [ev for o, ev in zip(orgs, evs, strict=True) if o in keep][:3]


_NEXT_LABEL = re.compile(r"\n|\s[^\s：:，,。、；;]{1,10}[：:]")
_HOST_ITEM = re.compile(rf"[{CJK}A-Za-z0-9]{{2,10}}")
_HOST_END = re.compile("(?:社区|公司|集团|协会|学会|大学|学院|联盟|基金会|中心|研究院|研究所)$")
_HOST_GENERIC = re.compile("社区|伙伴|企业|单位|高校|机构|组织|各方|多家|等|的|了|在|和")


def _unnamed_hosts(
    text: str, lo: int, hi: int, taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """'由华为、PostgreSQL 中文社区和墨天轮共同举办': list items between 由 and the cue that
    no vocabulary or pattern knew (墨天轮) are organisers too, when the list names others."""
    by = text.rfind("由", lo, hi)
    if by < 0:
        return []
    end = hi
    tail = re.search(r"(?:共同|联合|一起|携手)\s*$", text[by + 1 : hi])
    if tail:
        end = by + 1 + tail.start()
    items = list(re.finditer(r"[^、，,和与及&]+", text[by + 1 : end]))
    if len(items) < 2:
        return []  # a list of hosts, not a lone phrase
    out = []
    for k, it in enumerate(items):
        st, en = by + 1 + it.start(), by + 1 + it.end()
        word = text[st:en].strip()
        st += len(text[st:en]) - len(text[st:en].lstrip())
        if k and text[st - 1] in "和与及":
            # "北京市经济和信息化局" is one name: after 和 only when what precedes is whole
            prev = by + 1 + items[k - 1].end()
            if not (any(b == prev for _, b in taken) or _HOST_END.search(text, 0, prev)):
                continue
        if (
            _HOST_ITEM.fullmatch(word)
            and not _HOST_GENERIC.search(word)
            and not any(a < st + len(word) and st < b for a, b in taken)
        ):
            out.append((st, st + len(word)))
    return out


# "KubeSphere 社区联合青云科技举办的…": the partners are co-organisers
_JOINT_HOST = re.compile(r"联合([^，。；,;]{2,30}?)(?:共同)?(?:举办|主办|举行|发起|承办)")


def _short_form(short: str, full: str) -> bool:
    """'超聚变' / '联通数科' are short forms of '超聚变数字技术股份有限公司' / '联通数字科技有限公司'."""
    if len(short) >= len(full) or short[:2] != full[:2]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)
