"""SPARQL answered by pyoxigraph: the one query engine of every local store."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from graph.model.errors import QueryError
from graph.rdf.bulk import paused_gc
from graph.rdf.serialize import GRAPH_IRI
from graph.sparql.safety import NAMED_GRAPHS_REFUSED
from graph.store.base import Store, check_timeout
from graph.store.convert import answer_graph, rdf_rows, whole_graph
from graph.store.text import OX_PREFIXES, bound_text, for_store, query_kind

__all__ = ["OxigraphEngine", "dataset_graphs"]


def dataset_graphs(
    default_graphs: Sequence[str], named_graphs: Sequence[str] = ()
) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None:
    """The default graph pyoxigraph is asked to query for the protocol's
    ``default-graph-uri`` values: None (the store's default graph, the query's own FROM
    applies) when none is given; else the graph itself where :data:`GRAPH_IRI` is named,
    and every other name as a named graph, which the store does not hold (empty, never
    fetched).

    >>> dataset_graphs([GRAPH_IRI])
    [<DefaultGraph>]

    Raises:
        QueryError: named graphs (``named-graph-uri``) are asked for, or a name is no IRI.
    """
    if named_graphs:
        raise QueryError(NAMED_GRAPHS_REFUSED)
    if not default_graphs:
        return None
    try:
        graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            ox.DefaultGraph() if iri == GRAPH_IRI else ox.NamedNode(iri) for iri in default_graphs
        ]
    except ValueError as err:
        raise QueryError(f"default-graph-uri is not an IRI: {err}") from None
    return graphs


class OxigraphEngine(Store):
    """A store whose triples are in a pyoxigraph store (in memory or on disk): queries are
    checked (:func:`graph.sparql.safety.check_query`: no update, LOAD, SERVICE or FROM
    fetching), bound as a VALUES block and answered by pyoxigraph, as rdflib results."""

    @property
    @abstractmethod
    def _store(self) -> ox.Store:
        """The pyoxigraph store holding the graph as its default graph."""

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        timeout: float | None = None,
        default_graphs: Sequence[str] = (),
    ) -> Result:
        """See :meth:`Store.query`; ``default_graphs`` are the protocol's
        ``default-graph-uri`` values (:func:`dataset_graphs`), which replace the query's FROM.

        >>> from graph.store.memory import MemoryStore
        >>> MemoryStore().query("ASK { ?s ?p ?o }").askAnswer
        False
        """
        check_timeout(self, timeout)
        kind = query_kind(text)  # refuses updates, LOAD and SERVICE first
        text = for_store(text)
        # Bound as a VALUES block: pyoxigraph's substitutions require the variable projected.
        sent = bound_text(text, tuple(bindings.items())) if bindings else text
        dataset = dataset_graphs(default_graphs)
        result = Result(kind)
        # pyoxigraph evaluates lazily, while its answer is read: errors may come then too.
        # The rows are new objects, none of them garbage: the collector is paused meanwhile.
        # The answer is unsendable: read whole and dropped here, on the thread that made it.
        # This frame may outlive the call (rdflib's parser keeps frames in the exceptions it
        # caches, and their callers with them), so it must not keep the answer, nor raise
        # from inside ``except`` (the error's context would hold the frames that read it).
        answer: object = None
        failure = None
        try:
            with paused_gc():
                answer = self._store.query(sent, prefixes=OX_PREFIXES, default_graph=dataset)
                if isinstance(answer, ox.QuerySolutions):
                    result.vars = [Variable(v.value) for v in answer.variables]
                    result.bindings = rdf_rows(answer, result.vars)
                elif isinstance(answer, ox.QueryBoolean):
                    result.askAnswer = bool(answer)
                else:
                    result.graph = answer_graph(answer)
        except (SyntaxError, ValueError, OSError, RuntimeError) as err:
            failure = f"the query failed: {err}"
        finally:
            answer = None
        if failure is not None:
            raise QueryError(failure)
        return result

    def graph(self) -> Graph:
        return whole_graph(self._store)

    def is_empty(self) -> bool:
        # len() counts every quad (0.4 s at 1M); one quad is enough to know.
        return next(iter(self._store.quads_for_pattern(None, None, None)), None) is None
