"""`rolebot gaps`: what the team asked that nobody answered, grouped, with what was suggested and
chosen and each entry's helpful rate; `--export FILE.yaml` turns it into team knowledge;
`rolebot gaps purge` deletes the gap log and the answer feedback at once."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import BotSettings

EXIT_OK, EXIT_USAGE, EXIT_BAD_KNOWLEDGE, EXIT_DATABASE = 0, 2, 3, 4
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def _period(text: str) -> timedelta:
    found = re.fullmatch(r"\s*(\d{1,5})\s*([hdw])\s*", text.lower())
    if not found or int(found.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a period such as 7d, 24h or 2w")
    return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})


def add_gaps_command(commands: Any) -> None:
    gaps = commands.add_parser(
        "gaps", help="the questions nobody answered, grouped, largest first (`gaps purge` deletes them)"
    )
    gaps.add_argument(
        "action", nargs="?", choices=["purge"], help="purge: delete the gap log and feedback now"
    )
    gaps.add_argument("--since", type=_period, metavar="PERIOD", help="only this recent, e.g. 7d, 24h, 2w")
    gaps.add_argument("--team", metavar="TEAM_ID", help="one Slack workspace (T…)")
    gaps.add_argument("--json", action="store_true", help="the groups as JSON")
    gaps.add_argument(
        "--export",
        type=Path,
        metavar="FILE.yaml",
        help="write new phrasings and FAQ drafts as a team knowledge file",
    )


def run_gaps(args: argparse.Namespace, settings: BotSettings, extra: list[Path]) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import migrate
    from bot.storage.store import Store

    store = Store.open(settings.database, gap_retention_days=settings.rolebot_gap_retention_days)
    try:
        if not migrate.is_current(store.engine):
            print("rolebot gaps: the database is not migrated: run `rolebot db upgrade`", file=sys.stderr)
            return EXIT_DATABASE
        if args.action == "purge":
            gone = store.gaps.purge(args.team)
            print(
                f"Deleted {gone} gap log entries and answer votes{' of ' + args.team if args.team else ''}."
            )
            return EXIT_OK
        since = datetime.now(UTC) - args.since if args.since else None
        entries = store.gaps.entries(since, args.team)
        votes = store.gaps.votes(since, args.team)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[:1] or [type(error).__name__]
        print(f"rolebot gaps: could not read the database: {reason[0]}", file=sys.stderr)
        return EXIT_DATABASE
    finally:
        store.close()
    return _show(args, entries, votes, extra)


def _show(args: argparse.Namespace, entries: list[Any], votes: dict[str, Any], extra: list[Path]) -> int:
    from bot.core.gaps import export, group_questions, report, target_title
    from bot.core.loader import check_knowledge
    from bot.core.matching.analyze import Analyzer
    from bot.core.names import RoleResolver

    kb, problems = check_knowledge(extra)
    if kb is None:
        print(
            f"rolebot gaps: the knowledge has {len(problems)} problem(s); run `rolebot validate`",
            file=sys.stderr,
        )
        return EXIT_BAD_KNOWLEDGE
    teams = sorted({e.team_id for e in entries})
    if args.export is not None and args.team is None and len(teams) > 1:
        print(
            f"rolebot gaps: the log holds {len(teams)} workspaces ({', '.join(teams[:5])}); an export is "
            "one workspace's knowledge: add --team T…",
            file=sys.stderr,
        )
        return EXIT_USAGE
    groups = group_questions(entries, Analyzer(RoleResolver(kb)))
    keys = {t for e in entries for t in (*e.suggested, e.chosen, e.target) if t}
    titles = {k: target_title(kb, k) for k in keys}
    rates = {k: v.rate for k, v in votes.items()}
    found = report(groups, titles, rates)
    if args.export is not None:
        return _export(args.export, export(groups, kb))
    if args.json:
        print(json.dumps({"questions": len(entries), "groups": found}, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(_text(found, len(entries), args))
    return EXIT_OK


def _export(path: Path, knowledge: dict[str, Any]) -> int:
    import yaml

    header = (
        "# Written by `rolebot gaps --export`: new phrasings for entries people chose after asking, and\n"
        "# FAQ drafts for what nobody answered. Write each draft's answer, move it under 'faq:' (with\n"
        "# roles, source and two phrasings), then load this folder with ROLEBOT_KNOWLEDGE_PATH.\n"
    )
    try:
        path.write_text(header + yaml.safe_dump(knowledge, sort_keys=False, allow_unicode=True, width=100))
    except OSError as error:
        print(f"rolebot gaps: could not write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    entries = sum(len(knowledge.get(s, [])) for s in ("faq", "practice"))
    print(
        f"Wrote {path}: {entries} entries with new phrasings, {len(knowledge.get('drafts', []))} FAQ draft(s)."
    )
    return EXIT_OK


def _percent(rate: float | None) -> str:
    return "" if rate is None else f", helpful {round(rate * 100)}%"


def _text(groups: list[dict[str, Any]], total: int, args: argparse.Namespace) -> str:
    scope = " in the last " + str(args.since) if args.since else ""
    lines = [f"{total} question(s) nobody answered{scope}, in {len(groups)} group(s), largest first."]
    for n, group in enumerate(groups, 1):
        outcomes = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in group["outcomes"].items())
        lines.append(f"\n{n}. asked {group['asked']} time(s) by {group['people']} people ({outcomes})")
        lines.append("   e.g. " + " · ".join(f"“{q}”" for q in group["examples"]))
        for label in ("suggested", "chosen", "unhelpful"):
            if group[label]:
                shown = " · ".join(
                    f"{t['title']} ({t['times']}{_percent(t['helpful_rate'])})" for t in group[label]
                )
                lines.append(f"   {label}: {shown}")
        for comment in group["comments"]:
            lines.append(f"   looking for: “{comment}”")
    if groups:
        lines.append("\nExport them as team knowledge: rolebot gaps --export gaps.yaml")
    return "\n".join(lines)
