"""Read YAML (a front-matter block or a whole data file) and remember the line of every key.

Validation messages must name the line a contributor should look at, so the document is
parsed once into PyYAML's node tree, which carries positions, and constructed from it.
Duplicate keys, which PyYAML would silently resolve to the last one, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Loc = tuple[str | int, ...]

# libyaml's parser (bundled with PyYAML's wheels) is about ten times faster than the pure-Python
# one and builds the same nodes, marks and data; fall back to the pure-Python one where it is
# missing. Its error messages differ, so errors are reported from the pure-Python parser.
_FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)  # key path -> 1-based line
    duplicates: list[tuple[Loc, int]] = field(default_factory=list)

    def line_of(self, loc: Loc, default: int | None = None) -> int | None:
        """The line of the deepest known key along ``loc`` (a missing key: its parent's line)."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return default


class YamlSyntaxError(Exception):
    def __init__(self, line: int | None, message: str):
        self.line = line
        super().__init__(message)


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document. ``first_line`` is the file line the text starts on."""
    offset = first_line - 1
    try:
        node, data = _compose(text, _FAST_LOADER)
    except yaml.YAMLError:
        # Invalid input is rare: parse it again with the pure-Python parser, whose messages
        # (and lines) the Norwegian translations below are written for.
        try:
            node, data = _compose(text, yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise _syntax_error(exc, offset) from None
    doc = YamlDocument(data=data)
    if node is not None:
        _index(node, (), doc, offset)
    return doc


def _compose(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.YAMLError, offset: int) -> YamlSyntaxError:
    if not isinstance(exc, yaml.MarkedYAMLError):  # pragma: no cover - PyYAML marks nearly every error
        return YamlSyntaxError(None, str(exc))
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 + offset if mark else None
    return YamlSyntaxError(line, _describe_yaml_error(exc))


def _index(node: yaml.Node, loc: Loc, doc: YamlDocument, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = loc + (key,)
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                doc.duplicates.append((child, line))
            else:
                doc.lines[child] = line
            seen.add(key)
            _index(value_node, child, doc, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = loc + (index,)
            doc.lines[child] = item.start_mark.line + 1 + offset
            _index(item, child, doc, offset)


_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "kolon (:) på et uventet sted; sett teksten i anførselstegn hvis den inneholder kolon"
    ),
    "could not find expected ':'": "mangler kolon (:) etter feltnavnet",
    "found character '\\t' that cannot start any token": "tabulator er ikke lov i YAML; bruk mellomrom",
    "found undefined alias": "ukjent alias (*)",
    "did not find expected key": "innrykket stemmer ikke; sjekk mellomrommene foran feltene",
    "did not find expected '-' indicator": "innrykket i lista stemmer ikke",
    "found unexpected end of stream": "teksten slutter midt i en verdi (mangler et avsluttende anførselstegn?)",
    "found unknown escape character": "ugyldig skrivetegn etter \\ i tekst i doble anførselstegn",
    "expected <block end>, but found": "innrykket stemmer ikke; sjekk mellomrommene foran feltene",
}


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for english, norwegian in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return f"ugyldig YAML: {norwegian}"
    return f"ugyldig YAML ({problem.strip() or 'ukjent feil'})"
