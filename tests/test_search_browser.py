"""The site's search and what a first visit costs, in chromium, on 1000 generated applications
(``generated_project``: short bodies, except one full application with a word no other has).

Budget (issue 8): a first visit to an application page downloads at most 600 kB in all at
N = 1000 (HTML, CSS, JavaScript, fonts and search data); Material's search downloaded 22 MB of
index on every first visit. The generated site has N = 1000, so the budget applies as it is.
The figures are written to ``test-artifacts/forstegangsbesok.json``.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bench.firstvisit import visit
from browser_support import ARTIFACTS, axe_source, axe_violations, screenshot, watched_page
from conftest import LONG_WORD, long_application
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.text import stem

pytestmark = pytest.mark.browser

FIRST_VISIT_BUDGET = 600_000  # bytes, at 1000 applications
SEARCH_BUDGET = 1_000_000  # bytes for a first visit to the search page with a search (not a target of the issue)
QUERY = LONG_WORD + "en"  # the definite form: found through the stem, not as the start of a word
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def generated(generated_project):
    from bench.firstvisit import serve

    with serve(generated_project / "site") as base:
        yield generated_project, base


@pytest.fixture(scope="module")
def long_page(generated) -> tuple[str, str]:
    """The full application's address and title."""
    project, _ = generated
    text = long_application(project).read_text("utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1).strip("'\"")
    return f"/soknader/{long_application(project).stem}/", title


def record(name: str, figures: dict) -> None:
    path = ARTIFACTS / "forstegangsbesok.json"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    known = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    known[name] = figures
    path.write_text(json.dumps(known, indent=2, ensure_ascii=False), encoding="utf-8")


def test_the_word_is_in_one_body_only_and_the_query_needs_the_stemmer(generated):
    project, _ = generated
    holders = [p for p in (project / "applications").rglob("*.md") if LONG_WORD in p.read_text("utf-8")]
    assert holders == [long_application(project)]
    front_matter, body = holders[0].read_text("utf-8").split("\n---\n", 1)
    assert LONG_WORD not in front_matter and LONG_WORD in body
    assert stem(QUERY) == stem(LONG_WORD) and not LONG_WORD.startswith(QUERY)


def test_first_visit_to_an_application_page_stays_within_budget(generated, long_page, browser):
    _, base = generated
    path, _ = long_page
    result, page = visit(browser, base, path)
    page.context.close()
    html = result.files[path]
    record("søknadsside", {"address": path, "total": result.total, "by_kind": result.by_kind, "files": result.files})
    assert not result.outside, result.outside
    assert html > 30_000, f"søknadssiden er bare {html} byte: ikke en full søknad"
    assert "search" not in result.by_kind, f"søkedata lastet ved første besøk: {result.files}"
    assert "font" not in result.by_kind, result.files
    assert result.total <= FIRST_VISIT_BUDGET, f"{result.total} byte > {FIRST_VISIT_BUDGET}: {result.files}"


def test_a_word_only_in_one_body_is_found_by_another_form_of_it(generated, long_page, browser):
    _, base = generated
    path, title = long_page
    result, page = visit(browser, base, f"/sok/?q={QUERY}", wait_for="#sok-status[data-ferdig]")
    record("søk", {"query": QUERY, "total": result.total, "by_kind": result.by_kind, "files": result.files})
    hits = page.locator(".sok-treff__treff")
    assert hits.count() == 1, page.locator("#sok-status").inner_text()
    link = hits.first.locator(".sok-treff__tittel a")
    assert link.inner_text() == title
    assert link.get_attribute("href").endswith(path)
    assert LONG_WORD in [m.lower() for m in hits.first.locator("mark").all_inner_texts()]
    assert page.locator("#sok-status").inner_text() == f"1 treff for «{QUERY}»."
    meta = yaml.safe_load(long_application(generated[0]).read_text("utf-8").split("\n---\n", 1)[0][4:])
    scheme = load_scheme(generated[0] / "applications" / "scheme.yml")
    facts = " · ".join(("Søknad", scheme.community_by_id[meta["health_community"]].label,
                        scheme.round_by_id[meta["round"]].name, scheme.status_by_id[meta["status"]].label))
    assert hits.first.locator(".sok-treff__fakta").inner_text() == facts
    assert page.locator("#sok-felt").input_value() == QUERY
    screenshot(page, "sok-ett-treff")
    # The last word may be the start of a word (as the search page says).
    page.locator("#sok-felt").fill(LONG_WORD[:14])
    page.wait_for_selector(f"#sok-status[data-ferdig='{LONG_WORD[:14]}']")
    assert page.locator(".sok-treff__tittel a").first.inner_text() == title
    page.context.close()
    assert not result.outside, result.outside
    assert result.total <= SEARCH_BUDGET, f"{result.total} byte > {SEARCH_BUDGET}: {result.files}"


def test_many_hits_come_ten_at_a_time_and_the_address_follows_the_words(generated, browser):
    _, base = generated
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(base + "/sok/")
    page.wait_for_selector("form[data-sok]:not([hidden])")
    page.locator("#sok-felt").fill("samarbeid")
    page.wait_for_selector("#sok-status[data-ferdig='samarbeid']")
    assert page.url.endswith("/sok/?q=samarbeid")
    status = page.locator("#sok-status").inner_text()
    count = int(re.match(r"([\d\s\u00a0\u202f]+) treff", status).group(1).replace("\u00a0", "").replace("\u202f", "")
                .replace(" ", ""))
    assert count > 20, status
    assert status.endswith("Viser de 10 første.")
    assert page.locator(".sok-treff__treff").count() == 10
    more = page.locator("#sok-flere")
    assert more.inner_text() == "Vis 10 treff til"
    # Two presses before the first is done: the second adds nothing (no hit shown twice).
    page.evaluate("() => { const more = document.getElementById('sok-flere'); more.click(); more.click(); }")
    page.wait_for_function("() => document.querySelectorAll('.sok-treff__treff').length === 20")
    page.wait_for_function("() => document.getElementById('sok-status').textContent.endsWith('Viser de 20 første.')")
    page.wait_for_timeout(300)
    links = page.eval_on_selector_all(".sok-treff__tittel a", "links => links.map(a => a.href)")
    assert len(links) == len(set(links)) == 20, links
    focused = page.evaluate("document.activeElement.closest('.sok-treff__treff') === "
                            "document.querySelectorAll('.sok-treff__treff')[10]")
    assert focused, "fokus står ikke på det første nye treffet"
    page.locator("#sok-felt").fill("xqzvykkj")
    page.wait_for_function("() => document.getElementById('sok-status').textContent.startsWith('Ingen treff')")
    assert page.locator(".sok-treff__treff").count() == 0 and page.locator("#sok-flere").is_hidden()
    page.locator("#sok-felt").fill("")
    page.wait_for_function("() => document.getElementById('sok-status').textContent === 'Skriv et søkeord i feltet over.'")
    assert page.url.endswith("/sok/")
    assert not watch.problems()
    page.context.close()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["bred", "smal"])
def test_the_search_page_with_hits_is_accessible(generated, browser, viewport):
    _, base = generated
    page, watch = watched_page(browser, viewport=viewport)
    page.goto(base + "/sok/?q=samarbeid")
    page.wait_for_function("() => /treff for/.test(document.getElementById('sok-status').textContent)")
    problems = axe_violations(page, axe_source())
    screenshot(page, f"sok-{'bred' if viewport is WIDE else 'smal'}")
    assert not problems, problems
    assert not watch.problems()
    page.context.close()


@pytest.fixture(scope="module")
def real(real_site):
    from bench.firstvisit import serve

    with serve(real_site) as base:
        yield base


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["bred", "smal"])
def test_rus_shows_the_two_applications_first_and_other_pages_after_under_their_own_heading(real, browser, viewport):
    page, watch = watched_page(browser, viewport=viewport)
    page.goto(real + "/sok/?q=rus")
    page.wait_for_selector("#sok-status[data-ferdig='rus']")
    groups = page.locator(".sok-gruppe")
    headings = page.locator(".sok-gruppe > h2.sok-gruppe__tittel").all_inner_texts()
    assert groups.count() == len(headings) >= 2, headings
    assert headings[0] == "Søknader (2 treff)", headings
    assert not any(h.startswith("Søknader") for h in headings[1:]), headings
    first = groups.nth(0).locator(".sok-treff__tittel a")
    assert sorted(a.split("/")[-2] for a in first.evaluate_all("links => links.map(a => a.href)")) == [
        "drop-in-samtalebehandling", "forprosjekt-samordning-psykisk-helsevern-og-rus"]
    # Each group's heading says how many hits it has, and the hits come in the groups' order.
    for number, heading in enumerate(headings):
        count = groups.nth(number).locator(".sok-treff__treff").count()
        assert heading.endswith(f"({count} treff)"), (heading, count)
    links = page.eval_on_selector_all(".sok-treff__tittel a", "links => links.map(a => new URL(a.href).pathname)")
    assert links[:2] == [new for new in links if new.startswith("/soknader/")], links
    assert "/tema/rus/" in links and "/datakvalitet/" not in links
    shown = page.locator("#sok-treff").inner_text()
    for forbidden in ("budget:", "applications/", ".md", "```"):
        assert forbidden not in shown, forbidden
    # Headings in order: the page's h1, a group's h2, a hit's h3.
    levels = page.eval_on_selector_all("main h1, main h2, main h3", "hs => hs.map(h => h.tagName)")
    assert levels[0] == "H1" and levels[1:3] == ["H2", "H3"], levels
    problems = axe_violations(page, axe_source())
    screenshot(page, f"sok-rus-{'bred' if viewport is WIDE else 'smal'}")
    assert not problems, problems
    assert not watch.problems()
    page.context.close()


def test_a_parallel_name_finds_the_municipality_and_its_application(real, browser):
    """«Ráisa», Nordreisa's North Sami name, finds the application Nordreisa is in and
    Nordreisa's page, whose excerpt is the page's subtitle with the name marked."""
    page, watch = watched_page(browser, viewport=WIDE)
    page.goto(real + "/sok/?q=R%C3%A1isa")
    page.wait_for_selector("#sok-status[data-ferdig='Ráisa']")
    links = page.eval_on_selector_all(".sok-treff__tittel a", "links => links.map(a => new URL(a.href).pathname)")
    assert links == ["/soknader/forprosjekt-samordning-psykisk-helsevern-og-rus/", "/kommuner/nordreisa/"], links
    hits = page.locator(".sok-treff__treff")
    assert "Nordreisa (Ráisa, Raisi)" in hits.nth(0).locator(".sok-treff__utdrag").inner_text()
    municipality = hits.nth(1)
    assert municipality.locator(".sok-treff__fakta").inner_text() == "Kommune"
    assert municipality.locator(".sok-treff__utdrag").inner_text() == "Ráisa (nordsamisk) · Raisi (kvensk)"
    assert municipality.locator("mark").all_inner_texts() == ["Ráisa"]
    assert not watch.problems()
    page.context.close()


# Snowball's Norwegian suffixes and the endings that decide them, on bases of every shape.
_SUFFIXES = ["a", "e", "ede", "ande", "ende", "ane", "ene", "hetene", "erte", "en", "heten", "ar", "er",
             "heter", "s", "as", "es", "edes", "endes", "enes", "hetenes", "ens", "hetens", "ers", "ets", "et",
             "het", "ert", "ast", "dt", "vt", "leg", "eleg", "ig", "eig", "lig", "elig", "els", "lov", "elov",
             "slov", "hetslov", "ligheten", "eligere"]
_BASES = ["a", "øy", "hav", "giv", "skap", "kap", "ind", "omm", "amm", "lt", "pp", "kk", "nk", "ast", "øst",
          "v", "bok", "sak", "mark", "stør", "ber", "far", "gard", "hus", "ansvar", "samarbeid", "kvinn",
          "tilbud", "bru", "sjø", "ski", "rer", "kor", "ek", "ok", "eik", "fjell", "kongs", "mer", "ber",
          "kir", "dør"]


def _stemmer_words() -> list[str]:
    from conftest import ROOT
    from grant_portfolio.model.search import tokens

    from bench import vocabulary

    words = {base + suffix for base in _BASES for suffix in _SUFFIXES}
    words |= {base + suffix + more for base in _BASES[:12] for suffix in _SUFFIXES[:20] for more in ("s", "e", "t")}
    for path in [*ROOT.glob("applications/**/*.md"), *ROOT.glob("docs/**/*.md")]:
        words.update(tokens(path.read_text("utf-8")))
    words.update(tokens(" ".join(str(value) for value in vars(vocabulary).values() if isinstance(value, (str, list, tuple)))))
    return sorted(words)


def test_the_search_pages_stemmer_is_pythons(generated, browser):
    """The index is made with Python's Snowball stemmer and the query is stemmed in the browser:
    the two must agree on every word, or a word found in the text would not be found by its name."""
    _, base = generated
    words = _stemmer_words()
    assert len(words) > 3000
    page = browser.new_page()
    page.goto(base + "/sok/")
    found = page.evaluate("""async (words) => {
        const index = await import(new URL("assets/javascripts/sokeindeks.js", document.baseURI.replace(/sok\\/.*$/, "")).href);
        return [words.map(index.stem), index.words("Drop-in for UNN_HF i 2025: Tromsø, Ålesund og «e-helse».")];
    }""", words)
    stems, split = found
    differ = [(word, js, stem(word)) for word, js in zip(words, stems, strict=True) if js != stem(word)]
    assert not differ, differ[:20]
    assert split == ["drop", "in", "for", "unn", "hf", "2025", "tromsø", "ålesund", "og", "helse"]
    page.close()
