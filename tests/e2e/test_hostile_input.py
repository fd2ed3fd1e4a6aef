"""Hostile and random input, fuzzed with hypothesis: never a 5xx or a traceback, always a clear message."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.core.commands import UsageError, parse_command
from bot.core.tables import HeaderError, read_rows
from bot.services import imports
from storage.models import Account
from tests.support.slack_messages import visible_text
from tests.support.slack_requests import view_submission_body

SLACK_MARKUP = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<@U0123ABC|bob>",
        "<#C0123|general>",
        "<https://evil.example|your invoice>",
        "<mailto:a@b.co|a@b.co>",
        "&lt;",
        "&amp;",
        "&gt;",
        "<script>alert(1)</script>",
        "\u202e",
        "\x00",
        "\n",
        "`",
        "*",
    ]
)
WORDS = st.sampled_from(
    [
        "log",
        "account",
        "owner",
        "digest",
        "help",
        "subscribe",
        "preview",
        "list",
        "Acme",
        "Corp",
        "jane@acme.com",
        "call",
        "09:00",
        "Europe/Berlin",
        "for",
        "me",
        "quiet",
    ]
)
COMMAND_TEXT = st.lists(st.one_of(WORDS, SLACK_MARKUP, st.text(max_size=12)), max_size=12).map(" ".join)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(text=st.one_of(COMMAND_TEXT, st.text(max_size=300)))
@settings(max_examples=500, deadline=None)
def test_the_command_parser_either_understands_or_explains(text):
    try:
        parse_command(text)
    except UsageError as error:
        assert error.problem and len(error.problem) < 400


@given(text=COMMAND_TEXT)
@FUZZ
def test_any_command_text_gets_a_200_with_an_inert_ephemeral_reply(slack, text):
    reply = slack.command(text)
    assert reply.status_code == 200, reply.text
    if reply.text:
        body = reply.json()
        assert body.get("response_type") == "ephemeral"
        shown = json.dumps(body.get("blocks", []))
        assert "Traceback" not in shown
        for markup in ("<!channel>", "<!here>", "<https://evil.example|"):
            assert markup not in shown


@given(
    account=st.one_of(st.none(), st.integers(min_value=-5, max_value=10**12).map(str), st.text(max_size=20)),
    new_account=st.one_of(st.none(), st.text(max_size=250)),
    email=st.one_of(st.emails(), st.text(max_size=50)),
    kind=st.one_of(st.sampled_from(["call", "meeting", "other"]), st.text(max_size=10)),
    note=st.text(max_size=3500),
)
@FUZZ
def test_any_modal_submission_is_logged_or_answered_with_field_errors(slack, account, new_account, email, kind, note):
    values = {
        "account": {
            "pulse.account_select": {
                "type": "external_select",
                "selected_option": ({"value": account} if account is not None else None),
            }
        },
        "new_account": {"pulse.new_account": {"type": "plain_text_input", "value": new_account}},
        "contact": {"pulse.contact": {"type": "email_text_input", "value": email}},
        "kind": {"pulse.kind": {"type": "static_select", "selected_option": {"value": kind}}},
        "note": {"pulse.note": {"type": "plain_text_input", "value": note}},
        "survey": {"pulse.survey": {"type": "checkboxes", "selected_options": []}},
    }
    reply = slack.post(view_submission_body("pulse.log_view", values, view_id=f"V{abs(hash(str(values)))}"))
    assert reply.status_code == 200
    if reply.text:
        body = reply.json()
        assert body["response_action"] in ("errors", "update")
        if body["response_action"] == "errors":
            assert body["errors"] and all(isinstance(m, str) and m for m in body["errors"].values())


@given(
    token=st.one_of(st.text(max_size=60), st.from_regex(r"[A-Za-z0-9_-]{43}", fullmatch=True)),
    answer=st.one_of(st.sampled_from(["yes", "no", "unsure"]), st.text(max_size=20)),
    comment=st.text(max_size=1200),
)
@FUZZ
def test_any_survey_form_post_gets_a_page_never_a_server_error(pulse_url, token, answer, comment):
    url = f"{pulse_url}/p/{quote(token, safe='') or 'x'}"
    reply = httpx.post(url, data={"answer": answer, "comment": comment})
    assert reply.status_code < 500, reply.status_code
    assert "Traceback" not in reply.text
    if reply.headers.get("content-type", "").startswith("text/html"):
        assert "<script>alert" not in reply.text


CSV_CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["$1,250.00", "1.234,50 €", "12k", "-5", "abc", "U0AB12CD", "jane@acme.com", "=cmd|' /C calc'!A0", ""]
    ),
)


@given(
    rows=st.lists(st.lists(CSV_CELL, min_size=0, max_size=8), max_size=8),
    header=st.sampled_from(["name,owner,billed,forecast,contact_name,contact_email", "Name,Owner", "nope"]),
)
@FUZZ
def test_any_accounts_csv_loads_good_rows_and_explains_the_rest(runtime, rows, header):
    import csv
    import io

    buffer = io.StringIO()
    buffer.write(header + "\n")
    csv.writer(buffer).writerows(rows)
    lines = buffer.getvalue().splitlines(keepends=True)
    try:
        with runtime.transaction() as db:
            report = imports.import_accounts(
                db,
                team_id="TFUZZ",
                rows=read_rows(lines, required=imports.REQUIRED_ACCOUNT_COLUMNS),
                resolve_owner=lambda _email: None,
                now=datetime.now(UTC),
            )
    except HeaderError as error:
        assert "missing column" in str(error) or "empty" in str(error)
        return
    assert all(problem.line >= 2 and problem.message for problem in report.errors)
    with runtime.transaction() as db:
        assert all(a.name.strip() for a in db.exec(select(Account).where(Account.team_id == "TFUZZ")))


def test_customer_text_shown_in_slack_and_on_pages_is_inert(slack, runtime, clock, clock_jobs, smtp, standin):
    from tests.support.scenario import ask_and_answer, make_account

    hostile = "<!channel> <!here> <@U123> <https://evil.example|your invoice> &lt; <b>bold</b> <script>x()</script>"
    make_account(runtime, "Acme <!channel> & Co")
    page = ask_and_answer(
        slack,
        clock,
        clock_jobs,
        smtp,
        account="Acme &lt;!channel&gt; &amp; Co",
        email="jane@acme.com",
        answer="no",
        comment=hostile,
    )
    card = slack.command("account Acme").json()
    # Slack parses mentions and links in mrkdwn and in a message's top-level text; plain_text is shown as is.
    parsed = [card["text"], *_mrkdwn_texts(card["blocks"])]
    for markup in ("<!channel>", "<!here>", "<@U123>", "<https://evil.example|"):
        assert not any(markup in text for text in parsed), markup
    assert "&lt;!channel&gt;" in visible_text(card)
    html = httpx.get(page).text
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


def _mrkdwn_texts(node) -> list[str]:
    """Returns every mrkdwn text in a Block Kit structure."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            found.append(node["text"])
        for value in node.values():
            found.extend(_mrkdwn_texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_mrkdwn_texts(item))
    return found
