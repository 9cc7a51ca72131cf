"""Validate every application file against the schema and the rules, all in one pass.

Errors from every file are collected before anything is raised, so a contributor sees the
whole list at once. Softer gaps come back as notices for the data-quality page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from ..input.load import display_path, find_application_files, parse_application, read_application
from ..input.messages import problems_from_validation_error
from .personal import personal_data_problems
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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.NOTICE]


def validate_applications(
    applications_dir: Path, scheme: Scheme, root: Path | None = None, paths: list[Path] | None = None,
    texts: Mapping[Path, str] | None = None,
) -> ValidationResult:
    """Read and check the application files (all of them, or ``paths``), and ``texts``:
    applications given as text, each as if it were the file at its path (its name and folder
    count as for a file; none is written). A text takes the place of a file at the same path."""
    root = root or applications_dir.parent
    result = ValidationResult()
    texts = texts or {}
    given = {path.resolve() for path in texts}
    files = paths if paths is not None else find_application_files(applications_dir)
    read = [read_application(path, display_path(path, root)) for path in files
            if not given or path.resolve() not in given]
    read += [parse_application(text, path, display_path(path, root)) for path, text in texts.items()]
    sources = []
    located: list[LocatedRecord] = []  # with the lines of their keys, until the checks are done
    for source, problems in read:
        path, display = source.path, source.display_path
        sources.append(source)
        result.problems += problems
        result.problems += check_file_name(source)
        result.problems += personal_data_problems(display, source.front, source.body, source.body_line,
                                                  source.doc.lines if source.doc else None)
        result.problems += [Problem(display, found.line, None, found.message)
                            for found in markup_problems(source.body, source.body_line)]
        if problems or source.doc is None:
            continue
        try:
            meta = Application.model_validate(source.doc.data, context={"scheme": scheme})
        except ValidationError as exc:
            result.problems += problems_from_validation_error(exc, source.doc, display, Application)
            continue
        source.doc.data = None  # typed now; the lines of the keys are kept for the messages
        record = ApplicationRecord(
            slug=source.slug, path=path, display_path=display, meta=meta, body=source.body,
            body_line=source.body_line,
        )
        located.append(LocatedRecord(record, source.doc))
        result.problems += check_application(located[-1], scheme, applications_dir)
        result.problems += find_notices(located[-1], scheme)
        result.records.append(record)
    result.problems += check_unique_slugs(sources)
    result.problems += check_related(located)
    result.problems += find_shared_priorities(located, scheme)
    return result


def validated_records(applications_dir: Path, scheme: Scheme, root: Path | None = None) -> ValidationResult:
    """Like :func:`validate_applications`, but raise :class:`InputError` on any error."""
    result = validate_applications(applications_dir, scheme, root)
    if result.errors:
        raise InputError(result.errors)
    return result
