"""Where each generated page stands in the site's source tree (``runder/2025-1.md``), in one
place for every module that renders or links to them."""

from __future__ import annotations

BUDGET_PAGE = "budsjett/index.md"


def application_page(slug: str) -> str:
    return f"soknader/{slug}.md"


def community_page(community_id: str) -> str:
    return f"helsefellesskap/{community_id}.md"


def round_page(round_id: str) -> str:
    return f"runder/{round_id}.md"


def municipality_page(slug: str) -> str:
    return f"kommuner/{slug}.md"
