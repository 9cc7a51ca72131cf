"""Rules that span several fields or several files. Each returns problems; none raises."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from slugify import slugify

from ..formatting import nok
from .files import attachment_problem
from ..input.load import SourceFile
from ..input.messages import field_path
from ..problems import Problem
from ..input.records import LocatedRecord
from ..input.schema import SLUG_PATTERN
from ..input.scheme import Scheme
from ..text import theme_slug


# The messages of the rules on one application, also the web form's (``contribute.webform``), so
# that the form and ``tilskudd check`` say the same. Amounts in them are written as the site writes them.
DECISION_NEEDS = {"granted": "innvilget beløp", "date": "vedtaksdato"}
MESSAGES = {
    "lines_too_much": "budsjettlinjene summerer til {total}, men søkt beløp (budget.requested) er {requested}; "
                      "linjene er {difference} for mye",
    "lines_too_little": "budsjettlinjene summerer til {total}, men søkt beløp (budget.requested) er {requested}; "
                        "linjene er {difference} for lite",
    "decision_missing": "status `{status}` ({label}) krever "
                        + " og ".join(f"{what} i decision.{key}" for key, what in DECISION_NEEDS.items()),
    **{f"decision_{key}_missing": f"status `{{status}}` ({{label}}) krever {what} i decision.{key}"
       for key, what in DECISION_NEEDS.items()},
    "end_before_start": "slutt kan ikke være før start",
    "repeated": "«{value}» står flere ganger i lista",
    "same_theme": "«{value}» er samme tema som «{other}»",
    "theme_without_letters": "temaet «{value}» må inneholde bokstaver eller tall",
}

# File names whose page would take the place of a generated one (soknader/index.md is the list).
RESERVED_SLUGS = ("index",)


def check_file_name(source: SourceFile) -> list[Problem]:
    if source.slug in RESERVED_SLUGS:
        return [Problem(source.display_path, None, "filnavn",
                        f"filnavnet «{source.slug}.md» er satt av til oversikten over alle søknader; gi fila "
                        "prosjektets navn, f.eks. «felles-legevakt-nord-troms.md»")]
    if re.fullmatch(SLUG_PATTERN, source.slug):
        return []
    suggestion = slugify(source.slug) or "prosjektnavn"
    return [
        Problem(
            source.display_path, None, "filnavn",
            f"filnavnet «{source.slug}.md» kan ikke brukes i en nettadresse; bruk små bokstaver a–z, "
            f"sifre og bindestrek, f.eks. «{suggestion}.md»",
        )
    ]


def check_unique_slugs(sources: Iterable[SourceFile]) -> list[Problem]:
    by_slug: dict[str, list[SourceFile]] = defaultdict(list)
    for source in sources:
        by_slug[source.slug].append(source)
    problems = []
    for slug, same in by_slug.items():
        if len(same) > 1:
            for source in same:
                others = ", ".join(s.display_path for s in same if s is not source)
                problems.append(
                    Problem(source.display_path, None, "filnavn",
                            f"filnavnet «{slug}.md» er brukt også av {others}; hver søknad må ha et eget filnavn")
                )
    return problems


def check_application(located: LocatedRecord, scheme: Scheme) -> list[Problem]:
    record = located.record
    meta, path = record.meta, record.display_path
    problems: list[Problem] = []

    def problem(loc: tuple, message: str) -> None:
        problems.append(Problem(path, located.line_of(*loc), field_path(loc), message))

    lines = meta.budget.lines
    if lines:
        total = sum(line.amount for line in lines)
        if total != meta.budget.requested:
            difference = total - meta.budget.requested
            problem(("budget", "lines"), MESSAGES["lines_too_much" if difference > 0 else "lines_too_little"].format(
                total=nok(total), requested=nok(meta.budget.requested), difference=nok(abs(difference))))

    status = scheme.status_by_id.get(meta.status)
    if status and status.requires_decision:
        if meta.decision is None:
            problem(("status",), MESSAGES["decision_missing"].format(status=meta.status, label=status.label))
        else:
            for key in DECISION_NEEDS:
                if getattr(meta.decision, key) is None:
                    problem(("decision", key), MESSAGES[f"decision_{key}_missing"].format(
                        status=meta.status, label=status.label))

    if meta.period and meta.period.end is not None:
        if _latest(meta.period.end) < _earliest(meta.period.start):
            problem(("period", "end"), MESSAGES["end_before_start"])

    for field in ("municipalities", "health_trusts", "related"):
        seen: set[str] = set()
        for index, value in enumerate(getattr(meta, field)):
            if value in seen:
                problem((field, index), MESSAGES["repeated"].format(value=value))
            seen.add(value)
    themes: dict[str, str] = {}
    for index, value in enumerate(meta.themes):
        slug = theme_slug(value)
        if not slug:
            problem(("themes", index), MESSAGES["theme_without_letters"].format(value=value))
        elif slug in themes:
            same = "repeated" if themes[slug] == value else "same_theme"
            problem(("themes", index), MESSAGES[same].format(value=value, other=themes[slug]))
        else:
            themes[slug] = value

    for index, attachment in enumerate(meta.attachments):
        if attachment.file is not None and (message := attachment_problem(record.path, attachment.file)):
            problem(("attachments", index, "file"), message)
    return problems


def check_related(records: Iterable[LocatedRecord]) -> list[Problem]:
    records = list(records)
    slugs = {located.record.slug for located in records}
    problems = []
    for located in records:
        record = located.record
        for index, slug in enumerate(record.meta.related):
            if slug == record.slug:
                message = "en søknad kan ikke vise til seg selv"
            elif slug not in slugs:
                message = f"det finnes ingen søknad med filnavnet «{slug}.md»"
            else:
                continue
            problems.append(Problem(record.display_path, located.line_of("related", index), f"related[{index + 1}]", message))
    return problems


def _earliest(value: int | dt.date) -> dt.date:
    return dt.date(value, 1, 1) if isinstance(value, int) else value


def _latest(value: int | dt.date) -> dt.date:
    return dt.date(value, 12, 31) if isinstance(value, int) else value
