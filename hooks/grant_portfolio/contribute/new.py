"""What the contributor commands share: where a new application file goes, its file name, and
the scheme look-ups that turn what a coordinator types ("Tromsø kommune") into the scheme's
values (``Tromsø``). No MkDocs, no terminal: the command-line tool in :mod:`.cli` asks the
questions and prints; everything here is plain and testable."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

from slugify import slugify

from ..input.load import APPLICATIONS_DIR, SCHEME_FILE
from ..input.schema import SLUG_PATTERN
from ..input.scheme import HealthCommunity, Round, Scheme

SLUG_MAX_LENGTH = 60


class ContributeError(Exception):
    """A contributor's input that cannot be used; the message is Norwegian and says what to do."""


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` with ``applications/scheme.yml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / APPLICATIONS_DIR / SCHEME_FILE).is_file():
            return folder
    return None


def slug_for(title: str) -> str:
    """A file name (without ``.md``) from a title: ASCII, lower case, at most 60 characters,
    cut at a word boundary. ``Drop in samtalebehandling – psykisk …`` -> ``drop-in-samtalebehandling-…``."""
    slug = slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True, replacements=[["&", "og"]])
    if not slug:
        raise ContributeError("tittelen må inneholde bokstaver eller tall, så den kan bli et filnavn")
    return slug


def check_slug(slug: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise ContributeError(
            f"filnavnet «{slug}» kan ikke brukes i en nettadresse; bruk små bokstaver a–z, sifre og "
            f"bindestrek, f.eks. «{slugify(slug) or 'prosjektnavn'}»"
        )
    return slug


def round_year(round_: Round) -> int:
    """The year folder an application of this round goes in: the year of its first deadline."""
    return round_.community_deadline.year


def application_path(root: Path, round_: Round, slug: str) -> Path:
    return root / APPLICATIONS_DIR / str(round_year(round_)) / f"{check_slug(slug)}.md"


def existing_with_slug(root: Path, slug: str) -> Path | None:
    """An application file anywhere under ``applications/`` that already uses this file name."""
    return next((p for p in sorted((root / APPLICATIONS_DIR).rglob(f"{slug}.md")) if p.is_file()), None)


def open_round(scheme: Scheme, today) -> Round:
    """The round a new application most likely belongs to: the first whose deadline for the
    health communities has not passed, else the last one."""
    upcoming = [r for r in scheme.rounds if r.community_deadline >= today]
    return min(upcoming, key=lambda r: r.community_deadline) if upcoming else scheme.rounds[-1]


def find_round(scheme: Scheme, text: str) -> Round:
    """A round by its id or its name (``2025-1``, ``Første runde 2025``)."""
    value = text.strip()
    round_id = value if value in scheme.round_by_id else scheme.id_for_name("rounds", value)
    if round_id is None:
        raise ContributeError(
            f"ukjent søknadsrunde «{value}»; gyldige verdier: " + ", ".join(r.id for r in scheme.rounds)
        )
    return scheme.round_by_id[round_id]


def find_community(scheme: Scheme, text: str) -> HealthCommunity:
    """A health community by its id, name or short name."""
    value = text.strip()
    community_id = value if value in scheme.community_by_id else scheme.id_for_name("health_communities", value)
    if community_id is None:
        raise ContributeError(
            f"ukjent helsefellesskap «{value}»; gyldige verdier: " + ", ".join(c.id for c in scheme.health_communities)
        )
    return scheme.community_by_id[community_id]


def find_municipality(scheme: Scheme, text: str) -> str:
    """The scheme's name for a municipality as typed: case and a trailing «kommune» do not count."""
    name = scheme.id_for_name("municipalities", text)
    if name is not None:
        return name
    close = closest_municipality(scheme, text, cutoff=0.75)
    hint = f"; mente du «{close}»?" if close else "; se kommunelista i feltreferansen"
    raise ContributeError(f"ukjent kommune «{text.strip()}»{hint}")


def find_municipalities(scheme: Scheme, texts: list[str]) -> list[str]:
    """Every municipality named in ``texts`` (each may list several), in order, at least one."""
    names = [find_municipality(scheme, name) for text in texts for name in split_names(text)]
    if not names:
        raise ContributeError("skriv minst én kommune")
    return list(dict.fromkeys(names))


def closest_municipality(scheme: Scheme, text: str, cutoff: float) -> str | None:
    """The municipality whose name is most like ``text`` (a misspelling: «Tromso»), if any is
    at least ``cutoff`` alike."""
    names = {name.casefold(): name for name in scheme.municipality_by_name}
    close = difflib.get_close_matches(" ".join(text.split()).casefold(), list(names), n=1, cutoff=cutoff)
    return names[close[0]] if close else None


def split_names(text: str) -> list[str]:
    """``"Balsfjord, Lyngen og Storfjord"`` -> the three names (also split at ; / & and lines)."""
    parts = re.split(r",|;|/|&|\n|\bog\b", text)
    return [p.strip(" .\t") for p in parts if p.strip(" .\t")]


def community_of(scheme: Scheme, municipalities: list[str]) -> HealthCommunity | None:
    """The health community most of the municipalities belong to (the first in the scheme's
    order on a tie)."""
    counts = Counter(scheme.municipality_by_name[name].community_id for name in municipalities)
    if not counts:
        return None
    best = max(scheme.health_communities, key=lambda c: counts.get(c.id, 0))
    return best if counts.get(best.id) else None
