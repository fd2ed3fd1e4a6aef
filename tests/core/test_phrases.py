"""Phrases in the reader's language, including skip reasons stored in English with each pulse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core import phrases, survey
from bot.core.catalog import words

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("reason", "last_asked", "german"),
    [
        (survey.SkipReason.REP_CHOICE, None, "der Vertrieb wollte hierzu keine Umfrage"),
        (survey.SkipReason.OPTED_OUT, None, "der Kontakt hat Umfragen abbestellt"),
        (survey.SkipReason.THROTTLED, NOW - timedelta(days=3), "gefragt vor 3 Tagen"),
        (survey.SkipReason.THROTTLED, NOW - timedelta(days=1, hours=2), "gefragt vor 1 Tag"),
        (survey.SkipReason.THROTTLED, NOW - timedelta(minutes=5), "gefragt vor 5 Minuten"),
        (survey.SkipReason.THROTTLED, None, "kürzlich gefragt"),
    ],
)
def test_every_stored_skip_reason_is_read_in_the_readers_language(reason, last_asked, german):
    stored = survey.describe_skip(reason, now=NOW, last_asked_at=last_asked)
    assert phrases.skip_reason(words("de"), stored) == german
    assert phrases.skip_reason(words("en"), stored) in (stored, stored.replace(" min ", " minutes "))


def test_delays_and_ages_agree_in_number():
    w = words("fr")
    assert phrases.delay(w, timedelta(minutes=1)) == "dans 1 minute"
    assert phrases.delay(w, timedelta(hours=3)) == "dans 3 heures"
    assert phrases.age(w, timedelta(days=1)) == "il y a 1 jour"
    assert phrases.more(w, 1) == "+1 autre" and phrases.more(w, 4) == "+4 autres"
