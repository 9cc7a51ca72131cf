"""The one definition of an application's front matter.

Validation, the JSON Schema for editors, the field reference in the docs, the contributor
template and the export columns are all derived from the models below: a field is added,
renamed or documented here and nowhere else. Titles are the Norwegian labels shown on the
site, with any other wording a place needs given by ``shown_as`` (``labels.label`` looks them
up for the pages, charts, exports and command-line tool); descriptions are the Norwegian help
texts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, core_schema

from ..formatting import nok
from .messages import unknown_reference_message

SUMMARY_MAX_LENGTH = 500


# Field types that normalise, then validate -----------------------------------------------

@dataclass(frozen=True)
class SchemeRef:
    """Marks a text field whose value must be an id (or name) from the scheme data."""

    kind: str  # attribute of Scheme: health_communities, rounds, statuses, ... (see Scheme.ids)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        json_schema = handler(schema)
        json_schema["x-scheme"] = self.kind
        return json_schema


_REF_NOUNS = {
    "health_communities": "helsefellesskap",
    "rounds": "søknadsrunde",
    "municipalities": "kommune",
    "health_trusts": "helseforetak",
    "statuses": "status",
}


def _check_scheme_ref(kind: str):
    def check(value: str, info: ValidationInfo) -> str:
        scheme = (info.context or {}).get("scheme")
        if scheme is None:
            return value
        allowed = scheme.ids(kind)
        if value not in allowed:
            named = scheme.id_for_name(kind, value)
            if named is not None:  # the name written out instead of the id
                hint = "" if kind == "municipalities" else " Skriv id-en, ikke navnet."
                raise PydanticCustomError(
                    "unknown_reference", f"ukjent {_REF_NOUNS[kind]} `{value}`; mente du `{named}`?{hint}")
            raise PydanticCustomError("unknown_reference", unknown_reference_message(_REF_NOUNS[kind], value, allowed))
        return value

    return check


def scheme_ref(kind: str) -> Any:
    return Annotated[str, Field(min_length=1), AfterValidator(_check_scheme_ref(kind)), SchemeRef(kind)]


Text = Annotated[str, Field(min_length=1)]
@dataclass(frozen=True)
class Kroner:
    """Marks an integer as an amount in whole kroner (shown as such in the field reference and
    formatted as an amount in the spreadsheets)."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        json_schema = handler(schema)
        json_schema["x-unit"] = "kr"
        return json_schema


# Without the scheme (its ``max_amount``), an amount is still bounded: no integer this large
# means anything here, and every format the amounts are written in can hold it.
AMOUNT_LIMIT = 10**12

# The messages of the checks below, by their error type: also the web form's (``contribute.webform``),
# so that the form and ``tilskudd check`` say the same. ``{limit}`` is an amount as the site writes it.
MESSAGES = {
    "amount_too_large": "beløpet er større enn ordningen tillater ({limit}, `max_amount` i ordningens data); "
                        "skriv beløpet i hele kroner",
    "year_or_date": "må være et årstall (f.eks. 2025) eller en dato på formen ÅÅÅÅ-MM-DD (f.eks. 2025-03-01)",
    "date_or_text": "må være en dato (ÅÅÅÅ-MM-DD) eller en kort tekst",
    "amount_or_text": "må være et heltall (kroner) eller en kort tekst",
    "email": "er ikke en gyldig e-postadresse",
    "url": "må være en fullstendig nettadresse som begynner med https:// (eller http://)",
}


def _within_max_amount(value: int, info: ValidationInfo) -> int:
    scheme = (info.context or {}).get("scheme")
    limit = scheme.max_amount if scheme is not None else AMOUNT_LIMIT
    if value > limit:
        raise PydanticCustomError("amount_too_large", MESSAGES["amount_too_large"], {"limit": nok(limit)})
    return value


Amount = Annotated[StrictInt, Field(ge=0), AfterValidator(_within_max_amount), Kroner()]
PositiveAmount = Annotated[StrictInt, Field(gt=0), AfterValidator(_within_max_amount), Kroner()]


def _year_or_date(value: Any) -> int | dt.date:
    if isinstance(value, bool):
        pass
    elif isinstance(value, int) and 1900 <= value <= 2200:
        return value
    elif isinstance(value, dt.datetime):
        return value.date()
    elif isinstance(value, dt.date):
        return value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        return _year_or_date(int(value))
    elif isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("year_or_date", MESSAGES["year_or_date"])


def _as_json(value: Any) -> Any:
    """How a union of a date and a number or text is written to JSON."""
    return value.isoformat() if isinstance(value, dt.date) else value


_JSON_SERIALIZER = PlainSerializer(_as_json, when_used="json")

YearOrDate = Annotated[
    int | dt.date,
    PlainValidator(_year_or_date),
    _JSON_SERIALIZER,
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2200}, {"type": "string", "format": "date"}]}),
]


def _date_or_text(value: Any) -> dt.date | str:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise PydanticCustomError("date_or_text", MESSAGES["date_or_text"])


DateOrText = Annotated[
    dt.date | str,
    PlainValidator(_date_or_text),
    _JSON_SERIALIZER,
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "minLength": 1}]}),
]


def _amount_or_text(value: Any) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise PydanticCustomError("amount_or_text", MESSAGES["amount_or_text"])


AmountOrText = Annotated[
    int | str,
    PlainValidator(_amount_or_text),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0, "x-unit": "kr"}, {"type": "string", "minLength": 1}]}),
]


def _check_email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise PydanticCustomError("email", MESSAGES["email"]) from None


Email = Annotated[str, AfterValidator(_check_email), WithJsonSchema({"type": "string", "format": "email"})]


def _check_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError("url", MESSAGES["url"])
    return value.strip()


Url = Annotated[str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]


# Labels for readers --------------------------------------------------------------------

# A field's title is what readers see it called. Where a place needs other wording (a short
# column header, a fuller label in the fact list), the field gives it under this key in its
# ``json_schema_extra``: ``shown_as(short="Søkt")``. ``labels.label`` looks them up; the forms
# are ``labels.FORMS``. The key is taken out of the JSON Schema, which is for editors.
READER_LABELS_KEY = "x-labels"


def shown_as(**forms: str) -> dict[str, Any]:
    """The ``json_schema_extra`` of a field readers see with other wording than its title."""
    return {READER_LABELS_KEY: forms}


# How the web form asks for a text (``contribute.webform``): a field with ``long_text()`` in its
# ``json_schema_extra`` gets a text area rather than a line. Taken out of the JSON Schema too.
FORM_INPUT_KEY = "x-input"
LONG_TEXT = "long"


def long_text(**forms: str) -> dict[str, Any]:
    """The ``json_schema_extra`` of a text written over several lines (and its wordings, as ``shown_as``)."""
    return {FORM_INPUT_KEY: LONG_TEXT, **(shown_as(**forms) if forms else {})}


def _without_reader_labels(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        prop.pop(READER_LABELS_KEY, None)
        prop.pop(FORM_INPUT_KEY, None)


# Fields with a fixed set of values ---------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """One value of a field with a fixed set of values: what is written in the file, what
    readers see it called, and what it means (for the field reference)."""

    value: str
    label: str
    meaning: str


def choice_description(lead: str, choices: tuple[Choice, ...], default: str) -> str:
    """A field's description that names its values: ``lead`` and each value with its meaning."""
    values = " ".join(
        f"«{c.value}»{' (standard, om feltet er utelatt)' if c.value == default else ''}: {c.meaning}." for c in choices)
    return f"{lead} {values}"


def choice_label(choices: tuple[Choice, ...], value: str) -> str:
    return next(c.label for c in choices if c.value == value)


# What a reference is to the project. The form asks whether others have done the same before
# (similar initiatives); applications also name methods and tools they will use, which are not.
SIMILAR = "lignende-tiltak"
METHOD = "metode"
REFERENCE_KINDS = (
    Choice(SIMILAR, "Lignende tiltak andre steder",
           "et tiltak andre har gjort eller gjør, som ligner prosjektet"),
    Choice(METHOD, "Metoder og verktøy",
           "en metode, et verktøy, en veileder eller et støttetilbud som prosjektet vil bruke"),
)
ReferenceKind = Literal[SIMILAR, METHOD]

# Who gave the budget lines their categories. The application form has no categories: unless
# the file says the applicant gave them, they were assigned when the file was written.
BY_EDITORS = "redaksjonen"
BY_APPLICANT = "søkeren"
CATEGORY_SOURCES = (
    Choice(BY_EDITORS, "Satt av redaksjonen",
           "kategoriene er satt av dem som skrev søknadsfila, fordi søknadsskjemaet ikke har kategorier"),
    Choice(BY_APPLICANT, "Oppgitt av søkeren", "søkeren har selv delt budsjettet i disse kategoriene"),
)
CategorySource = Literal[BY_EDITORS, BY_APPLICANT]

# Every field with a fixed set of values has its values here, with their labels (the web form
# shows the labels; a test holds every such field of the schema to having its set here).
CHOICE_SETS = (REFERENCE_KINDS, CATEGORY_SOURCES)


# Fields that are neither shown on the application page nor a column of the spreadsheets
# (soknader.csv, budsjettlinjer.csv), each with the reason. tests/test_field_coverage.py holds
# every other field to being shown or exported, so that no new field is forgotten.
WITHHELD_FIELDS: dict[str, str] = {
    "extra": "Fritt formulerte tilleggsdata som nettstedet ikke bruker; de følger bare med, uendret, i soknader.json.",
}


# Models ---------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              json_schema_extra=_without_reader_labels)


class Contact(_Strict):
    name: Text = Field(title="Navn", description="Personens fulle navn.", examples=["Kari Nordmann"])
    organisation: Text | None = Field(
        None, title="Virksomhet", description="Kommune, helseforetak eller enhet.", examples=["Tromsø kommune"]
    )
    role: Text | None = Field(None, title="Rolle", description="Rollen i prosjektet.", examples=["Prosjektleder"])
    email: Email | None = Field(None, title="E-post", description="Jobbadresse for spørsmål om prosjektet.")
    phone: Text | None = Field(None, title="Telefon", description="Jobbtelefon, som tekst i anførselstegn.")


class Period(_Strict):
    start: YearOrDate = Field(
        title="Start", description="Årstall (2025) eller dato (2025-03-01) for oppstart.", examples=[2025],
        json_schema_extra=shown_as(export="Periode start"),
    )
    end: YearOrDate | None = Field(
        None, title="Slutt", description="Årstall eller dato for avslutning; ikke før start.", examples=[2026],
        json_schema_extra=shown_as(export="Periode slutt"),
    )


class BudgetLine(_Strict):
    item: Text = Field(title="Post", description="Hva pengene skal brukes til.", examples=["Prosjektleder, 100 % stilling"])
    amount: Amount = Field(title="Beløp", description="I hele kroner.", examples=[450000])
    rate: AmountOrText | None = Field(
        None, title="Sats", description="Sats i kroner (heltall) eller som tekst, f.eks. «500 000 per år»."
    )
    scope: Text | None = Field(None, title="Omfang", description="Omfang, f.eks. «6 mnd.» eller «20 % stilling».")
    category: Text | None = Field(
        None, title="Kategori",
        description="Fritt valgt kategori; budsjettoversikten summerer per kategori. Hvem som har valgt "
                    "kategoriene, står i feltet «Kategorier valgt av».",
        examples=["Lønn og frikjøp"],
    )
    year: StrictInt | None = Field(None, title="År", description="Budsjettåret linja gjelder.", ge=1900, le=2200)


class OwnContribution(_Strict):
    party: Text = Field(title="Part", description="Hvem som bidrar.", examples=["Tromsø kommune"])
    description: Text | None = Field(None, title="Beskrivelse", description="Hva egeninnsatsen består i.", examples=["Kontorlokaler"],
                                     json_schema_extra=long_text())
    amount: Amount | None = Field(
        None, title="Beløp", description="Verdien i hele kroner, bare om søknaden oppgir et beløp; ellers utelates feltet."
    )


class Budget(_Strict):
    requested: PositiveAmount = Field(
        title="Søkt beløp", description="Beløpet det søkes om, i hele kroner.", examples=[450000],
        json_schema_extra=shown_as(short="Søkt"),
    )
    lines: list[BudgetLine] = Field(
        default_factory=list, title="Budsjettlinjer",
        description="Budsjettets poster. Er linjer oppgitt, må de til sammen bli nøyaktig søkt beløp.",
        json_schema_extra=shown_as(item="budsjettlinje"),
    )
    own_contributions: list[OwnContribution] = Field(
        default_factory=list, title="Egeninnsats",
        description="Det partene selv bidrar med (lokaler, personell o.l.), med beløp der søknaden oppgir det.",
        json_schema_extra=shown_as(item="bidrag"),
    )
    categories_by: CategorySource = Field(
        BY_EDITORS, title="Kategorier valgt av",
        description=choice_description(
            "Hvem som har valgt kategoriene på budsjettlinjene.", CATEGORY_SOURCES, BY_EDITORS),
    )


class Decision(_Strict):
    granted: Amount | None = Field(
        None, title="Innvilget beløp", description="Beløpet tildelingsutvalget har innvilget, i hele kroner.",
        json_schema_extra=shown_as(short="Innvilget"),
    )
    date: dt.date | None = Field(None, title="Vedtaksdato", description="Datoen for vedtaket (ÅÅÅÅ-MM-DD).")
    note: Text | None = Field(None, title="Merknad", description="Kort merknad til vedtaket.",
                              json_schema_extra=long_text(fact="Merknad til vedtaket"))


class Reference(_Strict):
    title: Text = Field(title="Tittel", description="Navnet på tiltaket eller kilden.", examples=["Drop in-tilbud i Lillestrøm kommune"])
    kind: ReferenceKind = Field(
        SIMILAR, title="Slags referanse",
        description=choice_description("Hva søknaden viser til.", REFERENCE_KINDS, SIMILAR),
    )
    url: Url | None = Field(None, title="Nettadresse", description="Fullstendig adresse som begynner med https://.")
    note: Text | None = Field(None, title="Merknad", description="Hva som er relevant for dette prosjektet.",
                              json_schema_extra=long_text())


class Attachment(_Strict):
    title: Text = Field(title="Tittel", description="Vedleggets navn.", examples=["Signert avtale om felles søknad"])
    file: Text | None = Field(
        None, title="Fil", description="Filnavn ved siden av søknadsfila, om vedlegget skal publiseres.",
    )


class Application(_Strict):
    """The front matter of one application file."""

    title: Text = Field(title="Tittel", description="Prosjektets navn, som i søknadsskjemaet.", examples=["Navn på prosjektet"])
    subtitle: Text | None = Field(
        None, title="Undertittel",
        description="Undertittelen, om prosjektnavnet i søknadsskjemaet har en (uten tankestreken foran).",
    )
    round: scheme_ref("rounds") = Field(title="Søknadsrunde", description="Id for søknadsrunden i ordningens data.",
                                        json_schema_extra=shown_as(short="Runde"))
    health_community: scheme_ref("health_communities") = Field(
        title="Helsefellesskap", description="Id for helsefellesskapet søknaden sendes til."
    )
    municipalities: list[scheme_ref("municipalities")] = Field(
        min_length=1, title="Kommuner", description="Kommunene som søker, skrevet som i ordningens kommuneliste."
    )
    health_trusts: list[scheme_ref("health_trusts")] = Field(
        min_length=1, title="Helseforetak", description="Id for helseforetaket eller helseforetakene som søker."
    )
    status: scheme_ref("statuses") = Field(
        title="Status", description="Hvor søknaden står i behandlingen."
    )
    budget: Budget = Field(title="Budsjett", description="Søkt beløp, budsjettlinjer og egeninnsats.",
                           json_schema_extra=shown_as(heading="Budsjettoversikt"))
    summary: Annotated[str, Field(min_length=1, max_length=SUMMARY_MAX_LENGTH)] | None = Field(
        None, title="Sammendrag",
        description=f"Ett eller to setninger om prosjektet (høyst {SUMMARY_MAX_LENGTH} tegn), med søkerens egne ord, "
                    "helst fra målet eller den korte beskrivelsen i skjemaet; vises i lister.",
        examples=["Kort om hva prosjektet skal oppnå og for hvem."],
        json_schema_extra=long_text(),
    )
    owners: list[Text] = Field(
        default_factory=list, title="Prosjekteiere",
        description="Prosjekteier(e) som i skjemaet, som virksomhet, enhet eller rolle, ikke med personnavn: "
                    "«Klinikksjef, Psykisk helse- og rusklinikken, UNN HF». Personer som skal kunne kontaktes, "
                    "føres under kontaktpersoner.",
        examples=[["Tromsø kommune ved enhet for psykisk helse og rus"]],
    )
    contacts: list[Contact] = Field(
        default_factory=list, title="Kontaktpersoner",
        description="Hvem som kan svare på spørsmål om prosjektet. E-post og telefon publiseres bare herfra.",
        json_schema_extra=shown_as(item="kontaktperson"),
    )
    agreement_signed: DateOrText | None = Field(
        None, title="Avtale om felles søknad", description="Dato for signert avtale (ÅÅÅÅ-MM-DD), eller en kort tekst.",
        examples=["Se vedlegg"],
    )
    priority: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, title="Prioritet", description="Helsefellesskapets rangering av søknaden (1 er høyest).",
        json_schema_extra=shown_as(fact="Prioritet i helsefellesskapet"),
    )
    period: Period | None = Field(None, title="Prosjektperiode", description="Start og slutt, som årstall eller dato.",
                                  json_schema_extra=shown_as(short="Periode"))
    target_group: Text | None = Field(None, title="Målgruppe", description="Hvem prosjektet er for.",
                                      json_schema_extra=long_text())
    themes: list[Text] = Field(
        default_factory=list, title="Tema", description="Korte temaord, f.eks. «Psykisk helse».", examples=[["Psykisk helse"]]
    )
    decision: Decision | None = Field(
        None, title="Vedtak", description="Tildelingsutvalgets vedtak. Påkrevd med innvilget beløp og vedtaksdato når status er innvilget eller avsluttet."
    )
    references: list[Reference] = Field(
        default_factory=list, title="Tiltak og metoder søknaden viser til",
        description="Lignende tiltak andre steder, og metoder og verktøy prosjektet vil bruke, som søknaden viser til. "
                    "Skriv `kind: metode` for en metode eller et verktøy; uten `kind` er det et lignende tiltak.",
        json_schema_extra=shown_as(short="Referanser", heading="Tiltak og metoder søknaden viser til",
                                   item="tiltak eller metode"),
    )
    lessons: list[Text] = Field(
        default_factory=list, title="Erfaringer", description="Erfaringer og læringspunkter fra prosjektet, én per punkt."
    )
    related: list[Slug] = Field(
        default_factory=list, title="Relaterte søknader",
        description="Filnavn (uten .md) for andre søknader i porteføljen som henger sammen med denne.",
    )
    attachments: list[Attachment] = Field(default_factory=list, title="Vedlegg", description="Vedlegg til søknaden.",
                                          json_schema_extra=shown_as(item="vedlegg"))
    extra: dict[str, Any] = Field(
        default_factory=dict, title="Andre opplysninger",
        description="Fritt formulerte tilleggsdata (nøkkel: verdi). Brukes ikke av nettstedet.",
    )
