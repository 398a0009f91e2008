"""Helpers for driving the Debian headless Chromium offline with Playwright (never downloads one)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ARTIFACTS",
    "PageLog",
    "have_chromium",
    "launch",
    "open_page",
    "wait_stabilized",
    "PAYLOADS",
    "sample_graph",
    "hostile_graph",
    "node_by_label",
]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Offline and quiet: no DNS, no QUIC, no background fetches, no first-run pages.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def have_chromium() -> bool:
    """True when the Debian chromium binary and the playwright package are present."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium (playwright Browser); playwright gives it a fresh temporary profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: requests, console errors, uncaught errors and dialogs."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        """Requests for anything but the page itself."""
        return [u for u in self.requests if u != self.url]


def open_page(browser: Any, path: Path, width: int = 1400, height: int = 900) -> PageLog:
    """Open ``path`` in a new context; record everything; abort any request but the page."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = ctx.new_page()
    log = PageLog(page=page, url=path.resolve().as_uri())
    page.on("request", lambda r: log.requests.append(r.url))
    page.on(
        "console",
        lambda m: log.console_errors.append(m.text) if m.type in ("error", "assert") else None,
    )
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        log.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    ctx.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == log.url else route.abort(),
    )
    page.goto(log.url, wait_until="load")
    return log


def wait_stabilized(page: Any, timeout_s: float = 30) -> None:
    """Wait until the view has laid itself out and stopped physics."""
    page.wait_for_function("() => window.kg && window.kg.stabilized", timeout=timeout_s * 1000)


# ---- graphs shared by test_render.py and test_browser.py ----

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\"'><svg onload=window.__pwned=1>",
    "</script><script>window.__pwned=2</script>",
    "back\\slash \\u003c \"quoted\" 'single' & &amp; ${x} `tick`",
]


def sample_graph():
    """Two meetups, Chinese names with English aliases, evidence sentences."""
    from extractor.graph import records_to_graph
    from extractor.model import DocumentRecord, Entity, Event, Evidence, Relation, Talk

    def ev(doc: str, sentence: str) -> Evidence:
        return Evidence(doc, sentence, 0, len(sentence))

    a, b = "2025/0102-beijing.md", "2025/0301-shanghai.md"
    s1 = ev(a, "张三（Zhang San）是 Kernel SIG 的 Maintainer，分享了机密计算实践。")
    s2 = ev(a, "来自华为的李四介绍了 RISC-V 生态。")
    s3 = ev(b, "张三再次分享了 secGear 的进展。")
    r1 = DocumentRecord(
        doc=a,
        title="openEuler 北京 Meetup 回顾",
        event=Event("openEuler 北京 Meetup", "2025-01-02", "北京", ["开放原子开源基金会"], [s1]),
        talks=[
            Talk(
                "机密计算实践", ["张三"], s1, [("Technology", "机密计算"), ("Project", "secGear")]
            ),
            Talk("RISC-V 生态", ["李四"], s2, [("SIG", "RISC-V")]),
        ],
        entities=[
            Entity("Person", "张三", ["Zhang San"]),
            Entity("Person", "李四", ["Li Si"]),
            Entity("SIG", "Kernel"),
            Entity("SIG", "RISC-V"),
            Entity("Organization", "华为", ["Huawei"]),
            Entity("Technology", "机密计算", ["Confidential Computing"]),
            Entity("Project", "secGear"),
        ],
        relations=[
            Relation("member_of", "张三", "Kernel", evidence=s1),
            Relation("affiliated_with", "李四", "华为", evidence=s2),
        ],
    )
    r2 = DocumentRecord(
        doc=b,
        title="openEuler 上海 Meetup 回顾",
        event=Event("openEuler 上海 Meetup", "2025-03-01", "上海", [], [s3]),
        talks=[Talk("secGear 进展", ["张三"], s3, [("Project", "secGear")])],
        entities=[Entity("Person", "张三", ["Zhang San"]), Entity("Project", "secGear")],
        relations=[],
    )
    return records_to_graph([r1, r2])


def hostile_graph():
    """Every payload as a name, alias, talk title, evidence sentence, article path and title."""
    from extractor.graph import records_to_graph
    from extractor.model import DocumentRecord, Entity, Event, Evidence, Relation, Talk

    records = []
    for i, p in enumerate(PAYLOADS):
        doc = f"{p}/{i}.md"
        e = Evidence(doc, f"证据 {p} 句子", 0, 5)
        records.append(
            DocumentRecord(
                doc=doc,
                title=p,
                event=Event(f"{p} Meetup", f"2025-01-0{i + 1}", p, [p], [e]),
                talks=[Talk(f"{p} talk", [f"{p} 某人"], e, [("Technology", f"{p} tech")])],
                entities=[
                    Entity("Person", f"{p} 某人", [f"alias {p}"], {"title": [p]}),
                    Entity("SIG", f"{p} sig"),
                ],
                relations=[Relation("member_of", f"{p} 某人", f"{p} sig", evidence=e)],
            )
        )
    return records_to_graph(records)


def node_by_label(g, type_: str, label: str) -> str:
    """The id of the one node of ``type_`` whose label is ``label``."""
    found = [n for n, d in g.nodes(data=True) if d.get("type") == type_ and d.get("label") == label]
    assert len(found) == 1, (type_, label, found)
    return found[0]
