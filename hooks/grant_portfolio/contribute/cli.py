"""The contributors' command-line tool, ``tilskudd``: ``new``, ``check``, ``import`` and ``stats``;
and, for those who keep the site running, ``docs-tree`` (the site as a docs tree for an engine
without hooks, ``grant_portfolio.docstree``).

A thin layer over the core: it asks, prints and sets the exit code (0 when all is well, 1 when
the input has errors, 2 when the command is used wrongly). Loading, validation, sums and the
import of the Word form are the same functions the site build uses, so ``check`` gives the
build's messages and ``stats`` the site's numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

import click
from babel.messages.pofile import read_po

from .new import (
    APPLICATIONS_DIR,
    ContributeError,
    application_path,
    community_of,
    existing_with_slug,
    find_community,
    find_municipalities,
    find_project_root,
    find_round,
    open_round,
    slug_for,
)
from ..docstree import EngineConfig, read_engine_config, write_docs_tree
from ..formatting import nok, number
from ..input.labels import TOTALS_COLUMNS
from ..input.examples import EXAMPLE_MARK
from ..input.load import SCHEME_FILE, display_path, find_application_files, read_application
from ..model.portfolio import Portfolio, Totals, load_portfolio
from ..problems import InputError, Problem, Severity, format_problems
from ..pages.templating import new_application_text
from ..input.scheme import Scheme, load_scheme
from ..checks.placeholders import Placeholder, find_placeholders
from ..checks.validate import ValidationResult, validate_applications
from ..model.views import PortfolioViews

PROG = "tilskudd"


def _install_norwegian() -> None:
    """Show click's own messages (help headings, usage errors) in Norwegian.

    click marks its messages for gettext but ships no translations; ours are in
    ``locale/click.nb.po``. Every click module looks its messages up through a module-level
    ``_``/``ngettext``, which are pointed at the catalogue here, before any command is defined
    (some messages are looked up when a parameter type is created)."""
    with (Path(__file__).with_name("locale") / "click.nb.po").open("rb") as po:
        catalog = read_po(po, locale="nb")

    def gettext(message: str) -> str:
        entry = catalog.get(message)
        return entry.string if entry is not None and entry.string else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        entry = catalog.get(singular)
        if entry is None or not isinstance(entry.string, tuple) or not all(entry.string):
            return singular if n == 1 else plural
        return entry.string[0 if n == 1 else 1]

    import click.core, click.decorators, click.exceptions, click.formatting  # noqa: E401
    import click.parser, click.termui, click.types, click.utils  # noqa: E401

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types, click.utils):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


_install_norwegian()

FORMAT_OPTION = click.option(
    "--format", "output_format", type=click.Choice(["tekst", "json"]), default="tekst", show_default=True,
    help="«json» gir et maskinlesbart resultat.",
)


@dataclass
class Project:
    """The project the command works on: the folder with ``applications/scheme.yml``."""

    given: Path | None

    @cached_property
    def root(self) -> Path:
        start = self.given or Path.cwd()
        root = find_project_root(start)
        if root is None:
            raise click.ClickException(
                f"Fant ikke {APPLICATIONS_DIR}/{SCHEME_FILE} i «{start}» eller mappene over. Kjør kommandoen "
                "i prosjektmappa, eller oppgi den med --prosjekt."
            )
        return root

    @property
    def applications_dir(self) -> Path:
        return self.root / APPLICATIONS_DIR

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    @cached_property
    def scheme(self) -> Scheme:
        path = self.applications_dir / SCHEME_FILE
        try:
            return load_scheme(path, self.display(path))
        except InputError as exc:
            _fail_with_problems(exc.problems)
            raise  # pragma: no cover - _fail_with_problems exits

    def validate(self, extra: list[Path] | None = None, texts: dict[Path, str] | None = None) -> tuple[ValidationResult, int]:
        """Everything under ``applications/`` (as the build checks it), plus ``extra`` files
        outside it and ``texts`` (applications given as text, by the path they are checked as);
        and how many application files that was."""
        result = validate_applications(self.applications_dir, self.scheme, self.root, texts=texts, extra=extra)
        return result, len(result.checked)

    def portfolio(self) -> Portfolio:
        try:
            return load_portfolio(self.applications_dir, self.root)
        except InputError as exc:
            _fail_with_problems(exc.problems)
            raise  # pragma: no cover


def _fail_with_problems(problems: list[Problem]) -> None:
    click.echo(format_problems(problems))
    sys.exit(1)


# click's usage line names the options and subcommands in English unless told otherwise.
COMMAND = {"options_metavar": "[VALG]"}


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             subcommand_metavar="KOMMANDO [ARGUMENTER]...", **COMMAND)
@click.option(
    "--prosjekt", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Prosjektmappa, der mappa applications/ ligger. Standard: mappa du står i, eller nærmeste mappe over.",
)
@click.pass_context
def cli(ctx: click.Context, prosjekt: Path | None) -> None:
    """Verktøy for søknadene til samhandlingstilskuddet: lag en ny søknadsfil, hent en søknad
    fra Word-skjemaet, kontroller filene og se summene.

    Skriv «tilskudd KOMMANDO --help» for hjelp til hver kommando.
    """
    ctx.obj = Project(prosjekt)


STDIN_NAME = "standard-inn.md"  # what an application on standard input is checked as, in the last round's year


# check ---------------------------------------------------------------------------------------

@cli.command("check", **COMMAND)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path),
                metavar="[FIL ELLER MAPPE]...")
@FORMAT_OPTION
@click.option("--merknader", is_flag=True, help="Vis også merknadene (de står på siden Datakvalitet og stopper ikke publiseringen).")
@click.option("--som", "as_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FIL",
              help=f"Med - (søknaden fra standard inn): fila den kontrolleres som. Standard: {STDIN_NAME} "
                   "i mappa for året til den siste søknadsrunden, for eksempel applications/2025/.")
@click.pass_obj
def check_command(project: Project, paths: tuple[Path, ...], output_format: str, merknader: bool,
                  as_path: Path | None) -> None:
    """Kontroller søknadsfilene uten å bygge nettstedet.

    Uten argumenter kontrolleres alle filene i applications/. Med filer eller mapper vises
    bare feilene i dem, men de kontrolleres sammen med de andre (to søknader kan for eksempel
    ikke ha samme filnavn). Med - leses én søknad fra standard inn og kontrolleres som om
    den var fila i --som, uten at noe skrives. Reglene og meldingene er de samme som når
    nettstedet bygges. Avslutter med kode 0 når det ikke er feil, og 1 når det er feil.
    """
    texts = {}
    if Path("-") in paths:
        year = max(round_.year for round_ in project.scheme.rounds)
        target = as_path if as_path is not None else Path(APPLICATIONS_DIR, str(year), STDIN_NAME)
        target = target if target.is_absolute() else project.root / target
        with click.open_file("-", encoding="utf-8") as stream:
            texts[target] = stream.read()
        paths = tuple(p for p in paths if p != Path("-"))
    elif as_path is not None:
        raise click.BadParameter("--som brukes bare sammen med - (søknaden fra standard inn)", param_hint="--som")
    selected = _expand(paths)
    result, checked = project.validate(extra=selected, texts=texts)
    problems = result.problems
    if selected or texts:
        shown = {project.display(p) for p in [*selected, *texts]}
        problems = [p for p in problems if p.path in shown]
        checked = len(shown)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    notices = [p for p in problems if p.severity is Severity.NOTICE]
    if output_format == "json":
        click.echo(json.dumps({
            "ok": not errors, "checked_files": checked,
            "errors": [_problem_json(p) for p in errors], "notices": [_problem_json(p) for p in notices],
        }, ensure_ascii=False, indent=2))
    else:
        _print_check(errors, notices, checked, merknader)
    sys.exit(1 if errors else 0)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += find_application_files(path)
        elif path.suffix == ".md":
            files.append(path)
        else:
            raise click.BadParameter(f"«{path}» er ikke en søknadsfil (.md)", param_hint="FIL ELLER MAPPE")
    return list(dict.fromkeys(files))


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "field": problem.field, "message": problem.message,
            "text": problem.format()}


def _print_check(errors: list[Problem], notices: list[Problem], checked: int, show_notices: bool) -> None:
    if errors:
        click.echo(format_problems(errors))
    else:
        noun = "søknadsfil" if checked == 1 else "søknadsfiler"
        click.echo(f"Ingen feil i {number(checked)} {noun}.")
    if not notices:
        return
    if show_notices:
        click.echo("\nMerknader (stopper ikke publiseringen, men står på siden Datakvalitet):")
        for notice in notices:
            click.echo(notice.format())
    else:
        noun, them = ("merknad", "den") if len(notices) == 1 else ("merknader", "dem")
        click.echo(f"{number(len(notices))} {noun} står på siden Datakvalitet; vis {them} med --merknader.")


def _check_written(project: Project, path: Path, listed: list[Problem] | None = None) -> bool:
    """Check a file the tool has just written, print the outcome, and say whether it is valid
    but for the problems ``listed`` (printed already, in another form)."""
    result, _ = project.validate(extra=[path])
    shown = project.display(path)
    errors = [p for p in result.errors if p.path == shown and p not in (listed or [])]
    if errors:
        more = " også" if listed else ""
        click.echo(f"\nKontrollen fant{more} feil som må rettes før søknaden kan publiseres:")
        click.echo(format_problems(errors))
        return False
    if not listed:
        click.echo(f"Kontrollert: ingen feil i {shown}.")
    return True


def _print_remaining(remaining: list[Placeholder]) -> None:
    """What is left of the template in a new file: each example value and placeholder text,
    with its line, and what ``check`` does until they are replaced."""
    fields = len([p for p in remaining if p.field])
    parts = len(remaining) - fields
    counts = ([f"{number(fields)} felt"] if fields else []) + (
        [f"{number(parts)} {'del' if parts == 1 else 'deler'}"] if parts else [])
    click.echo(
        "\nFila har eksempelverdier og plassholdertekst fra malen. Bytt dem ut med søknadens egne opplysninger "
        f"og tekst; til da avviser «{PROG} check» fila, og søknaden blir verken publisert eller talt med i summene. "
        f"Dette gjenstår ({' og '.join(counts)}):"
    )
    width = len(str(max(p.line for p in remaining)))
    for placeholder in remaining:
        click.echo(f"  linje {placeholder.line:>{width}}: {placeholder.where} ({placeholder.shown})")
    click.echo(
        "Stemmer en eksempelverdi for søknaden (for eksempel prosjektperioden), sletter du "
        f"«{EXAMPLE_MARK}» bak den. Et valgfritt felt som ikke er aktuelt, kan du slette."
    )


# new -----------------------------------------------------------------------------------------

@cli.command("new", **COMMAND)
@click.option("--tittel", metavar="TITTEL", help="Prosjektets navn, som i søknadsskjemaet.")
@click.option("--runde", metavar="RUNDE", help="Søknadsrunden (id eller navn, f.eks. 2025-1).")
@click.option("--kommune", "kommuner", multiple=True, metavar="KOMMUNE",
              help="En kommune som søker. Gjenta valget for flere, eller skriv dem med komma mellom.")
@click.option("--helsefellesskap", metavar="ID", help="Helsefellesskapet søknaden sendes til (id, f.eks. troms-og-ofoten). "
              "Standard: helsefellesskapet kommunene hører til.")
@click.option("--filnavn", metavar="FILNAVN", help="Filnavn uten .md (små bokstaver a–z, sifre og bindestrek). Standard: laget av tittelen.")
@click.pass_obj
def new_command(project: Project, tittel: str | None, runde: str | None, kommuner: tuple[str, ...],
                helsefellesskap: str | None, filnavn: str | None) -> None:
    """Lag en ny søknadsfil fra malen.

    Spør etter det som ikke er gitt som valg: tittel, søknadsrunde, kommuner og
    helsefellesskap. Fila lagres som applications/ÅR/FILNAVN.md, med skjemaets overskrifter
    og forklaringer til hvert felt.
    """
    scheme = project.scheme
    title = tittel or click.prompt("Prosjektets navn (som i søknadsskjemaet)", value_proc=_not_blank)
    round_ = _ask(runde, "--runde", lambda text: find_round(scheme, text),
                  "Søknadsrunde (" + ", ".join(f"{r.id} = {r.name}" for r in scheme.rounds) + ")",
                  default=open_round(scheme, dt.date.today()).id)
    if kommuner:
        municipalities = _use(list(kommuner), lambda texts: find_municipalities(scheme, texts), "--kommune")
    else:
        municipalities = click.prompt("Kommune(r), med komma mellom",
                                      value_proc=_proc(lambda text: find_municipalities(scheme, [text])))
    guess = community_of(scheme, municipalities)
    if helsefellesskap is None and guess is not None and not sys.stdin.isatty():
        community = guess  # not asked when nobody is there to answer: the municipalities' community
        click.echo(f"Helsefellesskap: {community.name} (ut fra kommunene; velg et annet med --helsefellesskap).")
    else:
        community = _ask(helsefellesskap, "--helsefellesskap", lambda text: find_community(scheme, text),
                         "Helsefellesskap (" + ", ".join(c.id for c in scheme.health_communities) + ")",
                         default=guess.id if guess else None)
    outside = [m for m in municipalities if m not in community.municipalities]
    if outside:
        click.echo(f"Merk: {', '.join(outside)} hører ikke til {community.name}. Det vises på siden Datakvalitet.")

    slug = filnavn or _use(title, slug_for, "--tittel")
    path = _use(slug, lambda s: application_path(project.root, round_, s), "--filnavn")
    _refuse_existing(project, slug, overwrite_path=None)
    values = {"title": title, "round": round_.id, "health_community": community.id,
              "municipalities": municipalities, "health_trusts": [community.health_trust]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_application_text(scheme, values), encoding="utf-8")
    shown = project.display(path)
    click.echo(f"Skrev {shown}.")
    remaining = find_placeholders(read_application(path, shown)[0])
    valid = _check_written(project, path, listed=[p.problem(shown) for p in remaining])
    if remaining:
        _print_remaining(remaining)
    click.echo(
        "\nNeste steg: åpne fila, fyll inn det som gjenstår og skriv søknadsteksten under overskriftene. "
        f"Kontroller fila med\n  {PROG} check {shown}"
    )
    sys.exit(0 if valid else 1)


def _not_blank(text: str) -> str:
    if not text.strip():
        raise click.UsageError("svaret kan ikke være tomt")
    return text.strip()


def _proc(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    """A prompt's check: a ``ContributeError`` asks the question again with the message."""
    def run(text: str) -> Any:
        try:
            return fn(text)
        except ContributeError as exc:
            raise click.UsageError(str(exc)) from None
    return run


def _use(value: Any, fn: Callable[[Any], Any], option: str) -> Any:
    """An option's check: a ``ContributeError`` stops with the message (exit code 2)."""
    try:
        return fn(value)
    except ContributeError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def _ask(given: str | None, option: str, fn: Callable[[str], Any], question: str, default: str | None = None) -> Any:
    """The option's value if given, else the answer to ``question``; both checked by ``fn``."""
    if given is not None:
        return _use(given, fn, option)
    return click.prompt(question, default=default, value_proc=_proc(fn))


def _refuse_existing(project: Project, slug: str, overwrite_path: Path | None) -> None:
    existing = existing_with_slug(project.root, slug)
    if existing is not None and (overwrite_path is None or existing.resolve() != overwrite_path.resolve()):
        raise click.ClickException(
            f"Det finnes allerede en søknad med filnavnet «{slug}.md»: {project.display(existing)}. "
            "Velg et annet filnavn med --filnavn."
        )


# import --------------------------------------------------------------------------------------

@cli.command("import", **COMMAND)
@click.argument("docx", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FIL.docx")
@click.option("--runde", metavar="RUNDE", help="Søknadsrunden (id eller navn). Standard: funnet fra fristen i skjemaet.")
@click.option("--filnavn", metavar="FILNAVN", help="Filnavn uten .md. Standard: laget av prosjektets navn i skjemaet.")
@click.option("--overskriv", is_flag=True, help="Erstatt en søknadsfil med samme navn (for eksempel etter en ny versjon av skjemaet).")
@click.pass_obj
def import_command(project: Project, docx: Path, runde: str | None, filnavn: str | None, overskriv: bool) -> None:
    """Hent en søknad fra det utfylte søknadsskjemaet (Word, .docx).

    Feltene i skjemaet (prosjektnavn, prosjekteiere, kommuner, kontaktpersoner,
    helseforetak, budsjettet og egeninnsatsen) fylles inn i forsiden, og svarene under
    skjemaets overskrifter blir søknadsteksten. Det som ikke kan plasseres i et felt, blir
    stående i teksten og listes opp. Til slutt kontrolleres fila.
    """
    from .wordform import WordFormError, import_docx

    scheme = project.scheme
    chosen = _use(runde, lambda text: find_round(scheme, text), "--runde") if runde else None
    try:
        imported = import_docx(docx, scheme, round_id=chosen.id if chosen else None)
    except WordFormError as exc:
        raise click.ClickException(str(exc)) from None
    title = str(imported.data.get("title") or docx.stem)
    round_ = scheme.round_by_id.get(str(imported.data.get("round"))) or open_round(scheme, dt.date.today())
    slug = filnavn or _use(title, slug_for, "--filnavn")
    path = _use(slug, lambda s: application_path(project.root, round_, s), "--filnavn")
    if path.exists() and not overskriv:
        raise click.ClickException(
            f"{project.display(path)} finnes allerede. Bruk --overskriv for å erstatte den, eller --filnavn for et annet navn."
        )
    _refuse_existing(project, slug, overwrite_path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(imported.text, encoding="utf-8")
    click.echo(f"Skrev {project.display(path)} fra {docx.name}.")
    if imported.notes:
        click.echo("\nValg som ble gjort under importen; se at de stemmer:")
        for line in imported.notes:
            click.echo(f"- {line}")
    if imported.unmapped:
        click.echo("\nDette kunne ikke plasseres i et felt. Det står i søknadsteksten; se over det:")
        for line in imported.unmapped:
            click.echo(f"- {line}")
    if imported.placeholders:
        click.echo("\nSkjemaets plassholdertekst er ikke svar fra søkeren og er ikke tatt med. Fyll inn det som "
                   "mangler i søknadsfila:")
        for line in imported.placeholders:
            click.echo(f"- {line}")
    valid = _check_written(project, path)
    sys.exit(0 if valid else 1)


# stats ---------------------------------------------------------------------------------------

@cli.command("stats", **COMMAND)
@FORMAT_OPTION
@click.pass_obj
def stats_command(project: Project, output_format: str) -> None:
    """Vis summene per helsefellesskap og søknadsrunde.

    Tallene er de samme som på nettstedets side Budsjett: antall søknader, søkt beløp,
    egeninnsats og innvilget beløp. Kontrollen må være uten feil.
    """
    views = PortfolioViews(project.portfolio())
    if output_format == "json":
        click.echo(json.dumps(stats_json(views), ensure_ascii=False, indent=2))
        return
    total = _row("Sum", views.budget.totals)
    click.echo("Per helsefellesskap")
    click.echo(_text_table([_row(v.community.name, v.totals) for v in views.communities] + [total]))
    click.echo("\nPer søknadsrunde")
    click.echo(_text_table([_row(v.round.name, v.totals) for v in views.rounds] + [total]))
    for round_view in views.rounds:
        click.echo(f"\n{round_view.round.name} ({round_view.round.id}) per helsefellesskap")
        click.echo(_text_table([_row(c.community.name, c.totals) for c in round_view.committee]
                               + [_row("Sum", round_view.totals)]))


# The columns of every table: the sums the site's budget page shows, named as there.
STAT_COLUMNS = tuple((column.key, column.label) for column in TOTALS_COLUMNS)


def _row(name: str, totals: Totals, **keys: str) -> dict[str, Any]:
    return {**keys, "name": name, **{key: getattr(totals, key) for key, _ in STAT_COLUMNS}}


def stats_json(views: PortfolioViews) -> dict[str, Any]:
    """The sums as data: per community, per round, per round and community, and in all."""
    return {
        "total": _row("Sum", views.budget.totals),
        "health_communities": [_row(v.community.name, v.totals, id=v.community.id) for v in views.communities],
        "rounds": [_row(v.round.name, v.totals, id=v.round.id) for v in views.rounds],
        "rounds_by_health_community": [
            _row(c.community.name, c.totals, round=v.round.id, health_community=c.community.id)
            for v in views.rounds for c in v.committee
        ],
    }


def _text_table(rows: list[dict[str, Any]]) -> str:
    """Aligned columns; the last row is the sum, set off by a rule."""
    header = [""] + [label for _, label in STAT_COLUMNS]
    body = [[row["name"], number(row["count"])] + [nok(row[key]) for key, _ in STAT_COLUMNS[1:]] for row in rows]
    widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]
    lines = []
    for index, line in enumerate([header] + body):
        if index == len(body):
            lines.append("  ".join("-" * w for w in widths))
        cells = [line[0].ljust(widths[0])] + [cell.rjust(widths[i + 1]) for i, cell in enumerate(line[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# docs-tree -----------------------------------------------------------------------------------

@cli.command("docs-tree", **COMMAND)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), metavar="MAPPE")
@click.option("--adresse", metavar="URL", help="Nettstedets fullstendige adresse, som de åpne dataene lenker til. "
              "Standard: site_url i mkdocs.yml.")
@click.pass_obj
def docs_tree_command(project: Project, folder: Path, adresse: str | None) -> None:
    """Skriv hele nettstedet som en vanlig docs-mappe, for en byggemotor uten hooks.

    MAPPE får de håndskrevne sidene fra docs/, alle genererte sider som Markdown,
    søknadssidene som ferdig HTML i Markdown-filer, og de åpne dataene, strømmen,
    søkeindeksen og vedleggene der de skal ligge på nettstedet. Bygg den med prosjektets
    mkdocs.yml uten «hooks:», med «docs_dir:» satt til MAPPE. Hva et slikt bygg mangler,
    står på siden Ytelse og måling. MAPPE må være ny eller tom. Kontrollen er den samme som
    når nettstedet bygges.
    """
    try:
        config = read_engine_config(project.root)
        if adresse:
            config = EngineConfig(adresse if adresse.endswith("/") else adresse + "/", config.directory_urls,
                                  config.docs_dir)
        tree = write_docs_tree(project.root, folder.resolve(), config)
    except InputError as exc:
        _fail_with_problems(exc.problems)
    click.echo(f"Skrev {number(len(tree.markdown_pages))} genererte sider, {number(len(tree.application_pages))} "
               f"søknadssider, {number(len(tree.files))} filer og {number(len(tree.hand_written))} filer fra docs/ "
               f"til {folder}.")
    for warning in tree.link_warnings:
        click.echo(warning, err=True)
    if tree.link_warnings:  # as ``build --strict`` would refuse the site
        sys.exit(1)


def main() -> None:
    cli(prog_name=PROG)
