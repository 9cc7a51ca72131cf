"""Experience sharing: themes, related applications, lessons and references, on a portfolio
whose overlaps are known (written out below, not computed by the code under test)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import FULL_BODY, ROOT, build_test_site, front, text_of
from grant_portfolio.model import related as related_module
from grant_portfolio.model.experience import lessons_by_theme, shared_references, url_key
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.related import MAX_RELATED, related_applications
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.render import PageRenderer
from grant_portfolio.model.themes import ThemeIndex
from grant_portfolio.checks.validate import validate_applications

DROP_IN_TEXT = (
    "Drop in samtalebehandling for voksne med psykiske lidelser. Innbyggerne kan komme uten "
    "henvisning og uten timebestilling til samtalebehandlingen. Samtalebehandling gis av "
    "psykologer og psykiatriske sykepleiere. Digital booking av samtaler gjør tilbudet lett "
    "tilgjengelig. Drop in-tilbudet evalueres etter ett år."
)
LILLESTROM = "Drop in tilbud i Lillestrøm kommune"

KNOWN = {
    "a-drop-in-tromso": dict(
        title="Drop in samtalebehandling i Tromsø", municipalities=["Tromsø"],
        themes=["Psykisk helse", "Lavterskeltilbud"], target_group="Voksne med psykiske lidelser",
        lessons=["Drop in senker terskelen for å søke hjelp.", "Digital booking ble mye brukt."],
        contacts=[{"name": "Kari Nordmann", "organisation": "Tromsø kommune", "email": "kari@tromso.kommune.no"}],
        owners=["Tromsø kommune", "UNN HF"],
        references=[{"title": LILLESTROM, "url": "https://www.lillestrom.kommune.no/drop-in/",
                     "note": "Gode erfaringer med drop in."}],
    ),
    "b-drop-in-balsfjord": dict(
        title="Drop in samtaler i Balsfjord", municipalities=["Balsfjord", "Tromsø"],
        themes=["psykisk  helse ", "Lavterskeltilbud"], target_group="Voksne med psykiske lidelser i Balsfjord",
        lessons=["Samarbeid med fastlegene var avgjørende."],
        references=[{"title": "Lillestrøms drop in-tilbud", "url": "http://lillestrom.kommune.no/drop-in"}],
    ),
    "c-legevakt-alta": dict(
        title="Felles legevakt i Vest-Finnmark", health_community="finnmark", municipalities=["Alta"],
        health_trusts=["finnmarkssykehuset"], themes=["Akuttberedskap"], target_group="Pasienter med akutt sykdom",
        references=[{"title": "drop in tilbud i  Lillestrøm kommune"}, {"title": "Legevakt i Bergen", "url": "https://example.org/bergen"}],
    ),
    "d-rus-helgeland": dict(
        title="Rusteam på Helgeland", health_community="helgeland", municipalities=["Rana"],
        health_trusts=["helgelandssykehuset"], themes=["Rus"], related=["c-legevakt-alta"],
        target_group="Ungdom som bruker rusmidler",
    ),
    "e-digital-hjemmeoppfolging": dict(
        title="Digital hjemmeoppfølging", health_community="finnmark", municipalities=["Hammerfest"],
        health_trusts=["finnmarkssykehuset"], themes=["Digitale løsninger"], target_group="Eldre med kols",
    ),
    "f-velferdsteknologi": dict(
        title="Velferdsteknologi i heimen", health_community="finnmark", municipalities=["Hammerfest"],
        health_trusts=["finnmarkssykehuset"], themes=["Digital løsning"], target_group="Hjemmeboende med demens",
    ),
    "g-uten-tema": dict(
        title="Kompetanseheving for jordmødre", health_community="lofoten-vesteralen-salten", municipalities=["Bodø"],
        health_trusts=["nordlandssykehuset"], lessons=["Hospitering virket best."], target_group="Gravide",
        contacts=None, owners=["Bodø kommune"],
    ),
}

BODIES = {
    "a-drop-in-tromso": DROP_IN_TEXT,
    "b-drop-in-balsfjord": DROP_IN_TEXT.replace("voksne", "innbyggere i Balsfjord"),
    "c-legevakt-alta": "Legevakten i Alta skal betjene hele regionen med felles telefon og ambulanse.",
    "d-rus-helgeland": "Oppsøkende rusarbeid blant ungdom på Helgeland med faste treffpunkter.",
    "e-digital-hjemmeoppfolging": "Nettbrett og målere for blodtrykk og oksygen i heimen.",
    "f-velferdsteknologi": "Sensorer, komfyrvakt og trygghetsalarm for personer med demens.",
    "g-uten-tema": "Jordmødre hospiterer på fødeavdelingen for å holde ferdighetene ved like.",
}


def write_known(workspace) -> None:
    for slug, fields in KNOWN.items():
        workspace.write(f"2025/{slug}.md", front(**fields), body=BODIES[slug] + "\n\n" + FULL_BODY)


@pytest.fixture
def known(workspace):
    write_known(workspace)
    return load_portfolio(workspace.applications, workspace.root)


@pytest.fixture
def pages(known):
    return {page: text.inline() for page, text in PageRenderer(build_model(known, dt.date(2025, 6, 2))).pages().items()}


@pytest.fixture
def application_pages(known):
    return PageRenderer(build_model(known, dt.date(2025, 6, 2))).html_pages()


def reasons(item) -> dict[str, str]:
    return {r.kind: r.text for r in item.reasons}


# Themes -----------------------------------------------------------------------------------

def test_themes_are_merged_across_case_and_white_space(known):
    themes = ThemeIndex(known)
    assert [t.name for t in themes.themes] == [
        "Akuttberedskap", "Digital løsning", "Digitale løsninger", "Lavterskeltilbud", "Psykisk helse", "Rus"]
    mental = themes.by_slug["psykisk-helse"]
    assert [a.slug for a in mental.applications] == ["a-drop-in-tromso", "b-drop-in-balsfjord"]
    assert [s.text for s in mental.spellings] == ["Psykisk helse", "psykisk helse"]
    assert [t.slug for t in themes.merged] == ["psykisk-helse"]
    assert [a.slug for a in themes.without_theme] == ["g-uten-tema"]


def test_themes_differing_only_in_inflection_are_reported_not_merged(known):
    similar = ThemeIndex(known).similar
    assert [[t.name for t in group.themes] for group in similar] == [["Digital løsning", "Digitale løsninger"]]


def test_theme_matrix_counts_and_links(pages):
    index = pages["tema/index.md"]
    row = next(line for line in index.splitlines() if line.startswith("| [Psykisk helse]"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    # Columns: theme, then the communities in scheme order, then the total.
    assert cells[1].startswith("[2](psykisk-helse.md#troms-og-ofoten)")
    assert 'aria-label="Psykisk helse: 2 søknader i Helsefellesskapet Troms og Ofoten"' in cells[1]
    assert cells[2:5] == ["–", "–", "–"] and cells[5] == "2"
    akutt = next(line for line in index.splitlines() if line.startswith("| [Akuttberedskap]"))
    assert "[1](akuttberedskap.md#finnmark)" in akutt
    assert "[Kompetanseheving for jordmødre](../soknader/g-uten-tema.md)" in index.split("uten-tema }")[1]


def test_theme_page_lists_its_applications_under_their_community(pages):
    page = pages["tema/psykisk-helse.md"]
    assert "\n# Psykisk helse\n" in "\n" + page.split("\n---\n", 1)[-1]
    community = page.split("{ #troms-og-ofoten }")[1]
    assert '"../../soknader/a-drop-in-tromso/"' in community and '"../../soknader/b-drop-in-balsfjord/"' in community
    assert "2 søknader har temaet «Psykisk helse»" in page
    assert "«Psykisk helse» og «psykisk helse»" in page
    assert "erfaringer/index.md#psykisk-helse" in page
    assert "Ingen søknader med temaet fra Helsefellesskap Helgeland, Helsefellesskap Finnmark og" in page
    # No decision on either: said in words, not as «0 kr innvilget».
    assert "Ingen av søknadene har fått vedtak ennå." in page and "innvilget" not in page.lower().split("# psykisk helse")[1].split("\n\n")[1]


def test_quality_page_lists_merged_and_similar_themes(pages):
    page = pages["datakvalitet.md"]
    merged = page.split("{ #tema-slatt-sammen }")[1].split("{ #tema-som-ligner }")[0]
    # The applications by their title, linked; the file name is for contributors.
    assert "«psykisk helse» | [Drop in samtaler i Balsfjord](soknader/b-drop-in-balsfjord.md)" in merged
    assert "applications/2025" not in page
    similar = page.split("{ #tema-som-ligner }")[1]
    assert "[Digital løsning](tema/digital-losning.md) (1) og [Digitale løsninger](tema/digitale-losninger.md) (1)" in similar


def test_the_same_theme_twice_in_one_application_is_an_error(workspace):
    workspace.write("2025/dobbel.md", front(themes=["Rus", "rus "]))
    workspace.write("2025/tom.md", front(themes=["–"]))
    problems = {(p.path.rsplit("/", 1)[1], p.field): p.message for p in
                validate_applications(workspace.applications, load_portfolio_scheme(workspace)).errors}
    assert problems[("dobbel.md", "themes[2]")] == "«rus» er samme tema som «Rus»"
    assert problems[("tom.md", "themes[1]")] == "temaet «–» må inneholde bokstaver eller tall"


def load_portfolio_scheme(workspace):
    from grant_portfolio.input.scheme import load_scheme
    return load_scheme(workspace.applications / "scheme.yml")


# Related applications ---------------------------------------------------------------------

def test_related_lists_and_their_reasons(known):
    related = related_applications(known)
    a = related["a-drop-in-tromso"]
    assert a[0].record.slug == "b-drop-in-balsfjord"
    why = reasons(a[0])
    assert why["theme"] == "samme tema (Lavterskeltilbud og Psykisk helse)"
    assert why["municipality"] == "samme kommune (Tromsø)"
    assert why["target_group"] == "lignende målgruppe"
    assert why["text"].startswith("lignende tekst (felles ord som «")
    # Symmetric: b lists a, with the same reasons.
    b = related["b-drop-in-balsfjord"]
    assert b[0].record.slug == "a-drop-in-tromso" and b[0].reasons == a[0].reasons and b[0].score == a[0].score


def test_explicit_related_come_first_and_link_back(known):
    related = related_applications(known)
    d = related["d-rus-helgeland"]
    assert [x.record.slug for x in d] == ["c-legevakt-alta"]
    assert reasons(d[0]) == {"related": "oppgitt som relatert i søknaden"}
    c = related["c-legevakt-alta"]
    assert c[0].record.slug == "d-rus-helgeland"
    assert reasons(c[0]) == {"related_by": "den andre søknaden viser til denne"}


def test_only_pairs_with_a_reason_in_words_are_shown(known):
    related = related_applications(known)
    # e and f share a municipality; their themes are different (only alike).
    assert [(x.record.slug, reasons(x)) for x in related["e-digital-hjemmeoppfolging"]] == [
        ("f-velferdsteknologi", {"municipality": "samme kommune (Hammerfest)"})]
    assert related["g-uten-tema"] == []
    for items in related.values():
        assert all(item.reasons for item in items)


def test_application_page_shows_related_reasons_and_contacts(application_pages):
    page = application_pages["soknader/a-drop-in-tromso.md"]().html
    section = page.split('<h2 id="relaterte">')[1]
    assert '<a href="../b-drop-in-balsfjord/">Drop in samtaler i Balsfjord</a>' in section
    assert "Hvorfor: samme tema (Lavterskeltilbud og Psykisk helse); samme kommune (Tromsø); lignende målgruppe;" in section
    contact = page.split('<h2 id="kontakt">')[1].split('<h2 id="relaterte">')[0]
    assert ('<li>Kari Nordmann, Tromsø kommune, <a href="mailto:kari@tromso.kommune.no">kari@tromso.kommune.no</a></li>'
            in contact)
    assert "<p>Prosjekteiere: Tromsø kommune og UNN HF.</p>" in contact
    facts = page.split('<h2 id="fakta">')[1].split("</div>")[0]
    assert ('<a href="../../tema/psykisk-helse/">Psykisk helse</a>, '
            '<a href="../../tema/lavterskeltilbud/">Lavterskeltilbud</a>') in facts
    lone = application_pages["soknader/g-uten-tema.md"]().html
    assert 'id="relaterte"' not in lone
    assert ("<p>Søknaden oppgir ingen kontaktperson; spør prosjekteierne.</p>\n\n<p>Prosjekteier: Bodø kommune.</p>"
            in lone.split('<h2 id="kontakt">')[1])


def test_at_most_five_and_always_symmetric_in_a_crowd(workspace):
    # Twelve applications with one theme in common: everyone is a candidate for everyone.
    for n in range(12):
        workspace.write(f"2025/felles-{n:02d}.md", front(title=f"Prosjekt {n}", themes=["Psykisk helse"],
                                                           municipalities=["Tromsø" if n % 2 else "Balsfjord"]))
    related = related_applications(load_portfolio(workspace.applications, workspace.root))
    for slug, items in related.items():
        assert 1 <= len(items) <= MAX_RELATED
        for item in items:
            assert slug in [x.record.slug for x in related[item.record.slug]]
    # Same municipality scores higher than theme alone, so those pairs are chosen.
    assert all("municipality" in reasons(x) for x in related["felles-00"])


def test_relatedness_is_the_same_whatever_the_hash_seed(workspace):
    write_known(workspace)
    script = (
        "import json, sys; from pathlib import Path\n"
        "from grant_portfolio.model.portfolio import load_portfolio\n"
        "from grant_portfolio.model.related import related_applications\n"
        "p = load_portfolio(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "print(json.dumps({k: [(x.record.slug, x.score, [r.text for r in x.reasons]) for x in v]"
        " for k, v in related_applications(p).items()}, sort_keys=True))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script, str(workspace.applications), str(workspace.root)],
                                capture_output=True, text=True, env=env, check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["a-drop-in-tromso"][0][0] == "b-drop-in-balsfjord"


def test_method_page_states_the_weights_from_the_code(pages):
    page = pages["erfaringer/relaterte.md"]
    assert f"inntil {MAX_RELATED} relaterte" in page
    assert "| Samme kommune | 0,5 for hver kommune de har felles, høyst 1 |" in page
    assert related_module.MUNICIPALITY_POINTS == 0.5 and related_module.MUNICIPALITY_MAX == 1.0


# Lessons and references -------------------------------------------------------------------

def test_lessons_grouped_by_theme_with_contacts(known, pages):
    groups = lessons_by_theme(ThemeIndex(known))
    assert [(g.title, [a.slug for a in g.applications]) for g in groups] == [
        ("Lavterskeltilbud", ["a-drop-in-tromso", "b-drop-in-balsfjord"]),
        ("Psykisk helse", ["a-drop-in-tromso", "b-drop-in-balsfjord"]),
        ("Uten tema", ["g-uten-tema"]),
    ]
    page = pages["erfaringer/index.md"]
    mental = page.split("{ #psykisk-helse }")[1].split("{ #uten-tema }")[0]
    assert "<li>Drop in senker terskelen for å søke hjelp.</li>" in mental
    assert "<li>Samarbeid med fastlegene var avgjørende.</li>" in mental
    assert '<li>Kari Nordmann, Tromsø kommune, <a href="mailto:kari@tromso.kommune.no">kari@tromso.kommune.no</a></li>' in mental
    assert "3 søknader har skrevet ned erfaringer." in page
    no_theme = page.split("{ #uten-tema }")[1]
    assert "<li>Hospitering virket best.</li>" in no_theme and "Søknaden oppgir ingen kontaktperson" in no_theme


def test_references_are_merged_by_address_or_title(known, pages):
    refs = shared_references(known.applications)
    assert [(r.title, [a.slug for a in r.applications]) for r in refs] == [
        (LILLESTROM, ["a-drop-in-tromso", "b-drop-in-balsfjord", "c-legevakt-alta"]),
        ("Legevakt i Bergen", ["c-legevakt-alta"]),
    ]
    assert refs[0].urls == ["https://www.lillestrom.kommune.no/drop-in/"]  # one page, as first given
    assert url_key("HTTPS://WWW.Example.org/a/#x") == url_key("http://example.org/a") == "https://example.org/a"
    page = pages["erfaringer/referanser.md"]
    assert "2 tiltak er nevnt i 3 søknader." in page
    first = page.split("{ #tiltak-1 }")[1].split("{ #tiltak-2 }")[0]
    assert first.count("<li><a ") == 3 and ": «Gode erfaringer med drop in.»" in first
    assert "Også omtalt som «drop in tilbud i Lillestrøm kommune» og «Lillestrøms drop in-tilbud»." in first
    assert first.count("Nettadresse:") == 1


def test_real_site_pages_render(tmp_path):
    portfolio = load_portfolio(ROOT / "applications", ROOT)
    pages = {path: page.inline() for path, page in PageRenderer(build_model(portfolio, dt.date(2025, 6, 2))).pages().items()}
    assert "Drop in tilbud og digital bookingløsning i Lillestrøm kommune" in pages["erfaringer/referanser.md"]
    assert "tema/psykisk-helse.md" in pages


# The built site ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sharing_site(tmp_path_factory):
    return build_test_site(tmp_path_factory, write_known)


@pytest.mark.build
def test_sharing_pages_are_built_and_in_the_navigation(sharing_site):
    html = (sharing_site / "soknader/index.html").read_text("utf-8")
    nav = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    sections = re.split(r'id="__nav_\d+"', nav)[1:]  # one per top-level entry with children
    section = next(s for s in sections if "Erfaringsdeling" in s.split("</a>")[0])
    for target in ("../erfaringer/", "../tema/", "../erfaringer/referanser/", "../erfaringer/relaterte/"):
        assert f'href="{target}"' in section
    for slug in ("psykisk-helse", "lavterskeltilbud", "akuttberedskap", "digital-losning", "digitale-losninger", "rus"):
        assert (sharing_site / "tema" / slug / "index.html").is_file()


@pytest.mark.build
def test_matrix_cells_lead_to_the_community_on_the_theme_page(sharing_site):
    html = (sharing_site / "tema/index.html").read_text("utf-8")
    cell = re.search(r'<a aria-label="(Psykisk helse[^"]+)" href="([^"]+)">2</a>', html)
    assert cell, "the count is a link with a label that says what it counts"
    assert cell.group(1) == "Psykisk helse: 2 søknader i Helsefellesskapet Troms og Ofoten"
    page, anchor = cell.group(2).split("#")
    target = (sharing_site / "tema" / page / "index.html").read_text("utf-8")
    assert f'id="{anchor}"' in target
    assert "Drop in samtalebehandling i Tromsø" in text_of(sharing_site / "tema" / page / "index.html")


@pytest.mark.build
def test_every_page_links_the_atom_feed_in_its_head(sharing_site):
    pages = list(sharing_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        head = page.read_text("utf-8").split("</head>")[0]
        link = re.search(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]+" href="([^"]+)"', head)
        assert link, page
        href = link.group(1)  # relative, or from the site's root on the 404 page (served anywhere)
        base = sharing_site if href.startswith("/") else page.parent
        assert (base / href.lstrip("/")).resolve() == (sharing_site / "feed.xml").resolve(), page
    assert (sharing_site / "feed.xml").read_bytes().count(b"<entry>") == len(KNOWN)
