"""Front matter read leniently: every fault gives the article, its metadata as far as it can
be read, and a warning naming the line; any prefix gives a record or a clear ArticleError."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from cli_util import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.article import decode_bytes, parse_article, read_article, read_front_matter
from extractor.errors import ArticleError
from extractor.model import DocumentRecord, FileWarning
from extractor.pipeline import extract, extract_article, extract_file

_spec = importlib.util.spec_from_file_location(
    "bad_inputs", Path(__file__).resolve().parent.parent / "benchmarks" / "bad_inputs.py"
)
bad_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bad_inputs)

BODY = "## 张三：开源之路\n\n张三来自华为，在 Meetup 上分享了内核调度。\n"

# name -> (text before BODY, expected meta (a subset), expected warning (line, fragment) or
#          None for none, file line where the body starts)
CASES = {
    "valid yaml": ("---\ntitle: T\ndate: 2024-03-18\n---\n", {"date": "2024-03-18"}, None, 5),
    "valid toml": ('+++\ntitle = "T"\ndate = 2024-03-18\n+++\n', {"title": "T"}, None, 5),
    "no front matter": ("", {}, None, 1),
    "unclosed quote in date": (
        "---\ntitle: T\ndate: '2025-03-16\n---\n",
        {"title": "T", "date": "2025-03-16"},
        (3, "unclosed quote in 'date'; read as 2025-03-16"),
        5,
    ),
    "unclosed double quote": (
        '---\ntitle: "未闭合\ntags: [a, b]\n---\n',
        {"title": "未闭合", "tags": ["a", "b"]},
        (2, "unclosed quote in 'title'; read as 未闭合"),
        5,
    ),
    "quote inside quotes": (
        "---\ntitle: 'It's open'\n---\n",
        {"title": "It's open"},
        (2, "unescaped quote inside the value of 'title'"),
        4,
    ),
    "malformed date": (
        "---\ndate: '2024--1-05'\n---\n",
        {"date": "2024-01-05"},
        (2, "malformed date '2024--1-05' in 'date'; read as 2024-01-05"),
        4,
    ),
    "impossible date": (
        "---\ndate: 2024-02-30\n---\n",
        {"date": "2024-02-30"},
        (2, "'date' 2024-02-30 is not a day of the calendar; kept as text"),
        4,
    ),
    "slashed date made ISO": ("---\ndate: 2020/08/06\n---\n", {"date": "2020-08-06"}, None, 4),
    "tab under a key": (
        "---\ntitle: T\ntags:\n\t- a\n\t- b\n---\n",
        {"tags": ["a", "b"]},
        (3, "tab in the indentation under 'tags'; read as [a, b]"),
        7,
    ),
    "unclosed list": (
        "---\ntags: [a, 'b c'\ntitle: T\n---\n",
        {"tags": ["a", "b c"], "title": "T"},
        (2, "unclosed [ in 'tags'; read as [a, b c]"),
        5,
    ),
    "time instead of date": (
        "---\ntitle: T\ntime: '2020/08/06'\n---\n",
        {"time": "2020/08/06", "date": "2020-08-06"},
        (3, "no 'date'; 'time' 2020/08/06 read as the date 2020-08-06"),
        5,
    ),
    "pubDate instead of date": (
        "---\npubDate: 2023-07-01\n---\n",
        {"pubDate": "2023-07-01", "date": "2023-07-01"},
        (2, "no 'date'; 'pubDate' 2023-07-01 read as the date"),
        4,
    ),
    "capitalised keys": (
        "---\nTitle: T\nDate: 2024-3-5\n---\n",
        {"Title": "T", "title": "T", "Date": "2024-3-5", "date": "2024-03-05"},
        (3, "no 'date'; 'Date' 2024-3-5 read as the date 2024-03-05"),
        5,
    ),
    "python tag refused": (
        "---\ntitle: !!python/object/apply:os.system ['true']\n---\n",
        {"title": "['true']"},
        (2, "YAML tag !!python/object/apply:os.system in 'title' refused"),
        4,
    ),
    "list, not a mapping": (
        "---\n- a\n- b\n---\n",
        {},
        (2, "front matter is a list, not key: value pairs; ignored"),
        5,
    ),
    "stray line": (
        "---\ntitle: T\n没有冒号\ndate: 2024-03-18\n---\n",
        {"title": "T", "date": "2024-03-18"},
        (3, "'没有冒号' is not a key: value line; ignored"),
        6,
    ),
    "stray line after a blank line, keys after it": (
        "---\ntitle: T\n\n没有冒号\ndate: 2024-03-18\n---\n",
        {"title": "T", "date": "2024-03-18"},
        (4, "'没有冒号' is not a key: value line; ignored"),
        7,
    ),
    "toml unclosed string": (
        '+++\ntitle = "未闭合\ndate = 2024-03-18\n+++\n',
        {"title": "未闭合", "date": "2024-03-18"},
        (2, "unclosed quote in 'title'; read as 未闭合"),
        5,
    ),
    "toml inline comments and bare words": (
        "+++\ntitle = 活动回顾  # 标题\ntime = 2021.08.21 # 日期\ntags = ['a', 'b'] # 标签\n+++\n",
        {"title": "活动回顾", "tags": ["a", "b"], "date": "2021-08-21"},
        (2, "unquoted text in 'title'; read as 活动回顾"),
        6,
    ),
    "toml with a table": (
        "+++\ntitle = 标题\n[params]\ncity = '北京'\n+++\n",
        {"title": "标题", "params": {"city": "北京"}},
        (2, "unquoted text in 'title'"),
        6,
    ),
    "toml between dashes": (
        '---\ntitle = "T"\n---\n',
        {"title": "T"},
        (2, "TOML front matter between --- fences; read as TOML"),
        4,
    ),
    "yaml between pluses": (
        "+++\ntitle: T\n+++\n",
        {"title": "T"},
        (2, "YAML front matter between +++ fences; read as YAML"),
        4,
    ),
    "closing fence missing": (
        "---\ntitle: T\ndate: 2024-03-18\n",
        {"title": "T", "date": "2024-03-18"},
        (1, "front matter opened with --- is never closed; lines 2-3 read as front matter"),
        4,
    ),
    "closing fence missing, a rule later": (
        "---\ntitle: T\n\n正文在前。\n\n---\n\n",
        {"title": "T"},
        (1, "the --- on line 6 is a rule in the body); lines 2-2 read as front matter"),
        3,
    ),
    "opening fence doubled": (
        "---\n---\ntitle: T\n---\n",
        {"title": "T"},
        (2, "front matter fence --- doubled; read once"),
        5,
    ),
    "closing fence doubled": (
        "---\ntitle: T\n---\n---\n",
        {"title": "T"},
        (4, "front matter fence --- doubled; skipped"),
        5,
    ),
    "second block merged": (
        "---\ntitle: T\n---\n---\ndate: 2024-03-18\n---\n",
        {"title": "T", "date": "2024-03-18"},
        (4, "a second front matter block (lines 5-5); merged date"),
        7,
    ),
    "mixed fences": (
        "---\ntitle: T\n+++\n",
        {"title": "T"},
        (3, "front matter opened with --- closed by +++"),
        4,
    ),
    "long fence": ("----\ntitle: T\n----\n", {"title": "T"}, (1, "fence ---- read as ---"), 4),
    "second BOM": (
        "\ufeff\ufeff---\ntitle: T\n---\n",
        {"title": "T"},
        (1, "a byte-order mark (U+FEFF) before the front matter fence; ignored"),
        4,
    ),
    "blank lines first": (
        "\n\n---\ntitle: T\n---\n",
        {"title": "T"},
        (3, "front matter fence after 2 blank lines; read as front matter"),
        6,
    ),
    "pelican headers": (
        "Title: 标题\nDate: 2019-10-19\nTags: a, b\n\n",
        {"title": "标题", "date": "2019-10-19", "tags": ["a", "b"]},
        (1, "headers without --- fences (Pelican style); read title, date, tags"),
        5,
    ),
    "html comment": (
        "<!--\ntitle: T\ndate: 2024-03-18\n-->\n",
        {"title": "T", "date": "2024-03-18"},
        (1, "front matter inside an HTML comment <!-- -->; read title, date"),
        5,
    ),
    "html comment with fences": (
        "<!--\n---\ntitle: T\n---\n-->\n",
        {"title": "T"},
        (1, "front matter inside an HTML comment"),
        6,
    ),
    "a comment that is no metadata": ("<!-- more -->\n", {}, None, 1),
    "a leading rule, no front matter": ("---\n正文前的线。\n\n", {}, None, 1),
    "prose with a colon, no front matter": ("Note: 这不是元数据。\n\n", {}, None, 1),
}


@pytest.mark.parametrize("name", list(CASES))
def test_article_frontmatter_fault_is_read_and_warned(name):
    head, meta, warning, body_line = CASES[name]
    art = parse_article(head + BODY, "a.md", "a.md")
    assert {k: art.meta.get(k) for k in meta} == meta
    if not meta:
        assert art.meta == {}
    warnings = [FileWarning.of("a.md", w) for w in art.warnings]
    if warning is None:
        assert warnings == []
    else:
        line, what = warning
        assert any(w.line == line and what in w.message for w in warnings), warnings
    assert art.body_line == body_line
    heading = next(b for b in art.blocks if b.kind == "heading")
    assert heading.text == "张三：开源之路"
    assert art.body.endswith(BODY)
    json.dumps(art.meta, ensure_ascii=False)


def test_article_frontmatter_warning_names_file_and_line():
    art = parse_article("---\ntitle: T\ndate: '2025-03-16\n---\n" + BODY, "a.md")
    assert [str(FileWarning.of("a.md", w)) for w in art.warnings] == [
        "a.md:3: unclosed quote in 'date'; read as 2025-03-16"
    ]


def test_article_frontmatter_values_in_warnings_are_printable():
    fm = read_front_matter("---\ntitle: '\x1b[31m红\u202e\n---\nx")
    assert fm.meta == {"title": "\x1b[31m红\u202e"}  # the value itself is kept
    assert "\x1b" not in fm.warnings[0] and "\u202e" not in fm.warnings[0]


def test_article_frontmatter_lenient_read_is_bounded():
    many = "---\ntags: [" + ", ".join(["x"] * 30000) + "\n---\n"
    art = parse_article(many + BODY, "a.md")
    assert len(art.meta.get("tags", [])) <= 10000
    assert any("values" in w for w in art.warnings)
    huge = "---\nn: " + "9" * 5000 + "\n---\n"  # Python refuses to make an int of it
    assert parse_article(huge + BODY, "a.md").meta["n"] == "9" * 5000


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    return bad_inputs.write_bad_inputs(tmp_path_factory.mktemp("bad") / "input", big=False)


@pytest.mark.parametrize("name", sorted(bad_inputs.WARNINGS))
def test_article_frontmatter_bad_input_gives_a_record_and_a_warning(bad_dir, name):
    out = extract_file(bad_dir / name, bad_dir)
    assert isinstance(out, DocumentRecord), out
    line, what = bad_inputs.WARNINGS[name]
    warnings = [FileWarning.of(str(bad_dir / name), w) for w in out.warnings]
    assert any(w.line == line and what in w.message for w in warnings), warnings
    assert out.talks or out.entities  # the body was read


def test_article_frontmatter_front_matter_code_never_runs(bad_dir):
    assert read_article(bad_dir / "yaml-python-tag.md").meta["title"].startswith("['touch ")
    assert not (bad_dir.parent / f"{bad_dir.name}-PWNED").exists()


def test_article_frontmatter_warnings_reach_the_result_in_doc_order(tmp_path):
    (tmp_path / "b.md").write_text("---\ntime: 2020/08/06\n---\n" + BODY, "utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: 'x\n---\n" + BODY, "utf-8")
    (tmp_path / "c.md").write_text(BODY, "utf-8")
    want = [
        f"{tmp_path / 'a.md'}:2: unclosed quote in 'title'; read as x",
        f"{tmp_path / 'b.md'}:2: no 'date'; 'time' 2020/08/06 read as the date 2020-08-06",
    ]
    cache = tmp_path / "cache"
    for reused in (0, 3):  # extracted, then every record from the cache
        res = extract([tmp_path], cache_dir=cache)
        assert res.reused == reused and not res.problems
        assert [str(w) for w in res.warnings] == want


@pytest.mark.parametrize("strict", [False, True])
def test_article_frontmatter_cli_reports_warnings_apart(tmp_path, strict):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text("---\ntitle: T\ndate: '2025-03-16\n---\n" + BODY, "utf-8")
    out = tmp_path / "r.jsonl"
    proc = run_cli("extract", str(src), "-o", str(out), *(["--strict"] if strict else []))
    assert proc.returncode == (1 if strict else 0), proc.stderr[-2000:]
    assert f"Warning: {src / 'a.md'}:3: unclosed quote in 'date'; read as 2025-03-16" in (
        proc.stderr.splitlines()
    )
    assert "; 0 problems, 1 warning (" in proc.stderr
    record = json.loads(out.read_text("utf-8"))
    assert record["published"] == "2025-03-16"
    assert record["warnings"] == ["line 3: unclosed quote in 'date'; read as 2025-03-16"]


# ---------------------------------------------------------------- properties
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = (
    ["---\n", "+++\n", "...\n", "----\n", "\n", "title", "date", "time", ": ", " = ", ":", "=",
     "'", '"', "''", "[", "]", "{", "}", ", ", "- ", "  ", "\t", "#", " # c", "<!--", "-->",
     "\ufeff", "\u200b", "2024--1-05", "2024-02-30", "2020/08/06", "!!python/name:os.system",
     "!tag ", "&a ", "*a", "|", ">", "\\", "标题", "Title: ", "Date: ", "[params]\n", "\r\n",
     "\x00", "\x1b", "9" * 40, "`"]
)  # fmt: skip
PREFIX = st.one_of(
    st.binary(max_size=120),
    st.lists(st.sampled_from(PIECES), max_size=40).map(lambda xs: "".join(xs).encode()),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30).map(
        lambda xs: "".join(xs).encode()
    ),
)


@FAST
@given(prefix=PREFIX)
def test_article_frontmatter_any_prefix_gives_a_record_or_a_clear_error(prefix):
    data = prefix + b"\n\n" + BODY.encode("utf-8")
    try:
        text, enc = decode_bytes(data, "p.md")
        art = parse_article(text, "p.md", "p.md", enc)
    except ArticleError as exc:
        assert exc.path == "p.md" and exc.message
        return
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    assert norm.endswith(art.body)
    lines = norm.count("\n") + 1
    for w in art.warnings:
        fw = FileWarning.of("p.md", w)
        assert fw.message and (fw.line is None or 1 <= fw.line <= lines), w
        assert "\x1b" not in w and "\x00" not in w
    json.dumps(art.meta, ensure_ascii=False)
    rec = extract_article(art)
    assert isinstance(rec, DocumentRecord)
    json.dumps(rec.to_dict(), ensure_ascii=False)


LINE = st.one_of(
    st.lists(st.sampled_from([p for p in PIECES if "`" not in p]), max_size=8).map("".join),
    st.text(st.characters(blacklist_characters="`\r\n"), max_size=20),
)


@FAST
@given(fence=st.sampled_from(["---", "+++", "----", "<!--", ""]), lines=st.lists(LINE, max_size=8))
def test_article_frontmatter_any_front_matter_keeps_a_valid_body(fence, lines):
    closer = "-->" if fence == "<!--" else fence
    head = "\n".join([fence, *lines, closer]) if fence else "\n".join(lines)
    art = parse_article(head + "\n\n" + BODY, "p.md")  # never an error: the body is there
    assert any(b.text == "张三：开源之路" for b in art.blocks)
    assert all(isinstance(k, str) for k in art.meta)
    json.dumps(art.meta, ensure_ascii=False)
