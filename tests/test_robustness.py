"""Robustness: every bad input ends as a record or a clear problem, and the build goes on.

The inputs are written by ``benchmarks/bad_inputs.py`` (the same files as the demo).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import extractor.article as article
from extractor.article import read_article
from extractor.model import DocumentRecord, Problem
from extractor.pipeline import extract, extract_file

_spec = importlib.util.spec_from_file_location(
    "bad_inputs", Path(__file__).resolve().parent.parent / "benchmarks" / "bad_inputs.py"
)
bad_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bad_inputs)

# name -> line the problem must name (None: no line applies); broken front matter is
# read leniently (a record and a warning, see tests/test_article_frontmatter.py)
PROBLEM_LINES = {
    "front-matter-only.md": 5,
    "empty.md": None,
    "whitespace.md": None,
    "binary.md": None,
    "huge-20mb.md": None,
    "self-loop.md": None,
    "removed.md": None,
    "fifo.md": None,
}
RECORDS = [
    n for n, (_, want) in bad_inputs.BAD_INPUTS.items() if want == "record" and n.endswith(".md")
]


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    return bad_inputs.write_bad_inputs(tmp_path_factory.mktemp("bad") / "input")


def test_robustness_table_covers_every_problem_input():
    problems = {
        n for n, (_, want) in bad_inputs.BAD_INPUTS.items() if want != "record" and "(" not in want
    }
    assert problems == set(PROBLEM_LINES)


@pytest.mark.parametrize("name", sorted(PROBLEM_LINES))
def test_robustness_bad_input_is_a_clear_problem(bad_dir, name):
    t0 = time.perf_counter()
    out = extract_file(bad_dir / name, bad_dir)
    assert isinstance(out, Problem), out
    assert bad_inputs.BAD_INPUTS[name][1] in out.message
    assert out.line == PROBLEM_LINES[name]
    assert out.path == str(bad_dir / name)
    assert "internal error" not in out.message
    assert time.perf_counter() - t0 < 10  # the 20 MB file is refused before it is read


@pytest.mark.parametrize("name", RECORDS)
def test_robustness_odd_input_still_gives_a_record(bad_dir, name):
    out = extract_file(bad_dir / name, bad_dir)
    assert isinstance(out, DocumentRecord), out
    assert out.doc == name


@pytest.mark.parametrize(
    ("name", "encoding", "title", "text"),
    [
        ("gb18030.md", "gb18030", "openEuler 成都 Meetup 回顾", "张三：openEuler 内核调度优化"),
        ("gbk.md", "gb18030", "GBK 编码的文章", "李四：开源社区的机密计算实践"),
        ("big5.md", "big5", "開源社區 Meetup 臺北站活動回顧", "陳大文：開源社區的機密計算實踐"),
        ("traditional.md", "utf-8", "開源社區 Meetup 臺北站活動回顧", "陳大文來自國立臺灣大學"),
        ("utf16-bom.md", "utf-16", "openEuler 成都 Meetup 回顾", "张三是 SIG-Kernel"),
        ("utf16-no-bom.md", "utf-16-le", "openEuler 成都 Meetup 回顾", "张三是 SIG-Kernel"),
        ("utf8-bad-bytes.md", "utf-8 (replaced)", "openEuler 成都 Meetup 回顾", "张三是"),
        ("mixed-crlf.md", "utf-8", "openEuler 成都 Meetup 回顾", "张三：openEuler 内核调度优化"),
        ("yaml-odd-date.md", "utf-8", "日期奇怪", "李四来自北京大学"),
    ],
)
def test_robustness_encodings_are_detected_and_read(bad_dir, name, encoding, title, text):
    a = read_article(bad_dir / name, bad_dir)
    assert a.encoding == encoding
    assert a.title == title
    assert any(text in b.text for b in a.blocks)
    assert "\ufffd" not in "".join(b.text for b in a.blocks) or encoding.endswith("(replaced)")


def test_robustness_odd_dates_are_read_or_stay_strings(bad_dir):
    assert read_article(bad_dir / "yaml-odd-date.md").meta["date"] == "2024-03-18"  # warned
    assert read_article(bad_dir / "yaml-impossible-date.md").meta["date"] == "2024-02-30"


def test_robustness_replaced_bytes_and_unclosed_fence_are_warned(bad_dir):
    assert any("U+FFFD" in w for w in read_article(bad_dir / "utf8-bad-bytes.md").warnings)
    warn = read_article(bad_dir / "unclosed-fence.md").warnings
    assert any("never closed" in w for w in warn)


def test_robustness_mixed_newlines_keep_file_lines(bad_dir):
    a = read_article(bad_dir / "mixed-crlf.md")
    assert "\r" not in a.body
    heading = next(b for b in a.blocks if b.kind == "heading")
    assert heading.line == 8  # 4 front-matter lines, blank, text, blank (\r\r), heading


def test_robustness_html_heavy_markdown_keeps_text_and_drops_code(bad_dir):
    a = read_article(bad_dir / "html-heavy.md")
    text = "\n".join(b.text for b in a.blocks)
    assert ("heading", "钱七：HTML 里的演讲") in [(b.kind, b.text) for b in a.blocks]
    assert "钱七 介绍了 openEuler&RISC-V。谢谢。" in text.replace("\xa0", " ")
    for hidden in ("不应出现", "color: red", "注释", "跨行", "多行标签", "<"):
        assert hidden not in text
    for b in a.blocks:
        for ch, off in zip(b.text, b.offsets, strict=True):
            assert (
                a.body[off] == ch
                or (ch.isspace() and a.body[off].isspace())
                or a.body[off] == "&"
                # an HTML table's cell separator ' | ' stands at the cell's '<td>'
                or (ch in " |" and a.body[off : off + 3].lower() in ("<td", "<th"))
            )


def test_robustness_deep_nesting_is_flat_blocks(bad_dir):
    a = read_article(bad_dir / "deep-lists.md")
    items = [b for b in a.blocks if b.kind == "list_item"]
    assert len(items) == 500 and items[-1].level == 499 and items[-1].text == "第 499 层"
    assert a.blocks[-1].text == "引用"


def test_robustness_one_megabyte_line_is_cut_into_blocks_quickly(bad_dir):
    t0 = time.perf_counter()
    out = extract_file(bad_dir / "long-line-1mb.md", bad_dir)
    assert isinstance(out, DocumentRecord)
    assert time.perf_counter() - t0 < 60
    a = read_article(bad_dir / "long-line-1mb.md")
    assert max(len(b.text) for b in a.blocks) <= article.MAX_BLOCK_CHARS
    visible = a.body.replace("**", "").replace("[机密计算](https://x.org)", "机密计算")
    assert "".join(b.text for b in a.blocks)[:200_000] == visible[:200_000]  # nothing lost
    assert all(b.text.endswith("，") for b in a.blocks[:-1])  # cut at punctuation


def test_robustness_front_matter_code_never_runs(bad_dir):
    extract_file(bad_dir / "yaml-python-tag.md", bad_dir)
    assert not (bad_dir.parent / f"{bad_dir.name}-PWNED").exists()


def test_robustness_symlink_loop_and_folder_named_md(bad_dir):
    docs = [article._doc_of(f, r) for f, r in article.discover([bad_dir])]
    assert len(docs) == len(set(docs))
    assert not any(d.startswith("loop/") for d in docs)  # the loop is followed once
    assert "folder.md/inside.md" in docs
    assert "folder.md" not in docs


def test_robustness_file_removed_during_the_run(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.md").write_text(f"## 王{i}：题目{i}\n正文{i}。\n", encoding="utf-8")

    def remove_next(done: int, total: int, path: str) -> None:
        if done == 1:
            (tmp_path / "1.md").unlink()

    res = extract([tmp_path], jobs=1, progress=remove_next)
    assert [r.doc for r in res.records] == ["0.md", "2.md"]
    assert [(Path(p.path).name, p.message) for p in res.problems] == [
        ("1.md", "file not found (removed during the run, or a broken symlink)")
    ]


def test_robustness_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    # tests may run as root, where chmod 000 does not stop reading: fake the refusal
    ok, locked = tmp_path / "ok.md", tmp_path / "locked.md"
    ok.write_text("## 王一：题目\n正文。\n", encoding="utf-8")
    locked.write_text("## 王二：题目\n正文。\n", encoding="utf-8")
    real_open = open

    def guarded(path, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(article, "open", guarded, raising=False)
    res = extract([tmp_path], jobs=1)
    assert [r.doc for r in res.records] == ["ok.md"]
    assert [str(p) for p in res.problems] == [
        f"{locked}: permission denied: cannot read this file (expected a readable file)"
    ]


def test_robustness_folder_without_search_permission_is_a_problem(tmp_path, monkeypatch):
    # as root nothing is refused: fake what a folder without x permission does (its
    # names are listed, but nothing inside can be stat'ed or opened)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.md").write_text("## 王一：题目\n正文。\n", encoding="utf-8")
    (tmp_path / "ok.md").write_text("## 王二：题目\n正文。\n", encoding="utf-8")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if Path(path).parent == sub:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != sub)
    res = extract([tmp_path], jobs=1)
    assert [r.doc for r in res.records] == ["ok.md"]
    (problem,) = res.problems
    assert "permission denied" in problem.message and "internal error" not in problem.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_robustness_chmod_000_is_a_problem(tmp_path):
    f = tmp_path / "locked.md"
    f.write_text("## 王二：题目\n", encoding="utf-8")
    f.chmod(0)
    out = extract_file(f, tmp_path)
    assert isinstance(out, Problem) and "permission denied" in out.message


def test_robustness_cli_build_reports_every_bad_file_and_goes_on(bad_dir, tmp_path):
    cmd = [sys.executable, "-m", "extractor", "build", str(bad_dir), "-o", str(tmp_path / "g")]
    proc = subprocess.run(cmd + ["--no-cache"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout + proc.stderr
    problems = [ln for ln in out.splitlines() if ln.startswith("Problem: ")]
    for name, line in PROBLEM_LINES.items():
        loc = f"Problem: {bad_dir / name}:{line}: " if line else f"Problem: {bad_dir / name}: "
        assert sum(ln.startswith(loc) for ln in problems) == 1, (name, problems)
    assert len(problems) == len(PROBLEM_LINES)
    records = len(RECORDS) + 1  # + folder.md/inside.md
    assert f"articles: {records}," in proc.stdout
    assert f"problems: {len(PROBLEM_LINES)}" in proc.stdout
    assert "Traceback" not in out
    said, warned = bad_inputs._answers(out, bad_dir)
    assert bad_inputs.check(said, warned) == []  # each lenient read warned, naming its line

    strict = subprocess.run(
        cmd + ["--no-cache", "--strict"], capture_output=True, text=True, timeout=600
    )
    assert strict.returncode == 1
    assert f"problems: {len(PROBLEM_LINES)}" in strict.stdout


def test_robustness_characters_passed_over_by_the_binary_check_are_text():
    # _looks_binary() looks up only characters outside _MAYBE_BINARY's complement:
    # none of those may be a control, private-use or unassigned character
    for c in map(chr, range(sys.maxunicode + 1)):
        if not article._MAYBE_BINARY.match(c):
            assert not article._binary_char(c), hex(ord(c))
