"""App Home: the introduction, the same for everyone, with the user's own practice progress on top."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.core.gaps import TeamWeek, group_questions, largest
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analyzer
from bot.core.names import RoleResolver
from bot.rendering.home import render_admin, render_home
from bot.rendering.practice import render_progress
from bot.storage.store import Store
from bot.usecases.ports import Asker, Sent, SlackPort

log = logging.getLogger("bot.usecases.home")
WEEK = timedelta(days=7)


class Home:
    def __init__(
        self,
        kb: KnowledgeBase,
        store: Store,
        *,
        command: str,
        practice_command: str,
        admins: frozenset[str] = frozenset(),
        analyzer: Analyzer | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.kb = kb
        self.admins = admins
        """ROLEBOT_ADMINS: who also sees the team's questions and gaps (never anyone else)."""
        self.store = store
        self.command = command
        self.practice_command = practice_command
        self.plain_view = render_home(kb, command, practice_command=practice_command)
        """The view without anyone's progress: for when the database cannot be read."""

    def view_for(self, asker: Asker, slack: SlackPort) -> dict[str, Any]:
        """The view with the user's progress (streaks counted in their Slack time zone)."""
        try:
            progress = self.store.answers.progress(asker.team, asker.user, slack.user_zone(asker.user))
        except SQLAlchemyError:
            log.exception("could not read practice progress; App Home shown without it")
            return self.plain_view
        blocks = render_progress(
            progress, command=self.practice_command, keeps_answers=self.store.answers.store_text
        )
        if asker.user in self.admins:
            blocks = [*blocks, *self._admin_blocks(asker.team)]
        return render_home(self.kb, self.command, blocks, self.practice_command)

    def _admin_blocks(self, team: str) -> list[Any]:
        """The team's week for an admin; nothing when it cannot be read (their own view still shows)."""
        since = datetime.now(UTC) - WEEK
        try:
            asked, answered = self.store.gaps.tallied(team, since)
            votes = self.store.gaps.votes(since, team)
            entries = self.store.gaps.entries(since, team)
        except SQLAlchemyError:
            log.exception("could not read the team's week for an admin")
            return []
        up = sum(v.helpful for v in votes.values())
        total = up + sum(v.unhelpful for v in votes.values())
        analyzer = self.analyzer or Analyzer(RoleResolver(self.kb))
        week = TeamWeek(
            asked=asked,
            answered=answered,
            helpful_rate=up / total if total else None,
            gaps=largest(group_questions(entries, analyzer)),
            export_command=f"rolebot gaps --since 7d --team {team} --export gaps.yaml",
        )
        return render_admin(week)

    def publish(self, asker: Asker, slack: SlackPort) -> Sent:
        return slack.publish_home(asker.user, self.view_for(asker, slack))
