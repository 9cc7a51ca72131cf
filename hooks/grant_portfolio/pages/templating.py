"""The Jinja environment of the generated pages, and the text of a new application file.

In the Markdown templates every value from an application is escaped for Markdown by default
(the environment's ``finalize``); only values that are Markdown on purpose (links built by the
renderer, formatted amounts) are marked safe. The HTML templates escape every value for HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from .. import formatting
from ..input import labels  # what readers see each field and sum called, from the schema
from ..input.examples import BODY_PLACEHOLDER, OPTIONAL_BODY_PLACEHOLDER, mark_examples
from ..input.reference import template_front_matter
from ..input.scheme import Scheme


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return formatting.md_escape(value)


def _safe(fn: Callable[..., str]) -> Callable[..., Markup]:
    return lambda *args, **kwargs: Markup(fn(*args, **kwargs))


def _text(fn: Callable[..., str]) -> Callable[..., Markup]:
    """A formatter whose plain-text result is escaped for Markdown (``1. mars`` is no list)."""
    return lambda *args, **kwargs: formatting.md_escape(fn(*args, **kwargs))


def _finalize_html(value: Any) -> Any:
    return "" if value is None else value


class CompiledTemplates(BytecodeCache):
    """Templates compiled once, kept for the life of the process (a preview server builds again
    and again) and, where the user's temporary folder allows it, in Jinja's own cache folder
    there (``FileSystemBytecodeCache``: private to the user), as Python keeps its compiled modules:
    a later build reads them instead of compiling them again. Jinja checks each against its
    template's source, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        try:
            self._disk: FileSystemBytecodeCache | None = FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # no private cache folder to be had: compile in memory only
            self._disk = None

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)
        elif self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except (OSError, EOFError, ValueError, TypeError):
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)
            except OSError:
                self._disk = None


COMPILED = CompiledTemplates()  # for the theme's templates too (the MkDocs adapter)


def make_environment(html: bool = False) -> Environment:
    """The templates' environment: for Markdown pages, or with ``html`` for HTML pages."""
    env = Environment(
        loader=PackageLoader("grant_portfolio.pages", "templates"),
        undefined=StrictUndefined,
        finalize=_finalize_html if html else _finalize,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
        bytecode_cache=COMPILED,
    )
    env.filters.update(
        nok=_safe(formatting.nok),
        date=_text(formatting.date_nb),
        year_or_date=_text(formatting.year_or_date),
        md=formatting.md_escape,
        number=_safe(formatting.number),
        file_size=_safe(formatting.file_size),
        md_code=formatting.md_message,
        url=formatting.url,
        code=formatting.code,
        and_list=formatting.and_list,
        decimal=_text(formatting.decimal),
        percent=_text(formatting.percent),
        date_text=formatting.date_nb,
        quote_nb=formatting.quote_nb,
        html=escape,
        html_message=formatting.html_message,
    )

    env.globals.update(period_text=_text(formatting.period_text), period_plain=formatting.period_text,
                       label=labels.label, totals_columns=labels.totals_columns, totals_label=labels.totals_label)
    return env


def new_application_text(scheme: Scheme, values: dict[str, Any] | None = None) -> str:
    """The text of a new application file: the template front matter (with ``values`` in place
    of the examples they name, and every example that is left marked ``# eksempel``) and the
    form's headings, each with a placeholder text. The check refuses the file until the examples
    and placeholders are replaced (``input.examples`` records them for both)."""
    env = make_environment()
    front_matter = mark_examples(template_front_matter(scheme, values), given=values or {})
    return env.get_template("new_application.md.j2").render(
        front_matter=Markup(front_matter),
        sections=[s for s in scheme.sections if s.in_body],
        required_placeholder=BODY_PLACEHOLDER,
        optional_placeholder=OPTIONAL_BODY_PLACEHOLDER,
    )
