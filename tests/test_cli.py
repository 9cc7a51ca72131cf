"""The contributors' command-line tool: new, check, import and stats, run as a user would
(through click's runner, and once as the installed ``tilskudd`` command)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import NBSP, ROOT, Workspace, front
from grant_portfolio.contribute.cli import cli
from grant_portfolio.input.load import split_sections
from grant_portfolio.model.portfolio import load_portfolio
from grant_portfolio.problems import format_problems
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.model.views import PortfolioViews

# Words of click's English interface that must not reach a Norwegian user.
ENGLISH = ("Usage", "Options", "Commands", "Error", "Show this message", "No such option", "Missing",
           "Invalid value", "does not exist", "[OPTIONS]", "TEXT")


def run(project: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--prosjekt", str(project), *args], input=input, prog_name="tilskudd")


@pytest.fixture
def real_copy(tmp_path) -> Path:
    """A copy of the real applications (and scheme), to change freely."""
    shutil.copytree(ROOT / "applications", tmp_path / "real" / "applications")
    return tmp_path / "real"


def assert_norwegian(output: str) -> None:
    for word in ENGLISH:
        assert word not in output, f"«{word}» in: {output}"


# check -----------------------------------------------------------------------------------------

def test_check_passes_the_real_applications(real_copy):
    result = run(real_copy, "check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Ingen feil i 2 søknadsfiler.")
    assert "1 merknad står på siden Datakvalitet; vis den med --merknader." in result.output


def test_check_lists_notices_on_request(real_copy):
    result = run(real_copy, "check", "--merknader")
    assert result.exit_code == 0
    assert "budsjettlinja nevner «13 kommuner», men søknaden har 11 kommuner" in result.output


def test_check_gives_the_builds_messages_and_exit_code_1(tmp_path, scheme):
    workspace = Workspace(tmp_path)
    workspace.write("2025/feil-kommune.md", front(municipalities=["Tromso"]))
    workspace.write("2025/feil-belop.md", front(budget={"requested": "100 000"}))
    workspace.write("2025/riktig.md")
    result = run(tmp_path, "check")
    assert result.exit_code == 1
    expected = validate_applications(workspace.applications, scheme, tmp_path).errors
    assert result.output.strip() == format_problems(expected)
    assert "applications/2025/feil-kommune.md:6: municipalities[1]: ukjent kommune `Tromso`; mente du `Tromsø`?" in result.output
    assert result.output.strip().endswith("Fant 2 feil i 2 filer.")


def test_check_of_named_files_shows_only_their_problems_but_checks_them_with_the_rest(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/feil.md", front(municipalities=["Tromso"]))
    good = workspace.write("2025/riktig.md")
    result = run(tmp_path, "check", str(good))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Ingen feil i 1 søknadsfil.")
    # Two files with the same name in different years clash: both are reported, whichever is named.
    workspace.write("2024/riktig.md")
    result = run(tmp_path, "check", str(good))
    assert result.exit_code == 1
    assert "filnavnet «riktig.md» er brukt også av applications/2024/riktig.md" in result.output


def test_check_accepts_a_folder_and_a_file_outside_applications(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/riktig.md")
    outside = tmp_path / "utkast" / "nytt-prosjekt.md"
    outside.parent.mkdir()
    outside.write_text("---\ntitle: Uten resten\n---\n", encoding="utf-8")
    result = run(tmp_path, "check", str(workspace.applications / "2025"))
    assert result.exit_code == 0, result.output
    result = run(tmp_path, "check", str(outside))
    assert result.exit_code == 1
    assert "utkast/nytt-prosjekt.md:1: round: mangler (feltet er påkrevd)" in result.output


def test_check_reads_an_application_from_standard_input_and_writes_nothing(real_copy):
    drop_in = real_copy / "applications" / "2025" / "drop-in-samtalebehandling.md"
    before = sorted(p.relative_to(real_copy) for p in real_copy.rglob("*"))
    broken = drop_in.read_text("utf-8").replace("status: ", "status: innsendt-", 1)
    result = run(real_copy, "check", "-", input=broken)
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(broken.split("\n"), 1) if text.startswith("status:"))
    assert result.output.startswith(f"applications/2025/standard-inn.md:{line}: status:")
    assert "Fant 1 feil i 1 fil." in result.output
    # Checked with the others: the same file name twice is an error, named as the file on disk.
    same = run(real_copy, "check", "-", "--som", "applications/2026/drop-in-samtalebehandling.md",
               input=drop_in.read_text("utf-8"))
    assert same.exit_code == 1 and "applications/2026/drop-in-samtalebehandling.md: filnavn: " in same.output
    # As the file itself, the text takes its place: no error.
    itself = run(real_copy, "check", "-", "--som", "applications/2025/drop-in-samtalebehandling.md",
                 input=drop_in.read_text("utf-8"))
    assert itself.exit_code == 0 and itself.output.startswith("Ingen feil i 1 søknadsfil."), itself.output
    assert sorted(p.relative_to(real_copy) for p in real_copy.rglob("*")) == before
    wrong = run(real_copy, "check", "--som", "x.md")
    assert wrong.exit_code == 2 and "--som brukes bare sammen med -" in wrong.output
    assert_norwegian(wrong.output)


def test_check_json_for_machines(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/feil.md", front(municipalities=["Tromso"]))
    result = run(tmp_path, "check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False and data["checked_files"] == 1
    [error] = data["errors"]
    assert error == {
        "path": "applications/2025/feil.md", "line": 6, "field": "municipalities[1]",
        "message": "ukjent kommune `Tromso`; mente du `Tromsø`?",
        "text": "applications/2025/feil.md:6: municipalities[1]: ukjent kommune `Tromso`; mente du `Tromsø`?",
    }


def test_check_reports_a_broken_scheme_file_without_traceback(tmp_path):
    workspace = Workspace(tmp_path)
    (workspace.applications / "scheme.yml").write_text("scheme: [\n", encoding="utf-8")
    result = run(tmp_path, "check")
    assert result.exit_code == 1
    assert result.output.startswith("applications/scheme.yml:")
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_check_outside_a_project_and_wrong_arguments_are_explained_in_norwegian(tmp_path):
    result = CliRunner().invoke(cli, ["--prosjekt", str(tmp_path), "check"], prog_name="tilskudd")
    assert result.exit_code == 1
    assert "Fant ikke applications/scheme.yml" in result.output and "--prosjekt" in result.output
    workspace = Workspace(tmp_path)
    (workspace.applications / "notat.txt").write_text("x", encoding="utf-8")
    for args in (["check", "--feil"], ["check", str(workspace.applications / "notat.txt")],
                 ["check", str(tmp_path / "finnes-ikke.md")], ["ukjent"]):
        result = run(tmp_path, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Feil:" in result.output
        assert_norwegian(result.output)


def test_help_is_norwegian():
    for args in ([], ["check"], ["new"], ["import"], ["stats"]):
        result = CliRunner().invoke(cli, [*args, "--help"], prog_name="tilskudd")
        assert result.exit_code == 0
        assert result.output.startswith("Bruk: tilskudd")
        assert_norwegian(result.output)


def test_installed_command_runs(real_copy):
    command = Path(sys.executable).with_name("tilskudd")
    result = subprocess.run([str(command), "check"], cwd=real_copy / "applications", capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ingen feil i 2 søknadsfiler." in result.stdout


# new -------------------------------------------------------------------------------------------

def test_new_writes_a_valid_file_from_options(real_copy, scheme):
    result = run(real_copy, "new", "--tittel", "Felles legevakt: Nord-Troms & Skjervøy", "--runde", "2025-2",
                 "--kommune", "Nordreisa kommune, Skjervøy", "--kommune", "kåfjord")
    assert result.exit_code == 0, result.output
    path = real_copy / "applications" / "2025" / "felles-legevakt-nord-troms-og-skjervoy.md"
    assert f"Skrev applications/2025/{path.name}." in result.output
    assert "Helsefellesskap: Helsefellesskapet Troms og Ofoten (ut fra kommunene" in result.output
    assert "Dette gjenstår (17 felt og 8 deler):" in result.output  # the template's examples (test_placeholders.py)
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["title"] == "Felles legevakt: Nord-Troms & Skjervøy"
    assert (data["round"], data["health_community"]) == ("2025-2", "troms-og-ofoten")
    assert data["municipalities"] == ["Nordreisa", "Skjervøy", "Kåfjord"]
    assert data["health_trusts"] == ["unn"]
    _, sections = split_sections(text.split("---\n", 2)[2], 1)
    assert [s.heading for s in sections] == [s.heading for s in scheme.sections if s.in_body]
    # Valid but for the template's example values and placeholder texts, which stop it until replaced.
    errors = validate_applications(real_copy / "applications", scheme, real_copy).errors
    assert errors and all("eksempelverdien fra malen" in e.message or "malens plassholdertekst" in e.message
                          for e in errors)


def test_new_asks_for_what_is_missing_and_asks_again_after_a_wrong_answer(real_copy):
    answers = "Digital hjemmeoppfølging\n2025-1\nBodo, Fauske\nBodø, Fauske\n"
    result = run(real_copy, "new", input=answers)
    assert result.exit_code == 0, result.output
    assert "Feil: ukjent kommune «Bodo»; mente du «Bodø»?" in result.output
    data = yaml.safe_load((real_copy / "applications/2025/digital-hjemmeoppfolging.md").read_text().split("---\n")[1])
    assert data["municipalities"] == ["Bodø", "Fauske"]
    assert data["health_community"] == "lofoten-vesteralen-salten"
    assert data["health_trusts"] == ["nordlandssykehuset"]


def test_new_refuses_a_taken_file_name_and_unknown_values(real_copy):
    result = run(real_copy, "new", "--tittel", "Drop in samtalebehandling", "--runde", "2025-1",
                 "--kommune", "Tromsø", "--filnavn", "drop-in-samtalebehandling")
    assert result.exit_code == 1
    assert "Det finnes allerede en søknad med filnavnet «drop-in-samtalebehandling.md»" in result.output
    for option, value, message in [
        ("--runde", "2027-1", "ukjent søknadsrunde «2027-1»; gyldige verdier: 2025-1, 2025-2"),
        ("--helsefellesskap", "Troms", "ukjent helsefellesskap «Troms»"),
        ("--filnavn", "Mitt prosjekt", "filnavnet «Mitt prosjekt» kan ikke brukes i en nettadresse"),
        ("--kommune", " , ", "skriv minst én kommune"),
    ]:
        args = {"--runde": "2025-1", "--helsefellesskap": "troms-og-ofoten", "--filnavn": "nytt", "--kommune": "Tromsø"}
        args[option] = value
        result = run(real_copy, "new", "--tittel", "Nytt", *[part for item in args.items() for part in item])
        assert result.exit_code == 2, result.output
        assert f"Ugyldig verdi for {option}: {message}" in result.output
        assert_norwegian(result.output.replace("Ugyldig verdi", ""))


def test_new_warns_about_a_municipality_outside_the_community(real_copy):
    result = run(real_copy, "new", "--tittel", "Over fylkesgrensa", "--runde", "2025-2", "--kommune", "Alta",
                 "--helsefellesskap", "troms-og-ofoten")
    assert result.exit_code == 0, result.output
    assert "Merk: Alta hører ikke til Helsefellesskapet Troms og Ofoten." in result.output


# stats -----------------------------------------------------------------------------------------

def test_stats_prints_the_sites_sums(real_copy):
    result = run(real_copy, "stats")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Per helsefellesskap"
    troms = next(line for line in lines if line.startswith("Helsefellesskapet Troms og Ofoten "))
    # Python's split() breaks at no-break spaces too: split the columns at two spaces.
    cells = [cell.strip() for cell in troms.split("  ") if cell.strip()]
    assert cells == ["Helsefellesskapet Troms og Ofoten", "2", f"7{NBSP}097{NBSP}515{NBSP}kr",
                     f"1{NBSP}000{NBSP}000{NBSP}kr", f"0{NBSP}kr"]
    assert "Første runde 2025 (2025-1) per helsefellesskap" in result.output


def test_stats_json_reconciles_with_the_portfolio(tmp_path):
    from conftest import write_varied_portfolio

    workspace = Workspace(tmp_path)
    write_varied_portfolio(workspace)
    result = run(tmp_path, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    portfolio = load_portfolio(workspace.applications, tmp_path)
    views = PortfolioViews(portfolio)
    total = portfolio.totals
    assert data["total"]["requested"] == total.requested and data["total"]["count"] == total.count
    for key in ("count", "requested", "own_contributions", "granted"):
        assert sum(row[key] for row in data["health_communities"]) == getattr(total, key)
        assert sum(row[key] for row in data["rounds"]) == getattr(total, key)
        assert sum(row[key] for row in data["rounds_by_health_community"]) == getattr(total, key)
    budget = {v.community.id: v.totals.requested for v in views.communities}
    assert {row["id"]: row["requested"] for row in data["health_communities"]} == budget


def test_stats_refuses_a_portfolio_with_errors(tmp_path):
    workspace = Workspace(tmp_path)
    workspace.write("2025/feil.md", front(municipalities=["Tromso"]))
    result = run(tmp_path, "stats")
    assert result.exit_code == 1
    assert "ukjent kommune `Tromso`" in result.output and "Fant 1 feil i 1 fil." in result.output


# import ----------------------------------------------------------------------------------------

@pytest.fixture
def empty_project(tmp_path) -> Path:
    """The real scheme and no applications."""
    Workspace(tmp_path)
    return tmp_path


@pytest.fixture
def forms(tmp_path_factory) -> dict[str, Path]:
    from wordform_builder import FORM_NAMES, build_form_docx

    folder = tmp_path_factory.mktemp("forms")
    return {name: build_form_docx(name, folder / f"{name}.docx") for name in FORM_NAMES}


def test_importing_both_forms_gives_valid_files_with_the_committed_sums(empty_project, forms, real_copy):
    for path in forms.values():
        result = run(empty_project, "import", str(path))
        assert result.exit_code == 0, result.output
        assert "Kontrollert: ingen feil i applications/2025/" in result.output
    assert "«Lønnsutgifter:» i budsjettabellen har ikke noe beløp" in run(
        empty_project, "import", str(forms["drop-in"]), "--overskriv").output
    assert len(list((empty_project / "applications" / "2025").glob("*.md"))) == 2
    assert run(empty_project, "check").exit_code == 0
    imported = json.loads(run(empty_project, "stats", "--format", "json").output)
    committed = json.loads(run(real_copy, "stats", "--format", "json").output)
    assert imported == committed


def test_import_explains_its_guesses_and_takes_the_round_as_an_option(empty_project, forms):
    result = run(empty_project, "import", str(forms["forprosjekt"]))
    assert result.exit_code == 0, result.output
    assert "Valg som ble gjort under importen" in result.output and "søknadsrunden er satt til «2025-1»" in result.output
    result = run(empty_project, "import", str(forms["forprosjekt"]), "--runde", "Andre runde 2025",
                 "--filnavn", "forprosjekt-runde-2")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((empty_project / "applications/2025/forprosjekt-runde-2.md").read_text().split("---\n")[1])
    assert data["round"] == "2025-2"


def test_import_does_not_overwrite_without_being_asked(empty_project, forms):
    assert run(empty_project, "import", str(forms["drop-in"])).exit_code == 0
    result = run(empty_project, "import", str(forms["drop-in"]))
    assert result.exit_code == 1
    assert "finnes allerede. Bruk --overskriv" in result.output


def test_import_refuses_a_file_that_is_not_the_word_form(empty_project, tmp_path):
    notes = tmp_path / "notat.docx"
    notes.write_text("ikke Word", encoding="utf-8")
    result = run(empty_project, "import", str(notes))
    assert result.exit_code == 1
    assert result.output.startswith("Feil: ") and "notat.docx" in result.output
    assert "Traceback" not in result.output
    assert not list((empty_project / "applications").rglob("*.md"))
