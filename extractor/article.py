"""Stage 1: a path -> Article (decoding, front matter, Markdown blocks with body offsets)."""

from __future__ import annotations

import html
import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .errors import ArticleError
from .model import Article, Block

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "discover",
    "read_article",
    "parse_article",
    "decode_bytes",
    "split_front_matter",
    "parse_blocks",
    "clean_inline",
]

SUFFIXES = (".md", ".markdown")
MAX_BYTES = 50 * 1024 * 1024  # larger files are refused with a clear message


# ---------------------------------------------------------------- discovery
def discover(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """Expand files and folders into ``(file, root)`` pairs, sorted, each file once.

    Folders are searched recursively for ``*.md``/``*.markdown``; symlinked
    folders are followed once (loops are cut).  ``root`` is the folder given
    (or the file's parent), used to compute the record's ``doc``.
    """
    out: dict[str, tuple[Path, Path]] = {}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            root = path
            seen: set[tuple[int, int]] = set()
            for dirpath, dirnames, filenames in os.walk(path, followlinks=True):
                try:
                    st = os.stat(dirpath)
                except OSError:
                    dirnames[:] = []
                    continue
                if (st.st_dev, st.st_ino) in seen:
                    dirnames[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for f in sorted(filenames):
                    if f.lower().endswith(SUFFIXES) and not f.startswith("."):
                        fp = Path(dirpath) / f
                        out.setdefault(str(fp), (fp, root))
        else:
            out.setdefault(str(path), (path, path.parent))
    return sorted(out.values(), key=lambda x: _doc_of(x[0], x[1]))


def _doc_of(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return rel.as_posix()


# ---------------------------------------------------------------- decoding
def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode article bytes: BOMs, UTF-8, then GB18030; refuse binary data.

    >>> decode_bytes("中文".encode("gb18030"))
    ('中文', 'gb18030')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:8192]:
        raise ArticleError(path, "binary data (NUL bytes), not a text article", expected="UTF-8 text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_err = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ArticleError(
            path,
            f"not valid UTF-8 (byte {utf8_err.start}) nor GB18030",
            expected="UTF-8, UTF-16 with BOM or GB18030 text",
        ) from None
    if _looks_binary(text):
        raise ArticleError(path, "binary data, not a text article", expected="UTF-8 text")
    return text, "gb18030"


def _decode(data: bytes, enc: str, path: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise ArticleError(path, f"invalid {enc} at byte {exc.start}", expected=enc) from None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad / len(sample) > 0.05


# ---------------------------------------------------------------- front matter
_FM_YAML = re.compile(r"\A---[ \t]*\n(.*?)(?:\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FM_EMPTY_YAML = re.compile(r"\A---[ \t]*\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_FM_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?)(?:\n)\+\+\+[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str, path: str = "<text>") -> tuple[dict[str, Any], str, int]:
    """Split ``text`` into (metadata, body, line where the body starts).

    >>> split_front_matter("---\\ntitle: A\\n---\\nbody")
    ({'title': 'A'}, 'body', 4)
    >>> split_front_matter("+++\\ntitle = 'B'\\n+++\\nbody")[0]
    {'title': 'B'}
    """
    m = _FM_EMPTY_YAML.match(text)
    if m:
        return {}, text[m.end() :], text[: m.end()].count("\n") + 1
    m = _FM_YAML.match(text)
    if m:
        try:
            meta = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ArticleError(
                path, f"broken YAML front matter: {problem}", line=line, expected="valid YAML"
            ) from None
        return _meta(meta, path), text[m.end() :], text[: m.end()].count("\n") + 1
    m = _FM_TOML.match(text)
    if m:
        try:
            meta = tomllib.loads(m.group(1))
        except tomllib.TOMLDecodeError as exc:
            lm = re.search(r"line (\d+)", str(exc))
            line = int(lm.group(1)) + 1 if lm else None
            raise ArticleError(
                path, f"broken TOML front matter: {exc}", line=line, expected="valid TOML"
            ) from None
        return _meta(meta, path), text[m.end() :], text[: m.end()].count("\n") + 1
    if text.startswith(("---\n", "+++\n")) and text.count("\n") > 0:
        fence = text[:3]
        raise ArticleError(path, f"front matter opened with {fence} is never closed", line=1,
                           expected=f"a closing {fence} line")
    return {}, text, 1


def _meta(meta: Any, path: str) -> dict[str, Any]:
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ArticleError(
            path, f"front matter is a {type(meta).__name__}, not a mapping", line=2,
            expected="key: value pairs",
        )
    return {str(k): _plain(v) for k, v in meta.items()}


def _plain(v: Any) -> Any:
    """Front-matter values as JSON-friendly data (dates become ISO strings)."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


# ---------------------------------------------------------------- inline cleaning
_INLINE = re.compile(
    r"(?P<img>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]\n]*)\]\((?P<lurl>[^)\n]*)\))"
    r"|(?P<reflink>\[(?P<rtext>[^\]\n]+)\]\[[^\]\n]*\])"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^>\s]*>)"
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<mark>\*\*|__|~~|(?<![A-Za-z0-9])[*_](?=\S)|(?<=\S)[*_](?![A-Za-z0-9])|`+)"
    r"|(?P<escape>\\[\\`*_{}\[\]()#+\-.!|<>~])",
    re.S,
)


def clean_inline(raw: str, base: int = 0) -> tuple[str, list[int]]:
    """Visible text of a Markdown fragment, and each character's offset (``base`` + index).

    >>> clean_inline("**A** [b](http://x) ![i](y.png) <br>c&amp;d")
    ('A b  c&d', [2, 5, 6, 7, 19, 20, 25, 26, 31])
    """
    out: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _INLINE.finditer(raw):
        for i in range(pos, m.start()):
            out.append(raw[i])
            offs.append(base + i)
        kind = m.lastgroup
        if kind == "link" or kind == "reflink":
            g = "ltext" if kind == "link" else "rtext"
            t, o = clean_inline(m.group(g), base + m.start(g))
            out.extend(t)
            offs.extend(o)
        elif kind == "entity":
            ch = html.unescape(m.group())
            if ch != m.group():
                out.extend(ch)
                offs.extend([base + m.start()] * len(ch))
        elif kind == "escape":
            out.append(m.group()[1])
            offs.append(base + m.start() + 1)
        pos = m.end()
    for i in range(pos, len(raw)):
        out.append(raw[i])
        offs.append(base + i)
    return "".join(out), offs


# ---------------------------------------------------------------- blocks
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,9}[.)、])[ \t]+")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_FENCE = re.compile(r"^ {0,3}(```+|~~~+)")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MAX_LINE = 20000  # very long lines are cut into pieces of this size for extraction


def parse_blocks(body: str) -> list[Block]:
    """Split a Markdown body into blocks with visible text and offsets into ``body``.

    >>> [(b.kind, b.text) for b in parse_blocks("# T\\n\\npara **b**\\n- item\\n")]
    [('heading', 'T'), ('paragraph', 'para b'), ('list_item', 'item')]
    """
    blocks: list[Block] = []
    lines = body.split("\n")
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    para: list[int] = []  # indices of lines in the current paragraph
    para_kind = "paragraph"
    para_level = 0
    fence: str | None = None

    def flush() -> None:
        nonlocal para, para_kind, para_level
        if para:
            _emit(blocks, body, starts, lines, para, para_kind, para_level)
        para, para_kind, para_level = [], "paragraph", 0

    for i, ln in enumerate(lines):
        if fence is not None:
            if ln.strip().startswith(fence):
                fence = None
            continue
        fm = _FENCE.match(ln)
        if fm:
            flush()
            fence = fm.group(1)[:3]
            continue
        if not ln.strip():
            flush()
            continue
        m = _ATX.match(ln)
        if m:
            flush()
            content_start = starts[i] + m.start(2)
            _emit_span(blocks, body, content_start, content_start + len(m.group(2)), "heading",
                       len(m.group(1)), i + 1)
            continue
        if para and para_kind == "paragraph" and _SETEXT.match(ln) and not _LIST.match(ln):
            level = 1 if ln.strip().startswith("=") else 2
            _emit(blocks, body, starts, lines, para, "heading", level)
            para, para_kind, para_level = [], "paragraph", 0
            continue
        if _HR.match(ln):
            flush()
            continue
        if ln.lstrip().startswith("|") or (ln.count("|") >= 2 and para_kind == "table_row"):
            flush()
            if _TABLE_SEP.match(ln):
                continue
            _emit_table_row(blocks, body, starts[i], ln, i + 1)
            para_kind = "paragraph"
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
    return blocks


def _emit(blocks, body, starts, lines, idx, kind, level) -> None:
    """One block from consecutive lines; list/quote markers are skipped."""
    text: list[str] = []
    offs: list[int] = []
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
        t, o = clean_inline(ln[skip:], starts[i] + skip)
        if text and t.strip():
            # a line break inside CJK text is not a space; elsewhere it is one
            prev, nxt = text[-1] if text else "", t.lstrip()[:1]
            if not (_is_cjk(prev) and _is_cjk(nxt)):
                text.append(" ")
                offs.append(starts[i] - 1)
        text.extend(t)
        offs.extend(o)
    _add(blocks, "".join(text), offs, kind, level, idx[0] + 1)


def _emit_span(blocks, body, start, end, kind, level, line) -> None:
    t, o = clean_inline(body[start:end], start)
    _add(blocks, t, o, kind, level, line)


def _emit_table_row(blocks, body, start, ln, line) -> None:
    t, o = clean_inline(ln, start)
    cells = t.strip().strip("|")
    # keep '|' as the cell separator; offsets stay aligned because we only strip ends
    lead = len(t) - len(t.lstrip()) + (1 if t.strip().startswith("|") else 0)
    o = o[lead : lead + len(cells)]
    _add(blocks, cells, o, "table_row", 0, line)


def _add(blocks, text: str, offs: list[int], kind: str, level: int, line: int) -> None:
    # strip ends but keep offsets aligned
    lo, hi = 0, len(text)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if lo >= hi:
        return
    text, offs = text[lo:hi], offs[lo:hi]
    if kind == "paragraph" and text[:1] in "▲△▼":
        kind = "caption"
    for k in range(0, len(text), _MAX_LINE):
        blocks.append(Block(kind, text[k : k + _MAX_LINE], tuple(offs[k : k + _MAX_LINE]),
                            level, line))


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


# ---------------------------------------------------------------- entry points
def parse_article(text: str, path: str = "<text>", doc: str | None = None,
                  encoding: str = "utf-8") -> Article:
    """Parse decoded article text (front matter + Markdown) into an :class:`Article`.

    >>> a = parse_article("---\\ntitle: X\\n---\\n## 张三：题目\\n正文")
    >>> a.title, [b.text for b in a.blocks]
    ('X', ['张三：题目', '正文'])
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ArticleError(path, "empty file", expected="Markdown text")
    meta, body, body_line = split_front_matter(text, path)
    blocks = parse_blocks(body)
    if not blocks and not meta.get("title"):
        raise ArticleError(path, "no body text after the front matter", line=body_line,
                           expected="Markdown text")
    return Article(path=path, doc=doc or Path(path).name, meta=meta, body=body,
                   blocks=tuple(blocks), body_line=body_line, encoding=encoding)


def read_article(path: str | Path, root: str | Path | None = None) -> Article:
    """Read and parse one article file; raises :class:`ArticleError` with the reason."""
    p = Path(path)
    doc = _doc_of(p, Path(root)) if root is not None else p.name
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(str(p), f"file is {size} bytes, larger than the {MAX_BYTES} limit",
                               expected="an article under 50 MB")
        data = p.read_bytes()
    except ArticleError:
        raise
    except FileNotFoundError:
        raise ArticleError(str(p), "file not found (removed during the run?)") from None
    except IsADirectoryError:
        raise ArticleError(str(p), "is a directory", expected="a Markdown file") from None
    except PermissionError:
        raise ArticleError(str(p), "permission denied") from None
    except OSError as exc:
        raise ArticleError(str(p), f"cannot read: {exc.strerror or exc}") from None
    text, enc = decode_bytes(data, str(p))
    return parse_article(text, str(p), doc, enc)
