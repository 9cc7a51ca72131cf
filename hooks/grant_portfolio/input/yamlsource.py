"""Read YAML (a front-matter block or a whole data file) and remember the line of every key.

Validation messages must name the line a contributor should look at, so the document is built
from the parser's events, which carry positions. Duplicate keys, which YAML would silently
resolve to the last one, are reported.

The input is not trusted: whatever it holds, parsing ends quickly with data or with one
``YamlSyntaxError`` in Norwegian. So the text is limited in size and may not hold control
characters; anchors and aliases (an alias bomb expands to gigabytes), tags, merge keys and keys
that are not text are refused; collections may not nest deeper than ``MAX_DEPTH`` (the
document is built without recursion, so even a million ``[`` cannot exhaust the stack); absurd
integers and impossible dates are reported with their line and field instead of raising.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.reader import ReaderError

Loc = tuple[str | int, ...]

# libyaml's parser (bundled with PyYAML's wheels) is several times faster than the pure-Python
# one and gives the same events and marks; fall back to the pure-Python one where it is
# missing. Its error messages differ, so errors are reported from the pure-Python parser.
_FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_SIZE = 1_000_000  # characters; the scheme is about 8 kB, front matter a few kB
MAX_DEPTH = 20  # collections inside collections; front matter needs 4 at most
# A plain integer with more digits than this is a mistake, refused before it is converted (at
# 4 300 digits Python refuses, and converting is slow long before). Shorter ones reach the
# schema, which names the scheme's maximum for amounts (the largest is nine digits).
MAX_INT_DIGITS = 40
_PURE_PYTHON_LIMIT = 100_000  # characters the pure-Python parser reads in well under a second
MAX_CHARACTER_LINES = 20  # lines with control characters reported one by one

# Characters that may not stand anywhere in a file: the control characters (Unicode category
# Cc) other than tab, line feed and carriage return, the non-characters U+FFFE and U+FFFF and
# lone surrogates. U+0085 (NEL), U+2028 and U+2029 also end a line for YAML but not for an
# editor, so in YAML they would shift every line number after them.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff"
_FORBIDDEN = re.compile(f"[{_CONTROL}]")
_FORBIDDEN_IN_YAML = re.compile(f"[{_CONTROL}\u2028\u2029]")
# The same test on a whole file is three times faster on its UTF-8 bytes: delete the bytes
# that may stand, and look for C1 controls (C2 80–9F), U+FFFE and U+FFFF (EF BF BE–BF) and
# surrogates (ED A0–BF), each a search for a rare literal prefix.
_ALLOWED_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
_FORBIDDEN_UTF8 = [re.compile(pattern) for pattern in (b"\xc2[\x80-\x9f]", b"\xef\xbf[\xbe\xbf]", b"\xed[\xa0-\xbf]")]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = SafeConstructor()  # builds scalars only, which keeps no state

ANCHOR_MESSAGE = (
    "ankre og alias (& og *) er ikke tillatt; skriv verdien ut der den trengs, "
    "eller sett teksten i anførselstegn hvis den skal begynne med & eller *"
)
MERGE_MESSAGE = (
    "sammenslåing med << er ikke tillatt; skriv feltene ut der de trengs, "
    "eller sett teksten i anførselstegn hvis den skal være «<<»"
)
DEPTH_MESSAGE = (
    f"for mange nivåer inni hverandre (mer enn {MAX_DEPTH}); "
    "sjekk innrykket og at hver [ og { har sin ] og }"
)
_KEY_KINDS = {
    "tag:yaml.org,2002:int": "et tall",
    "tag:yaml.org,2002:float": "et tall",
    "tag:yaml.org,2002:bool": "en sannhetsverdi (ja/nei)",
    "tag:yaml.org,2002:null": "en tom verdi (null)",
    _TIMESTAMP: "en dato",
}


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
    """The text cannot be read; ``message`` is Norwegian, ``field`` the key path where the
    problem stands (``budget.lines[2].amount``), if it stands inside a value."""

    def __init__(self, line: int | None, message: str, field: str | None = None):
        self.line = line
        self.field = field
        super().__init__(message)


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document. ``first_line`` is the file line the text starts on."""
    offset = first_line - 1
    if len(text) > MAX_YAML_SIZE:
        raise YamlSyntaxError(None, too_large_message(len(text), MAX_YAML_SIZE))
    bad = _FORBIDDEN_IN_YAML.search(text)
    if bad:
        line = first_line + text.count("\n", 0, bad.start())
        raise YamlSyntaxError(line, _character_message(text, bad.start()))
    try:
        try:
            return _build(_FAST_LOADER, text, offset)
        except (yaml.YAMLError, ValueError):
            # Invalid input is rare: parse it again with the pure-Python parser, whose messages
            # (and lines) the Norwegian translations are written for; unless the text is so
            # large that this would take seconds (libyaml's message is then described if it
            # reads like PyYAML's, else in general terms, on the line libyaml gave).
            if len(text) > _PURE_PYTHON_LIMIT and _FAST_LOADER is not yaml.SafeLoader:
                raise
            return _build(yaml.SafeLoader, text, offset)
    except yaml.YAMLError as exc:
        line, message = _describe_yaml_error(exc, text, offset)
        raise YamlSyntaxError(line, message) from None
    except (ArithmeticError, ValueError, RecursionError, MemoryError):  # pragma: no cover - a safety net
        raise YamlSyntaxError(None, "fila kunne ikke leses; sjekk at den er en vanlig tekstfil") from None


def character_problems(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Characters no file may hold (control characters, non-characters): at most one per
    line, as (file line, message), in order, for the first ``MAX_CHARACTER_LINES`` lines that
    hold them and then once for the rest. ``first_line`` is the file line of the text."""
    data = text.encode("utf-8", "surrogatepass")
    if not data.translate(None, _ALLOWED_BYTES) and not any(p.search(data) for p in _FORBIDDEN_UTF8):
        return []
    found = []
    line, scanned = first_line, 0
    bad = _FORBIDDEN.search(text)
    while bad:
        line += text.count("\n", scanned, bad.start())
        if len(found) == MAX_CHARACTER_LINES:
            found.append((line, "fila inneholder usynlige kontrolltegn eller ugyldige tegn også på denne linja, "
                                "og kanskje på flere linjer etter den; fjern dem"))
            break
        found.append((line, _character_message(text, bad.start())))
        scanned = text.find("\n", bad.start())
        if scanned < 0:
            break
        bad = _FORBIDDEN.search(text, scanned)
    return found


def too_large_message(size: int, limit: int) -> str:
    return f"fila er for stor ({_megabytes(size)}); høyst {_megabytes(limit)} er tillatt"


def _megabytes(size: int) -> str:
    """``1 MB``, ``2,4 MB``: rounded up, so that a size over a limit never reads as the limit."""
    tenths = -(-size // 100_000)
    return f"{tenths // 10},{tenths % 10} MB".replace(",0 ", " ")


# The messages about a character no file may hold; also the web form's (``contribute.webform``),
# which says «feltet» or «teksten» where the check says «fila», and no line.
CHARACTER_MESSAGES = {
    "line_break": "{subject} inneholder et usynlig linjeskift ({code}) som tegn nr. {column}{place}; "
                  "bytt det ut med et vanlig linjeskift eller et mellomrom",
    "invalid": "{subject} inneholder et ugyldig tegn ({code}) som tegn nr. {column}{place}; fjern det",
    "control": "{subject} inneholder et usynlig kontrolltegn ({code}) som tegn nr. {column}{place}; "
               "fjern det (slike tegn følger ofte med tekst som er limt inn fra andre programmer)",
}


def _character_message(text: str, index: int) -> str:
    char = text[index]
    column = index - text.rfind("\n", 0, index)
    kind = ("line_break" if char in "\u2028\u2029" else
            "invalid" if char in "\ufffe\uffff" or "\ud800" <= char <= "\udfff" else "control")
    return CHARACTER_MESSAGES[kind].format(subject="fila", code=f"U+{ord(char):04X}", column=column, place=" på linja")


class _Refused(Exception):
    """Valid YAML that is not accepted here (an anchor, a tag, a key that is not text, …)."""


@dataclass(slots=True)
class _Frame:
    """A mapping or sequence being built: its value, its key path and, in a mapping, the key
    whose value comes next (``key`` is None while a key is expected)."""

    value: Any
    loc: Loc
    is_mapping: bool
    key: Loc | None = None
    seen: set[str] | None = None


def _build(loader_class: type, text: str, offset: int) -> YamlDocument:
    """Build the document from the parser's events, without recursion."""
    doc = YamlDocument(data=None)
    lines, duplicates = doc.lines, doc.duplicates
    loader = loader_class(text)
    try:
        get_event, resolve = loader.get_event, loader.resolve
        get_event()  # the stream starts
        if get_event().__class__ is StreamEndEvent:
            return doc
        stack: list[_Frame] = []
        frame: _Frame | None = None
        while True:
            event = get_event()
            kind = event.__class__
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                frame = stack[-1] if stack else None
                continue
            if kind is DocumentEndEvent:
                break
            line = event.start_mark.line + 1 + offset
            if frame is None:
                loc: Loc = ()
            elif frame.is_mapping:
                if frame.key is None:  # this event is a key
                    key = _key(event, resolve, frame.loc, line)
                    frame.key = loc = frame.loc + (key,)
                    if key in frame.seen:  # type: ignore[operator]
                        duplicates.append((loc, line))
                    else:
                        frame.seen.add(key)  # type: ignore[union-attr]
                        lines[loc] = line
                    continue
                loc = frame.key
            else:
                loc = frame.loc + (len(frame.value),)
                lines[loc] = line
            if event.anchor is not None or kind is AliasEvent:
                raise _refuse(ANCHOR_MESSAGE, line, loc)
            if event.tag is not None:
                raise _refuse(f"YAML-merkelappen «{_written_tag(event.tag)}» er ikke tillatt; fjern den, "
                              "eller sett teksten i anførselstegn hvis den skal begynne med !", line, loc)
            if kind is ScalarEvent:
                if event.implicit[0]:
                    value = _scalar(event.value, resolve(ScalarNode, event.value, (True, False)), event, line, loc)
                else:
                    value = event.value
                new = None
            elif len(stack) >= MAX_DEPTH:
                raise _refuse(DEPTH_MESSAGE, line, loc[:1])
            elif kind is MappingStartEvent:
                value = {}
                new = _Frame(value, loc, True, None, set())
            elif kind is SequenceStartEvent:
                value = []
                new = _Frame(value, loc, False)
            else:  # pragma: no cover - the parser gives only node events inside a document
                raise ComposerError(None, None, f"unexpected {kind.__name__}", event.start_mark)
            if frame is None:
                doc.data = value
            elif frame.is_mapping:
                frame.value[loc[-1]] = value
                frame.key = None
            else:
                frame.value.append(value)
            if new is not None:
                stack.append(new)
                frame = new
        if get_event().__class__ is not StreamEndEvent:
            raise ComposerError("expected a single document in the stream", None,
                                "but found another document", event.end_mark)
        return doc
    except _Refused as exc:
        raise exc.args[0] from None
    finally:
        loader.dispose()


def _refuse(message: str, line: int, loc: Loc) -> _Refused:
    return _Refused(YamlSyntaxError(line, message, _field(loc)))


def _field(loc: Loc) -> str | None:
    from .messages import field_path  # imported here: messages imports this module

    return field_path(loc) or None


def _key(event: Any, resolve: Any, parent: Loc, line: int) -> str:
    """A mapping key: plain text only (``1:``, ``no:``, ``~:`` or ``[a]:`` are refused)."""
    kind = event.__class__
    if event.anchor is not None or kind is AliasEvent:
        raise _refuse(ANCHOR_MESSAGE, line, parent)
    if kind is not ScalarEvent:
        what = "en gruppe med underfelt" if kind is MappingStartEvent else "en liste"
        raise _refuse(f"feltnavnet må være tekst, men her står {what} som feltnavn", line, parent)
    if event.tag is not None:
        raise _refuse(f"YAML-merkelappen «{_written_tag(event.tag)}» er ikke tillatt på et feltnavn; fjern den",
                      line, parent)
    text = event.value
    tag = resolve(ScalarNode, text, (True, False)) if event.implicit[0] else _STR
    if tag == _STR:
        return text
    if tag == _MERGE:
        raise _refuse(MERGE_MESSAGE, line, parent)
    if text == "":
        raise _refuse("feltnavnet mangler foran kolon (:)", line, parent)
    kind_name = _KEY_KINDS.get(tag, "et spesialtegn i YAML")
    raise _refuse(f'feltnavnet «{text}» må være tekst, men leses som {kind_name}; '
                  f'sett det i anførselstegn: "{text}":', line, parent)


def _scalar(text: str, tag: str, event: Any, line: int, loc: Loc) -> Any:
    """A plain scalar as the safe loader builds it; absurd or impossible values are refused."""
    if tag == _STR:
        return text
    if tag == _INT and len(text.replace("_", "").lstrip("+-")) > MAX_INT_DIGITS:
        raise _refuse(f"tallet er for stort (mer enn {MAX_INT_DIGITS} sifre); sjekk at det er skrevet riktig",
                      line, loc)
    if tag == _MERGE:
        raise _refuse(MERGE_MESSAGE, line, loc)
    if tag == _TIMESTAMP:
        _check_date(text, line, loc)
    constructor = _SCALARS.yaml_constructors.get(tag)
    try:
        if constructor is None:
            raise ValueError(tag)
        return constructor(_SCALARS, ScalarNode(tag, text, event.start_mark, event.end_mark))
    except (ArithmeticError, ValueError, LookupError, yaml.YAMLError):
        raise _refuse(f"verdien «{text}» kan ikke leses; sett den i anførselstegn hvis den skal være tekst",
                      line, loc) from None


def _check_date(text: str, line: int, loc: Loc) -> None:
    match = SafeConstructor.timestamp_regexp.match(text)
    if match is None:  # pragma: no cover - the resolver matched the same pattern
        return
    year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
    try:
        dt.date(year, month, day)
    except ValueError:
        raise _refuse(f"datoen {text[:match.end('day')]} finnes ikke; sjekk måned og dag (ÅÅÅÅ-MM-DD)",
                      line, loc) from None
    if match.group("hour") is not None:
        try:
            _SCALARS.construct_yaml_timestamp(ScalarNode(_TIMESTAMP, text))
        except (ValueError, OverflowError):
            raise _refuse(f"tidspunktet «{text}» finnes ikke; sjekk timer, minutter og tidssone",
                          line, loc) from None


def _written_tag(tag: str) -> str:
    """A tag as it was written: ``tag:yaml.org,2002:str`` was ``!!str``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


# PyYAML's problems (scanner, parser, composer, constructor) in Norwegian: the first entry whose
# context and problem begin as given applies; ``{context_line}`` is the line the construct
# began on. Refused constructs (tags, anchors, …) never reach the composer or constructor, but
# their messages are translated too, so that nothing is ever shown in English.
_INDENT = "innrykket stemmer ikke; sjekk mellomrommene foran feltene"
_QUOTE_HINT = "sett teksten i anførselstegn"
_YAML_PROBLEMS: list[tuple[str, str, str]] = [
    ("", "mapping values are not allowed",
     "kolon (:) på et uventet sted; sett teksten i anførselstegn hvis den inneholder kolon"),
    ("", "could not find expected ':'", "mangler kolon (:) etter feltnavnet"),
    ("", "found character '\\t' that cannot start any token", "tabulator er ikke lov i YAML; bruk mellomrom"),
    ("", "found a tab character", "tabulator er ikke lov i YAML; bruk mellomrom"),  # libyaml's words
    ("", "found character", "tegnet{found} kan ikke stå først i en verdi; " + _QUOTE_HINT),
    ("", "sequence entries are not allowed",
     "en listestrek (-) står på et uventet sted; sjekk innrykket, eller " + _QUOTE_HINT),
    ("", "block sequence entries are not allowed",
     "en listestrek (-) står på et uventet sted; sjekk innrykket, eller " + _QUOTE_HINT),
    ("", "mapping keys are not allowed",
     "et spørsmålstegn (?) står på et uventet sted; " + _QUOTE_HINT),
    ("", "expected key", _INDENT),  # libyaml's words, like the next one
    ("", "expected '-' indicator", "innrykket i lista stemmer ikke; sjekk mellomrommene foran strekene"),
    ("while scanning an alias", "", "* har en egen betydning i YAML; " + _QUOTE_HINT + " hvis den skal begynne med *"),
    ("while scanning an anchor", "", "& har en egen betydning i YAML; " + _QUOTE_HINT + " hvis den skal begynne med &"),
    ("while scanning a directive", "",
     "en linje som begynner med % er et YAML-direktiv; " + _QUOTE_HINT + " hvis den skal begynne med %"),
    ("while scanning a tag", "", "! har en egen betydning i YAML; " + _QUOTE_HINT + " hvis den skal begynne med !"),
    ("while parsing a tag", "", "! har en egen betydning i YAML; " + _QUOTE_HINT + " hvis den skal begynne med !"),
    ("while parsing a node", "found undefined tag handle",
     "! har en egen betydning i YAML; " + _QUOTE_HINT + " hvis den skal begynne med !"),
    ("", "expected indentation indicator in the range 1-9",
     "etter | eller > kan det stå et tall fra 1 til 9, men ikke 0"),
    ("", "expected chomping or indentation indicators",
     "etter | eller > kan det bare stå + , - eller et tall fra 1 til 9; flytt teksten til linja under"),
    ("while scanning a block scalar", "expected a comment or a line break",
     "teksten etter | eller > må begynne på linja under, med innrykk"),
    ("", "expected a comment or a line break",
     "en linje som begynner med % er et YAML-direktiv; " + _QUOTE_HINT + " hvis den skal begynne med %"),
    ("", "found unknown escape character", "ugyldig skrivetegn etter \\ i tekst i doble anførselstegn"),
    ("", "expected escape sequence of",
     "etter \\x, \\u eller \\U i tekst i doble anførselstegn må det stå en tegnkode med sifre og a–f; "
     "skriv \\\\ for en vanlig omvendt skråstrek"),
    ("while scanning a quoted scalar", "found unexpected end of stream",
     "anførselstegnet på linje {context_line} blir aldri avsluttet; legg til det avsluttende anførselstegnet"),
    ("", "found unexpected end of stream",
     "teksten slutter midt i en verdi (mangler et avsluttende anførselstegn?)"),
    ("", "found unexpected document separator",
     "en linje med --- eller ... står inne i teksten i anførselstegn fra linje {context_line}; "
     "mangler et avsluttende anførselstegn?"),
    ("", "expected '<document start>'",
     "uventet innhold etter slutten av YAML-dokumentet; sjekk linjer med bare ... eller som begynner med %"),
    ("", "found duplicate YAML directive", "ugyldig YAML-direktiv (linje som begynner med %); fjern linja"),
    ("", "found incompatible YAML document", "ugyldig YAML-direktiv (linje som begynner med %); fjern linja"),
    ("", "duplicate tag handle", "ugyldig YAML-direktiv (linje som begynner med %); fjern linja"),
    ("", "expected the node content",
     "mangler en verdi her; sjekk kommaene og klammene"),
    ("", "expected <block end>, but found '-'",
     "en listestrek (-) står på et uventet sted; sjekk innrykket"),
    ("", "expected <block end>, but found '<scalar>'",
     "uventet tekst; sjekk innrykket, og sett hele verdien i anførselstegn hvis den inneholder anførselstegn"),
    ("", "expected <block end>, but found ']'", "en ] står uten en [ foran; fjern den eller legg til ["),
    ("", "expected <block end>, but found '}'", "en }} står uten en {{ foran; fjern den eller legg til {{"),
    ("", "expected <block end>, but found ':'", "kolon (:) uten feltnavn foran"),
    ("", "expected <block end>, but found", _INDENT),
    ("", "expected ',' or ']'",
     "lista som begynner på linje {context_line}, mangler komma eller en avsluttende ]"),
    ("", "expected ',' or '}'",
     "gruppen som begynner på linje {context_line}, mangler komma eller en avsluttende }}"),
    ("", "but found another document", "fila inneholder mer enn ett YAML-dokument; fjern linja med ---"),
    ("", "found undefined alias", ANCHOR_MESSAGE),
    ("found duplicate anchor", "", ANCHOR_MESSAGE),
    ("", "found unhashable key", "feltnavnet må være tekst, ikke en liste eller en gruppe med underfelt"),
    ("", "could not determine a constructor for the tag",
     "YAML-merkelapper (som begynner med !) er ikke tillatt; fjern den"),
    ("while constructing a Python", "", "YAML-merkelapper (som begynner med !) er ikke tillatt; fjern den"),
    ("", "expected a mapping for merging", MERGE_MESSAGE),
    ("", "expected a mapping or list of mappings for merging", MERGE_MESSAGE),
    ("", "expected a", "verdien har feil form her; sjekk innrykket"),
    ("", "failed to", "verdien kan ikke leses; " + _QUOTE_HINT + " hvis den skal være tekst"),
]
# Where the construct began is the line to fix, not where the parser gave up.
_AT_CONTEXT = ("could not find expected ':'", "found unexpected end of stream", "found unexpected document separator")
_UNKNOWN = "ugyldig YAML her; sjekk innrykk, kolon og anførselstegn på linja"
_FOUND = re.compile(r"(?:found|got) (?:character )?'((?:[^'\\]|\\.)*)'")


def _describe_yaml_error(exc: yaml.YAMLError, text: str, offset: int) -> tuple[int | None, str]:
    """A parser error as (file line, Norwegian message)."""
    if isinstance(exc, ReaderError):  # a character the pre-check did not catch
        index = min(max(exc.position, 0), len(text) - 1) if text else 0
        return offset + 1 + text.count("\n", 0, index), (
            _character_message(text, index) if text else _UNKNOWN)
    if not isinstance(exc, yaml.MarkedYAMLError):  # pragma: no cover - PyYAML marks nearly every error
        return None, _UNKNOWN
    context, problem = exc.context or "", (exc.problem or "").removeprefix("did not find ")
    if problem == "found character that cannot start any token":  # libyaml does not name it
        char = _char_at(text, exc.problem_mark)
        problem = f"found character {char!r} that cannot start any token" if char else problem
    context_line = exc.context_mark.line + 1 + offset if exc.context_mark else None
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 + offset if mark else None
    for when, english, norwegian in _YAML_PROBLEMS:
        if context.startswith(when) and problem.startswith(english):
            if english in _AT_CONTEXT and context_line is not None:
                line = context_line
            found = _FOUND.search(problem)
            shown = f" «{found.group(1)}»" if found else ""
            return line, "ugyldig YAML: " + norwegian.format(context_line=context_line, found=shown)
    return line, _UNKNOWN


def _char_at(text: str, mark: Any) -> str:
    """The character at a mark, or nothing."""
    lines = text.split("\n")
    if mark is None or not 0 <= mark.line < len(lines) or not 0 <= mark.column < len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]
