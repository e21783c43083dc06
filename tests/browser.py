"""Helpers for the real-browser tests: a live server in a thread, Debian's Chromium, a page watcher.

The app runs on a free 127.0.0.1 port under werkzeug's threaded server (one thread per request,
as the browser loads scripts and the API in parallel). Playwright drives the system Chromium:
no browser is downloaded. ``Watch`` records what a page must not do: log console errors, throw,
open dialogs, or ask any host but the test server.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 900}
LOCAL_HOST = "127.0.0.1"


class LiveServer:
    """``app`` served on ``http://127.0.0.1:<free port>`` from a background thread."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server(LOCAL_HOST, 0, app, threaded=True)
        self.url = f"http://{LOCAL_HOST}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="ikg-live-server", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def missing_chromium() -> str:
    """Why Chromium cannot run here ('' when it can)."""
    if CHROMIUM.exists():
        return ""
    return (f"{CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install chromium); "
            "Playwright's own browsers are not downloaded.")


def launch_chromium(playwright):
    """Debian's Chromium, headless; a missing binary fails the test (it is never skipped)."""
    if missing_chromium():
        pytest.fail(missing_chromium(), pytrace=False)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@dataclass
class Watch:
    """What one browser context did: console errors, page errors, dialogs and every request's URL."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    expected_console: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        """Route every request through the watcher: 127.0.0.1 falls through to the other routes (or
        the network), any other host is aborted."""
        context.route("**/*", self._route)
        context.on("page", self.attach_page)

    def attach_page(self, page) -> None:
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.page_errors.append(f"{page.url}: {exc}"))
        page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == LOCAL_HOST or url.startswith(("data:", "blob:", "about:")):
            route.fallback()
        else:
            route.abort()

    def _console(self, page, msg) -> None:
        if msg.type != "error":
            return
        text = f"{page.url}: {msg.text}"
        if any(allowed in text for allowed in self.expected_console):
            return
        self.console_errors.append(text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).hostname != LOCAL_HOST]

    def assert_clean(self) -> None:
        assert not self.page_errors, "uncaught errors in the page:\n" + "\n".join(self.page_errors)
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        assert not self.dialogs, "a dialog opened:\n" + "\n".join(self.dialogs)
        assert not self.foreign_requests(), "requests left 127.0.0.1:\n" + "\n".join(self.foreign_requests())


def wait_network_ready(page, timeout: float = 15_000) -> None:
    """Wait until network.js has drawn (and, with physics, stabilised) the graph."""
    page.wait_for_selector('#network[data-ready="1"]', state="attached", timeout=timeout)


def wait_positions_settle(page, ids: list[str], timeout: float = 10_000) -> None:
    """Wait until the nodes ``ids`` stop moving (physics keeps running after stabilisation)."""
    page.evaluate("window.__lastPositions = null")
    page.wait_for_function(
        """ids => {
            const net = window.ikgNetwork.network;
            const pos = net.getPositions(ids);
            const last = window.__lastPositions || {};
            window.__lastPositions = pos;
            return ids.every(id => last[id] && Math.abs(last[id].x - pos[id].x) < 0.5
                                   && Math.abs(last[id].y - pos[id].y) < 0.5);
        }""",
        arg=ids, polling=150, timeout=timeout,
    )


def node_point(page, node_id: str) -> dict:
    """Where ``node_id`` is on the page (viewport pixels), and which node vis finds there."""
    return page.evaluate(
        """id => {
            const net = window.ikgNetwork.network;
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.querySelector("#network canvas").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y, hit: net.getNodeAt(dom) ?? null};
        }""",
        node_id,
    )


#: Each drawn node's label box in canvas coordinates, from vis-network's own label module (the
#: size it measured with the canvas's text metrics when it last drew), and the pairs that overlap.
LABEL_OVERLAPS_JS = """margin => {
    const net = window.ikgNetwork.network;
    const boxes = [];
    for (const id of window.ikgNetwork.nodes.getIds()) {
        const node = net.body.nodes[id];
        const size = node && node.labelModule && node.labelModule.size;
        if (!size || !size.width || !node.options.label) continue;
        boxes.push({id, l: size.left, t: size.top, r: size.left + size.width, b: size.top + size.height});
    }
    const pairs = [];
    for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], c = boxes[j];
            if (a.l < c.r + margin && c.l < a.r + margin && a.t < c.b + margin && c.t < a.b + margin)
                pairs.push([a.id, c.id]);
        }
    return {labels: boxes.length, pairs};
}"""


def label_overlaps(page, margin: float = 0.0) -> dict:
    """``{"labels": n, "pairs": [[id, id], ...]}``: node labels whose boxes overlap (or come
    within ``margin`` canvas pixels), measured after the caller let the layout settle."""
    page.evaluate("window.ikgNetwork.network.redraw()")
    return page.evaluate(LABEL_OVERLAPS_JS, margin)
