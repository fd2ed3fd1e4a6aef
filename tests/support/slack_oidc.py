"""Slack's OpenID Connect provider for the stand-in: authorize, openid.connect.token and userInfo, and its JWKS.

It signs RS256 id_tokens with a key made per test run; `sign_in_as` picks who the authorize page signs in,
and `tamper` changes the next id_token's claims (or its key) to check that Pulse refuses it.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "client-secret"
KEY_ID = "standin-key-1"


@dataclass
class Member:
    """Someone Slack can sign in: their workspace, id and name."""

    team_id: str
    user_id: str
    name: str
    email: str = ""


@dataclass
class Grant:
    """An authorization code the authorize page handed out, waiting to be exchanged."""

    member: Member
    nonce: str
    redirect_uri: str
    claims: dict[str, Any] = field(default_factory=dict)
    foreign_key: bool = False


class SlackOpenId:
    """The OpenID Connect side of the stand-in (it shares the stand-in's clock)."""

    def __init__(self, issuer: Callable[[], str], now: Callable[[], float]) -> None:
        self.issuer, self.now = issuer, now
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.member: Member | None = None
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, Member] = {}
        self.claims: dict[str, Any] = {}
        self.foreign_key = False
        self._codes = itertools.count(1)
        self._lock = threading.Lock()

    def sign_in_as(self, team_id: str, user_id: str, name: str = "Dana Lead", email: str = "") -> None:
        """Makes the authorize page sign this member in."""
        self.member = Member(team_id, user_id, name, email or f"{user_id.lower()}@ourco.example")

    def tamper(self, *, foreign_key: bool = False, **claims: Any) -> None:
        """Makes the next id_tokens carry these claims (None removes one), or be signed with another key."""
        self.claims, self.foreign_key = claims, foreign_key

    def authorize(self, query: str) -> tuple[int, dict[str, str], dict[str, Any] | None]:
        """Answers GET /openid/connect/authorize: sends the browser back with a code, as if the member said yes."""
        params = dict(parse_qsl(query))
        wanted = set(params.get("scope", "").split())
        if params.get("client_id") != CLIENT_ID or "openid" not in wanted or params.get("response_type") != "code":
            return 400, {}, {"ok": False, "error": "invalid_request"}
        if self.member is None:
            return 200, {}, {"ok": False, "error": "nobody_signed_in"}
        code = f"oidc-{next(self._codes)}"
        with self._lock:
            self.grants[code] = Grant(
                self.member,
                params.get("nonce", ""),
                params.get("redirect_uri", ""),
                dict(self.claims),
                self.foreign_key,
            )
        back = {"code": code, "state": params.get("state", "")}
        return 302, {"Location": f"{params.get('redirect_uri', '')}?{urlencode(back)}"}, None

    def grant(
        self, code: str, *, team_id: str, user_id: str, nonce: str, redirect_uri: str, name: str = "Dana"
    ) -> None:
        """Hands out a code directly (what the authorize page does), for tests that drive the callback by hand."""
        with self._lock:
            self.grants[code] = Grant(Member(team_id, user_id, name), nonce, redirect_uri, dict(self.claims))

    def token(self, params: dict[str, Any]) -> dict[str, Any]:
        """Answers openid.connect.token: checks the client and the code, returns an access token and an id_token."""
        if params.get("client_id") != CLIENT_ID or params.get("client_secret") != CLIENT_SECRET:
            return {"ok": False, "error": "invalid_client_id"}
        with self._lock:
            grant = self.grants.pop(str(params.get("code")), None)
        if grant is None or grant.redirect_uri != params.get("redirect_uri"):
            return {"ok": False, "error": "invalid_code"}
        access = f"xoxp-{grant.member.team_id}-{next(self._codes)}"
        self.tokens[access] = grant.member
        return {"ok": True, "access_token": access, "token_type": "Bearer", "id_token": self._id_token(grant)}

    def userinfo(self, token: str | None) -> dict[str, Any]:
        """Answers openid.connect.userInfo for an access token it granted."""
        member = self.tokens.get(token or "")
        if member is None:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, **self._member_claims(member)}

    def jwks(self) -> dict[str, Any]:
        """Answers GET /openid/connect/keys: the public key id_tokens are signed with."""
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def _member_claims(self, member: Member) -> dict[str, Any]:
        return {
            "sub": member.user_id,
            "https://slack.com/user_id": member.user_id,
            "https://slack.com/team_id": member.team_id,
            "https://slack.com/team_name": f"Team {member.team_id}",
            "email": member.email,
            "email_verified": True,
            "name": member.name,
            "given_name": member.name.split(" ")[0],
            "locale": "en-US",
        }

    def _id_token(self, grant: Grant) -> str:
        issued = int(self.now())
        claims: dict[str, Any] = {
            "iss": self.issuer(),
            "aud": CLIENT_ID,
            "exp": issued + 300,
            "iat": issued,
            "auth_time": issued,
            "nonce": grant.nonce,
            **self._member_claims(grant.member),
        }
        for name, value in grant.claims.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if grant.foreign_key else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})
