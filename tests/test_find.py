"""The find page's core (grant_portfolio/find.py): facets from the schema and the scheme, the
meaning of a selection, counts, sorting, the data file and the page. The page's script must
give the same answers; tests/test_find_browser.py checks it against these."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from bench.synth import write_project
from grant_portfolio import formatting
from grant_portfolio.model.find import (DATA_FORMAT, GRANTED_WORDING, PAGE_SIZE, SORTS, FindIndex, amount_bands,
                                        granted_text, searchable_text)
from grant_portfolio.model.portfolio import Totals, granted_amount, load_portfolio
from grant_portfolio.problems import InputError
from grant_portfolio.input.reference import field_docs
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.render import PageRenderer
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.model.themes import ThemeIndex
from grant_portfolio.model.views import PortfolioViews

from conftest import ROOT


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    project = tmp_path_factory.mktemp("find")
    write_project(project, 300, short_bodies=True)
    return load_portfolio(project / "applications", project)


@pytest.fixture(scope="module")
def index(portfolio) -> FindIndex:
    return FindIndex(portfolio, ThemeIndex(portfolio))


def test_facets_take_their_names_from_the_schema_and_their_values_from_the_scheme(index, portfolio):
    titles = {doc.path: doc.title for doc in field_docs()}
    assert [f.field for f in index.facets] == [
        "health_community", "round", "status", "municipalities", "themes", "budget.requested"]
    for facet in index.facets:
        assert facet.label == titles[facet.field]
    # Fixed, not derived from the titles: shared addresses must keep working.
    assert [f.parameter for f in index.facets] == [
        "helsefellesskap", "runde", "status", "kommune", "tema", "belop"]
    scheme = portfolio.scheme
    by = index.by_parameter
    assert [v.id for v in by["helsefellesskap"].values] == [c.id for c in scheme.health_communities]
    assert [v.id for v in by["runde"].values] == [r.id for r in reversed(scheme.rounds)], "newest first"
    assert [v.label for v in by["status"].values] == [s.label for s in scheme.statuses]
    involved = {scheme.municipality_by_name[m].slug for m in portfolio.municipalities_involved}
    assert {v.id for v in by["kommune"].values} == involved
    names = [v.label for v in by["kommune"].values]
    assert names == sorted(names, key=formatting.sort_key_nb)


def test_amount_bands_come_from_the_scheme_and_split_at_the_limits():
    assert [v.label for v in amount_bands([500_000, 1_000_000])] == [
        "Under 500\u00a0000\u00a0kr", "500\u00a0000–999\u00a0999\u00a0kr", "1\u00a0000\u00a0000\u00a0kr og mer"]
    assert [v.id for v in amount_bands([500_000])] == ["0-499999", "500000-"]


def test_an_amount_at_a_limit_belongs_to_the_band_above(index):
    facet = index.by_parameter["belop"]
    limits = index.portfolio.scheme.amount_bands
    for record, row in zip(index.applications, index.rows, strict=True):
        band = row[index.facets.index(facet)][0]
        requested = record.meta.budget.requested
        assert (band == 0 or requested >= limits[band - 1]) and (band == len(limits) or requested < limits[band])


def test_without_amount_bands_in_the_scheme_there_is_no_amount_facet(portfolio):
    scheme = portfolio.scheme.model_copy(update={"amount_bands": []})
    plain = type(portfolio)(scheme, list(portfolio.applications))
    assert "belop" not in FindIndex(plain, ThemeIndex(plain)).by_parameter


def test_amount_bands_must_rise(tmp_path):
    text = (ROOT / "applications" / "scheme.yml").read_text("utf-8")
    text = re.sub(r"^amount_bands: .*$", "amount_bands: [500000, 400000]", text, flags=re.M)
    path = tmp_path / "scheme.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as caught:
        load_scheme(path, "applications/scheme.yml")
    line = text.splitlines().index("amount_bands: [500000, 400000]") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"applications/scheme.yml:{line}: amount_bands[2]: beløpsgrensene må stå i stigende rekkefølge"]


def test_each_facet_value_selects_what_its_prebuilt_page_shows(index, portfolio):
    """The pre-built pages are the same filters: their totals reconcile with the selection's."""
    views = PortfolioViews(portfolio)
    themes = ThemeIndex(portfolio)

    def totals(parameter, value):
        return Totals.of(index.select({parameter: [value]}))

    for view in views.communities:
        assert totals("helsefellesskap", view.community.id) == view.totals
    for view in views.rounds:
        assert totals("runde", view.round.id) == view.totals
    for view in views.municipalities:
        if view.applications:
            assert totals("kommune", view.municipality.slug) == view.totals
    for theme in themes.themes:
        assert totals("tema", theme.slug) == theme.totals
    for status in views.budget.by_status:
        assert totals("status", status.status.id) == status.totals
    assert Totals.of(index.select({})) == portfolio.totals


SELECTIONS = [
    ({}, ""),
    ({}, "Guovdageaidnu"),
    ({"helsefellesskap": ["finnmark"]}, "porsáŋgu"),
    ({"helsefellesskap": ["finnmark"]}, ""),
    ({"helsefellesskap": ["finnmark", "helgeland"], "status": ["granted", "completed"]}, ""),
    ({"runde": ["2025-1"], "tema": ["psykisk-helse", "rus"]}, "tilbud"),
    ({"kommune": ["tromso", "bodo"], "belop": ["0-499999"]}, ""),
    ({}, "PASIENTENE samarbeid"),
]


@pytest.mark.parametrize("selection,text", SELECTIONS)
def test_a_value_counts_what_choosing_it_instead_would_give(index, selection, text):
    counts = index.counts(selection, text)
    for facet in index.facets:
        for position, value in enumerate(facet.values):
            instead = {**selection, facet.parameter: [value.id]}
            assert counts[facet.parameter][position] == len(index.select(instead, text)), (facet.parameter, value.id)
    chosen = index.select(selection, text)
    for parameter, values in selection.items():
        facet = index.by_parameter[parameter]
        assert sum(counts[parameter][facet.index_of[v]] for v in values) >= len(chosen)


@pytest.mark.parametrize("selection,text", SELECTIONS)
def test_values_within_a_facet_are_alternatives_and_facets_combine(index, selection, text):
    words = text.lower().split()
    expected = []
    names = index.portfolio.scheme.municipality_by_name
    for record, row in zip(index.applications, index.rows, strict=True):
        searched = " ".join([searchable_text(record), *(n.lower() for m in record.meta.municipalities
                                                         for n in names[m].names)])
        ok = all(word in searched for word in words)
        for parameter, values in selection.items():
            facet = index.by_parameter[parameter]
            ok = ok and bool({facet.index_of[v] for v in values} & set(row[index.facets.index(facet)]))
        if ok:
            expected.append(record.slug)
    assert sorted(r.slug for r in index.select(selection, text)) == sorted(expected)
    assert expected, "each case selects something"


def test_the_text_filter_searches_title_summary_and_municipalities_ignoring_case(index):
    record = index.applications[7]
    word = record.meta.title.split()[0]
    assert record in index.select({}, word.upper())
    assert record in index.select({}, f"  {word.lower()}  ")
    summary_word = max(record.meta.summary.split(), key=len).strip(".,")
    assert record in index.select({}, summary_word)
    assert index.select({}, "ordsomikkefinnesnoesteder") == []
    # A municipality's name finds the applications it is in, whatever the title and summary say.
    municipality = record.meta.municipalities[0]
    assert record in index.select({}, municipality.upper())


def _in(index, municipality: str) -> set[str]:
    return {r.slug for r in index.applications if municipality in r.meta.municipalities}


def _found(index, text: str, selection=None) -> set[str]:
    return {r.slug for r in index.select(selection or {}, text)}


@pytest.mark.parametrize("municipality,names", [
    ("Kautokeino", ["Kautokeino", "Guovdageaidnu", "guovdageaidnu", "GUOVDAGEAIDNU", "guovdag"]),
    ("Nordreisa", ["Nordreisa", "Ráisa", "ráisa", "RÁISA", "Raisi", "raisi"]),
    ("Storfjord", ["Storfjord", "Omasvuotna", "Omasvuono", "omasvuo"]),
    ("Porsanger", ["Porsáŋgu", "PORSÁŊGU", "Porsanki"]),
    ("Hattfjelldal", ["Aarborte"]),
])
def test_the_text_filter_finds_a_municipality_by_every_official_name(index, municipality, names):
    """Every official name finds the applications the municipality is in, whatever their title
    and summary say, as the other words do: in any case, and part of a word."""
    wanted = _in(index, municipality)
    assert wanted, f"ingen søknader fra {municipality} i testporteføljen"
    assert {p.name for p in index.portfolio.scheme.municipality_by_name[municipality].parallel_names} & set(names)
    scheme = index.portfolio.scheme
    for name in names:
        found = _found(index, name)
        assert wanted <= found, name
        # Anything else found has the word in its title or summary, or in a name of one of its
        # municipalities (a part of a word may be part of another name).
        word = name.lower()
        assert found == {r.slug for r in index.applications if word in searchable_text(r) or any(
            word in other.lower() for m in r.meta.municipalities for other in scheme.municipality_by_name[m].names)}


def test_a_parallel_name_combines_with_the_facets_and_other_words(index):
    kautokeino = _in(index, "Kautokeino")
    assert _found(index, "Guovdageaidnu", {"kommune": ["kautokeino"]}) == kautokeino
    assert _found(index, "Guovdageaidnu", {"helsefellesskap": ["helgeland"]}) == set()
    assert _found(index, "guovdageaidnu kautokeino") == kautokeino, "two names of one municipality"
    with_word = {slug for slug in kautokeino if "samisk" in searchable_text(index.portfolio.by_slug[slug])}
    assert with_word and with_word != kautokeino
    assert _found(index, "Guovdageaidnu samisk") == with_word
    counts = index.counts({}, "Guovdageaidnu")
    kommune = index.by_parameter["kommune"]
    assert counts["kommune"][kommune.index_of["kautokeino"]] == len(kautokeino)


def test_a_name_is_matched_as_written_without_folding_accents(index):
    """The same normalisation as every other word (composed form, lower case): «raisa»
    without its accent is another word, and a decomposed «Ráisa» is «Ráisa»."""
    import unicodedata

    nordreisa = _in(index, "Nordreisa")
    assert nordreisa and not nordreisa & _found(index, "raisa")
    assert _found(index, unicodedata.normalize("NFD", "Ráisa")) == _found(index, "Ráisa") >= nordreisa


def test_the_data_file_names_each_municipality_once_by_every_official_name(index):
    document = json.loads(index.data())
    kommune = index.by_parameter["kommune"]
    names = index.portfolio.scheme.municipality_by_name
    assert list(document["text"]) == ["kommune"], "only the municipalities are found by name"
    assert document["text"]["kommune"] == [" ".join(names[v.label].names) for v in kommune.values]
    position = kommune.index_of["kautokeino"]
    assert document["text"]["kommune"][position] == "Kautokeino Guovdageaidnu"
    assert document["text"]["kommune"][kommune.index_of["storfjord"]] == "Storfjord Omasvuotna Omasvuono"


def test_the_municipality_facet_shows_the_parallel_names_in_their_languages(portfolio):
    page = PageRenderer(build_model(portfolio, dt.date(2025, 6, 1))).find_page().inline()
    form = page[page.index('<details class="finn-faset" data-parameter="kommune">'):page.index("</form>")]
    form = form[:form.index("</details>")]
    assert ('value="storfjord"> <span>Storfjord (<span lang="se">Omasvuotna</span>, '
            '<span lang="fkv">Omasvuono</span>)</span> <span class="finn-antall">') in form
    assert 'value="kautokeino"> <span>Kautokeino (<span lang="se">Guovdageaidnu</span>)</span> ' in form
    assert 'value="alta"> Alta <span class="finn-antall">' in form, "without parallel names: the name alone"
    assert "Søk i tittel, sammendrag og kommunenavn</label>" in page


def test_sort_orders(index):
    everything = index.select({}, "", "tittel")
    assert [formatting.sort_key_nb(r.meta.title) for r in everything] == sorted(
        formatting.sort_key_nb(r.meta.title) for r in everything)
    newest = index.select({}, "", "runde")
    rounds = [r.id for r in reversed(index.portfolio.scheme.rounds)]
    assert [rounds.index(r.meta.round) for r in newest] == sorted(rounds.index(r.meta.round) for r in newest)
    assert index.select({}, "", "eldste-runde")[0].meta.round == index.portfolio.scheme.rounds[0].id
    highest = [r.meta.budget.requested for r in index.select({}, "", "sokt-hoyest")]
    assert highest == sorted(highest, reverse=True)
    assert [r.meta.budget.requested for r in index.select({}, "", "sokt-lavest")] == sorted(highest)
    granted = [granted_amount(r) for r in index.select({}, "", "innvilget-hoyest")]
    known = [g for g in granted if g is not None]
    assert granted == sorted(known, reverse=True) + [None] * (len(granted) - len(known)), "undecided last"
    assert known[0] > 0 and None in granted
    assert {s.id for s in SORTS} == {"runde", "eldste-runde", "sokt-hoyest", "sokt-lavest", "innvilget-hoyest", "tittel"}


def test_the_data_file_is_compact_and_matches_the_index(index):
    data = index.data()
    assert len(data) / len(index.applications) < 300, "under 300 bytes per application"
    document = json.loads(data)
    assert document["facets"] == [f.parameter for f in index.facets]
    assert document["values"] == [[v.id for v in f.values] for f in index.facets]
    assert len(document["apps"]) == len(index.applications)
    for row, record, codes in zip(document["apps"], index.applications, index.rows, strict=True):
        assert row[:-2] == [list(c) for c in codes]
        assert row[-2:] == [record.meta.budget.requested, granted_amount(record)]


def test_the_page_lists_every_application_once_with_links_to_the_prebuilt_pages(portfolio):
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 1)))
    page = renderer.find_page().inline()
    index = renderer.model.find
    for record in portfolio.applications:
        assert page.count(f'<a href="../soknader/{record.slug}/">') == 1, record.slug
    assert re.findall(r'<li data-i="(\d+)"', page) == [
        str(index.position[r.slug]) for r in index.default_order]
    for facet in index.facets:
        for value in facet.values:
            assert f'name="{facet.parameter}" value="{value.id}"' in page
            if value.page:
                assert f"](../{value.page})" in page, value.page
    assert "](../kommuner/index.md)" in page
    totals = portfolio.totals
    assert f'<span data-part="requested">{formatting.nok(totals.requested)}</span>' in page
    assert f'>{granted_text(totals)}</span>' in page
    for case, wording in GRANTED_WORDING.items():
        assert f'data-{case}="{wording}"' in page, "the wordings for the script"
    assert f'data-page-size="{PAGE_SIZE}"' in page


def test_text_in_the_form_is_escaped_as_html(tmp_path):
    """Theme names come from contributors and stand in the form's raw HTML."""
    from conftest import copy_project, front

    workspace = copy_project(tmp_path / "p")
    workspace.write("2025/a.md", front(themes=['<img src=x onerror=alert(1)> & "sitat"']))
    portfolio = load_portfolio(workspace.root / "applications", workspace.root)
    page = PageRenderer(build_model(portfolio, dt.date(2025, 6, 1))).find_page().inline()
    form = page[page.index("<form"):page.index("</form>")]
    assert "<img" not in form and "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;sitat&#34;" in form



def test_text_is_compared_in_composed_form(tmp_path):
    """A title pasted from a PDF may spell «å» as «a» and a combining ring."""
    import unicodedata

    from conftest import copy_project, front

    workspace = copy_project(tmp_path / "p")
    workspace.write("2025/a.md", front(title=unicodedata.normalize("NFD", "Tilbud på Værøy")))
    portfolio = load_portfolio(workspace.root / "applications", workspace.root)
    index = FindIndex(portfolio, ThemeIndex(portfolio))
    assert len(index.select({}, "på værøy")) == 1
    assert len(index.select({}, unicodedata.normalize("NFD", "VÆRØY PÅ"))) == 1


def test_an_unknown_sort_gives_the_default_order(index):
    assert index.select({}, "", "finnes-ikke") == index.select({}, "", "runde") == index.default_order


def test_the_version_changes_with_the_data_and_the_order(portfolio):
    first = FindIndex(portfolio, ThemeIndex(portfolio))
    assert first.version == FindIndex(portfolio, ThemeIndex(portfolio)).version
    assert json.loads(first.data())["version"] == first.version
    record = portfolio.applications[3]
    meta = record.meta.model_copy(update={"title": "Å " + record.meta.title})  # moves to the end
    moved = dataclasses.replace(record, meta=meta)
    changed = type(portfolio)(portfolio.scheme, [moved if r is record else r for r in portfolio.applications])
    assert FindIndex(changed, ThemeIndex(changed)).version != first.version


def test_the_page_names_the_data_file_version_and_stays_out_of_the_search_index(portfolio):
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 1)))
    page = renderer.find_page().text
    version = renderer.model.find.version
    assert f'data-data="soknader.json?v={version}" data-version="{version}"' in page
    assert "search:\n  exclude: true" in page.split("---")[1]


# Unknown is not zero ------------------------------------------------------------------------


def _status_selection(index, statuses):
    return index.select({"status": statuses})


def test_an_application_without_a_decision_has_no_granted_amount_in_the_data_file(index):
    apps = json.loads(index.data())["apps"]
    by_status: dict[str, set] = {}
    for row, record in zip(apps, index.applications, strict=True):
        by_status.setdefault(record.meta.status, set()).add(row[-1] is None)
        assert row[-1] == (record.meta.decision.granted if record.meta.decision else row[-1])
    assert by_status["submitted"] == by_status["prioritised"] == {True}, "no decision: null, not 0"
    assert by_status["granted"] == by_status["completed"] == {False}
    # Refused and withdrawn: nothing granted, and that is known.
    assert {row[-1] for row, r in zip(apps, index.applications, strict=True)
            if r.meta.status in ("rejected", "withdrawn")} == {0}


def test_the_data_files_version_mark_includes_its_format(index, monkeypatch):
    from grant_portfolio.model import find

    before = index.version
    monkeypatch.setattr(find, "DATA_FORMAT", DATA_FORMAT + 1)
    again = FindIndex(index.portfolio, ThemeIndex(index.portfolio))
    assert again.version != before and again.data() != index.data()


def test_the_granted_total_counts_decided_applications_only(index):
    waiting = _status_selection(index, ["submitted", "prioritised"])
    decided = _status_selection(index, ["granted", "completed", "rejected"])
    assert waiting and decided
    assert granted_text(Totals.of(waiting)) == "ingen vedtak ennå"
    totals = Totals.of(decided)
    assert totals.decided == totals.count and totals.granted > 0
    assert granted_text(totals) == f"innvilget i alt {formatting.nok(totals.granted)}"
    mixed = Totals.of(waiting[:3] + decided)
    assert mixed.granted == totals.granted, "the undecided add nothing, not even 0 as a known amount"
    assert granted_text(mixed) == f"innvilget i alt {formatting.nok(totals.granted)} (3 venter på vedtak)"
    assert granted_text(Totals.of([])) == "innvilget i alt 0\u00a0kr"


def test_the_granted_sort_puts_the_undecided_last_and_keeps_title_order_among_them(index):
    order = index.select({}, "", "innvilget-hoyest")
    undecided = [r for r in order if granted_amount(r) is None]
    assert undecided and order[-len(undecided):] == undecided
    assert [index.position[r.slug] for r in undecided] == sorted(index.position[r.slug] for r in undecided)
    decided = order[:-len(undecided)]
    amounts = [granted_amount(r) for r in decided]
    assert amounts == sorted(amounts, reverse=True) and amounts[-1] == 0, "refused (0) before the undecided"


def _page_with(tmp_path, *fronts):
    from conftest import copy_project, front

    workspace = copy_project(tmp_path / "p")
    for name, fields in fronts:
        workspace.write(f"2025/{name}.md", front(**fields))
    portfolio = load_portfolio(workspace.root / "applications", workspace.root)
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 1)))
    return renderer.find_page().inline(), renderer.model.find


def _entry(page, index, slug):
    start = page.index(f'<li data-i="{index.position[slug]}">')
    return page[start:page.index("</li>", start)]


def _summary(page):
    summary = page[page.index('<p class="finn-sum"'):]
    return summary[:summary.index("</p>")]


def test_before_any_decision_the_page_says_no_decision_is_made(tmp_path):
    page, index = _page_with(tmp_path, ("a", {"title": "Venter A"}), ("b", {"title": "Venter B"}))
    summary = _summary(page)
    assert summary.endswith(' · søkt i alt <span data-part="requested">200\u00a0000\u00a0kr</span> · '
                            f'<span data-part="granted" data-all="{GRANTED_WORDING["all"]}" '
                            f'data-some="{GRANTED_WORDING["some"]}" data-none="{GRANTED_WORDING["none"]}">'
                            "ingen vedtak ennå</span>")
    assert "innvilget" not in _entry(page, index, "a") + _entry(page, index, "b")


def test_with_some_decided_the_page_says_how_many_wait(tmp_path):
    decision = {"granted": 80000, "date": "2025-05-02"}
    page, index = _page_with(tmp_path, ("a", {"title": "Venter A"}), ("b", {"title": "Venter B"}),
                             ("c", {"title": "Innvilget C", "status": "granted", "decision": decision}))
    assert _summary(page).endswith(">innvilget i alt 80\u00a0000\u00a0kr (2 venter på vedtak)</span>")
    assert " · innvilget 80\u00a0000\u00a0kr</p>" in _entry(page, index, "c")
    assert "innvilget" not in _entry(page, index, "a")


def test_each_decided_application_shows_what_was_granted(index, portfolio):
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 1)))
    page = renderer.find_page().inline()
    for record in index.applications:
        entry = _entry(page, index, record.slug)
        amount = granted_amount(record)
        if amount is None:
            assert "innvilget" not in entry, record.slug
        else:
            assert f" · innvilget {formatting.nok(amount)}</p>" in entry, record.slug
