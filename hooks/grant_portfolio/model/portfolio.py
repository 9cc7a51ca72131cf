"""The portfolio: every valid application with the scheme, and the sums the pages show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..input.load import SCHEME_FILE, display_path
from ..problems import Problem
from ..input.records import ApplicationRecord
from ..input.scheme import Scheme, load_scheme
from ..checks.validate import validated_records


@dataclass(frozen=True)
class Totals:
    count: int
    requested: int
    own_contributions: int
    granted: int

    @classmethod
    def of(cls, records: list[ApplicationRecord]) -> "Totals":
        return cls(
            count=len(records),
            requested=sum(r.meta.budget.requested for r in records),
            own_contributions=sum(r.own_contributions_total for r in records),
            granted=sum(r.granted for r in records),
        )


@dataclass
class Portfolio:
    scheme: Scheme
    applications: list[ApplicationRecord]
    notices: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.applications = sort_applications(self.applications, self.scheme)
        self.by_slug = {a.slug: a for a in self.applications}

    @property
    def totals(self) -> Totals:
        return Totals.of(self.applications)

    @property
    def municipalities_involved(self) -> list[str]:
        return sorted({m for a in self.applications for m in a.meta.municipalities})


def rank_key(record: ApplicationRecord) -> tuple:
    """Priority (1 first, unranked last), then title, then file name."""
    priority = record.meta.priority
    return (priority is None, priority or 0, record.meta.title.casefold(), record.slug)


def sort_applications(records: list[ApplicationRecord], scheme: Scheme) -> list[ApplicationRecord]:
    """Newest round first, then community in scheme order, then rank."""
    round_order = {r.id: i for i, r in enumerate(scheme.rounds)}
    community_order = {c.id: i for i, c in enumerate(scheme.health_communities)}
    return sorted(
        records,
        key=lambda r: (-round_order.get(r.meta.round, 0), community_order.get(r.meta.health_community, 0),
                       *rank_key(r)),
    )


def load_portfolio(applications_dir: Path, root: Path | None = None) -> Portfolio:
    """Files → load → validate → portfolio. Raises ``InputError`` with every problem found.
    Every message that names a line is made while validating: the portfolio's records hold
    no key positions."""
    root = root or applications_dir.parent
    scheme_path = applications_dir / SCHEME_FILE
    scheme = load_scheme(scheme_path, display_path(scheme_path, root))
    result = validated_records(applications_dir, scheme, root)
    return Portfolio(scheme, result.records, result.notices)
