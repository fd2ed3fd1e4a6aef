"""The digest in Block Kit: Slack's limits hold for any input, customer text stays inert, the thread covers the rest."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.digest import Digest, DigestEntry, headline
from bot.core.portfolio import AccountClass
from bot.core.signals import AlertInfo, Quote
from handlers.slack import digest_blocks
from handlers.slack.ids import ActionId

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
OWNER = "U0OWNER"
LEAD = "U0LEAD"
OUR_MENTION = re.compile(r"<@(U0OWNER|U0LEAD)>")
OUR_QUOTE = re.compile(r"^> “", re.MULTILINE)
INJECTIONS = [
    "<!channel>",
    "<!here|here>",
    "<@U123>",
    "<https://evil.example|your invoice>",
    "&lt;b&gt;",
    "<script>alert(1)</script>",
    "<#C123|general>",
]


def entry(
    account_id: int,
    *,
    name: str | None = None,
    comment: str = "charged twice and nobody called back",
    contact: str = "jane@acme.example",
    reasons: tuple[str, ...] = ("Answered No 2 days ago",),
    alert: AlertInfo | None = None,
    risk: float | None = None,
    account_class: AccountClass = AccountClass.INTERVENE,
) -> DigestEntry:
    quote = Quote(comment, "no", "negative", ("charged twice",), NOW - timedelta(days=2), contact)
    return DigestEntry(
        account_id=account_id,
        name=name if name is not None else f"Account {account_id}",
        owner_id=OWNER,
        account_class=account_class,
        billed=1_200_000.0,
        forecast=300_000.0,
        satisfaction_pct=31,
        trend_points=-28,
        sparkline="▇▆▃▁",
        reasons=reasons,
        quote=quote,
        alert=alert,
        alert_age_days=None if alert is None else (NOW - alert.opened_at).days,
        at_stake=1_500_000.0,
        risk_value=risk if risk is not None else 1_000_000.0 - account_id,
        confidence="based on 3 answers",
        evidence="strong",
    )


def make_digest(
    entries: list[DigestEntry], *, total: int | None = None, growth: tuple[DigestEntry, ...] = (), cap: int = 10
):
    count = len(entries)
    revenue = sum(e.at_stake for e in entries)
    total = total if total is not None else count + 5
    return Digest(
        generated_at=NOW,
        scope_label="#sales-emea",
        total_accounts=total,
        at_risk=tuple(entries),
        at_risk_count=count,
        at_risk_revenue=revenue,
        growth=growth,
        insufficient_count=3,
        headline=headline(total, count, revenue),
        growth_count=len(growth),
        cap=cap,
    )


def walk(message: dict[str, Any]) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """Returns every mrkdwn text, every plain text and every button of a message."""
    mrkdwn: list[str] = []
    plain: list[str] = []
    buttons: list[dict[str, Any]] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                mrkdwn.append(node["text"])
            elif node.get("type") == "plain_text":
                plain.append(node["text"])
            if node.get("type") == "button":
                buttons.append(node)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(message["blocks"])
    return mrkdwn, plain, buttons


def assert_within_limits(message: dict[str, Any]) -> None:
    blocks = message["blocks"]
    assert 0 < len(blocks) <= 50
    mrkdwn, plain, buttons = walk(message)
    assert all(len(text) <= 3000 for text in mrkdwn + plain)
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        assert len(block.get("fields", [])) <= 10
    for element in buttons:
        assert len(element["text"]["text"]) <= 75
        assert len(element["value"]) <= 2000
    action_ids = [b["action_id"] for b in buttons]
    assert len(action_ids) == len(set(action_ids))
    assert 0 < len(message["text"]) <= 40_000


def assert_inert(message: dict[str, Any]) -> None:
    """Slack only parses <...>; the only ones left must be Pulse's own mentions and block-quote markers."""
    mrkdwn, _, _ = walk(message)
    for text in mrkdwn:
        rest = OUR_QUOTE.sub("", OUR_MENTION.sub("", text))
        assert "<" not in rest
        assert ">" not in rest
    assert "<" not in message["text"]
    assert ">" not in message["text"]


def history_ids(message: dict[str, Any]) -> list[int]:
    _, _, buttons = walk(message)
    return [int(b["value"]) for b in buttons if b["action_id"].startswith(f"{ActionId.SHOW_HISTORY}:")]


def test_the_message_has_headline_entries_growth_and_a_line_for_the_rest():
    grower = entry(900, name="Sprout", account_class=AccountClass.GROW)
    digest = make_digest([entry(i) for i in range(1, 48)], growth=(grower,))
    message = digest_blocks.digest_message(digest)
    assert message is not None
    assert_within_limits(message)
    blocks = message["blocks"]
    assert blocks[0]["text"]["text"] == "Pulse digest: #sales-emea"
    assert "47 of 52 accounts at risk, 70.5M in revenue at stake" in blocks[1]["text"]["text"]
    assert history_ids(message) == list(range(1, 11))
    mrkdwn, _, _ = walk(message)
    first = next(text for text in mrkdwn if text.startswith("*1. Account 1*"))
    assert ":rotating_light: *Intervene now* · _based on 3 answers_" in first
    assert "_Likely to migrate: high billing" in first
    assert "Billed *1.2M* · forecast *300k* · at stake *1.5M*" in first
    assert "Satisfaction *31/100 ↓28 pts* `▇▆▃▁`" in first
    assert "• Answered No 2 days ago" in first
    assert "> “charged twice and nobody called back” — jane@acme.example, 2 days ago" in first
    assert f"Owner <@{OWNER}>" in first
    assert any("*Grow: under-served potential* (1)" in text and "*Sprout*" in text for text in mrkdwn)
    footer = blocks[-1]["elements"][0]["text"]
    assert "+37 more at-risk accounts: pulse digest --format json, or each owner's App Home" in footer
    assert "3 accounts have no answers yet." in footer
    assert digest_blocks.overflow_messages(digest) == []


def test_alert_age_and_acknowledgement_are_shown():
    open_alert = AlertInfo(71, "drop", NOW - timedelta(days=6), None, None, None)
    acked = AlertInfo(72, "silence", NOW - timedelta(days=9), LEAD, NOW - timedelta(days=2), None)
    message = digest_blocks.digest_message(make_digest([entry(1, alert=open_alert), entry(2, alert=acked)]))
    assert message is not None
    mrkdwn, _, _ = walk(message)
    assert any(":alarm_clock: alert open 6 days, *not acknowledged*" in text for text in mrkdwn)
    assert any(f"alert open 9 days, acknowledged by <@{LEAD}> 2 days ago" in text for text in mrkdwn)


def test_buttons_carry_the_alert_or_the_account():
    alert = AlertInfo(71, "drop", NOW - timedelta(days=6), None, None, None)
    message = digest_blocks.digest_message(make_digest([entry(5, alert=alert), entry(6)]))
    assert message is not None
    _, _, buttons = walk(message)
    found = {(b["text"]["text"], b["action_id"]): b["value"] for b in buttons}
    assert found == {
        ("Acknowledge", f"{ActionId.ACKNOWLEDGE}:5"): "71",
        ("Snooze 7 days", f"{ActionId.SNOOZE}:5"): "71",
        ("Show history", f"{ActionId.SHOW_HISTORY}:5"): "5",
        ("Acknowledge", f"{ActionId.ACKNOWLEDGE}:6"): "account:6",
        ("Snooze 7 days", f"{ActionId.SNOOZE}:6"): "account:6",
        ("Show history", f"{ActionId.SHOW_HISTORY}:6"): "6",
    }


def test_customer_text_is_rendered_inert():
    nasty = " ".join(INJECTIONS)
    entries = [
        entry(1, name=nasty, comment=nasty, contact="<!everyone>@x.example", reasons=(nasty, f"Comment: “{nasty}”")),
        entry(2, name="*bold* _it_ <@U0OWNER>"),
    ]
    grower = entry(3, name=nasty, account_class=AccountClass.GROW)
    digest = make_digest(entries, growth=(grower,))
    message = digest_blocks.digest_message(digest)
    assert message is not None
    assert_inert(message)
    mrkdwn, _, _ = walk(message)
    joined = "\n".join(mrkdwn)
    assert "&lt;!channel&gt;" in joined
    assert "&amp;lt;b&amp;gt;" in joined
    assert "&lt;script&gt;" in joined
    assert "&lt;@U0OWNER&gt;" in joined
    assert "&lt;!channel&gt;" in message["text"]
    for overflow in digest_blocks.overflow_messages(
        make_digest([*entries, *(entry(i, name=nasty) for i in range(4, 30))])
    ):
        assert_inert(overflow)


def test_overflow_messages_cover_every_entry_exactly_once():
    digest = make_digest([entry(i) for i in range(1, 58)], cap=57)
    first = digest_blocks.digest_message(digest, max_entries=10)
    assert first is not None
    thread = digest_blocks.overflow_messages(digest, first=10, per_message=15)
    assert len(thread) == 4
    seen = history_ids(first) + [i for message in thread for i in history_ids(message)]
    assert Counter(seen) == Counter(range(1, 58))
    assert seen == list(range(1, 58))
    for message in thread:
        assert_within_limits(message)
    assert thread[0]["blocks"][0]["elements"][0]["text"] == "At-risk accounts 11–25 of 57"
    assert thread[-1]["blocks"][0]["elements"][0]["text"] == "At-risk accounts 56–57 of 57"


def test_oversized_requests_are_clamped_consistently():
    digest = make_digest([entry(i) for i in range(1, 101)], cap=500)
    first = digest_blocks.digest_message(digest, max_entries=500)
    assert first is not None
    assert_within_limits(first)
    thread = digest_blocks.overflow_messages(digest, first=500, per_message=500)
    seen = history_ids(first) + [i for message in thread for i in history_ids(message)]
    assert seen == list(range(1, 101))
    assert all(len(m["blocks"]) <= 50 for m in thread)


def test_accounts_beyond_the_listed_ones_are_summarised():
    entries = [entry(i) for i in range(1, 16)]
    digest = make_digest(entries, cap=15)
    bigger = replace(digest, at_risk_count=1_015)
    message = digest_blocks.digest_message(bigger, max_entries=10)
    assert message is not None
    footer = message["blocks"][-1]["elements"][0]["text"]
    assert "+5 more at-risk accounts in the thread" in footer
    assert "+1,000 more at-risk accounts: pulse digest --format json, or each owner's App Home" in footer
    thread = digest_blocks.overflow_messages(bigger, first=10)
    assert thread[-1]["blocks"][-1]["elements"][0]["text"].startswith("+1,000 more")


def test_watch_accounts_beyond_the_bounded_list_are_counted_with_where_to_find_them():
    digest = replace(make_digest([entry(i) for i in range(1, 6)]), watch_count=12)
    message = digest_blocks.digest_message(digest)
    assert message is not None
    footer = message["blocks"][-1]["elements"][0]["text"]
    assert "12 more accounts show weaker signs: pulse digest --format json, or the portfolio page" in footer
    assert "more at-risk account" not in footer


def test_a_quiet_day_is_a_short_all_clear_or_nothing():
    quiet = make_digest([], total=120)
    message = digest_blocks.digest_message(quiet)
    assert message is not None
    assert len(message["blocks"]) <= 4
    assert (
        message["blocks"][1]["text"]["text"]
        == ":white_check_mark: *All clear: none of 120 accounts needs attention today*"
    )
    assert walk(message)[2] == []
    assert digest_blocks.digest_message(quiet, quiet_all_clear=False) is None
    assert digest_blocks.overflow_messages(quiet) == []


def test_huge_names_comments_and_portfolios_stay_inside_the_limits():
    huge = "<&>" * 40_000
    alert = AlertInfo(1, "no_answer", NOW - timedelta(days=400), huge, NOW, None)
    entries = [
        entry(i, name=huge, comment=huge, contact=huge, reasons=(huge,) * 10, alert=alert if i % 2 else None)
        for i in range(10_000)
    ]
    digest = make_digest(entries, growth=tuple(entries[:50]), cap=10_000)
    digest = replace(digest, scope_label=huge)
    message = digest_blocks.digest_message(digest, max_entries=50)
    assert message is not None
    assert_within_limits(message)
    assert_inert(message)
    thread = digest_blocks.overflow_messages(digest, first=50, per_message=50)
    assert sum(len(history_ids(m)) for m in thread) == 10_000 - 20
    for overflow in thread[:3] + thread[-2:]:
        assert_within_limits(overflow)
        assert_inert(overflow)


def test_duplicate_accounts_still_get_unique_action_ids():
    message = digest_blocks.digest_message(make_digest([entry(7), entry(7)]))
    assert message is not None
    assert_within_limits(message)


def test_escaping_cuts_on_characters_never_inside_an_entity():
    assert digest_blocks.esc("a<b", 10) == "a&lt;b"
    assert digest_blocks.esc("<<<<", 9) == "&lt;&lt;…"
    assert digest_blocks.esc(" spaced \n out ", 50) == "spaced out"


texts = st.one_of(
    st.lists(st.sampled_from([*"<>&@!|*_~`#:ab \n", *INJECTIONS]), max_size=120).map("".join),
    st.text(max_size=300),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(texts, min_size=0, max_size=40),
    comment=texts,
    contact=texts,
    reason=texts,
    scope=texts,
    max_entries=st.integers(min_value=-3, max_value=60),
    per_message=st.integers(min_value=-3, max_value=60),
)
def test_any_input_stays_inside_slack_limits_and_inert(
    names, comment, contact, reason, scope, max_entries, per_message
):
    entries = [
        entry(i, name=name, comment=comment, contact=contact, reasons=(reason, name)) for i, name in enumerate(names)
    ]
    base = make_digest(entries, growth=tuple(entries[:7]), cap=len(names))
    digest = replace(base, scope_label=scope)
    message = digest_blocks.digest_message(digest, max_entries=max_entries)
    assert message is not None
    assert_within_limits(message)
    assert_inert(message)
    thread = digest_blocks.overflow_messages(digest, first=max_entries, per_message=per_message)
    for overflow in thread:
        assert_within_limits(overflow)
        assert_inert(overflow)
    seen = history_ids(message) + [i for m in thread for i in history_ids(m)]
    assert seen == list(range(len(names)))
