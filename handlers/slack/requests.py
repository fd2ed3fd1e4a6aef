"""What every button and modal listener starts from: Bolt's arguments read once into a `Request`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.kwargs_injection import Args
from slack_sdk import WebClient

from bot.core.catalog import Words
from bot.runtime import Runtime
from handlers.slack import roles
from handlers.slack.language import words_for
from handlers.slack.payloads import team_id_of, user_id_of
from handlers.slack.scope import RequestScope

Listener = Callable[..., None]


@dataclass(frozen=True, slots=True)
class Request:
    """A Slack request's payload, its scope, the runtime and the client a listener may call back on."""

    body: dict[str, Any]
    scope: RequestScope
    runtime: Runtime
    client: WebClient

    @staticmethod
    def parts(args: Args) -> tuple[dict[str, Any], RequestScope, Runtime, WebClient]:
        """Returns the fields every request has, from Bolt's arguments (scope and runtime come from middleware)."""
        return args.body, args.context["scope"], args.context["runtime"], args.client

    @property
    def team_id(self) -> str:
        """Returns the workspace the request came from."""
        return team_id_of(self.body)

    @property
    def user_id(self) -> str:
        """Returns who clicked or submitted."""
        return user_id_of(self.body)

    def words(self) -> Words:
        """Returns the messages in the workspace's language."""
        return words_for(self.scope.read, team_id=self.team_id)

    def is_admin(self) -> bool:
        """Tells whether whoever acted administers Pulse here (a Slack look-up, so asked only when needed)."""
        return roles.is_admin(self.runtime, self.client, team_id=self.team_id, user_id=self.user_id)


def named(
    bolt_listener: Callable[[Args], None], handle: Callable[..., Any], name: str | None, doc: str | None
) -> Listener:
    """Gives a Bolt listener that wraps `handle` the handle's name, module and docstring (or the ones given)."""
    bolt_listener.__name__ = bolt_listener.__qualname__ = name or handle.__name__
    bolt_listener.__doc__ = doc or handle.__doc__
    bolt_listener.__module__ = handle.__module__
    return bolt_listener
