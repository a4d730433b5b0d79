"""Talking to a Learning Record Store over HTTP (stdlib urllib; xAPI 1.0.3 Basic auth).

Every failure becomes an :class:`LrsError` whose ``message`` is one line for a trainee or an
administrator, says what to do, and never holds the key or the secret (the text goes through
:meth:`LrsSettings.redact`). ``retry`` tells the sender whether waiting can help (network, 5xx,
credentials that may be fixed) or whether the statements themselves were refused (400, 409).

Redirects are not followed: urllib would turn a POST into a GET and carry the credentials to
whatever host the redirect names. A ``more`` link is followed only on the LRS's own origin.
"""
from __future__ import annotations

import base64
import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from ...engine import HRTrainingError
from ._settings import LrsSettings
from ._statements import XAPI_VERSION

TIMEOUT = 30.0
MAX_RESPONSE = 32 * 1024 * 1024   # a page of statements; more is not an LRS answering us


class LrsError(HRTrainingError):
    """A failed exchange with the LRS: ``kind`` (below), ``status`` (HTTP) and a safe ``message``."""

    #: network, tls, timeout, auth, forbidden, not-lrs, too-large, server, refused, conflict
    def __init__(self, kind: str, message: str, *, status: int | None = None, retry: bool = True):
        super().__init__(message)
        self.kind, self.message, self.status, self.retry = kind, message, status, retry


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def version(self) -> str | None:
        return self.headers.get("x-experience-api-version")

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def looks_like_html(self) -> bool:
        ctype = self.headers.get("content-type", "")
        head = self.body[:200].lstrip().lower()
        return "html" in ctype or head.startswith((b"<!doctype", b"<html", b"<"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 - urllib's API
        return None  # the 3xx reaches the caller as an HTTPError


class LrsClient:
    """One LRS; thread-safe (no state but the settings)."""

    def __init__(self, settings: LrsSettings, *, timeout: float = TIMEOUT):
        self.settings = settings
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect())
        token = base64.b64encode(f"{settings.key}:{settings.secret}".encode()).decode()
        self._auth = f"Basic {token}" if settings.key or settings.secret else None
        self.host = urlsplit(settings.url).hostname or "the LRS"

    # -- requests -----------------------------------------------------------------------------
    def _request(self, method: str, url: str, body: bytes | None = None) -> Answer:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json",
                   "User-Agent": "hrtraining-xapi"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self._auth:
            headers["Authorization"] = self._auth
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                data = resp.read(MAX_RESPONSE + 1)
                return Answer(resp.status, {k.lower(): v for k, v in resp.headers.items()}, data)
        except urllib.error.HTTPError as e:
            try:
                data = e.read(64 * 1024) if e.fp is not None else b""
            except Exception:
                data = b""
            answer = Answer(e.code, {k.lower(): v for k, v in (e.headers or {}).items()}, data)
            raise self._http_error(answer) from None
        except urllib.error.URLError as e:
            raise self._network_error(e.reason) from None
        except (TimeoutError, socket.timeout) as e:
            raise self._network_error(e) from None
        except (ConnectionError, OSError, ValueError) as e:  # reset mid-answer, bad URL
            raise self._network_error(e) from None

    def _safe(self, text: str) -> str:
        return self.settings.redact(text)

    def _network_error(self, reason: object) -> LrsError:
        where = self.host
        if isinstance(reason, ssl.SSLCertVerificationError):
            why = getattr(reason, "verify_message", "") or str(reason)
            return LrsError("tls", self._safe(f"TLS failure with {where}: the certificate is not trusted "
                                              f"({why}). Check the LRS address or the computer's certificates."))
        if isinstance(reason, ssl.SSLError):
            return LrsError("tls", self._safe(f"TLS failure with {where} ({reason.reason or reason}). Check that "
                                              "the address is right (https:// for an https server)."))
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return LrsError("timeout", f"The LRS at {where} did not answer within {self.timeout:g} s; "
                                       "will try again.")
        if isinstance(reason, socket.gaierror):
            return LrsError("network", f"Cannot find the LRS host {where} (no such name, or no network); "
                                       "will try again.")
        if isinstance(reason, ConnectionRefusedError):
            return LrsError("network", f"The LRS at {where} refused the connection (not running, or the "
                                       "wrong port); will try again.")
        text = getattr(reason, "strerror", None) or str(reason) or reason.__class__.__name__
        return LrsError("network", self._safe(f"Cannot reach the LRS at {where} ({text}); will try again."))

    def _http_error(self, a: Answer) -> LrsError:
        s = a.status
        detail = self._detail(a)
        if s in (301, 302, 303, 307, 308):
            target = a.headers.get("location", "")
            return LrsError("not-lrs", self._safe(f"The LRS address redirects ({s}) to {target or 'another place'}; "
                                                  "set that address instead (hrtraining lrs set)."), status=s)
        if s == 401:
            return LrsError("auth", "The LRS refused the key and secret (401). Check them with "
                                    "`hrtraining lrs set URL --key KEY`.", status=s)
        if s == 403:
            return LrsError("forbidden", "The LRS key may not write statements (403). Ask the LRS's "
                                         "administrator for a key allowed to write statements.", status=s)
        if s == 413:
            return LrsError("too-large", "The LRS refused a batch as too large (413); sending smaller batches.",
                            status=s)
        if s in (404, 405) or a.looks_like_html:
            return LrsError("not-lrs", f"The address answered {s} with {'a web page' if a.looks_like_html else 'no statements resource'}, "
                                       "not an LRS. Check the URL: it is the xAPI endpoint, often ending in "
                                       "/xAPI/ or /data/xAPI/.", status=s)
        if s == 409:
            return LrsError("conflict", self._safe(f"The LRS already holds a different statement with the same id "
                                                   f"(409){detail}."), status=s, retry=False)
        if s == 400:
            return LrsError("refused", self._safe(f"The LRS refused a statement (400){detail}."), status=s,
                            retry=False)
        if s == 429 or s >= 500:
            return LrsError("server", f"The LRS answered {s} (busy or failing); will try again.", status=s)
        return LrsError("server", self._safe(f"The LRS answered {s}{detail}; will try again."), status=s)

    @staticmethod
    def _detail(a: Answer) -> str:
        """A short reason from a JSON error answer (never a web page)."""
        if a.looks_like_html or not a.body:
            return ""
        try:
            data = a.json()
        except Exception:
            return ""
        text = data.get("detail") or data.get("message") or data.get("error") if isinstance(data, dict) else None
        if not text:
            return ""
        text = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
        return ": " + " ".join(text.split())[:300]

    # -- the xAPI resources -------------------------------------------------------------------
    def post_statements(self, bodies: Sequence[str]) -> list[str]:
        """POST a batch of serialised statements; the ids the LRS stored (empty when it already
        had them all: a resend). Raises :class:`LrsError`."""
        payload = ("[" + ",".join(bodies) + "]").encode("utf-8")
        answer = self._request("POST", self.settings.endpoint + "statements", payload)
        if answer.status == 204:
            return []
        if answer.looks_like_html:
            raise self._http_error(answer)
        try:
            ids = answer.json()
        except Exception:
            raise LrsError("not-lrs", f"The address answered {answer.status} with something that is not JSON; "
                                      "it does not look like an LRS. Check the URL.", status=answer.status) from None
        if not isinstance(ids, list):
            raise LrsError("not-lrs", "The LRS's answer is not a list of statement ids; check the URL.",
                           status=answer.status)
        return [str(i) for i in ids]

    def about(self) -> Answer:
        """GET /about (no credentials needed by the spec, sent anyway)."""
        return self._request("GET", self.settings.endpoint + "about")

    def get_statements(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """One page of GET /statements."""
        query = urlencode({k: (json.dumps(v) if isinstance(v, (dict, list)) else
                               ("true" if v is True else "false" if v is False else v))
                           for k, v in params.items()})
        return self._page(self.settings.endpoint + "statements?" + query)

    def follow(self, more: str) -> dict[str, Any]:
        """The page a ``more`` link names: relative to the LRS, and only on its own origin."""
        url = urljoin(self.settings.endpoint, more)
        mine, theirs = urlsplit(self.settings.endpoint), urlsplit(url)
        if (theirs.scheme, theirs.netloc) != (mine.scheme, mine.netloc):
            raise LrsError("not-lrs", f"The LRS's 'more' link leads to another host ({theirs.hostname}); "
                                      "not following it with the credentials.", retry=False)
        return self._page(url)

    def probe_statements(self) -> Answer:
        """GET /statements?limit=1 with the credentials: the one resource every xAPI LRS has
        (GET /about is not served by all of them, e.g. Ralph 5.1). The answer (its headers too) is
        returned once its body is a page of statements; raises :class:`LrsError` otherwise."""
        answer = self._request("GET", self.settings.endpoint + "statements?limit=1")
        self._read_page(answer)
        return answer

    def _page(self, url: str) -> dict[str, Any]:
        return self._read_page(self._request("GET", url))

    def _read_page(self, answer: Answer) -> dict[str, Any]:
        if answer.looks_like_html:
            raise self._http_error(answer)
        if len(answer.body) > MAX_RESPONSE:
            raise LrsError("server", "The LRS's answer is too large to read.", retry=False)
        try:
            data = answer.json()
        except Exception:
            raise LrsError("not-lrs", "The LRS's answer is not JSON; check the URL.") from None
        if not isinstance(data, dict) or not isinstance(data.get("statements"), list):
            raise LrsError("not-lrs", "The LRS's answer has no list of statements; check the URL.")
        return data
