"""The one interface every store backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier

from graph.model.errors import AikgError
from graph.sparql.internal import internal_query

__all__ = [
    "GRAPH_STORE_ENV",
    "STORE_ENV",
    "TIMEOUT_ENV",
    "Store",
    "StoreError",
    "StoreTimeout",
    "check_timeout",
]


#: The environment variable naming the store when ``--store`` is not given.
STORE_ENV = "AIKG_STORE"


#: The environment variable naming a remote store's Graph Store Protocol endpoint.
GRAPH_STORE_ENV = "AIKG_GRAPH_STORE"


#: The environment variable giving queries a time limit when ``--timeout`` is not given.
TIMEOUT_ENV = "AIKG_TIMEOUT"


class StoreError(AikgError):
    """A store spec that cannot be used, or a store that cannot be reached."""


class StoreTimeout(StoreError):
    """A query ran past its time limit."""


class Store(ABC):
    """Where the graph lives: every command queries and fills it through this interface."""

    #: Whether :meth:`query` can stop waiting after ``timeout`` seconds.
    can_time_out = False

    @abstractmethod
    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        timeout: float | None = None,
    ) -> Result:
        """Run a read-only query; the result has the shape of :func:`execute_query`'s.

        ``timeout`` is the most seconds to wait for the answer; only a store whose
        :attr:`can_time_out` is true (a remote one) can honour it.

        Raises:
            QueryError: the query is refused (update, LOAD, SERVICE), malformed or failed.
            StoreTimeout: the answer did not come within ``timeout`` seconds.
            StoreError: a ``timeout`` this store cannot honour (:func:`check_timeout`).
        """

    @abstractmethod
    def load(self, staged: ox.Store) -> int:
        """Replace the store's content with the default graph of ``staged``, all or nothing;
        returns the number of triples the store now holds.

        ``staged`` is the validated graph in an in-memory pyoxigraph store
        (:func:`graph.validate.checks.checked_store`), so every backend fills itself from
        pyoxigraph's own terms, without a round trip through rdflib.

        Raises:
            StoreError: the store cannot be written; it keeps its previous content.
        """

    @abstractmethod
    def graph(self) -> Graph:
        """Every triple of the store as an rdflib Graph (RDF exports and ``aikg serve`` run
        on it; views and analytics read the store by queries, see :mod:`graph.network.projection`).

        Raises:
            StoreError: the store cannot be read.
        """

    def names(self) -> Graph:
        """What resolving an entity or source parameter (:func:`graph.sparql.binding.bind_params`:
        slug, label or alias) reads, without fetching everything: each entity's
        ``ai:Entity`` type, labels and aliases, and each source's ``ai:Source`` type.

        Raises:
            StoreError: the store cannot be read.
        """
        graph = self.query(internal_query("names")).graph
        assert graph is not None
        return graph

    @abstractmethod
    def is_empty(self) -> bool:
        """Whether the store holds no triple."""

    @abstractmethod
    def describe(self) -> str:
        """The store in words, for messages."""


def check_timeout(store: Store, timeout: float | None) -> None:
    """Refuse a time limit that ``store`` cannot honour.

    pyoxigraph and rdflib cannot stop a query running in this process, so a limit applies
    to remote stores only (the server computes; the client stops waiting).

    >>> from graph.store.memory import MemoryStore
    >>> check_timeout(MemoryStore(), None)

    Raises:
        StoreError: ``timeout`` is given and ``store`` runs queries in this process.
    """
    if timeout is not None and not store.can_time_out:
        raise StoreError(
            f"a time limit (--timeout or ${TIMEOUT_ENV}) cannot be honoured by the "
            f"{store.describe()} store: a query running in this process cannot be stopped. "
            "It applies to remote stores (sparql:URL); `aikg serve --timeout` stops "
            "queries in worker processes."
        )
