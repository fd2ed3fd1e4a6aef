"""A rep fixes a mistake in Slack: undo for a minute, delete, edit; the pulse follows unless it was already sent."""

from __future__ import annotations

from sqlmodel import select

from app import jobs
from bot.services import accounts
from storage.models import Account, Contact, Interaction, Pulse
from tests.support.slack_messages import button, visible_text
from tests.support.slack_requests import block_actions_body, view_submission_body


def _acme(runtime, name="Acme Corp"):
    with runtime.transaction() as db:
        return accounts.create_account(db, team_id="T0PULSE01", name=name, owner_id="UOWNER001", now=runtime.now())


def _one(runtime, model):
    with runtime.transaction() as db:
        return db.exec(select(model)).one()


def _all(runtime, model):
    with runtime.transaction() as db:
        return list(db.exec(select(model)))


def _click(slack, standin, message, action_prefix, *, name, user_id="UREP0001"):
    element = button(message, action_prefix)
    body = block_actions_body(
        element["action_id"], element["value"], user_id=user_id, response_url=standin.response_url(name)
    )
    assert slack.post(body).status_code == 200
    return standin.wait_for(f"respond/{name}")[0].params


def test_undo_within_a_minute_cancels_the_pulse_and_forgets_the_account_it_created(slack, runtime, standin):
    offer = slack.command("log Initech peter@initech.com visit").json()
    create = button(offer, "pulse.create_and_log")
    slack.post(block_actions_body(create["action_id"], create["value"], response_url=standin.response_url("made")))
    confirmation = standin.wait_for("respond/made")[0].params
    assert [b["text"]["text"] for b in confirmation["blocks"][1]["elements"]] == ["Undo", "Edit", "Delete"]

    undone = _click(slack, standin, confirmation, "pulse.undo_interaction", name="undo")

    assert undone["replace_original"] is True
    text = visible_text(undone)
    assert "Undone" in text and "The account *Initech* it created is gone too." in text
    assert _all(runtime, Account) == [] and _all(runtime, Interaction) == [] and _all(runtime, Pulse) == []


def test_undo_keeps_an_account_that_existed_and_cancels_the_scheduled_pulse(slack, runtime, standin):
    _acme(runtime)
    confirmation = slack.command("log Acme Corp jane@acme.com call").json()

    undone = visible_text(_click(slack, standin, confirmation, "pulse.undo_interaction", name="undo"))

    assert "The pulse to jane@acme.com is cancelled." in undone
    assert _one(runtime, Account).name == "Acme Corp"
    assert _one(runtime, Interaction).deleted_at is not None
    assert _one(runtime, Pulse).state == "cancelled"
    assert _all(runtime, Contact) == []  # the contact was new with this log and nothing else uses it
    card = visible_text(slack.command("account Acme Corp").json())
    assert "No interactions logged yet." in card


def test_undo_after_a_minute_is_refused_and_points_to_delete(slack, runtime, standin, clock):
    _acme(runtime)
    confirmation = slack.command("log Acme Corp jane@acme.com call").json()
    clock.advance(seconds=61)

    refused = _click(slack, standin, confirmation, "pulse.undo_interaction", name="late")

    assert refused["replace_original"] is False
    assert "use Delete instead" in visible_text(refused)
    assert _one(runtime, Interaction).deleted_at is None and _one(runtime, Pulse).state == "scheduled"


def test_delete_of_a_sent_pulse_leaves_the_pulse_alone_and_says_so(slack, runtime, standin, clock, clock_jobs, smtp):
    _acme(runtime)
    confirmation = slack.command("log Acme Corp jane@acme.com call").json()
    clock.advance(minutes=31)
    assert jobs.advance_pulses(clock_jobs).sent == 1

    deleted = visible_text(_click(slack, standin, confirmation, "pulse.delete_interaction", name="del"))

    assert "Deleted." in deleted
    assert "The pulse to jane@acme.com was already sent, so it was left alone." in deleted
    assert _one(runtime, Pulse).state == "sent"
    assert _one(runtime, Interaction).deleted_at is not None


def test_another_rep_cannot_change_an_interaction_and_the_window_closes(slack, runtime, standin, clock):
    _acme(runtime)
    confirmation = slack.command("log Acme Corp jane@acme.com call").json()

    other = _click(slack, standin, confirmation, "pulse.delete_interaction", name="other", user_id="UOTHER001")
    assert "Only the rep who logged it, or an admin" in visible_text(other)

    clock.advance(hours=25)
    late = _click(slack, standin, confirmation, "pulse.delete_interaction", name="late")
    assert "changes are possible for 24 hours after logging" in visible_text(late)
    assert _one(runtime, Interaction).deleted_at is None


def _edit_values(*, account, contact, kind="meeting", note="Fixed"):
    def select_(value):
        return {"type": "external_select", "selected_option": {"value": value}}

    return {
        "account": {"pulse.account_select": select_(account)},
        "contact": {"pulse.contact_select": select_(contact)},
        "kind": {"pulse.kind": {"type": "static_select", "selected_option": {"value": kind}}},
        "note": {"pulse.note": {"type": "plain_text_input", "value": note}},
    }


def test_edit_opens_a_prefilled_form_and_a_new_contact_readdresses_the_unsent_pulse(slack, runtime, standin):
    _acme(runtime)
    globex = _acme(runtime, "Globex")
    confirmation = slack.command("log Acme Corp jane@acme.com call Wrong place").json()
    edit = button(confirmation, "pulse.edit_interaction")
    slack.post(block_actions_body(edit["action_id"], edit["value"]))
    [opened] = standin.wait_for("views.open")
    form = opened.params["view"]
    assert form["callback_id"] == "pulse.edit_view"
    initial = {
        b["block_id"]: b["element"].get("initial_option", {}).get("text", {}).get("text")
        for b in form["blocks"]
        if b["type"] == "input"
    }
    assert initial["account"] == "Acme Corp" and initial["contact"] == "jane@acme.com" and initial["kind"] == "Call"

    reply = slack.post(
        view_submission_body(
            "pulse.edit_view",
            _edit_values(account=str(globex.id), contact="new:sue@globex.com"),
            private_metadata=form["private_metadata"],
        )
    )

    assert reply.status_code == 200 and reply.text == ""
    interaction, pulse = _one(runtime, Interaction), _one(runtime, Pulse)
    assert (interaction.account_id, interaction.kind, interaction.note) == (globex.id, "meeting", "Fixed")
    assert (pulse.account_id, pulse.email, pulse.state) == (globex.id, "sue@globex.com", "scheduled")
    saved = visible_text(standin.wait_for("chat.postEphemeral")[0].params)
    assert "Saved." in saved and "The pulse now goes to sue@globex.com." in saved


def test_the_account_card_offers_edit_and_delete_on_the_reps_own_entries(slack, runtime, standin):
    _acme(runtime)
    slack.command("log Acme Corp jane@acme.com call Mine")
    slack.command("log Acme Corp bob@acme.com call Theirs", user_id="UOTHER001")
    card = slack.command("account Acme Corp").json()
    menus = [b["accessory"] for b in card["blocks"] if b.get("accessory", {}).get("type") == "overflow"]
    assert len(menus) == 1
    mine = next(i for i in _all(runtime, Interaction) if i.note == "Mine")
    delete = next(o for o in menus[0]["options"] if o["value"].startswith("delete:"))
    assert delete["value"] == f"delete:{mine.id}"

    action = {"type": "overflow", "action_id": menus[0]["action_id"], "block_id": "b", "selected_option": delete}
    slack.post(block_actions_body(menus[0]["action_id"], "", action=action, response_url=standin.response_url("menu")))

    assert "Deleted." in visible_text(standin.wait_for("respond/menu")[0].params)
    card = visible_text(slack.command("account Acme Corp").json())
    assert "Theirs" in card and "Mine" not in card
