"""One matcher on every surface: typos, prefixes and look-alikes find the account; only an explicit choice creates."""

from __future__ import annotations

from sqlmodel import select

from bot.services import accounts
from storage.models import Account, Interaction
from tests.support.slack_messages import buttons, visible_text
from tests.support.slack_requests import block_suggestion_body, view_submission_body


def _make(runtime, *names):
    with runtime.transaction() as db:
        return [
            accounts.create_account(db, team_id="T0PULSE01", name=n, owner_id="UOWNER001", now=runtime.now())
            for n in names
        ]


def _names(runtime):
    with runtime.transaction() as db:
        return sorted(a.name for a in db.exec(select(Account)))


def test_look_alikes_typed_in_the_command_log_to_the_existing_account(slack, runtime):
    _make(runtime, "Acme Corp", "Café Noir")
    for typed in ("Ａｃｍｅ Ｃｏｒｐ", "Ac\u200bme Corp", "\u202aacme  CORP\u202c", "Cafe\u0301 Noir"):
        reply = visible_text(slack.command(f"log {typed} jane@acme.com call").json())
        assert "Logged:" in reply, typed
    assert _names(runtime) == ["Acme Corp", "Café Noir"]
    with runtime.transaction() as db:
        assert len(db.exec(select(Interaction)).all()) == 4


def test_the_ambiguity_prompt_never_makes_create_the_primary_button(slack, runtime):
    _make(runtime, "Initech East", "Initech West")
    offer = slack.command("log Init peter@initech.com").json()
    styled = {b["text"]["text"]: b.get("style") for b in buttons(offer)}
    assert styled["Initech East"] == "primary"
    assert styled["Create “Init”"] is None and styled["Cancel"] is None

    unknown = slack.command("log Umbrella ann@umbrella.example").json()
    assert all(b.get("style") != "primary" for b in buttons(unknown))


def test_the_account_prompt_says_how_many_more_match(slack, runtime):
    _make(runtime, *(f"Acme {n:02d}" for n in range(8)))
    text = visible_text(slack.command("log acme jane@acme.com").json())
    assert "+3 more" in text


def test_modal_type_ahead_offers_new_only_when_no_account_has_that_name(slack, runtime):
    _make(runtime, "Acme Corp")
    options = slack.post(block_suggestion_body("pulse.account_select", "Acme")).json()["options"]
    assert [o["text"]["text"] for o in options] == ["Acme Corp", "New account: “Acme”"]
    same = slack.post(block_suggestion_body("pulse.account_select", "ＡＣＭＥ corp")).json()["options"]
    assert [o["value"] for o in same] == [str(_account_id(runtime, "Acme Corp"))]


def _account_id(runtime, name):
    with runtime.transaction() as db:
        return db.exec(select(Account).where(Account.name == name)).one().id


def _form(account, contact):
    def select_(value):
        return {"type": "external_select", "selected_option": {"value": value}}

    return {
        "account": {"pulse.account_select": select_(account)},
        "contact": {"pulse.contact_select": select_(contact)},
        "kind": {"pulse.kind": {"type": "static_select", "selected_option": {"value": "call"}}},
        "note": {"pulse.note": {"type": "plain_text_input", "value": None}},
        "survey": {"pulse.survey": {"type": "checkboxes", "selected_options": []}},
    }


def test_a_new_account_picked_in_the_modal_that_looks_like_an_existing_one_is_not_created(slack, runtime, standin):
    _make(runtime, "Acme Corp")
    slack.post(view_submission_body("pulse.log_view", _form("new:ａｃｍｅ\u00a0Co\u00adrp", "new:jane@acme.com")))
    slack.post(view_submission_body("pulse.log_view", _form("new:Acme", "new:jane@acme.com"), view_id="V2"))
    assert _names(runtime) == ["Acme", "Acme Corp"]  # "Acme" was picked explicitly as new; the look-alike was not


def test_contact_picker_offers_the_accounts_contacts_and_a_typed_address_as_new(slack, runtime):
    [acme] = _make(runtime, "Acme Corp")
    slack.command("log Acme Corp jane@acme.com call")
    slack.command("log Acme Corp bob@acme.com call")
    state = {"account": {"pulse.account_select": {"selected_option": {"value": str(acme.id)}}}}

    def offered(typed):
        body = block_suggestion_body("pulse.contact_select", typed, block_id="contact", state=state)
        return [o["text"]["text"] for o in slack.post(body).json()["options"]]

    assert offered("") == ["jane@acme.com", "bob@acme.com"]
    assert offered("bo") == ["bob@acme.com"]
    assert offered("sue@acme.com") == ["New contact: sue@acme.com"]
    assert offered("JANE@acme.com") == ["jane@acme.com"]  # an existing address is not offered again as new
    nothing_chosen = block_suggestion_body("pulse.contact_select", "", block_id="contact")
    assert slack.post(nothing_chosen).json()["options"] == []


def test_a_loose_match_says_what_it_matched_so_the_rep_can_undo(slack, runtime):
    _make(runtime, "Globex")
    loose = visible_text(slack.command("log glob sue@globex.com").json())
    assert "You typed “glob”; the only account it fits is *Globex*." in loose
    exact = visible_text(slack.command("log GLOBEX sue@globex.com").json())
    assert "You typed" not in exact
