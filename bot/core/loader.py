"""Reading and checking the knowledge folders.

People edit these YAML files by hand, so a mistake must come back as a sentence that
names the file, the line, the entry and the field, and every mistake at once: fixing
them one start-up at a time is miserable. Files are only ever read, never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from rapidfuzz import process

from bot.core import models
from bot.core.kinds import KINDS
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Strict
from bot.core.names import alias_key, role_names

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DRAFTS = "drafts"
"""A section of FAQ stubs nobody has answered yet (see check_knowledge_and_drafts); never loaded."""


@dataclass(frozen=True)
class Problem:
    file: str | None
    message: str
    line: int | None = None
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file or "knowledge"
        if self.line:
            where += f":{self.line}"
        what = ", ".join(part for part in (self.entry, self.field and f"field '{self.field}'") if part)
        return f"{where}: {what + ': ' if what else ''}{self.message}"


class KnowledgeError(Exception):
    """Raised with every problem found, so the caller can report them all at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(map(str, self.problems)))


def shipped_knowledge_dir() -> Path:
    """Our own knowledge: inside the installed wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_shipped_knowledge"
    return installed if installed.is_dir() else package.parent / "knowledge"


def load_knowledge(extra: Sequence[Path] = ()) -> KnowledgeBase:
    """Our knowledge with the given team folders on top; raises KnowledgeError listing every problem."""
    kb, problems = check_knowledge(extra)
    if problems or kb is None:
        raise KnowledgeError(problems)
    return kb


def check_knowledge(extra: Sequence[Path] = ()) -> tuple[KnowledgeBase | None, list[Problem]]:
    report = review_knowledge(extra)
    return report.kb, report.problems


@dataclass(frozen=True)
class LayerChanges:
    """What one team folder does to the knowledge beneath it: entries it adds, entries it replaces
    (same id), and new ids one typo away from an existing one (a replacement that became an addition)."""

    layer: str
    added: dict[str, list[str]]
    replaced: dict[str, list[str]]
    near: list[tuple[str, str, str]]
    """(section, the new id, the existing id it is one typo from)"""


@dataclass(frozen=True)
class KnowledgeReport:
    """All `rolebot validate` says of a set of folders, in one read."""

    kb: KnowledgeBase | None
    problems: list[Problem]
    drafts: list[Problem]
    """FAQ drafts waiting for an answer (a `drafts:` section, as `rolebot gaps --export` writes):
    not problems, since the bot runs without them, but listed until someone writes each answer
    and moves the entry to `faq:`."""
    changes: list[LayerChanges]
    """What each team folder adds and replaces."""


def review_knowledge(extra: Sequence[Path] = ()) -> KnowledgeReport:
    """`check_knowledge`, with the drafts and each team folder's changes (for `rolebot validate`)."""
    shipped = shipped_knowledge_dir()
    layers = [shipped] + [p for p in extra if _same_path(p, shipped) is False]
    builder = _Builder()
    kb, problems = builder.build(layers)
    return KnowledgeReport(kb, problems, builder.drafts, builder.changes)


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


# --- reading one file -------------------------------------------------------------------


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _knowledge_files(layer: Path) -> list[Path]:
    if layer.is_file():
        return [layer]
    found = [p for p in layer.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(layer).parts))


def _check_duplicate_keys(node: yaml.Node, name: str, problems: list[Problem]) -> None:
    """PyYAML keeps the last of two equal keys silently; an editor must hear about the first one."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    problems.append(
                        Problem(
                            name,
                            f"the key '{key.value}' appears twice (first on line {seen[key.value]})",
                            line=key.start_mark.line + 1,
                        )
                    )
                seen.setdefault(key.value, key.start_mark.line + 1)
            _check_duplicate_keys(value, name, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, name, problems)


def _line_of(node: yaml.Node | None, path: Iterable[Any]) -> int | None:
    """The line of the deepest node along a path of keys and indexes, for pointing at a mistake."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(step)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _read_yaml(path: Path, name: str, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(name, "is not UTF-8 text; save it as UTF-8"))
        return None, None
    except OSError as exc:
        problems.append(Problem(name, f"cannot be read ({exc.strerror})"))
        return None, None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                problems.append(Problem(name, "is empty; a knowledge file holds sections such as 'faq:'"))
                return None, None
            before = len(problems)
            _check_duplicate_keys(node, name, problems)
            if len(problems) > before:
                return None, None
            return loader.construct_document(node), node
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(name, f"is not valid YAML: {reason}", line=mark.line + 1 if mark else None))
        return None, None


# --- validating entries -----------------------------------------------------------------

_ALL_FIELDS = sorted(
    {
        f
        for model in vars(models).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        for f in model.model_fields
    }
)


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    match = process.extractOne(word, choices, score_cutoff=70)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _friendly(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field" + _did_you_mean(str(error["loc"][-1]), _ALL_FIELDS)
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "string_type":
        return f"must be text, not {type(error['input']).__name__}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


def _label(section: str, index: int, raw: Any) -> str:
    kind = KINDS[section]
    if isinstance(raw, dict):
        for key in ("id", "alias"):
            if isinstance(raw.get(key), str) and raw[key].strip():
                return f"{kind.label} '{raw[key].strip()}'"
        described = kind.describe(raw)
        if described:
            return f"{kind.label} {described}"
    return f"{kind.label} #{index + 1}"


@dataclass(frozen=True)
class _Placed:
    """An entry with the place it was read from, so later checks can point at it."""

    model: Any
    file: str
    label: str
    node: yaml.Node | None
    path: tuple[Any, ...]

    def problem(self, message: str, field: str | None = None) -> Problem:
        subpath = tuple(int(p) if p.isdigit() else p for p in field.split(".")) if field else ()
        line = _line_of(self.node, self.path + subpath)
        return Problem(self.file, message, line=line, entry=self.label, field=field)


_DECLARE = "declare its model, label and key in KINDS (bot/core/kinds.py)"


class _Builder:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.drafts: list[Problem] = []
        self.entries: dict[str, dict[Any, _Placed]] = {section: {} for section in KINDS}
        self.changes: list[LayerChanges] = []
        self.unvalidated: list[tuple[str, dict[str, Any], _Placed]] = []
        self._layer_keys: dict[str, list[Any]] = {}
        """Entries that failed their schema: their references are still checked, in the same run."""

    def build(self, layers: Sequence[Path]) -> tuple[KnowledgeBase | None, list[Problem]]:
        held = [f.name for f in fields(KnowledgeBase)]
        undeclared = [
            Problem(None, f"the knowledge base holds '{name}' but no kind of entry declares it; {_DECLARE}")
            for name in held
            if name not in KINDS
        ] + [
            Problem(None, f"the kind '{name}' is declared but the knowledge base has no field for it")
            for name in KINDS
            if name not in held
        ]
        if undeclared:  # a programming mistake, reported before any file is read
            return None, undeclared
        for index, layer in enumerate(layers):
            self._read_layer(layer, ours=index == 0)
        self._cross_check()
        if self.problems:
            return None, self.problems
        collected: dict[str, Any] = {
            section: tuple(p.model for p in placed.values())
            if KINDS[section].listed
            else {k: p.model for k, p in placed.items()}
            for section, placed in self.entries.items()
        }
        return KnowledgeBase(**collected), []

    def _read_layer(self, layer: Path, ours: bool = False) -> None:
        if not layer.exists():
            self.problems.append(Problem(_display(layer), "knowledge folder not found"))
            return
        files = _knowledge_files(layer)
        if not files:
            self.problems.append(Problem(_display(layer), "holds no .yaml files"))
        in_layer: dict[str, dict[Any, _Placed]] = {section: {} for section in KINDS}
        self._layer_keys = {}
        for path in files:
            self._read_file(path, in_layer)
        if not ours:
            self.changes.append(self._changes(_display(layer), self._layer_keys))
        for section, placed in in_layer.items():
            self.entries[section].update(placed)

    def _changes(self, layer: str, in_layer: dict[str, list[Any]]) -> LayerChanges:
        from rapidfuzz.distance import OSA

        added: dict[str, list[str]] = {}
        replaced: dict[str, list[str]] = {}
        near: list[tuple[str, str, str]] = []
        for section, keys in in_layer.items():
            existing = self.entries[section]
            for key in dict.fromkeys(keys):
                (replaced if key in existing else added).setdefault(section, []).append(str(key))
                if key in existing or not isinstance(key, str):
                    continue
                close = [k for k in existing if isinstance(k, str) and OSA.distance(key, k) == 1]
                near += [(section, key, k) for k in close[:1]]
        return LayerChanges(layer, added, replaced, near)

    def _read_file(self, path: Path, in_layer: dict[str, dict[Any, _Placed]]) -> None:
        name = _display(path)
        data, node = _read_yaml(path, name, self.problems)
        if data is None:
            return
        if not isinstance(data, dict):
            self.problems.append(
                Problem(name, "must be a mapping of sections such as 'faq:' or 'roles:'", line=1)
            )
            return
        for section, items in data.items():
            if section == DRAFTS:
                self._read_drafts(items, name, node)
                continue
            if section not in KINDS:
                hint = _did_you_mean(str(section), list(KINDS))
                self.problems.append(
                    Problem(
                        name,
                        f"unknown section '{section}'{hint}; sections are {', '.join(KINDS)}",
                        line=_line_of(node, [section]),
                    )
                )
                continue
            if not isinstance(items, list):
                self.problems.append(
                    Problem(
                        name,
                        f"section '{section}' must be a list of entries (lines starting with '- ')",
                        line=_line_of(node, [section]),
                    )
                )
                continue
            for index, raw in enumerate(items):
                self._read_entry(section, index, raw, name, node, in_layer[section])

    def _read_drafts(self, items: Any, name: str, node: yaml.Node | None) -> None:
        for index, raw in enumerate(items if isinstance(items, list) else [items]):
            ident = raw.get("id") if isinstance(raw, dict) else None
            question = raw.get("question") if isinstance(raw, dict) else None
            what = f"FAQ draft '{ident}'" if ident else f"FAQ draft #{index + 1}"
            asked = f" (“{question}”)" if isinstance(question, str) and question else ""
            self.drafts.append(
                Problem(
                    name,
                    f"{what}{asked} has no answer yet: write its answer and move it under 'faq:'",
                    line=_line_of(node, [DRAFTS, index]),
                )
            )

    def _read_entry(
        self, section: str, index: int, raw: Any, name: str, node: yaml.Node | None, seen: dict[Any, _Placed]
    ) -> None:
        label = _label(section, index, raw)
        placed_path = (section, index)
        model_type: type[Strict] = KINDS[section].model
        if not isinstance(raw, dict):
            self.problems.append(
                Problem(name, "must be a mapping of fields", line=_line_of(node, placed_path), entry=label)
            )
            return
        try:
            model = model_type.model_validate(raw)
        except ValidationError as exc:
            self.unvalidated.append((section, raw, _Placed(None, name, label, node, placed_path)))
            if section not in ("ambiguous_aliases", "differences") and isinstance(raw.get("id"), str):
                self._layer_keys.setdefault(section, []).append(raw["id"])
            errors = exc.errors()
            for error in errors:
                loc = tuple(error["loc"])
                if error["type"] == "too_short" and any(
                    len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc
                    for other in errors
                ):
                    continue  # an item of this list is broken; that, not the list's length, is the news
                self.problems.append(
                    Problem(
                        name,
                        _friendly(error),
                        line=_line_of(node, placed_path + loc),
                        entry=label,
                        field=".".join(map(str, loc)) or None,
                    )
                )
            return
        placed = _Placed(model, name, label, node, placed_path)
        key = KINDS[section].key(model)
        self._layer_keys.setdefault(section, []).append(key)
        if key in seen:
            first = seen[key]
            line = _line_of(first.node, first.path)
            self.problems.append(placed.problem(f"is defined twice; the other one is in {first.file}:{line}"))
            return
        seen[key] = placed

    # --- checks across entries --------------------------------------------------------

    def _cross_check(self) -> None:
        e = self.entries
        claimed = self._check_roles()
        for section in ("ambiguous_aliases", "differences", "faq", "practice"):
            for placed in e[section].values():
                self._unknown(placed, placed.model.roles, e["roles"], "names unknown role", "roles")
                self._unknown(placed, placed.model.source, e["sources"], "cites unknown source", "source")
        for section, raw, placed in self.unvalidated:
            if section in ("ambiguous_aliases", "differences", "faq", "practice"):
                self._unknown(placed, _raw_refs(raw.get("roles")), e["roles"], "names unknown role", "roles")
                sources = _raw_refs(raw.get("source"))
                self._unknown(placed, sources, e["sources"], "cites unknown source", "source")
        for placed in e["ambiguous_aliases"].values():
            alias = placed.model
            if alias.usual is not None and alias.usual not in alias.roles:
                self.problems.append(
                    placed.problem(f"usual role '{alias.usual}' is not one of its roles", "usual")
                )
            owner = claimed.get(alias_key(alias.alias))
            if owner is not None:
                self.problems.append(
                    placed.problem(
                        f"'{alias.alias}' is also a plain alias of role '{owner.model.id}' ({owner.file}); "
                        "remove it from that role's aliases",
                        "alias",
                    )
                )
        cue_owner: dict[str, str] = {}
        for placed in e["aspects"].values():
            for cue in placed.model.cues:
                other = cue_owner.setdefault(cue, placed.model.id)
                if other != placed.model.id:
                    self.problems.append(
                        placed.problem(f"cue word '{cue}' is also a cue of the aspect '{other}'", "cues")
                    )
        for placed in e["differences"].values():
            if placed.model.roles[0] == placed.model.roles[1]:
                self.problems.append(placed.problem("compares a role with itself", "roles"))
        for placed in e["faq"].values():
            if placed.model.id in placed.model.related:
                self.problems.append(placed.problem("points at itself", "related"))
            others = [r for r in placed.model.related if r != placed.model.id]
            self._unknown(placed, others, e["faq"], "points at unknown faq entry", "related")
        for placed in e["practice"].values():
            self._check_signals(placed)
            self._check_topic(placed)
        if not e["roles"]:
            self.problems.append(Problem(None, "no roles are defined"))

    def _check_signals(self, placed: _Placed) -> None:
        """A rubric signal must mean something alone: not one everyday word ("weeks", "risk", "agreed")."""
        from bot.core.practice.rubric import weak_signal  # loaded only when there are practice prompts

        for n, point in enumerate(placed.model.rubric):
            for m, signal in enumerate(point.signals):
                why = weak_signal(signal)
                if why is not None:
                    self.problems.append(
                        placed.problem(
                            f"signal '{signal}' of '{point.name}' {why}", f"rubric.{n}.signals.{m}"
                        )
                    )

    def _check_topic(self, placed: _Placed) -> None:
        """Every topic group must be able to match: an empty group, or a phrase with no words in it,
        would mark every answer as missing what the question is about; a phrase twice in one group
        is a slip (the editor meant another alternative)."""
        from bot.core.practice.phrases import compile_phrase

        for n, group in enumerate(placed.model.topic):
            if not group:
                self.problems.append(
                    placed.problem(
                        "topic group is empty: list the alternatives an answer may use", f"topic.{n}"
                    )
                )
            seen: dict[str, int] = {}
            for m, phrase in enumerate(group):
                where = f"topic.{n}.{m}"
                if not compile_phrase(phrase):
                    self.problems.append(
                        placed.problem(f"topic phrase '{phrase}' has no words to match", where)
                    )
                folded = " ".join(phrase.casefold().split())
                if folded in seen:
                    message = (
                        f"topic phrase '{phrase}' is already alternative #{seen[folded] + 1} of this group"
                    )
                    self.problems.append(placed.problem(message, where))
                seen.setdefault(folded, m)

    def _check_roles(self) -> dict[str, _Placed]:
        """Every aspect filled, no unknown aspect, no name claimed by two roles; returns who owns each name."""
        aspects, sources = self.entries["aspects"], self.entries["sources"]
        claimed: dict[str, _Placed] = {}
        for placed in self.entries["roles"].values():
            role = placed.model
            for missing in (a for a in aspects if a not in role.aspects):
                self.problems.append(placed.problem(f"has no text for the aspect '{missing}'", "aspects"))
            for aspect_id, text in role.aspects.items():
                if aspect_id not in aspects:
                    hint = _did_you_mean(aspect_id, list(aspects))
                    message = f"'{aspect_id}' is not an aspect in aspects.yaml{hint}"
                    self.problems.append(placed.problem(message, f"aspects.{aspect_id}"))
                self._unknown(
                    placed, text.source, sources, "cites unknown source", f"aspects.{aspect_id}.source"
                )
            for name in role_names(role):
                key = alias_key(name)
                owner = claimed.setdefault(key, placed)
                if key and owner.model.id != role.id:
                    self.problems.append(
                        placed.problem(
                            f"alias '{name}' is also a name of role '{owner.model.id}' ({owner.file}); "
                            "an alias may belong to one role only; declare it under ambiguous_aliases",
                            "aliases",
                        )
                    )
        return claimed

    def _unknown(
        self, placed: _Placed, refs: Sequence[str], known: dict[Any, _Placed], what: str, field: str
    ) -> None:
        """A problem for each reference to an entry that does not exist, with the nearest one named."""
        for ref in refs:
            if ref not in known:
                hint = _did_you_mean(ref, [str(k) for k in known])
                self.problems.append(placed.problem(f"{what} '{ref}'{hint}", field))


def _raw_refs(value: Any) -> list[str]:
    """The ids an entry that failed its schema refers to, where they are readable ("none": none)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and v.strip() and v != "none"]
