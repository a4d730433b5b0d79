"""Where the Learning Record Store is and how to speak for the agency: ``lrs.json`` or the
environment.

``hrtraining lrs set URL --key KEY`` writes ``<config folder>/lrs.json`` (mode 0600: it holds
the secret); ``HRTRAINING_LRS_URL``, ``HRTRAINING_LRS_KEY`` and ``HRTRAINING_LRS_SECRET`` take
precedence over the file (a managed machine sets them once for everyone). The config folder is
``$HRTRAINING_CONFIG_DIR``, else the user's config folder, as for the game's settings.

Credentials never leave this module in text: :meth:`LrsSettings.redact` removes them from
any message, and ``repr`` shows neither the key nor the secret.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ...engine import HRTrainingError
from ..files import config_dir

FILENAME = "lrs.json"
ENV_URL, ENV_KEY, ENV_SECRET = "HRTRAINING_LRS_URL", "HRTRAINING_LRS_KEY", "HRTRAINING_LRS_SECRET"
ENV_HOME_PAGE, ENV_BASE = "HRTRAINING_LRS_HOME_PAGE", "HRTRAINING_LRS_ACTIVITY_BASE"
#: How the person is named in statements: a stable random pseudonym per profile (the default), or
#: the profile's name, only when the agency asks for it (``lrs set --identify name``).
IDENTIFY = ("pseudonym", "name")
DEFAULT_BATCH = 50


class SettingsError(HRTrainingError, ValueError):
    """The LRS settings are unusable; the message says what to fix."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def check_url(url: str, what: str = "the LRS address") -> str:
    """An http(s) URL without user or password in it; the statements resource hangs below it."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as e:
        raise SettingsError(f"{what} is not a valid URL: {e}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{what} must start with https:// (or http://) and name a host, e.g. "
                            "https://lrs.example.org/xapi/")
    if parts.username or parts.password:
        raise SettingsError(f"{what} must not hold a user name or password; give them with --key and the "
                            "secret prompt")
    return url


@dataclass(frozen=True)
class LrsSettings:
    """One LRS: its endpoint, the Basic-auth key and secret, and the agency's identifiers."""

    url: str
    key: str = field(repr=False, default="")
    secret: str = field(repr=False, default="")
    #: The agency's home page: the ``homePage`` of every actor's account.
    home_page: str = ""
    #: The IRI every activity id (and extension key) hangs under (docs/xapi.md).
    activity_base: str = ""
    identify: str = "pseudonym"
    batch: int = DEFAULT_BATCH
    origin: str = "file"  # "file" or "environment": where the settings came from

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", check_url(self.url))
        home = (self.home_page or _origin(self.url)).rstrip("/")
        object.__setattr__(self, "home_page", check_url(home, "the agency's home page"))
        base = (self.activity_base or f"{home}/hrtraining").rstrip("/")
        object.__setattr__(self, "activity_base", check_url(base, "the activity base"))
        if self.identify not in IDENTIFY:
            raise SettingsError(f"identify must be one of {', '.join(IDENTIFY)}, not {self.identify!r}")
        if not isinstance(self.batch, int) or not 1 <= self.batch <= 1000:
            raise SettingsError("batch must be a whole number from 1 to 1000")

    @property
    def endpoint(self) -> str:
        """The URL with a trailing slash, so ``statements`` and ``about`` hang below it."""
        return self.url if self.url.endswith("/") else self.url + "/"

    @property
    def shown_url(self) -> str:
        """The URL to print: no query string (some LRSs take a token there)."""
        p = urlsplit(self.url)
        return urlunsplit((p.scheme, p.netloc, p.path, "", ""))

    def redact(self, text: str) -> str:
        """``text`` with the key, the secret and their Basic-auth form taken out."""
        import base64

        secrets = [s for s in (self.key, self.secret) if s]
        if self.key or self.secret:
            token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
            secrets.append(token)
        query = urlsplit(self.url).query
        if query:
            secrets.append(query)
        for s in sorted(secrets, key=len, reverse=True):
            text = text.replace(s, "***")
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "key": self.key, "secret": self.secret, "home_page": self.home_page,
                "activity_base": self.activity_base, "identify": self.identify, "batch": self.batch}


def settings_path(directory: str | Path | None = None) -> Path:
    return Path(directory or config_dir()) / FILENAME


def load(directory: str | Path | None = None, environ: dict[str, str] | None = None) -> LrsSettings | None:
    """The configured LRS, or None when there is none. Raises :class:`SettingsError` when the
    settings exist but cannot be used (the message names the file or variable)."""
    env = os.environ if environ is None else environ
    url = env.get(ENV_URL, "").strip()
    path = settings_path(directory)
    stored: dict[str, Any] = {}
    if path.exists():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(stored, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as e:
            raise SettingsError(f"{path} cannot be read ({e.__class__.__name__}); run `hrtraining lrs set` "
                                "again") from None
    if not url and not stored:
        return None
    try:
        if url:
            return LrsSettings(url=url, key=env.get(ENV_KEY, ""), secret=env.get(ENV_SECRET, ""),
                               home_page=env.get(ENV_HOME_PAGE, "") or stored.get("home_page", ""),
                               activity_base=env.get(ENV_BASE, "") or stored.get("activity_base", ""),
                               identify=stored.get("identify", "pseudonym"),
                               batch=stored.get("batch", DEFAULT_BATCH), origin="environment")
        return LrsSettings(url=stored.get("url", ""), key=stored.get("key", ""), secret=stored.get("secret", ""),
                           home_page=stored.get("home_page", ""), activity_base=stored.get("activity_base", ""),
                           identify=stored.get("identify", "pseudonym"), batch=stored.get("batch", DEFAULT_BATCH))
    except SettingsError as e:
        where = ENV_URL if url else str(path)
        raise SettingsError(f"{where}: {e}") from None
    except TypeError:
        raise SettingsError(f"{path} is damaged; run `hrtraining lrs set` again") from None


def save(settings: LrsSettings, directory: str | Path | None = None) -> Path:
    """Write ``lrs.json`` readable by its owner only (0600), atomically; returns its path."""
    path = settings_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    from ..files import write_atomically

    return write_atomically(path, json.dumps(settings.to_dict(), indent=2), private=True)


def forget(directory: str | Path | None = None) -> bool:
    """Remove ``lrs.json``; False when there was none."""
    try:
        settings_path(directory).unlink()
        return True
    except FileNotFoundError:
        return False


def with_changes(settings: LrsSettings, **changes: Any) -> LrsSettings:
    return replace(settings, **changes)
