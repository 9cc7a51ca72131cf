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
    GROUPS, NOT_SEARCHED, SearchDocument, Section, page_document, parse_query, query_index, readable,
    search_documents, search_index_files, tokens,
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
    # Found by name: no text, except a municipality's parallel names, as its page's subtitle has them.
    scheme = content.portfolio.scheme
    parallel = {f"kommuner/{m.slug}.md": " · ".join(f"{p.name} ({p.language_name})" for p in m.parallel_names)
                for m in scheme.municipality_by_name.values()}
    for document in documents:
        if document.kind in {"Helsefellesskap", "Søknadsrunde", "Kommune", "Tema"}:
            assert document.text == parallel.get(document.page, ""), document.page
    assert by_page_text(documents, "kommuner/nordreisa.md") == "Ráisa (nordsamisk) · Raisi (kvensk)"
    assert by_page_text(documents, "kommuner/tromso.md") == ""
    for left_out in ("finn/index.md", "soknader/index.md", "budsjett/index.md", "erfaringer/index.md",
                     "helsefellesskap/index.md", "kommuner/index.md", "sok.md"):
        assert left_out not in kinds, left_out
    assert kinds["bidra/index.md"] == "Side" and kinds["personvern.md"] == "Side"
    assert not NOT_SEARCHED & set(kinds), "en side for bidragsytere eller målinger er med i søket"
    bidra = next(d for d in documents if d.page == "bidra/index.md")
    assert bidra.title == "Bidra" or bidra.title.startswith("Slik"), bidra.title
    assert "](" not in bidra.text and "**" not in bidra.text


def by_page_text(documents, page: str) -> str:
    return next(d.text for d in documents if d.page == page)


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
        SearchDocument(page="soknader/a.md", title="Drop in samtalebehandling", kind="Søknad", group="soknader",
                       details="Troms og Ofoten · 2025-1 · Søkt", text="Et lavterskeltilbud.",
                       sections=(Section("Mål", "mal", "Samtalebehandlingen skal gis raskt."),)),
        SearchDocument(page="om.md", title="Om nettstedet", kind="Side", text="Samtalebehandling nevnes én gang her."),
        SearchDocument(page="kommuner/alta.md", title="Alta", kind="Kommune"),
    ]
    write_search_index(documents, tmp_path, directory_urls=True)
    manifest, postings = read_index(tmp_path)
    assert manifest["dokumenter"] == 3 and manifest["prefiks"] == search.MIN_PREFIX
    assert manifest["grupper"] == [["Søknader", 0], ["Om ordningen og nettstedet", 1]]
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


def test_the_subtitle_is_searched(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/a.md", front(title="Felles legevakt", subtitle="Et samarbeid om nattevakter"))
    portfolio = load_portfolio(workspace.applications, tmp_path)
    [document] = search_documents(portfolio, ThemeIndex(portfolio), {})
    assert "Et samarbeid om nattevakter" in document.text


@pytest.mark.build
def test_the_built_site_has_the_search_page_and_index_but_no_material_search(real_site):
    assert (real_site / "sok" / "index.html").is_file()
    manifest = json.loads((real_site / "sokeindeks" / "manifest.json").read_text("utf-8"))
    assert (real_site / "sokeindeks").stat().st_mode & 0o755 == 0o755  # readable by the web server
    documents = [json.loads(p.read_text("utf-8")) for p in (real_site / "sokeindeks" / "dok").glob("*.json")]
    assert manifest["dokumenter"] == len(documents)
    addresses = {d["u"] for d in documents}
    assert {"soknader/drop-in-samtalebehandling/", "soknader/forprosjekt-samordning-psykisk-helsevern-og-rus/",
            "personvern/"} <= addresses
    assert not {"ytelse/", "datakvalitet/", "bidra/mal/"} & addresses
    assert [heading for heading, _ in manifest["grupper"]] == list(search.GROUPS.values())
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


# Groups, what is left out, and what an excerpt can show ----------------------------------------

@pytest.fixture(scope="module")
def real_index(real, tmp_path_factory):
    """The real site's index, written to a folder, and a reader of its files."""
    _, documents = real
    folder = tmp_path_factory.mktemp("sokeindeks")
    write_search_index(documents, folder)
    return folder, lambda path: (folder / path).read_bytes()


def hits(real_index, query: str) -> list[tuple[str, str, str]]:
    """``(group heading, address, kind)`` of each hit, in the search page's order."""
    folder, read = real_index
    headings = [heading for heading, _ in json.loads(read("manifest.json"))["grupper"]]
    out = []
    for group, document, _ in query_index(read, query):
        record = json.loads(read(f"dok/{document}.json"))
        out.append((headings[group], record["u"], record["k"]))
    return out


def test_the_documents_come_in_groups_applications_first(real):
    content, documents = real
    groups = [d.group for d in documents]
    assert groups == sorted(groups, key=list(GROUPS).index), "gruppene kommer ikke i rekkefølge"
    assert {d.kind for d in documents if d.group == "soknader"} == {"Søknad"}
    assert {d.kind for d in documents if d.group == "oversikter"} == {"Helsefellesskap", "Søknadsrunde", "Kommune", "Tema"}
    assert {d.kind for d in documents if d.group == "sider"} == {"Side"}
    # The pages for contributors and for measuring are built, and left out of the search.
    built = set(content.pages) | {path for path, _ in hand_written_pages(ROOT / "docs")}
    assert NOT_SEARCHED <= built, sorted(NOT_SEARCHED - built)
    pages = {d.page for d in documents if d.group == "sider"}
    assert {"index.md", "bidra/index.md", "personvern.md", "tilgjengelighet.md", "om-oversiktene.md"} <= pages
    assert not pages & NOT_SEARCHED


def test_rus_finds_the_two_applications_first_and_other_pages_after(real_index, real):
    content, _ = real
    found = hits(real_index, "rus")
    applications = {f"soknader/{r.slug}/" for r in content.portfolio.applications}
    assert len(applications) == 2
    assert {url for _, url, _ in found[:2]} == applications, found
    assert all(heading == "Søknader" for heading, _, _ in found[:2])
    assert all(heading != "Søknader" for heading, _, _ in found[2:])
    assert ("Helsefellesskap, runder, kommuner og tema", "tema/rus/", "Tema") in found
    assert "datakvalitet/" not in {url for _, url, _ in found}


@pytest.mark.parametrize("query", ["søknad", "kommune", "budsjett", "beløp", "tittel", "helsefellesskap", "runde",
                                   "prosjekt", "tilskudd", "søkt", "måling", "side"])
def test_ordinary_words_find_applications_first_and_no_contributor_or_measurement_page(real_index, query):
    found = hits(real_index, query)
    headings = [heading for heading, _, _ in found]
    order = list(GROUPS.values())
    assert headings == sorted(headings, key=order.index), found
    addresses = {url for _, url, _ in found}
    for left_out in ("bidra/mal/", "bidra/felt/", "bidra/feilmeldinger/", "ytelse/", "datakvalitet/"):
        assert left_out not in addresses, (query, left_out)


def test_no_excerpt_shows_yaml_code_or_file_paths(real_index):
    folder, read = real_index
    records = [json.loads(p.read_text("utf-8")) for p in sorted((folder / "dok").glob("*.json"))]
    shown = [part for record in records for section in record["s"] for part in (section[0], section[2])]
    text = "\n".join(shown)
    assert len(text) > 20_000, "for lite tekst i indeksen"
    for forbidden in ("budget:", "applications/2025/", "applications/", ".md", "```", "scheme.yml", "requested",
                      "health_community", "---", "/sok/"):
        assert forbidden not in text, (forbidden, text[max(0, text.find(forbidden) - 80):text.find(forbidden) + 80])
    # The guide's words are kept: its text is searched, without the code.
    guide = next(r for r in records if r["u"] == "bidra/")
    assert "forsiden" in guide["s"][0][2].lower() and "tilskudd" in guide["s"][0][2]


def test_readable_text_drops_code_paths_and_source_files_and_keeps_words():
    markdown = (
        "Lagre fila som `applications/2025/x.md` i mappa `applications/` (`budget.requested`).\n\n"
        "```yaml\nbudget:\n  requested: 100\n```\n\n"
        "Kjør `tilskudd check` og se /sok/ eller [rapporten](../rapport.md), scheme.yml og «`---`».\n\n"
        "| Felt | Innhold |\n|--|--|\n| <code>title</code> | Filnavnet uten .md; <code>budget.lines[0]</code> |\n\n"
        "Søkt beløp budget.requested og budget.lines[9] i health_community, f.eks. bl.a. kl. 10.30.\n\n"
        "~~~\nkode\n~~~\n\n"
        "Kort beskrivelse av prosjektet/piloten, og/eller 24/7 på https://www.innomed.no/metode/ og soknader.csv."
    )
    assert readable(markdown).split("\n") == [
        "Lagre fila som i mappa.",
        "Kjør tilskudd check og se eller rapporten, og.",
        "Felt Innhold title Filnavnet uten;",
        "Søkt beløp og i, f.eks. bl.a. kl. 10.30.",
        "Kort beskrivelse av prosjektet/piloten, og/eller 24/7 på https://www.innomed.no/metode/ og soknader.csv.",
    ]
    assert readable("Vanlig tekst, uten kode.") == "Vanlig tekst, uten kode."


def test_the_documents_must_come_group_by_group(tmp_path):
    documents = [SearchDocument(page="om.md", title="Om", kind="Side"),
                 SearchDocument(page="soknader/a.md", title="A", kind="Søknad", group="soknader")]
    with pytest.raises(ValueError, match="soknader/a.md"):
        write_search_index(documents, tmp_path)


def test_a_query_finds_every_word_in_groups_best_first(tmp_path):
    documents = [
        SearchDocument(page="soknader/a.md", title="Rusbehandling i kommunen", kind="Søknad", group="soknader",
                       text="Samarbeid om rus."),
        SearchDocument(page="soknader/b.md", title="Legevakt", kind="Søknad", group="soknader",
                       text="Rus nevnes. Samarbeidet om legevakt."),
        SearchDocument(page="tema/rus.md", title="Rus", kind="Tema", group="oversikter"),
        SearchDocument(page="om.md", title="Om rus og samarbeid", kind="Side"),
    ]
    write_search_index(documents, tmp_path)
    read = lambda path: (tmp_path / path).read_bytes()  # noqa: E731
    # The theme page scores more than application b, but the applications come first.
    rus = query_index(read, "rus")
    assert [(group, document) for group, document, _ in rus] == [(0, 0), (0, 1), (1, 2), (2, 3)]
    assert rus[0][2] > rus[1][2] and rus[2][2] > rus[1][2]
    # Every word: "samarbeidet" is "samarbeid" by its stem; the last word may be the start of one.
    assert [d for _, d, _ in query_index(read, "samarbeidet rus")] == [0, 1, 3]
    assert [d for _, d, _ in query_index(read, "legev")] == [1]
    assert query_index(read, "legev ") == []  # a finished word: no longer a start
    assert query_index(read, "rus xqzv") == [] and query_index(read, " ") == []
    assert [(t.stem, t.prefix) for t in parse_query("Samarbeidet ru")] == [("samarbeid", None), ("ru", None)]
    assert [(t.stem, t.prefix) for t in parse_query("Samarbeidet rusbeh")] == [("samarbeid", None),
                                                                           ("rusbeh", "rusbeh")]


# Official parallel names (Sami, Kven) --------------------------------------------------------

def test_an_applications_municipalities_are_searched_by_every_official_name(real):
    """The application's text names each municipality with its parallel names after it, in
    brackets: readable in an excerpt, without the languages' names (which would make «kvensk»
    find every application from Nordreisa)."""
    content, documents = real
    document = next(d for d in documents if d.page == "soknader/forprosjekt-samordning-psykisk-helsevern-og-rus.md")
    line = next(line for line in document.text.split("\n") if line.startswith("Balsfjord"))
    assert line == ("Balsfjord, Dyrøy, Kvænangen, Kåfjord (Gáivuotna, Kaivuono), Lyngen, Målselv, "
                    "Nordreisa (Ráisa, Raisi), Senja, Skjervøy, Storfjord (Omasvuotna, Omasvuono), Sørreisa")
    tromso = next(d for d in documents if d.page == "soknader/drop-in-samtalebehandling.md")
    assert "Tromsø" in tromso.text.split("\n") and "(" not in " ".join(
        line for line in tromso.text.split("\n") if line.startswith("Tromsø"))


def test_the_workspace_portfolio_names_parallel_names_once_per_municipality(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/a.md", front(title="Felles legevakt", health_community="finnmark",
                                       municipalities=["Kautokeino", "Alta"], health_trusts=["finnmarkssykehuset"]))
    portfolio = load_portfolio(workspace.applications, tmp_path)
    [document] = search_documents(portfolio, ThemeIndex(portfolio), {})
    assert "Kautokeino (Guovdageaidnu), Alta" in document.text.split("\n")


@pytest.mark.parametrize("query,municipality,application", [
    ("Guovdageaidnu", "kautokeino", None),
    ("guovdageaidnu", "kautokeino", None),
    ("Ráisa", "nordreisa", "forprosjekt-samordning-psykisk-helsevern-og-rus"),
    ("RAISI", "nordreisa", "forprosjekt-samordning-psykisk-helsevern-og-rus"),
    ("Ra\u0301isa", "nordreisa", "forprosjekt-samordning-psykisk-helsevern-og-rus"),  # decomposed
    ("Omasvuono", "storfjord", "forprosjekt-samordning-psykisk-helsevern-og-rus"),
    ("omasvu", "storfjord", "forprosjekt-samordning-psykisk-helsevern-og-rus"),  # the start of a word
    ("Gáivuotna", "kafjord", "forprosjekt-samordning-psykisk-helsevern-og-rus"),
    ("Unjárga", "nesseby", None),
])
def test_a_parallel_name_finds_the_municipality_and_its_applications(real_index, query, municipality, application):
    found = hits(real_index, query)
    page = ("Helsefellesskap, runder, kommuner og tema", f"kommuner/{municipality}/", "Kommune")
    assert page in found, found
    applications = [url for heading, url, _ in found if heading == "Søknader"]
    assert applications == ([f"soknader/{application}/"] if application else []), found
    assert all(kind in {"Søknad", "Kommune"} for _, _, kind in found), found


def test_a_name_without_its_accents_is_another_word(real_index):
    """The index reads words as written (composed, in lower case), as it always has: «raisa» is
    not «ráisa»."""
    assert not any(url == "kommuner/nordreisa/" for _, url, _ in hits(real_index, "raisa"))


def test_a_municipality_pages_excerpt_is_its_subtitle(real_index):
    folder, read = real_index
    [(_, document, _)] = [hit for hit in query_index(read, "Guovdageaidnu")]
    record = json.loads(read(f"dok/{document}.json"))
    assert record["t"] == "Kautokeino" and record["k"] == "Kommune" and record["u"] == "kommuner/kautokeino/"
    assert record["s"] == [["", "", "Guovdageaidnu (nordsamisk)"]]
    # A municipality without parallel names has no text to show, as before.
    [(_, tromso, _)] = [hit for hit in query_index(read, "Tromsø") if json.loads(
        read(f"dok/{hit[1]}.json"))["u"] == "kommuner/tromso/"]
    assert json.loads(read(f"dok/{tromso}.json"))["s"] == []
