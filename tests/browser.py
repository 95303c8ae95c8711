"""Opening pages in Debian's headless Chromium with every network request blocked and recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


@dataclass
class Opened:
    """A page loaded from a file, with what it tried to fetch and what it logged."""

    page: Any
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def launch() -> Iterator[Any]:
    """Yield a Playwright browser running /usr/bin/chromium (never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "install Debian's chromium: apt-get install -y chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _watch(page: Any, allowed: Callable[[str], bool]) -> Opened:
    """Abort and record every request ``allowed`` refuses; record errors and dialogs."""
    opened = Opened(page)

    def route(r: Any) -> None:
        if allowed(r.request.url):
            r.continue_()
        else:
            opened.external.append(r.request.url)
            r.abort()

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", route)
    page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.on("dialog", on_dialog)
    return opened


def open_page(browser: Any, path: Path, *, wait_ready: bool = True) -> Opened:
    """Open ``path``: any request other than the file itself is aborted and recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    target = path.resolve().as_uri()
    opened = _watch(page, lambda url: url == target)
    page.goto(target)
    if wait_ready:
        page.wait_for_function("window.aikgReady === true", timeout=30_000)
    return opened


def open_url(browser: Any, url: str, *, origin: str) -> Opened:
    """Open ``url``: any request outside ``origin`` (scheme://host:port) is aborted and recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    opened = _watch(page, lambda u: u == origin or u.startswith(origin + "/"))
    page.goto(url)
    return opened


def ready_frame(opened: Opened, path_part: str) -> Any:
    """The frame whose URL contains ``path_part``, once its network is drawn."""
    frame = next(f for f in opened.page.frames if path_part in f.url)
    frame.wait_for_function("window.aikgReady === true", timeout=30_000)
    return frame
