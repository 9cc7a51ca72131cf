"""Mapping the form's fields to front matter: amounts, dates, names, municipalities, health
trusts and contacts, the round and the health community, and the report of what was chosen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...input.schema import SUMMARY_MAX_LENGTH
from ...input.scheme import Scheme
from ..new import closest_municipality, split_names
from .form import FieldValue, escape_markdown, join_names, quote_text
from .structure import (
    CONTACT_PERSON_MARK,
    DATE_PATTERNS,
    EMAIL,
    EMAIL_NOTE,
    MONTHS,
    MUNICIPALITIES_LABEL,
    PHONE,
    TRAILING_AMOUNT,
    WHOLE_AMOUNT,
    YEAR,
)


def parse_amount(text: str) -> int | None:
    """«3 697 515», «1000000», «1 000 000 kr», «kr 50 000,-» -> whole kroner; else ``None``."""
    match = WHOLE_AMOUNT.match(text.strip())
    return _to_int(match.group(1)) if match else None


def split_trailing_amount(text: str) -> tuple[str, int | None]:
    """«Bruk av eksisterende lokaler- 1000000» -> («Bruk av eksisterende lokaler», 1000000)."""
    whole = parse_amount(text)
    if whole is not None:
        return "", whole
    match = TRAILING_AMOUNT.search(text)
    if not match:
        return text.strip(), None
    return text[:match.start()].strip(" -–—:,"), _to_int(match.group(1))


def _to_int(number: str) -> int:
    return int(re.sub(r"[ \u00a0\u202f.]", "", number))


def parse_date(text: str) -> dt.date | None:
    """A date written as «20.02.2025», «20. februar 2025» or «2025-02-20»."""
    for pattern, order in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = int(parts["m"]) if parts["m"].isdigit() else MONTHS[parts["m"].casefold()]
        year = int(parts["y"]) + (2000 if len(parts["y"]) == 2 else 0)
        try:
            return dt.date(year, month, int(parts["d"]))
        except ValueError:
            continue
    return None


def _dates(text: str) -> list[dt.date]:
    """Every date written in the text."""
    found = [parse_date(match.group(0)) for pattern, _ in DATE_PATTERNS for match in pattern.finditer(text)]
    return [date for date in found if date is not None]


def _tidy_title(text: str) -> str:
    """One line, single spaces, and a space after a dash that separates («vekst –psykisk»)."""
    text = " ".join(text.split())
    return re.sub(r"(?<=\s)([–—])(?=\S)", r"\1 ", text)


def _is_person_name(text: str) -> bool:
    """«Kari Nordmann», «Ola Nordby-Hansen»: two to five capitalised words, no digits or
    abbreviations like «HF» or «RHF»."""
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    return all(re.fullmatch(r"[A-ZÆØÅ][a-zæøåäöüéèáó]+(?:-[A-ZÆØÅ]?[a-zæøåäöüéèáó]+)*\.?", w) for w in words)


# Mapping the fields --------------------------------------------------------------------------

@dataclass
class Report:
    """What the import tells the user: unmapped text (kept in the body), choices made, and the
    form's placeholder texts left out."""

    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)  # unmapped field text, first in the body
    placeholders: list[str] = field(default_factory=list)  # the form's placeholders left out, and where

    def keep(self, label: str, text: str, reason: str) -> None:
        """Field text that fits no field: kept at the top of the body and listed."""
        self.intro.append(f"**{escape_markdown(label)}:** {escape_markdown(text)}")
        self.unmapped.append(
            f"{quote_text(text)} under «{label}» {reason}; teksten står først i søknadsteksten, før første overskrift"
        )


def find_trusts(text: str, scheme: Scheme) -> list[tuple[int, str]]:
    """(position, id) of each health trust named in the text, by name or short name."""
    found = []
    for trust in scheme.health_trusts:
        positions = [m.start() for name in (trust.name, trust.short_name)
                     for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)]
        if positions:
            found.append((min(positions), trust.id))
    return sorted(found)


def parse_municipalities(text: str, scheme: Scheme) -> tuple[list[str], list[str], list[str]]:
    """Municipality names in a list such as «Storby, Fjordvik og Nesset.» or «Storby
    kommune»: (names as in the scheme, guesses made «Storbi» -> «Storby», pieces not found)."""
    names, guesses, unknown = [], [], []
    for piece in split_names(text):
        piece = re.sub(r"^(?:kommunene|kommunen|kommune)\s+", "", piece, flags=re.IGNORECASE)
        piece = re.sub(r"\s+(?:kommuner|kommune)$", "", piece, flags=re.IGNORECASE).strip()
        if not piece:
            continue
        name = scheme.id_for_name("municipalities", piece)
        if name is None:
            name = closest_municipality(scheme, piece, cutoff=0.8)
            if name is not None:
                guesses.append(f"«{piece}» under «{MUNICIPALITIES_LABEL}» er tolket som kommunen {name}")
        if name is None:
            unknown.append(piece)
        elif name not in names:
            names.append(name)
    return names, guesses, unknown


def parse_contact(text: str, organisation: str | None) -> dict | None:
    """A contact from «Storby kommune, Helsesenteret v/ Kari Nordmann», «Ola Hansen, Sykehuset
    HF (e-post: ola.hansen@sykehuset.no)» or «Kari Nordmann» (with the organisation of the field
    above); ``None`` when no person's name can be found."""
    email = EMAIL.search(text)
    phone = PHONE.search(text)
    rest = EMAIL_NOTE.sub("", text)
    rest = PHONE.sub("", EMAIL.sub("", rest)).strip(" ,;.")
    if CONTACT_PERSON_MARK.search(rest):
        org, name = (part.strip(" ,") for part in CONTACT_PERSON_MARK.split(rest, maxsplit=1))
    else:
        parts = [p.strip() for p in rest.split(",", 1)]
        if _is_person_name(parts[0]):
            name, org = parts[0], (parts[1] if len(parts) > 1 else "")
        elif len(parts) > 1 and _is_person_name(parts[1]):
            org, name = parts
        else:
            name, org = rest, ""
    if not _is_person_name(name):
        return None
    contact: dict[str, Any] = {"name": name}
    if org or organisation:
        contact["organisation"] = org or organisation
    if email:
        contact["email"] = email.group(0)
    if phone:
        contact["phone"] = phone.group(1).strip()
    return contact


class FieldMapper:
    """Turns the labelled fields of sections 1–3 into front-matter values."""

    def __init__(self, scheme: Scheme, report: Report):
        self.scheme = scheme
        self.report = report
        self.data: dict[str, Any] = {}
        self.municipalities: list[str] = []
        self.trusts: list[str] = []
        self.contacts: list[dict] = []
        self.owners: list[str] = []
        self._organisation: str | None = None  # the text of the last municipality/trust field
        self._trust_detail: tuple[str, str] | None = None  # (label, text) not yet used by a contact

    def map(self, fields: list[FieldValue]) -> None:
        for value in fields:
            handler = getattr(self, f"_map_{value.label.kind}")
            handler(value)
        self._flush_trust_detail()

    def _map_title(self, value: FieldValue) -> None:
        texts = value.texts()
        if not texts:
            return
        self.data["title"] = _tidy_title(texts[0])
        if len(texts) > 1:  # the name's second line is its subtitle, as the applicant wrote it
            subtitle = " ".join(texts[1:]).lstrip("-–— ").strip()
            if not subtitle:
                return
            if len(subtitle) > SUMMARY_MAX_LENGTH:
                self.report.keep(value.written, subtitle, "er for lang til å være en undertittel")
                return
            self.data["subtitle"] = subtitle
            self.report.notes.append(
                f"Teksten under «{value.written}» etter prosjektnavnet, {quote_text(subtitle)}, er ført inn som "
                "undertittel (subtitle)."
            )

    def _map_parties(self, value: FieldValue) -> None:
        for text in value.texts():
            self.report.keep(value.written, text, "står ikke under et av feltene for parter og kontaktpersoner")

    def _map_field(self, value: FieldValue) -> None:
        for text in value.texts():
            self.report.keep(value.written, text, "har ikke et felt som kan fylles ut fra skjemaet")

    def _map_owners(self, value: FieldValue) -> None:
        texts = [t for t in value.texts() if t not in self.owners]
        if texts and not self.owners:
            self.report.notes.append(
                "Prosjekteierne (owners) publiseres som virksomhet, enhet eller rolle. Står det et personnavn, "
                "skriv rollen og virksomheten i stedet (f.eks. «Klinikksjef, klinikkens navn, helseforetaket»)."
            )
        self.owners += texts

    def _map_municipalities(self, value: FieldValue) -> None:
        self._flush_trust_detail()
        texts = value.texts()
        names, guesses, unknown = parse_municipalities("\n".join(texts), self.scheme)
        self.municipalities += [n for n in names if n not in self.municipalities]
        self.report.notes += guesses
        for piece in unknown:
            self.report.keep(value.written, piece, "er ikke en kommune i ordningens kommuneliste")
        self._organisation = texts[0] if len(texts) == 1 and len(names) == 1 else None

    def _map_health_trusts(self, value: FieldValue) -> None:
        self._flush_trust_detail()
        self._organisation = None
        for text in value.texts():
            found = [trust_id for _, trust_id in find_trusts(text, self.scheme)]
            if not found:
                self.report.keep(value.written, text, "er ikke et helseforetak i ordningens liste")
                continue
            self.trusts += [t for t in found if t not in self.trusts]
            self._organisation = text
            if not self._is_just_trust_names(text):
                self._trust_detail = (value.written, text)

    def _is_just_trust_names(self, text: str) -> bool:
        rest = text
        for trust in self.scheme.health_trusts:
            for name in (trust.name, trust.short_name):
                rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest, flags=re.IGNORECASE)
        return not re.sub(r"\b(?:HF|og)\b|[,.;&\s]", "", rest)

    def _flush_trust_detail(self) -> None:
        """The health trust field said more than the trust's name (a department, say) and no
        contact took it as organisation: keep it in the body."""
        if self._trust_detail:
            label, text = self._trust_detail
            self._trust_detail = None
            self.report.keep(label, text, "er ført inn som helseforetak, men resten av teksten har ikke noe eget felt")

    def _map_contacts(self, value: FieldValue) -> None:
        for text in value.texts():
            for piece in [p for p in text.split(";") if p.strip()]:
                contact = parse_contact(piece.strip(), self._organisation)
                if contact is None:
                    self.report.keep(value.written, piece.strip(), "er ikke en kontaktperson med navn")
                    continue
                if self._trust_detail and contact.get("organisation") == self._trust_detail[1]:
                    self._trust_detail = None
                self.contacts.append(contact)

    def _map_agreement_signed(self, value: FieldValue) -> None:
        text = " ".join(value.texts())
        if not text:
            return
        date = parse_date(text)
        whole_date = date is not None and not re.sub(
            r"[\d.\-/\s]|" + "|".join(MONTHS), "", text, flags=re.IGNORECASE).strip(" ,.")
        self.data["agreement_signed"] = date if whole_date else text


# Round, community, trusts ----------------------------------------------------------------------

def infer_round(preamble_text: str, scheme: Scheme, report: Report) -> str:
    """The round whose deadline the preamble names («Fristen … er 1. mars 2025»); else the
    first round of the year it names; else the last round of the scheme. Guesses are noted."""
    dates = _dates(preamble_text)
    for attribute in ("community_deadline", "committee_deadline"):
        for date in dates:
            for round_ in scheme.rounds:
                if getattr(round_, attribute) == date:
                    return round_.id
    found = (f"Datoene i skjemaets innledning ({', '.join(d.isoformat() for d in dates)}) er ikke frister for "
             "noen søknadsrunde i ordningens data" if dates else "Skjemaets innledning oppgir ingen søknadsfrist")
    for year in [int(y) for y in YEAR.findall(preamble_text)]:
        in_year = sorted((r for r in scheme.rounds if r.community_deadline.year == year),
                         key=lambda r: r.community_deadline)
        if in_year:
            report.notes.append(
                f"{found}, bare året {year}; søknadsrunden er satt til «{in_year[0].id}» ({in_year[0].name}), "
                "den første runden det året. Kontroller den."
            )
            return in_year[0].id
    last = max(scheme.rounds, key=lambda r: r.community_deadline)
    report.notes.append(
        f"{found}, og ikke noe årstall med en søknadsrunde; søknadsrunden er satt til «{last.id}» ({last.name}), "
        "den siste. Kontroller den."
    )
    return last.id


def infer_community(municipalities: list[str], trusts: list[str], scheme: Scheme, report: Report) -> str | None:
    """The health community most of the municipalities belong to, else the trust's."""
    counts = Counter(scheme.municipality_by_name[name].community_id for name in municipalities)
    if counts:
        community_id = counts.most_common(1)[0][0]
        if len(counts) > 1:
            names = join_names([scheme.community_by_id[c].name for c in counts])
            report.notes.append(
                f"Kommunene hører til flere helsefellesskap ({names}); helsefellesskapet er satt til "
                f"{scheme.community_by_id[community_id].name}. Kontroller det."
            )
        return community_id
    for trust_id in trusts:
        community = next((c for c in scheme.health_communities if c.health_trust == trust_id), None)
        if community is not None:
            return community.id
    return None


# The budget ---------------------------------------------------------------------------------------
