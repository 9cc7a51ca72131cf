"""The search core (grant_portfolio/search.py): what is searched, the documents Pagefind reads,
running Pagefind, and the built site's search. The search page in a browser is tested in
test_search_browser.py."""

from __future__ import annotations

import json
import re
import sys

import pytest
from conftest import ROOT, Workspace, front
from grant_portfolio import search
from grant_portfolio.portfolio import load_portfolio
from grant_portfolio.search import (
    SearchDocument, SearchIndexError, SearchIndexJob, Section, build_search_index, document_html, page_dest,
    page_document, search_documents,
)
from grant_portfolio.site import build_site
from grant_portfolio.text import plain_text, split_front_matter
from grant_portfolio.themes import ThemeIndex


def test_plain_text_drops_markdown_marks_and_keeps_the_words():
    markdown = (
        "## Mål { #mal }\n\nDette er **viktig** og *fint*: se [rapporten](../x.md) og ![kart](k.png).\n"
        "Linjen fortsetter her.\n\n| Post | Beløp |\n|---|--:|\n| Lønn \\| drift | 1 000 |\n\n"
        "- første punkt\n1. andre punkt\n> sitat\n\n<div markdown>inni</div> &amp; 1\\. mars med snake_case\n\n"
        "```\nkode\n```\n\n[x]: https://example.org\n*[UNN]: Universitetssykehuset\n"
    )
    assert plain_text(markdown).split("\n") == [
        "Mål",
        "Dette er viktig og fint: se rapporten og kart. Linjen fortsetter her.",
        "Post Beløp Lønn | drift 1 000",
        "første punkt andre punkt sitat",
        "inni & 1. mars med snake_case",
        "kode",
    ]


def test_front_matter_is_split_from_the_page():
    assert split_front_matter("---\ntitle: Hei\n---\n# X\n") == ({"title": "Hei"}, "# X\n")
    assert split_front_matter("# Uten\n") == ({}, "# Uten\n")
    assert split_front_matter("---\n- liste\n---\nTekst") == ({}, "Tekst")


def test_page_addresses_follow_mkdocs():
    assert page_dest("soknader/x.md") == "soknader/x/index.html"
    assert page_dest("bidra/index.md") == "bidra/index.html"
    assert page_dest("index.md") == "index.html"
    assert page_dest("soknader/x.md", directory_urls=False) == "soknader/x.html"


@pytest.fixture(scope="module")
def real():
    content = build_site(ROOT, site_url="https://example.org/")
    pages = dict(content.pages)
    for path in (ROOT / "docs").rglob("*.md"):
        pages.setdefault(path.relative_to(ROOT / "docs").as_posix(), path.read_text("utf-8"))
    return content, search_documents(content.portfolio, content.themes, pages)


def test_every_application_is_one_document_with_its_text(real):
    content, documents = real
    by_page = {d.page: d for d in documents}
    assert len(by_page) == len(documents), "en side er med to ganger"
    for record in content.portfolio.applications:
        document = by_page[f"soknader/{record.slug}.md"]
        assert document.title == record.meta.title and document.kind == "Søknad"
        community = content.portfolio.scheme.community_by_id[record.meta.health_community].label
        assert document.details.startswith(community)
        assert [s.heading for s in document.sections] == [s.heading for s in record.sections]
        assert all(s.text for s in document.sections)
    drop_in = by_page["soknader/drop-in-samtalebehandling.md"]
    assert "omsorgstrappa" in " ".join(s.text for s in drop_in.sections)  # a word from the body only


def test_overview_pages_by_name_and_lists_left_out(real):
    content, documents = real
    kinds = {d.page: d.kind for d in documents}
    assert kinds["helsefellesskap/troms-og-ofoten.md"] == "Helsefellesskap"
    assert kinds["runder/2025-1.md"] == "Søknadsrunde"
    assert kinds["kommuner/tromso.md"] == "Kommune"
    assert all(not d.text for d in documents if d.kind in {"Helsefellesskap", "Søknadsrunde", "Kommune", "Tema"})
    for left_out in ("finn/index.md", "soknader/index.md", "budsjett/index.md", "erfaringer/index.md",
                     "helsefellesskap/index.md", "kommuner/index.md", "sok.md"):
        assert left_out not in kinds, left_out
    assert kinds["bidra/index.md"] == "Side" and kinds["personvern.md"] == "Side"
    bidra = next(d for d in documents if d.page == "bidra/index.md")
    assert bidra.title == "Bidra" or bidra.title.startswith("Slik"), bidra.title
    assert "](" not in bidra.text and "**" not in bidra.text


def test_section_anchors_are_the_built_pages_heading_ids(real, real_site):
    content, documents = real
    for document in documents:
        if document.kind != "Søknad":
            continue
        html = (real_site / page_dest(document.page)).read_text("utf-8")
        ids = set(re.findall(r'<h2 id="([^"]+)"', html))
        assert {s.anchor for s in document.sections} <= ids, document.page


def test_a_page_can_stay_out_and_takes_its_title_from_front_matter_or_heading():
    assert page_document("x.md", "---\nsearch:\n  exclude: true\n---\n# X\n") is None
    assert page_document("x.md", "---\ntitle: Fra forsiden\n---\n# Overskrift\n\nTekst.").title == "Fra forsiden"
    document = page_document("x.md", "# Overskrift med *vekt*\n\nTekst [lenke](a.md).")
    assert document.title == "Overskrift med vekt" and document.text == "Tekst lenke."


def test_the_document_html_is_escaped_and_norwegian():
    document = SearchDocument(page="soknader/x.md", title="<script>alert(1)</script>", kind="Søknad",
                              details="Troms og Ofoten, 2025 · Søkt", text="A & B\n<b>fet</b>",
                              sections=(Section("Mål <i>", "mal", "Tekst"),))
    html = document_html(document)
    assert '<html lang="nb">' in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "<i>" not in html
    # From an attribute: the comma stays, and does not start a new key
    assert 'data-pagefind-meta="details[data-value]" data-value="Troms og Ofoten, 2025 · Søkt"' in html
    assert '<h2 id="mal">Mål &lt;i&gt;</h2>' in html


def test_pagefind_builds_a_norwegian_index_without_its_ready_made_interfaces(tmp_path):
    documents = [SearchDocument(page="soknader/a.md", title="Drop in", kind="Søknad", text="samtalebehandling for voksne"),
                 SearchDocument(page="om.md", title="Om", kind="Side", text="Om nettstedet")]
    target = build_search_index(documents, tmp_path / "site")
    assert target == tmp_path / "site" / "pagefind"
    entry = json.loads((target / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["nb"]["page_count"] == 2
    assert (target / "pagefind.js").is_file() and (target / "wasm.nb.pagefind").is_file()
    assert not list(target.glob("pagefind-*ui.*")) and not (target / "pagefind-highlight.js").exists()


def test_a_failing_pagefind_stops_the_build_with_a_norwegian_message(tmp_path, monkeypatch):
    documents = [SearchDocument(page="om.md", title="Om", kind="Side")]
    monkeypatch.setattr(search, "pagefind_command",
                        lambda: [sys.executable, "-c", "import sys; print('noe gikk galt'); sys.exit(3)"])
    with pytest.raises(SearchIndexError, match=r"(?s)kunne ikke lages \(Pagefind avsluttet med kode 3\).*noe gikk galt"):
        build_search_index(documents, tmp_path)
    monkeypatch.setattr(search, "pagefind_command", lambda: [str(tmp_path / "finnes-ikke")])
    with pytest.raises(SearchIndexError, match="Pagefind kunne ikke startes"):
        build_search_index(documents, tmp_path)


def test_a_cancelled_index_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "pagefind_command", lambda: [sys.executable, "-c", "import time; time.sleep(30)"])
    job = SearchIndexJob([SearchDocument(page="om.md", title="Om", kind="Side")])
    process, work = job._process, job._work
    job.cancel()
    assert not work.exists() and process.poll() is not None
    with pytest.raises(SearchIndexError):
        job.finish(tmp_path)
    # Jobs left running when the interpreter exits (an interrupted build) are stopped too.
    jobs = [SearchIndexJob([SearchDocument(page="om.md", title="Om", kind="Side")]) for _ in range(2)]
    assert set(jobs) <= search._running
    search.cancel_all()
    assert not search._running
    assert all(job._process is None and not job._work.exists() for job in jobs)


def test_the_workspace_portfolio_is_searchable(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/a.md", front(title="Felles legevakt"), body="## Kort beskrivelse av prosjektet/piloten\n\nOrd.")
    portfolio = load_portfolio(workspace.applications, tmp_path)
    documents = search_documents(portfolio, ThemeIndex(portfolio), {})
    assert [d.page for d in documents] == ["soknader/a.md"]
    assert documents[0].sections[0].text == "Ord."


def test_the_built_site_has_the_search_page_and_index_but_no_material_search(real_site):
    assert (real_site / "sok" / "index.html").is_file()
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    assert not (real_site / "search").exists()
    home = (real_site / "index.html").read_text("utf-8")
    assert 'role="search"' in home and 'action="sok/"' in home
    assert "pagefind" not in home, "forsiden laster søket"
    search_page = (real_site / "sok" / "index.html").read_text("utf-8")
    assert 'src="../assets/javascripts/sok.js"' in search_page and "sok-topp" not in search_page
