"""Validate every application file against the schema and the rules, all in one pass.

Errors from every file are collected before anything is raised, so a contributor sees the
whole list at once. Softer gaps come back as notices for the data-quality page.
"""

from __future__ import annotations

import hashlib
import os
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


@dataclass
class _Checked:
    """Every check of one file that depends on the file alone (its bytes, path, attachments) and
    the scheme: what ``_check_file`` adds to a result."""
    source: SourceFile
    problems: list[Problem]
    record: ApplicationRecord | None
    located: LocatedRecord | None
    claimed: set[Path]
    attachments: tuple  # the state of the attachments it declares when it was checked


class CheckedFiles:
    """Checked application files kept between builds in one process (a preview server rebuilds
    after every saved file): a file whose bytes, path, attachments and scheme are unchanged is
    not read and checked again, because its checks would find the same. The checks across files
    (unique names, related applications, shared priorities) run on every build. Entries of
    files not seen in the last build are dropped."""

    def __init__(self) -> None:
        self._entries: dict[tuple, _Checked] = {}
        self._seen: dict[tuple, _Checked] = {}

    @staticmethod
    def _state(paths) -> tuple:
        state = []
        for path in sorted(paths):
            try:
                stat = os.stat(path)
                state.append((str(path), stat.st_mtime_ns, stat.st_size))
            except OSError:
                state.append((str(path), None, None))
        return tuple(state)

    def key(self, path: Path, display: str, scheme_key: str) -> tuple | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return (str(path.resolve()), display, scheme_key, hashlib.blake2b(data, digest_size=20).digest())

    def get(self, key: tuple | None) -> _Checked | None:
        entry = self._entries.get(key) if key is not None else None
        if entry is not None and entry.attachments == self._state(entry.claimed):
            self._seen[key] = entry
            return entry
        return None

    def put(self, key: tuple | None, entry: _Checked) -> None:
        if key is not None:
            entry.attachments = self._state(entry.claimed)
            self._seen[key] = entry

    def finish(self) -> None:
        """Keep what this build saw, for the next."""
        self._entries, self._seen = self._seen, {}


def validate_applications(
    applications_dir: Path, scheme: Scheme, root: Path | None = None, paths: list[Path] | None = None,
    texts: Mapping[Path, str] | None = None, extra: list[Path] | None = None,
    cache: CheckedFiles | None = None, scheme_key: str = "",
) -> ValidationResult:
    """Read and check everything under ``applications_dir`` (every application, and every other
    file there, which must be an attachment one declares), or only the application files
    ``paths``; then ``extra`` files (outside the folder, say) and ``texts``: applications given
    as text, each as if it were the file at its path (its name and folder count as for a file;
    none is written). A text takes the place of a file at the same path. With ``cache`` (and the
    scheme file's digest as ``scheme_key``), files checked in an earlier build with the same
    bytes are taken from it (``CheckedFiles``)."""
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
    checked: list[_Checked] = []
    for path in files:
        if given and path.resolve() in given:
            continue
        key = cache.key(path, shown(path), scheme_key) if cache is not None else None
        entry = cache.get(key) if cache is not None else None
        if entry is None:
            entry = _checked_file(*read_application(path, shown(path)), scheme)
            if cache is not None:
                cache.put(key, entry)
        checked.append(entry)
    checked += [_checked_file(*parse_application(text, path, shown(path)), scheme) for path, text in texts.items()]
    if cache is not None:
        cache.finish()
    result.checked = [entry.source.display_path for entry in checked]
    result.problems += [problem for entry in checked for problem in placement_problems(
        entry.source.path, applications_dir, years, entry.source.display_path)]
    claimed: set[Path] = set()
    sources = []
    located: list[LocatedRecord] = []  # with the lines of their keys, until the checks are done
    for entry in checked:
        sources.append(entry.source)
        result.problems += entry.problems
        claimed |= entry.claimed
        if entry.record is not None:
            result.records.append(entry.record)
        if entry.located is not None:
            located.append(entry.located)
    result.problems += unclaimed_files(tree.others, claimed, shown)
    result.problems += check_unique_slugs(sources)
    result.problems += check_related(located)
    result.problems += find_shared_priorities(located, scheme)
    return result


def _checked_file(source: SourceFile, problems: list[Problem], scheme: Scheme) -> _Checked:
    """Every check of one file (``_check_file``); a check that breaks is reported at the file."""
    result, located, claimed = ValidationResult(), [], set()
    try:
        claimed = _check_file(source, problems, scheme, result, located)
    except Exception as exc:  # noqa: BLE001 - one file that breaks a check must not hide the others
        result.problems.append(Problem(source.display_path, None, None, (
            f"kontrollen kunne ikke gjøre seg ferdig med fila (intern feil: {type(exc).__name__}); se etter "
            "uvanlige tegn eller svært lange verdier, og meld fra til dem som drifter nettstedet")))
    return _Checked(source, result.problems, result.records[0] if result.records else None,
                    located[0] if located else None, claimed, ())


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


def validated_records(applications_dir: Path, scheme: Scheme, root: Path | None = None,
                      cache: CheckedFiles | None = None, scheme_key: str = "") -> ValidationResult:
    """Like :func:`validate_applications`, but raise :class:`InputError` on any error."""
    result = validate_applications(applications_dir, scheme, root, cache=cache, scheme_key=scheme_key)
    if result.errors:
        raise InputError(result.errors)
    return result
