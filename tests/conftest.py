"""Shared fixtures: the shipped knowledge, and an isolated loader that reads only a tiny folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from bot.core import loader
from bot.core.knowledge import KnowledgeBase
from bot.core.names import RoleResolver
from tests.knowledge_helpers import write_minimal_knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge. If others' in-progress edits break it, tests using it fail loudly."""
    return loader.load_knowledge()


@pytest.fixture(scope="session")
def resolver(kb: KnowledgeBase) -> RoleResolver:
    return RoleResolver(kb)


@pytest.fixture
def base_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A minimal valid knowledge folder that the loader uses instead of the shipped one."""
    folder = write_minimal_knowledge(tmp_path / "base")
    monkeypatch.setattr(loader, "shipped_knowledge_dir", lambda: folder)
    return folder


@pytest.fixture
def team_dir(tmp_path: Path) -> Path:
    """An empty team folder for overlay files, next to (not inside) the base folder."""
    folder = tmp_path / "team"
    folder.mkdir()
    return folder


# Hypothesis: modest, reproducible runs by default (the same examples every run, so a property
# test cannot pass today and fail tomorrow); HYPOTHESIS_PROFILE=explore searches harder.
settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    # No "explain" phase: it is slow and only decorates a failure report.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    print_blob=False,
)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
