"""Query results as rows, tables and the SPARQL result formats."""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node, Variable

from graph.model.errors import QueryError
from graph.model.namespaces import PREFIXES
from graph.rdf.serialize import serialize_graph
from graph.rdf.tables import format_table
from graph.rdf.terms import python_value

if TYPE_CHECKING:
    pass


__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "a_query", "result_rows", "serialize_result"]


#: SELECT/ASK result formats → media type.
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


#: CONSTRUCT/DESCRIBE result formats → media type.
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}


def a_query(kind: str) -> str:
    """``kind`` (SELECT, ASK, CONSTRUCT, DESCRIBE) with its article, for messages.

    >>> a_query("ASK"), a_query("SELECT")
    ('an ASK query', 'a SELECT query')
    """
    return f"{'an' if kind[:1] in 'AEIOU' else 'a'} {kind} query"


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        return python_value(term)
    return term


def result_rows(result: Result) -> list[dict[str, Any]]:
    """SELECT rows as dicts of typed Python values (dates, Decimals, ints, IRIs); None if unbound.

    A year or a month (``xsd:gYear``, ``xsd:gYearMonth``) stays its text, ``"2019"`` or
    ``"2023-09"``, not a day (see :func:`graph.rdf.terms.python_value`).

    >>> from rdflib import Graph
    >>> from graph.sparql.execute import execute_query
    >>> result_rows(execute_query(Graph(), "SELECT ?n WHERE { BIND(2 AS ?n) }"))
    [{'n': 2}]
    """
    names = [str(v) for v in result.vars or []]
    return [{n: _python(row.get(Variable(n))) for n in names} for row in result.bindings]


def _short(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, iri in PREFIXES.items():
            if text.startswith(iri) and re.fullmatch(r"[A-Za-z0-9_.-]*", text[len(iri) :]):
                return f"{prefix}:{text[len(iri) :]}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _nt_literal(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = str(term)
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(old, new)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _csv_text(result: Result, *, tsv: bool) -> str:
    names = [str(v) for v in result.vars or []]
    out = io.StringIO()
    if tsv:
        out.write("\t".join("?" + n for n in names) + "\n")
        for row in result.bindings:
            cells = [row.get(Variable(n)) for n in names]
            out.write("\t".join("" if c is None else _nt_literal(c) for c in cells) + "\n")
        return out.getvalue()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in result.bindings:
        writer.writerow(
            ["" if row.get(Variable(n)) is None else str(row[Variable(n)]) for n in names]
        )
    return out.getvalue()


def serialize_result(result: Result, fmt: str, *, max_rows: int | None = None) -> bytes:
    """A query result in ``fmt``: ``table`` or a :data:`RESULT_FORMATS` key for SELECT/ASK,
    a :data:`GRAPH_FORMATS` key for CONSTRUCT/DESCRIBE. Deterministic bytes.

    ``max_rows`` caps SELECT rows and CONSTRUCT triples.

    Raises:
        QueryError: ``fmt`` does not fit the kind of query.
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(
                f"{a_query(result.type)} returns RDF: use --format {', '.join(GRAPH_FORMATS)}"
            )
        out = Graph()
        for prefix, iri in PREFIXES.items():
            out.bind(prefix, iri, replace=True)
        assert result.graph is not None
        triples = sorted(result.graph)
        out += triples[:max_rows] if max_rows is not None else triples
        if fmt == "xml":
            return out.serialize(format="xml", encoding="utf-8")
        return serialize_graph(out, fmt)
    if result.type == "SELECT" and max_rows is not None:
        result.bindings = result.bindings[:max_rows]
    if fmt == "table":
        if result.type == "ASK":
            return b"true\n" if result.askAnswer else b"false\n"
        names = [str(v) for v in result.vars or []]
        rows = [[_short(row.get(Variable(n))) for n in names] for row in result.bindings]
        empty = "" if rows else "0 rows\n"  # a bare header could be a failure to print
        return (format_table(names, rows) + "\n" + empty).encode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise QueryError(
            f"{a_query(result.type)} returns results: use --format table, "
            + ", ".join(RESULT_FORMATS)
        )
    if fmt in ("csv", "tsv"):
        if result.type == "ASK":
            return b"true\n" if result.askAnswer else b"false\n"
        return _csv_text(result, tsv=fmt == "tsv").encode("utf-8")
    if result.type == "SELECT":
        # An unbound variable has no binding element (SPARQL XML results, section 2.3.1) and
        # no member (JSON results, 3.2.2): leave it out, as rdflib's XML writer cannot.
        result.bindings = [
            {name: value for name, value in row.items() if value is not None}
            for row in result.bindings
        ]
    body = result.serialize(format=fmt, encoding="utf-8")
    assert body is not None
    return body
