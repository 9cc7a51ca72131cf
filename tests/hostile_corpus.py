"""Broken and malicious application files, all in one portfolio: what a hostile or careless
contributor can put under applications/. Each case writes its files and says which problems
(file, line, field) the check and the build must report for them. ``test_hostile_run`` runs
the check and the build over all of them at once."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from conftest import FULL_BODY, Workspace, front

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MARKER = "fiendtlig-innhold"  # in every case's text: none of it may reach the site


@dataclass(frozen=True)
class Expected:
    path: str  # relative to the project: applications/2025/x.md
    line: int | None
    field: str | None


@dataclass
class Case:
    name: str
    write: Callable[[Workspace], list[Expected]]


def _file(workspace: Workspace, name: str, data: dict | None = None, body: str = FULL_BODY,
          raw: str | None = None) -> Path:
    return workspace.write(name, data if data is not None else front(), body=body, raw=raw)


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").split("\n"), 1) if text in line)


def _shown(workspace: Workspace, path: Path) -> str:
    return path.relative_to(workspace.root).as_posix()


def _attachment(name: str, content: bytes) -> Callable[[Workspace], list[Expected]]:
    def write(workspace: Workspace) -> list[Expected]:
        slug = "vedlegg-" + name.replace(".", "-").replace("/", "-")
        path = _file(workspace, f"{slug}.md", front(title=MARKER, attachments=[{"title": "Avtale", "file": name}]))
        (path.parent / name).write_bytes(content)
        return [Expected(_shown(workspace, path), _line_of(path, f"file: {name}"), "attachments[1].file")]
    return write


def _stray(name: str, content: bytes = MARKER.encode()) -> Callable[[Workspace], list[Expected]]:
    def write(workspace: Workspace) -> list[Expected]:
        target = workspace.applications / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        return [Expected(f"applications/{name}", None, None)]
    return write


def _body(slug: str, text: str) -> Callable[[Workspace], list[Expected]]:
    def write(workspace: Workspace) -> list[Expected]:
        path = _file(workspace, f"{slug}.md", front(title=MARKER),
                     body=FULL_BODY.replace("Tekst.", f"Tekst.\n\n{text}\n", 1))
        return [Expected(_shown(workspace, path), _line_of(path, text.split("\n")[0]), None)]
    return write


def _front(slug: str, field: str, **fields) -> Callable[[Workspace], list[Expected]]:
    def write(workspace: Workspace) -> list[Expected]:
        path = _file(workspace, f"{slug}.md", front(title=MARKER, **fields))
        key = field.split(".")[-1].split("[")[0]
        return [Expected(_shown(workspace, path), _line_of(path, f"{key}:"), field)]
    return write


def _active_pdf() -> bytes:
    hidden = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    return PDF + b"5 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + hidden + b"\nendstream\nendobj\n"


def _symlinked_attachment(workspace: Workspace) -> list[Expected]:
    path = _file(workspace, "vedlegg-lenke.md", front(title=MARKER, attachments=[{"title": "A", "file": "lenke.pdf"}]))
    secret = workspace.root / "hemmelig.pdf"
    secret.write_bytes(PDF)
    (path.parent / "lenke.pdf").symlink_to(secret)
    return [Expected(_shown(workspace, path), _line_of(path, "file: lenke.pdf"), "attachments[1].file"),
            Expected("applications/2025/lenke.pdf", None, None)]


FILE_CASES = [
    Case("html attachment", _attachment("avtale.html", f"<script>alert('{MARKER}')</script>".encode())),
    Case("svg attachment", _attachment("kart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')),
    Case("markdown attachment", _attachment("side.markdown", f"# {MARKER}\n".encode())),
    Case("html named pdf", _attachment("falsk.pdf", b"<html><script>alert(1)</script></html>")),
    Case("pdf with script", _attachment("aktiv.pdf", _active_pdf())),
    Case("attachment outside", _front("vedlegg-utenfor", "attachments[1].file",
                                      attachments=[{"title": "A", "file": "../../scheme.yml"}])),
    Case("attachment link", _symlinked_attachment),
    Case("stray markdown", _stray("2025/notat.markdown")),
    Case("stray text", _stray("2025/kladd.txt")),
    Case("file at the top", _stray("LESMEG.md")),
    Case("wrong year", _stray("1999/gammel-soknad.md", f"---\ntitle: {MARKER}\n---\n".encode())),
    Case("three folders deep", _stray("2025/a/b/dypt.md", f"---\ntitle: {MARKER}\n---\n".encode())),
    Case("image from another host", _body("bilde-annen-vert", '<img src="/\\evil.example/x.png" alt="x">')),
    Case("link out of the site", _body("lenke-ut", "[passord](../../../etc/passwd)")),
    Case("huge amount", _front("stort-belop", "budget.requested", budget={"requested": 10**30})),
]


def write_corpus(workspace: Workspace, cases: list[Case]) -> list[Expected]:
    """Every case's files in ``workspace``, one valid application beside them; the problems
    expected."""
    _file(workspace, "gyldig.md")
    return [expected for case in cases for expected in case.write(workspace)]


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _raw(slug: str, change: Callable[[str], str], find: str, field: str | None) -> Callable[[Workspace], list[Expected]]:
    """A valid file's text changed by ``change``; the problem is on the line containing ``find``."""
    def write(workspace: Workspace) -> list[Expected]:
        text = f"---\n{dump(front(title=MARKER))}---\n\n{FULL_BODY}\n"
        path = workspace.applications / "2025" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change(text), encoding="utf-8")
        return [Expected(_shown(workspace, path), _line_of(path, find), field)]
    return write


def _append(lines: str) -> Callable[[str], str]:
    return lambda text: text.replace("\n---\n", f"\n{lines}---\n", 1)


_BOMB = "bombe: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"bombe{n}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]\n" for n in range(8))

YAML_CASES = [
    Case("alias bomb", _raw("aliasbombe", _append(_BOMB), "bombe:", "bombe")),
    Case("nested flow mappings", _raw("nosting", _append("extra: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n"),
                                      "extra:", "extra")),
    Case("deep block nesting", _raw("dypt", _append("extra:\n" + "".join(" " * (2 * n) + f"n{n}:\n" for n in range(1, 40))
                                                       + " " * 80 + "x: 1\n"), " n20:", "extra")),
    Case("impossible date", _raw("umulig-dato", lambda t: t.replace("'2025-02-20'", "2025-02-30"),
                                 "agreement_signed:", "agreement_signed")),
    Case("5000-digit integer", _raw("langt-tall", lambda t: t.replace("requested: 100000", "requested: " + "9" * 5000),
                                    "requested:", "budget.requested")),
    Case("NUL in front matter", _raw("nul-forside", lambda t: t.replace("Et forsøk", "Et\x00forsøk"), "summary:", None)),
    Case("NUL in body", _raw("nul-tekst", lambda t: t.replace("Tekst.", "Tek\x00st.", 1), "Tek\x00st.", None)),
    Case("integer key", _raw("heltallsnokkel", _append("1: x\n"), "1: x", None)),
    Case("unknown tag", _raw("ukjent-merke", lambda t: t.replace("status: submitted", "status: !foo submitted"),
                             "status:", "status")),
    Case("python tag", _raw("python-merke", _append("extra: !!python/object/apply:os.system [echo fiendtlig]\n"),
                            "extra:", "extra")),
    Case("unclosed quote", _raw("anforsel", lambda t: t.replace("summary: Et forsøk med felles legevakt.",
                                                                 'summary: "Et forsøk'), "summary:", None)),
]

# A national identity number with valid check digits for a person born in 1854, before any was issued.
ID = "01015450068"


def _named(slug: str) -> Callable[[Workspace], list[Expected]]:
    """An identity number in the file name: the file is named with the number hidden."""
    def write(workspace: Workspace) -> list[Expected]:
        _file(workspace, f"{slug}.md", front(title=MARKER))
        return [Expected(f"applications/2025/{slug.replace(ID, '[fødselsnummer skjult]')}.md", None, "filnavn")]
    return write


def _template(workspace: Workspace) -> list[Expected]:
    """A file from the template, left as it was written: refused on every example value."""
    from grant_portfolio.input.scheme import load_scheme
    from grant_portfolio.pages.templating import new_application_text
    text = new_application_text(load_scheme(workspace.applications / "scheme.yml"))
    path = workspace.write("uferdig.md", raw=text)
    return [Expected(_shown(workspace, path), _line_of(path, "Kari Nordmann"), "contacts[1].name"),
            Expected(_shown(workspace, path), _line_of(path, "Skriv her."), None)]


PERSONAL_CASES = [
    Case("identity number, an entity for a digit", _body("fnr-entitet", f"Pasient {ID[:5]}&#{ord(ID[5])};{ID[6:]}.")),
    Case("identity number split by markup", _body("fnr-markering", f"Pasient {ID[:6]}<span></span>**{ID[6:]}**.")),
    Case("identity number grouped 6-3-2", _body("fnr-gruppert", f"Pasient {ID[:6]} {ID[6:9]} {ID[9:]}.")),
    Case("identity number with dots like a date", _body("fnr-dato", f"Født {ID[:2]}.{ID[2:4]}.{ID[4:6]} {ID[6:]}.")),
    Case("identity number joined by an invisible character", _body("fnr-usynlig", f"Nr. {ID[:6]}\u200b{ID[6:]}.")),
    Case("identity number over a line break", _body("fnr-linjeskift", f"Nr. {ID[:6]}\n{ID[6:]} er med.")),
    Case("identity number in a field", _front("fnr-felt", "summary", summary=f"Gjelder {ID[:6]}  {ID[6:]}.")),
    Case("identity number in the file name", _named(f"kari-{ID}")),
    Case("e-mail with an entity", _body("epost-entitet", "Skriv til kari&#64;example.no.")),
    Case("e-mail in a percent-encoded mailto", _body("epost-mailto", "[Skriv til oss](mailto:kari%40example.no).")),
    Case("bare mobile number", _body("mobil", "Ring 99887766 for mer.")),
    Case("unfinished template", _template),
]

ALL_CASES = FILE_CASES + YAML_CASES + PERSONAL_CASES
