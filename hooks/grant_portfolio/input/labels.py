"""What readers see a field called, looked up in the schema: the one source for the labels on
the pages, in the charts, in the exports and in the command-line tool.

``label("budget.requested")`` is the field's title in ``schema.py`` ("Søkt beløp"). Where readers
see other wording in a particular place, the field says so in the schema, under
``x-labels`` in its ``json_schema_extra`` (stripped from the published JSON Schema): a form in
``FORMS``, e.g. ``label("budget.requested", "short")`` → "Søkt". A form the field does not
define is its title.

``TOTALS_COLUMNS`` are the sums shown side by side in the overview tables (the attributes of
``model.portfolio.Totals``), with their labels from the same lookup.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .schema import READER_LABELS_KEY, Application

# The places where a field may be shown with wording other than its title.
FORMS = {
    "short": "a column header, key figure, chart series or any place where the title is too long",
    "fact": "the fact list on the application page",
    "heading": "a section heading that shows the field",
    "export": "a spreadsheet column, where the field stands without the group it belongs to",
    "item": "one element of a list field, in lower case (the web form's «Legg til kontaktperson»)",
}


class UnknownField(LookupError):
    """A label was asked for a path that is no field of the schema."""


# Walking the models -------------------------------------------------------------------------

def _nested(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field's type holds (through ``Optional``, ``list`` and ``Annotated``), and
    whether it is a list of them."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _nested(args[0])
    if origin is list:
        model, _ = _nested(args[0]) if args else (None, False)
        return model, model is not None
    if origin is typing.Union or origin is types.UnionType:
        for arg in args:
            model, is_list = _nested(arg)
            if model is not None:
                return model, is_list
    return None, False


def schema_fields(model: type[BaseModel] = Application, prefix: str = "") -> Iterator[tuple[str, FieldInfo, bool]]:
    """Every field of ``model`` and of the models inside it, in schema order, as (path, field,
    is_leaf); paths as in the field reference: ``budget.lines[].amount``."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        nested, is_list = _nested(info.annotation)
        yield path, info, nested is None
        if nested is not None:
            yield from schema_fields(nested, f"{path}[]." if is_list else f"{path}.")


def leaf_fields(model: type[BaseModel] = Application) -> list[str]:
    """The paths of the fields that hold values rather than other fields."""
    return [path for path, _info, is_leaf in schema_fields(model) if is_leaf]


def _key(path: str) -> str:
    return path.replace("[]", "")


@lru_cache(maxsize=1)
def _index() -> dict[str, FieldInfo]:
    index = {}
    for path, info, _leaf in schema_fields():
        unknown = set(reader_labels(info)) - set(FORMS)
        if unknown:
            raise ValueError(f"{path}: unknown label form {sorted(unknown)} under {READER_LABELS_KEY}; "
                             f"the forms are {sorted(FORMS)}")
        index[_key(path)] = info
    return index


def reader_labels(info: FieldInfo) -> dict[str, str]:
    """The wordings a field defines besides its title, by form."""
    extra = info.json_schema_extra
    return dict(extra.get(READER_LABELS_KEY, {})) if isinstance(extra, dict) else {}


# The lookup ---------------------------------------------------------------------------------

def field_info(path: str) -> FieldInfo:
    """The schema's field at ``path`` (``budget.requested``; list items as ``budget.lines[].amount``
    or ``budget.lines.amount``)."""
    index = _index()
    key = _key(path)
    if key not in index:
        close = difflib.get_close_matches(key, index, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownField(f"no field {path!r} in the application schema{hint}")
    return index[key]


@lru_cache(maxsize=512)  # the templates ask for the same labels on every page
def label(path: str, form: str | None = None) -> str:
    """What readers see the field at ``path`` called: its title, or its wording for ``form``
    (one of ``FORMS``) where the schema gives one."""
    if form is not None and form not in FORMS:
        raise ValueError(f"unknown label form {form!r}; the forms are {sorted(FORMS)}")
    info = field_info(path)
    title = info.title or _key(path).rsplit(".", 1)[-1]
    return reader_labels(info).get(form, title) if form else title


# The totals columns -------------------------------------------------------------------------

@dataclass(frozen=True)
class TotalsColumn:
    key: str  # the attribute of model.portfolio.Totals
    label: str
    amount: bool  # whole kroner (else a number of applications)
    per_application: str | None = None  # the attribute of an ApplicationRecord with one application's value

    def value(self, totals: Any) -> int:
        return getattr(totals, self.key)

    def application_value(self, record: Any) -> int:
        if self.per_application is None:
            raise ValueError(f"the totals column {self.key!r} has no value for one application")
        return attrgetter(self.per_application)(record)


TOTALS_COLUMNS: tuple[TotalsColumn, ...] = (
    TotalsColumn("count", "Søknader", amount=False),  # the one label here that is no field's
    TotalsColumn("requested", label("budget.requested", "short"), amount=True,
                 per_application="meta.budget.requested"),
    TotalsColumn("own_contributions", label("budget.own_contributions", "short"), amount=True,
                 per_application="own_contributions_total"),
    TotalsColumn("granted", label("decision.granted", "short"), amount=True, per_application="granted"),
)
_TOTALS_BY_KEY = {column.key: column for column in TOTALS_COLUMNS}


def totals_columns(keys: Sequence[str] | None = None) -> tuple[TotalsColumn, ...]:
    """The totals columns, or those named in ``keys`` (a subset such as ``["requested",
    "granted"]``), always in the columns' own order."""
    if keys is None:
        return TOTALS_COLUMNS
    unknown = [key for key in keys if key not in _TOTALS_BY_KEY]
    if unknown:
        raise UnknownField(f"no totals column {unknown!r}; the columns are {list(_TOTALS_BY_KEY)}")
    return tuple(column for column in TOTALS_COLUMNS if column.key in keys)


def totals_label(key: str) -> str:
    return totals_columns([key])[0].label
