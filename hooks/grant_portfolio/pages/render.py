"""Render the generated pages from the site model with the Jinja templates (``templating``):
application pages as finished HTML (``pagehtml``), the overview pages as Markdown for the site
builder."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape

from .. import formatting
from ..checks import quality, safety
from ..checks.quality import application_notes
from ..exports.opendata import export_field_docs
from ..input.labels import totals_columns
from ..input.records import ApplicationRecord
from ..input.reference import field_docs
from ..input.schema import BY_EDITORS, CATEGORY_SOURCES, REFERENCE_KINDS
from ..input.scheme import HealthCommunity, Municipality, Round, Scheme
from ..model import related as related_module
from ..model.find import PAGE_SIZE, SORT_PARAMETER, SORTS, TEXT_PARAMETER
from ..model.portfolio import Totals
from ..model.site import SiteModel
from ..model.views import PortfolioViews
from .charts import BarChart, Series
from .guide import error_guide
from .maps import MapMaker
from .pagehtml import HtmlPage, add_heading_ids, headings, text_html
from .paths import (
    APPLICATIONS_PAGE, BUDGET_PAGE, COMMUNITIES_PAGE, CONTRIBUTE_PAGE, DATA_PAGE, ERRORS_PAGE, FIELDS_PAGE, FIND_DATA, FIND_PAGE,
    HOME_PAGE, LESSONS_PAGE, MUNICIPALITIES_PAGE, NEW_FORM_PAGE, PAGES, QUALITY_PAGE, REFERENCES_PAGE, RELATED_METHOD_PAGE,
    ROUNDS_PAGE, TEMPLATE_PAGE, THEMES_PAGE, application_page, community_page, municipality_page, relative_path,
    relative_url, round_page,
)
from .templating import make_environment, new_application_text
from ..contribute.webform import INTRO, SourceRepository, config_json, form_config, form_fields, option_groups
from ..input.load import APPLICATIONS_DIR


BLOCK = "<!-- html-blokk {} -->"
# Lists and summaries with wide tables use the whole content width: no table of contents beside them.
WIDE_TEMPLATES = frozenset({
    "applications.md.j2", "communities.md.j2", "community.md.j2", "rounds.md.j2", "round.md.j2",
    "municipalities.md.j2", "municipality.md.j2", "budget.md.j2", "themes.md.j2", "theme.md.j2",
    "data.md.j2", "field_reference.md.j2",
})
_HIDE_TOC = "hide:\n  - toc\n"
_BLOCK = re.compile(r"<!-- html-blokk (\d+) -->")


@dataclass(frozen=True)
class MarkdownPage:
    """A generated page's Markdown, with its long lists and tables as HTML blocks kept out of it.

    A template writes such a block inside ``{% call html_block() %}``; ``text`` has a numbered
    HTML comment in its place, and the block is in ``blocks``. Markdown converters pass a
    comment on at once, but read every tag of a block of HTML: at a thousand applications the
    lists cost more to convert than everything else on the pages. ``inline()`` is the page with
    the blocks in place, valid Markdown for any converter; ``fill()`` puts them into the page
    converted from ``text``."""

    text: str
    blocks: tuple[str, ...] = ()

    def inline(self) -> str:
        return fill_blocks(self.text, self.blocks)

    def fill(self, converted: str) -> str:
        """The HTML converted from ``text``, with the blocks in place."""
        return fill_blocks(converted, self.blocks)


def without_toc(text: str) -> str:
    """A page's Markdown with ``hide: [toc]`` in its front matter (Material's switch for the
    table of contents), added to the front matter it has or as its own."""
    if text.startswith("---\n") and "\n---\n" in text[3:]:
        head, _, rest = text[4:].partition("\n---\n")
        return text if "\nhide:" in "\n" + head else f"---\n{head}\n{_HIDE_TOC}---\n{rest}"
    return f"---\n{_HIDE_TOC}---\n{text}"


def fill_blocks(text: str, blocks: tuple[str, ...]) -> str:
    """``text`` (Markdown, or the HTML made from it) with each block's placeholder replaced."""
    return _BLOCK.sub(lambda match: blocks[int(match.group(1))], text) if blocks else text


class PageRenderer:
    """Renders every generated page of the site; page ids are paths as MkDocs sees them."""

    def __init__(self, model: SiteModel, directory_urls: bool = True, schema_url: str | None = None,
                 repository: SourceRepository | None = None):
        self.model = model
        self.schema_url = schema_url  # the published JSON Schema's address (its $id)
        self.repository = repository  # where the web form proposes new files
        self.portfolio = model.portfolio
        self.directory_urls = directory_urls  # page addresses: soknader/x/ (True) or soknader/x.html
        self.scheme: Scheme = model.portfolio.scheme
        self.env = make_environment()
        self.html_env = make_environment(html=True)
        for env in (self.env, self.html_env):
            env.filters.update(trust_name=lambda tid: self.scheme.trust_by_id[tid].name)
        self.maps = None if model.region_map is None else MapMaker(
            model.region_map, self.scheme, model.views, self.html_env,
            lambda page, target: relative_url(page, target, directory_urls))

    # Helpers available in templates --------------------------------------------------------
    def _context(self, page: str, **extra: Any) -> dict[str, Any]:
        def link(text: Any, target: str) -> Markup:
            return Markup(f"[{formatting.md_escape(text)}]({relative_path(target, posixpath.dirname(page))})")

        def html_link(text: Any, target: str) -> Markup:
            url = relative_url(page, target, self.directory_urls)
            return Markup(f'<a href="{escape(url)}">{escape(text)}</a>')

        markdown = self._links(link, formatting.md_escape)
        html = self._links(html_link, escape)

        def count_link(count: int, target: str, label: str) -> Markup:
            """A number as a link, with a label that says what it counts (for screen readers)."""
            label = str(formatting.md_escape(label)).replace('"', "&quot;")
            return Markup(f'{link(formatting.number(count), target)}{{ aria-label="{label}" }}')

        return {
            "scheme": self.scheme,
            "portfolio": self.portfolio,
            "page": page,
            "pages": PAGES,
            **vars(markdown),
            # The same helpers giving HTML, for the parts of a page written as HTML (the fact box
            # and related applications on application pages: Markdown costs more to convert).
            "h": html,
            "count_link": count_link,
            "themes": self.model.themes,
            "views": self.model.views,
            "maps": self.maps,  # None when the scheme has no map
            "built_text": formatting.date_nb(self.model.built),
            "totals_of": Totals.of,  # one application's totals, for the _totals macros
            # A data-quality notice's field as readers know it (budsjettlinje 10, «…»), not its path.
            "notice_field": lambda field, record=None: quality.reader_field(field, record.meta if record else None),
            "reference_kinds": REFERENCE_KINDS,
            "category_sources": {c.value: c for c in CATEGORY_SOURCES},
            "by_editors": BY_EDITORS,
            **extra,
        }

    def _links(self, link: Callable[[Any, str], Markup], text: Callable[[Any], Any]) -> SimpleNamespace:
        """Links to the generated pages, and the status badge, made with ``link`` and ``text``
        (Markdown or HTML)."""
        scheme = self.scheme

        def app_link(record: ApplicationRecord) -> Markup:
            return link(record.meta.title, application_page(record.slug))

        def community_link(community: HealthCommunity | str, short: bool = False) -> Markup:
            if isinstance(community, str):
                community = scheme.community_by_id[community]
            return link(community.label if short else community.name, community_page(community.id))

        def round_link(round_: Round | str, short: bool = False) -> Markup:
            if isinstance(round_, str):
                round_ = scheme.round_by_id[round_]
            return link(round_.name, round_page(round_.id))  # readers know a round by its name, never its id

        def municipality_link(municipality: Municipality | str) -> Markup:
            if isinstance(municipality, str):
                municipality = scheme.municipality_by_name[municipality]
            return link(municipality.name, municipality_page(municipality.slug))

        def municipality_links(names: list[str]) -> Markup:
            return Markup(", ").join(municipality_link(name) for name in names)

        def status_badge(status_id: str) -> Markup:
            status = scheme.status_by_id[status_id]
            return Markup(f'<span class="status-badge status-badge--{status.id}">{text(status.label)}</span>')

        return SimpleNamespace(link=link, app_link=app_link, community_link=community_link, round_link=round_link,
                               municipality_link=municipality_link, municipality_links=municipality_links,
                               status_badge=status_badge)

    def render(self, template: str, page: str, **extra: Any) -> MarkdownPage:
        blocks: list[str] = []

        def html_block(caller: Callable[[], str]) -> Markup:
            """``{% call html_block() %}…{% endcall %}``: HTML kept out of the Markdown."""
            blocks.append(caller().strip())
            return Markup("\n\n" + BLOCK.format(len(blocks) - 1) + "\n\n")

        text = self.env.get_template(template).render(self._context(page, html_block=html_block, **extra))
        if template in WIDE_TEMPLATES:
            text = without_toc(text)
        return MarkdownPage(text, blocks)

    # Pages ---------------------------------------------------------------------------------
    def application_page(self, record: ApplicationRecord) -> HtmlPage:
        """An application's page as finished HTML (see ``pagehtml``)."""
        page = application_page(record.slug)
        body, links = text_html(record.body, page, self.directory_urls)
        notes = application_notes(self._notices_by_file.get(record.display_path, ()), len(record.meta.budget.lines))
        context = self._context(page, app=record, meta=record.meta, body=Markup(body),
                                related=self.model.related[record.slug], notes=notes)
        text = add_heading_ids(self.html_env.get_template("application.html.j2").render(context))
        return HtmlPage(title=record.meta.title, html=text, headings=headings(text), links=links,
                        source=record.display_path)

    @cached_property
    def _notices_by_file(self) -> dict[str, list]:
        """The data-quality notices by application file, for the application pages."""
        return {path: notices for _record, path, notices in self.model.notice_groups}

    def html_pages(self) -> dict[str, Callable[[], HtmlPage]]:
        """The pages made as HTML (the application pages), by their path in the source tree,
        each rendered when it is asked for: a builder holds one at a time."""
        return {application_page(record.slug): partial(self.application_page, record)
                for record in self.portfolio.applications}

    def find_page(self) -> MarkdownPage:
        return self.render(
            "find.md.j2", FIND_PAGE, find=self.model.find, sorts=SORTS, text_parameter=TEXT_PARAMETER,
            sort_parameter=SORT_PARAMETER, page_size=PAGE_SIZE, data_file=posixpath.relpath(FIND_DATA, posixpath.dirname(FIND_PAGE)),
            currency_pattern=formatting.nok(0).replace("0", "{amount}"))

    def new_form_page(self) -> MarkdownPage:
        """The web form that writes a new application file (``contribute.webform``)."""
        page = NEW_FORM_PAGE
        config = form_config(self.scheme, self.schema_url, self.repository)
        form = self.html_env.get_template("new_form.html.j2").render(
            fields=form_fields(self.scheme), sections=[s for s in self.scheme.sections if s.in_body],
            intro=INTRO, folder=APPLICATIONS_DIR, repository=self.repository, config_json=Markup(config_json(config)),
            template_text=new_application_text(self.scheme),
            template_url=relative_url(page, TEMPLATE_PAGE, self.directory_urls),
            contribute_url=relative_url(page, CONTRIBUTE_PAGE, self.directory_urls),
            community_names={c.id: c.name for c in self.scheme.health_communities}, option_groups=option_groups)
        return self.render("new_form.md.j2", page, form_html=Markup(form))

    def data_page(self, **extra: Any) -> MarkdownPage:
        """The open-data page; the exports' facts (columns, files, sizes) come from the caller."""
        return self.render("data.md.j2", DATA_PAGE, export_fields=export_field_docs(), **extra)

    def pages(self) -> dict[str, MarkdownPage]:
        """Every generated Markdown page, keyed by its path in the site's source tree (the
        application pages are HTML: ``html_pages``)."""
        pages = {
            HOME_PAGE: self.render("home.md.j2", HOME_PAGE, totals=self.portfolio.totals),
            APPLICATIONS_PAGE: self.render("applications.md.j2", APPLICATIONS_PAGE),
            QUALITY_PAGE: self.render("quality.md.j2", QUALITY_PAGE, groups=self.model.notice_groups),
            FIELDS_PAGE: self.render("field_reference.md.j2", FIELDS_PAGE, fields=field_docs(), html=safety),
            TEMPLATE_PAGE: self.render("template_page.md.j2", TEMPLATE_PAGE,
                                       new_file=Markup(new_application_text(self.scheme))),
            ERRORS_PAGE: self.render("error_guide.md.j2", ERRORS_PAGE, guide=error_guide(self.scheme)),
            NEW_FORM_PAGE: self.new_form_page(),
            FIND_PAGE: self.find_page(),
        }
        pages.update(self.committee_pages())
        pages.update(self.sharing_pages())
        return pages

    def sharing_pages(self) -> dict[str, MarkdownPage]:
        """Experience sharing: themes, lessons, references and how related applications are chosen."""
        themes = self.model.themes
        lesson_groups = self.model.lessons
        with_lessons = {group.theme.slug for group in lesson_groups if group.theme}
        references = self.model.references
        pages = {
            THEMES_PAGE: self.render("themes.md.j2", THEMES_PAGE),
            LESSONS_PAGE: self.render("lessons.md.j2", LESSONS_PAGE, groups=lesson_groups),
            REFERENCES_PAGE: self.render(
                "references.md.j2", REFERENCES_PAGE, references=references,
                citing=len({c.record.slug for ref in references for c in ref.citations})),
            RELATED_METHOD_PAGE: self.render("related_method.md.j2", RELATED_METHOD_PAGE, c=related_module),
        }
        for theme in themes.themes:
            pages[theme.page] = self.render("theme.md.j2", theme.page, theme=theme,
                                            lessons=theme.slug in with_lessons)
        return pages

    def committee_pages(self) -> dict[str, MarkdownPage]:
        """Health community, round, municipality and budget pages."""
        views = self.model.views
        pages = {
            COMMUNITIES_PAGE: self.render("communities.md.j2", COMMUNITIES_PAGE),
            ROUNDS_PAGE: self.render("rounds.md.j2", ROUNDS_PAGE),
            MUNICIPALITIES_PAGE: self.render("municipalities.md.j2", MUNICIPALITIES_PAGE),
            BUDGET_PAGE: self.render("budget.md.j2", BUDGET_PAGE, budget=views.budget,
                                     charts=budget_charts(views)),
        }
        for view in views.communities:
            page = community_page(view.community.id)
            pages[page] = self.render("community.md.j2", page, view=view)
        for view in views.rounds:
            page = round_page(view.round.id)
            pages[page] = self.render("round.md.j2", page, view=view)
        for view in views.municipalities:
            page = municipality_page(view.municipality.slug)
            pages[page] = self.render("municipality.md.j2", page, view=view)
        return pages


def budget_charts(views: PortfolioViews) -> dict[str, BarChart]:
    """Requested against granted, per community and per round."""
    budget = views.budget
    return {
        "communities": _requested_vs_granted(
            "diagram-helsefellesskap", "Søkt og innvilget beløp per helsefellesskap",
            [(view.community.label, view.totals) for view in budget.communities]),
        "rounds": _requested_vs_granted(
            "diagram-runder", "Søkt og innvilget beløp per søknadsrunde",
            [(view.round.name, view.totals) for view in budget.rounds]),
    }


def _requested_vs_granted(chart_id: str, title: str, rows: list[tuple[str, Totals]]) -> BarChart:
    """Only the rows with applications; a granted amount is unknown (no bar) where no
    application in the row has a decision, as the tables beside the chart say."""
    rows = [(name, totals) for name, totals in rows if totals.count]

    def value(column, totals: Totals) -> int | None:
        return None if column.key == "granted" and not totals.decided else column.value(totals)

    return BarChart(
        id=chart_id,
        title=title,
        categories=tuple(label for label, _ in rows),
        # One series per totals column, named as in the tables beside the chart.
        series=tuple(Series(column.key, column.label, tuple(value(column, t) for _, t in rows), unknown="ikke vedtatt")
                     for column in totals_columns(["requested", "granted"])),
    )
