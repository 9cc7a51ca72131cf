"""Nothing unfinished is published (issue 21): the template's example values and placeholder texts,
and the Word form's placeholder texts, are errors until they are replaced, and the contributor
commands say what is left."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, Workspace
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.contribute.cli import cli
from grant_portfolio.contribute.wordform import import_docx
from grant_portfolio.input.examples import EXAMPLE_MARK, WORD_PLACEHOLDERS, example_values
from grant_portfolio.input.scheme import load_scheme
from grant_portfolio.pages.templating import new_application_text
from wordform_builder import build_docx, load_form

NEW_FILE = "applications/2025/ny-soknad.md"
# The answers ``tilskudd new`` puts in place of the template's own examples.
ANSWERS = {"title": "Felles legevakt i Nord-Troms", "round": "2025-2", "health_community": "troms-og-ofoten",
           "municipalities": ["Nordreisa", "Skjervøy"], "health_trusts": ["unn"]}
# Every field the template fills with an invented example, as the messages name it.
EXAMPLE_FIELDS = [
    "budget.requested", "budget.lines[1].item", "budget.lines[1].amount", "budget.lines[1].category",
    "budget.own_contributions[1].party", "budget.own_contributions[1].description", "summary", "owners[1]",
    "contacts[1].name", "contacts[1].organisation", "contacts[1].role", "agreement_signed", "period.start",
    "period.end", "themes[1]", "references[1].title", "attachments[1].title",
]
OPTIONAL_PARTS = {"Hvem har ansvaret for pasienten(e) ved gjennomføringen av tiltaket?",
                  "Digitale løsninger for samhandling"}
WORD_TEXT = "Klikk eller trykk her for å skrive inn tekst."


@pytest.fixture
def project(tmp_path) -> Path:
    """The real applications and scheme, to add a new file to."""
    shutil.copytree(ROOT / "applications", tmp_path / "applications")
    return tmp_path


def check(project: Path, text: str):
    """The check's errors for ``text`` as the file NEW_FILE, checked with the real applications."""
    scheme = load_scheme(project / "applications" / "scheme.yml")
    return validate_applications(project / "applications", scheme, project, texts={project / NEW_FILE: text}).errors


def line_of(text: str, pattern: str) -> int:
    """The line of ``text`` that matches ``pattern`` (exactly one)."""
    found = [n for n, line in enumerate(text.split("\n"), 1) if re.search(pattern, line)]
    assert len(found) == 1, (pattern, found)
    return found[0]


def expected_problems(text: str, scheme) -> list[tuple[int, str | None, str]]:
    """(line, field, message) of every example value and placeholder text in a new file."""
    expected = []
    for field in EXAMPLE_FIELDS:
        generic = re.sub(r"\[\d+\]", "[]", field)
        example = example_values()[generic]
        key = re.escape(field.split(".")[-1].split("[")[0]) if not field.endswith("]") else "-"
        line = line_of(text, rf"^\s*(?:- )?{key}:?\s*{re.escape(str(example))}  {EXAMPLE_MARK}$")
        expected.append((line, field, f"eksempelverdien fra malen («{example}») er ikke endret; skriv inn den "
                                      f"riktige verdien, eller slett «{EXAMPLE_MARK}» bak verdien hvis den stemmer"))
    for section in (s for s in scheme.sections if s.in_body):
        heading_line = line_of(text, rf"^## {re.escape(section.heading)}$")
        if section.heading in OPTIONAL_PARTS:
            message = (f"delen «{section.heading}» har fortsatt malens plassholdertekst («Skriv her (ved relevans; "
                       "fjern overskriften om delen ikke er aktuell).»); skriv teksten, eller fjern overskriften og "
                       "teksten om delen ikke er aktuell")
        else:
            message = (f"delen «{section.heading}» har fortsatt malens plassholdertekst («Skriv her.»); skriv "
                       "søknadsteksten i stedet")
        expected.append((heading_line + 2, None, message))
    return sorted(expected, key=lambda item: item[0])


def found(errors) -> list[tuple[int, str | None, str]]:
    assert {e.path for e in errors} <= {NEW_FILE}, "only the new file may be flagged, not the real applications"
    return sorted(((e.line, e.field, e.message) for e in errors), key=lambda item: item[0])


def replace_line(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


# The template ----------------------------------------------------------------------------------

def test_an_unchanged_new_file_is_refused_once_per_example_value_and_placeholder(project, scheme):
    text = new_application_text(scheme, ANSWERS)
    errors = check(project, text)
    assert found(errors) == expected_problems(text, scheme)
    assert len(errors) == len(EXAMPLE_FIELDS) + len([s for s in scheme.sections if s.in_body])
    contact = line_of(text, r"- name: Kari Nordmann")
    assert f"{NEW_FILE}:{contact}: contacts[1].name: eksempelverdien fra malen («Kari Nordmann») er ikke endret; " \
           "skriv inn den riktige verdien, eller slett «# eksempel» bak verdien hvis den stemmer" in \
           [e.format() for e in errors]
    # The answers (title, round, community, municipalities, trust) and the status are not examples.
    assert not {e.field for e in errors} & {"title", "round", "health_community", "municipalities[1]",
                                            "municipalities[2]", "health_trusts[1]", "status"}


def test_the_template_on_the_site_marks_its_title_too(project, scheme):
    text = new_application_text(scheme)
    fields = {e.field for e in check(project, text)}
    assert "title" in fields and set(EXAMPLE_FIELDS) <= fields
    assert not fields & {"round", "health_community", "municipalities[1]", "health_trusts[1]", "status"}


def fill_in(text: str) -> str:
    """The new file with every example replaced (some keep the mark, which then does not
    matter), the example period confirmed by deleting its mark, and the body written."""
    out = []
    for line in text.split("\n"):
        if line.endswith(f"  {EXAMPLE_MARK}"):
            value = line.split(": ", 1)[1] if ": " in line else line.split("- ", 1)[1]
            if re.search(r"(requested|amount): 450000", line):
                line = line.replace("450000", "300000")  # the mark may stay on a changed value
            elif re.search(r"(start|end): 20\d\d", line):
                line = line.removesuffix(f"  {EXAMPLE_MARK}")  # the example is right: the mark goes
            else:
                line = line.replace(value.removesuffix(f"  {EXAMPLE_MARK}").strip(),
                                    "Ole Olsen" if "name:" in line else "Egen tekst")
        line = re.sub(r"^Skriv her.*$", "Søkerens egen tekst.", line)
        out.append(line)
    return "\n".join(out)


def test_replacing_every_example_and_placeholder_passes(project, scheme):
    text = new_application_text(scheme, ANSWERS)
    assert check(project, text)
    filled = fill_in(text)
    assert check(project, filled) == []
    data = yaml.safe_load(filled.split("---\n")[1])
    assert data["contacts"][0]["name"] == "Ole Olsen" and data["period"] == {"start": 2025, "end": 2026}


def test_changing_some_leaves_exactly_the_rest(project, scheme):
    text = new_application_text(scheme, ANSWERS)
    before = found(check(project, text))
    changed = {line_of(text, r"- name: Kari Nordmann"), line_of(text, r"^summary: "),
               line_of(text, r"^- Psykisk helse")}
    edited = replace_line(text, line_of(text, r"- name: Kari Nordmann"), "- name: Ole Olsen  # eksempel")
    edited = replace_line(edited, line_of(text, r"^summary: "), "summary: Et felles legevakttilbud.")
    edited = replace_line(edited, line_of(text, r"^- Psykisk helse"), "- Psykisk helse")  # confirmed
    first_part = line_of(text, r"^## Kort beskrivelse")
    edited = replace_line(edited, first_part + 2, "Prosjektet skal samle legevakten i Nord-Troms.")
    changed.add(first_part + 2)
    after = found(check(project, edited))
    assert after == [item for item in before if item[0] not in changed]
    assert len(after) == len(before) - 4 == len(EXAMPLE_FIELDS) + 8 - 4


def test_example_values_without_the_mark_are_not_flagged(project, scheme):
    """Real applications share values with the examples (a budget line of 450 000 kr, an own
    contribution from Tromsø kommune, the theme «Psykisk helse»): only a marked example counts."""
    text = new_application_text(scheme, ANSWERS)
    unmarked = text.replace(f"  {EXAMPLE_MARK}", "")
    assert [item for item in found(check(project, unmarked)) if item[1]] == []
    assert len(check(project, text)) > len(check(project, unmarked))


# Placeholders that reach a file another way ------------------------------------------------------

def test_a_word_placeholder_anywhere_in_a_file_is_refused(project, scheme):
    text = fill_in(new_application_text(scheme, ANSWERS))
    text = re.sub(r"^  role: .*$", f"  role: {WORD_TEXT}", text, flags=re.M)
    text = text.replace("Søkerens egen tekst.", f"Søkerens egen tekst. {WORD_TEXT}", 1)
    problems = found(check(project, text))
    role = line_of(text, r"^  role: Klikk")
    body = line_of(text, r"^Søkerens egen tekst\. Klikk")
    assert problems == [
        (role, "contacts[1].role", f"«{WORD_TEXT}» er plassholderteksten i Word-skjemaet, ikke søkerens svar; "
                                   "skriv inn svaret, eller fjern teksten"),
        (body, None, f"«{WORD_TEXT}» i delen «Kort beskrivelse av prosjektet/piloten» er plassholderteksten i "
                     "Word-skjemaet, ikke søkerens svar; skriv inn svaret, eller fjern teksten"),
    ]


# tilskudd new ----------------------------------------------------------------------------------

def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["--prosjekt", str(project), *args], prog_name="tilskudd")


def test_new_lists_what_remains_and_check_refuses_it_until_then(project, scheme):
    result = run(project, "new", "--tittel", "Felles legevakt i Nord-Troms", "--runde", "2025-2",
                 "--kommune", "Nordreisa", "--kommune", "Skjervøy")
    assert result.exit_code == 0, result.output
    path = project / "applications" / "2025" / "felles-legevakt-i-nord-troms.md"
    text = path.read_text(encoding="utf-8")
    assert "Kontrollert: ingen feil" not in result.output
    assert ("Fila har eksempelverdier og plassholdertekst fra malen. Bytt dem ut med søknadens egne opplysninger "
            "og tekst; til da avviser «tilskudd check» fila, og søknaden blir verken publisert eller talt med i "
            "summene. Dette gjenstår (17 felt og 8 deler):") in result.output
    listed = [line for line in result.output.splitlines() if line.startswith("  linje ")]
    checked = run(project, "check", str(path))
    assert checked.exit_code == 1
    refused = [int(line) for line in re.findall(r"^applications/\S+\.md:(\d+): ", checked.output, re.M)]
    assert len(listed) == len(refused) == 25
    contact = line_of(text, r"- name: Kari Nordmann")
    assert f"  linje {contact}: contacts[1].name («Kari Nordmann»)" in listed
    first = line_of(text, r"^## Kort beskrivelse") + 2
    assert f"  linje {first}: delen «Kort beskrivelse av prosjektet/piloten» («Skriv her.»)" in listed
    assert [int(line.split(":")[0].removeprefix("  linje ")) for line in listed] == refused
    assert "sletter du «# eksempel» bak den" in result.output
    path.write_text(fill_in(text), encoding="utf-8")
    assert run(project, "check", str(path)).exit_code == 0


# The Word form's placeholders ------------------------------------------------------------------------

def _set_value(blocks: list, match, value) -> None:
    """Change the first block (also inside table cells) for which ``match(block)`` holds."""
    def walk(items):
        for index, block in enumerate(items):
            if isinstance(block, dict) and "table" in block:
                for row in block["table"]:
                    for cell in row:
                        if isinstance(cell, list) and walk(cell):
                            return True
            elif match(block):
                items[index] = value(block)
                return True
        return False
    assert walk(blocks)


@pytest.fixture
def placeholder_form(tmp_path) -> Path:
    """The drop-in form with fields and parts the applicant left with the form's placeholders:
    typed into the text, after a label, and in an empty content control."""
    from docx import Document
    from docx.oxml import parse_xml

    blocks = load_form("drop-in")["blocks"]
    _set_value(blocks, lambda b: b == {"p": "Se vedlegg"}, lambda b: {"p": "Klikk eller trykk for å skrive inn en dato."})
    _set_value(blocks, lambda b: isinstance(b, dict) and b.get("label") == "Kontaktperson:",
               lambda b: {**b, "value": WORD_TEXT})
    start = blocks.index({"heading": "Hvem har ansvaret for pasienten(e) ved gjennomføringen av tiltaket (ved relevans)?:"})
    end = next(i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], dict) and "heading" in blocks[i])
    blocks[start + 1:end] = ["blank", {"p": WORD_TEXT}, "blank"]
    path = build_docx(blocks, tmp_path / "plassholdere.docx")
    document = Document(str(path))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    control = parse_xml(f'<w:sdt {w}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r>'
                        '<w:t>Velg et element.</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    next(p for p in document.paragraphs if p.text.startswith("Prosjektplan"))._p.addprevious(control)
    document.save(str(path))
    return path


def test_the_word_import_leaves_the_forms_placeholders_out_and_says_so(placeholder_form, scheme, project):
    result = import_docx(placeholder_form, scheme)
    assert not any(text.rstrip(".") in result.text for text in WORD_PLACEHOLDERS)
    assert result.placeholders == [
        "«Kontaktperson» hadde bare skjemaets plassholdertekst («Klikk eller trykk her for å skrive inn tekst.»); "
        "feltet er ikke fylt ut i søknadsfila",
        "«Dato for signert avtale om felles søknad (legges ved)» hadde bare skjemaets plassholdertekst («Klikk "
        "eller trykk for å skrive inn en dato.»); feltet er ikke fylt ut i søknadsfila",
        "Delen «Hvem har ansvaret for pasienten(e) ved gjennomføringen av tiltaket?» hadde bare skjemaets "
        "plassholdertekst («Klikk eller trykk her for å skrive inn tekst.»); delen står tom i søknadsfila",
        "Delen «Digitale løsninger for samhandling»: skjemaets plassholdertekst («Velg et element.») er ikke tatt med",
    ]
    assert "agreement_signed" not in result.data
    assert [c["name"] for c in result.data["contacts"]] == ["Mari Pedersen"]
    assert check(project, result.text) == []


def test_the_import_command_lists_the_placeholders_it_left_out(placeholder_form, tmp_path):
    Workspace(tmp_path / "tom")
    result = run(tmp_path / "tom", "import", str(placeholder_form))
    assert result.exit_code == 0, result.output
    assert ("\nSkjemaets plassholdertekst er ikke svar fra søkeren og er ikke tatt med. Fyll inn det som mangler i "
            "søknadsfila:\n- «Kontaktperson» hadde bare skjemaets plassholdertekst") in result.output
    assert "- Delen «Digitale løsninger for samhandling»: skjemaets plassholdertekst («Velg et element.»)" in result.output


def test_a_form_placeholder_inside_an_answer_is_kept_but_refused(tmp_path, scheme, project):
    blocks = load_form("drop-in")["blocks"]
    _set_value(blocks, lambda b: b == {"p": "Daglig behandling gjøres av kommunen og spesialisthelsetjenesten sammen"},
               lambda b: {"p": f"Daglig behandling gjøres {WORD_TEXT} av kommunen."})
    result = import_docx(build_docx(blocks, tmp_path / "midt-i.docx"), scheme)
    assert result.placeholders == []  # written by the applicant around it: not left out …
    errors = check(project, result.text)  # … but the check stops the file until it is removed
    line = line_of(result.text, re.escape(WORD_TEXT))
    assert [e.format() for e in errors] == [
        f"{NEW_FILE}:{line}: «{WORD_TEXT}» i delen «Hvem har ansvaret for pasienten(e) ved gjennomføringen av "
        "tiltaket?» er plassholderteksten i Word-skjemaet, ikke søkerens svar; skriv inn svaret, eller fjern teksten"
    ]
