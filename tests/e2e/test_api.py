"""POST /api/interactions end to end: a key from `/pulse api-key` over signed Slack HTTP, interactions logged over
real HTTP, and every request and response checked against the OpenAPI description the app serves."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qsl

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_spec_validator import validate
from sqlmodel import select
from werkzeug.datastructures import Headers, ImmutableMultiDict

from app.web import create_web_app
from bot.core.kinds import Kind
from bot.services import accounts, api_keys
from handlers.web.api_models import InteractionRequest
from storage.models import Account, Contact, Interaction
from tests.support.scenario import make_account
from tests.support.server import serve
from tests.support.slack_messages import visible_text

KEY_RE = re.compile(r"pk_[A-Za-z0-9_-]{43}")
JANE = {"account": "Acme Corp", "contact_email": "jane@acme.com", "kind": "support", "note": "Ticket 4711 closed"}


class SpecRequest:
    """An httpx request as openapi-core reads it."""

    def __init__(self, request: httpx.Request) -> None:
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(request.url.query.decode())),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )
        self.host_url = f"{request.url.scheme}://{request.url.netloc.decode()}"
        self.path = request.url.path
        self.method = request.method.lower()
        self.body = request.content
        self.content_type = request.headers.get("content-type", "").lower()


class SpecResponse:
    """An httpx response as openapi-core reads it."""

    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.headers = Headers(dict(response.headers))
        self.content_type = response.headers.get("content-type", "").lower()
        self.data = response.content


class Api:
    """Talks to /api/interactions and checks each exchange against the served OpenAPI description."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)
        self.document = self.http.get("/api/openapi.json").json()
        validate(self.document)
        self.spec = OpenAPI.from_dict(self.document)

    def post(
        self,
        body: object = None,
        *,
        key: str | None,
        content: bytes | None = None,
        idempotency_key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Posts a body (JSON unless raw `content` is given); fails the test on any disagreement with the spec."""
        sent = {"Content-Type": "application/json"}
        if key is not None:
            sent["Authorization"] = f"Bearer {key}"
        if idempotency_key is not None:
            sent["Idempotency-Key"] = idempotency_key
        sent.update(headers or {})
        raw = content if content is not None else json.dumps(body).encode()
        request = self.http.build_request("POST", "/api/interactions", content=raw, headers=sent)
        spec_errors = list(self.spec.iter_request_errors(SpecRequest(request)))
        response = self.http.send(request)
        self.spec.validate_response(SpecRequest(request), SpecResponse(response))
        assert response.status_code < 500 or response.status_code == 503, response.text
        if spec_errors:
            # Whatever the description forbids, the server refuses too.
            assert response.status_code in (400, 401, 413, 415, 422), (spec_errors, response.text)
        if response.status_code >= 400:
            assert set(response.json()["error"]) >= {"code", "message"}
        return response

    def close(self) -> None:
        """Closes the HTTP client."""
        self.http.close()


@pytest.fixture
def api(pulse_url):
    client = Api(pulse_url)
    yield client
    client.close()


@pytest.fixture
def key(slack, runtime, standin):
    """A key created the way an admin does: `/pulse api-key` in Slack."""
    standin.add_admin("UREP0001")
    answer = slack.command("api-key").json()
    assert answer["response_type"] == "ephemeral"
    reply = visible_text(answer)
    assert "keep it secret; anyone with it can log interactions" in reply.lower()
    assert f"curl -X POST {runtime.settings.base_url}/api/interactions" in reply
    [found] = set(KEY_RE.findall(reply))
    return found


def _interactions(runtime) -> list[Interaction]:
    with runtime.transaction() as db:
        return list(db.exec(select(Interaction).order_by(Interaction.id)))


def _other_key(runtime, team_id: str = "T0OTHER01") -> str:
    with runtime.transaction() as db:
        return api_keys.issue_key(db, team_id=team_id, user_id="UOTHER001", now=runtime.now())


def test_a_key_from_slack_logs_an_interaction_and_schedules_its_pulse(api, key, runtime):
    acme = make_account(runtime, "Acme Corp")

    answer = api.post({**JANE, "contact_name": "Jane Doe"}, key=key, idempotency_key="ticket-4711")

    assert answer.status_code == 201, answer.text
    body = answer.json()
    due = (runtime.now() + timedelta(minutes=30)).isoformat().replace("+00:00", "Z")
    assert body["account"] == {"id": acme.id, "name": "Acme Corp"}
    assert (body["contact_email"], body["kind"], body["rep"], body["survey"]) == (
        "jane@acme.com",
        "support",
        "UOWNER001",
        True,
    )
    assert body["pulse"] == {"state": "scheduled", "due_at": due, "skip_reason": None}
    [logged] = _interactions(runtime)
    assert (logged.id, logged.source, logged.note, logged.idempotency_key) == (
        body["id"],
        "api",
        "Ticket 4711 closed",
        "api:ticket-4711",
    )
    with runtime.transaction() as db:
        assert db.exec(select(Contact)).one().name == "Jane Doe"


def test_the_same_idempotency_key_replays_the_first_result_and_logs_once(api, key, runtime):
    make_account(runtime, "Acme Corp")
    first = api.post(JANE, key=key, idempotency_key="zendesk-4711")
    again = api.post(JANE, key=key, idempotency_key="zendesk-4711")
    # The same key with a different body is a client bug: refused, as payment APIs do, never silently dropped.
    changed = api.post({**JANE, "note": "changed"}, key=key, idempotency_key="zendesk-4711")

    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 422)
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert len(_interactions(runtime)) == 1
    assert api.post(JANE, key=key).status_code == api.post(JANE, key=key).status_code == 201
    assert len(_interactions(runtime)) == 3
    long_key = "k" * 200
    assert [api.post(JANE, key=key, idempotency_key=long_key).status_code for _ in range(2)] == [201, 200]


def test_a_key_sees_and_logs_only_its_own_workspace(api, key, runtime):
    ours = make_account(runtime, "Acme Corp")
    make_account(runtime, "Globex")
    with runtime.transaction() as db:
        theirs = accounts.create_account(
            db, team_id="T0OTHER01", name="Acme Corp", owner_id="UOTHER001", now=runtime.now()
        )
    other = _other_key(runtime)

    mine = api.post(JANE, key=key, idempotency_key="same-key")
    foreign = api.post(JANE, key=other, idempotency_key="same-key")
    unseen = api.post({**JANE, "account": "Globex"}, key=other)

    assert mine.status_code == foreign.status_code == 201
    assert mine.json()["account"]["id"] == ours.id and foreign.json()["account"]["id"] == theirs.id
    assert unseen.status_code == 404 and unseen.json()["error"]["candidates"] == []
    teams = {(i.team_id, i.account_id) for i in _interactions(runtime)}
    assert teams == {("T0PULSE01", ours.id), ("T0OTHER01", theirs.id)}


def test_revoked_and_missing_keys_are_refused(api, key, slack, runtime):
    make_account(runtime, "Acme Corp")
    assert api.post(JANE, key=key).status_code == 201
    listed = visible_text(slack.command("api-key list").json())
    assert key[:10] in listed and key not in listed and "1 active API key" in listed

    assert "Revoked 1 API key" in visible_text(slack.command("api-key revoke").json())

    for sent, code in ((key, "invalid_api_key"), (None, "missing_api_key"), ("pk_guess", "invalid_api_key")):
        refused = api.post(JANE, key=sent)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == code
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert "revoked" in visible_text(slack.command("api-key list").json())
    assert len(_interactions(runtime)) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contact_email": None}, "contact_email"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"kind": "CALL"}, "kind"),
        ({"note": "x" * 3001}, "note"),
        ({"account": "   "}, "account"),
        ({"survey": "yes"}, "survey"),
        ({"occurred_at": "2026-11-23T08:00:00"}, "occurred_at"),
        ({"occurred_at": "2026-11-23T09:06:00Z"}, "occurred_at"),
        ({"rep": "maria"}, "rep"),
        ({"crate_account": True}, "crate_account"),
        ({"account": "Initech", "create_account": True}, "rep"),
    ],
)
def test_validation_errors_name_the_field(api, key, runtime, change, field):
    make_account(runtime, "Acme Corp")
    body = {k: v for k, v in {**JANE, **change}.items() if v is not None}
    refused = api.post(body, key=key)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "invalid_request" and field in [d["field"] for d in error["details"]]
    assert _interactions(runtime) == []


def test_accounts_match_like_slack_and_unknown_ones_are_created_only_when_asked(api, key, runtime):
    make_account(runtime, "Acme Corp")
    make_account(runtime, "Acme Ltd")
    assert api.post({**JANE, "account": "ACME  corp"}, key=key).json()["account"]["name"] == "Acme Corp"

    ambiguous = api.post({**JANE, "account": "acme"}, key=key)
    assert ambiguous.status_code == 422
    assert [c["name"] for c in ambiguous.json()["error"]["candidates"]] == ["Acme Corp", "Acme Ltd"]
    assert api.post({**JANE, "account": "Initech"}, key=key).status_code == 404

    new = {**JANE, "account": "Initech", "create_account": True, "rep": "U0MARIA01", "survey": False}
    created = api.post({**new, "occurred_at": "2026-11-23T10:04:00+01:00"}, key=key)
    assert created.status_code == 201, created.text
    assert created.json()["occurred_at"] == "2026-11-23T09:04:00Z" and created.json()["rep"] == "U0MARIA01"
    assert created.json()["pulse"] == {
        "state": "skipped",
        "due_at": None,
        "skip_reason": "the rep chose not to survey this one",
    }
    with runtime.transaction() as db:
        account = db.exec(select(Account).where(Account.name == "Initech")).one()
    assert account.owner_id == "U0MARIA01"


@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        (b'{"account": "Acme Corp",', {}, 400, "malformed_json"),
        (b"\xff\xfe", {}, 400, "malformed_json"),
        (b"[]", {}, 422, "invalid_request"),
        (b"account=Acme", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
        (b"{}", {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        (json.dumps({**JANE, "note": "x" * 70_000}).encode(), {}, 413, "payload_too_large"),
        (json.dumps(JANE).encode(), {"Idempotency-Key": "x" * 201}, 400, None),
        (json.dumps(JANE).encode(), {"Idempotency-Key": ""}, 400, None),
    ],
)
def test_bodies_that_are_not_json_objects_are_refused(api, key, runtime, content, headers, status, code):
    make_account(runtime, "Acme Corp")
    refused = api.post(content=content, key=key, headers=headers)
    assert refused.status_code == status, refused.text
    assert refused.json()["error"]["code"] == (code or "invalid_idempotency_key")
    assert _interactions(runtime) == []


def test_the_description_matches_the_validating_model_and_kinds(api, runtime):
    described = api.document["components"]["schemas"]["InteractionRequest"]
    model = InteractionRequest.model_json_schema()
    assert set(described["properties"]) == set(model["properties"])
    assert described["required"] == model["required"]
    assert api.document["components"]["schemas"]["Kind"]["enum"] == [k.value for k in Kind]
    assert api.document["servers"] == [{"url": runtime.settings.base_url}]


def test_the_generated_description_requires_exactly_what_the_endpoint_enforces(api, key, runtime):
    make_account(runtime, "Acme Corp")
    post = api.document["paths"]["/api/interactions"]["post"]
    described = api.document["components"]["schemas"]["InteractionRequest"]
    empty = api.post({}, key=key)
    assert empty.status_code == 422
    assert sorted(d["field"] for d in empty.json()["error"]["details"]) == sorted(described["required"])
    assert sorted(described["required"]) == ["account", "contact_email"]
    undocumented = api.post({**JANE, "priority": "high"}, key=key)
    assert undocumented.status_code == 422 and described["additionalProperties"] is False
    assert [d["field"] for d in undocumented.json()["error"]["details"]] == ["priority"]
    example = post["requestBody"]["content"]["application/json"]["examples"]["known account"]["value"]
    logged = api.post(example, key=key)
    assert logged.status_code == 201, logged.text
    assert set(logged.json()) == set(api.document["components"]["schemas"]["Interaction"]["required"])
    codes = api.document["components"]["schemas"]["ErrorDetail"]["properties"]["code"]["enum"]
    assert {"invalid_request", "account_not_found", "payload_too_large", "idempotency_key_reused"} <= set(codes)


def test_an_unreachable_database_is_a_503_with_retry_after(settings, clock, port):
    from bot.runtime import build_runtime

    down = build_runtime(
        settings.model_copy(update={"database_url": "postgresql+psycopg://x@127.0.0.1:9/none"}), clock=clock
    )
    with serve(create_web_app(down, None), port=port) as url:
        client = Api(url)
        answer = client.post(JANE, key="pk_" + "a" * 43)
        client.close()
    assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
    assert answer.json()["error"]["code"] == "database_unavailable"
    down.engine.dispose()


def test_when_the_interaction_happened_is_kept_and_the_pulse_throttled(api, key, runtime):
    make_account(runtime, "Acme Corp")
    earlier = datetime(2026, 11, 20, 17, 30, tzinfo=UTC).isoformat()
    first = api.post({**JANE, "occurred_at": earlier}, key=key).json()
    second = api.post(JANE, key=key).json()
    assert first["occurred_at"] == "2026-11-20T17:30:00Z" and first["pulse"]["state"] == "scheduled"
    assert second["pulse"]["state"] == "skipped" and "asked" in second["pulse"]["skip_reason"]


_TEXT = st.text(max_size=40)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)
_FIELDS = {
    "account": st.sampled_from(["Acme Corp", "acme", "Initech", " "]) | _TEXT,
    "contact_email": st.sampled_from(["jane@acme.com", "a@b", "Bob@Acme.COM"]) | st.emails() | _TEXT,
    "contact_name": _TEXT,
    "kind": st.sampled_from([k.value for k in Kind]) | _TEXT,
    "note": st.text(max_size=300),
    "survey": st.booleans(),
    "occurred_at": st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-11))])).map(
        datetime.isoformat
    )
    | _TEXT,
    "rep": st.sampled_from(["U0MARIA01", "maria"]) | _TEXT,
    "create_account": st.booleans(),
}
_BODIES = st.fixed_dictionaries({}, optional={name: value | _JSON for name, value in _FIELDS.items()})
_CONTENT = (
    _BODIES.map(lambda body: json.dumps(body).encode())
    | _JSON.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=64)
)
# HTTP cannot carry leading or trailing spaces in a header value, so the client never sends them.
_IDEMPOTENCY = st.none() | st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=210).map(str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_CONTENT, idempotency_key=_IDEMPOTENCY)
def test_any_body_gets_a_described_answer_and_never_a_server_error(api, key, runtime, content, idempotency_key):
    with runtime.transaction() as db:
        accounts.get_or_create_account(
            db, team_id="T0PULSE01", name="Acme Corp", owner_id="UOWNER001", now=runtime.now()
        )
    # Api.post checks the answer against the description, the status class and the JSON error shape.
    answer = api.post(content=content, key=key, idempotency_key=idempotency_key)
    assert answer.status_code in (200, 201, 400, 404, 409, 422), answer.text


def test_wrong_methods_and_paths_under_api_get_json_errors(pulse_url):
    wrong_method = httpx.get(f"{pulse_url}/api/interactions")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert wrong_method.json() == {"error": {"code": "method_not_allowed", "message": "Not with this method."}}
    missing = httpx.post(f"{pulse_url}/api/nothing-here", json={})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    # Pages elsewhere stay pages.
    assert httpx.get(f"{pulse_url}/nothing-here").headers["content-type"].startswith("text/html")
