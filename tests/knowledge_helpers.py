"""Small knowledge bases for tests: as YAML folders on disk, or built in memory from the models.

Tests of the loader's error messages must not depend on the shipped knowledge, which other
people edit all the time, so they start from `write_minimal_knowledge` and add one broken file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

from bot.core.knowledge import KnowledgeBase
from bot.core.models import Aspect, AspectText, Difference, Role, Source

ROLE_IDS = (
    "project-manager",
    "product-manager",
    "program-manager",
    "technical-program-manager",
    "technical-project-manager",
)
"""The five roles the shipped knowledge describes."""

SOURCES_YAML = """\
sources:
  - id: alpha-article
    title: The alpha article
  - id: beta-article
    title: The beta article
"""

ASPECTS_YAML = """\
aspects:
  - id: focus
    label: Focus
  - id: scope
    label: Scope
"""

ROLES_YAML = """\
roles:
  - id: alpha-manager
    name: Alpha manager
    discipline: Alpha management
    summary: Looks after alpha work.
    aliases: [alf]
    aspects:
      focus:
        summary: Alpha things first.
        source: alpha-article
      scope:
        summary: All of alpha.
        points: [One alpha point, Another alpha point]
        source: none
  - id: beta-manager
    name: Beta manager
    discipline: Beta management
    summary: Looks after beta work.
    aliases: [bet]
    aspects:
      focus:
        summary: Beta things first.
        source: [alpha-article, beta-article]
      scope:
        summary: All of beta.
        source: beta-article
"""

MINIMAL_FILES = {
    "sources.yaml": SOURCES_YAML,
    "aspects.yaml": ASPECTS_YAML,
    "roles.yaml": ROLES_YAML,
}
"""A valid knowledge folder: two sources, two aspects and two roles that fill both aspects."""


def write_files(folder: Path, files: Mapping[str, str]) -> Path:
    """Write YAML texts (dedented) into `folder`, creating subfolders; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def write_minimal_knowledge(folder: Path) -> Path:
    return write_files(folder, MINIMAL_FILES)


# --- in-memory knowledge ----------------------------------------------------------------


def aspect_text(summary: str, points: Iterable[str] = (), source: str | list[str] = "s1") -> AspectText:
    return AspectText(summary=summary, points=tuple(points), source=source)


def make_role(
    role_id: str,
    aspects: Iterable[Aspect],
    *,
    name: str | None = None,
    summary: str | None = None,
    text: AspectText | None = None,
    aliases: Iterable[str] = (),
) -> Role:
    return Role(
        id=role_id,
        name=name or role_id.replace("-", " ").capitalize(),
        discipline=f"{role_id} discipline",
        summary=summary or f"What {role_id} is for.",
        aliases=tuple(aliases),
        aspects={a.id: text or aspect_text(f"{role_id} on {a.label}.") for a in aspects},
    )


def make_aspects(count: int) -> tuple[Aspect, ...]:
    return tuple(Aspect(id=f"aspect-{n}", label=f"Aspect {n}") for n in range(1, count + 1))


def make_kb(
    roles: Iterable[Role],
    aspects: Iterable[Aspect],
    differences: Iterable[Difference] = (),
) -> KnowledgeBase:
    """A KnowledgeBase built straight from models, bypassing the loader (no cross checks)."""
    return KnowledgeBase(
        sources={"s1": Source(id="s1", title="Source one"), "s2": Source(id="s2", title="Source two")},
        aspects=tuple(aspects),
        roles={r.id: r for r in roles},
        ambiguous_aliases=(),
        differences={d.key: d for d in differences},
        faq={},
        practice={},
    )
