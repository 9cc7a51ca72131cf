"""Where each generated page stands in the site's source tree (``runder/2025-1.md``), in one
place for every module that renders or links to them."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import PurePosixPath
from types import SimpleNamespace
from urllib.parse import quote

# The generated pages, by their path in the source tree.
HOME_PAGE = "index.md"
APPLICATIONS_PAGE = "soknader/index.md"
COMMUNITIES_PAGE = "helsefellesskap/index.md"
ROUNDS_PAGE = "runder/index.md"
MUNICIPALITIES_PAGE = "kommuner/index.md"
BUDGET_PAGE = "budsjett/index.md"
QUALITY_PAGE = "datakvalitet.md"
FIND_PAGE = "finn/index.md"
THEMES_PAGE = "tema/index.md"
LESSONS_PAGE = "erfaringer/index.md"
REFERENCES_PAGE = "erfaringer/referanser.md"
RELATED_METHOD_PAGE = "erfaringer/relaterte.md"
FIELDS_PAGE = "bidra/felt.md"
TEMPLATE_PAGE = "bidra/mal.md"
ERRORS_PAGE = "bidra/feilmeldinger.md"
NEW_FORM_PAGE = "bidra/ny.md"
DATA_DIR = "data"
DATA_PAGE = f"{DATA_DIR}/index.md"
# Hand-written pages that generated pages link to.
CONTRIBUTE_PAGE = "bidra/index.md"
ABOUT_OVERVIEWS_PAGE = "om-oversiktene.md"
PRIVACY_PAGE = "personvern.md"

# The generated files, by their path in the built site.
FIND_DATA = "finn/soknader.json"
FEED_PATH = "feed.xml"
SEARCH_DIR = "sokeindeks"
FILES = {
    "applications_csv": f"{DATA_DIR}/soknader.csv",
    "budget_lines_csv": f"{DATA_DIR}/budsjettlinjer.csv",
    "xlsx": f"{DATA_DIR}/soknader.xlsx",
    "json": f"{DATA_DIR}/soknader.json",
    "json_schema": f"{DATA_DIR}/skjema/soknader.schema.json",
    "giving360": f"{DATA_DIR}/360giving.json",
    "front_matter_schema": f"{DATA_DIR}/skjema/soknad.schema.json",
}
_PLAIN = re.compile(r"[A-Za-z0-9/._~-]*")  # what quote() leaves as it is


def application_page(slug: str) -> str:
    return f"soknader/{slug}.md"


def community_page(community_id: str) -> str:
    return f"helsefellesskap/{community_id}.md"


def round_page(round_id: str) -> str:
    return f"runder/{round_id}.md"


def municipality_page(slug: str) -> str:
    return f"kommuner/{slug}.md"


def theme_page(slug: str) -> str:
    return f"tema/{slug}.md"


def attachment_file(slug: str, name: str) -> str:
    """An application's published attachment: in a folder named as its page, beside it."""
    return f"soknader/{slug}/{name}"


@lru_cache(maxsize=16384)  # one entry per page of the site
def page_url(page: str, directory_urls: bool = True) -> str:
    """A page's address in the site, as MkDocs gives it: ``kommuner/alta.md`` →
    ``kommuner/alta/`` (or ``kommuner/alta.html`` without directory addresses); ``index.md``
    files stand for their folder."""
    path = PurePosixPath(page)
    if path.stem in ("index", "README"):
        if not directory_urls:
            return path.with_name("index.html").as_posix()
        folder = path.parent.as_posix()
        return "" if folder == "." else f"{folder}/"
    return f"{path.with_suffix('').as_posix()}/" if directory_urls else path.with_suffix(".html").as_posix()


@lru_cache(maxsize=4096)  # links repeat within a page; a larger cache holds megabytes
def relative_path(target: str, start: str) -> str:
    """``target`` relative to the folder ``start``, both relative to the same root (a pure
    computation: ``posixpath.relpath`` asks the operating system for the working folder)."""
    target_parts = [p for p in target.split("/") if p and p != "."]
    start_parts = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(target_parts), len(start_parts)) and target_parts[common] == start_parts[common]:
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


@lru_cache(maxsize=4096)  # links repeat within a page; a larger cache holds megabytes
def relative_url(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """The address of ``to_page`` relative to ``from_page`` (paths in the source tree). A page
    (``.md``) becomes its address, with any ``#anchor`` kept; another file keeps its path."""
    target, _, fragment = to_page.partition("#")
    source = page_url(from_page, directory_urls)
    folder = source.rstrip("/") if source.endswith("/") or not source else posixpath.dirname(source)
    if target.endswith(".md"):
        target = page_url(target, directory_urls)
        relative = relative_path(target.rstrip("/") or ".", folder)
        if target.endswith("/") or not target:
            relative = "./" if relative == "." else relative + "/"
    else:
        relative = relative_path(target, folder)
    if not _PLAIN.fullmatch(relative):  # slugs need no quoting; anything else does
        relative = quote(relative, safe="/.-_~")
    return relative + (f"#{quote(fragment, safe='-_.~')}" if fragment else "")


# Every page address for the templates (``pages.budget``, ``pages.community(id)``): no template
# writes a page's path itself.
PAGES = SimpleNamespace(
    home=HOME_PAGE, applications=APPLICATIONS_PAGE, communities=COMMUNITIES_PAGE, rounds=ROUNDS_PAGE,
    municipalities=MUNICIPALITIES_PAGE, budget=BUDGET_PAGE, quality=QUALITY_PAGE, find=FIND_PAGE,
    themes=THEMES_PAGE, lessons=LESSONS_PAGE, references=REFERENCES_PAGE, related_method=RELATED_METHOD_PAGE,
    fields=FIELDS_PAGE, template=TEMPLATE_PAGE, errors=ERRORS_PAGE, data=DATA_PAGE, contribute=CONTRIBUTE_PAGE,
    about_overviews=ABOUT_OVERVIEWS_PAGE, feed=FEED_PATH, new_form=NEW_FORM_PAGE, privacy=PRIVACY_PAGE,
    application=application_page, community=community_page, round=round_page, municipality=municipality_page,
    theme=theme_page, attachment=attachment_file,
)
