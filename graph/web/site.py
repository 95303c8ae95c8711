"""What every handler of one app shares: the graph, its settings, the workers, the caches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
import networkx as nx
from rdflib import Graph
from starlette.requests import Request

from graph.model.errors import AikgError
from graph.network.convert import to_networkx
from graph.store.memory import MemoryStore
from graph.views.text import source_details
from graph.web.settings import Settings
from graph.web.workers import WorkerPool

__all__ = ["BadRequest", "Site", "form_pairs", "query_params", "site_of"]


@dataclass
class Site:
    """The served graph and what is derived from it once, on first use."""

    g: Graph
    settings: Settings
    pool: WorkerPool
    #: One store for every page and query: pyoxigraph in memory, filled once.
    store: MemoryStore
    cache: dict[str, Any] = field(default_factory=dict)
    #: Rendered neighbourhood pages, oldest first (at most ``EGO_CACHE``).
    egos: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, g: Graph, settings: Settings) -> Site:
        """The site of ``g``; its worker processes start now, each with the store."""
        store = MemoryStore(g)
        store.is_empty()  # the pyoxigraph store is filled now, before the workers fork
        pool = WorkerPool(store, size=settings.workers, timeout=settings.timeout)
        return cls(g=g, settings=settings, pool=pool, store=store)

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    async def cached_async(self, key: str, make: Callable[[], Any]) -> Any:
        """:meth:`cached`, computed in a thread so the event loop keeps serving."""
        if key not in self.cache:
            value = await anyio.to_thread.run_sync(make)
            self.cache.setdefault(key, value)
        return self.cache[key]

    def history(self) -> nx.MultiDiGraph:
        """The whole network, ended relations included, deals as nodes too (what entity
        pages list: a deal has its page)."""
        return self.cached(
            "history",
            lambda: to_networkx(self.store, history=True, merge_symmetric=True, deals=True),
        )

    async def history_async(self) -> nx.MultiDiGraph:
        network: nx.MultiDiGraph = await self.cached_async("history", self.history)
        return network

    def sources(self) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = self.cached("sources", lambda: source_details(self.g))
        return found


def site_of(request: Request) -> Site:
    """The site the request's app serves."""
    site: Site = request.app.state.site
    return site


class BadRequest(AikgError):
    """A request refused before any query runs: the status and the message to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def form_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """The ``name=value`` pairs of a query string or form, each decoded as UTF-8.

    Percent-escapes and raw bytes are read alike, and a value that is not UTF-8 is
    refused, never repaired (as a query in a request body is).

    >>> form_pairs(b"query=ASK%20%7B%7D&x=%C3%A9", "the query string")
    [('query', 'ASK {}'), ('x', 'é')]

    Raises:
        BadRequest: 400, a name or value is not UTF-8 (naming ``where`` and the parameter).
    """
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    decoded = []
    for name, value in pairs:
        for part in (name, value):
            data = part.encode("latin-1")
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as err:
                key = name.encode("latin-1").decode("utf-8", "backslashreplace")
                raise BadRequest(
                    400,
                    f"{where} is not UTF-8: parameter {key!r} has byte 0x{data[err.start]:02x} "
                    f"at offset {err.start} (after percent-decoding); encode the text as UTF-8",
                ) from None
        decoded.append((name.encode("latin-1").decode(), value.encode("latin-1").decode()))
    return decoded


def query_params(request: Request) -> list[tuple[str, str]]:
    """The request's query string as pairs.

    Raises:
        BadRequest: 414, the query string is over the size limit; 400, it is not UTF-8.
    """
    raw: bytes = request.scope.get("query_string", b"")
    limit = site_of(request).settings.max_request_bytes
    if len(raw) > limit:
        raise BadRequest(414, f"the query string is longer than {limit} bytes")
    return form_pairs(raw, "the query string")
