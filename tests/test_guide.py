"""The guide's common mistakes: each example gives the error it describes, the example file is
valid, and the messages quoted by hand in the guide and README are ones the check really gives."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT
from grant_portfolio.pages.guide import EXAMPLES_FILE, error_guide


@pytest.fixture(scope="module")
def guide(scheme):
    return error_guide(scheme)


def test_the_example_file_is_valid(guide):
    assert guide.base_messages == []


def test_every_example_gives_exactly_one_error_for_its_field(guide):
    assert len(guide.examples) >= 12
    for example in guide.examples:
        assert len(example.messages) == 1, (example.id, example.messages)
        [message] = example.messages
        assert message.startswith(example.file + ":"), (example.id, message)


def test_examples_cover_the_commonest_mistakes(guide):
    ids = {example.id for example in guide.examples}
    assert {"kommunenavn", "liste", "kolon", "belop", "budsjettsum", "dato", "feltnavn", "mangler-felt",
            "helsefellesskap", "tabulator", "vedtak", "tema-to-ganger", "forside", "filnavn"} <= ids
    assert len(ids) == len(guide.examples)  # anchors are unique


def test_every_example_changes_the_file(scheme):
    data = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    for item in data["examples"]:
        if item.get("file"):
            continue
        assert item["right"] in data["base"], item["id"]
        assert item["right"] != item["wrong"], item["id"]


HAND_WRITTEN = [ROOT / "README.md", ROOT / "docs" / "bidra" / "index.md"]


def test_messages_quoted_in_the_guide_and_readme_are_real(guide):
    """Every check message quoted in a ``text`` block of the hand-written pages is one the
    check gives for an example (so a changed message fails here until the text is updated)."""
    real = {message for example in guide.examples for message in example.messages}
    quoted = []
    for page in HAND_WRITTEN:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```\s*text\n(.*?)```", text, flags=re.S):
            for line in block.splitlines():
                if re.match(r"^applications/\S+\.md:\d+: ", line):
                    quoted.append((page.name, line))
    assert quoted, "the guide should quote at least one real message"
    for page, line in quoted:
        assert line in real, f"{page}: «{line}» is not a message the check gives; see bidra/feilmeldinger"
