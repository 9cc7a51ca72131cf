"""The label lookup (input/labels.py): what readers see each field and each sum called, from the
schema; and the templates, which take their labels and page addresses from one place."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from grant_portfolio.exports.opendata import applications_export_schema
from grant_portfolio.input.labels import (
    FORMS, TOTALS_COLUMNS, UnknownField, label, leaf_fields, schema_fields, totals_columns, totals_label,
)
from grant_portfolio.input.reference import application_json_schema, field_docs
from grant_portfolio.input.schema import READER_LABELS_KEY
from grant_portfolio.model.portfolio import Totals

TEMPLATES = Path(__file__).resolve().parent.parent / "hooks" / "grant_portfolio" / "pages" / "templates"


def test_a_label_is_the_fields_title():
    assert label("title") == "Tittel"
    assert label("budget") == "Budsjett"


def test_a_nested_field_is_found_by_its_dotted_path():
    assert label("budget.requested") == "Søkt beløp"
    assert label("decision.granted") == "Innvilget beløp"
    assert label("period.start") == "Start"


def test_a_field_of_a_list_item_is_found_with_or_without_brackets():
    assert label("budget.lines[].amount") == label("budget.lines.amount") == "Beløp"
    assert label("contacts[].email") == "E-post"


def test_a_form_gives_the_wording_the_schema_has_for_that_place():
    assert label("budget.requested", "short") == "Søkt"
    assert label("decision.granted", "short") == "Innvilget"
    assert label("priority", "fact") == "Prioritet i helsefellesskapet"
    assert label("period.start", "export") == "Periode start"


def test_a_form_the_field_does_not_define_is_its_title():
    assert label("status", "fact") == label("status") == "Status"
    assert label("budget.own_contributions", "short") == "Egeninnsats"


def test_an_unknown_path_is_a_clear_error():
    with pytest.raises(UnknownField, match=r"no field 'budget\.requsted' in the application schema "
                                            r"\(did you mean 'budget\.requested'\?\)"):
        label("budget.requsted")
    with pytest.raises(UnknownField, match="no field 'nothing.like.it'"):
        label("nothing.like.it")


def test_an_unknown_form_is_an_error():
    with pytest.raises(ValueError, match="unknown label form 'tiny'"):
        label("budget.requested", "tiny")
    assert set(FORMS) == {"short", "fact", "heading", "export", "item"}


def test_the_walk_over_the_models_finds_the_fields_the_field_reference_lists():
    assert [path for path, _info, _leaf in schema_fields()] == [doc.path for doc in field_docs()]
    assert "budget.lines[].amount" in leaf_fields() and "budget" not in leaf_fields()


def test_the_other_wordings_stay_out_of_the_published_json_schemas():
    for schema in (application_json_schema(), applications_export_schema("https://example.org/s.json")):
        assert READER_LABELS_KEY not in json.dumps(schema)


def test_the_totals_columns_are_the_sums_of_totals_with_labels_from_the_schema():
    # The columns are the leading fields of Totals; the counts after them qualify two columns.
    fields = [f.name for f in dataclasses.fields(Totals)]
    assert [c.key for c in TOTALS_COLUMNS] == fields[:len(TOTALS_COLUMNS)]
    assert fields[len(TOTALS_COLUMNS):] == ["contributions_with_amount", "contributions_without_amount", "decided"]
    assert [c.label for c in TOTALS_COLUMNS] == ["Søknader", "Søkt", "Egeninnsats", "Innvilget"]
    assert totals_label("requested") == label("budget.requested", "short")
    totals = Totals(count=2, requested=300, own_contributions=20, granted=100)
    assert [c.value(totals) for c in TOTALS_COLUMNS] == [2, 300, 20, 100]


def test_a_subset_of_the_totals_columns_keeps_their_order():
    assert [c.key for c in totals_columns(["granted", "count"])] == ["count", "granted"]
    with pytest.raises(UnknownField, match="no totals column"):
        totals_columns(["requested", "spent"])


def test_no_template_writes_a_page_path_itself():
    # Page addresses come from the `pages` namespace (pages/paths.py PAGES). The one .md name
    # left is the example file name in the template page's code block.
    found = []
    for template in sorted(TEMPLATES.glob("*.j2")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"""['"][^'"\s]*\.(md|xml)(#[^'"]*)?['"]""", line):
                if match.group(0) != '"applications/2025/mitt-prosjekt.md"':
                    found.append(f"{template.name}:{number}: {match.group(0)}")
    assert found == []


def test_the_totals_tables_take_their_columns_from_the_macro():
    # The header of a totals table is written in _totals.md.j2 alone.
    for template in sorted(TEMPLATES.glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        assert "Søknader | Søkt" not in text and "<th style=\"text-align: right;\">Søkt</th>" not in text, template.name
