"""`rolebot db …` and `rolebot clock`: the database and the practice clock, for operators.

Exit codes (besides the CLI's own): 4 the database cannot be reached or is not migrated;
1 from `clock --once`: Slack refused the bot token, or prompts were due and none could be sent
(so a scheduler's alert fires).
Heavy imports (SQLAlchemy, the Slack SDK) happen inside the commands, so the other
subcommands start as fast as before.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import BotSettings

EXIT_OK, EXIT_CANNOT_SEND, EXIT_USAGE, EXIT_BAD_KNOWLEDGE, EXIT_DATABASE = 0, 1, 2, 3, 4

OPS_COMMANDS = frozenset({"db", "clock", "data"})


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 instant, e.g. 2024-03-11T13:00:00Z"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def add_ops_commands(commands: Any) -> None:
    """Add `db` and `clock` to the CLI's subcommands."""
    db = commands.add_parser("db", help="the database: DATABASE_URL, default the SQLite file rolebot.sqlite3")
    actions = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="apply the migrations (running it again does nothing)")
    actions.add_parser("current", help="show the database's schema revision and the newest one")
    data = commands.add_parser(
        "data", help="people's and workspaces' data: delete it at once (data requests)"
    )
    data_actions = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    delete = data_actions.add_parser(
        "delete", help="delete a workspace's data (--team), or a person's (--user, optionally in one --team)"
    )
    delete.add_argument("--team", type=_slack_id("T", "E"), metavar="T…", help="the workspace's team id")
    delete.add_argument("--user", type=_slack_id("U", "W"), metavar="U…", help="the person's user id")
    clock = commands.add_parser(
        "clock", help="send the scheduled practice prompts: wakes every minute until SIGTERM (or --once)"
    )
    clock.add_argument(
        "--once", action="store_true", help="one tick, then exit: for Heroku Scheduler or cron (every 10 min)"
    )
    clock.add_argument(
        "--now",
        type=_instant,
        metavar="ISO-8601",
        help="with --once: show what a tick at this instant (no zone means UTC) would send; nothing is sent",
    )
    clock.add_argument(
        "--send", action="store_true", help="with --now: really send (it uses up those channels' day)"
    )


def _slack_id(*prefixes: str) -> Any:
    def parse(text: str) -> str:
        value = text.strip().upper()
        if not (value[:1] in prefixes and 2 <= len(value) <= 32 and value.isalnum()):
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a Slack id starting with {' or '.join(prefixes)}"
            )
        return value

    return parse


def run_ops(args: argparse.Namespace, settings: BotSettings, extra: list[Path]) -> int:
    shared = settings.shared_database_problem()
    if shared:
        print(f"rolebot: bad settings: {shared}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "db":
        return _db(args.db_command, settings.database)
    if args.command == "data":
        return _delete(args.team, args.user, settings.database)
    return _clock(args, extra)


def _delete(team: str | None, user: str | None, url: str) -> int:
    """Delete at once: a workspace's data, or a person's (everywhere, or in one workspace)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import migrate
    from bot.storage.store import Store

    if team is None and user is None:
        print("rolebot data delete: say whose data: --team T… or --user U… (or both)", file=sys.stderr)
        return EXIT_USAGE
    store = Store.open(url)
    try:
        if not migrate.is_current(store.engine):
            print(
                f"rolebot data delete: {_shown(url)} is not migrated; run `rolebot db upgrade`",
                file=sys.stderr,
            )
            return EXIT_DATABASE
        if user is not None:
            deleted = store.workspaces.delete_user(user, team)
            whose = f"user {user}" + (f" in {team}" if team else " in every workspace")
        else:
            assert team is not None
            deleted = store.workspaces.delete_team(team)
            whose = f"workspace {team}"
    except SQLAlchemyError as error:
        print(f"rolebot data delete: {_shown(url)}: {_first_line(error)}", file=sys.stderr)
        return EXIT_DATABASE
    finally:
        store.close()
    rows = ", ".join(f"{table} {count}" for table, count in sorted(deleted.rows.items()))
    print(f"deleted the data of {whose}: {rows or 'nothing was stored'}.")
    return EXIT_OK


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _db(action: str, url: str) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import migrate
    from bot.storage.engine import make_engine

    try:
        if action == "upgrade":
            done = migrate.upgrade(url)
            if done.changed:
                print(f"{_shown(url)}: upgraded from {done.before or 'an empty database'} to {done.after}.")
            else:
                print(f"{_shown(url)}: already up to date ({done.after}).")
            return EXIT_OK
        engine = make_engine(url)
        try:
            current = migrate.current_revision(engine)
        finally:
            engine.dispose()
        head = migrate.head_revision()
        state = "up to date" if current == head else "run `rolebot db upgrade`"
        print(f"{_shown(url)}: at {current or 'no revision (empty)'}; newest {head}: {state}.")
        return EXIT_OK if current == head else EXIT_DATABASE
    except SQLAlchemyError as error:
        print(f"rolebot db {action}: {_shown(url)}: {_first_line(error)}", file=sys.stderr)
        return EXIT_DATABASE
    except (ImportError, ValueError) as error:  # a URL the settings let through but no driver can use
        print(f"rolebot db {action}: DATABASE_URL cannot be used: {_first_line(error)}", file=sys.stderr)
        return EXIT_DATABASE


def _dry_run(planned: list[Any], now: datetime) -> int:
    print(f"dry run at {now:%Y-%m-%d %H:%M:%S}Z (nothing sent; add --send to send):")
    for item in planned:
        print(f"  {item.team_id}/{item.channel_id}: {item.prompt_id} for {item.local_date.isoformat()}")
    print(f"{len(planned)} prompt(s) would be sent." if planned else "nothing due.")
    return EXIT_OK


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _clock(args: argparse.Namespace, extra: list[Path]) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.core.loader import check_knowledge
    from bot.logs import configure_logging
    from bot.scheduler.clock import housekeeping, preview, run_forever, tick
    from bot.scheduler.slack_sender import InstalledSenders, SlackSender
    from bot.settings import load_settings_or_exit
    from bot.storage import migrate
    from bot.storage.store import Store

    if args.now is not None and not args.once:
        print("rolebot clock: --now goes with --once", file=sys.stderr)
        return EXIT_USAGE
    if args.send and args.now is None:
        print(
            "rolebot clock: --send goes with --once --now (without --now, --once always sends)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    settings = load_settings_or_exit(http=False)
    configure_logging(settings.log_level, settings.secrets())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # no "Context impl" line every run
    kb, problems = check_knowledge(extra)
    if problems or kb is None:
        print(
            f"rolebot clock: the knowledge base has {len(problems)} problem(s); run `rolebot validate`",
            file=sys.stderr,
        )
        return EXIT_BAD_KNOWLEDGE
    url = settings.database
    store = Store.open(
        url,
        store_answer_text=settings.rolebot_store_answer_text,
        gap_retention_days=settings.rolebot_gap_retention_days,
    )
    try:
        if not migrate.is_current(store.engine):
            if store.engine.dialect.name != "sqlite":
                print(
                    f"rolebot clock: {_shown(url)} is not migrated; run `rolebot db upgrade`", file=sys.stderr
                )
                return EXIT_DATABASE
            migrate.upgrade(url)  # the embedded default: nothing for the user to do
        if args.now is not None and not args.send:
            return _dry_run(preview(args.now, store, kb), args.now)
        sender: Any
        if settings.oauth:
            sender = InstalledSenders(
                _installed_token(store, settings.slack_client_id), kb, settings.slack_api_url
            )
        else:
            sender = SlackSender.create(settings.bot_token, kb, settings.slack_api_url)
        if not args.once:
            run_forever(store, sender, kb)
            return EXIT_OK
        housekeeping(datetime.now(UTC), store)  # the real time: retention is never judged at a --now
        problem = _check_tokens(settings, store)
        if problem:
            print(f"rolebot clock: {problem}", file=sys.stderr)
            return EXIT_CANNOT_SEND
        report = tick(args.now or datetime.now(UTC), store, sender, kb)
    except SQLAlchemyError as error:
        print(f"rolebot clock: {_shown(url)}: {_first_line(error)}", file=sys.stderr)
        return EXIT_DATABASE
    finally:
        store.close()
    summary = ", ".join(f"{k} {v}" for k, v in report.fields().items() if k not in ("now", "seconds") and v)
    print(f"tick at {report.now:%Y-%m-%d %H:%M:%S}Z: {summary or 'nothing due'} ({report.seconds:.2f}s)")
    if report.all_failed:
        print(f"rolebot clock: none of the {report.claimed} due prompt(s) could be sent", file=sys.stderr)
        return EXIT_CANNOT_SEND
    return EXIT_OK


def _installed_token(store: Any, client_id: str) -> Any:
    """Each workspace's bot token, read from the installation store when first needed in a tick."""

    def token(team_id: str) -> str | None:
        return store.workspaces.bot_token(client_id, team_id)

    return token


def _check_tokens(settings: Any, store: Any) -> str | None:
    """auth.test for each token before a tick: a single token Slack refuses stops the run (the reason
    is printed); an installed workspace whose token is refused is paused with a log line."""
    from bot.scheduler.slack_sender import TOKEN_INVALID, auth_problem
    from bot.storage.workspaces import TOKEN_REVOKED

    if not settings.oauth:
        problem = auth_problem(settings.bot_token, settings.slack_api_url)
        return (
            f"Slack did not accept SLACK_BOT_TOKEN at {settings.slack_api_url} ({problem})"
            if problem
            else None
        )
    log = logging.getLogger("bot.scheduler.clock")
    for team, token in sorted(store.workspaces.bot_tokens(settings.slack_client_id).items()):
        problem = auth_problem(token, settings.slack_api_url)
        if problem in TOKEN_INVALID:
            paused = store.workspaces.pause_all(team, TOKEN_REVOKED)
            log.warning(
                "paused every subscription of a workspace: its bot token was refused at start",
                extra={"fields": {"team": team, "reason": problem, "paused": paused}},
            )
    return None
