"""SQLModel tables. Every row belongs to one Slack workspace (team_id), so multi-workspace needs no migration.

Split by domain; importing this package registers every table on `SQLModel.metadata`.
"""

from __future__ import annotations

from sqlmodel import SQLModel

from storage.models.base import utcnow
from storage.models.operations import (
    SLACK_BOTS,
    SLACK_INSTALLATIONS,
    SLACK_OAUTH_STATES,
    Alert,
    ApiKey,
    AuditEvent,
    DigestRun,
    HandledRequest,
    Outbox,
    SentimentAdjustment,
    Subscription,
)
from storage.models.people import Account, Contact, OwnerChange, RepProfile, Suppression, Workspace
from storage.models.surveys import (
    AccountStats,
    Interaction,
    PendingLog,
    Pulse,
    PulseToken,
    Response,
    SurveyTap,
    UserName,
)
from storage.models.web import WebLogin, WebSession

__all__ = [
    "SLACK_BOTS",
    "SLACK_INSTALLATIONS",
    "SLACK_OAUTH_STATES",
    "Account",
    "AccountStats",
    "Alert",
    "ApiKey",
    "AuditEvent",
    "Contact",
    "DigestRun",
    "HandledRequest",
    "Interaction",
    "Outbox",
    "OwnerChange",
    "PendingLog",
    "Pulse",
    "PulseToken",
    "RepProfile",
    "Response",
    "SQLModel",
    "SentimentAdjustment",
    "Subscription",
    "Suppression",
    "SurveyTap",
    "UserName",
    "WebLogin",
    "WebSession",
    "Workspace",
    "utcnow",
]
