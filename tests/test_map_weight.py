"""The maps' weight (issue 23): the overview map adds at most 40 kB (gzip) to its page, and a
locator map is at most 8 kB (gzip).

The pages are rendered by the core, without MkDocs: the overview map's share is measured on
the generated page's text (Markdown with its HTML blocks), the locator maps on their own, as
``bench.mapweight`` measures them on a built site (the benchmark reports the built pages'
figures; ``test_the_built_site_keeps_the_limits`` checks them on the real site when it is
built). The worst locator map is the one with the most municipalities: the real applications,
a synthetic portfolio of 300, and an application from every municipality of a community.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from bench.mapweight import (LOCATOR_MAX, LOCATOR_START, OVERVIEW_MAX, OVERVIEW_START, figures, gzip_size,
                             locator_size, measure_site, overview_share)
from bench.synth import write_project
from conftest import ROOT
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.paths import application_page
from grant_portfolio.pages.render import PageRenderer

BUILT = dt.date(2025, 6, 2)
OVERVIEW_PAGES = ("index.md", "kommuner/index.md")


def rendered(project: Path) -> tuple[PageRenderer, dict[str, str]]:
    """The project's generated Markdown pages, with their HTML blocks in place."""
    portfolio = load_portfolio(project / "applications", project)
    renderer = PageRenderer(build_model(portfolio, BUILT))
    assert renderer.maps is not None, "the scheme has a map"
    return renderer, {path: page.inline() for path, page in renderer.pages().items()}


@pytest.fixture(scope="module")
def real() -> tuple[PageRenderer, dict[str, str]]:
    return rendered(ROOT)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[PageRenderer, dict[str, str]]:
    project = tmp_path_factory.mktemp("synth300")
    write_project(project, 300, short_bodies=True)  # the text does not touch the maps
    return rendered(project)


def municipality_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in pages.items() if path.startswith("kommuner/") and path != "kommuner/index.md"}


def overview_shares(pages: dict[str, str]) -> dict[str, int]:
    shares = {}
    for path in OVERVIEW_PAGES:
        share = overview_share(pages[path])
        assert share is not None, f"{path} har ikke oversiktskartet"
        shares[path] = share.share
    return shares


def assert_within_limits(renderer: PageRenderer, pages: dict[str, str]) -> None:
    """Every map of the portfolio within its limit."""
    for path, share in overview_shares(pages).items():
        assert 5_000 < share <= OVERVIEW_MAX, (path, share)
    locals_ = {path: locator_size(text) for path, text in municipality_pages(pages).items()}
    assert len(locals_) == len(renderer.scheme.municipalities) and None not in locals_.values()
    assert max(locals_.values()) <= LOCATOR_MAX, max(locals_.items(), key=lambda item: item[1])
    # Every application's locator map, as its page draws it; the one with the most
    # municipalities also in its rendered page.
    records = renderer.portfolio.applications
    on_pages = {record.slug: gzip_size(renderer.maps.application(application_page(record.slug), record))
                for record in records}
    assert max(on_pages.values()) <= LOCATOR_MAX, max(on_pages.items(), key=lambda item: item[1])
    widest = max(records, key=lambda record: (len(set(record.meta.municipalities)), record.slug))
    page = renderer.application_page(widest).html
    assert len(figures(page, LOCATOR_START)) == 1 and not figures(page, OVERVIEW_START)
    assert locator_size(page) == on_pages[widest.slug]


def test_the_real_applications_keep_the_map_limits(real):
    renderer, pages = real
    assert len(renderer.portfolio.applications) >= 2
    assert_within_limits(renderer, pages)


def test_300_synthetic_applications_keep_the_map_limits_and_the_overview_hardly_grows(real, synthetic):
    renderer, pages = synthetic
    assert len(renderer.portfolio.applications) == 300
    assert max(len(set(r.meta.municipalities)) for r in renderer.portfolio.applications) >= 4
    assert_within_limits(renderer, pages)
    # The overview draws the same shapes at any N; only the links' names (the figures) change.
    shares, real_shares = overview_shares(pages), overview_shares(real[1])
    for path in OVERVIEW_PAGES:
        assert abs(shares[path] - real_shares[path]) < 2_000, (path, shares[path], real_shares[path])


def test_an_application_from_every_municipality_keeps_the_locator_limit(real):
    """The most an application can highlight: every municipality of a community, or of the
    region (an application may name municipalities of other communities)."""
    renderer, _ = real
    everyone = [name for community in renderer.scheme.health_communities for name in community.municipalities]
    for municipalities in [*(c.municipalities for c in renderer.scheme.health_communities), everyone]:
        stand_in = SimpleNamespace(meta=SimpleNamespace(municipalities=list(municipalities)))
        size = gzip_size(renderer.maps.application("soknader/alle.md", stand_in))
        assert size <= LOCATOR_MAX, (len(municipalities), size)


def test_the_measure_finds_each_map_and_counts_the_compressed_bytes(tmp_path):
    text = "<p>" + " ".join(f"ord{i}" for i in range(400)) + "</p>"
    figure = OVERVIEW_START + "<svg>" + "".join(f'<path d="M{i} {i * 7}"/>' for i in range(300)) + "</svg></figure>"
    share = overview_share(f"<main>{text}{figure}</main>")
    assert share.without_map == gzip_size(f"<main>{text}</main>")
    assert share.with_map == gzip_size(f"<main>{text}{figure}</main>") and share.share > 500
    assert overview_share(text) is None and locator_size(text) is None
    small, large = (LOCATOR_START + "<svg>" + "x" * k + "</svg></figure>" for k in (10, 5000))
    assert locator_size(f"{text}{small}{text}{large}") == max(gzip_size(small), gzip_size(large))
    with pytest.raises(ValueError):
        figures(OVERVIEW_START + "<svg>", OVERVIEW_START)

    site = tmp_path / "site"
    for path, html in {"index.html": text + figure, "kommuner/index.html": figure,
                       "kommuner/alta/index.html": small, "kommuner/vega/index.html": large,
                       "soknader/a/index.html": small, "soknader/b/index.html": text}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, "utf-8")
    measured = measure_site(site)
    assert measured["map_forsiden_share"] == overview_share(text + figure).share
    assert measured["map_kommuner_without"] == gzip_size("")
    assert measured["locator_kommunesider_max"] == gzip_size(large)
    assert measured["locator_kommunesider_largest"] == "/kommuner/vega/"
    assert measured["locator_kommunesider_median"] == (gzip_size(small) + gzip_size(large)) / 2
    assert measured["locator_soknadssider_pages"] == 1  # a page without a map is not counted


@pytest.mark.build
def test_the_built_site_keeps_the_limits(real_site):
    """The real site as MkDocs builds it: the whole page with the theme around the map."""
    measured = measure_site(real_site)
    for name in ("forsiden", "kommuner"):
        assert 0 < measured[f"map_{name}_share"] <= OVERVIEW_MAX, measured
    assert measured["locator_kommunesider_pages"] == len(list(real_site.glob("kommuner/*/index.html")))
    assert measured["locator_kommunesider_max"] <= LOCATOR_MAX
    assert 0 < measured["locator_soknadssider_max"] <= LOCATOR_MAX
