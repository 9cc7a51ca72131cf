"""The whole generated part of the site, for any builder: application pages as finished HTML,
the overview pages as Markdown, other files as bytes (or written to a folder).

Files → load → validate → portfolio → model (``model.site``) → pages (``pages.render``) and
files (``exports``, the find data, the search index). A builder registers what ``build_site``
returns, converts the Markdown pages, and writes the rest; it decides nothing itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .checks.idnumbers import MARKDOWN
from .checks.published import PublishedGuard, allowed_values
from .contribute.webform import SourceRepository
from .exports import opendata
from .exports.feed import atom_feed
from .exports.giving360 import awarded, giving360_package
from .exports.opendata import Links
from .input.load import APPLICATIONS_DIR, SCHEME_FILE
from .input.reference import application_json_schema
from .model.portfolio import Portfolio, load_portfolio
from .model.site import SiteModel, build_model
from .pages.guide import EXAMPLES_FILE
from .pages.pagehtml import HtmlPage
from .pages.paths import (DATA_DIR, DATA_PAGE, FEED_PATH, FILES, FIND_DATA, SEARCH_DIR, application_page,
                          attachment_file, page_url)
from .pages.render import MarkdownPage, PageRenderer, fill_blocks
from .pages.tables import label_table_cells
from .preview import Preview, digest

DOCS_DIR = "docs"  # the hand-written pages, in the project root


@dataclass
class SiteContent:
    model: SiteModel
    pages: dict[str, MarkdownPage] = field(default_factory=dict)  # path in the docs tree -> Markdown
    # path in the docs tree -> the page as HTML, rendered when called (the application pages)
    html_pages: dict[str, Callable[[], HtmlPage]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # path in the site -> content
    copies: dict[str, Path] = field(default_factory=dict)  # path in the site -> file on disk
    sources: dict[str, Path] = field(default_factory=dict)  # generated page -> its application file
    applications_dir: Path | None = None  # where the application files were read
    digests: dict[str, bytes] = field(default_factory=dict)  # path in the site -> digest of a file in ``files`` or ``copies``

    @property
    def portfolio(self) -> Portfolio:
        return self.model.portfolio

    def finished_html(self, page: str, converted: str) -> str:
        """Any page's HTML as published: a generated page's HTML blocks put in place, and every
        table cell labelled with its column heading for narrow screens (``pages.tables``)."""
        if (markdown := self.pages.get(page)) is not None:
            converted = markdown.fill(converted)
        return label_table_cells(converted)

    def is_generated(self, path: str) -> bool:
        """Whether the page or file at ``path`` is one of these."""
        return path in self.pages or path in self.html_pages or path in self.files or path in self.copies

    def digest(self, path: str, rendered: HtmlPage | None = None) -> bytes:
        """A digest of what is published at ``path`` (a generated page, ``rendered`` if it is an
        application page, or a file), for a builder that writes only what changed."""
        if rendered is not None:
            return digest(rendered.title, rendered.html, *(f"{h.level} {h.id} {h.text}" for h in rendered.headings))
        if (page := self.pages.get(path)) is not None:
            return digest(page.text, *page.blocks)
        if path in self.digests:
            return self.digests[path]
        stat = self.copies[path].stat()  # an attachment, copied from the applications' folder
        return digest(str(self.copies[path]), str(stat.st_size), str(stat.st_mtime_ns))

    def finished_markdown(self, page: str) -> str:
        """A generated page's Markdown for a builder that runs no hooks (``docstree``): its HTML
        blocks in place, their tables labelled as ``finished_html`` labels them."""
        markdown = self.pages[page]
        return fill_blocks(markdown.text, tuple(label_table_cells(block) for block in markdown.blocks))


def build_date() -> dt.date:
    """Today, or the date in ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def build_site(project_root: Path, site_url: str, built: dt.date | None = None,
               directory_urls: bool = True, files_dir: Path | None = None,
               docs_dir: Path | None = None, repo_url: str | None = None, edit_uri: str | None = None,
               preview: Preview | None = None) -> SiteContent:
    """Load, validate, model and render everything. ``site_url`` is the published site's
    address (open data needs absolute addresses); ``directory_urls``: pages at ``x/`` rather
    than ``x.html``; ``docs_dir``: the hand-written pages, which the search index covers too
    (default ``docs/`` in the project root). With ``files_dir``, the generated files (open data,
    feed, find data, search index) are written there as they are made, one at a time, and
    listed in ``copies``; without it they are kept as bytes in ``files``. ``repo_url`` and
    ``edit_uri`` (as in ``mkdocs.yml``): where the web form proposes new files (without them it
    offers the download alone). ``preview``: what this process kept from its previous build
    (``preview.Preview``), reused where the inputs are the same. Raises ``InputError``
    listing every problem: in the applications, or personal data in what would be published
    (``checks.published``; an application page's is raised when the page is rendered)."""
    portfolio = load_portfolio(project_root / APPLICATIONS_DIR, project_root, preview.checked if preview else None)
    model = build_model(portfolio, built or build_date(), project_root)
    content = SiteContent(model, applications_dir=project_root / APPLICATIONS_DIR)
    links = Links(site_url)
    renderer = PageRenderer(model, directory_urls, schema_url=links.page(FILES["front_matter_schema"]),
                            repository=SourceRepository.from_config(repo_url, edit_uri))
    content.pages = renderer.pages()
    guard = published_guard(portfolio, project_root, directory_urls)
    content.html_pages = {
        page: guard.guarded(page_url(page, directory_urls), render, lambda made: made.html, guard.sources[page])
        for page, render in renderer.html_pages().items()
    }
    sizes: dict[str, int] = {}

    def keep(path: str, data: bytes | Iterator[bytes]) -> None:
        """A file, as bytes or as pieces written one after the other."""
        pieces = [data] if isinstance(data, bytes) else data
        if not path.endswith(".xlsx"):  # the spreadsheet holds the same values as the CSV files, checked there
            pieces = guard.file(path, pieces)
        hasher = hashlib.blake2b(digest_size=20) if preview else None  # only a preview compares builds
        if files_dir is None:
            content.files[path] = b"".join(pieces)
            sizes[path] = len(content.files[path])
            if hasher:
                hasher.update(content.files[path])
        else:
            target = files_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            with target.open("wb") as out:
                for piece in pieces:
                    out.write(piece)
                    if hasher:
                        hasher.update(piece)
                    size += len(piece)
            sizes[path] = size
            content.copies[path] = target
        if hasher:
            content.digests[path] = hasher.digest()

    for path, data in open_data_files(model, links):
        keep(path, data)
    keep(FEED_PATH, atom_feed(model, links))
    keep(FIND_DATA, model.find.data())
    content.pages[DATA_PAGE] = renderer.data_page(
        giving360_count=len(awarded(portfolio)), files=FILES,
        applications=opendata.APPLICATION_COLUMNS, budget_lines=opendata.BUDGET_LINE_COLUMNS,
        sizes=sizes,
        line_count=sum(len(r.meta.budget.lines) for r in portfolio.applications),
    )
    for record in portfolio.applications:
        content.sources[application_page(record.slug)] = record.path
        for attachment in record.meta.attachments:
            if attachment.file:
                content.copies[attachment_file(record.slug, attachment.file)] = record.path.parent / attachment.file
                guard.path(attachment_file(record.slug, attachment.file), record.display_path)
    for path, page in content.pages.items():
        address = page_url(path, directory_urls)
        guard.path(address)
        # The page with its blocks of HTML, apart (Markdown, whatever the address ends with).
        guard.text(address, "\n\n\x00\n\n".join((page.text, *page.blocks)), syntax=MARKDOWN)
    # The search index last, when every page's text is known: the generated Markdown pages and
    # the hand-written ones that no generated page replaces.
    searched = {path: page.text for path, page in content.pages.items()}
    for path, text in hand_written_pages(docs_dir or project_root / DOCS_DIR):
        searched.setdefault(path, text)
    for path, data in model.search_index_files(searched, directory_urls):
        keep(f"{SEARCH_DIR}/{path}", data)
    guard.raise_found()
    return content


def published_guard(portfolio: Portfolio, project_root: Path, directory_urls: bool) -> PublishedGuard:
    """The check of what the build publishes: the contacts' own addresses and phone numbers
    are allowed, and those in the project's own data and examples (the scheme's addresses, the
    guide's examples of mistakes); findings are traced to an application by its page, address
    or id."""
    own = [(project_root / APPLICATIONS_DIR / SCHEME_FILE).read_text(encoding="utf-8"),
           EXAMPLES_FILE.read_text(encoding="utf-8")]
    contacts = (contact for record in portfolio.applications for contact in record.meta.contacts)
    sources = {}
    for record in portfolio.applications:
        page = application_page(record.slug)
        for key in (record.slug, page, page_url(page, directory_urls), record.url, record.display_path):
            sources[key] = record.display_path
    return PublishedGuard(allowed_values(contacts, own), sources)


def hand_written_pages(docs_dir: Path) -> Iterator[tuple[str, str]]:
    """The Markdown pages under ``docs_dir`` (path relative to it, text), as a builder finds
    them: files and folders whose name starts with a dot are left out."""
    if not docs_dir.is_dir():
        return
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield relative.as_posix(), path.read_text(encoding="utf-8-sig")


def open_data_files(model: SiteModel, links: Links) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """The files under /data/ with their path in the site, each made when it is asked for (the
    applications' JSON in pieces)."""
    portfolio, built = model.portfolio, model.built
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
