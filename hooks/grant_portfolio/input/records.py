"""A validated application: the typed front matter together with where it came from; while it
is validated, also where each of its keys stands (``LocatedRecord``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .load import BodySection, split_sections
from .schema import Application
from .yamlsource import YamlDocument


@dataclass
class ApplicationRecord:
    slug: str
    path: Path
    display_path: str
    meta: Application
    body: str
    body_line: int
    grants_nothing: bool = False  # its status means that nothing is granted (``nothing_granted``)

    # The body's parts are cut from it when asked for, not kept: the text would be held twice.
    def parts(self) -> tuple[str, list[BodySection]]:
        """The body's text before the first section heading, and the sections after it."""
        return split_sections(self.body, self.body_line)

    @property
    def intro(self) -> str:
        return self.parts()[0]

    @property
    def sections(self) -> list[BodySection]:
        """The body cut at its level-2 headings."""
        return self.parts()[1]

    @property
    def url(self) -> str:
        """Site-relative URL of the application page."""
        return f"soknader/{self.slug}/"

    @property
    def own_contributions_total(self) -> int:
        return sum(c.amount or 0 for c in self.meta.budget.own_contributions)

    @property
    def granted(self) -> int:
        decision = self.meta.decision
        return decision.granted if decision and decision.granted is not None else 0


@dataclass
class LocatedRecord:
    """An application while it is validated: its record, and the line of every key of its front
    matter for the messages. Only the records go on to the portfolio: the lines take about
    9 kB an application, and no message is made after validation."""

    record: ApplicationRecord
    lines: YamlDocument

    def line_of(self, *loc: str | int) -> int:
        """The line of the key at ``loc``; for a missing key its parent's, else the first line."""
        return self.lines.line_of(tuple(loc), default=1)
