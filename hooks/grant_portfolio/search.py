"""Site search: what is searched, and the static index Pagefind builds from it.

The search page (``/sok/``) loads Pagefind's script and the parts of its index that a query
needs, and nothing before someone searches: a first visit to any page downloads no search data
(Material's own search downloaded the whole index, 22 MB at 1000 applications, on every first
visit). Pagefind stems words with Snowball's Norwegian stemmer, as ``text.py`` does, so
*samtalebehandlingen* finds *samtalebehandling*.

Pagefind does not read the built site. The core writes one small HTML document per page that
should be found, with exactly the text to search (``search_documents``), and Pagefind indexes
those in a separate process (``SearchIndexJob``) while the site is being built; the builder
collects the index when its pages are written. So the index costs the build almost no time on a
machine with a second processor core, and no page has to be parsed twice.

What is searched:

* every application: title, summary, the text under each of the form's headings (each heading
  is a place a hit can link to), target group, municipalities, lessons and references;
* every community, round, municipality and theme page, by its name;
* the hand-written pages and the generated guides, by their text.

The long lists (the find page, the list of applications, the lessons and references pages,
the budget) are left out: everything on them is found on the pages they list.
"""

from __future__ import annotations

import atexit
import html
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .formatting import heading_slug
from .paths import application_page, page_dest
from .portfolio import Portfolio
from .text import plain_text, split_front_matter
from .themes import ThemeIndex

LANGUAGE = "nb"  # Pagefind picks its stemmer from the documents' language
SEARCH_DIR = "pagefind"  # where the index and Pagefind's script stand in the site
# Generated pages left out of the search: lists of what is found on its own pages.
LEFT_OUT = ("finn/", "soknader/", "budsjett/", "erfaringer/", "tema/", "helsefellesskap/", "runder/", "kommuner/")
# Overview pages found by their name only (their text lists applications found on their own).
BY_NAME = {"helsefellesskap/": "Helsefellesskap", "runder/": "Søknadsrunde", "kommuner/": "Kommune", "tema/": "Tema"}
# Pagefind's ready-made interfaces and highlighter, not used: the search page has its own.
UNUSED = ("pagefind-*ui.css", "pagefind-*ui.js", "pagefind-highlight.js")
TIMEOUT = 900  # seconds the builder waits for the index at most
_anchor = lru_cache(maxsize=4096)(heading_slug)  # the form's headings repeat in every application


class SearchIndexError(Exception):
    """The index could not be made; the message is in Norwegian, for whoever builds the site."""


@dataclass(frozen=True)
class Section:
    heading: str
    anchor: str
    text: str


@dataclass(frozen=True)
class SearchDocument:
    """One page to be found: where it is, its name, what kind of page it is, and its text."""
    page: str  # the page's path in the source tree, as MkDocs sees it: soknader/x.md
    title: str
    kind: str  # shown with the hit: Søknad, Kommune, Side …
    text: str = ""
    details: str = ""  # shown with the hit: community, round, status
    sections: tuple[Section, ...] = field(default_factory=tuple)


def search_documents(portfolio: Portfolio, themes: ThemeIndex, pages: Mapping[str, str]) -> list[SearchDocument]:
    """The documents to index: the portfolio's applications, and ``pages`` (Markdown by path:
    the generated and the hand-written pages). The community, round, municipality and theme
    pages are found by their name; the other lists in ``LEFT_OUT`` are left out."""
    scheme = portfolio.scheme
    documents: list[SearchDocument] = []
    for record in portfolio.applications:
        meta = record.meta
        status = scheme.status_by_id[meta.status].label
        community = scheme.community_by_id[meta.health_community].label
        round_ = scheme.round_by_id[meta.round].name
        facts = [meta.summary or "", plain_text(record.intro), meta.target_group or "",
                 ", ".join(meta.municipalities), ", ".join(t.name for t in themes.themes_of(record)),
                 *(lesson for lesson in meta.lessons),
                 *(" ".join(filter(None, (ref.title, ref.note))) for ref in meta.references)]
        documents.append(SearchDocument(
            page=application_page(record.slug),
            title=meta.title,
            kind="Søknad",
            details=" · ".join((community, round_, status)),
            text="\n".join(filter(None, (str(f).strip() for f in facts))),
            sections=tuple(Section(s.heading, _anchor(s.heading), plain_text(s.text)) for s in record.sections),
        ))
    applications = {document.page for document in documents}
    for page, markdown in sorted(pages.items()):
        if page in applications:
            continue
        kind = next((kind for prefix, kind in BY_NAME.items() if page.startswith(prefix)), None)
        if kind and not page.endswith("index.md"):
            document = page_document(page, markdown)
            if document is not None:
                documents.append(replace(document, kind=kind, text=""))
        elif not page.startswith(LEFT_OUT):
            document = page_document(page, markdown)
            if document is not None:
                documents.append(document)
    return documents


def page_document(page: str, markdown: str) -> SearchDocument | None:
    """A Markdown page as a search document: the title from the front matter or the first
    top heading, the text without Markdown's marks. None for a page whose front matter says
    ``search: {exclude: true}``."""
    meta, body = split_front_matter(markdown)
    search = meta.get("search")
    if isinstance(search, dict) and search.get("exclude") is True:
        return None
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    lines = body.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("# "):
            title = title or plain_text(line[2:]).strip()
            del lines[index]
            break
    return SearchDocument(page=page, title=title or PurePosixPath(page).stem, kind="Side",
                          text=plain_text("\n".join(lines)))


def document_html(document: SearchDocument) -> str:
    """The HTML Pagefind reads: the title as the top heading (weighted most), the text, and
    each section under a heading with the page's own anchor, so that a hit can link to it."""
    e = html.escape
    parts = [
        f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{e(document.title)}</title></head>',
        "<body data-pagefind-body>",
        f"<h1>{e(document.title)}</h1>",
        f'<span data-pagefind-meta="kind[data-value]" data-value="{e(document.kind)}"></span>',
    ]
    if document.details:  # from an attribute: in "key:value" form a comma would start a new key
        parts.append(f'<span data-pagefind-meta="details[data-value]" data-value="{e(document.details)}"></span>')
    parts += [f"<p>{e(paragraph)}</p>" for paragraph in document.text.split("\n") if paragraph.strip()]
    for section in document.sections:
        parts.append(f'<h2 id="{e(section.anchor)}">{e(section.heading)}</h2>')
        parts += [f"<p>{e(paragraph)}</p>" for paragraph in section.text.split("\n") if paragraph.strip()]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_documents(documents: Iterable[SearchDocument], folder: Path, directory_urls: bool = True) -> int:
    """Write the documents where their pages stand in the site, so that Pagefind's addresses
    are the pages' addresses. Returns how many were written."""
    count = 0
    for document in documents:
        target = folder / page_dest(document.page, directory_urls)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document_html(document), encoding="utf-8")
        count += 1
    return count


def pagefind_command() -> list[str]:
    """Pagefind, from the ``pagefind`` package installed with the project (its binary comes in
    ``pagefind_bin``): nothing is downloaded."""
    return [sys.executable, "-m", "pagefind"]


# Jobs not yet finished or cancelled: stopped when the interpreter exits (an interrupted build,
# or ``mkdocs serve``, which loads the hook module afresh for every rebuild).
_running: set["SearchIndexJob"] = set()


@atexit.register
def cancel_all() -> None:
    """Stop every search index job still running, and remove its files."""
    for job in list(_running):
        job.cancel()


class SearchIndexJob:
    """Pagefind indexing ``documents`` in its own process, started at once. ``finish`` waits for
    it and puts the index in the site; ``cancel`` stops it."""

    def __init__(self, documents: Iterable[SearchDocument], directory_urls: bool = True):
        self._process: subprocess.Popen | None = None
        self._work = Path(tempfile.mkdtemp(prefix="sokeindeks-"))
        self._output = self._work / "indeks"
        self._log = self._work / "pagefind.log"
        sources = self._work / "dokumenter"
        command = [*pagefind_command(), "--site", str(sources), "--output-path", str(self._output), "--quiet"]
        try:
            self.count = write_documents(documents, sources, directory_urls)
            with self._log.open("wb") as log:
                self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as exc:
            self._cleanup()
            raise SearchIndexError(f"Søkeindeksen kunne ikke lages: Pagefind kunne ikke startes ({exc}).") from None
        except BaseException:
            self._cleanup()
            raise
        _running.add(self)

    def finish(self, site_dir: Path, timeout: float = TIMEOUT) -> Path:
        """Wait for Pagefind and move its output to ``site_dir/pagefind``; returns that folder."""
        process = self._process
        if process is None:
            raise SearchIndexError("Søkeindeksen er allerede hentet eller avbrutt.")
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise SearchIndexError(f"Søkeindeksen ble ikke ferdig på {timeout:g} sekunder, og bygget er stoppet.") from None
        except BaseException:  # interrupted while waiting: stop Pagefind too
            self.cancel()
            raise
        self._process = None
        try:
            log = self._log.read_text("utf-8", errors="replace").strip()
            if code != 0 or not (self._output / "pagefind.js").is_file():
                tail = "\n".join(log.splitlines()[-20:])
                raise SearchIndexError(f"Søkeindeksen kunne ikke lages (Pagefind avsluttet med kode {code})."
                                       + (f" Pagefind skrev:\n{tail}" if tail else ""))
            target = site_dir / SEARCH_DIR
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            for pattern in UNUSED:
                for unused in self._output.glob(pattern):
                    unused.unlink()
            shutil.move(str(self._output), str(target))
            return target
        finally:
            self._cleanup()

    def cancel(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None
        self._cleanup()

    def _cleanup(self) -> None:
        _running.discard(self)
        shutil.rmtree(self._work, ignore_errors=True)


def build_search_index(documents: Iterable[SearchDocument], site_dir: Path, directory_urls: bool = True) -> Path:
    """Index ``documents`` into ``site_dir/pagefind`` and wait for it."""
    return SearchIndexJob(documents, directory_urls).finish(site_dir)
