"""One shape for every button listener: Bolt's arguments gathered into a `Click`, acknowledged first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Respond
from slack_bolt.kwargs_injection import Args

from handlers.slack.blocks import Reply
from handlers.slack.requests import Listener, Request, named


@dataclass(frozen=True, slots=True)
class Click(Request):
    """A button or menu click: its payload, the request's scope and what a listener may call back on."""

    action: dict[str, Any]
    respond: Respond

    @property
    def value(self) -> str:
        """Returns the clicked button's value."""
        return str(self.action.get("value", ""))

    @property
    def selected(self) -> str:
        """Returns the value of the option picked from a menu."""
        return str((self.action.get("selected_option") or {}).get("value", ""))

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
    """Wraps `handle` as a Bolt listener that acknowledges at once (Bolt passes its arguments as one `args`)."""

    def bolt_listener(args: Args) -> None:
        args.ack()
        handle(Click(*Request.parts(args), action=args.action or {}, respond=args.respond))

    return named(bolt_listener, handle, name, doc)
