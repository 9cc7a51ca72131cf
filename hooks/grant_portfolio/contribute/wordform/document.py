"""Reading the .docx: paragraphs, runs, lists, tables and notes as units of text with their
style (heading level, bold, list kind), in document order.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ...input.examples import is_word_placeholder
from .structure import FOOTNOTES, HEADING_STYLE, SKIPPED, TEXT_BOXES, TITLE_STYLES, W


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# The result ------------------------------------------------------------------------------------

class WordFormError(Exception):
    """The file is not a Word document, cannot be read, or is not the application form. The
    message is Norwegian and meant for the user as it is."""




@dataclass
class Unit:
    """One line of a Word paragraph: its text, which parts are bold, and its paragraph's
    heading level and list kind; and the form's placeholder texts («Klikk eller trykk her for å
    skrive inn tekst.») that stood on the line and are left out of its text."""

    segments: list[tuple[str, bool]]
    heading_level: int | None = None
    list_kind: str | None = None  # "bullet" or "ordered" (Word numbering)
    list_level: int = 0
    placeholders: list[str] = field(default_factory=list)

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


def open_document(path: Path) -> Any:
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


def read_blocks(document: Any) -> list[Block]:
    """The document body in order: paragraphs (as units, one per line) and tables."""
    try:
        return list(_walk(document.element.body, document))
    except (KeyError, ValueError, etree.XMLSyntaxError):
        raise WordFormError("Word-dokumentet kan ikke leses: innholdet er skadet.") from None


def document_notes(document: Any) -> list[str]:
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
        for note in FOOTNOTES(root):
            text = " ".join("".join(t.text or "" for t in note.iter(_w("t"))).split())
            if text:
                texts.append(text)
    return texts


def _walk(container: Any, document: Any) -> Iterator[Block]:
    for child in container.iterchildren():
        if child.tag == _w("p"):
            yield from _paragraph_units(Paragraph(child, document), document)
            for box in TEXT_BOXES(child):  # text in a text box, after the paragraph it stands in
                yield from _walk(box, document)
        elif child.tag == _w("tbl"):
            yield _table_block(Table(child, document), document)
        elif _is_placeholder(child):  # an empty content control: its placeholder is no answer
            text = _placeholder_text(child)
            if text:
                yield Unit([], placeholders=[text])
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent"))
            yield from _walk(content if content is not None else child, document)


def _paragraph_units(paragraph: Paragraph, document: Any) -> list[Unit]:
    found = list(_segments(paragraph._p, paragraph))
    segments = [(text, bold) for text, bold in found if bold is not None]
    placeholders = [text for text, bold in found if bold is None]
    level = _heading_level(paragraph)
    list_kind, list_level = _list_info(paragraph, document)
    if list_kind:  # one list item, even if the applicant broke the line inside it
        joined = [(text.replace("\n", " "), bold) for text, bold in segments]
        units = [Unit(joined, level, list_kind, list_level)]
    else:
        lines: list[list[tuple[str, bool]]] = [[]]
        for text, bold in segments:
            for index, part in enumerate(text.split("\n")):
                if index:
                    lines.append([])
                if part:
                    lines[-1].append((part, bold))
        units = [Unit(line, level) for line in lines]
    for unit in units:  # the form's placeholder typed or pasted as plain text
        if unit.text and is_word_placeholder(unit.text):
            unit.placeholders.append(unit.text)
            unit.segments = []
    units[0].placeholders[:0] = placeholders
    return units


def _segments(element: Any, paragraph: Paragraph) -> Iterator[tuple[str, bool | None]]:
    """The paragraph's text as (text, bold) pieces, run by run, leaving out text boxes,
    deleted text and the fallback copies Word writes for older readers; the placeholder of an
    empty content control comes as (text, None)."""
    for child in element.iterchildren():
        if child.tag in SKIPPED:
            continue
        if _is_placeholder(child):
            text = _placeholder_text(child)
            if text:
                yield text, None
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


def _placeholder_text(element: Any) -> str:
    """The placeholder an empty content control shows, as one line."""
    return " ".join("".join(t.text or "" for t in element.iter(_w("t"))).split())


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
            match = HEADING_STYLE.match(name.strip())
            if match:
                return int(match.group(1))
            if name.strip().casefold() in TITLE_STYLES:
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
