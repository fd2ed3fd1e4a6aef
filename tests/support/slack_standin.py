"""A local stand-in for the Slack Web API over real HTTP: records every call and answers like Slack.

Point `SLACK_API_URL` at `standin.api_url`; `response_url`s handed to the app can point at
`standin.response_url(...)`. Failures (HTTP 429 with Retry-After, 5xx, slow answers, Slack errors) are
scripted per method, so tests can check retries and backoff against the real client code.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.support.slack_oidc import SlackOpenId

TEAM_ID = "T0PULSE01"
BOT_USER_ID = "UBOTPULSE"
BOT_TOKEN = "xoxb-test-token"


@dataclass
class Call:
    """One request the app made."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float


@dataclass
class Scripted:
    """A scripted answer for the next `times` calls of one method."""

    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    times: int = 1


class SlackStandIn:
    """An HTTP server that imitates the Slack Web API methods Pulse uses."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self.now = now  # Slack's clock: message timestamps follow the tests' clock, as they follow real time
        self.calls: list[Call] = []
        self.users_by_email: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.unreachable_dm: set[str] = set()
        self.token_team: dict[str, str] = {BOT_TOKEN: TEAM_ID}
        self.channels: dict[str, list[dict[str, Any]]] = defaultdict(list)
        # OAuth: an authorization code grants a workspace; refresh tokens rotate (see `grant`).
        self.grants: dict[str, str] = {}
        self.refresh: dict[str, str] = {}
        self.rotating = False
        self.openid = SlackOpenId(lambda: self.base_url, now)  # Sign in with Slack (OpenID Connect)
        self._scripts: dict[str, list[Scripted]] = defaultdict(list)
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="slack-standin", daemon=True)

    # -- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> SlackStandIn:
        """Starts serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops the server."""
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        """Returns the server's root URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """Returns the value for SLACK_API_URL."""
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """Returns a response_url that records what the app posts to it."""
        return f"{self.base_url}/respond/{name}"

    # -- scripting -----------------------------------------------------------------------------------

    def add_user(
        self, user_id: str, email: str, *, team_id: str = TEAM_ID, tz: str = "Europe/Berlin", **extra: Any
    ) -> None:
        """Adds a user the directory methods can find."""
        user = {
            "id": user_id,
            "team_id": team_id,
            "name": email.split("@")[0],
            "tz": tz,
            "deleted": False,
            "is_bot": False,
            "profile": {"email": email},
            **extra,
        }
        self.users[user_id] = user
        self.users_by_email[email.lower()] = user

    def add_admin(self, user_id: str, *, owner: bool = False, team_id: str = TEAM_ID) -> None:
        """Adds a workspace admin (or owner), as users.info and users.list describe them."""
        self.add_user(user_id, f"{user_id.lower()}@ourco.example", team_id=team_id, is_admin=True, is_owner=owner)

    def grant(self, code: str, team_id: str) -> None:
        """Makes an OAuth authorization code that installs the app into a workspace."""
        self.grants[code] = team_id

    def _oauth_access(self, params: dict[str, Any]) -> dict[str, Any]:
        """Answers oauth.v2.access: exchanges a code (or a refresh token) for a bot token."""
        if params.get("grant_type") == "refresh_token":
            team_id = self.refresh.pop(str(params.get("refresh_token")), None)
        else:
            team_id = self.grants.pop(str(params.get("code")), None)
        if team_id is None:
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-{team_id}-{next(self._ts)}"
        self.token_team[token] = team_id
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": "APULSE01",
            "authed_user": {"id": "UINSTALL1"},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": BOT_USER_ID,
            "team": {"id": team_id, "name": f"Team {team_id}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if self.rotating:
            refresh = f"xoxe-{team_id}-{next(self._ts)}"
            self.refresh[refresh] = team_id
            answer.update({"refresh_token": refresh, "expires_in": 43200})
        return answer

    def script(self, method: str, *answers: Scripted) -> None:
        """Queues answers for the next calls of a method (then it answers normally again)."""
        with self._lock:
            self._scripts[method].extend(answers)

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Makes the next calls of a method answer HTTP 429 with Retry-After."""
        self.script(
            method,
            Scripted(
                status=429,
                body={"ok": False, "error": "ratelimited"},
                headers={"Retry-After": str(retry_after)},
                times=times,
            ),
        )

    def server_error(self, method: str, *, status: int = 503, times: int = 1) -> None:
        """Makes the next calls of a method answer a 5xx."""
        self.script(method, Scripted(status=status, body={"ok": False, "error": "fatal_error"}, times=times))

    def slow(self, method: str, *, seconds: float, times: int = 1) -> None:
        """Makes the next calls of a method answer only after a delay (for client timeouts)."""
        self.script(method, Scripted(delay=seconds, times=times))

    # -- inspection ----------------------------------------------------------------------------------

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        """Returns the messages posted to a channel (top level and threads), oldest first."""
        with self._lock:
            return list(self.channels.get(channel, []))

    def calls_to(self, method: str) -> list[Call]:
        """Returns the recorded calls of one method, oldest first."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        """Returns the names of every method called, in order."""
        with self._lock:
            return [c.method for c in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Waits until a method was called `count` times; returns its calls or fails the test."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"{method} called {len(found)} times, expected {count}; calls: {self.methods()}"
                    )
                self._lock.wait(remaining)

    def reset(self) -> None:
        """Forgets recorded calls and scripts."""
        with self._lock:
            self.calls.clear()
            self._scripts.clear()

    # -- answering -----------------------------------------------------------------------------------

    def _record(self, method: str, params: dict[str, Any], headers: dict[str, str]) -> Scripted | None:
        with self._lock:
            self.calls.append(Call(method, params, headers, time.time()))
            self._lock.notify_all()
            queue = self._scripts.get(method)
            if queue:
                scripted = queue[0]
                scripted.times -= 1
                if scripted.times <= 0:
                    queue.pop(0)
                return scripted
        return None

    def answer(self, method: str, params: dict[str, Any], token: str | None) -> tuple[int, dict[str, Any]]:
        """Returns what Slack would answer to a successful call of `method`."""
        if method.startswith("respond/"):
            return 200, {"ok": True}
        if method == "oauth.v2.access":
            return 200, self._oauth_access(params)
        if method == "openid.connect.token":
            return 200, self.openid.token(params)
        if method == "openid.connect.userInfo":
            return 200, self.openid.userinfo(token)
        team = self.token_team.get(token or "")
        if team is None:
            return 200, {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return 200, {
                "ok": True,
                "team_id": team,
                "user_id": BOT_USER_ID,
                "bot_id": "BPULSE",
                "team": "Pulse Test",
                "url": "https://pulse-test.slack.com/",
            }
        if method == "users.lookupByEmail":
            user = self.users_by_email.get(str(params.get("email", "")).lower())
            return 200, ({"ok": True, "user": user} if user else {"ok": False, "error": "users_not_found"})
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return 200, ({"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"})
        if method == "users.list":
            members = [u for u in self.users.values() if u.get("team_id") == team]
            return 200, {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            if users in self.unreachable_dm:
                return 200, {"ok": False, "error": "cannot_dm_bot"}
            return 200, {"ok": True, "channel": {"id": "D" + users.lstrip("UW")}}
        if method == "chat.postMessage":
            channel = str(params.get("channel"))
            if channel[:1] in ("U", "W"):
                channel = "D" + channel.lstrip("UW")  # a post to a user lands in their DM with the bot
            ts = f"{int(self.now())}.{next(self._ts):06d}"
            message = {
                "ts": ts,
                "text": params.get("text"),
                "blocks": params.get("blocks"),
                "metadata": params.get("metadata"),
                "thread_ts": params.get("thread_ts"),
            }
            with self._lock:
                self.channels[channel].append(message)
            return 200, {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method in ("chat.update", "chat.postEphemeral"):
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            return 200, {"ok": True, "channel": params.get("channel"), "ts": params.get("ts") or ts, "message_ts": ts}
        if method == "conversations.history":
            oldest = float(params.get("oldest") or 0)
            with self._lock:
                found = [
                    m
                    for m in self.channels.get(str(params.get("channel")), [])
                    if not m["thread_ts"] and float(m["ts"]) >= oldest
                ]
            return 200, {"ok": True, "messages": list(reversed(found)), "has_more": False}
        if method == "conversations.replies":
            parent = str(params.get("ts"))
            with self._lock:
                found = [
                    m
                    for m in self.channels.get(str(params.get("channel")), [])
                    if m["ts"] == parent or m["thread_ts"] == parent
                ]
            return 200, {"ok": True, "messages": found, "has_more": False}
        if method in ("views.open", "views.update", "views.publish", "views.push"):
            return 200, {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(params.get("view") or {})}}
        return 200, {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                path = urlsplit(self.path).path
                method = path.removeprefix("/api/").strip("/")
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                params = _parse(raw, self.headers.get("Content-Type") or "")
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ").strip() or params.get("token")
                scripted = standin._record(method, params, dict(self.headers.items()))
                if scripted is not None and (scripted.status != 200 or scripted.body is not None):
                    status, body, headers = scripted.status, scripted.body or {"ok": True}, scripted.headers
                else:
                    # Slack acts on a request before answering it: a slow answer can follow a message that was
                    # already posted, which is how a client that gives up (or dies) meets a duplicate.
                    status, body = standin.answer(method, params, token)
                    headers = {}
                if scripted is not None and scripted.delay:
                    time.sleep(scripted.delay)
                self._send(status, body, headers)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path == "/openid/connect/keys":
                    self._send(200, standin.openid.jwks(), {})
                elif parts.path == "/openid/connect/authorize":
                    status, headers, body = standin.openid.authorize(parts.query)
                    self._send(status, body or {}, headers)
                else:
                    self.do_POST()

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

        return Handler


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    """Parses a JSON or form-encoded request body; JSON-valued form fields are decoded too."""
    if not raw:
        return {}
    if "json" in content_type or raw.lstrip().startswith("{"):
        return dict(json.loads(raw))
    params: dict[str, Any] = dict(parse_qsl(raw, keep_blank_values=True))
    for key in ("blocks", "view", "attachments"):
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params
