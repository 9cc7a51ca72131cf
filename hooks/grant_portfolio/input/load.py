"""Read application files: split the YAML front matter from the Markdown body, remember
where every key stands; the body is cut into the form's sections when asked (split_sections)."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .messages import field_path
from .yamlsource import YamlDocument, YamlSyntaxError, character_problems, parse_yaml, too_large_message

APPLICATIONS_DIR = "applications"  # in the project root: the application files and the scheme
SCHEME_FILE = "scheme.yml"
# An application file is about 15 kB; a larger one than this is refused unread, so that no
# file, however large, can slow down or stop a check or a build.
MAX_FILE_SIZE = 1_000_000  # bytes
_OS_ERRORS = {
    errno.ENOENT: "den finnes ikke",
    errno.EACCES: "mangler tilgang",
    errno.EPERM: "mangler tilgang",
    errno.EISDIR: "det er en mappe",
}
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
    text, problems = read_text(path, display_path)
    if text is None:
        return _empty(path, display_path, path.stem), problems
    return parse_application(text, path, display_path)


def read_text(path: Path, display_path: str, kind: str = "en søknadsfil") -> tuple[str | None, list[Problem]]:
    """A file's text (UTF-8), or None and a Norwegian problem: a file larger than
    :data:`MAX_FILE_SIZE` is refused before it is read, and a file that is not UTF-8 is named
    with the line of its first wrong byte. ``kind`` names the file in the message on size."""
    try:
        size = path.stat().st_size
        if size <= MAX_FILE_SIZE:
            with path.open("rb") as file:
                data = file.read(MAX_FILE_SIZE + 1)  # the file may grow, or be a device
            size = len(data)
    except OSError as exc:
        reason = _OS_ERRORS.get(exc.errno or 0, "feil fra operativsystemet")
        return None, [Problem(display_path, None, None, f"kan ikke lese fila ({reason})")]
    if size > MAX_FILE_SIZE:
        return None, [Problem(display_path, None, None, too_large_message(size, MAX_FILE_SIZE) + f" for {kind}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem(display_path, line, None,
                              "fila er ikke lagret som UTF-8; lagre den på nytt med UTF-8-koding")]


def parse_application(text: str, path: Path, display_path: str) -> tuple[SourceFile, list[Problem]]:
    """An application file's text, as if read from ``path`` (which gives its slug): the front
    matter parsed with the line of every key, the body, and the problems found so far.
    Line breaks may be \\n, \\r\\n or \\r, counted as an editor counts them."""
    slug = path.stem
    size = len(text) if len(text) * 4 <= MAX_FILE_SIZE else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_SIZE:
        return _empty(path, display_path, slug), [_too_large(display_path, size)]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Control characters anywhere in the file, one problem per line, before anything is parsed.
    characters = [Problem(display_path, line, None, message) for line, message in character_problems(text)]
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return _empty(path, display_path, slug, body=text), [
            Problem(display_path, 1, None, "mangler forside (front matter): fila må begynne med en linje med bare ---")
        ] + characters
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return _empty(path, display_path, slug), [
            Problem(display_path, 1, None, "forsiden (front matter) er ikke avsluttet: legg til en linje med bare --- etter feltene")
        ] + characters
    front = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    body_line = end + 2
    source = SourceFile(path, display_path, slug, None, body, body_line, front=front)
    if any(problem.line < body_line for problem in characters):  # type: ignore[operator]
        return source, characters  # the front matter is not parsed with such characters in it
    try:
        source.doc = parse_yaml(front, first_line=2)
    except YamlSyntaxError as exc:
        return source, [Problem(display_path, exc.line, exc.field, str(exc))] + characters
    problems = characters + [
        Problem(display_path, line, field_path(loc), "feltet står to ganger; fjern det ene")
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


def _too_large(display_path: str, size: int) -> Problem:
    return Problem(display_path, None, None, too_large_message(size, MAX_FILE_SIZE) + " for en søknadsfil")


def _empty(path: Path, display_path: str, slug: str, body: str = "") -> SourceFile:
    return SourceFile(path, display_path, slug, None, body, 1)
