"""The budget part: budget lines and their total from the form's table or paragraphs, and the
own contributions of the parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...formatting import nok
from ...input.scheme import Scheme
from .document import TableBlock, Unit
from .fields import Report, find_trusts, parse_amount, split_trailing_amount
from .form import BodyPart, cell_text, join_names, quote_text, strip_list_marker
from .structure import BUDGET_COLUMNS, MUNICIPALITY_WORDS, OWN_CONTRIBUTION_LABEL, TOTAL_LABEL, TRUST_WORDS


@dataclass
class BudgetFindings:
    totals: list[int] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    own: list[dict] = field(default_factory=list)


class BudgetReader:
    """Reads the budget part: a table of lines with a total row, or label rows («Totalt:»,
    «Egenandel kommune:»), and own contributions written as paragraphs."""

    def __init__(self, scheme: Scheme, municipalities: list[str], trusts: list[str], owners: list[str],
                 report: Report):
        self.scheme = scheme
        self.municipalities = municipalities
        self.trusts = trusts
        self.owners = owners
        self.report = report
        self.found = BudgetFindings()

    def read(self, part: BodyPart) -> None:
        units = [item for item in part.items if isinstance(item, Unit)]
        for item in part.items:
            if isinstance(item, TableBlock):
                self._read_table(item, part)
        self._read_paragraphs(units)

    # Tables
    def _read_table(self, table: TableBlock, part: BodyPart) -> None:
        header, columns = budget_header(table)
        for index, row in enumerate(table.rows):
            if index == header or table.merged[index]:
                continue
            cells = [cell_text(cell) for cell in row]
            if not any(cells):
                continue
            if columns:
                self._read_column_row(cells, columns, part)
            else:
                self._read_label_row(cells, part)

    def _read_column_row(self, cells: list[str], columns: dict[str, int], part: BodyPart) -> None:
        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        label = cell("item") or next(c for c in cells if c)
        amount = parse_amount(cell("amount")) if "amount" in columns else split_trailing_amount(cells[-1])[1]
        if TOTAL_LABEL.match(label):
            if amount is not None:
                self.found.totals.append(amount)
            return
        if OWN_CONTRIBUTION_LABEL.match(label):
            self._add_own(label, " ".join(c for c in cells if c and c != label), amount)
            return
        if amount is None:
            self._no_amount(label, part)
            return
        line: dict[str, Any] = {"item": label.rstrip(":").strip()}
        rate = cell("rate")
        if rate:
            line["rate"] = parse_amount(rate) if parse_amount(rate) is not None else rate
        if cell("scope"):
            line["scope"] = cell("scope")
        line["amount"] = amount
        self.found.lines.append(line)

    def _read_label_row(self, cells: list[str], part: BodyPart) -> None:
        label = cells[0] or next(c for c in cells if c)
        value = " ".join(c for c in cells[1:] if c) if cells[0] else ""
        if not value:  # «Totalt: 3 697 515» in one cell
            match = re.match(r"^([^:]{1,60}):\s*(.+)$", label)
            if match:
                label, value = match.group(1) + ":", match.group(2)
        text, amount = split_trailing_amount(value)
        if TOTAL_LABEL.match(label):
            if amount is not None:
                self.found.totals.append(amount)
            return
        if OWN_CONTRIBUTION_LABEL.match(label):
            self._add_own(label, value, amount)
            return
        if amount is None:
            self._no_amount(label, part)
            return
        line: dict[str, Any] = {"item": label.rstrip(":").strip()}
        if text:
            line["scope"] = text
        line["amount"] = amount
        self.found.lines.append(line)

    def _no_amount(self, label: str, part: BodyPart) -> None:
        self.report.unmapped.append(
            f"{quote_text(label)} i budsjettabellen har ikke noe beløp; teksten står i delen «{part.heading}»"
        )

    # Paragraphs
    def _read_paragraphs(self, units: list[Unit]) -> None:
        texts = [strip_list_marker(u.text) for u in units if u.text]
        index = 0
        while index < len(texts):
            text = texts[index]
            index += 1
            match = re.match(r"^([^:]{1,60}):\s*(.*)$", text)
            label, value = (match.group(1), match.group(2)) if match else (text, "")
            is_total, is_own = TOTAL_LABEL.match(label), OWN_CONTRIBUTION_LABEL.match(label)
            if not (is_total or is_own):
                continue
            if match and not value and index < len(texts):  # the value on the next line
                value = texts[index]
                index += 1
            if is_total:  # «Totalt: 3 697 515», «Totalt 3 697 515 kr»
                amount = split_trailing_amount(value if match else text)[1]
                if amount is not None:
                    self.found.totals.append(amount)
            elif is_own and match:
                self._add_own(label, value, split_trailing_amount(value)[1])
            elif is_own:  # «Egeninnsats fra helseforetaket og kommunene i form av …»
                self._add_own(text, text, split_trailing_amount(text)[1], whole_sentence=True)

    def _add_own(self, label: str, value: str, amount: int | None, whole_sentence: bool = False) -> None:
        who = OWN_CONTRIBUTION_LABEL.sub("", label, count=1).strip(" :")
        party = self.party(label if whole_sentence else who) or who.strip() or join_names(self.owners or ["Søkerne"])
        description = value.strip() if whole_sentence else split_trailing_amount(value)[0]
        contribution: dict[str, Any] = {"party": party[:1].upper() + party[1:]}
        if description:
            contribution["description"] = description
        if amount is not None:
            contribution["amount"] = amount
        self.found.own.append(contribution)

    def party(self, text: str) -> str | None:
        """Who is named in «kommune», «Spesialisthelsetjenesten», «fra Sykehuset og kommuner»: the
        application's own municipality and trust where the text names them only generically."""
        trusts = [(position, self.scheme.trust_by_id[trust_id].short_name)
                  for position, trust_id in find_trusts(text, self.scheme)]
        municipalities = [(match.start(), f"{name} kommune") for name in self.scheme.municipality_by_name
                          for match in [re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)] if match]
        mentions = trusts + municipalities
        generic = re.search(rf"\b(?:{'|'.join(MUNICIPALITY_WORDS)})\b", text, re.IGNORECASE)
        if generic and not municipalities:
            one = len(self.municipalities) == 1
            mentions.append((generic.start(), f"{self.municipalities[0]} kommune" if one else "kommunene"))
        generic = re.search(rf"\b(?:{'|'.join(TRUST_WORDS)})\b", text, re.IGNORECASE)
        if generic and not trusts:
            one = len(self.trusts) == 1
            mentions.append((generic.start(), self.scheme.trust_by_id[self.trusts[0]].short_name if one
                             else "helseforetaket"))
        names: list[str] = []
        for _, name in sorted(mentions):
            if name not in names:
                names.append(name)
        return join_names(names) if names else None


def budget_header(table: TableBlock) -> tuple[int | None, dict[str, int]]:
    """The header row of a budget table (within its first two rows) and which column holds
    what; no header for a two-column table of labels and values."""
    for index, row in enumerate(table.rows[:2]):
        if table.merged[index]:
            continue
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            key = cell_text(cell).strip(" :").casefold()
            for name, words in BUDGET_COLUMNS.items():
                if key in words and name not in columns:
                    columns[name] = col
        if "amount" in columns and len(columns) >= 2:
            return index, columns
    return None, {}


def assemble_budget(found: BudgetFindings, part: BodyPart | None, report: Report) -> dict:
    """budget.requested from the total (or the lines' sum); the lines only where they add up."""
    where = f"delen «{part.heading}»" if part else "søknadsteksten"
    requested = found.totals[0] if found.totals else None
    if len(set(found.totals)) > 1:
        report.notes.append(
            "Budsjettet har flere totalbeløp (" + ", ".join(nok(t) for t in found.totals)
            + f"); søkt beløp er satt til det første, {nok(requested)}."
        )
    lines = found.lines
    if lines and requested is None:
        requested = sum(line["amount"] for line in lines)
        report.notes.append(f"Budsjettet har ingen totalsum; søkt beløp er satt til summen av linjene, {nok(requested)}.")
    elif lines and sum(line["amount"] for line in lines) != requested:
        report.unmapped.append(
            f"Budsjettlinjene summerer til {nok(sum(line['amount'] for line in lines))}, men totalen er "
            f"{nok(requested)}; linjene er ikke ført inn i forsiden, budsjettet står i {where}"
        )
        lines = []
    budget: dict[str, Any] = {}
    if requested is None:
        report.unmapped.append(
            f"Fant ikke søkt beløp (en linje «Totalt» med beløp) i budsjettet; fyll inn budget.requested. "
            f"Budsjettet står i {where}"
        )
    else:
        budget["requested"] = requested
    if lines:
        budget["lines"] = lines
    if found.own:
        budget["own_contributions"] = found.own
    return budget


# Markdown -------------------------------------------------------------------------------------
