"""Synthetic portfolios for the benchmark: a buildable copy of the project with N applications.

``write_project(root, n, seed)`` copies the site (``mkdocs.yml``, ``docs/``, ``overrides/``,
the hook adapter and ``applications/scheme.yml``, but not the real applications) and writes
``n`` applications shaped like the real ones: spread over the scheme's rounds, communities,
their municipalities and health trust, and the statuses; themes, target groups, budgets whose
lines sum to the requested amount, references and lessons drawn from shared pools; bodies of
10–20 KB of Norwegian text under the form's headings, each dominated by one or two topics so
that text similarity between applications is meaningful.

The output depends only on ``n`` and ``seed``: application ``i`` is drawn from its own
``random.Random`` seeded from ``seed`` and ``i``, so the first 100 applications of a
1000-application portfolio are the 100 of a 100-application one (only the priorities, which
are ranked within each community and round, differ).

    python -m bench.synth DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from grant_portfolio.input.scheme import HealthCommunity, Scheme, load_scheme, scheme_data_files
from slugify import slugify

from . import vocabulary as vocab

ROOT = Path(__file__).resolve().parent.parent
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BODY_MIN, BODY_MAX = 10_000, 20_000  # bytes of body text per application

# Share of each status (scheme ids); completed and granted carry a decision.
STATUS_WEIGHTS = {"submitted": 30, "prioritised": 25, "granted": 20, "rejected": 12, "withdrawn": 5, "completed": 8}
# Statuses whose applications the community has ranked.
RANKED = {"prioritised", "granted", "rejected", "completed"}

# How much of the body each section takes (relative), by section id; others get 1.
SECTION_WEIGHT = {"description": 3, "benefit": 2, "purpose": 2, "budget": 1, "responsibility": 1,
                  "digital": 1, "plan": 6, "involvement": 1.5}


def copy_site(root: Path) -> None:
    """The site's configuration and hand-written pages, and the scheme, without applications.

    Only the hook adapter is copied from ``hooks/``: MkDocs puts the hook's folder first on
    ``sys.path``, so copying the core too would build with the copy rather than with the
    installed (editable) ``grant_portfolio`` that the in-process timings use."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    (root / "hooks").mkdir(exist_ok=True)
    shutil.copy(ROOT / "hooks" / "mkdocs_hooks.py", root / "hooks" / "mkdocs_hooks.py")
    (root / "applications").mkdir(exist_ok=True)
    for path in scheme_data_files(ROOT / "applications"):  # the scheme and the map's boundaries
        shutil.copy(path, root / "applications" / path.name)


def write_project(root: Path, n: int, seed: int = 1, short_bodies: bool = False) -> None:
    """A complete, buildable project in ``root`` with ``n`` synthetic applications.

    ``short_bodies``: one sentence under each required heading instead of 10–20 kB, for
    browser tests that need many applications but not their text (the front matter is the
    same either way)."""
    root = Path(root)
    if root.resolve() == ROOT:
        raise ValueError("will not write synthetic applications into the project itself")
    copy_site(root)
    for stale in sorted((root / "applications").rglob("*.md")):  # from an earlier run
        stale.unlink()
    scheme = load_scheme(root / "applications" / "scheme.yml")
    apps = generate(scheme, n, seed, short_bodies)
    for app in apps:
        path = root / "applications" / app.year / f"{app.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(app.text(), encoding="utf-8")


# Generation ---------------------------------------------------------------------------------

@dataclass
class SynthApp:
    slug: str
    year: str
    topics: list[vocab.Topic]
    front: dict
    body: str
    ranked: bool = False

    def text(self) -> str:
        dumped = yaml.safe_dump(self.front, allow_unicode=True, sort_keys=False, width=110)
        return f"---\n{dumped}---\n\n{self.body}\n"


def generate(scheme: Scheme, n: int, seed: int = 1, short_bodies: bool = False) -> list[SynthApp]:
    """``n`` applications as front matter and body, in generation order."""
    communities = list(scheme.health_communities)
    community_weights = [len(c.municipalities) for c in communities]
    status_ids = [s.id for s in scheme.statuses]
    status_weights = [STATUS_WEIGHTS.get(s, 5) for s in status_ids]
    slugs: set[str] = set()
    apps: list[SynthApp] = []
    for index in range(n):
        rng = random.Random(seed * 1_000_003 + index)
        community = rng.choices(communities, community_weights)[0]
        round_ = rng.choice(scheme.rounds)
        status = rng.choices(status_ids, status_weights)[0]
        topics = _pick_topics(rng)
        municipalities = _pick_municipalities(rng, community)
        title = _title(rng, topics[0], community, municipalities)
        slug = _unique_slug(title, slugs)
        apps.append(_application(rng, scheme, community, round_, status, topics, municipalities, title, slug, apps,
                                 short_bodies))
    _assign_priorities(apps, seed)
    return apps


def _pick_topics(rng: random.Random) -> list[vocab.Topic]:
    count = 1 if rng.random() < 0.45 else 2
    return rng.sample(vocab.TOPICS, count)


def _pick_municipalities(rng: random.Random, community: HealthCommunity) -> list[str]:
    count = rng.choices([1, 2, 3, 4, 5], [40, 25, 15, 12, 8])[0]
    start = rng.randrange(len(community.municipalities))
    # Neighbours in the scheme's list (roughly alphabetical) rather than a scatter: joint
    # applications from the same few municipalities recur, as in a real portfolio.
    chosen = rng.sample(community.municipalities, count) if rng.random() < 0.5 else [
        community.municipalities[(start + k) % len(community.municipalities)] for k in range(count)
    ]
    return [m for m in community.municipalities if m in chosen]


def _place(municipalities: list[str], community: HealthCommunity, rng: random.Random) -> str:
    if len(municipalities) == 1:
        return municipalities[0]
    if len(municipalities) == 2:
        return f"{municipalities[0]} og {municipalities[1]}"
    return rng.choice(vocab.REGIONS.get(community.id, (community.label,)))


def _title(rng: random.Random, topic: vocab.Topic, community: HealthCommunity, municipalities: list[str]) -> str:
    core = rng.choice(topic.titles)
    prefix = rng.choice([p for p in vocab.TITLE_PREFIXES if not core.startswith(p.lower() or "-")])
    title = f"{prefix} {core}".strip() if prefix else core
    title = title[0].upper() + title[1:]
    if rng.random() < 0.8:
        title += f" i {_place(municipalities, community, rng)}"
    return title


_WEAK_LAST_WORDS = {"i", "og", "for", "av", "med", "om", "til", "pa", "mellom", "etter", "hos", "fra"}


def _unique_slug(title: str, taken: set[str]) -> str:
    words = slugify(title).split("-")
    while len(words) > 3 and (len("-".join(words)) > 60 or words[-1] in _WEAK_LAST_WORDS):
        words.pop()
    base = "-".join(words) or "soknad"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    assert SLUG_RE.fullmatch(slug), slug
    taken.add(slug)
    return slug


def _application(rng, scheme, community, round_, status, topics, municipalities, title, slug, earlier,
                 short_body=False) -> SynthApp:
    trust = scheme.trust_by_id[community.health_trust]
    trusts = [trust.id]
    if rng.random() < 0.05:
        other = rng.choice([t for t in scheme.health_trusts if t.id != trust.id])
        trusts.append(other.id)
    place = _place(municipalities, community, rng)
    deadline = round_.community_deadline
    year = str(deadline.year)

    requested, lines = _budget(rng, municipalities)
    front: dict = {
        "title": title,
        "round": round_.id,
        "health_community": community.id,
        "municipalities": municipalities,
        "health_trusts": trusts,
        "status": status,
    }
    text = TextMaker(rng, topics, municipalities, place)
    front["summary"] = text.summary()
    front["owners"] = _owners(rng, municipalities, trust.short_name)
    front["contacts"] = _contacts(rng, municipalities, trust)
    if rng.random() < 0.7:
        front["agreement_signed"] = deadline - dt.timedelta(days=rng.randint(5, 60))
    else:
        front["agreement_signed"] = "Se vedlegg"
    front["period"] = _period(rng, deadline)
    front["target_group"] = vocab.TARGET_GROUPS[rng.choice(vocab.TOPIC_TARGET_GROUPS[topics[0].id])]
    front["themes"] = _themes(rng, topics)
    budget: dict = {"requested": requested}
    if lines:
        budget["lines"] = lines
    contributions = _own_contributions(rng, municipalities, trust.short_name)
    if contributions:
        budget["own_contributions"] = contributions
    front["budget"] = budget
    if scheme.status_by_id[status].requires_decision:
        granted = requested if rng.random() < 0.5 else max(10_000, round(requested * rng.uniform(0.5, 0.95), -4))
        decided = (round_.committee_deadline or deadline) + dt.timedelta(days=rng.randint(14, 60))
        decision: dict = {"granted": int(min(granted, requested)), "date": decided}
        if rng.random() < 0.3:
            decision["note"] = rng.choice(vocab.DECISION_NOTES)
        front["decision"] = decision
    references = _references(rng)
    if references:
        front["references"] = references
    lesson_count = rng.randint(1, 4) if status in ("completed", "granted") else rng.choice([0, 0, 1, 2])
    if lesson_count:
        front["lessons"] = rng.sample(vocab.LESSONS, lesson_count)
    if earlier and rng.random() < 0.1:
        same_topic = [a for a in earlier if a.topics[0] is topics[0]]
        front["related"] = [rng.choice(same_topic or earlier).slug]
    if rng.random() < 0.4:
        front["attachments"] = [{"title": "Signert avtale om felles søknad"}]

    if short_body:
        body = "\n\n".join(f"## {section.heading}\n\n{text.sentence()}"
                           for section in scheme.sections if section.in_body and section.required)
    else:
        body = _long_body(rng, scheme, text, lines, requested)
    app = SynthApp(slug, year, topics, front, body)
    app.ranked = status in RANKED or (status == "submitted" and rng.random() < 0.2)
    return app


def _long_body(rng: random.Random, scheme: Scheme, text: "TextMaker", lines: list[dict], requested: int) -> str:
    """A body of BODY_MIN to BODY_MAX bytes: it comes out within about a kilobyte of its
    target; one outside the range is made again with the target moved by the miss."""
    target = rng.randint(BODY_MIN + 800, BODY_MAX - 1200)
    for _ in range(5):
        body = text.body(scheme, lines, requested, target)
        size = len(body.encode())
        if BODY_MIN <= size <= BODY_MAX:
            break
        target -= size - (BODY_MIN + BODY_MAX) // 2
    return body


def _assign_priorities(apps: list[SynthApp], seed: int) -> None:
    """Ranks 1, 2, 3, … within each community and round, in a shuffled order: unique per group."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str], list[SynthApp]] = {}
    for app in apps:
        if app.ranked:
            groups.setdefault((app.front["health_community"], app.front["round"]), []).append(app)
    for key in sorted(groups):
        group = groups[key]
        rng.shuffle(group)
        for rank, app in enumerate(group, 1):
            _insert_after(app.front, "status", "priority", rank)


def _insert_after(data: dict, after: str, key: str, value) -> None:
    items = list(data.items())
    position = [k for k, _ in items].index(after) + 1
    items.insert(position, (key, value))
    data.clear()
    data.update(items)


def _budget(rng: random.Random, municipalities: list[str]) -> tuple[int, list[dict]]:
    if rng.random() < 0.15:  # no lines: any amount, like the real drop-in application
        return rng.randint(150_000, 4_000_000), []
    count = rng.randint(2, 8)
    step = rng.choice([5_000, 10_000, 50_000])
    amounts = [rng.randint(2, 60) * step for _ in range(count)]
    if rng.random() < 0.2:
        amounts[-1] += rng.randint(1, 9_999)  # an odd sum now and then
    lines = []
    used: set[str] = set()
    for amount in amounts:
        category, items = rng.choice(vocab.BUDGET_ITEMS)
        item = rng.choice(items).format(k=len(municipalities))
        if item in used:
            item = f"{item}, del {sum(u.startswith(item) for u in used) + 1}"
        used.add(item)
        line: dict = {"item": item}
        if rng.random() < 0.25:
            months = rng.choice([6, 12, 18, 24])
            line["rate"] = f"{_kr(amount * 12 // months)} per år"
            line["scope"] = f"{months} mnd."
        line["amount"] = amount
        if rng.random() < 0.9:
            line["category"] = category
        lines.append(line)
    return sum(amounts), lines


def _own_contributions(rng: random.Random, municipalities: list[str], trust_short: str) -> list[dict]:
    parties = [f"{m} kommune" for m in municipalities] + [trust_short]
    result = []
    for party in rng.sample(parties, min(len(parties), rng.choice([0, 1, 1, 2, 3]))):
        entry: dict = {"party": party, "description": rng.choice(vocab.CONTRIBUTIONS)}
        if rng.random() < 0.6:
            entry["amount"] = rng.randint(1, 40) * 25_000
        result.append(entry)
    return result


def _owners(rng: random.Random, municipalities: list[str], trust_short: str) -> list[str]:
    owners = [f"{rng.choice(municipalities)} kommune ved {rng.choice(vocab.UNITS[:10])}"]
    if rng.random() < 0.7:
        owners.append(f"{trust_short} ved {rng.choice(vocab.UNITS[10:])}")
    return owners


def _contacts(rng: random.Random, municipalities: list[str], trust) -> list[dict]:
    contacts = []
    for k in range(rng.choice([1, 1, 2, 2, 3])):
        first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
        in_trust = k % 2 == 1
        municipality = rng.choice(municipalities)
        organisation = trust.name if in_trust else f"{municipality} kommune"
        contact: dict = {"name": f"{first} {last}", "organisation": organisation}
        if rng.random() < 0.3:
            contact["role"] = rng.choice(vocab.ROLES)
        if rng.random() < 0.5:
            domain = f"{trust.id}.no" if in_trust else f"{slugify(municipality)}.kommune.no"
            contact["email"] = f"{slugify(first, separator='.')}.{slugify(last, separator='.')}@{domain}"
        if rng.random() < 0.15:
            contact["phone"] = f"{rng.randint(70, 79)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        contacts.append(contact)
    return contacts


def _period(rng: random.Random, deadline: dt.date) -> dict:
    if rng.random() < 0.4:
        start: int | dt.date = deadline.year
        end: int | dt.date = deadline.year + rng.randint(0, 3)
    else:
        start = deadline + dt.timedelta(days=rng.randint(30, 120))
        end = start + dt.timedelta(days=rng.randint(150, 1100))
    period: dict = {"start": start}
    if rng.random() < 0.8:
        period["end"] = end
    return period


def _themes(rng: random.Random, topics: list[vocab.Topic]) -> list[str]:
    pool = [theme for topic in topics for theme in topic.themes]
    count = rng.randint(1, 3)
    chosen = rng.sample(pool, min(count, len(pool)))
    if count > 1 and rng.random() < 0.25:
        chosen[-1] = rng.choice(vocab.GENERAL_THEMES)
    result, seen = [], set()
    for theme in chosen:
        variants = vocab.THEME_VARIANTS.get(theme)
        if variants and rng.random() < 0.2:
            theme = rng.choice(variants)
        if slugify(theme) not in seen:
            seen.add(slugify(theme))
            result.append(theme)
    return result


def _references(rng: random.Random) -> list[dict]:
    count = rng.choices([0, 1, 2, 3], [35, 35, 20, 10])[0]
    result = []
    for title, url in rng.sample(vocab.REFERENCES, count):
        ref: dict = {"title": title}
        if url:
            ref["url"] = url
        if rng.random() < 0.3:
            ref["note"] = rng.choice(vocab.REFERENCE_NOTES)
        result.append(ref)
    return result


# Text -----------------------------------------------------------------------------------------

class TextMaker:
    """Norwegian sentences in which the application's topics dominate."""

    TOPIC_SHARE = 0.75  # share of term slots filled from the application's own topics

    def __init__(self, rng: random.Random, topics: list[vocab.Topic], municipalities: list[str], place: str):
        self.rng = rng
        # The first topic dominates; a second one colours the text.
        self.terms = list(topics[0].terms) * 2 + [t for topic in topics[1:] for t in topic.terms]
        # Each application leans on a handful of its topic's terms, as a real text would.
        self.favourites = rng.sample(self.terms, 8)
        self.places = [*municipalities, place]

    def term(self) -> str:
        rng = self.rng
        if rng.random() < self.TOPIC_SHARE:
            return rng.choice(self.favourites) if rng.random() < 0.4 else rng.choice(self.terms)
        return rng.choice(vocab.GENERAL_TERMS)

    def fill(self, template: str) -> str:
        rng = self.rng
        values = {
            "t": self.term(), "t2": self.term(), "g": rng.choice(vocab.GENERAL_TERMS),
            "g2": rng.choice(vocab.GENERAL_TERMS), "a": rng.choice(vocab.ACTORS), "a2": rng.choice(vocab.ACTORS),
            "v": rng.choice(vocab.VERBS), "adj": rng.choice(vocab.ADJECTIVES), "adj2": rng.choice(vocab.ADJECTIVES),
            "p": rng.choice(self.places), "w": rng.choice(vocab.PLACE_WORDS), "n": rng.randint(2, 9),
            "n2": rng.randint(10, 24), "pct": rng.randint(10, 60),
        }
        values["T"] = _cap(values["t"])
        values["A"] = _cap(values["a"])
        values["V"] = _cap(values["v"])
        return template.format(**values)

    def sentence(self) -> str:
        return self.fill(self.rng.choice(vocab.SENTENCES))

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def bullets(self) -> str:
        items = self.rng.sample(vocab.LIST_ITEMS, self.rng.randint(3, 6))
        return "\n".join(f"- {self.fill(item)}" for item in items)

    def summary(self) -> str:
        first = self.fill("Prosjektet skal {v} {t} i {p} gjennom samarbeid om {t2}.")
        second = self.fill("Målet er en mer {adj} {g} for pasientene.")
        return f"{first} {second}"[:480]

    def prose(self, budget: int) -> list[str]:
        """Paragraphs (with a bullet list now and then) of about ``budget`` bytes."""
        parts, size = [], 0
        while not parts or size + 250 < budget:  # a paragraph is about 500 bytes: stop nearest the budget
            part = self.bullets() if self.rng.random() < 0.12 else self.paragraph()
            parts.append(part)
            size += len(part.encode()) + 2
        return parts

    def body(self, scheme: Scheme, lines: list[dict], requested: int, target: int) -> str:
        rng = self.rng
        sections = [s for s in scheme.sections if s.in_body and (s.required or rng.random() < 0.6)]
        weights = [SECTION_WEIGHT.get(s.id, 1) for s in sections]
        total = sum(weights)
        out: list[str] = []
        if rng.random() < 0.15:
            out.append(self.sentence())
        for section, weight in zip(sections, weights, strict=True):
            heading = section.heading
            if section.aliases and rng.random() < 0.15:
                heading = rng.choice(section.aliases)
            out.append(f"## {heading}")
            budget = int(target * weight / total)
            if section.id == "budget":
                out.append(self.sentence())
                out.append(_budget_table(lines, requested))
                out.extend(self.prose(max(0, budget - 600)))
            elif section.id == "plan":
                subheadings = [h for h in vocab.PLAN_SUBHEADINGS if rng.random() < 0.8] or ["Organisering"]
                share = budget // len(subheadings)
                for sub in subheadings:
                    out.append(f"### {sub}")
                    timeline = self._timeline() if sub == "Tidsplan" else ""
                    if timeline:
                        out.append(timeline)
                    out.extend(self.prose(share - len(timeline.encode())))
            else:
                out.extend(self.prose(budget))
        return "\n\n".join(out)

    def _timeline(self) -> str:
        rng = self.rng
        phases = [p for p in vocab.PHASES if rng.random() < 0.7] or list(vocab.PHASES[:2])
        return "\n\n".join(f"#### Fase {k}: {phase}\n\n{self.bullets()}" for k, phase in enumerate(phases, 1))


def _budget_table(lines: list[dict], requested: int) -> str:
    rows = ["| Beskrivelse | Kostnad |", "|---|---:|"]
    for line in lines:
        rows.append(f"| {line['item']} | {_kr(line['amount'])} |")
    rows.append(f"| Totalt omsøkte midler | {_kr(requested)} |")
    return "\n".join(rows)


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="folder to write the project to (created; existing files are overwritten)")
    parser.add_argument("n", type=int, help="number of applications")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_project(args.dir, args.n, args.seed)
    print(f"wrote {args.n} applications to {args.dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
