"""Input that used to reach the database or Slack unchecked: folded lengths, long addresses, styling."""

from __future__ import annotations

import re

from sqlmodel import select

from app import jobs
from handlers.slack.text import escape
from storage.models import Account, Interaction
from tests.support.scenario import ask_and_answer, make_account
from tests.support.slack_messages import visible_text

# How mrkdwn pairs style markers: an opener at the start, after a space or an opening quote, followed by a
# visible character; a closer after a visible character, then the end, a space or punctuation. A zero-width
# space next to a marker is neither, so the pair never forms.
STYLED = re.compile("(?:^|(?<=[\\s(\"'“]))([*_~`])(?=[^\\s\u200b])[^\\n]*?(?<=[^\\s\u200b])\\1(?=$|[\\s.,;:!?)\"'”])")


def test_names_that_grow_when_case_folded_and_overlong_addresses_get_a_hint(slack, runtime, standin, pulse_url):
    cases = {
        "log " + "ß" * 150 + " jane@acme.com": "at most 200 characters",  # 150 letters, a 300-letter key
        "log Acme " + "a" * 330 + "@acme.com call": "at most 254 characters",
        "log Acme " + "a" * 70 + "@acme.com call": "before the @, 64",
        "account " + "ß" * 150: "at most 200 characters",
    }
    for text, hint in cases.items():
        reply = slack.command(text)
        assert reply.status_code == 200 and hint in visible_text(reply.json()), (text[:30], reply.text[:300])
    standin.add_admin("UREP0001")
    from tests.e2e.test_api import Api

    key = slack.command("api-key").json()
    [found] = set(re.findall(r"pk_[A-Za-z0-9_-]{40,}", visible_text(key)))
    api = Api(pulse_url)
    for body in (
        {"account": "ß" * 150, "contact_email": "jane@acme.com", "create_account": True},
        {"account": "Acme", "contact_email": "a" * 60 + "@" + "b" * 190 + ".com", "create_account": True},
    ):
        reply = api.post(body, key=found)
        assert reply.status_code == 422, reply.text
    api.close()
    with runtime.transaction() as db:
        assert db.exec(select(Account)).all() == [] and db.exec(select(Interaction)).all() == []


def test_customer_text_never_styles_pings_or_links_in_slack(slack, runtime, clock, clock_jobs, smtp, standin):
    make_account(runtime, "Acme *Corp*")
    words = "*urgent* _really_ `rm -rf` ~never~ <!channel> <@U123> &lt;b&gt; <https://evil.example|x>"
    ask_and_answer(
        slack, clock, clock_jobs, smtp, account="Acme *Corp*", email="jane@acme.com", answer="no", comment=words
    )
    jobs.deliver_outbox(clock_jobs)
    [dm] = [c.params for c in standin.calls_to("chat.postMessage")]
    shown = visible_text(dm)
    assert "rm -rf" in shown and "urgent" in shown
    customer = shown[shown.index("“") : shown.index("evil.example") + 20]
    assert STYLED.search(customer) is None, customer
    assert "<!channel>" not in shown and "<@U123>" not in shown and "<https://" not in shown


def test_escape_leaves_words_alone_and_breaks_every_style_marker():
    assert escape("john_doe@acme.com a*b 2*3") == "john_doe@acme.com a*b 2*3"
    for styled in ("*bold*", "_italic_", "`code`", "~strike~", "*two words*", "```block```"):
        assert STYLED.search(escape(styled)) is None, styled
        assert escape(styled).replace("\u200b", "") == styled
    assert escape("<!here> & <@U1>") == "&lt;!here&gt; &amp; &lt;@U1&gt;"
