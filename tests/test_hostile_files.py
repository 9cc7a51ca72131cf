"""Files a careless or hostile contributor may put under applications/, and addresses that
would make a reader's browser ask another host: each is an error naming file, line and field,
and nothing of it is published.

- Attachments: only PDF, PNG and JPEG, each checked by its content (a PDF without script,
  launch actions or embedded files, also inside compressed streams); no path that leaves the
  application's folder, no link, no name that needs escaping in an address.
- Nothing under applications/ is left out silently: a file that is neither the scheme, an
  application in a year folder, nor an attachment an application declares is an error.
- Addresses a browser resolves to another host (``/\\host``, ``\\\\host``, tabs inside) are
  refused in ``src`` and are external links in ``href``; relative links that climb out of
  the site are errors in the check.
- Amounts are bounded by ``max_amount`` in the scheme.
"""

from __future__ import annotations

import json
import zlib

import pytest
from conftest import FULL_BODY, front
from grant_portfolio.checks import files as files_module
from grant_portfolio.checks.safety import PAGE_FOLDER_DEPTH, leaves_host, leaves_site, markup_problems
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.input.reference import application_json_schema
from grant_portfolio.pages.pagehtml import text_html
from grant_portfolio.pages.paths import application_page
from grant_portfolio.problems import Severity

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def errors(workspace, scheme):
    result = validate_applications(workspace.applications, scheme, workspace.root)
    return [p for p in result.problems if p.severity is Severity.ERROR]


def with_attachment(workspace, name: str, content: bytes | None, file_field: str | None = None):
    """An application declaring ``file_field`` (default ``name``) and the file ``name`` beside it."""
    path = workspace.write("vedlegg.md", front(attachments=[{"title": "Avtale", "file": file_field or name}]))
    if content is not None:
        target = path.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return path


def attachment_error(workspace, scheme):
    found = errors(workspace, scheme)
    assert len(found) == 1, [p.format() for p in found]
    error = found[0]
    assert error.path == "applications/2025/vedlegg.md"
    assert error.field == "attachments[1].file"
    text = (workspace.applications / "2025" / "vedlegg.md").read_text("utf-8").split("\n")
    assert text[error.line - 1].strip().startswith(("file:", "- file:")), error.format()
    return error


# Attachments -------------------------------------------------------------------------------

@pytest.mark.parametrize("name,content", [
    ("avtale.html", b"<script>alert(1)</script>"),
    ("bilde.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("side.markdown", b"# En side\n\n<script>alert(1)</script>\n"),
    ("program.exe", b"MZ\x90\x00"),
    ("avtale.docx", b"PK\x03\x04"),
    ("uten-endelse", PDF),
])
def test_attachment_types_outside_the_list_are_refused(workspace, scheme, name, content):
    with_attachment(workspace, name, content)
    assert "publiseres ikke; tillatt er .pdf, .png, .jpg og .jpeg" in attachment_error(workspace, scheme).message


@pytest.mark.parametrize("name,content", [
    ("avtale.pdf", b"<html><script>alert(1)</script></html>"),
    ("avtale.pdf", b""),
    ("bilde.png", b"<svg onload=alert(1)>"),
    ("bilde.jpg", PDF),
    ("AVTALE.PDF", b"GIF89a"),
])
def test_an_attachment_must_be_what_its_name_says(workspace, scheme, name, content):
    with_attachment(workspace, name, content)
    assert "men er ikke en" in attachment_error(workspace, scheme).message


@pytest.mark.parametrize("active", [
    b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
    b"/AA << /O << /S /JS >> >>",
    b"/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>",  # a name with a hex escape
    b"/OpenAction << /S /Launch /F (calc.exe) >>",
    b"/Names << /EmbeddedFiles 3 0 R >>",
])
def test_a_pdf_with_script_launch_or_embedded_files_is_refused(workspace, scheme, active):
    with_attachment(workspace, "avtale.pdf", PDF.replace(b"/Pages 2 0 R", b"/Pages 2 0 R " + active))
    assert "skript" in attachment_error(workspace, scheme).message


def test_script_hidden_in_a_compressed_object_stream_is_found(workspace, scheme):
    hidden = zlib.compress(b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")
    pdf = PDF + b"5 0 obj << /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        len(hidden), hidden)
    with_attachment(workspace, "avtale.pdf", pdf)
    assert "skript" in attachment_error(workspace, scheme).message


@pytest.mark.parametrize("name,content", [("avtale.pdf", PDF), ("kart.png", b"\x89PNG\r\n\x1a\n" + bytes(20)),
                                          ("foto.jpeg", b"\xff\xd8\xff\xe0" + bytes(20)),
                                          ("vedlegg/avtale-2.pdf", PDF)])
def test_allowed_attachments_pass(workspace, scheme, name, content):
    with_attachment(workspace, name, content)
    assert errors(workspace, scheme) == []


@pytest.mark.parametrize("file_field", ["../avtale.pdf", "../../scheme.yml", "/etc/passwd", "vedlegg\\avtale.pdf",
                                        "vedlegg/../../avtale.pdf", "Signert avtale.pdf", "avtale æøå.pdf",
                                        "avtale.pdf?x=1"])
def test_attachment_paths_that_leave_the_folder_or_need_escaping_are_refused(workspace, scheme, file_field):
    (workspace.applications / "avtale.pdf").write_bytes(PDF)
    with_attachment(workspace, "avtale.pdf", PDF, file_field=file_field)
    found = [p for p in errors(workspace, scheme) if p.field]
    assert [p.field for p in found] == ["attachments[1].file"], [p.format() for p in found]


def test_an_attachment_that_is_a_link_is_refused(workspace, scheme, tmp_path):
    secret = tmp_path / "hemmelig.pdf"
    secret.write_bytes(PDF)
    path = with_attachment(workspace, "avtale.pdf", None)
    (path.parent / "avtale.pdf").symlink_to(secret)
    found = errors(workspace, scheme)
    assert {p.field for p in found} == {"attachments[1].file", None}  # the link itself is named too
    assert all("lenke" in p.message for p in found)


def test_a_missing_attachment_is_named(workspace, scheme):
    with_attachment(workspace, "avtale.pdf", None)
    assert "finner ikke vedlegget «avtale.pdf»" in attachment_error(workspace, scheme).message


# Nothing under applications/ is left out silently -----------------------------------------

@pytest.mark.parametrize("stray,expected", [
    ("2025/notat.markdown", "undermappe"),  # an application with the wrong ending: named, not dropped
    ("2025/kladd.txt", "verken en søknad eller et vedlegg"),
    ("2025/.DS_Store", "verken en søknad eller et vedlegg"),
    ("2025/bilde.svg", "verken en søknad eller et vedlegg"),
    ("README.md", "rett under applications/ ligger bare scheme.yml"),
    ("gammel.md", "rett under applications/ ligger bare scheme.yml"),
    ("1999/gammel-soknad.md", "som ikke er året for noen søknadsrunde"),
    ("utkast/soknad.md", "som ikke er året for noen søknadsrunde"),
    ("2025/a/b/dypt.md", "undermappe"),
    ("2025/undermappe/soknad.md", "undermappe"),
])
def test_every_other_file_under_applications_is_an_error_naming_it(workspace, scheme, stray, expected):
    workspace.write("gyldig.md")
    target = workspace.applications / stray
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    found = errors(workspace, scheme)
    assert {p.path for p in found} == {f"applications/{stray}"}, [p.format() for p in found]
    assert [p for p in found if expected in p.message and p.line is None]


def test_a_declared_attachment_is_not_a_stray_file_even_when_its_application_has_other_errors(workspace, scheme):
    with_attachment(workspace, "avtale.pdf", PDF)
    text = (workspace.applications / "2025" / "vedlegg.md").read_text("utf-8")
    (workspace.applications / "2025" / "vedlegg.md").write_text(text.replace("status: submitted", "status: x"), "utf-8")
    assert [p.field for p in errors(workspace, scheme)] == ["status"]


def test_links_under_applications_are_errors(workspace, scheme, tmp_path):
    workspace.write("gyldig.md")
    (tmp_path / "ute").mkdir()
    (workspace.applications / "2025" / "lenke.md").symlink_to(workspace.applications / "2025" / "gyldig.md")
    (workspace.applications / "2025" / "mappe").symlink_to(tmp_path / "ute")
    found = errors(workspace, scheme)
    assert sorted(p.path for p in found) == ["applications/2025/lenke.md", "applications/2025/mappe"]
    assert all("lenke" in p.message for p in found)


def test_a_file_given_on_its_own_is_placed_as_in_the_tree(workspace, scheme):
    path = workspace.write("1999/gammel.md")
    result = validate_applications(workspace.applications, scheme, workspace.root, paths=[path])
    assert ["som ikke er året for noen søknadsrunde" in p.message for p in result.errors] == [True]
    result = validate_applications(workspace.applications, scheme, workspace.root, paths=[],
                                   texts={workspace.applications / "soknad.md": path.read_text("utf-8")})
    assert ["ligger i mappa for året" in p.message for p in result.errors] == [True]


# Addresses ---------------------------------------------------------------------------------

@pytest.mark.parametrize("address", ["/\\evil.example/x.png", "\\\\evil.example/x.png", "\\/evil.example/x.png",
                                     "/\t/evil.example/x.png", "/\n/evil.example/x.png", "//evil.example/x.png",
                                     " //evil.example/x.png", "HTTPS://evil.example/x.png", "ht\ttps://evil.example/x"])
def test_addresses_a_browser_sends_to_another_host_are_refused_in_src(address):
    assert leaves_host(address)
    assert [p.message[:30] for p in markup_problems(f'<img src="{address}" alt="x">', 7)] == [
        "bilder må ligge i prosjektet, "]
    assert [p.line for p in markup_problems(f'Tekst\n\n![x](<{address}>)', 7)] in ([9], [])


@pytest.mark.parametrize("address", ["bilde.png", "../budsjett/", "./x/y.pdf", "/soknader/", "#del", "?q=1",
                                     "vedlegg/avtale.pdf"])
def test_addresses_on_the_site_stay(address):
    assert not leaves_host(address)
    assert not leaves_site(address)


def test_external_links_in_any_form_are_left_as_written_and_not_checked_as_pages():
    html, targets = text_html('<a href="/\\evil.example/">a</a> <a href="\\\\evil.example/">b</a>', "soknader/x.md")
    assert targets == ()
    assert 'href="/\\evil.example/"' in html and 'href="\\\\evil.example/"' in html
    # In Markdown, cmark writes the backslash as %5C: an address on the site, which a browser keeps there.
    assert 'href="/%5Cevil.example/"' in text_html("[a](/\\evil.example/)", "soknader/x.md")[0]


@pytest.mark.parametrize("address", ["../../../etc/passwd", "../../x.pdf", "%2e%2e/%2e%2e/x", "../..\\..\\x",
                                     "vedlegg/../../../x"])
def test_links_that_leave_the_site_are_errors_in_the_check(workspace, scheme, address):
    body = FULL_BODY.replace("Tekst.", f"Tekst.\n\nSe [dette]({address}).", 1)
    path = workspace.write("ut.md", front(), body=body)
    found = errors(workspace, scheme)
    line = path.read_text("utf-8").split("\n").index(f"Se [dette]({address}).") + 1
    assert [(p.path, p.line) for p in found] == [("applications/2025/ut.md", line)]
    assert "peker ut av nettstedets mapper" in found[0].message


def test_the_depth_the_check_assumes_is_where_application_pages_are():
    assert application_page("x").count("/") == PAGE_FOLDER_DEPTH


# Amounts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("field,budget", [
    ("budget.requested", {"requested": 10**30}),
    ("budget.requested", {"requested": 100_000_001}),
    ("budget.lines[1].amount", {"requested": 100, "lines": [{"text": "Lønn", "amount": 10**20}]}),
])
def test_amounts_are_bounded_by_the_scheme(workspace, scheme, field, budget):
    workspace.write("stor.md", front(budget=budget))
    found = [p for p in errors(workspace, scheme) if p.field == field]
    assert found and "større enn ordningen tillater (100 000 000 kr" in found[0].message.replace("\u00a0", " ")


def test_the_json_schema_for_editors_has_the_maximum(scheme):
    schema = json.dumps(application_json_schema(scheme))
    assert schema.count('"maximum": 100000000') == 5  # requested, granted, lines, own contributions, rate


def test_attachment_size_is_bounded(workspace, scheme, monkeypatch):
    monkeypatch.setattr(files_module, "MAX_ATTACHMENT_BYTES", 10)
    with_attachment(workspace, "avtale.pdf", PDF)
    assert "for stort" in attachment_error(workspace, scheme).message

