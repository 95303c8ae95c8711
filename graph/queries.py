"""Stored SPARQL queries: strict headers, safely bound parameters, one place that runs a query."""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rdflib.plugins.sparql
from pyparsing import ParseException, ParseResults
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

from .entities import resolve_entity
from .errors import AikgError, QueryError, UnknownEntityError
from .export import GRAPH_IRI, serialize_graph
from .namespaces import AI, ENT, PREFIXES, SRC
from .network import FAMILIES
from .tables import format_table

if TYPE_CHECKING:
    import pandas

__all__ = [
    "GRAPH_FORMATS",
    "NAMED_GRAPHS_REFUSED",
    "PARAM_TYPES",
    "RESULT_FORMATS",
    "QueryParam",
    "StoredQuery",
    "bind_params",
    "check_query",
    "default_queries_dir",
    "execute_query",
    "from_names_graph",
    "list_queries",
    "load_query",
    "parse_stored_query",
    "query_as_df",
    "render_catalogue",
    "result_rows",
    "run_query",
    "run_stored_query",
    "serialize_result",
]

# Never fetch a graph named in FROM / FROM NAMED: the endpoint must not make outbound requests.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

#: The types a stored query's parameter may declare.
PARAM_TYPES = ("entity", "source", "date", "string", "integer", "relation-family")
#: The views a stored query may prefer.
VIEWS = ("table", "graph")
HEADER_KEYS = ("title", "description", "param", "view", "analytical")

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

_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*:\s*(?P<doc>.*)$"
)


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a stored query."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True)
class StoredQuery:
    """A query file: its name (the file stem), header metadata and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[QueryParam, ...]
    view: str
    text: str
    #: Why the query reads the whole graph whatever its parameters (``# analytical:``), so
    #: that it takes seconds at millions of triples; empty for a lookup around its parameters.
    analytical: str = ""

    def param(self, name: str) -> QueryParam | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def default_queries_dir() -> Path:
    """The folder of stored queries: ``$AIKG_QUERIES`` or the project's ``queries/``."""
    env = os.environ.get("AIKG_QUERIES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "queries"


def _header_error(path: Path, line: int, message: str) -> QueryError:
    return QueryError(f"{path}:{line}: {message}")


def _parse_param(value: str, path: Path, line: int) -> QueryParam:
    match = _PARAM_RE.match(value)
    if not match:
        raise _header_error(
            path, line, "a parameter reads 'NAME (TYPE[, required][, default=VALUE]): description'"
        )
    name = match["name"]
    parts = [p.strip() for p in match["spec"].split(",") if p.strip()]
    if not parts or parts[0] in ("required",) or parts[0].startswith("default="):
        raise _header_error(path, line, f"parameter {name!r} has no type")
    ptype, required, default = parts[0], False, None
    if ptype not in PARAM_TYPES:
        raise _header_error(
            path, line, f"parameter {name!r}: unknown type {ptype!r}; use {', '.join(PARAM_TYPES)}"
        )
    for flag in parts[1:]:
        if flag == "required":
            required = True
        elif flag.startswith("default="):
            default = flag.removeprefix("default=")
        else:
            raise _header_error(path, line, f"parameter {name!r}: unknown flag {flag!r}")
    if required and default is not None:
        raise _header_error(path, line, f"parameter {name!r} cannot be required and have a default")
    if default is not None and ptype not in ("entity", "source"):
        try:
            _convert(ptype, default)
        except QueryError as err:
            raise _header_error(path, line, f"parameter {name!r}: default: {err}") from None
    return QueryParam(name, ptype, required, default, match["doc"].strip())


def parse_stored_query(text: str, *, path: Path) -> StoredQuery:
    """Read a query file's header strictly; the query's name is the file's stem.

    The header is the run of ``#`` lines at the top; each reads ``# key: value``
    (keys: title, description, param, view, analytical) and a line starting ``#`` and two
    spaces continues the one above.

    Raises:
        QueryError: an unknown key, a missing title, a parameter without a type...;
            the message names the file and the line.
    """
    fields: dict[str, str] = {}
    params: list[tuple[int, str]] = []
    last: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.startswith("#"):
            break
        body = raw[1:]
        if not body.strip():
            last = None
            continue
        if body.startswith("  ") and last is not None:
            key, index = last
            if key == "param":
                params[index] = (params[index][0], params[index][1] + " " + body.strip())
            else:
                fields[key] += " " + body.strip()
            continue
        key, sep, value = body.strip().partition(":")
        key = key.strip()
        if not sep or key not in HEADER_KEYS:
            raise _header_error(
                path, number, f"unknown header key {key!r}; use {', '.join(HEADER_KEYS)}"
            )
        value = value.strip()
        if key == "param":
            params.append((number, value))
            last = ("param", len(params) - 1)
            continue
        if key in fields:
            raise _header_error(path, number, f"{key!r} given twice")
        fields[key] = value
        last = (key, 0)
    if not fields.get("title"):
        raise _header_error(path, 1, "the header has no title ('# title: ...')")
    if not fields.get("description"):
        raise _header_error(path, 1, "the header has no description ('# description: ...')")
    view = fields.get("view", "table")
    if view not in VIEWS:
        raise _header_error(path, 1, f"unknown view {view!r}; use {' or '.join(VIEWS)}")
    parsed: list[QueryParam] = []
    for number, value in params:
        param = _parse_param(value, path, number)
        if any(p.name == param.name for p in parsed):
            raise _header_error(path, number, f"parameter {param.name!r} declared twice")
        if not re.search(rf"[?$]{param.name}\b", text):
            raise _header_error(
                path, number, f"parameter {param.name!r}: the query has no ?{param.name}"
            )
        parsed.append(param)
    return StoredQuery(
        name=path.stem,
        path=path,
        title=fields["title"],
        description=fields["description"],
        params=tuple(parsed),
        view=view,
        text=text,
        analytical=fields.get("analytical", ""),
    )


def list_queries(directory: Path | str | None = None) -> list[StoredQuery]:
    """Every stored query in ``directory`` (default: :func:`default_queries_dir`), by name.

    Raises:
        QueryError: a query file's header is malformed.
    """
    folder = Path(directory) if directory is not None else default_queries_dir()
    return [
        parse_stored_query(path.read_text(encoding="utf-8"), path=path)
        for path in sorted(folder.glob("*.rq"))
    ]


def load_query(name: str, *, directory: Path | str | None = None) -> StoredQuery:
    """The stored query called ``name``.

    Raises:
        QueryError: there is no such query (the message suggests near names), or its
            header is malformed.
    """
    folder = Path(directory) if directory is not None else default_queries_dir()
    path = folder / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        known = [p.stem for p in sorted(folder.glob("*.rq"))]
        near = difflib.get_close_matches(name, known, n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; `aikg queries` lists them"
        raise QueryError(f"no stored query {name!r}{hint}")
    return parse_stored_query(path.read_text(encoding="utf-8"), path=path)


# --- parameters ---------------------------------------------------------------------------


def _convert(ptype: str, value: str) -> Identifier:
    """A literal parameter value as a typed RDF term (not entity/source)."""
    if ptype == "date":
        try:
            return Literal(date.fromisoformat(value))
        except ValueError:
            raise QueryError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if ptype == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryError(f"{value!r} is not an integer") from None
    if ptype == "relation-family":
        if value not in FAMILIES:
            raise QueryError(f"{value!r} is not a relation family; use {', '.join(FAMILIES)}")
        return Literal(value)
    return Literal(value)


def _resolve_entity(g: Graph, value: str) -> URIRef:
    """An entity by slug, ``ent:`` name, IRI, label or alias (see :func:`resolve_entity`)."""
    text = value.strip()
    for prefix in (str(ENT), "ent:"):
        if text.startswith(prefix) and (URIRef(str(ENT) + text[len(prefix) :]), None, None) in g:
            return URIRef(str(ENT) + text[len(prefix) :])
    return resolve_entity(g, text)


def _resolve_source(g: Graph, value: str) -> URIRef:
    slug = value.removeprefix(str(SRC)).removeprefix("src:")
    iri = URIRef(str(SRC) + slug)
    if (iri, RDF.type, AI.Source) in g:
        return iri
    known = sorted(
        str(s).removeprefix(str(SRC))
        for s in g.subjects(RDF.type, AI.Source, unique=True)
        if str(s).startswith(str(SRC))
    )
    near = difflib.get_close_matches(slug, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise UnknownEntityError(f"unknown source {value!r}{hint}")


def bind_params(
    g: Graph, query: StoredQuery, params: Mapping[str, object]
) -> dict[str, Identifier]:
    """Each parameter value as a typed RDF term, ready for ``initBindings``.

    Values are bound, never pasted into the query text. An entity is given by its
    slug (``openai``), ``ent:openai``, its IRI, its label or an alias
    (:func:`graph.entities.resolve_entity`); a source by its slug, ``src:`` name or IRI.

    Raises:
        QueryError: an unknown or missing parameter, or a badly typed value (named).
        UnknownEntityError: an entity or source that the graph does not hold.
    """
    for key in params:
        if query.param(key) is None:
            declared = ", ".join(p.name for p in query.params) or "none"
            raise QueryError(
                f"{query.name}: unknown parameter {key!r} (declared parameters: {declared})"
            )
    bound: dict[str, Identifier] = {}
    for param in query.params:
        raw = params.get(param.name)
        if raw is None:
            if param.required:
                raise QueryError(
                    f"{query.name}: missing required parameter {param.name!r} ({param.type})"
                )
            if param.default is None:
                continue
            raw = param.default
        if isinstance(raw, Identifier):
            bound[param.name] = raw
            continue
        text = raw.isoformat() if isinstance(raw, date) else str(raw)
        try:
            if param.type == "entity":
                bound[param.name] = _resolve_entity(g, text)
            elif param.type == "source":
                bound[param.name] = _resolve_source(g, text)
            else:
                bound[param.name] = _convert(param.type, text)
        except UnknownEntityError as err:
            raise UnknownEntityError(f"{query.name}: parameter {param.name!r}: {err}") from None
        except QueryError as err:
            raise QueryError(f"{query.name}: parameter {param.name!r}: {err}") from None
    return bound


# --- checking and running -----------------------------------------------------------------


def _parse_error(text: str, err: ParseException) -> QueryError:
    line = text.splitlines()[err.lineno - 1] if text.splitlines() else ""
    caret = " " * (err.col - 1) + "^"
    return QueryError(
        f"malformed query at line {err.lineno}, column {err.col}: {err.msg}\n  {line}\n  {caret}"
    )


def _walk(node: object) -> Iterable[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _walk(item)


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
    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: queries run on this graph only")
    try:
        query = translateQuery(parsed, initNs=PREFIXES)
    except Exception as err:
        raise QueryError(f"malformed query: {err}") from None
    if any(node.name == "ServiceGraphPattern" for node in _walk(query.algebra)):
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


def _has_group_by(query: Query) -> bool:
    return any(node.name == "Group" and node.get("expr") for node in _walk(query.algebra))


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
        result = target.query(query, initBindings=init)
        if result.type == "SELECT":
            rows = list(result.bindings)  # evaluate now, inside the caller's limits
            if _has_group_by(query):
                # rdflib answers GROUP BY over no solutions with one empty group; SPARQL
                # says no groups, so no rows.
                rows = [row for row in rows if any(v is not None for v in row.values())]
            result.bindings = rows
        return result
    except QueryError:
        raise
    except Exception as err:
        raise QueryError(f"the query failed: {err}") from None


# --- results --------------------------------------------------------------------------------


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return term


def result_rows(result: Result) -> list[dict[str, Any]]:
    """SELECT rows as dicts of typed Python values (dates, Decimals, ints, IRIs); None if unbound.

    >>> from rdflib import Graph
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
                f"a {result.type} query returns RDF: use --format {', '.join(GRAPH_FORMATS)}"
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
        return (format_table(names, rows) + "\n").encode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise QueryError(
            f"a {result.type} query returns results: use --format table, "
            + ", ".join(RESULT_FORMATS)
        )
    if fmt in ("csv", "tsv"):
        if result.type == "ASK":
            return b"true\n" if result.askAnswer else b"false\n"
        return _csv_text(result, tsv=fmt == "tsv").encode("utf-8")
    body = result.serialize(format=fmt, encoding="utf-8")
    assert body is not None
    return body


# --- convenience ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _shipped_graph(data_dir: str) -> Graph:
    from .loading import load_graph

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
    from .loading import default_data_dir

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


def render_catalogue(queries: Sequence[StoredQuery]) -> str:
    """The Markdown catalogue of stored queries (``docs/queries.md``), from their headers."""
    lines = [
        "# Stored queries",
        "",
        "<!-- Generated by `aikg queries --markdown` from the headers of queries/*.rq;"
        " do not edit. -->",
        "",
        "Run one with `aikg query NAME --param name=value`, over HTTP at",
        "`/queries/NAME?name=value`, or from Python with",
        "`graph.queries.run_query(NAME, name=value)`.",
        "",
        "A query file's header is the run of `#` lines at its top, read strictly (an unknown",
        "key, a missing title or description, or a parameter without a type is an error naming",
        "the file and line):",
        "",
        "```sparql",
        "# title: Investors of an entity",
        "# description: Everyone reported to invest in the entity, one row per statement;",
        "#   a line starting with `#` and two spaces continues the one above.",
        "# param: entity (entity, required): the entity invested in, e.g. openai",
        "# param: min_amount (integer, default=1000): parameters are optional unless required",
        "# view: table",
        "# analytical: sums over every investment statement (only for queries that read",
        "#   the whole graph whatever their parameters)",
        "```",
        "",
        "A query marked **analytical** reads every statement (an aggregate or a scan over the",
        "whole graph), so it takes seconds on millions of triples; the others look up what is",
        "around their parameters and answer in milliseconds (docs/benchmarks.md, Stores).",
        "",
        f"Parameter types: {', '.join(PARAM_TYPES)}. An `entity` is given by its slug",
        "(`openai`), label (`OpenAI`) or an alias and bound as `ent:openai`; a `source` by its",
        "slug and bound as `src:...`; a `date` as",
        "`xsd:date`. Each parameter `NAME` is bound to the variable `?NAME`; an optional",
        "parameter left out leaves it unbound (test it with `BOUND(?NAME)`).",
        "",
        "| name | title | parameters | view | cost |",
        "|---|---|---|---|---|",
    ]
    for q in queries:
        params = ", ".join(f"`{p.name}`" for p in q.params) or "none"
        cost = "analytical" if q.analytical else "lookup"
        lines.append(f"| [`{q.name}`](#{q.name}) | {q.title} | {params} | {q.view} | {cost} |")
    for q in queries:
        lines += ["", f"## {q.name}", "", f"**{q.title}.** {q.description}", ""]
        if q.analytical:
            lines += [f"**Analytical:** {q.analytical}.", ""]
        if q.params:
            lines += [
                "| parameter | type | required | default | description |",
                "|---|---|---|---|---|",
            ]
            for p in q.params:
                required = "yes" if p.required else "no"
                default = f"`{p.default}`" if p.default is not None else ""
                lines.append(
                    f"| `{p.name}` | {p.type} | {required} | {default} | {p.description} |"
                )
            lines.append("")
        example = " ".join(
            f"--param {p.name}={p.default or _example(p)}" for p in q.params if p.required
        )
        lines += [
            f"Preferred view: {q.view}. File: `queries/{q.name}.rq`.",
            "",
            "```sh",
            f"aikg query {q.name}{' ' + example if example else ''}",
            "```",
        ]
    return "\n".join(lines) + "\n"


def _example(param: QueryParam) -> str:
    match = re.search(r"e\.g\. ([\w-]+)", param.description)
    return match[1] if match else "VALUE"
