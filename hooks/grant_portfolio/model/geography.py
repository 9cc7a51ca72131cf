"""The region's map as shapes ready to draw: the municipal boundaries projected (pyproj),
turned into a topology and simplified so that neighbours still meet (topojson, Shapely), and
rounded to whole map units.

Two levels of detail: ``detailed`` for the overview maps (every municipality, its borders and
the health communities' borders) and ``coarse`` for the small locator maps (the region as one
shape and the municipalities to highlight). Shapes are SVG path data in map units, written
compactly: one absolute move per ring, then relative lines, with no space before a minus.
The pages (``pages.maps``) decide how they look."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..input.boundaries import Boundaries
from ..input.scheme import Scheme

UNIT_M = 500  # one map unit in metres: the overview maps are about 1 500 units wide


@dataclass(frozen=True)
class Detail:
    """How much of the coastline a level of detail keeps."""

    tolerance_m: float  # Douglas–Peucker tolerance of the topology-preserving simplification
    min_island_km2: float  # smaller islands are left out (a municipality keeps its largest part)


DETAILED = Detail(tolerance_m=700, min_island_km2=2.0)
COARSE = Detail(tolerance_m=3000, min_island_km2=40.0)


@dataclass(frozen=True)
class Point:
    x: int
    y: int


@dataclass(frozen=True)
class Shapes:
    """One level of detail: every municipality's path, and the borders between communities."""

    municipalities: dict[str, str]  # municipality name -> path data
    community_borders: dict[tuple[str, str], str]  # (community id, community id) sorted -> where they meet
    region: str  # the whole region as one shape
    centres: dict[str, Point]  # municipality name -> a point inside it
    sizes: dict[str, float]  # municipality name -> the larger side of its bounding box, in units


@dataclass(frozen=True)
class RegionMap:
    width: int
    height: int
    detailed: Shapes
    coarse: Shapes
    community_centres: dict[str, Point]  # community id -> a point well inside it (its label)


def region_map(boundaries: Boundaries, scheme: Scheme) -> RegionMap:
    """Project, simplify and round the boundaries (the geometry libraries are loaded here only)."""
    import numpy
    import pyproj
    import shapely
    import topojson

    transformer = pyproj.Transformer.from_crs("EPSG:4326", scheme.map.projection, always_xy=True)

    def project(coords):
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return numpy.column_stack([x, y])

    features = []
    bounds = []
    smallest = min(DETAILED.min_island_km2, COARSE.min_island_km2) * 1e6
    for name, boundary in boundaries.by_name.items():
        polygons = [shapely.Polygon(rings[0], rings[1:]) for rings in boundary.polygons]
        shape = shapely.transform(shapely.MultiPolygon(polygons), project)
        parts = sorted(shapely.get_parts(shape), key=lambda part: -part.area)
        kept = shapely.MultiPolygon([part for i, part in enumerate(parts) if i == 0 or part.area >= smallest])
        bounds.append(kept.bounds)
        features.append({"type": "Feature", "properties": {"name": name}, "geometry": shapely.geometry.mapping(kept)})
    minx, miny = min(b[0] for b in bounds), min(b[1] for b in bounds)
    maxx, maxy = max(b[2] for b in bounds), max(b[3] for b in bounds)
    margin = 4 * UNIT_M
    origin = (minx - margin, maxy + margin)
    width = int((maxx - minx + 2 * margin) / UNIT_M) + 1
    height = int((maxy - miny + 2 * margin) / UNIT_M) + 1
    community_of = {m.name: m.community_id for m in scheme.municipality_by_name.values()}
    # One topology: the arcs between neighbours are found once and simplified per level.
    topology = topojson.Topology({"type": "FeatureCollection", "features": features}, prequantize=False,
                                 topology=True, prevent_oversimplify=True, simplify_with="shapely")
    detailed = _shapes(topology, DETAILED, origin, community_of, outlines=False)
    coarse = _shapes(topology, COARSE, origin, community_of, outlines=True)
    return RegionMap(width, height, detailed.shapes, coarse.shapes, coarse.community_centres)


@dataclass
class _Level:
    shapes: Shapes
    community_centres: dict[str, Point]


def _shapes(topology, detail: Detail, origin: tuple[float, float], community_of: dict[str, str],
            outlines: bool) -> _Level:
    """One level of detail from the topology. With ``outlines``, the region and the
    communities are merged into shapes too (for the region's outline and the labels)."""
    import shapely
    from shapely.ops import polylabel

    data = topology.toposimplify(detail.tolerance_m).to_dict()
    x0, y0 = origin
    arcs = [[(round((x - x0) / UNIT_M), round((y0 - y) / UNIT_M)) for x, y in arc] for arc in data["arcs"]]
    min_area = detail.min_island_km2 * 1e6 / UNIT_M ** 2

    def ring_points(refs: list[int]) -> list[tuple[int, int]]:
        points: list[tuple[int, int]] = []
        for ref in refs:
            arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    paths: dict[str, str] = {}
    rings_of: dict[str, list[list[tuple[int, int]]]] = {}
    users: dict[int, set[str]] = defaultdict(set)  # arc -> the municipalities it bounds
    for geometry in data["objects"]["data"]["geometries"]:
        name = geometry["properties"]["name"]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons = [[ring_points(refs) for refs in polygon] for polygon in polygons]
        polygons.sort(key=lambda rings: -abs(area(rings[0])))
        kept = [rings for index, rings in enumerate(polygons) if index == 0 or abs(area(rings[0])) >= min_area]
        rings_of[name] = [ring for rings in kept for ring in rings if len(set(ring)) >= 3]
        paths[name] = "".join(ring_path(ring) for ring in rings_of[name])
        for polygon in (geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]):
            for refs in polygon:
                for ref in refs:
                    users[ref if ref >= 0 else ~ref].add(name)
    borders: dict[tuple[str, str], list] = defaultdict(list)
    for index, between in sorted(users.items()):
        communities = tuple(sorted({community_of[name] for name in between}))
        if len(communities) == 2:
            borders[communities].append(arcs[index])
    centres: dict[str, Point] = {}
    sizes: dict[str, float] = {}
    for name, rings in rings_of.items():
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        sizes[name] = max(max(xs) - min(xs), max(ys) - min(ys))
        largest = max(rings, key=lambda ring: abs(area(ring)))
        point = shapely.point_on_surface(shapely.Polygon(largest))
        centres[name] = Point(round(point.x), round(point.y))
    region = ""
    community_centres: dict[str, Point] = {}
    if outlines:
        shapes_of = {name: shapely.make_valid(shapely.MultiPolygon([shapely.Polygon(r) for r in rings]))
                     for name, rings in rings_of.items()}
        region = polygon_path(shapely.union_all(list(shapes_of.values()), grid_size=1))
        by_community: dict[str, list] = defaultdict(list)
        for name, shape in shapes_of.items():
            by_community[community_of[name]].append(shape)
        for community, members in by_community.items():
            union = shapely.union_all(members, grid_size=1)
            largest = max(shapely.get_parts(union), key=lambda part: part.area)
            point = polylabel(largest, tolerance=2)
            community_centres[community] = Point(round(point.x), round(point.y))
    return _Level(
        Shapes(municipalities=paths,
               community_borders={pair: "".join(line_path(arc) for arc in lines) for pair, lines in sorted(borders.items())},
               region=region, centres=centres, sizes=sizes),
        community_centres,
    )


def area(ring: list[tuple[int, int]]) -> float:
    """The ring's signed area (shoelace), in square map units."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def polygon_path(shape) -> str:
    """A (Multi)Polygon's rings as path data."""
    import shapely

    parts = []
    for polygon in shapely.get_parts(shape):
        if polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            parts.append(ring_path([(int(x), int(y)) for x, y in ring.coords]))
    return "".join(parts)


def ring_path(points: list[tuple[int, int]]) -> str:
    """A closed ring: ``M x y l dx dy … z`` (the closing point left to ``z``)."""
    if points and points[0] == points[-1]:
        points = points[:-1]
    return line_path(points) + "z" if len(points) >= 3 else ""


def line_path(points: list[tuple[int, int]]) -> str:
    """An open line: an absolute move, then relative steps; repeated points left out."""
    if not points:
        return ""
    x, y = points[0]
    steps: list[int] = []
    for px, py in points[1:]:
        if (px, py) != (x, y):
            steps += (px - x, py - y)
            x, y = px, py
    return f"M{compact(list(points[0]))}" + (f"l{compact(steps)}" if steps else "")


def compact(numbers: list[int]) -> str:
    """Numbers as SVG path data writes them shortest: a minus sign separates as a space does."""
    out = []
    for index, number in enumerate(numbers):
        if index and number >= 0:
            out.append(" ")
        out.append(str(number))
    return "".join(out)


class GeographyCache:
    """The region map computed once per process for the same boundaries and settings (the
    preview server rebuilds often; the boundaries rarely change)."""

    _cached: tuple | None = None

    @classmethod
    def get(cls, boundaries: Boundaries, scheme: Scheme) -> RegionMap:
        key = (_key(boundaries), scheme.map,
               tuple(sorted((m.name, m.community_id) for m in scheme.municipality_by_name.values())))
        if cls._cached is None or cls._cached[0] != key:
            cls._cached = (key, region_map(boundaries, scheme))
        return cls._cached[1]


def _key(boundaries: Boundaries) -> int:
    return hash(tuple(sorted((b.number, b.polygons) for b in boundaries.by_name.values())))
