"""POST /api/interactions and GET /api/openapi.json: other systems log interactions with a workspace API key."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.core import states
from bot.logs import reference as reference_id
from bot.runtime import Runtime
from bot.services import accounts, api_keys, interactions
from handlers.web import openapi
from handlers.web.api_models import AccountRef, Interaction, InteractionRequest, PulsePlan
from handlers.web.threads import WorkThreads
from storage.db import DatabaseUnavailable

logger = logging.getLogger("pulse.web.api")

# Printable ASCII without leading or trailing spaces, which HTTP would strip on the way anyway.
IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?$")
# The interaction table keeps keys of up to 200 characters; longer ones (with our prefix) are stored hashed.
MAX_STORED_KEY = 200
RETRY_AFTER_SECONDS = "5"


class ApiError(Exception):
    """An error answer: HTTP status, a stable code, a message, and optional extra fields and headers."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.extra = extra or {}
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        """Renders the error as `{"error": {"code", "message", ...}}`."""
        body = {"error": {"code": self.code, "message": self.message, **self.extra}}
        return JSONResponse(body, status_code=self.status, headers={"Cache-Control": "no-store", **self.headers})


class InteractionsApi:
    """The JSON API for other systems: the key is checked before the body is read, the work runs in worker threads."""

    def __init__(self, runtime: Runtime, threads: WorkThreads) -> None:
        self.runtime, self.threads = runtime, threads
        document = openapi.build_document(runtime.settings.base_url)
        self.document = json.dumps(document, ensure_ascii=False).encode("utf-8")

    async def openapi(self, request: Request) -> Response:
        """Serves the OpenAPI 3.1 description, with this server's public URL."""
        return Response(self.document, media_type="application/json", headers={"Cache-Control": "no-cache"})

    async def log_interaction(self, request: Request) -> Response:
        """Authenticates, reads and validates the body, logs it once per idempotency key, and renders the result."""
        try:
            team_id = await self._authenticate(request)
            idempotency_key = _idempotency_key(request)
            body = await _read_json_body(request)
            posted = _validate(body, now=self.runtime.now())
            logged = await self.threads.run(self._log, team_id, posted, idempotency_key)
        except ApiError as error:
            return error.response()
        except DatabaseUnavailable:
            logger.warning("database unavailable while logging from the API")
            return _unavailable().response()
        except Exception:
            reference = reference_id()
            logger.exception("the interactions API failed (ref %s)", reference)
            message = f"Something went wrong on Pulse's side and nothing was logged (ref {reference})."
            return ApiError(500, "internal_error", message, extra={"reference": reference}).response()
        headers = {"Cache-Control": "no-store"}
        if logged.duplicate:
            headers["Idempotent-Replayed"] = "true"
        return JSONResponse(render_logged(logged), status_code=200 if logged.duplicate else 201, headers=headers)

    async def _authenticate(self, request: Request) -> str:
        """Returns the key's workspace, or raises 401 without reading the body."""
        scheme, _, key = request.headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise ApiError(
                401,
                "missing_api_key",
                "Send the workspace's API key as `Authorization: Bearer <key>` (get one with `/pulse api-key`).",
                headers={"WWW-Authenticate": 'Bearer realm="pulse"'},
            )

        def check() -> str | None:
            # Reads only: a flood of bad keys never queues for the write lock that reps' commands need.
            reader = self.runtime.reader()
            try:
                found = api_keys.check_key(reader, key=key.strip(), now=self.runtime.now())
            except DBAPIError as error:
                raise DatabaseUnavailable(str(error.orig)) from error
            finally:
                reader.close()
            if found is not None and found.needs_touch:
                with self.runtime.transaction() as db:
                    api_keys.touch_key(db, key_id=found.key_id, now=self.runtime.now())
            return found.team_id if found is not None else None

        team_id = await self.threads.run(check)
        if team_id is None:
            raise ApiError(
                401,
                "invalid_api_key",
                "This API key is unknown or was revoked.",
                headers={"WWW-Authenticate": 'Bearer realm="pulse", error="invalid_token"'},
            )
        return team_id

    def _log(self, team_id: str, posted: InteractionRequest, idempotency_key: str) -> interactions.Logged:
        """Logs the interaction in one transaction, mapping the use case's refusals to API errors."""
        if_missing = interactions.IfMissing.CREATE if posted.create_account else interactions.IfMissing.REFUSE
        request = interactions.LogInteraction(
            team_id=team_id,
            account=interactions.AccountName(posted.account, if_missing=if_missing),
            contact=posted.contact_email,
            kind=posted.kind,
            note=posted.note,
            survey=posted.survey,
            source="api",
            idempotency_key=idempotency_key,
            rep_id=posted.rep,
            contact_name=posted.contact_name,
            occurred_at=posted.occurred_at,
            language=posted.language,
            replay_first=True,
            client_key=True,
        )
        try:
            with self.runtime.transaction() as db:
                logged = interactions.log_interaction(
                    db, request=request, policy=self.runtime.policy, now=self.runtime.now()
                )
        except interactions.AccountNotFound as missing:
            raise _account_error(missing) from None
        except interactions.IdempotencyKeyReused:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request; use a new key for a new interaction.",
            ) from None
        except interactions.RepRequired:
            raise _invalid(
                [("rep", "is required when create_account makes a new account (it becomes the owner)")]
            ) from None
        except (IntegrityError, accounts.AccountExists):
            # A concurrent request created the same account or used the same key; a retry sees its result.
            raise ApiError(409, "conflict", "A concurrent request changed the same data; retry the request.") from None
        assert isinstance(logged, interactions.Logged)
        return logged


def _idempotency_key(request: Request) -> str:
    """Returns the stored idempotency key: `api:` and the client's header, or a fresh one without it."""
    raw = request.headers.get("idempotency-key")
    if raw is None:
        return f"api:auto:{uuid.uuid4().hex}"
    if not IDEMPOTENCY_KEY_RE.fullmatch(raw):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 200 printable ASCII characters, without leading or trailing spaces.",
        )
    key = f"api:{raw}"
    if len(key) > MAX_STORED_KEY:
        # `api#` cannot start a stored header key, so a hashed key never collides with a literal one.
        return "api#" + hashlib.sha256(raw.encode("ascii")).hexdigest()
    return key


async def _read_json_body(request: Request) -> bytes:
    """Reads a JSON body (its size bounded by the app's body limit); other content types are refused."""
    media_type, _, params = request.headers.get("content-type", "").partition(";")
    charset = params.strip().lower().removeprefix("charset=").strip('"') if "charset=" in params.lower() else "utf-8"
    if media_type.strip().lower() != "application/json" or charset != "utf-8":
        raise ApiError(415, "unsupported_media_type", "Send the body as `Content-Type: application/json` (UTF-8).")
    return await request.body()


def payload_too_large(request: Request, max_bytes: int) -> Response:
    """The API's reply to a body over its limit (handlers/web/body_limit.py)."""
    return ApiError(413, "payload_too_large", f"The body is over {max_bytes // 1024} KB.").response()


def _validate(body: bytes, *, now: datetime) -> InteractionRequest:
    """Parses and validates the body: 400 when it is not JSON, 422 naming each field that is wrong."""
    try:
        return InteractionRequest.model_validate_json(body, context={"now": now})
    except ValidationError as error:
        problems = error.errors(include_url=False, include_input=False)
        if any(p["type"] == "json_invalid" for p in problems):
            raise ApiError(400, "malformed_json", "The body is not valid JSON: " + problems[0]["msg"]) from None
        raise _invalid([(".".join(str(part) for part in p["loc"]) or "body", p["msg"]) for p in problems]) from None


def _invalid(problems: list[tuple[str, str]]) -> ApiError:
    """A 422 that names every field that is wrong."""
    details = [{"field": field, "message": message} for field, message in problems]
    summary = "; ".join(f"{field}: {message}" for field, message in problems)
    return ApiError(422, "invalid_request", f"The request is not valid. {summary}", extra={"details": details})


def _account_error(missing: interactions.AccountNotFound) -> ApiError:
    """404 for an unknown account, 422 with the candidates for an ambiguous one."""
    if not missing.candidates:
        return ApiError(
            404,
            "account_not_found",
            f"No account is called {missing.name!r}. Send `create_account: true` with `rep` to create it.",
            extra={"candidates": []},
        )
    candidates = [{"id": a.id, "name": a.name} for a in missing.candidates]
    return ApiError(
        422,
        "account_ambiguous",
        f"More than one account starts with {missing.name!r}; send the full name.",
        extra={"candidates": candidates},
    )


def _unavailable() -> ApiError:
    """503 with Retry-After: the database is busy or unreachable, nothing was logged."""
    return ApiError(
        503,
        "database_unavailable",
        "Pulse's database is busy or unreachable; nothing was logged. Retry with the same Idempotency-Key.",
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def render_logged(logged: interactions.Logged) -> dict[str, Any]:
    """The response body: the interaction, its account and contact, and the pulse planned when it was logged."""
    interaction, pulse = logged.interaction, logged.pulse
    if pulse is None or pulse.state == states.PulseState.SKIPPED:
        reason = pulse.skip_reason if pulse is not None else "no pulse was planned"
        plan = PulsePlan(state="skipped", due_at=None, skip_reason=reason)
    else:
        # A pulse sent or answered since keeps its plan, so a replay returns what the first request did.
        plan = PulsePlan(state="scheduled", due_at=_iso(pulse.due_at), skip_reason=None)
    body = Interaction(
        id=interaction.id,
        account=AccountRef(id=logged.account.id, name=logged.account.name),
        contact_email=logged.contact.email if logged.contact else None,
        kind=interaction.kind,
        occurred_at=_iso(interaction.occurred_at),
        rep=interaction.rep_id,
        survey=interaction.survey,
        pulse=plan,
    )
    return body.model_dump(mode="json")


def _iso(moment: datetime) -> str:
    """An ISO 8601 timestamp in UTC with a `Z`."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
