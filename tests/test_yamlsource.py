"""Front matter is parsed with libyaml when it is there (fast), and errors are reported from the
pure-Python parser (whose messages are translated): both give the same data and lines."""

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
