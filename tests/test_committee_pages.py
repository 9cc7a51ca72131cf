"""The committee pages built by MkDocs from a varied portfolio: every application is linked
from exactly the pages it belongs to, and every table's sum row is the sum of its rows."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from conftest import NBSP, SCHEME_PATH, VARIED, amount, nav_links, parse_page, text_of
from grant_portfolio.input.scheme import load_scheme

pytestmark = pytest.mark.build
SLUG, COMMUNITY, ROUND, MUNICIPALITIES = range(4)


@pytest.fixture(scope="module")
def varied_scheme():
    return load_scheme(SCHEME_PATH)


def app_links(site: Path, page: str) -> set[str]:
    return {link.split("/")[2] for link in parse_page(site, page).links if re.fullmatch(r"/soknader/[^/]+/", link)}


def test_each_application_is_on_exactly_its_community_round_and_municipality_pages(varied_site, varied_scheme):
    for community in varied_scheme.health_communities:
        found = app_links(varied_site, f"helsefellesskap/{community.id}/index.html")
        assert found == {r[SLUG] for r in VARIED if r[COMMUNITY] == community.id}, community.id
    for round_ in varied_scheme.rounds:
        found = app_links(varied_site, f"runder/{round_.id}/index.html")
        assert found == {r[SLUG] for r in VARIED if r[ROUND] == round_.id}, round_.id
    for name, municipality in varied_scheme.municipality_by_name.items():
        found = app_links(varied_site, f"kommuner/{municipality.slug}/index.html")
        assert found == {r[SLUG] for r in VARIED if name in r[MUNICIPALITIES]}, name
    assert app_links(varied_site, "soknader/index.html") == {r[SLUG] for r in VARIED}


def summed_tables(site: Path, page: str):
    """Tables whose last row is a sum row, with the columns that row gives a figure for.

    Left out: the municipality overview's sums, which count a joint application once (checked
    on their own), and the line drawn where a funding frame runs out (it has no figures)."""
    for table in parse_page(site, page).tables:
        header, *rows = table
        if not rows or not any(cell.startswith("Sum") for cell in rows[-1][:2]) or "talt én gang" in rows[-1][0]:
            continue
        *body, total = rows
        body = [row for row in body if not any("Rammen er brukt opp her" in cell for cell in row)]
        for column, cell in enumerate(total):
            value = amount(cell)
            if value is None:
                continue
            yield header[column], [amount(row[column]) for row in body], value


COMMITTEE_PAGES = (
    ["helsefellesskap/index.html", "runder/index.html", "budsjett/index.html", "soknader/index.html"]
    + [f"helsefellesskap/{r[COMMUNITY]}/index.html" for r in VARIED]
    + [f"runder/{r[ROUND]}/index.html" for r in VARIED]
    + ["kommuner/tromso/index.html", "kommuner/hammerfest/index.html"]
)


@pytest.mark.parametrize("page", sorted(set(COMMITTEE_PAGES)))
def test_every_sum_row_is_the_sum_of_its_rows(varied_site, page):
    checked = 0
    for column, values, total in summed_tables(varied_site, page):
        assert None not in values, (page, column, values)
        assert sum(values) == total, (page, column, values, total)
        checked += 1
    assert checked, f"{page} has no sum row"


def test_grand_totals_on_the_pages_equal_the_sum_over_all_applications(varied_site):
    requested = f"{3_900_000:,}".replace(",", NBSP) + f"{NBSP}kr"
    granted = f"{1_350_000:,}".replace(",", NBSP) + f"{NBSP}kr"
    own = f"{185_000:,}".replace(",", NBSP) + f"{NBSP}kr"
    budget = text_of(varied_site / "budsjett/index.html")
    assert f"Søkt {requested}" in budget and f"Innvilget {granted}" in budget and f"Egeninnsats {own}" in budget
    for page in ("helsefellesskap/index.html", "runder/index.html", "soknader/index.html", "index.html"):
        assert requested in text_of(varied_site / page), page
    round_1 = text_of(varied_site / "runder/2025-1/index.html")
    assert "Rammen er brukt opp her." in round_1
    assert f"Søknadene til og med prioritet 2 får plass innenfor rammen, og da gjenstår 100{NBSP}000{NBSP}kr" in round_1
    assert f"Alle de prioriterte søknadene får plass innenfor rammen. Da gjenstår 50{NBSP}000{NBSP}kr av rammen." in round_1


def test_municipality_overview_counts_each_application_once_in_its_totals(varied_site):
    text = text_of(varied_site / "kommuner/index.html")
    assert "Sum, felles søknader talt én gang 6 " in text  # Troms og Ofoten: a b c d i k
    sums = [table[-1] for table in parse_page(varied_site, "kommuner/index.html").tables]
    assert [amount(row[1]) for row in sums] == [6, 2, 2, 1]
    assert f"10 søknader med 3{NBSP}900{NBSP}000{NBSP}kr søkt har minst én kommune fra regionen med." in text
    assert "Bardu" in text  # municipalities without applications are listed too
    assert "Kommunen er ikke med i noen søknad ennå." in text_of(varied_site / "kommuner/bardu/index.html")


def test_budget_page_has_charts_with_text_alternatives_and_tables(varied_site):
    html = (varied_site / "budsjett/index.html").read_text("utf-8")
    assert html.count('<svg class="chart"') == 2
    assert 'role="img"' in html and "<desc id=\"diagram-helsefellesskap-desc\">Troms og Ofoten: søkt" in html
    assert "<script src=\"http" not in html  # nothing loaded from the network for the charts
    text = text_of(varied_site / "budsjett/index.html")
    assert f"Lønn og frikjøp 2 2 900{NBSP}000{NBSP}kr" in text and "Uten kategori" in text


def test_status_badges_are_the_same_everywhere(varied_site):
    badge = '<span class="status-badge status-badge--granted">Innvilget</span>'
    for page in ("soknader/b-tromso-legevakt/index.html", "runder/2025-1/index.html",
                 "helsefellesskap/troms-og-ofoten/index.html", "kommuner/tromso/index.html", "soknader/index.html"):
        assert badge in (varied_site / page).read_text("utf-8"), page


def test_navigation_lists_the_sections_and_never_an_application(varied_site):
    html = (varied_site / "budsjett/index.html").read_text("utf-8")
    targets = {posixpath.normpath(posixpath.join("/budsjett/", link)) for link in nav_links(html) if "#" not in link}
    assert {"/soknader", "/helsefellesskap", "/runder", "/kommuner", "/budsjett"} <= targets, targets
    assert not [t for t in targets if re.fullmatch(r"/(soknader|kommuner|runder|helsefellesskap)/[^/]+", t)]


def test_printed_pages_carry_their_round_and_build_date(varied_site):
    html = (varied_site / "runder/2025-1/index.html").read_text("utf-8")
    assert '--print-running-head: "Første runde 2025 · Samhandlingstilskudd\u2003Oppdatert 2. juni 2025"' in html
    assert 'class="print-only print-context"' in html
