"""The last check on what leaves the build: every page and file the site publishes, and every
published path, read as a reader (or a program) reads it, for personal data.

The checks on the application files (``personal``) stop what contributors write. This guard
stops what gets past them anyway: a number that only becomes one when the page is put
together, a template or an export that shows a field it should not, a hand-written page in the
search index. It looks for

* national identity numbers and D-numbers: never allowed (but the made-up examples the
  project's own guide shows, which belong to people born before 1860, long before any number
  was issued);
* e-mail addresses and phone numbers that are not the contacts' own (``contacts[i].email`` and
  ``.phone``) nor in the project's own data (the scheme's addresses, the guide's examples).

Text is read by its kind (``syntax_for``): HTML as its text (inline tags joined without a gap,
block tags and table cells as boundaries, entities decoded, invisible characters left out) and
the attributes a reader sees or follows (``href``, ``src``, ``title``, ``alt``, percent-decoded);
JSON with its escapes; CSV by cells. Only the places around runs of digits and around "@"
(however written) are read closely, so the guard costs a small part of the build.

A problem names the published path and, where known, the application file it came from; never
the number or the address.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from stdnum.no import fodselsnummer

from ..problems import InputError, Problem
from .idnumbers import CSV, EMAIL, HTML, ID_NUMBER, JSON, MARKDOWN, PHONE, XML, Found, phone_digits
from .personal import hidden, personal_data

EXAMPLE_BORN_BEFORE = 1860  # nobody born before this was alive when numbers were first issued (1964)
_SYNTAX = {".html": HTML, ".htm": HTML, ".xml": XML, ".json": JSON, ".csv": CSV, ".md": MARKDOWN}
# Where a JSON file names the application a finding belongs to: the open data's "source", the
# search index's page address "u".
_JSON_SOURCE = re.compile(rb'"(?:source|u)"\s*:\s*"([^"\\]{1,300})"')
# The drawing instructions of an SVG shape (a map's coastline): numbers a reader never sees, in
# an attribute the guard does not read, but often longer than the longest tag it reads as one.
# Only plain path data is blanked (same length, so offsets stay); anything else in it is read.
_PATH_DATA = re.compile(rb'(?<=\sd=")[-0-9 .,MmLlHhVvZz]{1,1000000}(?=")')
_OVERLAP = 1000  # bytes of a file's previous piece read again with the next one
T = TypeVar("T")


@dataclass(frozen=True)
class Allowed:
    """What may be published: e-mail addresses in lower case, phone numbers as eight digits,
    and the made-up identity numbers of the project's own examples."""

    emails: frozenset[str] = field(default_factory=frozenset)
    phones: frozenset[str] = field(default_factory=frozenset)
    id_numbers: frozenset[str] = field(default_factory=frozenset)

    def allows(self, item: Found) -> bool:
        if item.kind == EMAIL:
            return item.value in self.emails
        if item.kind == PHONE:
            return item.value in self.phones
        return item.value in self.id_numbers


def allowed_values(contacts: Iterable, texts: Iterable[str] = ()) -> Allowed:
    """The contacts' own addresses and phone numbers (objects with ``email`` and ``phone``),
    and every address and phone number in ``texts``: the project's own data and examples, which
    its maintainers write. An identity number in ``texts`` is allowed only as a made-up example:
    born before 1860."""
    emails: set[str] = set()
    phones: set[str] = set()
    id_numbers: set[str] = set()
    for contact in contacts:
        if getattr(contact, "email", None):
            emails.add(contact.email.lower())
        if getattr(contact, "phone", None):
            phones.add(phone_digits(contact.phone))
    for text in texts:
        for item in personal_data(text):
            if item.kind == EMAIL:
                emails.add(item.value)
            elif item.kind == PHONE:
                phones.add(item.value)
            elif fodselsnummer.get_birth_date(item.value).year < EXAMPLE_BORN_BEFORE:
                id_numbers.add(item.value)
    return Allowed(frozenset(emails), frozenset(phones), frozenset(id_numbers))


def syntax_for(path: str) -> str:
    """How a published file is read, by its name."""
    dot = path.rfind(".")
    return _SYNTAX.get(path[dot:].lower(), MARKDOWN) if dot > path.rfind("/") else MARKDOWN


def published_problems(path: str, text: str | bytes, allowed: Allowed, source: str | None = None,
                       sources: Mapping[str, str] | None = None, syntax: str | None = None,
                       after: int = 0) -> list[Problem]:
    """Personal data in ``text``, published at ``path``, that ``allowed`` does not allow: one
    problem for each kind of finding and application file. ``source`` is the application file
    the whole text comes from; ``sources`` maps a page address, page or slug to its application
    file, for files that hold many applications (the open data, the search index). Findings
    that end before ``after`` are left out (read already, with a file's previous piece). Bytes
    are read as UTF-8."""
    syntax = syntax or syntax_for(path)
    raw = text.encode("utf-8") if isinstance(text, str) else text  # offsets in bytes: none is shown
    if syntax in (HTML, MARKDOWN, XML) and b' d="' in raw:
        raw = _PATH_DATA.sub(lambda match: b" " * len(match.group()), raw)
    problems, seen = [], set()
    for item in personal_data(raw, syntax, known_phones=allowed.phones):
        if item.end <= after or allowed.allows(item):
            continue
        origin = source or _source_near(raw, item.start, syntax, sources or {})
        if (item.kind, origin) in seen:
            continue
        seen.add((item.kind, origin))
        problems.append(Problem(hidden(path), None, None, _message(item, origin)))
    return problems


def path_problems(paths: Iterable[tuple[str, str | None]], allowed: Allowed) -> list[Problem]:
    """Personal data in published paths (a page's address, a file's name), each given with the
    application file it comes from or None; all read in one pass."""
    paths = list(paths)
    starts, offset = [], 0
    for path, _ in paths:
        starts.append(offset)
        offset += len(path.encode("utf-8")) + 1
    problems = []
    joined = b"\x00".join(path.encode("utf-8") for path, _ in paths)  # a separator ends any number
    for item in personal_data(joined):
        if not allowed.allows(item):
            path, source = paths[bisect_right(starts, item.start) - 1]
            origin = f" (fra `{hidden(source)}`)" if source else ""
            problems.append(Problem(hidden(path), None, None, _path_message(item, origin)))
    return problems


def _source_near(raw: bytes, pos: int, syntax: str, sources: Mapping[str, str]) -> str | None:
    """The application file a finding in a file of many applications belongs to, if it is known
    (in the search index, a hand-written page's address)."""
    if syntax not in (JSON, CSV):
        return None
    if syntax == JSON:
        name = None
        for match in _JSON_SOURCE.finditer(raw, max(0, pos - 200_000), pos):
            name = match.group(1)  # the nearest before the finding
        if name is None:
            return None
        name = name.decode("utf-8", errors="replace")
        return sources.get(name, name)  # a page that is not an application's: its address
    line = raw.rfind(b"\n", 0, pos) + 1
    return sources.get(raw[line:pos].split(b";", 1)[0].strip(b'"').decode("utf-8", errors="replace"))  # the id


def _message(item: Found, source: str | None) -> str:
    origin = f" (fra `{hidden(source)}`)" if source else ""
    found = "kontrollen av det som skal publiseres, fant"
    if item.kind == ID_NUMBER:
        return (f"{found} et fødselsnummer eller D-nummer{origin}. Slike numre skal aldri publiseres: "
                "fjern nummeret fra kilden. Nummeret vises ikke her, av personvernhensyn")
    if item.kind == EMAIL:
        return (f"{found} en e-postadresse som ikke er en kontaktpersons{origin}. E-postadresser publiseres "
                "bare fra kontaktpersonene (`contacts`, feltet `email`): flytt den dit, eller fjern den. "
                "Adressen vises ikke her, av personvernhensyn")
    hint = "; er tallet et beløp, skriv «kr» etter det" if item.bare else ""
    return (f"{found} et telefonnummer som ikke er en kontaktpersons{origin}. Telefonnumre publiseres "
            f"bare fra kontaktpersonene (`contacts`, feltet `phone`): flytt det dit, eller fjern det{hint}. "
            "Nummeret vises ikke her, av personvernhensyn")


def _path_message(item: Found, origin: str) -> str:
    what = {ID_NUMBER: "et fødselsnummer eller D-nummer", EMAIL: "en e-postadresse", PHONE: "et telefonnummer"}
    return (f"nettadressen eller filnavnet inneholder {what[item.kind]}{origin}; gi fila et annet navn. "
            f"{'Adressen' if item.kind == EMAIL else 'Nummeret'} vises ikke her, av personvernhensyn")


class PublishedGuard:
    """The guard over one build: what it publishes is given to ``text``, ``file`` and
    ``path`` as it is made, and the problems are raised together at the end (``raise_found``);
    pages rendered later, one at a time, are checked when they are (``guarded``)."""

    def __init__(self, allowed: Allowed, sources: Mapping[str, str] | None = None):
        self.allowed = allowed
        self.sources = dict(sources or {})
        self.problems: list[Problem] = []
        self.paths: list[tuple[str, str | None]] = []  # read together at the end

    def text(self, path: str, text: str, source: str | None = None, syntax: str | None = None) -> None:
        self.problems += published_problems(path, text, self.allowed, source, self.sources, syntax)

    def path(self, path: str, source: str | None = None) -> None:
        self.paths.append((path, source))

    def file(self, path: str, pieces: Iterable[bytes]) -> Iterator[bytes]:
        """The pieces of a file, each checked as it passes (with the end of the one before, so
        that nothing is missed where two pieces meet)."""
        self.path(path)
        syntax, tail = syntax_for(path), b""
        for piece in pieces:
            text = tail + piece
            self.problems += published_problems(path, text, self.allowed, None, self.sources, syntax, len(tail))
            tail = text[-_OVERLAP:]
            yield piece

    def guarded(self, path: str, render: Callable[[], T], text_of: Callable[[T], str],
                source: str | None = None) -> Callable[[], T]:
        """``render``, checked each time it is called: raises ``InputError`` on a finding."""
        self.path(path, source)

        def rendered() -> T:
            made = render()
            problems = published_problems(path, text_of(made), self.allowed, source, self.sources, HTML)
            if problems:
                raise InputError(problems)
            return made

        return rendered

    def raise_found(self) -> None:
        self.problems += path_problems(self.paths, self.allowed)
        self.paths = []
        if self.problems:
            raise InputError(sorted(set(self.problems)))
