"""Import an application written in the official Word form (.docx).

The form has a preamble (the scheme owner's address, deadlines, where to send the
application), labelled fields for the project's name, owners, municipalities, contacts,
health trust and the date of the signed agreement, and then one heading per part of the
application with the applicant's answer below it. :func:`import_docx` reads such a document
and returns the text of an application file: YAML front matter and a Markdown body with the
scheme's canonical headings.

Everything region-specific (section headings and their aliases, municipalities, health
trusts, rounds, statuses) comes from the :class:`~grant_portfolio.scheme.Scheme`. What is
fixed here is the form's own structure: the labels of its fields and budget table, written as
constants below.

Nothing the applicant wrote is dropped silently: what cannot be put in a field stays in the
body and is listed, in Norwegian, in :attr:`ImportResult.unmapped`. The form's preamble is
not application content and is left out (said so in :attr:`ImportResult.notes`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from .new import closest_municipality, split_names
from ..formatting import nok
from ..checks.quality import normalise_heading
from ..input.schema import SUMMARY_MAX_LENGTH
from ..input.scheme import Scheme, Section

# The form's structure ------------------------------------------------------------------------
# The labels of the fields in the form's sections 1–3. The labels of the project's name and of
# the agreement date are the headings of the scheme's sections with the fields `title` and
# `agreement_signed`; the parties section (field `owners`) has these labels inside it. A part
# written in parentheses is optional: «Kommune(r)» matches «Kommune», «Kommuner» and
# «Kommune(r)»; «prosjekt/pilot» matches either word or both.
OWNERS_LABEL = "Prosjekteier(e)"
MUNICIPALITIES_LABEL = "Kommune(r)"
CONTACTS_LABEL = "Kontaktperson(er)"  # also the trust's «Kontaktperson»
TRUSTS_LABEL = "Helseforetak"

# A heading the applicant may add at the end, followed by one attachment per line.
ATTACHMENTS_HEADING = "Vedlegg"

# A label inside the description whose text is the target group (copied to `target_group`).
TARGET_GROUP_LABEL = "Målgruppe"

# The form's own sub-questions inside the budget part; they become ### subheadings.
FORM_SUBHEADINGS = (
    "Hvor mye søkes det om og hva skal midlene benyttes til?",
    "Hvilke ressurser bidrar kommunen(e) med?",
    "Hvilke ressurser bidrar helseforetaket med?",
    "Finansieringsplan; ved oppstart og ved evt. videreføring av prosjekt/pilot",
)

# The body part whose heading contains this word holds the budget (table, total, own
# contributions).
BUDGET_HEADING_WORD = "budsjett"
# Budget rows and lines: the total, and own contributions («Egenandel kommune:»).
TOTAL_LABEL = re.compile(r"^(?:totalt?|sum|til sammen|samlet)\b", re.IGNORECASE)
OWN_CONTRIBUTION_LABEL = re.compile(r"^(?:egenandel|egeninnsats|eigenandel|eigeninnsats)\w*\b", re.IGNORECASE)
# Column headings of a budget table, by the line field they fill.
BUDGET_COLUMNS = {
    "item": ("beskrivelse", "post", "tiltak", "utgift", "utgifter", "kostnadstype"),
    "rate": ("sats",),
    "scope": ("omfang", "antall"),
    "amount": ("kostnad", "beløp", "sum", "kr", "kroner", "totalt"),
}
# Words that name a party of the application without naming it («Egenandel kommune»).
MUNICIPALITY_WORDS = ("kommune", "kommunen", "kommuner", "kommunene")
TRUST_WORDS = ("helseforetak", "helseforetaket", "helseforetakene", "spesialisthelsetjenesten", "sykehuset")
# «Storby kommune, Helsesenteret v/ Kari Nordmann»: organisation, then the person.
CONTACT_PERSON_MARK = re.compile(r"\s*\bv/\s*", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_NOTE = re.compile(r"\(\s*(?:e-?post|epost|e-mail)\s*:?\s*[^)]*\)", re.IGNORECASE)
PHONE = re.compile(r"\b(?:tlf|telefon|mobil)\.?:?\s*(\+?\d[\d ]{6,}\d)", re.IGNORECASE)

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}
_TEXT_DATE = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_PATTERNS = ((_ISO_DATE, "ymd"), (_TEXT_DATE, "dmy"), (_NUMERIC_DATE, "dmy"))
_YEAR = re.compile(r"\b(20\d{2})\b")

# Amounts: «3 697 515», «1000000», «1 000 000 kr», «kr 50 000,-».
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+"
_WHOLE_AMOUNT = re.compile(rf"^(?:kr\.?|nok)?\s*({_NUMBER})\s*(?:,-|,00|kr\.?|nok)?\s*$", re.IGNORECASE)
_TRAILING_AMOUNT = re.compile(
    rf"(?:^|[\s:–—-])\s*(?:kr\.?\s*)?({_NUMBER})\s*(?:,-|,00|kr\.?|nok)?\s*\.?\s*$", re.IGNORECASE
)

# Typed list markers («• tekst», «-tekst», «1) tekst»).
_BULLET = re.compile(r"^\s*[•▪◦●■□➢➤►·*\-−–—]\s*(?=[^\s\d\-])")
_ORDERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "tittel"}
_SUBHEADING_MAX_WORDS = 5
_SUBHEADING_MAX_CHARS = 60
_BOLD_HEADING_MAX_CHARS = 80
_QUOTE_MAX_CHARS = 70

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SKIPPED = {f"{{{_W}}}txbxContent", f"{{{_MC}}}Fallback", f"{{{_W}}}del"}


_TEXT_BOXES = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback)][count(ancestor::w:txbxContent) = 0]",
    namespaces={"w": _W, "mc": _MC},
)
_FOOTNOTES = etree.XPath("//w:footnote[not(@w:type)] | //w:endnote[not(@w:type)]", namespaces={"w": _W})


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# The result ------------------------------------------------------------------------------------

class WordFormError(Exception):
    """The file is not a Word document, cannot be read, or is not the application form. The
    message is Norwegian and meant for the user as it is."""


@dataclass
class ImportResult:
    """An imported application: the file's text, its front matter, and what to check."""

    text: str  # the complete application file (front matter + body), ready to write
    data: dict  # the front-matter mapping that was written
    unmapped: list[str]  # what could not be put in a field, and where it was left (Norwegian)
    notes: list[str] = field(default_factory=list)  # choices made on the way, to check (Norwegian)


# Reading the document --------------------------------------------------------------------------

@dataclass
class Unit:
    """One line of a Word paragraph: its text, which parts are bold, and its paragraph's
    heading level and list kind."""

    segments: list[tuple[str, bool]]
    heading_level: int | None = None
    list_kind: str | None = None  # "bullet" or "ordered" (Word numbering)
    list_level: int = 0

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments).strip()

    @property
    def bold(self) -> bool:
        parts = [bold for text, bold in self.segments if text.strip()]
        return bool(parts) and all(parts)


@dataclass
class TableBlock:
    """A Word table: rows of cells, each cell a list of units. ``merged[i]`` is true when row
    ``i`` is one cell spread over the whole table (a caption such as «Budsjett»)."""

    rows: list[list[list[Unit]]]
    merged: list[bool]
    width: int

    def units(self) -> Iterator[Unit]:
        for row in self.rows:
            for cell in row:
                yield from cell


Block = Unit | TableBlock


def _open(path: Path) -> Any:
    """Open the file with python-docx, or say in Norwegian why it cannot be opened."""
    name = path.name
    if not path.is_file():
        raise WordFormError(f"Finner ikke fila «{path}».")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WordFormError(f"Kan ikke lese «{name}» ({exc.strerror}).") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WordFormError(
            f"«{name}» er et eldre Word-dokument (.doc) eller et passordbeskyttet dokument. Åpne det i "
            "Word, fjern eventuelt passordet, lagre det som Word-dokument (.docx) og prøv igjen."
        )
    if not zipfile.is_zipfile(path):
        raise WordFormError(
            f"«{name}» er ikke en Word-fil (.docx). Lagre søknadsskjemaet som Word-dokument (.docx) og prøv igjen."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            is_office_file = "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        is_office_file = False
    if not is_office_file:
        raise WordFormError(f"«{name}» er ikke en Word-fil (.docx), selv om den er en zip-fil.")
    try:
        return Document(str(path))
    except PackageNotFoundError:
        raise WordFormError(f"«{name}» er ikke en Word-fil (.docx), selv om den er en zip-fil.") from None
    except ValueError:
        raise WordFormError(
            f"«{name}» er ikke et Word-dokument (det kan være et regneark eller en presentasjon)."
        ) from None
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
        raise WordFormError(f"«{name}» kan ikke leses som Word-dokument: fila er skadet eller ufullstendig.") from None


def _read_blocks(document: Any) -> list[Block]:
    """The document body in order: paragraphs (as units, one per line) and tables."""
    try:
        return list(_walk(document.element.body, document))
    except (KeyError, ValueError, etree.XMLSyntaxError):
        raise WordFormError("Word-dokumentet kan ikke leses: innholdet er skadet.") from None


def _notes(document: Any) -> list[str]:
    """The text of the document's footnotes and endnotes (written by the applicant, but with
    no place of their own in an application file)."""
    texts = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            continue
        for note in _FOOTNOTES(root):
            text = " ".join("".join(t.text or "" for t in note.iter(_w("t"))).split())
            if text:
                texts.append(text)
    return texts


def _walk(container: Any, document: Any) -> Iterator[Block]:
    for child in container.iterchildren():
        if child.tag == _w("p"):
            yield from _paragraph_units(Paragraph(child, document), document)
            for box in _TEXT_BOXES(child):  # text in a text box, after the paragraph it stands in
                yield from _walk(box, document)
        elif child.tag == _w("tbl"):
            yield _table_block(Table(child, document), document)
        elif child.tag in (_w("sdt"), _w("customXml")) and not _is_placeholder(child):
            content = child.find(_w("sdtContent"))
            yield from _walk(content if content is not None else child, document)


def _paragraph_units(paragraph: Paragraph, document: Any) -> list[Unit]:
    segments = list(_segments(paragraph._p, paragraph))
    level = _heading_level(paragraph)
    list_kind, list_level = _list_info(paragraph, document)
    if list_kind:  # one list item, even if the applicant broke the line inside it
        joined = [(text.replace("\n", " "), bold) for text, bold in segments]
        return [Unit(joined, level, list_kind, list_level)]
    lines: list[list[tuple[str, bool]]] = [[]]
    for text, bold in segments:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append((part, bold))
    return [Unit(line, level) for line in lines]


def _segments(element: Any, paragraph: Paragraph) -> Iterator[tuple[str, bool]]:
    """The paragraph's text as (text, bold) pieces, run by run, leaving out text boxes,
    deleted text and the fallback copies Word writes for older readers."""
    for child in element.iterchildren():
        if child.tag in _SKIPPED or _is_placeholder(child):
            continue
        if child.tag == _w("r"):
            text = _run_text(child)
            if text:
                yield text, _run_bold(Run(child, paragraph), paragraph)
        elif child.tag != _w("pPr"):
            yield from _segments(child, paragraph)


def _is_placeholder(element: Any) -> bool:
    """A content control that still shows the form's placeholder («Klikk her for å skrive»)."""
    return element.tag == _w("sdt") and element.find(f"{_w('sdtPr')}/{_w('showingPlcHdr')}") is not None


def _run_text(run: Any) -> str:
    out = []
    for child in run.iterchildren():
        if child.tag == _w("t"):
            out.append(child.text or "")
        elif child.tag == _w("tab"):
            out.append("\t")
        elif child.tag in (_w("br"), _w("cr")):
            out.append("\n")
        elif child.tag == _w("noBreakHyphen"):
            out.append("-")
    return "".join(out).replace("\u00a0", " ")


def _run_bold(run: Run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return run.bold
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.bold is not None:
                return style.font.bold
            style = style.base_style
    return False


def _heading_level(paragraph: Paragraph) -> int | None:
    """1–9 for Word's heading styles (also «Overskrift 2», and styles based on them), 0 for
    the title style, or the paragraph's outline level."""
    style = paragraph.style
    while style is not None:
        for name in (style.name or "", style.style_id or ""):
            match = _HEADING_STYLE.match(name.strip())
            if match:
                return int(match.group(1))
            if name.strip().casefold() in _TITLE_STYLES:
                return 0
        style = style.base_style
    outline = paragraph._p.find(f"{_w('pPr')}/{_w('outlineLvl')}")
    if outline is not None and (outline.get(_w("val")) or "").isdigit() and int(outline.get(_w("val"))) < 9:
        return int(outline.get(_w("val"))) + 1
    return None


def _list_info(paragraph: Paragraph, document: Any) -> tuple[str | None, int]:
    """Whether the paragraph is an item of a Word list, bulleted or numbered, and its level."""
    num_pr = paragraph._p.find(f"{_w('pPr')}/{_w('numPr')}")
    style = paragraph.style
    while num_pr is None and style is not None:
        num_pr = style.element.find(f"{_w('pPr')}/{_w('numPr')}")
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = num_pr.find(_w("numId"))
    level_el = num_pr.find(_w("ilvl"))
    num = num_id.get(_w("val")) if num_id is not None else None
    level = int(level_el.get(_w("val"))) if level_el is not None and (level_el.get(_w("val")) or "").isdigit() else 0
    if num is None or num == "0":
        return None, 0
    fmt = _number_format(document, num, level)
    return ("bullet" if fmt in (None, "bullet", "none") else "ordered"), level


def _number_format(document: Any, num_id: str, level: int) -> str | None:
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    if not abstract:
        return None
    formats = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
    )
    return formats[0] if formats else None


def _table_block(table: Table, document: Any) -> TableBlock:
    """The table's rows with merged cells counted once (a cell merged downwards is empty in
    the rows below its first)."""
    rows, merged, seen, width = [], [], set(), 0
    for row in table.rows:
        cells, raw = [], 0
        for cell in row.cells:
            raw += 1
            if cells and cell._tc is cells[-1][0]:
                continue
            units = [] if cell._tc in seen else _cell_units(cell._tc, document)
            seen.add(cell._tc)
            cells.append((cell._tc, units))
        width = max(width, raw)
        rows.append([units for _, units in cells])
        merged.append(len(cells) == 1 and raw > 1)
    return TableBlock(rows, merged, width)


def _cell_units(tc: Any, document: Any) -> list[Unit]:
    units: list[Unit] = []
    for block in _walk(tc, document):
        units.extend(block.units() if isinstance(block, TableBlock) else [block])
    return units


# Recognising the form's labels and headings -----------------------------------------------------

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


def _label(kind: str, text: str, section: Section | None = None) -> Label:
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
            labels += [_label(kind, text, section) for text in [section.heading, *section.aliases]]
        parties = next((s for s in scheme.sections if s.field == "owners"), None)
        labels += [
            _label("owners", OWNERS_LABEL, parties),
            _label("municipalities", MUNICIPALITIES_LABEL, parties),
            _label("contacts", CONTACTS_LABEL, parties),
            _label("health_trusts", TRUSTS_LABEL, parties),
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
        text = _strip_marker(unit.text)
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
        return _heading_key(_strip_marker(unit.text)) in self.subheadings

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
        return [_strip_marker(u.text) for u in self.units if u.text]


@dataclass
class BodyPart:
    heading: str  # the scheme's heading, or the heading as written when it is not the form's
    section: Section | None
    heading_level: int | None
    items: list[Block] = field(default_factory=list)


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
            continue
        found = matcher.label(item) if current_part is None else None
        if found:
            label, value = found
            current_field = FieldValue(label, item.text.split(":")[0].strip() if value else item.text.rstrip(": "))
            if value:
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
            form.attachments.append(_strip_marker(item.text))
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

def _strip_marker(text: str) -> str:
    """The text without a typed list marker («• », «-», «1) »)."""
    text = _BULLET.sub("", text, count=1)
    return _ORDERED.sub("", text, count=1).strip()


def _typed_list_kind(text: str) -> str | None:
    if _BULLET.match(text):
        return "bullet"
    if _ORDERED.match(text):
        return "ordered"
    return None


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTE_MAX_CHARS:
        text = text[:_QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return f"«{text}»"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _cell_text(units: list[Unit]) -> str:
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


def parse_amount(text: str) -> int | None:
    """«3 697 515», «1000000», «1 000 000 kr», «kr 50 000,-» -> whole kroner; else ``None``."""
    match = _WHOLE_AMOUNT.match(text.strip())
    return _to_int(match.group(1)) if match else None


def split_trailing_amount(text: str) -> tuple[str, int | None]:
    """«Bruk av eksisterende lokaler- 1000000» -> («Bruk av eksisterende lokaler», 1000000)."""
    whole = parse_amount(text)
    if whole is not None:
        return "", whole
    match = _TRAILING_AMOUNT.search(text)
    if not match:
        return text.strip(), None
    return text[:match.start()].strip(" -–—:,"), _to_int(match.group(1))


def _to_int(number: str) -> int:
    return int(re.sub(r"[ \u00a0\u202f.]", "", number))


def parse_date(text: str) -> dt.date | None:
    """A date written as «20.02.2025», «20. februar 2025» or «2025-02-20»."""
    for pattern, order in _DATE_PATTERNS:
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
    found = [parse_date(match.group(0)) for pattern, _ in _DATE_PATTERNS for match in pattern.finditer(text)]
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
    """What the import tells the user: unmapped text (kept in the body) and choices made."""

    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)  # unmapped field text, first in the body

    def keep(self, label: str, text: str, reason: str) -> None:
        """Field text that fits no field: kept at the top of the body and listed."""
        self.intro.append(f"**{_escape(label)}:** {_escape(text)}")
        self.unmapped.append(
            f"{_quote(text)} under «{label}» {reason}; teksten står først i søknadsteksten, før første overskrift"
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
        if len(texts) > 1:
            summary = " ".join(texts[1:])
            if len(summary) > SUMMARY_MAX_LENGTH:
                self.report.keep(value.written, summary, "er for lang til å bli sammendrag")
                return
            self.data["summary"] = summary
            self.report.notes.append(
                f"Teksten under «{value.written}» etter prosjektnavnet, {_quote(summary)}, er ført inn som "
                "sammendrag (summary)."
            )

    def _map_parties(self, value: FieldValue) -> None:
        for text in value.texts():
            self.report.keep(value.written, text, "står ikke under et av feltene for parter og kontaktpersoner")

    def _map_field(self, value: FieldValue) -> None:
        for text in value.texts():
            self.report.keep(value.written, text, "har ikke et felt som kan fylles ut fra skjemaet")

    def _map_owners(self, value: FieldValue) -> None:
        self.owners += [t for t in value.texts() if t not in self.owners]

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
    for year in [int(y) for y in _YEAR.findall(preamble_text)]:
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
            names = _join([scheme.community_by_id[c].name for c in counts])
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

@dataclass
class BudgetFindings:
    totals: list[int] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    own: list[dict] = field(default_factory=list)


class BudgetReader:
    """Reads the budget part: a table of lines with a total row, or label rows («Totalt:»,
    «Egenandel kommune:»), and own contributions written as paragraphs."""

    def __init__(self, scheme: Scheme, municipalities: list[str], trusts: list[str], owners: list[str],
                 report: Report):
        self.scheme = scheme
        self.municipalities = municipalities
        self.trusts = trusts
        self.owners = owners
        self.report = report
        self.found = BudgetFindings()

    def read(self, part: BodyPart) -> None:
        units = [item for item in part.items if isinstance(item, Unit)]
        for item in part.items:
            if isinstance(item, TableBlock):
                self._read_table(item, part)
        self._read_paragraphs(units)

    # Tables
    def _read_table(self, table: TableBlock, part: BodyPart) -> None:
        header, columns = _budget_header(table)
        for index, row in enumerate(table.rows):
            if index == header or table.merged[index]:
                continue
            cells = [_cell_text(cell) for cell in row]
            if not any(cells):
                continue
            if columns:
                self._read_column_row(cells, columns, part)
            else:
                self._read_label_row(cells, part)

    def _read_column_row(self, cells: list[str], columns: dict[str, int], part: BodyPart) -> None:
        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        label = cell("item") or next(c for c in cells if c)
        amount = parse_amount(cell("amount")) if "amount" in columns else split_trailing_amount(cells[-1])[1]
        if TOTAL_LABEL.match(label):
            if amount is not None:
                self.found.totals.append(amount)
            return
        if OWN_CONTRIBUTION_LABEL.match(label):
            self._add_own(label, " ".join(c for c in cells if c and c != label), amount)
            return
        if amount is None:
            self._no_amount(label, part)
            return
        line: dict[str, Any] = {"item": label.rstrip(":").strip()}
        rate = cell("rate")
        if rate:
            line["rate"] = parse_amount(rate) if parse_amount(rate) is not None else rate
        if cell("scope"):
            line["scope"] = cell("scope")
        line["amount"] = amount
        self.found.lines.append(line)

    def _read_label_row(self, cells: list[str], part: BodyPart) -> None:
        label = cells[0] or next(c for c in cells if c)
        value = " ".join(c for c in cells[1:] if c) if cells[0] else ""
        if not value:  # «Totalt: 3 697 515» in one cell
            match = re.match(r"^([^:]{1,60}):\s*(.+)$", label)
            if match:
                label, value = match.group(1) + ":", match.group(2)
        text, amount = split_trailing_amount(value)
        if TOTAL_LABEL.match(label):
            if amount is not None:
                self.found.totals.append(amount)
            return
        if OWN_CONTRIBUTION_LABEL.match(label):
            self._add_own(label, value, amount)
            return
        if amount is None:
            self._no_amount(label, part)
            return
        line: dict[str, Any] = {"item": label.rstrip(":").strip()}
        if text:
            line["scope"] = text
        line["amount"] = amount
        self.found.lines.append(line)

    def _no_amount(self, label: str, part: BodyPart) -> None:
        self.report.unmapped.append(
            f"{_quote(label)} i budsjettabellen har ikke noe beløp; teksten står i delen «{part.heading}»"
        )

    # Paragraphs
    def _read_paragraphs(self, units: list[Unit]) -> None:
        texts = [_strip_marker(u.text) for u in units if u.text]
        index = 0
        while index < len(texts):
            text = texts[index]
            index += 1
            match = re.match(r"^([^:]{1,60}):\s*(.*)$", text)
            label, value = (match.group(1), match.group(2)) if match else (text, "")
            is_total, is_own = TOTAL_LABEL.match(label), OWN_CONTRIBUTION_LABEL.match(label)
            if not (is_total or is_own):
                continue
            if match and not value and index < len(texts):  # the value on the next line
                value = texts[index]
                index += 1
            if is_total:  # «Totalt: 3 697 515», «Totalt 3 697 515 kr»
                amount = split_trailing_amount(value if match else text)[1]
                if amount is not None:
                    self.found.totals.append(amount)
            elif is_own and match:
                self._add_own(label, value, split_trailing_amount(value)[1])
            elif is_own:  # «Egeninnsats fra helseforetaket og kommunene i form av …»
                self._add_own(text, text, split_trailing_amount(text)[1], whole_sentence=True)

    def _add_own(self, label: str, value: str, amount: int | None, whole_sentence: bool = False) -> None:
        who = OWN_CONTRIBUTION_LABEL.sub("", label, count=1).strip(" :")
        party = self.party(label if whole_sentence else who) or who.strip() or _join(self.owners or ["Søkerne"])
        description = value.strip() if whole_sentence else split_trailing_amount(value)[0]
        contribution: dict[str, Any] = {"party": party[:1].upper() + party[1:]}
        if description:
            contribution["description"] = description
        if amount is not None:
            contribution["amount"] = amount
        self.found.own.append(contribution)

    def party(self, text: str) -> str | None:
        """Who is named in «kommune», «Spesialisthelsetjenesten», «fra Sykehuset og kommuner»: the
        application's own municipality and trust where the text names them only generically."""
        trusts = [(position, self.scheme.trust_by_id[trust_id].short_name)
                  for position, trust_id in find_trusts(text, self.scheme)]
        municipalities = [(match.start(), f"{name} kommune") for name in self.scheme.municipality_by_name
                          for match in [re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)] if match]
        mentions = trusts + municipalities
        generic = re.search(rf"\b(?:{'|'.join(MUNICIPALITY_WORDS)})\b", text, re.IGNORECASE)
        if generic and not municipalities:
            one = len(self.municipalities) == 1
            mentions.append((generic.start(), f"{self.municipalities[0]} kommune" if one else "kommunene"))
        generic = re.search(rf"\b(?:{'|'.join(TRUST_WORDS)})\b", text, re.IGNORECASE)
        if generic and not trusts:
            one = len(self.trusts) == 1
            mentions.append((generic.start(), self.scheme.trust_by_id[self.trusts[0]].short_name if one
                             else "helseforetaket"))
        names: list[str] = []
        for _, name in sorted(mentions):
            if name not in names:
                names.append(name)
        return _join(names) if names else None


def _budget_header(table: TableBlock) -> tuple[int | None, dict[str, int]]:
    """The header row of a budget table (within its first two rows) and which column holds
    what; no header for a two-column table of labels and values."""
    for index, row in enumerate(table.rows[:2]):
        if table.merged[index]:
            continue
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            key = _cell_text(cell).strip(" :").casefold()
            for name, words in BUDGET_COLUMNS.items():
                if key in words and name not in columns:
                    columns[name] = col
        if "amount" in columns and len(columns) >= 2:
            return index, columns
    return None, {}


def assemble_budget(found: BudgetFindings, part: BodyPart | None, report: Report) -> dict:
    """budget.requested from the total (or the lines' sum); the lines only where they add up."""
    where = f"delen «{part.heading}»" if part else "søknadsteksten"
    requested = found.totals[0] if found.totals else None
    if len(set(found.totals)) > 1:
        report.notes.append(
            "Budsjettet har flere totalbeløp (" + ", ".join(nok(t) for t in found.totals)
            + f"); søkt beløp er satt til det første, {nok(requested)}."
        )
    lines = found.lines
    if lines and requested is None:
        requested = sum(line["amount"] for line in lines)
        report.notes.append(f"Budsjettet har ingen totalsum; søkt beløp er satt til summen av linjene, {nok(requested)}.")
    elif lines and sum(line["amount"] for line in lines) != requested:
        report.unmapped.append(
            f"Budsjettlinjene summerer til {nok(sum(line['amount'] for line in lines))}, men totalen er "
            f"{nok(requested)}; linjene er ikke ført inn i forsiden, budsjettet står i {where}"
        )
        lines = []
    budget: dict[str, Any] = {}
    if requested is None:
        report.unmapped.append(
            f"Fant ikke søkt beløp (en linje «Totalt» med beløp) i budsjettet; fyll inn budget.requested. "
            f"Budsjettet står i {where}"
        )
    else:
        budget["requested"] = requested
    if lines:
        budget["lines"] = lines
    if found.own:
        budget["own_contributions"] = found.own
    return budget


# Markdown -------------------------------------------------------------------------------------

def _escape(text: str) -> str:
    """Text as Markdown shows it as written."""
    text = re.sub(r"([\\`*_])", r"\\\1", text)
    text = re.sub(r"^(#|>|\+ )", r"\\\1", text)
    return re.sub(r"^(\d+)\. ", r"\1\\. ", text)


def _inline(unit: Unit, strip_marker: bool = False) -> str:
    """The line as Markdown, with bold runs as **bold**."""
    merged: list[list[Any]] = []
    for text, bold in unit.segments:
        text = text.replace("\t", " ")
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    out = ""
    for text, bold in merged:
        if bold and text.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.DOTALL).groups()
            out += f"{lead}**{_escape(core)}**{trail}"
        else:
            out += _escape(text)
    out = " ".join(out.split())
    if strip_marker:
        plain = unit.text
        marker = len(plain) - len(_strip_marker(plain))
        out = _drop_prefix(out, plain[:marker])
    return out


def _drop_prefix(markdown: str, marker: str) -> str:
    """Remove a typed list marker from the start of a Markdown line (it may be escaped or bold)."""
    marker = marker.strip()
    if not marker:
        return markdown
    bold = markdown.startswith("**")
    body = markdown[2:] if bold else markdown
    escaped = _escape(marker)
    for candidate in (escaped, marker):
        if body.startswith(candidate):
            body = body[len(candidate):].lstrip()
            break
    return ("**" + body) if bold else body


class MarkdownWriter:
    """Writes a body part's lines and tables as Markdown blocks."""

    def __init__(self, matcher: FormMatcher, section_level: int | None):
        self.matcher = matcher
        self.base = section_level or 1

    def part(self, items: list[Block]) -> str:
        blocks: list[tuple[str, str | None]] = []  # (markdown, list kind or None)
        counter = 0
        for item in items:
            if isinstance(item, TableBlock):
                blocks += [(text, None) for text in self.table(item)]
                continue
            if not item.text:  # a blank line ends a paragraph, not a Word list
                continue
            text, kind = self.line(item)
            if kind == "ordered":
                counter = counter + 1 if blocks and blocks[-1][1] == "ordered" else 1
                text = f"{'    ' * item.list_level}{counter}. {text}"
            elif kind == "bullet":
                text = f"{'    ' * item.list_level}- {text}"
            blocks.append((text, kind))
        out = ""
        for index, (text, kind) in enumerate(blocks):
            if index:
                out += "\n" if kind and blocks[index - 1][1] else "\n\n"
            out += text
        return out

    def line(self, unit: Unit) -> tuple[str, str | None]:
        """One line: a subheading, a list item or a paragraph."""
        text = unit.text
        if self.matcher.is_form_subheading(unit):
            return f"### {_escape(_strip_marker(text))}", None
        if unit.heading_level is not None and unit.heading_level > self.base:
            level = min(6, max(3, 2 + unit.heading_level - self.base))
            return f"{'#' * level} {_escape(text.rstrip(':'))}", None
        kind = unit.list_kind or _typed_list_kind(text)
        if kind:
            return _inline(unit, strip_marker=unit.list_kind is None), kind
        if _is_label_line(text) or (unit.bold and len(text) <= _BOLD_HEADING_MAX_CHARS and not text.endswith(".")):
            return f"### {_escape(text.rstrip(':').strip())}", None
        return _inline(unit), None

    def table(self, table: TableBlock) -> list[str]:
        """A table of three or more columns as a Markdown table; a table of labels and
        values as one paragraph per row («**Totalt:** 3 697 515»)."""
        blocks: list[str] = []
        rows = []
        for index, row in enumerate(table.rows):
            texts = [_escape(_cell_text(cell)) for cell in row]
            if not any(texts):
                continue
            if table.merged[index]:  # a caption over the whole table
                blocks.append(f"**{texts[0]}**")
                continue
            rows.append(texts)
        if not rows:
            return blocks
        if table.width >= 3 or _budget_header(table)[0] is not None:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            lines = ["| " + " | ".join(c.replace("|", "\\|") for c in rows[0]) + " |",
                     "|" + "---|" * width]
            lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
            blocks.append("\n".join(lines))
            return blocks
        for texts in rows:
            label, value = texts[0], " ".join(t for t in texts[1:] if t)
            if label and value:
                blocks.append(f"**{label}** {value}")
            else:
                blocks.append(label or value)
        return blocks


def _is_label_line(text: str) -> bool:
    """A short line ending in a colon («Målgruppe:»), used as a subheading."""
    if not text.endswith(":"):
        return False
    label = text[:-1].strip()
    return 0 < len(label) <= _SUBHEADING_MAX_CHARS and len(label.split()) <= _SUBHEADING_MAX_WORDS


def find_target_group(parts: list[BodyPart]) -> str | None:
    """The text after the label «Målgruppe:» in the form's parts."""
    pattern = _label("target", TARGET_GROUP_LABEL).pattern
    for part in parts:
        if part.section is None:
            continue
        units = [u for u in part.items if isinstance(u, Unit) and u.text]
        for index, unit in enumerate(units):
            match = pattern.match(unit.text)
            if not match:
                continue
            value = (match.group("value") or "").strip()
            if not value and index + 1 < len(units):
                value = units[index + 1].text
            if value:
                return value
    return None


# YAML ----------------------------------------------------------------------------------------

class _FlowList(list):
    """A short list written on one line: ``municipalities: [Storby]``."""


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as in the project's application files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def dump_front_matter(data: dict) -> str:
    shown = {key: _FlowList(value) if key in ("municipalities", "health_trusts") else value
             for key, value in data.items()}
    return yaml.dump(shown, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


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
        f"Teksten {where} ({count}, fra {_quote(lines[0])}) er skjemaets innledning og er ikke tatt med."
    )


def _note_unknown_parts(form: ParsedForm, report: Report) -> None:
    for part in form.parts:
        if part.section is None:
            report.unmapped.append(
                f"Overskriften {_quote(part.heading)} er ikke en av søknadsskjemaets deler; teksten står "
                f"under «## {part.heading}» i søknadsteksten"
            )


def _keep_notes(document: Any, report: Report) -> None:
    """Footnotes and endnotes: first in the body, and listed."""
    for number, note in enumerate(_notes(document), 1):
        report.intro.append(f"**Fotnote {number}:** {_escape(note)}")
        report.unmapped.append(
            f"Fotnote {number}, {_quote(note)}, har ikke noe eget sted i søknadsfila; den står først i "
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
    document = _open(path)
    matcher = FormMatcher(scheme)
    form = parse_form(_read_blocks(document), matcher)
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
    data = _front_matter(form, fields, scheme, report, round_id)
    _note_unknown_parts(form, report)
    body = _body(form, matcher, report)
    text = f"---\n{dump_front_matter(data)}---\n\n{body}\n"
    return ImportResult(text=text, data=data, unmapped=report.unmapped, notes=report.notes)


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
        report.notes.append(f"Målgruppen {_quote(target_group)} er også ført inn i target_group.")
    reader = BudgetReader(scheme, fields.municipalities, trusts, fields.owners, report)
    budget_part = _budget_part(form.parts)
    for part in [budget_part] if budget_part else form.parts:
        reader.read(part)
    data["budget"] = assemble_budget(reader.found, budget_part, report)
    if form.attachments:
        data["attachments"] = [{"title": title} for title in form.attachments]
        report.notes.append(f"Vedleggslista under «{ATTACHMENTS_HEADING}» er ført inn i attachments.")
    return data
