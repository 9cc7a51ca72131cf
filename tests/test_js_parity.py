"""The site's scripts against the Python code that does the same, under node (no browser).

- ``sokeindeks.js`` (the search page's reader of the index) stems the query with a port of
  Snowball's Norwegian stemmer and splits it into words; the index is made in Python with
  ``grant_portfolio.text.stem`` and ``grant_portfolio.model.search.tokens``. A word stemmed or
  split differently would not be found. Compared on the browser test's word list, on every word
  of the real applications, the hand-written pages and a synthetic portfolio (in lower case, as
  written, and with hyphens), and on whole texts. Its search (hits, groups, order, scores) is
  compared with ``query_index`` in ``search.py`` on the real site's index and a synthetic one.
- ``finn.js`` (the find page) filters, counts, sums and sorts in the browser what
  ``grant_portfolio/model/find.py`` computes in Python. Run on a generated find page and its data
  file for 200 synthetic applications, through the page's own form and through its address.

Both files are run as shipped (tests/js/*.mjs load them in a ``vm`` context): the published
site is not changed for the tests. ``tests/test_search_browser.py`` and
``tests/test_find_browser.py`` check the same in chromium on 1000 applications.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from bench.synth import generate, write_project
from conftest import ROOT, SCHEME_PATH
from find_views import expected as page_view
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.model.find import DEFAULT_SORT, PAGE_SIZE, SORTS, SORT_PARAMETER, TEXT_PARAMETER, FindIndex
from grant_portfolio.model.portfolio import granted_amount, load_portfolio
from grant_portfolio.model.search import tokens
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.render import PageRenderer
from grant_portfolio.text import stem

SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"
RUNNERS = Path(__file__).resolve().parent / "js"
SYNTHETIC = 200  # applications on the find page
SYNTHETIC_TEXTS = 30  # synthetic applications with full bodies, for the words
BUILT = dt.date(2025, 6, 1)
BASE = "https://example.org/finn/"


def node() -> str:
    """node, from PATH. Skipped where it is missing, except in CI where that is a failure."""
    path = shutil.which("node")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node mangler: JavaScript-sammenligningene (tests/test_js_parity.py) må kjøres i CI")
        pytest.skip("node er ikke installert: JavaScript-sammenligningene hoppes over (installer nodejs)")
    return path


def run_node(arguments: list[str], payload: dict) -> dict:
    result = subprocess.run([node(), *arguments], input=json.dumps(payload, ensure_ascii=False),
                            capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=RUNNERS)
    assert result.returncode == 0, f"node {' '.join(arguments)} feilet:\n{result.stderr}"
    return json.loads(result.stdout)


# The stemmer and the tokeniser ----------------------------------------------------------------

# Known differences between sokeindeks.js and Python, each a (function, input) pair with the
# reason. They are left out of the comparisons below and checked on their own as expected
# failures, so that they stay visible, and a fix shows up as an unexpected pass.
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    ("words", "𝐀 𝐁𝐂"): (
        "words() counts a word's length in UTF-16 code units, tokens() in characters: a single letter "
        "outside the Basic Multilingual Plane (here U+1D400) is a word in JavaScript and not in Python"),
}

# Texts that try the edges of the tokeniser: æøå and Sami letters in both cases, composed and
# decomposed, hyphens, digits, underscores, punctuation, other scripts.
EDGE_TEXTS = [
    "Drop-in for UNN_HF i 2025: Tromsø, Ålesund og «e-helse».",
    "ÆRLIG ØKONOMI ÅPENHET æøå ÆØÅ Æble øy å",
    "Tromsø og Ålesund skrevet med kombinerende tegn: A\u030alesund, a\u030apen, Bodø",
    "Guovdageaidnu Kárášjohka Unjárga Deatnu ČĐŊŠŦŽ čđŋšŧž Áltá",
    "e-post: post@skjervoy.kommune.no, https://example.org/a-b?c=d_e#f, tlf. 77 77 55 00",
    "kl. 08.00–15.30, 1½ år, 2² m², 3,5 km, 100-årsjubileet, 2025-1, nr. 12b, 50 %",
    "snake_case og x_y og __init__ og _a_ og ab_cd",
    "O'Brien's «sitat» “sitat” ‘sitat’ (parentes) [klammer] {krøll} — tankestrek – bindestrek",
    "ﬁnansiering Straße STRASSE İstanbul ΟΔΟΣ ΣΟΦΟΣ Москва ПРИВЕТ",
    "ord\u00a0med\u00a0hardt\u00a0mellomrom og\ttabulator\nog linjeskift\u200bnullbredde",
    "a b c de f gh i jk 1 23 4 56",
    "Emoji 🙂 mellom 👍🏽 ord",
    "𝐀 𝐁𝐂",
]

EDGE_WORDS = ["", "a", "å", "øy", "ÆØÅ", "Tromsø", "TROMSØ", "e-helse", "drop-in", "hus-", "-het", "2025",
              "100-årsjubileet", "nr12b", "ﬁnansiering", "straße", "Kárášjohka", "čđŋšŧž", "ΟΔΟΣ",
              "samtalebehandlingen", "samtalebehandlingene", "hetslov", "ers", "ast"]


def synthetic_texts() -> list[str]:
    return [app.text() for app in generate(load_scheme(SCHEME_PATH), SYNTHETIC_TEXTS)]


def source_texts() -> list[str]:
    """The real applications, the hand-written pages and a synthetic portfolio, as files."""
    paths = [*sorted(ROOT.glob("applications/**/*.md")), *sorted(ROOT.glob("docs/**/*.md"))]
    return [path.read_text("utf-8") for path in paths] + synthetic_texts()


def every_word(texts: list[str]) -> list[str]:
    """Each distinct word of the texts: as the index reads it (lower case), as written (upper
    case kept), and with its hyphens (``e-helse``, ``Drop-in``)."""
    words: set[str] = set()
    for text in texts:
        words.update(tokens(text))
        words.update(re.findall(r"[^\W_]+", text))
        words.update(re.findall(r"[^\W_]+(?:-[^\W_]+)+", text))
    return sorted(words)


@pytest.fixture(scope="module")
def search_js():
    """sokeindeks.js's stem() and words() on the word lists and the texts, in one node process."""
    from test_search_browser import _stemmer_words  # the browser test's list (suffixes on bases, and more)

    node()  # before the work, when there is no node to run

    browser_words = _stemmer_words()
    texts = source_texts() + EDGE_TEXTS
    words = sorted(set(browser_words) | set(every_word(texts)) | set(EDGE_WORDS))
    output = run_node(["--experimental-vm-modules", "--no-warnings", "sokeindeks_runner.mjs",
                       str(SCRIPTS / "sokeindeks.js")], {"stem": words, "words": texts})
    return {
        "browser_words": browser_words,
        "words": words,
        "texts": texts,
        "stem": dict(zip(words, output["stem"], strict=True)),
        "split": dict(zip(texts, output["words"], strict=True)),
    }


def differences(pairs, function: str) -> list[tuple[str, object, object]]:
    """(input, JavaScript's answer, Python's) where they differ, known differences left out."""
    return [(given, js, python) for given, js, python in pairs
            if js != python and (function, given) not in KNOWN_DIFFERENCES]


def test_the_stemmer_is_pythons_on_the_browser_tests_words(search_js):
    words = search_js["browser_words"]
    assert len(words) > 3000
    differ = differences(((w, search_js["stem"][w], stem(w)) for w in words), "stem")
    assert not differ, f"{len(differ)} ord stammes ulikt (ord, JavaScript, Python): {differ[:20]}"


def test_the_stemmer_is_pythons_on_every_word_of_the_applications_and_pages(search_js):
    words = search_js["words"]
    assert len(words) > 5000
    assert any(w != w.lower() for w in words) and any("-" in w for w in words)
    assert any(c in w for w in words for c in "æøå") and any(c.isdigit() for w in words for c in w)
    differ = differences(((w, search_js["stem"][w], stem(w)) for w in words), "stem")
    assert not differ, f"{len(differ)} ord stammes ulikt (ord, JavaScript, Python): {differ[:20]}"


def test_the_tokeniser_is_pythons_on_whole_texts(search_js):
    texts = search_js["texts"]
    assert len(texts) > SYNTHETIC_TEXTS + 10
    differ = differences(((t, search_js["split"][t], tokens(t)) for t in texts), "words")
    for text, js, python in differ[:3]:
        first = next(i for i, (a, b) in enumerate(zip([*js, None], [*python, None])) if a != b)
        pytest.fail(f"teksten deles ulikt ({len(differ)} tekster), fra ord {first}: "
                    f"JavaScript {js[first:first + 5]}, Python {python[first:first + 5]}\n{text[:200]!r}")


def test_the_tokeniser_splits_the_browser_tests_sentence(search_js):
    split = search_js["split"]["Drop-in for UNN_HF i 2025: Tromsø, Ålesund og «e-helse»."]
    assert split == ["drop", "in", "for", "unn", "hf", "2025", "tromsø", "ålesund", "og", "helse"]


@pytest.mark.parametrize("function, given", [
    pytest.param(function, given, marks=pytest.mark.xfail(strict=True, reason=reason), id=f"{function}({given!r})")
    for (function, given), reason in KNOWN_DIFFERENCES.items()])
def test_known_difference(search_js, function, given):
    """Fails while the difference is there; passes (and then fails as strict) once it is fixed."""
    if function == "stem":
        assert search_js["stem"][given] == stem(given)
    else:
        assert search_js["split"][given] == tokens(given)


# The search: hits, groups and order ------------------------------------------------------------

SEARCH_QUERIES = ["rus", "Rus ", "søknad", "kommune", "samarbeid", "Tromsø", "sam", "psykisk helse", "helse ",
                  "rusbehandlingen", "personvern", "tilgjengelighet", "Finnmark", "xqzvykkj", "", "  ", "e-helse",
                  # official parallel names: whole, in capitals, decomposed, the start of a word, two
                  "Guovdageaidnu", "RÁISA", "Ra\u0301isa", "omasvu", "Raisi ", "Porsáŋgu samisk"]


def _search_both(folder: Path, queries: list[str]) -> tuple[list, list]:
    from grant_portfolio.model.search import GROUPS, query_index

    output = run_node(["--experimental-vm-modules", "--no-warnings", "sokeindeks_search_runner.mjs",
                       str(SCRIPTS / "sokeindeks.js")], {"index": str(folder), "queries": queries})
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    headings = [heading for heading, _ in manifest["grupper"]]
    assert set(headings) <= set(GROUPS.values())
    python = [[[group, headings[group], document, score]
               for group, document, score in query_index(lambda p: (folder / p).read_bytes(), query)]
              for query in queries]
    return output, python


@pytest.mark.parametrize("portfolio", ["ekte", "syntetisk"])
def test_the_search_pages_hits_are_pythons(tmp_path, portfolio):
    """SearchIndex.search in sokeindeks.js finds, groups and orders what query_index in
    search.py does, on the real site's index and on SYNTHETIC applications with the site's pages."""
    from grant_portfolio.site import build_site, hand_written_pages

    node()
    if portfolio == "ekte":
        content = build_site(ROOT, site_url="https://example.org/")
        model, pages = content.model, {path: page.text for path, page in content.pages.items()}
    else:
        write_project(tmp_path / "p", SYNTHETIC, short_bodies=True)
        model = build_model(load_portfolio(tmp_path / "p" / "applications", tmp_path / "p"), BUILT)
        pages = {}
    for path, text in hand_written_pages(ROOT / "docs"):
        pages.setdefault(path, text)
    folder = tmp_path / "indeks"
    for path, data in model.search_index_files(pages):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    output, python = _search_both(folder, SEARCH_QUERIES)
    for query, js, py in zip(SEARCH_QUERIES, output["hits"], python, strict=True):
        assert js == py, f"«{query}»: JavaScript {js[:5]}, Python {py[:5]}"
    assert sum(1 for hits in python if hits) >= 10, "for få søk med treff"
    assert any(len({hit[0] for hit in hits}) > 1 for hits in python), "ingen søk med treff i flere grupper"
    for query, hits, first in zip(SEARCH_QUERIES, python, output["data"], strict=True):
        if hits:
            record = json.loads((folder / "dok" / f"{hits[0][2]}.json").read_text("utf-8"))
            assert first[1] == record["t"] and first[2] == record["k"], query
    if portfolio == "ekte":
        # A parallel name finds the municipality's page, whose excerpt is its subtitle.
        found = dict(zip(SEARCH_QUERIES, output["data"], strict=True))
        assert found["Guovdageaidnu"] == ["/kommuner/kautokeino/", "Kautokeino", "Kommune", "Guovdageaidnu (nordsamisk)"]
        assert found["RÁISA"][0] == "/soknader/forprosjekt-samordning-psykisk-helsevern-og-rus/"
        assert found["RÁISA"][2] == "Søknad"
        assert "Nordreisa (Ráisa, Raisi)" in found["RÁISA"][3]


# The find page --------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Tree(HTMLParser):
    """The elements and texts of a page, as tests/js/fakedom.mjs builds them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root: dict = {"t": "body", "a": {}, "c": []}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = {"t": tag, "a": {name: value or "" for name, value in attrs}, "c": []}
        self.stack[-1]["c"].append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth]["t"] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1]["c"].append(data)


def page_tree(markdown: str) -> list:
    """The find page's elements. The page is Markdown whose form, list and totals are HTML
    blocks, which a Markdown converter passes on as they are."""
    parser = _Tree()
    parser.feed(markdown)
    parser.close()
    return parser.root["c"]


def address_of(index: FindIndex, selection: dict[str, list[str]], text: str, sort: str) -> list[tuple[str, str]]:
    """The query the page writes for a view: choices in the page's order, the text, the sort
    order unless it is the default."""
    pairs = [(f.parameter, v.id) for f in index.facets for v in f.values if v.id in selection.get(f.parameter, ())]
    if text.strip():
        pairs.append((TEXT_PARAMETER, text.strip()))
    if sort != DEFAULT_SORT.id:
        pairs.append((SORT_PARAMETER, sort))
    return pairs


def expected(index: FindIndex, selection: dict[str, list[str]], text: str = "", sort: str = DEFAULT_SORT.id) -> dict:
    """What find.py says the page shows (as in the browser tests), with every entry after
    «Vis alle»."""
    sort = sort if sort in {s.id for s in SORTS} else DEFAULT_SORT.id
    view = page_view(index, selection, text, sort)
    return {
        "state": {**view, "hidden": view["none"]},
        "all": [index.position[r.slug] for r in index.select(selection, text, sort)],
        "moreAfterAll": False,
    }


def scenarios(index: FindIndex) -> list[tuple[str, str, dict]]:
    """(kind, label, view) for every view tried: ``view`` is a selection, text and sort order
    (set through the form), or an address (opened as it is)."""
    by = index.by_parameter
    first = {f.parameter: f.values[0].id for f in index.facets}
    middle = {f.parameter: f.values[len(f.values) // 2].id for f in index.facets}
    views: list[tuple[str, str, dict]] = []

    def add(kind, selection=None, text="", sort=DEFAULT_SORT.id):
        selection = {p: list(v) for p, v in (selection or {}).items()}
        label = " + ".join(f"{p}={','.join(v)}" for p, v in selection.items()) or "alle"
        label += f" «{text}»" if text else ""
        label += f" sortert {sort}" if sort != DEFAULT_SORT.id else ""
        views.append((kind, label, {"selection": selection, "text": text, "sort": sort}))

    # The browser test's steps (tests/test_find_browser.py), one after the other.
    communities, themes = by["helsefellesskap"].values, by["tema"].values
    steps = [("helsefellesskap", communities[0].id), ("helsefellesskap", communities[2].id),
             ("runde", by["runde"].values[0].id), ("status", "granted"), ("status", "completed"),
             ("tema", themes[3].id), ("belop", by["belop"].values[1].id)]
    selection: dict[str, list[str]] = {}
    for parameter, value in steps:
        selection.setdefault(parameter, []).append(value)
        add("nettlesertesten", selection)
    add("nettlesertesten", selection, "Pasientene")
    add("nettlesertesten", selection, "Pasientene", "sokt-hoyest")
    add("nettlesertesten", selection, "ordsomikkefinnes", "sokt-hoyest")
    add("nettlesertesten", {}, "", "sokt-hoyest")
    municipalities = by["kommune"].values
    add("nettlesertesten", {"helsefellesskap": ["finnmark"], "kommune": [municipalities[5].id, municipalities[9].id]},
        "samarbeid", "sokt-lavest")
    add("nettlesertesten", {}, "psykisk")
    add("nettlesertesten", {"helsefellesskap": [communities[0].id]}, "psykisk", "eldste-runde")
    add("nettlesertesten", {"status": ["granted"]}, "pasient")
    # Each value of each facet alone, and two values of one facet (either of them).
    for facet in index.facets:
        for value in facet.values:
            add("hver verdi", {facet.parameter: [value.id]})
        add("to verdier", {facet.parameter: [first[facet.parameter], middle[facet.parameter]]})
        add("to verdier", {facet.parameter: [v.id for v in facet.values]})
    # Two facets together, and three.
    parameters = [f.parameter for f in index.facets]
    for i, one in enumerate(parameters):
        for other in parameters[i + 1:]:
            add("kombinasjoner", {one: [first[one]], other: [first[other]]})
            add("kombinasjoner", {one: [middle[one]], other: [middle[other], first[other]]})
    add("kombinasjoner", {"runde": [first["runde"]], "status": ["granted", "prioritised"], "tema": [middle["tema"]]})
    add("kombinasjoner", {"helsefellesskap": [first["helsefellesskap"]], "kommune": [middle["kommune"]],
                          "belop": [first["belop"], middle["belop"]]})
    # Text, alone and with choices.
    for text in ["pasient", "Pasientene", "SAMARBEID", "samar", "psykisk helse", "  samarbeid   pasient  ",
                 "Tromsø", "tromsØ", "Ma\u030alet", "pasient\u00a0samarbeid", "i", "2025", "e-helse", "drop-in",
                 "for pasientene", "ordsomikkefinnes"]:
        add("tekst", {}, text)
    # A municipality by each of its official names (Sami, Kven), as typed: in any case, part of
    # a word, without its accent (another word), decomposed, and with other words.
    for text in PARALLEL_NAME_TEXTS:
        add("parallellnavn", {}, text)
    add("parallellnavn", {"kommune": ["kautokeino"]}, "Guovdageaidnu")
    add("parallellnavn", {"helsefellesskap": ["finnmark"], "status": ["submitted", "granted"]}, "porsanki")
    add("parallellnavn", {"helsefellesskap": [first["helsefellesskap"]]}, "Guovdageaidnu", "sokt-hoyest")
    add("tekst", {"status": ["granted"], "runde": [first["runde"]]}, "pasient")
    add("tekst", {"kommune": [middle["kommune"]]}, "samarbeid", "tittel")
    # Every sort order, on everything and on a selection.
    for sort in SORTS:
        add("sortering", {}, "", sort.id)
        add("sortering", {"status": ["granted", "completed", "submitted"]}, "", sort.id)
        add("sortering", {"helsefellesskap": [middle["helsefellesskap"]]}, "pasient", sort.id)
    # Nothing left.
    add("tomt", {}, "ordsomikkefinnes")
    add("tomt", {"status": ["granted"]}, "xqzvykkj", "sokt-hoyest")
    outside = next(m.id for m in municipalities
                   if not index.select({"helsefellesskap": [first["helsefellesskap"]], "kommune": [m.id]}))
    add("tomt", {"helsefellesskap": [first["helsefellesskap"]], "kommune": [outside]})
    # Addresses opened as they are, with values the page does not know.
    for address in ["?helsefellesskap=finnes-ikke&helsefellesskap=finnmark&sorter=tull&kommune=&tekst=",
                    "?status=granted&status=granted&tekst=pasient&sorter=innvilget-hoyest",
                    f"?tema={middle['tema']}&belop=0-1&runde={first['runde']}",
                    "?tekst=Samarbeid+om&sorter=tittel", "?ukjent=1", "",
                    "?tekst=Guovdageaidnu", "?kommune=storfjord&tekst=Omasvuono", "?tekst=R%C3%A1isa+Raisi"]:
        views.append(("adresser", address or "(tom)", {"address": address}))
    return views


PARALLEL_NAME_TEXTS = ["Guovdageaidnu", "guovdageaidnu", "GUOVDAGEAIDNU", "guovdag", "Kautokeino", "Omasvuotna",
                       "Omasvuono", "Gáivuotna", "gáivuotna kaivuono", "PORSÁŊGU", "Porsanki", "porsaŋ", "Ráisa",
                       "raisa", "Ra\u0301isa", "Raisi", "Aarborte", "Guovdageaidnu samisk", "Guovdageaidnu Omasvuotna"]


def expected_for_address(index: FindIndex, address: str) -> dict:
    query = parse_qs(address.removeprefix("?"), keep_blank_values=True)
    selection = {p: v for p, v in query.items() if p in index.by_parameter}
    return expected(index, selection, query.get(TEXT_PARAMETER, [""])[0], query.get(SORT_PARAMETER, [DEFAULT_SORT.id])[0])


@pytest.fixture(scope="module")
def find_js(tmp_path_factory):
    """finn.js run on the find page and data file of SYNTHETIC applications, over every view in
    ``scenarios``, in one node process."""
    node()
    project = tmp_path_factory.mktemp("finn")
    write_project(project, SYNTHETIC, short_bodies=True)
    portfolio = load_portfolio(project / "applications", project)
    model = build_model(portfolio, BUILT)
    index = model.find
    assert isinstance(index, FindIndex) and len(index.applications) == SYNTHETIC
    views = scenarios(index)
    output = run_node(["finn_runner.mjs", str(SCRIPTS / "finn.js")], {
        "tree": page_tree(PageRenderer(model).find_page().inline()),
        "data": json.loads(index.data()),
        "base": BASE,
        "scenarios": [view for _, _, view in views],
    })
    assert "error" not in output, output["error"]
    return index, views, output


def first_difference(actual: dict, wanted: dict) -> str:
    for key in wanted:
        if actual.get(key) != wanted[key]:
            if isinstance(wanted[key], dict):
                return f"{key}.{first_difference(actual.get(key) or {}, wanted[key])}"
            return f"{key}: JavaScript {actual.get(key)!r}, Python {wanted[key]!r}"
    return "(ingen)"


@pytest.mark.parametrize("kind", ["nettlesertesten", "hver verdi", "to verdier", "kombinasjoner", "tekst",
                                  "parallellnavn", "sortering", "tomt", "adresser"])
def test_the_find_scripts_view_is_find_pys(find_js, kind):
    """Entries (the first page and all), counts for every facet value, totals and the shown
    choices, for each view of a kind; set through the form, then opened again from the address
    the page wrote."""
    index, views, output = find_js
    chosen = [(label, view, result) for (k, label, view), result in zip(views, output["scenarios"], strict=True)
              if k == kind]
    assert chosen
    problems = []
    for label, view, result in chosen:
        if "error" in result:
            problems.append(f"{label}: {result['error']}")
            continue
        if "address" in view:
            wanted = expected_for_address(index, view["address"])
        else:
            wanted = expected(index, view["selection"], view["text"], view["sort"])
            pairs = address_of(index, view["selection"], view["text"], view["sort"])
            if parse_qsl(urlsplit(result["address"]).query) != pairs:
                problems.append(f"{label}: adressen er {result['address']}, ventet {pairs}")
            # The address keeps the text without the spaces around it.
            same = {**result["state"], "text": result["state"]["text"].strip()}
            if result["reopened"] != same:
                problems.append(f"{label}: adressen åpnet igjen gir {first_difference(result['reopened'], same)}")
        actual = {"state": result["state"], "all": result["all"], "moreAfterAll": result["moreAfterAll"]}
        if actual != wanted:
            problems.append(f"{label}: {first_difference(actual, wanted)}")
    assert not problems, f"{len(problems)} av {len(chosen)} utvalg gir noe annet i finn.js enn i find.py:\n" + \
        "\n".join(problems[:10])


def test_the_views_tried_are_varied(find_js):
    """The views cover paging, empty results, every facet value and every sort order."""
    index, views, output = find_js
    counts = [len(result["all"]) for result in output["scenarios"]]
    assert len(views) > 150
    assert any(n > 2 * PAGE_SIZE for n in counts) and any(0 < n <= PAGE_SIZE for n in counts)
    assert sum(n == 0 for n in counts) >= 4
    assert {view.get("sort") for _, _, view in views} >= {s.id for s in SORTS}
    assert output["fetched"] == [f"{BASE}soknader.json?v={index.version}"]


def test_the_views_tried_include_unknown_granted_amounts(find_js):
    """Unknown is not zero: the views (compared above) cover every wording of the granted total
    (all, some and none of the selection decided) and the granted sort with undecided
    applications among the entries, which come last in both scripts."""
    index, views, output = find_js
    wordings = set()
    for result in output["scenarios"]:
        text = result["state"]["granted"]
        wordings.add("none" if text == "ingen vedtak ennå" else "some" if "venter på vedtak" in text else "all")
    assert wordings == {"all", "some", "none"}
    mixed = [result["all"] for (_, _, view), result in zip(views, output["scenarios"], strict=True)
             if view.get("sort") == "innvilget-hoyest"
             and {granted_amount(index.applications[i]) is None for i in result["all"]} == {True, False}]
    assert mixed
    for entries in mixed:
        known = [granted_amount(index.applications[i]) is not None for i in entries]
        assert known == sorted(known, reverse=True), "the undecided last"


def test_the_find_script_finds_applications_by_their_municipalities_parallel_names(find_js):
    """The views by parallel name (compared with find.py above) find what they should: every
    application in the municipality, by names that are in no title or summary, so the script
    takes them from the data file."""
    from grant_portfolio.model.find import searchable_text

    index, views, output = find_js
    by_text = {view["text"]: result for (kind, _, view), result in zip(views, output["scenarios"], strict=True)
               if kind == "parallellnavn" and not view["selection"]}
    assert set(by_text) == set(PARALLEL_NAME_TEXTS)

    def positions(municipality):
        return {i for i, r in enumerate(index.applications) if municipality in r.meta.municipalities}

    kautokeino, storfjord, porsanger = positions("Kautokeino"), positions("Storfjord"), positions("Porsanger")
    assert kautokeino and storfjord and porsanger
    assert not any("guovdageaidnu" in searchable_text(r) or "porsanki" in searchable_text(r)
                   for r in index.applications)
    for text in ("Guovdageaidnu", "guovdageaidnu", "GUOVDAGEAIDNU", "guovdag"):
        assert set(by_text[text]["all"]) == kautokeino, text
    assert set(by_text["Omasvuono"]["all"]) == set(by_text["Omasvuotna"]["all"]) == storfjord
    assert set(by_text["Porsanki"]["all"]) == set(by_text["PORSÁŊGU"]["all"]) == porsanger
    assert set(by_text["Guovdageaidnu Omasvuotna"]["all"]) == kautokeino & storfjord
    assert by_text["raisa"]["all"] == [] or not positions("Nordreisa") & set(by_text["raisa"]["all"])
    assert by_text["Ra\u0301isa"]["all"] == by_text["Ráisa"]["all"]


def test_the_find_scripts_first_view_is_the_pages_own(find_js):
    index, _, output = find_js
    assert output["first"] == expected(index, {})["state"]
