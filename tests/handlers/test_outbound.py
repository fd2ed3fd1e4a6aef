"""Pulse's pacing of its own Slack Web API calls through the gateway: never more in a minute than Slack allows,
and 429s obeyed."""

from __future__ import annotations

import itertools

import pytest
from slack_sdk import WebClient

from bot.services.ports import TemporaryDeliveryError
from handlers.slack.gateway import SlackGateway
from handlers.slack.pacing import PER_MINUTE, SLACK_PER_MINUTE, MethodLimiter, retry_handlers
from tests.support.slack_standin import BOT_TOKEN


class FakeTime:
    """A monotonic clock that sleeping advances."""

    def __init__(self) -> None:
        self.now = 1000.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _busiest_minute(times: list[float]) -> int:
    best = start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 60.0:
            start += 1
        best = max(best, end - start + 1)
    return best


@pytest.mark.parametrize("method", sorted(PER_MINUTE))
def test_constant_demand_never_exceeds_slacks_allowance_in_any_minute(method):
    time = FakeTime()
    limiter = MethodLimiter(PER_MINUTE[method], now=lambda: time.now, sleep=time.sleep)
    calls = []
    while time.now < 1000.0 + 300:
        limiter.acquire(method)
        calls.append(time.now)
    assert _busiest_minute(calls) <= SLACK_PER_MINUTE[method]
    # ...and it does not dawdle: five minutes of demand get nearly the whole allowance.
    assert len(calls) >= 5 * PER_MINUTE[method]


def test_a_burst_goes_out_at_once_then_calls_are_spaced():
    time = FakeTime()
    limiter = MethodLimiter(60, now=lambda: time.now, sleep=time.sleep)
    for _ in range(limiter.burst):
        limiter.acquire("chat.postMessage")
    assert time.now == 1000.0
    limiter.acquire("chat.postMessage")
    assert time.now == pytest.approx(1001.0)


def test_after_a_429_the_method_is_refused_until_retry_after_has_passed():
    time = FakeTime()
    limiter = MethodLimiter(45, now=lambda: time.now, sleep=time.sleep)
    limiter.pause(30)
    with pytest.raises(TemporaryDeliveryError) as refused:
        limiter.acquire("conversations.open")
    assert refused.value.retry_after == pytest.approx(30)
    time.now += 30
    limiter.acquire("conversations.open")


def test_a_long_wait_is_handed_back_as_a_retry_instead_of_blocking_the_batch():
    time = FakeTime()
    limiter = MethodLimiter(6, now=lambda: time.now, sleep=time.sleep, max_wait=2.0)
    limiter.acquire("users.lookupByEmail")
    with pytest.raises(TemporaryDeliveryError) as deferred:
        limiter.acquire("users.lookupByEmail")
    assert deferred.value.retry_after == pytest.approx(10.0)
    assert time.now == 1000.0


def test_each_workspace_has_its_own_pace_and_its_own_429s():
    time = FakeTime()
    caller = SlackGateway(lambda team_id: None, now=lambda: time.now)
    first, second = caller.limiter("T1", "conversations.open"), caller.limiter("T2", "conversations.open")
    assert first is caller.limiter("T1", "conversations.open")
    assert first is not second
    first.pause(30)
    with pytest.raises(TemporaryDeliveryError):
        first.acquire("conversations.open")
    second.acquire("conversations.open")  # the other workspace is not held back
    assert caller.limiter("T1", "auth.test") is None


def test_messages_to_one_channel_go_out_about_one_a_second_as_slack_asks():
    time = FakeTime()
    posted: list[tuple[str, float]] = []

    class Client:
        def chat_postMessage(self, **params):  # noqa: N802 - slack_sdk's method name
            posted.append((params["channel"], time.now))
            return {"ok": True}

    caller = SlackGateway(
        lambda team_id: Client(), now=lambda: time.now, sleep=time.sleep, channel_now=lambda: time.now
    )  # type: ignore[arg-type,return-value]
    for _ in range(14):
        caller.call("T1", "chat.postMessage", channel="C1", text="part")
    caller.call("T1", "chat.postMessage", channel="C2", text="elsewhere")
    times = [at for channel, at in posted if channel == "C1"]
    assert all(later - earlier >= 0.999 for earlier, later in itertools.pairwise(times))
    assert times[-1] - times[0] >= 13 * 0.999
    assert posted[-1] == ("C2", times[-1])  # another channel is not held back by this one


def _gateway(standin, time: FakeTime, *, at_a_terminal: bool) -> SlackGateway:
    """A gateway whose one workspace is the stand-in, reached over HTTP as in production."""
    client = WebClient(
        token=BOT_TOKEN, base_url=standin.api_url, retry_handlers=retry_handlers(wait_out_rate_limits=at_a_terminal)
    )
    return SlackGateway(lambda team_id: client, now=lambda: time.now, sleep=time.sleep)


def test_a_429_through_the_gateway_holds_the_method_back_for_its_retry_after(standin):
    time = FakeTime()
    gateway = _gateway(standin, time, at_a_terminal=False)
    standin.add_user("U0ANNA001", "anna@ourco.com")
    standin.rate_limit("users.lookupByEmail", retry_after=30)
    with pytest.raises(TemporaryDeliveryError) as limited:
        gateway.user_by_email("T1", "anna@ourco.com")
    assert limited.value.retry_after == pytest.approx(30)
    time.now += 20
    with pytest.raises(TemporaryDeliveryError) as paused:
        gateway.user_by_email("T1", "anna@ourco.com")
    assert paused.value.retry_after == pytest.approx(10)
    assert len(standin.calls_to("users.lookupByEmail")) == 1  # refused here, Slack was not asked again
    time.now += 9  # the last second of the pause is short enough to sleep off
    assert gateway.user_by_email("T1", "anna@ourco.com")["id"] == "U0ANNA001"
    assert gateway.user_by_email("T1", "ANNA@ourco.com")["id"] == "U0ANNA001"  # one cache, kept an hour
    assert len(standin.calls_to("users.lookupByEmail")) == 2


def test_at_a_terminal_the_gateway_waits_out_a_short_429_but_reports_a_long_one(standin):
    gateway = _gateway(standin, FakeTime(), at_a_terminal=True)
    standin.rate_limit("chat.postMessage", retry_after=1)
    gateway.call("T1", "chat.postMessage", channel="C1", text="hello")
    refused, accepted = standin.calls_to("chat.postMessage")
    assert accepted.at - refused.at >= 1.0
    standin.rate_limit("chat.postMessage", retry_after=600)
    with pytest.raises(TemporaryDeliveryError) as limited:
        gateway.call("T1", "chat.postMessage", channel="C2", text="hello")
    assert limited.value.retry_after == pytest.approx(600)
    assert len(standin.calls_to("chat.postMessage")) == 3
