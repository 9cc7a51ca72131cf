"""The grant scheme as data: communities, municipalities, trusts, rounds, form sections,
statuses. Read from one YAML file (``applications/scheme.yml``) so that another region can
reuse the project by editing data alone."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
)
from pydantic_core import PydanticCustomError
from slugify import slugify
from stdnum.exceptions import ValidationError as NumberError
from stdnum.no import orgnr

from .load import read_text
from .messages import field_path, problems_from_validation_error
from ..problems import InputError, Problem
from .schema import SLUG_PATTERN
from .yamlsource import Loc, YamlSyntaxError, parse_yaml

NonEmpty = Annotated[str, Field(min_length=1)]
# Ids become parts of page addresses (/runder/2025-1/) and CSS class names.
Id = Annotated[str, Field(pattern=SLUG_PATTERN)]


def _check_org_number(value: str) -> str:
    try:
        return orgnr.validate(value)
    except NumberError:
        raise PydanticCustomError(
            "org_number", "er ikke et gyldig organisasjonsnummer (ni sifre med riktig kontrollsiffer)"
        ) from None


# A Norwegian organisation number (Enhetsregisteret), checked with its check digit.
OrgNumber = Annotated[str, AfterValidator(_check_org_number)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Organisation(_Strict):
    name: NonEmpty
    org_number: OrgNumber | None = None
    address: str | None = None
    email: str | None = None
    url: str | None = None


class SchemeInfo(_Strict):
    name: NonEmpty
    short_name: NonEmpty
    owner: Organisation
    committee: NonEmpty
    currency: NonEmpty = "NOK"
    description: NonEmpty


class HealthTrust(_Strict):
    id: Id
    name: NonEmpty
    short_name: NonEmpty
    org_number: OrgNumber | None = None


class MunicipalityFacts(_Strict):
    """What the scheme says about one municipality besides its community."""

    number: Annotated[str, Field(pattern=r"^[0-9]{4}$")]  # kommunenummer, as in the map's boundaries
    org_number: OrgNumber | None = None
    # Official parallel names (Sami, Kven): language code -> name, in the order of the official name.
    parallel_names: dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], NonEmpty] = Field(default_factory=dict)


class ParallelName(_Strict):
    name: str
    language: str  # BCP 47 code, for the lang attribute
    language_name: str  # the language's name in Norwegian


class Municipality(_Strict):
    """A municipality of the region; built from the community lists and ``municipalities``,
    not written by hand."""

    name: str
    slug: str
    community_id: str
    number: str
    org_number: str | None = None
    parallel_names: tuple[ParallelName, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every official name: the Norwegian one first."""
        return (self.name, *(p.name for p in self.parallel_names))


class HealthCommunity(_Strict):
    id: Id
    name: NonEmpty
    short_name: NonEmpty | None = None
    health_trust: NonEmpty
    send_to: NonEmpty
    copy_to: str | None = None
    municipalities: list[NonEmpty] = Field(min_length=1)

    @property
    def label(self) -> str:
        """The short name where space is tight (table columns, chart labels)."""
        return self.short_name or self.name


class Round(_Strict):
    id: Id
    name: NonEmpty
    community_deadline: dt.date
    committee_deadline: dt.date | None = None
    funding: dict[str, Annotated[StrictInt, Field(ge=0)]] = Field(default_factory=dict)

    @property
    def year(self) -> int:
        """The year folder under ``applications/`` of the round's applications: the year of
        its first deadline."""
        return self.community_deadline.year


class Section(_Strict):
    id: Id
    heading: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    field: str | None = None
    required: bool = False

    @property
    def in_body(self) -> bool:
        return self.field is None


class Status(_Strict):
    id: Id
    label: NonEmpty
    description: str = ""
    requires_decision: bool = False
    nothing_granted: bool = False  # refused or withdrawn: the granted amount is known, 0


class OpenData(_Strict):
    """How the open data files are published."""

    licence_name: NonEmpty
    licence_url: NonEmpty
    # The publisher's 360Giving identifier prefix (assigned by 360Giving): grant ids are
    # the prefix and the application's file name.
    giving360_prefix: Annotated[str, Field(pattern=r"^360G-[A-Za-z0-9-]+$")]


class MapSettings(_Strict):
    """The region's map: where its municipal boundaries are and how they are drawn."""

    # A file directly in applications/, beside the scheme (GeoJSON, WGS 84 longitude/latitude).
    boundaries: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(geo)?json$")]
    number_property: NonEmpty = "kommunenummer"
    name_property: NonEmpty | None = None  # the official name, checked against the scheme's names
    credit: NonEmpty  # shown under every map, as the data's licence requires
    projection: Annotated[str, Field(pattern=r"^EPSG:[0-9]{4,5}$")] = "EPSG:25833"
    # Where the shading by number of applications changes (rising): [1, 2, 5] gives 0, 1, 2–4, 5+.
    count_bands: list[Annotated[StrictInt, Field(gt=0)]] = Field(default_factory=lambda: [1, 2, 5], min_length=1,
                                                                 max_length=3)


class Scheme(_Strict):
    scheme: SchemeInfo
    open_data: OpenData
    health_trusts: list[HealthTrust] = Field(min_length=1)
    health_communities: list[HealthCommunity] = Field(min_length=1)
    rounds: list[Round] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    statuses: list[Status] = Field(min_length=1)
    # Every municipality of the communities: its number, organisation number and parallel names.
    municipalities: dict[str, MunicipalityFacts] = Field(default_factory=dict)
    # The languages of the parallel names: code -> name in Norwegian (nordsamisk, kvensk).
    name_languages: dict[str, NonEmpty] = Field(default_factory=dict)
    map: MapSettings | None = None
    # Where the find page splits requested amounts into bands (kroner, rising): [500000]
    # gives «under 500 000 kr» and «500 000 kr og mer». Empty: no amount facet.
    amount_bands: list[Annotated[StrictInt, Field(gt=0)]] = Field(default_factory=list)
    # The largest amount (kroner) any amount field of an application may have; larger is an error.
    max_amount: Annotated[StrictInt, Field(gt=0, le=10**12)] = 100_000_000

    # Lookups ---------------------------------------------------------------------------
    @cached_property
    def trust_by_id(self) -> dict[str, HealthTrust]:
        return {t.id: t for t in self.health_trusts}

    @cached_property
    def community_by_id(self) -> dict[str, HealthCommunity]:
        return {c.id: c for c in self.health_communities}

    @cached_property
    def round_by_id(self) -> dict[str, Round]:
        return {r.id: r for r in self.rounds}

    @cached_property
    def status_by_id(self) -> dict[str, Status]:
        return {s.id: s for s in self.statuses}

    @cached_property
    def municipality_by_name(self) -> dict[str, Municipality]:
        result = {}
        for community in self.health_communities:
            for name in community.municipalities:
                facts = self.municipalities.get(name)
                parallel = tuple(ParallelName(name=other, language=code, language_name=self.name_languages.get(code, code))
                                 for code, other in (facts.parallel_names.items() if facts else ()))
                result[name] = Municipality(name=name, slug=slugify(name), community_id=community.id,
                                            number=facts.number if facts else "", parallel_names=parallel,
                                            org_number=facts.org_number if facts else None)
        return result

    def id_for_name(self, kind: str, text: str) -> str | None:
        """The id of the item whose name (or short name, label; for a municipality: name with
        «kommune») is ``text``, ignoring case: what a contributor writes instead of the id."""
        wanted = " ".join(text.split()).casefold()
        if kind == "municipalities":
            names = {name: [name, f"{name} kommune"] for name in self.municipality_by_name}
        else:
            names = {item.id: [getattr(item, attr) for attr in ("name", "short_name", "label")
                               if isinstance(getattr(item, attr, None), str)]
                     for item in getattr(self, kind)}
        return next((key for key, labels in names.items() if wanted in {n.casefold() for n in labels}), None)

    def ids(self, kind: str) -> list[str]:
        """The allowed values for a field that refers to the scheme (see ``schema.SchemeRef``)."""
        if kind == "municipalities":
            return list(self.municipality_by_name)
        return [item.id for item in getattr(self, kind)]


def load_scheme(path: Path, display_path: str | None = None) -> Scheme:
    """Read and check the scheme file; raise :class:`InputError` naming file, line and field."""
    shown = display_path or str(path)
    text, problems = read_text(path, shown, kind="ordningens data")
    if text is None:
        raise InputError(problems)
    try:
        doc = parse_yaml(text.removeprefix("\ufeff"))
    except YamlSyntaxError as exc:
        raise InputError([Problem(shown, exc.line, exc.field, str(exc))]) from None
    problems = [Problem(shown, line, field_path(loc), "står to ganger") for loc, line in doc.duplicates]
    try:
        scheme = Scheme.model_validate(doc.data)
    except ValidationError as exc:
        problems += problems_from_validation_error(exc, doc, shown, Scheme)
        raise InputError(problems) from None
    problems += [
        Problem(shown, doc.line_of(loc, default=1), field_path(loc), message)
        for loc, message in check_scheme_references(scheme)
    ]
    if problems:
        raise InputError(problems)
    return scheme


def check_scheme_references(scheme: Scheme) -> list[tuple[Loc, str]]:
    """Ids must be unique, references between the lists must resolve, and a municipality
    belongs to one community only."""
    found: list[tuple[Loc, str]] = []
    for kind, noun in (("health_trusts", "helseforetaket"), ("health_communities", "helsefellesskapet"),
                       ("rounds", "runden"), ("sections", "delen"), ("statuses", "statusen")):
        seen: set[str] = set()
        for index, item in enumerate(getattr(scheme, kind)):
            if item.id in seen:
                found.append(((kind, index, "id"), f"{noun} `{item.id}` står flere ganger"))
            seen.add(item.id)
    trusts = {t.id for t in scheme.health_trusts}
    communities = {c.id for c in scheme.health_communities}
    owner_of: dict[str, str] = {}
    communities_index = {c.id: i for i, c in enumerate(scheme.health_communities)}
    for index, community in enumerate(scheme.health_communities):
        if community.health_trust not in trusts:
            found.append(((("health_communities", index, "health_trust")),
                          f"ukjent helseforetak `{community.health_trust}`"))
        for m_index, name in enumerate(community.municipalities):
            if name in owner_of:
                found.append((("health_communities", index, "municipalities", m_index),
                              f"kommunen {name} står også under `{owner_of[name]}`"))
            owner_of.setdefault(name, community.id)
    numbers: dict[str, str] = {}
    for name, facts in scheme.municipalities.items():
        if name not in owner_of:
            found.append((("municipalities", name), f"kommunen {name} hører ikke til noe helsefellesskap"))
        if facts.number in numbers:
            found.append((("municipalities", name, "number"),
                          f"kommunenummeret {facts.number} står også ved {numbers[facts.number]}"))
        numbers.setdefault(facts.number, name)
        for code in facts.parallel_names:
            if code not in scheme.name_languages:
                found.append((("municipalities", name, "parallel_names", code),
                              f"ukjent språkkode `{code}`; språkene står under name_languages"))
    for name, community in owner_of.items():
        if name not in scheme.municipalities:
            found.append((("health_communities", communities_index[community], "municipalities"),
                          f"kommunen {name} mangler under municipalities (kommunenummeret trengs for kartet)"))
    for index in range(1, len(scheme.map.count_bands) if scheme.map else 0):
        if scheme.map.count_bands[index] <= scheme.map.count_bands[index - 1]:
            found.append((("map", "count_bands", index), "grensene må stå i stigende rekkefølge"))
    for index in range(1, len(scheme.amount_bands)):
        if scheme.amount_bands[index] <= scheme.amount_bands[index - 1]:
            found.append((("amount_bands", index), "beløpsgrensene må stå i stigende rekkefølge"))
    for index, round_ in enumerate(scheme.rounds):
        for key in round_.funding:
            if key not in communities:
                found.append((("rounds", index, "funding", key), f"ukjent helsefellesskap `{key}`"))
    return found


def scheme_data_files(applications_dir: Path) -> list[Path]:
    """The scheme's own files directly in ``applications/``: the scheme and, if it has a map,
    the boundaries beside it (what a copy of the project needs besides the applications)."""
    path = applications_dir / "scheme.yml"
    scheme = load_scheme(path)
    return [path] + ([applications_dir / scheme.map.boundaries] if scheme.map else [])
