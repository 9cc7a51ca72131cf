"""Charts drawn at build time: proportional bars, every number in the text alternative,
contributor text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grant_portfolio.pages.charts import CHAR_WIDTH, BarChart, Series

SVG = "{http://www.w3.org/2000/svg}"


def chart(**kwargs) -> BarChart:
    defaults = dict(
        id="c", title="Søkt og innvilget",
        categories=("Troms og Ofoten", "Helgeland"),
        series=(Series("requested", "Søkt", (1_000_000, 250_000)), Series("granted", "Innvilget", (500_000, 0))),
    )
    return BarChart(**{**defaults, **kwargs})


def test_bars_are_proportional_and_the_largest_fills_the_plot():
    c = chart()
    bars = [bar for group in c.groups() for bar in group.bars]
    widths = {(b.series.key, b.value): b.width for b in bars}
    assert widths[("requested", 1_000_000)] == round(c.plot_width, 1)
    assert widths[("requested", 250_000)] == round(c.plot_width / 4, 1)
    assert widths[("granted", 0)] == 0


def test_svg_is_well_formed_with_title_desc_and_every_value():
    c = chart()
    root = ET.fromstring(str(c.svg()))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Søkt og innvilget"
    desc = root.find(f"{SVG}desc").text
    for text in ("Troms og Ofoten: søkt 1\u00a0000\u00a0000\u00a0kr, innvilget 500\u00a0000\u00a0kr",
                 "Helgeland: søkt 250\u00a0000\u00a0kr, innvilget 0\u00a0kr"):
        assert text in desc
    values = [t.text for t in root.iter(f"{SVG}text") if "chart__value" in t.get("class", "")]
    assert values == ["1\u00a0000\u00a0000\u00a0kr", "500\u00a0000\u00a0kr", "250\u00a0000\u00a0kr", "0\u00a0kr"]


def test_labels_are_escaped_and_the_figure_has_no_blank_line():
    svg = str(chart(categories=("<script>alert(1)</script>", "A & B")).svg())
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg
    assert "\n\n" not in svg  # a blank line would end the raw HTML block in Markdown
    ET.fromstring(svg)


def test_empty_portfolio_draws_zero_bars():
    c = chart(series=(Series("requested", "Søkt", (0, 0)),))
    assert all(bar.width == 0 for group in c.groups() for bar in group.bars)
    ET.fromstring(str(c.svg()))


def test_long_labels_are_shortened_in_the_drawing_but_whole_in_the_text_alternative():
    name = "Helsefellesskapet Lofoten, Vesterålen, Salten og omegn"
    c = chart(categories=(name, "Helgeland"))
    drawn = c.groups()[0].label
    assert drawn.endswith("…") and len(drawn) * CHAR_WIDTH + 16 <= c.label_width + 1
    assert c.groups()[1].label == "Helgeland"
    assert name in c.description
