"""Personal data that must not be published by mistake, searched in an application file as a
reader will read what is published from it (``idnumbers`` reads the disguises: entities,
inline markup and tags, invisible characters, numbers grouped or split over a line).

- A Norwegian national identity number or D-number (11 digits whose check digits are right,
  checked with python-stdnum) anywhere in a file, its name included, is an error.
- E-mail addresses and phone numbers are published only from the ``contacts`` fields where the
  schema puts them (``contacts[i].email``, ``contacts[i].phone``), where the contributor has
  said who may be asked. Anywhere else in the file, its name included, they are errors.

What is searched: the file name; every value of the front matter as YAML reads it (and the keys
under ``extra``, which are published too), each with its own field and line; the front matter's text (for comments and what YAML could not
read; identity numbers and addresses only, since amounts are written there as bare numbers);
and the body. A message names the file, line and field, and never shows the number or address:
CI logs are public. Every problem's message is also passed through ``idnumbers.redact``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from ..input.load import SourceFile
from ..input.messages import field_path
from ..problems import Problem
from .idnumbers import (ANY_TAG_BYTES, ATTRIBUTE, BLOCK_TAG_BYTES, CSV, EMAIL, ID_NUMBER, JSON, MARKDOWN, PHONE,
                        REDACTED, XML, Found, char_start, in_tag, numbers, reader_text, redact, scan_numbers)

CONTACT_FIELD = "contacts"
# Where the schema puts the contacts' own address and phone number: allowed there and only there.
_ALLOWED_FIELD = {EMAIL: "email", PHONE: "phone"}

# An "@" as the source may write it: as it is, full width, as an entity, percent-encoded, in JSON.
_AT = re.compile(r"[@\uff20\ufe6b]|&#0*64(?:;|(?![0-9]))|&#[xX]0*40(?:;|(?![0-9A-Fa-f]))|&commat;|%40|\\u0040")
_AT_HINTS = ("@", "&#", "%40", "&commat;", "\\u0040", "\uff20", "\ufe6b")
_LOCAL = re.compile(r"[\w.+'\-]{1,64}\Z")
_DOMAIN = re.compile(r"[^\W_](?:[\w-]{0,61}[^\W_])?(?:\.[^\W_](?:[\w-]{0,61}[^\W_])?)*\.[^\W\d_]{2,63}(?![\w-])")
_SEPARATOR = "\x00"  # between the front matter's values when they are searched together
_SHORT = 512  # characters: a shorter text is read at once, a longer one the fast way


def email_addresses(text: str, syntax: str = MARKDOWN, start: int = 0, end: int | None = None) -> list[Found]:
    """The e-mail addresses whose "@" (however written) is in ``text[start:end]``, as a reader
    reads them; in HTML, also in the attributes of tags (``mailto:`` links)."""
    end = len(text) if end is None else end
    if not any(hint in text for hint in _AT_HINTS):
        return []
    found: list[Found] = []
    for at in _AT.finditer(text, start):
        if at.start() >= end:
            break
        if found and at.start() < found[-1].end:
            continue
        lo, hi, part_syntax = max(0, at.start() - 200), min(len(text), at.end() + 300), syntax
        tag = in_tag(text, at.start()) if syntax not in (JSON, CSV) else None
        if tag is not None:
            lo, hi, part_syntax = max(lo, tag[1]), min(hi, tag[2]), ATTRIBUTE
        norm, starts, ends = reader_text(text, lo, hi, part_syntax)
        i = bisect_right(starts, at.start()) - 1
        if i < 0 or starts[i] != at.start() or norm[i] != "@":
            continue
        local = _LOCAL.search(norm, max(0, i - 64), i)
        domain = _DOMAIN.match(norm, i + 1)
        if local is None or domain is None:
            continue
        name = local.group().lstrip(".")
        if name:
            address = f"{name}@{domain.group()}".lower()
            found.append(Found(EMAIL, starts[local.end() - len(name)], ends[domain.end() - 1], address))
    return found


# Each way of writing "@" behind a literal that is fast to search for in bytes.
_AT_BYTES = ((b"@", None), (b"&#", re.compile(rb"&#0*64(?![0-9])|&#[xX]0*40(?![0-9A-Fa-f])")),
             (b"&commat;", None), (b"%40", None), (b"\\u0040", None), ("\uff20".encode(), None),
             ("\ufe6b".encode(), None))
# An address written plainly, between what ends it for any reader (a space, a quote, a block tag;
# not an inline tag, which could join more to it): read without more ado.
_PLAIN_LOCAL = re.compile(rb"[A-Za-z0-9._+'-]{1,64}\Z")
_PLAIN_DOMAIN = re.compile(rb"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                           rb"[A-Za-z0-9])?)*\.[A-Za-z]{2,63}")
_PLAIN_BEFORE = frozenset(b" \t\r\n\"'(:,[")
_PLAIN_AFTER = frozenset(b" \t\r\n\"'),;:!?]")


def _plain_address(raw: bytes, at: int, syntax: str) -> Found | None:
    local = _PLAIN_LOCAL.search(raw, max(0, at - 64), at)
    domain = _PLAIN_DOMAIN.match(raw, at + 1)
    if local is None or domain is None or raw[local.start():local.start() + 1] == b".":
        return None
    start, end = local.start(), domain.end()
    if not (_ends_before(raw, start, syntax) and _ends_after(raw, end, syntax)):
        return None
    return Found(EMAIL, start, end, raw[start:end].decode("ascii").lower())


def _boundary_tag(raw: bytes, lt: int, syntax: str) -> bool:
    return (ANY_TAG_BYTES if syntax == XML else BLOCK_TAG_BYTES).match(raw, lt) is not None


def _ends_before(raw: bytes, pos: int, syntax: str) -> bool:
    while pos > 0 and raw[pos - 1] == 0x3E and syntax not in (JSON, CSV):  # a tag ends here
        lt = raw.rfind(b"<", max(0, pos - 2000), pos - 1)
        if lt < 0 or _boundary_tag(raw, lt, syntax):
            return lt >= 0
        pos = lt
    return pos == 0 or raw[pos - 1] in _PLAIN_BEFORE


def _ends_after(raw: bytes, pos: int, syntax: str) -> bool:
    while raw.startswith(b"<", pos) and syntax not in (JSON, CSV):
        gt = raw.find(b">", pos)
        if gt < 0 or _boundary_tag(raw, pos, syntax):
            return gt >= 0
        pos = gt + 1
    if raw[pos:pos + 1] == b".":  # the end of a sentence
        pos += 1
    return pos >= len(raw) or raw[pos] in _PLAIN_AFTER or raw.startswith((b"<", b"\\n"), pos)


def scan_emails(raw: bytes, syntax: str = MARKDOWN) -> list[Found]:
    """``email_addresses`` for a long text, given as UTF-8 bytes; offsets in the bytes."""
    spots: list[int] = []
    for literal, pattern in _AT_BYTES:
        if literal[:1] not in raw or literal not in raw:  # the first byte first: absent, it is found absent fastest
            continue
        if pattern is not None:
            spots += [match.start() for match in pattern.finditer(raw)]
            continue
        at = raw.find(literal)
        while at >= 0:
            spots.append(at)
            at = raw.find(literal, at + 1)
    found: list[Found] = []
    for spot in sorted(spots):
        if found and spot < found[-1].end:
            continue
        plain = _plain_address(raw, spot, syntax) if raw[spot] == 0x40 else None
        if plain is not None:
            found.append(plain)
            continue
        lo = char_start(raw, max(0, spot - 300))
        if syntax not in (JSON, CSV):  # from the tag the "@" may be in
            tag = raw.rfind(b"<", max(0, spot - 4000), spot)
            lo = min(lo, tag) if tag >= 0 and raw.rfind(b">", tag, spot) < 0 else lo
        hi = char_start(raw, spot + 400) if spot + 400 < len(raw) else len(raw)
        text = raw[lo:hi].decode("utf-8", errors="replace")
        at = len(raw[lo:spot].decode("utf-8", errors="replace"))
        found += [item._replace(start=lo + len(text[:item.start].encode()), end=lo + len(text[:item.end].encode()))
                  for item in email_addresses(text, syntax, at, at + 1)]
    return found


def personal_data(text: str | bytes, syntax: str = MARKDOWN, phones: bool = True,
                  known_phones: frozenset[str] = frozenset()) -> list[Found]:
    """Identity numbers, phone numbers and e-mail addresses in ``text``, in order, with offsets
    in ``text`` (bytes: UTF-8). A long text is searched the fast way (``scan_numbers``), where
    a plain number that can only be one of ``known_phones`` may be left out."""
    if isinstance(text, str) and len(text) < _SHORT:
        found = numbers(text, syntax, phones=phones) + email_addresses(text, syntax)
    else:
        raw = text if isinstance(text, bytes) else text.encode("utf-8")
        found = scan_numbers(raw, syntax, phones, known_phones) + scan_emails(raw, syntax)
        if isinstance(text, str):  # back to offsets in the text (findings are few)
            found = [item._replace(start=len(raw[:item.start].decode()), end=len(raw[:item.end].decode()))
                     for item in found]
    return sorted(found, key=lambda item: (item.start, item.end))


# Messages: what was found and where, never the value -------------------------------------

_HIDDEN = {ID_NUMBER: REDACTED, EMAIL: "[e-postadresse skjult]", PHONE: "[telefonnummer skjult]"}


def hidden(text: str) -> str:
    """``text`` (a path, say) with every identity number, address and phone number in it replaced
    by a placeholder."""
    for item in reversed(personal_data(text)):
        text = text[:item.start] + _HIDDEN[item.kind] + text[item.end:]
    return text


def message(kind: str, where: str, bare: bool = False) -> str:
    """The message for a finding; ``where`` is «feltet», «søknadsteksten», «forsiden» or «filnavnet»."""
    in_name = where == "filnavnet"
    if kind == ID_NUMBER:
        remedy = ("Slike numre skal aldri publiseres, heller ikke i en nettadresse: gi fila et annet navn"
                  if in_name else "Slike numre skal aldri publiseres: fjern nummeret fra fila")
        return (f"{where} inneholder et fødselsnummer eller D-nummer (11 siffer med gyldige kontrollsifre). "
                f"{remedy}. Nummeret vises ikke her, av personvernhensyn")
    if kind == EMAIL:
        remedy = ("gi fila et annet navn" if in_name else
                  f"e-postadresser publiseres bare fra kontaktpersonene: flytt den til `{CONTACT_FIELD}` (feltet `email`)")
        return f"{where} inneholder en e-postadresse; {remedy}. Adressen vises ikke her, av personvernhensyn"
    remedy = ("gi fila et annet navn" if in_name else
              f"telefonnumre publiseres bare fra kontaktpersonene: flytt det til `{CONTACT_FIELD}` (feltet `phone`)")
    if bare:
        remedy += "; er tallet et beløp, skriv «kr» etter det"
    return f"{where} inneholder et telefonnummer; {remedy}. Nummeret vises ikke her, av personvernhensyn"


# An application file ------------------------------------------------------------------------

# What keeps the check fast on any text. A real application has a few hundred digits and a few
# "@"; a text with far more is no application, and is refused rather than read closely (reading
# every digit and every "@" in a 1 MB text the way a reader does would take minutes).
MAX_DIGITS = 20_000
MAX_AT_SIGNS = 1_000  # "@" however written: as it is, as a character reference, percent-encoded
MAX_FINDINGS = 50  # reported for one text; the rest are counted


def too_dense(text: str) -> bool:
    """Whether ``text`` has more digits or "@" signs than :data:`MAX_DIGITS` and
    :data:`MAX_AT_SIGNS` (entities and percent-encoded characters count as possible "@")."""
    return (sum(map(text.count, "0123456789")) > MAX_DIGITS
            or sum(text.count(hint) for hint in _AT_HINTS) > MAX_AT_SIGNS)


def _dense_problem(path: str, where: str, line: int | None) -> Problem:
    return Problem(path, line, None, (
        f"{where} har for mange sifre eller @-tegn (over {MAX_DIGITS:_} sifre eller {MAX_AT_SIGNS:_} @-tegn og "
        "tegnkoder) til at kontrollen av personopplysninger kan lese den; en søknad har ikke så mange, så fjern "
        "lange lister med tall, tegn eller kodet tekst").replace("_", "\u00a0"))


def personal_data_problems(source: SourceFile) -> list[Problem]:
    """Identity numbers anywhere in the file, and e-mail addresses and phone numbers outside
    ``contacts[i].email`` and ``contacts[i].phone``: one problem for each, with its line and
    field (at most :data:`MAX_FINDINGS` for the body, then a count). The file's name is shown
    with any number or address in it hidden. A front matter or body too dense to read closely
    (:func:`too_dense`) is one problem."""
    path = hidden(source.display_path)
    problems = [Problem(path, None, "filnavn", message(item.kind, "filnavnet", item.bare))
                for item in personal_data(source.slug)]
    if too_dense(source.front):
        problems.append(_dense_problem(path, "forsiden", 2))
    else:
        problems += _front_matter_problems(source, path)
    if too_dense(source.body):
        return problems + [_dense_problem(path, "søknadsteksten", source.body_line)]
    found = personal_data(source.body)
    newlines = [match.start() for match in re.finditer("\n", source.body)] if found else []
    problems += [Problem(path, source.body_line + bisect_right(newlines, item.start - 1), None,
                         message(item.kind, "søknadsteksten", item.bare))
                 for item in found[:MAX_FINDINGS]]
    if len(found) > MAX_FINDINGS:
        problems.append(Problem(path, None, None, f"søknadsteksten har {len(found) - MAX_FINDINGS} personopplysninger "
                                                  "til av samme slag som over, som ikke er vist her; rett dem også"))
    return problems


def _front_matter_problems(source: SourceFile, path: str) -> list[Problem]:
    doc = source.doc
    lines = doc.lines if doc else {}
    seen: set[tuple[tuple, str]] = set()
    problems: list[Problem] = []
    if doc is not None and isinstance(doc.data, (dict, list)):
        for loc, item in _value_findings(doc.data):
            if _allowed(loc, item.kind) or (loc, item.kind) in seen:
                continue
            seen.add((loc, item.kind))
            problems.append(Problem(path, doc.line_of(loc, 2), redact(field_path(loc)) or None,
                                    message(item.kind, "feltet", item.bare)))
    # The text: comments, and what YAML did not read. Not phone numbers: amounts are bare numbers.
    front = source.front
    keys: list[tuple[int, int, tuple]] | None = None
    for item in personal_data(front, phones=False):
        line = 2 + front.count("\n", 0, item.start)
        if keys is None:
            keys = sorted((key_line, len(loc), loc) for loc, key_line in lines.items())
        at = [key for key in keys if key[0] <= line]
        loc = max(at, key=lambda key: (key[0], key[1]))[2] if at else ()
        if _allowed(loc, item.kind) or any((loc[:n], item.kind) in seen for n in range(len(loc) + 1)):
            continue
        seen.add((loc, item.kind))
        problems.append(Problem(path, line, redact(field_path(loc)) or None,
                                message(item.kind, "feltet" if loc else "forsiden", item.bare)))
    return problems


def _allowed(loc: tuple, kind: str) -> bool:
    return (len(loc) == 3 and loc[0] == CONTACT_FIELD and isinstance(loc[1], int)
            and loc[2] == _ALLOWED_FIELD.get(kind))


def _values(data: Any) -> list[tuple[tuple, str, bool]]:
    """Every value of the front matter as text (and the keys under ``extra``, which are
    published too), with its place and whether it is a number."""
    found = []
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            found.append((loc, value, False))
        elif isinstance(value, dict):
            for key, item in value.items():
                if loc[:1] == ("extra",) and isinstance(key, str):
                    found.append((loc + (key,), key, False))
                stack.append((loc + (key,), item))
        elif isinstance(value, list):
            stack += [(loc + (index,), item) for index, item in enumerate(value)]
        elif isinstance(value, int) and not isinstance(value, bool):
            found.append((loc, str(value), True))
    return found


def _value_findings(data: Any) -> list[tuple[tuple, Found]]:
    """What the front matter's values hold, searched together in one pass (a separator between
    them ends any number or address), each finding with the place of its value. A number value
    (an amount) is searched for identity numbers only."""
    places, starts, parts, offset = [], [], [], 0
    for loc, text, is_number in _values(data):
        places.append((loc, is_number))
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    joined = _SEPARATOR.join(parts)
    found = []
    for item in personal_data(joined):
        loc, is_number = places[bisect_right(starts, item.start) - 1]
        if not (is_number and item.kind == PHONE):
            found.append((loc, item))
    return found

