"""The shipped knowledge: complete, consistent and reachable by every name it declares.

These tests read the real knowledge folder (the session `kb` fixture). While others are still
writing faq/ and practice/ files the folder may not validate; then these tests fail, as they should.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.core.loader import shipped_knowledge_dir
from bot.core.models import PracticeKind
from bot.core.names import Ambiguous, Resolved, RoleResolver, role_names
from tests.knowledge_helpers import ROLE_IDS

ROOT = Path(__file__).resolve().parent.parent
OWN_WORDS = ROOT.parent / "shared" / "tools" / "check_own_words.py"


def test_shipped_folder_is_the_checkout_knowledge() -> None:
    assert shipped_knowledge_dir().resolve() == (ROOT / "knowledge").resolve()


def test_the_five_roles(kb: KnowledgeBase) -> None:
    assert sorted(kb.roles) == sorted(ROLE_IDS)


def test_every_role_fills_every_aspect(kb: KnowledgeBase) -> None:
    assert len(kb.aspects) >= 5
    for role in kb.roles.values():
        assert role.name.strip() and role.summary.strip() and role.discipline.strip()
        assert set(role.aspects) == {a.id for a in kb.aspects}, role.id
        for aspect_id, text in role.aspects.items():
            assert text.summary.strip(), f"{role.id}.{aspect_id}"
            assert all(p.strip() for p in text.points), f"{role.id}.{aspect_id}"


def test_every_cited_source_exists(kb: KnowledgeBase) -> None:
    cited = [
        *(ref for r in kb.roles.values() for t in r.aspects.values() for ref in t.source),
        *(ref for e in kb.faq.values() for ref in e.source),
        *(ref for p in kb.practice.values() for ref in p.source),
        *(ref for a in kb.ambiguous_aliases for ref in a.source),
        *(ref for d in kb.differences.values() for ref in d.source),
    ]
    assert cited, "nothing cites a source at all"
    assert set(cited) <= set(kb.sources)
    assert all(s.title.strip() for s in kb.sources.values())


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_name_of_a_role_resolves_to_it(kb: KnowledgeBase, resolver: RoleResolver, role_id: str) -> None:
    role = kb.roles[role_id]
    for name in role_names(role):
        for typed in (name, name.upper(), name.title()):
            found = resolver.resolve(typed)
            assert isinstance(found, Resolved), f"{typed!r} -> {found}"
            assert found.role.id == role_id, f"{typed!r} -> {found.role.id}"
            assert found.assumed is None and not found.corrected, typed


def test_every_ambiguous_alias_resolves_to_its_readings(kb: KnowledgeBase, resolver: RoleResolver) -> None:
    assert kb.ambiguous_aliases
    for alias in kb.ambiguous_aliases:
        found = resolver.resolve(alias.alias)
        if alias.usual is None:
            assert isinstance(found, Ambiguous), f"{alias.alias!r} -> {found}"
            assert tuple(r.id for r in found.options) == alias.roles
            assert found.alias is alias
        else:
            assert isinstance(found, Resolved), f"{alias.alias!r} -> {found}"
            assert found.role.id == alias.usual
            assert found.assumed is alias


def test_pm_is_ambiguous_between_product_and_project(resolver: RoleResolver) -> None:
    for typed in ("pm", "PM", "PMs"):
        found = resolver.resolve(typed)
        assert isinstance(found, Ambiguous), typed
        assert {r.id for r in found.options} == {"product-manager", "project-manager"}


def test_tpm_reads_as_technical_program_manager_openly(resolver: RoleResolver) -> None:
    for typed in ("tpm", "TPM", "TPMs"):
        found = resolver.resolve(typed)
        assert isinstance(found, Resolved), typed
        assert found.role.id == "technical-program-manager"
        assert found.assumed is not None
        assert "technical-project-manager" in found.assumed.roles


def test_at_least_40_faq_entries_with_phrasings_and_sources(kb: KnowledgeBase) -> None:
    assert len(kb.faq) >= 40
    for entry in kb.faq.values():
        assert len(entry.phrasings) >= 2, entry.id
        assert isinstance(entry.source, tuple), entry.id
        assert set(entry.source) <= set(kb.sources), entry.id
        assert entry.question.strip() and entry.answer.strip(), entry.id
        assert set(entry.roles) <= set(kb.roles), entry.id
        assert set(entry.related) <= set(kb.faq) - {entry.id}, entry.id


def test_faq_phrasings_are_not_shared_between_entries(kb: KnowledgeBase) -> None:
    owners: dict[str, list[str]] = {}
    for entry in kb.faq.values():
        for text in {entry.question, *entry.phrasings}:
            owners.setdefault(" ".join(text.lower().split()), []).append(entry.id)
    shared = {text: ids for text, ids in owners.items() if len(set(ids)) > 1}
    assert shared == {}, "the same question text belongs to several entries"


def test_at_least_40_practice_prompts_with_full_rubrics(kb: KnowledgeBase) -> None:
    assert len(kb.practice) >= 40, f"only {len(kb.practice)} practice prompts"
    for prompt in kb.practice.values():
        assert len(prompt.rubric) >= 2, prompt.id
        for point in prompt.rubric:
            assert point.name.strip() and point.shows.strip(), prompt.id
            assert point.signals and all(s.strip() for s in point.signals), prompt.id
        assert prompt.tips, prompt.id
        assert isinstance(prompt.source, tuple), prompt.id
        assert set(prompt.roles) <= set(kb.roles), prompt.id


def test_all_four_practice_kinds_are_present(kb: KnowledgeBase) -> None:
    assert {p.kind for p in kb.practice.values()} == set(PracticeKind)


def test_every_pair_of_roles_has_a_key_difference(kb: KnowledgeBase) -> None:
    pairs = list(itertools.combinations(ROLE_IDS, 2))
    assert len(pairs) == 10
    missing = [pair for pair in pairs if kb.difference(*pair) is None]
    assert missing == []
    assert len(kb.differences) == 10


def test_knowledge_is_in_our_own_words() -> None:
    if not OWN_WORDS.is_file():
        pytest.skip(f"{OWN_WORDS} is absent: the shared tools are not checked out next to this repo")
    done = subprocess.run(
        [sys.executable, str(OWN_WORDS), "knowledge"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
