"""Slack listeners, registered in one place."""

from __future__ import annotations

import re

from slack_bolt import App
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from handlers.slack.actions import (
    handle_answer_action,
    handle_create_and_log_action,
    handle_dismiss_action,
    handle_link_click_action,
    handle_open_log_form_action,
    handle_pick_account_action,
)
from handlers.slack.alert_actions import (
    handle_acknowledge_action,
    handle_correct_label_action,
    handle_resolve_action,
    handle_show_history_action,
    handle_snooze_action,
)
from handlers.slack.commands import handle_pulse_command
from handlers.slack.correction_actions import (
    handle_delete_interaction_action,
    handle_edit_interaction_action,
    handle_entry_menu_action,
    handle_undo_interaction_action,
)
from handlers.slack.errors import handle_error
from handlers.slack.events import handle_app_home_opened_event, uninstall_handlers
from handlers.slack.ids import ActionId, ViewId
from handlers.slack.options import handle_account_options, handle_contact_options
from handlers.slack.team_guard import guard_team
from handlers.slack.views import handle_edit_submission, handle_log_submission


def register(app: App, *, installations: SQLAlchemyInstallationStore | None = None) -> None:
    """Wires every listener to the Bolt app; routing is visible here and nowhere else."""
    handle_app_uninstalled_event, handle_tokens_revoked_event = uninstall_handlers(installations)
    app.middleware(guard_team)
    app.command("/pulse")(handle_pulse_command)
    app.action(ActionId.CREATE_AND_LOG)(handle_create_and_log_action)
    app.action(re.compile(rf"^{re.escape(ActionId.PICK_ACCOUNT)}:\d+$"))(handle_pick_account_action)
    app.action(ActionId.DISMISS)(handle_dismiss_action)
    app.action(ActionId.OPEN_LOG_FORM)(handle_open_log_form_action)
    app.action(re.compile(rf"^{re.escape(ActionId.ANSWER)}:(yes|unsure|no)$"))(handle_answer_action)
    app.action(f"{ActionId.ANSWER}:comment")(handle_link_click_action)
    app.action(_prefixed(ActionId.ACKNOWLEDGE))(handle_acknowledge_action)
    app.action(_prefixed(ActionId.SNOOZE))(handle_snooze_action)
    app.action(_prefixed(ActionId.RESOLVE))(handle_resolve_action)
    app.action(_prefixed(ActionId.SHOW_HISTORY))(handle_show_history_action)
    app.action(_prefixed(ActionId.CORRECT_LABEL))(handle_correct_label_action)
    app.action(_prefixed(ActionId.UNDO_INTERACTION))(handle_undo_interaction_action)
    app.action(_prefixed(ActionId.EDIT_INTERACTION))(handle_edit_interaction_action)
    app.action(_prefixed(ActionId.DELETE_INTERACTION))(handle_delete_interaction_action)
    app.action(_prefixed(ActionId.ENTRY_MENU))(handle_entry_menu_action)
    app.options(ActionId.ACCOUNT_SELECT)(handle_account_options)
    app.options(ActionId.CONTACT_SELECT)(handle_contact_options)
    app.view(ViewId.LOG)(handle_log_submission)
    app.view(ViewId.EDIT)(handle_edit_submission)
    app.event("app_home_opened")(handle_app_home_opened_event)
    app.event("app_uninstalled")(handle_app_uninstalled_event)
    app.event("tokens_revoked")(handle_tokens_revoked_event)
    app.error(handle_error)


def _prefixed(action_id: str) -> re.Pattern[str]:
    """Matches an action id alone or suffixed with `:<id>` (ids must be unique within one message)."""
    return re.compile(rf"^{re.escape(action_id)}(:[\w-]+)?$")
