"""Query text for stores that run it themselves: prefixes declared, values bound as VALUES."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from graph.model.errors import QueryError
from graph.model.namespaces import PREFIXES
from graph.rdf.terms import ox_term
from graph.sparql.safety import check_query, from_names_graph

__all__ = [
    "OX_PREFIXES",
    "bind_text",
    "bound_text",
    "for_store",
    "query_kind",
    "values_clause",
    "with_prefixes",
]


def _sparql_term(term: Identifier) -> str:
    """A bound value in N-Triples syntax, made (and escaped) by pyoxigraph.

    Raises:
        QueryError: the value is not a valid RDF term (an IRI with spaces or ``>``...).
    """
    try:
        return str(ox_term(term))
    except (ValueError, TypeError) as err:
        raise QueryError(f"cannot bind {term!r}: {err}") from None


def values_clause(bindings: Mapping[str, Identifier]) -> str:
    """A ``VALUES`` block binding each variable to its value (terms escaped, never pasted).

    >>> from rdflib import Literal
    >>> values_clause({"name": Literal('a" } ; DROP ALL')})
    'VALUES (?name) { ("a\\\\" } ; DROP ALL") }'
    """
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"cannot bind {name!r}: not a variable name")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_sparql_term(value) for value in bindings.values())
    return f"VALUES ({names}) {{ ({values}) }}"


_TOKEN = re.compile(
    r'(?P<skip>\#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)"""
    r"""|(?P<where>(?<![?$\w:])WHERE\b)|(?P<open>\{)|(?P<close>\})"""
    r"|(?P<from>(?<![?$\w:])FROM\b)|(?P<select>(?<![?$\w:])SELECT\b)",
    re.IGNORECASE,
)


#: One dataset clause: FROM [NAMED] and an IRI, written in full or with a prefix.
_FROM_CLAUSE = re.compile(
    r"""FROM\s+(?:NAMED\s+)?(?:<[^<>"{}|^`\\\s]*>|(?:[A-Za-z][\w.-]*)?:[\w.-]*)""",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def for_store(text: str) -> str:
    """The query as a store runs it, answering as :func:`execute_query` does on the graph.

    A store holds the graph as its default graph, and other graphs not at all. So a query
    whose FROM names this graph (``GRAPH_IRI``) is sent without its FROM clauses (any
    other graph it names is empty: the union is the graph); one whose FROM names only
    other graphs is sent as it is (the store has no such graph: empty, never fetched).

    >>> for_store("SELECT * FROM <https://w3id.org/aikg/graph> { ?s ?p ?o }")
    'SELECT *   { ?s ?p ?o }'

    Raises:
        QueryError: see :func:`check_query`, or FROM NAMED (refused, as on the graph).
    """
    if not from_names_graph(_checked(text)):
        return text
    depth, cuts = 0, []
    for match in _TOKEN.finditer(text):
        if match["skip"]:
            continue
        if match["open"]:
            depth += 1
        elif match["close"]:
            depth -= 1
        elif match["from"] and depth == 0:
            clause = _FROM_CLAUSE.match(text, match.start())
            if clause is None:
                raise QueryError(f"cannot read the FROM clause at offset {match.start()}")
            cuts.append(clause.span())
    for start, end in reversed(cuts):
        text = f"{text[:start]} {text[end:]}"
    return text


def _where_position(text: str) -> int:
    """The offset just after the ``{`` that opens the query's top-level WHERE group.

    Raises:
        QueryError: no such group is found.
    """
    depth, after_where, first_open = 0, False, -1
    for match in _TOKEN.finditer(text):
        if match["skip"]:
            continue
        if match["where"] and depth == 0:
            after_where = True
        elif match["open"]:
            if depth == 0 and (after_where or first_open < 0):
                if after_where:
                    return match.end()
                first_open = match.end()
            depth += 1
        elif match["close"]:
            depth -= 1
    if first_open < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return first_open


def _subselect_groups(text: str) -> list[tuple[int, frozenset[str]]]:
    """Where each sub-select's WHERE group opens (just after its ``{``), with the variables
    named inside that group."""
    found: list[tuple[int, frozenset[str]]] = []
    depth, selects, groups = 0, [], []  # depths of open SELECTs; (depth, start) of groups
    for match in _TOKEN.finditer(text):
        if match["skip"]:
            continue
        if match["select"] and depth > 0:
            selects.append(depth)
        elif match["open"]:
            if selects and selects[-1] == depth:
                groups.append((depth, match.end()))
                selects.pop()
            depth += 1
        elif match["close"]:
            depth -= 1
            if groups and groups[-1][0] == depth:
                _, start = groups.pop()
                named = frozenset(
                    re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", text[start : match.start()])
                )
                found.append((start, named))
    return found


def bind_text(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a VALUES block opening its WHERE group, and one opening the WHERE
    group of each sub-select that names a bound variable (for those it names).

    A parameter is the same value everywhere in the query, as with rdflib's
    ``initBindings``; binding it inside a sub-select lets the engine start from the value
    there too (pyoxigraph evaluates a sub-select on its own, and would read every
    statement before the outer VALUES block picks the bound one). The text itself was
    checked (:func:`check_query`) before; the blocks add only variable names and terms
    written by pyoxigraph, so they cannot change what the query is.

    >>> from rdflib import Literal
    >>> bind_text("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal(1)})[:43]
    'SELECT ?x WHERE { VALUES (?o) { ("1"^^<http'
    >>> bind_text("ASK { { SELECT ?x { ?x ?p ?o } } }", {"o": Literal("v")}).count("VALUES (?o)")
    2

    Raises:
        QueryError: a value is not a valid term, or the query has no WHERE group.
    """
    if not bindings:
        return text
    inserts = [(_bind_position(text), values_clause(bindings))]
    for at, named in _subselect_positions(text):
        inner = {name: value for name, value in bindings.items() if name in named}
        if inner:
            inserts.append((at, values_clause(inner)))
    for at, block in sorted(inserts, reverse=True):
        text = f"{text[:at]} {block}\n{text[at:]}"
    return text


@lru_cache(maxsize=256)
def _subselect_positions(text: str) -> tuple[tuple[int, frozenset[str]], ...]:
    return tuple(_subselect_groups(text))


@lru_cache(maxsize=256)
def _bind_position(text: str) -> int:
    if query_kind(text) == "CONSTRUCT" and not re.search(r"\bWHERE\b", text, re.IGNORECASE):
        raise QueryError("cannot bind parameters of a CONSTRUCT without WHERE")
    return _where_position(text)


@lru_cache(maxsize=256)
def _checked(text: str) -> Query:
    """:func:`check_query`, cached: rdflib's parser takes milliseconds, and a store only
    reads what the parsed query says (pyoxigraph or the server then runs the text itself).

    Raises:
        QueryError: see :func:`check_query`.
    """
    return check_query(text)


@lru_cache(maxsize=256)
def query_kind(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, once the text passed :func:`check_query`.

    Raises:
        QueryError: see :func:`check_query`.
    """
    name = _checked(text).algebra.name
    return {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}.get(
        name, "DESCRIBE"
    )


def with_prefixes(text: str) -> str:
    """The query with the project's prefixes declared first (a query may redeclare them)."""
    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return declared + text


#: The project's prefixes, as pyoxigraph takes them.
OX_PREFIXES = dict(PREFIXES)


@lru_cache(maxsize=1024)
def bound_text(text: str, bindings: tuple[tuple[str, Identifier], ...]) -> str:
    """:func:`bind_text`, cached: the same query is often run with the same values."""
    return bind_text(text, dict(bindings))
