"""Demo and check: build a folder of bad inputs (plus the dev corpus) and show what
meetup-kg answers.

Run: ``.venv/bin/python benchmarks/bad_inputs.py [--keep DIR]``

Writes every bad input named in the robustness issue and every front-matter
fault of issue 14 into a fresh folder, adds a symlink to
``../shared/corpus/dev`` when it exists, runs ``meetup-kg build`` on the folder
and prints one line per bad input: the record (with its warnings) or the
problem the tool reported for it.  It exits 1 when an answer is not the one
expected: a problem where a record was due, a front-matter fault without its
``Warning: <file>:<line>:`` line, a crash.  ``tests/test_robustness.py`` and
``tests/test_article_frontmatter.py`` use :func:`write_bad_inputs` for the same
files.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["BAD_INPUTS", "WARNINGS", "write_bad_inputs", "check", "main"]

ARTICLE = (
    "---\ntitle: 'openEuler 成都 Meetup 回顾'\ndate: 2024-03-18\n---\n\n"
    "2024 年 3 月 16 日，openEuler Meetup 在成都举行。\n\n"
    "## 张三：openEuler 内核调度优化\n\n张三是 SIG-Kernel 的 Maintainer，来自华为。\n"
)
TRAD = (
    "---\ntitle: '開源社區 Meetup 臺北站活動回顧'\n---\n\n"
    "## 陳大文：開源社區的機密計算實踐\n\n陳大文來自國立臺灣大學，介紹了機密運算與容器技術。\n"
)
SIMP = "## 李四：开源社区的机密计算实践\n\n李四来自北京大学，介绍了机密计算与容器技术。\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4

# name -> (what it is, what the tool should answer: "record" or a problem fragment)
BAD_INPUTS: dict[str, tuple[str, str]] = {
    "yaml-unclosed-quote.md": ("YAML front matter with an unclosed quote", "record"),
    "yaml-unclosed-date.md": ("date: '2025-03-16 (no closing quote)", "record"),
    "yaml-tabs.md": ("YAML front matter indented with a tab", "record"),
    "yaml-odd-date.md": ("date: 2024--3-18 (YAML reads a string)", "record"),
    "yaml-impossible-date.md": ("date: 2024-02-30", "record"),
    "yaml-python-tag.md": ("!!python/object/apply:os.system in front matter", "record"),
    "yaml-not-mapping.md": ("front matter that is a list", "record"),
    "yaml-time-key.md": ("time: '2020/08/06' and no date", "record"),
    "yaml-stray-line.md": ("a line that is no key: value inside the front matter", "record"),
    "toml-broken.md": ("TOML front matter with an unclosed string", "record"),
    "toml-inline-comments.md": ("TOML with bare words and # comments after values", "record"),
    "toml-between-dashes.md": ("TOML key = value lines between --- fences", "record"),
    "front-matter-unclosed.md": ("--- front matter never closed", "record"),
    "front-matter-unclosed-rule.md": ("--- never closed, a --- rule later in the body", "record"),
    "front-matter-doubled.md": ("--- twice before the keys", "record"),
    "front-matter-doubled-close.md": ("--- twice after the keys", "record"),
    "front-matter-mixed-fences.md": ("opened with ---, closed with +++", "record"),
    "front-matter-bom.md": ("a second BOM (U+FEFF) before the --- fence", "record"),
    "front-matter-blank-lines.md": ("blank lines before the --- fence", "record"),
    "front-matter-pelican.md": ("Pelican 'Title: …' headers, no fences", "record"),
    "front-matter-html-comment.md": ("front matter inside <!-- -->", "record"),
    "front-matter-only.md": ("front matter but no body", "no body text"),
    "empty.md": ("empty file (0 bytes)", "empty file"),
    "whitespace.md": ("only spaces, tabs and newlines", "only whitespace"),
    "binary.md": ("a PNG image named .md", "binary data"),
    "gb18030.md": ("article encoded in GB18030", "record"),
    "gbk.md": ("article encoded in GBK", "record"),
    "big5.md": ("Traditional Chinese article encoded in Big5", "record"),
    "utf16-bom.md": ("UTF-16 with BOM", "record"),
    "utf16-no-bom.md": ("UTF-16 LE without BOM", "record"),
    "utf8-bad-bytes.md": ("UTF-8 with two corrupt bytes", "record"),
    "mixed-crlf.md": ("\\r\\n, \\n and \\r line ends mixed", "record"),
    "huge-20mb.md": ("a 20 MB article", "more than the limit"),
    "long-line-1mb.md": ("one 1 MB line, no line break", "record"),
    "deep-lists.md": ("lists nested 500 deep, 2000 quote levels", "record"),
    "html-heavy.md": ("HTML tables, divs, <script>, comments, <h2>", "record"),
    "traditional.md": ("Traditional Chinese (UTF-8)", "record"),
    "unclosed-fence.md": ("a code fence never closed", "record"),
    "path-in-front-matter.md": ("front matter naming ../../ paths", "record"),
    "loop": ("symlink loop: loop -> . (folder)", "(not listed: followed once)"),
    "self-loop.md": ("symlink to itself", "Too many levels of symbolic links"),
    "removed.md": ("symlink to a file that was removed", "file not found"),
    "fifo.md": ("a named pipe (would block a naive reader)", "not a regular file"),
    "folder.md": ("a folder named folder.md holding one article", "(a folder: searched)"),
}
# files read leniently: name -> (file line the warning names, what the warning says)
WARNINGS: dict[str, tuple[int, str]] = {
    "yaml-unclosed-quote.md": (2, "unclosed quote in 'title'; read as 未闭合的标题"),
    "yaml-unclosed-date.md": (3, "unclosed quote in 'date'; read as 2025-03-16"),
    "yaml-tabs.md": (3, "tab in the indentation under 'tags'; read as [openEuler]"),
    "yaml-odd-date.md": (3, "malformed date '2024--3-18' in 'date'; read as 2024-03-18"),
    "yaml-impossible-date.md": (3, "'date' 2024-02-30 is not a day of the calendar"),
    "yaml-python-tag.md": (2, "YAML tag !!python/object/apply:os.system in 'title' refused"),
    "yaml-not-mapping.md": (2, "front matter is a list, not key: value pairs; ignored"),
    "yaml-time-key.md": (3, "no 'date'; 'time' 2020/08/06 read as the date 2020-08-06"),
    "yaml-stray-line.md": (3, "'没有冒号的一行' is not a key: value line; ignored"),
    "toml-broken.md": (2, "unclosed quote in 'title'; read as 未闭合"),
    "toml-inline-comments.md": (2, "unquoted text in 'title'; read as 活动回顾"),
    "toml-between-dashes.md": (2, "TOML front matter between --- fences"),
    "front-matter-unclosed.md": (1, "front matter opened with --- is never closed"),
    "front-matter-unclosed-rule.md": (1, "the --- on line 9 is a rule in the body"),
    "front-matter-doubled.md": (2, "front matter fence --- doubled; read once"),
    "front-matter-doubled-close.md": (5, "front matter fence --- doubled; skipped"),
    "front-matter-mixed-fences.md": (4, "front matter opened with --- closed by +++"),
    "front-matter-bom.md": (1, "a byte-order mark (U+FEFF) before the front matter fence"),
    "front-matter-blank-lines.md": (3, "front matter fence after 2 blank lines"),
    "front-matter-pelican.md": (1, "headers without --- fences (Pelican style)"),
    "front-matter-html-comment.md": (1, "front matter inside an HTML comment"),
    "unclosed-fence.md": (5, "code fence ``` is never closed"),
    "utf8-bad-bytes.md": (6, "invalid UTF-8 bytes were replaced by U+FFFD"),
}


def write_bad_inputs(folder: str | Path, big: bool = True) -> Path:
    """Write every input of :data:`BAD_INPUTS` into ``folder``; returns it.

    ``big=False`` leaves out the 20 MB file (for quick runs).
    """
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)

    def put(name: str, data: bytes | str) -> None:
        (d / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    put("yaml-unclosed-quote.md", "---\ntitle: '未闭合的标题\ndate: 2024-03-18\n---\n" + SIMP)
    put("yaml-unclosed-date.md", "---\ntitle: 日期没有闭合\ndate: '2025-03-16\n---\n" + SIMP)
    put("yaml-tabs.md", "---\ntitle: 标题\ntags:\n\t- openEuler\n---\n" + SIMP)
    put("yaml-odd-date.md", "---\ntitle: 日期奇怪\ndate: 2024--3-18\n---\n" + SIMP)
    put("yaml-impossible-date.md", "---\ntitle: 二月三十日\ndate: 2024-02-30\n---\n" + SIMP)
    marker = d.parent / f"{d.name}-PWNED"
    put(
        "yaml-python-tag.md",
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n" + SIMP,
    )
    put("yaml-not-mapping.md", "---\n- a\n- b\n---\n" + SIMP)
    put("yaml-time-key.md", "---\ntitle: 只有时间\ntime: '2020/08/06'\n---\n" + SIMP)
    put(
        "yaml-stray-line.md", "---\ntitle: 多了一行\n没有冒号的一行\ndate: 2024-03-18\n---\n" + SIMP
    )
    put("toml-broken.md", '+++\ntitle = "未闭合\ndate = 2024-03-18\n+++\n' + SIMP)
    put(
        "toml-inline-comments.md",
        "+++\ntitle = 活动回顾  # 标题\ntime = 2021.08.21 # 活动日期\n"
        'tags = ["meetup", "openEuler"] # 标签\n+++\n' + SIMP,
    )
    put("toml-between-dashes.md", '---\ntitle = "等号"\ndate = 2024-03-18\n---\n' + SIMP)
    put("front-matter-unclosed.md", "---\ntitle: 没有结束\ndate: 2024-03-18\n" + SIMP)
    put(
        "front-matter-unclosed-rule.md",
        "---\ntitle: 没有结束\ndate: 2024-03-18\n\n" + SIMP + "\n---\n\n更多内容。\n",
    )
    put("front-matter-doubled.md", "---\n---\ntitle: 两道线\ndate: 2024-03-18\n---\n" + SIMP)
    put("front-matter-doubled-close.md", "---\ntitle: 两道线\ndate: 2024-03-18\n---\n---\n" + SIMP)
    put("front-matter-mixed-fences.md", "---\ntitle: 混合\ndate: 2024-03-18\n+++\n" + SIMP)
    put(
        "front-matter-bom.md",
        b"\xef\xbb\xbf" + ("\ufeff---\ntitle: 两个 BOM\n---\n" + SIMP).encode(),
    )
    put("front-matter-blank-lines.md", "\n\n---\ntitle: 空行在前\ndate: 2024-03-18\n---\n" + SIMP)
    put(
        "front-matter-pelican.md",
        "Title: Pelican 风格\nDate: 2019-10-19\nTags: meetup, openEuler\n\n" + SIMP,
    )
    put(
        "front-matter-html-comment.md",
        "<!--\ntitle: 注释里的元数据\ndate: 2024-03-18\n-->\n\n" + SIMP,
    )
    put("front-matter-only.md", "---\ntitle: 只有元数据\ndate: 2024-03-18\n---\n\n\n")
    put("empty.md", b"")
    put("whitespace.md", " \n\t\n   \r\n\n")
    put("binary.md", PNG)
    put("gb18030.md", ARTICLE.encode("gb18030"))
    put("gbk.md", ("---\ntitle: GBK 编码的文章\n---\n" + SIMP).encode("gbk"))
    put("big5.md", TRAD.encode("big5"))
    put("utf16-bom.md", ARTICLE.encode("utf-16"))
    put("utf16-no-bom.md", ARTICLE.encode("utf-16-le"))
    raw = ARTICLE.encode("utf-8")
    put("utf8-bad-bytes.md", raw[:80] + b"\xff\xfe" + raw[80:])
    put("mixed-crlf.md", ARTICLE.replace("\n", "\r\n", 4).replace("\n\n## ", "\r\r## "))
    if big:
        unit = ("开源社区的开发者在会议上介绍了机密计算技术。" * 40 + "\n\n").encode("utf-8")
        with open(d / "huge-20mb.md", "wb") as fh:
            fh.write(b"---\ntitle: huge\n---\n")
            for _ in range(20 * 1024 * 1024 // len(unit) + 1):
                fh.write(unit)
    sentence = "王五在 openEuler 社区介绍了 **RISC-V** 与 [机密计算](https://x.org) 的进展，"
    line = (sentence * (1024 * 1024 // len(sentence.encode("utf-8")) + 1))[: 1024 * 1024 // 3]
    put("long-line-1mb.md", "---\ntitle: 一行\n---\n" + line)
    nested = "".join("  " * i + f"- 第 {i} 层\n" for i in range(500))
    put("deep-lists.md", "## 赵六：嵌套\n\n" + nested + "\n" + ">" * 2000 + " 引用\n")
    put(
        "html-heavy.md",
        '<div align="center">\n<img src="a.png"\n     alt="多行标签">\n</div>\n\n'
        "<h2>钱七：HTML 里的演讲</h2>\n\n"
        "<script>\ndocument.title = '不应出现';\n</script>\n"
        "<style>p { color: red }</style>\n<!-- 注释\n跨行 -->\n"
        "<table><tr><td>钱七</td><td>华为</td></tr></table>\n\n"
        "<p>钱七&nbsp;介绍了 <b>openEuler</b>&amp;<i>RISC-V</i>。<br/>谢谢。</p>\n",
    )
    put("traditional.md", TRAD)
    put("unclosed-fence.md", SIMP + "\n```python\nprint('never closed')\n")
    put(
        "path-in-front-matter.md",
        "---\ntitle: 路径\ndoc: ../../../escape.md\nslug: /tmp/evil\n"
        "output: ../../outside\npermalink: ../../x.html\n---\n" + SIMP,
    )
    (d / "loop").symlink_to(".", target_is_directory=True)
    (d / "self-loop.md").symlink_to("self-loop.md")
    put("to-remove.md", SIMP)
    (d / "removed.md").symlink_to("to-remove.md")
    (d / "to-remove.md").unlink()
    os.mkfifo(d / "fifo.md")
    (d / "folder.md").mkdir()
    put("folder.md/inside.md", SIMP)
    return d


def _answers(out: str, folder: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Problem text and warnings per file name, from the CLI's ``Problem: <path>: ...`` and
    ``Warning: <path>:<line>: ...`` lines (paths shown relative to ``folder``)."""
    problems: dict[str, str] = {}
    warnings: dict[str, list[str]] = {}
    for ln in out.splitlines():
        m = re.match(r"(Problem|Warning): (.+?\.md)(?::\d+)?: (.*)$", ln)
        if m:
            name = Path(m.group(2)).name
            said = ln[len(m.group(1)) + 2 :].replace(str(folder) + "/", "")
            if m.group(1) == "Problem":
                problems[name] = said
            else:
                warnings.setdefault(name, []).append(said)
    return problems, warnings


def check(problems: dict[str, str], warnings: dict[str, list[str]]) -> list[str]:
    """What the answers got wrong: a problem where a record was due, a problem without its
    fragment, a lenient read without its ``<file>:<line>: <what>`` warning."""
    wrong = []
    for name, (_, expected) in BAD_INPUTS.items():
        said = problems.get(name)
        if expected == "record" and said is not None:
            wrong.append(f"{name}: a record was due, the answer was the problem {said}")
        elif expected != "record" and not expected.startswith("(") and expected not in (said or ""):
            wrong.append(f"{name}: the problem '{expected}' was due, the answer was {said}")
    for name, (line, what) in WARNINGS.items():
        if not any(w.startswith(f"{name}:{line}: ") and what in w for w in warnings.get(name, [])):
            wrong.append(f"{name}: no warning '{name}:{line}: …{what}…'")
    return wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="write the inputs and graphs here and keep them")
    args = ap.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="meetup-kg-bad-"))
    folder = write_bad_inputs(base / "input")
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
    if corpus.is_dir():
        (folder / "dev").symlink_to(corpus, target_is_directory=True)
    cmd = [sys.executable, "-m", "extractor", "build", str(folder), "-o", str(base / "graphs")]
    cmd += ["--name", "bad", "--no-cache"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    secs = time.perf_counter() - t0
    problems, warnings = _answers(proc.stdout + proc.stderr, folder)
    print(f"$ meetup-kg build {folder} ...   exit {proc.returncode}, {secs:.1f} s\n")
    print("| input | what it is | what meetup-kg answered |")
    print("|---|---|---|")
    for name, (what, expected) in BAD_INPUTS.items():
        said = problems.get(name)
        if said is None:  # no problem reported: it became a record (or is a folder)
            said = expected if expected.startswith("(") else "record"
            if warnings.get(name):
                said += "; " + "; ".join(f"Warning: {w}" for w in warnings[name])
        said = said.replace("|", "\\|")  # (a Markdown table cell)
        print(f"| {name} | {what} | {said} |")
    summary = [ln for ln in proc.stdout.splitlines() if ln.startswith("articles:")]
    print("\nsummary:", summary[0] if summary else proc.stdout.strip()[-300:])
    pwned = folder.parent / f"{folder.name}-PWNED"
    print("front-matter code ran:", pwned.exists())
    wrong = check(problems, warnings)
    crashed = "Traceback" in proc.stderr or proc.returncode not in (0, 1)
    print("answers not as expected:", len(wrong))
    for w in wrong:
        print("  ", w)
    if crashed:
        print(proc.stderr[-2000:], file=sys.stderr)
    return 0 if proc.returncode == 0 and not pwned.exists() and not wrong and not crashed else 1


if __name__ == "__main__":
    raise SystemExit(main())
