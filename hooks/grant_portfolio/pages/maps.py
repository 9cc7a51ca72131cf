"""The maps on the pages, drawn at build time as inline SVG from the region's shapes
(``model.geography``): no script, no map tiles, nothing fetched.

* the overview (home page, /kommuner/): every municipality coloured by its health community and
  shaded by how many applications it is in, each a link to its page with a name that carries
  the figures («Tromsø: 2 søknader, 7 097 515 kr søkt»), in the order of the table beside it;
* a community page's map: the community's municipalities so, the others grey;
* the locator maps (a municipality's page, an application's page): the region as one shape with
  the municipalities highlighted, and a ring round those too small to see.

Colours are the stylesheet's (``kart`` classes in ``portfolio.css``): ``hf1``…``hf6`` the
community (by its place in the scheme), ``n0``…``n3`` the band of the number of applications."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from .. import formatting
from ..input.records import ApplicationRecord
from ..input.scheme import Municipality, Scheme
from ..model.geography import RegionMap
from ..model.views import MunicipalityView, PortfolioViews
from .paths import MUNICIPALITIES_PAGE, municipality_page

COMMUNITY_COLOURS = 6  # colour classes in the stylesheet; more communities reuse them in turn
NAMED_IN_TITLE = 5  # a locator map's text names up to this many municipalities, then counts them
SMALL_UNITS = 24  # a highlighted municipality smaller than this (map units) also gets a ring


@dataclass(frozen=True)
class Area:
    """One municipality on a map."""

    path: str
    css: str
    url: str | None = None  # a link to the municipality's page (overview and community maps)
    label: str = ""  # the link's accessible name


@dataclass(frozen=True)
class Band:
    label: str  # «0», «1», «2–4», «5 eller flere»
    css: str


@dataclass(frozen=True)
class LegendRow:
    number: int  # the community's number on the map
    name: str
    css: str


def count_bands(bounds: list[int]) -> list[tuple[int, int | None]]:
    """The bands of the number of applications: [1, 2, 5] → 0, 1, 2–4, 5+ as (low, high)."""
    edges = [0, *bounds]
    return [(low, edges[i + 1] - 1 if i + 1 < len(edges) else None) for i, low in enumerate(edges)]


def band_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{formatting.number(low)} eller flere"
    if low == high:
        return formatting.number(low)
    return f"{formatting.number(low)}–{formatting.number(high)}"


def figures_label(view: MunicipalityView) -> str:
    """What a municipality's link on a map says: its name, applications and requested amount,
    as the table beside the map gives them."""
    count = view.totals.count
    if not count:
        return f"{view.municipality.name}: ingen søknader"
    noun = "søknad" if count == 1 else "søknader"
    return f"{view.municipality.name}: {formatting.number(count)} {noun}, {formatting.nok(view.totals.requested)} søkt"


class MapMaker:
    """Draws the maps of one build; ``url(page, target)`` is the address of ``target`` (a page's
    path in the source tree) as written on ``page``."""

    def __init__(self, shapes: RegionMap, scheme: Scheme, views: PortfolioViews, env: Environment,
                 url: Callable[[str, str], str]):
        self.shapes = shapes
        self.scheme = scheme
        self.views = views
        self.env = env
        self.url = url
        self.bands = count_bands(scheme.map.count_bands)
        self.community_number = {c.id: i + 1 for i, c in enumerate(scheme.health_communities)}
        self.view_by_name = {view.municipality.name: view for view in views.municipalities}

    # Classes ---------------------------------------------------------------------------------
    def community_css(self, community_id: str) -> str:
        return f"hf{(self.community_number[community_id] - 1) % COMMUNITY_COLOURS + 1}"

    def band_index(self, count: int) -> int:
        return next(i for i, (low, high) in enumerate(self.bands) if count >= low and (high is None or count <= high))

    def legend_bands(self) -> list[Band]:
        return [Band(band_label(low, high), f"n{i}") for i, (low, high) in enumerate(self.bands)]

    def _area(self, page: str, name: str, linked: bool = True) -> Area:
        view = self.view_by_name[name]
        css = f"{self.community_css(view.community.id)} n{self.band_index(view.totals.count)}"
        if not linked:
            return Area(self.shapes.detailed.municipalities[name], css)
        return Area(self.shapes.detailed.municipalities[name], css,
                    self.url(page, municipality_page(view.municipality.slug)), figures_label(view))

    # Maps ------------------------------------------------------------------------------------
    def overview(self, page: str, table: str, map_id: str = "kart") -> Markup:
        """Every municipality, by community (in the scheme's order) and name, as the tables are;
        ``table`` says where the same figures stand as a table."""
        groups = [(group.community, [self._area(page, view.municipality.name) for view in group.municipalities])
                  for group in self.views.municipality_groups]
        legend = [LegendRow(self.community_number[c.id], c.label, self.community_css(c.id))
                  for c in self.scheme.health_communities]
        markers = [(self.community_number[cid], point) for cid, point in self.shapes.community_centres.items()]
        return self._render("overview", page, map_id=map_id, groups=groups, legend=legend, markers=markers,
                            borders="".join(self.shapes.detailed.community_borders.values()), table=table,
                            title="Kart over kommunene i regionen etter helsefellesskap og antall søknader")

    def community(self, page: str, community_id: str) -> Markup:
        community = self.scheme.community_by_id[community_id]
        members = set(community.municipalities)
        group = next(g for g in self.views.municipality_groups if g.community.id == community_id)
        others = [Area(path, "kart__annen") for name, path in self.shapes.detailed.municipalities.items()
                  if name not in members]
        areas = [self._area(page, view.municipality.name) for view in group.municipalities]
        legend = [LegendRow(self.community_number[community_id], community.label, self.community_css(community_id))]
        borders = "".join(path for pair, path in self.shapes.detailed.community_borders.items() if community_id in pair)
        table = Markup('Tallene per kommune står i tabellen på <a href="{}">Kommuner</a>.').format(
            self.url(page, f"{MUNICIPALITIES_PAGE}#{community_id}"))
        return self._render("community", page, map_id="kart", others=others, groups=[(community, areas)],
                            legend=legend, markers=[], borders=borders, table=table,
                            title=f"Kart over kommunene i {community.name}, etter antall søknader")

    def locator(self, page: str, names: list[str], title: str, map_id: str = "kart") -> Markup:
        """The region with ``names`` highlighted (a municipality's or an application's map)."""
        coarse = self.shapes.coarse
        areas = [Area("".join(coarse.municipalities[name] for name in names), "kart__valgt")]  # one shape
        rings = [coarse.centres[name] for name in names if coarse.sizes[name] < SMALL_UNITS]
        return self._render("locator", page, map_id=map_id, areas=areas, rings=rings, title=title)

    def municipality(self, page: str, municipality: Municipality) -> Markup:
        return self.locator(page, [municipality.name], f"Kart: {municipality.name} i regionen")

    def application(self, page: str, record: ApplicationRecord) -> Markup:
        names = list(dict.fromkeys(record.meta.municipalities))
        if len(names) == 1:
            title = f"Kart: kommunen i søknaden, {names[0]}"
        elif len(names) <= NAMED_IN_TITLE:
            title = f"Kart: kommunene i søknaden, {formatting.and_list(names)}"
        else:  # the facts above the map name them all
            title = f"Kart: de {formatting.number(len(names))} kommunene i søknaden"
        return self.locator(page, names, title)

    def _render(self, kind: str, page: str, **context) -> Markup:
        shapes = self.shapes
        return Markup(self.env.get_template("map.html.j2").render(
            kind=kind, width=shapes.width, height=shapes.height, region=shapes.coarse.region,
            bands=self.legend_bands(), credit=self.scheme.map.credit,
            ring_radius=max(12, shapes.width // 60), **context).strip())
