"""Import an application written in the official Word form (.docx).

The form has a preamble (the scheme owner's address, deadlines, where to send the
application), labelled fields for the project's name, owners, municipalities, contacts,
health trust and the date of the signed agreement, and then one heading per part of the
application with the applicant's answer below it. :func:`import_docx` reads such a document
and returns the text of an application file: YAML front matter and a Markdown body with the
scheme's canonical headings.

Everything region-specific (section headings and their aliases, municipalities, health
trusts, rounds, statuses) comes from the :class:`~grant_portfolio.input.scheme.Scheme`. What is
fixed here is the form's own structure: the labels of its fields and budget table, written as
constants in :mod:`.structure`.

Nothing the applicant wrote is dropped silently: what cannot be put in a field stays in the
body and is listed, in Norwegian, in :attr:`ImportResult.unmapped`. The form's preamble is
not application content and is left out (said so in :attr:`ImportResult.notes`). Neither are
the form's placeholder texts in fields the applicant left empty («Klikk eller trykk her for å
skrive inn tekst.»): they are left out and listed in :attr:`ImportResult.placeholders`, so no
placeholder becomes published text (and the check refuses one that reaches a file another way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...input.scheme import Scheme
from .budget import BudgetReader, assemble_budget
from .document import Block, TableBlock, WordFormError, document_notes, open_document, read_blocks
from .fields import (
    FieldMapper,
    Report,
    find_trusts,
    infer_community,
    infer_round,
    parse_amount,
    parse_contact,
    parse_municipalities,
    split_trailing_amount,
)
from .form import BodyPart, FormMatcher, ParsedForm, escape_markdown, parse_form, quote_text
from .structure import ATTACHMENTS_HEADING, BUDGET_HEADING_WORD
from .writing import MarkdownWriter, dump_front_matter, find_target_group

__all__ = [
    "ImportResult",
    "Report",
    "WordFormError",
    "find_trusts",
    "import_docx",
    "infer_round",
    "parse_amount",
    "parse_contact",
    "parse_municipalities",
    "split_trailing_amount",
]


@dataclass
class ImportResult:
    """An imported application: the file's text, its front matter, and what to check."""

    text: str  # the complete application file (front matter + body), ready to write
    data: dict  # the front-matter mapping that was written
    unmapped: list[str]  # what could not be put in a field, and where it was left (Norwegian)
    notes: list[str] = field(default_factory=list)  # choices made on the way, to check (Norwegian)
    placeholders: list[str] = field(default_factory=list)  # the form's placeholders left out, and where


# Putting it together ---------------------------------------------------------------------------


def _preamble_text(preamble: list[Block]) -> str:
    units = [u for block in preamble for u in (block.units() if isinstance(block, TableBlock) else [block])]
    return "\n".join(u.text for u in units if u.text)


def _note_preamble(form: ParsedForm, report: Report) -> None:
    """The form's preamble is left out: say so, with where it ended."""
    lines = [line for line in _preamble_text(form.preamble).split("\n") if line.strip()]
    if not lines:
        return
    title_label = next((f.written for f in form.fields if f.label.kind == "title"), None)
    where = f"før «{title_label}»" if title_label else "før skjemaets første felt"
    count = f"{len(lines)} {'linje' if len(lines) == 1 else 'linjer'}"
    report.notes.append(
        f"Teksten {where} ({count}, fra {quote_text(lines[0])}) er skjemaets innledning og er ikke tatt med."
    )


def _note_unknown_parts(form: ParsedForm, report: Report) -> None:
    for part in form.parts:
        if part.section is None:
            report.unmapped.append(
                f"Overskriften {quote_text(part.heading)} er ikke en av søknadsskjemaets deler; teksten står "
                f"under «## {part.heading}» i søknadsteksten"
            )


def _note_placeholders(form: ParsedForm, report: Report) -> None:
    """The form's placeholder texts are no answers: each field and part that had one, and
    whether anything else was written there."""
    found = [(f"«{value.written}»", "feltet er ikke fylt ut", value.placeholders(), bool(value.texts()))
             for value in form.fields]
    found += [(f"Delen «{part.heading}»", "delen står tom", part.placeholders(), part.has_text())
              for part in form.parts]
    for where, empty, texts, answered in found:
        if not texts:
            continue
        shown = ", ".join(quote_text(text) for text in dict.fromkeys(texts))
        report.placeholders.append(
            f"{where}: skjemaets plassholdertekst ({shown}) er ikke tatt med" if answered
            else f"{where} hadde bare skjemaets plassholdertekst ({shown}); {empty} i søknadsfila"
        )


def _keep_notes(document: Any, report: Report) -> None:
    """Footnotes and endnotes: first in the body, and listed."""
    for number, note in enumerate(document_notes(document), 1):
        report.intro.append(f"**Fotnote {number}:** {escape_markdown(note)}")
        report.unmapped.append(
            f"Fotnote {number}, {quote_text(note)}, har ikke noe eget sted i søknadsfila; den står først i "
            "søknadsteksten, før første overskrift"
        )


def _body(form: ParsedForm, matcher: FormMatcher, report: Report) -> str:
    """Text kept from the fields first, then one ## part per heading of the form."""
    writer = MarkdownWriter(matcher, form.section_level)
    chunks = ["\n\n".join(report.intro)] if report.intro else []
    for part in form.parts:
        text = writer.part(part.items)
        chunks.append(f"## {part.heading}" + (f"\n\n{text}" if text else ""))
    return "\n\n".join(chunks)


def _budget_part(parts: list[BodyPart]) -> BodyPart | None:
    return next((p for p in parts if p.section is not None and BUDGET_HEADING_WORD in p.heading.casefold()), None)


def import_docx(path: Path, scheme: Scheme, *, round_id: str | None = None) -> ImportResult:
    """Read the filled-in application form at ``path`` and return the application file's text,
    its front matter and what could not be mapped. ``round_id`` overrides the round found in
    the form. Raises :class:`WordFormError` (Norwegian message) for a file that is not a Word
    document, cannot be read, or is not the form."""
    path = Path(path)
    if round_id is not None and round_id not in scheme.round_by_id:
        raise WordFormError(
            f"Ukjent søknadsrunde «{round_id}». Gyldige runder: " + ", ".join(r.id for r in scheme.rounds) + "."
        )
    document = open_document(path)
    matcher = FormMatcher(scheme)
    form = parse_form(read_blocks(document), matcher)
    if len(form.recognised) < 2:
        examples = [s.heading for s in scheme.sections[:1]] + [s.heading for s in scheme.sections if s.in_body][:1]
        raise WordFormError(
            f"«{path.name}» ser ikke ut som søknadsskjemaet: fant ikke skjemaets overskrifter (for eksempel "
            + " eller ".join(f"«{h}»" for h in examples) + ")."
        )

    report = Report()
    _note_preamble(form, report)
    fields = FieldMapper(scheme, report)
    fields.map(form.fields)
    _keep_notes(document, report)
    _note_placeholders(form, report)
    data = _front_matter(form, fields, scheme, report, round_id)
    _note_unknown_parts(form, report)
    body = _body(form, matcher, report)
    text = f"---\n{dump_front_matter(data)}---\n\n{body}\n"
    return ImportResult(text=text, data=data, unmapped=report.unmapped, notes=report.notes,
                        placeholders=report.placeholders)


def _front_matter(form: ParsedForm, fields: FieldMapper, scheme: Scheme, report: Report,
                  round_id: str | None) -> dict[str, Any]:
    """The front matter in the order of the project's template."""
    if "title" not in fields.data:
        label = next((s.heading for s in scheme.sections if s.field == "title"), "title")
        report.unmapped.append(f"Fant ikke prosjektets navn («{label}») i skjemaet; fyll inn title")
    trusts = list(fields.trusts)
    community = infer_community(fields.municipalities, trusts, scheme, report)
    if not trusts and community is not None:
        trusts = [scheme.community_by_id[community].health_trust]
        report.notes.append(
            f"Skjemaet nevner ikke helseforetaket; det er satt til {scheme.trust_by_id[trusts[0]].name}, "
            "som hører til helsefellesskapet."
        )
    data: dict[str, Any] = {}
    if "title" in fields.data:
        data["title"] = fields.data["title"]
    if "subtitle" in fields.data:
        data["subtitle"] = fields.data["subtitle"]
    data["round"] = round_id or infer_round(_preamble_text(form.preamble), scheme, report)
    if community is not None:
        data["health_community"] = community
    data["municipalities"] = fields.municipalities
    data["health_trusts"] = trusts
    data["status"] = scheme.statuses[0].id  # the scheme lists statuses in the order of the process
    if "summary" in fields.data:
        data["summary"] = fields.data["summary"]
    if fields.owners:
        data["owners"] = fields.owners
    if fields.contacts:
        data["contacts"] = fields.contacts
    if "agreement_signed" in fields.data:
        data["agreement_signed"] = fields.data["agreement_signed"]
    target_group = find_target_group(form.parts)
    if target_group:
        data["target_group"] = target_group
        report.notes.append(f"Målgruppen {quote_text(target_group)} er også ført inn i target_group.")
    reader = BudgetReader(scheme, fields.municipalities, trusts, fields.owners, report)
    budget_part = _budget_part(form.parts)
    for part in [budget_part] if budget_part else form.parts:
        reader.read(part)
    data["budget"] = assemble_budget(reader.found, budget_part, report)
    if form.attachments:
        data["attachments"] = [{"title": title} for title in form.attachments]
        report.notes.append(f"Vedleggslista under «{ATTACHMENTS_HEADING}» er ført inn i attachments.")
    return data
