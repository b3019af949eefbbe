"""`rolebot practice feedback PROMPT_ID` and `rolebot practice list`: practice feedback from a terminal.

`feedback` reads one answer from standard input and prints the feedback a person gets in
Slack, as text (the same Block Kit message, its mrkdwn made plain); `--json` prints one JSON
object whose `score` is the 0-100 score, with everything that explains it. An unknown prompt
id is a usage error (exit code 2) that suggests the closest ids.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from rapidfuzz import fuzz, process

from bot.core.knowledge import KnowledgeBase
from bot.core.practice.feedback import assess
from bot.rendering.practice import render_feedback

EXIT_OK, EXIT_USAGE = 0, 2
SUGGESTIONS = 3


def add_practice_command(commands: Any) -> None:
    practice = commands.add_parser("practice", help="practice prompts and feedback on an answer")
    sub = practice.add_subparsers(dest="practice_command", required=True, metavar="SUBCOMMAND")
    feedback = sub.add_parser("feedback", help="feedback on an answer read from standard input")
    feedback.add_argument("prompt", metavar="PROMPT_ID", help="a prompt id from `rolebot practice list`")
    feedback.add_argument("--json", action="store_true", help="print one JSON object: score, band and why")
    sub.add_parser("list", help="list the practice prompt ids")


def close_ids(kb: KnowledgeBase, wanted: str) -> list[str]:
    ids = sorted(kb.practice)
    found = process.extract(wanted, ids, scorer=fuzz.WRatio, limit=SUGGESTIONS, score_cutoff=50)
    return [match for match, _score, _n in found]


def run_practice(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    if args.practice_command == "list":
        for listed in sorted(kb.practice.values(), key=lambda p: (p.kind.value, p.id)):
            print(f"{listed.id}\t{listed.kind.value}\t{listed.question}")
        return EXIT_OK
    prompt = kb.practice.get(args.prompt)
    if prompt is None:
        near = close_ids(kb, args.prompt)
        hint = f" Did you mean: {', '.join(near)}?" if near else ""
        print(
            f"rolebot practice feedback: no practice prompt {args.prompt!r}.{hint} "
            "`rolebot practice list` lists them.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    answer = sys.stdin.read()
    feedback = assess(prompt, answer, tuple(kb.practice.values()))
    if args.json:
        print(json.dumps(feedback.explain(), ensure_ascii=False))
        return EXIT_OK
    print(as_text(render_feedback(kb, prompt, feedback, answer=answer).payload()))
    return EXIT_OK


_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")
_EMOJI = {
    ":white_check_mark:": "✔",
    ":x:": "✘",
    ":warning:": "⚠",
    ":star2:": "★",
    ":+1:": "👍",
    ":seedling:": "🌱",
    ":compass:": "🧭",
}


def _plain(mrkdwn: str) -> str:
    text = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", mrkdwn))
    for code, symbol in _EMOJI.items():
        text = text.replace(code, symbol)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def as_text(payload: dict[str, Any]) -> str:
    """A Block Kit message as plain text: headers, sections and contexts in order; buttons listed."""
    lines: list[str] = []
    for block in payload.get("blocks", []):
        kind = block.get("type")
        if kind == "header":
            title = block["text"]["text"]
            lines += [title, "=" * len(title)]
        elif kind == "section":
            if block.get("text"):
                lines.append(_plain(block["text"]["text"]))
            lines += [_plain(f["text"]) for f in block.get("fields", [])]
        elif kind == "context":
            lines += [_plain(e.get("text", "")) for e in block.get("elements", []) if e.get("text")]
        elif kind == "actions":
            labels = [e["text"]["text"] for e in block.get("elements", []) if e.get("type") == "button"]
            lines.append(" ".join(f"[{label}]" for label in labels))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
