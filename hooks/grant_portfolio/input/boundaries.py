"""The region's municipal boundaries: the GeoJSON file the scheme's ``map`` names, matched to
the scheme's municipalities by municipality number.

Only reading and checking happen here (plain JSON, no geometry library): a municipality of the
scheme without a shape, a shape without a municipality, a number written twice or an official
name that does not match the scheme's names is an error naming the file, the line where the
feature's number stands, and the municipality. Projection and simplification are the model's
(``model.geography``)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..problems import Problem
from .load import display_path, read_text
from .scheme import MapSettings, Scheme

POLYGONS = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Boundary:
    number: str
    municipality: str  # the scheme's (Norwegian) name
    polygons: tuple  # MultiPolygon coordinates: polygons of rings of (longitude, latitude)


@dataclass(frozen=True)
class Boundaries:
    path: str  # as messages name it
    by_name: dict[str, Boundary]


def load_boundaries(applications_dir: Path, scheme: Scheme, root: Path) -> tuple[Boundaries | None, list[Problem]]:
    """The boundaries of every municipality of the scheme, or the problems found; ``(None, [])``
    when the scheme has no map."""
    if scheme.map is None:
        return None, []
    settings = scheme.map
    path = applications_dir / settings.boundaries
    shown = display_path(path, root)
    text, problems = read_text(path, shown, kind="kommunegrensene til kartet")
    if text is None:
        return None, problems
    municipalities = tuple((m.name, m.number, m.names) for m in scheme.municipality_by_name.values())
    boundaries, problems = _checked(text, shown, settings.model_dump_json(), municipalities)
    return boundaries, list(problems)


@lru_cache(maxsize=4)
def _checked(text: str, shown: str, settings_json: str,
             municipalities: tuple[tuple[str, str, tuple[str, ...]], ...]) -> tuple[Boundaries | None, list[Problem]]:
    """The boundaries read from ``text`` (kept for the same text and scheme: the preview and
    the tests read the same file many times)."""
    settings = MapSettings.model_validate_json(settings_json)
    problems: list[Problem] = []
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        return None, [Problem(shown, exc.lineno, None, f"er ikke gyldig GeoJSON (JSON): {exc.msg}")]
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        return None, [Problem(shown, 1, None, "er ikke en GeoJSON FeatureCollection med en liste «features»")]

    def line_of(number: str) -> int:
        """The line where the feature's number stands (1 for a file written on one line)."""
        match = re.search(rf'"{re.escape(settings.number_property)}"\s*:\s*"?{re.escape(number)}\b', text)
        return text.count("\n", 0, match.start()) + 1 if match else 1

    municipality_by_number = {number: (name, names) for name, number, names in municipalities}
    found: dict[str, Boundary] = {}
    numbers: set[str] = set()
    for index, feature in enumerate(features):
        where = f"features[{index}]"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        number = properties.get(settings.number_property) if isinstance(properties, dict) else None
        if not isinstance(number, (str, int)) or isinstance(number, bool):
            problems.append(Problem(shown, 1, where, f"mangler kommunenummeret («{settings.number_property}»)"))
            continue
        number = str(number).zfill(4)
        line = line_of(number)
        official = properties.get(settings.name_property) if settings.name_property else None
        label = f"kommunenummer {number}" + (f" ({official})" if isinstance(official, str) else "")
        if number in numbers:
            problems.append(Problem(shown, line, where, f"{label} står flere ganger"))
            continue
        numbers.add(number)
        known = municipality_by_number.get(number)
        if known is None:
            problems.append(Problem(shown, line, where, (
                f"{label} hører ikke til noen kommune i ordningens data: legg kommunen til under "
                "municipalities og i helsefellesskapet den hører til, eller fjern den fra kartet")))
            continue
        name, names = known
        if isinstance(official, str) and set(_name_parts(official)) != set(names):
            problems.append(Problem(shown, line, where, (
                f"{label} heter «{official}» i kartdataene, men {' - '.join(names)} i ordningens "
                "data: rett kommunenummeret eller navnene (parallel_names) i scheme.yml")))
        geometry = feature.get("geometry") or {}
        polygons, message = _polygons(geometry)
        if message:
            problems.append(Problem(shown, line, where + ".geometry", f"{label}: {message}"))
            continue
        found[name] = Boundary(number, name, polygons)
    for name, number, _names in municipalities:
        if name not in found and number not in numbers:
            problems.append(Problem(shown, None, None, (
                f"kommunen {name} (kommunenummer {number}) har ingen grense i kartdataene")))
    return (None if problems else Boundaries(shown, found)), problems


def _name_parts(official: str) -> list[str]:
    """An official name split into its parallel names: «Gáivuotna - Kåfjord - Kaivuono»."""
    return [part.strip() for part in official.split(" - ") if part.strip()]


def _polygons(geometry: Any) -> tuple[tuple, str | None]:
    """The geometry's polygons as nested tuples, or why it cannot be drawn."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in POLYGONS:
        return (), f"grensen må være en flate (Polygon eller MultiPolygon), ikke {kind or 'tom'}"
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    try:
        result = tuple(tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in polygon)
                       for polygon in polygons)
    except (TypeError, ValueError):
        return (), "koordinatene er ikke lister med tall"
    points = [point for polygon in result for ring in polygon for point in ring]
    if not points or any(len(ring) < 4 for polygon in result for ring in polygon):
        return (), "en ring i grensen har færre enn fire punkter"
    if not all(math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90 for x, y in points):
        return (), "koordinatene er ikke lengde- og breddegrad (WGS 84)"
    return result, None
