"""Build Word files (.docx) in the shape of the official application form, for tests.

The content comes from the transcribed forms in ``tests/fixtures/wordform/<name>.yml`` (see
the README there for the block names). ``build_form_docx("drop-in", path)`` writes the drop-in
application as a filled-in form; ``build_docx(blocks, path)`` writes any list of blocks, so a
test can change a fixture (add a heading, blank an amount) before building it.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.enum.style import WD_STYLE_TYPE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wordform"
FORM_NAMES = ("drop-in", "forprosjekt")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def load_form(name: str) -> dict[str, Any]:
    """The transcribed form ``name`` (a deep copy, free to change)."""
    path = FIXTURES / f"{name}.yml"
    if not path.is_file():
        raise ValueError(f"no transcribed form {name!r}; known: {', '.join(FORM_NAMES)}")
    return copy.deepcopy(yaml.safe_load(path.read_text(encoding="utf-8")))


def build_form_docx(name: str, out_path: Path) -> Path:
    """Write the transcribed form ``name`` (e.g. "drop-in", "forprosjekt") as a .docx."""
    form = load_form(name)
    return build_docx(form["blocks"], out_path, footer=form.get("footer", []))


def build_docx(blocks: list[Any], out_path: Path, footer: list[str] | None = None) -> Path:
    """Write ``blocks`` (the fixture format) as a Word document; the footer lines go in the
    page footer, as the form's letterhead."""
    document = Document()
    _add_styles(document)
    for line in footer or []:
        document.sections[0].footer.add_paragraph(line, style="Footer")
    # The default document starts with one empty paragraph in the footer only; the body is empty.
    for block in blocks:
        _add_block(document, block)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out_path))
    return out_path


def _add_styles(document: Any) -> None:
    """The form's guidance text: a small italic paragraph style."""
    if "Veiledning" not in [s.name for s in document.styles]:
        style = document.styles.add_style("Veiledning", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.italic = True


def _add_block(container: Any, block: Any) -> None:
    """One block of the fixture format into a document or table cell."""
    if block == "blank":
        container.add_paragraph("")
        return
    if not isinstance(block, dict):
        raise ValueError(f"unknown block {block!r}")
    if "table" in block:
        _add_table(container, block["table"], block.get("merge", []))
        return
    (kind, text), *rest = block.items()
    text = "" if text is None else str(text)
    if kind == "title":
        container.add_paragraph(text, style="Title")
    elif kind == "heading":
        container.add_paragraph(text, style="Heading 2")
    elif kind == "h3":
        container.add_paragraph(text, style="Heading 3")
    elif kind == "h4":
        container.add_paragraph(text, style="Heading 4")
    elif kind == "guidance":
        container.add_paragraph(text, style="Veiledning")
    elif kind == "bullet":
        _add_text(container.add_paragraph(style="List Bullet"), text)
    elif kind == "number":
        _add_text(container.add_paragraph(style="List Number"), text)
    elif kind == "label":
        paragraph = container.add_paragraph()
        paragraph.add_run(text).bold = True
        value = block.get("value")
        if value:
            paragraph.add_run(" " + str(value))
    elif kind == "p":
        _add_text(container.add_paragraph(), text)
    else:
        raise ValueError(f"unknown block kind {kind!r}")


def _add_text(paragraph: Any, text: str) -> None:
    """Text with **bold** parts and line breaks inside the paragraph."""
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.add_run().add_break()
        position = 0
        for match in _BOLD.finditer(line):
            if match.start() > position:
                paragraph.add_run(line[position:match.start()])
            paragraph.add_run(match.group(1)).bold = True
            position = match.end()
        if position < len(line):
            paragraph.add_run(line[position:])


def _add_table(container: Any, rows: list[list[Any]], merged_rows: list[int]) -> None:
    width = max(len(row) for row in rows)
    table = container.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, content in enumerate(row):
            cell = table.cell(r, c)
            blocks = content if isinstance(content, list) else [{"p": "" if content is None else str(content)}]
            first = cell.paragraphs[0]
            for block in blocks:
                _add_block(cell, block)
            # A new cell holds one empty paragraph; drop it when the blocks added their own.
            if len(cell.paragraphs) > 1 and not first.text:
                first._p.getparent().remove(first._p)
    for r in merged_rows:
        merged = table.cell(r, 0).merge(table.cell(r, width - 1))
        text = " ".join(p.text for p in merged.paragraphs if p.text)
        for paragraph in merged.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        merged.paragraphs[0].text = text
