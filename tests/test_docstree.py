"""The site as a plain docs tree for an engine without hooks (`tilskudd docs-tree`), and the choice
of build engine (bench/engine.py). Fast: no site is built here (tests/test_engines.py builds the
tree without hooks and compares it with the real build)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, VARIED, copy_project, engines, front, write_varied_portfolio
from grant_portfolio.contribute.cli import cli
from grant_portfolio.docstree import EngineConfig, read_engine_config, write_docs_tree
from grant_portfolio.pages.paths import FEED_PATH, FILES, FIND_DATA, application_page
from grant_portfolio.pages.render import _BLOCK
from grant_portfolio.problems import InputError

SITE_URL = "https://tilskudd.example.org/"
CONFIG = EngineConfig(SITE_URL)


@pytest.fixture
def project(tmp_path):
    workspace = copy_project(tmp_path / "prosjekt")
    write_varied_portfolio(workspace)
    return workspace


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 4)])


def test_the_tree_has_the_hand_written_and_generated_pages_the_application_pages_and_the_files(project, tmp_path):
    target = tmp_path / "tre"
    tree = write_docs_tree(project.root, target, CONFIG)

    for path in tree.hand_written:  # docs/ as it is
        assert (target / path).read_bytes() == (project.root / "docs" / path).read_bytes(), path
    assert "personvern.md" in tree.hand_written
    # Generated pages: Markdown with their HTML blocks in place, no placeholder left.
    assert {"index.md", "soknader/index.md", "budsjett/index.md", "kommuner/tromso.md"} <= set(tree.markdown_pages)
    for path in tree.markdown_pages:
        text = (target / path).read_text("utf-8")
        assert not _BLOCK.search(text), path
    assert "<table" in (target / "soknader/index.md").read_text("utf-8")
    assert "data-label=" in (target / "soknader/index.md").read_text("utf-8")  # labelled for phones, as the hooks do
    # Application pages: the title in the front matter, the finished HTML below it.
    assert sorted(tree.application_pages) == sorted(application_page(row[0]) for row in VARIED)
    page = (target / application_page("b-tromso-legevakt")).read_text("utf-8")
    assert front_matter(page) == {"title": "Søknad B-TROMSO-LEGEVAKT"}
    body = page.split("\n---\n", 1)[1]
    assert re.match(r"\s*<h1 id=", body) and "450\u00a0000\u00a0kr" in body
    # Files at their places in the site.
    for path in (FILES["xlsx"], FILES["applications_csv"], FEED_PATH, FIND_DATA):
        assert path in tree.files and (target / path).stat().st_size > 0, path
    assert any(path.startswith("sokeindeks/") for path in tree.files)
    assert tree.link_warnings == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tre-")]  # nothing left beside it


def test_a_title_with_markup_is_escaped_in_the_front_matter(project, tmp_path):
    project.write("2025/merket.md", front(title="Mer & bedre <samhandling>: «nord»"))
    write_docs_tree(project.root, tmp_path / "tre", CONFIG)
    page = (tmp_path / "tre" / application_page("merket")).read_text("utf-8")
    assert front_matter(page)["title"] == "Mer &amp; bedre &lt;samhandling&gt;: «nord»"  # the theme shows it as HTML


def test_an_error_in_the_applications_leaves_nothing_behind(project, tmp_path):
    project.write("2025/feil.md", front(status="godkjent"))
    target = tmp_path / "tre"
    with pytest.raises(InputError) as raised:
        write_docs_tree(project.root, target, CONFIG)
    assert "feil.md" in str(raised.value) and "status" in str(raised.value)
    assert list(tmp_path.iterdir()) == [project.root]


def test_a_folder_that_is_not_empty_or_lies_in_docs_is_refused(project, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "fil.txt").write_text("", "utf-8")
    with pytest.raises(InputError, match="finnes fra før og er ikke en tom mappe"):
        write_docs_tree(project.root, tmp_path / "full", CONFIG)
    with pytest.raises(InputError, match="ligger i docs/"):
        write_docs_tree(project.root, project.root / "docs" / "tre", CONFIG)
    (tmp_path / "tom").mkdir()
    assert write_docs_tree(project.root, tmp_path / "tom", CONFIG).application_pages  # an empty folder is fine


def test_the_configuration_is_read_without_mkdocs_with_env_tags(tmp_path, monkeypatch):
    for name in ("SITE_URL", "REPO_URL", "EDIT_URI"):
        monkeypatch.delenv(name, raising=False)
    assert read_engine_config(ROOT) == EngineConfig("https://helse-nord-tilskudd.example.org/", True, "docs",
                                                    "https://github.com/helse-nord/samhandlingstilskudd", "edit/main/docs/")
    monkeypatch.setenv("SITE_URL", "https://eksempel.no/tilskudd/")
    assert read_engine_config(ROOT).site_url == "https://eksempel.no/tilskudd/"
    with pytest.raises(InputError, match="mkdocs.yml: fant ikke fila i"):
        read_engine_config(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nuse_directory_urls: false\ndocs_dir: sider\n", "utf-8")
    with pytest.raises(InputError, match="mkdocs.yml: site_url: mangler"):
        read_engine_config(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_url: https://x.no/\nnav: [\n", "utf-8")
    with pytest.raises(InputError, match=r"mkdocs.yml:3: kunne ikke leses"):
        read_engine_config(tmp_path)


def test_the_command_writes_the_tree_and_says_what_it_wrote(project, tmp_path):
    run = CliRunner().invoke(cli, ["--prosjekt", str(project.root), "docs-tree", str(tmp_path / "tre"),
                                   "--adresse", "https://eksempel.no/tilskudd"])
    assert run.exit_code == 0, run.output
    assert f"{len(VARIED)} søknadssider" in run.output and "til " in run.output
    feed = (tmp_path / "tre" / FEED_PATH).read_text("utf-8")
    assert "https://eksempel.no/tilskudd/soknader/" in feed  # the address given, with its slash

    again = CliRunner().invoke(cli, ["--prosjekt", str(project.root), "docs-tree", str(tmp_path / "tre")])
    assert again.exit_code == 1
    assert "finnes fra før og er ikke en tom mappe" in again.output and "Traceback" not in again.output


def test_a_link_to_a_missing_page_fails_the_command_as_a_strict_build_would(project, tmp_path):
    project.write("2025/lenke.md", front(title="Lenke"), body="## Kort beskrivelse av prosjektet/piloten\n\n"
                  "Se [den andre](finnes-ikke.md).\n")
    run = CliRunner().invoke(cli, ["--prosjekt", str(project.root), "docs-tree", str(tmp_path / "tre")])
    assert run.exit_code == 1
    assert "søknadsteksten lenker til «soknader/finnes-ikke.md», som ikke finnes på nettstedet" in run.output


# The build engine -------------------------------------------------------------------------------

def test_the_engine_is_chosen_by_ENGINE_and_an_unknown_one_is_refused(monkeypatch):
    monkeypatch.delenv("ENGINE", raising=False)
    assert engines.selected().name == "mkdocs"
    monkeypatch.setenv("ENGINE", "properdocs")
    assert engines.selected().name == "properdocs" and engines.other(engines.selected()).name == "mkdocs"
    monkeypatch.setenv("ENGINE", "zensical")
    with pytest.raises(engines.EngineError, match="ENGINE=zensical er ukjent: velg mkdocs eller properdocs"):
        engines.selected()


def test_the_engine_runs_from_any_folder_and_names_its_version(tmp_path):
    for engine in engines.ENGINES.values():
        run = subprocess.run(engines.command(engine, "--version"), capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert engines.version(engine) in run.stdout


def test_a_build_that_loaded_the_other_engines_code_is_caught():
    """ProperDocs answers `import mkdocs` itself; had MkDocs' own package been loaded, the
    comparison of the two engines would prove nothing."""
    code = ("import mkdocs.plugins, sys; from bench.engine import ENGINES, foreign_modules; "
            "print(foreign_modules(ENGINES['properdocs'])[:2], foreign_modules(ENGINES['mkdocs']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.strip() == "['mkdocs', 'mkdocs.config'] []", run.stderr
