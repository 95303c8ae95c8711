"""Terms between rdflib and pyoxigraph, converted once each and read back in the build's form."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from graph.rdf.bulk import paused_gc

__all__ = [
    "LOAD_CHUNK",
    "decimal_form",
    "load_store",
    "nt_term",
    "ox_term",
    "python_value",
    "rdf_term",
    "string_literal",
]


#: Triples per N-Triples chunk handed to pyoxigraph while loading the store.
LOAD_CHUNK = 100_000


def ox_term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    if node.datatype is not None:
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
    return ox.Literal(str(node))


def load_store(triples: Iterable[tuple[Node, Node, Node]]) -> ox.Store:
    """An in-memory pyoxigraph store holding ``triples``; blank nodes keep their ids.

    >>> store = load_store([(URIRef("urn:a"), URIRef("urn:p"), Literal("x"))])
    >>> len(store)
    1
    """
    store = ox.Store()
    lines: list[str] = []
    with_blanks: list[ox.Quad] = []
    # The reader shares equal literals, so their text is made once per object;
    # each entry keeps its literal alive, so an id is never reused meanwhile.
    literals: dict[int, tuple[Literal, str]] = {}

    def flush() -> None:
        store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        lines.clear()

    with paused_gc():
        for s, p, o in triples:
            if type(s) is URIRef and type(p) is URIRef:
                if type(o) is URIRef:
                    lines.append(f"<{s}> <{p}> <{o}> .\n")
                elif type(o) is Literal:
                    known = literals.get(id(o))
                    if known is None:
                        known = literals[id(o)] = (o, nt_term(o))
                    lines.append(f"<{s}> <{p}> {known[1]} .\n")
                else:
                    with_blanks.append(ox.Quad(ox_term(s), ox_term(p), ox_term(o)))  # type: ignore[arg-type]
                if len(lines) >= LOAD_CHUNK:
                    flush()  # keeps the N-Triples text small at millions of triples
                continue
            with_blanks.append(ox.Quad(ox_term(s), ox_term(p), ox_term(o)))  # type: ignore[arg-type]
    flush()
    store.extend(with_blanks)
    return store


#: The datatype of plain string literals, which rdflib writes without one.
_XSD_STRING = str(XSD.string)


_XSD_DECIMAL = str(XSD.decimal)


def decimal_form(text: str) -> str:
    """An ``xsd:decimal`` as the build writes it (``27.0``): pyoxigraph stores decimals in
    its own canonical form (``27``), so a value read back from it gets its point again
    and every backend writes the same number the same way.

    >>> decimal_form("27"), decimal_form("-5"), decimal_form("32.5")
    ('27.0', '-5.0', '32.5')
    """
    return text if "." in text or not text.lstrip("+-").isdigit() else text + ".0"


#: Datatypes with no Python type of their precision: a year, a month.
_PARTIAL_DATES = frozenset({str(XSD.gYear), str(XSD.gYearMonth)})


def python_value(literal: Literal) -> object:
    """A literal's Python value (a ``date``, ``Decimal``, ``int``…), except that a year or a
    month stays its lexical form as a ``str``: Python has no type for them, and rdflib
    before 7.3 reads ``"2019"^^xsd:gYear`` as ``date(2019, 1, 1)``, a precision the data
    does not have.

    >>> python_value(Literal("2019", datatype=XSD.gYear)), python_value(Literal("2023-09",
    ...     datatype=XSD.gYearMonth)), python_value(Literal("2024-10-02", datatype=XSD.date))
    ('2019', '2023-09', datetime.date(2024, 10, 2))
    """
    if literal.datatype is not None and str(literal.datatype) in _PARTIAL_DATES:
        return str(literal)
    return literal.toPython()


def _uriref(value: str) -> URIRef:
    """An IRI pyoxigraph has already validated, wrapped without rdflib's check again."""
    return str.__new__(URIRef, value)


def string_literal(value: str, language: str | None) -> Literal:
    """``Literal(value, lang=language)``, built directly: a string needs no conversion and
    pyoxigraph has validated the language tag (tests check both are the same term)."""
    literal: Literal = str.__new__(Literal, value)
    literal._language = language
    literal._datatype = None
    literal._value = value
    literal._ill_typed = None
    return literal


def rdf_term(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib one.

    >>> rdf_term(ox.Literal("chat", language="fr")) == Literal("chat", lang="fr")
    True
    """
    kind = type(term)
    if kind is ox.NamedNode:
        return _uriref(term.value)  # type: ignore[attr-defined]
    if kind is ox.Literal:
        assert isinstance(term, ox.Literal)
        if term.language:
            return string_literal(term.value, term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return string_literal(term.value, None)
        if datatype == _XSD_DECIMAL:
            return Literal(decimal_form(term.value), datatype=XSD.decimal)
        return Literal(term.value, datatype=_uriref(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)  # type: ignore[attr-defined]
    if term is None:
        return None
    return Literal(str(term))


def nt_term(node: Node) -> str:
    """``node`` in SPARQL syntax.

    Raises:
        ValueError: ``node`` is a blank node.

    >>> nt_term(URIRef("urn:x")), nt_term(Literal(3))
    ('<urn:x>', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node).replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("\n", "\\n").replace("\r", "\\r")
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^<{node.datatype}>'
        return f'"{text}"'
    raise ValueError(f"blank node {node} has no SPARQL form outside a pattern")
