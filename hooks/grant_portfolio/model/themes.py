"""Themes: the applications' ``themes`` gathered into one taxonomy.

Contributors type themes freely, so the same theme arrives spelt several ways. Two spellings
are one theme when they have the same slug: case, spacing and punctuation do not count
(``Psykisk helse``, ``psykisk helse `` and ``Psykisk-helse`` are one theme, at
``/tema/psykisk-helse/``). The name shown is the spelling most applications use. Spellings
that were merged, and themes that differ only in inflection (``Digital løsning`` and
``Digitale løsninger``), are listed on the data-quality page so that they can be tidied.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..formatting import sort_key_nb
from .portfolio import Portfolio, Totals
from ..input.records import ApplicationRecord
from ..input.scheme import HealthCommunity
from ..text import tidy_spaces, stem_words, theme_slug
from ..pages.paths import theme_page



@dataclass(frozen=True)
class Spelling:
    text: str
    applications: tuple[ApplicationRecord, ...]


@dataclass
class Theme:
    slug: str
    spellings: list[Spelling]
    applications: list[ApplicationRecord]  # in portfolio order
    communities: list[HealthCommunity] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The spelling most applications use; on a tie, the first in Norwegian order."""
        return self.spellings[0].text

    @property
    def merged(self) -> bool:
        return len(self.spellings) > 1

    @cached_property
    def totals(self) -> Totals:
        return Totals.of(self.applications)

    @cached_property
    def by_community(self) -> dict[str, list[ApplicationRecord]]:
        groups: dict[str, list[ApplicationRecord]] = {c.id: [] for c in self.communities}
        for record in self.applications:
            groups[record.meta.health_community].append(record)
        return groups

    def count_in(self, community_id: str) -> int:
        return len(self.by_community[community_id])

    @property
    def page(self) -> str:
        return theme_page(self.slug)


@dataclass(frozen=True)
class SimilarThemes:
    """Themes that are not merged but differ only in word endings."""

    themes: tuple[Theme, ...]


class ThemeIndex:
    """Every theme of the portfolio, and which applications have it."""

    def __init__(self, portfolio: Portfolio):
        self.portfolio = portfolio
        communities = portfolio.scheme.health_communities
        spellings: dict[str, dict[str, list[ApplicationRecord]]] = defaultdict(lambda: defaultdict(list))
        members: dict[str, list[ApplicationRecord]] = defaultdict(list)
        self.without_theme: list[ApplicationRecord] = []
        for record in portfolio.applications:
            slugs_here = []
            for raw in record.meta.themes:
                slug = theme_slug(raw)
                spellings[slug][tidy_spaces(raw)].append(record)
                if slug not in slugs_here:
                    slugs_here.append(slug)
            for slug in slugs_here:
                members[slug].append(record)
            if not slugs_here:
                self.without_theme.append(record)
        themes = []
        for slug, by_text in spellings.items():
            ordered = sorted(by_text.items(), key=lambda item: (-len(item[1]), sort_key_nb(item[0]), item[0]))
            themes.append(Theme(slug, [Spelling(text, tuple(records)) for text, records in ordered],
                                members[slug], list(communities)))
        self.themes: list[Theme] = sorted(themes, key=lambda t: (sort_key_nb(t.name), t.slug))
        self.by_slug = {t.slug: t for t in self.themes}

    def themes_of(self, record: ApplicationRecord) -> list[Theme]:
        """The record's themes, in the order it gives them, each once."""
        seen: dict[str, Theme] = {}
        for raw in record.meta.themes:
            slug = theme_slug(raw)
            seen.setdefault(slug, self.by_slug[slug])
        return list(seen.values())

    @property
    def merged(self) -> list[Theme]:
        return [t for t in self.themes if t.merged]

    @cached_property
    def similar(self) -> list[SimilarThemes]:
        """Groups of themes whose words have the same stems (``Digital løsning`` and
        ``Digitale løsninger``): probably one theme, but left for a person to decide."""
        groups: dict[tuple[str, ...], list[Theme]] = defaultdict(list)
        for theme in self.themes:
            key = tuple(stem_words(theme.name, keep_stop_words=True))
            if key:
                groups[key].append(theme)
        return [SimilarThemes(tuple(group)) for _, group in sorted(groups.items()) if len(group) > 1]
