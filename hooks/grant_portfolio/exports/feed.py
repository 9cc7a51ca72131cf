"""The applications as an Atom 1.0 feed (RFC 4287), newest first.

An application's date is when its file was last changed in git (see ``gitdates``), or, for a
file git does not know, its round's deadline for sending applications to the health
community. The feed's own ``updated`` is its newest entry's date, not the build time, so the
same files and history always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET

from ..formatting import and_list, nok
from .opendata import Links
from ..model.portfolio import Portfolio
from ..input.records import ApplicationRecord
from ..input.schema import Application, Budget, Decision
from ..pages.paths import APPLICATIONS_PAGE, FEED_PATH, THEMES_PAGE, page_url
from ..model.site import SiteModel, midnight_utc
from ..model.themes import ThemeIndex

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE = "nb"


def atom_feed(model: SiteModel, links: Links) -> bytes:
    """The feed document, UTF-8 with an XML declaration, from the model's feed entries."""
    portfolio = model.portfolio
    scheme = portfolio.scheme
    info, owner = scheme.scheme, scheme.scheme.owner
    # With no entries, a date that is still fixed by the data: the newest round's deadline.
    updated = model.feed[0].updated if model.feed else midnight_utc(max(r.community_deadline for r in scheme.rounds))

    # Names are written unqualified under a default namespace declared by hand: ElementTree's
    # ``default_namespace`` refuses unqualified attributes, and registering a prefix is global.
    feed = _element(None, "feed", {"xmlns": ATOM_NS, XML_LANG: LANGUAGE})
    _element(feed, "id", text=links.page(FEED_PATH))
    _element(feed, "title", text=f"{info.name}: søknader")
    _element(feed, "subtitle", text="Søknadene i ordningen, sist endret først.")
    _element(feed, "updated", text=_timestamp(updated))
    _person(feed, "author", owner.name, owner.url)
    _element(feed, "rights", text=f"{scheme.open_data.licence_name} ({scheme.open_data.licence_url})")
    _element(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": links.page(FEED_PATH)})
    _element(feed, "link", {"rel": "alternate", "type": "text/html", "href": links.page(page_url(APPLICATIONS_PAGE))})
    for entry in model.feed:
        _entry(feed, entry.record, entry.updated, portfolio, links, model.themes)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(feed: ET.Element, record: ApplicationRecord, date: dt.datetime, portfolio: Portfolio, links: Links,
           themes: ThemeIndex) -> None:
    meta, owner = record.meta, portfolio.scheme.scheme.owner
    url = links.application(record)
    entry = _element(feed, "entry")
    _element(entry, "id", text=url)
    _element(entry, "title", text=meta.title)
    _element(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    _element(entry, "updated", text=_timestamp(date))
    for name in meta.owners or [owner.name]:
        _person(entry, "author", name)
    _element(entry, "summary", text=meta.summary or meta.title)
    _element(entry, "content", {"type": "html"}, text=facts_html(record, portfolio))
    for theme in themes.themes_of(record):
        _element(entry, "category", {"term": theme.slug, "label": theme.name,
                                     "scheme": links.page(page_url(THEMES_PAGE))})


def facts_html(record: ApplicationRecord, portfolio: Portfolio) -> str:
    """A short fact list for the entry's content; every value is escaped."""
    scheme, meta = portfolio.scheme, record.meta
    fields = Application.model_fields
    facts = [
        (fields["status"].title, scheme.status_by_id[meta.status].label),
        (fields["health_community"].title, scheme.community_by_id[meta.health_community].name),
        (fields["round"].title, scheme.round_by_id[meta.round].name),
        (fields["municipalities"].title, and_list(meta.municipalities)),
        (Budget.model_fields["requested"].title, nok(meta.budget.requested)),
    ]
    if meta.decision and meta.decision.granted is not None:
        facts.append((Decision.model_fields["granted"].title, nok(meta.decision.granted)))
    items = "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in facts)
    return f"<dl>{items}</dl>"


def _element(parent: ET.Element | None, name: str, attributes: dict[str, str] | None = None,
             text: str | None = None) -> ET.Element:
    attributes = attributes or {}
    element = ET.Element(name, attributes) if parent is None else ET.SubElement(parent, name, attributes)
    element.text = text
    return element


def _person(parent: ET.Element, role: str, name: str, uri: str | None = None) -> None:
    person = _element(parent, role)
    _element(person, "name", text=name)
    if uri:
        _element(person, "uri", text=uri)


def _timestamp(value: dt.datetime) -> str:
    """RFC 3339 in UTC: ``2025-03-01T09:00:00Z``."""
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
