"""The survey pages' sentences that depend on the page's state, in the reader's language (from the catalogs)."""

from __future__ import annotations

from bot.core.catalog import Words


def short_pages(w: Words) -> dict[str, tuple[str, str]]:
    """Returns each short page's heading and text in the reader's language (a closed survey's `{answer}` unfilled)."""
    return {
        "gone": (
            w.gettext("This link no longer works"),
            w.gettext(
                "It may have expired or already been used. No need to do anything else: thank you for your time."
            ),
        ),
        "optout_done": (w.gettext("Done"), w.gettext("We will not ask you for feedback again.")),
        "busy": (
            w.gettext("We couldn't save that just now"),
            w.gettext("Please try again in a moment. What you wrote is still below."),
        ),
        "slow_down": (w.gettext("Too many attempts"), w.gettext("Please wait a minute and try again.")),
        "refused": (
            w.gettext("This form can't be sent from here"),
            w.gettext("Please open the link from your e-mail again."),
        ),
        "edit_closed": (
            w.gettext("Your answer is in"),
            w.gettext("Thank you. Your answer ({answer}) can no longer be changed."),
        ),
        "expired": (
            w.gettext("This survey has closed"),
            w.gettext("Thank you for your time: there is nothing more to do."),
        ),
    }


def tap_saved(w: Words, answer: str) -> str:
    """Returns what the page says once the script has held a tapped answer."""
    return w.gettext("We have your answer: {answer}. You can close this page, or add a comment below.", answer=answer)
