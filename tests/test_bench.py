"""The benchmark's synthetic portfolios stay valid as the schema and the rules change: a
benchmark that measured a failing build would measure nothing."""

from __future__ import annotations

from bench.synth import write_project
from grant_portfolio.portfolio import load_portfolio
from grant_portfolio.related import related_applications
from grant_portfolio.themes import ThemeIndex


def test_synthetic_applications_are_valid_varied_and_reproducible(tmp_path):
    write_project(tmp_path / "a", 40)
    write_project(tmp_path / "b", 40)
    portfolio = load_portfolio(tmp_path / "a" / "applications", tmp_path / "a")
    assert len(portfolio.applications) == 40
    assert portfolio.notices == []
    meta = [r.meta for r in portfolio.applications]
    assert len({m.health_community for m in meta}) == 4 and len({m.round for m in meta}) >= 2
    assert all(10_000 <= len(r.body.encode()) <= 20_000 for r in portfolio.applications)
    assert ThemeIndex(portfolio).merged, "variant spellings exercise the theme merging"
    assert any(items for items in related_applications(portfolio).values())
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "applications").rglob("*.md"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b" / "applications").rglob("*.md"))
    for path in files:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()


def test_check_timing_runs_the_installed_command_on_a_valid_portfolio(tmp_path):
    from bench.run import measure_check

    write_project(tmp_path, 5)
    figures = measure_check(tmp_path)
    assert figures["check_s"] > 0
