"""What a first visit downloads: a page opened in a fresh browser (empty cache), every response
body counted, by kind (HTML, CSS, JS, fonts, images, search data).

Used by the benchmark (``bench.run``) and by the browser test that holds the site to its
budget (``tests/test_search_browser.py``). Needs Debian's ``chromium`` and Playwright
(``make test`` installs both).

    python -m bench.firstvisit SITE PATH [--search WORDS]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETTLE_MS = 1000  # after the network is idle: time for late requests (a search worker, say)
SEARCH_PATH = "/sok/?q="


@dataclass
class Visit:
    """Bytes of every response of one visit, by address (site-relative) and by kind."""
    files: dict[str, int] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)  # requests that left the site (blocked)
    hits: int | None = None  # for a search: hits on the page

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def by_kind(self) -> dict[str, int]:
        kinds: Counter = Counter()
        for address, size in self.files.items():
            kinds[kind_of(address)] += size
        return dict(kinds)


def kind_of(address: str) -> str:
    path = urlsplit(address).path
    if "/sokeindeks/" in path or path.startswith("/search/") or "/workers/search" in path or "/lunr/" in path:
        return "search"
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else "html"
    return {"html": "html", "css": "css", "js": "js", "mjs": "js", "woff": "font", "woff2": "font", "ttf": "font",
            "otf": "font", "png": "image", "svg": "image", "jpg": "image", "jpeg": "image", "ico": "image",
            "webp": "image", "gif": "image", "json": "search" if "search" in path else "data"}.get(suffix, "other")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, and the site's own 404 page for a missing one (as GitHub Pages does)."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port); yields its base address
    (``http://127.0.0.1:port``). Also used by the browser tests."""
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> str | None:
    return shutil.which("chromium")


def visit(browser, base: str, path: str, wait_for: str | None = None) -> tuple[Visit, object]:
    """Open ``path`` in a new browser context (empty cache) and count what it downloads until
    the network is idle. Requests outside the site are blocked and listed. Returns the visit
    and the page (open; its context is the caller's to close)."""
    context = browser.new_context()
    page = context.new_page()
    result = Visit()

    def route(route_):
        if route_.request.url.startswith(base):
            route_.continue_()
        else:
            result.outside.append(route_.request.url)
            route_.abort()

    def finished(request):
        response = request.response()
        try:
            size = len(response.body()) if response else 0
        except Exception:  # a response without a body (a redirect): nothing downloaded
            size = 0
        address = request.url[len(base):] or "/"
        result.files[address] = result.files.get(address, 0) + size

    context.route("**/*", route)
    page.on("requestfinished", finished)
    page.goto(base + path, wait_until="networkidle")
    if wait_for:
        page.wait_for_selector(wait_for, timeout=30_000)
        page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    return result, page


def measure(site: Path, path: str, search: str | None = None) -> dict[str, Visit]:
    """The first visit to ``path`` and, with ``search``, a first visit to the search page with
    those words (the site's own search page if it has one, else Material's search on the home
    page)."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    if executable is None:
        raise RuntimeError("chromium mangler: kjør «make browser» (som root) eller «apt-get install chromium».")
    visits: dict[str, Visit] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            visits["page"], page = visit(browser, base, path)
            page.context.close()
            if search is not None:
                own = (site / "sok" / "index.html").is_file()
                address = (SEARCH_PATH if own else "/?q=") + quote(search)
                selector = "#sok-status[data-ferdig]" if own else ".md-search-result__meta"
                visits["search"], page = visit(browser, base, address, wait_for=selector)
                hits = ".sok-treff__treff" if own else ".md-search-result__item"
                visits["search"].hits = page.locator(hits).count()
                page.context.close()
        finally:
            browser.close()
    return visits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.firstvisit", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("path", help="the page's address in the site, e.g. /soknader/x/")
    parser.add_argument("--search", help="then search for these words")
    args = parser.parse_args(argv)
    visits = measure(args.site, args.path, args.search)
    print(json.dumps({name: {"total": v.total, "by_kind": v.by_kind, "hits": v.hits, "outside": v.outside,
                             "files": v.files} for name, v in visits.items()}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
