"""The maps (issue 23) in a real browser (Debian's chromium through Playwright), on the real
site and the varied test portfolio: the overview map links every municipality in the region, in
the order of the tables on /kommuner/, with a name that carries the table's figures; the keyboard
walks through the links in that order with a visible focus; the pages with maps that
tests/test_browser.py does not visit pass axe-core; the map fits a phone and A4 paper with
numbers large enough to read; the municipality pages give the parallel names in their
languages; the locator maps are images named for what they show.

Screenshots of the overview map are kept in test-artifacts/screenshots/kart/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import ARTIFACTS, SiteServer, axe_source, axe_violations, watched_page
from conftest import NBSP, amount
from grant_portfolio.pages.maps import NAMED_IN_TITLE

pytestmark = [pytest.mark.build, pytest.mark.browser]

WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 390, "height": 844}
A4_WIDTH = 688  # the printable width of A4 with the margins of portfolio.css (210 mm − 2 × 14 mm)
A4_HEIGHT = round((297 - 18 - 16) / 25.4 * 96)  # and its printable height (the @page margins)
MIN_MAP_TEXT = 12  # CSS px, as drawn
OVERVIEW = "figure.kart--oversikt"
OVERVIEW_PAGES = {"forside": "/", "kommuner": "/kommuner/"}
SITES = {"real": "real_site", "varied": "varied_site"}
SHOTS = ARTIFACTS / "screenshots" / "kart"

# A municipality's link on a map: «Tromsø: 2 søknader, 7 097 515 kr søkt» or «Bardu: ingen søknader».
LABEL = re.compile(r"(?P<name>[^:]+): (?:(?P<none>ingen søknader)"
                   r"|(?P<count>\d+) (?P<noun>søknad|søknader), (?P<amount>\d{1,3}(?: \d{3})* kr) søkt)")


def plain(text: str) -> str:
    """Non-breaking and repeated spaces as one ordinary space."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def norwegian_order(name: str) -> list[int]:
    """Sorting as a Norwegian reader expects: … x y z æ ø å, without regard to case. Written
    here, not taken from the code, so the order the pages give is checked against it."""
    alphabet = "abcdefghijklmnopqrstuvwxyzæøå"
    return [alphabet.index(c) if c in alphabet else 100 + ord(c) for c in name.lower()]


def figures(label: str) -> tuple[str, int, int]:
    """The name, number of applications and requested amount a map link's name gives."""
    match = LABEL.fullmatch(plain(label))
    assert match, f"navnet på lenken har ikke formen «Kommune: N søknader, X kr søkt»: {label!r}"
    if match["none"]:
        return match["name"], 0, 0
    count = int(match["count"])
    assert match["noun"] == ("søknad" if count == 1 else "søknader"), f"feil tallform: {label!r}"
    return match["name"], count, amount(match["amount"])


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


@pytest.fixture(scope="module")
def served(real_site, varied_site):
    """Both sites served for the whole module: {"real": (site, base), "varied": (site, base)}."""
    with SiteServer(real_site) as real, SiteServer(varied_site) as varied:
        yield {"real": (real_site, real), "varied": (varied_site, varied)}


# What the pages say ------------------------------------------------------------------------

# The tables on /kommuner/: for each community (its heading), the municipalities with
# applications (name, address, the two figures) and those «Ikke med i noen søknad ennå».
TABLES = r"""() => {
  const sections = [];
  for (const e of document.querySelectorAll('article h2, article table, article p')) {
    if (e.tagName === 'H2') { sections.push({community: e.textContent.trim(), id: e.id, rows: [], others: []}); continue; }
    const section = sections[sections.length - 1];
    if (!section) continue;
    if (e.tagName === 'TABLE') {
      for (const row of e.querySelectorAll('tbody tr')) {
        const link = row.cells[0].querySelector('a');
        if (!link) continue;  // the sum
        section.rows.push({name: link.textContent.trim(), path: new URL(link.href).pathname,
                           count: row.cells[1].textContent.trim(), requested: row.cells[2].textContent.trim()});
      }
    } else if (/med i noen søknad ennå/i.test(e.textContent)) {
      for (const link of e.querySelectorAll('a')) {
        section.others.push({name: link.textContent.trim(), path: new URL(link.href).pathname});
      }
    }
  }
  return sections.filter(s => s.id !== 'i-alt');
}"""

# The overview map's links, by the groups they are in.
MAP_LINKS = r"""(selector) => {
  const svg = document.querySelector(selector + ' svg');
  return {
    links: svg.querySelectorAll('a').length,
    groups: [...svg.querySelectorAll('g[role=group]')].map(g => ({
      community: g.getAttribute('aria-label'),
      links: [...g.querySelectorAll('a')].map(a => ({
        label: a.getAttribute('aria-label'),
        path: new URL(a.getAttribute('href'), document.baseURI).pathname,
        shape: a.querySelector('path') ? a.querySelector('path').getBBox().width : 0,
      })),
    })),
  };
}"""


def accessible_link_names(page, selector: str) -> list[str]:
    """The names of the links as chromium's accessibility tree gives them, in order."""
    snapshot = page.locator(selector).aria_snapshot()
    return [plain(name) for name in re.findall(r'link "((?:[^"\\]|\\.)*)"', snapshot)]


def heading(site: Path, path: str) -> str | None:
    """The h1 of a built page, or None if there is no such page."""
    file = site / path.strip("/") / "index.html"
    if not file.is_file():
        return None
    match = re.search(r"<h1[^>]*>(.*?)</h1>", file.read_text("utf-8"), re.S)
    return plain(re.sub(r"<[^>]+>", "", match[1])) if match else None


@pytest.fixture(scope="module")
def tables(served, browser):
    """The tables of /kommuner/ on each site, read once."""
    found = {}
    for which, (_, base) in served.items():
        page, _ = watched_page(browser, viewport=WIDE)
        page.goto(base + "/kommuner/")
        found[which] = page.evaluate(TABLES)
        page.context.close()
    return found


@pytest.mark.parametrize("where", OVERVIEW_PAGES)
@pytest.mark.parametrize("which", SITES)
def test_overview_map_links_every_municipality_in_the_order_of_the_tables(served, tables, browser, scheme, which, where):
    site, base = served[which]
    sections = tables[which]
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(base + OVERVIEW_PAGES[where])
    found = page.evaluate(MAP_LINKS, OVERVIEW)
    names = accessible_link_names(page, f"{OVERVIEW} svg")
    problems = watch.problems()
    page.context.close()
    assert not problems, problems

    # Every municipality of the scheme, once, and nothing else.
    assert len(scheme.municipality_by_name) == 80
    assert found["links"] == 80, f"{found['links']} lenker i kartet, ikke 80"
    links = [link for group in found["groups"] for link in group["links"]]
    assert len(links) == 80, "lenker i kartet utenfor gruppene for helsefellesskapene"
    assert sorted(figures(link["label"])[0] for link in links) == sorted(scheme.municipality_by_name)

    # The communities in the scheme's order, as the headings on /kommuner/.
    communities = [c.name for c in scheme.health_communities]
    assert [group["community"] for group in found["groups"]] == communities
    assert [section["community"] for section in sections] == communities

    for group, section, community in zip(found["groups"], sections, scheme.health_communities):
        listed = section["rows"] + section["others"]
        # The tables' own order agrees with a Norwegian sort written here.
        expected = sorted((item["name"] for item in listed), key=norwegian_order)
        with_applications = [row["name"] for row in section["rows"]]
        assert [n for n in expected if n in with_applications] == with_applications, f"tabellen: {community.name}"
        assert [n for n in expected if n not in with_applications] == [o["name"] for o in section["others"]], \
            f"«Ikke med i noen søknad ennå»: {community.name}"
        assert sorted(expected) == sorted(community.municipalities), community.name
        assert [figures(link["label"])[0] for link in group["links"]] == expected, f"rekkefølgen i kartet: {community.name}"

        # Each link goes to the municipality's page, the one the table links to.
        page_of = {item["name"]: item["path"] for item in listed}
        for link in group["links"]:
            name = figures(link["label"])[0]
            assert link["path"] == page_of[name], (name, link["path"], page_of[name])
            assert re.fullmatch(r"/kommuner/[a-z0-9-]+/", link["path"]), link["path"]
            assert heading(site, link["path"]) == name, f"{link['path']} er ikke siden til {name}"
            assert link["shape"] > 0, f"{name} har ingen form i kartet"

    # The names a screen reader hears are the links' labels, in the same order.
    assert names == [plain(link["label"]) for link in links]


@pytest.mark.parametrize("which", SITES)
def test_the_names_of_the_links_give_the_figures_of_the_table(served, tables, browser, which):
    """«<Navn>: N søknader, X kr søkt» as the table on /kommuner/ has it, on both overview
    maps; a municipality in no application is «ingen søknader»."""
    _, base = served[which]
    expected: dict[str, tuple[str, int, int]] = {}
    for section in tables[which]:
        for row in section["rows"]:
            expected[row["name"]] = (row["name"], int(plain(row["count"])), amount(row["requested"]))
            assert expected[row["name"]][1] > 0 and expected[row["name"]][2] is not None, row
        for other in section["others"]:
            expected[other["name"]] = (other["name"], 0, 0)
    assert len(expected) == 80
    for where, path in OVERVIEW_PAGES.items():
        page, _ = watched_page(browser, viewport=WIDE)
        page.goto(base + path)
        names = accessible_link_names(page, f"{OVERVIEW} svg")
        page.context.close()
        said = {figures(name)[0]: figures(name) for name in names}
        wrong = {name: (said.get(name), figure) for name, figure in expected.items() if said.get(name) != figure}
        assert not wrong, f"{which}, {where}: kart ≠ tabell (kart, tabell): {wrong}"
    if which == "varied":
        # Several applications per municipality, and some in none: both forms are met.
        counts = [figure[1] for figure in expected.values()]
        assert max(counts) >= 3 and counts.count(1) and counts.count(0), counts


# Keyboard ----------------------------------------------------------------------------------

# Every element Tab can reach, in document order; marks them with data-kart-tab.
TABBABLE = r"""() => {
  const all = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => e.checkVisibility({visibilityProperty: true}) && e.getClientRects().length
                 && !e.closest('[hidden], [inert]') && e.tabIndex >= 0);
  all.forEach((e, i) => e.dataset.kartTab = String(i));
  const first = all.findIndex(e => e.closest('figure.kart--oversikt'));
  return {first, count: all.filter(e => e.closest('figure.kart--oversikt')).length};
}"""

# How an element looks, for its focus: its outline and its shape's stroke.
LOOK = r"""(e) => {
  const style = getComputedStyle(e), shape = e.querySelector('path');
  const stroke = shape ? getComputedStyle(shape) : null;
  return {outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
          ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          stroke: stroke ? stroke.stroke + ' ' + stroke.strokeWidth : ''};
}"""

FOCUSED = r"""() => {
  const e = document.activeElement, box = e.getBoundingClientRect();
  return {tab: e.dataset.kartTab ?? null, label: e.getAttribute('aria-label'),
          inMap: !!e.closest('figure.kart--oversikt'),
          seen: box.width > 0 && box.top < innerHeight && box.bottom > 0 && box.left < innerWidth && box.right > 0};
}"""


@pytest.mark.parametrize("where", OVERVIEW_PAGES)
def test_tab_walks_the_map_in_order_with_a_visible_focus(served, browser, where):
    _, base = served["real"]
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(base + OVERVIEW_PAGES[where])
    page.wait_for_load_state("networkidle")
    marks = page.evaluate(TABBABLE)
    assert marks["count"] == 80, f"{marks['count']} av kartets 80 lenker kan nås med Tab"
    links = page.locator(f"{OVERVIEW} svg a")
    labels = links.evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
    unfocused = [links.nth(i).evaluate(LOOK) for i in range(80)]
    figure = page.locator(OVERVIEW)
    before = figure.screenshot()

    # From the last control before the map, Tab goes into it.
    assert marks["first"] > 0, "ingenting å gå fra før kartet"
    page.locator(f'[data-kart-tab="{marks["first"] - 1}"]').focus()
    walked, ringless, hidden, same_look = [], [], [], []
    for step in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        walked.append(focus["label"] if focus["inMap"] else f"utenfor kartet: {focus}")
        look = page.evaluate("() => (" + LOOK + ")(document.activeElement)")
        if not focus["seen"]:
            hidden.append(focus["label"])
        if not look["ring"]:
            ringless.append(focus["label"])
        if step < len(unfocused) and look == unfocused[step]:
            same_look.append(focus["label"])
        if step < 3:
            # The focus can be seen in the drawing itself, not only in the computed style.
            drawn = figure.screenshot()
            assert drawn != before, f"fokus på {focus['label']} synes ikke i kartet"
            if step == 0:
                SHOTS.mkdir(parents=True, exist_ok=True)
                (SHOTS / f"fokus-{where}-1280.png").write_bytes(drawn)
    assert walked == labels, "Tab går ikke gjennom kartet i tabellenes rekkefølge"
    assert not hidden, f"fokus utenfor skjermen: {hidden}"
    assert not ringless, f"fokus uten synlig ring: {ringless}"
    assert not same_look, f"ser likedan ut med og uten fokus: {same_look}"
    page.keyboard.press("Tab")
    assert not page.evaluate(FOCUSED)["inMap"], "Tab kommer ikke ut av kartet etter siste kommune"
    assert not watch.problems(), watch.problems()
    page.context.close()


def test_enter_on_a_map_link_opens_the_municipality(served, browser):
    _, base = served["real"]
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(base + "/kommuner/")
    first = page.locator(f"{OVERVIEW} svg a").first
    name = figures(first.get_attribute("aria-label"))[0]
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.locator("article h1").inner_text() == name
    assert not watch.problems(), watch.problems()
    page.context.close()


# axe-core ----------------------------------------------------------------------------------

# tests/test_browser.py already runs axe on the home page, /kommuner/, one application page (the
# first), one community page (finnmark) and one municipality page (alstahaug, with no parallel
# name), all on the real site. Here: the pages with maps it does not visit.
AXE_PAGES = {
    "real": ["/helsefellesskap/troms-og-ofoten/", "/kommuner/kautokeino/", "/kommuner/nordreisa/",
             "/kommuner/storfjord/", "/soknader/forprosjekt-samordning-psykisk-helsevern-og-rus/"],
    # Darker bands (several applications per municipality), and an application of three municipalities.
    "varied": ["/", "/kommuner/", "/kommuner/tromso/", "/soknader/k-tromso-malselv-balsfjord/"],
}


@pytest.mark.parametrize("which", SITES)
def test_pages_with_maps_pass_axe(served, browser, axe, which):
    _, base = served[which]
    failures = {}
    for path in AXE_PAGES[which]:
        page, watch = watched_page(browser, viewport=WIDE)
        response = page.goto(base + path)
        problems = ([] if response.ok else [f"status {response.status}"]) + axe_violations(page, axe) + watch.problems()
        if problems:
            failures[path] = problems
        page.context.close()
    assert not failures, "\n".join(f"{path}:\n  " + "\n  ".join(items) for path, items in failures.items())


# Screens and paper -------------------------------------------------------------------------

MEASURE = r"""(selector) => {
  const figure = document.querySelector(selector), svg = figure.querySelector('svg');
  const box = svg.getBoundingClientRect(), outer = figure.getBoundingClientRect();
  return {
    viewport: document.documentElement.clientWidth,
    page: document.documentElement.scrollWidth,
    svg: {left: box.left, right: box.right, width: box.width, height: box.height},
    figure: {left: outer.left, right: outer.right, width: outer.width, height: outer.height},
    breakInside: getComputedStyle(figure).breakInside,
    numbers: [...svg.querySelectorAll('.kart__merker text')].map(t => ({
      text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a})),
  };
}"""


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "390"])
@pytest.mark.parametrize("which", SITES)
def test_the_overview_map_fits_the_screen_with_readable_numbers(served, browser, scheme, which, viewport):
    _, base = served[which]
    width = viewport["width"]
    narrow = width < 500
    SHOTS.mkdir(parents=True, exist_ok=True)
    failures = {}
    for where, path in OVERVIEW_PAGES.items():
        page, watch = watched_page(browser, viewport=viewport, is_mobile=narrow, has_touch=narrow)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        figure = page.locator(OVERVIEW)
        figure.screenshot(path=str(SHOTS / f"{which}-{where}-{width}-kart.png"))
        if where == "kommuner":
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(SHOTS / f"{which}-{where}-{width}-vindu.png"))
        m = page.evaluate(MEASURE, OVERVIEW)
        problems = watch.problems()
        if m["svg"]["width"] > m["viewport"] or m["svg"]["right"] > m["viewport"] + 1 or m["svg"]["left"] < -1:
            problems.append(f"kartet går fra {m['svg']['left']:.0f} til {m['svg']['right']:.0f} px"
                            f" i et vindu på {m['viewport']} px")
        if m["page"] > m["viewport"] + 1:
            problems.append(f"siden er {m['page']} px bred i et vindu på {m['viewport']} px")
        if m["svg"]["width"] < min(250, width - 60):
            problems.append(f"kartet er bare {m['svg']['width']:.0f} px bredt")
        numbers = sorted(n["text"] for n in m["numbers"])
        if numbers != [str(n) for n in range(1, len(scheme.health_communities) + 1)]:
            problems.append(f"tallene i kartet er {numbers}")
        problems += [f"tallet {n['text']} er {n['size']:.1f} px" for n in m["numbers"] if n["size"] < MIN_MAP_TEXT - 0.05]
        if problems:
            failures[where] = problems
        page.context.close()
    assert not failures, f"{which}, {width} px: {failures} (skjermbilder i {SHOTS})"


def test_the_overview_map_fits_a4_in_one_piece(served, browser):
    _, base = served["real"]
    page, watch = watched_page(browser, viewport={"width": A4_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    page.goto(base + "/kommuner/")
    m = page.evaluate(MEASURE, OVERVIEW)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(OVERVIEW).screenshot(path=str(SHOTS / "real-kommuner-utskrift-kart.png"))
    page.context.close()
    assert m["breakInside"] == "avoid", f"kartet kan deles mellom to sider (break-inside: {m['breakInside']})"
    assert m["svg"]["width"] <= A4_WIDTH and m["svg"]["right"] <= A4_WIDTH + 1, m["svg"]
    assert m["figure"]["right"] <= A4_WIDTH + 1, m["figure"]
    assert m["figure"]["height"] <= A4_HEIGHT, \
        f"kartet med forklaring er {m['figure']['height']:.0f} px høyt, en A4-side {A4_HEIGHT} px"
    assert m["svg"]["width"] >= 300, f"kartet er bare {m['svg']['width']:.0f} px bredt på papir"
    assert not watch.problems(), watch.problems()


# Municipality and application pages --------------------------------------------------------

SUBTITLE = r"""() => {
  const h1 = document.querySelector('article h1');
  const subtitle = h1.nextElementSibling;
  return {text: subtitle.innerText,
          names: [...subtitle.querySelectorAll('[lang]')].map(e => [e.getAttribute('lang'), e.textContent.trim()])};
}"""


@pytest.mark.parametrize("slug,names,text", [
    ("kautokeino", [["se", "Guovdageaidnu"]], "Guovdageaidnu (nordsamisk)"),
    ("storfjord", [["se", "Omasvuotna"], ["fkv", "Omasvuono"]], "Omasvuotna (nordsamisk) · Omasvuono (kvensk)"),
    ("nordreisa", [["se", "Ráisa"], ["fkv", "Raisi"]], "Ráisa (nordsamisk) · Raisi (kvensk)"),
])
def test_municipality_pages_give_the_parallel_names_in_their_languages(served, browser, slug, names, text):
    _, base = served["real"]
    page, _ = watched_page(browser, viewport=WIDE)
    page.goto(base + f"/kommuner/{slug}/")
    found = page.evaluate(SUBTITLE)
    page.context.close()
    assert found["names"] == names
    assert plain(found["text"]) == text, f"undertittelen viser {found['text']!r}"


LOCATOR = r"""() => [...document.querySelectorAll('figure.kart--lokal svg')].map(svg => ({
  role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'),
  chosen: [...svg.querySelectorAll('path.kart__valgt')].map(p => ({
    area: p.getBBox().width * p.getBBox().height, shapes: (p.getAttribute('d').match(/M/gi) || []).length})),
  links: svg.querySelectorAll('a').length,
}))"""

FACT_MUNICIPALITIES = r"""() => {
  const term = [...document.querySelectorAll('.fact-box dt')].find(dt => /^Kommuner?$/.test(dt.textContent.trim()));
  return term ? [...term.nextElementSibling.querySelectorAll('a')].map(a => a.textContent.trim()) : [];
}"""


def image_names(page) -> list[str]:
    snapshot = page.locator("figure.kart--lokal").aria_snapshot()
    return [plain(name) for name in re.findall(r'img "((?:[^"\\]|\\.)*)"', snapshot)]


@pytest.mark.parametrize("which", SITES)
def test_locator_maps_are_named_images_with_the_municipalities_highlighted(served, browser, which):
    site, base = served[which]
    page, watch = watched_page(browser, viewport=WIDE)
    applications = sorted(p.parent.name for p in (site / "soknader").glob("*/index.html"))
    assert applications
    for slug in applications:
        page.goto(base + f"/soknader/{slug}/")
        maps = page.evaluate(LOCATOR)
        municipalities = page.evaluate(FACT_MUNICIPALITIES)
        assert municipalities, f"{slug}: fant ikke kommunene i faktaboksen"
        assert len(maps) == 1, f"{slug}: {len(maps)} kart"
        found = maps[0]
        assert found["role"] == "img" and found["links"] == 0, (slug, found)
        if len(municipalities) <= NAMED_IN_TITLE:
            assert all(name in found["label"] for name in municipalities), (slug, found["label"], municipalities)
        else:  # the fact box just above names them all; the map counts them
            assert found["label"] == f"Kart: de {len(municipalities)} kommunene i søknaden", (slug, found["label"])
        assert found["label"].startswith("Kart: "), found["label"]
        # The municipalities highlighted as one shape, with (at least) one outline each.
        assert len(found["chosen"]) == 1 and found["chosen"][0]["area"] > 0, (slug, found)
        assert found["chosen"][0]["shapes"] >= len(municipalities), (slug, found, municipalities)
        assert image_names(page) == [plain(found["label"])], slug
    for name, slug in [("Kautokeino", "kautokeino"), ("Tromsø", "tromso"), ("Røst", "rost")]:
        page.goto(base + f"/kommuner/{slug}/")
        maps = page.evaluate(LOCATOR)
        assert len(maps) == 1 and maps[0]["role"] == "img", (slug, maps)
        assert name in maps[0]["label"], maps[0]["label"]
        assert len(maps[0]["chosen"]) == 1 and maps[0]["chosen"][0]["area"] > 0, (slug, maps[0])
        assert image_names(page) == [plain(maps[0]["label"])], slug
    assert not watch.problems(), watch.problems()
    page.context.close()
