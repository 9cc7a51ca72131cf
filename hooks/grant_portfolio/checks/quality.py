"""Softer gaps that do not stop the build but are listed on the data-quality page."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..formatting import and_list, quote_nb
from ..problems import Problem, Severity
from ..input.labels import UnknownField, label
from ..input.records import LocatedRecord
from ..input.schema import Application
from ..input.scheme import Scheme

_MUNICIPALITY_COUNT = re.compile(r"\b(\d+)\s+kommuner\b", re.IGNORECASE)
_ITEM = re.compile(r"^(?P<path>[a-z_.]+)\[(?P<number>\d+)\]$")
_QUOTED_LENGTH = 100  # a budget line's text is quoted up to this many characters


def reader_field(field: str, meta: Application | None = None) -> str:
    """What a notice's field is called for readers of the public pages: the field's label from
    the schema, and for a budget line its number and text (``budget.lines[10]`` → «Budsjettlinje
    10, «Teambemanning …»»). The path itself (``budget.lines[10]``) is for contributors: the
    command line and the file:line messages show it."""
    item = _ITEM.match(field)
    path, number = (item.group("path"), int(item.group("number"))) if item else (field, None)
    if path == "budget.lines" and number is not None:
        lines = meta.budget.lines if meta is not None else []
        text = f"Budsjettlinje {number}"
        if 0 < number <= len(lines):
            item_text = " ".join(lines[number - 1].item.split())
            if len(item_text) > _QUOTED_LENGTH:
                item_text = item_text[:_QUOTED_LENGTH].rsplit(" ", 1)[0] + " …"
            text += f", «{item_text}»"
        return text
    try:
        return label(path)
    except UnknownField:
        return path


@lru_cache(maxsize=4096)  # the form's headings repeat in every application
def normalise_heading(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip("?:.").strip().casefold()


def section_for_heading(scheme: Scheme, heading: str):
    key = normalise_heading(heading)
    for section in scheme.sections:
        if key in {normalise_heading(h) for h in [section.heading, *section.aliases]}:
            return section
    return None


# Notices the web form also shows as you type (``contribute.webform``), in the same words.
NOTICES = {
    "other_community": "{name} hører til {other}, ikke til {community}",
    "trust_left_out": "{trust}, som hører til {community}, er ikke med blant helseforetakene",
    "section_missing": "mangler delen «{heading}» (overskrift ## i søknadsteksten)",
    "field_missing": "mangler opplysningen «{heading}»",
    "municipality_count": "budsjettlinja nevner «{mentions}», men søknaden har {count} kommuner i lista over kommuner",
    "granted_more": "innvilget beløp er større enn søkt beløp",
    "no_summary": "mangler sammendrag; lister viser da bare tittelen",
    "no_contacts": "mangler kontaktperson",
}


def find_notices(located: LocatedRecord, scheme: Scheme) -> list[Problem]:
    record, line_of = located.record, located.line_of
    meta = record.meta
    notices: list[Problem] = []

    def notice(line: int | None, field: str | None, message: str) -> None:
        notices.append(Problem(record.display_path, line, field, message, Severity.NOTICE))

    found = {}
    for body_section in record.sections:
        section = section_for_heading(scheme, body_section.heading)
        if section is None:
            notice(body_section.line, None,
                   f"overskriften «{body_section.heading}» er ikke en av søknadsskjemaets deler")
        else:
            found[section.id] = body_section
            if not body_section.text:
                notice(body_section.line, None, f"delen «{section.heading}» er tom")
    for section in scheme.sections:
        if not section.required:
            continue
        if section.in_body and section.id not in found:
            notice(None, None, NOTICES["section_missing"].format(heading=section.heading))
        elif not section.in_body and not getattr(meta, section.field, None):
            notice(None, section.field, NOTICES["field_missing"].format(heading=section.heading))

    community = scheme.community_by_id.get(meta.health_community)
    if community:
        for index, name in enumerate(meta.municipalities):
            municipality = scheme.municipality_by_name.get(name)
            if municipality and municipality.community_id != community.id:
                other = scheme.community_by_id[municipality.community_id]
                notice(line_of("municipalities", index), f"municipalities[{index + 1}]",
                       NOTICES["other_community"].format(name=name, other=other.name, community=community.name))
        if community.health_trust not in meta.health_trusts:
            trust = scheme.trust_by_id[community.health_trust]
            notice(line_of("health_trusts"), "health_trusts",
                   NOTICES["trust_left_out"].format(trust=trust.name, community=community.name))

    for index, line in enumerate(meta.budget.lines):
        text = " ".join(str(part) for part in (line.item, line.scope, line.rate) if isinstance(part, str))
        mismatches = {m.group(0) for m in _MUNICIPALITY_COUNT.finditer(text)
                      if int(m.group(1)) != len(meta.municipalities)}
        if mismatches:
            notice(line_of("budget", "lines", index), f"budget.lines[{index + 1}]",
                   NOTICES["municipality_count"].format(mentions=", ".join(sorted(mismatches)),
                                                        count=len(meta.municipalities)))

    if meta.decision and meta.decision.granted is not None and meta.decision.granted > meta.budget.requested:
        notice(line_of("decision", "granted"), "decision.granted", NOTICES["granted_more"])
    if not meta.summary:
        notice(None, "summary", NOTICES["no_summary"])
    if not meta.contacts:
        notice(None, "contacts", NOTICES["no_contacts"])
    return notices


def find_shared_priorities(records: Iterable[LocatedRecord], scheme: Scheme) -> list[Problem]:
    """Two applications of one community and round with the same rank."""
    groups: dict[tuple, list[LocatedRecord]] = defaultdict(list)
    for located in records:
        meta = located.record.meta
        if meta.priority is not None:
            groups[(meta.health_community, meta.round, meta.priority)].append(located)
    notices = []
    for (community_id, round_id, priority), same in groups.items():
        if len(same) < 2:
            continue
        community = scheme.community_by_id[community_id].name
        round_name = scheme.round_by_id[round_id].name if round_id in scheme.round_by_id else round_id
        for located in same:
            others = and_list([quote_nb(other.record.meta.title) for other in same if other is not located])
            notices.append(Problem(
                located.record.display_path, located.line_of("priority"), "priority",
                f"prioritet {priority} i {community}, {round_name}, er gitt også til {others}",
                Severity.NOTICE,
            ))
    return notices


# The notes shown on an application's own page ----------------------------------------------

_BUDGET_LINE_FIELD = re.compile(r"^budget\.lines\[(\d+)\]")


@dataclass(frozen=True)
class ApplicationNotes:
    """An application's data-quality notes, placed beside what they concern on its page: a
    budget line (by its index in ``budget.lines``), the rest of the budget, or the application
    as a whole. Each note is the check's message as a sentence."""

    lines: dict[int, list[str]]
    budget: list[str]
    other: list[str]

    def __bool__(self) -> bool:
        return bool(self.lines or self.budget or self.other)


def _sentence(message: str, capital: bool = True) -> str:
    text = message.strip()
    if capital:
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def application_notes(notices: Iterable[Problem], line_count: int) -> ApplicationNotes:
    """``notices`` (the data-quality notices of one application file) by where they belong on
    its page; ``line_count`` is the number of its budget lines. A note about a budget line
    follows the line's text and a colon, so it keeps its small first letter."""
    lines: dict[int, list[str]] = defaultdict(list)
    budget: list[str] = []
    other: list[str] = []
    for notice in notices:
        field = notice.field or ""
        match = _BUDGET_LINE_FIELD.match(field)
        if match and 1 <= int(match.group(1)) <= line_count:
            lines[int(match.group(1)) - 1].append(_sentence(notice.message, capital=False))
        elif field == "budget" or field.startswith("budget."):
            budget.append(_sentence(notice.message))
        else:
            other.append(_sentence(notice.message))
    return ApplicationNotes(dict(lines), budget, other)
