"""What Slack sends, validated once at the edge into typed requests.

Every request body is read here before Bolt sees it: a slash command, an event envelope,
a button click (block_actions) or a modal submission (view_submission). Only the fields the
app and Bolt read are kept, each with the type Slack documents, so that a listener never
meets a `team` that is a string, an `event` that is null, or an id with a NUL byte in it.
Anything else is `Rejected` with a reason: the HTTP edge answers it with a 400, or, for an
event (which Slack would send again after an error), acks it and logs that it was ignored.

Bolt is then handed `Incoming.body`, the canonical body rebuilt from the model, and
listeners read `Incoming` (see `incoming_of`), never the raw dictionary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

CONTEXT_KEY = "incoming"
"""Where the validated request sits in Bolt's context for the listeners."""
MAX_TEXT = 200_000
"""Slack limits what people type to 40,000 characters, but sends it escaped and with mentions and
links expanded, so a real message can be several times longer; the body limit bounds it anyway."""
SLACK_HOOK_HOSTS = frozenset({"hooks.slack.com", "hooks.slack-gov.com"})


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _no_nul(value: str) -> str:
    """NUL and lone surrogates never come from a person, and PostgreSQL cannot store them in text."""
    return _UNSTORABLE.sub("", value)


SlackId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9_]{1,39}$")]
"""Team, enterprise, user, channel and bot ids: upper-case letters and digits (T012AB3C4, U…, C…, D…)."""
Timestamp = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,12}\.[0-9]{1,10}$")]
"""A message's ts, e.g. 1700000000.000100."""
Text = Annotated[str, AfterValidator(_no_nul), StringConstraints(max_length=MAX_TEXT)]
Word = Annotated[str, AfterValidator(_no_nul), StringConstraints(max_length=255)]
"""Short strings Slack generates or the app set itself: action ids, block ids, callback ids, types."""
Value = Annotated[str, AfterValidator(_no_nul), StringConstraints(max_length=2_000)]
"""A button's value (Slack's limit)."""
Metadata = Annotated[str, AfterValidator(_no_nul), StringConstraints(max_length=3_000)]
"""A view's private_metadata (Slack's limit)."""


class _Part(BaseModel):
    """A part of a payload: unknown fields are dropped, known ones must have the documented type."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


def _response_url(value: str | None, info: ValidationInfo) -> str | None:
    """Only Slack's own hooks (or, in tests, the fake Web API's host): nothing else is ever fetched."""
    if value is None:
        return None
    allowed: ResponseHosts = (info.context or {}).get("response_hosts") or ResponseHosts()
    if not allowed.allows(value):
        raise ValueError("is not a Slack response URL")
    return value


@dataclass(frozen=True)
class ResponseHosts:
    """Where response_urls may point: https Slack hooks, and the Web API's own scheme and host."""

    api_url: str = "https://slack.com/api/"

    def __post_init__(self) -> None:
        api = urlsplit(self.api_url)
        allowed = {("https", host) for host in SLACK_HOOK_HOSTS}
        if api.hostname not in (None, "slack.com"):
            allowed.add((api.scheme, api.hostname))
        object.__setattr__(self, "_allowed", frozenset(allowed))

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            return False
        if parts.username or parts.password:
            return False
        return (parts.scheme, host) in self._allowed  # type: ignore[attr-defined]


ResponseUrl = Annotated[str, StringConstraints(max_length=2_000)]


class Team(_Part):
    id: SlackId
    enterprise_id: SlackId | None = None


class User(_Part):
    id: SlackId
    team_id: SlackId | None = None


class Channel(_Part):
    id: SlackId


class Enterprise(_Part):
    id: SlackId


class Authorization(_Part):
    team_id: SlackId | None = None
    enterprise_id: SlackId | None = None
    user_id: SlackId | None = None
    is_bot: bool | None = None
    is_enterprise_install: bool | None = None


# --- slash commands ------------------------------------------------------------------------


class SlashCommand(_Part):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=False)  # a form: every value a string

    kind: Literal["command"] = "command"
    command: Annotated[str, StringConstraints(pattern=r"^/[a-z0-9_-]{1,40}$")]
    text: Text = ""
    team_id: SlackId
    user_id: SlackId
    channel_id: SlackId
    channel_name: Text | None = None  # a group DM's is every member's name
    enterprise_id: SlackId | None = None
    api_app_id: SlackId | None = None
    response_url: ResponseUrl | None = None
    trigger_id: Word | None = None
    is_enterprise_install: Literal["true", "false"] | None = None

    _check_url = field_validator("response_url")(_response_url)

    @field_validator(
        "channel_name",
        "enterprise_id",
        "api_app_id",
        "response_url",
        "trigger_id",
        "is_enterprise_install",
        mode="before",
    )
    @classmethod
    def _blank_is_absent(cls, value: object) -> object:
        """A form sends an absent value as an empty one (enterprise_id= outside Enterprise Grid)."""
        return None if value == "" else value

    @property
    def in_direct_message(self) -> bool:
        return self.channel_id.startswith("D") or self.channel_name == "directmessage"


# --- events --------------------------------------------------------------------------------


class MessageEvent(_Part):
    type: Literal["message"]
    channel: SlackId
    user: SlackId | None = None
    text: Text = ""
    ts: Timestamp
    thread_ts: Timestamp | None = None
    channel_type: Word | None = None
    subtype: Word | None = None
    bot_id: SlackId | None = None
    team: SlackId | None = None

    @property
    def in_direct_message(self) -> bool:
        return self.channel_type == "im"


class MentionEvent(_Part):
    type: Literal["app_mention"]
    channel: SlackId
    user: SlackId | None = None
    text: Text = ""
    ts: Timestamp
    thread_ts: Timestamp | None = None
    subtype: Word | None = None
    bot_id: SlackId | None = None
    team: SlackId | None = None


class HomeOpenedEvent(_Part):
    type: Literal["app_home_opened"]
    user: SlackId
    tab: Word | None = None
    channel: SlackId | None = None


class RevokedTokens(_Part):
    oauth: list[SlackId] = Field(default_factory=list, max_length=1000)
    bot: list[SlackId] = Field(default_factory=list, max_length=1000)


class TokensRevokedEvent(_Part):
    """Tokens of this workspace were revoked (the bot's, or people's): Bolt's listener deletes them."""

    type: Literal["tokens_revoked"]
    tokens: RevokedTokens


class OtherEvent(_Part):
    """An event the app has no listener for: acked and left alone."""

    type: Word


KNOWN_EVENTS: dict[str, type[_Part]] = {
    "message": MessageEvent,
    "app_mention": MentionEvent,
    "app_home_opened": HomeOpenedEvent,
    "tokens_revoked": TokensRevokedEvent,
}

AnyEvent = MessageEvent | MentionEvent | HomeOpenedEvent | TokensRevokedEvent | OtherEvent


class EventEnvelope(_Part):
    kind: Literal["event"] = "event"
    type: Literal["event_callback"]
    team_id: SlackId
    api_app_id: SlackId | None = None
    enterprise_id: SlackId | None = None
    event_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
    event_time: int | None = None
    is_ext_shared_channel: bool | None = None
    authorizations: list[Authorization] | None = Field(default=None, max_length=10)
    event: AnyEvent

    @field_validator("event", mode="before")
    @classmethod
    def _event_by_type(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, Mapping) or not isinstance(value.get("type"), str):
            raise ValueError("must be an object with a type")
        model = KNOWN_EVENTS.get(value["type"], OtherEvent)
        return model.model_validate(value, context=info.context)


class UrlVerification(_Part):
    kind: Literal["url_verification"] = "url_verification"
    type: Literal["url_verification"]
    challenge: Word
    token: Word | None = None


# --- interactivity -------------------------------------------------------------------------


class PlainText(_Part):
    type: Word | None = None
    text: Text = ""


class ActionItem(_Part):
    action_id: Word
    block_id: Word | None = None
    type: Word | None = None
    value: Value | None = None
    text: PlainText | None = None


class Container(_Part):
    type: Word | None = None
    channel_id: SlackId | None = None
    message_ts: Timestamp | None = None
    is_ephemeral: bool | None = None
    view_id: Word | None = None
    thread_ts: Timestamp | None = None
    """The thread the clicked message is in (a reply in a thread), for a follow-up's context."""


class ClickedMessage(_Part):
    """The (non-ephemeral) message a button is on, as Slack sends it: its blocks are re-sent, the
    "Helpful?" row replaced by thanks, when a click is acknowledged in place."""

    ts: Timestamp | None = None
    thread_ts: Timestamp | None = None
    text: Text = ""
    blocks: list[dict[str, Any]] = Field(default_factory=list, max_length=50)


class InputValue(_Part):
    type: Word | None = None
    value: Text | None = None


class ViewState(_Part):
    values: dict[Word, dict[Word, InputValue]] = Field(default_factory=dict, max_length=100)


class View(_Part):
    id: Word | None = None
    type: Word  # "modal" or "home"; Bolt reads it on every view request
    callback_id: Word = ""
    private_metadata: Metadata = ""
    state: ViewState | None = None
    team_id: SlackId | None = None
    app_installed_team_id: SlackId | None = None

    def input_value(self, block_id: str, action_id: str) -> str:
        values = self.state.values if self.state else {}
        found = values.get(block_id, {}).get(action_id)
        return found.value or "" if found else ""


class BlockActions(_Part):
    kind: Literal["block_actions"] = "block_actions"
    type: Literal["block_actions"]
    team: Team | None = None
    user: User
    channel: Channel | None = None
    enterprise: Enterprise | None = None
    is_enterprise_install: bool | None = None
    api_app_id: SlackId | None = None
    container: Container | None = None
    actions: list[ActionItem] = Field(min_length=1, max_length=25)
    response_url: ResponseUrl | None = None
    trigger_id: Word | None = None
    view: View | None = None
    message: ClickedMessage | None = None

    _check_url = field_validator("response_url")(_response_url)

    @property
    def action(self) -> ActionItem:
        return self.actions[0]

    @property
    def channel_id(self) -> str | None:
        if self.channel is not None:
            return self.channel.id
        return self.container.channel_id if self.container else None

    @property
    def is_ephemeral(self) -> bool:
        return bool(self.container and self.container.is_ephemeral)

    @property
    def message_ts(self) -> str | None:
        return self.container.message_ts if self.container else None

    @property
    def thread_ts(self) -> str | None:
        """The thread of the clicked message (None: a DM's or channel's top level)."""
        if self.container and self.container.thread_ts:
            return self.container.thread_ts
        return self.message.thread_ts if self.message else None

    @property
    def enterprise_id(self) -> str | None:
        if self.enterprise is not None:
            return self.enterprise.id
        return self.team.enterprise_id if self.team else None


class ViewSubmission(_Part):
    kind: Literal["view_submission"] = "view_submission"
    type: Literal["view_submission"]
    team: Team | None = None
    user: User
    enterprise: Enterprise | None = None
    is_enterprise_install: bool | None = None
    api_app_id: SlackId | None = None
    view: View
    trigger_id: Word | None = None


Request = SlashCommand | EventEnvelope | UrlVerification | BlockActions | ViewSubmission
_MODELS: dict[str, type[_Part]] = {
    "event_callback": EventEnvelope,
    "url_verification": UrlVerification,
    "block_actions": BlockActions,
    "view_submission": ViewSubmission,
}


@dataclass(frozen=True)
class Incoming:
    """A request Slack could have sent: its typed form, and the canonical body for Bolt."""

    request: Request
    body: dict[str, Any]

    @property
    def team_id(self) -> str | None:
        match self.request:
            case SlashCommand() | EventEnvelope():
                return self.request.team_id
            case BlockActions() | ViewSubmission():
                team = self.request.team
                return team.id if team else self.request.user.team_id
        return None

    @property
    def user_id(self) -> str | None:
        match self.request:
            case SlashCommand():
                return self.request.user_id
            case EventEnvelope(event=MessageEvent() | MentionEvent() | HomeOpenedEvent() as event):
                return event.user
            case BlockActions() | ViewSubmission():
                return self.request.user.id
        return None

    @property
    def channel_id(self) -> str | None:
        match self.request:
            case SlashCommand() | BlockActions():
                return self.request.channel_id
            case EventEnvelope(event=MessageEvent() | MentionEvent() | HomeOpenedEvent() as event):
                return event.channel
        return None

    @property
    def event_id(self) -> str | None:
        return self.request.event_id if isinstance(self.request, EventEnvelope) else None

    def log_fields(self) -> dict[str, str]:
        """The ids that say whose request a log line is about; never message text or tokens."""
        request = self.request
        found = {
            "team": self.team_id,
            "channel": self.channel_id,
            "user": self.user_id,
            "event_id": self.event_id,
            "event": request.event.type if isinstance(request, EventEnvelope) else None,
            "command": request.command if isinstance(request, SlashCommand) else None,
            "action": request.action.action_id if isinstance(request, BlockActions) else None,
        }
        return {k: v for k, v in found.items() if v}


@dataclass(frozen=True)
class Rejected:
    """Not something Slack sends: `reason` is for the log (never the body's text); `event` when it
    came as an event envelope, which is acked rather than refused, so Slack does not send it again."""

    reason: str
    event: bool = False


def read_incoming(
    body: Mapping[str, Any], response_hosts: ResponseHosts | None = None
) -> Incoming | Rejected:
    """The request, typed and canonical, or why it is not one Slack sends."""
    context = {"response_hosts": response_hosts or ResponseHosts()}
    kind = body.get("type")
    model: type[_Part] | None = _MODELS.get(kind) if isinstance(kind, str) else None
    if model is None and kind is None and "command" in body:
        model = SlashCommand
    if model is None:
        return Rejected("not a request type the app handles")
    try:
        request = model.model_validate(body, context=context)
    except ValidationError as error:
        return Rejected(_describe(error), event=model is EventEnvelope)
    dumped = request.model_dump(mode="json", exclude_none=True, exclude={"kind"})
    return Incoming(request, dumped)  # type: ignore[arg-type]


def _describe(error: ValidationError) -> str:
    """Which fields were wrong and how, without their values (they may be people's words)."""
    parts = []
    for problem in error.errors(include_url=False, include_input=False)[:3]:
        where = ".".join(str(p) for p in problem["loc"]) or "body"
        parts.append(f"{where}: {problem['type']}")
    return "; ".join(parts)


def parse_body(raw: str, content_type: str) -> dict[str, Any] | None:
    """The body as a dictionary (a form's fields, or its JSON `payload`, or JSON), or None when it is
    not a form or JSON object at all, or is nested deeper than anything Slack sends."""
    try:
        if content_type.startswith("application/json"):
            data = json.loads(raw)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True, max_num_fields=100).items()}
            data = json.loads(form["payload"]) if "payload" in form else form
        else:
            return None
    except (ValueError, RecursionError):  # json nested beyond the interpreter's limit
        return None
    return data if isinstance(data, dict) else None


def incoming_of(context: Mapping[str, Any]) -> Incoming:
    """The validated request a listener was called for (the edge put it in Bolt's context)."""
    found = context.get(CONTEXT_KEY)
    if not isinstance(found, Incoming):
        raise LookupError("the request was not validated at the edge")
    return found
