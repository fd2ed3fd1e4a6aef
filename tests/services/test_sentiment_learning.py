"""A rep's label correction teaches that workspace's scorer; later answers and `rescore` use what it learned."""

from __future__ import annotations

from sqlmodel import select

from bot.core import survey
from bot.core.sentiment import score_text
from bot.services import accounts, responses, scoring
from storage.models import Response
from storage.queries import sentiment as sentiment_queries

TEAM, OTHER = "T0LEARN01", "T0OTHER01"
_names = iter(range(1_000_000))


def _respond(db, *, team_id: str, comment: str, now) -> Response:
    """Stores a scored response with a comment in a new account of the workspace."""
    account = accounts.create_account(db, team_id=team_id, name=f"Account {next(_names)}", owner_id="U1", now=now)
    assert account.id is not None
    response = Response(team_id=team_id, account_id=account.id, answer="yes", created_at=now, updated_at=now)
    responses.score_response(response, answer=survey.Answer.YES, comment=comment)
    db.add(response)
    db.flush()
    return response


def test_a_correction_teaches_only_its_workspace(runtime):
    now = runtime.now()
    with runtime.transaction() as db:
        first = _respond(db, team_id=TEAM, comment="The new dashboard is sick", now=now)
        assert first.label == "negative"
        assert first.id is not None
        responses.correct_label(db, team_id=TEAM, response_id=first.id, label="positive", user_id="U1", now=now)
        learned = sentiment_queries.get_adjustments(db, team_id=TEAM)
        assert learned["w:sick"] > 0
        assert sentiment_queries.get_adjustments(db, team_id=OTHER) == {}
        later = "Honestly the reporting page is sick"
        ours = scoring.score_comment(db, team_id=TEAM, comment=later)
        theirs = scoring.score_comment(db, team_id=OTHER, comment=later)
    assert theirs == score_text(later)
    assert ours.polarity > theirs.polarity
    assert any("sick" in cue for cue in ours.cues)


def test_corrections_accumulate_and_stay_bounded(runtime):
    now = runtime.now()
    with runtime.transaction() as db:
        for _ in range(30):
            response = _respond(db, team_id=TEAM, comment="Delivery was sick", now=now)
            assert response.id is not None
            responses.correct_label(db, team_id=TEAM, response_id=response.id, label="positive", user_id="U1", now=now)
        learned = sentiment_queries.get_adjustments(db, team_id=TEAM)
    assert 0 < learned["w:sick"] <= 4.0
    assert not any(name.startswith("lex:") for name in learned), "lexicon strengths are shared, never learned"


def test_rescore_applies_a_workspaces_adjustment_to_its_history(runtime):
    now = runtime.now()
    with runtime.transaction() as db:
        old = _respond(db, team_id=TEAM, comment="Support is sick", now=now)
        elsewhere = _respond(db, team_id=OTHER, comment="Support is sick", now=now)
        corrected = _respond(db, team_id=TEAM, comment="The upgrade is sick", now=now)
        assert corrected.id is not None
        responses.correct_label(db, team_id=TEAM, response_id=corrected.id, label="positive", user_id="U1", now=now)
        before = (old.polarity, elsewhere.polarity)
        count = responses.rescore_all(db, now=now)
        assert count == 2, "the learning workspace's comments are re-scored; the other's are current"
        rescored = {r.id: r for r in db.exec(select(Response))}
    assert rescored[old.id].polarity is not None and before[0] is not None
    assert rescored[old.id].polarity > before[0]
    assert rescored[elsewhere.id].polarity == before[1]
    assert rescored[corrected.id].label_override == "positive"
