"""Norwegian national identity numbers and D-numbers in free text, found with python-stdnum
(which checks both check digits and the date), and hidden from anything the project prints."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.no import fodselsnummer

# Six digits (the birth date, or the D-number's date plus 40), then five: written together or
# split once by a space, dot or hyphen.
_ID_CANDIDATE = re.compile(r"(?<![\d])(\d{6})[ .\-\u00a0]?(\d{5})(?![\d])")
# Runs of digits (with the separators numbers are written with), found with one cheap pass over
# the text; the exact patterns then look only around them. A 15 kB application is searched in
# a fraction of the time the exact patterns need on the whole text.
_DIGIT_RUN = re.compile(r"[+\d][\d \u00a0.\-]{6,16}\d")
CONTEXT = 16  # characters on each side of a run that the exact patterns may look at
REDACTED = "[fødselsnummer skjult]"


def digit_runs(text: str) -> list[tuple[int, int]]:
    """Where runs of at least eight digits and separators are in ``text``."""
    return [run.span() for run in _DIGIT_RUN.finditer(text)]


def search_near_digits(pattern: re.Pattern, text: str,
                       runs: list[tuple[int, int]] | None = None) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that only matches where a run of at least eight
    digits and separators is (``runs``, if already found); each match once, in order."""
    end = 0
    for run_start, run_end in digit_runs(text) if runs is None else runs:
        start = max(run_start - CONTEXT, end)
        for match in pattern.finditer(text, start, min(run_end + CONTEXT, len(text))):
            if match.start() >= end:
                end = match.end()
                yield match


def personal_numbers(text: str, runs: list[tuple[int, int]] | None = None) -> Iterator[re.Match]:
    """Every valid national identity number or D-number in ``text``."""
    for match in search_near_digits(_ID_CANDIDATE, text, runs):
        if fodselsnummer.is_valid(match.group(1) + match.group(2)):
            yield match


def redact(text: str) -> str:
    """``text`` with every national identity number or D-number replaced by a placeholder."""
    for match in reversed(list(personal_numbers(text))):
        text = text[: match.start()] + REDACTED + text[match.end():]
    return text
