"""The find page (``/finn/``): every application, with facets, a text filter and sorting.

Without JavaScript the page is the full list (pre-built pages do the filtering: one per health
community, round, municipality and theme). With JavaScript the browser filters the same list
from a compact data file written here (``finn/soknader.json``). This module defines the
facets once and implements their meaning in Python too, so the generated counts and the
browser's counts can be checked against each other.

Facet semantics, the same in both places:

- values within one facet are alternatives (any of them), facets combine (all of them);
- the text filter keeps applications whose title, summary and municipalities' names contain
  every word typed, ignoring case; a municipality is found by every official name it has
  (Kautokeino also by Guovdageaidnu, Nordreisa by Ráisa and Raisi);
- a value's count is the number of applications the selection would give with that value
  chosen in its facet instead of the facet's own choices, the other facets and the text as they
  are (so choosing a value shows exactly its count, and alternatives keep their counts);
- unknown is not zero: an application without a decision has no granted amount (``null`` in
  the data file), the granted sum of a selection adds up the decided applications only and says
  how many wait for a decision (``granted_text``), and sorting by the granted amount puts the
  undecided applications last, whichever way it sorts.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

from .. import formatting
from ..pages.paths import community_page, municipality_page, round_page
from .portfolio import Portfolio, Totals, granted_amount
from ..input.records import ApplicationRecord
from ..input.reference import field_docs
from ..pages.paths import theme_page
from .themes import ThemeIndex

TEXT_PARAMETER = "tekst"
SORT_PARAMETER = "sorter"
# With JavaScript the list shows this many entries at a time, with buttons for more: filtering
# then costs the same however many applications match.
PAGE_SIZE = 50
# The data file's format: part of its version mark, so a script never reads a file in another
# format. 2: an application without a decision has granted ``null`` (it was 0). 3: ``text``, the
# municipalities' official names for the text filter.
DATA_FORMAT = 3
# The granted part of the totals line, by what is known of the selection's decisions: all of
# them decided (or no applications), some, or none. ``{belop}`` is the sum of the decided
# applications' granted amounts, ``{venter}`` how many applications wait for a decision. The
# page hands these to its script (data-* attributes), which picks one the same way.
GRANTED_WORDING = {
    "all": "innvilget i alt {belop}",
    "some": "innvilget i alt {belop} ({venter} venter på vedtak)",
    "none": "ingen vedtak ennå",
}


@dataclass(frozen=True)
class FacetValue:
    id: str  # in the page address: ?kommuner=tromso
    label: str
    page: str | None = None  # the pre-built page with the same applications, if there is one
    # What the text filter finds the value's applications by: a municipality's official names.
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facet:
    """One way to narrow the list. ``field`` is the front-matter field it comes from; its title
    in the schema is the facet's label. Its parameter in the address is fixed here, so that
    shared addresses keep working when a title is reworded."""

    field: str
    values: tuple[FacetValue, ...]
    codes: Callable[[ApplicationRecord], tuple[int, ...]]  # an application's values, as indexes

    @cached_property
    def label(self) -> str:
        return _FIELD_TITLES[self.field]

    @cached_property
    def parameter(self) -> str:
        return PARAMETERS[self.field]

    @cached_property
    def index_of(self) -> dict[str, int]:
        return {value.id: index for index, value in enumerate(self.values)}


# The facets' parameters in the page address (?kommune=tromso), by front-matter field.
PARAMETERS = {
    "health_community": "helsefellesskap",
    "round": "runde",
    "status": "status",
    "municipalities": "kommune",
    "themes": "tema",
    "budget.requested": "belop",
}


@dataclass(frozen=True)
class Sort:
    """A sort order. ``by`` is a single-valued facet's field (``round``), ``requested``,
    ``granted`` or ``title`` (the data file's own order). Ties go in title order."""

    id: str
    label: str
    by: str
    descending: bool = False


# Rounds are listed newest first, so the round facet's first value is the newest round.
SORTS = (
    Sort("runde", "Nyeste runde først", "round"),
    Sort("eldste-runde", "Eldste runde først", "round", descending=True),
    Sort("sokt-hoyest", "Høyest søkt beløp først", "requested", descending=True),
    Sort("sokt-lavest", "Lavest søkt beløp først", "requested"),
    Sort("innvilget-hoyest", "Høyest innvilget beløp først", "granted", descending=True),
    Sort("tittel", "Tittel (A–Å)", "title"),
)
DEFAULT_SORT = SORTS[0]
_FIELD_TITLES = {doc.path: doc.title for doc in field_docs()}


def amount_bands(limits: list[int]) -> list[FacetValue]:
    """The bands between the scheme's rising limits: below the first, between each pair, and
    from the last up."""
    edges = [0, *limits, None]
    values = []
    for low, high in itertools.pairwise(edges):
        if low == 0:
            label = f"Under {formatting.nok(high)}"
        elif high is None:
            label = f"{formatting.nok(low)} og mer"
        else:
            label = f"{formatting.number(low)}–{formatting.nok(high - 1)}"
        values.append(FacetValue(f"{low}-{'' if high is None else high - 1}", label))
    return values


def granted_case(totals: Totals) -> str:
    """Which of ``GRANTED_WORDING`` fits a selection's totals."""
    if totals.decided == totals.count:
        return "all"
    return "none" if totals.decided == 0 else "some"


def granted_text(totals: Totals) -> str:
    """The granted part of the totals line for a selection, as the page shows it."""
    return GRANTED_WORDING[granted_case(totals)].format(
        belop=formatting.nok(totals.granted), venter=formatting.number(totals.undecided))


class FindIndex:
    """The facets and each application's values, in title order (the data file's order)."""

    granted_wording = GRANTED_WORDING
    granted_text = staticmethod(granted_text)
    granted = staticmethod(granted_amount)  # an application's granted amount, None while undecided

    def __init__(self, portfolio: Portfolio, themes: ThemeIndex):
        scheme = portfolio.scheme
        self.portfolio = portfolio
        self.applications: list[ApplicationRecord] = sorted(
            portfolio.applications, key=lambda r: (formatting.sort_key_nb(r.meta.title), r.slug))
        municipalities = sorted(portfolio.municipalities_involved, key=formatting.sort_key_nb)
        facets = [
            _single("health_community", [FacetValue(c.id, c.name, community_page(c.id))
                                         for c in scheme.health_communities],
                    lambda r: r.meta.health_community),
            _single("round", [FacetValue(r.id, r.name, round_page(r.id)) for r in reversed(scheme.rounds)],
                    lambda r: r.meta.round),
            _single("status", [FacetValue(s.id, s.label) for s in scheme.statuses], lambda r: r.meta.status),
            _several("municipalities",
                     [FacetValue(m.slug, m.name, municipality_page(m.slug), m.names)
                      for m in (scheme.municipality_by_name[name] for name in municipalities)],
                     lambda r: [scheme.municipality_by_name[name].slug for name in r.meta.municipalities]),
            _several("themes", [FacetValue(t.slug, t.name, theme_page(t.slug)) for t in themes.themes],
                     lambda r: [t.slug for t in themes.themes_of(r)]),
        ]
        if scheme.amount_bands:
            limits = scheme.amount_bands
            facets.append(Facet("budget.requested", tuple(amount_bands(limits)),
                                lambda r: (bisect_right(limits, r.meta.budget.requested),)))
        self.facets: list[Facet] = facets
        self.by_parameter = {facet.parameter: facet for facet in facets}
        self.rows: list[tuple[tuple[int, ...], ...]] = [tuple(f.codes(r) for f in facets) for r in self.applications]
        self.position = {record.slug: index for index, record in enumerate(self.applications)}
        # The facets whose values are found by name (the municipalities), by position.
        self._named = [(n, facet) for n, facet in enumerate(facets) if any(v.names for v in facet.values)]

    # The same filtering as the page's script ----------------------------------------------
    def _wanted(self, selection: Mapping[str, Collection[str]]) -> list[set[int] | None]:
        wanted: list[set[int] | None] = []
        for facet in self.facets:
            chosen = {facet.index_of[v] for v in selection.get(facet.parameter, ()) if v in facet.index_of}
            wanted.append(chosen or None)
        return wanted

    @cached_property
    def texts(self) -> list[str]:
        """What the text filter searches, per application in title order: its title and summary
        (``searchable_text``, as the page shows them) and every official name of its
        municipalities, normalised. The page's script puts the names from the data file
        (``text``) after the title and summary the same way."""
        return [normalized(" ".join([searchable_text(record),
                                     *(" ".join(facet.values[code].names) for n, facet in self._named
                                       for code in row[n])]))
                for record, row in zip(self.applications, self.rows, strict=True)]

    def _text_matches(self, text: str) -> list[bool]:
        words = normalized(text).split()
        return [all(word in searchable for word in words) for searchable in self.texts]

    def select(self, selection: Mapping[str, Collection[str]], text: str = "",
               sort: str = DEFAULT_SORT.id) -> list[ApplicationRecord]:
        """The applications a selection gives (``{"kommuner": ["tromso"]}``), in ``sort`` order."""
        wanted, texts = self._wanted(selection), self._text_matches(text)
        chosen = [i for i, row in enumerate(self.rows)
                  if texts[i] and all(w is None or w.intersection(codes) for w, codes in zip(wanted, row, strict=True))]
        return [self.applications[i] for i in self.sorted_indexes(chosen, sort)]

    def counts(self, selection: Mapping[str, Collection[str]], text: str = "") -> dict[str, list[int]]:
        """Each facet value's count for a selection, by facet parameter, in value order."""
        wanted, texts = self._wanted(selection), self._text_matches(text)
        counts = [[0] * len(f.values) for f in self.facets]
        for i, row in enumerate(self.rows):
            if not texts[i]:
                continue
            missed = [n for n, (w, codes) in enumerate(zip(wanted, row, strict=True))
                      if w is not None and not w.intersection(codes)]
            for n, codes in enumerate(row):
                if not missed or missed == [n]:
                    for code in codes:
                        counts[n][code] += 1
        return {facet.parameter: counts[n] for n, facet in enumerate(self.facets)}

    def sort_column(self, sort: Sort) -> str:
        """The data file's column a sort uses, as the page's script names it: a facet's
        parameter, ``requested``, ``granted`` or ``title``."""
        return PARAMETERS[sort.by] if sort.by in PARAMETERS else sort.by

    def sorted_indexes(self, indexes: list[int], sort_id: str) -> list[int]:
        """An unknown sort id gives the default order, as on the page."""
        sort = next((s for s in SORTS if s.id == sort_id), DEFAULT_SORT)
        if sort.by == "title":
            return sorted(indexes)
        if sort.by in ("requested", "granted"):
            key = (lambda i: self.applications[i].meta.budget.requested) if sort.by == "requested" \
                else (lambda i: granted_amount(self.applications[i]))
        else:
            column = [f.field for f in self.facets].index(sort.by)
            key = lambda i: self.rows[i][column][0]  # noqa: E731
        sign = -1 if sort.descending else 1
        if sort.by == "granted":  # the undecided last, whichever way
            return sorted(indexes, key=lambda i: (key(i) is None, sign * (key(i) or 0), i))
        return sorted(indexes, key=lambda i: (sign * key(i), i))

    @property
    def default_order(self) -> list[ApplicationRecord]:
        return [self.applications[i] for i in self.sorted_indexes(list(range(len(self.rows))), DEFAULT_SORT.id)]

    @cached_property
    def totals(self) -> Totals:
        return Totals.of(self.applications)

    @cached_property
    def full_counts(self) -> dict[str, list[int]]:
        return self.counts({})

    @cached_property
    def version(self) -> str:
        """A fingerprint of the data file's format (``DATA_FORMAT``) and content and of which
        application is at which position, in the page and in the file's address: the script
        refuses a file from another build."""
        content = json.dumps([DATA_FORMAT, [r.slug for r in self.applications], self._document], ensure_ascii=False)
        return hashlib.sha256(content.encode()).hexdigest()[:16]

    @cached_property
    def _document(self) -> dict:
        return {
            "facets": [facet.parameter for facet in self.facets],
            "values": [[value.id for value in facet.values] for facet in self.facets],
            "apps": [[*map(list, row), r.meta.budget.requested, granted_amount(r)]
                     for row, r in zip(self.rows, self.applications, strict=True)],
            "text": {facet.parameter: [" ".join(value.names) for value in facet.values] for _, facet in self._named},
        }

    def data(self) -> bytes:
        """The data file: its version, the facets' parameters and value ids, and per application
        (in title order) its value indexes per facet, then requested and granted amounts (granted
        ``null`` while there is no decision: unknown, not 0), and per facet whose values are found
        by name (the municipalities) the names of each value, for the text filter. The other text
        (titles, summaries) stays in the page, where it is shown and searched."""
        document = {"version": self.version, **self._document}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def searchable_text(record: ApplicationRecord) -> str:
    """The part of what the text filter searches that the page shows in its list: the title and
    the summary together. The page's script reads the same text from the list; the
    municipalities' names come with it (``FindIndex.texts``)."""
    return normalized(f"{record.meta.title} {record.meta.summary or ''}")


def normalized(text: str) -> str:
    """Composed characters (an «å» pasted from a PDF may be «a» and a ring), in lower case, with
    single spaces (the page shows a line break as a space): the same as the script's
    ``normalize("NFC").toLowerCase()`` with runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _single(field: str, values: list[FacetValue], value_of: Callable[[ApplicationRecord], str]) -> Facet:
    index = {value.id: i for i, value in enumerate(values)}
    return Facet(field, tuple(values), lambda r: (index[value_of(r)],))


def _several(field: str, values: list[FacetValue], values_of: Callable[[ApplicationRecord], list[str]]) -> Facet:
    index = {value.id: i for i, value in enumerate(values)}
    return Facet(field, tuple(values), lambda r: tuple(dict.fromkeys(index[v] for v in values_of(r))))
