"""Grouping the questions nobody answered, and turning the groups into team knowledge.

Two questions are in one group when the answer engine reads them alike: each is reduced by the
engine's own analyzer (bot.core.matching.analyze: stems, synonyms, role names resolved, so "tpm
pay" and "what does a technical program manager earn" meet) to a weighted set of terms, and a
question joins the group whose terms it shares most (cosine over idf weights, through an
inverted index, so 10,000 questions take about a second), or starts a new one.

`export` writes what the groups teach in the overlay format of ROLEBOT_KNOWLEDGE_PATH: new
phrasings for entries that several different people chose after asking, and `drafts:` (FAQ
stubs) for groups nothing answered, which `rolebot validate` lists until someone writes them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.core.kinds import TargetKey, TargetKind, asked_order
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analyzer
from bot.core.text import fold

JOIN_SIMILARITY = 0.15
"""A question joins the group whose terms it shares most if at least this much (cosine of idf weights
against the group's summed weights); chosen on benchmarks/gap_questions.yaml (gap_grouping.py)."""
ROLE_WEIGHT = 0.1
"""Role names weigh little: "tpm salary" and "pm pay" are one gap (pay), "tpm salary" and "tpm
on-call" are two, though both name the TPM."""
MIN_PEOPLE = 2
"""An entry gets a group's phrasings when at least this many different people chose it after asking."""
EXAMPLES = 3
DRAFT_PREFIX = "gap-"


class Logged(Protocol):
    """One entry of the gap log, as the storage gives it."""

    @property
    def asker(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def suggested(self) -> tuple[str, ...]: ...
    @property
    def chosen(self) -> str | None: ...
    @property
    def target(self) -> str | None: ...
    @property
    def comment(self) -> str | None: ...


@dataclass
class Group:
    """Similar questions: how often and by how many people, what was offered and what was chosen."""

    entries: list[Logged] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def asked(self) -> int:
        return len(self.entries)

    @property
    def people(self) -> int:
        return len({e.asker for e in self.entries})

    def examples(self, limit: int = EXAMPLES) -> list[str]:
        """The most asked wordings first."""
        counts = Counter(" ".join(e.question.split()) for e in self.entries)
        return [q for q, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]

    @property
    def suggested(self) -> Counter[str]:
        return Counter(s for e in self.entries for s in e.suggested)

    @property
    def chosen(self) -> Counter[str]:
        return Counter(e.chosen for e in self.entries if e.chosen)

    @property
    def unhelpful(self) -> Counter[str]:
        return Counter(e.target for e in self.entries if e.outcome == "unhelpful" and e.target)

    @property
    def outcomes(self) -> Counter[str]:
        return Counter(e.outcome for e in self.entries)

    @property
    def comments(self) -> list[str]:
        return [e.comment for e in self.entries if e.comment]

    def choosers(self, target: str) -> int:
        return len({e.asker for e in self.entries if e.chosen == target})


def _analysed_terms(analyzer: Analyzer, text: str) -> tuple[str, ...]:
    analysis = analyzer.analyze(text)
    return tuple(dict.fromkeys(analysis.terms))


def group_questions(
    entries: Sequence[Logged],
    analyzer: Analyzer,
    *,
    threshold: float = JOIN_SIMILARITY,
    terms_of: Callable[[str], Sequence[str]] | None = None,
) -> list[Group]:
    """The entries in groups, largest first (most asked, then most people)."""
    terms_of = terms_of or (lambda text: _analysed_terms(analyzer, text))
    cache: dict[str, tuple[str, ...]] = {}
    per_entry: list[tuple[str, ...]] = []
    for entry in entries:
        key = fold(" ".join(entry.question.split()))
        if key not in cache:
            cache[key] = tuple(terms_of(entry.question)) or (f"text:{key}",)
        per_entry.append(cache[key])
    frequency = Counter(t for terms in cache.values() for t in set(terms))
    documents = max(1, len(cache))
    idf = {
        t: math.log(1 + documents / n) * (ROLE_WEIGHT if t.startswith("@") else 1.0)
        for t, n in frequency.items()
    }

    groups: list[Group] = []
    norms: list[float] = []
    postings: dict[str, set[int]] = {}
    for entry, terms in zip(entries, per_entry, strict=True):
        vector = {t: idf[t] for t in terms}
        norm = math.sqrt(sum(w * w for w in vector.values()))
        best, best_score = None, threshold
        for index in set().union(*(postings.get(t, set()) for t in vector)):
            weights = groups[index].weights
            dot = sum(w * weights[t] for t, w in vector.items() if t in weights)
            score = dot / (norm * norms[index]) if norm and norms[index] else 0.0
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            groups.append(Group())
            norms.append(0.0)
            best = len(groups) - 1
        group = groups[best]
        group.entries.append(entry)
        for t, w in vector.items():
            group.weights[t] = group.weights.get(t, 0.0) + w
            postings.setdefault(t, set()).add(best)
        norms[best] = math.sqrt(sum(w * w for w in group.weights.values()))
    return sorted(groups, key=lambda g: (-g.asked, -g.people, g.examples(1)))


# --- the report ----------------------------------------------------------------------------


def report(
    groups: Sequence[Group], titles: Mapping[str, str], rates: Mapping[str, float | None]
) -> list[dict[str, Any]]:
    """The groups as plain data (for `--json` and the text view): `titles` name targets, `rates`
    give each entry's helpful rate (👍 share)."""

    def named(counts: Counter[str]) -> list[dict[str, Any]]:
        return [
            {"target": t, "title": titles.get(t, t), "times": n, "helpful_rate": rates.get(t)}
            for t, n in counts.most_common(5)
        ]

    return [
        {
            "asked": g.asked,
            "people": g.people,
            "examples": g.examples(),
            "outcomes": dict(g.outcomes),
            "suggested": named(g.suggested),
            "chosen": named(g.chosen),
            "unhelpful": named(g.unhelpful),
            "comments": g.comments[:EXAMPLES],
        }
        for g in groups
    ]


# --- the export ----------------------------------------------------------------------------


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))[:6]
    return "-".join(words) or "question"


def _clean(question: str) -> str:
    """A logged question as a phrasing: placeholders of removed mentions and links dropped."""
    return " ".join(
        re.sub(r"\[(someone|a channel|a group|a link|an e-mail address)\]", " ", question).split()
    )


def export(groups: Iterable[Group], kb: KnowledgeBase, min_people: int = MIN_PEOPLE) -> dict[str, Any]:
    """A team knowledge file: `faq`/`practice` entries with the groups' questions as new phrasings
    (whole entries: an overlay replaces an entry by id), and `drafts` for groups nothing answered."""
    phrasings: dict[str, list[str]] = {}
    drafts: list[dict[str, Any]] = []
    used_ids: set[str] = set(kb.faq)
    for group in groups:
        questions = [q for q in (_clean(q) for q in group.examples(limit=50)) if q]
        taken = [t for t in group.chosen if group.choosers(t) >= min_people]
        for target in taken:
            phrasings.setdefault(target, []).extend(questions)
        if not group.chosen and questions and group.outcomes.keys() - {"unhelpful"}:
            ident = DRAFT_PREFIX + _slug(questions[0])
            n = 2
            while ident in used_ids:
                ident, n = f"{DRAFT_PREFIX}{_slug(questions[0])}-{n}", n + 1
            used_ids.add(ident)
            drafts.append(
                {
                    "id": ident,
                    "question": questions[0],
                    "phrasings": questions[1:],
                    "asked": f"{group.asked} time(s) by {group.people} people",
                    "answer": "",
                }
            )
    out: dict[str, Any] = {}
    for target, found in phrasings.items():
        kind, _, ident = target.partition(":")
        entry: Any = (
            kb.faq.get(ident) if kind == "faq" else kb.practice.get(ident) if kind == "practice" else None
        )
        if entry is None:
            continue  # a role's profile or aspect: its phrasings are the aspects', shared by every role
        data = entry.model_dump(mode="json", exclude_defaults=False)
        known = {fold(p) for p in (entry.question, *entry.phrasings)}
        new = [p for p in dict.fromkeys(found) if fold(p) not in known]
        if not new:
            continue
        data["phrasings"] = [*data["phrasings"], *new]
        if not data.get("source"):
            data["source"] = "none"
        out.setdefault("faq" if kind == "faq" else "practice", []).append(data)
    if drafts:
        out["drafts"] = drafts
    return out


def target_title(kb: KnowledgeBase, key: str) -> str:
    """What a target key names, as a person reads it."""
    parsed = TargetKey.parse(key)
    match parsed:
        case TargetKey(kind=TargetKind.FAQ, ids=(entry,)) if entry in kb.faq:
            return kb.faq[entry].question
        case TargetKey(kind=TargetKind.PRACTICE, ids=(prompt,)) if prompt in kb.practice:
            return kb.practice[prompt].question
        case TargetKey(kind=TargetKind.PROFILE, ids=(role,)) if role in kb.roles:
            return f"What is a {kb.roles[role].name.lower()}?"
        case TargetKey(kind=TargetKind.ASPECT, ids=(role, aspect)) if role in kb.roles:
            label = next((a.label for a in kb.aspects if a.id == aspect), aspect)
            return f"{label}: {kb.roles[role].name}"
        case TargetKey(kind=TargetKind.COMPARE) if all(r in kb.roles for r in asked_order(key)):
            return " vs ".join(kb.roles[r].name for r in asked_order(key))
    return key


@dataclass(frozen=True)
class LargestGap:
    example: str
    asked: int
    people: int


@dataclass(frozen=True)
class TeamWeek:
    """What an admin sees of the team's week: counts, rates and the largest gaps (no names)."""

    asked: int
    answered: int
    helpful_rate: float | None
    gaps: tuple[LargestGap, ...]
    export_command: str

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.asked if self.asked else None


def largest(groups: Sequence[Group], limit: int = 5) -> tuple[LargestGap, ...]:
    return tuple(LargestGap(g.examples(1)[0], g.asked, g.people) for g in groups[:limit] if g.entries)
