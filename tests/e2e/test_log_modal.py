"""The logging modal: type-ahead, validation, submission exactly once, confirmation where it was opened."""

from __future__ import annotations

from sqlmodel import select

from bot.services import accounts
from storage.models import Account, Interaction, Pulse
from tests.support.slack_messages import visible_text
from tests.support.slack_requests import block_suggestion_body, view_submission_body


def _select(value):
    return {
        "type": "external_select",
        "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value} if value else None,
    }


def _values(
    *,
    account_id=None,
    new_account="",
    contact_id=None,
    email="jane@acme.com",
    kind="meeting",
    note="QBR",
    no_survey=False,
):
    account = str(account_id) if account_id else (f"new:{new_account}" if new_account else None)
    contact = str(contact_id) if contact_id else (f"new:{email}" if email else None)
    return {
        "account": {"pulse.account_select": _select(account)},
        "contact": {"pulse.contact_select": _select(contact)},
        "kind": {"pulse.kind": {"type": "static_select", "selected_option": {"value": kind}}},
        "note": {"pulse.note": {"type": "plain_text_input", "value": note}},
        "survey": {
            "pulse.survey": {"type": "checkboxes", "selected_options": ([{"value": "no_survey"}] if no_survey else [])}
        },
    }


def test_type_ahead_offers_prefix_matches_first_then_names_containing_the_text(slack, runtime):
    with runtime.transaction() as db:
        for name in ("Acme Corp", "Acme Ltd", "Big Acme", "Globex"):
            accounts.create_account(db, team_id="T0PULSE01", name=name, owner_id="U1", now=runtime.now())
    reply = slack.post(block_suggestion_body("pulse.account_select", "acm"))
    assert reply.status_code == 200
    names = [o["text"]["text"] for o in reply.json()["options"]]
    assert names == ["Acme Corp", "Acme Ltd", "Big Acme", "New account: “acm”"]
    everything = slack.post(block_suggestion_body("pulse.account_select", "")).json()["options"]
    assert len(everything) == 4  # nothing typed: no "new account" to offer


def test_submission_logs_once_even_when_resubmitted_and_confirms_in_the_channel(slack, runtime, standin):
    with runtime.transaction() as db:
        acme = accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="U1", now=runtime.now())
    body = view_submission_body(
        "pulse.log_view",
        _values(account_id=acme.id, no_survey=True),
        view_id="VMODAL0001",
        private_metadata="C0SALES01",
    )
    first = slack.post(body)
    second = slack.post(body)  # a double click on Submit sends the same view again
    assert first.status_code == second.status_code == 200
    assert first.text == ""  # an empty acknowledgement closes the modal
    with runtime.transaction() as db:
        [interaction] = db.exec(select(Interaction)).all()
        pulse = db.exec(select(Pulse)).one()
    assert (interaction.kind, interaction.note, interaction.source, interaction.survey) == (
        "meeting",
        "QBR",
        "modal",
        False,
    )
    assert pulse.state == "skipped" and pulse.skip_reason == "the rep chose not to survey this one"
    confirmations = standin.wait_for("chat.postEphemeral", 2)
    assert confirmations[0].params["channel"] == "C0SALES01" and confirmations[0].params["user"] == "UREP0001"
    text = visible_text(confirmations[0].params)
    assert "Logged: *Meeting* with jane@acme.com at *Acme Corp*" in text
    assert "Not surveyed: the rep chose not to survey this one" in text


def test_a_new_account_named_in_the_modal_is_created_with_the_rep_as_owner(slack, runtime, standin):
    slack.post(view_submission_body("pulse.log_view", _values(new_account="  Initech  Inc "), view_id="VNEW"))
    with runtime.transaction() as db:
        account = db.exec(select(Account)).one()
    assert (account.name, account.owner_id) == ("Initech Inc", "UREP0001")
    standin.wait_for("chat.postMessage")  # no channel in the metadata: the confirmation goes to a DM


def test_invalid_submissions_get_errors_next_to_the_fields_and_log_nothing(slack, runtime):
    cases = [
        (_values(email="not-an-address"), {"account", "contact"}),
        (_values(account_id=999, email=""), {"contact"}),
        (_values(account_id=999), {"account"}),
        (_values(new_account="N" * 201), {"account"}),
        (_values(new_account="Acme", contact_id=999), {"contact"}),
    ]
    for values, fields in cases:
        reply = slack.post(view_submission_body("pulse.log_view", values))
        assert reply.status_code == 200
        body = reply.json()
        assert body["response_action"] == "errors"
        assert set(body["errors"]) == fields, body
    with runtime.transaction() as db:
        assert db.exec(select(Interaction)).all() == []
