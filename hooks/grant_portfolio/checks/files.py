"""Which files may stand under ``applications/``, and what an attachment may be.

Everything under the folder is either read or refused, never silently left out:

* the scheme (``scheme.yml``) at the top;
* application files (``.md``) directly in a folder named after the year of a round
  (``applications/2025/x.md``);
* the attachments the applications declare (``attachments[].file``), beside their application
  or below its folder, of a type on :data:`ATTACHMENT_TYPES` whose content is what its name
  says;

and any other file, folder or link is an error naming it. Attachments are published as they
are, so their content is checked: a PDF must be a PDF without script or embedded files, an
image a PNG or JPEG; an ``.html``, ``.svg`` or ``.markdown`` file is never published.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..formatting import and_list
from ..input.load import SCHEME_FILE
from ..problems import Problem

# What an application file is: Markdown, named as the other files in the project.
APPLICATION_SUFFIX = ".md"
# An attachment's path: folders and a name of letters a–z (either case), digits, dot, hyphen
# and underscore, starting with a letter or digit. Nothing that must be escaped in an address.
ATTACHMENT_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
# PDF names that run something or carry files: script, launching programs, embedded files,
# multimedia and forms with script (XFA). Checked in the file and in its compressed streams.
_PDF_ACTIVE = frozenset({b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia",
                         b"XFA", b"SubmitForm", b"ImportData", b"GoToE"})
_PDF_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_INFLATED_LIMIT = 200 * 1024 * 1024  # in all, when the streams of a PDF are read


@dataclass(frozen=True)
class AttachmentType:
    name: str  # as messages name it
    signature: Callable[[bytes], bool]  # whether the file's first bytes are of this type


def _is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # the header may follow up to 1 kB of other bytes


ATTACHMENT_TYPES: dict[str, AttachmentType] = {
    ".pdf": AttachmentType("PDF", _is_pdf),
    ".png": AttachmentType("PNG-bilde", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": AttachmentType("JPEG-bilde", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": AttachmentType("JPEG-bilde", lambda head: head.startswith(b"\xff\xd8\xff")),
}
ALLOWED_SUFFIXES = and_list(list(ATTACHMENT_TYPES))  # ".pdf, .png, .jpg og .jpeg"


@dataclass
class Tree:
    """What lies under ``applications/``: the application files, the files that must be an
    attachment to be allowed, and problems with the rest."""

    applications: list[Path]
    others: list[Path]
    problems: list[Problem]


def read_tree(applications_dir: Path, years: Iterable[int], display: Callable[[Path], str],
              scheme_files: Iterable[str] = ()) -> Tree:
    """Walk ``applications/`` without following links. ``years``: the years a folder may be
    named after (the rounds' years); ``scheme_files``: the files the scheme names that stand
    beside it (the map's boundaries); ``display`` names a path in messages."""
    years = {str(year) for year in years}
    own_files = [SCHEME_FILE, *scheme_files]
    tree = Tree([], [], [])

    def refuse(path: Path, message: str) -> None:
        # Named by where it stands (a link is not followed to its target).
        tree.problems.append(Problem(f"{display(path.parent)}/{path.name}", None, None, message))

    if not applications_dir.is_dir():
        return tree
    for folder, dirs, files in os.walk(applications_dir):
        here = Path(folder)
        parts = here.relative_to(applications_dir).parts
        for name in list(dirs):
            if (here / name).is_symlink():
                refuse(here / name, LINK_MESSAGE)
                dirs.remove(name)
        dirs.sort()
        for name in sorted(files):
            path = here / name
            if path.is_symlink():
                refuse(path, LINK_MESSAGE)
            elif not parts:
                if name not in own_files:
                    refuse(path, f"fila hører ikke hjemme her: rett under applications/ ligger bare "
                                 f"{' og '.join(own_files)}; søknader og vedlegg ligger i mappa for året")
            elif len(parts) == 1 and name.endswith(APPLICATION_SUFFIX):
                tree.applications.append(path)  # in a folder that is no round's year: read, and said
            elif parts[0] not in years:
                refuse(path, _year_message(parts[0], years))
            else:
                tree.others.append(path)
    tree.applications.sort()
    return tree


LINK_MESSAGE = ("er en lenke (symbolsk lenke); lenker er ikke tillatt under applications/: legg fila eller "
                "mappa selv der")


def _year_message(folder: str, years: set[str]) -> str:
    return (f"ligger i mappa «{folder}», som ikke er året for noen søknadsrunde i ordningens data; søknadene "
            f"ligger i én mappe per år ({', '.join(sorted(years))})")


def placement_problems(path: Path, applications_dir: Path, years: Iterable[int], shown: str) -> list[Problem]:
    """An application file (or text checked as one) must stand directly in a year folder; a
    file outside ``applications/`` (a draft checked with ``tilskudd check``) may stand anywhere."""
    try:
        parts = path.resolve().relative_to(applications_dir.resolve()).parts
    except ValueError:
        return []
    years = {str(year) for year in years}
    if len(parts) < 2:
        message = ("søknadsfiler ligger i mappa for året søknadsrunden hører til, for eksempel "
                   f"applications/{max(years, default='2025')}/{path.name}")
    elif parts[0] not in years:
        message = _year_message(parts[0], years)
    elif len(parts) > 2:
        message = ("søknadsfiler ligger rett i mappa for året (applications/<år>/navn.md), ikke i en "
                   "undermappe; flytt fila")
    else:
        return []
    return [Problem(shown, None, None, message)]


def unclaimed_files(others: Iterable[Path], claimed: set[Path], display: Callable[[Path], str]) -> list[Problem]:
    """A problem for every file that is neither an application nor an attachment one declares."""
    problems = []
    for path in others:
        if path.resolve() in claimed:
            continue
        if path.suffix.lower() in (".md", ".markdown"):
            message = ("søknadsfiler ligger rett i mappa for året (applications/<år>/navn.md), ikke i en "
                       "undermappe; flytt fila, eller slett den")
        else:
            message = ("fila er verken en søknad eller et vedlegg en søknad viser til (`attachments`, feltet "
                       "`file`); alt under applications/ publiseres eller stopper kontrollen, så vis til "
                       "fila fra søknaden, eller slett den")
        problems.append(Problem(display(path), None, None, message))
    return problems


def declared_attachments(data: object, application: Path) -> set[Path]:
    """The files an application's front matter names as attachments, resolved, read from the
    raw data (so an application with other errors still claims its files)."""
    found = set()
    attachments = data.get("attachments") if isinstance(data, dict) else None
    for item in attachments if isinstance(attachments, list) else ():
        name = item.get("file") if isinstance(item, dict) else None
        if isinstance(name, str) and name:
            try:
                found.add((application.parent / name).resolve())
            except (OSError, ValueError):
                continue
    return found


# What is wrong with an attachment's name, before its file is looked at; also the web form's
# (``contribute.webform``), which checks the name in the browser.
ATTACHMENT_MESSAGES = {
    "outside": "vedlegget må ligge ved siden av søknadsfila eller i en mappe under den; skriv filnavnet "
               "uten `..`, `/` først eller `\\`, for eksempel `file: signert-avtale.pdf`",
    "characters": "filnavnet til vedlegget kan bare ha bokstavene a–z, sifre, punktum, bindestrek og understrek "
                  "(ikke mellomrom, æ, ø eller å), for eksempel `signert-avtale.pdf`",
    "type": "vedlegg av typen «{suffix}» publiseres ikke; tillatt er " + ALLOWED_SUFFIXES + " (lagre dokumentet som PDF)",
}


def attachment_problem(application: Path, name: str) -> str | None:
    """What is wrong with an application's attachment ``name`` (its ``file`` field), or None."""
    parts = PurePosixPath(name).parts
    if "\\" in name or name.startswith("/") or ".." in parts or not parts:
        return ATTACHMENT_MESSAGES["outside"]
    if not all(ATTACHMENT_PART.fullmatch(part) for part in parts):
        return ATTACHMENT_MESSAGES["characters"]
    suffix = PurePosixPath(name).suffix.lower()
    kind = ATTACHMENT_TYPES.get(suffix)
    if kind is None:
        return ATTACHMENT_MESSAGES["type"].format(suffix=suffix or "uten filendelse")
    path = application.parent.joinpath(*parts)
    if path.is_symlink():
        return "vedlegget er en lenke til en annen fil; legg fila selv ved siden av søknadsfila"
    if not path.is_file():
        return f"finner ikke vedlegget «{name}» ved siden av søknadsfila"
    if not path.resolve().is_relative_to(application.parent.resolve()):
        return "vedlegget må ligge ved siden av søknadsfila eller i en mappe under den"
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            return (f"vedlegget er for stort ({size // (1024 * 1024)} MB; høyst "
                    f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB); lagre det med mindre bilder")
        data = path.read_bytes()
    except OSError as exc:
        return f"kan ikke lese vedlegget ({exc.strerror})"
    if not kind.signature(data[:1024]):
        return (f"vedlegget heter «{suffix}», men er ikke en {kind.name}-fil; lagre dokumentet som "
                f"{kind.name} på nytt")
    if suffix == ".pdf" and _pdf_is_active(data):
        return ("PDF-fila inneholder skript, innebygde filer eller handlinger som starter program; lagre "
                "eller skriv ut dokumentet som en vanlig PDF på nytt")
    return None


def _pdf_is_active(data: bytes) -> bool:
    """Whether a PDF names script, launching, embedded files or other active content, in the
    file or in a compressed stream (where object streams hide their dictionaries)."""
    if _names_active(data):
        return True
    budget = _INFLATED_LIMIT
    for match in _PDF_STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end == -1:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[match.end():end], budget)
        except zlib.error:
            continue  # not Flate (an image, say): no dictionaries in it
        budget -= len(inflated)
        if _names_active(inflated):
            return True
        if budget <= 0 or inflater.unconsumed_tail:
            return True  # too large to read through: not published unread
    return False


def _names_active(data: bytes) -> bool:
    for match in _PDF_NAME.finditer(data):
        name = match.group(1)
        if b"#" in name:  # /J#61vaScript is /JavaScript
            name = _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        if name in _PDF_ACTIVE:
            return True
    return False
