"""Installing the app from a link, in many workspaces: Bolt's OAuth flow over our database.

`/slack/install` shows the install page (bot/rendering/install_pages.py) with Slack's "Add to
Slack" button, whose authorize URL carries a fresh state (kept in `slack_oauth_states` and in
a cookie: it works once, in that browser, for ten minutes). `/slack/oauth_redirect` is where
Slack sends the admin back: the code is exchanged with `oauth.v2.access` (at SLACK_API_URL,
like every Web API call) and the workspace's bot token is saved in `slack_bots` /
`slack_installations` (slack_sdk's SQLAlchemy stores; the tables are built by our migrations).
Enterprise Grid org-wide installs are saved under their enterprise id (the stores key by
enterprise and team). Each request is then authorized with its workspace's own token.

Removing the app (`app_uninstalled`) or revoking its tokens (`tokens_revoked`) deletes the
tokens (Bolt's revocation listeners), pauses the workspace's subscriptions and, for an
uninstall, sets the date its data is deleted (bot/storage/workspaces.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.listener.builtins import TokenRevocationListeners
from slack_bolt.middleware import Middleware
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.rendering.install_pages import BOT_SCOPES, failure_page, install_page, installed_page
from bot.slack.incoming import CONTEXT_KEY
from bot.storage.models import BOTS_TABLE, INSTALLATIONS_TABLE, OAUTH_STATES_TABLE
from bot.storage.store import Store
from bot.storage.workspaces import TOKEN_REVOKED

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600
"""How long an install link's state is good for."""

log = logging.getLogger("bot.slack.install")


class InstallFlow(OAuthFlow):
    """Bolt's OAuth flow with our install page, and `oauth.v2.access` failures that never log the code."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._logger = _FLOW_LOG  # once, for every thread: Bolt's own failure line holds the code


class _WithoutCode(logging.Filter):
    """Bolt's OAuth flow logs "... with code: <the one-time code> ...": such a record keeps only
    that a step failed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "code" in record.getMessage():
            record.msg, record.args, record.exc_info, record.exc_text = (
                "an OAuth step failed (its message named the one-time code and is not logged)",
                (),
                None,
                None,
            )
        return True


_FLOW_LOG = logging.getLogger("slack_bolt.oauth.without_code")  # below WARNING: held back (bot/logs.py)
_FLOW_LOG.addFilter(_WithoutCode())


def _on_success(store: Store) -> Any:
    def success(args: SuccessArgs) -> BoltResponse:
        found = args.installation
        team = found.team_id
        resumed = store.workspaces.installed(team) if team else 0  # org-wide: no one workspace
        log.info(
            "installed",
            extra={
                "fields": {
                    "team": team,
                    "enterprise": found.enterprise_id,
                    "resumed": resumed,
                    "org_wide": bool(found.is_enterprise_install),
                }
            },
        )
        url = f"https://app.slack.com/client/{team}" if team else None
        return _html(200, installed_page(found.team_name or found.enterprise_name, url))

    return success


def _on_failure(args: FailureArgs) -> BoltResponse:
    log.warning("an install failed", extra={"fields": {"reason": args.reason}})
    status = 200 if args.reason == "access_denied" else min(args.suggested_status_code, 400)
    return _html(status, failure_page(args.reason, INSTALL_PATH))


def _html(status: int, html: str) -> BoltResponse:
    return BoltResponse(status=status, body=html, headers={"Content-Type": "text/html; charset=utf-8"})


def oauth_parts(
    client_id: str, client_secret: str, store: Store, client: WebClient
) -> tuple[InstallFlow, InstallationStoreAuthorize, SQLAlchemyInstallationStore]:
    """The OAuth flow, the per-workspace authorization and the installation store, on `store`'s database.

    `client` (the app's, at SLACK_API_URL) makes the flow's oauth.v2.access and auth.test calls.
    Authorization remembers each token's auth.test per process, so a request costs no extra call."""
    installations = SQLAlchemyInstallationStore(
        client_id, store.engine, bots_table_name=BOTS_TABLE, installations_table_name=INSTALLATIONS_TABLE
    )
    states = SQLAlchemyOAuthStateStore(STATE_SECONDS, store.engine, table_name=OAUTH_STATES_TABLE)
    settings = OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=_on_success(store), failure=_on_failure),
    )
    flow = InstallFlow(client=client, settings=settings, logger=logging.getLogger("slack_bolt"))
    authorize = InstallationStoreAuthorize(
        installation_store=installations,
        client_id=client_id,
        client_secret=client_secret,
        logger=logging.getLogger("slack_bolt"),
        bot_only=True,
        cache_enabled=True,
        client=client,
    )
    return flow, authorize, installations


class OrgMemory(Middleware):
    """Remembers which workspaces an org-wide install answers for, so the clock finds their token."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known: set[str] = set()

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        context = req.context
        incoming = context.get(CONTEXT_KEY)
        team = incoming.team_id if incoming is not None else None  # the workspace, not the install's
        org = context.enterprise_id
        if context.is_enterprise_install and team and org and team not in self.known:
            self.store.workspaces.remember_org(team, org)
            self.known.add(team)
        return next()


def register_revocation(
    app: App, installations: SQLAlchemyInstallationStore, store: Store, executor: Executor
) -> None:
    """`app_uninstalled` and `tokens_revoked`: the tokens go (Bolt's listeners), the subscriptions pause.
    Acked at once; the database work runs on the app's pool, as every listener's does."""
    bolt = TokenRevocationListeners(installations)

    def uninstall(context: BoltContext) -> None:
        bolt.handle_app_uninstalled_events(context)
        org = context.enterprise_id
        teams = [context.team_id] if context.team_id else store.workspaces.org_teams(org) if org else []
        for team in teams:  # an org-wide uninstall: every workspace it answered for
            until = store.workspaces.uninstalled(team, org)
            log.info("uninstalled", extra={"fields": {"team": team, "data_deleted_after": until.isoformat()}})

    def revoke(event: dict[str, Any], context: BoltContext) -> None:
        bolt.handle_tokens_revoked_events(event, context)
        tokens = event.get("tokens")
        if isinstance(tokens, dict) and tokens.get("bot") and context.team_id:
            paused = store.workspaces.pause_all(context.team_id, TOKEN_REVOKED)
            log.info("tokens revoked", extra={"fields": {"team": context.team_id, "paused": paused}})

    def app_uninstalled(ack: Any, context: BoltContext) -> None:
        ack()
        executor.submit(_logged, uninstall, context)

    def tokens_revoked(ack: Any, event: dict[str, Any], context: BoltContext) -> None:
        ack()
        executor.submit(_logged, revoke, event, context)

    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
    app.use(OrgMemory(store))


def _logged(work: Any, *args: Any) -> None:
    try:
        work(*args)
    except Exception:
        log.exception("removing a workspace's tokens failed", extra={"fields": {"work": work.__name__}})
