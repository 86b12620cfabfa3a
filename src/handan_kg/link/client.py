"""A polite, cached SPARQL SELECT client for a Wikidata-shaped endpoint.

Politeness rules of public endpoints (WDQS asks for them explicitly): a User-Agent that
names the project, one request at a time, a timeout on every request, and backing off
on HTTP 429/503 for as long as `Retry-After` says. Every answer goes through the
`QueryCache`; in offline mode the cache is the only source, so the default path never
touches the network.
"""

from __future__ import annotations

import time
import urllib.error
from collections.abc import Callable

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from handan_kg import __version__
from handan_kg.errors import EndpointError
from handan_kg.link.cache import CachedAnswer, QueryCache, asked_today
from handan_kg.store.deadline import total_deadline

USER_AGENT = f"handan-kg/{__version__} (https://w3id.org/handan-kg)"
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
RETRY_STATUS = (429, 503)


def _retry_after(exc: urllib.error.HTTPError, attempt: int) -> float:
    """Seconds to wait: the server's Retry-After (seconds form) or exponential backoff."""
    header = exc.headers.get("Retry-After") if exc.headers else None
    if header and header.strip().isdigit():
        return min(float(header.strip()), 120.0)
    return min(2.0 ** attempt, 60.0)


class SparqlClient:
    """SELECT queries answered from the cache, else (when online) from the endpoint.

    `refresh=True` re-asks the endpoint even when an answer is cached. Misses in offline
    mode return None: the caller treats the entity as not looked up, not as unmatched.
    """

    def __init__(
        self,
        endpoint: str,
        cache: QueryCache,
        *,
        online: bool,
        refresh: bool = False,
        timeout: float = 30.0,
        retries: int = 4,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self.cache = cache
        self.online = online
        self.refresh = refresh
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep
        self.asked = 0  # requests actually sent (for the summary)

    def select(self, query: str) -> CachedAnswer | None:
        if not self.refresh:
            hit = self.cache.get(self.endpoint, query)
            if hit is not None or not self.online:
                return hit
        if not self.online:
            return None
        answer = self._ask(query)
        return self.cache.put(self.endpoint, query, answer, asked_today())

    def _ask(self, query: str) -> dict:
        wrapper = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        wrapper.setQuery(query)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(max(1, self.timeout)))
        for attempt in range(self.retries + 1):
            try:
                self.asked += 1
                with total_deadline(self.timeout, self.endpoint):
                    result = wrapper.queryAndConvert()
            except urllib.error.HTTPError as exc:
                if exc.code in RETRY_STATUS and attempt < self.retries:
                    self.sleep(_retry_after(exc, attempt))
                    continue
                raise EndpointError(f"{self.endpoint}: HTTP {exc.code} {exc.reason}") from None
            except SPARQLWrapperException as exc:
                first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
                raise EndpointError(f"{self.endpoint}: the endpoint rejected a linking query ({first[:200]})") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise EndpointError(f"{self.endpoint}: unreachable ({reason}); the dataset stays unlinked") from None
            except ValueError:  # the body was not JSON (an HTML error page, a proxy's login form ...)
                raise EndpointError(f"{self.endpoint}: answer is not SPARQL JSON results") from None
            if not isinstance(result, dict) or "results" not in result:
                raise EndpointError(f"{self.endpoint}: answer is not SPARQL JSON results")
            return result
        raise EndpointError(f"{self.endpoint}: still busy (HTTP 429/503) after {self.retries} retries")
