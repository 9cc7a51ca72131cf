"""The benchmark's synthetic portfolios stay valid as the schema and the rules change: a
benchmark that measured a failing build would measure nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synth import write_project
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.related import related_applications
from grant_portfolio.model.themes import ThemeIndex


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


def test_the_baseline_is_stock_material_on_the_same_files(tmp_path):
    import yaml
    from bench.run import baseline_config, write_baseline

    write_project(tmp_path, 5)
    baseline = write_baseline(tmp_path)
    copied = sorted(p.name for p in (baseline / "docs" / "soknader").glob("*.md"))
    assert copied == sorted(p.name for p in (tmp_path / "applications").rglob("*.md"))
    for path in (tmp_path / "applications").rglob("*.md"):
        assert (baseline / "docs" / "soknader" / path.name).read_bytes() == path.read_bytes()
    config = yaml.safe_load(baseline_config(tmp_path))
    # What a user would pick instead: the theme in Norwegian without web fonts, its search, nothing else
    # but the applications kept out of the navigation (which would make it grow with their square).
    assert config == {"site_name": "Grunnlinje", "theme": {"name": "material", "language": "nb", "font": False},
                      "plugins": ["search"], "nav": ["index.md"], "not_in_nav": "/soknader/*.md\n"}
    with_extensions = yaml.load(baseline_config(tmp_path, extensions=True), Loader=yaml.UnsafeLoader)
    project = yaml.load((tmp_path / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""), Loader=yaml.UnsafeLoader)
    assert with_extensions["markdown_extensions"] == project["markdown_extensions"]
    assert {k: v for k, v in with_extensions.items() if k != "markdown_extensions"} == config
    assert write_baseline(tmp_path, extensions=True).name == "baseline_ext"


def test_peak_memory_counts_the_child_processes(tmp_path):
    import sys

    from bench.run import run_measured

    child = "import time; block = bytearray(200_000_000); block[::4096] = b'x' * len(block[::4096]); time.sleep(0.5)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    elapsed, peak, result = run_measured([sys.executable, "-c", parent], tmp_path)
    assert result.returncode == 0 and elapsed >= 0.5
    assert peak["total"] >= 200_000_000 and peak["children"] >= 200_000_000
    assert peak["main"] < 100_000_000


def test_targets_are_judged_from_the_figures_and_written_into_the_docs_page(tmp_path):
    from bench.run import targets, update_docs

    rows = [{"n": 1000, "build_s": 20.0, "build_ratio": 1.1, "memory_ratio": 1.4, "check_s": 2.0, "visit_bytes": 400_000,
             "map_forsiden_share": 15_000, "map_kommuner_share": 14_000, "locator_kommunesider_max": 3_000,
             "locator_soknadssider_max": 7_900},
            {"n": 5000, "build_s": 120.0, "map_forsiden_share": 15_500, "map_kommuner_share": 40_001,
             "locator_kommunesider_max": 3_000, "locator_soknadssider_max": 4_000},
            {"n": 100, "build_s": 3.0, "build_ratio": 1.25}]
    verdicts = {text.split(" høyst")[0].split(" under")[0].split(" på høyst")[0]: met
                for text, _, met in targets(rows, {"n": 300, "rebuild_s": 1.4})}
    assert verdicts == {"Bygg ved N = 1000": False, "Bygg ved N = 100": True, "Minne ved N = 1000": False,
                        "Bygg ved N = 5000": False,
                        "`make serve` bygger på nytt etter en endret søknad ved N = 300 på": True,
                        "`tilskudd check` ved N = 1000": True, "Første besøk på en søknadsside ved N = 1000": True,
                        # the maps: the largest at any N (the overview's share at N = 5000 is over 40 kB)
                        "Oversiktskartets andel av forsiden og /kommuner/": False,
                        "Hvert lokalkart (kommune- og søknadssider)": True}
    measured = {text.split(" høyst")[0]: value for text, value, _ in targets(rows)}
    assert measured["Oversiktskartets andel av forsiden og /kommuner/"] == "40,0 kB"
    assert measured["Hvert lokalkart (kommune- og søknadssider)"] == "7,9 kB"
    assert all(met is None for _, _, met in targets([{"n": 100, "build_s": 1.0}]))
    page = tmp_path / "ytelse.md"
    page.write_text("# Ytelse\n\n<!-- måling:start -->\ngammelt\n<!-- måling:slutt -->\nSlutt.\n", "utf-8")
    update_docs("| ny | tabell |", page)
    assert page.read_text("utf-8") == "# Ytelse\n\n<!-- måling:start -->\n\n| ny | tabell |\n\n<!-- måling:slutt -->\nSlutt.\n"


def test_the_report_has_the_maps_share_and_their_limits():
    from bench.run import report

    row = {"n": 5, "map_forsiden_with": 20_930, "map_forsiden_without": 5_699, "map_forsiden_share": 15_231,
           "map_kommuner_with": 20_494, "map_kommuner_without": 5_445, "map_kommuner_share": 15_049,
           "locator_kommunesider_max": 3_279, "locator_kommunesider_median": 3_183.5, "locator_kommunesider_pages": 80,
           "locator_kommunesider_largest": "/kommuner/hammerfest/", "locator_soknadssider_max": 3_879,
           "locator_soknadssider_median": 3_582, "locator_soknadssider_pages": 2,
           "locator_soknadssider_largest": "/soknader/a/"}
    text = report([row], {"Maskin": "test"}, seed=1)
    section = text.split("### Kartets andel\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[0].startswith("| N | forsiden kB | forsiden uten kart kB | forsiden: kartets andel kB |")
    assert section[2] == "| 5 | 20,9 | 5,7 | 15,2 | 20,5 | 5,4 | 15,0 | 3,3 | 3,2 | 3,9 | 3,6 |"
    assert "| Oversiktskartets andel av forsiden og /kommuner/ høyst 40 kB (gzip) ved alle N | 15,2 kB | oppfylt |" in text
    assert "| Hvert lokalkart (kommune- og søknadssider) høyst 8 kB (gzip) ved alle N | 3,9 kB | oppfylt |" in text
    assert "gzip-komprimering på nivå 9" in text
    assert "kommuneside /kommuner/hammerfest/ (80 sider målt); søknadsside /soknader/a/ (2 sider målt)" in text


@pytest.mark.build
def test_a_measured_build_notes_its_phases_and_memory(tmp_path):
    from bench.run import PHASES, build_site, measure_maps, phases_table, write_baseline

    write_project(tmp_path, 5)
    measured = build_site(tmp_path)
    assert set(measured["phases"]) == set(PHASES)
    assert sum(measured["phases"].values()) <= measured["s"] + 0.5
    assert measured["phases"]["files"] > 0 and measured["phases"]["markdown"] > 0
    assert measured["peak_main"] > 20_000_000 and measured["peak"] >= measured["peak_main"]
    assert (tmp_path / "site" / "sokeindeks" / "manifest.json").is_file()
    maps = measure_maps(tmp_path)  # on the site just built
    assert 0 < maps["map_forsiden_share"] < maps["map_forsiden_with"] and maps["locator_soknadssider_pages"] == 5
    baseline = build_site(write_baseline(tmp_path))
    assert set(baseline["phases"]) == set(PHASES)
    assert (tmp_path / "baseline" / "site" / "search" / "search_index.json").is_file()
    table = phases_table([{"n": 5, "phases": measured["phases"], "baseline_phases": baseline["phases"]}])
    assert "| 5 | prosjektet |" in table and "| 5 | grunnlinjen |" in table


def test_the_phase_hook_goes_last_in_the_hooks_list_or_is_refused(tmp_path):
    import pytest
    import yaml
    from bench.run import BenchError, add_phase_hook

    for written, expected in [("hooks:\n- a.py\n- b.py\nwatch: []\n", ["a.py", "b.py", "bench_phases.py"]),
                              ("hooks:\n    - a.py\n", ["a.py", "bench_phases.py"]),
                              ("site_name: x\n", ["bench_phases.py"])]:
        (tmp_path / "mkdocs.yml").write_text(written, "utf-8")
        add_phase_hook(tmp_path)
        add_phase_hook(tmp_path)  # once only
        assert yaml.safe_load((tmp_path / "mkdocs.yml").read_text("utf-8"))["hooks"] == expected, written
    (tmp_path / "mkdocs.yml").write_text("hooks: [a.py]\n", "utf-8")
    with pytest.raises(BenchError, match="hooks:"):
        add_phase_hook(tmp_path)


def test_sitediff_names_every_difference_and_ignores_only_the_generator_tag_when_asked(tmp_path):
    from bench.sitediff import differences

    def site(name: str, generator: str, text: str) -> Path:
        root = tmp_path / name
        (root / "data").mkdir(parents=True)
        (root / "index.html").write_text(f'<meta name="generator" content="{generator}">{text}', "utf-8")
        (root / "data" / "a.xlsx").write_bytes(b"PK" + generator.encode())
        return root

    a, b = site("a", "mkdocs-1.6.1", "Hei"), site("b", "mkdocs-ProperDocs 1.6.7", "Hei")
    assert differences(a, b) == ["ulikt innhold: data/a.xlsx", "ulikt innhold: index.html"]
    assert differences(a, b, without_generator=True) == ["ulikt innhold: data/a.xlsx"]  # HTML pages only
    (b / "data" / "a.xlsx").write_bytes((a / "data" / "a.xlsx").read_bytes())
    assert differences(a, b, without_generator=True) == []
    (b / "index.html").write_text('<meta name="generator" content="x">Hallo', "utf-8")
    (b / "ny.html").write_text("", "utf-8")
    assert differences(a, b, without_generator=True) == [f"bare i {b}: ny.html", "ulikt innhold: index.html"]
