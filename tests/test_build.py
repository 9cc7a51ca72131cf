"""End to end: MkDocs builds the real site with --strict, and refuses a broken portfolio
with every problem listed, a non-zero exit and no traceback."""

from __future__ import annotations

import re

import pytest
from conftest import NBSP, amount, copy_project, front, site_build, nav_links, parse_page, text_of

pytestmark = pytest.mark.build


def test_drop_in_application_renders_with_its_figures(real_site):
    text = text_of(real_site / "soknader/drop-in-samtalebehandling/index.html")
    assert "Drop in samtalebehandling – psykisk helsehjelp for voksne" in text
    assert f"3{NBSP}697{NBSP}515{NBSP}kr" in text
    assert f"1{NBSP}000{NBSP}000{NBSP}kr" in text  # the municipality's own contribution
    assert "Bruk av eksisterende lokaler" in text
    assert "Helsefellesskapet Troms og Ofoten" in text and "Tromsø" in text
    assert "Lillestrøm" in text  # the similar initiative it cites
    for heading in ("Kort beskrivelse av prosjektet/piloten", "Prosjektplan, inkludert evalueringspunkter"):
        assert heading in text


def test_pre_project_application_renders_nine_budget_lines(real_site):
    page = "soknader/forprosjekt-samordning-psykisk-helsevern-og-rus/index.html"
    text = text_of(real_site / page)
    budget = parse_page(real_site, page).tables[0]  # the budget overview comes first
    assert budget[0] == ["Post", "Kategori (satt av redaksjonen)", "Sats", "Omfang", "Beløp"]
    values = [amount(row[-1]) for row in budget[1:-1]]
    assert len(values) == 9
    assert sum(values) == 3_400_000
    assert budget[-1][0] == "Sum søkt" and amount(budget[-1][-1]) == 3_400_000
    assert "1. mars 2025 til 15. september 2025" in text
    for name in ("Balsfjord", "Dyrøy", "Kvænangen", "Kåfjord", "Lyngen", "Målselv", "Nordreisa", "Senja",
                 "Skjervøy", "Storfjord", "Sørreisa"):
        assert name in text


def test_list_home_and_quality_pages(real_site):
    index = text_of(real_site / "soknader/index.html")
    assert "Drop in samtalebehandling" in index and "Forprosjekt: Utredning av piloter" in index
    assert f"7{NBSP}097{NBSP}515{NBSP}kr" in index
    home = text_of(real_site / "index.html")
    assert f"Søkt beløp i alt 7{NBSP}097{NBSP}515{NBSP}kr" in home
    assert "Søknader 2 " in home
    assert "1. mars 2025" in home and "post@unn.no" in home
    quality = text_of(real_site / "datakvalitet/index.html")
    assert "«13 kommuner», men søknaden har 11 kommuner" in quality


def test_generated_reference_template_and_json_schema(real_site):
    reference = text_of(real_site / "bidra/felt/index.html")
    assert "budget.lines[].amount" in reference and "troms-og-ofoten" in reference
    template = text_of(real_site / "bidra/mal/index.html")
    assert "health_community: troms-og-ofoten" in template
    assert (real_site / "data/skjema/soknad.schema.json").is_file()


def test_site_language_no_google_fonts_and_applications_out_of_nav(real_site):
    for page in ("index.html", "soknader/index.html", "soknader/drop-in-samtalebehandling/index.html"):
        html = (real_site / page).read_text("utf-8")
        assert '<html lang="nb"' in html
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        links = nav_links(html)
        assert links, page
        assert not [link for link in links if re.search(r"soknader/[a-z0-9-]+/$", link)], links
    assert not (real_site / "search").exists(), "Material's search index is back"
    assert (real_site / "sokeindeks/manifest.json").is_file()  # the site's own search index


def test_broken_portfolio_fails_with_every_problem_and_no_traceback(tmp_path):
    workspace = copy_project(tmp_path / "project")
    workspace.write("2025/gyldig.md", front())
    workspace.write("2025/feil-status.md", front(status="godkjent"))
    workspace.write("2025/feil-sum.md", front(budget={"requested": 100, "lines": [{"item": "A", "amount": 90}]}))
    workspace.write("2025/uten-forside.md", raw="Bare tekst.\n")
    result = site_build(workspace.root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "applications/2025/feil-status.md:" in output and ": status: ukjent status `godkjent`" in output
    assert "applications/2025/feil-sum.md:" in output and f"budget.lines: budsjettlinjene summerer til 90{NBSP}kr" in output
    assert "applications/2025/uten-forside.md:1: mangler forside" in output
    assert "Fant 3 feil i 3 filer." in output
    assert not (tmp_path / "site" / "soknader" / "gyldig" / "index.html").exists()


def test_broken_scheme_file_is_reported_with_its_line(tmp_path):
    workspace = copy_project(tmp_path / "project")
    scheme = workspace.applications / "scheme.yml"
    scheme.write_text(scheme.read_text("utf-8").replace("health_trust: unn", "health_trust: ukjent", 1), "utf-8")
    result = site_build(workspace.root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "applications/scheme.yml" in output and "ukjent helseforetak `ukjent`" in output


def test_site_without_site_url_is_refused_with_a_message(tmp_path):
    workspace = copy_project(tmp_path / "project")
    workspace.write("2025/gyldig.md", front())
    config = workspace.root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text("utf-8")), "utf-8")
    result = site_build(workspace.root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "site_url mangler i mkdocs.yml" in output


def test_real_site_has_open_data_but_no_360giving_file_before_any_grant(real_site):
    data = real_site / "data"
    assert {p.name for p in data.iterdir() if p.is_file()} == {
        "index.html", "soknader.csv", "budsjettlinjer.csv", "soknader.xlsx", "soknader.json"}
    text = text_of(data / "index.html")
    assert "fila lages når den første søknaden er innvilget" in text
    csv_text = (data / "soknader.csv").read_text("utf-8-sig")
    assert "drop-in-samtalebehandling" in csv_text and ";3697515;" in csv_text


def edit_link(html: str) -> str | None:
    match = re.search(r'<a href="([^"]+)" title="Rediger denne siden"', html)
    return match.group(1) if match else None


def test_edit_links_point_to_the_source_files(real_site):
    page = (real_site / "soknader" / "drop-in-samtalebehandling" / "index.html").read_text(encoding="utf-8")
    assert edit_link(page) == (
        "https://github.com/helse-nord/samhandlingstilskudd/edit/main/applications/2025/drop-in-samtalebehandling.md")
    guide = (real_site / "bidra" / "index.html").read_text(encoding="utf-8")
    assert edit_link(guide) == "https://github.com/helse-nord/samhandlingstilskudd/edit/main/docs/bidra/index.md"
    for generated in ("index.html", "soknader/index.html", "bidra/mal/index.html", "bidra/feilmeldinger/index.html",
                      "helsefellesskap/troms-og-ofoten/index.html"):
        assert edit_link((real_site / generated).read_text(encoding="utf-8")) is None, generated
    # The footer links to the repository, without Material's component that calls GitHub's API.
    assert '<a href="https://github.com/helse-nord/samhandlingstilskudd" class="look-source">' in page
    assert 'data-md-component="source"' not in page


def test_repository_and_edit_addresses_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("REPO_URL", "https://git.example.org/region/tilskudd")
    monkeypatch.setenv("EDIT_URI", "_edit/trunk/docs/")
    monkeypatch.setenv("SITE_URL", "https://tilskudd.example.net/")
    project = copy_project(tmp_path / "project")
    project.write("2025/lokal-sak.md", front())
    site = tmp_path / "site"
    result = site_build(project.root, site)
    assert result.returncode == 0, result.stderr
    page = (site / "soknader" / "lokal-sak" / "index.html").read_text(encoding="utf-8")
    assert edit_link(page) == "https://git.example.org/region/tilskudd/_edit/trunk/applications/2025/lokal-sak.md"
    assert '<link rel="canonical" href="https://tilskudd.example.net/soknader/lokal-sak/">' in page


def test_common_mistakes_page_shows_the_real_messages(real_site, scheme):
    from grant_portfolio.pages.guide import error_guide

    text = text_of(real_site / "bidra" / "feilmeldinger" / "index.html")
    for example in error_guide(scheme).examples:
        assert example.title in text
        for message in example.messages:
            assert message in text, message


def test_theme_texts_are_norwegian_and_every_page_links_the_statements(real_site):
    """Material leaves "Header", "Footer" and "Made with" in English in its Norwegian
    translation; screen readers read the first two as the names of the page's regions."""
    for page in ("index.html", "soknader/drop-in-samtalebehandling/index.html", "404.html"):
        html = (real_site / page).read_text("utf-8")
        assert 'aria-label="Toppfelt"' in html, page
        assert "Made with" not in html and 'aria-label="Header"' not in html, page
        assert re.search(r'href="[^"]*tilgjengelighet/">Tilgjengelighetserklæring</a>', html), page
        assert re.search(r'href="[^"]*personvern/">Personvern</a>', html), page


def test_every_link_inside_the_site_leads_to_a_file(varied_site):
    """MkDocs checks the links in Markdown; the parts of application pages written as HTML (fact
    box, related applications) are checked here, with every other link in the built site."""
    from urllib.parse import unquote, urlsplit

    broken = []
    for page in varied_site.rglob("*.html"):
        if page.name == "404.html":  # addresses from the site's root: it is shown at any address
            continue
        html = page.read_text("utf-8")
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("#", "mailto:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(varied_site)}: {href}")
    assert not broken, broken[:20]
