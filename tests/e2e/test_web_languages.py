"""The web app's own pages (landing, not found, server error, chart links) speak the browser's language."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handlers.web import pages
from tests.support.server import serve


def test_a_german_browser_gets_the_german_not_found_page(pulse_url):
    german = httpx.get(pulse_url + "/no/such/page", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert german.status_code == 404 and '<html lang="de">' in german.text
    assert "Seite nicht gefunden" in german.text and "Unter dieser Adresse gibt es nichts." in german.text
    assert "Page not found" not in german.text
    french = httpx.get(pulse_url + "/no/such/page", headers={"Accept-Language": "fr-CH"})
    assert "Page introuvable" in french.text and "Il n’y a rien à cette adresse." in french.text
    unknown = httpx.get(pulse_url + "/no/such/page", headers={"Accept-Language": "pt-BR"})
    assert "Page not found" in unknown.text and '<html lang="en">' in unknown.text


def test_the_landing_page_is_in_the_browsers_language_with_its_markup_kept(pulse_url):
    spanish = httpx.get(pulse_url + "/", headers={"Accept-Language": "es"})
    assert spanish.status_code == 200 and '<html lang="es">' in spanish.text
    assert "Slack está conectado. Usa <code>/pulse help</code> en tu espacio de trabajo." in spanish.text
    assert "<q>¿Volvería a comprarnos?</q>" in spanish.text
    assert "tells your team" not in spanish.text
    english = httpx.get(pulse_url + "/")
    assert (
        "Pulse asks your customers one question after every interaction, <q>Would you buy from us again?</q>, and"
        in (english.text)
    )


def test_a_broken_chart_link_says_so_in_the_browsers_language(pulse_url):
    got = httpx.get(pulse_url + "/charts/x.png", headers={"Accept-Language": "de"})
    assert got.status_code == 404 and "Diagramm nicht gefunden" in got.text
    assert "no-store" in got.headers["cache-control"] and "nosniff" in got.headers["x-content-type-options"]


def test_a_server_error_page_is_german_for_a_german_browser_and_carries_its_reference():
    async def boom(request: Request) -> Response:
        raise RuntimeError("boom")

    app = Starlette(routes=[Route("/boom", boom)], exception_handlers={500: pages.server_error})
    with serve(app) as url:
        got = httpx.get(url + "/boom", headers={"Accept-Language": "de"})
    assert got.status_code == 500 and "Etwas ist schiefgelaufen" in got.text
    assert "Referenz: " in got.text and "Traceback" not in got.text and "boom" not in got.text
