"""Related applications: for each application, up to five others worth reading, with why.

The score of a pair (higher is closer) is the sum of

* ``THEME_POINTS`` for each theme they share;
* ``MUNICIPALITY_POINTS`` for each municipality they share, at most ``MUNICIPALITY_MAX``;
* ``TARGET_GROUP_POINTS`` when their target groups are alike (cosine of their stemmed words at
  least ``TARGET_GROUP_MIN``);
* ``TEXT_POINTS`` times the similarity of their texts (title, summary and the body without the
  form's headings): the cosine of TF-IDF vectors over Norwegian word stems, without stop
  words. A stem's weight is ``(1 + ln count) * ln((1 + N) / (1 + texts with it))``, so a stem
  found in every text counts for nothing. Each text keeps its ``TERMS_PER_TEXT`` most telling
  stems.

A pair is shown only with a reason in words: a shared theme or municipality, a like target
group, or text similarity of at least ``TEXT_MIN``. Links the contributors set in ``related``
always come first, on both pages. The remaining places (up to ``MAX_RELATED`` in all) are
filled pair by pair, best score first; a pair takes a place on both pages or on neither, so
the links are symmetric. Ties are broken by file name: the result depends only on the input.

Cost: rather than compare every pair (which grows with the square of the number of
applications), each application is compared with those that share a theme, municipality or
target-group word (when fewer than ``FEATURE_LIMIT`` applications share it) and with its
``TEXT_CANDIDATES`` nearest texts, found through an inverted index whose lists are cut at
``POSTING_LIMIT`` entries. The work per application is then bounded, and the whole grows
about linearly.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from ..formatting import and_list
from .portfolio import Portfolio
from ..input.records import ApplicationRecord
from ..text import content_stems, stem_words
from .themes import ThemeIndex

MAX_RELATED = 5
THEME_POINTS = 1.0
MUNICIPALITY_POINTS = 0.5
MUNICIPALITY_MAX = 1.0
TARGET_GROUP_POINTS = 1.0
TARGET_GROUP_MIN = 0.5
TEXT_POINTS = 3.0
TEXT_MIN = 0.15
TERMS_PER_TEXT = 40
SHOWN_WORDS = 3
# Stems found in more than this share of texts say little; applied from COMMON_FROM texts.
COMMON_SHARE = 0.5
COMMON_FROM = 20
FEATURE_LIMIT = 100
TEXT_CANDIDATES = 30
POSTING_LIMIT = 50


@dataclass(frozen=True)
class Reason:
    kind: str  # related, related_by, theme, municipality, target_group, text
    text: str  # in Norwegian, to be read after "Hvorfor:"


@dataclass(frozen=True)
class Related:
    record: ApplicationRecord
    score: float
    reasons: tuple[Reason, ...]


class _Score(NamedTuple):  # a tuple: made for every candidate pair
    total: float
    similarity: float
    has_reason: bool


class _Texts:
    """Pruned, normalised TF-IDF vectors of the applications' texts, with readable words."""

    def __init__(self, records: list[ApplicationRecord]):
        counts: list[Counter] = []
        surface: dict[str, Counter] = defaultdict(Counter)
        for record in records:
            meta = record.meta
            # The form's headings are the same in every application: only what is written
            # under them counts.
            intro, sections = record.parts()
            parts = [meta.title, meta.summary or "", intro, *(s.text for s in sections)]
            stems: Counter = Counter()
            for stem, word, count in content_stems(" ".join(parts)):
                stems[stem] += count
                surface[stem][word] += count
            counts.append(stems)
        n = len(records)
        df = Counter(stem for c in counts for stem in c)
        common = {s for s, d in df.items() if n >= COMMON_FROM and d > COMMON_SHARE * n}
        self.vectors: list[dict[str, float]] = []
        # A stem in every text weighs nothing; the rarer, the more it tells.
        idf = {s: math.log((1 + n) / (1 + d)) for s, d in df.items() if s not in common and d < n}
        for c in counts:
            weights = {s: (1 + math.log(k)) * idf[s] for s, k in c.items() if s in idf}
            top = heapq.nsmallest(TERMS_PER_TEXT, weights.items(), key=lambda item: (-item[1], item[0]))
            norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
            self.vectors.append({s: w / norm for s, w in top})
        self._surface = surface

    def word(self, stem: str) -> str:
        """The commonest spelling of a stem in the portfolio."""
        return min(self._surface[stem].items(), key=lambda item: (-item[1], item[0]))[0]

    def similarity(self, a: int, b: int) -> float:
        va, vb = self.vectors[a], self.vectors[b]
        if len(vb) < len(va):
            va, vb = vb, va
        found = vb.get
        total = 0.0
        for stem, weight in va.items():
            other = found(stem)
            if other is not None:
                total += weight * other
        return total

    def shared_words(self, a: int, b: int) -> list[str]:
        """The words that add most to the similarity, as readers would write them."""
        va, vb = self.vectors[a], self.vectors[b]
        shared = sorted(((va[s] * vb[s], s) for s in va if s in vb), key=lambda item: (-item[0], item[1]))
        return [self.word(s) for _, s in shared[:SHOWN_WORDS]]

    def neighbours(self) -> set[tuple[int, int]]:
        """Pairs of each text with its nearest texts, through an inverted index."""
        postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for index, vector in enumerate(self.vectors):
            for stem, weight in vector.items():
                postings[stem].append((weight, index))
        for entries in postings.values():
            entries.sort(key=lambda item: (-item[0], item[1]))
            del entries[POSTING_LIMIT:]
        pairs = set()
        for index, vector in enumerate(self.vectors):
            scores: dict[int, float] = {}
            found = scores.get
            for stem, weight in vector.items():
                for other_weight, other in postings[stem]:
                    scores[other] = found(other, 0.0) + weight * other_weight
            scores.pop(index, None)
            best = heapq.nsmallest(TEXT_CANDIDATES, scores.items(), key=lambda item: (-item[1], item[0]))
            pairs.update((min(index, other), max(index, other)) for other, _ in best)
        return pairs


def related_applications(portfolio: Portfolio, themes: ThemeIndex | None = None) -> dict[str, list[Related]]:
    """Every application's related applications, by slug: explicit links first, then the best
    scored, at most ``MAX_RELATED`` in all unless more are set explicitly."""
    records = sorted(portfolio.applications, key=lambda r: r.slug)
    themes = themes or ThemeIndex(portfolio)
    index_of = {r.slug: i for i, r in enumerate(records)}
    theme_sets = [{t.slug: t.name for t in themes.themes_of(r)} for r in records]
    targets = [Counter(stem_words(r.meta.target_group or "")) for r in records]
    texts = _Texts(records)

    candidates = texts.neighbours()
    features: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        keys = [f"t:{s}" for s in theme_sets[i]] + [f"m:{m}" for m in record.meta.municipalities]
        keys += [f"g:{s}" for s in targets[i]]
        for key in keys:
            features[key].append(i)
    for members in features.values():
        if len(members) <= FEATURE_LIMIT:
            candidates.update((a, b) for x, a in enumerate(members) for b in members[x + 1:])
    explicit: dict[tuple[int, int], list[Reason]] = defaultdict(list)
    for i, record in enumerate(records):
        for slug in record.meta.related:
            j = index_of[slug]
            explicit[(i, j)].append(Reason("related", "oppgitt som relatert i søknaden"))
            explicit[(j, i)].append(Reason("related_by", "den andre søknaden viser til denne"))
            candidates.add((min(i, j), max(i, j)))

    theme_keys = [frozenset(t) for t in theme_sets]
    places = [frozenset(r.meta.municipalities) for r in records]
    target_norms = [math.sqrt(sum(v * v for v in t.values())) for t in targets]

    def alike_targets(a: int, b: int) -> bool:
        if not target_norms[a] or not target_norms[b]:
            return False
        other = targets[b]
        dot = sum(v * other[k] for k, v in targets[a].items() if k in other)
        return dot >= TARGET_GROUP_MIN * target_norms[a] * target_norms[b]

    def score(a: int, b: int) -> _Score:
        """Points only; the reasons in words are written for the pairs that are shown."""
        shared_themes = len(theme_keys[a] & theme_keys[b])
        shared_places = len(places[a] & places[b])
        alike = alike_targets(a, b)
        similarity = texts.similarity(a, b)
        total = (THEME_POINTS * shared_themes + min(MUNICIPALITY_MAX, MUNICIPALITY_POINTS * shared_places)
                 + (TARGET_GROUP_POINTS if alike else 0.0) + TEXT_POINTS * similarity)
        return _Score(total, similarity, bool(shared_themes or shared_places or alike or similarity >= TEXT_MIN))

    def reasons(a: int, b: int) -> tuple[Reason, ...]:
        found = []
        shared_themes = sorted(theme_keys[a] & theme_keys[b])
        if shared_themes:
            found.append(Reason("theme", f"samme tema ({and_list([theme_sets[a][s] for s in shared_themes])})"))
        shared_places = sorted(places[a] & places[b])
        if shared_places:
            noun = "samme kommune" if len(shared_places) == 1 else "samme kommuner"
            found.append(Reason("municipality", f"{noun} ({and_list(shared_places)})"))
        if alike_targets(a, b):
            found.append(Reason("target_group", "lignende målgruppe"))
        if texts.similarity(a, b) >= TEXT_MIN:
            words = and_list([f"«{w}»" for w in texts.shared_words(a, b)])
            found.append(Reason("text", f"lignende tekst (felles ord som {words})"))
        return tuple(found)

    # Only what the ranking needs is kept per pair: the scores of the pairs with a reason.
    ranked: list[tuple[float, float, int, int]] = []
    for a, b in candidates:
        total, similarity, has_reason = score(a, b)
        if has_reason:
            ranked.append((total, similarity, a, b))
    del candidates
    chosen: dict[int, list[Related]] = {i: [] for i in range(len(records))}
    linked: set[tuple[int, int]] = set()

    def link(a: int, b: int, extra: list[Reason]) -> None:
        pair = (min(a, b), max(a, b))
        chosen[a].append(Related(records[b], round(score(*pair).total, 6), tuple(extra) + reasons(*pair)))
        linked.add((a, b))

    # Explicit links, in the order the application gives them; then those pointing to it.
    for i, record in enumerate(records):
        for slug in record.meta.related:
            link(i, index_of[slug], explicit[(i, index_of[slug])])
    for (i, j), given in sorted(explicit.items()):
        if (i, j) not in linked:
            link(i, j, given)

    # Records are in file-name order, so the indices break ties by file name.
    ranked.sort(key=lambda item: (-item[0], -item[1], item[2], item[3]))
    for _, _, a, b in ranked:
        if (a, b) in linked or len(chosen[a]) >= MAX_RELATED or len(chosen[b]) >= MAX_RELATED:
            continue
        link(a, b, [])
        link(b, a, [])
    return {records[i].slug: items for i, items in chosen.items()}
