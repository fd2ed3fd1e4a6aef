"""Turns the portfolio use cases' values into what the templates show (pure; every string in the reader's language)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from bot.core import phrases, states, survey
from bot.core.catalog import Words
from bot.core.money import format_amount
from bot.core.portfolio import AccountClass
from bot.services import portfolio_web
from bot.services.accounts import TimelineEntry
from bot.services.portfolio_web import AccountPage, PortfolioPage
from handlers.web import portfolio_words

# Column: (sort key, template heading index) for the sortable headers, in the table's order.
SORTABLE = ("name", "owner", "class", "stake", "satisfaction", None)


def table_values(page: PortfolioPage, w: Words) -> dict[str, Any]:
    """Returns the portfolio page's template values: filters, sortable headings, rows, links."""
    query = page.query
    headings = []
    for label, sort in zip(portfolio_web.table_headings(w), SORTABLE, strict=True):
        active = None
        if sort is not None and sort == query.sort:
            active = "descending" if query.descending else "ascending"
        url = f"/portfolio?{urlencode(query.toggled(sort))}" if sort else ""
        headings.append({"label": label, "url": url, "sort": active})
    rows = []
    for row in page.rows:
        name, owner, label, stake, satisfaction, reasons = portfolio_web.table_cells(row, w)
        rows.append(
            {
                "url": f"/portfolio/accounts/{row.account_id}",
                "name": name,
                "owner": owner,
                "class": label,
                "class_key": row.account_class.value,
                "stake": stake,
                "satisfaction": satisfaction,
                "reasons": reasons,
                "at_risk": row.at_risk,
                "watch": row.watch,
            }
        )
    filters = {key: value for key, value in query.params().items() if key in ("owner", "class")}
    return {
        "headline": w.say(page.digest.headline),
        "owners": page.owners,
        "owner": query.owner or "",
        "classes": [(c.value, w.say(c.label)) for c in AccountClass],
        "account_class": query.account_class.value if query.account_class else "",
        "sorts": list(portfolio_words.sort_names(w).items()),
        "sort": query.sort,
        "descending": query.descending,
        "headings": headings,
        "rows": rows,
        "showing": portfolio_words.showing(w, len(page.rows), page.matching),
        "csv_url": "/portfolio.csv" + (f"?{urlencode(query.params())}" if query.params() else ""),
        "matrix_params": urlencode(filters),
    }


def account_values(page: AccountPage, w: Words, *, now: datetime) -> dict[str, Any]:
    """Returns the account page's template values: its figures, class and reasons, contacts and timeline."""
    row, card = page.row, page.card
    name, owner, label, stake, satisfaction, _ = portfolio_web.table_cells(row, w)
    return {
        "account_name": name,
        "owner": owner,
        "class": label,
        "class_key": row.account_class.value,
        "confidence": w.say(row.confidence),
        "figures": [
            (w.gettext("Billed"), format_amount(row.billed)),
            (w.gettext("Forecast"), format_amount(row.forecast)),
            (w.gettext("Revenue at stake"), stake),
            (w.gettext("Satisfaction"), satisfaction),
        ],
        "reasons": [w.say(reason) for reason in row.reasons],
        "contacts": [(c.name or "", c.email) for c in card.contacts],
        "timeline": [_timeline_entry(entry, page.names, w, now=now) for entry in card.timeline],
    }


def _timeline_entry(entry: TimelineEntry, names: dict[str, str], w: Words, *, now: datetime) -> dict[str, Any]:
    """One interaction with its pulse: when, what, with whom, by whom, and the answer with its sentiment."""
    values: dict[str, Any] = {
        "day": f"{entry.occurred_at:%Y-%m-%d}",
        "iso": entry.occurred_at.isoformat(),
        "kind": phrases.kind_label(w, entry.kind),
        "rep": names.get(entry.rep_id) or entry.rep_id,
        "contact": entry.contact_email or "",
        "note": entry.note,
        "answer": "",
        "answer_key": "",
        "score": "",
        "comment": "",
        "sentiment": "",
        "status": "",
    }
    pulse = entry.pulse
    if pulse is None:
        values["status"] = w.gettext("no pulse")
    elif pulse.response is not None:
        response = pulse.response
        answer = survey.Answer(response.answer)
        values.update(
            answer=phrases.answer_label(w, answer),
            answer_key=answer.value,
            score=w.gettext("experience {score}/100", score=survey.experience_percent(response.experience)),
            comment=response.comment,
            sentiment=portfolio_words.sentiment_name(w, response.label_override or response.label)
            if response.comment
            else "",
        )
    elif pulse.state == states.PulseState.SCHEDULED:
        values["status"] = w.gettext("pulse scheduled {when}", when=phrases.delay(w, pulse.due_at - now))
    else:
        values["status"] = w.gettext("pulse {state}", state=phrases.state_label(w, pulse.state))
    return values
