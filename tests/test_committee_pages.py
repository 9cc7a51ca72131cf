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


UNKNOWN = ("ikke vedtatt", "ikke oppgitt")


def figure(cell: str) -> tuple[int | None, int] | None:
    """A totals cell as (amount, how many amounts it leaves out), or None for a cell that is
    no figure. «ikke vedtatt» and «ikke oppgitt» are an unknown amount (None), never 0;
    «1 000 kr + 2 uten beløp» is 1 000 kr with two contributions left out."""
    cell = cell.replace(NBSP, " ")
    counted = re.search(r"\+ (\d+) uten beløp$", cell)
    bidrag = re.search(r"\((\d+) bidrag\)$", cell)
    if cell.startswith(UNKNOWN):
        return None, int(bidrag.group(1)) if bidrag else 1
    if counted:
        cell = cell[:counted.start()].strip()
    value = amount(cell)
    return None if value is None else (value, int(counted.group(1)) if counted else 0)


def summed_tables(site: Path, page: str):
    """Tables whose last row is a sum row, with the columns that row gives a figure for: the
    header, the rows' figures and the sum's (see ``figure``).

    Left out: the municipality overview's sums, which count a joint application once (checked
    on their own), and the line drawn where a funding frame runs out (it has no figures)."""
    for table in parse_page(site, page).tables:
        header, *rows = table
        if not rows or not any(cell.startswith("Sum") for cell in rows[-1][:2]) or "talt én gang" in rows[-1][0]:
            continue
        *body, total = rows
        body = [row for row in body if not any("Rammen er brukt opp her" in cell for cell in row)]
        for column, cell in enumerate(total):
            value = figure(cell)
            if value is None:
                continue
            yield header[column], [figure(row[column]) for row in body], value


COMMITTEE_PAGES = (
    ["helsefellesskap/index.html", "runder/index.html", "budsjett/index.html", "soknader/index.html"]
    + [f"helsefellesskap/{r[COMMUNITY]}/index.html" for r in VARIED]
    + [f"runder/{r[ROUND]}/index.html" for r in VARIED]
    + ["kommuner/tromso/index.html", "kommuner/hammerfest/index.html"]
)


@pytest.mark.parametrize("page", sorted(set(COMMITTEE_PAGES)))
def test_every_sum_row_is_the_sum_of_its_rows(varied_site, page):
    checked = 0
    for column, values, (total, left_out) in summed_tables(varied_site, page):
        assert None not in values, (page, column, values)
        known = [value for value, _ in values if value is not None]
        if column == "Innvilget":
            # The sum of the decisions so far; «ikke vedtatt» only when no row has a decision.
            assert (total is None) == (not known), (page, values, total)
            assert sum(known) == (total or 0), (page, column, values, total)
        else:
            assert None not in [value for value, _ in values], (page, column, values)
            assert sum(known) == total, (page, column, values, total)
            # Contributions without an amount are counted, and the counts add up too.
            assert sum(n for _, n in values) == left_out, (page, column, values)
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
    assert html.count('<svg class="chart') >= 2  # each chart, perhaps drawn for wide and narrow screens
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


def test_empty_rows_and_tables_are_left_out_and_said_in_words(varied_site):
    round_1 = parse_page(varied_site, "runder/2025-1/index.html")
    statuses = [row[0] for row in round_1.tables[0][1:-1]]
    assert "Trukket" not in statuses and "Innvilget" in statuses  # no withdrawn application in round 1
    text = text_of(varied_site / "runder/2025-1/index.html")
    assert "Ingen søknader i runden fra Helsefellesskapet Lofoten, Vesterålen, Salten." in text
    assert "har ikke prioritert noen søknader" not in text
    sums = round_1.tables[-1]
    assert [row[0] for row in sums[1:-1]] == ["Troms og Ofoten", "Helgeland", "Finnmark"]
    # A community with applications, none of them decided: «ikke vedtatt», not «0 kr».
    round_2 = parse_page(varied_site, "runder/2025-2/index.html").tables[-1]
    assert {row[0]: row[4] for row in round_2[1:-1]}["Finnmark"] == "ikke vedtatt"
    assert {row[0]: row[4] for row in round_2[1:-1]}["Helgeland"] == f"0{NBSP}kr"  # withdrawn: nothing granted


def test_real_site_says_what_is_unknown_instead_of_zero(real_site):
    home = text_of(real_site / "index.html")
    assert "Innvilget i alt Ingen vedtak er fattet ennå" in home
    communities = parse_page(real_site, "helsefellesskap/index.html").tables[0]
    troms = communities[1]
    assert figure(troms[5]) == (1_000_000, 2) and "uten beløp" in troms[5] and troms[6] == "ikke vedtatt"
    assert communities[2][4:] == ["–", "–", "–"]  # Helgeland: no applications, nothing to add up
    round_2 = text_of(real_site / "runder/2025-2/index.html")
    assert "Ingen søknader i denne runden er lagt inn ennå." in round_2
    assert "Søknader etter status" not in round_2 and f"0{NBSP}kr" not in round_2
    community = text_of(real_site / "helsefellesskap/finnmark/index.html")
    assert "Det har ingen søknader i porteføljen ennå." in community and "Søknader per runde" not in community
    lessons = text_of(real_site / "erfaringer/index.html")
    assert "når prosjektene rapporterer" in lessons and "lessons" not in lessons


PUBLIC_PAGES = ["index.html", "soknader/index.html", "helsefellesskap/index.html",
                "helsefellesskap/troms-og-ofoten/index.html", "runder/index.html", "runder/2025-1/index.html",
                "kommuner/index.html", "kommuner/tromso/index.html", "tema/index.html", "tema/rus/index.html",
                "budsjett/index.html", "datakvalitet/index.html", "erfaringer/index.html"]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_overview_pages_show_no_round_id_field_path_or_file_line(real_site, page):
    article = (real_site / page).read_text("utf-8")
    article = article[article.index("<article"):article.index("</article>")]
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S))
    assert not re.search(r"\b20\d\d-[12]\b", text), page  # a round id such as 2025-1
    for technical in ("budget.", "municipalities", "lessons", "decision.", "applications/20", "Linje "):
        assert technical not in text, (page, technical)
