"""The scheme file: checked like an application, with file, line and field in each message."""

from __future__ import annotations

import pytest

from grant_portfolio.problems import InputError
from grant_portfolio.input.scheme import load_scheme

from conftest import SCHEME_PATH


def broken_scheme(tmp_path, old: str, new: str):
    text = SCHEME_PATH.read_text("utf-8")
    assert old in text
    path = tmp_path / "scheme.yml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(InputError) as info:
        load_scheme(path, "applications/scheme.yml")
    return info.value.problems, text.replace(old, new, 1).splitlines()


def test_real_scheme_has_four_communities_and_all_their_municipalities(scheme):
    assert [c.id for c in scheme.health_communities] == [
        "troms-og-ofoten", "helgeland", "finnmark", "lofoten-vesteralen-salten",
    ]
    assert [len(c.municipalities) for c in scheme.health_communities] == [24, 18, 18, 20]
    assert scheme.municipality_by_name["Målselv"].slug == "malselv"
    assert scheme.status_by_id["granted"].requires_decision


def test_unknown_trust_of_a_community(tmp_path):
    problems, lines = broken_scheme(tmp_path, "health_trust: unn", "health_trust: ukjent")
    assert [p.format() for p in problems] == [
        f"applications/scheme.yml:{lines.index('    health_trust: ukjent') + 1}: "
        "health_communities[1].health_trust: ukjent helseforetak `ukjent`"
    ]


def test_municipality_in_two_communities(tmp_path):
    problems, _ = broken_scheme(tmp_path, "Vefsn, Vega", "Vefsn, Tromsø, Vega")
    assert len(problems) == 1
    assert problems[0].field.startswith("health_communities[2].municipalities[")
    assert problems[0].message == "kommunen Tromsø står også under `troms-og-ofoten`"


def test_duplicate_round_and_wrong_type(tmp_path):
    problems, _ = broken_scheme(tmp_path, "  - id: 2025-2\n", "  - id: 2025-1\n")
    assert [(p.field, p.message) for p in problems] == [("rounds[2].id", "runden `2025-1` står flere ganger")]
    problems, _ = broken_scheme(tmp_path, "community_deadline: 2025-03-01", "community_deadline: snart")
    assert [p.field for p in problems] == ["rounds[1].community_deadline"]
    assert "ÅÅÅÅ-MM-DD" in problems[0].message


def test_ids_must_be_usable_in_page_addresses(tmp_path):
    problems, lines = broken_scheme(tmp_path, "  - id: 2025-2\n", "  - id: Runde 2/2025\n")
    assert [(p.field, p.message) for p in problems] == [
        ("rounds[2].id", "kan bare inneholde små bokstaver a–z, sifre og bindestrek")]
    assert problems[0].line == lines.index("  - id: Runde 2/2025") + 1
