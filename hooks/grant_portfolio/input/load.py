"""Read application files: split the YAML front matter from the Markdown body, remember
where every key stands; the body is cut into the form's sections when asked (split_sections)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .yamlsource import YamlDocument, YamlSyntaxError, parse_yaml

APPLICATIONS_DIR = "applications"  # in the project root: the application files and the scheme
SCHEME_FILE = "scheme.yml"
_FENCE = re.compile(r"^(```|~~~)")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")


@dataclass
class BodySection:
    heading: str
    line: int  # line of the heading in the file
    text: str


@dataclass
class SourceFile:
    """One application file as read from disk, before validation."""

    path: Path
    display_path: str  # as shown in messages: relative to the project root
    slug: str
    doc: YamlDocument | None
    body: str
    body_line: int  # file line where the body starts
    front: str = ""  # the front matter's text, which starts on line 2


def display_path(path: Path, root: Path) -> str:
    """How a file is named in messages: relative to the project root where possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def find_application_files(applications_dir: Path) -> list[Path]:
    """Every ``.md`` file below the folder, in a stable order."""
    return sorted(p for p in applications_dir.rglob("*.md") if p.is_file())


def read_application(path: Path, display_path: str) -> tuple[SourceFile, list[Problem]]:
    slug = path.stem
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return _empty(path, display_path, slug), [
            Problem(display_path, None, None, "fila er ikke lagret som UTF-8; lagre den på nytt med UTF-8-koding")
        ]
    except OSError as exc:
        return _empty(path, display_path, slug), [Problem(display_path, None, None, f"kan ikke lese fila ({exc.strerror})")]
    return parse_application(text, path, display_path)


def parse_application(text: str, path: Path, display_path: str) -> tuple[SourceFile, list[Problem]]:
    """An application file's text, as if read from ``path`` (which gives its slug): the front
    matter parsed with the line of every key, the body, and the problems found so far."""
    slug = path.stem
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return _empty(path, display_path, slug, body=text), [
            Problem(display_path, 1, None, "mangler forside (front matter): fila må begynne med en linje med bare ---")
        ]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return _empty(path, display_path, slug), [
            Problem(display_path, 1, None, "forsiden (front matter) er ikke avsluttet: legg til en linje med bare --- etter feltene")
        ]
    front = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    body_line = end + 2
    source = SourceFile(path, display_path, slug, None, body, body_line, front=front)
    try:
        source.doc = parse_yaml(front, first_line=2)
    except YamlSyntaxError as exc:
        return source, [Problem(display_path, exc.line, None, str(exc))]
    problems = [
        Problem(display_path, line, _dotted(loc), "feltet står to ganger; fjern det ene")
        for loc, line in source.doc.duplicates
    ]
    if source.doc.data is None:
        problems.append(Problem(display_path, 2, None, "forsiden (front matter) er tom"))
    elif not isinstance(source.doc.data, dict):
        problems.append(Problem(display_path, 2, None, "forsiden (front matter) må bestå av felt på formen «navn: verdi»"))
    return source, problems


def split_sections(body: str, first_line: int) -> tuple[str, list[BodySection]]:
    """Cut the body at level-2 headings (outside fenced code)."""
    intro: list[str] = []
    sections: list[BodySection] = []
    current: list[str] = intro
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        match = None if in_fence else _H2.match(line)
        if match:
            sections.append(BodySection(match.group(1), first_line + offset, ""))
            current = []
            sections[-1].text = current  # type: ignore[assignment]
        else:
            current.append(line)
    for section in sections:
        section.text = "\n".join(section.text).strip()  # type: ignore[arg-type]
    return "\n".join(intro).strip(), sections


def _dotted(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


def _empty(path: Path, display_path: str, slug: str, body: str = "") -> SourceFile:
    return SourceFile(path, display_path, slug, None, body, 1)
