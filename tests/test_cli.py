"""The `rolebot` terminal client, run as a real process, the way people use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli_helpers import no_traceback, rolebot
from tests.knowledge_helpers import write_files
from tests.slack_limits import assert_within_slack_limits


def test_diff_two_roles() -> None:
    done = rolebot("diff", "program", "product")
    assert done.returncode == 0, done.stderr
    assert "Program manager" in done.stdout and "Product manager" in done.stdout
    assert "key difference" in done.stdout.lower()
    assert done.stderr == ""


def test_diff_ambiguous_pm_asks_which_one() -> None:
    done = rolebot("diff", "pm", "tpm")
    assert done.returncode == 1
    no_traceback(done)
    assert "product manager or project manager" in done.stdout
    assert "rolebot diff product-manager technical-program-manager" in done.stdout
    assert "rolebot diff project-manager technical-program-manager" in done.stdout


def test_diff_json_is_a_block_kit_payload() -> None:
    done = rolebot("diff", "program", "product", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["blocks"]
    assert_within_slack_limits(payload)
    assert payload["blocks"][0]["text"]["text"] == "Program manager vs Product manager"


def test_diff_with_no_roles_prints_help() -> None:
    done = rolebot("diff")
    assert done.returncode == 0
    assert "rolebot diff program product" in done.stdout


def test_diff_with_no_role_name_asks_instead_of_crashing() -> None:
    done = rolebot("diff", "manager")
    no_traceback(done)
    assert done.returncode == 1


def test_roles() -> None:
    done = rolebot("roles")
    assert done.returncode == 0, done.stderr
    for name in (
        "Project manager",
        "Product manager",
        "Program manager",
        "Technical program manager",
        "Technical project manager",
    ):
        assert name in done.stdout


def test_roles_json() -> None:
    done = rolebot("roles", "--json")
    assert done.returncode == 0, done.stderr
    assert_within_slack_limits(json.loads(done.stdout))


def test_profile_tpm_says_how_it_read_tpm() -> None:
    done = rolebot("profile", "tpm")
    assert done.returncode == 0, done.stderr
    assert "Technical program manager" in done.stdout
    assert "I read “tpm” as Technical program manager" in " ".join(done.stdout.split())


def test_profile_json() -> None:
    done = rolebot("profile", "tpm", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert_within_slack_limits(payload)
    assert payload["blocks"][0]["text"]["text"] == "Technical program manager"


def test_validate_shipped_knowledge() -> None:
    done = rolebot("validate")
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("Knowledge OK: 5 roles")


BROKEN_FAQ = """\
faq:
  - id: broken-entry
    question: What is broken?
    phrasings: [one way to ask, another way to ask]
    answer: It is.
    source: none
    relatd: []
"""


def test_validate_names_file_entry_field_and_line(tmp_path: Path) -> None:
    team = write_files(tmp_path / "team", {"faq/broken.yaml": BROKEN_FAQ})
    done = rolebot("validate", str(team))
    assert done.returncode == 1
    no_traceback(done)
    expected = (
        f"{team / 'faq' / 'broken.yaml'}:7: faq entry 'broken-entry', field 'relatd': "
        "is not a known field (did you mean 'related'?)"
    )
    assert expected in done.stdout.splitlines()
    assert done.stdout.splitlines()[-1] == "1 problem(s) found."


def test_validate_relative_path_from_another_directory(tmp_path: Path) -> None:
    write_files(tmp_path / "team", {"broken.yaml": BROKEN_FAQ})
    done = rolebot("validate", "team", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("team/broken.yaml:7: faq entry 'broken-entry', field 'relatd'")


def test_broken_team_knowledge_stops_diff_with_exit_3(tmp_path: Path) -> None:
    team = write_files(tmp_path / "team", {"broken.yaml": BROKEN_FAQ})
    done = rolebot("--knowledge", str(team), "diff", "program", "product")
    assert done.returncode == 3
    no_traceback(done)
    assert "run `rolebot validate`" in done.stderr
    assert "field 'relatd'" in done.stderr
    assert done.stdout == ""


def test_team_knowledge_from_the_environment_is_used(tmp_path: Path) -> None:
    team = write_files(
        tmp_path / "team",
        {
            "differences.yaml": """\
                differences:
                  - roles: [product-manager, program-manager]
                    summary: Our team's own line on product versus program.
                    source: none
                """
        },
    )
    done = rolebot("diff", "program", "product", "--json", env={"ROLEBOT_KNOWLEDGE_PATH": str(team)})
    assert done.returncode == 0, done.stderr
    assert "Our team's own line on product versus program." in done.stdout


def test_bad_usage_exits_2() -> None:
    done = rolebot("frobnicate")
    assert done.returncode == 2
    assert "invalid choice: 'frobnicate'" in done.stderr
    no_traceback(done)


def test_profile_needs_a_role() -> None:
    assert rolebot("profile").returncode == 2


def test_installed_console_script_finds_the_knowledge_from_any_directory(tmp_path: Path) -> None:
    script = shutil.which("rolebot")
    if script is None:
        pytest.skip("the rolebot console script is not on PATH (run `pip install -e .`)")
    done = subprocess.run(
        [script, "diff", "program", "product"],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "ROLEBOT_KNOWLEDGE_PATH"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Program manager" in done.stdout and "Product manager" in done.stdout
    assert "key difference" in done.stdout.lower()
