"""The one-tap rule, as a pure function of the held taps and the time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.taps import DiscardReason, HeldTap, is_scanner_agent, judge

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
HOLD = timedelta(minutes=2)


def _tap(tap_id: int, answer: str, seconds: float = 0) -> HeldTap:
    at = T0 + timedelta(seconds=seconds)
    return HeldTap(tap_id, 1, answer, "h", None, at, at + HOLD)


def test_a_lone_tap_waits_out_its_hold_then_counts():
    tap = _tap(1, "no")
    assert judge([tap], now=T0 + timedelta(seconds=119)).count is None
    assert judge([tap], now=T0 + HOLD).count == tap


def test_taps_on_different_answers_are_all_discarded_at_once():
    taps = [_tap(1, "yes"), _tap(2, "unsure", 1), _tap(3, "no", 2)]
    verdict = judge(taps, now=T0 + timedelta(seconds=2))
    assert verdict.count is None
    assert [(t.tap_id, why) for t, why in verdict.discard] == [(i, DiscardReason.CONFLICT) for i in (1, 2, 3)]


def test_a_tap_conflicting_with_an_already_discarded_one_is_discarded_too():
    others = (("yes", T0), ("unsure", T0 + timedelta(seconds=1)))
    verdict = judge([_tap(3, "no", 2)], now=T0 + timedelta(minutes=5), others=others)
    assert verdict.count is None and verdict.discard[0][1] is DiscardReason.CONFLICT


def test_a_person_tapping_after_the_scanners_burst_is_counted():
    others = (("yes", T0), ("unsure", T0), ("no", T0))
    person = _tap(4, "no", 45)
    assert judge([person], now=T0 + timedelta(seconds=45) + HOLD, others=others).count == person


def test_a_person_who_changes_their_mind_a_minute_later_meant_the_second_answer():
    first, second = _tap(1, "no"), _tap(2, "yes", 60)
    assert judge([first, second], now=T0 + HOLD).count is None  # the later tap is still held
    verdict = judge([first, second], now=T0 + timedelta(seconds=60) + HOLD)
    assert verdict.count == second and verdict.discard == ((first, DiscardReason.SUPERSEDED),)


def test_repeated_taps_on_one_answer_count_once_after_the_last_hold():
    first, again = _tap(1, "yes"), _tap(2, "yes", 30)
    assert judge([first, again], now=T0 + HOLD).count is None
    verdict = judge([first, again], now=T0 + HOLD + timedelta(seconds=30))
    assert verdict.count == again and verdict.discard == ((first, DiscardReason.SUPERSEDED),)


def test_known_scanners_and_missing_agents_are_recognised_but_browsers_are_not():
    assert is_scanner_agent(None) and is_scanner_agent("  ")
    assert is_scanner_agent("Mozilla/5.0 (compatible; Proofpoint URL Defense)")
    assert is_scanner_agent("python-requests/2.31")
    assert not is_scanner_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile")
    assert not is_scanner_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36 Edg/120.0")
