"""Owners by name, not by Slack id, in the terminal and on the account card; names are cached for a day."""

from __future__ import annotations

from sqlmodel import select

from storage.models import UserName
from tests.support.cli import pulse_env, run_pulse
from tests.support.scenario import ask_and_answer, make_account
from tests.support.slack_messages import visible_text


def test_the_terminal_digest_names_owners(slack, runtime, clock, clock_jobs, smtp, settings, standin):
    make_account(runtime, "Acme Corp", billed=500_000)
    owner = "UOWNER001"
    standin.add_user(owner, "maria@ourco.example", profile={"display_name": "Maria López", "email": "m@o.example"})
    ask_and_answer(
        slack, clock, clock_jobs, smtp, account="Acme Corp", email="jane@acme.com", answer="no", comment="Charged twice"
    )
    dry = run_pulse("digest", "--dry-run", env=pulse_env(settings))
    assert dry.returncode == 0, dry.stderr
    assert "Maria López" in dry.stdout and owner not in dry.stdout


def test_the_account_card_names_people_and_asks_slack_once_a_day(slack, runtime, clock, standin):
    make_account(runtime, "Acme Corp")
    owner = "UOWNER001"
    standin.add_user(owner, "maria@ourco.example", real_name="Maria Lopez", profile={"display_name": ""})
    standin.add_user("UREP0001", "rep@ourco.example", profile={"display_name": "Sam <b>"})
    slack.command("log Acme Corp jane@acme.com call")

    card = visible_text(slack.command("account Acme Corp").json())
    assert "*Maria Lopez*" in card and "by *Sam &lt;b&gt;*" in card and f"<@{owner}>" not in card
    asked = len(standin.calls_to("users.info"))
    slack.command("account Acme Corp")
    assert len(standin.calls_to("users.info")) == asked  # cached
    clock.advance(days=1, seconds=1)
    slack.command("account Acme Corp")
    assert len(standin.calls_to("users.info")) == asked + 2  # stale after a day: asked again
    with runtime.transaction() as db:
        assert {n.user_id for n in db.exec(select(UserName))} == {owner, "UREP0001"}


def test_unknown_people_stay_mentions(slack, runtime):
    make_account(runtime, "Acme Corp")
    card = visible_text(slack.command("account Acme Corp").json())
    assert "<@" in card
