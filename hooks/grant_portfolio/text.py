"""Norwegian words for comparing texts: split, drop stop words, reduce to stems.

The stop words come from the ``stop-words`` package and the stems from Snowball's Norwegian
stemmer (``snowballstemmer``): both are data shipped with the packages, so nothing is fetched
and the result is the same on every machine.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import snowballstemmer
from slugify import slugify
from stop_words import get_stop_words

# Letters only (with æ, ø, å and other accented letters): numbers and amounts say little
# about what a project is about.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
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


def content_stems(text: str) -> list[tuple[str, str, int]]:
    """``(stem, word, count)`` for every distinct content word, so that a stem can be shown as
    a real word. Each distinct word is stemmed once."""
    stops = stop_words()
    return [(stem(w), w, n) for w, n in Counter(words(text)).items() if len(w) >= MIN_WORD_LENGTH and w not in stops]


def tidy_spaces(name: str) -> str:
    """Text as written, with runs of white space made one space (for names and titles)."""
    return re.sub(r"\s+", " ", name).strip()


def theme_slug(name: str) -> str:
    """A theme's identity and the last part of its address: case, spacing and punctuation do
    not count. Empty for a name without letters or digits (which validation refuses)."""
    return slugify(name)
