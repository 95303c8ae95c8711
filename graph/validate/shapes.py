"""SHACL shapes compiled to SPARQL checks that pyoxigraph runs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from graph.model.vocabulary import local_name
from graph.rdf.progress import track
from graph.rdf.terms import nt_term, rdf_term

__all__ = [
    "CASTABLE",
    "COMPARISONS",
    "IGNORED",
    "VALUE_PARAMETERS",
    "Check",
    "UnsupportedShape",
    "compile_shapes",
    "run_checks",
]


#: Datatypes whose lexical form SPARQL can check with a cast function.
CASTABLE = frozenset(
    XSD[name] for name in ("decimal", "integer", "double", "float", "boolean", "dateTime", "date")
)


#: Constraint parameters handled on value nodes, one by one.
VALUE_PARAMETERS = (SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.pattern,
                    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
                    SH.minLength, SH.maxLength, SH.languageIn, SH["not"], SH["or"], SH["and"],
                    SH.xone, SH.node)  # fmt: skip


#: Parameters that describe a shape rather than constrain it.
IGNORED = frozenset({SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order,
                     SH.group, SH.defaultValue, SH.targetClass, SH.targetNode,
                     SH.targetSubjectsOf, SH.targetObjectsOf, SH.deactivated, SH.flags,
                     SH.property, SH.sparql, RDF.type, RDFS.label, RDFS.comment,
                     SH.declare, SH.prefixes, SH.uniqueLang})  # fmt: skip


COMPARISONS: dict[Node, str] = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
               SH.maxExclusive: "<"}  # fmt: skip


class UnsupportedShape(Exception):
    """The shapes use a SHACL feature this translator does not handle."""


@dataclass(frozen=True)
class Check:
    """One query over all focus nodes of a shape; each row is one violation.

    The query selects ``?this`` and, when there is one, ``?value``; a
    SPARQL-based constraint may also bind ``?path`` and the variables its
    message template names.
    """

    shape: Node
    query: str
    path: Node | None
    message: str
    value_is_focus: bool = False


def _term(node: Node) -> str:
    """``node`` in SPARQL syntax (:func:`graph.rdf.terms.nt_term`).

    Raises:
        UnsupportedShape: ``node`` is a blank node.
    """
    try:
        return nt_term(node)
    except ValueError:
        raise UnsupportedShape(f"blank node {node} used as a value in a shape") from None


class _Compiler:
    """Turns the shapes graph into :class:`Check` objects."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.names = count()

    def var(self) -> str:
        return f"?_v{next(self.names)}"

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def path(self, node: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        g = self.shapes
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in g:
            return "(" + "/".join(self.path(step) for step in self.items(node)) + ")"
        for key, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                            (SH.zeroOrOnePath, "?")):  # fmt: skip
            inner = g.value(node, key)
            if inner is not None:
                return f"({self.path(inner)}){suffix}"
        inner = g.value(node, SH.inversePath)
        if inner is not None:
            return f"^({self.path(inner)})"
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(step) for step in self.items(alternatives)) + ")"
        raise UnsupportedShape(f"unsupported property path {node}")

    def link(self, node: Node, start: str, end: str, *, exists_only: bool = False) -> str:
        """Triple patterns joining ``start`` to ``end`` along the path ``node``.

        A sequence becomes a chain of patterns through fresh variables. When
        only existence matters (``exists_only``), each later step is nested in
        ``FILTER EXISTS`` so that pyoxigraph starts a ``*`` or ``+`` step from
        a bound node: within one group it enumerated the zero-length matches
        over every node of the graph, once per focus node.
        """
        if (node, RDF.first, None) not in self.shapes:
            return f"{start} {self.path(node)} {end} ."
        steps = self.items(node)
        ends = [start, *(self.var() for _ in steps[1:]), end]
        if not exists_only:
            return " ".join(self.link(step, ends[i], ends[i + 1]) for i, step in enumerate(steps))
        text = ""
        for i, step in reversed(list(enumerate(steps))):
            inner = f" FILTER EXISTS {{ {text} }}" if text else ""
            text = self.link(step, ends[i], ends[i + 1], exists_only=True) + inner
        return text

    # -- conformance of one node to a shape, as a SPARQL expression ----------
    def conforms(self, shape: Node, v: str) -> str:
        """An expression true when the node in ``v`` conforms to ``shape``."""
        g = self.shapes
        if g.value(shape, SH.sparql) is not None:
            raise UnsupportedShape("SPARQL constraints inside sh:or/sh:not/sh:node")
        if g.value(shape, SH.path) is not None:
            parts = [self.property_conforms(shape, v)]
        else:
            parts = [self.node_parameter(shape, p, o, v) for p, o in self._parameters(shape)]
        for prop in g.objects(shape, SH.property):
            parts.append(self.property_conforms(prop, v))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _parameters(self, shape: Node) -> list[tuple[Node, Node]]:
        out = []
        for p, o in sorted(self.shapes.predicate_objects(shape)):
            if p in IGNORED:
                continue
            if p not in VALUE_PARAMETERS and p not in (SH.hasValue, SH.minCount, SH.maxCount,
                                                       SH.disjoint, SH.equals, SH.closed,
                                                       SH.ignoredProperties):  # fmt: skip
                if str(p).startswith(str(SH)):
                    raise UnsupportedShape(f"unsupported SHACL parameter {p}")
                continue
            out.append((p, o))
        return out

    def node_parameter(self, shape: Node, p: Node, o: Node, v: str) -> str:
        """The expression for one parameter applied to the node itself."""
        if p == SH.hasValue:
            return f"sameTerm({v}, {_term(o)})"
        if p in (SH.minCount, SH.maxCount, SH.disjoint, SH.equals):
            raise UnsupportedShape(f"{p} on a node shape")
        if p in (SH.closed, SH.ignoredProperties):
            raise UnsupportedShape("sh:closed")
        return self.value_condition(p, o, v, shape)

    def value_condition(self, p: Node, o: Node, v: str, shape: Node) -> str:
        """The expression for a value-node parameter: true when ``v`` passes."""
        g = self.shapes
        if p == SH["class"]:
            return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {_term(o)} }}"
        if p == SH.datatype:
            test = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {_term(o)})"
            if o in CASTABLE:
                test += f" && COALESCE(isLiteral({_term(o)}(STR({v}))), false)"
            return test + ")"
        if p == SH.nodeKind:
            kinds: dict[Node, tuple[str, ...]] = {
                     SH.IRI: ("isIRI",), SH.Literal: ("isLiteral",), SH.BlankNode: ("isBlank",),
                     SH.BlankNodeOrIRI: ("isBlank", "isIRI"),
                     SH.BlankNodeOrLiteral: ("isBlank", "isLiteral"),
                     SH.IRIOrLiteral: ("isIRI", "isLiteral")}  # fmt: skip
            if o not in kinds:
                raise UnsupportedShape(f"unknown node kind {o}")
            return "(" + " || ".join(f"{k}({v})" for k in kinds[o]) + ")"
        if p == SH["in"]:
            options = [f"sameTerm({v}, {_term(x)})" for x in self.items(o)]
            return "(" + " || ".join(options) + ")" if options else "false"
        if p == SH.pattern:
            flags = g.value(shape, SH.flags)
            extra = f", {_term(Literal(str(flags)))}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {_term(Literal(str(o)))}{extra}))"
        if p in COMPARISONS:
            return f"COALESCE({v} {COMPARISONS[p]} {_term(o)}, false)"
        if p in (SH.minLength, SH.maxLength):
            op = ">=" if p == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(str(o))})"
        if p == SH.languageIn:
            tags = [f"langMatches(LANG({v}), {_term(Literal(str(t)))})" for t in self.items(o)]
            return f"COALESCE(isLiteral({v}) && (" + " || ".join(tags or ["false"]) + "), false)"
        if p == SH["not"]:
            return f"!{self.conforms(o, v)}"
        if p == SH["or"]:
            return "(" + " || ".join(self.conforms(s, v) for s in self.items(o)) + ")"
        if p == SH["and"]:
            return "(" + " && ".join(self.conforms(s, v) for s in self.items(o)) + ")"
        if p == SH.xone:
            ones = " + ".join(f"IF({self.conforms(s, v)}, 1, 0)" for s in self.items(o))
            return f"(({ones}) = 1)"
        if p == SH.node:
            return self.conforms(o, v)
        raise UnsupportedShape(f"unsupported SHACL parameter {p}")

    def count_condition(self, path: Node, f: str, at_least: int) -> str:
        """True when ``f`` has at least ``at_least`` distinct values along ``path``."""
        if at_least <= 0:
            return "true"
        names = [self.var() for _ in range(at_least)]
        triples = " ".join(self.link(path, f, n) for n in names)
        distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1 :]]
        where = f" FILTER ({' && '.join(distinct)})" if distinct else ""
        return f"EXISTS {{ {triples}{where} }}"

    def property_parameter(self, prop: Node, p: Node, o: Node, f: str) -> str:
        """The expression for one parameter of a property shape on focus ``f``."""
        path = self.shapes.value(prop, SH.path)
        assert path is not None
        if p == SH.minCount:
            return self.count_condition(path, f, int(str(o)))
        if p == SH.maxCount:
            return "!" + self.count_condition(path, f, int(str(o)) + 1)
        x = self.var()
        if p == SH.hasValue:
            return f"EXISTS {{ {self.link(path, f, _term(o), exists_only=True)} }}"
        if p == SH.disjoint:
            return f"NOT EXISTS {{ {self.link(path, f, x)} {f} {_term(o)} {x} }}"
        if p == SH.equals:
            return (f"(NOT EXISTS {{ {self.link(path, f, x)} "
                    f"FILTER NOT EXISTS {{ {f} {_term(o)} {x} }} }}"
                    f" && NOT EXISTS {{ {f} {_term(o)} {x} . "
                    f"FILTER NOT EXISTS {{ {self.link(path, f, x)} }} }})")  # fmt: skip
        if p in (SH.closed, SH.ignoredProperties):
            raise UnsupportedShape("sh:closed")
        test = self.value_condition(p, o, x, prop)
        return f"NOT EXISTS {{ {self.link(path, f, x)} FILTER (!{test}) }}"

    def property_conforms(self, prop: Node, f: str) -> str:
        parts = [self.property_parameter(prop, p, o, f) for p, o in self._parameters(prop)]
        for nested in self.shapes.objects(prop, SH.property):
            raise UnsupportedShape(f"sh:property {nested} inside a property shape")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    # -- top-level checks -----------------------------------------------------
    def focus(self, shape: Node) -> str | None:
        """A subquery selecting every focus node of ``shape``, or ``None`` if it has no target."""
        g = self.shapes
        branches = []
        for cls in sorted(g.objects(shape, SH.targetClass), key=str):
            branches.append(f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* {_term(cls)} }}")
        for prop in sorted(g.objects(shape, SH.targetSubjectsOf), key=str):
            branches.append(f"{{ ?this {_term(prop)} ?_t }}")
        for prop in sorted(g.objects(shape, SH.targetObjectsOf), key=str):
            branches.append(f"{{ ?_t {_term(prop)} ?this }}")
        nodes = sorted(g.objects(shape, SH.targetNode), key=str)
        if nodes:
            branches.append("{ VALUES ?this { " + " ".join(_term(n) for n in nodes) + " } }")
        if (shape, RDF.type, RDFS.Class) in g:
            branches.append(f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* {_term(shape)} }}")
        if not branches:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"

    def message(self, shape: Node, default: str) -> str:
        text = self.shapes.value(shape, SH.message)
        return str(text) if text is not None else default

    def active(self, shape: Node) -> bool:
        g = self.shapes
        severity = g.value(shape, SH.severity, default=SH.Violation)
        deactivated = g.value(shape, SH.deactivated)
        return severity == SH.Violation and not (
            isinstance(deactivated, Literal) and deactivated.toPython() is True
        )

    def checks(self) -> Iterator[Check]:
        g = self.shapes
        targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
        shapes = sorted({s for t in targets for s in g.subjects(t, None)}, key=str)
        for shape in shapes:
            focus = self.focus(shape)
            if focus is None or not self.active(shape):
                continue
            if g.value(shape, SH.path) is not None:
                yield from self.property_checks(shape, focus)
                continue
            for p, o in self._parameters(shape):
                test = self.node_parameter(shape, p, o, "?this")
                yield Check(
                    shape,
                    f"SELECT ?this (?this AS ?value) WHERE {{ {focus} FILTER (!{test}) }}",
                    None,
                    self.message(shape, f"Node does not conform to {local_name(p)} constraint"),
                )
            for prop in sorted(g.objects(shape, SH.property), key=str):
                if self.active(prop):
                    yield from self.property_checks(prop, focus)
            for constraint in sorted(g.objects(shape, SH.sparql), key=str):
                yield self.sparql_check(shape, constraint, focus)

    def property_checks(self, prop: Node, focus: str) -> Iterator[Check]:
        path_node = self.shapes.value(prop, SH.path)
        assert path_node is not None
        path = self.link(path_node, "?this", "?value")
        for p, o in self._parameters(prop):
            default = f"Value does not conform to {local_name(p)} constraint"
            message = self.message(prop, default)
            if p in (SH.minCount, SH.maxCount, SH.hasValue):
                test = self.property_parameter(prop, p, o, "?this")
                query = f"SELECT ?this WHERE {{ {focus} FILTER (!{test}) }}"
            elif p == SH.disjoint:
                query = (f"SELECT ?this ?value WHERE {{ {focus} {path} "
                         f"?this {_term(o)} ?value }}")  # fmt: skip
            elif p == SH.equals:
                query = (f"SELECT ?this ?value WHERE {{ {focus} {{ {path} "
                         f"FILTER NOT EXISTS {{ ?this {_term(o)} ?value }} }} UNION "
                         f"{{ ?this {_term(o)} ?value . "
                         f"FILTER NOT EXISTS {{ {path} }} }} }}")  # fmt: skip
            else:
                test = self.value_condition(p, o, "?value", prop)
                query = (f"SELECT ?this ?value WHERE {{ {focus} {path} "
                         f"FILTER (!{test}) }}")  # fmt: skip
            yield Check(prop, query, path_node, message)

    def sparql_check(self, shape: Node, constraint: Node, focus: str) -> Check:
        g = self.shapes
        select = g.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"SPARQL constraint {constraint} without sh:select")
        prefixes = []
        for declaring in g.objects(constraint, SH.prefixes):
            for declaration in g.objects(declaring, SH.declare):
                prefix = g.value(declaration, SH.prefix)
                namespace = g.value(declaration, SH.namespace)
                prefixes.append(f"PREFIX {prefix}: <{namespace}>")
        body = re.sub(r"\$this\b", "?this", str(select))
        if re.search(r"\$(?:shapesGraph|currentShape|PATH)\b", body):
            raise UnsupportedShape("$shapesGraph, $currentShape or $PATH in a SPARQL constraint")
        query = "\n".join(sorted(set(prefixes))) + f"\nSELECT * WHERE {{ {focus} {{ {body} }} }}"
        default = f"Node does not conform to the SPARQL constraint of {local_name(shape)}"
        message = self.message(constraint, default)
        return Check(shape, query, g.value(shape, SH.path), message, value_is_focus=True)


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every check the shapes graph asks for, as SPARQL over all focus nodes.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...   @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...   <urn:S> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .
    ... ''')
    >>> [check.path for check in compile_shapes(shapes)]
    [rdflib.term.URIRef('urn:p')]

    Raises:
        UnsupportedShape: a shape uses a feature that is not translated.
    """
    return list(_Compiler(shapes).checks())


def _fill(template: str, row: ox.QuerySolution, variables: list[str]) -> str:
    """The message template with ``{?var}`` and ``{$var}`` replaced by the row's values."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        term = row[name] if name in variables else None
        if term is None:
            return match.group(0)
        return str(term.value)

    return re.sub(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}", value, template)


def run_checks(
    store: ox.Store, checks: Iterable[Check]
) -> Iterator[tuple[Node, Node | None, Node | None, str]]:
    """Run each check; yield ``(focus, path, value, message)`` per violation."""
    todo = list(checks)
    for check in track(todo, desc="validate", total=len(todo), unit="check"):
        solutions = store.query(check.query)
        assert isinstance(solutions, ox.QuerySolutions)
        variables = [v.value for v in solutions.variables]
        for row in solutions:
            focus = rdf_term(row["this"])
            if focus is None:
                continue
            value = rdf_term(row["value"]) if "value" in variables else None
            if value is None and check.value_is_focus:
                value = focus
            path = rdf_term(row["path"]) if "path" in variables else check.path
            yield focus, path, value, _fill(check.message, row, variables)
