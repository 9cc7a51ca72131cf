"""Front matter is parsed with libyaml when it is there (fast), and errors are reported from the
pure-Python parser (whose messages are translated): both give the same data and lines. The
document is built from the parser's events (see test_hostile_yaml.py for what is refused)."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT
from grant_portfolio.input import yamlsource
from grant_portfolio.input.yamlsource import YamlSyntaxError, parse_yaml

FILES = sorted((ROOT / "applications").rglob("*.md")) + [ROOT / "applications" / "scheme.yml"]


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    return text.split("---\n")[1] if path.suffix == ".md" else text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_and_pure_python_parsers_agree(path, monkeypatch):
    text = front_matter(path)
    fast = parse_yaml(text, first_line=2)
    monkeypatch.setattr(yamlsource, "_FAST_LOADER", yaml.SafeLoader)
    pure = parse_yaml(text, first_line=2)
    assert fast.data == pure.data
    assert fast.lines == pure.lines


def test_libyaml_is_used_when_installed():
    assert yamlsource._FAST_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_errors_are_described_from_the_pure_python_parser():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("title: Forprosjekt: Utredning\nround: 2025-1\n", first_line=2)
    assert caught.value.line == 2
    assert str(caught.value) == (
        "ugyldig YAML: kolon (:) på et uventet sted; sett teksten i anførselstegn hvis den inneholder kolon")


@pytest.mark.parametrize("loader", ["fast", "pure"])
def test_data_lines_and_duplicates_as_the_safe_loader_gives_them(loader, monkeypatch):
    import datetime as dt

    if loader == "pure":
        monkeypatch.setattr(yamlsource, "_FAST_LOADER", yaml.SafeLoader)
    text = (
        "title: A\n"
        "budget:\n"
        "  requested: 1_000\n"
        "  lines:\n"
        "    - {amount: 5, note: 'x'}\n"
        "    -\n"
        "      amount: 0x10\n"
        "period: {start: 2025-03-01, end: ~}\n"
        "flags: [yes, No, true, 1.5, '', \"2\"]\n"
        "title: B\n"
        "note: |\n"
        "  Linje 1\n"
        "  Linje 2\n"
        "? key\n"
    )
    doc = parse_yaml(text, first_line=2)
    assert doc.data == yaml.safe_load(text) == {
        "title": "B",
        "budget": {"requested": 1000, "lines": [{"amount": 5, "note": "x"}, {"amount": 16}]},
        "period": {"start": dt.date(2025, 3, 1), "end": None},
        "flags": [True, False, True, 1.5, "", "2"],
        "note": "Linje 1\nLinje 2\n",
        "key": None,
    }
    assert list(doc.data) == ["title", "budget", "period", "flags", "note", "key"]
    assert doc.lines[("title",)] == 2  # the first occurrence; the second is a duplicate
    assert doc.duplicates == [(("title",), 11)]
    assert doc.lines[("budget", "lines", 0)] == 6
    assert doc.lines[("budget", "lines", 0, "note")] == 6
    assert doc.lines[("budget", "lines", 1)] == 8  # an item starts where its content does
    assert doc.lines[("budget", "lines", 1, "amount")] == 8
    assert doc.lines[("flags", 5)] == 10
    assert doc.lines[("key",)] == 15
    assert doc.line_of(("budget", "lines", 1, "missing")) == 8


def test_an_empty_text_is_no_data():
    assert parse_yaml("").data is None
    assert parse_yaml("# bare en kommentar\n").data is None
