"""The model stage: everything the pages and the exports read, built once from the portfolio.

Files → load → validate → **portfolio → model** → pages and exports. The renderer
(``pages.render``) and every export read a :class:`SiteModel`; none of them computes a view of
the portfolio that another one needs, and none reaches into another's renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..input.gitdates import last_changed
from ..input.records import ApplicationRecord
from ..problems import Problem
from .experience import LessonGroup, SharedReference, lessons_by_theme, shared_references
from .find import FindIndex
from .geography import GeographyCache, RegionMap
from .portfolio import Portfolio
from .related import Related, related_applications
from .search import SearchDocument, search_documents, search_index_files
from .themes import ThemeIndex
from .views import PortfolioViews

NoticeGroup = tuple[ApplicationRecord | None, str, list[Problem]]  # the record, its file, its notices


@dataclass
class FeedEntry:
    """An application in the Atom feed: when its file last changed (git), else its round's
    community deadline at 00:00 UTC."""

    updated: dt.datetime
    record: ApplicationRecord


@dataclass
class SiteModel:
    portfolio: Portfolio
    built: dt.date  # the build date printed on the pages and in the open data
    themes: ThemeIndex
    related: dict[str, list[Related]]  # by application slug
    views: PortfolioViews  # the committee views: communities, rounds, municipalities, budget
    find: FindIndex
    lessons: list[LessonGroup]
    references: list[SharedReference]
    notice_groups: list[NoticeGroup]  # the data-quality notices, by file
    feed: list[FeedEntry]  # newest first
    region_map: RegionMap | None = None  # the map's shapes (None: the scheme has no map)

    @property
    def scheme(self):
        return self.portfolio.scheme

    def search_documents(self, pages: Mapping[str, str]) -> Iterator[SearchDocument]:
        """What the search finds: every application, and ``pages`` (Markdown by path in the
        source tree: the generated pages and the hand-written ones), one at a time."""
        return search_documents(self.portfolio, self.themes, pages)

    def search_index_files(self, pages: Mapping[str, str], directory_urls: bool = True) -> Iterator[tuple[str, bytes]]:
        """The search index's files for the applications and ``pages`` (see ``search_index_files``)."""
        return search_index_files(self.search_documents(pages), directory_urls)


def build_model(portfolio: Portfolio, built: dt.date, project_root: Path | None = None) -> SiteModel:
    """The site model. With ``project_root`` (a git work tree), feed entries are dated from git."""
    themes = ThemeIndex(portfolio)
    # Related applications first, while the build holds least: their working memory is reused after.
    related = related_applications(portfolio, themes)
    changed = last_changed(project_root, [r.path for r in portfolio.applications]) if project_root else {}
    return SiteModel(
        portfolio=portfolio,
        built=built,
        themes=themes,
        related=related,
        views=PortfolioViews(portfolio),
        find=FindIndex(portfolio, themes),
        lessons=lessons_by_theme(themes),
        references=shared_references(portfolio.applications),
        notice_groups=_group_notices(portfolio),
        feed=feed_entries(portfolio, changed),
        region_map=GeographyCache.get(portfolio.boundaries, portfolio.scheme) if portfolio.boundaries else None,
    )


def feed_entries(portfolio: Portfolio, changed: Mapping[Path, dt.datetime]) -> list[FeedEntry]:
    """The applications newest first; equal dates in file-name order. ``changed`` is
    ``gitdates.last_changed`` for the application files."""
    round_by_id = portfolio.scheme.round_by_id
    entries = []
    for record in sorted(portfolio.applications, key=lambda r: r.slug):
        date = changed.get(record.path.resolve())
        if date is None:
            date = midnight_utc(round_by_id[record.meta.round].community_deadline)
        entries.append(FeedEntry(date, record))
    entries.sort(key=lambda entry: entry.updated, reverse=True)  # stable: equal dates stay in slug order
    return entries


def midnight_utc(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _group_notices(portfolio: Portfolio) -> list[NoticeGroup]:
    by_path: dict[str, list[Problem]] = {}
    for notice in portfolio.notices:
        by_path.setdefault(notice.path, []).append(notice)
    records = {r.display_path: r for r in portfolio.applications}
    return [(records.get(path), path, sorted(items, key=lambda p: (p.line or 0, p.field or "")))
            for path, items in sorted(by_path.items())]
