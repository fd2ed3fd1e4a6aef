"""The OpenAPI 3.1 description of the Pulse API, generated from the pydantic models that validate and render it."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from handlers.web import api_models

REF = "#/components/schemas/{model}"
SUMMARY = "Log customer interactions from other systems, so Pulse asks the customer one question afterwards."
DESCRIPTION = (
    "A CRM, help desk or any other system logs interactions as a rep would with `/pulse log`: Pulse matches the "
    'account, adds the contact, and schedules the pulse ("Would you buy from us again?") unless the contact was '
    "asked recently, opted out, or `survey` is false.\n\nAuthenticate with a workspace API key from `/pulse api-key` "
    "in Slack. Keys act for the whole workspace: keep them secret.\n\nRetries are safe: send an `Idempotency-Key` "
    "header and a repeated request returns the first result (200 with `Idempotent-Replayed: true`) and logs nothing "
    "new."
)
EXAMPLES = {
    "known account": {
        "value": {
            "account": "Acme Corp",
            "contact_email": "jane@acme.com",
            "kind": "support",
            "note": "Ticket 4711 closed",
        }
    },
    "new account": {
        "value": {
            "account": "Initech",
            "contact_email": "peter@initech.com",
            "contact_name": "Peter Gibbons",
            "kind": "call",
            "occurred_at": "2025-03-14T15:09:26+01:00",
            "rep": "U012AB3CD",
            "create_account": True,
        }
    },
}
# Each error status: its description (naming its codes) and the headers it always carries.
ERRORS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "400": (
        "BadRequest",
        "The body is not JSON (`malformed_json`), or the Idempotency-Key header is not valid "
        "(`invalid_idempotency_key`).",
        {},
    ),
    "401": (
        "Unauthorized",
        "No API key (`missing_api_key`), or an unknown or revoked one (`invalid_api_key`).",
        {"WWW-Authenticate": {"$ref": "#/components/headers/WwwAuthenticate"}},
    ),
    "404": (
        "AccountNotFound",
        "No account matches the name and `create_account` is false (`account_not_found`).",
        {},
    ),
    "409": (
        "Conflict",
        "A concurrent request created the same account or used the same key (`conflict`); retrying returns its result.",
        {},
    ),
    "413": ("PayloadTooLarge", "The body is over 64 KB (`payload_too_large`).", {}),
    "415": ("UnsupportedMediaType", "The body is not `application/json` in UTF-8 (`unsupported_media_type`).", {}),
    "422": (
        "Unprocessable",
        "A field is missing or wrong (`invalid_request`, each named in `details`), or the account name matches "
        "several accounts (`account_ambiguous`, listed in `candidates`), or the Idempotency-Key was already used for "
        "a different body (`idempotency_key_reused`).",
        {},
    ),
    "500": ("InternalError", "An unexpected error; nothing was logged (`internal_error`, with a `reference`).", {}),
    "503": (
        "Unavailable",
        "The database is busy or unreachable; nothing was logged (`database_unavailable`). Retry after the given "
        "seconds with the same Idempotency-Key.",
        {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
    ),
}


def _json(schema: str) -> dict[str, Any]:
    """A JSON body of a component schema."""
    return {"application/json": {"schema": {"$ref": REF.format(model=schema)}}}


def _schemas() -> dict[str, Any]:
    """The component schemas: the request model as it validates, the answer models as they render."""
    _, top = models_json_schema(
        [
            (api_models.InteractionRequest, "validation"),
            (api_models.Interaction, "serialization"),
            (api_models.Error, "serialization"),
        ],
        ref_template=REF,
    )
    schemas: dict[str, Any] = top["$defs"]
    return schemas


def build_document(base_url: str) -> dict[str, Any]:
    """Returns the OpenAPI 3.1 description, with this server's public URL."""
    no_store = {"Cache-Control": {"$ref": "#/components/headers/NoStore"}}
    replayed = {
        "description": "Always `true` on a replay.",
        "required": True,
        "schema": {"type": "string", "const": "true"},
    }
    post = {
        "operationId": "logInteraction",
        "summary": "Log an interaction and plan its pulse",
        "tags": ["interactions"],
        "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
        "requestBody": {
            "required": True,
            "content": {"application/json": {**_json("InteractionRequest")["application/json"], "examples": EXAMPLES}},
        },
        "responses": {
            "201": {
                "description": "Logged. `pulse` says whether and when the contact will be asked.",
                "headers": no_store,
                "content": _json("Interaction"),
            },
            "200": {
                "description": "Replayed: this Idempotency-Key was logged before; the first result, nothing new "
                "logged.",
                "headers": {"Idempotent-Replayed": replayed, **no_store},
                "content": _json("Interaction"),
            },
            **{status: {"$ref": f"#/components/responses/{name}"} for status, (name, _, _) in ERRORS.items()},
        },
    }
    meta = {
        "operationId": "getOpenApiDescription",
        "summary": "This description",
        "tags": ["meta"],
        "security": [],
        "responses": {
            "200": {
                "description": "The OpenAPI 3.1 description of the Pulse API.",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pulse API", "version": "1.0.0", "summary": SUMMARY, "description": DESCRIPTION},
        "servers": [{"url": base_url}],
        "security": [{"apiKey": []}],
        "paths": {"/api/interactions": {"post": post}, "/api/openapi.json": {"get": meta}},
        "components": {
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "pk_…",
                    "description": "A workspace API key from `/pulse api-key`, sent as `Authorization: Bearer pk_…`. "
                    "`/pulse api-key revoke` stops every key of the workspace.",
                }
            },
            "parameters": {"IdempotencyKey": _idempotency_parameter()},
            "headers": {
                "NoStore": {"description": "Responses are never cached.", "schema": {"type": "string"}},
                "RetryAfter": {
                    "description": "Seconds to wait before retrying.",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[0-9]+$"},
                },
                "WwwAuthenticate": {
                    "description": "The Bearer challenge (RFC 6750).",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^Bearer "},
                },
            },
            "schemas": _schemas(),
            "responses": {
                name: {"description": text, **({"headers": headers} if headers else {}), "content": _json("Error")}
                for name, text, headers in ERRORS.values()
            },
        },
    }


def _idempotency_parameter() -> dict[str, Any]:
    """The optional Idempotency-Key header."""
    return {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Your id for this request, e.g. the ticket or activity id; 1 to 200 printable ASCII characters "
        "(no leading or trailing spaces), unique per workspace. The same key again returns the first result and logs "
        "nothing new. Without it every request logs a new interaction.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]([ -~]*[!-~])?$"},
        "example": "zendesk-ticket-4711",
    }
