"""Bar charts drawn at build time as inline SVG: no chart library, no JavaScript, no network.

Each chart carries its own text alternative (``<title>`` and ``<desc>`` with every number), and
the pages show the same numbers in a table beside it. Colours come from the stylesheet
through the series' class names, so the chart follows the theme and prints in greyscale with
the value written at the end of every bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import formatting

WIDTH = 680
BAR_HEIGHT = 18
BAR_GAP = 3
GROUP_GAP = 14
LEGEND_HEIGHT = 30
VALUE_SPACE = 120  # room for the amount written after the longest bar
LABEL_SPACE = 240  # at most, for the category labels; longer labels are shortened with "…"
CHAR_WIDTH = 7.8  # approximate advance of one character at the chart's font size (14px)


@dataclass(frozen=True)
class Series:
    key: str  # becomes the CSS class chart__bar--<key>
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Bar:
    series: Series
    value: int
    text: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Group:
    label: str  # as drawn; the text alternative has the whole label
    y_label: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    """A horizontal grouped bar chart: one group per category, one bar per series."""

    id: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    format_value: Callable[[int], str] = formatting.nok

    def __post_init__(self) -> None:
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"series {s.key} has {len(s.values)} values for {len(self.categories)} categories")

    @property
    def label_width(self) -> float:
        longest = max((len(c) for c in self.categories), default=0)
        return min(LABEL_SPACE, 16 + longest * CHAR_WIDTH)

    def drawn_label(self, label: str) -> str:
        fits = int((self.label_width - 16) / CHAR_WIDTH)
        return label if len(label) <= fits else label[: fits - 1].rstrip() + "…"

    @property
    def plot_width(self) -> float:
        return WIDTH - self.label_width - VALUE_SPACE

    @property
    def maximum(self) -> int:
        return max((v for s in self.series for v in s.values), default=0)

    @property
    def group_height(self) -> float:
        return len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP

    @property
    def height(self) -> float:
        return LEGEND_HEIGHT + len(self.categories) * (self.group_height + GROUP_GAP) + 4

    def groups(self) -> list[Group]:
        scale = self.plot_width / self.maximum if self.maximum else 0.0
        groups = []
        for index, category in enumerate(self.categories):
            top = LEGEND_HEIGHT + index * (self.group_height + GROUP_GAP)
            bars = tuple(
                Bar(
                    series=s,
                    value=s.values[index],
                    text=self.format_value(s.values[index]),
                    x=self.label_width,
                    y=top + n * (BAR_HEIGHT + BAR_GAP),
                    width=round(s.values[index] * scale, 1),
                )
                for n, s in enumerate(self.series)
            )
            groups.append(Group(self.drawn_label(category), top + self.group_height / 2, bars))
        return groups

    def legend(self) -> list[tuple[Series, float]]:
        """Each series with the x of its swatch."""
        items, x = [], self.label_width
        for s in self.series:
            items.append((s, x))
            x += 30 + len(s.label) * CHAR_WIDTH
        return items

    @property
    def description(self) -> str:
        """The chart in words, with every number: its text alternative."""
        parts = [
            f"{category}: " + ", ".join(f"{s.label.lower()} {self.format_value(s.values[i])}" for s in self.series)
            for i, category in enumerate(self.categories)
        ]
        return "; ".join(parts) + "."

    def svg(self) -> Markup:
        return Markup(_environment().get_template("bar_chart.svg.j2").render(chart=self, width=WIDTH,
                                                                              bar_height=BAR_HEIGHT))


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("grant_portfolio.pages", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
