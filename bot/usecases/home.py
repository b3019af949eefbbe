"""App Home: the introduction, the same for everyone, with the user's own practice progress on top."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.core.knowledge import KnowledgeBase
from bot.rendering.home import render_home
from bot.rendering.practice import render_progress
from bot.storage.store import Store
from bot.usecases.ports import Asker, Sent, SlackPort

log = logging.getLogger("bot.usecases.home")


class Home:
    def __init__(
        self,
        kb: KnowledgeBase,
        store: Store,
        *,
        command: str,
        practice_command: str,
        admins: frozenset[str] = frozenset(),
    ) -> None:
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
        return render_home(self.kb, self.command, blocks, self.practice_command)

    def publish(self, asker: Asker, slack: SlackPort) -> Sent:
        return slack.publish_home(asker.user, self.view_for(asker, slack))
