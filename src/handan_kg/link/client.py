"""A polite, cached SPARQL SELECT client for a Wikidata-shaped endpoint.

Politeness rules of public endpoints (WDQS asks for them explicitly): a User-Agent that
names the project, one request at a time, a timeout on every request, and backing off
on HTTP 429/503 for as long as `Retry-After` says. All of that is the shared HTTP
configuration of `handan_kg.store.remote` (the one `query --endpoint` and `load` use);
this module adds the cache. Every answer goes through the `QueryCache`; in offline mode
the cache is the only source, so the default path never touches the network.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from handan_kg.errors import EndpointError
from handan_kg.link.cache import CachedAnswer, QueryCache, asked_today
from handan_kg.store.remote import JSON_RESULTS_ACCEPT, USER_AGENT, HttpConfig, Unreachable, sparql_query

__all__ = ["USER_AGENT", "WIKIDATA_ENDPOINT", "SparqlClient"]

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"


class SparqlClient:
    """SELECT queries answered from the cache, else (when online) from the endpoint.

    `refresh=True` re-asks the endpoint even when an answer is cached. Misses in offline
    mode return None: the caller treats the entity as not looked up, not as unmatched.
    `auth` is a scheme of `store.remote.AUTH_SCHEMES` with its credentials in the
    environment; None (the default) never sends credentials, so variables set for a
    private store never reach a public endpoint.
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
        auth: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.cache = cache
        self.online = online
        self.refresh = refresh
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep
        self.auth = auth
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

    def _count(self, request: object) -> None:
        self.asked += 1

    def _ask(self, query: str) -> dict:
        # backoff 1 s, 2 s, 4 s ... when the server names no Retry-After
        config = HttpConfig(timeout=self.timeout, retries=self.retries, auth=self.auth, backoff=1.0, sleep=self.sleep)
        with config.client(follow_redirects=True, event_hooks={"request": [self._count]}) as client:
            try:
                resp = sparql_query(config, client, self.endpoint, query, method="POST", what=self.endpoint,
                                    accept=JSON_RESULTS_ACCEPT)
            except Unreachable as exc:
                raise EndpointError(f"{self.endpoint}: unreachable ({exc.reason}); the dataset stays unlinked") from None
        try:
            result = json.loads(resp.content)
        except ValueError:  # the body was not JSON (an HTML error page, a proxy's login form ...)
            raise EndpointError(f"{self.endpoint}: answer is not SPARQL JSON results") from None
        if not isinstance(result, dict) or "results" not in result:
            raise EndpointError(f"{self.endpoint}: answer is not SPARQL JSON results")
        return result
