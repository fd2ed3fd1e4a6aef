"""What the browser tests share: Chromium's flags, the screenshot folder, axe-core, and a page's visible text."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_AXE = Axe()


def axe_violations(page: Page) -> list[str]:
    """Runs axe-core (bundled with axe-playwright-python) on the page; returns each violation's id and targets."""
    results = _AXE.run(page)
    return [f"{v['id']}: {', '.join(str(n['target']) for n in v['nodes'])}" for v in results.response["violations"]]


def screenshot(page: Page, name: str) -> None:
    """Saves a full-page screenshot under artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# Every string a person can perceive: text nodes of rendered elements, plus titles, labels, alt texts, values,
# placeholders and the document title; hidden elements (display:none, [hidden]) are left out.
VISIBLE_STRINGS_JS = """
() => {
  const out = [document.title];
  const shown = (el) => el && el.checkVisibility ? el.checkVisibility() : !!(el && el.offsetParent);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (text && shown(node.parentElement)) out.push(text);
  }
  for (const el of document.querySelectorAll('[alt], [title], [aria-label], [placeholder], input[type=submit]')) {
    for (const attr of ['alt', 'title', 'aria-label', 'placeholder', 'value']) {
      const value = el.getAttribute(attr);
      if (value && value.trim() && (attr !== 'value' || el.type === 'submit')) out.push(value.trim());
    }
  }
  return out;
}
"""


def visible_strings(page: Page) -> list[str]:
    """Returns every string the page shows a person."""
    return [str(text) for text in page.evaluate(VISIBLE_STRINGS_JS)]
