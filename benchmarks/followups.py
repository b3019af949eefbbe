"""Follow-ups in a conversation: how often the reply to the second or third message is right,
next to the same engine reading every message on its own, measured in the same run.

    python benchmarks/followups.py                       # every set below that exists
    python benchmarks/followups.py benchmarks/followups_dev.yaml --misses

Each conversation is `{where: thread | dm, turns: [{q, must?, scope?, about?}]}`. Every turn goes
through the real use case (bot.usecases.asking.Asking.ask: the context is kept in and read from a
SQLite database, as in Slack) with a recording Slack port. A turn with `must` is right when the reply,
as a person reads it (section and header blocks: not the buttons, not the context lines), contains one
lowercase string of every group, and it is an answer (not a decline, not a question back); a turn
with `scope: out` is right when the bot does not answer from the knowledge (declines, is not sure, or
acknowledges a "thanks!").
Turns with neither are not judged. The peer is the same engine with no memory of the conversation.

Sets: benchmarks/followups_dev.yaml (written with the resolver, to tune on) and
benchmarks/followups_blind*.yaml (written by someone who never saw the engine; each measured once
before it was studied).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.answers import AnswerEngine, Intent, answered  # noqa: E402
from bot.core.loader import load_knowledge  # noqa: E402
from bot.rendering.blocks import Message  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402
from bot.storage.store import Store  # noqa: E402
from bot.usecases.asking import Asking, Conversation  # noqa: E402
from bot.usecases.ports import Asker, Sent  # noqa: E402
from bot.usecases.questions import Questions  # noqa: E402

SETS = [
    ROOT / "benchmarks" / "followups_dev.yaml",
    *sorted((ROOT / "benchmarks").glob("followups_blind*.yaml")),
]
DECLINED = frozenset({Intent.NOT_SURE, Intent.OUT_OF_SCOPE, Intent.TASK})
ANSWERS = frozenset({Intent.FAQ, Intent.PRACTICE, Intent.PROFILE, Intent.COMPARE})


class RecordingSlack:
    """Just enough of the Slack port: what was posted."""

    def __init__(self) -> None:
        self.posted: list[dict[str, Any]] = []

    def post(self, channel: str, message: Message | Mapping[str, Any], thread_ts: str | None = None) -> Sent:
        payload = message.payload() if isinstance(message, Message) else dict(message)
        self.posted.append(payload)
        return Sent(ts=f"1700000000.{len(self.posted):06d}")

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: Sent()


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [
            t for k, v in node.items() for t in ([v] if k == "text" and isinstance(v, str) else _texts(v))
        ]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


def read_as_user(payload: Mapping[str, Any]) -> str:
    shown = [b for b in payload.get("blocks") or [] if b.get("type") not in ("actions", "context")]
    return "\n".join(_texts(shown)).lower()


def judge(turn: Mapping[str, Any], intent: Intent, text: str) -> bool | None:
    if turn.get("scope") == "out":  # "thanks!" gets a short acknowledgement: it answers nothing either
        return intent in DECLINED or intent is Intent.SOCIAL
    must = turn.get("must")
    if not must:
        return None
    return intent in ANSWERS and all(any(str(o).lower() in text for o in group) for group in must)


def run(path: Path, asking: Asking, remember: bool, misses: bool) -> tuple[int, int, int, int]:
    conversations = yaml.safe_load(path.read_text(encoding="utf-8"))
    turns_right = turns = convs_right = 0
    for n, conversation in enumerate(conversations):
        slack = RecordingSlack()
        dm = conversation.get("where") == "dm"
        channel = f"D{n:06d}X" if dm else f"C{n:06d}X"
        asker = Asker("T0BENCH", "U0BENCH", channel, dm)
        all_right = True
        for t, turn in enumerate(conversation["turns"]):
            ts = f"1700000{n:03d}.{t:06d}"
            root = f"1700000{n:03d}.000000"
            if dm:
                where = Conversation.direct(channel, None)
            else:
                where = Conversation.mention(channel, ts, root if t else None)
                if t == 0:
                    where = Conversation.mention(channel, root, None)
            if not remember:
                where = Conversation(where.channel, where.reply_thread, None, where.save_key, where.ttl)
            asked = asking.ask(str(turn["q"]), asker, slack, where)  # type: ignore[arg-type]
            verdict = judge(turn, asked.answer.intent, read_as_user(slack.posted[-1]))
            if verdict is None:
                continue
            turns += 1
            turns_right += verdict
            all_right = all_right and verdict
            if not verdict and misses:
                said = [str(x["q"]) for x in conversation["turns"][: t + 1]]
                target = answered(asked.answer) or "-"
                print(f"    miss: {' → '.join(said)}  [{asked.answer.intent.value} {target}]")
        convs_right += all_right
    return turns_right, turns, convs_right, len(conversations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sets", nargs="*", type=Path, help="conversation sets (default: every set that exists)"
    )
    parser.add_argument("--misses", action="store_true", help="list the turns answered wrong")
    args = parser.parse_args()
    kb = load_knowledge()
    engine = AnswerEngine(kb)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'followups.sqlite3'}"
        upgrade(url)
        store = Store.open(url)
        asking = Asking(Questions(kb, engine), store, gap_log=False)
        for path in args.sets or [p for p in SETS if p.exists()]:
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:")
            for name, remember in (("follow-ups", True), ("each alone", False)):
                right, judged, convs_right, convs = run(path, asking, remember, args.misses and remember)
                print(
                    f"  {name:<11} turns right {right / max(1, judged):6.1%} ({right}/{judged})   "
                    f"conversations right {convs_right / max(1, convs):6.1%} ({convs_right}/{convs})"
                )
        store.close()


if __name__ == "__main__":
    main()
