"""Aggregated views of the portfolio for the committees' pages: per health community, per
round (with the ranked lists and funding frames), per municipality, and the budget summary.

Every figure is a sum over application records, computed here once; templates only show
them. ``Totals.of`` is the one place amounts are added up, so the pages reconcile.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .portfolio import Portfolio, Totals
from .records import ApplicationRecord
from .scheme import HealthCommunity, HealthTrust, Municipality, Round, Scheme, Status

UNCATEGORISED = "Uten kategori"


def ranked(records: list[ApplicationRecord]) -> list[ApplicationRecord]:
    """By priority (1 first; unranked last), then title."""
    return sorted(
        records,
        key=lambda r: (r.meta.priority is None, r.meta.priority or 0, r.meta.title.casefold(), r.slug),
    )


class _Summed:
    """A view over some applications, with their totals."""

    applications: list[ApplicationRecord]

    @cached_property
    def totals(self) -> Totals:
        return Totals.of(self.applications)


@dataclass(frozen=True)
class RankedEntry:
    """One line of a community's ranked list in a round, with the running sum."""

    record: ApplicationRecord
    cumulative: int
    frame: int | None

    @property
    def remaining(self) -> int | None:
        """What is left of the frame after this and every higher-ranked application."""
        return None if self.frame is None else self.frame - self.cumulative

    @property
    def within_frame(self) -> bool:
        return self.frame is None or self.cumulative <= self.frame


@dataclass
class CommitteeList(_Summed):
    """A health community's applications in one round, as the committee receives them."""

    community: HealthCommunity
    frame: int | None
    applications: list[ApplicationRecord]

    @cached_property
    def entries(self) -> list[RankedEntry]:
        entries, running = [], 0
        for record in ranked([a for a in self.applications if a.meta.priority is not None]):
            running += record.meta.budget.requested
            entries.append(RankedEntry(record, running, self.frame))
        return entries

    @cached_property
    def unranked(self) -> list[ApplicationRecord]:
        return ranked([a for a in self.applications if a.meta.priority is None])

    @cached_property
    def ranked_totals(self) -> Totals:
        return Totals.of([e.record for e in self.entries])

    @property
    def frame_break(self) -> int | None:
        """Index of the first entry that no longer fits within the frame, if any."""
        for index, entry in enumerate(self.entries):
            if not entry.within_frame:
                return index
        return None

    @property
    def funded_within_frame(self) -> list[RankedEntry]:
        cut = self.frame_break
        return self.entries if cut is None else self.entries[:cut]

    @property
    def remaining_after_fitting(self) -> int | None:
        """The frame less every application above the line where it runs out."""
        if self.frame is None:
            return None
        fitting = self.funded_within_frame
        return self.frame - (fitting[-1].cumulative if fitting else 0)


@dataclass
class StatusRow:
    status: Status
    totals: Totals


@dataclass
class RoundView(_Summed):
    round: Round
    applications: list[ApplicationRecord]
    committee: list[CommitteeList]
    by_status: list[StatusRow]

    @property
    def frame_total(self) -> int | None:
        frames = [c.frame for c in self.committee if c.frame is not None]
        return sum(frames) if frames else None


@dataclass
class RoundSection(_Summed):
    """The applications of one community in one round, ranked."""

    round: Round
    applications: list[ApplicationRecord]


@dataclass
class CommunityView(_Summed):
    community: HealthCommunity
    trust: HealthTrust
    municipalities: list[Municipality]
    applications: list[ApplicationRecord]
    rounds: list[RoundSection]


@dataclass
class MunicipalityView(_Summed):
    municipality: Municipality
    community: HealthCommunity
    applications: list[ApplicationRecord]


@dataclass
class MunicipalityGroup:
    community: HealthCommunity
    municipalities: list[MunicipalityView]

    @cached_property
    def distinct_applications(self) -> list[ApplicationRecord]:
        """Every application involving at least one of the group's municipalities, once."""
        seen: dict[str, ApplicationRecord] = {}
        for view in self.municipalities:
            for record in view.applications:
                seen.setdefault(record.slug, record)
        return list(seen.values())

    @cached_property
    def totals(self) -> Totals:
        return Totals.of(self.distinct_applications)


@dataclass
class CategoryRow:
    category: str
    lines: int
    applications: int
    amount: int


@dataclass
class BudgetSummary(_Summed):
    scheme: Scheme
    applications: list[ApplicationRecord]
    rounds: list[Round]  # every round of the scheme, newest first
    communities: list[HealthCommunity]
    cells: dict[tuple[str, str], Totals]  # (round id, community id) -> totals
    by_status: list[StatusRow]
    categories: list[CategoryRow]
    applications_without_lines: list[ApplicationRecord]

    def round_totals(self, round_id: str) -> Totals:
        return Totals.of([a for a in self.applications if a.meta.round == round_id])

    def community_totals(self, community_id: str) -> Totals:
        return Totals.of([a for a in self.applications if a.meta.health_community == community_id])

    @property
    def lines_total(self) -> int:
        return sum(row.amount for row in self.categories)

    @cached_property
    def applications_with_lines(self) -> Totals:
        return Totals.of([a for a in self.applications if a.meta.budget.lines])


@dataclass
class PortfolioViews:
    """Everything the committee pages need, computed once from the portfolio."""

    portfolio: Portfolio
    rounds: list[RoundView] = field(init=False)
    communities: list[CommunityView] = field(init=False)
    municipality_groups: list[MunicipalityGroup] = field(init=False)
    budget: BudgetSummary = field(init=False)

    def __post_init__(self) -> None:
        scheme, apps = self.portfolio.scheme, self.portfolio.applications
        newest_first = list(reversed(scheme.rounds))
        by_round: dict[str, list[ApplicationRecord]] = defaultdict(list)
        by_community: dict[str, list[ApplicationRecord]] = defaultdict(list)
        by_municipality: dict[str, list[ApplicationRecord]] = defaultdict(list)
        for record in apps:
            by_round[record.meta.round].append(record)
            by_community[record.meta.health_community].append(record)
            for name in dict.fromkeys(record.meta.municipalities):
                by_municipality[name].append(record)

        self.rounds = [
            RoundView(
                round=round_,
                applications=by_round[round_.id],
                committee=[
                    CommitteeList(
                        community=community,
                        frame=round_.funding.get(community.id),
                        applications=[a for a in by_round[round_.id] if a.meta.health_community == community.id],
                    )
                    for community in scheme.health_communities
                ],
                by_status=status_rows(scheme, by_round[round_.id]),
            )
            for round_ in newest_first
        ]
        self.communities = [
            CommunityView(
                community=community,
                trust=scheme.trust_by_id[community.health_trust],
                municipalities=[scheme.municipality_by_name[name] for name in community.municipalities],
                applications=by_community[community.id],
                rounds=[
                    RoundSection(round_, ranked([a for a in by_community[community.id] if a.meta.round == round_.id]))
                    for round_ in newest_first
                ],
            )
            for community in scheme.health_communities
        ]
        self.municipality_groups = [
            MunicipalityGroup(
                community=community,
                municipalities=[
                    MunicipalityView(scheme.municipality_by_name[name], community, by_municipality[name])
                    for name in sorted(community.municipalities, key=_collation_key)
                ],
            )
            for community in scheme.health_communities
        ]
        self.budget = BudgetSummary(
            scheme=scheme,
            applications=apps,
            rounds=newest_first,
            communities=list(scheme.health_communities),
            cells={
                (r.id, c.id): Totals.of([a for a in by_round[r.id] if a.meta.health_community == c.id])
                for r in scheme.rounds
                for c in scheme.health_communities
            },
            by_status=status_rows(scheme, apps),
            categories=category_rows(apps),
            applications_without_lines=[a for a in apps if not a.meta.budget.lines],
        )

    @cached_property
    def municipalities(self) -> list[MunicipalityView]:
        return [view for group in self.municipality_groups for view in group.municipalities]

    @cached_property
    def municipalities_totals(self) -> Totals:
        """Every application involving any municipality of the region, counted once."""
        seen = {r.slug: r for view in self.municipalities for r in view.applications}
        return Totals.of(list(seen.values()))


def status_rows(scheme: Scheme, records: list[ApplicationRecord]) -> list[StatusRow]:
    return [StatusRow(s, Totals.of([r for r in records if r.meta.status == s.id])) for s in scheme.statuses]


def category_rows(records: list[ApplicationRecord]) -> list[CategoryRow]:
    """Budget lines summed by category, largest first; lines without one under «Uten kategori»."""
    amounts: dict[str, int] = defaultdict(int)
    lines: dict[str, int] = defaultdict(int)
    apps: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for line in record.meta.budget.lines:
            key = line.category or UNCATEGORISED
            amounts[key] += line.amount
            lines[key] += 1
            apps[key].add(record.slug)
    rows = [CategoryRow(key, lines[key], len(apps[key]), amounts[key]) for key in amounts]
    return sorted(rows, key=lambda row: (row.category == UNCATEGORISED, -row.amount, row.category.casefold()))


_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # the three code points after z


def _collation_key(name: str) -> str:
    """Norwegian alphabetical order: æ, ø, å after z."""
    return name.casefold().translate(_NORWEGIAN_ORDER)
