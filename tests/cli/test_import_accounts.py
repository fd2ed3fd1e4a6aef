"""`pulse import accounts FILE.csv`: upserts by name, resolves owners through Slack, reports bad rows by line."""

from __future__ import annotations

from sqlmodel import select

from storage.models import Account, AuditEvent, Contact, Outbox, OwnerChange
from tests.support.cli import pulse_env, run_pulse

CSV = """name,owner,billed,forecast,contact_name,contact_email
Acme Corp,U0OWNER01,"$1,250,000.00",300k,Jane Doe,jane@acme.com
Globex,maria@ourco.com,€ 80.000,"1.200,50",,
Initech,nobody@ourco.com,10,10,,
,U0OWNER01,1,1,,
Umbrella,U0OWNER01,lots,5,,
Hooli,U0OWNER01,5,5,Gavin,not-an-email
"Soylent
Corp",U0OWNER01,0,0,,
"""


def test_import_loads_good_rows_reports_bad_ones_and_updates_on_rerun(settings, standin, runtime, tmp_path):
    standin.add_user("U0MARIA01", "maria@ourco.com")
    path = tmp_path / "accounts.csv"
    path.write_text(CSV, encoding="utf-8")
    env = pulse_env(settings)

    first = run_pulse("import", "accounts", str(path), env=env)

    assert first.returncode == 1, first.stderr
    report = first.stderr
    assert f"{path}:4: no Slack user has the e-mail nobody@ourco.com" in report
    assert f"{path}:5: the name is empty" in report
    assert f"{path}:6: billed/forecast: 'lots' is not an amount" in report
    assert f"{path}:7: contact_email:" in report
    assert "3 created, 0 updated, 0 unchanged; 1 contacts added; 4 rows rejected" in report
    with runtime.transaction() as db:
        rows = {a.name: a for a in db.exec(select(Account))}
        contacts = [(c.name, c.email) for c in db.exec(select(Contact))]
    assert set(rows) == {"Acme Corp", "Globex", "Soylent Corp"}
    assert (rows["Acme Corp"].owner_id, rows["Acme Corp"].billed, rows["Acme Corp"].forecast) == (
        "U0OWNER01",
        1_250_000,
        300_000,
    )
    assert (rows["Globex"].owner_id, rows["Globex"].billed, rows["Globex"].forecast) == ("U0MARIA01", 80_000, 1200.5)
    assert contacts == [("Jane Doe", "jane@acme.com")]

    path.write_text("Name,Owner,Billed,Forecast\nAcme Corp,U0OTHER01,2M,0\nGlobex,U0MARIA01,80000,1200.50\n")
    second = run_pulse("import", "accounts", str(path), env=env)

    assert second.returncode == 0, second.stderr
    assert "0 created, 1 updated, 1 unchanged" in second.stderr
    with runtime.transaction() as db:
        acme = db.exec(select(Account).where(Account.name == "Acme Corp")).one()
        assert db.exec(select(Account)).all().__len__() == 3
        changes = [(c.old_owner_id, c.new_owner_id, c.changed_by) for c in db.exec(select(OwnerChange))]
        audited = [(e.action, e.before, e.after) for e in db.exec(select(AuditEvent))]
        told = sorted(o.payload["user_id"] for o in db.exec(select(Outbox)) if o.kind == "owner_change")
    assert (acme.owner_id, acme.billed) == ("U0OTHER01", 2_000_000)
    assert changes == [("U0OWNER01", "U0OTHER01", "import")]
    # An import that moves an account is audited and tells both owners, like /pulse owner.
    assert audited == [("account.owner", {"owner": "U0OWNER01"}, {"owner": "U0OTHER01"})]
    assert told == ["U0OTHER01", "U0OWNER01"]


def test_a_file_without_the_required_columns_is_refused_naming_them(settings, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("company,billed\nAcme,1\n")
    result = run_pulse("import", "accounts", str(path), env=pulse_env(settings))
    assert result.returncode == 2
    assert "missing column(s): name, owner" in result.stderr
