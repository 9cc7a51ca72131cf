"""The whole generated part of the site, for any builder: pages as Markdown, other files as
bytes. The MkDocs hook only hands these over; a pre-build step could write them to disk."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .portfolio import Portfolio, load_portfolio
from .reference import JSON_SCHEMA_ID, application_json_schema
from .render import PageRenderer

APPLICATIONS_DIR = "applications"
JSON_SCHEMA_PATH = f"data/skjema/{JSON_SCHEMA_ID}"


@dataclass
class SiteContent:
    portfolio: Portfolio
    pages: dict[str, str] = field(default_factory=dict)  # path in the docs tree -> Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # path in the site -> content
    copies: dict[str, Path] = field(default_factory=dict)  # path in the site -> file on disk
    sources: dict[str, Path] = field(default_factory=dict)  # generated page -> its application file


def build_date() -> dt.date:
    """Today, or the date in ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def build_site(project_root: Path, site_url: str | None = None, built: dt.date | None = None) -> SiteContent:
    """Load, validate and render everything. Raises ``InputError`` listing every problem."""
    applications_dir = project_root / APPLICATIONS_DIR
    portfolio = load_portfolio(applications_dir, project_root)
    content = SiteContent(portfolio)
    content.pages = PageRenderer(portfolio, built or build_date()).pages()
    schema_url = f"{site_url.rstrip('/')}/{JSON_SCHEMA_PATH}" if site_url else None
    content.files[JSON_SCHEMA_PATH] = (
        json.dumps(application_json_schema(portfolio.scheme, schema_url), ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    for record in portfolio.applications:
        content.sources[f"soknader/{record.slug}.md"] = record.path
        for attachment in record.meta.attachments:
            if attachment.file:
                content.copies[f"soknader/{record.slug}/{attachment.file}"] = record.path.parent / attachment.file
    return content
