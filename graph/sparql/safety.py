"""What a query may do before it runs: updates, LOAD, SERVICE and remote FROM are refused."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import rdflib.plugins.sparql
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from graph.model.errors import QueryError
from graph.model.namespaces import PREFIXES
from graph.rdf.serialize import GRAPH_IRI

if TYPE_CHECKING:
    pass


__all__ = ["NAMED_GRAPHS_REFUSED", "check_query", "from_names_graph", "walk_algebra"]


# Never fetch a graph named in FROM / FROM NAMED: the endpoint must not make outbound requests.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def _parse_error(text: str, err: ParseException) -> QueryError:
    line = text.splitlines()[err.lineno - 1] if text.splitlines() else ""
    caret = " " * (err.col - 1) + "^"
    return QueryError(
        f"malformed query at line {err.lineno}, column {err.col}: {err.msg}\n  {line}\n  {caret}"
    )


def walk_algebra(node: object) -> Iterable[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from walk_algebra(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from walk_algebra(item)


def check_query(text: str) -> Query:
    """Parse and translate a read-only query, refusing what could reach outside the graph.

    SPARQL Update (``LOAD`` included) and any ``SERVICE`` clause are refused before
    evaluation; ``FROM`` IRIs are never fetched.

    >>> check_query("ASK { ?s ?p ?o }").algebra.name
    'AskQuery'

    Raises:
        QueryError: the query is malformed (with the line and column), is an update,
            or uses SERVICE.
    """
    try:
        parsed = parseQuery(text)
    except ParseException as err:
        try:
            parseUpdate(text)
        except Exception:
            raise _parse_error(text, err) from None
        raise QueryError(
            "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: the graph is read-only"
        ) from None
    for node in walk_algebra(parsed):
        if node.name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: queries run on this graph only")
    try:
        query = translateQuery(parsed, initNs=PREFIXES)
    except Exception as err:
        raise QueryError(f"malformed query: {err}") from None
    if any(node.name == "ServiceGraphPattern" for node in walk_algebra(query.algebra)):
        raise QueryError("SERVICE is refused: queries run on this graph only")
    return query


#: Why FROM NAMED (or ``named-graph-uri``) is refused, on every backend.
NAMED_GRAPHS_REFUSED = (
    f"named graphs are not supported: the endpoint holds one graph, <{GRAPH_IRI}>, "
    "which is also the default graph"
)


def from_names_graph(query: Query) -> bool | None:
    """What the query's dataset clauses pick: None when it has none; True when a FROM names
    this graph (:data:`GRAPH_IRI`), whose triples are then the default graph; False when
    every FROM names another graph, which is empty (never fetched).

    >>> from_names_graph(check_query(f"ASK FROM <{GRAPH_IRI}> {{ }}"))
    True

    Raises:
        QueryError: the query asks for named graphs (FROM NAMED).
    """
    clauses = list(query.algebra.get("datasetClause") or [])
    if not clauses:
        return None
    if any(dict.get(c, "named") is not None for c in clauses):
        raise QueryError(NAMED_GRAPHS_REFUSED)
    return any(dict.get(c, "default") == GRAPH_IRI for c in clauses)
