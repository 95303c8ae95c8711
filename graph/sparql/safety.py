"""What a query may do before it runs: updates, LOAD, SERVICE and remote FROM are refused,
and its size and nesting are bounded before rdflib's recursive parser reads it."""

from __future__ import annotations

import re
from collections.abc import Iterable

import rdflib.plugins.sparql
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Variable

from graph.model.errors import QueryError
from graph.model.namespaces import PREFIXES
from graph.rdf.serialize import GRAPH_IRI

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_DEPTH",
    "NAMED_GRAPHS_REFUSED",
    "QUERY_TOO_COMPLEX",
    "check_query",
    "check_size",
    "from_names_graph",
    "walk_algebra",
]


# Never fetch a graph named in FROM / FROM NAMED: the endpoint must not make outbound requests.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


#: The longest query text read, in characters (rdflib's parser takes about 2 s per 100 000).
MAX_QUERY_CHARS = 200_000


#: The deepest nesting of ``{ }``, ``( )`` and ``[ ]`` read: rdflib's parser recurses about
#: 40 Python frames per level, and Python stops at 1000.
MAX_QUERY_DEPTH = 20


#: Why a query nested or chained past what the parser's recursion reaches is refused.
QUERY_TOO_COMPLEX = (
    "the query is too complex to read: it nests or chains more groups than the parser can "
    f"follow (at most {MAX_QUERY_DEPTH} levels of {{ }}, ( ) and [ ]; a chain of hundreds "
    "of UNION, OPTIONAL or BIND counts too); simplify it or split it"
)


#: Strings and comments, whose brackets do not count; what looks like an IRI, whose
#: brackets count inside it only; and the brackets.
_BRACKETS = re.compile(
    r"""(?P<skip>\#[^\n]*|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<open>[{(\[])|(?P<close>[})\]])"""
)


def _depth(text: str) -> tuple[int, int]:
    """The deepest nesting of brackets in ``text``, and the offset where it is reached.

    Brackets in strings and comments do not count. In what looks like an IRI they count
    without carrying past it: ``?a<((…))>?b`` (two comparisons) is still measured, while
    an IRI's parentheses change nothing after it.

    >>> _depth('ASK { FILTER(?x = "{{{" && <a:(b)> = ?y) }')
    (3, 30)
    """
    depth = deepest = where = 0
    for match in _BRACKETS.finditer(text):
        if match["skip"]:
            continue
        if match["iri"]:
            inner, at = _depth(match["iri"][1:-1])
            if depth + inner > deepest:
                deepest, where = depth + inner, match.start() + 1 + at
        elif match["open"]:
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
        else:
            depth = max(0, depth - 1)
    return deepest, where


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def check_size(text: str) -> None:
    """Refuse a query too long or too deeply nested to parse safely, before parsing it.

    >>> check_size("ASK " + "{" * 30 + "}" * 30)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.model.errors.QueryError: the query nests brackets 30 deep (at line 1, column 34); ...

    Raises:
        QueryError: the text is longer than :data:`MAX_QUERY_CHARS` characters, or nests
            ``{ }``, ``( )`` and ``[ ]`` deeper than :data:`MAX_QUERY_DEPTH` levels.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are read"
        )
    deepest, where = _depth(text)
    if deepest > MAX_QUERY_DEPTH:
        raise QueryError(
            f"the query nests brackets {deepest} deep (at {_position(text, where)}); "
            f"at most {MAX_QUERY_DEPTH} levels of {{ }}, ( ) and [ ] are read"
        )


#: A prologue declaration: what a query may start with but is not a query.
_PROLOGUE = re.compile(r"(?i)\b(?:BASE\s*<[^<>\s]*>|PREFIX\s+[^\s:]*:\s*<[^<>\s]*>)")


def _is_empty(text: str) -> bool:
    """Whether ``text`` holds only white space, comments and PREFIX or BASE declarations."""
    rest = _BRACKETS.sub(lambda m: " " if m[0].startswith("#") else m[0], text)
    return not _PROLOGUE.sub(" ", rest).strip()


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
    evaluation; ``FROM`` IRIs are never fetched. ``DESCRIBE *`` describes every variable
    in scope, as the spec says (rdflib alone reads no variable and fails).

    >>> check_query("ASK { ?s ?p ?o }").algebra.name
    'AskQuery'

    Raises:
        QueryError: the query is empty, too long or too deeply nested (:func:`check_size`),
            malformed (with the line and column), an update, or uses SERVICE.
    """
    check_size(text)
    if _is_empty(text):
        raise QueryError("the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    try:
        parsed = _parse(text)
        for node in walk_algebra(parsed):
            if node.name == "ServiceGraphPattern":
                raise QueryError("SERVICE is refused: queries run on this graph only")
        _describe_star(parsed)
        try:
            query = translateQuery(parsed, initNs=PREFIXES)
        except RecursionError:
            raise
        except Exception as err:
            raise QueryError(f"malformed query: {err}") from None
    except RecursionError:
        raise QueryError(QUERY_TOO_COMPLEX) from None
    if any(node.name == "ServiceGraphPattern" for node in walk_algebra(query.algebra)):
        raise QueryError("SERVICE is refused: queries run on this graph only")
    return query


def _parse(text: str) -> ParseResults:
    """rdflib's parse of a query.

    Raises:
        QueryError: the text is an update, or malformed (with the line and column).
        RecursionError: the text nests or chains more than the parser can follow.
    """
    try:
        return parseQuery(text)
    except ParseException as err:
        try:
            parseUpdate(text)
        except RecursionError:
            raise
        except Exception:
            raise _parse_error(text, err) from None
        raise QueryError(
            "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: the graph is read-only"
        ) from None


def _describe_star(parsed: ParseResults) -> None:
    """``DESCRIBE *`` read as the spec says: every variable in scope in the WHERE clause."""
    query = parsed[1]
    if query.name != "DescribeQuery" or dict.get(query, "var") is not None:
        return  # (CompValue.get answers a missing key with the key itself)
    found: dict[Variable, None] = {}
    for variable in _in_scope(dict.get(query, "where")):
        found.setdefault(variable, None)
    query["var"] = list(found)


def _in_scope(node: object) -> Iterable[Variable]:
    """The variables a group pattern may bind (as rdflib's ``SELECT *`` finds them)."""
    if isinstance(node, Variable):
        yield node
    elif isinstance(node, CompValue):
        if node.name == "Bind":
            yield node["var"]
        elif node.name == "SubSelect" and dict.get(node, "projection"):
            for p in node["projection"]:
                yield dict.get(p, "var") or p["evar"]
        else:
            for value in node.values():
                yield from _in_scope(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _in_scope(item)


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
