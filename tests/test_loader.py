"""The loader: good knowledge loads; every kind of mistake is reported clearly, all at once.

Each error test builds a tiny valid base folder (see conftest.base_dir, which replaces the
shipped knowledge) and adds one team folder with the mistake, so the messages checked here
never depend on the shipped content.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core import loader
from bot.core.loader import KnowledgeError, Problem, check_knowledge, load_knowledge
from bot.core.models import Difficulty
from tests.knowledge_helpers import ROLES_YAML, write_files


def problems_for(team_dir: Path, files: dict[str, str]) -> list[Problem]:
    write_files(team_dir, files)
    kb, problems = check_knowledge([team_dir])
    assert kb is None if problems else kb is not None
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "expected exactly one problem, got:\n" + "\n".join(map(str, problems))
    return problems[0]


def file_name(problem: Problem) -> str:
    assert problem.file is not None, f"problem names no file: {problem}"
    return Path(problem.file).name


# --- good knowledge ---------------------------------------------------------------------


def test_minimal_knowledge_loads(base_dir: Path) -> None:
    kb = load_knowledge()
    assert set(kb.roles) == {"alpha-manager", "beta-manager"}
    assert [a.id for a in kb.aspects] == ["focus", "scope"]
    assert set(kb.sources) == {"alpha-article", "beta-article"}
    alpha = kb.roles["alpha-manager"]
    assert alpha.aliases == ("alf",)
    assert alpha.aspects["focus"].source == ("alpha-article",)
    assert alpha.aspects["scope"].source == (), "`source: none` must become an empty tuple"
    assert alpha.aspects["scope"].points == ("One alpha point", "Another alpha point")
    assert kb.roles["beta-manager"].aspects["focus"].source == ("alpha-article", "beta-article")


def test_every_section_loads_with_its_natural_forms(base_dir: Path, team_dir: Path) -> None:
    files = {
        "more.yml": """\
            ambiguous_aliases:
              - alias: am
                roles: [alpha-manager, beta-manager]
                usual: alpha-manager
                note: AM can mean either.
                source: none
            differences:
              - roles: [alpha-manager, beta-manager]
                summary: Alpha is not beta.
                source: alpha-article
            faq:
              - id: what-is-alpha
                question: What is alpha?
                phrasings: [define alpha, alpha meaning]
                answer: Alpha is the first one.
                roles: [alpha-manager]
                source: [alpha-article, beta-article]
                related: [what-is-beta]
              - id: what-is-beta
                question: What is beta?
                phrasings: [define beta, beta meaning]
                answer: Beta comes second.
                source: none
            practice:
              - id: explain-alpha
                question: Explain alpha.
                kind: role-distinction
                difficulty: hard
                roles: [alpha-manager]
                rubric:
                  - {name: Clarity, shows: Says it plainly., signals: [in plain words]}
                  - {name: Depth, shows: Goes deep., signals: [goes deep, in detail]}
                tips: [Keep it short.]
                source: beta-article
            """
    }
    problems = problems_for(team_dir, files)
    assert problems == []
    kb = load_knowledge([team_dir])
    assert kb.difference("beta-manager", "alpha-manager") is not None
    assert kb.faq["what-is-alpha"].related == ("what-is-beta",)
    assert kb.faq["what-is-beta"].source == ()
    assert kb.practice["explain-alpha"].difficulty is Difficulty.HARD
    assert kb.ambiguous_aliases[0].usual == "alpha-manager"


def test_byte_order_mark_and_windows_line_endings_are_accepted(base_dir: Path, team_dir: Path) -> None:
    text = "sources:\r\n  - id: gamma-article\r\n    title: Gamma\r\n"
    (team_dir / "win.yaml").write_bytes(("\ufeff" + text).encode("utf-8"))
    kb = load_knowledge([team_dir])
    assert kb.sources["gamma-article"].title == "Gamma"


# --- one file: YAML and structure -------------------------------------------------------


def test_yaml_syntax_error_names_file_and_line(base_dir: Path, team_dir: Path) -> None:
    p = only(
        problems_for(
            team_dir,
            {"broken.yaml": "faq:\n  - id: a-q\n    question: Q?\n   answer: badly indented\n"},
        )
    )
    assert file_name(p) == "broken.yaml"
    assert p.line == 4
    assert "is not valid YAML" in p.message
    assert str(p).startswith(f"{p.file}:4: is not valid YAML")


def test_tab_indentation_is_a_yaml_error_on_its_line(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"tabs.yaml": "faq:\n\t- id: a-q\n"}))
    assert (file_name(p), p.line) == ("tabs.yaml", 2)
    assert "not valid YAML" in p.message


def test_duplicate_key_names_the_key_and_both_lines(base_dir: Path, team_dir: Path) -> None:
    files = {
        "dup.yaml": """\
            sources:
              - id: gamma-article
                title: Gamma
                title: Gamma again
            """
    }
    p = only(problems_for(team_dir, files))
    assert file_name(p) == "dup.yaml"
    assert p.line == 4
    assert "'title' appears twice" in p.message
    assert "first on line 3" in p.message


def test_duplicate_top_level_section_is_reported(base_dir: Path, team_dir: Path) -> None:
    text = "sources:\n  - {id: gamma-article, title: G}\nsources:\n  - {id: delta-article, title: D}\n"
    p = only(problems_for(team_dir, {"twice.yaml": text}))
    assert (file_name(p), p.line) == ("twice.yaml", 3)
    assert "'sources' appears twice (first on line 1)" in p.message


def test_unknown_section_suggests_the_right_one(base_dir: Path, team_dir: Path) -> None:
    files = {"x.yaml": "sources:\n  - {id: gamma-article, title: G}\nfaqs:\n  - id: a-q\n"}
    p = only(problems_for(team_dir, files))
    assert (file_name(p), p.line) == ("x.yaml", 3)
    assert "unknown section 'faqs'" in p.message
    assert "(did you mean 'faq'?)" in p.message
    assert "sections are sources, aspects, roles, ambiguous_aliases, differences, faq, practice" in p.message


def test_section_that_is_not_a_list(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"x.yaml": "# a comment\nfaq:\n  id: a-q\n  question: Q?\n"}))
    assert (file_name(p), p.line) == ("x.yaml", 2)
    assert "section 'faq' must be a list of entries" in p.message


def test_file_that_is_a_list_not_a_mapping(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"x.yaml": "- id: a-q\n"}))
    assert file_name(p) == "x.yaml"
    assert "must be a mapping of sections" in p.message


def test_entry_that_is_not_a_mapping(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"x.yaml": "sources:\n  - {id: gamma-article, title: G}\n  - oops\n"}))
    assert (file_name(p), p.line, p.entry) == ("x.yaml", 3, "source #2")
    assert p.message == "must be a mapping of fields"


# --- one entry: fields ------------------------------------------------------------------

FAQ_WITH_TYPO = """\
faq:
  - id: a-q
    question: What?
    phrasing: [one way, another way]
    answer: An answer.
    source: none
"""


def test_unknown_field_suggests_the_right_name(base_dir: Path, team_dir: Path) -> None:
    problems = problems_for(team_dir, {"typo.yaml": FAQ_WITH_TYPO})
    unknown = [p for p in problems if p.field == "phrasing"]
    p = only(unknown)
    assert (file_name(p), p.line, p.entry) == ("typo.yaml", 4, "faq entry 'a-q'")
    assert p.message == "is not a known field (did you mean 'phrasings'?)"
    assert str(p).endswith(
        "typo.yaml:4: faq entry 'a-q', field 'phrasing': is not a known field (did you mean 'phrasings'?)"
    )
    # The misspelt key also leaves the real field missing; both are said, nothing else.
    assert {p.field for p in problems} == {"phrasing", "phrasings"}


def test_missing_required_field(base_dir: Path, team_dir: Path) -> None:
    files = {
        "x.yaml": """\
            faq:
              - id: a-q
                question: What?
                phrasings: [one way, another way]
                answer: An answer.
            """
    }
    p = only(problems_for(team_dir, files))
    assert (file_name(p), p.line, p.entry, p.field) == ("x.yaml", 2, "faq entry 'a-q'", "source")
    assert p.message == "is required but missing"


def test_source_null_says_how_to_write_none(base_dir: Path, team_dir: Path) -> None:
    files = {
        "x.yaml": "differences:\n  - roles: [alpha-manager, beta-manager]\n    summary: S.\n    source:\n"
    }
    p = only(problems_for(team_dir, files))
    assert (p.field, p.line) == ("source", 4)
    assert "give a source id from sources.yaml, or none" in p.message


def test_blank_text_is_empty(base_dir: Path, team_dir: Path) -> None:
    files = {
        "x.yaml": """\
            faq:
              - id: a-q
                question: What?
                phrasings: [one way, another way]
                answer: "   "
                source: none
            """
    }
    p = only(problems_for(team_dir, files))
    assert (file_name(p), p.line, p.entry, p.field) == ("x.yaml", 5, "faq entry 'a-q'", "answer")
    assert p.message == "must not be empty"


PRACTICE = """\
practice:
  - id: p-one
    question: Why?
    kind: scenario
    difficulty: {difficulty}
    roles: [alpha-manager]
    rubric:
      - name: First
        shows: Something.
        signals: [first one]
      - name: Second
        {shows_line}
        signals: [second one]
    tips: [Be brief.]
    source: none
"""


def test_wrong_enum_value_lists_the_allowed_ones(base_dir: Path, team_dir: Path) -> None:
    text = PRACTICE.format(difficulty="extreme", shows_line="shows: More.")
    p = only(problems_for(team_dir, {"p.yaml": text}))
    assert (file_name(p), p.line, p.entry, p.field) == ("p.yaml", 5, "practice prompt 'p-one'", "difficulty")
    for allowed in ("easy", "medium", "hard"):
        assert allowed in p.message


def test_error_inside_a_rubric_point_points_at_that_point(base_dir: Path, team_dir: Path) -> None:
    text = PRACTICE.format(difficulty="easy", shows_line="shows: '  '")
    problems = problems_for(team_dir, {"p.yaml": text})
    broken = [p for p in problems if p.field == "rubric.1.shows"]
    p = only(broken)
    assert (p.line, p.message) == (12, "must not be empty")


def test_a_broken_rubric_point_does_not_also_claim_the_rubric_is_too_short(
    base_dir: Path, team_dir: Path
) -> None:
    """Two points were written; saying "needs at least 2 item(s)" as well misleads the editor."""
    text = PRACTICE.format(difficulty="easy", shows_line="shows: '  '")
    problems = problems_for(team_dir, {"p.yaml": text})
    assert [p.field for p in problems] == ["rubric.1.shows"], "\n".join(map(str, problems))


def test_bad_id_format(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"x.yaml": "sources:\n  - id: Gamma Article\n    title: G\n"}))
    assert (p.line, p.field) == (2, "id")
    assert "lowercase letters and digits joined by '-'" in p.message


def test_three_mistakes_give_three_problems(base_dir: Path, team_dir: Path) -> None:
    files = {
        "three.yaml": """\
            faq:
              - id: first-q
                question: What?
                phrasings: [one way, another way]
                answer: "  "
                source: none
              - id: second-q
                question: Who?
                phrasings: [one way, another way]
                answer: Them.
                roles: [gamma-manager]
                source: none
            practice:
              - id: third-p
                question: Why?
                kind: scenario
                difficulty: extreme
                roles: [alpha-manager]
                rubric:
                  - {name: A, shows: B, signals: [clear call]}
                  - {name: D, shows: E, signals: [fast fix]}
                tips: [Be brief.]
                source: none
            """
    }
    problems = problems_for(team_dir, files)
    found = sorted((p.line, p.entry, p.field) for p in problems)
    assert found == [
        (5, "faq entry 'first-q'", "answer"),
        (11, "faq entry 'second-q'", "roles"),
        (17, "practice prompt 'third-p'", "difficulty"),
    ], "\n".join(map(str, problems))
    assert all(file_name(p) == "three.yaml" for p in problems)


def test_problems_in_several_files_are_all_reported(base_dir: Path, team_dir: Path) -> None:
    files = {
        "a.yaml": "faqs: []\n",
        "b.yaml": "sources:\n  - {id: gamma-article}\n",
        "c.yaml": "",
    }
    problems = problems_for(team_dir, files)
    assert sorted(file_name(p) for p in problems) == ["a.yaml", "b.yaml", "c.yaml"]
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge([team_dir])
    assert len(raised.value.problems) == 3
    for p in problems:
        assert str(p) in str(raised.value)


# --- duplicates and names ---------------------------------------------------------------


def test_duplicate_id_in_one_layer_names_both_places(base_dir: Path, team_dir: Path) -> None:
    files = {
        "a.yaml": "sources:\n  - id: gamma-article\n    title: First\n",
        "b.yaml": "# second\nsources:\n  - id: gamma-article\n    title: Second\n",
    }
    p = only(problems_for(team_dir, files))
    assert (file_name(p), p.line, p.entry) == ("b.yaml", 3, "source 'gamma-article'")
    assert "is defined twice" in p.message
    assert p.message.endswith(f"{team_dir / 'a.yaml'}:2")


def test_duplicate_id_within_one_file(base_dir: Path, team_dir: Path) -> None:
    text = "sources:\n  - {id: gamma-article, title: A}\n  - {id: gamma-article, title: B}\n"
    p = only(problems_for(team_dir, {"x.yaml": text}))
    assert (p.line, p.entry) == (3, "source 'gamma-article'")
    assert p.message.endswith("x.yaml:2")


def test_duplicate_difference_pair_in_either_order(base_dir: Path, team_dir: Path) -> None:
    files = {
        "d.yaml": """\
            differences:
              - roles: [alpha-manager, beta-manager]
                summary: One.
                source: none
              - roles: [beta-manager, alpha-manager]
                summary: Two.
                source: none
            """
    }
    p = only(problems_for(team_dir, files))
    assert (p.line, p.entry) == (5, "difference beta-manager vs alpha-manager")
    assert "is defined twice" in p.message and p.message.endswith("d.yaml:2")


def test_difference_of_a_role_with_itself(base_dir: Path, team_dir: Path) -> None:
    files = {
        "d.yaml": "differences:\n  - roles: [alpha-manager, alpha-manager]\n    summary: S.\n    source: none\n"
    }
    p = only(problems_for(team_dir, files))
    assert (p.field, p.message) == ("roles", "compares a role with itself")


GAMMA_ROLE = """\
roles:
  - id: gamma-manager
    name: Gamma manager
    discipline: Gamma management
    summary: Looks after gamma.
    aliases: [{alias}]
    aspects:
      focus: {{summary: Gamma focus., source: none}}
      {scope_key}: {{summary: Gamma scope., source: none}}
"""


def test_alias_claimed_by_two_roles(base_dir: Path, team_dir: Path) -> None:
    text = GAMMA_ROLE.format(alias="ALF", scope_key="scope")
    p = only(problems_for(team_dir, {"gamma.yaml": text}))
    assert (file_name(p), p.line, p.entry, p.field) == ("gamma.yaml", 6, "role 'gamma-manager'", "aliases")
    assert "alias 'ALF' is also a name of role 'alpha-manager'" in p.message
    assert str(base_dir / "roles.yaml") in p.message
    assert "declare it under ambiguous_aliases" in p.message


def test_alias_equal_to_another_roles_name_counts_as_claimed(base_dir: Path, team_dir: Path) -> None:
    """Names fold like the resolver folds them: 'beta managers' is the beta manager's name."""
    text = GAMMA_ROLE.format(alias="beta managers", scope_key="scope")
    p = only(problems_for(team_dir, {"gamma.yaml": text}))
    assert p.field == "aliases" and "role 'beta-manager'" in p.message


def test_ambiguous_alias_that_is_also_a_plain_alias(base_dir: Path, team_dir: Path) -> None:
    files = {
        "amb.yaml": """\
            ambiguous_aliases:
              - alias: alf
                roles: [alpha-manager, beta-manager]
                note: Could be either.
                source: none
            """
    }
    p = only(problems_for(team_dir, files))
    assert (file_name(p), p.line, p.entry, p.field) == ("amb.yaml", 2, "ambiguous alias 'alf'", "alias")
    assert "'alf' is also a plain alias of role 'alpha-manager'" in p.message
    assert "remove it from that role's aliases" in p.message


def test_ambiguous_alias_usual_must_be_among_its_roles(base_dir: Path, team_dir: Path) -> None:
    files = {
        "gamma.yaml": GAMMA_ROLE.format(alias="gam", scope_key="scope"),
        "amb.yaml": """\
            ambiguous_aliases:
              - alias: am
                roles: [alpha-manager, beta-manager]
                usual: gamma-manager
                note: Could be either.
                source: none
            """,
    }
    p = only(problems_for(team_dir, files))
    assert (file_name(p), p.line, p.entry, p.field) == ("amb.yaml", 4, "ambiguous alias 'am'", "usual")
    assert p.message == "usual role 'gamma-manager' is not one of its roles"


@pytest.mark.parametrize(
    ("section_text", "line", "entry"),
    [
        (
            "faq:\n  - id: a-q\n    question: Q?\n    phrasings: [x y, y z]\n    answer: A.\n"
            "    roles: [alpha-manger]\n    source: none\n",
            6,
            "faq entry 'a-q'",
        ),
        (
            "practice:\n  - id: p-one\n    question: Q?\n    kind: scenario\n    difficulty: easy\n"
            "    roles: [alpha-manger]\n"
            "    rubric:\n      - {name: A, shows: B, signals: [clear call]}\n      - {name: D, shows: E, signals: [fast fix]}\n"
            "    tips: [t]\n    source: none\n",
            6,
            "practice prompt 'p-one'",
        ),
        (
            "ambiguous_aliases:\n  - alias: am\n    roles: [alpha-manager, alpha-manger]\n"
            "    note: N.\n    source: none\n",
            3,
            "ambiguous alias 'am'",
        ),
        (
            "differences:\n  - roles: [alpha-manger, beta-manager]\n    summary: S.\n    source: none\n",
            2,
            "difference alpha-manger vs beta-manager",
        ),
    ],
    ids=["faq", "practice", "ambiguous", "difference"],
)
def test_reference_to_unknown_role(
    base_dir: Path, team_dir: Path, section_text: str, line: int, entry: str
) -> None:
    p = only(problems_for(team_dir, {"refs.yaml": section_text}))
    assert (file_name(p), p.line, p.entry, p.field) == ("refs.yaml", line, entry, "roles")
    assert p.message == "names unknown role 'alpha-manger' (did you mean 'alpha-manager'?)"


def test_unknown_source_id(base_dir: Path, team_dir: Path) -> None:
    files = {
        "x.yaml": """\
            differences:
              - roles: [alpha-manager, beta-manager]
                summary: S.
                source: [beta-article, alpha-artcle]
            """
    }
    p = only(problems_for(team_dir, files))
    assert (file_name(p), p.line, p.entry, p.field) == (
        "x.yaml",
        4,
        "difference alpha-manager vs beta-manager",
        "source",
    )
    assert p.message == "cites unknown source 'alpha-artcle' (did you mean 'alpha-article'?)"


def test_unknown_source_in_a_role_aspect(base_dir: Path, team_dir: Path) -> None:
    text = GAMMA_ROLE.format(alias="gam", scope_key="scope").replace(
        "Gamma focus., source: none", "Gamma focus., source: nowhere"
    )
    p = only(problems_for(team_dir, {"gamma.yaml": text}))
    assert (p.line, p.entry, p.field) == (8, "role 'gamma-manager'", "aspects.focus.source")
    assert "cites unknown source 'nowhere'" in p.message


def test_unknown_related_faq_and_self_reference(base_dir: Path, team_dir: Path) -> None:
    files = {
        "x.yaml": """\
            faq:
              - id: what-is-alpha
                question: What is alpha?
                phrasings: [define alpha, alpha meaning]
                answer: Alpha.
                source: none
                related: [what-is-alfa, what-is-alpha]
            """
    }
    problems = problems_for(team_dir, files)
    assert len(problems) == 2, "\n".join(map(str, problems))
    assert {(p.line, p.entry, p.field) for p in problems} == {(7, "faq entry 'what-is-alpha'", "related")}
    messages = sorted(p.message for p in problems)
    assert messages == [
        "points at itself",
        "points at unknown faq entry 'what-is-alfa' (did you mean 'what-is-alpha'?)",
    ]


def test_role_missing_an_aspect(base_dir: Path, team_dir: Path) -> None:
    text = GAMMA_ROLE.format(alias="gam", scope_key="scope").replace(
        "      scope: {summary: Gamma scope., source: none}\n", ""
    )
    p = only(problems_for(team_dir, {"gamma.yaml": text}))
    assert (file_name(p), p.line, p.entry, p.field) == ("gamma.yaml", 7, "role 'gamma-manager'", "aspects")
    assert p.message == "has no text for the aspect 'scope'"


def test_role_with_an_unknown_aspect(base_dir: Path, team_dir: Path) -> None:
    text = GAMMA_ROLE.format(alias="gam", scope_key="scop")
    problems = problems_for(team_dir, {"gamma.yaml": text})
    unknown = only([p for p in problems if p.field == "aspects.scop"])
    assert (unknown.line, unknown.entry) == (9, "role 'gamma-manager'")
    assert unknown.message == "'scop' is not an aspect in aspects.yaml (did you mean 'scope'?)"
    # ...and the real aspect it was meant to be is missing.
    assert [p.message for p in problems if p.field == "aspects"] == ["has no text for the aspect 'scope'"]


# --- files and folders ------------------------------------------------------------------


def test_non_utf8_file(base_dir: Path, team_dir: Path) -> None:
    (team_dir / "latin1.yaml").write_bytes("sources:\n  - id: cafe\n    title: Café\n".encode("latin-1"))
    p = only(check_knowledge([team_dir])[1])
    assert file_name(p) == "latin1.yaml"
    assert p.message == "is not UTF-8 text; save it as UTF-8"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank", "comment"])
def test_empty_file(base_dir: Path, team_dir: Path, text: str) -> None:
    p = only(problems_for(team_dir, {"empty.yaml": text}))
    assert file_name(p) == "empty.yaml"
    assert p.message.startswith("is empty")


def test_missing_folder(base_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    p = only(check_knowledge([missing])[1])
    assert p.file == str(missing)
    assert p.message == "knowledge folder not found"


def test_folder_without_yaml_files(base_dir: Path, team_dir: Path) -> None:
    (team_dir / "notes.txt").write_text("not knowledge\n", encoding="utf-8")
    p = only(check_knowledge([team_dir])[1])
    assert p.message == "holds no .yaml files"


def test_hidden_folders_and_other_suffixes_are_ignored(base_dir: Path, team_dir: Path) -> None:
    write_files(team_dir, {".git/junk.yaml": "not: [valid", "notes.yaml.bak": "junk: [", "ok.yaml": ""})
    problems = check_knowledge([team_dir])[1]
    assert [file_name(p) for p in problems] == ["ok.yaml"]


def test_missing_shipped_folder_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(loader, "shipped_knowledge_dir", lambda: tmp_path / "gone")
    kb, problems = check_knowledge()
    assert kb is None
    assert any(p.message == "knowledge folder not found" for p in problems)


def test_no_roles_at_all(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "k", {"sources.yaml": "sources:\n  - {id: s, title: T}\n"})
    monkeypatch.setattr(loader, "shipped_knowledge_dir", lambda: folder)
    p = only(check_knowledge()[1])
    assert p.file is None and p.message == "no roles are defined"


def test_problem_str_format() -> None:
    p = Problem("k/faq.yaml", "must not be empty", line=7, entry="faq entry 'x'", field="answer")
    assert str(p) == "k/faq.yaml:7: faq entry 'x', field 'answer': must not be empty"
    assert str(Problem(None, "no roles are defined")) == "knowledge: no roles are defined"


def test_valid_files_are_never_altered(base_dir: Path, team_dir: Path) -> None:
    write_files(team_dir, {"sources.yaml": "sources:\n  - id: gamma-article\n    title: Gamma\n"})
    old = 1_000_000_000_000_000_000  # a fixed, old mtime, so even a same-content rewrite shows
    files = sorted(p for folder in (base_dir, team_dir) for p in folder.rglob("*"))
    for path in files:
        os.utime(path, ns=(old, old))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    load_knowledge([team_dir])
    check_knowledge([team_dir])
    after_files = sorted(p for folder in (base_dir, team_dir) for p in folder.rglob("*"))
    assert after_files == files, "loading created or removed files"
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_broken_files_are_not_altered_either(base_dir: Path, team_dir: Path) -> None:
    write_files(team_dir, {"typo.yaml": FAQ_WITH_TYPO})
    before = (team_dir / "typo.yaml").read_bytes()
    assert check_knowledge([team_dir])[1]
    assert (team_dir / "typo.yaml").read_bytes() == before


# --- overlays ---------------------------------------------------------------------------


def test_team_entry_with_the_same_id_replaces_ours(base_dir: Path, team_dir: Path) -> None:
    files = {
        "sources.yaml": "sources:\n  - id: alpha-article\n    title: Our team's alpha article\n",
        "roles.yaml": """\
            roles:
              - id: beta-manager
                name: Beta lead
                discipline: Beta management
                summary: Our team's beta.
                aspects:
                  focus: {summary: Team focus., source: none}
                  scope: {summary: Team scope., source: alpha-article}
            """,
    }
    write_files(team_dir, files)
    kb = load_knowledge([team_dir])
    assert kb.sources["alpha-article"].title == "Our team's alpha article"
    assert len(kb.sources) == 2
    beta = kb.roles["beta-manager"]
    assert (beta.name, beta.summary) == ("Beta lead", "Our team's beta.")
    assert beta.aliases == (), "a replaced entry is replaced whole, not merged field by field"
    assert list(kb.roles) == ["alpha-manager", "beta-manager"]


def test_team_entry_with_a_new_id_is_added(base_dir: Path, team_dir: Path) -> None:
    write_files(team_dir, {"gamma.yaml": GAMMA_ROLE.format(alias="gam", scope_key="scope")})
    kb = load_knowledge([team_dir])
    assert set(kb.roles) == {"alpha-manager", "beta-manager", "gamma-manager"}


def test_later_team_folders_win(base_dir: Path, tmp_path: Path) -> None:
    one = write_files(tmp_path / "one", {"s.yaml": "sources:\n  - {id: alpha-article, title: One}\n"})
    two = write_files(tmp_path / "two", {"s.yaml": "sources:\n  - {id: alpha-article, title: Two}\n"})
    assert load_knowledge([one, two]).sources["alpha-article"].title == "Two"
    assert load_knowledge([two, one]).sources["alpha-article"].title == "One"


def test_a_single_file_can_be_an_overlay(base_dir: Path, team_dir: Path) -> None:
    path = team_dir / "extra.yaml"
    path.write_text("sources:\n  - {id: gamma-article, title: Gamma}\n", encoding="utf-8")
    assert "gamma-article" in load_knowledge([path]).sources


def test_naming_the_shipped_folder_again_is_harmless(base_dir: Path) -> None:
    kb, problems = check_knowledge([base_dir])
    assert problems == [] and kb is not None


def test_shipped_entries_can_be_overridden_across_layers_without_duplicate_errors(
    base_dir: Path, team_dir: Path
) -> None:
    write_files(team_dir, {"roles.yaml": ROLES_YAML})
    assert check_knowledge([team_dir])[1] == []


def _knowledge_dirs(value: str | None) -> list[Path]:
    from bot.settings import BotSettings

    given = {} if value is None else {"rolebot_knowledge_path": value}
    return BotSettings(_env_file=None, **given).knowledge_dirs  # type: ignore[arg-type]


def test_knowledge_dirs_split_on_pathsep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROLEBOT_KNOWLEDGE_PATH", raising=False)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    value = f"{a}{os.pathsep}{os.pathsep}{b}{os.pathsep} "
    assert _knowledge_dirs(value) == [a, b]
    assert _knowledge_dirs(None) == []
    assert _knowledge_dirs("") == []
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "team-knowledge").mkdir()
    assert _knowledge_dirs("~/team-knowledge") == [tmp_path / "team-knowledge"]


def test_knowledge_dirs_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    monkeypatch.setenv("ROLEBOT_KNOWLEDGE_PATH", f"{tmp_path}{os.pathsep}{tmp_path / 'x'}")
    from bot.settings import load_bot_settings

    assert load_bot_settings().knowledge_dirs == [tmp_path, tmp_path / "x"]


@pytest.mark.parametrize(("signal", "why"), [("weeks", "everyday word"), ("the", "function word")])
def test_a_signal_too_weak_to_mean_anything_is_rejected(
    base_dir: Path, team_dir: Path, signal: str, why: str
) -> None:
    text = PRACTICE.format(difficulty="easy", shows_line="shows: More.").replace(
        "[first one]", f"[{signal}, RACI]"
    )
    p = only(problems_for(team_dir, {"p.yaml": text}))
    assert (p.entry, p.field) == ("practice prompt 'p-one'", "rubric.0.signals.0")
    assert f"signal '{signal}'" in p.message and why in p.message
    assert p.line == 10


def test_rare_words_and_phrases_are_good_signals(base_dir: Path, team_dir: Path) -> None:
    text = PRACTICE.format(difficulty="easy", shows_line="shows: More.").replace(
        "[first one]", "[RACI, postmortem, slipped by two weeks, we agreed on]"
    )
    assert problems_for(team_dir, {"p.yaml": text}) == []


# --- practice topics -----------------------------------------------------------------------


def _with_topic(topic_lines: str) -> str:
    """The base practice prompt with an answer profile: `answered_in` and the given `topic` lines."""
    return (
        PRACTICE.format(difficulty="easy", shows_line="shows: More.")
        + "    answered_in: We moved the data centre and nobody noticed.\n"
        + "    topic:\n"
        + topic_lines
    )


def test_a_prompt_with_an_answer_profile_loads(base_dir: Path, team_dir: Path) -> None:
    write_files(
        team_dir, {"p.yaml": _with_topic("      - [data centre, data center]\n      - [moved, migrated]\n")}
    )
    kb = load_knowledge([team_dir])
    prompt = kb.practice["p-one"]
    assert prompt.answered_in == "We moved the data centre and nobody noticed."
    assert prompt.topic == (("data centre", "data center"), ("moved", "migrated"))


def test_an_empty_topic_group_is_rejected(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"p.yaml": _with_topic("      - [moved]\n      - []\n")}))
    assert (file_name(p), p.entry, p.field) == ("p.yaml", "practice prompt 'p-one'", "topic.1")
    assert "topic group is empty" in p.message
    assert p.line == 19


def test_a_topic_phrase_with_no_words_is_rejected(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"p.yaml": _with_topic('      - [moved, "—"]\n')}))
    assert (p.entry, p.field) == ("practice prompt 'p-one'", "topic.0.1")
    assert p.message == "topic phrase '—' has no words to match"
    assert p.line == 18


def test_a_phrase_twice_in_one_topic_group_is_rejected(base_dir: Path, team_dir: Path) -> None:
    p = only(problems_for(team_dir, {"p.yaml": _with_topic("      - [moved, migrated, Moved]\n")}))
    assert (p.entry, p.field) == ("practice prompt 'p-one'", "topic.0.2")
    assert p.message == "topic phrase 'Moved' is already alternative #1 of this group"


def test_one_phrase_may_serve_two_topic_groups(base_dir: Path, team_dir: Path) -> None:
    """ "migrate" can be both what is moved and how: the groups are separate questions."""
    assert (
        problems_for(
            team_dir, {"p.yaml": _with_topic("      - [migrate, old api]\n      - [migrate, clients]\n")}
        )
        == []
    )


def test_an_empty_answered_in_is_rejected(base_dir: Path, team_dir: Path) -> None:
    text = PRACTICE.format(difficulty="easy", shows_line="shows: More.") + '    answered_in: " "\n'
    p = only(problems_for(team_dir, {"p.yaml": text}))
    assert (p.field, p.message) == ("answered_in", "must not be empty")


# --- aspect cue words ----------------------------------------------------------------------


def test_a_cue_word_belongs_to_one_aspect(base_dir: Path, team_dir: Path) -> None:
    text = (
        "aspects:\n  - id: focus\n    label: Focus\n    cues: [aim, reach]\n"
        "  - id: scope\n    label: Scope\n    cues: [reach]\n"
    )
    p = only(problems_for(team_dir, {"aspects.yaml": text}))
    assert (file_name(p), p.field) == ("aspects.yaml", "cues")
    assert p.message == "cue word 'reach' is also a cue of the aspect 'focus'"


def test_a_cue_is_one_word(base_dir: Path, team_dir: Path) -> None:
    text = (
        "aspects:\n  - id: focus\n    label: Focus\n    cues: [main aim]\n  - id: scope\n    label: Scope\n"
    )
    p = only(problems_for(team_dir, {"aspects.yaml": text}))
    assert file_name(p) == "aspects.yaml" and p.field is not None and p.field.startswith("cues")


def test_cue_words_load_lowercased(base_dir: Path, team_dir: Path) -> None:
    write_files(team_dir, {"aspects.yaml": "aspects:\n  - id: focus\n    label: Focus\n    cues: [KPIs]\n"})
    kb, problems = check_knowledge([team_dir])
    assert not problems and kb is not None
    assert next(a for a in kb.aspects if a.id == "focus").cues == ("kpis",)
