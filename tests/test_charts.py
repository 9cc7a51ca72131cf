"""Charts drawn at build time: proportional bars, every number in the text alternative,
contributor text escaped, no value on an empty bar, and a narrow drawing whose text a phone
does not shrink."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grant_portfolio.pages.charts import CHAR_WIDTH, NARROW_WIDTH, BarChart, Series

SVG = "{http://www.w3.org/2000/svg}"


def drawings(c: BarChart) -> list[ET.Element]:
    """The chart's drawings, wide first, each a well-formed SVG document."""
    return list(ET.fromstring(f"<div>{c.svg()}</div>"))


def chart(**kwargs) -> BarChart:
    defaults = dict(
        id="c", title="Søkt og innvilget",
        categories=("Troms og Ofoten", "Helgeland"),
        series=(Series("requested", "Søkt", (1_000_000, 250_000)), Series("granted", "Innvilget", (500_000, 0))),
    )
    return BarChart(**{**defaults, **kwargs})


def test_bars_are_proportional_and_the_largest_fills_the_plot():
    c = chart()
    for narrow in (False, True):
        bars = [bar for group in c.groups(narrow) for bar in group.bars]
        widths = {(b.series.key, b.value): b.width for b in bars}
        assert widths[("requested", 1_000_000)] == round(c.plot_width(narrow), 1)
        assert widths[("requested", 250_000)] == round(c.plot_width(narrow) / 4, 1)
        assert widths[("granted", 0)] == 0


def test_svg_is_well_formed_with_title_desc_and_every_value_but_no_value_on_an_empty_bar():
    c = chart()
    wide, narrow = drawings(c)
    for root, ids in ((wide, "c-title c-desc"), (narrow, "c-smal-title c-smal-desc")):
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.get("aria-labelledby") == ids
        assert root.find(f"{SVG}title").text == "Søkt og innvilget"
        desc = root.find(f"{SVG}desc").text
        for text in ("Troms og Ofoten: søkt 1\u00a0000\u00a0000\u00a0kr, innvilget 500\u00a0000\u00a0kr",
                     "Helgeland: søkt 250\u00a0000\u00a0kr, innvilget 0\u00a0kr"):
            assert text in desc
        values = [t.text for t in root.iter(f"{SVG}text") if "chart__value" in t.get("class", "")]
        # Helgeland's granted bar is empty: neither bar nor "0 kr" is drawn (the table has it).
        assert values == ["1\u00a0000\u00a0000\u00a0kr", "500\u00a0000\u00a0kr", "250\u00a0000\u00a0kr"]
        bars = [r for g in root.iter(f"{SVG}g") if g.get("class") != "chart__legend" for r in g.iter(f"{SVG}rect")]
        assert len(bars) == 3 and all(float(r.get("width")) > 0 for r in bars)
    assert "chart--wide" in wide.get("class") and "chart--narrow" in narrow.get("class")


def test_the_narrow_drawing_is_drawn_at_about_its_own_size_on_a_phone():
    """On a phone (390 px) the text column is about 358 px: the narrow drawing is scaled by
    358/340, so its 14 px text stays above 12 px; the wide one would be scaled to 7 px."""
    wide, narrow = drawings(chart())
    column = 358
    assert 14 * column / float(narrow.get("viewBox").split()[2]) >= 12
    assert 14 * column / float(wide.get("viewBox").split()[2]) < 12
    c = chart()
    for group in c.groups(narrow=True):
        # The name on its own line above the bars, which start at the left edge.
        assert all(group.y_label < bar.y for bar in group.bars)
        assert all(bar.x == 0 and bar.x + bar.width <= NARROW_WIDTH for bar in group.bars)
    # The longest amount fits after the longest bar.
    assert c.plot_width(narrow=True) + 5 + len("12\u00a0345\u00a0678\u00a0kr") * CHAR_WIDTH <= NARROW_WIDTH


def test_labels_are_escaped_and_the_figure_has_no_blank_line():
    svg = str(chart(categories=("<script>alert(1)</script>", "A & B")).svg())
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg
    assert "\n\n" not in svg  # a blank line would end the raw HTML block in Markdown
    ET.fromstring(f"<div>{svg}</div>")


def test_empty_portfolio_draws_zero_bars():
    c = chart(series=(Series("requested", "Søkt", (0, 0)),))
    assert all(bar.width == 0 for group in c.groups() for bar in group.bars)
    for root in drawings(c):
        assert not [t for t in root.iter(f"{SVG}text") if "chart__value" in t.get("class", "")]


def test_long_labels_are_shortened_in_the_drawing_but_whole_in_the_text_alternative():
    name = "Helsefellesskapet Lofoten, Vesterålen, Salten og omegn"
    c = chart(categories=(name, "Helgeland"))
    drawn = c.groups()[0].label
    assert drawn.endswith("…") and len(drawn) * CHAR_WIDTH + 16 <= c.label_width + 1
    assert c.groups()[1].label == "Helgeland"
    # The narrow drawing has the whole width for the name, on its own line.
    narrow = c.groups(narrow=True)[0].label
    assert len(narrow) > len(drawn) and len(narrow) * CHAR_WIDTH <= NARROW_WIDTH
    assert chart(categories=("Helsefellesskapet Lofoten, Vesterålen", "Helgeland")).groups(narrow=True)[0].label \
        == "Helsefellesskapet Lofoten, Vesterålen"
    assert name in c.description


def test_an_unknown_value_has_no_bar_and_is_named_unknown_in_the_text_alternative():
    c = chart(series=(Series("requested", "Søkt", (1_000_000, 250_000)),
                      Series("granted", "Innvilget", (None, 0), unknown="ikke vedtatt")))
    assert c.description.startswith("Troms og Ofoten: søkt ")
    assert "innvilget: ikke vedtatt" in c.description and "innvilget 0" in c.description
    for drawing in drawings(c):
        values = [t.text for t in drawing.iter(f"{SVG}text") if "chart__value" in t.get("class", "")]
        assert values and all("kr" in v for v in values)
        assert len(values) == 2  # the two requested amounts; neither the unknown nor the empty bar


def test_budget_charts_leave_out_rows_without_applications_and_undecided_grants():
    from grant_portfolio.model.portfolio import Totals
    from grant_portfolio.pages.render import _requested_vs_granted

    decided = Totals(count=2, requested=900_000, own_contributions=0, granted=400_000, decided=1)
    undecided = Totals(count=1, requested=300_000, own_contributions=0, granted=0, decided=0)
    empty = Totals(count=0, requested=0, own_contributions=0, granted=0)
    c = _requested_vs_granted("c", "Søkt og innvilget", [("A", decided), ("B", undecided), ("C", empty)])
    assert c.categories == ("A", "B")
    assert [s.values for s in c.series] == [(900_000, 300_000), (400_000, None)]
    assert "B: søkt" in c.description and "innvilget: ikke vedtatt." in c.description
