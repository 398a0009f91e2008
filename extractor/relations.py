"""Stage 5: member_of (Person -> SIG) and affiliated_with (Person -> Organization)."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import chain

from .mentions import (
    AGENDA_LINE,
    CJK,
    EMPLOYED_VERBS,
    OPEN_BRACKET,
    SIG_ID,
    ArticleText,
    patterns,
)
from .model import Mention, Relation
from .resources import Resources, fold
from .talks import evidence_for, sentence_at

__all__ = ["find_relations"]

_GAP_OK = re.compile(rf"^[\s{CJK}A-Za-z&·()（）-]{{0,16}}$")
_GAP_BAD = re.compile(r"[，。；;！？!?《》“”]|以|带来|介绍|分享|表示|指出|和|与|及|、")


def _role_gap(gap: str, res: Resources) -> bool:
    """True when the text between an org/SIG and a name is only roles and titles
    ("博士后", "Maintainer", "主席及首席架构师")."""
    g = gap.strip()
    if not g:
        return True
    if g.startswith("的"):
        g = g[1:].strip()
    pats = patterns(res)
    pieces = [x.strip() for x in re.split(r"及|兼|、", g)]
    if len(pieces) > 1 and all(x and len(x) <= 10 and pats.role_before.search(x) for x in pieces):
        return True
    dept = _DEPARTMENT_ROLE.match(g)
    if dept and pats.role_before.search(dept.group(2)) and not _GAP_BAD.search(dept.group(2)):
        return True  # '计算机科学与技术学院博士生': a department, then the role
    if _GAP_BAD.search(g) or not _GAP_OK.match(g):
        return False
    # the gap must end with a role or title word
    return bool(pats.role_before.search(g))


_DEPARTMENT_ROLE = re.compile(
    rf"^([{CJK}A-Za-z ]{{1,16}}?(?:学院|系|研究所|研究院|实验室|中心|事业部|产品线|部|团队|课题组|分公司))"
    rf"([{CJK}A-Za-z ]{{1,12}})$"
)


def find_relations(at: ArticleText, mentions: list[Mention], res: Resources) -> list[Relation]:
    """Relations stated by roles and label lines, each with its sentence as evidence."""
    out: dict[tuple[str, str, str], Relation] = {}
    by_block: dict[int, list[Mention]] = {}
    for m in mentions:
        by_block.setdefault(m.block, []).append(m)
    for bi, ms in by_block.items():
        text = at.texts[bi]
        ms = sorted(ms, key=lambda m: m.start)
        people = [m for m in ms if m.type == "Person"]
        groups = [m for m in ms if m.type in ("SIG", "Organization")]
        for p in people:
            # ORG/SIG + roles + NAME, e.g. "香港城市大学博士后杨昊", "机密计算 SIG Maintainer 侯明永"
            s0, _ = sentence_at(text, p.start, p.end)
            before = [g for g in groups if s0 <= g.start and g.end <= p.start]
            # walk back over "ORG role、SIG role NAME": each group followed by its role
            cursor = p.start
            for g in reversed(before[-4:]):
                if g.end > cursor:
                    continue  # nested inside the group already taken
                gap = text[g.end : cursor]
                if g.source == "slot" and _DASH_GAP.fullmatch(gap) and cursor == p.start:
                    _add(out, at, bi, p, g, res)  # '（某观CTO-郭六炜 14:00）'
                    break
                if OPEN_BRACKET.fullmatch(gap):
                    cursor = g.start  # '中国科学院软件研究所（ISCAS）': one organisation, two names
                    continue
                last = cursor == p.start
                piece = gap if last else gap.rstrip().rstrip("、，,/ ").rstrip()
                if not last and piece == gap.rstrip():
                    break  # two groups in a chain must be separated by 、 or ，
                if _role_gap(piece, res) or (last and _coordinated(text, g.end, p.start, people)):
                    # "中国工商银行金融科技部…处长", "华为爱丁堡研究所…经理": the employer is the
                    # organisation the department or institute belongs to
                    owner = _owner_of(text, g, before)
                    _add(out, at, bi, p, owner or g, res)
                    if owner is not None and _COMPANY_END.search(g.name):
                        # '国家电网 北京科东…有限责任公司': a subsidiary, a company of its
                        # own, employs the person too (a department does not)
                        _add(out, at, bi, p, g, res)
                    cursor = (owner or g).start
                    continue
                break
            # "NAME/ORG/ROLE", "NAME，ORG，ROLE" label lines and "NAME（ORG ROLE）"
            after = [
                g
                for g in groups
                if g.start >= p.end
                and (
                    g.start - p.end <= 4
                    or (
                        g.start - p.end <= 10
                        and (
                            not text[p.end : g.start].strip()
                            or _LABEL_GAP.fullmatch(text, p.end, g.start)
                        )
                    )
                )
            ]
            if after:
                g = after[0]
                gap = text[p.end : g.start]
                if text[g.end : g.end + 1] in ("：", ":"):
                    pass  # '张三（GitHub：@x）': a label, not an employer
                elif (
                    (_LABEL_GAP.fullmatch(gap) and _is_label_line(text, p))
                    or (gap.isspace() and _agenda_speaker(text, p))
                    or (gap == " " and _cell_bio(at, bi, text, g, res))
                    or (gap.isspace() and _bio_line(at, text, p, g, res))  # 'NAME ORG ROLE'
                ):
                    _add(out, at, bi, p, g, res)
            # "NAME，ORG 职位，欧拉开源社区 RISC-V SIG 成员": each later piece of the line
            # that is a group followed by a role
            if _is_label_line(text, p):
                nl = text.find("\n", p.end)
                e0 = len(text) if nl < 0 else nl  # a label line runs to its line's end
                for g in groups:
                    if after and g is after[0] or not p.end < g.start < e0:
                        continue
                    if any(
                        p.end <= q.start and q.end <= g.start and q.name != p.name for q in people
                    ):
                        break  # '吴磊是 A PMC 成员，冯刚是 B PMC 成员': the next person's group
                    tail = _BRACKETED.sub("", text[g.end : e0])  # 'SIG（sig-x）Maintainer'
                    tail = re.split(r"[，,、；;。|｜]", tail, maxsplit=1)[0].strip(" ）)")
                    lead = re.split(r"[，,、；;（(|｜]", text[p.end : g.start])
                    head = lead[-1].strip()  # "欧拉开源社区" before "RISC-V SIG"
                    if (
                        # 'John Miller, Senior Engineer at Globex': the employer after 'at'
                        (len(lead) > 1 and g.type == "Organization" and _AT_END.search(head))
                        or (
                            len(lead) > 1
                            and len(head) <= 16
                            and not _GAP_BAD.search(head)
                            and (
                                (tail.strip() and _role_gap(tail, res))
                                # '张三，某某公司工程师，Apache Foo PMC': a seat on the committee
                                or (not tail.strip() and not head and _COMMITTEE.search(g.name))
                            )
                        )
                        or (g.type == "SIG" and _DASHED_GROUP.fullmatch(text[p.end : g.start]))
                    ):
                        _add(out, at, bi, p, g, res)
            for g in _led_groups(text, p, before, people) + _further_groups(text, p, groups, res):
                _add(out, at, bi, p, g, res)
            # '蓝鲸科技的吴磊', '吴磊（蓝鲸科技）': an organisation's person, its only note
            for g in groups:
                if g.type != "Organization":
                    continue
                if (g.end <= p.start and text[g.end : p.start] == "的") or (
                    p.end <= g.start
                    and OPEN_BRACKET.fullmatch(text[p.end : g.start])
                    and text[g.end : g.end + 1] in ("）", ")")
                ):
                    _add(out, at, bi, p, g, res)
            # "来自 ORG 的 ... NAME"
            for g in before:
                lead = text[max(s0, g.start - 4) : g.start]
                if "来自" in lead and "，" not in text[g.end : p.start] and p.start - g.end <= 14:
                    _add(out, at, bi, p, g, res)
    _card_bios(at, by_block, res, out)
    _bio_paragraphs(at, by_block, res, out)
    _joined_committees(at, by_block, res, out)
    _table_members(at, by_block, res, out)
    _listed_members(at, by_block, res, out)
    _sole_group_chairs(at, mentions, res, out)
    _referred_groups(at, mentions, res, out)
    return list(out.values())


_AND_GAP = re.compile(r"\s*(?:and|&|和|及|、)\s*")


def _joined_committees(
    at: ArticleText, by_block: dict[int, list[Mention]], res: Resources, out
) -> None:
    """'PMC Member of Apache Flink and Apache IoTDB': a member of the first committee of
    the pair is a member of the second."""
    for bi, ms in by_block.items():
        groups = sorted((m for m in ms if m.source == "committee"), key=lambda m: m.start)
        text = at.texts[bi]
        for g1, g2 in zip(groups, groups[1:], strict=False):
            if g1.end > g2.start or not _AND_GAP.fullmatch(text, g1.end, g2.start):
                continue
            for rel, who, target in list(out):
                if rel == "member_of" and target == g1.name:
                    # the person is in this block, or on the card line over a bio
                    p = next((m for m in ms if m.type == "Person" and m.name == who), None)
                    p = p or next(
                        (
                            m
                            for m in chain.from_iterable(by_block.values())
                            if m.type == "Person" and m.name == who
                        ),
                        None,
                    )
                    if p is not None:
                        _add(out, at, bi, p, g2, res)


# a committee: named alone among someone's posts, it is a seat on it
_COMMITTEE = re.compile(r"(?:PMC|PPMC|TSC|TOC|委员会)$")
# what a bio paragraph says before its first employer: '现任', '目前就职于'
_BIO_LEAD = re.compile(
    rf"^\s*(?:前|原|(?:现|目前|当前)?\s*(?:{EMPLOYED_VERBS}|任|担任|在|为|是))?\s*$"
)
_NO_TEXT = re.compile(rf"[^{CJK}]*(?:https?://|!\[)[^{CJK}]*")
_CARD_NOTE = re.compile(r"\s*[（(][^（）()]{0,30}[）)]\s*")


def _card_bios(at: ArticleText, by_block: dict[int, list[Mention]], res: Resources, out) -> None:
    """A line that is only a person's name ('**梅庆（花名：庆涛）**'), then a paragraph
    about them that names no one ('现任某某公司高级技术专家，…'): read as their bio."""
    blocks = at.article.blocks
    for bi, ms in by_block.items():
        people = {m.name for m in ms if m.type == "Person"}
        if len(people) != 1 or blocks[bi].kind not in ("paragraph", "heading"):
            continue
        p = next(m for m in ms if m.type == "Person")
        card = _CARD_NOTE.sub("", at.texts[bi]).strip(" *_：:")
        label = patterns(res).speaker_label.match(card)
        if label:
            card = card[label.end() :].strip(" *_：:")  # '### 演讲者：张三'
        if card != p.surface.strip():
            continue
        bj = bi + 1
        while bj < min(len(blocks), bi + 3) and _NO_TEXT.fullmatch(at.texts[bj]):
            bj += 1  # a photo between the name and the bio (an image left as text)
        if bj >= len(blocks) or blocks[bj].kind != "paragraph":
            continue
        bio = by_block.get(bj, [])
        if any(m.type == "Person" for m in bio):
            continue
        _read_bio(at, bj, 0, p, bio, res, out)


# what ties a bio's subject to the organisation named right after it: '毕业于',
# '曾在', '历任', '现任', '目前是', '加入', '前' ('前腾讯员工')
_BIO_CUE = re.compile(
    rf"(?:毕业于|就读于|求学于|(?:曾|先后|现|目前|当前)?\s*(?:{EMPLOYED_VERBS})"
    r"|(?:曾|先后|目前|之前|此前|过往|曾经)+(?:在|于)"
    r"|历任|曾任|现任|现为|目前是|目前为|加入了?|创办了?|创立了?|前)\s*$"
)
_BIO_HEAD = re.compile(r"[\s*_>]*")  # markup before a paragraph's first word
_BIO_CLAUSE = re.compile(r"[，,。；;！？!?]")
_BIO_JOIN = re.compile(r"\s*(?:、|和|及|与|以及)\s*")


def _bio_paragraphs(
    at: ArticleText, by_block: dict[int, list[Mention]], res: Resources, out
) -> None:
    """A paragraph about one person, opening with their name ('王五先生毕业于某某大学，
    历任甲公司高级经理、乙公司技术总监，曾在 Oracle、IBM 从事研发'): each organisation
    that a study or employment verb puts right before it is theirs, and so is one joined
    to such an organisation by '、' or '和' (after a role or not)."""
    blocks = at.article.blocks
    for bi, ms in by_block.items():
        if blocks[bi].kind != "paragraph":
            continue
        people = [m for m in ms if m.type == "Person"]
        if not people or any(q.name != people[0].name for q in people):
            continue
        text = at.texts[bi]
        p = min(people, key=lambda m: m.start)
        if p.start != _BIO_HEAD.match(text).end():
            continue  # the paragraph does not open with the name
        _read_bio(at, bi, p.end, p, ms, res, out)


def _read_bio(
    at: ArticleText, bi: int, start: int, p: Mention, ms: list[Mention], res: Resources, out
) -> None:
    """The organisations and groups of one person's bio, from ``start`` on: one a study
    or employment verb puts right before it ('毕业于', '曾在', '历任', '加入'), one that
    opens its clause with only roles after it ('…，某某公司高级技术专家，Apache Foo PMC
    成员'), and one joined to such a one by '、' or '和' (after a role or not)."""
    text = at.texts[bi]
    role_end = patterns(res).role_before
    ends = [k.end() for k in _BIO_CLAUSE.finditer(text)]
    taken: Mention | None = None
    for g in sorted(ms, key=lambda m: m.start):
        if g.type not in ("Organization", "SIG") or g.start < start:
            continue
        k = bisect_right(ends, g.start)
        lo, hi = ends[k - 1] if k else 0, ends[k] - 1 if k < len(ends) else len(text)
        if g.end > hi:
            continue
        lead = text[max(lo, g.start - 12) : g.start]
        tail = text[g.end : hi]
        opens = _BIO_LEAD.match(text[lo : g.start]) and (
            role_end.search(tail)
            # 'PMC Member of Apache Foo and Apache Bar': the role in the group's name
            or (g.source == "committee" and patterns(res).role_any.search(g.surface))
            or (not tail.strip() and (_COMMITTEE.search(g.name) or g.source == "committee"))
        )
        joined = (
            taken is not None
            and taken.end >= lo
            and (
                _BIO_JOIN.fullmatch(text, taken.end, g.start)
                or _role_then_join(text[taken.end : g.start], res)
            )
        )
        cued = g.type == "Organization" and _BIO_CUE.search(lead)
        if opens or joined or cued:
            _add(out, at, bi, p, g, res)
            taken = g


def _role_then_join(gap: str, res: Resources) -> bool:
    """'高级经理、' between two employers of one list: a role, then a joining word."""
    m = re.search(r"(?:、|和|及|以及)\s*$", gap)
    return bool(m) and _role_gap(gap[: m.start()], res)


# '委员会成员吴磊', '该用户组组长冯刚': a group named before, referred to by its kind alone
_GROUP_REFERENCE = re.compile(
    r"(?:该|本|这个)?(委员会|用户组|工作组|理事会|兴趣小组|用户委员会)\s*"
    r"(?:成员|委员|主席|副主席|组长|副组长|负责人|召集人)\s*$"
)


def _referred_groups(at: ArticleText, mentions: list[Mention], res: Resources, out) -> None:
    """A role after a bare group word ('委员会成员吴磊'): the last group of that kind
    named before it in the article."""
    groups = sorted((m for m in mentions if m.type == "SIG"), key=lambda m: (m.block, m.start))
    if not groups:
        return
    for p in mentions:
        if p.type != "Person":
            continue
        text = at.texts[p.block]
        ref = _GROUP_REFERENCE.search(text, max(0, p.start - 12), p.start)
        if not ref or any(g.block == p.block and g.start <= ref.start(1) < g.end for g in groups):
            continue  # the group's own name ('Foo 用户委员会成员吴磊') is read elsewhere
        earlier = [
            g
            for g in groups
            if (g.block, g.end) <= (p.block, ref.start()) and g.name.endswith(ref.group(1))
        ]
        if earlier:
            _add(out, at, p.block, p, earlier[-1], res)


# roles that chair a group: given with no group beside them, the article's only group
_CHAIR_ROLES = frozenset(
    "chair vp 主席 副主席 轮值主席 执行主席 组长 副组长 召集人 maintainer maintainers".split()
) | {"pmc chair", "vice chair", "sig maintainer"}


def _sole_group_chairs(at: ArticleText, mentions: list[Mention], res: Resources, out) -> None:
    """'Chair： 代立冬', '本次会议由轮值主席周倜主持', 'maintainer 刘一飞' in an article about
    one group (a committee's report, a club's minutes, a SIG's meetup): the chair chairs,
    the maintainer maintains, that group."""
    groups = {m.name for m in mentions if m.type == "SIG"}
    if len(groups) != 1:
        return
    g = next(m for m in mentions if m.type == "SIG")
    seen = set()
    for p in mentions:
        if p.type != "Person" or p.name in seen:
            continue
        roles = {v.lower() for k, v in p.attrs if k == "role"}
        if roles & _CHAIR_ROLES:
            seen.add(p.name)
            _add(out, at, p.block, p, g, res, row_only=True)


# "新成员", "首批成员分别是", "PMC 成员：", "Maintainers:": what introduces a group's members
_MEMBERS_CUE = re.compile(
    r"(?i)\s*(?:新晋|新任|新|首批|首届|全体|核心)?\s*(?:成员|委员|名单|members?|maintainers?|committers?)"
    r"(?:名单)?\s*(?:分别|包括|如下|有)?\s*(?:是|为)?\s*[：:]?\s*"
)
_LIST_GAP = re.compile(r"\s*[、，,和与及&/]?\s*")
_LIST_LINE_MAX = 80  # characters of one line of a member list


def _listed_members(
    at: ArticleText, by_block: dict[int, list[Mention]], res: Resources, out
) -> None:
    """Members listed after their group: 'PFCC 新成员 A、B、C', '新晋 PMC 成员：A、B', and a
    caption 'openGauss 北京用户组首批成员分别是：' over one line per member."""
    blocks = at.article.blocks
    for bi, ms in by_block.items():
        text = at.texts[bi]
        for g in (m for m in ms if m.type == "SIG"):
            if blocks[bi].kind == "heading" and _committee_heading(text, g):
                # '## 会议组织委员会 (Committee)' over the list of its members
                bj = bi + 1
                while bj < len(blocks) and blocks[bj].kind != "heading" and bj <= bi + 8:
                    if blocks[bj].kind in ("list_item", "paragraph") and len(at.texts[bj]) <= 200:
                        for p in by_block.get(bj, []):
                            if p.type == "Person":
                                _add(out, at, bj, p, g, res, row_only=True)
                    bj += 1
                continue
            cue = _MEMBERS_CUE.match(text, g.end)
            if (
                not cue
                or cue.end() == g.end
                or not re.search(r"(?i)成员|委员|名单|member|maintainer|committer", cue.group())
            ):
                continue
            # the names right after the cue, one after another
            people = sorted(
                (m for m in ms if m.type == "Person" and m.start >= cue.end()),
                key=lambda m: m.start,
            )
            pos = cue.end()
            for p in people:
                if not _LIST_GAP.fullmatch(text, pos, p.start) or (
                    pos == cue.end() and text[pos : p.start].strip()
                ):
                    break  # 'PMC 成员，冯刚是…': a clause of its own, not a list
                _add(out, at, bi, p, g, res)
                pos = p.end
            if people and people[0].start == cue.end() or cue.end() < len(text.rstrip()):
                continue
            if blocks[bi].kind == "table_row" or any(
                m.type == "Person" and m.start < g.start for m in ms
            ):
                continue  # '吴磊 | …，Apache Foo PMC 成员': one person's bio, no caption
            # a caption ending with the cue: the member lines that follow
            bj = bi + 1
            while bj < len(blocks) and blocks[bj].kind not in ("heading",):
                line = at.texts[bj].strip()
                if not line:
                    bj += 1
                    continue
                if len(line) > _LIST_LINE_MAX:
                    break
                first = next(
                    (
                        m
                        for m in sorted(by_block.get(bj, []), key=lambda m: m.start)
                        if m.type == "Person"
                    ),
                    None,
                )
                if first is None:
                    break
                _add(out, at, bj, first, g, res, row_only=True)
                bj += 1


_AT_END = re.compile(r"(?:^|\s)(?:at|@)\s*$")
_COMMITTEE_WORD = re.compile(r"(?i)委员会|组委会|工作组|committee")
_GLOSS_TAIL = re.compile(r"\s*[（(][^（）()]{1,30}[）)]\s*$")


def _committee_heading(text: str, g: Mention) -> bool:
    """The heading names only a committee ('会议组织委员会 (Committee)')."""
    bare = _GLOSS_TAIL.sub("", text).strip(" *_#：:")
    return bool(_COMMITTEE_WORD.search(g.surface)) and bare == g.surface.strip()


# "顾一帆（华为）—— StorageEngine SIG": a list of members, each with the group after a dash
_DASHED_GROUP = re.compile(r"\s*[（(][^（）()]{1,30}[）)]\s*(?:——|—|--|:|：)\s*")
_BRACKETED = re.compile(r"^\s*[（(][^（）()]{0,40}[）)]")
# "组长为", "首任组长由", "Maintainer 是": a group's role given to the name after it
_ROLE_IS = re.compile(
    r"(?:组长|副组长|负责人|召集人|主席|Maintainer|maintainer|Leader|lead)(?:为|由|是)"
)
# "，同时也是", "，也是", "，还担任": the name's further roles
_ALSO_IS = re.compile(
    r"\s*(?:[，,]\s*(?:他|她)?\s*)?(?:同时)?\s*(?:也|还)?\s*"
    r"(?:是|担任|作为|现任|身为|当选为|当选|成为|被选为|为)\s*"
)
# '吴磊和冯刚当选为…': the names joined to this one, all given the same role
_JOINED_NAME = re.compile(rf"\s*[、和与及]\s*[{CJK}]{{3}}|\s*[、和与及]\s*[{CJK}]{{2}}")


_DASH_GAP = re.compile(r"[A-Za-z\s]{0,6}[-—–]\s*")  # 'CTO-' between an organisation and a name


def _led_groups(text: str, p: Mention, before: list[Mention], people) -> list[Mention]:
    """'sig-Graph（图计算 SIG），组长为中国移动的数据库专家秦朗': the last group before the
    name, when '组长为/由' stands between them (the name first after it, or in a list
    '华为工程师甲、浙大博士生乙')."""
    g = next((g for g in reversed(before) if g.type == "SIG"), None)
    lead = _ROLE_IS.search(text, g.end, p.start) if g else None
    if not lead:
        return []
    gap = text[lead.end() : p.start]
    if re.search(r"[，,。；;]", gap):
        return []
    listed = any(lead.end() <= q.start and q.end <= p.start for q in people)
    return [g] if len(gap) <= 24 or (listed and len(gap) <= 48) else []


def _further_groups(text: str, p: Mention, groups: list[Mention], res: Resources) -> list[Mention]:
    """'陈思源，同时也是 openEuler eBPF SIG 的成员', '钱伟是 Apache Foo PMC 成员，也是
    星云科技的技术专家': each group named with a role in the clauses right after the name."""
    _, e1 = sentence_at(text, p.start, p.end)
    out: list[Mention] = []
    pos = p.end
    while (joined := _JOINED_NAME.match(text, pos)) and not _ALSO_IS.match(text, pos):
        # the joined name's end: where a role verb follows it ('和冯刚当选为', '、张三丰是')
        ends = [joined.end() - k for k in (0, 1) if _ALSO_IS.match(text, joined.end() - k)]
        pos = ends[0] if ends else joined.end()
    while also := _ALSO_IS.match(text, pos):
        hit = None
        # 'Foo 社区 SIG-Runtime 的 Maintainer': the group the role follows, after its owner
        for g in (g for g in groups if also.end() <= g.start < min(e1, also.end() + 24)):
            if _GAP_BAD.search(text[also.end() : g.start]):
                break  # '担任主持人，邀请 X PMC 成员…': another person's group
            tail = re.split(r"[，,、；;。]", text[g.end : min(e1, g.end + 20)], maxsplit=1)[0]
            role = tail.lstrip(" 的")
            # the role ends the clause, or opens what follows it ('负责人发布了…')
            if role and (_role_gap(role, res) or patterns(res).role_any.match(role)):
                hit = g, tail
                break
        if hit is None:
            break
        out.append(hit[0])
        pos = hit[0].end + len(hit[1])
    return out


_LINE_LEAD = re.compile(r"(?:^|\n|<br\s*/?>)\s*(?:[-*+•·.▪●]\s*)?$")


def _bio_line(at: ArticleText, text: str, p: Mention, g: Mention, res: Resources) -> bool:
    """A line 'NAME ORG ROLE': the name opens its line, a role follows the organisation."""
    if g.source != "slot" and not (_LINE_LEAD.search(text, 0, p.start) or _after_break(at, p)):
        return False
    rest = re.split(r"[\s、，,|｜]", text[g.end :].lstrip(), maxsplit=1)[0]
    return bool(rest) and bool(patterns(res).role_before.search(rest))


def _after_break(at: ArticleText, p: Mention) -> bool:
    """The source had an HTML line break '<br>' right before the mention."""
    offs = at.article.blocks[p.block].offsets
    if not 0 < p.start < len(offs):
        return False
    a, b = offs[p.start - 1] + 1, offs[p.start]
    return b - a >= 4 and "<br" in at.article.body[a:b].lower()


def _cell_bio(at: ArticleText, bi: int, text: str, g: Mention, res: Resources) -> bool:
    """An agenda cell 'NAME ORG ROLE': the organisation, then a role, in the same cell."""
    if at.article.blocks[bi].kind != "table_row":
        return False
    tail = re.split(r"[|｜]", text[g.end :], maxsplit=1)[0].strip()
    return bool(tail) and _role_gap(tail, res)


_MEMBER_CAPTION = re.compile(r"(?i)maintainers?|committers?|成员|委员|组长|负责人|名单")


def _table_members(
    at: ArticleText, by_block: dict[int, list[Mention]], res: Resources, out
) -> None:
    """A table captioned "FangTian SIG Maintainer" lists that SIG's members, one per row."""
    blocks = at.article.blocks
    bi = 0
    while bi < len(blocks):
        if blocks[bi].kind != "table_row":
            bi += 1
            continue
        end = bi
        while end < len(blocks) and blocks[end].kind == "table_row":
            end += 1
        caption = next(
            (bj for bj in range(bi - 1, max(-1, bi - 3), -1) if at.texts[bj].strip()), None
        )
        sigs = (
            [m for m in by_block.get(caption, []) if m.type == "SIG"] if caption is not None else []
        )
        if len(sigs) == 1 and _MEMBER_CAPTION.search(at.texts[caption]):
            for bj in range(bi, end):
                for p in by_block.get(bj, []):
                    if p.type == "Person":
                        _add(out, at, bj, p, sigs[0], res, row_only=True)
        bi = end


_DEPARTMENT_GAP = re.compile(rf"[{CJK}A-Za-z ]{{0,8}}")


_COMPANY_END = re.compile(r"(?:公司|集团|银行)$")


def _owner_of(text: str, g: Mention, before: list[Mention]) -> Mention | None:
    """The organisation right before ``g`` that ``g`` is part of ('华为' + '爱丁堡研究所')."""
    if g.type != "Organization":
        return None
    for o in reversed(before):
        if o.end <= g.start:
            if o.type == "Organization" and _DEPARTMENT_GAP.fullmatch(text[o.end : g.start]):
                gap = text[o.end : g.start]
                if not re.search("和|与|及|或|的", gap):
                    return o
            return None
    return None


def _coordinated(text: str, g_end: int, p_start: int, people: list[Mention]) -> bool:
    """'OSCA-HK 的创始人李想、徐小玥': the second name shares the first one's organisation."""
    gap = text[g_end:p_start]
    prev = [q for q in people if g_end <= q.start and q.end <= p_start]
    if not prev:
        return False
    q = prev[-1]
    between = text[q.end : p_start].strip()
    return between in ("、", "和", "与", "及") and len(gap) <= 24


def _agenda_speaker(text: str, p: Mention) -> bool:
    """The person is the speaker of an agenda line: '14:00 《题目》 张三 公司'."""
    ls = text.rfind("\n", 0, p.start) + 1
    m = AGENDA_LINE.match(text[ls:])
    return bool(m) and ls + m.start(2) == p.start


_LABEL_END = re.compile(r"(?:[：:]|——|—|--)$")
# between a name and its organisation on a label line ('NAME/ORG', 'NAME，前 ORG')
# between a name and its employer on a label line: '，', ' / ', '，前', '，就职于', ' @ ', ' - '
_LABEL_GAP = re.compile(
    rf"\s*[/｜|，,（(@＠：:]\s*(?:前|原|(?:现|目前)?\s*(?:{EMPLOYED_VERBS})|现任?)?"
    r"|\s{2,}|\s+[-–—]\s+"
)


def _is_label_line(text: str, p: Mention) -> bool:
    """The name opens its line, or follows a label's colon or a dash ('题目 —— 孟佳，…')."""
    head = text[text.rfind("\n", 0, p.start) + 1 : p.start].strip()
    return head == "" or bool(_LABEL_END.search(head))


_UNIT = re.compile(
    r"(?:实验室|研究所|研究院|研究中心|创新中心|中心|事业部|产品线|部门|部|团队|学院"
    r"|亚太区|中国区|大中华区)$"
)


def _employer(surface: str, res: Resources) -> str:
    """'华为分布式并行计算实验室' -> '华为': a known company's own lab or department."""
    if not _UNIT.search(surface):
        return surface
    for k in range(len(surface) - 2, 1, -1):
        head = surface[:k].rstrip(" -")
        if ("Organization", fold(head)) in res.canonical and not _UNIT.search(head):
            return head
    return surface


def _owning_org(g: Mention, res: Resources) -> Mention | None:
    """The known organisation a committee's name opens with ('开放原子开源基金会TOC')."""
    surface = g.surface
    if (
        surface.isascii()
        or "委员会" not in surface
        and not any(w in surface for w in ("TOC", "TSC", "TC"))
    ):
        return None
    for k in range(min(len(surface) - 2, 16), 1, -1):
        canon = res.canonical.get(("Organization", fold(surface[:k])))
        # the whole organisation, not a short form ending inside its committee's name
        # ('开放原子|开源欧拉委员会')
        if canon and patterns(res).org_suffix.search(surface[max(0, k - 4) : k]):
            head = surface[:k].strip()
            return Mention("Organization", canon, head, g.block, g.start, g.start + len(head))
    return None


def _add(
    out,
    at: ArticleText,
    bi: int,
    p: Mention,
    g: Mention,
    res: Resources,
    row_only: bool = False,
    confidence: float | None = None,
) -> None:
    rel = "member_of" if g.type == "SIG" else "affiliated_with"
    if rel == "member_of" and not row_only:
        org = _owning_org(g, res)
        if org is not None:
            # '开放原子开源基金会技术监督委员会副主席': a member of the foundation's committee
            # holds a post of the foundation too
            _add(out, at, bi, p, org, res, confidence=0.75)
    if confidence is None:
        # the nearer the name and the group in the text, the surer the tie: a role
        # chain ('华为高级工程师张三') .9, one sentence .8, a caption over a list .7
        gap = max(g.start, p.start) - min(g.end, p.end) if g.block == p.block else 99
        confidence = 0.7 if row_only else 0.9 if gap <= 12 else 0.8
    key = (rel, p.name, g.name)
    if key not in out:
        # the organisation as written (readers know it by that form); a SIG by its
        # registered name when the registry gave one
        if g.type == "SIG":
            target = (
                g.name
                if g.name != g.surface
                and (
                    res.registry.canonical_sig(g.surface)
                    or SIG_ID.match(g.name)
                    # 'APISIX PMC' -> 'Apache APISIX PMC', 'PFCC' -> its full name
                    or g.source in ("committee", "short")
                )
                else g.surface.strip()
            )
        else:
            target = _employer(g.surface.strip() or g.name, res)
        if target == p.name:
            return  # the name repeated where an organisation would stand ('张三，张三，某某公司')
        out[key] = Relation(
            rel,
            p.name,
            target,
            "Person",
            g.type,
            evidence_for(at, bi, min(g.start, p.start), max(g.end, p.end))
            if not row_only  # the group is in the table's caption, not in this row
            else evidence_for(at, bi, p.start, p.end),
            confidence,
        )
