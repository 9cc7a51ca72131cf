"""Problems found in the input, in one format for every stage: ``path:line: field: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .checks.idnumbers import redact


class Severity(str, Enum):
    ERROR = "error"  # stops the build
    NOTICE = "notice"  # listed on the data-quality page


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        # A national identity number is never printed, whatever message, file name or field it is in.
        for name in ("path", "field", "message"):
            if getattr(self, name):
                object.__setattr__(self, name, redact(getattr(self, name)))

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"

    def __str__(self) -> str:
        return self.format()


class InputError(Exception):
    """Raised when the input has errors; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__(format_problems(self.problems))


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.field or "", problem.message)


def format_problems(problems: list[Problem]) -> str:
    """The report shown to contributors: one line per problem and a count at the end."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    files = {p.path for p in errors}
    lines = [p.format() for p in sorted(problems, key=_sort_key)]
    file_noun = "fil" if len(files) == 1 else "filer"
    lines.append(f"Fant {len(errors)} feil i {len(files)} {file_noun}.")
    return "\n".join(lines)
