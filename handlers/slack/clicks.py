"""One shape for every button listener: Bolt's arguments gathered into a `Click`, acknowledged first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.core.catalog import Words
from bot.runtime import Runtime
from handlers.slack import roles
from handlers.slack.blocks import Reply
from handlers.slack.language import words_for
from handlers.slack.payloads import team_id_of, user_id_of
from handlers.slack.scope import RequestScope

Listener = Callable[..., None]


@dataclass(frozen=True, slots=True)
class Click:
    """A button or menu click: its payload, the request's scope and what a listener may call back on."""

    body: dict[str, Any]
    action: dict[str, Any]
    scope: RequestScope
    runtime: Runtime
    client: WebClient
    respond: Respond

    @property
    def team_id(self) -> str:
        """Returns the workspace the click came from."""
        return team_id_of(self.body)

    @property
    def user_id(self) -> str:
        """Returns who clicked."""
        return user_id_of(self.body)

    @property
    def value(self) -> str:
        """Returns the clicked button's value."""
        return str(self.action.get("value", ""))

    @property
    def selected(self) -> str:
        """Returns the value of the option picked from a menu."""
        return str((self.action.get("selected_option") or {}).get("value", ""))

    def words(self) -> Words:
        """Returns the messages in the workspace's language."""
        return words_for(self.scope.read, team_id=self.team_id)

    def is_admin(self) -> bool:
        """Tells whether whoever clicked administers Pulse here (a Slack look-up, so asked only when needed)."""
        return roles.is_admin(self.runtime, self.client, team_id=self.team_id, user_id=self.user_id)

    def reply(self, message: Reply, *, replace: bool = False) -> None:
        """Answers the click once the request has committed, in place of the message or beside it."""
        self.scope.defer(lambda: self.respond(replace_original=replace, **message))

    def open_view(self, view: dict[str, Any]) -> None:
        """Opens a modal with the click's trigger once the request has committed."""
        trigger_id, client = self.body["trigger_id"], self.client
        self.scope.defer(lambda: client.views_open(trigger_id=trigger_id, view=view))

    def tell(self, text: str) -> None:
        """Answers the click with a plain line only the clicker sees."""
        self.reply({"response_type": "ephemeral", "text": text})


def listener(handle: Callable[[Click], None], *, name: str | None = None, doc: str | None = None) -> Listener:
    """Wraps `handle` as a Bolt listener that acknowledges at once (Bolt passes arguments by parameter name)."""

    def bolt_listener(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        scope: RequestScope,
        runtime: Runtime,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        handle(Click(body, action, scope, runtime, client, respond))

    bolt_listener.__name__ = bolt_listener.__qualname__ = name or handle.__name__
    bolt_listener.__doc__ = doc or handle.__doc__
    bolt_listener.__module__ = handle.__module__
    return bolt_listener
