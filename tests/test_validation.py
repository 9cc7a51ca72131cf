"""Every validation rule, each with a file that breaks it.

Messages have the form ``path:line: field: what is wrong`` and are in Norwegian.
"""

from __future__ import annotations

import pytest
from grant_portfolio.input.yamlsource import YamlDocument
from conftest import FULL_BODY, front
from grant_portfolio.problems import Severity
from grant_portfolio.checks.validate import validate_applications


def errors_for(workspace, scheme):
    result = validate_applications(workspace.applications, scheme, workspace.root)
    return [p for p in result.problems if p.severity is Severity.ERROR]


def only_error(workspace, scheme):
    errors = errors_for(workspace, scheme)
    assert len(errors) == 1, [e.format() for e in errors]
    return errors[0]


def test_a_valid_file_has_no_errors(workspace, scheme):
    workspace.write("gyldig.md")
    assert errors_for(workspace, scheme) == []


def test_missing_front_matter(workspace, scheme):
    workspace.write("uten-forside.md", raw="# Bare tekst\n\nIngen forside her.\n")
    error = only_error(workspace, scheme)
    assert error.format() == (
        "applications/2025/uten-forside.md:1: mangler forside (front matter): "
        "fila må begynne med en linje med bare ---"
    )


def test_unterminated_front_matter(workspace, scheme):
    workspace.write("uavsluttet.md", raw="---\ntitle: X\n\nTekst\n")
    assert "ikke avsluttet" in only_error(workspace, scheme).message


def test_unparsable_front_matter_names_the_line(workspace, scheme):
    workspace.write("ugyldig-yaml.md", raw="---\ntitle: Et prosjekt\nround: 2025-1\nsummary: [uten slutt\n---\n")
    error = only_error(workspace, scheme)
    assert error.path == "applications/2025/ugyldig-yaml.md"
    assert error.line is not None and error.line >= 4
    assert error.message.startswith("ugyldig YAML")


def test_front_matter_that_is_not_a_mapping(workspace, scheme):
    workspace.write("liste.md", raw="---\n- en\n- to\n---\n")
    assert "navn: verdi" in only_error(workspace, scheme).message


def test_duplicate_key(workspace, scheme):
    workspace.write("dobbel.md", raw="---\ntitle: A\ntitle: B\n---\n")
    errors = errors_for(workspace, scheme)
    assert any(e.field == "title" and e.line == 3 and "to ganger" in e.message for e in errors)


@pytest.mark.parametrize(
    "field", ["title", "round", "health_community", "municipalities", "health_trusts", "status", "budget"]
)
def test_missing_required_field(workspace, scheme, field):
    workspace.write("mangler.md", front(**{field: None}))
    error = only_error(workspace, scheme)
    assert (error.field, error.message) == (field, "mangler (feltet er påkrevd)")
    assert error.path == "applications/2025/mangler.md"


def test_missing_requested_amount_names_nested_field_and_parent_line(workspace, scheme):
    path = workspace.write("uten-belop.md", front(budget={"own_contributions": []}))
    error = only_error(workspace, scheme)
    assert error.field == "budget.requested"
    budget_line = path.read_text(encoding="utf-8").splitlines().index("budget:") + 1
    assert error.line == budget_line


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"title": 2025}, "title", "må være tekst"),
        ({"title": ""}, "title", "kan ikke være tom"),
        ({"municipalities": "Tromsø"}, "municipalities", "må være en liste"),
        ({"budget": {"requested": "3 697 515"}}, "budget.requested", "må være et heltall"),
        ({"budget": {"requested": 3697515.5}}, "budget.requested", "må være et heltall"),
        ({"budget": {"requested": -5}}, "budget.requested", "må være større enn 0"),
        ({"budget": {"requested": 0}}, "budget.requested", "må være større enn 0"),
        ({"priority": 0}, "priority", "må være minst 1"),
        ({"summary": "x" * 501}, "summary", "høyst 500"),
        ({"period": {"start": "mars 2025"}}, "period.start", "årstall"),
        ({"contacts": [{"name": "Kari", "email": "ikke-en-adresse"}]}, "contacts[1].email", "e-postadresse"),
        ({"references": [{"title": "X", "url": "javascript:alert(1)"}]}, "references[1].url", "https://"),
        ({"related": ["Ikke Et Filnavn"]}, "related[1]", "string_pattern_mismatch"),
    ],
)
def test_mistyped_fields(workspace, scheme, changes, field, fragment):
    workspace.write("feil-type.md", front(**changes))
    error = only_error(workspace, scheme)
    assert error.field == field
    if fragment == "string_pattern_mismatch":
        assert "små bokstaver" in error.message
    else:
        assert fragment in error.message


def test_negative_budget_line_amount(workspace, scheme):
    lines = [{"item": "Lønn", "amount": -100}, {"item": "Reiser", "amount": 200}]
    workspace.write("negativ.md", front(budget={"requested": 100, "lines": lines}))
    errors = errors_for(workspace, scheme)
    assert any(e.field == "budget.lines[1].amount" and "minst 0" in e.message for e in errors)


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"health_community": "troms"}, "health_community", "ukjent helsefellesskap `troms`"),
        ({"round": "2024-1"}, "round", "ukjent søknadsrunde `2024-1`"),
        ({"municipalities": ["Tromso"]}, "municipalities[1]", "ukjent kommune `Tromso`; mente du `Tromsø`?"),
        ({"health_trusts": ["unn-hf"]}, "health_trusts[1]", "ukjent helseforetak `unn-hf`; mente du `unn`?"),
        ({"status": "approved"}, "status", "ukjent status `approved`"),
    ],
)
def test_unknown_scheme_values(workspace, scheme, changes, field, expected):
    workspace.write("ukjent.md", front(**changes))
    error = only_error(workspace, scheme)
    assert error.field == field
    assert error.message.startswith(expected)


def test_unknown_key_suggests_the_right_one(workspace, scheme):
    data = front(municipalities=None)
    data["municipality"] = ["Tromsø"]
    workspace.write("skrivefeil.md", data)
    errors = {e.field: e.message for e in errors_for(workspace, scheme)}
    assert errors["municipality"].startswith("ukjent felt `municipality`; mente du `municipalities`?")
    assert "extra:" in errors["municipality"]
    # The misspelt field is reported once: not also as the required field that is missing.
    assert "municipalities" not in errors


def test_missing_field_is_reported_when_no_unknown_field_resembles_it(workspace, scheme):
    data = front(municipalities=None)
    data["kommuner"] = ["Tromsø"]
    workspace.write("annet-felt.md", data)
    errors = {e.field: e.message for e in errors_for(workspace, scheme)}
    assert errors["municipalities"] == "mangler (feltet er påkrevd)"
    assert errors["kommuner"].startswith("ukjent felt `kommuner`")


def test_a_name_written_instead_of_the_scheme_id_suggests_the_id(workspace, scheme):
    workspace.write("navn.md", front(health_community="Helsefellesskapet Troms og Ofoten", health_trusts=["UNN"]))
    errors = {e.field: e.message for e in errors_for(workspace, scheme)}
    assert errors["health_community"] == (
        "ukjent helsefellesskap `Helsefellesskapet Troms og Ofoten`; mente du `troms-og-ofoten`? Skriv id-en, ikke navnet.")
    assert errors["health_trusts[1]"].startswith("ukjent helseforetak `UNN`; mente du `unn`?")


def test_unknown_nested_key(workspace, scheme):
    workspace.write("nestet.md", front(budget={"requested": 10, "requsted": 10}))
    error = only_error(workspace, scheme)
    assert error.field == "budget.requsted"
    assert "mente du `requested`?" in error.message


def test_free_form_data_under_extra_is_allowed(workspace, scheme):
    workspace.write("ekstra.md", front(extra={"saksnummer": "25/123", "hva_som_helst": [1, 2]}))
    assert errors_for(workspace, scheme) == []


def test_budget_lines_must_sum_to_requested(workspace, scheme):
    lines = [{"item": "Lønn", "amount": 60000}, {"item": "Reiser", "amount": 30000}]
    path = workspace.write("sum.md", front(budget={"requested": 100000, "lines": lines}))
    error = only_error(workspace, scheme)
    assert error.field == "budget.lines"
    assert error.message == ("budsjettlinjene summerer til 90\xa0000\xa0kr, men søkt beløp (budget.requested) er "
                             "100\xa0000\xa0kr; linjene er 10\xa0000\xa0kr for lite")
    assert error.line == path.read_text(encoding="utf-8").splitlines().index("  lines:") + 1


def test_granted_status_requires_granted_amount_and_decision_date(workspace, scheme):
    workspace.write("innvilget.md", front(status="granted"))
    error = only_error(workspace, scheme)
    assert error.field == "status"
    assert "decision.granted" in error.message and "decision.date" in error.message
    workspace.write("innvilget.md", front(status="completed", decision={"date": "2025-05-01"}))
    assert only_error(workspace, scheme).field == "decision.granted"
    workspace.write("innvilget.md", front(status="granted", decision={"granted": 50000}))
    error = only_error(workspace, scheme)
    assert (error.field, error.message) == ("decision.date", "status `granted` (Innvilget) krever vedtaksdato i decision.date")


def test_period_end_before_start(workspace, scheme):
    workspace.write("periode.md", front(period={"start": "2025-03-01", "end": 2024}))
    error = only_error(workspace, scheme)
    assert (error.field, error.message) == ("period.end", "slutt kan ikke være før start")


def test_period_by_year_and_date_is_accepted(workspace, scheme):
    workspace.write("periode.md", front(period={"start": 2025, "end": "2025-09-15"}))
    assert errors_for(workspace, scheme) == []


def test_duplicate_slugs_in_different_folders(workspace, scheme):
    workspace.write("2025/samme.md")
    workspace.write("2026/samme.md")
    data = scheme.model_dump()
    data["rounds"].append({"id": "2026-1", "name": "Første runde 2026", "community_deadline": "2026-03-01"})
    errors = errors_for(workspace, type(scheme).model_validate(data))
    assert sorted(e.path for e in errors) == ["applications/2025/samme.md", "applications/2026/samme.md"]
    assert all("samme.md" in e.message for e in errors)


def test_file_name_must_be_a_slug(workspace, scheme):
    workspace.write("Drop In Tromsø.md")
    error = only_error(workspace, scheme)
    assert error.field == "filnavn"
    assert "«drop-in-tromso.md»" in error.message


def test_file_name_index_is_kept_for_the_list_of_applications(workspace, scheme):
    workspace.write("2025/index.md")
    error = only_error(workspace, scheme)
    assert (error.path, error.field) == ("applications/2025/index.md", "filnavn")
    assert "oversikten over alle søknader" in error.message


def test_related_must_exist_and_not_be_itself(workspace, scheme):
    workspace.write("a.md", front(related=["b", "finnes-ikke", "a"]))
    workspace.write("b.md")
    errors = {e.field: e.message for e in errors_for(workspace, scheme)}
    assert errors == {
        "related[2]": "det finnes ingen søknad med filnavnet «finnes-ikke.md»",
        "related[3]": "en søknad kan ikke vise til seg selv",
    }


def test_checks_across_files_name_the_line_of_the_key(workspace, scheme):
    """Related applications and shared priorities are checked after every file is read; their
    messages still name the line of the key in each file (not line 1)."""
    related = ["b", "finnes-ikke"]
    path_a = workspace.write("a.md", front(related=related, priority=1))
    path_b = workspace.write("b.md", front(priority=1))
    result = validate_applications(workspace.applications, scheme, workspace.root)

    def line(path, text):
        return next(number for number, content in enumerate(path.read_text("utf-8").split("\n"), 1) if text in content)

    found = {(p.path, p.field): p.line for p in result.problems}
    assert found[("applications/2025/a.md", "related[2]")] == line(path_a, "- finnes-ikke")
    assert found[("applications/2025/a.md", "priority")] == line(path_a, "priority:") > 1
    assert found[("applications/2025/b.md", "priority")] == line(path_b, "priority:") > 1
    # The records that go on hold no key positions: nothing after validation can ask for a line.
    assert not any(isinstance(value, YamlDocument) for record in result.records for value in vars(record).values())
    assert not hasattr(result.records[0], "line_of")


def test_an_application_given_as_text_is_checked_as_the_file_it_names(workspace, scheme):
    on_disk = workspace.write("2025/a.md", front(priority=1))
    text = on_disk.read_text("utf-8")
    as_b = workspace.applications / "2025" / "b.md"
    result = validate_applications(workspace.applications, scheme, workspace.root, texts={as_b: text})
    assert not as_b.exists() and [r.slug for r in result.records] == ["a", "b"]
    assert sorted(n.path for n in result.notices if n.field == "priority") == ["applications/2025/a.md",
                                                                                 "applications/2025/b.md"]
    # A text in place of a file on disk is checked instead of it.
    broken = text.replace("status: submitted", "status: sendt")
    result = validate_applications(workspace.applications, scheme, workspace.root, texts={on_disk: broken})
    assert [(e.path, e.field) for e in result.errors] == [("applications/2025/a.md", "status")]


def test_attachment_file_must_exist(workspace, scheme):
    workspace.write("vedlegg.md", front(attachments=[{"title": "Avtale", "file": "avtale.pdf"}]))
    assert only_error(workspace, scheme).field == "attachments[1].file"
    (workspace.applications / "2025" / "avtale.pdf").write_bytes(b"%PDF-1.4")
    assert errors_for(workspace, scheme) == []


def test_repeated_list_values(workspace, scheme):
    workspace.write("gjentatt.md", front(municipalities=["Skjervøy", "Skjervøy"]))
    error = only_error(workspace, scheme)
    assert error.field == "municipalities[2]"


def test_every_broken_file_is_reported_in_one_run(workspace, scheme):
    workspace.write("en.md", front(status="ukjent"))
    workspace.write("to.md", front(budget={"requested": "mye"}))
    workspace.write("tre.md", raw="ingen forside\n")
    workspace.write("fire.md")  # valid
    errors = errors_for(workspace, scheme)
    assert sorted({e.path for e in errors}) == [
        "applications/2025/en.md", "applications/2025/to.md", "applications/2025/tre.md",
    ]


def test_several_problems_in_one_file_are_all_reported(workspace, scheme):
    workspace.write("mange.md", front(status="x", round="y", budget={"requested": -1}, priority="første"))
    fields = sorted(e.field for e in errors_for(workspace, scheme))
    assert fields == ["budget.requested", "priority", "round", "status"]


def test_line_numbers_point_at_the_field(workspace, scheme):
    raw = (
        "---\n"
        "title: Et prosjekt\n"
        "round: 2025-1\n"
        "health_community: troms-og-ofoten\n"
        "municipalities:\n"
        "  - Tromsø\n"
        "  - Oslo\n"
        "health_trusts: [unn]\n"
        "status: submitted\n"
        "budget:\n"
        "  requested: 100\n"
        "---\n"
    )
    workspace.write("linjer.md", raw=raw)
    error = only_error(workspace, scheme)
    assert error.format().startswith("applications/2025/linjer.md:7: municipalities[2]: ukjent kommune `Oslo`")


def test_yaml_no_is_not_a_title(workspace, scheme):
    workspace.write("nei.md", front(title=False))
    assert only_error(workspace, scheme).message == "må være tekst"


def test_windows_line_endings_and_bom_are_accepted(workspace, scheme):
    path = workspace.write("crlf.md")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert errors_for(workspace, scheme) == []


def test_file_not_in_utf8(workspace, scheme):
    path = workspace.write("latin1.md")
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert "UTF-8" in only_error(workspace, scheme).message


def test_softer_gaps_are_notices_not_errors(workspace, scheme):
    workspace.write("myk.md", front(municipalities=["Bodø"], summary=None), body="## Kort beskrivelse av prosjektet/piloten\n\nTekst.\n\n## Noe annet\n\nTekst.")
    result = validate_applications(workspace.applications, scheme, workspace.root)
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    messages = [n.message for n in result.notices]
    assert any("Bodø hører til Helsefellesskapet Lofoten, Vesterålen, Salten" in m for m in messages)
    assert any("mangler delen «Hvilken nytte forventes av prosjektet/piloten?»" in m for m in messages)
    assert any("«Noe annet» er ikke en av søknadsskjemaets deler" in m for m in messages)
    assert any("mangler sammendrag" in m for m in messages)
    assert not any("Kort beskrivelse" in m for m in messages)


def test_shared_priority_is_a_notice(workspace, scheme):
    workspace.write("a.md", front(priority=1))
    workspace.write("b.md", front(priority=1))
    result = validate_applications(workspace.applications, scheme, workspace.root)
    assert sorted(n.path for n in result.notices if n.field == "priority") == ["applications/2025/a.md", "applications/2025/b.md"]


def test_full_body_has_no_section_notices(workspace, scheme):
    workspace.write("full.md", body=FULL_BODY)
    result = validate_applications(workspace.applications, scheme, workspace.root)
    assert result.notices == []
