"""Every page type, read at 390 px (a phone), 768 px (a tablet) and 1280 px (a laptop), and on
A4 paper, in chromium: nothing makes the page wider than the screen, every amount in a table
is on the screen without scrolling sideways, the text in the charts is at least 12 px, and the
public pages show neither field paths (``budget.lines[9]``, ``own_contributions``) nor round ids
(``2025-1``) where a reader should see Norwegian. On the real applications and on the varied
test portfolio. Screenshots of every page at every width are kept in
test-artifacts/screenshots/layout/, and four small ones for the README in
test-artifacts/readme/ (also in docs/assets/skjermbilder/ with UPDATE_README_SCREENSHOTS=1,
which `make screenshots` sets)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from browser_support import ARTIFACTS, SiteServer, screenshot, watched_page
from conftest import ROOT
from grant_portfolio.input.labels import schema_fields

pytestmark = [pytest.mark.build, pytest.mark.browser]

WIDTHS = (390, 768, 1280)
HEIGHT = {390: 844, 768: 1024, 1280: 800}
# The printable width of an A4 page with the margins of portfolio.css (210 mm − 2 × 14 mm).
A4_WIDTH = 688
ITEM_FOLDERS = ("soknader", "helsefellesskap", "runder", "kommuner", "tema")
APPLICATIONS_PER_SITE = 3
# Pages meant to be printed before a meeting (the running head in their front matter).
PRINTED = ("budsjett", "helsefellesskap", "helsefellesskap-en", "runder", "runder-en", "kommuner", "kommuner-en")
SEARCH = {"real": "samtalebehandlingen", "varied": "legevakt"}
# Pages for contributors: they name the fields of the files, which is what contributors write.
CONTRIBUTOR_PAGES = ("/bidra/",)
MIN_CHART_TEXT = 12  # CSS px, as drawn

# The schema's English field names a reader could meet as words. Norwegian words that are also
# field names (status, start, rate, note) and words that are not English only are left out.
_NOT_ONLY_ENGLISH = {"status", "start", "rate", "note", "email", "extra", "url", "file", "date", "end", "name"}
FIELD_NAMES = sorted({path.split(".")[-1].removesuffix("[]") for path, _, _ in schema_fields()} - _NOT_ONLY_ENGLISH)
FIELD_PATH = re.compile(r"(?<![\w/.#-])(?:[a-z]+(?:_[a-z]+)*(?:\[\d*\])?\.)*(?:"
                        + "|".join(map(re.escape, FIELD_NAMES)) + r")(?:\[\d*\])?(?![\w=-])"
                        + r"|\b[a-z]+(?:_[a-z]+)*\[\d*\]")
ROUND_ID = re.compile(r"\b\d{4}-\d\b")
URL = re.compile(r"https?://\S+|\b[\w.-]+@[\w.-]+")


def page_list(site: Path, search_word: str) -> dict[str, str]:
    """A name and an address for every page type: every overview and summary page, the largest
    page of each kind of item (the one with most in it), up to APPLICATIONS_PER_SITE
    applications, search with results and the find page."""
    pages: dict[str, str] = {}
    items: dict[str, list[Path]] = {}
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        parts = folder.split("/")
        if folder.startswith(("sokeindeks", "assets")):
            continue
        if len(parts) == 2 and parts[0] in ITEM_FOLDERS:
            items.setdefault(parts[0], []).append(index)
        elif folder == ".":
            pages["forside"] = "/"
        else:
            pages[folder.replace("/", "-")] = f"/{folder}/"
    for folder, files in items.items():
        files.sort(key=lambda path: path.stat().st_size, reverse=True)
        chosen = files[:APPLICATIONS_PER_SITE] if folder == "soknader" else files[:1]
        for n, index in enumerate(chosen):
            name = f"{folder}-en" if n == 0 else f"{folder}-{n + 1}"
            pages[name] = "/" + index.parent.relative_to(site).as_posix() + "/"
    pages["sok"] = f"/sok/?q={search_word}"
    return pages


# What a page shows that does not fit: run in the page, returns lists of problems.
MEASURE = r"""() => {
  const width = document.documentElement.clientWidth;
  const problems = {overflow: [], scrolls: [], amounts: [], charts: [], amountCount: 0};
  const describe = e => {
    const id = e.id ? '#' + e.id : '';
    const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '';
    return e.tagName.toLowerCase() + id + cls + ' «' + (e.innerText || e.textContent || '').trim().slice(0, 40) + '»';
  };
  const shown = e => {
    const style = getComputedStyle(e);
    return style.visibility !== 'hidden' && style.display !== 'none' && e.getClientRects().length > 0;
  };
  const inCode = e => !!e.closest('pre, code, .highlight');
  if (document.documentElement.scrollWidth > width + 1) {
    problems.overflow.push('siden er ' + document.documentElement.scrollWidth + ' px bred i et vindu på ' + width + ' px');
  }
  // Elements that scroll sideways: only code may.
  for (const e of document.querySelectorAll('body *')) {
    if (!shown(e) || inCode(e) || e.closest('.md-sidebar, .md-search, .md-header__title')) continue;
    const style = getComputedStyle(e);
    if (/(auto|scroll)/.test(style.overflowX) && e.scrollWidth > e.clientWidth + 1) {
      problems.scrolls.push(describe(e) + ' ruller sidelengs (' + e.scrollWidth + ' > ' + e.clientWidth + ' px)');
    }
  }
  // Elements of the content whose right edge is beyond the window.
  for (const e of document.querySelectorAll('.md-content *, .md-header *, .md-footer *')) {
    if (!shown(e) || inCode(e)) continue;
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      let clipped = false;
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o !== 'visible' && a.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
      }
      if (!clipped || e.matches('td, th')) problems.overflow.push(describe(e) + ' går til ' + Math.round(box.right) + ' px');
    }
  }
  // Every amount in a table on the screen, without scrolling.
  for (const cell of document.querySelectorAll('article td, article th')) {
    if (!shown(cell) || !/\d\s?kr\b/.test(cell.innerText)) continue;
    problems.amountCount += 1;
    const box = cell.getBoundingClientRect();
    let inside = box.left >= -1 && box.right <= width + 1 && box.width > 0;
    for (let a = cell.parentElement; inside && a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const frame = a.getBoundingClientRect();
      inside = box.left >= frame.left - 1 && box.right <= frame.right + 1;
    }
    if (!inside) problems.amounts.push(describe(cell) + ' er utenfor skjermen (' + Math.round(box.left) + '–' + Math.round(box.right) + ' px)');
  }
  // Chart text as drawn: the font size times the scale of the drawing.
  for (const text of document.querySelectorAll('article svg text')) {
    if (!shown(text) || !shown(text.ownerSVGElement)) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
    if (size < %MIN% - 0.05) problems.charts.push('«' + text.textContent.slice(0, 30) + '» er ' + size.toFixed(1) + ' px');
  }
  return problems;
}""".replace("%MIN%", str(MIN_CHART_TEXT))

# The open data page names the files' keys, as code, for those who reuse the data: only its text
# outside code is read.
KEYS_AS_CODE = ("/data/",)
VISIBLE_TEXT = """(outsideCode) => {
  const root = document.querySelector('article') || document.body;
  if (!outsideCode) return root.innerText;
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), texts = [];
  while (walk.nextNode()) {
    const parent = walk.currentNode.parentElement;
    if (!parent.closest('code') && parent.checkVisibility()) texts.push(walk.currentNode.textContent);
  }
  return texts.join(' ');
}"""


def words_for_developers(text: str) -> list[str]:
    """Field paths and round ids in what a reader sees."""
    text = URL.sub(" ", text)
    found = [m.group(0) for m in FIELD_PATH.finditer(text)] + [m.group(0) for m in ROUND_ID.finditer(text)]
    return sorted(set(found))


def check_page(page, base: str, path: str, width: int, name: str, folder: str, media: str = "screen") -> list[str]:
    page.emulate_media(media=media)
    response = page.goto(base + path, wait_until="load")
    problems = [] if response.ok else [f"status {response.status}"]
    if path.startswith("/sok/"):
        page.wait_for_selector(".sok-treff__treff", timeout=10_000)
    result = page.evaluate(MEASURE)
    problems += result["overflow"][:8] + result["scrolls"][:8] + result["amounts"][:8] + result["charts"][:8]
    if media == "screen" and not path.startswith(CONTRIBUTOR_PAGES):
        problems += [f"utviklerord i teksten: {word}" for word in words_for_developers(page.evaluate(VISIBLE_TEXT, path in KEYS_AS_CODE))]
    screenshot(page, f"{name}-{width}{'-utskrift' if media == 'print' else ''}", under=f"layout/{folder}", jpeg=True)
    return problems


SITES = {"real": "real_site", "varied": "varied_site"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", SITES)
def test_every_page_fits_the_screen(request, browser, which, width):
    site = request.getfixturevalue(SITES[which])
    failures: dict[str, list[str]] = {}
    with SiteServer(site) as base:
        page, watch = watched_page(browser, viewport={"width": width, "height": HEIGHT[width]},
                                   is_mobile=width < 500, has_touch=width < 500)
        pages = page_list(site, SEARCH[which])
        assert {"soknader-en", "helsefellesskap-en", "runder-en", "kommuner-en", "budsjett", "finn", "sok"} <= set(pages)
        for name, path in pages.items():
            problems = check_page(page, base, path, width, name, f"{which}")
            if problems:
                failures[f"{name} ({path})"] = problems
        problems = watch.problems()
        page.context.close()
    assert not problems, problems
    assert not failures, f"{which}, {width} px:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(items) for name, items in failures.items())


@pytest.mark.parametrize("which", SITES)
def test_printed_pages_fit_the_paper(request, browser, which):
    site = request.getfixturevalue(SITES[which])
    failures: dict[str, list[str]] = {}
    with SiteServer(site) as base:
        page, _ = watched_page(browser, viewport={"width": A4_WIDTH, "height": 1000})
        for name, path in page_list(site, SEARCH[which]).items():
            if name in PRINTED:
                problems = check_page(page, base, path, A4_WIDTH, name, which, media="print")
                # On paper the tables keep their columns, with every amount.
                stacked = page.evaluate("document.querySelectorAll('table[data-stacked]').length")
                problems += [f"{stacked} tabeller vist som rader på papir"] if stacked else []
                if problems:
                    failures[f"{name} ({path})"] = problems
        page.context.close()
    assert not failures, "\n".join(f"{name}:\n  " + "\n  ".join(items) for name, items in failures.items())


def test_narrow_tables_are_labelled_rows_with_the_amount_first(real_site, browser):
    """On a phone a table's row is a block: the row's name and its first amount on the first line,
    every other cell under its column's heading, and the sum row kept."""
    with SiteServer(real_site) as base:
        page, _ = watched_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
        page.goto(base + "/helsefellesskap/")
        rows = page.eval_on_selector_all("article table[data-stack] tbody tr", """rows => rows.map(row => {
            const cells = [...row.children].filter(c => c.getClientRects().length);
            const top = c => Math.round(c.getBoundingClientRect().top);
            const lead = row.querySelector('[data-lead]');
            return {
              sum: row.hasAttribute('data-sum'),
              leadOnFirstLine: !!lead && Math.abs(lead.getBoundingClientRect().top - cells[0].getBoundingClientRect().top) < 4,
              labels: cells.slice(1).map(c => getComputedStyle(c, '::before').content),
              lines: new Set(cells.map(top)).size,
            };
        })""")
        page.context.close()
    assert rows and rows[-1]["sum"], "summeraden mangler"
    for row in rows:
        assert row["leadOnFirstLine"], row
        assert all(label.startswith('"') and len(label) > 2 for label in row["labels"]), row
        assert row["lines"] > 2, row


# Screenshots for the README ----------------------------------------------------------------

README_PAGES = {"soknad": "/soknader/drop-in-samtalebehandling/", "helsefellesskap": "/helsefellesskap/troms-og-ofoten/"}
README_VIEWPORTS = {"pc": ({"width": 1280, "height": 800}, 0.5), "mobil": ({"width": 390, "height": 760}, 1)}
README_MAX_BYTES = 150_000


def test_small_screenshots_for_the_readme(real_site, browser):
    """An application page and a community page, on a laptop and a phone: the top of the page
    as the reader first sees it, drawn at a reduced scale so each file stays small."""
    out = ARTIFACTS / "readme"
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with SiteServer(real_site) as base:
        for kind, path in README_PAGES.items():
            for device, (viewport, scale) in README_VIEWPORTS.items():
                page, _ = watched_page(browser, viewport=viewport, device_scale_factor=scale,
                                       is_mobile=viewport["width"] < 500)
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{kind}-{device}.png"
                page.screenshot(path=str(target))
                page.context.close()
                assert target.stat().st_size < README_MAX_BYTES, f"{target.name}: {target.stat().st_size} byte"
                written.append(target)
    if os.environ.get("UPDATE_README_SCREENSHOTS") == "1":
        docs = ROOT / "docs" / "assets" / "skjermbilder"
        docs.mkdir(parents=True, exist_ok=True)
        for target in written:
            shutil.copy(target, docs / target.name)


# The checks themselves, on text ---------------------------------------------------------------

def test_developer_words_are_found_and_ordinary_words_are_not():
    assert words_for_developers("Se budget.lines[9] og feltet own_contributions.") == ["budget.lines[9]", "own_contributions"]
    assert words_for_developers("Kommunene (municipalities) i runde 2025-1.") == ["2025-1", "municipalities"]
    assert words_for_developers("Status: innvilget 2. mai 2025-05-02, side 12-3 av 20.") == []
    assert words_for_developers("Les https://example.org/lessons og skriv til a.b@example.org.") == []
