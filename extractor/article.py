"""Stage 1: a path -> Article (decoding, front matter, Markdown blocks with body offsets).

What is accepted (anything else becomes an :class:`~extractor.errors.ArticleError`
naming the file, the line where known, what is wrong and what was expected):

* encodings: UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, UTF-16
  without BOM, GB18030/GBK and Big5 (told apart by how Chinese the decoded
  text looks); a UTF-8 file with a few bad bytes is read with U+FFFD in
  their place and a warning;
* newlines: ``\\n``, ``\\r\\n``, ``\\r`` and any mix (normalised to ``\\n``);
* front matter: YAML between ``---`` lines or TOML between ``+++`` lines, and
  whatever real front matter gets wrong (unclosed quotes, tabs, bare words,
  fences missing, doubled or mixed, Pelican headers, an HTML comment), read
  line by line with a warning ``line N: what; read as X`` instead of an error
  (see :func:`read_front_matter`): metadata never costs an article;
* size: at most :data:`MAX_BYTES` bytes; longer blocks are cut into pieces of
  at most :data:`MAX_BLOCK_CHARS` characters at a sentence end.
"""

from __future__ import annotations

import html
import math
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .errors import ArticleError
from .model import Article, Block

__all__ = [
    "MAX_BYTES",
    "MAX_BLOCK_CHARS",
    "SUFFIXES",
    "discover",
    "read_article",
    "parse_article",
    "decode_bytes",
    "FrontMatter",
    "read_front_matter",
    "split_front_matter",
    "parse_blocks",
    "clean_inline",
]

SUFFIXES = (".md", ".markdown")
# Real recap articles are 5-100 KB.  The extraction stages take ~30 s per MB of
# dense article text (measured: 1 MB 34 s, 4.5 MB 292 s), so a bigger file is
# almost surely not an article (a log, a dump) and would stall the whole build:
# it is refused with a clear problem.
MAX_BYTES = 2 * 1024 * 1024
MAX_BLOCK_CHARS = 20000  # longer blocks are cut into pieces for the NLP stages
_MAX_LINE = MAX_BLOCK_CHARS  # old name, kept for callers
_MAX_META_NODES = 10000  # values in the front matter (guards YAML alias bombs)
_MAX_WARNINGS = 20  # front-matter warnings reported one by one; the rest are counted


# ---------------------------------------------------------------- discovery
def discover(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """Expand files and folders into ``(file, root)`` pairs, sorted, each file once.

    Folders are searched recursively for ``*.md``/``*.markdown`` (without
    recursion in Python: any depth is safe); symlinked folders are followed
    once (loops are cut) and a file reached by two paths is read once.  A
    symlinked *file* whose target lies outside every folder given is skipped
    with a warning (a link to ``/etc/passwd`` is never read).  A folder that
    cannot be listed is returned as a pair too, so that :func:`read_article`
    reports it instead of it vanishing silently.  ``root`` is the folder given
    (or the file's parent), used to compute the record's ``doc``.

    >>> discover([])
    []
    """
    out: dict[str, tuple[Path, Path]] = {}
    given = [Path(p) for p in paths]
    roots = [os.path.realpath(p) for p in given if p.is_dir()]
    for path in given:
        if path.is_dir():
            root = path
            seen: set[tuple[int, int]] = set()
            for dirpath, filenames in _walk(path, seen, out, root):
                for f in filenames:
                    if f.lower().endswith(SUFFIXES) and not f.startswith("."):
                        fp = Path(dirpath) / f
                        if str(fp) not in out and _escapes(fp, roots):
                            continue
                        out.setdefault(str(fp), (fp, root))
        else:
            out.setdefault(str(path), (path, path.parent))
    pairs = sorted(out.values(), key=lambda x: (_doc_of(x[0], x[1]), str(x[0])))
    # the same file reached twice (symlinked folder, hard link): keep the first
    once: list[tuple[Path, Path]] = []
    inodes: set[tuple[int, int]] = set()
    for fp, root in pairs:
        try:
            st = os.stat(fp)
        except OSError:
            once.append((fp, root))  # read_article will say why
            continue
        if stat.S_ISREG(st.st_mode):
            if (st.st_dev, st.st_ino) in inodes:
                continue
            inodes.add((st.st_dev, st.st_ino))
        once.append((fp, root))
    return once


def _walk(top: Path, seen: set[tuple[int, int]], out: dict, root: Path):
    """``os.walk(top, followlinks=True)`` top-down with sorted names, hidden folders
    skipped and each folder (by inode) visited once, on an explicit stack: Python
    3.11's ``os.walk`` recurses and ends ~1,000 folders deep with RecursionError.
    A folder that cannot be listed goes into ``out`` to be reported."""
    stack = [str(top)]
    while stack:
        dirpath = stack.pop()
        try:
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(dirpath) as it:
                entries = list(it)
        except OSError as exc:
            fp = Path(exc.filename or dirpath)
            out.setdefault(str(fp), (fp, root))
            continue
        dirs, files = [], []
        for e in entries:
            try:
                is_dir = e.is_dir()  # follows symlinks, as os.walk(followlinks=True)
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(e.name)
        yield dirpath, sorted(files)
        for d in sorted((d for d in dirs if not d.startswith(".")), reverse=True):
            stack.append(os.path.join(dirpath, d))


def _escapes(fp: Path, roots: list[str]) -> bool:
    """True (with a warning) for a symlinked file whose target is outside every root."""
    try:
        if not fp.is_symlink():
            return False
    except OSError:  # a folder without search permission: read_article says so
        return False
    target = os.path.realpath(fp)
    if any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
        return False
    import warnings

    warnings.warn(
        f"{fp}: symlink to {target}, outside the input folders: skipped",
        UserWarning,
        stacklevel=3,
    )
    return True


def _doc_of(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return rel.as_posix()


# ---------------------------------------------------------------- decoding
# Frequent characters of Chinese prose, simplified and traditional forms: the
# share of them tells a right decoding (GB18030 vs Big5) from mojibake.
_COMMON = frozenset(
    "的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分对對成会會"
    "可主发發年动動同工也能下过過子说說产產种種面而方后後多定行学學法所民得经經十三之进進着著等"
    "部度家电電力里裡如水化高自二理起小物现現实實加量都两兩体體制机機当當使点點从從业業本去把性"
    "好应應开開它合还還因由其些然前外天政四日那社义義事平形相全表间間样樣与與关關各重新线線内數"
    "数正心反你明看原又么麼利比或但质質气氣第向道命此变變条條只没結结解问問意建月公无無系係军軍很"
    "情者最立代想已通并並提直题題党黨程展五果料象员員革位入常文总總次品式活设設及管特件长長求老"
    "头頭基资資边邊流路级級少图圖山统統接知较較将將组組见見计計别別她手角期根论論运運农農指几幾"
    "九区區强強放决決西被干幹做必战戰先回则則任取据據处處队隊南给給色光门門即保治北造百规規热熱"
    "领領七海口东東导導器压壓志世金增争爭济濟阶階油思术術极極交受联聯什认認六共权權收证證改清己"
    "美再采轉转更单單风風切打白教速花带帶安场場身车車例真务務具万萬每目至达達走积積示议議声聲报報"
    "斗完类類八离離华華名确確才科张張信马馬节節话話米整空元况況今集温溫传傳土许許步群广廣石记記"
    "需段研界拉林律叫且究观觀越织織装裝影算低持音众眾书書布复復容儿兒须須际際商非验驗连連断斷深难"
    "難近矿礦千周委素技备備半办辦青省列习習响響约約支般史感劳勞便团團往酸历歷市克何除消构構府称稱"
    "太准準精值号號率族维維划劃选選标標写寫存候毛亲親快效斯院查江型眼王按格养養易置派层層片始却"
    "专專状狀育厂廠京识識适適属屬圆圓包火住调調满滿县縣局照参參红紅细細引听聽该該铁鐵价價严嚴龙龍"
    "飞飛源社区區講讲享会議议活舉举办辦開开們们，。、：；！？「」《》（）"
)


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode article bytes: BOMs, UTF-8, UTF-16 without BOM, GB18030 or Big5; refuse binary.

    Returns ``(text, encoding)``.  A UTF-8 file with a few invalid bytes is
    decoded with U+FFFD in their place and the encoding ``"utf-8 (replaced)"``.

    >>> decode_bytes("中文".encode("gb18030"))
    ('中文', 'gb18030')
    >>> decode_bytes("開源社區的技術交流".encode("big5"))
    ('開源社區的技術交流', 'big5')
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    extractor.errors.ArticleError: <bytes>: binary data (NUL bytes), not a text article (expected UTF-8 or GB18030 Markdown text)
    """
    text, enc = _decode_any(data, path)
    if _looks_binary(text):
        raise ArticleError(
            path,
            f"binary data (control characters), not a text article (decoded as {enc})",
            expected="UTF-8 or GB18030 Markdown text",
        )
    return text, enc


def _decode_any(data: bytes, path: str) -> tuple[str, str]:
    """Pick the encoding; no plausibility check of the result."""
    for bom, codec, name in (
        (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
        (b"\xff\xfe", "utf-16-le", "utf-16"),
        (b"\xfe\xff", "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, path), name
    head = data[:8192]
    nuls = data.count(0)
    if nuls:  # wherever they are: UTF-16 text, or stray NULs to drop, or binary data
        enc16 = _utf16_without_bom(head) or _cjk_utf16(data, nuls)
        if enc16:
            return _strict(data, enc16, path), enc16
        binary = ArticleError(
            path,
            "binary data (NUL bytes), not a text article",
            expected="UTF-8 or GB18030 Markdown text",
        )
        if nuls > max(1, len(data) // 100):  # more than 1%: not stray bytes in a text
            raise binary
        try:
            text, enc = _decode_any(data.replace(b"\x00", b""), path)
        except ArticleError:
            raise binary from None
        return text, f"{enc}, {nuls} NUL byte{'s' if nuls > 1 else ''} dropped"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_err = exc
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    non_ascii = sum(1 for c in loose if ord(c) > 127)
    if bad <= max(3, non_ascii // 100):
        # a few corrupt bytes in a UTF-8 file: keep the text, say so
        return loose, "utf-8 (replaced)"
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(text), enc == "gb18030", text, enc))
    mixed = _mixed_lines(data)  # e.g. UTF-8 front matter over a GBK body
    if mixed is not None:
        candidates.append((_chinese_score(mixed), False, mixed, "utf-8 and gb18030"))
    if not candidates:
        raise ArticleError(
            path,
            f"not valid UTF-8 (bad byte 0x{data[utf8_err.start]:02x} at offset "
            f"{utf8_err.start}), nor GB18030 or Big5",
            expected="UTF-8, UTF-16 with BOM, GB18030 or Big5 text",
        )
    _, _, text, enc = max(candidates)
    return text, enc


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL, as in ASCII-rich UTF-16."""
    n = len(head) - len(head) % 2
    if n < 4:
        return None
    even, odd = head[0:n:2], head[1:n:2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _cjk_utf16(data: bytes, nuls: int) -> str | None:
    """'utf-16-le'/'utf-16-be' for Chinese-heavy UTF-16 without BOM: its only NULs are
    the high bytes of ASCII characters (newlines, spaces, Markdown), all on one side,
    and it decodes to frequent Chinese characters (an ideograph's low byte is NUL too,
    one time in 256: most NULs, not all, are on the side of the high bytes)."""
    if len(data) % 2 or nuls < 2:
        return None
    even = data[0::2].count(0)
    for enc, own in (("utf-16-le", nuls - even), ("utf-16-be", even)):
        if own < 0.75 * nuls:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _chinese_score(text) >= 0.3 and not _looks_binary(text):
            return enc
    return None


def _mixed_lines(data: bytes) -> str | None:
    """Each line decoded as UTF-8, or else as GB18030 (None if a line is neither)."""
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
    return "\n".join(lines)


def _strict(data: bytes, enc: str, path: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise ArticleError(
            path, f"invalid {enc} data at byte {exc.start}", expected=f"valid {enc} text"
        ) from None


def _chinese_score(text: str) -> float:
    """Share of frequent Chinese characters among the non-ASCII ones."""
    sample = [c for c in text[:20000] if ord(c) > 127]
    if not sample:
        return 0.0
    return sum(1 for c in sample if c in _COMMON) / len(sample)


# Characters that are text for sure (printable ASCII, usual whitespace, CJK
# punctuation, ideographs and full-width forms); only the others are looked up.
_MAYBE_BINARY = re.compile(r"[^\t\n\r\f\v\x1b\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]")


def _looks_binary(text: str) -> bool:
    """True when over 5% of the first 8 KB are control, private-use or unassigned characters."""
    sample = text[:8192]
    if not sample:
        return False
    # each distinct character is judged once; a text article has few to judge
    odd = set(_MAYBE_BINARY.findall(sample))
    bad = sum(sample.count(c) for c in odd if _binary_char(c))
    return bad / len(sample) > 0.05


def _binary_char(c: str) -> bool:
    o = ord(c)
    if o < 32:
        return c not in "\t\n\r\f\v\x1b"
    return 0xE000 <= o <= 0xF8FF or unicodedata.category(c) in ("Cn", "Cs")


# ---------------------------------------------------------------- front matter
# Real front matter is often invalid: an unclosed quote, a tab, a bare word in TOML, a
# fence missing or doubled, Pelican 'Key: value' headers, metadata in an HTML comment.
# An article is never lost to its metadata: what the strict YAML/TOML parser refuses is
# read line by line, and each thing read leniently is a warning "line N: what; read as X".
_FENCE_OPEN = re.compile(r"(-{3,}|\+{3,})[ \t]*")
_FENCE_CLOSE = re.compile(r"[\ufeff\u200b]*(-{3,}|\+{3,}|\.\.\.)[ \t]*")
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u200e\u200f"
# one 'key: value' (YAML) or 'key = value' (TOML) line; the key may be quoted
_KEY_LINE = re.compile(
    r"(?P<indent>[ \t]*)(?P<key>\"[^\"\n]{1,200}\"|'[^'\n]{1,200}'"
    r"|[^\s:=#'\"\[\]{}!&*|>%@`,-][^:=\n]{0,200}?|-[^\s:=\n][^:=\n]{0,200}?)"
    r"[ \t]*(?P<sep>:(?=[ \t]|$)|=)[ \t]*(?P<value>.*)"
)
_ASCII_KEY = re.compile(r"[ \t]*[\"']?[A-Za-z_][\w.-]{0,60}[\"']?[ \t]*(?::(?=[ \t]|$)|=)", re.A)
_ITEM = re.compile(r"[ \t]*-(?:[ \t]+(?P<v>.*))?")
_TOML_TABLE = re.compile(r"[ \t]*\[\[?[ \t]*(?P<name>[\w.\"' -]{1,100}?)[ \t]*\]\]?[ \t]*(?:#.*)?")
_PELICAN = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9_-]{0,30})[ \t]*:(?:[ \t]+(?P<value>.*))?[ \t]*")
_MD_HEADING = re.compile(r"#{1,6}[ \t]+\S")
# dates: the usual forms, silently made ISO; anything with four digits, two and two
_DATE_STD = re.compile(
    r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)|(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})"
)
_DATE_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
_DATE_ODD = re.compile(r"(\d{4})\D{1,3}?(\d{1,2})\D{1,3}?(\d{1,2})(?!\d)|(\d{4})(\d{2})(\d{2})")
# keys that name the publication date when there is no 'date' (compared in lower case)
_DATE_KEYS = ("date", "time", "publishdate", "pubdate", "published", "publish_date",
              "pub_date", "created", "created_at", "datetime")  # fmt: skip
_LIST_KEYS = ("tags", "keywords", "authors", "categories")  # comma lists in Pelican headers


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's when installed) whose timestamps never fail: an impossible
    date stays a string."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class FrontMatter(NamedTuple):
    """What :func:`read_front_matter` found.

    ``warnings`` are ``"line N: what; read as X"`` (file lines) for everything that
    had to be read leniently.
    """

    meta: dict[str, Any]
    body: str
    body_line: int
    warnings: list[str]


def split_front_matter(text: str, path: str = "<text>") -> tuple[dict[str, Any], str, int]:
    """Split ``text`` into (metadata, body, line where the body starts); see
    :func:`read_front_matter` for the warnings.

    >>> split_front_matter("---\\ntitle: A\\n---\\nbody")
    ({'title': 'A'}, 'body', 4)
    >>> split_front_matter("+++\\ntitle = 'B'\\n+++\\nbody")[0]
    {'title': 'B'}
    >>> split_front_matter("---\\ntitle: 'A\\ntags: [x]\\n---\\nx", "a.md")
    ({'title': 'A', 'tags': ['x']}, 'x', 5)
    """
    fm = read_front_matter(text, path)
    return fm.meta, fm.body, fm.body_line


def read_front_matter(text: str, path: str = "<text>") -> FrontMatter:
    """Front matter, body and warnings of newline-normalised article ``text``.

    YAML between ``---`` lines and TOML between ``+++`` lines are read strictly
    first.  What they refuse is read line by line (``key: value`` and ``key = value``
    pairs, quotes balanced or stripped, ``- item`` lines and ``[a, b]`` as lists),
    and so are fences that are missing, doubled or after a BOM or blank lines,
    Pelican ``Key: value`` headers and front matter in an HTML comment.  Each
    recovery is a warning naming the file line.  Without ``date``, the first of
    ``time``/``Date``/``pubDate``/``publishDate``/``created`` gives one (the key is
    kept); dates are made ISO (``2020/08/06`` -> ``2020-08-06``).  Values YAML cannot
    type (``2024-02-30``) stay strings.  Nothing here raises for bad metadata.

    >>> fm = read_front_matter("---\\ntitle: T\\ndate: '2025-03-16\\n---\\n正文")
    >>> fm.meta, fm.body, fm.body_line
    ({'title': 'T', 'date': '2025-03-16'}, '正文', 5)
    >>> fm.warnings
    ["line 3: unclosed quote in 'date'; read as 2025-03-16"]
    >>> fm = read_front_matter("Title: 标题\\nDate: 2019-10-19\\nTags: a, b\\n\\n正文")
    >>> fm.meta, fm.body_line
    ({'title': '标题', 'date': '2019-10-19', 'tags': ['a', 'b']}, 5)
    >>> read_front_matter("---\\ntime: 2020/08/06\\n---\\nx").meta
    {'time': '2020/08/06', 'date': '2020-08-06'}
    """
    del path  # (warnings name lines; the caller names the file)
    lines = text.split("\n")
    warnings: list[str] = []
    first = 0
    while first < len(lines) and not lines[first].strip(" \t" + _INVISIBLE):
        first += 1
    if first == len(lines):
        return FrontMatter({}, text, 1, [])
    head = lines[first]
    opener = head.lstrip(_INVISIBLE)
    nxt = lines[first + 1] if first + 1 < len(lines) else ""
    found: tuple[dict[str, Any], int, int] | None = None  # (meta, body line index, column)
    fence = _FENCE_OPEN.fullmatch(opener)
    if fence and (
        (first == 0 and opener == head and fence.group(1) in ("---", "+++"))
        or _KEY_LINE.fullmatch(nxt)
    ):
        if opener != head:
            warnings.append(
                f"line {first + 1}: {_invisible_names(head[: len(head) - len(opener)])} "
                "before the front matter fence; ignored"
            )
        if first:
            warnings.append(
                f"line {first + 1}: front matter fence after {first} blank line"
                f"{'s' if first > 1 else ''}; read as front matter"
            )
        if fence.group(1) not in ("---", "+++"):
            warnings.append(
                f"line {first + 1}: front matter fence {fence.group(1)} read as "
                f"{fence.group(1)[:3]}"
            )
        found = _fenced(lines, first, fence.group(1)[:3], warnings)
    elif opener.startswith("<!--"):
        found = _in_comment(lines, first, warnings)
    elif first == 0:
        found = _pelican(lines, warnings)
    if found is None:
        lead = len(text) - len(text.lstrip(_INVISIBLE))
        if not lead:
            return FrontMatter({}, text, 1, [])
        # (a heading behind a second byte-order mark would not be a heading)
        note = f"line 1: {_invisible_names(text[:lead])} at the start of the file; ignored"
        return FrontMatter({}, text[lead:], 1, [note])
    meta, k, col = found
    _normalise_keys(meta, lines, warnings)
    if len(warnings) > _MAX_WARNINGS:
        more = warnings[_MAX_WARNINGS]
        n = len(warnings) - _MAX_WARNINGS
        warnings[_MAX_WARNINGS:] = [f"{more.split(': ', 1)[0]}: {n} more front-matter warnings"]
    offset = sum(len(ln) + 1 for ln in lines[:k]) + col
    return FrontMatter(meta, text[offset:], k + 1, warnings)


def _invisible_names(chars: str) -> str:
    names = {"\ufeff": "a byte-order mark (U+FEFF)"}
    seen = dict.fromkeys(names.get(c, f"an invisible U+{ord(c):04X}") for c in chars)
    return " and ".join(seen)


def _is_closer(line: str, family: str) -> str | None:
    """The fence ``line`` is ('---', '+++', '...'), if it is one."""
    m = _FENCE_CLOSE.fullmatch(line)
    if not m or (m.group(1) == "..." and family != "-"):
        return None
    return m.group(1)


def _meta_like(line: str, ascii_keys: bool = False) -> bool:
    """A line that can belong to front matter: a key line, a list item, an indented line."""
    if ascii_keys:
        return bool(_ASCII_KEY.match(line) or _ITEM.fullmatch(line) or line[:1] in " \t")
    return bool(_KEY_LINE.fullmatch(line) or _ITEM.fullmatch(line) or line[:1] in " \t")


def _fenced(
    lines: list[str], i: int, fence: str, warnings: list[str], merge: bool = True
) -> tuple[dict[str, Any], int, int] | None:
    """Front matter opened by the fence on ``lines[i]``: (meta, body line index, 0);
    ``merge`` reads a second block right after it (see :func:`_after`)."""
    n = len(lines)
    kind = "yaml" if fence == "---" else "toml"
    start = i + 1
    # '---' twice, then the keys and a closing fence: the opening fence is doubled
    while start + 1 < n and _is_closer(lines[start], fence[0]):
        end = start + 1
        while end < n and (_meta_like(lines[end]) or not lines[end].strip()):
            end += 1
        if end == start + 1 or end >= n or not _is_closer(lines[end], fence[0]):
            break
        warnings.append(f"line {start + 1}: front matter fence {fence} doubled; read once")
        start += 1
    close = next((k for k in range(start, n) if _is_closer(lines[k], fence[0])), None)
    if close is not None:
        block = lines[start:close]
        meta = _parse_block(block, start + 1, kind, warnings, keep_prose=True)
        if meta is None:
            if not any(_KEY_LINE.fullmatch(ln) for ln in block):
                return None  # rules around text, not front matter
            cut = _prose_start(block)
            assert cut is not None
            # the fence is never closed: the one on line close + 1 is a rule in the body
            last = start + cut
            warnings.append(
                f"line {i + 1}: front matter opened with {fence} is never closed (the "
                f"{lines[close].strip()} on line {close + 1} is a rule in the body); lines "
                f"{start + 1}-{last} read as front matter, the body starts on line {last + 1}"
            )
            meta = _parse_block(lines[start:last], start + 1, kind, warnings)
            assert meta is not None
            return meta, last, 0
        closer = _is_closer(lines[close], fence[0])
        if closer not in ("...", fence) and closer[:3] != fence:
            warnings.append(
                f"line {close + 1}: front matter opened with {fence} closed by {closer}"
            )
        k = _after(lines, close + 1, fence, meta, warnings) if merge else close + 1
        return meta, k, 0
    end = start
    while end < n and lines[end].strip() and _meta_like(lines[end], ascii_keys=True):
        end += 1
    if end == start:
        return None  # a rule at the top of the file, not front matter
    warnings.append(
        f"line {i + 1}: front matter opened with {fence} is never closed; lines "
        f"{start + 1}-{end} read as front matter, the body starts on line {end + 1}"
    )
    meta = _parse_block(lines[start:end], start + 1, kind, warnings)
    assert meta is not None
    return meta, end, 0


def _after(lines: list[str], k: int, fence: str, meta: dict, warnings: list[str]) -> int:
    """Where the body starts after a closing fence on ``lines[k - 1]``: a fence right after it
    is doubled (skipped), or opens a second front matter block (merged)."""
    if k >= len(lines) or not _is_closer(lines[k], fence[0]):
        return k
    more = None
    sub: list[str] = []
    if k + 1 < len(lines) and _KEY_LINE.fullmatch(lines[k + 1]):
        more = _fenced(lines, k, fence, sub, merge=False)
    if more is not None and more[0]:
        extra, end, _ = more
        added = [key for key in extra if key not in meta]
        for key in added:
            meta[key] = extra[key]
        warnings.append(
            f"line {k + 1}: a second front matter block (lines {k + 2}-{end - 1}); "
            f"merged {_keys_read(added)}"
        )
        warnings.extend(sub)
        return end
    warnings.append(f"line {k + 1}: front matter fence {lines[k].strip()} doubled; skipped")
    return k + 1


def _prose_start(block: list[str]) -> int | None:
    """Index in ``block`` where body text begins after a blank line or a heading (the front
    matter fence was never closed and a later rule was taken for it), else None."""
    boundary: int | None = None
    for k, line in enumerate(block):
        if not line.strip() or _MD_HEADING.match(line):
            if boundary is None:
                boundary = k
            continue
        if _meta_like(line) or line.lstrip().startswith("#"):
            boundary = None
            continue
        if boundary is not None and any(_ASCII_KEY.match(ln) for ln in block[k:]):
            return None  # keys further on: a stray line inside the front matter
        return boundary
    return None


def _in_comment(
    lines: list[str], i: int, warnings: list[str]
) -> tuple[dict[str, Any], int, int] | None:
    """Front matter inside an HTML comment opening on ``lines[i]``."""
    first = lines[i].lstrip(_INVISIBLE)[4:]
    if "-->" in first:
        end: int | None = i
    else:
        end = next((k for k in range(i + 1, min(len(lines), i + 200)) if "-->" in lines[k]), None)
    if end is None:
        return None
    inner = [first] + lines[i + 1 : end + 1]
    inner[-1] = inner[-1][: inner[-1].index("-->")]
    kind = "yaml"
    block: list[str] = []
    for line in inner:
        fence = _is_closer(line.strip(), "-")
        if fence:
            kind = "toml" if fence.startswith("+") else kind
            block.append("")  # (line numbers kept)
        else:
            block.append(line)
    filled = [ln for ln in block if ln.strip()]
    if not filled or not all(_meta_like(ln.strip()) for ln in filled):
        return None
    keys = [m.group("key").strip("\"' ").lower() for m in map(_KEY_LINE.fullmatch, filled) if m]
    if not {"title", *_DATE_KEYS} & set(keys):
        return None  # a comment, not metadata
    lead = min(_indent(ln) for ln in filled)
    block = [ln[lead:] if ln[:lead].isspace() else ln.lstrip() for ln in block]
    sub: list[str] = []
    meta = _parse_block(block, i + 1, kind, sub) or {}
    warnings.append(
        f"line {i + 1}: front matter inside an HTML comment <!-- -->; read {_keys_read(list(meta))}"
    )
    warnings.extend(sub)
    opened = len(lines[i]) - len(first)  # (where the comment's text starts on its line)
    col = (opened + first.index("-->") if end == i else lines[end].index("-->")) + 3
    if not lines[end][col:].strip():
        return meta, end + 1, 0
    return meta, end, col


def _pelican(lines: list[str], warnings: list[str]) -> tuple[dict[str, Any], int, int] | None:
    """Pelican/MultiMarkdown headers: 'Key: value' lines up to the first blank line, with
    a title or a date among them."""
    heads: list[tuple[int, str, str]] = []
    k = 0
    while k < len(lines) and lines[k].strip() and len(heads) < _MAX_META_NODES:
        m = _PELICAN.fullmatch(lines[k])
        if m:
            heads.append((k, m.group("key").lower(), (m.group("value") or "").strip()))
        elif heads and lines[k][:1] in " \t":  # a value continued on an indented line
            i, key, value = heads[-1]
            heads[-1] = (i, key, f"{value} {lines[k].strip()}".strip())
        else:
            return None
        k += 1
    if not heads or not {"title", "date"} & {key for _, key, _ in heads}:
        return None
    meta: dict[str, Any] = {}
    for _, key, value in heads:
        value = _clean_scalar(value)
        if key in _LIST_KEYS:
            meta[key] = [x.strip() for x in re.split(r"[,，]", value) if x.strip()]
        else:
            meta[key] = value
    while k < len(lines) and not lines[k].strip():
        k += 1
    warnings.append(
        f"line 1: 'Key: value' headers without --- fences (Pelican style); read "
        f"{_keys_read(list(meta))}, the body starts on line {k + 1}"
    )
    return meta, k, 0


def _keys_read(keys: list[str]) -> str:
    shown = ", ".join(_printable(k, 20) for k in keys[:8])
    return (shown + (", ..." if len(keys) > 8 else "")) if keys else "no key"


def _parse_block(
    block: list[str], first_line: int, kind: str, warnings: list[str], keep_prose: bool = False
) -> dict[str, Any] | None:
    """Metadata of front-matter lines (``block[0]`` is file line ``first_line``): strictly,
    else line by line.  With ``keep_prose``, None when the lines are no front matter (no key
    at all, or body text after a blank line: the fence closing them is a rule in the body)."""
    src = "\n".join(block)
    if not src.strip():
        return {}
    errors = []
    other = "toml" if kind == "yaml" else "yaml"
    for fmt in (kind, other):
        data, err = _load(src, fmt)
        if isinstance(data, dict):
            meta = _meta(data)
            if meta is not None and fmt == kind:
                return meta
            if meta:  # TOML between --- fences, YAML between +++ fences
                fence = "---" if kind == "yaml" else "+++"
                warnings.append(
                    f"line {first_line}: {fmt.upper()} front matter between {fence} fences; "
                    f"read as {fmt.upper()}"
                )
                return meta
            err = err or f"more than {_MAX_META_NODES} values or nested too deeply"
        errors.append(err)
    if keep_prose:
        keyed = any(_KEY_LINE.fullmatch(ln) for ln in block)
        structured = all(
            not ln.strip() or _meta_like(ln) or ln.lstrip().startswith("#") for ln in block
        )
        if (not keyed and not structured) or (keyed and _prose_start(block) is not None):
            return None
    return _lenient(block, first_line, kind, warnings, errors[0])


def _load(src: str, fmt: str) -> tuple[Any, str]:
    """(data, "") or (None, the parser's complaint); never raises."""
    try:
        if fmt == "toml":
            return tomllib.loads(src), ""
        data = yaml.load(src, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        return None, str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    except tomllib.TOMLDecodeError as exc:
        return None, str(exc)
    except RecursionError:
        return None, "nested too deeply"
    except Exception as exc:  # e.g. an integer of 5,000 digits: lenient reading, never a crash
        return None, f"{type(exc).__name__}: {exc}"[:200]
    if data is None:
        return {}, ""
    if not isinstance(data, dict):
        return None, f"a {type(data).__name__}, not key: value pairs"
    return data, ""


def _meta(data: dict) -> dict[str, Any] | None:
    """Front-matter data as JSON-friendly values; None when there are too many."""
    budget = [_MAX_META_NODES]
    try:
        return {str(k): _plain(v, budget) for k, v in data.items()}
    except (OverflowError, RecursionError):
        return None


def _plain(v: Any, budget: list[int]) -> Any:
    """Front-matter values as JSON-friendly data (dates become ISO strings)."""
    budget[0] -= 1
    if budget[0] < 0:
        raise OverflowError
    if isinstance(v, dict):
        return {str(k): _plain(x, budget) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [_plain(x, budget) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # NaN and infinities are not JSON
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", errors="replace")
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _lenient(
    block: list[str], first_line: int, kind: str, warnings: list[str], err: str
) -> dict[str, Any]:
    """Front matter read line by line: each top-level key with the lines under it is
    parsed alone; what its parser refuses is recovered, with a warning."""
    before = len(warnings)
    strays: list[str] = []
    keyed = [k for k, ln in enumerate(block) if _KEY_LINE.fullmatch(ln)]
    base = min((_indent(block[k]) for k in keyed), default=0)
    chunks: list[tuple[int, str | None, list[int]]] = []  # (key line, table, lines under it)
    table: str | None = None
    for k, line in enumerate(block):
        if not line.strip():
            continue
        t = _TOML_TABLE.fullmatch(line) if kind == "toml" or line[:1] == "[" else None
        if t and _indent(line) <= base:
            table = t.group("name").strip("\"' ")
            continue
        if _KEY_LINE.fullmatch(line) and _indent(line) <= base:
            chunks.append((k, table, []))
        elif chunks:
            chunks[-1][2].append(k)
        elif not line.lstrip().startswith("#"):
            strays.append(
                f"line {first_line + k}: {_printable(line.strip(), 40)!r} is not a "
                "key: value line; ignored"
            )
    if not chunks:
        if strays:
            warnings.append(f"line {first_line}: front matter is {err or 'unreadable'}; ignored")
        return {}
    warnings.extend(strays)
    filled = sum(1 for ln in block if ln.strip())
    meta: dict[str, Any] = {}
    budget = [_MAX_META_NODES]
    for k, table, under in chunks:
        m = _KEY_LINE.fullmatch(block[k])
        assert m is not None
        key = m.group("key").strip()
        if key[:1] in "\"'" and key[-1:] == key[:1]:
            key = key[1:-1]
        whole = len(chunks) == 1 and 1 + len(under) == filled
        value = _chunk_value(block, k, under, m, first_line, warnings, whole=whole)
        size = _size(value)
        if size > budget[0]:
            warnings.append(
                f"line {first_line + k}: more than {_MAX_META_NODES} values; the rest ignored"
            )
            if not isinstance(value, list) or budget[0] < 2:
                break
            value = value[: budget[0] - 1]
        budget[0] -= size
        target = meta
        if table is not None:
            sub = meta.setdefault(table, {})
            if not isinstance(sub, dict):
                continue
            target = sub
        target[key] = value
    if len(warnings) == before:
        warnings.append(
            f"line {first_line}: front matter is not valid {kind.upper()} ({_printable(err, 80)})"
            "; read line by line"
        )
    return meta


def _size(v: Any) -> int:
    if isinstance(v, dict):
        return 1 + sum(_size(x) for x in v.values())
    if isinstance(v, list):
        return 1 + len(v)
    return 1


def _chunk_value(
    block: list[str], k: int, under: list[int], m: re.Match[str], first_line: int,
    warnings: list[str], whole: bool = False,
) -> Any:  # fmt: skip
    """The value of the key on ``block[k]`` with the lines ``under`` it (``whole``: they are
    the whole block, which its parser refused already)."""
    key = _printable(m.group("key").strip("\"' "), 30)
    lead = _indent(block[k])
    src = [block[j][lead:] if block[j][:lead].isspace() else block[j] for j in [k, *under]]
    fmt = "yaml" if m.group("sep") == ":" else "toml"
    data = None if whole and not lead else _load("\n".join(src), fmt)[0]
    loose = [j for j in under if block[j].strip() and block[j][:1] not in " \t-#"]
    if not isinstance(data, dict) and loose:
        # lines at the margin that are no key: the value may be fine without them
        drop = set(loose)
        kept = [s for j, s in zip([k, *under], src, strict=True) if j not in drop]
        data, _ = _load("\n".join(kept), fmt)
        if isinstance(data, dict):
            for j in loose:
                warnings.append(
                    f"line {first_line + j}: {_printable(block[j].strip(), 40)!r} is not a "
                    "key: value line; ignored"
                )
    if isinstance(data, dict) and len(data) == 1:
        plain = _meta(data)
        if plain is not None:
            return next(iter(plain.values()))
    if fmt == "yaml" and any("\t" in s[: _indent(s)] for s in src[1:]):
        # tabs indent the lines under the key: read them as spaces
        data, _ = _load(
            "\n".join(s[: _indent(s)].expandtabs(2) + s.lstrip(" \t") for s in src), fmt
        )
        if isinstance(data, dict) and len(data) == 1:
            plain = _meta(data)
            if plain is not None:
                value = next(iter(plain.values()))
                warnings.append(
                    f"line {first_line + k}: tab in the indentation under '{key}'; "
                    f"read as {_show(value)}"
                )
                return value
    value, what, used = _recover(m.group("value").strip(), [block[j] for j in under], key, fmt)
    warnings.append(f"line {first_line + k}: {what}; read as {_show(value)}")
    for j in under[used:]:
        line = block[j]
        if line.strip() and line[:1] not in " \t-#":
            warnings.append(
                f"line {first_line + j}: {_printable(line.strip(), 40)!r} is not a "
                "key: value line; ignored"
            )
    return value


def _recover(v: str, under: list[str], key: str, fmt: str) -> tuple[Any, str, int]:
    """(value, what was wrong, how many lines of ``under`` the value used) for a value
    its parser refused: quotes balanced or stripped, lists kept."""
    nested = [ln for ln in under if ln.strip() and (ln[:1] in " \t" or _ITEM.fullmatch(ln))]
    tabs = any("\t" in ln[: _indent(ln)] for ln in nested)
    if not v or v in ("|", ">", "|-", ">-", "|+", ">+"):
        items = [_ITEM.fullmatch(ln) for ln in nested]
        what = f"tab in the indentation under '{key}'" if tabs else f"cannot read '{key}'"
        if nested and all(items):
            return [_clean_scalar(i.group("v") or "") for i in items if i], what, len(under)
        pairs = [_KEY_LINE.fullmatch(ln.strip()) for ln in nested]
        if nested and all(pairs):
            sub = {
                p.group("key").strip("\"' "): _clean_scalar(p.group("value")) for p in pairs if p
            }
            return sub, what, len(under)
        sep = "\n" if v.startswith("|") else " "
        return sep.join(_clean_scalar(ln.strip()) for ln in nested), what, len(under)
    if v[0] in "'\"":
        q = v[0]
        whole = _strip_comment(v)
        if len(whole) > 1 and whole[-1] == q and 0 < _closing_quote(whole, q) < len(whole) - 1:
            return _unescape(whole[1:-1], q), f"unescaped quote inside the value of '{key}'", 0
        end = _closing_quote(v, q)
        if end > 0:
            rest = v[end + 1 :].strip()
            inner = _unescape(v[1:end], q)
            if rest and not rest.startswith("#"):
                return (
                    f"{inner} {_clean_scalar(rest)}".strip(),
                    f"text after the quoted value of '{key}'",
                    0,
                )
            return inner, f"cannot read '{key}'", 0
        # the quote may close on a later line
        parts = [v[1:]]
        for n, ln in enumerate(under):
            if ln.rstrip().endswith(q) and _closing_quote(q + ln.strip(), q) == len(ln.strip()):
                parts.append(ln.strip()[:-1])
                return (
                    _unescape(" ".join(p.strip() for p in parts), q),
                    f"quoted value of '{key}' runs over lines",
                    n + 1,
                )
            if not ln.strip() or _KEY_LINE.fullmatch(ln):
                break
            parts.append(ln.strip())
        return _clean_scalar(" ".join(parts)), f"unclosed quote in '{key}'", len(parts) - 1
    if v[0] in "[{":
        close = "]" if v[0] == "[" else "}"
        text = " ".join([v] + [ln.strip() for ln in nested])
        text = _strip_comment(text)
        closed = text.endswith(close)
        inner = text[1:-1] if closed else text[1:]
        what = f"cannot read '{key}'" if closed else f"unclosed {v[0]} in '{key}'"
        items = [_clean_scalar(x) for x in _split_commas(inner)[:_MAX_META_NODES]]
        items = [x for x in items if x]
        if v[0] == "{":
            pairs = [re.split(r"\s*[:=]\s*", x, maxsplit=1) for x in items]
            return (
                {p[0].strip("\"' "): _clean_scalar(p[1]) if len(p) > 1 else "" for p in pairs},
                what,
                len(under),
            )
        return items, what, len(under)
    if v[0] == "!":
        tag, _, rest = v.partition(" ")
        return _clean_scalar(rest), f"YAML tag {_printable(tag, 40)} in '{key}' refused", 0
    if v[0] in "&*":
        name, _, rest = v.partition(" ")
        what = (
            f"YAML {'anchor' if v[0] == '&' else 'alias'} {_printable(name, 30)} in '{key}' ignored"
        )
        return _clean_scalar(rest if v[0] == "&" else v), what, 0
    text = " ".join([v] + [ln.strip() for ln in nested if ln[:1] in " \t"])
    what = f"unquoted text in '{key}'" if fmt == "toml" else f"cannot read '{key}'"
    return _clean_scalar(text), what, len(nested)


def _closing_quote(v: str, q: str) -> int:
    """Index of the quote closing the one at ``v[0]``, or -1 ('' and \\" are escapes)."""
    k = 1
    while k < len(v):
        c = v[k]
        if q == '"' and c == "\\":
            k += 2
            continue
        if c == q:
            if q == "'" and v[k + 1 : k + 2] == "'":
                k += 2
                continue
            return k
        k += 1
    return -1


def _unescape(s: str, q: str) -> str:
    return s.replace("''", "'") if q == "'" else s.replace('\\"', '"')


def _strip_comment(s: str) -> str:
    """``s`` without a trailing ``  # comment`` outside quotes."""
    quote = ""
    for k, c in enumerate(s):
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == "#" and (k == 0 or s[k - 1] in " \t"):
            return s[:k].rstrip()
    return s.strip()


def _clean_scalar(s: str) -> str:
    """A scalar as text: comment cut, quotes balanced or stripped."""
    s = _strip_comment(s.strip())
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return _unescape(s[1:-1], s[0]).strip()
    return s.strip("'\"").strip()


def _split_commas(s: str) -> list[str]:
    """``s`` cut at commas outside quotes and brackets."""
    out, depth, quote, start = [], 0, "", 0
    for k, c in enumerate(s):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c in ",，" and depth == 0:
            out.append(s[start:k])
            start = k + 1
    out.append(s[start:])
    return out


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _printable(s: Any, limit: int) -> str:
    """``s`` safe for one terminal line (controls and bidi overrides become '?'), cut to
    ``limit`` characters."""
    s = _UNPRINTABLE.sub("?", str(s))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _show(v: Any) -> str:
    """A recovered value as a warning shows it."""
    if isinstance(v, list):
        return "[" + ", ".join(_printable(x, 30) for x in v[:8]) + (", ...]" if len(v) > 8 else "]")
    if isinstance(v, dict):
        inner = ", ".join(
            f"{_printable(k, 20)}: {_printable(x, 30)}" for k, x in list(v.items())[:5]
        )
        return "{" + inner + (", ...}" if len(v) > 5 else "}")
    if v is None or v == "":
        return "empty"
    return _printable(v, 60)


def _normalise_keys(meta: dict[str, Any], lines: list[str], warnings: list[str]) -> None:
    """'title' and 'date' under their usual names; dates made ISO (see read_front_matter)."""
    lower: dict[str, str] = {}
    for key in meta:
        lower.setdefault(key.lower(), key)
    if "title" not in meta and "title" in lower:
        meta["title"] = meta[lower["title"]]
    value = meta.get("date")
    if value not in (None, "") and not isinstance(value, (dict, list, bool)):
        text = str(value).strip()
        iso, odd = _read_date(text)
        if iso is None:
            if _DATE_STD.match(text):
                warnings.append(
                    f"line {_line_of(lines, 'date')}: 'date' {_printable(text, 30)} is not a "
                    "day of the calendar; kept as text"
                )
        elif not text.startswith(iso):
            meta["date"] = iso
            if odd:
                warnings.append(
                    f"line {_line_of(lines, 'date')}: malformed date {_printable(text, 30)!r} "
                    f"in 'date'; read as {iso}"
                )
        return
    for alias in _DATE_KEYS:
        key = lower.get(alias)
        if key is None or key == "date":
            continue
        value = meta[key]
        if value in (None, "") or isinstance(value, (dict, list, bool)):
            continue
        text = str(value).strip()
        iso, _ = _read_date(text)
        meta["date"] = iso or text
        warnings.append(
            f"line {_line_of(lines, key)}: no 'date'; '{_printable(key, 20)}' "
            f"{_printable(text, 30)} read as the date{' ' + iso if iso and iso != text else ''}"
        )
        return


def _read_date(text: str) -> tuple[str | None, bool]:
    """(ISO day, whether its form was odd) of a front-matter date, or (None, False)."""
    m = _DATE_STD.match(text)
    if m:
        y, mo, d = (m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        return _iso(y, mo, d), False
    m = _DATE_ODD.search(text[:40])
    if m:
        y, mo, d = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        iso = _iso(y, mo, d)
        return iso, iso is not None
    return None, False


def _iso(y: str, m: str, d: str) -> str | None:
    import datetime as _dt

    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _line_of(lines: list[str], key: str) -> int:
    """File line of the first front-matter line naming ``key`` (1 when none does)."""
    for k, line in enumerate(lines[:400]):
        m = _KEY_LINE.fullmatch(line.strip(_INVISIBLE).lstrip("<!-"))
        if m and m.group("key").strip("\"' ").lower() == key.lower():
            return k + 1
    return 1


# ---------------------------------------------------------------- inline cleaning
_INLINE = re.compile(
    # Link text may not hold brackets and URLs stop at brackets, so that a
    # long line full of '[' or '](' costs linear time, not quadratic.
    r"(?P<img>!\[[^\[\]\n]{0,1000}\]\((?:data:[^)\s]*|[^)\[\]\n]{0,2000})\))"
    r"|(?P<link>\[(?P<ltext>[^\[\]\n]{0,1000})\]\((?P<lurl>[^)\[\]\n]{0,2000})\))"
    r"|(?P<reflink>\[(?P<rtext>[^\[\]\n]{1,1000})\]\[[^\[\]\n]{0,200}\])"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^<>\s]*>)"
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<mark>\*\*|__|~~|(?<![A-Za-z0-9])[*_](?=\S)|(?<=\S)[*_](?![A-Za-z0-9])|`+)"
    r"|(?P<escape>\\[\\`*_{}\[\]()#+\-.!|<>~])",
    re.S,
)


_MARKUP_START = re.compile(r"[!\[<&*_~`\\]")  # the first character of every _INLINE match


def clean_inline(raw: str, base: int = 0) -> tuple[str, list[int]]:
    """Visible text of a Markdown fragment, and each character's offset (``base`` + index).

    >>> clean_inline("**A** [b](http://x) ![i](y.png) <br>c&amp;d")
    ('A b  c&d', [2, 5, 7, 19, 31, 36, 37, 42])
    """
    return _clean(raw, base, None)


def _clean(raw: str, base: int, hidden: bytearray | None) -> tuple[str, list[int]]:
    """:func:`clean_inline`, skipping body positions marked in ``hidden``."""
    out: list[str] = []
    offs: list[int] = []

    def copy(lo: int, hi: int) -> None:
        if hidden is None or hidden.find(1, base + lo, base + hi) < 0:
            out.append(raw[lo:hi])  # nothing hidden in the range: one piece
            offs.extend(range(base + lo, base + hi))
            return
        for i in range(lo, hi):
            if not hidden[base + i]:
                out.append(raw[i])
                offs.append(base + i)

    pos = 0
    # most lines hold no markup at all: the long pattern is not run over them
    matches = _INLINE.finditer(raw) if _MARKUP_START.search(raw) else ()
    for m in matches:
        copy(pos, m.start())
        kind = m.lastgroup
        if kind == "link" or kind == "reflink":
            g = "ltext" if kind == "link" else "rtext"
            t, o = _clean(m.group(g), base + m.start(g), hidden)
            out.extend(t)
            offs.extend(o)
        elif kind == "entity":
            ch = html.unescape(m.group())
            if ch != m.group():
                out.extend(ch)
                offs.extend([base + m.start()] * len(ch))
        elif kind == "escape":
            copy(m.start() + 1, m.end())
        pos = m.end()
    copy(pos, len(raw))
    return "".join(out), offs


# ---------------------------------------------------------------- blocks
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,9}[.)、])[ \t]+")
_QUOTE = re.compile(r"^(?: {0,3}>[ \t]?)+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_SEP = re.compile(r"^[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_HTML_HEADING = re.compile(r"^[ \t]*<h([1-6])(?:\s[^<>]*)?>(.*)</h\1\s*>[ \t]*$", re.I)
# Parts of the body a reader never sees: comments, scripts and styles (even
# over several lines) and tags broken over lines.  They are masked, not cut,
# so offsets into the body stay valid.
_HIDDEN_OPEN = re.compile(r"<!--|<(script|style|noscript|template|svg)\b[^<>]{0,2000}>", re.I)
_SPLIT_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*\s[^<>\n]{0,2000}\n[^<>]{0,2000}>")


def _hidden_spans(body: str) -> list[tuple[int, int]]:
    """Ranges of ``body`` that are markup only (an unclosed comment or script hides its line)."""
    spans: list[tuple[int, int]] = []
    lower: str | None = None
    unclosed: set[str] = set()  # closers known to be absent from the rest
    pos = 0
    while True:
        m = _HIDDEN_OPEN.search(body, pos)
        if not m:
            break
        closer = "-->" if m.group(1) is None else f"</{m.group(1).lower()}"
        end = -1
        if closer not in unclosed:
            if lower is None:
                lower = body.lower()
            end = lower.find(closer, m.end())
            if end < 0:
                unclosed.add(closer)
            else:
                gt = body.find(">", end)
                end = len(body) if gt < 0 else gt + 1
        if end < 0:  # never closed: hide up to the end of the line only
            nl = body.find("\n", m.end())
            end = len(body) if nl < 0 else nl
        spans.append((m.start(), end))
        pos = end
    spans.extend(m.span() for m in _SPLIT_TAG.finditer(body))
    return spans


def parse_blocks(body: str, first_line: int = 1) -> list[Block]:
    """Split a Markdown body into blocks with visible text and offsets into ``body``.

    ``first_line`` is the file line where ``body`` starts, so that
    ``Block.line`` counts lines of the file.

    >>> [(b.kind, b.text) for b in parse_blocks("# T\\n\\npara **b**\\n- item\\n")]
    [('heading', 'T'), ('paragraph', 'para b'), ('list_item', 'item')]
    >>> [(b.kind, b.level, b.text) for b in parse_blocks("标题\\n===\\n<!-- x\\ny -->\\n正文")]
    [('heading', 1, '标题'), ('paragraph', 0, '正文')]
    """
    return _parse_blocks(body, first_line)[0]


def _parse_blocks(body: str, first_line: int = 1) -> tuple[list[Block], list[str]]:
    """Blocks and warnings (e.g. an unclosed code fence)."""
    blocks: list[Block] = []
    warnings: list[str] = []
    hidden: bytearray | None = None
    work = body
    if "<" in body:
        spans = _hidden_spans(body)
        if spans:
            hidden = bytearray(len(body))
            chars = list(body)
            for lo, hi in spans:
                for k in range(lo, hi):
                    hidden[k] = 1
                    if chars[k] != "\n":
                        chars[k] = " "
            work = "".join(chars)
    lines = work.split("\n")
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    para: list[int] = []  # indices of lines in the current paragraph
    para_kind = "paragraph"
    para_level = 0
    fence: str | None = None
    fence_line = 0
    in_table = False
    off = first_line  # file line of lines[0]

    def emit(idx: list[int], kind: str, level: int) -> None:
        _emit(blocks, work, starts, lines, idx, kind, level, off, hidden)

    def flush() -> None:
        nonlocal para, para_kind, para_level
        if para:
            emit(para, para_kind, para_level)
        para, para_kind, para_level = [], "paragraph", 0

    def row(i: int) -> None:
        t, o = _clean(lines[i], starts[i], hidden)
        _add_row(blocks, t, o, i + off)

    prose_fence = False  # the open fence holds text, not code: each line a paragraph
    raw_lines = body.split("\n") if hidden is not None else lines  # comments not blanked
    skip_to = -1  # the last line of an HTML table or fence already read
    for i, ln in enumerate(lines):
        if i <= skip_to:
            continue
        if fence is not None:
            s = ln.strip()
            if s.startswith(fence) and not s.strip(fence[0]):
                fence = None
            elif prose_fence and s:
                emit([i], "paragraph", 0)
            continue
        if "<" in raw_lines[i] and _HTML_TABLE.match(raw_lines[i]):
            j = _html_table_end(raw_lines, i)
            if j >= 0:
                # '<table><tr><td>…</td></tr>…': one table row block per <tr>
                flush()
                in_table = False
                for t, o in _html_rows(body, work, starts[i], starts[j] + len(lines[j]), hidden):
                    _add_row(blocks, t, o, i + off)
                skip_to = j
                continue
        fm = _FENCE.match(ln)
        if fm:
            flush()
            in_table = False
            fence = fm.group(1)
            fence_line = i + off
            nxt_line = next((k for k in range(i + 1, len(lines)) if raw_lines[k].strip()), -1)
            if (
                nxt_line >= 0
                and _HTML_TABLE.match(raw_lines[nxt_line])
                and not ln[fm.end() :].strip()
            ):
                # raw HTML set in a fence (a static site's '~~~' block): read as HTML
                fence = None
                close = _fence_close(lines, nxt_line, fm.group(1))
                if close >= 0:
                    lines[close] = ""  # the closing fence: a blank line
                continue
            prose_fence = not ln[fm.end() :].strip() and _prose_lines(lines, i + 1, fence)
            continue
        if not ln.strip():
            flush()
            in_table = False
            continue
        if in_table and "|" in ln:
            if not _TABLE_SEP.match(ln):
                row(i)
            continue
        in_table = False
        m = _ATX.match(ln)
        if m:
            flush()
            content = ln[m.end() :].rstrip()
            stripped = content.rstrip("#")
            if stripped != content and (not stripped or stripped[-1] in " \t"):
                content = stripped.rstrip()
            start = starts[i] + m.end()
            t, o = _clean(content, start, hidden)
            _add(blocks, t, o, "heading", len(m.group(1)), i + off)
            continue
        hm = _HTML_HEADING.match(ln)
        if hm:
            flush()
            t, o = _clean(hm.group(2), starts[i] + hm.start(2), hidden)
            _add(blocks, t, o, "heading", int(hm.group(1)), i + off)
            continue
        if para and para_kind == "paragraph" and _SETEXT.match(ln) and not _LIST.match(ln):
            level = 1 if ln.strip().startswith("=") else 2
            emit(para, "heading", level)
            para, para_kind, para_level = [], "paragraph", 0
            continue
        if _HR.match(ln):
            flush()
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if "|" in ln and (ln.lstrip().startswith("|") or ("|" in nxt and _TABLE_SEP.match(nxt))):
            flush()
            in_table = True
            if not _TABLE_SEP.match(ln):
                row(i)
            continue
        lm = _LIST.match(ln)
        if lm:
            flush()
            para = [i]
            para_kind = "list_item"
            para_level = len(lm.group(1).expandtabs(4)) // 2
            continue
        para.append(i)
    flush()
    if fence is not None:
        warnings.append(
            f"line {fence_line}: code fence {fence} is never closed; "
            "the rest of the file was read as code"
        )
    return blocks, warnings


_HTML_TABLE = re.compile(r"^\s*<table\b", re.I)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.I | re.S)
_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)", re.I | re.S)


def _html_table_end(raw_lines: list[str], i: int) -> int:
    """The line that closes the HTML table opening on ``raw_lines[i]``, or -1."""
    for j in range(i, min(len(raw_lines), i + 5000)):
        if "</table" in raw_lines[j].lower():
            return j
    return -1


def _fence_close(lines: list[str], i: int, fence: str) -> int:
    """The line closing a code fence, searching from ``lines[i]``, or -1."""
    for j in range(i, len(lines)):
        s = lines[j].strip()
        if s.startswith(fence) and not s.strip(fence[0]):
            return j
    return -1


def _html_rows(
    body: str, work: str, lo: int, hi: int, hidden: bytearray | None
) -> Iterator[tuple[str, list[int]]]:
    """The rows of an HTML table in ``body[lo:hi]``: each row's cells, cleaned of tags,
    joined by ' | ' (a Markdown row's separator), with their body offsets."""
    for row in _HTML_ROW.finditer(body, lo, hi):
        text: list[str] = []
        offs: list[int] = []
        for n, cell in enumerate(_HTML_CELL.finditer(body, row.start(1), row.end(1))):
            cs, ce = cell.start(1), cell.end(1)
            t, o = _clean(work[cs:ce], cs, hidden)
            t = "".join(" " if c in "\n\t" else c for c in t)
            if n:
                text.append(" | ")  # the cell's separator stands at its '<td>'
                offs.extend([cell.start()] * 3)
            text.append(t)
            offs.extend(o)
        if "".join(text).strip(" |"):
            yield "".join(text), offs


_CODE_MARK = re.compile(
    r"[{};=<>$]|^\s*(?:def|class|import|from|return|if|for|fn|let|var|const)\b|//|/\*|\w\("
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]")


def _prose_lines(lines: list[str], i: int, fence: str) -> bool:
    """The fenced block opening at ``lines[i]``, without a language, is Chinese text
    (an agenda or a notice set in a code block to keep its lines), not code: most of
    its characters are CJK and no line looks like code."""
    body: list[str] = []
    for ln in lines[i:]:
        s = ln.strip()
        if s.startswith(fence) and not s.strip(fence[0]):
            break
        body.append(ln)
    text = "".join(x.strip() for x in body)
    if not text or any(_CODE_MARK.search(x) for x in body):
        return False
    return len(_CJK_RUN.findall(text)) >= 0.3 * len(text)


# a line that is a unit of its own: a label ending in a colon, or a short title ("嘉宾介绍")
_LINE_UNIT_END = re.compile(r"[：:]\s*$|^\s*\S{1,5}\s*$")
# lines that each open with a name or a label, one after the other ("白雨晴，上海交通大学…",
# "宋岩（浙江大学…）", "题目：…"), not prose wrapped before a given name ("…欧阳" / "明轩，")
_LINE_LABEL = re.compile(r"\s*[^，。；：:\s]{1,8}\s*[：:]")  # "讲师：张三" ends with its line
_LINE_BAR_START = re.compile(r"\s*[\u4e00-\u9fff]{2,4}\s*[|｜/]")
_LINE_UNIT_START = re.compile(
    r"\s*(?:[\u4e00-\u9fff]{2,4}(?:\s*[，,（(]| +[\u4e00-\u9fff])|[^，。；：:\s]{1,8}\s*[：:])"
)  # '吴磊，…', '吴磊（…）', '吴磊 某某科技工程师', '讲师：…'


def _emit(blocks, body, starts, lines, idx, kind, level, off, hidden) -> None:
    """One block from consecutive lines; list/quote markers are skipped."""
    text: list[str] = []
    offs: list[int] = []
    last = ""
    for n, i in enumerate(idx):
        ln = lines[i]
        skip = 0
        m = _QUOTE.match(ln)
        if m:
            skip = m.end()
        if n == 0 and kind == "list_item":
            lm = _LIST.match(ln)
            if lm:
                skip = lm.end()
        t, o = _clean(ln[skip:], starts[i] + skip, hidden)
        if text and t.strip():
            # a line break inside CJK text is not a space ('欧阳' / '明轩' is one name);
            # elsewhere it is one; between two lines that are units of their own (a
            # label, a short caption, 'NAME，ORG' bio lines) it stays a line break
            prev, nxt = text[-1], t.lstrip()[:1]
            if _is_cjk(prev) and _is_cjk(nxt):
                if (
                    _LINE_UNIT_END.search(last)
                    or _LINE_LABEL.match(last)
                    or _LINE_LABEL.match(t)  # '【议题一】题目' / '讲师：张三 …'
                    or _LINE_BAR_START.match(t)  # '题目' / '张三 | 某某科技 工程师'
                    or (_LINE_UNIT_START.match(t) and _LINE_UNIT_START.match(last))
                ):
                    text.append("\n")
                    offs.append(starts[i] - 1)
            elif not prev.isspace():
                text.append(" ")
                offs.append(starts[i] - 1)  # the '\n' before this line
        if t.strip():
            last = t
        text.extend(t)
        offs.extend(o)
    _add(blocks, "".join(text), offs, kind, level, idx[0] + off)


def _add_row(blocks, t: str, o: list[int], line: int) -> None:
    """A table row: outer pipes dropped, inner ones kept as the cell separator."""
    lo, hi = 0, len(t)
    while lo < hi and t[lo].isspace():
        lo += 1
    if lo < hi and t[lo] == "|":
        lo += 1
    while hi > lo and t[hi - 1].isspace():
        hi -= 1
    if hi > lo and t[hi - 1] == "|" and (hi - 2 < lo or t[hi - 2] != "\\"):
        hi -= 1
    _add(blocks, t[lo:hi], o[lo:hi], "table_row", 0, line)


def _add(blocks, text: str, offs: list[int], kind: str, level: int, line: int) -> None:
    # strip ends but keep offsets aligned (strip() drops exactly the isspace() characters)
    lo, hi = len(text) - len(text.lstrip()), len(text.rstrip())
    if lo >= hi:
        return
    text, offs = text[lo:hi], offs[lo:hi]
    if kind == "paragraph" and text[:1] in "▲△▼":
        kind = "caption"
    k = 0
    while k < len(text):
        end = _cut(text, k)
        blocks.append(Block(kind, text[k:end], tuple(offs[k:end]), level, line))
        k = end


def _cut(text: str, k: int) -> int:
    """End of the piece starting at ``k``: at most MAX_BLOCK_CHARS, cut after a sentence end,
    else after a comma, else after a space (never inside a word unless there is no choice)."""
    end = k + MAX_BLOCK_CHARS
    if end >= len(text):
        return len(text)
    lo = k + MAX_BLOCK_CHARS // 2
    for marks in ("。！？!?；;\n", "，、,：:", " \t"):
        at = max(text.rfind(c, lo, end) for c in marks)
        if at >= 0:
            return at + 1
    return end


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


# ---------------------------------------------------------------- entry points
def parse_article(
    text: str, path: str = "<text>", doc: str | None = None, encoding: str = "utf-8"
) -> Article:
    """Parse decoded article text (front matter + Markdown) into an :class:`Article`.

    >>> a = parse_article("---\\ntitle: X\\n---\\n## 张三：题目\\n正文")
    >>> a.title, [b.text for b in a.blocks], a.blocks[0].line
    ('X', ['张三：题目', '正文'], 4)
    >>> parse_article(" \\n\\t\\n", "a.md")
    Traceback (most recent call last):
    ...
    extractor.errors.ArticleError: a.md: file holds only whitespace (expected Markdown text)
    """
    if len(text) > MAX_BYTES:
        raise ArticleError(
            path,
            f"article has {len(text)} characters, more than the limit of {MAX_BYTES}",
            expected=f"an article under {MAX_BYTES // (1024 * 1024)} MB",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff") and encoding not in ("utf-8-sig", "utf-16", "utf-32"):
        text = text[1:]  # a byte-order mark the decoder kept; a second one is warned about
    if not text:
        raise ArticleError(path, "empty file", expected="Markdown text")
    if not text.strip():
        raise ArticleError(path, "file holds only whitespace", expected="Markdown text")
    meta, body, body_line, warnings = read_front_matter(text, path)
    blocks, block_warnings = _parse_blocks(body, body_line)
    warnings = warnings + block_warnings
    if not blocks:
        what = "no body text after the front matter" if body_line > 1 else "no visible text"
        raise ArticleError(
            path,
            what,
            line=body_line,
            expected="Markdown paragraphs or headings (code, comments and HTML tags alone do not count)",
        )
    if encoding == "utf-8 (replaced)":
        bad = text.find("\ufffd")
        where = f"line {text.count(chr(10), 0, bad) + 1}: " if bad >= 0 else ""
        warnings.insert(0, f"{where}invalid UTF-8 bytes were replaced by U+FFFD")
    elif encoding != "utf-8" and encoding != "utf-8-sig":
        warnings.insert(0, f"decoded as {encoding}")
    return Article(
        path=path,
        doc=doc or Path(path).name,
        meta=meta,
        body=body,
        blocks=tuple(blocks),
        body_line=body_line,
        encoding=encoding,
        warnings=tuple(warnings),
    )


def read_article(path: str | Path, root: str | Path | None = None) -> Article:
    """Read and parse one article file; raises :class:`ArticleError` with the reason.

    >>> read_article("/nonexistent/a.md")
    Traceback (most recent call last):
    ...
    extractor.errors.ArticleError: /nonexistent/a.md: file not found (removed during the run, or a broken symlink) (expected an existing Markdown file)
    """
    p = Path(path)
    where = str(p)
    doc = _doc_of(p, Path(root)) if root is not None else p.name
    limit = f"an article under {MAX_BYTES // (1024 * 1024)} MB"
    try:
        st = os.stat(p)
        if stat.S_ISDIR(st.st_mode):
            os.listdir(p)  # an unreadable folder raises here, with the reason
            raise ArticleError(where, "is a folder, not a file", expected="a Markdown file")
        if not stat.S_ISREG(st.st_mode):
            raise ArticleError(
                where,
                "not a regular file (a FIFO, socket or device)",
                expected="a Markdown file",
            )
        if st.st_size > MAX_BYTES:
            raise ArticleError(
                where,
                f"file is {st.st_size} bytes, more than the limit of {MAX_BYTES}",
                expected=limit,
            )
        with open(p, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ArticleError(
                where, f"file grew past {MAX_BYTES} bytes while read", expected=limit
            )
    except ArticleError:
        raise
    except FileNotFoundError:
        raise ArticleError(
            where,
            "file not found (removed during the run, or a broken symlink)",
            expected="an existing Markdown file",
        ) from None
    except PermissionError as exc:
        try:  # (is_dir itself fails inside a folder without search permission)
            is_dir = bool(exc.filename) and Path(exc.filename).is_dir()
        except OSError:
            is_dir = False
        what = "folder" if is_dir else "file"
        if not is_dir and not os.access(p.parent, os.X_OK):
            what = "file: its folder has no search (x) permission"
        raise ArticleError(
            where, f"permission denied: cannot read this {what}", expected="a readable file"
        ) from None
    except OSError as exc:
        raise ArticleError(
            where, f"cannot read: {exc.strerror or exc}", expected="a readable Markdown file"
        ) from None
    text, enc = decode_bytes(data, where)
    return parse_article(text, where, doc, enc)
