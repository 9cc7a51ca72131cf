"""The awarded grants as a 360Giving data package (360Giving Data Standard 1.4).

Only applications whose status has ``requires_decision`` in the scheme data (granted and
completed) are grants. Organisations with a Norwegian organisation number are identified as
``NO-BRC-<number>`` (Brønnøysundregistrene in the Organisation Identifier list); others get an
identifier under the publisher's 360Giving prefix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..pages.paths import DATA_DIR, FILES
from .opendata import Links
from ..model.portfolio import Portfolio
from ..checks.quality import section_for_heading
from ..input.records import ApplicationRecord
from ..pages.paths import page_url, round_page
from ..input.scheme import Scheme

STANDARD_VERSION = "1.4"
ORG_ID_REGISTER = "NO-BRC"
COUNTRY = "NO"


def awarded(portfolio: Portfolio) -> list[ApplicationRecord]:
    statuses = {s.id for s in portfolio.scheme.statuses if s.requires_decision}
    return [record for record in portfolio.applications if record.meta.status in statuses]


def giving360_package(portfolio: Portfolio, links: Links, built: dt.date) -> dict[str, Any]:
    """The data package. The standard requires at least one grant: call it only when
    :func:`awarded` is not empty."""
    scheme = portfolio.scheme
    owner = scheme.scheme.owner
    publisher: dict[str, Any] = {"name": owner.name}
    if owner.org_number:
        publisher["identifier"] = org_id(owner.org_number)
    if owner.url:
        publisher["website"] = owner.url
    return {
        "version": STANDARD_VERSION,
        "title": f"{scheme.scheme.name}: tildelte tilskudd",
        "description": scheme.scheme.description,
        "issued": built.isoformat(),
        "identifier": f"{scheme.open_data.giving360_prefix}-{built.isoformat()}",
        "publisher": publisher,
        "license": scheme.open_data.licence_url,
        "downloadURL": links.page(FILES["giving360"]),
        "accessURL": links.page(f"{DATA_DIR}/"),
        "grants": [grant(record, portfolio, links) for record in awarded(portfolio)],
    }


def org_id(org_number: str) -> str:
    return f"{ORG_ID_REGISTER}-{org_number}"


def grant(record: ApplicationRecord, portfolio: Portfolio, links: Links) -> dict[str, Any]:
    scheme, meta = portfolio.scheme, record.meta
    prefix = scheme.open_data.giving360_prefix
    round_ = scheme.round_by_id[meta.round]
    owner = scheme.scheme.owner
    funder: dict[str, Any] = {"id": org_id(owner.org_number) if owner.org_number else f"{prefix}-funder",
                              "name": owner.name}
    if owner.url:
        funder["url"] = owner.url
    data: dict[str, Any] = {
        "id": f"{prefix}-{record.slug}",
        "title": meta.title,
        "description": description(record, scheme),
        "currency": scheme.scheme.currency,
        "amountAppliedFor": meta.budget.requested,
        "amountAwarded": record.granted,
        "awardDate": meta.decision.date.isoformat(),
        "url": links.application(record),
        "recipientOrganization": recipients(record, scheme),
        "fundingOrganization": [funder],
        "beneficiaryLocation": [
            {"name": name, "countryCode": COUNTRY} for name in meta.municipalities
        ],
        "grantProgramme": [{
            "code": round_.id,
            "title": f"{scheme.scheme.name}, {round_.name}",
            "description": scheme.scheme.description,
            "url": links.page(page_url(round_page(round_.id))),
        }],
        "dataSource": links.page(FILES["giving360"]),
    }
    if meta.period:
        planned = {"startDate": _date_text(meta.period.start)}
        if meta.period.end is not None:
            planned["endDate"] = _date_text(meta.period.end)
        data["plannedDates"] = [planned]
    if meta.themes:
        data["classifications"] = [{"vocabulary": f"{prefix}-tema", "code": theme, "title": theme}
                                   for theme in meta.themes]
    related = [f"{prefix}-{slug}" for slug in meta.related]
    if related:
        data["relatedActivity"] = related
    return data


def recipients(record: ApplicationRecord, scheme: Scheme) -> list[dict[str, Any]]:
    """The applying municipalities and hospital trusts, each an organisation."""
    prefix = scheme.open_data.giving360_prefix
    out = []
    for name in record.meta.municipalities:
        municipality = scheme.municipality_by_name[name]
        identifier = org_id(municipality.org_number) if municipality.org_number else f"{prefix}-kommune-{municipality.slug}"
        out.append({"id": identifier, "name": f"{name} kommune", "organisationType": "Kommune",
                    "addressCountry": "Norge"})
    for trust_id in record.meta.health_trusts:
        trust = scheme.trust_by_id[trust_id]
        identifier = org_id(trust.org_number) if trust.org_number else f"{prefix}-helseforetak-{trust.id}"
        out.append({"id": identifier, "name": trust.name, "organisationType": "Helseforetak",
                    "addressCountry": "Norge"})
    return out


def description(record: ApplicationRecord, scheme: Scheme) -> str:
    """The summary; else the text of the form's first section in the body (in Helse Nord's
    form, the short description of the project); else the title."""
    if record.meta.summary:
        return record.meta.summary
    first = next((s for s in scheme.sections if s.in_body), None)
    for section in record.sections:
        known = section_for_heading(scheme, section.heading)
        if first is not None and known is first and section.text.strip():
            return section.text.strip()
    return record.meta.title


def _date_text(value: int | dt.date) -> str:
    return str(value) if isinstance(value, int) else value.isoformat()
