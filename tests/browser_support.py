"""Helpers for the browser tests: serve a built site on 127.0.0.1, open its pages in chromium
with every request to another host blocked and counted, and run axe-core in them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench.firstvisit import serve
from conftest import ROOT, require

# axe-core, the accessibility engine, from its npm package (tests/browser/package.json; `make
# test` installs it with `npm ci`).
AXE_PATH = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
AXE_LOCALE = AXE_PATH.parent / "locales" / "nb.json"
# WCAG 2.0 and 2.1, levels A and AA: what the Norwegian regulations on universal design require.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "test-artifacts"))
LOCAL_HOST = "127.0.0.1"


def axe_source() -> str:
    if not AXE_PATH.is_file():
        require("axe-core", "make browser, som kjører «npm ci --prefix tests/browser»")
    locale = AXE_LOCALE.read_text("utf-8")
    return AXE_PATH.read_text("utf-8") + f"\n;axe.configure({{locale: {locale}}});"


class SiteServer:
    """``with SiteServer(site) as base:`` serves the folder at ``base`` (http://127.0.0.1:port),
    with the site's 404 page for missing files (``bench.firstvisit.serve``)."""

    def __init__(self, site: Path):
        self.site = site

    def __enter__(self) -> str:
        self._serving = serve(self.site)
        return self._serving.__enter__()

    def __exit__(self, *exc) -> None:
        self._serving.__exit__(*exc)


@dataclass
class Watch:
    """What a page did that it must not: requests to other hosts (blocked), dialogs (an
    injected ``alert()``), script errors."""

    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"forespørsel til en annen vert: {url}" for url in self.blocked]
                + [f"dialog åpnet (skript kjørte): {text}" for text in self.dialogs]
                + [f"skriptfeil: {text}" for text in self.errors])


def watched_page(browser, **context_options):
    """A new page whose requests may only go to 127.0.0.1; returns ``(page, watch)``."""
    context = browser.new_context(locale="nb-NO", **context_options)
    watch = Watch()

    def route(route):
        if urlsplit(route.request.url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            watch.blocked.append(route.request.url)
            route.abort()

    context.route(re.compile(r".*"), route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return page, watch


def axe_violations(page, axe: str) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page, one line per rule and element."""
    page.add_script_tag(content=axe)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA_TAGS)
    return [f"{v['id']} ({v['impact']}): {' '.join(node['target'][0] if isinstance(node['target'][0], str) else str(node['target']) for node in v['nodes'][:5])}: {v['help']}"
            for v in result["violations"]]


def screenshot(page, name: str, under: str = "", jpeg: bool = False) -> Path:
    """A full-page screenshot kept as a test artifact (test-artifacts/screenshots/, in the
    subfolder ``under``); as JPEG, quicker to write and smaller, with ``jpeg``."""
    folder = ARTIFACTS / "screenshots" / under
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.{'jpg' if jpeg else 'png'}"
    page.screenshot(path=str(path), full_page=True, **({"type": "jpeg", "quality": 70} if jpeg else {}))
    return path
