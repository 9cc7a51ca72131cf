"""All the broken and malicious files of ``hostile_corpus`` in one portfolio: one run of the
check and one build report every one of them (file, line, field), in Norwegian, with a
non-zero exit and no traceback; the check and the build report the same problems; and nothing
of them reaches the site."""

from __future__ import annotations

import re
import time

import pytest
from click.testing import CliRunner
from conftest import copy_project, site_build
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.contribute.cli import cli
from hostile_corpus import ALL_CASES, MARKER, Expected, write_corpus

PROBLEM_LINE = re.compile(r"^(applications/[^:\n]+?)(?::(\d+))?: (?:([\w.\[\]]+): )?", re.M)


def prefix(expected: Expected) -> str:
    where = expected.path if expected.line is None else f"{expected.path}:{expected.line}"
    return f"{where}: {expected.field}: " if expected.field else f"{where}: "


def problem_lines(output: str) -> set[str]:
    return {line for line in output.split("\n") if PROBLEM_LINE.match(line)}


def missing(expected: list[Expected], lines: set[str]) -> list[str]:
    return [prefix(e) for e in expected if not any(line.startswith(prefix(e)) for line in lines)]


@pytest.fixture
def corpus(workspace):
    return workspace, write_corpus(workspace, ALL_CASES)


def test_one_check_reports_every_broken_file(corpus, scheme):
    workspace, expected = corpus
    started = time.perf_counter()
    result = validate_applications(workspace.applications, scheme, workspace.root)
    assert time.perf_counter() - started < 30  # a few seconds per file at most; here far less
    lines = {problem.format() for problem in result.errors}
    assert missing(expected, lines) == []
    assert not [line for line in lines if line.startswith("applications/2025/gyldig.md")]
    reported = {line.split(":")[0] for line in lines}
    assert reported == {e.path for e in expected}


def test_the_check_command_reports_them_all_in_norwegian(corpus):
    workspace, expected = corpus
    result = CliRunner().invoke(cli, ["--prosjekt", str(workspace.root), "check"], prog_name="tilskudd")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "Error" not in result.output
    assert missing(expected, problem_lines(result.output)) == []


@pytest.mark.build
def test_the_build_reports_what_the_check_reports_and_publishes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    expected = write_corpus(project, ALL_CASES)
    check = CliRunner().invoke(cli, ["--prosjekt", str(project.root), "check"], prog_name="tilskudd")
    site = tmp_path / "site"
    build = site_build(project.root, site)
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert "Traceback" not in output
    assert missing(expected, problem_lines(output)) == []
    assert problem_lines(output) == problem_lines(check.output)
    published = [path for path in site.rglob("*") if path.is_file()] if site.exists() else []
    assert not [path for path in published if MARKER in path.read_bytes().decode("utf-8", "replace")]
    assert not [path for path in published if path.suffix in (".svg", ".markdown") or "soknader" in path.parts]


def test_a_check_that_breaks_on_one_file_names_it_and_the_others_are_still_checked(workspace, scheme, monkeypatch):
    from grant_portfolio.checks import validate as validate_module
    real = validate_module.check_file_name

    def breaks_on_one(source):
        if source.slug == "knekker":
            raise RecursionError("maximum recursion depth exceeded")
        return real(source)

    monkeypatch.setattr(validate_module, "check_file_name", breaks_on_one)
    workspace.write("knekker.md")
    workspace.write("annen.md", raw="---\ntitle: x\n---\n")
    errors = validate_applications(workspace.applications, scheme, workspace.root).errors
    broken = [e for e in errors if e.path == "applications/2025/knekker.md"]
    assert [e.message.split(" (")[0] for e in broken] == ["kontrollen kunne ikke gjøre seg ferdig med fila"]
    assert "maximum" not in broken[0].message  # no English from Python
    assert [e for e in errors if e.path == "applications/2025/annen.md"]
