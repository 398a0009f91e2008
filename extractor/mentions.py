"""Stage 3: Article -> typed mentions (vocabulary, registry, name patterns, person cues)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice, product

import yaml

from .model import Article, Mention
from .nlp import get_jieba, get_tagger, jieba_block, tokenize
from .resources import Resources, _data_text, fold, to_simplified

__all__ = [
    "AT_ORG",
    "ArticleText",
    "prepare",
    "find_mentions",
    "is_person_name",
    "common_word",
    "word_tag",
    "slot_person",
    "talk_lexicon",
    "pinyin_word",
    "org_of_post",
    "strip_titles",
    "CJK",
]

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_FUNCTION_CHARS = set(
    "的了在和与是为以等及或将把被对从向就都也还又并但而且这那其之们个中上下着过地得吗呢吧啊所如若去我你您他她它"
)
# function characters that cannot start an organisation's name (中国, 上海 can)
_ORG_HEAD_STOPS = _FUNCTION_CHARS - set("中上下所如")
_PUNCT = "，。、；：！？,.;:!?（）()《》“”\"'‘’「」【】[]|｜/\\—-…·\n"
# 'Kevin Zhao', 'Guo-Yi ZHU' (a surname in capitals: pinyin, see _person_shape)
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?:[ ·](?:[A-Z][a-z]+|[A-Z]{2,}\b)){1,2}")
# the words that end an organisation's name
_ORG_END_WORDS = (
    *("公司", "集团", "大学", "学院", "研究院", "研究所", "实验室", "中心", "基金会"),
    *("联盟", "协会", "社区", "科技", "银行"),
)


@dataclass
class ArticleText:
    """An article's blocks as simplified text for matching (same lengths as the originals)."""

    article: Article
    texts: list[str]  # text per block for matching (Simplified script)
    sections: list[int]  # index of the heading block that opens each block's section (-1: none)
    lines: list[list[tuple[int, int]]] = field(default_factory=list)  # source lines per block
    converted: bool = False  # True when the article was Traditional Chinese
    persons: dict[str, set[str]] = field(default_factory=dict)  # name -> evidence kinds

    def original(self, text: str) -> str:
        """``text`` (found in the matching copy) in the article's own script."""
        if not self.converted:
            return text
        for t, b in zip(self.texts, self.article.blocks, strict=False):
            k = t.find(text)
            if k >= 0:
                return b.text[k : k + len(text)]
        return text

    def iter_lines(self):
        """(block index, start, end) of every source line, in order."""
        for bi, spans in enumerate(self.lines):
            for s, e in spans:
                yield bi, s, e


# frequent characters that exist only in Traditional script: an article without
# several of them is Simplified, and the OpenCC pass can be skipped
_TRADITIONAL_MARKS = frozenset(
    "們這個於說對會學時為與開關體發經資產業計實網際區國術點進來後們應當過還當嗎"
    "問題處從間讓電動長頭見樣東語車軍條義場務員標據機構維線訊議論隊華雲數據庫"
)

_TRADITIONAL_MARK = re.compile(f"[{''.join(sorted(_TRADITIONAL_MARKS))}]")


def _is_traditional(article: Article) -> bool:
    """True when enough of the article changes under Traditional->Simplified conversion."""
    sample = "".join(b.text for b in article.blocks)[:20000]
    # the marks found by one scan of a character class (set.intersection would make a
    # string of each of the sample's characters)
    if len(set(_TRADITIONAL_MARK.findall(sample))) < 3:
        return False
    cjk = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return False
    changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=False) if a != b)
    return changed >= 3 and changed / len(cjk) > 0.03


def prepare(article: Article) -> ArticleText:
    """Text per block for matching (Traditional articles converted to Simplified, same
    lengths) and the section each block belongs to."""
    converted = _is_traditional(article)
    if converted:
        texts = [to_simplified(b.text) for b in article.blocks]
    else:
        texts = [b.text for b in article.blocks]
    if any("【" in t for t in texts):
        texts = [_bracket_labels(t) if "【" in t else t for t in texts]
    sections = []
    cur = -1
    for i, b in enumerate(article.blocks):
        if b.kind == "heading":
            cur = i
        sections.append(cur)
    lines = [
        # a table row is one line, even an HTML one written over several
        [(0, len(b.text))]
        if b.kind == "table_row"
        else _source_lines(article.body, b.offsets, len(b.text), b.text)
        for b in article.blocks
    ]
    return ArticleText(article, texts, sections, lines, converted)


@lru_cache(maxsize=1)
def talk_lexicon() -> dict[str, list[str]]:
    """The talk finder's cue words (``data/talk_lexicon.yaml``), longest first."""
    raw = yaml.safe_load(_data_text("talk_lexicon.yaml")) or {}
    return {k: sorted(map(str, v), key=len, reverse=True) for k, v in raw.items()}


@lru_cache(maxsize=1)
def _bracket_label() -> re.Pattern[str]:
    """'【嘉宾】', '【分享主题】': a slot label of the talk lexicon in square brackets."""
    lex = talk_lexicon()
    words = sorted(
        {w for k in ("speaker_labels", "title_labels", "other_labels") for w in lex[k]},
        key=len,
        reverse=True,
    )
    return re.compile(rf"【\s*({'|'.join(map(re.escape, words))})\s*】")


def _bracket_labels(text: str) -> str:
    """'【嘉宾】张三' read as '嘉宾： 张三': the label as the layouts know it, written with
    a colon, and the text's length kept (offsets stay the source's).

    >>> _bracket_labels("【分享嘉宾】张三，某某科技")
    '分享嘉宾： 张三，某某科技'
    """

    def colon(m: re.Match[str]) -> str:
        label = m.group(1) + "："
        return label + " " * (len(m.group()) - len(label))

    return _bracket_label().sub(colon, text)


def _source_lines(
    body: str, offsets: tuple[int, ...], n: int, text: str = ""
) -> list[tuple[int, int]]:
    """Split a block's text where the original body had a line break.

    A line starts at the first character after a break (its offset jumps over
    the newline, or is the newline itself when a space stands for the break) and
    at any further character standing for the same newline.  Block offsets never
    decrease, so each newline of the block's span is placed by bisection.  A break
    the block ``text`` joined away between two CJK characters (a sentence or a
    name wrapped in the source: '欧阳' / '明轩') does not split it.

    >>> body = "张三：\\n题目\\n\\n另一段"
    >>> _source_lines(body, (0, 1, 2, 3, 4, 5), 6)  # "张三： 题目": the space is the newline
    [(0, 3), (3, 6)]
    >>> _source_lines(body, (0, 1, 2, 4, 5), 5)  # "张三：题目": the offsets jump over it
    [(0, 3), (3, 5)]
    >>> _source_lines("欧阳\\n明轩", (0, 1, 3, 4), 4, "欧阳明轩")  # a wrapped name
    [(0, 4)]
    """
    m = min(n, len(offsets))
    cuts: set[int] = set()
    if m > 1:
        end = offsets[m - 1] + 1
        q = body.find("\n", offsets[0], end)
        while q >= 0:
            lo = bisect_left(offsets, q, 0, m)  # first character at or after the newline
            hi = bisect_right(offsets, q, lo, m)  # ... and after those standing for it
            joined = hi == lo and 0 < lo < len(text) and _cjk(text[lo - 1]) and _cjk(text[lo])
            if not joined:
                cuts.update(range(max(lo, 1), max(hi, lo + 1)))
            q = body.find("\n", q + 1, end)
    out = []
    start = 0
    for j in sorted(cuts):
        out.append((start, j))
        start = j
    out.append((start, n))
    return [(s, e) for s, e in out if e > s]


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


# ---------------------------------------------------------------- people
def strip_titles(name: str, res: Resources) -> str:
    """Remove honorifics and roles around a name: '杨昊博士' -> '杨昊'.

    >>> from extractor.resources import get_resources
    >>> strip_titles("杨昊博士", get_resources())
    '杨昊'
    """
    s = name.strip(" \t:：，,、")
    titles, lengths = _title_affixes(res)
    if not any(s[:k] in titles or s[-k:] in titles for k in lengths):
        return s  # no title at either end (most names): nothing to strip
    # the honorifics are tried in their list's order, each once a pass, as a loop over
    # all of them would: only those at either end of the name now, found by lookups
    rank = res.derived("honorific_rank", lambda: {h: i for i, h in enumerate(res.honorifics)})
    changed = True
    while changed and s:
        changed = False
        i = 0
        while True:
            ends = {s[:k] for k in lengths} | {s[-k:] for k in lengths}
            later = [rank[h] for h in ends if rank.get(h, -1) >= i]
            if not later:
                break
            i = min(later)
            h = res.honorifics[i]
            i += 1
            if len(s) > len(h) + 1 and s.endswith(h):
                s = s[: -len(h)].rstrip()
                changed = True
            elif len(s) > len(h) + 1 and s.startswith(h) and not h.isascii():
                s = s[len(h) :].lstrip()
                changed = True
    return s


def _title_affixes(res: Resources) -> tuple[frozenset[str], tuple[int, ...]]:
    """The honorifics as a set, and their lengths (to test a name's ends quickly)."""
    titles = res.derived("honorific_set", lambda: frozenset(res.honorifics))
    return titles, res.derived("honorific_lengths", lambda: tuple(sorted({len(h) for h in titles})))


_CJK_NAME = re.compile(f"[{CJK}]{{2,4}}")
_CJK_RUN = re.compile(f"[{CJK}]+")
_CJK_CHAR = re.compile(f"[{CJK}]")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_NAME_MEMO_SIZE = 50000  # distinct candidates remembered per Resources before starting afresh


def is_person_name(name: str, res: Resources, cued: bool = False) -> bool:
    """Shape test for a person's name: Chinese surname + 1-2 characters, or Latin 'First Last'.

    ``cued``: the text already says a person stands here (a role before the name and
    punctuation after it, a speaker label), so a given name that is also a dictionary
    noun or holds 若/如/之 is accepted ('专家陈思源，', '架构师温若琳以').

    >>> from extractor.resources import get_resources
    >>> r = get_resources()
    >>> [is_person_name(x, r) for x in ["郑振宇", "李想", "Kevin Zhao", "高性能", "博士", "香港"]]
    [True, True, True, False, False, False]
    >>> is_person_name("陈思源", r), is_person_name("陈思源", r, cued=True)
    (False, True)
    """
    # the same candidates come back line after line (and article after article)
    memo = res.derived("person_name_memo", dict)
    known = memo.get(name)
    if known is None:
        if len(memo) >= _NAME_MEMO_SIZE:
            memo.clear()
        known = memo[name] = _person_shape(name, res)
    return known >= (_CUED if cued else _NAME)


_NOT_NAME, _CUED, _NAME = 0, 1, 2  # shape levels: never, only where cued, always
# jieba tags of words that are no given name even where cued: verbal and adjectival
# nouns (设计, 测试, 安全), pronouns, prepositions, conjunctions, particles, numerals...
_NOT_GIVEN_TAGS = frozenset("vn an r p c u uj ul uz ud ug uv m mq f y e o".split())
# characters that are words of their own more often than parts of a given name
_GIVEN_RARE = set("若如之其以为和中")


def _person_shape(name: str, res: Resources) -> int:
    """:func:`is_person_name` without the memo: a level (_NOT_NAME, _CUED, _NAME)."""
    if not name:
        return _NOT_NAME
    if _LATIN_NAME.fullmatch(name):
        words = name.replace("·", " ").split()
        if any(w.isupper() and not pinyin_word(w.title()) for w in words):
            return _NOT_NAME  # 'Apache APISIX': capitals are an acronym, not a pinyin surname
        ok = (
            fold(name) not in _known_forms(res)
            and words[0].lower() not in _LATIN_STOP
            and not any(w.lower() in _LATIN_SESSION for w in words)  # 'Lightning Talk'
            and not _LATIN_ORG_WORD.fullmatch(words[-1])  # 'Foo Labs': an organisation
            and not any(w.lower() in _LATIN_ROLES for w in words)  # 'Release Manager'
            # 'Building Reliable Pipelines': English words, not pinyin or a given name
            and not any(_ENGLISH_SUFFIX.search(w) and not pinyin_word(w) for w in words)
            # 'Kubernetes Ingress Controller': a product's name, word by word
            and not any(len(w) >= 5 and fold(w) in _known_forms(res) for w in words)
        )
        return _NAME if ok else _NOT_NAME
    if not _CJK_NAME.fullmatch(name):
        return _NOT_NAME
    if name in res.non_names or name in _title_affixes(res)[0]:
        return _NOT_NAME
    if fold(name) in _known_forms(res):
        return _NOT_NAME
    if name[0] in "东南西北中" and ("Location", fold(name[1:])) in res.canonical:
        return _NOT_NAME  # '南台湾', '西北京': a part of a known place
    if len(name) == 4:
        if name[:2] not in res.compound_surnames:
            return _NOT_NAME
        given = name[2:]
    elif name[:2] in res.compound_surnames and len(name) >= 3:
        given = name[2:]
    elif name[0] in res.surnames:
        given = name[1:]
    else:
        return _NOT_NAME
    if not given or any(c in _FUNCTION_CHARS - _GIVEN_RARE for c in given):
        return _NOT_NAME
    if any(h in name for h in _NAME_BREAKERS):
        return _NOT_NAME
    if _common_word(name, res=res):
        # a proper noun of the dictionary ('江波', '金海': places) is a name where cued
        return _CUED if _word_tag(name, res) in ("ns", "nz") else _NOT_NAME
    function_surname = name[0] in _FUNCTION_CHARS or name[0] in "向于"
    if function_surname and len(name) == 2:
        return _NOT_NAME  # '和参' (讲师和参与者)
    if function_surname and len(given) >= 2 and _common_word(given, res=res):
        return _NOT_NAME  # '和答复' (汇总和答复): a function word before a word
    if any(c in _GIVEN_RARE for c in given) or (
        len(given) >= 2 and _common_word(given, strict=True, res=res)
    ):
        # a noun as given name (思源, 繁星), not a verb (设计), never after a surname that
        # is also a function word ('和企业', '向大家')
        if function_surname or _word_tag(given, res) in _NOT_GIVEN_TAGS:
            return _NOT_NAME
        return _CUED
    return _NAME


def word_tag(word: str, res: Resources) -> str:
    """jieba's part-of-speech tag of ``word`` ('' when the dictionary lacks it).

    >>> from extractor.resources import get_resources
    >>> word_tag("企业", get_resources())
    'n'
    """
    return get_tagger(res).word_tag_tab.get(word) or ""


_word_tag = word_tag


def common_word(word: str, res: Resources) -> bool:
    """True when jieba's dictionary knows ``word`` as something other than a person name.

    >>> from extractor.resources import get_resources
    >>> common_word("时间", get_resources()), common_word("李雷", get_resources())
    (True, False)
    """
    return _common_word(word, res=res)


def _common_word(word: str, strict: bool = False, res: Resources | None = None) -> bool:
    """True when jieba's dictionary knows ``word`` as something other than a person name."""
    tag = get_tagger(res).word_tag_tab.get(word)
    if not tag or tag.startswith("nr"):
        return False
    # given names are often verbs, numerals or proper nouns in the dictionary (守成, 首群,
    # 亚东), but not common nouns, pronouns or particles (企业, 大家)
    return not strict or tag in ("n", "vn", "r", "p", "c", "d", "u", "q", "f", "t", "y", "e")


_NAME_BREAKERS = (
    "公司",
    "大学",
    "社区",
    "项目",
    "技术",
    "系统",
    "平台",
    "开源",
    "发布",
    "会议",
    "活动",
    "分享",
    "介绍",
    "演讲",
    "论坛",
    "嘉宾",
    "主持",
    "致辞",
    "代表",
    "团队",
    "生态",
    "计算",
    "数据",
    "国产",
    "中心",
    "专家",
    "经理",
    "总监",
    "工程",
    "研究",
    "同学",
    "老师",
    "博士",
)
_NAME_BREAKERS_RE = re.compile("|".join(_NAME_BREAKERS))
_LATIN_STOP = {
    "the",
    "open",
    "source",
    "cloud",
    "native",
    "linux",
    "data",
    "meetup",
    "summit",
    "day",
    "developer",
    "community",
    "keynote",
    "panel",
    "workshop",
    "conference",
    "china",
    "hong",
    "kong",
    "apache",
    "arm",
    "intel",
    "euler",
    "global",
    "new",
    "best",
    "welcome",
    "part",
    "by",
    "with",
    "from",
    "and",
}


_ENGLISH_SUFFIX = re.compile(
    r"^[A-Za-z]{3,}(?:ing|tion|sion|able|ible|ment|ness|ive|ity|ics|ware|ance|ence|ized?|ised?)$"
)
# roles written in English: no part of a person's name
_LATIN_ROLES = frozenset(
    "manager engineer director architect developer maintainer committer member chair "
    "lead founder cofounder president officer evangelist advocate scientist researcher "
    "intern host speaker moderator ambassador contributor reviewer mentor".split()
)
# words of a programme's sessions: no part of a person's name
_LATIN_SESSION = frozenset(
    "talk talks session sessions keynote panel workshop demo track topic lightning opening "
    "closing remarks break lunch".split()
)


def _known_forms(res: Resources) -> set[str]:
    return res.derived("known_forms", lambda: {k[1] for k in res.canonical})


@lru_cache(maxsize=8)
def _cues_by_head(cues: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The cues by their first character, longest first (the longest cue after a name
    counts: '主持' after '刘涵', not '主')."""
    heads: dict[str, list[str]] = {}
    for c in cues:
        if c:
            heads.setdefault(c[0], []).append(c)
    return {h: tuple(sorted(v, key=len, reverse=True)) for h, v in heads.items()}


def _name_at(
    text: str, start: int, res: Resources, stop_set: tuple[str, ...] = (), cued: bool = False
) -> str | None:
    """The person name beginning at ``start``: the shortest valid name followed by a cue.

    ``cued``: a role or label stands before ``start``; a name of the cued-only shape
    (see :func:`is_person_name`) is then taken when punctuation or a cue follows it."""
    if start >= len(text):
        return None
    m = _LATIN_NAME.match(text, start)
    if m:
        name = m.group()
        return name if is_person_name(name, res) else None
    if text[start] not in res.surnames and text[start] not in _compound_heads(res):
        return None  # a Chinese name opens with its surname (what is_person_name asks)
    best = None
    for n in (2, 3, 4):
        cand = text[start : start + n]
        if len(cand) < n or not is_person_name(cand, res, cued=cued):
            continue
        nxt = text[start + n : start + n + 1]
        if not nxt or nxt in _PUNCT or nxt.isspace() or nxt.isascii():
            return cand
        if text.startswith(stop_set, start + n):
            # a one-character cue must not make a word with the name's end:
            # '成员单位参与' holds no '单位参' ('孙启明代表' is a name before 代表)
            at = start + n
            cue = next(
                c for c in _cues_by_head(stop_set).get(text[at], ()) if text.startswith(c, at)
            )
            if len(cue) > 1 or _ends_word(text, start + n, res):
                return cand
        if best is None and n == 3 and is_person_name(cand, res):
            best = cand
    if best is not None and not _ends_word(text, start + 3, res):
        # '云杉网络' holds no '云杉网'; '刘军看来' holds '刘军' when the segmenter reads the
        # two characters as a word of their own before another ('刘军' / '看来')
        two = text[start : start + 2]
        if is_person_name(two, res) and _own_word(text, start, two, res):
            return two
        return None
    return best


def _compound_heads(res: Resources) -> frozenset[str]:
    """The first characters of the compound surnames."""
    return res.derived("compound_heads", lambda: frozenset(s[0] for s in res.compound_surnames))


def _joins_previous_word(text: str, s: int, res: Resources) -> bool:
    """The character at ``s`` may end a common word begun before it ('平台' in '平台中'):
    a cheap test before segmenting the text."""
    return any(s - k + 1 >= 0 and _frequent(text[s - k + 1 : s + 1], res) for k in (2, 3))


def _own_word(text: str, start: int, name: str, res: Resources) -> bool:
    """The segmenter reads ``name`` at ``start`` as a word of its own, a word of two
    characters or more after it ('刘军' / '看来')."""
    e = start + len(name)
    if not any(_word_tag(text[e : e + k], res)[:1] == "v" for k in (2, 3)):
        return False  # no verb of the dictionary opens the text after the name
    toks = get_jieba(res).lcut(text[start : start + len(name) + 6])
    return (
        len(toks) > 1
        and toks[0] == name
        and len(toks[1]) >= 2
        and _word_tag(toks[1], res)[:1] == "v"  # a verb: the name is its subject
    )


def _ends_word(text: str, end: int, res: Resources) -> bool:
    """A name may end at ``end``: its last character does not start a common word
    with the text after it ('单位参|与' -> 参与, '云杉网|络' -> 网络; rare words such as
    凡为 in '赵一凡为' do not count)."""
    for k in (2, 3):
        w = text[end - 1 : end - 1 + k]
        if len(w) == k and _frequent(w, res) and _word_tag(w, res)[:2] != "nr":
            return False
    return True


_COMMON_FREQ = 500  # jieba dictionary count from which a word is common


def _frequent(word: str, res: Resources) -> bool:
    return (get_jieba(res).FREQ.get(word) or 0) >= _COMMON_FREQ


# ---------------------------------------------------------------- regexes built from cues
def alternation(words, at_start: bool = True, then: tuple[str, ...] = ()) -> str:
    """A regex source matching any of ``words``, the longest word first, written as a trie.

    It matches exactly what the words escaped and joined by ``|`` longest first
    match, but the regex engine tests a few characters at each position instead
    of every word: at most one branch of each group can go on (they start with
    different characters), and a word ending where a longer one continues
    becomes an optional tail, tried first.  Branches that differ only in their
    first character share a character class.

    When the words start the pattern (``at_start``), its first branches each
    begin with a plain character: the engine then skips, without entering the
    pattern, positions where no word starts.  Elsewhere a lookahead on the
    words' first characters does the same at the point where they may begin.

    ``then``: regex sources of further branches of the same group, tried after the
    words (at the start, each beginning with a plain character keeps the skip; a
    group of its own after the words' group would lose it).

    >>> alternation(["博士", "博士后", "处长", "科长", "副处长", "副科长", "CEO"])
    '(?:CEO|副[处科]长|博士(?:后)?|处长|科长)'
    >>> alternation(["处长", "科长", "副处长", "副科长"], at_start=False)
    '(?=[副处科])(?:副[处科]长|[处科]长)'
    >>> alternation(["表示", "介绍了"], then=("称(?=，)",))
    '(?:介绍了|表示|称(?=，))'
    >>> alternation([])
    ''
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    if then and trie and "" not in trie:
        return f"(?:{'|'.join([*_trie_branches(trie, at_start), *then])})"
    source = _trie_source(trie, at_start)
    if then:
        source = "|".join([f"(?:{source})" if source else "(?!)", *then])
    if at_start or not source or "" in trie:  # (an empty word matches anywhere)
        return source
    return f"(?=[{''.join(re.escape(ch) for ch in sorted(trie))}])" + source


def _trie_source(node: dict[str, dict], literal_start: bool = False) -> str:
    """Regex source of one trie node (see :func:`alternation`)."""
    branches = _trie_branches(node, literal_start)
    ends_here = "" in node
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return f"(?:{'|'.join(branches)})" + ("?" if ends_here else "")


def _trie_branches(node: dict[str, dict], literal_start: bool = False) -> list[str]:
    """The branches of one trie node's group, in the order they are tried."""
    branches: list[str] = []
    shared: dict[str, list[str]] = {}  # rest of the pattern -> characters before it
    for ch, sub in sorted(node.items()):
        if not ch:
            continue
        rest = _trie_source(sub)
        if literal_start:
            branches.append(re.escape(ch) + rest)
        else:
            shared.setdefault(rest, []).append(re.escape(ch))
    for rest, chars in shared.items():
        branches.append((chars[0] if len(chars) == 1 else f"[{''.join(chars)}]") + rest)
    return branches


@dataclass
class _Patterns:
    speaker_label: re.Pattern[str]
    title_label: re.Pattern[str]
    role_before: re.Pattern[str]
    org_suffix: re.Pattern[str]
    group: re.Pattern[str]  # "<name>工作组", "<name>委员会"
    group_word: re.Pattern[str]  # the suffix alone: a text without it has no group
    org_left_stop: re.Pattern[str]  # every position where a stop word before a name starts
    organizer: re.Pattern[str]  # "联合主办方", "承办"
    role_words: frozenset[str]
    role_any: re.Pattern[str]
    speech_verb: re.Pattern[str]  # a verb of a talk or of saying ('分享了', '表示')
    role_no_rank: re.Pattern[str]  # role_any without its '<unit>处长' branch
    rank_word: re.Pattern[str]  # a text without one has no match of that branch
    section_heading: re.Pattern[str]  # "议题回顾", "2. 嘉宾介绍": a heading that is no talk
    after_cues: tuple[str, ...]
    product_before: re.Pattern[str]  # "加速引擎Clyde": kind of product, then its name
    product_after: re.Pattern[str]  # "Witty 智能运维套件": name, what it does, kind
    product_cue: re.Pattern[str]  # "基于 IB-Robot", "通过 GMEM", "Lustre 移植到", "X 生态"
    product_word: re.Pattern[str]  # a text without one has no product_before/after match
    product_cue_word: re.Pattern[str]  # ... no product_cue match


# a product's own name: "Clyde", "scx-loader", "scx_hub", "AISP" (not "AI", not "Web")
_PRODUCT_NAME = r"[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*"
# the same, not right after a word, a path or "Word " ("Linux 内核"): the lookbehinds
# come after the first letter (then the same test, one character wider), so that the
# regex engine skips to Latin letters instead of entering the pattern everywhere
_FREE_PRODUCT_NAME = (
    r"[A-Za-z](?<![A-Za-z0-9.@/_-][A-Za-z])(?<![A-Za-z0-9] [A-Za-z])"
    r"[A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*"
)


def patterns(res: Resources) -> _Patterns:
    """The regexes built from the cue words, once per :class:`Resources`."""
    return res.derived("patterns", lambda: _build_patterns(res))


def _build_patterns(res: Resources) -> _Patterns:
    c = res.cues
    alt = alternation
    roles = [*res.honorifics, *c.get("member_roles", [])]
    after = tuple(
        sorted(
            {
                *c.get("speech_verbs", []),
                *res.honorifics,
                "为",
                "在",
                "与",
                "和",
                "、",
                "等",
                "的",
                "也",
                "则",
                "还",
                "是",
                "对",
                "将",
                "先",
                "首",
                "作为",
                "通过",
                "基于",
                "针对",
                "现场",
                "同学",
                "们",
                "给",
                "进行",
                "代表",
                "出品",
                "大佬",
                "主持",
                "致辞",
                "发言",
                "致",
                "共同",
                "一起",
                "分别",
                "担任",
                "同时",
                "负责",
                "带领",
                # what people do right after their name: '专家刘新良参加了…'
                "参加",
                "参与",
                "出席",
                "加入",
                "获得",
                "提出",
                "发起",
                "主导",
                "牵头",
            },
            key=len,
            reverse=True,
        )
    )
    products = alt(c.get("product_nouns", [])) or "(?!)"
    ranks = (
        "处长 科长 局长 厅长 司长 行长 校长 院长 所长 书记 部长 "
        "组长 队长 社长 会长 主编 编辑 记者 代表 学者 讲师"
    ).split()
    role_alt = f"{alt(roles, False)}|[{CJK}]{{1,4}}{alt(ranks, False)}"
    p = _Patterns(
        speaker_label=re.compile(
            rf"(?:^|[\s|｜])(?:{alt(c.get('speaker_labels', []), False)})\s*(?:\d+\s*)?"
            r"(?:[（(][^（）()]{1,10}[）)]\s*)?[：:]\s*"  # '圆桌嘉宾（从左至右）：'
        ),
        title_label=re.compile(rf"^\s*(?:{alt(c.get('title_labels', []))})\s*(?:\d+\s*)?[：:]\s*"),
        role_before=re.compile(rf"(?:{role_alt})\s*$"),
        role_words=frozenset(w.lower() for w in roles),
        group=re.compile(
            rf"(?<![A-Za-z0-9-])([{CJK}A-Za-z0-9](?:[{CJK}A-Za-z0-9 +]|-(?=[A-Za-z0-9])){{1,13}}?)"
            rf"({alt(c.get('sig_suffixes', []), False) or '(?!)'})"
        ),
        group_word=re.compile(alt(c.get("sig_suffixes", [])) or "(?!)"),
        org_left_stop=re.compile(
            f"(?=({alt([x for x in c.get('org_left_stops', []) if not x.isascii()]) or '(?!)'}))"
        ),
        organizer=re.compile(rf"({alt(c.get('organizer_cues', [])) or '(?!)'})(方|单位)?"),
        org_suffix=re.compile(
            alt([x for x in c.get("org_suffixes", []) if not x.isascii()]) or "(?!)"
        ),
        role_any=re.compile(rf"(?:{role_alt})"),
        speech_verb=re.compile(alt(_CLAUSE_VERBS, then=("介绍(?=[，,：:])", "称(?=[，,：:])"))),
        role_no_rank=re.compile(rf"(?:{alt(roles, False)})"),
        rank_word=re.compile(alt(ranks)),
        section_heading=re.compile(
            rf"[\d\s.、．]*(?:{alt(c.get('section_headings', []), False)})[\s\d]*"
        ),
        after_cues=after,
        product_before=re.compile(
            rf"(?:{products})\s?({_PRODUCT_NAME})(?![A-Za-z0-9.])(?!\s?(?:{products}))"
        ),
        product_cue=re.compile(
            rf"(?:{alt(c.get('product_verbs', [])) or '(?!)'})\s?({_PRODUCT_NAME})(?![A-Za-z0-9.]| [A-Z])"
            rf"|({_FREE_PRODUCT_NAME})\s?"
            rf"(?:{alt(c.get('product_tails', [])) or '(?!)'})"
        ),
        product_after=re.compile(
            # the words between describe the product: no 与/和/的 joining a second noun
            rf"({_FREE_PRODUCT_NAME})\s?"
            rf"(?:(?![与和及或的等、是在]|{_STANDARD_NOUNS})[{CJK}]){{0,6}}?(?:{products})"
        ),
        product_word=re.compile(products),
        product_cue_word=re.compile(
            alt([*c.get("product_verbs", []), *c.get("product_tails", [])]) or "(?!)"
        ),
    )
    return p


# ---------------------------------------------------------------- main entry
_SIG_LATIN = re.compile(
    r"(?<![A-Za-z0-9])(?:SIG|sig|Sig|SlG)[-_ ]([A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*|["
    + CJK
    + r"]{2,8})"
)
_SIG_WORD = re.compile("SIG|sig|Sig|SlG")
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]+")
_COMMUNITY_LEAD = re.compile(r"([A-Za-z][A-Za-z0-9]+) +(?=[A-Za-z])")  # "openEuler Embedded"
_LATIN_LEAD = re.compile(r"([A-Za-z][A-Za-z0-9]*)\s+(?=[\u3400-\u9fff])")
# capitalised words after "SIG " that are not a SIG's name ("SIG Meetup", "SIG Gathering")
_SIG_NOT_NAMES = frozenset(
    "meetup meetups meeting meetings gathering day days summit workshop session sessions talk "
    "talks list page repo repos wiki home biweekly weekly monthly call calls sync update "
    "updates news report newsletter the and of in on for is are at".split()
)
_SIG_SUFFIX = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9+#]*(?:[-_ ][A-Za-z0-9+#]+){0,3}|"
    r"(?:[A-Za-z][A-Za-z0-9+#-]*\s?)?["
    + CJK
    + r"A-Za-z0-9]{2,10}?)\s*(?:SIG|sig|Sig|SlG)(?![A-Za-z0-9_-])"
)
# words that show a CJK run before "SIG" is a phrase, not a SIG's own name
_SIG_HEAD_NOISE = re.compile(
    "有|个|各|部分|以下|以上|撤销|合并|获取|发现|已经|分享|时|后|不同|多个|其中|这些|所有|相关|多位|每个|加入|成立|新增|位于"
)
_PROJECT_NEAR = re.compile(
    r"([A-Za-z](?<![A-Za-z0-9][A-Za-z])[A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?: [A-Z][A-Za-z0-9]+)?)\s*(?=(?:开源)?(?:项目|社区|框架|引擎|套件|工具集|工具链|工具|组件|操作系统|数据库|系统|平台|库)(?!["
    + CJK
    + r"]{0,1}(?:的|中)))"
)
_VERSION = re.compile(
    r"[ -]?(\d{2}\.\d{2}(?:\.\d+)?(?:[ -]?LTS)?(?:[ -]?SP\d)?|[vV]?\d+\.\d+(?:\.\d+)?"
    r"|[vV]\d{1,2}(?![A-Za-z0-9_.]))"  # 'SkyWalking v9': a major version
)
_ROLE_DASH = re.compile(r"(?:--|-|——|—)\s*(?=[\u4e00-\u9fff])")
_ORG_FROM_POST = re.compile("成员|工程师|负责人|专家|经理|总监|主持|介绍|分享")
_ORG_FROM = re.compile(
    r"来自(?:于)?\s*([" + CJK + r"A-Za-z0-9&（）() ·-]{2,24}?)\s*(?:的|，|,|、|和|与)"
)
_GENERIC_GROUP_HEADS = (
    "该",
    "本",
    "此",
    "各",
    "多个",
    "相关",
    "其",
    "这个",
    "新",
    "一个",
    "技术",
    "管理",
    "全国",
    "常务",
    "专业",
    "标准",
)


def find_mentions(at: ArticleText, res: Resources) -> list[Mention]:
    """All entity mentions in the article's blocks (Person mentions included)."""
    out: list[Mention] = []
    for bi, text in enumerate(at.texts):
        out.extend(_in_tech_lists(_vocab(bi, text, at.article.blocks[bi].text, res), text, res))
    # the community the article is about: a project it calls a community, or names most
    communities = {
        fold(m.group(1))
        for text in at.texts
        if "社区" in text
        for m in _COMMUNITY_OF.finditer(text)
    }
    counts: dict[str, int] = {}
    for m in out:
        if m.type == "Project":
            counts[m.name] = counts.get(m.name, 0) + 1
    if counts:
        communities.add(fold(max(counts, key=lambda k: (counts[k], k))))
    for bi, text in enumerate(at.texts):
        orig = at.article.blocks[bi].text
        out.extend(_sigs(bi, text, orig, res, communities))
        out.extend(_block_names(bi, text, orig, res))
    out.extend(_bare_committees(out, at, res))
    out.extend(_group_short_names(out, at))
    out = _drop_in_urls(out, at)
    out = _drop_event_names(out, at)
    out = _drop_handle_cells(out, at)
    out.extend(_people(at, res))
    out.extend(_slot_orgs(at, res, out))
    out.extend(_post_orgs(at, res, out))
    out.extend(_employer_lists(at, res, out))
    out = _in_org_lists(out, at)
    out.extend(_brand_pairs(out, at, res))
    out = _other_communities(out, at, res)
    out = _person_aliases(out, at, res)
    return _bracket_aliases(_dedupe_overlaps(out), at)


_BLOCK_MEMO_SIZE = 20000  # blocks remembered per Resources before starting afresh


def _block_names(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    """The groups, committees, venues, organisations and projects of one block, which
    depend on its text only: remembered per Resources (footers and a template's labels
    come back article after article) and given the block's index."""
    memo = res.derived("block_names_memo", dict)
    found = memo.get((text, orig))
    if found is None:
        if len(memo) >= _BLOCK_MEMO_SIZE:
            memo.clear()
        found = memo[text, orig] = (
            *_groups(bi, text, orig, res),
            *_committees(bi, text, orig, res),
            *_latin_groups(bi, text, orig, res),
            *_venues(bi, text, orig, res),
            *_orgs(bi, text, orig, res),
            *_projects(bi, text, orig, res),
        )
    return [m if m.block == bi else replace(m, block=bi) for m in found]


OPEN_BRACKET = re.compile(r"\s*[（(]\s*")  # between a name and its other name in brackets
SIG_ID = re.compile(r"(?i)^sig[-_]")  # a group's own id, 'sig-confidential-computing'


def _bracket_aliases(ms: list[Mention], at: ArticleText) -> list[Mention]:
    """'A-Tune 兴趣小组（sig-A-Tune）': a group and its other name in brackets are one
    group, named by its 'sig-…' form when it has one (the community's own id)."""
    by_pos = sorted((m for m in ms if m.type == "SIG"), key=lambda m: (m.block, m.start))
    rename: dict[str, str] = {}
    for a, b in zip(by_pos, by_pos[1:], strict=False):
        if a.block != b.block or a.name == b.name or a.name in rename or b.name in rename:
            continue
        if OPEN_BRACKET.fullmatch(at.texts[a.block][a.end : b.start]):
            canon = b.name if SIG_ID.match(b.name) and not SIG_ID.match(a.name) else a.name
            for x in (a.name, b.name):
                if x != canon:
                    rename[x] = canon
    if not rename:
        return ms
    return [
        replace(m, name=rename[m.name]) if m.type == "SIG" and m.name in rename else m for m in ms
    ]


def _m(type_: str, name: str, bi: int, s: int, e: int, orig: str, source: str, attrs=()) -> Mention:
    return Mention(type_, name, orig[s:e], bi, s, e, source, tuple(attrs))


# a site of the organisation, right after it or after the site's own name ('腾讯滨海大厦')
_ORG_SITE = re.compile(
    r"[^\s，。、；：,;:]{0,6}?(?:总部|园区|办公|基地|大楼|大厦|广场|展台|展区|校区|会议室|报告厅)"
)
_DISTRICT_END = re.compile(r"(?:区|县|镇|乡|村|街道|路)$")


def _placed_orgs(hits: list, text: str) -> dict[int, int]:
    """Known organisations written after their city or province, "杭州思科", "上海海思":
    {start of the place: end of the organisation}.  Chinese names a local company or a
    branch this way; not "深圳华为总部", where the city only says where the site is."""
    out = {}
    for (s, e, a), (s2, e2, b) in zip(hits, hits[1:], strict=False):
        if (
            a.type == "Location"
            and b.type == "Organization"
            and e == s2
            and _CJK_RUN.fullmatch(text, s, e2)
            and not _ORG_SITE.match(text, e2)
            and not _DISTRICT_END.search(text, s, e)  # '南山区腾讯滨海大厦': an address
        ):
            out[s] = e2
    return out


def _vocab(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    out = []
    hits = res.gazetteer.find(text)
    placed = _placed_orgs(hits, text)
    skip_to = -1
    for s, e, term in hits:
        if s < skip_to:
            continue  # the organisation of a place + organisation name
        if s in placed:
            skip_to = placed[s]
            out.append(_m("Organization", text[s:skip_to], bi, s, skip_to, orig, "pattern"))
            continue
        if term.type == "Project" and _CHANNEL_AFTER.match(text, e):
            continue  # "微信群", "公众号": a channel, not a topic
        if (
            e - s == 2
            and term.type in ("Location", "Organization")
            and _joins_previous_word(text, s, res)
            and _CJK_RUN.fullmatch(text, s, e)
            and not _starts_token(text, s, res)
        ):
            continue  # '容器平台中' holds no 台中: a short place or company begins a word
        if term.type == "Project" and (
            _STANDARD_AFTER.match(text, e) or _STANDARD_PAIR.match(text, e)
        ):
            # "X11/Wayland 显示协议": the protocol or standard a project implements
            out.append(_m("Technology", term.name, bi, s, e, orig, term.source))
            continue
        if (
            term.type == "Technology"
            and ("Organization", fold(orig[s:e])) in res.canonical
            and _AGENT_AFTER.match(text, e)
        ):
            # "Arm 基于 Armv9-A 推出…", "Arm 在云服务器领域": the company, not the architecture
            name = res.canonical[("Organization", fold(orig[s:e]))]
            out.append(_m("Organization", name, bi, s, e, orig, term.source))
            continue
        if term.type == "Organization" and orig[s:e].isascii() and _ARCH_AFTER.match(text, e):
            # "Arm 架构", "Intel 处理器": the company's technology, not the company
            out.append(_m("Technology", orig[s:e], bi, s, e, orig, term.source))
            continue
        out.append(_m(term.type, term.name, bi, s, e, orig, term.source))
        # a known release names its project too: "openEuler 24.03 LTS SP2" -> openEuler
        if term.type == "Project" and " " in term.name:
            base = term.name.split(" ")[0]
            if ("Project", fold(base)) in res.canonical and _VERSION.match(term.name, len(base)):
                canon = res.canonical[("Project", fold(base))]
                out.append(_m("Project", canon, bi, s, s + len(base), orig, term.source))
        # a known release with a service pack after it: "openEuler 20.03 LTS" + " SP3"
        sp = _SERVICE_PACK.match(text, e) if term.type == "Project" else None
        if sp and _DIGIT.search(term.name):
            name = f"{term.name} {sp.group().strip(' -')}"
            out.append(_m("Project", name, bi, s, sp.end(), orig, "pattern"))
            continue
        # a known project followed by a version is a release: "openEuler 24.03 LTS SP2"
        if term.type == "Project":
            v = _VERSION.match(text, e)
            if v and not text[v.end() : v.end() + 1].isdigit():
                rel = f"{term.name} {v.group(1).strip()}"
                out.append(_m("Project", rel, bi, s, v.end(), orig, "pattern"))
    return out


_LIST_SEP = re.compile(r"\s*[、,，/和与及]\s*")


def _in_tech_lists(ms: list[Mention], text: str, res: Resources | None = None) -> list[Mention]:
    """A company name listed among technologies ('ARM、x86、RISC-V') names its architecture
    (when the name is an architecture's too: not 'NVIDIA、OpenSSF')."""
    out = list(ms)
    for i, m in enumerate(ms):
        if m.type != "Organization" or not m.surface.isascii():
            continue
        if res is not None and ("Technology", fold(m.surface)) not in res.canonical:
            continue
        near = [
            o
            for o in ms
            if o.type == "Technology"
            and (
                _LIST_SEP.fullmatch(text[m.end : o.start])
                or _LIST_SEP.fullmatch(text[o.end : m.start])
            )
        ]
        if near:
            out[i] = Mention("Technology", m.surface, m.surface, m.block, m.start, m.end, m.source)
    return out


# part-of-speech tags (jieba's) of words that end the phrase before a group's own name:
# prepositions, conjunctions, particles, adverbs, pronouns, time words, numerals,
# measure words, directions ('介绍了 SIG', '目前开发板 SIG', '镜像体验区和 SIG')
_HEAD_STOP_TAGS = frozenset("pcudrtmqyef")
# verbs whose object the group is ('加入 SIG', '欢迎…通过 SIG', '获得委员会认可')
_HEAD_STOP_VERBS = frozenset(
    "介绍 参加 参与 加入 获得 欢迎 成为 成长 成立 组建 建立 发起 牵头 担任 推动 召开 举办 "
    "提交 申请 经过 需经 通过 联合 邀请 感谢 支持 带来 分享 讲解 来自 依托".split()
)


def _clean_group_head(head: str, res: Resources) -> str:
    """The group's own name at the end of ``head``: its words walked back from the end,
    stopping at a function word, a time word or a verb taking the group as object
    ('本次大数据' -> '大数据', '目前开发板' -> '开发板', '介绍了' -> ''); whole words only,
    so '向量检索' and '如意玲珑' keep their first character."""
    head = head.strip()
    if not head or head.isascii():
        return head
    tags = get_tagger(res).word_tag_tab
    stops = _org_left_stop_set(res)
    start = len(head)
    for s, e in reversed(tokenize(head, res)):
        tok = head[s:e]
        if not tok.isascii() and (
            tok in stops
            or tok in _HEAD_STOP_VERBS
            or (tags.get(tok) or "x")[:1] in _HEAD_STOP_TAGS
            or all(c in _FUNCTION_CHARS for c in tok)  # '的', '这是'
        ):
            break
        start = s
    return head[start:].strip()


_LATIN_HEAD_STOPS = re.compile(
    r"^(?:(?:the|of|a|an|and|in|at|for|from|by|member|members|lead|leads|chair)\s+)+", re.I
)


def _org_left_stop_set(res: Resources) -> frozenset[str]:
    return res.derived(
        "org_left_stop_set",
        lambda: frozenset(x for x in res.cues.get("org_left_stops", []) if not x.isascii()),
    )


def _sig_name(surface: str, res: Resources) -> str:
    canon = res.registry.canonical_sig(surface)
    if canon:
        return canon
    return _SPACES.sub(" ", surface).strip()


def _community_prefix(text: str, s: int, res: Resources) -> int:
    """Start of a community/project name directly before ``s`` (for aliases), else s."""
    m = re.search(r"([A-Za-z][A-Za-z0-9]+)\s*$", text[:s])
    if m and (("Project", fold(m.group(1))) in res.canonical):
        return m.start(1)
    return s


_COMMUNITY_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]+) ?$")
_VERB_LATIN = re.compile(rf"([{CJK}]{{2}})\s?(?=[A-Za-z])")
_COMMUNITY_OF = re.compile(r"([A-Za-z][A-Za-z0-9]+)\s?社区")  # 'openEuler 社区'


def _sigs(
    bi: int, text: str, orig: str, res: Resources, communities: set[str] | frozenset = frozenset()
) -> list[Mention]:
    """'SIG-Arm', 'sig-confidential-computing', '机密计算 SIG', 'ROS SIG' (not 'openEuler
    SIG' when the article calls openEuler a community: its SIGs in general)."""
    out = []
    if not _SIG_WORD.search(text):
        return out  # both patterns need the word SIG
    roles = patterns(res).role_words
    for m in _SIG_LATIN.finditer(text):
        s, e = m.span()
        core = m.group(1)
        sep = text[m.start(1) - 1]
        if sep == " " and (
            core.lower() in roles
            or core.lower() in _SIG_NOT_NAMES
            or not (core[:1].isupper() or res.registry.canonical_sig(text[s:e]))
        ):
            continue  # "SIG Maintainer", "SIG 组长": a role after the word SIG, not a SIG's name
        if _CJK_RUN.fullmatch(core):
            core = _trim_cjk_tail(core)
            e = m.start(1) + len(core)
        surface = text[s:e]
        out.append(_m("SIG", _sig_name(surface, res), bi, s, e, orig, "pattern"))
    for m in _SIG_SUFFIX.finditer(text):
        head = m.group(1)
        s = m.start(1)
        if _CJK_CHAR.search(head):
            head = head.rstrip()
            lat = _LATIN_LEAD.match(head)
            if lat and ("Project", fold(lat.group(1))) in res.canonical:
                s += lat.end()  # "openEuler 机密计算 SIG": the community's name is not the SIG's
                head = head[lat.end() :]
            cleaned = _clean_group_head(head, res)
            s += len(head) - len(cleaned)
            head = cleaned
            vl = _VERB_LATIN.match(head)
            if vl and _word_tag(vl.group(1), res)[:1] == "v":
                s += vl.end(1)  # '对接QA sig': a verb, then the group's Latin name
                head = head[vl.end(1) :]
            k = max((head.rfind(ch) for ch in _PUNCT), default=-1)
            if k >= 0:
                s += k + 1
                head = head[k + 1 :]
            for j in range(len(head) - 2, 0, -1):
                if res.registry.canonical_sig(head[j:] + " SIG") and not res.registry.canonical_sig(
                    head + " SIG"
                ):
                    s += j
                    head = head[j:]
                    break
        head = head.strip()
        surface = text[s : m.end()]
        canon = res.registry.canonical_sig(surface)
        if not canon:
            if len(head) < 2 or head in res.cues.get("sig_generic_heads", []):
                continue
            if head.lower() in ("the", "a", "each", "our", "new", "all", "other"):
                continue
            lead = _COMMUNITY_LEAD.match(head)
            if lead and ("Project", fold(lead.group(1))) in res.canonical:
                # "openEuler Embedded SIG": the community's name, then the group's own
                out.append(_m("SIG", f"{head[lead.end() :]} SIG", bi, s, m.end(), orig, "pattern"))
                s += lead.end()
                head = head[lead.end() :]
            elif (
                ("Project", fold(head)) in res.canonical
                and head.isascii()
                and (
                    fold(head) in communities
                    or fold(res.canonical[("Project", fold(head))]) in communities
                    or not communities
                )
            ):
                continue  # "openEuler SIG": the community's SIGs in general
            if not head.isascii() and (_SIG_HEAD_NOISE.search(head) or _DIGIT.search(head)):
                # try the registry on the head's tail: "国栋分享大数据SIG" -> "大数据SIG"
                continue
        out.append(_m("SIG", canon or _sig_name(surface, res), bi, s, m.end(), orig, "pattern"))
    return out


_COMMITTEE_WORD = re.compile("PMC|TSC|TOC|TC|VP")  # every _COMMITTEE_ACR match holds one
_COMMITTEE_ACR = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]+(?:[ -][A-Z][A-Za-z0-9]+)?|["
    + CJK
    + r"]{2,12}?)\s*(?:[（(]\s*[Ii]ncubating\s*[)）]\s*)?(?:项目\s*)?(PMC|PPMC|TSC|TOC|TC)(?![A-Za-z0-9])"
)
# "PMC of Apache Kvrocks", "Apache Foo 的 PMC": the committee named after its project
_COMMITTEE_OF = re.compile(
    r"(?<![A-Za-z0-9])(PMC|PPMC|TSC|TOC)\s+(?:(?:[Mm]ember|(?:[Vv]ice\s+)?[Cc]hair)\s+)?of\s+"
    r"(?:the\s+)?((?:Apache\s+)?[A-Z][A-Za-z0-9]+(?:[ -][A-Z][A-Za-z0-9]+)?)"
    r"|((?:Apache\s+)?[A-Z][A-Za-z0-9]+)\s*(?:的\s*|(?:新晋|新任|新一届|新增)\s*|"
    # 'Apache APISIX 创始人 & PMC 成员', 'Apache Foo Committer & PMC member': another
    # role of the project's before its committee
    rf"(?:[{CJK}]{{2,4}}|[Cc]ommitter|[Mm]aintainer)\s*[&、和及,，]\s*)(PMC|PPMC|TSC|TOC)"
    r"(?![A-Za-z0-9])"
)
_AND_PROJECT = re.compile(r"\s+(?:and|&|和|及)\s+((?:Apache\s+)?[A-Z][A-Za-z0-9]+)")
# 'Apache Foo VP', 'Apache Foo 项目的 VP', 'VP of Apache Foo': the project's chair sits on
# its PMC (the span ends before 'VP', the role)
_PROJECT_VP = re.compile(
    r"(?<![A-Za-z0-9])((?:Apache\s+)?[A-Z][A-Za-z0-9]+)(\s*(?:项目)?)\s*(?:的\s*)?VP(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9])VP\s+of\s+(?:the\s+)?((?:Apache\s+)?[A-Z][A-Za-z0-9]+)"
)
# a committee named alone ("PMC 成员", "新晋 PPMC"): the article's own project's
_BARE_COMMITTEE = re.compile(r"(?<![A-Za-z0-9-])(PMC|PPMC)(?![A-Za-z0-9-])")


def committee_name(head: str, acr: str, res: Resources) -> str | None:
    """Canonical name of a project's or organisation's committee, or None when ``head`` is
    neither: an Apache project's committee by the project's full name.

    >>> from extractor.resources import get_resources
    >>> r = get_resources()
    >>> committee_name("APISIX", "PMC", r), committee_name("Apache APISIX", "PMC", r)
    ('Apache APISIX PMC', 'Apache APISIX PMC')
    >>> committee_name("高性能", "PMC", r) is None
    True
    """
    head = _SPACES.sub(" ", head).strip()
    canon = res.canonical.get(("Project", fold(head)))
    if canon:
        full = canon if fold(canon).endswith(fold(head)) else head
        return f"{full} {acr}"
    if ("Organization", fold(head)) in res.canonical:
        return f"{head} {acr}"
    return None


# 'Foo 社区', 'Foo 基金会' right before a committee's acronym
_COMMUNITY_OWNER = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]+(?: [A-Z][A-Za-z0-9]+)?)\s*(社区|基金会|项目)\s*$"
)
# a project's name before 'PMC': one word, capitalised or camel-cased, not a role
_PROJECT_WORD = re.compile(
    r"(?!(?:Apache|The|Member|Members|Chair|VP|Senior|New)$)[A-Z][A-Za-z0-9]{2,20}"
)


def _committees(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    """'openLooKeng PMC', 'APISIX PMC' (= 'Apache APISIX PMC'), 'PMC of Apache Foo',
    '开放原子开源基金会TOC': a known project's or organisation's committee."""
    out = []
    if not _COMMITTEE_WORD.search(text):
        return out  # the regex below is slow on long texts without any of these words
    for m in _COMMITTEE_ACR.finditer(text):
        head = m.group(1)
        if not head.isascii():
            # the longest known organisation or project ending the CJK run
            for k in range(0, len(head) - 1):
                if any((t, fold(head[k:])) in res.canonical for t in ("Organization", "Project")):
                    head = head[k:]
                    break
            else:
                # 'Foo 社区 TSC', 'Foo 基金会 TOC': a community's or foundation's committee
                owner = _COMMUNITY_OWNER.search(text, 0, m.end(1))
                if owner and owner.end() == m.end(1) and m.group(2) != "TC":
                    name = f"{owner.group(1)} {owner.group(2)} {m.group(2)}"
                    out.append(_m("SIG", name, bi, owner.start(), m.end(), orig, "committee"))
                continue
        elif " " in head and committee_name(head, "", res) is None:
            if head.startswith("Apache ") and head.count(" ") == 1 and m.group(2) != "TC":
                # 'Apache Foo PMC': an Apache project's committee, known or not
                out.append(
                    _m("SIG", f"{head} {m.group(2)}", bi, m.start(1), m.end(), orig, "committee")
                )
                continue
            head = head.split(" ")[-1]  # "Community PMC": only the last word may name it
        name = committee_name(head, m.group(2), res)
        if name is None and m.group(2) in ("PMC", "PPMC") and _PROJECT_WORD.fullmatch(head):
            # 'Foo PMC': only a project has a PMC; 'Apache Foo' elsewhere in the article
            # gives its full name
            name = (
                f"Apache {head} {m.group(2)}"
                if f"Apache {head}" in text
                else f"{head} {m.group(2)}"
            )
        if name is None:
            continue
        s = m.end(1) - len(head)
        surface = _SPACES.sub(" ", text[s : m.end()])
        if not head.isascii() and not fold(name).startswith(fold(head)):
            name = surface
        out.append(_m("SIG", name, bi, s, m.end(), orig, "committee"))
    for m in _COMMITTEE_OF.finditer(text):
        acr, head = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        name = committee_name(head, acr, res)
        if name is None and head.startswith("Apache "):
            name = f"{head} {acr}"
        if name:
            out.append(_m("SIG", name, bi, m.start(), m.end(), orig, "committee"))
        more = _AND_PROJECT.match(text, m.end()) if m.group(1) else None
        if more:
            # 'PMC Member of Apache Flink and Apache IoTDB': both projects' committees
            head = more.group(1)
            name = committee_name(head, acr, res) or (
                f"{head} {acr}" if head.startswith("Apache ") else None
            )
            if name:
                out.append(_m("SIG", name, bi, more.start(1), more.end(1), orig, "committee"))
    for m in _PROJECT_VP.finditer(text) if "VP" in text else ():
        head = m.group(1) or m.group(3)
        if ("Project", fold(_SPACES.sub(" ", head).strip())) not in res.canonical:
            # a company's VP ('某某7 VP') holds a post, no seat on a committee
            name = f"{head} PMC" if head.startswith("Apache ") else None
        else:
            name = committee_name(head, "PMC", res)
        if name:
            s, e = (m.start(1), m.end(2)) if m.group(1) else (m.start(), m.end())
            out.append(_m("SIG", name, bi, s, e, orig, "committee"))
    return out


# "Paddle Framework Contributor Club", "Async Working Group": a group's English name
_LATIN_GROUP = re.compile(
    r"(?<![A-Za-z0-9-])((?:[A-Za-z][A-Za-z0-9]*[ -]){1,5}?)"
    r"(Contributors? Club|Club|Working Group|User Group|Special Interest Group|"
    r"Steering Committee|Technical (?:Steering |Oversight )?Committee)(?![A-Za-z0-9])"
)
# "（简称 oGUG）", "，以下简称“PFCC”": the short name a group is given
_SHORT_NAME = re.compile(
    r"\s*[（(，,]\s*(?:以下|下文)?(?:简称|下称|缩写为?)\s*[:：]?\s*[“\"「]?([A-Za-z][A-Za-z0-9-]{1,11})"
)
_ACRONYM_TOKEN = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z]{2,8}(?![A-Za-z0-9-])")


def _latin_groups(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    """Groups named in English: '<words> Club', '<words> Working Group', ..."""
    out: list[Mention] = []
    if "Club" not in text and "Group" not in text and "Committee" not in text:
        return out  # every match of _LATIN_GROUP ends with one of these words
    for m in _LATIN_GROUP.finditer(text):
        words = _latin_group_words(m.group(1))
        if not words or all(w.lower() in _ENGLISH_WORDS for w in words):
            continue
        s = text.rfind(words[0], m.start(), m.end(1))
        name = _SPACES.sub(" ", text[s : m.end()])
        out.append(_m("SIG", name, bi, s, m.end(), orig, "pattern"))
    return out


def _latin_group_words(head: str) -> list[str]:
    """The capitalised words that end ``head`` ('He joined the Rust Async' -> Rust, Async)."""
    words = head.split()
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and words[k - 1].lower() not in _LATIN_GROUP_STOP:
        k -= 1
    return words[k:]


_LATIN_GROUP_STOP = frozenset(
    "the a an and of in at for from by our their his her its he she we they".split()
)


def _acronyms(name: str) -> set[str]:
    """Short forms made of a name's initials: 'Paddle Framework Contributor Club' ->
    {'pfcc'}; inner capitals count too ('openGauss User Group' -> 'ogug', 'oug')."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", name)
    if len(words) < 2:
        return set()
    plain = "".join(w[0] for w in words)
    inner = "".join(w[0] + "".join(c for c in w[1:] if c.isupper()) for w in words)
    return {plain.lower(), inner.lower()}


def _group_short_names(ms: list[Mention], at: ArticleText) -> list[Mention]:
    """A group's short name wherever the article uses it: given after the group ('（简称
    oGUG）') or made of the initials of its English name ('PFCC')."""
    groups = [m for m in ms if m.type == "SIG"]
    if not groups:
        return []
    short: dict[str, str] = {}  # folded short name -> group's name
    for g in groups:
        for a in _acronyms(g.name):
            short.setdefault(a, g.name)
        sm = _SHORT_NAME.match(at.texts[g.block], g.end)
        if sm:
            short[sm.group(1).lower()] = g.name
    out: list[Mention] = []
    if not short:
        return out
    for bi, text in enumerate(at.texts):
        orig = at.article.blocks[bi].text
        for m in _ACRONYM_TOKEN.finditer(text):
            name = short.get(m.group().lower())
            if name and sum(c.isupper() for c in m.group()) >= 2:
                out.append(_m("SIG", name, bi, m.start(), m.end(), orig, "short"))
    return out


def _bare_committees(ms: list[Mention], at: ArticleText, res: Resources) -> list[Mention]:
    """'PMC 成员', 'PPMC' without a project before them: the committee of the project the
    article is about (its most named project), or of the one committee it names in full."""
    if not any("PMC" in t for t in at.texts):
        return []
    named = {m.name for m in ms if m.source == "committee"}
    counts: dict[str, int] = {}
    for m in ms:
        if m.type == "Project" and (m.source == "vocab" or m.name.startswith("Apache ")):
            counts[m.name] = counts.get(m.name, 0) + 1
    main = max(counts, key=lambda k: (counts[k], k), default=None)
    out = []
    taken = {(m.block, m.start) for m in ms if m.source == "committee"}
    for bi, text in enumerate(at.texts):
        if "PMC" not in text:
            continue
        for m in _BARE_COMMITTEE.finditer(text):
            if any(s <= m.start() < m.end() for b, s in taken if b == bi) or any(
                x.block == bi and x.start <= m.start() < x.end
                for x in ms
                if x.source == "committee"
            ):
                continue
            same = [n for n in named if n.endswith(" " + m.group(1))]
            if len(same) == 1:
                name = same[0]
            elif not same and main and counts[main] >= 2:
                name = f"{main} {m.group(1)}"
            else:
                continue
            orig = at.article.blocks[bi].text
            out.append(_m("SIG", name, bi, m.start(), m.end(), orig, "committee"))
    return out


_VENUE = re.compile(
    r"(?:在|于)\s*((?:[^\s，。、；：！？“”《》（）()]|\s[A-Za-z0-9]{1,4}\s?(?=[\u4e00-\u9fff])){2,24}?"
    r"|[^，。、；：！？“”《》]{2,30}?号\s*[^\s，。]{1,12}?(?: [^\s，。]{1,12}?)?)\s*"
    r"(?:圆满|隆重|成功|顺利|胜利|盛大|正式)?(?:举办|举行|召开|开展|落幕|开幕|启幕)"
)
_ADMIN_PREFIX = re.compile(
    rf"^(?:[{CJK}]{{2,6}}?(?:省|市|区|县|镇)|[{CJK}A-Za-z0-9]{{2,12}}?(?:路|街|大街|大道|道)\s*\d+\s*号\s*)"
)


def _venues(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    """Where an event is held: '在北京国家会议中心举行' -> 国家会议中心 (the city is kept apart)."""
    out = []
    for m in _VENUE.finditer(text):
        s, e = m.span(1)
        place = text[s:e]
        if re.search(r"\d+\s*[月日]|于|在", place):
            k = max(place.rfind("于"), place.rfind("在"))
            if k < 0 or re.search(r"\d+\s*[月日]", place[k + 1 :]):
                continue
            s += k + 1
            place = text[s:e]
        known_org = ("Organization", fold(place)) in res.canonical
        while not known_org:
            a = _ADMIN_PREFIX.match(place)
            if not a or len(place) - a.end() < 4:
                break
            s += a.end()
            place = text[s:e]
        for _ls, le, term in res.gazetteer.find(place):
            if (
                _ls == 0
                and term.type == "Location"
                and len(place) - le >= 6
                and not known_org
                and (_starts_token(place, le, res) or place[le].isspace())  # not '深圳|湾…'
            ):
                s += le
                place = text[s:e]
            break
        place = place.strip()
        if len(place) < 2 or any((t, fold(place)) in res.canonical for t in ("Location",)):
            continue  # a plain city is the event's city, found elsewhere
        if re.search(r"线上|云端|直播|现场|会上|期间|当天|本次|此次", place):
            continue
        out.append(_m("Location", place, bi, s, s + len(place), orig, "venue"))
    return out


def _trim_cjk_tail(core: str) -> str:
    for k in range(len(core), 1, -1):
        if core[k - 1] in _FUNCTION_CHARS:
            return core[: k - 1] if k - 1 >= 2 else core
    return core


def _org_prefix(head: str, res: Resources) -> bool:
    """The group's name starts with a known organisation's name ('Linaro数据中心')."""
    return any(
        ("Organization", fold(head[:k])) in res.canonical
        and head[k:].strip()
        and not (head[k - 1].isascii() and head[k].isascii() and head[k].isalnum())
        for k in range(2, min(len(head), 16) + 1)
    )


def _groups(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    """Working groups and committees: '社区运营工作组', '技术委员会', 'openEuler 委员会'."""
    out = []
    pats = patterns(res)
    if not pats.group_word.search(text):
        return out
    for m in pats.group.finditer(text):
        raw = m.group(1).rstrip()
        head = _clean_group_head(raw, res)
        before = raw[: len(raw) - len(head)]
        if (
            head
            and not head.isascii()
            and len(head) <= 4
            and before[-1:] in ("与", "和", "及")
            and _word_tag(head, res) in ("n", "vn", "")
        ):
            # '学术与教育委员会', '安全与隐私工作组': two fields, one group
            for k in (2, 3, 4):
                w = before[-1 - k : -1]
                if len(w) == k and _CJK_RUN.fullmatch(w) and _word_tag(w, res) in ("n", "vn"):
                    head = raw[len(before) - 1 - k :]
                    break
            head = _LATIN_HEAD_STOPS.sub("", head)  # "member of the Async Working Group"
            if " " in head.strip():
                head = " ".join(_latin_group_words(head)) or head
        # the last punctuation mark, not a hyphen inside a name ('A-Tune 兴趣小组')
        k = max((head.rfind(ch) for ch in _PUNCT if ch != "-"), default=-1)
        if k >= 0:
            head = head[k + 1 :]
        head = head.lstrip()
        # two spaces part a label from what follows ('讲师：张三  openEuler技术委员会'); a
        # known Latin name inside the head opens the group's name ('慰 openEuler技术')
        head = re.split(r"\s{2,}", head)[-1]
        for lm in _LATIN_WORD.finditer(head):
            if lm.start() > 0 and ("Project", fold(lm.group())) in res.canonical:
                head = head[lm.start() :]
                break
        s = m.start(1) + (len(raw) - len(head))
        if head.startswith("社区") and (lw := _COMMUNITY_BEFORE.search(text, 0, s)):
            s = lw.start(1)  # 'KubeSphere 社区杭州用户委员会': the community opens the name
            head = text[s : m.start(2)]
        e = m.end()
        suffix = m.group(2)
        # a leading community name is kept as an alias: "openEuler 技术委员会"
        lat = re.match(r"([A-Za-z][A-Za-z0-9]*)\s*", head)
        core_s = s
        if lat and ("Project", fold(lat.group(1))) in res.canonical and head[lat.end() :].strip():
            core_s = s + lat.end()
        core = text[core_s : m.start(2)].strip()
        if suffix == "委员会" and re.search("管理|街道|村民|居民|党|纪律|开发区|人民|政协", core):
            continue  # government and party bodies are organisations, not SIGs
        if "委员会" in suffix and core_s == s and _org_prefix(head, res):
            # "开放原子开源基金会技术监督委员会": an organisation's committee, known by its
            # own name too
            k = next(
                k
                for k in range(min(len(head), 16), 1, -1)
                if ("Organization", fold(head[:k])) in res.canonical
            )
            # the whole organisation ('…基金会'), not a short form ending inside the
            # committee's own name ('开放原子|开源欧拉委员会')
            whole = pats.org_suffix.search(head[max(0, k - 4) : k])
            if whole and head[k:].strip() and head[k:].strip() not in _GENERIC_GROUP_HEADS[:7]:
                core_s = s + k + (len(head[k:]) - len(head[k:].lstrip()))
                core = text[core_s : m.start(2)].strip()
        if "委员会" not in suffix and not res.registry.canonical_sig(text[s:e]):
            owner = re.search(rf"([A-Za-z][A-Za-z0-9]*|[{CJK}]{{2,8}})\s*的\s*$", text[:s])
            if _org_prefix(head, res) or (
                owner and ("Organization", fold(owner.group(1))) in res.canonical
            ):
                continue  # "Linaro(的)数据中心工作组": a company's own team, not a community's
        # an unknown community's Latin name before the field words counts for no length
        # ('openFoo 技术监督委员会')
        own = (
            core[lat.end() :].strip() if lat and core_s == s and head[lat.end() :].strip() else core
        )
        if core and (
            core in _GENERIC_GROUP_HEADS[:7] or len(own) > 10 or _SIG_HEAD_NOISE.search(core)
        ):
            continue
        if not core and core_s == s:
            continue
        full = text[s:e]
        name = res.registry.canonical_sig(full)
        if not name and not res.registry.foreign(full):
            name = res.registry.canonical_sig(text[core_s:e])
        if core_s > s:
            if not name and (res.registry.foreign(full) or _other_community(core, lat, res)):
                # another community's committee keeps its community in its name, so it
                # never merges with this registry's group of the same generic name
                name = re.sub(r"\s+", " ", full).strip()
            name = name or re.sub(r"\s+", " ", text[core_s:e]).strip()
            out.append(_m("SIG", name, bi, core_s, e, orig, "pattern"))
        name = name or re.sub(r"\s+", " ", full).strip()
        out.append(_m("SIG", name, bi, s, e, orig, "pattern"))
    return out


def _other_community(core: str, lat: re.Match[str] | None, res: Resources) -> bool:
    """'KubeSphere 社区杭州用户委员会' without a registry of KubeSphere: '社区…' alone names
    no group, the community's name stays in it (the registry's own community's groups
    go by their short names)."""
    return bool(lat and core.startswith("社区") and fold(lat.group(1)) != res.registry.community)


def _org_start(text: str, end: int, res: Resources, maxlen: int = 14) -> int:
    """Left boundary of an organisation name that ends at ``end``."""
    s = end
    while s > 0 and end - s < maxlen:
        ch = text[s - 1]
        if ch in "）)":
            k = max(text.rfind("（", max(0, s - 10), s), text.rfind("(", max(0, s - 10), s))
            if k > 0 and _CJK_NAME.fullmatch(text[k + 1 : s - 1]):
                s = k  # "中移（苏州）软件技术有限公司": a place in brackets inside the name
                continue
        latin_gap = ch.isspace() and s >= 2 and text[s - 2].isascii() and text[s - 2].isalnum()
        if ch in _PUNCT or ch in "▲△▼■●◆" or (ch.isspace() and not latin_gap):
            break
        s -= 1
    # never start inside a Latin word
    while (
        s < end
        and s > 0
        and text[s].isascii()
        and text[s].isalnum()
        and text[s - 1].isascii()
        and text[s - 1].isalnum()
    ):
        s += 1
    # cut after the last (non-ASCII) stop word: where a stop starts, the longest one
    # starting there ends furthest
    seg = text[s:end]
    ends = [
        m.start() + len(m.group(1))
        for m in patterns(res).org_left_stop.finditer(seg)
        if not _inside_known_name(seg, m.start(), m.start() + len(m.group(1)), res)
    ]
    s += max(ends, default=0)
    # a verb, number, pronoun or adverb opening the span is not part of the name
    role = _ROLE_LEAD.match(text, s, end)
    if role:
        s = role.end()  # 'Member 湖南大学': a member list's role, then the organisation
    return s + _leading_non_name(text[s:end], res)


_ROLE_LEAD = re.compile(
    r"(?i)(?:members?|organizers?|ambassadors?|chair|lead|maintainers?|committers?|speakers?|"
    r"hosts?|mentors?|contributors?|PMC|TSC|TOC)\s+"
)


def _inside_known_name(seg: str, a: int, b: int, res: Resources) -> bool:
    """The stop word seg[a:b] is part of a known place's or organisation's name: '都' in
    '成都昇腾生态创新中心', '和' in '云和恩墨恩墨学院'."""
    for i in range(max(0, a - 3), a + 1):
        for j in range(max(b, i + 2), min(len(seg), i + 6) + 1):
            if (
                j - i >= 2
                and j > a
                and any((t, fold(seg[i:j])) in res.canonical for t in ("Location", "Organization"))
            ):
                return True
    return False


_NON_NAME_POS = ("v", "p", "c", "d", "m", "q", "r", "u", "f", "t")


def _leading_non_name(seg: str, res: Resources) -> int:
    """Characters at the start of ``seg`` that jieba tags as verbs, numbers, pronouns ..."""
    cut = 0
    for _ in range(3):
        rest = seg[cut:]
        if len(rest) < 3:
            break
        words = _tagged(rest, res)
        if not words:
            break
        word, flag = words[0]
        short_ok = len(word) >= 2 or word in "在由与和及对从向把被将为以于等"
        if (
            short_ok
            and flag.startswith(_NON_NAME_POS)
            and not flag.startswith("vn")
            and len(word) < len(rest) - 1
        ):
            cut += len(word)
            continue
        break
    return cut


_TAGGED_MEMO_SIZE = 20000  # texts remembered per Resources before starting afresh


def _tagged(text: str, res: Resources) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) of ``text`` by jieba without HMM, remembered per Resources."""
    memo = res.derived("tagged_memo", dict)
    words = memo.get(text)
    if words is None:
        if len(memo) >= _TAGGED_MEMO_SIZE:
            memo.clear()
        pairs = get_tagger(res).lcut(text, HMM=False)
        words = memo[text] = tuple((w.word, w.flag) for w in pairs)
    return words


_ROLE_ACRONYMS = {"CEO", "CTO", "COO", "CIO", "CFO", "VP", "TOC", "PMC", "TSC", "TC", "AI", "IT"}


_PHRASE_WORDS = re.compile("的|在|及|等|群体|之|其|这|那")


def _phrase_not_name(head: str, res: Resources) -> bool:
    """True when the words before an org suffix read as a phrase (verbs, numbers, adverbs)
    or only as generic words ('软件技术', '科技服务'): a name needs a distinctive part."""
    if _PHRASE_WORDS.search(head):
        return True
    if not _CJK_CHAR.search(head):
        return False
    words = _tagged(head, res)
    generic = ("n", "vn", "v", "a", "b", "an")
    if words and all(flag in generic and len(w) > 1 for w, flag in words):
        return True
    lat = re.match(r"[A-Za-z][A-Za-z0-9]*\s+(?=[\u3400-\u9fff])", head)
    if lat and _phrase_not_name(head[lat.end() :], res):
        return True  # 'Apache Way 运作开源商业化公司'
    return any(flag in ("v", "m", "r", "p") and len(w) > 1 for w, flag in words[1:]) or (
        bool(words) and words[0][1] in ("m", "r", "p")
    )


_ORG_NOISE = re.compile(
    r"\d+\s*[家个所位多余大月日年]|^(?:一|多|几|各|本|该|此|国内|海外|全球|不同|相关|合作|知名|头部|顶尖|主流|世界|满足|随着|构建|助力|节省|已有|已经|我们|他们)"
)


_LABEL_ORG = re.compile(
    rf"^\s*(?:[^：:]{{0,8}}[：:]\s*)?(?:[{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)\s*(?P<sep>[/｜|，,])\s*(?P<org>[^/｜|，,：:。；;！？]{{2,30}}?)\s*(?P=sep)"
)


_LABEL_ORG_TAIL = re.compile(
    rf"^\s*(?:[^：:]{{0,12}}[：:]\s*)?(?:[{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)(?P<sep>\s{{2,}}|\s*[，,|｜]\s*)(?P<field>[^/｜|，,：:、。；;！？]{{3,30}})$"
)


def _label_orgs(text: str, res: Resources) -> list[tuple[int, int]]:
    """'张三/某公司/工程师', '分享嘉宾：张三，某公司，架构师', 'Speaker：张三  某公司副总裁':
    the field after the name names the employer."""
    return [
        _former_employer(text, s, e, res)
        for s, e in _label_org_spans(text, res)
        if not is_person_name(text[s:e].strip(), res)  # '赵二光，赵二光，某公司…': the name again
    ]


# '前腾讯员工', '原阿里巴巴工程师': a former employer, named without its former and staff words
_FORMER = re.compile(r"(?:前|原)(?=[^\s，,。、])")
_STAFF_END = re.compile(r"(?:的)?(?:员工|雇员|职员|成员)$")


def _former_employer(text: str, s: int, e: int, res: Resources) -> tuple[int, int]:
    """The organisation inside '前X员工' (a former employer still counts)."""
    if (
        _FORMER.match(text, s)
        and e - s >= 3
        and ("Organization", fold(text[s:e])) not in res.canonical
    ):
        s += 1
    st = _STAFF_END.search(text, s, e)
    if st and st.start() - s >= 2:
        e = st.start()
    return s, e


def _label_org_spans(text: str, res: Resources) -> list[tuple[int, int]]:
    """:func:`_label_orgs` before a former employer is trimmed."""
    m = _LABEL_ORG.match(text)
    tail = None if m else _LABEL_ORG_TAIL.match(text)
    if not m and not tail:
        return []
    cut = m.start("sep") if m else tail.start("sep")
    name_part = text[:cut].split("：")[-1].split(":")[-1].strip()
    if not is_person_name(strip_titles(name_part, res), res):
        return []
    roles = patterns(res).role_before
    if m:
        org, start = m.group("org"), m.start("org")
        if _STUDIED_AT.match(org):
            return []  # '毕业于浙江大学': a school, not the employer
        if lead := _EMPLOYED_AT.match(org):
            org, start = org[lead.end() :], start + lead.end()  # '就职于蓝鲸科技'
        at_org = AT_ORG.search(org) if org.isascii() else None
        if at_org and at_org.end() == len(org.rstrip()):
            return [(start + at_org.start(1), start + at_org.end(1))]  # 'Staff SRE at Initech'
        if not roles.search(org):
            return [(start, start + len(org))]
        named = _LAST_ORG_SUFFIX.match(org)
        if named:
            # '阿里云智能集团操作系统研发部高级技术专家' -> the organisation up to its suffix
            return [(start, start + named.end())]
    else:
        # "某公司副总裁": the organisation is what precedes the closing role
        org, start = tail.group("field").rstrip(), tail.start("field")
        if not roles.search(org):
            return []
    rm = roles.search(org)
    if rm:
        org = org[: rm.start()].rstrip(" 的")
    known = _known_org_prefix(org, res)
    if known:
        return [(start, start + len(known))]
    if (len(org) > 8 or _DEPARTMENT_END.search(org)) and rm:
        # '中移在线云平台部开发工程师': the organisation before its department and role
        post = org_of_post(text[start : start + rm.end()].strip(), res)
        if post and text.startswith(post, start):
            return [(start, start + len(post))]
    if (
        len(org) < 2
        or len(org) > 8
        or " " in org
        or re.search(r"(?i)s[il]g|委员会|工作组|小组", org)
        or _word_tag(org, res)[:2] not in ("", "nt", "nz", "ns", "nr", "j")  # '独立开发者'
    ):
        return []
    return [(start, start + len(org))]


_LAST_ORG_SUFFIX = re.compile(r".*(?:公司|大学|集团|学院|研究院|研究所)")
# what a bio says before the employer: '就职于', '现任职于', '目前在', '现任'
EMPLOYED_VERBS = "就职于|任职于|供职于|工作于|服务于"  # (also read by relations)
_EMPLOYED_AT = re.compile(
    rf"(?:现|目前|当前)?\s*(?:{EMPLOYED_VERBS}|在|任|任职|为)\s*|现\s*(?=\S{{2}})"
)
_STUDIED_AT = re.compile(r"(?:毕业于|就读于|求学于|本科|硕士|博士)")


def _known_org_prefix(text: str, res: Resources) -> str:
    """The longest known organisation name that ``text`` begins with ('' when none)."""
    for k in range(len(text), 1, -1):
        if ("Organization", fold(text[:k])) in res.canonical:
            return text[:k]
    return ""


_DIGITS_ONLY = re.compile(r"[\d\s]+")
_ACRONYM = re.compile(r"[A-Z]{2,}(?:-[A-Z]{2,})?(?![A-Za-z])")
_FROM_NOT_ORG = re.compile("[各地全国不同多]")
# regions and 'everywhere' after 来自: '来自海内外的开发者', '来自亚太的伙伴'
_FROM_REGION = re.compile("^(?:海内外|国内外|全球|世界各地|各地|亚太|亚洲|欧洲|北美|海外|国内)$")


def _sector_word(cand: str, res: Resources) -> bool:
    """'来自证券、保险和高校的开发者': a kind of organisation, not one of them (the
    cue list's sector words, or a short dictionary noun no vocabulary entry names)."""
    if ("Organization", fold(cand)) in res.canonical:
        return False
    if cand in res.derived("sector_words", lambda: frozenset(res.cues.get("sector_words", []))):
        return True
    return len(cand) <= 3 and _word_tag(cand, res) in ("n", "vn", "an", "nz", "j")


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ORG_WORD_END = re.compile(
    "(?:公司|集团|大学|学院|研究院|研究所|实验室|中心|基金会|联盟|协会|银行)$"
)


# 'Example Inc.', 'Foo Labs', 'Bar University': capitalised words and a legal or
# institutional suffix
_LATIN_ORG_SUFFIX = (
    r"Inc\.?|Ltd\.?|Corp\.?|Corporation|Labs?|Technologies|University|Institute|Foundation|GmbH"
    r"|Academy|Capital|Ventures|Partners|Media|Social|Consulting"
)
_LATIN_ORG_WORD = re.compile(rf"\b(?:{_LATIN_ORG_SUFFIX})")
_LATIN_ORG = re.compile(
    r"(?<![A-Za-z0-9&.-])(?!(?:The|At|Of|And|In)\s)[A-Z][A-Za-z0-9&-]*"
    r"(?:(?:\s+(?:of|for|and|&)\s+|\s+)[A-Z][A-Za-z0-9&-]*){0,4}"
    rf"\s+(?:{_LATIN_ORG_SUFFIX})(?![A-Za-z0-9])"
)


def _orgs(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    out = []
    for s0, e0 in _label_orgs(text, res):
        cand = text[s0:e0].strip()
        canon = res.canonical.get(("Organization", fold(cand)), cand)
        out.append(_m("Organization", canon, bi, s0, s0 + len(cand), orig, "label"))
    roles = patterns(res).role_before
    for m in patterns(res).org_suffix.finditer(text):
        e = m.end()
        s = _org_start(text, m.start(), res)
        head = text[s : m.start()].strip()
        if len(head) < 2 or head in _GENERIC_GROUP_HEADS or _DIGITS_ONLY.fullmatch(head):
            continue
        if _ORG_NOISE.search(head) or head[:1] in _ORG_HEAD_STOPS:
            continue
        name = text[s:e].strip()
        # "中国工商银行股份有限公司", "江苏润和软件股份有限公司": a known company's legal name
        known_head = any(
            ("Organization", fold(head[i:])) in res.canonical for i in range(len(head) - 1)
        )
        if (
            ("Organization", fold(name)) not in res.canonical
            and not known_head
            and _phrase_not_name(head, res)
        ):
            continue
        if m.group() == "科技" and (_common_word(head[-2:], res=res) or len(head) > 6):
            continue  # "金融科技" is a field; "驭势科技" a company
        # '香港城市大学学联CSSA': keep a Latin acronym glued to the name
        tail = _ACRONYM.match(text, e)
        if tail and tail.group() in _ROLE_ACRONYMS:
            tail = None
        if tail:
            e = tail.end()
            name = text[s:e]
        if (
            name[0] == "前"
            and e - s >= 6
            and (s == 0 or text[s - 1] in " ，,、：:（(/|")
            and ("Organization", fold(name)) not in res.canonical
        ):
            s, name = s + 1, name[1:]  # '前某某优启科技工程师': a former employer
        canon = res.canonical.get(("Organization", fold(name)), name)
        out.append(_m("Organization", canon, bi, s, e, orig, "pattern"))
    for m in _LATIN_ORG.finditer(text) if _LATIN_ORG_WORD.search(text) else ():
        name = m.group().rstrip(".") if m.group().endswith(("Inc.", "Ltd.", "Corp.")) else m.group()
        name = m.group() if name.endswith(("Inc", "Ltd", "Corp")) else name
        canon = res.canonical.get(("Organization", fold(name)), name)
        out.append(_m("Organization", canon, bi, m.start(), m.start() + len(name), orig, "pattern"))
    for m in _ORG_FROM.finditer(text):
        cand = m.group(1).strip()
        if (
            2 <= len(cand) <= 20
            and not is_person_name(cand, res)
            and not _FROM_NOT_ORG.search(cand[:1])
            and not _FROM_REGION.match(cand)
            and ("Location", fold(cand)) not in res.canonical
            and not roles.search(cand)
            # '来自某实验室成员刘涵主持，': a person's post inside, no organisation's name
            and not (
                _ORG_FROM_POST.search(cand) and ("Organization", fold(cand)) not in res.canonical
            )
            and not honor_after(res).search(cand)
            and not _ORG_NOISE.search(cand)
            and not _sector_word(cand, res)
            and (
                ("Organization", fold(cand)) in res.canonical
                or _LATIN_LETTER.search(cand)
                or len(cand) <= 4
                or _ORG_WORD_END.search(cand)
            )
            and not any(p in cand for p in "，。；")
        ):
            canon = res.canonical.get(("Organization", fold(cand)), cand)
            out.append(
                _m("Organization", canon, bi, m.start(1), m.start(1) + len(cand), orig, "from")
            )
    return out


# (the patterns below test the character before a name after its first letter: see
# _FREE_PRODUCT_NAME)
_LATIN_TOKEN = re.compile(
    r"[A-Za-z](?<![A-Za-z0-9@/._-][A-Za-z])[A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*(?![A-Za-z0-9@/_-]|\.[A-Za-z])"
)
_AGENT_AFTER = re.compile(r"\s?(?:基于|推出|发布|宣布|提供|在[^，。]{0,12}(?:领域|方面|上)|公司)")
_ARCH_AFTER = re.compile(r"\s*(?:架构|指令集|处理器|芯片|CPU)")
_STANDARD_NOUNS = r"(?:显示协议|协议|规范|标准|指令集|字符集|编码)"
_STANDARD_AFTER = re.compile(r"\s?" + _STANDARD_NOUNS)
_STANDARD_PAIR = re.compile(r"\s?(?:/|和|与|、)\s?[A-Za-z][A-Za-z0-9]*\s?" + _STANDARD_NOUNS)
_TECH_NOUNS = r"(?:技术|协议|规范|标准|算法|编码|指令集|字符集|架构|特性|机制|强化学习|显示协议)"
_TECH_AFTER = re.compile(r"\s?" + _TECH_NOUNS)
_TECH_PAIR = re.compile(r"\s?(?:/|和|与|、)\s?[A-Za-z][A-Za-z0-9]*\s?" + _TECH_NOUNS)
_LATIN_PRODUCT = re.compile(
    r"[A-Z](?<![A-Za-z0-9-][A-Z])(?:[a-z]{2,} [A-Z][a-z]*[A-Z][A-Za-z]*|[A-Z]+ [A-Z][a-z]{2,}|[A-Z]{0,2}-[A-Z][A-Za-z]{2,})(?![A-Za-z0-9-])"
)
_SERVICE_PACK = re.compile(r"[ -]?SP\d+")
_CHANNEL_AFTER = re.compile(r"\s*(?:群|公众号|视频号|小程序|直播间|扫码|号)")
_ENGLISH_WORDS = {
    # 'Apache Way', 'Apache Local Community', 'Apache Incubator': the foundation's ways and
    # bodies, not its projects
    "way",
    "local",
    "foundation",
    "incubator",
    "software",
    # headline words after a project's name ('CINN Update', 'Roadmap'): the news, not a name
    "update",
    "updates",
    "overview",
    "progress",
    "recap",
    "summary",
    "status",
    "intro",
    "introduction",
    # roles and project stages written after a name ('Kyverno Contributor', 'CNCF Sandbox')
    "contributor",
    "contributors",
    "maintainer",
    "maintainers",
    "committer",
    "committers",
    "reviewer",
    "reviewers",
    "member",
    "members",
    "sandbox",
    "incubating",
    "graduated",
    "guest",
    "issue",
    "issues",
    "profile",
    "release",
    "poster",
    "blog",
    "feature",
    "features",
    "guide",
    "review",
    "report",
    "patch",
    "roadmap",
    "tutorial",
    "the",
    "and",
    "for",
    "with",
    "from",
    "into",
    "open",
    "source",
    "cloud",
    "native",
    "data",
    "meetup",
    "summit",
    "day",
    "developer",
    "developers",
    "community",
    "keynote",
    "panel",
    "workshop",
    "conference",
    "forum",
    "session",
    "part",
    "topic",
    "demo",
    "live",
    "online",
    "china",
    "global",
    "new",
    "best",
    "welcome",
    "hello",
    "world",
    "team",
    "group",
    "lab",
    "user",
    "users",
    "leader",
    "lead",
    "owner",
    "chair",
    "ceo",
    "cto",
    "coo",
    "vp",
    "dr",
    "prof",
    "mr",
    "ms",
    "ppt",
    "pdf",
    "faq",
    "qa",
    "q&a",
    "track",
    "stage",
    "booth",
    "expo",
    "gathering",
    "news",
    "version",
    "beta",
    "alpha",
    "preview",
    "info",
    "more",
    "about",
    "home",
    "page",
    "link",
    "http",
    "https",
    "www",
    "com",
    "org",
    "cn",
    "html",
    "md",
    "png",
    "jpg",
    "gif",
    "svg",
}
_EVENT_TAIL = re.compile(
    r"(?i)^(?:meetup|summit|day|days|workshop|conference|forum|con|week|gathering|hackathon|sig|tc|community|社区)$"
)


def _latin_candidate(name: str) -> bool:
    """A Latin token that looks like a product name rather than an English word or acronym."""
    if name.lower() in _ENGLISH_WORDS or len(name) < 3:
        return False
    if _SIG_OR_DOT.search(name):
        return False  # SIG names and dotted identifiers are handled elsewhere
    if _CAMEL.search(name):  # CamelCase: TransferQueue, secGear
        return True
    if len(name) >= 4 and _LETTERS_DIGITS.search(name):  # RVA23, Log4j
        return not _SHORT_CODE.fullmatch(name)
    return False


_APACHE = re.compile(
    r"(?<![A-Za-z0-9])Apache ([A-Z][A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?: [A-Z][A-Za-z0-9]+)*(?![A-Za-z0-9])"
)


_PRODUCT_SHAPE = re.compile(r"[A-Z][a-z]{3,}|[A-Z0-9]{4,}")
_JOINED_WORDS = re.compile(r"[-_]|[a-z][A-Z]|[A-Za-z]\d")


def _product_name(name: str) -> bool:
    """A Latin token next to a product noun that can be the product's name."""
    if len(name) < 3 or name.lower() in _ENGLISH_WORDS or name.lower() in _LATIN_STOP:
        return False
    if _SIG_OR_DOT.search(name):  # product names hold no dot: the SIG test
        return False
    # "Witty", "AISP", "scx-loader": capitalised, an acronym of 4+, or joined words
    return bool(_PRODUCT_SHAPE.fullmatch(name) or _JOINED_WORDS.search(name))


_SIG_OR_DOT = re.compile(r"(?i)s[il]g|\.")
_CAMEL = re.compile(r"[a-z][A-Z]")
_LETTERS_DIGITS = re.compile(r"[A-Za-z]{2,}\d|\d[A-Za-z]")
_SHORT_CODE = re.compile(r"\d+[A-Za-z]{1,2}|[A-Za-z]{1,2}\d+|[A-Z]{2,4}20\d\d")


_EVENT_NEAR = re.compile(r"\s*(?:20\d\d|大会|峰会|会议|论坛|Summit|Conference|China|Europe|Asia)")


_VERSION_ONLY = re.compile(r"\d+(?:\.\d+)*")
# a generic software word ending a name: a kind of thing, not a product's own name
_GENERIC_LAST = re.compile(r"(?i)(?:^|[ -])(?:sdk|ide|api|cli|ui|app|plugin|demo|tools?)$")
_WORD_SEP = re.compile(r"[ -]")
_EDITION = re.compile(
    r"([A-Za-z](?<![A-Za-z0-9][A-Za-z])[A-Za-z0-9]+) ((?:[A-Z][A-Za-z0-9]+)(?: [A-Z][A-Za-z0-9]+)?)(?![A-Za-z0-9])"
)
_SIG_OR_PMC = re.compile(r"(?i)s[il]g|pmc")
_JOINED_CAPITAL = re.compile("[ -][A-Z]")


def _projects(bi: int, text: str, orig: str, res: Resources) -> list[Mention]:
    """Projects the vocabulary does not know: names next to 项目/框架/..., product-like tokens,
    and a known project's edition ('openEuler Embedded')."""
    out = []
    known = res.canonical

    def unknown(name: str) -> bool:
        k = fold(name)
        return not any(
            (t, k) in known for t in ("Project", "Technology", "Organization", "Location")
        )

    if not _LATIN_LETTER.search(text):
        return out  # every pattern below starts with a Latin letter
    for m in _PROJECT_NEAR.finditer(text):
        name = m.group(1).strip()
        if len(name) < 3 or name.isdigit() or name.upper() == name and len(name) <= 3:
            continue
        if _SIG_WORD.search(name) or _GENERIC_LAST.search(name):
            continue  # 'Embedded SIG 项目', 'sdk 工具', 'HarmonyOS IDE 插件'
        if name.lower() in _LATIN_STOP or name.lower() in _ENGLISH_WORDS:
            continue
        if unknown(name):
            out.append(_m("Project", name, bi, m.start(1), m.start(1) + len(name), orig, "pattern"))
    cjk = sum(map(len, _CJK_RUN.findall(text)))
    if cjk < len(text) * 0.2:
        return out  # an English passage: its capitalised words are not names
    for m in _LATIN_TOKEN.finditer(text):
        name = m.group()
        canon = known.get(("Project", fold(name)))
        if (
            canon
            and canon != name
            and ("_" in canon or "-" in canon)
            and len(name) >= 4
            and not any((t, fold(name)) in known for t in ("Technology", "Organization"))
        ):
            # "IB-Robot" for the registry's repository "IB_Robot": the same project
            out.append(_m("Project", canon, bi, m.start(), m.end(), orig, "token"))
            continue
        if not unknown(name) or name.lower() in _ENGLISH_WORDS or len(name) < 2:
            continue
        if (
            len(name) >= 3
            and name[0].isupper()
            and (_TECH_AFTER.match(text, m.end()) or _TECH_PAIR.match(text, m.end()))
        ):
            # "TrIO 技术", "X11/Wayland 显示协议", "RVA23 规范": a technique or standard
            if not _VERSION_ONLY.fullmatch(name):
                out.append(_m("Technology", name, bi, m.start(), m.end(), orig, "token"))
            continue
        if (
            _latin_candidate(name)
            and not _CHANNEL_AFTER.match(text, m.end())
            and not _EVENT_NEAR.match(text, m.end())
        ):
            out.append(_m("Project", name, bi, m.start(), m.end(), orig, "token"))
    # "加速引擎 Clyde", "Witty 智能运维套件": a name the text says is an engine, a suite...
    pats = patterns(res)
    kinds = (pats.product_before, pats.product_after) if pats.product_word.search(text) else ()
    if pats.product_cue_word.search(text):
        kinds = (*kinds, pats.product_cue)
    for pat in kinds:
        for m in pat.finditer(text):
            g = 1 if m.group(1) else 2
            name = m.group(g)
            if _product_name(name) and unknown(name) and not _GENERIC_LAST.search(name):
                out.append(_m("Project", name, bi, m.start(g), m.end(g), orig, "pattern"))
    # "Apache Bigtop": a project of the Apache foundation
    for m in _APACHE.finditer(text):
        name = f"Apache {m.group(1)}"  # "Apache Bigtop 3.3.0", "Apache Kafka Connect"
        if unknown(m.group()) and unknown(name) and m.group(1).lower() not in _ENGLISH_WORDS:
            out.append(_m("Project", name, bi, m.start(), m.start() + len(name), orig, "pattern"))
    if not _JOINED_CAPITAL.search(text):
        return out  # both patterns below need a capital after a space or hyphen
    # "Intelligence BooM", "XZ Utils", "IB-Robot": multiword or hyphenated product names
    for m in _LATIN_PRODUCT.finditer(text):
        name = m.group()
        words = _WORD_SEP.split(name)
        if any(w.lower() in _ENGLISH_WORDS or _EVENT_TAIL.match(w) for w in words):
            continue
        if unknown(name) and not _EVENT_NEAR.match(text, m.end()):
            out.append(_m("Project", name, bi, m.start(), m.end(), orig, "token"))
    # "openEuler Embedded", "openEuler AgentOS": a known project's named edition
    for m in _EDITION.finditer(text):
        base, tail = m.group(1), m.group(2)
        words = tail.split()
        if (
            ("Project", fold(base)) in known
            and not any(_EVENT_TAIL.match(w) or w.lower() in _ENGLISH_WORDS for w in words)
            and not _SIG_OR_PMC.search(tail)
            and not _GENERIC_LAST.search(tail)
        ):
            if unknown(tail) or ("Project", fold(f"{base} {tail}")) in known:
                out.append(_m("Project", f"{base} {tail}", bi, m.start(), m.end(), orig, "edition"))
    return out


# ---------------------------------------------------------------- people
def _people(at: ArticleText, res: Resources) -> list[Mention]:
    """Find people from strong cues, then every other occurrence of their names."""
    pats = patterns(res)
    found: dict[str, str] = {}  # name -> first cue kind
    attrs: dict[str, set[str]] = {}
    # what a line says of people depends on the line alone, and the same lines (a
    # template's labels, a community's footer) come back article after article
    memo = res.derived("person_line_memo", dict)
    for bi, ls, le in _slot_lines(at):
        block = at.article.blocks[bi]
        line = at.texts[bi][ls:le]
        key = (line, block.kind)
        said = memo.get(key)
        if said is None:
            if len(memo) >= _NAME_MEMO_SIZE:
                memo.clear()
            cues = tuple(_person_cues(line, block.kind, res, pats))
            slots = tuple(_slot_people(line, res, pats)) if block.kind != "code" else ()
            said = memo[key] = (cues, slots)
        for name, kind, role in said[0]:
            found.setdefault(name, kind)
            if role:
                attrs.setdefault(name, set()).add(role)
        for name in said[1]:
            found.setdefault(name, "slot")
    # '文博表示': the given name of a person found with the surname ('邵文博'), not another one
    given = {n[1:] for n in found if len(n) == 3 and n[0] in res.surnames}
    for n in [n for n in found if n in given and found[n] in ("speech", "caption")]:
        del found[n]
    for name in _joined_after(at, found, res):
        found.setdefault(name, "joined")
    handles = _handles(at, res)
    for h in handles:
        found.setdefault(h, "handle")
    whole = "\n".join(at.texts)
    chars = set(whole)
    for canon in _registry_names(res):
        # a name is in the text only if its first two characters are (a cheap test first)
        if canon[0] in chars and canon[1] in chars and canon not in found and canon in whole:
            found[canon] = "registry"
    # every occurrence of each found name, and of a given name only one of them has
    owners: dict[str, list[str]] = {}
    for name in found:
        if len(name) == 3 and name[0] in res.surnames and name[:2] not in res.compound_surnames:
            owners.setdefault(name[1:], []).append(name)
    out: list[Mention] = []
    names = sorted(found, key=len, reverse=True)
    for bi, text in enumerate(at.texts):
        orig = at.article.blocks[bi].text
        taken: set[int] = set()
        for name in names:
            if name not in text:
                continue
            for s, e in _occurrences(name, text):
                if s in taken or (e - 1) in taken:
                    continue
                if name.isascii() and (
                    (s > 0 and (_latin_alnum(text[s - 1]) or text[s - 1] in "-_/."))
                    or (e < len(text) and (_latin_alnum(text[e]) or text[e] in "-_"))
                ):
                    continue
                taken.update(range(s, e))
                at_attrs = tuple(("role", r) for r in sorted(attrs.get(name, ())))
                canon = at.original(name)
                if name in handles and name.isascii():
                    # '周倜（tizhou86）', '肖宇檬@GoldenStain': the account of the person before it
                    # (a Chinese name after '@' is the person's own: '题目 @张三')
                    owner = _HANDLE_OWNER.search(text, max(0, s - 20), s)
                    run = owner.group(1) if owner and owner.end() == s else ""
                    who = next((run[-k:] for k in (2, 3, 4) if run[-k:] in found), None) or next(
                        (
                            run[-k:]
                            for k in (3, 2, 4)
                            if is_person_name(run[-k:], res, True)
                            # '飞桨工程师[tizhou86]': the end of a role, not a name
                            and not _role_tail(run, len(run) - k, pats)
                        ),
                        None,
                    )
                    if who:
                        canon = at.original(who)
                        found.setdefault(who, "handle")
                    # '下一期主席为 OuyangChao', '轮值主席肖宇檬@…': the role before the person
                    k = owner.end(1) - len(who) if who else s
                    rm = _ROLE_BEFORE_HANDLE.search(text, max(0, k - 12), k)
                    if rm and pats.role_before.search(rm.group(1)):
                        role = pats.role_before.search(rm.group(1)).group().strip()
                        at_attrs = (*at_attrs, ("role", role))
                out.append(_m("Person", canon, bi, s, e, orig, found[name], at_attrs))
        out.extend(_given_names(at, bi, owners, taken, res, pats))
    at.persons = {n: {k} for n, k in found.items()}
    return out


# a name joined after a person's ('刘彦博 (Flutter GDE)、王鑫磊、李承峻'): their note,
# then a joining word, then the next name
_JOINED_NEXT_LATIN = re.compile(
    r"(?:\s*\([^()]{0,30}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)([A-Z][a-z]+ [A-Z][a-z]+)"
)
_JOINED_NEXT = re.compile(
    rf"(?:\s*[（(][^（）()]{{0,30}}[）)])?\s*(?:[、&＆]|和|与|及)\s*([{CJK}]{{2,4}})"
)


def _joined_after(at: ArticleText, found: dict[str, str], res: Resources) -> list[str]:
    """Names listed right after a person found by a cue, each a name anywhere (not only
    where cued): the co-speakers and panellists of one sentence ('甲 (GDE)、乙、丙',
    'David Chen (Acme), Maria Garcia and Kenji Sato')."""
    out: list[str] = []
    after = patterns(res).after_cues

    def chinese(text: str, m: re.Match[str]) -> str | None:
        run = m.group(1)
        cand = next((run[:k] for k in (3, 2) if run[:k] in found), None)
        return cand or _name_at(text, m.start(1), res, after)

    def latin(_text: str, m: re.Match[str]) -> str | None:
        return m.group(1) if is_person_name(m.group(1), res) else None

    for names, joined, pick in (
        ([n for n in found if " " in n and n.isascii()], _JOINED_NEXT_LATIN, latin),
        ([n for n in found if len(n) >= 2 and not n.isascii()], _JOINED_NEXT, chinese),
    ):
        for text in at.texts if names else ():
            for name in names:
                if name not in text:
                    continue
                for _s, e in _occurrences(name, text):
                    pos = e
                    while (m := joined.match(text, pos)) and (cand := pick(text, m)):
                        if cand not in found and cand not in out:
                            out.append(cand)
                        pos = m.start(1) + len(cand)
    return out


# a GitHub/Gitee/GitCode account link whose text is the account: '[RangeKing](https://github.com/RangeKing)'
_ACCOUNT_LINK = re.compile(
    r"\[@?([A-Za-z0-9][A-Za-z0-9_.-]{1,38})\]\(\s*https?://(?:www\.)?"
    r"(?:github\.com|gitee\.com|gitcode\.com|gitcode\.net)/@?([A-Za-z0-9][A-Za-z0-9_.-]{1,38})/?\s*\)"
)
# '@sanbuphy' in running text (not an e-mail address: no letter or digit before the '@')
_AT_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_.@])@ ?([A-Za-z][A-Za-z0-9_-]{1,38})(?![A-Za-z0-9_@-]|\.[A-Za-z])"
)
_HANDLE_OWNER = re.compile(
    rf"([{CJK}]{{2,4}})\s*(?:[（(]\s*)?(?:(?i:github|gitee|gitcode)\s*(?:ID|id|账号)?\s*[：:]\s*)?@?\s*$"
)
_ROLE_BEFORE_HANDLE = re.compile(r"(\S+?)\s*(?:为|是|[：:])?\s*@?\s*$")
_PLAIN_WORD = re.compile(r"[A-Za-z][a-z]+")  # a capitalised word: no account without more
_HANDLE_NOT = frozenset("all here everyone channel issue issues pr pulls main master".split())


def _handles(at: ArticleText, res: Resources) -> set[str]:
    """Accounts the article names as people: links to a code host's user page whose text
    is the account ('[RangeKing](https://github.com/RangeKing)'), and '@account'."""
    out = set()
    body = at.article.body
    if "github" in body or "gitee" in body or "gitcode" in body:
        for m in _ACCOUNT_LINK.finditer(body):
            if m.group(1).lower() == m.group(2).lower():
                out.add(m.group(1))
    if "@" in body:
        for b, text in zip(at.article.blocks, at.texts, strict=False):
            if "@" in text and b.kind != "code":
                for m in _AT_HANDLE.finditer(text):
                    h = m.group(1)
                    # '@State', '@Override': a decorator or a word, not an account
                    if h.lower() in _HANDLE_NOT or (_PLAIN_WORD.fullmatch(h) and h[0].isupper()):
                        continue
                    if text[m.end() : m.end() + 1] in ("(", "."):
                        continue
                    out.add(h)
                # '@Jack Yu, @Jun Ma': a person's full name after '@'
                for m in _AT_FULL_NAME.finditer(text):
                    if is_person_name(m.group(1), res):
                        out.add(m.group(1))
                # '@张鑫认领', '@吴磊': a task's owner named after '@' in the minutes
                for m in _AT_CJK.finditer(text):
                    nm = next(
                        (
                            m.group(1)[:k]
                            for k in (3, 2)
                            if is_person_name(m.group(1)[:k], res)
                            and _own_word(m.group(1), 0, m.group(1)[:k], res)
                            or k == len(m.group(1))
                            and is_person_name(m.group(1), res)
                        ),
                        None,
                    )
                    if nm:
                        out.add(nm)
    return out


_AT_FULL_NAME = re.compile(r"(?<![A-Za-z0-9_.@])@ ?([A-Z][a-z]+ [A-Z][a-z]+)(?![A-Za-z0-9_@-])")
_AT_CJK = re.compile(rf"(?<![A-Za-z0-9_.@])@ ?([{CJK}]{{2,5}})")


def _role_tail(run: str, start: int, pats: _Patterns) -> bool:
    """A role word of ``run`` ends where ``run`` does and begins before ``start``
    ('工程师' in '飞桨工程师': '程师' is no name)."""
    m = pats.role_before.search(run)
    return bool(m and m.start() < start)


def _latin_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# '张三（Kevin Zhang）', '阿木（王小明）', '王小明（花名：阿木）': a person's other name in brackets
_OTHER_NAME = re.compile(
    rf"\s*[（(]\s*(?:(?:花名|昵称|英文名|网名|ID|id)\s*[：:]?\s*)?"
    rf"([{CJK}]{{2,4}}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}|[A-Za-z][A-Za-z0-9_-]{{2,38}})\s*[）)]"
)
_NICKNAME_CUE = re.compile(r"花名|昵称|网名")
_TERM_TYPES = ("Organization", "Project", "Technology", "Location")


def _person_aliases(ms: list[Mention], at: ArticleText, res: Resources) -> list[Mention]:
    """One person for each name a person goes by in the article: the fullest real name,
    with a nickname (花名), an English name, an account or the romanised name as aliases.

    '阿木（王小明）' (a nickname, the real name in brackets) and '王小明（阿木）',
    '王小明（花名：阿木）', '侯明永（Mingyong Hou）' (an English or romanised name) name one
    person; so do a Chinese name and a Latin one anywhere in the article when the Latin
    one spells the Chinese one in pinyin, either order ('Mingyong Hou', 'Hou Mingyong')."""
    people = [m for m in ms if m.type == "Person"]
    if not people:
        return ms
    rename: dict[str, str] = {}  # name -> the person's real name
    extra: list[Mention] = []
    for p in people:
        text = at.texts[p.block]
        om = _OTHER_NAME.match(text, p.end)
        if not om or om.group(1) == p.name:
            continue
        other = om.group(1)
        orig = at.article.blocks[p.block].text
        if any((t, fold(other)) in res.canonical for t in _TERM_TYPES):
            continue  # '钱思源（华为）': an employer in brackets, no other name
        if _CJK_NAME.fullmatch(other):
            nickname = _NICKNAME_CUE.search(text, p.end, om.start(1))
            if nickname or not is_person_name(other, res):
                if nickname or not is_person_name(p.name, res):
                    # '王小明（花名：阿木）': the bracket holds the nickname
                    extra.append(
                        _m("Person", p.name, p.block, om.start(1), om.end(1), orig, "alias")
                    )
                continue
            if p.name.isascii() or not is_person_name(p.name, res):
                # '阿木（王小明）', 'Liam Chen（陈立）': the real name in brackets
                rename[p.name] = other
                extra.append(_m("Person", other, p.block, om.start(1), om.end(1), orig, "alias"))
            continue
        if not p.name.isascii() and (slot_person(other, res) or _AT_HANDLE.fullmatch("@" + other)):
            # '侯明永（Mingyong Hou）', '周倜（tizhou86）'
            rename.setdefault(other, p.name)
            extra.append(_m("Person", p.name, p.block, om.start(1), om.end(1), orig, "alias"))
    # a Latin name that spells a Chinese one in pinyin
    chinese = {m.name for m in people if _CJK_NAME.fullmatch(m.name)}
    latin = {m.name for m in people if m.name.isascii() and " " in m.name}
    if chinese and latin:
        spelled = {}
        for c in chinese:
            for key in _pinyin_keys(c):
                spelled.setdefault(key, set()).add(c)
        for name in latin:
            hits = spelled.get(fold(name).replace("-", ""), set())
            if len(hits) == 1 and name not in rename:
                rename[name] = next(iter(hits))
    if not rename and not extra:
        return ms
    out = [
        replace(m, name=rename[m.name]) if m.type == "Person" and m.name in rename else m
        for m in ms
    ]
    out += [replace(m, name=rename.get(m.name, m.name)) for m in extra]
    # the other name wherever else the article uses it
    taken = {(m.block, i) for m in out if m.type == "Person" for i in range(m.start, m.end)}
    for a in {m.surface: m.name for m in extra if len(m.surface) >= 2}.items():
        surface, name = a
        for bi, text in enumerate(at.texts):
            for s, e in _occurrences(surface, text) if surface in text else ():
                if (bi, s) in taken or (bi, e - 1) in taken:
                    continue
                if surface.isascii() and (
                    (s > 0 and _latin_alnum(text[s - 1]))
                    or (e < len(text) and _latin_alnum(text[e]))
                ):
                    continue
                out.append(
                    _m(
                        "Person",
                        rename.get(name, name),
                        bi,
                        s,
                        e,
                        at.article.blocks[bi].text,
                        "alias",
                    )
                )
    return out


def _pinyin_keys(name: str) -> set[str]:
    """Folded romanisations of a Chinese name: given name then surname and the reverse,
    every reading of a character that has several ('侯明永' -> {'mingyonghou',
    'houmingyong'}); compound surnames kept whole."""
    readings = [_readings(c) for c in name]
    if not all(readings):
        return set()
    k = 2 if len(name) >= 3 and name[:2] in _COMPOUND_HINT else 1
    out = set()
    for syl in islice(product(*readings), 16):
        surname, given = "".join(syl[:k]), "".join(syl[k:])
        out.update((given + surname, surname + given))
    return out


_COMPOUND_HINT = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤".split()
)


def _occurrences(word: str, text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``word`` in ``text``, left to right, not overlapping (``re.finditer`` on the
    escaped word, without compiling a pattern per name).

    >>> list(_occurrences("aa", "aaaxaa"))
    [(0, 2), (4, 6)]
    """
    n = len(word)
    i = text.find(word)
    while i >= 0 and n:
        yield i, i + n
        i = text.find(word, i + n)


_BEFORE_GIVEN = re.compile(r"[\s:：，,。、(（]")


def _given_names(
    at: ArticleText,
    bi: int,
    owners: dict[str, list[str]],
    taken: set[int],
    res: Resources,
    pats,
) -> list[Mention]:
    """'新良分享了…' after '刘新良': a later mention by the given name alone, read as the
    full name when one person found in the article has that given name (``owners``: given
    name -> full names) and the name stands where a person acts (line start or after
    punctuation, before 在/分享/表示…)."""
    text, orig = at.texts[bi], at.article.blocks[bi].text
    out = []
    for given, full in owners.items():
        if len(full) != 1 or given not in text or _common_word(given, res=res):
            continue
        for s, e in _occurrences(given, text):
            if s in taken or (s > 0 and not _BEFORE_GIVEN.match(text[s - 1])):
                continue
            rest = text[e:]
            if not any(rest.startswith(c) for c in pats.after_cues):
                continue
            taken.update(range(s, e))
            out.append(_m("Person", at.original(full[0]), bi, s, e, orig, "given"))
    return out


def _registry_names(res: Resources) -> list[str]:
    """The registry's Chinese person names (2-4 characters), sorted."""
    return res.derived(
        "registry_names",
        lambda: [n for n in sorted(set(res.registry.people.values())) if _CJK_NAME.fullmatch(n)],
    )


# the cue patterns of _person_cues, in the order it tries them
# a numbered line's lead ("1. ", "二、") and a list of names ("张三、李四"), in headings
# "姓名：题目" (also read by talks.py)
ITEM_NUMBER = r"(?:[\d一二三四五六七八九十]+[\s.、．)）:-]*)?"
NAME_LIST = rf"[{CJK}A-Za-z ·、，,&和与]{{2,30}}?"
NAME_SEP = re.compile(r"[、，,&和与]")
_CUE_NAMES_COLON = re.compile(rf"^\s*{ITEM_NUMBER}({NAME_LIST})\s*[：:]")
_CUE_LABEL_SEP = re.compile(r"[、，,&/｜|；;：:（(]|\s{2,}|和|与|\s+and\s+")
_CUE_NAME_SLASH = re.compile(rf"^\s*([{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)\s*[/｜|]\s*\S")
# "14:00-14:30 《题目》 张三 公司", "《题目》｜张三｜公司": an agenda line
AGENDA_LINE = re.compile(
    r"^\s*(?:\d{1,2}\s*[:：]\s*\d{2}\s*(?:[-–—~～至]\s*\d{1,2}\s*[:：]\s*\d{2})?\s*)?"
    rf"《([^《》]{{2,80}})》\s*[|｜/]?\s*([{CJK}]{{2,4}}|[A-Z][a-z]+ [A-Z][a-z]+)(?=[\s|｜/，,（(]|$)"
)
_CUE_NUMBERED = re.compile(rf"(?:^|\s)\d{{1,2}}\s*[-、.．]\s*([{CJK}]{{2,4}})\s*《")
_CUE_SPEECH = re.compile(
    rf"([{CJK}]{{2,4}}?|[A-Z][a-z]+ [A-Z][a-z]+)\s*(?:正在|在现场|现场)?"
    rf"(?:以|带来|为大家带来|分享|作|做|发表|围绕|进行|共同|联合)[^。]{{0,12}}[《「“]"
)
_LIST_JOIN = re.compile(r"\s*[、和与及]\s*")


def _listed_names(run: str) -> list[str]:
    """The parts of '甲、乙和丙' (names still to be checked)."""
    return [x for x in _LIST_JOIN.split(run.strip()) if x]


_CUE_TOGETHER = re.compile(
    rf"((?:[{CJK}]{{2,5}}\s*[、和与及]\s*)+[{CJK}]{{2,3}})\s*(?:共同|联合|一起)\s*"
    r"(?:带来|分享|介绍|发表|讲解|完成|演示)"
)
_JOINED_BEFORE = re.compile(rf"([{CJK}]{{2,3}})\s*[、和与及]\s*$")


def _joined_before(text: str, start: int, res: Resources) -> Iterator[tuple[str, str, None]]:
    """Names joined before the one at ``start`` ('甲与乙', '甲、乙和丙')."""
    while m := _JOINED_BEFORE.search(text, max(0, start - 5), start):
        cand = next((m.group(1)[-k:] for k in (3, 2) if is_person_name(m.group(1)[-k:], res)), "")
        if not cand:
            return
        yield cand, "speech", None
        start = m.end(1) - len(cand)


_CUE_LATIN = re.compile(
    r"(?:(?<![A-Za-z])(?:Dr|Prof|Mr|Ms|Mrs)\.?\s*|的\s*|(?i:moderated|hosted|presented|given) by\s+)"
    r"([A-Z][a-z]+(?: [A-Z][a-z]+){1,2})(?=\s*(?:在|以|带来|分享|介绍|表示|指出|，|,|：|:|\.|\(|（|$))"
)
_CUE_LATIN_WORDS = ("Dr", "Prof", "Mr", "Ms", "by ")  # with 的, what _CUE_LATIN needs before a name
_CUE_AND = re.compile(r"[、和与及]")
_CUE_GROUP_WORDS = re.compile("嘉宾|讲师|创始人|负责人|成员|专家")
# a line opening with a name (or a dash before it: "题目 —— 孟佳，蔚来汽车 工程师"), then
# its organisation or role after a comma or in brackets: "宋岩（浙江大学 博士生）"
_CUE_NAME_COMMA = re.compile(
    rf"^\s*([{CJK}]{{2,4}}|[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})\s*([，,（(：:])\s*(.{{2,40}})"
)
_CUE_DASH_NAME = re.compile(
    rf"^.{{0,60}}?\s(?:——|—|--)\s*([{CJK}]{{2,4}}|[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})"
    r"\s*([，,（(])\s*(.{2,40})"
)
_NICKNAME_LABEL = re.compile(r"(?i)\s*(?:花名|昵称|英文名|网名|github|gitee|id)")
_CUE_EMPLOYER = re.compile(
    "公司|大学|研究所|研究院|实验室|软件所|集团|学院|Inc|University|Lab"
    r"|(?i:\b(?:engineer|developer|founder|researcher|professor|maintainer|architect|manager"
    r"|director|student|lead|member|scientist|CEO|CTO)s?\b)"
)


def _name_before_alias(run: str, res: Resources) -> str | None:
    """The person's name that ends ``run``, a CJK run before a bracketed English name:
    the longest name that does not open with a function word ('和郭靖' is '郭靖')."""
    if not _CJK_CHAR.match(run[-1:]):
        return None
    cands = [run[-n:] for n in (3, 2, 4) if len(run) >= n and is_person_name(run[-n:], res)]
    plain = [c for c in cands if c[0] not in _FUNCTION_CHARS and c[0] not in "于由向给跟同"]
    return (plain or cands or [None])[0]


# a name (a CJK run ending in one, or a Latin name) and a bracket holding its bio
_CUE_NAME_PAREN = re.compile(
    rf"([{CJK}]{{2,8}}|[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})\s*[（(]([^（）()]{{2,40}})[）)]"
)
_CUE_IS_VERB = re.compile("是|作为|担任|现任|身为|当选|成为")
# a clause opening with a name (or names) and a verb giving it a role
_CUE_NAME_IS = re.compile(
    rf"(?:^|(?<=[，。；;！？!?\s]))((?:[{CJK}]{{2,3}}\s*[、和与及]\s*)*[{CJK}]{{2,3}}"
    r"|[A-Z][a-z]+ [A-Z][a-z]+)\s*"
    r"(?:是|作为|担任|现任|现为|身为|当选为|当选|成为|被选为)"
)
# '选举吴磊为 X 组长', '任命甲、乙为…': the people given a post
_CUE_ELECTED = re.compile(
    rf"(?:选举|推选|任命|聘任|推举|聘请|增补)\s*((?:[{CJK}]{{2,3}}\s*[、和与及]\s*)*[{CJK}]{{2,3}})\s*(?:为|担任)"
)
_CUE_CAPTION = re.compile(rf"^\s*(?:[▲△▼↑]|图\s*\d*\s*[：:]|\(图\)|【图】)\s*([{CJK}]{{2,8}})")
_CAPTION_TAIL = re.compile(
    r"\s*(?:$|[，,、（(]|(?:在|正在)?(?:现场|会上)?(?:分享|演讲|致辞|发言|介绍|主持|讲解|演示)"
    r"|老师|先生|女士|博士|教授|同学)"
)
# a bracket and what it holds ('（某某科技）', '（杜雨桐）')
BRACKET_NOTE = re.compile(r"\s*[（(]([^（）()]{1,40})[）)]")


def _bio_or_name(m: re.Match[str], res: Resources) -> str:
    """A bracket after a name in a speaker label: kept when it opens with another name
    ('Grace Du（杜雨桐）'), dropped when it is a bio ('（某某科技）')."""
    first = re.split(r"[，,、；;\s]", m.group(1).strip(), maxsplit=1)[0]
    return m.group() if is_person_name(first, res, cued=True) else ""


_CUE_LIST_WORD = re.compile("老师|嘉宾|讲师|专家|同学|讲者")
_CUE_LIST_TAIL = re.compile(
    rf"((?:[{CJK}]{{2,4}}\s*[、和与及]\s*)+[{CJK}]{{2,4}}?)\s*(?:等)?\s*"
    r"(?:[两二三四五六七八九十\d]+\s*位)?\s*(?:老师|嘉宾|讲师|专家|同学|讲者)"
)
_CUE_HOSTED_BY = re.compile(rf"由\s*([{CJK}]{{2,4}}?)\s*(?:老师|先生|女士)?\s*(?:担任)?主持")
_CUE_LATIN_SPEECH = re.compile(
    r"((?:[A-Z][a-z]+ [A-Z][a-z]+\s*(?:和|与|、|,|，|and|&)\s*)*[A-Z][a-z]+ [A-Z][a-z]+)\s*"
    r"(?:在现场|现场)?(?:分享了|介绍了|表示|带来了|讲解了|演示了|指出|分享|介绍)"
)
# verbs of a talk that make the name opening their clause a speaker (not '以', '就',
# '从': they open phrases about something else)
_CLAUSE_VERBS = (
    "分享了",
    "带来了",
    "介绍了",
    "讲解了",
    "解读了",
    "阐述了",
    "剖析了",
    "探讨了",
    "展示了",
    "演示了",
    "回顾了",
    "发布了",
    "宣布了",
    "总结了",
    "发表了",
    # and of saying: '吴磊表示，…'
    "表示",
    "指出",
    "认为",
    "强调",
    "谈到",
    "提到",
    "总结道",
    # and of holding a post: '吴磊现任…', '冯刚目前在某某科技担任…'
    "现任",
    "担任",
    "就职于",
    "任职于",
    "供职于",
    "曾任",
)
# the last clause boundary in a stretch of text, and a clause's head before its verb
_CLAUSE_CUT = re.compile(r".*[，。；;！？!?：:\s]", re.S)
_CLAUSE_HEAD = re.compile(
    rf"([{CJK}]{{2,3}}?)\s*(?:则|也|还|又|亦|便|就|都|目前|现在|曾经|曾|现)?"
    rf"(?:(?:在|于)[^，。；;！？!?\s]{{1,10}}?)?"
)
# an English bio's employer: 'Staff SRE at Initech', 'Engineer @ Acme' (also read by layouts)
AT_ORG = re.compile(r"(?:\bat|@)\s+([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})")
_LATIN_ORG_NOTE = re.compile(r"[A-Z][A-Za-z0-9&.-]+(?: [A-Z][A-Za-z0-9&.-]+){0,2}")
_FIRST_NAME_SPEAKS = re.compile(r"([A-Z][a-z]{2,15})\s*(?=介绍|分享|带来|讲解|演示|表示|指出)")
_NICK_ITEM = re.compile(rf"[{CJK}]{{2,3}}")
_CJK_THEN_LATIN = re.compile(
    rf"([{CJK}]{{2,4}})\s*(?:[A-Z][a-z]+\.?\s*)?[A-Z][a-z]+(?: [A-Z][A-Za-z]+)+"
)
_CUE_LEFT_TO_RIGHT = re.compile(
    rf"[（(]?(?:从左至右|从左到右|自左至右|左起|从左往右)[）)]?\s*(?:依次|分别)?\s*(?:为|是)?\s*[：:]?\s*"
    rf"((?:[{CJK}]{{2,4}}\s*[、，,和]\s*)+[{CJK}]{{2,4}})"
)
_TOPIC_LEAD = re.compile("就|围绕|针对|聚焦|结合")
_CUE_TOPIC_SPEECH = re.compile(
    rf"(?:^|(?<=[，。；;！？!?\s]))([{CJK}]{{2,5}}?)\s*(?:就|围绕|针对|聚焦|结合)"
    r"[^，。；;！？!?]{2,40}?(?:进行了?|展开了?|做了|作了|带来了?)\s*(?:主题|精彩)?(?:分享|介绍|演讲|讲解|报告|解读)"
)
_HONOR_TAILS = frozenset(("", "老师", "先生", "女士", "博士", "教授"))
_CUE_FROM_OF = re.compile(r"来自\s*[^，。；;、！？\s][^，。；;、！？]{1,30}?的\s*")
# "主持人是孟繁星", "讲师为张三"
_CUE_HOST = re.compile(r"(?:主持人|主持|嘉宾|讲师|讲者|分享人)(?:是|为)\s*")


def _person_cues(text: str, kind: str, res: Resources, pats: _Patterns):
    """(name, cue kind, role) for each strongly cued person name in a block."""
    after = pats.after_cues
    # heading "姓名：题目" / "姓名、姓名：题目"
    if kind in ("heading", "list_item", "paragraph", "table_row"):
        m = _CUE_NAMES_COLON.match(text)
        if m:
            parts = [strip_titles(x.strip(), res) for x in NAME_SEP.split(m.group(1))]
            # every part a name: "任务组与资源隔离：…" names no one
            if all(is_person_name(x, res) for x in parts if x):
                for part in parts:
                    if part:
                        yield part, "heading" if kind == "heading" else "label", None
    # "分享嘉宾：张三，公司，职位" / "讲师：Kevin Zhao | Arm" / "主讲人：甲（公司）、乙（公司）"
    # (a label ends with a colon)
    for m in pats.speaker_label.finditer(text) if "：" in text or ":" in text else ():
        rest = BRACKET_NOTE.sub(lambda b: _bio_or_name(b, res), text[m.end() :])
        for part in _CUE_LABEL_SEP.split(rest)[:8]:
            part = strip_titles(part.strip(), res)
            both = _CJK_THEN_LATIN.fullmatch(part)
            if both and is_person_name(both.group(1), res, cued=True):
                yield both.group(1), "label", None  # '桑璐璐Lulu Sang': the name, its English one
            elif is_person_name(part, res, cued=True):
                yield part, "label", None
            else:
                nm = _name_at(part, 0, res, after, cued=True)
                first = part.split(None, 1)[0] if part else ""
                if nm and len(part) <= 6:
                    yield nm, "label", None
                elif first != part and is_person_name(strip_titles(first, res), res, cued=True):
                    yield strip_titles(first, res), "label", None  # '讲师：张三 某某科技 工程师'
                elif _NICK_ITEM.fullmatch(part):
                    continue  # '鲁直 、涵畅 、张超盟': a nickname in the list, the names go on
                break
    # "张三/公司/职位" and "张三 | 公司 | 职位"
    m = _CUE_NAME_SLASH.match(text)
    if m and is_person_name(m.group(1), res):
        yield m.group(1), "label", None
    # agenda lines: "14:00-14:30 《题目》 张三 公司"
    m = AGENDA_LINE.match(text)
    if m and is_person_name(m.group(2), res):
        yield m.group(2), "label", None
    # "01-张三《题目》"
    for m in _CUE_NUMBERED.finditer(text) if "《" in text else ():
        if is_person_name(m.group(1), res):
            yield m.group(1), "label", None
    # role or title just before the name: "SIG Maintainer 侯明永以", "博士后杨昊博士带来"
    roles = pats.role_before
    role_any = pats.role_any if pats.rank_word.search(text) else pats.role_no_rank
    for rm in role_any.finditer(text):
        s = rm.end()
        while s < len(text) and text[s] == " ":
            s += 1
        dash = _ROLE_DASH.match(text, s)
        if dash:
            s = dash.end()  # '某某健康的CTO--邓志豪', '技术总监-陈恒'
        if text.startswith(("为 ", "是 "), s) or (
            text.startswith(("为", "是"), s) and _LATIN_NAME.match(text, s + 1)
        ):
            s += 1  # 'PMC 成员为 Calvin Kirs'
            while s < len(text) and text[s] == " ":
                s += 1
        if s >= len(text) or not (
            "\u4e00" <= text[s] <= "\u9fff"
            or _LATIN_NAME.match(text, s)
            or _FIRST_NAME_SPEAKS.match(text, s)
        ):
            continue
        if _ROLE_GOES_ON.match(text, s):
            continue  # 'PPMC 成员均参加': the role goes on ('成员'), no name starts here
        name = _name_at(text, s, res, after, cued=True) or _relaxed_name(text, s, res)
        if not name and (first := _FIRST_NAME_SPEAKS.match(text, s)):
            # '某某范式平台工程师 James 介绍了…': an English first name where a role cues it
            w = first.group(1)
            if fold(w) not in _known_forms(res) and w.lower() not in _ENGLISH_WORDS:
                name = w
        if name:
            rest = text[s + len(name) :]
            if (
                rest[:1] in _PUNCT
                or rest[:1].isspace()
                or not rest
                or rest.startswith(after)
                or _own_word(text, s, name, res)  # '发起人刘军看来'
            ):
                yield name, "role", rm.group().strip()
    # "张三博士", "孙文龙秘书长的演讲": a name right before a title or role
    for m in honor_after(res).finditer(text):
        p = m.start()
        # (a Latin name ends in a lowercase letter, maybe a space or a newline after it)
        latin = _ASCII_LOWER.search(text, max(0, p - 3), p)
        lat = latin and _LATIN_NAME_END.search(text, max(0, p - 40), p)
        if lat and is_person_name(lat.group(1), res):
            yield lat.group(1), "honorific", m.group().strip()  # 'Craig Russell 先生'
            continue
        for n in (3, 2, 4):
            st = p - n
            if st < 0:
                continue
            cand = text[st:p]
            if (
                is_person_name(cand, res)
                and _left_boundary(text, st, res, roles)
                and _starts_token(text, st, res)
            ):
                yield cand, "honorific", m.group().strip()
                break
    # "张三带来《…》", "Frank Liu 在论坛上分享了"
    quoted = "《" in text or "「" in text or "“" in text  # the pattern ends with one of them
    for m in _CUE_SPEECH.finditer(text) if quoted else ():
        st = m.start(1)
        for k in range(0, len(m.group(1)) - 1):
            cand = m.group(1)[k:]
            if is_person_name(cand, res) and _left_boundary(text, st + k, res, roles):
                yield cand, "speech", None
                yield from _joined_before(text, st + k, res)  # '甲与乙联合分享了《…》'
                break
    # "吴磊和冯刚共同带来了这个分享": people speaking together, no title needed
    for m in _CUE_TOGETHER.finditer(text) if "共同" in text or "联合" in text else ():
        names = _listed_names(m.group(1))
        names[0] = next(
            (names[0][-k:] for k in (3, 2) if is_person_name(names[0][-k:], res)), names[0]
        )
        if len(names) >= 2 and all(is_person_name(x, res) for x in names):
            for x in names:
                yield x, "speech", None
    latin_cue = "的" in text or any(w in text for w in _CUE_LATIN_WORDS)
    for m in _CUE_LATIN.finditer(text) if latin_cue else ():
        if is_person_name(m.group(1), res):
            yield m.group(1), "latin", None
    # "李想、徐小玥", "杨宸、屈子程在…": names joined to a cued name
    listed: set[str] = set()  # names of the list so far: '志愿者甲、乙、丙'
    for m in _CUE_AND.finditer(text):
        k = m.start()
        b_name = _name_at(text, k + 1, res, after)
        if not b_name:
            continue
        for n in (3, 2, 4):
            a_name = text[max(0, k - n) : k]
            if len(a_name) == n and is_person_name(a_name, res):
                left = text[max(0, k - n - 12) : k - n].rstrip("：: ")  # 'Maintainer：甲、乙'
                if a_name in listed or roles.search(left) or _CUE_GROUP_WORDS.search(left):
                    yield a_name, "role", None
                    yield b_name, "role", None
                    listed.update((a_name, b_name))
                break
    # "嘉宾张伟（星云科技 CTO）、李娜（某某大学 教授）": a name, then its bio in brackets
    for m in _CUE_NAME_PAREN.finditer(text) if "（" in text or "(" in text else ():
        bio = m.group(2)
        if bio.isascii() and slot_person(bio, res) == bio.strip():
            # '傅耀德 (Ader Fu)、郭靖 (Gene Kuo)': a Chinese name and its English name
            if name := _name_before_alias(m.group(1), res):
                yield name, "alias", None
            continue
        run = m.group(1)
        if (
            run.isascii()
            and _LATIN_ORG_NOTE.fullmatch(bio.strip())
            and is_person_name(run, res)
            and fold(bio) not in _known_forms(res)
        ):
            yield run, "label", None  # 'David Chen (Acme)': an English name and its company
            continue
        if not (
            roles.search(bio)
            or pats.role_any.search(bio)
            or _CUE_EMPLOYER.search(bio)
            or _known_org_at(bio, res)
            or _ORG_OF_END.search(bio.strip())  # '吴磊（蓝鲸科技）'
        ):
            continue
        for n in (3, 2, 4):
            cand = run[-n:]
            st = m.end(1) - n
            if (
                len(cand) == n
                and is_person_name(cand, res, cued=True)
                and (_left_boundary(text, st, res, roles) or _CUE_GROUP_WORDS.search(run[:-n]))
            ):
                yield cand, "label", None
                break
    # "钱伟是 Apache Foo PMC 成员", "孙悦作为…工作组负责人": a clause's subject given a role
    for m in _CUE_NAME_IS.finditer(text) if _CUE_IS_VERB.search(text) else ():
        names = _listed_names(m.group(1))
        clause = re.split(r"[。；;！？!?]", text[m.end() : m.end() + 40], maxsplit=1)[0]
        if all(is_person_name(x, res) for x in names) and pats.role_any.search(clause):
            for x in names:
                yield x, "role", None
    for m in _CUE_ELECTED.finditer(text) if "为" in text or "担任" in text else ():
        names = _listed_names(m.group(1))
        if all(is_person_name(x, res, cued=True) for x in names):
            for x in names:
                yield x, "role", None
    # "杨延玲，中科院软件所实习生", "杨延玲：中科院软件所实习生": a line opening with a
    # name, then organisation or role
    m = _CUE_NAME_COMMA.match(text)
    if not m and ("—" in text or "--" in text):
        m = _CUE_DASH_NAME.match(text)
    if m and is_person_name(m.group(1), res, cued=True):
        rest = m.group(3)
        if m.group(2) in "（(":
            inside, _, after_bracket = (re.split(r"([）)])", rest, maxsplit=1) + ["", ""])[:3]
            # '吴磊（花名：老吴），某某科技 工程师': another name in the bracket, the bio after it
            rest = after_bracket.lstrip("，, ") if _NICKNAME_LABEL.match(inside) else inside
        first = re.split(r"[，,]", rest, maxsplit=1)[0]
        if (
            roles.search(first)
            or _CUE_EMPLOYER.search(rest[:30])
            or pats.role_any.search(first)
            or ("Organization", fold(first.strip())) in res.canonical  # "顾一帆（华为）"
        ):
            yield m.group(1), "label", None
    # "Chair： 代立冬", "项目导师：李四", "责任人：王五": a label for a person, not a speaker
    for m in _person_label(res).finditer(text) if "：" in text or ":" in text else ():
        value = re.split(r"[，,；;、/（(]|\s{2,}", text[m.end() :], maxsplit=1)[0]
        whole = value.strip() == text[m.end() :].strip()
        nm = slot_person(value, res, whole=whole)
        if not nm and whole and _HANDLE_VALUE.fullmatch(value.strip()):
            # '主持人：MikeTang': an account name as the label's whole value
            v = value.strip()
            if not any(e - s == len(v) for s, e, _t in res.gazetteer.find(v)):
                nm = v
        if nm:
            yield nm, "label", m.group(1) or m.group(2)
    # "--刘一宇/余二甜 完成时间：3月30日": the owners of a task in meeting minutes
    for m in _TASK_OWNERS.finditer(text) if "完成" in text or "截止" in text else ():
        for part in re.split(r"[/、，,]", m.group(1)):
            nm = slot_person(part, res)
            if nm:
                yield nm, "label", None
    # "来自蓝鲸科技的吴磊，", "来自某大学的教授李四带来": the person after the organisation
    for m in _CUE_FROM_OF.finditer(text) if "来自" in text else ():
        s = m.end()
        rm = pats.role_any.match(text, s)
        if rm:
            s = rm.end()
        while s < len(text) and text[s] == " ":
            s += 1
        nm = _name_at(text, s, res, after, cued=True)
        if nm:
            rest = text[s + len(nm) :]
            if not rest or rest[:1] in _PUNCT or rest[:1].isspace() or rest.startswith(after):
                yield nm, "role", None
    # "感谢吴磊、冯刚、陈静三位老师的分享": a list of names before the word for them
    for m in _CUE_LIST_TAIL.finditer(text) if _CUE_LIST_WORD.search(text) else ():
        parts = [strip_titles(x, res) for x in _listed_names(m.group(1))]
        # '感谢吴磊': the first name may close a longer run
        end0 = m.start(1) + len(m.group(1).split(parts[0], 1)[0]) + len(parts[0])
        parts[0] = next(
            (
                parts[0][-k:]
                for k in (3, 2, 4)
                if is_person_name(parts[0][-k:], res) and _starts_token(text, end0 - k, res)
            ),
            parts[0],
        )
        if all(is_person_name(x, res, cued=True) for x in parts):
            for x in parts:
                yield x, "role", None
    # "▲ 吴磊", "▲ 吴磊在分享中", "图：冯刚现场演讲": a photo's caption naming who is in it
    m = _CUE_CAPTION.match(text)
    if m:
        run, after_run = m.group(1), text[m.end(1) :]
        for k in (2, 3, 4):
            cand, tail = run[:k], run[k:] + after_run
            if len(cand) == k and is_person_name(cand, res) and _CAPTION_TAIL.match(tail):
                yield cand, "caption", None
                break
    # "由王立新主持": the moderator
    for m in _CUE_HOSTED_BY.finditer(text) if "主持" in text else ():
        if is_person_name(m.group(1), res, cued=True):
            yield m.group(1), "role", "主持人"
    # "Jiaxin Li 和 Wei Zhang 分享了…": Latin names before a speech verb
    for m in _CUE_LATIN_SPEECH.finditer(text) if _LATIN_NAME.search(text) else ():
        for nm in _LATIN_NAME.findall(m.group(1)):
            if is_person_name(nm, res):
                yield nm, "speech", None
    # "吴磊表示，…", "冯刚在会上分享了…": a clause opening with a name and a verb of saying
    for v in pats.speech_verb.finditer(text):
        # the clause before the verb: a name, maybe an adverb and where ('在会上')
        lo = max(0, v.start() - 18)
        cut = _CLAUSE_CUT.search(text[lo : v.start()])
        c0 = lo + cut.end() if cut else lo
        head = _CLAUSE_HEAD.fullmatch(text, c0, v.start())
        if head and (cut or lo == 0) and is_person_name(head.group(1), res):
            yield head.group(1), "speech", None
        elif cut or lo == 0:
            # '字节跳动梁欣介绍了…': a known organisation, then the name, then the verb
            for k in (3, 2):
                cand = text[v.start() - k : v.start()]
                org = text[c0 : v.start() - k].strip()
                if (
                    len(org) >= 2
                    and ("Organization", fold(org)) in res.canonical
                    and is_person_name(cand, res)
                ):
                    yield cand, "speech", None
                    break
    # "（从左至右）依次为：甲、乙、丙": a photo's caption naming the people in it
    m = _CUE_LEFT_TO_RIGHT.search(text) if "左" in text else None
    if m:
        items = [x.strip() for x in re.split(r"[、，,和]", m.group(1))]
        if len(items) >= 2 and all(is_person_name(x, res, cued=True) for x in items if x):
            for x in items:
                if x:
                    yield x, "label", None
    # "张三就…进行了分享", "李四围绕…展开分享": a clause opening with a name, then the
    # talk's topic and a speech verb
    for m in _CUE_TOPIC_SPEECH.finditer(text) if _TOPIC_LEAD.search(text) else ():
        head = m.group(1)
        for k in (3, 2):
            if len(head) >= k and is_person_name(head[:k], res) and head[k:] in _HONOR_TAILS:
                yield head[:k], "speech", None
                break
    for m in _CUE_HOST.finditer(text):
        nm = _name_at(text, m.end(), res, after, cued=True)
        if nm:
            yield nm, "role", None
    # "蓝鲸科技的吴磊和云帆网络的冯刚", "邀请到了华为的张三": an organisation's person
    org_ends = None  # where a known organisation ends in the line, computed once
    k = text.find("的")
    while k >= 0:
        at_k, k = k, text.find("的", k + 1)
        s0 = at_k + 1
        while s0 < len(text) and text[s0] == " ":
            s0 += 1
        # a Chinese name opens with its surname, a Latin one with a capital
        if s0 >= len(text) or not (text[s0] in res.surnames or text[s0].isupper()):
            continue
        m = _ORG_OF_HEAD.search(text, max(0, at_k - 16), at_k)
        if not m:
            continue
        head = m.group()
        strong = bool(_ORG_OF_END.search(head))
        if not strong and not _ORG_OF_WEAK_END.search(head):
            if org_ends is None:
                org_ends = {e for _s, e, t in res.gazetteer.find(text) if t.type == "Organization"}
            strong = at_k in org_ends
            if not strong:
                continue
        nm = _name_at(text, s0, res, after + _ORG_OF_NEXT)
        rest = text[s0 + len(nm) :] if nm else ""
        # after a weak ending ('数据的', '网络的'), the name must act: '…网络的冯刚分享了'
        if nm and (
            rest.startswith(_ORG_OF_NEXT)
            or (strong and (not rest or rest[0] in _PUNCT or rest[0].isspace()))
        ):
            yield nm, "role", None


# an account name: letters and digits, a capital inside or a digit ('MikeTang', 'dev42')
# (or a first name alone: 'Alice')
_HANDLE_VALUE = re.compile(r"[A-Za-z][a-z0-9]+(?:[A-Z][a-z0-9]*|\d)[A-Za-z0-9_-]*|[A-Z][a-z]{2,15}")
_ASCII_LOWER = re.compile("[a-z]")
_LATIN_NAME_END = re.compile(r"(?<![A-Za-z])([A-Z][a-z]+(?:[ ·][A-Z][a-z]+){1,2}) ?$")
_ROLE_GOES_ON = re.compile("成员|委员|会员|理事|专家|导师|代表")
# '…科技的', '…大学的': an organisation before 的 and a name after it
_ORG_OF_HEAD = re.compile(r"[^，。；;、！？\s的]{2,16}$")
# (a community's or an alliance's person before 的 is no sure employee)
_ORG_OF_END = re.compile(f"(?:{'|'.join(w for w in _ORG_END_WORDS if w not in ('联盟', '社区'))})$")
_ORG_OF_WEAK_END = re.compile("(?:网络|软件|信息|数据|智能)$")
_ORG_OF_NEXT = (
    *("和", "与", "及", "、", "分别", "等", "老师", "同学", "先生", "女士", "带来", "分享", "介绍"),
    *("为", "在", "从", "以", "就", "也", "则", "还", "通过", "围绕", "表示", "指出", "讲解"),
)


# slots where a line holds a person (see _slot_people)
_BULLET = re.compile(r"^\s*(?:[-*+•·.▪●○◆■]\s*|\d{1,2}\s*[.、．)）]\s*)?")
_LATIN_PERSON = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?: [A-Za-z][a-z]+){0,1} [A-Z][a-z]+"
_SLOT_NAME = rf"[{CJK}]{{2,4}}|{_LATIN_PERSON}"
_LINE_HEAD_NAME = re.compile(
    # a Latin name may touch the Chinese after it ('Jiajie Zhong于 2021 年…')
    rf"({_SLOT_NAME})(?:\s+|\s*[，,]\s*|(?<=[a-z])(?=[{CJK}]))(?=\S)"
)
_LINE_TAIL_NAME = re.compile(rf"(?<=\s)({_SLOT_NAME})\s*(?:[（(][^（）()]{{1,8}}[）)])?\s*$")
# '（易观-乔占卫 14:20-15:00）', '（张宗尧 15:50-16:30）': a name before its time slot
_TIMED_NAME = re.compile(
    rf"(?:^|[（(\s\-—–|｜])([{CJK}]{{2,4}})\s+\d{{1,2}}\s*[:：]\s*\d{{2}}(?:\s*[-–—~～]\s*\d{{1,2}}\s*[:：]\s*\d{{2}})?\s*[）)]?\s*[。.]?\s*$"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
# words that show the rest of a line is about a person: a contact, an affiliation
_BIO_WORD = re.compile(
    r"公司|大学|学院|研究院|研究所|实验室|集团|科技|中心|社区|基金会|PMC|PPMC|[Cc]ommitter|"
    r"[Mm]aintainer|[Cc]ontributor|[Ff]ounder|[Ee]ngineer|[Aa]mbassador|成员|委员|"
    r"Member|Organizer|Chair|CEO|CTO|VP"
)


def slot_person(text: str, res: Resources, strict: bool = False, whole: bool = False) -> str | None:
    """The person's name that fills a slot meant for one ('讲师：', a line of a member
    list, an agenda cell), titles stripped; None when ``text`` is no person's name.

    A Chinese name needs a known surname (the slot then allows a given name that is
    also a word, see :func:`is_person_name` with ``cued``); a name in Latin letters
    needs capitals ('Kevin Zhao', 'ShunFeng Cai', 'Yi zhi Wang') and no word of a
    product, project or common English; ``strict`` asks the surname or given name of a
    Latin name to be pinyin too (a slot that is only a line of its own).  ``whole``: the
    slot holds nothing else (a label's whole value, 'Chair： 代立冬'), so a given name that
    is also a word (立冬) is taken after a known surname.

    >>> from extractor.resources import get_resources
    >>> r = get_resources()
    >>> [slot_person(x, r) for x in ["张三博士", "Kevin Zhao", "高性能", "Apache Kafka"]]
    ['张三', 'Kevin Zhao', None, None]
    """
    # the same slots come back line after line (and article after article)
    memo = res.derived("slot_person_memo", dict)
    key = (text, strict, whole)
    if key in memo:
        return memo[key]
    if len(memo) >= _NAME_MEMO_SIZE:
        memo.clear()
    found = memo[key] = _slot_person(text, res, strict, whole)
    return found


def _slot_person(text: str, res: Resources, strict: bool, whole: bool) -> str | None:
    """:func:`slot_person` without the memo."""
    name = strip_titles(_SPACES.sub(" ", text).strip(), res)
    if not name:
        return None
    if _CJK_NAME.fullmatch(name):
        if is_person_name(name, res, cued=True):
            return name
        if whole and _whole_slot_name(name, res):
            return name
        return None
    if not re.fullmatch(_LATIN_PERSON, name):
        return None
    words = name.split()
    if fold(name) in _known_forms(res) or any(
        w.lower() in _LATIN_STOP or w.lower() in _ENGLISH_WORDS or fold(w) in _known_forms(res)
        for w in words
    ):
        return None
    if strict and not any(pinyin_word(w) for w in words):
        return None
    return name


def _whole_slot_name(name: str, res: Resources) -> bool:
    """A 2-3 character name alone in a person's slot: a known surname, no function
    character, and not itself a word, title or known name of something else."""
    if not 2 <= len(name) <= 3 or name[0] not in res.surnames or name[0] in _FUNCTION_CHARS:
        return False
    return not (
        any(c in _FUNCTION_CHARS for c in name[1:])
        or name in res.non_names
        or name in _title_affixes(res)[0]
        or fold(name) in _known_forms(res)
        or _common_word(name, res=res)
    )


def pinyin_word(word: str) -> bool:
    """True when ``word`` is Mandarin pinyin without tones, one or more syllables
    ('Zhao', 'Mingyong', 'ShunFeng'; not 'Kevin').

    >>> pinyin_word("Mingyong"), pinyin_word("Kevin"), pinyin_word("Xian")
    (True, False, True)
    """
    w = word.lower()
    syllables = _pinyin_syllables()
    ok = [True] + [False] * len(w)
    for i in range(len(w)):
        if ok[i]:
            for k in range(1, min(7, len(w) - i + 1)):
                if w[i : i + k] in syllables:
                    ok[i + k] = True
    return ok[len(w)]


_SYLLABLES: set[str] = set()


def _pinyin_syllables() -> set[str]:
    """Every toneless pinyin syllable, from pypinyin's character table."""
    if not _SYLLABLES:
        raw: set[str] = set()
        for value in _pinyin_raw().values():
            raw.update(value.split(","))
        _SYLLABLES.update(_toneless(r) for r in raw)
        _SYLLABLES.discard("")
    return _SYLLABLES


_RAW_PINYIN: dict[int, str] = {}
_TONELESS: dict[str, str] = {}


def _pinyin_raw() -> dict[int, str]:
    """pypinyin's character table: code point -> readings with tones, comma-separated."""
    if not _RAW_PINYIN:
        _RAW_PINYIN.update(_pypinyin_dict())
    return _RAW_PINYIN


def _toneless(reading: str) -> str:
    """'hóu' -> 'hou' ('lǚ' -> 'lu')."""
    t = _TONELESS.get(reading)
    if t is None:
        import unicodedata

        t = _TONELESS[reading] = "".join(
            c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c)
        )
    return t


def _readings(ch: str) -> tuple[str, ...]:
    """The toneless readings of one character (several for a character read several ways)."""
    value = _pinyin_raw().get(ord(ch))
    if not value:
        return ()
    return tuple(dict.fromkeys(_toneless(r) for r in value.split(",")))


def _pypinyin_dict() -> dict[int, str]:
    """pypinyin's character table ``pinyin_dict`` read on its own: importing the package
    loads its phrase dictionaries too, three times as long, and no phrase is needed here."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    if spec is not None and spec.origin:
        path = Path(spec.origin).with_name("pinyin_dict.py")
        sub = importlib.util.spec_from_file_location("_meetup_kg_pinyin_dict", path)
        if sub is not None and sub.loader is not None and path.is_file():
            module = importlib.util.module_from_spec(sub)
            sub.loader.exec_module(module)
            table = getattr(module, "pinyin_dict", None)
            if isinstance(table, dict):
                return table
    from pypinyin.constants import PINYIN_DICT

    return PINYIN_DICT


_NAME_BRACKET_LINE = re.compile(rf"([{CJK}]{{2,4}})\s*[（(]([^（）()]{{2,30}})[）)]")
_SENTENCE_MARK = re.compile(r"[。！？；]")


_LIST_SEP = re.compile(r"[、，,]")
_LIST_NOTE = re.compile(r"\s*[（(][^（）()]{0,80}[）)]\s*$")


def _name_list(text: str, res: Resources) -> list[str]:
    """A line that is only a list of names ('赵一圣 (联络人: …), 高二钊, 干则成, 朱国毅'):
    three or more, every item name-shaped where cued, most of them names anywhere."""
    items = [_LIST_NOTE.sub("", x).strip(" *_") for x in _LIST_SEP.split(text)]
    if not 3 <= len(items) <= 40 or any(not 2 <= len(x) <= 4 for x in items):
        return []
    if not all(_CJK_NAME.fullmatch(x) and is_person_name(x, res, cued=True) for x in items):
        return []
    sure = sum(1 for x in items if is_person_name(x, res))
    return items if sure * 4 >= len(items) * 3 else []


def _slot_people(line: str, res: Resources, pats: _Patterns) -> Iterator[str]:
    """Names that fill a line's person slot: the whole line ('* 吴晟'), a name opening a
    line of its bio ('袁洪军 孩子王 大数据专家', '李新宇  abc@qq.com'), a name closing a
    line after a role or organisation ('海量数据产品发展部经理 余江', '. Member 湖南大学 杨超'),
    or a name before its time slot ('（易观-乔占卫 14:20-15:00）')."""
    text = line[_BULLET.match(line).end() :].strip()
    if len(text) >= 8 and _LIST_SEP.search(text):
        names = _name_list(text, res)
        if names:
            yield from names
            return
    if len(text) < 2 or len(text) > 80:
        return
    if len(text) <= 12:
        name = slot_person(text, res, strict=True)
        if name and (not name.isascii() or len(line) - len(line.lstrip()) < 8):
            yield name
            return
    m = _NAME_BRACKET_LINE.fullmatch(text)
    if m and not _SENTENCE_MARK.search(m.group(2)):
        # '- 吴磊（蓝鲸科技）': a list's line that is a name and its bracket
        name = slot_person(m.group(1), res, strict=True)
        if name:
            yield name
            return
    m = _LINE_HEAD_NAME.match(text)
    if m:
        rest = text[m.end() :]
        name = slot_person(m.group(1), res)
        # a Latin name needs its role or organisation right after it, unless it reads as
        # pinyin ('ShunFeng Cai 于 2021 年…新晋 committer'; not 'Wave Submit 12月…开发者活动')
        window = 4 if name and name.isascii() and not slot_person(name, res, True) else 30
        if name and (
            _EMAIL.match(rest)
            or _BIO_WORD.search(rest[:window])
            or pats.role_any.search(rest[:window])
            or _known_org_at(rest, res)
        ):
            if not (name.isascii() and "，" in text[: m.end()]):
                yield name
    m = _LINE_TAIL_NAME.search(text)
    if m:
        head = text[: m.start()].rstrip()
        name = slot_person(m.group(1), res)
        if (
            name
            and name.isascii()
            and (head.endswith((":", "：")) or not pats.role_before.search(head))
        ):
            name = None  # 'Migrating to X: Lessons Learned': an English title's end
        if (
            name
            and name not in head
            and (
                pats.role_before.search(head)
                or _BIO_WORD.search(head)
                or _known_org_at(head, res, True)
            )
        ):
            yield name
    m = _TIMED_NAME.search(text) if "：" in text or ":" in text else None
    if m:
        name = slot_person(m.group(1), res, whole=True)
        if name:
            yield name


# 'NAME ORG ROLE' on a line of its own ('袁二军 某某王 大数据专家'); '（ORG-NAME 14:20-15:00）'
_BIO_ORG = re.compile(r"\s+([^\s，,。；;：:|｜/（）()、]{2,16})\s+(?=\S)")
_DASH_ORG = re.compile(
    rf"[（(]\s*([^\s，,。；;：:|｜/（）()、\-—–]{{2,16}})\s*[-—–]\s*([{CJK}]{{2,4}})\s+\d{{1,2}}\s*[:：]"
)


_BR = re.compile(r"(?i)<br\s*/?>")


def _slot_lines(at: ArticleText) -> Iterator[tuple[int, int, int]]:
    """:meth:`ArticleText.iter_lines`, a line also ending where the source had '<br>'
    (an HTML break the block text joined away: '题目<br>张三 公司 职位')."""
    body = at.article.body
    has_br = "<br" in body or "<BR" in body
    for bi, ls, le in at.iter_lines():
        offs = at.article.blocks[bi].offsets if has_br else ()
        start = ls
        if offs:
            for i in range(ls + 1, min(le, len(offs))):
                gap = offs[i] - offs[i - 1]
                if gap > 3 and _BR.search(body, offs[i - 1] + 1, offs[i]):
                    yield bi, start, i
                    start = i
        yield bi, start, le


# a department, branch or team inside an organisation, before a role
_DEPARTMENT_END = re.compile(
    r"(?:分公司|子公司|事业部|事业群|部门|部|中心|团队|实验室|研究院|办公室)$"
)
# last words of an organisation's own name, never eaten as a department's ('视源股份', '中移在线')
_ORG_TAIL_WORDS = frozenset(
    "股份 科技 集团 公司 软件 信息 数据 网络 智能 互联 在线 银行 证券 保险 控股 技术".split()
)
_POST_RUN = re.compile(rf"(?:^|(?<=[\s，,、：:|｜（(“”>]))([{CJK}]{{4,24}}?)\s?$")


def org_of_post(post: str, res: Resources) -> str | None:
    """The organisation opening a post written as one run: organisation, branch or
    department, role ('中移在线云平台部开发工程师' -> '中移在线'); None when the run names
    no organisation (a department or a role alone: '产品发展部经理', '高级工程师').

    >>> from extractor.resources import get_resources
    >>> r = get_resources()
    >>> org_of_post("视广股份系统运维部经理", r), org_of_post("高级工程师", r)
    ('视广股份', None)
    >>> org_of_post("某某润通云计算平台架构师", r)
    '某某润通'
    >>> org_of_post("猴子无限联合创始人", r), org_of_post("某某思执行总裁", r)  # founders' posts
    ('猴子无限', '某某思')
    """
    pats = patterns(res)
    rm = pats.role_before.search(post)
    if not rm:
        return None
    rest = post[: rm.start()]
    words = list(_tagged(rest, res)) if rest else []
    founder = rm.group().strip() in res.derived(
        "founder_roles", lambda: frozenset(res.cues.get("founder_roles", []))
    )
    # modifiers of the role ('高级', '开发', '生态合作'): common words before it, not a
    # known organisation ('华云数据') nor one character of a name ('中联润通'); a
    # founder's or chief's post has none ('某某无限联合创始人')
    ranks = res.derived("chief_ranks", lambda: frozenset(res.cues.get("chief_ranks", [])))
    while founder and words and words[-1][0] in ranks:
        words.pop()  # '执行总裁', '联合创始人': the rank is part of the post
    while words and not founder:
        w = words[-1][0]
        if w in _ORG_TAIL_WORDS or ("Organization", fold(w)) in res.canonical:
            break
        if len(w) >= 2 and _frequent(w, res):
            words.pop()
        elif len(w) == 1 and len(words) >= 2 and len(words[-2][0]) == 1:
            if not _frequent(words[-2][0] + w, res):
                break  # '调' '优' make a word ('调优'), '润' '通' do not
            del words[-2:]
        else:
            break
    rest = "".join(w for w, _ in words)
    dept = _DEPARTMENT_END.search(rest)
    if dept:
        rest = rest[: dept.start()]
        words = list(_tagged(rest, res)) if rest else []
        # the department's own words ('系统运维', '云平台', a place before 分公司)
        while (
            words
            and words[-1][0] not in _ORG_TAIL_WORDS
            and (_frequent(words[-1][0], res) or words[-1][1] == "ns" or len(words[-1][0]) == 1)
        ):
            words.pop()
        rest = "".join(w for w, _ in words)
    if not 2 <= len(rest) <= 8 or rest == post:
        return None
    if ("Organization", fold(rest)) in res.canonical:
        return rest  # a known organisation ('华云数据技术总监')
    if (
        rest[0] in _ORG_HEAD_STOPS
        or rest[-1] in _FUNCTION_CHARS
        or _frequent(rest, res)
        or _common_word(rest, res=res)
        or is_person_name(rest, res)
        or any((t, fold(rest)) in res.canonical for t in ("Project", "Technology", "Location"))
        or rest in res.derived("sector_words", lambda: frozenset(res.cues.get("sector_words", [])))
    ):
        return None
    return rest


_LATIN_BEFORE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*\s$")


def _post_orgs(at: ArticleText, res: Resources, ms: list[Mention]) -> list[Mention]:
    """Organisations written before a person's post and name ('中移在线云平台部开发工程师
    齐展锋', '、某远互联辽宁分公司生态合作总监邢威等') that no other rule found."""
    covered: dict[int, list[tuple[int, int]]] = {}
    for m in ms:
        if m.type in ("Organization", "Project", "SIG"):
            covered.setdefault(m.block, []).append((m.start, m.end))
    out = []
    seen = set()
    for p in ms:
        if p.type != "Person" or (p.block, p.start) in seen:
            continue
        seen.add((p.block, p.start))
        text = at.texts[p.block]
        run = _POST_RUN.search(text, max(0, p.start - 25), p.start)
        if not run:
            continue
        s = run.start(1)
        if any(a < p.start and s < b for a, b in covered.get(p.block, ())):
            continue  # an organisation or product known there already
        if _LATIN_BEFORE.search(text, max(0, s - 20), s):
            continue  # 'openGauss 内核技术研发团队经理': the post is in that project or company
        org = org_of_post(run.group(1), res)
        if org:
            orig = at.article.blocks[p.block].text
            out.append(_m("Organization", org, p.block, s, s + len(org), orig, "slot"))
    return out


# '曾在好买财富、大智慧、某某软件任职', '先后就职于 A 和 B': employers listed between a verb
# of working somewhere and one of doing the job there
_EMPLOYER_LIST = re.compile(
    r"(?:曾|先后|曾经|过往|之前|此前)+\s*(?:在|于|就职于|任职于|供职于|服务于)\s*"
    r"((?:[^，,。；;、\s和及]{2,14}\s*(?:、|和|及|以及)\s*)+[^，,。；;、\s和及]{2,14}?)\s*"
    r"(?:等(?:公司|企业|单位|机构))?\s*(?:任职|工作|就职|从事|担任|负责|参与)"
)
_LIST_JOINERS = re.compile(r"\s*(?:、|和|以及|及)\s*")


def _employer_lists(at: ArticleText, res: Resources, ms: list[Mention]) -> list[Mention]:
    """Organisations only a list of someone's employers names ('曾在 A、B、C 任职'):
    each item that no other rule typed and that is no common word, role or place."""
    covered: dict[int, list[tuple[int, int]]] = {}
    for m in ms:
        covered.setdefault(m.block, []).append((m.start, m.end))
    out = []
    for bi, text in enumerate(at.texts):
        if "在" not in text and "于" not in text:
            continue
        for m in _EMPLOYER_LIST.finditer(text):
            pos = m.start(1)
            for item in _LIST_JOINERS.split(m.group(1)):
                s0 = text.find(item, pos)
                e0 = s0 + len(item)
                pos = e0
                if any(a < e0 and s0 < b for a, b in covered.get(bi, ())):
                    continue  # known already (an organisation, a product, a person)
                if (
                    _common_word(item, res=res)
                    or patterns(res).role_any.search(item)
                    or any((t, fold(item)) in res.canonical for t in ("Location", "Technology"))
                ):
                    continue
                out.append(_m("Organization", item, bi, s0, e0, at.article.blocks[bi].text, "slot"))
    return out


def _slot_orgs(at: ArticleText, res: Resources, ms: list[Mention]) -> list[Mention]:
    """Organisations known only from the slot they sit in: between a person and their role
    on the person's own line ('袁二军 某某王 大数据专家', 'Alice Wang Acme 工程师'), or before
    the person in an agenda bracket ('（某观CTO-郭六炜 14:00-14:20）')."""
    pats = patterns(res)
    people = {m.name for m in ms if m.type == "Person"} | {
        m.surface for m in ms if m.type == "Person"
    }
    if not people:
        return []
    taken: dict[int, list[tuple[int, int]]] = {}
    for m in ms:
        if m.type != "Person":
            taken.setdefault(m.block, []).append((m.start, m.end))
    out = []
    for bi, ls, le in _slot_lines(at):
        text = at.texts[bi]
        line = text[ls:le]
        orig = at.article.blocks[bi].text
        lead = ls + _BULLET.match(line).end()
        head = _LINE_HEAD_NAME.match(text, lead, le)
        cands = []
        if head and head.group(1) in people and text[head.end(1) : head.end()].isspace():
            om = _BIO_ORG.match(text, head.end(1), le)
            if (
                om
                and pats.role_any.match(text, om.end())
                or (om and pats.role_before.search(re.split(r"[\s、，,]", text[om.end() : le])[0]))
            ):
                cands.append(om.span(1))
        if "-" in line or "—" in line or "–" in line:
            for dm in _DASH_ORG.finditer(text, ls, le):
                if dm.group(2) in people:
                    s, e = dm.span(1)
                    role = pats.role_before.search(text, s, e)
                    if role and role.start() > s + 1:
                        e = role.start()  # '某观CTO': the organisation before its role
                    cands.append((s, e))
        for s, e in cands:
            cand = text[s:e].strip(" -")
            if (
                len(cand) < 2
                or cand in people
                or any(a < e and s < b for a, b in taken.get(bi, ()))
                or any(
                    (t, fold(cand)) in res.canonical for t in ("Project", "Technology", "Location")
                )
                or pats.role_any.fullmatch(cand)
                or _frequent(cand, res)  # a common word is no name, however placed
                or cand
                in res.derived("sector_words", lambda: frozenset(res.cues.get("sector_words", [])))
            ):
                continue
            canon = res.canonical.get(("Organization", fold(cand)), cand)
            out.append(_m("Organization", canon, bi, s, s + len(cand), orig, "slot"))
    return out


# a company's Latin brand and its Chinese name side by side: 'DaoCloud 道客', 'XSKY星辰天合'
_CJK_BRAND = re.compile(rf"\s?([{CJK}]{{2,5}}?)(?=[\s，,。、；;：:（()）|｜/等和与的]|$)")


_ORG_LIST_SEP = re.compile(r"\s*[、，,和与及]\s*")


def _in_org_lists(ms: list[Mention], at: ArticleText) -> list[Mention]:
    """A Latin name found only by its shape, listed between organisations ('爱奇艺、
    AirWallex 等合作伙伴'), is an organisation too."""
    by_block: dict[int, list[Mention]] = {}
    for m in ms:
        if m.type in ("Organization", "Project", "Technology"):
            by_block.setdefault(m.block, []).append(m)
    retype: set[int] = set()
    for bi, xs in by_block.items():
        text = at.texts[bi]
        xs.sort(key=lambda m: m.start)
        for i, m in enumerate(xs):
            if m.type != "Project" or m.source != "token":
                continue
            prev = next((x for x in reversed(xs[:i]) if x.end <= m.start), None)
            nxt = next((x for x in xs[i + 1 :] if x.start >= m.end), None)
            near = [
                x
                for x in (prev, nxt)
                if x is not None
                and _ORG_LIST_SEP.fullmatch(
                    text[x.end : m.start] if x.end <= m.start else text[m.end : x.start]
                )
            ]
            if near and all(x.type == "Organization" for x in near):
                retype.add(id(m))
    if not retype:
        return ms
    return [replace(m, type="Organization", source="list") if id(m) in retype else m for m in ms]


def _brand_pairs(ms: list[Mention], at: ArticleText, res: Resources) -> list[Mention]:
    """A known company's Latin name followed by a Chinese name of its own: one company,
    written both ways ('DaoCloud 道客'), the pair and the Chinese name as its aliases."""
    out = []
    pats = patterns(res)
    for m in ms:
        if (
            m.type != "Organization"
            or not m.surface.isascii()
            or m.source not in ("vocab", "from", "list")
        ):
            continue
        text = at.texts[m.block]
        b = _CJK_BRAND.match(text, m.end)
        if not b:
            continue
        cn = b.group(1)
        orig = at.article.blocks[m.block].text
        if res.canonical.get(("Organization", fold(cn))) == m.name:
            # both halves known as the one company: the pair is a way to write it too
            out.append(_m("Organization", m.name, m.block, m.start, b.end(1), orig, "brand"))
            continue
        if (
            any((t, fold(cn)) in res.canonical for t in ("Project", "Technology", "Location"))
            or any(c in _ORG_HEAD_STOPS for c in cn)
            or _frequent(cn, res)
            or _common_word(cn, res=res)
            # a common word opening a short one, or a common noun or verb ending it: the
            # next words of the sentence ('Intel 平台上', 'X 团队'), not a name
            or (len(cn) <= 3 and _frequent(cn[:2], res))
            or pats.org_suffix.search(cn)  # 'OpenAtom基金会': the name goes on, no second name
            or (_frequent(cn[-2:], res) and _word_tag(cn[-2:], res)[:1] in ("n", "v"))
            or pats.role_any.search(cn)
            or _sector_word(cn, res)
            or _NAME_BREAKERS_RE.search(cn)
        ):
            continue
        out.append(_m("Organization", m.name, m.block, m.start, b.end(1), orig, "brand"))
        out.append(_m("Organization", m.name, m.block, b.start(1), b.end(1), orig, "brand"))
    return out


# 'CNRV社区', 'PostgreSQL 中文社区': another community, an organisation of its own
_COMMUNITY = re.compile(
    r"(?<![A-Za-z0-9-])([A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)\s?((?:中文|中国|开源|技术)?社区)"
    rf"(?![{CJK}]{{0,1}}(?:版|的?(?:贡献|成员|用户|开发者|项目|治理|运营|发展|活动)))"
)


def _other_communities(ms: list[Mention], at: ArticleText, res: Resources) -> list[Mention]:
    """A community named by a Latin name the vocabulary does not know as a project
    ('CNRV社区'), or a project's local community ('PostgreSQL 中文社区'), is an
    organisation (a project's own '<X> 社区' stays the project, as the schema says); an
    Organization mention '<known project>社区' is that project."""
    out = []
    spans: dict[int, list[tuple[int, int]]] = {}
    for bi, text in enumerate(at.texts):
        if "社区" not in text:
            continue
        orig = at.article.blocks[bi].text
        for m in _COMMUNITY.finditer(text):
            head, kind = m.group(1), m.group(2)
            known = res.canonical.get(("Project", fold(head)))
            if known and not kind.startswith(("中文", "中国")) or len(head) < 3:
                continue
            if any(
                (t, fold(head)) in res.canonical for t in ("Organization", "Location", "Technology")
            ):
                continue
            out.append(
                _m(
                    "Organization",
                    _SPACES.sub(" ", m.group()),
                    bi,
                    m.start(),
                    m.end(),
                    orig,
                    "community",
                )
            )
            spans.setdefault(bi, []).append(m.span())
    kept = []
    for m in ms:
        if m.type == "Organization" and m.name.endswith("社区"):
            head = m.name[:-2].strip()
            canon = res.canonical.get(("Project", fold(head)))
            if canon and not head.endswith(("中文", "中国")):
                m = replace(m, type="Project", name=canon)  # 'openEuler社区' is openEuler
        if (
            m.type == "Project"
            and m.source in ("token", "pattern")
            and any(a <= m.start and m.end <= b for a, b in spans.get(m.block, ()))
        ):
            continue  # 'CNRV' inside 'CNRV社区'
        kept.append(m)
    return kept + out


def _known_org_at(text: str, res: Resources, anywhere: bool = False) -> bool:
    """A known organisation opens ``text`` (or stands anywhere in it)."""
    for s, _e, term in res.gazetteer.find(text[:40]):
        if term.type == "Organization" and (anywhere or s == 0):
            return True
    return False


_TASK_OWNERS = re.compile(
    rf"(?<![{CJK}])([{CJK}]{{2,4}}(?:\s*[/、，,]\s*[{CJK}]{{2,4}})*)\s*(?:完成时间|截止时间|截止日期)"
)


def _person_label(res: Resources) -> re.Pattern[str]:
    """Labels whose value is a person: 'Chair：', '项目导师：', '责任人：' (cues ``person_labels``)."""
    return res.derived(
        "person_label",
        lambda: re.compile(
            rf"(?:(?:^|[\s|｜，,；;])({alternation(res.cues.get('person_labels', [])) or '(?!)'})"
            # a label of three characters or more may follow a word ('需求责任人：')
            rf"|({alternation([w for w in res.cues.get('person_labels', []) if len(w) >= 3 and not w.isascii()]) or '(?!)'}))"
            r"\s*[：:]\s*"
        ),
    )


_STRONG_AFTER = re.compile(
    r"以《|带来《|带来了《|分享了《|以“|为大家带来|带来|分享了|介绍了|表示|指出"
)


def _relaxed_name(text: str, start: int, res: Resources) -> str | None:
    """A name without a listed surname, accepted only between a role and a speech verb."""
    for n in (2, 3):
        cand = text[start : start + n]
        if (
            len(cand) == n
            and _CJK_RUN.fullmatch(cand)
            and _STRONG_AFTER.match(text, start + n)
            and not any(c in _FUNCTION_CHARS for c in cand)
            and cand not in res.non_names
            and not _common_word(cand, res=res)
            and not any(h in cand for h in _NAME_BREAKERS)
        ):
            return cand
    return None


_TOKEN_CACHE: dict[str, set[int]] = {}
_TOKEN_CACHE_SIZE = 4096  # texts whose token starts are remembered before starting afresh


def _token_starts(text: str, res: Resources) -> set[int]:
    """Where jieba (through the spaCy pipeline, with our vocabulary) starts a token in ``text``.

    A name found from weak evidence must begin a token: '博士后杨昊' may yield '杨昊'
    but never '后杨昊'."""
    hit = _TOKEN_CACHE.get(text)
    if hit is None:
        if len(_TOKEN_CACHE) > _TOKEN_CACHE_SIZE:
            _TOKEN_CACHE.clear()
        hit = _TOKEN_CACHE[text] = {s for s, _ in tokenize(text, res)}
    return hit


def _starts_token(text: str, start: int, res: Resources) -> bool:
    """``start in _token_starts(text, res)``, segmenting only the run of ``text`` around
    ``start`` that jieba segments alone (a whole block took ~2 ms, its run a tenth)."""
    block = jieba_block(text, start)
    if block is None:
        return start in _token_starts(text, res)
    lo, hi = block
    return start - lo in _token_starts(text[lo:hi], res)


def _left_boundary(text: str, start: int, res: Resources, roles: re.Pattern[str]) -> bool:
    """True when a name may begin at ``start``: after punctuation, a role, an org or a Latin word."""
    if start == 0:
        return True
    prev = text[start - 1]
    if prev in _PUNCT or prev.isspace() or prev.isascii() or prev in "▲△▼的是由和与及、请":
        return True
    left = text[max(0, start - 12) : start]
    if roles.search(left) or left.endswith(_SEQUENCE_WORDS):
        return True
    return bool(_ORG_END.search(left))


# words that order a programme's speakers: '随后冯刚老师…', '接着张三…'
_SEQUENCE_WORDS = (
    "随后",
    "接着",
    "然后",
    "最后",
    "首先",
    "其次",
    "之后",
    "其后",
    "此后",
    "紧接着",
    "下面",
    # thanks and welcomes before a name: '感谢吴磊同学', '欢迎冯刚老师'
    "感谢",
    "谢谢",
    "致谢",
    "欢迎",
    "邀请",
    "恭喜",
    "祝贺",
)


_ORG_END = re.compile(f"(?:{'|'.join(_ORG_END_WORDS)})$")


def honor_after(res: Resources) -> re.Pattern[str]:
    """Titles and roles that may follow a name ('博士', '秘书长')."""
    return res.derived(
        "honor_after",
        lambda: re.compile(
            alternation([h for h in res.honorifics if not h.isascii() and len(h) >= 2])
        ),
    )


_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*"
    r"|\{\{[<%].*?[>%]\}\}"  # a site generator's shortcode: '{{< bilibili BV1… >}}'
)


def _drop_in_urls(ms: list[Mention], at: ArticleText) -> list[Mention]:
    """Nothing inside a bare URL ('etherpad.openeuler.org/p/sig-Arm-meetings') is a name."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for bi, text in enumerate(at.texts):
        if "/" in text or "{{" in text:
            found = [m.span() for m in _URL.finditer(text)]
            if found:
                spans[bi] = found
    if not spans:
        return ms
    return [m for m in ms if not any(a < m.end and m.start < b for a, b in spans.get(m.block, ()))]


# "EuroSys 2026", "KubeCon China 2023", "学术会议EuroSys": the name is an event's
_EVENT_NAME = re.compile(
    # (the lookbehind after the first letter: see _FREE_PRODUCT_NAME)
    r"([A-Z](?<![A-Za-z0-9][A-Z])[A-Za-z0-9]*(?: [A-Z][A-Za-z]+)?)\s?(?=(?:China |Europe |Asia )?20\d\d(?!\d))"
    r"|(?:会议|大会|峰会|盛会|论坛)\s?([A-Z][A-Za-z0-9]+)(?![A-Za-z0-9])"
)
_EVENT_HINT = re.compile(r"20\d\d|会议|大会|峰会|盛会|论坛")  # no match of _EVENT_NAME without one


_CONFERENCE = re.compile(r"[a-z]Con$|^[A-Z]Con$")  # KubeCon, QCon


def _drop_event_names(ms: list[Mention], at: ArticleText) -> list[Mention]:
    """Projects found by pattern that the article also names as an event (with a year,
    after 会议/大会, or a ...Con) are that event, everywhere in the article."""
    events = set()
    for text in (at.article.title or "", *at.texts):
        for m in _EVENT_NAME.finditer(text) if _EVENT_HINT.search(text) else ():
            events.add(fold(m.group(1) or m.group(2)))
    return [
        m
        for m in ms
        if not (
            m.type == "Project"
            and m.source in ("pattern", "token")
            and (fold(m.name) in events or _CONFERENCE.search(m.name))
        )
    ]


_HANDLE_HEADER = re.compile(
    r"(?i)gitee|github|gitcode|gitlab|\bid\b|账号|帐号|用户名|handle|邮箱|e-?mail"
)


def _drop_handle_cells(ms: list[Mention], at: ArticleText) -> list[Mention]:
    """Cells under a "giteeid" or "账号" header hold account names, not projects."""
    handles: dict[int, set[int]] = {}  # table row block -> indices of its account cells
    header: set[int] | None = None
    for bi, b in enumerate(at.article.blocks):
        if b.kind != "table_row":
            header = None
        elif header is None:
            cells = at.texts[bi].split("|")
            header = {i for i, c in enumerate(cells) if _HANDLE_HEADER.search(c)}
        elif header:
            handles[bi] = header
    if not handles:
        return ms
    return [
        m
        for m in ms
        if not (
            m.type in ("Project", "Technology", "Organization")
            and at.texts[m.block].count("|", 0, m.start) in handles.get(m.block, ())
        )
    ]


# sources that settle what a name is: a group's short name or committee, an account
_DEFINITE_SOURCES = frozenset({"short", "committee", "handle"})


def _dedupe_overlaps(ms: list[Mention]) -> list[Mention]:
    """Drop a mention contained in a longer one of a stronger kind in the same block."""
    rank = {"Person": 4, "SIG": 3, "Project": 2, "Organization": 2, "Technology": 1, "Location": 1}
    ms = sorted(ms, key=lambda m: (m.block, m.start, -(m.end - m.start), -rank.get(m.type, 0)))
    out: list[Mention] = []
    for m in ms:
        clash = False
        for o in out[-12:]:
            if o.block != m.block:
                continue
            if o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start):
                # a shorter mention inside a longer one: keep only when the longer is a release
                # or SIG built from it (the short one is a real mention of its own then)
                if not (
                    o.type in ("SIG", "Organization", "Project")
                    and m.type in ("Project", "Technology", "Location")
                    # the province in '湖南鲲鹏生态创新中心' is part of a name, no place
                    and not (o.type == "Organization" and m.type == "Location")
                ):
                    clash = True
                    break
            if o.start == m.start and o.end == m.end and o.type == m.type and o.name == m.name:
                clash = True
                break
            if (
                (o.start, o.end) == (m.start, m.end)
                and o.source in _DEFINITE_SOURCES
                and m.type in ("Project", "Technology", "Organization")
            ):
                clash = True  # 'oGUG' as a group's short name, 'RangeKing' as a handle
                break
            if (o.start, o.end) == (m.start, m.end) and {o.type, m.type} == {
                "Organization",
                "Technology",
            }:
                # "Kevin Zhao，Arm，首席工程师": an employer, not the architecture
                org = o if o.type == "Organization" else m
                if org.source in ("label", "from"):
                    if org is m:
                        out.remove(o)
                    else:
                        clash = True
                    break
        if not clash:
            out.append(m)
    return out
