"""`rolebot`: the bot in a terminal, for trying it with no Slack workspace and for checking knowledge edits.

Exit codes: 0 answered; 1 the request needs a choice (an ambiguous or unknown role) or
the knowledge has problems (validate); 2 bad usage; 3 the knowledge could not be loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli.gaps import add_gaps_command, run_gaps
from bot.cli.ops import OPS_COMMANDS, add_ops_commands, run_ops
from bot.cli.practice import add_practice_command, run_practice
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import check_knowledge, review_knowledge
from bot.core.names import RoleResolver
from bot.core.role_query import Clarify, RoleList, interpret
from bot.rendering.roles import render_role_query
from bot.settings import SettingsError, load_bot_settings

EXIT_OK, EXIT_NEEDS_CHOICE, EXIT_USAGE, EXIT_BAD_KNOWLEDGE = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rolebot",
        description="Tells project, product, program and technical program/project management apart.",
    )
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="a folder of your team's own knowledge, loaded on top of ours (repeatable; "
        "also $ROLEBOT_KNOWLEDGE_PATH)",
    )
    parser.add_argument("--version", action="version", version=f"rolebot {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    diff = commands.add_parser("diff", help="compare two roles side by side (one role: its profile)")
    diff.add_argument(
        "roles", nargs="*", metavar="ROLE", help='role names, e.g. program product, or "pm vs tpm"'
    )
    profile = commands.add_parser("profile", help="everything about one role")
    profile.add_argument("roles", nargs="+", metavar="ROLE")
    roles = commands.add_parser("roles", help="list the roles and the names they answer to")
    for sub in (diff, profile, roles):
        sub.add_argument(
            "--json", action="store_true", help="print the Block Kit payload the Slack app sends"
        )

    ask = commands.add_parser("ask", help="ask a question the way you would in Slack")
    ask.add_argument("question", nargs="+", help='e.g. "whats the diff between a tpm and a pgm?"')
    ask.add_argument("--json", action="store_true", help="print the Block Kit payload the Slack app sends")
    ask.add_argument("--explain", action="store_true", help="show the intent, the score and the runners-up")
    chat = commands.add_parser("chat", help="an interactive prompt for trying many questions in a row")
    chat.add_argument("--explain", action="store_true", help="show the intent, the score and the runners-up")

    serve = commands.add_parser(
        "serve", help="run the Slack app: Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT"
    )
    serve.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT or 3000)")

    validate = commands.add_parser("validate", help="check knowledge files and report every problem")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="team knowledge folders or files to check on top of ours",
    )
    add_ops_commands(commands)
    add_gaps_command(commands)
    add_practice_command(commands)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rolebot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _knowledge_first(argv: Sequence[str]) -> list[str]:
    """`--knowledge DIR` is the CLI's own option, so it may come after the subcommand too: moved first."""
    moved: list[str] = []
    rest: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--":
            rest += [item, *items]
            break
        if item == "--knowledge":
            moved += [item, next(items, "")]
        elif item.startswith("--knowledge="):
            moved.append(item)
        else:
            rest.append(item)
    return [*moved, *rest]


def main(argv: Sequence[str] | None = None) -> int:
    """The `rolebot` command. A reader that stops reading (`| head`) ends it quietly."""
    try:
        code = _main(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that is quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(_knowledge_first(argv))
    if args.command == "serve":
        from bot.slack.serve import serve

        return serve(args.knowledge, args.port)
    try:
        settings = load_bot_settings()
    except SettingsError as error:
        print(f"rolebot: bad settings: {error}", file=sys.stderr)
        return EXIT_USAGE
    extra = [*settings.knowledge_dirs, *args.knowledge]
    if args.command == "gaps":
        return run_gaps(args, settings, extra)
    if args.command in OPS_COMMANDS:
        return run_ops(args, settings, extra)
    if args.command == "validate":
        return _validate([*extra, *args.paths])
    kb = _load(extra)
    if kb is None:
        return EXIT_BAD_KNOWLEDGE
    if args.command == "ask":
        return _ask(kb, " ".join(args.question), args.json, args.explain, settings.index_cache_dir)
    if args.command == "chat":
        return _chat(kb, args.explain, settings.index_cache_dir)
    if args.command == "practice":
        return run_practice(kb, args)
    return _role_query(kb, args)


def _load(extra: list[Path]) -> KnowledgeBase | None:
    kb, problems = check_knowledge(extra)
    if problems:
        print(
            f"rolebot: the knowledge base has {len(problems)} problem(s); run `rolebot validate`:",
            file=sys.stderr,
        )
        for problem in problems[:10]:
            print(f"  {problem}", file=sys.stderr)
        return None
    return kb


def _validate(paths: list[Path]) -> int:
    report = review_knowledge(paths)
    kb, problems, changes = report.kb, report.problems, report.changes
    for problem in [*problems, *report.drafts]:
        print(problem)
    for change in changes:
        for verb, found in (("adds", change.added), ("replaces", change.replaced)):
            listed = "; ".join(f"{section}: {', '.join(keys)}" for section, keys in found.items())
            count = sum(len(keys) for keys in found.values())
            if count:
                print(f"{change.layer} {verb} {count} entr{'y' if count == 1 else 'ies'}: {listed}")
        for section, new, ours in change.near:
            print(
                f"warning: {change.layer}: {section} '{new}' is new, one typo from '{ours}': "
                f"to replace '{ours}', use its id exactly"
            )
    if problems or kb is None:
        print(f"{len(problems)} problem(s) found.")
        return EXIT_NEEDS_CHOICE
    if report.drafts:
        print(f"{len(report.drafts)} FAQ draft(s) waiting for an answer (the bot runs without them).")
        return EXIT_NEEDS_CHOICE
    print(
        f"Knowledge OK: {len(kb.roles)} roles, {len(kb.aspects)} aspects, {len(kb.faq)} FAQ entries, "
        f"{len(kb.practice)} practice prompts, {len(kb.sources)} sources."
    )
    return EXIT_OK


def _two_at_most(resolver: RoleResolver, text: str) -> str | None:
    """`rolebot diff` compares two roles: a third (or a word that is no role) is refused, not dropped."""
    scan = resolver.scan(text)
    if len(scan.mentions) > 2:
        named = ", ".join(str(getattr(m, "typed", "")) or "?" for m in scan.mentions)
        return f"rolebot diff compares two roles at a time; you named {len(scan.mentions)} ({named})"
    if len(scan.mentions) == 2 and scan.leftovers:
        return f"rolebot diff: “{' '.join(scan.leftovers)}” is not a role I know (`rolebot roles` lists them)"
    return None


def _role_query(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    from bot.cli.terminal import console, role_query_view, roles_view

    text = "roles" if args.command == "roles" else " ".join(args.roles)
    resolver = RoleResolver(kb)
    problem = _two_at_most(resolver, text) if args.command == "diff" else None
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    result = interpret(kb, resolver, text)
    if args.command == "roles":
        result = RoleList(tuple(kb.roles.values()))
    if args.json:
        payload = render_role_query(result, tuple(kb.roles.values())).payload()
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    elif isinstance(result, RoleList):
        console().print(roles_view(result.roles, kb.ambiguous_aliases))
    else:
        console().print(role_query_view(result, args.command))
    return EXIT_NEEDS_CHOICE if isinstance(result, Clarify) else EXIT_OK


def _ask(kb: KnowledgeBase, question: str, as_json: bool, explain: bool, cache: Path | None = None) -> int:
    from bot.cli.answer_view import answer_view
    from bot.cli.terminal import console
    from bot.core.answers import AnswerEngine, Intent
    from bot.rendering.answers import render_answer

    if not question.strip():
        print('rolebot ask: the question is empty; try rolebot ask "what does a TPM do?"', file=sys.stderr)
        return EXIT_USAGE
    answer = AnswerEngine(kb, index_cache=cache).answer(question)
    if as_json:
        print(json.dumps(render_answer(kb, answer).payload(), indent=2, ensure_ascii=False))
    else:
        console().print(answer_view(kb, answer, explain))
    answered = answer.intent not in (Intent.NOT_SURE, Intent.OUT_OF_SCOPE, Intent.TASK, Intent.CLARIFY)
    return EXIT_OK if answered else EXIT_NEEDS_CHOICE


def _chat(kb: KnowledgeBase, explain: bool, cache: Path | None = None) -> int:
    """A prompt loop; a number picks one of the previous answer's suggestions, as a button would."""
    from bot.cli.answer_view import answer_view, offered
    from bot.cli.terminal import console
    from bot.core.answers import AnswerEngine

    with contextlib.suppress(ImportError):  # not on Windows
        import readline  # noqa: F401  # line editing and history for input()
    engine, out = AnswerEngine(kb, index_cache=cache), console()
    out.print(
        "Ask me anything about these roles or TPM interviews. A number picks a suggestion; "
        "an empty line or Ctrl-D quits."
    )
    choices: list = []
    while True:
        try:
            line = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return EXIT_OK
        if not line or line.lower() in ("quit", "exit", "bye"):
            return EXIT_OK
        picked = choices[int(line) - 1] if line.isdigit() and 0 < int(line) <= len(choices) else None
        answer = engine.answer_target(picked.target, picked.label) if picked else None
        answer = answer or engine.answer(line)
        out.print(answer_view(kb, answer, explain))
        choices = offered(answer)


if __name__ == "__main__":
    sys.exit(main())
