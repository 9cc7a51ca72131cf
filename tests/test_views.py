"""Committee views: every figure reconciles, on a varied portfolio, against sums done by hand
from the fixture (not by the code under test)."""

from __future__ import annotations

import pytest
from conftest import FUNDING, SCHEME_PATH, VARIED, Workspace, front, varied_front
from grant_portfolio.model.portfolio import Totals, granted_amount, load_portfolio
from grant_portfolio.input.records import ApplicationRecord
from grant_portfolio.input.schema import Application
from grant_portfolio.input.scheme import HealthCommunity, load_scheme
from grant_portfolio.model.views import CommitteeList, PortfolioViews

SLUG, COMMUNITY, ROUND, MUNICIPALITIES, STATUS, PRIORITY, REQUESTED, OWN, GRANTED, LINES = range(10)


@pytest.fixture
def views(varied) -> PortfolioViews:
    return PortfolioViews(load_portfolio(varied.applications, varied.root))


def expected(rows) -> tuple[int, int, int, int]:
    rows = list(rows)
    return (len(rows), sum(r[REQUESTED] for r in rows), sum(r[OWN] for r in rows), sum(r[GRANTED] or 0 for r in rows))


def as_tuple(totals) -> tuple[int, int, int, int]:
    return (totals.count, totals.requested, totals.own_contributions, totals.granted)


def test_grand_totals_match_the_sum_over_all_applications(views):
    assert as_tuple(views.portfolio.totals) == expected(VARIED) == (10, 3_900_000, 185_000, 1_350_000)
    assert as_tuple(views.budget.totals) == expected(VARIED)


def test_each_community_total_is_the_sum_of_its_applications_and_they_add_up(views):
    for view in views.communities:
        cid = view.community.id
        assert as_tuple(view.totals) == expected(r for r in VARIED if r[COMMUNITY] == cid)
        assert sorted(a.slug for a in view.applications) == sorted(r[SLUG] for r in VARIED if r[COMMUNITY] == cid)
        # per-round sections of the community page add up to its total
        assert sum(s.totals.requested for s in view.rounds) == view.totals.requested
        assert sum(s.totals.count for s in view.rounds) == view.totals.count
    assert sum(v.totals.requested for v in views.communities) == views.portfolio.totals.requested
    assert sum(v.totals.granted for v in views.communities) == views.portfolio.totals.granted


def test_round_totals_equal_the_sum_over_communities_and_statuses(views):
    for view in views.rounds:
        rid = view.round.id
        assert as_tuple(view.totals) == expected(r for r in VARIED if r[ROUND] == rid)
        for field in ("count", "requested", "own_contributions", "granted"):
            assert sum(getattr(c.totals, field) for c in view.committee) == getattr(view.totals, field)
            assert sum(getattr(s.totals, field) for s in view.by_status) == getattr(view.totals, field)
        ranked_and_unranked = [e.record.slug for c in view.committee for e in c.entries] + \
                              [a.slug for c in view.committee for a in c.unranked]
        assert sorted(ranked_and_unranked) == sorted(r[SLUG] for r in VARIED if r[ROUND] == rid)


def test_committee_list_ranks_accumulates_and_draws_the_frame_line(views):
    round_1 = next(v for v in views.rounds if v.round.id == "2025-1")
    troms = next(c for c in round_1.committee if c.community.id == "troms-og-ofoten")
    assert troms.frame == FUNDING["2025-1"]["troms-og-ofoten"]
    assert [e.record.slug for e in troms.entries] == ["a-tromso-balsfjord", "b-tromso-legevakt", "c-malselv-kafjord"]
    assert [e.cumulative for e in troms.entries] == [400_000, 900_000, 1_200_000]
    assert [e.remaining for e in troms.entries] == [600_000, 100_000, -200_000]
    assert troms.frame_break == 2  # the rejected one is still on the list: it has a priority
    assert troms.remaining_after_fitting == 100_000
    assert [a.slug for a in troms.unranked] == ["d-kafjord-uprioritert"]

    helgeland = next(c for c in round_1.committee if c.community.id == "helgeland")
    assert helgeland.frame_break is None and helgeland.remaining_after_fitting == 50_000
    finnmark = next(c for c in round_1.committee if c.community.id == "finnmark")
    assert finnmark.frame is None and finnmark.frame_break is None and finnmark.entries[0].remaining is None
    assert round_1.frame_total == 1_500_000


def committee_list(frame, *rows):
    """A community's list in one round from (slug, priority, requested) rows."""
    records = [
        ApplicationRecord(slug, None, slug, Application.model_validate(varied_front(
            slug, "troms-og-ofoten", "2025-1", ["Tromsø"], "prioritised", priority, requested, 0, None, [])),
            "", 1)
        for slug, priority, requested in rows
    ]
    community = HealthCommunity(id="x", name="X", health_trust="unn", send_to="x", municipalities=["Tromsø"])
    return CommitteeList(community=community, frame=frame, applications=records)


def test_priority_comes_before_title():
    lst = committee_list(None, ("z", 1, 1), ("a", 2, 1), ("m", None, 1))
    assert [e.record.slug for e in lst.entries] == ["z", "a"] and [a.slug for a in lst.unranked] == ["m"]


def test_frame_exactly_used_up_is_within_the_frame():
    lst = committee_list(700_000, ("a", 1, 300_000), ("b", 2, 400_000), ("c", 3, 1))
    assert lst.frame_break == 2 and lst.remaining_after_fitting == 0
    assert [e.remaining for e in lst.entries] == [400_000, 0, -1]


def test_the_frame_line_is_drawn_above_a_shared_priority_it_cannot_cover():
    lst = committee_list(500_000, ("b", 1, 300_000), ("a", 1, 300_000), ("c", 2, 100_000))
    assert [e.record.slug for e in lst.entries] == ["a", "b", "c"]  # a tie is ordered by title
    assert lst.frame_break == 0 and lst.tied_at_break
    assert lst.within_frame == [] and lst.remaining_after_fitting == 500_000
    lst = committee_list(700_000, ("a", 1, 300_000), ("b", 2, 300_000), ("c", 2, 300_000))
    assert lst.frame_break == 1 and lst.tied_at_break and lst.remaining_after_fitting == 400_000
    lst = committee_list(None, ("a", 1, 300_000))
    assert lst.frame_break is None and not lst.tied_at_break and lst.remaining_after_fitting is None


def test_ranking_is_by_priority_then_title_with_unranked_last(views):
    troms = next(v for v in views.communities if v.community.id == "troms-og-ofoten")
    section = next(s for s in troms.rounds if s.round.id == "2025-1")
    assert [a.meta.priority for a in section.applications] == [1, 2, 3, None]


def test_budget_cells_reconcile_to_rounds_and_communities(views):
    budget = views.budget
    cells = {(r.round.id, c.community.id): c.totals for r in budget.rounds for c in r.committee}
    for view in budget.rounds:
        assert sum(cells[(view.round.id, c.community.id)].requested for c in budget.communities) == view.totals.requested
    for view in budget.communities:
        assert sum(cells[(r.round.id, view.community.id)].granted for r in budget.rounds) == view.totals.granted
        assert sum(cells[(r.round.id, view.community.id)].count for r in budget.rounds) == view.totals.count
    assert as_tuple(cells[("2025-1", "troms-og-ofoten")]) == expected(
        r for r in VARIED if r[ROUND] == "2025-1" and r[COMMUNITY] == "troms-og-ofoten")
    assert sum(row.totals.requested for row in budget.by_status) == budget.totals.requested


def test_budget_lines_are_summed_by_category(views):
    budget = views.budget
    rows = {row.category: (row.lines, row.applications, row.amount) for row in budget.categories}
    assert rows == {"Lønn og frikjøp": (2, 2, 900_000), "Møter og reiser": (1, 1, 200_000),
                    "Uten kategori": (1, 1, 350_000)}
    assert budget.categories[-1].category == "Uten kategori"
    with_lines = [r for r in VARIED if r[LINES]]
    assert budget.lines_total == sum(r[REQUESTED] for r in with_lines) == budget.applications_with_lines.requested
    assert len(budget.applications_without_lines) == len(VARIED) - len(with_lines)


def test_municipality_pages_count_a_joint_application_once_per_municipality_and_once_in_totals(views):
    by_name = {v.municipality.name: v for v in views.municipalities}
    assert len(by_name) == 80  # every municipality of the region, with or without applications
    assert sorted(a.slug for a in by_name["Tromsø"].applications) == [
        "a-tromso-balsfjord", "b-tromso-legevakt", "i-bodo-tromso", "k-tromso-malselv-balsfjord"]
    assert by_name["Tromsø"].totals.requested == 400_000 + 500_000 + 350_000 + 700_000
    assert by_name["Bardu"].applications == []
    for name, view in by_name.items():
        assert sorted(a.slug for a in view.applications) == sorted(r[SLUG] for r in VARIED if name in r[MUNICIPALITIES])
    troms_group = next(g for g in views.municipality_groups if g.community.id == "troms-og-ofoten")
    # Tromsø and Balsfjord share two applications; the group counts each application once,
    # including the Salten application that Tromsø joins.
    involving = {r[SLUG] for r in VARIED if set(r[MUNICIPALITIES]) & set(troms_group.community.municipalities)}
    assert troms_group.totals.count == len(involving) == 6
    assert troms_group.totals.requested == sum(r[REQUESTED] for r in VARIED if r[SLUG] in involving)
    assert sum(v.totals.count for v in troms_group.municipalities) > troms_group.totals.count


def test_municipality_slugs_are_ascii(views):
    slugs = {v.municipality.name: v.municipality.slug for v in views.municipalities}
    assert slugs["Tromsø"] == "tromso" and slugs["Målselv"] == "malselv" and slugs["Kåfjord"] == "kafjord"
    assert slugs["Sør-Varanger"] == "sor-varanger" and slugs["Bø"] == "bo"
    assert all(s.isascii() for s in slugs.values()) and len(set(slugs.values())) == len(slugs)


def test_municipalities_are_in_norwegian_alphabetical_order(views):
    troms = next(g for g in views.municipality_groups if g.community.id == "troms-og-ofoten")
    assert [v.municipality.name for v in troms.municipalities] == [
        "Balsfjord", "Bardu", "Dyrøy", "Evenes", "Gratangen", "Harstad", "Ibestad", "Karlsøy", "Kvæfjord",
        "Kvænangen", "Kåfjord", "Lavangen", "Lyngen", "Lødingen", "Målselv", "Narvik", "Nordreisa", "Salangen",
        "Senja", "Skjervøy", "Storfjord", "Sørreisa", "Tjeldsund", "Tromsø",
    ]


def record(slug, **fields):
    meta = Application.model_validate(front(**fields))
    return ApplicationRecord(slug, None, slug, meta, "", 1,
                             grants_nothing=load_scheme(SCHEME_PATH).status_by_id[meta.status].nothing_granted)


def test_totals_count_unknown_amounts_instead_of_adding_zero():
    stated = record("a", budget={"requested": 100_000, "own_contributions": [
        {"party": "Skjervøy kommune", "amount": 30_000}, {"party": "UNN", "description": "Lokaler"}]})
    unstated = record("b", budget={"requested": 50_000, "own_contributions": [{"party": "UNN", "description": "Folk"}]})
    nothing = record("c", budget={"requested": 20_000})
    totals = Totals.of([stated, unstated, nothing])
    assert (totals.own_contributions, totals.contributions_with_amount, totals.contributions_without_amount) == (
        30_000, 1, 2)
    assert totals.contributions == 3
    # No decision on any of them: nothing is known about the granted amount.
    assert (totals.granted, totals.decided, totals.undecided) == (0, 0, 3)
    assert Totals.of([]) == Totals(0, 0, 0, 0)


def test_granted_is_known_after_a_decision_and_for_refused_or_withdrawn_applications():
    granted = record("a", status="granted", decision={"granted": 80_000, "date": "2025-05-02"})
    refused = record("b", status="rejected")
    withdrawn = record("c", status="withdrawn")
    waiting = record("d", status="prioritised", priority=1)
    assert [granted_amount(r) for r in (granted, refused, withdrawn, waiting)] == [80_000, 0, 0, None]
    totals = Totals.of([granted, refused, withdrawn, waiting])
    assert (totals.granted, totals.decided, totals.undecided) == (80_000, 3, 1)


def test_varied_portfolio_counts_its_decisions(views):
    # b, g, i granted or completed with a decision; c rejected and f withdrawn: nothing granted.
    decided = [r for r in VARIED if r[GRANTED] is not None or r[STATUS] in ("rejected", "withdrawn")]
    assert views.portfolio.totals.decided == len(decided) == 5
    assert views.portfolio.totals.contributions_without_amount == 0
    round_2 = next(v for v in views.rounds if v.round.id == "2025-2")
    finnmark = next(c for c in round_2.committee if c.community.id == "finnmark")
    assert (finnmark.totals.decided, finnmark.totals.undecided) == (0, 1)  # h: submitted


def test_which_statuses_grant_nothing_is_the_schemes_data(tmp_path):
    """Another region may call its statuses something else: which of them mean that nothing is
    granted comes from ``nothing_granted`` in scheme.yml, not from the code."""
    workspace = Workspace(tmp_path)
    scheme_file = workspace.applications / "scheme.yml"
    text = scheme_file.read_text("utf-8")
    assert text.count("    nothing_granted: true\n") == 2  # rejected and withdrawn
    scheme_file.write_text(text.replace("    nothing_granted: true\n", "", 1), "utf-8")  # not for "rejected"
    workspace.write("a.md", front(status="rejected"))
    workspace.write("b.md", front(status="withdrawn"))
    portfolio = load_portfolio(workspace.applications, tmp_path)
    assert {r.slug: granted_amount(r) for r in portfolio.applications} == {"a": None, "b": 0}
