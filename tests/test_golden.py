"""Golden files: the generated CSV and one page of each generated type, for a small fixed
portfolio (the varied test portfolio and one application with every part filled in), compared
byte for byte with the files in ``tests/golden/``.

A change to what the site publishes shows up here as a diff. When the change is intended,
update the files with ``make golden`` and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

import pytest
from conftest import FULL_BODY, Workspace, front, write_varied_portfolio
from grant_portfolio.site import build_site

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"
BUILT = dt.date(2025, 6, 1)
SITE_URL = "https://example.org/"

# One page of each generated type (path in the docs tree), and the generated files.
PAGES = [
    "index.md", "soknader/index.md", "helsefellesskap/index.md", "helsefellesskap/troms-og-ofoten.md",
    "runder/index.md", "runder/2025-1.md", "kommuner/index.md", "kommuner/tromso.md", "budsjett/index.md",
    "tema/index.md", "tema/psykisk-helse.md", "erfaringer/index.md", "erfaringer/referanser.md",
    "erfaringer/relaterte.md", "data/index.md", "datakvalitet.md", "bidra/felt.md", "bidra/mal.md",
    "bidra/feilmeldinger.md", "finn/index.md",
]
HTML_PAGES = ["soknader/samtaler-for-unge.md", "soknader/b-tromso-legevakt.md"]
FILES = ["data/soknader.csv", "data/budsjettlinjer.csv"]

FULL = front(
    title="Samtaler for unge i Tromsø", status="granted", priority=4,
    municipalities=["Tromsø", "Balsfjord"], owners=["Tromsø kommune", "UNN"],
    summary="Et lavterskeltilbud med samtaler for unge mellom 16 og 25 år.",
    target_group="Unge mellom 16 og 25 år med lettere psykiske plager",
    themes=["Psykisk helse", "Rus", "Unge"],
    period={"start": 2025, "end": "2026-06-30"},
    contacts=[{"name": "Kari Nordmann", "organisation": "Tromsø kommune", "role": "Prosjektleder",
               "email": "kari.nordmann@example.org", "phone": "77 00 00 00"}],
    budget={"requested": 500_000,
            "lines": [{"item": "Prosjektleder, 50 % stilling", "amount": 400_000, "category": "Lønn", "year": 2025},
                      {"item": "Reiser og møter", "amount": 100_000, "rate": "25 000 per samling", "scope": "4 samlinger"}],
            "own_contributions": [{"party": "Tromsø kommune", "description": "Lokaler", "amount": 60_000},
                                  {"party": "UNN", "description": "Veiledning"}]},
    decision={"granted": 450_000, "date": "2025-05-02", "note": "Innvilget med redusert beløp."},
    lessons=["Samtaler uten henvisning senker terskelen."],
    references=[{"title": "Drop in i Lillestrøm", "url": "https://example.org/drop-in", "note": "Samme modell."}],
    related=["b-tromso-legevakt"],
)


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("golden"))
    write_varied_portfolio(workspace)
    workspace.write("2025/samtaler-for-unge.md", FULL, body=FULL_BODY.replace("Tekst.", "Tekst om **samtaler**.", 1))
    return build_site(workspace.root, SITE_URL, built=BUILT)


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"{name} mangler i tests/golden/: lag filene med «make golden»"
    with path.open(encoding="utf-8", newline="") as file:
        expected = file.read()
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"tests/golden/{name}", "nå", n=2))
        pytest.fail(f"{name} er endret. Er endringen tilsiktet, oppdater med «make golden».\n{diff[:4000]}",
                    pytrace=False)


@pytest.mark.parametrize("page", PAGES)
def test_generated_page(content, page):
    _compare(page, content.pages[page].inline())


@pytest.mark.parametrize("page", HTML_PAGES)
def test_application_page(content, page):
    _compare(page.removesuffix(".md") + ".html", content.html_pages[page]().html)


@pytest.mark.parametrize("name", FILES)
def test_generated_file(content, name):
    _compare(name, content.files[name].decode("utf-8-sig").replace("\r\n", "\n"))


def test_the_golden_set_has_no_file_left_over():
    expected = {*PAGES, *(p.removesuffix(".md") + ".html" for p in HTML_PAGES), *FILES}
    found = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert found <= expected, f"filer i tests/golden/ som ingen test bruker: {sorted(found - expected)}"
