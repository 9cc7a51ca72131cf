"""Open data: the portfolio as tables (CSV, Excel) and as JSON.

The columns are derived from the schema (``schema.Application``): a column that shows a
front-matter field takes its Norwegian header and description from the field, and the
budget-line table has one column per field of ``schema.BudgetLine``. Only the few columns
that are not fields (the file name, the address, sums, names looked up in the scheme) are
defined here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from pydantic import BaseModel, ConfigDict, Field

from ..model.portfolio import Portfolio, granted_amount, stated_contributions
from ..checks.quality import section_for_heading
from ..input.records import ApplicationRecord
from ..input.labels import label
from ..input.reference import field_docs
from ..input.schema import Application, BudgetLine
from ..pages.paths import FILES

# 2.0: an amount that is not known is null, not 0 (own contributions without an amount, and
# the granted amount before a decision), and the contributions without an amount are counted.
EXPORT_VERSION = "2.0"
LIST_SEPARATOR = "; "
# A cell that begins with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Where the files are -------------------------------------------------------------------------



@dataclass(frozen=True)
class Links:
    """Absolute addresses on the published site."""

    site_url: str

    def page(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + path.lstrip("/")

    def application(self, record: ApplicationRecord) -> str:
        return self.page(record.url)


# Columns ----------------------------------------------------------------------------------

# A getter reads one cell from a row's item: an application record, or a ``LineItem``.
Getter = Callable[[Any, Portfolio, Links], Any]


@dataclass(frozen=True)
class Column:
    key: str  # the field path (budget.requested) or, for derived columns, a name of its own
    header: str  # Norwegian column header
    description: str
    type: str  # Norwegian description of the values
    get: Getter
    from_schema: bool = True
    is_amount: bool = False  # whole kroner: formatted as an amount in the spreadsheet


_DOCS = {doc.path: doc for doc in field_docs()}


def field_column(path: str, header: str | None = None, get: Getter | None = None, type: str | None = None) -> Column:
    """A column showing the front-matter field at ``path`` (``period.start``), headed as the
    schema labels it for a spreadsheet."""
    doc = _DOCS[path]
    return Column(
        key=path,
        header=header or label(path, "export"),
        description=doc.description,
        type=type or doc.type,
        get=get or (lambda record, _portfolio, _links: _attribute(record.meta, path)),
        is_amount=doc.is_amount,
    )


def derived_column(key: str, header: str, description: str, type: str, get: Getter, is_amount: bool = False) -> Column:
    return Column(key=key, header=header, description=description, type=type, get=get, from_schema=False,
                  is_amount=is_amount)


def _attribute(obj: Any, path: str) -> Any:
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
    if isinstance(obj, list):
        return LIST_SEPARATOR.join(str(item) for item in obj)
    return obj


def _stated_own_contributions(record: ApplicationRecord) -> int | None:
    """The sum of the own contributions with an amount; None when none states one."""
    total, stated, _unstated = stated_contributions(record)
    return total if stated else None


def _names(get_names: Callable[[ApplicationRecord, Portfolio], list[str]]) -> Getter:
    return lambda record, portfolio, _links: LIST_SEPARATOR.join(get_names(record, portfolio))


APPLICATION_COLUMNS: list[Column] = [
    derived_column("slug", "Id", "Søknadens filnavn uten .md; det samme som i sidens adresse.", "tekst",
                   lambda r, _p, _l: r.slug),
    field_column("title"),
    field_column("subtitle"),
    field_column("summary"),
    field_column("round", type="id fra ordningens data"),
    derived_column("round_name", "Rundens navn", "Navnet på søknadsrunden.", "tekst",
                   lambda r, p, _l: p.scheme.round_by_id[r.meta.round].name),
    field_column("health_community", type="id fra ordningens data"),
    derived_column("health_community_name", "Helsefellesskapets navn", "Navnet på helsefellesskapet.", "tekst",
                   lambda r, p, _l: p.scheme.community_by_id[r.meta.health_community].name),
    field_column("status", type="id fra ordningens data"),
    derived_column("status_label", "Statustekst", "Statusen slik den vises på nettstedet.", "tekst",
                   lambda r, p, _l: p.scheme.status_by_id[r.meta.status].label),
    field_column("priority"),
    field_column("municipalities", type=f"tekst, flere skilt med «{LIST_SEPARATOR.strip()}»"),
    field_column("health_trusts", type=f"tekst, flere skilt med «{LIST_SEPARATOR.strip()}»",
                 get=_names(lambda r, p: [p.scheme.trust_by_id[t].name for t in r.meta.health_trusts])),
    field_column("period.start", type="årstall eller dato (ÅÅÅÅ-MM-DD)"),
    field_column("period.end", type="årstall eller dato (ÅÅÅÅ-MM-DD)"),
    field_column("budget.requested"),
    derived_column("own_contributions_total", "Egeninnsats i alt",
                   "Summen av bidragene under egeninnsats som har et beløp. Tom når ingen bidrag har "
                   "oppgitt beløp: det er ukjent, ikke null.",
                   "heltall (kroner)", lambda r, _p, _l: _stated_own_contributions(r), is_amount=True),
    derived_column("own_contributions_without_amount", "Egeninnsats uten beløp",
                   "Hvor mange bidrag under egeninnsats som ikke har oppgitt beløp, og derfor ikke er med "
                   "i summen.", "heltall", lambda r, _p, _l: stated_contributions(r)[2]),
    field_column("decision.granted"),
    field_column("decision.date"),
    field_column("themes", type=f"tekst, flere skilt med «{LIST_SEPARATOR.strip()}»"),
    derived_column("url", "Nettadresse", "Søknadens side på nettstedet.", "nettadresse",
                   lambda r, _p, links: links.application(r)),
]

@dataclass(frozen=True)
class LineItem:
    record: ApplicationRecord
    number: int  # from 1, in the application's order
    line: BudgetLine


def _line_column(name: str) -> Column:
    doc = _DOCS[f"budget.lines[].{name}"]
    return Column(key=doc.path, header=label(doc.path, "export"), description=doc.description, type=doc.type,
                  get=lambda item, _p, _l: getattr(item.line, name), is_amount=doc.is_amount)


BUDGET_LINE_COLUMNS: list[Column] = [
    derived_column("slug", "Id", "Id for søknaden linja hører til (filnavnet uten .md).", "tekst",
                   lambda item, _p, _l: item.record.slug),
    derived_column("line", "Linje", "Linjas nummer i søknadens budsjett, fra 1.", "heltall",
                   lambda item, _p, _l: item.number),
    *(_line_column(name) for name in BudgetLine.model_fields),
    field_column("budget.categories_by", get=lambda item, _p, _l: item.record.meta.budget.categories_by),
]


# Tables -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    name: str  # sheet name
    columns: list[Column]
    rows: list[list[Any]]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def application_table(portfolio: Portfolio, links: Links) -> Table:
    rows = [[column.get(record, portfolio, links) for column in APPLICATION_COLUMNS] for record in portfolio.applications]
    return Table("Søknader", APPLICATION_COLUMNS, rows)


def budget_line_table(portfolio: Portfolio, links: Links) -> Table:
    items = [LineItem(record, number, line)
             for record in portfolio.applications for number, line in enumerate(record.meta.budget.lines, 1)]
    rows = [[column.get(item, portfolio, links) for column in BUDGET_LINE_COLUMNS] for item in items]
    return Table("Budsjettlinjer", BUDGET_LINE_COLUMNS, rows)


def neutralise_formula(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets an apostrophe in front."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(table: Table) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Excel with Norwegian settings opens directly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_formula(str(value))


AMOUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd.mm.yyyy"


def xlsx_bytes(tables: list[Table], about: list[tuple[str, str]], built: dt.date, author: str) -> bytes:
    """One sheet per table, with a bold, frozen header row and a filter, and a sheet about the
    data. Text is always stored as text, never as a formula. Written row by row (openpyxl's
    write-only mode), so the cells are never all held at once."""
    workbook = Workbook(write_only=True)
    for table in tables:
        amounts = {index for index, column in enumerate(table.columns) if column.is_amount}
        _write_rows(workbook.create_sheet(table.name), table.headers, table.rows, amounts, filtered=bool(table.rows))
    _write_rows(workbook.create_sheet("Om dataene"), ["Opplysning", "Verdi"], [list(pair) for pair in about])
    stamp = dt.datetime.combine(built, dt.time())
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = workbook.properties.lastModifiedBy = author
    out = io.BytesIO()
    # Not ``workbook.save``: it stamps the workbook and every zip entry with the time of saving.
    # Dated by the build date alone, the same data gives the same bytes (a reproducible build).
    ExcelWriter(workbook, _DatedZip(out, stamp)).save()
    return out.getvalue()


class _DatedZip(ZipFile):
    """A zip file being written whose entries all carry one date, not the time they were written."""

    def __init__(self, file: io.BytesIO, stamp: dt.datetime):
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self._date_time = stamp.timetuple()[:6]

    def _entry(self, name: str) -> ZipInfo:
        entry = ZipInfo(name, self._date_time)
        entry.compress_type = self.compression
        entry.external_attr = 0o600 << 16  # as ZipFile.writestr gives a name
        return entry

    def writestr(self, name: str | ZipInfo, data: str | bytes, *args: Any, **kwargs: Any) -> None:
        super().writestr(name if isinstance(name, ZipInfo) else self._entry(name), data, *args, **kwargs)

    def write(self, filename: str, arcname: str | None = None, *args: Any, **kwargs: Any) -> None:
        """A file on disk (a write-only sheet), dated as the rest rather than by the file's time."""
        with open(filename, "rb") as source, self.open(self._entry(arcname or filename), "w") as entry:
            shutil.copyfileobj(source, entry)


def _write_rows(sheet, headers: list[str], rows: list[list[Any]], amounts: set[int] = frozenset(),
                filtered: bool = False) -> None:
    """Headers and rows into a write-only sheet: widths, frozen header and filter first (a
    write-only sheet takes them before its rows)."""
    widths = [len(h) for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(_csv_cell(value)))
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, 60)
    sheet.freeze_panes = "A2"
    if filtered:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # never a formula, whatever the text begins with
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif index in amounts:
                    cell.number_format = AMOUNT_FORMAT
            cells.append(cell)
        sheet.append(cells)


# JSON ---------------------------------------------------------------------------------------

class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionText(_Export):
    id: str | None = Field(
        title="Del", description="Id for delen av søknadsskjemaet i ordningens data, eller null for en egen overskrift."
    )
    heading: str = Field(title="Overskrift", description="Overskriften slik den står i søknaden.")
    text: str = Field(title="Tekst", description="Teksten under overskriften, som Markdown.")


class ExportTotals(_Export):
    """An application's sums. An amount that is not known is null, never 0."""

    requested: int = Field(title=label("budget.requested"), description="Søkt beløp i kroner.")
    own_contributions: int | None = Field(
        title="Egeninnsats i alt",
        description="Summen av egeninnsats med beløp, i kroner; null når ingen bidrag har oppgitt beløp.")
    own_contributions_without_amount: int = Field(
        title="Egeninnsats uten beløp",
        description="Hvor mange bidrag under egeninnsats som ikke har oppgitt beløp (ikke med i summen).")
    granted: int | None = Field(
        title=label("decision.granted"),
        description="Innvilget beløp i kroner; 0 for en søknad som er avslått eller trukket; null før vedtak.")


class ExportedApplication(_Export):
    id: str = Field(title="Id", description="Søknadens filnavn uten .md.")
    url: str = Field(title="Nettadresse", description="Søknadens side på nettstedet.")
    source: str = Field(title="Kildefil", description="Søknadsfila i prosjektets repositorium.")
    front_matter: Application = Field(
        title="Forside", description="Alle feltene i søknadsfilas forside, som i skjemaet for søknadsfiler."
    )
    intro: str = Field(title="Innledning", description="Tekst før første overskrift, som Markdown (ofte tom).")
    sections: list[SectionText] = Field(title="Deler", description="Søknadstekstens deler, i filas rekkefølge.")
    totals: ExportTotals = Field(title="Summer", description="Beløpene nettstedet regner med for søknaden.")


class Licence(_Export):
    name: str = Field(title="Navn")
    url: str = Field(title="Nettadresse")


class ApplicationsExport(_Export):
    """The structure of soknader.json."""

    format: typing.Literal["soknader"] = Field(title="Format", description="Alltid «soknader».")
    version: str = Field(
        title="Versjon",
        description="Formatets versjon, major.minor. Minor øker når noe legges til; major når noe endres eller fjernes.",
    )
    generated: dt.date = Field(title="Laget", description="Datoen fila ble laget (ÅÅÅÅ-MM-DD).")
    scheme: str = Field(title="Ordning", description="Tilskuddsordningens navn.")
    publisher: str = Field(title="Utgiver", description="Hvem som forvalter ordningen.")
    licence: Licence = Field(title="Lisens", description="Lisensen dataene kan brukes under: navn og nettadresse.")
    schema_url: str = Field(title="Skjema", description="Adressen til JSON Schema for denne fila.")
    applications: list[ExportedApplication] = Field(title="Søknader", description="Én oppføring per søknad.")


def applications_json(portfolio: Portfolio, links: Links, built: dt.date) -> Iterator[bytes]:
    """``soknader.json`` in pieces, one application at a time: the same bytes as
    ``json_bytes(applications_export(…))``, without the whole file, or every application's
    model, in memory at once."""
    head = json_bytes(applications_export(portfolio, links, built, applications=[]))
    before, empty, after = head.rpartition(b'"applications": []')
    if not empty or not portfolio.applications:
        yield head
        return
    yield before + b'"applications": [\n'
    for index, record in enumerate(portfolio.applications):
        item = _exported(record, portfolio, links)
        text = item.__pydantic_serializer__.to_json(item, indent=2)
        # Strings in JSON hold no line breaks, so every line can be indented as a list item.
        yield (b",\n" if index else b"") + b"\n".join(b"    " + line for line in text.split(b"\n"))
    yield b"\n  ]" + after


def applications_export(portfolio: Portfolio, links: Links, built: dt.date,
                        applications: list | None = None) -> ApplicationsExport:
    scheme = portfolio.scheme
    return ApplicationsExport(
        format="soknader",
        version=EXPORT_VERSION,
        generated=built,
        scheme=scheme.scheme.name,
        publisher=scheme.scheme.owner.name,
        licence=Licence(name=scheme.open_data.licence_name, url=scheme.open_data.licence_url),
        schema_url=links.page(FILES["json_schema"]),
        applications=(applications if applications is not None
                      else [_exported(record, portfolio, links) for record in portfolio.applications]),
    )


def _exported(record: ApplicationRecord, portfolio: Portfolio, links: Links) -> ExportedApplication:
    intro, body_sections = record.parts()
    sections = []
    for section in body_sections:
        known = section_for_heading(portfolio.scheme, section.heading)
        sections.append(SectionText(id=known.id if known else None, heading=section.heading, text=section.text.strip()))
    return ExportedApplication(
        id=record.slug,
        url=links.application(record),
        source=record.display_path,
        front_matter=record.meta,
        intro=intro.strip(),
        sections=sections,
        totals=ExportTotals(requested=record.meta.budget.requested,
                            own_contributions=_stated_own_contributions(record),
                            own_contributions_without_amount=stated_contributions(record)[2],
                            granted=granted_amount(record)),
    )


def json_bytes(data: BaseModel | dict) -> bytes:
    """JSON with two spaces' indent and a final newline. A model is serialized straight to bytes
    (``model_dump_json`` would make a text first: for all the applications, that text and its
    copies took about 170 MB at a thousand applications)."""
    if isinstance(data, BaseModel):
        return data.__pydantic_serializer__.to_json(data, indent=2) + b"\n"
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def applications_export_schema(schema_url: str) -> dict[str, Any]:
    schema = ApplicationsExport.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        **schema,
        "title": "Søknadene i porteføljen (soknader.json)",
        "description": f"Strukturen i soknader.json, versjon {EXPORT_VERSION}. Generert fra prosjektets skjemadefinisjon.",
    }



@dataclass(frozen=True)
class ExportFieldDoc:
    path: str
    title: str
    description: str


def export_field_docs() -> list[ExportFieldDoc]:
    """The keys of soknader.json with their meaning, from the models that write the file."""
    docs = []
    for prefix, model in (("", ApplicationsExport), ("applications[].", ExportedApplication),
                          ("applications[].sections[].", SectionText), ("applications[].totals.", ExportTotals)):
        for name, info in model.model_fields.items():
            docs.append(ExportFieldDoc(f"{prefix}{name}", info.title or name, info.description or ""))
    return docs
