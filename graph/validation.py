"""Checking the built graph against the SHACL shapes, in plain words with file and line."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .errors import ValidationFailed
from .loading import CuratedData, DataProblems, Origin, _parse_rdf
from .namespaces import PREFIXES

__all__ = ["Violation", "check_graph", "find_violations"]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, traced back to the data file row it came from."""

    where: str
    node: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.node}: {self.message}"


def _short(g: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        for prefix, iri in PREFIXES.items():
            if str(node).startswith(iri):
                return f"{prefix}:{str(node)[len(iri) :]}"
        return f"<{node}>"
    return g.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else str(node)


def _statement_for(data: CuratedData, focus: Node, path: Node, value: Node) -> URIRef | None:
    """The statement behind a truthy triple that a shape flagged, if there is one."""
    for node, (s, p, o, _open) in sorted(data.statements.items()):
        if p == path and {s, o} == {focus, value}:
            return node
    return None


def _where(
    data: CuratedData, focus: Node, path: Node | None, value: Node | None
) -> tuple[str, Node]:
    origin: Origin | None = data.origins.get(focus)
    node = focus
    column = origin.column_for(path) if origin else None
    if origin is None or (column is None and path is not None and value is not None):
        statement = _statement_for(data, focus, path, value) if path and value else None
        if statement is not None:
            node, origin = statement, data.origins.get(statement)
            column = "object" if value == data.statements[statement][2] else "subject"
    if origin is None:
        return "(graph)", node
    return str(origin) + (f": {column}" if column else ""), node


def find_violations(g: Graph, data: CuratedData) -> list[Violation]:
    """Every SHACL violation of ``g``, each with the file, line and column behind it."""
    shapes = Graph()
    try:
        _parse_rdf(data.shapes_path, "turtle", shapes)
    except Exception as err:
        raise DataProblems([err]) from None  # type: ignore[list-item]
    _conforms, report, _text = shacl_validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    found: set[Violation] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = str(report.value(result, SH.resultMessage) or "does not conform")
        severity = report.value(result, SH.resultSeverity)
        if severity != SH.Violation or focus is None:
            continue
        where, node = _where(data, focus, path, value)
        found.add(Violation(where, _short(g, node), message))
    return sorted(found, key=lambda v: (_sort_key(v.where), v.node, v.message))


def _sort_key(where: str) -> tuple[str, int, str]:
    parts = where.split(":")
    line = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return parts[0], line, where


def check_graph(g: Graph, data: CuratedData) -> None:
    """Raise :class:`ValidationFailed` when ``g`` breaks any shape.

    Raises:
        ValidationFailed: with one plain-words line per violation.
    """
    problems = find_violations(g, data)
    if problems:
        raise ValidationFailed([str(p) for p in problems])
