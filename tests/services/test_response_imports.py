"""Importing past responses: Delighted and Pulse files land in account histories, scored, once, row by row."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.core.response_formats import Format, read_layout
from bot.core.tables import HeaderError, read_table
from bot.services import accounts
from bot.services.response_imports import ResponseImportReport, import_responses
from storage.models import Account, AccountStats, Alert, Contact, Interaction, Outbox, Pulse, Response
from storage.queries import accounts as account_queries

TEAM = "T0HIST001"

DELIGHTED_NPS = """Response ID,Email,Name,Score,Comment,Response Timestamp,Company,Plan,What could we do better?
d-101,ana@northwind.example,Ana Ruiz,10,Best onboarding we have had from any vendor.,2026-03-02T14:05:00Z,\
Northwind Traders,Enterprise,
d-102,raj@northwind.example,Raj Patel,3,"Invoices wrong two months running, still waiting on a credit.",\
2026-09-15 09:30:00 -0700,northwind  traders,Enterprise,Fix billing
d-103,hank@globex.example,Hank Scorpio,8,,1790000000,Globex,Starter,
d-104,marie@globex.example,Marie Curry,9,"Great people, fair prices, would recommend.",2026-10-01,Globex,Starter,Nothing
"""


def _seed(runtime) -> None:
    """Three accounts with a contact each; Initech's contact uses a public mail domain."""
    now = runtime.now()
    with runtime.transaction() as db:
        for name, owner, email in (
            ("Northwind Traders", "U0ANNA001", "ana@northwind.example"),
            ("Globex", "U0BEN0001", "hank@globex.example"),
            ("Initech", "U0ANNA001", "peter@initech.example"),
        ):
            account = accounts.create_account(db, team_id=TEAM, name=name, owner_id=owner, now=now)
            account_queries.add_contact(db, account=account, email=email, name="", now=now)
        initech = account_queries.get_account_by_key(db, team_id=TEAM, key="initech")
        assert initech is not None
        account_queries.add_contact(db, account=initech, email="sam@gmail.com", name="Sam", now=now)


def _load(runtime, text: str, **options) -> ResponseImportReport:
    header, rows = read_table(io.StringIO(text))
    layout = read_layout(
        header, requested=options.pop("requested", Format.AUTO), account_column=options.pop("account_column", None)
    )
    with runtime.transaction() as db:
        return import_responses(
            db, team_id=options.pop("team_id", TEAM), layout=layout, rows=rows, now=runtime.now(), **options
        )


def _answers(runtime, team_id: str = TEAM) -> dict[str, tuple[str, str, str, str, datetime]]:
    """Every response by contact e-mail: account, answer, label, comment, time."""
    with runtime.transaction() as db:
        rows = db.exec(
            select(Response, Account, Contact)
            .join(Account, Account.id == Response.account_id)
            .join(Contact, Contact.id == Response.contact_id)
            .where(Response.team_id == team_id)
        )
        return {c.email: (a.name, r.answer, r.label, r.comment, r.created_at) for r, a, c in rows}


def _count(runtime, model) -> int:
    with runtime.transaction() as db:
        return len(db.exec(select(model)).all())


def test_a_delighted_file_lands_in_the_named_accounts_as_answered_pulses_at_their_times(runtime):
    _seed(runtime)

    report = _load(runtime, DELIGHTED_NPS)

    assert (report.imported, report.already_imported, report.rejected) == (4, 0, [])
    assert (report.accounts_created, report.contacts_added, report.inferred_type) == (0, 2, "nps")
    assert report.scoring_notes() == [
        "Scores read as NPS (0-10): 9-10 Yes, 7-8 Not sure, 0-6 No "
        "(no survey type given: inferred, as a score is above 5 or 0)."
    ]
    answers = _answers(runtime)
    assert answers["ana@northwind.example"] == (
        "Northwind Traders",
        "yes",
        "positive",
        "Best onboarding we have had from any vendor.",
        datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
    )
    raj = answers["raj@northwind.example"]
    assert raj[:3] == ("Northwind Traders", "no", "negative")
    assert raj[4] == datetime(2026, 9, 15, 16, 30, tzinfo=UTC)
    assert answers["hank@globex.example"] == (
        "Globex",
        "unsure",
        "unknown",
        "",
        datetime.fromtimestamp(1790000000, UTC),
    )
    assert answers["marie@globex.example"][1:3] == ("yes", "positive")
    assert answers["marie@globex.example"][4] == datetime(2026, 10, 1, tzinfo=UTC)
    with runtime.transaction() as db:
        response = db.exec(select(Response).where(Response.source_id == "delighted:d-102")).one()
        pulse = db.get(Pulse, response.pulse_id)
        assert pulse is not None
        interaction = db.get(Interaction, pulse.interaction_id)
        assert interaction is not None
        assert "3" not in response.comment and response.channel == "import" and response.experience < -0.7
        assert (pulse.state, pulse.channel, pulse.email) == ("answered", "import", "raj@northwind.example")
        assert pulse.sent_at == pulse.answered_at == pulse.asked_at == raj[4]
        assert (interaction.source, interaction.kind, interaction.rep_id) == ("import", "other", "U0ANNA001")
        assert (interaction.idempotency_key, interaction.occurred_at) == ("import:delighted:d-102", raj[4])
        raj_contact = db.exec(select(Contact).where(Contact.email == "raj@northwind.example")).one()
        assert raj_contact.name == "Raj Patel"


def test_aggregates_reflect_the_history_and_history_raises_no_alerts(runtime):
    _seed(runtime)
    _load(runtime, DELIGHTED_NPS)

    with runtime.transaction() as db:
        ids = {a.name: a.id for a in db.exec(select(Account))}
        northwind = db.get(AccountStats, ids["Northwind Traders"])
        globex = db.get(AccountStats, ids["Globex"])
        assert northwind is not None and globex is not None
        assert (northwind.responses, globex.responses) == (2, 2)
        assert northwind.last_no_at == datetime(2026, 9, 15, 16, 30, tzinfo=UTC)
        assert globex.last_no_at is None
        assert northwind.last_response_at == datetime(2026, 9, 15, 16, 30, tzinfo=UTC)
        assert northwind.satisfaction is not None and globex.satisfaction is not None
        assert northwind.satisfaction < 0 < globex.satisfaction
        assert (northwind.pulses_sent, northwind.pulses_answered) == (1, 1)  # only the September one is in 180 days
        assert db.get(AccountStats, ids["Initech"]) is None
        card = accounts.get_account_card(db, account=db.get(Account, ids["Northwind Traders"]))
    assert _count(runtime, Outbox) == 0 and _count(runtime, Alert) == 0
    latest = card.timeline[0]
    assert latest.pulse is not None and latest.pulse.response is not None
    assert (latest.kind, latest.note, latest.contact_email) == (
        "other",
        "Imported from Delighted",
        "raj@northwind.example",
    )
    assert (latest.pulse.state, latest.pulse.response.answer) == ("answered", "no")


def test_importing_the_same_file_twice_adds_nothing(runtime):
    _seed(runtime)
    _load(runtime, DELIGHTED_NPS)
    before = [_count(runtime, model) for model in (Response, Pulse, Interaction, Contact, Account)]

    again = _load(runtime, DELIGHTED_NPS)

    assert (again.imported, again.already_imported, again.contacts_added, again.rejected) == (0, 4, 0, [])
    assert [_count(runtime, model) for model in (Response, Pulse, Interaction, Contact, Account)] == before


def test_bad_rows_are_reported_by_line_and_the_good_rows_still_load(runtime):
    _seed(runtime)
    text = (
        "Response ID,Email,Score,Comment,Created,Company\n"
        'b-1,peter@initech.example,9,"Two lines\nof praise",2026-04-01T08:00:00+02:00,\n'
        "b-2,not-an-address,9,,2026-04-01,Initech\n"
        "b-3,peter@initech.example,11,,2026-04-01,\n"
        "b-4,peter@initech.example,7,,last Tuesday,\n"
        "b-5,peter@initech.example,7,,2027-01-01T00:00:00Z,\n"
        "b-6,zoe@gmail.com,6,,2026-04-02,\n"
        "b-7,hank@globex.example,6,,2026-04-02,Hooli\n"
        "b-8,milton@initech.example,4,The stapler was never returned.,2026-04-03,\n"
        ",,,,,\n"
        "b-9,joe@globex.example,2,,2026-04-04,\n"
    )

    report = _load(runtime, text)

    messages = {error.line: error.message for error in report.rejected}
    assert sorted(messages) == [4, 5, 6, 7, 8, 9]
    assert messages[4].startswith("e-mail 'not-an-address':")
    assert messages[5] == "score 11 is outside NPS's 0-10"
    assert messages[6].startswith("'last Tuesday' is not a time")
    assert messages[7] == "the answer time 2027-01-01 00:00 UTC is in the future"
    assert messages[8] == "no account has the contact zoe@gmail.com, nor other contacts at gmail.com"
    assert messages[9] == "no account is named 'Hooli'"
    assert (report.imported, report.unmatched, report.contacts_added) == (3, 2, 2)
    answers = _answers(runtime)
    assert answers["peter@initech.example"][0:4] == ("Initech", "yes", "positive", "Two lines\nof praise")
    assert answers["peter@initech.example"][4] == datetime(2026, 4, 1, 6, 0, tzinfo=UTC)
    assert answers["milton@initech.example"][:2] == ("Initech", "no")  # placed by its domain
    assert answers["joe@globex.example"][:2] == ("Globex", "no")


def test_unknown_accounts_are_created_for_the_owner_and_shared_domains_stay_unmatched(runtime):
    _seed(runtime)
    with runtime.transaction() as db:
        for name in ("Shared One", "Shared Two"):
            account = accounts.create_account(db, team_id=TEAM, name=name, owner_id="U0ANNA001", now=runtime.now())
            account_queries.add_contact(
                db, account=account, email=f"{name[-3:].lower()}@cowork.example", name="", now=runtime.now()
            )
    text = (
        "id,email,score,created,organization\n"
        "c-1,gavin@hooli.example,2,2026-06-01,Hooli\n"
        "c-2,erlich@hooli.example,9,2026-06-02,  HOOLI \n"
        "c-3,newbie@cowork.example,9,2026-06-02,\n"
    )

    report = _load(runtime, text, owner_id="U0NEWREP1")

    assert (report.imported, report.accounts_created, report.contacts_added) == (2, 1, 2)
    assert [(e.line, e.message) for e in report.rejected] == [
        (4, "several accounts have contacts at cowork.example; name the account in a column")
    ]
    with runtime.transaction() as db:
        hooli = db.exec(select(Account).where(Account.name == "Hooli")).one()
        assert hooli.owner_id == "U0NEWREP1"
        assert len(account_queries.list_contacts(db, account_id=hooli.id)) == 2


def test_csat_ces_and_other_survey_types_follow_their_own_scales(runtime):
    _seed(runtime)
    rows = [
        ("CSAT", 4, "yes"),
        ("csat", 3, "unsure"),
        ("Customer Satisfaction", 2, "no"),
        ("CES", 5, "yes"),
        ("ces", 4, "unsure"),
        ("CES", 3, "no"),
        ("NPS", 7, "unsure"),
        ("5-star", 5, "yes"),
        ("Smileys", 1, "no"),
        ("Thumbs", 0, "no"),
    ]
    text = "Response ID,Email,Score,Survey Type,Response Timestamp,Company\n" + "".join(
        f"t-{i},p{i}@initech.example,{score},{kind},2026-07-01T12:00:00Z,Initech\n"
        for i, (kind, score, _) in enumerate(rows)
    )
    text += "t-pmf,pmf@initech.example,2,PMF,2026-07-01T12:00:00Z,Initech\n"
    text += "t-ces,big@initech.example,8,CES,2026-07-01T12:00:00Z,Initech\n"

    report = _load(runtime, text)

    answers = _answers(runtime)
    assert [answers[f"p{i}@initech.example"][1] for i in range(len(rows))] == [answer for _, _, answer in rows]
    assert report.inferred_type is None
    assert report.survey_types == {"csat", "ces", "nps", "thumbs"}
    assert "Scores read as CES (1-7): 5-7 Yes, 4 Not sure, 1-3 No." in report.scoring_notes()
    assert "Scores read as thumbs (0-1): 1 Yes, 0 No." in report.scoring_notes()
    assert [(e.line, e.message) for e in report.rejected] == [
        (12, "survey type 'PMF' has no yes/no reading (NPS, eNPS, CSAT, CES, 5-star, smileys, thumbs)"),
        (13, "score 8 is outside CES's 1-7"),
    ]


@pytest.mark.parametrize(
    ("scores", "inferred", "answers"),
    [
        ((5, 4, 3, 1), "csat", ["yes", "yes", "unsure", "no"]),
        ((5, 4, 0, 1), "nps", ["no", "no", "no", "no"]),
        ((6, 9, 10, 7), "nps", ["no", "yes", "yes", "unsure"]),
    ],
)
def test_without_a_survey_type_the_range_of_the_scores_decides(runtime, scores, inferred, answers):
    _seed(runtime)
    text = "email,score,date,account\n" + "".join(
        f"q{i}@initech.example,{score},2026-08-0{i + 1},Initech\n" for i, score in enumerate(scores)
    )

    report = _load(runtime, text)

    assert (report.inferred_type, report.rejected) == (inferred, [])
    assert "(no survey type given: inferred" in report.scoring_notes()[0]
    found = _answers(runtime)
    assert [found[f"q{i}@initech.example"][1] for i in range(len(scores))] == answers


def test_a_pulse_export_keeps_answers_kinds_comments_and_label_corrections(runtime):
    text = (
        "response_id,answered_at,updated_at,account,account_owner,contact_email,contact_name,interaction_id,"
        "interaction_kind,interaction_at,interaction_rep,asked_at,channel,answer,comment,polarity,subjectivity,"
        "label,scorer_label,label_override,cues,experience,experience_0_100,scorer_version\n"
        "41,2026-05-05T10:00:00+00:00,,'=Acme Corp,U0OLD0001,jane@acme.example,Jane,7,support,,,,email,no,"
        "'-Charged twice for the same order,,,negative,negative,,,,,\n"
        "42,2026-05-06T10:00:00+00:00,,'=Acme Corp,U0OLD0001,bob@acme.example,Bob,8,visit,,,,email,unsure,"
        "Not bad at all,,,negative,positive,negative,,,,\n"
        "43,2026-05-07T10:00:00+00:00,,'=Acme Corp,U0OLD0001,,,,meeting,,,,email,Not sure,,,,,,,,,,\n"
    )

    report = _load(runtime, text, owner_id="U0NEWREP1")

    assert (report.imported, report.accounts_created, report.contacts_added, report.rejected) == (3, 1, 2, [])
    assert report.survey_types == set() and report.scoring_notes() == []
    with runtime.transaction() as db:
        responses = {r.source_id: r for r in db.exec(select(Response))}
        kinds = sorted(i.kind for i in db.exec(select(Interaction)))
        account = db.exec(select(Account)).one()
    assert account.name == "=Acme Corp"
    assert kinds == ["meeting", "support", "visit"]
    jane, bob, anonymous = responses["pulse:41"], responses["pulse:42"], responses["pulse:43"]
    assert (jane.answer, jane.comment, jane.label, jane.label_override) == (
        "no",
        "-Charged twice for the same order",
        "negative",
        None,
    )
    assert (bob.answer, bob.label_override, bob.override_by) == ("unsure", "negative", "import")
    assert bob.experience < 0  # the correction, not the scorer's "positive", sets the score
    assert (anonymous.answer, anonymous.contact_id) == ("unsure", None)


def test_headers_that_fit_neither_format_are_refused_saying_what_is_missing():
    with pytest.raises(HeaderError, match=r"neither a Pulse export .* nor a Delighted one"):
        read_layout(["email", "rating_text"])
    with pytest.raises(HeaderError, match=r"missing column\(s\) of a delighted export: response_timestamp or"):
        read_layout(["email", "score"], requested=Format.DELIGHTED)
    with pytest.raises(HeaderError, match=r"missing column\(s\) of a pulse export: answer"):
        read_layout(["response_id", "answered_at"], requested=Format.PULSE)
    with pytest.raises(HeaderError, match="no column 'Org Name' to read accounts from"):
        read_layout(["email", "score", "created"], account_column="Org Name")
    with pytest.raises(HeaderError, match="an e-mail or an account column is needed"):
        read_layout(["score", "created", "comment"])
    layout = read_layout(["score", "created", "org_name"], account_column="Org Name")
    assert (layout.format, layout.columns["account"]) == (Format.DELIGHTED, "org_name")
