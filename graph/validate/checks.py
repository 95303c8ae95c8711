"""Checking the built graph against the SHACL shapes, in plain words with file and line."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph.ingest.build import build_graph, tracked_triples
from graph.ingest.folder import read_data
from graph.ingest.records import CuratedData, DataProblems, Origin
from graph.model.errors import AikgError, DataError, ValidationFailed
from graph.model.namespaces import PREFIXES
from graph.rdf.parse import parse_rdf
from graph.rdf.terms import load_store
from graph.validate.shapes import UnsupportedShape, compile_shapes, run_checks

if TYPE_CHECKING:
    import pyoxigraph as ox


__all__ = [
    "ENGINES",
    "Violation",
    "check_graph",
    "checked_store",
    "find_violations",
    "load_graph",
    "shacl_results",
]

#: Validation engines: ``oxigraph`` translates the shapes into one SPARQL query
#: per constraint over all focus nodes; ``pyshacl`` is the reference implementation.
ENGINES = ("oxigraph", "pyshacl")

Result = tuple[Node, Node | None, Node | None, str]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, traced back to the data file row it came from."""

    where: str
    node: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.node}: {self.message}"


def _short(node: Node) -> str:
    if isinstance(node, URIRef):
        for prefix, iri in PREFIXES.items():
            if str(node).startswith(iri):
                return f"{prefix}:{str(node)[len(iri) :]}"
        return f"<{node}>"
    return str(node)


def _same(a: Node, b: Node | None) -> bool:
    """Term equality, numbers compared by value (pyoxigraph writes 97.0 as 97)."""
    if a == b:
        return True
    if not (isinstance(a, Literal) and isinstance(b, Literal)):
        return False
    try:
        return a.eq(b) is True
    except TypeError:  # rdflib cannot compare an ill-typed literal by value
        return False


class _Tracer:
    """Finds the data file row behind a SHACL result."""

    def __init__(self, data: CuratedData) -> None:
        self.data = data
        self.by_end: dict[tuple[Node, Node], list[URIRef]] = defaultdict(list)
        for node, (s, p, _o, _open) in sorted(data.statements.items()):
            self.by_end[(p, s)].append(node)

    def statement_for(self, focus: Node, path: Node, value: Node) -> URIRef | None:
        """The statement behind a truthy triple that a shape flagged, if there is one."""
        candidates: list[URIRef] = sorted(
            {*self.by_end.get((path, focus), ()), *self.by_end.get((path, value), ())}
        )
        for node in candidates:
            s, _p, o, _open = self.data.statements[node]
            if (s == focus and _same(o, value)) or (s == value and _same(o, focus)):
                return node
        return None

    def where(self, focus: Node, path: Node | None, value: Node | None) -> tuple[str, Node]:
        data = self.data
        origin: Origin | None = data.origins.get(focus)
        node = focus
        column = origin.column_for(path) if origin else None
        if origin is None or (column is None and path is not None and value is not None):
            statement = self.statement_for(focus, path, value) if path and value else None
            if statement is not None:
                node, origin = statement, data.origins.get(statement)
                column = "object" if _same(data.statements[statement][2], value) else "subject"
        if origin is None:
            return "(graph)", node
        return str(origin) + (f": {column}" if column else ""), node


#: A SPARQL ``SERVICE`` clause: both engines would fetch it from the network.
SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(?:<|\?|\$|[A-Za-z][\w.-]*:)", re.IGNORECASE)


def _read_shapes(data: CuratedData) -> Graph:
    shapes = Graph()
    try:
        parse_rdf(data.shapes_path, "turtle", shapes)
    except Exception as err:
        raise DataProblems([err]) from None  # type: ignore[list-item]
    for key in (SH.select, SH.ask):
        for _node, query in shapes.subject_objects(key):
            if SERVICE.search(str(query)):
                problem = DataError(
                    "a SPARQL constraint uses SERVICE, which would query a remote endpoint; "
                    "remove the SERVICE clause",
                    path=data.shapes_path,
                    field="sh:select" if key == SH.select else "sh:ask",
                )
                raise DataProblems([problem])
    return shapes


def _pyshacl_results(g: Graph, shapes: Graph) -> list[Result]:
    from pyshacl import validate as shacl_validate

    _conforms, report, _text = shacl_validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    found: list[Result] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        severity = report.value(result, SH.resultSeverity)
        if severity != SH.Violation or focus is None:
            continue
        message = str(report.value(result, SH.resultMessage) or "does not conform")
        found.append(
            (focus, report.value(result, SH.resultPath), report.value(result, SH.value), message)
        )
    return found


def _oxigraph_results(
    triples: Iterable[tuple[Node, Node, Node]], shapes: Graph
) -> tuple[ox.Store, list[Result]]:
    """The triples in an in-memory pyoxigraph store, and the violations it finds there.

    Raises:
        UnsupportedShape: a shape the translator does not handle (before any triple is read).
    """

    checks = compile_shapes(shapes)
    store = load_store(triples)
    return store, list(run_checks(store, checks))


def shacl_results(g: Graph, shapes: Graph, *, engine: str = "oxigraph") -> list[Result]:
    """Every violation of ``shapes`` in ``g`` as ``(focus, path, value, message)``.

    With ``engine="oxigraph"`` a shapes graph that uses a SHACL feature the
    translator does not handle is checked with pyshacl instead.

    Raises:
        AikgError: ``engine`` is not one of :data:`ENGINES`.
    """
    if engine not in ENGINES:
        raise AikgError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "oxigraph":
        try:
            return _oxigraph_results(g, shapes)[1]
        except UnsupportedShape:
            pass
    return _pyshacl_results(g, shapes)


def find_violations(g: Graph, data: CuratedData, *, engine: str = "oxigraph") -> list[Violation]:
    """Every SHACL violation of ``g``, each with the file, line and column behind it.

    Raises:
        DataProblems: the shapes file cannot be read.
        AikgError: ``engine`` is not one of :data:`ENGINES`.
    """
    results = shacl_results(g, _read_shapes(data), engine=engine)
    return _trace(data, results)


def _trace(data: CuratedData, results: Iterable[Result]) -> list[Violation]:
    tracer = _Tracer(data)
    found: set[Violation] = set()
    for focus, path, value, message in results:
        where, node = tracer.where(focus, path, value)
        found.add(Violation(where, _short(node), message))
    return sorted(found, key=lambda v: (_sort_key(v.where), v.node, v.message))


def _sort_key(where: str) -> tuple[str, int, str]:
    parts = where.split(":")
    line = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return parts[0], line, where


def check_graph(g: Graph, data: CuratedData, *, engine: str = "oxigraph") -> None:
    """Raise :class:`ValidationFailed` when ``g`` breaks any shape.

    Raises:
        ValidationFailed: with one plain-words line per violation.
    """
    problems = find_violations(g, data, engine=engine)
    if problems:
        raise ValidationFailed([str(p) for p in problems])


def checked_store(data: CuratedData, *, engine: str = "oxigraph") -> ox.Store:
    """The graph of ``data`` in an in-memory pyoxigraph store, validated against the shapes.

    What ``aikg load`` fills a store from: with the oxigraph engine the triples go
    straight from the data into pyoxigraph, which then runs the checks, so no rdflib
    graph is made; the pyshacl engine (or shapes the translator cannot handle) builds
    one for pyshacl first.

    Raises:
        DataProblems: the shapes file cannot be read.
        ValidationFailed: the graph breaks a shape (one line per violation).
        AikgError: ``engine`` is not one of :data:`ENGINES`.
    """

    if engine not in ENGINES:
        raise AikgError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    shapes = _read_shapes(data)
    if engine == "oxigraph":
        try:
            store, results = _oxigraph_results(tracked_triples(data), shapes)
        except UnsupportedShape:
            engine = "pyshacl"
    if engine == "pyshacl":
        g = build_graph(data)
        store, results = load_store(g), _pyshacl_results(g, shapes)
    problems = _trace(data, results)
    if problems:
        raise ValidationFailed([str(p) for p in problems])
    return store


def load_graph(data_dir: Path | str | None = None, *, validate: bool = True) -> Graph:
    """Build the knowledge graph from a data folder (the shipped ``data/`` by default).

    Raises:
        DataProblems: the data files cannot be read.
        ValidationFailed: ``validate`` is true and the graph breaks the shapes.
    """
    data = read_data(data_dir)
    g = build_graph(data)
    if validate:
        check_graph(g, data)
    return g
