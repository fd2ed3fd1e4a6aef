"""Sign in with Slack (OpenID Connect): the authorize URL, the code exchange, and every check of the id_token."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode, urlsplit

import httpx
import jwt

from bot.config import Settings

logger = logging.getLogger("pulse.web.signin")

SCOPES = "openid profile email"
TEAM_CLAIM = "https://slack.com/team_id"
USER_CLAIM = "https://slack.com/user_id"
LEEWAY_SECONDS = 60
KEYS_LIFESPAN_SECONDS = 3600


class SignInRefused(Exception):
    """Slack's answer did not sign anyone in: a refused code, or an id_token that fails a check (said in `reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SlackIdentity:
    """Who Slack says signed in: their workspace, their user id and name."""

    team_id: str
    user_id: str
    name: str


class SlackOpenId:
    """Slack's OpenID Connect provider, found beside SLACK_API_URL (slack.com/api/ -> slack.com/openid/connect/...)."""

    def __init__(self, settings: Settings) -> None:
        parts = urlsplit(settings.slack_api_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        self.issuer = origin
        self.authorize_endpoint = f"{origin}/openid/connect/authorize"
        self.token_endpoint = f"{settings.slack_api_url}openid.connect.token"
        self.client_id = settings.slack_client_id
        self.client_secret = settings.slack_client_secret
        self.keys = jwt.PyJWKClient(
            f"{origin}/openid/connect/keys", cache_keys=True, lifespan=KEYS_LIFESPAN_SECONDS, timeout=10
        )

    @property
    def configured(self) -> bool:
        """Tells whether Pulse has the client id and secret that signing in needs."""
        return bool(self.client_id) and self.client_secret is not None

    def authorize_url(self, *, state: str, nonce: str, redirect_uri: str) -> str:
        """Returns where the browser goes to sign in with Slack."""
        query = {
            "response_type": "code",
            "scope": SCOPES,
            "client_id": self.client_id or "",
            "state": state,
            "nonce": nonce,
            "redirect_uri": redirect_uri,
        }
        return f"{self.authorize_endpoint}?{urlencode(query)}"

    def identify(self, *, code: str, redirect_uri: str, nonce: str, now: datetime) -> SlackIdentity:
        """Exchanges the code for an id_token and checks it: Slack's signature, issuer, audience, expiry, nonce."""
        return self.verify(self._exchange(code, redirect_uri), nonce=nonce, now=now)

    def _exchange(self, code: str, redirect_uri: str) -> str:
        """Calls openid.connect.token; returns the id_token it grants."""
        assert self.client_id is not None and self.client_secret is not None
        form = {
            "client_id": self.client_id,
            "client_secret": self.client_secret.get_secret_value(),
            "code": code,
            "redirect_uri": redirect_uri,
            "grant_type": "authorization_code",
        }
        try:
            answer = httpx.post(self.token_endpoint, data=form, timeout=10).json()
        except (httpx.HTTPError, ValueError) as error:
            raise SignInRefused(f"token exchange failed: {type(error).__name__}") from None
        if not isinstance(answer, dict) or not answer.get("ok") or not isinstance(answer.get("id_token"), str):
            said = answer.get("error") if isinstance(answer, dict) else None
            raise SignInRefused(f"token exchange refused: {said or 'no id_token'}")
        return str(answer["id_token"])

    def verify(self, id_token: str, *, nonce: str, now: datetime) -> SlackIdentity:
        """Checks an id_token against Slack's published keys (RS256) and this sign-in; returns who it names."""
        try:
            key = self.keys.get_signing_key_from_jwt(id_token)
            claims = jwt.decode(
                id_token,
                key.key,
                algorithms=["RS256"],
                audience=self.client_id,
                issuer=self.issuer,
                # Expiry is checked below against Pulse's clock (the one every other expiry uses).
                options={
                    "require": ["iss", "aud", "exp", "iat", "sub", "nonce"],
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except (jwt.PyJWKClientError, jwt.InvalidTokenError) as error:
            raise SignInRefused(f"id_token refused: {type(error).__name__}: {error}") from None
        if not isinstance(claims["exp"], int | float) or claims["exp"] + LEEWAY_SECONDS <= now.timestamp():
            raise SignInRefused("id_token expired")
        if not hmac.compare_digest(str(claims["nonce"]).encode(), nonce.encode()):
            raise SignInRefused("id_token nonce does not match this sign-in")
        team_id, user_id = claims.get(TEAM_CLAIM), claims.get(USER_CLAIM) or claims["sub"]
        if not isinstance(team_id, str) or not team_id or not isinstance(user_id, str):
            raise SignInRefused("id_token names no workspace")
        name = claims.get("name") or claims.get("given_name") or user_id
        return SlackIdentity(team_id=team_id, user_id=user_id, name=str(name)[:200])
