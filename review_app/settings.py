"""Every environment setting review_app reads, each parsed and checked here and nowhere else.

The command line (every command, ``serve`` included) and the app call :func:`check` when they
start, so a bad value stops them with one line naming the variable and what it accepts, instead of
failing later inside a request. The code that uses a setting reads it through the same
:class:`EnvSetting` (``SESSION_HOURS.value()`` …), so an unset or empty variable means the default
everywhere and no reader has a parser of its own.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from review_app.errors import InputError

T = TypeVar("T")
MAX_SESSION_HOURS = 24 * 90
_TRUE, _FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


class SettingError(InputError):
    """An environment variable with a value review_app does not accept (one line: name, value, allowed)."""


@dataclass(frozen=True, slots=True)
class EnvSetting(Generic[T]):
    """One environment variable: its default, what it accepts (said in refusals) and its parser."""

    name: str
    default: T
    allowed: str
    parse: Callable[[str], T]  # raises ValueError on a value it does not accept
    shown: Callable[[str], str] = repr  # how a refused value appears in the one line (a URL: password masked)

    def is_set(self) -> bool:
        """True when the variable holds something other than blanks (blank means the default)."""
        return bool(os.environ.get(self.name, "").strip())

    def value(self) -> T:
        """The current value: parsed, or the default when unset or blank; SettingError when not accepted."""
        raw = os.environ.get(self.name, "").strip()
        if not raw:
            return self.default
        try:
            return self.parse(raw)
        except ValueError:
            raise SettingError(self.name, f"{self.shown(raw)} is not accepted: {self.allowed}") from None


def _flag(raw: str) -> bool:
    word = raw.lower()
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise ValueError(raw)


def _hours(raw: str) -> float:
    hours = float(raw)  # ValueError for anything but a number
    if not (math.isfinite(hours) and 0 < hours <= MAX_SESSION_HOURS):
        raise ValueError(raw)
    return hours


# A value starting like a URL (``postgresql:``, ``sqlite:/``, ``://``): its password, if any, follows ``user:``.
_URL_HEAD = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*)?:/*")
_QUERY_SECRET = re.compile(r"(?i)\b(password|passwd|pwd)=[^&]*")
# A URL missing its ``//`` (``postgresql:/u:pw@h/db``) would otherwise be taken for a file path; a drive
# letter (``C:``) has one character before its colon.
_URL_TYPO = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:(?!//)")


def mask_password(value: str) -> str:
    """``value`` fit to print: in anything shaped like a URL, what lies between ``user:`` and the last ``@``
    (the password, even one holding an unescaped ``@``) and a ``password=`` query value become ``***``.

    Greedy on purpose: masking a little more than the password never leaks it (SQLAlchemy's own rendering
    shows the part of ``p@ss`` after the first ``@``)."""
    head = _URL_HEAD.match(value)
    if head is None:
        return value
    rest = value[head.end():]
    colon, at = rest.find(":"), rest.rfind("@")
    if 0 <= colon < at:
        rest = f"{rest[:colon]}:***{rest[at:]}"
    return value[:head.end()] + _QUERY_SECRET.sub(r"\1=***", rest)


def shown_database(raw: str) -> str:
    """A database setting as a refusal quotes it: the password masked."""
    return repr(mask_password(raw))


def parse_database(raw: str) -> str:
    """A SQLite file path or a SQLAlchemy URL (``://``) whose dialect SQLAlchemy has (``--db`` is checked
    with this too); ValueError for an empty value, a URL without ``//``, an unknown dialect and a password
    holding an unescaped ``@``."""
    if not raw.strip() or _URL_TYPO.match(raw):
        raise ValueError(raw)
    if "://" in raw:  # a URL: it must parse and name a dialect SQLAlchemy has (a path is anything else)
        from sqlalchemy.engine import make_url  # here, not at the top: most commands never need SQLAlchemy
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            url = make_url(raw)
            url.get_dialect()
        except (ArgumentError, NoSuchModuleError):  # make_url's own ValueError (a bad port) passes through
            raise ValueError(raw) from None
        if "@" in (url.host or ""):  # a password holding an unescaped @: the rest would be taken for the host
            raise ValueError(raw)  # (and a driver's "cannot resolve host" message would print it)
    return raw


DEFAULT_DB = "review_app.db"


def resolve_db_url(value: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL for ``value``, else ``$REVIEW_APP_DB``, else ``./review_app.db``.

    Anything containing ``://`` is taken as a URL; everything else is a file path (made absolute,
    so that the app and the CLI started from elsewhere agree on the file).
    """
    raw = os.fspath(value) if value else DB.value() or DEFAULT_DB
    if "://" in raw:
        from sqlalchemy.engine import make_url  # here, not at the top: a file path needs no SQLAlchemy
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(raw)  # raises ArgumentError on a malformed URL
        except ValueError:  # and ValueError on a port that is not a number: one kind of refusal for callers
            # Not the parser's message: it quotes the "port", which holds the password's end when the password
            # has an unescaped @ (postgresql://u:p@ss:word@h/db).
            raise ArgumentError("could not parse SQLAlchemy URL: its port is not a number") from None
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


def _folder(raw: str) -> str:
    if "\0" in raw:  # no file system takes it; anything else is tried, and a folder that cannot be made is no error
        raise ValueError(raw)
    return raw


def _seconds(raw: str) -> float:
    seconds = float(raw)
    if not (math.isfinite(seconds) and 0 <= seconds <= 3600):
        raise ValueError(raw)
    return seconds


def _seed(raw: str) -> str:
    if raw.lower() != "none":
        int(raw)  # ValueError for anything but an integer
    return raw.lower()  # as sacrebleu has it: the text goes into the scores' signatures


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _web_url(raw: str) -> str:
    """An absolute https URL (http only on a loopback host: a trial or a test's provider), without
    credentials, query or fragment; ValueError otherwise."""
    parts = urlsplit(raw)
    host = parts.hostname or ""
    if (parts.scheme not in ("http", "https") or not host or parts.username is not None or parts.query
            or parts.fragment or any(ch.isspace() for ch in raw) or (parts.scheme == "http" and not _loopback(host))):
        raise ValueError(raw)
    _ = parts.port  # ValueError for a port that is not a number in range
    return raw


def _app_url(raw: str) -> str:
    return _web_url(raw).rstrip("/")


def _word(raw: str) -> str:
    if len(raw) > 500 or not raw.isprintable() or any(ch.isspace() for ch in raw):
        raise ValueError(raw)
    return raw


def _label(raw: str) -> str:
    if len(raw) > 60 or not raw.isprintable():
        raise ValueError(raw)
    return raw


_FLAG = "1, true, yes, on or 0, false, no, off"
_LOOPBACK_HTTP = "http:// only on a loopback host such as 127.0.0.1"

DB: EnvSetting[str | None] = EnvSetting(
    "REVIEW_APP_DB", None,
    "a SQLite file path or a SQLAlchemy database URL such as postgresql+psycopg://user@host/db, an @ in the "
    "password written %40 (default: ./review_app.db)", parse_database, shown_database)
SESSION_HOURS: EnvSetting[float] = EnvSetting(
    "REVIEW_APP_SESSION_HOURS", 12.0,
    f"a number of hours above 0 and at most {MAX_SESSION_HOURS} (default: 12)", _hours)
DEMO_LOGIN: EnvSetting[bool] = EnvSetting(
    "REVIEW_APP_DEMO_LOGIN", True, f"{_FLAG} (default: 1; 0 turns the quick start's demo login off)", _flag)
AUTO_UPGRADE: EnvSetting[bool] = EnvSetting(
    "REVIEW_APP_AUTO_UPGRADE", True, f"{_FLAG} (default: 1; 0 refuses an older database)", _flag)
NO_COMPILED: EnvSetting[bool] = EnvSetting(
    "REVIEW_APP_NO_COMPILED", False, f"{_FLAG} (default: 0; 1 uses sacrebleu's Python code)", _flag)
PRESENCE_SECONDS: EnvSetting[float] = EnvSetting(
    "REVIEW_APP_PRESENCE_SECONDS", 5.0,
    "a number of seconds from 0 to 3600 (default: 5; 0 refreshes presence only when the page reruns)", _seconds)
CACHE: EnvSetting[str | None] = EnvSetting(
    "REVIEW_APP_CACHE", None,
    "a folder path (default: $XDG_CACHE_HOME/review_app, else ~/.cache/review_app)", _folder)


def cache_folder() -> Path:
    """Where review_app keeps what it can rebuild: ``$REVIEW_APP_CACHE``, else the XDG cache folder's
    ``review_app`` (``$XDG_CACHE_HOME``, else ``~/.cache``)."""
    if chosen := CACHE.value():
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "review_app"


# sacrebleu's own variable: its bootstrap resampling is re-implemented in scoring/stats.py.
SACREBLEU_SEED: EnvSetting[str] = EnvSetting(
    "SACREBLEU_SEED", "12345", "an integer, or none for a random seed (default: 12345)", _seed)

# Single sign-on (OpenID Connect through Streamlit's st.login): see oidc() and docs/deployment.md.
PUBLIC_URL: EnvSetting[str | None] = EnvSetting(
    "REVIEW_APP_URL", None,
    f"the app's address as browsers open it, such as https://review.example.com ({_LOOPBACK_HTTP})", _app_url)
OIDC_METADATA_URL: EnvSetting[str | None] = EnvSetting(
    "REVIEW_APP_OIDC_METADATA_URL", None,
    f"the identity provider's https://…/.well-known/openid-configuration address ({_LOOPBACK_HTTP})", _web_url)
OIDC_CLIENT_ID: EnvSetting[str | None] = EnvSetting(
    "REVIEW_APP_OIDC_CLIENT_ID", None, "the client id the identity provider gave this app (no spaces)", _word)
OIDC_CLIENT_SECRET: EnvSetting[str | None] = EnvSetting(
    "REVIEW_APP_OIDC_CLIENT_SECRET", None, "that client's secret (no spaces)", _word)
OIDC_LABEL: EnvSetting[str] = EnvSetting(
    "REVIEW_APP_OIDC_LABEL", "single sign-on",
    "the sign-in button's name for the provider, up to 60 printable characters (default: single sign-on)", _label)

SETTINGS: tuple[EnvSetting[Any], ...] = (DB, SESSION_HOURS, DEMO_LOGIN, AUTO_UPGRADE, NO_COMPILED, PRESENCE_SECONDS,
                                         CACHE, SACREBLEU_SEED, PUBLIC_URL, OIDC_METADATA_URL, OIDC_CLIENT_ID,
                                         OIDC_CLIENT_SECRET, OIDC_LABEL)
_OIDC_NEEDS = (OIDC_METADATA_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL)


@dataclass(frozen=True, slots=True)
class Oidc:
    """Single sign-on as configured: the provider's discovery document, this app's client, its address."""

    metadata_url: str
    client_id: str
    client_secret: str
    app_url: str
    label: str

    @property
    def redirect_uri(self) -> str:
        """Where the provider sends the browser back (Streamlit's callback route; register it at the provider)."""
        return f"{self.app_url}/oauth2callback"


def sso_configured() -> bool:
    """Whether any of single sign-on's provider settings is set (the demo login is then off, even while
    :func:`oidc` refuses a half configuration)."""
    return any(setting.is_set() for setting in _OIDC_NEEDS[:3])


def oidc() -> Oidc | None:
    """Single sign-on when its three provider settings are set (with ``REVIEW_APP_URL``), None when none is;
    SettingError naming what is missing when only some are (a half configuration never starts)."""
    values = [setting.value() for setting in _OIDC_NEEDS]
    if not any(values[:3]):
        return None
    missing = [setting.name for setting, value in zip(_OIDC_NEEDS, values, strict=True) if not value]
    if missing:
        raise SettingError(None, f"single sign-on is half configured: {', '.join(missing)} not set (it needs "
                           + ", ".join(s.name for s in _OIDC_NEEDS[:3]) + f" and {PUBLIC_URL.name} together)")
    metadata_url, client_id, client_secret, app_url = (str(v) for v in values)
    return Oidc(metadata_url, client_id, client_secret, app_url, OIDC_LABEL.value())


def check() -> None:
    """Parse every setting now; one SettingError (one line, naming each bad variable) if any is not accepted."""
    problems: list[str] = []
    for setting in SETTINGS:
        try:
            setting.value()
        except SettingError as exc:
            problems.append(str(exc))
    if not problems:  # the settings that belong together, once each is accepted alone
        try:
            oidc()
        except SettingError as exc:
            problems.append(str(exc))
    if problems:
        raise SettingError(None, "; ".join(problems))
