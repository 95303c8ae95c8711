"""Running a checked query on an rdflib graph, and the stored-query entry points."""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.aggregates import Aggregator
from rdflib.plugins.sparql.algebra import ToMultiSet, Values
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.evalutils import _eval
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import FrozenBindings, Query, QueryContext
from rdflib.query import Result
from rdflib.term import Identifier

from graph.model.errors import AikgError, QueryError
from graph.model.paths import default_data_dir
from graph.rdf.serialize import GRAPH_IRI
from graph.sparql.binding import bind_params
from graph.sparql.catalogue import StoredQuery, load_query
from graph.sparql.results import result_rows
from graph.sparql.safety import (
    NAMED_GRAPHS_REFUSED,
    QUERY_TOO_COMPLEX,
    check_query,
    walk_algebra,
)
from graph.validate.checks import load_graph

if TYPE_CHECKING:
    import pandas


__all__ = ["execute_query", "query_as_df", "run_query", "run_stored_query"]


def _dataset_for(
    g: Graph, query: Query, default_graphs: Sequence[str], named_graphs: Sequence[str]
) -> Graph:
    """The graph to evaluate on: ``g``, or a dataset when FROM or ``default-graph-uri`` pick one.

    The only graph known by name is :data:`GRAPH_IRI` (this graph); any other is empty and
    is never fetched. Named graphs (FROM NAMED, ``named-graph-uri``) are refused.
    """
    if default_graphs or named_graphs:
        clauses = [CompValue("DatasetClause", default=URIRef(i)) for i in default_graphs]
        clauses += [CompValue("DatasetClause", named=URIRef(i)) for i in named_graphs]
    else:
        clauses = list(query.algebra.get("datasetClause") or [])
    if not clauses:
        return g
    if any(dict.get(c, "named") is not None for c in clauses):
        raise QueryError(NAMED_GRAPHS_REFUSED)
    if all(dict.get(c, "default") == GRAPH_IRI for c in clauses):
        query.algebra["datasetClause"] = None  # this graph itself: no copy needed
        return g
    query.algebra["datasetClause"] = [
        CompValue(
            "DatasetClause",
            default=g.identifier if dict.get(c, "default") == GRAPH_IRI else dict.get(c, "default"),
        )
        for c in clauses
    ]
    return Dataset(store=g.store, default_union=False)


def _without_graph_patterns(node: object) -> object:
    """``node`` with each ``GRAPH`` pattern made one that has no solution.

    The graph is the default graph and there is no named graph for a GRAPH pattern to
    match: so it is empty, as on a store (rdflib would refuse it on a Graph, and match the
    graph itself on a Dataset). rdflib keeps the translated pattern of an EXISTS as an
    attribute, not an item: both are rewritten.
    """
    if isinstance(node, CompValue):
        if node.name == "Graph":
            return ToMultiSet(Values([]))
        for key, value in node.items():
            node[key] = _without_graph_patterns(value)
        if "graph" in vars(node):
            node.graph = _without_graph_patterns(vars(node)["graph"])
    elif isinstance(node, list):
        return [_without_graph_patterns(item) for item in node]
    return node


#: The name given to an aggregation over ``GROUP BY`` groups, evaluated by :func:`_grouped`.
_GROUPED = "AikgGroupedAggregateJoin"


def _mark_grouped(query: Query) -> None:
    """Have each aggregation over ``GROUP BY`` groups evaluated by :func:`_grouped`."""
    for node in walk_algebra(query.algebra):
        if node.name == "AggregateJoin" and node.p.name == "Group" and node.p.get("expr"):
            node.name = _GROUPED


def _grouped(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    """rdflib's aggregation, without the one empty group it makes of no solutions.

    SPARQL says ``GROUP BY`` over no solutions has no groups, so no rows; rdflib yields
    one empty group there (right without ``GROUP BY``: ``COUNT(*)`` of nothing is 0). A
    real group whose projected values are all unbound stays (``GROUP BY (xsd:integer(?o)
    AS ?i)`` over a string is one group, ``?i`` unbound).
    """
    if part.name != _GROUPED:
        raise NotImplementedError  # rdflib evaluates every other part itself
    return _groups(ctx, part)


def _groups(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    groups: dict[object, Aggregator] = collections.defaultdict(
        lambda: Aggregator(aggregations=part.A)
    )
    for row in evalPart(ctx, part.p):
        groups[tuple(_eval(e, row, False) for e in part.p.expr)].update(row)
    for aggregator in groups.values():
        yield FrozenBindings(ctx, aggregator.get_bindings())


CUSTOM_EVALS["aikg-grouped"] = _grouped


def execute_query(
    g: Graph,
    text: str,
    *,
    bindings: Mapping[str, Identifier] | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> Result:
    """Run a read-only SPARQL query on ``g``: the one function every interface calls.

    ``bindings`` are bound as typed terms (``initBindings``); ``default_graphs`` and
    ``named_graphs`` are the protocol's ``default-graph-uri`` / ``named-graph-uri``.

    >>> from rdflib import Graph
    >>> execute_query(Graph(), "ASK { ?s ?p ?o }").askAnswer
    False

    Raises:
        QueryError: see :func:`check_query`, or the evaluation failed.
    """
    query = check_query(text)
    target = _dataset_for(g, query, default_graphs, named_graphs)
    init: dict[str, Identifier] = dict(bindings or {})
    try:
        if re.search(r"(?i)\bGRAPH\b", text):
            _without_graph_patterns(query.algebra)  # the root is a query, never a GRAPH
        _mark_grouped(query)
        result = target.query(query, initBindings=init)
        if result.type == "SELECT":
            result.bindings = list(result.bindings)  # evaluate now, inside the caller's limits
        return result
    except QueryError:
        raise
    except RecursionError:
        raise QueryError(QUERY_TOO_COMPLEX) from None
    except Exception as err:
        raise QueryError(f"the query failed: {err}") from None


@lru_cache(maxsize=1)
def _shipped_graph(data_dir: str) -> Graph:

    return load_graph(data_dir)


def run_stored_query(g: Graph, name: str, **params: object) -> Any:
    """Run the stored query ``name`` on ``g`` with bound parameters.

    Returns a list of dicts of typed Python values for SELECT, a bool for ASK, and an
    rdflib Graph for CONSTRUCT/DESCRIBE.

    Raises:
        QueryError: unknown query, unknown or missing parameter, bad value.
        UnknownEntityError: an entity parameter names no entity.
    """
    query = load_query(name)
    result = execute_query(g, query.text, bindings=bind_params(g, query, params))
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    return result_rows(result)


def run_query(name: str, **params: object) -> Any:
    """Run a stored query on the shipped graph (built once per process).

    >>> [row["competitor"].split("/")[-1] for row in run_query("competitors_of", entity="openai")]
    ['anthropic', 'google', 'xai']

    Raises:
        QueryError: unknown query, unknown or missing parameter, bad value.
        UnknownEntityError: an entity parameter names no entity.
    """

    return run_stored_query(_shipped_graph(str(default_data_dir())), name, **params)


def query_as_df(g: Graph, name: str, **params: object) -> pandas.DataFrame:
    """A stored SELECT query's rows as a pandas DataFrame (needs the ``pandas`` extra).

    Raises:
        AikgError: pandas is not installed, or the query is not a SELECT.
    """
    try:
        import pandas
    except ImportError:
        raise AikgError("query_as_df needs pandas: pip install 'aikg[pandas]'") from None
    rows = run_stored_query(g, name, **params)
    if not isinstance(rows, list):
        raise AikgError(f"{name} is not a SELECT query")
    query = load_query(name)
    columns = _select_vars(g, query)
    return pandas.DataFrame(rows, columns=columns or None)


def _select_vars(g: Graph, query: StoredQuery) -> list[str]:
    return [str(v) for v in check_query(query.text).algebra.get("PV") or []]
