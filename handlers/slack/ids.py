"""Slack action, block and view ids, shared by listener registration and renderers."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    """Interactive elements whose clicks or selections Pulse listens for."""

    CREATE_AND_LOG = "pulse.create_and_log"
    PICK_ACCOUNT = "pulse.pick_account"
    OPEN_LOG_FORM = "pulse.open_log_form"
    DISMISS = "pulse.dismiss"
    ACCOUNT_SELECT = "pulse.account_select"
    CONTACT = "pulse.contact"
    NEW_ACCOUNT = "pulse.new_account"
    KIND = "pulse.kind"
    NOTE = "pulse.note"
    SURVEY = "pulse.survey"
    ACKNOWLEDGE = "pulse.acknowledge"
    SNOOZE = "pulse.snooze"
    RESOLVE = "pulse.resolve"
    SHOW_HISTORY = "pulse.show_history"
    ANSWER = "pulse.answer"
    CORRECT_LABEL = "pulse.correct_label"


class BlockId(StrEnum):
    """Input blocks of Pulse's modals; errors are reported against these."""

    ACCOUNT = "account"
    NEW_ACCOUNT = "new_account"
    CONTACT = "contact"
    KIND = "kind"
    NOTE = "note"
    SURVEY = "survey"


class ViewId(StrEnum):
    """Callback ids of Pulse's modals."""

    LOG = "pulse.log_view"


NO_SURVEY = "no_survey"
