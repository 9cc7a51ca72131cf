"""Generated pages, rendered from the core without MkDocs."""

from __future__ import annotations

import datetime as dt

from conftest import front
from grant_portfolio.model.portfolio import Portfolio, load_portfolio
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.render import PageRenderer
from grant_portfolio.checks.validate import validate_applications

NBSP = "\u00a0"


def render(workspace, scheme):
    result = validate_applications(workspace.applications, scheme, workspace.root)
    assert result.errors == []
    portfolio = Portfolio(scheme, result.records, result.notices)
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 2)))
    return portfolio, {**{page: text.inline() for page, text in renderer.pages().items()},
                       **{page: render().html for page, render in renderer.html_pages().items()}}


def test_application_page_shows_facts_budget_and_body(workspace, scheme):
    lines = [
        {"item": "Prosjektleder", "amount": 60000, "category": "Lønn", "rate": 600000, "scope": "10 %"},
        {"item": "Reiser", "amount": 40000, "category": "Reiser"},
    ]
    workspace.write("legevakt.md", front(
        budget={"requested": 100000, "lines": lines,
                "own_contributions": [{"party": "Skjervøy kommune", "description": "Lokaler", "amount": 25000}]},
        status="granted", decision={"granted": 80000, "date": "2025-05-02", "note": "Delvis innvilget"},
        priority=2, period={"start": "2025-03-01", "end": 2026},
    ), body="## Kort beskrivelse av prosjektet/piloten\n\nEn **felles** legevakt.")
    _, pages = render(workspace, scheme)
    page = pages["soknader/legevakt.md"]
    assert page.startswith('<h1 id="felles-legevakt-i-nord-troms">Felles legevakt i Nord-Troms</h1>\n')
    for expected in [
        f"100{NBSP}000{NBSP}kr", f"60{NBSP}000{NBSP}kr", f"600{NBSP}000{NBSP}kr", f"25{NBSP}000{NBSP}kr",
        f"80{NBSP}000{NBSP}kr", "(vedtak 2. mai 2025)", "<dd>1. mars 2025 til 2026</dd>", "Helsefellesskapet Troms og Ofoten",
        "Universitetssykehuset Nord-Norge HF", "Skjervøy", '<span class="status-badge status-badge--granted">Innvilget</span>',
        "Delvis innvilget", "<strong>Sum søkt</strong>",
        '<h2 id="kort-beskrivelse-av-prosjektet-piloten">Kort beskrivelse av prosjektet/piloten</h2>',
        "<p>En <strong>felles</strong> legevakt.</p>",
    ]:
        assert expected in page, expected


def test_contributor_text_is_escaped_but_the_body_is_markdown(workspace, scheme):
    workspace.write("farlig.md", front(title="<img src=x onerror=alert(1)> *uthevet*", owners=["A | B"]))
    portfolio, pages = render(workspace, scheme)
    page = pages["soknader/farlig.md"]
    assert "<img" not in page
    assert "<h1 id=\"img-src-x-onerror-alert-1-uthevet\">&lt;img src=x onerror=alert(1)&gt; *uthevet*</h1>" in page
    assert "Prosjekteier: A | B." in page
    index = pages["soknader/index.md"]
    assert '<a href="farlig/">&lt;img src=x onerror=alert(1)&gt; *uthevet*</a>' in index


def test_index_lists_every_application_with_a_total(workspace, scheme):
    workspace.write("a.md", front(title="Alfa", budget={"requested": 1000}))
    workspace.write("b.md", front(title="Beta", round="2025-2", budget={"requested": 2500}))
    workspace.write("c.md", front(title="Gamma", health_community="finnmark", municipalities=["Alta"],
                                  health_trusts=["finnmarkssykehuset"], budget={"requested": 500}))
    portfolio, pages = render(workspace, scheme)
    index = pages["soknader/index.md"]
    assert '<a href="a/">Alfa</a>' in index and '<a href="b/">Beta</a>' in index and '<a href="c/">Gamma</a>' in index
    assert f"<strong>4{NBSP}000{NBSP}kr</strong>" in index
    # Newest round first, each round shown by its name.
    assert index.index(">Beta</a>") < index.index(">Alfa</a>")
    assert ">Andre runde 2025</a>" in index and ">2025-2<" not in index
    home = pages["index.md"]
    assert f"4{NBSP}000{NBSP}kr" in home and "\n:   3\n" in home
    # No decision yet: the home page says so rather than «0 kr».
    assert "Innvilget i alt\n:   Ingen vedtak er fattet ennå" in home and "Innvilget i alt\n:   0" not in home


def test_quality_page_lists_notices_with_links(workspace, scheme):
    workspace.write("a.md", front(municipalities=["Alta"]))
    _, pages = render(workspace, scheme)
    quality = pages["datakvalitet.md"]
    assert "[Se søknaden](soknader/a.md)" in quality
    assert "Alta hører til Helsefellesskap Finnmark" in quality
    assert "Det er 1 merknad til 1 søknad." in quality
    # A public page: the field's Norwegian label, no field path, file name or line number.
    assert "- Kommuner: Alta hører til" in quality
    assert "municipalities" not in quality and "Linje" not in quality and "applications/2025" not in quality


def test_quality_notes_name_a_budget_line_by_its_number_and_text(workspace, scheme):
    lines = [{"item": "Prosjektleder", "amount": 60000},
             {"item": "Frikjøp av deltakere, 13 kommuner, 20 % pr. kommune", "amount": 40000}]
    workspace.write("a.md", front(budget={"requested": 100000, "lines": lines}))
    workspace.write("b.md", front(title="Beta", priority=1))
    workspace.write("c.md", front(title="Gamma", priority=1))
    _, pages = render(workspace, scheme)
    quality = pages["datakvalitet.md"]
    assert ("- Budsjettlinje 2, «Frikjøp av deltakere, 13 kommuner, 20 % pr. kommune»: budsjettlinja nevner "
            "«13 kommuner», men søknaden har 1 kommuner i lista over kommuner") in quality
    # A shared priority names the round and the other application as readers know them.
    assert "- Prioritet: prioritet 1 i Helsefellesskapet Troms og Ofoten, Første runde 2025, er gitt også til «Gamma»" in quality
    assert "budget.lines" not in quality and "2025-1" not in quality


def test_reader_field_labels_a_notice_field():
    from grant_portfolio.checks.quality import reader_field
    from grant_portfolio.input.schema import Application

    meta = Application.model_validate(front(budget={"requested": 100000, "lines": [
        {"item": "Lang post " + "med mange ord " * 12, "amount": 100000}]}))
    assert reader_field("decision.granted") == "Innvilget beløp"
    assert reader_field("municipalities[3]") == "Kommuner"
    assert reader_field("budget.lines[1]", meta).startswith("Budsjettlinje 1, «Lang post med mange ord")
    assert reader_field("budget.lines[1]", meta).endswith(" …»") and len(reader_field("budget.lines[1]", meta)) < 120
    assert reader_field("budget.lines[7]", meta) == "Budsjettlinje 7"  # no such line: the number alone


def test_quality_page_without_notices(workspace, scheme):
    workspace.write("a.md")
    _, pages = render(workspace, scheme)
    assert "Det er ingen merknader." in pages["datakvalitet.md"]


def test_committee_pages_exist_for_every_community_round_and_municipality(varied, scheme):
    pages = {path: page.inline() for path, page in PageRenderer(
        build_model(load_portfolio(varied.applications, varied.root), dt.date(2025, 6, 2))).pages().items()}
    for community in scheme.health_communities:
        assert f"helsefellesskap/{community.id}.md" in pages
    for round_ in scheme.rounds:
        assert f"runder/{round_.id}.md" in pages
    for municipality in scheme.municipality_by_name.values():
        assert f"kommuner/{municipality.slug}.md" in pages
    for overview in ("helsefellesskap/index.md", "runder/index.md", "kommuner/index.md", "budsjett/index.md"):
        assert overview in pages
    round_page = pages["runder/2025-1.md"]
    assert round_page.startswith('---\nprint_context: "F\\u00f8rste runde 2025')
    assert 'print_built: "Oppdatert 2. juni 2025"' in round_page
    assert "| | **Rammen er brukt opp her.** Søknadene nedenfor går ut over rammen. | | | | |" in round_page
    assert "[Søknad A-TROMSO-BALSFJORD](../soknader/a-tromso-balsfjord.md)" in round_page


def test_long_lists_are_html_blocks_kept_out_of_the_markdown(workspace, scheme):
    from grant_portfolio.pages.render import BLOCK

    workspace.write("a.md", front(title="Alfa", budget={"requested": 1000}))
    result = validate_applications(workspace.applications, scheme, workspace.root)
    portfolio = Portfolio(scheme, result.records, result.notices)
    index = PageRenderer(build_model(portfolio, dt.date(2025, 6, 2))).pages()["soknader/index.md"]
    assert BLOCK.format(0) in index.text and "<table>" not in index.text
    assert len(index.blocks) == 1 and index.blocks[0].startswith("<table>")
    assert '<a href="a/">Alfa</a>' in index.blocks[0]
    inline = index.inline()
    assert BLOCK.format(0) not in inline and index.blocks[0] in inline
    converted = f"<p>Før.</p>\n{BLOCK.format(0)}\n<p>Etter.</p>"
    assert index.fill(converted) == f"<p>Før.</p>\n{index.blocks[0]}\n<p>Etter.</p>"
