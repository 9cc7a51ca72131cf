"""Norwegian formatting of amounts, dates and text, through Babel; never by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
import re
from functools import lru_cache
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from markupsafe import Markup, escape
from slugify import slugify

LOCALE = "nb_NO"
# Parsed once: Babel parses a locale given by name on every call, which a build with thousands
# of amounts and dates notices. The formatters are cached for the same reason (pure functions).
_LOCALE = Locale.parse(LOCALE)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#{}])")
_MD_LINE_BREAK = re.compile(r"\s*\n\s*")
_MD_LIST_START = re.compile(r"^(\d+)([.)])")
_MD_BLOCK_START = re.compile(r"^([-+>])")


@lru_cache(maxsize=65536)
def nok(amount: int | None) -> str:
    """``3697515`` -> ``3 697 515 kr`` (non-breaking spaces, so an amount never wraps)."""
    if amount is None:
        return ""
    return format_currency(amount, "NOK", format="#,##0\u00a0¤", locale=_LOCALE, currency_digits=False)


@lru_cache(maxsize=65536)
def number(value: int) -> str:
    return format_decimal(value, locale=_LOCALE)


def decimal(value: float) -> str:
    """``0.5`` -> ``0,5``; ``1.0`` -> ``1``."""
    return format_decimal(value, locale=_LOCALE)


def percent(value: float) -> str:
    """``0.15`` -> ``15 %``."""
    return format_percent(value, locale=_LOCALE)


def quote_nb(text: str) -> str:
    """Norwegian quotation marks: ``«text»``."""
    return f"«{text}»"


def file_size(size: int) -> str:
    """``1234`` -> ``1,2 kB``; ``2500000`` -> ``2,5 MB`` (decimal units)."""
    for unit, factor in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= factor:
            return f"{format_decimal(size / factor, format='#,##0.0', locale=_LOCALE)}\u00a0{unit}"
    return f"{format_decimal(size, locale=_LOCALE)}\u00a0byte"


@lru_cache(maxsize=65536)
def date_nb(value: dt.date | str | None) -> str:
    """``2025-03-01`` -> ``1. mars 2025``; text is returned as it is."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value, format="long", locale=_LOCALE)
    return str(value)


_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # the three code points after z


def sort_key_nb(text: str) -> str:
    """Norwegian alphabetical order: æ, ø, å after z."""
    return text.casefold().translate(_NORWEGIAN_ORDER)


def and_list(items: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``a, b og c``."""
    return format_list([str(i) for i in items], locale=_LOCALE) if items else ""


def year_or_date(value: int | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return date_nb(value)


def period_text(start: int | dt.date | None, end: int | dt.date | None) -> str:
    if start is None:
        return ""
    if end is None:
        return f"fra {year_or_date(start)}"
    return f"{year_or_date(start)}–{year_or_date(end)}" if isinstance(start, int) and isinstance(end, int) \
        else f"{year_or_date(start)} til {year_or_date(end)}"


def md_escape(text: object) -> Markup:
    """Make contributor text safe to put inside generated Markdown: no raw HTML, no markup."""
    if isinstance(text, Markup):
        return text
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    if "\n" in escaped:
        escaped = _MD_LINE_BREAK.sub(" ", escaped)
    # A leading "1." or "-" would start a list, a leading ">" a quote.
    if escaped[:1].isdigit():
        escaped = _MD_LIST_START.sub(r"\1\\\2", escaped)
    elif escaped[:1] in ("-", "+", ">"):
        escaped = _MD_BLOCK_START.sub(r"\\\1", escaped)
    return Markup(str(escape(escaped)))


def md_message(text: str) -> Markup:
    """A problem message: text between backticks becomes code, the rest is escaped."""
    return _message(text, md_escape)


def html_message(text: str) -> Markup:
    """A message or help text for HTML: text between backticks becomes code, the rest is escaped."""
    return _message(text, escape)


def _message(text: str, escape_text: Callable[[str], Markup]) -> Markup:
    parts = str(text).split("`")
    return Markup("".join(str(code(part)) if index % 2 and index < len(parts) - 1 else str(escape_text(part))
                          for index, part in enumerate(parts)))


def code(value: object) -> Markup:
    """Inline code that may contain any character (a field name, a file path)."""
    return Markup(f"<code>{escape(str(value))}</code>")


def url(value: str) -> Markup:
    """A URL for a Markdown link target: characters that would end the target are encoded."""
    return Markup(quote(str(value), safe=":/?#[]@!$&'*+,;=%~"))


@lru_cache(maxsize=65536)  # the same headings come back on every page, and slugify is slow
def heading_slug(value: str, separator: str = "-") -> str:
    """Anchor ids for headings: ASCII, with æ, ø, å written as ae, o, a (python-slugify)."""
    return slugify(value, separator=separator)
