"""Pictures in Slack's blocks: the digest and App Home carry an image block with its alt text; links need a URL."""

from __future__ import annotations

from dataclasses import replace

from bot.config import Settings
from bot.core import chart_tokens
from bot.core.digest import Picture
from bot.services.home import RepHome
from handlers.slack import digest_blocks, home_blocks
from handlers.slack.pictures import ChartLinks
from tests.handlers.test_digest_blocks import NOW, assert_within_limits, entry, make_digest

PICTURE = Picture("https://pulse.example/charts/abc.def.png", "Portfolio matrix of all accounts: " + "x" * 3000)


def images(message) -> list[dict]:
    return [b for b in message["blocks"] if b["type"] == "image"]


def test_the_digest_carries_its_matrix_after_the_headline_within_slacks_limits():
    digest = replace(make_digest([entry(i) for i in range(1, 30)], cap=30), picture=PICTURE)
    message = digest_blocks.digest_message(digest)
    assert message is not None
    [image] = images(message)
    assert message["blocks"].index(image) == 2
    assert image["image_url"] == PICTURE.url and image["title"]["text"] == "Portfolio matrix"
    assert image["alt_text"].startswith("Portfolio matrix of all accounts") and len(image["alt_text"]) <= 2000
    assert_within_limits(message)
    quiet = digest_blocks.digest_message(replace(make_digest([], total=3), picture=PICTURE))
    assert quiet is not None and len(images(quiet)) == 1


def test_without_a_picture_the_digest_stays_text():
    message = digest_blocks.digest_message(make_digest([entry(1)]))
    assert message is not None and images(message) == []


def test_app_home_shows_the_reps_own_matrix():
    home = RepHome(make_digest([entry(1)]), (), (), 0, 0, 0)
    view = home_blocks.home_view(home, now=NOW, picture=PICTURE)
    [image] = images(view)
    assert image["image_url"] == PICTURE.url and image["title"]["text"] == "Your portfolio"
    assert images(home_blocks.home_view(home, now=NOW)) == []


def test_chart_links_need_a_public_url_and_a_secret():
    base = {"slack_signing_secret": "s3cret", "public_url": "https://pulse.example/"}
    links = ChartLinks(Settings(_env_file=None, **base))  # type: ignore[call-arg, arg-type]
    url = links.matrix_url(team_id="T1", owner_ids=("U1",), language="de", now=NOW)
    assert url is not None and url.startswith("https://pulse.example/charts/") and url.endswith(".png")
    token = url.removeprefix("https://pulse.example/charts/").removesuffix(".png")
    claims = chart_tokens.verify(token, chart_tokens.derive_key("s3cret"), now=NOW)
    assert (claims.kind, claims.team_id, claims.owner_ids, claims.language) == ("matrix", "T1", ("U1",), "de")
    crowd = tuple(f"U{i:010d}" for i in range(400))
    assert links.matrix_url(team_id="T1", owner_ids=crowd, language=None, now=NOW) is None  # over Slack's 3,000
    own_key = Settings(_env_file=None, pulse_secret_key="other", **base)  # type: ignore[call-arg, arg-type]
    assert own_key.link_secret == "other"
    for missing in ({"public_url": None}, {"slack_signing_secret": None}):
        settings = Settings(_env_file=None, **{**base, **missing})  # type: ignore[call-arg, arg-type]
        off = ChartLinks(settings)
        assert not off.enabled
        assert off.matrix_url(team_id="T1", language=None, now=NOW) is None
        assert off.history_url(team_id="T1", account_id=1, language=None, now=NOW) is None
