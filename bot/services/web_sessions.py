"""Sign in with Slack for the portfolio pages: sign-ins under way, sessions that expire, and who is admitted."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from storage.models import WebLogin, WebSession
from storage.queries import portfolio_web as queries

LOGIN_TTL = timedelta(minutes=10)
HOME = "/portfolio"


@dataclass(frozen=True, slots=True)
class LoginStart:
    """A new sign-in: the browser's secret (its cookie), and the state and nonce that go to Slack."""

    browser_token: str
    state: str
    nonce: str


@dataclass(frozen=True, slots=True)
class PendingLogin:
    """A sign-in coming back from Slack: the nonce its id_token must carry, and where to go after."""

    nonce: str
    return_to: str


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who a session cookie belongs to, in which workspace, until when."""

    team_id: str
    user_id: str
    name: str
    expires_at: datetime


def _hash(token: str) -> str:
    """Hashes a cookie's secret: the database never holds one that would open a session."""
    return hashlib.sha256(token.encode()).hexdigest()


def safe_return(path: str | None) -> str:
    """Returns a local portfolio path to go back to after signing in; anything else goes to the portfolio."""
    if not path or not path.startswith(HOME) or path.startswith("//") or "\\" in path or len(path) > 500:
        return HOME
    rest = path[len(HOME) :]
    return path if rest[:1] in ("", "/", "?", ".") and all(32 < ord(c) < 127 for c in path) else HOME


def start_login(db: Session, *, return_to: str | None, now: datetime) -> LoginStart:
    """Starts a sign-in: stores its state and nonce under the hash of a new browser secret."""
    queries.forget_expired(db, now=now)
    start = LoginStart(secrets.token_urlsafe(32), secrets.token_urlsafe(24), secrets.token_urlsafe(24))
    queries.add_login(
        db,
        WebLogin(
            browser_hash=_hash(start.browser_token),
            state=start.state,
            nonce=start.nonce,
            return_to=safe_return(return_to),
            created_at=now,
            expires_at=now + LOGIN_TTL,
        ),
    )
    return start


def finish_login(db: Session, *, browser_token: str | None, state: str | None, now: datetime) -> PendingLogin | None:
    """Takes the browser's sign-in under way (once) if the state Slack sent back is its own; None otherwise."""
    if not browser_token or not state:
        return None
    login = queries.take_login(db, browser_hash=_hash(browser_token), now=now)
    if login is None or not hmac.compare_digest(login.state.encode(), state.encode()):
        return None
    return PendingLogin(login.nonce, login.return_to)


def admitted(db: Session, *, team_id: str, client_id: str | None, single_team: str | None) -> bool:
    """Tells whether members of this workspace may see the portfolio: Pulse is installed there, and not removed.

    Installed means the workspace of the bot token (`single_team`), or one that holds Pulse's bot through an
    OAuth install for this app's `client_id`.
    """
    if not team_id or queries.uninstalled(db, team_id=team_id):
        return False
    if single_team is not None and hmac.compare_digest(team_id.encode(), single_team.encode()):
        return True
    return (
        client_id is not None
        and queries.has_bot(db, team_id=team_id, client_id=client_id)
        and queries.workspace_active(db, team_id=team_id)
    )


def open_session(
    db: Session, *, team_id: str, user_id: str, name: str, now: datetime, lifetime: timedelta
) -> tuple[str, SignedIn]:
    """Opens a session for a member who signed in; returns the cookie's secret and who it signs in."""
    token = secrets.token_urlsafe(32)
    signed = SignedIn(team_id, user_id, name[:200], now + lifetime)
    queries.add_session(
        db,
        WebSession(
            token_hash=_hash(token),
            team_id=team_id,
            user_id=user_id,
            name=signed.name,
            created_at=now,
            expires_at=signed.expires_at,
        ),
    )
    return token, signed


def current(db: Session, *, token: str | None, now: datetime) -> SignedIn | None:
    """Returns who a session cookie signs in, or None for no cookie, an unknown one or an expired one."""
    if not token or len(token) > 100:
        return None
    found = queries.live_session(db, token_hash=_hash(token), now=now)
    if found is None:
        return None
    return SignedIn(found.team_id, found.user_id, found.name, found.expires_at)


def sign_out(db: Session, *, token: str | None) -> None:
    """Ends the session a cookie holds, if any."""
    if token and len(token) <= 100:
        queries.end_session(db, token_hash=_hash(token))
