"""The member directory for role checks: Slack's users.info and users.list, with short timeouts."""

from __future__ import annotations

import urllib.error
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services.roles import DirectoryUnavailable, Member

# A role check runs before Slack's three-second acknowledgement: a slow users.info must not use it all up.
TIMEOUT_SECONDS = 2
ADMIN_SCAN_PAGES = 3


class SlackMembers:
    """Answers role questions for one workspace with the request's bot token."""

    def __init__(self, client: WebClient) -> None:
        self.client = WebClient(token=client.token, base_url=client.base_url, timeout=TIMEOUT_SECONDS)

    def member(self, user_id: str) -> Member | None:
        """Returns the person's flags from users.info, None if Slack does not know them."""
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            if error.response.get("error") in ("user_not_found", "users_not_found"):
                return None
            raise DirectoryUnavailable(str(error.response.get("error"))) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise DirectoryUnavailable(str(error)) from None
        return _member(user)

    def workspace_admins(self) -> tuple[str, ...]:
        """Returns the admins and owners among the first few pages of users.list (owners first)."""
        found: list[Member] = []
        cursor = None
        try:
            for _ in range(ADMIN_SCAN_PAGES):
                page = self.client.users_list(limit=200, cursor=cursor) if cursor else self.client.users_list(limit=200)
                found.extend(_member(user) for user in page.get("members") or [])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except (SlackApiError, urllib.error.URLError, TimeoutError, OSError) as error:
            raise DirectoryUnavailable(str(error)) from None
        admins = [m for m in found if (m.is_admin or m.is_owner) and not m.is_guest and not m.deleted]
        admins.sort(key=lambda m: not m.is_owner)
        return tuple(m.user_id for m in admins)


def _member(user: dict[str, object]) -> Member:
    """Reads the role flags of one users.info / users.list entry."""
    return Member(
        user_id=str(user.get("id")),
        team_id=str(user["team_id"]) if user.get("team_id") else None,
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner") or user.get("is_primary_owner")),
        is_guest=bool(user.get("is_restricted") or user.get("is_ultra_restricted")),
        deleted=bool(user.get("deleted")),
    )


def display_name_lookup(client: WebClient) -> Callable[[str], str | None]:
    """Returns a users.info lookup of a person's display name (else real name, else handle); None on failure."""

    def lookup(user_id: str) -> str | None:
        try:
            user = client.users_info(user=user_id)["user"]
        except (SlackApiError, OSError):
            return None
        profile = user.get("profile") or {}
        for name in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):
            if name and str(name).strip():
                return str(name).strip()
        return None

    return lookup
