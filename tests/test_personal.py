"""Personal data is not published by mistake, however it is written (issue 21).

- National identity numbers and D-numbers, e-mail addresses and phone numbers are found in an
  application file as a reader reads what is published: behind entities, inline markup, tags,
  comments, invisible characters, backslashes, grouped or split over a line, in the file name,
  in an attachment's name; the message names the file, line and field and never the value.
- Amounts, dates, organisation numbers, tables and separate paragraphs are not mistaken for them,
  in the real applications and in the test portfolios either.
- The output guard (``checks.published``) reads every published page, file and path once more,
  and the build refuses what it finds.

The numbers are made up: identity numbers of people born in 1854, before any number was issued.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import FULL_BODY, ROOT, Workspace, front, write_varied_portfolio
from grant_portfolio.checks import idnumbers
from grant_portfolio.checks.idnumbers import REDACTED, numbers, redact
from grant_portfolio.checks.personal import MAX_FINDINGS, personal_data, personal_data_problems
from grant_portfolio.input.load import parse_application
from grant_portfolio.checks.published import (Allowed, PublishedGuard, allowed_values, path_problems,
                                              published_problems)
from grant_portfolio.checks.validate import validate_applications
from grant_portfolio.problems import InputError
from grant_portfolio.site import build_site

ID_NUMBER = "01015450068"  # born 1 January 1854
D_NUMBER = "41015450051"
A, B = ID_NUMBER[:6], ID_NUMBER[6:]
EMAIL = "kari.nordmann@example.org"
LOCAL = "kari.nordmann"
PHONE = "99887766"

# Every way the number got through before (issue 21).
ID_DISGUISES = {
    "together": ID_NUMBER,
    "space": f"{A} {B}",
    "hyphen": f"{A}-{B}",
    "entity": "&#48;" + ID_NUMBER[1:],
    "hex entity": "&#x30;" + ID_NUMBER[1:],
    "bold": f"{A}**{B}**",
    "empty span": f"{A[:4]}<span></span>{A[4:]}{B}",
    "comment": f"{A}<!-- -->{B}",
    "code": f"`{A}`{B}",
    "6-3-2": f"{A} {B[:3]} {B[3:]}",
    "date and 5": f"{A[:2]}.{A[2:4]}.{A[4:]} {B}",
    "dotted": f"{A[:2]}.{A[2:4]}.{A[4:]}.{B[:3]}.{B[3:]}",
    "two spaces": f"{A}  {B}",
    "line break": f"{A}\n{B}",
    "zero-width space": f"{A}\u200b{B}",
    "zero-width non-joiner": f"{A}\u200c{B}",
    "zero-width joiner": f"{A}\u200d{B}",
    "word joiner": f"{A}\u2060{B}",
    "soft hyphen": f"{A}\u00ad{B}",
    "byte order mark": f"{A}\ufeff{B}",
    "backslash": f"{A}\\{B}",
    "backslash escape": f"{A}\\-{B}",
    "non-breaking space": f"{A}\u00a0{B}",
    "D-number": D_NUMBER,
    "in a link's address": f"<https://example.org/sak/{A}-{B}>",
}
EMAIL_DISGUISES = {
    "plain": EMAIL,
    "entity": f"{LOCAL}&#64;example.org",
    "hex entity": f"{LOCAL}&#x40;example.org",
    "named entity": f"{LOCAL}&commat;example.org",
    "mailto percent-encoded": f"[skriv](mailto:{LOCAL}%40example.org)",
    "mailto": f"[skriv til oss](mailto:{EMAIL})",
    "autolink": f"<{EMAIL}>",
    "bold": f"**{LOCAL}**@example.org",
    "span": f"{LOCAL}<span>@</span>example.org",
    "zero-width space": f"{LOCAL}@example\u200b.org",
    "html link": f'<a href="mailto:{LOCAL}%40example.org">skriv</a>',
}
PHONE_DISGUISES = {
    "bare mobile": PHONE,
    "2-2-2-2": "99 88 77 66",
    "3-2-3": "998 87 766",
    "+47": "+47 99 88 77 66",
    "+47 together": "+4799887766",
    "0047": "0047 99887766",
    "entity": "998&#56;7766",
    "span": "9988<span></span>7766",
    "zero-width space": "9988\u200b7766",
    "after tlf": "tlf. 77775500",
    "after telefon": "telefon 7777 5500",
    "tel link": "[ring oss](tel:%2B4799887766)",
}
HARMLESS = {
    "amount": "Søkt beløp er 3 697 515 kr.",
    "amount with nbsp": "Søkt beløp er 3\u00a0697\u00a0515 kr.",
    "eight-digit amount": "Rammen er 45000000 kr.",
    "amount after kr": "Rammen er kr 45000000.",
    "amount in NOK": "Rammen er NOK 45000000.",
    "amount with ,-": "Rammen er 45000000,-.",
    "amounts in a table row": "| Lønn | 3 697 515 kr | 1 234 567 kr |\n|---|---|---|\n| Sum | 4 932 082 kr | 1 000 000 kr |",
    "organisation number": "Organisasjonsnummer 974 795 361.",
    "dates": "Perioden er 01.01.2025–31.12.2026, fra 2025-03-01.",
    "years": "I 2025, 2026 og 2027.",
    "years in a row": "2025 2026 2027 2028",
    "account number": "konto 1503.12.34567",
    "invalid check digits": "01015450069",
    "twelve digits": "123456789012",
    "table cells": f"| {A} | {B} |\n|---|---|",
    "paragraphs": f"{A}\n\n{B}",
    "list items": f"- {A}\n- {B}",
    "heading and text": f"## Post {A}\n\n{B} kroner",
    "percentages": "Andelen var 45 %, 50 % og 55 %.",
    "a number in a web address": "Se https://www.nrk.no/nyheter/i/41234567/ og [saken](https://example.org/99887766).",
}


def errors_for(workspace, scheme, data=None, body=FULL_BODY, name="2025/personvern.md"):
    """The errors about personal data (other checks may have their say about the same text:
    an autolink, a ``tel:`` link)."""
    workspace.write(name, data if data is not None else front(), body=body)
    return personal_errors(validate_applications(workspace.applications, scheme, workspace.root))


def personal_errors(result):
    words = ("fødselsnummer", "e-postadresse", "telefonnummer")
    return [e for e in result.errors if any(word in e.message for word in words)]


def line_of(workspace, text, name="2025/personvern.md"):
    lines = workspace.applications.joinpath(name).read_text("utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


def assert_hidden(errors, *values):
    for error in errors:
        shown = error.format()
        for value in values:
            assert value not in shown, shown


# The application file: body --------------------------------------------------------------

@pytest.mark.parametrize("written", ID_DISGUISES.values(), ids=ID_DISGUISES.keys())
def test_identity_number_in_the_body_however_written(workspace, scheme, written):
    errors = errors_for(workspace, scheme, body=FULL_BODY + f"\n\nPasienten har nummer {written}.\n")
    assert len(errors) == 1, [e.format() for e in errors]
    [error] = errors
    assert (error.path, error.line, error.field) == (
        "applications/2025/personvern.md", line_of(workspace, "Pasienten"), None)
    assert error.message.startswith("søknadsteksten inneholder et fødselsnummer eller D-nummer")
    assert_hidden(errors, ID_NUMBER, D_NUMBER, A, B, written)


@pytest.mark.parametrize("written", EMAIL_DISGUISES.values(), ids=EMAIL_DISGUISES.keys())
def test_email_address_in_the_body_however_written(workspace, scheme, written):
    errors = errors_for(workspace, scheme, body=FULL_BODY + f"\n\nSpørsmål: {written} (prosjektleder).\n")
    assert len(errors) == 1, [e.format() for e in errors]
    [error] = errors
    assert (error.line, error.field) == (line_of(workspace, "Spørsmål:"), None)
    assert error.message.startswith("søknadsteksten inneholder en e-postadresse; ")
    assert "flytt den til `contacts` (feltet `email`)" in error.message
    assert_hidden(errors, EMAIL, LOCAL)


@pytest.mark.parametrize("written", PHONE_DISGUISES.values(), ids=PHONE_DISGUISES.keys())
def test_phone_number_in_the_body_however_written(workspace, scheme, written):
    errors = errors_for(workspace, scheme, body=FULL_BODY + f"\n\nRing {written} om du lurer.\n")
    assert len(errors) == 1, [e.format() for e in errors]
    [error] = errors
    assert (error.line, error.field) == (line_of(workspace, "om du lurer"), None)
    assert error.message.startswith("søknadsteksten inneholder et telefonnummer; ")
    assert "flytt det til `contacts` (feltet `phone`)" in error.message
    assert_hidden(errors, PHONE, "99 88 77 66", "7777", "5500", written)


def test_a_bare_mobile_number_is_named_as_a_possible_amount(workspace, scheme):
    [error] = errors_for(workspace, scheme, body=FULL_BODY + f"\n\nRammen er {PHONE} for hele perioden.\n")
    assert "er tallet et beløp, skriv «kr» etter det" in error.message


@pytest.mark.parametrize("text", HARMLESS.values(), ids=HARMLESS.keys())
def test_numbers_that_are_none_of_these_pass(workspace, scheme, text):
    assert errors_for(workspace, scheme, body=FULL_BODY + f"\n\n{text}\n") == []


# The application file: front matter, file name, attachments ------------------------------

@pytest.mark.parametrize("written", ID_DISGUISES.values(), ids=ID_DISGUISES.keys())
def test_identity_number_in_a_field_however_written(workspace, scheme, written):
    errors = errors_for(workspace, scheme, front(target_group=f"Pasient {written}"))
    mine = [e for e in errors if "fødselsnummer" in e.message]
    assert len(mine) == 1, [e.format() for e in errors]
    assert (mine[0].line, mine[0].field) == (line_of(workspace, "target_group:"), "target_group")
    assert mine[0].message.startswith("feltet inneholder et fødselsnummer eller D-nummer")
    assert_hidden(errors, ID_NUMBER, D_NUMBER, A, B)


def test_each_field_is_named_with_its_own_line(workspace, scheme):
    data = front(summary="Kort om prosjektet.", owners=["Skjervøy kommune", f"Pasient {A} {B}"],
                 extra={"saksnummer": int(D_NUMBER), "kontakt": f"ring {PHONE}", f"nr {ID_NUMBER}": "x"})
    errors = errors_for(workspace, scheme, data)
    found = sorted((e.field, e.line, e.message.split(" (")[0].split(";")[0]) for e in errors)
    text = workspace.applications.joinpath("2025/personvern.md").read_text("utf-8")
    assert found == sorted([
        ("owners[2]", line_of(workspace, f"{A} {B}"), "feltet inneholder et fødselsnummer eller D-nummer"),
        ("extra.saksnummer", line_of(workspace, "saksnummer:"), "feltet inneholder et fødselsnummer eller D-nummer"),
        ("extra.kontakt", line_of(workspace, "kontakt:"), "feltet inneholder et telefonnummer"),
        (f"extra.nr {REDACTED}", line_of(workspace, f"nr {ID_NUMBER}"), "feltet inneholder et fødselsnummer eller D-nummer"),
    ]), (found, text)


@pytest.mark.parametrize("written", EMAIL_DISGUISES.values(), ids=EMAIL_DISGUISES.keys())
def test_email_address_in_a_field_however_written(workspace, scheme, written):
    errors = errors_for(workspace, scheme, front(summary=f"Spørsmål: {written}."))
    assert [(e.field, e.line) for e in errors] == [("summary", line_of(workspace, "summary:"))], errors
    assert errors[0].message.startswith("feltet inneholder en e-postadresse; ")
    assert_hidden(errors, EMAIL, LOCAL)


@pytest.mark.parametrize("written", PHONE_DISGUISES.values(), ids=PHONE_DISGUISES.keys())
def test_phone_number_in_a_field_however_written(workspace, scheme, written):
    errors = errors_for(workspace, scheme, front(summary=f"Ring {written} om du lurer."))
    assert [(e.field, e.line) for e in errors] == [("summary", line_of(workspace, "summary:"))], errors
    assert errors[0].message.startswith("feltet inneholder et telefonnummer; ")


def test_contacts_own_email_and_phone_pass_only_where_the_schema_puts_them(workspace, scheme):
    contacts = [{"name": "Kari Nordmann", "role": "Prosjektleder", "email": EMAIL, "phone": "+47 99 88 77 66"},
                {"name": "Ola Nordmann", "email": "ola@example.org", "phone": "77 00 00 00"}]
    assert errors_for(workspace, scheme, front(contacts=contacts)) == []
    elsewhere = [{"name": f"Kari Nordmann, {EMAIL}", "role": f"tlf. {PHONE}"}]
    errors = errors_for(workspace, scheme, front(contacts=elsewhere), body=FULL_BODY + f"\n\nKontakt: {EMAIL}\n")
    assert sorted((e.field or "", e.message.split(";")[0]) for e in errors) == [
        ("", "søknadsteksten inneholder en e-postadresse"),
        ("contacts[1].name", "feltet inneholder en e-postadresse"),
        ("contacts[1].role", "feltet inneholder et telefonnummer"),
    ]


def test_an_identity_number_is_an_error_even_in_a_contacts_phone(workspace, scheme):
    errors = errors_for(workspace, scheme, front(contacts=[{"name": "Kari Nordmann", "phone": f"{A} {B}"}]))
    assert [(e.field, e.message.split(" (")[0]) for e in errors if "fødselsnummer" in e.message] == [
        ("contacts[1].phone", "feltet inneholder et fødselsnummer eller D-nummer")]
    assert_hidden(errors, ID_NUMBER, A, B)


def test_an_identity_number_in_a_yaml_comment_is_found_too(workspace, scheme):
    dumped = yaml.safe_dump(front(), allow_unicode=True, sort_keys=False)
    workspace.write("2025/personvern.md", raw=f"---\n{dumped}# pasienten: {A} {B}\n---\n\n{FULL_BODY}\n")
    errors = validate_applications(workspace.applications, scheme, workspace.root).errors
    assert [e.line for e in errors if "fødselsnummer" in e.message] == [line_of(workspace, "# pasienten")]
    assert_hidden(errors, ID_NUMBER, A, B)


@pytest.mark.parametrize("name, kind", [(f"kari-{A}-{B}", "fødselsnummer"), (f"kari-{ID_NUMBER}", "fødselsnummer"),
                                        (f"ring-{PHONE}", "telefonnummer")])
def test_the_file_name_is_searched_and_shown_without_the_number(workspace, scheme, name, kind):
    errors = errors_for(workspace, scheme, name=f"2025/{name}.md")
    mine = [e for e in errors if e.field == "filnavn"]
    assert len(mine) == 1 and kind in mine[0].message and mine[0].message.startswith("filnavnet inneholder")
    assert "gi fila et annet navn" in mine[0].message
    for error in mine:
        assert ID_NUMBER not in error.format() and A not in error.format() and PHONE not in error.format()


def test_an_attachments_name_and_title_are_searched(workspace, scheme):
    name = f"avtale-{A}-{B}.pdf"
    workspace.applications.joinpath("2025").mkdir(parents=True, exist_ok=True)
    workspace.applications.joinpath("2025", name).write_bytes(b"%PDF-1.4\n%%EOF\n")
    errors = errors_for(workspace, scheme, front(attachments=[{"title": f"Avtale for {PHONE}", "file": name}]))
    fields = {(e.field, e.message.split(" (")[0].split(";")[0]) for e in errors
              if "fødselsnummer" in e.message or "telefonnummer" in e.message}
    assert fields == {("attachments[1].file", "feltet inneholder et fødselsnummer eller D-nummer"),
                      ("attachments[1].title", "feltet inneholder et telefonnummer")}, errors
    assert_hidden(errors, ID_NUMBER, A + "-" + B)


def test_redact_hides_grouped_numbers_in_any_message():
    for written in (ID_NUMBER, f"{A}-{B}", f"{A} {B[:3]} {B[3:]}", f"{A[:2]}.{A[2:4]}.{A[4:]} {B}"):
        assert redact(f"ukjent kommune `{written}`") == f"ukjent kommune `{REDACTED}`"
    assert redact("beløpet er 3 697 515 kr") == "beløpet er 3 697 515 kr"


# No false positives on real and test portfolios ------------------------------------------

def test_the_real_applications_pass(scheme):
    result = validate_applications(ROOT / "applications", scheme, ROOT)
    assert personal_errors(result) == []
    assert result.records


def test_the_varied_and_golden_portfolios_pass_and_build(tmp_path, scheme):
    from test_golden import FULL  # the application with every part filled in, contacts too

    workspace = Workspace(tmp_path)
    write_varied_portfolio(workspace)
    workspace.write("2025/samtaler-for-unge.md", FULL, body=FULL_BODY.replace("Tekst.", "Tekst om **samtaler**.", 1))
    assert personal_errors(validate_applications(workspace.applications, scheme, workspace.root)) == []
    content = build_site(workspace.root, "https://example.org/")  # the output guard passes too
    assert "kari.nordmann@example.org" in content.html_pages["soknader/samtaler-for-unge.md"]().html


# The output guard ---------------------------------------------------------------------------

ALLOWED = Allowed(frozenset({EMAIL}), frozenset({"77000000"}))


def kinds(problems):
    return sorted(p.message.split(" (")[0].split(". ")[0] for p in problems)


@pytest.mark.parametrize("html", [
    f"<p>Nummer {A}<strong>{B}</strong></p>",
    f"<p>Nummer {A}<span class=\"x\"></span>{B}</p>",
    f"<p>{A}&shy;{B}</p>", f"<p>{A}&#8203;{B}</p>", f"<p>&#48;{ID_NUMBER[1:]}</p>",
    f"<p>{A}\u200b{B}</p>", f'<p><img alt="{A} {B}" src="x.png"></p>', f'<a href="/sok/?q={A}%20{B}">x</a>',
    f"<p>{A}<br>{B}</p>", f"<p>{A}\n{B}</p>",
], ids=["strong", "span", "shy", "zwsp entity", "digit entity", "zwsp", "alt", "href", "br", "newline"])
def test_the_guard_finds_an_identity_number_in_html(html):
    problems = published_problems("soknader/x/", html, ALLOWED, source="applications/2025/x.md")
    assert kinds(problems) == ["kontrollen av det som skal publiseres, fant et fødselsnummer eller D-nummer"]
    assert problems[0].path == "soknader/x/" and "(fra `applications/2025/x.md`)" in problems[0].message
    assert_hidden(problems, ID_NUMBER, A, B)


@pytest.mark.parametrize("html", [
    f"<table><tr><td>{A}</td><td>{B}</td></tr></table>", f"<p>{A}</p><p>{B}</p>", f"<ul><li>{A}</li><li>{B}</li></ul>",
    '<svg><path d="M 20 30 40 50 60 70 80 90"/><rect x="99" y="88" width="77" height="66"/></svg>',
    "<td>3\u00a0697\u00a0515\u00a0kr</td><td>45\u00a0000\u00a0000\u00a0kr</td>",
    f'<p>Kari Nordmann, <a href="mailto:{EMAIL}">{EMAIL}</a>, tlf. 77 00 00 00</p>',
])
def test_the_guard_passes_what_is_allowed_or_separate(html):
    assert published_problems("soknader/x/", html, ALLOWED) == []


@pytest.mark.parametrize("html, kind", [
    ('<a href="mailto:ola%40example.org">skriv</a>', "e-postadresse"),
    ("<p>ola&#64;example.org</p>", "e-postadresse"),
    ("<p>ola<span>@</span>example.org</p>", "e-postadresse"),
    ("<p>tlf. 99 88 77 66</p>", "telefonnummer"),
    ('<a href="tel:%2B4799887766">ring</a>', "telefonnummer"),
    ("<p>Ring 9988<b></b>7766</p>", "telefonnummer"),
])
def test_the_guard_finds_other_addresses_and_phone_numbers(html, kind):
    [problem] = published_problems("soknader/x/", html, ALLOWED)
    assert kind in problem.message
    assert_hidden([problem], "ola", "99 88", "9988", PHONE)


def test_the_guard_reads_json_with_its_escapes_and_names_the_application():
    sources = {"applications/2025/x.md": "applications/2025/x.md", "soknader/y/": "applications/2025/y.md"}
    data = ('{"applications": [{"source": "applications/2025/x.md", "summary": "pasient ' + A + '\\u200b' + B
            + '", "requested": 45000000},\n {"u": "soknader/y/", "s": "ring ' + PHONE + '"}]}')
    problems = published_problems("data/soknader.json", data.encode(), ALLOWED, sources=sources)
    assert sorted((p.path, p.message.split(" (")[0], p.message.split("fra `")[1].split("`")[0]) for p in problems) == [
        ("data/soknader.json", "kontrollen av det som skal publiseres, fant et fødselsnummer eller D-nummer",
         "applications/2025/x.md"),
        ("data/soknader.json", "kontrollen av det som skal publiseres, fant et telefonnummer som ikke er en kontaktpersons",
         "applications/2025/y.md"),
    ]
    assert published_problems("x.json", b'{"a": [45000000, 99887766], "b": "' + A.encode() + b'\\n' + B.encode() + b'"}',
                              ALLOWED) == []


def test_the_guard_reads_csv_and_xml():
    sources = {"x": "applications/2025/x.md"}
    [problem] = published_problems("data/soknader.csv", "Id;Tekst;Beløp\nx;ring 99887766;45000000\n", ALLOWED,
                                   sources=sources)
    assert "telefonnummer" in problem.message and "applications/2025/x.md" in problem.message
    assert published_problems("data/soknader.csv", "Id;Beløp\nx;45000000\ny;99887766\n", ALLOWED) == []
    xml = f"<feed><entry><content type=\"html\">&lt;p&gt;{A}&lt;b&gt;&lt;/b&gt;{B}&lt;/p&gt;</content></entry></feed>"
    assert "fødselsnummer" in published_problems("feed.xml", xml, ALLOWED)[0].message
    assert published_problems("feed.xml", f"<feed><id>{A}</id><id>{B}</id></feed>", ALLOWED) == []


def test_the_guard_checks_published_paths():
    paths = [("sokeindeks/dok/12.json", None), (f"soknader/kari-{A}-{B}/", "applications/2025/kari.md"),
             ("soknader/2025-03-01/", None), (f"soknader/x/vedlegg-{PHONE}.pdf", None), ("data/soknader.csv", None)]
    problems = path_problems(paths, ALLOWED)
    assert [p.path for p in problems] == [f"soknader/kari-{REDACTED}/", "soknader/x/vedlegg-[telefonnummer skjult].pdf"]
    assert problems[0].message.startswith("nettadressen eller filnavnet inneholder et fødselsnummer eller D-nummer "
                                          "(fra `applications/2025/kari.md`)")
    assert "telefonnummer" in problems[1].message and PHONE not in problems[1].message
    assert_hidden(problems[:1], ID_NUMBER, A)


def test_the_guard_reads_a_file_in_pieces_and_where_they_meet():
    guard = PublishedGuard(ALLOWED)
    text = ("x" * 5000 + f" ola@example.org {A} {B}").encode()
    pieces = [text[:5003], text[5003:5020], text[5020:]]  # the address and the number cut in two
    assert b"".join(guard.file("data/soknader.json", iter(pieces))) == text
    assert sorted(p.message.split(" (")[0].split(" som ikke")[0].split(".")[0] for p in guard.problems) == [
        "kontrollen av det som skal publiseres, fant en e-postadresse",
        "kontrollen av det som skal publiseres, fant et fødselsnummer eller D-nummer"]
    with pytest.raises(InputError):
        guard.raise_found()


def test_a_page_is_checked_when_it_is_rendered():
    guard = PublishedGuard(ALLOWED)
    page = guard.guarded("soknader/x/", lambda: f"<p>{A}<em>{B}</em></p>", lambda html: html, "applications/2025/x.md")
    with pytest.raises(InputError) as raised:
        page()
    assert "applications/2025/x.md" in str(raised.value) and ID_NUMBER not in str(raised.value)
    assert guard.guarded("soknader/y/", lambda: "<p>Tekst</p>", lambda html: html)() == "<p>Tekst</p>"


def test_allowed_values_come_from_contacts_and_the_projects_own_texts(monkeypatch):
    class Contact:
        email, phone = "Kari.Nordmann@Example.org", "+47 77 00 00 00"

    allowed = allowed_values([Contact()], [f"send til post@unn.no eller tlf. 99 88 77 66; eksempel: fnr. {ID_NUMBER}"])
    assert allowed.emails == {"kari.nordmann@example.org", "post@unn.no"}
    assert allowed.phones == {"77000000", PHONE}
    assert allowed.id_numbers == {ID_NUMBER}  # made up: born in 1854
    monkeypatch.setattr("grant_portfolio.checks.published.EXAMPLE_BORN_BEFORE", 1850)
    assert allowed_values([], [f"fnr. {ID_NUMBER}"]).id_numbers == frozenset()


def test_the_build_refuses_personal_data_in_a_hand_written_page(tmp_path):
    workspace = Workspace(tmp_path / "project")
    workspace.write("2025/legevakt.md")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "om.md").write_text(f"# Om\n\nRing {PHONE} eller skriv til ola@example.org.\n", "utf-8")
    with pytest.raises(InputError) as raised:
        build_site(workspace.root, "https://example.org/", docs_dir=docs)
    shown = str(raised.value)
    assert "sokeindeks/" in shown and "telefonnummer" in shown and "e-postadresse" in shown
    assert PHONE not in shown and "ola@" not in shown


# The reader itself ------------------------------------------------------------------------

def test_every_invisible_character_joins_digits():
    invisible = [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"]
    for ch in invisible:
        assert idnumbers._char(ch)[0] == idnumbers.JOIN, hex(ord(ch))
        assert [f.value for f in numbers(f"{A}{ch}{B}")] == [ID_NUMBER], hex(ord(ch))
        long = "tekst " * 200 + f"{A}{ch}{B}"  # long enough for the fast way through
        assert [f.kind for f in personal_data(long)] == ["id"], hex(ord(ch))


def test_the_fast_way_finds_what_the_slow_way_finds():
    texts = [*ID_DISGUISES.values(), *EMAIL_DISGUISES.values(), *PHONE_DISGUISES.values(), *HARMLESS.values()]
    padding = "Litt tekst om prosjektet, med tall som 3 697 515 kr og 2025. " * 12
    for text in texts:
        short = [(f.kind, f.value) for f in personal_data(text)]
        long = [(f.kind, f.value) for f in personal_data(padding + "\n\n" + text + "\n\n" + padding)]
        assert short == long, text


# Bounded on any text ---------------------------------------------------------------------------

@pytest.mark.parametrize("body", ["1 " * 450_000, "1" * 900_000, "a@" * 450_000, "&#48;" * 180_000, "%40" * 300_000,
                                  "*1" * 450_000, "1." * 450_000, "12\n" * 300_000, "&commat;" * 110_000,
                                  "+47 " * 225_000, "1-" * 450_000])
def test_a_text_too_dense_to_read_closely_is_one_problem_found_quickly(body):
    source, _ = parse_application(f"---\ntitle: x\n---\n{body}", Path("applications/2025/x.md"), "applications/2025/x.md")
    started = time.perf_counter()
    problems = personal_data_problems(source)
    assert time.perf_counter() - started < 5  # a safety bound, not a benchmark: about 0.01 s here
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (4, "søknadsteksten har for mange sifre eller @-tegn")]


def test_many_findings_are_counted_after_the_first_fifty():
    body = "Skriv til kari@example.no eller ring 99887766.\n\n" * 300
    source, _ = parse_application(f"---\ntitle: x\n---\n{body}", Path("applications/2025/x.md"), "applications/2025/x.md")
    problems = personal_data_problems(source)
    assert len(problems) == MAX_FINDINGS + 1
    assert problems[-1].message.startswith("søknadsteksten har 550 personopplysninger til")
    assert [p.line for p in problems[:4]] == [4, 4, 6, 6]
