"""Norwegian words for comparing texts: split, drop stop words, reduce to stems.

The stop words come from the ``stop-words`` package and the stems from Snowball's Norwegian
stemmer (``snowballstemmer``): both are data shipped with the packages, so nothing is fetched
and the result is the same on every machine.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache

import snowballstemmer
import yaml
from slugify import slugify
from stop_words import get_stop_words

# Letters only (with æ, ø, å and other accented letters): numbers and amounts say little
# about what a project is about.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_RUN = re.compile(r"\w+")
MIN_WORD_LENGTH = 3


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("norwegian"))


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """The words of a text, in lower case."""
    return _WORD.findall(text.casefold())


def stem_words(text: str, keep_stop_words: bool = False) -> list[str]:
    """The stems of a text's content words, in order (with repeats)."""
    stops = frozenset() if keep_stop_words else stop_words()
    return [stem(w) for w in words(text) if w not in stops and (keep_stop_words or len(w) >= MIN_WORD_LENGTH)]


def word_counts(text: str) -> Counter[str]:
    """``Counter(words(text))``, faster: the runs of word characters are counted first (a
    simpler pattern), and only the few with digits or underscores are cut into words."""
    counts = Counter(_RUN.findall(text.casefold()))
    for run in [run for run in counts if not run.isalpha()]:
        count = counts.pop(run)
        for word in _WORD.findall(run):
            counts[word] += count
    return counts


def content_stems(text: str) -> list[tuple[str, str, int]]:
    """``(stem, word, count)`` for every distinct content word, so that a stem can be shown as
    a real word. Each distinct word is stemmed once."""
    stops = stop_words()
    return [(stem(w), w, n) for w, n in word_counts(text).items() if len(w) >= MIN_WORD_LENGTH and w not in stops]


def tidy_spaces(name: str) -> str:
    """Text as written, with runs of white space made one space (for names and titles)."""
    return re.sub(r"\s+", " ", name).strip()


def theme_slug(name: str) -> str:
    """A theme's identity and the last part of its address: case, spacing and punctuation do
    not count. Empty for a name without letters or digits (which validation refuses)."""
    return slugify(name)


# Markdown's marks, for reading a page as plain text (the search index). Not a Markdown parser:
# the text is searched and shown in short excerpts, never published as it stands. Plain string
# operations where they do: this runs over every application's body in every build.
_LINE_RULE = re.compile(  # whole lines: code fences, link definitions, abbreviations, table rules
    r"^[ \t]*(?:```.*|~~~.*|\[[^\]\n]+\]:[ \t]+\S.*|\*\[[^\]\n]+\]:.*"
    r"|\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*)(?:\n|\Z)", re.M)
_MARK_RULE = re.compile(  # marks at the start of a line: headings, lists, quotes, admonitions, definitions
    r"^[ \t]*(?:#{1,6}[ \t]*|(?:[-*+]|\d+[.)])[ \t]+|(?:>[ \t]?)+|:[ \t]{3}|(?:!!!|\?\?\?\+?)[ \t]*\w*)", re.M)
_LINK = re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")  # links and images: their text
_TAG = re.compile(r"<!--.*?-->|<[^>\n]+>", re.S)  # HTML comments and tags
_ATTRIBUTES = re.compile(r"\{:?[ \t]*[#.][^}\n]*\}|\{:[^}\n]*\}")  # attribute lists
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def plain_text(markdown: str) -> str:
    """The words of a Markdown text without its marks, one paragraph per line."""
    text = _MARK_RULE.sub("", _LINE_RULE.sub("", markdown))
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "[" in text:
        text = _LINK.sub(r"\1", text.replace("![", "["))
    if "{" in text:
        text = _ATTRIBUTES.sub("", text)
    for mark in ("**", "__", "~~", "`", "*"):
        text = text.replace(mark, "")
    text = text.replace("\\|", "\x00").replace("|", " ").replace("\x00", "|")
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    # One paragraph per line: the lines of a paragraph (or list, or table) joined.
    return "\n".join(" ".join(block.split()) for block in _BLANK_LINE.split(text) if block and not block.isspace())


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(markdown: str) -> tuple[dict, str]:
    """A page's YAML front matter (empty if it has none or it is not a mapping) and its body."""
    match = _FRONT_MATTER.match(markdown)
    if not match:
        return {}, markdown
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), markdown[match.end():]
