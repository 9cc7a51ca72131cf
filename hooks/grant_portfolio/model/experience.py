"""Experience sharing: the applications' lessons by theme, and the initiatives they cite.

Lessons (``lessons``) are grouped by the application's themes: an application with two themes
appears under both, one without themes under ``NO_THEME``. References (``references``) to
initiatives outside the portfolio are merged when they have the same address or the same
title (case, spacing and punctuation aside), so that a reader sees once that Lillestrøm's
drop-in service is cited by three applications.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ..formatting import sort_key_nb
from ..input.records import ApplicationRecord
from ..input.schema import Reference
from ..text import tidy_spaces, theme_slug
from .themes import Theme, ThemeIndex

NO_THEME = "Uten tema"


@dataclass(frozen=True)
class LessonGroup:
    theme: Theme | None  # None: the applications without a theme
    applications: tuple[ApplicationRecord, ...]

    @property
    def title(self) -> str:
        return self.theme.name if self.theme else NO_THEME


def lessons_by_theme(themes: ThemeIndex) -> list[LessonGroup]:
    """Every theme that has an application with lessons, in the themes' order."""
    groups = [LessonGroup(theme, tuple(r for r in theme.applications if r.meta.lessons)) for theme in themes.themes]
    groups.append(LessonGroup(None, tuple(r for r in themes.without_theme if r.meta.lessons)))
    return [g for g in groups if g.applications]


@dataclass(frozen=True)
class Citation:
    record: ApplicationRecord
    reference: Reference


@dataclass(frozen=True)
class SharedReference:
    """One initiative outside the portfolio, with every application that cites it."""

    citations: tuple[Citation, ...]

    @property
    def title(self) -> str:
        return _commonest(c.reference.title for c in self.citations)

    @property
    def urls(self) -> list[str]:
        """The addresses given, each page once (as first given)."""
        by_key: dict[str, str] = {}
        for citation in self.citations:
            if citation.reference.url:
                by_key.setdefault(url_key(citation.reference.url), citation.reference.url)
        return list(by_key.values())

    @property
    def applications(self) -> list[ApplicationRecord]:
        return list({c.record.slug: c.record for c in self.citations}.values())

    @property
    def other_titles(self) -> list[str]:
        return sorted({tidy_spaces(c.reference.title) for c in self.citations} - {self.title}, key=sort_key_nb)


def _commonest(values) -> str:
    """The value given most often (white space tidied); on a tie, the one given first."""
    counts = Counter(tidy_spaces(v) for v in values)
    return max(counts, key=lambda v: counts[v])  # max keeps the first of equals


def url_key(url: str) -> str:
    """An address without what does not change the page: case of the host, ``www.``, a
    trailing slash, the fragment."""
    parts = urlsplit(url.strip())
    host = parts.netloc.casefold().removeprefix("www.")
    return urlunsplit(("https" if parts.scheme in ("http", "https") else parts.scheme, host,
                       parts.path.rstrip("/"), parts.query, ""))


def shared_references(records: list[ApplicationRecord]) -> list[SharedReference]:
    """References merged by address or title, sorted by title in Norwegian order."""
    citations = [Citation(r, ref) for r in records for ref in r.meta.references]
    parent = list(range(len(citations)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, citation in enumerate(citations):
        keys = ["t:" + (theme_slug(citation.reference.title) or citation.reference.title.casefold())]
        if citation.reference.url:
            keys.append("u:" + url_key(citation.reference.url))
        for key in keys:
            if key in first_with:
                parent[find(i)] = find(first_with[key])
            else:
                first_with[key] = i
    groups: dict[int, list[Citation]] = {}
    for i, citation in enumerate(citations):
        groups.setdefault(find(i), []).append(citation)
    shared = [SharedReference(tuple(group)) for group in groups.values()]
    return sorted(shared, key=lambda s: (sort_key_nb(s.title), s.urls))
