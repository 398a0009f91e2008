"""XSS: names and titles from articles and the registry never become markup in the built HTML.

The payloads go in through every path that reaches the page: the front-matter
title (event and talk ids), talk titles, SIG and project names from a
registry, person names.  ``meetup-kg build`` writes the page; it is checked
statically (html.parser) and, when /usr/bin/chromium exists, in a headless
offline browser.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_util import CHROMIUM, CHROMIUM_ARGS

MARK = "XSSMARK"  # a payload that runs sets document.title or adds an element with this id
# no ';' or ',' inside: the extractor cuts titles there, and whole payloads must reach the page
RUN_JS = f"document.title='{MARK}'"
MARK_JS = f"document.body.id='{MARK}'"
PAYLOADS = [
    f"<script>{RUN_JS}</script>",
    f'<img src=x onerror="{RUN_JS}">',
    f"<svg onload={MARK_JS}>",
    f'<a href="javascript:{RUN_JS}">x</a>',
    f"javascript:{RUN_JS}",
    "\"'\\\\ </script><script>alert(1)</script>",
]
ESC = [p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in PAYLOADS]
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}


def _article(i: int, p: str, title_payload: str) -> str:
    title = json.dumps(f"{title_payload} Meetup {i} 回顾", ensure_ascii=False)
    return (
        f"---\ntitle: {title}\ndate: 2024-03-1{i}\n---\n\n"
        f"2024 年 3 月 1{i} 日，openEuler Meetup 在成都举行，由华为承办。\n\n"
        f"## 张三：{p}的实践\n\n张三是 sig-{p} 的 Maintainer，来自华为，介绍了 {p} 项目。\n\n"
        f"## {p}：《{p}》\n\n{p}来自华为，是 sig-{p} 的 Maintainer。\n"
    )


def _registry(folder: Path) -> Path:
    sigs = [
        {
            "name": f"sig-{p}",
            "maintainers": [{"name": "Evil Hacker", "name_zh": p, "organization": p}],
            "repositories": [p],
        }
        for p in PAYLOADS
    ]
    path = folder / "registry.json"
    path.write_text(json.dumps({"sigs": sigs}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(page with payloads, page of a clean corpus) written by the real CLI."""
    base = tmp_path_factory.mktemp("xss")
    src = base / "in"
    src.mkdir()
    for i, p in enumerate(ESC):
        (src / f"a{i}.md").write_text(_article(i, p, PAYLOADS[i]), encoding="utf-8")
    clean = base / "clean"
    clean.mkdir()
    (clean / "a.md").write_text(_article(0, "机密计算", "openEuler"), encoding="utf-8")
    reg = _registry(base)
    for folder, out in ((src, base / "out"), (clean, base / "clean-out")):
        proc = subprocess.run(
            [sys.executable, "-m", "extractor", "build", str(folder), "-o", str(out)]
            + ["--name", "g", "--no-cache", "-r", str(reg)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "problems: 0" in proc.stdout
    return base / "out" / "g.html", base / "clean-out" / "g.html"


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <script> and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "title") else None
        if tag == "script":
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "title":
            self.title += data


def _parse(text: str) -> _Elements:
    p = _Elements()
    p.feed(text)
    p.close()
    return p


def _assert_no_executable_payload(page: _Elements, reference: _Elements) -> None:
    scripts = [a for t, a in page.tags if t == "script"]
    assert scripts == [a for t, a in reference.tags if t == "script"]  # only the page's own
    for tag, attrs in page.tags:
        for k, v in attrs.items():
            assert not k.lower().startswith("on"), (tag, k, v)
            if k.lower() in URL_ATTRS and v:
                assert not v.strip().lower().startswith(("javascript:", "data:text/html")), (tag, v)
        assert attrs.get("id") != MARK
    assert MARK not in page.title


def test_xss_payloads_reach_the_graph(built):
    """Guard against a vacuous pass: the payloads are really in the data of the page."""
    from extractor.query import load

    g = load(built[0].with_suffix(".json")).graph  # any form the graph file is written in
    labels = {(d["type"], d["label"]) for _n, d in g.nodes(data=True)}
    text = json.dumps(sorted(labels), ensure_ascii=False)
    assert sum(p in text for p in PAYLOADS) >= 4, labels
    kinds = {t for t, label in labels if any(p in label for p in PAYLOADS)}
    assert {"Event", "Talk", "SIG"} <= kinds, labels
    assert all(p[:20] not in built[0].read_text(encoding="utf-8") for p in PAYLOADS[:3])


def test_xss_written_html_has_no_executable_payload(built):
    page, clean = (_parse(p.read_text(encoding="utf-8")) for p in built)
    _assert_no_executable_payload(page, clean)
    for body in page.scripts:
        assert "</script" not in body.lower()
    assert not any(t in ("img", "svg", "iframe") for t, _ in page.tags)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_xss_payloads_do_not_run_in_chromium(built, tmp_path):
    def dom(page: Path) -> str:
        proc = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                *CHROMIUM_ARGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=10000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    after, reference = _parse(dom(built[0])), _parse(dom(built[1]))
    assert any(t == "canvas" for t, _ in after.tags)  # the page ran and drew the graph
    _assert_no_executable_payload(after, reference)
    own = [(t, a) for t, a in reference.tags if t in ("img", "svg", "iframe", "i")]
    # the page's own icons only (their count depends on the graph, their form does not)
    assert {
        (t, tuple(sorted(a.items()))) for t, a in after.tags if t in ("img", "svg", "iframe", "i")
    } <= {(t, tuple(sorted(a.items()))) for t, a in own}
    assert MARK not in after.title
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
