"""The survey e-mail's content and headers, and SMTP delivery against a real local server."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import ssl
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.core.catalog import LANGUAGES
from bot.core.i18n import default_question, language_or_default
from bot.services.ports import PermanentDeliveryError, TemporaryDeliveryError
from handlers.email.email import (
    SmtpConfig,
    SmtpSecurity,
    SmtpSender,
    SurveyEmail,
    build_message,
    parse_smtp_url,
)
from tests.support.server import free_port
from tests.support.smtp import Mailbox, SmtpServer

BASE = "https://pulse.test/s/tok123"
PASSWORD = "s3cr:et@/pw%"
ENCODED_PASSWORD = "s3cr%3Aet%40%2Fpw%25"


LOGO = "https://cdn.ourco.example/logo.png"


def survey_email(**changes: Any) -> SurveyEmail:
    """A survey e-mail with plausible values, changed where a test needs it."""
    base = SurveyEmail(
        to="ana@customer.example",
        contact_name="Ana",
        sender_name="Bob Rep",
        account_name="Acme",
        question=default_question("en"),
        language="en",
        answer_urls={answer: f"{BASE}?answer={answer}&src=email" for answer in ("yes", "unsure", "no")},
        survey_url=BASE,
        optout_url=f"{BASE}/optout",
        one_click_unsubscribe_url=f"{BASE}/unsubscribe",
        from_address="Pulse <pulse@vendor.example>",
        message_id="pulse-42.1@vendor.example",
    )
    return dataclasses.replace(base, **changes)


def parts(message: EmailMessage) -> tuple[str, str]:
    """The decoded text and HTML bodies."""
    text, page = message.get_body(("plain",)), message.get_body(("html",))
    assert isinstance(text, EmailMessage)
    assert isinstance(page, EmailMessage)
    return text.get_content(), page.get_content()


def reparsed(message: EmailMessage) -> EmailMessage:
    """The message as a receiving mail client sees it, from its bytes."""
    return cast(EmailMessage, email.message_from_bytes(message.as_bytes(), policy=email.policy.default))


def test_message_is_text_then_html_and_both_carry_every_answer_comment_and_optout_link():
    email_ = survey_email()
    message = reparsed(build_message(email_))
    text, page = parts(message)

    layout = [(p.get_content_type(), p.get_content_charset()) for p in message.iter_parts()]
    assert message.get_content_type() == "multipart/alternative"
    assert layout == [("text/plain", "utf-8"), ("text/html", "utf-8")]
    for url in [*email_.answer_urls.values(), email_.survey_url, email_.optout_url]:
        assert url in text
        assert f'href="{url.replace("&", "&amp;")}"' in page
    assert "Would you buy from us again?" in text
    assert all(f">{label}</a>" in page for label in ("Yes", "Not sure", "No", "Add a comment"))


def test_headers_name_the_sender_recipient_unsubscribe_target_and_stable_message_id():
    message = reparsed(build_message(survey_email()))
    bare = build_message(survey_email(message_id="<pulse-7>", from_address="pulse@vendor.example"))

    assert (message["From"], message["To"]) == ("Pulse <pulse@vendor.example>", "Ana <ana@customer.example>")
    assert message["Subject"] == "Quick question from Bob Rep"
    assert message["Message-ID"] == build_message(survey_email())["Message-ID"] == "<pulse-42.1@vendor.example>"
    unsubscribe = (message["List-Unsubscribe"], message["List-Unsubscribe-Post"])
    assert unsubscribe == (f"<{BASE}/unsubscribe>", "List-Unsubscribe=One-Click")
    assert message["Auto-Submitted"] == "auto-generated"
    assert (message["Precedence"], message["Content-Language"], bool(message["Date"])) == (None, "en", True)
    assert (bare["From"], bare["Message-ID"]) == ("pulse@vendor.example", "<pulse-7@vendor.example>")


def test_a_reminder_has_its_own_subject_and_missing_names_fall_back_to_neutral_wording():
    reminder = build_message(survey_email(reminder=True))
    anonymous = build_message(survey_email(contact_name="", sender_name=" ", account_name=""))
    text, _ = parts(anonymous)

    assert reminder["Subject"] == "Reminder: quick question from Bob Rep"
    assert "A few days ago we asked you" in parts(reminder)[0]
    assert (anonymous["Subject"], anonymous["To"]) == ("Quick question from our team", "ana@customer.example")
    assert text.startswith("Hello,\n")
    assert "recently in touch with our team." in text


@pytest.mark.parametrize(
    ("language", "subject", "yes", "optout"),
    [
        ("en", "Quick question from Bob Rep", "Yes", "Unsubscribe from these questions"),
        ("de", "Kurze Frage von Bob Rep", "Ja", "Diese Fragen abbestellen"),
        ("fr", "Petite question de la part de Bob Rep", "Oui", "Ne plus recevoir ces questions"),
        ("es", "Una pregunta rápida de Bob Rep", "Sí", "No recibir más estas preguntas"),
    ],
)
def test_each_language_renders_its_own_words_and_lang_attribute(language, subject, yes, optout):
    message = reparsed(build_message(survey_email(language=language, question=default_question(language))))
    text, page = parts(message)

    assert (message["Subject"], message["Content-Language"]) == (subject, language)
    assert f'<html lang="{language}"' in page
    assert f">{yes}</a>" in page
    assert f"{yes}: {BASE}?answer=yes" in text
    assert optout in text
    assert default_question(language) in text


def test_every_language_fills_every_placeholder_and_regional_codes_fall_back():
    for language in LANGUAGES:
        for changes in ({}, {"reminder": True}, {"contact_name": "", "sender_name": "", "account_name": ""}):
            message = build_message(survey_email(language=language, **changes))
            text, page = parts(message)
            assert not any("{" in part for part in (message["Subject"], text, page)), (language, changes)
            assert message["Content-Language"] == language
    assert len({default_question(language) for language in LANGUAGES}) == len(LANGUAGES)
    assert [language_or_default(code) for code in ("de-AT", "FR_ca", "pt", None)] == ["de", "fr", "en", "en"]
    assert build_message(survey_email(language="xx"))["Subject"] == "Quick question from Bob Rep"


def test_untrusted_text_is_escaped_in_html_and_cannot_add_headers():
    hostile = '<script>alert("x")</script> O\'Neil\r\nBcc: victim@evil.example\r\n\r\n<b>body</b>\u202e\x1b'
    fields = {"contact_name": hostile, "sender_name": hostile, "account_name": hostile, "question": hostile}
    message = reparsed(build_message(survey_email(**fields)))
    _, page = parts(message)

    assert not any(unsafe in page for unsafe in ("<script>", "<b>", "\u202e"))
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil Bcc: victim@evil.example" in page
    assert message["Bcc"] is None
    assert [a.addr_spec for a in message["To"].addresses] == ["ana@customer.example"]
    cleaned = '<script>alert("x")</script> O\'Neil Bcc: victim@evil.example <b>body</b>'
    assert message["Subject"] == f"Quick question from {cleaned}"


def test_branding_is_cleaned_escaped_and_a_bad_logo_or_colour_is_left_out():
    hostile = 'Ourco "<GmbH>"\r\nBcc: victim@evil.example'
    branded = reparsed(build_message(survey_email(from_name=hostile, company=hostile, logo_url=LOGO, accent="#ffd700")))
    [sender] = branded["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        'Ourco "<GmbH>" Bcc: victim@evil.example',
        "pulse@vendor.example",
    )
    assert branded["Bcc"] is None
    _, page = parts(branded)
    assert f'<img src="{LOGO}" alt="Ourco &#34;&lt;GmbH&gt;&#34; Bcc: victim@evil.example"' in page
    assert page.count("background:#ffd700;color:#000000") == 3  # the same look for every answer

    for logo, accent in (("http://cdn.example/l.png", "red"), ('https://cdn.example/"onerror=x', "#12345")):
        _, plain = parts(build_message(survey_email(company="Ourco", logo_url=logo, accent=accent)))
        assert "<img" not in plain and plain.count("background:#1f4e79;color:#ffffff") == 3


@pytest.mark.parametrize("to", ["", "no-at-sign", "a@b.example, c@d.example", "a@b.example\r\nBcc: x@y.example", "a@"])
def test_an_unusable_recipient_is_a_permanent_failure(to):
    with pytest.raises(PermanentDeliveryError):
        build_message(survey_email(to=to))


@pytest.mark.parametrize(
    "changes",
    [{"survey_url": "javascript:alert(1)"}, {"optout_url": 'https://pulse.test/x" onclick="evil()'},
     {"one_click_unsubscribe_url": "https://pulse.test/u>\r\nBcc: x@y.example"},
     {"answer_urls": {"yes": BASE, "unsure": BASE}}, {"message_id": "a b@c"},
     {"from_address": "Pulse <pulse@vendor.example>\r\nBcc: x@y.example"}],
)  # fmt: skip
def test_unsafe_links_and_configuration_are_refused(changes):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message; refusing at all is the point
        build_message(survey_email(**changes))


@pytest.mark.parametrize(
    ("url", "host", "port", "security", "timeout", "username", "password"),
    [
        ("smtp://mail.example", "mail.example", 25, SmtpSecurity.PLAIN, 15.0, None, ""),
        ("smtp://mail.example:2525?timeout=3.5", "mail.example", 2525, SmtpSecurity.PLAIN, 3.5, None, ""),
        ("smtp://u:p@mail.example:587?starttls=true", "mail.example", 587, SmtpSecurity.STARTTLS, 15.0, "u", "p"),
        ("smtp://mail.example?starttls=false", "mail.example", 25, SmtpSecurity.PLAIN, 15.0, None, ""),
        ("smtp+starttls://u:p@mail.example", "mail.example", 587, SmtpSecurity.STARTTLS, 15.0, "u", "p"),
        ("smtps://u:p@mail.example", "mail.example", 465, SmtpSecurity.TLS, 15.0, "u", "p"),
        ("SMTPS://me%40corp.example:" + ENCODED_PASSWORD + "@[::1]:4650", "::1", 4650, SmtpSecurity.TLS, 15.0,
         "me@corp.example", PASSWORD),
    ],
)  # fmt: skip
def test_smtp_url_forms(url, host, port, security, timeout, username, password):
    assert parse_smtp_url(url) == SmtpConfig(host, port, security, timeout, username, password)


@pytest.mark.parametrize(
    "url",
    ["http://mail.example", "smtp://", "smtp://mail.example/path", "smtp://mail.example:notaport",
     "smtp://mail.example?timeout=soon", "smtp://mail.example?tls=yes", "smtps://mail.example?starttls=true",
     "smtp+starttls://mail.example?starttls=false"],
)  # fmt: skip
def test_malformed_smtp_urls_are_refused(url):
    with pytest.raises(ValueError, match="SMTP_URL"):
        parse_smtp_url(url)


def test_the_password_never_shows_in_reprs_or_parse_errors():
    sender = SmtpSender(f"smtps://user:{ENCODED_PASSWORD}@mail.example")

    assert repr(sender) == "SmtpSender('smtps://user@mail.example:465')"
    assert PASSWORD not in repr(sender.config)
    with pytest.raises(ValueError, match="SMTP_URL") as error:
        parse_smtp_url("smtp://user:hunter2@mail.example:bad")
    assert "hunter2" not in str(error.value)


class RecordingMailbox(Mailbox):
    """A mailbox that notes which client connection delivered each message, and can refuse sender or recipients."""

    def __init__(self) -> None:
        super().__init__()
        self.peers: list[Any] = []
        self.refuse_recipients_with: str | None = None
        self.refuse_sender_with: str | None = None

    async def handle_MAIL(self, server, session, envelope, address, options):  # noqa: N802
        envelope.mail_from = address
        return self.refuse_sender_with or "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        envelope.rcpt_tos.append(address)
        return self.refuse_recipients_with or "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


class RecordingServer(SmtpServer):
    """The support SMTP server with a recording mailbox and aiosmtpd options (idle timeout, TLS, auth)."""

    def __init__(self, **options: Any) -> None:
        self.mailbox = RecordingMailbox()
        self.port = free_port()
        self.options = options
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **options)

    def restart(self) -> None:
        """Comes back on the same port, as a server does after an outage."""
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **self.options)
        self.start()


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[RecordingServer]:
    running = RecordingServer(**getattr(request, "param", {}))
    running.start()
    yield running
    running.stop()


@pytest.fixture
def sender(server: RecordingServer) -> Iterator[SmtpSender]:
    smtp = SmtpSender(server.url, timeout=5, local_hostname="pulse.test")
    yield smtp
    smtp.close()


def test_a_sent_message_arrives_whole_and_parsable(server, sender):
    sender.send(build_message(survey_email(language="fr", contact_name="Zoë", question=default_question("fr"))))

    [received] = server.mailbox.wait_for(1)
    text, page = parts(received)
    assert (received["Message-ID"], received["To"]) == ("<pulse-42.1@vendor.example>", "Zoë <ana@customer.example>")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Bonjour Zoë," in text
    assert '<html lang="fr"' in page


def test_one_connection_carries_many_messages_even_from_several_threads(server, sender):
    messages = [build_message(survey_email(message_id=f"{n}@vendor.example")) for n in range(5)]
    sender.send(messages[0])
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(sender.send, messages[1:]))

    assert len({m["Message-ID"] for m in server.mailbox.wait_for(5)}) == 5
    assert len(set(server.mailbox.peers)) == 1


@pytest.mark.parametrize("server", [{"timeout": 0.2}], indirect=True)  # the server drops idle clients after 0.2 s
def test_a_connection_the_server_dropped_is_replaced_without_an_error(server, sender):
    sender.send(build_message(survey_email(message_id="first@vendor.example")))
    time.sleep(0.5)
    sender.send(build_message(survey_email(message_id="second@vendor.example")))

    ids = [m["Message-ID"] for m in server.mailbox.wait_for(2)]
    assert ids == ["<first@vendor.example>", "<second@vendor.example>"]
    assert len(set(server.mailbox.peers)) == 2


def test_server_down_is_temporary_and_each_message_goes_out_once_it_is_back(server, sender):
    sender.send(build_message(survey_email(message_id="before@vendor.example")))
    server.stop()
    for fresh in (sender, SmtpSender(server.url)):
        with pytest.raises(TemporaryDeliveryError, match=r"(?i)refused"):
            fresh.send(build_message(survey_email(message_id="during@vendor.example")))

    server.restart()
    sender.send(build_message(survey_email(message_id="during@vendor.example")))
    ids = [m["Message-ID"] for m in server.mailbox.wait_for(2)]
    assert ids == ["<before@vendor.example>", "<during@vendor.example>"]


@pytest.mark.parametrize(
    ("stage", "reply", "kind", "retry_after"),
    [
        ("refuse_with", "451 4.7.1 Greylisted, please retry in 5 minutes", TemporaryDeliveryError, 300.0),
        ("refuse_with", "421 4.3.2 Shutting down", TemporaryDeliveryError, None),
        ("refuse_with", "550 5.1.1 No such user", PermanentDeliveryError, None),
        ("refuse_recipients_with", "450 4.2.1 Mailbox busy", TemporaryDeliveryError, None),
        ("refuse_recipients_with", "550 5.1.1 Unknown user", PermanentDeliveryError, None),
        ("refuse_sender_with", "530 5.7.0 Authentication required", TemporaryDeliveryError, None),
    ],
)
def test_replies_are_temporary_for_4xx_permanent_for_5xx_and_the_next_send_works(
    server, sender, stage, reply, kind, retry_after
):
    setattr(server.mailbox, stage, reply)
    with pytest.raises(kind, match=reply[10:]) as error:
        sender.send(build_message(survey_email()))
    assert error.value.code == int(reply[:3])
    assert getattr(error.value, "retry_after", None) == retry_after

    setattr(server.mailbox, stage, None)
    sender.send(build_message(survey_email()))
    assert len(server.mailbox.wait_for(1)) == 1


def test_required_starttls_never_falls_back_to_plain_text(server):
    with pytest.raises(TemporaryDeliveryError, match="STARTTLS"):
        SmtpSender(server.url + "?starttls=true").send(build_message(survey_email()))
    assert server.mailbox.messages == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def authenticate(server, session, envelope, mechanism, auth_data):
    """Accepts only user/PASSWORD."""
    ok = isinstance(auth_data, LoginPassword) and auth_data == (b"user", PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd then replies 535 itself


@pytest.fixture(params=["smtps", "smtp+starttls"])
def tls_server(request: pytest.FixtureRequest, certificate: tuple[Path, Path]) -> Iterator[RecordingServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    # aiosmtpd counts only STARTTLS as TLS, so over implicit TLS it offers AUTH only when TLS is not demanded.
    if request.param == "smtps":
        running = RecordingServer(authenticator=authenticate, ssl_context=context, auth_require_tls=False)
    else:
        running = RecordingServer(authenticator=authenticate, tls_context=context, require_starttls=True)
    running.start()
    yield running
    running.stop()


def url_of(server: RecordingServer, password: str) -> str:
    scheme = "smtps" if "ssl_context" in server.options else "smtp+starttls"
    return f"{scheme}://user:{password}@127.0.0.1:{server.port}"


def test_tls_with_the_right_login_delivers_and_a_rejected_one_never_shows_the_password(tls_server, certificate):
    trusted = ssl.create_default_context(cafile=certificate[0])
    right = SmtpSender(url_of(tls_server, ENCODED_PASSWORD), ssl_context=trusted)
    wrong = SmtpSender(url_of(tls_server, "wr0ng:pa%40ss"), ssl_context=trusted)
    right.send(build_message(survey_email()))
    right.close()
    with pytest.raises(TemporaryDeliveryError) as error:
        wrong.send(build_message(survey_email()))

    assert len(tls_server.mailbox.wait_for(1)) == 1
    assert error.value.code == 535
    for text in (str(error.value), repr(error.value), repr(wrong)):
        assert "wr0ng" not in text
        assert "pa@ss" not in text


def test_an_untrusted_certificate_is_refused(tls_server):
    with pytest.raises(TemporaryDeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
        SmtpSender(url_of(tls_server, ENCODED_PASSWORD)).send(build_message(survey_email()))
