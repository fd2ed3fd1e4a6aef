"""`/pulse help`, `account`, `owner` and usage hints, over real HTTP."""

from __future__ import annotations

from sqlmodel import select

from bot.core.command_help import SUBCOMMANDS
from bot.services import accounts
from storage.models import Account, OwnerChange
from tests.support.slack_messages import visible_text


def _seed(runtime):
    with runtime.transaction() as db:
        account = accounts.create_account(
            db,
            team_id="T0PULSE01",
            name="Acme Corp",
            owner_id="UOWNER001",
            now=runtime.now(),
            billed=1_250_000,
            forecast=300_000,
        )
    return account


def test_help_lists_every_subcommand_with_an_example(slack):
    for text in ("help", "", "HELP"):
        reply = slack.command(text).json()
        assert reply["response_type"] == "ephemeral"
        shown = visible_text(reply)
        for sub in SUBCOMMANDS:
            assert sub.usage in shown and sub.example in shown


def test_account_card_shows_owner_revenue_contacts_and_timeline_newest_first(slack, runtime, clock):
    _seed(runtime)
    slack.command("log Acme Corp jane@acme.com call First call")
    clock.advance(days=1)
    slack.command("log Acme Corp bob@acme.com meeting Second meeting")

    card = slack.command("account acme corp").json()
    blocks = card["blocks"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Acme Corp", "emoji": False}}
    text = visible_text(card)
    assert "<@UOWNER001>" in text and "1.2M" in text and "300k" in text
    assert "jane@acme.com, bob@acme.com" in text
    assert text.index("Second meeting") < text.index("First call")
    assert "pulse scheduled" in text


def test_account_lookup_explains_unknown_and_ambiguous_names(slack, runtime):
    _seed(runtime)
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Ltd", owner_id="U1", now=runtime.now())
    assert "I don't know an account called *Initech*" in visible_text(slack.command("account Initech").json())
    ambiguous = visible_text(slack.command("account acme").json())
    assert "*Acme Corp*" in ambiguous and "*Acme Ltd*" in ambiguous and "Type more of the name" in ambiguous


def test_owner_change_keeps_exactly_one_owner_and_records_history(slack, runtime, standin):
    standin.add_admin("UREP0001")
    account = _seed(runtime)
    reply = slack.command("owner Acme Corp <@UMARIA01|maria>").json()
    assert "now belongs to <@UMARIA01>" in visible_text(reply)
    again = slack.command("owner acme corp <@UMARIA01>").json()
    assert "already belongs to <@UMARIA01>" in visible_text(again)
    with runtime.transaction() as db:
        stored = db.get(Account, account.id)
        changes = list(db.exec(select(OwnerChange)))
    assert stored.owner_id == "UMARIA01"
    assert [(c.old_owner_id, c.new_owner_id, c.changed_by) for c in changes] == [("UOWNER001", "UMARIA01", "UREP0001")]
    assert "Previously owned by <@UOWNER001>" in visible_text(slack.command("account Acme Corp").json())


def test_malformed_commands_get_an_ephemeral_usage_hint_naming_the_problem(slack, runtime):
    cases = {
        "log Acme Corp": ("I need the contact's e-mail address", "/pulse log <account> <contact e-mail>"),
        "log jane@acme.com call": ("Name the account before the contact's e-mail", "/pulse log"),
        "account": ("Which account?", "/pulse account <account>"),
        "owner Acme Corp maria": ("End with the new owner as an @mention", "/pulse owner <account> @rep"),
        "frobnicate now": ("I don't know the subcommand `frobnicate`", "/pulse help"),
        "log " + "A" * 201 + " a@b.co": ("at most 200 characters", "/pulse log"),
        "log Acme a@b.co call " + "x" * 3001: ("the limit is 3,000", "/pulse log"),
    }
    for text, (problem, usage) in cases.items():
        reply = slack.command(text)
        assert reply.status_code == 200
        body = reply.json()
        assert body["response_type"] == "ephemeral"
        shown = visible_text(body)
        assert problem in shown and usage in shown, (text, shown)
    with runtime.transaction() as db:
        assert db.exec(select(Account)).all() == []


def test_a_workspace_asks_its_own_question_in_surveys(slack, runtime, clock, clock_jobs, smtp, standin):
    import httpx

    from app import jobs
    from tests.support.mail import survey_links, text_part

    standin.add_admin("UREP0001")
    assert "Would you buy from us again?" in visible_text(slack.command("question").json())
    # What a rep types as "<b>" reaches Pulse escaped by Slack, as "&lt;b&gt;".
    changed = slack.command("question Would you recommend &lt;b&gt;us&lt;/b&gt; to a colleague?").json()
    assert "From now on customers are asked “Would you recommend &lt;b&gt;us&lt;/b&gt; to a colleague?”" in (
        visible_text(changed)
    )
    _seed(runtime)
    slack.command("log Acme Corp jane@acme.com call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    mail = smtp.mailbox.wait_for(1)[0]
    assert "Would you recommend <b>us</b> to a colleague?" in text_part(mail)
    page = httpx.get(survey_links(mail)["page"]).text
    assert "Would you recommend &lt;b&gt;us&lt;/b&gt; to a colleague?" in page
    assert "Questions are at most 200 characters" in visible_text(slack.command("question " + "x" * 201).json())
    assert "Would you buy from us again?" in visible_text(slack.command("question reset").json())
