"""What changed between two built graphs: entities, sources and statements matched by IRI,
each change named by its property with the old and new values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.compare import graph_diff
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from graph.curate.terms import KINDS, column_of, property_order, term_text
from graph.model.namespaces import AI, SCHEMA

__all__ = ["STATUSES", "GraphDiff", "NodeChange", "PropertyChange", "diff_graphs", "graphs_equal"]

#: How a node changed, in the order outputs show them.
STATUSES = ("added", "removed", "changed")

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class PropertyChange:
    """One property of a node: its values before and after (several for ``sources``)."""

    property: str
    column: str | None
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class NodeChange:
    """An entity, source or statement added, removed or changed, matched by its IRI.

    ``changes`` holds every property of an added or removed node, and the properties
    that differ for a changed one. ``sources`` are the IRIs of the sources it cites on
    either side (a source cites itself).
    """

    kind: str
    iri: str
    id: str
    status: str
    label: str
    changes: tuple[PropertyChange, ...]
    sources: tuple[str, ...] = ()
    #: A statement's subject, relation and object, as short names.
    triple: tuple[str, str, str] | None = None

    def change(self, prop: str) -> PropertyChange | None:
        """The change of the property called ``prop`` (``ai:amount``) or of its column."""
        return next((c for c in self.changes if prop in (c.property, c.column)), None)


@dataclass
class GraphDiff:
    """Everything that differs between two graphs, sorted."""

    equal: bool
    nodes: dict[str, dict[str, list[NodeChange]]] = field(default_factory=dict)
    #: Direct ("truthy") triples between entities, which the build derives from statements.
    direct_added: list[list[str]] = field(default_factory=list)
    direct_removed: list[list[str]] = field(default_factory=list)
    #: Any other triple (the ontology, extra RDF files).
    other_added: list[list[str]] = field(default_factory=list)
    other_removed: list[list[str]] = field(default_factory=list)
    #: Title (or label), publisher, date and URL of each source a change cites, by IRI.
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The entities the changes touch (subjects, objects, payers, payees, deals), by IRI.
    touched: list[URIRef] = field(default_factory=list)

    def count(self, kind: str, status: str) -> int:
        return len(self.nodes.get(kind, {}).get(status, []))


def graphs_equal(old: Graph, new: Graph) -> bool:
    """Whether two graphs hold the same triples (blank nodes compared by isomorphism)."""
    if len(old) != len(new):
        return False
    if _has_bnodes(old) or _has_bnodes(new):
        _both, in_old, in_new = graph_diff(old, new)
        return len(in_old) == 0 and len(in_new) == 0
    return set(old) == set(new)


def _has_bnodes(g: Graph) -> bool:
    return any(isinstance(t, BNode) for triple in g for t in triple)


def _delta(old: Graph, new: Graph) -> tuple[set[Triple], set[Triple]]:
    """The triples removed and added (blank nodes canonicalised first when there are any)."""
    if _has_bnodes(old) or _has_bnodes(new):
        _both, in_old, in_new = graph_diff(old, new)
        return set(in_old), set(in_new)
    old_set, new_set = set(old), set(new)
    return old_set - new_set, new_set - old_set


def _kind(node: Node, *graphs: Graph) -> str | None:
    for kind, cls in zip(KINDS, (AI.Entity, AI.Source, RDF.Statement), strict=True):
        if any((node, RDF.type, cls) in g for g in graphs):
            if kind == "entities" and any((node, RDF.type, RDF.Statement) in g for g in graphs):
                continue
            return kind
    return None


def _relations(*graphs: Graph) -> set[Node]:
    """The predicates of statements, whose direct triples the build derives."""
    found: set[Node] = set()
    for g in graphs:
        found.update(g.objects(None, RDF.predicate))
        found.update(g.subjects(AI.relationFamily, None))
    return found


def _texts(old: set[Node], new: set[Node]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Both sets of values as sorted texts; in N-Triples form when the short texts alone
    would look the same (a language tag or a datatype changed)."""
    pair = tuple(sorted(term_text(t) for t in old)), tuple(sorted(term_text(t) for t in new))
    if pair[0] == pair[1] and old != new:
        pair = tuple(sorted(t.n3() for t in old)), tuple(sorted(t.n3() for t in new))
    return pair


def _changes(
    node: Node, kind: str, old: Graph, new: Graph, props: Iterable[Node]
) -> list[PropertyChange]:
    found = []
    for prop in sorted(set(props), key=lambda p: property_order(kind, p)):
        before, after = set(old.objects(node, prop)), set(new.objects(node, prop))
        if before == after:
            continue
        old_texts, new_texts = _texts(before, after)
        found.append(PropertyChange(term_text(prop), column_of(kind, prop), old_texts, new_texts))
    return found


def _label(g: Graph, node: Node) -> str:
    for prop in (DCTERMS.title, RDFS.label):
        value = g.value(node, prop)
        if value is not None:
            return str(value)
    return term_text(node)


def _node_change(node: URIRef, kind: str, old: Graph, new: Graph, props: set[Node]) -> NodeChange:
    in_old, in_new = _kind(node, old) == kind, _kind(node, new) == kind
    status = "changed" if in_old and in_new else ("added" if in_new else "removed")
    if status == "added":
        props = set(new.predicates(node, None))
    elif status == "removed":
        props = set(old.predicates(node, None))
    side = new if in_new else old
    triple = None
    label = _label(side, node)
    if kind == "statements":
        s, p, o = (side.value(node, q) for q in (RDF.subject, RDF.predicate, RDF.object))
        triple = (term_text(s or node), term_text(p or node), term_text(o or node))
        label = " ".join(
            _label(side, t) if isinstance(t, URIRef) and t != p else term_text(t or node)
            for t in (s, p, o)
        )
    cited = {str(x) for g in (old, new) for x in g.objects(node, PROV.wasDerivedFrom)}
    if kind == "sources":
        cited.add(str(node))
    return NodeChange(
        kind=kind,
        iri=str(node),
        id=term_text(node),
        status=status,
        label=label,
        changes=tuple(_changes(node, kind, old, new, props)),
        sources=tuple(sorted(cited)),
        triple=triple,
    )


def _source_details(iri: str, old: Graph, new: Graph) -> dict[str, str]:
    node = URIRef(iri)
    g = new if (node, RDF.type, AI.Source) in new else old
    details = {"title": _label(g, node)}
    for name, prop in (
        ("publisher", DCTERMS.publisher),
        ("date", DCTERMS.date),
        ("url", SCHEMA.url),
    ):
        value = g.value(node, prop)
        if value is not None:
            details[name] = str(value)
    return details


_PARTIES = (RDF.subject, RDF.object, AI.payer, AI.payee, AI.partOfDeal)


def _touched(changed: Iterable[NodeChange], old: Graph, new: Graph) -> list[URIRef]:
    found: set[URIRef] = set()
    for change in changed:
        node = URIRef(change.iri)
        if change.kind == "entities":
            found.add(node)
        elif change.kind == "statements":
            for g in (old, new):
                for prop in _PARTIES:
                    for value in g.objects(node, prop):
                        if isinstance(value, URIRef) and _kind(value, old, new) == "entities":
                            found.add(value)
    return sorted(found, key=str)


def diff_graphs(old: Graph, new: Graph) -> GraphDiff:
    """The entities, sources and statements added, removed and changed from ``old`` to
    ``new`` (matched by IRI), the direct triples and any other triple that differ."""
    if graphs_equal(old, new):
        return GraphDiff(equal=True)
    removed, added = _delta(old, new)
    relations = _relations(old, new)
    by_node: dict[tuple[str, URIRef], set[Node]] = defaultdict(set)
    result = GraphDiff(equal=False)
    for triple, bucket_added in [(t, False) for t in removed] + [(t, True) for t in added]:
        s, p, _o = triple
        kind = _kind(s, old, new) if isinstance(s, URIRef) else None
        if kind == "entities" and p in relations:
            target = result.direct_added if bucket_added else result.direct_removed
        elif kind is not None and isinstance(s, URIRef):
            by_node[(kind, s)].add(p)
            continue
        else:
            target = result.other_added if bucket_added else result.other_removed
        target.append([term_text(t) if not isinstance(t, BNode) else t.n3() for t in triple])
    for bucket in (
        result.direct_added,
        result.direct_removed,
        result.other_added,
        result.other_removed,
    ):
        bucket.sort()
    changes = [_node_change(node, kind, old, new, props) for (kind, node), props in by_node.items()]
    for kind in KINDS:
        result.nodes[kind] = {
            status: sorted(
                (c for c in changes if c.kind == kind and c.status == status), key=lambda c: c.iri
            )
            for status in STATUSES
        }
    cited = sorted({iri for c in changes for iri in c.sources})
    result.sources = {iri: _source_details(iri, old, new) for iri in cited}
    result.touched = _touched(changes, old, new)
    return result
