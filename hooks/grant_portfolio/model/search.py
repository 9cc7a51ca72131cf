"""Site search: what is searched, and the static index the search page reads.

The search page (``/sok/``) loads the index's script (``sokeindeks.js``) and the parts of the
index that a query needs, and nothing before someone searches: a first visit to any page
downloads no search data (Material's own search downloaded the whole index, 22 MB at 1000
applications, on every first visit).

The index (``write_search_index``) is a folder of small JSON files: a manifest, the stems split
by their first letters (two, or more where a group would be large) with a BM25 score per
document, and each document's text by section for the excerpts. Words are stemmed with Snowball's
Norwegian stemmer (``text.stem``), and the search page stems the query with a port of the same
stemmer, so *samtalebehandlingen* finds *samtalebehandling*. The index is written one document at
a time with its postings as arrays of integers, in the build's own process: Pagefind, used
before, needed about 0.4 MB per application in a second process while the pages were built.

What is searched:

* every application: title, summary, the text under each of the form's headings (each heading
  is a place a hit can link to), target group, municipalities, lessons and references;
* every community, round, municipality and theme page, by its name;
* the hand-written pages and the generated guides, by their text.

The long lists (the find page, the list of applications, the lessons and references pages,
the budget) are left out: everything on them is found on the pages they list.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import PurePosixPath

from ..formatting import heading_slug
from ..pages.paths import application_page, page_url
from .portfolio import Portfolio
from ..text import plain_text, split_front_matter, stem
from .themes import ThemeIndex

INDEX_VERSION = 1
SHARD_BYTES = 24_000  # a prefix's file is split by one more letter above this size
MAX_PREFIX = 6
MIN_PREFIX = 3  # the search page matches the start of the last word from this many letters
TITLE_WEIGHT = 5  # a word in the title counts as this many in the text
K1, B = 1.2, 0.75  # BM25's usual constants
_TOKEN = re.compile(r"[^\W_]{2,}")
_RUN = re.compile(r"\w+")
# Generated pages left out of the search: lists of what is found on its own pages.
LEFT_OUT = ("finn/", "soknader/", "budsjett/", "erfaringer/", "tema/", "helsefellesskap/", "runder/", "kommuner/")
# Overview pages found by their name only (their text lists applications found on their own).
BY_NAME = {"helsefellesskap/": "Helsefellesskap", "runder/": "Søknadsrunde", "kommuner/": "Kommune", "tema/": "Tema"}
_anchor = lru_cache(maxsize=4096)(heading_slug)  # the form's headings repeat in every application


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


def search_documents(portfolio: Portfolio, themes: ThemeIndex, pages: Mapping[str, str]) -> Iterator[SearchDocument]:
    """The documents to index, one at a time (the index is made as they come): the portfolio's
    applications, and ``pages`` (Markdown by path: the generated and the hand-written pages).
    The community, round, municipality and theme pages are found by their name; the other
    lists in ``LEFT_OUT`` are left out."""
    scheme = portfolio.scheme
    applications: set[str] = set()
    for record in portfolio.applications:
        meta = record.meta
        status = scheme.status_by_id[meta.status].label
        community = scheme.community_by_id[meta.health_community].label
        round_ = scheme.round_by_id[meta.round].name
        intro, sections = record.parts()
        facts = [meta.summary or "", plain_text(intro), meta.target_group or "",
                 ", ".join(meta.municipalities), ", ".join(t.name for t in themes.themes_of(record)),
                 *(lesson for lesson in meta.lessons),
                 *(" ".join(filter(None, (ref.title, ref.note))) for ref in meta.references)]
        applications.add(application_page(record.slug))
        yield SearchDocument(
            page=application_page(record.slug),
            title=meta.title,
            kind="Søknad",
            details=" · ".join((community, round_, status)),
            text="\n".join(filter(None, (str(f).strip() for f in facts))),
            sections=tuple(Section(s.heading, _anchor(s.heading), plain_text(s.text)) for s in sections),
        )
    for page, markdown in sorted(pages.items()):
        if page in applications:
            continue
        kind = next((kind for prefix, kind in BY_NAME.items() if page.startswith(prefix)), None)
        if kind and not page.endswith("index.md"):
            document = page_document(page, markdown)
            if document is not None:
                yield replace(document, kind=kind, text="")
        elif not page.startswith(LEFT_OUT):
            document = page_document(page, markdown)
            if document is not None:
                yield document


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


def tokens(text: str) -> list[str]:
    """The words of a text as the index and the search page read them: letters and digits, in
    lower case, two characters or more (the search page's script splits words the same way)."""
    return _TOKEN.findall(_nfc(text).lower())


def token_counts(text: str) -> Counter[str]:
    """``Counter(tokens(text))``, faster: the runs of word characters are counted first (a
    simpler pattern), and only the few with an underscore or a single character are cut."""
    counts = Counter(_RUN.findall(_nfc(text).lower()))
    for run in [run for run in counts if len(run) < 2 or "_" in run]:
        count = counts.pop(run)
        for token in _TOKEN.findall(run):
            counts[token] += count
    return counts


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def search_index_files(documents: Iterable[SearchDocument], directory_urls: bool = True) -> Iterator[tuple[str, bytes]]:
    """The index of ``documents``, file by file as ``(path in the index folder, content)``:

    * ``dok/<n>.json``: document *n*: its title, address, kind, details, and its text by section
      (heading, anchor, text), from which the search page makes the excerpt;
    * ``ord/<k>.json``: the stems that begin with one prefix, each with its documents and a
      score (BM25, the title counting ``TITLE_WEIGHT`` times), documents as differences;
    * ``manifest.json``: the number of documents and which file holds which prefix. A prefix
      whose file would pass ``SHARD_BYTES`` is split by one more letter.

    Made one document at a time, with the postings kept as arrays of integers."""
    postings: dict[str, array] = {}
    lengths = array("I")
    for number, document in enumerate(documents):
        sections = [["", "", document.text], *([s.heading, s.anchor, s.text] for s in document.sections)]
        record = {"t": document.title, "u": page_url(document.page, directory_urls), "k": document.kind,
                  "d": document.details, "s": [section for section in sections if section[2] or section[0]]}
        yield f"dok/{number}.json", json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        counts = token_counts("\n".join(part for section in sections for part in (section[0], section[2])))
        title = token_counts(document.title)
        length = sum(counts.values()) + sum(title.values())
        weights: Counter[str] = Counter()
        for word, count in counts.items():
            weights[stem(word)] += count
        for word, count in title.items():
            weights[stem(word)] += count * TITLE_WEIGHT
        for term, weight in weights.items():
            entry = postings.get(term)
            if entry is None:
                entry = postings[term] = array("I")
            entry.append(number)
            entry.append(weight)
        lengths.append(length)
    total = len(lengths)
    average = (sum(lengths) / total) if total else 1.0
    files: dict[str, int] = {}
    for index, (prefix, content) in enumerate(_shards(postings, total, lengths, average)):
        yield f"ord/{index}.json", content
        files[prefix] = index
    yield "manifest.json", json.dumps({"versjon": INDEX_VERSION, "dokumenter": total, "prefiks": MIN_PREFIX,
                                       "biter": files}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _scored(entry: array, total: int, norms: list[float]) -> list[int]:
    """``[document, score, document − previous, score, …]``: BM25 with the weights as term
    frequencies (``norms``: each document's length part), scores in hundredths."""
    frequency = len(entry) // 2
    idf = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
    factor = 100 * idf * (K1 + 1)
    out: list[int] = []
    previous = 0
    for position in range(0, len(entry), 2):
        number, weight = entry[position], entry[position + 1]
        out += (number - previous, max(1, round(factor * weight / (weight + norms[number]))))
        previous = number
    return out


def _shards(postings: dict[str, array], total: int, lengths: array, average: float) -> list[tuple[str, bytes]]:
    """The stems grouped by prefix (two letters, more where a group is large), as JSON. Each
    stem is encoded once, and its postings dropped as it is."""
    norms = [K1 * (1 - B + B * length / average) for length in lengths]
    fragments: dict[str, bytes] = {}
    for term in sorted(postings):
        encoded = json.dumps(_scored(postings.pop(term), total, norms), separators=(",", ":"))
        fragments[term] = f"{json.dumps(term, ensure_ascii=False)}:{encoded}".encode("utf-8")

    def size(terms: list[str]) -> int:
        return 1 + sum(len(fragments[t]) + 1 for t in terms)

    def shard(terms: list[str]) -> bytes:
        return b"{" + b",".join(fragments[t] for t in terms) + b"}"

    out: list[tuple[str, bytes]] = []

    def split(prefix: str, terms: list[str]) -> None:
        if size(terms) <= SHARD_BYTES or len(prefix) >= MAX_PREFIX or all(len(t) <= len(prefix) for t in terms):
            out.append((prefix, shard(terms)))
            return
        groups: dict[str, list[str]] = {}
        for term in terms:
            groups.setdefault(term[:len(prefix) + 1], []).append(term)
        for key, group in sorted(groups.items()):
            if key == prefix:  # the stem that is the prefix itself
                out.append((prefix, shard(group)))
            else:
                split(key, group)

    first: dict[str, list[str]] = {}
    for term in fragments:
        first.setdefault(term[:2], []).append(term)
    for prefix, terms in first.items():
        split(prefix, terms)
    return out
