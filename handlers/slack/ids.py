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
    CONTACT_SELECT = "pulse.contact_select"
    KIND = "pulse.kind"
    NOTE = "pulse.note"
    SURVEY = "pulse.survey"
    ACKNOWLEDGE = "pulse.acknowledge"
    SNOOZE = "pulse.snooze"
    RESOLVE = "pulse.resolve"
    SHOW_HISTORY = "pulse.show_history"
    ANSWER = "pulse.answer"
    CORRECT_LABEL = "pulse.correct_label"
    UNDO_INTERACTION = "pulse.undo_interaction"
    EDIT_INTERACTION = "pulse.edit_interaction"
    DELETE_INTERACTION = "pulse.delete_interaction"
    ENTRY_MENU = "pulse.entry_menu"


class BlockId(StrEnum):
    """Input blocks of Pulse's modals; errors are reported against these."""

    ACCOUNT = "account"
    CONTACT = "contact"
    KIND = "kind"
    NOTE = "note"
    SURVEY = "survey"


class ViewId(StrEnum):
    """Callback ids of Pulse's modals."""

    LOG = "pulse.log_view"
    EDIT = "pulse.edit_view"


NO_SURVEY = "no_survey"
# Option values that stand for "create this" rather than an existing row's id.
NEW_ACCOUNT_PREFIX = "new:"
NEW_CONTACT_PREFIX = "new:"
