"""App Home: a rep's accounts needing them, never cut off silently, and the whole growth list counted."""

from __future__ import annotations

from dataclasses import replace

from bot.core.portfolio import AccountClass
from bot.services.home import RepHome
from handlers.slack import home_blocks
from tests.handlers.test_digest_blocks import NOW, entry, make_digest, walk


def _text(view) -> str:
    mrkdwn, plain, _ = walk(view)
    return "\n".join(mrkdwn + plain)


def test_accounts_beyond_the_home_tab_are_counted_with_where_to_find_them():
    growers = tuple(entry(100 + i, name=f"Sprout {i}", account_class=AccountClass.GROW) for i in range(30))
    digest = make_digest([entry(i) for i in range(1, 13)], growth=growers)
    view = home_blocks.home_view(RepHome(digest, (), (), 0, 0, 0), now=NOW)
    text = _text(view)
    assert "*Accounts needing you (12)*" in text
    assert sum(f"*{i}. Account {i}*" in text for i in range(1, 13)) == home_blocks.MAX_ENTRIES
    assert "+4 more of your at-risk accounts: `pulse digest --format json`" in text
    assert "Room to grow (30): Sprout 0, " in text and "+5 more" in text
    assert len(view["blocks"]) <= 100


def test_watch_accounts_are_counted_on_app_home_too():
    digest = replace(make_digest([entry(i) for i in range(1, 4)]), watch_count=7)
    text = _text(home_blocks.home_view(RepHome(digest, (), (), 0, 0, 0), now=NOW))
    assert "*Accounts needing you (3)*" in text
    assert "7 more accounts show weaker signs: pulse digest --format json, or the portfolio page" in text
