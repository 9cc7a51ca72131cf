"""The contributor guide's common mistakes, with the messages the check really gives.

The examples are data (``templates/error_examples.yml``): a valid example file and, for each
mistake, the text a contributor wrote instead of the right one. Here every mistake is put
into the example file, the file is checked with the same validation as the real
applications, and the messages are collected, so the guide cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..input.load import APPLICATIONS_DIR
from ..input.scheme import Scheme
from ..checks.validate import validate_applications

EXAMPLES_FILE = Path(__file__).with_name("templates") / "error_examples.yml"


@dataclass
class ErrorExample:
    id: str
    title: str
    right: str
    wrong: str
    fix: str
    file: str
    messages: list[str] = field(default_factory=list)  # the check's output, one line per error

    @property
    def renames_file(self) -> bool:
        return not self.right and not self.wrong


@dataclass
class ErrorGuide:
    file: str
    base: str
    examples: list[ErrorExample]
    base_messages: list[str]  # what the check says about the unchanged example: nothing, or a bug


def error_guide(scheme: Scheme, examples_file: Path = EXAMPLES_FILE) -> ErrorGuide:
    """Load the examples and check each one with the real validation."""
    data = yaml.safe_load(examples_file.read_text(encoding="utf-8"))
    base, default_file = data["base"], data["file"]
    examples = [
        ErrorExample(id=item["id"], title=item["title"], right=item["right"], wrong=item["wrong"],
                     fix=item["fix"], file=item.get("file", default_file))
        for item in data["examples"]
    ]
    base_messages = _check(scheme, default_file, base)
    for example in examples:
        if example.right and example.right not in base:
            raise ValueError(f"{examples_file.name}: «{example.right}» (eksempel {example.id}) står ikke i base")
        text = base.replace(example.right, example.wrong, 1) if example.right else base
        example.messages = _check(scheme, example.file, text)
    return ErrorGuide(default_file, base, examples, base_messages)


def _check(scheme: Scheme, file: str, text: str) -> list[str]:
    """The check's messages for ``text`` as the file ``file`` of an otherwise empty project."""
    root = Path("/eksempel")  # never read: the example is checked as text, alone
    result = validate_applications(root / APPLICATIONS_DIR, scheme, root, paths=[], texts={root / file: text})
    return [problem.format() for problem in result.errors]
