"""Application pages as finished HTML, made by the core rather than by the site builder.

An application page is mostly the contributor's text (10–20 kB of Markdown) and facts from its
front matter. The text is converted by cmark-gfm, the C implementation of CommonMark with
GitHub's tables, strikethrough and bare links (``cmarkgfm``): the same Markdown contributors
see in GitHub's preview when they edit the file, and about forty times faster than
Python-Markdown, which made the build grow with the text of every application. The rest of the
page is an HTML template (``application.html.j2``).

What the builder's Markdown did for these pages is done here:

* every heading without an id gets one from its text (:func:`heading_slug`; a repeated id gets
  ``_1``, ``_2`` …, as Python-Markdown's table of contents does), and the headings are returned
  for the page's table of contents;
* relative links and images in the text are read as relative to the page's place in the source
  tree (``soknader/x.md``, where ``../budsjett/index.md`` is the budget page) and rewritten to
  the built site's addresses as the sanitizer reads them; the targets are returned so the
  builder can check that they exist.

The contributor's HTML goes through the sanitizer (``safety.clean_html``); the template escapes
every value it shows.
"""

from __future__ import annotations

import ctypes
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import cmarkgfm
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

from ..formatting import heading_slug
from .paths import relative_url
from ..checks.safety import clean_html, leaves_host

# GitHub's extensions to CommonMark that the text may use.
EXTENSIONS = ("table", "strikethrough", "autolink")
# Raw HTML is let through to the sanitizer, which keeps what is on the safe list; table cells are
# aligned with `style="text-align: …"` (the sanitizer keeps that property only).
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES

_BARE_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_HEADING = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
_ID = re.compile(r' id="([^"]*)"')  # as cmark, the sanitizer and the template write it
_TAG = re.compile(r"<[^>]*>")
_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")
_slug = lru_cache(maxsize=8192)(heading_slug)  # the form's headings repeat in every application


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str  # plain text, escaped for HTML


@dataclass(frozen=True)
class HtmlPage:
    """A finished page: its title, its HTML (what goes inside the theme's article), its headings
    in order, the pages and files in the source tree its text links to, and the file it was
    made from (as messages name it)."""
    title: str
    html: str
    headings: tuple[Heading, ...]
    links: tuple[str, ...] = ()
    source: str = ""

    def link_warnings(self, exists: Callable[[str], bool]) -> list[str]:
        """A message for each link to a page or file that ``exists`` does not know."""
        return [f"{self.source}: søknadsteksten lenker til «{target}», som ikke finnes på nettstedet."
                for target in self.links if not exists(target)]


@lru_cache(maxsize=1)
def _release() -> tuple | None:
    """cmark-gfm's ``cmark_node_free`` and the C library's ``free``, or None where they cannot
    be found. ``cmarkgfm.markdown_to_html_with_extensions`` frees neither the parsed document
    nor the HTML it returns: about 100 kB for each application, which a build of a thousand
    applications would hold to the end."""
    try:
        node_free = ctypes.CDLL(_cmark.__file__).cmark_node_free
        free = ctypes.CDLL(None).free  # the C library's (Windows has no such handle: TypeError)
    except (OSError, AttributeError, TypeError):
        return None
    node_free.argtypes = free.argtypes = [ctypes.c_void_p]
    node_free.restype = free.restype = None
    return node_free, free


def _cmark_html(text: str) -> str:
    """``text`` as HTML through cmark-gfm with ``EXTENSIONS``, freeing what cmark allocates (the
    steps of ``cmarkgfm.markdown_to_html_with_extensions``)."""
    release = _release()
    if release is None:
        return cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=EXTENSIONS)
    node_free, free = release
    lib, ffi = _cmark.lib, _cmark.ffi
    lib.cmark_gfm_core_extensions_ensure_registered()
    parser = lib.cmark_parser_new(_OPTIONS)
    try:
        for name in EXTENSIONS:
            lib.cmark_parser_attach_syntax_extension(parser, lib.cmark_find_syntax_extension(name.encode()))
        data = text.encode("utf-8")
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        try:
            output = lib.cmark_render_html(root, _OPTIONS, lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return ffi.string(output).decode("utf-8")
            finally:
                free(int(ffi.cast("uintptr_t", output)))
        finally:
            node_free(int(ffi.cast("uintptr_t", root)))
    finally:
        lib.cmark_parser_free(parser)


def unique_id(candidate: str, used: set[str]) -> str:
    """``candidate``, or with ``_1``, ``_2`` … when it is taken (Python-Markdown's rule, so the
    anchors are the ones the pages have always had)."""
    while candidate in used or not candidate:
        match = _ID_COUNT.match(candidate)
        candidate = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{candidate}_1"
    used.add(candidate)
    return candidate


def heading_text(inner_html: str) -> str:
    """A heading's text without markup (entities read)."""
    return html.unescape(_TAG.sub("", inner_html)).strip()


def add_heading_ids(page_html: str) -> str:
    """Every heading without attributes gets an id from its text, unique in the page."""
    used = set(_ID.findall(page_html))

    def add(match: re.Match) -> str:
        level, inner = match.group(1), match.group(2)
        anchor = unique_id(_slug(heading_text(inner)), used)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _BARE_HEADING.sub(add, page_html)


def headings(page_html: str) -> tuple[Heading, ...]:
    """The page's headings that have an id, in order."""
    return tuple(Heading(int(m.group(1)), html.unescape(m.group(2)), html.escape(heading_text(m.group(3)), quote=False))
                 for m in _HEADING.finditer(page_html))


class _Addresses:
    """Rewrites the relative addresses of one page's text (``page``: its path in the source
    tree) to the built site's, and notes their targets."""

    def __init__(self, page: str, directory_urls: bool):
        self.page = page
        self.folder = posixpath.dirname(page)
        self.directory_urls = directory_urls
        self.targets: list[str] = []

    def __call__(self, address: str) -> str:
        # Addresses on other hosts (``https://…``, ``//host``, ``/\host``: ``leaves_host``) are
        # external links, left as written; so are addresses from the site's root.
        if not address or address.startswith(("#", "/", "?")) or leaves_host(address):
            return address
        path, hash_, fragment = address.partition("#")
        path, question, query = path.partition("?")
        target = posixpath.normpath(posixpath.join(self.folder, unquote(path)))
        self.targets.append(target)
        if target == ".." or target.startswith("../"):  # outside the site: the builder says so
            return address
        # The query and the fragment stay as written.
        return (relative_url(self.page, target, self.directory_urls)
                + (question + query if question else "") + (hash_ + fragment if hash_ else ""))


def text_html(text: str, page: str, directory_urls: bool = True) -> tuple[str, tuple[str, ...]]:
    """A contributor's Markdown as sanitized HTML for ``page``, with its relative links and
    images rewritten for the built site; returns the HTML and the targets (paths in the source
    tree) they point to. The addresses are rewritten as the sanitizer reads the elements, so
    text that only looks like an attribute (in code, say) is left alone."""
    addresses = _Addresses(page, directory_urls)
    html_text = clean_html(_cmark_html(text), rewrite=addresses)
    return html_text, tuple(addresses.targets)
