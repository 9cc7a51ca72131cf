"""Nothing unfinished is published: the template's example values and placeholder texts, and the
Word form's placeholder texts, are errors.

A new application file is full of examples (``input.examples`` records them): a contact called
Kari Nordmann, 450 000 kr, «Skriv her.» under each heading. Each is an error until it is
replaced, so an unfinished file is neither published nor counted in any sum:

- a front-matter value that is still the template's example for its field and still has the
  template's mark (``# eksempel``) after it. The mark decides, not the value alone: real
  applications share values with the examples (a budget line of 450 000 kr, an own contribution
  from Tromsø kommune), and a contributor whose project has the example's value deletes the mark;
- a line of the body that is still one of the template's placeholder texts;
- a text anywhere that holds one of the Word form's placeholder texts («Klikk eller trykk her
  for å skrive inn tekst.»).

Only the template's and the form's own texts are quoted in the messages, never what a
contributor wrote.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..input.examples import (
    EXAMPLE_MARK,
    OPTIONAL_BODY_PLACEHOLDER,
    body_placeholders,
    examples_in,
    is_marked,
    text_values,
    word_placeholders,
)
from ..input.load import SourceFile, split_sections
from ..input.messages import field_path
from ..problems import Problem, Severity


@dataclass(frozen=True)
class Placeholder:
    """One example value or placeholder text left in a file."""

    line: int
    field: str | None  # the front-matter field (``contacts[1].name``); None in the body
    section: str | None  # the heading of the body part it stands in, as written
    text: str  # the example or placeholder, as the template or the form writes it
    kind: str  # "example" (the template's front matter), "body" (its body) or "word" (the form)

    @property
    def where(self) -> str:
        """The field, or the body part, in Norwegian: ``contacts[1].name``, ``delen «Budsjett»``."""
        if self.field:
            return self.field
        return f"delen «{self.section}»" if self.section else "søknadsteksten før første overskrift"

    @property
    def shown(self) -> str:
        return f"«{self.text}»"

    @property
    def message(self) -> str:
        if self.kind == "example":
            return (f"eksempelverdien fra malen ({self.shown}) er ikke endret; skriv inn den riktige verdien, "
                    f"eller slett «{EXAMPLE_MARK}» bak verdien hvis den stemmer")
        if self.kind == "body":
            fix = ("skriv teksten, eller fjern overskriften og teksten om delen ikke er aktuell"
                   if self.text == OPTIONAL_BODY_PLACEHOLDER else "skriv søknadsteksten i stedet")
            return f"{self.where} har fortsatt malens plassholdertekst ({self.shown}); {fix}"
        where = "" if self.field else (f" i delen «{self.section}»" if self.section else " i søknadsteksten")
        return (f"{self.shown}{where} er plassholderteksten i Word-skjemaet, ikke søkerens svar; "
                "skriv inn svaret, eller fjern teksten")

    def problem(self, path: str) -> Problem:
        return Problem(path, self.line, self.field, self.message, Severity.ERROR)


def find_placeholders(source: SourceFile) -> list[Placeholder]:
    """The example values and placeholder texts left in a file, in the order of its lines.
    Read from the parsed front matter before validation, so they are found also in a file
    with other errors. Whole texts are searched first (fast); fields and lines are looked up
    only for what is found (rare)."""
    found: list[Placeholder] = []
    doc = source.doc
    if doc is not None and isinstance(doc.data, dict):
        front = source.front.split("\n")  # the front matter starts on line 2

        def marked(line: int | None) -> bool:
            return line is not None and 0 <= line - 2 < len(front) and is_marked(front[line - 2])

        if is_marked(source.front):
            found += [Placeholder(doc.lines[loc], field_path(loc), None, str(example), "example")
                      for loc, example in examples_in(doc.data) if marked(doc.lines.get(loc))]
        if next(word_placeholders(source.front), None):
            for loc, text in text_values(doc.data):
                found += [Placeholder(doc.line_of(loc, default=2), field_path(loc), None, placeholder, "word")
                          for _, placeholder in word_placeholders(text)]
    found += _body_placeholders(source.body, source.body_line)
    return sorted(found, key=lambda p: (p.line, p.field or ""))


def _body_placeholders(body: str, body_line: int) -> list[Placeholder]:
    hits = [(offset, text, "body") for offset, text in body_placeholders(body)]
    hits += [(offset, text, "word") for offset, text in word_placeholders(body)]
    if not hits:
        return []
    _, sections = split_sections(body, body_line)
    starts = [section.line for section in sections]
    found = []
    position, line = 0, body_line
    for offset, text, kind in sorted(hits):
        line += body.count("\n", position, offset)
        position = offset
        index = bisect.bisect_left(starts, line) - 1  # the last heading above the line
        found.append(Placeholder(line, None, sections[index].heading if index >= 0 else None, text, kind))
    return found


def placeholder_problems(source: SourceFile) -> list[Problem]:
    """The errors of :func:`find_placeholders`: ``fil:linje: felt: melding``."""
    return [placeholder.problem(source.display_path) for placeholder in find_placeholders(source)]
