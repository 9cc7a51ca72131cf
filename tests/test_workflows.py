"""The GitHub files: the workflow and the issue form are valid against GitHub's schemas (as
vendored by check-jsonschema, no network), and the workflow runs the README's commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOW = GITHUB / "workflows" / "site.yml"


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True, text=True,
    )


@pytest.mark.parametrize("schema, path", [
    ("vendor.github-workflows", WORKFLOW),
    ("vendor.dependabot", GITHUB / "dependabot.yml"),
    ("vendor.github-issue-forms", GITHUB / "ISSUE_TEMPLATE" / "rettelse.yml"),
])
def test_github_files_match_githubs_schemas(schema, path):
    result = check_jsonschema(schema, path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    steps: []\n", encoding="utf-8")  # no runs-on
    assert check_jsonschema("vendor.github-workflows", broken).returncode != 0


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def run_commands() -> list[str]:
    return [step["run"].strip() for job in workflow()["jobs"].values() for step in job["steps"] if "run" in step]


def test_pull_requests_run_check_tests_and_strict_build_with_the_readmes_commands():
    data = workflow()
    triggers = data[True] if True in data else data["on"]  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert run_commands() == ["make check", "make test", "make build"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in run_commands():
        assert f"`{command}`" in readme or f"{command} " in readme, command
        target = command.split()[1]
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    assert "$(ENGINE) build --strict" in makefile and "tilskudd check" in makefile
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci_run


def test_every_action_is_pinned_to_a_full_commit_with_its_version_and_the_image_is_explained():
    lines = WORKFLOW.read_text(encoding="utf-8").splitlines()
    uses = [line.strip() for line in lines if re.match(r"\s*(- )?uses:", line)]
    assert len(uses) == 5
    for line in uses:
        assert re.fullmatch(r"(- )?uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line
    # Not older than the majors that run on Node 24 (Dependabot may move them on).
    majors = {re.search(r"actions/([a-z-]+)@", line).group(1): int(re.search(r"# v(\d+)", line).group(1)) for line in uses}
    oldest = {"checkout": 7, "upload-artifact": 7, "configure-pages": 6, "upload-pages-artifact": 5, "deploy-pages": 5}
    assert majors.keys() == oldest.keys() and all(majors[name] >= oldest[name] for name in oldest), majors
    image = next(n for n, line in enumerate(lines) if line.strip().startswith("container:"))
    assert "@sha256:" in lines[image] or "not pinned by digest" in " ".join(lines[image - 6:image])
    dependabot = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert [u["package-ecosystem"] for u in dependabot["updates"]] == ["github-actions"]


def test_checkout_has_the_history_the_feed_dates_come_from():
    steps = workflow()["jobs"]["check"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_main_is_published_with_the_standard_pages_actions():
    jobs = workflow()["jobs"]
    upload = next(s for s in jobs["check"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert "refs/heads/main" in upload["if"]
    publish = jobs["publish"]
    assert publish["needs"] == "check" and "refs/heads/main" in publish["if"]
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]
    build = next(s for s in jobs["check"]["steps"] if s.get("run") == "make build")
    assert set(build["env"]) == {"SITE_URL", "REPO_URL", "EDIT_URI"}


def test_pull_request_template_has_a_checklist_in_norwegian():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, flags=re.M)
    assert len(boxes) >= 8
    assert any("budget.requested" in box for box in boxes)
    assert any("personopplysninger" in box for box in boxes)
    assert "tilskudd check" in text
