"""The layers stay visible and one-way: front ends → use cases → core → rendering → front ends.

Checked on the source, so a new import that breaks the direction fails here, not in review."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
FRONT_ENDS = ("bot.slack", "bot.cli", "bot.scheduler")


def modules(package: str) -> list[Path]:
    return sorted((BOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _under(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        (
            "core",
            (
                "bot.slack",
                "bot.storage",
                "bot.scheduler",
                "bot.cli",
                "bot.usecases",
                "bot.rendering",
                "slack_sdk",
                "slack_bolt",
            ),
        ),
        ("rendering", ("bot.slack", "bot.storage", "bot.scheduler", "bot.cli", "bot.usecases", "slack_bolt")),
        ("usecases", (*FRONT_ENDS, "slack_sdk", "slack_bolt")),
        ("storage", (*FRONT_ENDS, "bot.usecases", "bot.rendering")),
    ],
)
def test_no_layer_imports_upward(package: str, forbidden: tuple[str, ...]) -> None:
    wrong = {
        f"{path.relative_to(BOT.parent)} imports {name}"
        for path in modules(package)
        for name in imported(path)
        if _under(name, forbidden)
    }
    assert not wrong, sorted(wrong)


def test_only_the_settings_module_reads_the_environment() -> None:
    reads = re.compile(r"os\.environ|os\.getenv|getenv\(|dotenv")
    found = [
        str(path.relative_to(BOT.parent))
        for path in BOT.rglob("*.py")
        if path.name != "settings.py" and reads.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_listeners_are_a_few_lines_each() -> None:
    long = []
    for path in modules("slack/listeners"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 30:
                    long.append(f"{path.name}:{node.name} has {length} lines")
    assert not long, long


def test_no_formatter_exceptions() -> None:
    """Long word tables are text (see bot/core/text.py word_table) or thesaurus-style strings."""
    found = [
        str(path.relative_to(BOT.parent))
        for path in sorted(BOT.rglob("*.py"))
        if re.search(r"#\s*fmt:\s*(skip|off)", path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_target_keys_are_written_and_read_only_by_target_key() -> None:
    """ "faq:…" and "compare:a|b" are built and parsed by bot/core/kinds.py's TargetKey alone."""
    by_hand = re.compile(r"""["'](faq|practice|profile|aspect|compare):[\w{]|split\("\|"\)""")
    found = [
        f"{path.relative_to(BOT.parent)}:{n}"
        for path in BOT.rglob("*.py")
        if path.name != "kinds.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line) and not line.lstrip().startswith(("#", '"""'))
    ]
    assert not found, found
