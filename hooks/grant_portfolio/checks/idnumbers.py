"""Numbers about persons in text as a reader reads it: Norwegian national identity numbers and
D-numbers (11 digits whose check digits and date are right, checked with python-stdnum) and
Norwegian phone numbers, however the source writes them; and the identity numbers hidden from
anything the project prints (``redact``).

A reader sees what a page shows, not its source. ``010190**12345**``, ``01019&#48;12345``,
``0101<span></span>9012345``, ``010190<!-- -->12345``, a zero-width space or soft hyphen
between two digits, ``01.01.90 12345``, ``010190 123 45`` and ``010190`` at the end of a line
with ``12345`` on the next all read as one number. So the text is read as tokens (``_TOKENS``):

* digits, also written as an entity (``&#48;``, ``&#x30;``), percent-encoded (``%30``) or, in
  JSON, as ``\\u0030``;
* gaps that join digits: inline tags, comments, Markdown's inline marks (``* _ ` ~``) and
  backslashes, invisible characters (Unicode's format characters, soft hyphen, variation
  selectors);
* gaps that separate groups of digits: spaces of every width, a line break inside a paragraph,
  dots, hyphens and dashes, slashes, ``<br>``;
* everything else ends a number: letters and other punctuation, a blank line, a line that
  starts a list item, quote, heading or table row, a block tag (paragraph, table cell, list
  item), a JSON string's ``\\n`` or a CSV row.

One regular expression per kind of text (``_number_pattern``) finds, at C speed, the stretches of
at least eight digits joined by such gaps; only those are read token by token. Within them a
number is a run of groups a reader reads as one: 11 digits as 6+5, 6+3+2, a date and 5
(``01.01.90 12345``) and the like (``ID_PATTERNS``), or a phone number as +47 and 8 digits,
2+2+2+2 or 3+2+3 digits, or 8 digits together: a mobile number (4 or 9 first) unless an
amount, or any number after "tlf", "telefon", "mobil". Amounts grouped in threes never match.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

from stdnum.no import fodselsnummer

REDACTED = "[fødselsnummer skjult]"

# Kinds of text, by how they write characters and where a block ends.
MARKDOWN = "markdown"  # application files, generated Markdown pages, values and file names
HTML = "html"  # finished pages
XML = "xml"  # the Atom feed: every element is a value of its own
JSON = "json"
CSV = "csv"
ATTRIBUTE = "attribute"  # the value of an HTML attribute: no tags inside
_TAGGED = (MARKDOWN, HTML, XML)

ID_NUMBER, PHONE, EMAIL = "id", "phone", "email"

# Groups of digits read as one identity number: together, 6+5 (date, personal number), 6+3+2,
# the date written as a date (2+2+2) and 5 or 3+2, and digit by digit.
ID_PATTERNS = frozenset({(11,), (6, 5), (6, 3, 2), (6, 2, 3), (2, 2, 2, 5), (2, 2, 2, 3, 2), (2, 2, 7), (1,) * 11})
_PHONE_PATTERNS = ((2, 2, 2, 2), (3, 2, 3))  # as phone numbers are written, spaces between

# Unicode's format characters (category Cf, soft hyphen among them), the combining grapheme
# joiner, Hangul fillers and variation selectors: nothing a reader sees.
_INVISIBLE = ("\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
              "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f"
              "\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
              "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef")
_SPACES = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SEPARATORS = ".\\-/\u00b7\u2010-\u2013\u2212\u2215\u2044\uff0d\uff0e\uff0f"  # dots, hyphens, dashes, slashes
_MARKS = "*_`~"  # Markdown's inline marks (and the backslash, outside JSON)

# Token classes: a digit, a gap that joins, a space or a separator between groups, a plus sign,
# and the end of a number.
DIGIT, JOIN, SPACE, SEPARATOR, PLUS, END = "d", "j", "s", "p", "+", "e"

_BLOCK_TAGS = frozenset("""
    address article aside audio blockquote body canvas caption center circle clippath col colgroup dd defs
    desc details dialog dir div dl dt ellipse embed fieldset figcaption figure footer foreignobject form
    frame frameset g h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe image img input legend li line
    lineargradient link main marker math menu meta nav noscript object ol optgroup option p param path
    pattern polygon polyline pre radialgradient rect script section select source stop style summary svg
    symbol table tbody td template text textarea tfoot th thead title tr track ul use video
""".split())
# Attribute values a reader may see or follow; others (coordinates, sizes, ids) are not read.
TEXT_ATTRIBUTES = frozenset({"href", "src", "title", "alt", "content", "aria-label", "label", "value",
                             "placeholder", "cite", "srcset", "poster", "action", "summary", "abbr", "!--"})

# Where a new block starts after a line break in Markdown: a blank line, a list item, a quote, a
# heading, a table row, a definition, a fence.
_BLOCK_START = r"[ \t]*(?:\r?\n|$|[-*+>|#:]|\d{1,9}[.)](?:[ \t]|$)|```|~~~)"
_TAG = r"<!--[\s\S]{0,2000}?-->|<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@]+@)/?[A-Za-z][^<>]{0,2000}>"  # not <https://…>
_ESCAPED_TAG = r"&lt;!--[\s\S]{0,2000}?--&gt;|&lt;/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,500}?)?/?&gt;"
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
_DIGIT_ENTITY = r"&#0*(?:4[89]|5[0-7])(?:;|(?![0-9]))|&#[xX]0*3[0-9](?:;|(?![0-9A-Fa-f]))"
_PLUS_ENTITY = r"&#0*43(?:;|(?![0-9]))|&#[xX]0*2[bB](?:;|(?![0-9A-Fa-f]))|&plus;"


class Found(NamedTuple):
    kind: str  # ID_NUMBER, PHONE or EMAIL
    start: int  # where it is in the text searched
    end: int
    value: str  # normalised (digits; a phone's eight digits; an address in lower case): never shown
    bare: bool = False  # a phone number that is eight digits alone: could be an amount without "kr"


@lru_cache(maxsize=None)
def _number_pattern(syntax: str, min_digits: int) -> re.Pattern:
    """Stretches of at least ``min_digits`` digits with only gaps between them: a superset of
    what ``_segments`` reads as numbers. The gaps never start like a digit, so they are taken
    possessively, and the search never backtracks far."""
    digit = [r"\d", _DIGIT_ENTITY, r"%3[0-9]"]
    plus = ["[+\uff0b]", _PLUS_ENTITY, "%2[bB]"]
    marks = _MARKS + ("" if syntax == JSON else "\\\\")
    gap = [f"[{_SPACES}{_SEPARATORS}{marks}{_INVISIBLE}]"]
    if syntax in _TAGGED:
        gap.append(_TAG)
    if syntax in (HTML, XML):
        gap.append(_ESCAPED_TAG)
    gap += [f"(?!{_DIGIT_ENTITY}){_ENTITY}", "%(?!3[0-9])[0-9A-Fa-f]{2}"]
    if syntax == MARKDOWN:
        gap.append(rf"\r?\n(?!{_BLOCK_START})")
    elif syntax in (HTML, XML, ATTRIBUTE):
        gap.append(r"[\r\n]")
    if syntax == JSON:
        digit.append(r"\\u003[0-9]")
        plus.append(r"\\u002[bB]")
        gap += [r"\\u(?!003[0-9])[0-9A-Fa-f]{4}", r"\\[t/\\]"]
    d, g, p = (f"(?:{'|'.join(parts)})" for parts in (digit, gap, plus))
    return re.compile(f"(?:{p}{g}*+)?{d}(?:{g}*+{d}){{{min_digits - 1},}}")


@lru_cache(maxsize=None)
def _tokens(syntax: str) -> re.Pattern:
    parts = []
    if syntax in _TAGGED:
        parts.append(f"(?P<tag>{_TAG})")
    if syntax in (HTML, XML):
        parts.append(f"(?P<etag>{_ESCAPED_TAG})")
    parts += [f"(?P<ent>{_ENTITY})", "(?P<pct>(?:%[0-9A-Fa-f]{2})+)"]
    if syntax == JSON:
        parts += [r"(?P<ju>\\u[0-9a-fA-F]{4})", r"(?P<je>\\[^u])"]
    parts += [r"(?P<nl>\r?\n)", r"(?P<run>[^<&%\\\r\n]+)", r"(?P<c>[\s\S])"]
    return re.compile("|".join(parts))


_CHAR = re.compile(f"(?P<{SPACE}>[{_SPACES}])|(?P<{SEPARATOR}>[{_SEPARATORS}])"
                   f"|(?P<{JOIN}>[{_MARKS}\\\\{_INVISIBLE}])|(?P<plus>[+\uff0b])")
_NEW_BLOCK = re.compile(_BLOCK_START)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


@lru_cache(maxsize=8192)
def _char(ch: str) -> tuple[str, str]:
    """The class of one character, and the character as a reader reads it."""
    if ch.isdecimal():
        return DIGIT, str(unicodedata.decimal(ch))
    match = _CHAR.fullmatch(ch)
    if match is None:
        return END, ch
    if match.lastgroup == "plus":
        return PLUS, "+"
    return match.lastgroup, " " if match.lastgroup == SPACE else ch


def _tag(token: str, syntax: str) -> tuple[tuple[str, str], ...]:
    if token.startswith(("<!--", "&lt;!--")):
        return ((JOIN, ""),)
    name = _TAG_NAME.match(token.replace("&lt;", "<", 1))
    name = name.group(1).lower() if name else ""
    if name == "br":
        return ((SPACE, " "),)
    if syntax == XML or name in _BLOCK_TAGS:
        return ((END, "\n"),)
    return ((JOIN, ""),)


@lru_cache(maxsize=4096)
def _decode(group: str, token: str, syntax: str) -> tuple[tuple[str, str], ...]:
    """The classes and characters a token stands for (a tag, an entity, an escape)."""
    if group == "tag":
        return _tag(token, XML if syntax == XML else HTML)
    if group == "etag":
        return _tag(token, HTML)
    if group == "ent":
        text = html.unescape(token)
        return ((END, token),) if text == token else tuple(_char(ch) for ch in text)
    if group == "pct":
        return tuple(_char(ch) for ch in unquote(token, errors="replace"))
    if group == "ju":
        code = int(token[2:], 16)
        return ((END, "\ufffd"),) if 0xD800 <= code <= 0xDFFF else (_char(chr(code)),)
    if group == "je":
        return {"t": ((SPACE, " "),), "/": ((SEPARATOR, "/"),), "\\": ((JOIN, ""),)}.get(token[1], ((END, "\n"),))
    return (_char(token),)


def _classes(match: re.Match, text: str, syntax: str):
    """The classes and characters of one token from ``_tokens``."""
    group = match.lastgroup
    if group == "run":
        return [_char(ch) for ch in match.group()]
    if group == "nl":
        if syntax in (HTML, XML, ATTRIBUTE) or (syntax == MARKDOWN and not _NEW_BLOCK.match(text, match.end())):
            return ((SPACE, " "),)
        return ((END, "\n"),)
    return _decode(group, match.group(), syntax)


@dataclass
class Group:
    digits: str
    start: int
    end: int


@dataclass
class Segment:
    """Groups of digits with only gaps between them; ``gaps[i]`` is between groups i and i+1:
    SPACE (spaces only) or SEPARATOR (a dot, hyphen or slash among them)."""

    groups: list[Group] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    plus: int | None = None  # where a plus sign before the first group is


def _segments(text: str, start: int, end: int, syntax: str) -> list[Segment]:
    segments: list[Segment] = []
    current = Segment()
    gap: str | None = None  # since the last digit: None (joined), SPACE or SEPARATOR
    plus: int | None = None
    for match in _tokens(syntax).finditer(text, start, end):
        for cls, ch in _classes(match, text, syntax):
            if cls == DIGIT:
                if current.groups and gap is None:
                    current.groups[-1].digits += ch
                    current.groups[-1].end = match.end()
                else:
                    if current.groups:
                        current.gaps.append(gap)
                    else:
                        current.plus = plus
                    current.groups.append(Group(ch, match.start(), match.end()))
                gap = None
            elif cls in (SPACE, SEPARATOR):
                if current.groups:  # else between a plus sign and the digits
                    gap = SEPARATOR if SEPARATOR in (gap, cls) else SPACE
            elif cls != JOIN:
                if current.groups:
                    segments.append(current)
                    current = Segment()
                gap = None
                plus = match.start() if cls == PLUS else None
    if current.groups:
        segments.append(current)
    return segments


def reader_text(text: str, start: int, end: int, syntax: str) -> tuple[str, list[int], list[int]]:
    """``text[start:end]`` as a reader reads it: entities and escapes decoded, tags, comments,
    Markdown's marks (but ``_``, which addresses use) and invisible characters left out, a block
    tag as a line break. With, for each character, where its token starts and ends in ``text``."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _tokens(syntax).finditer(text, start, end):
        if match.lastgroup == "run":
            run = match.group()
            if not _DROPPED.search(run):
                out.append(run)
                starts.extend(range(match.start(), match.end()))
                ends.extend(range(match.start() + 1, match.end() + 1))
                continue
            for offset, ch in enumerate(run):
                if ch == "_" or _char(ch)[0] != JOIN:
                    out.append(ch)
                    starts.append(match.start() + offset)
                    ends.append(match.start() + offset + 1)
            continue
        for cls, ch in _classes(match, text, syntax):
            if cls != JOIN or ch == "_":
                out.append(ch)
                starts.append(match.start())
                ends.append(match.end())
    return "".join(out), starts, ends


_DROPPED = re.compile(f"[{_INVISIBLE}*`~\\\\]")  # what reader_text leaves out of a run of plain text


def in_tag(text: str, pos: int) -> tuple[str, int, int] | None:
    """Whether ``pos`` is inside an HTML tag (or comment): None if not; else the name of the
    attribute whose value it is in (``""`` for none; ``"!--"`` in a comment), and the tag's
    inside (after ``<``, before ``>``)."""
    lt = text.rfind("<", max(0, pos - 4000), pos)
    if lt < 0 or text.find(">", lt, pos) >= 0 or not (text[lt + 1:lt + 2].isalpha() or text[lt + 1:lt + 2] in "!/"):
        return None
    if _AUTOLINK.match(text, lt):
        return None  # <https://…> or <kari@…>: a link shown as its address
    gt = text.find(">", pos)
    after = text.find("<", pos)
    if gt < 0 or 0 <= after < gt:
        return None
    if text.startswith("<!--", lt):
        return "!--", lt + 4, gt
    attribute = _ATTRIBUTE_BEFORE.search(text, lt, pos)
    return (attribute.group(1).lower() if attribute else ""), lt + 1, gt


_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^\s<>@]+@)")
_ATTRIBUTE_BEFORE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"[^"]*|'[^']*|[^\s"'<>=]*)\Z""")


# Context of an eight-digit number: a word that says it is a phone number, or an amount.
_PHONE_WORD = re.compile(r"\b(?:tlf|tel|telefon\w*|mobil\w*|mob|sms|ring|faks|fax|phone)\.?\s*"
                         r"(?:nr\.?|nummer)?\s*[:.]?\s*\Z", re.IGNORECASE)
_AMOUNT_BEFORE = re.compile(r"\b(?:kr|nok)\.?\s*\Z", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"\s*(?:kr\b|kroner\b|nok\b|,-|,00\b|%|prosent\b|mill)", re.IGNORECASE)


_WORD_START = re.compile(r"[^\s\"'<>()\[\]]*\Z")


def _in_url(text: str, pos: int, lo: int) -> bool:
    """Whether ``pos`` is in a web address (https://…/41234567/): a number there is an id."""
    word = _WORD_START.search(text, max(lo, pos - 300), pos)
    return word is not None and ("://" in word.group() or word.group().startswith("www."))


def _before(text: str, pos: int, lo: int, syntax: str) -> str:
    return reader_text(text, max(lo, pos - 40), pos, syntax)[0]


def _is_data_value(text: str | bytes, start: int, end: int, lo: int, hi: int) -> bool:
    """A number that is a whole value of a data file: a JSON number, a CSV cell (text or bytes)."""
    space = " " if isinstance(text, str) else b" "
    while start > lo and text[start - 1:start] == space:
        start -= 1
    while end < hi and text[end:end + 1] == space:
        end += 1
    before, after = text[max(lo, start - 1):start], text[end:min(hi, end + 1)]
    if isinstance(text, bytes):
        before, after = before.decode("latin-1"), after.decode("latin-1")
    return before in ("", ",", ";", ":", "[", "\n") and after in ("", ",", ";", "]", "}", "\n", "\r")


def _identity_numbers(segment: Segment) -> list[Found]:
    groups, found = segment.groups, []
    lengths = [len(group.digits) for group in groups]
    for i in range(len(groups)):
        total, j = 0, i
        for j in range(i, len(groups)):
            total += lengths[j]
            if total >= 11:
                break
        if total == 11 and tuple(lengths[i:j + 1]) in ID_PATTERNS:
            digits = "".join(group.digits for group in groups[i:j + 1])
            if fodselsnummer.is_valid(digits):
                found.append(Found(ID_NUMBER, groups[i].start, groups[j].end, digits))
    return found


def _phone_numbers(text: str, segment: Segment, syntax: str, lo: int, hi: int) -> list[Found]:
    groups, gaps, found = segment.groups, segment.gaps, []
    lengths = [len(group.digits) for group in groups]
    digits, first = "", 0
    for k, group in enumerate(groups):  # +47 or 0047 and eight digits, however grouped
        digits += group.digits
        if (segment.plus is not None and len(digits) == 10 and digits.startswith("47")) or (
                len(digits) == 12 and digits.startswith("0047")):
            found.append(Found(PHONE, groups[0].start if segment.plus is None else segment.plus, group.end, digits[-8:]))
            first = k + 1
            break
        if len(digits) >= 12:
            break
    for i in range(first, len(groups)):
        total, j = 0, i
        for j in range(i, len(groups)):
            total += lengths[j]
            if total >= 8:
                break
        lead = groups[i].digits[0]
        if total != 8 or lead in "01":
            continue
        spaced = all(gap == SPACE for gap in gaps[i:j])
        if (i > 0 and gaps[i - 1] == SPACE) or (j < len(gaps) and gaps[j] == SPACE):
            continue  # one of a longer row of numbers
        pattern, start, end = tuple(lengths[i:j + 1]), groups[i].start, groups[j].end
        value = "".join(group.digits for group in groups[i:j + 1])
        if pattern in _PHONE_PATTERNS and spaced:
            found.append(Found(PHONE, start, end, value))
        elif (pattern == (8,) or spaced) and _PHONE_WORD.search(_before(text, start, lo, syntax)):
            found.append(Found(PHONE, start, end, value))
        elif pattern == (8,) and lead in "49":  # a mobile number, unless an amount or part of an address
            if (syntax in (JSON, CSV) and _is_data_value(text, start, end, lo, hi)) or _in_url(text, start, lo):
                continue
            after = reader_text(text, end, min(hi, end + 24), syntax)[0]
            if _AMOUNT_AFTER.match(after) or _AMOUNT_BEFORE.search(_before(text, start, lo, syntax)):
                continue
            found.append(Found(PHONE, start, end, value, bare=True))
    return found


def numbers(text: str, syntax: str = MARKDOWN, start: int = 0, end: int | None = None,
            phones: bool = True) -> list[Found]:
    """The identity numbers (and phone numbers) that start in ``text[start:end]``, as a reader
    reads them, in order; the text around may be read for context ("tlf", "kr"). In HTML (and in
    Markdown with HTML), numbers inside tags are read only in the attributes a reader sees or
    follows (``TEXT_ATTRIBUTES``; in XML, every attribute). Reads every character: for long
    texts, ``scan_numbers`` finds the places to read first."""
    end = len(text) if end is None else end
    found: list[Found] = []
    for cluster in _number_pattern(syntax, 8 if phones else 11).finditer(text, start, end):
        lo, hi, part_syntax = 0, len(text), syntax
        if syntax in _TAGGED:
            tag = in_tag(text, cluster.start())
            if tag is not None:
                if syntax != XML and tag[0] not in TEXT_ATTRIBUTES:
                    continue
                lo, hi, part_syntax = tag[1], tag[2], ATTRIBUTE
        for segment in _segments(text, cluster.start(), min(cluster.end(), hi), part_syntax):
            if sum(len(group.digits) for group in segment.groups) < 8:
                continue
            found += _identity_numbers(segment)
            if phones:
                found += _phone_numbers(text, segment, part_syntax, lo, hi)
    return _in_order(found)


# The fast way through long texts --------------------------------------------------------------
# Most of a long text holds no number of eight digits or more. Its UTF-8 bytes, with every
# digit made a "0" (one ``translate``), are searched for stretches of at least eight of them
# with gaps between (``_CLUSTER``, a superset of ``_number_pattern``'s: it starts with a literal
# "0", which the regular expression engine finds fast); digits written as entities, escapes or
# full width are found by their own literal searches (``_OTHER_DIGITS``). A stretch whose groups
# can be neither an identity number nor a phone number (an amount: 12 345 678 kr) is left there;
# only the others are read with ``numbers``, in a window of the text around them.

_ZERO = bytes.maketrans(b"123456789", b"000000000")
# Each alternative starts with a literal byte, which the engine rejects fastest.
_GAP_BYTES = (
    rb" |\n|\.|-|/|\t|\r|\*|_|`|~|\xc2[\xa0\xad\xb7]|\xe2(?:[\x80\x81][\x80-\xbf]|\x88[\x92\x95])"
    rb"|<(?!/?(?:BLOCK)\b)[^<>]{0,2000}>|&(?:lt;[^<>]{0,500}?&gt;|[#a-zA-Z0-9]{1,32};?)|%[0-9A-Fa-f]{2}"
    rb"|\\(?:u[0-9a-fA-F]{4}|[nrt/\"\\])?"
    rb"|\xef(?:\xbb\xbf|\xb8[\x80-\x8f]|\xbc[\x8d-\x8f]|\xbf[\xb9-\xbb]|\xbe\xa0)|\xcd\x8f|\xd8[\x80-\x85\x9c]"
    rb"|\xdb\x9d|\xdc\x8f|\xe0(?:\xa2[\x90\x91]|\xa3\xa2)|\xe1(?:\x85[\x9f\xa0]|\x9e[\xb4\xb5]|\xa0[\x8b-\x8f]|\x9a\x80)"
    rb"|\xe3(?:\x80\x80|\x85\xa4)|\xf3\xa0[\x80-\x87][\x80-\xbf]"
    rb"|\xf0(?:\x9d\x85[\xb3-\xba]|\x91\x82\xbd|\x91\x83\x8d|\x93\x90[\xb0-\xbf]|\x9b\xb2[\xa0-\xa3])")
_GAP_BYTES = _GAP_BYTES.replace(b"BLOCK", "|".join(sorted(_BLOCK_TAGS)).encode())  # a block tag ends a number
# (Written out rather than counted with {7,}: the engine runs it faster.)
_CLUSTER = {min_digits: re.compile(b"0" + b"(?:%s)*+0" % _GAP_BYTES * (min_digits - 1) + b"(?:(?:%s)*+0)*+" % _GAP_BYTES)
            for min_digits in (8, 11)}
# Digits written otherwise, each behind a literal that is fast to search for (on the raw bytes).
_OTHER_DIGITS = ((b"&#", re.compile(rb"&#0*(?:4[89]|5[0-7])(?![0-9])|&#[xX]0*3[0-9](?![0-9A-Fa-f])")),
                 (b"%3", re.compile(rb"%3[0-9]")), (b"\\u003", re.compile(rb"\\u003[0-9]")),
                 (b"\xef\xbc", re.compile(rb"\xef\xbc[\x90-\x99]")))
_PLAIN = re.compile(rb"[0-9 \t\r\n./\-*_`~\\]+")
_PLAIN_GAP = re.compile(rb"[ \t\r\n./\-]+")
BLOCK_TAG_BYTES = re.compile(rb"</?(?:%s)\b[^<>]*>" % "|".join(sorted(_BLOCK_TAGS)).encode(), re.IGNORECASE)
ANY_TAG_BYTES = re.compile(rb"</?[A-Za-z][^<>]*>")
_BR_BYTES = re.compile(rb"<br\b[^<>]*>", re.IGNORECASE)
_DASH_BYTES = tuple(chr(code).encode() for code in (0x2010, 0x2011, 0x2012, 0x2013, 0x2212))
_PHONE_WORD_BYTES = re.compile(rb"(?i)\b(?:tlf|tel|telefon\w*|mobil\w*|mob|sms|ring|faks|fax|phone)\b")
# What most stretches of digits are: a date, an amount as the site writes it (non-breaking spaces),
# a range of years, an organisation number; none can be an identity or phone number.
_HARMLESS = re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,3}(?:\xc2\xa0[0-9]{3}){2,}|[0-9]{4}\xe2\x80[\x93\x94][0-9]{4}"
                       rb"|[0-9]{9}|[0-9]{13,}")
_WINDOW = 300  # bytes read on each side of a place


def _worth_reading(raw: bytes, start: int, end: int, syntax: str, known: frozenset[str]) -> bool:
    """Whether a stretch of digits could hold an identity number or a phone number not in
    ``known``: a stretch with anything but digits, separators and block tags is read; a plain
    one only if its groups can make one (an amount grouped in threes cannot)."""
    cluster = raw[start:end]
    if _HARMLESS.fullmatch(cluster):
        return False
    if b"<" in cluster:
        cluster = ANY_TAG_BYTES.sub(b"|", cluster) if syntax == XML else BLOCK_TAG_BYTES.sub(b"|", cluster)
        cluster = _BR_BYTES.sub(b" ", cluster)
    if b"\xc2\xa0" in cluster:
        cluster = cluster.replace(b"\xc2\xa0", b" ")
    if b"\xe2" in cluster:
        for dash in _DASH_BYTES:
            cluster = cluster.replace(dash, b"-")
    if syntax in (JSON, CSV) and len(cluster) == 8 and cluster.isdigit() and _is_data_value(raw, start, end, 0, len(raw)):
        return False  # a number in a data file: an amount
    word = None
    for part in cluster.split(b"|"):
        if not _PLAIN.fullmatch(part):
            if part.strip(b" \t\r\n"):
                return True
            continue
        groups = [group for group in _PLAIN_GAP.split(part.translate(None, b"*_`~\\")) if group]
        for i in range(len(groups)):
            digits = b""
            for j in range(i, len(groups)):
                digits += groups[j]
                if len(digits) == 11 and tuple(len(g) for g in groups[i:j + 1]) in ID_PATTERNS:
                    if fodselsnummer.is_valid(digits.decode()):
                        return True
                if i == 0 and len(digits) in (10, 12) and digits[-8:].decode() not in known:
                    return True  # +47 or 0047 and eight digits
                if len(digits) == 8 and digits.decode() not in known and digits[:1] not in b"01":
                    if j == i or tuple(len(g) for g in groups[i:j + 1]) in _PHONE_PATTERNS:
                        return True
                    if word is None:
                        word = _PHONE_WORD_BYTES.search(raw, max(0, start - 60), end) is not None
                    if word:
                        return True
                if len(digits) >= 12:
                    break
    return False


def char_start(raw: bytes, pos: int) -> int:
    while pos > 0 and 0x80 <= raw[pos] < 0xC0:
        pos -= 1
    return pos


def _read_window(raw: bytes, start: int, end: int, syntax: str, phones: bool) -> list[Found]:
    """``numbers`` on the text around ``raw[start:end]``, with offsets in ``raw``."""
    lo = char_start(raw, max(0, start - _WINDOW))
    if syntax in _TAGGED:  # from the tag the place may be in
        tag = max(raw.rfind(b"<", max(0, start - 4000), start), raw.rfind(b">", max(0, start - 4000), start))
        lo = min(lo, tag) if tag >= 0 else lo
    hi = char_start(raw, min(len(raw), end + _WINDOW)) if end + _WINDOW < len(raw) else len(raw)
    text = raw[lo:hi].decode("utf-8", errors="replace")
    first = len(raw[lo:start].decode("utf-8", errors="replace"))
    last = first + len(raw[start:end].decode("utf-8", errors="replace"))
    found = numbers(text, syntax, max(0, first - 40), min(len(text), last + 40), phones)
    return [item._replace(start=lo + len(text[:item.start].encode()), end=lo + len(text[:item.end].encode()))
            for item in found]


# Bytes of the simple gaps (separators, marks, non-breaking and invisible spaces, byte by byte).
_SQUEEZE = b" \t\r\n./-*_`~\\" + bytes([0xC2, 0xA0, 0xAD, 0xE2, 0x80, 0x81, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F,
                                         0xA1, 0xA2, 0xA3, 0xA4, 0xEF, 0xBB, 0xBF])


def _may_hold_numbers(raw: bytes) -> bool:
    """For a data file, mostly short numbers (the search index's postings): whether it has eight
    digits with only simple gaps between them, or anything that can join digits otherwise."""
    return b"00000000" in raw.translate(_ZERO, _SQUEEZE) or any(
        mark in raw for mark in (b"<", b"&", b"%", b"\\u"))


def scan_numbers(raw: bytes, syntax: str = MARKDOWN, phones: bool = True,
                 known: frozenset[str] = frozenset()) -> list[Found]:
    """``numbers`` for a long text, given as UTF-8 bytes; offsets in the bytes. A stretch of
    plain digits whose only possible phone numbers are ``known`` (eight digits) is not read."""
    places = []
    if syntax not in (JSON, CSV) or _may_hold_numbers(raw):
        zeroed = raw.translate(_ZERO)
        places = [(match.start(), match.end()) for match in _CLUSTER[8 if phones else 11].finditer(zeroed)
                  if _worth_reading(raw, match.start(), match.end(), syntax, known)]
    for literal, pattern in _OTHER_DIGITS:
        if literal[:1] in raw and literal in raw:  # the first byte first: absent, it is found absent fastest
            places += [match.span() for match in pattern.finditer(raw)]
    found: list[Found] = []
    read_to = -1
    for start, end in sorted(places):
        if end <= read_to:
            continue
        found += _read_window(raw, start, end, syntax, phones)
        read_to = end
    return _in_order(found)


def _in_order(found: list[Found]) -> list[Found]:
    """Sorted, without a finding that overlaps an earlier one of the same kind."""
    kept: list[Found] = []
    ends: dict[str, int] = {}
    for item in sorted(found):
        if item.start >= ends.get(item.kind, -1):
            kept.append(item)
            ends[item.kind] = item.end
    return sorted(kept, key=lambda item: (item.start, item.end))


def phone_digits(value: str) -> str:
    """A phone number as it is compared: its eight digits, without +47 or 0047."""
    digits = "".join(str(unicodedata.decimal(ch)) for ch in value if ch.isdecimal())
    if len(digits) == 10 and digits.startswith("47"):
        return digits[2:]
    if len(digits) == 12 and digits.startswith("0047"):
        return digits[4:]
    return digits


def redact(text: str) -> str:
    """``text`` with every national identity number or D-number replaced by a placeholder."""
    for item in reversed(numbers(text, phones=False)):
        text = text[:item.start] + REDACTED + text[item.end:]
    return text
