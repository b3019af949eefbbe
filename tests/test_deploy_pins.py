"""Deploys install pinned versions: requirements.txt installs the app with requirements.lock, which
pins every dependency pyproject.toml declares, each within the declared range."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\[\]-]+)==([^ ;]+)", line)
        if match:
            found[canonicalize_name(match.group(1).split("[")[0])] = match.group(2)
    return found


def test_requirements_install_the_app_with_the_pins() -> None:
    lines = [
        line for line in (ROOT / "requirements.txt").read_text().splitlines() if not line.startswith("#")
    ]
    assert [line for line in lines if line.strip()] == ["-r requirements.lock", "."]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = pins()
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not pinned in requirements.lock"
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name], str(requirement.specifier))
    assert "uv pip compile pyproject.toml" in (ROOT / "requirements.lock").read_text()
    assert "uv pip compile pyproject.toml" in (ROOT / "README.md").read_text()
