"""Validate every application file against the schema and the rules, all in one pass.

Errors from every file are collected before anything is raised, so a contributor sees the
whole list at once. Softer gaps come back as notices for the data-quality page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from ..input.boundaries import Boundaries, load_boundaries
from ..input.load import SourceFile, display_path, parse_application, read_application
from .files import Tree, declared_attachments, placement_problems, read_tree, unclaimed_files
from ..input.messages import problems_from_validation_error
from .personal import personal_data_problems
from .placeholders import placeholder_problems
from ..problems import InputError, Problem, Severity
from .quality import find_notices, find_shared_priorities
from ..input.records import ApplicationRecord, LocatedRecord
from .rules import check_application, check_file_name, check_related, check_unique_slugs
from .safety import markup_problems
from ..input.schema import Application
from ..input.scheme import Scheme


@dataclass
class ValidationResult:
    records: list[ApplicationRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # the application files read, as messages name them
    boundaries: Boundaries | None = None  # the map's municipal boundaries, checked with the tree

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.NOTICE]


def validate_applications(
    applications_dir: Path, scheme: Scheme, root: Path | None = None, paths: list[Path] | None = None,
    texts: Mapping[Path, str] | None = None, extra: list[Path] | None = None,
) -> ValidationResult:
    """Read and check everything under ``applications_dir`` (every application, and every other
    file there, which must be an attachment one declares), or only the application files
    ``paths``; then ``extra`` files (outside the folder, say) and ``texts``: applications given
    as text, each as if it were the file at its path (its name and folder count as for a file;
    none is written). A text takes the place of a file at the same path."""
    root = root or applications_dir.parent
    result = ValidationResult()
    texts = texts or {}
    years = {round_.year for round_ in scheme.rounds}

    def shown(path: Path) -> str:
        return display_path(path, root)

    tree = read_tree(applications_dir, years, shown, [scheme.map.boundaries] if scheme.map else []) if paths is None else Tree(list(paths), [], [])
    result.problems += tree.problems
    if paths is None:
        result.boundaries, problems = load_boundaries(applications_dir, scheme, root)
        result.problems += problems
    given = {path.resolve() for path in texts}
    known = {path.resolve() for path in tree.applications}
    files = tree.applications + [path for path in extra or [] if path.resolve() not in known]
    read = [read_application(path, shown(path)) for path in files
            if not given or path.resolve() not in given]
    read += [parse_application(text, path, shown(path)) for path, text in texts.items()]
    result.checked = [source.display_path for source, _ in read]
    result.problems += [problem for source, _ in read for problem in placement_problems(
        source.path, applications_dir, years, source.display_path)]
    claimed: set[Path] = set()
    sources = []
    located: list[LocatedRecord] = []  # with the lines of their keys, until the checks are done
    for source, problems in read:
        sources.append(source)
        try:
            claimed |= _check_file(source, problems, scheme, result, located)
        except Exception as exc:  # noqa: BLE001 - one file that breaks a check must not hide the others
            result.problems.append(Problem(source.display_path, None, None, (
                f"kontrollen kunne ikke gjøre seg ferdig med fila (intern feil: {type(exc).__name__}); se etter "
                "uvanlige tegn eller svært lange verdier, og meld fra til dem som drifter nettstedet")))
    result.problems += unclaimed_files(tree.others, claimed, shown)
    result.problems += check_unique_slugs(sources)
    result.problems += check_related(located)
    result.problems += find_shared_priorities(located, scheme)
    return result


def _check_file(source: SourceFile, problems: list[Problem], scheme: Scheme, result: ValidationResult,
                located: list[LocatedRecord]) -> set[Path]:
    """Every check of one file: its problems and, if it is valid, its record go into ``result``
    and ``located``. Returns the attachments it declares."""
    path, display = source.path, source.display_path
    result.problems += problems
    result.problems += check_file_name(source)
    result.problems += placeholder_problems(source)
    result.problems += personal_data_problems(source)
    result.problems += [Problem(display, found.line, None, found.message)
                        for found in markup_problems(source.body, source.body_line)]
    claimed = declared_attachments(source.doc.data, path) if source.doc is not None else set()
    if problems or source.doc is None:
        return claimed
    try:
        meta = Application.model_validate(source.doc.data, context={"scheme": scheme})
    except ValidationError as exc:
        result.problems += problems_from_validation_error(exc, source.doc, display, Application)
        return claimed
    source.doc.data = None  # typed now; the lines of the keys are kept for the messages
    record = ApplicationRecord(slug=source.slug, path=path, display_path=display, meta=meta, body=source.body,
                               body_line=source.body_line,
                               grants_nothing=scheme.status_by_id[meta.status].nothing_granted)
    located.append(LocatedRecord(record, source.doc))
    result.problems += check_application(located[-1], scheme)
    result.problems += find_notices(located[-1], scheme)
    result.records.append(record)
    return claimed


def validated_records(applications_dir: Path, scheme: Scheme, root: Path | None = None) -> ValidationResult:
    """Like :func:`validate_applications`, but raise :class:`InputError` on any error."""
    result = validate_applications(applications_dir, scheme, root)
    if result.errors:
        raise InputError(result.errors)
    return result
