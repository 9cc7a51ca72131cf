"""What contributor text may contain: HTML from a safe list, and no script.

Application bodies are Markdown written by many people through pull requests, and Markdown lets
raw HTML through. Two layers keep scripts out of readers' browsers:

1. Validation (:func:`markup_problems`): raw HTML tags outside :data:`ALLOWED_TAGS`, attributes
   outside :data:`ALLOWED_ATTRIBUTES` (event handlers ``on…=`` and ``style`` among them), link
   targets with other schemes than :data:`LINK_SCHEMES` (``javascript:``, ``data:``, …), images
   from other hosts, and the same attributes given through Markdown's ``{ … }`` attribute lists
   are errors naming the file and line. The build stops.
2. Rendering (:func:`clean_html`): the application text, once converted to HTML
   (``pagehtml.text_html``), goes through a sanitizer (ammonia, through ``nh3``) with the
   same lists, so anything the first layer missed is removed rather than published.

Front-matter fields are plain text and are escaped wherever they are shown
(``formatting.md_escape``), so markup in them is shown as text and never needs checking here.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

# Elements allowed as raw HTML in an application body: text-level formatting, lists, tables,
# figures and disclosure widgets. Everything else (script, style, iframe, object, embed, form
# controls, svg, math, media, meta, link, base, …) is an error.
ALLOWED_TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "wbr",
})

# Attributes allowed on every allowed element, and on some elements only.
GLOBAL_ATTRIBUTES: frozenset[str] = frozenset({"id", "class", "title", "lang", "dir"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
}
# The messages about tags and attributes; also the web form's (``contribute.webform``), which
# checks the same in the browser. ``{where}``: «på `<a>`», or «i en attributtliste `{ … }`».
MESSAGES = {
    "tag": "HTML-elementet `<{name}>` er ikke tillatt i søknadsteksten. Bruk Markdown, eller HTML fra lista over "
           "tillatte elementer",
    "event": "hendelsesattributtet `{name}` er ikke tillatt ({where}): det kan kjøre skript i leserens nettleser",
    "style": "attributtet `style` er ikke tillatt ({where}): utseendet bestemmes av nettstedet",
    "attribute": "attributtet `{name}` er ikke tillatt {where}",
}

# Attributes whose value is an address, and the schemes a link may use. Images must come from
# the site itself: an image from another host would be a request to a third party.
URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src", "cite"})
LINK_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
# md_in_html's switch (`<div markdown>`): read by Markdown, never written to the page.
MARKDOWN_ATTRIBUTE = "markdown"

_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_TAG_BODY = re.compile(r"""(?:[^>"']+|"[^"]*(?:"|$)|'[^']*(?:'|$))*>?""")
# How far a tag's attributes are read, and how many tags and problems one text may have: the
# check stays fast on any text (a real application has a few dozen tags, each a line long).
TAG_WINDOW = 4096
MAX_TAGS = 5000
MAX_PROBLEMS = 100
_AUTOLINK = re.compile(r"<(?:https?|ftp)://[^<>\s]*>", re.IGNORECASE)
# Starts with a literal "[" so the search skips ahead quickly; a "!" before it makes an image.
# A link's or image's address, after its text (found from the "](", so no text is read twice);
# reference definitions (a label is at most 999 characters in CommonMark) and the images that
# use a reference; attribute lists (short, on one line).
_MD_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MD_REFERENCE_END = re.compile(r"\]:[ \t]*\n?[ \t]*<?([^\s>]+)")
_MD_IMAGE_REFERENCE = re.compile(r"!\[((?:[^\]\\]|\\.){0,999})\](?:\[((?:[^\]\\]|\\.){0,999})\])?")
_ATTR_LIST = re.compile(r"\{:?[ ]*([^{}\n]{0,1000})\}")
LINK_TEXT_WINDOW = 4096  # how far back the "[" of a link's text is looked for
_ATTR_PAIR = re.compile(r"([A-Za-z_:][-\w:.]*)\s*=")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII whitespace and control characters inside an address before reading its
# scheme (`jav&#x09;ascript:` is javascript:).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
# Application pages stand one folder below the site's root (``soknader/x.md``, as
# ``pages.paths.application_page`` makes them; a test keeps the two in step). A relative
# address in the text that climbs higher leaves the site.
PAGE_FOLDER_DEPTH = 1


@dataclass(frozen=True)
class MarkupProblem:
    line: int
    message: str


def markup_problems(body: str, first_line: int) -> list[MarkupProblem]:
    """Unsafe HTML and addresses in an application body; ``first_line`` is the body's line in the file."""
    found: list[MarkupProblem] = []

    newlines: list[int] = []

    def line_at(offset: int) -> int:
        if not newlines:
            newlines.extend(m.start() for m in re.finditer("\n", body))
            newlines.append(len(body))
        return first_line + bisect.bisect_left(newlines, offset)

    dropped: list[int] = []  # where problems beyond MAX_PROBLEMS are

    def add(offset: int, message: str) -> None:
        if len(found) < MAX_PROBLEMS:
            found.append(MarkupProblem(line_at(offset), message))
        else:
            dropped.append(offset)

    if "<" in body:
        autolinks = {m.start() for m in _AUTOLINK.finditer(body)}
        for count, match in enumerate(_TAG_OPEN.finditer(body)):
            if count == MAX_TAGS or dropped:
                dropped.append(match.start())
                break
            if match.start() in autolinks:
                continue
            if match.group(1):  # a closing tag runs nothing; its opening tag is what is checked
                continue
            if "@" in match.group(2):  # an e-mail autolink (<navn@vert.no>), no tag: the personal-data check's
                continue
            name = match.group(2).lower()
            if name not in ALLOWED_TAGS:
                add(match.start(), MESSAGES["tag"].format(name=_printable(name)))
                continue
            for attribute, value in _attributes(body, match.start()):
                message = _attribute_problem(name, attribute, value)
                if message:
                    add(match.start(), message)
    for match in _MD_TARGET.finditer(body) if "](" in body else ():
        opening = _link_text_start(body, match.start())
        # A link whose text starts too far back is checked as an image: the stricter rule.
        image = opening is None or (opening > 0 and body[opening - 1] == "!")
        message = _address_problem("src" if image else "href", html.unescape(match.group(1)))
        if message:
            add(match.start() if opening is None else opening, message)
    if "]:" in body:
        images = {_label(m.group(2) or m.group(1)) for m in _MD_IMAGE_REFERENCE.finditer(body)} if "![" in body else set()
        for match in _MD_REFERENCE_END.finditer(body):
            opening = _link_text_start(body, match.start(), window=1000)
            line_start = body.rfind("\n", 0, opening) + 1 if opening is not None else -1
            if opening is None or body[line_start:opening].strip(" ") or opening - line_start > 3:
                continue  # not a reference definition: its "[" does not start a line
            used_by_image = _label(body[opening + 1:match.start()]) in images
            message = _address_problem("src" if used_by_image else "href", html.unescape(match.group(1)))
            if message:
                add(opening, message)
    if "{" in body:
        for match in _ATTR_LIST.finditer(body):
            for pair in _ATTR_PAIR.finditer(match.group(1)):
                attribute = pair.group(1).lower()
                if attribute not in GLOBAL_ATTRIBUTES:
                    add(match.start(), _attribute_message(attribute, "i en attributtliste `{ … }`"))
    if dropped:
        found.append(MarkupProblem(line_at(dropped[0]), "søknadsteksten har for mye HTML, eller for mange feil "
                                   "til at alle kan vises her; rett feilene over, og bruk Markdown i stedet for HTML"))
    return sorted(set(found), key=lambda p: (p.line, p.message))


def _link_text_start(text: str, close: int, window: int = LINK_TEXT_WINDOW) -> int | None:
    """Where the ``[`` that the ``]`` at ``close`` closes stands (brackets balanced, escaped ones
    skipped), looked for at most ``window`` characters back; None if not found."""
    depth = 0
    for index in range(close, max(-1, close - window), -1):
        char = text[index]
        if char not in "[]" or (index > 0 and text[index - 1] == "\\"):
            continue
        depth += 1 if char == "]" else -1
        if depth == 0:
            return index
    return None


def _label(text: str) -> str:
    """A reference label as CommonMark matches it: case and runs of white space do not count."""
    return " ".join(text.split()).casefold()


class _TagReader(HTMLParser):
    """Reads the attributes of the one tag it is fed."""

    def __init__(self):
        super().__init__()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs = attrs

    handle_startendtag = handle_starttag


def _attributes(text: str, start: int) -> list[tuple[str, str]]:
    """The attributes of the tag that opens at ``start``, read as a browser would (quotes,
    character references); a tag left open reads to the end of the text."""
    end = _tag_end(text, start)
    source = text[start:end]
    if not source.endswith(">"):
        source += ">"

    parser = _TagReader()
    parser.feed(source)
    parser.close()
    return [(name.lower(), value or "") for name, value in parser.attrs]


def _tag_end(text: str, start: int) -> int:
    """Where the tag that opens at ``start`` ends: after its ``>`` outside quotes. A tag not
    closed within :data:`TAG_WINDOW` characters is read that far (a browser would read on;
    the sanitizer removes what lies beyond), so no text makes the check slow."""
    match = _TAG_BODY.match(text, start + 1, min(len(text), start + TAG_WINDOW))
    return match.end()


def _attribute_problem(tag: str, attribute: str, value: str) -> str | None:
    if attribute == MARKDOWN_ATTRIBUTE:
        return None
    if attribute not in GLOBAL_ATTRIBUTES and attribute not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return _attribute_message(attribute, f"på `<{tag}>`")
    if attribute in URL_ATTRIBUTES:
        return _address_problem(attribute, value)
    return None


def _attribute_message(attribute: str, where: str) -> str:
    name = _printable(attribute)
    kind = "event" if attribute.startswith("on") else "style" if attribute == "style" else "attribute"
    return MESSAGES[kind].format(name=name, where=where)


def browser_address(address: str) -> str:
    r"""``address`` as a browser reads it before resolving it: without ASCII whitespace and
    control characters (tabs and line breaks inside ``java\tscript:`` or ``/\t/host``), with
    backslashes as slashes (``/\\host`` and ``\\\\host`` are ``//host``), in lower case."""
    return _URL_NOISE.sub("", address).replace("\\", "/").lower()


def leaves_host(address: str) -> bool:
    """Whether a browser would resolve ``address`` to another host or another scheme: it has a
    scheme (``https:``, ``mailto:``, ``javascript:``) or starts with two slashes in any form."""
    cleaned = browser_address(address)
    return bool(_SCHEME.match(cleaned)) or cleaned.startswith("//")


def leaves_site(address: str) -> bool:
    """Whether a relative address in an application's text climbs above the site's root
    (``../../../etc/passwd``)."""
    if leaves_host(address):
        return False
    path = browser_address(address).split("#", 1)[0].split("?", 1)[0]
    if not path or path.startswith("/"):
        return False
    depth = PAGE_FOLDER_DEPTH
    for part in unquote(path).split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _address_problem(attribute: str, address: str, relative: bool = True) -> str | None:
    """An address in a link or image that may not be published, or None. ``relative``: whether
    a relative address is read from an application page's place in the site (in the text as
    written; not in the finished page, one folder deeper)."""
    cleaned = browser_address(address)
    scheme = _SCHEME.match(cleaned)
    if attribute == "src" and leaves_host(address):
        return ("bilder må ligge i prosjektet, ikke hentes fra en annen nettadresse "
                "(nettstedet gjør ingen forespørsler til andre)")
    if scheme and scheme.group(1) not in LINK_SCHEMES:
        return (f"lenker til `{_printable(scheme.group(1))}:`-adresser er ikke tillatt; "
                "bruk en nettadresse som begynner med https://")
    if relative and leaves_site(address):
        return ("adressen peker ut av nettstedets mapper (for mange `../`); lenk til en side eller et "
                "vedlegg på nettstedet, eller bruk en fullstendig nettadresse")
    return None


def _printable(text: str) -> str:
    """A name for a message: control characters shown as code points, backticks dropped."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text).replace("`", "")


# Rendering --------------------------------------------------------------------------------

# Markup the application page's own template adds around the text (application.html.j2), and
# the alignment of table cells in the text (cmark writes `style="text-align: …"`).
_PAGE_ATTRIBUTES = {"a": {"aria-label"}, "td": {"style"}, "th": {"style"}}


_CLEAN_ATTRIBUTES: dict[str, set[str]] = {"*": set(GLOBAL_ATTRIBUTES)}
for _tag, _names in (*ALLOWED_ATTRIBUTES.items(), *_PAGE_ATTRIBUTES.items()):
    _CLEAN_ATTRIBUTES[_tag] = _CLEAN_ATTRIBUTES.get(_tag, set()) | set(_names)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTES and _address_problem(attribute, value, relative=False):
        return None
    return value


def clean_html(fragment: str, rewrite: Callable[[str], str] | None = None) -> str:
    """Rendered application text with anything outside the safe lists removed: elements
    like ``<script>`` with their content, other elements keeping their text, and disallowed
    attributes and addresses dropped. ``rewrite`` is given every kept ``href`` and ``src`` (as
    written, entities read) and returns the address to use."""
    def keep(tag: str, attribute: str, value: str) -> str | None:
        kept = _keep_attribute(tag, attribute, value)
        if kept is not None and rewrite is not None and attribute in ("href", "src"):
            return rewrite(kept)
        return kept

    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed",
                            "textarea", "select", "svg", "math", "title"},
        attributes=_CLEAN_ATTRIBUTES,
        attribute_filter=keep,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(LINK_SCHEMES),
        filter_style_properties={"text-align"},
    )
