"""Tables that can be read on any screen: every body cell learns its column's heading.

On a narrow screen a table with many columns cannot fit. The stylesheet then shows each row as a
block of labelled lines (``portfolio.css``, "Tables on narrow screens"): each cell with the text
of its column heading, taken from the ``data-label`` this module writes, and the row's first
amount on the first line, beside the row's name. For that the finished HTML of a page gets

* on each table with a heading row: ``data-stack`` (it may be shown as labelled rows);
* on each body cell: ``data-label`` (its column heading's text), ``data-num`` in a column of
  numbers (all its cells are numbers, or its heading is set to the right), ``data-amount`` in
  a column of amounts (a cell of the column starts with an amount in kroner),
  ``data-lead`` on the row's leading amount (the first one the table sums), ``data-empty`` when the cell is empty;
* on a sum row (its first cell reads "Sum", "I alt" …): ``data-sum``;
* on the table, its row groups, rows and cells: their ARIA roles (``table``, ``rowgroup``,
  ``row``, ``columnheader``, ``rowheader``, ``cell``). Shown as blocks, a table would otherwise
  lose its table semantics in some browsers, and screen readers would read it as loose text.

Tables with a class (code with line numbers, say) are left alone, as are cells that already
have a ``data-label``. The HTML is read tag by tag with one regular expression, once: linear in
the page's length, whatever the nesting (a table inside a cell is a table of its own).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# The table tags, their attributes, and the end of the tag. Attribute values may hold ">":
# quoted values are matched whole.
_TAG = re.compile(
    r"""<(/?)(table|thead|tbody|tfoot|tr|th|td)\b((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\n]+")  # non-breaking spaces stay
_COLSPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""", re.IGNORECASE)
_HAS_CLASS = re.compile(r"""(?:^|\s)class\s*=""", re.IGNORECASE)
_HAS_LABEL = re.compile(r"""(?:^|\s)data-label\s*=""", re.IGNORECASE)
_HAS_ROLE = re.compile(r"""(?:^|\s)role\s*=""", re.IGNORECASE)
_RIGHT = re.compile(r"""text-align:\s*right|\balign\s*=\s*["']?right""", re.IGNORECASE)
# An amount as the site writes it (``1 000 000 kr``, with any space), perhaps with a note after
# it ("+ 2 uten beløp"), or a number.
AMOUNT = re.compile(r"^-?\d[\d\s.,]*\s*kr\b")
NUMBER = re.compile(r"^[-−–+]?\d[\d\s.,]*\s*%?$")
# What a numeric cell may say instead of a number: none, unknown.
NOT_A_NUMBER = re.compile(r"^(?:[-−–]|ikke oppgitt|ukjent|ingen.*)$", re.IGNORECASE)
SUM_WORDS = ("sum", "i alt", "totalt", "samlet")
MAX_COLSPAN = 100


def cell_text(inner_html: str) -> str:
    """A cell's text as a reader sees it: markup removed, entities read, spaces joined."""
    return _SPACE.sub(" ", html.unescape(_MARKUP.sub("", inner_html))).strip()


def is_sum_label(text: str) -> bool:
    """Does a row's first cell say that the row is a sum?"""
    lowered = text.lower().rstrip(":")
    return any(lowered == word or lowered.startswith(word + " ") for word in SUM_WORDS)


@dataclass
class _Cell:
    tag: int  # index of its start tag in the token list
    column: int
    span: int = 1
    text: str = ""
    start: int = 0  # where its content starts in the page
    blank: bool = False  # no content at all (an image or a link without text is content)


@dataclass
class _Row:
    tag: int
    in_head: bool
    cells: list[_Cell] = field(default_factory=list)
    column: int = 0  # the next cell's column


@dataclass
class _Table:
    tag: int
    skip: bool
    rows: list[_Row] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)  # the start tags of thead, tbody and tfoot
    section: str = ""  # thead, tbody, tfoot or ""
    row: _Row | None = None
    cell: _Cell | None = None


def label_table_cells(page_html: str) -> str:
    """``page_html`` with its tables' cells labelled and marked (see the module's text)."""
    if "<table" not in page_html and "<TABLE" not in page_html:
        return page_html
    tokens = list(_TAG.finditer(page_html))
    added: dict[int, str] = {}  # token index -> attributes to add to that start tag
    stack: list[_Table] = []
    for index, token in enumerate(tokens):
        closing, name = token.group(1) == "/", token.group(2).lower()
        table = stack[-1] if stack else None
        if name == "table":
            if not closing:
                stack.append(_Table(index, skip=bool(_HAS_CLASS.search(token.group(3)))))
            elif table is not None:
                _finish_cell(table, page_html, token.start())
                stack.pop()
                if not table.skip:
                    _label(table, tokens, added)
            continue
        if table is None:
            continue
        if name in ("thead", "tbody", "tfoot"):
            _finish_cell(table, page_html, token.start())
            table.section = "" if closing else name
            if not closing:
                table.groups.append(index)
        elif name == "tr":
            _finish_cell(table, page_html, token.start())
            if closing:
                table.row = None
            else:
                table.row = _Row(index, in_head=table.section == "thead")
                table.rows.append(table.row)
        elif not closing:  # a th or td
            _finish_cell(table, page_html, token.start())
            if table.row is None:  # a cell outside a row: the browser makes one
                table.row = _Row(index, in_head=table.section == "thead")
                table.rows.append(table.row)
            span = _COLSPAN.search(token.group(3))
            cell = _Cell(index, table.row.column, span=max(1, min(int(span.group(1)), MAX_COLSPAN)) if span else 1,
                         start=token.end())
            table.row.column += cell.span
            table.row.cells.append(cell)
            table.cell = cell
        else:
            _finish_cell(table, page_html, token.start())
    if not added:
        return page_html
    parts: list[str] = []
    position = 0
    for index, token in enumerate(tokens):
        if index in added:
            end = token.end() - 1  # before the ">"
            if page_html[end - 1] == "/":
                end -= 1
            parts.append(page_html[position:end])
            parts.append(added[index])
            position = end
    parts.append(page_html[position:])
    return "".join(parts)


def _finish_cell(table: _Table, page_html: str, end: int) -> None:
    if table.cell is not None:
        inner = page_html[table.cell.start:end]
        table.cell.text = cell_text(inner)
        table.cell.blank = not inner.strip()
        table.cell = None


def _label(table: _Table, tokens: list[re.Match], added: dict[int, str]) -> None:
    rows = table.rows
    head = [row for row in rows if row.in_head]
    if not head and rows and all(tokens[c.tag].group(2).lower() == "th" for c in rows[0].cells):
        head = [rows[0]]  # a table without <thead> whose first row is headings
    if not head:
        return
    headings: dict[int, str] = {}
    right: set[int] = set()  # columns whose heading is set to the right: numbers
    for row in head:  # with several heading rows, the last one names the columns
        for cell in row.cells:
            columns_spanned = range(cell.column, cell.column + cell.span)
            if cell.text:
                headings.update(dict.fromkeys(columns_spanned, cell.text))
            if _RIGHT.search(tokens[cell.tag].group(3)):
                right.update(columns_spanned)
    body = [row for row in rows if row not in head]
    columns: dict[int, list[str]] = {}
    for row in body:
        for cell in row.cells:
            columns.setdefault(cell.column, []).append(cell.text)
    amounts = {c for c, texts in columns.items() if any(AMOUNT.match(t) for t in texts)}
    numbers = amounts | right | {c for c, texts in columns.items()
                         if any(NUMBER.match(t) for t in texts)
                         and all(not t or NUMBER.match(t) or NOT_A_NUMBER.match(t) for t in texts)}
    # The amount that leads a row: the first of the amounts the table sums (a budget's "Beløp",
    # not its "Sats"), or of all its amounts when it has no sum row.
    sums = [row for row in body if row.cells and is_sum_label(row.cells[0].text)]
    summed = {cell.column for row in sums for cell in row.cells if AMOUNT.match(cell.text)} & amounts
    leading = summed or amounts
    added[table.tag] = " data-stack"
    _add_roles(table, head, tokens, added)
    for row in body:
        if row in sums:
            added[row.tag] = added.get(row.tag, "") + " data-sum"
        lead = next((cell for cell in row.cells[1:] if cell.column in leading), None)
        for cell in row.cells:
            attributes = ""
            if cell.column in headings and not _HAS_LABEL.search(tokens[cell.tag].group(3)):
                attributes += f' data-label="{html.escape(headings[cell.column], quote=True)}"'
            if cell.column in numbers:
                attributes += " data-num"
            if cell.column in amounts:
                attributes += " data-amount"
            if cell is lead:
                attributes += " data-lead"
            if cell.blank:
                attributes += " data-empty"
            if attributes:
                added[cell.tag] = added.get(cell.tag, "") + attributes


def _add_roles(table: _Table, head: list[_Row], tokens: list[re.Match], added: dict[int, str]) -> None:
    def role(index: int, name: str) -> None:
        if not _HAS_ROLE.search(tokens[index].group(3)):
            added[index] = added.get(index, "") + f' role="{name}"'

    role(table.tag, "table")
    for group in table.groups:
        role(group, "rowgroup")
    for row in table.rows:
        if tokens[row.tag].group(2).lower() == "tr":  # not a row the browser makes for a stray cell
            role(row.tag, "row")
        for cell in row.cells:
            is_heading = tokens[cell.tag].group(2).lower() == "th"
            role(cell.tag, "columnheader" if row in head else "rowheader" if is_heading else "cell")
