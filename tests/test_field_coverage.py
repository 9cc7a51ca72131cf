"""No field of the application schema is forgotten: every field that holds a value is shown on
the application page, or is a column of the spreadsheets (soknader.csv, budsjettlinjer.csv), or
is listed in ``schema.WITHHELD_FIELDS`` with the reason it is not.

soknader.json does not count as showing a field: it carries the whole front matter by itself,
so a new field is always in it, whether anyone decided so or not.

A field counts as shown when changing it changes the rendered page: an application with every
field filled in (``FULL``) is rendered once, then once for each field with that field removed
(if it may be left out) or given another value (if it is required).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import types
import typing
from typing import Any

import pytest
from conftest import Workspace, front
from pydantic import BaseModel, Field, ValidationError

from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.exports.opendata import APPLICATION_COLUMNS, BUDGET_LINE_COLUMNS
from grant_portfolio.input.labels import leaf_fields, schema_fields
from grant_portfolio.input.schema import WITHHELD_FIELDS, Application, Text
from grant_portfolio.model.portfolio import Portfolio
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.render import PageRenderer

BUILT = dt.date(2025, 6, 2)

# An application with every field filled in, lists with two items where the page treats one
# item differently from the next. Required fields get another value from OTHER_VALUES where
# the generic change (text + " endret", number + 1, a date a day later, a list without its
# last item) would not be valid.
FULL: dict[str, Any] = front(
    title="Full søknad",
    subtitle="Et samarbeid mellom Skjervøy og UNN",
    status="granted",
    municipalities=["Skjervøy", "Tromsø"],
    health_trusts=["unn"],
    priority=2,
    period={"start": 2025, "end": 2026},
    target_group="Ungdom i Nord-Troms",
    themes=["Psykisk helse"],
    budget={
        "requested": 100000,
        "lines": [{"item": "Prosjektleder", "amount": 60000, "rate": 600000, "scope": "10 %", "category": "Lønn",
                   "year": 2025},
                  {"item": "Reiser", "amount": 40000}],
        "own_contributions": [{"party": "Skjervøy kommune", "description": "Lokaler", "amount": 25000}],
        "categories_by": "søkeren",
    },
    decision={"granted": 80000, "date": "2025-05-02", "note": "Delvis innvilget"},
    contacts=[{"name": "Kari Nordmann", "organisation": "Skjervøy kommune", "role": "Prosjektleder",
               "email": "kari@example.org", "phone": "77 00 00 00"}],
    references=[{"title": "Drop in i Lillestrøm", "url": "https://example.org/drop-in", "note": "Samme modell",
                 "kind": "metode"}],
    lessons=["Start med brukerne."],
    related=["annen"],
    attachments=[{"title": "Signert avtale", "file": "avtale.pdf"}],
    extra={"saksnummer": "25/123"},
)
OTHER_VALUES: dict[str, Any] = {
    "round": "2025-2",
    "health_community": "finnmark",
    "status": "completed",
    "health_trusts": ["finnmarkssykehuset"],
}
# Another application, unlike FULL in everything, for `related` to name.
OTHER = front(title="Rekruttering av sykepleiere", health_community="finnmark", municipalities=["Alta"],
              health_trusts=["finnmarkssykehuset"], round="2025-2", summary="Stipend til sykepleiere.",
              contacts=[{"name": "Ola Nordmann"}], owners=["Alta kommune"])


# Reading and changing a field by its path -----------------------------------------------------

def _steps(path: str) -> list[str]:
    """``budget.lines[].rate`` → budget, lines, 0, rate: a list's first item stands for all."""
    steps: list[Any] = []
    for part in path.split("."):
        if part.endswith("[]"):
            steps += [part[:-2], 0]
        else:
            steps.append(part)
    return steps


def _parent(data: dict, path: str) -> tuple[Any, Any]:
    *parents, last = _steps(path)
    node = data
    for step in parents:
        node = node[step]
    return node, last


def _has(data: dict, path: str) -> bool:
    try:
        node, last = _parent(data, path)
    except (KeyError, IndexError, TypeError):
        return False
    return last in node


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        try:
            return (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()
        except ValueError:
            return value + " endret"
    if isinstance(value, list) and len(value) > 1:
        return value[:-1]
    if isinstance(value, list) and value:
        return [_changed(value[0])]
    raise AssertionError(f"no generic change for {value!r}: give the field a value in OTHER_VALUES")


def _unwrap(annotation: Any) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin is typing.Union or origin is types.UnionType:
        return _unwrap(next(a for a in args if a is not type(None)))
    return annotation


def _sample(annotation: Any, path: str) -> Any:
    """A value for a field FULL does not fill in (a field added since FULL was written)."""
    kind = _unwrap(annotation)
    if typing.get_origin(kind) is list:
        return [_sample(typing.get_args(kind)[0], path)]
    if kind is str:
        return f"Prøveverdi for {path}"
    if kind is int:
        return 3
    if kind is bool:
        return True
    if kind is dt.date:
        return "2025-04-01"
    raise AssertionError(f"FULL has no value for {path!r}: add one to FULL in {__name__}")


def completed(model: type[BaseModel], data: dict) -> dict:
    """``data`` with a sample value for every field it leaves out."""
    data = copy.deepcopy(data)
    for path, info, is_leaf in schema_fields(model):
        if not is_leaf or _has(data, path):
            continue
        node = data
        for step, following in zip(_steps(path)[:-1], _steps(path)[1:]):
            if isinstance(node, list):
                while len(node) <= step:
                    node.append({})
            elif step not in node:
                node[step] = [] if following == 0 else {}
            node = node[step]
        node[_steps(path)[-1]] = _sample(info.annotation, path)
    return data


def variant(data: dict, path: str, info: Any) -> dict:
    """``data`` with the field at ``path`` left out, or, if it is required, changed."""
    data = copy.deepcopy(data)
    node, last = _parent(data, path)
    if not info.is_required():
        del node[last]
    elif path in OTHER_VALUES:
        node[last] = OTHER_VALUES[path]
    else:
        node[last] = _changed(node[last])
    return data


# What the site does with each field -----------------------------------------------------------

def exported_fields() -> set[str]:
    return {c.key for c in APPLICATION_COLUMNS + BUDGET_LINE_COLUMNS if c.from_schema}


def shown_fields(model: type[BaseModel], workspace, scheme) -> set[str]:
    """The fields whose value changes the application page."""
    workspace.write("full.md", FULL)
    workspace.write("annen.md", OTHER)
    (workspace.applications / "2025" / "avtale.pdf").write_bytes(b"%PDF-1.4\n")
    result = validate_applications(workspace.applications, scheme, workspace.root)
    assert result.errors == []
    base, other = sorted(result.records, key=lambda r: r.slug != "full")
    data = completed(model, FULL)

    def page(front_matter: dict) -> str:
        meta = model.model_validate(front_matter, context={"scheme": scheme})
        record = dataclasses.replace(base, meta=meta)
        renderer = PageRenderer(build_model(Portfolio(scheme, [record, other]), BUILT))
        return renderer.application_page(record).html

    full_page = page(data)
    shown = set()
    for path, info, is_leaf in schema_fields(model):
        if not is_leaf:
            continue
        try:
            changed = variant(data, path, info)
            changed_page = page(changed)
        except ValidationError as error:
            raise AssertionError(f"{path}: the changed value is not valid; give it one in OTHER_VALUES\n{error}")
        if changed_page != full_page:
            shown.add(path)
    return shown


def unaccounted(model: type[BaseModel], shown: set[str]) -> list[str]:
    exported = exported_fields()
    return [path for path in leaf_fields(model)
            if path not in shown and path not in exported and path not in WITHHELD_FIELDS]


@pytest.fixture(scope="module")
def shown(tmp_path_factory, scheme) -> set[str]:
    return shown_fields(Application, Workspace(tmp_path_factory.mktemp("coverage")), scheme)


# The tests ------------------------------------------------------------------------------------

def test_every_field_is_shown_exported_or_withheld(shown):
    forgotten = unaccounted(Application, shown)
    assert not forgotten, (
        f"Fields neither shown on the application page, nor a spreadsheet column, nor in "
        f"schema.WITHHELD_FIELDS with a reason: {', '.join(forgotten)}")


def test_withheld_fields_are_fields_that_are_really_withheld(shown):
    leaves = leaf_fields()
    for path, reason in WITHHELD_FIELDS.items():
        assert path in leaves, f"WITHHELD_FIELDS names {path!r}, which is no field of the schema"
        assert reason.strip(), f"WITHHELD_FIELDS gives no reason for {path!r}"
        assert path not in shown, f"{path} is listed as withheld but is shown on the application page"
        assert path not in exported_fields(), f"{path} is listed as withheld but is a spreadsheet column"


def test_the_fact_box_and_the_budget_are_what_is_seen_of_the_application(shown):
    # The check itself: fields known to be on the page are found there, and `extra` is not.
    assert {"title", "budget.requested", "budget.lines[].rate", "decision.note", "contacts[].phone",
            "attachments[].file", "related"} <= shown
    assert "extra" not in shown


def test_a_new_field_neither_shown_nor_exported_is_named(workspace, scheme):
    class WithNewField(Application):
        case_officer: Text | None = Field(None, title="Saksbehandler", description="Hvem som behandler søknaden.")

    assert unaccounted(WithNewField, shown_fields(WithNewField, workspace, scheme)) == ["case_officer"]
