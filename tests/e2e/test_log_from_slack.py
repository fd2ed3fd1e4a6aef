"""Logging interactions from Slack, end to end: signed HTTP requests in, the Slack stand-in and the database out."""

from __future__ import annotations

import time

from sqlmodel import select

from bot.services import accounts
from storage.models import Account, Contact, Interaction, Pulse
from tests.support.slack_messages import button, visible_text
from tests.support.slack_requests import block_actions_body, trigger_id


def _interactions(runtime) -> list[Interaction]:
    with runtime.transaction() as db:
        return list(db.exec(select(Interaction).order_by(Interaction.id)))


def _make_account(runtime, name: str, owner: str = "UOWNER001") -> Account:
    with runtime.transaction() as db:
        return accounts.create_account(db, team_id="T0PULSE01", name=name, owner_id=owner, now=runtime.now())


def test_log_with_known_account_confirms_and_schedules_a_pulse(slack, runtime):
    _make_account(runtime, "Acme Corp")

    reply = slack.command("log Acme Corp jane@acme.com call Renewal call; they flagged invoice errors")

    assert reply.status_code == 200
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    text = visible_text(body)
    assert "Logged: *Call* with jane@acme.com at *Acme Corp*" in text
    assert "Renewal call; they flagged invoice errors" in text
    assert "Pulse to jane@acme.com in 30 minutes" in text
    [logged] = _interactions(runtime)
    assert (logged.kind, logged.note, logged.rep_id) == (
        "call",
        "Renewal call; they flagged invoice errors",
        "UREP0001",
    )
    with runtime.transaction() as db:
        contact = db.exec(select(Contact)).one()
        pulse = db.exec(select(Pulse)).one()
    assert contact.email == "jane@acme.com" and contact.account_id == logged.account_id
    assert pulse.state == "scheduled" and pulse.due_at == runtime.now().replace(minute=30)


def test_account_is_matched_case_insensitively_then_by_unique_prefix(slack, runtime):
    _make_account(runtime, "Acme Corp")
    _make_account(runtime, "Globex")

    assert "at *Acme Corp*" in visible_text(slack.command("log ACME   corp bob@acme.com meeting").json())
    assert "at *Globex*" in visible_text(slack.command("log glob sue@globex.com").json())
    kinds = [(i.kind, i.note) for i in _interactions(runtime)]
    assert kinds == [("meeting", ""), ("other", "")]


def test_word_after_the_email_is_a_kind_only_when_it_is_a_known_kind(slack, runtime):
    _make_account(runtime, "Acme Corp")
    slack.command("log Acme Corp jane@acme.com Invoices were wrong again")
    slack.command("log Acme Corp jane@acme.com support ticket 42 closed")
    assert [(i.kind, i.note) for i in _interactions(runtime)] == [
        ("other", "Invoices were wrong again"),
        ("support", "ticket 42 closed"),
    ]


def test_unknown_account_offers_to_create_it_and_a_double_click_logs_once(slack, runtime, standin):
    reply = slack.command("log Initech peter@initech.com visit Printer demo")
    offer = reply.json()
    assert "I don't know an account called *Initech* yet" in visible_text(offer)
    assert _interactions(runtime) == []
    create = button(offer, "pulse.create_and_log")

    for _ in range(2):  # a double click
        click = slack.post(
            block_actions_body(create["action_id"], create["value"], response_url=standin.response_url("offer"))
        )
        assert click.status_code == 200
    [logged] = _interactions(runtime)
    with runtime.transaction() as db:
        account = db.exec(select(Account)).one()
    assert (account.name, account.owner_id) == ("Initech", "UREP0001")
    assert logged.account_id == account.id and logged.kind == "visit"
    replies = standin.wait_for("respond/offer", 2)
    assert all(r.params["replace_original"] for r in replies)
    assert "Logged: *Visit* with peter@initech.com at *Initech*" in visible_text(replies[0].params)
    assert "already logged" in visible_text(replies[1].params)


def test_ambiguous_prefix_lists_candidates_and_picking_one_logs_there(slack, runtime, standin):
    _make_account(runtime, "Acme Corp")
    acme_ltd = _make_account(runtime, "Acme Ltd")

    offer = slack.command("log acme jane@acme.com call").json()
    text = visible_text(offer)
    assert "More than one account starts with *acme*" in text
    assert "Acme Corp" in text and "Acme Ltd" in text
    pick = button(offer, f"pulse.pick_account:{acme_ltd.id}")

    slack.post(block_actions_body(pick["action_id"], pick["value"], response_url=standin.response_url("pick")))

    [logged] = _interactions(runtime)
    assert logged.account_id == acme_ltd.id
    assert "at *Acme Ltd*" in visible_text(standin.wait_for("respond/pick")[0].params)


def test_someone_elses_pending_log_cannot_be_completed(slack, runtime, standin):
    offer = slack.command("log Initech peter@initech.com").json()
    create = button(offer, "pulse.create_and_log")
    slack.post(
        block_actions_body(
            create["action_id"], create["value"], user_id="UOTHER001", response_url=standin.response_url("other")
        )
    )
    assert _interactions(runtime) == []
    assert "no longer available" in visible_text(standin.wait_for("respond/other")[0].params)


def test_slack_retry_of_the_same_command_logs_once(slack, runtime):
    _make_account(runtime, "Acme Corp")
    trigger = trigger_id()
    first = slack.command("log Acme Corp jane@acme.com call", trigger=trigger)
    retry = slack.post(
        _command_body("log Acme Corp jane@acme.com call", trigger),
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert first.status_code == retry.status_code == 200
    assert len(_interactions(runtime)) == 1
    assert "already logged" in visible_text(retry.json())


def _command_body(text: str, trigger: str) -> str:
    from tests.support.slack_requests import command_body

    return command_body(text, trigger=trigger)


def test_a_second_interaction_with_a_new_contact_adds_the_contact(slack, runtime):
    account = _make_account(runtime, "Acme Corp")
    slack.command("log Acme Corp jane@acme.com call")
    text = visible_text(slack.command("log Acme Corp <mailto:Bob@Acme.com|Bob@Acme.com> email").json())
    assert "bob@acme.com is now a contact of Acme Corp" in text
    with runtime.transaction() as db:
        emails = [c.email for c in db.exec(select(Contact).where(Contact.account_id == account.id))]
    assert emails == ["jane@acme.com", "bob@acme.com"]


def test_log_without_text_opens_the_modal_after_answering(slack, standin):
    started = time.monotonic()
    reply = slack.command("log")
    assert reply.status_code == 200 and reply.text == ""
    [opened] = standin.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == "pulse.log_view"
    assert opened.params["trigger_id"]
    assert time.monotonic() - started < 3
    block_ids = [b.get("block_id") for b in opened.params["view"]["blocks"]]
    assert block_ids == ["account", "contact", None, "kind", "note", "survey"]


def test_customer_and_rep_text_is_inert_in_the_confirmation(slack, runtime):
    _make_account(runtime, "<!channel> Evil & Co")
    reply = slack.command(
        "log &lt;!channel&gt; Evil &amp; Co x@evil.example call <!here> see <https://evil.example|your invoice> <@U123>"
    )
    text = visible_text(reply.json())
    assert "<!channel>" not in text and "<!here>" not in text and "<https://evil.example|" not in text
    assert "<@U123>" not in text
    assert "&lt;!channel&gt; Evil &amp; Co" in text


def test_cancel_on_the_offer_deletes_it_and_logs_nothing(slack, runtime, standin):
    offer = slack.command("log Initech peter@initech.com visit").json()
    cancel = button(offer, "pulse.dismiss")

    click = slack.post(block_actions_body(cancel["action_id"], cancel["value"], response_url=standin.response_url("x")))

    assert click.status_code == 200
    [deleted] = standin.wait_for("respond/x")
    assert deleted.params["delete_original"] is True
    assert _interactions(runtime) == []


def test_the_log_button_opens_the_modal_for_its_channel(slack, standin):
    body = block_actions_body("pulse.open_log_form", "home", channel_id="C0SALES01")

    assert slack.post(body).status_code == 200

    [opened] = standin.wait_for("views.open")
    assert opened.params["trigger_id"] and opened.params["view"]["callback_id"] == "pulse.log_view"
    assert opened.params["view"]["private_metadata"] == "C0SALES01"
