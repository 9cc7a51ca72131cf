"""Aggregated views of the portfolio for the committees' pages: per health community, per
round (with the ranked lists and funding frames), per municipality, and the budget summary.

Every figure is a sum over application records, computed here once; templates only show
them. ``Totals.of`` is the one place amounts are added up, so the pages reconcile.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..formatting import sort_key_nb
from .portfolio import Portfolio, Totals, rank_key
from ..input.records import ApplicationRecord
from ..input.scheme import HealthCommunity, HealthTrust, Municipality, Round, Scheme, Status

UNCATEGORISED = "Uten kategori"


def ranked(records: list[ApplicationRecord]) -> list[ApplicationRecord]:
    """By priority (1 first; unranked last), then title."""
    return sorted(records, key=rank_key)


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
        """What is left of the frame after this and every higher-ranked application
        (negative once the frame is exceeded)."""
        return None if self.frame is None else self.frame - self.cumulative


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

    @cached_property
    def frame_break(self) -> int | None:
        """Index of the entry above which the frame runs out, if it does.

        The line is drawn between priorities: when several applications share the priority
        at which the frame runs out, it goes above all of them (see ``tied_at_break``)."""
        if self.frame is None:
            return None
        for index, entry in enumerate(self.entries):
            if entry.cumulative > self.frame:
                priority = entry.record.meta.priority
                while index > 0 and self.entries[index - 1].record.meta.priority == priority:
                    index -= 1
                return index
        return None

    @property
    def tied_at_break(self) -> bool:
        """True when the frame runs out inside a priority that several applications share."""
        cut = self.frame_break
        return (cut is not None and cut + 1 < len(self.entries)
                and self.entries[cut + 1].record.meta.priority == self.entries[cut].record.meta.priority)

    @property
    def within_frame(self) -> list[RankedEntry]:
        """The entries above the line where the frame runs out (all of them if it does not)."""
        cut = self.frame_break
        return self.entries if cut is None else self.entries[:cut]

    @property
    def remaining_after_fitting(self) -> int | None:
        """The frame less every application above the line where it runs out."""
        if self.frame is None:
            return None
        fitting = self.within_frame
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
    """The whole portfolio's figures. Per round and per community it reuses the round and
    community views, so every page shows the same sums."""

    applications: list[ApplicationRecord]
    rounds: list[RoundView]  # newest first; each has a CommitteeList per community
    communities: list[CommunityView]
    by_status: list[StatusRow]
    categories: list[CategoryRow]

    @property
    def lines_total(self) -> int:
        return sum(row.amount for row in self.categories)

    @cached_property
    def applications_with_lines(self) -> Totals:
        return Totals.of([a for a in self.applications if a.meta.budget.lines])

    @cached_property
    def applications_without_lines(self) -> list[ApplicationRecord]:
        return [a for a in self.applications if not a.meta.budget.lines]


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
                municipalities=[scheme.municipality_by_name[name]
                                for name in sorted(community.municipalities, key=sort_key_nb)],
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
                    for name in sorted(community.municipalities, key=sort_key_nb)
                ],
            )
            for community in scheme.health_communities
        ]
        self.budget = BudgetSummary(
            applications=apps,
            rounds=self.rounds,
            communities=self.communities,
            by_status=status_rows(scheme, apps),
            categories=category_rows(apps),
        )

    @cached_property
    def municipalities(self) -> list[MunicipalityView]:
        return [view for group in self.municipality_groups for view in group.municipalities]


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
