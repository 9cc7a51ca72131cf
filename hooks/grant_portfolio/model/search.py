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

What is searched, in three groups that the search page shows in this order, each under its
own heading (``GROUPS``):

* every application: title, subtitle, summary, the text under each of the form's headings (each heading
  is a place a hit can link to), target group, municipalities (by every official name: Nordreisa
  also as Ráisa and Raisi), lessons and references;
* every community, round, municipality and theme page, by its name; a municipality's page also
  by its official parallel names (Sami, Kven), as its subtitle shows them;
* the site's other pages for readers, by their text: the home page, the open data page, the
  contributors' guide and the pages about the overviews, privacy and accessibility.

The long lists (the find page, the list of applications, the lessons and references pages,
the budget) are left out: everything on them is found on the pages they list. So are the pages
made for writing and checking application files and for measuring the site (``NOT_SEARCHED``):
their words are the form's field names and the site's file names, not what readers look for.
What is searched and shown from a page is read without code (blocks, and spans that are not
plain words), file paths and field paths (``readable``), so that an excerpt never shows YAML, a
file's name or a field's.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import PurePosixPath

from ..formatting import heading_slug
from ..input.schema import Application
from ..input.scheme import Municipality
from ..pages.paths import application_page, municipality_page, page_url
from .portfolio import Portfolio
from ..text import plain_text, split_front_matter, stem
from .themes import ThemeIndex

INDEX_VERSION = 2  # 2: the documents in groups (the manifest's "grupper")
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
# Pages written for contributors and developers, not for readers: left out of the search.
NOT_SEARCHED = frozenset({"bidra/mal.md", "bidra/felt.md", "bidra/feilmeldinger.md", "datakvalitet.md", "ytelse.md"})
# The groups of hits, in the order the search page shows them: (id, heading).
APPLICATIONS, OVERVIEWS, PAGES = "soknader", "oversikter", "sider"
GROUPS = {APPLICATIONS: "Søknader", OVERVIEWS: "Helsefellesskap, runder, kommuner og tema",
          PAGES: "Om ordningen og nettstedet"}
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
    group: str = PAGES  # one of GROUPS
    sections: tuple[Section, ...] = field(default_factory=tuple)


def search_documents(portfolio: Portfolio, themes: ThemeIndex, pages: Mapping[str, str]) -> Iterator[SearchDocument]:
    """The documents to index, one at a time (the index is made as they come): the portfolio's
    applications, and ``pages`` (Markdown by path: the generated and the hand-written pages).
    The community, round, municipality and theme pages are found by their name (a
    municipality's page also by its parallel names); the other lists in ``LEFT_OUT`` are left
    out."""
    scheme = portfolio.scheme
    municipalities = scheme.municipality_by_name
    municipality_pages = {municipality_page(m.slug): m for m in municipalities.values()}
    applications: set[str] = set()
    for record in portfolio.applications:
        meta = record.meta
        status = scheme.status_by_id[meta.status].label
        community = scheme.community_by_id[meta.health_community].label
        round_ = scheme.round_by_id[meta.round].name
        intro, sections = record.parts()
        facts = [meta.subtitle or "", meta.summary or "", readable(intro), meta.target_group or "",
                 ", ".join(_with_parallel_names(municipalities.get(name), name) for name in meta.municipalities),
                 ", ".join(t.name for t in themes.themes_of(record)),
                 *(lesson for lesson in meta.lessons),
                 *(" ".join(filter(None, (ref.title, ref.note))) for ref in meta.references)]
        applications.add(application_page(record.slug))
        yield SearchDocument(
            page=application_page(record.slug),
            title=meta.title,
            kind="Søknad",
            group=APPLICATIONS,
            details=" · ".join((community, round_, status)),
            text="\n".join(filter(None, (str(f).strip() for f in facts))),
            sections=tuple(Section(s.heading, _anchor(s.heading), readable(s.text)) for s in sections),
        )
    others = sorted((page, markdown) for page, markdown in pages.items()
                    if page not in applications and page not in NOT_SEARCHED)
    for page, markdown in others:
        kind = next((kind for prefix, kind in BY_NAME.items() if page.startswith(prefix)), None)
        if kind and not page.endswith("index.md"):
            document = page_document(page, markdown)
            if document is not None:
                yield replace(document, kind=kind, text=_parallel_names(municipality_pages.get(page)), group=OVERVIEWS)
    for page, markdown in others:
        if not page.startswith(LEFT_OUT):
            document = page_document(page, markdown)
            if document is not None:
                yield document


def _with_parallel_names(municipality: Municipality | None, name: str) -> str:
    """A municipality as an application's text names it: ``Nordreisa (Ráisa, Raisi)``."""
    if municipality is None or not municipality.parallel_names:
        return name
    return f"{name} ({', '.join(p.name for p in municipality.parallel_names)})"


def _parallel_names(municipality: Municipality | None) -> str:
    """A municipality page's searched text: its parallel names as its subtitle shows them,
    ``Ráisa (nordsamisk) · Raisi (kvensk)``; empty for other overview pages."""
    if municipality is None:
        return ""
    return " · ".join(f"{p.name} ({p.language_name})" for p in municipality.parallel_names)


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
                          text=readable("\n".join(lines)))


_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?(?:^[ \t]*\2[ \t]*$|\Z)", re.M | re.S)  # fenced code, whole
_CODE = re.compile(r"(`+)(.+?)\1|<code>(.*?)</code>", re.S)  # a span of code, in Markdown or HTML
_PLAIN_CODE = re.compile(r"[^\W_]+(?:[ -][^\W_]+)*")  # a code span that is only words: `tilskudd check`
# Words that are not for readers: folders and pages (a slash at the start or end:
# applications/2025/, /sok/) and source files (scheme.yml, x.md, .md); the form's fields by their
# path (budget.requested, budget.lines[9]) or in snake_case (health_community). Each kind is
# looked for word by word only on the lines where a quick search finds its mark (this runs over
# every application's text).
_SOURCE = r"\.(?:md|markdown|ya?ml|toml|py|m?js|html|css)"
_NOT_FOR_READERS = (
    (re.compile("/"), re.compile(r"/(?:[\w.-]+/)*[\w.-]*|(?:[\w.-]+/)+|(?:[\w.-]+/)*[\w.-]*" + _SOURCE)),
    (re.compile(_SOURCE + r"\b"), re.compile(r"[\w.-]*" + _SOURCE)),
    (re.compile(r"[a-z](?:\.[a-z]|\[\d)"),
     re.compile("(?:" + "|".join(sorted(Application.model_fields, key=len, reverse=True)) + r")(?:\.[a-z_]+|\[\d+\])+")),
    (re.compile("_"), re.compile(r"[a-z]+(?:_[a-z]+)+")),
)
_WORD_EDGES = re.compile(r"([(«\"']*)(.*?)([,.;:!?)»\"']*)", re.S)


def _without(text: str, mark: re.Pattern, word: re.Pattern) -> str:
    """``text`` without the words (punctuation around them kept) that are all ``word``, looked
    for on the lines where ``mark`` is found."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not mark.search(line):
            continue
        parts = line.split(" ")
        for index, part in enumerate(parts):
            if mark.search(part):
                before, core, after = _WORD_EDGES.fullmatch(part).groups()
                if word.fullmatch(core):
                    parts[index] = before + after
        lines[number] = " ".join(parts)
    return "\n".join(lines)


_EMPTY = re.compile(r"\([ \t]*\)|«[ \t]*»|\[[ \t]*\]")  # what a removed part leaves: empty brackets
_SPACE_BEFORE = re.compile(r"[ \t]+(?=[,.;:!?)»]|$)", re.M)
_SPACES = re.compile(r"[ \t]{2,}")


def _plain_code(match: re.Match) -> str:
    code = (match.group(2) if match.group(1) else match.group(3)).strip()
    return code if _PLAIN_CODE.fullmatch(code) else ""


def readable(markdown: str) -> str:
    """Markdown as plain text to be searched and shown in excerpts (``plain_text``), without
    blocks of code (YAML, commands), without spans of code that are not plain words
    (`budget.requested` and `---` go, `tilskudd check` stays), without folders, pages and
    source files (``applications/2025/x.md``, ``/sok/``, ``scheme.yml``), and without the form's
    fields by their path or in snake_case (``budget.lines[9]``, ``health_community``)."""
    if "```" in markdown or "~~~" in markdown:
        markdown = _FENCE.sub("", markdown)
    code = "`" in markdown or "<code>" in markdown
    if code:
        markdown = _CODE.sub(_plain_code, markdown)
    text = plain_text(markdown)
    cut = text
    for mark, word in _NOT_FOR_READERS:
        if mark.search(cut):
            cut = _without(cut, mark, word)
    if cut == text and not code:
        return text
    return _SPACES.sub(" ", _SPACE_BEFORE.sub("", _EMPTY.sub("", cut)))


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
    * ``manifest.json``: the number of documents, which file holds which prefix, and the
      groups (``[heading, first document]``, in the order they are shown). A prefix whose file
      would pass ``SHARD_BYTES`` is split by one more letter.

    Made one document at a time, with the postings kept as arrays of integers. The documents
    come group by group (``GROUPS``), in the order of ``GROUPS``."""
    postings: dict[str, array] = {}
    lengths = array("I")
    groups: list[tuple[str, int]] = []
    order = list(GROUPS)
    for number, document in enumerate(documents):
        if not groups or groups[-1][0] != document.group:
            if groups and order.index(document.group) < order.index(groups[-1][0]):
                raise ValueError(f"{document.page}: gruppen {document.group!r} kommer etter {groups[-1][0]!r}")
            groups.append((document.group, number))
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
                                       "grupper": [[GROUPS[group], first] for group, first in groups],
                                       "biter": files}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Term:
    """One word of a query: its stem, and for the last word (unless the query ends with a
    space) the word itself as the start of words, from ``MIN_PREFIX`` letters."""
    word: str
    stem: str
    prefix: str | None


def parse_query(query: str, min_prefix: int = MIN_PREFIX) -> list[Term]:
    """What a query asks for (``parse`` in ``sokeindeks.js``)."""
    words = tokens(query)
    open_ = bool(words) and not query[-1:].isspace()
    return [Term(word, stem(word), word if open_ and index == len(words) - 1 and len(word) >= min_prefix else None)
            for index, word in enumerate(words)]


def query_index(read: Callable[[str], bytes], query: str) -> list[tuple[int, int, int]]:
    """The hits for ``query`` in an index read file by file with ``read`` (a path in the index
    folder), as ``(group, document, score)``: every word found, the groups in order, the best
    first in each. The search page does the same (``SearchIndex.search`` in ``sokeindeks.js``)."""
    manifest = json.loads(read("manifest.json"))
    terms = parse_query(query, manifest["prefiks"])
    if not terms:
        return []
    shards: dict[int, dict] = {}

    def shard(number: int) -> dict:
        if number not in shards:
            shards[number] = json.loads(read(f"ord/{number}.json"))
        return shards[number]

    def scores(term: Term) -> dict[int, int]:
        found: dict[int, int] = {}
        keys = [(term.stem, False)] + ([(term.prefix, True)] if term.prefix else [])
        for key, is_prefix in keys:
            for number in _files(manifest["biter"], key, is_prefix):
                for stemmed, flat in shard(number).items():
                    if not (stemmed == term.stem or (is_prefix and stemmed.startswith(key))):
                        continue
                    document = 0
                    for position in range(0, len(flat), 2):
                        document += flat[position]
                        found[document] = max(found.get(document, 0), flat[position + 1])
        return found

    per_term = sorted((scores(term) for term in terms), key=len)
    total = {document: score + sum(other[document] for other in per_term[1:])
             for document, score in per_term[0].items() if all(document in other for other in per_term[1:])}
    firsts = [first for _, first in manifest.get("grupper", [])] or [0]

    def group(document: int) -> int:
        return max(index for index, first in enumerate(firsts) if first <= document)

    return sorted(((group(d), d, score) for d, score in total.items()), key=lambda hit: (hit[0], -hit[2], hit[1]))


def _files(biter: Mapping[str, int], key: str, prefix: bool) -> list[int]:
    """The index files that can hold the stem ``key``, or (``prefix``) the stems beginning with it."""
    holding = max((k for k in biter if key.startswith(k)), key=len, default=None)
    wanted = [biter[holding]] if holding is not None else []
    if prefix:
        wanted += [number for k, number in biter.items() if k.startswith(key) and number not in wanted]
    return wanted


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
