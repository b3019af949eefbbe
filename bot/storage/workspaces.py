"""Workspaces: what happens to a workspace's data when it uninstalls the app, and data requests.

Everything the bot stores is keyed by the workspace (`team_id`) and, where it is about a person,
by their user id. So deleting is table-driven: every table with a `team_id` column loses the
workspace's rows (deliveries and rotation history go with their subscriptions, by cascade), and
every table with a `user_id` column loses the person's (and tables that name people only by a
one-way key, the gap log and the votes, lose the rows under that person's key). Tables added later are covered as long
as they keep that rule (tests/storage/test_workspaces.py checks every table has it).

An uninstall pauses the workspace's subscriptions at once and its data is deleted
`KEEP_AFTER_UNINSTALL` later, by the clock; installing again before then keeps everything and
resumes the subscriptions it paused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, delete, select, update

from bot.core.practice.schedule import next_run
from bot.storage.engine import dialect_insert
from bot.storage.gaps import asker_key
from bot.storage.models import (
    BOTS_TABLE,
    INSTALLATIONS_TABLE,
    OAUTH_STATES_TABLE,
    Base,
    Subscription,
    WorkspaceOrg,
    WorkspaceRemoval,
)
from bot.storage.subscriptions import schedule_of

KEEP_AFTER_UNINSTALL = timedelta(days=30)
"""How long an uninstalled workspace's data is kept (a reinstall within it keeps everything)."""
UNINSTALLED = "the app was uninstalled from this workspace"
TOKEN_REVOKED = "the workspace's bot token was revoked or is invalid"
RESUMED_ON_INSTALL = (UNINSTALLED, TOKEN_REVOKED)
"""Pause reasons a new install of the app lifts (a channel the bot left stays paused)."""
DELETED_USER = "U_DELETED"
"""What replaces a person's id where a row must stay (the installer of a workspace's install)."""


def _now(now: datetime | None) -> datetime:
    return now.astimezone(UTC) if now else datetime.now(UTC)


@dataclass(frozen=True)
class Deleted:
    rows: dict[str, int]
    """Rows deleted (or made anonymous) per table; tables with none are left out."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _tables_with(column: str) -> list[Table]:
    """Tables with `column`, children before parents (so foreign keys never block a delete)."""
    return [t for t in reversed(Base.metadata.sorted_tables) if column in t.c]


class Workspaces:
    def __init__(self, engine: Engine, keep: timedelta = KEEP_AFTER_UNINSTALL) -> None:
        self.engine = engine
        self.keep = keep

    def pause_all(self, team_id: str, reason: str, now: datetime | None = None) -> int:
        """Pause every active subscription of the workspace (the clock skips it); returns how many."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(Subscription)
                .where(Subscription.team_id == team_id, Subscription.active.is_(True))
                .where(Subscription.paused.is_(False))
                .values(paused=True, paused_reason=reason, next_due_at=None, updated_at=_now(now))
            ).rowcount

    def uninstalled(self, team_id: str, enterprise_id: str | None, now: datetime | None = None) -> datetime:
        """The app was removed: pause the subscriptions and set the date the data goes; returns it."""
        now = _now(now)
        self.pause_all(team_id, UNINSTALLED, now)
        values = {"enterprise_id": enterprise_id, "removed_at": now, "delete_after": now + self.keep}
        with self.engine.begin() as connection:
            insert = dialect_insert(connection, WorkspaceRemoval).values(team_id=team_id, **values)
            connection.execute(insert.on_conflict_do_update(index_elements=["team_id"], set_=values))
        return now + self.keep

    def installed(self, team_id: str, now: datetime | None = None) -> int:
        """The app was installed (again): nothing is deleted, and subscriptions paused by an uninstall
        or a revoked token resume at their next scheduled time. Returns how many resumed."""
        now = _now(now)
        with self.engine.begin() as connection:
            connection.execute(delete(WorkspaceRemoval).where(WorkspaceRemoval.team_id == team_id))
            rows = connection.execute(
                select(
                    Subscription.id, Subscription.local_time, Subscription.timezone, Subscription.days_mask
                )
                .where(Subscription.team_id == team_id, Subscription.active.is_(True))
                .where(Subscription.paused.is_(True), Subscription.paused_reason.in_(RESUMED_ON_INSTALL))
            ).all()
            for row in rows:
                try:
                    due = next_run(schedule_of(row.local_time, row.timezone, row.days_mask), now)
                except ValueError:
                    continue  # an unknown zone stays paused
                connection.execute(
                    update(Subscription)
                    .where(Subscription.id == row.id)
                    .values(paused=False, paused_reason=None, next_due_at=due, updated_at=now)
                )
        return len(rows)

    def removal(self, team_id: str) -> datetime | None:
        """When the workspace's data is to be deleted; None if it is not awaiting deletion."""
        with self.engine.connect() as connection:
            return connection.execute(
                select(WorkspaceRemoval.delete_after).where(WorkspaceRemoval.team_id == team_id)
            ).scalar()

    def prune_install_states(self, now: datetime | None = None) -> int:
        """Install links' states past their time: Bolt's store deletes only the one a redirect uses,
        and every visit to the install page writes one."""
        states = Base.metadata.tables[OAUTH_STATES_TABLE]
        cutoff = _now(now).replace(tzinfo=None)  # slack_sdk writes naive UTC
        with self.engine.begin() as connection:
            return connection.execute(delete(states).where(states.c.expire_at < cutoff)).rowcount

    def purge_due(self, now: datetime | None = None) -> list[str]:
        """Delete the data of every workspace whose time after uninstalling has run out; their ids."""
        with self.engine.connect() as connection:
            teams = list(
                connection.execute(
                    select(WorkspaceRemoval.team_id).where(WorkspaceRemoval.delete_after <= _now(now))
                ).scalars()
            )
        for team in teams:
            self.delete_team(team)
        return teams

    def bot_tokens(self, client_id: str) -> dict[str, str]:
        """Each installed workspace's newest bot token (Bolt's `slack_bots` rows for this app)."""
        bots = Base.metadata.tables[BOTS_TABLE]
        query = (
            select(bots.c.team_id, bots.c.bot_token)
            .where(bots.c.client_id == client_id, bots.c.team_id.is_not(None), bots.c.bot_token.is_not(None))
            .order_by(bots.c.installed_at, bots.c.id)
        )
        with self.engine.connect() as connection:
            return {team: token for team, token in connection.execute(query)}  # the newest last, so kept

    def remember_org(self, team_id: str, enterprise_id: str) -> None:
        """The workspace is answered through its org's org-wide install (for the clock's token)."""
        with self.engine.begin() as connection:
            insert = dialect_insert(connection, WorkspaceOrg).values(
                team_id=team_id, enterprise_id=enterprise_id
            )
            connection.execute(
                insert.on_conflict_do_update(
                    index_elements=["team_id"], set_={"enterprise_id": enterprise_id}
                )
            )

    def org_teams(self, enterprise_id: str) -> list[str]:
        """The workspaces an org-wide install has answered for."""
        with self.engine.connect() as connection:
            query = select(WorkspaceOrg.team_id).where(WorkspaceOrg.enterprise_id == enterprise_id)
            return sorted(connection.execute(query).scalars())

    def bot_token(self, client_id: str, team_id: str) -> str | None:
        """The workspace's newest bot token: its own install's, else its org's org-wide install's."""
        bots = Base.metadata.tables[BOTS_TABLE]
        newest = (bots.c.installed_at.desc(), bots.c.id.desc())
        mine = bots.c.client_id == client_id, bots.c.bot_token.is_not(None)
        with self.engine.connect() as connection:
            token = connection.execute(
                select(bots.c.bot_token).where(*mine, bots.c.team_id == team_id).order_by(*newest).limit(1)
            ).scalar()
            if token is None:
                org = (
                    select(WorkspaceOrg.enterprise_id)
                    .where(WorkspaceOrg.team_id == team_id)
                    .scalar_subquery()
                )
                token = connection.execute(
                    select(bots.c.bot_token)
                    .where(*mine, bots.c.is_enterprise_install.is_(True), bots.c.enterprise_id == org)
                    .order_by(*newest)
                    .limit(1)
                ).scalar()
        return token

    def delete_team(self, team_id: str) -> Deleted:
        """Everything stored about the workspace, at once: its tokens too (a data request, or the end
        of the time after an uninstall)."""
        rows: dict[str, int] = {}
        with self.engine.begin() as connection:
            for table in _tables_with("team_id"):
                count = connection.execute(delete(table).where(table.c.team_id == team_id)).rowcount
                if count:
                    rows[table.name] = count
        return Deleted(rows)

    def delete_user(self, user_id: str, team_id: str | None = None) -> Deleted:
        """Everything stored about one person (in one workspace, or in all). Rows that belong to a
        workspace rather than to them keep going without their id: the subscriptions they created,
        and the install they made (which the workspace's bot still runs on)."""
        rows: dict[str, int] = {}
        with self.engine.begin() as connection:
            for table in _tables_with("user_id"):
                where = [table.c.user_id == user_id]
                if team_id is not None and "team_id" in table.c:
                    where.append(table.c.team_id == team_id)
                statement: Any
                if table.name == INSTALLATIONS_TABLE:
                    statement = update(table).where(*where).values(user_id=DELETED_USER, user_token=None)
                else:
                    statement = delete(table).where(*where)
                count = connection.execute(statement).rowcount
                if count:
                    rows[table.name] = count
            for table in _tables_with("asker"):  # the gap log and votes name people by a one-way key
                teams = (
                    [team_id]
                    if team_id is not None
                    else connection.execute(select(table.c.team_id).distinct()).scalars()
                )
                keys = [asker_key(team, user_id) for team in teams]
                count = connection.execute(delete(table).where(table.c.asker.in_(keys))).rowcount
                if count:
                    rows[table.name] = count
            mine = [Subscription.created_by == user_id]
            if team_id is not None:
                mine.append(Subscription.team_id == team_id)
            count = connection.execute(
                update(Subscription).where(*mine).values(created_by=DELETED_USER)
            ).rowcount
            if count:
                rows[Subscription.__tablename__] = count
        return Deleted(rows)
