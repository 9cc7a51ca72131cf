"""Importing an application written in the official Word form (.docx).

The forms are built with python-docx from the transcribed real applications
(``tests/fixtures/wordform/``); importing them must give the figures and parts of the
committed application files, and a file that passes validation.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Workspace
from grant_portfolio.contribute import wordform
from grant_portfolio.contribute.new import slug_for
from grant_portfolio.input.load import split_sections
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.contribute.wordform import (
    Report,
    WordFormError,
    find_trusts,
    import_docx,
    infer_round,
    parse_amount,
    parse_contact,
    parse_municipalities,
    split_trailing_amount,
)
from wordform_builder import FORM_NAMES, build_docx, build_form_docx, load_form

BUDGET = "Budsjett for gjennomføring av prosjekt/pilot"


def committed(name: str) -> tuple[dict, list[str]]:
    """The committed application file the transcribed form ``name`` belongs to: its front
    matter and its ## headings."""
    path = ROOT / "applications" / load_form(name)["application"]
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    _, sections = split_sections(body, 1)
    return yaml.safe_load(front), [s.heading for s in sections]


def imported_text(result) -> tuple[dict, list[str], str]:
    _, front, body = result.text.split("---\n", 2)
    _, sections = split_sections(body, 1)
    return yaml.safe_load(front), [s.heading for s in sections], body


@pytest.fixture(scope="module")
def imported(tmp_path_factory, scheme):
    """Each transcribed form built as .docx and imported, once per test module."""
    folder = tmp_path_factory.mktemp("wordform")
    return {name: import_docx(build_form_docx(name, folder / f"{name}.docx"), scheme) for name in FORM_NAMES}


def validate_text(workspace: Workspace, scheme, slug: str, text: str):
    path = workspace.applications / "2025" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return validate_applications(workspace.applications, scheme, workspace.root, paths=[path])


# The two real applications -----------------------------------------------------------------

@pytest.mark.parametrize("name", FORM_NAMES)
def test_import_reproduces_the_committed_fields(imported, name):
    expected, _ = committed(name)
    data, _, _ = imported_text(imported[name])
    assert data == imported[name].data  # the text holds the mapping that was returned
    for key in ("title", "round", "health_community", "municipalities", "health_trusts", "status",
                "agreement_signed", "contacts"):
        assert data[key] == expected[key], key
    # The form may name a person as owner; the published file names the role instead, and the
    # import reminds the contributor of that.
    assert len(data["owners"]) == len(expected["owners"])
    assert any("Prosjekteierne (owners) publiseres som virksomhet" in note for note in imported[name].notes)


@pytest.mark.parametrize("name", FORM_NAMES)
def test_import_reproduces_the_committed_budget(imported, name):
    expected = committed(name)[0]["budget"]
    budget = imported[name].data["budget"]
    assert budget["requested"] == expected["requested"]
    fields = ("item", "rate", "scope", "amount")
    assert [{k: line.get(k) for k in fields} for line in budget.get("lines", [])] == [
        {k: line.get(k) for k in fields} for line in expected.get("lines", [])
    ]
    assert budget.get("own_contributions") == expected.get("own_contributions")


def test_the_figures_are_those_of_the_real_applications(imported):
    drop_in, forprosjekt = imported["drop-in"].data["budget"], imported["forprosjekt"].data["budget"]
    assert drop_in["requested"] == 3_697_515
    assert {"party": "Tromsø kommune", "description": "Bruk av eksisterende lokaler", "amount": 1_000_000} in (
        drop_in["own_contributions"])
    assert forprosjekt["requested"] == 3_400_000
    assert len(forprosjekt["lines"]) == 9
    assert sum(line["amount"] for line in forprosjekt["lines"]) == 3_400_000
    assert len(imported["forprosjekt"].data["municipalities"]) == 11


@pytest.mark.parametrize("name", FORM_NAMES)
def test_import_has_the_committed_sections_in_order(imported, name):
    _, expected_headings = committed(name)
    _, headings, _ = imported_text(imported[name])
    assert headings == expected_headings


def test_attachments_list_becomes_attachments(imported):
    expected, _ = committed("forprosjekt")
    assert imported["forprosjekt"].data["attachments"] == expected["attachments"]
    assert "VEDLEGG" not in imported["forprosjekt"].text


@pytest.mark.parametrize("name", FORM_NAMES)
def test_imported_file_passes_validation(imported, name, workspace, scheme):
    result = validate_text(workspace, scheme, slug_for(imported[name].data["title"]), imported[name].text)
    assert [p.format() for p in result.errors] == []
    assert len(result.records) == 1


# Mapping details -------------------------------------------------------------------------------

def test_round_comes_from_the_deadline_in_the_preamble(imported):
    assert imported["drop-in"].data["round"] == "2025-1"
    assert not any("søknadsrunden" in note for note in imported["drop-in"].notes)


def test_round_from_the_year_alone_is_noted(imported):
    assert imported["forprosjekt"].data["round"] == "2025-1"
    assert any("bare året 2025" in note and "Kontroller" in note for note in imported["forprosjekt"].notes)


def test_preamble_is_left_out_and_said_so(imported):
    text = imported["drop-in"].text
    for form_text in ("Postboks 1445", "Søknader sendes ditt lokale helsefellesskap", "Fristen for å sende"):
        assert form_text not in text
    assert any("innledning" in note for note in imported["drop-in"].notes)


def test_guidance_text_under_headings_is_left_out(imported):
    text = imported["drop-in"].text
    assert "(Mål, målgruppe og status" not in text
    assert "Tilskuddsmidlene kan dekke påløpte kostnader" not in text
    assert "både i primær- og spesialisthelsetjenesten)" not in text


def test_second_line_of_the_name_becomes_the_subtitle(imported):
    result = imported["drop-in"]
    assert result.data["title"] == "Drop in samtalebehandling – psykisk helsehjelp for voksne"
    assert result.data["subtitle"] == "Et samarbeid mellom UNN og Tromsø kommune"
    assert "summary" not in result.data
    assert any("undertittel" in note for note in result.notes)


def test_body_has_markdown_lists_and_subheadings(imported):
    _, _, body = imported_text(imported["drop-in"])
    assert "### Målgruppe\n\nPersoner over 18 år" in body
    assert "### Hvilke ressurser bidrar kommunen(e) med?" in body
    assert "- prosjektet vil gi et tilbud til personer" in body
    assert "- Oppstart av prosjekt\n- Ansettelse i prosjektstillinger" in body
    assert "1. Involvere brukerrepresentanter" in body and "\n2. Informere ansatte" in body
    _, _, body = imported_text(imported["forprosjekt"])
    assert "### Bakgrunn og behov" in body and "#### Fase 1 Oppstart/ planlegging" in body
    assert "**Programstyre:** Det er etablert" in body
    assert "| Teambemanning, frikjøp av kommunale deltakere" in body


def test_target_group_is_copied_from_its_label(imported):
    expected, _ = committed("drop-in")
    assert imported["drop-in"].data["target_group"] == expected["target_group"]


@pytest.mark.parametrize("name", FORM_NAMES)
def test_headings_in_bold_instead_of_heading_styles(tmp_path, scheme, name):
    """The form's headings as bold paragraphs, with the guidance on a new line in the same
    paragraph: the same parts, and the guidance left out."""
    blocks = []
    for block in load_form(name)["blocks"]:
        kind = next(iter(block)) if isinstance(block, dict) else None
        if kind in ("heading", "h3", "h4"):
            blocks.append({"label": block[kind]})
        elif kind == "guidance" and "label" in blocks[-1]:
            blocks[-1]["label"] += "\n" + block[kind]
        else:
            blocks.append(block)
    result = import_docx(build_docx(blocks, tmp_path / f"{name}.docx"), scheme)
    data, headings, body = imported_text(result)
    expected, expected_headings = committed(name)
    assert headings == expected_headings
    assert data["budget"]["requested"] == expected["budget"]["requested"]
    assert "(Mål, målgruppe" not in body and "(Benytt gjerne" not in body


def test_heading_broken_over_two_lines(tmp_path, scheme):
    blocks = load_form("drop-in")["blocks"]
    at = next(i for i, b in enumerate(blocks) if isinstance(b, dict) and str(b.get("heading", "")).startswith("Hvordan"))
    first, rest = blocks[at]["heading"].split(" for samhandling ")
    blocks[at] = {"heading": f"{first} for\nsamhandling {rest}"}
    result = import_docx(build_docx(blocks, tmp_path / "brutt.docx"), scheme)
    assert imported_text(result)[1] == committed("drop-in")[1]
    assert result.unmapped == [u for u in result.unmapped if "budsjettabellen" in u]


def test_text_in_a_text_box_is_read_once(tmp_path, scheme):
    from docx import Document
    from docx.oxml import parse_xml

    path = build_form_docx("drop-in", tmp_path / "tekstboks.docx")
    document = Document(str(path))
    box = '<w:txbxContent><w:p><w:r><w:t>Tekst i en tekstboks.</w:t></w:r></w:p></w:txbxContent>'
    paragraph = parse_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps">{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>'
        '</mc:AlternateContent></w:r></w:p>')
    heading = next(p for p in document.paragraphs if p.text.startswith("Hvilken nytte"))
    heading._p.addprevious(paragraph)
    document.save(str(path))
    result = import_docx(path, scheme)
    assert result.text.count("Tekst i en tekstboks.") == 1
    description = next(s for s in split_sections(result.text.split("---\n", 2)[2], 1)[1]
                       if s.heading.startswith("Kort beskrivelse"))
    assert description.text.endswith("Tekst i en tekstboks.")


def test_content_controls_are_read_and_placeholders_left_out(tmp_path, scheme):
    from docx import Document
    from docx.oxml import parse_xml

    path = build_form_docx("drop-in", tmp_path / "innholdskontroll.docx")
    document = Document(str(path))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    filled = parse_xml(f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Svar i en innholdskontroll.</w:t>'
                       '</w:r></w:p></w:sdtContent></w:sdt>')
    empty = parse_xml(f'<w:sdt {w}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r>'
                      '<w:t>Klikk eller trykk her for å skrive inn tekst.</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    heading = next(p for p in document.paragraphs if p.text.startswith("Hvilken nytte"))
    heading._p.addprevious(filled)
    heading._p.addprevious(empty)
    document.save(str(path))
    result = import_docx(path, scheme)
    assert "Svar i en innholdskontroll." in result.text
    assert "Klikk eller trykk her" not in result.text


def test_footnotes_are_kept_and_reported(tmp_path, scheme):
    source = build_form_docx("drop-in", tmp_path / "uten.docx")
    path = tmp_path / "fotnote.docx"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (
        f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
        '</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Tallene er fra 2024.</w:t></w:r></w:p>'
        '</w:footnote></w:footnotes>')
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item).decode("utf-8") if item.filename.endswith((".xml", ".rels")) else old.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rIdFotnoter" Type="http://schemas.'
                                    'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    'Target="footnotes.xml"/></Relationships>')
            new.writestr(item, data)
        new.writestr("word/footnotes.xml", footnotes)
    result = import_docx(path, scheme)
    intro, _ = split_sections(result.text.split("---\n", 2)[2], 1)
    assert intro == "**Fotnote 1:** Tallene er fra 2024."
    assert any(u.startswith("Fotnote 1, «Tallene er fra 2024.»") for u in result.unmapped)


# Unmapped content ---------------------------------------------------------------------------

def test_budget_row_without_amount_is_reported_and_kept(imported):
    result = imported["drop-in"]
    assert f"«Lønnsutgifter:» i budsjettabellen har ikke noe beløp; teksten står i delen «{BUDGET}»" in result.unmapped
    budget_text = next(s.text for s in split_sections(result.text.split("---\n", 2)[2], 1)[1] if s.heading == BUDGET)
    assert "Lønnsutgifter:" in budget_text and "Andre utgifter:" in budget_text


def test_contact_text_without_a_name_is_reported_and_kept(imported):
    result = imported["forprosjekt"]
    line = next(u for u in result.unmapped if "Kontaktperson(er)" in u)
    assert line.startswith("«Kontaktpersoner i kommunene framkommer")
    intro, _ = split_sections(result.text.split("---\n", 2)[2], 1)
    assert "Kontaktpersoner i kommunene framkommer av de enkelte intensjonsavtalene (vedlegg1)." in intro


def test_unknown_heading_is_kept_as_its_own_part_and_reported(tmp_path, scheme, workspace):
    blocks = load_form("drop-in")["blocks"]
    at = blocks.index({"heading": "Prosjektplan, inkludert evalueringspunkter:"})
    blocks[at:at] = [{"heading": "Økonomiske konsekvenser for kommunen"},
                     {"p": "Kommunen sparer utgifter til vedtaksstyrte tjenester."}]
    result = import_docx(build_docx(blocks, tmp_path / "ekstra.docx"), scheme)
    _, headings, body = imported_text(result)
    assert headings.index("Økonomiske konsekvenser for kommunen") == headings.index(
        "Prosjektplan, inkludert evalueringspunkter") - 1
    assert "## Økonomiske konsekvenser for kommunen\n\nKommunen sparer utgifter" in body
    assert any(u.startswith("Overskriften «Økonomiske konsekvenser for kommunen» er ikke en av søknadsskjemaets deler")
               for u in result.unmapped)
    validation = validate_text(workspace, scheme, "ekstra", result.text)
    assert validation.errors == []
    assert any("Økonomiske konsekvenser" in p.message for p in validation.notices)


def test_budget_line_without_amount_keeps_lines_out_of_front_matter(tmp_path, scheme, workspace):
    form = load_form("forprosjekt")
    table = next(b["table"] for b in form["blocks"] if isinstance(b, dict) and "table" in b)
    row = next(r for r in table if r[0] == "Reiser og opphold")
    row[3] = ""
    result = import_docx(build_docx(form["blocks"], tmp_path / "uten-belop.docx"), scheme)
    assert "«Reiser og opphold» i budsjettabellen har ikke noe beløp; teksten står i delen " f"«{BUDGET}»" in (
        result.unmapped)
    assert any(u.startswith("Budsjettlinjene summerer til 3\u00a0250\u00a0000\u00a0kr, men totalen er 3\u00a0400\u00a0000\u00a0kr")
               for u in result.unmapped)
    assert "lines" not in result.data["budget"]
    assert result.data["budget"]["requested"] == 3_400_000
    assert "| Reiser og opphold |" in result.text
    assert validate_text(workspace, scheme, "uten-belop", result.text).errors == []


def test_unknown_municipality_is_reported_and_kept(tmp_path, scheme):
    form = load_form("forprosjekt")
    at = form["blocks"].index({"label": "Kommuner:"}) + 1
    form["blocks"][at] = {"bullet": "Balsfjord, Lyngen og Storby"}
    result = import_docx(build_docx(form["blocks"], tmp_path / "storby.docx"), scheme)
    assert result.data["municipalities"] == ["Balsfjord", "Lyngen"]
    assert any(u.startswith("«Storby» under «Kommuner» er ikke en kommune i ordningens kommuneliste")
               for u in result.unmapped)
    assert "**Kommuner:** Storby" in result.text


# Bad input ----------------------------------------------------------------------------------

def test_text_file_is_not_a_word_file(tmp_path, scheme):
    path = tmp_path / "søknad.docx"
    path.write_text("Navn på prosjekt/pilot: Noe\n", encoding="utf-8")
    with pytest.raises(WordFormError, match="er ikke en Word-fil"):
        import_docx(path, scheme)


def test_old_word_format_is_named(tmp_path, scheme):
    path = tmp_path / "søknad.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(WordFormError, match=r"eldre Word-dokument \(\.doc\)"):
        import_docx(path, scheme)


def test_zip_that_is_not_a_word_file(tmp_path, scheme):
    path = tmp_path / "arkiv.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hei.txt", "hei")
    with pytest.raises(WordFormError, match="er ikke en Word-fil"):
        import_docx(path, scheme)


def test_damaged_word_file(tmp_path, scheme):
    good = build_form_docx("drop-in", tmp_path / "hel.docx")
    damaged = tmp_path / "skadet.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(WordFormError, match="kan ikke leses"):
        import_docx(damaged, scheme)


def test_missing_file(tmp_path, scheme):
    with pytest.raises(WordFormError, match="Finner ikke fila"):
        import_docx(tmp_path / "finnes-ikke.docx", scheme)


def test_word_file_that_is_not_the_form(tmp_path, scheme):
    path = build_docx([{"title": "Referat fra styremøte"}, {"p": "Møtet ble holdt i Tromsø."},
                       {"heading": "Saker"}, {"bullet": "Budsjett"}], tmp_path / "referat.docx")
    with pytest.raises(WordFormError, match="ser ikke ut som søknadsskjemaet") as error:
        import_docx(path, scheme)
    assert "«Navn på prosjekt/pilot»" in str(error.value)


def test_round_can_be_given(tmp_path, scheme):
    path = build_form_docx("forprosjekt", tmp_path / "f.docx")
    assert import_docx(path, scheme, round_id="2025-2").data["round"] == "2025-2"
    with pytest.raises(WordFormError, match="Ukjent søknadsrunde «2030-9»"):
        import_docx(path, scheme, round_id="2030-9")


# The pieces ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, amount", [
    ("3 697 515", 3_697_515), ("1000000", 1_000_000), ("1 000 000 kr", 1_000_000), ("kr 50 000,-", 50_000),
    ("3\u00a0400\u00a0000", 3_400_000), ("1.300.000", 1_300_000), ("6 mnd.", None), ("", None),
])
def test_parse_amount(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text, expected", [
    ("Bruk av eksisterende lokaler- 1000000", ("Bruk av eksisterende lokaler", 1_000_000)),
    ("Kontorlokaler: 250 000 kr", ("Kontorlokaler", 250_000)),
    ("Styrke tilbudet med inntil 2 egne ressurser.", ("Styrke tilbudet med inntil 2 egne ressurser.", None)),
])
def test_split_trailing_amount(text, expected):
    assert split_trailing_amount(text) == expected


def test_municipality_lists(scheme):
    names, guesses, unknown = parse_municipalities(
        "Balsfjord, Dyrøy, Kvænangen, Kåfjord, Lyngen, Målselv, Nordreisa, Senja, Skjervøy, Storfjord og Sørreisa.",
        scheme)
    assert len(names) == 11 and names[-1] == "Sørreisa" and not guesses and not unknown
    assert parse_municipalities("Tromsø kommune", scheme)[0] == ["Tromsø"]
    names, guesses, unknown = parse_municipalities("Tromso kommune og Bodø", scheme)
    assert names == ["Tromsø", "Bodø"] and "Tromso" in guesses[0] and not unknown


@pytest.mark.parametrize("text", ["UNN HF", "Universitetssykehuset Nord-Norge HF", "UNN HF ved voksenpsykiatrisk"])
def test_trusts_by_name_or_short_name(scheme, text):
    assert [trust for _, trust in find_trusts(text, scheme)] == ["unn"]


@pytest.mark.parametrize("text, organisation, expected", [
    ("Tromsø kommune, Losen lavterskelsenter v/ Mari Pedersen", None,
     {"name": "Mari Pedersen", "organisation": "Tromsø kommune, Losen lavterskelsenter"}),
    ("Lars Rye, UNN HF (e-post: lars.rye@unn.no)", None,
     {"name": "Lars Rye", "organisation": "UNN HF", "email": "lars.rye@unn.no"}),
    ("Lene Rasmussen", "UNN HF", {"name": "Lene Rasmussen", "organisation": "UNN HF"}),
    ("Kontaktpersoner i kommunene framkommer av avtalene.", None, None),
])
def test_contacts(text, organisation, expected):
    assert parse_contact(text, organisation) == expected


def test_round_from_committee_deadline_and_without_any_date(scheme):
    assert infer_round("… til tildelingsutvalget innen 01.04.2025.", scheme, Report()) == "2025-1"
    report = Report()
    latest = max(scheme.rounds, key=lambda r: r.community_deadline).id
    assert infer_round("Søknadsskjema", scheme, report) == latest
    assert "Kontroller" in report.notes[0]


def test_agreement_date_becomes_a_date(tmp_path, scheme):
    blocks = load_form("drop-in")["blocks"]
    at = blocks.index({"label": "Dato for signert avtale om felles søknad (legges ved):"})
    blocks[at + 1] = {"p": "20.02.2025"}
    result = import_docx(build_docx(blocks, tmp_path / "dato.docx"), scheme)
    assert result.data["agreement_signed"] == dt.date(2025, 2, 20)
    assert "agreement_signed: 2025-02-20\n" in result.text


def test_nothing_region_specific_in_the_importer(scheme):
    """Another region reuses the importer by editing scheme.yml: none of its data is in the code."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(wordform.__file__).parent.glob("*.py")))
    values = [scheme.scheme.owner.name, *scheme.municipality_by_name]
    values += [v for t in scheme.health_trusts for v in (t.id, t.name, t.short_name)]
    values += [v for c in scheme.health_communities for v in (c.id, c.name)]
    values += [v for r in scheme.rounds for v in (r.id, r.name, r.community_deadline.isoformat())]
    values += [s.heading for s in scheme.sections] + [a for s in scheme.sections for a in s.aliases]
    found = [v for v in values if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", source)]
    assert found == []
