"""Grouping logged questions by the engine's reading of them, the report, the export, and the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli.main import main
from bot.core.gaps import export, group_questions, report
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analyzer
from bot.core.names import RoleResolver
from bot.storage.migrate import upgrade
from bot.storage.store import Store


@dataclass(frozen=True)
class Entry:
    question: str
    asker: str = "a"
    outcome: str = "not_sure"
    suggested: tuple[str, ...] = ()
    chosen: str | None = None
    target: str | None = None
    comment: str | None = None


@pytest.fixture(scope="module")
def analyzer(kb: KnowledgeBase) -> Analyzer:
    return Analyzer(RoleResolver(kb))


def test_alike_questions_group_and_others_do_not(analyzer: Analyzer) -> None:
    entries = [
        Entry("what is the salary of a tpm", "a"), Entry("tpm salary?", "b"), Entry("TPM salaries", "c"),
        Entry("how do I deal with scope creep", "a"), Entry("handling scope creep", "d"),
        Entry("is the pmp exam hard"),
    ]  # fmt: skip
    groups = group_questions(entries, analyzer)
    sizes = [(g.asked, g.people) for g in groups]
    assert sizes == [(3, 3), (2, 2), (1, 1)], [g.examples() for g in groups]
    assert {e.question for e in groups[1].entries} == {
        "how do I deal with scope creep",
        "handling scope creep",
    }


def test_report_counts_what_was_suggested_and_chosen_with_helpful_rates(analyzer: Analyzer) -> None:
    entries = [
        Entry("agile program", "a", suggested=("faq:x", "faq:y"), chosen="faq:x"),
        Entry("agile programs", "b", suggested=("faq:x",), chosen="faq:x"),
        Entry("agile programs", "b", outcome="unhelpful", target="faq:x", comment="sprints"),
    ]
    [group] = report(group_questions(entries, analyzer), {"faq:x": "X?"}, {"faq:x": 0.25})
    assert group["asked"] == 3 and group["people"] == 2
    assert group["examples"][0] == "agile programs"
    assert group["chosen"] == [{"target": "faq:x", "title": "X?", "times": 2, "helpful_rate": 0.25}]
    assert group["comments"] == ["sprints"] and group["outcomes"] == {"not_sure": 2, "unhelpful": 1}


def test_one_person_choosing_is_not_enough_for_a_phrasing(analyzer: Analyzer, kb: KnowledgeBase) -> None:
    faq = next(iter(kb.faq))
    entries = [
        Entry("agile program", "a", chosen=f"faq:{faq}"),
        Entry("agile programs", "a", chosen=f"faq:{faq}"),
    ]
    assert export(group_questions(entries, analyzer), kb) == {}


def test_cli_since_team_and_purge(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'gaps.sqlite3'}"
    upgrade(url)
    store = Store.open(url)
    now = datetime.now(UTC)
    for team, days, question in (("T1", 1, "tpm salary"), ("T1", 10, "pmp exam"), ("T2", 1, "scope creep")):
        store.gaps.record(team_id=team, user_id="U1", question=question, outcome="not_sure", confidence=0.3,
                          now=now - timedelta(days=days))  # fmt: skip
    store.close()
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["gaps", "--since", "7d", "--team", "T1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [g["examples"] for g in shown["groups"]] == [["tpm salary"]]
    assert main(["gaps"]) == 0
    text = capsys.readouterr().out
    assert "3 question(s) nobody answered" in text and "rolebot gaps --export" in text
    assert main(["gaps", "--export", str(tmp_path / "all.yaml")]) == 2, "two workspaces: which one?"
    assert "add --team" in capsys.readouterr().err and not (tmp_path / "all.yaml").exists()
    assert main(["gaps", "--team", "T2", "--export", str(tmp_path / "t2.yaml")]) == 0
    with pytest.raises(SystemExit):
        main(["gaps", "--since", "soon"])
    capsys.readouterr()
    assert main(["gaps", "purge", "--team", "T2"]) == 0
    assert main(["gaps", "purge"]) == 0
    assert "Deleted 2" in capsys.readouterr().out
    assert main(["gaps", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"] == 0
