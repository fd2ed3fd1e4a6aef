"""What the portfolio pages say, in the reader's language (every string through the gettext catalogs)."""

from __future__ import annotations

from bot.core.catalog import Words


def page_words(w: Words) -> dict[str, str]:
    """Returns the words every portfolio page uses, keyed for the templates."""
    return {
        "title": w.gettext("Portfolio"),
        "signed_in_as": w.gettext("Signed in with Slack as"),
        "sign_out": w.gettext("Sign out"),
        "filters": w.gettext("Filter and sort"),
        "owner": w.gettext("Owner"),
        "all_owners": w.gettext("All owners"),
        "class": w.gettext("Class"),
        "all_classes": w.gettext("All classes"),
        "sort": w.gettext("Sort by"),
        "order": w.gettext("Order"),
        "ascending": w.gettext("Ascending"),
        "descending": w.gettext("Descending"),
        "apply": w.gettext("Apply"),
        "csv": w.gettext("Download this table as CSV"),
        "matrix_caption": w.gettext(
            "Satisfaction across, billed revenue up, forecast as the size of each circle; the lines are the "
            "classification's thresholds."
        ),
        "none_match": w.gettext("No account matches these filters."),
        "table_caption": w.gettext("Accounts, with the digest's class and reasons"),
        "back": w.gettext("Back to the portfolio"),
        "billed": w.gettext("Billed"),
        "forecast": w.gettext("Forecast"),
        "at_stake": w.gettext("Revenue at stake"),
        "satisfaction": w.gettext("Satisfaction"),
        "history": w.gettext("Satisfaction over time"),
        "history_caption": w.gettext("Each answer is marked (Yes, Not sure, No), with its comment's sentiment."),
        "timeline": w.gettext("Timeline"),
        "contacts": w.gettext("Contacts"),
        "no_interactions": w.gettext("No interactions logged yet."),
        "no_contacts": w.gettext("No contacts yet."),
        "answer": w.gettext("Answer"),
        "comment": w.gettext("Comment"),
        "sentiment": w.gettext("Sentiment"),
        "note": w.gettext("Note"),
        "why": w.gettext("Why"),
        "skip": w.gettext("Skip to the table"),
    }


def sort_names(w: Words) -> dict[str, str]:
    """Names each way the table sorts."""
    return {
        "rank": w.gettext("Digest ranking"),
        "stake": w.gettext("Revenue at stake"),
        "satisfaction": w.gettext("Satisfaction"),
        "class": w.gettext("Class"),
        "name": w.gettext("Account"),
        "owner": w.gettext("Owner"),
    }


def sentiment_name(w: Words, label: str) -> str:
    """Names a comment's sentiment label."""
    names = {
        "positive": w.gettext("positive"),
        "negative": w.gettext("negative"),
        "neutral": w.gettext("neutral"),
    }
    return names.get(label, w.gettext("not scored"))


def showing(w: Words, shown: int, matching: int) -> str:
    """Says how many accounts the table lists, and of how many that match."""
    if shown >= matching:
        return w.ngettext("{count} account", "{count} accounts", matching)
    return w.ngettext(
        "The first {shown} of {count} account; filter to narrow the list.",
        "The first {shown} of {count} accounts; filter to narrow the list.",
        matching,
        shown=shown,
    )


def refusal(w: Words, reason: str) -> tuple[str, str]:
    """Returns the heading and text of a page that turns a visitor away (never with any data)."""
    pages = {
        "not_installed": (
            w.gettext("Not for this workspace"),
            w.gettext(
                "Pulse is not installed in the Slack workspace you signed in with, so it has no portfolio to show "
                "you. Sign in with the workspace that uses Pulse."
            ),
        ),
        "failed": (
            w.gettext("Sign-in did not work"),
            w.gettext(
                "This sign-in could not be completed: it expired, was cancelled, or was started in another "
                "browser. Please sign in again."
            ),
        ),
        "unavailable": (
            w.gettext("Sign in with Slack is not set up"),
            w.gettext("Ask whoever runs Pulse to set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."),
        ),
        "signed_out": (w.gettext("You are signed out"), w.gettext("Sign in again to see the portfolio.")),
        "refused": (w.gettext("Request refused"), w.gettext("This request came from another site.")),
        "busy": (
            w.gettext("Pulse is busy"),
            w.gettext("The portfolio could not be read just now. Please try again in a moment."),
        ),
    }
    return pages[reason]


def sign_in(w: Words) -> str:
    """Names the button that signs in."""
    return w.gettext("Sign in with Slack")
