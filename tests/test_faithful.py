"""The pages say exactly what the applications say (issue 22, item 6): who chose the budget
categories, what kind of thing a reference is, amounts without glosses, the title as written,
a data-quality note beside what it concerns, and owners as organisations or roles."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, front
from wordform_builder import build_form_docx

from grant_portfolio.checks.quality import application_notes
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.contribute.wordform import import_docx
from grant_portfolio.input.reference import application_json_schema, field_docs, template_front_matter
from grant_portfolio.input.schema import (
    BY_APPLICANT, BY_EDITORS, METHOD, SIMILAR, Application, Reference,
)
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.model.site import build_model
from grant_portfolio.pages.render import PageRenderer
from grant_portfolio.problems import Problem, Severity

BUILT = dt.date(2025, 6, 2)
DROP_IN = "drop-in-samtalebehandling"
FORPROSJEKT = "forprosjekt-samordning-psykisk-helsevern-og-rus"
FORM = ROOT / "tests" / "fixtures" / "wordform" / "drop-in.yml"


def front_matter(slug: str) -> dict:
    text = (ROOT / "applications" / "2025" / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture(scope="module")
def real():
    """The real applications: their records and pages."""
    portfolio = load_portfolio(ROOT / "applications", ROOT)
    renderer = PageRenderer(build_model(portfolio, BUILT))
    records = {r.slug: r for r in portfolio.applications}
    pages = {slug: renderer.application_page(record).html for slug, record in records.items()}
    return records, pages, renderer


def render(workspace, scheme, *applications: tuple[str, dict]) -> tuple[dict[str, str], PageRenderer]:
    """The application pages (HTML by slug) and the renderer of a portfolio of ``applications``."""
    for name, data in applications:
        workspace.write(f"{name}.md", data)
    result = validate_applications(workspace.applications, scheme, workspace.root)
    assert [p.format() for p in result.errors] == []
    portfolio = load_portfolio(workspace.applications, workspace.root)
    renderer = PageRenderer(build_model(portfolio, BUILT))
    return {r.slug: renderer.application_page(r).html for r in portfolio.applications}, renderer


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


LINES = [{"item": "Prosjektleder", "amount": 60000, "category": "Lønn"},
         {"item": "Reiser", "amount": 40000, "category": "Reiser"}]


# The schema ---------------------------------------------------------------------------------

def test_a_reference_is_a_similar_initiative_unless_it_says_it_is_a_method():
    assert Reference(title="Drop in i Lillestrøm").kind == SIMILAR
    assert Reference(title="InnoMed", kind="metode").kind == METHOD


def test_a_kind_that_is_not_one_of_the_two_is_an_error_in_norwegian(workspace, scheme):
    workspace.write("a.md", front(references=[{"title": "InnoMed", "kind": "verktøy"}]))
    errors = validate_applications(workspace.applications, scheme, workspace.root).errors
    assert len(errors) == 1
    assert errors[0].field == "references[1].kind"
    assert "lignende-tiltak" in errors[0].message and "metode" in errors[0].message


def test_categories_were_given_by_the_editors_unless_the_file_says_otherwise():
    meta = Application.model_validate(front(budget={"requested": 100000, "lines": LINES}))
    assert meta.budget.categories_by == BY_EDITORS
    meta = Application.model_validate(front(budget={"requested": 100000, "lines": LINES, "categories_by": "søkeren"}))
    assert meta.budget.categories_by == BY_APPLICANT


def test_json_schema_field_reference_and_template_know_the_new_fields(scheme):
    schema = application_json_schema(scheme)
    defs = schema["$defs"]
    assert defs["Reference"]["properties"]["kind"]["enum"] == ["lignende-tiltak", "metode"]
    assert defs["Reference"]["properties"]["kind"]["default"] == "lignende-tiltak"
    assert defs["Budget"]["properties"]["categories_by"]["enum"] == ["redaksjonen", "søkeren"]
    assert schema["properties"]["subtitle"]["anyOf"][0]["type"] == "string"
    docs = {doc.path: doc for doc in field_docs()}
    kind = docs["references[].kind"]
    assert kind.type == "fast verdi" and not kind.required
    assert "«metode»" in kind.description and "«lignende-tiltak» (standard" in kind.description
    assert "«redaksjonen» (standard" in docs["budget.categories_by"].description
    assert "ikke med personnavn" in docs["owners"].description
    assert "# subtitle:" in template_front_matter(scheme)


# The two real applications ------------------------------------------------------------------

def test_the_drop_in_title_and_subtitle_are_as_the_applicant_wrote_them(real):
    # The form as filled in, transcribed in the project (tests/fixtures/wordform/, from the seed
    # in ../shared/seeds/): the name paragraph has the subtitle on its second line.
    seed = FORM.read_text(encoding="utf-8")
    name = next(line for line in seed.splitlines() if "Drop in samtalebehandling –psykisk" in line)
    meta = real[0][DROP_IN].meta
    assert meta.subtitle == "Et samarbeid mellom UNN og Tromsø kommune"
    assert f"-{meta.subtitle}" in name
    # the summary is the project's goal in the applicant's words, without the subtitle
    assert meta.summary == "Tilby samtalebehandling for personer med ulike psykiske vansker ved hjelp av drop in."
    assert meta.summary in seed and "samarbeid" not in meta.summary


def test_references_of_the_real_applications_have_their_true_kind(real):
    records = real[0]
    assert [(r.title, r.kind) for r in records[DROP_IN].meta.references] == [
        ("Drop in tilbud og digital bookingløsning i Lillestrøm kommune", SIMILAR)]
    assert {(r.title, r.kind) for r in records[FORPROSJEKT].meta.references} == {
        ("Veikart for tjenesteinnovasjon (KS)", METHOD), ("InnoMed", METHOD)}
    # written out in the files, not left to the default
    assert all("kind" in ref for slug in (DROP_IN, FORPROSJEKT) for ref in front_matter(slug)["references"])


def test_the_forprosjekt_owner_is_a_role_and_an_organisation(real):
    assert real[0][FORPROSJEKT].meta.owners == ["Klinikksjef, Psykisk helse- og rusklinikken, UNN HF"]
    assert front_matter(FORPROSJEKT)["budget"]["categories_by"] == "redaksjonen"
    for slug in (DROP_IN, FORPROSJEKT):
        text = (ROOT / "applications" / "2025" / f"{slug}.md").read_text(encoding="utf-8")
        assert "Stellander" not in text
        assert "Stellander" not in real[1][slug]
    assert "<p>Prosjekteier: Klinikksjef, Psykisk helse- og rusklinikken, UNN HF.</p>" in real[1][FORPROSJEKT]


def test_privacy_page_states_the_rule_for_owners():
    text = " ".join((ROOT / "docs" / "personvern.md").read_text(encoding="utf-8").split())
    assert "**Prosjekteiere**, som virksomhet, enhet eller rolle" in text
    assert "publiseres rollen og virksomheten uten navnet" in text


# The application page -----------------------------------------------------------------------

def test_the_subtitle_stands_under_the_title(real):
    html = real[1][DROP_IN]
    assert re.search(r'<hgroup>\s*<h1 id="[^"]+">Drop in samtalebehandling – psykisk helsehjelp for voksne</h1>\s*'
                     r'<p class="subtitle">Et samarbeid mellom UNN og Tromsø kommune</p>\s*</hgroup>', html)
    assert "<hgroup>" not in real[1][FORPROSJEKT]


def test_own_contributions_are_shown_as_given_without_a_gloss(real):
    html = real[1][DROP_IN]
    assert "anslått" not in html
    text = visible_text(html).replace("\u00a0", " ")
    assert "Egeninnsats 1 000 000 kr, og 1 bidrag der beløpet ikke er oppgitt (se budsjettet)" in text
    assert "Bruk av eksisterende lokaler 1 000 000 kr" in text  # in the table, as the application gives it


def test_a_contribution_without_amounts_only_says_so(workspace, scheme):
    pages, _ = render(workspace, scheme, ("a", front(budget={"requested": 100000, "own_contributions": [
        {"party": "Skjervøy kommune", "description": "Lokaler"}]})))
    text = visible_text(pages["a"])
    assert "Egeninnsats beløpet er ikke oppgitt (se budsjettet)" in text
    assert "0 kr" not in text.replace("100 000 kr", "")


def test_editor_assigned_categories_are_marked_on_the_application_page(real, workspace, scheme):
    html = real[1][FORPROSJEKT]
    assert '<th style="text-align: left;">Kategori (satt av redaksjonen)</th>' in html
    assert "Kategoriene er satt av redaksjonen da søknadsfila ble skrevet, ikke av søkerne" in html
    budget = {"requested": 100000, "lines": LINES}
    pages, _ = render(workspace, scheme, ("a", front(budget=budget)),
                      ("b", front(title="Noe annet", budget={**budget, "categories_by": "søkeren"})))
    assert "Kategori (satt av redaksjonen)" in pages["a"]
    assert "redaksjonen" not in pages["b"]
    assert '<th style="text-align: left;">Kategori</th>' in pages["b"]


def test_references_are_shown_by_kind_on_the_application_page(real, workspace, scheme):
    forprosjekt, drop_in = real[1][FORPROSJEKT], real[1][DROP_IN]
    assert '<h2 id="metoder-og-verktoy">Metoder og verktøy</h2>' in forprosjekt
    assert "Lignende tiltak andre steder" not in forprosjekt
    assert '<h2 id="lignende-tiltak">Lignende tiltak andre steder</h2>' in drop_in
    assert "Metoder og verktøy" not in drop_in
    pages, _ = render(workspace, scheme, ("a", front(references=[
        {"title": "InnoMed", "kind": "metode"}, {"title": "Drop in i Lillestrøm"}])))
    html = pages["a"]
    similar, methods = html.index("Lignende tiltak andre steder</h2>"), html.index("Metoder og verktøy</h2>")
    assert similar < html.index("Drop in i Lillestrøm") < methods < html.index("InnoMed")


def test_a_quality_note_stands_beside_the_budget_line_it_concerns(real):
    html = real[1][FORPROSJEKT]
    line = "Teambemanning, frikjøp av kommunale deltakere til APene, 13 kommuner, 20 % pr. kommune"
    row = next(r for r in html.split("<tr>") if r.startswith(f'<td style="text-align: left;">{line}'))
    assert '(<a href="#merknad-budsjett">se merknad</a>)' in row
    table_end, note = html.index("</table>"), html.index('id="merknad-budsjett"')
    assert table_end < note < html.index('id="egeninnsats"')  # under the sum, before the own contributions
    box = html[note:html.index("</div>", note)]
    assert f"<p>Linja «{line}»: budsjettlinja nevner «13 kommuner»" in box
    assert "budget.lines" not in box and '<a href="../../datakvalitet/">' in box
    assert "Merknad" not in real[1][DROP_IN] and "merknad-budsjett" not in real[1][DROP_IN]


def test_other_notes_stand_under_the_facts(workspace, scheme):
    pages, _ = render(workspace, scheme, ("a", front(summary=None)))
    html = pages["a"]
    box = html[html.index('id="merknader"'):]
    assert html.index("</dl>") < html.index('id="merknader"') < html.index('id="budsjettoversikt"')
    assert "<p>Mangler sammendrag" in box[:box.index("</div>")]


def test_notes_are_placed_by_the_field_they_concern():
    def notice(field, message):
        return Problem("applications/2025/a.md", 3, field, message, Severity.NOTICE)

    notes = application_notes([
        notice("budget.lines[2]", "budsjettlinja nevner «13 kommuner»"),
        notice("budget.lines[7]", "en linje som ikke finnes"),
        notice("budget.requested", "noe om beløpet"),
        notice(None, "mangler delen «Mål»"),
        notice("municipalities[1]", "Alta hører til Finnmark."),
    ], line_count=3)
    assert notes.lines == {1: ["budsjettlinja nevner «13 kommuner»."]}
    assert notes.budget == ["En linje som ikke finnes.", "Noe om beløpet."]
    assert notes.other == ["Mangler delen «Mål».", "Alta hører til Finnmark."]
    assert not application_notes([], line_count=0)


# The overview pages -------------------------------------------------------------------------

def test_references_page_lists_similar_initiatives_and_methods_apart(real):
    page = real[2].pages()["erfaringer/referanser.md"].inline()
    similar, methods = page.index("## Lignende tiltak andre steder"), page.index("## Metoder og verktøy")
    assert similar < page.index("Drop in tilbud og digital bookingløsning") < methods
    assert methods < page.index("### InnoMed") and methods < page.index("### Veikart for tjenesteinnovasjon (KS)")
    assert "1 tiltak og 2 metoder eller verktøy er nevnt i 2 søknader." in page


def test_a_reference_cited_as_both_kinds_is_under_each_with_its_own_citations(workspace, scheme):
    _, renderer = render(workspace, scheme,
                         ("a", front(references=[{"title": "InnoMed", "kind": "metode", "note": "Som metode"}])),
                         ("b", front(title="Noe annet", references=[{"title": "InnoMed", "note": "Som tiltak"}])))
    page = renderer.pages()["erfaringer/referanser.md"].inline()
    similar, methods = page.split("## Metoder og verktøy")
    assert "«Som tiltak»" in similar and "«Som metode»" not in similar
    assert "«Som metode»" in methods and "«Som tiltak»" not in methods


@pytest.mark.parametrize(("sources", "statement"), [
    ([None], "Kategoriene er satt av redaksjonen da søknadsfilene ble skrevet, ikke av søkerne: "
             "søknadsskjemaet har ingen kategorier."),
    (["søkeren"], "Kategoriene er oppgitt av søkerne."),
    (["søkeren", "redaksjonen"], "Søkerne har selv oppgitt kategoriene i 1 søknad; i 1 søknad er de satt av "
                                 "redaksjonen da søknadsfila ble skrevet, fordi søknadsskjemaet ikke har kategorier."),
])
def test_budget_page_says_who_chose_the_categories(workspace, scheme, sources, statement):
    apps = []
    for index, source in enumerate(sources):
        budget = {"requested": 100000, "lines": LINES, **({"categories_by": source} if source else {})}
        apps.append((f"s{index}", front(title=f"Søknad {index}", budget=budget)))
    _, renderer = render(workspace, scheme, *apps)
    page = " ".join(renderer.pages()["budsjett/index.md"].inline().split())
    assert statement in page
    assert "valgt av søkerne" not in page


def test_the_real_budget_page_says_the_editors_chose_the_categories(real):
    page = " ".join(real[2].pages()["budsjett/index.md"].inline().split())
    assert "Kategoriene er satt av redaksjonen da søknadsfilene ble skrevet, ikke av søkerne" in page


# The Word import ----------------------------------------------------------------------------

def test_word_import_makes_the_name_s_second_line_the_subtitle(tmp_path, scheme):
    result = import_docx(build_form_docx("drop-in", tmp_path / "drop-in.docx"), scheme)
    assert result.data["title"] == "Drop in samtalebehandling – psykisk helsehjelp for voksne"
    assert result.data["subtitle"] == "Et samarbeid mellom UNN og Tromsø kommune"
    assert "summary" not in result.data
    assert list(result.data)[:2] == ["title", "subtitle"]
    assert any("undertittel (subtitle)" in note for note in result.notes)
    assert any("Prosjekteierne (owners) publiseres som virksomhet, enhet eller rolle" in note for note in result.notes)
