"""The grant scheme as data: communities, municipalities, trusts, rounds, form sections,
statuses. Read from one YAML file (``applications/scheme.yml``) so that another region can
reuse the project by editing data alone."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    model_validator,
)
from slugify import slugify

from .messages import problems_from_validation_error
from .problems import InputError, Problem
from .yamlsource import YamlSyntaxError, parse_yaml

NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Organisation(_Strict):
    name: NonEmpty
    org_number: str | None = None
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
    id: NonEmpty
    name: NonEmpty
    short_name: NonEmpty
    org_number: str | None = None


class Municipality(_Strict):
    """A municipality of the region; built from the community lists, not written by hand."""

    name: str
    slug: str
    community_id: str


class HealthCommunity(_Strict):
    id: NonEmpty
    name: NonEmpty
    health_trust: NonEmpty
    send_to: NonEmpty
    copy_to: str | None = None
    municipalities: list[NonEmpty] = Field(min_length=1)


class Round(_Strict):
    id: NonEmpty
    name: NonEmpty
    community_deadline: dt.date
    committee_deadline: dt.date | None = None
    funding: dict[str, Annotated[StrictInt, Field(ge=0)]] = Field(default_factory=dict)


class Section(_Strict):
    id: NonEmpty
    heading: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    field: str | None = None
    required: bool = False

    @property
    def in_body(self) -> bool:
        return self.field is None


class Status(_Strict):
    id: NonEmpty
    label: NonEmpty
    description: str = ""
    requires_decision: bool = False


class Scheme(_Strict):
    scheme: SchemeInfo
    health_trusts: list[HealthTrust] = Field(min_length=1)
    health_communities: list[HealthCommunity] = Field(min_length=1)
    rounds: list[Round] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    statuses: list[Status] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> "Scheme":
        trusts = {t.id for t in self.health_trusts}
        communities = {c.id for c in self.health_communities}
        for community in self.health_communities:
            if community.health_trust not in trusts:
                raise ValueError(
                    f"helsefellesskapet `{community.id}` viser til ukjent helseforetak "
                    f"`{community.health_trust}`"
                )
        for round_ in self.rounds:
            for key in round_.funding:
                if key not in communities:
                    raise ValueError(f"runden `{round_.id}` har ramme for ukjent helsefellesskap `{key}`")
        for kind, items in (
            ("helseforetak", self.health_trusts),
            ("helsefellesskap", self.health_communities),
            ("runde", self.rounds),
            ("del", self.sections),
            ("status", self.statuses),
        ):
            ids = [item.id for item in items]
            for item_id in {i for i in ids if ids.count(i) > 1}:
                raise ValueError(f"{kind} `{item_id}` står flere ganger")
        names = [m for c in self.health_communities for m in c.municipalities]
        for name in {n for n in names if names.count(n) > 1}:
            raise ValueError(f"kommunen {name} står i flere helsefellesskap")
        return self

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
        return {
            name: Municipality(name=name, slug=slugify(name), community_id=c.id)
            for c in self.health_communities
            for name in c.municipalities
        }

    def ids(self, kind: str) -> list[str]:
        """The allowed values for a field that refers to the scheme (see ``schema.SchemeRef``)."""
        if kind == "municipalities":
            return list(self.municipality_by_name)
        return [item.id for item in getattr(self, kind)]


def load_scheme(path: Path, display_path: str | None = None) -> Scheme:
    """Read and check the scheme file; raise :class:`InputError` naming file, line and field."""
    shown = display_path or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError([Problem(shown, None, None, f"kan ikke lese fila ({exc.strerror})")]) from None
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise InputError([Problem(shown, exc.line, None, str(exc))]) from None
    problems = [Problem(shown, line, ".".join(map(str, loc)), "står to ganger") for loc, line in doc.duplicates]
    try:
        scheme = Scheme.model_validate(doc.data)
    except ValidationError as exc:
        problems += problems_from_validation_error(exc, doc, shown, Scheme)
        raise InputError(problems) from None
    if problems:
        raise InputError(problems)
    return scheme
