"""YAML that cannot hurt (issue 21): whatever a file holds, reading it ends quickly, raises
nothing, and every problem is a Norwegian message with the file, the line and, inside a value,
the field. Found by attacking the project: alias bombs, deep nesting, huge integers, impossible
dates, control characters, keys that are not text, tags and English parser messages."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from grant_portfolio.input import yamlsource
from grant_portfolio.input.load import MAX_FILE_SIZE, parse_application, read_application
from grant_portfolio.input.yamlsource import YamlSyntaxError, parse_yaml

PATH = Path("applications/2025/x.md")
SHOWN = "applications/2025/x.md"
START = "title: Felles legevakt\nround: 2025-1\n"  # lines 2 and 3 of the file

ANCHORS = ("ankre og alias (& og *) er ikke tillatt; skriv verdien ut der den trengs, "
           "eller sett teksten i anførselstegn hvis den skal begynne med & eller *")
MERGE = ("sammenslåing med << er ikke tillatt; skriv feltene ut der de trengs, "
         "eller sett teksten i anførselstegn hvis den skal være «<<»")
DEPTH = "for mange nivåer inni hverandre (mer enn 20); sjekk innrykket og at hver [ og { har sin ] og }"
BIG_NUMBER = "tallet er for stort (mer enn 40 sifre); sjekk at det er skrevet riktig"
CONTROL = ("fila inneholder et usynlig kontrolltegn (U+{code}) som tegn nr. {column} på linja; "
           "fjern det (slike tegn følger ofte med tekst som er limt inn fra andre programmer)")
# Words of PyYAML's messages: none may reach a contributor.
ENGLISH = re.compile(r"\b(found|expected|while|could|allowed|mapping|sequence|scalar|token|character|"
                     r"document|stream|indentation|escape|constructor|unhashable|undefined|block|flow|"
                     r"duplicate|handle|directive|node|key|anchor|unexpected|unknown|tag|not|the|but|of|in)\b")


def problems_for(front: str, body: str = "Tekst.\n") -> list[str]:
    """The problems of an application file with this front matter (from line 2) and body."""
    _, problems = parse_application(f"---\n{front}---\n\n{body}", PATH, SHOWN)
    return [problem.format() for problem in problems]


def timed(function, *args, limit: float = 2.0):
    """Call and return; a safety check, not a benchmark, so the bound is generous."""
    start = time.perf_counter()
    result = function(*args)
    assert time.perf_counter() - start < limit, f"took {time.perf_counter() - start:.2f} s"
    return result


@pytest.fixture(params=["libyaml", "pure-python"])
def either_parser(request, monkeypatch):
    """The refusals are the same whichever parser reads the text."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsource, "_FAST_LOADER", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:  # pragma: no cover - PyYAML's wheels bundle libyaml
        pytest.skip("libyaml is not installed")


# 1. Limits before parsing ----------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "stor.md"
    with path.open("wb") as file:
        file.truncate(50_000_000)  # sparse: 50 MB of NUL that would take long to read and parse
    source, problems = timed(read_application, path, "applications/2025/stor.md")
    assert [p.format() for p in problems] == [
        "applications/2025/stor.md: fila er for stor (50 MB); høyst 1 MB er tillatt for en søknadsfil"]
    assert source.doc is None and source.body == ""


def test_a_file_just_within_the_limit_is_read(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: X\n---\n\n" + b"\xc3\xb8" * ((MAX_FILE_SIZE - 20) // 2))
    assert read_application(path, SHOWN)[1] == []
    path.write_bytes(path.read_bytes() + b"\xc3\xb8" * 20)
    assert [p.format() for p in read_application(path, SHOWN)[1]] == [
        f"{SHOWN}: fila er for stor (1,1 MB); høyst 1 MB er tillatt for en søknadsfil"]


def test_text_over_the_size_limit_is_refused_counted_in_bytes():
    text = "---\ntitle: X\n---\n\n" + "ø" * 600_000  # 600 000 characters, 1,2 MB in UTF-8
    source, problems = timed(parse_application, text, PATH, SHOWN)
    assert [p.format() for p in problems] == [
        f"{SHOWN}: fila er for stor (1,3 MB); høyst 1 MB er tillatt for en søknadsfil"]
    assert source.body == ""


def test_yaml_text_over_the_size_limit_is_refused():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: " + "x" * 1_000_000)
    assert (caught.value.line, str(caught.value)) == (None, "fila er for stor (1,1 MB); høyst 1 MB er tillatt")


def test_fifty_thousand_nested_flow_mappings_are_refused_quickly(either_parser):
    # This crashed libyaml's composer (a segmentation fault) before.
    problems = timed(problems_for, START + "a: " + "{a: " * 50_000 + "\n")
    assert problems == [f"{SHOWN}:4: a: {DEPTH}"]


def test_a_million_nested_lists_are_refused_quickly(either_parser):
    with pytest.raises(YamlSyntaxError) as caught:
        timed(parse_yaml, "[" * 1_000_000)
    assert (caught.value.line, caught.value.field, str(caught.value)) == (1, "[1]", DEPTH)


def test_deep_nesting_by_indentation_is_refused(either_parser):
    front = "".join("  " * level + "a:\n" for level in range(300))
    # The 21st mapping inside another begins on the 21st line of the front matter.
    assert timed(problems_for, front) == [f"{SHOWN}:22: a: {DEPTH}"]


def test_deep_nesting_of_dashes_on_one_line_is_refused(either_parser):
    assert timed(problems_for, START + "owners: " + "- " * 5000 + "x\n") == [
        f"{SHOWN}:4: ugyldig YAML: en listestrek (-) står på et uventet sted; "
        "sjekk innrykket, eller sett teksten i anførselstegn"]
    assert timed(problems_for, START + "owners:\n" + "- " * 5000 + "x\n") == [f"{SHOWN}:5: owners: {DEPTH}"]


def test_twenty_levels_are_allowed_and_twenty_one_are_not():
    assert parse_yaml("[" * 20 + "]" * 20).data == eval("[" * 20 + "]" * 20)
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("[" * 21 + "]" * 21)
    assert str(caught.value) == DEPTH


def test_an_invalid_large_file_is_described_quickly():
    # Re-parsing a third of a megabyte with the pure-Python parser for its message took seconds.
    front = "  - [a, {b: c}, 'd']\n" * 15_000
    problems = timed(problems_for, "owners:\n" + front + "x:\n\ty: 1\n")
    assert problems == [f"{SHOWN}:15004: ugyldig YAML: tabulator er ikke lov i YAML; bruk mellomrom"]


# 2. Anchors and aliases ------------------------------------------------------------------------

BOMB = "".join(
    f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}" if level else "lol"] * 10) + "]\n"
    for level in range(10)
)


def test_an_alias_bomb_is_refused_in_milliseconds(either_parser):
    # Nine levels of ten aliases ran for minutes and took 9 GB.
    assert timed(problems_for, START + BOMB, limit=0.5) == [f"{SHOWN}:4: l0: {ANCHORS}"]


def test_an_alias_in_a_list_is_refused(either_parser):
    assert problems_for(START + "owners:\n  - UNN\n  - *eier\n") == [f"{SHOWN}:6: owners[2]: {ANCHORS}"]


def test_an_anchor_without_an_alias_is_refused(either_parser):
    assert problems_for(START + "summary: &s Et sammendrag\n") == [f"{SHOWN}:4: summary: {ANCHORS}"]


def test_an_anchor_on_a_list_and_an_alias_as_a_key_are_refused(either_parser):
    assert problems_for(START + "owners: &o [UNN]\n") == [f"{SHOWN}:4: owners: {ANCHORS}"]
    assert problems_for(START + "budget:\n  *k : 1\n") == [f"{SHOWN}:5: budget: {ANCHORS}"]


def test_a_merge_key_is_refused(either_parser):
    assert problems_for(START + "budget:\n  <<: {requested: 1}\n") == [f"{SHOWN}:5: budget: {MERGE}"]
    assert problems_for(START + "summary: <<\n") == [f"{SHOWN}:4: summary: {MERGE}"]


def test_text_beginning_with_a_star_is_explained():
    assert problems_for(START + "summary: *viktig* prosjekt\n") == [
        f"{SHOWN}:4: ugyldig YAML: * har en egen betydning i YAML; "
        "sett teksten i anførselstegn hvis den skal begynne med *"]


# 3. Tags ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "written"), [
    ("!foo x", "!foo"),
    ("!!str 1", "!!str"),
    ("!!binary aGVp", "!!binary"),
    ("! x", "!"),
    ("!<tag:example.com,2025:x> y", "tag:example.com,2025:x"),
])
def test_tags_are_refused(either_parser, value, written):
    assert problems_for(START + f"summary: {value}\n") == [
        f"{SHOWN}:4: summary: YAML-merkelappen «{written}» er ikke tillatt; fjern den, "
        "eller sett teksten i anførselstegn hvis den skal begynne med !"]


def test_a_python_tag_is_refused_and_nothing_runs(either_parser, tmp_path):
    marker = tmp_path / "kjørt"
    front = START + f"budget: !!python/object/apply:os.system ['touch {marker}']\n"
    assert problems_for(front) == [
        f"{SHOWN}:4: budget: YAML-merkelappen «!!python/object/apply:os.system» er ikke tillatt; fjern den, "
        "eller sett teksten i anførselstegn hvis den skal begynne med !"]
    assert not marker.exists()


def test_a_tag_on_a_key_is_refused(either_parser):
    assert problems_for(START + "!!str title2: x\n") == [
        f"{SHOWN}:4: YAML-merkelappen «!!str» er ikke tillatt på et feltnavn; fjern den"]


# 4. Integers -----------------------------------------------------------------------------------

def test_a_five_thousand_digit_integer_names_line_and_field(either_parser):
    front = START + "budget:\n  lines:\n    - amount: 1\n    - amount: " + "9" * 5000 + "\n"
    assert problems_for(front) == [f"{SHOWN}:7: budget.lines[2].amount: {BIG_NUMBER}"]


@pytest.mark.parametrize("number", ["0x" + "f" * 5000, "-1" + "_000" * 14, "0b" + "1" * 64,
                                    "1:" * 25 + "1", "0" + "7" * 50, "9" * 41])
def test_other_huge_integers_are_refused(either_parser, number):
    assert problems_for(START + f"budget:\n  requested: {number}\n") == [
        f"{SHOWN}:5: budget.requested: {BIG_NUMBER}"]


def test_forty_digits_are_read_and_a_huge_float_does_not_crash(either_parser):
    # Amounts over the scheme's maximum but under 41 digits are left to the schema, whose
    # message names the maximum.
    text = f"a: {10**40 - 1}\nb: 1.0e+400\nc: -.inf\nd: .nan\ne: 1" + "0" * 5000 + ".5\nf: -1_000_000\n"
    data = parse_yaml(text).data
    assert data["a"] == 10**40 - 1 and data["f"] == -1_000_000
    assert data["b"] == data["e"] == float("inf") and data["c"] == float("-inf") and data["d"] != data["d"]
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(f"a: {10**40}\n")
    assert str(caught.value) == BIG_NUMBER


def test_a_value_that_cannot_be_built_names_line_and_field(either_parser):
    assert problems_for(START + "budget:\n  requested: 0x_\n") == [
        f"{SHOWN}:5: budget.requested: verdien «0x_» kan ikke leses; sett den i anførselstegn hvis den skal være tekst"]
    assert problems_for(START + "summary: =\n") == [
        f"{SHOWN}:4: summary: verdien «=» kan ikke leses; sett den i anførselstegn hvis den skal være tekst"]


# 5. Impossible dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["2025-02-30", "2025-13-01", "2025-02-29", "2025-04-31", "2025-00-10"])
def test_an_impossible_date_names_line_and_field(either_parser, date):
    assert problems_for(START + f"period:\n  start: 2025-01-01\n  end: {date}\n") == [
        f"{SHOWN}:6: period.end: datoen {date} finnes ikke; sjekk måned og dag (ÅÅÅÅ-MM-DD)"]


def test_a_leap_day_is_a_date_and_an_impossible_time_is_reported(either_parser):
    import datetime as dt

    assert parse_yaml("a: 2024-02-29\n").data == {"a": dt.date(2024, 2, 29)}
    assert problems_for(START + "decision:\n  - date: 2025-02-29 10:00:00\n") == [
        f"{SHOWN}:5: decision[1].date: datoen 2025-02-29 finnes ikke; sjekk måned og dag (ÅÅÅÅ-MM-DD)"]
    assert problems_for(START + "summary: 2025-03-01 25:00:00\n") == [
        f"{SHOWN}:4: summary: tidspunktet «2025-03-01 25:00:00» finnes ikke; sjekk timer, minutter og tidssone"]


# 6. Keys that are not text ---------------------------------------------------------------------

@pytest.mark.parametrize(("key", "kind"), [
    ("1", "et tall"),
    ("1.5", "et tall"),
    ("no", "en sannhetsverdi (ja/nei)"),
    ("Yes", "en sannhetsverdi (ja/nei)"),
    ("off", "en sannhetsverdi (ja/nei)"),
    ("null", "en tom verdi (null)"),
    ("~", "en tom verdi (null)"),
    ("2025-01-01", "en dato"),
])
def test_a_key_that_is_not_text_is_named_as_written_on_its_line(either_parser, key, kind):
    assert problems_for(START + f"{key}: x\n") == [
        f'{SHOWN}:4: feltnavnet «{key}» må være tekst, men leses som {kind}; sett det i anførselstegn: "{key}":']


def test_a_key_that_is_not_text_inside_a_field_names_the_field(either_parser):
    assert problems_for(START + "budget:\n  requested: 1\n  no: x\n") == [
        f'{SHOWN}:6: budget: feltnavnet «no» må være tekst, men leses som en sannhetsverdi (ja/nei); '
        'sett det i anførselstegn: "no":']
    assert parse_yaml('"no": x\n"1": y\n').data == {"no": "x", "1": "y"}


def test_a_list_or_a_mapping_as_a_key_is_refused(either_parser):
    assert problems_for(START + "[a]: b\n") == [
        f"{SHOWN}:4: feltnavnet må være tekst, men her står en liste som feltnavn"]
    assert problems_for(START + "? {a: 1}\n: x\n") == [
        f"{SHOWN}:4: feltnavnet må være tekst, men her står en gruppe med underfelt som feltnavn"]
    assert problems_for(START + "?\n: x\n") == [f"{SHOWN}:4: feltnavnet mangler foran kolon (:)"]


# 7. Control characters -------------------------------------------------------------------------

def test_nul_in_the_front_matter_names_its_line_and_the_front_matter_is_not_parsed():
    source, problems = parse_application(f"---\n{START}summary: Et\x00 sammendrag\n---\n\nTekst.\n", PATH, SHOWN)
    assert [p.format() for p in problems] == [f"{SHOWN}:4: " + CONTROL.format(code="0000", column=12)]
    assert source.doc is None


def test_nul_in_the_body_names_its_line_and_the_front_matter_is_still_read():
    source, problems = parse_application(f"---\n{START}---\n\nTekst.\nMer\x00 tekst.\n", PATH, SHOWN)
    assert [p.format() for p in problems] == [f"{SHOWN}:7: " + CONTROL.format(code="0000", column=4)]
    assert source.doc is not None and source.doc.data["round"] == "2025-1"


def test_one_problem_per_line_and_every_line_with_such_characters():
    body = "A\x00\x00\x01\nB\nC\x1b[31m\n\x7f\nTab\tog vanlig tekst er greit.\n"
    assert problems_for(START, body) == [
        f"{SHOWN}:6: " + CONTROL.format(code="0000", column=2),
        f"{SHOWN}:8: " + CONTROL.format(code="001B", column=2),
        f"{SHOWN}:9: " + CONTROL.format(code="007F", column=1),
    ]


def test_lines_are_counted_as_an_editor_counts_them():
    # Old Mac (\r) and Windows (\r\n) line breaks; a byte order mark.
    text = "\ufeff---\r\ntitle: X\rround: 2025-1\r\n---\r\rTekst.\r\x0c\r"
    assert [p.format() for p in parse_application(text, PATH, SHOWN)[1]] == [
        f"{SHOWN}:7: " + CONTROL.format(code="000C", column=1)]


@pytest.mark.parametrize(("char", "message"), [
    ("\x85", CONTROL.replace("{code}", "0085")),
    ("\ufffe", "fila inneholder et ugyldig tegn (U+FFFE) som tegn nr. {column} på linja; fjern det"),
    ("\ud800", "fila inneholder et ugyldig tegn (U+D800) som tegn nr. {column} på linja; fjern det"),
])
def test_other_characters_no_file_may_hold(char, message):
    assert problems_for(START + f"summary: Et{char} sammendrag\n") == [f"{SHOWN}:4: {message.format(column=12)}"]
    assert problems_for(START, f"Tekst.\nEt{char} i teksten\n") == [f"{SHOWN}:7: {message.format(column=3)}"]


def test_exactly_the_characters_no_file_may_hold_are_found():
    import unicodedata

    def forbidden(char: str) -> bool:
        return (unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n\r") or char in "\ufffe\uffff"

    wrong = [hex(code) for code in [*range(0x10000), 0x1F600, 0x10FFFF]
             if bool(yamlsource.character_problems("ab" + chr(code) + "cd")) != forbidden(chr(code))]
    assert wrong == []


def test_a_file_full_of_control_characters_is_reported_quickly_and_briefly():
    problems = timed(problems_for, START, "Tekst.\n" + "\x00\x01\n" * 300_000)
    assert problems == [f"{SHOWN}:{line}: " + CONTROL.format(code="0000", column=1) for line in range(7, 27)] + [
        f"{SHOWN}:27: fila inneholder usynlige kontrolltegn eller ugyldige tegn også på denne linja, "
        "og kanskje på flere linjer etter den; fjern dem"]
    assert timed(problems_for, START, "\x00" * 900_000) == [f"{SHOWN}:6: " + CONTROL.format(code="0000", column=1)]


def test_a_unicode_line_separator_is_refused_in_yaml_only():
    # YAML ends a line there and an editor does not: the lines of every later key would be wrong.
    assert problems_for(START + "summary: Et\u2028sammendrag\n") == [
        f"{SHOWN}:4: fila inneholder et usynlig linjeskift (U+2028) som tegn nr. 12 på linja; "
        "bytt det ut med et vanlig linjeskift eller et mellomrom"]
    assert problems_for(START, "Tekst\u2028med linjeskift.\n") == []


def test_a_control_character_in_a_yaml_file_names_its_line():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: 1\nb: x\x00\n", first_line=1)
    assert (caught.value.line, str(caught.value)) == (2, CONTROL.format(code="0000", column=5))


def test_a_file_that_is_not_utf8_names_the_first_line_that_is_not(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes("---\ntitle: Tromsø\n---\n".encode("latin-1"))
    assert [p.format() for p in read_application(path, SHOWN)[1]] == [
        f"{SHOWN}:2: fila er ikke lagret som UTF-8; lagre den på nytt med UTF-8-koding"]


def test_a_file_that_cannot_be_read_is_explained_in_norwegian(tmp_path):
    assert [p.format() for p in read_application(tmp_path / "borte.md", SHOWN)[1]] == [
        f"{SHOWN}: kan ikke lese fila (den finnes ikke)"]
    assert [p.format() for p in read_application(tmp_path, SHOWN)[1]] == [
        f"{SHOWN}: kan ikke lese fila (det er en mappe)"]


# 8. Every parser message in Norwegian ----------------------------------------------------------

INVALID = {
    "summary: Forprosjekt: Utredning\n": (4, "kolon (:) på et uventet sted; sett teksten i anførselstegn "
                                             "hvis den inneholder kolon"),
    "summary\nstatus: x\n": (4, "mangler kolon (:) etter feltnavnet"),
    "budget:\n\trequested: 1\n": (5, "tabulator er ikke lov i YAML; bruk mellomrom"),
    "summary: `kode`\n": (4, "tegnet «`» kan ikke stå først i en verdi; sett teksten i anførselstegn"),
    "summary: @navn\n": (4, "tegnet «@» kan ikke stå først i en verdi; sett teksten i anførselstegn"),
    "summary: a\n- b\n": (5, "en listestrek (-) står på et uventet sted; sjekk innrykket"),
    "summary: & x\n": (4, "& har en egen betydning i YAML; sett teksten i anførselstegn hvis den skal begynne med &"),
    "summary: !<x\n": (4, "! har en egen betydning i YAML; sett teksten i anførselstegn hvis den skal begynne med !"),
    "summary: !x!y z\n": (4, "! har en egen betydning i YAML; sett teksten i anførselstegn hvis den skal begynne med !"),
    "summary: |0\n  x\n": (4, "etter | eller > kan det stå et tall fra 1 til 9, men ikke 0"),
    "summary: |x\n  x\n": (4, "etter | eller > kan det bare stå + , - eller et tall fra 1 til 9; "
                              "flytt teksten til linja under"),
    "summary: | tekst\n": (4, "teksten etter | eller > må begynne på linja under, med innrykk"),
    'summary: "a\\qb"\n': (4, "ugyldig skrivetegn etter \\ i tekst i doble anførselstegn"),
    'summary: "a\\x4"\n': (4, "etter \\x, \\u eller \\U i tekst i doble anførselstegn må det stå en tegnkode "
                              "med sifre og a–f; skriv \\\\ for en vanlig omvendt skråstrek"),
    "summary: 'uten slutt\nstatus: x\n": (4, "anførselstegnet på linje 4 blir aldri avsluttet; "
                                             "legg til det avsluttende anførselstegnet"),
    "budget:\n  requested: 1\n lines: 2\n": (6, "innrykket stemmer ikke; sjekk mellomrommene foran feltene"),
    "owners: [a, b\nstatus: x\n": (5, "lista som begynner på linje 4, mangler komma eller en avsluttende ]"),
    "budget: {requested: 1\nstatus: x\n": (5, "gruppen som begynner på linje 4, mangler komma eller "
                                              "en avsluttende }"),
    "owners: [a, , b]\n": (4, "mangler en verdi her; sjekk kommaene og klammene"),
    "owners: [a]]\n": (4, "en ] står uten en [ foran; fjern den eller legg til ["),
    "budget: {a: 1}}\n": (4, "en } står uten en { foran; fjern den eller legg til {"),
    'summary: "Hei" sa han\n': (4, "uventet tekst; sjekk innrykket, og sett hele verdien i anførselstegn "
                                   "hvis den inneholder anførselstegn"),
    ": x\n": (4, "kolon (:) uten feltnavn foran"),
    "- a\nb: c\n": (4, "en listestrek (-) står på et uventet sted; sjekk innrykket"),
    "owners:\n  - a\n  b: c\n": (6, "innrykket stemmer ikke; sjekk mellomrommene foran feltene"),
}


def test_parser_messages_are_norwegian_with_the_line():
    wrong = {}
    for front, (line, message) in INVALID.items():
        expected = [f"{SHOWN}:{line}: ugyldig YAML: {message}"]
        if (found := problems_for(START + front)) != expected:
            wrong[front] = found
    assert wrong == {}


@pytest.mark.parametrize("text", [
    "%YAML 2.0\n---\na: 1\n", "%TAG ! x\n%TAG ! y\n---\na: 1\n", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "%FOO ba\x01r\n", "a: 1\n...\nb: 2\n", "a: 1\n---\nb: 2\n", 'a: "x\n---\ny"\n', "a: [x, y\n",
    "a: !<%zz> x\n", "%YAML x\n---\n", "&x\n", "*\n",
])
def test_yaml_files_get_norwegian_messages_with_a_line(text):
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)
    assert caught.value.line is not None
    assert not ENGLISH.search(str(caught.value)), str(caught.value)


def test_every_translation_and_the_fallback_are_norwegian():
    for _context, _problem, message in yamlsource._YAML_PROBLEMS:
        shown = message.format(context_line=3, found=" «x»")
        assert not ENGLISH.search(shown), shown
    mark = yaml.Mark("x", 0, 4, 0, None, None)
    unknown = yaml.MarkedYAMLError("while reading something new", mark, "found a problem never seen", mark)
    assert yamlsource._describe_yaml_error(unknown, "", 1) == (
        6, "ugyldig YAML her; sjekk innrykk, kolon og anførselstegn på linja")


# 9. Nothing escapes ----------------------------------------------------------------------------

MUTATIONS = [":", "- ", "[", "]", "{", "}", "&a ", "*a", "!x ", "'", '"', "\t", "\x00", "#", "|", ">",
             "%", "@", "`", "? ", ",", "\n", "  ", "\\", "<<: ", "9" * 30, "2025-02-30", "no: ", "\u2028"]


def test_mutated_real_front_matter_never_raises_and_always_explains_itself(monkeypatch):
    """Random edits of a real application: no exception, every message Norwegian with a line,
    and libyaml and the pure-Python parser agree."""
    text = (ROOT / "applications" / "2025" / "drop-in-samtalebehandling.md").read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    rng = random.Random(21)
    for _ in range(300):
        mutated = front
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(4, len(mutated))
            cut = rng.choice([0, 0, 1])
            mutated = mutated[:at] + rng.choice(MUTATIONS) + mutated[at + cut:]
        variant = f"{mutated}\n---\n{body}"
        found = [(p.line, p.field, p.message) for p in parse_application(variant, PATH, SHOWN)[1]]
        for line, _field, message in found:
            assert line is not None and not ENGLISH.search(message), (message, mutated)
        if "\t" in mutated:
            continue  # libyaml reads a tab inside a value; PyYAML's own parser does not
        with monkeypatch.context() as patch:
            patch.setattr(yamlsource, "_FAST_LOADER", yaml.SafeLoader)
            assert [(p.line, p.field, p.message) for p in parse_application(variant, PATH, SHOWN)[1]] == found
