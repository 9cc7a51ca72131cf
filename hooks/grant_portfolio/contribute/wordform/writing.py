"""Writing the file: the answers as Markdown under the scheme's headings, the target group, and
the front matter as YAML in the template's style.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .budget import budget_header
from .document import Block, TableBlock, Unit
from .form import BodyPart, FormMatcher, cell_text, escape_markdown, make_label, strip_list_marker, typed_list_kind
from .structure import BOLD_HEADING_MAX_CHARS, SUBHEADING_MAX_CHARS, SUBHEADING_MAX_WORDS, TARGET_GROUP_LABEL


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
            out += f"{lead}**{escape_markdown(core)}**{trail}"
        else:
            out += escape_markdown(text)
    out = " ".join(out.split())
    if strip_marker:
        plain = unit.text
        marker = len(plain) - len(strip_list_marker(plain))
        out = _drop_prefix(out, plain[:marker])
    return out


def _drop_prefix(markdown: str, marker: str) -> str:
    """Remove a typed list marker from the start of a Markdown line (it may be escaped or bold)."""
    marker = marker.strip()
    if not marker:
        return markdown
    bold = markdown.startswith("**")
    body = markdown[2:] if bold else markdown
    escaped = escape_markdown(marker)
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
            return f"### {escape_markdown(strip_list_marker(text))}", None
        if unit.heading_level is not None and unit.heading_level > self.base:
            level = min(6, max(3, 2 + unit.heading_level - self.base))
            return f"{'#' * level} {escape_markdown(text.rstrip(':'))}", None
        kind = unit.list_kind or typed_list_kind(text)
        if kind:
            return _inline(unit, strip_marker=unit.list_kind is None), kind
        if _is_label_line(text) or (unit.bold and len(text) <= BOLD_HEADING_MAX_CHARS and not text.endswith(".")):
            return f"### {escape_markdown(text.rstrip(':').strip())}", None
        return _inline(unit), None

    def table(self, table: TableBlock) -> list[str]:
        """A table of three or more columns as a Markdown table; a table of labels and
        values as one paragraph per row («**Totalt:** 3 697 515»)."""
        blocks: list[str] = []
        rows = []
        for index, row in enumerate(table.rows):
            texts = [escape_markdown(cell_text(cell)) for cell in row]
            if not any(texts):
                continue
            if table.merged[index]:  # a caption over the whole table
                blocks.append(f"**{texts[0]}**")
                continue
            rows.append(texts)
        if not rows:
            return blocks
        if table.width >= 3 or budget_header(table)[0] is not None:
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
    return 0 < len(label) <= SUBHEADING_MAX_CHARS and len(label.split()) <= SUBHEADING_MAX_WORDS


def find_target_group(parts: list[BodyPart]) -> str | None:
    """The text after the label «Målgruppe:» in the form's parts."""
    pattern = make_label("target", TARGET_GROUP_LABEL).pattern
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
