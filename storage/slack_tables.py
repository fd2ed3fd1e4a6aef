"""Slack installations and OAuth state in Pulse's own database, in the tables slack_sdk's SQLAlchemy stores use."""

from __future__ import annotations

import logging

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from storage.models import SLACK_BOTS as BOTS
from storage.models import SLACK_INSTALLATIONS as INSTALLATIONS
from storage.models import SLACK_OAUTH_STATES as OAUTH_STATES


def installation_store(engine: Engine, *, client_id: str) -> SQLAlchemyInstallationStore:
    """Returns slack_sdk's installation store on Pulse's engine."""
    return SQLAlchemyInstallationStore(
        client_id=client_id,
        engine=engine,
        bots_table_name=BOTS,
        installations_table_name=INSTALLATIONS,
        logger=logging.getLogger("pulse.slack.installations"),
    )


def state_store(engine: Engine, *, expiration_seconds: int = 600) -> SQLAlchemyOAuthStateStore:
    """Returns slack_sdk's OAuth state store on Pulse's engine."""
    return SQLAlchemyOAuthStateStore(
        expiration_seconds=expiration_seconds,
        engine=engine,
        table_name=OAUTH_STATES,
        logger=logging.getLogger("pulse.slack.oauth"),
    )
