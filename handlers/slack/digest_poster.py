"""Posts a digest to its channel, with the rest of the ranking in its thread; resumes instead of repeating."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.core.catalog import words
from bot.core.digest import Digest
from bot.services.subscriptions import PostRequest
from handlers.slack.digest_blocks import digest_message, overflow_messages
from handlers.slack.gateway import SlackGateway

EVENT_TYPE = "pulse_digest"


class SlackDigestPoster:
    """Each message carries the run id in Slack message metadata, so an earlier post can be found again."""

    def __init__(self, gateway: SlackGateway, portfolio_url: str | None = None) -> None:
        self.gateway, self.portfolio_url = gateway, portfolio_url

    def post(self, request: PostRequest, digest: Digest, progress: Callable[[str, int, int], None]) -> bool:
        """Posts the digest (or finds the earlier post) and finishes its thread; False for a skipped quiet day."""
        w = words(request.language)
        message = digest_message(
            digest, quiet_all_clear=request.quiet == "all_clear", w=w, portfolio_url=self.portfolio_url
        )
        if message is None:
            return False
        thread = overflow_messages(digest, w=w)
        ts, done = request.message_ts, request.thread_posted
        if request.may_exist:
            ts, done = self._find(request, ts, done)
            if ts is not None:
                progress(ts, done, len(thread))
        if ts is None:
            posted = self._post(request, message, part=0)
            ts, done = str(posted["ts"]), 0
            progress(ts, done, len(thread))
        for index in range(done, len(thread)):
            self._post(request, thread[index], part=index + 1, thread_ts=ts)
            progress(ts, index + 1, len(thread))
        return True

    def _post(self, request: PostRequest, message: dict[str, Any], *, part: int, thread_ts: str | None = None) -> Any:
        """Posts one message of the digest, tagged with its run and part."""
        extra: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        return self.gateway.call(
            request.team_id,
            "chat.postMessage",
            channel=request.channel_id,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"run_id": request.run_id, "part": part}},
            **message,
            **extra,
        )

    def _find(self, request: PostRequest, ts: str | None, done: int) -> tuple[str | None, int]:
        """Looks in the channel for what an interrupted attempt already posted."""
        if ts is None:
            history = self.gateway.call(
                request.team_id,
                "conversations.history",
                channel=request.channel_id,
                oldest=f"{request.created_at.timestamp() - 60:.6f}",
                include_all_metadata=True,
                limit=200,
            )
            ts = next((m["ts"] for m in history.get("messages", []) if self._part(m, request) == 0), None)
        if ts is None:
            return None, 0
        replies = self.gateway.call(
            request.team_id,
            "conversations.replies",
            channel=request.channel_id,
            ts=ts,
            include_all_metadata=True,
            limit=200,
        )
        parts = [self._part(m, request) for m in replies.get("messages", [])]
        return ts, max([done, *(p for p in parts if p is not None)])

    @staticmethod
    def _part(message: dict[str, Any], request: PostRequest) -> int | None:
        """Returns the part number of one of this run's messages, or None for any other message."""
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == EVENT_TYPE and payload.get("run_id") == request.run_id:
            return int(payload.get("part", 0))
        return None
