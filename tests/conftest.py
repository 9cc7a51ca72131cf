"""Shared fixtures: the project, its scheme, and small portfolios written to a temp folder."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from grant_portfolio.scheme import load_scheme

ROOT = Path(__file__).resolve().parent.parent
SCHEME_PATH = ROOT / "applications" / "scheme.yml"


def front(**fields) -> dict:
    """A valid front matter, with any field replaced (or removed with ``None``)."""
    data = {
        "title": "Felles legevakt i Nord-Troms",
        "round": "2025-1",
        "health_community": "troms-og-ofoten",
        "municipalities": ["Skjervøy"],
        "health_trusts": ["unn"],
        "status": "submitted",
        "summary": "Et forsøk med felles legevakt.",
        "contacts": [{"name": "Kari Nordmann", "organisation": "Skjervøy kommune"}],
        "agreement_signed": "2025-02-20",
        "owners": ["Skjervøy kommune"],
        "budget": {"requested": 100000},
    }
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


FULL_BODY = "\n\n".join(
    f"## {heading}\n\nTekst."
    for heading in [
        "Kort beskrivelse av prosjektet/piloten",
        "Hvilken nytte forventes av prosjektet/piloten?",
        "Hvordan støtter tiltaket opp om formålet med tilskuddsordningen?",
        "Budsjett for gjennomføring av prosjekt/pilot",
        "Prosjektplan, inkludert evalueringspunkter",
        "Involvering av brukere, tillitsvalgte og vernetjenesten",
    ]
)


class Workspace:
    """A project folder with its own ``applications/`` and the real scheme."""

    def __init__(self, root: Path):
        self.root = root
        self.applications = root / "applications"
        self.applications.mkdir(parents=True, exist_ok=True)
        shutil.copy(SCHEME_PATH, self.applications / "scheme.yml")

    def write(self, name: str, data: dict | None = None, body: str = FULL_BODY, raw: str | None = None) -> Path:
        path = self.applications / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if raw is None:
            dumped = yaml.safe_dump(data if data is not None else front(), allow_unicode=True, sort_keys=False)
            raw = f"---\n{dumped}---\n\n{body}\n"
        path.write_text(textwrap.dedent(raw) if raw.startswith("\n") else raw, encoding="utf-8")
        return path


@pytest.fixture(scope="session")
def scheme():
    return load_scheme(SCHEME_PATH)


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    return Workspace(tmp_path)
