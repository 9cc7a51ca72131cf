"""The whole generated part of the site, for any builder: application pages as finished HTML,
the overview pages as Markdown, other files as bytes. The MkDocs hook only hands these over; a
pre-build step could write them to disk."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .exports import opendata
from .pages.paths import DATA_DIR, DATA_PAGE, FEED_PATH, FILES, FIND_DATA
from .exports.feed import atom_feed
from .exports.gitdates import last_changed
from .exports.giving360 import awarded, giving360_package
from .exports.opendata import Links
from .pages.pagehtml import HtmlPage
from .model.portfolio import Portfolio, load_portfolio
from .input.load import APPLICATIONS_DIR
from .input.reference import application_json_schema
from .pages.render import PageRenderer
from .model.themes import ThemeIndex



@dataclass
class SiteContent:
    portfolio: Portfolio
    pages: dict[str, str] = field(default_factory=dict)  # path in the docs tree -> Markdown
    # path in the docs tree -> the page as HTML, rendered when called (the application pages)
    html_pages: dict[str, Callable[[], HtmlPage]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # path in the site -> content
    copies: dict[str, Path] = field(default_factory=dict)  # path in the site -> file on disk
    sources: dict[str, Path] = field(default_factory=dict)  # generated page -> its application file
    themes: ThemeIndex | None = None  # the portfolio's themes, as the pages show them


def build_date() -> dt.date:
    """Today, or the date in ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def build_site(project_root: Path, site_url: str, built: dt.date | None = None,
               directory_urls: bool = True, files_dir: Path | None = None) -> SiteContent:
    """Load, validate and render everything. ``site_url`` is the published site's address
    (open data needs absolute addresses); ``directory_urls``: pages at ``x/`` rather than
    ``x.html``. With ``files_dir``, the generated files (open data, feed, find data) are
    written there as they are made, one at a time, and listed in ``copies``; without it they
    are kept as bytes in ``files``. Raises ``InputError`` listing every problem."""
    applications_dir = project_root / APPLICATIONS_DIR
    portfolio = load_portfolio(applications_dir, project_root)
    built = built or build_date()
    content = SiteContent(portfolio)
    renderer = PageRenderer(portfolio, built, directory_urls)
    # Related applications first, while the build holds least: their working memory is reused after.
    _ = renderer.related
    content.pages = renderer.pages()
    content.html_pages = renderer.html_pages()
    content.themes = renderer.themes
    links = Links(site_url)
    sizes: dict[str, int] = {}

    def keep(path: str, data: bytes | Iterator[bytes]) -> None:
        """A file, as bytes or as pieces written one after the other."""
        pieces = [data] if isinstance(data, bytes) else data
        if files_dir is None:
            content.files[path] = b"".join(pieces)
            sizes[path] = len(content.files[path])
            return
        target = files_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with target.open("wb") as out:
            for piece in pieces:
                out.write(piece)
                size += len(piece)
        sizes[path] = size
        content.copies[path] = target

    for path, data in open_data_files(portfolio, links, built):
        keep(path, data)
    changed = last_changed(project_root, [r.path for r in portfolio.applications])
    keep(FEED_PATH, atom_feed(portfolio, links, changed, renderer.themes))
    keep(FIND_DATA, renderer.find.data())
    content.pages[DATA_PAGE] = renderer.data_page(
        giving360_count=len(awarded(portfolio)), files=FILES,
        applications=opendata.APPLICATION_COLUMNS, budget_lines=opendata.BUDGET_LINE_COLUMNS,
        sizes=sizes,
        line_count=sum(len(r.meta.budget.lines) for r in portfolio.applications),
    )
    for record in portfolio.applications:
        content.sources[f"soknader/{record.slug}.md"] = record.path
        for attachment in record.meta.attachments:
            if attachment.file:
                content.copies[f"soknader/{record.slug}/{attachment.file}"] = record.path.parent / attachment.file
    return content


def open_data_files(portfolio: Portfolio, links: Links, built: dt.date) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """The files under /data/ with their path in the site, each made when it is asked for (the
    applications' JSON in pieces)."""
    scheme = portfolio.scheme
    applications = opendata.application_table(portfolio, links)
    budget_lines = opendata.budget_line_table(portfolio, links)
    about = [
        ("Ordning", scheme.scheme.name),
        ("Utgiver", scheme.scheme.owner.name),
        ("Laget", built.isoformat()),
        ("Kilde", links.page(DATA_DIR + "/")),
        ("Lisens", f"{scheme.open_data.licence_name} ({scheme.open_data.licence_url})"),
        ("Søknader", str(len(applications.rows))),
        ("Budsjettlinjer", str(len(budget_lines.rows))),
    ]
    yield FILES["applications_csv"], opendata.csv_bytes(applications)
    yield FILES["budget_lines_csv"], opendata.csv_bytes(budget_lines)
    yield FILES["xlsx"], opendata.xlsx_bytes([applications, budget_lines], about, built, scheme.scheme.owner.name)
    del applications, budget_lines
    yield FILES["json"], opendata.applications_json(portfolio, links, built)
    yield FILES["json_schema"], opendata.json_bytes(opendata.applications_export_schema(links.page(FILES["json_schema"])))
    yield FILES["front_matter_schema"], opendata.json_bytes(
        application_json_schema(scheme, links.page(FILES["front_matter_schema"])))
    if awarded(portfolio):  # the standard requires at least one grant in a package
        yield FILES["giving360"], opendata.json_bytes(giving360_package(portfolio, links, built))
