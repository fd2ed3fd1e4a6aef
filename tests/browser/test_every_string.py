"""Every page a customer can see, in every language, read string by string: nothing meant for a machine shows.

Each state (open, missing answer, tapped, answered, editable, opted out, edit window closed, expired, unknown
link) is reached through the real paths, on a phone and a desktop; each gets a screenshot in artifacts/ and
an axe-core run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from playwright.sync_api import Page

from app import jobs
from bot.core.catalog import words
from bot.core.i18n import default_question
from tests.support.browser import axe_violations, screenshot, visible_strings
from tests.support.mail import survey_links
from tests.support.scenario import make_account

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
# What only a program should ever see: object reprs, template syntax, unfilled placeholders, empty values.
MACHINE = re.compile(
    r"<built-in|<bound method|<function |object at 0x|\{\{|\}\}|\{%|%\}|\{[a-z_]+\}|\bNone\b|\bundefined\b|"
    r"\bnull\b|\bnan\b|Traceback|\[object Object\]"
)
RAW_KEY = re.compile(r"^[a-z]+(?:_[a-z]+)+$")
WEB = Path(__file__).resolve().parents[2] / "handlers" / "web"
# The messages the survey pages say: the web surface's code and templates, and the default question.
PAGE_MESSAGES = sorted(
    {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            WEB,
            method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")],
            keywords={"gettext": None, "_": None},
        )
    }
    | {"Would you buy from us again?", "Yes", "Not sure", "No"}
)


def _english_leftovers(strings: list[str], language: str) -> list[str]:
    """Returns English page strings (or long parts of them) on a page in another language that translates them."""
    if language == "en":
        return []
    found = []
    local = words(language)
    for source, translated in ((message, local.gettext(message)) for message in PAGE_MESSAGES):
        if source == translated:
            continue
        fragments = [part.strip(" .:,?!") for part in re.split(r"\{[a-z_]+\}", source)]
        for text in strings:
            if text == source or any(len(part) >= 8 and part in text for part in fragments):
                found.append(f"{text!r} (English: {source!r})")
    return found


def _problems(strings: list[str], language: str) -> list[str]:
    """Returns every string not meant for a person."""
    machine = [text for text in strings if MACHINE.search(text)]
    raw = [text for text in strings if RAW_KEY.match(text)]
    return machine + raw + _english_leftovers(strings, language)


class Reader:
    """Visits pages in a phone and a desktop browser and checks each one."""

    def __init__(self, browser, language: str) -> None:
        self.language = language
        self.contexts = {
            name: browser.new_context(viewport=size, locale=language, device_scale_factor=1)
            for name, size in VIEWPORTS.items()
        }
        self.pages = {name: context.new_page() for name, context in self.contexts.items()}
        self.seen: dict[str, list[str]] = {}

    def check(self, state: str, page: Page, viewport: str) -> list[str]:
        """Reads, screenshots and axe-checks the page as it stands; returns its strings."""
        page.wait_for_load_state("networkidle")
        strings = visible_strings(page)
        assert strings and all(s.strip() for s in strings), state
        problems = _problems(strings, self.language)
        assert not problems, f"{self.language} {state} ({viewport}): {problems}"
        assert page.evaluate("document.documentElement.lang") == self.language
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{state} scrolls"
        screenshot(page, f"survey-{self.language}-{state}-{viewport}")
        if viewport == "desktop":
            assert axe_violations(page) == [], f"{self.language} {state}"
        self.seen[state] = strings
        return strings

    def visit(self, state: str, url: str) -> dict[str, list[str]]:
        """Opens a URL in both browsers and checks it."""
        out = {}
        for viewport, page in self.pages.items():
            page.goto(url)
            out[viewport] = self.check(state, page, viewport)
        return out

    def close(self) -> None:
        """Closes both browsers' contexts."""
        for context in self.contexts.values():
            context.close()


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_every_state_of_the_survey_reads_as_words_in_each_language(
    browser, language, runtime, slack, clock, clock_jobs, smtp, pulse_url, standin
):
    make_account(runtime, "Acme Corp")
    standin.add_admin("UREP0001")
    for command in ("name Ourco", "me Maria Lopez", "accent #5b2a86"):
        slack.command(f"brand {command}")
    people = ("jane", "li", "bob", "sam")
    for person in people:
        slack.command(f"log Acme Corp {person}@acme.com call lang:{language}")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    links = {person: survey_links(mail) for person, mail in zip(people, smtp.mailbox.wait_for(4), strict=True)}
    reader = Reader(browser, language)
    say = words(language).gettext
    yes, no = say("Yes"), say("No")
    try:
        open_ = reader.visit("open", links["jane"]["page"])
        assert default_question(language) in open_["phone"] and say("Send my answer") in open_["phone"]
        assert "Ourco" in open_["phone"]

        for viewport, page in reader.pages.items():
            page.goto(links["jane"]["page"])
            page.get_by_role("button", name=say("Send my answer")).click()
            assert say("Please choose Yes, Not sure or No.") in reader.check("missing-answer", page, viewport)

        tapped = reader.visit("tapped", links["sam"]["no"])
        assert (
            say("We have your answer: {answer}. You can close this page, or add a comment below.", answer=no)
            in tapped["desktop"]
        )

        for viewport, page in reader.pages.items():
            page.goto(links["jane"]["page"])
            if viewport == "desktop":  # the phone answered already: this is the edit form
                assert say("Update my answer") in reader.check("editable", page, viewport)
            page.get_by_text(yes, exact=True).click()
            page.locator("button[type=submit]").click()
            thanks = reader.check("answered", page, viewport)
            assert say("We received your answer: {answer}.", answer=yes) in thanks

        editable = reader.visit("editable", links["jane"]["page"])
        assert say("Update my answer") in editable["phone"]  # the button's own words, not a method's repr

        reader.visit("optout-confirm", links["bob"]["optout"])
        for viewport, page in reader.pages.items():
            page.goto(links["bob"]["optout"])
            page.get_by_role("button", name=say("Yes, stop asking me")).click()
            assert say("We will not ask you for feedback again.") in reader.check("opted-out", page, viewport)

        clock.advance(days=3)
        jobs.advance_pulses(clock_jobs)  # li's reminder
        clock.advance(days=12)
        jobs.advance_pulses(clock_jobs)  # li's pulse expires; jane's edit window closed long ago
        closed = reader.visit("edit-closed", links["jane"]["page"])
        assert say("Thank you. Your answer ({answer}) can no longer be changed.", answer=yes) in closed["phone"]
        expired = reader.visit("expired", links["li"]["yes"])
        assert say("Thank you for your time: there is nothing more to do.") in expired["phone"]
        gone = reader.visit("unknown-link", f"{pulse_url}/p/{'x' * 43}")
        assert say("This link no longer works") in gone["phone"]
    finally:
        reader.close()


def test_the_reader_catches_what_the_edit_page_once_showed():
    # The check itself must fail on the bug that started this: a method's repr on the edit button.
    assert _problems(["<built-in method update of dict object at 0x7f3a>"], "en")
    assert _problems(["{{ w.update }}"], "de") and _problems(["thanks_title"], "fr")
    assert _problems(["Send my answer"], "es") and _problems(["Gracias. We received your answer: Sí."], "es")
    assert not _problems(["Enviar mi respuesta", "No", "Ourco"], "es")
