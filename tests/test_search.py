"""The search core (grant_portfolio/search.py): what is searched, the index files, and the built
site's search. The search page in a browser, and its stemmer against Python's, are tested in
test_search_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, Workspace, front, page_dest
from grant_portfolio.model import search
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.search import (
    SearchDocument, Section, page_document, search_documents, search_index_files, tokens,
)
from grant_portfolio.site import build_site, hand_written_pages
from grant_portfolio.text import plain_text, split_front_matter
from grant_portfolio.model.themes import ThemeIndex


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
    pages = {path: page.text for path, page in content.pages.items()}
    for path, text in hand_written_pages(ROOT / "docs"):
        pages.setdefault(path, text)
    return content, list(content.model.search_documents(pages))


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


@pytest.mark.build
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


def test_words_are_letters_and_digits_in_lower_case():
    assert tokens("Drop-in for UNN_HF i 2025: Tromsø, Ålesund og «e-helse».") == [
        "drop", "in", "for", "unn", "hf", "2025", "tromsø", "ålesund", "og", "helse"]


def read_index(folder):
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    postings = {}
    for prefix, number in manifest["biter"].items():
        shard = json.loads((folder / "ord" / f"{number}.json").read_text("utf-8"))
        for term, flat in shard.items():
            assert term.startswith(prefix), (term, prefix)
            documents, previous = {}, 0
            for position in range(0, len(flat), 2):
                previous += flat[position]
                documents[previous] = flat[position + 1]
            postings[term] = documents
    return manifest, postings


def write_search_index(documents, folder: Path, directory_urls: bool = True) -> None:
    for path, data in search_index_files(documents, directory_urls):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)


def test_the_index_holds_stems_scores_and_the_documents_by_section(tmp_path):
    documents = [
        SearchDocument(page="soknader/a.md", title="Drop in samtalebehandling", kind="Søknad",
                       details="Troms og Ofoten · 2025-1 · Søkt", text="Et lavterskeltilbud.",
                       sections=(Section("Mål", "mal", "Samtalebehandlingen skal gis raskt."),)),
        SearchDocument(page="om.md", title="Om nettstedet", kind="Side", text="Samtalebehandling nevnes én gang her."),
        SearchDocument(page="kommuner/alta.md", title="Alta", kind="Kommune"),
    ]
    write_search_index(documents, tmp_path, directory_urls=True)
    manifest, postings = read_index(tmp_path)
    assert manifest["dokumenter"] == 3 and manifest["prefiks"] == search.MIN_PREFIX
    # "samtalebehandlingen" and "samtalebehandling" are one stem; the title weighs more.
    assert set(postings["samtalebehandling"]) == {0, 1}
    assert postings["samtalebehandling"][0] > postings["samtalebehandling"][1]
    assert set(postings[search.stem("alta")]) == {2}  # "alt"
    first = json.loads((tmp_path / "dok" / "0.json").read_text("utf-8"))
    assert first == {"t": "Drop in samtalebehandling", "u": "soknader/a/", "k": "Søknad",
                     "d": "Troms og Ofoten · 2025-1 · Søkt",
                     "s": [["", "", "Et lavterskeltilbud."], ["Mål", "mal", "Samtalebehandlingen skal gis raskt."]]}
    assert json.loads((tmp_path / "dok" / "2.json").read_text("utf-8"))["s"] == []
    write_search_index(documents[1:2], tmp_path / "flat", directory_urls=False)
    assert json.loads((tmp_path / "flat" / "dok" / "0.json").read_text("utf-8"))["u"] == "om.html"


def test_a_large_prefix_is_split_by_one_more_letter(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_BYTES", 200)
    words = [f"sam{chr(97 + i)}{chr(97 + j)}ord" for i in range(6) for j in range(6)]
    documents = [SearchDocument(page=f"side-{n}.md", title="Side", kind="Side", text=" ".join(words))
                 for n in range(5)]
    write_search_index(documents, tmp_path)
    manifest, postings = read_index(tmp_path)
    assert "sa" not in manifest["biter"] and "sama" in manifest["biter"]
    assert all(len((tmp_path / "ord" / f"{n}.json").read_bytes()) <= 400 for n in manifest["biter"].values())
    assert all(set(postings[word]) == set(range(5)) for word in words)


def test_the_workspace_portfolio_is_searchable(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/a.md", front(title="Felles legevakt"), body="## Kort beskrivelse av prosjektet/piloten\n\nOrd.")
    portfolio = load_portfolio(workspace.applications, tmp_path)
    documents = list(search_documents(portfolio, ThemeIndex(portfolio), {}))
    assert [d.page for d in documents] == ["soknader/a.md"]
    assert documents[0].sections[0].text == "Ord."


@pytest.mark.build
def test_the_built_site_has_the_search_page_and_index_but_no_material_search(real_site):
    assert (real_site / "sok" / "index.html").is_file()
    manifest = json.loads((real_site / "sokeindeks" / "manifest.json").read_text("utf-8"))
    assert (real_site / "sokeindeks").stat().st_mode & 0o755 == 0o755  # readable by the web server
    documents = [json.loads(p.read_text("utf-8")) for p in (real_site / "sokeindeks" / "dok").glob("*.json")]
    assert manifest["dokumenter"] == len(documents)
    assert {"soknader/drop-in-samtalebehandling/", "soknader/forprosjekt-samordning-psykisk-helsevern-og-rus/",
            "ytelse/"} <= {d["u"] for d in documents}
    assert not (real_site / "search").exists()
    home = (real_site / "index.html").read_text("utf-8")
    assert 'role="search"' in home and 'action="sok/"' in home
    assert "sokeindeks" not in home, "forsiden laster søket"
    search_page = (real_site / "sok" / "index.html").read_text("utf-8")
    assert 'src="../assets/javascripts/sok.js"' in search_page and "sok-topp" not in search_page


def test_counted_words_are_the_words_counted():
    """The fast counts (runs of word characters first) equal counting the words one by one."""
    from collections import Counter

    from grant_portfolio.model.search import token_counts
    from grant_portfolio.text import word_counts, words

    text = ("Drop-in for UNN_HF i 2025: Tromsø, Ålesund og «e-helse». AP1 og AP2, x², a_b_cd, "
            "STRASSE og Straße, e\u0301 og é, ½ time, __init__, 3a, a3 og samtalebehandlingen.")
    assert token_counts(text) == Counter(tokens(text))
    assert word_counts(text) == Counter(words(text))
