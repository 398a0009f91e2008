"""CLI: exit codes, problem reports, deterministic and atomic outputs (the real command)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_util import run_cli as run

from extractor.graph import read_json

GOOD = (
    "---\ntitle: 'openEuler 成都 Meetup 活动回顾'\ndate: 2024-03-18\n---\n\n"
    "2024 年 3 月 16 日，openEuler Meetup 在成都举行，由华为承办。\n\n"
    "## 张三：openEuler 内核调度优化\n\n张三是 openEuler Kernel SIG Maintainer，来自华为。\n\n"
    "## 李四：机密计算实践\n\n李四来自麒麟软件，介绍了 secGear 与 RISC-V。\n"
)


def corpus(folder: Path, bad: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.md").write_text(GOOD, encoding="utf-8")
    (folder / "b.md").write_text(GOOD.replace("张三", "王五").replace("成都", "西安"), "utf-8")
    if bad:
        (folder / "broken.md").write_text("---\ntitle: 'x\ndate: 1\n---\n正文\n", "utf-8")
        (folder / "empty.md").write_bytes(b"")
    return folder


@pytest.mark.parametrize(
    ("bad", "strict", "code"),
    [(False, False, 0), (False, True, 0), (True, False, 0), (True, True, 1)],
)
def test_cli_build_exit_codes(tmp_path, bad, strict, code):
    src = corpus(tmp_path / "in", bad)
    args = ["build", str(src), "-o", str(tmp_path / "out"), "--no-cache"]
    proc = run(*args, *(["--strict"] if strict else []))
    assert proc.returncode == code, proc.stderr[-2000:]
    # broken front matter is read leniently: a record and a warning, not a problem
    articles, problems, warnings = (3, 1, 1) if bad else (2, 0, 0)
    assert f"articles: {articles}," in proc.stdout
    assert f"problems: {problems}, warnings: {warnings}" in proc.stdout
    if bad:
        warning = f"Warning: {src / 'broken.md'}:2: unclosed quote in 'title'; read as x"
        assert warning in proc.stderr.splitlines()
        assert f"Problem: {src / 'empty.md'}: empty file (expected Markdown text)" in proc.stderr
    # outputs are written whatever the problems
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "graph.graphml",
        "graph.html",
        "graph.json",
    ]


@pytest.mark.parametrize("strict", [False, True])
def test_cli_extract_exit_codes(tmp_path, strict):
    src = corpus(tmp_path / "in", bad=True)
    out = tmp_path / "records.jsonl"
    proc = run("extract", str(src), "-o", str(out), *(["--strict"] if strict else []))
    assert proc.returncode == (1 if strict else 0), proc.stderr[-2000:]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert "; 1 problem, 1 warning (" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["build", "/nonexistent/folder"],
        ["build", "--no-such-option", "x"],
        ["extract", "examples"],  # -o is required
        ["build", "examples", "--jobs", "0"],
        ["frobnicate"],
    ],
)
def test_cli_usage_errors_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr


def test_cli_missing_path_names_it(tmp_path):
    proc = run("build", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert f"Error: {tmp_path / 'nope'}: no such file or folder" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_cli_build_is_byte_identical_twice(tmp_path):
    src = corpus(tmp_path / "in", bad=True)
    (src / "sub").mkdir()
    (src / "sub" / "c.md").write_text(GOOD.replace("李四", "赵六"), encoding="utf-8")
    for out in ("one", "two"):
        proc = run("build", str(src), "-o", str(tmp_path / out), "--name", "g", "--no-cache")
        assert proc.returncode == 0, proc.stderr[-2000:]
    for ext in ("json", "graphml", "html"):
        one = (tmp_path / "one" / f"g.{ext}").read_bytes()
        two = (tmp_path / "two" / f"g.{ext}").read_bytes()
        assert one == two, ext
        assert str(tmp_path).encode() not in one  # no absolute input paths leak in


def test_cli_outputs_have_normal_file_modes(tmp_path):
    src = corpus(tmp_path / "in")
    old = os.umask(0o022)
    try:
        proc = run("build", str(src), "-o", str(tmp_path / "out"), "--no-cache")
    finally:
        os.umask(old)
    assert proc.returncode == 0
    for f in (tmp_path / "out").iterdir():
        if f.is_file():
            assert f.stat().st_mode & 0o777 == 0o644, f


def test_cli_front_matter_paths_never_decide_where_files_go(tmp_path):
    src = tmp_path / "deep" / "in"
    src.mkdir(parents=True)
    evil = tmp_path / "EVIL"
    (src / "a.md").write_text(
        f"---\ntitle: ../../../EVIL/pwn\ndoc: ../../EVIL/doc.md\nslug: {evil}/slug\n"
        f"output: {evil}\nname: ../EVIL/name\npermalink: ../../EVIL/p.html\n---\n\n"
        "## 张三：../../EVIL/talk\n\n张三来自华为。\n",
        encoding="utf-8",
    )
    before = {p for p in tmp_path.rglob("*")}
    proc = run("build", str(src), "-o", str(tmp_path / "out"), "--name", "g", "--no-cache")
    assert proc.returncode == 0, proc.stderr[-2000:]
    written = {p for p in tmp_path.rglob("*")} - before
    allowed = {tmp_path / "out" / f"g.{ext}" for ext in ("json", "graphml", "html")}
    assert not evil.exists()
    assert {p for p in written if p.is_file()} == allowed
    assert '"doc": "a.md"' in (tmp_path / "out" / "g.json").read_text(encoding="utf-8") or (
        "a.md" in (tmp_path / "out" / "g.json").read_text(encoding="utf-8")
    )


def _build_in_process(src: Path, out: Path):
    from typer.testing import CliRunner

    from extractor.cli import app

    return CliRunner().invoke(app, ["build", str(src), "-o", str(out), "--no-cache"])


def test_cli_failed_write_keeps_previous_output_file(tmp_path, monkeypatch):
    """A write that dies halfway (disk full, killed) leaves the old file whole, no temp files."""
    import extractor.fsio as fsio

    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    assert _build_in_process(src, out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (src / "c.md").write_text(GOOD.replace("李四", "赵六"), encoding="utf-8")

    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()
            return False

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsio.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    result = _build_in_process(src, out)
    monkeypatch.undo()
    assert result.exit_code != 0
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # no half file, no temporary file left behind


def test_cli_failure_mid_build_leaves_previous_outputs_intact(tmp_path, monkeypatch):
    """Rendering fails after the JSON and GraphML are ready: none of the three may change."""
    import extractor.render as render

    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    assert _build_in_process(src, out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (src / "c.md").write_text(GOOD.replace("李四", "赵六"), encoding="utf-8")

    def boom(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(render, "to_html", boom)
    result = _build_in_process(src, out)
    assert result.exit_code != 0
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before


def test_cli_build_honours_an_alias_file(tmp_path):
    """A user's alias file merges two spellings of one person; editing it re-merges."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(GOOD, encoding="utf-8")
    (src / "b.md").write_text(
        GOOD.replace("成都", "西安")
        .replace("张三", "张叁")
        .replace("2024 年 3 月 16", "2024 年 4 月 20"),
        encoding="utf-8",
    )
    out = tmp_path / "out"

    def people() -> set[str]:
        g = read_json(out / "graph.json")  # (whatever the file's layout)
        return {d["label"] for _, d in g.nodes(data=True) if d["type"] == "Person"}

    assert run("build", str(src), "-o", str(out)).returncode == 0
    assert {"张三", "张叁"} <= people()
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("same:\n  - [张三, 张叁]\n", encoding="utf-8")
    done = run("build", str(src), "-o", str(out), "--aliases", str(aliases))
    assert done.returncode == 0, done.stderr
    assert "张三" in people() and "张叁" not in people()


def test_cli_counts_are_singular_for_one(tmp_path):
    # "1 articles", "1 records", "1 problems": every count in the output agrees with its noun
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(GOOD, encoding="utf-8")
    (src / "empty.md").write_bytes(b"")
    proc = run("build", str(src), "-o", str(tmp_path / "out"), "--no-cache")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "2 articles extracted, 0 from cache" in proc.stderr
    (src / "empty.md").unlink()
    proc = run("build", str(src), "-o", str(tmp_path / "out"), "--no-cache")
    assert "1 article extracted, 0 from cache" in proc.stderr
    (src / "b.md").write_text("---\ntitle: 'x\n---\n" + GOOD.split("---\n", 2)[2], "utf-8")
    (src / "empty.md").write_bytes(b"")
    proc = run("extract", str(src), "-o", str(tmp_path / "r.jsonl"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "2 records written to" in proc.stderr
    assert "; 1 problem, 1 warning (3 extracted, 0 from cache)" in proc.stderr
    (src / "b.md").unlink()
    (src / "empty.md").unlink()
    proc = run("extract", str(src), "-o", str(tmp_path / "r.jsonl"))
    assert "1 record written to" in proc.stderr and "; 0 problems, 0 warnings (" in proc.stderr
    for line in (proc.stdout + proc.stderr).splitlines():
        assert not any(
            f" 1 {w}s" in f" {line}" for w in ("article", "record", "problem", "warning")
        )


@pytest.mark.parametrize("command", ["build", "extract"])
@pytest.mark.parametrize("strict", [False, True])
def test_cli_empty_input_warns(tmp_path, command, strict):
    # building an empty folder exited 0 without a word
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "notes.txt").write_text("not an article", encoding="utf-8")
    out = tmp_path / ("out" if command == "build" else "r.jsonl")
    proc = run(command, str(src), "-o", str(out), *(["--strict"] if strict else []))
    assert proc.returncode == (1 if strict else 0), proc.stderr[-2000:]
    assert f"Warning: no articles found in {src} (expected .md or .markdown files)" in (
        proc.stderr.splitlines()
    )
    assert "Traceback" not in proc.stderr
    # a folder with an article does not warn
    (src / "a.md").write_text(GOOD, encoding="utf-8")
    proc = run(command, str(src), "-o", str(out), *(["--strict"] if strict else []))
    assert proc.returncode == 0 and "no articles found" not in proc.stderr


def test_cli_empty_input_warns_on_an_unchanged_cached_build(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for _ in range(2):  # the second run skips writing: it still warns
        proc = run("build", str(src), "-o", str(tmp_path / "out"), "--strict")
        assert proc.returncode == 1 and "no articles found in" in proc.stderr, proc.stderr


def _page_title(path: Path) -> str:
    """The text of the page's <title>."""
    import html
    import re

    found = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"))
    assert found is not None
    return html.unescape(found.group(1))


def test_cli_build_page_is_titled_by_its_content(tmp_path):
    # the page was titled with the --name value ("graph")
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    proc = run("build", str(src), "-o", str(out), "--no-cache")
    assert proc.returncode == 0, proc.stderr[-2000:]
    g = read_json(out / "graph.json")
    n = {t: sum(1 for _, x in g.nodes(data="type") if x == t) for t in ("Talk", "Person", "Event")}
    assert n["Event"] == 2 and n["Talk"] >= 2
    title = _page_title(out / "graph.html")
    assert title == f"{n['Talk']} talks by {n['Person']} people at 2 events"
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.md").write_text(GOOD, encoding="utf-8")
    proc = run("build", str(one), "-o", str(out), "--name", "single", "--no-cache")
    assert proc.returncode == 0, proc.stderr[-2000:]
    g = read_json(out / "single.json")
    (event,) = [x["label"] for _, x in g.nodes(data=True) if x.get("type") == "Event"]
    assert _page_title(out / "single.html") == event
    # a view without options is titled the same way, not by the file name
    proc = run("view", str(out / "graph.json"), "-o", str(tmp_path / "v.html"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _page_title(tmp_path / "v.html") == title
