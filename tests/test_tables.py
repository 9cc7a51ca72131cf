"""Tables labelled for narrow screens (grant_portfolio.pages.tables): every body cell gets its
column heading's text, numbers, amounts, the row's first amount and sum rows are marked, and
nothing else in the page changes."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

from grant_portfolio.pages.tables import cell_text, is_sum_label, label_table_cells

TABLE = """<p>Før</p>
<table>
<thead>
<tr>
<th style="text-align: left;">Helsefellesskap</th>
<th style="text-align: left;">Helseforetak</th>
<th style="text-align: right;">Søknader</th>
<th style="text-align: right;">Søkt</th>
<th style="text-align: right;">Innvilget</th>
</tr>
</thead>
<tbody>
<tr>
<td style="text-align: left;"><a href="troms/">Troms &amp; Ofoten</a></td>
<td style="text-align: left;">UNN</td>
<td style="text-align: right;">2</td>
<td style="text-align: right;">7\u00a0097\u00a0515\u00a0kr</td>
<td style="text-align: right;">ikke oppgitt</td>
</tr>
<tr>
<td style="text-align: left;"><strong>Sum</strong></td>
<td style="text-align: left;"></td>
<td style="text-align: right;">2</td>
<td style="text-align: right;"><strong>7\u00a0097\u00a0515\u00a0kr</strong></td>
<td style="text-align: right;">0\u00a0kr</td>
</tr>
</tbody>
</table>
<p>Etter</p>"""


class Cells(HTMLParser):
    """The attributes of every table, row and cell, in order."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("table", "tr", "td", "th"):
            self.tags.append((tag, dict(attrs)))


def parsed(page: str) -> list[tuple[str, dict]]:
    parser = Cells()
    parser.feed(page)
    return parser.tags


def body_cells(page: str) -> list[dict]:
    return [attrs for tag, attrs in parsed(page) if tag == "td"]


def test_every_body_cell_gets_its_heading_and_the_kind_of_its_column():
    out = label_table_cells(TABLE)
    cells = body_cells(out)
    assert [c["data-label"] for c in cells[:5]] == ["Helsefellesskap", "Helseforetak", "Søknader", "Søkt", "Innvilget"]
    first = cells[:5]
    assert "data-num" not in first[0] and "data-num" not in first[1]
    assert "data-num" in first[2] and "data-amount" not in first[2]  # a count: a number, not an amount
    # An amount column is one where a cell ends in "kr"; "ikke oppgitt" in it is still an amount cell.
    assert all("data-amount" in c and "data-num" in c for c in (first[3], first[4]))
    assert "data-lead" in first[3] and "data-lead" not in first[4]  # the row's first amount
    # Headings are left alone.
    assert all("data-label" not in attrs for tag, attrs in parsed(out) if tag == "th")


def test_the_sum_row_and_empty_cells_are_marked():
    tags = parsed(label_table_cells(TABLE))
    rows = [attrs for tag, attrs in tags if tag == "tr"]
    assert ["data-sum" in r for r in rows] == [False, False, True]
    sum_cells = body_cells(label_table_cells(TABLE))[5:]
    assert "data-empty" in sum_cells[1] and "data-empty" not in sum_cells[0]
    assert "data-lead" in sum_cells[3]


def test_the_table_is_marked_and_the_rest_of_the_page_is_unchanged():
    out = label_table_cells(TABLE)
    assert out.startswith('<p>Før</p>\n<table data-stack role="table">') and out.endswith("</table>\n<p>Etter</p>")
    # Removing what was added gives the page back, byte for byte.
    added = re.compile(r' (?:data-(?:label="[^"]*"|num|amount|lead|empty|sum|stack)|role="[a-z]+")')
    assert added.sub("", out) == TABLE
    assert label_table_cells("<p>Ingen tabell</p>") == "<p>Ingen tabell</p>"


def test_headings_are_escaped_as_attribute_values():
    table = '<table><thead><tr><th>"Søkt" &amp; &lt;b&gt;</th></tr></thead><tbody><tr><td>1 kr</td></tr></tbody></table>'
    out = label_table_cells(table)
    assert body_cells(out)[0]["data-label"] == '"Søkt" & <b>'
    assert 'data-label="&quot;Søkt&quot; &amp; &lt;b&gt;"' in out


def test_colspan_nested_tables_and_attributes_with_angle_brackets():
    table = """<table>
<thead><tr><th colspan="2">Post og kategori</th><th title="a > b">Beløp</th></tr></thead>
<tbody>
<tr><td>Lønn</td><td>Drift</td><td>100 kr</td></tr>
<tr><td colspan="2">Inne: <table><tr><th>Indre</th></tr><tr><td>x</td></tr></table></td><td>5 kr</td></tr>
</tbody></table>"""
    cells = body_cells(label_table_cells(table))
    # Both cells under the spanning heading get it; the amount is in the third column.
    assert [c.get("data-label") for c in cells[:3]] == ["Post og kategori", "Post og kategori", "Beløp"]
    assert "data-amount" in cells[2]
    inner = cells[4]  # the nested table's cell: labelled by its own table's heading
    assert inner["data-label"] == "Indre"
    assert cells[5]["data-label"] == "Beløp" and "data-lead" in cells[5]


def test_a_heading_set_to_the_right_makes_a_column_of_numbers_and_notes_follow_amounts():
    table = ('<table><thead><tr><th>Navn</th><th style="text-align: right;">Innvilget</th>'
             '<th style="text-align: right;">Egeninnsats</th></tr></thead><tbody>'
             '<tr><td>A</td><td>ikke vedtatt</td><td>1\u00a0000\u00a0kr<br><small>+ 2 uten beløp</small></td></tr>'
             '</tbody></table>')
    name, granted, own = body_cells(label_table_cells(table))
    assert "data-num" not in name
    assert "data-num" in granted and "data-amount" not in granted  # no amount in the column, but a number's place
    assert "data-amount" in own and "data-lead" in own


def test_the_leading_amount_is_the_one_the_table_sums():
    table = ('<table><thead><tr><th>Post</th><th style="text-align: right;">Sats</th><th>Beløp</th></tr></thead>'
             '<tbody><tr><td>Prosjektleder</td><td>250\u00a0000\u00a0kr</td><td>500\u00a0000\u00a0kr</td></tr>'
             '<tr><td><strong>Sum søkt</strong></td><td></td><td><strong>500\u00a0000\u00a0kr</strong></td></tr>'
             '</tbody></table>')
    cells = body_cells(label_table_cells(table))
    assert "data-amount" in cells[1] and "data-lead" not in cells[1]
    assert "data-lead" in cells[2] and "data-lead" in cells[5]


def test_a_first_row_of_headings_without_thead_names_the_columns():
    table = "<table><tr><th>Navn</th><th>Antall</th></tr><tr><td>A</td><td>3</td></tr></table>"
    cells = body_cells(label_table_cells(table))
    assert cells[0]["data-label"] == "Navn" and cells[1]["data-label"] == "Antall" and "data-num" in cells[1]


def test_tables_with_a_class_tables_without_headings_and_labelled_cells_are_left_alone():
    code = '<table class="highlighttable"><tr><td class="linenos">1</td><td>kode</td></tr></table>'
    assert label_table_cells(code) == code
    bare = "<table><tr><td>a</td><td>b</td></tr></table>"
    assert label_table_cells(bare) == bare
    own = '<table><thead><tr><th>A</th></tr></thead><tbody><tr><td data-label="Eget">x</td></tr></tbody></table>'
    assert body_cells(label_table_cells(own))[0]["data-label"] == "Eget"


def test_sum_labels_and_cell_text():
    assert is_sum_label("Sum") and is_sum_label("Sum søkt") and is_sum_label("Sum med oppgitt beløp")
    assert is_sum_label("I alt") and not is_sum_label("Summert tilskudd") and not is_sum_label("Tromsø")
    assert cell_text(" <strong>7&nbsp;kr</strong>\n ") == "7\u00a0kr"


def test_time_grows_linearly_with_the_page():
    row = '<tr><td>Søknad</td><td>Tromsø</td><td>1\u00a0000\u00a0kr</td></tr>\n'
    head = "<table><thead><tr><th>Søknad</th><th>Kommune</th><th>Søkt</th></tr></thead><tbody>\n"

    def seconds(rows: int) -> float:
        page = head + row * rows + "</tbody></table>"
        start = time.perf_counter()
        out = label_table_cells(page)
        elapsed = time.perf_counter() - start
        assert out.count("data-lead") == rows
        return elapsed

    small, large = min(seconds(1_000) for _ in range(3)), min(seconds(10_000) for _ in range(2))
    assert large < small * 25  # ten times the rows: about ten times the time, far from a hundred


def test_the_table_keeps_its_roles_when_shown_as_blocks():
    tags = parsed(label_table_cells(TABLE))
    roles = {(tag, attrs.get("role")) for tag, attrs in tags}
    assert ("table", "table") in roles and ("tr", "row") in roles and ("td", "cell") in roles
    assert all(attrs.get("role") == "columnheader" for tag, attrs in tags if tag == "th")
    assert all(attrs.get("role") == "rowgroup" for tag, attrs in tags if tag in ("thead", "tbody"))
    # A role the page already gives is kept, and a stray cell does not become a row.
    stray = label_table_cells('<table><thead><tr><th>A</th></tr></thead><tbody><td role="presentation">x</td></tbody></table>')
    assert 'role="presentation"' in stray and stray.count("role=") == 6
