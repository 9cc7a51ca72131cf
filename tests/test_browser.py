"""The built site in a real browser (Debian's chromium through Playwright), served on 127.0.0.1:
one page of every type passes axe-core's WCAG 2.1 A and AA rules, asks no other host for
anything, sets no cookie and runs without script errors; the keyboard reaches and works every
control, with visible focus, on wide and narrow screens. Screenshots are kept in
test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import SiteServer, axe_source, axe_violations, screenshot, watched_page

pytestmark = [pytest.mark.build, pytest.mark.browser]

# Folders with one generated page per application, community, round, municipality or theme:
# one page of each is visited. Every other page is visited.
ITEM_FOLDERS = ("soknader", "helsefellesskap", "runder", "kommuner", "tema")
SEARCH_WORD = "samtalebehandlingen"  # the drop-in application has "samtalebehandling": found by its stem
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}  # a phone; also a wide screen zoomed to 330 %


def page_types(site: Path) -> dict[str, str]:
    """A name and an address for one page of every type in the built site."""
    pages: dict[str, str] = {}
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        parts = folder.split("/")
        if len(parts) == 2 and parts[0] in ITEM_FOLDERS:
            pages.setdefault(f"{parts[0]}-en", f"/{folder}/")
        elif folder == ".":
            pages["forside"] = "/"
        else:
            pages[folder.replace("/", "-")] = f"/{folder}/"
    pages["sok"] = f"/sok/?q={SEARCH_WORD}"
    pages["404"] = "/finnes-ikke/"
    return pages


@pytest.fixture(scope="module")
def served(real_site):
    with SiteServer(real_site) as base:
        yield base


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


def test_every_page_type_is_accessible_private_and_free_of_script_errors(real_site, served, browser, axe):
    pages = page_types(real_site)
    expected = {"forside", "finn", "soknader", "soknader-en", "helsefellesskap", "helsefellesskap-en", "runder", "runder-en",
                "kommuner", "kommuner-en", "tema", "tema-en", "budsjett", "erfaringer", "erfaringer-referanser",
                "erfaringer-relaterte", "data", "datakvalitet", "om-oversiktene", "bidra", "bidra-mal", "bidra-felt",
                "bidra-feilmeldinger", "tilgjengelighet", "personvern", "sok", "404"}
    assert expected <= set(pages), f"sidetyper som mangler: {sorted(expected - set(pages))}"
    failures: dict[str, list[str]] = {}
    for name, path in pages.items():
        page, watch = watched_page(browser, viewport=WIDE)
        problems: list[str] = []
        response = page.goto(served + path, wait_until="load")
        if name == "sok":
            page.wait_for_selector(".sok-treff__treff", timeout=10_000)
        elif name == "404":
            problems += [] if response.status == 404 else [f"status {response.status}, ikke 404"]
        else:
            problems += [] if response.ok else [f"status {response.status}"]
        problems += [f"språket er {lang!r}, ikke nb"
                     for lang in [page.evaluate("document.documentElement.lang")] if lang != "nb"]
        problems += [f"informasjonskapsel satt: {cookie}" for cookie in [page.evaluate("document.cookie")] if cookie]
        problems += [f"lagret i nettleseren: {stored}" for stored in [page.evaluate(
            "Object.keys(localStorage).concat(Object.keys(sessionStorage))")] if stored]
        problems += [f"tabell uten overskriftsceller: {html[:80]}" for html in page.eval_on_selector_all(
            "article table", "tables => tables.filter(t => !t.querySelector('th')).map(t => t.outerHTML)")]
        problems += axe_violations(page, axe)
        screenshot(page, name)
        problems += watch.problems()
        if problems:
            failures[f"{name} ({path})"] = problems
        page.context.close()
    assert not failures, "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in failures.items())


def test_narrow_screen_pages_pass_axe_too(real_site, served, browser, axe):
    failures = {}
    for path in ("/", "/soknader/drop-in-samtalebehandling/", "/budsjett/"):
        page, watch = watched_page(browser, viewport=NARROW, is_mobile=True, has_touch=True)
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        problems = axe_violations(page, axe) + watch.problems()
        screenshot(page, "smal-" + (path.strip("/").replace("/", "-") or "forside"))
        if problems:
            failures[path] = problems
        page.context.close()
    assert not failures, failures


def test_charts_have_text_alternatives_and_the_figures_as_a_table(served, browser):
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(served + "/budsjett/")
    charts = page.eval_on_selector_all("article svg", """charts => charts.map(svg => ({
        role: svg.getAttribute('role'),
        name: svg.getAttribute('aria-label') || [...(svg.getAttribute('aria-labelledby') || '').split(' ')]
              .map(id => id && document.getElementById(id)?.textContent).join(' ').trim(),
        table: !!svg.closest('figure')?.parentElement.querySelector('table th')}))""")
    assert charts, "budsjettsiden har ingen diagrammer"
    for chart in charts:
        assert chart["role"] == "img" and chart["name"], chart
        assert chart["table"], "diagrammet har ingen tabell med tallene ved siden av seg"
    assert not watch.problems()
    page.context.close()


# Keyboard ----------------------------------------------------------------------------------

DESCRIBE_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e), box = e.getBoundingClientRect();
  return {
    id: e.dataset.kb || null,
    what: e.tagName.toLowerCase() + ' «' + (e.getAttribute('aria-label') || e.textContent || e.placeholder || '').trim().slice(0, 40) + '»',
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    seen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
          && box.top < innerHeight && box.left < innerWidth && style.visibility !== 'hidden',
  };
}"""

MARK_CONTROLS = """() => {
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true})
                 && e.getBoundingClientRect().width > 0 && !e.closest('[hidden], [inert]') && e.tabIndex >= 0);
  controls.forEach((e, i) => e.dataset.kb = String(i));
  return controls.map(e => e.tagName.toLowerCase() + ' «' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40) + '»');
}"""


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab until the focus leaves the page or comes round again; what got focus, in order."""
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(DESCRIBE_FOCUS)
        if focus is None or (seen and focus["id"] is not None and focus["id"] == seen[0]["id"]):
            break
        seen.append(focus)
    return seen


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["bred", "smal"])
def test_tab_reaches_every_control_on_the_home_page_with_visible_focus(served, browser, viewport):
    page, watch = watched_page(browser, viewport=viewport)
    page.goto(served + "/")
    page.wait_for_load_state("networkidle")
    controls = page.evaluate(MARK_CONTROLS)
    focused = tab_through(page)
    assert focused and focused[0]["what"] == "a «Gå til innhold»", focused[:1]
    hidden = [f["what"] for f in focused if not f["seen"]]
    assert not hidden, f"fokus på noe som ikke synes: {hidden}"
    ringless = [f["what"] for f in focused if not f["ring"]]
    assert not ringless, f"fokus uten synlig markering: {ringless}"
    reached = {int(f["id"]) for f in focused if f["id"] is not None}
    missed = [what for index, what in enumerate(controls) if index not in reached]
    assert not missed, f"nås ikke med Tab: {missed}"
    if viewport is WIDE:
        texts = [f["what"] for f in focused]
        for section in ("Søknader", "Helsefellesskap", "Budsjett", "Åpne data"):
            assert f"a «{section}»" in texts, f"hovedmenyens «{section}» nås ikke"
    assert not watch.problems()
    page.context.close()


def focus_by_tab(page, what: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(DESCRIBE_FOCUS)
        if focus and focus["what"] == what:
            return
    pytest.fail(f"nådde ikke {what} med Tab")


def test_main_navigation_works_by_keyboard(served, browser):
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(served + "/")
    focus_by_tab(page, "a «Helsefellesskap»")
    page.keyboard.press("Enter")
    page.wait_for_url("**/helsefellesskap/")
    assert page.locator("h1").inner_text() == "Helsefellesskap"
    assert not watch.problems()
    page.context.close()


def test_menu_opens_and_navigates_by_keyboard_on_a_narrow_screen(served, browser):
    page, watch = watched_page(browser, viewport=NARROW)
    page.goto(served + "/")
    page.wait_for_load_state("networkidle")
    focus_by_tab(page, "label «Navigasjon»")
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked()
    focus_by_tab(page, "a «Runder»", limit=40)
    assert page.evaluate(DESCRIBE_FOCUS)["seen"], "menylenken har fokus, men synes ikke"
    page.keyboard.press("Enter")
    page.wait_for_url("**/runder/")
    assert not watch.problems()
    page.context.close()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["bred", "smal"])
def test_search_is_usable_by_keyboard(served, browser, viewport):
    """From any page: the header's search (a field on wide screens, a button that opens the
    search page on narrow ones), the words, Enter, then Tab to the first hit and Enter."""
    page, watch = watched_page(browser, viewport=viewport)
    page.goto(served + "/")
    page.wait_for_load_state("networkidle")
    if viewport is NARROW:
        focus_by_tab(page, "button «Søk»")
        page.keyboard.press("Enter")
        page.wait_for_url("**/sok/?q=")
        assert page.evaluate("document.activeElement.id") == "sok-felt", "søkefeltet har ikke fokus"
    else:
        focus_by_tab(page, "input «Søk»", limit=20)
    page.keyboard.type(SEARCH_WORD)
    page.keyboard.press("Enter")
    page.wait_for_selector(".sok-treff__treff")
    page.wait_for_function("() => document.getElementById('sok-status').textContent.includes('treff for')")
    assert "drop-in-samtalebehandling" in page.locator(".sok-treff__tittel a").first.get_attribute("href")
    focus_by_tab(page, "a «Drop in samtalebehandling – psykisk hels»", limit=10)
    page.keyboard.press("Enter")
    page.wait_for_url("**/soknader/drop-in-samtalebehandling/**")
    assert not watch.problems()
    page.context.close()


def test_the_watch_sees_alerts_script_errors_and_requests_elsewhere(served, browser):
    """The checks above could pass by seeing nothing: here each one is made to see something."""
    page, watch = watched_page(browser)
    page.set_content('<img src="x" onerror="alert(1)"><img src="https://tredjepart.example/sporing.gif">'
                     '<script>undefinedFunction()</script>')
    page.wait_for_timeout(200)
    assert watch.dialogs == ["1"]
    assert watch.blocked == ["https://tredjepart.example/sporing.gif"]
    assert watch.errors == ["undefinedFunction is not defined"]
    page.context.close()


def test_the_accessibility_statement_names_the_axe_version_the_tests_use():
    import json

    from conftest import ROOT

    lock = json.loads((ROOT / "tests" / "browser" / "package-lock.json").read_text("utf-8"))
    version = lock["packages"]["node_modules/axe-core"]["version"]
    statement = (ROOT / "docs" / "tilgjengelighet.md").read_text("utf-8")
    assert f"versjon {version}" in statement
    assert f"axe-core {version}" in (ROOT / "README.md").read_text("utf-8")
