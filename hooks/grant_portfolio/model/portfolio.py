"""The portfolio: every valid application with the scheme, and the sums the pages show."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..input.boundaries import Boundaries
from ..input.load import SCHEME_FILE, display_path
from ..problems import Problem
from ..input.records import ApplicationRecord
from ..input.scheme import Scheme, load_scheme
from ..checks.validate import CheckedFiles, validated_records


def granted_amount(record: ApplicationRecord) -> int | None:
    """What the committee granted: the decision's amount, 0 for an application whose status
    means nothing is granted (refused, withdrawn: ``nothing_granted`` in the scheme), or None
    while no decision on it is recorded (unknown, not zero)."""
    decision = record.meta.decision
    if decision is not None and decision.granted is not None:
        return decision.granted
    return 0 if record.grants_nothing else None


def stated_contributions(record: ApplicationRecord) -> tuple[int, int, int]:
    """The application's own contributions: (the sum of the stated amounts, how many have an
    amount, how many have none)."""
    amounts = [c.amount for c in record.meta.budget.own_contributions]
    stated = [a for a in amounts if a is not None]
    return sum(stated), len(stated), len(amounts) - len(stated)


@dataclass(frozen=True)
class Totals:
    """The sums over some applications. An amount that is not known is never added as 0: the
    totals count the contributions without an amount and the applications with a decision,
    so the pages can say what the sums leave out.

    The first four fields are the totals columns of the overview tables
    (``input.labels.TOTALS_COLUMNS``); the counts after them qualify two of those columns."""

    count: int
    requested: int
    own_contributions: int  # the sum of the contributions that state an amount
    granted: int  # the sum over the applications whose granted amount is known
    contributions_with_amount: int = 0
    contributions_without_amount: int = 0
    decided: int = 0  # applications whose granted amount is known (see granted_amount)

    @classmethod
    def of(cls, records: list[ApplicationRecord]) -> "Totals":
        requested = own = granted = with_amount = without_amount = decided = 0
        for record in records:
            requested += record.meta.budget.requested
            stated_sum, stated, unstated = stated_contributions(record)
            own += stated_sum
            with_amount += stated
            without_amount += unstated
            amount = granted_amount(record)
            if amount is not None:
                granted += amount
                decided += 1
        return cls(count=len(records), requested=requested, own_contributions=own, granted=granted,
                   contributions_with_amount=with_amount, contributions_without_amount=without_amount,
                   decided=decided)

    @property
    def contributions(self) -> int:
        """How many own contributions the applications list, with or without an amount."""
        return self.contributions_with_amount + self.contributions_without_amount

    @property
    def undecided(self) -> int:
        """Applications whose granted amount is not known yet."""
        return self.count - self.decided


@dataclass
class Portfolio:
    scheme: Scheme
    applications: list[ApplicationRecord]
    notices: list[Problem] = field(default_factory=list)
    boundaries: Boundaries | None = None  # the map's municipal boundaries (None: no map)

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


def load_portfolio(applications_dir: Path, root: Path | None = None, cache: CheckedFiles | None = None) -> Portfolio:
    """Files → load → validate → portfolio. Raises ``InputError`` with every problem found.
    Every message that names a line is made while validating: the portfolio's records hold
    no key positions. ``cache``: files checked in an earlier build of this process, reused while
    their bytes and the scheme's are the same (``checks.validate.CheckedFiles``)."""
    root = root or applications_dir.parent
    scheme_path = applications_dir / SCHEME_FILE
    scheme = load_scheme(scheme_path, display_path(scheme_path, root))
    scheme_key = hashlib.blake2b(scheme_path.read_bytes()).hexdigest() if cache is not None else ""
    result = validated_records(applications_dir, scheme, root, cache=cache, scheme_key=scheme_key)
    return Portfolio(scheme, result.records, result.notices, result.boundaries)
