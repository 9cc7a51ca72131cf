"""The template's example values and placeholder texts, in one place for the template and the check.

A new application file (``tilskudd new``, or the template on the site) is filled with example
values so that it shows how each field is written: a contact called Kari Nordmann, 450 000 kr.
They must not be published. Here is the one record of them:

- :func:`example_values`: the example of every field the template invents, read from the
  schema's ``examples=`` (the ids from the scheme data, such as the round and the
  municipalities, are no inventions and are left out);
- :data:`EXAMPLE_MARK`: the comment the template writes after each of them. A value that is
  still the example *and* still marked is unfinished; a contributor whose project really has
  the example's value (the period 2025, the theme «Psykisk helse») deletes the mark. Real
  applications share values with the examples (a budget line of 450 000 kr, an own
  contribution from Tromsø kommune), which is why the value alone does not decide;
- :data:`BODY_PLACEHOLDERS`: the text under each heading of the body;
- :data:`WORD_PLACEHOLDERS`: the texts Word shows in the official form's empty fields.

The template writes from this record (``pages.templating.new_application_text``) and the check
reads it (``checks.placeholders``), so the two cannot drift apart.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel

from .schema import Application
from .yamlsource import Loc

EXAMPLE_MARK = "# eksempel"
_MARK = re.compile(r"(?:^|\s)#\s*eksempel\b", re.IGNORECASE)

# The text under each heading of a new file's body: for the form's required parts, and for the
# parts an application has only where relevant.
BODY_PLACEHOLDER = "Skriv her."
OPTIONAL_BODY_PLACEHOLDER = "Skriv her (ved relevans; fjern overskriften om delen ikke er aktuell)."
BODY_PLACEHOLDERS = (BODY_PLACEHOLDER, OPTIONAL_BODY_PLACEHOLDER)

# What Word shows in an empty content control of the form (text, date and list controls; the
# wording of Word in Norwegian, older and newer, and in English).
WORD_PLACEHOLDERS = (
    "Klikk eller trykk her for å skrive inn tekst.",
    "Klikk eller trykk for å skrive inn en dato.",
    "Klikk her for å skrive inn tekst.",
    "Klikk her for å skrive inn en dato.",
    "Velg et element.",
    "Click or tap here to enter text.",
    "Click or tap to enter a date.",
    "Click here to enter text.",
    "Click here to enter a date.",
    "Choose an item.",
)


# The examples of the front matter -------------------------------------------------------------

@lru_cache(maxsize=1)
def example_values() -> dict[str, Any]:
    """The template's example of each field it invents, by the field's path as the field
    reference writes it (``contacts[].name``: any contact's name): ``{"contacts[].name":
    "Kari Nordmann", "budget.requested": 450000, "themes[]": "Psykisk helse", …}``."""
    return dict(_examples_of(Application, ""))


def _examples_of(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, Any]]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        if info.examples:  # as the template does: a field's own example first, else its parts'
            example = info.examples[0]
            if isinstance(example, list):
                yield from ((f"{path}[]", item) for item in example)
            else:
                yield path, example
            continue
        nested, is_list = _nested_model(info.annotation)
        if nested is not None:
            yield from _examples_of(nested, f"{path}[]." if is_list else f"{path}.")


def _nested_model(annotation: Any, in_list: bool = False) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (``Contact`` for ``list[Contact]``, ``Period`` for ``Period | None``),
    and whether it holds a list of them."""
    if typing.get_origin(annotation) is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, in_list
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _nested_model(typing.get_args(annotation)[0], in_list)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            model, is_list = _nested_model(arg, in_list)
            if model is not None:
                return model, is_list
    elif origin is list:
        args = typing.get_args(annotation)
        return _nested_model(args[0], True) if args else (None, False)
    return None, False


def generic_path(loc: Loc) -> str:
    """``("contacts", 0, "name")`` -> ``contacts[].name``: the path of :func:`example_values`."""
    out = ""
    for part in loc:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def examples_in(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Each value in the (parsed, not yet validated) front matter that is the template's example
    for its field, with where it stands: ``(("contacts", 0, "name"), "Kari Nordmann")``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from examples_in(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from examples_in(value, (*loc, index))
    elif loc:
        examples = example_values()
        path = generic_path(loc)
        if path in examples and type(data) is type(examples[path]) and data == examples[path]:
            yield loc, data


def text_values(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text in the front matter, with where it stands."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from text_values(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_values(value, (*loc, index))
    elif isinstance(data, str) and loc:
        yield loc, data


def is_marked(line: str) -> bool:
    """Whether a line (or text) of the front matter still has the template's :data:`EXAMPLE_MARK`."""
    return bool(_MARK.search(line))


def mark_examples(front_matter: str, given: Iterable[str] = ()) -> str:
    """The template's front matter with :data:`EXAMPLE_MARK` after each example value, except
    in the top-level fields ``given`` (answers, such as the title ``tilskudd new`` asks for)."""
    given = set(given)
    data = yaml.safe_load(front_matter)
    root = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    marked = {loc for loc, _ in examples_in(data) if loc[0] not in given}
    lines = front_matter.split("\n")
    for loc, node in _scalar_nodes(root, ()):
        if loc in marked:
            end = node.end_mark.line  # the mark goes after the value's last line
            if node.end_mark.column == 0 and end > node.start_mark.line:  # a block scalar ends on the next line
                end -= 1
            lines[end] = f"{lines[end]}  {EXAMPLE_MARK}"
    return "\n".join(lines)


def _scalar_nodes(node: yaml.Node | None, loc: Loc) -> Iterator[tuple[Loc, yaml.ScalarNode]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalar_nodes(value, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalar_nodes(item, (*loc, index))
    elif isinstance(node, yaml.ScalarNode):
        yield loc, node


# Placeholder texts ------------------------------------------------------------------------------

def _plain(text: str) -> str:
    return " ".join(text.split()).strip().rstrip(".").casefold()


def _loose(text: str) -> str:
    """A pattern for ``text`` with any spacing, any case and the final full stop optional."""
    words = text.rstrip(".").split()
    return r"\s+".join(re.escape(word) for word in words) + r"\.?"


_BODY = {_plain(text): text for text in BODY_PLACEHOLDERS}
_WORD = {_plain(text): text for text in WORD_PLACEHOLDERS}
# A line of the body that is a placeholder (also as a list item or quote), alone or with text
# written after its full stop.
_BODY_LINE = re.compile(r"^[ \t]*(?:[-*>][ \t]*)?(" + "|".join(_loose(t) for t in BODY_PLACEHOLDERS)
                        + r")(?:[ \t]*$|(?<=\.)[ \t]+\S.*$)", re.IGNORECASE | re.MULTILINE)
_WORD_ANYWHERE = re.compile(r"(?<!\w)(?:" + "|".join(_loose(t) for t in WORD_PLACEHOLDERS) + r")(?!\w)", re.IGNORECASE)


def body_placeholders(text: str) -> Iterator[tuple[int, str]]:
    """Where a line of ``text`` is still one of the template's placeholder texts, and which."""
    for match in _BODY_LINE.finditer(text):
        yield match.start(1), _BODY[_plain(match.group(1))]


def word_placeholders(text: str) -> Iterator[tuple[int, str]]:
    """Where ``text`` holds one of the Word form's placeholder texts, and which."""
    for match in _WORD_ANYWHERE.finditer(text):
        yield match.start(), _WORD[_plain(match.group(0))]


def is_word_placeholder(text: str) -> bool:
    """Whether ``text`` is nothing but one of the Word form's placeholder texts."""
    return _plain(text) in _WORD
