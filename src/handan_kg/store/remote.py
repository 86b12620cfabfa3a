"""One HTTP configuration for every remote endpoint: `query --endpoint`, `link` and `load`.

What it owns, so the three commands behave alike:
- the client (`HttpConfig.client`): httpx with the project's User-Agent (Wikimedia's policy
  asks for one that names the project), a timeout on every socket operation, and
  authentication from the environment, never from the command line: `basic`/`digest` with
  HANDAN_KG_USER + HANDAN_KG_PASSWORD (used only when the user is set), `bearer` with
  HANDAN_KG_TOKEN (QLever's access token);
- one exchange with retries (`HttpConfig.request`): connection failures and 429/502/503/504
  answers are retried with exponential backoff, honouring `Retry-After` in its seconds form,
  every wait capped at `MAX_WAIT`. A request the server may already have acted on is repeated
  only when it is idempotent (GET, HEAD, PUT, DELETE, ...) or the caller declares it safe
  (`retry_safe=True`: a SPARQL query, an INSERT into a private graph); one whose connection
  was never established was never sent, so it is always retried. Each attempt runs under the
  total deadline of `store.deadline` (a server trickling bytes cannot hold it open), and
  `budget` bounds all attempts and waits together when the caller's time limit is total;
- the SPARQL 1.1 Protocol for queries (`sparql_query`): GET with `query=` (POST form when the
  URL would be too long, or when asked), `default-graph-uri` parameters, an Accept header
  chosen by the query form.

Every failure is one `EndpointError` line: the server's status and the first line of its
body, or why the endpoint could not be reached.

httpx is imported inside the functions: `store.query` imports this module, and its embedded
path must not pay for httpx (start-up time is a target there).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from handan_kg import __version__
from handan_kg.errors import EndpointError
from handan_kg.store.deadline import DeadlineExceeded, total_deadline

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"handan-kg/{__version__} (https://w3id.org/handan-kg)"
USER_ENV, PASSWORD_ENV, TOKEN_ENV = "HANDAN_KG_USER", "HANDAN_KG_PASSWORD", "HANDAN_KG_TOKEN"
AUTH_SCHEMES = ("basic", "digest", "bearer")
TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
MAX_WAIT = 60.0  # the longest single wait between attempts, whatever Retry-After says
MAX_GET_URL = 2000  # a query whose GET URL would be longer goes as a POST form
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
JSON_RESULTS_ACCEPT = "application/sparql-results+json, application/json;q=0.9"
GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5"


class Unreachable(EndpointError):
    """No connection could be made (refused, DNS, connect timeout): nothing was sent."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class HttpStatusError(EndpointError):
    """The server answered with an error status (after any retries)."""

    def __init__(self, message: str, status: int, excerpt: str) -> None:
        super().__init__(message)
        self.status = status
        self.excerpt = excerpt


class BearerAuth:
    """`Authorization: Bearer TOKEN` on every request (an httpx function-style auth)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: httpx.Request) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request

    def __repr__(self) -> str:  # the token never lands in a traceback or a log
        return "BearerAuth(***)"


def auth_from_env(scheme: str = "basic") -> httpx.Auth | BearerAuth | None:
    """HTTP auth from the environment, so secrets never sit on a command line.

    basic/digest: HANDAN_KG_USER + HANDAN_KG_PASSWORD (no auth when the user is not set);
    bearer: HANDAN_KG_TOKEN, required.
    """
    if scheme not in AUTH_SCHEMES:
        raise EndpointError(f"--auth {scheme}: expected one of {', '.join(AUTH_SCHEMES)}")
    if scheme == "bearer":
        token = os.environ.get(TOKEN_ENV)
        if not token:
            raise EndpointError(f"--auth bearer needs the token in the environment variable {TOKEN_ENV}")
        return BearerAuth(token)
    user = os.environ.get(USER_ENV)
    if not user:
        return None
    import httpx

    password = os.environ.get(PASSWORD_ENV, "")
    return httpx.DigestAuth(user, password) if scheme == "digest" else httpx.BasicAuth(user, password)


@dataclass(frozen=True)
class HttpConfig:
    """How to talk to a remote endpoint: the same for `query --endpoint`, `link` and `load`.

    `timeout` bounds every socket operation and, as a total deadline, each whole exchange;
    `retries` is the number of repeats after the first attempt; `auth` is a scheme of
    `AUTH_SCHEMES` read from the environment, or None for never authenticating; `backoff`
    is the first wait when the server names none (doubled on every further attempt).
    """

    timeout: float = 60.0
    retries: int = 3
    auth: str | None = "basic"
    backoff: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        if not self.timeout > 0 or self.retries < 0:
            raise EndpointError("--timeout must be positive and --retries at least 0")

    def client(self, *, follow_redirects: bool = False,
               event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None) -> httpx.Client:
        """A client with the project's User-Agent, the timeout and the configured auth; close it."""
        import httpx

        auth = auth_from_env(self.auth) if self.auth else None
        return httpx.Client(timeout=httpx.Timeout(self.timeout), auth=auth, headers={"User-Agent": USER_AGENT},
                            follow_redirects=follow_redirects, event_hooks=dict(event_hooks or {}))

    def request(self, client: httpx.Client, method: str, url: str, *, what: str | None = None,
                allow: Collection[int] = (), retry_safe: bool = False, budget: float | None = None,
                **kwargs: Any) -> httpx.Response:
        """One HTTP exchange with retries on transient failures (see the module docstring).

        `what` names the exchange in messages (default: "METHOD URL"); statuses in `allow`
        are returned rather than raised; `budget` (seconds) bounds all attempts and waits.
        """
        import httpx

        what = what or f"{method} {url}"
        repeatable = retry_safe or method.upper() in IDEMPOTENT_METHODS
        attempts = self.retries + 1
        started = time.monotonic()
        for attempt in range(1, attempts + 1):
            left = None if budget is None else budget - (time.monotonic() - started)
            failure: EndpointError
            try:
                resp = self._attempt(client, method, url, what, left, budget, **kwargs)
            except DeadlineExceeded:
                raise
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                failure = Unreachable(f"cannot reach {url}: {_reason(exc)}" + (f" (after {attempt} attempts)" if attempt > 1 else ""),
                                      _reason(exc))
                wait = None
            except httpx.RemoteProtocolError as exc:  # e.g. the server closed without an answer: it may have acted
                failure = EndpointError(f"{what}: {_reason(exc)}")
                if not repeatable:
                    raise failure from None
                wait = None
            except httpx.TimeoutException:
                raise EndpointError(f"{what}: no answer within the timeout ({self.timeout:g} s)") from None
            except httpx.HTTPError as exc:
                raise EndpointError(f"{what}: {_reason(exc)}") from None
            else:
                if resp.status_code not in TRANSIENT_STATUS or not repeatable:
                    break
                failure = status_error(resp, what)
                wait = retry_after(resp)
            if attempt == attempts:
                raise failure from None
            wait = min(self.backoff * 2 ** (attempt - 1) if wait is None else wait, MAX_WAIT)
            if budget is not None and time.monotonic() - started + wait >= budget:
                raise failure from None  # waiting would pass the caller's deadline
            self.sleep(wait)
        if resp.status_code >= 400 and resp.status_code not in allow:
            raise status_error(resp, what)
        return resp

    def _attempt(self, client: httpx.Client, method: str, url: str, what: str, left: float | None,
                 budget: float | None, **kwargs: Any) -> httpx.Response:
        """One attempt under its total deadline: the timeout, or what is left of the budget."""
        if left is None or left >= self.timeout:
            with total_deadline(self.timeout, what):
                return client.request(method, url, **kwargs)
        if left <= 0:
            raise DeadlineExceeded(f"{what}: no complete answer within {budget:g} s")
        try:
            with total_deadline(left, what):
                return client.request(method, url, **kwargs)
        except DeadlineExceeded:
            raise DeadlineExceeded(f"{what}: no complete answer within {budget:g} s") from None


def sparql_query(config: HttpConfig, client: httpx.Client, endpoint: str, query: str, *, accept: str,
                 graphs: Sequence[str] = (), method: str = "auto", what: str | None = None,
                 budget: float | None = None) -> httpx.Response:
    """Ask a SPARQL 1.1 Protocol query: GET with `query=` (POST form when `method="POST"`, or
    when `method="auto"` and the URL would exceed `MAX_GET_URL`); `graphs` become the
    protocol's `default-graph-uri` parameters. A query changes nothing, so POST is retried too."""
    params = [("query", query), *(("default-graph-uri", graph) for graph in graphs)]
    headers = {"Accept": accept}
    if method == "GET" or (method == "auto" and len(endpoint) + 1 + len(urlencode(params)) <= MAX_GET_URL):
        return config.request(client, "GET", endpoint, params=params, headers=headers, what=what, budget=budget)
    form = {"query": query, "default-graph-uri": list(graphs)} if graphs else {"query": query}
    return config.request(client, "POST", endpoint, data=form, headers=headers, what=what, budget=budget, retry_safe=True)


def retry_after(resp: httpx.Response) -> float | None:
    """The server's Retry-After in seconds (the HTTP-date form is not honoured), else None."""
    header = resp.headers.get("Retry-After", "").strip()
    return float(header) if header.isdigit() else None


def status_error(resp: httpx.Response, what: str) -> HttpStatusError:
    """`WHAT: HTTP 503 Service Unavailable: <first line of the body>`, one line."""
    first = excerpt(resp)
    return HttpStatusError(f"{what}: HTTP {resp.status_code} {resp.reason_phrase}" + (f": {first}" if first else ""),
                           resp.status_code, first)


def excerpt(resp: httpx.Response, limit: int = 300) -> str:
    """The first non-blank line of a response body (tags dropped from HTML), printable, shortened."""
    try:
        text = resp.text
    except Exception:  # an undecodable or unread body: the status alone must do
        return ""
    if "html" in resp.headers.get("Content-Type", "").lower():
        text = re.sub(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", "\n", text, flags=re.IGNORECASE | re.DOTALL)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = "".join(ch if ch.isprintable() else " " for ch in first)
    return first if len(first) <= limit else first[:limit] + "..."


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
