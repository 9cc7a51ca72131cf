"""The region map (issue 23): boundaries matched to the scheme by municipality number, drawn at
build time as inline SVG, named with the same figures as the tables beside it."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, VARIED, Workspace, front, write_varied_portfolio
from grant_portfolio import formatting
from grant_portfolio.contribute.cli import cli
from grant_portfolio.input.boundaries import load_boundaries
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.model.geography import compact, region_map
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.maps import band_label, count_bands
from grant_portfolio.pages.render import PageRenderer
from grant_portfolio.problems import InputError

BOUNDARIES = ROOT / "applications" / "kommuner.geojson"
CSS = ROOT / "overrides" / "assets" / "stylesheets" / "kart.css"
PATH_DATA = re.compile(r"^(?:M-?\d+ -?\d+(?:l-?\d+(?:(?: |(?=-))-?\d+)*)?z)+$")


# Data: the scheme's numbers and the boundaries -------------------------------------------------

def test_every_municipality_of_the_scheme_has_a_number_and_a_shape(scheme):
    boundaries, problems = load_boundaries(ROOT / "applications", scheme, ROOT)
    assert problems == []
    assert set(boundaries.by_name) == set(scheme.municipality_by_name)
    assert len(boundaries.by_name) == 80
    numbers = [m.number for m in scheme.municipality_by_name.values()]
    assert len(set(numbers)) == 80 and all(re.fullmatch(r"(18|55|56)\d\d", n) for n in numbers)


def test_parallel_names_match_kartverkets_official_names(scheme):
    """The scheme's parallel names and the boundary file's official names agree (the loader
    checks it; here the data itself, so a wrong language or spelling shows up by name)."""
    official = {f["properties"]["kommunenummer"]: f["properties"]["navn"]
                for f in json.loads(BOUNDARIES.read_text("utf-8"))["features"]}
    for municipality in scheme.municipality_by_name.values():
        assert set(official[municipality.number].split(" - ")) == set(municipality.names), municipality.name
    kautokeino = scheme.municipality_by_name["Kautokeino"]
    assert [(p.name, p.language, p.language_name) for p in kautokeino.parallel_names] == [
        ("Guovdageaidnu", "se", "nordsamisk")]
    storfjord = scheme.municipality_by_name["Storfjord"]
    assert [(p.name, p.language_name) for p in storfjord.parallel_names] == [
        ("Omasvuotna", "nordsamisk"), ("Omasvuono", "kvensk")]
    assert sum(bool(m.parallel_names) for m in scheme.municipality_by_name.values()) == 17


def edit_boundaries(workspace: Workspace, change) -> list[str]:
    path = workspace.applications / "kommuner.geojson"
    data = json.loads(path.read_text("utf-8"))
    change(data["features"])
    # One feature per line, so that a message can name the line.
    path.write_text('{"type":"FeatureCollection","features":[\n'
                    + ",\n".join(json.dumps(f, ensure_ascii=False) for f in data["features"]) + "\n]}\n", "utf-8")
    with pytest.raises(InputError) as raised:
        load_portfolio(workspace.applications, workspace.root)
    return [p.format() for p in raised.value.problems]


def feature(features, number):
    return next(f for f in features if f["properties"]["kommunenummer"] == number)


def test_a_municipality_without_a_shape_is_an_error_naming_it(workspace):
    messages = edit_boundaries(workspace, lambda fs: fs.remove(feature(fs, "5612")))
    assert messages == ["applications/kommuner.geojson: kommunen Kautokeino (kommunenummer 5612) har ingen "
                        "grense i kartdataene"]


def test_a_shape_without_a_municipality_is_an_error_naming_it(workspace):
    def add_oslo(features):
        features.append({**feature(features, "1804"), "properties": {"kommunenummer": "0301", "navn": "Oslo"}})
    messages = edit_boundaries(workspace, add_oslo)
    assert len(messages) == 1
    assert messages[0].startswith("applications/kommuner.geojson:82: features[80]: kommunenummer 0301 (Oslo) hører "
                                  "ikke til noen kommune i ordningens data")


def test_a_wrong_number_or_name_is_an_error_naming_both(workspace):
    def swap(features):
        feature(features, "5501")["properties"]["navn"] = "Balsfjord"
    messages = edit_boundaries(workspace, swap)
    assert len(messages) == 1
    assert "kommunenummer 5501 (Balsfjord) heter «Balsfjord» i kartdataene, men Tromsø i ordningens data" in messages[0]
    assert messages[0].startswith("applications/kommuner.geojson:")


def test_a_number_twice_and_a_shape_that_is_no_area_are_errors(workspace):
    def break_it(features):
        features.append(json.loads(json.dumps(feature(features, "1804"))))
        feature(features, "5501")["geometry"] = {"type": "Point", "coordinates": [18.9, 69.6]}
    messages = edit_boundaries(workspace, break_it)
    assert any("kommunenummer 1804 (Bodø) står flere ganger" in m for m in messages)
    assert any("features[" in m and ".geometry: kommunenummer 5501 (Tromsø): grensen må være en flate" in m
               for m in messages)


def test_projected_coordinates_are_refused(workspace):
    def project(features):
        geometry = feature(features, "5501")["geometry"]
        geometry["coordinates"] = [[[[x * 1e4, y * 1e5] for x, y in ring] for ring in polygon]
                                   for polygon in geometry["coordinates"]]
    messages = edit_boundaries(workspace, project)
    assert len(messages) == 1 and "koordinatene er ikke lengde- og breddegrad (WGS 84)" in messages[0]


def test_a_broken_file_is_reported_with_its_line(workspace):
    (workspace.applications / "kommuner.geojson").write_text('{"type": "FeatureCollection",\n "features": [,]}', "utf-8")
    with pytest.raises(InputError) as raised:
        load_portfolio(workspace.applications, workspace.root)
    assert [p.format() for p in raised.value.problems] == [
        "applications/kommuner.geojson:2: er ikke gyldig GeoJSON (JSON): Expecting value"]


def test_the_check_command_reports_map_problems_too(workspace):
    path = workspace.applications / "kommuner.geojson"
    data = json.loads(path.read_text("utf-8"))
    data["features"] = [f for f in data["features"] if f["properties"]["kommunenummer"] != "1804"]
    path.write_text(json.dumps(data), "utf-8")
    result = CliRunner().invoke(cli, ["--prosjekt", str(workspace.root), "check"], prog_name="tilskudd")
    assert result.exit_code != 0
    assert "kommunen Bodø (kommunenummer 1804) har ingen grense i kartdataene" in result.output


def scheme_errors(workspace: Workspace, old: str, new: str) -> list[str]:
    path = workspace.applications / "scheme.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(InputError) as raised:
        load_scheme(path, "applications/scheme.yml")
    return [p.format() for p in raised.value.problems]


def test_the_scheme_needs_every_municipalitys_number_once(workspace):
    messages = scheme_errors(workspace, '  Alta: {number: "5601"}\n', "")
    assert len(messages) == 1 and messages[0].endswith(
        "kommunen Alta mangler under municipalities (kommunenummeret trengs for kartet)")
    workspace = Workspace(workspace.root / "to")
    messages = scheme_errors(workspace, '  Alta: {number: "5601"}', '  Alta: {number: "5603"}')
    assert len(messages) == 1 and "municipalities.Hammerfest.number: kommunenummeret 5603 står også ved Alta" in messages[0] \
        or "municipalities.Alta.number: kommunenummeret 5603 står også ved Hammerfest" in messages[0]


def test_a_parallel_names_language_must_be_named(workspace):
    messages = scheme_errors(workspace, "{se: Guovdageaidnu}", "{sme: Guovdageaidnu}")
    assert len(messages) == 1
    assert "municipalities.Kautokeino.parallel_names.sme: ukjent språkkode `sme`" in messages[0]


def test_the_boundaries_file_may_stand_beside_the_scheme_but_nothing_else(workspace):
    (workspace.applications / "notater.txt").write_text("x", "utf-8")
    with pytest.raises(InputError) as raised:
        load_portfolio(workspace.applications, workspace.root)
    assert [p.format() for p in raised.value.problems] == [
        "applications/notater.txt: fila hører ikke hjemme her: rett under applications/ ligger bare scheme.yml og "
        "kommuner.geojson; søknader og vedlegg ligger i mappa for året"]


# Geometry ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shapes():
    scheme = load_scheme(ROOT / "applications" / "scheme.yml")
    boundaries, problems = load_boundaries(ROOT / "applications", scheme, ROOT)
    assert problems == []
    return region_map(boundaries, scheme)


def points(path: str) -> set[tuple[int, int]]:
    """The absolute points of path data written by ``geography.ring_path``."""
    found = set()
    for ring in re.findall(r"M[^Mz]*", path):
        numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
        x, y = numbers[0], numbers[1]
        found.add((x, y))
        for dx, dy in zip(numbers[2::2], numbers[3::2]):
            x, y = x + dx, y + dy
            found.add((x, y))
    return found


def test_every_municipality_is_drawn_compactly_at_both_levels_of_detail(shapes, scheme):
    for level in (shapes.detailed, shapes.coarse):
        assert set(level.municipalities) == set(scheme.municipality_by_name)
        for name, path in level.municipalities.items():
            assert PATH_DATA.match(path), name
            assert " -" not in path  # a minus separates numbers by itself
            assert all(0 <= x <= shapes.width and 0 <= y <= shapes.height for x, y in points(path)), name
    assert 1000 < shapes.width < 2000 and 1000 < shapes.height < 2000  # 500 m units, the region about 750 km across
    assert PATH_DATA.match(shapes.coarse.region)
    assert compact([3, -2, -4, 5]) == "3-2-4 5"


@pytest.mark.parametrize("a, b", [("Tromsø", "Balsfjord"), ("Alta", "Kautokeino"), ("Bodø", "Saltdal"),
                                  ("Narvik", "Hamarøy"), ("Rana", "Hemnes"), ("Tana", "Nesseby")])
def test_neighbours_still_meet_after_simplification(shapes, a, b):
    """Topology-preserving simplification: neighbours share their border, point for point."""
    for level in (shapes.detailed, shapes.coarse):
        shared = points(level.municipalities[a]) & points(level.municipalities[b])
        assert len(shared) >= 2, (a, b)


def test_borders_between_communities_are_drawn_where_communities_meet(shapes, scheme):
    assert set(shapes.detailed.community_borders) == {
        ("helgeland", "lofoten-vesteralen-salten"), ("lofoten-vesteralen-salten", "troms-og-ofoten"),
        ("finnmark", "troms-og-ofoten")}  # Finnmark and Helgeland do not meet
    border = points(shapes.detailed.community_borders[("lofoten-vesteralen-salten", "troms-og-ofoten")])
    # Narvik (Troms og Ofoten) meets Hamarøy (Lofoten, Vesterålen, Salten); Tromsø and Balsfjord are
    # in the same community, so only the first pair's border is a community border.
    assert points(shapes.detailed.municipalities["Narvik"]) & points(shapes.detailed.municipalities["Hamarøy"]) & border
    assert not (points(shapes.detailed.municipalities["Tromsø"]) & points(shapes.detailed.municipalities["Balsfjord"])
                ) <= border
    assert set(shapes.community_centres) == {c.id for c in scheme.health_communities}


# Pages ----------------------------------------------------------------------------------------

class Figures(HTMLParser):
    """The maps of a page: per figure its class, links (href, aria-label, title) and texts."""

    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self.depth = 0
        self._title = False
        self.in_svg = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "kart" in (attrs.get("class") or "").split():
            self.figures.append({"class": attrs["class"], "links": [], "titles": [], "svg": None, "text": ""})
            self.depth = 1
        elif self.depth:
            if tag == "figure":
                self.depth += 1
            figure = self.figures[-1]
            if tag == "svg":
                figure["svg"] = attrs
                self.in_svg = True
            if tag == "a" and self.in_svg:
                figure["links"].append((attrs["href"], attrs.get("aria-label")))
            self._title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg = False
        if self.depth and tag == "figure":
            self.depth -= 1
        self._title = False

    def handle_data(self, data):
        if self.depth:
            self.figures[-1]["text"] += data
            if self._title:
                self.figures[-1]["titles"].append(data)


def figures(html: str) -> list[dict]:
    parser = Figures()
    parser.feed(html)
    return parser.figures


@pytest.fixture(scope="module")
def varied_pages(tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("kart"))
    write_varied_portfolio(workspace)
    portfolio = load_portfolio(workspace.applications, workspace.root)
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 2)))
    pages = {page: text.inline() for page, text in renderer.pages().items()}
    pages.update({page: render().html for page, render in renderer.html_pages().items()})
    return portfolio, renderer, pages


def expected_label(name: str, rows) -> str:
    apps = [row for row in rows if name in row[3]]
    if not apps:
        return f"{name}: ingen søknader"
    noun = "søknad" if len(apps) == 1 else "søknader"
    return f"{name}: {len(apps)} {noun}, {formatting.nok(sum(row[6] for row in apps))} søkt"


@pytest.mark.parametrize("page", ["index.md", "kommuner/index.md"])
def test_the_overview_map_links_every_municipality_with_its_figures(varied_pages, scheme, page):
    """Figures worked out here from the varied portfolio's table (conftest.VARIED), not by the code."""
    _, _, pages = varied_pages
    [overview] = [f for f in figures(pages[page]) if "kart--oversikt" in f["class"]]
    assert len(overview["links"]) == 80
    expected_order = [m for c in scheme.health_communities
                      for m in sorted(c.municipalities, key=formatting.sort_key_nb)]
    names = [label.split(":")[0] for _, label in overview["links"]]
    assert names == expected_order
    for (href, label), name in zip(overview["links"], expected_order):
        slug = scheme.municipality_by_name[name].slug
        assert href == (f"{slug}/" if page.startswith("kommuner/") else f"kommuner/{slug}/")
        assert label == expected_label(name, VARIED)
    assert f"Tromsø: 4 søknader, {formatting.nok(1_950_000)} søkt" in [label for _, label in overview["links"]]
    # The hover text says the same as the name.
    assert overview["titles"][1:] == [label for _, label in overview["links"]]
    assert overview["svg"]["role"] == "group" and overview["svg"]["aria-labelledby"]
    assert "Kartgrunnlag: © Kartverket (CC BY 4.0)" in overview["text"]


def test_the_table_beside_the_map_has_the_same_figures(varied_pages):
    _, _, pages = varied_pages
    home = pages["index.md"]
    table = home[home.index('<details class="kart__tabell">'):home.index("</details>")]
    rows = re.findall(r'<tr><td style="text-align: left;"><a href="[^"]+">([^<]+)</a></td>'
                      r'<td style="text-align: right;">([^<]+)</td><td style="text-align: right;">([^<]+)</td></tr>', table)
    labels = {label.split(":")[0]: label for _, label in figures(home)[0]["links"]}
    assert len(rows) == len({m for row in VARIED for m in row[3]})
    for name, count, requested in rows:
        noun = "søknad" if count == "1" else "søknader"
        assert labels[name] == f"{name}: {count} {noun}, {requested} søkt"


def test_community_page_highlights_and_links_only_its_own_municipalities(varied_pages, scheme):
    _, _, pages = varied_pages
    community = scheme.community_by_id["finnmark"]
    [figure] = figures(pages["helsefellesskap/finnmark.md"])
    assert "kart--helsefellesskap" in figure["class"]
    assert [label.split(":")[0] for _, label in figure["links"]] == sorted(community.municipalities,
                                                                           key=formatting.sort_key_nb)
    assert ("../../kommuner/hammerfest/", f"Hammerfest: 2 søknader, {formatting.nok(750_000)} søkt") in figure["links"]
    html = pages["helsefellesskap/finnmark.md"]
    assert html.count('class="kart__annen"') == 80 - len(community.municipalities)
    assert 'Tallene per kommune står i tabellen på <a href="../../kommuner/#finnmark">Kommuner</a>.' in html


def test_locator_maps_on_municipality_and_application_pages(varied_pages):
    _, _, pages = varied_pages
    [locator] = figures(pages["kommuner/kautokeino.md"])
    assert "kart--lokal" in locator["class"] and locator["links"] == []
    assert locator["svg"]["role"] == "img" and locator["svg"]["aria-label"] == "Kart: Kautokeino i regionen"
    assert "Kartgrunnlag: © Kartverket (CC BY 4.0)" in locator["text"]
    page = pages["soknader/k-tromso-malselv-balsfjord.md"]
    [locator] = figures(page)
    assert locator["svg"]["aria-label"] == "Kart: kommunene i søknaden, Tromsø, Målselv og Balsfjord"
    figure = page[page.index('<figure class="kart kart--lokal">'):]
    assert figure[:figure.index("</figure>")].count("class=\"kart__valgt\"") == 1  # one shape, three municipalities


def test_small_municipalities_get_a_ring_on_the_locator_map(varied_pages):
    _, _, pages = varied_pages
    assert '<circle class="kart__ring"' in pages["kommuner/rost.md"]
    assert '<circle class="kart__ring"' not in pages["kommuner/kautokeino.md"]


def test_municipality_pages_show_the_official_parallel_names(varied_pages):
    _, _, pages = varied_pages
    assert '<span lang="se">Guovdageaidnu</span> (nordsamisk)\n{ .subtitle }' in pages["kommuner/kautokeino.md"]
    storfjord = pages["kommuner/storfjord.md"]
    assert '<span lang="se">Omasvuotna</span> (nordsamisk) · <span lang="fkv">Omasvuono</span> (kvensk)' in storfjord
    assert "{ .subtitle }" not in pages["kommuner/alta.md"]


def test_every_page_with_a_map_credits_the_map_data(varied_pages):
    _, _, pages = varied_pages
    with_maps = [page for page, html in pages.items() if 'class="kart ' in html]
    assert len(with_maps) >= 2 + 4 + 80 + len(VARIED)
    for page in with_maps:
        assert pages[page].count("<figure class=\"kart ") == pages[page].count("Kartgrunnlag: © Kartverket (CC BY 4.0)")


def test_without_a_map_in_the_scheme_no_page_has_one(tmp_path):
    workspace = Workspace(tmp_path)
    write_varied_portfolio(workspace)
    path = workspace.applications / "scheme.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    del data["map"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    (workspace.applications / "kommuner.geojson").unlink()
    portfolio = load_portfolio(workspace.applications, workspace.root)
    assert portfolio.boundaries is None
    renderer = PageRenderer(build_model(portfolio, dt.date(2025, 6, 2)))
    pages = [text.inline() for text in renderer.pages().values()]
    assert not any("<figure class=\"kart" in page for page in pages)
    assert any("Guovdageaidnu" in page for page in pages)  # the names come from the scheme, not the map


# Colours ---------------------------------------------------------------------------------------

def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_the_map_colours_read_in_greyscale_and_stand_out_from_the_page():
    css = CSS.read_text("utf-8")
    fills = {(int(c), int(n)): value
             for c, n, value in re.findall(r"\.kart \.hf(\d)\.n(\d) \{ --kart-farge: (#[0-9a-f]{6}); \}", css)}
    assert len(fills) == 6 * 4
    white = 1.0
    for band in range(4):
        values = [luminance(fills[(c, band)]) for c in range(1, 7)]
        assert max(values) - min(values) < 0.01, band  # every hue as light as the others in a band
        if band:
            assert min(contrast(v, white) for v in values) >= 3.0, band  # WCAG 1.4.11, against the page
    means = [sum(luminance(fills[(c, band)]) for c in range(1, 7)) / 6 for band in range(4)]
    assert means == sorted(means, reverse=True)  # darker is more applications
    assert all(contrast(means[i], means[i + 1]) >= 1.7 for i in range(3))  # bands apart in greyscale too
    stroke = re.search(r"\.kart__tegning path \{\s*stroke: (#[0-9a-f]{6});", css).group(1)
    assert contrast(luminance(stroke), white) >= 3.0  # a municipality without applications meets the page here


def test_count_bands_follow_the_scheme():
    assert [band_label(*band) for band in count_bands([1, 2, 5])] == ["0", "1", "2–4", "5 eller flere"]
    assert [band_label(*band) for band in count_bands([1])] == ["0", "1 eller flere"]
    assert [band_label(*band) for band in count_bands([1, 3, 10])] == ["0", "1–2", "3–9", "10 eller flere"]
