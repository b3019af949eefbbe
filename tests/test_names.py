"""Role-name resolution: forgiving of typos and forms, honest about what it corrected, never raising."""

from __future__ import annotations

import pytest

from bot.core.names import Ambiguous, Resolved, RoleResolver, Unknown, alias_key
from tests.knowledge_helpers import ROLE_IDS

ALL_ROLES = set(ROLE_IDS)


@pytest.mark.parametrize(
    ("typed", "role_id", "corrected"),
    [
        ("prgram", "program-manager", True),
        ("prodcut", "product-manager", True),
        ("tecnical program", "technical-program-manager", True),
        ("projet", "project-manager", True),
        # The manager word is folded away whatever its spelling; the role word is right.
        ("program managment", "program-manager", False),
        ("Program-Mgmt", "program-manager", False),
        ("PROGRAM MANAGERS", "program-manager", False),
        ("tech program", "technical-program-manager", False),
        ("technical program managers", "technical-program-manager", False),
        ("Technical Project Mgr", "technical-project-manager", False),
        ("the product role", "product-manager", False),
        ("Programme", "program-manager", False),
    ],
)
def test_forms_and_typos_resolve(resolver: RoleResolver, typed: str, role_id: str, corrected: bool) -> None:
    found = resolver.resolve(typed)
    assert isinstance(found, Resolved), f"{typed!r} -> {found}"
    assert found.role.id == role_id
    assert found.corrected is corrected
    assert found.typed == typed
    assert found.assumed is None


@pytest.mark.parametrize("typed", ["banana", "xyz", "zzzzzzzzzz", "42"])
def test_unknown_names_give_unknown(resolver: RoleResolver, typed: str) -> None:
    found = resolver.resolve(typed)
    assert isinstance(found, Unknown)
    assert found.typed == typed
    assert all(r.id in ALL_ROLES for r in found.suggestions)


def test_banana_suggests_nothing(resolver: RoleResolver) -> None:
    assert resolver.resolve("banana") == Unknown("banana", ())


@pytest.mark.parametrize("typed", ["manager", "Managers", "mgmt", "the manager role"])
def test_manager_alone_is_unknown_with_every_role_suggested(resolver: RoleResolver, typed: str) -> None:
    found = resolver.resolve(typed)
    assert isinstance(found, Unknown)
    assert {r.id for r in found.suggestions} == ALL_ROLES


@pytest.mark.parametrize("typed", ["", "   ", "!!!", "🙂", "\x00"])
def test_nothing_typed_is_unknown_without_suggestions(resolver: RoleResolver, typed: str) -> None:
    assert resolver.resolve(typed) == Unknown(typed, ())


@pytest.mark.parametrize(
    ("typed", "role_id"),
    [
        ("prjct", "project-manager"),
        ("techincal projct", "technical-project-manager"),
        ("produtc manger", "product-manager"),
    ],
)
def test_bigger_typos_are_corrected_and_flagged(resolver: RoleResolver, typed: str, role_id: str) -> None:
    found = resolver.resolve(typed)
    assert isinstance(found, Resolved) and found.role.id == role_id
    assert found.corrected


def test_a_half_name_suggests_the_roles_it_could_be(resolver: RoleResolver) -> None:
    found = resolver.resolve("technical")
    assert isinstance(found, Unknown)
    assert {r.id for r in found.suggestions[:2]} == {"technical-program-manager", "technical-project-manager"}


def test_tech_pm_is_ambiguous(resolver: RoleResolver) -> None:
    found = resolver.resolve("Technical PM")
    assert isinstance(found, Ambiguous)
    assert {r.id for r in found.options} == {"technical-program-manager", "technical-project-manager"}


def test_alias_key_folds_forms_alike() -> None:
    assert alias_key("Program Managers") == alias_key("program mgmt") == alias_key("program") == "program"
    assert alias_key("Tech-Program") == "technical program"
    assert alias_key("the manager") == ""


def test_scan_finds_two_roles_longest_name_first(resolver: RoleResolver) -> None:
    scan = resolver.scan("technical program manager vs product manager")
    assert [m.role.id for m in scan.mentions if isinstance(m, Resolved)] == [
        "technical-program-manager",
        "product-manager",
    ]
    assert len(scan.mentions) == 2
    assert [m.typed for m in scan.mentions] == ["technical program manager", "product manager"]
    assert scan.leftovers == ()


def test_scan_reads_abbreviations_in_a_question(resolver: RoleResolver) -> None:
    scan = resolver.scan("whats the diff between a tpm and a pgm??")
    assert len(scan.mentions) == 2
    tpm, pgm = scan.mentions
    assert isinstance(tpm, Resolved) and tpm.role.id == "technical-program-manager"
    assert isinstance(pgm, Resolved) and pgm.role.id == "program-manager"
    assert tpm.assumed is not None and pgm.assumed is not None
    assert scan.leftovers == ()


def test_scan_reports_leftover_words(resolver: RoleResolver) -> None:
    scan = resolver.scan("program banana vs product")
    assert [m.role.id for m in scan.mentions if isinstance(m, Resolved)] == [
        "program-manager",
        "product-manager",
    ]
    assert scan.leftovers == ("banana",)


def test_scan_reports_ambiguous_mentions(resolver: RoleResolver) -> None:
    scan = resolver.scan("pm vs tpm")
    assert isinstance(scan.mentions[0], Ambiguous)
    assert isinstance(scan.mentions[1], Resolved)
    assert scan.mentions[1].role.id == "technical-program-manager"


def test_scan_corrects_typos_and_says_so(resolver: RoleResolver) -> None:
    scan = resolver.scan("prodcut vs projet")
    assert [(m.role.id, m.corrected) for m in scan.mentions if isinstance(m, Resolved)] == [
        ("product-manager", True),
        ("project-manager", True),
    ]


@pytest.mark.parametrize("text", ["", "vs", "the and or", "???", "manager vs manager"])
def test_scan_of_text_without_roles(resolver: RoleResolver, text: str) -> None:
    scan = resolver.scan(text)
    assert scan.mentions == ()
    assert scan.leftovers == ()
