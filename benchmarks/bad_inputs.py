"""Demo: build a folder of bad inputs (plus the dev corpus) and show what meetup-kg answers.

Run: ``.venv/bin/python benchmarks/bad_inputs.py [--keep DIR]``

Writes every bad input named in the robustness issue into a fresh folder,
adds a symlink to ``../shared/corpus/dev`` when it exists, runs
``meetup-kg build`` on the folder and prints one line per bad input: the
record or the problem the tool reported for it.  ``tests/test_robustness.py``
uses :func:`write_bad_inputs` for the same files.
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

__all__ = ["BAD_INPUTS", "write_bad_inputs", "main"]

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
    "yaml-unclosed-quote.md": ("YAML front matter with an unclosed quote", "broken YAML"),
    "yaml-tabs.md": ("YAML front matter indented with a tab", "broken YAML"),
    "yaml-odd-date.md": ("date: 2024--3-18 (YAML reads a string)", "record"),
    "yaml-impossible-date.md": ("date: 2024-02-30", "record"),
    "yaml-python-tag.md": ("!!python/object/apply:os.system in front matter", "broken YAML"),
    "yaml-not-mapping.md": ("front matter that is a list", "not a mapping"),
    "toml-broken.md": ("TOML front matter with an unclosed string", "broken TOML"),
    "front-matter-unclosed.md": ("--- front matter never closed", "never closed"),
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


def write_bad_inputs(folder: str | Path, big: bool = True) -> Path:
    """Write every input of :data:`BAD_INPUTS` into ``folder``; returns it.

    ``big=False`` leaves out the 20 MB file (for quick runs).
    """
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)

    def put(name: str, data: bytes | str) -> None:
        (d / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    put("yaml-unclosed-quote.md", "---\ntitle: '未闭合的标题\ndate: 2024-03-18\n---\n" + SIMP)
    put("yaml-tabs.md", "---\ntitle: 标题\ntags:\n\t- openEuler\n---\n" + SIMP)
    put("yaml-odd-date.md", "---\ntitle: 日期奇怪\ndate: 2024--3-18\n---\n" + SIMP)
    put("yaml-impossible-date.md", "---\ntitle: 二月三十日\ndate: 2024-02-30\n---\n" + SIMP)
    marker = d.parent / f"{d.name}-PWNED"
    put(
        "yaml-python-tag.md",
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n" + SIMP,
    )
    put("yaml-not-mapping.md", "---\n- a\n- b\n---\n" + SIMP)
    put("toml-broken.md", '+++\ntitle = "未闭合\ndate = 2024-03-18\n+++\n' + SIMP)
    put("front-matter-unclosed.md", "---\ntitle: 没有结束\ndate: 2024-03-18\n" + SIMP)
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


def _answers(out: str, folder: Path) -> dict[str, str]:
    """Problem text per file name, from the CLI's ``Problem: <path>: ...`` lines."""
    found: dict[str, str] = {}
    for ln in out.splitlines():
        m = re.match(r"Problem: (.+?\.md)(?::\d+)?: (.*)$", ln)
        if m:
            name = Path(m.group(1)).name
            found[name] = ln[len("Problem: ") :].replace(str(folder) + "/", "")
    return found


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
    answers = _answers(proc.stdout + proc.stderr, folder)
    print(f"$ meetup-kg build {folder} ...   exit {proc.returncode}, {secs:.1f} s\n")
    print("| input | what it is | what meetup-kg answered |")
    print("|---|---|---|")
    for name, (what, expected) in BAD_INPUTS.items():
        said = answers.get(name)
        if said is None:  # no problem reported: it became a record (or is a folder)
            said = expected if expected.startswith("(") else "record"
        print(f"| {name} | {what} | {said} |")
    summary = [ln for ln in proc.stdout.splitlines() if ln.startswith("articles:")]
    print("\nsummary:", summary[0] if summary else proc.stdout.strip()[-300:])
    pwned = folder.parent / f"{folder.name}-PWNED"
    print("front-matter code ran:", pwned.exists())
    if proc.returncode not in (0, 1):
        print(proc.stderr[-2000:], file=sys.stderr)
    return 0 if proc.returncode == 0 and not pwned.exists() else 1


if __name__ == "__main__":
    raise SystemExit(main())
