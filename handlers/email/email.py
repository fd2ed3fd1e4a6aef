"""The survey e-mail and the SMTP sender that delivers it.

SMTP_URL forms (user and password percent-encoded; `?timeout=SECONDS` on any of them):

- `smtp://host[:port]`: plain SMTP, port 25 by default.
- `smtp://user:pass@host:587?starttls=true` or `smtp+starttls://user:pass@host[:port]`: STARTTLS is required
  (the sender refuses to go on in plain text), port 587 by default.
- `smtps://user:pass@host[:port]`: implicit TLS, port 465 by default.

TLS certificates are verified against the system's trust store unless an `ssl_context` is given.
"""

from __future__ import annotations

import contextlib
import re
import select
import smtplib
import ssl
import threading
from dataclasses import dataclass, field
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from enum import StrEnum
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.core import branding
from bot.core.i18n import language_or_default
from bot.core.survey import Answer
from bot.services.ports import DeliveryError, PermanentDeliveryError, TemporaryDeliveryError
from handlers.email.bodies import Look, render_survey

ANSWERS = tuple(answer.value for answer in Answer)
_UNSAFE = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")
# Line breaks and runs of spaces become one space; no-break spaces stay, French typography needs them.
_BREAKS = re.compile(r"[ \t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RETRY_IN = re.compile(r"\b(?:retry|try again)\b.*?\bin\s+(\d+)\s*(s|secs?|seconds?|m|mins?|minutes?)\b", re.I)


@dataclass(frozen=True, slots=True)
class SurveyEmail:
    """Everything one survey e-mail says; names, question and account are untrusted text."""

    to: str
    contact_name: str
    sender_name: str
    account_name: str
    question: str
    language: str
    answer_urls: dict[str, str]
    survey_url: str
    optout_url: str
    one_click_unsubscribe_url: str
    from_address: str
    message_id: str
    reminder: bool = False
    # Who the customer sees asking (untrusted: cleaned, escaped, the logo only as a validated https <img>).
    from_name: str = ""
    company: str = ""
    logo_url: str = ""
    accent: str = ""


def build_message(email: SurveyEmail) -> EmailMessage:
    """Returns the multipart text and HTML e-mail; raises PermanentDeliveryError for an unusable recipient."""
    language = language_or_default(email.language)
    name = _clean(email.contact_name, 100)
    links = {answer: _checked_url(email.answer_urls.get(answer, ""), answer) for answer in ANSWERS}
    links["comment"] = _checked_url(email.survey_url, "survey_url")
    links["optout"] = _checked_url(email.optout_url, "optout_url")
    one_click = _checked_url(email.one_click_unsubscribe_url, "one_click_unsubscribe_url")
    sender_address = _from_address(email.from_address)
    from_name = _clean(email.from_name, 100)
    if from_name:
        sender_address = Address(display_name=from_name, addr_spec=sender_address.addr_spec)

    bodies = render_survey(
        language,
        sender=_clean(email.sender_name, 100),
        name=name,
        account=_clean(email.account_name, 200),
        question=_clean(email.question, 300),
        reminder=email.reminder,
        links=links,
        look=_email_look(email),
    )
    message = EmailMessage()
    message["From"] = sender_address
    message["To"] = _recipient(email.to, name)
    message["Subject"] = bodies.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = _message_id(email.message_id, sender_address.domain)
    message["List-Unsubscribe"] = f"<{one_click}>"
    # RFC 8058: mailbox providers unsubscribe with one POST, no page visit; Gmail and Yahoo require it.
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # RFC 3834: an automatic message, so vacation responders stay quiet; people can still reply.
    message["Auto-Submitted"] = "auto-generated"
    # Exchange's own switch for the same: no out-of-office notes or auto-replies to this message.
    message["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    # No `Precedence: bulk`: it is non-standard (RFC 3834 advises against it) and this is a one-to-one message.
    message.set_content(bodies.text, charset="utf-8")
    message.add_alternative(bodies.html, subtype="html", charset="utf-8")
    # After the content: setting content clears every Content-* header.
    message["Content-Language"] = language
    return message


def _clean(value: str, limit: int) -> str:
    """Returns untrusted text on one line, without control or bidi-override characters, at most `limit` long."""
    return _CONTROL_CHARS.sub("", _BREAKS.sub(" ", value))[:limit].strip()


def _checked_url(url: str, what: str) -> str:
    """Returns an http(s) URL that is safe in an href and a header; the URL is not echoed, it holds a token."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or _UNSAFE.search(url):
        raise ValueError(f"{what} is not an absolute http(s) URL without spaces, quotes or angle brackets")
    return url


def _from_address(value: str) -> Address:
    """Returns PULSE_FROM_EMAIL ("Name <addr>" or bare) as an address."""
    if "\r" in value or "\n" in value:
        raise ValueError("PULSE_FROM_EMAIL must be on one line")
    display_name, addr_spec = parseaddr(value)
    if "@" not in addr_spec:
        raise ValueError("PULSE_FROM_EMAIL has no usable address")
    return Address(display_name=display_name, addr_spec=addr_spec)


def _recipient(to: str, name: str) -> Address:
    """Returns the customer's address with their name, or raises PermanentDeliveryError."""
    addr_spec = to.strip()
    try:
        address = Address(display_name=name, addr_spec=addr_spec)
        if _UNSAFE.search(addr_spec) or "," in addr_spec or not address.username or not address.domain:
            raise ValueError("not exactly one complete address")
    except (ValueError, IndexError, MessageError) as error:
        raise PermanentDeliveryError("the recipient address is not usable") from error
    return address


def _message_id(value: str, domain: str) -> str:
    """Returns the caller's stable id in angle brackets, with the sender's domain when it has none."""
    core = value.strip().strip("<>")
    if not core or _UNSAFE.search(core) or core.count("@") > 1:
        raise ValueError("message_id must be a non-empty token without spaces or brackets")
    return f"<{core}>" if "@" in core else f"<{core}@{domain}>"


def _email_look(email: SurveyEmail) -> Look:
    """Returns the company, a usable logo URL and the button colours; anything invalid is left out."""
    try:
        logo = branding.clean_logo_url(email.logo_url) if email.logo_url else ""
    except branding.BrandError:
        logo = ""
    accent = email.accent if branding.HEX_RE.match(email.accent or "") else ""
    background = accent or "#1f4e79"
    return Look(
        company=_clean(email.company, 100),
        logo=logo,
        background=background,
        foreground=branding.readable_on(background),
    )


class SmtpSecurity(StrEnum):
    """How the connection to the SMTP server is protected, named by its URL scheme."""

    PLAIN = "smtp"
    STARTTLS = "smtp+starttls"
    TLS = "smtps"


_DEFAULT_PORTS = {SmtpSecurity.PLAIN: 25, SmtpSecurity.STARTTLS: 587, SmtpSecurity.TLS: 465}
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where and how to reach the SMTP server; the password never appears in the repr."""

    host: str
    port: int
    security: SmtpSecurity
    timeout: float
    username: str | None = None
    password: str = field(default="", repr=False)

    @property
    def redacted_url(self) -> str:
        """Returns the server as a URL without the password, fit for logs and error messages."""
        user = f"{self.username}@" if self.username else ""
        return f"{self.security.value}://{user}{self.host}:{self.port}"


def parse_smtp_url(url: str, *, timeout: float = 15.0) -> SmtpConfig:
    """Returns the settings an SMTP_URL names; raises ValueError, never quoting the URL, when it is malformed."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValueError("SMTP_URL is not a valid URL (percent-encode special characters in the password)") from None
    security = next((s for s in SmtpSecurity if s.value == parts.scheme.lower()), None)
    if security is None:
        raise ValueError("SMTP_URL must start with smtp://, smtp+starttls:// or smtps://")
    if not parts.hostname or parts.path not in ("", "/"):
        raise ValueError("SMTP_URL needs a host and no path")
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "timeout":
            timeout = float(value) if _NUMBER.fullmatch(value) else 0.0
            if not 0 < timeout < 3600:
                raise ValueError("SMTP_URL timeout must be a number of seconds between 0 and 3600")
        elif key == "starttls" and value.lower() in _TRUE + _FALSE:
            wanted = SmtpSecurity.STARTTLS if value.lower() in _TRUE else SmtpSecurity.PLAIN
            if security is SmtpSecurity.TLS or (security is SmtpSecurity.STARTTLS and wanted is SmtpSecurity.PLAIN):
                raise ValueError("SMTP_URL starttls= contradicts its scheme")
            security = wanted
        else:
            raise ValueError(f"SMTP_URL has an unknown or malformed option {key!r}")
    return SmtpConfig(
        host=parts.hostname,
        port=port or _DEFAULT_PORTS[security],
        security=security,
        timeout=timeout,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password or ""),
    )


class SmtpSender:
    """Sends messages through the server named by SMTP_URL on one reused connection; a lock makes it thread-safe."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 15.0,
        local_hostname: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = parse_smtp_url(url, timeout=timeout)
        self._local_hostname = local_hostname
        self._ssl_context = ssl_context or ssl.create_default_context()
        self._connection: smtplib.SMTP | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SmtpSender({self.config.redacted_url!r})"

    def send(self, message: EmailMessage) -> None:
        """Hands the message to the server; raises TemporaryDeliveryError or PermanentDeliveryError."""
        with self._lock:
            connection = self._reusable() or self._open()
            try:
                connection.send_message(message)
            except BaseException as error:
                connection.close()
                if isinstance(error, smtplib.SMTPException | OSError):
                    raise self._classify(error) from error
                raise
            self._connection = connection

    def close(self) -> None:
        """Says goodbye to the server and closes the connection kept for reuse, if any."""
        with self._lock:
            connection, self._connection = self._connection, None
            if connection is not None:
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    connection.quit()
                connection.close()

    def _reusable(self) -> smtplib.SMTP | None:
        """Returns the kept connection unless the server has hung up on it (servers drop idle ones after a while).

        An idle connection has nothing to read; a server that gave up on it has sent its goodbye or closed the
        socket, which shows as something to read. Looking costs no round trip, unlike a NOOP per message.
        """
        connection, self._connection = self._connection, None
        if connection is None:
            return None
        sock = connection.sock
        try:
            idle = sock is not None and not select.select([sock], [], [], 0)[0] and not _tls_pending(sock)
        except (OSError, ValueError):
            idle = False
        if idle:
            return connection
        connection.close()
        return None

    def _open(self) -> smtplib.SMTP:
        """Connects, secures and logs in; any failure here is temporary, as it is not about the message."""
        config = self.config
        connection: smtplib.SMTP | None = None
        # The host goes to the constructor, not connect(): smtplib checks the TLS certificate against that name.
        try:
            if config.security is SmtpSecurity.TLS:
                connection = smtplib.SMTP_SSL(
                    config.host, config.port, self._local_hostname, timeout=config.timeout, context=self._ssl_context
                )
            else:
                connection = smtplib.SMTP(config.host, config.port, self._local_hostname, timeout=config.timeout)
            if config.security is SmtpSecurity.STARTTLS:
                connection.starttls(context=self._ssl_context)
            # Greeting here, so a refused EHLO counts as a set-up failure, never as a verdict on the message.
            connection.ehlo_or_helo_if_needed()
            if config.username is not None:
                connection.login(config.username, config.password)
        except (smtplib.SMTPException, OSError) as error:
            if connection is not None:
                connection.close()
            reply_code = error.smtp_code if isinstance(error, smtplib.SMTPResponseException) else None
            raise TemporaryDeliveryError(
                f"cannot open an SMTP session with {config.redacted_url}: {self._describe(error)}", code=reply_code
            ) from error
        return connection

    def _classify(self, error: smtplib.SMTPException | OSError) -> DeliveryError:
        """Returns the delivery error for a failure during the mail transaction: 5xx is final, the rest is not."""
        server = self.config.redacted_url
        raw: bytes | str
        if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
            code, raw = next(iter(error.recipients.values()))
        elif isinstance(error, smtplib.SMTPResponseException):
            code, raw = error.smtp_code, error.smtp_error
        elif isinstance(error, smtplib.SMTPNotSupportedError):
            return PermanentDeliveryError(f"{server} cannot take this message: {self._describe(error)}")
        else:
            return TemporaryDeliveryError(f"lost the connection to {server}: {self._describe(error)}")
        reply = self._redact(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw))
        text = f"{server} replied {code} {reply}"
        # A refused MAIL FROM is about our login or PULSE_FROM_EMAIL, not this message: it can wait for a fix.
        if 500 <= code < 600 and not isinstance(error, smtplib.SMTPSenderRefused):
            return PermanentDeliveryError(text, code=code)
        return TemporaryDeliveryError(text, code=code, retry_after=_retry_after(reply))

    def _describe(self, error: BaseException) -> str:
        """Returns the error as one line of text, without the password."""
        return self._redact(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)

    def _redact(self, text: str) -> str:
        """Returns the text with the password masked, in case a server or library echoed it."""
        password = self.config.password
        return text.replace(password, "***") if password else text


def _tls_pending(sock: object) -> bool:
    """Says whether a TLS socket holds decrypted bytes nobody asked for (select cannot see those)."""
    pending = getattr(sock, "pending", None)
    return bool(pending()) if callable(pending) else False


def _retry_after(reply: str) -> float | None:
    """Returns the delay a reply asks for ("please retry in 300 seconds"), if it names one."""
    match = _RETRY_IN.search(reply)
    return float(match.group(1)) * (60 if match.group(2).lower().startswith("m") else 1) if match else None
