"""`make serve` (``serve --dirty``) writes again only what an edit changed, and the result is the
full build's, byte for byte: after an edited text, title and amount, an added and a removed
application, and a build with nothing changed (``grant_portfolio.preview``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BUILD_EPOCH, ENGINE, ROOT, VARIED, copy_project, front, site_build, varied_front, write_varied_portfolio

from bench.sitediff import differences

pytestmark = pytest.mark.build
RUNNER = Path(__file__).with_name("preview_builds.py")
SERVE_URL = "http://127.0.0.1:8000/"


def _application(name: str, data: dict, body: str = "## Kort beskrivelse av prosjektet/piloten\n\nTekst.\n") -> str:
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n\n{body}"


def _steps(project: Path) -> list[dict]:
    def text(name: str) -> str:
        return (project / "applications" / name).read_text("utf-8")

    row = next(r for r in VARIED if r[0] == "e-rana-vefsn")
    more = varied_front(*row[:6], row[6] + 25_000, *row[7:])
    return [
        {"write": {"applications/2025/a-tromso-balsfjord.md": text("2025/a-tromso-balsfjord.md")
                   + "\nEt nytt avsnitt om samtalebehandling, skrevet under forhåndsvisning.\n"}},
        {"write": {"applications/2025/b-tromso-legevakt.md": text("2025/b-tromso-legevakt.md").replace(
            "title: ", "title: Endret tittel ", 1)}},
        {"write": {"applications/2025/e-rana-vefsn.md": _application("e", more)}},
        {"write": {"applications/2025/l-ny-soknad.md": _application("l", front(title="En ny søknad om legevakt"))}},
        {"remove": ["applications/2025/h-hammerfest.md"]},
        {},
    ]


def _project(target: Path):
    workspace = copy_project(target)
    write_varied_portfolio(workspace)
    return workspace


def _apply(project: Path, step: dict) -> None:
    for path, text in step.get("write", {}).items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    for path in step.get("remove", []):
        (project / path).unlink()


def test_every_preview_build_equals_a_full_build(tmp_path):
    served = _project(tmp_path / "served").root
    steps = _steps(served)
    assert all(step.get("write", {}).get(p) != (served / p).read_text("utf-8") if (served / p).exists() else True
               for step in steps for p in step.get("write", {}))
    (tmp_path / "steps.json").write_text(json.dumps(steps), "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(RUNNER), ENGINE.name, str(served), str(tmp_path / "out"),
                          str(tmp_path / "steps.json")], capture_output=True, text=True, env=env, cwd=served)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "dirty" not in run.stderr  # MkDocs' warning about dirty builds is not shown: these are accurate

    full = _project(tmp_path / "full").root
    for number, step in enumerate([{}, *steps]):
        _apply(full, step)
        reference = tmp_path / f"full-{number}"
        built = site_build(full, reference, env={"SITE_URL": SERVE_URL})
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
        assert differences(tmp_path / "out" / f"step-{number}", reference) == [], f"etter steg {number}: {step}"
    assert not (tmp_path / "out" / "step-5" / "soknader" / "h-hammerfest").exists()


def test_a_preview_build_writes_again_only_the_pages_an_edit_changed(tmp_path):
    served = _project(tmp_path / "served").root
    steps = _steps(served)[:1]
    (tmp_path / "steps.json").write_text(json.dumps(steps), "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(RUNNER), ENGINE.name, str(served), str(tmp_path / "out"),
                          str(tmp_path / "steps.json")], capture_output=True, text=True, env=env, cwd=served)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    first, second = tmp_path / "out" / "step-0", tmp_path / "out" / "step-1"
    pages = sorted(p.relative_to(first) for p in first.rglob("index.html"))
    rewritten = {p for p in pages if (second / p).stat().st_mtime_ns != (first / p).stat().st_mtime_ns}
    assert Path("soknader/a-tromso-balsfjord/index.html") in rewritten
    assert Path("bidra/felt/index.html") not in rewritten and Path("tilgjengelighet/index.html") not in rewritten
    assert len(rewritten) < len(pages) / 2, sorted(map(str, rewritten))
