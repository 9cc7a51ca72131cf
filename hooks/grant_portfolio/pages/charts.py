"""Bar charts drawn at build time as inline SVG: no chart library, no JavaScript, no network.

Each chart carries its own text alternative (``<title>`` and ``<desc>`` with every number), and
the pages show the same numbers in a table beside it. Colours come from the stylesheet
through the series' class names, so the chart follows the theme and prints in greyscale with
the value written at the end of every bar (an empty bar has neither bar nor value: the table
and the text alternative give its zero).

Each chart is drawn twice, and the stylesheet shows one: a wide drawing (the categories' names
to the left of their bars) and a narrow one for phones (each name on a line of its own above
its bars), so that the text is never drawn smaller than about 12 px: a drawing is scaled to
the width of its column, and the wide one would shrink its 14 px text to 7 px on a phone.
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
# The narrow drawing: about as wide as a phone's text column (358 px at 390 px), so that it is
# drawn at about its own scale there.
NARROW_WIDTH = 340
NARROW_VALUE_SPACE = 110
NARROW_LABEL_HEIGHT = 20  # a category's name, on its own line above its bars


@dataclass(frozen=True)
class Series:
    key: str  # becomes the CSS class chart__bar--<key>
    label: str
    values: tuple[int | None, ...]  # None: not known (no bar, and ``unknown`` in the text alternative)
    unknown: str = "ikke oppgitt"


@dataclass(frozen=True)
class Bar:
    series: Series
    value: int | None
    text: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Group:
    label: str  # as drawn; the text alternative has the whole label
    y_label: float  # the baseline of the label
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
        """Room for the names to the left of the bars, in the wide drawing."""
        longest = max((len(c) for c in self.categories), default=0)
        return min(LABEL_SPACE, 16 + longest * CHAR_WIDTH)

    def drawn_label(self, label: str, narrow: bool = False) -> str:
        fits = int(NARROW_WIDTH / CHAR_WIDTH) if narrow else int((self.label_width - 16) / CHAR_WIDTH)
        return label if len(label) <= fits else label[: fits - 1].rstrip() + "…"

    def width(self, narrow: bool = False) -> int:
        return NARROW_WIDTH if narrow else WIDTH

    def bars_x(self, narrow: bool = False) -> float:
        """Where the bars start."""
        return 0.0 if narrow else self.label_width

    def plot_width(self, narrow: bool = False) -> float:
        return NARROW_WIDTH - NARROW_VALUE_SPACE if narrow else WIDTH - self.label_width - VALUE_SPACE

    @property
    def maximum(self) -> int:
        return max((v for s in self.series for v in s.values if v is not None), default=0)

    def group_height(self, narrow: bool = False) -> float:
        bars = len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        return bars + NARROW_LABEL_HEIGHT if narrow else bars

    def height(self, narrow: bool = False) -> float:
        return LEGEND_HEIGHT + len(self.categories) * (self.group_height(narrow) + GROUP_GAP) + 4

    def groups(self, narrow: bool = False) -> list[Group]:
        scale = self.plot_width(narrow) / self.maximum if self.maximum else 0.0
        groups = []
        for index, category in enumerate(self.categories):
            top = LEGEND_HEIGHT + index * (self.group_height(narrow) + GROUP_GAP)
            first_bar = top + (NARROW_LABEL_HEIGHT if narrow else 0)
            bars = tuple(
                Bar(
                    series=s,
                    value=s.values[index],
                    text="" if s.values[index] is None else self.format_value(s.values[index]),
                    x=self.bars_x(narrow),
                    y=first_bar + n * (BAR_HEIGHT + BAR_GAP),
                    width=round((s.values[index] or 0) * scale, 1),
                )
                for n, s in enumerate(self.series)
            )
            # The name's baseline: beside the middle of the bars, or on the line above them.
            label_y = top + 14 if narrow else top + self.group_height() / 2 + 4
            groups.append(Group(self.drawn_label(category, narrow), label_y, bars))
        return groups

    def legend(self, narrow: bool = False) -> list[tuple[Series, float]]:
        """Each series with the x of its swatch."""
        items, x = [], self.bars_x(narrow)
        for s in self.series:
            items.append((s, x))
            x += 30 + len(s.label) * CHAR_WIDTH
        return items

    @property
    def description(self) -> str:
        """The chart in words, with every number: its text alternative."""
        parts = [
            f"{category}: " + ", ".join(f"{s.label.lower()}: {s.unknown}" if s.values[i] is None
                                         else f"{s.label.lower()} {self.format_value(s.values[i])}" for s in self.series)
            for i, category in enumerate(self.categories)
        ]
        return "; ".join(parts) + "."

    def svg(self) -> Markup:
        """The wide drawing and the narrow one; the stylesheet shows one of them."""
        template = _environment().get_template("bar_chart.svg.j2")
        return Markup("\n").join(Markup(template.render(chart=self, narrow=narrow, bar_height=BAR_HEIGHT))
                                  for narrow in (False, True))


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("grant_portfolio.pages", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
