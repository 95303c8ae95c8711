"""Opening a store from its spec: memory, oxigraph:PATH, sparql:URL."""

from __future__ import annotations

import os
import re
from pathlib import Path

from rdflib import Graph

from graph.store.base import GRAPH_STORE_ENV, STORE_ENV, Store, StoreError
from graph.store.memory import MemoryStore
from graph.store.oxigraph import OxigraphStore
from graph.store.remote import RemoteStore, masked_url

__all__ = ["open_store"]


_HTTP_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?(\?[^\s#]*)?")


def open_store(
    spec: str | None = None, *, graph: Graph | None = None, graph_store: str | None = None
) -> Store:
    """The store named by ``spec`` (default: ``$AIKG_STORE``, else ``memory``).

    Specs: ``memory``, ``oxigraph:PATH`` (a folder, made if missing), ``sparql:URL``
    (a query endpoint, or a bare Oxigraph server address; see :class:`RemoteStore`).
    ``graph_store`` (default: ``$AIKG_GRAPH_STORE``) is a remote store's Graph Store
    Protocol endpoint.

    >>> open_store("memory").describe()
    'memory'

    Raises:
        StoreError: the spec is malformed, or the store cannot be opened.
    """
    if spec is None:
        spec = os.environ.get(STORE_ENV) or "memory"
    kind, sep, rest = spec.partition(":")
    if spec == "memory":
        return MemoryStore(graph)
    if kind == "oxigraph" and sep:
        if not rest:
            raise StoreError("store 'oxigraph:' needs a folder: oxigraph:PATH")
        path = Path(rest)
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {spec!r}: {path} is a file, not a folder")
        return OxigraphStore(path)
    if kind == "sparql" and sep:
        if not _HTTP_URL.fullmatch(rest):
            raise StoreError(
                f"store 'sparql:{masked_url(rest)}': give the server's SPARQL query endpoint, e.g. "
                "sparql:http://127.0.0.1:3030/ds/sparql, or an Oxigraph server's address, "
                "e.g. sparql:http://127.0.0.1:7878"
            )
        graph_store = graph_store or os.environ.get(GRAPH_STORE_ENV) or None
        if graph_store is not None and not _HTTP_URL.fullmatch(graph_store):
            raise StoreError(
                f"graph store '{masked_url(graph_store)}': give the Graph Store Protocol "
                "endpoint's http(s) URL, e.g. http://127.0.0.1:3030/ds/data"
            )
        return RemoteStore(rest, graph_store=graph_store)
    raise StoreError(
        f"unknown store {spec!r}; use memory, oxigraph:PATH or sparql:URL "
        f"(from --store or ${STORE_ENV})"
    )
