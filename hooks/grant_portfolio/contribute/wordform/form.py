"""Recognising the form: its field labels, the scheme's section headings and their aliases, and
the applicant's answers, as labelled field values and body parts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ...checks.quality import normalise_heading
from ...input.examples import is_word_placeholder
from ...input.scheme import Scheme, Section
from .document import Block, TableBlock, Unit
from .structure import (
    ATTACHMENTS_HEADING,
    BULLET,
    CONTACTS_LABEL,
    FORM_SUBHEADINGS,
    MUNICIPALITIES_LABEL,
    ORDERED,
    OWNERS_LABEL,
    QUOTE_MAX_CHARS,
    TRUSTS_LABEL,
)


def _flexible(text: str) -> str:
    """A regular expression for a label as the form writes it: «(r)» optional, «a/b» either
    word, any whitespace."""
    out, pos = [], 0
    for match in re.finditer(r"(\w+)/(\w+)|\((\w{1,3})\)|\s+", text):
        out.append(re.escape(text[pos:match.start()]))
        if match.group(1):
            a, b = re.escape(match.group(1)), re.escape(match.group(2))
            out.append(rf"(?:{a}\s*/\s*{b}|{a}|{b})")
        elif match.group(3):
            y = re.escape(match.group(3))
            out.append(rf"(?:\({y}\)|{y})?")
        else:
            out.append(r"\s+")
        pos = match.end()
    out.append(re.escape(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Label:
    kind: str  # title, parties, owners, municipalities, contacts, health_trusts, agreement_signed, field
    text: str  # the label as the form (or the scheme) writes it
    section: Section | None
    pattern: re.Pattern


def make_label(kind: str, text: str, section: Section | None = None) -> Label:
    # The label, optional guidance in parentheses, then a colon and a value, or nothing.
    pattern = re.compile(
        rf"^\s*{_flexible(text)}\s*(?:\([^)]*\)\s*)*\??\s*(?::\s*(?P<value>.*?))?\s*$",
        re.IGNORECASE | re.DOTALL,
    )
    return Label(kind, text, section, pattern)


def _heading_key(text: str) -> str:
    """A heading compared without guidance in parentheses, case, spacing and final ?:."""
    for _ in range(2):
        text = re.sub(r"\([^()]*\)", " ", text)
    return normalise_heading(text)


class FormMatcher:
    """Finds the form's field labels and section headings in the document's lines."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        labels = []
        for section in scheme.sections:
            if section.in_body:
                continue
            kind = {"title": "title", "owners": "parties", "agreement_signed": "agreement_signed"}.get(
                section.field or "", "field")
            labels += [make_label(kind, text, section) for text in [section.heading, *section.aliases]]
        parties = next((s for s in scheme.sections if s.field == "owners"), None)
        labels += [
            make_label("owners", OWNERS_LABEL, parties),
            make_label("municipalities", MUNICIPALITIES_LABEL, parties),
            make_label("contacts", CONTACTS_LABEL, parties),
            make_label("health_trusts", TRUSTS_LABEL, parties),
        ]
        self.labels = sorted(labels, key=lambda label: -len(label.text))
        self.headings = {
            _heading_key(text): section
            for section in scheme.sections if section.in_body
            for text in [section.heading, *section.aliases]
        }
        self.subheadings = {_heading_key(text) for text in FORM_SUBHEADINGS}

    def label(self, unit: Unit) -> tuple[Label, str] | None:
        """The field label the line starts with, and the value written after its colon."""
        text = strip_list_marker(unit.text)
        for label in self.labels:
            match = label.pattern.match(text)
            if match:
                return label, (match.group("value") or "").strip()
        return None

    def section(self, unit: Unit) -> Section | None:
        """The body section whose heading (or alias) the line is; close spellings count
        when the line looks like a heading."""
        key = _heading_key(unit.text)
        if not key:
            return None
        if key in self.headings:
            return self.headings[key]
        if unit.heading_level or unit.bold:
            close = difflib.get_close_matches(key, list(self.headings), n=1, cutoff=0.9)
            if close:
                return self.headings[close[0]]
        return None

    def is_attachments_heading(self, unit: Unit) -> bool:
        text = unit.text.rstrip(":").strip()
        looks_like_heading = unit.heading_level is not None or unit.bold or text.isupper()
        return looks_like_heading and text.casefold() == ATTACHMENTS_HEADING.casefold()

    def is_form_subheading(self, unit: Unit) -> bool:
        return _heading_key(strip_list_marker(unit.text)) in self.subheadings

    def has_structure(self, table: TableBlock) -> bool:
        """Whether the table holds labels or headings of the form (then it is read line by
        line, like the paragraphs around it)."""
        return any(u.text and (self.label(u) or self.section(u)) for u in table.units())


# The document's parts ----------------------------------------------------------------------

@dataclass
class FieldValue:
    label: Label
    written: str  # the label as written in the document
    units: list[Unit] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [strip_list_marker(u.text) for u in self.units if u.text]

    def placeholders(self) -> list[str]:
        """The form's placeholder texts left in the field, which are not taken."""
        return [text for unit in self.units for text in unit.placeholders]


@dataclass
class BodyPart:
    heading: str  # the scheme's heading, or the heading as written when it is not the form's
    section: Section | None
    heading_level: int | None
    items: list[Block] = field(default_factory=list)

    def has_text(self) -> bool:
        return any(unit.text for item in self.items
                   for unit in (item.units() if isinstance(item, TableBlock) else [item]))

    def placeholders(self) -> list[str]:
        """The form's placeholder texts left in the part (also in its tables), which are not taken."""
        return [text for item in self.items for unit in (item.units() if isinstance(item, TableBlock) else [item])
                for text in unit.placeholders]


@dataclass
class ParsedForm:
    preamble: list[Block] = field(default_factory=list)
    fields: list[FieldValue] = field(default_factory=list)
    parts: list[BodyPart] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    recognised: set[str] = field(default_factory=set)  # ids of the scheme's sections found
    section_level: int | None = None  # Word heading level of the form's section headings


def _expand(blocks: Iterable[Block], matcher: FormMatcher) -> Iterator[Block]:
    """Tables that hold the form's labels or headings are read as lines."""
    for block in blocks:
        if isinstance(block, TableBlock) and matcher.has_structure(block):
            yield from block.units()
        else:
            yield block


def _guidance_length(items: list[Block], start: int) -> int:
    """How many items from ``start`` are the form's guidance in parentheses under a heading or
    label (with any blank lines before it); 0 when the next text is not in parentheses."""
    first = start
    while first < len(items) and isinstance(items[first], Unit) and not items[first].text:
        first += 1
    if first >= len(items) or not isinstance(items[first], Unit) or not items[first].text.startswith("("):
        return 0
    for offset, item in enumerate(items[first:first + 6]):
        if not isinstance(item, Unit):
            return 0
        if item.text.rstrip(" .:?").endswith(")"):
            return first - start + offset + 1
    return 0


def parse_form(blocks: list[Block], matcher: FormMatcher) -> ParsedForm:
    """Sort the document's lines into preamble, field values, body parts and attachments."""
    form = ParsedForm()
    items = list(_expand(blocks, matcher))
    current_field: FieldValue | None = None
    current_part: BodyPart | None = None
    in_attachments = False
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        if isinstance(item, TableBlock):
            if current_part is not None:
                current_part.items.append(item)
            elif current_field is not None:
                current_field.units.extend(item.units())
            else:
                form.preamble.append(item)
            continue
        if not item.text:
            if current_part is not None:
                current_part.items.append(item)
            elif current_field is not None and item.placeholders:
                current_field.units.append(item)
            continue
        found = matcher.label(item) if current_part is None else None
        if found:
            label, value = found
            current_field = FieldValue(label, item.text.split(":")[0].strip() if value else item.text.rstrip(": "))
            typed = is_word_placeholder(value) if value else False  # «Navn: Klikk eller trykk her …»
            if item.placeholders or typed:
                current_field.units.append(Unit([], placeholders=[*item.placeholders, *([value] if typed else [])]))
            if value and not typed:
                current_field.units.append(Unit([(value, False)]))
            else:
                index += _guidance_length(items, index)
            form.fields.append(current_field)
            if label.section is not None:
                form.recognised.add(label.section.id)
            continue
        section = matcher.section(item)
        if section is None and index < len(items) and isinstance(items[index], Unit) and items[index].text:
            # A heading broken over two lines (or paragraphs).
            section = matcher.section(Unit([*item.segments, (" ", item.bold), *items[index].segments],
                                           item.heading_level))
            index += section is not None
        if section is not None:
            current_part = _start_part(form, section.heading, section, item)
            if item.placeholders:
                current_part.items.append(Unit([], placeholders=item.placeholders))
            form.recognised.add(section.id)
            if form.section_level is None and item.heading_level:
                form.section_level = item.heading_level
            index += _guidance_length(items, index)
            in_attachments = False
            continue
        if (current_field or current_part) and matcher.is_attachments_heading(item):
            in_attachments = True
            continue
        if current_part is not None and _is_unknown_heading(item, form):
            current_part = _start_part(form, item.text.rstrip(":").strip(), None, item)
            in_attachments = False
            continue
        if in_attachments:
            form.attachments.append(strip_list_marker(item.text))
        elif current_part is not None:
            current_part.items.append(item)
        elif current_field is not None:
            current_field.units.append(item)
        else:
            form.preamble.append(item)
    return form


def _start_part(form: ParsedForm, heading: str, section: Section | None, unit: Unit) -> BodyPart:
    """A new body part, or the earlier one with the same section (a heading written twice)."""
    existing = next((p for p in form.parts if section is not None and p.section is section), None)
    if existing is not None:
        return existing
    part = BodyPart(heading, section, unit.heading_level)
    form.parts.append(part)
    return part


def _is_unknown_heading(unit: Unit, form: ParsedForm) -> bool:
    """A heading at the level of the form's section headings that is not one of them."""
    if unit.heading_level is None or unit.heading_level < 1:
        return False
    return unit.heading_level <= (form.section_level or 1)


# Text helpers -------------------------------------------------------------------------------------

def strip_list_marker(text: str) -> str:
    """The text without a typed list marker («• », «-», «1) »)."""
    text = BULLET.sub("", text, count=1)
    return ORDERED.sub("", text, count=1).strip()


def typed_list_kind(text: str) -> str | None:
    if BULLET.match(text):
        return "bullet"
    if ORDERED.match(text):
        return "ordered"
    return None


def quote_text(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_MAX_CHARS:
        text = text[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return f"«{text}»"


def join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def cell_text(units: list[Unit]) -> str:
    """A table cell's lines as one text: «20 % stilling» and «13 kommuner» become
    «20 % stilling, 13 kommuner»; a line that continues a sentence is joined with a space."""
    out = ""
    for unit in units:
        text = unit.text
        if not text:
            continue
        if not out:
            out = text
        elif out[-1] in ",;:-–/" or text[:1].islower():
            out += " " + text
        else:
            out += ", " + text
    return out


def escape_markdown(text: str) -> str:
    """Text as Markdown shows it as written."""
    text = re.sub(r"([\\`*_])", r"\\\1", text)
    text = re.sub(r"^(#|>|\+ )", r"\\\1", text)
    return re.sub(r"^(\d+)\. ", r"\1\\. ", text)
