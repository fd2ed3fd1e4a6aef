"""Small phrases every surface needs in the reader's language: delays, ages, kinds, answers, pulse states."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.core.catalog import Words
from bot.core.commands import Kind
from bot.core.states import PulseState
from bot.core.survey import Answer


def kind_label(w: Words, kind: str) -> str:
    """Names a kind of interaction ("Call", "Anruf", ...)."""
    labels = {
        Kind.CALL: w.gettext("Call"),
        Kind.MEETING: w.gettext("Meeting"),
        Kind.EMAIL: w.gettext("E-mail"),
        Kind.CHAT: w.gettext("Chat"),
        Kind.VISIT: w.gettext("Visit"),
        Kind.SUPPORT: w.gettext("Support"),
        Kind.DELIVERY: w.gettext("Delivery"),
    }
    return labels.get(Kind(kind) if kind in Kind.__members__.values() else Kind.OTHER, w.gettext("Other"))


def answer_label(w: Words, answer: Answer) -> str:
    """Names a customer's answer."""
    return {Answer.YES: w.gettext("Yes"), Answer.UNSURE: w.gettext("Not sure"), Answer.NO: w.gettext("No")}[answer]


def state_label(w: Words, state: str) -> str:
    """Names where a pulse is in its life."""
    labels = {
        PulseState.SCHEDULED: w.gettext("scheduled"),
        PulseState.SENT: w.gettext("sent"),
        PulseState.REMINDED: w.gettext("reminded"),
        PulseState.ANSWERED: w.gettext("answered"),
        PulseState.EXPIRED: w.gettext("expired"),
        PulseState.SKIPPED: w.gettext("skipped"),
        PulseState.FAILED: w.gettext("failed"),
        PulseState.CANCELLED: w.gettext("cancelled"),
    }
    return labels.get(PulseState(state), state) if state in PulseState.__members__.values() else state


def cause_label(w: Words, cause: str) -> str:
    """Says why an alert opened."""
    labels = {
        "no_answer": w.gettext("answered No"),
        "negative_comment": w.gettext("left a strongly negative comment"),
        "drop": w.gettext("satisfaction dropped below its usual level"),
        "digest": w.gettext("flagged in the digest"),
    }
    return labels.get(cause, cause)


_ASKED = re.compile(r"^asked (\d+) (day|hour|min)s? ago$")
_UNITS = {"day": timedelta(days=1), "hour": timedelta(hours=1), "min": timedelta(minutes=1)}


def skip_reason(w: Words, stored: str) -> str:
    """Says why a pulse was skipped, from the English reason stored with it (survey.describe_skip's words)."""
    if stored == "the rep chose not to survey this one":
        return w.gettext("the rep chose not to survey this one")
    if stored == "the contact opted out of surveys":
        return w.gettext("the contact opted out of surveys")
    if stored in ("asked recently", "asked just now"):
        return (
            w.gettext("asked {age}", age=w.gettext("just now"))
            if stored.endswith("now")
            else w.gettext("asked recently")
        )
    found = _ASKED.match(stored)
    if found:
        return w.gettext("asked {age}", age=age(w, int(found.group(1)) * _UNITS[found.group(2)]))
    return stored


def delay(w: Words, wait: timedelta) -> str:
    """Says when something happens: 'now', 'in 30 minutes', 'in 2 hours', 'in 3 days'."""
    minutes = round(wait.total_seconds() / 60)
    if minutes <= 0:
        return w.gettext("now")
    if minutes < 120:
        return w.ngettext("in {count} minute", "in {count} minutes", minutes)
    hours = round(minutes / 60)
    if hours < 48:
        return w.ngettext("in {count} hour", "in {count} hours", hours)
    return w.ngettext("in {count} day", "in {count} days", round(hours / 24))


def age(w: Words, elapsed: timedelta) -> str:
    """Says how long ago something happened: 'just now', '5 minutes ago', '3 days ago'."""
    seconds = max(0, int(elapsed.total_seconds()))
    if seconds >= 86400:
        return w.ngettext("{count} day ago", "{count} days ago", seconds // 86400)
    if seconds >= 3600:
        return w.ngettext("{count} hour ago", "{count} hours ago", seconds // 3600)
    if seconds >= 60:
        return w.ngettext("{count} minute ago", "{count} minutes ago", seconds // 60)
    return w.gettext("just now")


def more(w: Words, count: int) -> str:
    """The honest tail of a cut list: '+3 more'."""
    return w.ngettext("+{count} more", "+{count} more", count)
