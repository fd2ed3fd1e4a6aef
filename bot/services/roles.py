"""Who may do what: workspace admins (Slack admins and owners, plus PULSE_ADMINS) and account owners.

Guests (single- and multi-channel) are never admins, even when listed. What Slack says about a person is
cached briefly, so a burst of commands asks Slack once; a demotion in Slack takes effect within the TTL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

TTL_SECONDS = 120.0
ADMINS_TTL_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Member:
    """What Slack says about one person: their workspace and the flags that decide their role."""

    user_id: str
    team_id: str | None
    is_admin: bool = False
    is_owner: bool = False
    is_guest: bool = False
    deleted: bool = False


class Directory(Protocol):
    """The port to the workspace's member directory (Slack's users.info and users.list)."""

    def member(self, user_id: str) -> Member | None:
        """Returns what the directory says about a person, None when it does not know them."""

    def workspace_admins(self) -> tuple[str, ...]:
        """Returns the ids of the workspace's admins and owners (a bounded scan)."""


class DirectoryUnavailable(RuntimeError):
    """The directory could not be asked (Slack down, rate limited); the caller refuses rather than guesses."""


class NotAllowed(PermissionError):
    """The person may not do this; `admins` says whom to ask."""

    def __init__(self, doing: str, admins: tuple[str, ...], *, unsure: bool = False) -> None:
        super().__init__(f"only admins may {doing}")
        self.doing = doing
        self.admins = admins
        self.unsure = unsure


class Roles:
    """Decides admin rights from the configured list and the directory, with a short cache per person."""

    def __init__(
        self, configured: Iterable[str] = (), *, ttl: float = TTL_SECONDS, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.configured = frozenset(u.strip() for u in configured if u.strip())
        self.ttl, self.now = ttl, now
        self._members: dict[tuple[str, str], tuple[float, Member | None]] = {}
        self._admins: dict[str, tuple[float, tuple[str, ...]]] = {}
        self._lock = threading.Lock()

    def member(self, directory: Directory, *, team_id: str, user_id: str) -> Member | None:
        """Returns a person as the directory described them at most `ttl` seconds ago."""
        key = (team_id, user_id)
        with self._lock:
            cached = self._members.get(key)
        if cached is not None and self.now() - cached[0] < self.ttl:
            return cached[1]
        found = directory.member(user_id)
        with self._lock:
            self._members[key] = (self.now(), found)
        return found

    def is_admin(self, directory: Directory, *, team_id: str, user_id: str) -> bool:
        """Tells whether a person administers Pulse in this workspace; raises DirectoryUnavailable if unsure."""
        try:
            member = self.member(directory, team_id=team_id, user_id=user_id)
        except DirectoryUnavailable:
            if user_id in self.configured:
                return True
            raise
        if member is None or member.deleted or member.is_guest:
            return False
        if member.team_id is not None and member.team_id != team_id:
            # A Slack Connect member administers their own organisation, not this one.
            return False
        return user_id in self.configured or member.is_admin or member.is_owner

    def admins(self, directory: Directory, *, team_id: str) -> tuple[str, ...]:
        """Returns whom to ask: the configured admins, then the workspace's admins and owners (cached)."""
        with self._lock:
            cached = self._admins.get(team_id)
        if cached is None or self.now() - cached[0] >= ADMINS_TTL_SECONDS:
            try:
                found = directory.workspace_admins()
            except DirectoryUnavailable:
                found = ()
            cached = (self.now(), found)
            with self._lock:
                self._admins[team_id] = cached
        configured = [u for u in sorted(self.configured) if self._named(directory, team_id=team_id, user_id=u)]
        return tuple(dict.fromkeys([*configured, *cached[1]]))

    def _named(self, directory: Directory, *, team_id: str, user_id: str) -> bool:
        """Tells whether a configured admin may be named as one (not a guest, not gone)."""
        try:
            return self.is_admin(directory, team_id=team_id, user_id=user_id)
        except DirectoryUnavailable:
            return True

    def require_admin(self, directory: Directory, *, team_id: str, user_id: str, doing: str) -> None:
        """Raises NotAllowed (naming the admins) unless the person is an admin."""
        try:
            allowed = self.is_admin(directory, team_id=team_id, user_id=user_id)
        except DirectoryUnavailable:
            raise NotAllowed(doing, self.admins(directory, team_id=team_id), unsure=True) from None
        if not allowed:
            raise NotAllowed(doing, self.admins(directory, team_id=team_id))

    def require_admin_or(
        self, directory: Directory, *, team_id: str, user_id: str, doing: str, allowed_ids: Iterable[str]
    ) -> None:
        """Raises NotAllowed unless the person is one of `allowed_ids` (e.g. the account's owner) or an admin."""
        if user_id in set(allowed_ids):
            return
        self.require_admin(directory, team_id=team_id, user_id=user_id, doing=doing)


def is_admin(roles: Roles, directory: Directory, *, team_id: str, user_id: str) -> bool:
    """Tells whether a person is an admin (False when the directory cannot say)."""
    try:
        return roles.is_admin(directory, team_id=team_id, user_id=user_id)
    except DirectoryUnavailable:
        return False


def require_admin(roles: Roles, directory: Directory, *, team_id: str, user_id: str, doing: str) -> None:
    """Raises NotAllowed (naming the admins) unless the person is an admin; for every admin-only use case."""
    roles.require_admin(directory, team_id=team_id, user_id=user_id, doing=doing)
