"""Softer gaps that do not stop the build but are listed on the data-quality page."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from ..problems import Problem, Severity
from ..input.records import LocatedRecord
from ..input.scheme import Scheme

_MUNICIPALITY_COUNT = re.compile(r"\b(\d+)\s+kommuner\b", re.IGNORECASE)


@lru_cache(maxsize=4096)  # the form's headings repeat in every application
def normalise_heading(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip("?:.").strip().casefold()


def section_for_heading(scheme: Scheme, heading: str):
    key = normalise_heading(heading)
    for section in scheme.sections:
        if key in {normalise_heading(h) for h in [section.heading, *section.aliases]}:
            return section
    return None


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
            notice(None, None, f"mangler delen «{section.heading}» (overskrift ## i søknadsteksten)")
        elif not section.in_body and not getattr(meta, section.field, None):
            notice(None, section.field, f"mangler opplysningen «{section.heading}»")

    community = scheme.community_by_id.get(meta.health_community)
    if community:
        for index, name in enumerate(meta.municipalities):
            municipality = scheme.municipality_by_name.get(name)
            if municipality and municipality.community_id != community.id:
                other = scheme.community_by_id[municipality.community_id]
                notice(line_of("municipalities", index), f"municipalities[{index + 1}]",
                       f"{name} hører til {other.name}, ikke til {community.name}")
        if community.health_trust not in meta.health_trusts:
            trust = scheme.trust_by_id[community.health_trust]
            notice(line_of("health_trusts"), "health_trusts",
                   f"{trust.name}, som hører til {community.name}, er ikke med blant helseforetakene")

    for index, line in enumerate(meta.budget.lines):
        text = " ".join(str(part) for part in (line.item, line.scope, line.rate) if isinstance(part, str))
        mismatches = {m.group(0) for m in _MUNICIPALITY_COUNT.finditer(text)
                      if int(m.group(1)) != len(meta.municipalities)}
        if mismatches:
            notice(line_of("budget", "lines", index), f"budget.lines[{index + 1}]",
                   f"budsjettlinja nevner «{', '.join(sorted(mismatches))}», men søknaden har "
                   f"{len(meta.municipalities)} kommuner i municipalities")

    if meta.decision and meta.decision.granted is not None and meta.decision.granted > meta.budget.requested:
        notice(line_of("decision", "granted"), "decision.granted",
               "innvilget beløp er større enn søkt beløp")
    if not meta.summary:
        notice(None, "summary", "mangler sammendrag; lister viser da bare tittelen")
    if not meta.contacts:
        notice(None, "contacts", "mangler kontaktperson")
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
        for located in same:
            others = ", ".join(other.record.slug for other in same if other is not located)
            notices.append(Problem(
                located.record.display_path, located.line_of("priority"), "priority",
                f"prioritet {priority} i {community}, runde {round_id}, er gitt også til {others}",
                Severity.NOTICE,
            ))
    return notices
