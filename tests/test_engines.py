"""The site outlives its build engine (issue 24): MkDocs and ProperDocs build the same site, the
generator tag aside; two builds of one commit are the same byte for byte, the Excel workbook and
the feed included; and the docs tree `tilskudd docs-tree` writes builds without the hooks, with
the same files and the same text on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bench.sitediff import differences
from click.testing import CliRunner
from conftest import (BUILD_EPOCH, ENGINE, ROOT, copy_project, engines, site_build, text_of_html,
                      write_varied_portfolio)
from grant_portfolio.contribute.cli import cli
from grant_portfolio.pages.paths import FEED_PATH, FILES

pytestmark = pytest.mark.build

GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')


def generator(site: Path) -> str:
    return GENERATOR.search((site / "index.html").read_text("utf-8")).group(1)


def published_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def assert_substantial(site: Path) -> None:
    """A comparison of two sites says something only if they hold the whole site."""
    files = published_files(site)
    assert len(files) > 100, files
    for path in (FILES["xlsx"], FEED_PATH, "sitemap.xml.gz", "soknader/index.html"):
        assert path in files, path


def test_mkdocs_and_properdocs_build_the_same_site_but_for_the_generator_tag(real_site, tmp_path):
    other = engines.other(ENGINE)
    result = site_build(ROOT, tmp_path / "site", engine=other)
    assert result.returncode == 0, result.stdout + result.stderr  # also: it loaded no code of the other engine
    assert_substantial(real_site)
    for engine, site in ((ENGINE, real_site), (other, tmp_path / "site")):
        assert generator(site).startswith(engine.generator + engines.version(engine) + ","), generator(site)
    assert differences(real_site, tmp_path / "site", without_generator=True) == []


@pytest.mark.parametrize("portfolio", ["real", "varied"])
def test_two_builds_of_one_commit_are_the_same_byte_for_byte(portfolio, request, tmp_path):
    """The second build in another folder and with another hash seed (the order of sets)."""
    first = request.getfixturevalue(f"{portfolio}_site")
    if portfolio == "real":
        project = ROOT
    else:
        workspace = copy_project(tmp_path / "project")
        write_varied_portfolio(workspace)
        project = workspace.root
    result = site_build(project, tmp_path / "site", env={"PYTHONHASHSEED": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert_substantial(first)
    assert differences(first, tmp_path / "site") == []


def _article(html: str) -> str:
    start = html.index("<article")
    return html[start:html.index("</article>", start)]


EDIT_LINK = re.compile(r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon" rel="edit">.*?</a>', re.S)


def test_the_docs_tree_builds_without_hooks_into_the_same_files_and_text(real_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    tree = tmp_path / "tre"
    run = CliRunner().invoke(cli, ["--prosjekt", str(ROOT), "docs-tree", str(tree)])
    assert run.exit_code == 0, run.output
    assert re.match(r"Skrev \d+ genererte sider, 2 søknadssider, \d+ filer og \d+ filer fra docs/ til ", run.output)

    # The project's configuration without hooks (and what they watch), reading the tree.
    project = tmp_path / "uten-hooks"
    project.mkdir()
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    for block in ("hooks", "watch"):
        config, removed = re.subn(rf"^{block}:\n(?:[ \t]+- .*\n)+", "", config, flags=re.M)
        assert removed == 1, block
    config = re.sub(r"^docs_dir: .*$", f"docs_dir: {tree}", config, flags=re.M)
    (project / "mkdocs.yml").write_text(config, "utf-8")
    (project / "overrides").symlink_to(ROOT / "overrides")
    result = site_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"

    assert published_files(site) == published_files(real_site)
    for path in published_files(real_site):
        hooked, plain = real_site / path, site / path
        if path.endswith(".html"):
            # Every page says the same; the header, the footer and the contents list are the theme's.
            assert article_text(plain) == article_text(hooked), path
        elif path.startswith("sitemap.xml"):
            continue  # the same addresses, in another order (below)
        else:
            assert plain.read_bytes() == hooked.read_bytes(), path  # data files, feed, search index
    sitemap = re.compile(r"<loc>([^<]*)</loc>")
    assert (sorted(sitemap.findall((site / "sitemap.xml").read_text("utf-8")))
            == sorted(sitemap.findall((real_site / "sitemap.xml").read_text("utf-8"))))
    # An application page is the core's HTML unchanged: the engine converted nothing in it.
    for page in ("soknader/drop-in-samtalebehandling/index.html",):
        hooked, plain = (_article((d / page).read_text("utf-8")) for d in (real_site, site))
        assert re.sub(r"\s+", " ", EDIT_LINK.sub("", plain)) == re.sub(r"\s+", " ", EDIT_LINK.sub("", hooked))


def article_text(path: Path) -> str:
    return text_of_html(_article(path.read_text("utf-8"))).strip()
