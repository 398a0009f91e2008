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
